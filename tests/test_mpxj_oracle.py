"""MPXJ's MicrosoftScheduler as an oracle: random networks scheduled by both engines agree task by task.

Optional: needs a Java runtime and the ``oracle`` extra (``pip install -e '.[oracle]'``:
mpxj and jpype1); skipped cleanly without them.

Both engines get the same network on a Monday-Friday calendar without
holidays (our ``standard``, MPXJ's default Standard calendar), all four
relation types, leads and lags, tasks and milestones. Compared in working
time, per task: early and late start and finish, total float and free float.
Deliberate differences (docs/scheduling.md), normalised here:

- Nothing starts before the project start in our engine; MPXJ (like MS
  Project) lets an FF or SF lead pull a task before it. Such a network is
  compared again with a start milestone linked FS to every task, which gives
  MPXJ the same floor and changes no other task's figures in ours.
- Free float is capped at total float in ours; MPXJ can report more (an FF
  or SF successor with float of its own).
- A milestone sits on a boundary between two working days. MS Project shows it
  at 17:00 of the day before or at 08:00 of the day after, by how its date
  was computed (adding a lag lands at 17:00); ours shows it by its driving
  relation. The moment must agree, whichever side of it is shown.
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
from portfolio.scheduling import ActivitySchedule, schedule

START = dt.date(2024, 1, 1)  # a Monday
CAL = builtin("standard")
TYPES = [RelationType.FS, RelationType.SS, RelationType.FF, RelationType.SF]

Network = tuple[list[int], list[tuple[int, int, int, int]]]  # durations; (pred, succ, type, lag)


@pytest.fixture(scope="module")
def mpxj() -> Any:
    """The MPXJ classes in a running JVM; skips without Java, jpype1 or mpxj."""
    return classes(OBJECT_MODEL)


@st.composite
def networks(draw: st.DrawFn) -> Network:
    """A random acyclic network of up to 30 tasks: milestones included, all four types, leads and lags."""
    n = draw(st.integers(1, 30))
    durations = draw(st.lists(st.one_of(st.just(0), st.integers(1, 9)), min_size=n, max_size=n))
    relations: list[tuple[int, int, int, int]] = []
    if n > 1:
        pairs = st.tuples(st.integers(0, n - 2), st.integers(1, n - 1)).filter(lambda p: p[0] < p[1])
        drawn = draw(st.lists(st.tuples(pairs, st.integers(0, 3), st.integers(-3, 5)), max_size=2 * n))
        relations = [(p, s, t, lag) for (p, s), t, lag in drawn]
    return durations, relations


def with_start_milestone(network: Network) -> Network:
    """The network behind a start milestone linked FS to every task (MS Project's way to keep tasks after the start)."""
    durations, relations = network
    shifted = [(p + 1, s + 1, t, lag) for p, s, t, lag in relations]
    return [0, *durations], shifted + [(0, i, 0, 0) for i in range(1, len(durations) + 1)]


def by_mpxj(
    mpxj: Any, network: Network
) -> list[tuple[dt.datetime, dt.datetime, dt.datetime, dt.datetime, float, float]]:
    """MPXJ's early start/finish, late start/finish, total and free slack (days) per task."""
    durations, relations = network
    days = mpxj["TimeUnit"].DAYS
    project = mpxj["ProjectFile"]()
    project.setDefaultCalendar(project.addDefaultBaseCalendar())
    start = mpxj["LocalDateTime"].of(START.year, START.month, START.day, 8, 0)
    project.getProjectProperties().setStartDate(start)
    tasks = []
    for i, d in enumerate(durations):
        task = project.addTask()
        task.setName(f"a{i}")
        task.setTaskMode(mpxj["TaskMode"].AUTO_SCHEDULED)
        task.setDuration(mpxj["Duration"].getInstance(d, days))
        task.setActualDuration(mpxj["Duration"].getInstance(0, days))
        task.setRemainingDuration(mpxj["Duration"].getInstance(d, days))
        task.setMilestone(d == 0)
        tasks.append(task)
    kinds = mpxj["RelationType"]
    java_types = [kinds.FINISH_START, kinds.START_START, kinds.FINISH_FINISH, kinds.START_FINISH]
    for p, s, t, lag in relations:
        link = mpxj["Relation"].Builder().predecessorTask(tasks[p]).type(java_types[t])
        tasks[s].addPredecessor(link.lag(mpxj["Duration"].getInstance(lag, days)))
    mpxj["MicrosoftScheduler"]().schedule(project, start)
    props = project.getProjectProperties()

    def moment(value: Any) -> dt.datetime:
        return dt.datetime.fromisoformat(str(value))

    def in_days(value: Any) -> float:
        return float(value.convertUnits(days, props).getDuration())

    return [
        (
            moment(t.getEarlyStart()),
            moment(t.getEarlyFinish()),
            moment(t.getLateStart()),
            moment(t.getLateFinish()),
            in_days(t.getTotalSlack()),
            in_days(t.getFreeSlack()),
        )
        for t in tasks
    ]


def by_us(network: Network) -> list[ActivitySchedule]:
    """Our schedule of the network, one record per task in order."""
    durations, relations = network
    activities = [Activity(id=f"a{i}", duration=Duration(d)) for i, d in enumerate(durations)]
    links = [
        Relation(predecessor=f"a{p}", successor=f"a{s}", type=TYPES[t], lag=Duration(lag)) for p, s, t, lag in relations
    ]
    result = schedule(
        Portfolio(settings=PortfolioSettings(start=START, calendar="standard"), activities=activities, relations=links)
    )
    assert () == result.diagnostics
    return [result[f"a{i}"] for i in range(len(durations))]


def boundary(moment: dt.datetime) -> int:
    """A timestamp as a working-day boundary: up to 08:00 it is the day's start, later its end."""
    return CAL.index(moment.date()) if moment.time() <= dt.time(8, 0) else CAL.finish_index(moment.date())


def disagreements(mpxj: Any, network: Network) -> list[tuple[int, tuple[Any, ...], tuple[Any, ...]]]:
    """The tasks whose figures differ, as (task, MPXJ's, ours), after the normalisations above."""
    theirs = by_mpxj(mpxj, network)
    if any(row[0].date() < START for row in theirs):
        network = with_start_milestone(network)
        theirs = by_mpxj(mpxj, network)
    found = []
    for i, (their, our) in enumerate(zip(theirs, by_us(network), strict=True)):
        es, ef, ls, lf, total, free = their
        if network[0][i] == 0:  # a milestone: the same moment, shown on either side of it (never before the start)
            expected: tuple[Any, ...] = (boundary(es), boundary(ls))
            got: tuple[Any, ...] = tuple(
                boundary(m) if boundary(m) in (CAL.index(day), CAL.finish_index(day)) and day >= START else day
                for m, day in ((es, our.early_start), (ls, our.late_start))
            )
        else:
            expected = (boundary(es), boundary(ef), boundary(ls), boundary(lf))
            got = (
                CAL.index(our.early_start),
                CAL.finish_index(our.early_finish),
                CAL.index(our.late_start),
                CAL.finish_index(our.late_finish),
            )
        expected += (total, min(free, total))
        got += (our.total_float, our.free_float)
        if expected != got:
            found.append((i, expected, got))
    return found


def test_known_network_agrees(mpxj: Any) -> None:
    """A hand-made network with all four relation types, a lead and a milestone agrees with MPXJ."""
    network: Network = ([3, 0, 2, 4], [(0, 1, 0, 0), (1, 2, 0, 0), (0, 3, 1, 2), (2, 3, 2, -1)])
    assert [] == disagreements(mpxj, network)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(network=networks())
def test_random_networks_agree_with_mpxj(mpxj: Any, network: Network) -> None:
    """Early and late dates, total and free float agree with MPXJ's MicrosoftScheduler on random networks."""
    assert [] == disagreements(mpxj, network)
