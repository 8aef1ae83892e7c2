"""Levelling: a resource-constrained schedule by a serial schedule-generation scheme.

`level` schedules the portfolio (CPM), then places the activities one by
one in priority order (driving path first, then least total float, then id),
each at the first working day on which its predecessors allow it, its teams
have the FTE free for its whole duration, its landing platform has an
onboarding slot left in that month (cutovers) and no blackout or freeze
window holds (cutovers). Team profiles are numpy arrays per working day of
the portfolio's default calendar.

The levelled dates become *start no earlier than* constraints on a copy of
the portfolio, which the real scheduler schedules again: so the levelled
[`Schedule`][portfolio.scheduling.Schedule] obeys every relation type, lag and
calendar by construction. Compare it with the CPM one like a what-if,
``portfolio.whatif.compare(result.base, result.levelled)`` (the ``whatif``
layer sits above this one). The portfolio itself is never changed.

Examples:
    >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings
    >>> from portfolio.capacity import Capacity, Demand, Team
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8), calendar="standard"),
    ...               activities=[Activity(id="a", duration=Duration(5)), Activity(id="b", duration=Duration(5))])
    >>> cap = Capacity(teams=[Team(id="t", size=2)], demand=[Demand(activities="*", team="t", amount=2)])
    >>> result = level(p, cap)
    >>> result.levelled["a"].start, result.levelled["b"].start, dict(result.delays)
    (datetime.date(2024, 1, 8), datetime.date(2024, 1, 15), {'b': 5})
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Mapping
from types import MappingProxyType

import attrs
import numpy as np
import numpy.typing as npt

from portfolio.calendar import Calendar, resolve
from portfolio.capacity._day import counted_day, month_number, placed_day
from portfolio.capacity._model import Capacity
from portfolio.diagnostics import Diagnostic, diagnostic
from portfolio.model import Activity, ActivityKind, Constraint, ConstraintType, Pin, Portfolio, RelationType
from portfolio.scheduling import ActivitySchedule, Progress, Schedule, schedule

__all__ = ["Levelled", "cutover_platform", "level", "month_of_index"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_EPOCH = dt.date(1970, 1, 1).toordinal()
_MOVABLE = (None, ConstraintType.ASAP, ConstraintType.SNET)


@attrs.frozen(kw_only=True)
class Levelled:
    """The result of `level`: both schedules, the levelled portfolio and what moved."""

    base: Schedule
    """the CPM schedule (unlimited capacity)"""
    levelled: Schedule
    portfolio: Portfolio
    """the portfolio with the levelled starts as SNET constraints"""
    delays: Mapping[str, int]
    """working days each delayed activity starts later than its early start"""
    diagnostics: tuple[Diagnostic, ...]


def month_of_index(cal: Calendar) -> IntArray:
    """The month (year * 12 + month - 1) of every working day of ``cal``, by index.

    Args:
        cal: the calendar.

    Returns:
        An array of ``cal.size`` month numbers.

    Examples:
        >>> from portfolio.calendar import builtin
        >>> cal = builtin("standard")
        >>> int(month_of_index(cal)[cal.index(dt.date(2024, 3, 4))]) == 2024 * 12 + 2
        True
    """
    days = np.asarray(cal.work, dtype=np.int64) - _EPOCH
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return months + 1970 * 12


def cutover_platform(portfolio: Portfolio, activity: Activity) -> str | None:
    """The landing platform a cutover counts against: its migration's target, else its own platform.

    Args:
        portfolio: the portfolio.
        activity: a cutover activity.

    Returns:
        The platform id, or None.

    Examples:
        >>> cutover_platform(Portfolio(), Activity(id="x.cutover", platform="lpc"))
        'lpc'
    """
    migration = portfolio.migrations.get(activity.migration) if activity.migration else None
    if migration is not None and migration.target:
        return migration.target
    return activity.platform


@attrs.define
class _Profiles:
    """Free team FTE per working day, onboarding slots per platform and month, blocked days per cutover."""

    portfolio: Portfolio
    capacity: Capacity
    cal: Calendar
    free: FloatArray = attrs.field(init=False)
    team_row: dict[str, int] = attrs.field(init=False)
    month: IntArray = attrs.field(init=False)
    slots: dict[tuple[str, int], int] = attrs.field(factory=dict)
    limits: dict[str, int] = attrs.field(init=False)
    masks: dict[tuple[tuple[str, ...], str | None, int], npt.NDArray[np.bool_]] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        cal, teams = self.cal, self.capacity.teams
        self.team_row = {t.id: k for k, t in enumerate(teams)}
        self.free = np.zeros((len(teams), cal.size))
        for k, team in enumerate(teams):
            self.free[k, :] = team.size
            for start, size in sorted(team.periods):
                self.free[k, cal.index(start):] = size
        self.month = month_of_index(cal)
        self.limits = {p.platform: p.per_month for p in self.capacity.platforms}

    def blocked(self, activity: Activity, length: int = 0) -> npt.NDArray[np.bool_]:
        """The working days on which this cutover (of ``length`` working days) may not start.

        It may not start in a blackout, nor so that it overlaps a freeze
        window that applies to it, as the ``freeze-windows`` rule applies one:
        to a cutover onto or off one of the window's platforms (its own
        platform, its landing platform or its migration's source platform) and
        of one of its services.
        """
        migration = self.portfolio.migrations.get(activity.migration) if activity.migration else None
        platforms = {activity.platform, cutover_platform(self.portfolio, activity),
                     migration.source_platform if migration else None} - {None}
        service = activity.service or (migration.service if migration else None)
        key = (tuple(sorted(p for p in platforms if p)), service, max(length, 1))
        if key not in self.masks:
            mask = np.zeros(self.cal.size, dtype=np.bool_)
            for b in self.capacity.blackouts:
                mask[self.cal.index(b.start):self.cal.finish_index(b.finish)] = True
            for w in self.portfolio.freeze_windows.values():
                if (not w.platforms or platforms & set(w.platforms)) and (not w.services or service in w.services):
                    lo, hi = self.cal.index(w.start), self.cal.finish_index(w.finish)
                    mask[max(lo - key[2] + 1, 0):hi] = True  # a start from which its last day reaches the window
            self.masks[key] = mask
        return self.masks[key]

    def first_fit(self, est: int, length: int, needs: list[tuple[int, float]], activity: Activity,
                  platform: str | None, cpm: tuple[int, tuple[int, int]] = (-1, (-1, -1))) -> int:
        """The first index from ``est`` on where the activity fits (``est`` when nothing ever fits).

        ``cpm`` is a cutover's CPM boundary and the day it counts on there
        (see `placed_day`): placed at that boundary it counts on the day the
        CPM schedule shows, which for a milestone may be the day before.
        """
        cutover = activity.kind is ActivityKind.CUTOVER
        limit = self.limits.get(platform) if platform else None
        early, cpm_day = cpm
        t, last = est, self.cal.size - max(length, 1)
        while t <= last:
            short = 0
            for row, amount in needs:
                bad = np.flatnonzero(self.free[row, t:t + length] < amount - 1e-9)
                if bad.size:
                    short = int(bad[-1]) + 1
                    break
            if short:
                t += short
                continue
            if not cutover:
                return t
            blocked = self.blocked(activity, length)
            day, month = placed_day(t, early, cpm_day, self.month)
            closed = bool(blocked[day])
            full = limit is not None and self.slots.get((platform or "", month), 0) >= limit
            if not (closed or full):
                return t
            if day != t:  # its CPM day is taken: the next boundary, held there, counts on its own day
                t += 1
            elif closed:
                open_days = np.flatnonzero(~blocked[t:])
                if not open_days.size:
                    return est
                t += int(open_days[0])
            else:
                t = int(np.searchsorted(self.month, month + 1))
        return est

    def take(self, t: int, length: int, needs: list[tuple[int, float]], platform: str | None,
             month: int | None) -> None:
        """Book the activity's FTE and, for a cutover (``month``: the month it counts in), its platform's slot."""
        for row, amount in needs:
            self.free[row, t:t + length] -= amount
        if month is not None and platform in self.limits:
            key = (platform or "", month)
            self.slots[key] = self.slots.get(key, 0) + 1


def _indices(records: list[ActivitySchedule], cal: Calendar, portfolio: Portfolio) -> tuple[IntArray, IntArray]:
    """Start boundary and length in working days of the default calendar, per activity."""
    has_pred = {r.successor for r in portfolio.relations}
    starts = cal.indices([r.start.toordinal() for r in records])
    finishes = cal.indices([r.finish.toordinal() + 1 for r in records])  # the boundary after the finish day
    milestone = np.array([r.milestone for r in records], dtype=np.bool_)
    after = np.array([r.id in has_pred for r in records], dtype=np.bool_)
    start = np.where(milestone & after, cal.indices([r.start.toordinal() + 1 for r in records]), starts)
    length = np.where(milestone, 0, np.maximum(finishes - starts, 0))
    return start.astype(np.int64), length.astype(np.int64)


_TYPE_CODE = {RelationType.FS: 0, RelationType.SS: 1, RelationType.FF: 2, RelationType.SF: 3}


def _relations(portfolio: Portfolio, index: Mapping[str, int], s0: IntArray, d: IntArray
               ) -> list[list[tuple[int, int]]]:
    """Per successor: (predecessor, slack), the slack being how far the successor starts after the bound."""
    rels = [(index.get(r.predecessor, -1), index.get(r.successor, -1), _TYPE_CODE[r.type], r.lag.days)
            for r in portfolio.relations]
    preds: list[list[tuple[int, int]]] = [[] for _ in range(len(s0))]
    if not rels:
        return preds
    i, j, kind, lag = (np.array(column, dtype=np.int64) for column in zip(*rels, strict=True))
    keep = (i >= 0) & (j >= 0) & (i != j)
    i, j, kind, lag = i[keep], j[keep], kind[keep], lag[keep]
    # FS and FF run from the predecessor's finish, SS and SF from its start; FF and SF bind the finish
    bound = s0[i] + lag + np.where((kind == 0) | (kind == 2), d[i], 0) - np.where(kind >= 2, d[j], 0)
    slack = np.maximum(s0[j] - bound, 0)
    for a, b, c in zip(i.tolist(), j.tolist(), slack.tolist(), strict=True):
        preds[b].append((a, c))
    return preds


def _order_key(base: Schedule, records: list[ActivitySchedule]) -> list[tuple[int, int, str]]:
    driving = {r.id for r in base.driving_path()} if records else set()
    return [(0 if r.id in driving else 1, r.total_float, r.id) for r in records]


@attrs.define
class _Problem:
    """The levelling problem in default-calendar indices: what the heuristic and the exact solve share."""

    ids: tuple[str, ...]
    records: list[ActivitySchedule]
    early: list[int]
    """CPM start boundary"""
    length: list[int]
    preds: list[list[tuple[int, int]]]
    """per activity: (predecessor, slack)"""
    acts: list[Activity]
    needs: list[list[tuple[int, float]]]
    """per activity: (team row, FTE)"""
    platforms: list[str | None]
    cutover: list[bool]
    fixed: list[bool]
    prof: _Profiles
    floor: list[int]
    """the earliest start a pin allows (0 for none)"""
    windows: tuple[Pin, ...] = ()
    """the pins with a last day (``until``): checked once levelled"""
    urgent: list[bool] = attrs.field(factory=list)
    """the cutovers of those pins and everything they wait for: placed first among the ready activities"""
    cpm_day: list[tuple[int, int]] = attrs.field(factory=list)
    """per cutover: the index and month number of the day the CPM schedule shows it (`counted_day`)"""

    def counts_on(self, j: int, t: int) -> tuple[int, int]:
        """The index and month number of the day activity ``j``, placed at boundary ``t``, counts on."""
        return placed_day(t, self.early[j], self.cpm_day[j], self.prof.month)

    def take(self, j: int, t: int) -> None:
        """Book activity ``j`` at boundary ``t``: its teams' FTE and, for a cutover, its month's slot."""
        month = self.counts_on(j, t)[1] if self.cutover[j] else None
        self.prof.take(t, self.length[j], self.needs[j], self.platforms[j], month)


def _problem(portfolio: Portfolio, capacity: Capacity, base: Schedule, cal: Calendar) -> _Problem:
    ids = base.ids
    records = list(base)
    s0, d = _indices(records, cal, portfolio)
    prof = _Profiles(portfolio, capacity, cal)
    acts = [portfolio.activities[a] for a in ids]
    pinned = {p.service: cal.index(p.start) for p in capacity.pins}
    preds = _relations(portfolio, {a: k for k, a in enumerate(ids)}, s0, d)
    windows = tuple(p for p in capacity.pins if p.until is not None)
    cpm_day = [(0, 0)] * len(records)  # only a cutover's is asked for
    for k in (k for k, a in enumerate(acts) if a.kind is ActivityKind.CUTOVER):
        shown = counted_day(records[k])
        cpm_day[k] = (cal.index(shown), month_number(shown))
    return _Problem(
        ids=ids, records=records, early=s0.tolist(), length=d.tolist(), preds=preds, acts=acts,
        windows=windows, urgent=_urgent(acts, preds, {p.service for p in windows}),
        needs=[[(prof.team_row[x.team], x.amount) for x in demands if x.team in prof.team_row]
               for demands in capacity.demand_table(acts)],
        platforms=[cutover_platform(portfolio, a) if a.kind is ActivityKind.CUTOVER else None for a in acts],
        cutover=[a.kind is ActivityKind.CUTOVER for a in acts],
        fixed=[r.progress is not Progress.NOT_STARTED or (a.constraint is not None and a.constraint.type not in
               _MOVABLE) for r, a in zip(records, acts, strict=True)],
        prof=prof, cpm_day=cpm_day,
        floor=[pinned.get(a.service or "", 0) if a.kind is ActivityKind.CUTOVER else 0 for a in acts])


def _urgent(acts: list[Activity], preds: list[list[tuple[int, int]]], services: set[str]) -> list[bool]:
    """The cutovers of ``services`` and, through the relations, everything they wait for."""
    urgent = [False] * len(acts)
    todo = [k for k, a in enumerate(acts) if a.kind is ActivityKind.CUTOVER and a.service in services]
    while todo:
        k = todo.pop()
        if not urgent[k]:
            urgent[k] = True
            todo.extend(i for i, _ in preds[k])
    return urgent


def _missed_pins(portfolio: Portfolio, base: Schedule, levelled: Schedule, pins: tuple[Pin, ...]
                 ) -> list[Diagnostic]:
    """A ``capacity-pin-missed`` for each cutover that starts after its pin's last day, and why."""
    found = []
    cutovers: dict[str | None, list[Activity]] = {}  # by service, in file order: not every activity per pin
    for a in portfolio.activities.values() if pins else ():
        if a.kind is ActivityKind.CUTOVER and a.id in levelled:
            cutovers.setdefault(a.service, []).append(a)
    for pin in pins:
        until = pin.until or dt.date.max
        for a in cutovers.get(pin.service, ()):
            day = levelled[a.id].start
            if day <= until:
                continue
            logic = base[a.id].start > until  # even with unlimited capacity
            why = ("its predecessors allow no earlier start (logic)" if logic else
                   "the teams' FTE, the onboarding limits and the blackouts leave no room in the window")
            fix = (f"or shorten what leads to it (portfolio schedule PATH --path-to {a.id})" if logic else
                   "or give the teams more FTE in the window ('portfolio level' shows the load)")
            found.append(diagnostic(
                "capacity-pin-missed", f"service '{pin.service}' is pinned to the wave {pin.start} to {until}, but "
                f"its cutover '{a.id}' can start only on {day}: {why}", source=pin.source, subject=a.id,
                hint=f"pin it to a later wave ('until: {day}' or later), {fix}"))
    return found


