"""``portfolio risk PATH``: Monte Carlo schedule risk analysis (P-dates, the chance of a deadline, drivers, risks)."""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from tabulate import tabulate

from portfolio._safe_text import neutralise
from portfolio.cli._common import (
    date_arg,
    emit,
    fail,
    iso,
    open_portfolio,
    output_arg,
    output_format,
    path_argument,
    status_date_option,
)
from portfolio.diagnostics import closest, has_errors
from portfolio.risk import PERCENTILES, RiskResult, simulate
from portfolio.risk._words import LANGUAGES, words

__all__ = ["SUFFIXES", "add_parser", "run"]

SUFFIXES = {".json": "json", ".csv": "csv", ".txt": "text"}
MAX_RUNS = 1_000_000
"""Runs at most (the arrays of a chunk are bounded; the finishes of the runs are kept)."""


def _runs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of runs (e.g. 10000)") from None
    if not 1 <= value <= MAX_RUNS:
        raise argparse.ArgumentTypeError(f"give 1 to {MAX_RUNS} runs, not {value}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number (e.g. 42)") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"a seed is 0 or more, not {value}")
    return value


def add_parser(subparsers: Any) -> None:
    """Register the ``risk`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "risk",
        help="schedule risk analysis: P50/P80 dates, the chance of a deadline, drivers and risks",
        description="Load the portfolio, simulate its schedule many times with the three-point estimates and "
        "the risk register of its 'risk:' section (docs/risk.md), and print the finish-date percentiles of the "
        "key milestones, the chance of meeting the milestone's deadline (for a platform's exit: its contract "
        "end), the activities that drive it and each risk's share of its P80. The same --seed gives the same "
        "numbers. Exit status: 0 done, 1 the data has errors, 2 usage or I/O problem.",
    )
    path_argument(parser)
    parser.add_argument("--runs", type=_runs, default=10_000, metavar="N", help="number of runs (default 10000)")
    parser.add_argument("--seed", type=_seed, default=0, metavar="S", help="random seed (default 0)")
    parser.add_argument("--milestone", metavar="ID",
                        help="the milestone the drivers and risks concern (default: the first key milestone)")
    status_date_option(parser, "as of this date (default: the latest status update's date)")
    parser.add_argument("--deadline", type=date_arg, metavar="YYYY-MM-DD",
                        help="the date to meet (default: the contract end of the platform the milestone exits, "
                        "or its deadline)")
    parser.add_argument("--format", choices=("text", "json", "csv"), default=None,
                        help="a report (default), JSON or CSV (one row per milestone); without --format, -o's "
                        "suffix chooses it")
    parser.add_argument("--lang", choices=LANGUAGES, default="nl", help="Dutch (default) or English")
    output_arg(parser)
    parser.set_defaults(run=run)


@contextlib.contextmanager
def _progress(runs: int) -> Iterator[Callable[[int], None] | None]:
    """A tqdm bar on standard error, shown after a second and only on a terminal; None without tqdm."""
    try:
        from tqdm import tqdm  # type: ignore[import-untyped, import-not-found, unused-ignore]  # noqa: PLC0415
    except ImportError:
        yield None
        return
    bar = tqdm(total=runs, unit="run", delay=1.0, file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)
    done = [0]

    def advance(total: int) -> None:
        bar.update(total - done[0])
        done[0] = total

    try:
        yield advance
    finally:
        bar.close()


def run(args: argparse.Namespace) -> int:
    """Run ``portfolio risk``."""
    args.format = output_format("risk", args.format, args.output, SUFFIXES, "text")
    portfolio = open_portfolio("risk", args)
    if isinstance(portfolio, int):
        return portfolio
    if args.milestone is not None and args.milestone not in portfolio.activities:
        guess = closest(args.milestone, portfolio.activities)
        return fail("risk", f"no activity {args.milestone!r}" + (f"; did you mean {guess!r}?" if guess else ""), 2)
    with _progress(args.runs) as progress:
        result = simulate(portfolio, runs=args.runs, seed=args.seed, status_date=args.status_date,
                          milestone=args.milestone, deadline=args.deadline, progress=progress)
    for found in result.diagnostics:
        print(found, file=sys.stderr)
    out = io.StringIO()
    if args.format == "json":
        json.dump(result.to_dict(), out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif args.format == "csv":
        _csv(result, out)
    else:
        _text(result, out, args.lang, uncertain=portfolio.risk is not None and bool(result.varies.any()))
    written = emit("risk", out.getvalue(), args.output)
    return written or (1 if has_errors(result.diagnostics) else 0)


def _csv(result: RiskResult, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    columns = ["id", "name", "deterministic", *(f"p{p}" for p in PERCENTILES), "mean", "deadline", "probability"]
    writer.writerow(columns)
    for row in result.summary():
        values = [row[c].isoformat() if hasattr(row[c], "isoformat") else row[c] for c in columns]
        writer.writerow([neutralise(v) if isinstance(v, str) else ("" if v is None else v) for v in values])


def _text(result: RiskResult, out: TextIO, lang: str, *, uncertain: bool) -> None:
    w = words(lang)
    print(f"{w['title']}: {result.runs} {w['runs']}, {w['seed']} {result.seed}, "
          f"{w['status date']} {iso(result.status_date)}", file=out)
    if not uncertain:
        print(w["none"], file=out)
    chance = result.probability()
    deadline = result.deadlines.get(result.target)
    if chance is not None and deadline is not None:
        print(w["answer"].format(milestone=result.target, deadline=deadline.isoformat(),
                                 chance=_percent(chance, lang)), file=out)
    rows = [(r["id"], iso(r["deterministic"]), *(iso(r[f"p{p}"]) for p in PERCENTILES), iso(r["deadline"]),
             "-" if r["probability"] is None else _percent(r["probability"], lang)) for r in result.summary()]
    print(file=out)
    print(tabulate(rows, headers=(w["milestone"], w["deterministic"], *(f"P{p}" for p in PERCENTILES),
                                  w["deadline"], w["chance"]), disable_numparse=True), file=out)
    drivers = result.sensitivity()
    if drivers:
        print(f"\n{w['drivers']} — {result.target}", file=out)
        print(tabulate([(i, f"{c:.2f}", f"{r:.2f}", _percent(k, lang)) for i, c, r, k in drivers],
                       headers=(w["activity"], w["cruciality"], w["correlation"], w["criticality"]),
                       disable_numparse=True), file=out)
    if result.contributions:
        print(f"\n{w['risks']} — {result.target}", file=out)
        print(tabulate([(c.id, c.owner, _percent(c.probability, lang), iso(c.p80_without), f"{c.days:+d}")
                        for c in sorted(result.contributions, key=lambda c: -c.days)],
                       headers=(w["risk"], w["owner"], w["probability"], w["p80 without"], w["days"]),
                       disable_numparse=True), file=out)


def _percent(value: float, lang: str) -> str:
    """``34.6 %`` (English) or ``34,6 %`` (Dutch)."""
    text = f"{100 * value:.1f} %"
    return text.replace(".", ",") if lang == "nl" else text
