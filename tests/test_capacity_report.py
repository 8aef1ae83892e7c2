"""The wave plan in the monthly report: there with a capacity section, in every format and both languages."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("jinja2", reason="the HTML report needs the 'report' extra")
pytest.importorskip("xlsxwriter", reason="the Excel report needs the 'report' extra")
openpyxl = pytest.importorskip("openpyxl", reason="the workbooks are read back with openpyxl (the 'test' extra)")

from portfolio.capacity import level, waves  # noqa: E402 - after the extras' check
from portfolio.cli import main  # noqa: E402
from portfolio.io import load  # noqa: E402
from portfolio.model import ActivityKind, Capacity, Portfolio  # noqa: E402
from portfolio.report import MonthlyReport, monthly_report, render  # noqa: E402
from portfolio.report.json import report_dict  # noqa: E402
from portfolio.report.waves_section import WAVE_MONTHS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "logius"


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return load(EXAMPLE).portfolio


@pytest.fixture(scope="module")
def december(portfolio: Portfolio) -> MonthlyReport:
    return monthly_report(portfolio, "2023-12")


def test_the_section_is_the_levelled_plan_in_quarters(portfolio: Portfolio, december: MonthlyReport) -> None:
    """Every levelled cutover is in exactly one wave, inside its window; the windows are whole quarters."""
    section = december.waves
    assert section is not None
    assert section.months == WAVE_MONTHS == 3
    levelled = level(portfolio, portfolio.capacity, status_date=december.status_date).levelled
    cutovers = {a.id for a in portfolio.activities.values() if a.kind is ActivityKind.CUTOVER}
    placed = [c for w in section.waves for c in w.cutovers]
    assert sorted(placed) == sorted(cutovers)
    for w in section.waves:
        assert w.start.day == 1
        assert w.start.month in (1, 4, 7, 10)
        assert (w.finish + dt.timedelta(days=1)).month == (w.start.month + 2) % 12 + 1
        assert all(w.start <= levelled[c].start <= w.finish for c in w.cutovers)
    assert section.waves == waves(portfolio, portfolio.capacity, levelled, months=3)


def test_the_exits_agree_with_portfolio_level(december: MonthlyReport, capsys: pytest.CaptureFixture[str]) -> None:
    """The report's exit dates before and after levelling are those 'portfolio level' prints."""
    assert december.waves is not None
    assert 0 == main(["level", str(EXAMPLE), "--format", "json", "--status-date", "2023-12-29"])
    doc = json.loads(capsys.readouterr().out)
    assert [(e["platform"], e["cpm"], e["levelled"]) for e in doc["exits"]] == [
        (p, a.isoformat(), b.isoformat() if b else "-") for p, a, b in december.waves.exits]
    assert december.waves.delayed == len(doc["delayed"])
    assert december.waves.exits[0] == ("easi", dt.date(2024, 9, 27), dt.date(2025, 2, 3))  # docs/capacity.md


@pytest.mark.parametrize(("lang", "title", "exit_line"), [
    ("nl", "Golfplanning onder capaciteit",
     ("Exit easi: 27 september 2024 bij onbeperkte capaciteit, 3 februari 2025 gelijkgetrokken.")),
    ("en", "Wave plan under capacity",
     ("Exit of easi: 27 September 2024 with unlimited capacity, 3 February 2025 levelled.")),
])
def test_every_format_has_it(december: MonthlyReport, lang: str, title: str, exit_line: str) -> None:
    text = render(december, "text", lang=lang).decode()
    assert title in text
    assert exit_line.split(":", maxsplit=1)[0] in text
    markdown = render(december, "md", lang=lang).decode()
    assert f"## {title}" in markdown
    assert exit_line in markdown
    assert "| 1 | " in markdown.split(f"## {title}")[1]
    html = render(december, "html", lang=lang).decode()
    assert '<section id="waves">' in html
    assert exit_line in html
    book = openpyxl.load_workbook(io.BytesIO(render(december, "xlsx", lang=lang)))
    sheet = book[{"nl": "Golfplanning", "en": "Wave plan"}[lang]]
    rows = [row for row in sheet.iter_rows(values_only=True) if row[0] == 1]
    assert len(rows) == 1
    assert isinstance(rows[0][1], dt.datetime)  # the window's first day, a date cell
    names = zipfile.ZipFile(io.BytesIO(render(december, "csv", lang=lang))).namelist()
    assert names[-1].endswith("-waves.csv")


def test_json_has_the_waves_and_validates(december: MonthlyReport) -> None:
    import jsonschema  # noqa: PLC0415

    from portfolio.report.json import load_report_schema  # noqa: PLC0415

    doc = report_dict(december)
    jsonschema.validate(doc, load_report_schema())
    assert doc["waves"]["waves"][0]["number"] == 1
    assert doc["waves"]["exits"][0] == ["easi", "2024-09-27", "2025-02-03"]


def test_a_portfolio_without_capacity_has_no_wave_plan(portfolio: Portfolio) -> None:
    import attrs  # noqa: PLC0415

    report = monthly_report(attrs.evolve(portfolio, capacity=Capacity()), "2023-12")
    assert report.waves is None
    assert "Golfplanning" not in render(report, "text").decode()
    assert report_dict(report)["waves"] is None
    names = zipfile.ZipFile(io.BytesIO(render(report, "csv"))).namelist()
    assert not any(n.endswith("-waves.csv") for n in names)
