"""The CPM core (``portfolio._cpm``) through ``schedule``: lags, driving relations, elapsed days.

Every expectation is counted by hand on the standard calendar (Monday to Friday, no holidays) from
Monday 1 January 2024: working day 0 is 1 January, day 5 is Monday 8 January, day 10 Monday 15 January.
A boundary ``k`` is the moment before working day ``k``: an activity of ``d`` days from boundary ``s``
works days ``s`` to ``s + d - 1``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from portfolio import _cpm
from portfolio.model import (
    Activity,
    ActivityProgress,
    Duration,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
    StatusUpdate,
)
from portfolio.scheduling import Schedule, schedule

D = dt.date
START = D(2024, 1, 1)  # a Monday


def plan(durations: dict[str, Duration | int], relations: list[tuple[str, str, str, Duration | int]]) -> Schedule:
    """The schedule of activities ``{id: duration}`` with relations ``(pred, succ, type, lag)``."""
    return plan_from(START, durations, relations)


def plan_from(start: dt.date, durations: dict[str, Duration | int],
              relations: list[tuple[str, str, str, Duration | int]]) -> Schedule:
    """As :func:`plan`, from the project start ``start``."""
    acts = [Activity(id=i, duration=d if isinstance(d, Duration) else Duration(d)) for i, d in durations.items()]
    rels = [Relation(predecessor=p, successor=s, type=RelationType(t), lag=lag if isinstance(lag, Duration)
                     else Duration(lag)) for p, s, t, lag in relations]
    return schedule(Portfolio(settings=PortfolioSettings(start=start, calendar="standard"), activities=acts, relations=rels))


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
    """A 10ed activity whose successor starts Monday 29 January may start as late as Friday 19 January.

    long: 20 working days, 1-26 January; cure: 10 calendar days from Monday 1 January, Wednesday
    10 January its last day; end after both, Monday 29 January. Cure's latest 10 calendar days end on
    Sunday 28 January, before end's Monday (MS Project's way, KB 87301): 19 to 28 January, shown as
    finishing Friday 26 January (tests/test_elapsed_late_dates.py).
    """
    s = plan({"long": 20, "cure": Duration(10, elapsed=True), "end": 1},
             [("long", "end", "FS", 0), ("cure", "end", "FS", 0)])
    cure = s["cure"]
    assert (cure.early_start, cure.early_finish) == (D(2024, 1, 1), D(2024, 1, 10))
    assert (cure.late_start, cure.late_finish) == (D(2024, 1, 19), D(2024, 1, 26))
    # working days: early finish boundary 8 (1-5, 8-10 Jan), late finish 20; late start 14 (Friday 19 Jan)
    assert (cure.start_float, cure.finish_float, cure.total_float) == (14, 12, 12)
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


# --- the core's own constructor (the benchmarks and the property tests build networks with it) -------------


def test_network_build_defaults() -> None:
    """Without floors, fixed starts, caps or finished work: no floor, nothing fixed, no cap, nothing done."""
    net = _cpm.Network.build(n=2, duration=[1, 2], pred=[0], succ=[1], rtype=[_cpm.FS], lag=[0])
    assert (net.floor.tolist(), net.cap_lf.tolist()) == ([-(1 << 40)] * 2, [1 << 40] * 2)
    assert (net.fixed.tolist(), net.done.tolist()) == ([False, False], [False, False])
    assert (net.origin, net.conversion) == (None, None)
    assert [a.dtype for a in (net.duration, net.floor, net.cap_lf, net.pred, net.succ, net.rtype, net.lag)] \
        == [np.dtype(np.int64)] * 7
    assert (net.fixed.dtype, net.done.dtype) == (np.dtype(bool), np.dtype(bool))


def test_network_build_takes_what_it_is_given() -> None:
    """Given lists become arrays of the core's types (int64 boundaries, boolean flags)."""
    table = np.zeros((1, 1), dtype=np.int64)
    conversion = _cpm.Conversion(t0=0, early=table, late=table, before=table, cal=np.zeros(2, dtype=np.int64),
                                 elapsed_lag=np.zeros(1, dtype=np.int64), elapsed=np.zeros(2, dtype=bool))
    net = _cpm.Network.build(n=2, duration=[5, 3], pred=[0], succ=[1], rtype=[_cpm.SS], lag=[2],
                             floor=[3, 4], fixed=[1, 0], cap_lf=[30, 40], done=[0, 1], origin=[4, -1],
                             conversion=conversion)
    assert net.conversion is conversion
    assert (net.floor.tolist(), net.cap_lf.tolist(), net.origin.tolist()) == ([3, 4], [30, 40], [4, -1])
    assert (net.fixed.tolist(), net.done.tolist()) == ([True, False], [False, True])
    assert [a.dtype for a in (net.floor, net.cap_lf, net.origin)] == [np.dtype(np.int64)] * 3
    assert (net.fixed.dtype, net.done.dtype) == (np.dtype(bool), np.dtype(bool))


