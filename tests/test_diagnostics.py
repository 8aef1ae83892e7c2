"""Every diagnostic code, triggered by a fixture that states what it expects.

A fixture is ``tests/fixtures/diagnostics/<code>_<n>.yaml`` (or a folder of
that name for problems that need several files). Its comment lines say what
the user did wrong and which diagnostics loading it gives, exactly::

    # about: a predecessor with a typo in its id
    # expect: error 9 unknown-ref

Problems that need bytes no editor would save (other encodings, NUL bytes),
an empty folder or a huge file are generated into ``tmp_path`` below.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from portfolio.diagnostics import CODES, Diagnostic, Severity
from portfolio.io import load
from portfolio.io._yaml_reader import MAX_BYTES

FIXTURES = Path(__file__).parent / "fixtures" / "diagnostics"
_EXPECT = re.compile(r"^#\s*expect:\s*(error|warning|info)\s+(\d+)\s+([a-z0-9-]+)\s*$")
_ABOUT = re.compile(r"^#\s*about:\s*\S")
_NAME = re.compile(r"^(?P<code>[a-z0-9-]+)_(?P<n>\d+)(\.yaml)?$")

#: Codes that are checked by tests below instead of a committed fixture
#: (an empty folder, a missing path, binary bytes, a 16 MiB file).
GENERATED = {"io-error", "no-files", "file-too-large", "encoding"}

#: Codes of the MS Project import, checked on .xml files in tests/test_mspdi_diagnostics.py.
MSPDI = {"mspdi-syntax", "mspdi-unsupported", "mspdi-value"}

#: Codes of the Primavera P6 import, checked on .xer files in tests/test_xer_diagnostics.py.
XER = {code for code in CODES if code.startswith(("xer-", "p6xml-"))}  # p6xml-*: tests/test_p6xml_diagnostics.py

#: Codes of slippage, baseline capture and the published-report store: they are not about a
#: YAML file, so each is triggered by a test of its own in tests/test_store.py (store-*,
#: publication-exists) and tests/test_cli_slippage.py (no-baseline, no-status-update, baseline-exists).
SLIPPAGE_AND_STORE = {"no-baseline", "no-status-update", "baseline-exists", "publication-exists", "store-busy",
                      "store-corrupt", "store-foreign", "store-damaged", "store-full"}

#: Codes no file can trigger, because the loader refuses the value first (out-of-range): they reach the
#: scheduler only from a Portfolio built in Python, as tests/test_schedule.py does.
ENGINE_ONLY = {"constraint-unsatisfiable"}

#: Codes of earned value (``portfolio evm``), triggered by tests/test_evm_cli.py and tests/test_evm.py.
EVM = {code for code in CODES if code.startswith("evm-")}
#: Codes of the capacity: section (tests/test_capacity.py) and of levelling (tests/test_capacity_pins.py).
CAPACITY = {code for code in CODES if code.startswith("capacity-")}


Expected = set[tuple[str, str, int, str]]  # (file, severity, line, code)


#: Fixtures of the scheduler's codes: loaded, then scheduled. (A folder of
#: their own: ``portfolio check``, whose output the docs show per fixture, only loads.)
SCHEDULE_FIXTURES = FIXTURES / "schedule"

#: Fixtures of the rules' configuration codes: loaded, scheduled, and the rules run
#: (their diagnostics, not their findings, are what the fixture expects).
RULES_FIXTURES = FIXTURES / "rules"


def fixtures() -> list[Path]:
    """The fixture files and folders, sorted."""
    found = [
        p
        for folder in (FIXTURES, SCHEDULE_FIXTURES, RULES_FIXTURES)
        for p in folder.iterdir()
        if _NAME.match(p.name) and (p.is_dir() or p.suffix == ".yaml")
    ]
    return sorted(found, key=lambda p: p.name)


def fixture_code(path: Path) -> str:
    """The code a fixture is named after: ``unknown-ref_2.yaml`` -> ``unknown-ref``."""
    match = _NAME.match(path.name)
    assert match is not None
    return match.group("code")


def _files(path: Path) -> list[Path]:
    return sorted(path.rglob("*.yaml")) if path.is_dir() else [path]


def _name(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if root.is_dir() else path.name


def expectations(path: Path) -> Expected:
    """The ``# expect:`` lines of a fixture (all its files), as (file, severity, line, code)."""
    expected: Expected = set()
    for file in _files(path):
        for line in file.read_text(encoding="utf-8").splitlines():
            match = _EXPECT.match(line)
            if match:
                expected.add((_name(file, path), match.group(1), int(match.group(2)), match.group(3)))
    return expected


