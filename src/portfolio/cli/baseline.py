"""``portfolio baseline capture PATH --name NAME``: write the schedule's dates as a baseline file to commit."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

from portfolio.cli._common import (
    NAME_MAX,
    fail,
    open_portfolio,
    path_arg,
    path_argument,
    report,
    schedule_clean,
    status_date_option,
    warn,
    write_error,
)
from portfolio.diagnostics import diagnostic
from portfolio.io.baseline_writer import BaselineExistsError, write_baseline
from portfolio.model import Baseline, BaselineEntry, Portfolio

__all__ = ["add_parser", "run"]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

_NAME_LENGTH = NAME_MAX - len(".yaml")
"""The longest baseline name: NAME.yaml must fit in a file name."""


def _name(text: str) -> str:
    """The argparse type of ``--name``: letters, digits, ``.``, ``_`` and ``-``, short enough for a file name.

    Examples:
        >>> _name("plan-2024")
        'plan-2024'
    """
    if not _NAME.match(text):
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a baseline name: use letters, digits, '.', '_' "
                                         "and '-', starting with a letter or digit")
    if len(text) > _NAME_LENGTH:
        raise argparse.ArgumentTypeError(f"a baseline name of {len(text)} characters is too long: NAME.yaml must "
                                         f"fit in a file name, so at most {_NAME_LENGTH}")
    return text


def add_parser(subparsers: Any) -> None:
    """Register the ``baseline`` command and its ``capture`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "baseline",
        help="baselines: capture the current schedule as a baseline file",
        description="Work with baselines. 'capture' schedules the portfolio and writes its dates as a "
        "baseline file to commit.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    capture: argparse.ArgumentParser = actions.add_parser(
        "capture",
        help="write the schedule's start and finish dates as a baseline file",
        description="Schedule the portfolio (as of --status-date, default the latest status update) and write "
        "every activity's start and finish as a baseline file (default PATH/baselines/NAME.yaml), dated with "
        "the status date. An existing file is never replaced without --force. When the portfolio has a current "
        "baseline and the new one moves any of its dates, this is a re-baseline: --reason is required and the "
        "file records which baseline it replaces. The file is written with 'current: false' unless --current "
        "(refused while another baseline is marked current). When no status update is dated --status-date, a "
        "warning says which status update's progress the baseline holds (the latest before it, or none) and that "
        "all unfinished work is scheduled after the date. Exit status: 0 written, 1 the data has errors or "
        "the file exists or a reason is missing, 2 usage or I/O problem.",
    )
    path_argument(capture, "portfolio folder")
    capture.add_argument("--name", required=True, type=_name, help="name of the baseline (letters, digits, . _ -)")
    capture.add_argument("--title", default="", help="readable title")
    status_date_option(capture)
    capture.add_argument("--reason", default="", metavar="TEXT", help="why the plan changes (needed for a re-baseline)")
    capture.add_argument("--current", action="store_true", help="mark the new baseline as the current one")
    capture.add_argument("-o", "--output", metavar="FILE", type=path_arg, help="where to write (default PATH/baselines/NAME.yaml)")
    capture.add_argument("--force", action="store_true", help="replace an existing file (also one of the "
                         "portfolio's own input files given as -o)")
    capture.set_defaults(run=run)


def _progress_note(portfolio: Portfolio, day: dt.date | None) -> str | None:
    """What a capture as of ``day`` holds when no status update is dated ``day``; None when one is (or no day).

    Examples:
        >>> from portfolio.model import StatusUpdate
        >>> p = Portfolio(status_updates=[StatusUpdate(date=dt.date(2023, 8, 31))])
        >>> _progress_note(p, dt.date(2023, 8, 31)) is None
        True
        >>> print(_progress_note(p, dt.date(2023, 10, 16)))
        no status update is dated 2023-10-16: the baseline holds the progress of the status update of 2023-08-31 (nothing is taken as done after that day) and schedules all unfinished work after 2023-10-16
    """
    if day is None or any(update.date == day for update in portfolio.status_updates):
        return None
    used = portfolio.status_update(day)
    later = sum(1 for update in portfolio.status_updates if update.date > day)
    held = ("no progress at all (no status update is dated earlier)" if used is None else
            f"the progress of the status update of {used.date.isoformat()} (nothing is taken as done after that day)")
    ignored = f"; {later} later status update{'s' if later != 1 else ''} not used" if later else ""
    return (f"no status update is dated {day.isoformat()}: the baseline holds {held} and schedules all unfinished "
            f"work after {day.isoformat()}{ignored}")


def run(args: argparse.Namespace) -> int:
    """Run ``portfolio baseline capture``."""
    portfolio = open_portfolio("baseline capture", args)
    if isinstance(portfolio, int):
        return portfolio
    root = Path(args.path)
    target = Path(args.output) if args.output else (root if root.is_dir() else root.parent) / "baselines" / (
        f"{args.name}.yaml")
    existing = portfolio.baselines.get(args.name)
    if existing is not None and not (args.force and existing.source is not None
                                     and Path(existing.source.file).resolve() == target.resolve()):
        where = f" in {existing.source.file}" if existing.source is not None else ""
        same = existing.source is not None and Path(existing.source.file).resolve() == target.resolve()
        again = ("give --force to capture it again" if same or existing.source is None
                 else f"give --force -o {existing.source.file} to capture it again")
        return report(diagnostic("baseline-exists", f"a baseline named '{args.name}' exists{where}",
                                 hint=f"choose another --name, or {again} (a committed baseline is a record: "
                                 "replace it only if nobody relies on it)"), 1)
    if target.exists() and not args.force:
        return report(diagnostic("baseline-exists", f"{target} exists; it is not replaced",
                                 hint="choose another --name or -o, or give --force"), 1)
    computed = schedule_clean(portfolio, args.status_date)
    if isinstance(computed, int):
        return computed
    if computed.status_date is None:
        return fail("baseline capture", "no status date: give --status-date (the baseline is dated with it)", 2)
    note = _progress_note(portfolio, args.status_date)
    if note is not None:
        warn("baseline capture", note)
    entries = {a.id: BaselineEntry(activity=a.id, start=a.start, finish=a.finish) for a in computed}
    # The plan the new baseline replaces is the one in force on its status date: capturing as of
    # August 2023 replaces the plan of August 2023, not a re-plan captured in October.
    current = portfolio.baseline_as_of(computed.status_date)
    moved = [] if current is None else [
        key for key, e in current.entries.items() if key in entries
        and (entries[key].start, entries[key].finish) != (e.start, e.finish)]
    replaces = None
    if current is not None and current.name != args.name and (moved or args.reason.strip()):
        replaces = current.name
        if not args.reason.strip():
            return report(diagnostic(
                "replan-without-reason",
                f"the new baseline moves {len(moved)} dates of the current baseline '{current.name}' "
                f"(e.g. {', '.join(moved[:3])}); a re-baseline needs a reason",
                hint="give --reason TEXT: it is recorded in the file and shown in the slippage report"), 1)
    if args.current:
        marked = [b.name for b in portfolio.baselines.values() if b.current and b.name != args.name]
        if marked:
            return fail("baseline capture", f"baseline '{marked[0]}' is marked current; set 'current: false' in its "
                        "file first, then capture with --current", 2)
    baseline = Baseline(name=args.name, title=args.title, captured=computed.status_date, current=args.current,
                        reason=args.reason.strip(), replaces=replaces, entries=entries)
    header = (f"Captured by 'portfolio baseline capture' from the schedule as of {computed.status_date.isoformat()}.\n"
              "Commit this file: a baseline is a record; change the plan with a new baseline, not an edit.")
    try:
        write_baseline(baseline, target, force=args.force, header=header)
    except BaselineExistsError as error:
        return report(diagnostic("baseline-exists", str(error), hint="choose another --name or give --force"), 1)
    except OSError as error:
        return fail("baseline capture", write_error(target, error), 2)
    print(f"wrote {target}: baseline '{args.name}', {len(entries)} activities as of "
          f"{computed.status_date.isoformat()}" + (f", replaces '{replaces}'" if replaces else ""))
    marked_current = portfolio.current_baseline
    if not args.current and marked_current is not None:
        print(f"'{marked_current.name}' stays the current baseline; to switch, set 'current: true' in {target} and "
              f"'current: false' in the other", file=sys.stderr)
    return 0
