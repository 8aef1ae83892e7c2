"""What-ifs that say what they did: the account of each scenario, what they refuse, work in progress, rewiring.

Dates are counted by hand on the ``standard`` calendar (Monday to Friday, no
holidays) from Monday 8 January 2024, and on ``rijk`` for the example.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from portfolio.io import load
from portfolio.model import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Duration,
    Migration,
    Platform,
    Portfolio,
    PortfolioSettings,
    Relation,
    StatusUpdate,
)
from portfolio.scheduling import schedule
from portfolio.whatif import (
    Account,
    Change,
    Scenario,
    ScenarioError,
    UnknownIdError,
    change_duration,
    choose_platform,
    compare,
    delay,
    plan_removal,
    remove_service,
)
from test_language import DUTCH, ENGLISH, foreign_words

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"
day = dt.date


@pytest.fixture(scope="module")
def example() -> Portfolio:
    """The shipped example, loaded once."""
    return load(EXAMPLE).portfolio


FRIDAY = dt.date(2024, 1, 12)


def chain(progress: ActivityProgress | None = None, status: dt.date = FRIDAY) -> Portfolio:
    """build (10 days) -> decide -> live (5 days) from Monday 8 January 2024, with build's progress if given."""
    p = Portfolio(
        settings=PortfolioSettings(start=day(2024, 1, 8), calendar="standard"),
        activities=[
            Activity(id="build", duration=Duration(10)),
            Activity(id="decide", kind=ActivityKind.DECISION),
            Activity(id="live", duration=Duration(5)),
        ],
        relations=[Relation(predecessor="build", successor="decide"), Relation(predecessor="decide", successor="live")],
    )
    if progress is None:
        return p
    return attrs.evolve(p, status_updates=[StatusUpdate(date=status, progress={"build": progress})])


def lines(scenario: Scenario, lang: str = "en") -> list[str]:
    return scenario.text(lang).splitlines()


def test_a_scenario_unpacks_into_the_portfolio_and_its_account():
    """``new, account = delay(...)``: the portfolio and the typed changes; str() is the account."""
    result = delay(chain(), "build", "1w")
    new, account = result
    assert new is result.portfolio
    assert isinstance(account, Account)
    # build starts Monday 8 January; a week (5 working days) later is Monday 15 January
    assert [Change(record="activity", id="build", action="changed", field="constraint", before="—",
                   after="SNET 2024-01-15")] == list(account)
    assert "activity build: constraint — → SNET 2024-01-15" == str(result)
    assert "activiteit build: datumbeperking — → SNET 2024-01-15" == result.text("nl")


def test_scenarios_chain_and_the_account_grows():
    """A scenario function takes a Scenario: both changes are in the portfolio and in the account, in order."""
    both = change_duration(delay(chain(), "build", 5), "live", 10)
    assert ("SNET", Duration(10)) == (both.portfolio.activities["build"].constraint.type.value,
                                      both.portfolio.activities["live"].duration)
    assert ["activity build: constraint — → SNET 2024-01-15", "activity live: duration 5d → 10d"] == lines(both)
    # build 15-26 January, decide on the 26th, live 29 January to 9 February (10 working days)
    assert day(2024, 2, 9) == schedule(both.portfolio)["live"].finish


@pytest.mark.parametrize("by", ["-2w", -1, Duration(-3, elapsed=True)])
def test_a_negative_delay_is_refused_with_a_hint(by):
    """A delay is later: a negative one is a ScenarioError (a ValueError) that says how to bring work forward."""
    with pytest.raises(ScenarioError, match="a delay is later, not earlier") as raised:
        delay(chain(), "build", by)
    assert isinstance(raised.value, ValueError)
    assert "change_duration" in raised.value.hint


def test_a_delay_of_nought_changes_no_date_and_compare_says_why():
    """0 is allowed (a sweep starts there): the decision gets an FNET at its own date, and nothing moves."""
    p = chain()
    zero = delay(p, "decide", 0)
    assert ["activity decide: constraint — → FNET 2024-01-19"] == lines(zero)
    result = compare(schedule(p), schedule(zero.portfolio), portfolio=p, scenario=zero)
    assert () == result.moved
    assert ("nothing moved: decide kept their dates: a constraint or other predecessors hold them"
            == result.why() == result.summary().splitlines()[-1])


