"""``portfolio publish`` and ``portfolio published``: store a monthly report's figures; read them back."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tabulate import tabulate

from portfolio.cli._common import fail, iso, load_clean, path_arg, period_arg, report, schedule_clean, signed, warn
from portfolio.diagnostics import diagnostic
from portfolio.report.data import previous_figures
from portfolio.slippage import Figure, period_end, report_figures, select_baseline
from portfolio.store import Publication, Store, StoreError, default_store_path

__all__ = ["add_parser", "run_publish", "run_published"]


def add_parser(subparsers: Any) -> None:
    """Register the ``publish`` and ``published`` commands."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "publish",
        help="store the figures of a monthly report (per assignment and key milestone) as a record",
        description="Compute the report figures for a period (per assignment and key milestone: baseline, "
        "forecast, variance, status) as of the latest status update on or before the period's last day, "
        "compare them with the last report (the store's previous period, else the previous status update) "
        "and store them in the published-report store (SQLite; default PATH/.portfolio/published.sqlite). "
        "The store is append-only: a period already published with other figures is refused unless "
        "--supersede --reason TEXT, which keeps both versions. Exit status: 0 published (or already "
        "published with the same figures), 1 the data has errors or the period is published with other "
        "figures, 2 usage, I/O or store problem.",
    )
    parser.add_argument("path", metavar="PATH", type=path_arg, help="portfolio folder or YAML file")
    parser.add_argument("--period", required=True, metavar="YYYY-MM", type=period_arg, help="the reporting month")
    parser.add_argument("--store", metavar="FILE", type=path_arg, help="the store (default: PATH/.portfolio/published.sqlite)")
    parser.add_argument("--baseline", metavar="NAME", help="the baseline to report against "
                        "(default: the one in force on the status date)")
    parser.add_argument("--supersede", action="store_true",
                        help="publish a new version of an already published period (needs --reason)")
    parser.add_argument("--reason", metavar="TEXT", default="", help="why the published report is superseded")
    parser.set_defaults(run=run_publish)

    reader: argparse.ArgumentParser = subparsers.add_parser(
        "published",
        help="list the published reports, or show one period's figures",
        description="Read the published-report store: without --period the list of publications (every "
        "version); with --period the figures of each version of that period. Exit status: 0 done, 2 usage, "
        "I/O or store problem (a missing, damaged or foreign store).",
    )
    reader.add_argument("path", metavar="PATH", type=path_arg, help="portfolio folder or YAML file")
    reader.add_argument("--period", metavar="YYYY-MM", type=period_arg, help="show this period's figures")
    reader.add_argument("--store", metavar="FILE", type=path_arg, help="the store (default: PATH/.portfolio/published.sqlite)")
    reader.add_argument("--format", choices=("text", "json"), default="text", help="tables (default) or JSON")
    reader.set_defaults(run=run_published)


def _figure_dict(f: Figure) -> dict[str, Any]:
    return {"kind": f.kind, "id": f.id, "name": f.name, "baseline_finish": iso(f.baseline_finish),
            "forecast_finish": iso(f.forecast_finish), "variance": f.variance, "variance_days": f.variance_days,
            "progress": f.progress, "rag": f.rag, "status": f.status}


def _since(store: Store, source: str, label: str) -> str:
    """What the figures are compared with, for the summary line."""
    if source == "published":
        earlier = store.latest(label)
        return f"published {label} (version {earlier.version})" if earlier is not None else f"published {label}"
    return f"status update {label}" if source == "status-update" else "none"


