"""The four-monthly report rendered: text, Markdown, one HTML page, an Excel workbook, JSON (and PDF via HTML).

Every form reads the same tables and sentences ([`portfolio.report.four_monthly_tables`][portfolio.report.four_monthly_tables]);
the HTML page is what the PDF is printed from ([`portfolio.report.pdf`][portfolio.report.pdf]).
JSON has stable English keys and the shape ``four-monthly-report.schema.json`` describes.

Examples:
    >>> from portfolio.io import load
    >>> from portfolio.report.four_monthly import four_monthly_report
    >>> report = four_monthly_report(load("examples/logius").portfolio, "2023-T2")
    >>> render_four_monthly(report, "text", lang="en").decode().splitlines()[0]
    'Four-monthly report — Logius migratieportfolio'
    >>> import jsonschema
    >>> jsonschema.validate(four_monthly_dict(report), load_four_monthly_schema())
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Final

from portfolio import __version__
from portfolio.report.four_monthly import FourMonthlyReport
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
    span_text,
    tables,
)
from portfolio.report.i18n import Words
from portfolio.report.json import _value

__all__ = [
    "FOUR_MONTHLY_FORMATS",
    "SCHEMA_FILE",
    "SCHEMA_ID",
    "four_monthly_dict",
    "load_four_monthly_schema",
    "render_four_monthly",
]

FOUR_MONTHLY_FORMATS: Final = {"text": ".txt", "md": ".md", "html": ".html", "xlsx": ".xlsx", "json": ".json",
                               "pdf": ".pdf"}
"""The formats of the four-monthly report and the suffix of each."""
SCHEMA_FILE: Final = "four-monthly-report.schema.json"
SCHEMA_ID: Final = "four-monthly-report/1"


def render_four_monthly(report: FourMonthlyReport, format: str = "text", *, lang: str = "nl") -> bytes:
    """The report in ``format`` (one of `FOUR_MONTHLY_FORMATS`) and language ``lang``, as bytes."""
    words = Words(lang, unit=report.day_unit)
    if format == "text":
        return render_text(report, words).encode("utf-8")
    if format == "md":
        return render_markdown(report, words).encode("utf-8")
    if format == "html":
        return render_html(report, words).encode("utf-8")
    if format == "xlsx":
        return render_xlsx(report, words)
    if format == "json":
        return (json.dumps(four_monthly_dict(report), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if format == "pdf":
        from portfolio.report.pdf import html_to_pdf  # noqa: PLC0415 - the pdf extra, loaded only here

        return html_to_pdf(render_html(report, words), title=_title(report, words), lang=lang,
                           date=report.status_date)
    raise ValueError(f"format {format!r} is not supported; choose one of {', '.join(FOUR_MONTHLY_FORMATS)}")


def _title(report: FourMonthlyReport, words: Words) -> str:
    return f"{words['fm_title']} {span_text(report, words)} — {report.portfolio}"


def _header(report: FourMonthlyReport, words: Words) -> list[tuple[str, str]]:
    start = words.date(report.start_date) if report.start_date else words["fm_none_before"]
    sources = ", ".join(f"{words.month(p)}: {words['fm_source_' + s]}" for p, s in report.sources)
    return [
        (words["period"], span_text(report, words)),
        (words["status_date"], words.date(report.status_date)),
        (words["fm_start_state"], start),
        (words["baseline"], report.baseline),
        (words["fm_sources"], sources),
    ]


def _text_table(headers: Any, rows: Any, words: Words) -> list[str]:
    from portfolio.report.text import _table  # noqa: PLC0415 - the text renderer's one table helper

    return ["", *_table(headers, rows, words, indent="  ")]


def render_text(report: FourMonthlyReport, words: Words) -> str:
    """The report as plain text."""
    from portfolio.report.text import _heading, _wrap  # noqa: PLC0415

    lines = [f"{words['fm_title']} — {report.portfolio}", *(f"{k}: {v}" for k, v in _header(report, words))]
    lines += _heading(words["fm_domains"])
    for d in report.domains:
        lines += _heading(domain_title(d, words), "-")
        if d.availability:
            lines += ["", f"  {words['fm_availability']}: {availability_summary(d, report, words)}"]
            lines += _text_table(availability_headers(report, words), availability_rows(d), words)
        if d.key_milestones:
            lines += ["", f"  {words['fm_key_milestones']}:"]
            for m in d.key_milestones:
                row = milestone_row(m, words)
                lines += _wrap(f"  {m.name}", f"{words['fm_forecast_end']} {words.date(m.forecast_end)}, "
                               f"{words['fm_forecast_start']} {words.date(m.forecast_start)}, "
                               f"{words['baseline_date']} {words.date(m.baseline)} ({words.signed(m.variance)})"
                               + (f"; {m.reason}" if m.reason else ""))
                del row
        for label, items in domain_events(d, words):
            lines += ["", f"  {label}:", *(f"  - {item}" for item in items)]
    lines += _heading(words["fm_portfolio_part"])
    path = tables(report, words)[-1]
    lines += ["", f"  {path.title}:", *_text_table(path.headers, path.rows, words)[1:]]
    lines += ["", f"  {words['fm_replans']}:"] + ([f"  - {r.name}: {r.reason}" for r in report.replans]
                                                 or [f"  {words['fm_no_replans']}"])
    if report.waivers:
        lines += ["", f"  {words['fm_waivers']}:", *(f"  - {_waiver(w, words)}" for w in report.waivers)]
    lines += _heading(words["fm_finance"]) + _finance_text(report, words)
    return "\n".join(lines).rstrip() + "\n"


def _waiver(w: Any, words: Words) -> str:
    kind = words["fm_waiver_new"] if w.new else words["fm_waiver_expires"]
    return f"{w.rule} {w.subject or ''} ({kind}, {words.date(w.expires)}): {w.reason}".replace("  ", " ")


def _finance_text(report: FourMonthlyReport, words: Words) -> list[str]:
    if not report.finance:
        return ["", words["fm_no_finance"]]
    lines = ["", words("fm_finance_as_of", date=words.date(report.finance_date))]
    for g in report.finance:
        lines += [f"- {s}" for s in finance_sentences(g, words)]
    return lines + _text_table(finance_headers(words), finance_rows(report, words), words)


def render_markdown(report: FourMonthlyReport, words: Words) -> str:
    """The report as Markdown."""
    from portfolio.report.markdown import _table, escape  # noqa: PLC0415 - the Markdown renderer's helpers

    lines = [f"# {escape(words['fm_title'])} — {escape(report.portfolio)}", ""]
    lines += [f"- **{escape(k)}:** {escape(v)}" for k, v in _header(report, words)] + [""]
    lines += [f"## {escape(words['fm_domains'])}", ""]
    for d in report.domains:
        lines += [f"### {escape(domain_title(d, words))}", ""]
        if d.availability:
            lines += [f"**{escape(words['fm_availability'])}:** {escape(availability_summary(d, report, words))}", ""]
            lines += _table(availability_headers(report, words), availability_rows(d), words)
        if d.key_milestones:
            lines += _table(milestone_headers(words), [milestone_row(m, words) for m in d.key_milestones], words)
        for label, items in domain_events(d, words):
            lines += [f"**{escape(label)}:**", "", *(f"- {escape(i)}" for i in items), ""]
    path = tables(report, words)[-1]
    lines += [f"## {escape(words['fm_portfolio_part'])}", "", f"**{escape(path.title)}**", ""]
    lines += _table(path.headers, path.rows, words)
    lines += [f"**{escape(words['fm_replans'])}:**", ""]
    lines += [f"- {escape(r.name)}: {escape(r.reason)}" for r in report.replans] or [escape(words["fm_no_replans"])]
    lines += ["", *([f"**{escape(words['fm_waivers'])}:**", ""] if report.waivers else [])]
    lines += [f"- {escape(_waiver(w, words))}" for w in report.waivers]
    lines += [f"## {escape(words['fm_finance'])}", ""]
    if not report.finance:
        return "\n".join([*lines, escape(words["fm_no_finance"]), ""])
    lines += [escape(words("fm_finance_as_of", date=words.date(report.finance_date))), ""]
    lines += [f"- {escape(s)}" for g in report.finance for s in finance_sentences(g, words)] + [""]
    lines += _table(finance_headers(words), finance_rows(report, words), words)
    return "\n".join(lines).rstrip() + "\n"


def render_xlsx(report: FourMonthlyReport, words: Words) -> bytes:
    """The report's tables as the bytes of an ``.xlsx`` workbook, one sheet each."""
    from portfolio.report.xlsx import workbook_bytes  # noqa: PLC0415 - the monthly workbook's writer (XlsxWriter)

    sheets = ((words[f"fm_sheet_{table.key.split('-')[-1]}"][:31], table) for table in tables(report, words))
    return workbook_bytes(sheets, words, _title(report, words), report.status_date)