@pytest.mark.parametrize(("call", "what", "wrong", "suggestion"), [
    (lambda p: delay(p, "digipoort.landing-decison", "3mo"), "activity", "digipoort.landing-decison",
     "digipoort.landing-decision"),
    (lambda p: change_duration(p, "digipoort.prod-evn", "6mo"), "activity", "digipoort.prod-evn",
     "digipoort.prod-env"),
    (lambda p: choose_platform(p, "digipoort.rebuilt", "lpc"), "migration", "digipoort.rebuilt", "digipoort.rebuild"),
    (lambda p: choose_platform(p, "digipoort.rebuild", "lcp"), "platform", "lcp", "lpc"),
    (lambda p: remove_service(p, "digiport"), "service", "digiport", "digipoort"),
    (lambda p: plan_removal(p, "digiport"), "service", "digiport", "digipoort"),
])
def test_an_unknown_id_is_a_typed_error_with_the_closest_ids(example, call, what, wrong, suggestion):
    """UnknownIdError (a KeyError too) names what was looked for, and the closest ids first."""
    with pytest.raises(UnknownIdError) as raised:
        call(example)
    error = raised.value
    assert isinstance(error, KeyError)
    assert (what, wrong, suggestion) == (error.what, error.id, error.suggestions[0])
    assert str(error).startswith(f"no {what} {wrong!r}; did you mean {suggestion!r}")


def test_an_unknown_id_with_nothing_close_says_so():
    """No suggestion: the message is just what is missing (not the quoted repr a bare KeyError gives)."""
    with pytest.raises(UnknownIdError) as raised:
        delay(chain(), "zzz", 5)
    assert ((), "no activity 'zzz'") == (raised.value.suggestions, str(raised.value))


def test_work_in_progress_changes_its_remaining_work():
    """The status update's remaining work governs: a duration 5 days longer makes it 5 days more, and the finish moves.

    build started Monday 8 January, 5 days left on Friday 12 January: it
    finishes Friday 19 January (15-19). 15 days instead of 10: 10 days left,
    15-26 January; live follows on 29 January to Friday 2 February.
    """
    p = chain(ActivityProgress(activity="build", actual_start=day(2024, 1, 8), remaining=Duration(5)))
    assert day(2024, 1, 19) == schedule(p)["build"].finish
    only_duration = attrs.evolve(p, activities={**p.activities, "build": attrs.evolve(p.activities["build"],
                                                                                      duration=Duration(15))})
    assert day(2024, 1, 19) == schedule(only_duration)["build"].finish  # the issue: the duration alone moves nothing
    longer = change_duration(p, "build", 15)
    assert ["activity build: duration 10d → 15d", "progress of build (2024-01-12): remaining work 5d → 10d"] == (
        lines(longer))
    after = schedule(longer.portfolio)
    assert (day(2024, 1, 26), day(2024, 2, 2)) == (after["build"].finish, after["live"].finish)
    assert p.status_updates[0].progress["build"].remaining == Duration(5)  # the original is untouched
    shorter = change_duration(p, "build", 3)  # 7 days shorter: the 5 days left become 0, never fewer
    assert "progress of build (2024-01-12): remaining work 5d → 0d" == lines(shorter)[-1]


def test_the_examples_digid_plan_takes_six_months():
    """digid.plan has 20 working days left on 29 December 2023; 120 days instead of 80 leave 60.

    On ``rijk`` (1 January a holiday) 20 working days from Tuesday 2 January
    end on Monday 29 January; 60 end on Monday 25 March 2024 (22 in January,
    21 in February, 17 in March).
    """
    p = load(EXAMPLE).portfolio
    status = day(2023, 12, 29)
    longer = change_duration(p, "digid.plan", "6mo")
    assert "progress of digid.plan (2023-12-29): remaining work 20d → 60d" in lines(longer)
    assert (day(2024, 1, 29), day(2024, 3, 25)) == (schedule(p, status_date=status)["digid.plan"].finish,
                                                   schedule(longer.portfolio, status_date=status)["digid.plan"].finish)


def test_remaining_work_from_percent_complete_follows_the_duration_and_the_account_says_so():
    """50 % done: round(10 × 0.5) = 5 days left, round(20 × 0.5) = 10 with the new duration (15-26 January)."""
    p = chain(ActivityProgress(activity="build", actual_start=day(2024, 1, 8), percent_complete=50.0))
    longer = change_duration(p, "build", 20)
    assert ["activity build: duration 10d → 20d",
            "activity build is in progress on 2024-01-12: its remaining work follows from the new duration"] == (
        lines(longer))
    assert (day(2024, 1, 19), day(2024, 1, 26)) == (schedule(p)["build"].finish,
                                                   schedule(longer.portfolio)["build"].finish)


