"""Tests for portfolio.io.p6: Primavera P6 XER import, and P6's own dates in the file as the reference."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from portfolio.calendar import from_spec
from portfolio.cli import main
from portfolio.io import load
from portfolio.io.p6 import load_xer, parse_xer
from portfolio.model import ActivityKind, ConstraintType, Duration, RelationType
from portfolio.scheduling import schedule
from xer_builder import CALENDARS, FIVE_DAY, pred, task, xer

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
REFERENCE_FILES = sorted(REFERENCE.glob("*.xer")) if REFERENCE.is_dir() else []
FIXTURES = Path(__file__).parent / "fixtures" / "xer"


# --- P6's own numbers ------------------------------------------------------------------------------

def _tables(path: Path) -> dict[str, list[dict[str, str]]]:
    """The file's tables as P6 wrote them, read without the importer."""
    tables: dict[str, list[dict[str, str]]] = {}
    fields: list[str] = []
    for line in path.read_text(encoding="cp1252").splitlines():
        kind, _, rest = line.partition("\t")
        if kind == "%T":
            name = rest
            tables[name] = []
        elif kind == "%F":
            fields = rest.split("\t")
        elif kind == "%R":
            values = rest.split("\t")
            tables[name].append(dict(zip(fields, values + [""] * (len(fields) - len(values)), strict=True)))
    return tables


def _work_hours(clndr_data: str) -> tuple[dt.time, dt.time | None]:
    """When a calendar's working day starts and ends (None: at midnight), from its periods."""
    periods = re.findall(r"s\|(\d\d:\d\d)\|f\|(\d\d:\d\d)", clndr_data)
    start = min(dt.time.fromisoformat(s) for s, _ in periods)
    end = max(dt.time.fromisoformat(f) for _, f in periods)
    return start, None if end == dt.time(0) else end


def _boundary(cal, hours: tuple[dt.time, dt.time | None], stamp: str) -> float:
    """A P6 timestamp as a working-day boundary: at the day's start, or at its end; between them, hour-level."""
    moment = dt.datetime.fromisoformat(stamp)
    start, end = hours
    if moment.time() <= start:
        return cal.index(moment.date())
    if end is not None and moment.time() >= end:
        return cal.finish_index(moment.date())
    return cal.index(moment.date()) + 0.5  # inside a working day: no day boundary expresses it


def _compare(path: Path):
    """Per activity: P6's numbers and ours, split into (early part, late part), and the warned activities."""
    tables = _tables(path)
    portfolio, diagnostics = load_xer(path)
    result = schedule(portfolio)
    calendars = {c["clndr_id"]: c for c in tables["CALENDAR"]}
    expected, actual = {}, {}
    for row in tables["TASK"]:
        ident = row["task_code"].lower()
        calendar = calendars[row["clndr_id"]]
        cal = from_spec(portfolio.calendars[portfolio.activities[ident].calendar])
        hours = _work_hours(calendar["clndr_data"])
        at = lambda field, row=row, cal=cal, hours=hours: _boundary(cal, hours, row[field])  # noqa: E731
        ours = result[ident]
        if row["status_code"] == "TK_Complete":
            # P6 keeps a finished activity's actual dates; its early dates are the data date, its late dates the
            # project's finish, and it has no float (blank)
            data_date = cal.finish_index(result.status_date)  # ours: remaining work resumes after the status date
            finish = max(cal.finish_index(result.finish), data_date)
            expected[ident] = ((at("act_start_date"), at("act_end_date"), at("early_start_date"),
                                at("early_end_date")), (at("late_start_date"), at("late_end_date"), None))
            actual[ident] = ((cal.index(ours.start), cal.finish_index(ours.finish), data_date, data_date),
                             (finish, finish, None if ours.finished else ours.total_float))
        else:
            float_hours = float(row["total_float_hr_cnt"]) / float(calendar["day_hr_cnt"])
            expected[ident] = ((at("early_start_date"), at("early_end_date")),
                               (at("late_start_date"), at("late_end_date"), float_hours))
            actual[ident] = ((cal.index(ours.early_start), cal.finish_index(ours.early_finish)),
                             (cal.index(ours.late_start), cal.finish_index(ours.late_finish), ours.total_float))
    warned = {d.subject for d in diagnostics if d.code == "xer-unsupported" and d.source.line > 0}
    return expected, actual, warned, diagnostics, result


