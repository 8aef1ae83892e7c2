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
from itertools import chain, compress, count, repeat
from operator import attrgetter, is_
from typing import Final

import numpy as np

from portfolio.calendar import Calendar, CalendarError, builtin, resolve
from portfolio.graph import relation_columns
from portfolio.model import Activity, ActivityKind, Migration, Portfolio
from portfolio.slippage._index import by_id, records, shared  # one implementation, shared with the analyses

_GET_KIND: Final = attrgetter("kind")
_GET_MIGRATION: Final = attrgetter("migration")

__all__ = ["Network", "by_id", "by_migration", "calendar_of", "kind_places", "landing_platform", "migration_of", "records", "service_of",
           "shared", "working_days"]


def by_migration(portfolio: Portfolio) -> Mapping[str, frozenset[str]]:
    """The ids of each migration's activities (built once per portfolio)."""
    def compute() -> Mapping[str, frozenset[str]]:
        found: dict[str, list[str]] = {}
        acts = portfolio.activities
        for ident, migration in zip(acts, map(_GET_MIGRATION, acts.values()), strict=True):  # one C-level read
            if migration is not None:
                found.setdefault(migration, []).append(ident)
        return {key: frozenset(ids) for key, ids in found.items()}
    return shared(portfolio, "by-migration", compute)


class Network:
    """Who precedes and follows whom among a portfolio's activities, for reachability questions.

    Built on the relation columns the scheduler reads (`portfolio.graph.relation_columns`), with the
    few relations naming an undeclared activity put back in their places: no walk over the relation
    records. The adjacency lists are made on the first question in each direction.
    """

    @classmethod
    def of(cls, portfolio: Portfolio) -> Network:
        """The portfolio's network, built once per portfolio."""
        return shared(portfolio, "network", lambda: cls(portfolio))

    def __init__(self, portfolio: Portfolio) -> None:
        known = relation_columns(portfolio)
        names = list(known.ids)
        pred, succ = known.pred, known.succ
        extra: dict[str, int] = {}
        if known.unknown.size:  # number the undeclared ends after the activities, keep every relation's place
            records = portfolio.relations
            keep = np.ones(len(records), dtype=bool)
            keep[known.unknown] = False
            ends = []
            for kept, field in ((pred, "predecessor"), (succ, "successor")):
                full = np.empty(len(records), dtype=np.int64)
                full[keep] = kept
                full[known.unknown] = [known.index[i] if i in known.index else
                                       extra.setdefault(i, len(names) + len(extra))
                                       for i in (getattr(records[k], field) for k in known.unknown.tolist())]
                ends.append(full)
            pred, succ = ends
            names += list(extra)
        self._names = tuple(names)
        self._index = known.index
        self._extra = extra
        self._pred, self._succ = pred, succ
        self._lists: dict[bool, tuple[list[int], list[int]]] = {}

    def _number(self, activity: str) -> int | None:
        found = self._index.get(activity)
        return self._extra.get(activity) if found is None else found

    def _edges(self, backwards: bool) -> tuple[list[int], list[int]]:
        """Compressed adjacency (``ends[first[i]:first[i + 1]]`` are the neighbours of node ``i``, in file order)."""
        if backwards not in self._lists:
            key, other = (self._succ, self._pred) if backwards else (self._pred, self._succ)
            first = np.zeros(len(self._names) + 1, dtype=np.int64)
            np.cumsum(np.bincount(key, minlength=len(self._names)), out=first[1:])
            self._lists[backwards] = first.tolist(), other[np.argsort(key, kind="stable")].tolist()
        return self._lists[backwards]

    @property
    def preds(self) -> Mapping[str, list[str]]:
        """The predecessors of each activity that has any, in file order of the relations."""
        return _Adjacency(self, backwards=True)

    @property
    def succs(self) -> Mapping[str, list[str]]:
        """The successors of each activity that has any, in file order of the relations."""
        return _Adjacency(self, backwards=False)

    def _reach(self, start: str, backwards: bool, within: Set[str] | None) -> set[int]:
        """The node numbers reached from ``start`` (it excluded, unless a cycle returns to it)."""
        node = self._number(start)
        if node is None:
            return set()
        first, ends = self._edges(backwards)
        names = self._names
        seen: set[int] = set()
        stack = [node]
        while stack:
            at = stack.pop()
            for nxt in ends[first[at]:first[at + 1]]:
                if nxt not in seen and (within is None or names[nxt] in within):
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    def _walk(self, start: str, backwards: bool, within: Set[str] | None) -> set[str]:
        names = self._names
        return {names[i] for i in self._reach(start, backwards, within)}

    def ancestor_places(self, activity: str, within: Set[str] | None = None) -> set[int]:
        """`ancestors` as places in portfolio order (an undeclared end of a relation: a place after the activities).

        Examples:
            >>> from portfolio.model import Activity, Relation
            >>> p = Portfolio(activities=[Activity(id="a"), Activity(id="b")],
            ...               relations=[Relation(predecessor="a", successor="b")])
            >>> Network.of(p).ancestor_places("b")
            {0}
        """
        return self._reach(activity, True, within)

    def ancestors(self, activity: str, within: Set[str] | None = None) -> set[str]:
        """Every activity that (transitively) precedes ``activity``, optionally only through ``within``.

        Examples:
            >>> from portfolio.model import Activity, Relation
            >>> p = Portfolio(activities=[Activity(id="a"), Activity(id="b"), Activity(id="c")],
            ...               relations=[Relation(predecessor="a", successor="b"),
            ...                          Relation(predecessor="b", successor="c"),
            ...                          Relation(predecessor="x", successor="a")])
            >>> sorted(Network.of(p).ancestors("c")), sorted(Network.of(p).ancestors("c", within={"b"}))
            (['a', 'b', 'x'], ['b'])
            >>> dict(Network.of(p).preds)
            {'a': ['x'], 'b': ['a'], 'c': ['b']}
        """
        return self._walk(activity, True, within)

    def descendants(self, activity: str) -> set[str]:
        """Every activity that (transitively) follows ``activity``."""
        return self._walk(activity, False, None)

    def reached(self, activity: str, targets: Iterable[str]) -> set[str]:
        """Those of ``targets`` that (transitively) follow ``activity``: ``set(targets) & descendants(activity)``,
        but the walk stops once every target is found (a decision and the cutovers just after it: a few steps,
        not the rest of the network).

        Examples:
            >>> from portfolio.model import Activity, Relation
            >>> p = Portfolio(activities=[Activity(id=i) for i in "abcd"],
            ...               relations=[Relation(predecessor="a", successor="b"),
            ...                          Relation(predecessor="b", successor="c")])
            >>> sorted(Network.of(p).reached("a", ["c", "d", "a"]))
            ['c']
        """
        node = self._number(activity)
        wanted = {n for t in targets if (n := self._number(t)) is not None}
        if node is None or not wanted:
            return set()
        first, ends = self._edges(False)
        seen: set[int] = set()
        found: set[int] = set()
        stack = [node]
        while stack and len(found) < len(wanted):
            at = stack.pop()
            for nxt in ends[first[at]:first[at + 1]]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
                    if nxt in wanted:
                        found.add(nxt)
        names = self._names
        return {names[i] for i in found}


