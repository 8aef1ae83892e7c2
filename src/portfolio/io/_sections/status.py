"""The ``status:`` section: a status update, one per file: progress, availability, assignments and finance.

Reads (``io/_raw.py``): ``RawStatus``, with ``RawProgress`` per activity,
``RawAssignmentReport`` per assignment, and ``RawFinanceLine`` and
``RawFinanceNote`` lists.

Checks, with the codes raised:

- the update: ``duplicate-status-date`` (two updates of one date);
- progress: ``status-unknown-activity``, ``finish-before-start``,
  ``actual-after-status-date``, ``bad-percent``, the duration codes for
  ``remaining:`` (``activities.read_duration``) and
  ``remaining-without-start``, ``progress-without-start``;
- availability: ``unknown-ref`` (the service), ``bad-percent``;
- assignment reports: ``unknown-ref``, ``implausible-amount`` (an amount
  under 100 euros, or spending over ``SPENT_FACTOR`` times the budget);
- finance lines: ``bad-id``, and the value codes of each record.

Builds `Portfolio.status_updates <portfolio.model.Portfolio.status_updates>`.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Final, TypeVar

import attrs

from portfolio.diagnostics import closest
from portfolio.io._raw import RawAssignmentReport, RawFinanceLine, RawFinanceNote, RawProgress, RawStatus
from portfolio.io._sections._context import Context, Item, Section
from portfolio.io._sections._durations import plain_duration, read_duration
from portfolio.io._sections.assignments import plausible_amount, plausible_spending
from portfolio.io._values import FIRST_DATE, LAST_DATE
from portfolio.io._yaml_reader import MList, MMap, record_maker
from portfolio.model import (
    ActivityProgress,
    AssignmentReport,
    Duration,
    FinanceLine,
    FinanceNote,
    Source,
    StatusUpdate,
)

__all__ = ["STATUS"]

_T = TypeVar("_T")


def build(context: Context) -> dict[str, Any]:
    """The status updates, in reading order; a second update of one date is reported and left out."""
    updates: dict[dt.date, StatusUpdate] = {}
    for item in context.items["status"]:
        raw: RawStatus = item.raw
        date = raw.date
        if date in updates:
            context.report(
                "duplicate-status-date",
                f"two status updates for {date} (first at {updates[date].source})",
                item.mark("date"),
                hint="merge them into one file",
                blocking=True,
            )
            continue
        updates[date] = StatusUpdate(
            date=date,
            progress=_progress_entries(context, item, date),
            availability=_availability(context, item, date),
            assignments=_assignment_reports(context, item, date),
            comments=raw.comments,
            source=item.mark(),
            **_finance(context, item, date),
        )
    return {"status_updates": list(updates.values())}


def _progress_entries(context: Context, item: Item, date: dt.date) -> dict[str, ActivityProgress]:
    """The progress of each declared activity; ``status-unknown-activity`` for the others."""
    activities = context.declared["activities"]
    progress: dict[str, ActivityProgress] = {}
    node = item.data.get("activities")
    for ident, value in item.raw.activities.items():
        mark = node.value_marks.get(ident, item.data.mark) if isinstance(node, MMap) else item.data.mark
        key_mark = node.key_marks.get(ident, mark) if isinstance(node, MMap) else mark
        where = f"status {date}, activity '{ident}'"
        entry = _plain_progress(value)
        if entry is None:
            entry = context.structure(value, RawProgress, where, mark)
            if entry is None:
                continue
        if ident not in activities:
            suggestion = closest(ident, activities)
            context.report(
                "status-unknown-activity",
                f"status {date} reports progress for '{ident}', which is not declared",
                key_mark,
                subject=ident,
                hint=context.unreadable_hint()
                or (f"did you mean '{suggestion}'?" if suggestion else "correct the activity id"),
            )
            continue
        progress[ident] = _progress(context, entry, value, date, ident, where, mark)
    return progress


def _plain_progress(value: Any) -> RawProgress | None:
    """An activity's progress that structures without a doubt: what cattrs makes of it; None: ask cattrs.

    The keys of `RawProgress`, each date a date in range or null, the percentage a finite number or null,
    any ``remaining`` (read after); anything else goes through cattrs, which reports it.

    Examples:
        >>> value = MMap(Source("p.yaml", 3, 9))
        >>> value.update({"actual_start": dt.date(2024, 1, 2), "percent_complete": 50, "remaining": "3d"})
        >>> _plain_progress(value)
        RawProgress(actual_start=datetime.date(2024, 1, 2), actual_finish=None, remaining='3d', percent_complete=50.0)
        >>> value["percent_complete"] = "50"
        >>> _plain_progress(value) is None
        True
    """
    if type(value) is not MMap or not value.keys() <= _PROGRESS_KEYS:
        return None
    get = value.get
    start, finish, percent = get("actual_start"), get("actual_finish"), get("percent_complete")
    for day in (start, finish):
        if day is not None and (type(day) is not dt.date or not FIRST_DATE <= day <= LAST_DATE):
            return None
    if percent is not None:
        if type(percent) is int and -_EXACT < percent < _EXACT:
            percent = float(percent)
        elif isinstance(percent, float) and math.isfinite(percent):
            percent = float(percent)  # a `WrittenFloat` made plain, as the float hook does
        else:
            return None
    return _new_progress(start, finish, get("remaining"), percent)


_PROGRESS_KEYS: Final = frozenset(field.name for field in attrs.fields(RawProgress))
_EXACT: Final = 2**53
"""Whole numbers below this in size are floats exactly (larger ones go through cattrs' float hook)."""
_new_progress: Final = record_maker(RawProgress, ("actual_start", "actual_finish", "remaining", "percent_complete"))


def _availability(context: Context, item: Item, date: dt.date) -> dict[str, float]:
    """The availability of each declared service, a percentage."""
    availability: dict[str, float] = {}
    node = item.data.get("availability")
    for ident, value in item.raw.availability.items():
        mark = node.key_marks.get(ident, item.data.mark) if isinstance(node, MMap) else item.data.mark
        resolved = context.resolve(
            ident, None, context.declared["services"], f"status {date} gives availability for service", mark, ident
        )
        if resolved is None:
            continue
        if not 0 <= value <= 100:
            context.report(
                "bad-percent",
                f"status {date}: availability {value} of '{ident}' is not a percentage",
                mark,
                subject=ident,
                hint="give a number from 0 to 100",
            )
            continue
        availability[resolved] = value
    return availability


def _assignment_reports(context: Context, item: Item, date: dt.date) -> dict[str, AssignmentReport]:
    """The report on each declared assignment, its amounts checked for plausibility."""
    assignments = context.declared["assignments"]
    reports: dict[str, AssignmentReport] = {}
    node = item.data.get("assignments")
    for ident, value in item.raw.assignments.items():
        mark = node.value_marks.get(ident, item.data.mark) if isinstance(node, MMap) else item.data.mark
        key_mark = node.key_marks.get(ident, mark) if isinstance(node, MMap) else mark
        report = context.structure(value, RawAssignmentReport, f"status {date}, assignment '{ident}'", mark)
        if report is None:
            continue
        resolved = context.resolve(ident, None, assignments, f"status {date} reports on assignment", key_mark, ident)
        if resolved is None:
            continue
        where = f"status {date}, assignment '{ident}'"
        plausible_amount(context, value, "realised", where, resolved)
        plausible_spending(context, value, report.realised, assignments[resolved], where, resolved)
        reports[resolved] = AssignmentReport(
            assignment=resolved,
            realised=report.realised,
            status=report.status,
            explanation=report.explanation,
            rag=report.rag,
            source=mark,
        )
    return reports


def _finance(context: Context, item: Item, date: dt.date) -> dict[str, Any]:
    """A status update's ``finance`` lines and ``finance_notes``: budget figures in euros, as reported."""
    lines: list[FinanceLine] = []
    for raw_line, mark in _finance_items(context, item, date, "finance", RawFinanceLine):
        if context.check_id(raw_line.id, item, "finance"):
            lines.append(FinanceLine(**attrs.asdict(raw_line), source=mark))
    notes = [
        FinanceNote(**attrs.asdict(raw_note), source=mark)
        for raw_note, mark in _finance_items(context, item, date, "finance_notes", RawFinanceNote)
    ]
    return {"finance": lines, "finance_notes": notes}


def _finance_items(context: Context, item: Item, date: dt.date, key: str, cls: type[_T]) -> list[tuple[_T, Source]]:
    """The records of one of a status update's finance lists, each with its place; bad ones reported."""
    node = item.data.get(key)
    found = []
    for index, value in enumerate(getattr(item.raw, key)):
        mark = node.item_marks[index] if isinstance(node, MList) else item.mark(key)
        entry = context.structure(value, cls, f"status {date}, {key} item {index + 1}", mark)
        if entry is not None:
            found.append((entry, mark))
    return found


def _progress(
    context: Context, entry: RawProgress, node: MMap, date: dt.date, ident: str, where: str, mark: Source
) -> ActivityProgress:
    """One activity's progress: actual dates in order and not after the status date, a percentage, remaining."""
    start, finish = entry.actual_start, entry.actual_finish
    if start is not None and finish is not None and finish < start:
        context.report(
            "finish-before-start",
            f"{where}: actual finish {finish} is before actual start {start}",
            mark,
            subject=ident,
            hint="correct one of the two dates",
        )
    for label, value in (("actual start", start), ("actual finish", finish)):
        if value is not None and value > date:
            context.report(
                "actual-after-status-date",
                f"{where}: {label} {value} is after the status date",
                mark,
                subject=ident,
                hint="actual dates lie on or before the status date; it may be a forecast",
            )
    remaining = (None if entry.remaining is None
                 else _remaining(context, entry, date, where, ident, node.value_mark("remaining", mark)))
    _without_start(context, entry, date, where, ident, mark)
    percent = entry.percent_complete
    if percent is not None and not 0 <= percent <= 100:
        context.report(
            "bad-percent",
            f"{where}: percent complete {percent} is not a percentage",
            mark,
            subject=ident,
            hint="give a number from 0 to 100",
        )
        percent = None
    return ActivityProgress(
        activity=ident,
        actual_start=start,
        actual_finish=finish,
        remaining=remaining,
        percent_complete=percent,
        source=mark,
    )


def _without_start(context: Context, entry: RawProgress, date: dt.date, where: str, ident: str, mark: Source) -> None:
    """Progress that needs an actual start: an actual finish (read as a one-day span) or a percentage (ignored)."""
    if entry.actual_start is not None:
        return
    if entry.actual_finish is not None:
        said = f"actual finish {entry.actual_finish} is given but no actual_start, so it would count as started that day"
    elif entry.percent_complete is not None and entry.percent_complete > 0:
        said = f"percent complete {entry.percent_complete:g} is given but no actual_start, so it would be ignored"
    else:
        return
    context.report(
        "progress-without-start",
        f"{where}: {said}",
        mark,
        subject=ident,
        hint=f"add 'actual_start: <the day it started, on or before {date}>' (as P6 needs one)",
    )


def _remaining(
    context: Context, entry: RawProgress, date: dt.date, where: str, ident: str, mark: Source
) -> Duration | None:
    """The remaining duration of a started activity; without an actual start it would be ignored: refused."""
    if entry.remaining is None:
        return None
    remaining = plain_duration(entry.remaining, allow_negative=False)  # read without a report, or:
    if remaining is None:
        what = f"{where}: remaining"
        remaining = read_duration(context, entry.remaining, what, mark, allow_negative=False, subject=ident)
    if remaining is None or entry.actual_start is not None:
        return remaining
    hint = (
        f"add 'actual_start: <the day it started, on or before {date}>', or remove "
        f"'remaining: {entry.remaining}' if it has not started (and change its duration instead)"
    )
    context.report(
        "remaining-without-start",
        f"{where}: remaining {entry.remaining} is given but no actual_start, so it would be ignored",
        mark,
        subject=ident,
        hint=hint,
    )
    return None


STATUS: Final = Section(name="the status update", build=build)
"""Status updates, one per file."""
