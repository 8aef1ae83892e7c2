"""The ``capacity:`` section: teams, onboarding limits, blackouts, demand, pins and the overload tolerance.

The section's meaning is in ``docs/capacity.md``; this module is its place in
the loader's table. Its shape is checked by hand, key by key (each problem a
``capacity-bad-value`` at the key or value, and the record left out), so
the read phase keeps the records of each file; the build phase joins the
files' sections (the largest tolerance wins) and checks them against the
portfolio built above it: ``capacity-unknown-team`` (with the closest id),
``capacity-unknown-ref`` (a demand pattern that matches no activity, an
undeclared platform, a pin for an undeclared service) and
``capacity-unmeetable`` (more FTE than the team ever has).

Builds [`Portfolio.capacity`][portfolio.model.Portfolio.capacity].

Examples:
    >>> import tempfile, pathlib
    >>> from portfolio.io.yaml import load_portfolio
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "plan.yaml").write_text(
    ...     "activities:\\n  - {id: a.b, duration: 5d}\\n"
    ...     "capacity:\\n  teams:\\n    - {id: migratie, size: 4}\\n"
    ...     "  demand:\\n    - {activities: 'a.*', team: migratei, amount: 2}\\n")
    >>> portfolio, found = load_portfolio(folder)
    >>> portfolio.capacity.teams[0].size, [(d.code, d.source.line, d.hint) for d in found]
    (4.0, [('capacity-unknown-team', 7, "did you mean 'migratie'?")])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final, TypeVar

from portfolio.diagnostics import Diagnostic, closest, diagnostic
from portfolio.io._sections._context import Context, Item, Section
from portfolio.io._values import FIRST_DATE, LAST_DATE
from portfolio.io._yaml_reader import MList, MMap
from portfolio.model import Activity, Blackout, Capacity, Demand, Pin, PlatformLimit, Source, Team

__all__ = ["CAPACITY", "check_capacity"]

_KEYS: Final = {
    "teams": {"id", "name", "size", "periods"},
    "platforms": {"platform", "cutovers_per_month"},
    "blackouts": {"id", "start", "finish", "reason"},
    "demand": {"activities", "team", "amount"},
    "pins": {"service", "from", "until"},
}
_T = TypeVar("_T")


class _BadError(ValueError):
    """A problem with one value or record of the section: its message, place and hint (a ``capacity-bad-value``)."""

    def __init__(self, message: str, source: Source, hint: str) -> None:
        super().__init__(message)
        self.source, self.hint = source, hint


def _get(item: MMap, key: str, kind: type[_T], what: str, default: Any = ...) -> _T:
    """``item[key]`` checked to be of ``kind`` (a number of at least 0, a whole one, a date, text); else `_BadError`."""
    if key not in item:
        if default is ...:
            raise _BadError(f"{what} has no '{key}'", item.mark, f"add '{key}: ...' to it")
        return default  # type: ignore[no-any-return]
    value, mark = item[key], item.value_marks.get(key, item.mark)
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise _BadError(f"'{key}' of {what} must be a number of at least 0, not {value!r}", mark,
                            f"write it as a plain number, e.g. '{key}: 2'")
        return float(value)  # type: ignore[return-value]
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _BadError(f"'{key}' of {what} must be a whole number of at least 0, not {value!r}", mark,
                            f"write it as a whole number, e.g. '{key}: 2'")
        return value  # type: ignore[return-value]
    if kind is dt.date:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise _BadError(f"'{key}' of {what} must be a date, not {value!r}", mark, "write dates as 2027-01-04")
        if not FIRST_DATE <= value <= LAST_DATE:
            raise _BadError(f"'{key}' of {what} is {value}, outside the calendar ({FIRST_DATE} to {LAST_DATE})",
                            mark, f"give a date from {FIRST_DATE} to {LAST_DATE}")
        return value  # type: ignore[return-value]
    if not isinstance(value, str) or not value:
        raise _BadError(f"'{key}' of {what} must be text, not {value!r}", mark, f"write it as '{key}: some-id'")
    return value  # type: ignore[return-value]


def _periods(item: MMap, what: str) -> tuple[tuple[dt.date, float], ...]:
    """A team's ``periods``: (from, size) pairs."""
    if "periods" not in item:
        return ()
    value = item["periods"]
    if not isinstance(value, MList):
        raise _BadError(f"'periods' of {what} must be a list", item.value_marks.get("periods", item.mark),
                        "write '- {from: 2027-01-01, size: 6}' per period")
    found = []
    for k, period in enumerate(value):
        if not isinstance(period, MMap):
            raise _BadError(f"period {k + 1} of {what} must be a mapping", value.item_marks[k],
                            "write '- {from: 2027-01-01, size: 6}'")
        _known_keys(period, {"from", "size"}, f"period {k + 1} of {what}")
        found.append((_get(period, "from", dt.date, what), _get(period, "size", float, what)))
    return tuple(found)


