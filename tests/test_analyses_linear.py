"""Analyses that were quadratic on some portfolio shape, now indexed once, each against an independent oracle.

- The EVM budgets (`portfolio.evm._budgets`): `Cost.activities` walked every activity for a migration's
  budget, once per budget per assignment (and again per assignment for the realised spend); the costs section
  is now indexed once per portfolio. Checked against the rule applied the plain way, budget by budget.
- `Network.reached` (`portfolio.rules._network`), for ``decision-before-cutover``: which of a migration's
  cutovers follow its decision, the walk stopped once all are found (the rule took every descendant of each
  open migration's decision: migrations x network on a chained network). Checked against networkx.
- `Capacity.demand_table`: every glob matched against every activity (one demand per service, ``svc.*``:
  activities x services); the globs now found by their text before the first wildcard. Checked against
  `fnmatch` over every pair.
- The four-monthly report's domain sections: each key milestone's domain was looked up once per domain;
  now once. Checked against each section's items filtered the plain way.
- The missed capacity pins (`portfolio.capacity._level._missed_pins`): every activity walked per pin; now
  the cutovers grouped by service once. Checked against the pins walked the plain way.

The shapes and their timings: ``benchmarks/bench_shapes.py``.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import itertools

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.capacity import level
from portfolio.evm._budgets import Share, _spans, assignment_shares, costed_realised, spread_budget
from portfolio.model import (
    Activity,
    ActivityKind,
    ActivityProgress,
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
    Portfolio,
    PortfolioSettings,
    Relation,
    Service,
    Spread,
    StatusUpdate,
    Team,
)
from portfolio.report import monthly_report
from portfolio.report.four_monthly import four_monthly_report
from portfolio.rules._network import Network
from portfolio.slippage._common import Calendars

START = dt.date(2024, 1, 8)
DAY = dt.date(2024, 2, 5)


@st.composite
def costed(draw: st.DrawFn) -> tuple[Portfolio, list[str]]:
    """Up to 12 activities in three migrations (or none), up to 8 budgets of an activity (also an undeclared
    one) or a migration (also one without activities), a baseline holding most activities, and a scope."""
    n = draw(st.integers(0, 12))
    migrations = ("m0", "m1", "m2", "m3")  # m3 has no activities
    acts = [Activity(id=f"a{i}", duration=Duration(5), migration=draw(st.sampled_from((None, *migrations[:3]))))
            for i in range(n)]
    ids = [a.id for a in acts]
    costs = []
    for _ in range(draw(st.integers(0, 8))):
        realised = {DAY: float(draw(st.integers(0, 9)))} if draw(st.booleans()) else {}
        spread = draw(st.sampled_from((None, Spread.FRONT, Spread.BACK)))
        if draw(st.booleans()) or not ids:
            costs.append(Cost(migration=draw(st.sampled_from(migrations)), budget=float(draw(st.integers(1, 999))),
                              realised=realised, spread=spread))
        else:
            costs.append(Cost(activity=draw(st.sampled_from((*ids, "undeclared"))),
                              budget=float(draw(st.integers(1, 999))), realised=realised, spread=spread))
    entries = {}
    for k, ident in enumerate(ids):
        if draw(st.integers(0, 4)):  # most activities are in the baseline
            first = START + dt.timedelta(days=draw(st.integers(0, 30)))
            entries[ident] = BaselineEntry(activity=ident, start=first,
                                           finish=first + dt.timedelta(days=draw(st.integers(0, 10)) + k % 2))
    budget = draw(st.sampled_from((None, 500.0, 5000.0)))
    portfolio = Portfolio(
        settings=PortfolioSettings(start=START, calendar="standard"), activities=acts,
        services=[Service(id="s", name="S")], migrations=[Migration(id=m, service="s") for m in migrations],
        assignments=[Assignment(id="o", title="O", budget=budget)], costs=costs,
        baselines=[Baseline(name="b", current=True, entries=entries)])
    scope = draw(st.lists(st.sampled_from((*ids, "undeclared")), unique=True)) if ids else []
    return portfolio, scope


def plain_shares(portfolio: Portfolio, scope: list[str], cals: Calendars) -> list[Share]:
    """docs/evm.md's rule budget by budget: every budget paying for an activity of the scope gives the shares
    of its activities in scope, the rest of the assignment's budget spread over the others."""
    baseline = portfolio.baselines["b"]
    inside = set(scope)
    costed: list[Share] = []
    for cost in portfolio.costs:
        pays_for = cost.activities(portfolio)
        if not inside & set(pays_for):
            continue
        spread = None if cost.spread is None else str(cost.spread)
        if cost.activity is None:
            shares = spread_budget(baseline, cost.budget, pays_for, cals, spread)
        else:
            shares = [Share(activity=i, budget=cost.budget, start=s, finish=f, spread=spread)
                      for i, s, f in _spans(baseline, pays_for, cals)]
        costed += [s for s in shares if s.activity in inside]
    budget = portfolio.assignments["o"].budget
    if not costed:
        return spread_budget(baseline, budget, scope, cals) if budget is not None else []
    rest = (budget or 0.0) - sum(s.budget for s in costed)
    if rest > 0:
        costed += spread_budget(baseline, rest, [a for a in scope if a not in {s.activity for s in costed}], cals)
    return costed


