"""The monthly report's Geld colour by earned value and its schedule risk section.

The earned-value portfolio below is small enough to work out by hand: four
activities of 10 working days back to back (Monday to Friday, no holidays),
a budget of 400 spread in proportion to working days (100 each), the status
at the end of working day 20. Planned value then is 200 (two activities'
worth); the first activity is finished and the second half done, so earned
value is 100 + 50 = 150. SPI = 150 / 200 = 0.75; the plan reached 150 after
15 working days, so ES = 15, AT = 20 and SPI(t) = 0.75. With realised spend
AC, CPI = 150 / AC and EAC = BAC / CPI = 400 * AC / 150.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import jsonschema
import pytest

from portfolio.calendar import builtin
from portfolio.evm import evm
from portfolio.io import load
from portfolio.model import (
    Activity,
    ActivityProgress,
    Assignment,
    AssignmentReport,
    AssignmentStatus,
    Baseline,
    BaselineEntry,
    Duration,
    Portfolio,
    PortfolioSettings,
    Rag,
    StatusUpdate,
)
from portfolio.report import MonthlyReport, monthly_report, render
from portfolio.report.data import AssignmentLine
from portfolio.report.i18n import Words
from portfolio.report.json import load_report_schema, report_dict
from portfolio.report.risk_section import ACTIVITY_RUNS, MIN_RUNS, RUNS, report_runs, risk_section
from portfolio.risk import simulate
from portfolio.scheduling import schedule

CAL = builtin("standard")
START = dt.date(2024, 1, 1)  # a Monday


def _day(index: int) -> dt.date:
    return CAL.date(CAL.index(START) + index)


STATUS = _day(19)  # the end of working day 20: 26 January 2024


def _portfolio(realised: float, spend_only_realised: float = 50.0) -> Portfolio:
    """The hand-worked assignment ``opd`` and ``spend``, whose work is in no baseline (no earned value)."""
    activities = [Activity(id=f"p.a{i}", duration=Duration(10)) for i in range(4)]
    activities.append(Activity(id="q.b0", duration=Duration(10)))
    entries = {f"p.a{i}": BaselineEntry(activity=f"p.a{i}", start=_day(10 * i), finish=_day(10 * i + 9))
               for i in range(4)}
    progress = {
        "p.a0": ActivityProgress(activity="p.a0", actual_start=_day(0), actual_finish=_day(9)),
        "p.a1": ActivityProgress(activity="p.a1", actual_start=_day(10), percent_complete=50.0),
        "q.b0": ActivityProgress(activity="q.b0", actual_start=_day(0), percent_complete=50.0),
    }
    running = AssignmentStatus.RUNNING
    return Portfolio(
        settings=PortfolioSettings(calendar="standard", start=START),
        activities=activities,
        assignments=[
            Assignment(id="opd", title="Hand-worked", activities=tuple(f"p.a{i}" for i in range(4)), budget=400.0,
                       status=running),
            Assignment(id="spend", title="Spend only", activities=("q.b0",), budget=100.0, status=running),
        ],
        baselines=[Baseline(name="original", current=True, entries=entries)],
        status_updates=[StatusUpdate(date=STATUS, progress=progress, assignments={
            "opd": AssignmentReport(assignment="opd", realised=realised),
            "spend": AssignmentReport(assignment="spend", realised=spend_only_realised),
        })],
    )


def _text(report: MonthlyReport, fmt: str, lang: str = "nl") -> str:
    return render(report, fmt, lang=lang).decode("utf-8")


def _lines(realised: float, spend_only_realised: float = 50.0) -> dict[str, AssignmentLine]:
    report = monthly_report(_portfolio(realised, spend_only_realised), "2024-01")
    return {a.id: a for a in report.assignments}


@pytest.mark.parametrize(
    ("realised", "cpi", "colour"),
    [
        (150.0, 1.0, Rag.GREEN),  # CPI 150/150 = 1, EAC 400 = the budget
        (160.0, 150 / 160, Rag.AMBER),  # CPI 0.9375 < 0.95; EAC 426.67 over the budget, within 110 %
        (170.0, 150 / 170, Rag.RED),  # CPI 0.882 < 0.90; EAC 453.33 over 110 % (440)
        (100.0, 1.5, Rag.GREEN),  # ahead on cost: CPI 1.5, EAC 266.67
    ],
)
def test_geld_follows_cpi_and_eac_worked_by_hand(realised: float, cpi: float, colour: Rag) -> None:
    line = _lines(realised)["opd"]
    assert line.money_rule == "evm"
    assert line.cpi == pytest.approx(cpi)
    assert line.eac == pytest.approx(400 * realised / 150)
    assert line.spi_t == pytest.approx(0.75)
    assert line.rag_money is colour


def test_the_evm_rule_overrules_the_spend_rule() -> None:
    """170 of 400 spent is green by the spend rule (42 %), red by CPI: what the money bought decides."""
    line = _lines(170.0)["opd"]
    assert (line.spent, line.rag_money) == (pytest.approx(170 / 400), Rag.RED)


@pytest.mark.parametrize(("realised", "colour"), [(50.0, Rag.GREEN), (90.0, Rag.AMBER), (101.0, Rag.RED)])
def test_without_earned_value_the_spend_rule_stays(realised: float, colour: Rag) -> None:
    """``spend``'s work is in no baseline: no EVM figures, so 90 % of its budget is amber, over it red."""
    line = _lines(150.0, realised)["spend"]
    assert (line.money_rule, line.cpi, line.eac, line.spi_t) == ("spend", None, None, None)
    assert line.rag_money is colour


