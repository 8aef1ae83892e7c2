"""The four-monthly report (viermaandsrapportage): the seed's facts from the example's data, spans, finance, formats."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import jsonschema
import pytest

from portfolio.io import load
from portfolio.report.data import monthly_report
from portfolio.report.four_monthly import FourMonthlyReport, four_monthly_report, parse_span
from portfolio.report.four_monthly_render import (
    FOUR_MONTHLY_FORMATS,
    four_monthly_dict,
    load_four_monthly_schema,
    render_four_monthly,
)
from portfolio.store import Store

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"
SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def report() -> FourMonthlyReport:
    return four_monthly_report(load(EXAMPLE).portfolio, "2023-05..2023-08")


def _section(report: FourMonthlyReport, name: str):
    return next(d for d in report.domains if d.name == name)


def _milestone(report: FourMonthlyReport, ident: str):
    return next(m for d in report.domains for m in d.key_milestones if m.id == ident)


# -- the seed's facts, each stated by the report from the data ---------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Fact:
    """One fact of the seed's domain summaries, the words the seed uses, and the report's text that states it."""

    seed: str  #: the seed's own words (checked against the seed when it is at hand)
    english: str  #: what the English report says


FACTS = (
    Fact("E-Herkenning is in productie gegaan op LPC op 2 oktober 2023",
         "eHerkenning in productie op LPC: Forecast at end 2 October 2023"),
    Fact("Stelseldiensten staat op het punt om begin oktober te migreren van EASI naar Picard",
         "Stelseldiensten van EASI naar Picard: EASI → Picard"),
    Fact("moet nog besloten worden over het landings-platform",
         "Herbouw Digipoort en migratie naar het landingsplatform: landing platform not yet decided"),
    Fact("Verwachting afronding zomer 2024", "Migratie publicatievoorzieningen afgerond: Forecast at end 15 July 2024"),
    Fact("Omgevingswet migreert haar infrastructuur om per 1 jan in werking te treden",
         "Inwerkingtreding Omgevingswet: Forecast at end 2 January 2024"),
    Fact("DigiInkoop is volgens planning uit gefaseerd", "30 June 2023: DigiInkoop uitgefaseerd"),
    Fact("op of boven de norm van 99,8 % beschikbaarheid",
         "Availability: Availability was at or above the norm in every period reported."),
    Fact("onderrealisatie zichtbaar van € 18,842 miljoen", "B&E GDI: under-realisation of €18.842 million"),
    Fact("In totaal € 10,395 miljoen", "€10.395 million in all"),
    Fact("Per saldo € 8,447 miljoen (3,9 procent) onderschrijding", "Net €8.447 million (3.9%) under budget."),
)


def test_the_seed_states_the_facts_listed() -> None:
    """Each fact's words are the seed's (when the shared seed is at hand): the list is of the source's facts."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEED.glob("*.txt"))] if SEED.is_dir() else []
    if not texts:
        pytest.skip("the shared seed is not at hand")
    seed = " ".join(" ".join(texts).split())
    assert [f.seed for f in FACTS if f.seed not in seed] == []


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: f.seed[:40])
def test_the_report_states_each_seed_fact(report: FourMonthlyReport, fact: Fact) -> None:
    """The English text report of May-August 2023 says what the seed's domain summaries say, from the data."""
    text = " ".join(render_four_monthly(report, "text", lang="en").decode().split())
    assert fact.english in text


