"""Earned value and earned schedule: what the money bought.

Per assignment, service and portfolio, per status update: BAC, PV, EV, AC,
SV, CV, SPI, CPI, EAC (CPI-based, CPI x SPI-based, bottom-up), ETC, VAC,
TCPI, and Lipke's earned schedule ES, SPI(t), SV(t) and IEAC(t). A figure that
cannot be computed is ``None`` with a reason, never 0. ``docs/evm.md``
explains the inputs, the formulas and the report's "Geld" rule.

- `evm`: the figures of a portfolio (an `EvmReport` of `EvmRow`).
- `figures`: the formulas on plain numbers; `earned_schedule`: Lipke's ES.
- `money_rag`: the monthly report's "Geld" colour from CPI and EAC against the budget;
  `money_colours`: that colour and the figures per assignment, for the report.
- `to_pandas`, and in [`portfolio.evm.plot`][portfolio.evm.plot] the S-curve and the index trends
  (pandas and matplotlib are imported on use).

Examples:
    >>> import datetime as dt
    >>> from portfolio.io import load
    >>> p = load("examples/logius").portfolio
    >>> report = evm(p, status_date=dt.date(2023, 8, 31))
    >>> [row.level for row in report.select(id="opd-2023-001")]
    ['assignment']
"""

from __future__ import annotations

from portfolio.evm._formulas import FIGURES, Figures, earned_schedule, figures
from portfolio.evm._frame import to_pandas
from portfolio.evm._portfolio import LEVELS, SPREADS, EvmReport, EvmRow, Share, evm, spread_fraction
from portfolio.evm._rag import money_colours, money_rag

__all__ = [
    "FIGURES",
    "LEVELS",
    "SPREADS",
    "EvmReport",
    "EvmRow",
    "Figures",
    "Share",
    "earned_schedule",
    "evm",
    "figures",
    "money_colours",
    "money_rag",
    "spread_fraction",
    "to_pandas",
]
