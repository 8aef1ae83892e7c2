"""Late dates of elapsed-day (``ed``) activities: the backward pass is the exact inverse of the forward pass.

Every expectation is counted by hand on the standard calendar (Monday to Friday, no holidays) from
Monday 1 January 2024. Working days of January 2024 and their indices (the boundary ``k`` is the
moment before working day ``k``)::

    Mon 1 .. Fri 5    0 .. 4        Mon 22 .. Fri 26   15 .. 19
    Mon 8 .. Fri 12   5 .. 9        Mon 29 .. Wed 31   20 .. 22
    Mon 15 .. Fri 19  10 .. 14

An activity of ``d`` elapsed days started on working day ``S`` runs the calendar days ``S`` to
``S + d - 1``; its finish boundary is the number of working days before day ``S + d`` (MS Project:
``S`` 08:00 plus ``24 × d`` hours, so a successor may start on the first working morning from day
``S + d``). The latest start for a finish boundary ``lf`` is therefore the latest working day ``S``
with ``S + d`` on or before working day ``lf``: when that day is a weekend day, the Friday before it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from portfolio.calendar import builtin
from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings, Relation, RelationType
from portfolio.scheduling import Schedule, schedule

D = dt.date
START = D(2024, 1, 1)  # a Monday
CAL = builtin("standard")


def plan(durations: dict[str, Duration | int], relations: list[tuple[str, str, str, Duration | int]]) -> Schedule:
    """The schedule of activities ``{id: duration}`` with relations ``(pred, succ, type, lag)`` from START."""
    acts = [Activity(id=i, duration=d if isinstance(d, Duration) else Duration(d)) for i, d in durations.items()]
    rels = [Relation(predecessor=p, successor=s, type=RelationType(t), lag=lag if isinstance(lag, Duration)
                     else Duration(lag)) for p, s, t, lag in relations]
    return schedule(Portfolio(settings=PortfolioSettings(start=START, calendar="standard"), activities=acts,
                              relations=rels))


def ed(days: int) -> Duration:
    return Duration(days, elapsed=True)


def test_the_calendar_indices_the_expectations_use() -> None:
    """The table in the module docstring, checked against the calendar itself (indices from 1 January)."""
    assert [CAL.index(D(2024, 1, day)) - CAL.index(START) for day in (1, 5, 8, 12, 15, 19, 22, 23, 24, 26, 29)] == [
        0, 4, 5, 9, 10, 14, 15, 16, 17, 19, 20]


def test_a_late_start_on_a_weekend_moves_back_to_the_friday() -> None:
    """Late finish Tuesday 23 January, 10ed: the latest start is Friday 12 January, not Monday 15.

    long: 17 working days, 1 to 23 January; end (after long and cure) starts Wednesday 24 January, so
    cure must end by Tuesday 23: started on Monday 15 it would end on Wednesday 24, started on Friday
    12 it ends on Sunday 21. Start float 9 (Friday 12 is working day 9), finish float 9 (early finish
    boundary 8: cure from 1 January ends Wednesday 10; late finish boundary 17).
    """
    s = plan({"long": 17, "cure": ed(10), "end": 1}, [("long", "end", "FS", 0), ("cure", "end", "FS", 0)])
    cure = s["cure"]
    assert (cure.early_start, cure.early_finish) == (D(2024, 1, 1), D(2024, 1, 10))
    assert (cure.late_start, cure.late_finish) == (D(2024, 1, 12), D(2024, 1, 23))
    assert (cure.start_float, cure.finish_float, cure.total_float) == (9, 9, 9)
    assert not cure.critical
    assert s["end"].start == D(2024, 1, 24)


def test_an_elapsed_activity_ending_on_a_sunday_on_the_critical_path_has_zero_float() -> None:
    """a (Mon 1 - Tue 2) -> cure 5ed (Wed 3 to Sun 7) -> b (Mon 8): one chain, every float 0.

    cure's finish boundary is 5 (the working days before Monday 8); backwards, the latest working
    day from which 5 calendar days end by Monday 8 is Wednesday 3 (8 - 5), its early start. Counting
    back from Friday 5 instead (the last working day before the boundary) would give Monday 1 and a
    float of -2 on a network without a single constraint.
    """
    s = plan({"a": 2, "cure": ed(5), "b": 1}, [("a", "cure", "FS", 0), ("cure", "b", "FS", 0)])
    assert s.diagnostics == ()
    cure = s["cure"]
    assert (cure.early_start, cure.late_start) == (D(2024, 1, 3), D(2024, 1, 3))
    assert (cure.early_finish, cure.late_finish) == (D(2024, 1, 5), D(2024, 1, 5))
    assert [(s[i].start_float, s[i].finish_float, s[i].total_float) for i in ("a", "cure", "b")] == [(0, 0, 0)] * 3
    assert [s[i].critical for i in ("a", "cure", "b")] == [True, True, True]
    assert s["b"].start == D(2024, 1, 8)


def test_an_elapsed_activity_may_end_on_the_weekend_before_its_successor() -> None:
    """long (20 days, 1 - 26 January) and cure 10ed both before end (Monday 29 January).

    Cure may start as late as Friday 19 January: 19 to 28 January, ending on Sunday, before end's
    Monday. Its start float is 14 (Friday 19 is working day 14) and its finish float 12 (early finish
    boundary 8, late 20): slipping the start by 14 working days moves the finish by 12. Total 12.
    """
    s = plan({"long": 20, "cure": ed(10), "end": 1}, [("long", "end", "FS", 0), ("cure", "end", "FS", 0)])
    cure = s["cure"]
    assert (cure.late_start, cure.late_finish) == (D(2024, 1, 19), D(2024, 1, 26))
    assert (cure.start_float, cure.finish_float, cure.total_float) == (14, 12, 12)


@pytest.mark.parametrize("days", range(1, 15))
def test_scheduling_an_elapsed_activity_at_its_late_start_keeps_its_late_finish(days: int) -> None:
    """The round trip: started at its late start (an SNET there), the activity's early finish is its late finish.

    For each length, ``long`` (13 working days, to Wednesday 17 January) sets the late finish; the
    activity put at its own late start must finish at that same boundary, and one working day later
    must not (the late start is the latest that works).
    """
    base = plan({"long": 13, "cure": ed(days), "end": 1}, [("long", "end", "FS", 0), ("cure", "end", "FS", 0)])
    late_start, late_finish = base["cure"].late_start, base["cure"].late_finish
    lf = CAL.finish_index(late_finish)
    for start, fits in ((late_start, True), (CAL.date(CAL.index(late_start) + 1), False)):
        alone = schedule(Portfolio(settings=PortfolioSettings(start=start, calendar="standard"),
                                   activities=[Activity(id="cure", duration=ed(days))]))
        assert (CAL.finish_index(alone["cure"].early_finish) <= lf) is fits


def test_an_elapsed_milestone_keeps_its_late_date() -> None:
    """0ed: the late start is the late finish (the formula's ``d = 0`` edge)."""
    s = plan({"long": 3, "m": ed(0), "end": 1}, [("long", "end", "FS", 0), ("m", "end", "FS", 0)])
    assert s["m"].total_float == 3
    assert s["m"].late_start == s["m"].late_finish


def test_an_elapsed_lag_backwards_over_a_weekend() -> None:
    """a -> FS+2ed -> b, a finishing on a Friday: the lag runs over the weekend and b starts Monday, no float.

    a: 5 days, 1 to 5 January (boundary 5, the moment after Friday 5); + 2 calendar days is Sunday 7
    evening, so b starts Monday 8 (boundary 5). Backwards: Monday 8 minus 2 calendar days is Saturday 6,
    before which a must finish: Friday 5 still fits, a is critical.
    """
    s = plan({"a": 5, "b": 1}, [("a", "b", "FS", ed(2))])
    assert s["b"].start == D(2024, 1, 8)
    assert (s["a"].late_finish, s["a"].total_float, s["a"].critical) == (D(2024, 1, 5), 0, True)


def test_an_elapsed_start_to_start_lag_counts_from_the_start_morning() -> None:
    """a (1 day, Monday 1) SS+2ed -> b (5 days): Monday 08:00 plus 48 hours is Wednesday 3 January.

    Counted from the evening of the working day before a's start (Friday 29 December) the two days
    would be the weekend and b would start on Monday 1. Backwards: b's late start Wednesday 3 (boundary
    2, b ends the project on Tuesday 9) minus two calendar days is Monday 1, so a may start no later
    than Monday 1: no float on the chain.
    """
    s = plan({"a": 1, "b": 5}, [("a", "b", "SS", ed(2))])
    assert (s["b"].start, s["b"].finish) == (D(2024, 1, 3), D(2024, 1, 9))
    assert (s["a"].late_start, s["a"].total_float, s["a"].critical) == (D(2024, 1, 1), 0, True)
    assert ids_of_driving(s, "b") == ["a", "b"]


def test_an_elapsed_start_to_start_lag_from_a_friday_start_runs_over_the_weekend() -> None:
    """From a start on Friday 5 January, SS+2ed ends Sunday 7 at 08:00: b starts Monday 8."""
    s = plan({"wait": 4, "a": 1, "b": 1}, [("wait", "a", "FS", 0), ("a", "b", "SS", ed(2))])
    assert (s["a"].start, s["b"].start) == (D(2024, 1, 5), D(2024, 1, 8))
    assert s["a"].total_float == 0


def ids_of_driving(s: Schedule, target: str) -> list[str]:
    return [a.id for a in s.driving_path(target)]  # type: ignore[attr-defined]


def test_a_finish_to_finish_relation_into_an_elapsed_activity() -> None:
    """a (10 days, to Friday 12) FF -> e (7ed): e must not finish before a, so it starts Monday 8 (to Sunday 14).

    The earliest start whose seven calendar days end at or after a's finish (the evening of Friday 12,
    which Saturday 13 to Sunday 14 do not move): Monday 8, as MPXJ's MicrosoftScheduler gives (early
    start Monday 8 08:00, finish Monday 15 08:00). Subtracting 7 working days from a's finish instead
    gives Thursday 4, and e would end on Wednesday 10, before a. On the chain, e is critical.
    """
    s = plan({"a": 10, "e": ed(7)}, [("a", "e", "FF", 0)])
    assert (s["e"].early_start, s["e"].early_finish) == (D(2024, 1, 8), D(2024, 1, 12))
    assert (s["e"].total_float, s["e"].critical) == (0, True)
    assert ids_of_driving(s, "e") == ["a", "e"]


def test_a_start_to_finish_relation_into_an_elapsed_activity() -> None:
    """wait (10 days) -> a (Monday 15) SF -> e (7ed): e must not finish before a starts: Monday 8 to Sunday 14."""
    s = plan({"wait": 10, "a": 1, "e": ed(7)}, [("wait", "a", "FS", 0), ("a", "e", "SF", 0)])
    assert s["a"].start == D(2024, 1, 15)
    assert (s["e"].early_start, s["e"].early_finish) == (D(2024, 1, 8), D(2024, 1, 12))


def test_a_start_to_start_relation_out_of_an_elapsed_activity_bounds_its_late_start() -> None:
    """e (7ed from Monday 1) SS+2 -> b (5 days, Wednesday 3 to Tuesday 9, the project's finish).

    b's late start is Wednesday 3 (boundary 2), so e must start by Monday 1 (2 - 2): e drives the
    project and is critical. Its late finish is then its early finish (Sunday 7, shown Friday 5). Adding
    e's 7 calendar days as working days to that late start would give a late finish of Tuesday 9 and a
    late start of Wednesday 3: float 2 on an activity that drives the critical path.
    """
    s = plan({"e": ed(7), "b": 5}, [("e", "b", "SS", 2)])
    assert (s["e"].late_start, s["e"].late_finish) == (D(2024, 1, 1), D(2024, 1, 5))
    assert (s["e"].start_float, s["e"].finish_float, s["e"].critical) == (0, 0, True)
    assert (s["b"].total_float, s["b"].critical) == (0, True)
