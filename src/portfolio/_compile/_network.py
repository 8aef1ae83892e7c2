"""The portfolio's activities, calendars, relations, constraints and deadlines as arrays: `Network`.

`compile_network` reads each field off the records in one C-level
pass and converts it to an array; the only Python loops word diagnostics.
The relations' arrays are `portfolio.graph.relation_columns`: read once
per portfolio, by the loader's cycle check when the portfolio was loaded.
`Network.with_activities` recomputes the rows of a few changed
activities and shares the rest (what a what-if needs).

Examples:
    >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
    ...               activities=[Activity(id="a", duration=Duration(5)), Activity(id="b")])
    >>> net = compile_network(p, dt.date(2024, 1, 8))
    >>> net.duration.tolist(), net.milestone.tolist()
    ([5, 0], [False, True])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
from operator import attrgetter, is_not
from types import MappingProxyType
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from portfolio import _cpm
from portfolio.calendar import BUILTIN_IDS, HORIZON_FIRST, HORIZON_LAST, Calendar, CalendarError, builtin, resolve
from portfolio.diagnostics import Diagnostic, closest, diagnostic
from portfolio.graph import (  # the one pair of Duration readers
    _GET_DAYS,
    _GET_ELAPSED,
    RelationColumns,
    relation_columns,
)
from portfolio.model import (
    Activity,
    Constraint,
    ConstraintType,
    Portfolio,
    Relation,
    Source,
)

__all__ = ["RESULTS", "Groups", "Network", "compile_network", "outside_horizon"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

NOT_STARTED: Final = 0
"""Progress codes in `Situation.state` (the schedule maps them onto its ``Progress`` enum)."""
IN_PROGRESS: Final = 1
FINISHED: Final = 2
_CODE: Final = {ConstraintType.SNET: 1, ConstraintType.FNET: 2, ConstraintType.MSO: 3, ConstraintType.MFO: 4,
                ConstraintType.SNLT: 5, ConstraintType.FNLT: 6}
"""Constraint codes in `Network.constraint` (0: none, ASAP, or a date outside the horizon)."""
SNET, FNET, MSO, MFO, SNLT, FNLT = 1, 2, 3, 4, 5, 6
_T0: Final = HORIZON_FIRST.toordinal()
_T1: Final = HORIZON_LAST.toordinal()
(_CALENDAR, _START, _DURATION, _ACTUAL_FINISH, _ACTUAL_START, _REMAINING, _CONSTRAINT, _DEADLINE) = range(8)
"""Where a diagnostic about an activity sits among that activity's others (the order the scheduler always reported them
in): calendar, project start, duration, actual finish, actual start, remaining work, constraint, deadline.
"""

Note = tuple[int, int, Diagnostic]
"""A diagnostic about activity ``i``: (i, place among its diagnostics, the diagnostic)."""


def outside_horizon(day: dt.date, what: str, subject: str, source: Source | None) -> Diagnostic | None:
    """The ``constraint-unsatisfiable`` diagnostic for a date outside the calendars' years, else None.

    Examples:
        >>> outside_horizon(dt.date(2024, 1, 1), "deadline", "a", None) is None
        True
        >>> outside_horizon(dt.date(2224, 1, 1), "deadline", "a", None).code
        'constraint-unsatisfiable'
    """
    if HORIZON_FIRST <= day <= HORIZON_LAST:
        return None
    return diagnostic(
        "constraint-unsatisfiable",
        f"'{subject}': {what} {day.isoformat()} lies outside the calendar years "
        f"{HORIZON_FIRST.year}–{HORIZON_LAST.year}; it is ignored",
        source=source, subject=subject, hint="correct the date (a typo in the year?)")


def _given(values: Sequence[object]) -> list[int]:
    """The places of the values that are not None (one C-level count finds that there are none: the usual case)."""
    if values.count(None) == len(values):
        return []
    return np.flatnonzero(np.fromiter(map(is_not, values, repeat(None)), dtype=bool, count=len(values))).tolist()


def _ordinals(days: Sequence[dt.date | None]) -> tuple[IntArray, BoolArray, BoolArray]:
    """Day ordinals of optional dates (0 where None), whether each is given, and whether it lies in the horizon.

    Only the given dates are converted (most activities have no constraint or deadline).
    """
    given = np.zeros(len(days), dtype=bool)
    ordinal = np.zeros(len(days), dtype=np.int64)
    at = _given(days)
    if at:
        given[at] = True
        ordinal[at] = [days[k].toordinal() for k in at]  # type: ignore[union-attr]
    return ordinal, given, given & (ordinal >= _T0) & (ordinal <= _T1)


def _where_given(net: Network, ok: BoolArray, day: IntArray, rows: IntArray, *, finish: bool, other: int) -> IntArray:
    """`Network.day_index` of ``day`` where ``ok``, ``other`` elsewhere (converted only where given: few are)."""
    out = np.full(len(ok), other, dtype=np.int64)
    at = np.flatnonzero(ok)
    if at.size:
        out[at] = net.day_index(day[at], rows[at], finish=finish)
    return out


_GET_CALENDAR: Final = attrgetter("calendar")
_GET_DURATION: Final = attrgetter("duration")
"""Field readers: one C-level pass over the records per field."""
_GET_MANUAL: Final = attrgetter("manual")
_GET_CONSTRAINT: Final = attrgetter("constraint")
_GET_DEADLINE: Final = attrgetter("deadline")


@attrs.frozen(eq=False)
class Network:
    """A portfolio as arrays, indexed by activity (file order) and by relation; built by `compiled`.

    Boundaries are working-day indices in each activity's own calendar
    (``row`` picks the calendar); ``before`` stacks the calendars'
    working-day counts, so ``before[row, t - t0]`` is `Calendar.index`
    of day ``t`` for every activity at once.
    """

    start_day: dt.date
    activities: tuple[Activity, ...]
    ids: tuple[str, ...]
    index: Mapping[str, int]
    calendars: tuple[Calendar, ...]
    """distinct, in order of first use"""
    row: IntArray
    """calendar of each activity (a row of ``calendars``)"""
    calendar_ids: tuple[str, ...]
    """per activity"""
    start_index: IntArray
    """per calendar: the project start boundary"""
    first_user: IntArray
    """per calendar: the first activity on it"""
    before: IntArray
    """(calendars, days + 1)"""
    duration: IntArray
    """working (or elapsed) days, negative ones as 0"""
    elapsed: BoolArray
    """the duration counts calendar days"""
    milestone: BoolArray
    manual: BoolArray
    """manually scheduled (MS Project): never critical"""
    constraint: IntArray
    """constraint code (see ``SNET``...), 0 for none"""
    constraint_start: IntArray
    """``index`` of the constraint date"""
    constraint_finish: IntArray
    """``finish_index`` of the constraint date"""
    deadline: IntArray
    """``finish_index`` of the deadline, ``BIG`` for none"""
    pred: IntArray
    succ: IntArray
    rtype: IntArray
    lag: IntArray
    """working days (0 for an elapsed lag)"""
    elapsed_lag: IntArray
    """calendar days (0 for a working-day lag)"""
    generations: IntArray
    """each activity's topological generation over the relations, -1 in or after a cycle (`RelationColumns`); the core's
    topology with no work finished starts from it"""
    notes: tuple[Note, ...]
    """diagnostics about activities, whatever their progress"""
    open_notes: tuple[Note, ...]
    """diagnostics that count only while the activity is unfinished"""
    relation_notes: tuple[Diagnostic, ...]
    relation_records: Sequence[Relation] = attrs.field(repr=False)
    """the portfolio's relations these arrays were read from (held, so that a portfolio that shares them,
    as ``attrs.evolve`` gives, can share the arrays: see `compile_network`)
    """
    groups: Groups
    """activity ids per migration, service, assignment (computed when first asked)"""
    results: dict[tuple[object, ...], object] = attrs.field(factory=dict, repr=False)
    """schedules already computed on this network, by (status date, critical float) as asked: a schedule is an immutable
    value, so the same question gets the same object (at most ``RESULTS`` are kept)
    """
    tables: dict[str, IntArray] = attrs.field(factory=dict, repr=False)
    """the calendars' conversion tables for the core, built on first need; they depend on the calendars alone, so a derived
    network shares them
    """
    shapes: dict[bytes, _cpm.Topology] = attrs.field(factory=dict, repr=False)
    """the core's topology per set of finished activities (``done.tobytes()``); it depends on the relations and that set
    alone, so a derived network shares them (at most ``RESULTS`` are kept)
    """

    def shape(self, done: BoolArray) -> _cpm.Topology:
        """The core's [`Topology`][portfolio._cpm.Topology] with these activities finished, computed once."""
        key = done.tobytes()
        found = self.shapes.get(key)
        if found is None:
            if len(self.shapes) >= RESULTS:
                self.shapes.pop(next(iter(self.shapes)))
            found = self.shapes[key] = _cpm.topology(self.n, self.pred, self.succ, done, generations=self.generations)
        return found

    @property
    def n(self) -> int:
        """The number of activities."""
        return len(self.ids)

    def day_index(self, ordinal: IntArray, rows: IntArray, *, finish: bool = False) -> IntArray:
        """Vectorised `Calendar.index` (or ``finish_index``) of day ordinals in the horizon."""
        offset = np.clip(ordinal - _T0, 0, _T1 - _T0) + int(finish)
        out: IntArray = self.before[rows, offset]
        return out

    def with_activities(self, changed: Iterable[Activity]) -> Network | None:
        """This network with some activities replaced (same ids and calendars); only their rows are recomputed.

        Returns None when a change needs a full compile (an unknown id, or
        another calendar, service or migration).

        Examples:
            >>> from portfolio.model import Duration, Portfolio, PortfolioSettings
            >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
            ...               activities=[Activity(id="a", duration=Duration(5))])
            >>> net = compile_network(p, dt.date(2024, 1, 8))
            >>> net.with_activities([Activity(id="a", duration=Duration(8))]).duration.tolist()
            [8]
        """
        acts = list(self.activities)
        idx: list[int] = []
        for act in changed:
            i = self.index.get(act.id)
            if i is None or any(getattr(act, f) != getattr(acts[i], f) for f in ("calendar", "service", "migration")):
                return None
            acts[i] = act
            idx.append(i)
        rows = np.asarray(idx, dtype=np.int64)
        columns = _columns(self, [acts[i] for i in idx], rows)
        arrays = {name: getattr(self, name).copy() for name in columns.arrays}
        for name, values in columns.arrays.items():
            arrays[name][rows] = values
            arrays[name].setflags(write=False)
        gone = set(idx)

        def keep(notes: tuple[Note, ...]) -> list[Note]:
            return [note for note in notes if note[0] not in gone or note[1] < _DURATION]

        return attrs.evolve(self, activities=tuple(acts), **arrays, results={},
                            notes=tuple(sorted([*keep(self.notes), *columns.notes], key=_place)),
                            open_notes=tuple(sorted([*keep(self.open_notes), *columns.open_notes], key=_place)))


