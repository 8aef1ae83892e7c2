"""Property-based tests of the scheduling engine on random networks (Hypothesis)."""

from __future__ import annotations

import datetime as dt

import attrs
import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio import _cpm
from portfolio.calendar import builtin
from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings, Relation, RelationType
from portfolio.scheduling import schedule

START = dt.date(2024, 1, 1)
STD = builtin("standard")
TYPES = [RelationType.FS, RelationType.SS, RelationType.FF, RelationType.SF]
SETTINGS = settings(max_examples=60, deadline=None)


@st.composite
def networks(draw, *, fs_only: bool = False, min_duration: int = 0, negative_lags: bool = True):
    """A random acyclic network: durations, and relations (pred, succ, type, lag) with pred < succ."""
    n = draw(st.integers(1, 18))
    durations = draw(st.lists(st.integers(min_duration, 9), min_size=n, max_size=n))
    relations = []
    if n > 1:
        pairs = st.tuples(st.integers(0, n - 2), st.integers(1, n - 1)).filter(lambda p: p[0] < p[1])
        types = st.just(0) if fs_only else st.integers(0, 3)
        lags = st.integers(-3 if negative_lags else 0, 5)
        relations = draw(st.lists(st.tuples(pairs, types, lags), max_size=3 * n))
    return durations, [(p, s, t, lag) for (p, s), t, lag in relations]


def portfolio_of(durations, relations) -> Portfolio:
    acts = [Activity(id=f"a{i}", duration=Duration(d)) for i, d in enumerate(durations)]
    rels = [Relation(predecessor=f"a{p}", successor=f"a{s}", type=TYPES[t], lag=Duration(lag))
            for p, s, t, lag in relations]
    return Portfolio(settings=PortfolioSettings(start=START, calendar="standard"), activities=acts,
                     relations=rels)


def solve(durations, relations) -> _cpm.Result:
    net = _cpm.Network.build(n=len(durations), duration=durations, pred=[r[0] for r in relations],
                             succ=[r[1] for r in relations], rtype=[r[2] for r in relations],
                             lag=[r[3] for r in relations])
    return _cpm.solve(net, start=0)


def longest_path(durations, relations) -> int:
    """The project length as networkx computes it on the matching edge-weighted graph."""
    graph = nx.DiGraph()
    for i, d in enumerate(durations):
        graph.add_edge("start", i, weight=0)
        graph.add_edge(i, "end", weight=d)
    for p, s, _, lag in relations:
        weight = durations[p] + lag
        if graph.has_edge(p, s):
            weight = max(weight, graph[p][s]["weight"])
        graph.add_edge(p, s, weight=weight)
    return int(nx.dag_longest_path_length(graph))


@SETTINGS
@given(networks(fs_only=True, negative_lags=False))
def test_fs_length_equals_networkx_longest_path(network):
    """With FS relations, non-negative lags and no constraints the project length is the DAG's longest path."""
    durations, relations = network
    assert longest_path(durations, relations) == solve(durations, relations).finish


@SETTINGS
@given(networks(fs_only=True, negative_lags=False, min_duration=1))
def test_schedule_finish_equals_networkx_longest_path(network):
    """Through the public API, the finish date lies the longest path's length of working days after the start."""
    durations, relations = network
    result = schedule(portfolio_of(durations, relations))
    expected = longest_path(durations, relations)
    assert expected == STD.finish_index(result.finish) - STD.index(START)


@SETTINGS
@given(networks())
def test_total_float_is_never_negative_without_constraints(network):
    """Without constraints or deadlines no activity has negative total float."""
    result = solve(*network)
    assert bool((result.total_float >= 0).all())


@SETTINGS
@given(networks())
def test_free_float_at_most_total_float(network):
    """Free float never exceeds total float and is never negative."""
    result = solve(*network)
    assert bool(((result.free_float <= result.total_float) & (result.free_float >= 0)).all())


@SETTINGS
@given(networks())
def test_early_dates_respect_every_relation(network):
    """The early dates satisfy every relation with its lag, and no activity starts before the project."""
    durations, relations = network
    r = solve(durations, relations)
    for p, s, t, lag in relations:
        before = r.ef[p] if t in (_cpm.FS, _cpm.FF) else r.es[p]
        after = r.ef[s] if t in (_cpm.FF, _cpm.SF) else r.es[s]
        assert after >= before + lag
    assert bool((r.es >= 0).all())