def test_the_figures_are_in_the_detail_in_both_languages() -> None:
    report = monthly_report(_portfolio(160.0), "2024-01")
    nl, en = _text(report, "text", "nl"), _text(report, "text", "en")
    assert "Geld naar verdiende waarde: CPI 0,94 · Verwachte eindkosten (EAC) € 427 · SPI(t) 0,75" in nl
    assert "Money by earned value: CPI 0.94 · Estimate at completion (EAC) €427 · SPI(t) 0.75" in en
    assert "Money by earned value" not in nl
    assert "Geld naar verdiende waarde" not in en
    html = _text(report, "html", "en")
    assert "Money by earned value" in html
    assert "CPI 0.94" in html


def test_the_figures_in_json_and_the_workbook_tables() -> None:
    report = monthly_report(_portfolio(160.0), "2024-01")
    doc = report_dict(report)
    jsonschema.validate(doc, load_report_schema())
    by_id = {a["id"]: a for a in doc["assignments"]}
    assert (by_id["opd"]["money_rule"], by_id["opd"]["cpi"]) == ("evm", pytest.approx(0.9375))
    assert (by_id["spend"]["money_rule"], by_id["spend"]["cpi"], doc["risk"]) == ("spend", None, None)
    files = zipfile.ZipFile(io.BytesIO(render(report, "csv", lang="en"))).namelist()
    assert any(name.endswith("-evm.csv") for name in files)
    assert not any(name.endswith("-risk.csv") for name in files)  # no uncertainty data: no risk tables


# -- the risk section --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> Portfolio:
    return load("examples/logius").portfolio


def test_report_runs_are_bounded_by_the_portfolio_size() -> None:
    assert report_runs(1) == RUNS
    assert report_runs(50_000) == MIN_RUNS
    for n in (1, 100, 2_000, 2_001, 5_000, 20_000, 50_000, 1_000_000):
        runs = report_runs(n)
        assert MIN_RUNS <= runs <= RUNS
        assert runs == MIN_RUNS or runs * n <= ACTIVITY_RUNS


