"""The four-monthly report as one self-contained HTML page (Jinja2, the ``report`` extra); the PDF's source.

Inline CSS and an inline SVG chart of each domain's availability against the
norm; no scripts, fonts or images from elsewhere. Jinja2 autoescapes every value.

Examples:
    >>> from portfolio.io import load
    >>> from portfolio.report.four_monthly import four_monthly_report
    >>> from portfolio.report.four_monthly_render import render_four_monthly
    >>> page = render_four_monthly(four_monthly_report(load("examples/logius").portfolio, "2023-T2"), "html").decode()
    >>> page.startswith("<!DOCTYPE html>"), page.count("<svg") >= 5, "<script" in page
    (True, True, False)
"""

from __future__ import annotations

from typing import Any, Final

from portfolio.report.four_monthly import DomainSection, FourMonthlyReport
from portfolio.report.four_monthly_tables import (
    availability_headers,
    availability_rows,
    availability_summary,
    domain_events,
    domain_title,
    finance_headers,
    finance_rows,
    finance_sentences,
    milestone_headers,
    milestone_row,
    tables,
)
from portfolio.report.html import _rows, environment
from portfolio.report.i18n import Words

__all__ = ["availability_chart", "html_page"]

_LOW: Final = 99.5
"""the chart's axis starts here (percent); a figure below it is drawn at the axis"""
_LABEL_W: Final = 250
_BAR_W: Final = 360


def availability_chart(section: DomainSection, words: Words) -> dict[str, Any] | None:
    """Bars of each service's lowest reported availability on a 99.5-100 % axis, with the norm as a line.

    Examples:
        >>> from portfolio.report.four_monthly import ServiceAvailability
        >>> d = DomainSection(name="T", availability=(ServiceAvailability(service="s", name="S", norm=99.8,
        ...                   months=(99.9,)),), migrations=(), key_milestones=(), reached=(), decided=(), open=(),
        ...                   finished=())
        >>> chart = availability_chart(d, Words("en"))
        >>> chart["rows"][0]["w"], chart["rows"][0]["below"], chart["rows"][0]["norm_x"]
        (288.0, False, 466.0)
    """
    shown = [a for a in section.availability if any(v is not None for v in a.months)]
    if not shown:
        return None

    def x(value: float) -> float:
        return round(_LABEL_W + _BAR_W * (max(_LOW, min(100.0, value)) - _LOW) / (100.0 - _LOW), 1)

    rows = []
    for i, a in enumerate(shown):
        low = min(v for v in a.months if v is not None)
        name = a.name if len(a.name) <= 38 else a.name[:37] + "…"
        rows.append({"y": 24 + 20 * i, "name": name, "w": round(x(low) - _LABEL_W, 1),
                     "below": a.norm is not None and low < a.norm, "norm_x": x(a.norm) if a.norm else None,
                     "label": words.percent(low, 2)})
    ticks = [{"x": x(v), "label": words.percent(v, 1)} for v in (99.5, 99.6, 99.7, 99.8, 99.9, 100.0)]
    return {"width": _LABEL_W + _BAR_W + 90, "height": 34 + 20 * len(shown), "x0": _LABEL_W, "rows": rows,
            "ticks": ticks}


def _section(report: FourMonthlyReport, d: DomainSection, w: Words, index: int) -> dict[str, Any]:
    return {
        "id": f"domain-{index}",
        "title": domain_title(d, w),
        "availability_summary": availability_summary(d, report, w) if d.availability else "",
        "availability": _rows(availability_rows(d), w),
        "chart": availability_chart(d, w),
        "milestones": [{"cells": _rows([milestone_row(m, w)[1:-1]], w)[0], "reason": m.reason}
                       for m in d.key_milestones],
        "events": domain_events(d, w),
    }


def html_page(report: FourMonthlyReport, w: Words, *, title: str, header: list[tuple[str, str]],
              generated: str) -> str:
    """The page: the header, the contents, a section per domain, the portfolio-wide part and finance."""
    context = _page_context(report, w, title=title, header=header, generated=generated)
    return environment().get_template("four_monthly.html.j2").render(context)


def _page_context(report: FourMonthlyReport, w: Words, *, title: str, header: list[tuple[str, str]],
                  generated: str) -> dict[str, Any]:
    """What ``templates/four_monthly.html.j2`` renders."""
    path = tables(report, w)[-1]
    return {
        "lang": w.lang,
        "w": w,
        "title": title,
        "header": header,
        "domains": [_section(report, d, w, i) for i, d in enumerate(report.domains)],
        "availability_headers": availability_headers(report, w),
        "milestone_headers": milestone_headers(w)[1:-1],  # the name says it; the reason goes below
        "path": {"title": path.title, "headers": path.headers, "rows": _rows(path.rows, w)},
        "replans": [(r.name, r.reason) for r in report.replans],
        "waivers": [(x.rule, x.subject or "", w["fm_waiver_new"] if x.new else w["fm_waiver_expires"],
                     w.date(x.expires), x.reason) for x in report.waivers],
        "finance_note": w("fm_finance_as_of", date=w.date(report.finance_date)) if report.finance else "",
        "finance_sentences": [s for g in report.finance for s in finance_sentences(g, w)],
        "finance_headers": finance_headers(w),
        "finance_rows": _rows(finance_rows(report, w), w),
        "generated": generated,
    }
