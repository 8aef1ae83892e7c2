"""A full disk while publishing, for real: a tiny tmpfs filled up (needs root to mount; skipped otherwise).

SQLite reports SQLITE_FULL; the store says "disk full, nothing written, the
store is intact" (store-full), never that it is damaged, and it is intact.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio.slippage import Figure
from portfolio.store import Store, StoreError

EXAMPLE = Path(__file__).parent.parent / "examples" / "logius"


def figures(n: int, shift: int = 0) -> tuple[Figure, ...]:
    return tuple(Figure(kind="milestone", id=f"m{i}", name="x" * 100, baseline_finish=None,
                        forecast_finish=dt.date(2024, 1, 1) + dt.timedelta(days=shift), variance=None,
                        variance_days=None, progress="not-started", rag="new") for i in range(n))


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs mounted in tmp_path, unmounted afterwards."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> Path:
    """Fill the disk holding ``folder`` to the last byte; the filler file."""
    filler = folder / "filler"
    with filler.open("wb") as handle, contextlib.suppress(OSError):
        for size in (64 * 1024, 4096, 512, 1):
            while True:
                handle.write(b"\0" * size)
                handle.flush()
                os.fsync(handle.fileno())
    return filler


def _refused_as_full(error: pytest.ExceptionInfo[StoreError]) -> None:
    assert "store-full" == error.value.code
    assert error.value.message.endswith("disk full, nothing written, the store is intact")
    assert "damaged" not in f"{error.value.message} {error.value.hint}"


@pytest.mark.parametrize("open_first", [True, False], ids=["open-then-full", "full-then-open"])
def test_publishing_onto_a_full_disk_is_not_damage(tiny_disk: Path, open_first: bool) -> None:
    """SQLITE_FULL while writing (or an I/O error growing SQLite's files when opening on a full disk).

    Both are store-full, nothing written; after freeing space the store verifies and publishes again.
    """
    path = tiny_disk / "published.sqlite"
    with Store.open(path) as store:
        store.publish("2023-11", dt.date(2023, 11, 30), figures(5))
        before = store.publications()
        if open_first:
            filler = fill(tiny_disk)
            with pytest.raises(StoreError) as error:
                store.publish("2023-12", dt.date(2023, 12, 29), figures(2000))
            _refused_as_full(error)
    if not open_first:
        filler = fill(tiny_disk)
        with pytest.raises(StoreError) as error, Store.open(path) as store:
            store.publish("2023-12", dt.date(2023, 12, 29), figures(2000))
        _refused_as_full(error)
    filler.unlink()
    with Store.open(path) as store:
        assert (True, before) == (store.verify().ok, store.publications())
        assert "ok" == store.integrity()
        assert store.publish("2023-12", dt.date(2023, 12, 29), figures(50)).created


def test_the_cli_says_disk_full(tiny_disk: Path, tmp_path: Path) -> None:
    """``portfolio publish`` onto a full disk: exit 2, store-full, no traceback, no word of damage or backups."""
    path = tiny_disk / "published.sqlite"
    run = [sys.executable, "-m", "portfolio", "publish", str(EXAMPLE), "--store", str(path)]
    first = subprocess.run([*run, "--period", "2023-08"], capture_output=True, text=True, check=False)
    assert 0 == first.returncode, first.stderr
    filler = fill(tiny_disk)
    done = subprocess.run([*run, "--period", "2023-12"], capture_output=True, text=True, check=False)
    assert 2 == done.returncode
    assert "error[store-full]" in done.stderr
    assert "disk full, nothing written, the store is intact" in done.stderr
    assert ("Traceback", "damaged", "backup") == tuple(w for w in ("Traceback", "damaged", "backup")
                                                       if w not in done.stderr)
    filler.unlink()
    check = subprocess.run([sys.executable, "-m", "portfolio", "published", str(EXAMPLE), "--store", str(path),
                            "--verify"], capture_output=True, text=True, check=False)
    assert 0 == check.returncode, check.stderr
    assert "1 publication(s) verify" in check.stdout
