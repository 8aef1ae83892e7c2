"""The ``baseline:`` section: an agreed plan, one per file, with the dates of each activity.

Reads (``io/_raw.py``): ``RawBaseline``; each activity's dates are a pair
``[start, finish]`` or a ``RawBaselineEntry`` mapping.

Checks, with the codes raised: ``duplicate-id`` (two baselines of one
name), ``finish-before-start``, ``baseline-unknown-activity`` (a warning:
the dates are kept as history), ``multiple-current-baselines``,
``unknown-ref`` (the baseline it ``replaces:``) and
``replan-without-reason``.

Builds `Portfolio.baselines <portfolio.model.Portfolio.baselines>`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from portfolio.diagnostics import closest
from portfolio.io._raw import RawBaseline, RawBaselineEntry
from portfolio.io._sections._context import Context, Item, Section
from portfolio.io._values import FIRST_DATE, LAST_DATE
from portfolio.io._yaml_reader import MMap, record_maker
from portfolio.model import Baseline, BaselineEntry, Source

__all__ = ["BASELINE"]


def build(context: Context) -> dict[str, Any]:
    """The baselines by name; then the checks across them (one current, a reason for each re-plan)."""
    baselines: dict[str, Baseline] = {}
    for item in context.items["baseline"]:
        raw: RawBaseline = item.raw
        if raw.name in baselines:
            context.report(
                "duplicate-id",
                f"baseline '{raw.name}' is declared twice (first at {baselines[raw.name].source})",
                item.mark("name"),
                subject=raw.name,
                hint="give each baseline its own name",
                blocking=True,
            )
            continue
        baselines[raw.name] = Baseline(
            name=raw.name,
            title=raw.title,
            captured=raw.captured,
            current=raw.current,
            reason=raw.reason,
            replaces=raw.replaces,
            entries=_entries(context, item),
            source=item.mark(),
        )
    _check_history(context, baselines)
    return {"baselines": baselines}


def _entries(context: Context, item: Item) -> dict[str, BaselineEntry]:
    """A baseline's dates per activity; a date pair that is no record, or runs backwards, is reported."""
    raw: RawBaseline = item.raw
    activities = context.declared["activities"]
    entries: dict[str, BaselineEntry] = {}
    node = item.data.get("activities")
    marks = node.value_marks if isinstance(node, MMap) else {}
    default, make, first, last = item.data.mark, _new_entry, FIRST_DATE, LAST_DATE
    for ident, value in raw.activities.items():
        mark = marks.get(ident, default)
        if (isinstance(value, list) and len(value) == 2 and type(value[0]) is dt.date and type(value[1]) is dt.date
                and first <= value[0] <= last and first <= value[1] <= last):  # `_plain_dates`, inline (50,000 calls)
            start, finish = value
            if start <= finish and ident in activities:  # nothing to report: the usual entry
                entries[ident] = make(ident, start, finish, mark)
                continue
            dates: tuple[dt.date, dt.date] | None = (start, finish)
        else:
            dates = _plain_dates(value)
        if dates is None:
            record = value
            if isinstance(value, list) and len(value) == 2:
                record = MMap(mark)
                record.update({"start": value[0], "finish": value[1]})
            entry = context.structure(record, RawBaselineEntry, f"baseline '{raw.name}', activity '{ident}'", mark)
            if entry is None:
                continue
            dates = entry.start, entry.finish
        start, finish = dates
        if finish < start:
            context.report(
                "finish-before-start",
                f"baseline '{raw.name}': activity '{ident}' finishes ({finish}) before it starts ({start})",
                mark,
                subject=ident,
                hint="correct one of the two dates",
            )
        if ident not in activities:
            suggestion = closest(ident, activities)
            context.report(
                "baseline-unknown-activity",
                f"baseline '{raw.name}' gives dates for '{ident}', which is not declared",
                node.key_marks.get(ident, mark) if isinstance(node, MMap) else mark,
                subject=ident,
                hint=context.unreadable_hint()
                or (f"did you mean '{suggestion}'?" if suggestion else "kept as history; correct the id if it is a typo"),
            )
        entries[ident] = make(ident, start, finish, mark)
    return entries


_new_entry: Final = record_maker(BaselineEntry, ("activity", "start", "finish", "source"))
_new_raw_entry: Final = record_maker(RawBaselineEntry, ("start", "finish"))
"""``BaselineEntry(...)`` and ``RawBaselineEntry(...)``, one each per activity of a baseline (`record_maker`)."""


def _plain_entry(value: Any) -> RawBaselineEntry | None:
    """``[start, finish]``, two dates in range, as cattrs would structure it; None for anything else (cattrs reports it).

    Examples:
        >>> _plain_entry([dt.date(2024, 1, 2), dt.date(2024, 1, 9)])
        RawBaselineEntry(start=datetime.date(2024, 1, 2), finish=datetime.date(2024, 1, 9))
        >>> _plain_entry([dt.date(1066, 10, 14), dt.date(2024, 1, 9)]) is None  # out of range: reported by cattrs' hook
        True
    """
    dates = _plain_dates(value)
    return None if dates is None else _new_raw_entry(*dates)


def _plain_dates(value: Any) -> tuple[dt.date, dt.date] | None:
    """`_plain_entry`'s start and finish, without the record (the loader's path: it makes the `BaselineEntry`).

    Examples:
        >>> _plain_dates([dt.date(2024, 1, 2), dt.date(2024, 1, 9)])
        (datetime.date(2024, 1, 2), datetime.date(2024, 1, 9))
        >>> _plain_dates([dt.date(2024, 1, 2), "2024-01-09"]) is None  # text: cattrs reads (or reports) it
        True
    """
    if not isinstance(value, list) or len(value) != 2:  # a start and a finish
        return None
    start, finish = value
    if type(start) is not dt.date or type(finish) is not dt.date:
        return None
    if not (FIRST_DATE <= start <= LAST_DATE and FIRST_DATE <= finish <= LAST_DATE):
        return None
    return start, finish


def _check_history(context: Context, baselines: dict[str, Baseline]) -> None:
    """At most one current baseline; each re-baseline names a declared one it replaces, and why."""
    current = [b for b in baselines.values() if b.current]
    for extra in current[1:]:
        context.report(
            "multiple-current-baselines",
            f"baselines '{current[0].name}' and '{extra.name}' are both marked current",
            extra.source,
            subject=extra.name,
            hint="mark exactly one baseline 'current: true'",
        )
    for baseline in baselines.values():
        if baseline.replaces is None:
            continue
        if baseline.replaces not in baselines:
            context.resolve(
                baseline.replaces,
                None,
                baselines,
                f"baseline '{baseline.name}' replaces",
                baseline.source or Source("?"),
                baseline.name,
            )
        if not baseline.reason.strip():
            context.report(
                "replan-without-reason",
                f"baseline '{baseline.name}' replaces '{baseline.replaces}' but gives no reason",
                baseline.source,
                subject=baseline.name,
                hint="add 'reason: ...': a re-baseline is a decision, not an edit",
            )


BASELINE: Final = Section(name="the baseline", build=build)
"""Baselines, one per file."""
