"""Pins to a wave: not before its first day, not after its last (``until``), and a located warning when impossible."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.calendar import builtin
from portfolio.capacity import Capacity, Demand, Pin, PlatformLimit, Team, level, overloads
from portfolio.cli import main
from portfolio.diagnostics import CODES, Severity
from portfolio.io import load
from portfolio.model import (
    Activity,
    ActivityKind,
    Duration,
    Migration,
    Platform,
    Portfolio,
    PortfolioSettings,
    Relation,
    Service,
    Source,
)

START = dt.date(2024, 1, 8)
MARCH = (dt.date(2024, 3, 1), dt.date(2024, 3, 31))


def cutovers(count: int, *, prep: int = 0) -> Portfolio:
    """``count`` services, each with one cutover onto lpc; with ``prep``, s0's cutover waits for that many days."""
    services = [Service(id=f"s{k}", name=f"S{k}") for k in range(count)]
    migrations = [Migration(id=f"s{k}.m", service=f"s{k}", target="lpc") for k in range(count)]
    acts = [Activity(id=f"s{k}.cutover", kind=ActivityKind.CUTOVER, service=f"s{k}", migration=f"s{k}.m")
            for k in range(count)]
    relations = []
    if prep:
        acts.append(Activity(id="s0.prep", service="s0", migration="s0.m", duration=Duration(prep)))
        relations.append(Relation(predecessor="s0.prep", successor="s0.cutover"))
    return Portfolio(settings=PortfolioSettings(start=START, calendar="standard"),
                     platforms=[Platform(id="lpc", name="LPC")], services=services, migrations=migrations,
                     activities=acts, relations=relations)


ONE_A_MONTH = PlatformLimit(platform="lpc", per_month=1)


def test_a_window_that_fits_holds_the_cutover() -> None:
    """Five cutovers, one a month: unpinned, s4 comes fifth (May); pinned to March, it is placed in March first."""
    p = cutovers(5)
    free = level(p, Capacity(platforms=[ONE_A_MONTH]))
    assert free.levelled["s4.cutover"].start.month == 5
    result = level(p, Capacity(platforms=[ONE_A_MONTH], pins=[Pin(service="s4", start=MARCH[0], until=MARCH[1])]))
    assert result.levelled["s4.cutover"].start == dt.date(2024, 3, 1)
    assert sorted(result.levelled[f"s{k}.cutover"].start.month for k in range(5)) == [1, 2, 3, 4, 5]
    assert [d for d in result.diagnostics if d.code == "capacity-pin-missed"] == []


def test_a_pin_without_until_only_says_not_before() -> None:
    p = cutovers(2)
    result = level(p, Capacity(pins=[Pin(service="s1", start=MARCH[0])]))
    assert result.levelled["s1.cutover"].start == dt.date(2024, 3, 1)
    assert result.diagnostics == ()


def test_capacity_that_leaves_no_room_in_the_window_is_a_located_warning() -> None:
    """Two services pinned to January on a platform that takes one a month: the second cannot make it."""
    where = Source("capacity.yaml", 12, 7)
    pins = [Pin(service="s0", start=dt.date(2024, 1, 1), until=dt.date(2024, 1, 31)),
            Pin(service="s1", start=dt.date(2024, 1, 1), until=dt.date(2024, 1, 31), source=where)]
    result = level(cutovers(2), Capacity(platforms=[ONE_A_MONTH], pins=pins))
    assert result.levelled["s0.cutover"].start == START
    assert result.levelled["s1.cutover"].start == dt.date(2024, 2, 1)  # where the capacity allows it
    (missed,) = [d for d in result.diagnostics if d.code == "capacity-pin-missed"]
    assert (missed.source, missed.subject, missed.severity) == (where, "s1.cutover", Severity.WARNING)
    assert "can start only on 2024-02-01" in missed.message
    assert "onboarding limits" in missed.message
    assert missed.hint == ("pin it to a later wave ('until: 2024-02-01' or later), or give the teams more FTE in the "
                           "window ('portfolio level' shows the load)")
    assert CODES[missed.code].severity is Severity.WARNING


def test_logic_that_makes_the_window_impossible_says_so() -> None:
    """s0's cutover waits for 40 working days of preparation: it cannot be in January whatever the capacity."""
    pin = Pin(service="s0", start=dt.date(2024, 1, 1), until=dt.date(2024, 1, 31))
    result = level(cutovers(1, prep=40), Capacity(pins=[pin]))
    (missed,) = result.diagnostics
    assert missed.code == "capacity-pin-missed"
    assert "(logic)" in missed.message
    assert "--path-to s0.cutover" in (missed.hint or "")
    assert result.levelled["s0.cutover"].start == result.base["s0.cutover"].start  # logic is never broken


