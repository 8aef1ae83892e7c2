"""What-if scenarios: change a portfolio in one line, schedule it again, and compare the two schedules.

Every function here takes a :class:`~portfolio.model.Portfolio` and returns a
**new** one (the records are frozen; the input is never changed), so
scenarios chain and the original stays at hand for the comparison:

>>> from portfolio.io import load
>>> from portfolio.scheduling import schedule
>>> p = load("examples/logius").portfolio
>>> late = delay(p, "digipoort.landing-decision", "3mo")
>>> result = compare(schedule(p), schedule(late), portfolio=p)
>>> move = result["easi.exit"]
>>> str(move.finish_before), str(move.finish_after), move.finish_shift
('2024-09-27', '2024-12-20', 60)
>>> p.activities["digipoort.landing-decision"].constraint is None     # the original is untouched
True

- :func:`delay`: an activity or decision happens later (an SNET constraint,
  or a lag on the relations into it);
- :func:`change_duration`: an activity takes longer or shorter;
- :func:`choose_platform`: an open landing decision is taken, or a
  migration is sent to another platform;
- :func:`remove_service` (and :func:`plan_removal`, which also says what
  was dropped): a service leaves the portfolio with its migrations,
  activities and the references to them;
- :func:`compare`: what moved between two schedules, by how much (working
  and calendar days), and the effect on the key milestones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Final, Literal

import attrs

from portfolio import _compile, _display, _frames
from portfolio.calendar import Calendar, CalendarError, builtin, resolve
from portfolio.diagnostics import closest
from portfolio.model import (
    Activity,
    ActivityKind,
    Constraint,
    ConstraintType,
    Duration,
    Portfolio,
    Relation,
)
from portfolio.scheduling import Progress, Schedule, schedule
from portfolio.slippage import key_milestones

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Comparison",
    "Move",
    "Removal",
    "change_duration",
    "choose_platform",
    "compare",
    "delay",
    "plan_removal",
    "remove_service",
]

#: How :func:`delay` moves an activity.
Via = Literal["constraint", "lag"]

_LATER: Final = _display.RAG_COLOURS["amber"]
_EARLIER: Final = _display.RAG_COLOURS["green"]


def _duration(value: Duration | str | int) -> Duration:
    return value if isinstance(value, Duration) else Duration.parse(value)


def _with_activity(portfolio: Portfolio, changed: Activity) -> Portfolio:
    """The portfolio with one activity replaced; scheduling it reuses the portfolio's compiled network."""
    return _compile.replace_activities(portfolio, [changed])


def _lookup(records: Mapping[str, object], id: str, what: str) -> None:
    if id not in records:
        hint = closest(id, records)
        raise KeyError(f"no {what} {id!r}" + (f"; did you mean {hint!r}?" if hint else ""))


def _calendar(portfolio: Portfolio | None, id: str | None) -> Calendar:
    """The calendar ``id`` (None: the portfolio's default), falling back as the scheduler does."""
    wanted = id or (portfolio.settings.calendar if portfolio is not None else "rijk")
    try:
        return resolve(wanted, portfolio.calendars if portfolio is not None else {})
    except KeyError:
        return builtin("rijk")
    except CalendarError:
        return builtin("standard")


def _shift(portfolio: Portfolio, act: Activity, day: dt.date, by: Duration) -> dt.date:
    if by.elapsed:
        return day + dt.timedelta(days=by.days)
    return _calendar(portfolio, act.calendar).add_workdays(day, by.days)


