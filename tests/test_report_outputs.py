"""Tests of the report's files: HTML in a real browser, Excel, CSV, safe output, and the monthly script."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import runpy
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path

import attrs
import pytest

pytest.importorskip("jinja2", reason="the HTML report needs the 'report' extra")
pytest.importorskip("xlsxwriter", reason="the Excel report needs the 'report' extra")
openpyxl = pytest.importorskip("openpyxl", reason="the workbooks are read back with openpyxl (the 'test' extra)")

from portfolio.io import load  # noqa: E402 - after the extras' check, so the test extra alone collects
from portfolio.model import Portfolio, Rag  # noqa: E402
from portfolio.report import MonthlyReport, Thresholds, monthly_report, render  # noqa: E402
from portfolio.report.files import UNSAFE_PREFIXES, output_path, safe_filename, write_atomic  # noqa: E402
from portfolio.report.xlsx import RAG_FILLS  # noqa: E402
from portfolio.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "logius"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)

HOSTILE = (
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x","y")',
    "+cmd",
    "-1+2",
    "@SUM(1)",
    "\tTAB",
    "\rCR",
    "../../x",
)


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return load(EXAMPLE).portfolio


@pytest.fixture(scope="module")
def august(portfolio: Portfolio) -> MonthlyReport:
    return monthly_report(portfolio, "2023-08", baseline_name="replan-2023", thresholds=Thresholds(colour="in-force"))


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_html_renders_in_chromium(august: MonthlyReport, tmp_path: Path) -> None:
    """Headless Chromium renders every section and the three charts, logs no console error, and takes a screenshot."""
    page = tmp_path / "maandrapportage.html"
    page.write_bytes(render(august, "html"))
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert 0 == dom.returncode, dom.stderr
    for section in (
        "summary",
        "overview",
        "gantt",
        "details",
        "key-milestones",
        "mta",
        "driving-path",
        "availability",
        "movers",
    ):
        assert f'<section id="{section}">' in dom.stdout
    for chart in ("chart gantt", "chart mta", "chart path"):
        assert f'<svg class="{chart}"' in dom.stdout
    assert 11 == dom.stdout.count('<article class="assignment')
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert [] == console
    shot = tmp_path / "monthly-report.png"
    taken = _chromium(tmp_path, "--window-size=1280,2400", f"--screenshot={shot}", page.as_uri())
    assert 0 == taken.returncode, taken.stderr
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert shot.stat().st_size > 50_000  # a rendered page, not a blank one
    print(f"screenshot of the monthly report: {shot}")


def test_html_is_self_contained(august: MonthlyReport) -> None:
    """The page loads nothing from elsewhere: no scripts, no external style sheets, images or fonts."""
    page = render(august, "html").decode()
    assert "<script" not in page
    assert "<link" not in page
    assert "src=" not in page
    assert "@media print" in page


def test_xlsx_dates_colours_filters(august: MonthlyReport) -> None:
    """The workbook has real dates, RAG fills, a frozen header and an auto filter on every sheet."""
    book = openpyxl.load_workbook(io.BytesIO(render(august, "xlsx", lang="en")))
    sheet = book["Assignments"]
    header = [c.value for c in sheet[2]]
    row = dict(zip(header, sheet[3], strict=True))
    assert "opd-2023-001" == row["No."].value
    assert dt.datetime(2023, 11, 10) == row["Forecast finish"].value
    assert row["Forecast finish"].is_date
    assert "green" == row["Overall"].value
    assert RAG_FILLS[Rag.GREEN] == row["Overall"].fill.start_color.rgb[-6:]
    amber = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "opd-2023-011")
    assert RAG_FILLS[Rag.AMBER] == amber[header.index("Time")].fill.start_color.rgb[-6:]
    assert 0.7675 == pytest.approx(row["Spent"].value, abs=1e-4)
    assert "0%" == row["Spent"].number_format
    for ws in book.worksheets[1:]:  # the summary is a sheet of labels and values: no header, no filter
        assert "A3" == ws.freeze_panes
        assert ws.auto_filter.ref is not None
        assert ws.auto_filter.ref.startswith("A2:")
    mta = book["MTA"]
    assert [dt.date(2023, 4, 28), dt.date(2023, 8, 31)] != [c.value for c in mta[2]][3:]  # headers are text
    assert mta["D3"].is_date


def test_dutch_workbook_sheets(august: MonthlyReport) -> None:
    """The Dutch workbook names its sheets in Dutch."""
    book = openpyxl.load_workbook(io.BytesIO(render(august, "xlsx")))
    assert ["Samenvatting", "Opdrachten"] == book.sheetnames[:2]


def test_csv_zip_one_table_per_file(august: MonthlyReport) -> None:
    """The CSV zip holds one file per table, ISO dates, and the same rows as the report."""
    archive = zipfile.ZipFile(io.BytesIO(render(august, "csv", lang="en")))
    names = archive.namelist()
    assert "02-assignments.csv" in names
    assert 17 == len(names)  # with the re-plans, the restated figures, earned value, the two risk tables, the waves
    rows = list(csv.reader(io.StringIO(archive.read("02-assignments.csv").decode("utf-8-sig"))))
    assert 1 + 11 == len(rows)
    assert "2023-11-10" == rows[1][rows[0].index("Forecast finish")]


def _csv_table(data: bytes, name: str, delimiter: str) -> list[list[str]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig")), delimiter=delimiter))


def test_dutch_csv_is_what_dutch_excel_opens(august: MonthlyReport) -> None:
    """Dutch CSV: a byte-order mark, ``;`` between cells, decimal commas, whole euros, spent in whole percent, ISO dates."""
    data = render(august, "csv")
    text = zipfile.ZipFile(io.BytesIO(data)).read("02-assignments.csv")
    rows = _csv_table(data, "02-assignments.csv", ";")
    first = dict(zip(rows[0], rows[1], strict=True))
    availability = dict(zip(*_csv_table(data, "10-availability.csv", ";")[:2], strict=True))
    expected = (b"\xef\xbb\xbf", "1850000", "1420000", "77", "2023-11-10", "99,86", "99,80")
    actual = (
        text[:3],
        first["Budget"],
        first["Gerealiseerd"],
        first["Besteed (%)"],
        first["Einde prognose"],
        availability["Beschikbaarheid (%)"],
        availability["Norm"],
    )
    assert expected == actual


def test_english_csv_keeps_commas_and_points_but_rounds(august: MonthlyReport) -> None:
    """English CSV separates with ``,`` and writes decimal points, rounded as the Dutch one."""
    data = render(august, "csv", lang="en")
    first = dict(zip(*_csv_table(data, "02-assignments.csv", ",")[:2], strict=True))
    availability = dict(zip(*_csv_table(data, "10-availability.csv", ",")[:2], strict=True))
    expected = ("1850000", "77", "99.86", "99.80")
    actual = (first["Budget"], first["Spent (%)"], availability["Availability (%)"], availability["Norm"])
    assert expected == actual


def _hostile(portfolio: Portfolio) -> Portfolio:
    assignments = {}
    for i, (key, a) in enumerate(portfolio.assignments.items()):
        text = HOSTILE[i % len(HOSTILE)]
        assignments[key] = attrs.evolve(a, title=text, client=text, phase=text)
    services = {k: attrs.evolve(s, name=HOSTILE[0]) for k, s in portfolio.services.items()}
    update = portfolio.status_updates[1]
    reports = {k: attrs.evolve(r, explanation='=HYPERLINK("http://x","y")') for k, r in update.assignments.items()}
    updates = [portfolio.status_updates[0], attrs.evolve(update, assignments=reports), *portfolio.status_updates[2:]]
    return attrs.evolve(
        portfolio,
        settings=attrs.evolve(portfolio.settings, name="../../x <script>alert(1)</script>"),
        assignments=assignments,
        services=services,
        status_updates=updates,
    )


def test_hostile_portfolio_html_and_markdown(portfolio: Portfolio) -> None:
    """Script tags from the portfolio files are escaped in HTML and Markdown."""
    report = monthly_report(_hostile(portfolio), "2023-08")
    page = render(report, "html").decode()
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    markdown = render(report, "md").decode()
    assert "<script" not in markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown


@pytest.mark.parametrize(("lang", "delimiter"), [("nl", ";"), ("en", ",")])
def test_hostile_portfolio_csv(portfolio: Portfolio, lang: str, delimiter: str) -> None:
    """No CSV cell starts like a formula; a neutralised cell still shows its text after the apostrophe."""
    report = monthly_report(_hostile(portfolio), "2023-08")
    archive = zipfile.ZipFile(io.BytesIO(render(report, "csv", lang=lang)))
    cells = [
        cell
        for name in archive.namelist()
        for row in csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig")), delimiter=delimiter)
        for cell in row
    ]
    texts = [c for c in cells if c and not c.lstrip("-").replace(".", "").replace(",", "").isdigit()]
    assert [] == [c for c in texts if c.startswith(UNSAFE_PREFIXES)]
    assert '\'=HYPERLINK("http://x","y")' in cells
    assert "'+cmd" in cells
    assert "'@SUM(1)" in cells
    assert "'-1+2" in cells


def test_hostile_portfolio_xlsx(portfolio: Portfolio) -> None:
    """No Excel cell is a formula; text that starts like one is quoted text and shows the whole text."""
    report = monthly_report(_hostile(portfolio), "2023-08")
    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert [] == [c.coordinate for c in cells if c.data_type == "f"]
    risky = [c for c in cells if isinstance(c.value, str) and c.value.startswith(UNSAFE_PREFIXES)]
    assert risky
    assert all(c.quotePrefix for c in risky)
    assert '=HYPERLINK("http://x","y")' in {c.value for c in risky}


def test_file_names_stay_in_their_folder(tmp_path: Path) -> None:
    """A file name made from user data never leaves the output folder."""
    for text in HOSTILE:
        path = output_path(tmp_path, text)
        assert tmp_path == path.parent
        assert not path.name.startswith(".")
    assert "x" == safe_filename("../../x")


def test_monthly_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The programme office's script checks, writes HTML and Excel, publishes, and next month's run compares."""
    folder = tmp_path / "logius"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".portfolio"))
    script = runpy.run_path(str(ROOT / "examples" / "monthly_overview.py"))
    out = tmp_path / "reports"
    assert 0 == script["main"]([str(folder), "--period", "2023-08", "--out", str(out)])
    printed = capsys.readouterr().out
    names = sorted(p.name for p in out.iterdir())
    assert [
        "maandrapportage-Logius-migratieportfolio-2023-08.html",
        "maandrapportage-Logius-migratieportfolio-2023-08.xlsx",
    ] == names
    assert "published: 2023-08 version 1" in printed
    shown = {(f.rule, f.subject) for a in monthly_report(load(folder).portfolio, "2023-08").assignments for f in a.findings}
    expected = (  # 21: 7, and in August 2023 (before the board's waivers) 14 capacity overloads of the teams
        f"Logius migratieportfolio: {len(shown)} findings of the rules touch running assignments and are in the "
        "report (0 waived); 21 other findings (portfolio-wide, such as DCMA, or outside the running assignments): "
        f"run `portfolio check {folder}`"
    )
    assert (2, expected) == (len(shown), printed.splitlines()[0])
    with Store.open(folder / ".portfolio" / "published.sqlite", create=False) as store:
        published = store.latest("2023-08")
        assert published is not None
        september = monthly_report(load(folder).portfolio, "2023-09", store=store)
    assert ("published", "2023-08") == (september.previous_source, september.previous_label)
    assert 0 == script["main"]([str(folder), "--period", "2023-08", "--out", str(out)])
    assert "already published" in capsys.readouterr().out


