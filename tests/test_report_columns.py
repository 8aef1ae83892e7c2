"""The schedule's columns the report reads by position agree with its records, and the report's scopes with a walk.

`portfolio.slippage._index` gives the report the schedule's figures as arrays and each group's activities
as positions, so that it builds no record per activity; each answer here is checked against the records
(or the portfolio's own scopes), which are the independent source.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from portfolio.io import load
from portfolio.model import Activity, Assignment, Duration, Migration, Portfolio, PortfolioSettings
from portfolio.report._scope import Scopes
from portfolio.report.data import _owners
from portfolio.scheduling import Progress, Schedule, schedule
from portfolio.slippage import select_baseline
from portfolio.slippage._index import columns, groups, positions, record, rollups
from portfolio.slippage._variance import VarianceLookup

EXAMPLE = "examples/logius"


@pytest.fixture(scope="module")
def example() -> tuple[Portfolio, list[Schedule]]:
    portfolio = load(EXAMPLE).portfolio
    return portfolio, [schedule(portfolio, status_date=u.date) for u in portfolio.status_updates]


def test_columns_hold_each_records_figures(example: tuple[Portfolio, list[Schedule]]) -> None:
    _, schedules = example
    for computed in schedules:
        cols = columns(computed)
        for i, rec in enumerate(computed):
            assert cols.index[rec.id] == i
            assert cols.progress[i] is rec.progress
            assert cols.finish[i] == rec.finish.toordinal()
            assert cols.total_float[i] == rec.total_float
            assert bool(cols.finished[i]) is (rec.progress is Progress.FINISHED)
            assert bool(cols.started[i]) is (rec.progress is not Progress.NOT_STARTED)
            assert bool(cols.milestone[i]) is rec.milestone
    assert any(c.milestone.any() and c.finished.any() for c in map(columns, schedules))  # both kinds seen


def test_positions_are_the_roll_ups_activities(example: tuple[Portfolio, list[Schedule]]) -> None:
    portfolio, schedules = example
    computed = schedules[-1]
    assert dict(groups(computed, "assignment")) == dict(portfolio.assignment_scopes())
    for level in ("assignment", "migration", "service"):
        at = positions(computed, level)
        for key, roll in rollups(computed, level).items():
            assert [computed.ids[i] for i in at[key].tolist()] == list(roll.activities)


def test_record_is_the_schedules_record_kept(example: tuple[Portfolio, list[Schedule]]) -> None:
    _, schedules = example
    computed = schedules[-1]
    assert record(computed, "easi.exit") == computed["easi.exit"]
    assert record(computed, "easi.exit") is record(computed, "easi.exit")
    with pytest.raises(KeyError, match="no activity"):
        record(computed, "no-such-activity")


def test_earliest_start_is_the_least_baseline_start(example: tuple[Portfolio, list[Schedule]]) -> None:
    portfolio, schedules = example
    computed = schedules[-1]
    lookup = VarianceLookup(portfolio, computed, select_baseline(portfolio))
    for roll in rollups(computed, "assignment").values():
        starts = [s for a in roll.activities if (s := lookup.baseline_start(a)) is not None]
        assert lookup.earliest_start(roll.activities) == (min(starts) if starts else None)


def test_subjects_are_the_named_ids_in_scope(example: tuple[Portfolio, list[Schedule]]) -> None:
    portfolio, schedules = example
    computed = schedules[-1]
    named = {*list(portfolio.activities)[::3], *portfolio.services, *portfolio.migrations, *portfolio.assignments,
             "not-an-id"}
    scopes = Scopes(portfolio, computed, named=named)
    for key, a in portfolio.assignments.items():
        every = {key, *a.services, *a.key_milestones, *scopes.migrations(key), *scopes.activities(key)}
        assert scopes.subjects(key) == sorted(every & named)
    assert any(len(scopes.subjects(k)) > 1 for k in portfolio.assignments)


def test_scope_migrations_as_the_activities_name_them() -> None:
    """An assignment narrowed to one migration by an activity lists that migration only, in file order."""
    p = Portfolio(
        settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        migrations=[Migration(id="x.b", service="x", target="t"), Migration(id="x.a", service="x", target="t"),
                    Migration(id="y.a", service="y", target="t")],
        activities=[Activity(id="x.b1", service="x", migration="x.b", duration=Duration(2)),
                    Activity(id="x.a1", service="x", migration="x.a"),
                    Activity(id="y.a1", service="y", migration="y.a")],
        assignments=[Assignment(id="one", title="One", activities=("x.a1",)),
                     Assignment(id="all", title="All", services=("x", "y"))])
    scopes = Scopes(p, schedule(p))
    assert scopes.migrations("one") == ("x.a",)
    assert scopes.migrations("all") == ("x.b", "x.a", "y.a")


def test_owners_are_the_first_assignment_holding_each_activity(example: tuple[Portfolio, list[Schedule]]) -> None:
    portfolio, schedules = example
    computed = schedules[-1]
    keys = list(portfolio.assignments)
    for shown in (keys, keys[::-1], keys[1::2]):
        walked: dict[str, str] = {}
        for key in shown:
            for act in rollups(computed, "assignment")[key].activities if key in rollups(computed, "assignment") else ():
                walked.setdefault(act, key)
        wanted = [*portfolio.activities, "not-an-id"]
        assert _owners(computed, shown, wanted) == {w: walked[w] for w in wanted if w in walked}
        assert len(set(_owners(computed, shown, wanted).values())) > 1


def test_a_copy_gets_its_own_columns(example: tuple[Portfolio, list[Schedule]]) -> None:
    portfolio, _ = example
    copy = attrs.evolve(portfolio)
    a, b = schedule(portfolio), schedule(copy)
    assert columns(a).finish == columns(b).finish
    assert positions(a, "assignment").keys() == positions(b, "assignment").keys()
