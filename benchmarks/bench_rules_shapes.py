"""The per-cutover AC ICT rules on the network shapes that made them quadratic, at two sizes, with the growth.

Run: ``python benchmarks/bench_rules_shapes.py`` (``--repeat 5``; ``--scale 1`` doubles nothing, ``--scale 2``
doubles every size).

Two shapes a real migration portfolio has, each grown five times:

- **shared chain**: many cutovers land on one platform whose readiness milestone ends a long chain of
  platform work (``target-ready`` asked, per cutover, whether the readiness is among its ancestors: a walk
  of the whole chain per cutover);
- **bunched cutovers**: thousands of cutovers on one platform over two years (``phased-not-big-bang``
  scanned every later cutover for each cutover to find its window).

Printed: the CPU median of ``--repeat`` runs of the rule alone (the schedule made beforehand), the findings,
and the growth exponent log(t2 / t1) / log(n2 / n1) (1.0: linear).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import time
from collections.abc import Callable, Iterable

from portfolio.model import Activity, ActivityKind, Duration, Platform, Portfolio, PortfolioSettings, Relation
from portfolio.rules import acict
from portfolio.scheduling import schedule

START = dt.date(2024, 1, 8)


def shared_chain(size: int) -> Portfolio:
    """``size`` chained platform tasks before the readiness milestone, then ``size // 10`` cutovers after it."""
    acts = [Activity(id=f"c{i}", duration=Duration(1)) for i in range(size)]
    acts.append(Activity(id="ready", kind=ActivityKind.READINESS))
    cuts = [Activity(id=f"x{j}", kind=ActivityKind.CUTOVER, platform="p", duration=Duration(1))
            for j in range(size // 10)]
    rel = [Relation(predecessor=f"c{i}", successor=f"c{i + 1}") for i in range(size - 1)]
    rel.append(Relation(predecessor=f"c{size - 1}", successor="ready"))
    rel += [Relation(predecessor="ready", successor=c.id) for c in cuts]
    return Portfolio(settings=PortfolioSettings(start=START, calendar="standard"), activities=acts + cuts,
                     relations=rel, platforms=[Platform(id="p", name="P", ready="ready")])


def bunched(size: int) -> Portfolio:
    """``size`` cutovers on one platform, each after a lead task of 0 to 499 working days."""
    acts, rel = [], []
    for j in range(size):
        acts += [Activity(id=f"l{j}", duration=Duration(j % 500)),
                 Activity(id=f"x{j}", kind=ActivityKind.CUTOVER, platform="p", duration=Duration(1))]
        rel.append(Relation(predecessor=f"l{j}", successor=f"x{j}"))
    return Portfolio(settings=PortfolioSettings(start=START, calendar="standard"), activities=acts, relations=rel,
                     platforms=[Platform(id="p", name="P")])


def timed(make: Callable[[int], Portfolio], rule: Callable[..., Iterable[object]], size: int,
          repeat: int) -> tuple[float, int]:
    """The CPU median of the rule on fresh portfolios of ``size`` (its indexes built inside), and its findings."""
    times, found = [], 0
    for _ in range(repeat):
        portfolio = make(size)
        plan = schedule(portfolio)
        start = time.process_time()
        found = len(list(rule(portfolio, plan)))
        times.append(time.process_time() - start)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scale", type=int, default=1, help="multiply every size")
    args = parser.parse_args()
    cases = (("shared chain", shared_chain, "target-ready", acict.target_ready, (2_000, 10_000)),
             ("bunched cutovers", bunched, "phased-not-big-bang", acict.phased_not_big_bang, (1_000, 5_000)))
    print(f"CPU medians of {args.repeat} runs\n")
    print("| shape | rule | size | findings | CPU | growth |")
    print("|---|---|---:|---:|---:|---:|")
    for name, make, rule_id, rule, sizes in cases:
        (n1, n2) = (s * args.scale for s in sizes)
        (t1, f1), (t2, f2) = timed(make, rule, n1, args.repeat), timed(make, rule, n2, args.repeat)
        growth = math.log(t2 / t1) / math.log(n2 / n1)
        print(f"| {name} | {rule_id} | {n1:,} | {f1} | {t1 * 1e3:.1f} ms | |")
        print(f"| {name} | {rule_id} | {n2:,} | {f2} | {t2 * 1e3:.1f} ms | {growth:.2f} |")


if __name__ == "__main__":
    main()
