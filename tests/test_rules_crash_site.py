"""A rule-crashed finding names the rule's file and the line where it raised.

The rules are written into a module of their own under a temporary folder, so the expected lines are
counted in the text below (1-based), not read back from the code objects.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio.model import Portfolio, Service, Source
from portfolio.rules import CRASHED, load_rule, run_rules
from portfolio.scheduling import schedule

RULES = '''\
import json


def divides(portfolio, schedule):
    """A rule that raises on its fifth line."""
    total = 0
    yield from ()
    return total // 0


def parses(portfolio, schedule):
    """A rule whose helper (the json module) raises: placed at the rule's call."""
    json.loads("{not json")
    yield from ()


def helper():
    raise LookupError("deep")


def nested(portfolio, schedule):
    """A rule whose own helper in the same file raises: placed at the helper's raise, line 18."""
    helper()
    yield from ()


def sloppy(portfolio, schedule):
    """A rule that yields a string: the engine raises, the rule's def line is named."""
    yield "oops"
'''


@pytest.fixture
def user_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The module ``crashing_rules`` written to a temporary folder on the import path."""
    path = tmp_path / "crashing_rules.py"
    path.write_text(RULES, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    yield path
    sys.modules.pop("crashing_rules", None)


@pytest.mark.parametrize(("name", "line", "error"), [
    ("divides", 8, "ZeroDivisionError: integer division or modulo by zero"),
    ("parses", 13, "JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
    ("nested", 18, "LookupError: deep"),
    ("sloppy", 27, "TypeError: it yielded str, not Finding"),
])
def test_the_finding_is_placed_where_the_rule_raised(user_rules: Path, name: str, line: int, error: str) -> None:
    """The innermost frame in the rule's file: its raise, its call into another module, or its def line."""
    rules, problem = load_rule(f"crashing_rules:{name}")
    assert problem is None
    p = Portfolio(services=[Service(id="digid", name="DigiD")])
    (found,) = run_rules(p, schedule(p), rules).findings
    assert (CRASHED, name, Source(str(user_rules), line)) == (found.rule, found.subject, found.source)
    assert found.message == f"rule '{name}' crashed: {error}"
    assert str(found).startswith(f"{user_rules}:{line}: error[rule-crashed]: rule '{name}' crashed")


def test_a_rule_without_python_source_has_no_place() -> None:
    """A builtin used as a rule has no file to name: the finding has no source, and still says it crashed."""
    p = Portfolio(services=[Service(id="digid", name="DigiD")])
    (found,) = run_rules(p, schedule(p), [divmod]).findings
    assert (CRASHED, "divmod", None) == (found.rule, found.subject, found.source)