def delay(
    portfolio: Portfolio,
    activity: str,
    by: Duration | str | int,
    *,
    via: Via = "constraint",
    reference: Schedule | None = None,
) -> Portfolio:
    """The portfolio with ``activity`` happening ``by`` later (``"3mo"``, ``"6w"``, ``"10ed"``, 15, a Duration).

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
    ``by`` later when those relations drive it). Raises ValueError when it
    has no predecessors or a lag would mix working and elapsed days.

    ``by`` counts working days of the activity's calendar (``mo`` = 20, ``w``
    = 5), or calendar days with ``ed``. A finished activity cannot be delayed
    (ValueError); an unknown id is a KeyError.

    >>> import datetime as dt
    >>> from portfolio.model import Activity, Duration, PortfolioSettings
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8), calendar="standard"),
    ...               activities=[Activity(id="go", kind=ActivityKind.DECISION)])
    >>> delay(p, "go", "2w").activities["go"].constraint
    Constraint(type=<ConstraintType.SNET: 'SNET'>, date=datetime.date(2024, 1, 22))
    """
    _lookup(portfolio.activities, activity, "activity")
    amount = _duration(by)
    act = portfolio.activities[activity]
    if via == "lag":
        return _delay_by_lag(portfolio, act, amount)
    if via != "constraint":
        raise ValueError(f"via is 'constraint' or 'lag', not {via!r}")
    computed = reference if reference is not None else schedule(portfolio)
    record = computed[activity]
    if record.progress is Progress.FINISHED:
        raise ValueError(f"{activity!r} finished on {record.finish.isoformat()}; it cannot be delayed")
    old = act.constraint
    deadline = act.deadline
    if old is not None and old.type in (ConstraintType.MSO, ConstraintType.MFO):
        new = Constraint(type=old.type, date=_shift(portfolio, act, old.date, amount))
    elif record.progress is Progress.IN_PROGRESS or (record.milestone and record.driving):
        new = Constraint(type=ConstraintType.FNET, date=_shift(portfolio, act, record.finish, amount))
    else:
        new = Constraint(type=ConstraintType.SNET, date=_shift(portfolio, act, record.start, amount))
    if old is not None and old.type in (ConstraintType.SNLT, ConstraintType.FNLT) and deadline is None:
        deadline = old.date
    changed = attrs.evolve(act, constraint=new, deadline=deadline)
    return _with_activity(portfolio, changed)


def _delay_by_lag(portfolio: Portfolio, act: Activity, amount: Duration) -> Portfolio:
    relations = []
    found = False
    for rel in portfolio.relations:
        if rel.successor == act.id:
            found = True
            if rel.lag.days and rel.lag.elapsed != amount.elapsed:
                raise ValueError(
                    f"the relation {rel.predecessor} -> {rel.successor} has a lag of {rel.lag}; "
                    f"adding {amount} would mix working and elapsed days"
                )
            relations.append(attrs.evolve(rel, lag=Duration(rel.lag.days + amount.days, elapsed=amount.elapsed)))
        else:
            relations.append(rel)
    if not found:
        raise ValueError(f"{act.id!r} has no predecessors to add a lag to; use via='constraint'")
    return attrs.evolve(portfolio, relations=relations)


def change_duration(portfolio: Portfolio, activity: str, duration: Duration | str | int) -> Portfolio:
    """The portfolio with ``activity`` taking ``duration`` (``"6mo"``, ``"4w"``, 30, ...) instead.

    >>> p = Portfolio(activities=[Activity(id="build", duration=Duration(10))])
    >>> change_duration(p, "build", "3w").activities["build"].duration
    Duration(days=15, elapsed=False)
    """
    _lookup(portfolio.activities, activity, "activity")
    new = _duration(duration)
    if new.days < 0:
        raise ValueError(f"a duration cannot be negative: {new}")
    changed = attrs.evolve(portfolio.activities[activity], duration=new)
    return _with_activity(portfolio, changed)


