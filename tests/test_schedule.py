"""Tests for portfolio.scheduling on small hand-computed networks (textbook CPM)."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from portfolio.calendar import builtin
from portfolio.model import (
    Activity,
    ActivityProgress,
    Assignment,
    CalendarSpec,
    Constraint,
    ConstraintType,
    Duration,
    Migration,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
    Source,
    StatusUpdate,
)
from portfolio.scheduling import Progress, schedule

START = dt.date(2024, 1, 1)  # a Monday; the standard calendar has no holidays
STD = builtin("standard")
BASE = STD.index(START)


def day(k: int) -> dt.date:
    """The working day ``k`` days after the start on the standard calendar."""
    return STD.date(BASE + k)


def make(durations, relations=(), calendar="standard", **changes) -> Portfolio:
    """A portfolio of activities ``{id: duration}`` and relations ``(pred, succ, type, lag)``."""
    acts = []
    for ident, value in durations.items():
        acts.append(value if isinstance(value, Activity) else Activity(id=ident, duration=Duration(value)))
    rels = [Relation(predecessor=p, successor=s, type=RelationType(t), lag=lag if isinstance(lag, Duration)
                     else Duration(lag)) for p, s, t, lag in relations]
    return Portfolio(settings=PortfolioSettings(start=START, calendar=calendar), activities=acts,
                     relations=rels, **changes)


def bounds(result, ident):
    """(ES, EF, LS, LF) of a task as working-day boundaries from the start."""
    a = result[ident]
    return (STD.index(a.early_start) - BASE, STD.finish_index(a.early_finish) - BASE,
            STD.index(a.late_start) - BASE, STD.finish_index(a.late_finish) - BASE)


# --- relation types and lags ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rtype", "lag", "expected_b"),
    [
        ("FS", 0, (3, 7, 3, 7)),
        ("FS", 2, (5, 9, 5, 9)),
        ("FS", -2, (1, 5, 1, 5)),
        ("SS", 2, (2, 6, 2, 6)),
        ("SS", -1, (0, 4, 0, 4)),  # a lead before the project start is clamped to it
        ("FF", 1, (0, 4, 0, 4)),  # EF(B) >= 3 + 1 = 4
        ("FF", 3, (2, 6, 2, 6)),
        ("SF", 6, (2, 6, 2, 6)),  # EF(B) >= ES(A) + 6
        ("SF", 0, (0, 4, 0, 4)),  # EF(B) >= 0: clamped to the start
    ],
)
def test_relation_types_and_lags(rtype, lag, expected_b):
    """A 3-day task A and a 4-day task B linked by each relation type give the textbook early dates."""
    result = schedule(make({"a": 3, "b": 4}, [("a", "b", rtype, lag)]))
    assert expected_b == bounds(result, "b")


def test_fs_chain_dates_are_inclusive():
    """A 5-day task from Monday finishes on Friday; its FS successor starts the next Monday."""
    result = schedule(make({"a": 5, "b": 1}, [("a", "b", "FS", 0)]))
    expected = (dt.date(2024, 1, 1), dt.date(2024, 1, 5), dt.date(2024, 1, 8), dt.date(2024, 1, 8))
    assert expected == (result["a"].start, result["a"].finish, result["b"].start, result["b"].finish)


def test_diamond_floats():
    """In A -> {B(5), C(2)} -> D, C has 3 days of total and free float and B is critical."""
    result = schedule(make({"a": 2, "b": 5, "c": 2, "d": 1},
                           [("a", "b", "FS", 0), ("a", "c", "FS", 0), ("b", "d", "FS", 0),
                            ("c", "d", "FS", 0)]))
    expected = {"a": (0, 0, True), "b": (0, 0, True), "c": (3, 3, False), "d": (0, 0, True)}
    actual = {k: (result[k].total_float, result[k].free_float, result[k].critical) for k in "abcd"}
    assert expected == actual


def test_free_float_less_than_total_float():
    """A chain C -> E next to a longer path has total float on both but free float only on the last."""
    result = schedule(make({"a": 10, "c": 2, "e": 2, "z": 1},
                           [("a", "z", "FS", 0), ("c", "e", "FS", 0), ("e", "z", "FS", 0)]))
    expected = [(6, 0), (6, 6)]
    assert expected == [(result[k].total_float, result[k].free_float) for k in ("c", "e")]


def test_ss_and_ff_predecessor_floats():
    """Under SS+2 and FF+2 a 1-day predecessor has 9 days of slack, as in MS Project's task-links file."""
    result = schedule(make({"p1": 1, "s1": 1, "p2": 1, "s2": 1, "long": 12},
                           [("p1", "s1", "SS", 2), ("p2", "s2", "FF", 2)]))
    expected = [9, 9]
    assert expected == [result["p1"].total_float, result["p2"].total_float]


