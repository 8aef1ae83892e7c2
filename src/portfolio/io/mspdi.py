"""MS Project XML (MSPDI) import: tasks, links, constraints, calendars, actuals and baselines.

`load_mspdi` reads a file saved by MS Project as XML (File > Save As >
XML Format) into a [`Portfolio`][portfolio.model.Portfolio]:

- every task becomes an [`Activity`][portfolio.model.Activity] with id
  ``t<UID>`` (stable when tasks are renamed or moved) and the task's Name;
- summary tasks (and the project summary, UID 0) are left out: MS Project
  derives their dates from their children and these files do not link them;
  a link to a summary task is dropped with an ``mspdi-unsupported`` warning;
- durations and lags (tenths of a minute in the file) become working days
  of ``MinutesPerDay`` minutes (elapsed formats become ``ed`` days);
- calendars become [`CalendarSpec`][portfolio.model.CalendarSpec] with base
  ``none`` (MS Project calendars hold their own holidays as exceptions);
- actual dates and remaining durations become one status update on the
  project's ``StatusDate``; without one MS Project moves nothing (its
  ``CurrentDate`` is not a data date), and neither does the import;
- MS Project's own semantics become records: an SNET/MSO before the
  project start keeps its date, a manual task keeps its typed dates (an SNET,
  and [`manual`][portfolio.model.Activity.manual] for MS Project's critical
  rule), a split task keeps its span, recurring calendar exceptions close each
  occurrence, a task with resources works on their calendars (the union);
- what the day-based engine cannot express (hour-level time, ...) is an
  ``mspdi-unsupported`` warning naming the feature and the task;
- baselines 0–10 become baselines ``baseline``, ``baseline1`` ...
  ``baseline10``; baseline 0 is the current one.

The file is untrusted input: it is read only if it is a regular file of at
most `MAX_BYTES`, parsed with `defusedxml` (a DOCTYPE or entity
declaration is refused with ``mspdi-syntax``, whatever the encoding), and
nothing raises on bad data. Every diagnostic carries the line of the element
it is about. A number or date that cannot be read or lies out of range
(``inf``, a negative UID or duration, a date outside the calendar horizon)
is an ``mspdi-value`` error and is left out: the engine never sees it.

Examples:
    >>> from pathlib import Path
    >>> [d.code for d in load_mspdi(Path("no/such/file.xml")).diagnostics]
    ['io-error']
"""

# size: one reader of one format: calendars, tasks, links, constraints, progress and baselines share the file's units and the located warnings. Next step: split calendars and progress into their own modules, as io/p6/ is.

from __future__ import annotations

import datetime as dt
import math
import re
import reprlib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import attrs
import numpy as np

from portfolio.calendar import HORIZON_FIRST, HORIZON_LAST, Calendar, CalendarError, from_spec, resolve
from portfolio.diagnostics import Diagnostic, LoadResult, diagnostic
from portfolio.io._files import OLE2_MAGIC, binary_ms_project, read_bounded
from portfolio.io._recurrence import Pattern, occurrences
from portfolio.io._xml import parse_xml, place
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

__all__ = ["MAX_BYTES", "MAX_DAYS", "load_mspdi", "parse_mspdi"]

MAX_BYTES: Final = 512 * 1024 * 1024
"""Larger files are refused (an MS Project plan of 100,000 tasks is about 200 MB)."""
MAX_DAYS: Final = (HORIZON_LAST - HORIZON_FIRST).days + 1
"""The longest duration or lag (either way) imported: the calendar horizon's length in days."""
_MAX_UID: Final = 2**31 - 1
"""The largest UID (MS Project's UIDs are 32-bit integers)."""
_MAX_INT: Final = 2**53
"""Integers in the file are at most this large in magnitude (beyond it a value is corrupt, not big)."""

_LINK_TYPES: Final = {0: RelationType.FF, 1: RelationType.FS, 2: RelationType.SF, 3: RelationType.SS}
_CONSTRAINTS: Final = {2: ConstraintType.MSO, 3: ConstraintType.MFO, 4: ConstraintType.SNET,
                       5: ConstraintType.SNLT, 6: ConstraintType.FNET, 7: ConstraintType.FNLT}
