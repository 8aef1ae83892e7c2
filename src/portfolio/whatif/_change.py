"""The scenarios that change records in place: delay, change_duration and choose_platform."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

import attrs

from portfolio import _compile
from portfolio._horizon import HORIZON_LAST
from portfolio.calendar import CalendarError
from portfolio.messages import Message
from portfolio.model import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Constraint,
    ConstraintType,
    Duration,
    Portfolio,
    Relation,
    StatusUpdate,
)
from portfolio.scheduling import Progress, Schedule, schedule
from portfolio.whatif._scenario import NONE, Change, Scenario, ScenarioError, calendar, lookup, scenario, start

__all__ = ["change_duration", "choose_platform", "delay"]

Via = Literal["constraint", "lag"]
"""How `delay` moves an activity."""


def _duration(value: Duration | str | int) -> Duration:
    return value if isinstance(value, Duration) else Duration.parse(value)


def _constraint(value: Constraint | None) -> str:
    return NONE if value is None else f"{value.type.value} {value.date.isoformat()}"


def _shift(portfolio: Portfolio, act: Activity, day: dt.date, by: Duration) -> dt.date:
    """``day`` moved ``by`` on ``act``'s calendar; a `ScenarioError` when that runs past the calendar years."""
    try:
        moved = (day + dt.timedelta(days=by.days) if by.elapsed
                 else calendar(portfolio, act.calendar).add_workdays(day, by.days))
    except (CalendarError, OverflowError):
        moved = None
    if moved is None or moved > HORIZON_LAST:
        raise ScenarioError(f"a delay of {by} moves {act.id!r} from {day.isoformat()} past {HORIZON_LAST.isoformat()}, "
                            "the last day the calendars hold", hint="give a shorter delay; a digit too many?")
    return moved


def delay(
    portfolio: Portfolio | Scenario,
    activity: str,
    by: Duration | str | int,
    *,
    via: Via = "constraint",
    reference: Schedule | None = None,
) -> Scenario:
    """``activity`` happening ``by`` later (``"3mo"``, ``"6w"``, ``"10ed"``, 15, a Duration): the new portfolio and its account.

    ``via="constraint"`` (the default) moves it by exactly ``by`` from its
    forecast in ``reference`` (default: the portfolio scheduled as of its
    latest status update): a not-started activity gets a *start no earlier
    than* (SNET) constraint at its forecast start plus ``by``; an activity in
    progress, and a milestone that its predecessors drive (it falls at the
    end of their last day, as a decision does), a *finish no earlier than*
    (FNET) at its forecast finish plus ``by``, so what follows it moves by
    exactly ``by``. The constraint replaces an ASAP, SNET or FNET one; a must-start
    or must-finish-on date (MSO, MFO) is itself moved by ``by``; a
    start/finish-no-later-than date is replaced and kept as the activity's
    deadline (when it has none), so the slip shows as negative float. Work
    that drives it later still can push it further.

    ``via="lag"`` adds ``by`` to the lag of every relation into the activity
    instead: it then follows its predecessors, ``by`` after them (exactly
    ``by`` later when those relations drive it).

    ``by`` counts working days of the activity's calendar (``mo`` = 20, ``w``
    = 5), or calendar days with ``ed``; 0 changes no date.

    Raises:
        UnknownIdError: no such activity (a KeyError; with the closest ids).
        ScenarioError: ``by`` is negative (a delay is later: to bring work
            forward, shorten what drives it), the activity finished, or
            ``via="lag"`` on an activity without predecessors or with a lag in
            other units (a ValueError).

    Examples:
        >>> import datetime as dt
        >>> from portfolio.model import Activity, Duration, PortfolioSettings
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8), calendar="standard"),
        ...               activities=[Activity(id="go", kind=ActivityKind.DECISION)])
        >>> new, account = delay(p, "go", "2w")
        >>> new.activities["go"].constraint.date, str(account)
        (datetime.date(2024, 1, 22), 'activity go: constraint — → SNET 2024-01-22')
    """
    base, earlier = start(portfolio)
    lookup(base.activities, activity, "activity")
    amount = _duration(by)
    if amount.days < 0:
        raise ScenarioError(f"a delay is later, not earlier: {by!r} is {amount}",
                            hint="give a positive amount; to bring work forward, shorten what drives it "
                                 "with change_duration")
    act = base.activities[activity]
    if via == "lag":
        return _delay_by_lag(base, earlier, act, amount)
    if via != "constraint":
        raise ScenarioError(f"via is 'constraint' or 'lag', not {via!r}")
    computed = reference if reference is not None else schedule(base)
    record = computed[activity]
    if record.progress is Progress.FINISHED:
        raise ScenarioError(f"{activity!r} finished on {record.finish.isoformat()}; it cannot be delayed",
                            hint="delay what follows it instead")
    old = act.constraint
    deadline = act.deadline
    if old is not None and old.type in (ConstraintType.MSO, ConstraintType.MFO):
        new = Constraint(type=old.type, date=_shift(base, act, old.date, amount))
    elif record.progress is Progress.IN_PROGRESS or (record.milestone and record.driving):
        new = Constraint(type=ConstraintType.FNET, date=_shift(base, act, record.finish, amount))
    else:
        new = Constraint(type=ConstraintType.SNET, date=_shift(base, act, record.start, amount))
    if old is not None and old.type in (ConstraintType.SNLT, ConstraintType.FNLT) and deadline is None:
        deadline = old.date
    changes = [Change(record="activity", id=activity, action="changed", field="constraint",
                      before=_constraint(old), after=_constraint(new))]
    if deadline != act.deadline:
        changes.append(Change(record="activity", id=activity, action="changed", field="deadline",
                              before=NONE, after=str(deadline)))
    changed = attrs.evolve(act, constraint=new, deadline=deadline)
    return scenario(_compile.replace_activities(base, [changed]), earlier, changes)