def test_elapsed_lag_counts_calendar_days():
    """An FS+3ed lag after a task finishing on Friday lets the successor start on Tuesday."""
    result = schedule(make({"a": 5, "b": 1}, [("a", "b", "FS", Duration(3, elapsed=True))]))
    expected = dt.date(2024, 1, 9)  # Friday's end + 3 days = Monday's end: the next start is Tuesday
    assert expected == result["b"].start


def test_elapsed_duration():
    """A 10ed task from Monday 1 January ends with the calendar day before Thursday 11 January."""
    result = schedule(make({"a": Activity(id="a", duration=Duration(10, elapsed=True))}))
    expected = (dt.date(2024, 1, 1), dt.date(2024, 1, 10))
    assert expected == (result["a"].start, result["a"].finish)


# --- milestones -----------------------------------------------------------------------------


def test_milestone_after_task_shows_its_finish_day():
    """A milestone after a task that ends on Friday is shown on that Friday, as MS Project does."""
    result = schedule(make({"a": 5, "m": 0}, [("a", "m", "FS", 0)]))
    expected = (dt.date(2024, 1, 5), dt.date(2024, 1, 5), 0)
    assert expected == (result["m"].start, result["m"].finish, result["m"].total_float)


def test_milestone_at_project_start_shows_the_start():
    """A milestone without predecessors is on the project start date."""
    result = schedule(make({"m": 0}))
    assert (START, START) == (result["m"].start, result["m"].finish)


def test_milestone_with_deadline_on_its_day_is_met():
    """A milestone on Friday with a Friday deadline has no negative float and no finding."""
    m = Activity(id="m", deadline=dt.date(2024, 1, 5))
    result = schedule(make({"a": 5, "m": m}, [("a", "m", "FS", 0)]))
    expected = (0, ())
    assert expected == (result["m"].total_float, result.diagnostics)


def test_mso_milestone_shows_its_date():
    """A must-start-on milestone is shown on the constraint date."""
    m = Activity(id="m", constraint=Constraint(type=ConstraintType.MSO, date=dt.date(2024, 1, 10)))
    assert dt.date(2024, 1, 10) == schedule(make({"m": m}))["m"].start


# --- constraints and deadlines --------------------------------------------------------------


def con(kind: str, date: dt.date, duration: int = 2, ident: str = "b") -> Activity:
    return Activity(id=ident, duration=Duration(duration), constraint=Constraint(type=ConstraintType(kind),
                                                                                 date=date))


def test_snet_pushes_early_start():
    """SNET pushes the activity's start beyond its logic."""
    result = schedule(make({"a": 2, "b": con("SNET", day(5))}, [("a", "b", "FS", 0)]))
    assert (5, 7, 5, 7) == bounds(result, "b")


def test_snet_before_logic_changes_nothing():
    """An SNET date earlier than the logic allows is already satisfied."""
    result = schedule(make({"a": 4, "b": con("SNET", day(1))}, [("a", "b", "FS", 0)]))
    assert (4, 6, 4, 6) == bounds(result, "b")


def test_fnet_pushes_early_finish():
    """FNET on day 9 makes a 2-day task start on day 8."""
    result = schedule(make({"b": con("FNET", day(9))}))
    assert (8, 10) == bounds(result, "b")[:2]


