"""The per-cutover AC ICT rules in linear time, each against an independent oracle.

``target-ready`` asks once per platform what follows its readiness: the same answers as reachability in networkx.

The rule used to walk every open cutover's ancestors (quadratic when many cutovers share the long chain
before a platform's readiness); it now walks each readiness milestone's descendants once. Here, on random
networks, its findings are checked against an independent oracle: the schedule's dates for ``too-early`` and
`networkx.has_path` over the same relations for ``no-logic``. ``phased-not-big-bang`` finds each cutover's
window by bisection over the sorted days (it scanned every later cutover per cutover): checked against the
rule's definition walked the slow way.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.calendar import builtin
from portfolio.model import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Duration,
    Platform,
    Portfolio,
    PortfolioSettings,
    Relation,
    StatusUpdate,
)
from portfolio.rules import acict
from portfolio.scheduling import schedule

START = dt.date(2024, 1, 8)


@st.composite
def networks(draw: st.DrawFn) -> Portfolio:
    """Up to 14 activities in a random DAG (some relations into undeclared ones), two platforms whose readiness
    milestones are among them, and cutovers landing on either platform."""
    n = draw(st.integers(4, 14))
    ids = [f"a{i}" for i in range(n)]
    ready = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    cut = [i for i in ids if i not in ready and draw(st.booleans())]
    edges = draw(st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] < e[1]),
                         max_size=3 * n))
    acts = []
    for ident in ids:
        kind = ActivityKind.READINESS if ident in ready else ActivityKind.CUTOVER if ident in cut else None
        platform = f"p{draw(st.integers(0, 1))}" if ident in cut else None
        duration = Duration(0) if ident in ready else Duration(draw(st.integers(0, 4)))
        acts.append(Activity(id=ident, duration=duration, platform=platform,
                             **({"kind": kind} if kind is not None else {})))
    relations = [Relation(predecessor=ids[a], successor=ids[b]) for a, b in sorted(edges)]
    relations += [Relation(predecessor="outside", successor=ids[0])]  # an undeclared end counts as a node
    platforms = [Platform(id=f"p{k}", name=f"P{k}", ready=ready[k]) for k in (0, 1)]
    return Portfolio(settings=PortfolioSettings(start=START, calendar="standard"), activities=acts,
                     relations=relations, platforms=platforms)


def oracle(portfolio: Portfolio) -> list[tuple[str, str]]:
    """The findings the rule must give, from the schedule's dates and networkx's reachability."""
    plan = schedule(portfolio)
    graph = nx.DiGraph()
    graph.add_nodes_from(portfolio.activities)
    graph.add_edges_from((r.predecessor, r.successor) for r in portfolio.relations)
    found = []
    for act in portfolio.activities.values():
        if act.kind is not ActivityKind.CUTOVER:
            continue
        assert act.platform is not None
        ready = portfolio.platforms[act.platform].ready
        assert ready is not None
        if plan[act.id].start < plan[ready].finish:
            found.append(("target-ready.too-early", act.id))
        elif not nx.has_path(graph, ready, act.id):
            found.append(("target-ready.no-logic", act.id))
    return found


@settings(max_examples=150, deadline=None)
@given(networks())
def test_target_ready_agrees_with_reachability(portfolio: Portfolio) -> None:
    got = [(f.key, f.subject) for f in acict.target_ready(portfolio, schedule(portfolio))]
    assert got == oracle(portfolio)


def test_a_cutover_waiting_through_another_service_is_tied_to_the_readiness() -> None:
    """Reachability runs through any activity, not only the cutover's own: ready -> x -> cut is a tie."""
    acts = [Activity(id="ready", kind=ActivityKind.READINESS), Activity(id="x", duration=Duration(1)),
            Activity(id="cut", kind=ActivityKind.CUTOVER, platform="p"),
            Activity(id="loose", kind=ActivityKind.CUTOVER, platform="p", duration=Duration(1))]
    p = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"), activities=acts,
                  relations=[Relation(predecessor="ready", successor="x"), Relation(predecessor="x", successor="cut")],
                  platforms=[Platform(id="p", name="P", ready="ready")])
    assert [(f.key, f.subject) for f in acict.target_ready(p, schedule(p))] == [("target-ready.no-logic", "loose")]


@st.composite
def bunches(draw: st.DrawFn) -> tuple[Portfolio, int, int]:
    """Up to 30 cutovers on two platforms, each after a lead task of random length; some already done."""
    status = START + dt.timedelta(days=21)
    acts, relations, progress = [], [], {}
    for j in range(draw(st.integers(0, 30))):
        acts.append(Activity(id=f"lead{j}", duration=Duration(draw(st.integers(0, 40)))))
        acts.append(Activity(id=f"x{j}", kind=ActivityKind.CUTOVER, platform=f"p{draw(st.integers(0, 1))}",
                             duration=Duration(1)))
        relations.append(Relation(predecessor=f"lead{j}", successor=f"x{j}"))
        if draw(st.integers(0, 3)) == 0:  # done before the status date
            day = START + dt.timedelta(days=draw(st.integers(0, 20)))
            progress[f"x{j}"] = ActivityProgress(activity=f"x{j}", actual_start=day, actual_finish=day)
    portfolio = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"), activities=acts,
                          relations=relations, platforms=[Platform(id=f"p{k}", name=f"P{k}") for k in (0, 1)],
                          status_updates=[StatusUpdate(date=status, progress=progress)])
    return portfolio, draw(st.integers(0, 4)), draw(st.integers(1, 15))


def bunched(portfolio: Portfolio, max_cutovers: int, window: int) -> list[tuple[str | None, int, str]]:
    """The rule's definition, walked the slow way: every cutover's window holds the cutovers starting fewer
    than ``window`` working days after it (itself included); report the last of each new window that is too
    full and holds an unfinished cutover."""
    plan = schedule(portfolio, status_date=portfolio.status_updates[-1].date)
    calendar = builtin("standard")
    found = []
    cuts = [a for a in portfolio.activities.values() if a.kind is ActivityKind.CUTOVER]
    for platform in dict.fromkeys(a.platform for a in cuts):  # in the order the platforms first come
        items = sorted((calendar.index(plan[a.id].start), a.id, acict._open(plan[a.id]))
                       for a in cuts if a.platform == platform)
        reported: set[str] = set()
        for i, (day, _, _) in enumerate(items):
            group = [x for x in items[i:] if x[0] - day < window]
            if len(group) > max_cutovers and any(x[2] for x in group) and group[-1][1] not in reported:
                reported.add(group[-1][1])
                found.append((group[-1][1], len(group), ", ".join(f"'{x[1]}'" for x in group)))
    return found


@settings(max_examples=150, deadline=None)
@given(bunches())
def test_phased_not_big_bang_agrees_with_the_slow_walk(case: tuple[Portfolio, int, int]) -> None:
    portfolio, max_cutovers, window = case
    plan = schedule(portfolio, status_date=portfolio.status_updates[-1].date)
    got = [(f.subject, f.params["count"], f.params["names"])
           for f in acict.phased_not_big_bang(portfolio, plan, max_cutovers=max_cutovers, window=window)]
    assert got == bunched(portfolio, max_cutovers, window)