def _delay_by_lag(base: Portfolio, earlier: tuple[Change, ...], act: Activity, amount: Duration) -> Scenario:
    relations = []
    changes = []
    for rel in base.relations:
        if rel.successor == act.id:
            if rel.lag.days and rel.lag.elapsed != amount.elapsed:
                raise ScenarioError(
                    f"the relation {rel.predecessor} -> {rel.successor} has a lag of {rel.lag}; "
                    f"adding {amount} would mix working and elapsed days",
                    hint=f"give the delay in {'calendar days (ed)' if rel.lag.elapsed else 'working days'}",
                )
            lag = Duration(rel.lag.days + amount.days, elapsed=amount.elapsed)
            relations.append(attrs.evolve(rel, lag=lag))
            changes.append(Change(record="relation", id=f"{rel.predecessor} -> {rel.successor}", action="changed",
                                  field="lag", before=str(rel.lag), after=str(lag)))
        else:
            relations.append(rel)
    if not changes:
        raise ScenarioError(f"{act.id!r} has no predecessors to add a lag to", hint="use via='constraint'")
    return scenario(attrs.evolve(base, relations=relations), earlier, changes)


def change_duration(portfolio: Portfolio | Scenario, activity: str, duration: Duration | str | int) -> Scenario:
    """``activity`` taking ``duration`` (``"6mo"``, ``"4w"``, 30, ...) instead: the new portfolio and its account.

    Work in progress whose status updates give its **remaining** work is
    scheduled by that remaining work, not by the duration: there the
    remaining work of each status update that has the activity in progress
    changes by as much as the duration (never below 0), and the account
    lists each. Where the remaining work follows from the percent complete or
    the time spent, the new duration reaches it and the account says so; a
    finished activity keeps its actual dates, and the account says that
    nothing follows.

    Raises:
        UnknownIdError: no such activity (a KeyError; with the closest ids).
        ScenarioError: a negative duration (a ValueError).

    Examples:
        >>> p = Portfolio(activities=[Activity(id="build", duration=Duration(10))])
        >>> new, account = change_duration(p, "build", "3w")
        >>> new.activities["build"].duration, str(account)
        (Duration(days=15, elapsed=False), 'activity build: duration 10d → 15d')
    """
    base, earlier = start(portfolio)
    lookup(base.activities, activity, "activity")
    new = _duration(duration)
    if new.days < 0:
        raise ScenarioError(f"a duration cannot be negative: {new}", hint="give 0d or more")
    act = base.activities[activity]
    changes = [Change(record="activity", id=activity, action="changed", field="duration",
                      before=str(act.duration), after=str(new))]
    changed = _compile.replace_activities(base, [attrs.evolve(act, duration=new)])
    updates, progress = _remaining(base.status_updates, activity, new.days - act.duration.days)
    changes.extend(progress)
    if updates is not None:
        changed = attrs.evolve(changed, status_updates=updates)
    latest = base.status_update()
    reported = latest.progress.get(activity) if latest is not None else None
    if latest is not None and reported is not None and reported.actual_start is not None:
        if reported.actual_finish is not None:
            changes.append(Change(record="activity", id=activity, action="kept", reason=Message(
                "whatif.why.finished", {"id": activity, "date": reported.actual_finish})))
        elif reported.remaining is None:
            changes.append(Change(record="activity", id=activity, action="kept", reason=Message(
                "whatif.why.remaining-follows", {"id": activity, "date": latest.date})))
    return scenario(changed, earlier, changes)