def test_finished_work_keeps_its_dates_and_the_comparison_says_why():
    """A finished activity's duration changes, the account and the comparison say its actual dates govern."""
    p = chain(ActivityProgress(activity="build", actual_start=day(2024, 1, 8), actual_finish=day(2024, 1, 19)),
              status=day(2024, 1, 22))
    longer = change_duration(p, "build", 20)
    note = "activity build finished on 2024-01-19: its actual dates govern, so the new duration moves nothing"
    assert note == lines(longer)[-1]
    result = compare(schedule(p), schedule(longer.portfolio), portfolio=p, scenario=longer)
    assert (0, f"nothing moved: {note}") == (len(result.moved), result.why())
    assert result.why("nl").startswith("er is niets verschoven: activiteit build is afgerond op 2024-01-19")


def test_identical_schedules_are_explained_and_a_move_needs_no_explanation():
    """The same dates and floats: the change did not reach the schedule; when something moved, why() is empty."""
    p = chain()
    same = compare(schedule(p), schedule(p))
    assert same.why() == (
        "nothing moved: the two schedules have the same dates and floats: the change does not reach the schedule"
    )
    moved = compare(schedule(p), schedule(change_duration(p, "build", 11).portfolio))
    assert ("", ()) == (moved.why(), moved.reasons)


def platforms() -> Portfolio:
    """Migration m from old to new: each platform's build makes it ready; m.prep, then the cutover on old.

    old.build 8-12 January (old.ready Friday 12), new.build 8-10 (new.ready
    Wednesday 10); m.prep 8-19 January; the cutover (1 day) Monday 22, after
    m.prep and old.ready; m.off (1 day, on the source platform) follows it. A
    link from old's build into m.prep (start to start), too.
    """
    return Portfolio(
        settings=PortfolioSettings(start=day(2024, 1, 8), calendar="standard"),
        platforms=[Platform(id="old", name="Old", ready="old.ready"), Platform(id="new", name="New", ready="new.ready"),
                   Platform(id="bare", name="Bare")],
        migrations=[Migration(id="m", service="s", source_platform="src", target="old")],
        activities=[
            Activity(id="old.build", duration=Duration(5), platform="old"),
            Activity(id="old.ready", kind=ActivityKind.MILESTONE, platform="old"),
            Activity(id="new.build", duration=Duration(3), platform="new"),
            Activity(id="new.ready", kind=ActivityKind.MILESTONE, platform="new"),
            Activity(id="m.prep", duration=Duration(10), migration="m"),
            Activity(id="m.cutover", duration=Duration(1), kind=ActivityKind.CUTOVER, migration="m", platform="old"),
            Activity(id="m.off", duration=Duration(1), migration="m", platform="src"),
        ],
        relations=[
            Relation(predecessor="old.build", successor="old.ready"),
            Relation(predecessor="new.build", successor="new.ready"),
            Relation(predecessor="old.build", successor="m.prep", type="SS"),
            Relation(predecessor="m.prep", successor="m.cutover"),
            Relation(predecessor="old.ready", successor="m.cutover"),
            Relation(predecessor="m.cutover", successor="m.off"),
        ],
    )


def test_choose_platform_rewires_every_link_from_the_old_platform():
    """The cutover moves to the new platform; the links from old's ready milestone and old's build come from new's."""
    p = platforms()
    chosen = choose_platform(p, "m", "new")
    assert [
        "migration m: target old → new",
        "activity m.cutover: platform old → new",
        "relation old.build -> m.prep: predecessor old.build → new.ready",
        "relation old.ready -> m.cutover: predecessor old.ready → new.ready",
    ] == lines(chosen)
    into = {(r.predecessor, r.successor) for r in chosen.portfolio.relations if r.successor.startswith("m.")}
    assert {("new.ready", "m.prep"), ("new.ready", "m.cutover"), ("m.prep", "m.cutover"), ("m.cutover", "m.off")} == (
        into)
    assert "src" == chosen.portfolio.activities["m.off"].platform  # the source platform's work stays


