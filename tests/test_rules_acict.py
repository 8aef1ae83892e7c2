"""The AC ICT rules: each fires on a small portfolio that breaks it and stays silent on one that keeps it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portfolio.calendar import builtin
from portfolio.diagnostics import Severity
from portfolio.io import load
from portfolio.rules import Finding, acict, as_rule, run_rules
from portfolio.scheduling import schedule

#: A portfolio that keeps every AC ICT rule: one service moving from EASI to LPC, tested, decided, with a way back.
GOOD = """\
portfolio: {start: 2024-01-08}
platforms:
  - id: easi
    name: EASI
    contract_end: 2024-12-31
    exit: exit
    activities:
      - {id: exit, kind: decommission, after: [svc.cutover]}
  - id: lpc
    name: LPC
    ready: ready
    activities:
      - {id: build, duration: 10d}
      - {id: ready, kind: readiness, after: [build]}
services:
  - id: svc
    name: Service
    platform: easi
    availability_norm: 99.8
    migrations:
      - id: move
        source: easi
        target: lpc
        approach: rehost
        fallback: back to EASI
        activities:
          - {id: prep, duration: 5d}
          - {id: test, kind: test-migration, duration: 2d, after: [prep]}
          - {id: go, kind: go-no-go, after: [test]}
          - {id: cutover, kind: cutover, platform: lpc, after: [go, lpc.ready]}
