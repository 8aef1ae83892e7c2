"""``portfolio publish`` and ``portfolio published``: store a monthly report's figures; read them back."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tabulate import tabulate

from portfolio.calendar import fingerprint
from portfolio.cli._common import fail, iso, load_clean, path_arg, period_arg, report, schedule_clean, signed, warn
from portfolio.diagnostics import diagnostic, has_errors
from portfolio.io import load
from portfolio.model import Source
from portfolio.report.data import previous_figures
from portfolio.slippage import period_end, report_figures, select_baseline
from portfolio.store import (
    Publication,
    Store,
    StoreError,
    Verification,
    changed_inputs,
    compare,
    default_store_path,
    input_digests,
)

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
        help="list the published reports, show or compare periods' figures, or verify the store",
        description="Read the published-report store: without options the list of publications (every "
        "version); with --period the figures of each version of that period; with --diff FROM TO each "
        "figure in the latest version of both periods and the change; with --verify check the hash chain "
        "(every publication unchanged, none missing) and compare the calendars each period recorded with "
        "today's. A store that does not verify is never shown. Exit status: 0 done (--verify: the store "
        "verifies), 1 --verify found a broken publication, 2 usage, I/O or store problem (a missing, "
        "damaged or foreign store).",
    )
    reader.add_argument("path", metavar="PATH", type=path_arg, help="portfolio folder or YAML file")
    what = reader.add_mutually_exclusive_group()
    what.add_argument("--period", metavar="YYYY-MM", type=period_arg, help="show this period's figures")
    what.add_argument("--diff", nargs=2, metavar=("FROM", "TO"), type=period_arg, help="compare two published periods")
    what.add_argument("--verify", action="store_true", help="check that no publication was changed or deleted")
    reader.add_argument("--store", metavar="FILE", type=path_arg, help="the store (default: PATH/.portfolio/published.sqlite)")
    reader.add_argument("--format", choices=("text", "json"), default="text", help="tables (default) or JSON")
    reader.set_defaults(run=run_published)


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
                                 f"of {args.period}", source=Source(str(args.path))), 1)
    try:
        baseline = select_baseline(portfolio, args.baseline, as_of=update.date)
    except KeyError as error:
        return fail("publish", error.args[0], 2)
    except LookupError as error:
        return report(diagnostic("no-baseline", str(error), source=Source(str(args.path))), 1)
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
                                   portfolio=portfolio.settings.name, supersede=args.supersede, reason=args.reason,
                                   calendars=fingerprint(portfolio), inputs=input_digests(args.path))
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
        print(f"its hash, the end of the store's chain: {pub.hash} (keep it with the report: 'portfolio "
              "published PATH --verify' shows whether the chain still ends in it)")
    else:
        print(f"{pub.period} version {pub.version} holds these figures already; nothing written ({path})")
    return 0


def run_published(args: argparse.Namespace) -> int:
    """Run ``portfolio published``."""
    for period in [args.period] if args.period is not None else args.diff or []:
        try:
            period_end(period)
        except ValueError as error:
            return fail("published", str(error), 2)
    path = Path(args.store) if args.store else default_store_path(args.path)
    try:
        with Store.open(path, create=False) as store:
            if args.verify:
                return _verify(args, store)
            if args.diff:
                return _diff(store, args.diff[0], args.diff[1], args.format)
            publications = store.publications(args.period)
    except StoreError as error:
        return report(error.diagnostic(), 2)
    if args.format == "json":
        _json([p.to_json_dict(figures=args.period is not None) for p in publications])
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


def _json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def _diff(store: Store, first: str, second: str, form: str) -> int:
    """``published --diff FROM TO``: the latest version of both periods, figure by figure."""
    before, after = store.latest(first), store.latest(second)
    if before is None or after is None:
        missing = first if before is None else second
        return fail("published", f"{missing} was not published in {store.path}; 'portfolio published PATH' "
                    "lists what was", 2)
    changes = compare(before, after)
    if form == "json":
        ends = {"from": before, "to": after}
        _json({**{k: {"period": p.period, "version": p.version, "status_date": p.status_date.isoformat(),
                      "baseline": p.baseline} for k, p in ends.items()},
               "figures": [c.to_json_dict() for c in changes]})
        return 0
    print(f"{first} version {before.version} (status date {iso(before.status_date)}, baseline "
          f"{before.baseline or '-'}) -> {second} version {after.version} (status date {iso(after.status_date)}, "
          f"baseline {after.baseline or '-'})")
    rows = [(c.kind, c.id, *_ends(c.before), *_ends(c.after), signed(c.moved), signed(c.variance_change))
            for c in changes]
    print(tabulate(rows, headers=("kind", "id", f"forecast {first}", "var", "rag", f"forecast {second}", "var",
                                  "rag", "moved (days)", "var change"), disable_numparse=True))
    return 0


def _ends(f: Any) -> tuple[str, str, str]:
    return ("-", "-", "-") if f is None else (iso(f.forecast_finish), signed(f.variance), f.rag)


def _verify(args: argparse.Namespace, store: Store) -> int:
    """``published --verify``: the chain, then each period's recorded calendars against today's."""
    verdict = store.verify()
    notes = _calendar_notes(args.path, store) if verdict.ok else []
    if args.format == "json":
        broken = verdict.broken
        _json({"store": str(store.path), "schema": verdict.schema, "ok": verdict.ok, "checked": verdict.checked,
               "head": verdict.head, "broken": None if broken is None else {
                   "id": broken.id, "period": broken.period, "version": broken.version, "reason": broken.reason,
                   "message": broken.message}, "calendars": notes})
        return 0 if verdict.ok else 1
    if verdict.broken is not None:
        print(StoreError.damaged(store.path, verdict.broken).diagnostic(), file=sys.stderr)
        print(f"{store.path}: {verdict.checked} publication(s) verify, then publication {verdict.broken.id} "
              f"does not ({verdict.broken.reason})")
        return 1
    for note in notes:
        if note["differ"]:
            warn("published", note["message"])
    print(_verified_line(store.path, verdict))
    return 0


def _verified_line(path: Path, verdict: Verification) -> str:
    if verdict.schema < 2:
        return (f"{path}: {verdict.checked} publication(s) check out (schema 1, before the hash chain: the next "
                "'portfolio publish' seals them)")
    head = f"; the chain ends in {verdict.head}" if verdict.head else ""
    return f"{path}: {verdict.checked} publication(s) verify{head}"


def _calendar_notes(portfolio_path: str, store: Store) -> list[dict[str, Any]]:
    """Per published period (its latest version): are today's calendars those it recorded?"""
    loaded = load(portfolio_path)
    if has_errors(loaded.diagnostics):
        warn("published", f"{portfolio_path} does not load without errors: today's calendars are not compared "
             "with the published ones ('portfolio check' says why)")
        return []
    today, inputs = fingerprint(loaded.portfolio), input_digests(portfolio_path)
    return [_calendar_note(p, today, inputs) for p in store.history().values()]


def _calendar_note(p: Publication, today: str, inputs: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    changed = [path for path, _ in changed_inputs(p.inputs, inputs)] if p.inputs else None
    differ = p.calendars is not None and p.calendars != today
    if p.calendars is None:
        message = f"{p.period} version {p.version} recorded no calendars (published before schema 2)"
    else:
        message = (f"the calendars of {p.period} (version {p.version}) differ from today's: a date computed "
                   "today for that period can differ from the published one" if differ else
                   f"{p.period}: today's calendars are those it was published with")
    return {"period": p.period, "version": p.version, "recorded": p.calendars, "today": today, "differ": differ,
            "changed_inputs": changed, "message": message}
