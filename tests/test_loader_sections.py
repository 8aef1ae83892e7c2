"""The loader's section builders (``io/_sections/``): the table, the documentation, the sizes, the extension point."""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest

from portfolio.diagnostics import CODES
from portfolio.io import _raw, load
from portfolio.io._sections import BUILDERS, Context, Section
from portfolio.io._sections._context import full_id

PACKAGE = Path(_raw.__file__).parent / "_sections"
LOADER = [*sorted(PACKAGE.glob("*.py")), PACKAGE.parent / "yaml.py"]
REPORTED = re.compile(r"""report\(\s*["']([a-z0-9-]+)["']""")


def test_every_section_of_the_format_has_a_builder_in_the_same_order() -> None:
    """``BUILDERS`` names a builder for exactly the sections of ``_raw.SECTIONS``, in its order (the build order),
    and for the one section read by hand (``capacity``: no raw record, its builder has its own ``read``)."""
    assert list(_raw.SECTIONS) == [key for key in BUILDERS if key in _raw.SECTIONS]
    assert [key for key in BUILDERS if key not in _raw.SECTIONS] == ["capacity"]
    assert BUILDERS["capacity"].read is not None


@pytest.mark.parametrize("path", LOADER, ids=lambda p: p.name)
def test_each_module_names_the_codes_it_raises(path: Path) -> None:
    """A builder's docstring lists each code it reports (as ``code``), and names no code that does not exist."""
    source = path.read_text(encoding="utf-8")
    doc = ast.get_docstring(ast.parse(source)) or ""
    named = set(re.findall(r"``([a-z0-9]+(?:-[a-z0-9]+)+)``", doc))
    missing = sorted(set(REPORTED.findall(source)) - named)
    assert ([], []) == (missing, sorted(named - set(CODES)))


@pytest.mark.parametrize("path", LOADER, ids=lambda p: p.name)
def test_every_module_class_and_function_is_documented_and_small(path: Path) -> None:
    """Each has a docstring; no module is over 600 lines and no function over 80 (docs/architecture.md)."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    undocumented, long = [], []
    if ast.get_docstring(tree) is None:
        undocumented.append(path.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            if ast.get_docstring(node) is None and not node.name.startswith("__"):
                undocumented.append(node.name)
            if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > 80:
                long.append(node.name)
    assert ([], [], True) == (undocumented, long, len(source.splitlines()) <= 600)


# -- the extension point: a section is one module and one line -----------------------------------


@attrs.frozen(kw_only=True)
class RawNote:
    """A toy section's record: a note about an activity."""

    id: _raw.Ident
    about: str | None = None
    text: str = ""


def _notes_section(built: list[tuple[str, str | None]]) -> Section:
    """A section as a contributor writes one: ids declared, a reference resolved, the result handed back."""

    def declare(context: Context) -> None:
        context.declared["notes"] = context.unique(((i.raw.id, i) for i in context.items["notes"]), "note")

    def build(context: Context) -> dict[str, Any]:
        activities = context.declared["activities"]
        for ident, item in context.declared["notes"].items():
            built.append((ident, context.ref(item, "about", activities, f"note '{ident}' is about", ident)))
        return {}

    return Section(name="note", declare=declare, build=build)


def test_a_new_section_is_a_record_and_a_builder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Registered in the two tables, a section's records are read, checked and located like the built-in ones."""
    built: list[tuple[str, str | None]] = []
    monkeypatch.setitem(_raw.SECTIONS, "notes", (RawNote, True))
    monkeypatch.setitem(BUILDERS, "notes", _notes_section(built))
    (tmp_path / "plan.yaml").write_text(textwrap.dedent("""\
        services:
          - id: digid
            name: DigiD
            activities:
              - {id: build, duration: 5d}
        notes:
          - {id: n1, about: digid.build}
          - {id: n2, about: digid.biuld}
          - {id: n1, text: again}
          - {id: n3, abuot: digid.build}
    """), encoding="utf-8")
    result = load(tmp_path / "plan.yaml")
    assert [("n1", "digid.build"), ("n2", None), ("n3", None)] == built
    assert [
        ("duplicate-id", 9, 10, "note 'n1' is declared twice (first at " + f"{tmp_path / 'plan.yaml'}:7:5)"),
        ("unknown-key", 10, 14, "note 'n3' has unknown key 'abuot'"),
        ("unknown-ref", 8, 21, "note 'n2' is about 'digid.biuld', which is not declared"),
    ] == [(d.code, d.source.line, d.source.column, d.message) for d in result.diagnostics]
    assert "did you mean 'digid.build'?" == result.diagnostics[-1].hint


def test_the_toy_section_is_unknown_without_its_registration(tmp_path: Path) -> None:
    """Without the table lines the same file has an unknown section (the registration is what makes it known)."""
    (tmp_path / "plan.yaml").write_text("notes:\n  - {id: n1}\n", encoding="utf-8")
    result = load(tmp_path / "plan.yaml")
    assert [("unknown-key", "unknown section 'notes'")] == [(d.code, d.message) for d in result.diagnostics]


def test_full_ids_are_scoped_once() -> None:
    """A local id gets its scope; a full id (or one without a scope) is kept."""
    assert ["digid.build", "digid.build", "lpc.ready"] == [
        full_id("digid", "build"), full_id("digid", "digid.build"), full_id(None, "lpc.ready")]
