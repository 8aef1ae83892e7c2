"""Helpers shared by the commands (private): argument types, messages, output and its safety."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import Final

from portfolio._atomic import DiskFullError, write_atomic
from portfolio._safe_text import escape_controls
from portfolio.calendar import HORIZON_FIRST, HORIZON_LAST
from portfolio.diagnostics import Diagnostic, has_errors
from portfolio.io import load
from portfolio.io._files import portfolio_files
from portfolio.model import Portfolio
from portfolio.scheduling import Schedule, schedule
from portfolio.slippage import period_end

NAME_MAX: Final = 255
"""The longest file or folder name (bytes) and path most file systems take (Linux, macOS, NTFS: 255 a name)."""
PATH_MAX: Final = 4096

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _shown(text: str, width: int = 40) -> str:
    """``text`` quoted for a message, cut to ``width`` characters, control characters escaped."""
    cut = text if len(text) <= width else text[:width] + "…"
    return repr(escape_controls(cut))


def date_arg(text: str) -> dt.date:
    """The argparse type of every date option: ``YYYY-MM-DD`` within the calendar horizon.

    Examples:
        >>> date_arg("2023-08-31")
        datetime.date(2023, 8, 31)
        >>> date_arg("2023-13-01")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: '2023-13-01' is not a date; write YYYY-MM-DD, e.g. 2023-08-31
        >>> date_arg("9999-12-31")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: '9999-12-31' is outside the calendar horizon; give a date from 1990-01-01 to 2100-12-31
    """
    try:
        day = dt.date.fromisoformat(text) if _DATE.match(text) else None
    except ValueError:
        day = None
    if day is None:
        raise argparse.ArgumentTypeError(f"{_shown(text)} is not a date; write YYYY-MM-DD, e.g. 2023-08-31")
    _within_horizon(text, day, "date", f"{HORIZON_FIRST.isoformat()} to {HORIZON_LAST.isoformat()}")
    return day


def period_arg(text: str) -> str:
    """The argparse type of every ``--period``: a month ``YYYY-MM`` within the calendar horizon.

    Examples:
        >>> period_arg("2023-08")
        '2023-08'
        >>> period_arg("9999-12")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: '9999-12' is outside the calendar horizon; give a month from 1990-01 to 2100-12
    """
    try:
        end = period_end(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{_shown(text)} is not a period; write YYYY-MM, e.g. 2023-08") from None
    _within_horizon(text, end.replace(day=1), "month", f"{HORIZON_FIRST:%Y-%m} to {HORIZON_LAST:%Y-%m}")
    return text


def _within_horizon(text: str, day: dt.date, what: str, span: str) -> None:
    """Refuse a ``day`` (read from ``text``) outside the calendar horizon, naming the ``span`` a ``what`` may take."""
    if not HORIZON_FIRST <= day <= HORIZON_LAST:
        raise argparse.ArgumentTypeError(f"{_shown(text)} is outside the calendar horizon; give a {what} from {span}")


def path_arg(text: str) -> str:
    """The argparse type of every file or folder argument: a path the file system can take.

    Examples:
        >>> path_arg("examples/logius")
        'examples/logius'
        >>> path_arg("x" * 300 + ".csv")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' has a name of 304 bytes; a file or folder name takes at most 255
    """
    if "\0" in text:
        raise argparse.ArgumentTypeError(f"{_shown(text)} holds a NUL character, which no file name can")
    raw = os.fsencode(text)
    longest = max(raw.split(b"/"), key=len)
    if len(longest) > NAME_MAX:
        raise argparse.ArgumentTypeError(f"{_shown(text)} has a name of {len(longest)} bytes; a file or folder "
                                         f"name takes at most {NAME_MAX}")
    if len(raw) >= PATH_MAX:
        raise argparse.ArgumentTypeError(f"{_shown(text)} is {len(raw)} bytes long; a path takes at most "
                                         f"{PATH_MAX - 1}")
    return text


PATH_HELP: Final = "portfolio folder or YAML file"
"""The help of most commands' PATH argument."""
STATUS_DATE_HELP: Final = "schedule as of this date (default: the latest status update's date)"
"""The help of most commands' ``--status-date``."""


def path_argument(parser: argparse.ArgumentParser, help: str = PATH_HELP) -> None:
    """Add the positional ``PATH`` of the portfolio (a folder, a YAML file, or a file another tool wrote)."""
    parser.add_argument("path", metavar="PATH", type=path_arg, help=help)


def status_date_option(parser: argparse.ArgumentParser, help: str = STATUS_DATE_HELP) -> None:
    """Add ``--status-date YYYY-MM-DD`` (a `date_arg`; None when not given)."""
    parser.add_argument("--status-date", type=date_arg, metavar="YYYY-MM-DD", help=help)


