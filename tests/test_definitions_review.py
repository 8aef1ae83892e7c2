"""A reviewer's pass: every schedule figure of the guide's definitions, on small plans counted by hand.

Each case is derived on paper from /work/shared/guide/scheduling.md (and docs/scheduling.md where the
guide leaves the choice to us); the derivation is in the test's docstring or beside the case. Unless a
case says otherwise the calendar is ``standard`` (Monday to Friday, no holidays) and the project starts
on Monday 1 January 2024. Working days of January 2024 and their boundaries (``k`` is the moment
before working day ``k``)::

    Mon 1 .. Fri 5    0 .. 4        Mon 22 .. Fri 26   15 .. 19
    Mon 8 .. Fri 12   5 .. 9        Mon 29 .. Wed 31   20 .. 22
    Mon 15 .. Fri 19  10 .. 14
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from portfolio.model import (
    Activity,
    ActivityProgress,
    Baseline,
    BaselineEntry,
    CalendarSpec,
    Constraint,
    ConstraintType,
    Duration,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
    StatusUpdate,
)
from portfolio.scheduling import Schedule, schedule
from portfolio.slippage import variance
from test_rules_acict import GOOD

D = dt.date
START = D(2024, 1, 1)  # a Monday


def plan(acts: dict[str, Activity | int], relations: list[tuple[str, str, str, Duration | int]] = (),  # type: ignore[assignment]
         calendar: str = "standard", start: dt.date = START, **changes: Any) -> Portfolio:
    """Activities ``{id: Activity or working days}`` and relations ``(pred, succ, type, lag)``."""
    made = [a if isinstance(a, Activity) else Activity(id=i, duration=Duration(a)) for i, a in acts.items()]
    rels = [Relation(predecessor=p, successor=s, type=RelationType(t), lag=lag if isinstance(lag, Duration)
                     else Duration(lag)) for p, s, t, lag in relations]
    return Portfolio(settings=PortfolioSettings(start=start, calendar=calendar), activities=made, relations=rels,
                     **changes)


def status(portfolio: Portfolio, date: dt.date, **progress: dict[str, Any]) -> Portfolio:
    """The portfolio with one status update on ``date`` holding ``progress`` per activity."""
    update = StatusUpdate(date=date, progress={k: ActivityProgress(activity=k, **v) for k, v in progress.items()})
    return attrs.evolve(portfolio, status_updates=[update])


def figures(result: Schedule, ident: str) -> tuple[Any, ...]:
    """(start, finish, late start, late finish, total float, free float, critical) of one activity."""
    a = result[ident]
    return (a.start, a.finish, a.late_start, a.late_finish, a.total_float, a.free_float, a.critical)


def with_constraint(ident: str, days: int, kind: str, date: dt.date) -> Activity:
    """An activity of ``days`` working days with one constraint."""
    return Activity(id=ident, duration=Duration(days), constraint=Constraint(type=ConstraintType(kind), date=date))


# --- free float where a bound is rounded over non-working days (the defect this review fixed) ----


def test_free_float_of_an_elapsed_start_lag_ending_on_a_weekend() -> None:
    """A (5d) SS+5ed B (2d): A may start two days late without moving B.

    Forward: A starts Mon 1 Jan; 5 calendar days from that morning end Sat 6 Jan, so B starts on the
    first working morning after, Mon 8 Jan. Slipping A to Wed 3 Jan: Wed + 5 = Mon 8 Jan, B still Mon 8;
    to Thu 4 Jan: Tue 9 Jan, B moves. Free float (guide: how far A can slip without delaying any
    successor) = 2 working days, which is also A's total float (LS = Wed 3 Jan, LF = Tue 9 Jan, the
    project finish). Before the fix the free float was 0 (the relation's gap was read off B's rounded
    start), so A showed 2 days of total float and no free float with B as its only successor.
    """
    result = schedule(plan({"a": 5, "b": 2}, [("a", "b", "SS", Duration(5, elapsed=True))]))
    assert (D(2024, 1, 1), D(2024, 1, 5), D(2024, 1, 3), D(2024, 1, 9), 2, 2, False) == figures(result, "a")
    assert ("a",) == result["b"].driving


def test_free_float_of_an_elapsed_finish_lag_is_not_the_gap() -> None:
    """A (5d) FS+2ed B (2d), C (7d) FS B, Z (20d) alone: A cannot slip at all without moving B.

    C ends Tue 9 Jan, so B starts Wed 10 Jan. A ends Fri 5 Jan: evening + 2 calendar days = Sun 7 Jan,
    bound Mon 8 Jan: two working days short of B's start. But slipping A by one day (ends Mon 8 Jan,
    + 2 = Wed 10 Jan evening) moves B to Thu 11 Jan, so A's free float is 0. Total float 11 (Z sets
    the finish Fri 26 Jan; B may finish then, start Thu 25; A may end Mon 22 + 2 = Wed 24 evening).
    Before the fix the free float was 2: the gap Mon 8 → Wed 10 counted as slack a weekend had eaten.
    """
    result = schedule(plan({"a": 5, "c": 7, "b": 2, "z": 20},
                           [("a", "b", "FS", Duration(2, elapsed=True)), ("c", "b", "FS", 0)]))
    assert (11, 0) == (result["a"].total_float, result["a"].free_float)
    assert (D(2024, 1, 10), 11, 11) == (result["b"].start, result["b"].total_float, result["b"].free_float)


def test_free_float_across_calendars() -> None:
    """P (5d, Monday-Saturday calendar) FS S (2d, standard), Z (20d): P may slip into its Saturday.

    P ends Fri 5 Jan; its next working day is Sat 6 Jan, which S does not work, so S starts Mon 8 Jan.
    P ending on Sat 6 Jan still lets S start Mon 8 Jan: free float 1 (of P's calendar). Total float
    16: S may start Thu 25 Jan, so P may end Wed 24 Jan, 16 Monday-Saturday days after Fri 5 Jan
    (Sat 6, 8-13, 15-20, 22-24). Before the fix the free float was 0.
    """
    six = CalendarSpec(id="six", base="none", workweek=(0, 1, 2, 3, 4, 5))
    p = Activity(id="p", duration=Duration(5), calendar="six")
    result = schedule(plan({"p": p, "s": 2, "z": 20}, [("p", "s", "FS", 0)], calendars=[six]))
    assert (D(2024, 1, 5), D(2024, 1, 24), 16, 1) == (result["p"].finish, result["p"].late_finish,
                                                       result["p"].total_float, result["p"].free_float)
    assert D(2024, 1, 8) == result["s"].start


# --- relations with leads --------------------------------------------------------------------


def test_sf_with_a_lead() -> None:
    """A (5d) SF-2 B (3d): EF(B) >= ES(A) - 2 = -2, clamped to the project start.

    B Mon 1 - Wed 3 Jan; the finish is A's, Fri 5 Jan (boundary 5). B has no successor: LF = 5, LS =
    2, total float 2 = free float. A: its late start is bound by LS(A) <= LF(B) - L = 7 and by the project
    finish (LS 0), total float 0; its free float, gap ES(A) -> EF(B) = 3 less the lag -2 = 5, is capped at
    its total float 0. The relation is not driving (gap 3 is not the lag -2).
    """
    result = schedule(plan({"a": 5, "b": 3}, [("a", "b", "SF", -2)]))
    assert (D(2024, 1, 1), D(2024, 1, 5), D(2024, 1, 1), D(2024, 1, 5), 0, 0, True) == figures(result, "a")
    assert (D(2024, 1, 1), D(2024, 1, 3), D(2024, 1, 3), D(2024, 1, 5), 2, 2, False) == figures(result, "b")
    assert () == result["b"].driving


def test_ff_with_a_lead_is_driving() -> None:
    """A (5d) FF-2 B (3d): EF(B) >= 5 - 2 = 3, so B runs Mon 1 - Wed 3 Jan with the relation binding.

    The gap EF(A) -> EF(B) = 3 - 5 = -2 equals the lag: the relation drives B. B: LF 5, total float 2.
    """
    result = schedule(plan({"a": 5, "b": 3}, [("a", "b", "FF", -2)]))
    assert (D(2024, 1, 1), D(2024, 1, 3), 2, 2, False) == (*figures(result, "b")[:2], *figures(result, "b")[4:])
    assert ("a",) == result["b"].driving


def test_ss_with_a_lead() -> None:
    """A (5d) FS C (2d) SS-2 B (3d): C starts Mon 8 Jan (5), B at 5 - 2 = 3, Thu 4 - Mon 8 Jan.

    The finish is C's, Tue 9 Jan (7). B: LF 7, LS 4, total float 1. C: an SS successor bounds only its late
    start (LS(C) <= LS(B) + 2 = 6); its late finish is the project finish 7, LS 5: float 0, critical.
    """
    result = schedule(plan({"a": 5, "c": 2, "b": 3}, [("a", "c", "FS", 0), ("c", "b", "SS", -2)]))
    assert (D(2024, 1, 4), D(2024, 1, 8), D(2024, 1, 5), D(2024, 1, 9), 1, 1, False) == figures(result, "b")
    assert (0, True, ("c",)) == (result["c"].total_float, result["c"].critical, result["b"].driving)


# --- constraints and deadlines: A (5d) FS B ---------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "date", "b_days", "a_figures", "b_figures"),
    [
        # MFO Fri 5 Jan: B fixed Mon 1 - Fri 5 (relations do not move it); A must end by LS(B) = 0: LS -5
        ("MFO", D(2024, 1, 5), 5, (D(2024, 1, 1), D(2024, 1, 5), D(2023, 12, 25), D(2023, 12, 29), -5, 0, True),
         (D(2024, 1, 1), D(2024, 1, 5), D(2024, 1, 1), D(2024, 1, 5), 0, 0, True)),
        # FNLT Fri 5 Jan: B stays Mon 8 - Fri 12, its late finish capped at 5: float 5 - 10 = -5, A too
        ("FNLT", D(2024, 1, 5), 5, (D(2024, 1, 1), D(2024, 1, 5), D(2023, 12, 25), D(2023, 12, 29), -5, 0, True),
         (D(2024, 1, 8), D(2024, 1, 12), D(2024, 1, 1), D(2024, 1, 5), -5, 0, True)),
        # SNLT Wed 3 Jan (2): B's late start capped at 2, ES 5: float -3
        ("SNLT", D(2024, 1, 3), 5, (D(2024, 1, 1), D(2024, 1, 5), D(2023, 12, 27), D(2024, 1, 2), -3, 0, True),
         (D(2024, 1, 8), D(2024, 1, 12), D(2024, 1, 3), D(2024, 1, 9), -3, 0, True)),
        # MSO Wed 10 Jan (7): B 7..12; A may end at 7: float 2, free float 2 (gap 5 -> 7)
        ("MSO", D(2024, 1, 10), 5, (D(2024, 1, 1), D(2024, 1, 5), D(2024, 1, 3), D(2024, 1, 9), 2, 2, False),
         (D(2024, 1, 10), D(2024, 1, 16), D(2024, 1, 10), D(2024, 1, 16), 0, 0, True)),
        # MSO Wed 3 Jan (2), before A can finish: B held at 2..7, A's LF 2: float -3
        ("MSO", D(2024, 1, 3), 5, (D(2024, 1, 1), D(2024, 1, 5), D(2023, 12, 27), D(2024, 1, 2), -3, 0, True),
         (D(2024, 1, 3), D(2024, 1, 9), D(2024, 1, 3), D(2024, 1, 9), 0, 0, True)),
        # SNET Wed 10 Jan pushes B to 7; no effect on late dates (B ends the project: float 0)
        ("SNET", D(2024, 1, 10), 5, (D(2024, 1, 1), D(2024, 1, 5), D(2024, 1, 3), D(2024, 1, 9), 2, 2, False),
         (D(2024, 1, 10), D(2024, 1, 16), D(2024, 1, 10), D(2024, 1, 16), 0, 0, True)),
        # FNET Fri 12 Jan on a 3-day B: EF >= 10, ES 7 (Wed 10 - Fri 12)
        ("FNET", D(2024, 1, 12), 3, (D(2024, 1, 1), D(2024, 1, 5), D(2024, 1, 3), D(2024, 1, 9), 2, 2, False),
         (D(2024, 1, 10), D(2024, 1, 12), D(2024, 1, 10), D(2024, 1, 12), 0, 0, True)),
    ],
)
def test_constraints(kind: str, date: dt.date, b_days: int, a_figures: tuple[Any, ...],
                     b_figures: tuple[Any, ...]) -> None:
    """Each constraint of the guide on the successor of a 5-day task; hard ones that cannot be met give negative float."""
    result = schedule(plan({"a": 5, "b": with_constraint("b", b_days, kind, date)}, [("a", "b", "FS", 0)]))
    assert a_figures == figures(result, "a")
    assert b_figures == figures(result, "b")
    warned = [d.code for d in result.diagnostics]
    assert (["negative-float"] if b_figures[4] < 0 or a_figures[4] < 0 else []) == warned


def test_deadline_never_moves_the_activity() -> None:
    """A (5d) FS B (5d, deadline Wed 10 Jan = boundary 8): B stays Mon 8 - Fri 12, its LF is capped at 8.

    Total float 8 - 10 = -2 on B and A, and a negative-float warning naming the deadline.
    """
    b = Activity(id="b", duration=Duration(5), deadline=D(2024, 1, 10))
    result = schedule(plan({"a": 5, "b": b}, [("a", "b", "FS", 0)]))
    assert (D(2024, 1, 8), D(2024, 1, 12), D(2024, 1, 4), D(2024, 1, 10), -2, 0, True) == figures(result, "b")
    assert -2 == result["a"].total_float
    assert ["negative-float"] == [d.code for d in result.diagnostics]
    assert "deadline 2024-01-10" in result.diagnostics[0].message


def test_critical_threshold() -> None:
    """A (5d) and B (3d) in parallel: B has 2 days of float; with a threshold of 2 it is critical too."""
    p = plan({"a": 5, "b": 3})
    assert ["a"] == [r.id for r in schedule(p).critical()]
    assert ["a", "b"] == [r.id for r in schedule(p, critical_float=2).critical()]


# --- progress at a status date ---------------------------------------------------------------


def test_status_date_on_a_saturday() -> None:
    """Status date Sat 6 Jan, nothing started: remaining work starts on the next working day, Mon 8 Jan."""
    result = schedule(status(plan({"a": 3}), D(2024, 1, 6)))
    assert (D(2024, 1, 8), D(2024, 1, 10)) == (result["a"].start, result["a"].finish)


def test_status_date_on_a_holiday() -> None:
    """Rijk calendar, status date Christmas Day Mon 25 Dec 2023: Boxing Day is closed too, so unstarted
    work starts Wed 27 Dec; a 2-day task ends Thu 28 Dec."""
    result = schedule(status(plan({"c": 2}, calendar="rijk", start=D(2023, 12, 18)), D(2023, 12, 25)))
    assert (D(2023, 12, 27), D(2023, 12, 28)) == (result["c"].start, result["c"].finish)


def test_finished_predecessor_keeps_its_lag() -> None:
    """P (8d) finished Wed 10 Jan, FS+5 S (2d), status Fri 12 Jan: S waits for P's actual finish plus the lag.

    Boundary after Wed 10 Jan = Thu 11 Jan; + 5 working days = Thu 18 Jan (later than Mon 15, the day
    after the status date). P is finished: floats 0, not critical. S drives from P.
    """
    p = status(plan({"p": 8, "s": 2}, [("p", "s", "FS", 5)]), D(2024, 1, 12),
               p={"actual_start": D(2024, 1, 1), "actual_finish": D(2024, 1, 10)})
    result = schedule(p)
    assert (D(2024, 1, 1), D(2024, 1, 10), 0, 0, False) == (*figures(result, "p")[:2], *figures(result, "p")[4:])
    assert (D(2024, 1, 18), D(2024, 1, 19), ("p",)) == (result["s"].start, result["s"].finish, result["s"].driving)


def test_out_of_sequence_progress_keeps_retained_logic() -> None:
    """P (10d) FS S (4d); status Fri 5 Jan: P started Mon 1 Jan with 5 days left, S started Wed 3 Jan with 2 left.

    Retained logic (the guide's P6 default): P's remaining 5 days run Mon 8 - Fri 12 Jan; S keeps its actual
    start Wed 3 Jan, and its remaining 2 days wait for P: Mon 15 - Tue 16 Jan.
    """
    p = status(plan({"p": 10, "s": 4}, [("p", "s", "FS", 0)]), D(2024, 1, 5),
               p={"actual_start": D(2024, 1, 1), "remaining": Duration(5)},
               s={"actual_start": D(2024, 1, 3), "remaining": Duration(2)})
    result = schedule(p)
    assert (D(2024, 1, 1), D(2024, 1, 12)) == (result["p"].start, result["p"].finish)
    assert (D(2024, 1, 3), D(2024, 1, 16), 2) == (result["s"].start, result["s"].finish, result["s"].remaining)


def test_percent_complete_sets_the_remaining_duration() -> None:
    """10d started Mon 1 Jan, 30 % done on Fri 5 Jan: round(10 x 0.7) = 7 days from Mon 8 Jan, to Tue 16 Jan."""
    result = schedule(status(plan({"a": 10}), D(2024, 1, 5), a={"actual_start": D(2024, 1, 1), "percent_complete": 30}))
    assert (D(2024, 1, 1), D(2024, 1, 16), 7) == (result["a"].start, result["a"].finish, result["a"].remaining)


# --- elapsed time, milestones, calendars -----------------------------------------------------


@pytest.mark.parametrize(
    ("rtype", "days", "b_start"),
    [
        ("FS", 3, D(2024, 1, 9)),  # Fri 5 evening + 3 days = Mon 8 evening: Tue 9
        ("FS", 2, D(2024, 1, 8)),  # Fri 5 evening + 2 = Sun 7 evening: Mon 8
        ("SS", 3, D(2024, 1, 4)),  # Mon 1 morning + 3 = Thu 4 morning
        ("SS", 5, D(2024, 1, 8)),  # Mon 1 morning + 5 = Sat 6: Mon 8
    ],
)
def test_elapsed_lags(rtype: str, days: int, b_start: dt.date) -> None:
    """A (5d, Mon 1 - Fri 5 Jan) and B (2d) with an elapsed lag: calendar days from the guide's moment."""
    result = schedule(plan({"a": 5, "b": 2}, [("a", "b", rtype, Duration(days, elapsed=True))]))
    assert b_start == result["b"].start


def test_elapsed_duration() -> None:
    """10ed from Mon 1 Jan 08:00 ends Thu 11 Jan 08:00: last working day Wed 10 Jan, successor Thu 11 Jan."""
    a = Activity(id="a", duration=Duration(10, elapsed=True))
    result = schedule(plan({"a": a, "b": 1}, [("a", "b", "FS", 0)]))
    assert (D(2024, 1, 10), D(2024, 1, 11)) == (result["a"].finish, result["b"].start)


def test_milestones() -> None:
    """A (5d) FS M (0d) FS B (2d): M is shown on Fri 5 Jan (the day A finishes), B starts Mon 8 Jan.

    A kick-off milestone K at the project start is shown on Mon 1 Jan, and its successor starts that day.
    """
    result = schedule(plan({"k": 0, "a": 5, "m": 0, "b": 2}, [("k", "a", "FS", 0), ("a", "m", "FS", 0),
                                                              ("m", "b", "FS", 0)]))
    assert (D(2024, 1, 1), D(2024, 1, 1)) == (result["k"].start, result["a"].start)
    assert (D(2024, 1, 5), D(2024, 1, 5), D(2024, 1, 8)) == (result["m"].start, result["m"].finish,
                                                             result["b"].start)
    assert ("m",) == result["b"].driving


@pytest.mark.parametrize(("calendar", "finish"), [("rijk", D(2024, 4, 3)), ("nl", D(2024, 4, 2)),
                                                  ("standard", D(2024, 4, 1))])
def test_good_friday_and_easter_monday(calendar: str, finish: dt.date) -> None:
    """3 days from Thu 28 Mar 2024: rijk closes Good Friday 29 Mar and Easter Monday 1 Apr (28 Mar, 2, 3 Apr);
    nl works Good Friday (28, 29 Mar, 2 Apr); standard has no holidays (28, 29 Mar, 1 Apr)."""
    a = with_constraint("a", 3, "SNET", D(2024, 3, 28))
    assert finish == schedule(plan({"a": a}, calendar=calendar, start=D(2024, 3, 25)))["a"].finish


# --- the command agrees with the library -----------------------------------------------------


def test_cli_schedule_matches_the_library(tmp_path: Path) -> None:
    """The SS+5ed case through `portfolio schedule --format json`: the same dates and floats."""
    (tmp_path / "plan.yaml").write_text(
        "portfolio: {start: 2024-01-01, calendar: standard}\n"
        "activities:\n"
        "  - {id: a, duration: 5d}\n"
        "  - {id: b, duration: 2d, after: [a SS+5ed]}\n",
        encoding="utf-8",
    )
    out = subprocess.run([sys.executable, "-m", "portfolio", "schedule", str(tmp_path / "plan.yaml"),
                          "--format", "json"], capture_output=True, text=True, check=False,
                         env={"PORTFOLIO_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""})
    assert 0 == out.returncode, out.stderr
    rows = {r["id"]: r for r in json.loads(out.stdout)["activities"]}
    assert ("2024-01-03", "2024-01-09", 2, 2) == (rows["a"]["late_start"], rows["a"]["late_finish"],
                                                  rows["a"]["total_float"], rows["a"]["free_float"])
    assert ("2024-01-08", ["a"]) == (rows["b"]["start"], rows["b"]["driving"])


# --- the AC ICT rules through `portfolio check` ----------------------------------------------

#: One service moving from EASI to LPC, tested, decided, with a way back; scheduled (status date Wed 10 Jan):
#: lpc.build 11-24 Jan, lpc.ready and svc.cutover on Wed 24 Jan, easi.exit on Wed 24 Jan.
PLAN = GOOD + """\
assignments:
  - id: opd-1
    title: Move
    client: BZK
    contractor: Logius
    status: running
    key_milestones: [svc.cutover]
"""
STATUS = "status:\n  date: 2024-01-10\n  availability: {svc: 99.8}\n  assignments:\n    opd-1: {rag: green}\n"
BASELINE = ("baseline:\n  name: plan\n  captured: 2024-01-05\n  current: true\n  activities:\n"
            "    svc.cutover: {start: 2024-01-10, finish: 2024-01-10}\n")


def check(tmp_path: Path, *extra: str, plan_text: str = PLAN, status_text: str = STATUS,
          files: dict[str, str] | None = None) -> list[tuple[str, str | None, str, int, bool, str | None]]:
    """Write the portfolio folder, run `portfolio check --rules acict --format json` (plus ``extra``).

    Returns (code, subject, file, line, waived, note) of every finding.
    """
    folder = tmp_path / "p"
    folder.mkdir()
    texts = {"plan.yaml": plan_text, "status.yaml": status_text, "baseline.yaml": BASELINE, **(files or {})}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "portfolio", "check", str(folder), "--rules", "acict",
                          "--format", "json", *extra], capture_output=True, text=True, check=False,
                         env={"PORTFOLIO_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""})
    assert out.returncode in (0, 1), out.stderr
    rows = [r for r in json.loads(out.stdout) if r.get("kind") == "finding" or r["code"] == "unused-waiver"]
    return [(r["code"], r.get("subject"), Path(r["file"]).name, r["line"], r.get("waived", False), r.get("note")) for r in rows]


def test_the_plan_keeps_every_rule(tmp_path: Path) -> None:
    """The cutover (Wed 24 Jan) is 10 working days after its baseline (Wed 10 Jan): within the tolerance."""
    assert [] == check(tmp_path)


def test_no_false_green_just_beyond_the_tolerance(tmp_path: Path) -> None:
    """Baseline Tue 9 Jan: the forecast Wed 24 Jan is 11 working days late, beyond 10: an error at the
    assignment's line of the status update (status.yaml line 5)."""
    (tmp_path / "b").mkdir()
    late = BASELINE.replace("2024-01-10", "2024-01-09")
    assert [("no-false-green", "opd-1", "status.yaml", 5, False, None)] == check(tmp_path, files={"baseline.yaml": late})


@pytest.mark.parametrize(
    ("accepted", "expires", "waived", "note"),
    [
        ("2024-01-02", "2024-01-10", True, None),  # expires on the status date: still accepted that day
        ("2024-01-02", "2024-01-09", False, "expired on 2024-01-09"),  # the day after expiry: back
        ("2024-01-11", "2024-03-31", False, "accepted only on 2024-01-11"),  # accepted after the status date
    ],
)
def test_waiver_acceptance_and_expiry(tmp_path: Path, accepted: str, expires: str, waived: bool,
                                      note: str | None) -> None:
    """A waiver of the no-false-green finding, judged on the status date Wed 10 Jan (docs/rules.md)."""
    rules = (f"waivers:\n  - rule: no-false-green\n    subject: opd-1\n    reason: accepted\n"
             f"    accepted_by: board\n    accepted: {accepted}\n    expires: {expires}\n")
    late = BASELINE.replace("2024-01-10", "2024-01-09")
    [(code, subject, _, _, is_waived, found_note)] = check(tmp_path, files={"baseline.yaml": late, "rules.yaml": rules})
    assert ("no-false-green", "opd-1", waived) == (code, subject, is_waived)
    assert (note is None) == (found_note is None)
    assert (note or "") in (found_note or "")


def test_waiver_scope_is_its_subject(tmp_path: Path) -> None:
    """A waiver for another (declared) subject accepts nothing: the finding stays and the waiver is unused.

    (A waiver naming an undeclared subject is a load error, unknown-ref, with a "did you mean".)
    """
    rules = ("waivers:\n  - rule: no-false-green\n    subject: svc\n    reason: r\n    accepted_by: b\n"
             "    expires: 2024-03-31\n")
    late = BASELINE.replace("2024-01-10", "2024-01-09")
    codes = [(c, s, w) for c, s, _, _, w, _ in check(tmp_path, files={"baseline.yaml": late, "rules.yaml": rules})]
    assert ("no-false-green", "opd-1", False) in codes
    assert "unused-waiver" in [c for c, _, _ in codes]


@pytest.mark.parametrize(("reported", "found"), [("99.8", []), ("99.79", [("availability-norm", "svc")])])
def test_availability_norm_is_met_at_the_norm(tmp_path: Path, reported: str, found: list[tuple[str, str]]) -> None:
    """'Op of boven de norm': 99.8 % meets the 99.8 % norm; 99.79 % does not (a warning)."""
    status_text = STATUS.replace("{svc: 99.8}", f"{{svc: {reported}}}")
    assert found == [(c, s) for c, s, *_ in check(tmp_path, status_text=status_text)]


@pytest.mark.parametrize(
    ("window", "found"),
    [
        (("2024-01-15", "2024-01-24"), [("freeze-windows", "svc.cutover")]),  # ends on the cutover day
        (("2024-01-24", "2024-01-31"), [("freeze-windows", "svc.cutover")]),  # starts on it
        (("2024-01-15", "2024-01-23"), []),  # ends the day before
    ],
)
def test_freeze_window_edges(tmp_path: Path, window: tuple[str, str], found: list[tuple[str, str]]) -> None:
    """A cutover on Wed 24 Jan is inside a window that ends or starts that day, not one ending the day before."""
    text = PLAN + f"freeze_windows:\n  - {{id: f, from: {window[0]}, to: {window[1]}}}\n"
    assert found == [(c, s) for c, s, *_ in check(tmp_path, plan_text=text)]


@pytest.mark.parametrize(("contract_end", "found"), [("2024-01-24", []), ("2024-01-23", [("source-exit-last", "easi")])])
def test_source_exit_before_contract_end(tmp_path: Path, contract_end: str, found: list[tuple[str, str]]) -> None:
    """EASI's exit is on Wed 24 Jan: a contract that ends that day is kept; one ending the day before is not."""
    text = PLAN.replace("contract_end: 2024-12-31", f"contract_end: {contract_end}")
    assert found == [(c, s) for c, s, *_ in check(tmp_path, plan_text=text)]


def _line(text: str, marker: str) -> int:
    """The number of the first line of ``text`` that holds ``marker`` (from 1)."""
    return next(number for number, line in enumerate(text.splitlines(), 1) if marker in line)


def test_rules_broken_one_at_a_time(tmp_path: Path) -> None:
    """Each edit breaks exactly one rule, found with its code at the subject's line of plan.yaml."""
    cases = {
        # no go/no-go before the cutover (found at the cutover's line)
        "rehearsal-and-fallback": (PLAN.replace("after: [go, lpc.ready]", "after: [test, lpc.ready]"), "svc.cutover",
                                   "{id: cutover"),
        # dated after readiness but not waiting for it through a relation
        "target-ready": (PLAN.replace("after: [go, lpc.ready]", "after: [go FS+3d]"), "svc.cutover", "{id: cutover"),
        # a running assignment without a contractor (at the assignment's line)
        "assignment-governance": (PLAN.replace("    contractor: Logius\n", ""), "opd-1", "id: opd-1"),
        # a second service without any migration plan (at its line)
        "plan-per-service": (PLAN.replace("assignments:", "  - {id: other, name: Other, platform: easi}\n"
                                          "assignments:"), "other", "{id: other"),
    }
    for code, (text, subject, marker) in cases.items():
        (tmp_path / code).mkdir()
        found = check(tmp_path / code, plan_text=text)
        assert [(code, subject, "plan.yaml")] == [(c, s, f) for c, s, f, *_ in found], code
        assert _line(text, marker) == found[0][3], code


def test_replan_without_a_capture_date_is_judged(tmp_path: Path) -> None:
    """Two baselines, the later declared one undated, moving the cutover without `replaces` or a reason.

    The guide: "a changed baseline date carries a recorded reason". Before the fix a baseline without
    `captured` was never compared, so this edit of the plan passed silently.
    """
    undated = ("baseline:\n  name: plan2\n  activities:\n"
               "    svc.cutover: {start: 2024-01-12, finish: 2024-01-12}\n")
    first = BASELINE.replace("  captured: 2024-01-05\n  current: true\n", "")
    found = check(tmp_path, files={"baseline.yaml": first, "baseline2.yaml": undated})
    assert [("replan-recorded", "plan2", "baseline2.yaml", 2)] == [f[:4] for f in found]


def test_start_and_finish_variance_over_christmas() -> None:
    """Rijk calendar. A (3d, SNET Thu 21 Dec 2023) runs Thu 21, Fri 22, Wed 27 Dec (25 and 26 closed);
    baseline Wed 20 - Fri 22 Dec. Start variance: 1 working day, 1 calendar day; finish variance: 1 working
    day (Wed 27 is the working day after Fri 22), 5 calendar days (MS Project's Start/Finish Variance)."""
    entry = BaselineEntry(activity="a", start=D(2023, 12, 20), finish=D(2023, 12, 22))
    baseline = Baseline(name="plan", current=True, entries={"a": entry})
    p = plan({"a": with_constraint("a", 3, "SNET", D(2023, 12, 21))}, calendar="rijk", start=D(2023, 12, 18),
             baselines=[baseline])
    [v] = variance(p, schedule(p), baseline).activities
    assert (D(2023, 12, 27), 1, 1, 1, 5) == (v.finish, v.start_variance, v.finish_variance, v.start_variance_days,
                                             v.finish_variance_days)


def _cutovers_onto_lpc(gap: int) -> str:
    """PLAN plus two services cutting over onto LPC: s0 with svc (Wed 24 Jan), s1 ``gap`` working days after."""
    extra = ""
    for i, lag in enumerate(("", f" FS+{gap}d")):
        extra += (f"  - id: s{i}\n    name: S{i}\n    platform: easi\n    migrations:\n      - id: m\n"
                  "        source: easi\n        target: lpc\n        approach: rehost\n        fallback: back\n        activities:\n"
                  "          - {id: t, kind: test-migration, after: [svc.go]}\n"
                  "          - {id: go, kind: go-no-go, after: [t]}\n"
                  f"          - {{id: cutover, kind: cutover, after: [go, svc.cutover{lag}]}}\n")
    return PLAN.replace("assignments:", extra + "assignments:").replace(
        "after: [svc.cutover]}", "after: [svc.cutover, s0.cutover, s1.cutover]}")


@pytest.mark.parametrize(("gap", "found"), [(9, [("phased-not-big-bang", "s1.cutover")]), (10, [])])
def test_phased_window_edge(tmp_path: Path, gap: int, found: list[tuple[str, str]]) -> None:
    """Three cutovers onto LPC, two on Wed 24 Jan and one after svc's FS+gap: with FS+9d it is on Tue 6 Feb, so
    Wed 24 Jan - Tue 6 Feb is a window of exactly 10 working days holding 3 (> 2): a warning; with FS+10d
    (Wed 7 Feb) no 10 working days hold more than 2."""
    assert found == [(c, s) for c, s, *_ in check(tmp_path, plan_text=_cutovers_onto_lpc(gap))]


def test_longest_path_is_shorter_than_the_critical_set() -> None:
    """A (5d) FS B (5d, FNLT Fri 5 Jan) and C (8d) FS E (6d): the guide's 'offer both'.

    B cannot finish by Fri 5 Jan (forecast Fri 12 Jan): A and B get -5 days of float, critical. C and E set
    the project finish (C ends Wed 10 Jan, E Thu 11 - Thu 18 Jan) with float 0, critical too. The longest path
    to the finish (P6) is C, E only; the path to B is A, B.
    """
    p = plan({"a": 5, "b": with_constraint("b", 5, "FNLT", D(2024, 1, 5)), "c": 8, "e": 6},
             [("a", "b", "FS", 0), ("c", "e", "FS", 0)])
    result = schedule(p)
    assert ["a", "b", "c", "e"] == [r.id for r in result.critical()]
    assert (["c", "e"], ["a", "b"]) == ([r.id for r in result.driving_path()], [r.id for r in result.driving_path("b")])
    assert (D(2024, 1, 18), -5, 0) == (result.finish, result["a"].total_float, result["e"].total_float)


def test_actual_after_the_status_date_is_reported(tmp_path: Path) -> None:
    """The guide: an actual date after the status date is invalid and reported. Status Wed 10 Jan, actual start
    Fri 12 Jan: `portfolio check` fails with actual-after-status-date at the progress line (status.yaml:4)."""
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (folder / "status.yaml").write_text(STATUS.replace("  availability:", "  activities:\n"
                                                       "    svc.prep: {actual_start: 2024-01-12}\n  availability:"),
                                        encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "portfolio", "check", str(folder), "--format", "json"],
                         capture_output=True, text=True, check=False,
                         env={"PORTFOLIO_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""})
    assert 1 == out.returncode
    found = [(r["code"], Path(r["file"]).name, r["line"]) for r in json.loads(out.stdout)]
    assert ("actual-after-status-date", "status.yaml", 4) in found
