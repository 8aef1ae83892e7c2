"""The exact levelling (OR-Tools CP-SAT, the level extra): optimal on small instances, never worse than the scheme."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings

pytest.importorskip("ortools")

from tests.test_level import CAL, START, _cutovers, instances, violations

from portfolio.capacity import Capacity, Demand, PlatformLimit, Team, level, overloads
from portfolio.capacity.exact import level_exact
from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_cp_sat_is_optimal_and_no_worse_than_the_scheme(instance: tuple[Portfolio, Capacity]) -> None:
    portfolio, capacity = instance
    exact = level_exact(portfolio, capacity, time_limit=20)
    assert exact.status == "optimal"
    assert exact.gap == 0.0
    assert exact.objective == exact.bound
    assert exact.objective <= exact.heuristic
    heuristic = level(portfolio, capacity).levelled
    assert exact.result.levelled.finish <= heuristic.finish
    assert violations(portfolio, exact.result.levelled) == []
    assert overloads(portfolio, capacity, exact.result.levelled, tolerance=0.0) == ()


def brute_force(durations: list[int], amounts: list[int], size: int, horizon: int) -> int:
    """The least makespan over every combination of integer starts (independent tasks, one team)."""
    best = horizon * 2
    for starts in itertools.product(range(horizon), repeat=len(durations)):
        load = [0] * (2 * horizon)
        for s, d, a in zip(starts, durations, amounts, strict=True):
            for t in range(s, s + d):
                load[t] += a
        if max(load) <= size:
            best = min(best, max(s + d for s, d in zip(starts, durations, strict=True)))
    return best


def test_matches_brute_force() -> None:
    """Four independent tasks on a team of 2 FTE: the optimum equals an enumeration of every start."""
    durations, amounts = [4, 3, 3, 2], [1, 2, 1, 1]
    acts = [Activity(id=f"a{k}", duration=Duration(d)) for k, d in enumerate(durations)]
    p = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"), activities=acts)
    cap = Capacity(teams=[Team(id="t", size=2)],
                   demand=[Demand(activities=f"a{k}", team="t", amount=a) for k, a in enumerate(amounts)])
    exact = level_exact(p, cap)
    best = brute_force(durations, amounts, 2, 10)
    assert exact.objective - CAL.index(START) == best
    assert exact.heuristic - CAL.index(START) >= best


def test_onboarding_limit_and_target() -> None:
    p = _cutovers(3)
    cap = Capacity(platforms=[PlatformLimit(platform="lpc", per_month=1)])
    exact = level_exact(p, cap, target="s2.cutover")
    assert exact.status == "optimal"
    months = sorted(exact.result.levelled[f"s{k}.cutover"].start.month for k in range(3))
    assert months == [1, 2, 3]
    assert exact.result.levelled["s2.cutover"].start == dt.date(2024, 1, 8)  # the target goes first
    with pytest.raises(KeyError, match="s9"):
        level_exact(p, cap, target="s9.cutover")
