"""The report as tables: one per section, cells as values (dates, numbers, RAG), headers in words.

The spreadsheet and CSV renderers write these tables as they are; the text
and Markdown renderers use some of them. A cell is a ``str``, ``int``,
``float``, :class:`datetime.date`, :class:`~portfolio.model.Rag` or None;
each renderer formats it its own way (a real Excel date, an ISO date in
CSV, a written-out date in text).

>>> from portfolio.io import load
>>> from portfolio.report.data import monthly_report
>>> from portfolio.report.i18n import Words
>>> found = tables(monthly_report(load("examples/logius").portfolio, "2023-08"), Words("en"))
>>> [t.key for t in found]
['summary', 'assignments', 'milestones', 'next-milestones', 'migrations', 'findings', 'key-milestones', 'mta', 'driving-path', 'availability', 'movers']
>>> found[1].headers[:3]
('No.', 'Assignment', 'Phase')
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import attrs

from portfolio import messages
from portfolio.model import Rag
from portfolio.report.data import AssignmentLine, FindingLine, MilestoneLine, MonthlyReport
from portfolio.report.i18n import Words

__all__ = ["Cell", "Table", "finding_text", "previous_text", "tables"]

#: What a table cell holds.
Cell = str | int | float | dt.date | Rag | None


@attrs.frozen(kw_only=True)
class Table:
    """One section of the report as a table: ``key`` names its sheet or file."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    #: the columns (by index) that hold percentages in the 0-1 range
    percent_columns: tuple[int, ...] = ()


#: The columns of the overview of running assignments, as keys of :class:`~portfolio.report.i18n.Words`.
OVERVIEW: Final = (
    "id",
    "assignment",
    "phase",
    "forecast_finish",
    "slip_total",
    "slip_since",
    "rag_time",
    "rag_money",
    "rag_quality",
    "rag_overall",
)


class Slip(int):
    """Slippage in days: text shows it with its sign (``+85``), a workbook as the number."""

    __slots__ = ()


def overview_headers(words: Words) -> tuple[str, ...]:
    """The overview's column headers in the report's language.

    >>> overview_headers(Words("en"))[:3]
    ('No.', 'Assignment', 'Phase')
    """
    return tuple(words[key] for key in OVERVIEW)


def message_format(words: Words) -> messages.Formatter:
    """How a catalogue message writes its values in the report: dates as the tables do, numbers with the language's mark.

    >>> import datetime as dt
    >>> fmt = message_format(Words("nl"))
    >>> fmt(dt.date(2024, 3, 19)), fmt(99.75), fmt("x") is None
    ('19 mrt. 2024', '99,75', True)
    """

    def fmt(value: Any) -> str | None:
        if isinstance(value, dt.date):
            return words.short_date(value)
        if isinstance(value, float):
            decimals = len(repr(value).partition(".")[2].rstrip("0"))
            return words.number(value, decimals)
        return None

    return fmt


def finding_text(f: FindingLine, words: Words) -> str:
    """A finding's message in the report's language: its catalogue text, else the rule's own message.

    >>> line = FindingLine(rule="r", severity="error", subject="x", message="own text", waived=False,
    ...                    key="plan-per-service.no-plan", params={"service": "digid"})
    >>> finding_text(line, Words("nl")), finding_text(attrs.evolve(line, key=""), Words("nl"))
    ("voorziening 'digid' heeft geen migratieplan", 'own text')
    """
    found = messages.render(f.key, f.params, words.lang, message_format(words)) if f.key else None
    return f.message if found is None else found


def overview_row(a: AssignmentLine, words: Words | None = None) -> tuple[Any, ...]:
    """An assignment's overview values, in the order of :data:`OVERVIEW` (the phase in ``words``' language)."""
    return (
        a.id,
        a.title,
        messages.phase(a.phase, words.lang) if words is not None else a.phase,
        a.finish,
        None if a.variance is None else Slip(a.variance),
        None if a.moved_days is None else Slip(a.moved_days),
        a.rag_time,
        a.rag_money,
        a.rag_quality,
        a.rag,
    )


def previous_text(report: MonthlyReport, words: Words) -> str:
    """What "since the last report" compares with, in words.

    >>> from portfolio.io import load
    >>> from portfolio.report.data import monthly_report
    >>> previous_text(monthly_report(load("examples/logius").portfolio, "2023-08"), Words("en"))
    'the status update of 28 April 2023'
    """
    if report.previous_source == "published":
        return words("previous_published", label=words.month(report.previous_label))
    if report.previous_source == "status-update":
        return words("previous_status", label=words.date(dt.date.fromisoformat(report.previous_label)))
    return words["previous_none"]


def stale_text(report: MonthlyReport, words: Words) -> str:
    """The warning that the report shows an older status update than its period; empty when it does not.

    >>> from portfolio.io import load
    >>> from portfolio.report.data import monthly_report
    >>> stale_text(monthly_report(load("examples/logius").portfolio, "2030-01"), Words("en"))
    'the latest status update (29 December 2023) is before January 2030; the report shows that state'
    """
    if not report.stale:
        return ""
    return words("stale", date=words.date(report.status_date), month=words.month(report.period))


def _milestone_row(m: MilestoneLine, words: Words) -> tuple[Cell, ...]:
    return (
        m.id,
        m.name,
        m.baseline,
        m.forecast,
        m.variance,
        m.previous,
        m.moved_days,
        words.progress(m.progress),
        m.rag,
    )


