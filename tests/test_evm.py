"""Earned value and earned schedule: worked examples, the formulas' edge cases and properties.

The published worked example with its stated answers (Budd & Budd's chapter 3
exercise, re-typed as YAML files) is in ``tests/test_evm_published.py``. Here:

- **EVM figures**: the exercise in Kathy Schwalbe, *Information Technology
  Project Management*, ch. 7 (Project Cost Management), "Earned value": a
  six-month project with BAC $200,000; after three months PV $120,000,
  EV $100,000, AC $90,000. The expected figures (CV, SV, CPI, SPI,
  EAC = BAC / CPI, the duration estimate 6 / SPI) are worked by hand from the
  PMI formulas (PMI, *Practice Standard for Earned Value Management*, 2nd ed.,
  2011), not copied from a stated answer.
- **Earned schedule**: the construction of Walt Lipke's earned-schedule
  figure ("Schedule is Different", *The Measurable News*, March 2003; the
  same figure in Lipke and Henderson's "Earned Schedule Concept"): all the PV
  through May earned and part of June, the status at the end of July,
  ES = 5 + (EV - PV_May) / (PV_June - PV_May), AT = 7. The figure has no
  amounts; the test portfolio below gives it twelve monthly work packages of
  100, status at month 7 with EV 550 and AC 600, and every expected figure is
  worked out by hand in the comments.
- **Properties** (Hypothesis): EV <= BAC; ES <= PD; ES <= AT for work that is
  nowhere ahead of plan; SPI(t) = 1 on a project exactly on plan, for every
  spread; a finished project has EV = BAC and ES = PD; ES inverts the plan's
  curve.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.calendar import builtin
from portfolio.evm import FIGURES, earned_schedule, evm, figures, money_colours, money_rag, spread_fraction, to_pandas
from portfolio.io import load
from portfolio.model import (
    Activity,
    ActivityProgress,
    Assignment,
    AssignmentReport,
    Baseline,
    BaselineEntry,
    Cost,
    Duration,
    Portfolio,
    PortfolioSettings,
    Rag,
    Spread,
    StatusUpdate,
)

CAL = builtin("standard")  # Monday to Friday, no holidays: a "month" below is 20 working days
START = dt.date(2024, 1, 1)  # a Monday
MONTH = 20


def _day(index: int) -> dt.date:
    """The working day at working-day index ``index`` from START (0 is START)."""
    return CAL.date(CAL.index(START) + index)


def _project(durations: list[int], budget: float, done: dict[int, float], status: dt.date,
             realised: float | None, *, finished: set[int] | frozenset[int] = frozenset(),
             actual_finish: dt.date | None = None, spreads: list[str] | None = None) -> Portfolio:
    """One assignment over a chain of activities back to back (working days), its baseline and one status update.

    With ``spreads``, each activity's part of the budget (by working days) is in the costs section with that spread.
    """
    activities, entries, offset = [], [], 0
    for i, days in enumerate(durations):
        ident = f"p.a{i}"
        activities.append(Activity(id=ident, duration=Duration(days)))
        entries.append(BaselineEntry(activity=ident, start=_day(offset), finish=_day(offset + days - 1)))
        offset += days
    progress = {}
    for i, fraction in done.items():
        progress[f"p.a{i}"] = ActivityProgress(activity=f"p.a{i}", actual_start=_day(0),
                                               percent_complete=100 * fraction)
    for i in finished:
        progress[f"p.a{i}"] = ActivityProgress(activity=f"p.a{i}", actual_start=_day(0),
                                               actual_finish=actual_finish or _day(1))
    reports = {"opd": AssignmentReport(assignment="opd", realised=realised)}
    costs = [Cost(activity=f"p.a{i}", budget=budget * days / sum(durations), spread=Spread(spread))
             for i, (days, spread) in enumerate(zip(durations, spreads or (), strict=False))]
    return Portfolio(
        settings=PortfolioSettings(calendar="standard", start=START),
        activities=activities,
        assignments=[Assignment(id="opd", title="Project", activities=tuple(a.id for a in activities),
                                budget=budget)],
        baselines=[Baseline(name="original", current=True, entries={e.activity: e for e in entries})],
        status_updates=[StatusUpdate(date=status, progress=progress, assignments=reports)],
        costs=costs,
    )


# -- the PMI / Schwalbe exercise -------------------------------------------------------------------


def test_schwalbe_exercise() -> None:
    f = figures(bac=200_000, pv=120_000, ev=100_000, ac=90_000)
    assert f.cv == 10_000  # EV - AC
    assert f.sv == -20_000  # EV - PV
    assert f.cpi == pytest.approx(1.1111, abs=1e-4)  # 100/90
    assert f.spi == pytest.approx(0.8333, abs=1e-4)  # 100/120
    assert f.eac == pytest.approx(180_000)  # BAC / CPI
    assert f.etc == pytest.approx(90_000)  # EAC - AC
    assert f.vac == pytest.approx(20_000)  # BAC - EAC
    assert f.tcpi == pytest.approx(100_000 / 110_000)  # (BAC - EV) / (BAC - AC)
    assert 6 / f.spi == pytest.approx(7.2)  # the exercise's duration estimate: 7.2 months
    # CPI x SPI-based: AC + (BAC - EV) / (CPI * SPI) = 90,000 + 100,000 / 0.9259 = 198,000
    assert f.eac_cpi_spi == pytest.approx(198_000)


# -- Lipke's earned-schedule construction as a portfolio ---------------------------------------------


@pytest.fixture(scope="module")
def lipke() -> Portfolio:
    # 12 monthly packages of 100; status at the end of month 7 (July); months 1-5 done, month 6 half done:
    # EV = 5 * 100 + 50 = 550, PV = 700, AC = 600.
    return _project([MONTH] * 12, 1200.0, {**dict.fromkeys(range(5), 1.0), 5: 0.5}, _day(7 * MONTH - 1), 600.0)


def test_lipke_earned_value(lipke: Portfolio) -> None:
    report = evm(lipke)
    assert report.diagnostics == ()
    row = report.select(level="assignment", id="opd")[0]
    f = row.figures
    assert (f.bac, f.pv, f.ev, f.ac) == pytest.approx((1200, 700, 550, 600))
    assert f.pv_original == pytest.approx(700)  # the only baseline is the original one
    assert f.sv == pytest.approx(-150)
    assert f.cv == pytest.approx(-50)
    assert f.spi == pytest.approx(550 / 700)
    assert f.cpi == pytest.approx(550 / 600)
    assert f.eac == pytest.approx(1200 * 600 / 550)  # 1309.09
    assert f.etc == pytest.approx(1200 * 600 / 550 - 600)
    assert f.vac == pytest.approx(1200 - 1200 * 600 / 550)
    assert f.tcpi == pytest.approx(650 / 600)
    assert f.eac_cpi_spi == pytest.approx(600 + 650 / ((550 / 600) * (550 / 700)))  # 1502.47
    assert f.eac_bottom_up is None
    assert "bottom-up" in f.reasons["eac_bottom_up"]


def test_lipke_earned_schedule(lipke: Portfolio) -> None:
    f = evm(lipke).select(level="assignment", id="opd")[0].figures
    # ES = C + I = 5 + (550 - 500) / (600 - 500) = 5.5 months = 110 working days; AT = 7 months = 140.
    assert f.earned_schedule == pytest.approx(5.5 * MONTH)
    assert f.actual_time == pytest.approx(7 * MONTH)
    assert f.planned_duration == pytest.approx(12 * MONTH)
    assert f.spi_t == pytest.approx(5.5 / 7)  # 0.786
    assert f.sv_t == pytest.approx(-1.5 * MONTH)  # 1.5 months late
    assert f.ieac_t == pytest.approx(12 / (5.5 / 7) * MONTH)  # PD / SPI(t) = 15.27 months


def test_lipke_dates(lipke: Portfolio) -> None:
    row = evm(lipke).select(level="assignment", id="opd")[0]
    assert row.planned_finish == _day(12 * MONTH - 1)
    assert row.earned_schedule_date == _day(110 - 1)
    assert row.ieac_t_date == _day(round(12 / (5.5 / 7) * MONTH) - 1)


def test_portfolio_rolls_up_the_assignment(lipke: Portfolio) -> None:
    rows = evm(lipke).rows
    assert [r.level for r in rows] == ["assignment", "portfolio"]  # no service: the assignment names none
    assert rows[0].figures.as_dict() == rows[1].figures.as_dict()


def test_earned_schedule_formula() -> None:
    # A cumulative PV per month (an S-shaped plan): the answer interpolates within the month EV falls in.
    curve = [0, 105, 200, 515, 845, 1175, 1475]
    assert earned_schedule(curve, 1000) == pytest.approx(4 + (1000 - 845) / (1175 - 845))
    assert earned_schedule(curve, 0) == 0
    assert earned_schedule(curve, 1475) == 6
    assert earned_schedule(curve, 5000) == 6  # never past the plan's end


def test_missing_figures_are_none_with_a_reason() -> None:
    f = figures(bac=100.0, pv=0.0, ev=0.0, ac=None)
    assert f.spi is None
    assert f.reasons["spi"] == "PV is zero"
    assert f.cpi is None
    assert f.reasons["cpi"] == "needs AC"
    for name in ("eac", "etc", "vac", "tcpi", "earned_schedule", "spi_t"):
        assert getattr(f, name) is None
        assert f.reasons[name]
    assert set(f.reasons) <= set(FIGURES)


def test_no_realised_spend_is_a_located_warning() -> None:
    p = _project([MONTH] * 2, 100.0, {0: 0.5}, _day(9), None)
    report = evm(p)
    assert [d.code for d in report.diagnostics] == ["evm-no-realised"]
    row = report.rows[0]
    assert row.figures.ac is None
    assert row.figures.cpi is None
    assert row.figures.ev == pytest.approx(25)


def test_spreads() -> None:
    for spread in ("linear", "front", "back"):
        assert spread_fraction(0, spread) == 0
        assert spread_fraction(1, spread) == 1
    p = _project([MONTH], 100.0, {}, _day(9), 0.0)  # half-way
    pvs = {s: evm(p, spread=s).rows[0].figures.pv for s in ("linear", "front", "back")}
    assert pvs == pytest.approx({"linear": 50, "front": 75, "back": 25})
    with pytest.raises(ValueError, match="unknown spread"):
        evm(p, spread="even")


def test_money_rag_rule() -> None:
    assert money_rag(figures(bac=100.0, pv=50.0, ev=50.0, ac=50.0), 100.0) is Rag.GREEN
    assert money_rag(figures(bac=100.0, pv=50.0, ev=48.0, ac=50.0), 100.0) is Rag.AMBER  # CPI 0.96: EAC 104 > 100
    assert money_rag(figures(bac=100.0, pv=50.0, ev=46.0, ac=50.0), 100.0) is Rag.AMBER  # CPI 0.92
    assert money_rag(figures(bac=100.0, pv=50.0, ev=44.0, ac=50.0), 100.0) is Rag.RED  # CPI 0.88
    assert money_rag(figures(bac=100.0, pv=50.0, ev=50.0, ac=None), 100.0) is None


def test_example_has_figures_for_every_budgeted_assignment() -> None:
    p = load("examples/logius").portfolio
    report = evm(p)
    # FBS fase 1, the Logius-wide work and the link extractor have no dated work in the original baseline
    # (their scope came with the re-plan), and fase 2 reported no spend in April: located warnings.
    assert sorted((d.code, d.subject) for d in report.diagnostics) == [
        ("evm-no-realised", "opd-2023-005"), ("evm-no-spread", "opd-2023-004"), ("evm-no-spread", "opd-2023-010"),
        ("evm-no-spread", "opd-2023-012")]
    assert all(d.source is not None and d.source.line > 0 for d in report.diagnostics)
    latest = report.latest()
    budgeted = {k for k, a in p.assignments.items() if a.budget}
    assert {r.id for r in latest if r.level == "assignment"} == budgeted
    portfolio_rows = report.select(level="portfolio")
    assert len(portfolio_rows) == len(p.status_updates)
    assert portfolio_rows[-1].figures.bac == pytest.approx(sum(p.assignments[k].budget or 0 for k in budgeted))


def test_to_pandas() -> None:
    pytest.importorskip("pandas")
    p = _project([MONTH] * 12, 1200.0, {0: 1.0}, _day(MONTH - 1), 100.0)
    df = to_pandas(evm(p))
    assert list(df["level"]) == ["assignment", "portfolio"]
    assert df.loc[0, "spi_t"] == pytest.approx(1.0)
    assert set(FIGURES) <= set(df.columns)
    assert str(df["earned_schedule_date"].dtype) == "datetime64[ns]"


# -- properties ----------------------------------------------------------------------------------------

durations = st.lists(st.integers(1, 40), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(durations, st.data())
def test_ev_never_exceeds_bac_and_es_never_exceeds_at_when_behind(days: list[int], data: st.DataObject) -> None:
    done = {i: data.draw(st.floats(0, 1)) for i in range(len(days))}
    status = data.draw(st.integers(0, sum(days) + 10))
    p = _project(days, 1000.0, done, _day(status), 500.0)
    f = evm(p).rows[0].figures
    assert f.ev is not None
    assert f.bac is not None
    assert f.earned_schedule is not None
    assert f.ev <= f.bac + 1e-9
    assert f.earned_schedule <= (f.planned_duration or 0) + 1e-9
    if f.ev <= (f.pv or 0) + 1e-9:  # behind (or on) plan: the work earned was planned by now
        assert f.earned_schedule <= (f.actual_time or 0) + 1e-9


def _planned_fractions(days: list[int], spreads: list[str], boundary: int) -> list[float]:
    """The fraction of each activity's budget the plan has spent by working-day ``boundary`` (back to back)."""
    found, offset = [], 0
    for d, spread in zip(days, spreads, strict=True):
        found.append(spread_fraction((boundary - offset) / d, spread))
        offset += d
    return found


