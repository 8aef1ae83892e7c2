"""The schedule, the relations and a baseline as arrays, for rules that ask about every activity (private).

At 50,000 activities and 150,000 relations the records no longer fit the
CPU's caches: a rule that reads an attribute of each record pays a cache miss
per record, so its time grew faster than the portfolio. The rules read
these columns instead (the schedule's own arrays, `Schedule.column
<portfolio.scheduling.Schedule.column>`, and the relation columns the
scheduler reads, `portfolio.graph.relation_columns`), select with numpy
masks, and make strings or records only for the offenders a finding names.
Each is built once per schedule (`shared`), so the rules of one run share it.

Examples:
    >>> import datetime as dt
    >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings, Relation
    >>> from portfolio.scheduling import schedule
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
    ...               activities=[Activity(id="a", duration=Duration(5)), Activity(id="b")],
    ...               relations=[Relation(predecessor="a", successor="b", lag=Duration(-2)),
    ...                          Relation(predecessor="x", successor="b")])
    >>> s = schedule(p)
    >>> rels = relations(p, s)
    >>> rels.pred.tolist(), rels.succ.tolist(), rels.lag.tolist(), rels.open.tolist()
    ([0, -1], [1, 1], [-2, 0], [True, False])
    >>> activities(p, s).names(activities(p, s).total_float >= 0).every()
    ('a', 'b')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from itertools import repeat
from operator import attrgetter, eq, is_not
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from portfolio.calendar import Calendar
from portfolio.graph import TYPE_CODES, relation_columns
from portfolio.model import Baseline, Portfolio, Relation
from portfolio.rules._network import calendar_of, working_days
from portfolio.scheduling import Schedule
from portfolio.slippage._index import FINISHED, NOT_STARTED, shared

__all__ = ["Activities", "BaselineColumns", "Names", "ScheduledRelations", "activities", "baseline_columns", "calendars",
           "finish_variance", "hard_constrained", "places", "relations"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_GET_ACTIVITY: Final = attrgetter("activity")
_GET_FINISH: Final = attrgetter("finish")
_GET_CONSTRAINT: Final = attrgetter("constraint")


@attrs.frozen(eq=False)
class Names:
    """Offenders counted now and named when asked: a finding names the first five of perhaps 100,000.

    Examples:
        >>> found = Names.of(np.array([False, True, True]), lambda places: [f"#{i}" for i in places])
        >>> len(found), found.first(1), found.every()
        (2, ['#1'], ('#1', '#2'))
    """

    places: IntArray
    """where the mask held"""
    name: Callable[[list[int]], list[str]] = attrs.field(repr=False)
    """the names of some of ``places``"""

    @classmethod
    def of(cls, mask: BoolArray, name: Callable[[list[int]], list[str]]) -> Names:
        """The places where ``mask`` holds, to be named by ``name``."""
        return cls(np.flatnonzero(mask), name)

    def __len__(self) -> int:
        return len(self.places)

    def first(self, count: int) -> list[str]:
        """The first ``count`` names."""
        return self.name(self.places[:count].tolist())

    def every(self) -> tuple[str, ...]:
        """All the names, in order."""
        return tuple(self.name(self.places.tolist()))


@attrs.frozen(eq=False)
class Activities:
    """A schedule's figures per activity, in its order (``ids``); dates are day ordinals."""

    ids: tuple[str, ...]
    index: Mapping[str, int]
    """activity id -> its place in ``ids``"""
    finished: BoolArray
    not_started: BoolArray
    start: IntArray
    finish: IntArray
    total_float: IntArray
    duration: IntArray

    def names(self, mask: BoolArray) -> Names:
        """The ids where ``mask`` holds, in schedule order."""
        ids = self.ids
        return Names.of(mask, lambda places: [ids[i] for i in places])

    def is_open(self, activity: str) -> bool:
        """The activity is in the schedule and has not finished."""
        place = self.index.get(activity)
        return place is not None and not self.finished[place]


