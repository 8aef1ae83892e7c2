"""The ``calendars:`` and ``freeze_windows:`` sections: working time and the periods nothing may change.

Reads (``io/_raw.py``): ``RawCalendar`` (its ``closed:`` entries are a day
or a ``RawClosed`` period) and ``RawFreezeWindow``.

Checks, with the codes raised:

- calendars: ``bad-id``, ``duplicate-id`` (also for the id of a built-in
  calendar), ``bad-value`` (an unknown base, a word that is no weekday),
  ``dutch-choice`` (``ma``, ``di``, ...), ``calendar-no-workdays``, and for
  closed days ``bad-date`` (no date, or a period that ends before it starts)
  and ``out-of-range``;
- freeze windows: ``bad-id``, ``duplicate-id``, ``bad-freeze-window`` (it
  ends before it starts), ``unknown-ref`` (a platform or service).

Builds `Portfolio.calendars <portfolio.model.Portfolio.calendars>` (in
the declare phase, since every section may name a calendar) and
`Portfolio.freeze_windows <portfolio.model.Portfolio.freeze_windows>`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from portfolio.calendar import BASES, BUILTIN_IDS
from portfolio.io._raw import CONVERTER, BadDateError, OutOfRangeError, RawCalendar, RawClosed, RawFreezeWindow
from portfolio.io._sections._context import Context, Item, Section, item_mark
from portfolio.io._values import english_choice
from portfolio.model import CalendarSpec, FreezeWindow

__all__ = ["CALENDARS", "FREEZE_WINDOWS", "calendar_ids"]

_WEEKDAYS: Final = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def calendar_ids(context: Context) -> set[str]:
    """The ids a reference to a calendar may name: the built-in calendars and the declared ones.

    Examples:
        >>> from pathlib import Path
        >>> context = Context(Path("plan.yaml"))
        >>> declare_calendars(context)
        >>> sorted(calendar_ids(context)) == sorted(BUILTIN_IDS)
        True
    """
    return set(BUILTIN_IDS) | set(context.built["calendars"])


def declare_calendars(context: Context) -> None:
    """Build every declared calendar into ``context.built["calendars"]`` (others refer to them by id)."""
    calendars: dict[str, CalendarSpec] = {}
    items = context.unique(((i.raw.id, i) for i in context.items["calendars"]), "calendar")
    for ident, item in items.items():
        raw: RawCalendar = item.raw
        if ident in BUILTIN_IDS:
            context.report(
                "duplicate-id",
                f"calendar '{ident}' is built in",
                item.mark("id"),
                subject=ident,
                hint="give your calendar another id, e.g. 'rijk-kerst'",
                blocking=True,
            )
            continue
        base = raw.base
        if base not in BASES:
            context.report(
                "bad-value",
                f"calendar '{ident}': base {base!r} is not allowed",
                item.mark("base"),
                subject=ident,
                hint=f"choose from {', '.join(BASES)}",
            )
            base = "rijk"
        workweek = _workweek(context, item, ident)
        if not workweek:
            context.report(
                "calendar-no-workdays",
                f"calendar '{ident}' has no working days",
                item.mark("workweek"),
                subject=ident,
                hint="list at least one working weekday, e.g. [mon, tue, wed, thu, fri]",
            )
        calendars[ident] = CalendarSpec(
            id=ident,
            name=raw.name,
            base=base,
            workweek=tuple(sorted(workweek)),
            closed=tuple(sorted(set(_closed_days(context, item, ident)))),
            open=tuple(raw.open),
            source=item.mark(),
        )
    context.built["calendars"] = calendars


def _closed_days(context: Context, item: Item, ident: str) -> list[dt.date]:
    """The days of a calendar's ``closed:`` entries (a day, or a period ``{from: ..., to: ...}``); bad ones reported."""
    closed: list[dt.date] = []
    for index, entry in enumerate(item.raw.closed):
        entry_mark = item_mark(item.data, "closed", index)
        if isinstance(entry, dict):
            period = context.structure(entry, RawClosed, f"calendar '{ident}', closed period", entry_mark)
            if period is None:
                continue
            if period.to < period.from_:
                context.report(
                    "bad-date",
                    f"calendar '{ident}': closed period ends before it starts",
                    entry_mark,
                    subject=ident,
                    hint="swap the dates",
                )
                continue
            closed_day = period.from_
            while closed_day <= period.to:
                closed.append(closed_day)
                closed_day += dt.timedelta(days=1)
            continue
        try:
            closed.append(CONVERTER.structure(entry, dt.date))
        except OutOfRangeError as error:
            context.report(
                "out-of-range", f"calendar '{ident}', closed day: {error}", entry_mark, subject=ident, hint=error.hint
            )
        except (BadDateError, ValueError, TypeError) as error:
            context.report(
                "bad-date",
                f"calendar '{ident}', closed day: {error}",
                entry_mark,
                subject=ident,
                hint=error.hint
                if isinstance(error, BadDateError) and "not a day" in str(error)
                else "write dates as 2023-12-27 or {from: ..., to: ...}",
            )
    return closed


def _workweek(context: Context, item: Item, ident: str) -> list[int]:
    """A calendar's working weekdays (0 is Monday); each bad one reported at its entry, a Dutch one named."""
    workweek: list[int] = []
    for index, day in enumerate(item.raw.workweek):
        number = _WEEKDAYS.get(day.strip().lower()[:3])
        mark = item_mark(item.data, "workweek", index)
        english = english_choice(day, _WEEKDAYS)
        if number is None and english is not None:
            context.report(
                "dutch-choice",
                f"calendar '{ident}': {day!r} is Dutch; the files use the English weekdays",
                mark,
                subject=ident,
                hint=f"write '{english}'",
            )
        elif number is None:
            context.report(
                "bad-value",
                f"calendar '{ident}': {day!r} is not a weekday",
                mark,
                subject=ident,
                hint="write weekdays as mon, tue, wed, thu, fri, sat, sun",
            )
        elif number not in workweek:
            workweek.append(number)
    return workweek


def declare_freeze_windows(context: Context) -> None:
    """Check the freeze windows' ids: ``context.declared["freeze_windows"]``."""
    context.declared["freeze_windows"] = context.unique(
        ((i.raw.id, i) for i in context.items["freeze_windows"]), "freeze window"
    )


def build_freeze_windows(context: Context) -> dict[str, Any]:
    """The freeze windows, with the platforms and services they name resolved."""
    platforms, services = context.declared["platforms"], context.declared["services"]
    freeze_windows: dict[str, FreezeWindow] = {}
    for ident, item in context.declared["freeze_windows"].items():
        raw: RawFreezeWindow = item.raw
        if raw.to < raw.from_:
            context.report(
                "bad-freeze-window",
                f"freeze window '{ident}' ends ({raw.to}) before it starts ({raw.from_})",
                item.mark("to"),
                subject=ident,
                hint="swap or correct the dates",
            )
        freeze_windows[ident] = FreezeWindow(
            id=ident,
            name=raw.name,
            start=raw.from_,
            finish=raw.to,
            reason=raw.reason,
            platforms=context.refs(item, "platforms", platforms, f"freeze window '{ident}' names platform", ident),
            services=context.refs(item, "services", services, f"freeze window '{ident}' names service", ident),
            source=item.mark(),
        )
    return {"freeze_windows": freeze_windows}


CALENDARS: Final = Section(name="calendar", declare=declare_calendars)
"""Declared calendars: built first, in the declare phase."""
FREEZE_WINDOWS: Final = Section(name="freeze window", declare=declare_freeze_windows, build=build_freeze_windows)
"""Freeze windows."""
