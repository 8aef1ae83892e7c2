"""The monthly report's risk section as plain records: P50/P80 of the key milestones, the chance of each
deadline, and the top risks (``docs/risk.md``); [`monthly_report`][portfolio.report.data.monthly_report] fills
[`risk`][portfolio.report.data.MonthlyReport.risk] with it.

A portfolio without a ``risk:`` section has no risk section (None), so the
reports of such a portfolio stay exactly as they were. The numbers are those
of [`portfolio.risk.simulate`][portfolio.risk.simulate] with a fixed seed (`SEED`) and a
run count that depends only on the portfolio's size (`report_runs`):
the same files give the same section, on every machine.

Examples:
    >>> from portfolio.model import Portfolio
    >>> risk_section(Portfolio(), None) is None
    True
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import attrs

from portfolio.model import Portfolio
from portfolio.risk import RiskContribution, simulate

__all__ = ["ACTIVITY_RUNS", "MIN_RUNS", "RUNS", "SEED", "RiskLine", "RiskSection", "report_runs", "risk_section"]

RUNS: Final = 2_000
"""Runs of the report's analysis: the P80 of a milestone to within a few days, in a second or so."""
MIN_RUNS: Final = 200
"""The fewest runs the report uses, however large the portfolio."""
ACTIVITY_RUNS: Final = 4_000_000
"""Activities x runs the report's analysis may cost (beyond it the run count goes down, not below MIN_RUNS)."""
SEED: Final = 0
"""The report's seed: a report is a record, the same inputs give the same numbers."""


def report_runs(activities: int) -> int:
    """The report's run count for a portfolio of ``activities`` activities: bounded by `ACTIVITY_RUNS`.

    Args:
        activities: the number of activities.

    Returns:
        `RUNS` up to 2,000 activities, then fewer (activities x runs stays
        within `ACTIVITY_RUNS`), never fewer than `MIN_RUNS`.

    Examples:
        >>> report_runs(120), report_runs(10_000), report_runs(50_000)
        (2000, 400, 200)
    """
    return max(MIN_RUNS, min(RUNS, ACTIVITY_RUNS // max(activities, 1)))


@attrs.frozen(kw_only=True)
class RiskLine:
    """One key milestone: its CPM date, P50 and P80, and the chance of its deadline (if it has one)."""

    id: str
    name: str
    deterministic: dt.date
    p50: dt.date
    p80: dt.date
    deadline: dt.date | None
    chance: float | None


@attrs.frozen(kw_only=True)
class RiskSection:
    """What the report shows: the runs and seed, a line per key milestone, the risks by their P80 days."""

    runs: int
    seed: int
    milestone: str
    lines: tuple[RiskLine, ...]
    risks: tuple[RiskContribution, ...]


def risk_section(portfolio: Portfolio, status_date: dt.date | None, *, runs: int | None = None,
                 seed: int = SEED, top: int = 5) -> RiskSection | None:
    """The risk section at ``status_date``, or None when the portfolio has no uncertainty data.

    Args:
        portfolio: the portfolio.
        status_date: the report's status date.
        runs: the number of runs (default: `report_runs` of the portfolio's size).
        seed: the seed.
        top: how many risks to list (those adding most to the first key milestone's P80).

    Returns:
        The section, or None.
    """
    model = portfolio.risk
    if model is None or not (model.estimates or model.approaches or model.services or model.risks):
        return None
    if runs is None:
        runs = report_runs(len(portfolio.activities))
    result = simulate(portfolio, runs=runs, seed=seed, status_date=status_date)
    lines = tuple(RiskLine(id=row["id"], name=row["name"], deterministic=row["deterministic"], p50=row["p50"],
                           p80=row["p80"], deadline=row["deadline"], chance=row["probability"])
                  for row in result.summary())
    risks = tuple(sorted(result.contributions, key=lambda c: (-c.days, c.id))[:top])
    return RiskSection(runs=runs, seed=seed, milestone=result.target, lines=lines, risks=risks)
