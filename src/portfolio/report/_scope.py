"""What an assignment's scope holds, and the dates its work misses (private to the report).

An assignment's scope is [`assignment_scope`][portfolio.model.Portfolio.assignment_scope]
(its activities) plus the ids findings can name: the assignment, its
services, the migrations those activities belong to and its key milestones.
Every lookup goes by id through indexes built once per report, never by a
walk over all activities per assignment.

A *missed date* is a deadline or hard constraint the forecast cannot meet
(negative float). It belongs to every assignment whose scope holds an
activity that carries the negative float, and it names the date that drives
it: the deadline or constraint at the end of the driving chain, not an
activity's own deadline that is met.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping

import attrs
import numpy as np

from portfolio.model import Portfolio
from portfolio.rules._network import Network
from portfolio.scheduling import Progress, Schedule
from portfolio.slippage._index import columns, groups, positions, record

__all__ = ["MissedDate", "Scopes", "missed_dates"]


@attrs.frozen(kw_only=True)
class MissedDate:
    """A deadline or hard constraint the forecast misses, and by how much."""

    id: str
    """the activity that carries the date"""
    name: str
    what: str
    """"deadline" or the constraint type (``FNLT``, ``MFO``, ...)"""
    date: dt.date
    """the date that is missed"""
    forecast: dt.date
    """the activity's forecast finish"""
    float: int
    """total float, working days of its calendar (negative)"""


class Scopes:
    """The scope of every assignment, by id, built once from the portfolio and its schedule.

    ``named``: the ids that `subjects` looks for (those findings name).

    Examples:
        >>> from portfolio.model import Activity, Assignment, Migration, Portfolio
        >>> from portfolio.scheduling import schedule
        >>> p = Portfolio(migrations=[Migration(id="dms.move", service="dms", target="lpc")],
        ...               activities=[Activity(id="dms.cutover", service="dms", migration="dms.move")],
        ...               assignments=[Assignment(id="a", title="A", services=("dms",))])
        >>> s = Scopes(p, schedule(p), named={"dms", "dms.cutover", "elsewhere"})
        >>> s.migrations("a"), s.subjects("a")
        (('dms.move',), ['dms', 'dms.cutover'])
    """

    def __init__(self, portfolio: Portfolio, computed: Schedule, named: Collection[str] = ()) -> None:
        self._portfolio = portfolio
        self._named = named
        self._scopes = groups(computed, "assignment")  # the schedule's roll-ups are made of these
        self._at = positions(computed, "assignment")
        self._ids = computed.ids
        index = columns(computed).index
        self._flagged = np.zeros(len(computed), dtype=bool)  # the activities ``named`` holds
        self._flagged[[i for n in named if (i := index.get(n)) is not None]] = True
        self._order = {m: i for i, m in enumerate(portfolio.migrations)}
        self._by_service: dict[str, list[str]] = {}
        for m in portfolio.migrations.values():
            self._by_service.setdefault(m.service, []).append(m.id)
        # each activity's migration, by position: the number of its group in _migration_ids (-1: none)
        by_migration = positions(computed, "migration")
        self._migration_ids = list(by_migration)
        self._migration_of = np.full(len(computed), -1, dtype=np.int64)
        for number, at in enumerate(by_migration.values()):
            self._migration_of[at] = number
        self._migrations: dict[str, tuple[str, ...]] = {}

    def activities(self, key: str) -> tuple[str, ...]:
        """The activities the assignment covers ([`assignment_scope`][portfolio.model.Portfolio.assignment_scope])."""
        return self._scopes.get(key, ())

    def migrations(self, key: str) -> tuple[str, ...]:
        """Its migrations in file order: those named, those its activities belong to, and for a service
        it names without narrowing, every migration of that service (also one without activities yet)."""
        known = self._migrations.get(key)
        if known is not None:
            return known
        a = self._portfolio.assignments[key]
        acts = self._portfolio.activities
        found = {m for m in a.migrations if m in self._order}
        at = self._at.get(key)
        if at is not None and len(at):
            ids = self._migration_ids
            found |= {m for j in set(self._migration_of[at].tolist()) if j >= 0 and (m := ids[j]) in self._order}  # not np.unique: it imports numpy.ma (25 ms)
        narrowed = {self._portfolio.migrations[m].service for m in found}
        narrowed |= {s for i in a.activities if i in acts and (s := acts[i].service) is not None}
        for service in a.services:
            if service not in narrowed:
                found.update(self._by_service.get(service, ()))
        known = self._migrations[key] = tuple(sorted(found, key=self._order.__getitem__))
        return known

    def subjects(self, key: str) -> list[str]:
        """The ids a finding or diagnostic of the assignment can name as its subject (the assignment, its
        services, key milestones, migrations and activities) that ``named`` holds, sorted."""
        a = self._portfolio.assignments[key]
        named, ids = self._named, self._ids
        found = {i for i in (key, *a.services, *a.key_milestones, *self.migrations(key)) if i in named}
        at = self._at.get(key)
        if at is not None and len(at):
            found.update(ids[i] for i in at[self._flagged[at]].tolist())
        return sorted(found)