def activities(portfolio: Portfolio, schedule: Schedule) -> Activities:
    """The schedule's columns (built once per schedule); ``portfolio`` lends its id index when the ids agree.

    Args:
        portfolio: the portfolio scheduled.
        schedule: its schedule.

    Returns:
        The columns, the same object for every rule of the schedule.

    Examples:
        >>> import datetime as dt
        >>> from portfolio.model import Activity, Duration, PortfolioSettings
        >>> from portfolio.scheduling import schedule
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        ...               activities=[Activity(id="a", duration=Duration(5))])
        >>> s = schedule(p)
        >>> found = activities(p, s)
        >>> found.duration.tolist(), found.finished.tolist(), found is activities(p, s)
        ([5], [False], True)
    """
    def compute() -> Activities:
        ids = schedule.ids
        known = relation_columns(portfolio)
        index = known.index if known.ids == ids else dict(zip(ids, range(len(ids)), strict=True))
        progress = schedule.column("progress")
        return Activities(ids=ids, index=index, finished=progress == FINISHED, not_started=progress == NOT_STARTED,
                          start=schedule.column("start"), finish=schedule.column("finish"),
                          total_float=schedule.column("total_float"), duration=schedule.column("duration"))

    return shared(schedule, "rules-columns", compute)


def calendars(schedule: Schedule) -> npt.NDArray[Any]:
    """The calendar id of each activity of the schedule, in its order (built once per schedule, when first asked)."""
    found: npt.NDArray[Any] = shared(schedule, "rules-calendars", lambda: schedule.column("calendar"))
    return found


@attrs.frozen(eq=False)
class ScheduledRelations:
    """Every relation of a portfolio in file order, its ends numbered as the schedule's activities."""

    records: Sequence[Relation] = attrs.field(repr=False)
    """the portfolio's relations (``Portfolio.relations``, the same object)"""
    pred: IntArray
    """the predecessor's place in the schedule, -1 when it is not in it"""
    succ: IntArray
    rtype: IntArray
    """type code (`portfolio.graph.TYPE_CODES`)"""
    lag: IntArray
    """``Relation.lag.days`` (working or elapsed days)"""
    open: BoolArray
    """both ends are in the schedule and the successor is unfinished (DCMA checks 2 to 4 count these)"""

    def names(self, mask: BoolArray, ids: tuple[str, ...], *, typed: bool = False) -> Names:
        """``pred->succ`` (with ``typed``: ``pred->succ FF``) of the relations where ``mask`` holds (both ends
        in the schedule), in file order."""
        pred, succ, rtype = self.pred, self.succ, self.rtype
        kinds = {code: f" {kind.value}" for kind, code in TYPE_CODES.items()}

        def name(places: list[int]) -> list[str]:
            ends = zip(pred[places].tolist(), succ[places].tolist(), rtype[places].tolist(), strict=True)
            return [f"{ids[p]}->{ids[s]}{kinds[t] if typed else ''}" for p, s, t in ends]

        return Names.of(mask, name)


def relations(portfolio: Portfolio, schedule: Schedule) -> ScheduledRelations:
    """The portfolio's relations as columns numbered by the schedule (built once per schedule and relations).

    Args:
        portfolio: the portfolio scheduled.
        schedule: its schedule.

    Returns:
        The columns of ``portfolio.relations``.
    """
    found = shared(schedule, "rules-relations", lambda: _relations(portfolio, schedule))
    return found if found.records is portfolio.relations else _relations(portfolio, schedule)


