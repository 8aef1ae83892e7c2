"""Dates do not depend on the installed ``holidays`` package (issue 10's "done means").

``portfolio schedule PATH --format json`` of the shipped example and of the
``good-friday`` fixture (dates across Goede Vrijdag, Koningsdag, 5 May and
Hemelvaartsdag) is run in a subprocess three times: in the virtualenv as it
is (the project no longer depends on ``holidays``), with ``holidays`` 0.45
and with the newest release (0.83 and later close Good Friday in NL, 0.45
does not), each installed by pip, with its dependencies, into its own
``--target`` folder put first on ``PYTHONPATH``. The three outputs must be
the same bytes, the calendars' fingerprint the same, and ``portfolio`` must
never import ``holidays``. The installs are made once per test session;
without an index to fetch from, the tests are skipped, saying so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "logius"
GOOD_FRIDAY = ROOT / "tests" / "fixtures" / "portfolios" / "good-friday"

#: Runs the CLI, then reports which holidays was importable and whether portfolio imported it.
DRIVER = """
import importlib.metadata, importlib.util, json, sys
from portfolio.cli import main
from portfolio.calendar import fingerprint
from portfolio.io import load
code = main(sys.argv[1:])
calendars = fingerprint(load(sys.argv[2]).portfolio)
spec = importlib.util.find_spec("holidays")
found = importlib.metadata.version("holidays") if spec is not None else None
print(json.dumps({"code": code, "holidays": found, "imported": "holidays" in sys.modules,
                  "fingerprint": calendars}), file=sys.stderr)
"""


def _pip_install(folder: Path, requirement: str) -> subprocess.Popen[str]:
    """Start pip installing ``requirement`` (with its dependencies, as a user gets them) into ``folder``."""
    return subprocess.Popen(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-input", "--disable-pip-version-check",
         "--target", str(folder), requirement],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.fixture(scope="session")
def holidays_dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | None]:
    """Target folders: None (the virtualenv as it is), holidays 0.45, the newest holidays (installed once, in parallel)."""
    wanted = {"0.45": "holidays==0.45", "newest": "holidays"}
    folders = {label: tmp_path_factory.mktemp(f"holidays-{label}") for label in wanted}
    try:
        installs = {label: _pip_install(folders[label], requirement) for label, requirement in wanted.items()}
    except OSError as error:
        pytest.skip(f"cannot run pip to fetch holidays: {error}")
    for label, process in installs.items():
        try:
            output, _ = process.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.skip(f"pip did not fetch {wanted[label]} within 10 minutes")
        if process.returncode:
            lines = output.strip().splitlines()
            pytest.skip(f"cannot fetch {wanted[label]} from the package index: {lines[-1] if lines else '?'}")
    return {"venv": None, **folders}


def _schedule_json(portfolio: Path, target: Path | None) -> tuple[bytes, dict[str, object]]:
    """``portfolio schedule PORTFOLIO --format json`` in a fresh interpreter, with ``target`` first on the path."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if target is not None:
        env["PYTHONPATH"] = str(target)
    done = subprocess.run([sys.executable, "-c", DRIVER, "schedule", str(portfolio), "--format", "json"],
                          capture_output=True, env=env, timeout=300, check=False)
    report = json.loads(done.stderr.decode().strip().splitlines()[-1])
    return done.stdout, report


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:2])


@pytest.mark.parametrize("portfolio", [EXAMPLE, GOOD_FRIDAY], ids=["example", "good-friday"])
def test_schedule_is_the_same_with_any_holidays_release(portfolio, holidays_dirs):
    """Byte-identical schedule JSON in the virtualenv, with holidays 0.45 and with the newest release."""
    runs = {label: _schedule_json(portfolio, folder) for label, folder in holidays_dirs.items()}
    installed = {label: report["holidays"] for label, (_, report) in runs.items()}
    # the environments really differ: 0.45, and a release that closes Good Friday
    assert "0.45" == installed["0.45"]
    assert _version(str(installed["newest"])) >= (0, 83)
    assert [False, False, False] == [report["imported"] for _, report in runs.values()]
    outputs = {label: out for label, (out, _) in runs.items()}
    assert outputs["venv"] == outputs["0.45"] == outputs["newest"]
    assert json.loads(outputs["venv"])["activities"]  # a real schedule, not an empty output
    assert [0, 0, 0] == [report["code"] for _, report in runs.values()]
    # and a publication made in any of them records the same calendars
    assert 1 == len({report["fingerprint"] for _, report in runs.values()})


def _forecast(portfolio: Path) -> dict[str, tuple[str, str]]:
    out, _ = _schedule_json(portfolio, None)
    data = json.loads(out)
    return {row["id"]: (row["start"], row["finish"]) for row in data["activities"]}


def test_good_friday_portfolio_dates():
    """The fixture's dates follow our rules: rijk closes Goede Vrijdag and 5 May, nl works both."""
    dates = _forecast(GOOD_FRIDAY)
    # rijk: after the status date (Thu 2 April 2026) Goede Vrijdag and Tweede Paasdag are closed
    assert ("2026-04-07", "2026-04-07") == dates["nieuw.ready"]
    # rijk, in progress: 17 remaining days from Tuesday 7 April, over Koningsdag (Monday 27 April), to 30 April
    assert ("2026-03-23", "2026-04-30") == dates["portaal.rebuild"]
    # nl: unstarted work starts on Goede Vrijdag itself
    assert "2026-04-03" == dates["zaak.build"][0]
    # nl-zaterdag works Saturday 25 April, and its Koningsdag (Monday 27 April) is closed: four days to Thursday
    assert ("2026-04-25", "2026-04-30") == dates["zaak.weekend-test"]
    # from Friday 1 May: 6 days on nl end Friday 8 May (5 May works), 5 days on rijk too (5 May closed)
    assert ("2026-05-01", "2026-05-08") == dates["zaak.rehearsal"] == dates["portaal.test-migration"]
    # 12 days on nl from Monday 11 May: Hemelvaartsdag (14 May) and Tweede Pinksterdag (25 May) closed
    assert ("2026-05-11", "2026-05-28") == dates["zaak.cutover"]
