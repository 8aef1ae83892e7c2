"""Rules as code: the AC ICT migration rules and the DCMA 14-point checks, run over a portfolio and its schedule.

A rule is a plain function ``(portfolio, schedule, *, thresholds...)`` that
yields `Finding` records (see [`portfolio.rules.engine`][portfolio.rules.engine]). The
built-in rule sets are `RULE_SETS`: ``acict``
([`portfolio.rules.acict`][portfolio.rules.acict]) and ``dcma`` ([`portfolio.rules.dcma`][portfolio.rules.dcma]).
`run_rules` selects the rules (the portfolio's ``rules:`` section, or
the rules given), applies parameters, severities and waivers, and never lets
one rule's crash stop the others.

Examples:
    >>> from portfolio.io import load
    >>> from portfolio.scheduling import schedule
    >>> portfolio = load("examples/logius").portfolio
    >>> report = run_rules(portfolio, schedule(portfolio), sets=["acict"])
    >>> sorted({f.rule for f in report.findings})
    ['decision-before-cutover']
    >>> [f.subject for f in report.findings if f.waived]
    ['digipoort.rebuild']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

from portfolio.diagnostics import Diagnostic, Severity, closest, diagnostic
from portfolio.model import Portfolio, RuleSettings
from portfolio.rules import acict, dcma
from portfolio.rules import capacity as _capacity
from portfolio.rules.engine import CRASHED, Finding, Rule, RuleReport, as_rule, evaluate, load_rule, rule
from portfolio.scheduling import Schedule

__all__ = [
    "CRASHED",
    "RULE_SETS",
    "Finding",
    "Rule",
    "RuleReport",
    "as_rule",
    "builtin_rules",
    "configure",
    "evaluate",
    "load_rule",
    "rule",
    "run_rules",
]

RULE_SETS: Final[Mapping[str, tuple[Rule, ...]]] = {
    "acict": tuple(as_rule(r) for r in acict.RULES),
    "dcma": tuple(as_rule(r) for r in dcma.RULES),
    "capacity": tuple(as_rule(r) for r in _capacity.RULES),
}
"""The built-in rule sets by name."""


def builtin_rules() -> dict[str, Rule]:
    """Every built-in rule by id.

    Examples:
        >>> len(builtin_rules())
        26
    """
    return {r.id: r for rules in RULE_SETS.values() for r in rules}


def _as_types(default: Any, value: Any) -> bool:
    """True when ``value`` may replace a parameter whose default is ``default``."""
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(default, str):
        return isinstance(value, str)
    if isinstance(default, list | tuple):
        return isinstance(value, list | tuple)
    return True


def configure(
    settings: RuleSettings,
    sets: Sequence[str] | None = None,
    rules: Sequence[Rule | Callable[..., Iterable[Finding]]] | None = None,
    waived: Iterable[tuple[str, Any]] = (),
) -> tuple[tuple[Rule, ...], dict[str, dict[str, Any]], dict[str, Severity], list[Diagnostic]]:
    """Resolve a ``rules:`` section into the rules to run, their parameters and severities, and problems.

    ``sets`` (e.g. from ``--rules``) overrides the section's ``sets``; the
    default is every built-in set. Given ``rules`` are run as they are (the
    section's sets, ``enable`` and ``disable`` do not apply); parameters,
    severities and loaded user rules still do. ``waived`` is (rule id,
    source) of each waiver, whose rule id is checked too.

    Examples:
        >>> rules, params, severities, problems = configure(RuleSettings(disable=["dcma-lgic"]))
        >>> print(problems[0])
        error[unknown-rule]: rule 'dcma-lgic' (under disable) does not exist; did you mean 'dcma-logic'?
    """
    # size: one pass over the settings in the order a reader checks them (sets, enable, disable, severities, waivers); split, the diagnostics' order would be spread over helpers.
    marks = settings.marks
    problems: list[Diagnostic] = []
    known = builtin_rules()
    loaded: list[Rule] = []
    for path in settings.load:
        found, problem = load_rule(path, marks.get(f"load:{path}", settings.source))
        if problem is not None:
            problems.append(problem)
        loaded.extend(found)
    if rules is not None:
        loaded = [*(as_rule(r) for r in rules), *loaded]
    known.update({r.id: r for r in loaded})

    def unknown(
        name: str, where: str, source: Any, names: Iterable[str], section: str = "", *, named: bool = False
    ) -> None:
        # "rule 'x' does not exist"; with ``named``: "waiver names rule 'x', which does not exist"
        suggestion = closest(name, list(names))
        under = f" (under {section})" if section else ""
        problems.append(
            diagnostic(
                "unknown-rule",
                f"{where} '{name}'{under}{', which' if named else ''} does not exist",
                source=source,
                subject=name,
                hint=f"did you mean '{suggestion}'?"
                if suggestion
                else "see 'portfolio check --help' and docs/rules.md",
            )
        )

    chosen: dict[str, Rule] = {}
    if rules is None:
        names = list(sets) if sets is not None else list(settings.sets) or list(RULE_SETS)
        for name in names:
            if name not in RULE_SETS:
                unknown(name, "rule set", marks.get(f"sets:{name}", settings.source), RULE_SETS)
                continue
            chosen.update({r.id: r for r in RULE_SETS[name]})
        for ident in settings.enable:
            if ident in known:
                chosen[ident] = known[ident]
            else:
                unknown(ident, "rule", marks.get(f"enable:{ident}", settings.source), known, "enable")
        for ident in settings.disable:
            if ident not in known:
                unknown(ident, "rule", marks.get(f"disable:{ident}", settings.source), known, "disable")
            chosen.pop(ident, None)
    chosen.update({r.id: r for r in loaded})
    for ident in settings.severity:
        if ident not in known:
            unknown(ident, "rule", marks.get(f"severity:{ident}", settings.source), known, "severity")
    severities = {k: Severity(v) for k, v in settings.severity.items() if k in known}
    parameters: dict[str, dict[str, Any]] = {}
    for ident, values in settings.parameters.items():
        where = marks.get(f"parameters:{ident}", settings.source)
        if ident not in known:
            unknown(ident, "rule", where, known, "parameters")
            continue
        defaults = known[ident].parameters
        for name, value in values.items():
            place = marks.get(f"parameters:{ident}.{name}", where)
            if name not in defaults:
                suggestion = closest(name, list(defaults))
                problems.append(
                    diagnostic(
                        "bad-rule-parameter",
                        f"rule '{ident}' has no parameter '{name}'",
                        source=place,
                        subject=ident,
                        hint=f"did you mean '{suggestion}'?"
                        if suggestion
                        else f"its parameters are: {', '.join(defaults) or 'none'}",
                    )
                )
            elif not _as_types(defaults[name], value):
                problems.append(
                    diagnostic(
                        "bad-rule-parameter",
                        f"rule '{ident}': parameter '{name}' is {value!r}, but must be like its "
                        f"default {defaults[name]!r}",
                        source=place,
                        subject=ident,
                        hint=f"give a value of the same kind as {defaults[name]!r}",
                    )
                )
            else:
                parameters.setdefault(ident, {})[name] = value
    for ident, source in waived:
        if ident not in known and ident != CRASHED:
            unknown(ident, "waiver names rule", source, known, named=True)
    return tuple(chosen.values()), parameters, severities, problems


def run_rules(
    portfolio: Portfolio,
    schedule: Schedule,
    rules: Sequence[Rule | Callable[..., Iterable[Finding]]] | None = None,
    *,
    sets: Sequence[str] | None = None,
    settings: RuleSettings | None = None,
    as_of: dt.date | None = None,
) -> RuleReport:
    """Run rules over a portfolio and its schedule, configured by its ``rules:`` and ``waivers:`` sections.

    ``rules``: the rules to run (functions or `Rule`), else the
    ``sets`` named (else the section's, else all built-in sets).
    ``settings`` defaults to ``portfolio.rules``. ``as_of`` judges the
    waivers' expiry dates (default: the schedule's status date). Problems
    with the configuration are the report's ``diagnostics``.
    """
    settings = portfolio.rules if settings is None else settings
    chosen, parameters, severities, problems = configure(
        settings, sets, rules, ((w.rule, w.source) for w in portfolio.waivers)
    )
    report = evaluate(portfolio, schedule, chosen, parameters=parameters, severities=severities, as_of=as_of)
    return RuleReport(
        rules=report.rules, findings=report.findings, diagnostics=(*problems, *report.diagnostics), as_of=report.as_of
    )
