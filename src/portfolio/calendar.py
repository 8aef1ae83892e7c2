"""Working-day calendars: a working week plus closed days, and exact date <-> index conversion.

The scheduler computes in integers: a calendar numbers its working days
``0, 1, 2, ...`` from the first working day of its horizon (1990–2100), and an
index ``k`` is the *boundary before* working day ``k``. An activity of
``d`` working days that starts at boundary ``s`` ends at boundary ``s + d``; its
displayed finish is the last working day ``s + d - 1`` (inclusive), as in
MS Project and Primavera P6.

Every conversion is a table look-up on arrays computed once per calendar (a
cumulative count of working days per calendar day, and the list of working
days), so converting a date or a million dates never walks day by day.

Built-in calendars (`BUILTINS`; the rules are this module's own, so a
dependency upgrade never moves a date; ``docs/scheduling.md`` lists them):

- ``rijk`` (the default): Monday–Friday, closed on the Dutch public holidays,
  Goede Vrijdag and 5 May every year (Rijksoverheid staff are off on Good
  Friday and on Liberation Day every year, not only in lustrum years);
- ``nl``: Monday–Friday, closed on the days most Dutch employers give off:
  the holidays of article 3(1) of the Algemene termijnenwet, with 5 May only
  in lustrum years (2020, 2025, ...), and no Good Friday (the law equates it
  with a holiday for legal deadlines; most collective agreements do not
  give it off);
- ``standard``: Monday–Friday, no holidays (MS Project's "Standard").

Examples:
    >>> import datetime as dt
    >>> rijk = builtin("rijk")
    >>> rijk.is_working(dt.date(2023, 5, 5)), builtin("nl").is_working(dt.date(2023, 5, 5))
    (False, True)
    >>> rijk.add_workdays(dt.date(2023, 12, 22), 1)   # Friday + 1: over Christmas
    datetime.date(2023, 12, 27)
    >>> rijk.workdays_between(dt.date(2023, 12, 22), dt.date(2023, 12, 29))
    3
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs
import numpy as np
import numpy.typing as npt
from dateutil.easter import easter  # type: ignore[import-untyped, unused-ignore]  # no stubs shipped

from portfolio._horizon import HORIZON_FIRST, HORIZON_LAST
from portfolio.model import CalendarSpec, Portfolio

__all__ = [
    "BASES",
    "BUILTINS",
    "BUILTIN_IDS",
    "HORIZON_FIRST",
    "HORIZON_LAST",
    "Calendar",
    "CalendarError",
    "builtin",
    "closed_days",
    "fingerprint",
    "from_spec",
    "resolve",
]


BUILTINS: Final[Mapping[str, str]] = MappingProxyType({"rijk": "rijk", "nl": "nl", "standard": "none"})
"""The calendars that exist without being declared: id -> the base whose holidays close them (each works Monday to Friday).
The one list of built-in calendars: everything else reads it.
"""
BUILTIN_IDS: Final = tuple(BUILTINS)
"""Ids of the calendars that exist without being declared."""
BASES: Final = ("rijk", "nl", "none")
"""The holiday sets a declared calendar can start from (``base:``)."""
_T0: Final = HORIZON_FIRST.toordinal()
_NDAYS: Final = HORIZON_LAST.toordinal() - _T0 + 1

IntArray = npt.NDArray[np.int64]


class CalendarError(ValueError):
    """A calendar that cannot be built (no working days, an unknown base), or a date outside its horizon."""


def closed_days(base: str, year: int) -> dict[dt.date, str]:
    """The holidays a base closes in one year, by date, with their Dutch names (weekends included).

    ``rijk``: Nieuwjaarsdag, Goede Vrijdag, Eerste and Tweede Paasdag,
    Koningsdag (27 April from 2014, 26 April when the 27th is a Sunday;
    before 2014 Koninginnedag, 30 April, 29 April when the 30th is a Sunday),
    Bevrijdingsdag (5 May) every year, Hemelvaartsdag, Eerste and Tweede
    Pinksterdag, Eerste and Tweede Kerstdag. ``nl``: the same without Goede
    Vrijdag and with Bevrijdingsdag only in lustrum years (divisible by 5).
    ``none``: no day. Easter comes from `dateutil.easter.easter`.

    Examples:
        >>> for day, name in closed_days("rijk", 2024).items():
        ...     print(day, name)
        2024-01-01 Nieuwjaarsdag
        2024-03-29 Goede Vrijdag
        2024-03-31 Eerste Paasdag
        2024-04-01 Tweede Paasdag
        2024-04-27 Koningsdag
        2024-05-05 Bevrijdingsdag
        2024-05-09 Hemelvaartsdag
        2024-05-19 Eerste Pinksterdag
        2024-05-20 Tweede Pinksterdag
        2024-12-25 Eerste Kerstdag
        2024-12-26 Tweede Kerstdag
        >>> sorted(set(closed_days("rijk", 2024)) - set(closed_days("nl", 2024)))
        [datetime.date(2024, 3, 29), datetime.date(2024, 5, 5)]
    """
    if base not in BASES:
        raise CalendarError(f"unknown base {base!r}; use one of {', '.join(BASES)}")
    if base == "none":
        return {}
    sunday: dt.date = easter(year)
    days = {dt.date(year, 1, 1): "Nieuwjaarsdag"}
    if base == "rijk":
        days[sunday - dt.timedelta(days=2)] = "Goede Vrijdag"
    days[sunday] = "Eerste Paasdag"
    days[sunday + dt.timedelta(days=1)] = "Tweede Paasdag"
    royal, name = (dt.date(year, 4, 27), "Koningsdag") if year >= 2014 else (dt.date(year, 4, 30), "Koninginnedag")
    days[royal - dt.timedelta(days=1) if royal.weekday() == 6 else royal] = name  # Sunday: the Saturday before
    if base == "rijk" or year % 5 == 0:
        days[dt.date(year, 5, 5)] = "Bevrijdingsdag"
    days[sunday + dt.timedelta(days=39)] = "Hemelvaartsdag"
    days[sunday + dt.timedelta(days=49)] = "Eerste Pinksterdag"
    days[sunday + dt.timedelta(days=50)] = "Tweede Pinksterdag"
    days[dt.date(year, 12, 25)] = "Eerste Kerstdag"
    days[dt.date(year, 12, 26)] = "Tweede Kerstdag"
    return dict(sorted(days.items()))


@functools.cache
def _closed_days(base: str) -> frozenset[dt.date]:
    """The holidays of a base calendar over the whole horizon (computed once)."""
    return frozenset(day for year in range(HORIZON_FIRST.year, HORIZON_LAST.year + 1)
                     for day in closed_days(base, year))


@attrs.frozen(eq=False, repr=False)
class Calendar:
    """A working-day calendar over the horizon 1990–2100.

    Build one with `builtin`, `from_spec` or `make`. Dates
    outside the horizon raise `CalendarError` (a `ValueError`);
    the scheduler checks them first and reports ``constraint-unsatisfiable``.

    Examples:
        >>> cal = Calendar.make("four-day", workweek=(0, 1, 2, 3))
        >>> cal.is_working(dt.date(2024, 1, 5))    # a Friday
        False
        >>> cal.date(cal.index(dt.date(2024, 1, 5)))   # rolls forward to Monday
        datetime.date(2024, 1, 8)
    """

    id: str
    work: IntArray
    """the working days, as day ordinals (``date.toordinal()``), ascending"""
    before: IntArray
    """``before[t - t0]``: the number of working days before calendar day ``t``"""

    @classmethod
    def make(cls, id: str, *, base: str = "none", workweek: Iterable[int] = (0, 1, 2, 3, 4),
             closed: Iterable[dt.date] = (), open: Iterable[dt.date] = ()) -> Calendar:
        """A calendar from a base (``rijk``, ``nl`` or ``none``), a working week and extra days.

        ``workweek`` holds weekday numbers (0 = Monday); ``closed`` days are
        closed even on a working weekday, ``open`` days are working even when
        the base or the week closes them. Days outside the horizon
        (`HORIZON_FIRST` to `HORIZON_LAST`) change nothing: no
        date can be scheduled there. Raises `CalendarError` when no
        day is a working day or the base is unknown, and nothing else.

        Examples:
            >>> Calendar.make("x", workweek=())
            Traceback (most recent call last):
            ...
            portfolio.calendar.CalendarError: calendar 'x' has no working days
        """
        if base not in BASES:
            raise CalendarError(f"calendar {id!r} has unknown base {base!r}; use one of {', '.join(BASES)}")
        ordinals = np.arange(_T0, _T0 + _NDAYS, dtype=np.int64)
        weekday = (ordinals - 1) % 7  # date.fromordinal(1) is a Monday
        week = np.zeros(7, dtype=bool)
        for day in workweek:
            if 0 <= day <= 6:
                week[day] = True
        working = week[weekday]
        working[_offsets((*_closed_days(base), *closed))] = False
        working[_offsets(open)] = True
        if not working.any():
            raise CalendarError(f"calendar {id!r} has no working days")
        before = np.zeros(_NDAYS + 1, dtype=np.int64)
        np.cumsum(working, out=before[1:])
        work = ordinals[working]
        work.setflags(write=False)
        before.setflags(write=False)
        return cls(id=id, work=work, before=before)

    def __repr__(self) -> str:
        return f"<Calendar {self.id!r}: {len(self.work)} working days 1990–2100>"

    @property
    def size(self) -> int:
        """The number of working days in the horizon: indices run from 0 to ``size``."""
        return len(self.work)

    def is_working(self, day: dt.date) -> bool:
        """True when ``day`` is a working day.

        Examples:
            >>> builtin("rijk").is_working(dt.date(2024, 12, 25))
            False
        """
        t = _offset(day)
        return bool(self.before[t + 1] - self.before[t])

    def index(self, day: dt.date) -> int:
        """The boundary before ``day``: the number of working days before it.

        For a working day this is its own index; a closed day gets the index
        of the next working day (a start on Saturday is a start on Monday).

        Examples:
            >>> cal = builtin("standard")
            >>> cal.index(dt.date(2024, 1, 6)) == cal.index(dt.date(2024, 1, 8))
            True
        """
        return int(self.before[_offset(day)])

    def finish_index(self, day: dt.date) -> int:
        """The boundary after ``day`` (an inclusive finish): the working days up to and including it.

        Examples:
            >>> cal = builtin("standard")
            >>> cal.finish_index(dt.date(2024, 1, 5)) - cal.index(dt.date(2024, 1, 1))   # Mon-Fri
            5
        """
        return int(self.before[_offset(day) + 1])

    def date(self, index: int) -> dt.date:
        """The working day with this index (the day a boundary opens).

        Examples:
            >>> builtin("standard").date(builtin("standard").index(dt.date(2024, 1, 1)))
            datetime.date(2024, 1, 1)
        """
        if not 0 <= index < self.size:
            raise CalendarError(f"working-day index {index} outside the calendar horizon "
                                f"{HORIZON_FIRST.isoformat()}..{HORIZON_LAST.isoformat()}")
        return dt.date.fromordinal(int(self.work[index]))

    def indices(self, days: npt.ArrayLike) -> IntArray:
        """Vectorised `index` over day ordinals (``date.toordinal()``).

        Examples:
            >>> cal = builtin("standard")
            >>> days = [dt.date(2024, 1, 1).toordinal(), dt.date(2024, 1, 8).toordinal()]
            >>> (cal.indices(days) - cal.index(dt.date(2024, 1, 1))).tolist()
            [0, 5]
        """
        t = np.asarray(days, dtype=np.int64) - _T0
        return self.before[np.clip(t, 0, _NDAYS)]

    def ordinals(self, indices: npt.ArrayLike) -> IntArray:
        """Vectorised `date`: day ordinals of working days (indices clipped to the horizon).

        Examples:
            >>> cal = builtin("standard")
            >>> k = cal.index(dt.date(2024, 1, 1))
            >>> [dt.date.fromordinal(o) for o in cal.ordinals([k, k + 5]).tolist()]
            [datetime.date(2024, 1, 1), datetime.date(2024, 1, 8)]
        """
        k = np.asarray(indices, dtype=np.int64)
        return self.work[np.clip(k, 0, self.size - 1)]

    def add_workdays(self, day: dt.date, days: int) -> dt.date:
        """The working day ``days`` working days after ``day`` (before it when negative).

        ``day`` rolls forward to a working day first.

        Examples:
            >>> builtin("rijk").add_workdays(dt.date(2024, 4, 26), 1)   # Friday, then Koningsdag Saturday
            datetime.date(2024, 4, 29)
        """
        return self.date(self.index(day) + days)

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days from ``start`` (included) to ``end`` (excluded); negative when ``end`` is earlier.

        Examples:
            >>> builtin("standard").workdays_between(dt.date(2024, 1, 1), dt.date(2024, 1, 15))
            10
        """
        return self.index(end) - self.index(start)