@pytest.mark.skipif(not REFERENCE_FILES, reason="shared/reference is not beside the repository")
@pytest.mark.parametrize("path", REFERENCE_FILES, ids=lambda p: p.name)
def test_reference_schedule_matches_p6(path):
    """Importing and scheduling a P6 export reproduces P6's dates and float, or a located warning names why."""
    expected, actual, warned, diagnostics, result = _compare(path)
    assert expected  # the file has activities to compare
    early = {k: v[0] for k, v in expected.items()}
    assert early == {k: v[0] for k, v in actual.items()}  # no warning excuses early or actual dates
    differing = {k for k in expected if expected[k][1] != actual[k][1]}
    assert set() == differing - warned
    assert all(d.source.line > 0 and d.code == "xer-unsupported" for d in diagnostics)
    assert () == result.diagnostics


@pytest.mark.skipif(not REFERENCE_FILES, reason="shared/reference is not beside the repository")
@pytest.mark.parametrize("path", REFERENCE_FILES, ids=lambda p: p.name)
def test_reference_import(path):
    """The reference file's project, calendar (US holidays as exceptions), actuals and data date are read."""
    portfolio, _ = load_xer(path)
    tables = _tables(path)
    spec = portfolio.calendars[portfolio.settings.calendar]
    assert ("5-day", "none", (0, 1, 2, 3, 4)) == (spec.id, spec.base, spec.workweek)
    serials = re.findall(r"d\|(\d+)", tables["CALENDAR"][0]["clndr_data"])
    assert sorted(dt.date(1899, 12, 30) + dt.timedelta(days=int(s)) for s in serials) == list(spec.closed)
    assert dt.date(2019, 7, 4) in spec.closed  # Independence Day: the serial numbers count from 1899-12-30
    (update,) = portfolio.status_updates
    progress = update.progress["a1000"]
    expected = (dt.date(2019, 10, 1), dt.date(2019, 6, 10), dt.date(2019, 6, 12), dt.date(2019, 5, 6))
    assert expected == (update.date, progress.actual_start, progress.actual_finish, portfolio.settings.start)
    assert Duration(3) == portfolio.activities["a1000"].duration  # 24 h of an 8-hour calendar


@pytest.mark.skipif(not REFERENCE_FILES, reason="shared/reference is not beside the repository")
def test_portfolio_schedule_reads_xer(capsys):
    """`portfolio schedule plan.xer` schedules the P6 export through io.load."""
    assert 0 == main(["schedule", str(REFERENCE_FILES[0])])
    out = capsys.readouterr().out
    assert "a1000" in out
    assert "2019-06-12" in out


# --- the mapping, on small documents ----------------------------------------------------------------

def test_durations_in_hours_become_working_days_of_the_calendar():
    """40 h on an 8-hour calendar is 5 days; 72 h on a 24-hour calendar is 3 days of a 7-day week."""
    portfolio, diagnostics = parse_xer(xer([task(1, 40), task(2, 72, clndr_id="24")]))
    spec = portfolio.calendars["24-hour"]
    expected = (5, 3, "24-hour", (0, 1, 2, 3, 4, 5, 6), ())
    actual = (portfolio.activities["a1"].duration.days, portfolio.activities["a2"].duration.days,
              portfolio.activities["a2"].calendar, spec.workweek, diagnostics)
    assert expected == actual


def test_twenty_four_hour_activity_runs_through_the_weekend():
    """On the 24-hour calendar a 3-day activity that starts on Friday finishes on Sunday."""
    portfolio, _ = parse_xer(xer([task(1, 72, clndr_id="24")], project={"plan_start_date": "2024-01-12 00:00",
                                                                       "last_recalc_date": "2024-01-12 00:00"}))
    result = schedule(portfolio)["a1"]
    assert (dt.date(2024, 1, 12), dt.date(2024, 1, 14)) == (result.start, result.finish)


def test_relationship_types_and_lags():
    """PR_FS/SS/FF/SF keep their type; lag hours become working days of the predecessor's calendar."""
    preds = [pred(2, 1, "PR_FS", 16), pred(3, 1, "PR_SS", 8), pred(4, 1, "PR_FF", -8), pred(5, 1, "PR_SF")]
    portfolio, diagnostics = parse_xer(xer([task(i) for i in range(1, 6)], preds))
    expected = [("a1", "a2", RelationType.FS, Duration(2)), ("a1", "a3", RelationType.SS, Duration(1)),
                ("a1", "a4", RelationType.FF, Duration(-1)), ("a1", "a5", RelationType.SF, Duration(0))]
    assert expected == [(r.predecessor, r.successor, r.type, r.lag) for r in portfolio.relations]
    assert () == diagnostics


