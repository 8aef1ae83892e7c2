"""The schedule's three stages: the compiled network and its cache, derived what-ifs, and the present stage."""

from __future__ import annotations

import datetime as dt
import gc

import attrs
import numpy as np
import pytest

from portfolio import _compile, _cpm, _present
from portfolio.calendar import HORIZON_FIRST, HORIZON_LAST, builtin
from portfolio.io import load
from portfolio.model import (
    Activity,
    ActivityProgress,
    Constraint,
    ConstraintType,
    Duration,
    Migration,
    Portfolio,
    PortfolioSettings,
    Relation,
    StatusUpdate,
)
from portfolio.scheduling import schedule
from portfolio.whatif import change_duration, delay

D = dt.date
START = D(2024, 1, 8)  # a Monday


def chain() -> Portfolio:
    """build (10d) -> live (milestone, FS+2) and docs (3d) -> live (FS+2), on the standard calendar."""
    return Portfolio(
        settings=PortfolioSettings(start=START, calendar="standard"),
        activities=[Activity(id="build", duration=Duration(10)), Activity(id="docs", duration=Duration(3)),
                    Activity(id="live")],
        relations=[Relation(predecessor="build", successor="live", lag=Duration(2)),
                   Relation(predecessor="docs", successor="live", lag=Duration(2))])


def records(p: Portfolio, **kw: object) -> list[tuple[object, ...]]:
    return [attrs.astuple(r, recurse=False) for r in schedule(p, **kw)]  # type: ignore[arg-type]


# ---- compile once -----------------------------------------------------------------------------

def test_the_compiled_network_is_kept_while_the_portfolio_lives():
    """A second schedule of the same portfolio reuses its network; a freed portfolio leaves the cache."""
    p = chain()
    first = _compile.compiled(p, START)
    assert first is _compile.compiled(p, START)
    kept = schedule(p)  # the schedules a network remembers do not keep the portfolio alive
    assert kept is first.results[(None, None)]
    key = id(p)
    assert key in _compile._CACHE
    del p
    gc.collect()
    assert key not in _compile._CACHE


def test_the_same_question_gets_the_same_schedule_and_another_status_date_a_new_one():
    """Schedules are values: asked again, the same object; at another status date, other dates."""
    p = attrs.evolve(chain(), status_updates=[StatusUpdate(date=D(2024, 1, 10), progress={
        "build": ActivityProgress(activity="build", actual_start=START)})])
    assert schedule(p) is schedule(p)
    later = schedule(p, status_date=D(2024, 1, 31))
    assert later is not schedule(p)
    assert D(2024, 1, 31) == later.status_date
    assert later["docs"].start > schedule(p)["docs"].start


def test_a_status_date_outside_the_horizon_is_not_taken_for_no_status_date():
    """Asked with an impossible status date, the schedule says so, even after one without a status date."""
    p = chain()
    assert () == schedule(p).diagnostics
    codes = [d.code for d in schedule(p, status_date=D(2150, 1, 1)).diagnostics]
    assert ["constraint-unsatisfiable"] == codes


def test_a_copy_of_a_portfolio_is_compiled_again_with_the_same_result():
    """A new portfolio object gets its own network (cache by identity), and the same dates."""
    p = load("examples/logius").portfolio
    q = attrs.evolve(p)
    assert _compile.compiled(p, schedule(p).start) is not _compile.compiled(q, schedule(q).start)
    assert records(p) == records(q)


@pytest.mark.parametrize("scenario", [
    lambda p: change_duration(p, "digipoort.prod-env", "6mo").portfolio,
    lambda p: change_duration(p, "digipoort.prod-env", 0).portfolio,
    lambda p: delay(p, "digipoort.landing-decision", "3mo").portfolio,
    lambda p: delay(p, "digipoort.prod-env", "10ed").portfolio,
])
def test_a_what_if_reuses_its_parents_network_and_gets_the_dates_of_a_full_compile(scenario):
    """The derived network shares the parent's relation arrays, and schedules exactly as a fresh compile."""
    p = load("examples/logius").portfolio
    base = schedule(p)
    changed = scenario(p)
    derived = schedule(changed)
    parent_net = _compile.compiled(p, base.start)
    child_net = _compile.compiled(changed, parent_net.start_day)
    assert child_net.pred is parent_net.pred  # not recompiled: the relations are the parent's arrays
    fresh = attrs.evolve(changed)  # a new object: compiled in full
    assert [attrs.astuple(r, recurse=False) for r in derived] == records(fresh)
    assert derived.diagnostics == schedule(fresh).diagnostics


def test_a_changed_calendar_needs_a_full_compile():
    """with_activities refuses what it cannot patch (another calendar), so nothing stale is reused."""
    net = _compile.compiled(chain(), START)
    assert net.with_activities([Activity(id="build", duration=Duration(10), calendar="rijk")]) is None
    assert net.with_activities([Activity(id="nope")]) is None


