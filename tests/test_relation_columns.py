"""The relations as integer columns (`portfolio.graph.relation_columns`): read once, by the loader's cycle check or the
first compile, and shared by both.

The columns are checked against a plain reading of the records written here (one relation at a time, the meaning of
each field), the cycle test against networkx, the core's topology from the loader's generations against the one it
computes itself, and the columns' lifetime against the portfolio's.
"""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from pathlib import Path

import attrs
import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio import _compile, _cpm, graph
from portfolio.calendar import HORIZON_FIRST, HORIZON_LAST, builtin, resolve
from portfolio.graph import TYPE_CODES, cycle_diagnostics, relation_columns
from portfolio.io.yaml import load_portfolio
from portfolio.model import (
    Activity,
    Constraint,
    ConstraintType,
    Duration,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
    Source,
)
from portfolio.scheduling import schedule

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"
START = dt.date(2024, 1, 8)
DECLARED = [f"a{i}" for i in range(8)]
NAMES = [*DECLARED, "ghost", "a"]  # two undeclared ids: relations naming them are left out

relations = st.builds(
    Relation,
    predecessor=st.sampled_from(NAMES),
    successor=st.sampled_from(NAMES),
    type=st.sampled_from(list(RelationType)),
    lag=st.builds(Duration, st.integers(-5, 10), st.booleans()),
)


@st.composite
def portfolios(draw: st.DrawFn) -> Portfolio:
    """Some of the declared activities, in any order, and relations among them and undeclared ids (duplicates too)."""
    ids = draw(st.permutations(DECLARED))[: draw(st.integers(0, len(DECLARED)))]
    rels = draw(st.lists(relations, max_size=25))
    if rels and draw(st.booleans()):
        rels += rels[: draw(st.integers(1, len(rels)))]  # the same relations declared twice
    return Portfolio(settings=PortfolioSettings(start=START),
                     activities=[Activity(id=i, duration=Duration(len(i))) for i in ids], relations=rels)


def plain_reading(p: Portfolio) -> dict[str, list[int]]:
    """The columns as read one relation at a time: what the compile stage read before the columns were shared."""
    number = {ident: k for k, ident in enumerate(p.activities)}
    found: dict[str, list[int]] = {name: [] for name in ("pred", "succ", "rtype", "lag", "elapsed_lag", "unknown")}
    for k, rel in enumerate(p.relations):
        if rel.predecessor not in number or rel.successor not in number:
            found["unknown"].append(k)
            continue
        found["pred"].append(number[rel.predecessor])
        found["succ"].append(number[rel.successor])
        found["rtype"].append({"FS": _cpm.FS, "SS": _cpm.SS, "FF": _cpm.FF, "SF": _cpm.SF}[rel.type.value])
        found["lag"].append(0 if rel.lag.elapsed else rel.lag.days)
        found["elapsed_lag"].append(rel.lag.days if rel.lag.elapsed else 0)
    return found


def declared_graph(p: Portfolio) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_nodes_from(p.activities)
    g.add_edges_from((r.predecessor, r.successor) for r in p.relations
                     if r.predecessor in p.activities and r.successor in p.activities)
    return g


@settings(max_examples=200, deadline=None)
@given(portfolios())
def test_the_columns_are_the_plain_reading_of_the_records_and_the_compile_uses_them(p: Portfolio) -> None:
    cols = relation_columns(p)
    assert plain_reading(p) == {name: getattr(cols, name).tolist() for name in plain_reading(p)}
    assert (cols.ids, dict(cols.index)) == (tuple(p.activities), {i: k for k, i in enumerate(p.activities)})
    assert cols.acyclic == nx.is_directed_acyclic_graph(declared_graph(p))  # a self-loop is a cycle
    assert cols.generations.tolist() == _cpm.levels(len(p.activities), cols.pred, cols.succ).tolist()
    net = _compile.compiled(p, START)
    assert all(getattr(net, name) is getattr(cols, name) for name in ("pred", "succ", "rtype", "lag", "elapsed_lag"))
    assert net.index is cols.index
    unknown = [(d.code, d.subject) for d in net.relation_notes]
    missing = [r.predecessor if r.predecessor not in p.activities else r.successor
               for k, r in enumerate(p.relations) if k in set(cols.unknown.tolist())]
    assert [("unknown-ref", m) for m in missing] == unknown


@settings(max_examples=200, deadline=None)
@given(portfolios(), st.data())
def test_a_topology_from_the_loaders_generations_is_the_one_the_core_computes(p: Portfolio, data: st.DataObject) -> None:
    cols = relation_columns(p)
    n = len(p.activities)
    done = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    ours = _cpm.topology(n, cols.pred, cols.succ, done, generations=cols.generations)
    theirs = _cpm.topology(n, cols.pred, cols.succ, done)
    for field in attrs.fields(_cpm.Topology):
        if field.name != "memo":
            assert np.array_equal(getattr(ours, field.name), getattr(theirs, field.name)), field.name