def test_the_section_is_the_simulation_with_the_fixed_seed(example: Portfolio) -> None:
    report = monthly_report(example, "2023-12")
    section = report.risk
    assert section is not None
    assert (section.runs, section.seed) == (report_runs(len(example.activities)), 0)
    result = simulate(example, runs=section.runs, seed=0, status_date=report.status_date)
    assert [(r.id, r.p50, r.p80, r.chance) for r in section.lines] == [
        (row["id"], row["p50"], row["p80"], row["probability"]) for row in result.summary()]
    # the plan column is the deterministic schedule at the status date, an independent computation
    computed = schedule(example, status_date=report.status_date)
    assert {r.id: r.deterministic for r in section.lines} == {r.id: computed[r.id].finish for r in section.lines}
    assert all(r.p50 <= r.p80 for r in section.lines)
    assert [c.days for c in section.risks] == sorted((c.days for c in section.risks), reverse=True)


def test_the_same_inputs_give_the_same_section(example: Portfolio) -> None:
    first = monthly_report(example, "2023-08").risk
    again = risk_section(example, dt.date(2023, 8, 31))
    assert first == again


def test_no_uncertainty_data_no_section() -> None:
    report = monthly_report(load("examples/datacentre").portfolio, "2023-12")
    assert report.risk is None
    assert "Planningsrisico" not in _text(report, "text")
    assert "risk" not in {name.split("-", 1)[1][:-4] for name in zipfile.ZipFile(io.BytesIO(
        render(report, "csv"))).namelist()}


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_the_section_in_each_language(example: Portfolio, fmt: str) -> None:
    report = monthly_report(example, "2023-12")
    assert report.risk is not None
    nl, en = _text(report, fmt, "nl"), _text(report, fmt, "en")
    for dutch in ("Planningsrisico", "Kans op halen", "Grootste risico"):
        assert dutch in nl
    for english in ("Schedule risk", "Chance of meeting it", "Top risks"):
        assert english in en
    for english in ("Schedule risk", "Chance of meeting", "Top risks", "Days added", "runs, seed"):
        assert english not in nl
    for dutch in ("Planningsrisico", "Kans op halen", "Grootste risico", "Dagen erbij"):
        assert dutch not in en
    assert f"{report.risk.runs:,} runs, seed 0" in " ".join(en.split())
    assert f"{Words('nl').number(report.risk.runs)} simulatierondes, startgetal 0" in " ".join(nl.split())


def test_the_section_in_json_and_the_workbook(example: Portfolio) -> None:
    report = monthly_report(example, "2023-12")
    assert report.risk is not None
    doc = json.loads(_text(report, "json"))
    jsonschema.validate(doc, load_report_schema())
    assert doc["risk"]["runs"] == report.risk.runs
    assert [line["p80"] for line in doc["risk"]["lines"]] == [r.p80.isoformat() for r in report.risk.lines]
    pytest.importorskip("xlsxwriter", reason="the Excel report needs the 'report' extra")
    import openpyxl  # noqa: PLC0415 - the test extra: an independent reader

    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx", lang="en")))
    assert {"Schedule risk", "Risks", "Earned value"} <= set(book.sheetnames)
    sheet = book["Schedule risk"]
    assert sheet.cell(row=3, column=1).value == report.risk.lines[0].id


def test_the_pv_curve_of_the_hand_worked_assignment() -> None:
    """100 per activity over 10 working days: 10 a day, so every fifth boundary adds 50, up to 400."""
    row = evm(_portfolio(150.0), status_date=STATUS, levels=("assignment",)).select(id="opd")[0]
    assert [v for _, v in row.curve] == [pytest.approx(50.0 * i) for i in range(9)]
    assert row.curve[0][0] == START


def test_the_report_asks_evm_for_assignment_rows_only() -> None:
    p = _portfolio(150.0)
    every = evm(p, status_date=STATUS)
    only = evm(p, status_date=STATUS, levels=("assignment",))
    assert {r.level for r in every.rows} == {"assignment", "portfolio"}
    assert [(r.id, r.figures) for r in only.rows] == [(r.id, r.figures) for r in every.rows if r.level == "assignment"]
    with pytest.raises(ValueError, match="unknown level"):
        evm(p, levels=("team",))
