"""``portfolio check PATH``: load the portfolio, schedule it, and report every problem with its place."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from portfolio.diagnostics import Diagnostic, Severity, has_errors
from portfolio.io import load
from portfolio.schedule import schedule

__all__ = ["add_parser", "run"]


def add_parser(subparsers: Any) -> None:
    """Register the ``check`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "check",
        help="check the portfolio files and report every problem",
        description="Load the portfolio (a folder of YAML files, one YAML file, or an MS Project XML file), "
        "schedule it as of its latest status update, and print every problem as "
        "'file:line:col: severity[code]: message'. "
        "Exit status: 0 no errors, 1 errors found, 2 usage or I/O problem.",
    )
    parser.add_argument("path", metavar="PATH", help="portfolio folder, YAML file or MSPDI .xml file")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text lines (default) or a JSON list of objects")
    parser.set_defaults(run=run)


def check(path: str) -> tuple[Any, list[Diagnostic]]:
    """Load and, when the files are sound, schedule; return the portfolio and all diagnostics.

    Scheduling problems (negative float, a status date before the start, ...)
    are only found by scheduling, so a clean load is scheduled as of the
    latest status update. Problems the loader already reported are not repeated.
    """
    result = load(path)
    diagnostics = list(result.diagnostics)
    if not has_errors(diagnostics):
        seen = {(d.code, d.subject) for d in diagnostics}
        diagnostics += [d for d in schedule(result.portfolio).diagnostics if (d.code, d.subject) not in seen]
    return result.portfolio, diagnostics


def run(args: argparse.Namespace) -> int:
    """Run ``portfolio check``."""
    portfolio, diagnostics = check(args.path)
    if args.format == "json":
        json.dump([d.to_dict() for d in diagnostics], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for found in diagnostics:
            print(found)
        errors = sum(d.severity is Severity.ERROR for d in diagnostics)
        warnings = sum(d.severity is Severity.WARNING for d in diagnostics)
        p = portfolio
        summary = (f"{len(p.services)} services, {len(p.platforms)} platforms, {len(p.migrations)} migrations, "
                   f"{len(p.activities)} activities, {len(p.relations)} relations, "
                   f"{len(p.assignments)} assignments, {len(p.baselines)} baselines, "
                   f"{len(p.status_updates)} status updates")
        print(f"{errors} error(s), {warnings} warning(s); {summary}", file=sys.stderr)
    if any(d.code in ("io-error", "no-files") for d in diagnostics):
        return 2
    return 1 if has_errors(diagnostics) else 0
