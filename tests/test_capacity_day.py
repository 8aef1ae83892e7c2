"""The one day a cutover counts on is the day it is shown: levelling, the rule, the waves and CP-SAT agree.

A milestone cutover that follows a predecessor's finish (directly, after a
lag, or over a weekend) is shown on the evening of the working day before its
start boundary (MS Project's display rule). At a month's end that day lies in
the month before the boundary: the examples below put it there.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.calendar import builtin
from portfolio.capacity import Blackout, Capacity, Demand, Pin, PlatformLimit, Team, level, overloads, waves
from portfolio.capacity._day import counted_day
from portfolio.model import (
    Activity,
    ActivityKind,
    Duration,
    FreezeWindow,
    Migration,
    Platform,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
    Service,
)
from portfolio.rules.capacity import RULES
from portfolio.rules.engine import evaluate
from portfolio.scheduling import Schedule, schedule

CAL = builtin("standard")
ONE_A_MONTH = Capacity(platforms=[PlatformLimit(platform="lpc", per_month=1)])


def plan(start: dt.date, count: int, prep: int, *, lag: int = 0) -> Portfolio:
    """``count`` milestone cutovers onto lpc from ``start``; the last one waits ``prep`` working days (and ``lag``)."""
    last = f"s{count - 1}"
    services = [Service(id=f"s{k}", name=f"S{k}") for k in range(count)]
    migrations = [Migration(id=f"s{k}.m", service=f"s{k}", target="lpc") for k in range(count)]
    acts = [Activity(id=f"s{k}.cutover", kind=ActivityKind.CUTOVER, service=f"s{k}", migration=f"s{k}.m")
            for k in range(count)]
    acts.append(Activity(id=f"{last}.prep", service=last, migration=f"{last}.m", duration=Duration(prep)))
    return Portfolio(settings=PortfolioSettings(start=start, calendar="standard"),
                     platforms=[Platform(id="lpc", name="LPC")], services=services, migrations=migrations,
                     activities=acts, relations=[Relation(predecessor=f"{last}.prep", successor=f"{last}.cutover",
                                                          lag=Duration(lag))])


def rule_months(portfolio: Portfolio, capacity: Capacity, levelled: Schedule) -> list[str]:
    """The months the capacity-overload rule of ``portfolio check`` finds overloaded in ``levelled``."""
    with_capacity = attrs.evolve(portfolio, capacity=capacity)
    found = evaluate(with_capacity, levelled, RULES).findings
    return [f.params["month"] for f in found if f.rule == "capacity-overload"]


# (portfolio, the day its last cutover is shown, where the other two go), each at a month's end
CASES = {
    # s2's prep (18 working days from Monday 8 January) ends on Wednesday 31 January; its boundary is 1 February
    "month end": (plan(dt.date(2024, 1, 8), 3, 18), dt.date(2024, 1, 31), [dt.date(2024, 2, 1), dt.date(2024, 3, 1)]),
    # the prep ends on Friday 31 May; the boundary is Monday 3 June, after the weekend
    "weekend": (plan(dt.date(2024, 5, 27), 3, 5), dt.date(2024, 5, 31), [dt.date(2024, 6, 3), dt.date(2024, 7, 1)]),
    # the prep ends on Monday 29 January, two days' lag: the boundary is 1 February, shown on the 31st
    "lag": (plan(dt.date(2024, 1, 8), 3, 16, lag=2), dt.date(2024, 1, 31), [dt.date(2024, 2, 1), dt.date(2024, 3, 1)]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_cutover_shown_the_evening_before_counts_in_that_month(case: str) -> None:
    """The cutover shown on the last day of a month takes that month's slot; the rule and the waves agree."""
    portfolio, shown, others = CASES[case]
    base = schedule(portfolio)
    assert base["s2.cutover"].start == shown  # the premise: shown on the evening before its boundary
    assert CAL.index(shown) + 1 == CAL.index(base["s2.prep"].finish) + 1 + (2 if case == "lag" else 0)
    result = level(portfolio, ONE_A_MONTH)
    levelled = result.levelled
    assert levelled["s2.cutover"].start == shown  # driving, placed first: it keeps its day
    assert sorted(levelled[f"s{k}.cutover"].start for k in (0, 1)) == others
    assert overloads(portfolio, ONE_A_MONTH, levelled, tolerance=0.0) == ()
    assert rule_months(portfolio, ONE_A_MONTH, levelled) == []
    assert rule_months(portfolio, ONE_A_MONTH, base) == [f"{shown:%Y-%m}"]  # the CPM plan: all three that month
    (first, *_) = waves(portfolio, ONE_A_MONTH, levelled)
    assert (first.start.month, first.cutovers) == (shown.month, ("s2.cutover",))


