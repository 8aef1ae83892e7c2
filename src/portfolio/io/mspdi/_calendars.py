"""MSPDI calendars: working weeks, exceptions (recurring ones too), base calendars, and the resources' calendars.

MS Project calendars hold their own holidays as exceptions, so each becomes a
[`CalendarSpec`][portfolio.model.CalendarSpec] with base ``none``; a calendar with a base calendar
inherits its week and exceptions. A task with resources and no calendar of its own works on their
calendars (their union). Working days of another length than MinutesPerDay are recorded in
``hour_level`` for the reader's warning.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import Final

import attrs
import numpy as np

from portfolio.calendar import HORIZON_FIRST, HORIZON_LAST, Calendar, CalendarError, from_spec, resolve
from portfolio.diagnostics import diagnostic
from portfolio.io._recurrence import Pattern, occurrences
from portfolio.io.mspdi._values import MAX_DAYS, Values, _child, _children, _days, _in_horizon, _local, _text
from portfolio.model import Activity, CalendarSpec

__all__ = ["CalendarReader", "_calendar"]

_PATTERN_FIELDS: Final = (("period", "Period", 1), ("days_of_week", "DaysOfWeek", 0), ("month", "Month", 0),
                          ("month_day", "MonthDay", 1), ("month_item", "MonthItem", 3),
                          ("month_position", "MonthPosition", 0))
"""Fields of a recurring calendar exception: (Pattern field, MSPDI element, default)."""



class CalendarReader(Values):
    """The calendars of the file, and the calendars a task's resources give it."""

    def __init__(self, root: ET.Element, filename: str) -> None:
        super().__init__(root, filename)
        #: calendars with working days of other lengths than MinutesPerDay: calendar id -> those lengths
        self.hour_level: dict[str, list[int]] = {}

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