def test_the_seed_facts_in_the_data(report: FourMonthlyReport) -> None:
    """The same facts as data: dates, platforms, the open decision, availability, the finance figures."""
    assert _milestone(report, "eherkenning.cutover").forecast_end == dt.date(2023, 10, 2)
    eherkenning = next(m for m in _section(report, "Toegang").migrations if m.service == "eherkenning")
    assert eherkenning.target == "Logius Private Cloud (LPC)"
    stelsel = _milestone(report, "stelseldiensten.cutover").forecast_end
    assert stelsel.month == 10
    assert stelsel.day <= 10
    moves = next(m for m in _section(report, "Infrastructuur").migrations if m.service == "stelseldiensten")
    assert (moves.source_platform, moves.target) == ("EASI", "Picard")
    assert [m.service for m in _section(report, "Gegevensuitwisseling").open] == ["digipoort"]
    completion = _milestone(report, "publicatie.completion").forecast_end
    assert completion.year == 2024
    assert 6 <= completion.month <= 9
    assert _milestone(report, "omgevingswet.go-live").forecast_end == dt.date(2024, 1, 2)  # 1 January: a holiday
    assert "digiinkoop.decommission" in [r.id for r in _section(report, "Gegevensuitwisseling").reached]
    assert [t for _, t, _ in _section(report, "Gegevensuitwisseling").finished] == ["Uitfasering DigiInkoop"]
    figures = [a for d in report.domains for a in d.availability if any(v is not None for v in a.months)]
    assert len(figures) >= 20
    assert all(a.meets for a in figures)
    diginetwerk = next(a for a in figures if a.service == "diginetwerk")
    assert diginetwerk.months == (100.0,)  # "De beschikbaarheid van Diginetwerk was 100%"
    gdi = next(g for g in report.finance if g.name == "B&E GDI")
    assert (round(gdi.under), round(gdi.offset), round(gdi.net)) == (18_842_000, 10_395_000, 8_447_000)
    assert gdi.net_percent is not None
    assert round(100 * gdi.net_percent, 1) == 3.9
    others = {g.name: round(g.under) for g in report.finance if g.name != "B&E GDI"}
    assert others == {"B&E niet GDI": 700_000, "Doorontwikkeling": 4_958_000}


def test_every_domain_of_the_seed_has_a_section(report: FourMonthlyReport) -> None:
    names = {d.name for d in report.domains}
    assert {"Toegang", "Interactie", "Publicatie", "Gegevensuitwisseling", "Infrastructuur"} <= names


def test_movement_over_the_span_is_measured_from_the_report_before_it(report: FourMonthlyReport) -> None:
    """The start is April's state (status 28 April); a milestone's move is its forecast's change over the span."""
    april = monthly_report(load(EXAMPLE).portfolio, "2023-04")
    assert report.start_date == april.status_date == dt.date(2023, 4, 28)
    before = {f.id: f.forecast_finish for f in april.figures if f.kind == "milestone"}
    digipoort = _milestone(report, "digipoort.cutover")
    assert digipoort.forecast_start == before["digipoort.cutover"]
    assert digipoort.moved_days == (digipoort.forecast_end - before["digipoort.cutover"]).days > 0
    assert "landingsplatform" in digipoort.reason


# -- spans -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("span", "months"), [
    ("2023-T1", ("2023-01", "2023-02", "2023-03", "2023-04")),
    ("2023-t3", ("2023-09", "2023-10", "2023-11", "2023-12")),
    ("2023-12..2024-02", ("2023-12", "2024-01", "2024-02")),
    ("2023-08..2023-08", ("2023-08",)),
])
def test_spans(span: str, months: tuple[str, ...]) -> None:
    assert parse_span(span) == months


@pytest.mark.parametrize("span", ["2023-08", "2023-T4", "2023-09..2023-05", "2023-00..2023-03", "T2", ""])
def test_bad_spans_are_refused(span: str) -> None:
    with pytest.raises(ValueError, match=r"span|period|before it starts"):
        parse_span(span)


def test_a_span_before_any_status_update_is_a_lookup_error() -> None:
    with pytest.raises(LookupError, match="no status update"):
        four_monthly_report(load(EXAMPLE).portfolio, "2022-T1")


def test_a_span_with_no_update_before_it_has_no_start(tmp_path: Path) -> None:
    """The first span of the example (January-April) has nothing before it: no start forecasts, said so."""
    report = four_monthly_report(load(EXAMPLE).portfolio, "2023-T1")
    assert report.start_date is None
    assert all(m.forecast_start is None and m.moved_days is None for d in report.domains for m in d.key_milestones)
    assert "no status update before the span" in render_four_monthly(report, "text", lang="en").decode()


# -- availability below the norm -------------------------------------------------------------------------------

def _example_copy(tmp_path: Path) -> Path:
    target = tmp_path / "logius"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("tests", ".portfolio"))
    return target