def test_derive_ignores_a_child_that_changed_more_than_activities():
    """A child with other relations is not derived: it compiles in full and sees its own relations."""
    p = chain()
    schedule(p)
    child = _compile.derive(p, attrs.evolve(p, relations=p.relations[:1]))
    assert id(child) not in _compile._DERIVED
    assert ["build", "live"] == [a.id for a in schedule(child).driving_path("live")]
    assert () == schedule(child)["live"].driving[1:]


def test_compile_reports_a_negative_duration_again_for_a_derived_activity():
    """Rows recomputed for a what-if keep their diagnostics in file order."""
    p = chain()
    schedule(p)
    bad = attrs.evolve(p.activities["docs"], duration=Duration(-3))
    child = _compile.derive(p, attrs.evolve(p, activities={**p.activities, "docs": bad}))
    derived = schedule(child)
    assert ["negative-duration"] == [d.code for d in derived.diagnostics]
    assert schedule(attrs.evolve(child)).diagnostics == derived.diagnostics


def test_compile_turns_constraints_into_indices_of_each_activitys_calendar():
    """The vectorised constraint and deadline indices equal the calendar's own index and finish_index."""
    cal = builtin("rijk")
    day = D(2024, 4, 27)  # Saturday after Koningsdag
    p = Portfolio(settings=PortfolioSettings(start=START),
                  activities=[Activity(id="a", constraint=Constraint(type=ConstraintType.SNET, date=day),
                                       deadline=day, duration=Duration(2)),
                              Activity(id="b", constraint=Constraint(type=ConstraintType.ASAP, date=day))])
    net = _compile.compile_network(p, START)
    assert [cal.index(day), 0] == net.constraint_start.tolist()
    assert [cal.finish_index(day), 0] == net.constraint_finish.tolist()
    assert [cal.finish_index(day), _cpm.BIG] == net.deadline.tolist()
    assert [_compile.SNET, 0] == net.constraint.tolist()


# ---- calendar horizon boundary days ----------------------------------------------------------

@pytest.mark.parametrize(("day", "ignored"), [
    (HORIZON_FIRST, False), (HORIZON_FIRST - dt.timedelta(days=1), True),
    (HORIZON_LAST, False), (HORIZON_LAST + dt.timedelta(days=1), True),
])
def test_a_constraint_on_a_horizon_boundary_day_counts_and_one_day_beyond_is_ignored(day, ignored):
    """The first and last day of the horizon are valid dates; the days just outside them are reported."""
    p = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"),
                  activities=[Activity(id="a", constraint=Constraint(type=ConstraintType.FNLT, date=day),
                                       duration=Duration(1))])
    codes = [d.code for d in schedule(p).diagnostics]
    assert ("constraint-unsatisfiable" in codes) is ignored
    if not ignored and day == HORIZON_FIRST:
        assert "negative-float" in codes  # a finish no later than 1990 cannot be met from 2024


def test_horizon_boundary_days_index_alike_vectorised_and_one_by_one():
    """index / finish_index of the horizon's first and last days agree with the compiled network's lookup."""
    cal = builtin("standard")
    p = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"), activities=[Activity(id="a")])
    net = _compile.compile_network(p, START)
    days = np.array([HORIZON_FIRST.toordinal(), HORIZON_LAST.toordinal()])
    rows = np.zeros(2, dtype=np.int64)
    assert [cal.index(HORIZON_FIRST), cal.index(HORIZON_LAST)] == net.day_index(days, rows).tolist()
    assert [cal.finish_index(HORIZON_FIRST), cal.finish_index(HORIZON_LAST)] == net.day_index(
        days, rows, finish=True).tolist()
    assert 0 == cal.index(HORIZON_FIRST)
    assert cal.size == cal.finish_index(HORIZON_LAST)  # 2100-12-31 is a Friday: a working day


# ---- the driving flag with a lag, elapsed durations ----------------------------------------------

def test_with_a_lag_the_driving_path_runs_through_the_predecessor_that_sets_the_date():
    """build (10d) FS+2 drives live; docs (3d) FS+2 does not: the lag counts in the driving test."""
    s = schedule(chain())
    assert ["build", "live"] == [a.id for a in s.driving_path("live")]
    assert ("build",) == s["live"].driving
    # live is two working days after build's finish (Fri 19 January): Tuesday 23 January
    assert D(2024, 1, 19) == s["build"].finish
    assert D(2024, 1, 23) == s["live"].start


