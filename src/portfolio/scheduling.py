"""The schedule: CPM dates, floats and critical paths computed from a portfolio.

`schedule` turns a [`Portfolio`][portfolio.model.Portfolio] into a
`Schedule`, an immutable value kept apart from the portfolio. A what-if
is a changed portfolio (`attrs.evolve`) scheduled again. Nothing reads
the clock: the status date is a parameter (or the date of the latest status
update in the portfolio).

The figures follow MS Project (``docs/scheduling.md`` explains each one):
dates are working days of the activity's calendar, finish dates are
inclusive, floats are in working days.

Examples:
    >>> import datetime as dt
    >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings, Relation
    >>> p = Portfolio(
    ...     settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
    ...     activities=[Activity(id="build", duration=Duration(10)),
    ...                 Activity(id="docs", duration=Duration(3)),
    ...                 Activity(id="cutover")],
    ...     relations=[Relation(predecessor="build", successor="cutover"),
    ...                Relation(predecessor="docs", successor="cutover")])
    >>> s = schedule(p)
    >>> s["build"].start, s["build"].finish, s["build"].critical
    (datetime.date(2024, 1, 8), datetime.date(2024, 1, 19), True)
    >>> s["docs"].total_float, s["docs"].free_float
    (7, 7)
    >>> [a.id for a in s.driving_path("cutover")]
    ['build', 'cutover']
    >>> s.finish
    datetime.date(2024, 1, 19)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator, Mapping
from itertools import chain, compress, repeat
from operator import is_
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from portfolio import _compile, _cpm, _display, _frames, _present
from portfolio._gc import paused_gc
from portfolio._horizon import HORIZON_FIRST, HORIZON_LAST
from portfolio.diagnostics import Diagnostic, closest, diagnostic
from portfolio.model import Activity, Portfolio, Source

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ActivitySchedule", "Progress", "Rollup", "Schedule", "schedule"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

FALLBACK_START: Final = _compile.FALLBACK_START
"""Fallback project start when the portfolio holds no date at all."""
_CHUNK: Final = 4096
"""Records are converted from the arrays this many at a time (see Schedule._records)."""
_DATE_FIELDS: Final = ("start", "finish", "early_start", "early_finish", "late_start", "late_finish")
_NUMBER_FIELDS: Final = ("duration", "remaining", "total_float", "free_float", "start_float", "finish_float")


class Progress(enum.StrEnum):
    """Where an activity stands on the status date."""

    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    FINISHED = "finished"


@attrs.frozen(kw_only=True)
class ActivitySchedule:
    """The computed dates and floats of one activity (finish dates inclusive, floats in working days).

    ``start``/``finish`` are the forecast: the actual dates where known, else
    the early dates. For work in progress ``early_start`` and ``late_start``
    are the actual start and the floats concern the remaining work.
    """

    id: str
    name: str
    start: dt.date
    finish: dt.date
    early_start: dt.date
    early_finish: dt.date
    late_start: dt.date
    late_finish: dt.date
    duration: int
    """working days (elapsed days for an ``ed`` duration)"""
    remaining: int
    """working days still to do on the status date"""
    total_float: int
    free_float: int
    start_float: int
    finish_float: int
    critical: bool
    milestone: bool
    progress: Progress
    calendar: str
    driving: tuple[str, ...]
    """ids of the driving predecessors"""
    source: Source | None = None

    @property
    def finished(self) -> bool:
        """True when the activity has an actual finish."""
        return self.progress is Progress.FINISHED


@attrs.frozen(kw_only=True)
class Rollup:
    """Dates of a group of activities (a migration, service or assignment) and its most critical float."""

    id: str
    start: dt.date
    finish: dt.date
    total_float: int
    """of the most critical unfinished activity (0 when all are finished)"""
    critical: bool
    most_critical: str
    """id of the activity with the least total float"""
    activities: tuple[str, ...]


@attrs.frozen(kw_only=True, eq=False)
class Schedule:
    """The result of `schedule`: an immutable value, looked up by activity id.

    Iteration yields `ActivitySchedule` records in the portfolio's
    activity order. Per-activity records are built on demand from arrays,
    so a schedule of 100,000 activities stays cheap to compute.
    """

    status_date: dt.date | None
    start: dt.date
    finish: dt.date
    critical_float: int
    diagnostics: tuple[Diagnostic, ...]
    ids: tuple[str, ...]
    _activities: tuple[Activity, ...]
    _index: Mapping[str, int]
    _calendars: tuple[str, ...]
    """per activity"""
    _dates: IntArray
    """(6, n) day ordinals: start, finish, ES, EF, LS, LF"""
    _numbers: IntArray
    """(6, n): duration, remaining, TF, FF, start float, finish float"""
    _critical: BoolArray
    _progress: tuple[Progress, ...]
    _pred: IntArray
    """relations: predecessor index"""
    _succ: IntArray
    _driving: BoolArray
    """per relation"""
    _driver_ptr: IntArray
    """driving predecessors of activity i: _drivers[_driver_ptr[i]:_driver_ptr[i + 1]]"""
    _drivers: IntArray
    _order_key: IntArray
    """early start ordinal, for ordering paths"""
    _groups: Callable[[], Mapping[str, Mapping[str, tuple[str, ...]]]]
    """computed on the first roll-up"""

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, id: object) -> bool:
        return id in self._index

    def __iter__(self) -> Iterator[ActivitySchedule]:
        return self._records(np.arange(len(self.ids)))

    def __getitem__(self, id: str) -> ActivitySchedule:
        """The record of one activity; KeyError (with a suggestion) for an unknown id."""
        try:
            return self._record(self._index[id])
        except KeyError:
            hint = closest(id, self.ids)
            raise KeyError(f"no activity {id!r}" + (f"; did you mean {hint!r}?" if hint else "")) from None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Schedule):
            return NotImplemented
        return (self.ids == other.ids and self.status_date == other.status_date
                and self.finish == other.finish and self.diagnostics == other.diagnostics
                and list(self) == list(other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"<Schedule {len(self)} activities {self.start.isoformat()}..{self.finish.isoformat()}"
                f" status {self.status_date}>")

    def _repr_html_(self) -> str:
        """A notebook summary: dates and counts, then the critical activities (at most 20 rows)."""
        critical = np.flatnonzero(self._critical)
        summary = _display.facts([
            ("status date", self.status_date), ("start", self.start), ("finish", self.finish),
            ("activities", len(self)), ("critical", len(critical)), ("diagnostics", len(self.diagnostics))])
        rows = ([r.id, r.name, r.start, r.finish, r.total_float, r.progress]
                for r in self._records(critical[:_display.LIMIT]))
        table = _display.table(["critical activity", "name", "start", "finish", "total float", "progress"], rows,
                               total=len(critical))
        return _display.block("Schedule", summary, table)

    def to_pandas(self) -> pd.DataFrame:
        """One row per activity, in portfolio order, with typed columns (needs pandas).

        Dates are ``datetime64[ns]`` (finish dates inclusive), durations and
        floats ``int64`` working days, ``critical``/``milestone`` ``bool``,
        ``progress`` an ordered category; ``driving`` lists the driving
        predecessors. Built from the arrays, so 100,000 activities take a moment, not minutes.

        Examples:
            >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings
            >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
            ...               activities=[Activity(id="a", duration=Duration(5))])
            >>> df = schedule(p).to_pandas()
            >>> str(df.loc[0, "finish"].date()), str(df["finish"].dtype), str(df["progress"].dtype)
            ('2024-01-12', 'datetime64[ns]', 'category')
        """
        epoch = dt.date(1970, 1, 1).toordinal()
        days = (self._dates - epoch).astype("datetime64[D]")
        acts = self._activities
        names = ("start", "finish", "early_start", "early_finish", "late_start", "late_finish")
        numbers = ("duration", "remaining", "total_float", "free_float", "start_float", "finish_float")
        drivers = self._drivers.tolist()
        ptr = self._driver_ptr.tolist()
        return _frames.frame([
            ("id", "str", self.ids), ("name", "str", [a.name for a in acts]),
            *((name, "date", days[k]) for k, name in enumerate(names)),
            *((name, "int", self._numbers[k]) for k, name in enumerate(numbers)),
            ("critical", "bool", self._critical), ("milestone", "bool", [a.is_milestone for a in acts]),
            ("progress", "category", [p.value for p in self._progress], [p.value for p in Progress]),
            ("calendar", "category", self._calendars),
            ("service", "str", [a.service for a in acts]), ("migration", "str", [a.migration for a in acts]),
            ("driving", "str", [", ".join(self.ids[d] for d in drivers[ptr[i]:ptr[i + 1]]) for i in range(len(acts))]),
        ])

    def _record(self, i: int) -> ActivitySchedule:
        dates = [dt.date.fromordinal(int(o)) for o in self._dates[:, i]]
        numbers = [int(x) for x in self._numbers[:, i]]
        act = self._activities[i]
        return ActivitySchedule(
            id=act.id, name=act.name, start=dates[0], finish=dates[1], early_start=dates[2],
            early_finish=dates[3], late_start=dates[4], late_finish=dates[5], duration=numbers[0],
            remaining=numbers[1], total_float=numbers[2], free_float=numbers[3], start_float=numbers[4],
            finish_float=numbers[5], critical=bool(self._critical[i]), milestone=act.is_milestone,
            progress=self._progress[i], calendar=self._calendars[i],
            driving=tuple(self.ids[int(p)] for p in self._drivers[self._driver_ptr[i]:self._driver_ptr[i + 1]]),
            source=act.source,
        )

    def _records(self, indices: IntArray) -> Iterator[ActivitySchedule]:
        """The records of ``indices``, in that order, the same as ``_record`` gives one by one.

        The arrays are turned into Python values a chunk at a time (``tolist``,
        one ``date`` per distinct day) instead of one value at a time, which
        made iterating a big schedule cost far more than computing it.
        """
        if not len(indices):
            return
        acts, ids, progress, calendars = self._activities, self.ids, self._progress, self._calendars
        drivers = self._drivers.tolist()
        days: dict[int, dt.date] = {}
        for lo in range(0, len(indices), _CHUNK):
            chunk = indices[lo:lo + _CHUNK]
            ordinals = self._dates[:, chunk]
            for day in set(ordinals.ravel().tolist()):  # not np.unique: numpy 2 imports numpy.ma for it (25 ms)
                if day not in days:
                    days[day] = dt.date.fromordinal(day)
            start, finish, es, ef, ls, lf = ([days[o] for o in row] for row in ordinals.tolist())
            duration, remaining, tf, ff, sf, fnf = self._numbers[:, chunk].tolist()
            critical = self._critical[chunk].tolist()
            first = self._driver_ptr[chunk].tolist()
            last = self._driver_ptr[chunk + 1].tolist()
            columns = zip(chunk.tolist(), start, finish, es, ef, ls, lf, duration, remaining, tf, ff, sf, fnf,
                          critical, first, last, strict=True)
            with paused_gc():  # a chunk of records, no cycles: a full collection would walk the whole program
                batch = [ActivitySchedule(
                    id=act.id, name=act.name, start=s, finish=f, early_start=e_s, early_finish=e_f,
                    late_start=l_s, late_finish=l_f, duration=d, remaining=r, total_float=t_f, free_float=f_f,
                    start_float=s_f, finish_float=f_nf, critical=c, milestone=act.is_milestone,
                    progress=progress[i], calendar=calendars[i],
                    driving=tuple([ids[p] for p in drivers[a:b]]), source=act.source,
                ) for i, s, f, e_s, e_f, l_s, l_f, d, r, t_f, f_f, s_f, f_nf, c, a, b in columns
                    for act in (acts[i],)]
            yield from batch

    def column(self, field: str) -> npt.NDArray[Any]:
        """One field of every activity's record as a read-only array, in portfolio order, without making records.

        Args:
            field: a date field of `ActivitySchedule` (``start`` ... ``late_finish``: day ordinals, as
                `datetime.date.toordinal` gives), a number field (``duration`` ... ``finish_float``),
                ``critical`` (booleans), ``progress`` (the place in `Progress`: 0 not started, 1 in progress,
                2 finished) or ``calendar`` (the calendar ids, an object array).

        Returns:
            The column, one entry per activity (``ids`` order).

        Raises:
            KeyError: for another field.

        Examples:
            >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings
            >>> s = schedule(Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
            ...                        activities=[Activity(id="a", duration=Duration(5))]))
            >>> dt.date.fromordinal(int(s.column("finish")[0])), s.column("total_float").tolist()
            (datetime.date(2024, 1, 12), [0])
            >>> s.column("progress").tolist(), s.column("critical").flags.writeable
            ([0], False)
        """
        found: npt.NDArray[Any]
        if field in _DATE_FIELDS:
            found = self._dates[_DATE_FIELDS.index(field)]
        elif field in _NUMBER_FIELDS:
            found = self._numbers[_NUMBER_FIELDS.index(field)]
        elif field == "critical":
            found = self._critical
        elif field == "progress":
            found = np.fromiter(map(_PROGRESS_CODES.__getitem__, self._progress), dtype=np.int64, count=len(self))
        elif field == "calendar":
            found = np.array(self._calendars, dtype=object)
        else:
            raise KeyError(f"no column {field!r}; one of {', '.join((*_DATE_FIELDS, *_NUMBER_FIELDS))}, "
                           "critical, progress, calendar")
        view: npt.NDArray[Any] = found.view()
        view.setflags(write=False)
        return view

    def critical(self) -> tuple[ActivitySchedule, ...]:
        """The critical activities (total float at or below the threshold, unfinished), in order."""
        return tuple(self._records(np.flatnonzero(self._critical)))

    def near_critical(self, days: int) -> tuple[ActivitySchedule, ...]:
        """Unfinished activities with total float at most ``days`` working days (critical ones included)."""
        mask = (self._numbers[2] <= days) & np.array([p is not Progress.FINISHED for p in self._progress],
                                                     dtype=bool)
        return tuple(self._records(np.flatnonzero(mask)))

    def driving_path(self, to_id: str | None = None) -> tuple[ActivitySchedule, ...]:
        """The driving (longest) path to an activity: it and everything that drives it, earliest first.

        Follows driving relations (gap equal to lag) backwards from ``to_id``,
        or from the activities that finish last when ``to_id`` is None (P6's
        longest path). Raises KeyError for an unknown id.
        """
        if to_id is None:
            ef = self._dates[3]
            ends = [int(i) for i in np.flatnonzero(ef == ef.max())] if len(ef) else []
        else:
            if to_id not in self._index:
                self[to_id]  # raises the KeyError with a suggestion
            ends = [self._index[to_id]]
        seen = set(ends)
        stack = list(ends)
        while stack:
            i = stack.pop()
            for p in self._drivers[self._driver_ptr[i]:self._driver_ptr[i + 1]].tolist():
                if p not in seen:
                    seen.add(p)
                    stack.append(p)
        chosen = sorted(seen, key=lambda i: (int(self._order_key[i]), int(self._dates[3, i]), i))
        return tuple(self._records(np.asarray(chosen, dtype=np.int64)))

    def rollups(self, by: str) -> Mapping[str, Rollup]:
        """Start, finish and most critical float per ``migration``, ``service`` or ``assignment``.

        Examples:
            >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings
            >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
            ...               activities=[Activity(id="x.a", duration=Duration(2), service="x")])
            >>> schedule(p).rollups("service")["x"].finish
            datetime.date(2024, 1, 9)
        """
        groups = self._groups()
        if by not in groups:
            raise ValueError(f"roll up by one of {', '.join(groups)}, not {by!r}")
        chosen = groups[by]
        keys, members = list(chosen), list(chain.from_iterable(chosen.values()))
        found = np.fromiter(map(self._index.get, members, repeat(-1)), dtype=np.int64, count=len(members))
        group = np.repeat(np.arange(len(keys)), np.fromiter(map(len, chosen.values()), dtype=np.int64,
                                                             count=len(keys)))
        ok = found >= 0
        idx, group = found[ok], group[ok]
        if not len(idx):
            return MappingProxyType({})
        # the members of each group are contiguous: one reduceat per figure, one sort for the most critical
        first = np.flatnonzero(np.concatenate([[True], group[1:] != group[:-1]]))
        finished = np.fromiter(map(is_, self._progress, repeat(Progress.FINISHED)), dtype=bool, count=len(self))[idx]
        tf = self._numbers[2, idx]
        pick = idx[np.lexsort((idx, tf, finished, group))[first]]  # open work first, then least float, first in order
        any_open = np.logical_or.reduceat(~finished, first)
        floats = np.where(any_open, self._numbers[2, pick], 0).tolist()
        starts = np.minimum.reduceat(self._dates[0, idx], first).tolist()
        finishes = np.maximum.reduceat(self._dates[1, idx], first).tolist()
        names = list(compress(members, ok.tolist()))
        cut = [*first.tolist(), len(idx)]
        result = {}
        for k, (g, i, is_open) in enumerate(zip(group[first].tolist(), pick.tolist(), any_open.tolist(), strict=True)):
            result[keys[g]] = Rollup(
                id=keys[g], start=dt.date.fromordinal(starts[k]), finish=dt.date.fromordinal(finishes[k]),
                total_float=floats[k], critical=is_open and floats[k] <= self.critical_float,
                most_critical=self.ids[i], activities=tuple(names[cut[k]:cut[k + 1]]),
            )
        return MappingProxyType(result)


# ---------------------------------------------------------------------------------------------
# the three stages: compile (portfolio._compile), solve (portfolio._cpm), present (portfolio._present)


def schedule(portfolio: Portfolio, *, status_date: dt.date | None = None,
             critical_float: int | None = None) -> Schedule:
    """Compute the schedule of a portfolio (CPM forward and backward pass, floats, critical path).

    ``status_date``: schedule as of this date, with the progress of the
    latest status update on or before it; None takes the latest status
    update and its date (or no status date when there is none).
    ``critical_float``: total float (working days) at or below which an
    unfinished activity is critical; None takes the portfolio's setting.

    Never raises on bad data: problems become `Schedule.diagnostics`.
    The portfolio is compiled into arrays once and kept while it lives, so
    scheduling it again (at another status date, say) only solves and presents.

    Raises:
        TypeError: ``status_date`` is not a ``datetime.date`` (a ``datetime``, a string): a programming
            error, not bad data.

    Examples:
        >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        ...               activities=[Activity(id="a", duration=Duration(5))])
        >>> schedule(p, critical_float=2)["a"].critical
        True
    """
    threshold = portfolio.settings.critical_float if critical_float is None else critical_float
    asked = _compile.question(portfolio, status_date)
    net = _compile.compiled(portfolio, asked.start_day)
    key = (status_date, critical_float)  # the question, as asked: the key of the schedules a network keeps
    if isinstance(done := net.results.get(key), Schedule):
        return done
    # stage 1, compile (kept per portfolio); stage 2, solve; stage 3, present
    prepared = _compile.problem(portfolio, asked=asked)
    result = prepared.solve()
    shown = _present.show(net, prepared.situation, result, threshold)
    computed = _schedule(prepared, result, shown, threshold=threshold,
                         diagnostics=_diagnostics(asked, prepared, result, shown))
    if len(net.results) >= _compile.RESULTS:
        net.results.pop(next(iter(net.results)))
    net.results[key] = computed
    return computed


def _diagnostics(asked: _compile.Question, prepared: _compile.Problem, result: _cpm.Result,
                 shown: _present.Shown) -> list[Diagnostic]:
    """Everything the three stages found, in the order the scheduler always reported it."""
    net, sit = prepared.network, prepared.situation
    found = [*asked.diagnostics, *(note[2] for note in sit.notes), *net.relation_notes]
    if result.cyclic.size:
        found.append(_cycle_diagnostic(net.activities, net.pred, net.succ, result))
    for i in dict.fromkeys(net.pred[net.pred == net.succ].tolist()):  # the core leaves a self-loop out
        act = net.activities[i]
        found.append(diagnostic("cycle", f"relations form a cycle: {act.id} -> {act.id}; a relation from an "
                                "activity to itself is ignored", source=act.source, subject=act.id,
                                hint=f"remove the relation from {act.id} to itself"))
    found.extend(_negative_float(net, sit, result, shown.dates))
    if shown.outside.any():
        found.extend(_beyond_horizon(net, result, shown.outside))
    return found


def _schedule(prepared: _compile.Problem, result: _cpm.Result, shown: _present.Shown, *, threshold: int,
              diagnostics: list[Diagnostic]) -> Schedule:
    """The `Schedule` value over the presented arrays."""
    net, sit = prepared.network, prepared.situation
    n = net.n
    dates = shown.dates
    finish_day = dt.date.fromordinal(int(dates[1].max())) if n else net.start_day
    start_out = dt.date.fromordinal(int(dates[0].min())) if n else net.start_day
    return Schedule(
        status_date=prepared.status_date, start=min(start_out, net.start_day), finish=finish_day,
        critical_float=threshold, diagnostics=tuple(diagnostics), ids=net.ids, activities=net.activities,
        index=net.index, calendars=net.calendar_ids, dates=dates, numbers=shown.numbers,
        critical=shown.critical, progress=_states(sit.state), pred=net.pred, succ=net.succ,
        driving=result.driving, driver_ptr=shown.driver_ptr, drivers=shown.drivers,
        order_key=dates[2], groups=net.groups,
    )


_PROGRESS: Final = np.array([Progress.NOT_STARTED, Progress.IN_PROGRESS, Progress.FINISHED], dtype=object)
"""by _compile's codes; an object array, so that taking from it converts all codes in one C-level pass"""
_PROGRESS_CODES: Final = MappingProxyType({p: code for code, p in enumerate(Progress)})


