"""How milestones are displayed: at the end of a finishing predecessor, or on their constraint date."""

from __future__ import annotations

import datetime as dt
import itertools

from portfolio.model import Activity, Constraint, ConstraintType, Duration, Portfolio, PortfolioSettings, Relation
from portfolio.scheduling import schedule

MONDAY = dt.date(2023, 1, 9)


def _plan(constraint: Constraint | None) -> Portfolio:
    return Portfolio(
        settings=PortfolioSettings(calendar="standard", start=MONDAY),
        activities=[Activity(id="build", duration=Duration(5)),
                    Activity(id="live", constraint=constraint)],
        relations=[Relation(predecessor="build", successor="live")],
    )


def test_milestone_after_a_finish_shows_on_that_day() -> None:
    """A milestone right after a task that ends on Friday shows on that Friday, as MS Project does."""
    assert dt.date(2023, 1, 13) == schedule(_plan(None))["live"].start


def test_milestone_held_by_snet_shows_on_its_date() -> None:
    """A milestone held at SNET Monday shows on Monday, even though its predecessor ended on Friday."""
    plan = schedule(_plan(Constraint(type=ConstraintType.SNET, date=dt.date(2023, 1, 16))))
    assert dt.date(2023, 1, 16) == plan["live"].start
    assert dt.date(2023, 1, 16) == plan["live"].finish


def test_milestone_held_by_mso_shows_on_its_date() -> None:
    """A milestone that must start on Monday shows on Monday."""
    plan = schedule(_plan(Constraint(type=ConstraintType.MSO, date=dt.date(2023, 1, 16))))
    assert dt.date(2023, 1, 16) == plan["live"].start


def test_snet_earlier_than_logic_does_not_move_display() -> None:
    """An SNET date before the logic's date leaves the milestone at the end of its predecessor."""
    plan = schedule(_plan(Constraint(type=ConstraintType.SNET, date=dt.date(2023, 1, 10))))
    assert dt.date(2023, 1, 13) == plan["live"].start


def test_milestone_after_a_milestone_at_the_start_shows_on_the_start() -> None:
    """A milestone right after a milestone at the project start shows on the start day, not the Friday before."""
    plan = schedule(Portfolio(
        settings=PortfolioSettings(calendar="standard", start=MONDAY),
        activities=[Activity(id="kickoff"), Activity(id="go"), Activity(id="build", duration=Duration(5)),
                    Activity(id="done")],
        relations=[Relation(predecessor="kickoff", successor="go"), Relation(predecessor="go", successor="build"),
                   Relation(predecessor="build", successor="done")],
    ))
    assert (MONDAY, MONDAY) == (plan["kickoff"].start, plan["go"].start)
    assert dt.date(2023, 1, 13) == plan["done"].start  # still the finishing task's Friday


def test_milestone_led_back_to_the_start_shows_on_the_start() -> None:
    """A milestone whose lead puts it at the project start shows on the start day, not the Friday before."""
    plan = schedule(Portfolio(
        settings=PortfolioSettings(calendar="standard", start=MONDAY),
        activities=[Activity(id="build", duration=Duration(3)), Activity(id="gate")],
        relations=[Relation(predecessor="build", successor="gate", lag=Duration(-3))],
    ))
    assert MONDAY == plan["gate"].start


def _chain(length: int, *, held: bool) -> Portfolio:
    """A 5-day task, then ``length`` milestones one after another (the first held at a SNET date or not)."""
    first = Constraint(type=ConstraintType.SNET, date=dt.date(2023, 1, 16)) if held else None
    milestones = [Activity(id=f"m{k}", constraint=first if k == 0 else None) for k in range(length)]
    ids = ["build", *(m.id for m in milestones)]
    return Portfolio(
        settings=PortfolioSettings(calendar="standard", start=MONDAY),
        activities=[Activity(id="build", duration=Duration(5)), *reversed(milestones)],
        relations=[Relation(predecessor=a, successor=b) for a, b in itertools.pairwise(ids)],
    )


def test_a_long_chain_of_milestones_after_a_finish_all_show_that_evening() -> None:
    """Each milestone driven from the finish of an evening milestone shows that evening, however long the chain.

    Thirty milestones outlast the vectorised rounds of the present stage, so
    the rest of the chain is walked one by one: the result must not change.
    """
    for length in (3, 30):
        plan = schedule(_chain(length, held=False))
        assert {dt.date(2023, 1, 13)} == {plan[f"m{k}"].start for k in range(length)}


def test_a_long_chain_after_a_morning_milestone_stays_in_that_morning() -> None:
    """A chain that starts at a milestone held at its SNET date (08:00 Monday) shows on that Monday."""
    for length in (3, 30):
        plan = schedule(_chain(length, held=True))
        assert {dt.date(2023, 1, 16)} == {plan[f"m{k}"].start for k in range(length)}
