"""Hostile names through every command and format: no formula runs, no terminal escape arrives, Excel opens it.

The example with its Digipoort names replaced by a terminal title sequence,
a colour sequence and the CSV-injection payloads OWASP lists. Checked with
independent means: ``unicodedata`` for control characters, the ``csv`` and
``json`` modules and ElementTree to read the outputs back, openpyxl for Excel.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import pytest

from portfolio._safe_text import CONTROLS, escape_controls, neutralise
from portfolio.cli import main
from portfolio.diagnostics import diagnostic
from portfolio.model import Source

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "logius"

#: What a hostile portfolio file puts in its names.
HOSTILE = ("\x1b]0;pwned\x07", "\x1b[31m", "=cmd|' /C calc'!A0", "+SUM(1)", "\t=1", "@x", "-2+3")

#: Digipoort's names in the example, each given one hostile prefix (the key milestone gets the first).
_NAMES = (
    "Productiemigratie Digipoort naar het landingsplatform",
    "Herbouw Digipoort",
    "Afweging landingsplatform Digipoort (LPC/Picard of public cloud)",
    "Besluit landingsplatform productie Digipoort",
    "Productieomgeving Digipoort inrichten op het gekozen landingsplatform",
    "Testmigratie Digipoort (ketentest met afnemers)",
    "Generale repetitie migratie Digipoort",
)
NAMES = tuple(h + n for h, n in zip(HOSTILE, _NAMES, strict=True))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example whose Digipoort service and activities have hostile names."""
    folder = tmp_path_factory.mktemp("hostile") / "logius"
    shutil.copytree(EXAMPLE, folder)
    path = folder / "services" / "digipoort.yaml"
    text = path.read_text(encoding="utf-8")
    for name, new in zip(_NAMES, NAMES, strict=True):
        assert f"name: {name}\n" in text
        text = text.replace(f"name: {name}\n", f"name: {json.dumps(new)}\n", 1)
    text = text.replace("    name: Digipoort\n", '    name: "\\e[31mDigipoort\\e]0;pwned\\a"\n', 1)
    path.write_text(text, encoding="utf-8")
    settings = folder / "portfolio.yaml"
    text = settings.read_text(encoding="utf-8").replace("  name: Logius migratieportfolio\n",
                                                         '  name: "\\e]0;pwned\\a=Logius migratieportfolio"\n', 1)
    settings.write_text(text, encoding="utf-8")
    assert (settings.read_text(encoding="utf-8") + path.read_text(encoding="utf-8")).count("pwned") == 3
    return folder


