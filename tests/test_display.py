"""Notebook display and DataFrames: compact escaped HTML, short reprs, and typed to_pandas() columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from portfolio.io import load
from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings, Relation, Service
from portfolio.rules import run_rules
from portfolio.scheduling import schedule
from portfolio.slippage import attribute, history, select_baseline, variance

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"
HOSTILE = '<script>alert("x")</script>'


@pytest.fixture(scope="module")
def example():
    """The shipped example with its schedule, loaded once."""
    portfolio = load(EXAMPLE).portfolio
    return portfolio, schedule(portfolio)


def big(n: int) -> Portfolio:
    """A chain of ``n`` activities named with markup, every one of them critical."""
    return Portfolio(
        settings=PortfolioSettings(start=dt.date(2024, 1, 8), name=HOSTILE),
        services=[Service(id="s", name=HOSTILE, domain="<b>")],
        activities=[Activity(id=f"a{i}", name=HOSTILE, duration=Duration(1)) for i in range(n)],
        relations=[Relation(predecessor=f"a{i}", successor=f"a{i + 1}") for i in range(n - 1)],
    )


def test_user_text_is_escaped():
    """Names from the files are escaped in every table: no markup from the data reaches the page."""
    p = big(3)
    for page in (p._repr_html_(), schedule(p)._repr_html_()):
        assert "<script>" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_a_big_schedule_shows_twenty_rows_and_counts_the_rest():
    """2,000 critical activities show as 20 rows and one '… 1980 more' row, not a 2,000-row table."""
    page = schedule(big(2000))._repr_html_()
    assert 20 + 1 + 1 == page.count("<tr>")  # the rows, the "more" row, the header
    assert "… 1980 more" in page
    assert "critical: <strong>2000</strong>" in page


def test_reprs_are_one_line(example):
    """The reprs summarise instead of dumping every record."""
    portfolio, computed = example
    baseline = select_baseline(portfolio)
    texts = [
        repr(portfolio),
        repr(computed),
        repr(variance(portfolio, computed, baseline)),
        repr(history(portfolio)),
        repr(run_rules(portfolio, computed)),
    ]
    assert [1] * 5 == [len(t.splitlines()) for t in texts]
    expected = (
        "<Portfolio 'Logius migratieportfolio': 22 services, 8 platforms, 24 migrations, 157 activities, 219 relations>"
    )
    assert expected == texts[0]
    assert all(len(t) < 200 for t in texts)


def test_portfolio_html_lists_services_and_open_decisions(example):
    """The portfolio shows its counts and each service's landing, open decisions as 'open: a / b'."""
    page = example[0]._repr_html_()
    assert "open decisions: <strong>2</strong>" in page
    assert "<td>open: lpc / picard / public-cloud</td>" in page
    assert "… 2 more" in page  # 22 services


def test_variance_html_colours_by_rag(example):
    """The activities that slipped most come first, red beyond 20 working days; the other late ones are counted."""
    portfolio, computed = example
    page = variance(portfolio, computed, select_baseline(portfolio))._repr_html_()
    assert 20 == page.count("background:#ffcdd2")
    assert "late: <strong>83</strong>" in page
    assert "… 63 more" in page
    first = page.split("<tr>")[2]
    assert "<td>easi.exit</td>" not in first
    assert "+" in first


def test_findings_html_puts_waived_last(example):
    """Active findings come first with their severity colour; the waived ones are last and uncoloured."""
    portfolio, computed = example
    page = run_rules(portfolio, computed)._repr_html_()
    rows = page.split("<tr>")[2:]
    waived = [row for row in rows if "✓" in row]
    assert len(waived) == 11  # digipoort.rebuild, and the capacity overloads the programme board accepted
    assert rows[-len(waived):] == waived
    assert any("digipoort.rebuild" in row for row in waived)
    assert all("background" not in row for row in waived)
    assert all("background:#ffe0b2" in row for row in rows[:-len(waived)])


def test_schedule_frame_is_typed(example):
    """Dates are datetime64, floats int64, flags bool, progress an ordered category; values match the records."""
    pd = pytest.importorskip("pandas")
    computed = example[1]
    frame = computed.to_pandas()
    assert len(computed) == len(frame)
    for column in ("start", "finish", "early_start", "early_finish", "late_start", "late_finish"):
        assert "datetime64[ns]" == str(frame[column].dtype)
    for column in ("duration", "remaining", "total_float", "free_float"):
        assert "int64" == str(frame[column].dtype)
    assert ("bool", "bool") == (str(frame["critical"].dtype), str(frame["milestone"].dtype))
    assert ["not-started", "in-progress", "finished"] == list(frame["progress"].cat.categories)
    assert frame["progress"].cat.ordered
    row = frame.set_index("id").loc["easi.exit"]
    record = computed["easi.exit"]
    assert (pd.Timestamp(record.finish), record.total_float, record.progress.value, "digipoort.easi-off") == (
        row["finish"],
        row["total_float"],
        row["progress"],
        row["driving"],
    )
    assert len(computed.critical()) == int(frame["critical"].sum())


