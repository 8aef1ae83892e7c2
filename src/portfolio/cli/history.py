"""``portfolio history PATH``: the key milestones' forecasts at each status update (MTA), and why they moved."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from typing import Any

from tabulate import tabulate

from portfolio._safe_text import escape_controls, neutralise
from portfolio.cli._common import (
    emit,
    fail,
    iso,
    open_portfolio,
    output_arg,
    output_format,
    path_argument,
    signed,
    write_output,
)
from portfolio.cli.slippage import attribution_dict
from portfolio.model import Portfolio
from portfolio.slippage import History, MilestoneTrend, history

__all__ = ["CSV_COLUMNS", "SUFFIXES", "add_parser", "run"]

SUFFIXES = {".png": "png", ".svg": "svg", ".json": "json", ".csv": "csv", ".txt": "text"}
"""The format an output file's suffix implies when --format is not given."""

CSV_COLUMNS = ("status_date", "milestone", "forecast", "change", "change_days", "finished")
"""The columns of the CSV output: one row per milestone and status date."""


def add_parser(subparsers: Any) -> None:
    """Register the ``history`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "history",
        help="milestone trend analysis: forecasts at each status update, and why they moved",
        description="Schedule the portfolio as of each of its status updates and follow the key milestones "
        "(or --milestones): the forecast at each status date, the change since the previous update, and per "
        "reporting window the activities that caused the move (a windows analysis, AACE RP 29R-03). Also the "
        "finish of every migration per status date. --format png or svg draws the milestone trend chart "
        "(needs the 'plot' extra); without --format, the suffix of -o FILE chooses the format. Exit status: 0 done, 1 the data has errors, 2 usage or I/O problem.",
    )
    path_argument(parser)
    parser.add_argument("--milestones", metavar="ID,...", help="comma-separated activity ids "
                        "(default: the portfolio's key milestones)")
    parser.add_argument("--format", choices=("text", "json", "csv", "png", "svg"), default=None,
                        help="tables (default), JSON, CSV, or the MTA chart as PNG or SVG (needs -o); without "
                        "--format, -o's suffix (.png, .svg, .json, .csv, .txt) chooses it")
    output_arg(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``portfolio history``."""
    args.format = output_format("history", args.format, args.output, SUFFIXES, "text")
    if args.format in ("png", "svg") and not args.output:
        return fail("history", f"--format {args.format} writes a chart: give -o FILE", 2)
    portfolio = open_portfolio("history", args)
    if isinstance(portfolio, int):
        return portfolio
    wanted = [m.strip() for m in args.milestones.split(",") if m.strip()] if args.milestones else None
    try:
        result = history(portfolio, wanted)
    except KeyError as error:
        return fail("history", error.args[0], 2)
    if not result.status_dates:
        return fail("history", "the portfolio has no status updates; add one under status/", 1)
    errors = [d for s in result.schedules for d in s.diagnostics if d.severity.value == "error"]
    for found in dict.fromkeys(str(d) for s in result.schedules for d in s.diagnostics):
        print(found, file=sys.stderr)
    if args.format in ("png", "svg"):
        from portfolio.slippage.plot import render_mta  # noqa: PLC0415 - matplotlib is optional

        try:
            title = escape_controls(f"{portfolio.settings.name}: milestone trends")  # SVG is XML: no control chars
            chart = render_mta(result, format=args.format, title=title)
        except ImportError as error:
            return fail("history", str(error), 2)
        written = write_output("history", chart, args.output)
        if written:
            return written
        print(f"wrote {args.output}", file=sys.stderr)
        return 1 if errors else 0
    out = io.StringIO()
    if args.format == "json":
        json.dump(_document(result), out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for trend in result.milestones:
            for p in trend.points:
                writer.writerow([iso(p.status_date), neutralise(trend.id), iso(p.forecast),
                                 "" if p.change is None else p.change,
                                 "" if p.change_days is None else p.change_days, "yes" if p.finished else "no"])
    else:
        out.write(_text(portfolio, result))
    written = emit("history", out.getvalue(), args.output)
    if written:
        return written
    return 1 if errors else 0


def _trend_dict(t: MilestoneTrend) -> dict[str, Any]:
    return {"id": t.id, "name": t.name, "baseline_finish": t.baseline_finish and t.baseline_finish.isoformat(),
            "points": [{"status_date": iso(p.status_date), "forecast": iso(p.forecast), "finished": p.finished,
                        "change": p.change, "change_days": p.change_days} for p in t.points]}


def _document(result: History) -> dict[str, Any]:
    return {
        "status_dates": [iso(d) for d in result.status_dates],
        "milestones": [_trend_dict(t) for t in result.milestones],
        "windows": {m: [attribution_dict(a) for a in windows] for m, windows in result.windows.items()},
        "migrations": [_trend_dict(t) for t in result.migrations],
    }


def later_count(trends: tuple[MilestoneTrend, ...], window: int) -> tuple[int, int]:
    """How many trends finish later at status update ``window`` than at the one before, of how many."""
    return sum(1 for t in trends if (t.points[window].change or 0) > 0), len(trends)


def _text(portfolio: Portfolio, result: History) -> str:
    lines = []
    heads = ["status date", *(t.id for t in result.milestones)]
    rows = [[iso(d), *(iso(f) + ("*" if t.points[i].finished else "") for f, t in zip(fs, result.milestones,
                                                                                       strict=True))]
            for i, (d, fs) in enumerate(result.table())]
    lines.append("Milestone trend analysis: forecast finish per status date (* = finished)")
    lines.append(tabulate(rows, headers=heads, disable_numparse=True))
    changes = [[iso(d), *(signed(t.points[i].change) for t in result.milestones)]
               for i, d in enumerate(result.status_dates) if i]
    if changes:
        lines.append("\nChange since the previous status update (working days)")
        lines.append(tabulate(changes, headers=heads, disable_numparse=True))
    if result.migrations:
        lines.append("\nMigrations: finish per status date (* = finished)")
        rows = [[t.id, *(iso(p.forecast) + ("*" if p.finished else "") for p in t.points),
                 signed(sum(p.change or 0 for p in t.points))] for t in result.migrations]
        lines.append(tabulate(rows, headers=["migration", *(iso(d) for d in result.status_dates), "moved (wd)"],
                              disable_numparse=True))
        by_source: dict[str, list[MilestoneTrend]] = {}
        for t in result.migrations:
            source = portfolio.migrations[t.id].source_platform if t.id in portfolio.migrations else None
            by_source.setdefault(source or "-", []).append(t)
        for i in range(1, len(result.status_dates)):
            later, total = later_count(result.migrations, i)
            per = ", ".join(f"{k}: {later_count(tuple(v), i)[0]} of {len(v)}" for k, v in by_source.items())
            lines.append(f"  {iso(result.status_dates[i - 1])} → {iso(result.status_dates[i])}: {later} of {total} "
                         f"migrations finish later (by source platform: {per})")
    if any(result.windows.values()):
        lines.append("\nWhy they moved: each window between two status updates, along the driving path "
                     "(AACE RP 29R-03 windows analysis)")
        for i in range(1, len(result.status_dates)):
            lines.append(f"  {iso(result.status_dates[i - 1])} → {iso(result.status_dates[i])}")
            for windows in result.windows.values():
                lines.append(f"    {windows[i - 1].summary()}")
    return "\n".join(lines) + "\n"