def test_choose_platform_when_nothing_moves_says_which_float_took_it_up():
    """The cutover already waits for m.prep (Friday 19 January), later than new.ready (Wednesday 10): nothing moves.

    new.ready's float: to the portfolio's finish (m.off, Tuesday 23
    January) it had 9 working days (11, 12, 15-19, 22, 23); waiting for the
    cutover (late start Monday 22, so a late finish on Friday 19) it has 7.
    old.ready, no longer waited for, goes from 5 (15-19) to 7 (15-19, 22, 23).
    """
    p = attrs.evolve(platforms(), relations=[r for r in platforms().relations if r.successor != "m.prep"])
    chosen = choose_platform(p, "m", "new")
    result = compare(schedule(p), schedule(chosen.portfolio), portfolio=p, scenario=chosen)
    assert () == result.moved
    assert ((9, 7), (5, 7)) == ((result["new.ready"].total_float_before, result["new.ready"].total_float_after),
                                (result["old.ready"].total_float_before, result["old.ready"].total_float_after))
    assert result.why().startswith("nothing moved: the float of ")
    assert "new.ready 9 → 7" in result.why()


def test_choose_platform_refuses_nothing_but_says_what_it_did_not_do():
    """The target it already has: nothing changes; a platform without a ready milestone: its links are dropped."""
    p = platforms()
    same = choose_platform(p, "m", "old")
    assert same.portfolio is p
    assert ["migration m already lands on old: nothing to change"] == lines(same)
    bare = choose_platform(p, "m", "bare")
    assert "relations removed: old.build -> m.prep, old.ready -> m.cutover" in lines(bare)
    assert "platform bare names no ready milestone: the cutovers wait for nothing on it" == lines(bare)[-1]
    assert not any(r.predecessor == "old.ready" for r in bare.portfolio.relations)


def test_choose_platform_for_the_open_digipoort_decision(example):
    """Taking Digipoort's open decision for LPC: the candidates go, the cutover lands on LPC and waits for it."""
    chosen = choose_platform(example, "digipoort.rebuild", "lpc")
    assert [
        "migration digipoort.rebuild: target — → lpc",
        "migration digipoort.rebuild: candidates lpc, picard, public-cloud → —",
        "activity digipoort.cutover: platform — → lpc",
        "relation lpc.ready -> digipoort.cutover added",
    ] == lines(chosen)
    assert "lpc" == chosen.portfolio.activities["digipoort.cutover"].platform


def test_a_platform_outside_the_candidates_is_noted():
    """Choosing a platform that was not a candidate is allowed (a new option) and the account says so."""
    p = attrs.evolve(platforms(), migrations=[Migration(id="m", service="s", candidates=("old",), decision=None)])
    assert "new was not one of the candidates (old)" in lines(choose_platform(p, "m", "new"))


def test_remove_service_accounts_for_every_record(example):
    """The account names the service, its migration, its activities in one line, and the links cut."""
    removal = remove_service(example, "digipoort")
    text = lines(removal)
    assert ["service digipoort removed", "migration digipoort.rebuild removed"] == text[:2]
    assert text[2].startswith("activities removed: digipoort.build, ")
    assert "digipoort.easi-off -> easi.exit" in text[3]
    assert removal.changes.changes == plan_removal(example, "digipoort").changes.changes


@pytest.mark.parametrize("make", [
    lambda p: delay(p, "digipoort.landing-decision", "3mo"),
    lambda p: delay(p, "digipoort.landing-decision", "3mo", via="lag"),
    lambda p: change_duration(p, "digid.plan", "6mo"),
    lambda p: change_duration(p, "pkioverheid.prep", "3mo"),
    lambda p: choose_platform(p, "digipoort.rebuild", "lpc"),
    lambda p: choose_platform(p, "stelseldiensten.to-picard", "lpc"),
    lambda p: remove_service(p, "digipoort"),
])
def test_accounts_speak_one_language_each(example, make):
    """The Dutch account has no English words, the English one no Dutch ones (ids aside)."""
    result = make(example)
    assert [] == foreign_words(result.text("nl"), ENGLISH, [])
    assert [] == foreign_words(result.text("en"), DUTCH, [])


def test_the_comparisons_page_says_why_nothing_moved():
    """The notebook display of a comparison where nothing moved carries the reason."""
    p = chain()
    assert "the change does not reach the schedule" in compare(schedule(p), schedule(p))._repr_html_()
    assert "why" not in compare(schedule(p), schedule(change_duration(p, "build", 11).portfolio))._repr_html_()
