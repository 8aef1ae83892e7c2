"""The ``portfolio`` command: thin argument parsing over the library.

Each command lives in a module of its own in this package with two
functions: ``add_parser(subparsers)`` and ``run(args) -> int``. Exit codes:
0 success, 1 the data has errors (or a check failed), 2 usage or I/O problems
(a full disk included), 141 standard output closed by its reader (``| head``).

Arguments are checked by the types in ``_common`` before any work (one date
parser, one period parser, paths the file system can take); ``-o`` never
replaces one of the portfolio's own files without ``--force``; every output
escapes control characters (``_streams``) and is written atomically.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from portfolio import __version__
from portfolio.cli import _streams, baseline, check, history, level, publish, report, schedule, slippage, waves

__all__ = ["main"]

_COMMANDS = (check, schedule, slippage, history, publish, baseline, report, level, waves)
_NO_CACHE = "read every file again instead of the load cache (also: PORTFOLIO_NO_CACHE=1)"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``portfolio`` command."""
    parser = argparse.ArgumentParser(
        prog="portfolio",
        description="Track a government IT migration portfolio: check the portfolio files, "
        "compute the schedule, its critical path and its slippage.",
        epilog="Run 'portfolio COMMAND --help' for the options of a command. Exit status: 0 done, 1 the data "
        "has errors, 2 usage or I/O problem (a full disk included), 141 standard output closed by its reader.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--no-cache", action="store_true", help=_NO_CACHE)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in _COMMANDS:
        command.add_parser(subparsers)
    _no_cache_after(subparsers)
    return parser


def _no_cache_after(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Accept ``--no-cache`` after a command too (``portfolio report monthly --no-cache PATH``)."""
    for sub in subparsers.choices.values():
        sub.add_argument("--no-cache", action="store_true", default=argparse.SUPPRESS, help=_NO_CACHE)
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                _no_cache_after(action)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Standard output and error escape control characters while a command
    runs; a closed pipe or a full disk on standard output ends the command
    with one line on standard error (exit 141 for a closed pipe, 2 else).
    """
    real = _streams.install()
    words = list(sys.argv[1:] if argv is None else argv)
    command = f"portfolio {words[0]}" if words and not words[0].startswith("-") else "portfolio"  # for messages
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        command = f"portfolio {args.command}"
        from portfolio.io._cache import DEFAULT  # noqa: PLC0415 - not needed for --help or --version

        token = DEFAULT.set(not args.no_cache)  # the command line loads through the cache
        try:
            code: int = args.run(args)
            sys.stdout.flush()
        finally:
            DEFAULT.reset(token)
    except _streams.StreamError as error:  # e.g. `portfolio schedule ... | head -1`, or `> /dev/full`
        code = _streams.closed(error, command, *real)
    except KeyboardInterrupt:
        code = 130
    finally:
        sys.stdout, sys.stderr = real
    return code


if __name__ == "__main__":
    sys.exit(main())
