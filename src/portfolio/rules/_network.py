"""Small helpers the rules share: who follows whom, where a cutover lands, working days between dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping

from portfolio.calendar import Calendar, CalendarError, builtin, resolve
from portfolio.model import Activity, ActivityKind, Migration, Portfolio

__all__ = ["Network", "calendar_of", "landing_platform", "migration_of", "service_of", "working_days"]


class Network:
    """Predecessor and successor lists of a portfolio's activities, for reachability questions."""

    def __init__(self, portfolio: Portfolio) -> None:
        self.preds: dict[str, list[str]] = {}
        self.succs: dict[str, list[str]] = {}
        for rel in portfolio.relations:
            self.preds.setdefault(rel.successor, []).append(rel.predecessor)
            self.succs.setdefault(rel.predecessor, []).append(rel.successor)

    def _walk(self, start: str, edges: Mapping[str, list[str]], within: set[str] | None) -> set[str]:
        seen: set[str] = set()
        stack = [start]
        while stack:
            node = stack.pop()
            for nxt in edges.get(node, ()):
                if nxt not in seen and (within is None or nxt in within):
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    def ancestors(self, activity: str, within: set[str] | None = None) -> set[str]:
        """Every activity that (transitively) precedes ``activity``, optionally only through ``within``."""
        return self._walk(activity, self.preds, within)

    def descendants(self, activity: str) -> set[str]:
        """Every activity that (transitively) follows ``activity``."""
        return self._walk(activity, self.succs, None)


def migration_of(portfolio: Portfolio, activity: Activity) -> Migration | None:
    """The migration an activity belongs to, if any."""
    return portfolio.migrations.get(activity.migration) if activity.migration else None


def service_of(portfolio: Portfolio, activity: Activity) -> str | None:
    """The service an activity belongs to (directly or through its migration)."""
    if activity.service:
        return activity.service
    migration = migration_of(portfolio, activity)
    return migration.service if migration is not None else None


def landing_platform(portfolio: Portfolio, activity: Activity) -> str | None:
    """The platform a cutover lands on: its own ``platform``, else its migration's decided target."""
    if activity.platform:
        return activity.platform
    migration = migration_of(portfolio, activity)
    return migration.target if migration is not None else None


def cutovers(portfolio: Portfolio, kinds: Iterable[str]) -> Iterator[Activity]:
    """The activities of the given kinds (``cutover`` by default in the rules)."""
    wanted = {ActivityKind(k) for k in kinds}
    return (a for a in portfolio.activities.values() if a.kind in wanted)


def calendar_of(portfolio: Portfolio, calendar_id: str | None) -> Calendar:
    """The calendar of an activity (its own, else the portfolio's; ``rijk`` when it cannot be resolved)."""
    try:
        return resolve(calendar_id or portfolio.settings.calendar, portfolio.calendars)
    except (KeyError, CalendarError):
        return builtin("rijk")


def working_days(calendar: Calendar, start: dt.date, end: dt.date) -> int:
    """Working days from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    return calendar.workdays_between(start, end)