def choose_platform(portfolio: Portfolio, migration: str, platform: str) -> Portfolio:
    """The portfolio with ``migration`` landing on ``platform``: an open decision taken, or a changed target.

    The migration's ``target`` becomes ``platform`` and its ``candidates``
    are cleared; its decision milestone stays in the plan (it still has to be
    taken, and its date still drives what follows). When the target changes,
    the migration's activities that ran on the old target move to the new one,
    and their relations from the old target's *ready* milestone come from the
    new platform's instead. Each cutover of the migration then waits for the
    new platform's ready milestone (added where missing), as the
    ``target-ready`` rule requires.

    >>> from portfolio.model import Migration, Platform
    >>> p = Portfolio(platforms=[Platform(id="lpc", name="LPC", ready="lpc.ready")],
    ...               migrations=[Migration(id="m", service="s", candidates=("lpc", "cloud"), decision="m.decide")],
    ...               activities=[Activity(id="lpc.ready"), Activity(id="m.decide"),
    ...                           Activity(id="m.cutover", kind=ActivityKind.CUTOVER, migration="m")])
    >>> q = choose_platform(p, "m", "lpc")
    >>> q.migrations["m"].target, q.migrations["m"].candidates, q.migrations["m"].is_open
    ('lpc', (), False)
    >>> [(r.predecessor, r.successor) for r in q.relations]
    [('lpc.ready', 'm.cutover')]
    """
    _lookup(portfolio.migrations, migration, "migration")
    _lookup(portfolio.platforms, platform, "platform")
    mig = portfolio.migrations[migration]
    old = mig.target
    new_ready = portfolio.platforms[platform].ready
    old_ready = portfolio.platforms[old].ready if old is not None and old in portfolio.platforms else None
    members = {a.id for a in portfolio.activities.values() if a.migration == migration}
    activities = dict(portfolio.activities)
    relations: list[Relation] = []
    if old is not None and old != platform:
        for ident in members:
            if activities[ident].platform == old:
                activities[ident] = attrs.evolve(activities[ident], platform=platform)
        for rel in portfolio.relations:
            if old_ready is not None and rel.predecessor == old_ready and rel.successor in members:
                if new_ready is None or new_ready not in activities:
                    continue  # the new platform declares no readiness milestone: nothing to wait for
                relations.append(attrs.evolve(rel, predecessor=new_ready))
            else:
                relations.append(rel)
    else:
        relations = list(portfolio.relations)
    if new_ready is not None and new_ready in activities:
        waiting = {(r.predecessor, r.successor) for r in relations}
        for ident in members:
            if activities[ident].kind is ActivityKind.CUTOVER and (new_ready, ident) not in waiting:
                relations.append(Relation(predecessor=new_ready, successor=ident))
    relations = list(dict.fromkeys(relations))  # the same relation twice (old and new ready) once
    changed = attrs.evolve(mig, target=platform, candidates=())
    return attrs.evolve(
        portfolio, migrations={**portfolio.migrations, migration: changed}, activities=activities, relations=relations
    )


@attrs.frozen(kw_only=True)
class Removal:
    """What :func:`plan_removal` took out: the new portfolio and everything dropped with the service."""

    portfolio: Portfolio  #: the portfolio without the service
    service: str
    migrations: tuple[str, ...]
    activities: tuple[str, ...]
    relations: tuple[Relation, ...]  #: every relation that touched a removed activity
    references: tuple[str, ...]  #: references elsewhere that named a removed record, one sentence each

    def __repr__(self) -> str:
        return (
            f"<Removal of {self.service!r}: {len(self.migrations)} migrations, {len(self.activities)} "
            f"activities, {len(self.relations)} relations, {len(self.references)} references dropped>"
        )

    def __str__(self) -> str:
        lines = [
            (
                f"removed service {self.service} with {len(self.migrations)} migrations, "
                f"{len(self.activities)} activities and {len(self.relations)} relations"
            )
        ]
        lines.extend(f"  dropped: {ref}" for ref in self.references)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return _display.block(
            f"Removal of {self.service}",
            _display.facts(
                [
                    ("migrations", len(self.migrations)),
                    ("activities", len(self.activities)),
                    ("relations", len(self.relations)),
                    ("references dropped", len(self.references)),
                ]
            ),
            _display.table(["reference dropped"], ([r] for r in self.references)),
        )