def _known_keys(item: MMap, keys: set[str], what: str) -> None:
    """`_BadError` at the first key of ``item`` that is not one of ``keys``, with the closest one."""
    for key in item:
        if key not in keys:
            suggestion = closest(str(key), keys)
            raise _BadError(f"unknown key '{key}' in {what}", item.key_marks.get(key, item.mark),
                            f"did you mean '{suggestion}'?" if suggestion else f"the keys are {', '.join(sorted(keys))}")


def _record(section: str, item: MMap) -> object:
    """One entry of the list ``section`` (teams, platforms, ...) as its record."""
    what = f"{section} entry"
    _known_keys(item, _KEYS[section], what)
    if section == "teams":
        ident = _get(item, "id", str, what)
        return Team(id=ident, name=_get(item, "name", str, what, ""), size=_get(item, "size", float, what),
                    periods=_periods(item, f"team '{ident}'"), source=item.mark)
    if section == "platforms":
        return PlatformLimit(platform=_get(item, "platform", str, what),
                             per_month=_get(item, "cutovers_per_month", int, what), source=item.mark)
    if section == "blackouts":
        start, finish = _get(item, "start", dt.date, what), _get(item, "finish", dt.date, what)
        if finish < start:
            raise _BadError(f"blackout finishes ({finish}) before it starts ({start})", item.mark,
                            "swap 'start' and 'finish'")
        return Blackout(id=_get(item, "id", str, what), start=start, finish=finish,
                        reason=_get(item, "reason", str, what, ""), source=item.mark)
    if section == "pins":
        start, until = _get(item, "from", dt.date, what), _get(item, "until", dt.date, what, None)
        if until is not None and until < start:
            raise _BadError(f"pin ends ({until}) before it starts ({start})", item.mark, "swap 'from' and 'until'")
        return Pin(service=_get(item, "service", str, what), start=start, until=until, source=item.mark)
    return Demand(activities=_get(item, "activities", str, what), team=_get(item, "team", str, what),
                  amount=_get(item, "amount", float, what), source=item.mark)


def _records(key: str, value: Any, mark: Source, found: list[Diagnostic]) -> list[object]:
    """The records of one list key of the section; each bad entry a diagnostic, the others kept."""
    if not isinstance(value, MList):
        raise _BadError(f"'{key}' must be a list of records", mark, f"write one '- ...' item per record under '{key}:'")
    records = []
    for k, item in enumerate(value):
        try:
            if not isinstance(item, MMap):
                raise _BadError(f"{key} entry {k + 1} must be a mapping", value.item_marks[k],
                                "write it as 'key: value' lines or {key: value, ...}")
            records.append(_record(key, item))
        except _BadError as bad:
            found.append(diagnostic("capacity-bad-value", str(bad), source=bad.source, hint=bad.hint))
    return records


def _section(data: MMap, found: list[Diagnostic]) -> Capacity:
    """One file's ``capacity:`` mapping as a `Capacity` (what could be read of it)."""
    lists: dict[str, list[object]] = {key: [] for key in _KEYS}
    tolerance = 0.0
    for key, value in data.items():
        mark = data.value_marks.get(key, data.mark)
        try:
            if key == "tolerance":
                tolerance = _get(data, "tolerance", float, "the capacity section")
            elif key not in _KEYS:
                suggestion = closest(str(key), [*_KEYS, "tolerance"])
                raise _BadError(f"unknown key '{key}' in the capacity section", data.key_marks.get(key, mark),
                                f"did you mean '{suggestion}'?" if suggestion else "the keys are "
                                "teams, platforms, blackouts, demand, pins and tolerance")
            else:
                lists[key] = _records(key, value, mark, found)
        except _BadError as bad:
            found.append(diagnostic("capacity-bad-value", str(bad), source=bad.source, hint=bad.hint))
    return Capacity(teams=lists["teams"], platforms=lists["platforms"], blackouts=lists["blackouts"],
                    demand=lists["demand"], tolerance=tolerance, pins=lists["pins"])