def test_snlt_gives_negative_float_without_moving():
    """SNLT earlier than the logic leaves the dates and reports negative float on the chain."""
    result = schedule(make({"a": 5, "b": con("SNLT", day(3))}, [("a", "b", "FS", 0)]))
    expected = ((5, 7), -2, -2, ["negative-float"])
    actual = (bounds(result, "b")[:2], result["b"].total_float, result["a"].total_float,
              [d.code for d in result.diagnostics])
    assert expected == actual


def test_fnlt_caps_late_finish():
    """FNLT after the logic's finish gives positive float up to the constraint."""
    result = schedule(make({"b": con("FNLT", day(9)), "long": 20}))
    expected = (0, 2, 8, 10, 8)
    assert expected == (*bounds(result, "b"), result["b"].total_float)


def test_mso_fixes_start_against_logic():
    """MSO keeps its date even when logic would push it later, and the predecessor gets negative float."""
    result = schedule(make({"a": 5, "b": con("MSO", day(3))}, [("a", "b", "FS", 0)]))
    expected = ((3, 5), 0, -2, [("negative-float", "b")])
    actual = (bounds(result, "b")[:2], result["b"].total_float, result["a"].total_float,
              [(d.code, d.subject) for d in result.diagnostics])
    assert expected == actual


def test_mfo_fixes_finish():
    """MFO on day 9 puts a 2-day task on days 8-9 and caps its late finish there."""
    result = schedule(make({"b": con("MFO", day(9)), "long": 20}))
    expected = ((8, 10, 8, 10), 0)
    assert expected == (bounds(result, "b"), result["b"].total_float)


def test_deadline_never_moves_the_activity():
    """A deadline before the logic's finish gives negative float and a finding but keeps the dates."""
    b = Activity(id="b", duration=Duration(3), deadline=day(4), source=Source("plan.yaml", 7))
    result = schedule(make({"a": 5, "b": b}, [("a", "b", "FS", 0)]))
    finding = result.diagnostics[0]
    expected = ((5, 8), -3, "negative-float", Source("plan.yaml", 7), "b")
    actual = (bounds(result, "b")[:2], result["b"].total_float, finding.code, finding.source, finding.subject)
    assert expected == actual


def test_negative_float_hint_names_the_command_to_run():
    """The negative-float hint shows the command with a readable placeholder for the portfolio."""
    b = Activity(id="b", duration=Duration(3), deadline=day(4))
    hint = schedule(make({"a": 5, "b": b}, [("a", "b", "FS", 0)])).diagnostics[0].hint or ""
    assert "see what drives it: portfolio schedule <portfolio> --path-to b;" == hint.split(" then")[0]


def test_deadline_after_finish_adds_float():
    """A later deadline gives float up to the deadline, but never beyond the project finish."""
    b = Activity(id="b", duration=Duration(3), deadline=day(9))
    expected = (7, 0)
    actual = (schedule(make({"b": b, "long": 20}))["b"].total_float, schedule(make({"b": b}))["b"].total_float)
    assert expected == actual


# --- status date and progress ---------------------------------------------------------------


def progress_portfolio(**prog):
    base = make({"a": 5, "b": 5, "c": 3}, [("a", "b", "FS", 0), ("b", "c", "FS", 0)])
    update = StatusUpdate(date=day(6), progress={k: ActivityProgress(activity=k, **v) for k, v in prog.items()})
    return attrs.evolve(base, status_updates=[update])


def test_finished_work_keeps_actual_dates():
    """A finished activity keeps its actual dates, has zero float and is not critical."""
    result = schedule(progress_portfolio(a={"actual_start": day(1), "actual_finish": day(3)}))
    a = result["a"]
    expected = (day(1), day(3), 0, 0, False, Progress.FINISHED)
    assert expected == (a.start, a.finish, a.total_float, a.free_float, a.critical, a.progress)


def test_unstarted_work_waits_for_status_date():
    """Unstarted work after finished work starts after the status date, not in the past."""
    result = schedule(progress_portfolio(a={"actual_start": day(0), "actual_finish": day(3)}))
    # status date is day 6; remaining work begins on day 7
    assert day(7) == result["b"].start


