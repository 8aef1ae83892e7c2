"""Benchmark of the rules: every built-in rule (AC ICT and DCMA, check 12 included) on 10,000 activities.

Run: ``python benchmarks/bench_rules.py`` (``--services 100 --activities 100 --repeat 5``), or
``python benchmarks/bench_rules.py --sizes 10000 50000`` for the time of each rule at two sizes with its
growth exponent (``--write docs/performance.md`` puts that table between the page's lines
``<!-- bench_rules -->`` and ``<!-- /bench_rules -->``, nothing else).

The portfolio is built in Python (no YAML, so loading is not measured):
``--services`` services on EASI, each with one migration to LPC or Picard of
``--activities`` activities (a chain of tasks with a few extra predecessors,
then a test migration, a go/no-go, a cutover and an EASI decommission), the
platforms' readiness and exit milestones, one assignment per service, a
baseline for every activity and a status update with progress and
availability. Reported: the median and min/max of ``run_rules`` over
``--repeat`` runs (the schedule is computed once, outside the timing, as
``portfolio check`` does), and the slowest rules of one run. Each run gets a fresh
portfolio and schedule, so the indexes the rules share (built once per
portfolio and schedule) are part of the time.

With ``--sizes`` each rule is timed on its own (CPU time, ``time.process_time``: waiting for a core on a
shared machine is not in it), one after the other on the same fresh portfolio and schedule as
``run_rules`` runs them, so an index the rules share counts for the first rule that asks for it; the
medians of ``--repeat`` runs, and the growth exponent log(t2 / t1) / log(n2 / n1) (1.0: linear).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import attrs
from _tables import load_average, write_block

from portfolio.model import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Assignment,
    AssignmentStatus,
    Baseline,
    BaselineEntry,
    Duration,
    Migration,
    Platform,
    Portfolio,
    PortfolioSettings,
    Relation,
    Service,
    StatusUpdate,
)
from portfolio.rules import RULE_SETS, evaluate, run_rules
from portfolio.scheduling import schedule

START = dt.date(2024, 1, 2)


def generate(services: int, activities: int, seed: int = 1) -> Portfolio:
    """A portfolio of ``services`` migrations of ``activities`` activities each (plus platform milestones)."""
    rng = random.Random(seed)
    acts = [
        Activity(id="lpc.build", duration=Duration(40)),
        Activity(id="lpc.ready", kind=ActivityKind.READINESS),
        Activity(id="picard.build", duration=Duration(60)),
        Activity(id="picard.ready", kind=ActivityKind.READINESS),
        Activity(id="easi.exit", kind=ActivityKind.DECOMMISSION),
    ]
    rels = [
        Relation(predecessor="lpc.build", successor="lpc.ready"),
        Relation(predecessor="picard.build", successor="picard.ready"),
    ]
    platforms = [
        Platform(id="easi", name="EASI", exit="easi.exit", contract_end=dt.date(2040, 12, 31)),
        Platform(id="lpc", name="LPC", ready="lpc.ready"),
        Platform(id="picard", name="Picard", ready="picard.ready"),
    ]
    svcs, migrations, assignments, progress, availability = [], [], [], {}, {}
    for s in range(services):
        sid = f"svc{s:03d}"
        target = "lpc" if s % 2 else "picard"
        mid = f"{sid}.move"
        svcs.append(Service(id=sid, name=f"Service {s}", platform="easi", availability_norm=99.8))
        migrations.append(Migration(id=mid, service=sid, source_platform="easi", target=target, fallback="back"))
        ids = [f"{sid}.a{i:03d}" for i in range(activities - 4)]
        for i, ident in enumerate(ids):
            acts.append(Activity(id=ident, duration=Duration(rng.randint(1, 15)), migration=mid))
            if i:
                rels.append(Relation(predecessor=ids[i - 1], successor=ident))
            if i > 5 and rng.random() < 0.5:
                rels.append(Relation(predecessor=ids[rng.randint(max(0, i - 20), i - 2)], successor=ident))
        tail = [
            (f"{sid}.test", ActivityKind.TEST_MIGRATION, 10),
            (f"{sid}.go", ActivityKind.GO_NO_GO, 0),
            (f"{sid}.cutover", ActivityKind.CUTOVER, 0),
            (f"{sid}.easi-off", ActivityKind.DECOMMISSION, 10),
        ]
        previous = ids[-1]
        for ident, kind, days in tail:
            acts.append(
                Activity(
                    id=ident,
                    kind=kind,
                    duration=Duration(days),
                    migration=mid,
                    platform=target if kind is ActivityKind.CUTOVER else None,
                )
            )
            rels.append(Relation(predecessor=previous, successor=ident))
            previous = ident
        rels.append(Relation(predecessor=f"{target}.ready", successor=f"{sid}.cutover"))
        rels.append(Relation(predecessor=f"{sid}.easi-off", successor="easi.exit"))
        assignments.append(
            Assignment(
                id=f"opd-{s:03d}",
                title=f"Migration {s}",
                client="BZK",
                contractor="Logius",
                status=AssignmentStatus.RUNNING,
                migrations=(mid,),
                key_milestones=(f"{sid}.cutover",),
                explanation="on track",
            )
        )
        progress[ids[0]] = ActivityProgress(activity=ids[0], actual_start=START, actual_finish=START)
        availability[sid] = 99.9
    portfolio = Portfolio(
        settings=PortfolioSettings(start=START),
        platforms=platforms,
        services=svcs,
        migrations=migrations,
        activities=acts,
        relations=rels,
        assignments=assignments,
        status_updates=[StatusUpdate(date=dt.date(2024, 3, 29), progress=progress, availability=availability)],
    )
    plan = schedule(portfolio)
    entries = {a.id: BaselineEntry(activity=a.id, start=a.start, finish=a.finish) for a in plan}
    return Portfolio(
        settings=portfolio.settings,
        platforms=platforms,
        services=svcs,
        migrations=migrations,
        activities=acts,
        relations=rels,
        assignments=assignments,
        status_updates=portfolio.status_updates,
        baselines=[Baseline(name="plan", current=True, captured=START, entries=entries)],
    )


def per_rule(portfolio: Portfolio, repeat: int) -> tuple[dict[str, float], float]:
    """The median CPU seconds of each built-in rule, run in order on a fresh portfolio and schedule per run,
    and the median CPU seconds of ``run_rules`` on its own fresh pair."""
    times: dict[str, list[float]] = {}
    whole = []
    for _ in range(repeat):
        fresh = attrs.evolve(portfolio)
        plan = schedule(fresh)
        gc.collect()
        for rule in (r for rules in RULE_SETS.values() for r in rules):
            began = time.process_time()
            evaluate(fresh, plan, [rule])
            times.setdefault(rule.id, []).append(time.process_time() - began)
        fresh = attrs.evolve(portfolio)
        plan = schedule(fresh)
        gc.collect()
        began = time.process_time()
        run_rules(fresh, plan)
        whole.append(time.process_time() - began)
    return {k: statistics.median(v) for k, v in times.items()}, statistics.median(whole)


def growth_table(sizes: list[int], activities: int, repeat: int) -> list[str]:
    """The markdown table of each rule's median CPU milliseconds at each size, with the growth exponent."""
    found, totals, counts = [], [], []
    for n in sizes:
        portfolio = generate(max(1, n // activities), activities)
        schedule(portfolio)  # compile the network once, as a session would
        rules, whole = per_rule(portfolio, repeat)
        found.append(rules)
        totals.append(whole)
        counts.append((len(portfolio.activities), len(portfolio.relations)))
        print(f"{n:,}: {counts[-1][0]:,} activities, {counts[-1][1]:,} relations, run_rules {whole * 1000:.1f} ms CPU",
              flush=True)
    first, last = sizes[0], sizes[-1]

    def exponent(a: float, b: float) -> str:
        return f"{math.log(b / a) / math.log(counts[-1][0] / counts[0][0]):.2f}" if a > 0 and b > 0 else "–"

    head = ["| rule | " + " | ".join(f"{n:,} (ms)" for n in sizes) + f" | growth {first:,} → {last:,} |",
            "|---|" + "---:|" * len(sizes) + "---:|"]
    rows = [f"| {rule} | " + " | ".join(f"{f[rule] * 1000:.1f}" for f in found)
            + f" | {exponent(found[0][rule], found[-1][rule])} |" for rule in found[0]]
    sums = [sum(f.values()) for f in found]
    rows.append("| **sum of the rules** | " + " | ".join(f"{t * 1000:.1f}" for t in sums)
                + f" | {exponent(sums[0], sums[-1])} |")
    rows.append("| **`run_rules`** | " + " | ".join(f"{t * 1000:.1f}" for t in totals)
                + f" | {exponent(totals[0], totals[-1])} |")
    return [*head, *rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100)
    parser.add_argument("--activities", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", help="activities (about): time each rule at these sizes")
    parser.add_argument("--write", type=Path, help="with --sizes: write the table into this markdown file "
                        "(docs/performance.md, between <!-- bench_rules --> and <!-- /bench_rules -->)")
    args = parser.parse_args()
    if args.sizes:
        loads = load_average()
        table = growth_table(args.sizes, args.activities, args.repeat)
        about = (f"python {sys.version.split()[0]} on {platform.machine()}, {platform.system()}; CPU medians of "
                 f"{args.repeat} runs; {loads} before, {load_average()} after")
        print("\n".join(["", *table, "", about]))
        if args.write:
            command = "python benchmarks/bench_rules.py " + " ".join(sys.argv[1:])
            write_block(args.write, "bench_rules", [f"{about}.", "", *table, "", "Command:", "", "```", command,
                                                    "```"])
        return
    if args.write:
        parser.error("--write goes with --sizes")
    portfolio = generate(args.services, args.activities)
    schedule(portfolio)  # compile the network once: every run below reuses it, as a session would
    times = []
    report = None
    for _ in range(args.repeat):
        # a fresh portfolio and schedule each run, made outside the timing, as `portfolio check` has them:
        # the indexes the rules share are built once per portfolio and schedule, and that is timed
        fresh = attrs.evolve(portfolio)
        fresh_plan = schedule(fresh)
        began = time.perf_counter()
        report = run_rules(fresh, fresh_plan)
        times.append(time.perf_counter() - began)
    assert report is not None
    per_rule = []
    for rule in (r for rules in RULE_SETS.values() for r in rules):
        fresh = attrs.evolve(portfolio)
        fresh_plan = schedule(fresh)
        began = time.perf_counter()
        evaluate(fresh, fresh_plan, [rule])
        per_rule.append((time.perf_counter() - began, rule.id))
    print(f"python {sys.version.split()[0]} on {platform.machine()}, {platform.system()}")
    print(
        f"{len(portfolio.activities):,} activities, {len(portfolio.relations):,} relations, "
        f"{len(report.rules)} rules, {len(report.findings)} findings"
    )
    print(
        f"run_rules: median {statistics.median(times):.2f} s (min {min(times):.2f} s, max {max(times):.2f} s) "
        f"over {args.repeat} runs"
    )
    print("slowest rules: " + ", ".join(f"{name} {seconds:.2f} s" for seconds, name in sorted(per_rule)[-4:][::-1]))


if __name__ == "__main__":
    main()
