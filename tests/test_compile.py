"""The compiled network's entry for analyses: ``_compile.problem`` and ``Problem.with_durations``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import numpy as np
import pytest

from portfolio import _compile
from portfolio.io import load
from portfolio.model import (
    Activity,
    ActivityProgress,
    Constraint,
    ConstraintType,
    Duration,
    Portfolio,
    PortfolioSettings,
    Relation,
    StatusUpdate,
)
from portfolio.scheduling import schedule

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"
START = dt.date(2024, 1, 8)  # a Monday
FIELDS = ("es", "ef", "ls", "lf", "total_float", "free_float", "driving", "used")


def boundaries(result: object) -> dict[str, list[int]]:
    return {name: getattr(result, name).tolist() for name in FIELDS}


def progressed() -> Portfolio:
    """Finished, started and fresh work, an FNET milestone and an MSO task: everything durations feed into."""
    return Portfolio(
        settings=PortfolioSettings(start=START, calendar="standard"),
        activities=[Activity(id="a", duration=Duration(5)), Activity(id="b", duration=Duration(10)),
                    Activity(id="c", duration=Duration(4), constraint=Constraint(type=ConstraintType.MSO,
                                                                                 date=dt.date(2024, 2, 5))),
                    Activity(id="d", constraint=Constraint(type=ConstraintType.FNET, date=dt.date(2024, 3, 1))),
                    Activity(id="e", duration=Duration(3, elapsed=True))],
        relations=[Relation(predecessor="a", successor="b"), Relation(predecessor="b", successor="d"),
                   Relation(predecessor="c", successor="d"), Relation(predecessor="d", successor="e")],
        status_updates=[StatusUpdate(date=dt.date(2024, 1, 19), progress={
            "a": ActivityProgress(activity="a", actual_start=START, actual_finish=dt.date(2024, 1, 12)),
            "b": ActivityProgress(activity="b", actual_start=dt.date(2024, 1, 15))})])


def with_durations_by_hand(p: Portfolio, days: list[int]) -> Portfolio:
    """The same portfolio with these durations, as a new portfolio that derives from nothing."""
    activities = [attrs.evolve(a, duration=Duration(d, a.duration.elapsed))
                  for a, d in zip(p.activities.values(), days, strict=True)]
    return attrs.evolve(p, activities=activities)


@pytest.mark.parametrize("days", [[5, 10, 4, 0, 3], [5, 25, 9, 0, 1], [5, 2, 0, 0, 12]])
def test_with_durations_solves_as_a_full_compile_of_the_changed_portfolio(days):
    """Other durations on the compiled network give the boundaries of the changed portfolio compiled anew."""
    p = progressed()
    base = _compile.problem(p)
    changed = boundaries(base.with_durations(days).solve())
    assert changed == boundaries(_compile.problem(with_durations_by_hand(p, days)).solve())
    assert (changed == boundaries(base.solve())) == (days == [5, 10, 4, 0, 3])


def test_with_durations_on_the_example_at_each_status_date():
    """On the shipped example, at each status update: twice the durations, against a full compile."""
    p = load(EXAMPLE).portfolio
    assert p is not None
    assert p.status_updates
    for update in p.status_updates:
        base = _compile.problem(p, update.date)
        doubled = 2 * np.array([a.duration.days for a in p.activities.values()])
        by_hand = _compile.problem(with_durations_by_hand(p, doubled.tolist()), update.date)
        assert boundaries(base.with_durations(doubled).solve()) == boundaries(by_hand.solve())


def test_the_problem_is_what_schedule_solves_and_with_durations_compiles_nothing():
    """schedule() and problem() share the compiled network; other durations share its relations and topology."""
    p = progressed()
    computed = schedule(p)
    base = _compile.problem(p)
    assert base.network is _compile.compiled(p, computed.start)
    assert base.status_date == computed.status_date == dt.date(2024, 1, 19)
    other = base.with_durations([5, 12, 4, 0, 3])
    assert other.shape is base.shape
    assert other.network.pred is base.network.pred
    assert other.network.before is base.network.before
    assert other.network.duration.tolist() == [5, 12, 4, 0, 3]
    assert base.network.duration.tolist() == [5, 10, 4, 0, 3]  # the portfolio's network is not changed
    assert _compile.compiled(p, computed.start) is base.network


def test_negative_durations_count_as_zero_and_a_wrong_length_is_refused():
    p = progressed()
    base = _compile.problem(p)
    assert base.with_durations([5, -3, 4, 0, 3]).network.duration.tolist() == [5, 0, 4, 0, 3]
    with pytest.raises(ValueError, match="expected 5 durations"):
        base.with_durations([1, 2, 3])


def test_the_question_settles_the_status_date_as_schedule_does():
    """No status date: the latest update and its date; a date before the start or beyond the horizon is reported."""
    p = progressed()
    asked = _compile.question(p)
    assert (asked.update, asked.status_date, asked.start_day, asked.diagnostics) == (
        p.status_updates[-1], dt.date(2024, 1, 19), START, ())
    early = _compile.question(p, dt.date(2023, 12, 1))
    assert [d.code for d in early.diagnostics] == ["status-before-start"]
    assert early.update is None
    far = _compile.question(p, dt.date(2400, 1, 1))
    assert [d.code for d in far.diagnostics] == ["constraint-unsatisfiable"]
    assert far.status_date is None
    assert [d.code for d in schedule(p, status_date=dt.date(2400, 1, 1)).diagnostics] == ["constraint-unsatisfiable"]


def test_the_project_start_without_a_start_setting_is_the_earliest_date_given():
    p = attrs.evolve(progressed(), settings=PortfolioSettings(calendar="standard"))
    assert _compile.anchor(p, None) == START  # the actual start of 'a'
    assert _compile.anchor(Portfolio(), None) == _compile.FALLBACK_START


def test_derive_with_the_replaced_ids_patches_those_rows_and_refuses_an_id_the_parent_lacks():
    """Told which activities were replaced, derive skips comparing them all; an unknown id means a full compile."""
    p = progressed()
    base = schedule(p)
    longer = attrs.evolve(p.activities["b"], duration=Duration(60))
    child = _compile.derive(p, attrs.evolve(p, activities={**p.activities, "b": longer}), replaced=["b"])
    assert id(child) in _compile._DERIVED
    network = _compile.compiled(child, base.start)
    assert network.pred is _compile.compiled(p, base.start).pred  # derived: the relation arrays are shared
    assert list(schedule(child)) == list(schedule(attrs.evolve(child)))  # as a full compile
    assert schedule(child)["d"].start > base["d"].start
    extra = Activity(id="z", duration=Duration(1))
    grown = attrs.evolve(p, activities={**p.activities, "z": extra})
    assert id(_compile.derive(p, grown, replaced=["z"])) not in _compile._DERIVED


def fresh_copy(p: Portfolio) -> Portfolio:
    """The same portfolio made of new records (as a second load gives): it shares nothing with ``p``."""
    return attrs.evolve(p, activities=[attrs.evolve(a) for a in p.activities.values()],
                        relations=[attrs.evolve(r) for r in p.relations])


def test_a_portfolio_sharing_its_relations_shares_their_arrays_and_topology_and_schedules_alike():
    """``attrs.evolve`` keeps the tuple of relations: its arrays, diagnostics and the core's topologies are not read again."""
    p = attrs.evolve(progressed(), relations=[*progressed().relations, Relation(predecessor="x", successor="e")])
    base = schedule(p)
    q = attrs.evolve(p, settings=attrs.evolve(p.settings, critical_float=2))  # a full compile, same relations
    assert q.relations is p.relations
    assert id(q) not in _compile._DERIVED
    net, parent = _compile.compiled(q, base.start), _compile.compiled(p, base.start)
    assert net is not parent
    assert all(getattr(net, name) is getattr(parent, name)
               for name in ("pred", "succ", "rtype", "lag", "elapsed_lag", "relation_notes", "shapes"))
    assert _compile.problem(q).shape is _compile.problem(p).shape
    fresh = fresh_copy(q)
    assert _compile.compiled(fresh, base.start).pred is not parent.pred
    assert list(schedule(q)) == list(schedule(fresh))
    assert schedule(q).diagnostics == schedule(fresh).diagnostics
    assert "unknown-ref" in [d.code for d in schedule(q).diagnostics]


def test_the_same_relations_over_other_activity_ids_are_read_again():
    """The relation arrays hold activity numbers: another order of the activities compiles them anew."""
    p = progressed()
    base = schedule(p)
    q = attrs.evolve(p, activities=list(reversed(p.activities.values())))
    assert q.relations is p.relations
    net = _compile.compiled(q, base.start)
    assert net.pred is not _compile.compiled(p, base.start).pred
    assert net.ids == ("e", "d", "c", "b", "a")
    assert {r.id: r for r in schedule(q)} == {r.id: r for r in schedule(fresh_copy(p))}


def test_the_relations_entry_goes_with_the_network_that_made_it():
    """The entry that lets a portfolio share its relations dies with the network it names (no stale id is trusted)."""
    import gc  # noqa: PLC0415

    from portfolio._compile import _cache  # noqa: PLC0415

    p = progressed()
    schedule(p)
    key = id(p.relations)
    assert _cache._BY_RELATIONS[key]() is _compile.compiled(p, START)
    relations = p.relations
    del p
    gc.collect()
    assert key not in _cache._BY_RELATIONS
    again = Portfolio(settings=PortfolioSettings(start=START), activities=[Activity(id=i) for i in "abcde"],
                      relations=relations)
    assert schedule(again).finish == START
