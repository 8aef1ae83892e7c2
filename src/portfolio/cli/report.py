"""``portfolio report monthly PATH --period YYYY-MM``: the monthly overview of all running assignments.

``portfolio report four-monthly PATH --period 2023-05..2023-08`` (or ``2023-T2``): the four-monthly report
(viermaandsrapportage) per domain. Both write PDF too (``--format pdf``, the ``pdf`` extra).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from portfolio._gc import paused_gc
from portfolio._safe_text import escape_controls
from portfolio._store_path import default_store_path
from portfolio.cli import _Commands
from portfolio.cli._common import (
    fail,
    load_clean,
    output_format,
    overwrites_input,
    path_arg,
    period_arg,
    report,
    warn,
    write_output,
)
from portfolio.diagnostics import diagnostic
from portfolio.model import Portfolio, Source
from portfolio.report import FORMATS, LANGUAGES, Thresholds, Words, monthly_report, render
from portfolio.report._section_cache import load_keyed
from portfolio.report.data import COLOUR_BASELINES

if TYPE_CHECKING:
    from collections.abc import Callable

    from portfolio.store import Store

__all__ = ["SUFFIXES", "add_parser", "run"]

SUFFIXES = {suffix: name for name, suffix in FORMATS.items()} | {".csv": "csv", ".markdown": "md", ".pdf": "pdf"}
"""The format an output file's suffix implies when --format is not given (csv writes a zip)."""
MONTHLY_FORMATS = (*FORMATS, "pdf")
"""The monthly report's formats: the renderers' and PDF (printed from the HTML page)."""