def _relations(portfolio: Portfolio, schedule: Schedule) -> ScheduledRelations:
    """Map the scheduler's relation columns onto the schedule; read the few relations they leave out off the records."""
    known = relation_columns(portfolio)
    acts = activities(portfolio, schedule)
    index = acts.index
    if known.ids == acts.ids:
        pred, succ = known.pred, known.succ
    else:
        place = np.fromiter(map(index.get, known.ids, repeat(-1)), dtype=np.int64, count=len(known.ids))
        pred, succ = place[known.pred], place[known.succ]
    rtype, lag = known.rtype, known.lag + known.elapsed_lag
    records = portfolio.relations
    if known.unknown.size:  # relations naming an undeclared activity: put back in their places
        keep = np.ones(len(records), dtype=bool)
        keep[known.unknown] = False
        columns = []
        for kept, field in ((pred, "predecessor"), (succ, "successor"), (rtype, "type"), (lag, "lag")):
            full = np.empty(len(records), dtype=np.int64)
            full[keep] = kept
            read = [getattr(records[k], field) for k in known.unknown.tolist()]
            full[known.unknown] = ([TYPE_CODES[t] for t in read] if field == "type" else
                                   [d.days for d in read] if field == "lag" else [index.get(i, -1) for i in read])
            columns.append(full)
        pred, succ, rtype, lag = columns
    ok = (pred >= 0) & (succ >= 0)
    is_open = ok & ~acts.finished[np.where(ok, succ, 0)] if len(acts.ids) else ok
    return ScheduledRelations(records=records, pred=pred, succ=succ, rtype=rtype, lag=lag, open=is_open)


def hard_constrained(portfolio: Portfolio, schedule: Schedule) -> BoolArray:
    """Per activity of the schedule: it has a hard constraint (MSO, MFO, SNLT, FNLT) in the portfolio.

    The constraints are read in one pass (few activities have one); an
    activity of the schedule that the portfolio lacks has none.
    """
    def compute() -> BoolArray:
        acts = portfolio.activities
        constraints: list[Any] = list(map(_GET_CONSTRAINT, acts.values()))
        given = np.flatnonzero(np.fromiter(map(is_not, constraints, repeat(None)), dtype=bool,
                                           count=len(constraints))).tolist()
        hard = [i for i in given if constraints[i].type.is_hard]
        index = activities(portfolio, schedule).index
        mask = np.zeros(len(schedule.ids), dtype=bool)
        ids = tuple(acts)
        mask[[p for i in hard if (p := index.get(ids[i], -1)) >= 0]] = True
        return mask

    found = shared(schedule, "rules-hard-constraints", lambda: (portfolio.activities, compute()))
    return found[1] if found[0] is portfolio.activities else compute()


@attrs.frozen(eq=False)
class BaselineColumns:
    """A baseline's entries in their order: the activity's place in the schedule (-1: not in it) and the finish."""

    baseline: Baseline = attrs.field(repr=False)
    activities: tuple[str, ...]
    """``BaselineEntry.activity`` of each entry"""
    place: IntArray
    finish: IntArray
    """day ordinals"""

    def due(self, status: dt.date) -> BoolArray:
        """The entries whose baseline finish is on or before ``status``."""
        return self.finish <= status.toordinal()

    def names(self, mask: BoolArray) -> Names:
        """The activity of each entry where ``mask`` holds, in the baseline's order."""
        acts = self.activities
        return Names.of(mask, lambda places: [acts[i] for i in places])


def baseline_columns(portfolio: Portfolio, schedule: Schedule, baseline: Baseline) -> BaselineColumns:
    """The columns of ``baseline`` against the schedule (built once per schedule and baseline).

    Examples:
        >>> import datetime as dt
        >>> from portfolio.model import Activity, BaselineEntry, PortfolioSettings
        >>> from portfolio.scheduling import schedule
        >>> day = dt.date(2024, 1, 8)
        >>> b = Baseline(name="plan", entries={"a": BaselineEntry(activity="a", start=day, finish=day),
        ...                                    "gone": BaselineEntry(activity="gone", start=day, finish=day)})
        >>> p = Portfolio(settings=PortfolioSettings(start=day), activities=[Activity(id="a")], baselines=[b])
        >>> found = baseline_columns(p, schedule(p), b)
        >>> found.place.tolist(), found.names(found.due(day)).every()
        ([0, -1], ('a', 'gone'))
    """
    def compute() -> BaselineColumns:
        entries = list(baseline.entries.values())
        ids = tuple(map(_GET_ACTIVITY, entries))
        acts = activities(portfolio, schedule)
        place = places(ids, acts.ids, acts.index)
        finish = np.fromiter(map(dt.date.toordinal, map(_GET_FINISH, entries)), dtype=np.int64, count=len(ids))
        return BaselineColumns(baseline=baseline, activities=ids, place=place, finish=finish)

    found = shared(schedule, f"rules-baseline-{baseline.name}", compute)
    return found if found.baseline is baseline else compute()


