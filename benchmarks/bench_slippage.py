"""Benchmark of slippage and history: variance, attribution, history with windows, publishing.

Run: ``python benchmarks/bench_slippage.py`` (``--activities 10000 --updates 3 --repeat 3``).

Two portfolios:

- the shipped example (``examples/logius``: about 160 activities, 2 baselines,
  3 status updates);
- a generated one: ``--activities`` activities in 100 services (one migration
  each), about 3 predecessors per activity among the previous 200 (mixed FS/SS/FF
  with lags), a baseline from the plan with 10 % shorter durations and 2 % of
  the activities left out (so some are "added"), ``--updates`` monthly status
  updates with growing progress, 20 key milestones.

Measured per portfolio (median of ``--repeat`` runs): ``schedule`` as of the
latest update, ``variance`` with all roll-ups, ``attribute`` for every key
milestone, ``history`` (one schedule per status update, the trends and the
windows analysis of every key milestone), ``report_figures`` and one
``Store.publish`` of those figures to a fresh SQLite store.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from portfolio.io import load
from portfolio.model import (
    Activity,
    ActivityProgress,
    Baseline,
    BaselineEntry,
    Duration,
    Migration,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
    Service,
    StatusUpdate,
)
from portfolio.scheduling import schedule
from portfolio.slippage import attribute, history, key_milestones, report_figures, select_baseline, variance
from portfolio.store import Store

START = dt.date(2024, 1, 8)
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"


def generated(n: int, updates: int, seed: int = 7) -> Portfolio:
    """A random portfolio of ``n`` activities with a baseline and ``updates`` status updates."""
    rng = random.Random(seed)
    per = max(n // 100, 1)
    acts, rels = [], []
    for i in range(n):
        s = i // per
        acts.append(Activity(id=f"s{s}.a{i}", duration=Duration(rng.randint(0, 20)), service=f"s{s}",
                             migration=f"s{s}.move"))
        for p in rng.sample(range(max(0, i - 200), i), min(i, 3)):
            kind = rng.choice([RelationType.FS] * 6 + [RelationType.SS, RelationType.FF])
            rels.append(Relation(predecessor=acts[p].id, successor=acts[i].id, type=kind,
                                 lag=Duration(rng.choice([0, 0, 0, 2, 5]))))
    services = [Service(id=f"s{s}", name=f"Service {s}") for s in range((n - 1) // per + 1)]
    migrations = [Migration(id=f"{svc.id}.move", service=svc.id, target="lpc") for svc in services]
    keys = tuple(acts[int(k)].id for k in range(n - 1, 0, -max(n // 20, 1)))[:20]
    settings = PortfolioSettings(start=START, key_milestones=keys)
    shorter = [Activity(id=a.id, duration=Duration(int(a.duration.days * 0.9)), service=a.service) for a in acts]
    plan = schedule(Portfolio(settings=settings, activities=shorter, relations=rels))
    base = Baseline(name="plan", current=True, entries={
        a.id: BaselineEntry(activity=a.id, start=a.start, finish=a.finish) for a in plan if rng.random() > 0.02})
    status = []
    for u in range(updates):
        day = START + dt.timedelta(days=30 * (u + 1))
        progress = {}
        for a in plan:
            if a.finish <= day - dt.timedelta(days=10):
                progress[a.id] = ActivityProgress(activity=a.id, actual_start=a.start, actual_finish=a.finish)
            elif a.start < day:
                progress[a.id] = ActivityProgress(activity=a.id, actual_start=a.start, percent_complete=30)
        status.append(StatusUpdate(date=day, progress=progress))
    return Portfolio(settings=settings, services=services, migrations=migrations, activities=acts, relations=rels,
                     baselines=[base], status_updates=status)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        begin = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - begin)
    return statistics.median(times), result


def run(label: str, p: Portfolio, repeat: int) -> None:
    baseline = select_baseline(p)
    t_sched, s = timed(lambda: schedule(p), repeat)
    t_var, _ = timed(lambda: variance(p, s, baseline), repeat)
    keys = [m for m in key_milestones(p) if m in baseline.entries]
    t_attr, _ = timed(lambda: [attribute(p, s, m, baseline) for m in keys], repeat)
    t_hist, _ = timed(lambda: history(p), repeat)
    t_fig, figures = timed(lambda: report_figures(p, s, baseline), repeat)
    with tempfile.TemporaryDirectory() as folder:
        def publish() -> None:
            path = Path(folder) / f"s{time.perf_counter_ns()}.sqlite"
            with Store.open(path) as store:
                store.publish("2024-03", s.status_date or START, figures, baseline=baseline.name)
        t_pub, _ = timed(publish, repeat)
    print(f"{label}: {len(p.activities):,} activities, {len(p.relations):,} relations, "
          f"{len(p.status_updates)} status updates, {len(keys)} key milestones")
    for name, t in (("schedule (latest update)", t_sched), ("variance + roll-ups", t_var),
                    (f"attribute x{len(keys)}", t_attr), (f"history ({len(p.status_updates)} updates, windows)", t_hist),
                    ("report_figures", t_fig), ("publish (new store)", t_pub)):
        print(f"  {name:<34} {t:8.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--updates", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]} on {platform.machine()} {platform.system()}")
    run("examples/logius", load(EXAMPLE).portfolio, args.repeat)
    run("generated", generated(args.activities, args.updates), args.repeat)


if __name__ == "__main__":
    main()
