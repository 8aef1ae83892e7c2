"""The monthly report as an Excel workbook (XlsxWriter, the ``report`` extra): one sheet per section.

Each sheet has its title above a frozen header row with an auto filter
(the summary, a sheet of labels and values, has neither);
dates are real Excel dates, amounts numbers with a euro format, spent
shares percentages, and RAG statuses coloured cells (groen, oranje, rood,
grijs) that still say their status in words. Text is always stored as text
(XlsxWriter's ``write_string``, which never reads a formula into it): a cell
that starts like a formula is marked as quoted text as well (Excel's leading
apostrophe), so it shows the text and stays text when a user edits it.

Examples:
    >>> from portfolio.io import load
    >>> from portfolio.report.data import monthly_report
    >>> import io, openpyxl
    >>> data = render_xlsx(monthly_report(load("examples/logius").portfolio, "2023-08"), lang="en")
    >>> book = openpyxl.load_workbook(io.BytesIO(data))
    >>> book.sheetnames[:3]
    ['Summary', 'Assignments', 'Milestones per assignment']
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterable
from typing import Any, Final

from portfolio._safe_text import escape_controls, neutralise
from portfolio.model import Rag
from portfolio.report.data import MonthlyReport
from portfolio.report.i18n import Words
from portfolio.report.tables import Cell, Table, tables

__all__ = ["RAG_FILLS", "render_xlsx", "workbook_bytes"]

RAG_FILLS: Final = {Rag.GREEN: "63BE7B", Rag.AMBER: "FFB347", Rag.RED: "E0605E", Rag.GREY: "BFBFBF"}
"""The fill colour (RGB hex) of each RAG status."""

_HEADER_FILL: Final = "1F3864"
_DATE_FORMAT: Final = {"nl": "d-m-yyyy", "en": "d mmm yyyy"}
_EURO: Final = '"€" #,##0'

#: The parts a cell's format is made of, by name: a cell's format is the union of its parts' properties.
_PARTS: Final[dict[str, dict[str, Any]]] = {
    "title": {"bold": True, "font_size": 13},
    "header": {"bold": True, "font_color": "#FFFFFF", "pattern": 1, "bg_color": f"#{_HEADER_FILL}",
               "text_wrap": True, "valign": "top"},
    "label": {"bold": True, "valign": "top"},
    "pair": {"text_wrap": True, "valign": "top", "align": "left"},
    "quote": {"quote_prefix": True},
    "percent": {"num_format": "0%"},
    "euro": {"num_format": _EURO},
    **{f"date-{lang}": {"num_format": form} for lang, form in _DATE_FORMAT.items()},
    **{f"rag-{rag.value}": {"pattern": 1, "bg_color": f"#{colour}"} for rag, colour in RAG_FILLS.items()},
    "red": {"font_color": "#FFFFFF", "bold": True},
}

_Parts = tuple[str, ...]
"""The names of a cell's format parts (keys of `_PARTS`), in the order they apply."""


def _sheet_name(key: str, words: Words) -> str:
    return words[f"sheet_{key}"][:31]


class _Styles:
    """The formats of one workbook, each made on first use and set on every cell with the same parts.

    XlsxWriter writes one style record per format object; one object per
    combination of parts (not per cell) keeps the workbook's styles few.
    """

    def __init__(self, book: Any) -> None:
        self._book = book
        self._made: dict[_Parts, Any] = {}

    def __call__(self, parts: _Parts) -> Any:
        """The format of ``parts`` (None for none: the default style)."""
        if not parts:
            return None
        made = self._made.get(parts)
        if made is None:
            properties: dict[str, Any] = {}
            for part in parts:
                properties.update(_PARTS[part])
            made = self._made[parts] = self._book.add_format(properties)
        return made


def _write(sheet: Any, table: Table, words: Words, styles: _Styles) -> None:
    """Write ``table`` into ``sheet``: its title in A1, headers in row 2, its rows below (cells 0-based)."""
    _text(sheet, 0, 0, table.title, styles, ("title",), collapse=False)
    if table.key == "summary":
        _write_pairs(sheet, table, words, styles)
        return
    for col, header in enumerate(table.headers):
        _text(sheet, 1, col, header, styles, ("header",), collapse=False)
    widths = [len(h) for h in table.headers]
    money_columns = {i for i, h in enumerate(table.headers) if h in (words["budget"], words["realised"], words["eac"])}
    date = f"date-{words.lang}"
    for r, row in enumerate(table.rows, start=2):
        for c, value in enumerate(row):
            number = "percent" if c in table.percent_columns else "euro" if c in money_columns else ""
            shown = _value(sheet, r, c, value, words, styles, number=number, date=date)
            widths[c] = max(widths[c], min(60, len(str(shown or ""))))
    for c, width in enumerate(widths):
        _width(sheet, c, max(10, width + 2))
    sheet.freeze_panes(2, 0)
    sheet.autofilter(1, 0, max(1, len(table.rows) + 1), max(1, len(table.headers)) - 1)
    sheet.repeat_rows(1)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def _write_pairs(sheet: Any, table: Table, words: Words, styles: _Styles) -> None:
    """A key/value sheet: labels in bold in the first column, values next to them; no header, no filter."""
    money = {words["budget_total"], words["realised_total"]}
    date = f"date-{words.lang}"
    for r, (label, value) in enumerate(((row[0], row[1]) for row in table.rows), start=2):
        _value(sheet, r, 0, label, words, styles, number="", date=date, then=("label",))
        _value(sheet, r, 1, value, words, styles, number="euro" if label in money else "", date=date, then=("pair",))
    _width(sheet, 0, max(12, *(len(str(row[0])) + 2 for row in table.rows)))
    _width(sheet, 1, 100)
    sheet.fit_to_pages(1, 0)


