"""What-if scenarios: each change gives a new portfolio, never touches the old one, and compare() says what moved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest

from portfolio.io import load
from portfolio.model import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Constraint,
    ConstraintType,
    Duration,
    Portfolio,
    PortfolioSettings,
    Relation,
    StatusUpdate,
)
from portfolio.rules import run_rules
from portfolio.scheduling import schedule
from portfolio.whatif import (
    ScenarioError,
    change_duration,
    choose_platform,
    compare,
    delay,
    plan_removal,
    remove_service,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"
AUGUST = dt.date(2023, 8, 31)
day = dt.date


@pytest.fixture(scope="module")
def example() -> Portfolio:
    """The shipped example, loaded once."""
    return load(EXAMPLE).portfolio


def chain(**durations: int) -> Portfolio:
    """A small chain build -> decide -> live on the standard calendar from Monday 8 January 2024."""
    return Portfolio(
        settings=PortfolioSettings(start=day(2024, 1, 8), calendar="standard"),
        activities=[
            Activity(id="build", duration=Duration(durations.get("build", 10))),
            Activity(id="decide", kind=ActivityKind.DECISION),
            Activity(id="live", duration=Duration(durations.get("live", 5))),
        ],
        relations=[Relation(predecessor="build", successor="decide"), Relation(predecessor="decide", successor="live")],
    )


def snapshot(value: Any) -> Any:
    """A deep, plain copy of a record tree (attrs records, mappings, tuples) to compare against later."""
    if attrs.has(type(value)):
        return (
            type(value).__name__,
            tuple((f.name, snapshot(getattr(value, f.name))) for f in attrs.fields(type(value))),
        )
    if isinstance(value, Mapping):
        return ("mapping", tuple((k, snapshot(v)) for k, v in value.items()))
    if isinstance(value, tuple | list):
        return ("sequence", tuple(snapshot(v) for v in value))
    return value


SCENARIOS = [
    pytest.param(lambda p: delay(p, "digipoort.landing-decision", "3mo").portfolio, id="delay-constraint"),
    pytest.param(lambda p: delay(p, "digipoort.landing-decision", "3mo", via="lag").portfolio, id="delay-lag"),
    pytest.param(lambda p: change_duration(p, "digipoort.build", "12mo").portfolio, id="duration"),
    pytest.param(lambda p: choose_platform(p, "digipoort.rebuild", "lpc").portfolio, id="choose-open"),
    pytest.param(lambda p: choose_platform(p, "stelseldiensten.to-picard", "lpc").portfolio, id="retarget"),
    pytest.param(lambda p: remove_service(p, "digipoort").portfolio, id="remove"),
]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_never_mutates_the_portfolio(example, scenario):
    """A scenario returns a different portfolio and leaves the given one equal to a deep snapshot taken before."""
    before = snapshot(example)
    changed = scenario(example)
    assert before == snapshot(example)
    assert changed is not example
    assert changed != example


def test_records_are_frozen(example):
    """The records a scenario hands back cannot be changed in place either."""
    changed = delay(example, "digipoort.landing-decision", "3mo").portfolio
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        changed.activities["digipoort.landing-decision"].constraint = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        changed.activities["x"] = Activity(id="x")  # type: ignore[index]


def test_digipoort_decision_slips_three_months(example):
    """The docs' question: the landing decision three months (60 working days) later moves EASI's exit 60 too."""
    base = schedule(example)
    late = delay(example, "digipoort.landing-decision", "3mo").portfolio
    result = compare(base, schedule(late), portfolio=example)
    assert (day(2024, 2, 12), day(2024, 5, 8), 60) == (
        result["digipoort.landing-decision"].finish_before,
        result["digipoort.landing-decision"].finish_after,
        result["digipoort.landing-decision"].finish_shift,
    )
    assert (day(2024, 9, 27), day(2024, 12, 20), 60, 84) == (
        result["easi.exit"].finish_before,
        result["easi.exit"].finish_after,
        result["easi.exit"].finish_shift,
        result["easi.exit"].finish_shift_days,
    )
    assert "easi.exit" in result.became_critical
    assert (
        Constraint(type=ConstraintType.FNET, date=day(2024, 5, 8))
        == late.activities["digipoort.landing-decision"].constraint
    )


def test_delay_by_lag_follows_the_predecessors():
    """via='lag' adds the delay to every relation into the activity; the result is as late as via a constraint."""
    p = chain()
    by_lag = delay(p, "decide", "2w", via="lag").portfolio
    assert [Duration(10), Duration(0)] == [r.lag for r in by_lag.relations]
    assert schedule(delay(p, "decide", "2w").portfolio)["live"].finish == schedule(by_lag)["live"].finish
    assert day(2024, 2, 9) == schedule(by_lag)["live"].finish


def test_delay_of_a_task_is_a_start_no_earlier_than():
    """A task not started gets SNET at its forecast start plus the delay; elapsed days count calendar days."""
    p = chain()
    assert (
        Constraint(type=ConstraintType.SNET, date=day(2024, 1, 15))
        == delay(p, "build", 5).portfolio.activities["build"].constraint
    )
    assert (
        Constraint(type=ConstraintType.SNET, date=day(2024, 1, 18))
        == delay(p, "build", "10ed").portfolio.activities["build"].constraint
    )


def test_delay_refuses_what_cannot_be_delayed():
    """A finished activity, a lag without predecessors, mixed lag units and an unknown id are errors, not guesses."""
    p = attrs.evolve(
        chain(),
        status_updates=[
            StatusUpdate(
                date=day(2024, 2, 1),
                progress={
                    "build": ActivityProgress(
                        activity="build", actual_start=day(2024, 1, 8), actual_finish=day(2024, 1, 19)
                    )
                },
            )
        ],
    )
    with pytest.raises(ValueError, match="finished on 2024-01-19"):
        delay(p, "build", 5)
    with pytest.raises(ValueError, match="no predecessors"):
        delay(chain(), "build", 5, via="lag")
    with pytest.raises(ValueError, match="mix working and elapsed"):
        delay(delay(chain(), "live", "2ed", via="lag"), "live", 3, via="lag")
    with pytest.raises(KeyError, match="did you mean 'decide'"):
        delay(chain(), "decid", 5)


@pytest.mark.parametrize("by", ["26100d", "40000ed", "999999999999d"])
def test_a_delay_past_the_calendar_years_is_a_scenario_error(by: str) -> None:
    """A delay that moves an activity past 2100-12-31 says so (a ScenarioError), not the calendar's index error."""
    with pytest.raises(ScenarioError, match=r"past 2100-12-31, the last day the calendars hold"):
        delay(chain(), "build", by)


