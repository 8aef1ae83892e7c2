"""MS Project XML export: export then import gives the identical schedule, and the file says what MS Project needs."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from export_strategies import portfolios
from portfolio.io import load
from portfolio.io.export import to_mspdi
from portfolio.io.mspdi import parse_mspdi
from portfolio.model import (
    Activity,
    Baseline,
    BaselineEntry,
    Duration,
    Migration,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
    Service,
)
from portfolio.scheduling import ActivitySchedule, schedule

NS = "{http://schemas.microsoft.com/project}"


def figures(row: ActivitySchedule) -> tuple[Any, ...]:
    return (row.start, row.finish, row.early_start, row.early_finish, row.late_start, row.late_finish,
            row.total_float, row.free_float, row.critical, row.progress)


def round_trip_differences(portfolio: Portfolio) -> list[tuple[str, tuple[Any, ...], tuple[Any, ...]]]:
    """The activities whose figures differ between the portfolio and its export read back (id ``t<k>``)."""
    back, diagnostics = parse_mspdi(to_mspdi(portfolio), "export.xml")
    # the importer's own caveats about manual tasks (their typed dates, MS Project's SS rule) are the only words
    manual = {f"t{k}" for k, a in enumerate(portfolio.activities.values(), start=1) if a.manual}
    assert [] == [str(d) for d in diagnostics if d.code != "mspdi-unsupported" or d.subject not in manual]
    ours, theirs = schedule(portfolio), schedule(back)
    assert theirs.diagnostics == () or {d.code for d in theirs.diagnostics} == {d.code for d in ours.diagnostics}
    assert (ours.status_date, ours.start, ours.finish) == (theirs.status_date, theirs.start, theirs.finish)
    found = []
    for k, ident in enumerate(portfolio.activities, start=1):
        mine, read = figures(ours[ident]), figures(theirs[f"t{k}"])
        if mine != read:
            found.append((ident, mine, read))
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio=portfolios())
def test_export_then_import_gives_the_identical_schedule(portfolio: Portfolio) -> None:
    """Every activity's forecast, early and late dates, floats, critical flag and progress state."""
    assert [] == round_trip_differences(portfolio)


def test_the_example_portfolio_round_trips() -> None:
    portfolio = load("examples/logius").portfolio
    assert len(portfolio.activities) > 100
    assert [] == round_trip_differences(portfolio)


REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
REFERENCE_FILES = sorted(p for p in REFERENCE.glob("*") if p.suffix in (".xml", ".xer")) if REFERENCE.is_dir() else []


@pytest.mark.skipif(not REFERENCE_FILES, reason="shared/reference is not beside the repository")
@pytest.mark.parametrize("path", REFERENCE_FILES, ids=lambda p: p.name)
def test_the_reference_plans_round_trip(path: Path) -> None:
    """Plans MS Project and P6 saved, imported, exported and imported again: the same schedule."""
    assert [] == round_trip_differences(load(path).portfolio)


def tasks(data: bytes) -> list[ET.Element]:
    return list(ET.fromstring(data).iter(f"{NS}Task"))


def field(task: ET.Element, name: str) -> str | None:
    child = task.find(f"{NS}{name}")
    return None if child is None else child.text


def grouped() -> Portfolio:
    return Portfolio(
        settings=PortfolioSettings(start=dt.date(2024, 1, 8), calendar="rijk"),
        services=[Service(id="digid", name="DigiD")],
        migrations=[Migration(id="digid.lpc", service="digid", name="Naar LPC")],
        activities=[Activity(id="digid.plan", name="Plan", duration=Duration(3), service="digid"),
                    Activity(id="digid.move", name="Move <&> \"x\"\x1b", duration=Duration(5),
                             migration="digid.lpc"),
                    Activity(id="done", name="Done")],
        relations=[Relation(predecessor="digid.plan", successor="digid.move", type=RelationType.SS,
                            lag=Duration(2)),
                   Relation(predecessor="digid.move", successor="done", lag=Duration(3, elapsed=True))],
        baselines=[Baseline(name="old", entries={"done": BaselineEntry(activity="done", start=dt.date(2024, 1, 1),
                                                                        finish=dt.date(2024, 1, 1))}),
                   Baseline(name="new", current=True, entries={"digid.plan": BaselineEntry(
                       activity="digid.plan", start=dt.date(2024, 1, 8), finish=dt.date(2024, 1, 10))})])


def test_activities_sit_under_summary_tasks_per_service_and_migration() -> None:
    rows = [(field(t, "Name"), field(t, "OutlineNumber"), field(t, "Summary"), field(t, "UID"))
            for t in tasks(to_mspdi(grouped()))]
    assert rows == [("portfolio", "0", "1", "0"), ("DigiD", "1", "1", "4"), ("Plan", "1.1", "0", "1"),
                    ("Naar LPC", "1.2", "1", "5"), ("Move <&> \"x\"\ufffd", "1.2.1", "0", "2"),
                    ("Done", "2", "0", "3")]


def test_the_text1_field_holds_the_portfolio_id() -> None:
    ids = [t.find(f"{NS}ExtendedAttribute/{NS}Value").text for t in tasks(to_mspdi(grouped()))  # type: ignore[union-attr]
           if t.find(f"{NS}ExtendedAttribute") is not None]
    assert ids == ["digid.plan", "digid.move", "done"]


def test_links_carry_type_and_lag_in_their_format() -> None:
    by_uid = {field(t, "UID"): t for t in tasks(to_mspdi(grouped()))}
    move, done = (by_uid[u].find(f"{NS}PredecessorLink") for u in ("2", "3"))
    assert move is not None
    assert done is not None
    assert [field(move, n) for n in ("PredecessorUID", "Type", "LinkLag", "LagFormat")] == ["1", "3", "9600", "7"]
    assert [field(done, n) for n in ("PredecessorUID", "Type", "LinkLag", "LagFormat")] == ["2", "1", "43200", "8"]


def test_the_current_baseline_is_baseline_0() -> None:
    by_uid = {field(t, "UID"): t for t in tasks(to_mspdi(grouped()))}
    plan = by_uid["1"].find(f"{NS}Baseline")
    done = by_uid["3"].find(f"{NS}Baseline")
    assert plan is not None
    assert done is not None
    assert (field(plan, "Number"), field(plan, "Start"), field(plan, "Finish"), field(plan, "Duration")) == (
        "0", "2024-01-08T08:00:00", "2024-01-10T17:00:00", "PT24H0M0S")
    assert field(done, "Number") == "1"
    back = parse_mspdi(to_mspdi(grouped())).portfolio
    assert [(b.name, b.current) for b in back.baselines.values()] == [("baseline", True), ("baseline1", False)]


def test_built_in_holidays_become_exceptions() -> None:
    root = ET.fromstring(to_mspdi(grouped()))
    closed = [(e.findtext(f"{NS}TimePeriod/{NS}FromDate"), e.findtext(f"{NS}TimePeriod/{NS}ToDate"))
              for e in root.iter(f"{NS}Exception")]
    assert ("2024-12-25T00:00:00", "2024-12-26T23:59:00") in closed  # Christmas, both days, one exception
    assert ("2024-03-29T00:00:00", "2024-03-29T23:59:00") in closed  # Good Friday (rijk)
    assert ("2026-12-25T00:00:00", "2026-12-25T23:59:00") in closed  # two years after the last date
    assert not any(first.startswith("2027") for first, _ in closed)
