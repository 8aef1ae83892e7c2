"""Earned value checked against a published worked example, re-typed as a portfolio of YAML files.

Source: Charles I. Budd and Charlene S. Budd, *A Practical Guide to Earned
Value Project Management* (2nd edition, Management Concepts, ISBN 978-1-56726-337-4),
appendix "Discussion Responses and Exercise Solutions", chapter 3, exercise
solutions 1-7
(https://www.oreilly.com/library/view/a-practical-guide/9781567263374/OEBPS/9781567263374_epub_app2_r1.htm).
The stated answers, to the book's rounding:

====================  ==============================================================
TV (BAC)              $289,000 = 40,000 + 30,000 + 28,000 + 17,000 + 22,000 + 24,000
                      + 38,000 + 90,000
PV                    $178,540 = 40,000 + 30,000 + 28,000 + 17,000 + 21,120 + 23,040
                      + 19,380
AC                    $137,500
EV                    $129,800 = 40,000 + 30,000 + 28,000 + 17,000 + 11,000 + 0 + 3,800
CV, CPI               ($7,700) unfavourable; .944
SV, SPI               ($48,740) unfavourable; .727
"optimistic" EAC      $306,144 = $137,500 + $168,644
====================  ==============================================================

The portfolio (``tests/fixtures/evm_published/budd/``) expresses the source's
inputs in our terms. The source gives each task's planned and earned value,
not its dates or its percent complete; where our method differs, the fixture
makes the inputs equal:

- **PV**: ours spreads each budget linearly over the working days of its
  baseline dates. The baseline places tasks 5 and 6 over 25 working days with
  24 gone by the status date (21,120 / 22,000 = 23,040 / 24,000 = 96 %) and
  task 7 over 100 with 51 gone (19,380 / 38,000 = 51 %); tasks 1-4 finish and
  task 8 starts on either side of it.
- **EV**: ours is each budget times its fraction complete; the status update
  reports tasks 1-4 finished, task 5 at 50 % (11,000 / 22,000), task 6 not
  started and task 7 at 10 % (3,800 / 38,000).
- **EAC**: the source's "optimistic" EAC is AC + (BAC - EV) / CPI, which is
  BAC / CPI, our CPI-based ``eac``; its second term, 168,644, is our ``etc``
  (EAC - AC).

The source states no earned-schedule figures, nor VAC, TCPI or the
CPI x SPI-based EAC: those are checked below against the same inputs worked
by hand (and are labelled so in docs/evm.md), not against the source.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portfolio.cli import main
from portfolio.evm import Figures, evm
from portfolio.evm._budgets import assignment_shares
from portfolio.io import load
from portfolio.slippage._common import Calendars

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "evm_published" / "budd"
TASKS = [f"budd.t{i}" for i in range(1, 9)]
#: The source's budget, planned value and earned value per task (solutions 1, 2 and 4).
BUDGET = [40_000, 30_000, 28_000, 17_000, 22_000, 24_000, 38_000, 90_000]
PLANNED = [40_000, 30_000, 28_000, 17_000, 21_120, 23_040, 19_380, 0]
EARNED = [40_000, 30_000, 28_000, 17_000, 11_000, 0, 3_800, 0]


@pytest.fixture(scope="module")
def found() -> Figures:
    result = load(FIXTURE)
    assert result.diagnostics == ()  # the re-typed files are clean
    report = evm(result.portfolio)
    assert report.diagnostics == ()
    (row,) = report.select(level="assignment", id="opd-budd")
    return row.figures


def test_the_sources_stated_answers(found: Figures) -> None:
    assert found.bac == 289_000  # 1. TV
    assert found.pv == pytest.approx(178_540, abs=1e-6)  # 2.
    assert found.ac == 137_500  # 3.
    assert found.ev == pytest.approx(129_800, abs=1e-6)  # 4.
    assert found.cv == pytest.approx(-7_700, abs=1e-6)  # 5. ($7,700) unfavourable
    assert round(found.cpi or 0, 3) == 0.944  # 5.
    assert found.sv == pytest.approx(-48_740, abs=1e-6)  # 6. ($48,740) unfavourable
    assert round(found.spi or 0, 3) == 0.727  # 6.
    assert round(found.eac or 0) == 306_144  # 7. "optimistic" EAC = AC + (BAC - EV) / CPI = BAC / CPI
    assert round(found.etc or 0) == 168_644  # 7. its second term, (BAC - EV) / CPI


def test_each_tasks_budget_and_planned_value_as_the_source_adds_them_up() -> None:
    p = load(FIXTURE).portfolio
    update = p.status_updates[0]
    cals = Calendars(p)
    baseline = p.current_baseline
    assert baseline is not None
    shares = {s.activity: s for s in assignment_shares(p, baseline, "opd-budd", p.assignment_scopes()["opd-budd"],
                                                      cals)}
    t = cals.finish(None, update.date)  # the status date's working-day boundary
    assert [shares[a].budget for a in TASKS] == BUDGET
    assert [shares[a].planned(t) for a in TASKS] == pytest.approx(PLANNED)
    assert sum(EARNED) == 129_800  # the source's EV breakdown, which the status update's progress expresses
    done = {a: (1.0 if update.progress[a].finished else (update.progress[a].percent_complete or 0) / 100)
            for a in update.progress}
    assert [b * done.get(a, 0.0) for a, b in zip(TASKS, BUDGET, strict=True)] == pytest.approx(EARNED)


def test_the_figures_the_source_does_not_state_worked_by_hand(found: Figures) -> None:
    bac, ev, ac = 289_000, 129_800, 137_500
    cpi, spi = ev / ac, ev / 178_540
    assert found.vac == pytest.approx(bac - bac / cpi)  # -17,144
    assert found.tcpi == pytest.approx((bac - ev) / (bac - ac))  # 159,200 / 151,500 = 1.051
    assert found.eac_cpi_spi == pytest.approx(ac + (bac - ev) / (cpi * spi))  # 369,470
    # Earned schedule on the baseline's daily plan: at working-day boundary 78 tasks 1-4 (115,000) are planned,
    # 29 of task 7's days (29 x 380), 2 of task 5's (2 x 880) and of task 6's (2 x 960): 129,700; each day
    # after adds 380 + 880 + 960 = 2,220. ES = 78 + (129,800 - 129,700) / 2,220; AT = 100; PD = 161.
    es = 78 + 100 / 2_220
    assert found.earned_schedule == pytest.approx(es)
    assert found.actual_time == 100
    assert found.planned_duration == 161
    assert found.spi_t == pytest.approx(es / 100)  # 0.780
    assert found.sv_t == pytest.approx(es - 100)  # 22 working days late
    assert found.ieac_t == pytest.approx(161 / (es / 100))  # 206.3 working days


def test_the_command_line_gives_the_same_answers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evm", str(FIXTURE), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    row = next(r for r in document["rows"] if r["id"] == "opd-budd")
    assert (row["bac"], row["pv"], row["ev"], row["ac"], row["cv"], row["sv"]) == pytest.approx(
        (289_000, 178_540, 129_800, 137_500, -7_700, -48_740))
    assert (round(row["cpi"], 3), round(row["spi"], 3), round(row["eac"]), round(row["etc"])) == (
        0.944, 0.727, 306_144, 168_644)
