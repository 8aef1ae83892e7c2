"""``portfolio export PATH --format mspdi|xer|mermaid|ics``: the plan as a file MS Project, P6, a wiki or a calendar opens.

``-o FILE`` writes atomically (a reader sees the old file or the new one);
without ``-o``, or with ``-o -``, the file goes to standard output. An
existing ``-o`` file is replaced, as every ``portfolio`` output is, except
the portfolio's own input files: ``portfolio export plan.xml -o plan.xml``
is refused without ``--force``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from portfolio.cli._common import (
    date_arg,
    fail,
    output_arg,
    output_format,
    overwrites_input,
    path_arg,
    warn,
    write_output,
)
from portfolio.cli._streams import StreamError
from portfolio.diagnostics import has_errors
from portfolio.io import load

__all__ = ["SUFFIXES", "add_parser", "run"]

SUFFIXES = {".xml": "mspdi", ".xer": "xer", ".mmd": "mermaid", ".mermaid": "mermaid", ".md": "mermaid",
            ".ics": "ics"}
"""The format an output file's suffix implies when --format is not given."""
FORMATS = ("mspdi", "xer", "mermaid", "ics")


def add_parser(subparsers: Any) -> None:
    """Register the ``export`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "export",
        help="write the plan for MS Project, Primavera P6, a wiki (Mermaid) or a calendar (iCalendar)",
        description="Load and schedule the portfolio, and write it as MS Project XML (mspdi: calendars, summary "
        "tasks per service and migration, links, constraints, deadlines, baselines, progress), a Primavera P6 "
        "XER file, a Mermaid Gantt chart for a wiki, or an iCalendar file of the key milestones and decisions "
        "(stable UIDs: importing it again updates the events). Without --format, -o's suffix (.xml, .xer, .mmd, "
        ".ics) chooses it, else mspdi. Exit status: 0 written, 1 the data has errors, 2 usage or I/O problem.",
    )
    parser.add_argument("path", metavar="PATH", type=path_arg,
                        help="portfolio folder, YAML file, MS Project .xml or P6 .xer file")
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help="mspdi (MS Project XML, the default), xer (Primavera P6), mermaid (a Gantt chart) or "
                        "ics (iCalendar)")
    parser.add_argument("--status-date", type=date_arg, metavar="YYYY-MM-DD",
                        help="schedule and write progress as of this date (default: the latest status update's)")
    output_arg(parser, help="write to FILE (atomically) instead of standard output ('-': standard output); an "
               "existing FILE is replaced unless it is one of the portfolio's own files")
    parser.set_defaults(run=run)


def _render(form: str, portfolio: Any, status_date: Any, output: str | None) -> bytes:
    """The bytes of one format (each writer loads on demand)."""
    from portfolio.io import export  # noqa: PLC0415 - only this command needs the writers

    if form == "xer":
        xer: bytes = export.to_xer(portfolio, status_date=status_date)
        return xer
    if form == "mermaid":
        fenced = output is not None and output.lower().endswith(".md")  # a wiki page: the chart in a code block
        return export.to_mermaid(portfolio, status_date=status_date, fenced=fenced).encode("utf-8")
    if form == "ics":
        return export.to_ics(portfolio, status_date=status_date)
    data: bytes = export.to_mspdi(portfolio, status_date=status_date)
    return data


def run(args: argparse.Namespace) -> int:
    """Run ``portfolio export``."""
    output = None if args.output in (None, "-") else args.output
    form = output_format("export", args.format, output, SUFFIXES, "mspdi")
    refused = overwrites_input("export", output, args.path, force=args.force)
    if refused:
        return refused
    result = load(args.path)
    for found in result.diagnostics:
        print(found, file=sys.stderr)
    if has_errors(result.diagnostics):
        return 2 if any(d.code in ("io-error", "no-files") for d in result.diagnostics) else 1
    from portfolio.scheduling import schedule  # noqa: PLC0415 - the same schedule the writer computes (cached)

    computed = schedule(result.portfolio, status_date=args.status_date)
    for found in computed.diagnostics:
        print(found, file=sys.stderr)
    if has_errors(computed.diagnostics):
        return fail("export", "the portfolio does not schedule (see the errors above); nothing written", 1)
    from portfolio.io.export._outline import losses  # noqa: PLC0415 - with the writers

    for lost in losses(result.portfolio, form, args.status_date):
        warn("export", lost)
    data = _render(form, result.portfolio, args.status_date, output)
    if output is not None:
        return write_output("export", data, output)
    sys.stdout.flush()
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except OSError as error:
        raise StreamError("stdout", error) from error
    return 0
