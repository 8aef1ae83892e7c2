"""``portfolio publish`` and ``portfolio published`` on the store as a record: --verify, --diff, JSON, damage."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio.calendar import fingerprint
from portfolio.cli import main
from portfolio.io import load
from portfolio.slippage import Figure
from portfolio.store import Store, default_store_path, input_digests

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the example with 2023-08 and 2023-12 published to its default store."""
    path = Path(shutil.copytree(EXAMPLE, tmp_path / "logius"))
    for period in ("2023-08", "2023-12"):
        assert 0 == main(["publish", str(path), "--period", period])
    return path


def tamper(path: Path, sql: str) -> None:
    """Change the store behind the tool's back: the triggers dropped, one statement run."""
    db = sqlite3.connect(path)
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        db.execute(f"DROP TRIGGER {name}")
    db.execute(sql)
    db.commit()
    db.close()


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "portfolio", *args], capture_output=True, text=True, check=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command in this process (an escaping exception fails the test): exit status, stdout, stderr."""
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_publish_records_calendars_and_inputs(folder: Path) -> None:
    """What publish stores: today's calendar fingerprint and the SHA-256 of every input file."""
    portfolio = load(folder).portfolio
    with Store.open(default_store_path(folder), create=False) as store:
        published = store.latest("2023-12")
    assert published is not None
    assert (fingerprint(portfolio), input_digests(folder)) == (published.calendars, published.inputs)
    assert "portfolio.yaml" in dict(published.inputs)


