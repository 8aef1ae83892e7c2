"""The portfolio as graphs: activities and their relations, and services and their dependencies.

Users get plain `networkx.DiGraph` objects to explore in a notebook;
the scheduler does not use networkx. The relations as integer columns
(`relation_columns`: each relation's ends as activity numbers, its type
and lag) are read once per portfolio: the loader's cycle check reads them
and leaves them where the scheduler's compile stage finds them. networkx
is imported only when a graph is asked for, or a cycle has to be spelled out.

Examples:
    >>> from portfolio.model import Activity, Duration, Portfolio, Relation
    >>> p = Portfolio(activities=[Activity(id="a", duration=Duration(2)), Activity(id="b")],
    ...               relations=[Relation(predecessor="a", successor="b")])
    >>> g = activity_graph(p)
    >>> list(g.edges(data="type"))
    [('a', 'b', <RelationType.FS: 'FS'>)]
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from itertools import repeat
from operator import attrgetter
from types import MappingProxyType
from typing import Any, Final, NamedTuple

import attrs
import numpy as np
import numpy.typing as npt

from portfolio import _cpm
from portfolio.diagnostics import Diagnostic, diagnostic
from portfolio.model import Activity, Portfolio, Relation, Relations, RelationType

__all__ = ["TYPE_CODES", "RelationColumns", "RelationNumbers", "activity_graph", "cycle_diagnostics", "find_cycles",
           "relation_columns", "remember_columns", "service_graph"]

IntArray = npt.NDArray[np.int64]


def activity_graph(portfolio: Portfolio) -> Any:
    """A DiGraph with one node per activity (attribute ``activity``) and one edge per relation.

    Edge attributes: ``type`` (RelationType), ``lag`` (Duration) and ``relation``.
    Relations naming an undeclared activity are left out.
    """
    import networkx as nx  # noqa: PLC0415 - only when a graph is asked for

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
    import networkx as nx  # noqa: PLC0415 - only when a graph is asked for

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

    Whether there is one at all is found on the relations' integer columns
    (`relation_columns`: Kahn's generations in numpy, no graph built); only a
    portfolio with a cycle gets the networkx graph that spells it out.

    Examples:
        >>> from portfolio.model import Activity, Portfolio, Relation
        >>> p = Portfolio(activities=[Activity(id="a"), Activity(id="b")],
        ...               relations=[Relation(predecessor="a", successor="b"),
        ...                          Relation(predecessor="b", successor="a")])
        >>> [[r.predecessor for r in cycle] for cycle in find_cycles(p)]
        [['a', 'b']]
    """
    if relation_columns(portfolio).acyclic:
        return []  # the usual case, found without building the graph
    import networkx as nx  # noqa: PLC0415 - only to spell a cycle out

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


TYPE_CODES: Final = MappingProxyType({RelationType.FS: _cpm.FS, RelationType.SS: _cpm.SS, RelationType.FF: _cpm.FF,
                                      RelationType.SF: _cpm.SF})
"""Relation type -> the core's code (`RelationColumns.rtype`)."""


@attrs.frozen(eq=False)
class RelationColumns:
    """A portfolio's relations as integer columns: what the cycle check and the scheduler read off them.

    Activities are numbered in file order (``ids``, ``index``). The columns
    hold the relations between declared activities, in file order; a relation
    naming an undeclared activity is left out and its place in
    ``Portfolio.relations`` listed in ``unknown``. Made by `relation_columns`,
    once per portfolio. The arrays are read-only.
    """

    relations: Sequence[Relation] = attrs.field(repr=False)
    """the relations read (``Portfolio.relations``, the same object)"""
    activities: Mapping[str, Activity] = attrs.field(repr=False)
    """the mapping of activities whose ids number the ends (``Portfolio.activities``, the same object)"""
    ids: tuple[str, ...]
    """activity ids by number (file order)"""
    index: Mapping[str, int]
    """activity id -> number"""
    pred: IntArray
    """per relation kept: the predecessor's number"""
    succ: IntArray
    rtype: IntArray
    """type code (`TYPE_CODES`)"""
    lag: IntArray
    """working days (0 for an elapsed lag)"""
    elapsed_lag: IntArray
    """calendar days (0 for a working-day lag)"""
    unknown: IntArray
    """places in ``relations`` of the relations left out (naming an undeclared activity)"""
    generations: IntArray
    """each activity's topological generation over the kept relations (`_cpm.levels`), -1 in or after a cycle"""
    acyclic: bool
    """the kept relations form no cycle (a self-loop is one)"""


