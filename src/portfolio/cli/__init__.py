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
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, Final

from portfolio import __version__
from portfolio.cli import _streams

__all__ = ["COMMANDS", "build_parser", "entry", "main"]

COMMANDS: Final[dict[str, str]] = {
    "check": "portfolio.cli.check",
    "schedule": "portfolio.cli.schedule",
    "slippage": "portfolio.cli.slippage",
    "history": "portfolio.cli.history",
    "publish": "portfolio.cli.publish",
    "published": "portfolio.cli.publish",
    "baseline": "portfolio.cli.baseline",
    "report": "portfolio.cli.report",
    "export": "portfolio.cli.export",
    "risk": "portfolio.cli.risk",
    "evm": "portfolio.cli.evm",
    "level": "portfolio.cli.level",
    "waves": "portfolio.cli.waves",
}
"""Every command: its name -> the module that registers and runs it, in the order ``portfolio --help`` lists them. A module
is imported only when its command runs (or for ``portfolio --help``), so ``--version`` and a command's start never pay
for another's libraries. A module defines ``add_parser(subparsers)``, which adds the command (or several, such as
``publish`` and ``published``) with ``set_defaults(run=...)``, and ``run(args) -> int``; it imports its heavy modules
inside ``run``. A new command is one line here.
"""
_NO_CACHE = "read every file again instead of the load cache (also: PORTFOLIO_NO_CACHE=1)"


class _Commands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """The subcommands, each registered from its module when it is chosen (or when the help lists them all)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending: dict[str, str] = {}

    def add_lazy(self, name: str, register: str) -> None:
        """Offer ``name`` as a choice; ``register`` (``module`` or ``module:function``, default ``add_parser``)
        adds its parser when it is chosen."""
        self._pending[name] = register
        self._name_parser_map[name] = None  # a choice argparse accepts; replaced by the real parser on use

    def load(self, name: str) -> None:
        """Register the command ``name`` (and the others its function registers) from its module, once."""
        register = self._pending.get(name)
        if register is None:
            return
        names = [n for n, r in self._pending.items() if r == register]
        for each in names:
            del self._pending[each], self._name_parser_map[each]
        module, _, function = register.partition(":")
        getattr(importlib.import_module(module), function or "add_parser")(self)
        for each in names:
            _no_cache_after(self._name_parser_map[each])

    def load_all(self) -> None:
        """Register every command, in the order of `COMMANDS` (for the listing in ``--help``)."""
        for name in list(self._pending):
            self.load(name)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        from portfolio._gc import paused_gc  # noqa: PLC0415 - not for --version

        with paused_gc():  # importing the command's modules and reading its arguments make objects that stay
            self.load(values[0])
            super().__call__(parser, namespace, values, option_string)


class _Parser(argparse.ArgumentParser):
    """The parser of ``portfolio`` and of each command: its help registers every pending command, to list them."""

    def format_help(self) -> str:
        for action in self._actions:
            if isinstance(action, _Commands):
                action.load_all()
        return super().format_help()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``portfolio`` command (a command's module is imported when it is chosen)."""
    parser = _Parser(
        prog="portfolio",
        description="Track a government IT migration portfolio: check the portfolio files, "
        "compute the schedule, its critical path and its slippage.",
        epilog="Run 'portfolio COMMAND --help' for the options of a command. Exit status: 0 done, 1 the data "
        "has errors, 2 usage or I/O problem (a full disk included), 141 standard output closed by its reader.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--no-cache", action="store_true", help=_NO_CACHE)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, action=_Commands)
    assert isinstance(commands, _Commands)
    for name, module in COMMANDS.items():
        commands.add_lazy(name, module)
    return parser


def _no_cache_after(parser: argparse.ArgumentParser) -> None:
    """Accept ``--no-cache`` after a command too (``portfolio report monthly --no-cache PATH``)."""
    parser.add_argument("--no-cache", action="store_true", default=argparse.SUPPRESS, help=_NO_CACHE)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                if sub is not None:  # a command not registered yet gets it when it is (_Commands.load)
                    _no_cache_after(sub)


#: The BLAS libraries' thread counts a command sets (each unless the user set it): one thread.
_BLAS_THREADS: Final = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _one_blas_thread() -> None:
    """Ask numpy's BLAS for one thread, unless the user chose a number or numpy is already imported.

    The commands' only matrix products are the risk simulation's (each
    risk's impact on the activities it touches, per chunk of runs: a few
    risks wide), too small to gain much from threads, while starting
    OpenBLAS's pool of threads when numpy is imported cost every command
    about 0.05-0.1 s of CPU (0.17 s instead of 0.12 s for ``import numpy`` on
    2 cores), spent beside the command while a core is idle and waited for on
    a busy machine. A program or notebook that imports the library keeps
    numpy's own choice.
    """
    if "numpy" not in sys.modules:
        for name in _BLAS_THREADS:
            os.environ.setdefault(name, "1")


def _environment_warnings(command: str) -> None:
    """A warning on standard error for an environment variable of ours set to what the library does not understand.

    ``PORTFOLIO_JOBS`` (`portfolio.io._parallel.jobs_setting`): the library reads a value it does not
    understand as unset, so the command still runs; the warning says what it took the value for.
    """
    value = os.environ.get("PORTFOLIO_JOBS")
    if value is None:
        return
    from portfolio.cli._common import warn  # noqa: PLC0415 - a command's start only
    from portfolio.io._parallel import jobs_setting  # noqa: PLC0415 - a command's start only

    try:
        jobs_setting(value)
    except ValueError as error:
        warn(command, str(error))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Standard output and error escape control characters while a command
    runs; a closed pipe or a full disk on standard output ends the command
    with one line on standard error (exit 141 for a closed pipe, 2 else).
    numpy's BLAS gets one thread (`_one_blas_thread`).
    """
    _one_blas_thread()
    real = _streams.install()
    words = list(sys.argv[1:] if argv is None else argv)
    command = f"portfolio {words[0]}" if words and not words[0].startswith("-") else "portfolio"  # for messages
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        command = f"portfolio {args.command}"
        from portfolio.io._cache import DEFAULT  # noqa: PLC0415 - not needed for --help or --version

        _environment_warnings(args.command)
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


def entry() -> int:
    """The ``portfolio`` program (and ``python -m portfolio``): `main`, its exit code returned for ``sys.exit``.

    The process ends right after, so the objects the command made are first frozen out of the cyclic
    garbage collector (``gc.freeze``): the collections Python runs while it shuts down would otherwise walk
    every one of them only to find that reference counting frees them anyway (5 % of the instructions of a
    text report on the example, `docs/performance.md`). Nothing else changes: buffered output is flushed,
    ``atexit`` handlers and finalisers run as always. Tests and programs that call `main` keep their
    collector as it was.
    """
    code = main()
    gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(entry())
