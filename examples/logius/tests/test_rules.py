"""How a programme office tests its portfolio: the built-in rule sets, and one rule of its own.

Run from the repository root with ``pytest examples/logius/tests``; the
plugin that comes with the library provides the ``portfolio_loader`` fixture.
``pytest --portfolio examples/logius`` runs every rule as a test item of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest

from portfolio.model import Portfolio
from portfolio.rules import Finding, acict, rule, run_rules
from portfolio.scheduling import Schedule, schedule
from portfolio.testing import ComplianceError, assert_complies

HERE = Path(__file__).resolve().parent.parent  # the portfolio folder


@rule(id="key-milestones-baselined", title="Key milestones have a baseline date", ruleset="logius")
def key_milestones_baselined(portfolio: Portfolio, schedule: Schedule) -> Iterator[Finding]:
    """Every key milestone of the portfolio and of each running assignment has a date in the current baseline.

    Rationale: the monthly report to BZK shows the slippage of the key
    milestones; a key milestone without a baseline date has no slippage to
    show, and so can slip unseen.

    Source: programme office Logius, house rule for the maandrapportage.
    """
    baseline = portfolio.current_baseline
    dated = set(baseline.entries) if baseline is not None else set()
    wanted = dict.fromkeys(portfolio.settings.key_milestones)
    for assignment in portfolio.assignments.values():
        if assignment.status.value == "running":
            wanted.update(dict.fromkeys(assignment.key_milestones))
    for milestone in wanted:
        if milestone not in dated:
            yield Finding(
                subject=milestone,
                message=f"key milestone '{milestone}' has no date in the current baseline",
                hint="capture a baseline that includes it",
            )


@pytest.fixture(scope="module")
def logius(portfolio_loader: Callable[[Path], Portfolio]) -> Portfolio:
    """The portfolio in this folder (the test fails with every problem if it does not load)."""
    return portfolio_loader(HERE)


def test_acict_rules(logius: Portfolio) -> None:
    """The portfolio keeps the AC ICT migration rules (accepted findings are waived in rules.yaml)."""
    assert_complies(logius, rules=acict.RULES)


def test_only_digipoort_waived(logius: Portfolio) -> None:
    """The one finding the programme board accepted is Digipoort's pending landing decision."""
    report = run_rules(logius, schedule(logius), sets=["acict"])
    waived = [(f.rule, f.subject) for f in report.findings if f.waived]
    assert waived == [("decision-before-cutover", "digipoort.rebuild")]


def test_key_milestones_baselined(logius: Portfolio) -> None:
    """Our own rule: every key milestone we report on has a baseline date."""
    assert_complies(logius, rules=[key_milestones_baselined])


def test_own_rule_catches_a_missing_milestone(logius: Portfolio) -> None:
    """The own rule fails when a key milestone is missing from the baseline (so the test above can fail)."""
    baseline = logius.current_baseline
    assert baseline is not None
    entries = {k: v for k, v in baseline.entries.items() if k != "easi.exit"}
    changed = attrs.evolve(logius, baselines={baseline.name: attrs.evolve(baseline, entries=entries)})
    with pytest.raises(ComplianceError, match=r"'easi\.exit' has no date"):
        assert_complies(changed, rules=[key_milestones_baselined])