def plan_removal(portfolio: Portfolio, service: str) -> Removal:
    """Remove ``service`` with its migrations and activities, and say what else had to go.

    Dropped with it: every relation into or out of its activities (so, e.g.,
    EASI's exit no longer waits for it), its id in other services'
    ``depends_on``, in assignments (services, migrations, activities, key
    milestones), in freeze windows, in the key milestones, platform
    milestones that were its activities, and waivers about its records.
    Baselines and status updates are history and keep their entries (a
    variance lists the baseline's activities as removed).

    >>> from portfolio.model import Service
    >>> p = Portfolio(services=[Service(id="a", name="A"), Service(id="b", name="B", depends_on=("a",))],
    ...               activities=[Activity(id="a.x", service="a"), Activity(id="end")],
    ...               relations=[Relation(predecessor="a.x", successor="end")])
    >>> r = plan_removal(p, "a")
    >>> print(r)
    removed service a with 0 migrations, 1 activities and 1 relations
      dropped: relation a.x -> end (end no longer waits for a.x)
      dropped: service b depends on a
    >>> sorted(r.portfolio.services), r.portfolio.services["b"].depends_on
    (['b'], ())
    """
    _lookup(portfolio.services, service, "service")
    migrations = tuple(m.id for m in portfolio.migrations.values() if m.service == service)
    gone = {
        a.id
        for a in portfolio.activities.values()
        if a.service == service or (a.migration is not None and a.migration in migrations)
    }
    activities = tuple(a for a in portfolio.activities if a in gone)
    references: list[str] = []
    dropped: list[Relation] = []
    kept: list[Relation] = []
    for rel in portfolio.relations:
        if rel.predecessor in gone or rel.successor in gone:
            dropped.append(rel)
            if rel.predecessor in gone and rel.successor not in gone:
                references.append(
                    f"relation {rel.predecessor} -> {rel.successor} "
                    f"({rel.successor} no longer waits for {rel.predecessor})"
                )
            elif rel.successor in gone and rel.predecessor not in gone:
                references.append(f"relation {rel.predecessor} -> {rel.successor}")
        else:
            kept.append(rel)
    names = {service, *migrations, *gone}

    def without(values: tuple[str, ...], what: str) -> tuple[str, ...]:
        for value in values:
            if value in names:
                references.append(f"{what} {value}")
        return tuple(v for v in values if v not in names)

    services = {}
    for key, svc in portfolio.services.items():
        if key != service:
            services[key] = attrs.evolve(svc, depends_on=without(svc.depends_on, f"service {key} depends on"))
    assignments = {
        key: attrs.evolve(
            a,
            services=without(a.services, f"assignment {key}: service"),
            migrations=without(a.migrations, f"assignment {key}: migration"),
            activities=without(a.activities, f"assignment {key}: activity"),
            key_milestones=without(a.key_milestones, f"assignment {key}: key milestone"),
        )
        for key, a in portfolio.assignments.items()
    }
    windows = {
        key: attrs.evolve(w, services=without(w.services, f"freeze window {key}: service"))
        for key, w in portfolio.freeze_windows.items()
    }
    platforms = {}
    for key, plat in portfolio.platforms.items():
        ready = None if plat.ready in gone else plat.ready
        exit_ = None if plat.exit in gone else plat.exit
        if ready != plat.ready:
            references.append(f"platform {key}: ready milestone {plat.ready}")
        if exit_ != plat.exit:
            references.append(f"platform {key}: exit milestone {plat.exit}")
        platforms[key] = attrs.evolve(plat, ready=ready, exit=exit_)
    settings = attrs.evolve(
        portfolio.settings, key_milestones=without(portfolio.settings.key_milestones, "key milestone")
    )
    waivers = []
    for waiver in portfolio.waivers:
        if waiver.subject in names:
            references.append(f"waiver of {waiver.rule} for {waiver.subject}")
        else:
            waivers.append(waiver)
    result = attrs.evolve(
        portfolio,
        settings=settings,
        platforms=platforms,
        services=services,
        migrations={k: m for k, m in portfolio.migrations.items() if k not in migrations},
        activities={k: a for k, a in portfolio.activities.items() if k not in gone},
        relations=kept,
        assignments=assignments,
        freeze_windows=windows,
        waivers=waivers,
    )
    return Removal(
        portfolio=result,
        service=service,
        migrations=migrations,
        activities=activities,
        relations=tuple(dropped),
        references=tuple(references),
    )


def remove_service(portfolio: Portfolio, service: str) -> Portfolio:
    """The portfolio without ``service`` (see :func:`plan_removal` for what is dropped, and to list it).

    >>> from portfolio.model import Service
    >>> sorted(remove_service(Portfolio(services=[Service(id="a", name="A")]), "a").services)
    []
    """
    return plan_removal(portfolio, service).portfolio


@attrs.frozen(kw_only=True)
class Move:
    """How one activity moved from the first schedule to the second (positive = later).

    Shifts in working days count the activity's calendar; ``*_days`` count calendar days.
    """

    id: str
    name: str
    milestone: bool
    start_before: dt.date
    start_after: dt.date
    finish_before: dt.date
    finish_after: dt.date
    start_shift: int
    finish_shift: int
    start_shift_days: int
    finish_shift_days: int
    critical_before: bool
    critical_after: bool
    total_float_before: int
    total_float_after: int

    @property
    def moved(self) -> bool:
        """True when its start or finish changed."""
        return self.start_before != self.start_after or self.finish_before != self.finish_after


