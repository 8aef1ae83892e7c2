"""Rules as tests: assertion helpers, fixtures, and the pytest plugin behind ``pytest --portfolio PATH``.

In a hand-written test::

    from portfolio.rules import acict
    from portfolio.testing import assert_complies

    def test_acict(portfolio_loader):
        assert_complies(portfolio_loader("examples/logius"), rules=acict.RULES)

The plugin (registered as the ``pytest11`` entry point ``portfolio``) adds
``--portfolio PATH``: it loads and schedules that portfolio and collects one
test item per rule, and one per rule and subject where the rule finds
something. Without ``--portfolio`` it does nothing (it only adds its options
and fixtures), so it costs nothing in an ordinary test run.

Examples:
    >>> from portfolio.model import Portfolio, Service
    >>> assert_complies(Portfolio(services=[Service(id="digid", name="DigiD")]), rules=[]).findings
    ()
    >>> try:
    ...     assert_complies(Portfolio(services=[Service(id="digid", name="DigiD")]), sets=["acict"])
    ... except AssertionError as error:
    ...     print(error)
    1 finding(s) at or above error:
      error[plan-per-service]: service 'digid' has no migration plan; add a migration under the service (approach 'retain' if it stays where it is)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from portfolio.model import Portfolio
    from portfolio.rules import Finding, Rule, RuleReport
    from portfolio.scheduling import Schedule

__all__ = ["ComplianceError", "assert_complies", "portfolio_loader"]


class ComplianceError(AssertionError):
    """The portfolio breaks rules: the message lists every failing finding with its place."""

    def __init__(self, findings: Sequence[Finding], threshold: str) -> None:
        lines = [f"{len(findings)} finding(s) at or above {threshold}:", *(f"  {f}" for f in findings)]
        super().__init__("\n".join(lines))
        self.findings = tuple(findings)


def assert_complies(
    portfolio: Portfolio,
    rules: Sequence[Rule | Callable[..., Iterable[Finding]]] | None = None,
    *,
    sets: Sequence[str] | None = None,
    schedule: Schedule | None = None,
    severity: str = "error",
    as_of: dt.date | None = None,
) -> RuleReport:
    """Fail (raise `ComplianceError`) when ``portfolio`` has unwaived findings at or above ``severity``.

    ``rules`` or ``sets`` choose the rules (default: as the portfolio's
    ``rules:`` section says, else every built-in set); the portfolio's
    parameters, severities and waivers apply. Returns the report when the
    portfolio complies.
    """
    from portfolio.diagnostics import Severity  # noqa: PLC0415 - keep the plugin cheap to load
    from portfolio.rules import run_rules  # noqa: PLC0415
    from portfolio.scheduling import schedule as make_schedule  # noqa: PLC0415

    plan = schedule if schedule is not None else make_schedule(portfolio)
    report = run_rules(portfolio, plan, rules, sets=sets, as_of=as_of)
    failing = report.failing(Severity(severity))
    if failing:
        raise ComplianceError(failing, severity)
    return report


def _load(path: str | Path) -> Portfolio:
    from portfolio.diagnostics import has_errors  # noqa: PLC0415
    from portfolio.io import load  # noqa: PLC0415

    result = load(path)
    if has_errors(result.diagnostics):
        problems = "\n".join(f"  {d}" for d in result.diagnostics)
        pytest.fail(f"portfolio {path} does not load:\n{problems}", pytrace=False)
    return result.portfolio


@pytest.fixture(scope="session")
def portfolio_loader() -> Callable[[str | Path], Portfolio]:
    """A function that loads a portfolio folder or file, failing the test (with every problem) when it has errors."""
    return _load


# -- the plugin -------------------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--portfolio PATH``, ``--portfolio-rules SETS`` and ``--portfolio-severity``."""
    group = parser.getgroup("portfolio", "portfolio rules as tests")
    group.addoption(
        "--portfolio",
        dest="portfolio_path",
        metavar="PATH",
        default=None,
        help="load this portfolio and collect one test per rule (and per subject where it fails)",
    )
    group.addoption(
        "--portfolio-rules",
        dest="portfolio_rules",
        metavar="SETS",
        default=None,
        help="comma-separated rule sets (default: the portfolio's 'rules:' section, else all)",
    )
    group.addoption(
        "--portfolio-severity",
        dest="portfolio_severity",
        choices=("error", "warning"),
        default="error",
        help="findings at or above this severity fail (default: error)",
    )


