"""``portfolio risk``: the text report in Dutch and English, JSON, CSV, seeds and usage errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from portfolio.cli import main

EXAMPLE = str(Path(__file__).resolve().parent.parent / "examples" / "logius")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["risk", EXAMPLE, "--runs", "1500", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_dutch_report_answers_the_question(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 0, err
    assert "Kans dat easi.exit uiterlijk 2024-12-31 gereed is: " in out
    assert "deterministisch" in out
    assert "personeelstekort" in out
    assert err == ""  # no progress bar when standard error is not a terminal


def test_the_english_report_says_it_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--lang", "en")
    assert code == 0
    assert "Chance that easi.exit is done by 2024-12-31: " in out
    assert "Kans" not in out
    assert "deterministisch" not in out


def test_json_holds_the_percentiles_and_the_risks(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "json", "--seed", "3")
    assert code == 0
    data = json.loads(out)
    exit_row = data["milestones"][0]
    assert (data["milestone"], exit_row["id"], exit_row["deadline"]) == ("easi.exit", "easi.exit", "2024-12-31")
    assert exit_row["p10"] <= exit_row["p50"] <= exit_row["p80"] <= exit_row["p90"]
    assert {r["id"] for r in data["risks"]} == {"digipoort-landing", "lpc-picard-gereedheid", "personeelstekort"}


def test_the_same_seed_prints_the_same_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "--format", "csv", "--seed", "9")[1]
    again = run(capsys, "--format", "csv", "--seed", "9")[1]
    other = run(capsys, "--format", "csv", "--seed", "10")[1]
    assert first == again
    assert first != other
    rows = list(csv.DictReader(io.StringIO(first)))
    assert rows[0]["id"] == "easi.exit"
    assert 0.0 <= float(rows[0]["probability"]) <= 1.0


def test_another_milestone_and_deadline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "json", "--milestone", "digipoort.cutover", "--deadline", "2030-01-01")
    assert code == 0
    data = json.loads(out)
    assert data["milestone"] == "digipoort.cutover"
    assert data["milestones"][0]["probability"] == 1.0


def test_an_unknown_milestone_is_a_usage_error_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--milestone", "easi.exti")
    assert (code, out) == (2, "")
    assert "did you mean 'easi.exit'?" in err


@pytest.mark.parametrize("bad", [["--runs", "0"], ["--runs", "many"], ["--seed", "-1"]])
def test_bad_numbers_are_refused(capsys: pytest.CaptureFixture[str], bad: list[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["risk", EXAMPLE, *bad])
    assert stop.value.code == 2
    assert "error" in capsys.readouterr().err
