"""The rules engine: crashing rules, waivers, configuration from the portfolio files, user rules by dotted path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio.diagnostics import Severity
from portfolio.io import load
from portfolio.model import Portfolio, RuleSettings, Service, Waiver
from portfolio.rules import CRASHED, Finding, as_rule, builtin_rules, configure, load_rule, rule, run_rules
from portfolio.scheduling import Schedule, schedule

D = dt.date


def lonely() -> Portfolio:
    """One service without a migration plan: plan-per-service finds it."""
    return Portfolio(services=[Service(id="digid", name="DigiD")])


def crashing(portfolio: Portfolio, schedule: Schedule) -> Iterator[Finding]:
    """A rule that raises."""
    raise ZeroDivisionError("division by zero")
    yield  # pragma: no cover


def test_a_crashing_rule_is_a_finding_and_the_others_still_run() -> None:
    """A rule that raises becomes one rule-crashed error naming it; the next rule still runs."""
    p = lonely()
    report = run_rules(p, schedule(p), [crashing, builtin_rules()["plan-per-service"]])
    assert [(CRASHED, "crashing", Severity.ERROR), ("plan-per-service", "digid", Severity.ERROR)] == [
        (f.rule, f.subject, f.severity) for f in report.findings
    ]
    assert "ZeroDivisionError: division by zero" in report.findings[0].message


def test_a_rule_yielding_the_wrong_thing_crashes() -> None:
    """A rule that yields something else than a Finding is reported as crashed."""

    def sloppy(portfolio: Portfolio, schedule: Schedule) -> Iterator[str]:
        yield "oops"

    p = lonely()
    (found,) = run_rules(p, schedule(p), [sloppy]).findings  # type: ignore[list-item]
    assert (CRASHED, "sloppy") == (found.rule, found.subject)


def waived(expires: dt.date, subject: str = "digid", accepted: dt.date | None = None) -> Portfolio:
    waiver = Waiver(
        rule="plan-per-service",
        subject=subject,
        reason="plan in preparation",
        accepted_by="programme board",
        expires=expires,
        accepted=accepted,
    )
    return Portfolio(services=[Service(id="digid", name="DigiD")], waivers=[waiver])


def test_active_waiver() -> None:
    """A waiver that has not expired on the as-of date accepts the finding, which stays visible as waived."""
    p = waived(D(2024, 3, 31))
    report = run_rules(p, schedule(p), sets=["acict"], as_of=D(2024, 3, 31))
    (found,) = report.findings
    assert (True, (), ()) == (found.waived, report.failing(), report.diagnostics)
    assert "waived: service 'digid' has no migration plan (accepted by programme board until 2024-03-31" in str(found)


def test_expired_waiver() -> None:
    """After its expiry date the finding is back, with a note that the waiver expired."""
    p = waived(D(2024, 3, 31))
    report = run_rules(p, schedule(p), sets=["acict"], as_of=D(2024, 4, 1))
    (found,) = report.findings
    assert (False, "the waiver accepted by programme board expired on 2024-03-31") == (found.waived, found.note)
    assert (found,) == report.failing()


def test_waiver_before_its_acceptance_date() -> None:
    """Before its acceptance date a waiver does not apply: the finding is active, with a note saying when it was accepted."""
    p = waived(D(2024, 3, 31), accepted=D(2023, 12, 18))
    report = run_rules(p, schedule(p), sets=["acict"], as_of=D(2023, 8, 31))
    (found,) = report.findings
    assert (False, "waiver accepted only on 2023-12-18", ()) == (found.waived, found.note, report.diagnostics)
    assert str(found).endswith("(waiver accepted only on 2023-12-18)")


def test_waiver_on_its_acceptance_date() -> None:
    """From its acceptance date on, a waiver accepts the finding."""
    p = waived(D(2024, 3, 31), accepted=D(2023, 12, 18))
    (found,) = run_rules(p, schedule(p), sets=["acict"], as_of=D(2023, 12, 18)).findings
    assert True is found.waived


def test_waiver_accepted_date_is_loaded(tmp_path: Path) -> None:
    """The loader reads a waiver's accepted date; one after its expiry date is a bad-date error."""
    (tmp_path / "plan.yaml").write_text(
        "services:\n  - {id: digid, name: DigiD}\nwaivers:\n"
        "  - {rule: plan-per-service, subject: digid, reason: r, accepted_by: b, accepted: 2023-12-18, "
        "expires: 2024-03-31}\n"
        "  - {rule: freeze-windows, subject: digid, reason: r, accepted_by: b, accepted: 2024-05-01, "
        "expires: 2024-03-31}\n",
        encoding="utf-8",
    )
    result = load(tmp_path)
    expected = ([D(2023, 12, 18), D(2024, 5, 1)], [("bad-date", 5)])
    actual = (
        [w.accepted for w in result.portfolio.waivers],
        [(d.code, d.source.line if d.source else 0) for d in result.diagnostics],
    )
    assert expected == actual


def test_unused_waiver() -> None:
    """A waiver that matches no finding is reported as unused-waiver."""
    p = Portfolio(
        services=[Service(id="digid", name="DigiD")],
        waivers=[
            *waived(D(2030, 1, 1)).waivers,
            Waiver(rule="freeze-windows", subject="digid", reason="r", accepted_by="b", expires=D(2030, 1, 1)),
        ],
    )
    report = run_rules(p, schedule(p), sets=["acict"])
    assert [("unused-waiver", "digid")] == [(d.code, d.subject) for d in report.diagnostics]
    assert "waiver of rule 'freeze-windows' for 'digid' matches no finding" == report.diagnostics[0].message


