"""A workbook is a record: the same report gives the same bytes, dated by its status date, never by the clock.

openpyxl's ``Workbook.save`` writes the time of saving into the document's
properties and into every member of the zip archive; `workbook_bytes` writes
the status date instead. Checked on the monthly and the four-monthly
workbooks, through the library and through the command line (two runs a
moment apart, so a clock in the bytes would show).
"""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl

from portfolio.io import load
from portfolio.report.data import monthly_report
from portfolio.report.four_monthly import four_monthly_report
from portfolio.report.four_monthly_render import render_four_monthly
from portfolio.report.xlsx import render_xlsx

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"


def _dates(data: bytes) -> set[tuple[int, ...]]:
    return {member.date_time for member in zipfile.ZipFile(io.BytesIO(data)).infolist()}


def test_monthly_workbook_is_dated_by_its_status_date() -> None:
    report = monthly_report(load(EXAMPLE).portfolio, "2023-08")
    first = render_xlsx(report, lang="nl")
    time.sleep(2.1)  # the zip format stores times to two seconds
    assert render_xlsx(report, lang="nl") == first
    day = report.status_date
    assert _dates(first) == {(day.year, day.month, day.day, 0, 0, 0)}
    properties = openpyxl.load_workbook(io.BytesIO(first)).properties
    assert properties.modified.date() == day
    assert properties.created.date() == day


def test_four_monthly_workbook_is_dated_by_its_status_date() -> None:
    report = four_monthly_report(load(EXAMPLE).portfolio, "2023-05..2023-08")
    first = render_four_monthly(report, "xlsx", lang="en")
    assert render_four_monthly(report, "xlsx", lang="en") == first
    day = report.status_date
    assert _dates(first) == {(day.year, day.month, day.day, 0, 0, 0)}
    assert openpyxl.load_workbook(io.BytesIO(first)).properties.modified.date() == day


def test_the_command_writes_the_same_workbook_twice(tmp_path: Path) -> None:
    outputs = []
    for run in range(2):
        if run:
            time.sleep(2.1)
        out = tmp_path / f"r{run}.xlsx"
        command = [sys.executable, "-m", "portfolio", "report", "monthly", str(EXAMPLE), "--period", "2023-12"]
        subprocess.run([*command, "-o", str(out), "--no-cache"], check=True, capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    sheets = openpyxl.load_workbook(io.BytesIO(outputs[0])).sheetnames
    assert len(sheets) > 3  # a whole report, not an empty book