def read(context: Context, value: Any, mark: Source, what: str) -> None:
    """Read one file's ``capacity:`` mapping: its records into ``context.items["capacity"]``."""
    if value is None:
        return
    if not isinstance(value, MMap):
        context.report("capacity-bad-value", f"{what} must be a mapping", mark,
                       hint="write 'teams:', 'platforms:', 'blackouts:' and 'demand:' under it")
        return
    found: list[Diagnostic] = []
    context.items["capacity"].append(Item(raw=_section(value, found), data=value))
    context.diagnostics.extend(found)


def build(context: Context) -> dict[str, Any]:
    """The capacity of every file's section joined, checked against the activities, services and platforms."""
    parts: list[Capacity] = [item.raw for item in context.items["capacity"]]
    if not parts:
        return {}
    capacity = Capacity(
        teams=[r for p in parts for r in p.teams], platforms=[r for p in parts for r in p.platforms],
        blackouts=[r for p in parts for r in p.blackouts], demand=[r for p in parts for r in p.demand],
        tolerance=max(p.tolerance for p in parts), pins=[r for p in parts for r in p.pins])
    built = context.built
    context.diagnostics.extend(check_capacity(capacity, built.get("activities", {}), built.get("services", {}),
                                              built.get("platforms", {})))
    return {"capacity": capacity}


def check_capacity(capacity: Capacity, activities: Mapping[str, Activity], services: Mapping[str, Any],
                   platforms: Mapping[str, Any]) -> tuple[Diagnostic, ...]:
    """Check the capacity against a portfolio's records: every reference resolves, every demand can be met.

    Args:
        capacity: the capacity read or built.
        activities: the portfolio's activities by id.
        services: its services by id.
        platforms: its platforms by id.

    Returns:
        ``capacity-unknown-team``, ``capacity-unknown-ref`` and ``capacity-unmeetable``
        diagnostics, in the order of the records.

    Examples:
        >>> cap = Capacity(teams=[Team(id="t", size=1)], demand=[Demand(activities="*", team="t", amount=3)])
        >>> [d.code for d in check_capacity(cap, {"a": Activity(id="a")}, {}, {})]
        ['capacity-unmeetable']
    """
    found = _check_demand(capacity, activities)
    for pin in capacity.pins:
        if pin.service not in services:
            suggestion = closest(pin.service, services)
            found.append(diagnostic("capacity-unknown-ref", f"pin for service '{pin.service}', which is not declared",
                                    source=pin.source, subject=pin.service,
                                    hint=f"did you mean '{suggestion}'?" if suggestion else "declare the service"))
    for limit in capacity.platforms:
        if limit.platform not in platforms:
            suggestion = closest(limit.platform, platforms)
            found.append(diagnostic("capacity-unknown-ref", f"onboarding limit for platform '{limit.platform}', "
                                    "which is not declared", source=limit.source, subject=limit.platform,
                                    hint=f"did you mean '{suggestion}'?" if suggestion else "declare the platform"))
    return tuple(found)


def _check_demand(capacity: Capacity, activities: Mapping[str, Activity]) -> list[Diagnostic]:
    """The demand entries' problems: unknown team, more FTE than it ever has, a pattern matching nothing."""
    found: list[Diagnostic] = []
    teams = {t.id: t for t in capacity.teams}
    for d in capacity.demand:
        team = teams.get(d.team)
        if team is None:
            suggestion = closest(d.team, teams)
            found.append(diagnostic("capacity-unknown-team", f"demand for '{d.activities}' names team '{d.team}', "
                                    "which is not declared", source=d.source, subject=d.team,
                                    hint=f"did you mean '{suggestion}'?" if suggestion
                                    else "declare it under 'capacity: teams:'"))
        elif d.amount > team.largest:
            found.append(diagnostic("capacity-unmeetable", f"'{d.activities}' needs {d.amount:g} FTE of team "
                                    f"'{team.id}', which never has more than {team.largest:g}", source=d.source,
                                    subject=d.activities, hint=f"lower 'amount' to at most {team.largest:g}, "
                                    f"or give team '{team.id}' a larger size"))
        if d.activities not in activities and not any(d.matches(a) for a in activities.values()):
            suggestion = closest(d.activities, activities)
            found.append(diagnostic("capacity-unknown-ref", f"demand pattern '{d.activities}' matches no activity",
                                    source=d.source, subject=d.activities,
                                    hint=f"did you mean '{suggestion}'?" if suggestion
                                    else "write an activity id, or a pattern such as 'digipoort.*'"))
    return found


CAPACITY: Final = Section(name="the capacity section", read=read, build=build)
"""Teams, onboarding limits, blackouts, demand and pins (``docs/capacity.md``)."""
