"""Small helpers the rules share: who follows whom, where a cutover lands, working days between dates.

The indexes every rule needs (the relations as adjacency lists, the
activities per migration, the schedule's records) are built once per
portfolio or schedule by `shared` ([`portfolio.slippage._index`][portfolio.slippage._index], which the
report and the slippage analyses use too) and kept while it lives, so a
rule set of 25 rules walks the activities a few times, not 25 times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Set

from portfolio.calendar import Calendar, CalendarError, builtin, resolve
from portfolio.model import Activity, ActivityKind, Migration, Portfolio
from portfolio.scheduling import ActivitySchedule, Progress, Schedule
from portfolio.slippage._index import by_id, records, shared  # one implementation, shared with the analyses

__all__ = ["Network", "by_id", "by_migration", "calendar_of", "landing_platform", "migration_of", "records", "service_of",
           "shared", "unfinished", "working_days"]


def unfinished(schedule: Schedule) -> tuple[ActivitySchedule, ...]:
    """The records of the activities without an actual finish, in portfolio order (built once per schedule)."""
    return shared(schedule, "unfinished",
                  lambda: tuple(a for a in records(schedule) if a.progress is not Progress.FINISHED))


def by_migration(portfolio: Portfolio) -> Mapping[str, frozenset[str]]:
    """The ids of each migration's activities (built once per portfolio)."""
    def compute() -> Mapping[str, frozenset[str]]:
        found: dict[str, set[str]] = {}
        for act in portfolio.activities.values():
            if act.migration is not None:
                found.setdefault(act.migration, set()).add(act.id)
        return {key: frozenset(ids) for key, ids in found.items()}
    return shared(portfolio, "by-migration", compute)


class Network:
    """Predecessor and successor lists of a portfolio's activities, for reachability questions."""

    @classmethod
    def of(cls, portfolio: Portfolio) -> Network:
        """The portfolio's network, built once per portfolio."""
        return shared(portfolio, "network", lambda: cls(portfolio))

    def __init__(self, portfolio: Portfolio) -> None:
        self.preds: dict[str, list[str]] = {}
        self.succs: dict[str, list[str]] = {}
        for rel in portfolio.relations:
            self.preds.setdefault(rel.successor, []).append(rel.predecessor)
            self.succs.setdefault(rel.predecessor, []).append(rel.successor)

    def _walk(self, start: str, edges: Mapping[str, list[str]], within: Set[str] | None) -> set[str]:
        seen: set[str] = set()
        stack = [start]
        while stack:
            node = stack.pop()
            for nxt in edges.get(node, ()):
                if nxt not in seen and (within is None or nxt in within):
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    def ancestors(self, activity: str, within: Set[str] | None = None) -> set[str]:
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