def _place(pb: _Problem, base: Schedule) -> list[int]:
    """The serial scheme: the levelled start of each activity of ``base``, as default-calendar indices."""
    succs: list[list[int]] = [[] for _ in pb.ids]
    waiting = [0] * len(pb.ids)
    for j, lst in enumerate(pb.preds):
        for i, _ in lst:
            succs[i].append(j)
            waiting[j] += 1
    keys = [(0 if urgent else 1, *key) for urgent, key in zip(pb.urgent, _order_key(base, pb.records), strict=True)]
    heap = [keys[k] + (k,) for k in range(len(pb.ids)) if waiting[k] == 0]
    heapq.heapify(heap)
    prof, early, length, needs = pb.prof, pb.early, pb.length, pb.needs
    s = list(early)
    for j in np.flatnonzero(pb.fixed).tolist():  # what has started or is pinned takes its FTE first
        pb.take(j, s[j])
    while heap:
        j = heapq.heappop(heap)[-1]
        if not pb.fixed[j]:
            est = max(early[j], pb.floor[j])
            for i, slack in pb.preds[j]:
                est = max(est, early[j] + s[i] - early[i] - slack)
            if est == early[j] and pb.cpm_day[j][0] < pb.floor[j]:
                est += 1  # shown where the CPM schedule has it, it would be before its pin's first day
            if needs[j] or pb.cutover[j]:
                s[j] = prof.first_fit(est, length[j], needs[j], pb.acts[j], pb.platforms[j],
                                      (early[j], pb.cpm_day[j]))
                pb.take(j, s[j])
            else:
                s[j] = est
        for k in succs[j]:
            waiting[k] -= 1
            if waiting[k] == 0:
                heapq.heappush(heap, keys[k] + (k,))
    return s


