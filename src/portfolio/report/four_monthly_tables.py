"""The four-monthly report as tables and sentences, in words: shared by its text, Markdown, HTML and Excel forms.

Examples:
    >>> from portfolio.io import load
    >>> from portfolio.report.four_monthly import four_monthly_report
    >>> from portfolio.report.i18n import Words
    >>> report = four_monthly_report(load("examples/logius").portfolio, "2023-T2")
    >>> [t.key for t in tables(report, Words("en"))]
    ['availability', 'key-milestones', 'events', 'finance', 'driving-path']
    >>> finance_sentences(report.finance[0], Words("en"))[-1]
    'Net €8.447 million (3.9%) under budget.'
"""

from __future__ import annotations

from portfolio.model import Rag
from portfolio.report.data import MigrationLine
from portfolio.report.four_monthly import DomainSection, FinanceGroup, FourMonthlyReport, KeyMilestoneMove
from portfolio.report.i18n import Words
from portfolio.report.tables import Cell, Percent, Slip, Table
from portfolio.report.text import migration_text

__all__ = [
    "availability_headers",
    "availability_summary",
    "domain_events",
    "domain_title",
    "finance_headers",
    "finance_rows",
    "finance_sentences",
    "milestone_headers",
    "milestone_row",
    "millions",
    "span_text",
    "tables",
]


def span_text(report: FourMonthlyReport, words: Words) -> str:
    """The span in words: ``mei 2023 t/m augustus 2023``."""
    return words("fm_span", first=words.month(report.months[0]), last=words.month(report.months[-1]))


def domain_title(section: DomainSection, words: Words) -> str:
    """A domain's heading; the portfolio-wide part has its own."""
    return section.name or words["fm_portfolio_part"]


def millions(amount: float, words: Words) -> str:
    """An amount in millions of euros with three decimals: ``€ 18,842 miljoen``.

    Examples:
        >>> millions(18842000.0, Words("nl"))
        '€ 18,842 miljoen'
    """
    return words("fm_million", amount=words.number(amount / 1e6, 3))


def availability_headers(report: FourMonthlyReport, words: Words) -> tuple[str, ...]:
    """Service, norm, one column per month, and whether every month met the norm."""
    dates = tuple(words.short_date(day) for day in report.availability_dates)
    return (words["service"], words["fm_norm"], *dates, words["fm_meets"])


def availability_rows(section: DomainSection) -> tuple[tuple[Cell, ...], ...]:
    """One row per service: name, norm, the monthly figures, meets."""
    return tuple(
        (a.name, None if a.norm is None else Percent(a.norm), *(None if v is None else Percent(v) for v in a.months),
         a.meets)
        for a in section.availability
    )


def availability_summary(section: DomainSection, report: FourMonthlyReport, words: Words) -> str:
    """One sentence: every reported month met the norm, or which services and months did not."""
    below = [
        f"{a.name} ({words.short_date(day)}: {words.percent(value, 2)})"
        for a in section.availability
        for day, value, low in zip(report.availability_dates, a.months, a.below, strict=True)
        if low and value is not None
    ]
    return words("fm_below", items="; ".join(below)) if below else words["fm_all_meet"]


def milestone_headers(words: Words) -> tuple[str, ...]:
    """The columns of the key-milestone table."""
    return (words["milestone"], words["name"], words["baseline_date"], words["fm_forecast_start"],
            words["fm_forecast_end"], words["fm_moved"], words["slip_total"], words["slip_original"],
            words["rag_time"], words["fm_reason"])


def _rag(value: str) -> Rag | str:
    return Rag(value) if value in Rag.__members__.values() else value


def milestone_row(m: KeyMilestoneMove, words: Words) -> tuple[Cell, ...]:
    """One key milestone: dates at start and end of the span, slips against both baselines, RAG, reason."""
    return (m.id, m.name, m.baseline, m.forecast_start, m.forecast_end,
            None if m.moved_days is None else Slip(m.moved_days),
            None if m.variance is None else Slip(m.variance),
            None if m.variance_original is None else Slip(m.variance_original), _rag(m.rag), m.reason)


def _open_text(m: MigrationLine, words: Words) -> str:
    return words("fm_open_text", service=m.name, candidates=f" {words['or']} ".join(m.candidates),
                 date=words.date(m.decision_forecast))


