"""The portfolio as a Primavera P6 XER file: what [`portfolio.io.p6`][portfolio.io.p6] reads back, and P6 imports.

Tables PROJECT, CALENDAR, SCHEDOPTIONS, PROJWBS, TASK and TASKPRED, tab
separated, UTF-8. A tab or line break in a name becomes a space (the format
has no escape for them). Days are 8 hours (08:00-12:00, 13:00-17:00).

Ids: each activity's ``task_code`` is its portfolio id, which
[`portfolio.io.p6`][portfolio.io.p6] reads back as its slug (``digid.build`` becomes
``digid-build``); ``task_id`` *k* is activity *k* in file order. Services
are the WBS nodes below the project node and their migrations the nodes
below those; other activities hang from the project node.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Final

from portfolio.io.export._outline import calendar_of, closed_and_open, outline, walk, window, workweek
from portfolio.model import Activity, ActivityProgress, ConstraintType, Portfolio, RelationType
from portfolio.scheduling import ActivitySchedule, Progress, Schedule, schedule

__all__ = ["to_xer"]

HOURS_PER_DAY: Final = 8
_EPOCH: Final = dt.date(1899, 12, 30)
_CONSTRAINT: Final = {ConstraintType.SNET: "CS_MSOA", ConstraintType.SNLT: "CS_MSOB", ConstraintType.FNET: "CS_MEOA",
                      ConstraintType.FNLT: "CS_MEOB", ConstraintType.MSO: "CS_MANDSTART",
                      ConstraintType.MFO: "CS_MANDFIN"}
_FINISH: Final = frozenset({ConstraintType.FNET, ConstraintType.FNLT, ConstraintType.MFO})
_STATUS: Final = {Progress.NOT_STARTED: "TK_NotStart", Progress.IN_PROGRESS: "TK_Active",
                  Progress.FINISHED: "TK_Complete"}
_PERIODS: Final = "(0||0(s|08:00|f|12:00)())(0||1(s|13:00|f|17:00)())"
_UNSAFE = re.compile(r"[\t\r\n\x00-\x1f\x7f]+")


def _value(text: object) -> str:
    """A field value: tabs, line breaks and other control characters become a space.

    Examples:
        >>> _value("a\\tb\\nc")
        'a b c'
    """
    return _UNSAFE.sub(" ", str(text))


def _stamp(day: dt.date, evening: bool = False) -> str:
    return f"{day.isoformat()} {'17:00' if evening else '08:00'}"


def to_xer(portfolio: Portfolio, *, status_date: dt.date | None = None) -> bytes:
    """The portfolio as a P6 XER file (UTF-8), scheduled as of ``status_date``.

    Args:
        portfolio: the portfolio to write.
        status_date: schedule as of this date (None: the latest status update's date); it becomes the data
            date (``last_recalc_date``, 17:00 of the status date).

    Returns:
        The XER file's bytes.

    Examples:
        >>> from portfolio.model import Duration, PortfolioSettings, Relation
        >>> from portfolio.io.p6 import parse_xer
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        ...               activities=[Activity(id="build", name="Build", duration=Duration(5)),
        ...                           Activity(id="live", name="Live")],
        ...               relations=[Relation(predecessor="build", successor="live")])
        >>> back = parse_xer(to_xer(p)).portfolio
        >>> [(a.id, a.name, a.duration.days) for a in back.activities.values()]
        [('build', 'Build', 5), ('live', 'Live', 0)]
    """
    computed = schedule(portfolio, status_date=status_date)
    settings = portfolio.settings
    used = [settings.calendar, *portfolio.calendars, *(a.calendar for a in portfolio.activities.values() if a.calendar)]
    calendars = {ident: str(k) for k, ident in enumerate(dict.fromkeys(used), start=1)
                 if calendar_of(ident, portfolio) is not None}
    update = portfolio.status_update(computed.status_date) if computed.status_date else None
    # the data date: the end of the status date; without progress the start of the project's first day (the
    # import then reports no status update)
    recalc = (_stamp(computed.status_date, evening=True) if update is not None and computed.status_date
              else f"{(settings.start or computed.start).isoformat()} 00:00")
    tables: dict[str, list[dict[str, str]]] = {
        "PROJECT": [{"proj_id": "1", "proj_short_name": _value(settings.name), "clndr_id": calendars.get(
            settings.calendar, ""), "plan_start_date": _stamp(settings.start or computed.start), "last_recalc_date": recalc,
            "critical_drtn_hr_cnt": str(computed.critical_float * HOURS_PER_DAY), "critical_path_type": "CT_TotFloat",
            "scd_end_date": _stamp(computed.finish, evening=True)}],
        "CALENDAR": _calendars(portfolio, computed, calendars),
        "SCHEDOPTIONS": [{"proj_id": "1", "sched_retained_logic": "Y", "sched_progress_override": "N",
                          "sched_lag_early_start_flag": "N" if settings.lag_from_actual_start else "Y",
                          "sched_calendar_on_relationship_lag": "rcal_Predecessor", "sched_use_expect_end_flag": "N",
                          "sched_open_critical_flag": "N"}],
    }
    wbs_of, tables["PROJWBS"] = _wbs(portfolio)
    number = {ident: str(k) for k, ident in enumerate(portfolio.activities, start=1)}
    default = calendars.get(settings.calendar, "")
    progress = update.progress if update is not None else {}
    tables["TASK"] = [_task(a, computed[a.id], number[a.id], wbs_of.get(a.id, "1"),
                            calendars.get(a.calendar, default) if a.calendar else default, progress.get(a.id))
                      for a in portfolio.activities.values()]
    tables["TASKPRED"] = [
        {"task_pred_id": str(k), "task_id": number[r.successor], "pred_task_id": number[r.predecessor],
         "proj_id": "1", "pred_proj_id": "1", "pred_type": f"PR_{RelationType(r.type).value}",
         "lag_hr_cnt": str(r.lag.days * (24 if r.lag.elapsed else HOURS_PER_DAY))}
        for k, r in enumerate(portfolio.relations, start=1) if r.successor in number and r.predecessor in number]
    return _document(tables)


def _calendars(portfolio: Portfolio, computed: Schedule, calendars: Mapping[str, str]) -> list[dict[str, str]]:
    """One CALENDAR row per calendar: its week, and its closed and open days as exceptions."""
    first, last = window(portfolio, computed)
    rows = []
    for ident, key in calendars.items():
        cal = calendar_of(ident, portfolio)
        if cal is None:  # pragma: no cover - left out when numbered
            continue
        week = workweek(ident, portfolio)
        days = "".join(f"(0||{d}()({_PERIODS if (d + 5) % 7 in week else ''}))" for d in range(1, 8))
        closed, opened = closed_and_open(cal, week, first, last)
        exceptions = "".join(
            f"(0||{k}(d|{(day - _EPOCH).days})({_PERIODS if working else ''}))"
            for k, (day, working) in enumerate(sorted(
                [(a + dt.timedelta(days=i), False) for a, b in closed for i in range((b - a).days + 1)]
                + [(a + dt.timedelta(days=i), True) for a, b in opened for i in range((b - a).days + 1)])))
        data = f"(0||CalendarData()((0||DaysOfWeek()({days}))(0||Exceptions()({exceptions}))))"
        rows.append({"clndr_id": key, "default_flag": "Y" if ident == portfolio.settings.calendar else "N",
                     "clndr_name": _value(ident), "base_clndr_id": "", "day_hr_cnt": str(HOURS_PER_DAY),
                     "clndr_data": data})
    return rows


def _wbs(portfolio: Portfolio) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The WBS: the project node, a node per service and below it one per migration; activity id -> node."""
    rows = [{"wbs_id": "1", "proj_id": "1", "parent_wbs_id": "", "proj_node_flag": "Y",
             "wbs_short_name": _value(portfolio.settings.name), "wbs_name": _value(portfolio.settings.name)}]
    of: dict[str, str] = {}
    groups, _ = outline(portfolio)
    for group in groups:
        if not group.key.startswith("service:"):
            continue
        service = group.key.removeprefix("service:")
        rows.append({"wbs_id": str(len(rows) + 1), "proj_id": "1", "parent_wbs_id": "1", "proj_node_flag": "N",
                     "wbs_short_name": _value(service), "wbs_name": _value(group.name)})
        parent = rows[-1]["wbs_id"]
        of.update((a.id, parent) for a in group.activities)
        for inner in walk(group.groups):
            short = inner.key.removeprefix("migration:").removeprefix(f"{service}.")
            rows.append({"wbs_id": str(len(rows) + 1), "proj_id": "1", "parent_wbs_id": parent,
                         "proj_node_flag": "N", "wbs_short_name": _value(short), "wbs_name": _value(inner.name)})
            of.update((a.id, rows[-1]["wbs_id"]) for a in inner.activities)
    return of, rows