def _finish(portfolio: Portfolio, base: Schedule, cal: Calendar, pb: _Problem, s: list[int],
            status_date: dt.date | None) -> Levelled:
    """The levelled starts as SNET constraints on a copy of the portfolio, scheduled again."""
    delays: dict[str, int] = {}
    changed: dict[str, Activity] = {}
    for k, aid in enumerate(base.ids):
        act = pb.acts[k]
        if s[k] <= pb.early[k] or (act.is_milestone and act.kind is not ActivityKind.CUTOVER):
            continue
        delays[aid] = s[k] - pb.early[k]
        day = cal.date(s[k])
        if act.constraint is not None and act.constraint.date > day:
            continue
        changed[aid] = attrs.evolve(act, constraint=Constraint(type=ConstraintType.SNET, date=day))
    levelled_portfolio = attrs.evolve(portfolio, activities={**portfolio.activities, **changed}) if changed \
        else portfolio
    levelled = schedule(levelled_portfolio, status_date=status_date) if changed else base
    held = _hold_where_booked(levelled_portfolio, levelled, cal, pb, s)
    if held:
        levelled_portfolio = attrs.evolve(levelled_portfolio, activities={**levelled_portfolio.activities, **held})
        levelled = schedule(levelled_portfolio, status_date=status_date)
    missed = _missed_pins(portfolio, base, levelled, pb.windows)
    return Levelled(base=base, levelled=levelled, portfolio=levelled_portfolio,
                    delays=MappingProxyType(delays), diagnostics=(*levelled.diagnostics, *missed))