def controls(text: str) -> list[str]:
    """The control characters in ``text`` a terminal may act on (all of Unicode's Cc but newline and tab)."""
    return [c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t"]


_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")
_FORMULA = re.compile(r"^(\s*[=+\-@]|[\t\r])")


def risky(cells: list[str]) -> list[str]:
    """Cells a spreadsheet would run as a formula: OWASP's first characters, also after blanks; numbers are data."""
    return [c for c in cells if not _NUMBER.match(c) and c != "-" and _FORMULA.match(c)]


def strings(document: Any) -> set[str]:
    """Every string in a JSON document."""
    if isinstance(document, dict):
        return set().union(*(strings(v) for v in document.values())) if document else set()
    if isinstance(document, list):
        return set().union(*(strings(v) for v in document)) if document else set()
    return {document} if isinstance(document, str) else set()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- the helpers, against independent sources ---------------------------------------------------------


def test_neutralise_follows_owasp() -> None:
    """Each OWASP first character, also after blanks, gets an apostrophe; other text is left alone."""
    for payload in (*HOSTILE[2:], "\r=1", "  =1", " \t+1", "\n@x"):
        assert neutralise(payload) == "'" + payload
    for text in ("Digipoort", "a=b", "1-2", "'=already", "", "€ 1.200"):
        assert neutralise(text) == text


def test_escape_controls_covers_every_control_character() -> None:
    """Exactly Unicode's control characters but newline and tab are escaped, and JSON decodes them back."""
    every = "".join(map(chr, range(0x2000)))
    assert set(CONTROLS.findall(every)) == {c for c in every if unicodedata.category(c) == "Cc"} - {"\n", "\t"}
    escaped = escape_controls(every)
    assert controls(escaped) == []
    assert json.loads(f'"{escape_controls(HOSTILE[0] + chr(0x9b))}"') == HOSTILE[0] + chr(0x9b)


def test_escaped_text_is_what_excel_can_hold() -> None:
    """After escaping, no character openpyxl refuses (its ILLEGAL_CHARACTERS_RE) is left."""
    pytest.importorskip("openpyxl", reason="an independent reader's rule (the 'test' extra)")
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: PLC0415 - the test extra

    every = "".join(map(chr, range(0x2000)))
    assert ILLEGAL_CHARACTERS_RE.search(every) is not None
    assert ILLEGAL_CHARACTERS_RE.search(escape_controls(every)) is None


def test_diagnostics_show_control_characters_escaped() -> None:
    """A diagnostic quoting a hostile name (and a hostile file name) prints no control character."""
    found = diagnostic("unknown-ref", f"'{HOSTILE[0]}x' is not an activity",
                       source=Source(file="\x1b[2Jplan.yaml", line=3, column=5), hint=HOSTILE[1])
    assert controls(str(found)) == []
    assert str(found) == ("\\u001b[2Jplan.yaml:3:5: error[unknown-ref]: '\\u001b]0;pwned\\u0007x' is not an "
                          "activity; \\u001b[31m")


# --- every command and format --------------------------------------------------------------------------

TEXT_RUNS = [
    ("check",), ("check", "--format", "json"), ("check", "--format", "junit"),
    ("schedule",), ("schedule", "--format", "json"), ("schedule", "--format", "csv"),
    ("slippage", "--activities"), ("slippage", "--format", "json"), ("slippage", "--format", "csv"),
    ("history",), ("history", "--format", "json"), ("history", "--format", "csv"),
    ("report", "monthly", "--period", "2023-12"), ("report", "monthly", "--period", "2023-12", "--format", "md"),
]


@pytest.mark.parametrize("argv", TEXT_RUNS, ids=" ".join)
def test_standard_output_is_safe(hostile: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    """No control character reaches the terminal; JSON keeps the names exactly; CSV cells cannot run."""
    command = argv[:2] if argv[0] == "report" else argv[:1]
    code, out, err = run(capsys, *command, str(hostile), *argv[len(command):])
    assert code in (0, 1), err
    assert (controls(out), controls(err)) == ([], [])
    form = argv[argv.index("--format") + 1] if "--format" in argv else "text"
    if form == "json":
        found = strings(json.loads(out))
        if argv[0] in ("schedule", "slippage"):
            assert set(NAMES) <= found
    elif form == "csv":
        cells = [c for row in csv.reader(io.StringIO(out)) for c in row]
        assert risky(cells) == []
        if argv[0] in ("schedule", "slippage"):
            assert {neutralise(escape_controls(n)) for n in NAMES} <= set(cells)
    elif form == "junit":
        ET.fromstring(out)  # raw control characters would make it unreadable XML
    else:
        assert "digipoort" in out.lower()


def test_report_files_are_safe(hostile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The monthly report as xlsx, CSV zip, HTML and text file: Excel opens it, no cell runs, no ESC."""
    pytest.importorskip("jinja2", reason="the HTML report needs the 'report' extra")
    pytest.importorskip("xlsxwriter", reason="the Excel report needs the 'report' extra")
    pytest.importorskip("openpyxl", reason="the workbook is read back with openpyxl (the 'test' extra)")
    from openpyxl import load_workbook  # noqa: PLC0415 - the test extra

    for form in ("xlsx", "zip", "html", "md", "txt"):
        code, _, err = run(capsys, "report", "monthly", str(hostile), "--period", "2023-12", "-o",
                           str(tmp_path / f"r.{form}"))
        assert code == 0, err
    book = load_workbook(tmp_path / "r.xlsx")
    texts = [c for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert [c.value for c in texts if controls(c.value)] == []
    assert [c.value for c in texts if risky([c.value]) and not c.quotePrefix] == []
    assert any("Digipoort" in c.value and "\\u001b" in c.value for c in texts)
    with zipfile.ZipFile(tmp_path / "r.zip") as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8-sig")
            cells = [c for row in csv.reader(io.StringIO(text), delimiter=";") for c in row]
            assert (name, risky(cells), controls(text)) == (name, [], [])
    for form in ("html", "md", "txt"):
        assert controls((tmp_path / f"r.{form}").read_text(encoding="utf-8")) == []


def test_history_chart_is_readable_svg(hostile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The chart's title holds the portfolio's name: the SVG stays well-formed XML."""
    pytest.importorskip("matplotlib")
    code, _, err = run(capsys, "history", str(hostile), "-o", str(tmp_path / "mta.svg"))
    assert (code, controls(err)) == (0, [])
    title = "".join(ET.parse(tmp_path / "mta.svg").getroot().itertext())
    assert controls(title) == []


def test_publish_and_published_are_safe(hostile: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The store's tables and JSON print no control character; JSON gives the names back exactly."""
    store = str(tmp_path / "store.sqlite")
    code, out, err = run(capsys, "publish", str(hostile), "--period", "2023-12", "--store", store)
    assert (code, controls(out + err)) == (0, [])
    code, out, err = run(capsys, "published", str(hostile), "--period", "2023-12", "--store", store)
    assert (code, controls(out + err)) == (0, [])
    assert "digipoort.cutover" in out
    code, out, _ = run(capsys, "published", str(hostile), "--period", "2023-12", "--store", store, "--format", "json")
    assert NAMES[0] in strings(json.loads(out))