def domain_events(section: DomainSection, words: Words) -> list[tuple[str, list[str]]]:
    """The domain's events as (label, lines): migrations, reached, decisions taken and open, finished."""
    found = [
        (words["fm_migrations"], [migration_text(m, words) for m in section.migrations]),
        (words["fm_reached"], [f"{words.date(r.date)}: {r.name}" for r in section.reached]),
        (words["fm_decided"], [words("fm_decided_text", service=m.name, target=m.target or "?")
                               for m in section.decided]),
        (words["fm_open"], [_open_text(m, words) for m in section.open]),
        (words["fm_finished"], [f"{title}: {text}" if text else title for _, title, text in section.finished]),
    ]
    return [(label, lines) for label, lines in found if lines]


def finance_headers(words: Words) -> tuple[str, ...]:
    """The columns of the finance table."""
    return (words["fm_line"], words["fm_group"], words["budget"], words["realised"], words["fm_forecast"],
            words["fm_under"], words["fm_under_pct"])


def finance_rows(report: FourMonthlyReport, words: Words) -> tuple[tuple[Cell, ...], ...]:
    """One row per budget line, a total row per group of more than one line, and the grand total."""
    rows: list[tuple[Cell, ...]] = []
    for group in report.finance:
        for line in group.lines:
            under = line.under
            rows.append((line.name, group.name, line.budget, line.realised, line.forecast, under,
                         None if under is None or not line.budget else Percent(100 * under / line.budget)))
        if len(group.lines) > 1:
            rows.append(_total_row(f"{words['fm_total']} {group.name}", group))
    total = report.finance_total
    if total is not None:
        rows.append(_total_row(words["fm_total"], total))
    return tuple(rows)


def _total_row(label: str, group: FinanceGroup) -> tuple[Cell, ...]:
    pct = None if not group.budget else Percent(100 * group.under / group.budget)
    return (label, "", group.budget, group.realised, group.forecast, group.under, pct)


def finance_sentences(group: FinanceGroup, words: Words) -> list[str]:
    """A group's result in sentences: under- or over-realisation, the items set against it, the net."""
    key = "fm_group_under" if group.under >= 0 else "fm_group_over"
    lines = [words(key, group=group.name or words["fm_total"], amount=millions(abs(group.under), words))]
    if group.notes:
        items = "; ".join(f"{n.text} ({millions(n.amount, words)})" if n.amount is not None else n.text
                          for n in group.notes)
        lines.append(words("fm_group_offset", items=items, amount=millions(group.offset, words)))
        pct = group.net_percent
        lines.append(words("fm_group_net", amount=millions(abs(group.net), words),
                           percent=words.percent(None if pct is None else abs(100 * pct), 1),
                           kind=words["fm_net_under"] if group.net >= 0 else words["fm_net_over"]))
    return lines


def tables(report: FourMonthlyReport, words: Words) -> tuple[Table, ...]:
    """The report's tables (a workbook writes one sheet each): a ``domain`` column leads where rows span domains."""
    domain = words["fm_domain"]
    return (
        Table(key="availability", title=words["fm_availability"],
              headers=(domain, *availability_headers(report, words)),
              rows=tuple((domain_title(d, words), *row) for d in report.domains for row in availability_rows(d))),
        Table(key="key-milestones", title=words["fm_key_milestones"], headers=(domain, *milestone_headers(words)),
              rows=tuple((domain_title(d, words), *milestone_row(m, words)) for d in report.domains
                         for m in d.key_milestones)),
        Table(key="events", title=words["fm_domains"], headers=(domain, words["fm_event"], ""),
              rows=tuple((domain_title(d, words), label, line) for d in report.domains
                         for label, lines in domain_events(d, words) for line in lines)),
        Table(key="finance", title=words["fm_finance"], headers=finance_headers(words),
              rows=finance_rows(report, words)),
        Table(key="driving-path", title=words("driving_path", name=report.path_to_name),
              headers=(words["activity"], words["name"], words["start"], words["finish"], words["float"],
                       words["progress"]),
              rows=tuple((s.id, s.name, s.start, s.finish, s.total_float, words.progress(s.progress))
                         for s in report.driving_path)),
    )
