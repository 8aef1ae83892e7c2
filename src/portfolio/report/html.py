"""The monthly report as one self-contained HTML page (Jinja2, the ``report`` extra).

Inline CSS and inline SVG charts — a Gantt of the running assignments with
their baseline bars, the milestone trend analysis (MTA) and the driving path
to the first key milestone — and no scripts, fonts or images from elsewhere;
a print style sheet makes it readable as PDF. This module computes every
coordinate and formats every value; the template (``templates/monthly.html.j2``)
only places them. Jinja2 autoescapes everything: no value is marked safe.

Examples:
    >>> from portfolio.io import load
    >>> from portfolio.report.data import monthly_report
    >>> page = render_html(monthly_report(load("examples/logius").portfolio, "2023-08"), lang="en")
    >>> page.startswith("<!DOCTYPE html>"), page.count("<svg") >= 3, "<script" in page
    (True, True, False)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from portfolio import __version__, _months, colours, messages
from portfolio.model import Portfolio, Rag
from portfolio.report._extra_tables import evm_text, risk_note, shown_rows, waves_note
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

if TYPE_CHECKING:
    import jinja2

__all__ = ["RAG_COLOURS", "environment", "render_html", "with_interactive_gantt"]

RAG_COLOURS: Final = {rag: colours.RAG[rag.value] for rag in Rag}
"""The colour of each RAG status on the page."""

_CHAR_W: Final = 6.5
"""the width of a character of an axis label, in pixels (11 px sans-serif)"""

_PALETTE: Final = colours.PALETTE


@attrs.frozen
class _Axis:
    """A linear date scale onto pixels."""

    first: dt.date
    last: dt.date
    x0: float
    x1: float

    def __call__(self, day: dt.date) -> float:
        span = max(1, (self.last - self.first).days)
        return round(self.x0 + (self.x1 - self.x0) * (day - self.first).days / span, 1)


def _month_ticks(first: dt.date, last: dt.date, axis: _Axis, words: Words, every: int = 1) -> list[dict[str, Any]]:
    ticks = []
    for index, day in enumerate(_months.starts(first, last)):
        if day >= first and index % every == 0:
            x, label = axis(day), words.month_abbr(day)
            # a label that would run past the chart's right edge ends at its tick instead
            fits = x + 2 + _CHAR_W * len(label) <= axis.x1 + 8
            ticks.append({"x": x, "label": label, "tx": x + 2 if fits else x - 2, "anchor": "start" if fits else "end"})
    return ticks


def _span(days: Iterable[dt.date], pad: int = 15) -> tuple[dt.date, dt.date]:
    found = list(days)
    first, last = min(found), max(found)
    return first - dt.timedelta(days=pad), last + dt.timedelta(days=pad)


def _gantt(report: MonthlyReport, words: Words) -> dict[str, Any]:
    """Bars of the running assignments: forecast (coloured by RAG) above the baseline (grey)."""
    width, label_w, row_h = 960, 250, 30
    days = [report.status_date]
    for a in report.assignments:
        days += [a.start, a.finish]
        days += [d for d in (a.baseline_start, a.baseline_finish) if d is not None]
    first, last = _span(days)
    axis = _Axis(first, last, label_w + 10, width - 10)
    months = _months.between(first, last)
    rows = []
    for i, a in enumerate(report.assignments):
        y = 28 + i * row_h
        row = {
            "y": y,
            "label": f"{a.id} {a.title}",
            "short": a.title if len(a.title) <= 34 else a.title[:33] + "…",
            "id": a.id,
            "x": axis(a.start),
            "w": max(2.0, axis(a.finish) - axis(a.start)),
            "colour": RAG_COLOURS[a.rag],
            "rag": words.rag(a.rag),
            "tip": f"{a.id} {a.title}: {words.short_date(a.start)} – {words.short_date(a.finish)}",
        }
        if a.baseline_start is not None and a.baseline_finish is not None:
            row["bx"] = axis(a.baseline_start)
            row["bw"] = max(2.0, axis(a.baseline_finish) - axis(a.baseline_start))
        rows.append(row)
    height = 28 + len(rows) * row_h + 10
    return {
        "width": width,
        "height": height,
        "label_w": label_w,
        "rows": rows,
        "ticks": _month_ticks(first, last, axis, words, every=max(1, months // 12 + 1)),
        "today": axis(report.status_date),
        "today_label": words.short_date(report.status_date),
    }


def _mta(report: MonthlyReport, words: Words) -> dict[str, Any] | None:
    """The MTA chart: status dates across, forecast dates up; a flat line is a milestone that holds."""
    if not report.trends or not report.trends[0].points:
        return None
    width, height, left, right, top, bottom = 960, 380, 90, 300, 20, 50
    reported = [p.status_date for p in report.trends[0].points]
    forecasts = [p.forecast for t in report.trends for p in t.points]
    forecasts += [t.baseline_finish for t in report.trends if t.baseline_finish is not None]
    x_first, x_last = _span(reported, pad=20)
    y_first, y_last = _span([*forecasts, *reported], pad=20)
    xa = _Axis(x_first, x_last, left, width - right)
    ya = _Axis(y_first, y_last, height - bottom, top)
    lines = []
    for i, t in enumerate(report.trends):
        colour = _PALETTE[i % len(_PALETTE)]
        points = [
            {"x": xa(p.status_date), "y": ya(p.forecast), "tip": f"{t.name}: {words.short_date(p.forecast)}"}
            for p in t.points
        ]
        lines.append(
            {
                "colour": colour,
                "points": points,
                "path": " ".join(f"{p['x']},{p['y']}" for p in points),
                "label": t.name,
                "id": t.id,
                "legend_y": top + 10 + i * 22,
                "baseline_y": ya(t.baseline_finish) if t.baseline_finish is not None else None,
            }
        )
    diagonal_end = min(x_last, y_last)
    months = _months.between(y_first, y_last)
    return {
        "width": width,
        "height": height,
        "left": left,
        "plot_right": width - right,
        "top": top,
        "bottom": height - bottom,
        "lines": lines,
        "legend_x": width - right + 20,
        "x_ticks": [{"x": xa(d), "label": words.short_date(d)} for d in reported],
        "y_ticks": [{"y": y, "label": label} for y, label in _y_ticks(y_first, y_last, ya, words, months)],
        "diagonal": {
            "x1": xa(max(x_first, y_first)),
            "y1": ya(max(x_first, y_first)),
            "x2": xa(diagonal_end),
            "y2": ya(diagonal_end),
        },
    }


def _y_ticks(first: dt.date, last: dt.date, axis: _Axis, words: Words, months: int) -> list[tuple[float, str]]:
    every = max(1, months // 8 + 1)
    return [(t["x"], t["label"]) for t in _month_ticks(first, last, axis, words, every=every)]


def _path(report: MonthlyReport, words: Words) -> dict[str, Any] | None:
    """The driving path as a chain of bars, one row per activity, critical ones red."""
    steps = report.driving_path
    if not steps:
        return None
    width, label_w, row_h = 960, 330, 20
    first, last = _span([report.status_date, *(s.start for s in steps), *(s.finish for s in steps)], pad=10)
    axis = _Axis(first, last, label_w + 10, width - 10)
    months = _months.between(first, last)
    rows = []
    for i, s in enumerate(steps):
        x1 = axis(s.finish + dt.timedelta(days=1))
        rows.append(
            {
                "y": 24 + i * row_h,
                "label": s.name if len(s.name) <= 48 else s.name[:47] + "…",
                "x": axis(s.start),
                "w": max(3.0, x1 - axis(s.start)),
                "milestone": s.milestone,
                "mx": axis(s.finish),
                "critical": s.critical,
                "colour": colours.CRITICAL if s.critical else colours.NORMAL,
                "tip": f"{s.id}: {words.short_date(s.start)} – {words.short_date(s.finish)}",
            }
        )
    return {
        "width": width,
        "height": 24 + len(rows) * row_h + 10,
        "label_w": label_w,
        "rows": rows,
        "ticks": _month_ticks(first, last, axis, words, every=max(1, months // 12 + 1)),
        "today": axis(report.status_date),
    }


def _rows(rows: Sequence[Sequence[Cell]], words: Words) -> list[list[dict[str, str]]]:
    """Table cells as text, with a CSS class for RAG cells and numbers."""
    out = []
    for row in rows:
        cells = []
        for value in row:
            css = (
                f"rag rag-{value.value}"
                if isinstance(value, Rag)
                else ("num" if isinstance(value, int | float) and not isinstance(value, bool) else "")
            )
            cells.append({"text": cell_text(value, words), "css": css})
        out.append(cells)
    return out


def environment() -> jinja2.Environment:
    """The Jinja2 environment of the report pages (``templates/``): every value escaped, a missing one an error.

    Each page renders with its template's code compiled ahead (``report/_compiled/``) when that was made from
    the template as it is, by the installed Jinja2, else with the template compiled now: the same page either way
    (`portfolio.report._templates`).

    Returns:
        The environment the monthly and the four-monthly page render with.

    Examples:
        >>> environment().from_string("{{ name }}").render(name="<b>")
        '&lt;b&gt;'
    """
    from portfolio.report import _templates  # noqa: PLC0415 - Jinja2, the report extra, loaded only here

    return _templates.environment()


def _assignment(a: AssignmentLine, w: Words) -> dict[str, Any]:
    """One assignment's part of the page: its facts, colours, migrations, notes, milestones and findings."""
    return {
        "id": a.id,
        "title": a.title,
        "rag": a.rag.value,
        "rag_text": w.rag(a.rag),
        "facts": [
            (w["client"], a.client or "-"),
            (w["contractor"], a.contractor or "-"),
            (w["owner"], a.owner or "-"),
            (w["services"], ", ".join(n for _, n in a.services) or "-"),
            (w["phase"], messages.phase(a.phase, w.lang) or "-"),
            (w["forecast_finish"], w.date(a.finish)),
            (w["baseline_finish"], w.date(a.baseline_finish)),
            (w["slip_total"], w.signed(a.variance)),
            (w["baseline_original"], w.date(a.baseline_finish_original)),
            (w["slip_original"], w.signed(a.variance_original)),
            (w["slip_since"], w.signed(a.moved_days)),
            (w["budget"], w.money(a.budget)),
            (
                w["realised"],
                w.money(a.realised) + (f" ({w.percent(100 * a.spent)})" if a.spent is not None else ""),
            ),
            *([(w["evm_detail"], earned)] if (earned := evm_text(a, w)) is not None else []),
        ],
        "rags": [
            (w["rag_time"], a.rag_time.value if a.rag_time else "none", w.rag(a.rag_time)),
            (w["rag_money"], a.rag_money.value if a.rag_money else "none", w.rag(a.rag_money)),
            (w["rag_quality"], a.rag_quality.value, w.rag(a.rag_quality)),
            (w["rag_overall"], a.rag.value, w.rag(a.rag)),
        ]
        + ([(w["rag_reported"], a.rag_reported.value, w.rag(a.rag_reported))] if a.rag_reported else []),
        "migrations": [migration_text(m, w) for m in a.migrations],
        "open_decision": any(m.target is None and m.candidates for m in a.migrations),
        "explanation": a.explanation,
        "explanation_missing": a.explanation_missing,
        "notes": assignment_notes(a, w),
        "milestones": _rows([milestone_cells(m, w) for m in a.milestones], w),
        "next": [(w.short_date(m.forecast), m.id, m.name) for m in a.next_milestones],
        "findings": [
            {
                "text": f"{w.severity(f.severity)}[{f.rule}]: {finding_text(f, w)}",
                "severity": f.severity,
                "waived": f.waived,
                "reason": f.waiver_reason,
            }
            for f in a.findings
        ],
    }