_ELAPSED_FORMATS: Final = frozenset({4, 6, 8, 10, 12, 36, 38, 40, 42, 44})
"""MSPDI duration/lag formats that count elapsed time (em, eh, ed, ew, emo and their "estimated" forms)."""
_PERCENT_FORMATS: Final = frozenset({19, 20})
_DURATION = re.compile(r"^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+(?:\.\d+)?)H)?"
                       r"(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$")
_INTEGER = re.compile(r"^[-+]?\d{1,30}$")
_FLAGS: Final = {"0": False, "1": True, "false": False, "true": True}
_PATTERN_FIELDS: Final = (("period", "Period", 1), ("days_of_week", "DaysOfWeek", 0), ("month", "Month", 0),
                          ("month_day", "MonthDay", 1), ("month_item", "MonthItem", 3),
                          ("month_position", "MonthPosition", 0))
"""Fields of a recurring calendar exception: (Pattern field, MSPDI element, default)."""


def load_mspdi(path: Path) -> LoadResult:
    """Read an MSPDI XML file into a portfolio; problems become diagnostics, never exceptions.

    Examples:
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
    """Parse MSPDI XML held in memory (see `load_mspdi`).

    Examples:
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
    if data.startswith(OLE2_MAGIC):
        return _failed(binary_ms_project(filename))
    root = parse_xml(data, filename)
    if isinstance(root, Diagnostic):
        return _failed(root)
    if _local(root.tag) != "Project":
        p6 = _local(root.tag) == "APIBusinessObjects"
        return _failed(diagnostic("mspdi-syntax", f"the root element is <{_local(root.tag)}>, not <Project>",
                                  source=place(filename, root), hint="this is Primavera P6 XML: read it with "
                                  "portfolio.io.load (or `portfolio check`)" if p6 else "is this an MS Project XML "
                                  "file?"))
    return _Reader(root, filename).read()


def _failed(problem: Diagnostic) -> LoadResult:
    return LoadResult(Portfolio(), (problem,))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in element if _local(child.tag) == name)


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next(_children(element, name), None)


def _own(element: ET.Element, name: str) -> ET.Element:
    """The child ``name`` of ``element`` if it has one, else ``element`` itself (where a message points)."""
    child = _child(element, name)
    return element if child is None else child


def _text(element: ET.Element, name: str) -> str | None:
    child = _child(element, name)
    if child is None or child.text is None:
        return None
    return child.text.strip()


def _number(text: str) -> float | int | None:
    """An integer (exactly) or a finite float; None for anything else (``inf``, ``NaN``, words)."""
    if _INTEGER.match(text):
        return int(text)
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _minutes(text: str) -> float | None:
    """Minutes of an ISO 8601 duration such as ``PT8H0M0S`` (None: unreadable or not finite)."""
    match = _DURATION.match(text)
    if match is None:
        return None
    sign, years, months, days, hours, minutes, seconds = match.groups()
    total = ((float(years or 0) * 365 + float(months or 0) * 30 + float(days or 0)) * 1440
             + float(hours or 0) * 60 + float(minutes or 0) + float(seconds or 0) / 60)
    if not math.isfinite(total):
        return None
    return -total if sign else total


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    """The days from ``first`` to ``last`` (at most ten years of them: a longer exception is a typo)."""
    span = min((last - first).days, 3660)
    return [first + dt.timedelta(days=i) for i in range(span + 1)]


def _in_horizon(day: dt.date) -> bool:
    return HORIZON_FIRST <= day <= HORIZON_LAST


