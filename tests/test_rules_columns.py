"""The DCMA checks and the rules' network on columns agree with a plain reading of each record.

The rules select with numpy masks over the schedule's and the relations' columns
(`portfolio.rules._columns`); each test here computes the same figure the plain way,
one record at a time as the DCMA definition reads (the way the rules computed it
before), on Hypothesis-generated portfolios: every relation type, leads and lags,
constraints, progress, baselines, and relations or baseline entries naming an
activity that is not declared.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from export_strategies import portfolios
from portfolio.model import (
    Activity,
    ActivityKind,
    BaselineEntry,
    Duration,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
)
from portfolio.rules import dcma
from portfolio.rules._columns import places
from portfolio.rules._network import Network, cutovers
from portfolio.scheduling import ActivitySchedule, Progress, Schedule, schedule

CHEAP = settings(max_examples=60, deadline=None)


@st.composite
def untidy(draw: st.DrawFn) -> Portfolio:
    """A random portfolio, sometimes with relations to or from an undeclared activity and baseline entries for one,
    its baselines' entries in a shuffled order, and kinds (cutover, go/no-go) on some activities."""
    portfolio = draw(portfolios())
    ids = list(portfolio.activities)
    relations = list(portfolio.relations)
    for _ in range(draw(st.integers(0, 3))):
        known = draw(st.sampled_from(ids))
        ghost = draw(st.sampled_from(["ghost", "other"]))
        pair = (ghost, known) if draw(st.booleans()) else (known, ghost)
        relations.insert(draw(st.integers(0, len(relations))), Relation(
            predecessor=pair[0], successor=pair[1], type=draw(st.sampled_from(list(RelationType))),
            lag=Duration(draw(st.integers(-2, 3)))))
    baselines = []
    for baseline in portfolio.baselines.values():
        entries = list(baseline.entries.values())
        if draw(st.booleans()):
            entries = draw(st.permutations(entries))
        if draw(st.booleans()):
            day = dt.date(2024, 1, 10)
            entries.append(BaselineEntry(activity="ghost", start=day, finish=day))
        baselines.append(attrs.evolve(baseline, entries={e.activity: e for e in entries}))
    kinds = [draw(st.sampled_from([ActivityKind.TASK, ActivityKind.CUTOVER, ActivityKind.GO_NO_GO]))
             for _ in ids]
    activities = [attrs.evolve(a, kind=k) for a, k in zip(portfolio.activities.values(), kinds, strict=True)]
    return attrs.evolve(portfolio, relations=relations, baselines=baselines, activities=activities)


def _todo(plan: Schedule) -> list[ActivitySchedule]:
    return [a for a in plan if a.progress is not Progress.FINISHED]


def _open_relations(portfolio: Portfolio, plan: Schedule) -> list[Relation]:
    todo = {a.id for a in _todo(plan)}
    return [r for r in portfolio.relations if r.successor in todo and r.predecessor in plan]


def _plain(portfolio: Portfolio, plan: Schedule) -> dict[int, tuple[Any, ...]]:
    """Checks 1 to 9, 11 and 14 read one record at a time: (offenders, the count they are a share of)."""
    todo = _todo(plan)
    has_pred = {r.successor for r in portfolio.relations}
    has_succ = {r.predecessor for r in portfolio.relations}
    rels = _open_relations(portfolio, plan)
    found: dict[int, tuple[Any, ...]] = {
        1: ([a.id for a in todo if a.id not in has_pred or a.id not in has_succ], len(todo)),
        2: ([f"{r.predecessor}->{r.successor}" for r in rels if r.lag.days < 0], None),
        3: ([f"{r.predecessor}->{r.successor}" for r in rels if r.lag.days > 0], len(rels)),
        4: ([f"{r.predecessor}->{r.successor} {r.type.value}" for r in rels if r.type is not RelationType.FS],
            len(rels)),
        5: ([a.id for a in todo if (c := portfolio.activities[a.id].constraint) is not None and c.type.is_hard],
            len(todo)),
        6: ([a.id for a in todo if a.total_float > 44], len(todo)),
        7: ([a.id for a in todo if a.total_float < 0], None),
        8: ([a.id for a in todo if a.duration > 44], len(todo)),
    }
    status = plan.status_date
    if status is not None:
        found[9] = ([a.id for a in todo if (a.progress is Progress.NOT_STARTED and a.start < status)
                     or a.finish < status], None)
    baseline = portfolio.baseline_as_of(status)
    if baseline is not None and status is not None:
        due = [e for e in baseline.entries.values() if e.finish <= status and e.activity in plan]
        found[11] = ([e.activity for e in due if plan[e.activity].progress is not Progress.FINISHED
                      or plan[e.activity].finish > e.finish], len(due))
        found[14] = ([e.activity for e in baseline.entries.values() if e.finish <= status and e.activity in plan
                      and plan[e.activity].progress is not Progress.FINISHED], None)
    return found