def _states(codes: IntArray) -> tuple[Progress, ...]:
    return tuple(_PROGRESS[codes].tolist())


def _negative_float(net: _compile.Network, sit: _compile.Situation, result: _cpm.Result,
                    dates: IntArray) -> list[Diagnostic]:
    """One finding per constraint or deadline that the logic cannot meet.

    The capped activity's own float, or (for MSO/MFO, which keep their date)
    the worst float of its direct predecessors.
    """
    acts = net.activities
    pred, succ = net.pred, net.succ
    found = []
    worst = result.total_float.copy()
    used = result.used
    if used.any():
        np.minimum.at(worst, succ[used], result.total_float[pred[used]])
    worst = np.where(sit.fixed & ~sit.done, worst, result.total_float)
    # an activity whose own date holds (its early finish within its cap) only passes on a later date's
    # negative float: that date's activity is the one named
    for j in np.flatnonzero((worst < 0) & (sit.cap < _cpm.BIG) & ((result.ef > sit.cap) | sit.fixed)):
        act = acts[int(j)]
        what = (f"{act.constraint.type.value} {act.constraint.date.isoformat()}"
                if act.constraint is not None and act.constraint.type.is_hard else "")
        if act.deadline is not None:
            what = (what + " and " if what else "") + f"deadline {act.deadline.isoformat()}"
        found.append(diagnostic(
            "negative-float",
            f"'{act.id}' cannot meet its {what or 'constraint'}: total float "
            f"{int(worst[j])} working days (forecast finish "
            f"{dt.date.fromordinal(int(dates[1, j])).isoformat()})",
            source=act.source, subject=act.id,
            hint=f"see what drives it: portfolio schedule <portfolio> --path-to {act.id}; then shorten the path, "
            "relax the date or accept the slip"))
    return found