def outcome(path: Path, diagnostics: Iterable[Diagnostic]) -> Expected:
    """The diagnostics as (file, severity, line, code), files named relative to the fixture."""
    found: Expected = set()
    for d in diagnostics:
        assert d.source is not None, d
        found.add((_name(Path(d.source.file), path), d.severity.value, d.source.line, d.code))
    return found


def ids(paths: Iterable[Path]) -> list[str]:
    return [p.name for p in paths]


def diagnose(fixture: Path) -> tuple[Diagnostic, ...]:
    """The diagnostics of loading the fixture and, for a scheduler fixture, of scheduling it."""
    result = load(fixture)
    if fixture.parent not in (SCHEDULE_FIXTURES, RULES_FIXTURES):
        return result.diagnostics
    assert result.ok, result.diagnostics
    from portfolio.scheduling import schedule  # noqa: PLC0415 - written alongside; imported where needed

    plan = schedule(result.portfolio)
    if fixture.parent == SCHEDULE_FIXTURES:
        return result.diagnostics + plan.diagnostics
    from portfolio.rules import run_rules  # noqa: PLC0415

    return result.diagnostics + plan.diagnostics + run_rules(result.portfolio, plan).diagnostics


@pytest.mark.parametrize("fixture", fixtures(), ids=ids(fixtures()))
def test_fixture(fixture: Path) -> None:
    """Loading (and scheduling) the fixture gives exactly the diagnostics its '# expect:' lines state."""
    expected = expectations(fixture)
    actual = outcome(fixture, diagnose(fixture))
    assert expected == actual


@pytest.mark.parametrize("fixture", fixtures(), ids=ids(fixtures()))
def test_fixture_is_documented(fixture: Path) -> None:
    """Each fixture says what the user did wrong, and expects the code it is named after."""
    lines = [line for file in _files(fixture) for line in file.read_text(encoding="utf-8").splitlines()]
    assert any(_ABOUT.match(line) for line in lines)
    assert fixture_code(fixture) in {code for _file, _severity, _line, code in expectations(fixture)}


@pytest.mark.parametrize("fixture", fixtures(), ids=ids(fixtures()))
def test_fixture_severity_is_the_code_default(fixture: Path) -> None:
    """The severity a fixture expects is the one its code is registered with."""
    wrong = {(code, sev) for _f, sev, _l, code in expectations(fixture) if CODES[code].severity.value != sev}
    assert set() == wrong


@pytest.mark.parametrize("fixture", fixtures(), ids=ids(fixtures()))
def test_every_message_has_a_way_out_and_a_line(fixture: Path) -> None:
    """Every diagnostic of a fixture has a hint, a message, and a line and column in a file."""
    for d in diagnose(fixture):
        assert d.hint, d
        assert d.message, d
        assert d.source is not None, d
        assert d.source.line > 0, d
        assert d.source.column > 0, d


def test_fixture_names_are_registered_codes() -> None:
    """No fixture is named after a code that does not exist."""
    assert set() == {fixture_code(f) for f in fixtures()} - set(CODES)


def test_every_code_has_a_fixture() -> None:
    """Every registered code has a fixture, a generated test below, or an MS Project test."""
    covered = {fixture_code(f) for f in fixtures()} | GENERATED | MSPDI | XER | SLIPPAGE_AND_STORE | ENGINE_ONLY | EVM
    covered |= CAPACITY
    assert set() == set(CODES) - covered


# -- problems that need generated files ---------------------------------------------------------


def triples(diagnostics: Iterable[Diagnostic]) -> set[tuple[str, int, str]]:
    """The diagnostics as (severity, line, code)."""
    return {(d.severity.value, d.source.line if d.source else 0, d.code) for d in diagnostics}


def test_no_files(tmp_path: Path) -> None:
    """An empty folder (git keeps none, so it is made here) gives no-files."""
    result = load(tmp_path)
    assert {("error", 0, "no-files")} == triples(result.diagnostics)
    assert result.diagnostics[0].hint