PLAN = """\
portfolio: {start: 2024-01-08, calendar: standard}
platforms:
  - {id: lpc, name: LPC}
services:
  - id: s0
    name: S0
    migrations:
      - id: m
        target: lpc
        activities:
          - {id: cutover, kind: cutover}
  - id: s1
    name: S1
    migrations:
      - id: m
        target: lpc
        activities:
          - {id: cutover, kind: cutover}
capacity:
  platforms:
    - {platform: lpc, cutovers_per_month: 1}
  pins:
    - {service: s0, from: 2024-01-01, until: 2024-01-31}
    - {service: s1, from: 2024-01-01, until: 2024-01-31}
"""


def test_portfolio_level_prints_the_warning_at_the_pin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    assert load(tmp_path, cache=False).portfolio.capacity.pins[1].until == dt.date(2024, 1, 31)
    assert 0 == main(["level", str(tmp_path), "--lang", "en"])
    out, err = capsys.readouterr()
    assert f"{tmp_path / 'plan.yaml'}:24:7: warning[capacity-pin-missed]: service 's1' is pinned" in err
    assert "s1.cutover" in out


def test_a_pin_that_ends_before_it_starts_is_a_bad_value(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN.replace("until: 2024-01-31}\n", "until: 2023-12-31}\n", 1),
                                        encoding="utf-8")
    (found,) = load(tmp_path, cache=False).diagnostics
    assert (found.code, found.source.line if found.source else 0) == ("capacity-bad-value", 23)
    assert found.hint == "swap 'from' and 'until'"


@st.composite
def pinned(draw: st.DrawFn) -> tuple[Portfolio, Capacity]:
    """Services whose cutovers wait for a prep task, a platform limit, a team and random pins (some with ``until``)."""
    count = draw(st.integers(1, 6))
    p = cutovers(count)
    # milestone cutovers (shown the evening before their start boundary after a prep) and one-day ones
    acts = [attrs.evolve(a, duration=Duration(draw(st.integers(0, 1)))) for a in p.activities.values()]
    relations = []
    for k in range(count):
        if draw(st.booleans()):
            acts.append(Activity(id=f"s{k}.prep", service=f"s{k}", migration=f"s{k}.m",
                                 duration=Duration(draw(st.integers(1, 30)))))
            relations.append(Relation(predecessor=f"s{k}.prep", successor=f"s{k}.cutover",
                                      lag=Duration(draw(st.integers(0, 3)))))
    pins = []
    for k in draw(st.sets(st.integers(0, count - 1))):
        first = START + dt.timedelta(days=draw(st.integers(0, 120)))
        until = first + dt.timedelta(days=draw(st.integers(0, 60))) if draw(st.booleans()) else None
        pins.append(Pin(service=f"s{k}", start=first, until=until))
    team = Team(id="t", size=draw(st.integers(1, 2)))
    demand = [Demand(activities="*.prep", team="t", amount=1)]
    capacity = Capacity(teams=[team], demand=demand, pins=pins,
                        platforms=[PlatformLimit(platform="lpc", per_month=draw(st.integers(1, 2)))])
    return attrs.evolve(p, activities=acts, relations=relations), capacity


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pinned())
def test_pins_never_break_logic_or_capacity_and_a_missed_window_is_said(instance: tuple[Portfolio, Capacity]) -> None:
    """Whatever the pins ask, the levelled plan keeps logic and capacity; a cutover is never before its pin's
    first day, and one after its pin's last day has a capacity-pin-missed warning naming it."""
    portfolio, capacity = instance
    result = level(portfolio, capacity)
    plan = result.levelled
    cal = builtin("standard")
    for rel in portfolio.relations:  # prep -> cutover, finish-to-start with a lag (a milestone: maybe the evening before)
        after = cal.index(plan[rel.successor].start) + (1 if plan[rel.successor].milestone else 0)
        assert after >= cal.finish_index(plan[rel.predecessor].finish) + rel.lag.days
    assert overloads(portfolio, capacity, plan, tolerance=0.0) == ()
    missed = {d.subject for d in result.diagnostics if d.code == "capacity-pin-missed"}
    for pin in capacity.pins:
        start = plan[f"{pin.service}.cutover"].start
        assert start >= pin.start
        if pin.until is not None and start > pin.until:
            assert f"{pin.service}.cutover" in missed


