"""``portfolio slippage PATH``: variance against a baseline, rolled up, and why the key milestones moved."""

from __future__ import annotations

import argparse
import csv
import functools
import io
import json
from typing import Any, TextIO

from tabulate import tabulate

from portfolio._safe_text import neutralise
from portfolio.cli._common import (
    emit,
    fail,
    iso,
    open_portfolio,
    output_arg,
    output_format,
    path_argument,
    report,
    schedule_clean,
    signed,
    status_date_option,
)
from portfolio.diagnostics import diagnostic
from portfolio.model import Source
from portfolio.slippage import (
    LEVELS,
    Attribution,
    RollupVariance,
    Variance,
    VarianceReport,
    attribute,
    key_milestones,
    select_baseline,
    variance,
)

__all__ = ["CSV_COLUMNS", "SUFFIXES", "add_parser", "attribution_dict", "run"]

SUFFIXES = {".json": "json", ".csv": "csv", ".txt": "text"}
"""The format an output file's suffix implies when --format is not given."""

CSV_COLUMNS = ("level", "id", "name", "baseline_start", "baseline_finish", "start", "finish", "start_variance",
               "finish_variance", "start_variance_days", "finish_variance_days")
"""The columns of the CSV output: one row per activity and per roll-up."""


def add_parser(subparsers: Any) -> None:
    """Register the ``slippage`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "slippage",
        help="variance against a baseline, rolled up, and why each key milestone moved",
        description="Schedule the portfolio as of its latest status update and compare it with a baseline "
        "(default: the baseline in force on the status date): start and finish variance per activity in working and calendar days, "
        "rolled up per assignment, migration, service and platform; activities added or removed since the "
        "baseline; and for each key milestone its variance explained along its driving path (the "
        "contributions add up to the variance). Without --format, the suffix of -o FILE chooses the format. "
        "Exit status: 0 done, 1 the data has errors or no baseline, 2 usage or I/O problem.",
    )
    path_argument(parser)
    parser.add_argument("--baseline", metavar="NAME", help="the baseline to compare with "
                        "(default: the one in force on the status date)")
    status_date_option(parser)
    parser.add_argument("--format", choices=("text", "json", "csv"), default=None,
                        help="tables (default), JSON, or CSV (one row per activity and roll-up); without --format, "
                        "-o's suffix (.txt, .json, .csv) chooses it")
    output_arg(parser)
    parser.add_argument("--activities", action="store_true", help="text: also list every activity's variance")
    parser.set_defaults(run=run)


def attribution_dict(a: Attribution) -> dict[str, Any]:
    """An attribution as JSON-ready data."""
    return {
        "milestone": a.milestone, "reference": a.reference, "reference_finish": a.reference_finish.isoformat(),
        "finish": a.finish.isoformat(), "working_days": a.working_days, "calendar_days": a.calendar_days,
        "calendar": a.calendar, "path": list(a.path), "summary": a.summary(),
        "contributions": [{"activity": c.activity, "name": c.name, "cause": c.cause.value,
                           "working_days": c.working_days, "calendar_days": c.calendar_days}
                          for c in a.contributions],
    }


def _variance_dict(v: Variance) -> dict[str, Any]:
    return {"id": v.id, "name": v.name, "milestone": v.milestone, "progress": v.progress,
            "baseline_start": iso(v.baseline_start), "baseline_finish": iso(v.baseline_finish),
            "start": iso(v.start), "finish": iso(v.finish), "start_variance": v.start_variance,
            "finish_variance": v.finish_variance, "start_variance_days": v.start_variance_days,
            "finish_variance_days": v.finish_variance_days}


def _rollup_dict(r: RollupVariance) -> dict[str, Any]:
    return {"id": r.id, "baseline_start": r.baseline_start and r.baseline_start.isoformat(),
            "baseline_finish": r.baseline_finish and r.baseline_finish.isoformat(), "start": iso(r.start),
            "finish": iso(r.finish), "start_variance": r.start_variance, "finish_variance": r.finish_variance,
            "start_variance_days": r.start_variance_days, "finish_variance_days": r.finish_variance_days,
            "activities": r.activities, "in_baseline": r.in_baseline}


def run(args: argparse.Namespace) -> int:
    """Run ``portfolio slippage``."""
    args.format = output_format("slippage", args.format, args.output, SUFFIXES, "text")
    portfolio = open_portfolio("slippage", args)
    if isinstance(portfolio, int):
        return portfolio
    computed = schedule_clean(portfolio, args.status_date)
    if isinstance(computed, int):
        return computed
    try:  # by default the baseline in force on the status date, not a later re-plan
        baseline = select_baseline(portfolio, args.baseline, as_of=computed.status_date)
    except LookupError as error:
        if isinstance(error, KeyError):
            return fail("slippage", error.args[0], 2)
        return report(diagnostic("no-baseline", str(error), source=Source(str(args.path))), 1)
    result = variance(portfolio, computed, baseline)
    attributions: dict[str, Attribution | None] = {}
    for m in key_milestones(portfolio):
        try:
            attributions[m] = attribute(portfolio, computed, m, baseline)
        except KeyError:
            attributions[m] = None
    out = io.StringIO()
    if args.format == "json":
        _json(result, attributions, out)
    elif args.format == "csv":
        _csv(result, out)
    else:
        _text(result, attributions, out, names={a.id: a.name for a in computed}, activities=args.activities)
    return emit("slippage", out.getvalue(), args.output)


def _json(result: VarianceReport, attributions: dict[str, Attribution | None], out: TextIO) -> None:
    document = {
        "baseline": {"name": result.baseline, "title": result.title, "captured": iso(result.captured),
                     "reason": result.reason,
                     "lineage": [{"name": n, "reason": r} for n, r in result.lineage]},
        "status_date": iso(result.status_date),
        "milestones": [{"id": m, "in_baseline": m in result,
                        **({"variance": _variance_dict(result[m])} if m in result else {}),
                        "attribution": attribution_dict(a) if a is not None else None}
                       for m, a in attributions.items()],
        "rollups": {level: [_rollup_dict(r) for r in result.rollups[level]] for level in LEVELS},
        "activities": [_variance_dict(v) for v in result],
        "added": list(result.added), "removed": list(result.removed),
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _csv(result: VarianceReport, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for v in result:
        row = _variance_dict(v)
        writer.writerow(["milestone" if v.milestone else "activity", neutralise(v.id), neutralise(v.name),
                         *(row[c] for c in CSV_COLUMNS[3:])])
    for level in LEVELS:
        for r in result.rollups[level]:
            row = _rollup_dict(r)
            writer.writerow([level, neutralise(r.id), "", *("" if row[c] is None else row[c] for c in CSV_COLUMNS[3:])])
    for i in result.added:
        writer.writerow(["added", neutralise(i), *[""] * (len(CSV_COLUMNS) - 2)])
    for i in result.removed:
        writer.writerow(["removed", neutralise(i), *[""] * (len(CSV_COLUMNS) - 2)])


def _text(result: VarianceReport, attributions: dict[str, Attribution | None], out: TextIO, *,
          names: dict[str, str], activities: bool) -> None:
    say = functools.partial(print, file=out)
    title = f" — {result.title}" if result.title else ""
    say(f"Baseline {result.baseline}{title} (captured {iso(result.captured)}); status date "
          f"{iso(result.status_date)}")
    if result.reason:
        say(f"  reason: {' '.join(result.reason.split())}")
    for name, reason in result.lineage[1:]:
        say(f"  replaces: {name}" + (f" (its reason: {' '.join(reason.split())})" if reason else ""))
    say(f"  {len(result.activities)} activities compared, {len(result.added)} added since the baseline, "
          f"{len(result.removed)} removed\n")
    say("Key milestones (finish variance: working days of the milestone's calendar, and calendar days)")
    rows = []
    for m in attributions:
        if m in result:
            v = result[m]
            rows.append((m, names.get(m, ""), iso(v.baseline_finish), iso(v.finish), signed(v.finish_variance),
                         signed(v.finish_variance_days), v.progress))
        else:
            rows.append((m, names.get(m, ""), "not in baseline", "-", "-", "-", "-"))
    say(tabulate(rows, headers=("id", "name", "baseline", "forecast", "var (wd)", "var (days)", "progress"),
                   disable_numparse=True))
    say("\nWhy (contributions along the driving path; they add up to the variance)")
    for m, a in attributions.items():
        if a is None:
            say(f"  {m}: not in baseline {result.baseline}; no variance")
            continue
        say(f"  {a.summary()}")
    for level in LEVELS:
        rollups = result.rollups[level]
        if not rollups:
            continue
        say(f"\nPer {level}")
        say(tabulate(
            [(r.id, iso(r.baseline_finish), iso(r.finish), signed(r.finish_variance), signed(r.finish_variance_days),
              f"{r.in_baseline}/{r.activities}") for r in rollups],
            headers=("id", "baseline finish", "forecast finish", "var (wd)", "var (days)", "in baseline"),
            disable_numparse=True))
    if activities:
        say("\nActivities")
        say(tabulate([(v.id, iso(v.baseline_start), iso(v.start), signed(v.start_variance), iso(v.baseline_finish),
                         iso(v.finish), signed(v.finish_variance)) for v in result],
                       headers=("id", "baseline start", "start", "var", "baseline finish", "finish", "var"),
                       disable_numparse=True))
    say(f"\nAdded since the baseline ({len(result.added)}): {', '.join(result.added) or '-'}")
    say(f"Removed since the baseline ({len(result.removed)}): {', '.join(result.removed) or '-'}")
