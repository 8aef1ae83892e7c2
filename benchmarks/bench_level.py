"""Benchmark of levelling (the serial schedule-generation scheme) on random networks.

Run: ``python benchmarks/bench_level.py`` (``--sizes 1000 10000 --teams 20 --repeat 3``).

The networks are those of ``bench_schedule.py`` (about three predecessors per
activity among the previous 50, mixed relation types, lags, 0-30 working
days, random declaration order, the Rijk calendar). Each activity with a
duration needs 1-3 FTE of one of ``--teams`` teams of 4-12 FTE (seeded), so
that the teams are overloaded and levelling has work to do. Every 25th
activity is a cutover onto one of five platforms that take three a month.
Reported per size (medians of ``--repeat`` runs): ``cpm`` (the schedule alone),
``level`` (:func:`portfolio.capacity.level`: CPM, the scheme and the levelled
portfolio scheduled again), the ratio level / cpm, and how many activities
moved. The target: 10,000 activities and 20 teams in at most 2 s.
"""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

import attrs
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from bench_schedule import network, portfolio_of, timed

from portfolio.capacity import Capacity, Demand, PlatformLimit, Team, level
from portfolio.model import ActivityKind, Platform, Portfolio
from portfolio.scheduling import schedule


def instance(n: int, teams: int, seed: int = 1) -> tuple[Portfolio, Capacity]:
    """A random network with team demand and cutovers onto five platforms."""
    rng = np.random.default_rng(seed)
    base = portfolio_of(network(n, window=50, seed=seed))
    team_of = rng.integers(0, teams, n)
    amount = rng.integers(1, 4, n)
    acts = {}
    for k, (aid, act) in enumerate(base.activities.items()):
        cutover = k % 25 == 0 and act.duration.days == 0
        acts[aid] = attrs.evolve(act, kind=ActivityKind.CUTOVER, platform=f"p{k % 5}") if cutover else act
    demand = [Demand(activities=aid, team=f"t{team_of[k]}", amount=int(amount[k]))
              for k, (aid, act) in enumerate(acts.items()) if act.duration.days > 0]
    capacity = Capacity(teams=[Team(id=f"t{k}", size=int(rng.integers(4, 13))) for k in range(teams)],
                        platforms=[PlatformLimit(platform=f"p{k}", per_month=3) for k in range(5)],
                        demand=demand)
    portfolio = attrs.evolve(base, activities=acts, platforms=[Platform(id=f"p{k}", name=f"P{k}") for k in range(5)])
    return portfolio, capacity


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, numpy {np.__version__}, {args.teams} teams, "
          f"medians of {args.repeat}")
    print(f"{'activities':>10} {'cpm s':>8} {'level s':>8} {'ratio':>6} {'moved':>7}")
    for n in args.sizes:
        portfolio, capacity = instance(n, args.teams)
        # demand is looked up per activity by pattern; an exact id per activity is the worst case
        cpm = timed(lambda p=portfolio: schedule(attrs.evolve(p)), args.repeat)
        result = level(portfolio, capacity)
        took = timed(lambda p=portfolio, c=capacity: level(attrs.evolve(p), c), args.repeat)
        print(f"{n:>10} {cpm:>8.3f} {took:>8.3f} {took / cpm:>6.1f} {len(result.delays):>7}")


if __name__ == "__main__":
    main()
