"""MS Project XML (MSPDI) import: tasks, links, constraints, calendars, actuals and baselines.

:func:`load_mspdi` reads a file saved by MS Project as XML (File > Save As >
XML Format) into a :class:`~portfolio.model.Portfolio`:

- every task becomes an :class:`~portfolio.model.Activity` with id
  ``t<UID>`` (stable when tasks are renamed or moved) and the task's Name;
- summary tasks (and the project summary, UID 0) are left out: MS Project
  derives their dates from their children and these files do not link them;
  a link to a summary task is dropped with an ``mspdi-unsupported`` warning;
- durations and lags (tenths of a minute in the file) become working days
  of ``MinutesPerDay`` minutes (elapsed formats become ``ed`` days);
- calendars become :class:`~portfolio.model.CalendarSpec` with base
  ``none`` (MS Project calendars hold their own holidays as exceptions);
- actual dates and remaining durations become one status update on the
  project's ``StatusDate`` (else its ``CurrentDate``);
- baselines 0–10 become baselines ``baseline``, ``baseline1`` ...
  ``baseline10``; baseline 0 is the current one.

The file is untrusted input: a DOCTYPE or entity declaration is refused
(``mspdi-syntax``), and nothing raises on bad data.

>>> from pathlib import Path
>>> [d.code for d in load_mspdi(Path("no/such/file.xml")).diagnostics]
['io-error']
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from portfolio.calendar import CalendarError, from_spec
from portfolio.diagnostics import Diagnostic, LoadResult, diagnostic
from portfolio.io._files import OLE2_MAGIC, binary_ms_project, read_bounded
from portfolio.model import (
    Activity,
    ActivityProgress,
    Baseline,
    BaselineEntry,
    CalendarSpec,
    Constraint,
    ConstraintType,
    Duration,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
    Source,
    StatusUpdate,
)

__all__ = ["MAX_BYTES", "load_mspdi", "parse_mspdi"]

#: Larger files are refused (an MS Project plan of 100,000 tasks is about 200 MB).
MAX_BYTES: Final = 512 * 1024 * 1024

_LINK_TYPES: Final = {0: RelationType.FF, 1: RelationType.FS, 2: RelationType.SF, 3: RelationType.SS}
_CONSTRAINTS: Final = {2: ConstraintType.MSO, 3: ConstraintType.MFO, 4: ConstraintType.SNET,
                       5: ConstraintType.SNLT, 6: ConstraintType.FNET, 7: ConstraintType.FNLT}
#: MSPDI duration/lag formats that count elapsed time (em, eh, ed, ew, emo and their "estimated" forms).
_ELAPSED_FORMATS: Final = frozenset({4, 6, 8, 10, 12, 36, 38, 40, 42, 44})
_PERCENT_FORMATS: Final = frozenset({19, 20})
_DURATION = re.compile(r"^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+(?:\.\d+)?)H)?"
                       r"(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$")
_UNSAFE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def load_mspdi(path: Path) -> LoadResult:
    """Read an MSPDI XML file into a portfolio; problems become diagnostics, never exceptions.

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     bomb = Path(tmp, "bomb.xml")
    ...     _ = bomb.write_text('<!DOCTYPE p [<!ENTITY a "aaaa">]><Project>&a;</Project>')
    ...     [d.code for d in load_mspdi(bomb).diagnostics]
    ['mspdi-syntax']
    """
    data = read_bounded(path, MAX_BYTES, str(path))
    if isinstance(data, Diagnostic):
        return _failed(data)
    return parse_mspdi(data, str(path))


def parse_mspdi(data: bytes, filename: str = "<mspdi>") -> LoadResult:
    """Parse MSPDI XML held in memory (see :func:`load_mspdi`).

    >>> xml = b'''<Project xmlns="http://schemas.microsoft.com/project">
    ...   <StartDate>2024-01-08T08:00:00</StartDate>
    ...   <Tasks><Task><UID>1</UID><Name>Build</Name><Duration>PT40H0M0S</Duration></Task>
    ...          <Task><UID>2</UID><Name>Go-live</Name><Duration>PT0H0M0S</Duration>
    ...            <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink></Task>
    ...   </Tasks></Project>'''
    >>> portfolio, diagnostics = parse_mspdi(xml)
    >>> [(a.id, a.name, a.duration.days) for a in portfolio.activities.values()]
    [('t1', 'Build', 5), ('t2', 'Go-live', 0)]
    >>> portfolio.relations[0].predecessor, portfolio.settings.start
    ('t1', datetime.date(2024, 1, 8))
    """
    where = Source(filename)
    if data.startswith(OLE2_MAGIC):
        return _failed(binary_ms_project(filename))
    if _UNSAFE.search(data[:1_000_000]) or _UNSAFE.search(data):
        return _failed(diagnostic("mspdi-syntax", "the file declares a DOCTYPE or entities, which are refused",
                                  source=where, hint="save the plan from MS Project as XML again"))
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        line, column = error.position
        return _failed(diagnostic("mspdi-syntax", f"not well-formed XML: {error}",
                                  source=Source(filename, line, column + 1),
                                  hint="save the plan from MS Project as XML again (File > Save As > XML)"))
    if _local(root.tag) != "Project":
        return _failed(diagnostic("mspdi-syntax", f"the root element is <{_local(root.tag)}>, not <Project>",
                                  source=where, hint="is this an MS Project XML file?"))
    return _Reader(root, filename).read()


def _failed(problem: Diagnostic) -> LoadResult:
    return LoadResult(Portfolio(), (problem,))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in element if _local(child.tag) == name)


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next(_children(element, name), None)


def _text(element: ET.Element, name: str) -> str | None:
    child = _child(element, name)
    if child is None or child.text is None:
        return None
    return child.text.strip()


def _int(element: ET.Element, name: str, default: int | None = None) -> int | None:
    text = _text(element, name)
    if text is None:
        return default
    try:
        return int(float(text))
    except ValueError:
        return default


def _datetime(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def _minutes(text: str | None) -> float | None:
    """Minutes of an ISO 8601 duration such as ``PT8H0M0S``."""
    if not text:
        return None
    match = _DURATION.match(text)
    if match is None:
        return None
    sign, years, months, days, hours, minutes, seconds = match.groups()
    total = ((float(years or 0) * 365 + float(months or 0) * 30 + float(days or 0)) * 1440
             + float(hours or 0) * 60 + float(minutes or 0) + float(seconds or 0) / 60)
    return -total if sign else total


class _Reader:
    """One pass over the XML tree; collects diagnostics as it goes."""

    def __init__(self, root: ET.Element, filename: str) -> None:
        self.root = root
        self.filename = filename
        self.where = Source(filename)
        self.diagnostics: list[Diagnostic] = []
        self.minutes_per_day = _int(root, "MinutesPerDay", 480) or 480

    def warn(self, message: str, subject: str | None = None) -> None:
        self.diagnostics.append(diagnostic(
            "mspdi-unsupported", message, source=self.where, subject=subject,
            hint="check the affected dates by hand, or make the task automatically scheduled in MS Project"))

    def days(self, minutes: float, what: str, subject: str) -> int:
        days = minutes / self.minutes_per_day
        whole = round(days)
        if abs(days - whole) > 1e-6:
            self.warn(f"{subject}: {what} of {days:g} days rounded to {whole} (the scheduler counts whole "
                      "working days)", subject)
        return whole

    def read(self) -> LoadResult:
        root = self.root
        start = _datetime(_text(root, "StartDate"))
        calendars, names = self.calendars()
        default_uid = _text(root, "CalendarUID")
        settings = PortfolioSettings(
            name=_text(root, "Title") or _text(root, "Name") or "portfolio",
            calendar=names.get(default_uid or "", "standard"),
            start=start.date() if start else None,
            critical_float=_int(root, "CriticalSlackLimit", 0) or 0,
            source=self.where,
        )
        if (_int(root, "ScheduleFromStart", 1) or 0) == 0:
            self.warn("the project is scheduled from its finish date; it is imported as scheduled from the start")
        activities, summaries, progress, relations = self.tasks(names)
        self.assignments(summaries)
        status_day = _datetime(_text(root, "StatusDate")) or _datetime(_text(root, "CurrentDate"))
        updates = []
        if progress:
            day = status_day.date() if status_day else max(
                d for p in progress for d in (p.actual_start, p.actual_finish) if d is not None)
            updates.append(StatusUpdate(date=day, progress={p.activity: p for p in progress}, source=self.where))
        portfolio = Portfolio(settings=settings, calendars=calendars, activities=activities, relations=relations,
                              baselines=self.baselines(activities, calendars, settings),
                              status_updates=updates)
        return LoadResult(portfolio, tuple(self.diagnostics))

    # --- calendars -------------------------------------------------------------------------

    def calendars(self) -> tuple[list[CalendarSpec], dict[str, str]]:
        block = _child(self.root, "Calendars")
        raw = list(_children(block, "Calendar")) if block is not None else []
        by_uid = {_text(c, "UID") or "": c for c in raw}
        names: dict[str, str] = {}
        for uid, element in by_uid.items():
            slug = re.sub(r"[^a-z0-9]+", "-", (_text(element, "Name") or "").lower()).strip("-")
            ident = slug if slug and slug[0].isalnum() else f"cal{uid}"
            if ident in names.values():
                ident = f"{ident}-{uid}"
            names[uid] = ident
        specs = []
        for uid, element in by_uid.items():
            week = self._week(element, by_uid)
            closed, opened = self._exceptions(element, names[uid])
            specs.append(CalendarSpec(id=names[uid], name=_text(element, "Name") or "", base="none",
                                      workweek=tuple(sorted(week)), closed=closed, open=opened,
                                      source=self.where))
        return specs, names

    def _week(self, element: ET.Element, by_uid: dict[str, ET.Element], depth: int = 0) -> set[int]:
        base_uid = _text(element, "BaseCalendarUID")
        week = (self._week(by_uid[base_uid], by_uid, depth + 1)
                if base_uid in by_uid and by_uid[base_uid] is not element and depth < 8
                else {0, 1, 2, 3, 4})
        days = _child(element, "WeekDays")
        for day in _children(days, "WeekDay") if days is not None else ():
            kind = _int(day, "DayType")
            working = _int(day, "DayWorking")
            if kind is None or not 1 <= kind <= 7 or working is None:
                continue
            weekday = (kind + 5) % 7  # MSPDI: 1 = Sunday ... 7 = Saturday; ours: 0 = Monday
            (week.add if working else week.discard)(weekday)
        return week

    def _exceptions(self, element: ET.Element, ident: str) -> tuple[list[dt.date], list[dt.date]]:
        closed: list[dt.date] = []
        opened: list[dt.date] = []
        periods: list[tuple[ET.Element, ET.Element]] = []
        days = _child(element, "WeekDays")
        for day in _children(days, "WeekDay") if days is not None else ():
            if _int(day, "DayType") == 0:  # MS Project 2003 style exception
                period = _child(day, "TimePeriod")
                if period is not None:
                    periods.append((period, day))
        block = _child(element, "Exceptions")
        for exception in _children(block, "Exception") if block is not None else ():
            if (_int(exception, "Occurrences", 1) or 1) > 1 and _int(exception, "Type", 1) not in (None, 1):
                self.warn(f"calendar {ident}: a recurring exception is imported as one date range", ident)
            period = _child(exception, "TimePeriod")
            if period is not None:
                periods.append((period, exception))
        for period, owner in periods:
            first = _datetime(_text(period, "FromDate"))
            last = _datetime(_text(period, "ToDate"))
            if first is None or last is None or last < first:
                continue
            span = min((last.date() - first.date()).days, 3660)
            target = opened if _int(owner, "DayWorking", 0) else closed
            target.extend(first.date() + dt.timedelta(days=i) for i in range(span + 1))
        return closed, opened

    # --- tasks -------------------------------------------------------------------------------

    def tasks(self, names: dict[str, str]) -> tuple[list[Activity], set[str], list[ActivityProgress],
                                                    list[Relation]]:
        block = _child(self.root, "Tasks")
        tasks = list(_children(block, "Task")) if block is not None else []
        activities: list[Activity] = []
        summaries: set[str] = set()
        progress: list[ActivityProgress] = []
        links: list[tuple[str, ET.Element]] = []
        ids: set[str] = set()
        self.baseline_raw: dict[tuple[int, str], tuple[dt.date | None, dt.date | None, int | None]] = {}
        for task in tasks:
            uid = _text(task, "UID")
            if uid is None or _int(task, "IsNull", 0):
                continue
            ident = f"t{uid}"
            if uid == "0" or _int(task, "Summary", 0):
                summaries.add(uid)
                continue
            if ident in ids:
                self.warn(f"task UID {uid} appears twice; the second is ignored", ident)
                continue
            ids.add(ident)
            name = _text(task, "Name") or ""
            if _int(task, "Manual", 0):
                self.warn(f"{ident} ({name}): a manually scheduled task is scheduled automatically", ident)
            if (_int(task, "LevelingDelay", 0) or 0) != 0:
                self.warn(f"{ident} ({name}): leveling delay is ignored", ident)
            if _int(task, "Active", 1) == 0:
                self.warn(f"{ident} ({name}): an inactive task is scheduled as active", ident)
            minutes = _minutes(_text(task, "Duration")) or 0.0
            fmt = _int(task, "DurationFormat", 7) or 7
            if fmt in _ELAPSED_FORMATS:
                duration = Duration(round(minutes / 1440), elapsed=True)
            else:
                duration = Duration(self.days(minutes, "duration", ident))
            if _int(task, "Milestone", 0) and duration.days:
                self.warn(f"{ident} ({name}): a milestone with a duration is imported with its duration", ident)
            calendar_uid = _text(task, "CalendarUID")
            calendar = names.get(calendar_uid) if calendar_uid not in (None, "-1") else None
            constraint = None
            kind = _int(task, "ConstraintType", 0)
            when = _datetime(_text(task, "ConstraintDate"))
            if kind == 1:
                self.warn(f"{ident} ({name}): 'as late as possible' is scheduled as soon as possible", ident)
            elif kind in _CONSTRAINTS and when is not None:
                constraint = Constraint(type=_CONSTRAINTS[kind], date=when.date())
            deadline = _datetime(_text(task, "Deadline"))
            activities.append(Activity(id=ident, name=name, duration=duration, calendar=calendar,
                                       constraint=constraint, deadline=deadline.date() if deadline else None,
                                       source=Source(self.filename)))
            progress.extend(self._progress(task, ident, duration))
            self._task_baselines(task, ident)
            links.extend((ident, link) for link in _children(task, "PredecessorLink"))
        relations = self._links(links, ids, summaries)
        return activities, summaries, progress, relations

    def _progress(self, task: ET.Element, ident: str, duration: Duration) -> Iterator[ActivityProgress]:
        actual_start = _datetime(_text(task, "ActualStart"))
        actual_finish = _datetime(_text(task, "ActualFinish"))
        if actual_start is None and actual_finish is None:
            return
        remaining = None
        if actual_finish is None:
            minutes = _minutes(_text(task, "RemainingDuration"))
            if minutes is not None:
                remaining = Duration(max(self.days(minutes, "remaining duration", ident), 0))
        yield ActivityProgress(activity=ident, actual_start=actual_start.date() if actual_start else None,
                               actual_finish=actual_finish.date() if actual_finish else None,
                               remaining=remaining, source=Source(self.filename))

    def _task_baselines(self, task: ET.Element, ident: str) -> None:
        for element in _children(task, "Baseline"):
            number = _int(element, "Number")
            if number is None:
                continue
            start = _datetime(_text(element, "Start"))
            finish = _datetime(_text(element, "Finish"))
            minutes = _minutes(_text(element, "Duration"))
            days = round(minutes / self.minutes_per_day) if minutes is not None else None
            if start is None and finish is None:
                continue
            self.baseline_raw[(number, ident)] = (start.date() if start else None,
                                                  finish.date() if finish else None, days)

    def _links(self, links: list[tuple[str, ET.Element]], ids: set[str], summaries: set[str]) -> list[Relation]:
        relations = []
        for successor, link in links:
            uid = _text(link, "PredecessorUID")
            predecessor = f"t{uid}"
            if uid in summaries:
                self.warn(f"link from summary task {uid} to {successor} is dropped: summary tasks are not "
                          "imported", successor)
                continue
            if predecessor not in ids:
                self.warn(f"link from unknown task {uid} to {successor} is dropped", successor)
                continue
            if _text(link, "CrossProject") == "1":
                self.warn(f"cross-project link into {successor} is dropped", successor)
                continue
            kind = _LINK_TYPES.get(_int(link, "Type", 1) or 0, RelationType.FS)
            tenths = _int(link, "LinkLag", 0) or 0
            fmt = _int(link, "LagFormat", 7) or 7
            if fmt in _PERCENT_FORMATS:
                self.warn(f"link {predecessor} -> {successor}: a percentage lag is ignored", successor)
                lag = Duration(0)
            elif fmt in _ELAPSED_FORMATS:
                lag = Duration(round(tenths / 10 / 1440), elapsed=True)
            else:
                lag = Duration(self.days(tenths / 10, "lag", successor))
            relations.append(Relation(predecessor=predecessor, successor=successor, type=kind, lag=lag,
                                      source=Source(self.filename)))
        return relations

    def assignments(self, summaries: set[str]) -> None:
        block = _child(self.root, "Assignments")
        for assignment in _children(block, "Assignment") if block is not None else ():
            resource = _int(assignment, "ResourceUID", -65535)
            if resource is not None and resource >= 0:
                self.warn("resource assignments are ignored: task durations are used as they are "
                          "(resource-driven scheduling and leveling are not modelled)")
                return

    def baselines(self, activities: list[Activity], calendars: list[CalendarSpec],
                  settings: PortfolioSettings) -> list[Baseline]:
        by_id = {a.id: a for a in activities}
        specs = {c.id: c for c in calendars}
        numbers = sorted({number for number, _ in self.baseline_raw})
        result = []
        for number in numbers:
            entries = {}
            for (num, ident), (raw_start, raw_finish, days) in self.baseline_raw.items():
                if num != number or ident not in by_id:
                    continue
                start, finish = raw_start, raw_finish
                span = max((days if days is not None else by_id[ident].duration.days) - 1, 0)
                try:
                    spec = specs.get(by_id[ident].calendar or settings.calendar)
                    cal = from_spec(spec) if spec else None
                    if start is None and finish is not None:
                        start = (finish if span == 0 else cal.date(cal.finish_index(finish) - 1 - span) if cal
                                 else finish - dt.timedelta(days=span))
                    if finish is None and start is not None:
                        finish = cal.add_workdays(start, span) if cal else start + dt.timedelta(days=span)
                except (CalendarError, ValueError):
                    start = start or finish
                    finish = finish or start
                if start is None or finish is None:
                    continue
                entries[ident] = BaselineEntry(activity=ident, start=start, finish=max(finish, start),
                                               source=Source(self.filename))
            if entries:
                name = "baseline" if number == 0 else f"baseline{number}"
                result.append(Baseline(name=name, title=f"MS Project {name.capitalize()}",
                                       current=number == 0, entries=entries, source=self.where))
        return result
