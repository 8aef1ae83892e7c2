"""What every export shares: the outline of services and migrations, the calendars and the date window.

The outline groups the activities as a plan reads: each service (in the
portfolio's order) with its own activities first and then each of its
migrations with theirs; then each platform with the activities that belong
to no service; then the activities that belong to nothing. Within a group
the activities keep the portfolio's order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Final

import attrs

from portfolio.calendar import HORIZON_FIRST, HORIZON_LAST, Calendar, CalendarError, resolve
from portfolio.model import Activity, Portfolio
from portfolio.scheduling import Schedule

__all__ = ["MARGIN_YEARS", "Group", "calendar_of", "closed_and_open", "losses", "outline", "service_of", "walk", "window", "workweek"]

MARGIN_YEARS: Final = 2
"""Whole years of calendar exceptions written after the last date the schedule holds (for work added later)."""


@attrs.frozen(kw_only=True)
class Group:
    """A summary row: a service, a migration or a platform, with its activities and sub-groups."""

    key: str
    """``service:<id>``, ``migration:<id>`` or ``platform:<id>``"""
    name: str
    activities: tuple[Activity, ...]
    groups: tuple[Group, ...] = ()


def service_of(portfolio: Portfolio, activity: Activity) -> str | None:
    """The service an activity belongs to: its own, else its migration's.

    Examples:
        >>> from portfolio.model import Migration
        >>> p = Portfolio(migrations=[Migration(id="d.m", service="d")])
        >>> service_of(p, Activity(id="d.x", migration="d.m"))
        'd'
    """
    if activity.service is not None:
        return activity.service
    migration = portfolio.migrations.get(activity.migration) if activity.migration is not None else None
    return migration.service if migration is not None else None


def outline(portfolio: Portfolio) -> tuple[tuple[Group, ...], tuple[Activity, ...]]:
    """The groups (services with their migrations, then platforms) and the activities outside any group.

    Examples:
        >>> from portfolio.model import Service
        >>> p = Portfolio(services=[Service(id="d", name="DigiD")],
        ...               activities=[Activity(id="x"), Activity(id="d.a", service="d")])
        >>> groups, loose = outline(p)
        >>> [(g.name, [a.id for a in g.activities]) for g in groups], [a.id for a in loose]
        ([('DigiD', ['d.a'])], ['x'])
    """
    by_service: dict[str, list[Activity]] = {}
    by_migration: dict[str, list[Activity]] = {}
    by_platform: dict[str, list[Activity]] = {}
    loose: list[Activity] = []
    for activity in portfolio.activities.values():
        owner = service_of(portfolio, activity)
        if activity.migration is not None and activity.migration in portfolio.migrations:
            by_migration.setdefault(activity.migration, []).append(activity)
        elif owner is not None and owner in portfolio.services:
            by_service.setdefault(owner, []).append(activity)
        elif activity.platform is not None and activity.platform in portfolio.platforms:
            by_platform.setdefault(activity.platform, []).append(activity)
        else:
            loose.append(activity)
    groups = []
    for service in portfolio.services.values():
        migrations = tuple(Group(key=f"migration:{m.id}", name=m.name or m.id, activities=tuple(by_migration[m.id]))
                           for m in portfolio.migrations.values() if m.service == service.id and m.id in by_migration)
        if migrations or service.id in by_service:
            groups.append(Group(key=f"service:{service.id}", name=service.name or service.id,
                                activities=tuple(by_service.get(service.id, ())), groups=migrations))
    for migration in portfolio.migrations.values():  # a migration of a service the portfolio does not hold
        if migration.service not in portfolio.services and migration.id in by_migration:
            groups.append(Group(key=f"migration:{migration.id}", name=migration.name or migration.id,
                                activities=tuple(by_migration[migration.id])))
    for platform in portfolio.platforms.values():
        if platform.id in by_platform:
            groups.append(Group(key=f"platform:{platform.id}", name=platform.name or platform.id,
                                activities=tuple(by_platform[platform.id])))
    return tuple(groups), tuple(loose)


def walk(groups: tuple[Group, ...]) -> Iterator[Group]:
    """Every group, depth first (a group before its sub-groups)."""
    for group in groups:
        yield group
        yield from walk(group.groups)


def window(portfolio: Portfolio, computed: Schedule) -> tuple[dt.date, dt.date]:
    """The days calendar exceptions are written for: 1 January of the schedule's first year to 31 December
    `MARGIN_YEARS` years after its last (dates of the schedule, constraints, deadlines, baselines).

    Examples:
        >>> from portfolio.scheduling import schedule
        >>> from portfolio.model import Duration, PortfolioSettings
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 3, 4)),
        ...               activities=[Activity(id="a", duration=Duration(5))])
        >>> window(p, schedule(p))
        (datetime.date(2024, 1, 1), datetime.date(2026, 12, 31))
    """
    days = [computed.start, computed.finish]
    if computed.status_date is not None:
        days.append(computed.status_date)
    for row in computed:
        days.extend((row.start, row.finish, row.early_start, row.early_finish, row.late_start, row.late_finish))
    for activity in portfolio.activities.values():
        days.extend(d for d in (activity.deadline, activity.constraint.date if activity.constraint else None) if d)
    for baseline in portfolio.baselines.values():
        days.extend(d for e in baseline.entries.values() for d in (e.start, e.finish))
    first = max(dt.date(min(days).year, 1, 1), HORIZON_FIRST)
    last = min(dt.date(min(max(days).year + MARGIN_YEARS, HORIZON_LAST.year), 12, 31), HORIZON_LAST)
    return first, last


def calendar_of(ident: str, portfolio: Portfolio) -> Calendar | None:
    """The calendar ``ident`` (declared or built in); None when it cannot be built."""
    try:
        return resolve(ident, portfolio.calendars)
    except (CalendarError, KeyError):
        return None


def workweek(ident: str, portfolio: Portfolio) -> tuple[int, ...]:
    """The working week of a calendar (0 = Monday): a declared one's own, Monday to Friday for the built-in ones."""
    spec = portfolio.calendars.get(ident)
    return tuple(sorted(spec.workweek)) if spec is not None else (0, 1, 2, 3, 4)