def test_a_month_below_the_norm_is_highlighted(tmp_path: Path) -> None:
    folder = _example_copy(tmp_path)
    status = folder / "status" / "2023-08-31.yaml"
    status.write_text(status.read_text(encoding="utf-8").replace("digipoort: 99.86", "digipoort: 99.61"),
                      encoding="utf-8")
    report = four_monthly_report(load(folder).portfolio, "2023-T2")
    digipoort = next(a for d in report.domains for a in d.availability if a.service == "digipoort")
    assert digipoort.below == (True,)
    assert digipoort.meets is False
    text = render_four_monthly(report, "text", lang="en").decode()
    assert "Below the norm: Digipoort (31 Aug 2023: 99.61%)." in text
    html = render_four_monthly(report, "html", lang="en").decode()
    assert 'fill="#d0393b"' in html  # the bar of a service below the norm is red


# -- finance in the files --------------------------------------------------------------------------------------

def test_finance_lines_and_notes_are_loaded_with_their_place() -> None:
    update = load(EXAMPLE).portfolio.status_update(dt.date(2023, 8, 31))
    assert update is not None
    assert [line.id for line in update.finance][:2] == ["bge-gdi.toegang", "bge-gdi.interactie"]
    assert update.finance[0].source is not None
    assert update.finance[0].source.file.endswith("2023-08-31.yaml")
    assert [n.amount for n in update.finance_notes] == [6_135_000, 4_260_000]


@pytest.mark.parametrize(("entry", "code", "where"), [
    ("finance: [{id: a, name: A}]", "missing-key", "finance item 1"),
    ("finance: [{id: A B, name: A, budget: 5}]", "bad-id", "'A B'"),
    ("finance: [{id: a, name: A, budget: 5, spent: 3}]", "unknown-key", "spent"),
    ("finance_notes: [{amount: 5}]", "missing-key", "finance_notes item 1"),
])
def test_bad_finance_entries_are_located_diagnostics(tmp_path: Path, entry: str, code: str, where: str) -> None:
    path = tmp_path / "status.yaml"
    path.write_text(f"status:\n  date: 2023-08-31\n  {entry}\n", encoding="utf-8")
    found = [d for d in load(path).diagnostics if d.code == code]
    assert found, [d.code for d in load(path).diagnostics]
    assert found[0].source is not None
    assert found[0].source.line == 3
    assert where in found[0].message
    assert found[0].hint


# -- formats -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("fmt", [f for f in FOUR_MONTHLY_FORMATS if f != "pdf"])
def test_every_format_in_both_languages(report: FourMonthlyReport, fmt: str, lang: str) -> None:
    content = render_four_monthly(report, fmt, lang=lang)
    if fmt == "xlsx":
        pytest.importorskip("xlsxwriter", reason="the Excel report needs the 'report' extra")
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.load_workbook(io.BytesIO(content))
        assert len(book.sheetnames) == 5
        values = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
        assert "DigiD" in values
        return
    text = content.decode("utf-8")
    assert "Digipoort" in text
    assert "eHerkenning" in text
    if fmt != "json":
        assert ("Samenvatting domeinen" if lang == "nl" else "Summary per domain") in text
    if lang == "nl" and fmt in ("text", "md", "html"):
        assert "€ 18,842 miljoen" in text
        assert "Per saldo € 8,447 miljoen (3,9 %) onderschrijding." in text


def test_json_follows_its_schema_and_keeps_the_figures(report: FourMonthlyReport) -> None:
    doc = json.loads(render_four_monthly(report, "json"))
    jsonschema.validate(doc, load_four_monthly_schema())
    assert doc["schema"] == "four-monthly-report/1"
    assert doc["span"] == "2023-05..2023-08"
    gdi = next(g for g in doc["finance"] if g["name"] == "B&E GDI")
    assert round(gdi["net"]) == 8_447_000
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**doc, "surprise": 1}, load_four_monthly_schema())


def test_json_is_the_data_not_the_words(report: FourMonthlyReport) -> None:
    assert four_monthly_dict(report) == json.loads(render_four_monthly(report, "json", lang="nl"))
    assert render_four_monthly(report, "json", lang="nl") == render_four_monthly(report, "json", lang="en")


