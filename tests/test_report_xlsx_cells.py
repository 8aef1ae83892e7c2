"""Every cell of every sheet, read back with openpyxl (a reader independent of the writer), is what its table says.

The expectation is the workbook the openpyxl writer made before XlsxWriter
replaced it, cell by cell (compared then on the example's reports: the same
values, types, number formats, fonts, fills, alignment and quote prefixes):
a title in A1, bold at 13 points; the headers in row 2, white bold on dark
blue; below them each cell of its table, by its type. Text is always text:
it never becomes a formula, and one that starts like a formula is quoted.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("xlsxwriter", reason="the Excel report needs the 'report' extra")
openpyxl = pytest.importorskip("openpyxl", reason="the workbooks are read back with openpyxl (the 'test' extra)")

from portfolio._safe_text import escape_controls, neutralise  # noqa: E402 - after the extras' checks
from portfolio.io import load  # noqa: E402
from portfolio.model import Rag  # noqa: E402
from portfolio.report import monthly_report  # noqa: E402
from portfolio.report.four_monthly import four_monthly_report  # noqa: E402
from portfolio.report.four_monthly_render import render_four_monthly  # noqa: E402
from portfolio.report.four_monthly_tables import tables as four_monthly_tables  # noqa: E402
from portfolio.report.i18n import Words  # noqa: E402
from portfolio.report.tables import Table, tables  # noqa: E402
from portfolio.report.xlsx import RAG_FILLS, render_xlsx, workbook_bytes  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"
DATE_FORMATS = {"nl": "d-m-yyyy", "en": "d mmm yyyy"}
EURO = '"€" #,##0'


def _rgb(colour: Any) -> str | None:
    """A colour as RRGGBB; None for the default text colour (theme 1, or none at all)."""
    if colour is None or colour.type == "theme":
        return None
    return str(colour.rgb)[-6:]


def _text(value: str) -> tuple[str, bool]:
    """The text a data cell stores for ``value`` (blanks collapsed, controls escaped), and whether it is quoted."""
    text = " ".join(value.split())
    return escape_controls(text), neutralise(text) != text


def _check_value(cell: Any, value: Any, words: Words, *, number_format: str) -> None:
    """``cell`` holds ``value`` as its type is written: text as text, dates as dates, RAG as a coloured word."""
    where = cell.coordinate
    if value is None:
        assert cell.value is None, where
    elif isinstance(value, Rag):
        assert (words.rag(value), "s", "solid", RAG_FILLS[value]) == (
            cell.value, cell.data_type, cell.fill.fill_type, _rgb(cell.fill.start_color)), where
        assert ((True, "FFFFFF") if value is Rag.RED else (False, None)) == (bool(cell.font.b), _rgb(cell.font.color))
    elif isinstance(value, dt.date):
        assert (dt.datetime(value.year, value.month, value.day), DATE_FORMATS[words.lang]) == (
            cell.value, cell.number_format), where
    elif isinstance(value, bool):
        assert (value, "b") == (cell.value, cell.data_type), where
    elif isinstance(value, int | float):  # 16 significant digits, as before (Excel shows 15)
        assert (pytest.approx(value, rel=1e-15), "n", number_format) == (cell.value, cell.data_type, cell.number_format), where
    else:
        text, quoted = _text(value)
        assert (text or None, quoted) == (cell.value, bool(cell.quotePrefix)), where
        assert cell.data_type in ("s", "n"), where  # text, or a blank cell: never a formula ("f")
    if not isinstance(value, Rag):
        assert cell.fill.fill_type is None, where


def _check_summary(sheet: Any, table: Table, words: Words) -> None:
    money = {words["budget_total"], words["realised_total"]}
    for r, (label, value, *_) in enumerate(table.rows, start=3):
        head, cell = sheet.cell(row=r, column=1), sheet.cell(row=r, column=2)
        _check_value(head, label, words, number_format="General")
        assert (True, "top") == (head.font.b, head.alignment.vertical)
        _check_value(cell, value, words, number_format=EURO if label in money else "General")
        assert (True, "top", "left") == (cell.alignment.wrap_text, cell.alignment.vertical, cell.alignment.horizontal)
    assert sheet.max_row == len(table.rows) + 2
    assert (None, None) == (sheet.freeze_panes, sheet.auto_filter.ref)
    assert sheet.column_dimensions["A"].width == max(12, *(len(str(row[0])) + 2 for row in table.rows))
    assert sheet.column_dimensions["B"].width == 100


def _width(table: Table, c: int, words: Words) -> int:
    """What a column is wide: its longest shown value (at most 60) or header, plus 2; at least 10."""
    def shown(value: Any) -> str:
        if isinstance(value, Rag):
            return words.rag(value)
        return _text(value)[0] if isinstance(value, str) else str(value or "")

    return max(10, max([len(table.headers[c]), *(min(60, len(shown(row[c]))) for row in table.rows)]) + 2)


def _check_table(sheet: Any, table: Table, words: Words) -> None:
    money = {i for i, h in enumerate(table.headers) if h in (words["budget"], words["realised"], words["eac"])}
    for c, header in enumerate(table.headers, start=1):
        cell = sheet.cell(row=2, column=c)
        assert (escape_controls(header) or None, neutralise(header) != header) == (cell.value, bool(cell.quotePrefix))
        assert (True, "FFFFFF", "solid", "1F3864") == (
            cell.font.b, _rgb(cell.font.color), cell.fill.fill_type, _rgb(cell.fill.start_color)), cell.coordinate
        assert (True, "top") == (cell.alignment.wrap_text, cell.alignment.vertical)
    for r, row in enumerate(table.rows, start=3):
        for c, value in enumerate(row):
            form = "0%" if c in table.percent_columns else EURO if c in money else "General"
            _check_value(sheet.cell(row=r, column=c + 1), value, words, number_format=form)
    last = openpyxl.utils.get_column_letter(max(1, len(table.headers)))
    assert ("A3", f"A2:{last}{max(2, len(table.rows) + 2)}", "$2:$2") == (
        sheet.freeze_panes, sheet.auto_filter.ref, sheet.print_title_rows)
    for c in range(len(table.headers)):
        letter = openpyxl.utils.get_column_letter(c + 1)
        dimension = next(d for d in sheet.column_dimensions.values() if d.min <= c + 1 <= d.max)
        assert dimension.width == _width(table, c, words), (sheet.title, letter)
    assert "landscape" == sheet.page_setup.orientation


def check_workbook(data: bytes, sheets: list[tuple[str, Table]], words: Words) -> None:
    """The workbook ``data`` has one sheet per (name, table), in order, each as its table says."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert [name for name, _ in sheets] == book.sheetnames
    for (_, table), sheet in zip(sheets, book.worksheets, strict=True):
        title = sheet["A1"]
        assert (escape_controls(table.title), True, 13) == (title.value, title.font.b, title.font.sz)
        (_check_summary if table.key == "summary" else _check_table)(sheet, table, words)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)  # absent is 1


