"""Slippage figures a mutant could get wrong unnoticed: summary sentences, starts, roll-ups (docs/testing.md).

Every expectation here is counted by hand on the standard calendar (Monday to Friday, no holidays) from
the dates in the docstrings, never taken from the code under test.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portfolio.model import (
    Activity,
    ActivityProgress,
    Assignment,
    AssignmentReport,
    AssignmentStatus,
    Baseline,
    BaselineEntry,
    Duration,
    Migration,
    Portfolio,
    PortfolioSettings,
    Relation,
    StatusUpdate,
)
from portfolio.scheduling import schedule
from portfolio.slippage import (
    Attribution,
    Cause,
    Contribution,
    Figure,
    attribute,
    attribute_window,
    history,
    period_end,
    previous_period,
    rag,
    report_figures,
    variance,
)
from portfolio.slippage._common import schedule_dates, select_baseline

D = dt.date


def attribution(working_days: int, *days: int) -> Attribution:
    """A hand-made attribution whose contributions (activities a, b, c, ...) hold ``days`` in that order."""
    contributions = tuple(Contribution(activity=chr(ord("a") + i), name="", cause=Cause.DURATION,
                                       working_days=d, calendar_days=d) for i, d in enumerate(days))
    return Attribution(milestone="m", name="M", reference="plan", calendar="standard",
                       reference_finish=D(2024, 1, 5), finish=D(2024, 1, 5), working_days=working_days,
                       calendar_days=working_days, path=(), contributions=contributions)


# --- the attribution's sentence ---------------------------------------------------------------------


@pytest.mark.parametrize(("working_days", "expected"), [
    (1, "m slips 1 working day against plan: +1 a (duration)"),
    (-1, "m gains 1 working day against plan: -1 taken back (float, faster work)"),
    (0, "m holds against plan"),
    (2, "m slips 2 working days against plan: +2 a (duration)"),
])
def test_summary_of_a_one_day_move(working_days, expected):
    """A one-day slip slips (not holds), says "day" in the singular and lists its +1 contribution."""
    assert expected == attribution(working_days, working_days).summary()


def test_summary_lists_the_largest_contributors_first():
    """With limit 2 of contributions a=1, b=5, c=3, d=4: +5 b and +4 d are shown, 3 + 1 = 4 from 2 more."""
    a = attribution(13, 1, 5, 3, 4)
    assert "m slips 13 working days against plan: +5 b (duration), +4 d (duration), +4 from 2 more" == a.summary(2)


def test_summary_keeps_one_day_contributions_and_sums_what_was_taken_back():
    """+1 days count among the additions; -2 and -1 are summed to one figure; zero is left out."""
    a = attribution(4, 1, -2, 6, 0, -1)
    assert "m slips 4 working days against plan: +6 c (duration), +1 a (duration), -3 taken back (float, faster work)" \
        == a.summary()
    assert "m slips 4 working days against plan: +6 c (duration), +1 from 1 more, -3 taken back (float, faster work)" \
        == a.summary(1)


def test_summary_default_limit_is_four():
    """Five additions: four are named, the fifth (the smallest, +1) is 'from 1 more'."""
    a = attribution(15, 1, 2, 3, 4, 5)
    assert a.summary().endswith("+2 b (duration), +1 from 1 more")


def test_rag_thresholds():
    """Green up to 0, amber from 1 to the red threshold, red beyond it; none without a baseline."""
    assert ["green", "green", "amber", "amber", "red", "new"] == [rag(v) for v in (-3, 0, 1, 20, 21, None)]
    assert ["amber", "red"] == [rag(5, red=5), rag(6, red=5)]


# --- starts and roll-ups ----------------------------------------------------------------------------


def two_step() -> Portfolio:
    """a (5 days) -> b (8 days) from Monday 1 January 2024, both in service s and on platform p; c in service t.

    Forecast: a 1-5 January, b 8-17 January; c (3 days, no baseline) 1-3 January.
    Baseline: a 9-15 January, b 17-18 January.
    """
    plan = Baseline(name="plan", entries={
        "a": BaselineEntry(activity="a", start=D(2024, 1, 9), finish=D(2024, 1, 15)),
        "b": BaselineEntry(activity="b", start=D(2024, 1, 17), finish=D(2024, 1, 18))})
    return Portfolio(
        settings=PortfolioSettings(start=D(2024, 1, 1), calendar="standard"),
        activities=[Activity(id="a", duration=Duration(5), service="s", platform="p"),
                    Activity(id="b", duration=Duration(8), service="s", platform="p"),
                    Activity(id="c", duration=Duration(3), service="t")],
        relations=[Relation(predecessor="a", successor="b")], baselines=[plan])


def test_activity_start_variance_counts_working_days_back_to_the_forecast():
    """a starts 1 Jan against 9 Jan: 6 working days (1-5, 8) and 8 calendar days early; b 8 Jan against 17 Jan:
    7 working days (8-12, 15, 16) and 9 calendar days early. Finishes: a 5 against 15 Jan is -6 wd / -10 d,
    b 17 against 18 Jan is -1 / -1."""
    p = two_step()
    report = variance(p, schedule(p), p.baselines["plan"])
    got = {v.id: (v.start, v.baseline_start, v.start_variance, v.start_variance_days,
                  v.finish, v.baseline_finish, v.finish_variance, v.finish_variance_days) for v in report}
    assert {"a": (D(2024, 1, 1), D(2024, 1, 9), -6, -8, D(2024, 1, 5), D(2024, 1, 15), -6, -10),
            "b": (D(2024, 1, 8), D(2024, 1, 17), -7, -9, D(2024, 1, 17), D(2024, 1, 18), -1, -1)} == got


@pytest.mark.parametrize("level", ["service", "platform"])
def test_rollup_starts_and_finishes(level):
    """Group s (or p) starts with a (1 Jan; planned 9 Jan) and finishes with b (17 Jan; planned 18 Jan):
    start variance -6 wd / -8 d, finish variance -1 wd / -1 d, two activities, both in the baseline."""
    p = two_step()
    rollups = {r.id: r for r in variance(p, schedule(p), p.baselines["plan"]).rollups[level]}
    r = rollups["s" if level == "service" else "p"]
    assert (level, D(2024, 1, 1), D(2024, 1, 17), D(2024, 1, 9), D(2024, 1, 18), -6, -1, -8, -1, 2, 2) == (
        r.level, r.start, r.finish, r.baseline_start, r.baseline_finish, r.start_variance, r.finish_variance,
        r.start_variance_days, r.finish_variance_days, r.activities, r.in_baseline)


def test_rollup_of_a_group_the_baseline_lacks():
    """Service t holds only c, which the baseline lacks: forecast 1-3 January, every baseline figure None."""
    p = two_step()
    rollups = {r.id: r for r in variance(p, schedule(p), p.baselines["plan"]).rollups["service"]}
    r = rollups["t"]
    assert (D(2024, 1, 1), D(2024, 1, 3), None, None, None, None, None, None, 1, 0) == (
        r.start, r.finish, r.baseline_start, r.baseline_finish, r.start_variance, r.finish_variance,
        r.start_variance_days, r.finish_variance_days, r.activities, r.in_baseline)
    assert {"s", "t"} == set(rollups)


def test_history_change_between_status_updates():
    """build (10 days from Mon 8 Jan) -> live. On 12 Jan 6 days remain: live on Mon 22 Jan. On 19 Jan 4 remain,
    counted from Mon 22 Jan: build ends Thu 25 Jan, live 25 Jan; +3 wd, +3 d. The baseline holds live on 19 Jan."""
    day = D
    p = Portfolio(
        settings=PortfolioSettings(start=day(2024, 1, 8), calendar="standard"),
        activities=[Activity(id="build", duration=Duration(10)), Activity(id="live")],
        relations=[Relation(predecessor="build", successor="live")],
        baselines=[Baseline(name="plan", entries={
            "live": BaselineEntry(activity="live", start=day(2024, 1, 19), finish=day(2024, 1, 19))})],
        status_updates=[
            StatusUpdate(date=day(2024, 1, 12), progress={"build": ActivityProgress(
                activity="build", actual_start=day(2024, 1, 8), remaining=Duration(6))}),
            StatusUpdate(date=day(2024, 1, 19), progress={"build": ActivityProgress(
                activity="build", actual_start=day(2024, 1, 8), remaining=Duration(4))})])
    trend = history(p, ["live"])["live"]
    assert day(2024, 1, 19) == trend.baseline_finish
    assert [(day(2024, 1, 12), day(2024, 1, 22), None, None), (day(2024, 1, 19), day(2024, 1, 25), 3, 3)] == [
        (pt.status_date, pt.forecast, pt.change, pt.change_days) for pt in trend.points]


def test_history_table_and_repr():
    """The MTA table has one row per status date; the repr names the first and last status date."""
    p = Portfolio(
        settings=PortfolioSettings(start=D(2024, 1, 8), calendar="standard"),
        activities=[Activity(id="build", duration=Duration(10)), Activity(id="live")],
        relations=[Relation(predecessor="build", successor="live")],
        status_updates=[StatusUpdate(date=D(2024, 1, 12)), StatusUpdate(date=D(2024, 1, 19))])
    h = history(p, ["live"])
    # not started by either status date: the 10 days run from Monday 15 January, then from Monday 22 January
    assert ((D(2024, 1, 12), (D(2024, 1, 26),)), (D(2024, 1, 19), (D(2024, 2, 2),))) == h.table()
    assert "<History 2 status updates 2024-01-12..2024-01-19, 1 milestones>" == repr(h)
    empty = history(Portfolio(activities=[Activity(id="live")]), ["live"])
    assert ("<History 0 status updates -..-, 1 milestones>", ()) == (repr(empty), empty.table())


def test_variance_report_repr_counts_late_activities():
    """In two_step nothing finishes late; with b planned to finish on 16 January, b is 1 day late."""
    p = two_step()
    assert "<VarianceReport against 'plan': 2 activities, 0 late, 1 added, 0 removed>" == repr(
        variance(p, schedule(p), p.baselines["plan"]))
    late = Baseline(name="late", entries={
        "b": BaselineEntry(activity="b", start=D(2024, 1, 8), finish=D(2024, 1, 16)),
        "x": BaselineEntry(activity="x", start=D(2024, 1, 8), finish=D(2024, 1, 16))})
    assert "<VarianceReport against 'late': 1 activities, 1 late, 2 added, 1 removed>" == repr(
        variance(p, schedule(p), late))
    on_time = Baseline(name="on-time", entries={
        "b": BaselineEntry(activity="b", start=D(2024, 1, 8), finish=D(2024, 1, 17))})
    assert "<VarianceReport against 'on-time': 1 activities, 0 late, 2 added, 0 removed>" == repr(
        variance(p, schedule(p), on_time))


def test_schedule_dates_iterate_in_schedule_order():
    p = two_step()
    computed = schedule(p)
    dates = schedule_dates(computed)
    assert (["a", "b", "c"], 3, True, False) == (sorted(dates), len(dates), "a" in dates, "z" in dates)
    assert list(computed.ids) == list(dates)
    assert (D(2024, 1, 8), D(2024, 1, 17)) == dates["b"]


@pytest.mark.parametrize(("period", "end", "before"), [
    ("2024-01", D(2024, 1, 31), "2023-12"), ("2024-03", D(2024, 3, 31), "2024-02"),
    ("2023-02", D(2023, 2, 28), "2023-01"), ("2024-12", D(2024, 12, 31), "2024-11"),
])
def test_periods(period, end, before):
    assert (end, before) == (period_end(period), previous_period(period))


@pytest.mark.parametrize("period", ["2024-13", "2024-00", "24-01", "2024-1", "2024-01x", " 2024-01"])
def test_not_a_period(period):
    with pytest.raises(ValueError, match="is not a period; write YYYY-MM"):
        period_end(period)


def test_figure_json():
    """Field names as keys, dates as ISO text, None kept."""
    f = Figure(kind="assignment", id="a", name="A", baseline_finish=D(2024, 1, 5), forecast_finish=D(2024, 1, 8),
               variance=1, variance_days=3, progress="in-progress", rag="amber", status="running")
    assert {"kind": "assignment", "id": "a", "name": "A", "baseline_finish": "2024-01-05",
            "forecast_finish": "2024-01-08", "variance": 1, "variance_days": 3, "progress": "in-progress",
            "rag": "amber", "status": "running"} == f.to_json_dict()
    g = Figure(kind="milestone", id="m", name="M", baseline_finish=None, forecast_finish=D(2024, 1, 8),
               variance=None, variance_days=None, progress="not-started", rag="new")
    assert (None, "2024-01-08", "") == (g.to_json_dict()["baseline_finish"], g.to_json_dict()["forecast_finish"],
                                        g.to_json_dict()["status"])


def figure_data(**change: object) -> dict[str, object]:
    data: dict[str, object] = {"kind": "milestone", "id": "m", "name": "M", "baseline_finish": None,
                               "forecast_finish": "2024-01-08", "variance": None, "variance_days": None,
                               "progress": "not-started", "rag": "new"}
    data.update(change)
    return {k: v for k, v in data.items() if v != "-"}


@pytest.mark.parametrize(("data", "message"), [
    (figure_data(name="-", rag="-"), "a figure needs the keys name, rag"),
    (figure_data(name="-", extra=1), "a figure needs the keys name"),
    (figure_data(extra=1, more=2), "a figure has unknown keys extra, more"),
    (figure_data(forecast_finish="8 januari"), "a figure's date is not YYYY-MM-DD: "),
    (figure_data(variance="3", forecast_finish=None), "a figure has values of the wrong type in variance, forecast_finish"),
    (figure_data(id=1, variance_days=True), "a figure has values of the wrong type in id, variance_days"),
])
def test_figure_from_bad_json(data, message):
    """Each problem is named: the missing keys first, else the unknown ones; a bad date; every mistyped field."""
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        Figure.from_json_dict(data)


def test_figure_from_json_without_the_optional_status():
    """status has a default, so it may be left out."""
    f = Figure.from_json_dict(figure_data())
    assert ("", D(2024, 1, 8)) == (f.status, f.forecast_finish)


def test_lookups_name_what_is_missing():
    p = two_step()
    report = variance(p, schedule(p), p.baselines["plan"])
    with pytest.raises(KeyError, match="'c' has no variance"):
        report["c"]
    with pytest.raises(KeyError, match="milestone 'b' is not in the history"):
        history(p, ["a"])["b"]
    a = attribute(p, schedule(p), "b", p.baselines["plan"])
    assert ("plan", "b", ("a", "b")) == (a.reference, a.milestone, a.path)


def test_report_figures_red_threshold_and_no_baseline():
    """live is planned on Friday 5 January. After 25 days of build it is forecast on Friday 2 February, 20
    working days (28 days) late: amber. After 26 days, Monday 5 February, 21 late: red by default (over 20),
    amber with red=21. Without a baseline the figure is new."""
    plan = Baseline(name="plan", entries={"live": BaselineEntry(activity="live", start=D(2024, 1, 5),
                                                                finish=D(2024, 1, 5))})
    p = Portfolio(settings=PortfolioSettings(start=D(2024, 1, 1), calendar="standard", key_milestones=("live",)),
                  activities=[Activity(id="build", duration=Duration(25)), Activity(id="live")],
                  relations=[Relation(predecessor="build", successor="live")], baselines=[plan])
    computed = schedule(p)
    (fig,) = report_figures(p, computed, plan)
    assert (D(2024, 2, 2), 20, 28, "amber") == (fig.forecast_finish, fig.variance, fig.variance_days, fig.rag)
    longer = Portfolio(settings=p.settings, activities=[Activity(id="build", duration=Duration(26)),
                                                        Activity(id="live")], relations=p.relations, baselines=[plan])
    (fig,) = report_figures(longer, schedule(longer), plan)
    assert (D(2024, 2, 5), 21, 31, "red") == (fig.forecast_finish, fig.variance, fig.variance_days, fig.rag)
    assert "amber" == report_figures(longer, schedule(longer), plan, red=21)[0].rag
    assert [("live", None, "new")] == [(f.id, f.variance, f.rag) for f in report_figures(p, computed, None)]


def test_report_figures_of_assignments():
    """Assignment one holds a (5 days, done 1-5 January) and b (3 days, planned 8-9 January, so forecast 8-10
    January after the status date of Friday 5 January): +1 wd, in progress, amber, and running as the status
    update reports. Assignment two holds c (no baseline): new, not started, its own status (the report gives
    none). After a second update with everything finished, one is finished."""
    plan = Baseline(name="plan", entries={"a": BaselineEntry(activity="a", start=D(2024, 1, 1), finish=D(2024, 1, 5)),
                                          "b": BaselineEntry(activity="b", start=D(2024, 1, 8), finish=D(2024, 1, 9))})
    done = {"a": ActivityProgress(activity="a", actual_start=D(2024, 1, 1), actual_finish=D(2024, 1, 5))}
    p = Portfolio(
        settings=PortfolioSettings(start=D(2024, 1, 1), calendar="standard"),
        activities=[Activity(id="a", duration=Duration(5)), Activity(id="b", duration=Duration(3)),
                    Activity(id="c", duration=Duration(2))],
        relations=[Relation(predecessor="a", successor="b")], baselines=[plan],
        assignments=[Assignment(id="one", title="Een", activities=("a", "b")),
                     Assignment(id="two", title="Twee", activities=("c",), status=AssignmentStatus.PAUSED)],
        status_updates=[
            StatusUpdate(date=D(2024, 1, 5), progress=done, assignments={
                "one": AssignmentReport(assignment="one", status=AssignmentStatus.RUNNING),
                "two": AssignmentReport(assignment="two")}),
            StatusUpdate(date=D(2024, 1, 12), progress={**done, "b": ActivityProgress(
                activity="b", actual_start=D(2024, 1, 8), actual_finish=D(2024, 1, 10)), "c": ActivityProgress(
                activity="c", actual_start=D(2024, 1, 8), actual_finish=D(2024, 1, 9))})])
    figures = {f.id: f for f in report_figures(p, schedule(p, status_date=D(2024, 1, 5)), plan)}
    got = {k: (f.kind, f.name, f.baseline_finish, f.forecast_finish, f.variance, f.variance_days, f.progress, f.rag,
               f.status) for k, f in figures.items()}
    assert {"one": ("assignment", "Een", D(2024, 1, 9), D(2024, 1, 10), 1, 1, "in-progress", "amber", "running"),
            "two": ("assignment", "Twee", None, D(2024, 1, 9), None, None, "not-started", "new", "paused")} == got
    later = {f.id: (f.progress, f.status) for f in report_figures(p, schedule(p, status_date=D(2024, 1, 12)), plan)}
    assert {"one": ("finished", "planned"), "two": ("finished", "paused")} == later


def test_select_baseline_messages():
    """No baseline at all: how to capture one; an unknown name with nothing close: the known names."""
    with pytest.raises(LookupError, match=r"^the portfolio has no baseline; capture one with 'portfolio baseline capture'$"):
        select_baseline(Portfolio())
    p = Portfolio(baselines=[Baseline(name="original"), Baseline(name="replan", current=True)])
    with pytest.raises(KeyError, match=r"^\"no baseline 'zzz'; known: original, replan\"$"):
        select_baseline(p, "zzz")
    with pytest.raises(KeyError, match=r"^\"no baseline 'x'; known: none\"$"):
        select_baseline(Portfolio(), "x")


def test_history_of_migrations():
    """Migration m1 holds build and live (m0 holds nothing and is skipped). Its finish: 22 January on
    12 January, 25 January on 19 January (+3 wd, +3 d), 25 January, finished, on 26 January (0)."""
    build = {"build": ActivityProgress(activity="build", actual_start=D(2024, 1, 8), remaining=Duration(6))}
    p = Portfolio(
        settings=PortfolioSettings(start=D(2024, 1, 8), calendar="standard"),
        migrations=[Migration(id="m0", service="s"), Migration(id="m1", service="s", name="Eerste")],
        activities=[Activity(id="build", duration=Duration(10), migration="m1"), Activity(id="live", migration="m1")],
        relations=[Relation(predecessor="build", successor="live")],
        baselines=[Baseline(name="plan", entries={
            "build": BaselineEntry(activity="build", start=D(2024, 1, 8), finish=D(2024, 1, 18)),
            "live": BaselineEntry(activity="live", start=D(2024, 1, 19), finish=D(2024, 1, 19))})],
        status_updates=[
            StatusUpdate(date=D(2024, 1, 12), progress=build),
            StatusUpdate(date=D(2024, 1, 19), progress={"build": ActivityProgress(
                activity="build", actual_start=D(2024, 1, 8), remaining=Duration(4))}),
            StatusUpdate(date=D(2024, 1, 26), progress={
                "build": ActivityProgress(activity="build", actual_start=D(2024, 1, 8), actual_finish=D(2024, 1, 25)),
                "live": ActivityProgress(activity="live", actual_start=D(2024, 1, 25), actual_finish=D(2024, 1, 25))})])
    h = history(p, ["live"])
    assert "<History 3 status updates 2024-01-12..2024-01-26, 1 milestones>" == repr(h)
    (m1,) = h.migrations
    assert ("m1", "Eerste", D(2024, 1, 19)) == (m1.id, m1.name, m1.baseline_finish)
    assert [(D(2024, 1, 12), D(2024, 1, 22), False, None, None), (D(2024, 1, 19), D(2024, 1, 25), False, 3, 3),
            (D(2024, 1, 26), D(2024, 1, 25), True, 0, 0)] == [
        (pt.status_date, pt.forecast, pt.finished, pt.change, pt.change_days) for pt in m1.points]


def test_report_figures_on_the_milestone_calendar():
    """live (on rijk) is forecast on Friday 10 May 2024 against Wednesday 8 May: 1 working day on rijk, which
    closes Hemelvaartsdag (9 May), although the default calendar (standard) counts 2. Without a status update
    the assignment keeps its own status."""
    plan = Baseline(name="plan", entries={"live": BaselineEntry(activity="live", start=D(2024, 5, 8),
                                                                finish=D(2024, 5, 8))})
    p = Portfolio(settings=PortfolioSettings(start=D(2024, 5, 10), calendar="standard", key_milestones=("live",)),
                  activities=[Activity(id="live", calendar="rijk")], baselines=[plan],
                  assignments=[Assignment(id="one", title="Een", activities=("live",))])
    figures = [(f.kind, f.baseline_finish, f.forecast_finish, f.variance, f.variance_days, f.status)
               for f in report_figures(p, schedule(p), plan)]
    assert [("assignment", D(2024, 5, 8), D(2024, 5, 10), 2, 2, "planned"),
            ("milestone", D(2024, 5, 8), D(2024, 5, 10), 1, 2, "")] == figures


def replanned(replan_captured: dt.date) -> Portfolio:
    """build -> live from 8 January 2024; live planned on 19 January (original) and 26 January (replan)."""
    return Portfolio(
        settings=PortfolioSettings(start=D(2024, 1, 8), calendar="standard"),
        activities=[Activity(id="build", name="Bouw", duration=Duration(10)), Activity(id="live", name="Live")],
        relations=[Relation(predecessor="build", successor="live")],
        baselines=[Baseline(name="original", captured=D(2024, 1, 1), entries={
                       "live": BaselineEntry(activity="live", start=D(2024, 1, 19), finish=D(2024, 1, 19))}),
                   Baseline(name="replan", captured=replan_captured, current=True, replaces="original", entries={
                       "live": BaselineEntry(activity="live", start=D(2024, 1, 26), finish=D(2024, 1, 26))})],
        status_updates=[StatusUpdate(date=D(2024, 1, 12)), StatusUpdate(date=D(2024, 1, 19)),
                        StatusUpdate(date=D(2024, 1, 26))])


def test_history_baseline_is_the_one_in_force_on_the_last_update():
    """Replan captured 22 January: in force on the last update (26 January), not on the 19th. Replan captured
    20 January, history until 20 January: the last update included is the 19th, so the original."""
    h = history(replanned(D(2024, 1, 22)), ["live"])
    assert ("Live", D(2024, 1, 26)) == (h["live"].name, h["live"].baseline_finish)
    early = history(replanned(D(2024, 1, 20)), ["live"], until=D(2024, 1, 20))
    assert ((D(2024, 1, 12), D(2024, 1, 19)), D(2024, 1, 19)) == (early.status_dates, early["live"].baseline_finish)
    assert (D(2024, 1, 12), D(2024, 1, 19)) == history(replanned(D(2024, 1, 20)), ["live"],
                                                        until=D(2024, 1, 19)).status_dates


def test_history_unknown_milestone_without_a_close_name():
    with pytest.raises(KeyError, match=r"^\"no activity 'qqqqqqqq'\"$"):
        history(replanned(D(2024, 1, 22)), ["qqqqqqqq"])


def test_variance_report_carries_the_baseline_and_the_activities():
    """The report names the baseline, its title, capture date, reason (stripped), lineage and the status date;
    each variance the activity's name, kind, calendar and progress. b on rijk: forecast 8-17 January against
    9-18 January, 1 working day early on either side; a works on standard (the default). The status date,
    Friday 29 December 2023, lies before the start."""
    base = Baseline(name="replan", title="Herplanning", captured=D(2023, 12, 1), reason=" AC ICT \n", replaces="plan",
                    entries={"a": BaselineEntry(activity="a", start=D(2024, 1, 1), finish=D(2024, 1, 5)),
                             "b": BaselineEntry(activity="b", start=D(2024, 1, 9), finish=D(2024, 1, 18))})
    p = Portfolio(settings=PortfolioSettings(start=D(2024, 1, 1), calendar="standard"),
                  activities=[Activity(id="a", name="Bouw", duration=Duration(5), platform="p"),
                              Activity(id="b", name="Live", calendar="rijk", duration=Duration(8)),
                              Activity(id="c", duration=Duration(1))],
                  relations=[Relation(predecessor="a", successor="b")],
                  baselines=[Baseline(name="plan", reason="eerste", replaces="replan"), base],
                  status_updates=[StatusUpdate(date=D(2023, 12, 29))])
    report = variance(p, schedule(p), base)
    assert ("replan", "Herplanning", D(2023, 12, 1), "AC ICT", (("replan", "AC ICT"), ("plan", "eerste")),
            D(2023, 12, 29)) == (report.baseline, report.title, report.captured, report.reason, report.lineage,
                               report.status_date)
    got = [(v.id, v.name, v.milestone, v.calendar, v.progress, v.start_variance, v.finish_variance) for v in report]
    assert [("a", "Bouw", False, "standard", "not-started", 0, 0),
            ("b", "Live", False, "rijk", "not-started", -1, -1)] == got
    assert {"p"} == {r.id for r in report.rollups["platform"]}
    assert all(r.level == level for level, rolls in report.rollups.items() for r in rolls)


def test_window_reference_is_the_earlier_status_date():
    p = replanned(D(2024, 1, 22))
    first, second = schedule(p, status_date=D(2024, 1, 12)), schedule(p, status_date=D(2024, 1, 19))
    assert "2024-01-12" == attribute_window(p, first, second, "live").reference
    bare = Portfolio(settings=p.settings, activities=p.activities, relations=p.relations)
    assert "the earlier schedule" == attribute_window(bare, schedule(bare), schedule(bare), "live").reference
