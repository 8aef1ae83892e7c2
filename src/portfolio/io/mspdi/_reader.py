"""One pass over an MSPDI XML tree: tasks, links, constraints and manual or split tasks, into a portfolio.

[`Reader`][portfolio.io.mspdi._reader.Reader] reads the tasks and links here; its calendars are read
by `_calendars.py`, its progress and baselines by `_progress.py`, every value through `_values.py`.
"""

from __future__ import annotations

import datetime as dt
import reprlib
import xml.etree.ElementTree as ET
from typing import Final

import attrs

from portfolio.calendar import Calendar
from portfolio.diagnostics import LoadResult, diagnostic
from portfolio.io.mspdi._calendars import _calendar
from portfolio.io.mspdi._progress import ProgressReader
from portfolio.io.mspdi._values import (
    _ELAPSED_FORMATS,
    _MAX_UID,
    _PERCENT_FORMATS,
    MAX_DAYS,
    _child,
    _children,
    _minutes,
    _own,
    _text,
)
from portfolio.model import (
    Activity,
    ActivityProgress,
    CalendarSpec,
    Constraint,
    ConstraintType,
    Duration,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
)

__all__ = ["Reader"]

_LINK_TYPES: Final = {0: RelationType.FF, 1: RelationType.FS, 2: RelationType.SF, 3: RelationType.SS}
_CONSTRAINTS: Final = {2: ConstraintType.MSO, 3: ConstraintType.MFO, 4: ConstraintType.SNET,
                       5: ConstraintType.SNLT, 6: ConstraintType.FNET, 7: ConstraintType.FNLT}