def test_an_elapsed_day_activitys_late_dates_count_calendar_days():
    """A 10ed activity beside a 20d one: its late finish is the project finish, its late start the Friday 26
    January its ten calendar days run from to Sunday 4 February, before end's Monday (MS Project, KB 87301)."""
    p = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"),
                  activities=[Activity(id="a", duration=Duration(10, elapsed=True)),
                              Activity(id="c", duration=Duration(20)), Activity(id="end")],
                  relations=[Relation(predecessor="a", successor="end"), Relation(predecessor="c", successor="end")])
    s = schedule(p)
    assert D(2024, 1, 17) == s["a"].finish  # 8..17 January: ten calendar days
    assert D(2024, 2, 2) == s["c"].finish == s["a"].late_finish
    assert D(2024, 1, 26) == s["a"].late_start == s["a"].late_finish - dt.timedelta(days=7)


# ---- roll-up starts ---------------------------------------------------------------------------

def test_a_rollup_starts_at_its_earliest_member_and_finishes_at_its_latest():
    """Start is the minimum of the members' starts (not the first member's, not the finish)."""
    p = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"),
                  migrations=[Migration(id="m", service="s", target="x")],
                  activities=[Activity(id="late", duration=Duration(2), migration="m",
                                       constraint=Constraint(type=ConstraintType.SNET, date=D(2024, 2, 5))),
                              Activity(id="early", duration=Duration(3), migration="m",
                                       constraint=Constraint(type=ConstraintType.SNET, date=D(2024, 1, 15)))])
    s = schedule(p)
    roll = s.rollups("migration")["m"]
    assert D(2024, 1, 15) == roll.start == min(s["late"].start, s["early"].start)
    assert D(2024, 2, 6) == roll.finish == max(s["late"].finish, s["early"].finish)


# ---- the present stage: MS Project's milestone display rules ----------------------------------------

def test_a_milestone_after_a_task_shows_on_the_tasks_last_day():
    """FS from a task: the milestone is at 17:00 of the task's finish day (MS Project), not the next morning."""
    p = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"),
                  activities=[Activity(id="t", duration=Duration(5)), Activity(id="m")],
                  relations=[Relation(predecessor="t", successor="m")])
    s = schedule(p)
    assert D(2024, 1, 12) == s["t"].finish == s["m"].start == s["m"].finish


def test_a_milestone_at_the_project_start_shows_on_the_start_day_even_after_a_lead():
    """A lead cannot move a milestone before the project start: it shows on the first day, in the morning."""
    p = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"),
                  activities=[Activity(id="t", duration=Duration(1)), Activity(id="m")],
                  relations=[Relation(predecessor="t", successor="m", lag=Duration(-3))])
    assert START == schedule(p)["m"].start


def test_a_milestone_held_at_its_snet_date_shows_on_that_date():
    """SNET on Monday 15 January holds the milestone there, though a task before it ends Friday 12."""
    p = Portfolio(settings=PortfolioSettings(start=START, calendar="standard"),
                  activities=[Activity(id="t", duration=Duration(5)),
                              Activity(id="m", constraint=Constraint(type=ConstraintType.SNET, date=D(2024, 1, 15)))],
                  relations=[Relation(predecessor="t", successor="m")])
    assert D(2024, 1, 15) == schedule(p)["m"].start


def test_evening_follows_milestone_chains_from_the_evening_and_not_from_the_morning():
    """m1 after a task is shown in the evening and so is m2 after it; m4 after a morning milestone m3 is not."""
    t, f = True, False
    late = _present.evening(
        milestone=np.array([f, t, t, t, t]), es=np.array([0, 5, 5, 2, 2]), floor=np.array([0, 0, 0, 2, 0]),
        at_start=np.array([t, f, f, f, f]), morning_floor=np.array([f, f, f, t, f]),
        evening_floor=np.array([f, f, f, f, f]), pred=np.array([0, 1, 3]), succ=np.array([1, 2, 4]),
        rtype=np.array([_cpm.FS, _cpm.FS, _cpm.FS]), driving=np.array([t, t, t]))
    assert [False, True, True, False, False] == late.tolist()


def test_a_start_to_start_successor_milestone_shows_in_the_morning():
    """Driven from a start (SS), a milestone is not moved to the evening before."""
    t, f = True, False
    late = _present.evening(
        milestone=np.array([f, t]), es=np.array([0, 3]), floor=np.array([0, 0]), at_start=np.array([t, f]),
        morning_floor=np.array([f, f]), evening_floor=np.array([f, f]), pred=np.array([0]), succ=np.array([1]),
        rtype=np.array([_cpm.SS]), driving=np.array([t]))
    assert [False, False] == late.tolist()


def test_a_network_remembers_a_bounded_number_of_schedules():
    """Schedules at many status dates do not pile up: the oldest ones are forgotten first."""
    p = chain()
    days = [START + dt.timedelta(days=k) for k in range(_compile.RESULTS + 3)]
    for day in days:
        schedule(p, status_date=day)
    net = _compile.compiled(p, START)
    assert _compile.RESULTS == len(net.results)
    assert (days[-1], None) in net.results
    assert (days[0], None) not in net.results
