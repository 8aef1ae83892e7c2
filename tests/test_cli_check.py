"""``portfolio check``: exit codes, text and JSON output, help and version."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from portfolio import __version__
from portfolio.cli import build_parser, main

CLEAN = "services:\n  - id: digid\n    name: DigiD\n    activities:\n      - {id: build, duration: 5d}\n"
BROKEN = CLEAN + "      - {id: live, after: [biuld]}\n      - {id: docs, duration: 3x}\n"
#: file:line:col: severity[code]: message
LINE = re.compile(
    r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|info)\[(?P<code>[a-z0-9-]+)\]: .+$"
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_portfolio_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A clean portfolio prints no problems, a summary on stderr, and exits 0 (no rules run: --rules none)."""
    assert 0 == main(["check", "--rules", "none", str(write(tmp_path, CLEAN))])
    out, err = capsys.readouterr()
    assert "" == out
    assert err.startswith("0 error(s), 0 warning(s); 1 services")


def test_errors_exit_1_with_located_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Errors exit 1 and print one 'file:line:col: severity[code]: message' line each."""
    path = write(tmp_path, BROKEN)
    assert 1 == main(["check", str(path)])
    out, err = capsys.readouterr()
    lines = out.splitlines()
    matches = [LINE.match(line) for line in lines]
    assert all(matches), lines
    assert [(str(path), "6", "error", "unknown-ref"), (str(path), "7", "error", "bad-duration")] == [
        (m["file"], m["line"], m["severity"], m["code"]) for m in matches if m
    ]
    assert "did you mean 'build'?" in lines[0]
    assert err.startswith("2 error(s)")


def test_warnings_alone_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Warnings are printed but do not fail the check."""
    text = CLEAN + "baseline:\n  name: b\n  activities:\n    digid.gone: [2023-01-02, 2023-01-06]\n"
    assert 0 == main(["check", "--rules", "none", str(write(tmp_path, text))])
    assert ["baseline-unknown-activity"] == [
        m["code"] for m in map(LINE.match, capsys.readouterr().out.splitlines()) if m
    ]


def test_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist exits 2 with an io-error."""
    assert 2 == main(["check", str(tmp_path / "nope")])
    assert "error[io-error]" in capsys.readouterr().out


def test_empty_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder without portfolio files exits 2."""
    assert 2 == main(["check", str(tmp_path)])
    assert "error[no-files]" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [[], ["check"], ["check", "a", "b"], ["check", "--format", "xml", "x"], ["frobnicate"], ["check", "--nope", "x"]],
)
def test_bad_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Bad usage exits 2 with a usage message on stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert 2 == exit_info.value.code
    assert "usage: portfolio" in capsys.readouterr().err


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints a list of objects with the documented keys."""
    path = write(tmp_path, BROKEN)
    assert 1 == main(["check", "--format", "json", str(path)])
    data = json.loads(capsys.readouterr().out)
    keys = {"file", "line", "column", "severity", "code", "message", "subject", "hint"}
    assert [keys, keys] == [set(item) for item in data]
    first = data[0]
    assert (str(path), 6, 28, "error", "unknown-ref", "digid.live", "did you mean 'build'?") == (
        first["file"],
        first["line"],
        first["column"],
        first["severity"],
        first["code"],
        first["subject"],
        first["hint"],
    )


def test_json_format_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format json on a clean portfolio prints an empty list."""
    assert 0 == main(["check", "--rules", "none", "--format", "json", str(write(tmp_path, CLEAN))])
    assert [] == json.loads(capsys.readouterr().out)



def test_output_file_text_keeps_the_exit_code_and_the_summary_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-o r.txt`` writes the problem lines to the file; the exit code and the stderr summary are unchanged."""
    path = write(tmp_path, BROKEN)
    main(["check", "--rules", "none", str(path)])
    printed = capsys.readouterr().out
    code = main(["check", "--rules", "none", str(path), "-o", str(tmp_path / "r.txt")])
    out, err = capsys.readouterr()
    expected = (1, "", True, printed)
    assert expected == (code, out, err.startswith("2 error(s)"), (tmp_path / "r.txt").read_text(encoding="utf-8"))


def test_output_file_xml_is_junit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``-o r.xml`` without --format writes JUnit XML, exit 1 for a broken portfolio as without ``-o``."""
    code = main(["check", "--rules", "none", str(write(tmp_path, BROKEN)), "-o", str(tmp_path / "r.xml")])
    root = ET.parse(tmp_path / "r.xml").getroot()
    expected = (1, "", "testsuites", "1")
    assert expected == (code, capsys.readouterr().out, root.tag, root[0].get("failures"))


def test_output_file_json_with_a_contradicting_suffix_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--format json -o r.xml`` writes JSON and warns that the name says junit."""
    out = tmp_path / "r.xml"
    code = main(["check", "--rules", "none", "--format", "json", str(write(tmp_path, CLEAN)), "-o", str(out)])
    warning = f"portfolio check: warning: {out} looks like junit by its name, but --format json writes json"
    expected = (0, [], True)
    assert expected == (code, json.loads(out.read_text(encoding="utf-8")), warning in capsys.readouterr().err)


def test_output_file_that_cannot_be_written_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An ``-o`` file in a missing folder is an I/O problem: exit 2 with the reason on stderr."""
    out = tmp_path / "missing" / "r.txt"
    code = main(["check", "--rules", "none", str(write(tmp_path, CLEAN)), "-o", str(out)])
    expected = (2, f"portfolio check: error: cannot write {out}: the folder '{out.parent}' does not exist; create it first")
    assert expected == (code, capsys.readouterr().err.strip().splitlines()[-1])


def subcommands() -> list[str]:
    """The names of all subcommands, read from the parser."""
    parser = build_parser()
    (action,) = [a for a in parser._actions if a.dest == "command"]
    return sorted(action.choices)  # type: ignore[arg-type]


@pytest.mark.parametrize("argv", [["--help"], *[[name, "--help"] for name in subcommands()]])
def test_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """--help works for the command and every subcommand and exits 0."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert 0 == exit_info.value.code
    assert capsys.readouterr().out.startswith("usage: portfolio")


def test_subcommands_include_check() -> None:
    """The check command is registered (so the help test above covers it)."""
    assert "check" in subcommands()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the package version."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert 0 == exit_info.value.code
    assert f"portfolio {__version__}\n" == capsys.readouterr().out


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "portfolio", *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_subprocess(tmp_path: Path) -> None:
    """As a real process, 'python -m portfolio check' gives the same exit codes and output."""
    clean = run("check", "--rules", "none", str(write(tmp_path, CLEAN)))
    assert (0, "") == (clean.returncode, clean.stdout)
    broken = run("check", str(write(tmp_path, BROKEN)))
    assert 1 == broken.returncode
    assert ["unknown-ref", "bad-duration"] == [m["code"] for m in map(LINE.match, broken.stdout.splitlines()) if m]
    assert (2, 2) == (run("check", str(tmp_path / "nope")).returncode, run("check").returncode)
    as_json = run("check", "--format", "json", str(tmp_path / "plan.yaml"))
    assert ["unknown-ref", "bad-duration"] == [item["code"] for item in json.loads(as_json.stdout)]
    assert f"portfolio {__version__}" == run("--version").stdout.strip()
