"""The ``portfolio:``, ``rules:`` and ``waivers:`` sections: settings of the whole portfolio and of its checks.

Reads (``io/_raw.py``): ``RawSettings``, ``RawRules`` and ``RawWaiver``.

Checks, with the codes raised:

- portfolio settings: ``duplicate-id`` (given twice), ``unknown-ref`` (the
  calendar, which falls back to ``rijk``, and the key milestones);
- rules settings: ``duplicate-id`` (given twice), ``bad-value`` (a
  severity), ``wrong-type`` (parameters that are no mapping). Rule ids are
  checked later by the rules engine, which knows them; the settings keep
  the place of every entry (`RuleSettings.marks`) for its findings;
- waivers: ``unknown-ref`` (a subject that is no declared id: the waiver is
  left out), ``bad-date`` (accepted after it expires), ``missing-key`` (an
  empty reason or ``accepted_by``).

Builds `Portfolio.settings <portfolio.model.Portfolio.settings>`,
`Portfolio.rules <portfolio.model.Portfolio.rules>` and
`Portfolio.waivers <portfolio.model.Portfolio.waivers>`.
"""

from __future__ import annotations

from typing import Any, Final

import attrs

from portfolio.diagnostics import closest
from portfolio.io._raw import RawRules, RawSettings, RawWaiver
from portfolio.io._sections._context import Context, Item, Section, kind
from portfolio.io._sections.calendars import calendar_ids
from portfolio.io._values import plain
from portfolio.io._yaml_reader import MList, MMap
from portfolio.model import Capacity, PortfolioSettings, RuleSettings, Source, Waiver

__all__ = ["PORTFOLIO", "RULES", "WAIVERS"]

_SEVERITIES: Final = ["error", "warning", "info"]
_SUBJECTS: Final = ("platforms", "services", "migrations", "activities", "assignments", "freeze_windows", "baselines")
"""The model fields whose ids a waiver's subject may name."""


def _first(context: Context, items: list[Item], what: str, key: str) -> Item | None:
    """The first of a one-record section's records; a blocking ``duplicate-id`` for each further one."""
    if not items:
        return None
    for extra in items[1:]:
        context.report(
            "duplicate-id",
            f"{what} are given twice (first at {items[0].mark()})",
            extra.mark(),
            hint=f"keep one '{key}:' section",
            blocking=True,
        )
    return items[0]


def declare_settings(context: Context) -> None:
    """The portfolio settings as written, into ``context.built["settings"]`` (references resolved in ``build``)."""
    item = _first(context, context.items["portfolio"], "the portfolio settings", "portfolio")
    if item is None:
        context.built["settings"] = PortfolioSettings()
        return
    raw: RawSettings = item.raw
    context.built["settings"] = PortfolioSettings(
        name=raw.name,
        description=raw.description,
        calendar=raw.calendar,
        start=raw.start,
        key_milestones=tuple(raw.key_milestones),
        critical_float=raw.critical_float,
        lag_from_actual_start=raw.lag_from_actual_start,
        source=item.mark(),
    )


def build_settings(context: Context) -> dict[str, Any]:
    """The settings' calendar and key milestones resolved, each at its own line."""
    settings: PortfolioSettings = context.built["settings"]
    items = context.items["portfolio"]
    if not items:
        return {"settings": attrs.evolve(settings, key_milestones=())}
    first = items[0]
    calendars = calendar_ids(context)
    if settings.calendar not in calendars:
        context.ref(first, "calendar", calendars, "the portfolio's calendar is", settings.calendar)
        settings = attrs.evolve(settings, calendar="rijk")
    activities = context.declared["activities"]
    key_milestones = context.refs(first, "key_milestones", activities, "key milestone is", None)
    return {"settings": attrs.evolve(settings, key_milestones=key_milestones)}


def build_rules(context: Context) -> dict[str, Any]:
    """The ``rules:`` section, with the place of each entry; rule ids are checked later, by the rules engine."""
    item = _first(context, context.items["rules"], "the rules settings", "rules")
    if item is None:
        return {"rules": RuleSettings()}
    raw: RawRules = item.raw
    marks: dict[str, Source] = {}
    for key in ("sets", "enable", "disable", "load"):
        node = item.data.get(key)
        for index, name in enumerate(getattr(raw, key)):
            if isinstance(node, MList) and index < len(node.item_marks):
                marks.setdefault(f"{key}:{name}", node.item_marks[index])
            else:
                marks.setdefault(f"{key}:{name}", item.mark(key))
    return {
        "rules": RuleSettings(
            sets=raw.sets,
            enable=raw.enable,
            disable=raw.disable,
            severity=_severities(context, item, marks),
            parameters=_parameters(context, item, marks),
            load=raw.load,
            source=item.mark(),
            marks=marks,
        )
    }