def render_html(report: MonthlyReport, *, lang: str = "nl") -> str:
    """The whole report as one HTML page, Dutch by default."""
    return environment().get_template("monthly.html.j2").render(_page_context(report, lang))


def _page_context(report: MonthlyReport, lang: str) -> dict[str, Any]:
    """What ``templates/monthly.html.j2`` renders: the report's texts in ``lang``, its tables and its charts."""
    w = Words(lang, unit=report.day_unit)
    by_key = {t.key: t for t in tables(report, w)}

    def table(key: str) -> dict[str, Any]:
        t = by_key[key]
        return {"title": t.title, "headers": t.headers, "rows": _rows(shown_rows(t, w), w)}

    assignments = [_assignment(a, w) for a in report.assignments]
    overview = _rows([overview_row(a, w) for a in report.assignments], w)
    return {
        "lang": lang,
        "w": w,
        "title": f"{w['title']} — {report.portfolio}",
        "portfolio": report.portfolio,
        "month": w.month(report.period),
        "header": [
            (w["period"], w.month(report.period)),
            (w["status_date"], w.date(report.status_date)),
            *record_lines(report, w),
            (w["compared_with"], previous_text(report, w)),
            *([(w["stale_label"], stale_text(report, w))] if report.stale else []),
        ],
        "counts": [(r.value, w.rag(r), n) for r, n in report.rag_counts.items()],
        "summary": summary_lines(report, w),
        "comments": report.comments,
        "overview_headers": overview_headers(w),
        "footnotes": footnotes(report, w),
        "overview": overview,
        "assignments": assignments,
        "milestone_headers": [w[k] for k in MILESTONE_COLUMNS],
        "next_title": w("next_milestones", date=w.date(report.lookahead_end)),
        "gantt": _gantt(report, w),
        "mta": _mta(report, w),
        "path": _path(report, w),
        "key_milestones": table("key-milestones"),
        "mta_table": table("mta"),
        "path_table": table("driving-path"),
        "availability": table("availability"),
        "movers": table("movers"),
        "restated": table("restated"),
        "risk": table("risk") if report.risk is not None else None,
        "risks": table("risks") if report.risk is not None else None,
        "risk_note": risk_note(report, w),
        "waves": table("waves") if report.waves is not None else None,
        "waves_note": waves_note(report, w),
        "restated_note": w["restated_note"],
        "path_title": w("driving_path", name=report.path_to_name),
        "thresholds": w(
            "thresholds", time=report.thresholds.time_red, money=w.percent(100 * report.thresholds.money_amber)
        ),
        "generated": w("generated", version=__version__),
    }


def with_interactive_gantt(page: str, portfolio: Portfolio, status_date: dt.date, *, lang: str = "nl") -> str:
    """The page with an interactive Gantt of every activity by assignment before ``</body>`` (``interactive`` extra).

    plotly.js is inlined, so the page still works offline; the texts from the
    files are JSON-escaped inside the script (``<`` as ``\\u003c``).
    """
    from portfolio.plots import interactive  # noqa: PLC0415 - the interactive extra, loaded only here
    from portfolio.scheduling import schedule  # noqa: PLC0415

    figure = interactive.gantt(schedule(portfolio, status_date=status_date), by="assignment",
                               baseline=portfolio.baseline_as_of(status_date), lang=lang)
    section = f'<section id="interactive-gantt">{interactive.to_html(figure, full=False)}</section>\n'
    return page.replace("</body>", section + "</body>", 1)
