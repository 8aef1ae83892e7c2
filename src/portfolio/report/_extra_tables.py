"""The report's optional tables: earned value per assignment, the schedule risk section and the wave plan.

They are there only when the portfolio has the data (cost data for earned
value, a ``risk:`` section for the risk tables, a ``capacity:`` section for
the wave plan), so the report of a portfolio without it keeps exactly its
tables.

Examples:
    >>> from portfolio.io import load
    >>> from portfolio.report.data import monthly_report
    >>> from portfolio.report.i18n import Words
    >>> found = extra_tables(monthly_report(load("examples/logius").portfolio, "2023-08"), Words("en"))
    >>> [t.key for t in found]
    ['evm', 'risk', 'risks', 'waves']
    >>> found[1].headers
    ('Milestone', 'Name', 'Plan', 'P50', 'P80', 'Deadline', 'Chance of meeting it')
"""

from __future__ import annotations

from portfolio.report._table import Cell, Table
from portfolio.report._types import AssignmentLine, MonthlyReport
from portfolio.report.i18n import Words

__all__ = ["RISK_KEYS", "evm_text", "extra_tables", "risk_note", "shown_rows", "waves_note", "waves_table"]

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


def waves_note(report: MonthlyReport, words: Words) -> list[str]:
    """The sentences under the wave plan's title: the finish and exits before and after levelling ([] without one).

    Examples:
        >>> from portfolio.io import load
        >>> from portfolio.report.data import monthly_report
        >>> print(waves_note(monthly_report(load("examples/logius").portfolio, "2023-12"), Words("en"))[1])
        Exit of easi: 27 September 2024 with unlimited capacity, 3 February 2025 levelled.
    """
    section = report.waves
    if section is None:
        return []
    w = words
    cpm, levelled = section.finish
    lines = [w("waves_note", cpm=w.date(cpm), levelled=w.date(levelled), delayed=w.number(section.delayed),
               months=section.months)]
    lines += [w("waves_exit", platform=p, cpm=w.date(a), levelled=w.date(b)) for p, a, b in section.exits]
    return lines


def waves_table(report: MonthlyReport, words: Words) -> Table | None:
    """The wave plan as a table: per wave its window, services, team load and risks (None without one)."""
    section = report.waves
    if section is None:
        return None
    w = words

    def risks(late: tuple[tuple[str, str, int], ...], overloaded: tuple[str, ...]) -> str:
        found = [w("wave_late", service=s, dependency=d, wave=n) for s, d, n in late]
        return "; ".join(found + [w("wave_overloaded", team=t) for t in overloaded]) or "-"

    return Table(
        key="waves", title=w["waves"],
        headers=(w["wave"], w["wave_from"], w["wave_to"], w["wave_services"], w["wave_load"], w["wave_risks"]),
        rows=tuple((v.number, v.start, v.finish, ", ".join(v.services),
                    ", ".join(f"{t} {w.number(p)}/{w.number(a)}" for t, p, a in v.load),
                    risks(v.late_dependencies, v.overloaded)) for v in section.waves),
    )


def shown_rows(table: Table, words: Words) -> tuple[tuple[Cell, ...], ...]:
    """A table's rows for text and HTML: the 0-1 columns as percentages in words (``83 %``)."""
    return tuple(
        tuple(words.percent(100 * v) if c in table.percent_columns and isinstance(v, float) else v
              for c, v in enumerate(row))
        for row in table.rows
    )


def extra_tables(report: MonthlyReport, words: Words) -> tuple[Table, ...]:
    """The earned-value table (when an assignment has EVM figures), the risk tables and the wave plan (with their data).

    Args:
        report: the report.
        words: the report's words.

    Returns:
        The tables, in report order (none for a portfolio without cost, uncertainty or capacity data).
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
    waves = waves_table(report, w)
    return (*found, waves) if waves is not None else tuple(found)