def test_change_duration_moves_what_follows():
    """A build three days longer makes the decision and go-live three working days later."""
    p = chain()
    result = compare(schedule(p), schedule(change_duration(p, "build", 13).portfolio), portfolio=p)
    assert [("build", 3), ("decide", 3), ("live", 3)] == [(m.id, m.finish_shift) for m in result.moved]
    with pytest.raises(ValueError, match="negative"):
        change_duration(p, "build", -1)


def test_choose_platform_for_an_open_decision(example):
    """Digipoort on LPC: target set, candidates cleared, decision kept, its cutover now waits for LPC's readiness."""
    chosen = choose_platform(example, "digipoort.rebuild", "lpc").portfolio
    migration = chosen.migrations["digipoort.rebuild"]
    assert ("lpc", (), "digipoort.landing-decision", False) == (
        migration.target,
        migration.candidates,
        migration.decision,
        migration.is_open,
    )
    assert "digipoort.landing-decision" in chosen.activities
    added = set(chosen.relations) - set(example.relations)
    assert {Relation(predecessor="lpc.ready", successor="digipoort.cutover")} == added


def test_stelseldiensten_to_lpc_instead_of_picard(example):
    """The docs' second question: the rehearsal and cutover wait for LPC's readiness instead of Picard's."""
    moved = choose_platform(example, "stelseldiensten.to-picard", "lpc").portfolio
    assert "lpc" == moved.activities["stelseldiensten.cutover"].platform
    waits = {(r.predecessor, r.successor) for r in moved.relations if r.successor.startswith("stelseldiensten.")}
    assert {("lpc.ready", "stelseldiensten.rehearsal"), ("lpc.ready", "stelseldiensten.cutover")} <= waits
    assert not any(p == "picard.ready" for p, _ in waits)
    result = compare(schedule(example, status_date=AUGUST), schedule(moved, status_date=AUGUST), portfolio=example)
    assert [("stelseldiensten.rehearsal", 2), ("stelseldiensten.go-no-go", 2)] == [
        (m.id, m.finish_shift) for m in result.moved
    ]
    assert (False, day(2023, 10, 4)) == (
        result["stelseldiensten.cutover"].moved,
        result["stelseldiensten.cutover"].finish_after,
    )
    assert (172, 139) == (result["lpc.ready"].total_float_before, result["lpc.ready"].total_float_after)


