"""The monthly report as plain text (tables in tabulate's ``simple`` format, `_simple_table`), for a terminal or an e-mail.

Examples:
    >>> from portfolio.io import load
    >>> from portfolio.report.data import monthly_report
    >>> text = render_text(monthly_report(load("examples/logius").portfolio, "2023-08"), lang="en")
    >>> text.splitlines()[0]
    'Monthly report on running assignments — Logius migratieportfolio'
    >>> "2 October 2023" in text
    True
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

import attrs

from portfolio import messages
from portfolio.report._extra_tables import RISK_KEYS, evm_text, risk_note, shown_rows, waves_note
from portfolio.report._format import cell_text
from portfolio.report._simple_table import simple_table
from portfolio.report.data import AssignmentLine, MigrationLine, MilestoneLine, MonthlyReport
from portfolio.report.i18n import Words
from portfolio.report.tables import (
    MILESTONE_COLUMNS,
    Cell,
    assignment_notes,
    finding_text,
    milestone_cells,
    overview_headers,
    overview_row,
    previous_text,
    record_lines,
    stale_text,
    tables,
)

__all__ = ["migration_text", "render_text", "summary_lines"]

_WIDTH = 100


def _heading(title: str, char: str = "=") -> list[str]:
    title = " ".join(title.split())  # no tab or carriage return from the files reaches the terminal
    return ["", title, char * len(title)]


def _wrap(label: str, text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(f"{label}: {text}", width=_WIDTH, initial_indent=indent, subsequent_indent=indent + "  ") or [
        f"{indent}{label}:"
    ]


def _table(headers: Sequence[str], rows: Iterable[Sequence[Cell]], words: Words, indent: str = "") -> list[str]:
    body = simple_table(headers, [[cell_text(c, words) for c in row] for row in rows])
    return [indent + line for line in body.splitlines()]


def migration_text(m: MigrationLine, words: Words) -> str:
    """One migration in words: ``EASI → Picard (rehost)``, or its open landing decision."""
    if m.target is None and m.candidates:
        candidates = f" {words['or']} ".join(m.candidates)
        if m.decision is not None:
            what = words(
                "open_decision", candidates=candidates, decision=m.decision, date=words.date(m.decision_forecast)
            )
        else:
            what = words("open_decision_nodate", candidates=candidates)
    else:
        what = f"{m.source_platform or '?'} → {m.target or '?'}"
    return f"{m.name}: {what} ({messages.approach(m.approach, words.lang)})"


def summary_lines(report: MonthlyReport, words: Words) -> list[str]:
    """The summary in sentences, one per line (shared by the text and Markdown renderers)."""
    w = words
    counts = ", ".join(f"{n} {w.rag(r)}" for r, n in report.rag_counts.items())
    spent = f" ({w.percent(100 * report.realised / report.budget)})" if report.budget else ""
    below = [a for a in report.availability if a.meets is False]
    return [
        f"{w['running']}: {len(report.running)} — {counts}",
        f"{w['budget_total']}: {w.money(report.budget)}; {w['realised'].lower()}: {w.money(report.realised)}{spent}",
        f"{w['started']}: " + (", ".join(f"{i} {t}" for i, t in report.started) or w["none"]),
        f"{w['finished']}: " + (", ".join(f"{i} {t}" for i, t in report.finished) or w["none"]),
        f"{w['availability']}: " + (w("below_norm", n=", ".join(a.name for a in below)) if below else w["all_meet"]),
        f"{w['findings_count']}: "
        + w("findings_count_text", n=report.findings_count, other=len(report.other_findings)),
    ]


def footnotes(report: MonthlyReport, words: Words) -> list[str]:
    """The notes under the overview: why an assignment's time is grey (no baseline).

    Examples:
        >>> from portfolio.io import load
        >>> from portfolio.report.data import monthly_report
        >>> footnotes(monthly_report(load("examples/datacentre").portfolio, "2023-12"), Words("en"))
        ['Grey for Time: no baseline (not measured, not counted green).']
    """
    return [words["no_baseline_footnote"]] if any(a.no_baseline for a in report.assignments) else []


def _milestone_rows(milestones: Iterable[MilestoneLine], words: Words) -> list[tuple[Cell, ...]]:
    return [milestone_cells(m, words) for m in milestones]


def _assignment(a: AssignmentLine, report: MonthlyReport, words: Words) -> list[str]:
    w = words
    lines = _heading(f"{a.id}  {a.title}  [{w.rag(a.rag)}]", "-")
    lines += _wrap(w["client"], a.client or "-")
    lines += _wrap(w["contractor"], a.contractor or "-")
    if a.services:
        lines += _wrap(w["services"], ", ".join(n for _, n in a.services))
    if a.migrations:
        lines.append(f"  {w['migrations']}:")
        for m in a.migrations:
            lines += textwrap.wrap(
                migration_text(m, w), width=_WIDTH, initial_indent="    - ", subsequent_indent="      "
            )
    lines.append(
        f"  {w['phase']}: {messages.phase(a.phase, w.lang) or '-'} · {w['rag_time']}: {w.rag(a.rag_time)} · "
        f"{w['rag_money']}: {w.rag(a.rag_money)} · {w['rag_quality']}: {w.rag(a.rag_quality)}"
        + (f" · {w['rag_reported']}: {w.rag(a.rag_reported)}" if a.rag_reported else "")
    )
    lines.append(
        f"  {w['forecast_finish']}: {w.date(a.finish)} · {w['baseline_finish']}: "
        f"{w.date(a.baseline_finish)} · {w['slip_total']}: {w.signed(a.variance)} · "
        f"{w['slip_original']}: {w.signed(a.variance_original)} · {w['slip_since']}: {w.signed(a.moved_days)}"
    )
    lines += [f"  {note}" for note in assignment_notes(a, w)]
    spent = f" ({w.percent(100 * a.spent)})" if a.spent is not None else ""
    lines.append(f"  {w['budget']}: {w.money(a.budget)} · {w['realised']}: {w.money(a.realised)}{spent}")
    if (earned := evm_text(a, w)) is not None:
        lines.append(f"  {w['evm_detail']}: {earned}")
    lines += _wrap(w["explanation"], w["explanation_missing"] if a.explanation_missing else a.explanation)
    if a.milestones:
        lines.append(f"  {w['key_milestones']}:")
        lines += _table([w[k] for k in MILESTONE_COLUMNS], _milestone_rows(a.milestones, w), w, indent="    ")
    title = w("next_milestones", date=w.date(report.lookahead_end))
    if a.next_milestones:
        lines.append(f"  {title}:")
        lines += [f"    {w.short_date(m.forecast)}  {m.id}  {m.name}" for m in a.next_milestones]
    else:
        lines.append(f"  {title}: {w['none']}")
    if a.findings:
        lines.append(f"  {w['findings']}:")
        for f in a.findings:
            text = f"{w.severity(f.severity)}[{f.rule}]: {finding_text(f, w)}"
            if f.waived:
                text += f" ({w['waived']}: {f.waiver_reason})"
            lines += textwrap.wrap(text, width=_WIDTH, initial_indent="    - ", subsequent_indent="      ")
    return lines


def render_text(report: MonthlyReport, *, lang: str = "nl") -> str:
    """The whole report as text, Dutch by default (``lang="en"`` for English)."""
    w = Words(lang, unit=report.day_unit)
    title = f"{w['title']} — {report.portfolio}"
    lines = [
        title,
        "=" * len(title),
        f"{w['period']}: {w.month(report.period)} · {w['status_date']}: {w.date(report.status_date)}",
        f"{w['compared_with']}: {previous_text(report, w)}",
    ]
    if report.stale:
        lines.append(f"{w['stale_label']}: {stale_text(report, w)}")
    for label, text in record_lines(report, w):
        lines += _wrap(label, text, indent="")
    lines += _heading(w["summary"])
    lines += [f"  {line}" for line in summary_lines(report, w)]
    if report.comments:
        lines += _wrap(w["comments"], report.comments)
    lines += _heading(w["overview"])
    lines += _table(
        overview_headers(w),
        [overview_row(attrs.evolve(a, title=textwrap.shorten(a.title, 44, placeholder="…")), w)
         for a in report.assignments],
        w,
    )
    lines += footnotes(report, w)
    lines += _heading(w["details"])
    for a in report.assignments:
        lines += _assignment(a, report, w)
    by_key = {t.key: t for t in tables(report, w)}
    lines += _heading(w["key_milestones"])
    lines += _table([w[k] for k in MILESTONE_COLUMNS], _milestone_rows(report.key_milestones, w), w)
    for key in RISK_KEYS if report.risk is not None else ():
        lines += _heading(by_key[key].title)
        lines += textwrap.wrap(risk_note(report, w), width=_WIDTH) if key == "risk" else []
        lines += _table(by_key[key].headers, shown_rows(by_key[key], w), w) if by_key[key].rows else [w["none"]]
    if (waves := by_key.get("waves")) is not None:  # the wave plan, with a capacity section
        lines += _heading(waves.title)
        lines += [part for note in waves_note(report, w) for part in textwrap.wrap(note, width=_WIDTH)]
        lines += _table(waves.headers, shown_rows(waves, w), w) if waves.rows else [w["none"]]
    sections = (("mta", w["mta_note"]), ("restated", w["restated_note"]), ("replans", ""), ("driving-path", ""),
                ("availability", ""), ("movers", ""))
    for key, note in sections:
        table = by_key[key]
        lines += _heading(table.title)
        if note:
            lines.append(note)
        lines += _table(table.headers, table.rows, w) if table.rows else [w["none"]]
    lines.append("")
    lines += textwrap.wrap(
        w("thresholds", time=report.thresholds.time_red, money=w.percent(100 * report.thresholds.money_amber)),
        width=_WIDTH,
    )
    lines.append(w["wd_note"])
    return "\n".join(lines) + "\n"