def test_variance_frames_are_typed(example):
    """Per activity int64 variances and a RAG category; roll-ups nullable Int64 where the baseline lacks a group."""
    pytest.importorskip("pandas")
    portfolio, computed = example
    report = variance(portfolio, computed, select_baseline(portfolio))
    frame = report.to_pandas()
    assert len(report.activities) == len(frame)
    assert ("int64", "datetime64[ns]", "category") == (
        str(frame["finish_variance"].dtype),
        str(frame["baseline_finish"].dtype),
        str(frame["rag"].dtype),
    )
    assert ["green", "amber", "red", "grey", "new"] == list(frame["rag"].cat.categories)
    assert report["easi.exit"].finish_variance == frame.set_index("id").loc["easi.exit", "finish_variance"]
    services = report.to_pandas("service")
    assert "Int64" == str(services["finish_variance"].dtype)
    assert len(report.rollups["service"]) == len(services)
    with pytest.raises(ValueError, match="level is"):
        report.to_pandas("domain")


def test_history_frame_is_the_mta_in_long_form(example):
    """One row per milestone and status date; pivoting gives the MTA table; the first change is missing."""
    pd = pytest.importorskip("pandas")
    trend = history(example[0])
    frame = trend.to_pandas()
    assert len(trend.milestones) * len(trend.status_dates) == len(frame)
    assert "Int64" == str(frame["change"].dtype)
    assert frame.loc[frame["status_date"] == pd.Timestamp(trend.status_dates[0]), "change"].isna().all()
    assert frame.loc[frame["status_date"] != pd.Timestamp(trend.status_dates[0]), "change"].notna().all()
    table = frame.pivot(index="status_date", columns="milestone", values="forecast")
    assert pd.Timestamp(trend["easi.exit"].points[-1].forecast) == table["easi.exit"].iloc[-1]


def test_attribution_frame_sums_to_the_variance(example):
    """The contributions' working days add up to the milestone's variance; the cause is a category."""
    pytest.importorskip("pandas")
    portfolio, computed = example
    found = attribute(portfolio, computed, "easi.exit", select_baseline(portfolio))
    frame = found.to_pandas()
    assert found.working_days == frame["working_days"].sum()
    assert "category" == str(frame["cause"].dtype)
    assert found.summary().replace("'", "&#x27;") in found._repr_html_()


def test_findings_frame_is_typed(example):
    """Severity is an ordered category (info < warning < error); the waived finding has its waiver's expiry."""
    pytest.importorskip("pandas")
    portfolio, computed = example
    frame = run_rules(portfolio, computed).to_pandas()
    assert ["info", "warning", "error"] == list(frame["severity"].cat.categories)
    assert frame["severity"].cat.ordered
    assert ("Int64", "datetime64[ns]") == (str(frame["line"].dtype), str(frame["expires"].dtype))
    waived = frame[frame["waived"]]
    assert ["beheer", "digipoort.rebuild", "lpc", "migratie"] == sorted(set(waived["subject"]))
    assert waived["expires"].notna().all()


def test_portfolio_frames(example):
    """The portfolio's activities and services as frames; an unknown table is an error."""
    pytest.importorskip("pandas")
    portfolio = example[0]
    assert len(portfolio.activities) == len(portfolio.to_pandas())
    services = portfolio.to_pandas("services")
    assert "open: lpc / picard / public-cloud" == services.set_index("id").loc["digipoort", "migrates_to"]
    assert "float64" == str(services["availability_norm"].dtype)
    with pytest.raises(ValueError, match="activities' or 'services'"):
        portfolio.to_pandas("platforms")


def test_monthly_report_html_and_frame(example):
    """The report data displays one coloured row per running assignment, escaped, and converts to a typed frame."""
    pd = pytest.importorskip("pandas")
    from portfolio.report import monthly_report  # noqa: PLC0415 - the report layer, used only here

    portfolio, _schedule = example
    assignments = dict(portfolio.assignments)
    first = next(iter(assignments))
    assignments[first] = attrs.evolve(assignments[first], title="<script>alert(1)</script>")
    report = monthly_report(attrs.evolve(portfolio, assignments=assignments), "2023-08")
    page = report._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert len(report.assignments) == page.count("<tr>") - 1  # one header row
    assert "original-2023" in repr(report)
    frame = report.to_pandas()
    assert [a.id for a in report.assignments] == list(frame["id"])
    assert "datetime64[ns]" == str(frame["finish"].dtype)
    assert isinstance(frame["rag"].dtype, pd.CategoricalDtype)
    assert ["green", "amber", "red", "grey", "new"] == list(frame["rag"].cat.categories)
    assert "Int64" == str(frame["variance"].dtype)
