"""Elapsed durations and lags against MPXJ's MicrosoftScheduler: the early dates agree; the late dates differ on purpose.

Optional, like tests/test_mpxj_oracle.py: needs a Java runtime and the ``oracle`` extra; skipped without them.

Compared: early start and early finish of random FS/SS networks whose durations and lags are working
or elapsed days, as working-day boundaries (MPXJ's ``Thu 08:00`` finish of an elapsed task is our
boundary before Thursday). Not compared: late dates. MPXJ takes an elapsed task's late finish at
17:00 of the working day before its successor's late start and counts ``24 × d`` hours back from there,
which gives negative slack on a chain without a single constraint (the first test shows it); MS
Project lets the elapsed task run into the non-working time up to the successor's late start (KB
87301, *How Elapsed Duration Tasks Affect Slack Calculations*), and so do we
(tests/test_elapsed_late_dates.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mpxj_jvm import OBJECT_MODEL, classes
from portfolio.calendar import builtin
from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings, Relation, RelationType
from portfolio.scheduling import schedule

START = dt.date(2024, 1, 1)  # a Monday
CAL = builtin("standard")

#: durations (days, elapsed); relations (pred, succ, SS?, lag days, lag elapsed?)
Network = tuple[list[tuple[int, bool]], list[tuple[int, int, bool, int, bool]]]


@pytest.fixture(scope="module")
def mpxj() -> Any:
    """The MPXJ classes in a running JVM; skips without Java, jpype1 or mpxj."""
    return classes(OBJECT_MODEL)


@st.composite
def networks(draw: st.DrawFn) -> Network:
    """Up to 12 tasks of 1-9 working or elapsed days; FS and SS relations, lags 0-4 working or elapsed days."""
    n = draw(st.integers(1, 12))
    durations = draw(st.lists(st.tuples(st.integers(1, 9), st.booleans()), min_size=n, max_size=n))
    relations: list[tuple[int, int, bool, int, bool]] = []
    if n > 1:
        pairs = st.tuples(st.integers(0, n - 2), st.integers(1, n - 1)).filter(lambda p: p[0] < p[1])
        drawn = draw(st.lists(st.tuples(pairs, st.booleans(), st.integers(0, 4), st.booleans()), max_size=2 * n))
        relations = [(p, s, ss, lag, el) for (p, s), ss, lag, el in drawn]
    return durations, relations


def by_mpxj(mpxj: Any, network: Network) -> list[tuple[Any, ...]]:
    """MPXJ's early start, early finish, late start, late finish (timestamps) and total slack per task."""
    durations, relations = network
    unit = mpxj["TimeUnit"]
    project = mpxj["ProjectFile"]()
    project.setDefaultCalendar(project.addDefaultBaseCalendar())
    start = mpxj["LocalDateTime"].of(START.year, START.month, START.day, 8, 0)
    project.getProjectProperties().setStartDate(start)
    tasks = []
    for i, (d, elapsed) in enumerate(durations):
        task = project.addTask()
        task.setName(f"a{i}")
        task.setTaskMode(mpxj["TaskMode"].AUTO_SCHEDULED)
        days = unit.ELAPSED_DAYS if elapsed else unit.DAYS
        task.setDuration(mpxj["Duration"].getInstance(d, days))
        task.setActualDuration(mpxj["Duration"].getInstance(0, days))
        task.setRemainingDuration(mpxj["Duration"].getInstance(d, days))
        tasks.append(task)
    kinds = mpxj["RelationType"]
    for p, s, ss, lag, elapsed in relations:
        link = mpxj["Relation"].Builder().predecessorTask(tasks[p]).type(kinds.START_START if ss else kinds.FINISH_START)
        lag_unit = unit.ELAPSED_DAYS if elapsed else unit.DAYS
        tasks[s].addPredecessor(link.lag(mpxj["Duration"].getInstance(lag, lag_unit)))
    mpxj["MicrosoftScheduler"]().schedule(project, start)

    def moment(value: Any) -> dt.datetime:
        return dt.datetime.fromisoformat(str(value))

    return [(moment(t.getEarlyStart()), moment(t.getEarlyFinish()), moment(t.getLateStart()),
             moment(t.getLateFinish()), float(t.getTotalSlack().getDuration())) for t in tasks]


def by_us(network: Network) -> list[tuple[int, int]]:
    """Our early start and early finish boundaries per task."""
    durations, relations = network
    activities = [Activity(id=f"a{i}", duration=Duration(d, elapsed=el)) for i, (d, el) in enumerate(durations)]
    links = [Relation(predecessor=f"a{p}", successor=f"a{s}", type=RelationType.SS if ss else RelationType.FS,
                      lag=Duration(lag, elapsed=el)) for p, s, ss, lag, el in relations]
    result = schedule(Portfolio(settings=PortfolioSettings(start=START, calendar="standard"),
                                activities=activities, relations=links))
    assert () == result.diagnostics
    rows = [result[f"a{i}"] for i in range(len(durations))]
    return [(CAL.index(a.early_start), CAL.finish_index(a.early_finish)) for a in rows]


def boundary(moment: dt.datetime) -> int:
    """A timestamp as a working-day boundary: up to 08:00 it is the day's start (a weekend day: Monday's), later its end."""
    return CAL.index(moment.date()) if moment.time() <= dt.time(8, 0) else CAL.finish_index(moment.date())


def test_mpxj_gives_a_plain_elapsed_chain_negative_slack(mpxj: Any) -> None:
    """a (3d) -> cure (7ed) -> b (1d): MPXJ's late finish for cure is Wednesday 10 January 17:00, 15 hours
    before b's late start, and its slack -0.625ed; without constraints the chain's float is 0 (ours)."""
    network: Network = ([(3, False), (7, True), (1, False)], [(0, 1, False, 0, False), (1, 2, False, 0, False)])
    theirs = by_mpxj(mpxj, network)
    assert theirs[1][3] == dt.datetime(2024, 1, 10, 17, 0)
    assert theirs[1][4] < 0
    durations, relations = network
    ours = schedule(Portfolio(settings=PortfolioSettings(start=START, calendar="standard"),
                              activities=[Activity(id=f"a{i}", duration=Duration(d, elapsed=el))
                                          for i, (d, el) in enumerate(durations)],
                              relations=[Relation(predecessor=f"a{p}", successor=f"a{s}")
                                         for p, s, _, _, _ in relations]))
    assert [ours[f"a{i}"].total_float for i in range(3)] == [0, 0, 0]


def test_a_known_elapsed_network_has_mpxjs_early_dates(mpxj: Any) -> None:
    """A 5ed task after a Friday finish and an elapsed lag over a weekend: the same early boundaries."""
    network: Network = ([(5, False), (5, True), (1, False), (2, False)],
                        [(0, 1, False, 0, False), (1, 2, False, 0, False), (0, 3, False, 2, True)])
    assert [(boundary(es), boundary(ef)) for es, ef, *_ in by_mpxj(mpxj, network)] == by_us(network)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network=networks())
def test_random_elapsed_networks_have_mpxjs_early_dates(mpxj: Any, network: Network) -> None:
    """Early start and finish of every task agree with MPXJ on random networks with elapsed days."""
    assert [(boundary(es), boundary(ef)) for es, ef, *_ in by_mpxj(mpxj, network)] == by_us(network)
