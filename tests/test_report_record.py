"""The monthly report as a record (issue 10): scope, missed dates, both baselines, history from the store, JSON.

Most cases run on the second example, ``examples/datacentre`` (twelve services leaving a data centre), whose
December 2023 status misses the exit deadline; the expected figures come from the schedule, the baselines and
the calendar, not from the report under test.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from portfolio.calendar import builtin
from portfolio.cli import main
from portfolio.io import load
from portfolio.model import (
    Activity,
    ActivityProgress,
    Assignment,
    AssignmentReport,
    AssignmentStatus,
    Baseline,
    BaselineEntry,
    CalendarSpec,
    Duration,
    Portfolio,
    PortfolioSettings,
    Rag,
    Relation,
    StatusUpdate,
)
from portfolio.report import MonthlyReport, Thresholds, monthly_report, render
from portfolio.report.json import load_report_schema, report_dict
from portfolio.scheduling import schedule
from portfolio.slippage import report_figures
from portfolio.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DATACENTRE = EXAMPLES / "datacentre"


@pytest.fixture(scope="module")
def dc() -> Portfolio:
    loaded = load(DATACENTRE)
    assert [] == [d for d in loaded.diagnostics if d.severity.value == "error"]
    return loaded.portfolio


@pytest.fixture(scope="module")
def december(dc: Portfolio) -> MonthlyReport:
    return monthly_report(dc, "2023-12")


@pytest.fixture(scope="module")
def august(dc: Portfolio) -> MonthlyReport:
    return monthly_report(dc, "2023-08")


def _line(report: MonthlyReport, key: str):  # type: ignore[no-untyped-def]
    return next(a for a in report.assignments if a.id == key)


def test_the_second_example_checks_clean(capsys: pytest.CaptureFixture[str]) -> None:
    """``portfolio check`` finds no error in the datacentre example (warnings are its findings)."""
    assert 0 == main(["check", str(DATACENTRE)])
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert "104 activities" in out
    assert "9 assignments" in out
    assert "2 baselines" in out


def test_scope_by_services_covers_their_migrations_and_open_decision(dc: Portfolio, december: MonthlyReport) -> None:
    """``services: [iam, zaak, dms, portaal]`` lists those services' migrations, DMS's open landing decision too."""
    line = _line(december, "dc-02")
    expected = [m.id for m in dc.migrations.values() if m.service in ("iam", "zaak", "dms", "portaal")]
    assert expected == [m.id for m in line.migrations]
    dms = next(m for m in line.migrations if m.id == "dms.move")
    assert (None, "dms.landing-decision") == (dms.target, dms.decision)
    assert len(dms.candidates) == 2
    text = render(december, "text").decode("utf-8")
    assert "landingsplatform nog niet besloten" in text


def test_scope_by_migration_and_by_activities_is_just_those(december: MonthlyReport) -> None:
    """Scoped by a migration or by activities, an assignment covers just those (no other migration)."""
    assert ["gis.move"] == [m.id for m in _line(december, "dc-06").migrations]
    assert ["archief.move"] == [m.id for m in _line(december, "dc-07").migrations]  # its activities' migration


def test_decision_finding_is_listed_under_the_assignment(december: MonthlyReport) -> None:
    """The decision-before-cutover finding on dms.move is a finding of dc-02, not one of the "other findings"."""
    line = _line(december, "dc-02")
    assert ["dms.move"] == [f.subject for f in line.findings if f.rule == "decision-before-cutover"]
    assert [] == [f for f in december.other_findings if f.rule == "decision-before-cutover"]


def test_every_finding_is_counted_once(december: MonthlyReport) -> None:
    """A finding under two assignments (IAM's findings are dc-01's and dc-02's) counts once in the summary."""
    distinct = {(f.rule, f.subject, f.message) for a in december.assignments for f in a.findings}
    missed = {m.id for a in december.assignments for m in a.missed}
    assert len(distinct) + len(missed) == december.findings_count
    shared = [f for f in _line(december, "dc-01").findings if f in _line(december, "dc-02").findings]
    assert shared == list(_line(december, "dc-01").findings)  # dc-02's scope holds IAM


def test_missed_deadline_names_the_date_that_drives_it(dc: Portfolio, december: MonthlyReport) -> None:
    """The exit misses its deadline: a finding of every assignment whose work carries the negative float.

    The deadline and forecast come from the files and the schedule; the working days late are counted on the
    rijk calendar (Christmas closes two days).
    """
    computed = schedule(dc, status_date=december.status_date)
    deadline = dc.activities["dc-zuid.exit"].deadline
    assert deadline is not None
    forecast = computed["dc-zuid.exit"].finish
    cal = builtin("rijk")
    late = sum(cal.is_working(deadline + dt.timedelta(days=d)) for d in range(1, (forecast - deadline).days + 1))
    holders = {a.id for a in december.assignments if any(m.id == "dc-zuid.exit" for m in a.missed)}
    carriers = {a.id for a in december.assignments
                if any(computed[i].total_float < 0 for i in dc.assignment_scope(a.id) if not computed[i].finished)}
    assert "dc-09" in holders
    assert holders == carriers
    missed = next(m for m in _line(december, "dc-09").missed if m.id == "dc-zuid.exit")
    assert (deadline, forecast, -late) == (missed.date, missed.forecast, missed.float)
    assert {Rag.RED} == {_line(december, k).rag_time for k in holders}
    assert "uiterste datum 20 december 2024 niet gehaald, 3 wd te laat" in render(december, "text").decode("utf-8")


def test_no_missed_date_before_the_slip(august: MonthlyReport) -> None:
    """In August the exit still makes its deadline: no assignment lists a missed date."""
    assert [] == [a.id for a in august.assignments if a.missed]


def test_negative_float_names_the_missed_date_not_a_met_one() -> None:
    """An activity whose own deadline holds passes on a later date's negative float: only the later one is named."""
    p = Portfolio(
        settings=PortfolioSettings(start=dt.date(2024, 1, 8), calendar="standard"),
        activities=[Activity(id="build", duration=Duration(10), deadline=dt.date(2024, 1, 31)),
                    Activity(id="live", deadline=dt.date(2024, 1, 12))],
        relations=[Relation(predecessor="build", successor="live")],
    )
    found = [d for d in schedule(p).diagnostics if d.code == "negative-float"]
    assert ["live"] == [d.subject for d in found]
    assert "deadline 2024-01-12" in found[0].message


def test_both_baselines_and_the_replans(dc: Portfolio, december: MonthlyReport) -> None:
    """Each slip against the re-plan in force and against the original; the re-plan listed with date and reason."""
    computed = schedule(dc, status_date=december.status_date)
    in_force = {f.id: f for f in report_figures(dc, computed, dc.baselines["replan-2023"])}
    original = {f.id: f for f in report_figures(dc, computed, dc.baselines["original-2023"])}
    for a in december.assignments:
        assert (in_force[a.id].variance, original[a.id].variance) == (a.variance, a.variance_original), a.id
    assert ("replan-2023", "original-2023") == (december.baseline, december.original_baseline)
    assert [("replan-2023", dt.date(2023, 10, 2))] == [(r.name, r.captured) for r in december.replans]
    assert "stuurgroep" in december.replans[0].reason
    text = render(december, "text").decode("utf-8")
    assert "Herijkingen: 2 oktober 2023: replan-2023 vervangt original-2023" in text


def test_colour_follows_the_chosen_baseline(dc: Portfolio, december: MonthlyReport) -> None:
    """By default the original plan drives the colour; ``colour="in-force"`` colours against the re-plan."""
    computed = schedule(dc, status_date=december.status_date)
    in_force = {f.id: f for f in report_figures(dc, computed, dc.baselines["replan-2023"])}
    original = {f.id: f for f in report_figures(dc, computed, dc.baselines["original-2023"])}
    other = monthly_report(dc, "2023-12", thresholds=Thresholds(colour="in-force"))
    line, again = _line(december, "dc-07"), _line(other, "dc-07")  # finished on its re-plan, late on the original
    assert (original["dc-07"].rag, in_force["dc-07"].rag) == (line.rag_time.value, again.rag_time.value)
    assert (Rag.RED, Rag.GREEN) == (line.rag_time, again.rag_time)
    with pytest.raises(ValueError, match="colour"):
        Thresholds(colour="latest")


def test_no_baseline_is_grey_and_never_green(december: MonthlyReport) -> None:
    """BI came after both baselines: time grey with a note, overall grey, not among the greens."""
    line = _line(december, "dc-08")
    assert (True, Rag.GREY, Rag.GREY) == (line.no_baseline, line.rag_time, line.rag)
    greens = sum(1 for a in december.running if a.rag is Rag.GREEN)
    assert greens == december.rag_counts[Rag.GREEN]
    text = render(december, "text").decode("utf-8")
    assert "Grijs bij Tijd: geen basisplanning" in text
    assert "telt nooit als groen" in text


def test_no_baseline_alone_does_not_total_green() -> None:
    """An assignment whose work is not in the baseline, with nothing else wrong, totals grey, not green."""
    p = Portfolio(
        settings=PortfolioSettings(start=dt.date(2024, 1, 8), calendar="standard"),
        activities=[Activity(id="a", duration=Duration(5)), Activity(id="b", duration=Duration(5))],
        assignments=[Assignment(id="x", title="X", activities=("a",), status=AssignmentStatus.RUNNING, client="C", contractor="D"),
                     Assignment(id="y", title="Y", activities=("b",), status=AssignmentStatus.RUNNING, client="C",
                                contractor="D")],
        baselines=[Baseline(name="plan", entries={"b": BaselineEntry(activity="b", start=dt.date(2024, 1, 8),
                                                                     finish=dt.date(2024, 1, 12))})],
        status_updates=[StatusUpdate(date=dt.date(2024, 1, 10), progress={
            i: ActivityProgress(activity=i, actual_start=dt.date(2024, 1, 8), remaining=Duration(2)) for i in "ab"},
            assignments={k: AssignmentReport(assignment=k, explanation="op schema") for k in "xy"})],
    )
    report = monthly_report(p, "2024-01")
    assert [("x", Rag.GREY, Rag.GREY), ("y", Rag.GREEN, Rag.GREEN)] == [
        (a.id, a.rag_time, a.rag) for a in report.assignments]


def test_finished_in_the_period_is_listed_as_such(august: MonthlyReport) -> None:
    """Mail finished in August: listed (marked finished), in "Afgerond in de periode", not counted as running."""
    line = _line(august, "dc-04")
    assert line.finished_in_period
    assert ("dc-04", "Mail en agenda naar SaaS") in august.finished
    assert "dc-04" not in {a.id for a in august.running}
    assert sum(august.rag_counts.values()) == len(august.running)
    text = render(august, "text").decode("utf-8")
    assert "Afgerond in de periode: dc-04 Mail en agenda naar SaaS" in text
    assert "Mail en agenda naar SaaS (afgerond in de periode)" in text


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "datacentre"
    shutil.copytree(DATACENTRE, target)
    return target


def test_history_comes_from_what_was_published(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Publish August, change a duration, report December: the August figures are the published ones, restated.

    The published figures are read back from the store (real SQLite) and compared with what the report shows.
    """
    folder = _copy(tmp_path)
    store_path = tmp_path / "published.sqlite"
    assert 0 == main(["publish", str(folder), "--period", "2023-08", "--store", str(store_path)])
    services = folder / "services" / "voorzieningen.yaml"
    text = services.read_text(encoding="utf-8")
    old = "            name: Inrichten Documentmanagement\n            duration: 35w\n"
    assert old in text
    services.write_text(text.replace(old, old.replace("35w", "45w")), encoding="utf-8")
    changed = load(folder).portfolio
    with Store.open(store_path, create=False) as store:
        published = {f.id: f for f in store.latest("2023-08").figures if f.kind == "milestone"}  # type: ignore[union-attr]
        report = monthly_report(changed, "2023-12", store=store)
    assert ("published", (("2023-08", dt.date(2023, 8, 31)),)) == (report.history_source, report.published)
    exit_trend = next(t for t in report.trends if t.id == "dc-zuid.exit")
    august_point = next(p for p in exit_trend.points if p.status_date == dt.date(2023, 8, 31))
    assert published["dc-zuid.exit"].forecast_finish == august_point.forecast
    recomputed = schedule(changed, status_date=dt.date(2023, 8, 31))["dc-zuid.exit"].finish
    assert recomputed > august_point.forecast  # today's files move it: the published figure is restated
    restated = {(r.period, r.id): r for r in report.restatements}
    mark = restated[("2023-08", "dc-zuid.exit")]
    assert (august_point.forecast, recomputed, "file") == (mark.published, mark.recomputed, mark.reason)
    assert ("2023-08", "iam.cutover") not in restated  # IAM does not depend on DMS: unchanged
    capsys.readouterr()
    assert 0 == main(["report", "monthly", str(folder), "--period", "2023-12", "--store", str(store_path)])
    out = capsys.readouterr().out
    assert "Historie: uit de gepubliceerde rapportages (augustus 2023)" in out
    assert "Herziene cijfers" in out
    assert "een gewijzigd bestand" in out
    pytest.importorskip("jinja2", reason="the HTML report needs the 'report' extra")
    html = render(report, "html", lang="en").decode("utf-8")
    assert '<h3 id="restated">Restated figures</h3>' in html
    assert "from the published reports (August 2023)" in html
    md = render(report, "md").decode("utf-8")
    assert "## Herziene cijfers" in md


def test_a_figure_published_against_another_baseline_is_restated_as_such(dc: Portfolio, tmp_path: Path) -> None:
    """December published against the original: today the re-plan is in force then, so its slips are restated."""
    with Store.open(tmp_path / "s.sqlite") as store:
        published = monthly_report(dc, "2023-12", baseline_name="original-2023")
        store.publish("2023-12", published.status_date, published.figures, baseline="original-2023")
        report = monthly_report(dc, "2024-01", store=store)
    computed = schedule(dc, status_date=published.status_date)
    today = {f.id: f for f in report_figures(dc, computed, dc.baselines["replan-2023"])}
    restated = {r.id: r for r in report.restatements}
    changed = {f.id for f in published.figures if f.variance != today[f.id].variance}
    assert changed
    assert changed == set(restated)
    assert {"baseline"} == {r.reason for r in restated.values()}
    mark = restated["dc-zuid.exit"]
    original = next(f for f in published.figures if f.id == "dc-zuid.exit")
    assert (original.variance, today["dc-zuid.exit"].variance) == (mark.published_variance, mark.recomputed_variance)


def test_without_a_store_history_is_labelled_recomputed(december: MonthlyReport) -> None:
    """No store: the history is today's recomputation, and the report says so."""
    assert ("recomputed", (), ()) == (december.history_source, december.published, december.restatements)
    assert "herberekend uit de huidige bestanden" in render(december, "text").decode("utf-8")
    assert "recomputed from today's files" in render(december, "text", lang="en").decode("utf-8")


@pytest.mark.parametrize(("folder", "period"), [("logius", "2023-08"), ("logius", "2023-12"),
                                                ("datacentre", "2023-08"), ("datacentre", "2023-12")])
def test_json_validates_against_its_schema(folder: str, period: str) -> None:
    """``--format json`` of both examples validates against the schema shipped in the package."""
    report = monthly_report(load(EXAMPLES / folder).portfolio, period)
    doc = json.loads(render(report, "json"))
    jsonschema.Draft202012Validator.check_schema(load_report_schema())
    jsonschema.validate(doc, load_report_schema(), format_checker=jsonschema.FormatChecker())
    assert doc == report_dict(report)
    assert [f.id for f in report.figures] == [f["id"] for f in doc["figures"]]


def test_cli_json_names_both_baselines_and_the_missed_date(capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI writes JSON to stdout: both baselines, the colour's, and the exit's missed date under dc-09."""
    assert 0 == main(["report", "monthly", str(DATACENTRE), "--period", "2023-12", "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert {"in_force": "replan-2023", "original": "original-2023", "colour": "original"} == {
        k: doc["baseline"][k] for k in ("in_force", "original", "colour")}
    dc09 = next(a for a in doc["assignments"] if a["id"] == "dc-09")
    assert [("dc-zuid.exit", "2024-12-20")] == [(m["id"], m["date"]) for m in dc09["missed"]]


def test_a_schema_violation_is_caught() -> None:
    """The schema is strict: an unknown key or a date that is not ISO fails validation."""
    report = monthly_report(load(DATACENTRE).portfolio, "2023-12")
    doc = report_dict(report)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**doc, "extra": 1}, load_report_schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**doc, "status_date": "29-12-2023"}, load_report_schema())


def test_one_sign_convention_and_percent_decimals(december: MonthlyReport) -> None:
    """Slips are signed in every table (+30 in the overview and the milestone tables); norms keep decimals."""
    text = render(december, "text").decode("utf-8")
    milestone = next(line for line in text.splitlines() if line.strip().startswith("iam.cutover "))
    assert "+30" in milestone
    assert "+105" in milestone
    row = next(line for line in text.splitlines() if line.startswith("crm "))
    assert "99,20" in row
    assert "99,50" in row
    md = render(december, "md").decode("utf-8")
    header = next(line for line in md.splitlines() if line.startswith("| Nr. |"))
    assert "Besteed" in header  # the same columns in every format


def test_weekend_calendar_counts_days() -> None:
    """On a calendar that works weekends, slips are labelled in days, not in working days (wd)."""
    p = Portfolio(
        settings=PortfolioSettings(start=dt.date(2024, 1, 8), calendar="7x24"),
        calendars=[CalendarSpec(id="7x24", workweek=(0, 1, 2, 3, 4, 5, 6))],
        activities=[Activity(id="a", duration=Duration(5))],
        assignments=[Assignment(id="x", title="X", activities=("a",), status=AssignmentStatus.RUNNING)],
        baselines=[Baseline(name="plan", entries={"a": BaselineEntry(activity="a", start=dt.date(2024, 1, 8),
                                                                     finish=dt.date(2024, 1, 10))})],
        status_updates=[StatusUpdate(date=dt.date(2024, 1, 9))],
    )
    report = monthly_report(p, "2024-01")
    assert "days" == report.day_unit
    nl, en = render(report, "text").decode("utf-8"), render(report, "text", lang="en").decode("utf-8")
    assert "Uitloop (dagen)" in nl
    assert "Uitloop (wd)" not in nl
    assert "Slippage (days)" in en


@pytest.mark.parametrize(("folder", "period"), [("logius", "2023-08"), ("logius", "2023-12"),
                                                ("datacentre", "2023-08"), ("datacentre", "2023-12")])
def test_every_assignment_lists_its_migrations_findings_and_missed_dates(folder: str, period: str) -> None:
    """On both examples: each line holds every migration its scope touches, every finding whose subject is in
    its scope, and a missed date for every negative float its work carries (checked against the schedule and
    the rules, run here on their own)."""
    from portfolio.rules import run_rules  # noqa: PLC0415 - only this test runs the rules itself

    p = load(EXAMPLES / folder).portfolio
    report = monthly_report(p, period)
    computed = schedule(p, status_date=report.status_date)
    findings = run_rules(p, computed, as_of=report.status_date).findings
    for line in report.assignments:
        a = p.assignments[line.id]
        scope = set(p.assignment_scope(line.id))
        touched = {act.migration for i in scope if (act := p.activities[i]).migration is not None} | set(a.migrations)
        assert touched <= {m.id for m in line.migrations}, line.id
        subjects = scope | touched | set(a.services) | set(a.key_milestones) | {line.id}
        expected = {(f.rule, f.subject) for f in findings if f.subject in subjects}
        assert expected <= {(f.rule, f.subject) for f in line.findings}, line.id
        negative = {i for i in scope if computed[i].total_float < 0 and not computed[i].finished}
        assert bool(negative) == bool(line.missed), line.id
        if negative:
            assert line.rag_time is Rag.RED