@pytest.mark.parametrize(("lang", "title", "first"), [("nl", "Bepalend pad naar", "Activiteit"),
                                                      ("en", "Driving path to", "Activity")])
def test_driving_path_is_not_called_critical(august: MonthlyReport, lang: str, title: str, first: str) -> None:
    """The driving path (its rows may have float) is titled "Bepalend pad", first column "Activiteit", in every format."""
    heading = f"{title} {august.path_to_name}"
    text = render(august, "text", lang=lang).decode("utf-8")
    markdown = render(august, "md", lang=lang).decode("utf-8")
    html = render(august, "html", lang=lang).decode("utf-8")
    book = openpyxl.load_workbook(io.BytesIO(render(august, "xlsx", lang=lang)))
    sheet = book[{"nl": "Bepalend pad", "en": "Driving path"}[lang]]
    archive = zipfile.ZipFile(io.BytesIO(render(august, "csv", lang=lang)))
    delimiter = {"nl": ";", "en": ","}[lang]
    header = next(csv.reader(io.StringIO(archive.read("09-driving-path.csv").decode("utf-8-sig")), delimiter=delimiter))
    found = (heading in text, heading in markdown, heading in html, "Kritiek pad" in text + markdown + html)
    assert (True, True, True, False) == found
    cells = [c.value for row in sheet.iter_rows(max_row=3) for c in row]
    assert (first, True) == (header[0], first in cells)
    assert f"| {first} |" in markdown


