"""Slippage: variance, attribution (contributions add up exactly), windows and history; the example's story."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.calendar import builtin
from portfolio.io import load
from portfolio.model import (
    Activity,
    ActivityProgress,
    Baseline,
    BaselineEntry,
    Constraint,
    ConstraintType,
    Duration,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
    StatusUpdate,
)
from portfolio.scheduling import schedule
from portfolio.slippage import (
    Cause,
    attribute,
    attribute_window,
    history,
    key_milestones,
    lineage,
    report_figures,
    select_baseline,
    variance,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"
START = dt.date(2024, 1, 1)
STD = builtin("standard")
TYPES = [RelationType.FS, RelationType.SS, RelationType.FF, RelationType.SF]


@pytest.fixture(scope="module")
def example() -> Portfolio:
    """The shipped example, loaded once."""
    return load(EXAMPLE).portfolio


def entry(activity: str, start: dt.date, finish: dt.date) -> BaselineEntry:
    return BaselineEntry(activity=activity, start=start, finish=finish)


def chain_portfolio(build: int = 8) -> Portfolio:
    """build -> test -> live on the standard calendar; the baseline planned build at 5 days and had no test."""
    plan = Baseline(name="plan", entries={
        "build": entry("build", START, STD.add_workdays(START, 4)),
        "live": entry("live", STD.add_workdays(START, 4), STD.add_workdays(START, 4)),
        "gone": entry("gone", START, START)})
    return Portfolio(
        settings=PortfolioSettings(start=START, calendar="standard", key_milestones=("live",)),
        activities=[Activity(id="build", duration=Duration(build), service="s"),
                    Activity(id="test", duration=Duration(2), service="s"), Activity(id="live", service="s")],
        relations=[Relation(predecessor="build", successor="test"), Relation(predecessor="test", successor="live")],
        baselines=[plan])


# --- variance ---------------------------------------------------------------------------------------


def test_variance_counts_working_and_calendar_days():
    """Finish variance is forecast minus baseline in working days of the calendar and in calendar days."""
    p = chain_portfolio()
    s = schedule(p)
    v = variance(p, s, p.baselines["plan"])["build"]
    expected_wd = STD.finish_index(s["build"].finish) - STD.finish_index(p.baselines["plan"].entries["build"].finish)
    assert expected_wd == v.finish_variance
    assert 8 - 5 == v.finish_variance  # eight working days instead of five, from the same start
    assert (s["build"].finish - p.baselines["plan"].entries["build"].finish).days == v.finish_variance_days
    assert 0 == v.start_variance


def test_added_and_removed_activities_are_listed():
    """An activity the baseline lacks is listed as added; a baseline activity no longer declared as removed."""
    p = chain_portfolio()
    report = variance(p, schedule(p), p.baselines["plan"])
    assert (("test",), ("gone",)) == (report.added, report.removed)
    assert "test" not in report


def test_rollups_cover_the_group():
    """A service's roll-up finishes with its last activity and compares with its baseline activities only."""
    p = chain_portfolio()
    s = schedule(p)
    (roll,) = variance(p, s, p.baselines["plan"]).rollups["service"]
    assert (s["live"].finish, 3, 2) == (roll.finish, roll.activities, roll.in_baseline)
    assert STD.finish_index(s["live"].finish) - STD.finish_index(roll.baseline_finish) == roll.finish_variance


def test_select_baseline_and_lineage(example):
    """The current baseline is the re-plan; it replaces the original and carries a reason."""
    current = select_baseline(example)
    assert "replan-2023" == current.name
    assert ["replan-2023", "original-2023"] == [b.name for b in lineage(example, current)]
    with pytest.raises(LookupError):
        select_baseline(Portfolio())


# --- attribution --------------------------------------------------------------------------------------


def test_attribution_of_a_chain():
    """Build's growth is a duration contribution, the new test activity an added one; they add up."""
    p = chain_portfolio(build=9)
    a = attribute(p, schedule(p), "live", p.baselines["plan"])
    by = {(c.activity, c.cause): c.working_days for c in a.contributions}
    assert {("build", Cause.DURATION): 4, ("test", Cause.ADDED): 2} == by
    assert a.working_days == sum(by.values())


def test_attribution_waiting_for_the_status_date():
    """Work not started by the status date moves to it: the path starts with a status-date contribution."""
    p = chain_portfolio(build=5)
    status = STD.add_workdays(START, 9)
    p = Portfolio(settings=p.settings, activities=p.activities, relations=p.relations, baselines=p.baselines,
                  status_updates=[StatusUpdate(date=status)])
    a = attribute(p, schedule(p), "live", p.baselines["plan"])
    causes = {c.cause for c in a.contributions}
    assert Cause.STATUS_DATE in causes
    assert a.working_days == sum(c.working_days for c in a.contributions)