@SETTINGS
@given(networks())
def test_critical_chains_run_from_start_to_finish(network):
    """Every critical activity starts at the project start or after a critical driver, and ends the
    project or drives a critical successor."""
    result = schedule(portfolio_of(*network))
    # Compare working-day boundaries, not displayed dates: a milestone at a day boundary legitimately
    # shows on the next morning while a task ending at the same boundary shows on the evening before.
    core = solve(*network)
    critical = {a.id for a in result.critical()}
    drives: dict[str, set[str]] = {}
    for a in result:
        for p in a.driving:
            drives.setdefault(p, set()).add(a.id)
    for a in result.critical():
        i = int(a.id[1:])
        starts_project = core.es[i] == 0
        has_critical_driver = bool(critical & set(a.driving))
        ends_project = core.ef[i] == core.finish
        drives_critical = bool(critical & drives.get(a.id, set()))
        assert starts_project or has_critical_driver, a.id
        assert ends_project or drives_critical, a.id


@SETTINGS
@given(networks(), st.randoms(use_true_random=False))
def test_scheduling_is_deterministic_and_order_free(network, rng):
    """Scheduling twice gives the same result, and so does declaring the activities in another order."""
    durations, relations = network
    p = portfolio_of(durations, relations)
    first, second = schedule(p), schedule(attrs.evolve(p))  # a copy: compiled and solved again
    assert first is not second
    assert first == second
    acts = list(p.activities.values())
    rng.shuffle(acts)
    shuffled = schedule(Portfolio(settings=p.settings, activities=acts, relations=p.relations))
    expected = {a.id: (a.early_start, a.early_finish, a.late_start, a.late_finish, a.total_float)
                for a in first}
    actual = {a.id: (a.early_start, a.early_finish, a.late_start, a.late_finish, a.total_float)
              for a in shuffled}
    assert expected == actual


@settings(max_examples=30, deadline=None)
@given(networks(), st.lists(st.tuples(st.integers(0, 17), st.integers(0, 17)), min_size=1, max_size=4))
def test_cycles_never_hang(network, back_edges):
    """Adding relations that close loops still gives a schedule for every activity and a cycle finding."""
    durations, relations = network
    n = len(durations)
    extra = [(s % n, p % n, 0, 0) for p, s in back_edges if p % n < s % n]
    result = schedule(portfolio_of(durations, relations + extra))
    assert len(list(result)) == n
    if extra and relations:
        codes = {d.code for d in result.diagnostics}
        graph = nx.DiGraph([(p, s) for p, s, _, _ in relations + extra])
        assert ("cycle" in codes) == (not nx.is_directed_acyclic_graph(graph))


def test_levels_of_a_chain():
    """A chain of three has three generations."""
    assert [0, 1, 2] == _cpm.levels(3, np.array([0, 1]), np.array([1, 2])).tolist()


@SETTINGS
@given(networks(), st.lists(st.booleans(), min_size=18, max_size=18))
def test_a_precomputed_topology_gives_the_same_result(network, finished):
    """solve() with the topology computed beforehand (as a reused network does) equals solve() computing it."""
    durations, relations = network
    n = len(durations)
    done = finished[:n]
    net = _cpm.Network.build(n=n, duration=durations, pred=[r[0] for r in relations],
                             succ=[r[1] for r in relations], rtype=[r[2] for r in relations],
                             lag=[r[3] for r in relations], done=done, fixed=done)
    fresh = _cpm.solve(net, start=0)
    reused = _cpm.solve(net, start=0, shape=_cpm.topology(n, net.pred, net.succ, net.done))
    for name in ("es", "ef", "ls", "lf", "total_float", "free_float", "driving", "used"):
        assert getattr(fresh, name).tolist() == getattr(reused, name).tolist()


@given(st.lists(st.integers(-(1 << 20), 1 << 34), max_size=300), st.sampled_from([1 << 8, 1 << 17, 1 << 33, 1 << 40]))
@SETTINGS
def test_stable_order_is_numpys_stable_argsort(keys, spread) -> None:
    """The radix sort gives exactly ``np.argsort(kind="stable")``, over one digit, two, or a wide range."""
    array = np.asarray(keys, dtype=np.int64) % spread - spread // 3
    assert _cpm.stable_order(array).tolist() == np.argsort(array, kind="stable").tolist()
