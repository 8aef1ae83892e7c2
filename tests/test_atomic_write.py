"""The one atomic writer: mode and umask, links and devices, fsync of file and folder, a full disk (for real).

A full disk is a real one: a 64 KiB tmpfs mounted for the test (as root;
skipped with the reason when mounting is refused) and ``/dev/full``.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import portfolio
from portfolio._atomic import DiskFullError, write_atomic
from portfolio.cli import main
from portfolio.io.baseline_writer import BaselineExistsError, write_baseline
from portfolio.model import Baseline

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "logius"

#: Writes a report file, a baseline file and a plain open() file under the umask given, prints their modes.
_MODES = """
import os, sys
from pathlib import Path
from portfolio.report.files import write_atomic
from portfolio.io.baseline_writer import write_baseline
from portfolio.model import Baseline
folder = Path(sys.argv[1])
write_atomic(folder / "report.txt", b"r")
write_baseline(Baseline(name="b"), folder / "b.yaml")
open(folder / "plain.txt", "w").close()
print(" ".join(oct(os.stat(folder / n).st_mode & 0o777) for n in ("report.txt", "b.yaml", "plain.txt")))
"""


@pytest.mark.parametrize(("umask", "mode"), [(0o022, "0o644"), (0o027, "0o640"), (0o077, "0o600")])
def test_every_file_gets_the_mode_of_a_new_file(tmp_path: Path, umask: int, mode: str) -> None:
    """Reports and baselines alike get 0o666 less the umask, as a file made with open() does."""
    done = subprocess.run([sys.executable, "-c", _MODES, str(tmp_path)], capture_output=True, text=True,
                          check=True, umask=umask)
    assert done.stdout.split() == [mode, mode, mode]


def test_a_file_written_again_keeps_its_mode(tmp_path: Path) -> None:
    """Replacing a private (0600) or executable file keeps its mode, as open(path, "w") would."""
    for mode in (0o600, 0o755):
        target = tmp_path / f"{mode:o}.txt"
        target.write_bytes(b"old")
        target.chmod(mode)
        write_atomic(target, b"new")
        assert (stat.S_IMODE(target.stat().st_mode), target.read_bytes()) == (mode, b"new")


def test_no_library_code_changes_the_umask() -> None:
    """The umask is process-wide: reading it by setting it would race with other threads."""
    offenders = [p.name for p in Path(portfolio.__file__).parent.rglob("*.py") if "os.umask(" in p.read_text("utf-8")]
    assert offenders == []


def test_file_and_folder_are_flushed_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fsync on the new file's data, then on its folder, so the rename survives a power cut."""
    synced: list[str] = []
    real = os.fsync

    def spy(fd: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real(fd)

    monkeypatch.setattr(os, "fsync", spy)
    write_atomic(tmp_path / "out.txt", b"data")
    assert synced == ["file", "folder"]


def test_a_link_is_followed_and_kept(tmp_path: Path) -> None:
    """The file a link points at is replaced (its temporary file in that folder); the link stays a link."""
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "out.txt"
    target.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_atomic(link, b"new")
    assert (link.is_symlink(), target.read_bytes()) == (True, b"new")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["link.txt", "out.txt", "real"]


def test_a_device_is_written_in_place() -> None:
    """/dev/null is not replaced by a file (nor could it be)."""
    write_atomic("/dev/null", b"gone")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_long_name_fits(tmp_path: Path) -> None:
    """A 250-byte name is written: the temporary file's name is cut to fit the file system's limit."""
    target = tmp_path / ("n" * 246 + ".csv")
    write_atomic(target, b"x")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_refusing_to_replace(tmp_path: Path) -> None:
    """replace=False keeps an existing file and leaves no temporary file."""
    target = tmp_path / "b.yaml"
    target.write_bytes(b"record")
    with pytest.raises(FileExistsError):
        write_atomic(target, b"other", replace=False)
    with pytest.raises(BaselineExistsError):
        write_baseline(Baseline(name="b"), target)
    assert ([p.name for p in tmp_path.iterdir()], target.read_bytes()) == (["b.yaml"], b"record")


def test_dev_full_says_disk_full() -> None:
    """A device whose disk is full raises DiskFullError, with the words the CLI prints."""
    with pytest.raises(DiskFullError, match=r"^disk full: nothing written, /dev/full is unchanged$"):
        write_atomic("/dev/full", b"x" * 100)


def test_cli_output_to_dev_full(capsys: pytest.CaptureFixture[str]) -> None:
    """-o /dev/full is one line and exit 2."""
    assert 2 == main(["schedule", str(EXAMPLE), "-o", "/dev/full"])
    assert capsys.readouterr().err.splitlines()[-1] == (
        "portfolio schedule: error: disk full: nothing written, /dev/full is unchanged")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs, mounted for the test."""
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True,
                             text=True, check=False) if os.geteuid() == 0 else None
    if mounted is None or mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs: {mounted.stderr.strip() if mounted else 'not root'}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def _fill(folder: Path, keep: int) -> None:
    """Fill the disk until fewer than ``keep`` bytes are free."""
    with open(folder / "filler", "wb") as out:
        while os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize >= keep:
            try:
                out.write(b"\0" * 4096)
                out.flush()
            except OSError:
                break


def test_full_disk_keeps_the_previous_file(small_disk: Path) -> None:
    """On a full disk the previous content is intact, no temporary file is left, and the error says so."""
    target = small_disk / "report.txt"
    target.write_bytes(b"previous report\n")
    _fill(small_disk, keep=4096)
    with pytest.raises(DiskFullError) as raised:
        write_atomic(target, b"x" * 32768)
    assert str(raised.value) == f"disk full: nothing written, {target} is unchanged"
    assert target.read_bytes() == b"previous report\n"
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "report.txt"]


def test_full_disk_through_the_cli(small_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """schedule -o and baseline capture on a full disk: exit 2, one line, the old file intact."""
    target = small_disk / "schedule.json"
    target.write_text("{}\n", encoding="utf-8")
    _fill(small_disk, keep=4096)
    assert 2 == main(["schedule", str(EXAMPLE), "-o", str(target)])
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"portfolio schedule: error: disk full: nothing written, {target} is unchanged")
    baseline = small_disk / "plan.yaml"
    assert 2 == main(["baseline", "capture", str(EXAMPLE), "--name", "plan", "--reason", "test", "-o", str(baseline)])
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"portfolio baseline capture: error: disk full: nothing written, {baseline} is unchanged")
    assert (target.read_text(encoding="utf-8"), baseline.exists()) == ("{}\n", False)
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "schedule.json"]
