"""Reading MSPDI values, checked: the file's units, the element helpers, and the located diagnostics.

Every value the reader takes from the XML goes through [`Values`][portfolio.io.mspdi._values.Values]:
what cannot be read or lies out of range is an ``mspdi-value`` error and is left out, what the
day-based engine cannot express is an ``mspdi-unsupported`` warning; both carry the element's line.

Examples:
    >>> import xml.etree.ElementTree as ET
    >>> values = Values(ET.fromstring("<Project><MinutesPerDay>420</MinutesPerDay></Project>"), "plan.xml")
    >>> values.minutes_per_day, _minutes("PT14H0M0S"), values.days(840.0, "duration", "t1", values.root)
    (420, 840.0, 2)
"""

from __future__ import annotations

import datetime as dt
import math
import re
import reprlib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Final

from portfolio.calendar import HORIZON_FIRST, HORIZON_LAST
from portfolio.diagnostics import Diagnostic, diagnostic
from portfolio.io._xml import place
from portfolio.model import Source

__all__ = ["MAX_DAYS", "Values"]

MAX_DAYS: Final = (HORIZON_LAST - HORIZON_FIRST).days + 1
"""The longest duration or lag (either way) imported: the calendar horizon's length in days."""
_MAX_UID: Final = 2**31 - 1
"""The largest UID (MS Project's UIDs are 32-bit integers)."""
_MAX_INT: Final = 2**53
"""Integers in the file are at most this large in magnitude (beyond it a value is corrupt, not big)."""

_ELAPSED_FORMATS: Final = frozenset({4, 6, 8, 10, 12, 36, 38, 40, 42, 44})
"""MSPDI duration/lag formats that count elapsed time (em, eh, ed, ew, emo and their "estimated" forms)."""
_PERCENT_FORMATS: Final = frozenset({19, 20, 51, 52})
"""MSPDI lag formats that give a percentage of the predecessor's duration (%, e%, and their "estimated" forms)."""
_FORMATS: Final = frozenset({*range(3, 13), 19, 20, 21, *range(35, 45), 51, 52, 53})
"""Every MSPDI duration/lag format: m em h eh d ed w ew mo emo % e% (3-12, 19, 20), none (21, 53), estimated (+32)."""
_DURATION = re.compile(r"^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+(?:\.\d+)?)H)?"
                       r"(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$")
_INTEGER = re.compile(r"^[-+]?\d{1,30}$")
_FLAGS: Final = {"0": False, "1": True, "false": False, "true": True}


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


class Values:
    """Reads the values of elements, checked: what cannot be read or is out of range is an ``mspdi-value`` error."""

    def __init__(self, root: ET.Element, filename: str) -> None:
        self.root = root
        self.filename = filename
        self.diagnostics: list[Diagnostic] = []
        self.minutes_per_day = self.integer(root, "MinutesPerDay", 480, low=1, high=1440) or 480

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

    def unit_format(self, element: ET.Element, name: str, subject: str | None = None) -> int:
        """A ``DurationFormat`` or ``LagFormat``: 7 (days) when absent; an unknown code is reported and read as 7."""
        value = self.integer(element, name, 7, subject=subject) or 7
        if value not in _FORMATS:
            self.bad(element, name, str(value), "is not a duration format code (3 to 12, 19 to 21, "
                     "35 to 44, 51 to 53), so it counts working days", subject)
            return 7
        return value

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