def test_unknown_format_and_language(report: FourMonthlyReport) -> None:
    with pytest.raises(ValueError, match="not supported"):
        render_four_monthly(report, "docx")
    with pytest.raises(ValueError, match="language"):
        render_four_monthly(report, "text", lang="de")


def test_published_figures_stand_for_the_start_and_end(tmp_path: Path) -> None:
    """A store with April and August published: the report reads their figures, not recomputed ones."""
    portfolio = load(EXAMPLE).portfolio
    april, august = monthly_report(portfolio, "2023-04"), monthly_report(portfolio, "2023-08")
    moved = tuple(attrs.evolve(f, forecast_finish=f.forecast_finish - dt.timedelta(days=7))
                  if f.id == "eherkenning.cutover" else f for f in april.figures)
    with Store.open(tmp_path / "s.sqlite") as store:
        store.publish("2023-04", april.status_date, moved, baseline=april.baseline)
        store.publish("2023-08", august.status_date, august.figures, baseline=august.baseline)
        report = four_monthly_report(portfolio, "2023-T2", store=store)
    assert report.sources == (("2023-04", "published"), ("2023-08", "published"))
    cutover = _milestone(report, "eherkenning.cutover")
    assert cutover.forecast_start == dt.date(2023, 9, 25)
    assert cutover.moved_days == 7


# -- the command -------------------------------------------------------------------------------------------------

def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "portfolio", *args], capture_output=True, text=True, check=False)


def test_cli_four_monthly_text_and_the_third_shorthand() -> None:
    long = _cli("report", "four-monthly", str(EXAMPLE), "--period", "2023-05..2023-08")
    short = _cli("report", "four-monthly", str(EXAMPLE), "--period", "2023-T2")
    assert long.returncode == 0
    assert long.stdout == short.stdout
    assert long.stdout.startswith("Viermaandsrapportage — Logius migratieportfolio")


@pytest.mark.parametrize(("args", "message"), [
    (("--period", "2023-T5"), "is not a span"),
    (("--period", "2023-08..2023-05"), "ends before it starts"),
    (("--period", "2023-T2", "--format", "html"), "give -o FILE"),
])
def test_cli_usage_errors(args: tuple[str, ...], message: str) -> None:
    done = _cli("report", "four-monthly", str(EXAMPLE), *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_writes_a_file_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "vmr.json"
    done = _cli("report", "four-monthly", str(EXAMPLE), "--period", "2023-T2", "-o", str(out))
    assert done.returncode == 0
    assert "wrote" in done.stderr
    jsonschema.validate(json.loads(out.read_text(encoding="utf-8")), load_four_monthly_schema())


def test_the_third_third_has_the_replan_and_the_new_waiver() -> None:
    """September-December 2023: the re-plan of 16 October and the waivers of 18 December fall in the span."""
    report = four_monthly_report(load(EXAMPLE).portfolio, "2023-T3")
    assert [(r.name, r.captured) for r in report.replans] == [("replan-2023", dt.date(2023, 10, 16))]
    assert [(w.rule, w.subject, w.new) for w in report.waivers] == [
        ("decision-before-cutover", "digipoort.rebuild", True), ("capacity-overload", "migratie", True),
        ("capacity-overload", "beheer", True), ("capacity-overload", "lpc", True)]
    assert report.start_date == dt.date(2023, 8, 31)
    assert report.finance_date == dt.date(2023, 8, 31)  # the latest finance by the span's end, and dated so
    text = render_four_monthly(report, "text", lang="en").decode()
    assert "- replan-2023: Heroriëntatie" in text
    assert "decision-before-cutover digipoort.rebuild (new, 31 March 2024)" in text
    assert "As of 31 August 2023, on the forecasts." in text
    reached = {r.id for d in report.domains for r in d.reached}
    assert {"eherkenning.cutover", "stelseldiensten.cutover"} <= reached


def test_a_pdf_needs_an_output_file() -> None:
    for command in (("four-monthly", "--period", "2023-T2"), ("monthly", "--period", "2023-08")):
        done = _cli("report", command[0], str(EXAMPLE), *command[1:], "--format", "pdf")
        assert done.returncode == 2
        assert "--format pdf writes a file: give -o FILE" in done.stderr