def test_a_cutover_counts_on_its_shown_day_for_blackouts_too() -> None:
    """A blackout on the shown day (31 January) moves the cutover; one on its boundary's day (1 February) does not."""
    portfolio = plan(dt.date(2024, 1, 8), 1, 18)
    on_shown = Capacity(blackouts=[Blackout(id="b", start=dt.date(2024, 1, 31), finish=dt.date(2024, 1, 31))])
    moved = level(portfolio, on_shown).levelled["s0.cutover"].start
    assert moved == dt.date(2024, 2, 2)  # the next boundary, held there by SNET: shown on its own day
    on_boundary = Capacity(blackouts=[Blackout(id="b", start=dt.date(2024, 2, 1), finish=dt.date(2024, 2, 1))])
    assert level(portfolio, on_boundary).levelled["s0.cutover"].start == dt.date(2024, 1, 31)


def test_a_pin_holds_the_shown_day() -> None:
    """Pinned from 1 February, the cutover whose CPM day is 31 January is shown on or after 1 February."""
    portfolio = plan(dt.date(2024, 1, 8), 1, 18)
    result = level(portfolio, Capacity(pins=[Pin(service="s0", start=dt.date(2024, 2, 1))]))
    assert result.base["s0.cutover"].start == dt.date(2024, 1, 31)
    assert result.levelled["s0.cutover"].start == dt.date(2024, 2, 2)
    assert result.diagnostics == ()


def fix_up_case() -> tuple[Portfolio, Capacity]:
    """A cutover shown in the morning of 1 February (SS from x, lag 18) that levelling would turn into an evening one.

    y (16 days) ends on 29 January, two days before the cutover's boundary;
    the team must do z (on the driving path, 8-9 January) first, so y ends on
    31 January: its finish now reaches the cutover's boundary and, left
    alone, the cutover would be shown on the evening of 31 January, in the
    month of s1's cutover.
    """
    acts = [Activity(id="x", duration=Duration(1)), Activity(id="y", duration=Duration(16)),
            Activity(id="z", duration=Duration(2)), Activity(id="w", duration=Duration(30)),
            Activity(id="s0.cutover", kind=ActivityKind.CUTOVER, service="s0", migration="s0.m"),
            Activity(id="s1.cutover", kind=ActivityKind.CUTOVER, service="s1", migration="s1.m")]
    relations = [Relation(predecessor="x", successor="s0.cutover", type=RelationType.SS, lag=Duration(18)),
                 Relation(predecessor="y", successor="s0.cutover"), Relation(predecessor="z", successor="w")]
    portfolio = Portfolio(
        settings=PortfolioSettings(start=dt.date(2024, 1, 8), calendar="standard"),
        platforms=[Platform(id="lpc", name="LPC")], services=[Service(id="s0", name="S0"), Service(id="s1", name="S1")],
        migrations=[Migration(id=f"s{k}.m", service=f"s{k}", target="lpc") for k in (0, 1)],
        activities=acts, relations=relations)
    capacity = attrs.evolve(ONE_A_MONTH, teams=[Team(id="t", size=1)],
                            demand=[Demand(activities="[yz]", team="t", amount=1)])
    return portfolio, capacity


def test_a_cutover_the_levelled_logic_would_show_a_day_earlier_is_held_on_its_booked_day() -> None:
    portfolio, capacity = fix_up_case()
    result = level(portfolio, capacity)
    assert result.base["s0.cutover"].start == dt.date(2024, 2, 1)
    assert result.levelled["y"].finish == dt.date(2024, 1, 31)
    assert result.levelled["s0.cutover"].start == dt.date(2024, 2, 1)
    assert result.levelled["s1.cutover"].start == dt.date(2024, 1, 8)
    assert overloads(portfolio, capacity, result.levelled, tolerance=0.0) == ()
    assert "s0.cutover" not in result.delays  # it is not later than in the CPM plan
    # the premise: without the hold, the levelled logic shows it on 31 January, January's second cutover
    held = result.portfolio.activities["s0.cutover"]
    assert held.constraint is not None
    assert held.constraint.date == dt.date(2024, 2, 1)
    loose = attrs.evolve(result.portfolio, activities={**result.portfolio.activities,
                                                       "s0.cutover": attrs.evolve(held, constraint=None)})
    assert schedule(loose)["s0.cutover"].start == dt.date(2024, 1, 31)