def _place(note: Note) -> tuple[int, int]:
    return note[0], note[1]


@attrs.frozen
class _Columns:
    """The per-activity arrays of some activities, and their diagnostics."""

    arrays: dict[str, Any]
    """Network field name -> array"""
    notes: list[Note]
    open_notes: list[Note]


def _columns(net: Network, acts: Sequence[Activity], idx: IntArray) -> _Columns:
    """Durations, constraints and deadlines of ``acts`` (activities ``idx`` of ``net``) as arrays.

    Each field is read off the records in one C-level pass (``map`` with an
    ``attrgetter``) into a list, then into an array; constraints and
    deadlines, which few activities have, are converted only where given.
    """
    rows = net.row[idx]
    durations = list(map(_GET_DURATION, acts))
    days = np.array(list(map(_GET_DAYS, durations)), dtype=np.int64)
    notes: list[Note] = [(int(idx[k]), _DURATION, diagnostic(
        "negative-duration", f"'{acts[k].id}': duration {acts[k].duration} is negative; using 0",
        source=acts[k].source, subject=acts[k].id, hint="use 0d for a milestone, a positive duration otherwise"))
        for k in np.flatnonzero(days < 0).tolist()]
    duration = np.maximum(days, 0)
    open_notes: list[Note] = []
    cons: list[Constraint | None] = list(map(_GET_CONSTRAINT, acts))
    con_dates: list[dt.date | None] = [None] * len(cons)  # only the given ones are visited (few activities have one)
    for k in _given(cons):
        c = cons[k]
        assert c is not None
        if c.type is ConstraintType.ASAP:
            cons[k] = None
        else:
            con_dates[k] = c.date
    con_day, con_given, con_ok = _ordinals(con_dates)
    for k in np.flatnonzero(con_given & ~con_ok).tolist():
        c = cons[k]
        assert c is not None
        note = outside_horizon(c.date, f"{c.type.value} constraint", acts[k].id, acts[k].source)
        open_notes.append((int(idx[k]), _CONSTRAINT, note))  # type: ignore[arg-type]
    code = np.zeros(len(acts), dtype=np.int64)
    given = np.flatnonzero(con_given)
    code[given] = [_CODE.get(cons[k].type, 0) for k in given.tolist()]  # type: ignore[union-attr]
    deadlines = list(map(_GET_DEADLINE, acts))
    dead_day, dead_given, dead_ok = _ordinals(deadlines)
    for k in np.flatnonzero(dead_given & ~dead_ok).tolist():
        note = outside_horizon(deadlines[k], "deadline", acts[k].id, acts[k].source)
        open_notes.append((int(idx[k]), _DEADLINE, note))  # type: ignore[arg-type]
    arrays: dict[str, Any] = {
        "duration": duration, "milestone": duration == 0,
        "elapsed": np.array(list(map(_GET_ELAPSED, durations)), dtype=bool),
        "manual": np.array(list(map(_GET_MANUAL, acts)), dtype=bool),
        "constraint": np.where(con_ok, code, 0),
        "constraint_start": _where_given(net, con_ok, con_day, rows, finish=False, other=0),
        "constraint_finish": _where_given(net, con_ok, con_day, rows, finish=True, other=0),
        "deadline": _where_given(net, dead_ok, dead_day, rows, finish=True, other=_cpm.BIG),
    }
    return _Columns(arrays=arrays, notes=notes, open_notes=open_notes)