def _offsets(days: Iterable[dt.date]) -> IntArray:
    """Offsets from `HORIZON_FIRST` of the days that lie in the horizon (the others are dropped)."""
    return np.asarray([d.toordinal() - _T0 for d in days
                       if isinstance(d, dt.date) and HORIZON_FIRST <= d <= HORIZON_LAST], dtype=np.int64)


def _offset(day: dt.date) -> int:
    if not HORIZON_FIRST <= day <= HORIZON_LAST:
        raise CalendarError(f"{day.isoformat()} is outside the calendar horizon "
                         f"{HORIZON_FIRST.isoformat()}..{HORIZON_LAST.isoformat()}")
    return day.toordinal() - _T0


@functools.cache
def builtin(id: str) -> Calendar:
    """One of the built-in calendars ``rijk``, ``nl`` or ``standard`` (cached).

    Examples:
        >>> builtin("standard").is_working(dt.date(2024, 12, 25))
        True
    """
    base = BUILTINS.get(id)
    if base is None:
        raise KeyError(id)
    return Calendar.make(id, base=base)


@functools.lru_cache(maxsize=64)
def from_spec(spec: CalendarSpec) -> Calendar:
    """Build the calendar a [`CalendarSpec`][portfolio.model.CalendarSpec] declares (cached per spec).

    Examples:
        >>> from portfolio.model import CalendarSpec
        >>> cal = from_spec(CalendarSpec(id="kerst", closed=[dt.date(2023, 12, 27)]))
        >>> cal.add_workdays(dt.date(2023, 12, 22), 1)
        datetime.date(2023, 12, 28)
    """
    return Calendar.make(spec.id, base=spec.base, workweek=spec.workweek, closed=spec.closed, open=spec.open)


