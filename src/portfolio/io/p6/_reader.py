"""From P6 tables to a [`Portfolio`][portfolio.model.Portfolio]: the one mapping of XER and P6 XML.

Both readers hand over tables of rows named as XER names them (``TASK.target_drtn_hr_cnt``):
[`portfolio.io.p6.xer`][portfolio.io.p6.xer] splits the XER text, [`portfolio.io.p6.pmxml`][portfolio.io.p6.pmxml] renames P6 XML's elements
(``Activity/PlannedDuration``) and values (``Finish to Start`` is ``PR_FS``). What the tables mean, and
every diagnostic about it, is here, once; the diagnostics' codes carry the format's prefix (``xer-``,
``p6xml-``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Final

import attrs

from portfolio.calendar import HORIZON_FIRST, HORIZON_LAST, Calendar, CalendarError, builtin, from_spec
from portfolio.diagnostics import Diagnostic, diagnostic
from portfolio.io.p6._calendar import CalendarTimes, parse_calendar
from portfolio.io.p6._text import Row, Table
from portfolio.model import (
    Activity,
    ActivityKind,
    ActivityProgress,
    CalendarSpec,
    Constraint,
    ConstraintType,
    Duration,
    Migration,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
    Service,
    Source,
    StatusUpdate,
)

__all__ = ["P6Reader", "finish_day", "slug"]

_RELATIONS: Final = {"PR_FS": RelationType.FS, "PR_SS": RelationType.SS, "PR_FF": RelationType.FF,
                     "PR_SF": RelationType.SF}
_CONSTRAINTS: Final = {"CS_MSO": ConstraintType.MSO, "CS_MANDSTART": ConstraintType.MSO,
                       "CS_MEO": ConstraintType.MFO, "CS_MANDFIN": ConstraintType.MFO,
                       "CS_MSOA": ConstraintType.SNET, "CS_MSOB": ConstraintType.SNLT,
                       "CS_MEOA": ConstraintType.FNET, "CS_MEOB": ConstraintType.FNLT}
_FINISH_CONSTRAINTS: Final = frozenset({ConstraintType.MFO, ConstraintType.FNET, ConstraintType.FNLT})
_TASK_TYPES: Final = {"TT_Task": "", "TT_Rsrc": "a resource-dependent activity is scheduled on its own calendar, "
                      "not on its resources' calendars", "TT_Mile": "", "TT_FinMile": "",
                      "TT_LOE": "a level-of-effort activity is scheduled as a task with its own duration (P6 "
                      "stretches it between its relations)",
                      "TT_WBS": "a WBS-summary activity is scheduled as a task with its own duration (P6 spans "
                      "its WBS's activities)"}
_REQUIRED: Final = {"PROJECT": ("proj_id",), "CALENDAR": ("clndr_id", "clndr_name", "clndr_data"),
                    "TASK": ("task_id", "proj_id", "task_code", "clndr_id", "target_drtn_hr_cnt")}
_OPTIONAL: Final = {"TASKPRED": ("task_id", "pred_task_id", "pred_type", "lag_hr_cnt"),
                    "PROJWBS": ("wbs_id", "parent_wbs_id", "wbs_short_name", "proj_node_flag")}
_MAX_HOURS: Final = 1e7
"""Hours above this (about 1,100 years) are not a plan but a corrupted number."""
_STAMP_FORMATS: Final = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")
_HINT: Final = "correct the value in P6 and export the project again"
_HOUR_HINT: Final = "check the dates by hand; plan in whole days of the calendar to get the same numbers as P6"


def slug(text: str) -> str:
    """An id part from a P6 code or name: lower case, other characters as ``-``.

    Examples:
        >>> slug("A1000"), slug("Fase 2: Migratie"), slug("  ")
        ('a1000', 'fase-2-migratie', '')
    """
    return re.sub(r"[^a-z0-9_]+", "-", text.lower()).strip("-_")


def finish_day(stamp: dt.datetime, times: CalendarTimes) -> dt.date:
    """The last day of work that ends at ``stamp``: the working day before when it is at or before the day's start.

    Examples:
        >>> five = CalendarTimes(week={d: 8.0 if d < 5 else 0.0 for d in range(7)},
        ...                      periods={d: ((480, 1020),) for d in range(5)}, exceptions={})
        >>> finish_day(dt.datetime(2019, 6, 12, 17, 0), five), finish_day(dt.datetime(2024, 2, 5, 8, 0), five)
        (datetime.date(2019, 6, 12), datetime.date(2024, 2, 2))
    """
    day = stamp.date()
    if stamp.time() > times.day_start(day.weekday()):
        return day
    for _ in range(366):
        day -= dt.timedelta(days=1)
        if times.exceptions.get(day, times.week.get(day.weekday(), 0.0)):
            return day
    return stamp.date() - dt.timedelta(days=1)


@attrs.frozen
class _Calendar:
    ident: str
    hours: float
    """hours per working day (day_hr_cnt)"""
    times: CalendarTimes
    spec: CalendarSpec | None = None

    def calendar(self) -> Calendar:
        """The working-day calendar (raises CalendarError when it has no working day)."""
        return from_spec(self.spec) if self.spec is not None else builtin("standard")


_DEFAULT_CALENDAR: Final = _Calendar("standard", 8.0, CalendarTimes(
    week={d: 8.0 if d < 5 else 0.0 for d in range(7)}, periods=dict.fromkeys(range(5), ((480, 1020),)),
    exceptions={}))


class P6Reader:
    """One pass over the tables of one P6 file; collects diagnostics as it goes.

    Args:
        tables: The file's tables by XER name (``PROJECT``, ``CALENDAR``, ``TASK``, ...).
        filename: The file's name as messages give it.
        prefix: The diagnostics' code prefix: ``xer`` or ``p6xml``.
        calendar_times: Each calendar's work week and exceptions by ``clndr_id``, where the file does not
            hold them as XER's ``clndr_data`` text (P6 XML).
    """

    def __init__(self, tables: Mapping[str, Table], filename: str, *, prefix: str = "xer",
                 calendar_times: Mapping[str, CalendarTimes] | None = None) -> None:
        self.tables = tables
        self.filename = filename
        self.prefix = prefix
        self.calendar_times = calendar_times
        self.diagnostics: list[Diagnostic] = []
        self.calendars: dict[str, _Calendar] = {}
        self.specs: list[CalendarSpec] = []
        self.default = _DEFAULT_CALENDAR
        self.options: Row | None = None
        self.ids: dict[str, str] = {}  # task_id -> activity id
        self.calendar_of: dict[str, _Calendar] = {}  # activity id -> its calendar

    # --- diagnostics and values ------------------------------------------------------------------

    def problem(self, code: str, message: str, where: Source, hint: str = _HINT, subject: str | None = None) -> None:
        self.diagnostics.append(diagnostic(f"{self.prefix}-{code}", message, source=where, subject=subject,
                                           hint=hint))

    def warn(self, message: str, row: Row, field: str | None = None, subject: str | None = None,
             hint: str = "check the affected dates by hand") -> None:
        self.problem("unsupported", message, row.at(field), hint, subject)

    def number(self, row: Row, field: str, default: float = 0.0, *, negative: bool = False) -> float:
        text = row[field].strip()
        if not text:
            return default
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or abs(value) > _MAX_HOURS or (value < 0 and not negative):
            what = "a number of hours" if negative else "a number of hours of at least 0"
            self.problem("bad-value", f"{row.name(field)} {text[:20]!r} is not {what} (up to {_MAX_HOURS:g}); "
                         f"{default:g} is used", row.at(field))
            return default
        return value

    def stamp(self, row: Row, field: str) -> dt.datetime | None:
        text = row[field].strip()
        if not text:
            return None
        for fmt in _STAMP_FORMATS:
            try:
                value = dt.datetime.strptime(text, fmt)  # noqa: DTZ007 - P6 dates are local, without a zone
            except ValueError:
                continue
            if HORIZON_FIRST <= value.date() <= HORIZON_LAST:  # the engine never sees a date it cannot hold
                return value
        self.problem("bad-value", f"{row.name(field)} {text[:20]!r} is not a date of the form YYYY-MM-DD HH:MM "
                     f"between {HORIZON_FIRST.isoformat()} and {HORIZON_LAST.isoformat()} (the calendar "
                     "horizon); it is left out", row.at(field))
        return None

    def days(self, hours: float, calendar: _Calendar, what: str, row: Row, field: str, subject: str) -> int:
        days = hours / calendar.hours
        whole = round(days)
        if abs(days - whole) > 1e-6:
            self.warn(f"{subject}: {what} of {hours:g} h is {days:g} days of {calendar.hours:g} h; rounded to "
                      f"{whole} (hour-level time: the scheduler counts whole working days)", row, field, subject,
                      _HOUR_HINT)
        return whole

    # --- the whole file ----------------------------------------------------------------------------

    def read(self) -> tuple[Portfolio, tuple[Diagnostic, ...]]:
        if not self.check_tables():
            return Portfolio(), tuple(self.diagnostics)
        projects = self.tables["PROJECT"].rows
        if not projects:
            self.problem("missing", "table PROJECT has no rows: the export holds no project",
                         Source(self.filename, self.tables["PROJECT"].line, 1),
                         "export the whole project from P6 (File > Export > Primavera PM (XER))")
            return Portfolio(), tuple(self.diagnostics)
        project = projects[0]
        if len(projects) > 1:
            self.warn(f"the file holds {len(projects)} projects; only the first ({project['proj_short_name']}) "
                      "is imported", projects[1], hint="export each project to a file of its own")
        self.read_calendars(project)
        self.options = next((r for r in self.rows("SCHEDOPTIONS") if r["proj_id"] in ("", project["proj_id"])),
                            None)
        services, migrations, wbs = self.read_wbs(project["proj_id"])
        activities, progress = self.read_tasks(project, wbs)
        relations = self.read_relations()
        settings = self.settings(project)
        updates = self.status(project, progress)
        portfolio = Portfolio(settings=settings, calendars=self.specs, services=services, migrations=migrations,
                              activities=activities, relations=relations, status_updates=updates)
        return portfolio, tuple(self.diagnostics)

    def rows(self, table: str) -> list[Row]:
        found = self.tables.get(table)
        return found.rows if found is not None else []

    def check_tables(self) -> bool:
        last = max((t.rows[-1].line if t.rows else t.line for t in self.tables.values()), default=1)
        ok = True
        for name, fields in {**_REQUIRED, **_OPTIONAL}.items():
            table = self.tables.get(name)
            if table is None:
                if name in _REQUIRED:
                    self.problem("missing", f"the file has no {name} table", Source(self.filename, last, 1),
                                 "export the whole project from P6 (File > Export > Primavera PM (XER))")
                    ok = False
                continue
            missing = [f for f in fields if f not in table.fields]
            if missing:
                self.problem("missing", f"table {name} has no field {', '.join(missing)}",
                             Source(self.filename, table.line + 1, 1),
                             "export the project from P6 again; do not remove columns by hand")
                ok = ok and name not in _REQUIRED
                table.rows.clear()
        return ok

    def settings(self, project: Row) -> PortfolioSettings:
        start = self.stamp(project, "plan_start_date")
        critical = self.number(project, "critical_drtn_hr_cnt", negative=True)
        if project["critical_path_type"] == "CT_DrivPath":
            self.warn("critical activities are defined as the longest path in P6; here an activity is critical "
                      "when its total float is at most the critical float", project, "critical_path_type",
                      hint="use Schedule.driving_path() for P6's longest path")
        if project["plan_end_date"].strip():
            self.warn(f"the project's must-finish-by date {project['plan_end_date'].strip()} is not modelled: late "
                      "dates here count back from the latest early finish", project, "plan_end_date",
                      hint="give the last milestone a finish-no-later-than constraint instead")
        if self.options is not None and self.options["sched_open_critical_flag"] == "Y":
            self.warn("P6's option 'make open-ended activities critical' is not modelled", self.options,
                      "sched_open_critical_flag", hint="link open-ended activities to the project's last milestone")
        lag_from_actual = self.options is not None and self.options["sched_lag_early_start_flag"] == "N"
        return PortfolioSettings(
            name=project["proj_short_name"] or "portfolio", calendar=self.default.ident,
            start=start.date() if start else None, lag_from_actual_start=lag_from_actual,
            critical_float=self.days(critical, self.default, "critical float", project, "critical_drtn_hr_cnt",
                                     "project"),
            source=project.at())

    def status(self, project: Row, progress: list[ActivityProgress]) -> list[StatusUpdate]:
        data_date = self.stamp(project, "last_recalc_date")
        if data_date is None:
            if progress:
                self.problem("missing", f"the project has progress but no data date ({project.name('last_recalc_date')})",
                             project.at("last_recalc_date"), "schedule the project in P6 (F9) and export it again")
            return []
        times = self.default.times
        if times.inside(data_date):
            self.warn(f"the data date {data_date:%Y-%m-%d %H:%M} lies within a working day; here the status "
                      "date is that whole day (hour-level time)", project, "last_recalc_date", hint=_HOUR_HINT)
        day = finish_day(data_date, times)
        start = self.stamp(project, "plan_start_date")
        if not progress and start is not None and day < start.date():
            return []  # a plan without progress whose data date is its start: nothing is reported yet
        return [StatusUpdate(date=day, progress={p.activity: p for p in progress}, source=project.at())]

    # --- calendars ---------------------------------------------------------------------------------

    def read_calendars(self, project: Row) -> None:
        rows = self.rows("CALENDAR")
        parsed: dict[str, CalendarTimes] = {}
        for row in rows:
            if self.calendar_times is not None:
                parsed[row["clndr_id"]] = self.calendar_times.get(row["clndr_id"], _DEFAULT_CALENDAR.times)
                continue
            try:
                parsed[row["clndr_id"]] = parse_calendar(row["clndr_data"])
            except ValueError as error:
                self.problem("bad-value", f"calendar {row['clndr_name']!r}: the calendar data cannot be read "
                             f"({error}); Monday-Friday 8 hours is used", row.at("clndr_data"))
                parsed[row["clndr_id"]] = _DEFAULT_CALENDAR.times
        used: set[str] = set()
        for row in rows:
            times = self._inherit(row, parsed)
            ident = slug(row["clndr_name"]) or f"cal{slug(row['clndr_id'])}"
            ident = f"{ident}-{slug(row['clndr_id'])}" if ident in used else ident
            used.add(ident)
            working = [d for d in range(7) if times.week.get(d)]
            hours = self.number(row, "day_hr_cnt") or max(times.week.values(), default=0.0) or 8.0
            if hours <= 0:
                self.problem("bad-value", f"calendar {row['clndr_name']!r}: day_hr_cnt must be positive; 8 is "
                             "used", row.at("day_hr_cnt"))
                hours = 8.0
            self._hour_level(row, ident, times, hours)
            closed = sorted(d for d, h in times.exceptions.items() if h == 0)
            opened = sorted(d for d, h in times.exceptions.items() if h > 0 and not times.week.get(d.weekday()))
            spec = CalendarSpec(id=ident, name=row["clndr_name"], base="none", workweek=working, closed=closed,
                                open=opened, source=row.at())
            self.calendars[row["clndr_id"]] = _Calendar(ident, hours, times, spec)
            self.specs.append(spec)
        chosen = project["clndr_id"] or next((r["clndr_id"] for r in rows if r["default_flag"] == "Y"), "")
        self.default = self.calendars.get(chosen) or next(iter(self.calendars.values()), _DEFAULT_CALENDAR)

    def _inherit(self, row: Row, parsed: Mapping[str, CalendarTimes]) -> CalendarTimes:
        times = parsed[row["clndr_id"]]
        base, seen = row["base_clndr_id"], {row["clndr_id"]}
        while not times.has_week and base in parsed and base not in seen:
            seen.add(base)
            inherited = parsed[base]
            times = attrs.evolve(inherited, exceptions={**inherited.exceptions, **times.exceptions},
                                 has_week=inherited.has_week)
            base = next((r["base_clndr_id"] for r in self.rows("CALENDAR") if r["clndr_id"] == base), "")
        if not times.has_week:
            times = attrs.evolve(_DEFAULT_CALENDAR.times, exceptions=times.exceptions)
        return times

    def _hour_level(self, row: Row, ident: str, times: CalendarTimes, hours: float) -> None:
        odd = sorted({h for h in times.week.values() if h and abs(h - hours) > 1e-6}
                     | {h for h in times.exceptions.values() if h and abs(h - hours) > 1e-6})
        if odd:
            self.warn(f"calendar {ident}: days of {', '.join(f'{h:g}' for h in odd)} h count as whole working days "
                      f"of {hours:g} h (hour-level time)", row, "clndr_data", ident, _HOUR_HINT)

    # --- WBS ---------------------------------------------------------------------------------------

    def read_wbs(self, project_id: str) -> tuple[list[Service], list[Migration], dict[str, tuple[str | None,
                                                                                                 str | None]]]:
        rows = {r["wbs_id"]: r for r in self.rows("PROJWBS") if r["proj_id"] in ("", project_id)}
        chains: dict[str, list[Row]] = {}
        for wbs_id in rows:
            chain, parent, seen = [], wbs_id, set()
            while parent in rows and parent not in seen:
                seen.add(parent)
                chain.append(rows[parent])
                parent = rows[parent]["parent_wbs_id"]
            chain.reverse()  # from the top
            if chain and chain[0]["proj_node_flag"] == "Y":
                chain = chain[1:]
            chains[wbs_id] = chain
        services: dict[str, Service] = {}
        migrations: dict[str, Migration] = {}
        mapping: dict[str, tuple[str | None, str | None]] = {}
        idents: dict[str, str] = {}
        for wbs_id, chain in chains.items():
            service = self._wbs_ident(chain[0], "", idents) if chain else None
            if service is not None and service not in services:
                services[service] = Service(id=service, name=chain[0]["wbs_name"] or chain[0]["wbs_short_name"],
                                            source=chain[0].at())
            migration = self._wbs_ident(chain[1], f"{service}.", idents) if len(chain) > 1 else None
            if migration is not None and service is not None and migration not in migrations:
                migrations[migration] = Migration(id=migration, service=service, source=chain[1].at(),
                                                  name=chain[1]["wbs_name"] or chain[1]["wbs_short_name"])
            mapping[wbs_id] = (service, migration)
        return list(services.values()), list(migrations.values()), mapping

    @staticmethod
    def _wbs_ident(row: Row, prefix: str, idents: dict[str, str]) -> str:
        if row["wbs_id"] not in idents:
            base = prefix + (slug(row["wbs_short_name"]) or f"wbs{slug(row['wbs_id'])}")
            taken = set(idents.values())
            idents[row["wbs_id"]] = base if base not in taken else f"{base}-{slug(row['wbs_id'])}"
        return idents[row["wbs_id"]]

    # --- activities ------------------------------------------------------------------------------

    def read_tasks(self, project: Row, wbs: Mapping[str, tuple[str | None, str | None]]
                   ) -> tuple[list[Activity], list[ActivityProgress]]:
        activities: list[Activity] = []
        progress: list[ActivityProgress] = []
        others = [r for r in self.rows("TASK") if r["proj_id"] != project["proj_id"]]
        if others:
            self.warn(f"{len(others)} activities of other projects are left out", others[0], "proj_id",
                      hint="export each project to a file of its own")
        for row in self.rows("TASK"):
            if row["proj_id"] != project["proj_id"]:
                continue
            activity = self.activity(row, wbs)
            if activity is None:
                continue
            activities.append(activity)
            progress.extend(self.progress(row, activity))
        self.project_finish(project, [r for r in self.rows("TASK") if r["task_id"] in self.ids])
        if progress and self.options is not None and self.options["sched_retained_logic"] == "N":
            override = "progress override" if self.options["sched_progress_override"] == "Y" else "actual dates"
            self.warn(f"P6 schedules out-of-sequence progress with {override}; here with retained logic",
                      self.options, "sched_retained_logic",
                      hint="set P6's scheduling option to retained logic to get the same numbers")
        return activities, progress

    def _task_ident(self, row: Row) -> str | None:
        task_id = row["task_id"].strip()
        if not task_id or task_id in self.ids:
            self.problem("bad-value", f"task_id {task_id!r} is empty or appears twice; the activity is left "
                         "out", row.at("task_id"))
            return None
        ident = slug(row["task_code"])
        if not ident or ident in self.calendar_of:
            ident = f"t{slug(task_id)}"
        if ident in self.calendar_of:
            self.problem("bad-value", f"task_code {row['task_code'][:20]!r} and task_id {task_id!r} both give "
                         f"the id {ident}, which another activity has; the activity is left out",
                         row.at("task_code"), subject=ident)
            return None
        self.ids[task_id] = ident
        return ident

    def activity(self, row: Row, wbs: Mapping[str, tuple[str | None, str | None]]) -> Activity | None:
        ident = self._task_ident(row)
        if ident is None:
            return None
        calendar = self.calendars.get(row["clndr_id"])
        if calendar is None:
            self.problem("bad-value", f"{ident}: calendar {row['clndr_id']!r} is not in the CALENDAR table; "
                         f"the project calendar {self.default.ident} is used", row.at("clndr_id"), subject=ident)
            calendar = self.default
        self.calendar_of[ident] = calendar
        kind = row["task_type"] or "TT_Task"
        if kind not in _TASK_TYPES:
            self.problem("bad-value", f"{ident}: {row.name('task_type')} {kind[:20]!r} is not a P6 activity type; imported "
                         "as a task", row.at("task_type"), subject=ident)
        elif _TASK_TYPES[kind]:
            self.warn(f"{ident}: {_TASK_TYPES[kind]}", row, "task_type", ident)
        milestone = kind in ("TT_Mile", "TT_FinMile")
        hours = self.number(row, "target_drtn_hr_cnt")
        days = 0 if milestone else self.days(hours, calendar, "duration", row, "target_drtn_hr_cnt", ident)
        constraint, deadline = self.constraints(row, ident, calendar, days)
        for field in ("suspend_date", "resume_date"):
            if row[field].strip():
                self.warn(f"{ident}: a suspended activity is scheduled without its suspension", row, field, ident)
                break
        if row["expect_end_date"].strip() and self.options is not None and \
                self.options["sched_use_expect_end_flag"] == "Y":
            self.warn(f"{ident}: its expected finish date is not used to schedule it", row, "expect_end_date", ident)
        if row["status_code"] != "TK_Complete":
            self._hour_level_dates(row, ident, calendar)
        service, migration = wbs.get(row["wbs_id"], (None, None))
        return Activity(id=ident, name=row["task_name"], duration=Duration(days), calendar=calendar.ident,
                        kind=ActivityKind.MILESTONE if milestone else ActivityKind.TASK, service=service,
                        migration=migration, constraint=constraint, deadline=deadline, source=row.at())

    def _hour_level_dates(self, row: Row, ident: str, calendar: _Calendar) -> None:
        """Warn when P6's own dates for the activity lie inside a working day: P6 scheduled it by the hour."""
        for field in ("early_start_date", "early_end_date", "late_start_date", "late_end_date"):
            stamp = self.stamp(row, field)
            if stamp is None:
                continue
            if calendar.times.inside(stamp):
                self.warn(f"{ident}: P6 schedules it by the hour ({field} {stamp:%Y-%m-%d %H:%M} lies inside a "
                          "working day); here it starts and finishes on whole working days (hour-level time)",
                          row, field, ident, _HOUR_HINT)
                return

    def constraints(self, row: Row, ident: str, calendar: _Calendar,
                    days: int) -> tuple[Constraint | None, dt.date | None]:
        """The activity's constraint and deadline from P6's primary and secondary constraints.

        P6's "start on" and "finish on" (not mandatory) let logic move the activity: they are a start (finish)
        no earlier than plus a finish no later than, which is what a deadline does here.
        """
        pieces: list[Constraint] = []
        for kind_field, date_field in (("cstr_type", "cstr_date"), ("cstr_type2", "cstr_date2")):
            found = self._constraint(row, ident, calendar, kind_field, date_field)
            if found is not None:
                pieces.extend(self._pieces(found, row[kind_field].strip(), calendar, days))
        caps = [p for p in pieces if p.type is ConstraintType.FNLT]
        others = [p for p in pieces if p.type is not ConstraintType.FNLT]
        constraint = others[0] if others else (caps.pop(0) if caps else None)
        for ignored in others[1:]:
            self.warn(f"{ident}: the constraint {ignored.type.value} {ignored.date} is ignored (an activity here "
                      "has one constraint, and a finish-no-later-than as its deadline)", row, "cstr_type2", ident,
                      "keep one of the two constraints in P6, or check its effect by hand")
        return constraint, min((c.date for c in caps), default=None)

    def _pieces(self, found: Constraint, kind: str, calendar: _Calendar, days: int) -> list[Constraint]:
        if kind == "CS_MEO":
            return [Constraint(type=ConstraintType.FNET, date=found.date),
                    Constraint(type=ConstraintType.FNLT, date=found.date)]
        if kind != "CS_MSO":
            return [found]
        try:
            cal = calendar.calendar()
            finish = cal.date(cal.index(found.date) + days - 1)
        except CalendarError:
            return [found]
        return [Constraint(type=ConstraintType.SNET, date=found.date), Constraint(type=ConstraintType.FNLT,
                                                                                  date=finish)]

    def _constraint(self, row: Row, ident: str, calendar: _Calendar, kind_field: str,
                    date_field: str) -> Constraint | None:
        kind = row[kind_field].strip()
        if not kind or kind == "CS_ASAP":
            return None
        if kind == "CS_ALAP":
            self.warn(f"{ident}: 'as late as possible' is scheduled as soon as possible", row, kind_field, ident)
            return None
        if kind not in _CONSTRAINTS:
            self.problem("bad-value", f"{ident}: {row.name(kind_field)} {kind[:20]!r} is not a P6 constraint type; it "
                         "is ignored", row.at(kind_field), subject=ident)
            return None
        stamp = self.stamp(row, date_field)
        if stamp is None:
            self.problem("bad-value", f"{ident}: constraint {kind} has no date ({row.name(date_field)}); it is ignored",
                         row.at(date_field), subject=ident)
            return None
        kind_type = _CONSTRAINTS[kind]
        day = (finish_day(stamp, calendar.times) if kind_type in _FINISH_CONSTRAINTS
               else stamp.date())
        return Constraint(type=kind_type, date=day)

    def progress(self, row: Row, activity: Activity) -> list[ActivityProgress]:
        status = row["status_code"] or "TK_NotStart"
        start = self.stamp(row, "act_start_date")
        finish = self.stamp(row, "act_end_date")
        if status == "TK_NotStart" or (start is None and finish is None):
            return []
        calendar = self.calendar_of[activity.id]
        finish_date = finish_day(finish, calendar.times) if finish else None
        if status == "TK_Complete" and finish_date is None:
            self.problem("bad-value", f"{activity.id}: a completed activity without act_end_date; imported as "
                         "in progress", row.at("act_end_date"), subject=activity.id)
        remaining = None
        if finish_date is None:
            hours = self.number(row, "remain_drtn_hr_cnt")
            remaining = Duration(self.days(hours, calendar, "remaining duration", row, "remain_drtn_hr_cnt",
                                           activity.id))
        if start is not None and finish_date is not None and finish_date < start.date():
            self.problem("bad-value", f"{activity.id}: the actual finish {finish_date} (act_end_date) is before the "
                         f"actual start {start:%Y-%m-%d}; the finish is taken as the start day", row.at("act_end_date"),
                         subject=activity.id)
            finish_date = start.date()
        return [ActivityProgress(activity=activity.id, actual_start=start.date() if start else None,
                                 actual_finish=finish_date, remaining=remaining, source=row.at())]

    def project_finish(self, project: Row, rows: list[Row]) -> None:
        """Warn where P6's stored late dates count back from a project finish no activity here reaches."""
        scheduled = self.stamp(project, "scd_end_date")
        ends = [e for r in rows for e in (self.stamp(r, "early_end_date"), self.stamp(r, "act_end_date")) if e]
        if scheduled is None or not ends or scheduled.date() <= max(ends).date():
            return
        for row in rows:
            if row["late_end_date"].strip() and row["late_end_date"].strip() == project["scd_end_date"].strip():
                ident = self.ids[row["task_id"]]
                self.warn(f"{ident}: P6's late dates count back from the project's scheduled finish "
                          f"{scheduled:%Y-%m-%d} (scd_end_date), later than any activity in the file finishes "
                          f"({max(ends):%Y-%m-%d}); here they count back from the latest finish, so its late dates "
                          "and float differ", row, "late_end_date", ident,
                          "reschedule the project in P6 (F9) before exporting it")

    # --- relationships ---------------------------------------------------------------------------

    def read_relations(self) -> list[Relation]:
        relations = []
        rule = self.options["sched_calendar_on_relationship_lag"] if self.options is not None else ""
        for row in self.rows("TASKPRED"):
            successor, predecessor = self.ids.get(row["task_id"]), self.ids.get(row["pred_task_id"])
            if successor is None or predecessor is None:
                self.warn(f"relationship {row['pred_task_id']} -> {row['task_id']}: an activity outside this "
                          "project (or left out) is not imported; the relationship is dropped", row, "task_id",
                          successor or predecessor, "export the projects it links to together, as one project")
                continue
            kind = _RELATIONS.get(row["pred_type"])
            if kind is None:
                self.problem("bad-value", f"relationship {predecessor} -> {successor}: {row.name('pred_type')} "
                             f"{row['pred_type'][:20]!r} is not PR_FS, PR_SS, PR_FF or PR_SF; FS is used",
                             row.at("pred_type"), subject=successor)
                kind = RelationType.FS
            lag = self.lag(row, rule, predecessor, successor)
            relations.append(Relation(predecessor=predecessor, successor=successor, type=kind, lag=lag,
                                      source=row.at()))
        return relations

    def lag(self, row: Row, rule: str, predecessor: str, successor: str) -> Duration:
        hours = self.number(row, "lag_hr_cnt", negative=True)
        if hours == 0:
            return Duration(0)
        subject = f"{predecessor} -> {successor}"
        if rule == "rcal_24Hour":
            return Duration(self.days(hours, attrs.evolve(self.default, hours=24.0), "lag", row, "lag_hr_cnt",
                                      subject), elapsed=True)
        calendar = self.calendar_of[predecessor]
        counted = {"rcal_Successor": self.calendar_of[successor], "rcal_Project": self.default}.get(rule, calendar)
        if counted.ident != calendar.ident:
            self.warn(f"relationship {subject}: P6 counts its lag on calendar {counted.ident}; here it counts on "
                      f"the predecessor's calendar {calendar.ident}", row, "lag_hr_cnt", successor)
        return Duration(self.days(hours, counted, "lag", row, "lag_hr_cnt", subject))
