"""The report's optional tables: earned value per assignment and the schedule risk section.

They are there only when the portfolio has the data (cost data for earned
value, a ``risk:`` section for the risk tables), so the report of a portfolio
without it keeps exactly its tables.

Examples:
    >>> from portfolio.io import load
    >>> from portfolio.report.data import monthly_report
    >>> from portfolio.report.i18n import Words
    >>> found = extra_tables(monthly_report(load("examples/logius").portfolio, "2023-08"), Words("en"))
    >>> [t.key for t in found]
    ['evm', 'risk', 'risks']
    >>> found[1].headers
    ('Milestone', 'Name', 'Plan', 'P50', 'P80', 'Deadline', 'Chance of meeting it')
"""

from __future__ import annotations

from portfolio.report._table import Cell, Table
from portfolio.report._types import AssignmentLine, MonthlyReport
from portfolio.report.i18n import Words

__all__ = ["RISK_KEYS", "evm_text", "extra_tables", "risk_note", "shown_rows"]

RISK_KEYS = ("risk", "risks")
"""The keys of the risk section's tables, in report order."""


def evm_text(a: AssignmentLine, words: Words) -> str | None:
    """An assignment's earned-value figures in the detail, or None when its Geld colour follows the spend rule.

    Args:
        a: the assignment's line.
        words: the report's words.

    Returns:
        ``CPI 0,77 · EAC € 2.402.597 · SPI(t) 0,85`` in the report's language, or None.

    Examples:
        >>> import attrs
        >>> from portfolio.io import load
        >>> from portfolio.report.data import monthly_report
        >>> line = monthly_report(load("examples/logius").portfolio, "2023-12").assignments[2]
        >>> evm_text(line, Words("en")) == evm_text(attrs.evolve(line, money_rule="spend"), Words("en"))
        False
        >>> evm_text(attrs.evolve(line, money_rule="spend"), Words("en")) is None
        True
    """
    if a.money_rule != "evm":
        return None
    w = words
    cpi = "-" if a.cpi is None else w.number(a.cpi, 2)
    spi_t = "-" if a.spi_t is None else w.number(a.spi_t, 2)
    return f"CPI {cpi} · {w['eac']} {w.money(a.eac)} · SPI(t) {spi_t}"


def risk_note(report: MonthlyReport, words: Words) -> str:
    """The sentence under the risk section's title: the method, its runs and its seed ("" without a section)."""
    if report.risk is None:
        return ""
    return words("risk_note", runs=words.number(report.risk.runs), seed=report.risk.seed)


def shown_rows(table: Table, words: Words) -> tuple[tuple[Cell, ...], ...]:
    """A table's rows for text and HTML: the 0-1 columns as percentages in words (``83 %``)."""
    return tuple(
        tuple(words.percent(100 * v) if c in table.percent_columns and isinstance(v, float) else v
              for c, v in enumerate(row))
        for row in table.rows
    )


def extra_tables(report: MonthlyReport, words: Words) -> tuple[Table, ...]:
    """The earned-value table (when an assignment has EVM figures) and the risk tables (when there is a section).

    Args:
        report: the report.
        words: the report's words.

    Returns:
        The tables, in report order (none for a portfolio without cost or uncertainty data).
    """
    w = words
    found: list[Table] = []
    with_evm = [a for a in report.assignments if a.money_rule == "evm"]
    if with_evm:
        found.append(Table(
            key="evm", title=w["evm"],
            headers=(w["id"], w["assignment"], w["budget"], w["realised"], "CPI", w["eac"], "SPI(t)", w["rag_money"]),
            rows=tuple((a.id, a.title, a.budget, a.realised, a.cpi, a.eac, a.spi_t, a.rag_money) for a in with_evm),
        ))
    risk = report.risk
    if risk is not None:
        found.append(Table(
            key="risk", title=w["risk"],
            headers=(w["milestone"], w["name"], w["risk_plan"], "P50", "P80", w["deadline"], w["chance"]),
            rows=tuple((r.id, r.name, r.deterministic, r.p50, r.p80, r.deadline, r.chance) for r in risk.lines),
            percent_columns=(6,),
        ))
        found.append(Table(
            key="risks", title=w("risks_top", milestone=risk.milestone),
            headers=(w["risk_id"], w["description"], w["owner"], w["probability"], "P80", w["p80_without"],
                     w["days_added"]),
            rows=tuple((c.id, c.description, c.owner, c.probability, c.p80, c.p80_without, c.days)
                       for c in risk.risks),
            percent_columns=(3,),
        ))
    return tuple(found)
