"""Budgets per activity or migration (the ``costs:`` section) in earned value, with figures worked out by hand.

The portfolios below run on the ``standard`` calendar (Monday to Friday, no
holidays) from Monday 1 January 2024, so working day *n* ends at boundary
*n* + 1 and every figure is a small sum that the comments work out.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import attrs
import pytest

from portfolio.calendar import builtin
from portfolio.evm import evm
from portfolio.io import _cache, load
from portfolio.model import (
    Activity,
    ActivityProgress,
    Assignment,
    AssignmentReport,
    Baseline,
    BaselineEntry,
    Cost,
    Duration,
    Migration,
    Portfolio,
    PortfolioSettings,
    Service,
    Spread,
    StatusUpdate,
)

CAL = builtin("standard")
START = dt.date(2024, 1, 1)  # a Monday
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"


def _day(index: int) -> dt.date:
    return CAL.date(CAL.index(START) + index)


def _plan(durations: list[int], *, budget: float | None, status_day: int, costs: list[Cost],
          done: dict[int, float] | None = None, realised: float | None = None) -> Portfolio:
    """Activities ``s.a0``, ``s.a1``, ... back to back, all in migration ``s.m``; one assignment over the migration."""
    activities, entries, offset = [], [], 0
    for i, days in enumerate(durations):
        ident = f"s.a{i}"
        activities.append(Activity(id=ident, duration=Duration(days), service="s", migration="s.m"))
        entries.append(BaselineEntry(activity=ident, start=_day(offset), finish=_day(offset + days - 1)))
        offset += days
    progress = {f"s.a{i}": ActivityProgress(activity=f"s.a{i}", actual_start=_day(0), percent_complete=100 * f)
                for i, f in (done or {}).items()}
    reports = {"opd": AssignmentReport(assignment="opd", realised=realised)} if realised is not None else {}
    return Portfolio(
        settings=PortfolioSettings(calendar="standard", start=START),
        services=[Service(id="s", name="S")],
        migrations=[Migration(id="s.m", service="s", target="t")],
        activities=activities,
        assignments=[Assignment(id="opd", title="Project", migrations=("s.m",), budget=budget)],
        baselines=[Baseline(name="original", current=True, entries={e.activity: e for e in entries})],
        status_updates=[StatusUpdate(date=_day(status_day), progress=progress, assignments=reports)],
        costs=costs,
    )


def _row(p: Portfolio) -> object:
    (row,) = evm(p).select(level="assignment", id="opd")
    return row.figures


def test_activity_budgets_exactly_and_the_rest_of_the_budget_by_working_days() -> None:
    # a0 300 front-loaded, a1 500 linear; the rest of the 1000, 200, goes to a2 (the only activity without one).
    costs = [Cost(activity="s.a0", budget=300.0, spread=Spread.FRONT), Cost(activity="s.a1", budget=500.0)]
    p = _plan([20, 20, 20], budget=1000.0, status_day=9, costs=costs, done={0: 0.4}, realised=150.0)
    found = _row(p)
    assert found.bac == pytest.approx(1000.0)
    # At the end of day 9, half of a0's 20 working days: front 1 - 0.5^2 = 0.75 of 300 = 225; a1, a2 not begun.
    assert found.pv == pytest.approx(225.0)
    assert found.ev == pytest.approx(0.4 * 300.0)  # 120
    assert found.cpi == pytest.approx(120.0 / 150.0)
    # The same activity without its own spread: linear, 0.5 of 300 = 150.
    linear = attrs.evolve(p, costs=[Cost(activity="s.a0", budget=300.0), costs[1]])
    assert _row(linear).pv == pytest.approx(150.0)
    # And the analysis's spread applies only to the budgets without one: a0 keeps front-loaded.
    (back,) = evm(p, spread="back").select(level="assignment")
    assert back.figures.pv == pytest.approx(225.0)


def test_a_migration_budget_is_spread_over_its_activities_by_working_days() -> None:
    # 900 over a0 (20 days) and a1 (10 days): 600 and 300; back-loaded.
    costs = [Cost(migration="s.m", budget=900.0, spread=Spread.BACK)]
    at_24 = _plan([20, 10], budget=None, status_day=24, costs=costs)
    # End of day 24 (boundary 25): a0 done, 600; a1 half way, 0.5^2 = 0.25 of 300 = 75.
    assert _row(at_24).pv == pytest.approx(675.0)
    assert _row(at_24).bac == pytest.approx(900.0)  # no budget of its own: the section's sum
    at_9 = _plan([20, 10], budget=None, status_day=9, costs=costs)
    assert _row(at_9).pv == pytest.approx(600.0 * 0.25)  # 0.5 of a0's days, back-loaded
    assert not [d for d in evm(at_9).diagnostics if d.code == "evm-no-budget"]


def test_without_costs_the_budget_is_spread_as_before() -> None:
    # 1000 over 30 working days: a0 two thirds (666.67), a1 one third; linear; end of day 9: 10/20 of a0.
    p = _plan([20, 10], budget=1000.0, status_day=9, costs=[])
    assert _row(p).pv == pytest.approx(1000.0 * 20 / 30 * 0.5)
    assert _row(p).bac == pytest.approx(1000.0)


def test_budgets_over_the_assignment_budget_make_the_bac_their_sum() -> None:
    costs = [Cost(activity="s.a0", budget=700.0), Cost(activity="s.a1", budget=500.0)]
    p = _plan([20, 20, 20], budget=1000.0, status_day=9, costs=costs)
    assert _row(p).bac == pytest.approx(1200.0)  # nothing left for a2


def test_actual_cost_from_the_activities_realised_spend() -> None:
    status = _day(9)
    costs = [Cost(activity="s.a0", budget=300.0, realised={status: 100.0}),
             Cost(activity="s.a1", budget=500.0, realised={status: 50.0})]
    p = _plan([20, 20], budget=800.0, status_day=9, costs=costs, done={0: 0.4})
    found = _row(p)
    assert found.ac == pytest.approx(150.0)
    assert found.cpi == pytest.approx(120.0 / 150.0)
    assert not [d for d in evm(p).diagnostics if d.code == "evm-no-realised"]
    # The assignment's own realised spend wins over the activities'.
    reported = _plan([20, 20], budget=800.0, status_day=9, costs=costs, done={0: 0.4}, realised=400.0)
    assert _row(reported).ac == pytest.approx(400.0)
    # Realised at another date counts for nothing: AC not known, with its warning.
    other = _plan([20, 20], budget=800.0, status_day=10, costs=costs, done={0: 0.4})
    assert _row(other).ac is None
    assert [d.code for d in evm(other).diagnostics] == ["evm-no-realised"]


# -- the loader ---------------------------------------------------------------------------------------------------

PLAN = """\
services:
  - id: digid
    name: DigiD
    migrations:
      - {id: lpc, target: lpc}
    activities:
      - {id: build, duration: 20d, migration: lpc}
      - {id: test, duration: 10d, migration: lpc, after: [build]}
