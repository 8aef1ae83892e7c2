"""Tests of the domain model records."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from portfolio.model import (
    Activity,
    Approach,
    Baseline,
    BaselineEntry,
    ConstraintType,
    Duration,
    Migration,
    Portfolio,
    Source,
    StatusUpdate,
)


@pytest.mark.parametrize(
    ("text", "days", "elapsed"),
    [("15d", 15, False), ("3w", 15, False), ("2mo", 40, False), ("10ed", 10, True), ("0d", 0, False),
     (7, 7, False), ("-2d", -2, False), ("+1w", 5, False), (" 4 d ", 4, False), ("3wd", 3, False)],
)
def test_duration_parse(text: str | int, days: int, elapsed: bool) -> None:
    """Durations in all documented units parse to working or elapsed days."""
    assert Duration(days, elapsed) == Duration.parse(text)


@pytest.mark.parametrize("text", ["", "d", "15", "1.5d", "3y", "15 days", "--2d", True])
def test_duration_parse_rejects(text: str | bool) -> None:
    """Text that is no duration raises ValueError (the loader turns it into bad-duration)."""
    if text == "15":  # a numeric string is accepted as working days
        assert Duration(15) == Duration.parse(text)
        return
    with pytest.raises(ValueError, match=r"not a duration|durations are whole working days"):
        Duration.parse(text)


def test_records_are_frozen() -> None:
    """Records cannot be changed in place; a what-if uses attrs.evolve."""
    activity = Activity(id="a", duration=Duration(5))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        activity.duration = Duration(6)  # type: ignore[misc]
    assert Duration(6) == attrs.evolve(activity, duration=Duration(6)).duration
    assert Duration(5) == activity.duration


def test_portfolio_mappings_are_read_only() -> None:
    """The portfolio's collections are read-only mappings keyed by id, in the given order."""
    portfolio = Portfolio(activities=[Activity(id="b"), Activity(id="a")])
    assert ["b", "a"] == list(portfolio.activities)
    with pytest.raises(TypeError):
        portfolio.activities["c"] = Activity(id="c")  # type: ignore[index]


def test_evolve_leaves_original_untouched() -> None:
    """Evolving a portfolio gives a new one and keeps the old one as it was."""
    original = Portfolio(activities=[Activity(id="a", duration=Duration(5))])
    changed = attrs.evolve(original, activities={**original.activities,
                                                 "a": Activity(id="a", duration=Duration(9))})
    assert 5 == original.activities["a"].duration.days
    assert 9 == changed.activities["a"].duration.days


def test_current_baseline_and_status_update() -> None:
    """The baseline marked current wins; status updates are found by date."""
    entry = BaselineEntry(activity="a", start=dt.date(2023, 1, 2), finish=dt.date(2023, 1, 6))
    portfolio = Portfolio(
        baselines=[Baseline(name="original", entries={"a": entry}), Baseline(name="replan", current=True),
                   Baseline(name="later")],
        status_updates=[StatusUpdate(date=dt.date(2023, 8, 31)), StatusUpdate(date=dt.date(2023, 4, 28))],
    )
    assert "replan" == portfolio.current_baseline.name  # type: ignore[union-attr]
    assert [dt.date(2023, 4, 28), dt.date(2023, 8, 31)] == [u.date for u in portfolio.status_updates]
    assert dt.date(2023, 4, 28) == portfolio.status_update(dt.date(2023, 7, 1)).date  # type: ignore[union-attr]
    assert portfolio.status_update(dt.date(2023, 1, 1)) is None
    assert dt.date(2023, 8, 31) == portfolio.status_update().date  # type: ignore[union-attr]


def test_migration_open_decision() -> None:
    """A migration with candidates and no target is open; a decided one is not."""
    open_one = Migration(id="d.m", service="d", candidates=("lpc", "public-cloud"), decision="d.decide",
                         approach=Approach.REBUILD)
    assert open_one.is_open
    assert not attrs.evolve(open_one, target="lpc").is_open


def test_source_rendering_and_hard_constraints() -> None:
    """A source prints as file:line:col; MSO, MFO, SNLT and FNLT are the hard constraints."""
    assert "f.yaml:3:7" == str(Source("f.yaml", 3, 7))
    assert "f.yaml" == str(Source("f.yaml"))
    assert {"MSO", "MFO", "SNLT", "FNLT"} == {c.value for c in ConstraintType if c.is_hard}


def test_assignment_scope_narrows_a_service_by_its_named_migrations() -> None:
    """Naming a service alone covers all of it; naming one of its migrations (or activities) narrows it."""
    from portfolio.model import Assignment  # noqa: PLC0415 - only this test needs it

    portfolio = Portfolio(
        migrations=[Migration(id="fbs.p1", service="fbs", target="lpc"),
                    Migration(id="fbs.p2", service="fbs", target="lpc")],
        activities=[Activity(id="fbs.split", service="fbs"),
                    Activity(id="fbs.p1-cutover", service="fbs", migration="fbs.p1"),
                    Activity(id="fbs.p2-cutover", service="fbs", migration="fbs.p2"),
                    Activity(id="link.open-source", service="link"),
                    Activity(id="link.cutover", service="link", migration="link.m")],
        assignments=[Assignment(id="whole", title="FBS", services=("fbs",)),
                     Assignment(id="phase1", title="FBS 1", services=("fbs",), migrations=("fbs.p1",)),
                     Assignment(id="open", title="open source", services=("link",),
                                activities=("link.open-source",))],
    )
    scopes = portfolio.assignment_scopes()
    assert ("fbs.split", "fbs.p1-cutover", "fbs.p2-cutover") == scopes["whole"]
    assert ("fbs.split", "fbs.p1-cutover") == scopes["phase1"]
    assert ("link.open-source",) == scopes["open"]