def closed_and_open(cal: Calendar, week: tuple[int, ...], first: dt.date,
                    last: dt.date) -> tuple[list[tuple[dt.date, dt.date]], list[tuple[dt.date, dt.date]]]:
    """The runs of consecutive days from ``first`` to ``last`` that differ from the working week.

    Closed: a day of the week that does not work (a holiday); open: a day
    outside the week that works. Each run is (first day, last day).

    Examples:
        >>> from portfolio.calendar import builtin
        >>> closed, opened = closed_and_open(builtin("rijk"), (0, 1, 2, 3, 4), dt.date(2024, 12, 1),
        ...                                  dt.date(2024, 12, 31))
        >>> closed, opened
        ([(datetime.date(2024, 12, 25), datetime.date(2024, 12, 26))], [])
    """
    closed: list[tuple[dt.date, dt.date]] = []
    opened: list[tuple[dt.date, dt.date]] = []
    day = first
    while day <= last:
        in_week = day.weekday() in week
        if in_week != cal.is_working(day):
            runs = closed if in_week else opened
            if runs and runs[-1][1] == day - dt.timedelta(days=1):
                runs[-1] = (runs[-1][0], day)
            else:
                runs.append((day, day))
        day += dt.timedelta(days=1)
    return closed, opened


def losses(portfolio: Portfolio, form: str, status_date: dt.date | None = None) -> list[str]:
    """What an export in ``form`` (``mspdi``, ``xer``) cannot hold that changes numbers, in words (empty: nothing).

    Examples:
        >>> from portfolio.model import Duration
        >>> losses(Portfolio(activities=[Activity(id="a", duration=Duration(3, elapsed=True))]), "xer")
        ['1 elapsed duration or lag (a) is written as working days: XER holds hours on the calendar']
    """
    found = []
    if form == "xer":
        elapsed = [a.id for a in portfolio.activities.values() if a.duration.elapsed]
        elapsed += [f"{r.predecessor} -> {r.successor}" for r in portfolio.relations if r.lag.elapsed and r.lag.days]
        if elapsed:
            found.append(f"{len(elapsed)} elapsed duration or lag ({', '.join(elapsed[:5])}) is written as working "
                         "days: XER holds hours on the calendar")
        manual = [a.id for a in portfolio.activities.values() if a.manual]
        if manual:
            found.append(f"{len(manual)} manual activity ({', '.join(manual[:5])}) is written as scheduled by its "
                         "logic: P6 has no manual tasks")
        if portfolio.baselines:
            found.append(f"{len(portfolio.baselines)} baseline(s) left out: a P6 baseline is a project of its own")
    update = portfolio.status_update(status_date)
    if update is not None and not update.progress:
        found.append(f"the status update of {update.date} reports no progress: the file holds none, and reading it "
                     "back gives no status date")
    if form == "mspdi" and not portfolio.settings.lag_from_actual_start and update is not None and any(
            r.type.value in ("SS", "SF") and r.lag.days for r in portfolio.relations):
        found.append("lag_from_actual_start is false, but MS Project counts an SS or SF lag of work in progress "
                     "from its actual start: such successors may move when the file is scheduled again")
    if form == "mspdi" and len(portfolio.baselines) > 11:
        found.append(f"{len(portfolio.baselines) - 11} baseline(s) beyond the eleventh left out (MS Project keeps 11)")
    return found