def _calendars(portfolio: Portfolio, acts: Sequence[Activity]) -> tuple[list[Calendar], IntArray, list[Note]]:
    """The distinct calendars (in order of first use), each activity's row, and the diagnostics on the way."""
    default = portfolio.settings.calendar
    given = list(map(_GET_CALENDAR, acts))  # None or "" for the default
    cals: list[Calendar] = []
    row_of: dict[str, int] = {}  # calendar id -> row
    row_of_name: dict[str, int] = {}
    row_of_given: dict[str | None, int] = {}
    notes: list[Note] = []
    one = bool(given) and given.count(given[0]) == len(given)  # the usual case: found by one C-level count
    for key in [given[0]] if one else dict.fromkeys(given):  # in order of first use
        name = key or default
        if name not in row_of_name:  # first used here: resolved once, worded for this activity
            first = given.index(key)
            cal, note = _resolve(portfolio, name, acts[first])
            if note is not None:
                notes.append((first, _CALENDAR, note))
            if cal.id not in row_of:
                row_of[cal.id] = len(cals)
                cals.append(cal)
            row_of_name[name] = row_of[cal.id]
        row_of_given[key] = row_of_name[name]
    if one:
        return cals, np.full(len(given), row_of_given[given[0]], dtype=np.int64), notes
    rows = np.fromiter(map(row_of_given.__getitem__, given), dtype=np.int64, count=len(given))
    return cals, rows, notes


