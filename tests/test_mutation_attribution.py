"""The attribution record itself (``attribute``): its fields, its calendar, its contributions in both units.

The expectations are counted by hand: working days on the standard calendar (Monday to Friday) and
calendar days, from the dates written in each test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from portfolio.model import (
    Activity,
    Baseline,
    BaselineEntry,
    Constraint,
    ConstraintType,
    Duration,
    Portfolio,
    PortfolioSettings,
    Relation,
)
from portfolio.scheduling import schedule
from portfolio.slippage import Cause, Contribution, attribute

D = dt.date


def entry(activity: str, start: dt.date, finish: dt.date) -> BaselineEntry:
    return BaselineEntry(activity=activity, start=start, finish=finish)


def held_over_christmas() -> Portfolio:
    """prep (2 days, SNET Wednesday 3 January 2024) -> live (1 day), both on the standard calendar.

    The portfolio's own calendar is rijk (Christmas and New Year are holidays there, not on the
    standard calendar). Baseline: prep 20-21 December 2023, live Friday 22 December; now prep
    works 3-4 January and live is on Friday 5 January.
    """
    plan = Baseline(name="plan", entries={"prep": entry("prep", D(2023, 12, 20), D(2023, 12, 21)),
                                          "live": entry("live", D(2023, 12, 22), D(2023, 12, 22))})
    return Portfolio(
        settings=PortfolioSettings(start=D(2023, 12, 18), calendar="rijk"),
        activities=[Activity(id="prep", name="Preparation", duration=Duration(2), calendar="standard",
                             constraint=Constraint(type=ConstraintType.SNET, date=D(2024, 1, 3))),
                    Activity(id="live", name="Go live", duration=Duration(1), calendar="standard")],
        relations=[Relation(predecessor="prep", successor="live")], baselines=[plan])


def test_a_constrained_head_on_the_milestones_calendar() -> None:
    """Every day of the slip is the constraint's: 10 working days of the standard calendar, 14 calendar days.

    Standard working days from 22 December to 5 January: 25-29 December and 1-5 January, 10; prep's
    start moved from 20 December to 3 January: 20-22 and 25-29 December, 1-2 January, also 10 (on
    rijk it would be 7). Durations and gaps are unchanged: no other contribution.
    """
    p = held_over_christmas()
    a = attribute(p, schedule(p), "live", p.baselines["plan"])
    assert (a.milestone, a.name, a.reference, a.calendar) == ("live", "Go live", "plan", "standard")
    assert (a.reference_finish, a.finish, a.path) == (D(2023, 12, 22), D(2024, 1, 5), ("prep", "live"))
    assert (a.working_days, a.calendar_days) == (10, 14)
    assert a.contributions == (Contribution(activity="prep", name="Preparation", cause=Cause.CONSTRAINT,
                                            working_days=10, calendar_days=14),)


def test_a_milestone_the_reference_lacks_is_named_with_the_reference() -> None:
    p = held_over_christmas()
    p = Portfolio(settings=p.settings, activities=[*p.activities.values(), Activity(id="extra")],
                  relations=p.relations, baselines=list(p.baselines.values()))
    with pytest.raises(KeyError, match="'extra' has no date in plan"):
        attribute(p, schedule(p), "extra", p.baselines["plan"])


def test_an_added_head_counts_its_calendar_days_inclusive() -> None:
    """new (3 days, not in the baseline) -> live: live planned Monday 1 January, now Thursday 4 January.

    new works 1-3 January: 3 working days and 3 calendar days (1, 2 and 3 January, both ends counted)
    are new on the path; live itself takes as long and follows as closely as planned.
    """
    plan = Baseline(name="plan", entries={"live": entry("live", D(2024, 1, 1), D(2024, 1, 1))})
    p = Portfolio(settings=PortfolioSettings(start=D(2024, 1, 1), calendar="standard"),
                  activities=[Activity(id="new", name="New work", duration=Duration(3)),
                              Activity(id="live", duration=Duration(1))],
                  relations=[Relation(predecessor="new", successor="live")], baselines=[plan])
    a = attribute(p, schedule(p), "live", p.baselines["plan"])
    assert (a.working_days, a.calendar_days, a.finish) == (3, 3, D(2024, 1, 4))
    assert a.contributions == (Contribution(activity="new", name="New work", cause=Cause.ADDED,
                                            working_days=3, calendar_days=3),)
