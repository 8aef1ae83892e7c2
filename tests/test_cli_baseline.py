"""``baseline capture --status-date D`` when no status update is dated D (issue 10 item 12, docs/scheduling.md).

The example has status updates of 2023-04-28, 2023-08-31 and 2023-12-29.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from portfolio.cli import main
from portfolio.io import load

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"


@pytest.fixture
def folder(tmp_path):
    """A copy of the example, so the captured baseline stays out of the source tree."""
    return Path(shutil.copytree(EXAMPLE, tmp_path / "logius"))


def capture(folder, day: str, capsys) -> tuple[int, str]:
    code = main(["baseline", "capture", str(folder), "--name", "as-of", "--status-date", day, "--reason", "test"])
    return code, capsys.readouterr().err


def test_capture_between_status_updates_warns_and_says_what_it_holds(folder, capsys):
    """16 October 2023: the progress of 31 August, every activity not started by then after 16 October."""
    code, err = capture(folder, "2023-10-16", capsys)
    assert 0 == code
    assert ("portfolio baseline capture: warning: no status update is dated 2023-10-16: the baseline holds the "
            "progress of the status update of 2023-08-31 (nothing is taken as done after that day) and schedules "
            "all unfinished work after 2023-10-16; 1 later status update not used") in err
    portfolio = load(folder).portfolio
    baseline = portfolio.baselines["as-of"]
    reported = portfolio.status_update(dt.date(2023, 8, 31))
    assert reported is not None
    unstarted = [key for key in baseline.entries if key not in reported.progress]
    assert unstarted  # the check below is about something
    assert [] == [key for key in unstarted if baseline.entries[key].start <= dt.date(2023, 10, 16)]
    # what had finished by 31 August keeps its actual dates
    advice = reported.progress["acict.advice"]
    assert (advice.actual_start, advice.actual_finish) == (baseline.entries["acict.advice"].start,
                                                          baseline.entries["acict.advice"].finish)


def test_capture_before_any_status_update_holds_no_progress(folder, capsys):
    """1 March 2023 lies before the first status update: the baseline holds no progress at all."""
    code, err = capture(folder, "2023-03-01", capsys)
    assert 0 == code
    assert ("warning: no status update is dated 2023-03-01: the baseline holds no progress at all (no status "
            "update is dated earlier) and schedules all unfinished work after 2023-03-01; 3 later status updates "
            "not used") in err
    baseline = load(folder).portfolio.baselines["as-of"]
    assert dt.date(2023, 3, 2) == min(e.start for e in baseline.entries.values())


def test_capture_on_a_status_update_says_nothing(folder, capsys):
    """On the date of a status update there is nothing to warn about."""
    code, err = capture(folder, "2023-08-31", capsys)
    assert 0 == code
    assert "warning: no status update" not in err