def _calendar_ids(cals: Sequence[Calendar], rows: IntArray) -> tuple[str, ...]:
    """Each activity's calendar id (one calendar for all: a tuple repeated, no pass over the activities)."""
    if len(cals) == 1:
        return (cals[0].id,) * len(rows)
    return tuple(map([c.id for c in cals].__getitem__, rows.tolist()))


def _resolve(portfolio: Portfolio, name: str, act: Activity) -> tuple[Calendar, Diagnostic | None]:
    """A calendar by id; an unknown or empty one falls back to a built-in one, with a diagnostic.

    ``act``: the first activity on this calendar (named in a diagnostic).
    """
    try:
        return resolve(name, portfolio.calendars), None
    except KeyError:
        hint = closest(name, [*portfolio.calendars, *BUILTIN_IDS])
        return builtin("rijk"), diagnostic(
            "unknown-ref", f"calendar '{name}' is not declared; scheduling '{act.id}' on 'rijk'",
            source=act.source, subject=act.id,
            hint=f"did you mean '{hint}'?" if hint else "declare the calendar under 'calendars:'")
    except CalendarError as error:
        spec = portfolio.calendars[name]
        return builtin("standard"), diagnostic(
            "calendar-no-workdays", f"{error}; scheduling its activities on 'standard'",
            source=spec.source, subject=name, hint="give the calendar at least one working weekday")