def plain_realised(portfolio: Portfolio, scope: list[str]) -> float | None:
    """The realised spend of every budget whose activities all lie in the scope."""
    found = [c.realised[DAY] for c in portfolio.costs if DAY in c.realised and set(c.activities(portfolio)) <= set(scope)]
    return sum(found) if found else None


@settings(max_examples=200, deadline=None)
@given(costed())
def test_budgets_agree_with_the_rule_applied_budget_by_budget(case: tuple[Portfolio, list[str]]) -> None:
    portfolio, scope = case
    cals = Calendars(portfolio)
    assert assignment_shares(portfolio, portfolio.baselines["b"], "o", scope, cals) == plain_shares(portfolio, scope, cals)
    assert costed_realised(portfolio, scope, DAY) == plain_realised(portfolio, scope)


def test_a_budget_of_a_migration_without_activities_is_within_every_scope() -> None:
    """`Cost.activities` is empty for it, so its realised spend counts for any scope (as before the index)."""
    p = Portfolio(activities=[Activity(id="x", migration="m0")],
                  migrations=[Migration(id="m0", service="s"), Migration(id="m1", service="s")],
                  costs=[Cost(migration="m1", budget=10.0, realised={DAY: 4.0}),
                         Cost(migration="m0", budget=10.0, realised={DAY: 3.0})])
    assert costed_realised(p, [], DAY) == 4.0
    assert costed_realised(p, ["x"], DAY) == 7.0


@st.composite
def pinned(draw: st.DrawFn) -> tuple[Portfolio, Capacity]:
    """Up to 16 activities of four services (or none), some cutovers, a chain or two, one small team they all
    need, and pins with and without a last day (some of a service without cutovers, one twice)."""
    services = ("s0", "s1", "s2", "s3")
    acts = [Activity(id=f"a{i}", duration=Duration(draw(st.integers(0, 8))), service=draw(st.sampled_from((None, *services))),
                     **({"kind": ActivityKind.CUTOVER} if draw(st.booleans()) else {}))
            for i in range(draw(st.integers(0, 16)))]
    relations = [Relation(predecessor=a.id, successor=b.id) for a, b in itertools.pairwise(acts)
                 if draw(st.integers(0, 2)) == 0]
    pins = [Pin(service=draw(st.sampled_from(services)), start=START,
                until=START + dt.timedelta(days=draw(st.integers(0, 40))) if draw(st.integers(0, 3)) else None)
            for _ in range(draw(st.integers(0, 5)))]
    capacity = Capacity(teams=[Team(id="t", size=1.0)], demand=[Demand(activities="*", team="t", amount=1.0)], pins=pins)
    portfolio = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"), activities=acts,
                          relations=relations, services=[Service(id=s, name=s.upper()) for s in services])
    return portfolio, capacity


@settings(max_examples=100, deadline=None)
@given(pinned())
def test_missed_pins_agree_with_the_pins_walked_the_plain_way(case: tuple[Portfolio, Capacity]) -> None:
    portfolio, capacity = case
    result = level(portfolio, capacity)
    got = [d.subject for d in result.diagnostics if d.code == "capacity-pin-missed"]
    want = [a.id for pin in capacity.pins if pin.until is not None for a in portfolio.activities.values()
            if a.service == pin.service and a.kind is ActivityKind.CUTOVER and result.levelled[a.id].start > pin.until]
    assert got == want


@st.composite
def graphs(draw: st.DrawFn) -> tuple[Portfolio, str, list[str]]:
    """Up to 12 activities, random relations (cycles and undeclared ends too), a start and some targets."""
    n = draw(st.integers(1, 12))
    names = [f"a{i}" for i in range(n)]
    ends = st.sampled_from((*names, "outside"))
    relations = [Relation(predecessor=a, successor=b) for a, b in draw(st.lists(st.tuples(ends, ends), max_size=3 * n))]
    portfolio = Portfolio(activities=[Activity(id=i) for i in names], relations=relations)
    return portfolio, draw(ends), draw(st.lists(st.sampled_from((*names, "outside", "unknown")), max_size=5))


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_reached_is_the_targets_among_the_descendants(case: tuple[Portfolio, str, list[str]]) -> None:
    portfolio, start, targets = case
    graph = nx.DiGraph()
    graph.add_nodes_from(portfolio.activities)
    graph.add_edges_from((r.predecessor, r.successor) for r in portfolio.relations)
    after = nx.descendants(graph, start) if start in graph else set()
    if start in graph and any(nx.has_path(graph, s, start) for s in graph.successors(start)):
        after.add(start)  # a cycle back to it: it follows itself, as in Network.descendants
    assert Network.of(portfolio).reached(start, targets) == set(targets) & after
    assert Network.of(portfolio).reached(start, targets) == set(targets) & Network.of(portfolio).descendants(start)


