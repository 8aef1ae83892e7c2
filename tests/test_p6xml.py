"""Tests for the P6 XML (PMXML) import: the same plan as XER, P6's stored dates, and reading by content."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest

from pmxml_builder import pmxml
from portfolio.calendar import from_spec
from portfolio.cli import main
from portfolio.io import load
from portfolio.io.p6 import load_pmxml, load_xer, parse_pmxml, parse_xer
from portfolio.model import Duration, Portfolio
from portfolio.scheduling import schedule
from test_xer import FIVE_DAY_SHORT_FRIDAY, REFERENCE
from test_xer import _compare as compare_xer
from xer_builder import CALENDARS, FIVE_DAY, pred, task, xer

FIXTURES = Path(__file__).parent / "fixtures" / "p6xml"
#: P6 XML written by MPXJ from the reference XER exports (tests/fixtures/p6xml/README.md).
GENERATED = sorted(FIXTURES.glob("mpxj_*.xml"))
NS = "{http://xmlns.oracle.com/Primavera/P6/V8.3/API/BusinessObjects}"


def _plain(value: Any) -> Any:
    """A model record without its sources (the place differs between the two formats), recursively."""
    if attrs.has(type(value)):
        return tuple((f.name, _plain(getattr(value, f.name))) for f in attrs.fields(type(value)) if f.name != "source")
    if isinstance(value, Mapping):
        return tuple((k, _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    return value


def _kinds(diagnostics) -> list[tuple[str, str]]:
    """Each diagnostic's code without its format prefix, and its subject."""
    return sorted((d.code.split("-", 1)[1], d.subject or "") for d in diagnostics)


def _same_plan(data: bytes) -> tuple[Portfolio, tuple]:
    """Import an XER document and its P6 XML form; assert they give the same plan and diagnostics."""
    from_xer = parse_xer(data, "plan.xer")
    from_xml = parse_pmxml(pmxml(data), "plan.xml")
    assert _plain(from_xer.portfolio) == _plain(from_xml.portfolio)
    assert _kinds(from_xer.diagnostics) == _kinds(from_xml.diagnostics)
    assert all(d.code.startswith("p6xml-") and d.source.line > 0 for d in from_xml.diagnostics)
    return from_xml


# --- P6's numbers: the reference exports as P6 XML --------------------------------------------------------

@pytest.mark.parametrize("path", GENERATED, ids=lambda p: p.name)
def test_generated_reference_gives_the_xer_plan_and_p6_dates(path):
    """MPXJ's P6 XML of a reference export imports to the XER's plan, schedule and P6's early and actual dates.

    MPXJ's writer leaves out P6's stored early and late dates of a finished activity, so P6's numbers come
    from the XER the file was made from (the XER test checks the late part, and names the activity whose
    late dates count back from P6's scheduled finish).
    """
    source = REFERENCE / path.with_suffix(".xer").name
    if not source.is_file():
        pytest.skip("shared/reference is not beside the repository")
    from_xml, from_xer = load_pmxml(path), load_xer(source)
    assert () == from_xml.diagnostics
    assert _plain(from_xer.portfolio.activities) == _plain(from_xml.portfolio.activities)
    assert _plain(from_xer.portfolio.calendars) == _plain(from_xml.portfolio.calendars)
    assert _plain(from_xer.portfolio.status_updates) == _plain(from_xml.portfolio.status_updates)
    assert _plain(from_xer.portfolio.settings) == _plain(from_xml.portfolio.settings)
    ours, theirs = schedule(from_xml.portfolio), schedule(from_xer.portfolio)
    assert {a: _plain(ours[a]) for a in from_xml.portfolio.activities} == {
        a: _plain(theirs[a]) for a in from_xer.portfolio.activities}
    expected, actual, *_ = compare_xer(source)
    assert {k: v[0] for k, v in expected.items()} == {k: v[0] for k, v in actual.items()}


def test_generated_reference_calendar_and_progress():
    """The 5-day calendar's 14 US holidays, the actuals and the data date are read from P6 XML."""
    portfolio, _ = load_pmxml(FIXTURES / "mpxj_PredecessorCalendar.xml")
    spec = portfolio.calendars[portfolio.settings.calendar]
    assert ("5-day", (0, 1, 2, 3, 4), 14) == (spec.id, spec.workweek, len(spec.closed))
    assert dt.date(2019, 7, 4) in spec.closed
    (update,) = portfolio.status_updates
    progress = update.progress["a1000"]
    assert (dt.date(2019, 10, 1), dt.date(2019, 6, 10), dt.date(2019, 6, 12)) == (
        update.date, progress.actual_start, progress.actual_finish)
    assert Duration(3) == portfolio.activities["a1000"].duration  # 24 h of an 8-hour day (08:00-11:59, 13:00-16:59)


