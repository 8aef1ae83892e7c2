"""The monthly report's risk section as plain records: P50/P80 of the key milestones, the chance of each
deadline, and the top risks (``docs/risk.md``). Not yet wired into :class:`~portfolio.report.data.MonthlyReport`.

A portfolio without a ``risk:`` section has no risk section (None), so the
reports of such a portfolio stay exactly as they were. The numbers are those
of :func:`portfolio.risk.simulate` with a fixed seed: the same files give the
same section.

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

__all__ = ["RUNS", "RiskLine", "RiskSection", "risk_section"]

#: Runs of the report's analysis: the P80 of a milestone to within a few days, in a second or so.
RUNS: Final = 2_000


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


def risk_section(portfolio: Portfolio, status_date: dt.date | None, *, runs: int = RUNS, seed: int = 0,
                 top: int = 5) -> RiskSection | None:
    """The risk section at ``status_date``, or None when the portfolio has no uncertainty data.

    Args:
        portfolio: the portfolio.
        status_date: the report's status date.
        runs: the number of runs.
        seed: the seed.
        top: how many risks to list (those adding most to the first key milestone's P80).

    Returns:
        The section, or None.
    """
    model = portfolio.risk
    if model is None or not (model.estimates or model.approaches or model.services or model.risks):
        return None
    result = simulate(portfolio, runs=runs, seed=seed, status_date=status_date)
    lines = tuple(RiskLine(id=row["id"], name=row["name"], deterministic=row["deterministic"], p50=row["p50"],
                           p80=row["p80"], deadline=row["deadline"], chance=row["probability"])
                  for row in result.summary())
    risks = tuple(sorted(result.contributions, key=lambda c: (-c.days, c.id))[:top])
    return RiskSection(runs=runs, seed=seed, milestone=result.target, lines=lines, risks=risks)