def test_no_files_only_skipped_folders(tmp_path: Path) -> None:
    """A folder whose YAML files all sit in hidden or underscore folders gives no-files."""
    for folder in (".git", "_drafts"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "plan.yaml").write_text("services: []\n", encoding="utf-8")
    assert {("error", 0, "no-files")} == triples(load(tmp_path).diagnostics)


def test_io_error_missing_path(tmp_path: Path) -> None:
    """A path that does not exist gives io-error naming it, with a hint."""
    missing = tmp_path / "no-such-portfolio"
    result = load(missing)
    assert {("error", 0, "io-error")} == triples(result.diagnostics)
    assert str(missing) == result.diagnostics[0].source.file  # type: ignore[union-attr]
    assert result.diagnostics[0].hint


def test_io_error_broken_link(tmp_path: Path) -> None:
    """A *.yaml link pointing nowhere is reported, not skipped."""
    (tmp_path / "ok.yaml").write_text("services: []\n", encoding="utf-8")
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    result = load(tmp_path)
    assert {("error", 0, "io-error")} == triples(result.diagnostics)
    assert str(tmp_path / "gone.yaml") == result.diagnostics[0].source.file  # type: ignore[union-attr]


def test_file_too_large(tmp_path: Path) -> None:
    """A file over 16 MiB gives file-too-large at line 1, without being parsed."""
    big = tmp_path / "big.yaml"
    with big.open("wb") as out:
        out.write(b"# padding\n" * (MAX_BYTES // 10 + 1))
    assert {("error", 1, "file-too-large")} == triples(load(big).diagnostics)


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        pytest.param("services:\n  - id: digid\n    name: Caf\xe9\n".encode("latin-1"), 3, id="latin-1"),
        pytest.param(b"services:\n  - id: digid\x00\n", 2, id="nul-byte"),
        pytest.param("services: []\n".encode("utf-16"), 1, id="utf-16-bom"),
        pytest.param(b"\xfe\xff" + "services: []\n".encode("utf-16-be"), 1, id="utf-16-be-bom"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 3, id="png"),
    ],
)
def test_encoding(tmp_path: Path, raw: bytes, line: int) -> None:
    """Bytes that are not UTF-8 text give encoding at the line of the first bad byte."""
    path = tmp_path / "plan.yaml"
    path.write_bytes(raw)
    result = load(path)
    assert {("error", line, "encoding")} == triples(result.diagnostics)
    assert all(d.hint for d in result.diagnostics)


def test_utf8_bom_is_fine(tmp_path: Path) -> None:
    """A UTF-8 byte-order mark (as Windows editors write) is accepted."""
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"\xef\xbb\xbfservices:\n  - {id: digid, name: DigiD}\n")
    result = load(path)
    assert () == result.diagnostics
    assert ["digid"] == list(result.portfolio.services)


def test_control_character(tmp_path: Path) -> None:
    """A control character gives yaml-syntax at its own line and column."""
    path = tmp_path / "plan.yaml"
    path.write_text("services:\n  - id: digid\n    name: Digi\x01D\n", encoding="utf-8")
    result = load(path)
    assert {("error", 3, "yaml-syntax")} == triples(result.diagnostics)
    assert 15 == result.diagnostics[0].source.column  # type: ignore[union-attr]
    assert "U+0001" in result.diagnostics[0].message


@pytest.mark.parametrize("line", ["\t- id: digid", "  - id: digid\n\tname: DigiD"])
def test_tab_indent_is_named(tmp_path: Path, line: str) -> None:
    """A tab that indents (as an editor set to tabs writes it) gives yaml-syntax at the tab, and the hint names it."""
    path = tmp_path / "plan.yaml"
    path.write_text(f"services:\n{line}\n", encoding="utf-8")
    (found,) = load(path).diagnostics
    assert ("yaml-syntax", 1) == (found.code, found.source.column)  # type: ignore[union-attr]
    assert found.hint is not None
    assert "a tab character here" in found.hint


def test_severity_of_generated_codes_is_registered() -> None:
    """The generated codes are errors in the registry, as the tests above expect."""
    assert {Severity.ERROR} == {CODES[code].severity for code in GENERATED}