def _stored(path: Path) -> dict[str, dict[str, str]]:
    """Each activity's stored P6 values, read with the standard library's parser (not the importer)."""
    root = ET.parse(path).getroot()
    return {a.findtext(f"{NS}Id").lower(): {c.tag.removeprefix(NS): (c.text or "") for c in a}
            for a in root.iter(f"{NS}Activity")}


def test_network_matches_its_stored_p6_dates():
    """Early and late dates and total float stored in the file (worked out by hand, in P6's form) are ours."""
    portfolio, diagnostics = load(FIXTURES / "network.xml")
    assert () == diagnostics
    result = schedule(portfolio)
    cal = from_spec(portfolio.calendars["standard"])

    def boundary(stamp: str) -> int:
        moment = dt.datetime.fromisoformat(stamp)
        return cal.index(moment.date()) if moment.time() <= dt.time(8) else cal.finish_index(moment.date())

    for ident, row in _stored(FIXTURES / "network.xml").items():
        ours = result[ident]
        expected = (boundary(row["EarlyStartDate"]), boundary(row["EarlyFinishDate"]),
                    boundary(row["LateStartDate"]), boundary(row["LateFinishDate"]), float(row["TotalFloat"]) / 8)
        start = ours.early_start if ours.early_start <= ours.early_finish else ours.early_finish
        actual = (cal.index(start) if ours.early_finish >= ours.early_start else cal.finish_index(start),
                  cal.finish_index(ours.early_finish), cal.index(ours.late_start), cal.finish_index(ours.late_finish),
                  ours.total_float)
        if portfolio.activities[ident].duration.days == 0:  # a milestone: one moment, shown on either side
            actual = (expected[0], expected[0], expected[0], expected[0], ours.total_float)
            assert cal.finish_index(ours.early_finish) == expected[1]
        assert expected == actual, ident
    assert (["digipoort"], ["digipoort.lpc"]) == (list(portfolio.services), list(portfolio.migrations))


# --- the loader recognises P6 XML by its content --------------------------------------------------------------

def test_load_reads_p6_xml_by_content(tmp_path):
    """io.load reads P6 XML whether it is named .xml or .xer; XER named .xml is XER; MSPDI stays MSPDI."""
    network = (FIXTURES / "network.xml").read_bytes()
    (tmp_path / "plan.xer").write_bytes(network)
    (tmp_path / "export.xml").write_bytes(xer([task(1)]))
    (tmp_path / "msp.xml").write_bytes(b'<Project xmlns="http://schemas.microsoft.com/project"><Tasks><Task><UID>1'
                                       b'</UID><Duration>PT8H0M0S</Duration></Task></Tasks></Project>')
    found = [sorted(load(tmp_path / n, cache=False).portfolio.activities) for n in ("plan.xer", "export.xml", "msp.xml")]
    assert [["a1000", "a1010", "a1020", "a1030"], ["a1"], ["t1"]] == found


def test_portfolio_schedule_reads_p6_xml(capsys):
    """`portfolio schedule plan.xml` schedules a P6 XML export."""
    assert 0 == main(["schedule", str(FIXTURES / "network.xml")])
    out = capsys.readouterr().out
    assert "a1030" in out
    assert "2024-01-19" in out


# --- one builder: every small XER document gives the same plan from its P6 XML form ---------------------------------

