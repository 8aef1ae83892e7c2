"""The published-report store: append-only, whole or nothing under SIGKILL, concurrent publishers, bad files."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from portfolio.diagnostics import CODES
from portfolio.slippage import Figure
from portfolio.store import APPLICATION_ID, SCHEMA_VERSION, Store, StoreError

DAY = dt.date(2023, 12, 29)


def figures(n: int = 3, shift: int = 0) -> tuple[Figure, ...]:
    return tuple(Figure(kind="milestone", id=f"m{i}", name=f"Milestone {i}", baseline_finish=dt.date(2024, 1, 1),
                        forecast_finish=dt.date(2024, 1, 1) + dt.timedelta(days=i + shift), variance=i + shift,
                        variance_days=i + shift, progress="not-started", rag="amber") for i in range(n))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_publish_and_read_back(tmp_path):
    """What is published reads back equal, in order, with its period, status date and baseline."""
    with Store.open(tmp_path / "s.sqlite") as store:
        result = store.publish("2023-12", DAY, figures(), baseline="replan", portfolio="P")
        latest = store.latest("2023-12")
    assert result.created
    assert latest is not None
    assert (figures(), DAY, "replan", 1) == (latest.figures, latest.status_date, latest.baseline, latest.version)


def test_same_figures_again_writes_nothing(tmp_path):
    """Publishing identical figures again is accepted and adds no version."""
    with Store.open(tmp_path / "s.sqlite") as store:
        store.publish("2023-12", DAY, figures())
        again = store.publish("2023-12", DAY, figures())
        assert (False, 1) == (again.created, len(store.publications("2023-12")))


def test_other_figures_are_refused_unless_superseded(tmp_path):
    """Different figures for a published period are refused; --supersede with a reason keeps both versions."""
    with Store.open(tmp_path / "s.sqlite") as store:
        store.publish("2023-12", DAY, figures())
        with pytest.raises(StoreError) as refused:
            store.publish("2023-12", DAY, figures(shift=1))
        assert "publication-exists" == refused.value.code
        with pytest.raises(ValueError, match="reason"):
            store.publish("2023-12", DAY, figures(shift=1), supersede=True)
        store.publish("2023-12", DAY, figures(shift=1), supersede=True, reason="typo in a status date")
        versions = store.publications("2023-12")
    assert [1, 2] == [p.version for p in versions]
    assert (figures(), figures(shift=1)) == (versions[0].figures, versions[1].figures)
    assert (versions[0].id, "typo in a status date") == (versions[1].supersedes, versions[1].reason)


def test_rows_cannot_be_changed_or_deleted(tmp_path):
    """Triggers make the tables append-only, even for a plain SQL client."""
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store:
        store.publish("2023-12", DAY, figures())
    db = sqlite3.connect(path)
    for sql in ("UPDATE figure SET variance = 0", "DELETE FROM figure", "DELETE FROM publication",
                "UPDATE publication SET period = '2023-11'"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute(sql)
    db.close()


def test_previous_period(tmp_path):
    """The report before a period is the latest version of the latest earlier period."""
    with Store.open(tmp_path / "s.sqlite") as store:
        store.publish("2023-10", DAY - dt.timedelta(days=60), figures())
        store.publish("2023-11", DAY - dt.timedelta(days=30), figures(shift=2))
        previous = store.previous("2023-12")
    assert previous is not None
    assert "2023-11" == previous.period


def test_the_file_is_recognised(tmp_path):
    """A new store carries the application id, the schema version and WAL mode."""
    path = tmp_path / "s.sqlite"
    Store.open(path).close()
    db = sqlite3.connect(path)
    ids = [db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("application_id", "user_version", "journal_mode")]
    db.close()
    assert [APPLICATION_ID, SCHEMA_VERSION, "wal"] == ids


# --- bad files: a clear error, never written to -----------------------------------------------------


@pytest.mark.parametrize("content", [b"not a database at all\n" * 50, os.urandom(4096),
                                     b"SQLite format 3\x00" + bytes(range(256)) * 8])
def test_a_corrupt_file_is_refused_and_left_alone(tmp_path, content):
    """Text, random bytes or a damaged database: store-corrupt, and the file is unchanged."""
    path = tmp_path / "s.sqlite"
    path.write_bytes(content)
    before = sha(path)
    with pytest.raises(StoreError) as error, Store.open(path) as store:
        store.publish("2023-12", DAY, figures())
    assert "store-corrupt" == error.value.code
    assert before == sha(path)
    assert error.value.code in CODES


def test_a_foreign_database_is_refused_and_left_alone(tmp_path):
    """An SQLite database of another application: store-foreign, and the file is unchanged."""
    path = tmp_path / "other.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE customers (name TEXT)")
    db.execute("INSERT INTO customers VALUES ('x')")
    db.commit()
    db.close()
    before = sha(path)
    with pytest.raises(StoreError) as error:
        Store.open(path)
    assert ("store-foreign", before) == (error.value.code, sha(path))


def test_a_newer_store_is_refused(tmp_path):
    """A store written by a newer schema version is not read or written."""
    path = tmp_path / "s.sqlite"
    Store.open(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer version") as error:
        Store.open(path)
    assert "store-foreign" == error.value.code


def test_a_folder_is_refused(tmp_path):
    """A folder given as the store is a clear error."""
    with pytest.raises(StoreError) as error:
        Store.open(tmp_path)
    assert "store-corrupt" == error.value.code


def test_a_locked_store_is_busy(tmp_path):
    """While another connection holds the write lock, publishing gives store-busy after the timeout."""
    path = tmp_path / "s.sqlite"
    Store.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store.open(path, timeout=0.2) as store, pytest.raises(StoreError) as error:
            store.publish("2023-12", DAY, figures())
        assert "store-busy" == error.value.code
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_opening_waits_for_a_writer_before_switching_to_wal(tmp_path):
    """Switching a store to write-ahead logging waits for another writer instead of failing at once.

    SQLite does not call its busy handler for a journal-mode change; two
    processes creating one store at once made one fail with "database is
    locked" before the store retried.
    """
    path = tmp_path / "s.sqlite"
    Store.open(path).close()
    plain = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    assert "delete" == plain.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    plain.execute("BEGIN IMMEDIATE")  # the write lock another process creating the store holds
    release = threading.Timer(0.3, plain.execute, ("ROLLBACK",))
    release.start()
    try:
        with Store.open(path, timeout=5) as store:
            assert "wal" == store._db.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        release.join()
        plain.close()


# --- processes: SIGKILL and concurrent publishers ---------------------------------------------------

_PUBLISHER = textwrap.dedent("""
    import datetime as dt, sys
    from portfolio.slippage import Figure
    from portfolio.store import Store, StoreError
    path, first, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    figs = tuple(Figure(kind="milestone", id=f"m{i}", name="x" * 200, baseline_finish=None,
                        forecast_finish=dt.date(2024, 1, 1), variance=None, variance_days=None,
                        progress="not-started", rag="new") for i in range(size))
    with Store.open(path, timeout=10) as store:
        print("ready", flush=True)
        for k in range(first, first + count):
            period = f"{2000 + k // 12:04d}-{k % 12 + 1:02d}"
            try:
                store.publish(period, dt.date(2000 + k // 12, k % 12 + 1, 1), figs)
                print("ok", period, flush=True)
            except StoreError as error:
                print(error.code, period, flush=True)
""")


def _publisher(path: Path, first: int, count: int, size: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", _PUBLISHER, str(path), str(first), str(count), str(size)],
                            stdout=subprocess.PIPE, text=True)


def _whole_or_absent(path: Path) -> list[tuple[str, int, int]]:
    """Every publication in the file with its declared and its stored number of figures."""
    db = sqlite3.connect(path)
    assert "ok" == db.execute("PRAGMA integrity_check").fetchone()[0]
    rows = db.execute("SELECT p.period, p.figure_count, (SELECT count(*) FROM figure f WHERE f.publication = p.id)"
                      " FROM publication p").fetchall()
    db.close()
    return rows


def test_sigkill_never_leaves_half_a_publication(tmp_path):
    """A publisher killed at random moments leaves an intact file holding only whole publications."""
    rng = random.Random(20231229)
    path = tmp_path / "s.sqlite"
    committed: set[str] = set()
    for round_ in range(4):
        proc = _publisher(path, first=round_ * 1000, count=1000, size=400)
        assert proc.stdout is not None
        assert "ready" == proc.stdout.readline().strip()
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        assert -signal.SIGKILL == proc.returncode  # killed while publishing, not finished
        committed |= {line.split()[1] for line in out.splitlines() if line.startswith("ok")}
        rows = _whole_or_absent(path)
        assert [] == [r for r in rows if r[1] != r[2]]  # no half-written publication
        assert committed <= {r[0] for r in rows}  # nothing that was reported committed is lost
    with Store.open(path) as store:
        assert "ok" == store.integrity()


def test_concurrent_publishers_of_different_periods(tmp_path):
    """Two processes publishing different periods at once both succeed (or one is told the store is busy)."""
    path = tmp_path / "s.sqlite"
    procs = [_publisher(path, first=k * 100, count=20, size=50) for k in range(2)]
    outputs = [p.communicate(timeout=60)[0] for p in procs]
    assert [0, 0] == [p.returncode for p in procs]
    results = [line.split()[0] for out in outputs for line in out.splitlines() if line != "ready"]
    assert set(results) <= {"ok", "store-busy"}
    assert 40 == len(results)
    rows = _whole_or_absent(path)
    assert results.count("ok") == len(rows)