def _monthly_sheets(report: Any, words: Words) -> Iterator[tuple[str, Table]]:
    for table in tables(report, words):
        yield words[f"sheet_{table.key}"][:31], table


@pytest.mark.parametrize(("period", "lang"), [("2023-08", "nl"), ("2023-08", "en"), ("2023-12", "en")])
def test_every_sheet_of_the_monthly_report(period: str, lang: str) -> None:
    report = monthly_report(load(EXAMPLE).portfolio, period)
    words = Words(lang, unit=report.day_unit)
    sheets = list(_monthly_sheets(report, words))
    assert len(sheets) > 8
    check_workbook(render_xlsx(report, lang=lang), sheets, words)


def test_every_sheet_of_the_four_monthly_report() -> None:
    report = four_monthly_report(load(EXAMPLE).portfolio, "2023-T2")
    words = Words("en", unit=report.day_unit)
    sheets = [(words[f"fm_sheet_{t.key.split('-')[-1]}"][:31], t) for t in four_monthly_tables(report, words)]
    check_workbook(render_four_monthly(report, "xlsx", lang="en"), sheets, words)


HOSTILE = ("=cmd|' /C calc'!A0", "+SUM(1)", "-2+3", "@x", "\x1b]0;pwned\x07 Digipoort", "  =1", "a=b")


def test_every_kind_of_cell() -> None:
    """Text (hostile too), blanks, dates, whole and fractional numbers, yes/no, RAG, percent and euro columns."""
    words = Words("en")
    headers = ("Name", words["budget"], "Share", "When", "Meets", "Status", "", "=header")
    rows = tuple((name, 1200 * i, 0.25 * i, dt.date(2023, 8, 31 - i), i % 2 == 0, rag, None, "")
                 for i, (name, rag) in enumerate(zip(HOSTILE, [*Rag, *Rag], strict=False)))
    table = Table(key="t", title="=Titel", headers=headers, rows=rows, percent_columns=(2,))
    summary = Table(key="summary", title="Summary", headers=("Summary", ""),
                    rows=((words["budget_total"], 1_500_000), ("Status", Rag.RED), ("Date", dt.date(2023, 8, 31)),
                          ("Name", "=1+1"), ("Nothing", None)))
    sheets = [("Summary", summary), ("Sheet", table)]
    data = workbook_bytes(sheets, words, "\x1b]0;pwned\x07 title", dt.date(2023, 8, 31))
    check_workbook(data, sheets, words)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.properties.title == "\\u001b]0;pwned\\u0007 title"  # the document's title escaped as well
    assert [c.value for c in book["Sheet"]["A"][2:]] == [_text(h)[0] for h in HOSTILE]
    assert book["Sheet"]["A1"].quotePrefix  # a title that starts like a formula too
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # in the XML itself: no formula element in any sheet
        sheets_xml = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets_xml
    assert [x for x in sheets_xml if b"<f>" in x or b"<f " in x] == []


def test_a_number_without_a_value_is_a_blank_cell() -> None:
    """Not a number or infinite (a ratio of nothing): a blank cell, as a missing value is; no error formula."""
    table = Table(key="t", title="t", headers=("a", "b", "c"), rows=((float("nan"), float("-inf"), 1.5),))
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes([("t", table)], Words("en"), "t", dt.date(2023, 8, 31))))
    assert [c.value for c in sheet["t"][3]] == [None, None, 1.5]
