"""The CPM core (``portfolio._cpm``) through ``schedule``: lags, driving relations, elapsed days.

Every expectation is counted by hand on the standard calendar (Monday to Friday, no holidays) from
Monday 1 January 2024: working day 0 is 1 January, day 5 is Monday 8 January, day 10 Monday 15 January.
A boundary ``k`` is the moment before working day ``k``: an activity of ``d`` days from boundary ``s``
works days ``s`` to ``s + d - 1``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings, Relation, RelationType
from portfolio.scheduling import Schedule, schedule

D = dt.date
START = D(2024, 1, 1)  # a Monday


def plan(durations: dict[str, Duration | int], relations: list[tuple[str, str, str, Duration | int]]) -> Schedule:
    """The schedule of activities ``{id: duration}`` with relations ``(pred, succ, type, lag)``."""
    acts = [Activity(id=i, duration=d if isinstance(d, Duration) else Duration(d)) for i, d in durations.items()]
    rels = [Relation(predecessor=p, successor=s, type=RelationType(t), lag=lag if isinstance(lag, Duration)
                     else Duration(lag)) for p, s, t, lag in relations]
    return schedule(Portfolio(settings=PortfolioSettings(start=START, calendar="standard"), activities=acts, relations=rels))


def ids(path: tuple[object, ...]) -> list[str]:
    return [a.id for a in path]  # type: ignore[attr-defined]


# --- a driving relation with a lag: its gap is zero only when the lag is counted the right way ------------


@pytest.mark.parametrize(("kind", "lag", "live_start", "prep_float"), [
    # build works days 0-4; live (2 days) after it
    ("FS", 2, D(2024, 1, 10), 6),   # build's finish (boundary 5) + 2 = 7: Wednesday 10 Jan; prep ends at 1
    ("FS", -2, D(2024, 1, 4), 2),   # a lead: 5 - 2 = 3, Thursday 4 Jan
    ("SS", 3, D(2024, 1, 4), 2),    # build's start (0) + 3 = 3
    ("FF", 2, D(2024, 1, 8), 4),    # live finishes at 5 + 2 = 7, so starts at 7 - 2 = 5: Monday 8 Jan
    ("SF", 6, D(2024, 1, 5), 3),    # live finishes at 0 + 6 = 6, starts at 4: Friday 5 Jan
])
def test_a_lagged_relation_drives_its_successor(kind: str, lag: int, live_start: dt.date, prep_float: int) -> None:
    """``driving_path("live")`` is build then live; prep (1 day, FS into live, no lag) drives nothing."""
    s = plan({"build": 5, "prep": 1, "live": 2}, [("build", "live", kind, lag), ("prep", "live", "FS", 0)])
    assert s["live"].start == live_start
    assert ids(s.driving_path("live")) == ["build", "live"]
    # prep's slack is the gap to live's start (boundary of live's start minus prep's finish at 1)
    assert (s["prep"].free_float, s["prep"].total_float) == (prep_float, prep_float)
    assert (s["build"].total_float, s["live"].total_float) == (0, 0)


def test_two_lagged_drivers_at_once() -> None:
    """Two predecessors whose lags land on the same boundary both drive: the path holds both."""
    # a: days 0-2 (finish 3) FS+2 -> 5; b: days 0-3 (finish 4) FS+1 -> 5; c: days 0-5 FS-1 -> 5
    s = plan({"a": 3, "b": 4, "c": 6, "x": 1},
             [("a", "x", "FS", 2), ("b", "x", "FS", 1), ("c", "x", "FS", -1)])
    assert s["x"].start == D(2024, 1, 8)
    assert ids(s.driving_path("x")) == ["a", "b", "c", "x"]
    assert [s[i].free_float for i in "abcx"] == [0, 0, 0, 0]


def test_the_longest_path_with_lags() -> None:
    """Without a target the driving path runs back from the activity that finishes last."""
    # a (2) FS+3 -> b (1): b at 5, finishes 6; c (5) FS+0 -> d (2): d at 5, finishes 7 (last)
    s = plan({"a": 2, "b": 1, "c": 5, "d": 2}, [("a", "b", "FS", 3), ("c", "d", "FS", 0)])
    assert ids(s.driving_path()) == ["c", "d"]
    assert (s["a"].total_float, s["b"].total_float) == (1, 1)
    assert s.finish == D(2024, 1, 9)


def test_lag_slack_is_free_float_of_the_predecessor() -> None:
    """A predecessor that finishes early enough, lag included, has the remaining gap as free float."""
    # long: days 0-9 (finish 10); short (2) FS+3 -> end; long FS+0 -> end: end at 10; short's gap 10-5 = 5
    s = plan({"long": 10, "short": 2, "end": 1}, [("long", "end", "FS", 0), ("short", "end", "FS", 3)])
    assert (s["short"].free_float, s["short"].total_float) == (5, 5)
    assert s["short"].late_start == D(2024, 1, 8)  # boundary 10 - 3 - 2 = 5
    assert ids(s.driving_path("end")) == ["long", "end"]


# --- elapsed days --------------------------------------------------------------------------------------------


def test_an_elapsed_activity_late_start_counts_calendar_days_back() -> None:
    """A 10ed activity that must finish by Friday 26 January may start as late as Wednesday 17 January.

    long: 20 working days, 1-26 January; cure: 10 calendar days from Monday 1 January, Wednesday
    10 January its last day; end after both, Monday 29 January. Cure's latest 10 calendar days end on
    Friday 26 January: 17 to 26 January.
    """
    s = plan({"long": 20, "cure": Duration(10, elapsed=True), "end": 1},
             [("long", "end", "FS", 0), ("cure", "end", "FS", 0)])
    cure = s["cure"]
    assert (cure.early_start, cure.early_finish) == (D(2024, 1, 1), D(2024, 1, 10))
    assert (cure.late_start, cure.late_finish) == (D(2024, 1, 17), D(2024, 1, 26))
    # working days: early finish boundary 8 (1-5, 8-10 Jan), late finish 20; late start 12 (before 17 Jan)
    assert (cure.start_float, cure.finish_float, cure.total_float) == (12, 12, 12)
    assert s["end"].start == D(2024, 1, 29)


def test_an_elapsed_activity_after_a_predecessor() -> None:
    """An elapsed activity that starts on a Thursday runs over the weekend: 7ed is Thursday to Wednesday."""
    s = plan({"a": 3, "cure": Duration(7, elapsed=True), "b": 1}, [("a", "cure", "FS", 0), ("cure", "b", "FS", 0)])
    assert (s["cure"].early_start, s["cure"].early_finish) == (D(2024, 1, 4), D(2024, 1, 10))
    assert s["b"].start == D(2024, 1, 11)
    assert ids(s.driving_path("b")) == ["a", "cure", "b"]


def test_an_elapsed_lag_adds_calendar_days() -> None:
    """FS+3ed after a Friday finish: Saturday, Sunday, Monday pass, the successor starts Tuesday 9 January."""
    s = plan({"build": 5, "live": 1, "prep": 1},
             [("build", "live", "FS", Duration(3, elapsed=True)), ("prep", "live", "FS", 0)])
    assert s["live"].start == D(2024, 1, 9)
    assert ids(s.driving_path("live")) == ["build", "live"]
    # build's late finish: live's late start Tuesday (boundary 6) minus 3 calendar days is Saturday 6 January,
    # so build may finish on Friday 5 January: no float; prep's float runs to that same Tuesday
    assert (s["build"].total_float, s["prep"].total_float) == (0, 5)
