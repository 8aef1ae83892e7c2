"""The schedule: CPM dates, floats and critical paths computed from a portfolio.

:func:`schedule` turns a :class:`~portfolio.model.Portfolio` into a
:class:`Schedule`, an immutable value kept apart from the portfolio. A what-if
is a changed portfolio (:func:`attrs.evolve`) scheduled again. Nothing reads
the clock: the status date is a parameter (or the date of the latest status
update in the portfolio).

The figures follow MS Project (``docs/scheduling.md`` explains each one):
dates are working days of the activity's calendar, finish dates are
inclusive, floats are in working days.

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
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs
import numpy as np
import numpy.typing as npt

from portfolio import _cpm, _display, _frames
from portfolio.calendar import (
    BUILTIN_IDS,
    HORIZON_FIRST,
    HORIZON_LAST,
    Calendar,
    CalendarError,
    builtin,
    resolve,
)
from portfolio.diagnostics import Diagnostic, closest, diagnostic
from portfolio.model import (
    Activity,
    ActivityProgress,
    ConstraintType,
    Portfolio,
    RelationType,
    Source,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ActivitySchedule", "Progress", "Rollup", "Schedule", "schedule"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_RTYPE: Final = {RelationType.FS: _cpm.FS, RelationType.SS: _cpm.SS, RelationType.FF: _cpm.FF,
                 RelationType.SF: _cpm.SF}
#: Fallback project start when the portfolio holds no date at all.
FALLBACK_START: Final = dt.date(2000, 1, 3)
#: Records are converted from the arrays this many at a time (see Schedule._records).
_CHUNK: Final = 4096


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
    duration: int  #: working days (elapsed days for an ``ed`` duration)
    remaining: int  #: working days still to do on the status date
    total_float: int
    free_float: int
    start_float: int
    finish_float: int
    critical: bool
    milestone: bool
    progress: Progress
    calendar: str
    driving: tuple[str, ...]  #: ids of the driving predecessors
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
    total_float: int  #: of the most critical unfinished activity (0 when all are finished)
    critical: bool
    most_critical: str  #: id of the activity with the least total float
    activities: tuple[str, ...]


@attrs.frozen(kw_only=True, eq=False)
class Schedule:
    """The result of :func:`schedule`: an immutable value, looked up by activity id.

    Iteration yields :class:`ActivitySchedule` records in the portfolio's
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
    _calendars: tuple[str, ...]  #: per activity
    _dates: IntArray  #: (6, n) day ordinals: start, finish, ES, EF, LS, LF
    _numbers: IntArray  #: (6, n): duration, remaining, TF, FF, start float, finish float
    _critical: BoolArray
    _progress: tuple[Progress, ...]
    _pred: IntArray  #: relations: predecessor index
    _succ: IntArray
    _driving: BoolArray  #: per relation
    _driver_ptr: IntArray  #: driving predecessors of activity i: _drivers[_driver_ptr[i]:_driver_ptr[i + 1]]
    _drivers: IntArray
    _order_key: IntArray  #: early start ordinal, for ordering paths
    _groups: Mapping[str, Mapping[str, tuple[str, ...]]]

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
            for day in np.unique(ordinals).tolist():
                if day not in days:
                    days[day] = dt.date.fromordinal(day)
            start, finish, es, ef, ls, lf = ([days[o] for o in row] for row in ordinals.tolist())
            duration, remaining, tf, ff, sf, fnf = self._numbers[:, chunk].tolist()
            critical = self._critical[chunk].tolist()
            first = self._driver_ptr[chunk].tolist()
            last = self._driver_ptr[chunk + 1].tolist()
            columns = zip(chunk.tolist(), start, finish, es, ef, ls, lf, duration, remaining, tf, ff, sf, fnf,
                          critical, first, last, strict=True)
            for i, s, f, e_s, e_f, l_s, l_f, d, r, t_f, f_f, s_f, f_nf, c, a, b in columns:
                act = acts[i]
                yield ActivitySchedule(
                    id=act.id, name=act.name, start=s, finish=f, early_start=e_s, early_finish=e_f,
                    late_start=l_s, late_finish=l_f, duration=d, remaining=r, total_float=t_f, free_float=f_f,
                    start_float=s_f, finish_float=f_nf, critical=c, milestone=act.is_milestone,
                    progress=progress[i], calendar=calendars[i],
                    driving=tuple([ids[p] for p in drivers[a:b]]), source=act.source,
                )

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

        >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        ...               activities=[Activity(id="x.a", duration=Duration(2), service="x")])
        >>> schedule(p).rollups("service")["x"].finish
        datetime.date(2024, 1, 9)
        """
        if by not in self._groups:
            raise ValueError(f"roll up by one of {', '.join(self._groups)}, not {by!r}")
        result = {}
        for key, members in self._groups[by].items():
            idx = [self._index[m] for m in members if m in self._index]
            if not idx:
                continue
            arr = np.asarray(idx, dtype=np.int64)
            open_ = [i for i in idx if self._progress[i] is not Progress.FINISHED]
            pick = min(open_ or idx, key=lambda i: (int(self._numbers[2, i]), i))
            tf = int(self._numbers[2, pick]) if open_ else 0
            result[key] = Rollup(
                id=key, start=dt.date.fromordinal(int(self._dates[0, arr].min())),
                finish=dt.date.fromordinal(int(self._dates[1, arr].max())), total_float=tf,
                critical=bool(open_) and tf <= self.critical_float, most_critical=self.ids[pick],
                activities=tuple(self.ids[i] for i in idx),
            )
        return MappingProxyType(result)


# ---------------------------------------------------------------------------------------------
# building the arrays


@attrs.define
class _Build:
    """Mutable scratch state while turning a portfolio into arrays (never leaves this module)."""

    portfolio: Portfolio
    diagnostics: list[Diagnostic] = attrs.Factory(list)
    calendars: dict[str, Calendar] = attrs.Factory(dict)

    def calendar(self, id: str | None, subject: str, source: Source | None) -> Calendar:
        wanted = id or self.portfolio.settings.calendar
        if wanted in self.calendars:
            return self.calendars[wanted]
        try:
            cal = resolve(wanted, self.portfolio.calendars)
        except KeyError:
            known = [*self.portfolio.calendars, *BUILTIN_IDS]
            hint = closest(wanted, known)
            self.diagnostics.append(diagnostic(
                "unknown-ref", f"calendar '{wanted}' is not declared; scheduling '{subject}' on 'rijk'",
                source=source, subject=subject,
                hint=f"did you mean '{hint}'?" if hint else "declare the calendar under 'calendars:'"))
            cal = builtin("rijk")
        except CalendarError as error:
            spec = self.portfolio.calendars[wanted]
            self.diagnostics.append(diagnostic(
                "calendar-no-workdays", f"{error}; scheduling its activities on 'standard'",
                source=spec.source, subject=wanted,
                hint="give the calendar at least one working weekday"))
            cal = builtin("standard")
        self.calendars[wanted] = cal
        return cal

    def date_ok(self, day: dt.date, what: str, subject: str, source: Source | None) -> bool:
        if HORIZON_FIRST <= day <= HORIZON_LAST:
            return True
        self.diagnostics.append(diagnostic(
            "constraint-unsatisfiable",
            f"'{subject}': {what} {day.isoformat()} lies outside the calendar years "
            f"{HORIZON_FIRST.year}–{HORIZON_LAST.year}; it is ignored",
            source=source, subject=subject, hint="correct the date (a typo in the year?)"))
        return False


def _anchor(portfolio: Portfolio, status_date: dt.date | None) -> dt.date:
    """The project start: the settings' start, else the earliest date the portfolio gives."""
    if portfolio.settings.start is not None:
        return portfolio.settings.start
    days: list[dt.date] = []
    for act in portfolio.activities.values():
        if act.constraint is not None:
            days.append(act.constraint.date)
    for update in portfolio.status_updates:
        days.extend(p.actual_start for p in update.progress.values() if p.actual_start is not None)
    baseline = portfolio.current_baseline
    if baseline is not None:
        days.extend(e.start for e in baseline.entries.values())
    if status_date is not None:
        days.append(status_date)
    days = [d for d in days if HORIZON_FIRST <= d <= HORIZON_LAST]
    return min(days) if days else FALLBACK_START