def run_publish(args: argparse.Namespace) -> int:
    """Run ``portfolio publish``."""
    try:
        end = period_end(args.period)
    except ValueError as error:
        return fail("publish", str(error), 2)
    if args.supersede and not args.reason.strip():
        return fail("publish", "--supersede needs --reason TEXT: say why the published report changes", 2)
    portfolio = load_clean(args.path)
    if isinstance(portfolio, int):
        return portfolio
    update = portfolio.status_update(end)
    if update is None:
        return report(diagnostic("no-status-update", f"no status update on or before {end.isoformat()}, the end "
                                 f"of {args.period}"), 1)
    try:
        baseline = select_baseline(portfolio, args.baseline, as_of=update.date)
    except KeyError as error:
        return fail("publish", error.args[0], 2)
    except LookupError as error:
        return report(diagnostic("no-baseline", str(error)), 1)
    computed = schedule_clean(portfolio, update.date)
    if isinstance(computed, int):
        return computed
    figures = report_figures(portfolio, computed, baseline)
    path = Path(args.store) if args.store else default_store_path(args.path)
    try:
        with Store.open(path) as store:
            source, label, before = previous_figures(portfolio, args.period, update.date, store=store)
            since = _since(store, source, label)
            later = sorted({p.period for p in store.publications() if p.period > args.period})
            if later:
                warn("publish", f"a later period is already published ({', '.join(later)}); {args.period} is "
                     f"published anyway, but the report of {later[0]} did not compare with it")
            result = store.publish(args.period, update.date, figures, baseline=baseline.name,
                                   portfolio=portfolio.settings.name, supersede=args.supersede, reason=args.reason)
    except StoreError as error:
        return report(error.diagnostic(), 1 if error.code == "publication-exists" else 2)
    pub = result.publication
    rows = []
    for f in figures:
        prev = before.get((f.kind, f.id))
        moved = (f.forecast_finish - prev.forecast_finish).days if prev is not None else None
        rows.append((f.kind, f.id, iso(f.baseline_finish), iso(f.forecast_finish), signed(f.variance), f.rag,
                     iso(prev.forecast_finish) if prev else "-", signed(moved)))
    print(f"{portfolio.settings.name}: report {args.period}, status date {update.date.isoformat()}, "
          f"baseline {baseline.name}")
    print(tabulate(rows, headers=("kind", "id", "baseline", "forecast", "var (wd)", "rag", "last report",
                                  "moved (days)"), disable_numparse=True))
    print(f"since the last report: {since}")
    if result.created:
        print(f"published {pub.period} version {pub.version} ({len(pub.figures)} figures) to {path}")
    else:
        print(f"{pub.period} version {pub.version} holds these figures already; nothing written ({path})")
    return 0


def _publication_dict(p: Publication, *, figures: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "period": p.period, "version": p.version, "status_date": iso(p.status_date), "baseline": p.baseline,
        "portfolio": p.portfolio, "reason": p.reason, "supersedes": p.supersedes, "digest": p.digest,
        "figure_count": len(p.figures)}
    if figures:
        data["figures"] = [_figure_dict(f) for f in p.figures]
    return data


def run_published(args: argparse.Namespace) -> int:
    """Run ``portfolio published``."""
    if args.period is not None:
        try:
            period_end(args.period)
        except ValueError as error:
            return fail("published", str(error), 2)
    path = Path(args.store) if args.store else default_store_path(args.path)
    try:
        with Store.open(path, create=False) as store:
            publications = store.publications(args.period)
    except StoreError as error:
        return report(error.diagnostic(), 2)
    if args.format == "json":
        json.dump([_publication_dict(p, figures=args.period is not None) for p in publications], sys.stdout,
                  indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    if not publications:
        print(f"nothing published{f' for {args.period}' if args.period else ''} in {path}")
        return 0
    if args.period is None:
        print(tabulate([(p.period, p.version, iso(p.status_date), p.baseline or "-", len(p.figures),
                         " ".join(p.reason.split()) or "-") for p in publications],
                       headers=("period", "version", "status date", "baseline", "figures", "reason"),
                       disable_numparse=True))
        return 0
    for p in publications:
        note = f"; supersedes version {p.version - 1}: {' '.join(p.reason.split())}" if p.supersedes else ""
        print(f"{p.period} version {p.version}: status date {iso(p.status_date)}, baseline {p.baseline or '-'}{note}")
        print(tabulate([(f.kind, f.id, iso(f.baseline_finish), iso(f.forecast_finish), signed(f.variance), f.rag,
                         f.progress, f.status or "-") for f in p.figures],
                       headers=("kind", "id", "baseline", "forecast", "var (wd)", "rag", "progress", "status"),
                       disable_numparse=True))
        print()
    return 0
