"""``portfolio level PATH``: the schedule levelled against the teams' and platforms' capacity."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from typing import TYPE_CHECKING, Any

from portfolio.cli._common import (
    emit,
    fail,
    iso,
    open_portfolio,
    output_arg,
    output_format,
    path_argument,
    status_date_option,
)
from portfolio.diagnostics import has_errors

if TYPE_CHECKING:
    from portfolio.capacity import Capacity, Levelled
    from portfolio.model import Portfolio

__all__ = ["LABELS", "add_parser", "levelled", "run"]

SUFFIXES = {".json": "json", ".csv": "csv", ".txt": "text"}
MAX_SECONDS = 86_400
"""The longest time limit ``--exact`` takes: a day (``inf`` would let the solver run without end)."""

LABELS = {
    "nl": {"finish": "einde", "exit": "exit", "delayed": "uitgestelde activiteiten", "overloads": "overbelasting",
           "none": "geen", "cpm": "CPM (onbeperkte capaciteit)", "levelled": "gelijkgetrokken", "id": "activiteit",
           "start": "start", "days": "werkdagen later", "team": "team of platform", "month": "maand",
           "peak": "piek", "limit": "capaciteit"},
    "en": {"finish": "finish", "exit": "exit", "delayed": "delayed activities", "overloads": "overloads",
           "none": "none", "cpm": "CPM (unlimited capacity)", "levelled": "levelled", "id": "activity",
           "start": "start", "days": "working days later", "team": "team or platform", "month": "month",
           "peak": "peak", "limit": "capacity"},
}
"""The words of the text output, in Dutch and English."""


def _seconds(text: str) -> float:
    """``--exact``'s time limit: a number of seconds above 0 and at most a day.

    Examples:
        >>> _seconds("2.5")
        2.5
        >>> _seconds("inf")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: give a time limit above 0 and at most 86400 seconds, not 'inf'
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (e.g. 30)") from None
    if not 0 < value <= MAX_SECONDS:  # also refuses nan
        raise argparse.ArgumentTypeError(f"give a time limit above 0 and at most {MAX_SECONDS} seconds, not {text!r}")
    return value


