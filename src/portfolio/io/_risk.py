"""The ``risk:`` section: three-point estimates, defaults, correlation groups and the risk register.

The loader hands this module every ``risk:`` section it found (with the
line and column of each value) and the activities, services and migrations
it built; `build_risk` returns the [`RiskModel`][portfolio.model.RiskModel]
and reports each problem as a located diagnostic through the loader's
``report``. ``docs/risk.md`` describes the section.

A point of an estimate is a factor of the planned remaining duration when
it is a plain number (``1.2``) and working days when it carries a unit
(``15d``, ``3w``), as durations do elsewhere in the files.

Examples:
    >>> point(1.5), point("3w"), point("x")
    ((1.5, True), (15.0, False), None)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, Protocol, TypeVar

import attrs

from portfolio.diagnostics import closest
from portfolio.io._raw import RawEstimate, RawRisk, RawRiskCorrelation, RawRiskDefaults, RawRiskItem
from portfolio.io._values import WrittenFloat
from portfolio.io._yaml_reader import MList, MMap
from portfolio.model import (
    Activity,
    Approach,
    Correlation,
    Distribution,
    Duration,
    Estimate,
    Migration,
    Risk,
    RiskModel,
    Source,
    StatusUpdate,
)

__all__ = ["build_risk", "point"]

_T = TypeVar("_T")

MAX_FACTOR: Final = 20.0
"""A factor above this is most likely days written without their unit (``40`` for ``40d``)."""


class Report(Protocol):
    """The loader's ``report``."""

    def __call__(self, code: str, message: str, source: Source | None, *, subject: str | None = None,
                 hint: str | None = None) -> None: ...


Structure = Callable[[Any, type[Any], str, Source], Any]
"""The loader's ``structure``: a raw record from located data, or None (reported)."""