class _Values:
    """Reads the values of elements, checked: what cannot be read or is out of range is an ``mspdi-value`` error."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.diagnostics: list[Diagnostic] = []

    def at(self, element: ET.Element | None) -> Source:
        return place(self.filename, element)

    def warn(self, message: str, element: ET.Element | Source | None, subject: str | None = None,
             hint: str = "check the affected dates by hand, or make the task automatically scheduled in MS Project",
             ) -> None:
        """An ``mspdi-unsupported`` warning at ``element`` (or at a place already known)."""
        where = element if isinstance(element, Source) else self.at(element)
        self.diagnostics.append(diagnostic("mspdi-unsupported", message, source=where, subject=subject, hint=hint))

    def bad(self, element: ET.Element, name: str, text: str, why: str, subject: str | None = None) -> None:
        """Report a value of ``element``'s child ``name`` that is left out."""
        child = _child(element, name)
        self.diagnostics.append(diagnostic(
            "mspdi-value", f"<{name}> {reprlib.repr(text)} {why}; the value is left out", source=self.at(child),
            subject=subject, hint="correct the value in MS Project (or in the XML) and save the plan as XML again"))

    def integer(self, element: ET.Element, name: str, default: int | None = None, *,
                low: int = -_MAX_INT, high: int = _MAX_INT, subject: str | None = None) -> int | None:
        """The integer in ``element``'s child ``name``, ``default`` when it is absent, unreadable or out of range.

        A finite decimal such as ``1.0`` is read as its integer part (as MS Project reads it).
        """
        text = _text(element, name)
        if not text:
            return default
        value = _number(text)
        if value is None:
            self.bad(element, name, text, "is not a finite number", subject)
            return default
        if not low <= value <= high:
            self.bad(element, name, text, f"is out of range ({low:,} to {high:,})", subject)
            return default
        return int(value)

    def flag(self, element: ET.Element, name: str, default: bool = False, subject: str | None = None) -> bool:
        """A boolean child (``0``/``1``, or xsd's ``false``/``true``)."""
        text = _text(element, name)
        if not text:
            return default
        value = _FLAGS.get(text.lower())
        if value is None:
            self.bad(element, name, text, "is not 0 or 1", subject)
            return default
        return value

    def date(self, element: ET.Element, name: str, subject: str | None = None) -> dt.date | None:
        """The date of a timestamp child; None when absent, unreadable or outside the calendar horizon."""
        text = _text(element, name)
        if not text:
            return None
        try:
            day = dt.datetime.fromisoformat(text).date()
        except ValueError:
            self.bad(element, name, text, "is not a date and time (2024-01-08T08:00:00)", subject)
            return None
        if not _in_horizon(day):
            self.bad(element, name, text, f"lies outside the calendar horizon ({HORIZON_FIRST} to {HORIZON_LAST})",
                     subject)
            return None
        return day

    def minutes(self, element: ET.Element, name: str, subject: str, *, negative: bool = False) -> float | None:
        """The minutes of an ISO 8601 duration child; None when absent or unreadable (or negative, unless allowed)."""
        text = _text(element, name)
        if not text:
            return None
        minutes = _minutes(text)
        if minutes is None:
            self.bad(element, name, text, "is not a duration (PT8H0M0S)", subject)
        elif minutes < 0 and not negative:
            self.bad(element, name, text, "is negative", subject)
            return None
        return minutes


