"""``portfolio level`` and ``portfolio waves`` on the Logius example and on bad capacity."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from portfolio.capacity import level, overloads, read_capacity
from portfolio.cli import main
from portfolio.io import load

EXAMPLE = Path(__file__).parent.parent / "examples" / "logius"
FIXTURES = Path(__file__).parent / "fixtures" / "capacity"


def test_level_json_on_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["level", str(EXAMPLE), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    easi = next(e for e in doc["exits"] if e["platform"] == "easi")
    # the same figures as the library's, and the levelled exit is later than the CPM one
    portfolio, _ = load(EXAMPLE)
    capacity, _ = read_capacity(EXAMPLE)
    result = level(portfolio, capacity)
    assert easi == {"platform": "easi", "cpm": result.base["easi.exit"].finish.isoformat(),
                    "levelled": result.levelled["easi.exit"].finish.isoformat()}
    assert easi["levelled"] > easi["cpm"]
    assert len(doc["delayed"]) == len(result.delays)
    assert doc["overloads"]["cpm"]  # unlimited people overload the teams
    since = result.base.status_date
    # after levelling only work already started (fixed) can still overload
    started = {r.id for r in result.base if r.progress.value != "not-started"}
    assert len(doc["overloads"]["levelled"]) == len(overloads(portfolio, capacity, result.levelled, since=since))
    assert started


def test_level_check_fails_on_an_overloaded_plan(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["level", str(EXAMPLE), "--check", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "exit easi:" in out
    assert "overloads (CPM (unlimited capacity)):" in out


def test_level_text_is_dutch_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["level", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("einde: CPM (onbeperkte capaciteit)")
    assert "uitgestelde activiteiten" in out
    assert "delayed" not in out


def test_level_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["level", str(EXAMPLE), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "id,cpm_start,levelled_start,working_days_later"
    assert len(lines) > 10


def test_waves_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["waves", str(EXAMPLE), "--format", "json", "--months", "3"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert [w["wave"] for w in plan] == list(range(1, len(plan) + 1))
    assert all(w["start"] <= w["finish"] for w in plan)
    cutovers = [c for w in plan for c in w["cutovers"]]
    assert "digipoort.cutover" in cutovers
    assert len(cutovers) == len(set(cutovers))
    assert {t["team"] for t in plan[0]["load"]} == {"migratie", "platform", "beheer"}


def test_bad_capacity_is_a_located_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIXTURES / "base.yaml", tmp_path / "base.yaml")
    shutil.copy(FIXTURES / "capacity-unknown-team_1.yaml", tmp_path / "capacity.yaml")
    assert main(["level", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "capacity.yaml:6:7: error[capacity-unknown-team]" in err
    assert "did you mean 'migratie'?" in err
    assert "Traceback" not in err


def test_level_exact_on_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    """CP-SAT gets EASI off earlier than the priority rule does, and proves it optimal."""
    pytest.importorskip("ortools")
    assert main(["level", str(EXAMPLE), "--exact", "60", "--target", "easi.exit", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "CP-SAT: optimal" in captured.err
    easi = next(e for e in json.loads(captured.out)["exits"] if e["platform"] == "easi")
    portfolio, _ = load(EXAMPLE)
    capacity, _ = read_capacity(EXAMPLE)
    heuristic = level(portfolio, capacity).levelled["easi.exit"].finish.isoformat()
    assert easi["cpm"] < easi["levelled"] < heuristic


def test_level_exact_unknown_target(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("ortools")
    assert main(["level", str(EXAMPLE), "--exact", "5", "--target", "easi.exti"]) == 2
    assert "no activity 'easi.exti'" in capsys.readouterr().err


@pytest.mark.parametrize("seconds", ["0", "-5", "nan", "inf", "1e308", "soon"])
def test_level_exact_time_limit_is_checked(seconds: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A time limit of 0, below 0, not a number or without end is a usage error (2), before any solving."""
    with pytest.raises(SystemExit) as stopped:
        main(["level", str(EXAMPLE), "--exact", seconds])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "--exact" in err
    assert "CP-SAT" not in err
