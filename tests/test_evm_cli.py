"""``portfolio evm`` on the shipped example and on small portfolios that lack what earned value needs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from portfolio.cli import main
from portfolio.cli.evm import COLUMNS

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"

#: The JSON keys the issue names, spelled as the figures.
KEYS = ("bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac", "etc", "vac", "tcpi", "earned_schedule", "spi_t",
        "sv_t", "ieac_t")


def test_json_has_every_figure_per_status_update(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evm", str(EXAMPLE), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["status_dates"] == ["2023-04-28", "2023-08-31", "2023-12-29"]
    row = next(r for r in document["rows"] if r["id"] == "opd-2023-003" and r["date"] == "2023-08-31")
    assert set(KEYS) <= set(row)
    assert row["bac"] == 9_500_000
    assert row["ev"] <= row["bac"]
    assert row["cv"] == pytest.approx(row["ev"] - row["ac"], abs=1e-5)
    assert row["spi_t"] == pytest.approx(row["earned_schedule"] / row["actual_time"], abs=1e-5)
    # a figure that cannot be computed is null, with its reason
    assert all(r["eac_bottom_up"] is None for r in document["rows"])
    reasons = next(r for r in document["reasons"] if r["id"] == "opd-2023-003")
    assert "eac_bottom_up" in reasons["reasons"]


def test_text_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evm", str(EXAMPLE), "--lang", "en"]) == 0
    english = capsys.readouterr()
    assert "Earned value at 2023-12-29 (baseline replan-2023)" in english.out
    assert "€41,950,000" in english.out  # the portfolio's BAC: the sum of the budgets that can be planned
    assert "warning[evm-no-realised]" not in english.err  # December has every assignment's spend
    assert main(["evm", str(EXAMPLE)]) == 0
    dutch = capsys.readouterr().out
    assert "opdracht" in dutch
    assert "voorziening" in dutch
    assert "€ 41.950.000" in dutch
    assert "assignment " not in dutch


def test_csv_one_row_per_subject_and_status_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evm", str(EXAMPLE), "--format", "csv", "--status-date", "2023-08-31"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert tuple(rows[0]) == COLUMNS
    assert {r["date"] for r in rows} == {"2023-08-31"}
    assert [r["level"] for r in rows].count("portfolio") == 1


def test_csv_negative_figures_are_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    """A negative variance is written as a number (-1.5), not as spreadsheet text ('-1.5) as a name would be."""
    assert main(["evm", str(EXAMPLE), "--format", "csv", "--status-date", "2023-08-31"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    negative = [r["sv"] for r in rows if r["sv"].lstrip("'").startswith("-")]
    assert negative
    assert all(float(value) < 0 for value in negative)


def test_warnings_are_located(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evm", str(EXAMPLE), "--status-date", "2023-04-28"]) == 0
    err = capsys.readouterr().err
    assert "status/2023-04-28.yaml:" in err
    assert "warning[evm-no-realised]" in err
    assert "opd-2023-005" in err


def test_no_status_update_before_the_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evm", str(EXAMPLE), "--status-date", "2023-01-31"]) == 1
    err = capsys.readouterr().err
    assert "error[evm-no-status-update]" in err
    assert "on or before 2023-01-31" in err


def test_no_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "p.yaml").write_text(
        "activities:\n  - {id: a.work, duration: 10d}\n"
        "assignments:\n  - {id: opd, title: Werk, activities: [a.work], budget: 100000}\n"
        "status:\n  date: 2024-01-31\n  assignments: {opd: {realised: 5000}}\n", encoding="utf-8")
    assert main(["evm", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "p.yaml:6:3: error[evm-no-baseline]" in err
    assert "portfolio baseline capture" in err


def test_no_budget(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "p.yaml").write_text(
        "activities:\n  - {id: a.work, duration: 10d}\n"
        "assignments:\n  - {id: opd, title: Werk, activities: [a.work]}\n"
        "baseline:\n  name: b\n  activities:\n    a.work: {start: 2024-01-01, finish: 2024-01-12}\n"
        "status:\n  date: 2024-01-31\n", encoding="utf-8")
    assert main(["evm", str(tmp_path), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "p.yaml:4:5: warning[evm-no-budget]: assignment 'opd' has no budget" in captured.err
    assert json.loads(captured.out)["rows"] == []
