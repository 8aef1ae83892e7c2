"""The monthly report as an Excel workbook (openpyxl, the ``report`` extra): one sheet per section.

Each sheet has its title above a frozen header row with an auto filter
(the summary, a sheet of labels and values, has neither);
dates are real Excel dates, amounts numbers with a euro format, spent
shares percentages, and RAG statuses coloured cells (groen, oranje, rood,
grijs) that still say their status in words. Text is always stored as text:
a cell that starts like a formula is marked as quoted text (Excel's
leading apostrophe), so it shows the text and never runs.

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
import zipfile
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


def _sheet_name(key: str, words: Words) -> str:
    return words[f"sheet_{key}"][:31]


class _Styles:
    """The style objects of one workbook, each made once and set on every cell it styles.

    openpyxl keeps one copy of each distinct style per workbook (found by
    hash and equality); one object per style instead of one per cell spares
    making them and comparing equal ones: the same workbook, written faster.
    """

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill  # noqa: PLC0415 - the extra loads with the renderer

        self.title = Font(bold=True, size=13)
        self.header_font = Font(bold=True, color="FFFFFF")
        self.header_fill = PatternFill("solid", start_color=_HEADER_FILL)
        self.wrap_top = Alignment(wrap_text=True, vertical="top")
        self.bold = Font(bold=True)
        self.top = Alignment(vertical="top")
        self.wrap_top_left = Alignment(wrap_text=True, vertical="top", horizontal="left")
        self.rag_fills = {rag: PatternFill("solid", start_color=colour) for rag, colour in RAG_FILLS.items()}
        self.red_font = Font(color="FFFFFF", bold=True)


def _write(sheet: Any, table: Table, words: Words, styles: _Styles) -> None:
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 - the extra loads with the renderer

    sheet.cell(row=1, column=1, value=escape_controls(table.title)).font = styles.title
    if table.key == "summary":
        _write_pairs(sheet, table, words, styles)
        return
    for col, header in enumerate(table.headers, start=1):
        cell = sheet.cell(row=2, column=col)
        _text(cell, header)
        cell.font = styles.header_font
        cell.fill = styles.header_fill
        cell.alignment = styles.wrap_top
    widths = [len(h) for h in table.headers]
    money_columns = {i for i, h in enumerate(table.headers) if h in (words["budget"], words["realised"], words["eac"])}
    for r, row in enumerate(table.rows, start=3):
        for c, value in enumerate(row):
            cell = sheet.cell(row=r, column=c + 1)
            _value(cell, value, words, styles, percent=c in table.percent_columns, money=c in money_columns)
            widths[c] = max(widths[c], min(60, len(str(cell.value or ""))))
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = max(10, width + 2)
    sheet.freeze_panes = "A3"
    last = get_column_letter(max(1, len(table.headers)))
    sheet.auto_filter.ref = f"A2:{last}{max(2, len(table.rows) + 2)}"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _write_pairs(sheet: Any, table: Table, words: Words, styles: _Styles) -> None:
    """A key/value sheet: labels in bold in the first column, values next to them; no header, no filter."""
    money = {words["budget_total"], words["realised_total"]}
    for r, (label, value) in enumerate(((row[0], row[1]) for row in table.rows), start=3):
        head = sheet.cell(row=r, column=1)
        _value(head, label, words, styles, percent=False, money=False)
        head.font = styles.bold
        head.alignment = styles.top
        cell = sheet.cell(row=r, column=2)
        _value(cell, value, words, styles, percent=False, money=label in money)
        cell.alignment = styles.wrap_top_left
    sheet.column_dimensions["A"].width = max(12, *(len(str(row[0])) + 2 for row in table.rows))
    sheet.column_dimensions["B"].width = 100
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _text(cell: Any, text: str) -> None:
    """Store ``text`` as text, never as a formula: quoted when it starts like one; control characters escaped."""
    cell.value = escape_controls(text)  # Excel cannot hold them (openpyxl's IllegalCharacterError)
    cell.data_type = "s"
    if neutralise(text) != text:
        cell.quotePrefix = True


def _value(cell: Any, value: Cell, words: Words, styles: _Styles, *, percent: bool, money: bool) -> None:
    if value is None:
        return
    if isinstance(value, Rag):
        _text(cell, words.rag(value))
        cell.fill = styles.rag_fills[value]
        if value is Rag.RED:
            cell.font = styles.red_font
        return
    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = _DATE_FORMAT[words.lang]
        return
    if isinstance(value, int | float):
        cell.value = value
        if percent:
            cell.number_format = "0%"
        elif money:
            cell.number_format = _EURO
        return
    _text(cell, " ".join(value.split()))


def render_xlsx(report: MonthlyReport, *, lang: str = "nl") -> bytes:
    """The report as the bytes of an ``.xlsx`` workbook."""
    from openpyxl import Workbook  # noqa: PLC0415 - the report extra, loaded only here

    words = Words(lang, unit=report.day_unit)
    book = Workbook()
    book.remove(book.active)
    styles = _Styles()
    for table in tables(report, words):
        _write(book.create_sheet(_sheet_name(table.key, words)), table, words, styles)
    return workbook_bytes(book, f"{words['title']} — {words.month(report.period)}", report.status_date)


def workbook_bytes(book: Any, title: str, day: dt.date) -> bytes:
    """The bytes of ``book``, dated ``day`` throughout: the same report gives the same bytes on every run.

    openpyxl's ``Workbook.save`` stamps the clock twice: the document's modified time, and the time of
    every member of the zip archive. Here both are ``day`` (midnight): the workbook is written by
    openpyxl's own writer into an archive whose members all carry that date.

    Examples:
        >>> from openpyxl import Workbook
        >>> book = Workbook()
        >>> book.active["A1"] = "Digipoort"
        >>> first = workbook_bytes(book, "t", dt.date(2023, 8, 31))
        >>> first == workbook_bytes(book, "t", dt.date(2023, 8, 31))
        True
        >>> import zipfile
        >>> {m.date_time for m in zipfile.ZipFile(io.BytesIO(first)).infolist()}
        {(2023, 8, 31, 0, 0, 0)}
    """
    from openpyxl.writer.excel import ExcelWriter  # noqa: PLC0415 - the report extra, loaded only here

    when = dt.datetime(day.year, day.month, day.day)  # noqa: DTZ001 - a calendar date, as Excel shows it
    book.properties.title = title
    book.properties.creator = "portfolio"
    book.properties.created = book.properties.modified = when
    out = io.BytesIO()
    with _DatedZip(out, (day.year, day.month, day.day, 0, 0, 0)) as archive:
        ExcelWriter(book, archive).write_data()
    return out.getvalue()


class _DatedZip(zipfile.ZipFile):
    """A zip archive being written whose members all carry one date and time (not the time of writing)."""

    def __init__(self, file: io.BytesIO, when: tuple[int, int, int, int, int, int]) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._when = when

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: int | None = None,
                 compresslevel: int | None = None) -> None:
        """Write a member; one given by name is dated `_when` and compressed as the archive is."""
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self._when)
            zinfo_or_arcname.compress_type = self.compression
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        """Write a file's content as a member dated `_when` (openpyxl writes each sheet to a temporary file)."""
        with open(filename, "rb") as handle:
            self.writestr(arcname if arcname is not None else filename, handle.read(), compress_type, compresslevel)
