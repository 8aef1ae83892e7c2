"""The monthly overview of all running assignments (maandrapportage): report data first, renderers second.

`monthly_report` builds the report as plain data ([`portfolio.report.data`][portfolio.report.data]);
the renderers turn it into text, Markdown, one self-contained HTML file,
an Excel workbook or CSV tables, in Dutch (default) or English
([`portfolio.report.i18n`][portfolio.report.i18n]). `render` picks the renderer by format.
The HTML and Excel renderers need the ``report`` extra (Jinja2, XlsxWriter),
imported only when used.

Examples:
    >>> from portfolio.io import load
    >>> report = monthly_report(load("examples/logius").portfolio, "2023-08")
    >>> render(report, "text", lang="en").startswith(b"Monthly report on running assignments")
    True
"""

from __future__ import annotations

from typing import Final

from portfolio.report.data import MonthlyReport, Thresholds, monthly_report
from portfolio.report.i18n import LANGUAGES, Words

__all__ = ["FORMATS", "LANGUAGES", "MonthlyReport", "Thresholds", "Words", "monthly_report", "render"]

FORMATS: Final = {"text": ".txt", "md": ".md", "html": ".html", "xlsx": ".xlsx", "csv": ".zip", "json": ".json"}
"""The output formats, and the file suffix of each."""


def render(report: MonthlyReport, format: str = "text", *, lang: str = "nl") -> bytes:
    """The report rendered in ``format`` (one of `FORMATS`) and language ``lang``, as bytes.

    Text, Markdown, HTML and JSON are UTF-8 (JSON in English, its keys stable:
    ``portfolio.report.json``); ``csv`` is a zip of one CSV file per
    table; ``xlsx`` an Excel workbook.
    """
    Words(lang)  # an unknown language fails before any work
    if format == "text":
        from portfolio.report.text import render_text  # noqa: PLC0415 - each renderer loads on demand

        return render_text(report, lang=lang).encode("utf-8")
    if format == "md":
        from portfolio.report.markdown import render_markdown  # noqa: PLC0415

        return render_markdown(report, lang=lang).encode("utf-8")
    if format == "html":
        from portfolio.report.html import render_html  # noqa: PLC0415

        return render_html(report, lang=lang).encode("utf-8")
    if format == "xlsx":
        from portfolio.report.xlsx import render_xlsx  # noqa: PLC0415

        return render_xlsx(report, lang=lang)
    if format == "json":
        from portfolio.report.json import render_json  # noqa: PLC0415

        return render_json(report).encode("utf-8")
    if format == "csv":
        from portfolio.report.csv import render_csv_zip  # noqa: PLC0415

        return render_csv_zip(report, lang=lang)
    raise ValueError(f"format {format!r} is not supported; choose one of {', '.join(FORMATS)}")