spreads_for = st.sampled_from(["linear", "front", "back"])


@settings(max_examples=60, deadline=None)
@given(durations, st.data())
def test_es_never_passes_at_when_no_work_is_ahead_of_plan(days: list[int], data: st.DataObject) -> None:
    spreads = [data.draw(spreads_for) for _ in days]
    status = data.draw(st.integers(1, sum(days) + 10))  # working-day boundary of the status date
    planned = _planned_fractions(days, spreads, status)
    done = {i: data.draw(st.floats(0, fraction)) for i, fraction in enumerate(planned)}  # never ahead, anywhere
    f = evm(_project(days, 1000.0, done, _day(status - 1), 500.0, spreads=spreads)).rows[0].figures
    assert f.earned_schedule is not None
    assert f.actual_time == status
    assert f.earned_schedule <= status + 1e-6


@settings(max_examples=60, deadline=None)
@given(durations, st.data())
def test_on_plan_has_spi_t_one_for_every_spread(days: list[int], data: st.DataObject) -> None:
    spreads = [data.draw(spreads_for) for _ in days]
    status = data.draw(st.integers(1, sum(days)))  # working days gone by, within the plan
    # each activity exactly as far as the plan says at the status date: earned = planned, activity by activity
    done = dict(enumerate(_planned_fractions(days, spreads, status)))
    p = _project(days, 1000.0, done, _day(status - 1), 400.0, spreads=spreads)
    f = evm(p).rows[0].figures
    assert f.spi_t == pytest.approx(1.0)
    assert f.sv_t == pytest.approx(0.0, abs=1e-6)
    assert f.spi == pytest.approx(1.0)
    assert f.ieac_t == pytest.approx(f.planned_duration)


