"""Helpers shared by the commands (private)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Mapping
from pathlib import Path, PurePath

from portfolio.diagnostics import Diagnostic, has_errors
from portfolio.io import load
from portfolio.model import Portfolio
from portfolio.report.files import write_atomic
from portfolio.schedule import Schedule, schedule


def date_arg(text: str) -> dt.date:
    """An argparse type for ``YYYY-MM-DD``."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def fail(command: str, message: str, code: int) -> int:
    """Print ``portfolio COMMAND: error: MESSAGE`` to stderr and return the exit code."""
    print(f"portfolio {command}: error: {message}", file=sys.stderr)
    return code


def warn(command: str, message: str) -> None:
    """Print ``portfolio COMMAND: warning: MESSAGE`` to stderr."""
    print(f"portfolio {command}: warning: {message}", file=sys.stderr)


def output_format(command: str, given: str | None, output: str | None, suffixes: Mapping[str, str],
                  default: str) -> str:
    """The output format: ``--format`` when given, else the one ``-o``'s suffix names, else ``default``.

    A given format that contradicts a known suffix is kept, with a warning.

    >>> output_format("history", None, "chart.png", {".png": "png"}, "text")
    'png'
    >>> output_format("history", None, "notes.log", {".png": "png"}, "text")
    'text'
    """
    implied = suffixes.get(PurePath(output).suffix.lower()) if output else None
    if given is None:
        return implied or default
    if implied is not None and implied != given:
        warn(command, f"{output} looks like {implied} by its name, but --format {given} writes {given}")
    return given


def emit(command: str, text: str, output: str | None) -> int:
    """Write ``text`` to standard output, or atomically (UTF-8) to the ``-o`` file; 0, or 2 when it cannot be written."""
    if not output:
        sys.stdout.write(text)
        return 0
    try:
        write_atomic(Path(output), text.encode("utf-8"))
    except OSError as error:
        return fail(command, f"cannot write {output}: {error.strerror or error}", 2)
    return 0


def output_arg(parser: argparse.ArgumentParser) -> None:
    """Add ``-o/--output FILE``: what would go to standard output goes, atomically, to FILE."""
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of standard "
                        "output; a --format contradicting its suffix is kept, with a warning")


def report(diagnostic: Diagnostic, code: int) -> int:
    """Print a diagnostic to stderr and return the exit code."""
    print(diagnostic, file=sys.stderr)
    return code


def load_clean(path: str) -> Portfolio | int:
    """Load a portfolio and print its diagnostics; the exit code (1 data, 2 I/O) when it has errors."""
    result = load(path)
    for found in result.diagnostics:
        print(found, file=sys.stderr)
    if has_errors(result.diagnostics):
        return 2 if any(d.code in ("io-error", "no-files") for d in result.diagnostics) else 1
    return result.portfolio


def schedule_clean(portfolio: Portfolio, status_date: dt.date | None) -> Schedule | int:
    """Schedule and print the scheduler's diagnostics; exit code 1 when it reports errors."""
    computed = schedule(portfolio, status_date=status_date)
    for found in computed.diagnostics:
        print(found, file=sys.stderr)
    return 1 if has_errors(computed.diagnostics) else computed


def iso(day: dt.date | None) -> str:
    """A date as ISO text, ``-`` for none."""
    return day.isoformat() if day is not None else "-"


def signed(value: int | None) -> str:
    """``+3``, ``-2``, ``0``; ``-`` for none."""
    if value is None:
        return "-"
    return f"{value:+d}" if value else "0"
