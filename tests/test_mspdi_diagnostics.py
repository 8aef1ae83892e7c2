"""The MS Project import's diagnostics: unreadable XML is refused with its place, unsupported features warn."""

from __future__ import annotations

from pathlib import Path

from portfolio.cli import main
from portfolio.diagnostics import Severity
from portfolio.io import load

_PLAN = """<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <StartDate>2024-01-08T08:00:00</StartDate>
  <Tasks>
    <Task><UID>1</UID><ID>1</ID><Name>Build</Name><Duration>PT40H0M0S</Duration>{manual}</Task>
  </Tasks>
</Project>
"""


def test_malformed_xml_is_located(tmp_path: Path) -> None:
    """A broken tag gives mspdi-syntax at its line, with a way out, and no portfolio."""
    path = tmp_path / "plan.xml"
    path.write_text(_PLAN.format(manual="").replace("</Name>", "</Nam>"), encoding="utf-8")
    portfolio, diagnostics = load(path)
    (found,) = diagnostics
    assert ("mspdi-syntax", Severity.ERROR, 5) == (found.code, found.severity, found.source.line)  # type: ignore[union-attr]
    assert found.hint
    assert 0 == len(portfolio.activities)


def test_doctype_is_refused(tmp_path: Path) -> None:
    """An XML file with a DOCTYPE (entity expansion) is refused before parsing."""
    path = tmp_path / "bomb.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]><Project>&a;</Project>', encoding="utf-8")
    _portfolio, diagnostics = load(path)
    assert ["mspdi-syntax"] == [d.code for d in diagnostics]
    assert "DOCTYPE" in diagnostics[0].message


def test_manual_task_warns_but_loads(tmp_path: Path, capsys: object) -> None:
    """A manually scheduled task is imported with an mspdi-unsupported warning; check still exits 0."""
    path = tmp_path / "plan.xml"
    path.write_text(_PLAN.format(manual="<Manual>1</Manual>"), encoding="utf-8")
    portfolio, diagnostics = load(path)
    assert ["mspdi-unsupported"] == [d.code for d in diagnostics]
    assert Severity.WARNING is diagnostics[0].severity
    assert diagnostics[0].hint
    assert 5 == portfolio.activities["t1"].duration.days
    assert 0 == main(["check", str(path)])