@st.composite
def networks(draw: st.DrawFn) -> tuple[Portfolio, Capacity]:
    """Tasks and milestone or one-day cutovers near a month's end: FS and SS, lags, a team, blackouts, freeze windows."""
    start = dt.date(2024, 1, 8) + dt.timedelta(days=draw(st.integers(0, 27)))
    count = draw(st.integers(2, 6))
    services = [Service(id=f"s{k}", name=f"S{k}") for k in range(count)]
    migrations = [Migration(id=f"s{k}.m", service=f"s{k}", target="lpc") for k in range(count)]
    acts = [Activity(id=f"s{k}.cutover", kind=ActivityKind.CUTOVER, service=f"s{k}", migration=f"s{k}.m",
                     duration=Duration(draw(st.sampled_from([0, 0, 1])))) for k in range(count)]
    tasks = draw(st.integers(1, 5))
    acts += [Activity(id=f"t{k}", duration=Duration(draw(st.integers(1, 25)))) for k in range(tasks)]
    relations = [Relation(predecessor=f"t{i}", successor=f"s{j}.cutover",
                          type=draw(st.sampled_from([RelationType.FS, RelationType.FS, RelationType.SS])),
                          lag=Duration(draw(st.integers(0, 20))))
                 for j in range(count) for i in draw(st.sets(st.integers(0, tasks - 1), max_size=2))]
    relations += [Relation(predecessor=f"t{i}", successor=f"t{j}") for j in range(1, tasks)
                  for i in draw(st.sets(st.integers(0, j - 1), max_size=1))]
    blackouts = [Blackout(id=f"b{k}", start=(first := start + dt.timedelta(days=draw(st.integers(0, 60)))),
                          finish=first + dt.timedelta(days=draw(st.integers(0, 3))))
                 for k in range(draw(st.integers(0, 2)))]
    windows = [FreezeWindow(id=f"f{k}", start=(first := start + dt.timedelta(days=draw(st.integers(0, 60)))),
                            finish=first + dt.timedelta(days=draw(st.integers(0, 6))),
                            platforms=draw(st.sampled_from([[], ["lpc"], ["odc"]])),
                            services=draw(st.sampled_from([[], ["s0"], ["s1", "s2"]])))
               for k in range(draw(st.integers(0, 2)))]
    capacity = Capacity(teams=[Team(id="team", size=1)], blackouts=blackouts,
                        demand=[Demand(activities="t*", team="team", amount=1)],
                        platforms=[PlatformLimit(platform="lpc", per_month=draw(st.integers(1, 2)))])
    portfolio = Portfolio(settings=PortfolioSettings(start=start, calendar="standard"),
                          platforms=[Platform(id="lpc", name="LPC"), Platform(id="odc", name="ODC")],
                          services=services, migrations=migrations, activities=acts, relations=relations,
                          freeze_windows=windows)
    return portfolio, capacity


def in_blackout(portfolio: Portfolio, capacity: Capacity, levelled: Schedule) -> list[str]:
    """The cutovers whose counted day lies in a blackout."""
    return [a.id for a in portfolio.activities.values() if a.kind is ActivityKind.CUTOVER
            for b in capacity.blackouts if b.start <= counted_day(levelled[a.id]) <= b.finish]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_levelling_never_exceeds_a_limit_as_the_rule_counts_it(instance: tuple[Portfolio, Capacity]) -> None:
    """Whatever the network, the levelled plan has no cutover over a limit, as counted by the rule, nor in a blackout
    or (as the freeze-windows rule sees it) a freeze window."""
    portfolio, capacity = instance
    levelled = level(portfolio, capacity).levelled
    assert overloads(portfolio, capacity, levelled, tolerance=0.0) == ()
    assert rule_months(portfolio, capacity, levelled) == []
    assert in_blackout(portfolio, capacity, levelled) == []
    assert freeze_findings(portfolio, levelled) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_cp_sat_counts_the_same_day(instance: tuple[Portfolio, Capacity]) -> None:
    pytest.importorskip("ortools")
    from portfolio.capacity.exact import level_exact  # noqa: PLC0415 - the level extra

    portfolio, capacity = instance
    exact = level_exact(portfolio, capacity, time_limit=20)
    assert overloads(portfolio, capacity, exact.result.levelled, tolerance=0.0) == ()
    assert in_blackout(portfolio, capacity, exact.result.levelled) == []
    assert freeze_findings(portfolio, exact.result.levelled) == []
    assert exact.objective <= exact.heuristic