class _Reader(_Values):
    """One pass over the XML tree; collects diagnostics as it goes."""

    def __init__(self, root: ET.Element, filename: str) -> None:
        super().__init__(filename)
        self.root = root
        self.minutes_per_day = self.integer(root, "MinutesPerDay", 480, low=1, high=1440) or 480
        self.baseline_raw: dict[tuple[int, str], tuple[dt.date | None, dt.date | None, int | None, Source]] = {}
        #: the dates a manual task keeps, and the dates MS Project stored for a split task
        self.typed: dict[str, tuple[dt.date, dt.date, ET.Element]] = {}
        self.stored: dict[str, tuple[dt.date, dt.date, ET.Element]] = {}
        self.split = _split_tasks(root)
        self.elements: dict[str, ET.Element] = {}
        #: calendars with working days of other lengths than MinutesPerDay: calendar id -> those lengths
        self.hour_level: dict[str, list[int]] = {}

    def days(self, minutes: float, what: str, subject: str, element: ET.Element, *, elapsed: bool = False,
             exact: bool = True) -> int | None:
        """Whole days (working days of MinutesPerDay, or elapsed days); None, reported, beyond `MAX_DAYS`.

        Rounding a working-day value to whole days warns, unless ``exact`` is False (or the days are elapsed).
        """
        days = minutes / (1440 if elapsed else self.minutes_per_day)
        if abs(days) > MAX_DAYS:
            self.diagnostics.append(diagnostic(
                "mspdi-value", f"{subject}: a {what} of {days:,.0f} days is longer than {MAX_DAYS:,} days (the "
                "calendar horizon); it is left out", source=self.at(element), subject=subject,
                hint="correct the value in MS Project (or in the XML) and save the plan as XML again"))
            return None
        whole = round(days)
        if abs(days - whole) > 1e-6 and exact and not elapsed:
            self.warn(f"{subject}: {what} of {days:g} days rounded to {whole} (the scheduler counts whole "
                      "working days)", element, subject)
        return whole

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

    def status(self, progress: list[ActivityProgress], start: dt.date | None) -> list[StatusUpdate]:
        """One status update holding every task's progress, on the StatusDate.

        Without a StatusDate MS Project moves nothing (its CurrentDate is not a data date): the update
        is dated the day before the project start (or the first actual date), so it holds nothing back.
        """
        if not progress:
            return []
        by_task = {p.activity: p for p in progress}
        day = self.date(self.root, "StatusDate")
        if day is not None:
            return [StatusUpdate(date=day, progress=by_task, source=self.at(_child(self.root, "StatusDate")))]
        first = min([d for p in progress for d in (p.actual_start, p.actual_finish) if d is not None]
                    + ([start] if start is not None else []))
        day = max(first - dt.timedelta(days=1), HORIZON_FIRST)
        return [StatusUpdate(date=day, progress=by_task, comments="no StatusDate in the file: nothing is moved",
                             source=self.at(self.root))]

    def anchored(self, settings: PortfolioSettings, activities: list[Activity], relations: list[Relation],
                 updates: list[StatusUpdate], specs: dict[str, CalendarSpec]) -> tuple[PortfolioSettings,
                                                                                        list[Activity]]:
        """The project start as MS Project reads it: a SNET or MSO before the StartDate is kept on its date.

        The portfolio then starts on the earliest such date (or the status update's), and every task that
        MS Project starts at the StartDate (no predecessor, or an FF one; no constraint, no progress) gets an SNET on it.
        Work in progress without a StatusDate resumes where MS Project says it does (an SNET on its Resume).
        """
        start = settings.start
        if start is None:
            return settings, activities
        early = [a.constraint.date for a in activities if a.constraint is not None
                 and a.constraint.type in (ConstraintType.SNET, ConstraintType.MSO) and a.constraint.date < start]
        dated = [u.date for u in updates if _child(self.root, "StatusDate") is None]
        anchor = min([start, *early])
        if dated:  # the update holds nothing back: dated the day before anything starts
            anchor = min(dated[0], max(anchor - dt.timedelta(days=1), HORIZON_FIRST))
            updates[0] = attrs.evolve(updates[0], date=anchor)
        if anchor == start:
            return settings, activities
        hold = bool(early) or anchor < start - dt.timedelta(days=1)  # the status date alone holds nothing back
        # MS Project starts a task at the StartDate unless its predecessors start it: the start that an FF
        # link gives is never before the StartDate (an FS, SS or SF link's can be), so a task with an FF
        # predecessor is held at the StartDate too
        finish_led = {r.successor for r in relations if r.type is RelationType.FF}
        followers = {r.successor for r in relations} - finish_led
        progress = dict(updates[0].progress) if updates else {}
        cache: dict[str, Calendar | None] = {}
        result = []
        for item in activities:
            prog, activity = progress.get(item.id), item
            if prog is not None and prog.actual_finish is None and dated:
                cal = _calendar(item.calendar or settings.calendar, specs, cache)
                activity, progress[item.id] = self._resumed(item, prog, cal)
            elif hold and prog is None and item.id not in followers and item.constraint is None:
                activity = attrs.evolve(item, constraint=Constraint(type=ConstraintType.SNET, date=start))
            result.append(activity)
        if updates:
            updates[0] = attrs.evolve(updates[0], progress=progress)
        return attrs.evolve(settings, start=anchor), result

    def _resumed(self, activity: Activity, prog: ActivityProgress, cal: Calendar | None) -> tuple[Activity,
                                                                                                  ActivityProgress]:
        """Work in progress without a StatusDate: its remaining work starts at MS Project's Resume date.

        Without a Resume, that is the actual start plus the work done (duration less remaining).
        """
        element = self.elements.get(activity.id)
        resume = self.date(element, "Resume", activity.id) if element is not None else None
        total = max(activity.duration.days, 0)
        remaining = prog.remaining if prog.remaining is not None else Duration(total)
        if resume is None and cal is not None and prog.actual_start is not None:
            done = min(max(total - remaining.days, 0), MAX_DAYS)
            resume = cal.date(min(cal.index(prog.actual_start) + done, cal.size - 1))
        if resume is None or activity.constraint is not None:
            self.warn(f"{activity.id}: work in progress without a StatusDate (and with a constraint) resumes here "
                      "where the engine's status date puts it, not where its actual work stopped",
                      activity.source, activity.id, hint="set the project's status date in MS Project "
                      "(Project > Status Date) and save the plan as XML again")
            return activity, prog
        return (attrs.evolve(activity, constraint=Constraint(type=ConstraintType.SNET, date=resume)),
                attrs.evolve(prog, remaining=remaining))

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
        own = {uid: self._exceptions(element, names[uid]) for uid, element in by_uid.items()}
        for uid, element in by_uid.items():
            week = self._week(element, by_uid)
            lengths = _day_lengths(element, by_uid)
            odd = sorted({m for day, m in lengths.items() if day in week and m != self.minutes_per_day})
            if odd:
                self.hour_level[names[uid]] = odd
            closed, opened = _inherited(uid, by_uid, own)
            specs.append(CalendarSpec(id=names[uid], name=_text(element, "Name") or "", base="none",
                                      workweek=tuple(sorted(week)), closed=sorted(set(closed)),
                                      open=sorted(set(opened)),  # overlapping exceptions name a day once
                                      source=self.at(element)))
        return specs, names

    def _week(self, element: ET.Element, by_uid: dict[str, ET.Element], depth: int = 0) -> set[int]:
        base_uid = _text(element, "BaseCalendarUID")
        week = (self._week(by_uid[base_uid], by_uid, depth + 1)
                if base_uid in by_uid and by_uid[base_uid] is not element and depth < 8
                else {0, 1, 2, 3, 4})
        days = _child(element, "WeekDays")
        for day in _children(days, "WeekDay") if days is not None else ():
            kind = self.integer(day, "DayType")
            if kind is None or not 1 <= kind <= 7 or _text(day, "DayWorking") is None:
                continue
            weekday = (kind + 5) % 7  # MSPDI: 1 = Sunday ... 7 = Saturday; ours: 0 = Monday
            (week.add if self.flag(day, "DayWorking") else week.discard)(weekday)
        return week

    def _exceptions(self, element: ET.Element, ident: str) -> tuple[list[dt.date], list[dt.date]]:
        closed: list[dt.date] = []
        opened: list[dt.date] = []
        periods: list[tuple[ET.Element, ET.Element]] = []
        days = _child(element, "WeekDays")
        for day in _children(days, "WeekDay") if days is not None else ():
            if self.integer(day, "DayType") == 0:  # MS Project 2003 style exception
                period = _child(day, "TimePeriod")
                if period is not None:
                    periods.append((period, day))
        block = _child(element, "Exceptions")
        for exception in _children(block, "Exception") if block is not None else ():
            period = _child(exception, "TimePeriod")
            if period is not None:
                periods.append((period, exception))
        for period, owner in periods:
            bounds = self._period(period)
            if bounds is None:
                continue
            recurring = _local(owner.tag) == "Exception"
            span = self._recurring(owner, *bounds, ident) if recurring else _days(*bounds)
            (opened if self.flag(owner, "DayWorking") else closed).extend(span)
        return closed, opened

    def _recurring(self, exception: ET.Element, first: dt.date, last: dt.date, ident: str) -> list[dt.date]:
        """The days of an exception: each occurrence of a recurring one, else its whole range."""
        count = self.integer(exception, "Occurrences", 1) or 1
        kind = self.integer(exception, "Type", 1) or 1
        if count <= 1 and kind == 1:
            return _days(first, last)
        pattern = Pattern(kind=kind, **{field: self.integer(exception, name, default) or default
                                        for field, name, default in _PATTERN_FIELDS})
        if not pattern.readable:
            self.diagnostics.append(diagnostic(
                "mspdi-unsupported", f"calendar {ident}: recurring exception "
                f"'{_text(exception, 'Name') or ''}' (type {kind}, item {pattern.month_item}) is not read; "
                "its days are left as the working week makes them", source=self.at(exception), subject=ident,
                hint="in MS Project, make the exception recur on a weekday (e.g. 'first Monday') or enter its "
                "days as single exceptions, and save the plan as XML again"))
            return []
        if not self.flag(exception, "EnteredByOccurrences", True):
            count = MAX_DAYS  # ended by a date: every occurrence up to ToDate
        return occurrences(pattern, first, last, count)

    def _period(self, period: ET.Element) -> tuple[dt.date, dt.date] | None:
        """The first and last day of a TimePeriod, within the calendar horizon (the calendar holds no others)."""
        ends = []
        for name in ("FromDate", "ToDate"):
            text = _text(period, name) or ""
            try:
                ends.append(dt.datetime.fromisoformat(text).date())
            except ValueError:
                if text:
                    self.bad(period, name, text, "is not a date and time (2024-01-08T08:00:00)")
                return None
        first, last = max(ends[0], HORIZON_FIRST), min(ends[1], HORIZON_LAST)
        return (first, last) if first <= last else None

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
                self.warn(f"task UID {uid} appears twice; the second is ignored", task, ident)
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

    def _duration(self, task: ET.Element, ident: str) -> Duration:
        minutes = self.minutes(task, "Duration", ident) or 0.0
        elapsed = (self.integer(task, "DurationFormat", 7, subject=ident) or 7) in _ELAPSED_FORMATS
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

    def _progress(self, task: ET.Element, ident: str) -> Iterator[ActivityProgress]:
        actual_start = self.date(task, "ActualStart", ident)
        actual_finish = self.date(task, "ActualFinish", ident)
        if actual_start is None and actual_finish is None:
            return
        remaining = None
        if actual_finish is None:
            minutes = self.minutes(task, "RemainingDuration", ident)
            if minutes is not None:
                days = self.days(minutes, "remaining duration", ident, _own(task, "RemainingDuration"))
                remaining = Duration(days) if days is not None else None
        yield ActivityProgress(activity=ident, actual_start=actual_start, actual_finish=actual_finish,
                               remaining=remaining, source=self.at(task))

    def _task_baselines(self, task: ET.Element, ident: str) -> None:
        for element in _children(task, "Baseline"):
            number = self.integer(element, "Number", low=0, high=10, subject=ident)
            if number is None:
                continue
            start = self.date(element, "Start", ident)
            finish = self.date(element, "Finish", ident)
            minutes = self.minutes(element, "Duration", ident)
            days = (self.days(minutes, "baseline duration", ident, _own(element, "Duration"),
                              exact=False) if minutes is not None else None)
            if start is None and finish is None:
                continue
            self.baseline_raw[(number, ident)] = (start, finish, days, self.at(element))

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
            self.warn(f"link from unknown task {uid} to {successor} is dropped", link, successor)
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
        fmt = self.integer(link, "LagFormat", 7, subject=successor) or 7
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

    def assignments(self, activities: list[Activity], names: dict[str, str], specs: dict[str, CalendarSpec],
                    default: str) -> list[Activity]:
        """Tasks with resources and no calendar of their own work on their resources' calendars (their union).

        A union of calendars joins ``specs`` as ``union-<a>-<b>``; a union of calendars with hour-level
        working time is warned about (see `checked`).
        """
        on = self._resource_calendars(names)
        if not on:
            return activities
        cache: dict[str, Calendar | None] = {}
        base = _calendar(default, specs, cache)
        result = []
        for activity in activities:
            ids = on.get(activity.id, set())
            cals = {i: _calendar(i, specs, cache) for i in sorted(ids)}
            other = sorted(i for i, c in cals.items() if c is not None and (
                base is None or not _same(c, base) or i in self.hour_level))
            if activity.calendar is not None or not other:
                result.append(activity)
                continue
            first = cals[other[0]]
            alike = len(other) == len(cals) and all(_same(c, first) for c in cals.values() if c and first)
            ident = other[0] if alike else _union(sorted(cals), specs, self.hour_level)
            result.append(attrs.evolve(activity, calendar=ident))
        return result

    def _resource_calendars(self, names: dict[str, str]) -> dict[str, set[str]]:
        """Task id -> the calendars of the resources assigned to it (work resources with a calendar)."""
        block = _child(self.root, "Resources")
        calendar_of: dict[int, str] = {}
        for element in _children(block, "Resource") if block is not None else ():
            uid = self.integer(element, "UID", -1)
            ident = names.get(_text(element, "CalendarUID") or "")
            if uid is not None and uid >= 0 and ident is not None and self.integer(element, "Type", 1) == 1:
                calendar_of[uid] = ident
        on: dict[str, set[str]] = {}
        block = _child(self.root, "Assignments")
        for assignment in _children(block, "Assignment") if block is not None else ():
            resource = self.integer(assignment, "ResourceUID", -65535)
            task_uid = self.integer(assignment, "TaskUID", -1)
            if resource is not None and resource in calendar_of and task_uid is not None:
                on.setdefault(f"t{task_uid}", set()).add(calendar_of[resource])
        return on

    # --- baselines ---------------------------------------------------------------------------

    def baselines(self, activities: list[Activity], calendars: list[CalendarSpec],
                  settings: PortfolioSettings) -> list[Baseline]:
        by_id = {a.id: a for a in activities}
        specs = {c.id: c for c in calendars}
        result = []
        for number in sorted({number for number, _ in self.baseline_raw}):
            entries = {}
            for (num, ident), (start, finish, days, where) in self.baseline_raw.items():
                if num != number or ident not in by_id:
                    continue
                activity = by_id[ident]
                spec = specs.get(activity.calendar or settings.calendar)
                span = max((days if days is not None else activity.duration.days) - 1, 0)
                entry = _baseline_entry(ident, start, finish, span, spec, where)
                if entry is not None:
                    entries[ident] = entry
            if entries:
                name = "baseline" if number == 0 else f"baseline{number}"
                result.append(Baseline(name=name, title=f"MS Project {name.capitalize()}",
                                       current=number == 0, entries=entries, source=self.at(self.root)))
        return result