@st.composite
def demands(draw: st.DrawFn) -> tuple[list[Activity], Capacity]:
    """Ids and globs over a small alphabet (wildcards anywhere, brackets closed or not; case counts), three teams."""
    ids = draw(st.lists(st.text("abA.", max_size=5), unique=True, max_size=12))
    known = st.sampled_from(ids or ["a"])
    globs = (st.text("ab.*?[]!", max_size=5) | known
             | st.builds(str.__add__, known, st.sampled_from(("*", "?", "[ab]", "*.b", "[", "a*"))))  # id + wildcard
    found = [Demand(activities=draw(globs), team=draw(st.sampled_from("tuv")), amount=1.0)
             for _ in range(draw(st.integers(0, 10)))]
    return [Activity(id=i) for i in ids], Capacity(demand=found)


@settings(max_examples=300, deadline=None)
@given(demands())
def test_demand_table_agrees_with_fnmatch_over_every_pair(case: tuple[list[Activity], Capacity]) -> None:
    acts, capacity = case
    want = []
    for a in acts:
        first: dict[str, Demand] = {}
        for d in capacity.demand:
            if fnmatch.fnmatchcase(a.id, d.activities):
                first.setdefault(d.team, d)
        want.append(tuple(first.values()))
    assert capacity.demand_table(iter(acts)) == want  # any iterable, read once


@st.composite
def domains(draw: st.DrawFn) -> Portfolio:
    """Up to 7 services in random domains (or none), each a task and a key milestone, some reached in the span."""
    services, acts, relations, assignments, progress = [], [], [], [], {}
    for k in range(draw(st.integers(1, 7))):
        services.append(Service(id=f"s{k}", name=f"S{k}", domain=draw(st.sampled_from(("", "a", "b", "c")))))
        acts += [Activity(id=f"s{k}.work", duration=Duration(draw(st.integers(1, 30))), service=f"s{k}"),
                 Activity(id=f"s{k}.live", service=draw(st.sampled_from((f"s{k}", None))))]
        relations.append(Relation(predecessor=f"s{k}.work", successor=f"s{k}.live"))
        assignments.append(Assignment(id=f"o{k}", title=f"O{k}", services=(f"s{k}",), key_milestones=(f"s{k}.live",),
                                      status=AssignmentStatus.RUNNING))
        if draw(st.booleans()):
            done = START + dt.timedelta(days=draw(st.integers(30, 100)))
            progress[f"s{k}.work"] = ActivityProgress(activity=f"s{k}.work", actual_start=START, actual_finish=done)
            progress[f"s{k}.live"] = ActivityProgress(activity=f"s{k}.live", actual_start=done, actual_finish=done)
    entries = {a.id: BaselineEntry(activity=a.id, start=START, finish=START + dt.timedelta(days=20)) for a in acts}
    return Portfolio(settings=PortfolioSettings(start=START, calendar="standard"), activities=acts,
                     relations=relations, services=services, assignments=assignments,
                     baselines=[Baseline(name="b", current=True, entries=entries)],
                     status_updates=[StatusUpdate(date=dt.date(2024, 4, 30), progress=progress)])


@settings(max_examples=40, deadline=None)
@given(domains())
def test_domain_sections_hold_what_the_plain_filter_gives(portfolio: Portfolio) -> None:
    def domain(activity: str) -> str:
        service = portfolio.activities[activity].service
        return portfolio.services[service].domain if service is not None else ""

    report = four_monthly_report(portfolio, "2024-01..2024-04")
    keys = [m.id for m in monthly_report(portfolio, "2024-04").key_milestones]
    reached = sorted((p.actual_finish, p.activity) for p in portfolio.status_updates[-1].progress.values()
                     if p.activity.endswith(".live") and p.actual_finish is not None)
    assert [m.id for d in report.domains for m in d.key_milestones] != [] or not keys
    for section in report.domains:
        assert [m.id for m in section.key_milestones] == [k for k in keys if domain(k) == section.name]
        assert [r.id for r in section.reached] == [i for _, i in reached if domain(i) == section.name]