def _hold_where_booked(portfolio: Portfolio, levelled: Schedule, cal: Calendar, pb: _Problem, s: list[int]
                       ) -> dict[str, Activity]:
    """The cutovers ``levelled`` shows before the day their slot was booked on, held on that day by SNET.

    A cutover left at its CPM boundary is booked on the day the CPM schedule
    shows it. When levelling moves a finish-type predecessor of a milestone
    cutover up to that boundary (using the slack the relation had), the
    levelled schedule shows the cutover in the evening before instead,
    possibly in the month before; a *start no earlier than* on the booked
    day shows it there again, in the morning, and changes no other date.
    """
    held = {}
    for k in np.flatnonzero(pb.cutover).tolist():
        aid = pb.ids[k]
        booked = cal.date(pb.counts_on(k, s[k])[0])
        act = portfolio.activities[aid]
        if pb.fixed[k] or counted_day(levelled[aid]) >= booked or (act.constraint and act.constraint.date > booked):
            continue
        held[aid] = attrs.evolve(act, constraint=Constraint(type=ConstraintType.SNET, date=booked))
    return held


def level(portfolio: Portfolio, capacity: Capacity, *, status_date: dt.date | None = None) -> Levelled:
    """Level the portfolio against the capacity: a second schedule, compared with the CPM one.

    Activities that have started, and those with a constraint other than
    ASAP or SNET, stay where the CPM schedule has them (they still take up
    their teams' FTE). An activity in a cycle keeps its CPM dates.

    Args:
        portfolio: the portfolio (not changed).
        capacity: the teams, onboarding limits, blackouts and demand.
        status_date: as for [`portfolio.scheduling.schedule`][portfolio.scheduling.schedule].

    Returns:
        The `Levelled` result.

    Examples:
        >>> from portfolio.model import Activity, Duration, PortfolioSettings
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        ...               activities=[Activity(id="a", duration=Duration(5))])
        >>> r = level(p, Capacity())
        >>> r.levelled == r.base, dict(r.delays)
        (True, {})
    """
    base = schedule(portfolio, status_date=status_date)
    cal = resolve(portfolio.settings.calendar, portfolio.calendars)
    pb = _problem(portfolio, capacity, base, cal)
    return _finish(portfolio, base, cal, pb, _place(pb, base), status_date)
