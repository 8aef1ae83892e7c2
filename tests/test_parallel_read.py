"""Reading with a helper process (``io/_parallel.py``): the same load as a serial read, and no process left over.

Each portfolio is loaded three times: ``PORTFOLIO_JOBS=1`` (serial), ``PORTFOLIO_JOBS=2`` (a helper process reads
files from the last one backwards whatever the size) and with every file taken from the helper (waited for, as
the loader never does), and compared field by field (the load cache's
comparer), diagnostic by diagnostic (file, line, column, order) and relation place by relation place. A helper
that fails, hangs, sends garbage or runs other code changes nothing either: the loader reads what it has not
received itself, and never waits for it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _benchmarks import bench_load
from portfolio.cli import main
from portfolio.diagnostics import LoadResult
from portfolio.io import _parallel
from portfolio.io import yaml as loader
from portfolio.io._files import portfolio_files
from portfolio.io._yaml_reader import read_yaml_file
from portfolio.io.yaml import load_portfolio
from test_cache import canonical

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the helper process is POSIX only")



def from_helper(files: list[Path], *_: Any, prepare: Any = _parallel._as_read, **__: Any) -> Iterator[Any]:
    """Every file as the helper process read it: waited for (the loader never waits, and would read most of a
    small portfolio itself before the helper has started), then taken as the loader takes it."""
    with _parallel._Helper(files, None, prepare) as helper:
        while helper.collect() > 0 and helper.process is not None and not helper.process.stdin.closed:
            select.select([helper.fd_out], [], [], 30)
        assert sorted(helper.sent) == list(range(len(files)))  # all of them read there
        helper.stop()
        yield from (helper.result(number) for number in range(len(files)))


def loaded(path: Path, how: str, monkeypatch: pytest.MonkeyPatch) -> LoadResult:
    """Loaded serially, as the loader reads with a helper, or with every file read by the helper."""
    monkeypatch.setenv("PORTFOLIO_JOBS", "1" if how == "serial" else "2")
    with monkeypatch.context() as patched:
        if how == "helper":
            patched.setattr(loader, "read_files", from_helper)
        return load_portfolio(path)


def places(result: LoadResult) -> list[Any]:
    return [relation.source for relation in result.portfolio.relations]


def assert_same_both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> LoadResult:
    serial = loaded(path, "serial", monkeypatch)
    for how in ("shared", "helper"):
        helped = loaded(path, how, monkeypatch)
        assert canonical(helped) == canonical(serial)
        assert [str(found) for found in helped.diagnostics] == [str(found) for found in serial.diagnostics]
        assert places(helped) == places(serial)
        assert helped == serial
    return serial


def children() -> set[int]:
    """This process's child processes (Linux: from /proc), ended but not reaped ones included."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        with contextlib.suppress(OSError):
            found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


def test_a_generated_portfolio_loads_the_same_with_a_helper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "portfolio"
    bench_load().generate(folder, 12, 30)
    result = assert_same_both_ways(folder, monkeypatch)
    assert len(result.portfolio.activities) > 300
    assert len(result.portfolio.relations) > 500


@pytest.mark.parametrize("folder", sorted(
    str(path.relative_to(FIXTURES)) for path in FIXTURES.glob("*/*") if path.is_dir()
    and len(portfolio_files(path)) >= 2))
