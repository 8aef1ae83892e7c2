"""``portfolio schedule PATH``: compute and print the schedule, its critical path or a driving path."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from typing import Any, TextIO

from tabulate import tabulate

from portfolio._safe_text import neutralise
from portfolio.cli._common import emit, open_portfolio, output_arg, output_format, path_argument, status_date_option
from portfolio.diagnostics import has_errors
from portfolio.scheduling import ActivitySchedule, Schedule, schedule

__all__ = ["COLUMNS", "SUFFIXES", "add_parser", "run"]

SUFFIXES = {".json": "json", ".csv": "csv", ".txt": "text"}
"""The format an output file's suffix implies when --format is not given."""

COLUMNS = ("id", "name", "start", "finish", "early_start", "early_finish", "late_start", "late_finish",
           "total_float", "free_float", "critical", "driving")
"""The columns of the JSON and CSV output, in order."""


def add_parser(subparsers: Any) -> None:
    """Register the ``schedule`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "schedule",
        help="compute the schedule: dates, floats, critical and driving paths",
        description="Load the portfolio (a folder of YAML files, one YAML file, an MS Project XML file or a Primavera P6 .xer file), "
        "compute its schedule (CPM, as MS Project) and print it. Finish dates are inclusive, floats are "
        "working days. Without --format, the suffix of -o FILE chooses the format. Exit status: 0 scheduled, "
        "1 the data has errors, 2 usage or I/O problem.",
    )
    path_argument(parser, "portfolio folder, YAML file, MS Project .xml or P6 .xer file")
    status_date_option(parser)
    parser.add_argument("--format", choices=("text", "json", "csv"), default=None,
                        help="a table (default), JSON or CSV; without --format, -o's suffix (.txt, .json, .csv) "
                        "chooses it")
    output_arg(parser)
    parser.add_argument("--critical", action="store_true", help="only the critical activities")
    parser.add_argument("--path-to", metavar="ID",
                        help="only the driving path to this activity (what drives it?)")
    parser.set_defaults(run=run)


def _row(a: ActivitySchedule) -> dict[str, Any]:
    return {
        "id": a.id, "name": a.name, "start": a.start.isoformat(), "finish": a.finish.isoformat(),
        "early_start": a.early_start.isoformat(), "early_finish": a.early_finish.isoformat(),
        "late_start": a.late_start.isoformat(), "late_finish": a.late_finish.isoformat(),
        "total_float": a.total_float, "free_float": a.free_float, "critical": a.critical,
        "driving": list(a.driving),
    }


def run(args: argparse.Namespace) -> int:
    """Run ``portfolio schedule``."""
    args.format = output_format("schedule", args.format, args.output, SUFFIXES, "text")
    portfolio = open_portfolio("schedule", args)
    if isinstance(portfolio, int):
        return portfolio
    computed = schedule(portfolio, status_date=args.status_date)
    for found in computed.diagnostics:
        print(found, file=sys.stderr)
    rows: tuple[ActivitySchedule, ...] | list[ActivitySchedule]
    if args.path_to is not None:
        if args.path_to not in computed:
            try:
                computed[args.path_to]
            except KeyError as error:
                print(f"portfolio schedule: error: {error.args[0]}", file=sys.stderr)
            return 2
        rows = computed.driving_path(args.path_to)
    else:
        rows = list(computed)
    if args.critical:
        rows = [a for a in rows if a.critical]
    out = io.StringIO()
    _write(computed, rows, args.format, out)
    written = emit("schedule", out.getvalue(), args.output)
    return written or (1 if has_errors(computed.diagnostics) else 0)


def _write(computed: Schedule, rows: tuple[ActivitySchedule, ...] | list[ActivitySchedule], form: str,
           out: TextIO) -> None:
    status = computed.status_date.isoformat() if computed.status_date else None
    if form == "json":
        document = {"status_date": status, "finish": computed.finish.isoformat(),
                    "activities": [_row(a) for a in rows]}
        json.dump(document, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif form == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for a in rows:
            row = _row(a)
            row["driving"] = " ".join(a.driving)
            row["critical"] = "yes" if a.critical else "no"
            writer.writerow([neutralise(v) if isinstance(v, str) else v for v in (row[c] for c in COLUMNS)])
    else:
        table = [(a.id, a.name, a.start.isoformat(), a.finish.isoformat(), a.late_start.isoformat(),
                  a.late_finish.isoformat(), a.total_float, a.free_float, "*" if a.critical else "",
                  ", ".join(a.driving)) for a in rows]
        headers = ("id", "name", "start", "finish", "late start", "late finish", "total float", "free float",
                   "critical", "driven by")
        print(f"status date: {status or '-'}    finish: {computed.finish.isoformat()}    "
              f"activities: {len(rows)} of {len(computed)}", file=out)
        print(tabulate(table, headers=headers, disable_numparse=True), file=out)