@settings(max_examples=40, deadline=None)
@given(durations, st.integers(0, 400), st.data())
def test_finished_project_has_ev_bac(days: list[int], late: int, data: st.DataObject) -> None:
    spreads = [data.draw(spreads_for) for _ in days]
    p = _project(days, 1000.0, {}, _day(sum(days) - 1 + late + 30), 900.0, finished=set(range(len(days))),
                 actual_finish=_day(sum(days) - 1 + late), spreads=spreads)
    f = evm(p).rows[0].figures
    assert f.ev == pytest.approx(f.bac)
    assert f.bac == pytest.approx(1000.0)
    assert f.earned_schedule == pytest.approx(f.planned_duration)
    # AT stops at the actual finish (not the later status date): SPI(t) keeps the lateness
    assert f.actual_time == sum(days) + late
    assert f.spi_t == pytest.approx(sum(days) / (sum(days) + late))
    assert f.ieac_t == pytest.approx(sum(days) + late)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 100), min_size=1, max_size=20), st.floats(0, 3000))
def test_earned_schedule_is_monotone_and_bounded(steps: list[float], ev: float) -> None:
    curve = [0.0]
    for step in steps:
        curve.append(curve[-1] + step)
    es = earned_schedule(curve, ev)
    assert 0 <= es <= len(curve) - 1
    assert earned_schedule(curve, ev + 10) >= es


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.5, 100), min_size=1, max_size=20), st.data())
def test_earned_schedule_inverts_a_rising_plan(steps: list[float], data: st.DataObject) -> None:
    curve = [0.0]
    for step in steps:
        curve.append(curve[-1] + step)
    k = data.draw(st.integers(0, len(steps)))
    assert earned_schedule(curve, curve[k]) == pytest.approx(k)  # EV equal to the plan at k: ES is k
    if k < len(steps):  # EV a fraction q of the way to the next period's plan: ES is k + q
        q = data.draw(st.floats(0, 1, exclude_max=True))
        assert earned_schedule(curve, curve[k] + q * steps[k]) == pytest.approx(k + q)


def test_money_colours_of_the_example() -> None:
    p = load("examples/logius").portfolio
    budgets = {k: a.budget for k, a in p.assignments.items()}
    december = money_colours(evm(p, status_date=dt.date(2023, 12, 29)).rows, budgets)
    # Digipoort: EV 5.9 M for 7.65 M spent (CPI 0.77), EAC 12.3 M against 9.5 M: red.
    colour, found = december["opd-2023-003"]
    assert colour is Rag.RED
    assert found.cpi == pytest.approx(found.ev / 7_650_000)
    assert december["opd-2023-001"][0] is Rag.GREEN  # finished under budget
    april = money_colours(evm(p, status_date=dt.date(2023, 4, 28)).rows, budgets)
    assert "opd-2023-005" not in april  # no realised spend: the report keeps its spend rule