def test_cp_sat_keeps_the_month_end_cutover_in_its_shown_month() -> None:
    pytest.importorskip("ortools")
    from portfolio.capacity.exact import level_exact  # noqa: PLC0415 - the level extra

    portfolio, shown, _ = CASES["month end"]
    exact = level_exact(portfolio, ONE_A_MONTH, target="s2.cutover")
    levelled = exact.result.levelled
    assert levelled["s2.cutover"].start == shown
    assert overloads(portfolio, ONE_A_MONTH, levelled, tolerance=0.0) == ()
    assert sorted(levelled[f"s{k}.cutover"].start.month for k in range(3)) == [1, 2, 3]


def freeze_findings(portfolio: Portfolio, plan: Schedule) -> list[str]:
    """The cutovers the ``freeze-windows`` rule of ``portfolio check`` finds in a freeze window in ``plan``."""
    from portfolio.rules.acict import freeze_windows  # noqa: PLC0415 - the rule the levelled plan must pass

    return [f.subject or "" for f in evaluate(portfolio, plan, [freeze_windows]).findings]


def frozen(window: FreezeWindow, *, duration: int = 0, source: str | None = None) -> Portfolio:
    """One cutover of s0 onto lpc (its migration's target, not its own platform), on 8 January, and ``window``."""
    p = plan(dt.date(2024, 1, 8), 1, 1)
    acts = {**p.activities, "s0.cutover": attrs.evolve(p.activities["s0.cutover"], duration=Duration(duration))}
    del acts["s0.prep"]
    migrations = [attrs.evolve(m, source_platform=source) for m in p.migrations.values()]
    platforms = [*p.platforms.values(), *([Platform(id=source, name=source)] if source else [])]
    return attrs.evolve(p, activities=acts, relations=[], migrations=migrations, platforms=platforms,
                        freeze_windows=[window])


@pytest.mark.parametrize(("window", "duration", "source", "after"), [
    # a window on the landing platform, which the cutover reaches through its migration: to 1 February
    (FreezeWindow(id="f", start=dt.date(2024, 1, 1), finish=dt.date(2024, 1, 31), platforms=["lpc"]), 0, None,
     dt.date(2024, 2, 1)),
    # a window on the platform it leaves
    (FreezeWindow(id="f", start=dt.date(2024, 1, 1), finish=dt.date(2024, 1, 12), platforms=["easi"]), 1, "easi",
     dt.date(2024, 1, 15)),
    # a three-day cutover may not start on the 9th either: it would still run on the 10th, the window's first day
    (FreezeWindow(id="f", start=dt.date(2024, 1, 10), finish=dt.date(2024, 1, 12), services=["s0"]), 3, None,
     dt.date(2024, 1, 15)),
])
def test_levelling_keeps_cutovers_out_of_freeze_windows_as_the_rule_sees_them(
        window: FreezeWindow, duration: int, source: str | None, after: dt.date) -> None:
    portfolio = frozen(window, duration=duration, source=source)
    result = level(portfolio, Capacity())
    assert freeze_findings(portfolio, result.base) == ["s0.cutover"]  # the CPM plan has it in the window
    assert result.levelled["s0.cutover"].start == after
    assert freeze_findings(portfolio, result.levelled) == []


def test_a_freeze_window_on_another_platform_or_service_holds_nothing() -> None:
    for window in (FreezeWindow(id="f", start=dt.date(2024, 1, 1), finish=dt.date(2024, 1, 31), platforms=["odc"]),
                   FreezeWindow(id="f", start=dt.date(2024, 1, 1), finish=dt.date(2024, 1, 31), services=["s9"])):
        portfolio = frozen(window, duration=1)
        assert level(portfolio, Capacity()).levelled["s0.cutover"].start == dt.date(2024, 1, 8)