def _calendar(ident: str, specs: dict[str, CalendarSpec], cache: dict[str, Calendar | None]) -> Calendar | None:
    """The calendar ``ident`` (declared or built in), built once; None when it cannot be built."""
    if ident not in cache:
        try:
            cache[ident] = resolve(ident, specs)
        except (CalendarError, KeyError):
            cache[ident] = None
    return cache[ident]


def _inherited(uid: str, by_uid: dict[str, ET.Element], own: dict[str, tuple[list[dt.date], list[dt.date]]],
               depth: int = 0) -> tuple[list[dt.date], list[dt.date]]:
    """A calendar's closed and open days: its base calendar's, then its own exceptions over them.

    Examples:
        >>> own = {"1": ([dt.date(2024, 12, 25)], []), "2": ([], [dt.date(2024, 12, 25)])}
        >>> by_uid = {"1": ET.fromstring("<Calendar/>"), "2": ET.fromstring("<Calendar><BaseCalendarUID>1"
        ...                                                                  "</BaseCalendarUID></Calendar>")}
        >>> _inherited("2", by_uid, own)
        ([], [datetime.date(2024, 12, 25)])
    """
    base = _text(by_uid[uid], "BaseCalendarUID") or ""
    closed, opened = own[uid]
    if base not in by_uid or base == uid or depth >= 8:
        return closed, opened
    base_closed, base_opened = _inherited(base, by_uid, own, depth + 1)
    mine_closed, mine_opened = set(closed), set(opened)
    return ([d for d in base_closed if d not in mine_opened] + closed,
            [d for d in base_opened if d not in mine_closed] + opened)