def _unknown_notes(portfolio: Portfolio, columns: RelationColumns) -> list[Diagnostic]:
    """An ``unknown-ref`` diagnostic for each relation the columns left out (naming an undeclared activity)."""
    notes = []
    for k in columns.unknown.tolist():
        rel = portfolio.relations[k]
        missing = rel.predecessor if rel.predecessor not in columns.index else rel.successor
        hint = closest(missing, columns.index)
        notes.append(diagnostic(
            "unknown-ref", f"relation {rel.predecessor} -> {rel.successor} refers to unknown activity "
            f"'{missing}'; the relation is ignored", source=rel.source, subject=missing,
            hint=f"did you mean '{hint}'?" if hint else "declare the activity or correct the id"))
    return notes


class Groups:
    """Activity ids per migration, service and assignment (for roll-ups), computed on the first call.

    Holds the portfolio's activities, migrations and assignments, never the
    portfolio itself (the cache must not keep a portfolio alive).
    """

    def __init__(self, portfolio: Portfolio) -> None:
        self._parts = (portfolio.activities, portfolio.migrations, portfolio.assignments)
        self._found: Mapping[str, Mapping[str, tuple[str, ...]]] | None = None

    def __call__(self) -> Mapping[str, Mapping[str, tuple[str, ...]]]:
        """The groups: ``{"migration": {id: activity ids}, "service": ..., "assignment": ...}``."""
        if self._found is None:
            activities, migrations, assignments = self._parts
            self._found = _groups(Portfolio(activities=activities, migrations=migrations, assignments=assignments))
        return self._found


def _groups(portfolio: Portfolio) -> Mapping[str, Mapping[str, tuple[str, ...]]]:
    """Activity ids per migration, service and assignment (for roll-ups)."""
    by_migration: dict[str, list[str]] = {}
    by_service: dict[str, list[str]] = {}
    for act in portfolio.activities.values():
        if act.migration:
            by_migration.setdefault(act.migration, []).append(act.id)
        service = act.service or (portfolio.migrations[act.migration].service
                                  if act.migration is not None and act.migration in portfolio.migrations
                                  else None)
        if service:
            by_service.setdefault(service, []).append(act.id)
    by_assignment = portfolio.assignment_scopes()
    return MappingProxyType({
        "migration": MappingProxyType({k: tuple(v) for k, v in by_migration.items()}),
        "service": MappingProxyType({k: tuple(v) for k, v in by_service.items()}),
        "assignment": MappingProxyType({k: tuple(v) for k, v in by_assignment.items()}),
    })


