"""P6 calendar data (``CALENDAR.clndr_data``): the work week's hours and the exception days.

P6 writes a calendar as nested nodes ``(0||NAME(ATTRIBUTES)(CHILDREN))``:
``DaysOfWeek`` holds days ``1`` (Sunday) to ``7`` (Saturday), each with its
work periods ``s|08:00|f|12:00``; ``Exceptions`` holds days ``d|43650``
(days since 1899-12-30) with their periods, none for a day off. A period that
finishes at ``00:00`` runs to midnight (a 24-hour calendar).

Examples:
    >>> data = ("(0||CalendarData()((0||DaysOfWeek()((0||1()())(0||2()((0||0(s|08:00|f|12:00)())"
    ...         "(0||1(s|13:00|f|17:00)())))))(0||Exceptions()((0||0(d|43650)())))))")
    >>> times = parse_calendar(data)
    >>> times.week[0], times.week[6], times.day_start(0), times.exceptions
    (8.0, 0.0, datetime.time(8, 0), {datetime.date(2019, 7, 4): 0.0})
    >>> times.inside(dt.datetime(2024, 1, 8, 12, 0)), times.inside(dt.datetime(2024, 1, 8, 17, 0))
    (True, False)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import attrs

__all__ = ["CalendarTimes", "clock", "parse_calendar", "work_period"]

_EPOCH = dt.date(1899, 12, 30)
_MAX_DEPTH = 32
_BLANK = re.compile(r"[\s\x7f]+")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?$")


@attrs.frozen
class _Node:
    name: str
    attributes: Mapping[str, str]
    children: tuple[_Node, ...]

    def child(self, name: str) -> _Node | None:
        return next((c for c in self.children if c.name == name), None)


@attrs.frozen
class CalendarTimes:
    """Working hours per weekday (0 = Monday), each weekday's periods in minutes, and exceptions by date."""

    week: Mapping[int, float]
    periods: Mapping[int, tuple[tuple[int, int], ...]]
    exceptions: Mapping[dt.date, float]
    has_week: bool = True

    def day_start(self, weekday: int | None = None) -> dt.time:
        """When work starts: on ``weekday``, or the earliest start of the week (00:00 without periods)."""
        starts = [p[0] for day, ps in self.periods.items() if weekday in (None, day) for p in ps]
        minutes = min(starts, default=0)
        return dt.time(minutes // 60, minutes % 60)

    def day_end(self, weekday: int | None = None) -> dt.time | None:
        """When work ends (None at midnight, as in a 24-hour calendar)."""
        ends = [p[1] for day, ps in self.periods.items() if weekday in (None, day) for p in ps]
        minutes = max(ends, default=1440)
        return None if minutes >= 1440 else dt.time(minutes // 60, minutes % 60)


    def inside(self, stamp: dt.datetime) -> bool:
        """True when ``stamp`` lies strictly inside a working day: no day boundary expresses it."""
        weekday, moment = stamp.weekday(), stamp.time()
        end = self.day_end(weekday) or dt.time.max
        return bool(self.week.get(weekday)) and self.day_start(weekday) < moment < end


def parse_calendar(data: str) -> CalendarTimes:
    """Parse ``clndr_data``; raise ValueError (with what is wrong) when it is not P6 calendar data.

    Examples:
        >>> parse_calendar("(0||CalendarData()((0||DaysOfWeek()((0||1()((0||0(s|00:00|f|00:00)())))))))").week[6]
        24.0
        >>> parse_calendar("(0||CalendarData()(")
        Traceback (most recent call last):
        ValueError: node 'CalendarData' is not closed at character 20
    """
    text = _BLANK.sub("", data)
    if not text:
        return CalendarTimes(week={}, periods={}, exceptions={}, has_week=False)
    nodes, end = _nodes(text, 0, 0)
    if end != len(text) or len(nodes) != 1:
        raise ValueError(f"unexpected text at character {end + 1}")
    root = nodes[0]
    days = root.child("DaysOfWeek")
    week: dict[int, float] = {}
    periods: dict[int, tuple[tuple[int, int], ...]] = {}
    for day in days.children if days is not None else ():
        if not day.name.isdigit() or not 1 <= int(day.name) <= 7:
            raise ValueError(f"weekday {day.name!r} is not 1 (Sunday) to 7 (Saturday)")
        weekday = (int(day.name) + 5) % 7
        periods[weekday] = tuple(_period(p) for p in day.children)
        week[weekday] = sum(b - a for a, b in periods[weekday]) / 60
    exceptions: dict[dt.date, float] = {}
    block = root.child("Exceptions")
    for exception in block.children if block is not None else ():
        serial = exception.attributes.get("d", "")
        if not serial.isdigit() or not 0 < int(serial) < 150_000:
            raise ValueError(f"exception date {serial!r} is not a day number")
        exceptions[_EPOCH + dt.timedelta(days=int(serial))] = sum(
            b - a for a, b in (_period(p) for p in exception.children)) / 60
    for weekday in range(7):
        week.setdefault(weekday, 0.0)
    return CalendarTimes(week=week, periods=periods, exceptions=exceptions, has_week=days is not None)


def _period(node: _Node) -> tuple[int, int]:
    return work_period(clock(node.attributes.get("s", "")), clock(node.attributes.get("f", "")))


def work_period(start: int, finish: int) -> tuple[int, int]:
    """A work period in minutes from midnight: a finish at or before the start (``00:00``) or at ``23:59`` is midnight.

    Examples:
        >>> work_period(480, 720), work_period(0, 0), work_period(0, 1439)
        ((480, 720), (0, 1440), (0, 1440))
    """
    if finish <= start:
        finish += 1440  # 00:00 at the end is midnight
    elif finish == 1439:
        finish = 1440  # 23:59, as some exports write the end of a 24-hour day
    return start, finish


def clock(text: str) -> int:
    """Minutes from midnight of ``HH:MM`` (or ``HH:MM:SS``, seconds ignored); ValueError otherwise.

    Examples:
        >>> clock("08:30"), clock("16:59:00")
        (510, 1019)
    """
    match = _CLOCK.match(text)
    if match is None or int(match.group(1)) > 24 or int(match.group(2)) > 59:
        raise ValueError(f"time {text!r} is not HH:MM")
    return int(match.group(1)) * 60 + int(match.group(2))


def _nodes(text: str, pos: int, depth: int) -> tuple[list[_Node], int]:
    nodes = []
    while pos < len(text) and text[pos] == "(":
        node, pos = _node(text, pos, depth)
        nodes.append(node)
    return nodes, pos


def _node(text: str, pos: int, depth: int) -> tuple[_Node, int]:
    if depth > _MAX_DEPTH:
        raise ValueError("calendar data nested too deep")
    open_attributes = text.find("(", pos + 1)
    close_attributes = text.find(")", open_attributes + 1)
    if open_attributes < 0 or close_attributes < 0 or text.find(")", pos + 1) < open_attributes:
        raise ValueError(f"a node without its attributes at character {pos + 1}")
    name = text[pos + 1:open_attributes].rpartition("||")[2]
    parts = text[open_attributes + 1:close_attributes].split("|")
    attributes = dict(zip(parts[::2], parts[1::2], strict=False))
    pos = close_attributes + 1
    if text[pos:pos + 1] != "(":
        raise ValueError(f"node {name!r} has no children list at character {pos + 1}")
    children, pos = _nodes(text, pos + 1, depth + 1)
    if text[pos:pos + 2] != "))":
        raise ValueError(f"node {name!r} is not closed at character {pos + 1}")
    return _Node(name, attributes, tuple(children)), pos + 2