def test_an_origin_measures_a_start_lag_from_the_actual_start() -> None:
    """a (5 days) started at 4, b SS+2: from the origin 4 + 2 = 6, before the start 10, so b starts at 10;
    without the origin from a's remaining work at 10: 12."""
    kwargs = {"n": 2, "duration": [5, 3], "pred": [0], "succ": [1], "rtype": [_cpm.SS], "lag": [2]}
    assert _cpm.solve(_cpm.Network.build(**kwargs, origin=[4, -1]), start=10).es.tolist() == [10, 10]
    assert _cpm.solve(_cpm.Network.build(**kwargs), start=10).es.tolist() == [10, 12]


def test_levels_of_a_cycle_and_what_follows_it() -> None:
    """0 and 1 wait on each other, 2 waits on 1: none of them gets a generation (-1); 3 stands alone (0)."""
    assert _cpm.levels(4, np.array([0, 1, 1]), np.array([1, 0, 2])).tolist() == [-1, -1, -1, 0]


def test_topology_leaves_out_invalid_relations_and_those_into_finished_work() -> None:
    """Kept: 0 -> 1 only; out: a predecessor out of range (5, -1), a self-loop, a relation into finished 2."""
    t = _cpm.topology(3, [0, 5, 1, -1, 0], [1, 1, 1, 2, 2], [0, 0, 1])
    assert t.keep.tolist() == [True, False, False, False, False]
    assert (t.depth, t.cyclic.tolist(), t.by_succ.tolist(), t.by_pred.tolist()) == (2, [], [0], [0])


# --- the calendar horizon's first and last days (1 January 1990, 31 December 2100) ------------------------


def test_an_elapsed_lag_from_the_horizons_first_day() -> None:
    """a starts Monday 1 January 1990, the first day of the horizon; b SS+1ed starts a calendar day later."""
    s = schedule(Portfolio(settings=PortfolioSettings(start=D(1990, 1, 1), calendar="standard"),
                           activities=[Activity(id="a", duration=Duration(5)), Activity(id="b", duration=Duration(1))],
                           relations=[Relation(predecessor="a", successor="b", type=RelationType.SS,
                                               lag=Duration(1, elapsed=True))]))
    assert (s["b"].early_start, s["b"].late_start, s["b"].total_float) == (D(1990, 1, 2), D(1990, 1, 5), 3)
    assert s["a"].late_start == D(1990, 1, 1)


def test_an_elapsed_activity_on_the_horizons_first_day() -> None:
    """x (1ed) on Monday 1 January 1990, y after it on the 2nd: both critical, x's latest start is the 1st."""
    s = schedule(Portfolio(settings=PortfolioSettings(start=D(1990, 1, 1), calendar="standard"),
                           activities=[Activity(id="x", duration=Duration(1, elapsed=True)),
                                       Activity(id="y", duration=Duration(1))],
                           relations=[Relation(predecessor="x", successor="y")]))
    x = s["x"]
    assert (x.early_start, x.early_finish, x.late_start, x.late_finish) == (D(1990, 1, 1),) * 4
    assert (x.start_float, x.total_float, s["y"].start) == (0, 0, D(1990, 1, 2))


def test_an_elapsed_lag_past_the_horizons_last_day_stops_there() -> None:
    """From Friday 24 December 2100 a 20ed lag ends in January 2101, after the horizon: b is held on its last day."""
    s = schedule(Portfolio(settings=PortfolioSettings(start=D(2100, 12, 20), calendar="standard"),
                           activities=[Activity(id="a", duration=Duration(5)), Activity(id="b", duration=Duration(1))],
                           relations=[Relation(predecessor="a", successor="b", lag=Duration(20, elapsed=True))]))
    assert (s["a"].early_finish, s["b"].early_start, s.finish) == (D(2100, 12, 24), D(2100, 12, 31), D(2100, 12, 31))


