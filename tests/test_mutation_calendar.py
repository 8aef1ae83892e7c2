"""Calendar details a mutant could change unnoticed: holiday names, boundary indices, the fingerprint (docs/testing.md).

The expectations are written out by hand (the Dutch holiday names and dates of 2024 and 2025 from the
Rijksoverheid's list of public holidays; 1 January 1990 is a Monday), not produced by ``portfolio.calendar``.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np
import pytest

from portfolio.calendar import HORIZON_FIRST, HORIZON_LAST, Calendar, CalendarError, builtin, closed_days, fingerprint
from portfolio.model import CalendarSpec, Portfolio, PortfolioSettings

D = dt.date

RIJK_2024 = {
    D(2024, 1, 1): "Nieuwjaarsdag", D(2024, 3, 29): "Goede Vrijdag", D(2024, 3, 31): "Eerste Paasdag",
    D(2024, 4, 1): "Tweede Paasdag", D(2024, 4, 27): "Koningsdag", D(2024, 5, 5): "Bevrijdingsdag",
    D(2024, 5, 9): "Hemelvaartsdag", D(2024, 5, 19): "Eerste Pinksterdag", D(2024, 5, 20): "Tweede Pinksterdag",
    D(2024, 12, 25): "Eerste Kerstdag", D(2024, 12, 26): "Tweede Kerstdag",
}

#: 2025 is a lustrum year: nl closes 5 May too; Easter is 20 April; 27 April is a Sunday.
NL_2025 = {
    D(2025, 1, 1): "Nieuwjaarsdag", D(2025, 4, 20): "Eerste Paasdag", D(2025, 4, 21): "Tweede Paasdag",
    D(2025, 4, 26): "Koningsdag", D(2025, 5, 5): "Bevrijdingsdag", D(2025, 5, 29): "Hemelvaartsdag",
    D(2025, 6, 8): "Eerste Pinksterdag", D(2025, 6, 9): "Tweede Pinksterdag",
    D(2025, 12, 25): "Eerste Kerstdag", D(2025, 12, 26): "Tweede Kerstdag",
}


def test_every_holiday_name_and_the_order():
    """closed_days gives each day its Dutch name, in date order."""
    assert list(RIJK_2024.items()) == list(closed_days("rijk", 2024).items())
    assert list(NL_2025.items()) == list(closed_days("nl", 2025).items())
    assert {} == closed_days("none", 2024)


def test_unknown_base_names_the_bases():
    """The message lists the three bases, comma-separated."""
    with pytest.raises(CalendarError, match=r"^unknown base 'be'; use one of rijk, nl, none$"):
        closed_days("be", 2024)


def test_indices_at_the_first_days_of_the_horizon():
    """On standard, Monday 1 January 1990 is index 0 and Tuesday the 2nd index 1; days before clip to 0."""
    cal = builtin("standard")
    days = [HORIZON_FIRST.toordinal() - 1, HORIZON_FIRST.toordinal(), HORIZON_FIRST.toordinal() + 1]
    assert [0, 0, 1] == cal.indices(days).tolist()


def test_indices_at_the_last_days_of_the_horizon():
    """Friday 31 December 2100 is the last working day: its own index is size - 1, the day after clips to size."""
    cal = builtin("standard")
    days = [HORIZON_LAST.toordinal(), HORIZON_LAST.toordinal() + 1]
    assert [cal.size - 1, cal.size] == cal.indices(days).tolist()
    assert [HORIZON_LAST.toordinal() - 1, HORIZON_LAST.toordinal()] == cal.ordinals([cal.size - 2, cal.size - 1]).tolist()


def test_is_working_on_the_boundary_days():
    """Both boundary days are weekdays: working on standard; 1 January 1990 is Nieuwjaarsdag on rijk."""
    assert (True, True) == (builtin("standard").is_working(HORIZON_FIRST), builtin("standard").is_working(HORIZON_LAST))
    assert (False, True) == (builtin("rijk").is_working(HORIZON_FIRST), builtin("rijk").is_working(HORIZON_LAST))


def test_add_workdays_to_the_last_day_and_beyond():
    """Thursday 30 December 2100 + 1 is the 31st; + 2 lies outside the horizon."""
    cal = builtin("standard")
    assert D(2100, 12, 31) == cal.add_workdays(D(2100, 12, 30), 1)
    with pytest.raises(CalendarError, match="outside the calendar horizon"):
        cal.add_workdays(D(2100, 12, 30), 2)


def with_calendars(**specs: CalendarSpec) -> Portfolio:
    return Portfolio(calendars=specs)


def test_fingerprint_follows_the_working_days_only():
    """Same days, same fingerprint; one more closed day, or a calendar that cannot be built, changes it."""
    plain = fingerprint(Portfolio())
    same = with_calendars(kantoor=CalendarSpec(id="kantoor", base="rijk"))
    same_again = with_calendars(kantoor=CalendarSpec(id="kantoor", base="rijk", closed=(D(2024, 1, 6),)))  # a Saturday
    closed = with_calendars(kantoor=CalendarSpec(id="kantoor", base="rijk", closed=(D(2024, 1, 8),)))
    broken = with_calendars(kantoor=CalendarSpec(id="kantoor", base="none", workweek=()))
    assert fingerprint(same) == fingerprint(same_again)
    assert len({plain, fingerprint(same), fingerprint(closed), fingerprint(broken)}) == 4


def test_fingerprint_format():
    """SHA-256 over ``id:`` + the working days as little-endian int64 ordinals + newline, ids sorted, and
    ``id:unbuildable`` + newline for a calendar that cannot be built. The standard calendar's days are counted
    here from the weekdays; rijk's and nl's come from their calendars (checked day by day in test_calendar_table)."""
    weekdays = [t for t in range(HORIZON_FIRST.toordinal(), HORIZON_LAST.toordinal() + 1)
                if dt.date.fromordinal(t).weekday() < 5]
    work = {"nl": builtin("nl").work.tolist(), "rijk": builtin("rijk").work.tolist(), "standard": weekdays}
    digest = hashlib.sha256()
    digest.update(b"kapot:unbuildable\n")
    for id in ("nl", "rijk", "standard"):
        digest.update(f"{id}:".encode() + np.asarray(work[id], dtype="<i8").tobytes() + b"\n")
    broken = with_calendars(kapot=CalendarSpec(id="kapot", base="none", workweek=()))
    assert digest.hexdigest() == fingerprint(broken)


def test_fingerprint_covers_the_default_calendar():
    """An unknown default calendar id is part of the fingerprint (as unbuildable)."""
    odd = Portfolio(settings=PortfolioSettings(calendar="onbekend"))
    assert fingerprint(odd) != fingerprint(Portfolio())


# Calendar.make called directly: the built-in calendars and from_spec are cached, so a test through them
# may not build a calendar at all (docs/testing.md, "Cached calendars").


def test_make_builds_what_it_is_told():
    """A Monday-only calendar with 2 January 1990 closed and Saturday 6 January 1990 open: the first working
    days are 6, 8 and 15 January 1990; the id and both arrays are kept, read-only and int64."""
    cal = Calendar.make("maandag", workweek=(0,), closed=(D(1990, 1, 1),), open=(D(1990, 1, 6),))
    first = [dt.date.fromordinal(t) for t in cal.work[:3].tolist()]
    assert ("maandag", [D(1990, 1, 6), D(1990, 1, 8), D(1990, 1, 15)]) == (cal.id, first)
    assert (False, False) == (cal.work.flags.writeable, cal.before.flags.writeable)
    assert (np.int64, np.int64, np.int64) == (cal.work.dtype, cal.before.dtype, cal.indices([D(1990, 1, 8).toordinal()]).dtype)
    assert [0, 0, 0, 0, 0, 0, 1, 1, 2] == cal.before[:9].tolist()  # before 1 ... 9 January: one from the 7th, two from the 9th


def test_make_with_the_boundary_days_closed_or_open():
    """Closing 1 January 1990 and 31 December 2100 on a plain week takes two days off; opening Sunday
    31 December 1989 (outside) changes nothing; opening Saturday 25 December 2100 adds one."""
    plain = Calendar.make("plain")
    cal = Calendar.make("rand", closed=(HORIZON_FIRST, HORIZON_LAST), open=(D(1989, 12, 31), D(2100, 12, 25)))
    assert (False, False, True) == (cal.is_working(HORIZON_FIRST), cal.is_working(HORIZON_LAST),
                                    cal.is_working(D(2100, 12, 25)))
    assert plain.size - 2 + 1 == cal.size


def test_make_rejects_an_unknown_base_with_the_bases():
    with pytest.raises(CalendarError, match=r"^calendar 'x' has unknown base 'be'; use one of rijk, nl, none$"):
        Calendar.make("x", base="be")