def test_every_fixture_folder_loads_the_same_with_a_helper(folder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_same_both_ways(FIXTURES / folder, monkeypatch)


def test_the_example_loads_the_same_with_a_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    assert_same_both_ways(ROOT / "examples" / "logius", monkeypatch)


_BAD = {
    "a-syntax.yaml": "services:\n  - id: a\n    name: [unclosed\n",
    "b-utf16.yaml": "\ufeffservices: []\n".encode("utf-16"),
    "c-binary.yaml": b"services:\x00\n",
    "d-latin1.yaml": "services:\n  - id: caf\xe9\n".encode("latin-1"),
    "e-merge.yaml": ("defaults: &d {name: Shared, domain: x}\nservices:\n  - <<: *d\n    id: m\n"
                     "    activities:\n      - {id: one, duration: 2d}\n      - {id: two, after: [one, onne]}\n"),
    "f-duplicate.yaml": "services:\n  - id: dup\n    name: D\n    name: E\n",
    "g-deep.yaml": "x: " + "[" * 120 + "]" * 120 + "\n",
    "h-two.yaml": "services: []\n---\nservices: []\n",
    "i-tag.yaml": "services: !!python/object:os.system ls\n",
    "j-empty.yaml": "",
    "k-list.yaml": "- just\n- a list\n",
    "l-alias.yaml": "a: &a [1, 2]\nb: [*a, *a, *a]\nc: *nope\n",
    "m-ok.yaml": "services:\n  - id: fine\n    name: Fine\n    activities:\n      - {id: x, duration: 1w}\n",
}


def test_bad_files_give_the_same_diagnostics_with_a_helper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every kind of file the reader refuses, spread over the files both processes read, and files it cannot open."""
    folder = tmp_path / "portfolio"
    folder.mkdir()
    for name, content in _BAD.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    (folder / "n-broken.yaml").symlink_to(folder / "missing.yaml")
    (folder / "o-folder.yaml").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(folder / "p-fifo.yaml")
    (folder / "q-big.yaml").write_bytes(b"#" * (16 * 1024 * 1024 + 1))
    result = assert_same_both_ways(folder, monkeypatch)
    codes = {found.code for found in result.diagnostics}
    assert {"yaml-syntax", "encoding", "duplicate-key", "yaml-too-deep", "multiple-documents", "io-error",
            "file-too-large", "wrong-type"} <= codes


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(st.sampled_from("ab: -[]{}&*<\n#'\"x1é"), max_size=40), min_size=2, max_size=4))
def test_random_files_read_the_same_in_the_helper(texts: list[str], tmp_path_factory: pytest.TempPathFactory) -> None:
    """Whatever the files hold, the helper's data and diagnostics are the serial reader's, places included."""
    folder = tmp_path_factory.mktemp("random")
    files = []
    for index, text in enumerate(texts):
        files.append(folder / f"{index}.yaml")
        files[-1].write_text(text, encoding="utf-8")
    helped = list(from_helper(files))
    for file, (data, problems) in zip(files, helped, strict=True):
        expected, expected_problems = read_yaml_file(file, str(file))
        assert problems == expected_problems
        assert repr(data) == repr(expected)
        assert _places(data) == _places(expected)


def _places(data: Any) -> list[Any]:
    """Every place a mapping or list of ``data`` gives (its own, its keys', its values', its items'), in order."""
    found: list[Any] = []
    if isinstance(data, dict):
        found += [data.mark, data.key_marks, data.value_marks, data.merged]  # type: ignore[attr-defined]
        for value in data.values():
            found += _places(value)
    elif isinstance(data, list):
        found += [data.mark, data.item_marks]  # type: ignore[attr-defined]
        for value in data:
            found += _places(value)
    return found


@pytest.mark.parametrize("script", [
    "import sys; sys.exit(3)",  # dies at once
    "import time; time.sleep(600)",  # hangs: the loader must not wait for it
    "import sys; sys.stdout.buffer.write(bytes(range(256)) * 64); sys.stdout.flush()",  # garbage
    "import sys; sys.stdout.buffer.write((3).to_bytes(4, 'little') + (5).to_bytes(4, 'little') + b'junk!')",
])
def test_a_helper_that_fails_changes_nothing_and_is_reaped(tmp_path: Path, script: str) -> None:
    folder = tmp_path / "portfolio"
    bench_load().generate(folder, 3, 5)
    files = portfolio_files(folder)
    before = children()
    with contextlib.closing(_parallel.read_files(files, helper=True,
                                                 command=[sys.executable, "-c", script])) as results:
        helped = list(results)
    assert children() == before
    assert [repr(one) for one in helped] == [repr(read_yaml_file(file, str(file))) for file in files]


def test_each_file_the_helper_sends_is_prepared_as_it_comes_in(tmp_path: Path) -> None:
    """``prepare`` runs on a file the helper sent when its frame comes in (from the last file backwards), before
    the loader asks for it, on the serial read's data; a file it has not sent is prepared from the loader's read."""
    folder = tmp_path / "portfolio"
    bench_load().generate(folder, 4, 5)
    files = portfolio_files(folder)
    prepared: list[tuple[str, str]] = []

    def prepare(file: Path, read: Any) -> Any:
        prepared.append((file.name, repr(read)))
        return "prepared", read

    with _parallel._Helper(files, None, prepare) as helper:
        while helper.collect() > 1 and helper.process is not None and not helper.process.stdin.closed:
            select.select([helper.fd_out], [], [], 30)
        helper.stop()
        expected = [(file.name, repr(read_yaml_file(file, str(file)))) for file in files]
        assert prepared[:len(files) - 1] == expected[:0:-1]  # as they came in: the last file first
        results = [helper.result(number) for number in range(len(files))]
    assert prepared[len(files) - 1:] == expected[:1]  # not sent: read and prepared here when asked for
    assert [repr(read) for tag, read in results] == [text for _, text in expected]
    assert {tag for tag, _ in results} == {"prepared"}


def test_a_frame_that_does_not_load_is_read_and_prepared_by_the_loader(tmp_path: Path) -> None:
    folder = tmp_path / "portfolio"
    bench_load().generate(folder, 3, 5)
    files = portfolio_files(folder)
    last = len(files) - 1
    script = (f"import sys; sys.stdout.buffer.write(({last}).to_bytes(4, 'little') + (5).to_bytes(4, 'little')"
              " + b'junk!'); sys.stdout.flush(); import time; time.sleep(600)")
    with _parallel._Helper(files, [sys.executable, "-c", script], lambda file, read: (file, read)) as helper:
        while helper.collect() > last:
            select.select([helper.fd_out], [], [], 30)
        assert helper.sent == {}  # come in, did not load
        file, read = helper.result(last)
    assert file == files[last]
    assert repr(read) == repr(read_yaml_file(files[last], str(files[last])))


def test_the_helper_is_in_its_own_process_group_and_ends_with_the_load(tmp_path: Path) -> None:
    """Ctrl-C in a terminal reaches the loader only (its process group); the helper ends when reading ends."""
    folder = tmp_path / "portfolio"
    bench_load().generate(folder, 4, 5)
    files = portfolio_files(folder)
    with _parallel._Helper(files, None) as helper:
        process = helper.process
        assert process is not None
        assert os.getpgid(process.pid) != os.getpgid(0)
        assert process.pid in children()
    assert process.returncode is not None
    assert process.pid not in children()


def test_a_load_stopped_half_way_ends_the_helper(tmp_path: Path) -> None:
    """A load that stops while reading (an error, Ctrl-C) leaves no helper behind."""
    folder = tmp_path / "portfolio"
    bench_load().generate(folder, 4, 5)
    before = children()
    results = _parallel.read_files(portfolio_files(folder), helper=True)
    next(results)
    assert children() - before  # the helper runs
    with pytest.raises(KeyboardInterrupt):
        results.throw(KeyboardInterrupt())
    assert children() == before


def test_a_helper_running_other_code_sends_nothing(tmp_path: Path) -> None:
    """The helper checks it reads with the loader's own reader (another checkout on the path: it stops)."""
    from portfolio.io import _read_worker  # noqa: PLC0415 - the helper's side, not the loader's

    folder = tmp_path / "portfolio"
    bench_load().generate(folder, 2, 3)
    read, write = os.pipe()
    request = {"reader": "/elsewhere/_yaml_reader.py", "files": [(str(f), str(f)) for f in portfolio_files(folder)]}
    _read_worker.serve(request, read, write)
    os.close(write)
    assert os.read(read, 100) == b""
    os.close(read)


def test_the_helper_sends_each_file_as_the_loader_reads_it(tmp_path: Path) -> None:
    """The helper's frames, read straight off its pipe: from the last file backwards, each the serial read."""
    from portfolio.io import _read_worker  # noqa: PLC0415

    folder = tmp_path / "portfolio"
    bench_load().generate(folder, 2, 3)
    files = portfolio_files(folder)
    stop_read, stop_write = os.pipe()
    read, write = os.pipe()
    request = {"reader": _read_worker._yaml_reader.__file__, "files": [(str(f), str(f)) for f in files]}
    os.set_blocking(write, True)
    with contextlib.ExitStack() as stack:
        for fd in (stop_read, stop_write, read):
            stack.callback(os.close, fd)
        _read_worker.serve(request, stop_read, write)
        os.close(write)
        data = b""
        while chunk := os.read(read, 1 << 16):
            data += chunk
    numbers = []
    while data:
        number, size = _read_worker.HEADER.unpack_from(data)
        got = pickle.loads(data[8:8 + size])
        assert repr(got) == repr(read_yaml_file(files[number], str(files[number])))
        numbers.append(number)
        data = data[8 + size:]
    assert numbers == list(range(len(files) - 1, -1, -1))


def test_when_a_helper_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """``PORTFOLIO_JOBS`` 1 never, 2 always; else a large portfolio and a free core beside the loader's."""
    files = [ROOT / "pyproject.toml", ROOT / "README.md"]
    for jobs, expected in (("1", False), ("2", True)):
        monkeypatch.setenv("PORTFOLIO_JOBS", jobs)
        assert _parallel.helped(files[:1]) is False  # one file: nothing to share
        assert _parallel.helped(files) is expected
    monkeypatch.setenv("PORTFOLIO_JOBS", "")
    assert _parallel.helped(files) is False  # two small files
    assert _parallel.worth_it(2, 0, _parallel.MIN_BYTES)
    assert not _parallel.worth_it(2, 0, _parallel.MIN_BYTES - 1)
    assert not _parallel.worth_it(2, 1, 10**9)  # the other core is busy
    assert _parallel.worth_it(8, 5, 10**9)
    assert not _parallel.worth_it(1, 0, 10**9)
    assert _parallel.usable_cpus() >= 1
    assert _parallel.running_elsewhere() >= 0


@pytest.mark.parametrize(("value", "expected"), [
    (None, None), ("", None), (" auto ", None), ("AUTO", None), ("1", 1), ("2", 2), (" 2 ", 2), ("16", 2),
])
def test_portfolio_jobs_is_read(value: str | None, expected: int | None) -> None:
    assert _parallel.jobs_setting(value) == expected


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", "²", "1 2"])
def test_portfolio_jobs_not_understood_is_said_and_read_as_auto(
    value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The library reads it as unset; the command line says so on standard error, and still runs."""
    with pytest.raises(ValueError, match=r"PORTFOLIO_JOBS=.* is not understood.*reading as auto"):
        _parallel.jobs_setting(value)
    monkeypatch.setenv("PORTFOLIO_JOBS", value)
    files = [ROOT / "pyproject.toml", ROOT / "README.md"]
    assert _parallel.helped(files) is False  # as unset: two small files
    assert main(["check", str(ROOT / "examples" / "logius"), "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert f"portfolio check: warning: PORTFOLIO_JOBS={value!r} is not understood" in err


def test_portfolio_jobs_understood_gives_no_warning(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    for value in ("1", "2", "auto"):
        monkeypatch.setenv("PORTFOLIO_JOBS", value)
        assert main(["check", str(ROOT / "examples" / "logius"), "--no-cache"]) == 0
        assert "PORTFOLIO_JOBS" not in capsys.readouterr().err