platforms:
  - {id: lpc, name: LPC}
assignments:
  - {id: opd-1, title: DigiD, migrations: [digid.lpc], budget: 500000}
status:
  date: 2024-02-29
"""


def _load(tmp_path: Path, costs: str) -> tuple[Portfolio, list[tuple[str, int, str | None]]]:
    (tmp_path / "plan.yaml").write_text(PLAN + "costs:\n" + costs, encoding="utf-8")
    result = load(tmp_path / "plan.yaml")
    return result.portfolio, [(d.code, d.source.line if d.source else 0, d.hint) for d in result.diagnostics]


def test_the_section_is_read_into_the_model(tmp_path: Path) -> None:
    p, problems = _load(tmp_path, "  - {activity: digid.build, budget: 300000, spread: Front,"
                                  " realised: {2024-02-29: 120000}}\n  - {migration: digid.lpc, budget: 150000}\n")
    assert problems == []
    assert p.costs == (
        Cost(activity="digid.build", budget=300000.0, spread=Spread.FRONT, realised={dt.date(2024, 2, 29): 120000.0},
             source=p.costs[0].source),
        Cost(migration="digid.lpc", budget=150000.0, source=p.costs[1].source))
    assert p.costs[0].source is not None
    assert p.costs[0].source.line == 16
    assert p.costs[1].activities(p) == ("digid.build", "digid.test")


@pytest.mark.parametrize(("costs", "code", "hint"), [
    ("  - {activity: digid.biuld, budget: 1000}\n", "unknown-ref", "digid.build"),
    ("  - {migration: digid.lcp, budget: 1000}\n", "unknown-ref", "digid.lpc"),
    ("  - {activity: digid.build, budget: -1000}\n", "out-of-range", "1200000"),
    ("  - {activity: digid.build, budget: 1000, spread: even}\n", "bad-value", "linear"),
    ("  - {budget: 1000}\n", "cost-subject", "activity: digid.build"),
    ("  - {activity: digid.build, budget: 1000}\n  - {activity: digid.build, budget: 2000}\n", "duplicate-id",
     "one budget"),
    ("  - {activity: digid.build, budget: 1000, realised: {2024-02-28: 10}}\n", "cost-realised-date", "2024-02-29"),
    ("  - {activity: digid.build, budget: 400000}\n  - {activity: digid.test, budget: 200000}\n", "cost-over-budget",
     "opd-1"),
])
def test_impossible_input_is_a_located_diagnostic(tmp_path: Path, costs: str, code: str, hint: str) -> None:
    _, problems = _load(tmp_path, costs)
    found = [(line, h) for c, line, h in problems if c == code]
    assert found, problems
    line, text = found[-1]
    assert line >= 16  # in the costs section
    assert text is not None
    assert hint in text


def test_a_bad_realised_amount_or_date_is_located_at_its_key(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, "  - activity: digid.build\n    budget: 1000\n"
                                  "    realised: {2024-02-29: x, 2024-13-01: 5, soon: 7}\n")
    assert [(code, line) for code, line, _ in problems] == [("wrong-type", 18), ("bad-date", 18), ("bad-date", 18)]
    assert "YYYY-MM-DD" in (problems[1][2] or "")


def test_the_example_costs_match_its_assignments_and_status_updates() -> None:
    """The example's budgets add up to the assignments' budgets, and its realised spend to theirs at each update."""
    result = load(EXAMPLE)
    p = result.portfolio
    assert not [d for d in result.diagnostics if d.code.startswith("cost-")]
    scopes = p.assignment_scopes()
    for key in ("opd-2023-001", "opd-2023-007"):
        inside = [c for c in p.costs if set(c.activities(p)) <= set(scopes[key])]
        assert inside
        assert sum(c.budget for c in inside) == p.assignments[key].budget
    eherkenning = [c for c in p.costs if set(c.activities(p)) <= set(scopes["opd-2023-001"])]
    for update in p.status_updates:
        reported = update.assignments["opd-2023-001"].realised
        assert sum(c.realised.get(update.date, 0.0) for c in eherkenning) == reported
    rows = {r.id: r.figures for r in evm(p, status_date=dt.date(2023, 12, 29)).select(level="assignment")}
    assert rows["opd-2023-001"].bac == pytest.approx(1_850_000)
    assert rows["opd-2023-007"].bac == pytest.approx(2_100_000)


def test_the_costs_survive_the_load_cache() -> None:
    with tempfile.TemporaryDirectory() as tmp, _cache.using(Path(tmp) / "cache"):
        first = load(EXAMPLE, cache=True)
        again = load(EXAMPLE, cache=True)
        assert len(list((Path(tmp) / "cache").rglob("*.z"))) == 1
    assert again.portfolio.costs == first.portfolio.costs
    assert len(again.portfolio.costs) == 6