_GET_PREDECESSOR: Final = attrgetter("predecessor")
_GET_SUCCESSOR: Final = attrgetter("successor")
_GET_TYPE: Final = attrgetter("type")
_GET_LAG: Final = attrgetter("lag")
_GET_DAYS: Final = attrgetter("days")
_GET_ELAPSED: Final = attrgetter("elapsed")
"""Field readers: one C-level pass over the records per field."""

_BY_PORTFOLIO: dict[int, tuple[weakref.ref[Portfolio], RelationColumns]] = {}
"""id(portfolio) -> (a weak reference to it, its columns); the reference's callback drops the entry, so the columns live
as long as a portfolio they belong to (portfolios cannot be hashed: no WeakKeyDictionary)."""
_BY_RELATIONS: dict[int, weakref.ref[RelationColumns]] = {}
"""id(relations) -> the columns read from that tuple of relations. The columns hold the tuple, so while the reference lives
the id is that tuple's; a portfolio made by ``attrs.evolve`` that keeps both the relations and the activities of one
read before finds its columns here."""


def relation_columns(portfolio: Portfolio) -> RelationColumns:
    """The portfolio's relations as integer columns, read once per portfolio and remembered while it lives.

    A portfolio made with ``attrs.evolve`` that keeps the same tuple of
    relations and the same mapping of activities (the same objects) gets
    the same columns; any other portfolio has its relations read.

    Examples:
        >>> from portfolio.model import Activity, Duration, Portfolio, Relation, RelationType
        >>> p = Portfolio(activities=[Activity(id="a"), Activity(id="b")],
        ...               relations=[Relation(predecessor="a", successor="b", type=RelationType.SS,
        ...                                   lag=Duration(2)),
        ...                          Relation(predecessor="a", successor="nope")])
        >>> cols = relation_columns(p)
        >>> cols.pred.tolist(), cols.succ.tolist(), cols.rtype.tolist(), cols.lag.tolist(), cols.unknown.tolist()
        ([0], [1], [1], [2], [1])
        >>> cols.acyclic, relation_columns(p) is cols
        (True, True)
    """
    hit = _BY_PORTFOLIO.get(id(portfolio))
    if hit is not None and hit[0]() is portfolio and _fits(hit[1], portfolio):
        return hit[1]
    ref = _BY_RELATIONS.get(id(portfolio.relations))
    columns = ref() if ref is not None else None
    if columns is None or not _fits(columns, portfolio):
        columns = _read(portfolio)
    _remember(portfolio, columns)
    return columns


def remember_columns(portfolio: Portfolio, ids: tuple[str, ...], numbers: RelationNumbers) -> None:
    """Keep the relation columns a reader made while it built the relations, for `relation_columns` to return.

    The loader numbers every relation's ends as it makes the relation (it looks them up anyway), so the
    cycle check and the compile stage need not read the records again. Nothing is kept unless ``ids`` are
    the portfolio's activity ids in order and there is one number per relation (a reader's numbering that
    does not fit is ignored: the columns are read off the records instead).

    Args:
        portfolio: the portfolio the relations belong to.
        ids: the activity ids the reader numbered, in that order.
        numbers: per relation of ``portfolio.relations``, in order: predecessor and successor numbers, type
            code (`TYPE_CODES`), lag days and whether the lag is elapsed.

    Examples:
        >>> from portfolio.model import Activity, Portfolio, Relation
        >>> p = Portfolio(activities=[Activity(id="a"), Activity(id="b")],
        ...               relations=[Relation(predecessor="a", successor="b")])
        >>> remember_columns(p, ("a", "b"), RelationNumbers([0], [1], [_cpm.FS], [0], [False]))
        >>> relation_columns(p).pred.tolist(), relation_columns(p).acyclic
        ([0], True)
    """
    activities = portfolio.activities
    if tuple(activities) != ids or any(len(column) != len(portfolio.relations) for column in numbers):
        return
    index = dict(zip(ids, range(len(ids)), strict=True))
    _remember(portfolio, _columns(portfolio, ids, index, numbers, np.zeros(0, dtype=np.int64)))


class RelationNumbers(NamedTuple):
    """The relations' fields as numbers, one list entry per relation (what `remember_columns` takes)."""

    pred: list[int]
    succ: list[int]
    rtype: list[int]
    days: list[int]
    elapsed: list[bool]


