"""Analyses other than the AC ICT rules on the portfolio shapes that made them superlinear, at two sizes, with the growth.

Run: ``python benchmarks/bench_shapes.py`` (``--repeat 5``; ``--scale 2`` doubles every size; ``--only evm``
runs the cases whose name holds that word). For an A/B against older code, run it again with
``PYTHONPATH=<old tree>/src``: it uses only functions both have.

``bench_scale.py`` grows its portfolios uniformly (independent services of 100 activities, no costs section,
no pins), so it cannot see an analysis that walks everything per item on another shape. Each case here is a
shape a real migration portfolio has, grown five times:

- **costed migrations** (``evm``, which the monthly report runs for its money columns): one running
  assignment per service, each with a budget for its migration and one for its first activity in the
  ``costs:`` section; no realised spend in the status update, so the costs section gives it.
  `Cost.activities` walked every activity for a migration's budget, per budget per assignment: cubic;
- **pinned services** (the missed-pin check that ends ``level``): a pin with a last day per service, each
  service ending in a cutover; every activity was walked per pin;
- **per-service demand** (``overloads``, which the ``capacity`` rule of ``check`` runs, and ``level``):
  one demand per service (``svc.*``) on one team; `Capacity.demand_table` matched every glob against every
  activity: activities x services;
- **a domain per service** (``four_monthly_report``, the whole report): each key milestone's domain was looked
  up once per domain section: domains x key milestones (only the sections' share grew; 500 domains is more
  than a real portfolio has, the row shows the whole report stays linear);
- **chained decisions** (the ``decision-before-cutover`` rule): a chain of tasks, every tenth the landing
  decision of an open migration whose cutover follows it at once; the rule takes all descendants of each
  decision (migrations x network). ``Network.reached`` bounds that walk; the rule (``rules/acict.py``,
  another branch) does not call it yet, so this row shows the rule as it is.

Printed: the CPU median of ``--repeat`` runs of the analysis alone (portfolio and schedule made beforehand,
a fresh portfolio each run: the indexes are remembered per live portfolio), what it found, and the growth
exponent log(t2 / t1) / log(n2 / n1) (1.0: linear). ``import numpy``'s wall time in a new process is printed
first as the machine's speed reference.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import math
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import attrs

from portfolio.capacity import overloads
from portfolio.capacity._level import _missed_pins
from portfolio.evm import evm
from portfolio.model import (
    Activity,
    ActivityKind,
    Assignment,
    AssignmentStatus,
    Baseline,
    BaselineEntry,
    Capacity,
    Cost,
    Demand,
    Duration,
    Migration,
    Pin,
    Platform,
    Portfolio,
    PortfolioSettings,
    Relation,
    Service,
    StatusUpdate,
    Team,
)
from portfolio.report.four_monthly import four_monthly_report
from portfolio.rules import acict
from portfolio.scheduling import schedule

START = dt.date(2024, 1, 8)
STATUS = START + dt.timedelta(days=28)


def _services(services: int, cutover: bool = False) -> tuple[list[Activity], list[Relation], list[Service]]:
    """``services`` services of ten chained activities each (the last a cutover when asked)."""
    acts, relations, found = [], [], []
    for s in range(services):
        found.append(Service(id=f"s{s}", name=f"S{s}"))
        ids = [f"s{s}.a{k}" for k in range(10)]
        acts += [Activity(id=i, duration=Duration(5), service=f"s{s}", migration=f"m{s}",
                          **({"kind": ActivityKind.CUTOVER} if cutover and k == 9 else {}))
                 for k, i in enumerate(ids)]
        relations += [Relation(predecessor=a, successor=b) for a, b in itertools.pairwise(ids)]
    return acts, relations, found


def costed(services: int) -> Portfolio:
    """One running assignment per service, a budget for its migration and one for its first activity."""
    acts, relations, found = _services(services)
    portfolio = Portfolio(
        settings=PortfolioSettings(start=START, calendar="standard"), activities=acts, relations=relations,
        services=found, platforms=[Platform(id="p", name="P")],
        migrations=[Migration(id=f"m{s}", service=f"s{s}", target="p") for s in range(services)],
        assignments=[Assignment(id=f"o{s}", title=f"O{s}", services=(f"s{s}",), budget=100_000.0,
                                status=AssignmentStatus.RUNNING) for s in range(services)],
        costs=[c for s in range(services) for c in (Cost(migration=f"m{s}", budget=60_000.0, realised={STATUS: 1e3}),
                                                    Cost(activity=f"s{s}.a0", budget=10_000.0))])
    plan = schedule(portfolio)
    base = Baseline(name="b", current=True,
                    entries={r.id: BaselineEntry(activity=r.id, start=r.start, finish=r.finish) for r in plan})
    return attrs.evolve(portfolio, baselines=[base], status_updates=[StatusUpdate(date=STATUS)])


def pinned(services: int) -> tuple[Portfolio, Capacity]:
    """A pin with a last day per service, each service ending in a cutover that misses it."""
    acts, relations, found = _services(services, cutover=True)
    portfolio = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"), activities=acts,
                          relations=relations, services=found)
    return portfolio, Capacity(pins=[Pin(service=f"s{s}", start=START, until=START + dt.timedelta(days=20))
                                     for s in range(services)])


def chained(size: int) -> Portfolio:
    """``size`` chained tasks; every tenth the decision of an open migration, its cutover right after it."""
    acts = [Activity(id=f"c{i}", duration=Duration(1)) for i in range(size)]
    relations = [Relation(predecessor=f"c{i}", successor=f"c{i + 1}") for i in range(size - 1)]
    migrations, services = [], []
    for j in range(size // 10):
        services.append(Service(id=f"s{j}", name=f"S{j}"))
        migrations.append(Migration(id=f"m{j}", service=f"s{j}", candidates=("p", "q"), decision=f"c{10 * j}"))
        acts.append(Activity(id=f"x{j}", kind=ActivityKind.CUTOVER, migration=f"m{j}", service=f"s{j}",
                             duration=Duration(1)))
        relations.append(Relation(predecessor=f"c{10 * j}", successor=f"x{j}"))
    return Portfolio(settings=PortfolioSettings(start=START, calendar="standard"), activities=acts,
                     relations=relations, services=services, migrations=migrations,
                     platforms=[Platform(id="p", name="P"), Platform(id="q", name="Q")])


def run_evm(size: int) -> Callable[[], int]:
    portfolio = costed(size)
    return lambda: len(evm(portfolio).rows)


def run_pins(size: int) -> Callable[[], int]:
    portfolio, capacity = pinned(size)
    plan = schedule(portfolio)
    return lambda: len(_missed_pins(portfolio, plan, plan, capacity.pins))


def run_demand(size: int) -> Callable[[], int]:
    acts, relations, found = _services(size)
    portfolio = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"), activities=acts,
                          relations=relations, services=found)
    capacity = Capacity(teams=[Team(id="t", size=1.0)],
                        demand=[Demand(activities=f"s{s}.*", team="t", amount=0.5) for s in range(size)])
    plan = schedule(portfolio)
    return lambda: len(overloads(portfolio, capacity, plan))


def run_four_monthly(size: int) -> Callable[[], int]:
    acts, relations, found = _services(size)
    acts = [attrs.evolve(a, duration=Duration(0)) if a.id.endswith(".a9") else a for a in acts]  # key milestones
    portfolio = Portfolio(
        settings=PortfolioSettings(start=START, calendar="standard"), activities=acts, relations=relations,
        services=[attrs.evolve(s, domain=f"d{k}") for k, s in enumerate(found)], platforms=[Platform(id="p", name="P")],
        migrations=[Migration(id=f"m{s}", service=f"s{s}", target="p") for s in range(size)],
        assignments=[Assignment(id=f"o{s}", title=f"O{s}", services=(f"s{s}",), key_milestones=(f"s{s}.a9",),
                                status=AssignmentStatus.RUNNING) for s in range(size)])
    plan = schedule(portfolio)
    base = Baseline(name="b", current=True,
                    entries={r.id: BaselineEntry(activity=r.id, start=r.start, finish=r.finish) for r in plan})
    portfolio = attrs.evolve(portfolio, baselines=[base], status_updates=[StatusUpdate(date=dt.date(2024, 4, 30))])
    return lambda: len(four_monthly_report(portfolio, "2024-01..2024-04").domains)


def run_decisions(size: int) -> Callable[[], int]:
    portfolio = chained(size)
    plan = schedule(portfolio)
    return lambda: len(list(acict.decision_before_cutover(portfolio, plan)))


CASES: tuple[tuple[str, str, Callable[[int], Callable[[], int]], tuple[int, int], str], ...] = (
    ("costed migrations", "evm", run_evm, (40, 200), "services"),
    ("pinned services", "level: missed pins", run_pins, (100, 500), "services"),
    ("per-service demand", "overloads", run_demand, (100, 500), "services"),
    ("a domain per service", "four-monthly report", run_four_monthly, (100, 500), "domains"),
    ("chained decisions", "decision-before-cutover", run_decisions, (2_000, 10_000), "chain"),
)


def timed(make: Callable[[int], Callable[[], int]], size: int, repeat: int) -> tuple[float, int]:
    """The CPU median of ``repeat`` runs, each on a freshly made portfolio, and what the last run found."""
    times, found = [], 0
    for _ in range(repeat):
        run = make(size)
        start = time.process_time()
        found = run()
        times.append(time.process_time() - start)
    return statistics.median(times), found


def numpy_import() -> float:
    """The wall time of ``import numpy`` in a new process, median of five (the machine's speed reference)."""
    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import numpy"], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scale", type=int, default=1, help="multiply every size")
    parser.add_argument("--only", default="", help="run only the cases whose name holds this")
    args = parser.parse_args()
    print(f"import numpy: {numpy_import() * 1e3:.0f} ms wall; CPU medians of {args.repeat} runs\n")
    print("| shape | analysis | size | found | CPU | growth |")
    print("|---|---|---:|---:|---:|---:|")
    for name, analysis, make, sizes, unit in CASES:
        if args.only not in name:
            continue
        n1, n2 = (s * args.scale for s in sizes)
        (t1, f1), (t2, f2) = timed(make, n1, args.repeat), timed(make, n2, args.repeat)
        growth = math.log(t2 / t1) / math.log(n2 / n1)
        print(f"| {name} | {analysis} | {n1:,} {unit} | {f1} | {t1 * 1e3:.1f} ms | |")
        print(f"| {name} | {analysis} | {n2:,} {unit} | {f2} | {t2 * 1e3:.1f} ms | {growth:.2f} |", flush=True)


if __name__ == "__main__":
    main()
