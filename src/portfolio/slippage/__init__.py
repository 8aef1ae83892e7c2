"""Slippage: baselines, variance, slip attribution and history across status updates.

Pure functions over a [`Portfolio`][portfolio.model.Portfolio] and its
[`Schedule`][portfolio.scheduling.Schedule], returning frozen records. Nothing
reads the clock: status dates come from the portfolio's status updates or
are parameters. ``docs/slippage.md`` explains every figure.

- `variance`: start and finish variance per activity against a
  baseline, in working and calendar days, rolled up per assignment,
  migration, service and platform; added and removed activities listed.
- `attribute`: a milestone's finish variance explained along its
  driving path; the contributions add up exactly to the variance.
- `history`: the portfolio as of each status update, the key
  milestones' forecasts (the milestone trend analysis) and, per window
  between two updates, why each milestone moved (`attribute_window`).
- `report_figures`: the per-assignment and per-milestone figures a
  monthly report publishes (see [`portfolio.store`][portfolio.store]).
- [`portfolio.slippage.plot.mta_chart`][portfolio.slippage.plot.mta_chart]: the MTA chart (needs the
  ``plot`` extra, matplotlib).

Examples:
    >>> from portfolio.io import load
    >>> from portfolio.scheduling import schedule
    >>> p = load("examples/logius").portfolio
    >>> a = attribute(p, schedule(p), "easi.exit", select_baseline(p))
    >>> a.working_days == sum(c.working_days for c in a.contributions)
    True
"""

from __future__ import annotations

from portfolio.slippage._attribution import Attribution, Cause, Contribution, attribute, attribute_window
from portfolio.slippage._common import lineage, select_baseline
from portfolio.slippage._figures import Figure, period_end, previous_period, rag, report_figures
from portfolio.slippage._history import History, MilestoneTrend, TrendPoint, history, key_milestones
from portfolio.slippage._variance import LEVELS, RollupVariance, Variance, VarianceReport, variance

__all__ = [
    "LEVELS",
    "Attribution",
    "Cause",
    "Contribution",
    "Figure",
    "History",
    "MilestoneTrend",
    "RollupVariance",
    "TrendPoint",
    "Variance",
    "VarianceReport",
    "attribute",
    "attribute_window",
    "history",
    "key_milestones",
    "lineage",
    "period_end",
    "previous_period",
    "rag",
    "report_figures",
    "select_baseline",
    "variance",
]
