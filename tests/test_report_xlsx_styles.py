"""The Excel report's cell styles, read back from the workbook: the writer sets one shared object per style."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

pytest.importorskip("xlsxwriter", reason="the Excel report needs the 'report' extra")
openpyxl = pytest.importorskip("openpyxl", reason="the workbooks are read back with openpyxl (the 'test' extra)")

from portfolio.io import load  # noqa: E402 - after the extra's check
from portfolio.model import Rag  # noqa: E402
from portfolio.report import MonthlyReport, monthly_report, render  # noqa: E402
from portfolio.report.xlsx import RAG_FILLS  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"


@pytest.fixture(scope="module")
def book() -> object:
    report: MonthlyReport = monthly_report(load(EXAMPLE).portfolio, "2023-08")
    return openpyxl.load_workbook(io.BytesIO(render(report, "xlsx", lang="en")))


def _rgb(colour: object) -> str:
    return str(getattr(colour, "rgb", ""))[-6:]


def test_titles_and_headers(book: object) -> None:
    """Every sheet's title is bold at 13 points; every header cell white bold on dark blue, wrapped, at the top."""
    sheets = book.worksheets  # type: ignore[attr-defined]
    for sheet in sheets:
        title = sheet["A1"].font
        assert (True, 13) == (title.b, title.sz)
    for sheet in sheets[1:]:  # the summary has no header row
        for cell in sheet[2]:
            assert (True, "FFFFFF") == (cell.font.b, _rgb(cell.font.color)), (sheet.title, cell.coordinate)
            assert ("solid", "1F3864") == (cell.fill.fill_type, _rgb(cell.fill.start_color))
            assert (True, "top") == (cell.alignment.wrap_text, cell.alignment.vertical)


def test_rag_cells(book: object) -> None:
    """A RAG cell has its status's fill; a red one white bold letters, the others the default font."""
    seen = set()
    for sheet in book.worksheets[1:]:  # type: ignore[attr-defined]
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                rag = next((r for r in Rag if cell.value == r.value), None)
                if rag is None or cell.fill.fill_type != "solid":
                    continue
                seen.add(rag)
                assert RAG_FILLS[rag] == _rgb(cell.fill.start_color), (sheet.title, cell.coordinate)
                assert (rag is Rag.RED) == bool(cell.font.b), (sheet.title, cell.coordinate)
                if rag is Rag.RED:
                    assert "FFFFFF" == _rgb(cell.font.color)
    assert {Rag.GREEN, Rag.AMBER} <= seen


def test_summary_labels_and_values(book: object) -> None:
    """The summary's labels are bold at the top; its values wrap, at the top, left-aligned."""
    sheet = book.worksheets[0]  # type: ignore[attr-defined]
    rows = list(sheet.iter_rows(min_row=3, max_col=2))
    assert rows
    for label, value in rows:
        assert (True, "top") == (label.font.b, label.alignment.vertical)
        assert (True, "top", "left") == (value.alignment.wrap_text, value.alignment.vertical,
                                         value.alignment.horizontal)