def resolve(id: str, specs: Mapping[str, CalendarSpec]) -> Calendar:
    """The calendar called ``id``: a declared one first, else a built-in one.

    Raises `KeyError` for an unknown id and `CalendarError`
    for a declared calendar that cannot be built.

    Examples:
        >>> resolve("nl", {}).id
        'nl'
    """
    if id in specs:
        return from_spec(specs[id])
    return builtin(id)


def fingerprint(portfolio: Portfolio) -> str:
    """A SHA-256 of every calendar the portfolio can use: which days are working, per calendar id.

    Two portfolios (or two installations) with the same fingerprint schedule on
    the same working days; a publication records it so that a later report can
    tell a calendar change from a changed plan.

    Examples:
        >>> from portfolio.model import Portfolio
        >>> a = fingerprint(Portfolio())
        >>> len(a), a == fingerprint(Portfolio())
        (64, True)
    """
    ids = sorted({*BUILTIN_IDS, *portfolio.calendars, portfolio.settings.calendar})
    digest = hashlib.sha256()
    for id in ids:
        try:
            cal = resolve(id, portfolio.calendars)
        except (KeyError, CalendarError):
            digest.update(f"{id}:unbuildable\n".encode())
            continue
        digest.update(f"{id}:".encode())
        digest.update(cal.work.astype("<i8").tobytes())
        digest.update(b"\n")
    return digest.hexdigest()
