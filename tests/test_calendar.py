"""Tests for portfolio.calendar: working weeks, Dutch holidays, exact index conversion."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.calendar import Calendar, CalendarError, builtin, from_spec, resolve
from portfolio.model import CalendarSpec

D = dt.date


def test_rijk_closes_liberation_day_every_year():
    """The Rijk calendar closes 5 May in a non-lustrum year, the NL calendar does not."""
    expected = (False, True)
    actual = (builtin("rijk").is_working(D(2023, 5, 5)), builtin("nl").is_working(D(2023, 5, 5)))
    assert expected == actual


@pytest.mark.parametrize(
    "day",
    [D(2024, 1, 1), D(2024, 4, 1), D(2024, 5, 9), D(2024, 5, 20), D(2024, 12, 25), D(2024, 12, 26),
     D(2025, 4, 21), D(2023, 4, 27)],
)
def test_nl_holidays_are_closed(day):
    """New Year, Easter Monday, Ascension, Whit Monday, Christmas and King's Day are closed."""
    assert builtin("nl").is_working(day) is False


def test_standard_has_no_holidays():
    """The standard calendar works on Christmas Day when it falls on a weekday."""
    assert builtin("standard").is_working(D(2024, 12, 25)) is True


def test_weekend_is_closed():
    """Saturdays and Sundays are closed in every built-in calendar."""
    expected = [False, False, False]
    actual = [builtin(c).is_working(D(2024, 1, 6)) for c in ("rijk", "nl", "standard")]
    assert expected == actual


def test_index_rolls_a_closed_day_forward():
    """A Saturday start has the index of the following Monday."""
    cal = builtin("standard")
    assert cal.index(D(2024, 1, 8)) == cal.index(D(2024, 1, 6))


def test_finish_index_counts_the_day_itself():
    """The finish boundary of a working day lies one index after its start boundary."""
    cal = builtin("rijk")
    assert cal.index(D(2024, 1, 2)) + 1 == cal.finish_index(D(2024, 1, 2))


def test_add_workdays_skips_christmas():
    """Friday 22 December 2023 plus one Rijk working day is Wednesday 27 December."""
    assert D(2023, 12, 27) == builtin("rijk").add_workdays(D(2023, 12, 22), 1)


def test_spec_closed_and_open_days():
    """A declared calendar closes its extra closed days and opens its open days."""
    spec = CalendarSpec(id="kerst", base="rijk", closed=[D(2023, 12, 27)], open=[D(2023, 5, 5)])
    cal = from_spec(spec)
    expected = (False, True)
    actual = (cal.is_working(D(2023, 12, 27)), cal.is_working(D(2023, 5, 5)))
    assert expected == actual


def test_spec_workweek():
    """A four-day working week closes Fridays."""
    cal = from_spec(CalendarSpec(id="vier", base="none", workweek=(0, 1, 2, 3)))
    expected = 4
    assert expected == cal.workdays_between(D(2024, 1, 1), D(2024, 1, 8))


def test_no_workdays_raises_calendar_error():
    """A calendar without working weekdays cannot be built."""
    with pytest.raises(CalendarError, match="no working days"):
        from_spec(CalendarSpec(id="leeg", workweek=()))


def test_resolve_prefers_declared_calendar():
    """A declared calendar with a built-in id replaces the built-in one."""
    spec = CalendarSpec(id="standard", base="none", workweek=(0, 1, 2, 3, 4, 5))
    assert resolve("standard", {"standard": spec}).is_working(D(2024, 1, 6)) is True


def test_resolve_unknown_raises_key_error():
    """An unknown calendar id raises KeyError."""
    with pytest.raises(KeyError):
        resolve("nope", {})


def test_outside_horizon_raises_value_error():
    """A date outside the horizon cannot be converted."""
    with pytest.raises(ValueError, match="horizon"):
        builtin("rijk").index(D(1800, 1, 1))


def test_vectorised_conversion_matches_scalar():
    """The array conversions agree with the scalar ones."""
    cal = builtin("rijk")
    days = [D(2023, 1, 1) + dt.timedelta(days=i) for i in range(0, 400, 7)]
    expected = [cal.index(d) for d in days]
    actual = cal.indices([d.toordinal() for d in days]).tolist()
    assert expected == actual


def test_reference_variance_in_working_days():
    """MS Project's stored finish variance of 246 days is the working-day distance on Standard."""
    # task-baselines-project2003: baseline finish Sat 2014-03-01 09:00, finish Mon 2015-02-09 17:00
    cal = builtin("standard")
    expected = 246
    assert expected == cal.finish_index(D(2015, 2, 9)) - cal.finish_index(D(2014, 3, 1))


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=D(1995, 1, 1), max_value=D(2090, 12, 31)), st.integers(-500, 500),
       st.sampled_from(["rijk", "nl", "standard"]))
def test_add_then_count_round_trips(day, days, name):
    """Adding n working days to a working day and counting back gives n."""
    cal = builtin(name)
    start = cal.add_workdays(day, 0)
    assert days == cal.workdays_between(start, cal.add_workdays(start, days))


@settings(max_examples=40, deadline=None)
@given(st.dates(min_value=D(1995, 1, 1), max_value=D(2090, 12, 31)))
def test_date_of_index_is_first_working_day_on_or_after(day):
    """The date of a day's index is the first working day on or after it."""
    cal = builtin("rijk")
    expected = day
    while not cal.is_working(expected):
        expected += dt.timedelta(days=1)
    assert expected == cal.date(cal.index(day))


def test_make_rejects_unknown_base():
    """An unknown base is a CalendarError."""
    with pytest.raises(CalendarError, match="unknown base"):
        Calendar.make("x", base="be")
