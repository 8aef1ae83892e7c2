"""The pytest plugin (``pytest --portfolio PATH``), ``assert_complies`` and the example's own rule tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from portfolio.model import Portfolio, Service
from portfolio.rules import acict
from portfolio.testing import ComplianceError, assert_complies

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "logius"
NO_PLAN = "services:\n  - id: digid\n    name: DigiD\n"


class Run:
    """What a pytest run printed and returned."""

    def __init__(self, returncode: int, stdout: str) -> None:
        self.returncode = returncode
        self.stdout = stdout


@pytest.fixture
def pytest_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    """Run pytest in this process from an empty folder (only what the arguments name is collected)."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = pytest.main(["-p", "no:cacheprovider", *args])
        return Run(int(code), capsys.readouterr().out)

    return run


def test_plugin_collects_one_item_per_rule(pytest_run: Any, tmp_path: Path) -> None:
    """pytest --portfolio examples/logius collects the 25 rules as items, and they pass."""
    result = pytest_run("--portfolio", str(EXAMPLE), "-v")
    assert 0 == result.returncode, result.stdout
    passed = [line.split("::")[1].split()[0] for line in result.stdout.splitlines() if " PASSED" in line]
    assert 25 == len(passed)
    assert {"plan-per-service", "decision-before-cutover", "dcma-logic", "dcma-bei"} <= set(passed)


def test_plugin_reports_per_subject_with_readable_text(pytest_run: Any, tmp_path: Path) -> None:
    """A failing rule is one item per subject; its failure text is the rule's statement and the finding, no traceback."""
    (tmp_path / "portfolio").mkdir()
    (tmp_path / "portfolio" / "plan.yaml").write_text(NO_PLAN + "  - {id: digid2, name: DigiD 2}\n", encoding="utf-8")
    result = pytest_run("--portfolio", "portfolio", "--portfolio-rules", "acict", "-v")
    assert 1 == result.returncode
    failed = sorted(line.split("::")[1].split()[0] for line in result.stdout.splitlines() if " FAILED" in line)
    assert ["plan-per-service[digid2]", "plan-per-service[digid]"] == failed
    assert "rule: Every service in scope has its own migration plan" in result.stdout
    assert "error[plan-per-service]: service 'digid' has no migration plan" in result.stdout
    assert "Traceback" not in result.stdout
    assert "runtest" not in result.stdout


def test_plugin_reports_load_errors(pytest_run: Any, tmp_path: Path) -> None:
    """A portfolio that does not load gives one failing 'load' item listing the problems."""
    (tmp_path / "plan.yaml").write_text(NO_PLAN + "    platform: nowhere\n", encoding="utf-8")
    result = pytest_run("--portfolio", "plan.yaml")
    assert 1 == result.returncode
    assert "error[unknown-ref]" in result.stdout


def test_plugin_is_silent_without_the_option(pytest_run: Any, tmp_path: Path) -> None:
    """Without --portfolio the plugin adds no items (an empty folder collects nothing)."""
    result = pytest_run()
    assert 5 == result.returncode, result.stdout  # pytest: no tests collected


def test_example_tests_pass(pytest_run: Any, tmp_path: Path) -> None:
    """The programme office's own tests in examples/logius/tests pass (including its custom rule)."""
    result = pytest_run(str(EXAMPLE / "tests"), "-q")
    assert 0 == result.returncode, result.stdout
    assert "4 passed" in result.stdout


def test_assert_complies_lists_the_findings() -> None:
    """assert_complies raises with every failing finding and returns the report when the portfolio complies."""
    p = Portfolio(services=[Service(id="a", name="A"), Service(id="b", name="B")])
    with pytest.raises(ComplianceError) as info:
        assert_complies(p, rules=acict.RULES)
    assert ["a", "b"] == [f.subject for f in info.value.findings]
    assert str(info.value).startswith("2 finding(s) at or above error:\n  error[plan-per-service]")
    assert () == assert_complies(p, rules=[acict.freeze_windows]).findings


def test_portfolio_loader_fixture(portfolio_loader) -> None:  # type: ignore[no-untyped-def]
    """The plugin's fixture loads a portfolio."""
    assert "digipoort" in portfolio_loader(EXAMPLE).services