def finish_variance(portfolio: Portfolio, schedule: Schedule, ids: Sequence[str]) -> tuple[int, str | None]:
    """The largest finish variance (working days, forecast minus current baseline) among the unfinished ``ids``.

    A milestone that has finished is history: it is not judged (the plan
    rules look at unfinished work). The schedule's figures are read off its columns: no record is made.

    Args:
        portfolio: the portfolio scheduled (its baseline in force on the status date).
        schedule: its schedule.
        ids: the activities to judge.

    Returns:
        The largest variance (0 when none is late) and the activity that has it (None then).

    Examples:
        >>> from portfolio.model import Activity, BaselineEntry, Duration, PortfolioSettings
        >>> from portfolio.scheduling import schedule
        >>> day = dt.date(2024, 1, 8)
        >>> b = Baseline(name="plan", current=True, entries={"a": BaselineEntry(activity="a", start=day, finish=day)})
        >>> p = Portfolio(settings=PortfolioSettings(start=day, calendar="standard"),
        ...               activities=[Activity(id="a", duration=Duration(3))], baselines=[b])
        >>> finish_variance(p, schedule(p), ["a", "nope"])
        (2, 'a')
    """
    baseline = portfolio.baseline_as_of(schedule.status_date)
    worst, which = 0, None
    if baseline is None:
        return worst, which
    acts = activities(portfolio, schedule)
    known: dict[str, Calendar] = {}
    for ident in ids:
        entry = baseline.entries.get(ident)
        place = acts.index.get(ident)
        if entry is None or place is None or acts.finished[place]:
            continue
        calendar_id = calendars(schedule)[place]
        if (calendar := known.get(calendar_id)) is None:
            calendar = known[calendar_id] = calendar_of(portfolio, calendar_id)
        try:
            days = working_days(calendar, entry.finish, dt.date.fromordinal(int(acts.finish[place])))
        except ValueError:
            continue
        if days > worst:
            worst, which = days, ident
    return worst, which


def places(names: tuple[str, ...], order: tuple[str, ...], index: Mapping[str, int]) -> IntArray:
    """The place of each of ``names`` in ``order`` (-1 where it is not there); ``index`` maps ``order``'s ids to places.

    A baseline is mostly the plan's activities in the plan's order: runs of ``names`` that follow ``order``
    are found by comparing the two side by side (in blocks that double, so a run costs about its length),
    and only the first id of each run is looked up. At 50,000 ids the index no longer fits the CPU's caches
    and a lookup per id cost three times what the side-by-side reading does; in any other order this
    falls back to a lookup per id.

    Args:
        names: the ids to place.
        order: the ids by place.
        index: ``order``'s id -> place.

    Returns:
        One place per name.

    Examples:
        >>> order = ("p", "a", "b", "c", "d")
        >>> places(("a", "b", "x", "d", "c"), order, {k: i for i, k in enumerate(order)}).tolist()
        [1, 2, -1, 4, 3]
    """
    found = np.full(len(names), -1, dtype=np.int64)
    j, total, size = 0, len(names), len(order)
    while j < total:
        k = index.get(names[j])
        if k is None:
            j += 1
            continue
        run, block = 1, 1  # names[j + run] is order[k + run] while the run lasts
        while j + run < total and k + run < size:
            end = min(run + block, total - j, size - k)
            same = list(map(eq, names[j + run:j + end], order[k + run:k + end]))
            if not all(same):
                run += same.index(False)
                break
            run, block = end, block * 2
        found[j:j + run] = np.arange(k, k + run)
        j += run
    return found
