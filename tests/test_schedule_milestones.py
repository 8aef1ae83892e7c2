"""How milestones are displayed: at the end of a finishing predecessor, or on their constraint date."""

from __future__ import annotations

import datetime as dt

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
