"""Every closed day of every built-in calendar, 2020–2035, and the horizon's boundary days.

The tables below are written out by hand, not produced by ``portfolio.calendar``.
Their sources: the Easter Sundays (``EASTER``) of the Gregorian computus, as
published in any almanac and checked against a second, independent
algorithm (Meeus/Jones/Butcher) while writing this file; the days off the
Rijksoverheid gives its staff (``rijk``: the public holidays plus Goede
Vrijdag and 5 May every year; Koningsdag on Saturday 26 April in 2025
and 2031, when the 27th is a Sunday); and article 3(1) of the Algemene
termijnenwet for ``nl``, as most employers give the days off (no Goede
Vrijdag, which article 3(2) equates with a holiday for deadlines only; 5 May
in lustrum years). Weekend holidays are listed too: a declared
calendar that works on Saturday or Sunday closes them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from portfolio.calendar import (
    BASES,
    BUILTIN_IDS,
    BUILTINS,
    HORIZON_FIRST,
    HORIZON_LAST,
    Calendar,
    CalendarError,
    builtin,
    closed_days,
    from_spec,
)
from portfolio.model import CalendarSpec
from portfolio.schema import load_schema

D = dt.date
YEARS = range(2020, 2036)

#: Easter Sunday, 2020–2035 (month, day).
EASTER = {
    2020: (4, 12), 2021: (4, 4), 2022: (4, 17), 2023: (4, 9), 2024: (3, 31), 2025: (4, 20),
    2026: (4, 5), 2027: (3, 28), 2028: (4, 16), 2029: (4, 1), 2030: (4, 21), 2031: (4, 13),
    2032: (3, 28), 2033: (4, 17), 2034: (4, 9), 2035: (3, 25),
}

#: Closed days of base ``rijk`` per year (MM-DD): Nieuwjaarsdag, Goede Vrijdag, Eerste and Tweede
#: Paasdag, Koningsdag, Bevrijdingsdag, Hemelvaartsdag, Eerste and Tweede Pinksterdag, both Kerstdagen.
RIJK = {
    2020: "01-01 04-10 04-12 04-13 04-27 05-05 05-21 05-31 06-01 12-25 12-26",
    2021: "01-01 04-02 04-04 04-05 04-27 05-05 05-13 05-23 05-24 12-25 12-26",
    2022: "01-01 04-15 04-17 04-18 04-27 05-05 05-26 06-05 06-06 12-25 12-26",
    2023: "01-01 04-07 04-09 04-10 04-27 05-05 05-18 05-28 05-29 12-25 12-26",
    2024: "01-01 03-29 03-31 04-01 04-27 05-05 05-09 05-19 05-20 12-25 12-26",
    2025: "01-01 04-18 04-20 04-21 04-26 05-05 05-29 06-08 06-09 12-25 12-26",
    2026: "01-01 04-03 04-05 04-06 04-27 05-05 05-14 05-24 05-25 12-25 12-26",
    2027: "01-01 03-26 03-28 03-29 04-27 05-05 05-06 05-16 05-17 12-25 12-26",
    2028: "01-01 04-14 04-16 04-17 04-27 05-05 05-25 06-04 06-05 12-25 12-26",
    2029: "01-01 03-30 04-01 04-02 04-27 05-05 05-10 05-20 05-21 12-25 12-26",
    2030: "01-01 04-19 04-21 04-22 04-27 05-05 05-30 06-09 06-10 12-25 12-26",
    2031: "01-01 04-11 04-13 04-14 04-26 05-05 05-22 06-01 06-02 12-25 12-26",
    2032: "01-01 03-26 03-28 03-29 04-27 05-05 05-06 05-16 05-17 12-25 12-26",
    2033: "01-01 04-15 04-17 04-18 04-27 05-05 05-26 06-05 06-06 12-25 12-26",
    2034: "01-01 04-07 04-09 04-10 04-27 05-05 05-18 05-28 05-29 12-25 12-26",
    2035: "01-01 03-23 03-25 03-26 04-27 05-03 05-05 05-13 05-14 12-25 12-26",
}

#: Closed days of base ``nl`` per year (MM-DD): as ``rijk`` without Goede Vrijdag, 5 May in 2020, 2025, 2030, 2035.
NL = {
    2020: "01-01 04-12 04-13 04-27 05-05 05-21 05-31 06-01 12-25 12-26",
    2021: "01-01 04-04 04-05 04-27 05-13 05-23 05-24 12-25 12-26",
    2022: "01-01 04-17 04-18 04-27 05-26 06-05 06-06 12-25 12-26",
    2023: "01-01 04-09 04-10 04-27 05-18 05-28 05-29 12-25 12-26",
    2024: "01-01 03-31 04-01 04-27 05-09 05-19 05-20 12-25 12-26",
    2025: "01-01 04-20 04-21 04-26 05-05 05-29 06-08 06-09 12-25 12-26",
    2026: "01-01 04-05 04-06 04-27 05-14 05-24 05-25 12-25 12-26",
    2027: "01-01 03-28 03-29 04-27 05-06 05-16 05-17 12-25 12-26",
    2028: "01-01 04-16 04-17 04-27 05-25 06-04 06-05 12-25 12-26",
    2029: "01-01 04-01 04-02 04-27 05-10 05-20 05-21 12-25 12-26",
    2030: "01-01 04-21 04-22 04-27 05-05 05-30 06-09 06-10 12-25 12-26",
    2031: "01-01 04-13 04-14 04-26 05-22 06-01 06-02 12-25 12-26",
    2032: "01-01 03-28 03-29 04-27 05-06 05-16 05-17 12-25 12-26",
    2033: "01-01 04-17 04-18 04-27 05-26 06-05 06-06 12-25 12-26",
    2034: "01-01 04-09 04-10 04-27 05-18 05-28 05-29 12-25 12-26",
    2035: "01-01 03-25 03-26 04-27 05-03 05-05 05-13 05-14 12-25 12-26",
}

TABLES = {"rijk": RIJK, "nl": NL, "none": dict.fromkeys(YEARS, "")}


def days_of(year: int, text: str) -> set[dt.date]:
    """The dates a table row names."""
    return {D(year, int(md[:2]), int(md[3:])) for md in text.split()}


def test_every_base_has_a_table():
    """The tables cover every base there is, and every built-in calendar is a Monday–Friday week on one."""
    assert set(BASES) == set(TABLES)
    assert set(BUILTINS.values()) <= set(TABLES)
    assert tuple(BUILTINS) == BUILTIN_IDS


def test_tables_put_easter_where_the_almanac_does():
    """Each row holds its year's Easter Sunday and Monday (a check on the hand-written tables)."""
    for year, (month, day) in EASTER.items():
        sunday = D(year, month, day)
        for table in (RIJK, NL):
            assert {sunday, sunday + dt.timedelta(days=1)} <= days_of(year, table[year])


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("year", YEARS)
def test_closed_days_match_the_table(base, year):
    """The holidays a base closes in a year are exactly the table's row."""
    assert days_of(year, TABLES[base][year]) == set(closed_days(base, year))