def tables(report: MonthlyReport, words: Words) -> tuple[Table, ...]:
    """Every section of the report as a table, in report order."""
    w = words
    summary: list[tuple[Cell, ...]] = [
        (w["period"], w.month(report.period)),
        (w["status_date"], report.status_date),
        (w["baseline"], report.baseline + (f" — {report.baseline_title}" if report.baseline_title else "")),
        (w["compared_with"], previous_text(report, w)),
        *([(w["stale_label"], stale_text(report, w))] if report.stale else []),
        (w["running"], len(report.assignments)),
        *((f"{w['rag_counts']}: {w.rag(r)}", n) for r, n in report.rag_counts.items()),
        (w["budget_total"], report.budget),
        (w["realised_total"], report.realised),
        (w["started"], ", ".join(f"{i} {t}" for i, t in report.started) or w["none"]),
        (w["finished"], ", ".join(f"{i} {t}" for i, t in report.finished) or w["none"]),
        (
            w["availability"],
            w("below_norm", n=", ".join(a.name for a in report.availability if a.meets is False))
            if any(a.meets is False for a in report.availability)
            else w["all_meet"],
        ),
        *([(w["comments"], report.comments)] if report.comments else []),
    ]
    assignments = tuple(
        (
            a.id,
            a.title,
            messages.phase(a.phase, w.lang),
            a.client,
            a.contractor,
            ", ".join(n for _, n in a.services),
            a.baseline_finish,
            a.finish,
            a.variance,
            a.moved_days,
            a.rag_time,
            a.rag_money,
            a.rag_quality,
            a.rag,
            a.budget,
            a.realised,
            a.spent,
            w["explanation_missing"] if a.explanation_missing else a.explanation,
        )
        for a in report.assignments
    )
    milestone_headers = (
        w["milestone"],
        w["name"],
        w["baseline_date"],
        w["forecast"],
        w["slip_total"],
        w["previous"],
        w["moved"],
        w["progress"],
        w["rag_time"],
    )
    migrations = []
    for a in report.assignments:
        for m in a.migrations:
            target = m.target or f" {w['or']} ".join(m.candidates)
            migrations.append(
                (
                    a.id,
                    m.id,
                    m.name,
                    messages.approach(m.approach, w.lang),
                    m.source_platform,
                    target,
                    m.decision if m.target is None else None,
                    m.decision_forecast if m.target is None else None,
                )
            )
    mta_dates = tuple(p.status_date for p in report.trends[0].points) if report.trends else ()
    return (
        Table(key="summary", title=w["summary"], headers=(w["summary"], ""), rows=tuple(summary)),
        Table(
            key="assignments",
            title=w["overview"],
            headers=(
                w["id"],
                w["assignment"],
                w["phase"],
                w["client"],
                w["contractor"],
                w["services"],
                w["baseline_finish"],
                w["forecast_finish"],
                w["slip_total"],
                w["slip_since"],
                w["rag_time"],
                w["rag_money"],
                w["rag_quality"],
                w["rag_overall"],
                w["budget"],
                w["realised"],
                w["spent"],
                w["explanation"],
            ),
            rows=assignments,
            percent_columns=(16,),
        ),
        Table(
            key="milestones",
            title=w["key_milestones"],
            headers=(w["id"], *milestone_headers),
            rows=tuple((a.id, *_milestone_row(m, w)) for a in report.assignments for m in a.milestones),
        ),
        Table(
            key="next-milestones",
            title=w("next_milestones", date=w.date(report.lookahead_end)),
            headers=(w["id"], *milestone_headers),
            rows=tuple((a.id, *_milestone_row(m, w)) for a in report.assignments for m in a.next_milestones),
        ),
        Table(
            key="migrations",
            title=w["migrations"],
            headers=(
                w["id"],
                w["migration"],
                w["name"],
                w["approach"],
                w["from"],
                w["to"],
                w["decision"],
                w["forecast"],
            ),
            rows=tuple(migrations),
        ),
        Table(
            key="findings",
            title=w["findings"],
            headers=(w["id"], w["rule"], w["severity"], w["subject"], w["message"], w["waived_header"]),
            rows=tuple(
                (
                    a.id,
                    f.rule,
                    w.severity(f.severity),
                    f.subject,
                    finding_text(f, w),
                    (f"{w['yes']}: {f.waiver_reason}" if f.waived else w["no"]),
                )
                for a in report.assignments
                for f in a.findings
            ),
        ),
        Table(
            key="key-milestones",
            title=w["key_milestones"],
            headers=milestone_headers,
            rows=tuple(_milestone_row(m, w) for m in report.key_milestones),
        ),
        Table(
            key="mta",
            title=w["mta"],
            headers=(w["milestone"], w["name"], w["baseline_date"], *(w.short_date(d) for d in mta_dates)),
            rows=tuple((t.id, t.name, t.baseline_finish, *(p.forecast for p in t.points)) for t in report.trends),
        ),
        Table(
            key="driving-path",
            title=w("driving_path", name=report.path_to_name),
            headers=(w["activity"], w["name"], w["start"], w["finish"], w["float"], w["id"], w["progress"]),
            rows=tuple(
                (s.id, s.name, s.start, s.finish, s.total_float, s.assignment, w.progress(s.progress))
                for s in report.driving_path
            ),
        ),
        Table(
            key="availability",
            title=w["availability"],
            headers=(w["service"], w["name"], w["domain"], w["availability_value"], w["norm"], w["meets"]),
            rows=tuple(
                (a.service, a.name, a.domain, a.availability, a.norm, w.yes_no(a.meets)) for a in report.availability
            ),
        ),
        Table(
            key="movers",
            title=w["movers"],
            headers=(w["kind"], w["id"], w["name"], w["previous"], w["forecast"], w["moved"]),
            rows=tuple(
                (w[f"kind_{m.kind}"], m.id, m.name, m.previous, m.forecast, m.moved_days) for m in report.movers
            ),
        ),
    )
