"""Check everything: load a portfolio, schedule it, run the rules, and return one typed result.

`check` is what ``portfolio check PATH`` does before it formats
anything: it loads the files, schedules a portfolio that loaded without
errors (as of its latest status update, since some problems, such as a
status date before the start, only scheduling finds), runs the rules
(configured by the portfolio's ``rules:`` and ``waivers:`` sections) and
computes the DCMA 14-point table when the ``dcma`` set ran. Nothing is
printed and nothing raises for bad input: every problem is a located
[`Diagnostic`][portfolio.diagnostics.Diagnostic] in the result.

Examples:
    >>> from portfolio import check
    >>> result = check("examples/logius")
    >>> result.failing(), len(result.portfolio.services) > 0, len(result.metrics)
    (False, True, 14)
    >>> [d.code for d in check("no/such/folder").diagnostics]
    ['io-error']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import attrs

from portfolio.diagnostics import Diagnostic, Severity, has_errors
from portfolio.io import load
from portfolio.model import Portfolio
from portfolio.rules import RULE_SETS, Finding, RuleReport, run_rules
from portfolio.rules.dcma import Metric, metrics
from portfolio.scheduling import schedule

__all__ = ["CheckResult", "check"]


@attrs.frozen(kw_only=True)
class CheckResult:
    """Everything `check` found: load and schedule diagnostics, the rules' report and the DCMA metrics.

    Examples:
        >>> result = check("examples/logius", sets=[])
        >>> result.report is None, result.findings, result.failing(Severity.WARNING)
        (True, (), False)
    """

    portfolio: Portfolio
    """what was loaded (empty when nothing could be read)"""
    diagnostics: tuple[Diagnostic, ...]
    """load, schedule and rule-configuration problems"""
    report: RuleReport | None
    """None when loading failed or no rules ran"""
    metrics: tuple[Metric, ...] = ()
    """the DCMA table, when the dcma set ran"""

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The rules' findings, waived ones included; empty when no rules ran."""
        return self.report.findings if self.report is not None else ()

    def failing(self, threshold: Severity = Severity.ERROR) -> bool:
        """True when a problem, or an unwaived finding, is at or above ``threshold``.

        Args:
            threshold: the lowest severity that fails (``Severity.ERROR`` by default).

        Returns:
            Whether ``portfolio check --severity THRESHOLD`` exits 1 (or 2 for an unreadable path).

        Examples:
            >>> check("no/such/folder").failing()
            True
        """
        if any(d.severity.rank >= threshold.rank for d in self.diagnostics):
            return True
        return self.report is not None and bool(self.report.failing(threshold))


def check(path: Path | str, *, sets: Sequence[str] | None = None, as_of: dt.date | None = None) -> CheckResult:
    """Load, schedule (when the files are sound) and run the rules; rules only run on a portfolio without errors.

    Problems the loader already reported are not repeated by the scheduler.

    Args:
        path: a portfolio folder, a YAML file, an MS Project ``.xml`` or a Primavera P6 ``.xer`` file.
        sets: the rule sets to run; None runs the portfolio's configured sets (default: all), an empty
            sequence runs no rules; an unknown name is an ``unknown-rule`` diagnostic.
        as_of: the day waiver expiry dates are judged on (default: the status date).

    Returns:
        The portfolio, every diagnostic, the rules' report and the DCMA metrics.

    Examples:
        >>> result = check("examples/logius", sets=["acict"])
        >>> sorted({r.ruleset for r in result.report.rules}), result.metrics
        (['acict'], ())
    """
    result = load(path)
    diagnostics = list(result.diagnostics)
    if has_errors(diagnostics):
        return CheckResult(portfolio=result.portfolio, diagnostics=tuple(diagnostics), report=None)
    seen = {(d.code, d.subject) for d in diagnostics}
    plan = schedule(result.portfolio)
    diagnostics += [d for d in plan.diagnostics if (d.code, d.subject) not in seen]
    if sets is not None and not sets:
        return CheckResult(portfolio=result.portfolio, diagnostics=tuple(diagnostics), report=None)
    report = run_rules(result.portfolio, plan, sets=sets, as_of=as_of)
    diagnostics += report.diagnostics
    ran = {r.id for r in report.rules}
    found: tuple[Metric, ...] = ()
    if any(r.id in ran for r in RULE_SETS["dcma"]):
        found = metrics(
            result.portfolio,
            plan,
            {k: dict(v) for k, v in result.portfolio.rules.parameters.items() if k.startswith("dcma-")},
        )
    return CheckResult(portfolio=result.portfolio, diagnostics=tuple(diagnostics), report=report, metrics=found)
