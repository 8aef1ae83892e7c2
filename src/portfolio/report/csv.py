"""The monthly report as CSV: one table per file (`render_csv`), or all of them in a zip.

Written as the report language's spreadsheet expects it: Dutch (``nl``)
separates cells with ``;`` and writes a decimal comma (``76,8``), as Dutch
Excel opens CSV; English (``en``) uses ``,`` and a decimal point. Dates are ISO
(``2023-10-02``, which Excel reads as a date in either), RAG statuses words
of the report's language, amounts whole euros or with 2 decimals, without
thousands separators, and the spent share a whole percentage (``77``) under a
header ending in ``(%)``, as the other formats round it. Text that a
spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``, tab,
carriage return) gets a leading apostrophe
([`neutralise`][portfolio.report.files.neutralise]), control characters are escaped.

Examples:
    >>> from portfolio.io import load
    >>> from portfolio.report.data import monthly_report
    >>> files = render_csv(monthly_report(load("examples/logius").portfolio, "2023-08"), lang="en")
    >>> sorted(files)[:3]
    ['01-summary.csv', '02-assignments.csv', '03-milestones.csv']
    >>> files["02-assignments.csv"].splitlines()[1][:40]
    'opd-2023-001,Migratie eHerkenning naar L'
    >>> files["02-assignments.csv"].splitlines()[1].split(",")[-4:-1]
    ['1850000', '1420000', '77']
    >>> render_csv(monthly_report(load("examples/logius").portfolio, "2023-08"))["10-availability.csv"].splitlines()[1]
    'digipoort;Digipoort;Gegevensuitwisseling;99,86;99,80;ja'
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from typing import Final

from portfolio._safe_text import escape_controls, neutralise
from portfolio.model import Rag
from portfolio.report.data import MonthlyReport
from portfolio.report.i18n import Words
from portfolio.report.tables import Cell, tables

__all__ = ["render_csv", "render_csv_zip"]

_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
"""A fixed time stamp for the zip entries, so the same report gives the same bytes."""

SEPARATORS: Final = {"nl": (";", ","), "en": (",", ".")}
"""Per language: the cell separator and the decimal mark its spreadsheet expects."""


def _number(value: float, decimals: int, mark: str) -> str:
    return f"{value:.{decimals}f}".replace(".", mark)


def _cell(value: Cell, words: Words, *, percent: bool = False) -> str | int:
    if value is None:
        return ""
    if isinstance(value, Rag):
        return words.rag(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        mark = SEPARATORS[words.lang][1]
        if percent:  # a share in the 0-1 range, shown in percent as the other formats do
            return _number(100 * value, 0, mark)
        if isinstance(value, int):
            return value
        return _number(value, 0 if value.is_integer() else 2, mark)
    return neutralise(escape_controls(" ".join(value.split())))


def render_csv(report: MonthlyReport, *, lang: str = "nl") -> dict[str, str]:
    """Each table of the report as CSV text, by file name (``NN-key.csv``, in report order).

    Dutch separates cells with ``;`` and writes decimal commas; English uses ``,`` and decimal points.
    """
    words = Words(lang, unit=report.day_unit)
    delimiter = SEPARATORS[lang][0]
    files = {}
    for number, table in enumerate(tables(report, words), start=1):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        writer.writerow(
            [neutralise(h + " (%)" if c in table.percent_columns else h) for c, h in enumerate(table.headers)]
        )
        writer.writerows(
            [_cell(value, words, percent=c in table.percent_columns) for c, value in enumerate(row)]
            for row in table.rows
        )
        files[f"{number:02d}-{table.key}.csv"] = out.getvalue()
    return files


def render_csv_zip(report: MonthlyReport, *, lang: str = "nl") -> bytes:
    """Every table as a CSV file (UTF-8 with a byte-order mark, which Excel needs to read it as UTF-8) in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in render_csv(report, lang=lang).items():
            archive.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), ("\ufeff" + text).encode("utf-8"))
    return buffer.getvalue()