@pytest.mark.parametrize("id", BUILTIN_IDS)
def test_builtin_calendar_closes_exactly_the_table_days_and_weekends(id):
    """Every day of 2020–2035: a built-in calendar works on it exactly when it is a weekday not in the table."""
    table = TABLES[BUILTINS[id]]
    closed = set().union(*(days_of(year, table[year]) for year in YEARS))
    cal = builtin(id)
    day, wrong = D(2020, 1, 1), []
    while day.year <= YEARS[-1]:
        if cal.is_working(day) != (day.weekday() < 5 and day not in closed):
            wrong.append(day)
        day += dt.timedelta(days=1)
    assert [] == wrong


def test_holiday_names():
    """Each holiday carries its Dutch name; the Sunday rule moves Koningsdag to the Saturday before."""
    names = closed_days("rijk", 2025)
    assert "Koningsdag" == names[D(2025, 4, 26)]
    assert "Goede Vrijdag" == names[D(2025, 4, 18)]
    assert "Hemelvaartsdag" == names[D(2025, 5, 29)]


@pytest.mark.parametrize(
    ("year", "day", "name"),
    [
        (2013, D(2013, 4, 30), "Koninginnedag"),  # the last Koninginnedag, a Tuesday
        (2006, D(2006, 4, 29), "Koninginnedag"),  # 30 April 2006 was a Sunday: celebrated on Saturday the 29th
        (2000, D(2000, 4, 29), "Koninginnedag"),  # 30 April 2000, a Sunday as well
        (2014, D(2014, 4, 26), "Koningsdag"),  # the first Koningsdag: 27 April 2014 was a Sunday
        (2017, D(2017, 4, 27), "Koningsdag"),
    ],
)
def test_royal_day_history(year, day, name):
    """Koninginnedag (30 April) until 2013, Koningsdag (27 April) from 2014, each moved off a Sunday."""
    days = closed_days("nl", year)
    royal = {d: n for d, n in days.items() if n in {"Koningsdag", "Koninginnedag"}}
    assert {day: name} == royal


def test_unknown_base_is_a_calendar_error():
    """A base that does not exist is a CalendarError, not a KeyError."""
    with pytest.raises(CalendarError, match="unknown base 'be'"):
        closed_days("be", 2024)


