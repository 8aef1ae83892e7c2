"""Where each service runs on a status date, and its next move: the data of the migration map (no matplotlib).

A migration's cutover is its activity of kind ``cutover`` (the last one to
finish, for a phased migration; its last activity when it has none). On a
status date a service runs on the target of each migration whose cutover is
finished, else on its ``platform:``; its next move is the first migration
whose cutover is not finished yet. A migration that retains the service
where it is is no move; a retired service (a finished migration with no
target and no candidates) runs on no platform.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import attrs

from portfolio.model import ActivityKind, Approach, Migration, PlatformKind, Portfolio
from portfolio.scheduling import Progress, Schedule

STATES: Final = ("migrated", "migrating", "planned", "decision-open", "stays")
"""The states, in the legend's order."""


@attrs.frozen
class Move:
    """A migration still to come: from where, to which platform (or candidates), when."""

    migration: str
    source: str | None
    targets: tuple[str, ...]
    """the target, or the candidates while the decision is open"""
    open: bool
    """the landing platform is not decided"""
    cutover: str | None
    """the id of the cutover activity"""
    forecast: dt.date | None
    """the cutover's forecast finish"""
    decision: str | None
    decision_date: dt.date | None


@attrs.frozen
class Placement:
    """One service on the status date."""

    service: str
    name: str
    platform: str | None
    """where it runs on the status date"""
    state: str
    """one of STATES"""
    move: Move | None
    """the next migration, None when there is none left"""


def side(kind: PlatformKind) -> int:
    """The lane group of a platform kind: 0 old infrastructure, 1 landing platforms, 2 public cloud.

    Examples:
        >>> side(PlatformKind.LEGACY), side(PlatformKind.PRIVATE_CLOUD), side(PlatformKind.PUBLIC_CLOUD)
        (0, 1, 2)
    """
    return 0 if kind is PlatformKind.LEGACY else 2 if kind is PlatformKind.PUBLIC_CLOUD else 1


def _cutover(portfolio: Portfolio, computed: Schedule, migration: Migration) -> str | None:
    own = [a for a in portfolio.activities.values() if a.migration == migration.id and a.id in computed]
    cutovers = [a for a in own if a.kind is ActivityKind.CUTOVER] or own
    return max(cutovers, key=lambda a: computed[a.id].finish).id if cutovers else None


def _move(portfolio: Portfolio, computed: Schedule, migration: Migration, where: str | None) -> Move:
    cutover = _cutover(portfolio, computed, migration)
    decision = migration.decision if migration.decision in computed else None
    return Move(
        migration=migration.id,
        source=migration.source_platform or where,
        targets=(migration.target,) if migration.target else migration.candidates,
        open=migration.is_open,
        cutover=cutover,
        forecast=computed[cutover].finish if cutover is not None else None,
        decision=decision,
        decision_date=computed[decision].finish if decision is not None else None,
    )


def placements(portfolio: Portfolio, computed: Schedule) -> tuple[Placement, ...]:
    """Each service, in portfolio order, on the platform it runs on at ``computed``'s status date.

    Args:
        portfolio: the portfolio.
        computed: its schedule as of the status date.

    Returns:
        One placement per service.

    Examples:
        >>> import datetime as dt
        >>> from portfolio.io import load
        >>> from portfolio.scheduling import schedule
        >>> p = load("examples/logius").portfolio
        >>> [(x.platform, x.state) for x in placements(p, schedule(p, status_date=dt.date(2023, 4, 28)))
        ...  if x.service == "stelseldiensten"]
        [('easi', 'migrating')]
    """
    found = []
    for service in portfolio.services.values():
        moves = [_move(portfolio, computed, m, None) for m in portfolio.migrations.values()
                 if m.service == service.id and m.approach is not Approach.RETAIN
                 and not (m.target is not None and m.target == (m.source_platform or service.platform))]
        moves.sort(key=lambda m: m.forecast or dt.date.max)
        where, state, upcoming = service.platform, "stays", None
        for move in moves:
            done = move.cutover is not None and computed[move.cutover].progress is Progress.FINISHED
            if done and not move.open:
                where, state = move.targets[0] if move.targets else None, "migrated"
                continue
            upcoming = attrs.evolve(move, source=move.source or where)
            started = any(computed[a.id].progress is not Progress.NOT_STARTED
                          for a in portfolio.activities.values() if a.migration == move.migration and a.id in computed)
            state = "decision-open" if move.open else "migrating" if started else "planned"
            break
        found.append(Placement(service=service.id, name=service.name, platform=where, state=state, move=upcoming))
    return tuple(found)
