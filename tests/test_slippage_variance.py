"""Variance starts (not only finishes): activity start variance, roll-up baseline starts, lookups by id."""

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
    Migration,
    Portfolio,
    PortfolioSettings,
)
from portfolio.scheduling import schedule
from portfolio.slippage import variance

D = dt.date


def portfolio() -> tuple[Portfolio, Baseline]:
    """Two activities of migration m: 'a' starts 3 working days late, 'b' 2 working days early (standard calendar)."""
    base = Baseline(name="plan", entries={
        "a": BaselineEntry(activity="a", start=D(2024, 1, 10), finish=D(2024, 1, 16)),  # Wed .. Tue
        "b": BaselineEntry(activity="b", start=D(2024, 1, 24), finish=D(2024, 1, 26)),  # Wed .. Fri
    })
    p = Portfolio(
        settings=PortfolioSettings(start=D(2024, 1, 8), calendar="standard"),
        migrations=[Migration(id="m", service="s", target="x")],
        activities=[
            Activity(id="a", duration=Duration(5), migration="m",
                     constraint=Constraint(type=ConstraintType.SNET, date=D(2024, 1, 15))),  # Mon: 3 days late
            Activity(id="b", duration=Duration(3), migration="m",
                     constraint=Constraint(type=ConstraintType.SNET, date=D(2024, 1, 22))),  # Mon: 2 days early
        ],
        baselines=[base])
    return p, base


def test_start_variance_counts_working_days_with_its_sign():
    """Later than planned is positive, earlier negative; calendar days are counted separately."""
    p, base = portfolio()
    report = variance(p, schedule(p), base)
    assert (3, 5) == (report["a"].start_variance, report["a"].start_variance_days)
    assert (-2, -2) == (report["b"].start_variance, report["b"].start_variance_days)
    assert D(2024, 1, 10) == report["a"].baseline_start


def test_a_rollup_has_the_earliest_baseline_start_and_its_own_start_variance():
    """The migration's baseline start is its members' earliest; its start variance compares the earliest starts."""
    p, base = portfolio()
    report = variance(p, schedule(p), base)
    (roll,) = [r for r in report.rollups["migration"] if r.id == "m"]
    assert D(2024, 1, 10) == roll.baseline_start
    assert D(2024, 1, 15) == roll.start
    assert D(2024, 1, 26) == roll.baseline_finish
    assert (3, 5) == (roll.start_variance, roll.start_variance_days)


def test_variance_lookup_by_id_and_a_clear_error_for_an_unknown_one():
    """report[id] and `id in report` answer from an index; an activity without variance is a KeyError."""
    p, base = portfolio()
    report = variance(p, schedule(p), base)
    assert "a" in report
    assert "zz" not in report
    assert ["a", "b"] == [v.id for v in report]
    with pytest.raises(KeyError, match="'zz' has no variance"):
        report["zz"]