def test_in_progress_keeps_actual_start_and_schedules_remaining():
    """Work in progress keeps its actual start and finishes its remaining days after the status date."""
    result = schedule(progress_portfolio(a={"actual_start": day(0), "actual_finish": day(4)},
                                         b={"actual_start": day(5), "remaining": Duration(4)}))
    b = result["b"]
    expected = (day(5), day(10), 4, Progress.IN_PROGRESS, day(11))
    assert expected == (b.start, b.finish, b.remaining, b.progress, result["c"].start)


def test_remaining_from_percent_complete():
    """A 5-day task 40 % complete has 3 days remaining."""
    result = schedule(progress_portfolio(a={"actual_start": day(0), "actual_finish": day(4)},
                                         b={"actual_start": day(5), "percent_complete": 40}))
    expected = (3, day(9))
    assert expected == (result["b"].remaining, result["b"].finish)


def test_remaining_from_elapsed_time():
    """Without remaining or percent, work done up to the status date is subtracted from the duration."""
    result = schedule(progress_portfolio(a={"actual_start": day(0), "actual_finish": day(4)},
                                         b={"actual_start": day(5)}))
    expected = (3, day(9))  # days 5 and 6 worked
    assert expected == (result["b"].remaining, result["b"].finish)


def test_retained_logic_waits_for_unfinished_predecessor():
    """Remaining work of a started activity waits for its unfinished FS predecessor (retained logic)."""
    result = schedule(progress_portfolio(a={"actual_start": day(0)}, b={"actual_start": day(2),
                                                                        "remaining": Duration(2)}))
    # a: 5 days, 7 done by the status date -> 0 remaining -> finishes at the status boundary (day 7)
    expected = (day(2), day(8))
    assert expected == (result["b"].start, result["b"].finish)


def test_status_date_picks_update():
    """Scheduling as of a date uses the latest status update on or before it."""
    early = StatusUpdate(date=day(2), progress={"a": ActivityProgress(activity="a", actual_start=day(0))})
    late = StatusUpdate(date=day(6), progress={"a": ActivityProgress(activity="a", actual_start=day(0),
                                                                     actual_finish=day(6))})
    p = make({"a": 10}, status_updates=[early, late])
    expected = [(day(3), Progress.IN_PROGRESS), (day(7), Progress.FINISHED), (day(6), Progress.FINISHED)]
    actual = [(s.status_date, s["a"].progress) for s in (schedule(p, status_date=day(3)),
                                                         schedule(p, status_date=day(7)), schedule(p))]
    assert expected == actual


def test_status_before_start_is_reported():
    """A status date before the project start gives a status-before-start warning."""
    result = schedule(make({"a": 1}), status_date=dt.date(2023, 12, 1))
    assert ["status-before-start"] == [d.code for d in result.diagnostics]


# --- critical path, driving path, roll-ups ---------------------------------------------------


def test_critical_threshold_is_configurable():
    """With a threshold of 3 days an activity with 3 days of float is critical."""
    p = make({"a": 5, "b": 2}, [])
    expected = (["a"], ["a", "b"])
    actual = ([a.id for a in schedule(p).critical()], [a.id for a in schedule(p, critical_float=3).critical()])
    assert expected == actual


def test_near_critical():
    """near_critical(days) lists unfinished activities with float up to that many days."""
    result = schedule(make({"a": 10, "b": 8, "c": 2}))
    assert ["a", "b"] == [a.id for a in result.near_critical(2)]


def test_driving_path_to_milestone():
    """The driving path to a milestone follows only the relations whose gap equals their lag."""
    result = schedule(make({"x": 3, "y": 5, "z": 2, "exit": 0, "other": 40},
                           [("x", "z", "FS", 0), ("y", "z", "FS", 0), ("z", "exit", "FS", 0)]))
    expected = (["y", "z", "exit"], ("y",))
    assert expected == ([a.id for a in result.driving_path("exit")], result["z"].driving)


def test_driving_path_without_target_is_longest_path():
    """Without a target the driving path ends at the activities that finish last."""
    result = schedule(make({"x": 3, "y": 5, "other": 4}, [("x", "y", "FS", 0)]))
    assert ["x", "y"] == [a.id for a in result.driving_path()]


def test_driving_path_unknown_id_suggests():
    """An unknown id raises KeyError with a suggestion."""
    with pytest.raises(KeyError, match="did you mean 'exit'"):
        schedule(make({"exit": 0})).driving_path("exti")