def load_four_monthly_schema() -> dict[str, Any]:
    """The JSON Schema of a JSON four-monthly report (draft 2020-12), shipped in [`portfolio.schema`][portfolio.schema]."""
    text = resources.files("portfolio.schema").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def four_monthly_dict(report: FourMonthlyReport) -> dict[str, Any]:
    """The report's data as JSON data: the records' field names as keys, ISO dates, English values."""
    doc: dict[str, Any] = {"schema": SCHEMA_ID}
    doc.update(_value(report))
    doc["finance_total"] = _group(report.finance_total) if report.finance_total else None
    doc["finance"] = [_group(g) for g in report.finance]
    for section, data in zip(report.domains, doc["domains"], strict=True):
        for move, item in zip(section.key_milestones, data["key_milestones"], strict=True):
            item["moved_days"] = move.moved_days
        for avail, item in zip(section.availability, data["availability"], strict=True):
            item["meets"] = avail.meets
    doc["sources"] = [{"period": p, "source": s} for p, s in report.sources]
    return doc


def _group(group: Any) -> dict[str, Any]:
    data: dict[str, Any] = _value(group)
    data.update(under=group.under, offset=group.offset, net=group.net, net_percent=group.net_percent)
    for line in data["lines"]:
        line.pop("source", None)
    for note in data["notes"]:
        note.pop("source", None)
    return data


def render_html(report: FourMonthlyReport, words: Words) -> str:
    """The report as one self-contained HTML page (the source of the PDF), with a vector availability chart."""
    from portfolio.report.four_monthly_html import html_page  # noqa: PLC0415 - Jinja2 loads only here

    return html_page(report, words, title=_title(report, words), header=_header(report, words),
                     generated=__version__)