def add_parser(subparsers: Any) -> None:
    """Register the ``level`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "level", help="level the schedule against team and platform capacity",
        description="Load the portfolio and its capacity: section, schedule it (CPM) and again within the "
        "capacity (a serial schedule-generation scheme: driving path first, then total float, then id), and "
        "show what moved, the exit dates and any overload. Exit status: 0 done, 1 the data has errors (or, "
        "with --check, the CPM plan overloads a team or platform beyond the tolerance), 2 usage or I/O problem.")
    add_common(parser)
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when the CPM plan overloads a team or platform beyond the tolerance")
    parser.add_argument("--exact", type=_seconds, metavar="SECONDS",
                        help="solve with OR-Tools CP-SAT (the 'level' extra) within this time limit (above 0, at "
                        f"most {MAX_SECONDS})")
    parser.add_argument("--target", metavar="ID", help="with --exact: minimise this activity's finish "
                        "(e.g. easi.exit) instead of the portfolio's")
    parser.set_defaults(run=run)


def add_common(parser: argparse.ArgumentParser) -> None:
    """The arguments ``level`` and ``waves`` share."""
    path_argument(parser)
    status_date_option(parser, help="level as of this date (default: the latest status update's date)")
    parser.add_argument("--format", choices=("text", "json", "csv"), default=None,
                        help="a table (default), JSON or CSV; without --format, -o's suffix chooses it")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl", help="Dutch (default) or English")
    output_arg(parser)


def levelled(args: argparse.Namespace, command: str) -> tuple[Portfolio, Capacity, Levelled] | int:
    """Load (with the capacity section, read and checked), level; an exit code when something stops it."""
    from portfolio.capacity import level  # noqa: PLC0415 - numpy-heavy

    args.format = output_format(command, args.format, args.output, SUFFIXES, "text")
    portfolio = open_portfolio(command, args)
    if isinstance(portfolio, int):
        return portfolio
    capacity = portfolio.capacity  # the loader read and checked it (its diagnostics are printed above)
    seconds = getattr(args, "exact", None)
    if seconds is not None:
        exact = _exact(portfolio, capacity, args, seconds)
        if isinstance(exact, int):
            return exact
        result = exact
    else:
        result = level(portfolio, capacity, status_date=args.status_date)
    for d in result.diagnostics:
        print(d, file=sys.stderr)
    return 1 if has_errors(result.diagnostics) else (portfolio, capacity, result)


def _exact(portfolio: Portfolio, capacity: Capacity, args: argparse.Namespace, seconds: float) -> Levelled | int:
    """The CP-SAT solve, its status and gap on standard error; an exit code when it cannot run."""
    try:
        from portfolio.capacity.exact import level_exact  # noqa: PLC0415

        exact = level_exact(portfolio, capacity, target=args.target, status_date=args.status_date,
                            time_limit=seconds)
    except ImportError:
        return fail("level", "--exact needs OR-Tools: pip install 'migration-portfolio[level]'", 2)
    except (KeyError, RuntimeError) as error:
        return fail("level", str(error.args[0]), 2 if isinstance(error, KeyError) else 1)
    print(f"CP-SAT: {exact.status}, finish index {exact.objective} (bound {exact.bound}, gap {exact.gap:.1%}; "
          f"the scheme: {exact.heuristic})", file=sys.stderr)
    return exact.result


def run(args: argparse.Namespace) -> int:
    """Run ``portfolio level``."""
    from portfolio.capacity import exit_dates, overloads  # noqa: PLC0415
    from portfolio.whatif import compare  # noqa: PLC0415

    done = levelled(args, "level")
    if isinstance(done, int):
        return done
    portfolio, capacity, result = done
    since = result.base.status_date
    before = overloads(portfolio, capacity, result.base, since=since)
    after = overloads(portfolio, capacity, result.levelled, since=since)
    moves = compare(result.base, result.levelled, portfolio=portfolio)
    exits = [(p, iso(d), iso(exit_dates(portfolio, result.levelled).get(p)))
             for p, d in exit_dates(portfolio, result.base).items()]
    delayed = [(aid, iso(result.base[aid].start), iso(result.levelled[aid].start), days)
               for aid, days in sorted(result.delays.items(), key=lambda item: (-item[1], item[0]))]
    doc: dict[str, Any] = {
        "status_date": iso(since) if since else None, "finish": {"cpm": iso(result.base.finish),
                                                                  "levelled": iso(result.levelled.finish)},
        "finish_shift": moves.finish_shift,
        "exits": [{"platform": p, "cpm": a, "levelled": b} for p, a, b in exits],
        "delayed": [{"id": a, "cpm": b, "levelled": c, "days": d} for a, b, c, d in delayed],
        "overloads": {name: [{"kind": o.kind, "subject": o.subject, "month": o.month, "peak": o.peak,
                              "limit": o.limit} for o in found] for name, found in (("cpm", before),
                                                                                     ("levelled", after))},
    }
    out = io.StringIO()
    if args.format == "json":
        json.dump(doc, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("id", "cpm_start", "levelled_start", "working_days_later"))
        writer.writerows(delayed)
    else:
        _text(doc, LABELS[args.lang], out)
    written = emit("level", out.getvalue(), args.output)
    return written or (1 if args.check and before else 0)


def _text(doc: dict[str, Any], words: dict[str, str], out: io.StringIO) -> None:
    from tabulate import tabulate  # noqa: PLC0415

    print(f"{words['finish']}: {words['cpm']} {doc['finish']['cpm']}, {words['levelled']} "
          f"{doc['finish']['levelled']} ({doc['finish_shift']:+d})", file=out)
    for e in doc["exits"]:
        print(f"{words['exit']} {e['platform']}: {e['cpm']} -> {e['levelled']}", file=out)
    print(f"\n{words['delayed']}: {len(doc['delayed'])}", file=out)
    if doc["delayed"]:
        print(tabulate([(d["id"], d["cpm"], d["levelled"], d["days"]) for d in doc["delayed"]],
                       headers=(words["id"], "CPM", words["levelled"], words["days"]), disable_numparse=True),
              file=out)
    for name in ("cpm", "levelled"):
        found = doc["overloads"][name]
        print(f"\n{words['overloads']} ({words[name]}): {len(found) or words['none']}", file=out)
        if found:
            print(tabulate([(o["subject"], o["month"], f"{o['peak']:g}", f"{o['limit']:g}") for o in found],
                           headers=(words["team"], words["month"], words["peak"], words["limit"]),
                           disable_numparse=True), file=out)
