"""Hypothesis strategies for the export tests: random portfolios as records (calendars, services and
migrations, every relation type with lags and leads, constraints, deadlines, manual tasks, baselines, progress)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from portfolio.model import (
    Activity,
    ActivityProgress,
    Baseline,
    BaselineEntry,
    CalendarSpec,
    Constraint,
    ConstraintType,
    Duration,
    Migration,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
    Service,
    StatusUpdate,
)

START = dt.date(2024, 1, 8)  # a Monday


def near(draw: st.DrawFn, low: int = -10, high: int = 60) -> dt.date:
    return START + dt.timedelta(days=draw(st.integers(low, high)))


@st.composite
def calendars(draw: st.DrawFn, ident: str) -> CalendarSpec:
    week = draw(st.sets(st.integers(0, 6), min_size=3, max_size=7))
    return CalendarSpec(id=ident, base=draw(st.sampled_from(["rijk", "nl", "none"])), workweek=tuple(sorted(week)),
                        closed=draw(st.lists(st.builds(lambda k: START + dt.timedelta(days=k), st.integers(0, 90)),
                                             max_size=4)),
                        open=draw(st.lists(st.builds(lambda k: START + dt.timedelta(days=k), st.integers(0, 90)),
                                           max_size=2)))


@st.composite
def portfolios(draw: st.DrawFn, *, progress: bool = True, manual: bool = True, calendars_: bool = True,
               elapsed: bool = True, leads: bool = True, constraints: tuple[ConstraintType, ...] = tuple(
                   ConstraintType)[1:], deadlines: bool = True) -> Portfolio:
    """A random, valid portfolio of up to 12 activities that schedules without errors.

    The keywords leave features out (for comparing with a tool that differs on them): progress, manual
    tasks, more than one calendar (``calendars_``), elapsed durations and lags, leads, constraints, deadlines.
    """
    specs = [draw(calendars(f"cal{i}")) for i in range(draw(st.integers(0, 2) if calendars_ else st.just(0)))]
    names = ["rijk", "nl", "standard", *(c.id for c in specs)] if calendars_ else ["rijk"]
    services = [Service(id=f"s{i}", name=f"Service {i}") for i in range(draw(st.integers(0, 2)))]
    migrations = [Migration(id=f"{s.id}.m{j}", service=s.id, name=f"Move {j}") for s in services
                  for j in range(draw(st.integers(0, 2)))]
    groups: list[tuple[str | None, str | None]] = [(None, None), *((s.id, None) for s in services),
                                                   *((None, m.id) for m in migrations)]
    n = draw(st.integers(1, 12))
    activities = []
    for i in range(n):
        days = draw(st.integers(0, 8))
        is_elapsed = elapsed and days > 0 and draw(st.integers(0, 9)) == 0
        constraint = None
        if constraints and draw(st.integers(0, 3)) == 0:
            constraint = Constraint(type=draw(st.sampled_from(constraints)), date=near(draw, 0, 40))
        is_manual = manual and constraint is None and draw(st.integers(0, 5)) == 0
        service, migration = draw(st.sampled_from(groups))
        activities.append(Activity(
            id=f"a{i}", name=f"Activity {i}", duration=Duration(days, elapsed=is_elapsed), constraint=constraint,
            calendar=draw(st.sampled_from([None, None, *names])) if calendars_ else None, service=service, migration=migration,
            deadline=near(draw, 10, 80) if deadlines and draw(st.integers(0, 4)) == 0 else None, manual=is_manual))
    relations = []
    for j in range(1, n):
        for i in sorted(draw(st.sets(st.integers(0, j - 1), max_size=2))):
            lag = draw(st.integers(-3 if leads else 0, 5))
            relations.append(Relation(predecessor=f"a{i}", successor=f"a{j}", type=draw(st.sampled_from(
                list(RelationType))), lag=Duration(lag, elapsed=elapsed and lag > 0 and draw(st.booleans()))))
    updates = draw(status_updates(activities)) if progress else []
    baselines = [Baseline(name=f"b{k}", current=k == 0, entries={
        a.id: BaselineEntry(activity=a.id, start=(s := near(draw, 0, 30)), finish=s + dt.timedelta(days=draw(
            st.integers(0, 10)))) for a in activities if draw(st.booleans())}) for k in range(draw(st.integers(0, 2)))]
    return Portfolio(
        settings=PortfolioSettings(name="random", start=START, calendar=draw(st.sampled_from(names)),
                                   critical_float=draw(st.integers(0, 2)), lag_from_actual_start=True),
        calendars=specs, services=services, migrations=migrations, activities=activities, relations=relations,
        status_updates=updates, baselines=baselines)


@st.composite
def status_updates(draw: st.DrawFn, activities: list[Activity]) -> list[StatusUpdate]:
    """No status update, or one holding the progress of at least one activity (finished or in progress)."""
    if not draw(st.booleans()):
        return []
    status = near(draw, 5, 40)
    progress = {}
    for activity in activities:
        if draw(st.integers(0, 2)) != 0:
            continue
        first = START + dt.timedelta(days=draw(st.integers(0, (status - START).days)))
        if draw(st.booleans()):
            last = first + dt.timedelta(days=draw(st.integers(0, (status - first).days)))
            progress[activity.id] = ActivityProgress(activity=activity.id, actual_start=first, actual_finish=last)
        else:
            remaining = draw(st.none() | st.integers(0, 6))
            progress[activity.id] = ActivityProgress(
                activity=activity.id, actual_start=first, remaining=None if remaining is None else Duration(remaining))
    if not progress:
        return []
    return [StatusUpdate(date=status, progress=progress)]