CASES = {
    "durations and calendars": xer([task(1, 40), task(2, 72, clndr_id="24")]),
    "relationship types and lags": xer([task(i) for i in range(1, 6)], [pred(2, 1, "PR_FS", 16), pred(3, 1, "PR_SS", 8),
                                                                         pred(4, 1, "PR_FF", -8), pred(5, 1, "PR_SF")]),
    "24-hour lags": xer([task(1, 40), task(2)], [pred(2, 1, lag=48)],
                        options={"sched_calendar_on_relationship_lag": "rcal_24Hour"}),
    "lag on the successor's calendar": xer([task(1), task(2, 24, clndr_id="24")], [pred(2, 1, lag=24)],
                                           options={"sched_calendar_on_relationship_lag": "rcal_Successor"}),
    "constraints": xer([task(i, 16, cstr_type=k, cstr_date="2024-02-05 08:00") for i, k in enumerate(
        ["CS_MSO", "CS_MEO", "CS_MSOA", "CS_MSOB", "CS_MEOA", "CS_MEOB", "CS_MANDSTART", "CS_MANDFIN", "CS_ALAP"],
        start=1)] + [task(10, cstr_type="CS_MSOA", cstr_date="2024-02-05 08:00", cstr_type2="CS_MEOB",
                          cstr_date2="2024-02-09 17:00")]),
    "milestones and task types": xer([task(1, 0, task_type="TT_Mile"), task(2, 0, task_type="TT_FinMile"),
                                      task(3, 16, task_type="TT_LOE"), task(4, 8, task_type="TT_Rsrc")]),
    "progress": xer([task(1, 16, status_code="TK_Complete", act_start_date="2024-01-08 08:00",
                          act_end_date="2024-01-09 17:00"),
                     task(2, 40, status_code="TK_Active", act_start_date="2024-01-10 08:00", remain_drtn_hr_cnt="24"),
                     task(3, 8)], [pred(3, 2)], project={"last_recalc_date": "2024-01-15 08:00"}),
    "progress override and the longest path": xer(
        [task(1, 16, status_code="TK_Active", act_start_date="2024-01-08 08:00")],
        options={"sched_lag_early_start_flag": "N", "sched_retained_logic": "N", "sched_progress_override": "Y"},
        project={"critical_path_type": "CT_DrivPath"}),
    "hour-level time": xer([task(1, 4), task(2, 8, early_start_date="2024-01-08 12:00")],
                           calendars=[{"clndr_id": "9", "clndr_name": "Standard", "day_hr_cnt": "8",
                                       "clndr_data": FIVE_DAY_SHORT_FRIDAY}, CALENDARS[1]],
                           project={"plan_end_date": "2024-06-28 17:00"}, options={"sched_open_critical_flag": "Y"}),
    "external relationship": xer([task(1)], [pred(1, 99)]),
    "other project": xer([task(1), task(2, proj_id="7")]),
    "wbs": xer([task(1, wbs_id="1"), task(2, wbs_id="2"), task(3, wbs_id="4")], PROJWBS=[
        {"wbs_id": "1", "proj_id": "1", "parent_wbs_id": "", "proj_node_flag": "Y", "wbs_short_name": "DEMO",
         "wbs_name": "Demo"},
        {"wbs_id": "2", "proj_id": "1", "parent_wbs_id": "1", "proj_node_flag": "N", "wbs_short_name": "DigiD",
         "wbs_name": "DigiD authentication"},
        {"wbs_id": "3", "proj_id": "1", "parent_wbs_id": "2", "proj_node_flag": "N", "wbs_short_name": "To LPC",
         "wbs_name": "Migration to LPC"},
        {"wbs_id": "4", "proj_id": "1", "parent_wbs_id": "3", "proj_node_flag": "N", "wbs_short_name": "Test",
         "wbs_name": "Tests"}]),
    "calendar exceptions and inheritance": xer([task(1)], calendars=[
        {"clndr_id": "9", "clndr_name": "Kantoor", "day_hr_cnt": "8", "clndr_data": FIVE_DAY.replace(
            "(0||Exceptions()())", "(0||Exceptions()((0||0(d|45292)())(0||1(d|45297)((0||0(s|08:00|f|16:00)())))))")},
        {"clndr_id": "5", "clndr_name": "Piet", "day_hr_cnt": "8", "base_clndr_id": "9",
         "clndr_data": "(0||CalendarData()((0||Exceptions()((0||0(d|45293)())))))"}]),
}


@pytest.mark.parametrize("data", CASES.values(), ids=CASES.keys())
def test_p6_xml_gives_the_same_plan_as_xer(data):
    """One builder: the XER document and its P6 XML form give the same plan, the same warnings and errors."""
    portfolio, _ = _same_plan(data)
    assert portfolio.activities  # something was compared


def test_warnings_name_the_p6_xml_element():
    """A warning about P6 XML points at the element's own line and column, named as P6 XML names it."""
    data = pmxml(xer([task(1, 4)]))
    _, diagnostics = parse_pmxml(data, "plan.xml")
    (warning,) = diagnostics
    line = next(n for n, text in enumerate(data.decode().splitlines(), 1) if "<PlannedDuration>4<" in text)
    assert ("p6xml-unsupported", line) == (warning.code, warning.source.line)
    assert data.decode().splitlines()[line - 1][warning.source.column - 1:].startswith("<PlannedDuration>")


def test_hand_written_24_hour_calendar_and_options():
    """A 24-hour calendar written 00:00-23:59 runs through the weekend; StartToStartLagCalculationType 0 is the
    actual start."""
    portfolio, diagnostics = parse_pmxml(pmxml(xer([task(1, 72, clndr_id="24")], project={
        "plan_start_date": "2024-01-12 00:00", "last_recalc_date": "2024-01-12 00:00"},
        options={"sched_lag_early_start_flag": "N"})))
    result = schedule(portfolio)["a1"]
    assert (dt.date(2024, 1, 12), dt.date(2024, 1, 14), True, ()) == (
        result.start, result.finish, portfolio.settings.lag_from_actual_start, diagnostics)