def test_stale_status_is_in_every_format(portfolio: Portfolio) -> None:
    """A report for a month after the last status update says so in every format; August 2023's does not."""
    stale = monthly_report(portfolio, "2030-01")
    note = "de laatste statusupdate (29 december 2023) is van vóór januari 2030"
    text, md, html = (render(stale, f).decode("utf-8") for f in ("text", "md", "html"))
    book = openpyxl.load_workbook(io.BytesIO(render(stale, "xlsx")))
    sheet = " ".join(str(c.value) for row in book["Samenvatting"].iter_rows() for c in row)
    summary = zipfile.ZipFile(io.BytesIO(render(stale, "csv"))).read("01-summary.csv").decode("utf-8-sig")
    assert [True] * 5 == [note in found for found in (text, md, html, sheet, summary)]
    assert (True, False) == (stale.stale, monthly_report(portfolio, "2023-08").stale)


def test_xlsx_summary_is_a_key_value_sheet(portfolio: Portfolio) -> None:
    """The summary sheet has no header row repeating its title and no filter; it holds the comments and availability."""
    report = monthly_report(portfolio, "2023-08")
    sheet = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))["Samenvatting"]
    labels = [row[0] for row in sheet.iter_rows(values_only=True)]
    values = dict(row[:2] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0])
    assert (None, 1) == (sheet.auto_filter.ref, labels.count("Samenvatting"))
    assert (report.comments, "alle voorzieningen op of boven de norm") == (
        values["Toelichting bij de peildatum"],
        values["Beschikbaarheid per voorziening"],
    )