def test_relation_across_calendars():
    """A 5-day activity after a 24-hour one that ends on Saturday starts on Monday; 23:59 ends a 24-hour day."""
    calendars = [CALENDARS[0], {**CALENDARS[1], "clndr_data": CALENDARS[1]["clndr_data"].replace("f|00:00",
                                                                                                "f|23:59")}]
    tasks = [task(1, 48, clndr_id="24"), task(2, 8)]
    portfolio, diagnostics = parse_xer(xer(tasks, [pred(2, 1)], calendars=calendars,
                                           project={"plan_start_date": "2024-01-12 00:00",
                                                    "last_recalc_date": "2024-01-12 00:00"}))
    result = schedule(portfolio)
    expected = (dt.date(2024, 1, 13), dt.date(2024, 1, 15), (), ())
    assert expected == (result["a1"].finish, result["a2"].start, diagnostics, result.diagnostics)


def test_lags_on_the_24_hour_calendar_are_elapsed_days():
    """With P6's lag calendar set to 24 hours, a 48-hour lag is 2 elapsed days, across a weekend."""
    portfolio, _ = parse_xer(xer([task(1, 40), task(2)], [pred(2, 1, lag=48)],
                                 options={"sched_calendar_on_relationship_lag": "rcal_24Hour"}))
    assert Duration(2, elapsed=True) == portfolio.relations[0].lag
    # a1 ends Friday 2024-01-12 17:00; 48 elapsed hours later is Sunday evening; a2 starts Monday
    assert dt.date(2024, 1, 15) == schedule(portfolio)["a2"].start


def test_lag_counted_on_another_calendar_warns():
    """A lag P6 counts on the successor's calendar, which differs from the predecessor's, is warned about."""
    portfolio, diagnostics = parse_xer(xer([task(1), task(2, 24, clndr_id="24")], [pred(2, 1, lag=24)],
                                           options={"sched_calendar_on_relationship_lag": "rcal_Successor"}))
    assert Duration(1) == portfolio.relations[0].lag
    assert [("xer-unsupported", "a2")] == [(d.code, d.subject) for d in diagnostics]


def test_start_on_lets_logic_move_the_activity():
    """P6's "start on" moves with a late predecessor (negative float); "mandatory start" stays on its date."""
    tasks = [task(1, 80), task(2, 8, cstr_type="CS_MSO", cstr_date="2024-01-10 08:00"),
             task(3, 8, cstr_type="CS_MANDSTART", cstr_date="2024-01-10 08:00")]
    portfolio, _ = parse_xer(xer(tasks, [pred(2, 1), pred(3, 1)]))
    result = schedule(portfolio)
    expected = (dt.date(2024, 1, 22), -8, dt.date(2024, 1, 10))
    assert expected == (result["a2"].start, result["a2"].total_float, result["a3"].start)


def test_calendar_periods_in_either_order():
    """P6 8.4 writes a period as f|16:00|s|08:00: the same 8-hour day."""
    data = FIVE_DAY.replace("(s|08:00|f|12:00)", "(f|12:00|s|08:00)")
    calendars = [{"clndr_id": "9", "clndr_name": "Standard", "day_hr_cnt": "8", "clndr_data": data}]
    portfolio, diagnostics = parse_xer(xer([task(1, 16)], calendars=calendars))
    assert ((0, 1, 2, 3, 4), 2, ()) == (portfolio.calendars["standard"].workweek,
                                        portfolio.activities["a1"].duration.days, diagnostics)


def test_milestones_and_task_types():
    """Start and finish milestones have duration 0; a level-of-effort activity warns."""
    tasks = [task(1, 0, task_type="TT_Mile"), task(2, 0, task_type="TT_FinMile"), task(3, 16, task_type="TT_LOE")]
    portfolio, diagnostics = parse_xer(xer(tasks))
    kinds = [(a.kind, a.duration.days) for a in portfolio.activities.values()]
    expected = [(ActivityKind.MILESTONE, 0), (ActivityKind.MILESTONE, 0), (ActivityKind.TASK, 2)]
    assert expected == kinds
    assert [("xer-unsupported", "a3")] == [(d.code, d.subject) for d in diagnostics]