def _remember(portfolio: Portfolio, columns: RelationColumns) -> None:
    """Keep ``columns`` for ``portfolio`` (while it lives) and for its tuple of relations (while they live)."""
    key, rkey = id(portfolio), id(portfolio.relations)
    ref = _BY_RELATIONS.get(rkey)
    if ref is None or ref() is not columns:
        _BY_RELATIONS[rkey] = weakref.ref(columns, lambda ref, rkey=rkey: _forget(rkey, ref))  # type: ignore[misc]
    _BY_PORTFOLIO[key] = (weakref.ref(portfolio, lambda _, key=key: _BY_PORTFOLIO.pop(key, None)),  # type: ignore[misc]
                          columns)


def _fits(columns: RelationColumns, portfolio: Portfolio) -> bool:
    return columns.relations is portfolio.relations and columns.activities is portfolio.activities


def _forget(key: int, ref: weakref.ref[RelationColumns]) -> None:
    """Drop the entry of columns that are gone (only their own: other columns may have taken the key since)."""
    if _BY_RELATIONS.get(key) is ref:
        del _BY_RELATIONS[key]


def _numbers(index: Mapping[str, int], rels: Sequence[Relation], end: attrgetter[str]) -> IntArray:
    """The activity number at one end of each relation, -1 for an undeclared one.

    One C-level pass that reads the id and looks it up while the id is in the cache; the fallback
    (``get`` with a default, slower) only when an id is unknown.
    """
    try:
        return np.array(list(map(index.__getitem__, map(end, rels))), dtype=np.int64)
    except KeyError:
        return np.array(list(map(index.get, map(end, rels), repeat(-1))), dtype=np.int64)


def _read(portfolio: Portfolio) -> RelationColumns:
    """Read the relations off the records: one C-level pass per field into a list, then an array.

    Each pass over the records costs about a cache miss per record (a loaded portfolio's records lie
    among all the others): the ends are looked up in the pass that reads them, and the lags (a few
    distinct objects) are read once, their two fields off that list. Measured and set aside: one pass
    reading every field as a tuple (the tuples cost far more than the passes they save).
    """
    rels = portfolio.relations
    ids = tuple(portfolio.activities)
    index = dict(zip(ids, range(len(ids)), strict=True))
    if type(rels) is Relations and rels.ids == ids:  # numbered by these activities already: no record read
        return _columns(portfolio, ids, index, (rels.pred, rels.succ, rels.rtype, rels.days, rels.elapsed),
                        np.zeros(0, dtype=np.int64))
    pred = _numbers(index, rels, _GET_PREDECESSOR)
    succ = _numbers(index, rels, _GET_SUCCESSOR)
    lags = list(map(_GET_LAG, rels))
    numbers = (pred, succ, list(map(TYPE_CODES.__getitem__, map(_GET_TYPE, rels))), list(map(_GET_DAYS, lags)),
               list(map(_GET_ELAPSED, lags)))
    bad = (pred < 0) | (succ < 0)
    return _columns(portfolio, ids, index, numbers, np.flatnonzero(bad))


def _columns(portfolio: Portfolio, ids: tuple[str, ...], index: dict[str, int], numbers: Sequence[Any],
             unknown: IntArray) -> RelationColumns:
    """The columns of ``numbers`` (per relation: predecessor, successor, type code, lag days, elapsed), the
    relations at the places ``unknown`` left out; their generations and whether they form no cycle."""
    pred, succ, rtype, days, elapsed = (np.asarray(numbers[0], dtype=np.int64), np.asarray(numbers[1], dtype=np.int64),
                                        np.array(numbers[2], dtype=np.int64), np.array(numbers[3], dtype=np.int64),
                                        np.array(numbers[4], dtype=bool))
    if unknown.size:
        ok = np.ones(len(pred), dtype=bool)
        ok[unknown] = False
        pred, succ, rtype, days, elapsed = pred[ok], succ[ok], rtype[ok], days[ok], elapsed[ok]
    generations = _cpm.levels(len(ids), pred, succ)
    arrays = {"pred": pred, "succ": succ, "rtype": rtype, "lag": np.where(elapsed, 0, days),
              "elapsed_lag": np.where(elapsed, days, 0), "unknown": unknown, "generations": generations}
    for array in arrays.values():
        array.setflags(write=False)
    return RelationColumns(relations=portfolio.relations, activities=portfolio.activities, ids=ids,
                           index=MappingProxyType(index), acyclic=bool((generations >= 0).all()), **arrays)