def test_waiver_of_a_rule_that_did_not_run_is_not_unused() -> None:
    """A waiver for a rule outside the sets run is not reported as unused."""
    p = waived(D(2030, 1, 1))
    assert () == run_rules(p, schedule(p), sets=["dcma"]).diagnostics


def test_configuration_from_the_files(tmp_path: Path) -> None:
    """The rules: section disables rules, sets severities and parameters; bad ids and parameters are located."""
    (tmp_path / "plan.yaml").write_text(
        "services:\n  - {id: digid, name: DigiD}\n"
        "rules:\n"
        "  sets: [acict, dmca]\n"
        "  disable: [freeze-windows]\n"
        "  severity: {plan-per-service: warning}\n"
        "  parameters:\n"
        "    availability-norm: {norm: high, nrom: 99}\n",
        encoding="utf-8",
    )
    p = load(tmp_path).portfolio
    report = run_rules(p, schedule(p))
    assert [
        ("unknown-rule", 4, "did you mean 'dcma'?"),
        ("bad-rule-parameter", 8, "give a value of the same kind as 99.8"),
        ("bad-rule-parameter", 8, "did you mean 'norm'?"),
    ] == [(d.code, d.source.line if d.source else 0, d.hint) for d in report.diagnostics]
    assert "freeze-windows" not in {r.id for r in report.rules}
    assert [("plan-per-service", Severity.WARNING)] == [(f.rule, f.severity) for f in report.findings]


def test_unknown_rule_in_a_waiver(tmp_path: Path) -> None:
    """A waiver naming a rule that does not exist is an unknown-rule error at the waiver."""
    (tmp_path / "plan.yaml").write_text(
        "services:\n  - {id: digid, name: DigiD}\n"
        "waivers:\n  - {rule: plan-per-servise, subject: digid, reason: r, accepted_by: b, expires: 2030-01-01}\n",
        encoding="utf-8",
    )
    p = load(tmp_path).portfolio
    (problem,) = [d for d in run_rules(p, schedule(p)).diagnostics if d.code == "unknown-rule"]
    assert (4, "did you mean 'plan-per-service'?") == (problem.source.line, problem.hint)  # type: ignore[union-attr]
    expected = "waiver names rule 'plan-per-servise', which does not exist; did you mean 'plan-per-service'?"
    assert expected == str(problem).split(": ", 1)[1].split("]: ", 1)[1]


def test_user_rule_by_dotted_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user rule named in the files as 'module:function' is imported and run with the built-in ones."""
    (tmp_path / "my_rules.py").write_text(
        "from portfolio.rules import Finding\n\n"
        "def owner_named(portfolio, schedule, *, who: str = 'Logius'):\n"
        "    '''Every service names its owner.'''\n"
        "    for s in portfolio.services.values():\n"
        "        if not s.owner:\n"
        "            yield Finding(subject=s.id, message=f'{s.id} has no owner ({who})')\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    settings = RuleSettings(
        load=["my_rules:owner_named", "my_rules.nothing_here"], parameters={"owner-named": {"who": "BZK"}}
    )
    p = lonely()
    report = run_rules(p, schedule(p), sets=[], settings=settings)
    assert [("owner-named", "digid has no owner (BZK)")] == [(f.rule, f.message) for f in report.findings]
    assert ["rule-import"] == [d.code for d in report.diagnostics]


def test_load_rule_reports_import_errors() -> None:
    """An unimportable module, a missing function and a non-callable are diagnostics, never exceptions."""
    assert "rule-import" == load_rule("no_such_module_xyz:rule")[1].code  # type: ignore[union-attr]
    assert "rule-import" == load_rule("portfolio.rules.acict:RULEZ")[1].code  # type: ignore[union-attr]
    assert "rule-import" == load_rule("portfolio.rules.acict:_SET")[1].code  # type: ignore[union-attr]
    assert "rule-import" == load_rule("justaname")[1].code  # type: ignore[union-attr]
    rules, problem = load_rule("portfolio.rules.acict.RULES")
    assert (11, None) == (len(rules), problem)


def test_rule_metadata_from_decorator_and_docstring() -> None:
    """A decorated rule takes id, title and severity from the decorator, the rest from its docstring."""

    @rule(id="x-rule", title="X", severity=Severity.INFO, ruleset="house")
    def x(portfolio: Portfolio, schedule: Schedule, *, limit: int = 3) -> Iterator[Finding]:
        """Statement.

        Rationale: because.

        Source: the house style.
        """
        yield from ()

    made = as_rule(x)
    assert ("x-rule", "X", "Statement.", "because.", "the house style.", Severity.INFO, "house", {"limit": 3}) == (
        made.id,
        made.title,
        made.statement,
        made.rationale,
        made.source,
        made.severity,
        made.ruleset,
        dict(made.parameters),
    )


def test_configure_default_runs_every_builtin_rule() -> None:
    """Without settings, every built-in rule runs: 11 AC ICT, 14 DCMA and 1 capacity."""
    rules, _params, _sev, problems = configure(RuleSettings())
    assert (26, []) == (len(rules), problems)


def test_every_builtin_rule_is_in_the_docs() -> None:
    """docs/rules.md names every built-in rule id."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    assert [] == [ident for ident in builtin_rules() if f"`{ident}`" not in text]


def test_example_waiver_is_not_applied_before_the_board_accepted_it() -> None:
    """In the example as of August 2023 the Digipoort finding is active: the board accepted it only on 18 December."""
    p = load(Path(__file__).resolve().parents[1] / "examples" / "logius").portfolio
    report = run_rules(p, schedule(p, status_date=D(2023, 8, 31)), as_of=D(2023, 8, 31))
    (found,) = [f for f in report.findings if f.subject == "digipoort.rebuild"]
    assert (False, "waiver accepted only on 2023-12-18") == (found.waived, found.note)