def _severities(context: Context, item: Item, marks: dict[str, Source]) -> dict[str, str]:
    """The severity of each rule named under ``severity:``; ``bad-value`` for one that is none."""
    severity: dict[str, str] = {}
    node = item.data.get("severity")
    for rule, value in item.raw.severity.items():
        mark = node.value_marks.get(rule, item.mark()) if isinstance(node, MMap) else item.mark()
        marks[f"severity:{rule}"] = node.key_marks.get(rule, mark) if isinstance(node, MMap) else mark
        if value not in _SEVERITIES:
            suggestion = closest(str(value), _SEVERITIES)
            context.report(
                "bad-value",
                f"the rules settings: severity {value!r} of rule '{rule}' is not allowed",
                mark,
                subject=str(rule),
                hint=(f"did you mean '{suggestion}'? " if suggestion else "") + "choose from error, warning, info",
            )
            continue
        severity[str(rule)] = value
    return severity


def _parameters(context: Context, item: Item, marks: dict[str, Source]) -> dict[str, dict[str, Any]]:
    """The parameters of each rule named under ``parameters:``, as plain data; ``wrong-type`` for no mapping."""
    parameters: dict[str, dict[str, Any]] = {}
    node = item.data.get("parameters")
    for rule, values in item.raw.parameters.items():
        mark = node.value_marks.get(rule, item.mark()) if isinstance(node, MMap) else item.mark()
        marks[f"parameters:{rule}"] = node.key_marks.get(rule, mark) if isinstance(node, MMap) else mark
        if not isinstance(values, dict):
            context.report(
                "wrong-type",
                f"the rules settings: the parameters of rule '{rule}' must be a mapping, not {kind(values)}",
                mark,
                subject=str(rule),
                hint="write e.g. 'phased-not-big-bang: {max_cutovers: 2, window: 10}'",
            )
            continue
        for name in values:
            inner = values.value_marks.get(name, mark) if isinstance(values, MMap) else mark
            marks[f"parameters:{rule}.{name}"] = values.key_marks.get(name, inner) if isinstance(values, MMap) else inner
        parameters[str(rule)] = {k: plain(v) for k, v in values.items()}  # no reader types in the model
    return parameters


def build_waivers(context: Context) -> dict[str, Any]:
    """The waivers; a subject must be a declared id (the rule id is checked by the engine)."""
    subjects: set[str] = set()
    for field in _SUBJECTS:
        subjects.update(context.built[field])
    subjects.update(team.id for team in context.built.get("capacity", Capacity()).teams)  # built before the waivers
    waivers = []
    for item in context.items["waivers"]:
        raw: RawWaiver = item.raw
        subject = raw.subject
        if subject is not None and subject not in subjects:
            where = f"waiver of rule '{raw.rule}' names subject"
            context.resolve(subject, None, subjects, where, item.mark("subject"), subject)
            continue
        if raw.accepted is not None and raw.accepted > raw.expires:
            context.report(
                "bad-date",
                f"waiver of rule '{raw.rule}' is accepted ({raw.accepted}) after it expires ({raw.expires})",
                item.mark("accepted"),
                subject=subject,
                hint="correct one of the two dates",
            )
        for key in ("reason", "accepted_by"):
            if not getattr(raw, key).strip():
                context.report(
                    "missing-key",
                    f"waiver of rule '{raw.rule}' has an empty '{key}'",
                    item.mark(key),
                    subject=subject,
                    hint="a waiver says why the finding is accepted and who accepted it",
                )
        waivers.append(
            Waiver(
                rule=raw.rule,
                subject=subject,
                reason=raw.reason,
                accepted_by=raw.accepted_by,
                expires=raw.expires,
                accepted=raw.accepted,
                source=item.mark(),
            )
        )
    return {"waivers": waivers}


PORTFOLIO: Final = Section(name="the portfolio settings", declare=declare_settings, build=build_settings)
"""The portfolio settings: taken as written in the declare phase, their references resolved in the build phase."""
RULES: Final = Section(name="the rules settings", build=build_rules)
"""The rules settings."""
WAIVERS: Final = Section(name="waiver", build=build_waivers)
"""Waivers of rule findings."""
