"""Levelling: the levelled schedule keeps logic, calendars and capacity; unlimited capacity changes nothing."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.calendar import builtin
from portfolio.capacity import Blackout, Capacity, Demand, PlatformLimit, Team, level, overloads
from portfolio.model import (
    Activity,
    ActivityKind,
    Duration,
    Migration,
    Platform,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
    Service,
)
from portfolio.scheduling import Schedule, schedule
from portfolio.whatif import compare

START = dt.date(2024, 1, 8)
CAL = builtin("standard")


@st.composite
def instances(draw: st.DrawFn) -> tuple[Portfolio, Capacity]:
    """A random network of tasks (four relation types, lags), teams and per-activity demand."""
    n = draw(st.integers(1, 12))
    teams = [Team(id=f"t{k}", size=draw(st.integers(1, 3))) for k in range(draw(st.integers(1, 3)))]
    acts, demand = [], []
    for k in range(n):
        acts.append(Activity(id=f"a{k}", duration=Duration(draw(st.integers(1, 8)))))
        team = draw(st.sampled_from(teams))
        if draw(st.booleans()):
            demand.append(Demand(activities=f"a{k}", team=team.id, amount=draw(st.integers(1, int(team.size)))))
    rels = []
    for j in range(1, n):
        for i in draw(st.sets(st.integers(0, j - 1), max_size=2)):
            rels.append(Relation(predecessor=f"a{i}", successor=f"a{j}",
                                 type=draw(st.sampled_from(list(RelationType))),
                                 lag=Duration(draw(st.integers(-2, 4)))))
    portfolio = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"), activities=acts,
                          relations=rels)
    return portfolio, Capacity(teams=teams, demand=demand)


def violations(portfolio: Portfolio, plan: Schedule) -> list[str]:
    """Relations the schedule breaks, as boundaries of the standard calendar."""
    found = []
    for rel in portfolio.relations:
        p, s = plan[rel.predecessor], plan[rel.successor]
        ps, pf = CAL.index(p.start), CAL.finish_index(p.finish)
        ss, sf = CAL.index(s.start), CAL.finish_index(s.finish)
        lag = rel.lag.days
        ok = {RelationType.FS: ss >= pf + lag, RelationType.SS: ss >= ps + lag,
              RelationType.FF: sf >= pf + lag, RelationType.SF: sf >= ps + lag}[rel.type]
        if not ok:
            found.append(f"{rel.predecessor} {rel.type} {rel.successor}")
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_levelled_schedule_keeps_logic_calendar_and_capacity(instance: tuple[Portfolio, Capacity]) -> None:
    portfolio, capacity = instance
    result = level(portfolio, capacity)
    assert violations(portfolio, result.levelled) == []
    assert all(CAL.is_working(r.start) and CAL.is_working(r.finish) for r in result.levelled)
    assert overloads(portfolio, capacity, result.levelled, tolerance=0.0) == ()
    # never earlier than the CPM schedule, and every delay is reported
    for r in result.levelled:
        assert r.start >= result.base[r.id].start
        assert (r.start > result.base[r.id].start) == (r.id in result.delays)


@settings(max_examples=60, deadline=None)
@given(instances())
def test_unlimited_capacity_is_the_cpm_schedule(instance: tuple[Portfolio, Capacity]) -> None:
    portfolio, capacity = instance
    unlimited = Capacity(teams=[Team(id=t.id, size=1000) for t in capacity.teams], demand=capacity.demand)
    result = level(portfolio, unlimited)
    assert result.levelled == schedule(portfolio)
    assert result.delays == {}
    assert compare(result.base, result.levelled, portfolio=portfolio).finish_shift == 0


def test_two_tasks_on_one_team_run_one_after_the_other() -> None:
    """Analytic: two 5-day tasks each needing the whole team; the second starts the Monday after."""
    p = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"),
                  activities=[Activity(id="a", duration=Duration(5)), Activity(id="b", duration=Duration(5)),
                              Activity(id="c", duration=Duration(3))],
                  relations=[Relation(predecessor="a", successor="c")])
    cap = Capacity(teams=[Team(id="t", size=2)], demand=[Demand(activities="[ab]", team="t", amount=2)])
    result = level(p, cap)
    # a drives the finish (a -> c), so it goes first; b waits a week
    assert (result.levelled["a"].start, result.levelled["b"].start) == (START, dt.date(2024, 1, 15))
    assert result.levelled["c"].start == dt.date(2024, 1, 15)
    assert dict(result.delays) == {"b": 5}
    assert compare(result.base, result.levelled, portfolio=p).finish_shift == 2  # 10 days instead of 8
    assert result.base == schedule(p)  # the CPM schedule is kept, not replaced


def test_team_growing_later_is_used_from_its_date() -> None:
    p = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"),
                  activities=[Activity(id="a", duration=Duration(5))])
    cap = Capacity(teams=[Team(id="t", size=1, periods=[(dt.date(2024, 2, 5), 3)])],
                   demand=[Demand(activities="a", team="t", amount=2)])
    assert level(p, cap).levelled["a"].start == dt.date(2024, 2, 5)


def _cutovers(count: int) -> Portfolio:
    services = [Service(id=f"s{k}", name=f"S{k}") for k in range(count)]
    migrations = [Migration(id=f"s{k}.m", service=f"s{k}", target="lpc") for k in range(count)]
    acts = [Activity(id=f"s{k}.cutover", kind=ActivityKind.CUTOVER, service=f"s{k}", migration=f"s{k}.m")
            for k in range(count)]
    return Portfolio(settings=PortfolioSettings(start=START, calendar="standard"),
                     platforms=[Platform(id="lpc", name="LPC")], services=services, migrations=migrations,
                     activities=acts)


def test_platform_onboarding_limit_spreads_cutovers_over_months() -> None:
    p = _cutovers(5)
    cap = Capacity(platforms=[PlatformLimit(platform="lpc", per_month=2)])
    result = level(p, cap)
    months = sorted(result.levelled[f"s{k}.cutover"].start.month for k in range(5))
    assert months == [1, 1, 2, 2, 3]
    assert result.levelled["s4.cutover"].start == dt.date(2024, 3, 1)  # the first working day of March
    assert overloads(p, cap, result.base)[0].subject == "lpc"
    assert overloads(p, cap, result.levelled) == ()


def test_no_cutover_in_a_blackout() -> None:
    p = _cutovers(1)
    cap = Capacity(blackouts=[Blackout(id="kerst", start=dt.date(2024, 1, 1), finish=dt.date(2024, 1, 19))])
    assert level(p, cap).levelled["s0.cutover"].start == dt.date(2024, 1, 22)


def test_started_activities_stay() -> None:
    """An activity in progress keeps its dates and its FTE; the one not started yields."""
    from portfolio.model import ActivityProgress, StatusUpdate  # noqa: PLC0415

    p = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"),
                  activities=[Activity(id="a", duration=Duration(5)), Activity(id="b", duration=Duration(10))],
                  status_updates=[StatusUpdate(date=dt.date(2024, 1, 10),
                                               progress={"b": ActivityProgress(activity="b",
                                                                               actual_start=START)})])
    cap = Capacity(teams=[Team(id="t", size=1)], demand=[Demand(activities="*", team="t", amount=1)])
    result = level(p, cap)
    assert result.levelled["b"].start == START
    assert result.levelled["a"].start >= result.levelled["b"].finish


def test_a_pinned_service_cuts_over_in_its_wave() -> None:
    from portfolio.capacity import Pin  # noqa: PLC0415

    p = _cutovers(2)
    cap = Capacity(pins=[Pin(service="s1", start=dt.date(2024, 4, 1))])
    result = level(p, cap)
    assert result.levelled["s1.cutover"].start == dt.date(2024, 4, 1)
    assert result.levelled["s0.cutover"].start == START
