"""Modules and functions stay short enough to read (issue 13): a longer one says why at its top.

A module over :data:`MODULE_LINES` lines needs a ``# size: <reason>`` comment
between its docstring and its first statement; a function over :data:`FUNCTION_LINES` lines (its
body, not counting its docstring or blank lines) needs one as the first line
of its body. The reason is for the next reader: why splitting would make it
harder to follow, not easier.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import portfolio

PACKAGE = Path(portfolio.__file__).parent
MODULE_LINES = 600
FUNCTION_LINES = 80
_REASON = re.compile(r"#\s*size:\s*\S.{10,}")
#: Jinja2's generated code for the report's templates (``report/_compiled/``, written by a command) is not read.
GENERATED = sorted((PACKAGE / "report" / "_compiled").glob("tmpl_*.py"))
SOURCES = sorted(set(PACKAGE.rglob("*.py")) - set(GENERATED))


def _body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> int:
    first = node.body[0]
    start = (first.end_lineno or first.lineno) + 1 if _is_docstring(first) else first.lineno
    end = node.end_lineno or node.lineno
    return sum(1 for line in lines[start - 1 : end] if line.strip() and not line.strip().startswith("#"))


def _has_reason(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> bool:
    """A ``# size:`` comment between the ``def`` and the first statement after the docstring."""
    body = node.body
    first = body[1] if len(body) > 1 and _is_docstring(body[0]) else body[0]
    header = lines[node.lineno - 1 : first.lineno]
    return any(_REASON.search(line) for line in header)


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _header_end(tree: ast.Module) -> int:
    """The line of the module's first statement after its docstring (where a module's ``# size:`` goes before)."""
    body = tree.body
    rest = body[1:] if body and _is_docstring(body[0]) else body
    return rest[0].lineno if rest else 0


def test_the_sources_are_found() -> None:
    assert len(SOURCES) > 50
    assert PACKAGE / "scheduling.py" in SOURCES
    assert len(GENERATED) == 2  # the monthly and the four-monthly page, and nothing else left out


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_and_function_sizes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    problems = []
    tree = ast.parse(text)
    header = lines[: _header_end(tree)]
    if len(lines) > MODULE_LINES and not any(_REASON.search(line) for line in header):
        problems.append(f"{len(lines)} lines (over {MODULE_LINES}) and no '# size: <reason>' before its first import")
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            count = _body_lines(node, lines)
            if count > FUNCTION_LINES and not _has_reason(node, lines):
                problems.append(
                    f"line {node.lineno}: {node.name}() has {count} lines of code (over {FUNCTION_LINES}) "
                    "and no '# size: <reason>' as the first line of its body"
                )
    assert not problems, f"{path.relative_to(PACKAGE)}: " + "; ".join(problems)


def test_a_long_function_without_a_reason_is_caught(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(FUNCTION_LINES + 1))
    source = f"def f():\n{body}\n"
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef)
    lines = source.splitlines()
    assert _body_lines(node, lines) == FUNCTION_LINES + 1
    assert not _has_reason(node, lines)
    with_reason = f"def f():\n    # size: one table of cases, read top to bottom\n{body}\n"
    node = ast.parse(with_reason).body[0]
    assert isinstance(node, ast.FunctionDef)
    assert _has_reason(node, with_reason.splitlines())