def _same(one: Calendar, other: Calendar) -> bool:
    """True when two calendars have the same working days."""
    return bool(np.array_equal(one.work, other.work))


def _day_lengths(element: ET.Element, by_uid: dict[str, ET.Element], depth: int = 0) -> dict[int, int]:
    """Working minutes per weekday (0 = Monday) that the calendar or its base lists (not every day is listed)."""
    base_uid = _text(element, "BaseCalendarUID")
    base = by_uid.get(base_uid or "")
    lengths = _day_lengths(base, by_uid, depth + 1) if base is not None and base is not element and depth < 8 else {}
    days = _child(element, "WeekDays")
    for day in _children(days, "WeekDay") if days is not None else ():
        kind = _text(day, "DayType") or ""
        times = _child(day, "WorkingTimes")
        if kind in {"1", "2", "3", "4", "5", "6", "7"} and times is not None:
            lengths[(int(kind) + 5) % 7] = sum(_span_minutes(t) for t in _children(times, "WorkingTime"))
    return lengths


def _span_minutes(period: ET.Element) -> int:
    """Minutes from FromTime to ToTime (``00:00:00`` as a ToTime is midnight at the day's end)."""
    try:
        start, end = (dt.time.fromisoformat(_text(period, name) or "") for name in ("FromTime", "ToTime"))
    except ValueError:
        return 0
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return minutes if minutes > 0 else minutes + 1440