class _Adjacency(Mapping[str, list[str]]):
    """One direction of a `Network` as a read-only mapping (the lists are made per key asked)."""

    def __init__(self, network: Network, *, backwards: bool) -> None:
        self._network = network
        self._first, self._ends = network._edges(backwards)

    def __getitem__(self, activity: str) -> list[str]:
        node = self._network._number(activity)
        if node is None or self._first[node] == self._first[node + 1]:
            raise KeyError(activity)
        names = self._network._names
        return [names[i] for i in self._ends[self._first[node]:self._first[node + 1]]]

    def __iter__(self) -> Iterator[str]:
        first, names = self._first, self._network._names
        return (names[i] for i in range(len(names)) if first[i] < first[i + 1])

    def __len__(self) -> int:
        return sum(1 for _ in self)


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
    """The activities of the given kinds (``cutover`` by default in the rules), in portfolio order.

    The activities of each kind are found once per portfolio (one pass reading the kinds), not once per rule.

    Examples:
        >>> p = Portfolio(activities=[Activity(id="a", kind=ActivityKind.CUTOVER), Activity(id="b"),
        ...                           Activity(id="c", kind=ActivityKind.GO_NO_GO),
        ...                           Activity(id="d", kind=ActivityKind.CUTOVER)])
        >>> [a.id for a in cutovers(p, ["cutover"])], [a.id for a in cutovers(p, ["go-no-go", "cutover"])]
        (['a', 'd'], ['a', 'c', 'd'])
    """
    wanted = {ActivityKind(k) for k in kinds}
    chosen = sorted(chain.from_iterable(_of_kind(portfolio, k) for k in wanted))
    acts = tuple(portfolio.activities.values()) if chosen else ()
    return (acts[i] for i in chosen)


def kind_places(portfolio: Portfolio, kinds: Iterable[str]) -> frozenset[int]:
    """The places (portfolio order) of the activities of the given kinds, found once per portfolio and kind.

    Examples:
        >>> p = Portfolio(activities=[Activity(id="a"), Activity(id="b", kind=ActivityKind.GO_NO_GO)])
        >>> kind_places(p, ["go-no-go", "rehearsal"])
        frozenset({1})
    """
    wanted = sorted({ActivityKind(k) for k in kinds})
    return shared(portfolio, "rules-kind-places-" + ",".join(k.value for k in wanted),
                  lambda: frozenset(chain.from_iterable(_of_kind(portfolio, k) for k in wanted)))


def _of_kind(portfolio: Portfolio, kind: ActivityKind) -> list[int]:
    """The places (portfolio order) of the activities of ``kind`` (the kinds read once per portfolio)."""
    def compute() -> list[int]:
        kinds = shared(portfolio, "rules-kinds", lambda: list(map(_GET_KIND, portfolio.activities.values())))
        return list(compress(count(), map(is_, kinds, repeat(kind))))

    return shared(portfolio, f"rules-kind-{kind.value}", compute)


def calendar_of(portfolio: Portfolio, calendar_id: str | None) -> Calendar:
    """The calendar of an activity (its own, else the portfolio's; ``rijk`` when it cannot be resolved)."""
    try:
        return resolve(calendar_id or portfolio.settings.calendar, portfolio.calendars)
    except (KeyError, CalendarError):
        return builtin("rijk")


def working_days(calendar: Calendar, start: dt.date, end: dt.date) -> int:
    """Working days from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    return calendar.workdays_between(start, end)