@attrs.frozen(kw_only=True, eq=False)
class Comparison:
    """What :func:`compare` found: every activity's move, the key milestones, and what came and went.

    Look an activity up by id (``comparison["easi.exit"]``); ``moved``
    lists the activities whose dates changed, largest finish shift first.
    """

    finish_before: dt.date
    finish_after: dt.date
    finish_shift: int  #: of the whole portfolio, working days of the default calendar
    finish_shift_days: int
    activities: tuple[Move, ...]  #: every activity in both schedules, in the second schedule's order
    milestones: tuple[str, ...]  #: the key milestones followed
    added: tuple[str, ...]  #: only in the second schedule
    removed: tuple[str, ...]  #: only in the first

    def __getitem__(self, id: str) -> Move:
        for move in self.activities:
            if move.id == id:
                return move
        hint = closest(id, [m.id for m in self.activities])
        raise KeyError(f"{id!r} is not in both schedules" + (f"; did you mean {hint!r}?" if hint else ""))

    def __iter__(self) -> Iterator[Move]:
        return iter(self.activities)

    def __len__(self) -> int:
        return len(self.activities)

    @property
    def moved(self) -> tuple[Move, ...]:
        """The activities whose start or finish changed, largest finish shift (either way) first, else in order."""
        return tuple(sorted((m for m in self.activities if m.moved), key=lambda m: -abs(m.finish_shift)))

    @property
    def key(self) -> tuple[Move, ...]:
        """The moves of the key milestones (moved or not), in their order."""
        found = {m.id: m for m in self.activities if m.id in set(self.milestones)}
        return tuple(found[m] for m in self.milestones if m in found)

    @property
    def became_critical(self) -> tuple[str, ...]:
        """Activities critical in the second schedule but not in the first."""
        return tuple(m.id for m in self.activities if m.critical_after and not m.critical_before)

    @property
    def left_critical(self) -> tuple[str, ...]:
        """Activities critical in the first schedule but not in the second."""
        return tuple(m.id for m in self.activities if m.critical_before and not m.critical_after)

    def summary(self) -> str:
        """A few lines: the portfolio's finish, then each key milestone, then how many activities moved.

        The lines read like ``easi.exit: 2024-09-27 -> 2024-12-24 (+58 working days, +88 days)``.
        """

        def line(label: str, before: dt.date, after: dt.date, shift: int, days: int) -> str:
            if before == after:
                return f"{label}: {before.isoformat()} (unchanged)"
            return f"{label}: {before.isoformat()} -> {after.isoformat()} ({shift:+d} working days, {days:+d} days)"

        lines = [line("finish", self.finish_before, self.finish_after, self.finish_shift, self.finish_shift_days)]
        lines.extend(line(m.id, m.finish_before, m.finish_after, m.finish_shift, m.finish_shift_days) for m in self.key)
        lines.append(
            f"{len(self.moved)} of {len(self.activities)} activities moved"
            + (f", {len(self.added)} added" if self.added else "")
            + (f", {len(self.removed)} removed" if self.removed else "")
            + (f"; newly critical: {', '.join(self.became_critical)}" if self.became_critical else "")
        )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"<Comparison finish {self.finish_before.isoformat()} -> {self.finish_after.isoformat()} "
            f"({self.finish_shift:+d} working days), {len(self.moved)} of {len(self.activities)} moved>"
        )

    def _repr_html_(self) -> str:
        def shift(value: int, days: int) -> _display.Cell:
            colour = _LATER if value > 0 else _EARLIER if value < 0 else None
            return _display.Cell(f"{value:+d} wd ({days:+d} d)" if value or days else "", colour)

        summary = _display.facts(
            [
                ("finish", f"{self.finish_before.isoformat()} → {self.finish_after.isoformat()}"),
                ("shift", f"{self.finish_shift:+d} working days"),
                ("moved", f"{len(self.moved)} of {len(self)}"),
                ("added", len(self.added)),
                ("removed", len(self.removed)),
                ("newly critical", len(self.became_critical)),
            ]
        )
        columns = ["activity", "name", "finish before", "finish after", "shift"]
        key = _display.table(
            columns,
            (
                [m.id, m.name, m.finish_before, m.finish_after, shift(m.finish_shift, m.finish_shift_days)]
                for m in self.key
            ),
        )
        moved = _display.table(
            columns,
            (
                [m.id, m.name, m.finish_before, m.finish_after, shift(m.finish_shift, m.finish_shift_days)]
                for m in self.moved
            ),
        )
        return _display.block(
            "Comparison", summary, _display.heading("Key milestones"), key, _display.heading("What moved most"), moved
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per activity in either schedule (needs pandas).

        ``change`` is an ordered category: ``unchanged``, ``moved``,
        ``added`` or ``removed``; dates are ``datetime64[ns]`` (``NaT`` on the
        side an activity is missing from); shifts are nullable ``Int64``
        working and calendar days; ``key`` marks the key milestones.
        """
        rows = list(self.activities)
        keys = set(self.milestones)
        n_extra = len(self.added) + len(self.removed)
        none: list[None] = [None] * n_extra
        ids = [m.id for m in rows] + list(self.added) + list(self.removed)
        change = (
            ["moved" if m.moved else "unchanged" for m in rows]
            + ["added"] * len(self.added)
            + ["removed"] * len(self.removed)
        )
        return _frames.frame(
            [
                ("id", "str", ids),
                ("name", "str", [m.name for m in rows] + none),
                ("change", "category", change, ("unchanged", "moved", "added", "removed")),
                ("key", "bool", [i in keys for i in ids]),
                ("start_before", "date", [m.start_before for m in rows] + none),
                ("start_after", "date", [m.start_after for m in rows] + none),
                ("finish_before", "date", [m.finish_before for m in rows] + none),
                ("finish_after", "date", [m.finish_after for m in rows] + none),
                ("start_shift", "Int64", [m.start_shift for m in rows] + none),
                ("finish_shift", "Int64", [m.finish_shift for m in rows] + none),
                ("finish_shift_days", "Int64", [m.finish_shift_days for m in rows] + none),
                ("critical_before", "bool", [m.critical_before for m in rows] + [False] * n_extra),
                ("critical_after", "bool", [m.critical_after for m in rows] + [False] * n_extra),
            ]
        )


def compare(
    before: Schedule, after: Schedule, *, portfolio: Portfolio | None = None, milestones: Iterable[str] | None = None
) -> Comparison:
    """What moved from schedule ``before`` to schedule ``after``, by how much, and the key milestones' fate.

    ``portfolio`` (either scenario's) gives the calendars for counting
    working days (without it the built-in ones; an unknown calendar counts as
    ``rijk``) and the key milestones; ``milestones`` overrides those (without
    either, or when the portfolio names none: every milestone in both schedules).

    >>> import datetime as dt
    >>> from portfolio.model import Activity, Duration, PortfolioSettings, Relation
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8), calendar="standard"),
    ...               activities=[Activity(id="build", duration=Duration(10)), Activity(id="live")],
    ...               relations=[Relation(predecessor="build", successor="live")])
    >>> c = compare(schedule(p), schedule(change_duration(p, "build", "3w")), portfolio=p)
    >>> print(c.summary())
    finish: 2024-01-19 -> 2024-01-26 (+5 working days, +7 days)
    live: 2024-01-19 -> 2024-01-26 (+5 working days, +7 days)
    2 of 2 activities moved
    """
    cals: dict[str, Calendar] = {}

    def cal(id: str) -> Calendar:
        if id not in cals:
            cals[id] = _calendar(portfolio, id)
        return cals[id]

    first = {r.id: r for r in before}
    moves = []
    for b in after:
        a = first.get(b.id)
        if a is None:
            continue
        c = cal(b.calendar)
        moves.append(
            Move(
                id=b.id,
                name=b.name,
                milestone=b.milestone,
                start_before=a.start,
                start_after=b.start,
                finish_before=a.finish,
                finish_after=b.finish,
                start_shift=c.index(b.start) - c.index(a.start),
                finish_shift=c.finish_index(b.finish) - c.finish_index(a.finish),
                start_shift_days=(b.start - a.start).days,
                finish_shift_days=(b.finish - a.finish).days,
                critical_before=a.critical,
                critical_after=b.critical,
                total_float_before=a.total_float,
                total_float_after=b.total_float,
            )
        )
    if milestones is not None:
        wanted = tuple(milestones)
    else:
        wanted = key_milestones(portfolio) if portfolio is not None else ()
        wanted = wanted or tuple(m.id for m in moves if m.milestone)
    default = _calendar(portfolio, None)
    return Comparison(
        finish_before=before.finish,
        finish_after=after.finish,
        finish_shift=default.finish_index(after.finish) - default.finish_index(before.finish),
        finish_shift_days=(after.finish - before.finish).days,
        activities=tuple(moves),
        milestones=wanted,
        added=tuple(i for i in after.ids if i not in first),
        removed=tuple(i for i in before.ids if i not in after),
    )