def _remaining(updates: Iterable[StatusUpdate], activity: str,
               by: int) -> tuple[list[StatusUpdate] | None, list[Change]]:
    """The status updates with ``by`` more remaining work of ``activity`` where given in progress (None: none)."""
    result, changes, touched = [], [], False
    for update in updates:
        p = update.progress.get(activity)
        if p is not None and p.actual_start is not None and p.actual_finish is None and p.remaining is not None:
            remaining = Duration(max(p.remaining.days + by, 0), elapsed=p.remaining.elapsed)
            if remaining != p.remaining:
                progress: dict[str, ActivityProgress] = dict(update.progress)
                progress[activity] = attrs.evolve(p, remaining=remaining)
                result.append(attrs.evolve(update, progress=progress))
                touched = True
                changes.append(Change(record="progress", id=f"{activity} ({update.date.isoformat()})",
                                      action="changed", field="remaining", before=str(p.remaining),
                                      after=str(remaining)))
                continue
        result.append(update)
    return (result if touched else None), changes


def choose_platform(portfolio: Portfolio | Scenario, migration: str, platform: str) -> Scenario:
    """``migration`` landing on ``platform`` (an open decision taken, or another target): the portfolio and its account.

    The migration's ``target`` becomes ``platform`` and its ``candidates``
    are cleared; its decision milestone stays in the plan (it still has to be
    taken, and its date still drives what follows). Everything that followed
    from the platforms it no longer lands on (the old target and the other
    candidates; never its source platform) follows from the chosen one: its
    activities on those platforms, and its cutovers without a platform, run
    on ``platform``; its relations from those platforms' work (their ready
    milestones and other platform activities) come from the chosen
    platform's ready milestone instead (and are dropped when it has none);
    each cutover waits for that ready milestone (added where missing), as
    the ``target-ready`` rule requires. Choosing the target it already has
    changes nothing, and the account says so.

    Raises:
        UnknownIdError: no such migration or platform (a KeyError; with the closest ids).

    Examples:
        >>> from portfolio.model import Migration, Platform
        >>> p = Portfolio(platforms=[Platform(id="lpc", name="LPC", ready="lpc.ready")],
        ...               migrations=[Migration(id="m", service="s", candidates=("lpc", "cloud"), decision="m.decide")],
        ...               activities=[Activity(id="lpc.ready"), Activity(id="m.decide"),
        ...                           Activity(id="m.cutover", kind=ActivityKind.CUTOVER, migration="m")])
        >>> q, account = choose_platform(p, "m", "lpc")
        >>> q.migrations["m"].target, q.migrations["m"].candidates, q.migrations["m"].is_open
        ('lpc', (), False)
        >>> print(account)
        migration m: target — → lpc
        migration m: candidates lpc, cloud → —
        activity m.cutover: platform — → lpc
        relation lpc.ready -> m.cutover added
    """
    base, earlier = start(portfolio)
    lookup(base.migrations, migration, "migration")
    lookup(base.platforms, platform, "platform")
    mig = base.migrations[migration]
    if mig.target == platform and not mig.candidates:
        return scenario(base, earlier, [Change(record="migration", id=migration, action="kept", reason=Message(
            "whatif.why.same-target", {"id": migration, "platform": platform}))])
    changes = [Change(record="migration", id=migration, action="changed", field="target",
                      before=mig.target or NONE, after=platform)]
    if mig.candidates:
        changes.append(Change(record="migration", id=migration, action="changed", field="candidates",
                              before=", ".join(mig.candidates), after=NONE))
        if platform not in mig.candidates:
            changes.append(Change(record="migration", id=migration, action="kept", reason=Message(
                "whatif.why.not-candidate", {"platform": platform, "candidates": mig.candidates})))
    left = {p for p in (mig.target, *mig.candidates) if p is not None and p not in (platform, mig.source_platform)}
    activities = dict(base.activities)
    members = [a.id for a in base.activities.values() if a.migration == migration]
    for ident in members:
        act = activities[ident]
        if act.platform in left or (act.platform is None and act.kind is ActivityKind.CUTOVER):
            activities[ident] = attrs.evolve(act, platform=platform)
            changes.append(Change(record="activity", id=ident, action="changed", field="platform",
                                  before=act.platform or NONE, after=platform))
    ready = base.platforms[platform].ready
    ready = ready if ready is not None and ready in activities else None
    relations = _rewire(base, left, set(members), ready, changes)
    if ready is None:
        changes.append(Change(record="platform", id=platform, action="kept", reason=Message(
            "whatif.why.no-ready", {"platform": platform})))
    else:
        waiting = {(r.predecessor, r.successor) for r in relations}
        for ident in members:
            if activities[ident].kind is ActivityKind.CUTOVER and (ready, ident) not in waiting:
                relations.append(Relation(predecessor=ready, successor=ident))
                changes.append(Change(record="relation", id=f"{ready} -> {ident}", action="added"))
    chosen = attrs.evolve(mig, target=platform, candidates=())
    new = attrs.evolve(base, migrations={**base.migrations, migration: chosen}, activities=activities,
                       relations=relations)
    return scenario(new, earlier, changes)


def _rewire(base: Portfolio, left: set[str], members: set[str], ready: str | None,
            changes: list[Change]) -> list[Relation]:
    """The relations with those from the ``left`` platforms' work into ``members`` coming from ``ready``."""
    readies = {p.ready for k, p in base.platforms.items() if k in left and p.ready is not None}
    theirs = readies | {a.id for a in base.activities.values() if a.migration is None and a.platform in left}
    relations: list[Relation] = []
    seen = {(r.predecessor, r.successor) for r in base.relations
            if not (r.predecessor in theirs and r.successor in members)}
    for rel in base.relations:
        if rel.predecessor not in theirs or rel.successor not in members:
            relations.append(rel)
            continue
        name = f"{rel.predecessor} -> {rel.successor}"
        if ready is None or (ready, rel.successor) in seen:
            changes.append(Change(record="relation", id=name, action="removed"))
            continue
        seen.add((ready, rel.successor))
        relations.append(attrs.evolve(rel, predecessor=ready))
        changes.append(Change(record="relation", id=name, action="changed", field="predecessor",
                              before=rel.predecessor, after=ready))
    return relations