def point(value: Any) -> tuple[float, bool] | None:
    """One point of an estimate: (value, True) for a factor, (working days, False) for a duration; None if neither.

    Examples:
        >>> point(2), point("10d"), point(True)
        ((2.0, True), (10.0, False), None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | WrittenFloat):
        try:
            number = float(value)
        except OverflowError:  # an integer of hundreds of digits
            return None
        return (number, True) if math.isfinite(number) else None
    if isinstance(value, str):
        try:
            return float(Duration.parse(value).days), False
        except (ValueError, TypeError):
            return None
    return None


def _mark(data: Any, key: str, fallback: Source) -> Source:
    return data.value_marks.get(key, fallback) if isinstance(data, MMap) else fallback


def _key_mark(data: Any, key: str, fallback: Source) -> Source:
    return data.key_marks.get(key, fallback) if isinstance(data, MMap) else fallback


@attrs.define
class _Reader:
    """Builds the risk model from the located sections; reports through the loader."""

    report: Report
    structure: Structure
    activities: Mapping[str, Activity]
    services: Iterable[str]
    migrations: Mapping[str, Migration]
    remaining: Mapping[str, tuple[int, Source | None]]
    """work in progress: remaining days at the latest status"""

    def estimate(self, value: Any, mark: Source, what: str, *, factor_only: bool = False,
                 subject: str | None = None) -> Estimate | None:
        """An estimate, checked; None (reported) when it is unusable."""
        raw = self.structure(value, RawEstimate, what, mark)
        if raw is None:
            return None
        found = []
        for key in ("optimistic", "most_likely", "pessimistic"):
            where = _mark(value, key, mark)
            got = point(getattr(raw, key))
            if got is None:
                self.report("bad-value", f"{what}: {key} {getattr(raw, key)!r} is neither a factor nor a duration",
                            where, subject=subject, hint="write a factor of the plan such as 1.2, or days such as 15d")
                return None
            if got[0] < 0:
                self.report("estimate-negative", f"{what}: {key} {getattr(raw, key)} is negative", where,
                            subject=subject, hint="give 0 or more (a factor such as 0.9, or days such as 10d)")
                return None
            if got[1] and got[0] > MAX_FACTOR:
                self.report("out-of-range", f"{what}: {key} {getattr(raw, key)} is a factor over {MAX_FACTOR:g}",
                            where, subject=subject, hint=f"write days with their unit: {getattr(raw, key)}d")
                return None
            found.append(got)
        kinds = {f[1] for f in found}
        if len(kinds) > 1 or (factor_only and False in kinds):
            hint = "defaults are factors of the plan (0.9, 1.0, 1.5)" if factor_only else \
                "give all three as factors (1.2) or all three as days (15d)"
            self.report("bad-value", f"{what}: mixes factors and days" if len(kinds) > 1 else
                        f"{what}: a default is a factor, not days", mark, subject=subject, hint=hint)
            return None
        low, likely, high = (f[0] for f in found)
        if not low <= likely <= high:
            self.report("estimate-order", f"{what}: optimistic {raw.optimistic}, most likely {raw.most_likely}, "
                        f"pessimistic {raw.pessimistic} are not in increasing order", mark, subject=subject,
                        hint="give optimistic ≤ most likely ≤ pessimistic")
            return None
        shape = self.distribution(raw.distribution, _mark(value, "distribution", mark), what, subject)
        return Estimate(optimistic=low, most_likely=likely, pessimistic=high, distribution=shape,
                        factor=kinds == {True}, source=mark)

    def distribution(self, text: str, mark: Source, what: str, subject: str | None) -> Distribution:
        try:
            return Distribution(text.strip().lower())
        except ValueError:
            names = [d.value for d in Distribution]
            guess = closest(text, names)
            self.report("bad-value", f"{what}: unknown distribution '{text}'; using triangular", mark,
                        subject=subject, hint=f"did you mean '{guess}'?" if guess else f"one of {', '.join(names)}")
            return Distribution.TRIANGULAR

    def members(self, raw: Any, data: Any, mark: Source, what: str) -> tuple[str, ...]:
        """The activity ids a correlation or risk names (directly, or all of a service's)."""
        found: dict[str, None] = {}
        services = set(self.services)
        by_service = _by_service(self.activities, self.migrations)
        for key, universe in (("activities", self.activities), ("services", services)):
            names = getattr(raw, key)
            items = data.get(key) if isinstance(data, MMap) else None
            for index, ident in enumerate(names):
                where = items.item_marks[index] if isinstance(items, MList) and index < len(items.item_marks) \
                    else _mark(data, key, mark)
                if ident not in universe:
                    guess = closest(str(ident), universe)
                    noun = "activity" if key == "activities" else "service"
                    self.report("unknown-ref", f"{what} names unknown {noun} '{ident}'", where, subject=ident,
                                hint=f"did you mean '{guess}'?" if guess else f"declare the {noun} or correct the id")
                    continue
                found.update(dict.fromkeys(by_service.get(ident, ()) if key == "services" else (ident,)))
        return tuple(found)

    def fraction(self, value: float, mark: Source, what: str, subject: str) -> bool:
        if 0.0 <= value <= 1.0:
            return True
        self.report("bad-probability", f"{what} {value:g} is not a fraction from 0 to 1", mark, subject=subject,
                    hint=f"a percentage? {value:g} % is {value / 100:g}" if 2 <= value <= 100 else "give 0 to 1, e.g. 0.3")
        return False

    def below_remaining(self, ident: str, estimate: Estimate, mark: Source) -> None:
        started = self.remaining.get(ident)
        if started is None or estimate.factor or estimate.pessimistic >= started[0]:
            return
        self.report("estimate-below-remaining", f"'{ident}': pessimistic estimate {estimate.pessimistic:g}d is "
                    f"under the {started[0]}d of work remaining at the latest status update", mark, subject=ident,
                    hint=f"estimate the work that remains: a pessimistic value of at least {started[0]}d")


def _by_service(activities: Mapping[str, Activity], migrations: Mapping[str, Migration]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for act in activities.values():
        service = act.service or (migrations[act.migration].service if act.migration and act.migration in migrations
                                  else None)
        if service:
            found.setdefault(service, []).append(act.id)
    return found


def _remaining(activities: Mapping[str, Activity], updates: Iterable[StatusUpdate]) -> dict[str, tuple[int, Source | None]]:
    """Remaining working days of work in progress at the latest status update (as the file states them)."""
    latest = max(updates, key=lambda u: u.date, default=None)
    found: dict[str, tuple[int, Source | None]] = {}
    if latest is None:
        return found
    for ident, p in latest.progress.items():
        act = activities.get(ident)
        if act is None or p.actual_start is None or p.actual_finish is not None:
            continue
        if p.remaining is not None:
            found[ident] = (p.remaining.days, p.source)
        elif p.percent_complete is not None:
            found[ident] = (round(act.duration.days * (1 - min(max(p.percent_complete, 0.0), 100.0) / 100)), p.source)
    return found


def build_risk(sections: Iterable[tuple[Any, Source]], *, activities: Mapping[str, Activity],
               services: Iterable[str], migrations: Mapping[str, Migration], updates: Iterable[StatusUpdate],
               structure: Structure, report: Report) -> RiskModel | None:
    """The risk model of every ``risk:`` section (in file order), or None when there is none.

    Args:
        sections: each ``risk:`` section's located data and where it starts.
        activities: the portfolio's activities by full id.
        services: the service ids.
        migrations: the migrations by id (their approach picks a default).
        updates: the status updates (the latest one's remaining work checks the estimates).
        structure: the loader's ``structure`` (a raw record, or None when reported).
        report: the loader's ``report``.

    Returns:
        The model, or None when no section was given.
    """
    given = list(sections)
    if not given:
        return None
    reader = _Reader(report=report, structure=structure, activities=activities, services=tuple(services),
                     migrations=migrations, remaining=_remaining(activities, updates))
    model: dict[str, Any] = {"estimates": {}, "approaches": {}, "services": {}, "correlations": [], "risks": {}}
    for data, mark in given:
        raw = structure(data, RawRisk, "the risk section", mark)
        if raw is not None:
            _read_section(reader, raw, data, mark, model)
    return RiskModel(**model, source=given[0][1])


def _read_section(reader: _Reader, raw: RawRisk, data: Any, mark: Source, model: dict[str, Any]) -> None:
    """One ``risk:`` section into ``model``'s parts."""
    defaults = data.get("defaults") if isinstance(data, MMap) else None
    if raw.defaults:
        found = reader.structure(defaults, RawRiskDefaults, "risk defaults", _mark(data, "defaults", mark))
        if found is not None:
            _read_defaults(reader, found, defaults, _mark(data, "defaults", mark), model)
    estimates = data.get("estimates") if isinstance(data, MMap) else None
    for ident in raw.estimates:
        where = _key_mark(estimates, ident, mark)
        if ident not in reader.activities:
            guess = closest(str(ident), reader.activities)
            reader.report("unknown-ref", f"risk estimate for unknown activity '{ident}'", where, subject=ident,
                          hint=f"did you mean '{guess}'?" if guess else "give the activity's full id")
            continue
        est = reader.estimate(raw.estimates[ident], _mark(estimates, ident, mark), f"estimate of '{ident}'",
                              subject=ident)
        if est is not None:
            reader.below_remaining(ident, est, _mark(estimates, ident, mark))
            model["estimates"][ident] = est
    _read_correlations(reader, raw.correlations, data.get("correlations") if isinstance(data, MMap) else None,
                       mark, model)
    _read_risks(reader, raw.risks, data.get("risks") if isinstance(data, MMap) else None, mark, model)


def _read_defaults(reader: _Reader, raw: RawRiskDefaults, data: Any, mark: Source, model: dict[str, Any]) -> None:
    approaches = [a.value for a in Approach]
    for key, universe, target in (("approach", approaches, "approaches"), ("service", list(reader.services),
                                                                           "services")):
        table = data.get(key) if isinstance(data, MMap) else None
        for name, value in getattr(raw, key).items():
            if name not in universe:
                guess = closest(str(name), universe)
                reader.report("unknown-ref" if key == "service" else "bad-value",
                              f"risk default for unknown {key} '{name}'", _key_mark(table, name, mark),
                              subject=name, hint=f"did you mean '{guess}'?" if guess else f"one of {', '.join(universe)}")
                continue
            est = reader.estimate(value, _mark(table, name, mark), f"risk default for {key} '{name}'",
                                  factor_only=True, subject=name)
            if est is not None:
                model[target][name] = est


def _items(values: list[Any], data: Any, mark: Source) -> Iterable[tuple[Any, Source]]:
    for index, value in enumerate(values):
        yield value, data.item_marks[index] if isinstance(data, MList) and index < len(data.item_marks) else mark


def _read_correlations(reader: _Reader, values: list[Any], data: Any, mark: Source, model: dict[str, Any]) -> None:
    for value, where in _items(values, data, mark):
        raw = reader.structure(value, RawRiskCorrelation, "correlation group", where)
        if raw is None:
            continue
        what = f"correlation group '{raw.id}'"
        if not reader.fraction(raw.coefficient, _mark(value, "coefficient", where), f"{what}: coefficient", raw.id):
            continue
        members = reader.members(raw, value, where, what)
        model["correlations"].append(Correlation(id=raw.id, coefficient=raw.coefficient, activities=members,
                                                 source=where))


def _read_risks(reader: _Reader, values: list[Any], data: Any, mark: Source, model: dict[str, Any]) -> None:
    for value, where in _items(values, data, mark):
        raw = reader.structure(value, RawRiskItem, "risk", where)
        if raw is None:
            continue
        what = f"risk '{raw.id}'"
        if raw.id in model["risks"]:
            reader.report("duplicate-id", f"{what} is declared twice", _mark(value, "id", where), subject=raw.id,
                          hint="give each risk its own id")
            continue
        if not reader.fraction(raw.probability, _mark(value, "probability", where), f"{what}: probability", raw.id):
            continue
        impact = reader.estimate(raw.impact, _mark(value, "impact", where), f"{what}: impact", subject=raw.id)
        members = reader.members(raw, value, where, what)
        if impact is not None:
            model["risks"][raw.id] = Risk(id=raw.id, description=raw.description, owner=raw.owner,
                                          probability=raw.probability, impact=impact, activities=members,
                                          source=where)