class Reader(ProgressReader):
    """One pass over the XML tree; collects diagnostics as it goes."""

    def __init__(self, root: ET.Element, filename: str) -> None:
        super().__init__(root, filename)
        #: the dates a manual task keeps, and the dates MS Project stored for a split task
        self.typed: dict[str, tuple[dt.date, dt.date, ET.Element]] = {}
        self.stored: dict[str, tuple[dt.date, dt.date, ET.Element]] = {}
        self.split = _split_tasks(root)

    def read(self) -> LoadResult:
        root = self.root
        calendars, names = self.calendars()
        settings = PortfolioSettings(
            name=_text(root, "Title") or _text(root, "Name") or "portfolio",
            calendar=names.get(_text(root, "CalendarUID") or "", "standard"),
            start=self.date(root, "StartDate"),
            critical_float=self.integer(root, "CriticalSlackLimit", 0, low=-MAX_DAYS, high=MAX_DAYS) or 0,
            lag_from_actual_start=True,  # MS Project: an SS/SF lag of work in progress runs from its actual start
            source=self.at(root),
        )
        if not self.flag(root, "ScheduleFromStart", True):
            self.warn("the project is scheduled from its finish date; it is imported as scheduled from the start",
                      _child(root, "ScheduleFromStart"))
        activities, progress, relations = self.tasks(names)
        specs = {c.id: c for c in calendars}
        activities = self.assignments(activities, names, specs, settings.calendar)
        calendars = list(specs.values())
        activities = self.checked(activities, relations, specs, settings.calendar)
        updates = self.status(progress, settings.start)
        settings, activities = self.anchored(settings, activities, relations, updates, specs)
        portfolio = Portfolio(settings=settings, calendars=calendars, activities=activities, relations=relations,
                              baselines=self.baselines(activities, calendars, settings), status_updates=updates)
        return LoadResult(portfolio, tuple(self.diagnostics))

    # --- tasks -------------------------------------------------------------------------------

    def tasks(self, names: dict[str, str]) -> tuple[list[Activity], list[ActivityProgress], list[Relation]]:
        block = _child(self.root, "Tasks")
        activities: list[Activity] = []
        summaries: set[int] = set()
        progress: list[ActivityProgress] = []
        links: list[tuple[str, ET.Element]] = []
        ids: set[str] = set()
        for task in _children(block, "Task") if block is not None else ():
            uid = self.integer(task, "UID", low=0, high=_MAX_UID)
            if uid is None or self.flag(task, "IsNull"):
                continue
            ident = f"t{uid}"
            if uid == 0 or self.flag(task, "Summary", subject=ident):
                summaries.add(uid)
                continue
            if ident in ids:
                self._twice(task, uid, ident)
                continue
            ids.add(ident)
            self.elements[ident] = task
            activity = self.activity(task, ident, names)
            activities.append(activity)
            found = list(self._progress(task, ident))
            progress.extend(found)
            if uid in self.split and not found and ident not in self.typed:
                start, finish = self.date(task, "Start", ident), self.date(task, "Finish", ident)
                if start is not None and finish is not None:
                    self.stored[ident] = (start, finish, task)
            self._task_baselines(task, ident)
            links.extend((ident, link) for link in _children(task, "PredecessorLink"))
        return activities, progress, self._links(links, ids, summaries)

    def activity(self, task: ET.Element, ident: str, names: dict[str, str]) -> Activity:
        name = _text(task, "Name") or ""
        self._task_warnings(task, ident, name)
        duration = self._duration(task, ident)
        if self.flag(task, "Milestone", subject=ident) and duration.days:
            self.warn(f"{ident} ({name}): a milestone with a duration is imported with its duration", task, ident)
        calendar_uid = _text(task, "CalendarUID")
        calendar = names.get(calendar_uid) if calendar_uid not in (None, "-1") else None
        constraint = self._constraint(task, ident, name)
        manual = False
        if self.flag(task, "Manual", subject=ident):
            typed = self._typed(task, ident)
            if typed is not None:
                constraint = Constraint(type=ConstraintType.SNET, date=typed[0])
                # MS Project (as MPXJ reproduces it): a manual task with typed values is never critical
                manual = any(_child(task, f"{field}Text") is not None for field in ("Duration", "Start", "Finish"))
        return Activity(id=ident, name=name, duration=duration, calendar=calendar, constraint=constraint,
                        deadline=self.date(task, "Deadline", ident), manual=manual, source=self.at(task))

    def _typed(self, task: ET.Element, ident: str) -> tuple[dt.date, dt.date] | None:
        """The start and finish a manual task keeps (recorded for `checked`); None, warned, without them."""
        start, finish = self.date(task, "Start", ident), self.date(task, "Finish", ident)
        if start is None or finish is None:
            self.warn(f"{ident}: a manually scheduled task without a start and finish is scheduled automatically",
                      task, ident)
            return None
        self.typed[ident] = (start, finish, task)
        return start, finish

    def _task_warnings(self, task: ET.Element, ident: str, name: str) -> None:
        if (self.integer(task, "LevelingDelay", 0, subject=ident) or 0) != 0:
            self.warn(f"{ident} ({name}): leveling delay is ignored", task, ident)
        if not self.flag(task, "Active", True, subject=ident):
            self.warn(f"{ident} ({name}): an inactive task is scheduled as active", task, ident)

    def _twice(self, task: ET.Element, uid: int, ident: str) -> None:
        """A second task with one UID: an ``mspdi-value`` error, the task left out (MS Project never writes it)."""
        first = self.at(self.elements[ident]).line
        name = reprlib.repr(_text(task, "Name") or "")
        self.diagnostics.append(diagnostic(
            "mspdi-value", f"task UID {uid} is given to two tasks (first on line {first}); the second, {name}, is left "
            "out", source=self.at(_child(task, "UID")), subject=ident,
            hint="UIDs are unique in a plan MS Project writes, so the file was edited by hand: give this task a UID of "
            "its own (and the links to it), or save the plan from MS Project again"))

    def _duration(self, task: ET.Element, ident: str) -> Duration:
        minutes = self.minutes(task, "Duration", ident) or 0.0
        elapsed = self.unit_format(task, "DurationFormat", ident) in _ELAPSED_FORMATS
        days = self.days(minutes, "duration", ident, _own(task, "Duration"), elapsed=elapsed)
        return Duration(days or 0, elapsed=elapsed)

    def _constraint(self, task: ET.Element, ident: str, name: str) -> Constraint | None:
        kind = self.integer(task, "ConstraintType", 0, subject=ident)
        if kind == 1:
            self.warn(f"{ident} ({name}): 'as late as possible' is scheduled as soon as possible", task, ident)
        if kind not in _CONSTRAINTS:
            return None
        when = self.date(task, "ConstraintDate", ident)
        return Constraint(type=_CONSTRAINTS[kind], date=when) if when is not None else None

    def _links(self, links: list[tuple[str, ET.Element]], ids: set[str], summaries: set[int]) -> list[Relation]:
        relations = []
        for successor, link in links:
            relation = self._link(successor, link, ids, summaries)
            if relation is not None:
                relations.append(relation)
        return relations

    def _link(self, successor: str, link: ET.Element, ids: set[str], summaries: set[int]) -> Relation | None:
        uid = self.integer(link, "PredecessorUID", low=0, high=_MAX_UID, subject=successor)
        if uid is None:
            return None
        predecessor = f"t{uid}"
        if uid in summaries:
            self.warn(f"link from summary task {uid} to {successor} is dropped: summary tasks are not imported",
                      link, successor)
            return None
        if predecessor not in ids:
            self.warn(f"link from unknown task {uid} to {successor} is dropped", link, successor,
                      hint=f"the file holds no task with UID {uid} (edited by hand?): link {successor} to its "
                      "predecessor again in MS Project and save the plan as XML again")
            return None
        if self.flag(link, "CrossProject", subject=successor):
            self.warn(f"cross-project link into {successor} is dropped", link, successor)
            return None
        kind = self.integer(link, "Type", 1, low=0, high=3, subject=successor)
        lag = self._lag(link, predecessor, successor)
        if lag is None:
            return None
        return Relation(predecessor=predecessor, successor=successor, type=_LINK_TYPES[1 if kind is None else kind],
                        lag=lag, source=self.at(link))

    def _lag(self, link: ET.Element, predecessor: str, successor: str) -> Duration | None:
        """The link's lag (negative: a lead); None, reported, when it is out of range."""
        tenths = self.integer(link, "LinkLag", 0, subject=successor) or 0
        fmt = self.unit_format(link, "LagFormat", successor)
        if fmt in _PERCENT_FORMATS:
            self.warn(f"link {predecessor} -> {successor}: a percentage lag is ignored", link, successor)
            return Duration(0)
        elapsed = fmt in _ELAPSED_FORMATS
        days = self.days(tenths / 10, "lag", successor, _own(link, "LinkLag"), elapsed=elapsed)
        return Duration(days, elapsed=elapsed) if days is not None else None

    def checked(self, activities: list[Activity], relations: list[Relation], specs: dict[str, CalendarSpec],
                default: str) -> list[Activity]:
        """Manual and split tasks against their calendars: a split task's duration becomes its span.

        A split task (the split lives in the assignments' timephased data) keeps its stored start and
        finish: MS Project moves the split with the task, so its span in working days is its duration
        here. A manual task whose typed dates do not span its duration, or that a predecessor would
        move, is warned about: the engine cannot keep both.
        """
        cache: dict[str, Calendar | None] = {}
        into: dict[str, list[Relation]] = {}
        for relation in relations:
            into.setdefault(relation.successor, []).append(relation)
        for relation in relations:
            if relation.predecessor in self.typed and relation.type is RelationType.SS:
                self.warn(f"{relation.predecessor}: a manually scheduled predecessor of an SS link (to "
                          f"{relation.successor}) gets its late finish from MS Project's own rule (the successor's "
                          "late finish, or the project finish); its late dates and slack here follow the link",
                          relation.source, relation.predecessor, hint=f"make {relation.predecessor} automatically "
                          "scheduled in MS Project, or check its slack by hand")
        result = []
        for item in activities:
            activity, ident = item, item.id
            cal = _calendar(activity.calendar or default, specs, cache)
            if cal is not None and ident in self.stored:
                start, finish, _ = self.stored[ident]
                span = cal.finish_index(finish) - cal.index(start)
                if span > activity.duration.days and not activity.duration.elapsed:
                    note = f"split in MS Project: {activity.duration.days} working days of work over {span}"
                    activity = attrs.evolve(activity, duration=Duration(span), description=note)
            if cal is not None and ident in self.typed:
                self._check_manual(activity, cal, into.get(ident, []))
            self._check_hours(activity, activity.calendar or default)
            result.append(activity)
        return result

    def _check_hours(self, activity: Activity, calendar: str) -> None:
        lengths = self.hour_level.get(calendar)
        if lengths and activity.duration.days:
            shown = ", ".join(f"{m / 60:g} h" for m in lengths)
            self.warn(f"{activity.id}: hour-level time: its calendar {calendar} has working days of {shown}, not "
                      f"the {self.minutes_per_day / 60:g} hours of MinutesPerDay; the engine counts whole days",
                      activity.source, activity.id,
                      hint=f"give calendar {calendar} working days of {self.minutes_per_day / 60:g} hours in MS "
                      "Project (or set the project's hours per day to match it), or check the task's dates by hand")

    def _check_manual(self, activity: Activity, cal: Calendar, into: list[Relation]) -> None:
        start, finish, element = self.typed[activity.id]
        span = cal.finish_index(finish) - cal.index(start)
        days = activity.duration.days
        if days and not activity.duration.elapsed and span != days:
            self.warn(f"{activity.id}: a manually scheduled task typed from {start} to {finish} ({span} working days) "
                      f"with a duration of {days} days is scheduled on its duration from {start}", element, activity.id)
        for relation in into:
            theirs = self.typed.get(relation.predecessor) or self.stored.get(relation.predecessor)
            if theirs is None or relation.lag.elapsed:
                continue
            kind = relation.type
            anchor = cal.finish_index(theirs[1]) if kind in (RelationType.FS, RelationType.FF) else cal.index(theirs[0])
            mine = cal.index(start) if kind in (RelationType.FS, RelationType.SS) else cal.finish_index(finish)
            if anchor + relation.lag.days > mine:
                self.warn(f"{activity.id}: a manually scheduled task keeps its typed dates in MS Project, but its "
                          f"predecessor {relation.predecessor} moves it here", relation.source or element, activity.id,
                          hint=f"move {activity.id}'s typed dates after {relation.predecessor} in MS Project, or make "
                          "it automatically scheduled")


def _split_tasks(root: ET.Element) -> set[int]:
    """UIDs of the tasks split in MS Project: an assignment's timephased work holds a zero-work period."""
    block = _child(root, "Assignments")
    split: set[int] = set()
    for assignment in _children(block, "Assignment") if block is not None else ():
        for period in _children(assignment, "TimephasedData"):
            value = _text(period, "Value")
            uid = _text(assignment, "TaskUID") or ""
            if value is not None and _minutes(value) == 0 and uid.isdigit() and len(uid) < 11:
                split.add(int(uid))
                break
    return split