def _union(ids: list[str], specs: dict[str, CalendarSpec], hour_level: dict[str, list[int]]) -> str:
    """The id of a calendar working whenever one of ``ids`` works, added to ``specs`` when new."""
    ident = "union-" + "-".join(ids)
    if ident in specs:
        return ident
    parts = [specs[i] for i in ids if i in specs]
    week = sorted({day for spec in parts for day in spec.workweek})
    cals = [from_spec(spec) for spec in parts]
    days = sorted({*(d for spec in parts for d in spec.closed), *(d for spec in parts for d in spec.open)})
    working = {d: any(c.is_working(d) for c in cals) for d in days if _in_horizon(d)}
    specs[ident] = CalendarSpec(
        id=ident, name=" + ".join(spec.name or spec.id for spec in parts), base="none", workweek=week,
        closed=[d for d, w in working.items() if not w and d.weekday() in week],
        open=[d for d, w in working.items() if w and d.weekday() not in week], source=parts[0].source)
    lengths = sorted({m for i in ids for m in hour_level.get(i, [])})
    if lengths:
        hour_level[ident] = lengths
    return ident


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


def _baseline_entry(ident: str, start: dt.date | None, finish: dt.date | None, span: int,
                    spec: CalendarSpec | None, where: Source) -> BaselineEntry | None:
    """A baseline entry; a missing start or finish is derived from the other and the duration (``span`` days)."""
    try:
        cal = from_spec(spec) if spec else None
        if start is None and finish is not None:
            start = (finish if span == 0 else cal.date(cal.finish_index(finish) - 1 - span) if cal
                     else finish - dt.timedelta(days=span))
        if finish is None and start is not None:
            finish = cal.add_workdays(start, span) if cal else start + dt.timedelta(days=span)
    except (CalendarError, ValueError, OverflowError):
        start = start or finish
        finish = finish or start
    if start is None or finish is None or not (_in_horizon(start) and _in_horizon(finish)):
        return None
    return BaselineEntry(activity=ident, start=start, finish=max(finish, start), source=where)
