"""Our Monte Carlo against trueppm's on a reference network (optional: needs ``trueppm-scheduler``, the bench extra).

The network: 60 finish-to-start activities, each with up to three predecessors among the previous eight,
on a Monday-to-Friday calendar without holidays from Monday 2024-01-01. Both tools sample PERT-beta, but
not the same one: trueppm fits a beta to the PERT mean and a standard deviation of (p − o) / 6, we use
the λ = 4 beta of @RISK and Vose. The two coincide when the mode sits at (2 − √2) / 4 ≈ 14.6 % of the
range (then α = 3 − √2 and β = 3 + √2 in both), so every estimate here has its mode there, and the
plan's duration (which trueppm never samples below) is the optimistic value.

Tolerance: P50 and P80 of the finish within 2 working days (the project takes some 780): our durations
are whole days, trueppm's are not (half a day either way), and with 20,000 runs the standard error of
either percentile is about a third of a day.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from portfolio.model import (
    Activity,
    Distribution,
    Duration,
    Estimate,
    Portfolio,
    PortfolioSettings,
    Relation,
    RiskModel,
)
from portfolio.risk import simulate

tp = pytest.importorskip("trueppm_scheduler")

START = dt.date(2024, 1, 1)
MODE = (2 - math.sqrt(2)) / 4  # where alpha = 1 + 4 * MODE = 3 - sqrt(2)
RUNS = 20_000


def reference() -> tuple[list[tuple[int, int, int]], list[tuple[int, int]]]:
    """(optimistic, most likely, pessimistic) per activity and the relations, from a fixed seed.

    trueppm takes whole days only: the mode sits 6/41 or 12/82 of the range up (14.63 %, for 14.64 %).
    """
    rng = np.random.default_rng(42)
    points = []
    for _ in range(60):
        lo, k = int(rng.integers(5, 20)), int(rng.integers(1, 3))
        points.append((lo, lo + 6 * k, lo + 41 * k))
    assert all(abs((m - lo) / (hi - lo) - MODE) < 2e-4 for lo, m, hi in points)
    rels = sorted({(int(p), s) for s in range(1, 60) for p in rng.integers(max(0, s - 8), s, 3)})
    return points, rels


def working_days(day: dt.date) -> int:
    return int(np.busday_count(np.datetime64(START), np.datetime64(day))) + 1


def test_percentiles_agree_with_trueppm() -> None:
    points, rels = reference()
    tasks = [tp.Task(id=f"a{i}", name=f"a{i}", duration=dt.timedelta(days=lo),
                     optimistic_duration=dt.timedelta(days=lo), most_likely_duration=dt.timedelta(days=m),
                     pessimistic_duration=dt.timedelta(days=hi)) for i, (lo, m, hi) in enumerate(points)]
    project = tp.Project(id="ref", name="ref", start_date=START, tasks=tasks,
                         dependencies=[tp.Dependency(predecessor_id=f"a{p}", successor_id=f"a{s}") for p, s in rels])
    theirs = tp.monte_carlo(project, runs=RUNS, seed=1)

    sinks = sorted(set(range(60)) - {p for p, _ in rels})  # trueppm's finish is the latest of them: ours is "end"
    ours_portfolio = Portfolio(
        settings=PortfolioSettings(start=START, calendar="standard"),
        activities=[*(Activity(id=f"a{i}", duration=Duration(lo)) for i, (lo, _, _) in enumerate(points)),
                    Activity(id="end")],
        relations=[*(Relation(predecessor=f"a{p}", successor=f"a{s}") for p, s in rels),
                   *(Relation(predecessor=f"a{i}", successor="end") for i in sinks)],
        risk=RiskModel(estimates={f"a{i}": Estimate(optimistic=lo, most_likely=m, pessimistic=hi,
                                                    distribution=Distribution.PERT)
                                  for i, (lo, m, hi) in enumerate(points)}))
    ours = simulate(ours_portfolio, runs=RUNS, seed=1, milestone="end", contributions=False)
    for p in (50, 80):
        mine, other = working_days(ours.percentile(p)), working_days(theirs.percentiles[p].date)
        assert abs(mine - other) <= 2, (p, mine, other)