def test_the_loaders_cycle_check_leaves_the_columns_the_first_schedule_uses() -> None:
    """A loaded portfolio's first schedule does not read its relations again."""
    p = load_portfolio(EXAMPLE).portfolio
    cols = graph._BY_PORTFOLIO[id(p)][1]  # left by the cycle check
    assert cols.relations is p.relations
    assert relation_columns(p) is cols
    net = _compile.compiled(p, START)
    assert all(getattr(net, name) is getattr(cols, name) for name in ("pred", "succ", "rtype", "generations"))
    prob = _compile.problem(p)
    assert prob.shape.order.tolist() == _cpm.topology(net.n, net.pred, net.succ, prob.core.done).order.tolist()


def test_a_cycle_is_found_on_the_columns_and_spelled_out_as_before() -> None:
    p = Portfolio(activities=[Activity(id=i) for i in "abcd"],
                  relations=[Relation(predecessor="a", successor="b", source=Source("f.yaml", 1, 1)),
                             Relation(predecessor="b", successor="c", source=Source("f.yaml", 2, 1)),
                             Relation(predecessor="c", successor="a", source=Source("f.yaml", 3, 1)),
                             Relation(predecessor="c", successor="ghost", source=Source("f.yaml", 4, 1)),
                             Relation(predecessor="d", successor="d", source=Source("f.yaml", 5, 1))])
    assert not relation_columns(p).acyclic
    assert relation_columns(p).generations.tolist() == [-1, -1, -1, -1]
    found = cycle_diagnostics(p)
    assert [(d.code, d.source) for d in found] == [("cycle", Source("f.yaml", 3, 1)), ("cycle", Source("f.yaml", 5, 1))]
    assert found[0].message == "relations form a cycle: a -> b (f.yaml:1:1) -> c (f.yaml:2:1) -> a (f.yaml:3:1)"


def test_evolve_shares_the_columns_only_with_the_same_relations_and_activities() -> None:
    p = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"),
                  activities=[Activity(id=i, duration=Duration(3)) for i in "abcd"],
                  relations=[Relation(predecessor="a", successor="b"), Relation(predecessor="b", successor="c"),
                             Relation(predecessor="c", successor="d", type=RelationType.SS, lag=Duration(1))])
    cols = relation_columns(p)
    same = attrs.evolve(p, settings=attrs.evolve(p.settings, critical_float=1))
    assert relation_columns(same) is cols
    fewer = attrs.evolve(p, relations=p.relations[:2])
    reordered = attrs.evolve(p, activities=list(reversed(p.activities.values())))
    longer = attrs.evolve(p, activities={**p.activities, "b": Activity(id="b", duration=Duration(9))})
    for other in (fewer, reordered, longer):
        assert relation_columns(other) is not cols
        fresh = attrs.evolve(other, activities=[attrs.evolve(a) for a in other.activities.values()],
                             relations=[attrs.evolve(r) for r in other.relations])  # nothing shared
        assert {r.id: r for r in schedule(other)} == {r.id: r for r in schedule(fresh)}
    assert schedule(fewer).finish < schedule(p).finish < schedule(longer).finish
    assert relation_columns(reordered).pred.tolist() == [3, 2, 1]


def test_a_dropped_portfolio_frees_its_columns() -> None:
    p = Portfolio(settings=PortfolioSettings(start=START), activities=[Activity(id=i) for i in "ab"],
                  relations=[Relation(predecessor="a", successor="b")])
    cols = relation_columns(p)
    schedule(p)  # the compiled network holds the arrays, not the columns; it too goes with the portfolio
    twin = attrs.evolve(p)
    assert relation_columns(twin) is cols
    entries = {key: graph._BY_PORTFOLIO[key][0] for key in (id(p), id(twin))}  # the weak references
    by_relations = (id(p.relations), graph._BY_RELATIONS[id(p.relations)])
    gone = weakref.ref(cols)
    del cols, p
    gc.collect()
    assert gone() is not None  # the twin still uses them
    del twin
    gc.collect()
    assert gone() is None
    assert all(graph._BY_PORTFOLIO.get(key, (None,))[0] is not ref for key, ref in entries.items())
    assert graph._BY_RELATIONS.get(by_relations[0]) is not by_relations[1]


def test_the_type_codes_are_the_cores() -> None:
    assert dict(TYPE_CODES) == {RelationType.FS: _cpm.FS, RelationType.SS: _cpm.SS, RelationType.FF: _cpm.FF,
                                RelationType.SF: _cpm.SF}