def _beyond_horizon(net: _compile.Network, result: _cpm.Result, outside: BoolArray) -> list[Diagnostic]:
    """One error per activity that runs outside the calendar years first (not pushed there by a predecessor).

    Its dates, and those of everything it pushes, are clipped to the horizon's
    first or last working day, so they are wrong: said, never shown silently.
    """
    pushed = np.zeros(net.n, dtype=bool)
    pushed[net.succ[result.driving & outside[net.pred]]] = True
    origins = np.flatnonzero(outside & ~pushed)
    if not origins.size:  # pragma: no cover - a driving chain starts somewhere
        origins = np.flatnonzero(outside)[:1]
    total = int(outside.sum())
    others = f" ({total} activities in all, with those it pushes)" if total > 1 else ""
    found = []
    for i in origins.tolist():
        act = net.activities[i]
        found.append(diagnostic(
            "beyond-horizon",
            f"'{act.id}' is scheduled outside the calendar years {HORIZON_FIRST.isoformat()} to "
            f"{HORIZON_LAST.isoformat()}{others}; its dates are shown at the horizon's edge and are wrong",
            source=act.source, subject=act.id,
            hint="check its duration, its predecessors' lags and its constraint for a digit too many"))
    return found


def _cycle_diagnostic(acts: tuple[Activity, ...], pred: IntArray, succ: IntArray,
                      result: _cpm.Result) -> Diagnostic:
    """One ``cycle`` diagnostic spelling out a loop among the activities the core found stuck."""
    import networkx as nx  # noqa: PLC0415 - slow to import, needed only on this error path

    stuck = {int(i) for i in result.cyclic}
    graph = nx.DiGraph()
    graph.add_edges_from((int(p), int(s)) for p, s in zip(pred, succ, strict=True)
                         if int(p) in stuck and int(s) in stuck)
    try:
        loop = [int(edge[0]) for edge in nx.find_cycle(graph)]
    except nx.NetworkXNoCycle:  # pragma: no cover - the core found one
        loop = sorted(stuck)
    names = " -> ".join(acts[i].id for i in [*loop, loop[0]])
    # Which relation is the mistake cannot be known: name them all, and point at the activity
    # declared last in file order (its relation is most likely the one just added).
    places = [i for i in loop if acts[i].source is not None]
    last = max(places, key=lambda i: (acts[i].source.file, acts[i].source.line,  # type: ignore[union-attr]
                                      acts[i].source.column)) if places else loop[0]  # type: ignore[union-attr]
    edges = ", ".join(f"{acts[p].id} -> {acts[s].id}" for p, s in zip(loop, [*loop[1:], loop[0]], strict=True))
    return diagnostic("cycle", f"relations form a cycle: {names}; the cycle's closing relations are ignored",
                      source=acts[last].source, subject=acts[last].id,
                      hint=f"remove or reverse one of these relations: {edges}")