def test_constraints_primary_and_secondary():
    """P6's constraint types map to ours; a secondary finish-on-or-before becomes the deadline."""
    kinds = ["CS_MSO", "CS_MEO", "CS_MSOA", "CS_MSOB", "CS_MEOA", "CS_MEOB", "CS_MANDSTART", "CS_MANDFIN"]
    tasks = [task(i, 16, cstr_type=k, cstr_date="2024-02-05 08:00") for i, k in enumerate(kinds, start=1)]
    tasks.append(task(9, cstr_type="CS_MSOA", cstr_date="2024-02-05 08:00", cstr_type2="CS_MEOB",
                      cstr_date2="2024-02-09 17:00"))
    portfolio, diagnostics = parse_xer(xer(tasks))
    acts = portfolio.activities
    expected = ["SNET", "FNET", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO"]
    assert expected == [acts[f"a{i}"].constraint.type.value for i in range(1, 9)]
    # P6's non-mandatory "start on" / "finish on": no earlier than, and no later than as the deadline
    assert (dt.date(2024, 2, 6), dt.date(2024, 2, 2)) == (acts["a1"].deadline, acts["a2"].deadline)
    # a finish constraint at 08:00 is the end of the working day before
    assert (dt.date(2024, 2, 5), dt.date(2024, 2, 2)) == (acts["a3"].constraint.date, acts["a2"].constraint.date)  # Friday
    assert (ConstraintType.SNET, dt.date(2024, 2, 9)) == (acts["a9"].constraint.type, acts["a9"].deadline)
    assert () == diagnostics


def test_progress_becomes_a_status_update_at_the_data_date():
    """Actual dates and remaining hours become a status update on the day before the data date."""
    tasks = [task(1, 16, status_code="TK_Complete", act_start_date="2024-01-08 08:00",
                  act_end_date="2024-01-09 17:00"),
             task(2, 40, status_code="TK_Active", act_start_date="2024-01-10 08:00", remain_drtn_hr_cnt="24"),
             task(3, 8)]
    portfolio, diagnostics = parse_xer(xer(tasks, [pred(3, 2)], project={"last_recalc_date": "2024-01-15 08:00"}))
    (update,) = portfolio.status_updates
    expected = (dt.date(2024, 1, 12), dt.date(2024, 1, 9), Duration(3))
    assert expected == (update.date, update.progress["a1"].actual_finish, update.progress["a2"].remaining)
    result = schedule(portfolio)
    # 3 days remaining from Monday 15 January, then a3
    assert (dt.date(2024, 1, 17), dt.date(2024, 1, 18)) == (result["a2"].finish, result["a3"].start)
    assert () == diagnostics


def test_wbs_becomes_services_and_migrations():
    """The WBS under the project node: level 1 services, level 2 migrations, deeper levels their level-2 node."""
    wbs = [{"wbs_id": "1", "proj_id": "1", "parent_wbs_id": "", "proj_node_flag": "Y", "wbs_short_name": "DEMO",
            "wbs_name": "Demo"},
           {"wbs_id": "2", "proj_id": "1", "parent_wbs_id": "1", "proj_node_flag": "N", "wbs_short_name": "DigiD",
            "wbs_name": "DigiD authentication"},
           {"wbs_id": "3", "proj_id": "1", "parent_wbs_id": "2", "proj_node_flag": "N", "wbs_short_name": "To LPC",
            "wbs_name": "Migration to LPC"},
           {"wbs_id": "4", "proj_id": "1", "parent_wbs_id": "3", "proj_node_flag": "N", "wbs_short_name": "Test",
            "wbs_name": "Tests"}]
    tasks = [task(1, wbs_id="1"), task(2, wbs_id="2"), task(3, wbs_id="4")]
    portfolio, diagnostics = parse_xer(xer(tasks, PROJWBS=wbs))
    assert [("digid", "DigiD authentication")] == [(s.id, s.name) for s in portfolio.services.values()]
    assert [("digid.to-lpc", "digid")] == [(m.id, m.service) for m in portfolio.migrations.values()]
    expected = [(None, None), ("digid", None), ("digid", "digid.to-lpc")]
    assert expected == [(a.service, a.migration) for a in portfolio.activities.values()]
    assert () == diagnostics


def test_calendar_exceptions_and_inheritance():
    """Exception days without hours close; with hours on a weekend they open; a resource calendar inherits.

    A calendar without a work week of its own (a resource calendar) takes its base calendar's work week
    and holidays, and adds its own exceptions.
    """
    data = ("(0||CalendarData()((0||DaysOfWeek()((0||1()())(0||2()((0||0(s|08:00|f|16:00)())))(0||3()())"
            "(0||4()())(0||5()())(0||6()())(0||7()())))(0||Exceptions()((0||0(d|45292)())"
            "(0||1(d|45297)((0||0(s|08:00|f|16:00)())))))))")
    calendars = [{"clndr_id": "9", "clndr_name": "Kantoor", "day_hr_cnt": "8", "clndr_data": data},
                 {"clndr_id": "5", "clndr_name": "Piet", "day_hr_cnt": "8", "base_clndr_id": "9",
                  "clndr_data": "(0||CalendarData()((0||Exceptions()((0||0(d|45293)())))))"}]
    portfolio, _ = parse_xer(xer([task(1)], calendars=calendars))
    office, piet = portfolio.calendars["kantoor"], portfolio.calendars["piet"]
    expected = ((0,), (dt.date(2024, 1, 1),), (dt.date(2024, 1, 6),), (0,), (dt.date(2024, 1, 1), dt.date(2024, 1, 2)))
    assert expected == (office.workweek, office.closed, office.open, piet.workweek, piet.closed)


def test_scheduling_options_are_honoured_or_warned():
    """SS lags from the actual start are honoured; progress override and the longest path are warned about."""
    tasks = [task(1, 16, status_code="TK_Active", act_start_date="2024-01-08 08:00")]
    portfolio, diagnostics = parse_xer(xer(tasks, options={"sched_lag_early_start_flag": "N",
                                                           "sched_retained_logic": "N",
                                                           "sched_progress_override": "Y"},
                                           project={"critical_path_type": "CT_DrivPath"}))
    assert portfolio.settings.lag_from_actual_start
    found = sorted((d.code, d.source.line) for d in diagnostics)
    assert [("xer-unsupported", 4), ("xer-unsupported", 11)] == found  # the PROJECT row, the SCHEDOPTIONS row
    assert any("progress override" in d.message for d in diagnostics)


def test_hour_level_durations_and_calendars_warn():
    """A duration of 4 h on an 8-hour calendar, and a calendar with a short Friday, give located warnings."""
    short_friday = FIVE_DAY_SHORT_FRIDAY
    calendars = [{"clndr_id": "9", "clndr_name": "Standard", "day_hr_cnt": "8", "clndr_data": short_friday}]
    portfolio, diagnostics = parse_xer(xer([task(1, 4)], calendars=calendars))
    assert 0 == portfolio.activities["a1"].duration.days
    assert {("xer-unsupported", "a1"), ("xer-unsupported", "standard")} == {(d.code, d.subject) for d in diagnostics}
    assert all("hour-level" in d.message for d in diagnostics)


FIVE_DAY_SHORT_FRIDAY = ("(0||CalendarData()((0||DaysOfWeek()((0||1()())"
                         + "".join(f"(0||{d}()((0||0(s|08:00|f|16:00)())))" for d in range(2, 6))
                         + "(0||6()((0||0(s|08:00|f|12:00)())))(0||7()())))))")


def test_hour_level_dates_and_project_options_warn():
    """P6 dates inside a working day, a must-finish-by date and open-ended-critical each give a warning."""
    tasks = [task(1, 8, early_start_date="2024-01-08 12:00"), task(2, 24, clndr_id="24",
                                                                    late_end_date="2024-01-09 00:00")]
    _, diagnostics = parse_xer(xer(tasks, project={"plan_end_date": "2024-06-28 17:00"},
                                   options={"sched_open_critical_flag": "Y"}))
    found = sorted((d.source.line, d.subject or "") for d in diagnostics)
    assert [(4, ""), (11, ""), (14, "a1")] == found  # PROJECT, SCHEDOPTIONS, the first TASK row
    assert all(d.code == "xer-unsupported" for d in diagnostics)


def test_external_relationships_are_dropped_with_a_warning():
    """A relationship from an activity not in the file is dropped, with a warning at its row."""
    portfolio, diagnostics = parse_xer(xer([task(1)], [pred(1, 99)]))
    assert () == portfolio.relations
    assert ["xer-unsupported"] == [d.code for d in diagnostics]


def test_fixture_network_loads_through_io_load():
    """io.load dispatches .xer files; the fixture network's WBS and relations are imported and schedule cleanly."""
    portfolio, diagnostics = load(FIXTURES / "network.xer")
    assert () == diagnostics
    assert (3, 1, 1) == (len(portfolio.relations), len(portfolio.services), len(portfolio.migrations))
    result = schedule(portfolio)
    # Build 10 days from Monday 8 January; Test SS+5 days: 15 to 19 January; Documentation has 8 days of float
    expected = (dt.date(2024, 1, 19), dt.date(2024, 1, 19), True, 8, ())
    assert expected == (result["a1010"].finish, result["a1030"].finish, result["a1030"].critical,
                        result["a1020"].total_float, result.diagnostics)


def test_data_date_at_the_start_without_progress_is_no_status_update():
    """A fresh P6 plan has its data date at the project start: no status update, no status-before-start."""
    portfolio, _ = parse_xer(xer([task(1)]))
    assert ((), dt.date(2024, 1, 8)) == (portfolio.status_updates, schedule(portfolio)["a1"].start)