def _width(sheet: Any, col: int, width: int) -> None:
    """Set column ``col``'s stored width to ``width`` characters of 7 pixels, as openpyxl wrote it before.

    `set_column` takes the width Excel shows, and adds the cell's padding
    (5 pixels) to what it stores; in pixels, the stored width is exactly
    ``width``.
    """
    sheet.set_column_pixels(col, col, 7 * width)


def _text(sheet: Any, row: int, col: int, text: str, styles: _Styles, parts: _Parts, *, collapse: bool) -> str:
    """Store ``text`` as text, never as a formula: quoted when it starts like one; control characters escaped.

    Returns:
        The text as stored (its blanks collapsed to single spaces when ``collapse``).
    """
    if collapse:
        text = " ".join(text.split())
    if neutralise(text) != text:
        parts = (*parts, "quote")
    stored = escape_controls(text)  # Excel cannot hold them
    if stored:
        sheet.write_string(row, col, stored, styles(parts))
    else:  # no text: a blank cell (with its format, if any), as Excel leaves a cell nobody typed in
        sheet.write_blank(row, col, None, styles(parts))
    return stored


def _value(sheet: Any, row: int, col: int, value: Cell, words: Words, styles: _Styles, *, number: str, date: str,
           then: _Parts = ()) -> Cell:
    """Write one cell of ``value``'s type with its format parts, and ``then``'s after them; what it stored.

    A number that is not one (NaN, infinite: a ratio of nothing) is a blank cell, as a missing value is.
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        if then:
            sheet.write_blank(row, col, None, styles(then))
        return None
    if isinstance(value, Rag):
        parts: _Parts = (f"rag-{value.value}", "red") if value is Rag.RED else (f"rag-{value.value}",)
        return _text(sheet, row, col, words.rag(value), styles, (*parts, *then), collapse=False)
    if isinstance(value, dt.date):
        sheet.write_datetime(row, col, value, styles((date, *then)))
        return value
    if isinstance(value, bool):  # a yes/no column (the four-monthly availability's "meets"): TRUE or FALSE
        sheet.write_boolean(row, col, value, styles(then))
        return value
    if isinstance(value, int | float):
        sheet.write_number(row, col, value, styles((number, *then) if number else then))
        return value
    return _text(sheet, row, col, value, styles, then, collapse=True)


def render_xlsx(report: MonthlyReport, *, lang: str = "nl") -> bytes:
    """The report as the bytes of an ``.xlsx`` workbook."""
    words = Words(lang, unit=report.day_unit)
    sheets = ((_sheet_name(table.key, words), table) for table in tables(report, words))
    return workbook_bytes(sheets, words, f"{words['title']} — {words.month(report.period)}", report.status_date)


def workbook_bytes(sheets: Iterable[tuple[str, Table]], words: Words, title: str, day: dt.date) -> bytes:
    """The bytes of a workbook of one sheet per (name, table), dated ``day``: the same tables, the same bytes.

    XlsxWriter dates the document (its created and modified time) by the
    ``created`` property, the clock when it has none: here it is ``day``
    (midnight). Writing in memory, it dates every member of the zip archive
    1 January 1980 (Excel's own fixed date), never the clock.

    Examples:
        >>> from portfolio.report.tables import Table
        >>> table = Table(key="t", title="Digipoort", headers=("a",), rows=(("=1",),))
        >>> first = workbook_bytes([("Sheet", table)], Words("en"), "t", dt.date(2023, 8, 31))
        >>> first == workbook_bytes([("Sheet", table)], Words("en"), "t", dt.date(2023, 8, 31))
        True
        >>> import zipfile
        >>> {m.date_time for m in zipfile.ZipFile(io.BytesIO(first)).infolist()}
        {(1980, 1, 1, 0, 0, 0)}
    """
    from xlsxwriter.workbook import Workbook  # noqa: PLC0415 - the report extra, loaded only here

    out = io.BytesIO()
    book = Workbook(out, {"in_memory": True})
    when = dt.datetime(day.year, day.month, day.day)  # noqa: DTZ001 - a calendar date, as Excel shows it
    book.set_properties({"title": escape_controls(title), "author": "portfolio", "created": when})
    styles = _Styles(book)
    for name, table in sheets:
        _write(book.add_worksheet(name), table, words, styles)
    book.close()
    return out.getvalue()
