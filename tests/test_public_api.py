"""The public API: ``from portfolio import …`` gives what ``__all__`` promises, lazily, and the reference lists it."""

from __future__ import annotations

import ast
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import portfolio
from portfolio.cli import main

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(portfolio.__file__).resolve().parent
EXAMPLE = ROOT / "examples" / "logius"

#: The verbs of the API and the function each must be.
VERBS = {
    "load": "portfolio.io.load",
    "schedule": "portfolio.scheduling.schedule",
    "variance": "portfolio.slippage.variance",
    "history": "portfolio.slippage.history",
    "run_rules": "portfolio.rules.run_rules",
    "monthly_report": "portfolio.report.monthly_report",
    "render": "portfolio.report.render",
    "check": "portfolio.checking.check",
    "activity_graph": "portfolio.graph.activity_graph",
    "service_graph": "portfolio.graph.service_graph",
}


def _resolve(dotted: str) -> object:
    module, _, name = dotted.rpartition(".")
    return getattr(__import__(module, fromlist=[name]), name)


@pytest.mark.parametrize("name", sorted(set(portfolio.__all__) - {"__version__"}))
def test_each_public_name_resolves_to_what_it_claims(name: str) -> None:
    """Verbs are the library's functions; every other name is a class defined in the package."""
    value = getattr(portfolio, name)
    if name in VERBS:
        assert inspect.isfunction(value), f"portfolio.{name} is {value!r}, not a function"
        assert value is _resolve(VERBS[name])
    else:
        assert inspect.isclass(value), f"portfolio.{name} is {value!r}, not a class"
        assert value.__name__ == name
    assert value.__module__.startswith("portfolio.")


def test_the_verbs_of_the_issue_are_functions() -> None:
    """``from portfolio import load, schedule, ...`` gives functions (the module once shadowed ``schedule``)."""
    from portfolio import check, history, load, monthly_report, run_rules, schedule, variance  # noqa: PLC0415

    assert all(inspect.isfunction(f) for f in (load, schedule, variance, history, run_rules, monthly_report, check))


def test_all_is_sorted_unique_and_each_name_has_one_source() -> None:
    """``__all__`` has no duplicates, and every lazy name is in it (and the other way round)."""
    assert sorted(set(portfolio.__all__)) == portfolio.__all__
    assert set(portfolio._SOURCES) == set(portfolio.__all__) - {"__version__"}
    assert isinstance(portfolio.__version__, str)


def test_dir_lists_the_public_names() -> None:
    """``dir(portfolio)`` offers every public name, also before any was used (tab completion)."""
    assert set(portfolio.__all__) <= set(dir(portfolio))


def test_an_unknown_attribute_is_a_normal_attribute_error() -> None:
    """A misspelt name raises AttributeError with Python's usual message; hasattr says False."""
    with pytest.raises(AttributeError, match=r"^module 'portfolio' has no attribute 'shedule'$"):
        _ = portfolio.shedule  # type: ignore[attr-defined]
    assert not hasattr(portfolio, "load_portfolio")
    with pytest.raises(ImportError, match="cannot import name 'shedule'"):
        exec("from portfolio import shedule", {})


def test_import_portfolio_imports_nothing_else() -> None:
    """``import portfolio`` loads no submodule; the first use of a name loads its own module and what it needs."""
    code = (
        "import json, sys, portfolio\n"
        "before = sorted(m for m in sys.modules if m.startswith('portfolio'))\n"
        "portfolio.Severity\n"
        "after = sorted(m for m in sys.modules if m.startswith('portfolio'))\n"
        "print(json.dumps([before, after]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    before, after = json.loads(out)
    assert before == ["portfolio"]
    assert "portfolio.diagnostics" in after
    assert "portfolio.scheduling" not in after


def test_api_reference_lists_exactly_all() -> None:
    """docs/api.md's table of the top-level package names every name of ``__all__``, and nothing else."""
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    top = text.split("## The top-level package", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| \[?`([A-Za-z_]+)`", top, flags=re.MULTILINE)
    assert sorted(listed) == sorted(portfolio.__all__)
    assert len(listed) == len(set(listed))


def test_no_module_of_the_package_imports_the_facade() -> None:
    """Inside the package, ``from portfolio import X`` names a submodule or ``__version__``, never a lazy name.

    The import contract ignores the top-level package's own (lazy) imports; this keeps that safe: a low layer
    that took ``check`` from the facade would import a high one without the contract seeing it.
    """
    submodules = {p.stem for p in SRC.glob("*.py")} | {p.name for p in SRC.iterdir() if (p / "__init__.py").exists()}
    offending = []
    for file in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "portfolio" and node.level == 0:
                offending += [f"{file.relative_to(SRC)}: {a.name}" for a in node.names
                              if a.name not in submodules and a.name != "__version__"]
    assert offending == []


def test_check_gives_what_the_command_prints(tmp_path: Path) -> None:
    """``portfolio.check`` and ``portfolio check --format json`` agree item for item, and on the exit status."""
    out = tmp_path / "check.json"
    code = main(["check", str(EXAMPLE), "--format", "json", "-o", str(out), "--severity", "warning"])
    result = portfolio.check(EXAMPLE)
    items = [d.to_dict() for d in result.diagnostics] + [f.to_dict() for f in result.findings]
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(json.dumps(items))
    assert (code == 1) == result.failing(portfolio.Severity.WARNING)
    assert len(result.findings) > 0


def test_check_does_not_run_rules_on_a_portfolio_with_errors(tmp_path: Path) -> None:
    """Errors in the files stop before the rules: no report, the error is failing, the command exits 1."""
    (tmp_path / "portfolio.yaml").write_text(
        "services:\n  - id: digid\n    name: DigiD\nactivities:\n  - id: a\n    name: A\n    duration: 5d\n"
        "relations:\n  - {from: a, to: nowhere}\n", encoding="utf-8")
    result = portfolio.check(tmp_path)
    assert result.report is None
    assert result.failing()
    assert any(d.severity is portfolio.Severity.ERROR for d in result.diagnostics)
    assert main(["check", str(tmp_path)]) == 1