dates = st.dates(dt.date(1990, 1, 1), dt.date(2300, 12, 31))  # some outside the calendars' years
activity_rows = st.builds(
    Activity,
    id=st.just(""),
    duration=st.builds(Duration, st.integers(-3, 20), st.booleans()),
    calendar=st.sampled_from([None, None, "standard", "nl", "nope"]),
    constraint=st.none() | st.builds(Constraint, type=st.sampled_from(list(ConstraintType)), date=dates),
    deadline=st.none() | dates,
    manual=st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(activity_rows, max_size=12), st.sampled_from(["rijk", "standard"]))
def test_the_activity_columns_are_each_activitys_own_calendar_indices(rows: list[Activity], default: str) -> None:
    """Durations, constraints and deadlines as compiled: checked one activity at a time against its calendar."""
    acts = [attrs.evolve(a, id=f"a{k}") for k, a in enumerate(rows)]
    p = Portfolio(settings=PortfolioSettings(start=START, calendar=default), activities=acts)
    net = _compile.compiled(p, START)
    for k, act in enumerate(acts):
        cal = resolve(act.calendar or default, {}) if act.calendar != "nope" else builtin("rijk")
        assert net.calendar_ids[k] == cal.id
        assert (net.duration[k], net.elapsed[k], net.manual[k]) == (max(act.duration.days, 0), act.duration.elapsed,
                                                                    act.manual)
        con = act.constraint
        inside = con is not None and con.type is not ConstraintType.ASAP and HORIZON_FIRST <= con.date <= HORIZON_LAST
        expected = (con.type.value, cal.index(con.date), cal.finish_index(con.date)) if inside else ("", 0, 0)  # type: ignore[union-attr]
        codes = {0: "", _compile.SNET: "SNET", _compile.FNET: "FNET", _compile.MSO: "MSO", _compile.MFO: "MFO",
                 _compile.SNLT: "SNLT", _compile.FNLT: "FNLT"}
        assert (codes[int(net.constraint[k])], net.constraint_start[k], net.constraint_finish[k]) == expected
        deadline = act.deadline
        shown = cal.finish_index(deadline) if deadline is not None and HORIZON_FIRST <= deadline <= HORIZON_LAST \
            else _cpm.BIG
        assert net.deadline[k] == shown
    outside = sum((a.constraint is not None and a.constraint.type is not ConstraintType.ASAP
                   and not HORIZON_FIRST <= a.constraint.date <= HORIZON_LAST)
                  + (a.deadline is not None and not HORIZON_FIRST <= a.deadline <= HORIZON_LAST) for a in acts)
    assert outside == sum(note[2].code == "constraint-unsatisfiable" for note in net.open_notes)


_FIXTURES = Path(__file__).parent / "fixtures" / "diagnostics"
_LOADED = sorted([EXAMPLE, *(p for folder in (_FIXTURES, _FIXTURES / "schedule", _FIXTURES / "rules") if folder.is_dir()
                             for p in folder.iterdir() if p.suffix in (".yaml", "") and not p.name.startswith((".", "_"))
                             )], key=str)
_FIELDS = ("pred", "succ", "rtype", "lag", "elapsed_lag", "unknown", "generations")


def test_the_loader_numbers_the_relations_as_a_reading_of_the_records_would() -> None:
    """For the example and every diagnostics fixture: the columns the loader numbered while it made the relations
    (`graph.remember_columns`) equal the columns read off the loaded records (`graph._read`)."""
    numbered = 0
    for path in _LOADED:
        p = load_portfolio(path).portfolio
        kept = graph._BY_PORTFOLIO[id(p)][1]
        read = graph._read(p)
        assert kept is not read
        assert kept.ids == read.ids, path
        assert dict(kept.index) == dict(read.index), path
        assert kept.acyclic == read.acyclic, path
        for name in _FIELDS:
            assert getattr(kept, name).tolist() == getattr(read, name).tolist(), (path, name)
        numbered += len(p.relations)
    assert numbered > 200  # the example's relations among them


def test_a_numbering_that_does_not_fit_is_not_kept() -> None:
    acts = [Activity(id="a"), Activity(id="b")]
    p = Portfolio(activities=acts, relations=[Relation(predecessor="a", successor="b", lag=Duration(2))])
    graph.remember_columns(p, ("b", "a"), graph.RelationNumbers([1], [0], [_cpm.FS], [2], [False]))  # other order
    graph.remember_columns(p, ("a", "b"), graph.RelationNumbers([0, 0], [1, 1], [0, 0], [2, 2], [False] * 2))  # too many
    assert id(p) not in graph._BY_PORTFOLIO
    assert relation_columns(p).pred.tolist() == [0]
    assert relation_columns(p).lag.tolist() == [2]
