"""The monthly report as Markdown (pipe tables), e.g. for a wiki or a merge request.

Text from the portfolio files is escaped: ``<``, ``>`` and ``&`` become HTML
entities (a Markdown page is often shown as HTML) and Markdown's own
characters are backslash-escaped, so a name can neither inject markup nor
break a table.

Examples:
    >>> escape("<b>x</b> | *y*")
    '&lt;b&gt;x&lt;/b&gt; \\\\| \\\\*y\\\\*'
    >>> from portfolio.io import load
    >>> from portfolio.report.data import monthly_report
    >>> md = render_markdown(monthly_report(load("examples/logius").portfolio, "2023-08"), lang="en")
    >>> md.splitlines()[0]
    '# Monthly report on running assignments — Logius migratieportfolio'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from portfolio import messages
from portfolio.report._extra_tables import RISK_KEYS, evm_text, risk_note, shown_rows, waves_note
from portfolio.report._format import cell_text
from portfolio.report.data import AssignmentLine, MonthlyReport
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
from portfolio.report.text import footnotes, migration_text, summary_lines

__all__ = ["escape", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")  # inline markup, links and table cells; values never start a line


def escape(text: str) -> str:
    """Text from the portfolio, safe inside Markdown (and the HTML it becomes); one line."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def _table(headers: Sequence[str], rows: Iterable[Sequence[Cell]], words: Words) -> list[str]:
    lines = ["| " + " | ".join(escape(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(escape(cell_text(c, words)) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _assignment(a: AssignmentLine, report: MonthlyReport, w: Words) -> list[str]:
    lines = [f"### {escape(a.id)} {escape(a.title)} — {w.rag(a.rag)}", ""]
    facts = [
        (w["client"], a.client or "-"),
        (w["contractor"], a.contractor or "-"),
        (w["services"], ", ".join(n for _, n in a.services) or "-"),
        (w["phase"], messages.phase(a.phase, w.lang) or "-"),
        (
            f"{w['rag_time']} / {w['rag_money']} / {w['rag_quality']}",
            f"{w.rag(a.rag_time)} / {w.rag(a.rag_money)} / {w.rag(a.rag_quality)}",
        ),
        (
            w["forecast_finish"],
            (
                f"{w.date(a.finish)} ({w['baseline_finish'].lower()} {w.date(a.baseline_finish)}, "
                f"{w.signed(a.variance)} {w.unit_text}; {w['baseline_original'].lower()} "
                f"{w.date(a.baseline_finish_original)}, {w.signed(a.variance_original)} {w.unit_text}; "
                f"{w['slip_since'].lower()}: {w.signed(a.moved_days)})"
            ),
        ),
        (
            w["budget"],
            f"{w.money(a.budget)}; {w['realised'].lower()} {w.money(a.realised)}"
            + (f" ({w.percent(100 * a.spent)})" if a.spent is not None else ""),
        ),
        *([(w["evm_detail"], earned)] if (earned := evm_text(a, w)) is not None else []),
    ]
    lines += [f"- **{escape(k)}:** {escape(v)}" for k, v in facts]
    lines += [f"- **{escape(w['migration'])}:** {escape(migration_text(m, w))}" for m in a.migrations]
    explanation = f"**{escape(w['explanation_missing'])}**" if a.explanation_missing else escape(a.explanation)
    lines += [f"- **{escape(w['explanation'])}:** {explanation}"]
    lines += [f"- {escape(note)}" for note in assignment_notes(a, w)]
    lines.append("")
    if a.milestones:
        lines += _table([w[k] for k in MILESTONE_COLUMNS], [milestone_cells(m, w) for m in a.milestones], w)
    nxt = ", ".join(f"{w.short_date(m.forecast)} {m.name}" for m in a.next_milestones) or w["none"]
    lines += [f"**{escape(w('next_milestones', date=w.date(report.lookahead_end)))}:** {escape(nxt)}", ""]
    for f in a.findings:
        waived = f" ({w['waived']}: {f.waiver_reason})" if f.waived else ""
        lines.append(f"- {escape(w.severity(f.severity))}\\[{escape(f.rule)}\\]: {escape(finding_text(f, w) + waived)}")
    if a.findings:
        lines.append("")
    return lines


def render_markdown(report: MonthlyReport, *, lang: str = "nl") -> str:
    """The whole report as Markdown, Dutch by default."""
    w = Words(lang, unit=report.day_unit)
    lines = [
        f"# {escape(w['title'])} — {escape(report.portfolio)}",
        "",
        (
            f"**{w['period']}:** {escape(w.month(report.period))} · **{w['status_date']}:** "
            f"{escape(w.date(report.status_date))} · "
            f"**{w['compared_with']}:** {escape(previous_text(report, w))}"
        ),
        "",
        *(f"- **{escape(label)}:** {escape(text)}" for label, text in record_lines(report, w)),
        "",
        *([f"> **{w['stale_label']}:** {escape(stale_text(report, w))}", ""] if report.stale else []),
        f"## {w['summary']}",
        "",
    ]
    lines += [f"- {escape(line)}" for line in summary_lines(report, w)]
    if report.comments:
        lines += ["", f"> {escape(report.comments)}"]
    lines += ["", f"## {w['overview']}", ""]
    lines += _table(overview_headers(w), [overview_row(a, w) for a in report.assignments], w)
    lines += [*(escape(note) for note in footnotes(report, w)), ""] if footnotes(report, w) else []
    lines += [f"## {w['details']}", ""]
    for a in report.assignments:
        lines += _assignment(a, report, w)
    by_key = {t.key: t for t in tables(report, w)}
    risk = RISK_KEYS if report.risk is not None else ()
    waves = ("waves",) if "waves" in by_key else ()
    for key in ("key-milestones", *risk, *waves, "mta", "restated", "replans", "driving-path", "availability",
                "movers"):
        table = by_key[key]
        lines += [f"## {escape(table.title)}", ""]
        lines += [escape(risk_note(report, w)), ""] if key == "risk" else []
        lines += [line for note in waves_note(report, w) for line in (escape(note), "")] if key == "waves" else []
        lines += _table(table.headers, shown_rows(table, w), w) if table.rows else [w["none"], ""]
    lines.append(
        escape(w("thresholds", time=report.thresholds.time_red, money=w.percent(100 * report.thresholds.money_amber)))
        + " "
        + escape(w["wd_note"])
    )
    return "\n".join(lines) + "\n"