def missed_dates(portfolio: Portfolio, computed: Schedule) -> Mapping[str, tuple[MissedDate, ...]]:
    """For each activity with negative float, the missed dates that drive it (worst first).

    The drivers are the activities the scheduler names in a ``negative-float``
    diagnostic (their own date is missed); from each, the negative float is
    followed back along the relations to every activity that carries it.

    Examples:
        >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings, Relation
        >>> from portfolio.scheduling import schedule
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8), calendar="standard"),
        ...     activities=[Activity(id="build", duration=Duration(10), deadline=dt.date(2024, 1, 31)),
        ...                 Activity(id="live", deadline=dt.date(2024, 1, 12))],
        ...     relations=[Relation(predecessor="build", successor="live")])
        >>> found = missed_dates(p, schedule(p))
        >>> [(k, [(m.id, m.what, m.float) for m in v]) for k, v in found.items()]
        [('live', [('live', 'deadline', -5)]), ('build', [('live', 'deadline', -5)])]
    """
    drivers = sorted(
        (_missed(portfolio, computed, d.subject) for d in computed.diagnostics
         if d.code == "negative-float" and d.subject is not None and d.subject in computed),
        key=lambda m: (m.float, m.id))
    if not drivers:
        return {}
    predecessors = Network.of(portfolio).preds  # built once per portfolio, shared with the rules
    found: dict[str, list[MissedDate]] = {}
    for driver in drivers:
        for ident in _carriers(computed, predecessors, driver.id):
            found.setdefault(ident, []).append(driver)
    return {k: tuple(v) for k, v in found.items()}


def _carriers(computed: Schedule, predecessors: Mapping[str, Iterable[str]], start: str) -> list[str]:
    """``start`` and every predecessor, transitively, that carries negative float."""
    cols = columns(computed)  # the float and progress of each predecessor looked at, no record built
    index, floats, progress = cols.index, cols.total_float, cols.progress
    seen = {start}
    stack = [start]
    order = []
    while stack:
        ident = stack.pop()
        order.append(ident)
        for p in predecessors.get(ident, ()):
            i = index.get(p, -1) if p not in seen else -1
            if i >= 0 and floats[i] < 0 and progress[i] is not Progress.FINISHED:
                seen.add(p)
                stack.append(p)
    return order


def _missed(portfolio: Portfolio, computed: Schedule, ident: str) -> MissedDate:
    act = portfolio.activities[ident]
    rec = record(computed, ident)
    if act.deadline is not None and rec.finish > act.deadline:
        what, date = "deadline", act.deadline
    elif act.constraint is not None:
        what, date = act.constraint.type.value.upper(), act.constraint.date
    else:
        what, date = "deadline", act.deadline or rec.finish
    return MissedDate(id=ident, name=act.name or ident, what=what, date=date, forecast=rec.finish,
                      float=rec.total_float)