def test_attribution_of_a_constraint():
    """A path that starts at a date constraint names it."""
    p = chain_portfolio(build=5)
    acts = dict(p.activities)
    acts["build"] = Activity(id="build", duration=Duration(5),
                             constraint=Constraint(type=ConstraintType.SNET, date=dt.date(2024, 2, 5)))
    p = Portfolio(settings=p.settings, activities=acts, relations=p.relations, baselines=p.baselines)
    a = attribute(p, schedule(p), "live", p.baselines["plan"])
    assert Cause.CONSTRAINT == a.contributions[0].cause
    assert STD.index(dt.date(2024, 2, 5)) - STD.index(START) == a.contributions[0].working_days


def test_attribution_needs_the_milestone_in_the_reference():
    """A milestone the baseline does not hold has no variance to explain."""
    p = chain_portfolio()
    with pytest.raises(KeyError):
        attribute(p, schedule(p), "test", p.baselines["plan"])


@st.composite
def slipped_networks(draw):
    """A random network with a baseline from a different version of it, progress and constraints."""
    n = draw(st.integers(1, 14))
    planned = draw(st.lists(st.integers(0, 8), min_size=n, max_size=n))
    actual = [d + draw(st.integers(-2, 6)) for d in planned]
    relations = []
    if n > 1:
        pairs = st.tuples(st.integers(0, n - 2), st.integers(1, n - 1)).filter(lambda q: q[0] < q[1])
        relations = draw(st.lists(st.tuples(pairs, st.integers(0, 3), st.integers(-2, 4)), max_size=2 * n))
    constrained = draw(st.dictionaries(st.integers(0, n - 1), st.integers(0, 30), max_size=2))
    dropped = draw(st.sets(st.integers(0, n - 1), max_size=n // 3))
    status = draw(st.none() | st.integers(0, 40))
    calendar = draw(st.sampled_from(["standard", "rijk"]))
    return planned, [max(d, 0) for d in actual], relations, constrained, dropped, status, calendar


def _network(durations, relations, constrained, calendar, start=START):
    acts = [Activity(id=f"a{i}", duration=Duration(d), constraint=(
        Constraint(type=ConstraintType.SNET, date=start + dt.timedelta(days=constrained[i]))
        if i in constrained else None)) for i, d in enumerate(durations)]
    rels = [Relation(predecessor=f"a{p}", successor=f"a{s}", type=TYPES[t], lag=Duration(lag))
            for (p, s), t, lag in relations]
    return PortfolioSettings(start=start, calendar=calendar), acts, rels


@settings(max_examples=80, deadline=None)
@given(slipped_networks())
def test_contributions_sum_to_the_variance_on_random_networks(network):
    """On random networks, for every activity in the baseline, the contributions add up exactly (both units)."""
    planned, actual, relations, constrained, dropped, status, calendar = network
    settings_, acts, rels = _network(planned, relations, {}, calendar)
    plan = schedule(Portfolio(settings=settings_, activities=acts, relations=rels))
    base = Baseline(name="plan", entries={a.id: entry(a.id, a.start, a.finish) for a in plan
                                          if int(a.id[1:]) not in dropped})
    settings_, acts, rels = _network(actual, relations, constrained, calendar)
    updates = [StatusUpdate(date=START + dt.timedelta(days=status), progress={"a0": ActivityProgress(
        activity="a0", actual_start=START, remaining=Duration(3))} if actual[0] else {})] if status else []
    p = Portfolio(settings=settings_, activities=acts, relations=rels, baselines=[base], status_updates=updates)
    s = schedule(p)
    for a in s:
        if a.id not in base.entries:
            continue
        result = attribute(p, s, a.id, base)
        assert result.working_days == sum(c.working_days for c in result.contributions)
        assert result.calendar_days == sum(c.calendar_days for c in result.contributions)
        assert result.working_days == variance(p, s, base)[a.id].finish_variance
        assert a.id == result.path[-1]


@settings(max_examples=40, deadline=None)
@given(slipped_networks(), st.integers(1, 30), st.integers(0, 10))
def test_windows_add_up_on_random_networks(network, first, gap):
    """Between two status updates, each activity's move is explained exactly by the later update's path."""
    _, actual, relations, constrained, _, _, calendar = network
    settings_, acts, rels = _network(actual, relations, constrained, calendar)
    d1, d2 = START + dt.timedelta(days=first), START + dt.timedelta(days=first + gap + 1)
    started = {"a0": ActivityProgress(activity="a0", actual_start=START, remaining=Duration(gap))}
    p = Portfolio(settings=settings_, activities=acts, relations=rels,
                  status_updates=[StatusUpdate(date=d1), StatusUpdate(date=d2, progress=started if actual[0] else {})])
    before, after = schedule(p, status_date=d1), schedule(p, status_date=d2)
    for a in after:
        w = attribute_window(p, before, after, a.id)
        assert w.working_days == sum(c.working_days for c in w.contributions)
        assert (after[a.id].finish - before[a.id].finish).days == w.calendar_days


# --- the example tells the seed's story ---------------------------------------------------------------


def test_example_attributions_add_up(example):
    """Every key milestone against every baseline that holds it: the contributions add up to the variance."""
    s = schedule(example)
    checked = 0
    for baseline in example.baselines.values():
        for m in key_milestones(example):
            if m in baseline.entries:
                a = attribute(example, s, m, baseline)
                assert a.working_days == sum(c.working_days for c in a.contributions)
                assert a.calendar_days == sum(c.calendar_days for c in a.contributions)
                checked += 1
    assert checked >= 2 * len(key_milestones(example)) - 2


def test_digipoort_landing_decision_drives_the_easi_exit(example):
    """As of December 2023 EASI's exit waits for Digipoort's landing decision, the largest contributor to its slip."""
    s = schedule(example)
    a = attribute(example, s, "easi.exit", select_baseline(example))
    assert "digipoort.landing-decision" in a.path
    assert a.working_days > 0
    top = max(a.contributions, key=lambda c: c.working_days)
    assert top.activity in {"digipoort.landing-study", "digipoort.landing-decision"}
    windows = history(example, ["easi.exit"]).windows["easi.exit"]
    assert "digipoort.landing-decision" in windows[-1].path


def test_eherkenning_and_stelseldiensten_land_in_october_2023(example):
    """From the August update on, both cutovers are forecast (then done) in October 2023."""
    h = history(example, ["eherkenning.cutover", "stelseldiensten.cutover"])
    for trend in h.milestones:
        late = [p for p in trend.points if p.status_date >= dt.date(2023, 8, 31)]
        assert late
        assert all((p.forecast.year, p.forecast.month) == (2023, 10) for p in late)
        assert late[-1].finished


def test_reorientation_moves_most_migrations_out_between_april_and_august(example):
    """Between the April and August 2023 updates most migrations off EASI finish later, moved by the reorientation."""
    h = history(example)
    april = h.status_dates.index(dt.date(2023, 4, 28))
    august = h.status_dates.index(dt.date(2023, 8, 31))
    off_easi = [t for t in h.migrations if example.migrations[t.id].source_platform == "easi"]
    later = [t for t in off_easi if t.points[august].forecast > t.points[april].forecast]
    assert len(later) > len(off_easi) / 2
    # why: the largest contribution in the window is work of the reorientation after the AC ICT advice
    before, after = h.schedules[april], h.schedules[august]
    reorientation = 0
    for t in later:
        last = max(after.rollups("migration")[t.id].activities, key=lambda i: after[i].finish)
        w = attribute_window(example, before, after, last)
        top = max(w.contributions, key=lambda c: c.working_days)
        reorientation += top.activity.startswith("acict.") or top.activity.endswith(
            (".plan", ".landing-study"))
    assert reorientation > len(later) / 2


# --- history ----------------------------------------------------------------------------------------


def test_history_follows_each_status_update(example):
    """Each forecast is the schedule as of that status date; each change is the difference from the previous."""
    h = history(example, ["easi.exit"])
    trend = h["easi.exit"]
    for u, point in zip(example.status_updates, trend.points, strict=True):
        assert schedule(example, status_date=u.date)["easi.exit"].finish == point.forecast
    for prev, point in zip(trend.points, trend.points[1:], strict=False):
        assert (point.forecast - prev.forecast).days == point.change_days
    assert [w.working_days for w in h.windows["easi.exit"]] == [p.change for p in trend.points[1:]]


def test_history_rejects_an_unknown_milestone(example):
    """A typo in a milestone id is a KeyError with a suggestion."""
    with pytest.raises(KeyError, match="did you mean"):
        history(example, ["easi.exti"])


def test_report_figures_cover_assignments_and_key_milestones(example):
    """A report has one figure per assignment and per key milestone; a late one is amber or red."""
    s = schedule(example)
    figures = report_figures(example, s, select_baseline(example))
    assert set(example.assignments) == {f.id for f in figures if f.kind == "assignment"}
    assert list(key_milestones(example)) == [f.id for f in figures if f.kind == "milestone"]
    exit_ = next(f for f in figures if f.id == "easi.exit")
    assert ("red" if exit_.variance > 20 else "amber") == exit_.rag


def test_history_baseline_defaults_to_the_one_in_force() -> None:
    """history() up to August 2023 shows the original plan's dates; given a baseline, it shows that one's."""
    p = load(EXAMPLE).portfolio
    august = history(p, ["easi.exit"], until=dt.date(2023, 8, 31))
    replan = history(p, ["easi.exit"], until=dt.date(2023, 8, 31), baseline=p.baselines["replan-2023"])
    assert (dt.date(2023, 12, 22), dt.date(2024, 8, 19)) == (august["easi.exit"].baseline_finish,
                                                             replan["easi.exit"].baseline_finish)