def add_parser(subparsers: Any) -> None:
    """Register the ``report`` command and its ``monthly`` report."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "report",
        help="the monthly overview (maandrapportage) and the four-monthly report (viermaandsrapportage)",
        description="Reports on the portfolio. 'portfolio report monthly' is the monthly overview of all "
        "running assignments; 'portfolio report four-monthly' the four-monthly report per domain.",
    )
    reports = parser.add_subparsers(dest="report", metavar="REPORT", required=True, action=_Commands)
    assert isinstance(reports, _Commands)
    monthly: argparse.ArgumentParser = reports.add_parser(
        "monthly",
        help="the monthly overview of all running assignments",
        description="The monthly overview of all running assignments (maandrapportage) for a period: per "
        "assignment its client and contractor, services and migrations, phase, key milestones against the "
        "baseline, slippage (total and since the last report), RAG for time, money and quality, the "
        "explanation, the rules' findings, the next milestones and budget against realised; for the portfolio "
        "the RAG counts, the milestone trend analysis, the driving path to the first key milestone, "
        "availability against the norm and the biggest movers. As of the latest status update on or before "
        "the period's last day, against the baseline in force on the status date (or --baseline); 'since the last report' compares with the "
        "store's previous period when the store (--store, else PATH/.portfolio/published.sqlite when it exists) "
        "holds one, else with the previous status update; the milestone trend and every figure of an earlier "
        "period come from what the store published (a figure today's files give differently is marked restated), "
        "else they are recomputed. Text and md go "
        "to standard output unless -o FILE is given; html, xlsx and csv need -o (csv: a zip of one CSV file per "
        "table); json (the report's data, with a JSON Schema in the package) goes to standard output too. Without --format, the suffix of -o FILE chooses the format. Exit status: 0 written, 1 the data has errors (or no status update or baseline), 2 usage, "
        "I/O or store problem.",
    )
    monthly.add_argument("path", metavar="PATH", type=path_arg, help="portfolio folder or YAML file")
    monthly.add_argument("--period", required=True, metavar="YYYY-MM", type=period_arg, help="the reporting month")
    monthly.add_argument(
        "--format",
        choices=MONTHLY_FORMATS,
        default=None,
        help="text (default), md, html (one self-contained file), xlsx, csv (a zip of tables), json (the data, "
        "stable keys), pdf (A4, from the HTML page; the pdf extra); without --format, -o's suffix (.txt, .md, "
        ".html, .xlsx, .zip, .csv, .json or .pdf) chooses it",
    )
    monthly.add_argument("--lang", choices=LANGUAGES, default="nl", help="Dutch (default) or English")
    monthly.add_argument(
        "--store",
        metavar="FILE",
        type=path_arg,
        help="the published-report store to compare with (default: PATH/.portfolio/published.sqlite when it "
        "exists, read only; else the previous status update is the reference)",
    )
    monthly.add_argument("--colour", choices=COLOUR_BASELINES, default="original",
                         help="which baseline drives the time colour: the original plan (default; a re-plan does "
                         "not reset the colour) or the baseline in force (the last re-plan); both slips are shown")
    monthly.add_argument("--baseline", metavar="NAME",
                         help="measure against this baseline (default: the one in force on the status date)")
    monthly.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=path_arg,
        help="write to FILE (atomically) instead of stdout; a --format contradicting its suffix is kept, with a "
        "warning",
    )
    monthly.add_argument("--force", action="store_true",
                         help="write -o FILE even when it is one of the portfolio's own input files")
    monthly.add_argument("--interactive", action="store_true", help="html: add an interactive Gantt (hover, zoom; "
                         "the 'interactive' extra, plotly.js inlined so the page works offline)")
    monthly.set_defaults(run=run)
    reports.add_lazy("four-monthly", "portfolio.cli.report:_add_four_monthly")  # its renderers load when chosen


def _load_for_output(args: argparse.Namespace) -> Portfolio | int:
    """The portfolio a report is made of, or the exit code: a file format needs -o, which may not be an input."""
    if args.format not in ("text", "md", "json") and not args.output:
        return fail("report", f"--format {args.format} writes a file: give -o FILE", 2)
    refused = overwrites_input("report", args.output, args.path, force=args.force,
                               also=(args.store or default_store_path(args.path),))
    if refused:
        return refused
    return load_keyed(lambda: load_clean(args.path))


def run(args: argparse.Namespace) -> int:
    """Run ``portfolio report monthly``."""
    args.format = output_format("report", args.format, args.output, SUFFIXES, "text")
    if args.format == "csv" and args.output and Path(args.output).suffix.lower() == ".csv":
        warn("report", f"--format csv writes a zip of CSV files; {args.output} will be a zip (name it .zip)")
    portfolio = _load_for_output(args)
    if isinstance(portfolio, int):
        return portfolio
    try:
        data = _with_store(args, lambda store: monthly_report(portfolio, args.period, store=store,
                                                             baseline_name=args.baseline,
                                                             thresholds=Thresholds(colour=args.colour)))
    except KeyError as error:  # --baseline names no baseline: a usage problem
        return fail("report", str(error.args[0]), 2)
    except LookupError as error:
        code = "no-baseline" if "baseline" in str(error) else "no-status-update"
        return report(diagnostic(code, str(error.args[0]) if error.args else str(error),
                                 source=Source(str(args.path))), 1)
    if isinstance(data, int):  # the store could not be read (reported)
        return data
    if data.stale:
        warn("report", f"the latest status update ({Words('en').date(data.status_date)}) is before {data.period}; "
             "the report shows that state")
    try:
        with paused_gc():  # the renderer's library (XlsxWriter, Jinja2) and its template: objects that stay
            content = _monthly_pdf(data, args.lang) if args.format == "pdf" else render(data, args.format,
                                                                                        lang=args.lang)
    except ImportError as error:
        return _missing_extra(error)
    if args.format in ("text", "md", "html"):  # text a terminal may show: no control characters from the files
        content = escape_controls(content.decode("utf-8")).encode("utf-8")
    if args.interactive and args.format == "html":
        from portfolio.report.html import with_interactive_gantt  # noqa: PLC0415 - only with --interactive

        try:
            content = with_interactive_gantt(content.decode("utf-8"), portfolio, data.status_date,
                                             lang=args.lang).encode("utf-8")
        except ImportError as error:
            return fail("report", f"{error}", 2)
    if not args.output:
        sys.stdout.write(content.decode("utf-8"))
        return 0
    written = write_output("report", content, args.output)
    if written:
        return written
    print(
        f"wrote {args.output} ({args.format}, {args.lang}, {data.period}, status date {data.status_date.isoformat()})",
        file=sys.stderr,
    )
    return 0


def _missing_extra(error: ImportError) -> int:
    """A renderer's optional dependency is missing: say which extra installs it (exit 2)."""
    if error.name == "weasyprint":
        return fail("report", f"{error}", 2)
    if (error.name or "").partition(".")[0] not in ("jinja2", "xlsxwriter"):  # the package, or a module of it
        raise error
    return fail("report", f"{error}; install the 'report' extra: pip install 'migration-portfolio[report]'", 2)


def _monthly_pdf(data: Any, lang: str) -> bytes:
    """The monthly report as PDF, printed from its HTML page."""
    from portfolio.report.pdf import html_to_pdf  # noqa: PLC0415 - the pdf extra loads only for a PDF

    words = Words(lang)
    html = escape_controls(render(data, "html", lang=lang).decode("utf-8"))
    title = f"{words['title']} — {words.month(data.period)} — {data.portfolio}"
    return html_to_pdf(html, title=title, lang=lang, date=data.status_date)