def test_verify_an_intact_store(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unmodified store verifies: exit 0, the number of publications and the hash the chain ends in.

    That hash is the one ``publish`` printed for the last publication.
    """
    code, out, _ = run(capsys, "publish", str(folder), "--period", "2024-01")
    assert 0 == code
    printed = out.splitlines()[-1].split(": ")[1].split()[0]
    code, out, err = run(capsys, "published", str(folder), "--verify")
    with Store.open(default_store_path(folder), create=False) as store:
        head = store.verify().head
    assert (0, printed) == (code, head)
    assert f"3 publication(s) verify; the chain ends in {head}" in out
    assert "" == err


@pytest.mark.parametrize(("sql", "named"), [
    ("UPDATE figure SET variance = variance + 1 WHERE publication = 2 AND position = 0",
     "publication 2 (2023-12 version 1)"),
    ("UPDATE publication SET baseline = 'replan-2023' WHERE id = 1", "publication 1 (2023-08 version 1)"),
    ("DELETE FROM figure WHERE publication = 1 AND position = 3", "publication 1 (2023-08 version 1)"),
])
def test_verify_names_the_changed_publication(folder: Path, sql: str, named: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """A row changed with sqlite3: --verify exits 1 naming it; reading or publishing is a store-damaged exit 2."""
    tamper(default_store_path(folder), sql)
    code, _, err = run(capsys, "published", str(folder), "--verify")
    assert 1 == code
    assert f"error[store-damaged]: store damaged at {named}: " in err
    for args in (["published", str(folder)], ["published", str(folder), "--period", "2023-08"],
                 ["published", str(folder), "--diff", "2023-08", "2023-12"],
                 ["report", "monthly", str(folder), "--period", "2024-01"],
                 ["publish", str(folder), "--period", "2024-01"]):
        code, out, err = run(capsys, *args)
        assert (2, "") == (code, out), args
        assert f"error[store-damaged]: store damaged at {named}: " in err


def test_an_unparseable_date_is_damage_not_a_traceback(folder: Path) -> None:
    """A date no one can read (written with sqlite3): store damaged at that publication, exit 2, never shown."""
    tamper(default_store_path(folder), "UPDATE publication SET status_date = '2023-02-30' WHERE id = 2")
    for args in (["published", str(folder), "--format", "json"], ["report", "monthly", str(folder), "--period",
                                                                 "2024-01", "--store",
                                                                 str(default_store_path(folder))]):
        done = cli(*args)
        assert 2 == done.returncode
        assert "store damaged at publication 2 (2023-12 version 1): a value does not parse" in done.stderr
        assert "Traceback" not in done.stderr
        assert "2023-12" not in done.stdout
    assert 1 == cli("published", str(folder), "--verify").returncode


def test_verify_json(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--verify --format json: the verdict, the broken publication and each period's calendars."""
    capsys.readouterr()
    assert 0 == main(["published", str(folder), "--verify", "--format", "json"])
    clean = json.loads(capsys.readouterr().out)
    assert (True, 2, None) == (clean["ok"], clean["checked"], clean["broken"])
    assert [("2023-08", False, []), ("2023-12", False, [])] == [
        (c["period"], c["differ"], c["changed_inputs"]) for c in clean["calendars"]]
    tamper(default_store_path(folder), "UPDATE figure SET rag = 'green' WHERE publication = 2")
    assert 1 == main(["published", str(folder), "--verify", "--format", "json"])
    broken = json.loads(capsys.readouterr().out)
    assert {"id": 2, "period": "2023-12", "version": 1, "reason": "hash-mismatch"} == {
        k: broken["broken"][k] for k in ("id", "period", "version", "reason")}


def test_verify_warns_when_todays_calendars_differ(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A calendar changed after publishing: a warning per period, not a broken chain (exit 0)."""
    settings = folder / "portfolio.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("{from: 2024-12-23, to: 2024-12-31",
                                                                     "{from: 2024-12-16, to: 2024-12-31"),
                        encoding="utf-8")
    capsys.readouterr()
    assert 0 == main(["published", str(folder), "--verify"])
    err = capsys.readouterr().err
    assert ("portfolio published: warning: the calendars of 2023-08 (version 1) differ from today's: a date "
            "computed today for that period can differ from the published one") in err.splitlines()
    assert "the calendars of 2023-12 (version 1) differ" in err
    assert 0 == main(["published", str(folder), "--verify", "--format", "json"])
    notes = json.loads(capsys.readouterr().out)["calendars"]
    assert [(True, ["portfolio.yaml"])] * 2 == [(n["differ"], n["changed_inputs"]) for n in notes]


def test_diff_two_periods(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--diff 2023-08 2023-12: each figure in both with the change, in text and in JSON."""
    capsys.readouterr()
    assert 0 == main(["published", str(folder), "--diff", "2023-08", "2023-12", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    with Store.open(default_store_path(folder), create=False) as store:
        august, december = store.latest("2023-08"), store.latest("2023-12")
    assert august is not None
    assert december is not None
    assert (("2023-08", 1), ("2023-12", 1)) == ((data["from"]["period"], data["from"]["version"]),
                                                (data["to"]["period"], data["to"]["version"]))
    exit_ = next(c for c in data["figures"] if c["id"] == "easi.exit")
    before, after = (Figure.from_json_dict(exit_[k]) for k in ("before", "after"))
    assert (before, after) == tuple(next(f for f in p.figures if f.id == "easi.exit") for p in (august, december))
    assert (after.forecast_finish - before.forecast_finish).days == exit_["moved"]
    assert after.variance - before.variance == exit_["variance_change"]
    assert len(december.figures) == len(data["figures"])
    assert 0 == main(["published", str(folder), "--diff", "2023-08", "2023-12"])
    row = next(line for line in capsys.readouterr().out.splitlines() if " easi.exit " in line).split()
    assert [before.forecast_finish.isoformat(), f"{before.variance:+d}", before.rag, after.forecast_finish.isoformat(),
            f"{after.variance:+d}", after.rag, f"{exit_['moved']:+d}", f"{exit_['variance_change']:+d}"] == row[2:]


def test_diff_of_an_unpublished_period_is_a_usage_error(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A period that was not published: exit 2, saying which."""
    capsys.readouterr()
    assert 2 == main(["published", str(folder), "--diff", "2023-08", "2023-10"])
    assert "2023-10 was not published" in capsys.readouterr().err
    with pytest.raises(SystemExit, match="2"):  # not a period at all: an argument error, before the store is read
        main(["published", str(folder), "--diff", "2023-08", "2023-13"])


def test_period_json_has_a_stable_shape(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--period P --format json: one object per version with these keys; each figure is Figure.to_json_dict."""
    capsys.readouterr()
    assert 0 == main(["published", str(folder), "--period", "2023-12", "--format", "json"])
    [version] = json.loads(capsys.readouterr().out)
    assert ["id", "period", "version", "status_date", "baseline", "portfolio", "reason", "supersedes", "digest",
            "figure_count", "calendars", "inputs", "hash", "previous_hash", "figures"] == list(version)
    with Store.open(default_store_path(folder), create=False) as store:
        published = store.latest("2023-12")
    assert published is not None
    assert [f.to_json_dict() for f in published.figures] == version["figures"]
    assert (published.hash, published.previous_hash) == (version["hash"], version["previous_hash"])
    assert [{"path": p, "sha256": h} for p, h in published.inputs] == version["inputs"]


def test_a_version_1_store_verifies_and_is_upgraded_by_publish(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The committed version-1 store: --verify says it is not chained yet; the next publish chains it."""
    path = tmp_path / "v1.sqlite"
    db = sqlite3.connect(path)
    db.executescript((Path(__file__).parent / "fixtures" / "store" / "v1.sql").read_text(encoding="utf-8"))
    db.close()
    assert 0 == main(["published", str(EXAMPLE), "--store", str(path), "--verify"])
    out = capsys.readouterr()
    assert "3 publication(s) check out (schema 1, before the hash chain" in out.out
    assert "2023-08 version 1 recorded no calendars" not in out.err  # a note, not a warning
    assert 0 == main(["publish", str(EXAMPLE), "--store", str(path), "--period", "2024-01"])
    capsys.readouterr()
    assert 0 == main(["published", str(EXAMPLE), "--store", str(path), "--verify"])
    assert "4 publication(s) verify; the chain ends in " in capsys.readouterr().out