def test_findings_waived_header_is_capitalised(august: MonthlyReport) -> None:
    """The findings table's last header is "Geaccepteerd", capitalised like the others."""
    sheet = openpyxl.load_workbook(io.BytesIO(render(august, "xlsx")))["Bevindingen"]
    assert "Geaccepteerd" == [c.value for c in sheet[2]][-1]


def test_overviews_show_signed_slips_and_spent(portfolio: Portfolio) -> None:
    """The text overview signs the slips (+85) like the detail; the HTML overview has the spent column too."""
    report = monthly_report(portfolio, "2023-08")
    text = render(report, "text").decode("utf-8")
    row = next(line for line in text.splitlines() if line.startswith("opd-2023-001"))
    html = render(report, "html").decode("utf-8")
    overview = html[html.index('<section id="overview">') : html.index("</section>", html.index('id="overview"'))]
    # total, against the original (in August the plan in force is the original) and since the last report
    assert (["+85", "+85", "0"], True, True) == (row.split()[9:12], "<th>Besteed</th>" in overview,
                                                 "77 %" in overview)


def test_driving_path_tick_labels_stay_in_the_chart(august: MonthlyReport) -> None:
    """The driving-path chart's last month label ends at its tick instead of running past the right edge."""
    html = render(august, "html").decode("utf-8")
    section = html[html.index('<section id="driving-path">') :]
    ticks = re.findall(r'<text x="([0-9.]+)" y="11" text-anchor="(\w+)">([^<]+)</text>', section)
    x, anchor, label = ticks[-1]
    right = float(x) + 6.5 * len(label) if anchor == "start" else float(x)
    assert (True, "end") == (right <= 960, anchor)


def test_write_atomic_keeps_links_and_special_files(tmp_path: Path) -> None:
    """-o through a link replaces the file it points at and keeps the link; a pipe-like target is written, not replaced."""
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert "new" == real.read_text()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    write_atomic(fifo, b"through the pipe")
    out, _ = reader.communicate(timeout=10)
    assert b"through the pipe" == out
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
