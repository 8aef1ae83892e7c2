"""The programme office's monthly script: the overview of all running assignments for one month.

Run it once a month, after the status update of that month is in the
portfolio folder::

    python examples/monthly_overview.py examples/logius --period 2023-08 --out reports/

It loads the portfolio and stops when the files have errors, runs the rules
(the findings that touch a running assignment go into the report; it counts
the portfolio-wide ones, which ``portfolio check`` lists), writes the overview as one HTML page and as an
Excel workbook (Dutch; ``--lang en`` for English), and publishes the
period's figures to the published-report store (default
``PATH/.portfolio/published.sqlite``), which next month's report compares
with. Publishing a period again with the same figures changes nothing; with
other figures the store refuses (``portfolio publish --supersede`` records a
new version with its reason).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from portfolio.diagnostics import has_errors
from portfolio.io import load
from portfolio.report import MonthlyReport, monthly_report, render
from portfolio.report.files import output_path, safe_filename, write_atomic
from portfolio.rules import Finding, run_rules
from portfolio.scheduling import schedule
from portfolio.slippage import period_end
from portfolio.store import Store, StoreError, default_store_path


def findings_summary(name: str, path: str, findings: Sequence[Finding], report: MonthlyReport) -> str:
    """How many of the rules' findings the report shows (those touching a running assignment), and the rest."""
    shown = {(f.rule, f.subject, f.message) for a in report.assignments for f in a.findings}
    touching = [f for f in findings if (f.rule, f.subject, f.message) in shown]
    waived = sum(f.waived for f in touching)
    rest = len(findings) - len(touching)
    return (
        f"{name}: {len(touching)} findings of the rules touch running assignments and are in the report "
        f"({waived} waived); {rest} other findings (portfolio-wide, such as DCMA, or outside the running "
        f"assignments): run `portfolio check {path}`"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the monthly job; 0 done, 1 the portfolio has errors or the store refuses, 2 usage."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="the portfolio folder")
    parser.add_argument("--period", required=True, help="the month, YYYY-MM")
    parser.add_argument("--out", default="reports", help="the folder for the HTML and Excel files")
    parser.add_argument("--lang", default="nl", choices=("nl", "en"))
    parser.add_argument("--store", help="the published-report store (default: PATH/.portfolio/published.sqlite)")
    args = parser.parse_args(argv)
    try:
        end = period_end(args.period)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2

    # 1. load and check: a portfolio with errors gets no report
    loaded = load(args.path)
    for problem in loaded.diagnostics:
        print(problem, file=sys.stderr)
    if has_errors(loaded.diagnostics):
        return 1
    portfolio = loaded.portfolio
    update = portfolio.status_update(end)
    if update is None:
        print(f"no status update on or before {end}", file=sys.stderr)
        return 1
    findings = run_rules(portfolio, schedule(portfolio, status_date=update.date), as_of=update.date).findings

    # 2. the report, compared with last month's published figures when the store has them
    store_path = Path(args.store) if args.store else default_store_path(args.path)
    store_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with Store.open(store_path) as store:
            report = monthly_report(portfolio, args.period, store=store)
            print(findings_summary(portfolio.settings.name, args.path, findings, report))
            out = Path(args.out)
            out.mkdir(parents=True, exist_ok=True)
            stem = f"maandrapportage-{safe_filename(portfolio.settings.name)}-{args.period}"
            for fmt, suffix in (("html", ".html"), ("xlsx", ".xlsx")):
                target = output_path(out, stem + suffix)  # a name from the portfolio never leaves the folder
                write_atomic(target, render(report, fmt, lang=args.lang))
                print(f"wrote {target}")

            # 3. publish the figures: next month's "since the last report"
            result = store.publish(
                args.period,
                report.status_date,
                report.figures,
                baseline=report.baseline,
                portfolio=portfolio.settings.name,
            )
    except StoreError as error:
        print(error.diagnostic(), file=sys.stderr)
        return 1
    pub = result.publication
    state = "published" if result.created else "already published with these figures"
    print(f"{state}: {pub.period} version {pub.version} ({len(pub.figures)} figures) in {store_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
