"""The ``portfolio`` command: thin argument parsing over the library.

Each command lives in a module of its own in this package with two
functions: ``add_parser(subparsers)`` and ``run(args) -> int``. Exit codes:
0 success, 1 the data has errors (or a check failed), 2 usage or I/O problems.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from portfolio import __version__
from portfolio.cli import baseline, check, history, publish, report, schedule, slippage

__all__ = ["main"]

_COMMANDS = (check, schedule, slippage, history, publish, baseline, report)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``portfolio`` command."""
    parser = argparse.ArgumentParser(
        prog="portfolio",
        description="Track a government IT migration portfolio: check the portfolio files, "
        "compute the schedule, its critical path and its slippage.",
        epilog="Run 'portfolio COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in _COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except BrokenPipeError:  # e.g. `portfolio schedule ... | head`
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