"""


def findings(tmp_path: Path, text: str, rule: object, **parameters: object) -> list[tuple[str | None, str]]:
    """Load ``text``, schedule it, run one rule; (subject, severity) of each finding."""
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    result = load(path)
    assert result.ok, result.diagnostics
    report = run_rules(result.portfolio, schedule(result.portfolio), [rule])  # type: ignore[list-item]
    assert [] == [f for f in report.findings if f.rule == "rule-crashed"]
    return [(f.subject, (f.severity or Severity.ERROR).value) for f in report.findings]


@pytest.mark.parametrize("rule", acict.RULES, ids=lambda r: r.__name__)
def test_good_portfolio_keeps_every_rule(tmp_path: Path, rule: object) -> None:
    """The small good portfolio gives no finding under any AC ICT rule."""
    assert [] == findings(tmp_path, GOOD, rule)


def test_plan_per_service(tmp_path: Path) -> None:
    """A service without a migration plan is found."""
    text = GOOD + "  - {id: other, name: Other, platform: easi}\n"
    assert [("other", "error")] == findings(tmp_path, text, acict.plan_per_service)


def test_plan_per_service_names_its_approach(tmp_path: Path) -> None:
    """A plan that leaves its approach out is found (the loader assumes rehost; nobody chose it); written, it is not."""
    assert "approach: rehost" in GOOD
    text = GOOD.replace("        approach: rehost\n", "")
    assert [("svc.move", "error")] == findings(tmp_path, text, acict.plan_per_service)
    loaded = load(tmp_path / "plan.yaml").portfolio
    (found,) = run_rules(loaded, schedule(loaded), [acict.plan_per_service]).findings
    assert found.key == "plan-per-service.no-approach"
    assert "names no approach (rehost is assumed)" in found.message
    migration = loaded.migrations["svc.move"]
    assert (migration.approach.value, migration.approach_stated) == ("rehost", False)
    assert [("svc.move", "error")] == findings(tmp_path, GOOD.replace("approach: rehost", "approach:"),
                                               acict.plan_per_service)  # written empty: not stated either
    for approach in ("rehost", "Retain"):
        (tmp_path / "plan.yaml").write_text(GOOD.replace("approach: rehost", f"approach: {approach}"), encoding="utf-8")
        assert load(tmp_path / "plan.yaml").portfolio.migrations["svc.move"].approach_stated


def test_plan_per_service_scope(tmp_path: Path) -> None:
    """Services outside the platforms in scope are not judged."""
    text = GOOD + "  - {id: other, name: Other, platform: lpc}\n"
    assert [("other", "error")] == findings(tmp_path, text, acict.plan_per_service)
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    p = load(path).portfolio
    found = list(acict.plan_per_service(p, schedule(p), platforms=["easi"]))
    assert [] == found


def test_target_ready_before_readiness(tmp_path: Path) -> None:
    """A cutover dated before its platform is ready is found."""
    text = GOOD.replace("after: [go, lpc.ready]", "after: [go]")
    assert [("svc.cutover", "error")] == findings(tmp_path, text, acict.target_ready)


def test_target_ready_not_waiting(tmp_path: Path) -> None:
    """A cutover that lies after readiness only by chance (no relation) is found; without require_logic it is not."""
    text = GOOD.replace("after: [go, lpc.ready]", "after: [go]").replace(
        "{id: build, duration: 10d}", "{id: build, duration: 3d}"
    )
    assert [("svc.cutover", "error")] == findings(tmp_path, text, acict.target_ready)
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    p = load(path).portfolio
    assert [] == list(acict.target_ready(p, schedule(p), require_logic=False))


OPEN = (
    GOOD.replace("        target: lpc\n", "        candidates: [lpc, easi2]\n        decision: pick\n")
    .replace(
        "          - {id: prep, duration: 5d}\n",
        "          - {id: prep, duration: 5d}\n          - {id: pick, kind: decision, after: [prep]}\n",
    )
    .replace("after: [go, lpc.ready]", "after: [go, pick]")
    .replace("platforms:\n", "platforms:\n  - {id: easi2, name: EASI 2}\n")
    .replace("platform: lpc, after", "after")
)


def test_decision_pending_is_a_warning(tmp_path: Path) -> None:
    """An open migration whose cutover waits for a decision not yet taken gives one warning."""
    assert [("svc.move", "warning")] == findings(tmp_path, OPEN, acict.decision_before_cutover)


def test_decision_pending_can_be_silenced(tmp_path: Path) -> None:
    """With report_pending off, an open migration that keeps the rule gives nothing."""
    path = tmp_path / "p.yaml"
    path.write_text(OPEN, encoding="utf-8")
    p = load(path).portfolio
    assert [] == list(acict.decision_before_cutover(p, schedule(p), report_pending=False))


def test_cutover_before_decision(tmp_path: Path) -> None:
    """A cutover scheduled before the landing decision (not tied to it) is an error."""
    text = OPEN.replace("after: [go, pick]", "after: [go]").replace(
        "{id: pick, kind: decision, after: [prep]}", "{id: pick, kind: decision, constraint: SNET 2024-03-01}"
    )
    assert [("svc.cutover", "error")] == findings(tmp_path, text, acict.decision_before_cutover)


def test_cutover_not_tied_to_decision(tmp_path: Path) -> None:
    """A cutover that lies after the decision only by chance is an error."""
    text = OPEN.replace("after: [go, pick]", "after: [go]").replace(
        "{id: pick, kind: decision, after: [prep]}", "{id: pick, kind: decision}"
    )
    assert [("svc.cutover", "error")] == findings(tmp_path, text, acict.decision_before_cutover)


def test_rehearsal_and_fallback(tmp_path: Path) -> None:
    """A cutover without test migration and go/no-go, in a migration without fallback, gives two findings."""
    text = GOOD.replace("after: [go, lpc.ready]", "after: [prep, lpc.ready]").replace(
        "        fallback: back to EASI\n", ""
    )
    assert [("svc.cutover", "error"), ("svc.move", "error")] == findings(tmp_path, text, acict.rehearsal_and_fallback)


def test_rehearsal_of_another_migration_does_not_count(tmp_path: Path) -> None:
    """A test migration of another service before the cutover does not count."""
    text = GOOD.replace("after: [go, lpc.ready]", "after: [prep, lpc.ready, other.test, other.go]") + (
        "  - id: other\n    name: Other\n    activities:\n"
        "      - {id: test, kind: test-migration, duration: 1d}\n      - {id: go, kind: go-no-go, after: [test]}\n"
    )
    assert [("svc.cutover", "error")] == findings(tmp_path, text, acict.rehearsal_and_fallback)


def _more_services(count: int, gap: str = "") -> str:
    text = ""
    for i in range(count):
        text += (
            f"  - id: s{i}\n    name: S{i}\n    platform: easi\n    migrations:\n      - id: m\n"
            f"        source: easi\n        target: lpc\n        fallback: back\n        activities:\n"
            f"          - {{id: cutover, kind: cutover, after: [svc.cutover{gap}]}}\n"
        )
    return text


def test_phased_not_big_bang(tmp_path: Path) -> None:
    """Three cutovers onto one platform on one day are a (small) big bang."""
    assert [("svc.cutover", "warning")] == findings(tmp_path, GOOD + _more_services(2), acict.phased_not_big_bang)


def test_phased_spread_out(tmp_path: Path) -> None:
    """Cutovers two working weeks apart are phased."""
    text = GOOD + _more_services(1, " FS+10d")
    assert [] == findings(tmp_path, text, acict.phased_not_big_bang)


def test_source_exit_before_cutover_and_after_contract(tmp_path: Path) -> None:
    """An exit that does not wait for a cutover off the platform, and an exit after the contract end, are found."""
    text = GOOD.replace(
        "{id: exit, kind: decommission, after: [svc.cutover]}",
        "{id: exit, kind: decommission, constraint: SNET 2025-02-03}",
    ).replace("contract_end: 2024-12-31", "contract_end: 2025-01-31")
    assert [("svc.cutover", "error"), ("easi", "error")] == findings(tmp_path, text, acict.source_exit_last)


def test_source_exit_too_early(tmp_path: Path) -> None:
    """An exit dated before the last cutover off the platform is found."""
    text = GOOD.replace("{id: exit, kind: decommission, after: [svc.cutover]}", "{id: exit, kind: decommission}")
    assert [("svc.cutover", "error")] == findings(tmp_path, text, acict.source_exit_last)


def test_freeze_windows(tmp_path: Path) -> None:
    """A cutover inside a freeze window is found; a window elsewhere or for another platform is not."""
    window = "freeze_windows:\n  - {{id: f, from: {0}, to: {1}{2}}}\n"
    inside = window.format("2024-01-15", "2024-01-31", "")
    assert [("svc.cutover", "error")] == findings(tmp_path, GOOD + inside, acict.freeze_windows)
    assert [] == findings(tmp_path, GOOD + window.format("2024-02-01", "2024-02-28", ""), acict.freeze_windows)
    other = window.format("2024-01-15", "2024-01-31", ", platforms: [odc]")
    text = GOOD.replace("platforms:\n", "platforms:\n  - {id: odc, name: ODC}\n") + other
    assert [] == findings(tmp_path, text, acict.freeze_windows)


ASSIGNMENT = """\
assignments:
  - id: opd-1
    title: Migratie
    client: {client}
    contractor: Logius
    status: running
    key_milestones: [svc.cutover]