class PortfolioCollector(pytest.Collector):
    """The portfolio given by ``--portfolio``: its rules become test items."""

    def __init__(self, *, portfolio_path: Path, sets: Sequence[str] | None, severity: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.portfolio_path = portfolio_path
        self.sets = sets
        self.severity = severity

    def collect(self) -> Iterator[pytest.Item]:
        """One item for loading when it fails, else one per rule (per rule and subject where it finds)."""
        from portfolio.diagnostics import Severity, has_errors  # noqa: PLC0415
        from portfolio.io import load  # noqa: PLC0415
        from portfolio.rules import run_rules  # noqa: PLC0415
        from portfolio.scheduling import schedule  # noqa: PLC0415

        result = load(self.portfolio_path)
        if has_errors(result.diagnostics):
            yield RuleItem.from_parent(
                self, name="load", findings=(), problems=tuple(str(d) for d in result.diagnostics)
            )
            return
        report = run_rules(result.portfolio, schedule(result.portfolio), sets=self.sets)
        threshold = Severity(self.severity)
        if report.diagnostics:
            yield RuleItem.from_parent(
                self,
                name="configuration",
                findings=(),
                problems=tuple(str(d) for d in report.diagnostics if d.severity.rank >= threshold.rank),
            )
        for rule in report.rules:
            found = [f for f in report.of(rule.id) if (f.severity or Severity.ERROR).rank >= threshold.rank]
            found += [f for f in report.findings if f.rule == "rule-crashed" and f.subject == rule.id]
            if not found:
                yield RuleItem.from_parent(self, name=rule.id, findings=(), problems=(), statement=rule.statement)
                continue
            by_subject: dict[str, list[Finding]] = {}
            for finding in found:
                by_subject.setdefault(finding.subject or "portfolio", []).append(finding)
            for subject, items in by_subject.items():
                yield RuleItem.from_parent(
                    self, name=f"{rule.id}[{subject}]", findings=tuple(items), problems=(), statement=rule.statement
                )


class RuleItem(pytest.Item):
    """One rule (or one rule and subject) of the portfolio, as a test."""

    def __init__(
        self, *, findings: tuple[Finding, ...], problems: tuple[str, ...], statement: str = "", **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.findings = findings
        self.problems = problems
        self.statement = statement

    def runtest(self) -> None:
        """Fail on unwaived findings and load problems; skip when every finding is waived."""
        active = [f for f in self.findings if not f.waived]
        if self.problems or active:
            waived = [f for f in self.findings if f.waived]
            raise _RuleFailedError("\n".join([*self.problems, *(str(f) for f in [*active, *waived])]))
        if self.findings:
            pytest.skip("waived: " + "; ".join(str(f) for f in self.findings))

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        """The findings, one per line, under the rule's statement: no traceback."""
        if isinstance(excinfo.value, _RuleFailedError):
            head = f"rule: {self.statement}\n" if self.statement else ""
            return head + str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Where the item points: the first finding's file and line, else the portfolio."""
        for finding in self.findings:
            if finding.source is not None:
                return Path(finding.source.file), max(finding.source.line - 1, 0), self.name
        return self.path, None, self.name


class _RuleFailedError(Exception):
    """Raised by a rule item that fails; its text is the findings."""


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``--portfolio``, add the portfolio's rule items to the collected items."""
    path = config.getoption("portfolio_path", None)
    if not path:
        return
    rules = config.getoption("portfolio_rules", None)
    sets = None if rules is None else [s.strip() for s in rules.split(",") if s.strip() and s.strip() != "none"]
    target = Path(path).resolve()
    collector = PortfolioCollector.from_parent(
        session,
        name=f"portfolio[{path}]",
        path=target,
        nodeid=f"portfolio[{path}]",
        portfolio_path=target,
        sets=sets,
        severity=config.getoption("portfolio_severity", "error"),
    )
    items.extend(collector.collect())