def test_a_start_lag_from_an_actual_start_on_the_horizons_first_day() -> None:
    """MS Project's way, with the actual start on the horizon's first day (boundary 0).

    a (20 days) started Monday 1 January 1990 and is half done on Friday 12 January: its remaining 10
    days run 15-26 January. b (5 days) SS+15 from the actual start: 22-26 January; c (1 day) after b:
    Monday 29 January. The start that happened does not bound a's late dates: a may finish up to the
    project's finish, 29 January, one day of float.
    """
    settings = PortfolioSettings(start=D(1990, 1, 1), calendar="standard", lag_from_actual_start=True)
    progress = {"a": ActivityProgress(activity="a", actual_start=D(1990, 1, 1))}
    s = schedule(Portfolio(
        settings=settings,
        activities=[Activity(id="a", duration=Duration(20)), Activity(id="b", duration=Duration(5)),
                    Activity(id="c", duration=Duration(1))],
        relations=[Relation(predecessor="a", successor="b", type=RelationType.SS, lag=Duration(15)),
                   Relation(predecessor="b", successor="c")],
        status_updates=[StatusUpdate(date=D(1990, 1, 12), progress=progress)]))
    assert (s["a"].finish, s["b"].start, s["c"].start) == (D(1990, 1, 26), D(1990, 1, 22), D(1990, 1, 29))
    assert (s["a"].late_finish, s["a"].total_float, s["b"].driving) == (D(1990, 1, 29), 1, ("a",))


def test_a_relation_into_finished_work_leaves_the_free_float_alone() -> None:
    """b finished out of sequence before its predecessor a starts: a can slip to the project's finish.

    Status Friday 12 January 2024: a (5 days) and z (10 days) start Monday 15 January; a runs to the 19th,
    z to the 26th. b is finished, so a -> b holds nothing back: a's free float is its total float, 5.
    """
    progress = {"b": ActivityProgress(activity="b", actual_start=D(2024, 1, 2), actual_finish=D(2024, 1, 3))}
    s = schedule(Portfolio(
        settings=PortfolioSettings(start=START, calendar="standard"),
        activities=[Activity(id="a", duration=Duration(5)), Activity(id="b", duration=Duration(2)),
                    Activity(id="z", duration=Duration(10))],
        relations=[Relation(predecessor="a", successor="b")],
        status_updates=[StatusUpdate(date=D(2024, 1, 12), progress=progress)]))
    assert (s["a"].start, s["a"].finish, s.finish) == (D(2024, 1, 15), D(2024, 1, 19), D(2024, 1, 26))
    assert (s["a"].total_float, s["a"].free_float, s["b"].driving) == (5, 5, ())


def test_an_elapsed_lead_at_the_horizons_last_days() -> None:
    """a works Monday 27 to Friday 31 December 2100; b FS-3ed may start 3 calendar days before a's end.

    a ends with the last day of the horizon; 3 days before that moment is Wednesday 29 December. b
    may finish as late as the project, 31 December: 2 days of float. a's late finish counted back
    from b's late start (31 December plus 3 days) lies after the horizon: a is held by the project's
    finish, 31 December, no float.
    """
    s = plan_from(D(2100, 12, 27), {"a": 5, "b": 1}, [("a", "b", "FS", Duration(-3, elapsed=True))])
    assert (s["b"].early_start, s["b"].late_start, s["b"].total_float) == (D(2100, 12, 29), D(2100, 12, 31), 2)
    assert (s["a"].late_finish, s["a"].total_float) == (D(2100, 12, 31), 0)


def test_a_working_day_lag_past_the_horizons_last_day_stops_there() -> None:
    """FS+5d from Friday 31 December 2100 runs past the horizon (with an elapsed lag elsewhere in the network,
    so the boundaries go through the calendar tables): c is held on the horizon's last day."""
    s = plan_from(D(2100, 12, 27), {"a": 5, "b": 1, "c": 1},
                  [("a", "b", "FS", Duration(-3, elapsed=True)), ("a", "c", "FS", 5)])
    assert (s["a"].early_finish, s["c"].early_start, s.finish) == (D(2100, 12, 31),) * 3
