"""The portfolio as graphs: activities and their relations, and services and their dependencies.

Users get plain `networkx.DiGraph` objects to explore in a notebook;
the scheduler does not use networkx in its inner loop.

Examples:
    >>> from portfolio.model import Activity, Duration, Portfolio, Relation
    >>> p = Portfolio(activities=[Activity(id="a", duration=Duration(2)), Activity(id="b")],
    ...               relations=[Relation(predecessor="a", successor="b")])
    >>> g = activity_graph(p)
    >>> list(g.edges(data="type"))
    [('a', 'b', <RelationType.FS: 'FS'>)]
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from portfolio.diagnostics import Diagnostic, diagnostic
from portfolio.model import Portfolio, Relation

__all__ = ["activity_graph", "cycle_diagnostics", "find_cycles", "service_graph"]


def activity_graph(portfolio: Portfolio) -> Any:
    """A DiGraph with one node per activity (attribute ``activity``) and one edge per relation.

    Edge attributes: ``type`` (RelationType), ``lag`` (Duration) and ``relation``.
    Relations naming an undeclared activity are left out.
    """
    graph = nx.DiGraph()
    for ident, activity in portfolio.activities.items():
        graph.add_node(ident, activity=activity)
    for relation in portfolio.relations:
        if relation.predecessor in graph and relation.successor in graph:
            graph.add_edge(
                relation.predecessor, relation.successor, type=relation.type, lag=relation.lag, relation=relation
            )
    return graph


def service_graph(portfolio: Portfolio) -> Any:
    """A DiGraph of services and platforms.

    Nodes: services (``kind="service"``) and platforms (``kind="platform"``).
    Edges: ``depends_on`` between services (``kind="depends-on"``), a service's
    current platform (``kind="runs-on"``) and each migration's target or
    candidate platforms (``kind="migrates-to"``, ``open=True`` while undecided).

    Examples:
        >>> from portfolio.model import Platform, Service
        >>> p = Portfolio(platforms=[Platform(id="easi", name="EASI")],
        ...               services=[Service(id="digid", name="DigiD", platform="easi")])
        >>> sorted(service_graph(p).edges(data="kind"))
        [('digid', 'easi', 'runs-on')]
    """
    graph = nx.DiGraph()
    for ident, platform in portfolio.platforms.items():
        graph.add_node(ident, kind="platform", record=platform)
    for ident, service in portfolio.services.items():
        graph.add_node(ident, kind="service", record=service)
    for ident, service in portfolio.services.items():
        if service.platform in portfolio.platforms:
            graph.add_edge(ident, service.platform, kind="runs-on")
        for other in service.depends_on:
            if other in portfolio.services:
                graph.add_edge(ident, other, kind="depends-on")
    for migration in portfolio.migrations.values():
        if migration.service not in portfolio.services:
            continue
        targets = [migration.target] if migration.target else list(migration.candidates)
        for target in targets:
            if target in portfolio.platforms:
                graph.add_edge(
                    migration.service, target, kind="migrates-to", migration=migration.id, open=migration.is_open
                )
    return graph


def find_cycles(portfolio: Portfolio) -> list[list[Relation]]:
    """One cycle (as its relations, in order) for each strongly connected knot of relations.

    Examples:
        >>> from portfolio.model import Activity, Portfolio, Relation
        >>> p = Portfolio(activities=[Activity(id="a"), Activity(id="b")],
        ...               relations=[Relation(predecessor="a", successor="b"),
        ...                          Relation(predecessor="b", successor="a")])
        >>> [[r.predecessor for r in cycle] for cycle in find_cycles(p)]
        [['a', 'b']]
    """
    if _acyclic(portfolio):
        return []  # the usual case, found without building the graph
    graph = activity_graph(portfolio)
    cycles: list[list[Relation]] = []
    for component in nx.strongly_connected_components(graph):
        if len(component) == 1:
            (node,) = component
            if graph.has_edge(node, node):
                cycles.append([graph.edges[node, node]["relation"]])
            continue
        sub = graph.subgraph(component)
        start = min(component)
        edges = nx.find_cycle(sub, source=start)
        cycles.append([graph.edges[u, v]["relation"] for u, v in edges])
    cycles.sort(key=lambda c: c[0].predecessor)
    return cycles


def _acyclic(portfolio: Portfolio) -> bool:
    """True when the relations between declared activities form no cycle (Kahn's algorithm, no graph built)."""
    waiting = dict.fromkeys(portfolio.activities, 0)  # relations into each activity not yet passed
    successors: dict[str, list[str]] = {}
    for relation in portfolio.relations:
        if relation.predecessor in waiting and relation.successor in waiting:
            successors.setdefault(relation.predecessor, []).append(relation.successor)
            waiting[relation.successor] += 1
    ready = [ident for ident, count in waiting.items() if count == 0]
    passed = 0
    while ready:
        passed += 1
        for successor in successors.get(ready.pop(), ()):
            waiting[successor] -= 1
            if waiting[successor] == 0:
                ready.append(successor)
    return passed == len(waiting)


def cycle_diagnostics(portfolio: Portfolio) -> list[Diagnostic]:
    """A ``cycle`` diagnostic per relation cycle, spelling the cycle out with every relation's place.

    Which relation is the mistake cannot be known, so the message names the
    place of each, and the diagnostic is located at the relation declared last
    (in file order: most likely the one just added).

    Examples:
        >>> from portfolio.model import Activity, Portfolio, Relation, Source
        >>> p = Portfolio(activities=[Activity(id="a"), Activity(id="b")],
        ...               relations=[Relation(predecessor="a", successor="b", source=Source("x.yaml", 9, 5)),
        ...                          Relation(predecessor="b", successor="a", source=Source("x.yaml", 4, 5))])
        >>> print(cycle_diagnostics(p)[0])
        x.yaml:9:5: error[cycle]: relations form a cycle: a -> b (x.yaml:9:5) -> a (x.yaml:4:5); remove or reverse one of these relations: a -> b, b -> a
    """
    found = []
    for cycle in find_cycles(portfolio):
        steps = [cycle[0].predecessor]
        steps += [f"{r.successor} ({r.source})" if r.source is not None else r.successor for r in cycle]
        last = max(cycle, key=_declared)
        found.append(
            diagnostic(
                "cycle",
                "relations form a cycle: " + " -> ".join(steps),
                source=last.source,
                subject=last.successor,
                hint="remove or reverse one of these relations: "
                + ", ".join(f"{r.predecessor} -> {r.successor}" for r in cycle),
            )
        )
    return found


def _declared(relation: Relation) -> tuple[int, str, int, int]:
    """Where a relation is declared, in file order (relations without a place first)."""
    source = relation.source
    if source is None:
        return (0, "", 0, 0)
    return (1, source.file, source.line, source.column)
