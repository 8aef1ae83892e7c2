"""P6 XER export: export then import (portfolio.io.p6) gives the identical schedule; the WBS holds the services."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from export_strategies import portfolios
from portfolio.io import load
from portfolio.io.export import to_xer
from portfolio.io.p6 import parse_xer
from portfolio.io.p6._reader import slug
from portfolio.model import Portfolio
from portfolio.scheduling import schedule
from test_export_mspdi import REFERENCE_FILES, figures, grouped


def differences(portfolio: Portfolio) -> list[tuple[str, object, object]]:
    """Activities whose figures differ between the portfolio and its XER export read back (id: its slug)."""
    back, diagnostics = parse_xer(to_xer(portfolio), "export.xer")
    assert [] == [str(d) for d in diagnostics]
    ours, theirs = schedule(portfolio), schedule(back)
    assert (ours.status_date, ours.start, ours.finish) == (theirs.status_date, theirs.start, theirs.finish)
    return [(i, figures(ours[i]), figures(theirs[slug(i)])) for i in portfolio.activities
            if figures(ours[i]) != figures(theirs[slug(i)])]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio=portfolios(manual=False, elapsed=False))
def test_export_then_import_gives_the_identical_schedule(portfolio: Portfolio) -> None:
    """Calendars, relations with lags and leads, every constraint, deadlines, progress: the same figures."""
    assert [] == differences(portfolio)


def test_the_example_portfolio_round_trips() -> None:
    assert [] == differences(load("examples/logius").portfolio)


@pytest.mark.skipif(not REFERENCE_FILES, reason="shared/reference is not beside the repository")
@pytest.mark.parametrize("path", REFERENCE_FILES, ids=lambda p: p.name)
def test_the_reference_plans_round_trip(path: Path) -> None:
    portfolio = load(path).portfolio
    if any(a.manual or a.duration.elapsed for a in portfolio.activities.values()):
        pytest.skip("manual tasks and elapsed durations are not written to XER (docs/interop.md)")
    assert [] == differences(portfolio)


def test_services_and_migrations_come_back_from_the_wbs() -> None:
    back = parse_xer(to_xer(grouped())).portfolio
    assert [(s.id, s.name) for s in back.services.values()] == [("digid", "DigiD")]
    assert [(m.id, m.service, m.name) for m in back.migrations.values()] == [("digid.lpc", "digid", "Naar LPC")]
    assert {a.id: (a.service, a.migration) for a in back.activities.values()} == {
        "digid-plan": ("digid", None), "digid-move": ("digid", "digid.lpc"), "done": (None, None)}


def test_names_keep_to_one_field() -> None:
    data = to_xer(grouped())
    lines = data.decode("utf-8").splitlines()
    start = lines.index("%T\tTASK")
    width = len(lines[start + 1].split("\t"))
    rows = [line for line in lines[start + 2:] if line.startswith("%R")][:3]
    assert [len(r.split("\t")) for r in rows] == [width] * 3
    back = parse_xer(data).portfolio
    assert back.activities["digid-move"].name == 'Move <&> "x" '  # the control character became a space