def span_arg(text: str) -> str:
    """The argparse type of the four-monthly ``--period``: ``YYYY-MM..YYYY-MM`` or ``YYYY-Tn``, months in range.

    Examples:
        >>> span_arg("2023-T2")
        '2023-05..2023-08'
    """
    from portfolio.report.four_monthly import parse_span  # noqa: PLC0415

    try:
        months = parse_span(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(escape_controls(str(error))) from None
    period_arg(months[0]), period_arg(months[-1])
    return f"{months[0]}..{months[-1]}"


def _add_four_monthly(reports: Any) -> None:
    from portfolio.report.four_monthly_render import FOUR_MONTHLY_FORMATS  # noqa: PLC0415

    four: argparse.ArgumentParser = reports.add_parser(
        "four-monthly",
        help="the four-monthly report per domain (viermaandsrapportage)",
        description="The four-monthly report (viermaandsrapportage) over a span of whole months: per domain "
        "the availability of each service against the norm, the key milestones' forecasts at the start and end "
        "of the span against both baselines with the reason, the migrations, milestones reached, landing "
        "decisions taken and open, assignments finished; for the portfolio the driving path, the re-plans and "
        "waivers of the span and finance (budget, realisation, forecast per budget line, under-realisation and "
        "the items set against it; from the status updates' finance lines). The store's published figures "
        "(--store, else PATH/.portfolio/published.sqlite when it exists) stand for the start and end when it "
        "holds them. Text, md and json go to standard output unless -o FILE is given; html, xlsx and pdf need "
        "-o. Exit status: 0 written, 1 the data has errors (or no status update or baseline), 2 usage, I/O or "
        "store problem.",
    )
    four.add_argument("path", metavar="PATH", type=path_arg, help="portfolio folder or YAML file")
    four.add_argument("--period", required=True, metavar="SPAN", type=span_arg,
                      help="the span: YYYY-MM..YYYY-MM (e.g. 2023-05..2023-08) or YYYY-Tn (2023-T2: May-August)")
    four.add_argument("--format", choices=tuple(FOUR_MONTHLY_FORMATS), default=None,
                      help="text (default), md, html, xlsx, json (the data; a schema in the package) or pdf; "
                      "without --format, -o's suffix chooses it")
    four.add_argument("--lang", choices=LANGUAGES, default="nl", help="Dutch (default) or English")
    four.add_argument("--store", metavar="FILE", type=path_arg,
                      help="the published-report store (default: PATH/.portfolio/published.sqlite when it exists)")
    four.add_argument("--baseline", metavar="NAME",
                      help="measure against this baseline (default: the one in force on the status date)")
    four.add_argument("-o", "--output", metavar="FILE", type=path_arg,
                      help="write to FILE (atomically) instead of stdout")
    four.add_argument("--force", action="store_true",
                      help="write -o FILE even when it is one of the portfolio's own input files")
    four.set_defaults(run=run_four_monthly)


def _four_monthly_data(args: argparse.Namespace, portfolio: Any) -> Any:
    from portfolio.report.four_monthly import four_monthly_report  # noqa: PLC0415

    return _with_store(args, lambda store: four_monthly_report(portfolio, args.period, store=store,
                                                               baseline_name=args.baseline))


_T = TypeVar("_T")


def _with_store(args: argparse.Namespace, make: Callable[[Store | None], _T]) -> _T | int:
    """``make(store)`` with the portfolio's store open (``--store``, else the default one when it exists), else
    ``make(None)``; the exit code when the store cannot be read (reported).

    The store is never created here (a report only reads it), and `portfolio.store` (sqlite3) is imported only
    when there is one.
    """
    default = default_store_path(args.path)
    store_path = Path(args.store) if args.store else default if default.is_file() else None
    if store_path is None:
        return make(None)
    from portfolio.store import Store, StoreError  # noqa: PLC0415 - only with a store

    try:
        with Store.open(store_path, create=False) as store:
            return make(store)
    except StoreError as error:
        return report(error.diagnostic(), 2)


def run_four_monthly(args: argparse.Namespace) -> int:
    """Run ``portfolio report four-monthly``."""
    from portfolio.report.four_monthly_render import FOUR_MONTHLY_FORMATS, render_four_monthly  # noqa: PLC0415

    suffixes = {suffix: name for name, suffix in FOUR_MONTHLY_FORMATS.items()} | {".markdown": "md"}
    args.format = output_format("report", args.format, args.output, suffixes, "text")
    portfolio = _load_for_output(args)
    if isinstance(portfolio, int):
        return portfolio
    try:
        data = _four_monthly_data(args, portfolio)
    except KeyError as error:
        return fail("report", str(error.args[0]), 2)
    except LookupError as error:
        code = "no-baseline" if "baseline" in str(error) else "no-status-update"
        return report(diagnostic(code, str(error.args[0]) if error.args else str(error),
                                 source=Source(str(args.path))), 1)
    if isinstance(data, int):  # the store could not be read (reported)
        return data
    try:
        content = render_four_monthly(data, args.format, lang=args.lang)
    except ImportError as error:
        return _missing_extra(error)
    if args.format in ("text", "md", "html"):
        content = escape_controls(content.decode("utf-8")).encode("utf-8")
    if not args.output:
        sys.stdout.write(content.decode("utf-8"))
        return 0
    written = write_output("report", content, args.output)
    if written:
        return written
    print(f"wrote {args.output} ({args.format}, {args.lang}, {data.span}, status date "
          f"{data.status_date.isoformat()})", file=sys.stderr)
    return 0
