"""The ``capacity:`` section: read from the portfolio's YAML files, checked against the portfolio.

The loader ([`portfolio.io.load`][portfolio.io.load]) leaves the section alone; `read_capacity`
reads it from the same files, with every problem a located diagnostic, and
`check_capacity` checks it against the loaded portfolio (unknown teams,
platforms and activities; demand no team can ever meet).

Examples:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "capacity.yaml").write_text(
    ...     "capacity:\\n  teams:\\n    - {id: migratie, size: 4}\\n"
    ...     "  demand:\\n    - {activities: 'a.*', team: migratei, amount: 2}\\n")
    >>> cap, found = read_capacity(folder)
    >>> cap.teams[0].size, found
    (4.0, ())
    >>> from portfolio.model import Activity, Portfolio
    >>> print(check_capacity(cap, Portfolio(activities=[Activity(id="a.b")]))[0].hint)
    did you mean 'migratie'?
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Final, TypeVar

from portfolio.capacity._model import Blackout, Capacity, Demand, Pin, PlatformLimit, Team
from portfolio.diagnostics import Diagnostic, closest, diagnostic
from portfolio.io._yaml_reader import MList, MMap, read_yaml_file
from portfolio.io.yaml import portfolio_files
from portfolio.model import Portfolio, Source

__all__ = ["check_capacity", "read_capacity"]

_KEYS: Final = {
    "teams": {"id", "name", "size", "periods"},
    "platforms": {"platform", "cutovers_per_month"},
    "blackouts": {"id", "start", "finish", "reason"},
    "demand": {"activities", "team", "amount"},
    "pins": {"service", "from"},
}
_T = TypeVar("_T")


class _BadError(ValueError):
    def __init__(self, message: str, source: Source, hint: str) -> None:
        super().__init__(message)
        self.source, self.hint = source, hint


def _get(item: MMap, key: str, kind: type[_T], what: str, default: Any = ...) -> _T:
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
        return value  # type: ignore[return-value]
    if not isinstance(value, str) or not value:
        raise _BadError(f"'{key}' of {what} must be text, not {value!r}", mark, f"write it as '{key}: some-id'")
    return value  # type: ignore[return-value]


def _periods(item: MMap, what: str) -> tuple[tuple[dt.date, float], ...]:
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
        found.append((_get(period, "from", dt.date, what), _get(period, "size", float, what)))
    return tuple(found)


def _record(section: str, item: MMap) -> object:
    what = f"{section} entry"
    for key in item:
        if key not in _KEYS[section]:
            suggestion = closest(str(key), _KEYS[section])
            raise _BadError(f"unknown key '{key}' in {what}", item.key_marks.get(key, item.mark),
                       f"did you mean '{suggestion}'?" if suggestion else f"the keys are {', '.join(sorted(_KEYS[section]))}")
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
        return Pin(service=_get(item, "service", str, what), start=_get(item, "from", dt.date, what),
                   source=item.mark)
    return Demand(activities=_get(item, "activities", str, what), team=_get(item, "team", str, what),
                  amount=_get(item, "amount", float, what), source=item.mark)


def _section(data: MMap, lists: dict[str, list[object]], found: list[Diagnostic]) -> float:
    """Read one ``capacity:`` mapping into ``lists``; returns its tolerance (0 when none)."""
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
            elif not isinstance(value, MList):
                raise _BadError(f"'{key}' must be a list of records", mark, f"write one '- ...' item per record under '{key}:'")
            else:
                for k, item in enumerate(value):
                    try:
                        if not isinstance(item, MMap):
                            raise _BadError(f"{key} entry {k + 1} must be a mapping", value.item_marks[k],
                                       "write it as 'key: value' lines or {key: value, ...}")
                        lists[key].append(_record(key, item))
                    except _BadError as bad:
                        found.append(diagnostic("capacity-bad-value", str(bad), source=bad.source, hint=bad.hint))
        except _BadError as bad:
            found.append(diagnostic("capacity-bad-value", str(bad), source=bad.source, hint=bad.hint))
    return tolerance


def read_capacity(path: Path | str) -> tuple[Capacity, tuple[Diagnostic, ...]]:
    """Read the ``capacity:`` sections of a portfolio folder (or file) into one `Capacity`.

    Args:
        path: the portfolio folder or one YAML file.

    Returns:
        The capacity (empty when no file has the section) and the ``capacity-bad-value``
        diagnostics of the section. YAML errors are the loader's to report.

    Examples:
        >>> read_capacity("/nonexistent")[0] == Capacity()
        True
    """
    lists: dict[str, list[object]] = {key: [] for key in _KEYS}
    found: list[Diagnostic] = []
    tolerance = 0.0
    for file in portfolio_files(Path(path)):
        data, _problems = read_yaml_file(file, str(file))
        if isinstance(data, MMap) and "capacity" in data:
            section = data["capacity"]
            if isinstance(section, MMap):
                tolerance = max(tolerance, _section(section, lists, found))
            elif section is not None:
                found.append(diagnostic("capacity-bad-value", "the capacity section must be a mapping",
                                        source=data.value_marks.get("capacity", data.mark),
                                        hint="write 'teams:', 'platforms:', 'blackouts:' and 'demand:' under it"))
    capacity = Capacity(teams=lists["teams"], platforms=lists["platforms"], blackouts=lists["blackouts"],
                        demand=lists["demand"], tolerance=tolerance, pins=lists["pins"])
    return capacity, tuple(found)


def check_capacity(capacity: Capacity, portfolio: Portfolio) -> tuple[Diagnostic, ...]:
    """Check the capacity against the portfolio: every reference resolves, every demand can be met.

    Args:
        capacity: the capacity read or built.
        portfolio: the loaded portfolio.

    Returns:
        ``capacity-unknown-team``, ``capacity-unknown-ref`` and ``capacity-unmeetable``
        diagnostics, in the order of the records.

    Examples:
        >>> cap = Capacity(teams=[Team(id="t", size=1)], demand=[Demand(activities="*", team="t", amount=3)])
        >>> from portfolio.model import Activity
        >>> [d.code for d in check_capacity(cap, Portfolio(activities=[Activity(id="a")]))]
        ['capacity-unmeetable']
    """
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
        if not any(d.matches(a) for a in portfolio.activities.values()):
            suggestion = closest(d.activities, portfolio.activities)
            found.append(diagnostic("capacity-unknown-ref", f"demand pattern '{d.activities}' matches no activity",
                                    source=d.source, subject=d.activities,
                                    hint=f"did you mean '{suggestion}'?" if suggestion
                                    else "write an activity id, or a pattern such as 'digipoort.*'"))
    for pin in capacity.pins:
        if pin.service not in portfolio.services:
            suggestion = closest(pin.service, portfolio.services)
            found.append(diagnostic("capacity-unknown-ref", f"pin for service '{pin.service}', which is not declared",
                                    source=pin.source, subject=pin.service,
                                    hint=f"did you mean '{suggestion}'?" if suggestion else "declare the service"))
    for limit in capacity.platforms:
        if limit.platform not in portfolio.platforms:
            suggestion = closest(limit.platform, portfolio.platforms)
            found.append(diagnostic("capacity-unknown-ref", f"onboarding limit for platform '{limit.platform}', "
                                    "which is not declared", source=limit.source, subject=limit.platform,
                                    hint=f"did you mean '{suggestion}'?" if suggestion else "declare the platform"))
    return tuple(found)
