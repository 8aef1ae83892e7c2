"""Tests of the activity graph, the service graph and cycle reporting."""

from __future__ import annotations

from portfolio.graph import activity_graph, cycle_diagnostics, find_cycles, service_graph
from portfolio.model import Activity, Migration, Platform, Portfolio, Relation, RelationType, Service, Source


def _chain(*edges: tuple[str, str]) -> Portfolio:
    ids = sorted({n for edge in edges for n in edge})
    return Portfolio(activities=[Activity(id=i) for i in ids],
                     relations=[Relation(predecessor=a, successor=b, source=Source("f.yaml", n + 1, 1))
                                for n, (a, b) in enumerate(edges)])


def test_activity_graph_has_relations_as_edges() -> None:
    """Each relation becomes an edge with its type and lag; dangling ones are left out."""
    portfolio = Portfolio(activities=[Activity(id="a"), Activity(id="b")],
                          relations=[Relation(predecessor="a", successor="b", type=RelationType.SS),
                                     Relation(predecessor="a", successor="missing")])
    graph = activity_graph(portfolio)
    assert [("a", "b")] == list(graph.edges)
    assert RelationType.SS == graph.edges["a", "b"]["type"]


def test_cycles_are_spelled_out() -> None:
    """A cycle is reported once, with its activities in order, at one of its relations."""
    portfolio = _chain(("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"))
    cycles = find_cycles(portfolio)
    assert 1 == len(cycles)
    assert ["a", "b", "c"] == [r.predecessor for r in cycles[0]]
    (found,) = cycle_diagnostics(portfolio)
    assert "cycle" == found.code
    expected = "relations form a cycle: a -> b (f.yaml:1:1) -> c (f.yaml:2:1) -> a (f.yaml:3:1)"
    assert expected == found.message
    assert 3 == found.source.line  # type: ignore[union-attr]


def test_cycle_is_located_at_the_relation_declared_last_and_names_them_all() -> None:
    """A cycle is located at its relation declared last in file order, and the hint names every relation."""
    portfolio = Portfolio(
        activities=[Activity(id=i) for i in ("d.cutover", "s.cutover", "s.prep")],
        relations=[
            Relation(predecessor="s.cutover", successor="d.cutover", source=Source("services/d.yaml", 64, 49)),
            Relation(predecessor="s.prep", successor="s.cutover", source=Source("services/s.yaml", 40, 21)),
            Relation(predecessor="d.cutover", successor="s.prep", source=Source("services/t.yaml", 26, 17)),
        ],
    )
    (found,) = cycle_diagnostics(portfolio)
    expected = (
        Source("services/t.yaml", 26, 17),
        "remove or reverse one of these relations: d.cutover -> s.prep, s.prep -> s.cutover, s.cutover -> d.cutover",
    )
    assert expected == (found.source, found.hint)


def test_self_loop_and_two_knots() -> None:
    """A self-loop is a cycle too, and separate knots are each reported."""
    portfolio = _chain(("a", "a"), ("x", "y"), ("y", "x"))
    assert [["a"], ["x", "y"]] == [[r.predecessor for r in c] for c in find_cycles(portfolio)]


def test_acyclic_has_no_cycle() -> None:
    """A DAG gives no cycle diagnostics."""
    assert [] == cycle_diagnostics(_chain(("a", "b"), ("a", "c"), ("b", "c")))


def test_service_graph_edges() -> None:
    """Services link to their platform, their dependencies and their migration targets."""
    portfolio = Portfolio(
        platforms=[Platform(id="easi", name="EASI"), Platform(id="lpc", name="LPC"),
                   Platform(id="cloud", name="Public cloud")],
        services=[Service(id="digipoort", name="Digipoort", platform="easi", depends_on=("stelsel",)),
                  Service(id="stelsel", name="Stelseldiensten", platform="easi")],
        migrations=[Migration(id="digipoort.m", service="digipoort", candidates=("lpc", "cloud"),
                              decision="digipoort.decide")],
    )
    graph = service_graph(portfolio)
    edges = sorted((u, v, k) for u, v, k in graph.edges(data="kind"))
    assert [("digipoort", "cloud", "migrates-to"), ("digipoort", "easi", "runs-on"),
            ("digipoort", "lpc", "migrates-to"), ("digipoort", "stelsel", "depends-on"),
            ("stelsel", "easi", "runs-on")] == edges
    assert graph.edges["digipoort", "lpc"]["open"] is True