def _remaining(act: Activity, prog: ActivityProgress, cal: Calendar, status_next: int, build: _Build) -> int:
    """Remaining working days of work in progress."""
    if prog.remaining is not None:
        if prog.remaining.days < 0:
            build.diagnostics.append(diagnostic(
                "negative-duration", f"'{act.id}': remaining duration {prog.remaining} is negative; using 0",
                source=prog.source or act.source, subject=act.id, hint="give 0d or more"))
            return 0
        return prog.remaining.days
    total = max(act.duration.days, 0)
    if prog.percent_complete is not None:
        share = min(max(prog.percent_complete, 0.0), 100.0) / 100.0
        return round(total * (1.0 - share))
    assert prog.actual_start is not None
    done = status_next - cal.index(prog.actual_start)
    return max(total - done, 0)


def schedule(portfolio: Portfolio, *, status_date: dt.date | None = None,
             critical_float: int | None = None) -> Schedule:
    """Compute the schedule of a portfolio (CPM forward and backward pass, floats, critical path).

    ``status_date``: schedule as of this date, with the progress of the
    latest status update on or before it; None takes the latest status
    update and its date (or no status date when there is none).
    ``critical_float``: total float (working days) at or below which an
    unfinished activity is critical; None takes the portfolio's setting.

    Never raises on bad data: problems become :attr:`Schedule.diagnostics`.

    >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
    ...               activities=[Activity(id="a", duration=Duration(5))])
    >>> schedule(p, critical_float=2)["a"].critical
    True
    """
    build = _Build(portfolio)
    settings = portfolio.settings
    threshold = settings.critical_float if critical_float is None else critical_float
    update = portfolio.status_update(status_date)
    if status_date is None and update is not None:
        status_date = update.date
    start_day = _anchor(portfolio, status_date)
    if status_date is not None and status_date < start_day:
        build.diagnostics.append(diagnostic(
            "status-before-start",
            f"status date {status_date.isoformat()} is before the project start {start_day.isoformat()}",
            source=(update.source if update is not None else None) or settings.source,
            hint="correct the status date or the portfolio's 'start'"))
    if status_date is not None and not build.date_ok(status_date, "status date", "status", None):
        status_date = None

    acts = tuple(portfolio.activities.values())
    n = len(acts)
    index = {a.id: i for i, a in enumerate(acts)}
    progress_of = update.progress if update is not None else {}

    cal_ids: list[str] = []
    cals: list[Calendar] = []
    cal_row: dict[str, int] = {}
    row = np.zeros(n, dtype=np.int64)
    duration = np.zeros(n, dtype=np.int64)
    effective = np.zeros(n, dtype=np.int64)
    floor = np.zeros(n, dtype=np.int64)
    fixed = np.zeros(n, dtype=bool)
    done = np.zeros(n, dtype=bool)
    cap = np.full(n, _cpm.BIG, dtype=np.int64)
    elapsed = np.zeros(n, dtype=bool)
    actual_start = np.full(n, -1, dtype=np.int64)
    actual_finish = np.full(n, -1, dtype=np.int64)
    evening_floor = np.zeros(n, dtype=bool)  # milestone floored by a finish-type constraint
    morning_floor = np.zeros(n, dtype=bool)  # milestone floored by a start-type constraint (SNET, MSO)
    states: list[Progress] = []
    start_index: dict[str, int] = {}
    status_index: dict[str, int] = {}

    for i, act in enumerate(acts):
        cal = build.calendar(act.calendar, act.id, act.source)
        if cal.id not in cal_row:
            cal_row[cal.id] = len(cals)
            cals.append(cal)
            start_index[cal.id] = cal.index(start_day) if build.date_ok(
                start_day, "project start", act.id, settings.source) else 0
            if status_date is not None:
                status_index[cal.id] = cal.finish_index(status_date)
        row[i] = cal_row[cal.id]
        cal_ids.append(cal.id)
        d = act.duration.days
        if d < 0:
            build.diagnostics.append(diagnostic(
                "negative-duration", f"'{act.id}': duration {act.duration} is negative; using 0",
                source=act.source, subject=act.id, hint="use 0d for a milestone, a positive duration otherwise"))
            d = 0
        elapsed[i] = act.duration.elapsed
        milestone = d == 0
        duration[i] = d
        eff = d
        lo = start_index[cal.id]
        state = Progress.NOT_STARTED
        prog = progress_of.get(act.id)
        if prog is not None and prog.actual_finish is not None and build.date_ok(
                prog.actual_finish, "actual finish", act.id, prog.source):
            state = Progress.FINISHED
            first = prog.actual_start if prog.actual_start is not None else prog.actual_finish
            if not build.date_ok(first, "actual start", act.id, prog.source):
                first = prog.actual_finish
            s = cal.index(first)
            f = s if milestone else max(cal.finish_index(prog.actual_finish), s)
            lo, eff = s, f - s
            fixed[i] = done[i] = True
            elapsed[i] = False
            actual_start[i], actual_finish[i] = s, f
        elif prog is not None and prog.actual_start is not None and build.date_ok(
                prog.actual_start, "actual start", act.id, prog.source):
            state = Progress.IN_PROGRESS
            actual_start[i] = cal.index(prog.actual_start)
            resume = status_index.get(cal.id, actual_start[i])
            eff = _remaining(act, prog, cal, resume, build)
            elapsed[i] = False
            lo = max(lo, resume)
        elif status_date is not None:
            lo = max(lo, status_index[cal.id])
        states.append(state)
        if state is not Progress.FINISHED:
            con = act.constraint
            if con is not None and con.type is not ConstraintType.ASAP and build.date_ok(
                    con.date, f"{con.type.value} constraint", act.id, act.source):
                at_start = cal.index(con.date)
                at_finish = cal.finish_index(con.date)
                kind = con.type
                if kind is ConstraintType.SNET:
                    morning_floor[i] = milestone and at_start >= lo
                    lo = max(lo, at_start)
                elif kind is ConstraintType.FNET:
                    lo = max(lo, at_finish - eff)
                    evening_floor[i] = milestone and at_finish - eff >= lo
                elif kind is ConstraintType.MSO and state is Progress.NOT_STARTED:
                    lo, fixed[i] = at_start, True
                    cap[i] = min(cap[i], at_start + eff)
                    morning_floor[i] = milestone
                elif kind is ConstraintType.MFO and state is Progress.NOT_STARTED:
                    lo, fixed[i] = at_finish - eff, True
                    cap[i] = min(cap[i], at_finish)
                    evening_floor[i] = milestone
                elif kind is ConstraintType.SNLT:
                    cap[i] = min(cap[i], at_start + eff)
                elif kind is ConstraintType.FNLT:
                    cap[i] = min(cap[i], at_finish)
            if act.deadline is not None and build.date_ok(act.deadline, "deadline", act.id, act.source):
                cap[i] = min(cap[i], cal.finish_index(act.deadline))
        floor[i] = lo
        effective[i] = eff

    # relations
    preds: list[int] = []
    succs: list[int] = []
    types: list[int] = []
    lags: list[int] = []
    elags: list[int] = []
    for rel in portfolio.relations:
        missing = [x for x in (rel.predecessor, rel.successor) if x not in index]
        if missing:
            hint = closest(missing[0], index)
            build.diagnostics.append(diagnostic(
                "unknown-ref", f"relation {rel.predecessor} -> {rel.successor} refers to unknown activity "
                f"'{missing[0]}'; the relation is ignored", source=rel.source, subject=missing[0],
                hint=f"did you mean '{hint}'?" if hint else "declare the activity or correct the id"))
            continue
        preds.append(index[rel.predecessor])
        succs.append(index[rel.successor])
        types.append(_RTYPE[rel.type])
        lags.append(0 if rel.lag.elapsed else rel.lag.days)
        elags.append(rel.lag.days if rel.lag.elapsed else 0)
    pred = np.asarray(preds, dtype=np.int64)
    succ = np.asarray(succs, dtype=np.int64)
    elag = np.asarray(elags, dtype=np.int64)

    conversion = None
    if len(cals) > 1 or elapsed.any() or elag.any():
        conversion = _conversion(cals, row, elag, elapsed)
    # SS/SF lags of work in progress: from its actual start (MS Project) or its remaining work (P6, default)
    origin = np.where((actual_start >= 0) & ~done, actual_start, -1) if settings.lag_from_actual_start else None
    net = _cpm.Network.build(n=n, duration=effective, pred=pred, succ=succ, rtype=types, lag=lags,
                             floor=floor, fixed=fixed, cap_lf=cap, done=done, conversion=conversion,
                             origin=origin)
    result = _cpm.solve(net, start=0)

    if result.cyclic.size:
        build.diagnostics.append(_cycle_diagnostic(acts, pred, succ, result))

    # dates: boundaries -> day ordinals in each activity's calendar
    es, ef, ls, lf = result.es, result.ef, result.ls, result.lf
    is_milestone = (effective == 0) & (duration == 0)
    driving = result.driving
    from_finish = np.isin(np.asarray(types, dtype=np.int64), (_cpm.FS, _cpm.FF))
    # A milestone held at its SNET/MSO date shows on that date (MS Project: 08:00 that day), even when
    # a finish-type predecessor ends at the same boundary (17:00 the working day before).
    # A milestone at the project start shows on the start day, even after a lead (never the day before).
    at_start = es == np.asarray([start_index[c] for c in cal_ids], dtype=np.int64)
    may_be_evening = is_milestone & ~(morning_floor & (es == floor)) & ~at_start
    evening = evening_floor & may_be_evening
    if len(pred):
        # A task's finish is the end of its last working day; a milestone's finish is where it is
        # shown: a milestone driven from the finish of a milestone shown in the morning (at the
        # project start, say) is shown in that morning too, not on the working day before.
        finish_driven = driving & from_finish
        evening[succ[finish_driven & ~is_milestone[pred]]] = True
        evening &= may_be_evening
        chained = np.flatnonzero(finish_driven & is_milestone[pred])
        if len(chained):
            followers: dict[int, list[int]] = {}
            for p, q in zip(pred[chained].tolist(), succ[chained].tolist(), strict=True):
                followers.setdefault(p, []).append(q)
            stack = [p for p in followers if evening[p]]
            while stack:
                for q in followers.get(stack.pop(), ()):
                    if may_be_evening[q] and not evening[q]:
                        evening[q] = True
                        stack.append(q)
    started = actual_start >= 0
    dates = np.zeros((6, n), dtype=np.int64)
    for cal_index, cal in enumerate(cals):
        m = row == cal_index
        if not m.any():
            continue

        def day_of(k: IntArray, finish: bool, m: BoolArray = m, cal: Calendar = cal) -> IntArray:
            shift = finish & ~is_milestone[m] | evening[m]
            return cal.ordinals(np.where(shift, k - 1, k))

        dates[2, m] = np.where(started[m], cal.ordinals(actual_start[m]), day_of(es[m], False))
        dates[3, m] = day_of(ef[m], True)
        dates[4, m] = np.where(started[m], dates[2, m], day_of(ls[m], False))
        dates[5, m] = day_of(lf[m], True)
    dates[0] = dates[2]
    dates[1] = dates[3]

    finished = done
    manual = np.asarray([a.manual for a in acts], dtype=bool)
    critical = (result.total_float <= threshold) & ~finished & ~manual
    numbers = np.stack([duration, np.where(finished, 0, effective), result.total_float, result.free_float,
                        result.start_float, result.finish_float])
    # one finding per constraint or deadline that the logic cannot meet: the capped activity's own
    # float, or (for MSO/MFO, which keep their date) the worst float of its direct predecessors
    worst = result.total_float.copy()
    used = result.used
    if used.any():
        np.minimum.at(worst, succ[used], result.total_float[pred[used]])
    worst = np.where(fixed & ~done, worst, result.total_float)
    for j in np.flatnonzero((worst < 0) & (cap < _cpm.BIG)):
        act = acts[int(j)]
        what = (f"{act.constraint.type.value} {act.constraint.date.isoformat()}"
                if act.constraint is not None and act.constraint.type.is_hard else "")
        if act.deadline is not None:
            what = (what + " and " if what else "") + f"deadline {act.deadline.isoformat()}"
        build.diagnostics.append(diagnostic(
            "negative-float",
            f"'{act.id}' cannot meet its {what or 'constraint'}: total float "
            f"{int(worst[j])} working days (forecast finish "
            f"{dt.date.fromordinal(int(dates[1, j])).isoformat()})",
            source=act.source, subject=act.id,
            hint=f"see what drives it: portfolio schedule <portfolio> --path-to {act.id}; then shorten the path, "
            "relax the date or accept the slip"))

    by_successor = np.flatnonzero(driving)
    by_successor = by_successor[np.argsort(succ[by_successor], kind="stable")]
    drivers = pred[by_successor]
    driver_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(succ[by_successor], minlength=n), out=driver_ptr[1:])
    for arr in (dates, numbers, critical, pred, succ, driving, drivers, driver_ptr):
        arr.setflags(write=False)
    finish_day = dt.date.fromordinal(int(dates[1].max())) if n else start_day
    start_out = dt.date.fromordinal(int(dates[0].min())) if n else start_day
    return Schedule(
        status_date=status_date, start=min(start_out, start_day), finish=finish_day, critical_float=threshold,
        diagnostics=tuple(build.diagnostics), ids=tuple(a.id for a in acts), activities=acts,
        index=MappingProxyType(index), calendars=tuple(cal_ids), dates=dates, numbers=numbers,
        critical=critical, progress=tuple(states), pred=pred, succ=succ, driving=driving,
        driver_ptr=driver_ptr, drivers=drivers,
        order_key=dates[2], groups=_groups(portfolio),
    )


def _conversion(cals: list[Calendar], row: IntArray, elag: IntArray, elapsed: BoolArray) -> _cpm.Conversion:
    """The stacked calendar tables the core needs for cross-calendar and elapsed-day arithmetic."""
    width = max(c.size for c in cals) + 1
    early = np.zeros((len(cals), width), dtype=np.int64)
    late = np.zeros((len(cals), width), dtype=np.int64)
    for c, cal in enumerate(cals):
        work = cal.work
        early[c, 0] = work[0]
        early[c, 1:cal.size + 1] = work + 1
        early[c, cal.size + 1:] = work[-1] + 1
        late[c, :cal.size] = work
        late[c, cal.size:] = work[-1] + 1
    before = np.stack([c.before for c in cals])
    return _cpm.Conversion(t0=HORIZON_FIRST.toordinal(), early=early, late=late, before=before, cal=row,
                           elapsed_lag=elag, elapsed=elapsed)


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