def test_rollups_by_migration_service_assignment():
    """Roll-ups give start, finish and the float of the most critical activity per group."""
    acts = {
        "s.a": Activity(id="s.a", duration=Duration(5), service="s", migration="s.m"),
        "s.b": Activity(id="s.b", duration=Duration(2), service="s", migration="s.m"),
        "t.c": Activity(id="t.c", duration=Duration(10), service="t"),
    }
    p = make(acts, [("s.a", "s.b", "FS", 0)],
             migrations=[Migration(id="s.m", service="s", target="lpc")],
             assignments=[Assignment(id="opd", title="x", migrations=["s.m"], activities=["t.c"])])
    result = schedule(p)
    expected = {
        "migration": ("s.m", day(0), day(6), 3, "s.a"),
        "service": ("t", day(0), day(9), 0, "t.c"),
        "assignment": ("opd", day(0), day(9), 0, "t.c"),
    }
    actual = {}
    for by, key in (("migration", "s.m"), ("service", "t"), ("assignment", "opd")):
        r = result.rollups(by)[key]
        actual[by] = (r.id, r.start, r.finish, r.total_float, r.most_critical)
    assert expected == actual


# --- calendars --------------------------------------------------------------------------------


def test_rijk_calendar_skips_christmas():
    """On the Rijk calendar a 3-day task from Friday 22 December 2023 finishes on 28 December."""
    p = Portfolio(settings=PortfolioSettings(start=dt.date(2023, 12, 22)),
                  activities=[Activity(id="a", duration=Duration(3))])
    assert dt.date(2023, 12, 28) == schedule(p)["a"].finish


def test_activity_calendar_overrides_default():
    """An activity on a four-day-week calendar does not work on Friday."""
    spec = CalendarSpec(id="vier", base="none", workweek=(0, 1, 2, 3))
    a = Activity(id="a", duration=Duration(5), calendar="vier")
    result = schedule(make({"a": a, "b": 5}, [("a", "b", "FS", 0)], calendars=[spec]))
    expected = (dt.date(2024, 1, 8), dt.date(2024, 1, 9), dt.date(2024, 1, 15))
    assert expected == (result["a"].finish, result["b"].start, result["b"].finish)


def test_cross_calendar_floats():
    """A standard-calendar task waiting for a four-day-week chain has float in its own working days."""
    spec = CalendarSpec(id="vier", base="none", workweek=(0, 1, 2, 3))
    a = Activity(id="a", duration=Duration(8), calendar="vier")  # Mon 1 .. Thu 11 January
    result = schedule(make({"a": a, "b": 2, "z": 1}, [("a", "z", "FS", 0), ("b", "z", "FS", 0)],
                           calendars=[spec]))
    # z starts Friday 12 January (standard): b may finish Thursday 11 -> LF boundary day 9, EF 2
    expected = (dt.date(2024, 1, 12), 7, 0)
    assert expected == (result["z"].start, result["b"].total_float, result["a"].total_float)


# --- bad input never raises --------------------------------------------------------------------


def test_cycle_is_reported_and_rest_scheduled():
    """A cycle gives a cycle diagnostic; every activity still gets dates."""
    result = schedule(make({"a": 2, "b": 3, "c": 1, "d": 4},
                           [("a", "b", "FS", 0), ("b", "c", "FS", 0), ("c", "b", "FS", 0),
                            ("c", "d", "FS", 0)]))
    expected = (["cycle"], 4)
    assert expected == ([d.code for d in result.diagnostics], len(list(result)))
    assert "b -> c -> b" in result.diagnostics[0].message
    assert result["d"].start > result["c"].finish


def test_a_relation_to_itself_is_a_cycle():
    """A relation from an activity to itself (from a P6 or MS Project file, or built in Python) is a cycle error."""
    result = schedule(make({"a": 2, "b": 3}, [("a", "b", "FS", 0), ("b", "b", "FS", 0)]))
    assert [("cycle", "b")] == [(d.code, d.subject) for d in result.diagnostics]
    assert "b -> b" in result.diagnostics[0].message
    assert result["b"].start > result["a"].finish