def compile_network(portfolio: Portfolio, start_day: dt.date, *, like: Network | None = None) -> Network:
    """The portfolio as a `Network` with the project starting on ``start_day`` (no cache: see `compiled`).

    ``like``: a network compiled from the same tuple of relations (the same object, ``portfolio.relations``);
    when its activity ids are the same too, in the same order, its relation arrays, their diagnostics and
    the core's topologies are shared instead of read again (they depend on nothing else).

    Examples:
        >>> from portfolio.model import Activity, Duration, Portfolio, Relation
        >>> p = Portfolio(activities=[Activity(id="a", duration=Duration(5)), Activity(id="b")],
        ...               relations=[Relation(predecessor="a", successor="b")])
        >>> net = compile_network(p, dt.date(2024, 1, 8))
        >>> q = attrs.evolve(p, activities=[Activity(id="a", duration=Duration(3)), Activity(id="b")])
        >>> other = compile_network(q, dt.date(2024, 1, 8), like=net)
        >>> other.pred is net.pred, other.duration.tolist()
        (True, [3, 0])
    """
    acts = tuple(portfolio.activities.values())
    n = len(acts)
    cals, rows, notes = _calendars(portfolio, acts)
    first_user = np.unique(rows, return_index=True)[1].astype(np.int64)  # every calendar has a first user
    start_note = outside_horizon(start_day, "project start", "", portfolio.settings.source)
    if start_note is not None:  # worded for the first activity on each calendar, as it always was
        for c in first_user.tolist():
            notes.append((c, _START, outside_horizon(start_day, "project start", acts[c].id,  # type: ignore[arg-type]
                                                       portfolio.settings.source)))
    before = np.stack([c.before for c in cals]) if cals else np.zeros((0, _T1 - _T0 + 2), dtype=np.int64)
    start_index = before[:, start_day.toordinal() - _T0] if start_note is None else np.zeros(len(cals), np.int64)
    ids = tuple(portfolio.activities)  # the mapping is keyed by id
    source: Network | RelationColumns
    relation_notes: Sequence[Diagnostic]
    if like is not None and like.relation_records is portfolio.relations and like.ids == ids:
        source, relation_notes, shapes = like, like.relation_notes, like.shapes
    else:  # the loader's cycle check may have read them already
        source = relation_columns(portfolio)
        relation_notes, shapes = _unknown_notes(portfolio, source), {}
    ids, index = source.ids, source.index
    relations = {name: getattr(source, name) for name in _RELATION_ARRAYS}
    shell = Network(
        start_day=start_day, activities=acts, ids=ids, index=index,
        calendars=tuple(cals), row=rows, calendar_ids=_calendar_ids(cals, rows),
        start_index=start_index, first_user=first_user, before=before, duration=_EMPTY, elapsed=_NO,
        milestone=_NO, manual=_NO, constraint=_EMPTY, constraint_start=_EMPTY, constraint_finish=_EMPTY, deadline=_EMPTY,
        **relations, notes=(), open_notes=(), relation_notes=tuple(relation_notes),
        relation_records=portfolio.relations, groups=Groups(portfolio), shapes=shapes)
    columns = _columns(shell, acts, np.arange(n, dtype=np.int64))
    for arr in (*columns.arrays.values(), rows, start_index, before):  # the relation arrays are read-only already
        arr.setflags(write=False)
    return attrs.evolve(shell, **columns.arrays, results={}, shapes=shapes, notes=tuple(sorted([*notes, *columns.notes], key=_place)),
                        open_notes=tuple(sorted(columns.open_notes, key=_place)))


RESULTS: Final = 8
"""How many schedules a network remembers (each holds about 12 int64 arrays of the activities: at 50,000 activities some 5
MiB; the caller usually holds the ones it uses anyway).
"""
_RELATION_ARRAYS: Final = ("pred", "succ", "rtype", "lag", "elapsed_lag", "generations")
"""The Network fields read off the relations alone (with the activity ids)."""
_EMPTY: Final = np.zeros(0, dtype=np.int64)
_NO: Final = np.zeros(0, dtype=bool)