def _task(activity: Activity, row: ActivitySchedule, task_id: str, wbs: str, calendar: str,
          progress: ActivityProgress | None) -> dict[str, str]:
    """A TASK row: duration, constraint and deadline, progress (the reported actual dates) and the schedule's."""
    hours = activity.duration.days * HOURS_PER_DAY
    status = _STATUS[row.progress] if progress is not None else "TK_NotStart"
    fields = {"task_id": task_id, "proj_id": "1", "wbs_id": wbs, "clndr_id": calendar,
              "task_type": "TT_Mile" if activity.duration.days == 0 else "TT_Task", "status_code": status,
              "task_code": _value(activity.id), "task_name": _value(activity.name or activity.id),
              "target_drtn_hr_cnt": str(hours), "remain_drtn_hr_cnt": str(hours)}
    if progress is not None and status != "TK_NotStart":
        fields["act_start_date"] = _stamp(progress.actual_start or row.start)
        fields["remain_drtn_hr_cnt"] = str(0 if status == "TK_Complete" else row.remaining * HOURS_PER_DAY)
    if progress is not None and status == "TK_Complete":
        fields["act_end_date"] = _stamp(progress.actual_finish or row.finish, evening=True)
    if activity.constraint is not None and activity.constraint.type in _CONSTRAINT:
        kind = activity.constraint.type
        fields.update(cstr_type=_CONSTRAINT[kind], cstr_date=_stamp(activity.constraint.date, kind in _FINISH))
    if activity.deadline is not None:
        key = "" if "cstr_type" not in fields else "2"
        fields.update({f"cstr_type{key}": "CS_MEOB", f"cstr_date{key}": _stamp(activity.deadline, evening=True)})
    if status != "TK_Complete":
        evening = row.milestone
        fields.update(early_start_date=_stamp(row.early_start, evening), early_end_date=_stamp(row.early_finish, True),
                      late_start_date=_stamp(row.late_start, evening), late_end_date=_stamp(row.late_finish, True),
                      total_float_hr_cnt=str(row.total_float * HOURS_PER_DAY))
    return fields


def _document(tables: Mapping[str, Sequence[Mapping[str, str]]]) -> bytes:
    lines = ["ERMHDR\t8.2.0\t\tProject\tadmin\tPrimavera Admin\tdbxDatabaseNoName\tProject Management\tEUR"]
    for name, rows in tables.items():
        fields: list[str] = []
        for row in rows:
            fields.extend(f for f in row if f not in fields)
        if not fields:
            fields = {"TASKPRED": ["task_pred_id", "task_id", "pred_task_id", "pred_type", "lag_hr_cnt"],
                      "TASK": ["task_id", "proj_id", "task_code", "clndr_id", "target_drtn_hr_cnt"]}.get(name, ["id"])
        lines += [f"%T\t{name}", "%F\t" + "\t".join(fields)]
        lines += ["%R\t" + "\t".join(row.get(f, "") for f in fields) for row in rows]
    lines.append("%E")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