baseline:
  name: plan
  activities:
    svc.cutover: [2023-12-01, 2023-12-01]
status:
  date: 2024-01-08
  assignments:
    opd-1: {{rag: {rag}, explanation: "{explanation}"}}
"""


def test_assignment_governance_names(tmp_path: Path) -> None:
    """A running assignment without a client is found; with one, it keeps the rule."""
    bad = ASSIGNMENT.format(client='""', rag="amber", explanation="late: cause, effect, fix")
    assert [("opd-1", "error")] == findings(tmp_path, GOOD + bad, acict.assignment_governance)
    good = ASSIGNMENT.format(client="BZK", rag="amber", explanation="late: cause, effect, fix")
    assert [] == findings(tmp_path, GOOD + good, acict.assignment_governance)


def test_assignment_governance_explanation(tmp_path: Path) -> None:
    """A red assignment, or one whose key milestone slipped with no RAG reported, needs an explanation."""
    red = ASSIGNMENT.format(client="BZK", rag="red", explanation="")
    assert [("opd-1", "error")] == findings(tmp_path, GOOD + red, acict.assignment_governance)
    slipped = ASSIGNMENT.format(client="BZK", rag="null", explanation="")
    assert [("opd-1", "error")] == findings(tmp_path, GOOD + slipped, acict.assignment_governance)


def test_no_false_green(tmp_path: Path) -> None:
    """Green while the key milestone is weeks past its baseline is wrongly green; amber is honest."""
    green = ASSIGNMENT.format(client="BZK", rag="green", explanation="")
    assert [("opd-1", "error")] == findings(tmp_path, GOOD + green, acict.no_false_green)
    amber = ASSIGNMENT.format(client="BZK", rag="amber", explanation="late")
    assert [] == findings(tmp_path, GOOD + amber, acict.no_false_green)
    on_time = green.replace("[2023-12-01, 2023-12-01]", "[2024-01-22, 2024-01-22]")
    assert [] == findings(tmp_path, GOOD + on_time, acict.no_false_green)


def test_replan_recorded(tmp_path: Path) -> None:
    """A later baseline that moves dates without saying what it replaces is found; with replaces and reason it is not."""
    (tmp_path / "b1.yaml").write_text(
        "baseline:\n  name: first\n  captured: 2023-10-01\n  activities:\n    svc.cutover: [2024-01-15, 2024-01-15]\n",
        encoding="utf-8",
    )
    second = (
        "baseline:\n  name: second\n  captured: 2023-11-01\n  current: true\n{extra}  activities:\n"
        "    svc.cutover: [2024-01-22, 2024-01-22]\n"
    )
    (tmp_path / "plan.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b2.yaml").write_text(second.format(extra=""), encoding="utf-8")
    p = load(tmp_path).portfolio
    assert ["second"] == [f.subject for f in acict.replan_recorded(p, schedule(p))]
    (tmp_path / "b2.yaml").write_text(
        second.format(extra="  replaces: first\n  reason: board decision\n"), encoding="utf-8"
    )
    p = load(tmp_path).portfolio
    assert [] == list(acict.replan_recorded(p, schedule(p)))


def test_availability_norm(tmp_path: Path) -> None:
    """Availability below the norm is found; at or above it is not."""
    status = "status:\n  date: 2024-01-08\n  availability: {{svc: {0}}}\n"
    assert [("svc", "warning")] == findings(tmp_path, GOOD + status.format(99.5), acict.availability_norm)
    assert [] == findings(tmp_path, GOOD + status.format(99.8), acict.availability_norm)


def test_every_rule_is_documented() -> None:
    """Every AC ICT rule has a statement, a rationale and a source, and a unique id."""
    rules = [as_rule(r) for r in acict.RULES]
    assert 11 == len({r.id for r in rules})
    assert [] == [r.id for r in rules if not (r.statement and r.rationale and r.source)]


def test_findings_carry_the_subjects_line(tmp_path: Path) -> None:
    """A finding points at the file and line where its subject is declared."""
    path = tmp_path / "plan.yaml"
    path.write_text(GOOD + "  - {id: other, name: Other}\n", encoding="utf-8")
    p = load(path).portfolio
    (found,) = run_rules(p, schedule(p), [acict.plan_per_service]).findings
    assert isinstance(found, Finding)
    assert (str(path), GOOD.count("\n") + 1) == (found.source.file, found.source.line)  # type: ignore[union-attr]


def test_no_false_green_judges_unfinished_work_only(tmp_path: Path) -> None:
    """A key milestone that finished late months ago is history: green is not "wrongly green" for it."""
    finished = ASSIGNMENT.format(client="BZK", rag="green", explanation="").replace(
        "  date: 2024-01-08\n",
        "  date: 2024-06-03\n  activities:\n"
        "    svc.prep: {actual_start: 2024-01-08, actual_finish: 2024-01-12}\n"
        "    svc.test: {actual_start: 2024-01-15, actual_finish: 2024-01-16}\n"
        "    svc.go: {actual_start: 2024-01-17, actual_finish: 2024-01-17}\n"
        "    svc.cutover: {actual_start: 2024-02-01, actual_finish: 2024-02-01}\n",
    )
    path = tmp_path / "plan.yaml"
    path.write_text(GOOD + finished, encoding="utf-8")
    p = load(path).portfolio
    computed = schedule(p)
    assert computed["svc.cutover"].finished  # finished 2 months after its baseline of 1 December
    assert [] == list(acict.no_false_green(p, computed))
    assert [] == list(acict.assignment_governance(p, computed))


def test_no_false_green_says_finishes_of_unfinished_work(tmp_path: Path) -> None:
    """The finding names the unfinished milestone and its forecast slip, in English and in Dutch."""
    path = tmp_path / "plan.yaml"
    path.write_text(GOOD + ASSIGNMENT.format(client="BZK", rag="green", explanation=""), encoding="utf-8")
    p = load(path).portfolio
    computed = schedule(p)
    (found,) = acict.no_false_green(p, computed)
    assert not computed["svc.cutover"].finished
    slip = builtin("rijk").workdays_between(dt.date(2023, 12, 1), computed["svc.cutover"].finish)
    assert slip > 10
    assert f"'svc.cutover' finishes {slip} working days after the baseline (tolerance 10)" in found.message
    assert f"'svc.cutover' eindigt {slip} werkdagen na de basisplanning (marge 10)" in found.text("nl")


@pytest.mark.parametrize(
    ("window_end", "proposed"),
    [
        ("2024-01-26", "2024-01-29"),  # a Friday: Monday, never Saturday 27 January
        ("2024-01-24", "2024-01-25"),  # a Wednesday: the Thursday after it
    ],
)
def test_freeze_window_hint_proposes_a_working_day(tmp_path: Path, window_end: str, proposed: str) -> None:
    """The freeze-window hint proposes the first working day after the window, from the calendar."""
    text = GOOD + f"freeze_windows:\n  - {{id: f, from: 2024-01-15, to: {window_end}}}\n"
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    p = load(path).portfolio
    (found,) = acict.freeze_windows(p, schedule(p))
    assert f"SNET {proposed}" in (found.hint or "")
    assert f"SNET {proposed}" in (found.hint_text("nl") or "")


def test_freeze_window_hint_skips_holidays(tmp_path: Path) -> None:
    """A window ending on Christmas Eve proposes 27 December: Christmas and Boxing Day are closed on 'rijk'."""
    text = GOOD.replace("portfolio: {start: 2024-01-08}", "portfolio: {start: 2024-12-02, calendar: rijk}")
    text += "freeze_windows:\n  - {id: f, from: 2024-12-09, to: 2024-12-24}\n"
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    p = load(path).portfolio
    (found,) = acict.freeze_windows(p, schedule(p))
    assert "SNET 2024-12-27" in (found.hint or "")
