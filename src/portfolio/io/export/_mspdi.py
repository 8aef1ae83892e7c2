"""The portfolio as MS Project XML (MSPDI): what [`portfolio.io.mspdi`][portfolio.io.mspdi] reads back, and MS Project opens.

Written with `xml.etree.ElementTree` (which escapes ``&``, ``<``, ``>``
and quotes); characters XML 1.0 cannot hold (control characters) become
U+FFFD. Elements follow the order MS Project itself writes them in.

Ids: activity *k* of the portfolio (file order, from 1) is the task with
UID *k*, so [`portfolio.io.mspdi`][portfolio.io.mspdi] reads it back as ``t<k>``; the
portfolio's own id is in the task's ``Text1`` field (alias "portfolio id").
Summary tasks (services, migrations, platforms) take the UIDs after the
activities'; UID 0 is the project summary.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Final

from portfolio.io.export._outline import Group, calendar_of, closed_and_open, outline, window, workweek
from portfolio.model import (
    Activity,
    ActivityProgress,
    Baseline,
    ConstraintType,
    Duration,
    Portfolio,
    RelationType,
)
from portfolio.scheduling import ActivitySchedule, Schedule, schedule

__all__ = ["TEXT1", "to_mspdi"]

NAMESPACE: Final = "http://schemas.microsoft.com/project"
TEXT1: Final = "188743731"
"""MS Project's field id of Text1, which holds each activity's portfolio id."""
MINUTES_PER_DAY: Final = 480
"""Working minutes per day (08:00-12:00 and 13:00-17:00) and tenths of a minute per working day (lags)."""
_LINK_TYPE: Final = {RelationType.FF: "0", RelationType.FS: "1", RelationType.SF: "2", RelationType.SS: "3"}
_CONSTRAINT: Final = {ConstraintType.ASAP: "0", ConstraintType.MSO: "2", ConstraintType.MFO: "3",
                      ConstraintType.SNET: "4", ConstraintType.SNLT: "5", ConstraintType.FNET: "6",
                      ConstraintType.FNLT: "7"}
_FINISH_CONSTRAINTS: Final = frozenset({ConstraintType.MFO, ConstraintType.FNET, ConstraintType.FNLT})
_DAYS, _ELAPSED_DAYS = "7", "8"
"""MSPDI duration formats: 7 days, 8 elapsed days."""
MAX_BASELINES: Final = 11
"""MS Project keeps baselines 0 to 10."""
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """Text XML 1.0 can hold: characters it cannot become U+FFFD.

    Examples:
        >>> _clean("a\\x1bb")
        'a\\ufffdb'
    """
    return _NOT_XML.sub("\ufffd", text)


def _add(parent: ET.Element, tag: str, text: object = None) -> ET.Element:
    child = ET.SubElement(parent, tag)
    if text is not None:
        child.text = _clean(str(text))
    return child


def _stamp(day: dt.date, evening: bool = False) -> str:
    return f"{day.isoformat()}T{'17:00:00' if evening else '08:00:00'}"


def _span(days: int, elapsed: bool = False) -> str:
    """An ISO 8601 duration of working days (8 hours) or elapsed days (24 hours).

    Examples:
        >>> _span(5), _span(2, elapsed=True), _span(-1)
        ('PT40H0M0S', 'PT48H0M0S', '-PT8H0M0S')
    """
    hours = abs(days) * (24 if elapsed else MINUTES_PER_DAY // 60)
    return f"{'-' if days < 0 else ''}PT{hours}H0M0S"


def to_mspdi(portfolio: Portfolio, *, status_date: dt.date | None = None) -> bytes:
    """The portfolio as MS Project XML (UTF-8), scheduled as of ``status_date``.

    Calendars (built-in holidays resolved to exceptions over the schedule's
    years), summary tasks per service and migration, relations with lags,
    constraints, deadlines, every baseline (the current one as Baseline 0),
    the progress of the status update in force and the ``StatusDate``.

    Args:
        portfolio: the portfolio to write.
        status_date: schedule as of this date (None: the latest status update's date).

    Returns:
        The XML document, UTF-8 encoded.

    Examples:
        >>> from portfolio.model import Activity, Duration, PortfolioSettings, Relation
        >>> from portfolio.io.mspdi import parse_mspdi
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        ...               activities=[Activity(id="build", name="Build", duration=Duration(5)),
        ...                           Activity(id="live", name="Live")],
        ...               relations=[Relation(predecessor="build", successor="live")])
        >>> back = parse_mspdi(to_mspdi(p)).portfolio
        >>> [(a.id, a.name, a.duration.days) for a in back.activities.values()]
        [('t1', 'Build', 5), ('t2', 'Live', 0)]
    """
    computed = schedule(portfolio, status_date=status_date)
    return _Writer(portfolio, computed).document()


class _Writer:
    """Builds the document: project fields, calendars, tasks."""

    def __init__(self, portfolio: Portfolio, computed: Schedule) -> None:
        self.portfolio = portfolio
        self.computed = computed
        self.uid = {ident: k for k, ident in enumerate(portfolio.activities, start=1)}
        self.update = portfolio.status_update(computed.status_date) if computed.status_date else None
        used = [portfolio.settings.calendar, *portfolio.calendars,
                *(a.calendar for a in portfolio.activities.values() if a.calendar is not None)]
        self.calendars = {ident: k for k, ident in enumerate(dict.fromkeys(used), start=1)
                          if calendar_of(ident, portfolio) is not None}
        self.baselines = _numbered(portfolio)
        self.predecessors: dict[str, list[tuple[str, RelationType, Duration]]] = {}
        for relation in portfolio.relations:
            self.predecessors.setdefault(relation.successor, []).append(
                (relation.predecessor, relation.type, relation.lag))

    def document(self) -> bytes:
        settings = self.portfolio.settings
        root = ET.Element("Project", xmlns=NAMESPACE)
        _add(root, "SaveVersion", 14)
        _add(root, "Name", f"{settings.name}.xml")
        _add(root, "Title", settings.name)
        _add(root, "ScheduleFromStart", 1)
        _add(root, "StartDate", _stamp(settings.start or self.computed.start))
        _add(root, "FinishDate", _stamp(self.computed.finish, evening=True))
        _add(root, "CriticalSlackLimit", self.computed.critical_float)
        if settings.calendar in self.calendars:
            _add(root, "CalendarUID", self.calendars[settings.calendar])
        for tag, value in (("DefaultStartTime", "08:00:00"), ("DefaultFinishTime", "17:00:00"),
                           ("MinutesPerDay", MINUTES_PER_DAY), ("MinutesPerWeek", 5 * MINUTES_PER_DAY),
                           ("DaysPerMonth", 20), ("DurationFormat", _DAYS), ("HonorConstraints", 0)):
            _add(root, tag, value)
        if self.computed.status_date is not None and self.update is not None:
            _add(root, "StatusDate", _stamp(self.computed.status_date, evening=True))
        _add(root, "NewTasksAreManual", 0)
        attributes = _add(root, "ExtendedAttributes")
        attribute = _add(attributes, "ExtendedAttribute")
        for tag, value in (("FieldID", TEXT1), ("FieldName", "Text1"), ("Alias", "portfolio id")):
            _add(attribute, tag, value)
        self.write_calendars(_add(root, "Calendars"))
        self.write_tasks(_add(root, "Tasks"))
        ET.indent(root)
        data: bytes = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
        return data + b"\n"

    # --- calendars ---------------------------------------------------------------------------

    def write_calendars(self, block: ET.Element) -> None:
        first, last = window(self.portfolio, self.computed)
        for ident, uid in self.calendars.items():
            cal = calendar_of(ident, self.portfolio)
            if cal is None:  # pragma: no cover - filtered when numbered
                continue
            week = workweek(ident, self.portfolio)
            element = _add(block, "Calendar")
            for tag, value in (("UID", uid), ("Name", ident), ("IsBaseCalendar", 1), ("IsBaselineCalendar", 0),
                               ("BaseCalendarUID", -1)):
                _add(element, tag, value)
            days = _add(element, "WeekDays")
            for day_type in range(1, 8):  # 1 = Sunday ... 7 = Saturday
                working = (day_type + 5) % 7 in week
                day = _add(days, "WeekDay")
                _add(day, "DayType", day_type)
                _add(day, "DayWorking", int(working))
                if working:
                    _working_times(day)
            closed, opened = closed_and_open(cal, week, first, last)
            exceptions = _add(element, "Exceptions")
            for runs, working in ((closed, False), (opened, True)):
                for start, finish in runs:
                    _exception(exceptions, start, finish, working)

    # --- tasks -------------------------------------------------------------------------------

    def write_tasks(self, block: ET.Element) -> None:
        groups, loose = outline(self.portfolio)
        rows: list[tuple[Group | Activity, str]] = []
        _rows(groups, loose, "", rows)
        summary_uid = len(self.uid) + 1
        self.task(block, None, "", uid=0, row=0)
        for row, (item, number) in enumerate(rows, start=1):
            if isinstance(item, Group):
                self.task(block, item, number, uid=summary_uid, row=row)
                summary_uid += 1
            else:
                self.task(block, item, number, uid=self.uid[item.id], row=row)

    def task(self, block: ET.Element, item: Group | Activity | None, number: str, *, uid: int, row: int) -> None:
        element = _add(block, "Task")
        _add(element, "UID", uid)
        _add(element, "ID", row)
        if item is None or isinstance(item, Group):
            self.summary(element, item, number)
            return
        activity, shown = item, self.computed[item.id]
        _add(element, "Name", activity.name or activity.id)
        _add(element, "Active", 1)
        _add(element, "Manual", int(activity.manual))
        for tag, value in (("Type", 0), ("IsNull", 0), ("WBS", number), ("OutlineNumber", number),
                           ("OutlineLevel", number.count(".") + 1), ("Priority", 500)):
            _add(element, tag, value)
        evening = self.evening(activity, shown)
        start, finish = _stamp(shown.start, evening), _stamp(shown.finish, evening or not shown.milestone)
        duration = _span(activity.duration.days, activity.duration.elapsed)
        _add(element, "Start", start)
        _add(element, "Finish", finish)
        _add(element, "Duration", duration)
        if activity.manual:
            for tag, value in (("ManualStart", start), ("ManualFinish", finish), ("ManualDuration", duration),
                               ("DurationText", f"{activity.duration}")):
                _add(element, tag, value)
        _add(element, "DurationFormat", _ELAPSED_DAYS if activity.duration.elapsed else _DAYS)
        _add(element, "Milestone", int(shown.milestone))
        _add(element, "Summary", 0)
        _add(element, "Critical", int(shown.critical))
        self.dates(element, shown, evening)
        self.progress(element, activity, shown)
        self.constraint(element, activity)
        self.links(element, activity.id)
        attribute = _add(element, "ExtendedAttribute")
        _add(attribute, "FieldID", TEXT1)
        _add(attribute, "Value", activity.id)
        self.baseline_entries(element, activity)

    def summary(self, element: ET.Element, group: Group | None, number: str) -> None:
        """The project summary (UID 0, ``group`` None) or a service's, migration's or platform's row."""
        members = list(_members(group)) if group is not None else list(self.portfolio.activities.values())
        name = group.name if group is not None else self.portfolio.settings.name
        _add(element, "Name", name)
        _add(element, "Active", 1)
        _add(element, "Manual", 0)
        for tag, value in (("Type", 1), ("IsNull", 0), ("WBS", number or 0), ("OutlineNumber", number or 0),
                           ("OutlineLevel", number.count(".") + 1 if number else 0), ("Priority", 500)):
            _add(element, tag, value)
        rows = [self.computed[a.id] for a in members]
        if rows:
            first, last = min(r.start for r in rows), max(r.finish for r in rows)
            cal = calendar_of(self.portfolio.settings.calendar, self.portfolio)
            span = cal.finish_index(last) - cal.index(first) if cal is not None else 0
            _add(element, "Start", _stamp(first))
            _add(element, "Finish", _stamp(last, evening=True))
            _add(element, "Duration", _span(max(span, 0)))
        _add(element, "DurationFormat", _DAYS)
        _add(element, "Milestone", 0)
        _add(element, "Summary", 1)
        _add(element, "Critical", int(any(r.critical for r in rows)))

    def evening(self, activity: Activity, shown: ActivitySchedule) -> bool:
        """A milestone shown at the end of its day: driven by a finish (FS, FF) or placed by a finish constraint."""
        if not shown.milestone:
            return False
        driving = set(shown.driving)
        if any(p in driving and kind in (RelationType.FS, RelationType.FF)
               for p, kind, _ in self.predecessors.get(activity.id, ())):
            return True
        return activity.constraint is not None and activity.constraint.type in _FINISH_CONSTRAINTS

    def dates(self, element: ET.Element, shown: ActivitySchedule, evening: bool) -> None:
        """Early and late dates (starts at 08:00, finishes at 17:00; a milestone's all at its one moment)."""
        for tag, day in (("EarlyStart", shown.early_start), ("EarlyFinish", shown.early_finish),
                         ("LateStart", shown.late_start), ("LateFinish", shown.late_finish)):
            _add(element, tag, _stamp(day, evening if shown.milestone else tag.endswith("Finish")))
        for tag, days in (("FreeSlack", shown.free_float), ("TotalSlack", shown.total_float),
                          ("StartSlack", shown.start_float), ("FinishSlack", shown.finish_float)):
            _add(element, tag, days * MINUTES_PER_DAY * 10)

    def progress(self, element: ET.Element, activity: Activity, shown: ActivitySchedule) -> None:
        """Percent complete, actual dates and the remaining duration at the status date."""
        found: ActivityProgress | None = self.update.progress.get(activity.id) if self.update else None
        total = activity.duration.days
        if found is None or (found.actual_start is None and found.actual_finish is None):
            _add(element, "PercentComplete", 0)
            _add(element, "ActualDuration", _span(0))
            _add(element, "RemainingDuration", _span(total, activity.duration.elapsed))
            return
        remaining = 0 if found.actual_finish is not None else shown.remaining
        percent = (100 if found.actual_finish is not None else found.percent_complete if found.percent_complete
                   is not None else (100 * (total - remaining) // total if total else 0))
        _add(element, "PercentComplete", int(min(max(percent, 0), 100)))
        _add(element, "ActualStart", _stamp(found.actual_start or shown.start))
        if found.actual_finish is not None:
            _add(element, "ActualFinish", _stamp(found.actual_finish, evening=True))
        _add(element, "ActualDuration", _span(max(total - remaining, 0)))
        _add(element, "RemainingDuration", _span(remaining))

    def constraint(self, element: ET.Element, activity: Activity) -> None:
        kind = activity.constraint.type if activity.constraint is not None else ConstraintType.ASAP
        _add(element, "ConstraintType", _CONSTRAINT[kind])
        calendar = activity.calendar
        _add(element, "CalendarUID", self.calendars.get(calendar, -1) if calendar is not None else -1)
        if activity.constraint is not None and kind is not ConstraintType.ASAP:
            _add(element, "ConstraintDate", _stamp(activity.constraint.date, kind in _FINISH_CONSTRAINTS))
        if activity.deadline is not None:
            _add(element, "Deadline", _stamp(activity.deadline, evening=True))

    def links(self, element: ET.Element, ident: str) -> None:
        for predecessor, kind, lag in self.predecessors.get(ident, ()):
            if predecessor not in self.uid:
                continue
            link = _add(element, "PredecessorLink")
            per_day = (1440 if lag.elapsed else MINUTES_PER_DAY) * 10
            for tag, value in (("PredecessorUID", self.uid[predecessor]), ("Type", _LINK_TYPE[kind]),
                               ("CrossProject", 0), ("LinkLag", lag.days * per_day),
                               ("LagFormat", _ELAPSED_DAYS if lag.elapsed else _DAYS)):
                _add(link, tag, value)

    def baseline_entries(self, element: ET.Element, activity: Activity) -> None:
        cal = calendar_of(activity.calendar or self.portfolio.settings.calendar, self.portfolio)
        for number, baseline in self.baselines:
            entry = baseline.entries.get(activity.id)
            if entry is None:
                continue
            days = (cal.finish_index(entry.finish) - cal.index(entry.start)) if cal is not None else 0
            days = 0 if activity.duration.days == 0 else max(days, 0)
            part = _add(element, "Baseline")
            for tag, value in (("Number", number), ("Start", _stamp(entry.start)),
                               ("Finish", _stamp(entry.finish, evening=bool(days))), ("Duration", _span(days)),
                               ("DurationFormat", _DAYS)):
                _add(part, tag, value)


def _numbered(portfolio: Portfolio) -> list[tuple[int, Baseline]]:
    """The baselines MS Project holds: the current one as 0, the others in the portfolio's order as 1 to 10.

    Examples:
        >>> p = Portfolio(baselines=[Baseline(name="old"), Baseline(name="new", current=True)])
        >>> [(n, b.name) for n, b in _numbered(p)]
        [(0, 'new'), (1, 'old')]
    """
    current = portfolio.current_baseline
    others = [b for b in portfolio.baselines.values() if b is not current]
    ordered = ([current] if current is not None else []) + others
    return list(enumerate(ordered[:MAX_BASELINES]))


def _rows(groups: Iterable[Group], loose: Iterable[Activity], prefix: str,
          rows: list[tuple[Group | Activity, str]]) -> None:
    """The outline's rows in order, each with its outline number (``1``, ``1.2``, ...).

    At the top the groups come first and the activities outside any group last; inside a group its
    own activities come before its sub-groups (a service's work, then its migrations).
    """
    items: list[Group | Activity] = [*loose, *groups] if prefix else [*groups, *loose]
    for k, item in enumerate(items, start=1):
        number = f"{prefix}{k}"
        rows.append((item, number))
        if isinstance(item, Group):
            _rows(item.groups, item.activities, f"{number}.", rows)


def _members(group: Group) -> Iterable[Activity]:
    yield from group.activities
    for inner in group.groups:
        yield from _members(inner)


def _working_times(parent: ET.Element) -> None:
    times = _add(parent, "WorkingTimes")
    for start, finish in (("08:00:00", "12:00:00"), ("13:00:00", "17:00:00")):
        period = _add(times, "WorkingTime")
        _add(period, "FromTime", start)
        _add(period, "ToTime", finish)


def _exception(parent: ET.Element, first: dt.date, last: dt.date, working: bool) -> None:
    exception = _add(parent, "Exception")
    _add(exception, "EnteredByOccurrences", 0)
    period = _add(exception, "TimePeriod")
    _add(period, "FromDate", f"{first.isoformat()}T00:00:00")
    _add(period, "ToDate", f"{last.isoformat()}T23:59:00")
    _add(exception, "Occurrences", 1)
    _add(exception, "Name", "working" if working else "closed")
    _add(exception, "Type", 1)
    _add(exception, "DayWorking", int(working))
    if working:
        _working_times(exception)

