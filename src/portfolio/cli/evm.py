"""``portfolio evm PATH``: earned value and earned schedule per assignment, service and portfolio."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from typing import Any, Final, TextIO

from portfolio._safe_text import neutralise
from portfolio.cli._common import emit, open_portfolio, output_arg, output_format, path_argument, status_date_option
from portfolio.diagnostics import has_errors

__all__ = ["COLUMNS", "SUFFIXES", "add_parser", "run"]

SUFFIXES: Final = {".json": "json", ".csv": "csv", ".txt": "text"}
"""The format an output file's suffix implies when --format is not given."""

COLUMNS: Final = ("date", "level", "id", "name", "baseline", "bac", "pv", "pv_original", "ev", "ac", "sv", "cv",
                  "spi", "cpi", "eac", "eac_cpi_spi", "eac_bottom_up", "etc", "vac", "tcpi", "earned_schedule",
                  "actual_time", "planned_duration", "spi_t", "sv_t", "ieac_t", "earned_schedule_date",
                  "ieac_t_date", "planned_finish")
"""The columns of the CSV output (the JSON output has the same keys per row)."""

WORDS: Final = {
    "nl": {"title": "Earned value per {date} (baseline {baseline})", "level": "niveau", "id": "onderwerp",
           "assignment": "opdracht", "service": "voorziening", "portfolio": "portfolio",
           "ieac_t_date": "prognose einde", "none": "-", "days": "werkdagen SV(t)"},
    "en": {"title": "Earned value at {date} (baseline {baseline})", "level": "level", "id": "subject",
           "assignment": "assignment", "service": "service", "portfolio": "portfolio",
           "ieac_t_date": "forecast finish", "none": "-", "days": "working days SV(t)"},
}
"""The text table's words, each language entirely in its own."""


def add_parser(subparsers: Any) -> None:
    """Register the ``evm`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "evm",
        help="earned value and earned schedule per assignment, service and portfolio",
        description="Load the portfolio and compute, per status update, BAC, PV, EV, AC, SV, CV, SPI, CPI, EAC, "
        "ETC, VAC, TCPI and the earned-schedule figures ES, SPI(t), SV(t), IEAC(t) of each assignment with a "
        "budget, each service and the portfolio (docs/evm.md). A figure that cannot be computed is empty "
        "(null in JSON), never 0. Exit status: 0 done, 1 the data has errors, 2 usage or I/O problem.",
    )
    path_argument(parser)
    status_date_option(parser, "the latest status update on or before this date (default: every status update "
                       "for json and csv, the latest for text)")
    parser.add_argument("--format", choices=("text", "json", "csv"), default=None,
                        help="a table (default), JSON or CSV; without --format, -o's suffix chooses it")
    parser.add_argument("--lang", choices=tuple(WORDS), default="nl", help="Dutch (default) or English")
    parser.add_argument("--spread", choices=("linear", "front", "back"), default="linear",
                        help="how a budget is spread over an activity's working days (default: linear)")
    output_arg(parser)
    parser.set_defaults(run=run)


def _value(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _row(row: Any) -> dict[str, Any]:
    figures = row.figures.as_dict()
    data = {"date": row.date, "level": row.level, "id": row.id, "name": row.name, "baseline": row.baseline,
            **figures, "earned_schedule_date": row.earned_schedule_date, "ieac_t_date": row.ieac_t_date,
            "planned_finish": row.planned_finish}
    return {key: _value(data[key]) for key in COLUMNS}


def run(args: argparse.Namespace) -> int:
    """Run ``portfolio evm``."""
    from portfolio.evm import evm  # noqa: PLC0415 - numpy-free, but kept off `portfolio --version`

    args.format = output_format("evm", args.format, args.output, SUFFIXES, "text")
    portfolio = open_portfolio("evm", args)
    if isinstance(portfolio, int):
        return portfolio
    status_date = args.status_date
    if status_date is None and args.format == "text" and portfolio.status_updates:
        status_date = portfolio.status_updates[-1].date
    result = evm(portfolio, status_date=status_date, spread=args.spread)
    for found in result.diagnostics:
        print(found, file=sys.stderr)
    if has_errors(result.diagnostics):
        return 1
    out = io.StringIO()
    if args.format == "json":
        document = {"status_dates": sorted({r.date.isoformat() for r in result.rows}), "spread": args.spread,
                    "rows": [_row(r) for r in result.rows],
                    "reasons": [{"date": r.date.isoformat(), "level": r.level, "id": r.id,
                                 "reasons": dict(r.figures.reasons)} for r in result.rows]}
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in result.rows:
            data = _row(r)
            # only text is user data a spreadsheet could run; a number stays a number (-3846.15, not '-3846.15)
            writer.writerow(["" if data[c] is None else neutralise(data[c]) if isinstance(data[c], str) else data[c]
                             for c in COLUMNS])
    else:
        _text(result.rows, out, args.lang)
    return emit("evm", out.getvalue(), args.output)


def _text(rows: Any, out: TextIO, lang: str) -> None:
    from tabulate import tabulate  # noqa: PLC0415

    from portfolio.report.i18n import Words  # noqa: PLC0415 - amounts and numbers the report's way

    w, words = WORDS[lang], Words(lang)
    if not rows:
        return
    out.write(w["title"].format(date=rows[0].date.isoformat(), baseline=rows[0].baseline) + "\n\n")

    def money(value: float | None) -> str:
        return w["none"] if value is None else words.money(value)

    def index(value: float | None) -> str:
        return w["none"] if value is None else words.number(value, 2)

    table = []
    for r in rows:
        f = r.figures
        table.append([w[r.level], r.id, money(f.bac), money(f.pv), money(f.ev), money(f.ac), index(f.spi),
                      index(f.cpi), money(f.eac), index(f.tcpi), index(f.spi_t),
                      w["none"] if f.sv_t is None else words.number(f.sv_t, 0),
                      r.ieac_t_date.isoformat() if r.ieac_t_date else w["none"]])
    headers = [w["level"], w["id"], "BAC", "PV", "EV", "AC", "SPI", "CPI", "EAC", "TCPI", "SPI(t)", w["days"],
               w["ieac_t_date"]]
    out.write(tabulate(table, headers=headers, disable_numparse=True) + "\n")
