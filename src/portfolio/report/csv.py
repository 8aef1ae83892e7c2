"""The monthly report as CSV: one table per file (:func:`render_csv`), or all of them in a zip.

Dates are ISO (``2023-10-02``), RAG statuses words of the report's
language, amounts plain numbers. Text that a spreadsheet would read as a
formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) gets a leading
apostrophe (:func:`~portfolio.report.files.neutralise`).

>>> from portfolio.io import load
>>> from portfolio.report.data import monthly_report
>>> files = render_csv(monthly_report(load("examples/logius").portfolio, "2023-08"), lang="en")
>>> sorted(files)[:3]
['01-summary.csv', '02-assignments.csv', '03-milestones.csv']
>>> files["02-assignments.csv"].splitlines()[1][:40]
'opd-2023-001,Migratie eHerkenning naar L'
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from portfolio.model import Rag
from portfolio.report.data import MonthlyReport
from portfolio.report.files import neutralise
from portfolio.report.i18n import Words
from portfolio.report.tables import Cell, tables

__all__ = ["render_csv", "render_csv_zip"]

#: A fixed time stamp for the zip entries, so the same report gives the same bytes.
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _cell(value: Cell, words: Words) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, Rag):
        return words.rag(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return value
    return neutralise(" ".join(value.split()))


def render_csv(report: MonthlyReport, *, lang: str = "nl") -> dict[str, str]:
    """Each table of the report as CSV text, by file name (``NN-key.csv``, in report order)."""
    words = Words(lang)
    files = {}
    for number, table in enumerate(tables(report, words), start=1):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([neutralise(h) for h in table.headers])
        writer.writerows([_cell(c, words) for c in row] for row in table.rows)
        files[f"{number:02d}-{table.key}.csv"] = out.getvalue()
    return files


def render_csv_zip(report: MonthlyReport, *, lang: str = "nl") -> bytes:
    """Every table as a CSV file (UTF-8 with a byte-order mark, which Excel needs to read it as UTF-8) in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in render_csv(report, lang=lang).items():
            archive.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), ("\ufeff" + text).encode("utf-8"))
    return buffer.getvalue()