def open_portfolio(command: str, args: argparse.Namespace) -> Portfolio | int:
    """What most commands do first: refuse an ``-o`` that is one of the inputs, then load ``PATH``.

    Args:
        command: the command's name, for the messages.
        args: the parsed arguments, with ``path``, ``output`` and ``force``.

    Returns:
        The portfolio, or the exit status (its diagnostics are printed to standard error either way).

    Examples:
        >>> args = argparse.Namespace(path="examples/logius", output="examples/logius/portfolio.yaml", force=False)
        >>> open_portfolio("schedule", args)
        2
    """
    refused = overwrites_input(command, args.output, args.path, force=args.force)
    if refused:
        return refused
    return load_clean(args.path)


def fail(command: str, message: str, code: int) -> int:
    """Print ``portfolio COMMAND: error: MESSAGE`` to stderr and return the exit code."""
    print(f"portfolio {command}: error: {escape_controls(message)}", file=sys.stderr)
    return code


def warn(command: str, message: str) -> None:
    """Print ``portfolio COMMAND: warning: MESSAGE`` to stderr."""
    print(f"portfolio {command}: warning: {escape_controls(message)}", file=sys.stderr)


def output_format(command: str, given: str | None, output: str | None, suffixes: Mapping[str, str],
                  default: str) -> str:
    """The output format: ``--format`` when given, else the one ``-o``'s suffix names, else ``default``.

    A given format that contradicts a known suffix is kept, with a warning.

    Examples:
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


def write_output(command: str, data: bytes, output: str) -> int:
    """Write ``data`` atomically to the ``-o`` file; 0, or 2 with a one-line message when it cannot be written."""
    try:
        write_atomic(Path(output), data)
    except OSError as error:
        return fail(command, write_error(output, error), 2)
    return 0


def write_error(output: Path | str, error: OSError) -> str:
    """What a failed write says: the atomic writer's own words for a full disk, else the system's.

    A missing folder is named, with the way out (``-o reports/x.html`` before ``reports/`` exists).

    Examples:
        >>> write_error("out.csv", PermissionError(13, "Permission denied"))
        'cannot write out.csv: Permission denied'
        >>> write_error("no/such/out.csv", FileNotFoundError(2, "No such file or directory"))
        "cannot write no/such/out.csv: the folder 'no/such' does not exist; create it first"
    """
    if isinstance(error, DiskFullError):
        return str(error)
    folder = Path(output).parent
    if isinstance(error, FileNotFoundError) and not folder.is_dir():
        return f"cannot write {output}: the folder {str(folder)!r} does not exist; create it first"
    return f"cannot write {output}: {error.strerror or error}"


def emit(command: str, text: str, output: str | None) -> int:
    """Write ``text`` to standard output, or atomically (UTF-8) to the ``-o`` file; 0, or 2 when it cannot be written.

    Control characters from the portfolio's text (an ESC sequence in a name) are escaped either way.
    """
    text = escape_controls(text)
    if not output:
        sys.stdout.write(text)
        return 0
    return write_output(command, text.encode("utf-8"), output)


def output_arg(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    """Add ``-o/--output FILE`` (what would go to standard output goes, atomically, to FILE) and ``--force``."""
    parser.add_argument("-o", "--output", metavar="FILE", type=path_arg, help=help or "write to FILE (atomically) "
                        "instead of standard output; a --format contradicting its suffix is kept, with a warning")
    parser.add_argument("--force", action="store_true",
                        help="write -o FILE even when it is one of the portfolio's own input files")


def input_files(path: str) -> list[Path]:
    """The files loading ``path`` reads: the file itself, or the YAML files of the folder."""
    root = Path(path)
    return [root] if root.suffix.lower() == ".xml" else portfolio_files(root)


def overwrites_input(command: str, output: str | None, path: str, *, force: bool,
                     also: tuple[Path | str, ...] = ()) -> int:
    """2 with a message when ``output`` is an input (a portfolio file or one in ``also``) and not ``force``; else 0.

    The same file under another name (a link, a hard link) is the same file.

    Examples:
        >>> overwrites_input("schedule", "examples/logius/portfolio.yaml", "examples/logius", force=False)
        2
        >>> overwrites_input("schedule", "examples/logius/portfolio.yaml", "examples/logius", force=True)
        0
    """
    if not output or force:
        return 0
    try:
        written = os.stat(output)  # follows links; a file that does not exist is no input
    except OSError:
        return 0
    for file in (*input_files(path), *also):
        try:
            read = os.stat(file)
        except OSError:
            continue
        if (read.st_dev, read.st_ino) == (written.st_dev, written.st_ino):
            return fail(command, f"-o {output} is the portfolio's own input file {file}; write elsewhere, or "
                        "give --force to replace it", 2)
    return 0


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