def test_retarget_keeps_the_rules_happy(example):
    """After the change the target-ready rule finds nothing new: the cutover waits for the new platform."""
    moved = choose_platform(example, "stelseldiensten.to-picard", "lpc").portfolio
    assert () == run_rules(moved, schedule(moved), sets=["acict"]).of("target-ready")


def test_remove_service_reports_the_dangling_references(example):
    """Removing Digipoort drops its activities and relations, and says EASI's exit no longer waits for it."""
    removal = plan_removal(example, "digipoort")
    assert ("digipoort.rebuild",) == removal.migrations
    assert 11 == len(removal.activities)
    assert not any(a.startswith("digipoort.") for a in removal.portfolio.activities)
    assert not any("digipoort." in r.predecessor or "digipoort." in r.successor for r in removal.portfolio.relations)
    assert "relation digipoort.easi-off -> easi.exit (easi.exit no longer waits for digipoort.easi-off)" in (
        removal.references
    )
    assert "key milestone digipoort.cutover" in removal.references
    assert "digipoort.cutover" not in removal.portfolio.settings.key_milestones
    assert () == schedule(removal.portfolio).diagnostics
    assert removal.portfolio == remove_service(example, "digipoort").portfolio


def test_compare_lists_added_and_removed(example):
    """Activities in only one schedule are listed as added or removed, not compared."""
    before = schedule(example)
    after = schedule(remove_service(example, "digipoort").portfolio)
    result = compare(before, after, portfolio=example)
    assert 11 == len(result.removed)
    assert () == compare(after, before).removed
    assert result.removed == compare(after, before).added


def test_compare_without_a_portfolio_follows_every_milestone():
    """Without a portfolio or milestones the key milestones are all milestones of both schedules."""
    p = chain()
    assert ("decide",) == compare(schedule(p), schedule(p)).milestones
    assert ("live",) == compare(schedule(p), schedule(p), milestones=["live"]).milestones
    assert "0 of 3 activities moved" == compare(schedule(p), schedule(p)).summary().splitlines()[-2]


def test_comparison_display_and_frame(example):
    """The comparison shows the key milestones and what moved most, and converts to a typed DataFrame."""
    pd = pytest.importorskip("pandas")
    result = compare(
        schedule(example),
        schedule(remove_service(delay(example, "digipoort.landing-decision", "3mo"), "fbs").portfolio),
        portfolio=example,
    )
    page = result._repr_html_()
    assert "Key milestones" in page
    assert "+60 wd (+84 d)" in page
    frame = result.to_pandas()
    assert len(result.activities) + len(result.added) + len(result.removed) == len(frame)
    assert ["unchanged", "moved", "added", "removed"] == list(frame["change"].cat.categories)
    assert pd.api.types.is_datetime64_any_dtype(frame["finish_after"])
    assert "Int64" == str(frame["finish_shift"].dtype)
    exit_row = frame.set_index("id").loc["easi.exit"]
    assert (60, True, "moved") == (exit_row["finish_shift"], exit_row["key"], exit_row["change"])
    assert frame.loc[frame["change"] == "removed", "finish_after"].isna().all()
