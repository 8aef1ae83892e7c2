"""The ``portfolio export`` command: formats, -o and standard output, refusing to overwrite an input."""

from __future__ import annotations

import shutil
from pathlib import Path

import icalendar
import pytest

from portfolio.cli import main
from portfolio.io.mspdi import load_mspdi

EXAMPLE = Path("examples/logius")


def test_mspdi_to_a_file_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "plan.xml"
    assert main(["export", str(EXAMPLE), "--format", "mspdi", "-o", str(out)]) == 0
    back = load_mspdi(out)
    assert [d for d in back.diagnostics if d.severity.value == "error"] == []
    assert len(back.portfolio.activities) > 100


def test_the_suffix_chooses_the_format(tmp_path: Path) -> None:
    for name, start in (("plan.ics", b"BEGIN:VCALENDAR\r\n"), ("plan.mmd", b"gantt\n"), ("plan.xml", b"<?xml"),
                        ("plan.xer", b"ERMHDR\t")):
        assert main(["export", str(EXAMPLE), "-o", str(tmp_path / name)]) == 0
        assert (tmp_path / name).read_bytes().startswith(start)


def test_a_markdown_page_holds_the_chart_in_a_fenced_block(tmp_path: Path) -> None:
    page = tmp_path / "planning.md"
    assert main(["export", str(EXAMPLE), "-o", str(page)]) == 0
    lines = page.read_text(encoding="utf-8").splitlines()
    assert (lines[0], lines[1], lines[-1]) == ("```mermaid", "gantt", "```")


def test_standard_output_keeps_the_bytes(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", str(EXAMPLE), "--format", "ics", "-o", "-"]) == 0
    data = capsysbinary.readouterr().out
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")  # CRLF intact: not escaped as a control character
    assert icalendar.Calendar.from_ical(data).walk("VEVENT")


def test_without_output_it_writes_to_standard_output(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", str(EXAMPLE), "--format", "mermaid"]) == 0
    assert capsysbinary.readouterr().out.startswith(b"gantt\n")


def test_an_existing_output_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "plan.xml"
    out.write_text("old")
    assert main(["export", str(EXAMPLE), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"<?xml")


def test_it_refuses_to_overwrite_its_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.xml"
    assert main(["export", str(EXAMPLE), "-o", str(plan)]) == 0
    before = plan.read_bytes()
    assert main(["export", str(plan), "-o", str(plan)]) == 2
    assert "--force" in capsys.readouterr().err
    assert plan.read_bytes() == before
    assert main(["export", str(plan), "-o", str(plan), "--force"]) == 0


def test_bad_data_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "p"
    shutil.copytree(EXAMPLE, folder)
    broken = folder / "portfolio.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "\nrelations: [{from: nope, to: nada}]\n",
                      encoding="utf-8")
    out = tmp_path / "plan.xml"
    assert main(["export", str(folder), "-o", str(out)]) == 1
    assert not out.exists()
    assert "portfolio.yaml" in capsys.readouterr().err


def test_an_unwritable_output_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(EXAMPLE), "-o", str(tmp_path / "no" / "such" / "plan.xml")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_what_a_format_cannot_hold_is_warned_about(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(EXAMPLE), "-o", str(tmp_path / "plan.xer")]) == 0
    err = capsys.readouterr().err
    assert "portfolio export: warning:" in err
    assert "baseline(s) left out" in err
    assert main(["export", str(EXAMPLE), "-o", str(tmp_path / "plan.xml")]) == 0
    assert "baseline" not in capsys.readouterr().err