@CHEAP
@given(untidy())
def test_the_checks_on_columns_name_what_a_plain_reading_names(portfolio: Portfolio) -> None:
    plan = schedule(portfolio)
    metrics = {m.number: m for m in dcma.metrics(portfolio, plan)}
    for number, (offenders, whole) in _plain(portfolio, plan).items():
        metric = metrics[number]
        if number == 9:  # the actual dates after the status date join these (few records: read as before)
            assert set(offenders) <= set(metric.offenders)
            continue
        assert list(metric.offenders) == offenders, number
        if whole is not None and number != 4:
            assert metric.value == (100.0 * len(offenders) / whole if whole else 0.0), number
    rels = _open_relations(portfolio, plan)
    fs = sum(r.type is RelationType.FS for r in rels)
    assert metrics[4].value == (100.0 * fs / len(rels) if rels else 100.0)


@CHEAP
@given(untidy())
def test_a_finding_names_the_first_five_and_counts_the_rest(portfolio: Portfolio) -> None:
    """The finding (made from offenders counted, not named) says what the fully named metric says."""
    plan = schedule(portfolio)
    for rule, metric in zip(dcma.RULES, dcma.metrics(portfolio, plan), strict=True):
        findings = list(rule(portfolio, plan))
        if metric.passed is not False:
            assert findings == []
            continue
        (finding,) = findings
        named = metric.offenders
        assert finding.params["offenders"] == ", ".join(named[:5])
        assert finding.params["more"] == len(named) - 5


@CHEAP
@given(untidy())
def test_the_critical_path_test_and_cpli_pick_the_record_a_plain_reading_picks(portfolio: Portfolio) -> None:
    plan = schedule(portfolio)
    records = list(plan)
    last = max(records, key=lambda a: a.finish, default=None)
    assert dcma._last(portfolio, plan) == last
    tasks = [a for a in records if a.progress is Progress.NOT_STARTED and not a.milestone]
    assert dcma._most_critical_task(portfolio, plan) == sorted(tasks, key=lambda a: a.total_float)[:1]


def _walk(edges: dict[str, list[str]], start: str, within: set[str] | None) -> set[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        for nxt in edges.get(stack.pop(), ()):
            if nxt not in seen and (within is None or nxt in within):
                seen.add(nxt)
                stack.append(nxt)
    return seen


@CHEAP
@given(untidy(), st.data())
def test_the_network_on_columns_walks_as_the_relation_records_do(portfolio: Portfolio, data: st.DataObject) -> None:
    preds: dict[str, list[str]] = {}
    succs: dict[str, list[str]] = {}
    for r in portfolio.relations:
        preds.setdefault(r.successor, []).append(r.predecessor)
        succs.setdefault(r.predecessor, []).append(r.successor)
    network = Network.of(portfolio)
    assert dict(network.preds) == preds
    assert dict(network.succs) == succs
    assert [network.preds.get(a) for a in portfolio.activities] == [preds.get(a) for a in portfolio.activities]
    names = [*portfolio.activities, "ghost", "nowhere"]
    within = set(data.draw(st.lists(st.sampled_from(names)))) if data.draw(st.booleans()) else None
    for name in names:
        assert network.ancestors(name, within) == _walk(preds, name, within)
        assert network.descendants(name) == _walk(succs, name, None)


@CHEAP
@given(untidy(), st.sets(st.sampled_from(["cutover", "go-no-go", "task"]), min_size=1))
def test_cutovers_by_kind_are_the_activities_of_those_kinds_in_order(portfolio: Portfolio, kinds: set[str]) -> None:
    wanted = {ActivityKind(k) for k in kinds}
    assert list(cutovers(portfolio, kinds)) == [a for a in portfolio.activities.values() if a.kind in wanted]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from("abcdefghij"), unique=True), st.lists(st.sampled_from("abcdefghijxyz")))
def test_places_are_what_a_lookup_per_id_gives(order: list[str], names: list[str]) -> None:
    index = {k: i for i, k in enumerate(order)}
    assert places(tuple(names), tuple(order), index).tolist() == [index.get(n, -1) for n in names]


def test_a_baseline_of_the_plan_in_its_order_is_placed_beside_it() -> None:
    """The common case: the entries follow the plan, with activities added since and one dropped."""
    order = tuple(f"a{i}" for i in range(1000))
    names = ("new", *order[:400], *order[401:])
    found = places(names, order, {k: i for i, k in enumerate(order)}).tolist()
    assert found == [-1, *range(400), *range(401, 1000)]


def test_metric_offenders_named_on_first_access_compare_like_a_tuple() -> None:
    """A metric made from counted offenders equals (and shows as) one given its offenders."""
    p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
                  activities=[Activity(id="a"), Activity(id="b")])
    counted = dcma.logic_metric(p, schedule(p))
    given_ = attrs.evolve(counted, offenders=("a", "b"))
    assert "offenders=('a', 'b')" in repr(counted)
    assert counted == given_
    assert counted != attrs.evolve(counted, offenders=("a",))
    assert counted.offenders == ("a", "b")