def test_a_cutover_right_after_its_prep_counts_in_the_month_it_is_shown() -> None:
    """s2's prep ends on 31 January; its cutover shows that day, so it takes January's slot (once a bug: February's)."""
    p = cutovers(3)
    acts = [*p.activities.values(), Activity(id="s2.prep", service="s2", migration="s2.m", duration=Duration(18))]
    p = attrs.evolve(p, activities=acts, relations=[Relation(predecessor="s2.prep", successor="s2.cutover")])
    capacity = Capacity(platforms=[ONE_A_MONTH])
    plan = level(p, capacity).levelled
    assert plan["s2.cutover"].start == dt.date(2024, 1, 31)
    assert overloads(p, capacity, plan, tolerance=0.0) == ()


def test_cp_sat_holds_a_window_the_scheme_holds() -> None:
    """Minimising s0's cutover alone would give s0 January and s1 February; s1's pin to January holds it there."""
    pytest.importorskip("ortools")
    from portfolio.capacity.exact import level_exact  # noqa: PLC0415 - the level extra

    pin = Pin(service="s1", start=dt.date(2024, 1, 1), until=dt.date(2024, 1, 31))
    exact = level_exact(cutovers(2), Capacity(platforms=[ONE_A_MONTH], pins=[pin]), target="s0.cutover")
    plan = exact.result.levelled
    assert (plan["s1.cutover"].start, plan["s0.cutover"].start) == (START, dt.date(2024, 2, 1))
    assert exact.result.diagnostics == ()
    assert exact.status == "optimal"


def test_cp_sat_holds_a_window_on_the_day_a_cutover_is_shown() -> None:
    """s1's cutover is shown on 31 January, the last day of its window, though its boundary is 1 February.

    (A long task keeps the search's horizon far enough for s1 to be moved out of January, were it not pinned.)
    """
    pytest.importorskip("ortools")
    from portfolio.capacity.exact import level_exact  # noqa: PLC0415 - the level extra

    p = cutovers(2)
    acts = [*p.activities.values(), Activity(id="s1.prep", service="s1", migration="s1.m", duration=Duration(18)),
            Activity(id="tail", duration=Duration(60))]
    p = attrs.evolve(p, activities=acts, relations=[Relation(predecessor="s1.prep", successor="s1.cutover")])
    pin = Pin(service="s1", start=dt.date(2024, 1, 1), until=dt.date(2024, 1, 31))
    exact = level_exact(p, Capacity(platforms=[ONE_A_MONTH], pins=[pin]), target="s0.cutover")
    plan = exact.result.levelled
    assert (plan["s1.cutover"].start, plan["s0.cutover"].start) == (dt.date(2024, 1, 31), dt.date(2024, 2, 1))
    assert exact.result.diagnostics == ()


def test_cp_sat_leaves_a_window_no_plan_can_hold_to_the_warning() -> None:
    """Two services pinned to January on a platform that takes one a month: still solved, with the warning."""
    pytest.importorskip("ortools")
    from portfolio.capacity.exact import level_exact  # noqa: PLC0415 - the level extra

    pins = [Pin(service=f"s{k}", start=dt.date(2024, 1, 1), until=dt.date(2024, 1, 31)) for k in (0, 1)]
    exact = level_exact(cutovers(2), Capacity(platforms=[ONE_A_MONTH], pins=pins))
    assert exact.status == "optimal"
    assert [d.code for d in exact.result.diagnostics] == ["capacity-pin-missed"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pinned())
def test_cp_sat_holds_every_window_the_scheme_holds(instance: tuple[Portfolio, Capacity]) -> None:
    """CP-SAT keeps logic and capacity, never starts before a pin, and misses no window the scheme met.

    It minimises s0's cutover alone, which would gladly push the others out of their windows.
    """
    pytest.importorskip("ortools")
    from portfolio.capacity.exact import level_exact  # noqa: PLC0415 - the level extra

    portfolio, capacity = instance
    exact = level_exact(portfolio, capacity, target="s0.cutover", time_limit=20)
    plan = exact.result.levelled
    assert overloads(portfolio, capacity, plan, tolerance=0.0) == ()
    assert exact.objective <= exact.heuristic
    assert exact.status == "optimal"
    missed = {d.subject for d in exact.result.diagnostics if d.code == "capacity-pin-missed"}
    scheme_missed = {d.subject for d in level(portfolio, capacity).diagnostics if d.code == "capacity-pin-missed"}
    assert missed <= scheme_missed
    for pin in capacity.pins:
        start = plan[f"{pin.service}.cutover"].start
        assert start >= pin.start
        assert (pin.until is not None and start > pin.until) == (f"{pin.service}.cutover" in missed)