def test_schedule_cycle_hint_names_every_relation():
    """The scheduler's cycle diagnostic names every relation of the cycle, not one to remove."""
    result = schedule(make({"a": 2, "b": 3, "c": 1},
                           [("a", "b", "FS", 0), ("b", "c", "FS", 0), ("c", "a", "FS", 0)]))
    expected = "remove or reverse one of these relations: a -> b, b -> c, c -> a"
    assert expected == result.diagnostics[0].hint


def test_unknown_relation_reference_is_ignored():
    """A relation to a missing activity is ignored with an unknown-ref diagnostic and a suggestion."""
    p = make({"build": 2}, [])
    p = attrs.evolve(p, relations=[Relation(predecessor="biuld", successor="build")])
    result = schedule(p)
    expected = (["unknown-ref"], "did you mean 'build'?", day(0))
    assert expected == ([d.code for d in result.diagnostics], result.diagnostics[0].hint, result["build"].start)


def test_negative_duration_is_reported():
    """A negative duration is scheduled as zero with a negative-duration diagnostic."""
    result = schedule(make({"a": -3}))
    assert ["negative-duration"] == [d.code for d in result.diagnostics]


def test_constraint_outside_calendar_is_reported():
    """A constraint date no calendar day can represent is ignored with constraint-unsatisfiable."""
    result = schedule(make({"b": con("SNET", dt.date(2300, 1, 1))}))
    expected = (["constraint-unsatisfiable"], START)
    assert expected == ([d.code for d in result.diagnostics], result["b"].start)


def test_calendar_without_workdays_is_reported():
    """A declared calendar without working days gives calendar-no-workdays with its source."""
    spec = CalendarSpec(id="leeg", workweek=(), source=Source("portfolio.yaml", 3))
    a = Activity(id="a", duration=Duration(2), calendar="leeg")
    result = schedule(make({"a": a}, calendars=[spec]))
    expected = [("calendar-no-workdays", Source("portfolio.yaml", 3))]
    assert expected == [(d.code, d.source) for d in result.diagnostics]


def test_unknown_calendar_is_reported():
    """An activity on an undeclared calendar is scheduled on Rijk with an unknown-ref diagnostic."""
    a = Activity(id="a", duration=Duration(2), calendar="rjik")
    result = schedule(make({"a": a}))
    assert [("unknown-ref", "did you mean 'rijk'?")] == [(d.code, d.hint) for d in result.diagnostics]


# --- the result is a value ---------------------------------------------------------------------


def test_what_if_with_evolve():
    """Evolving the portfolio and scheduling again gives a new schedule and leaves the old one alone."""
    p = make({"a": 5, "b": 3}, [("a", "b", "FS", 0)])
    before = schedule(p)
    after = schedule(attrs.evolve(p, activities=[Activity(id="a", duration=Duration(8)),
                                                 Activity(id="b", duration=Duration(3))]))
    expected = (day(7), day(10))
    assert expected == (before["b"].finish, after["b"].finish)


def test_records_are_frozen():
    """Per-activity records cannot be changed."""
    record = schedule(make({"a": 1}))["a"]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        record.total_float = 3  # type: ignore[misc]


def test_iteration_order_is_portfolio_order():
    """Iterating a schedule yields activities in the portfolio's order."""
    assert ["z", "a", "m"] == [a.id for a in schedule(make({"z": 1, "a": 2, "m": 0}))]


def test_schedule_equality():
    """Scheduling the same portfolio twice gives equal schedules."""
    p = make({"a": 5, "b": 3}, [("a", "b", "SS", 2)])
    assert schedule(p) == schedule(p)


@pytest.mark.parametrize("given", [dt.datetime(2024, 1, 15, 9, 0), "2024-01-15", 20240115])
def test_a_status_date_that_is_not_a_day_is_a_clear_type_error(given: object) -> None:
    """A datetime (from a notebook's now(), a pandas Timestamp), a string or a number says what to give."""
    with pytest.raises(TypeError, match=r"status_date must be a datetime\.date, not .*give the day"):
        schedule(make({"a": 5}), status_date=given)  # type: ignore[arg-type]
