"""A workbook is a record: the same report gives the same bytes, dated by its status date, never by the clock.

XlsxWriter dates the document's properties (created, modified) by the clock
unless it is given a date: `workbook_bytes` gives it the status date. Writing
in memory, it dates every member of the zip archive 1 January 1980, a fixed
date. Checked on the monthly and the four-monthly workbooks, through the
library and through the command line (two runs a moment apart, so a clock in
the bytes would show).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("xlsxwriter", reason="the Excel report needs the 'report' extra")
openpyxl = pytest.importorskip("openpyxl", reason="the workbooks are read back with openpyxl (the 'test' extra)")

from portfolio.io import load  # noqa: E402 - after the extras' checks
from portfolio.report.data import monthly_report  # noqa: E402
from portfolio.report.four_monthly import four_monthly_report  # noqa: E402
from portfolio.report.four_monthly_render import render_four_monthly  # noqa: E402
from portfolio.report.xlsx import render_xlsx  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"
FIXED = {(1980, 1, 1, 0, 0, 0)}
"""XlsxWriter's date of every member of the archive, written in memory (Excel's own)."""


def _dates(data: bytes) -> set[tuple[int, ...]]:
    return {member.date_time for member in zipfile.ZipFile(io.BytesIO(data)).infolist()}


def test_monthly_workbook_is_dated_by_its_status_date() -> None:
    report = monthly_report(load(EXAMPLE).portfolio, "2023-08")
    first = render_xlsx(report, lang="nl")
    time.sleep(2.1)  # the zip format stores times to two seconds
    assert render_xlsx(report, lang="nl") == first
    day = report.status_date
    assert _dates(first) == FIXED
    properties = openpyxl.load_workbook(io.BytesIO(first)).properties
    assert properties.modified.date() == day
    assert properties.created.date() == day


def test_four_monthly_workbook_is_dated_by_its_status_date() -> None:
    report = four_monthly_report(load(EXAMPLE).portfolio, "2023-05..2023-08")
    first = render_four_monthly(report, "xlsx", lang="en")
    assert render_four_monthly(report, "xlsx", lang="en") == first
    day = report.status_date
    assert _dates(first) == FIXED
    properties = openpyxl.load_workbook(io.BytesIO(first)).properties
    assert (properties.created.date(), properties.modified.date()) == (day, day)


def test_the_command_writes_the_same_workbook_twice(tmp_path: Path) -> None:
    """Two runs a moment apart write the same bytes, and leave no temporary file (the workbook is made in memory)."""
    outputs = []
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    for run in range(2):
        if run:
            time.sleep(2.1)
        out = tmp_path / f"r{run}.xlsx"
        command = [sys.executable, "-m", "portfolio", "report", "monthly", str(EXAMPLE), "--period", "2023-12"]
        subprocess.run([*command, "-o", str(out), "--no-cache"], check=True, capture_output=True,
                       env={**os.environ, "TMPDIR": str(temporary)})
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert list(temporary.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r0.xlsx", "r1.xlsx", "tmp"]
    assert _dates(outputs[0]) == FIXED
    sheets = openpyxl.load_workbook(io.BytesIO(outputs[0])).sheetnames
    assert len(sheets) > 3  # a whole report, not an empty book