# ---- the horizon's boundary days --------------------------------------------------------------

def test_horizon_first_day():
    """1 January 1990 (a Monday) is index 0 everywhere; on rijk it is Nieuwjaarsdag, so 2 January opens."""
    standard, rijk = builtin("standard"), builtin("rijk")
    assert (0, True, HORIZON_FIRST) == (standard.index(HORIZON_FIRST), standard.is_working(HORIZON_FIRST),
                                        standard.date(0))
    assert (0, False, D(1990, 1, 2)) == (rijk.index(HORIZON_FIRST), rijk.is_working(HORIZON_FIRST), rijk.date(0))


def test_horizon_last_day():
    """31 December 2100 (a Friday) is the last working day: its finish boundary is the calendar's size."""
    for id in BUILTIN_IDS:
        cal = builtin(id)
        assert (True, cal.size, HORIZON_LAST) == (cal.is_working(HORIZON_LAST), cal.finish_index(HORIZON_LAST),
                                                  cal.date(cal.size - 1))


def test_standard_size_counts_every_weekday_of_the_horizon():
    """The standard calendar has one working day per weekday from 1990 to 2100 (counted day by day here)."""
    days = range(HORIZON_FIRST.toordinal(), HORIZON_LAST.toordinal() + 1)
    assert sum(1 for t in days if dt.date.fromordinal(t).weekday() < 5) == builtin("standard").size


@pytest.mark.parametrize("day", [HORIZON_FIRST - dt.timedelta(days=1), HORIZON_LAST + dt.timedelta(days=1),
                                 D(1, 1, 1), D(9999, 12, 31)])
def test_day_outside_the_horizon_is_a_calendar_error(day):
    """A date a day outside the horizon cannot be converted: a CalendarError naming the horizon."""
    with pytest.raises(CalendarError, match=r"outside the calendar horizon 1990-01-01\.\.2100-12-31"):
        builtin("rijk").index(day)


@pytest.mark.parametrize("index", [-1, builtin("rijk").size])
def test_index_outside_the_horizon_is_a_calendar_error(index):
    """Working-day index -1 and ``size`` have no date."""
    with pytest.raises(CalendarError, match="outside the calendar horizon"):
        builtin("rijk").date(index)


def test_closed_and_open_days_outside_the_horizon_are_ignored():
    """A declared calendar with 9999-12-31 or 0001-01-01 among its days builds; the boundary days still count."""
    spec = CalendarSpec(id="ver", base="none", closed=(D(1, 1, 1), HORIZON_FIRST, HORIZON_LAST, D(9999, 12, 31)),
                        open=(D(9999, 12, 31), D(1989, 12, 31)))
    cal = from_spec(spec)
    standard = builtin("standard")
    assert (False, False, standard.size - 2) == (cal.is_working(HORIZON_FIRST), cal.is_working(HORIZON_LAST),
                                                 cal.size)


def test_make_ignores_what_is_not_a_date():
    """Calendar.make raises nothing but CalendarError: an entry that is not a date changes nothing."""
    cal = Calendar.make("x", closed=["2024-01-02", None, D(2024, 1, 3)])  # type: ignore[list-item]
    assert (True, False) == (cal.is_working(D(2024, 1, 2)), cal.is_working(D(2024, 1, 3)))


def test_schema_names_the_same_calendars_and_bases():
    """The JSON Schema (a JSON file, so a copy) lists exactly the built-in ids and bases of portfolio.calendar."""
    defs = load_schema()["$defs"]
    assert list(BUILTIN_IDS) == defs["settings"]["properties"]["calendar"]["examples"]
    assert list(BASES) == defs["calendar"]["properties"]["base"]["enum"]


def test_vectorised_conversions_clip_to_the_horizon():
    """Day ordinals beyond the horizon give index 0 and ``size``; indices beyond it the first and last working day."""
    cal = builtin("rijk")
    outside = [HORIZON_FIRST.toordinal() - 5, HORIZON_LAST.toordinal() + 5]
    assert [0, cal.size] == cal.indices(outside).tolist()
    assert [D(1990, 1, 2), HORIZON_LAST] == [dt.date.fromordinal(t) for t in cal.ordinals([-3, cal.size + 3]).tolist()]


def test_weekend_workweek_ignores_impossible_weekdays():
    """A week of Saturday and Sunday works on both (7 and -1 are no weekdays and change nothing)."""
    cal = Calendar.make("weekend", workweek=(5, 6, 7, -1))
    assert [False, True, True] == [cal.is_working(D(2024, 1, day)) for day in (5, 6, 7)]  # Fri, Sat, Sun
