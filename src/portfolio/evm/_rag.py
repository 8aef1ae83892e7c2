"""The monthly report's "Geld" (money) colour from earned value: CPI and EAC against the budget."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from portfolio.evm._formulas import Figures
from portfolio.evm._portfolio import EvmRow
from portfolio.model import Rag

__all__ = ["CPI_AMBER", "CPI_RED", "EAC_RED", "money_colours", "money_rag"]

CPI_AMBER: Final = 0.95
"""Below this CPI the money colour is amber (5 % less work for the money than planned)."""
CPI_RED: Final = 0.90
"""Below this CPI it is red."""
EAC_RED: Final = 1.10
"""An estimate at completion over the budget times this is red (over the budget at all: amber)."""


def money_rag(found: Figures, budget: float | None) -> Rag | None:
    """The "Geld" colour by the EVM rule, or None when CPI or EAC is not known (the report keeps its spend rule).

    Red when CPI < 0.90 or EAC > 110 % of the budget; amber when CPI < 0.95 or
    EAC > the budget; else green. EAC is the bottom-up estimate when there is
    one, else the CPI-based BAC / CPI.

    Args:
        found: the assignment's figures at the status update.
        budget: the assignment's budget (euros).

    Returns:
        The colour, or None without CPI, EAC or budget.

    Examples:
        >>> from portfolio.evm._formulas import figures
        >>> money_rag(figures(bac=100.0, pv=50.0, ev=50.0, ac=50.0), 100.0).value
        'green'
        >>> money_rag(figures(bac=100.0, pv=50.0, ev=47.0, ac=50.0), 100.0).value
        'amber'
        >>> money_rag(figures(bac=100.0, pv=50.0, ev=40.0, ac=50.0), 100.0).value
        'red'
        >>> money_rag(figures(bac=100.0, pv=50.0, ev=40.0, ac=None), 100.0) is None
        True
    """
    eac = found.eac_bottom_up if found.eac_bottom_up is not None else found.eac
    if found.cpi is None or eac is None or not budget:
        return None
    if found.cpi < CPI_RED or eac > EAC_RED * budget:
        return Rag.RED
    if found.cpi < CPI_AMBER or eac > budget:
        return Rag.AMBER
    return Rag.GREEN


def money_colours(rows: Iterable[EvmRow], budgets: Mapping[str, float | None]) -> dict[str, tuple[Rag, Figures]]:
    """The EVM "Geld" colour and figures per assignment, for the monthly report's hook.

    The report takes ``evm(portfolio, status_date=update.date).rows``; an
    assignment missing from the result keeps the report's spend rule.

    Args:
        rows: rows of [`portfolio.evm.evm`][portfolio.evm.evm] (only the assignment rows are used).
        budgets: each assignment's budget, by id.

    Returns:
        The colour and the figures by assignment id, where the rule gives a colour.

    Examples:
        >>> import datetime as dt
        >>> from portfolio.evm import evm
        >>> from portfolio.io import load
        >>> p = load("examples/logius").portfolio
        >>> rows = evm(p, status_date=dt.date(2023, 12, 29)).rows
        >>> colours = money_colours(rows, {k: a.budget for k, a in p.assignments.items()})
        >>> colours["opd-2023-003"][0].value, round(colours["opd-2023-003"][1].cpi, 2)
        ('red', 0.77)
    """
    found = {}
    for row in rows:
        if row.level != "assignment":
            continue
        colour = money_rag(row.figures, budgets.get(row.id))
        if colour is not None:
            found[row.id] = (colour, row.figures)
    return found
