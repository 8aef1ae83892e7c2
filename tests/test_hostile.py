"""Hostile input: whatever bytes a folder holds, load() answers, within bounds, and never raises.

Each load runs in a daemon thread with a generous wall-clock guard (a safety
net against hangs, not a performance assertion).
"""

from __future__ import annotations

import os
import threading
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.diagnostics import CODES, Diagnostic, LoadResult
from portfolio.io import load
from portfolio.io._files import OLE2_MAGIC, read_bounded
from portfolio.io._yaml_reader import MAX_BYTES, MAX_VALUES, read_yaml_file
from portfolio.model import Source
from strategies import VALID, documents, dump, mutated, retyped, trees

GUARD_SECONDS = 20
MEMORY_LIMIT = 500 * 1024 * 1024

hostile = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def guarded_load(path: Path) -> LoadResult:
    """load(path) in a thread; fail if it raises or does not return within the guard."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = load(path)
        except BaseException as error:  # the point: nothing may escape load()
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(GUARD_SECONDS)
    assert not thread.is_alive(), f"load({path}) did not return within {GUARD_SECONDS} s"
    assert "error" not in outcome, f"load({path}) raised {outcome['error']!r}"
    result = outcome["result"]
    assert isinstance(result, LoadResult)
    return result


def assert_well_formed(result: LoadResult) -> None:
    """Every diagnostic has a registered code, a place, a message and a hint, and renders."""
    for d in result.diagnostics:
        assert d.code in CODES, d
        assert d.source is not None, d
        assert d.message, d
        assert d.hint, d
        assert str(d)
        assert d.to_dict()["code"] == d.code


def assert_every_file_answered(folder: Path, result: LoadResult) -> None:
    """A file the reader cannot read is named by at least one diagnostic; none is silently dropped."""
    named = {d.source.file for d in result.diagnostics if d.source is not None}
    files = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*.y*ml") if not p.is_dir())
    for file in files:
        _data, problems = read_yaml_file(file, str(file))
        if problems:
            assert str(file) in named, f"{file} has problems {problems} but load() names none"


def load_text(tmp_path: Path, text: str | bytes, name: str = "plan.yaml", *, reread: bool = True) -> LoadResult:
    """Write one file and load it under the guard, checking the answer is well formed.

    ``reread=False`` skips reading the file a second time to check it was
    answered (for the big documents, whose tests check the answer themselves).
    """
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = guarded_load(path)
    assert_well_formed(result)
    if reread:
        assert_every_file_answered(path, result)
    return result


# -- property-based -----------------------------------------------------------------------------


@hostile
@given(raw=st.binary(max_size=2000))
def test_random_bytes(tmp_path: Path, raw: bytes) -> None:
    """Random bytes load or give diagnostics; nothing escapes."""
    load_text(tmp_path, raw)


@hostile
@given(text=st.text(max_size=2000))
def test_random_text(tmp_path: Path, text: str) -> None:
    """Random text (any code point, surrogates included) loads or gives diagnostics."""
    load_text(tmp_path, text.encode("utf-8", errors="surrogatepass"))


@hostile
@given(data=trees)
def test_random_yaml_trees(tmp_path: Path, data: Any) -> None:
    """Random nested data dumped as YAML loads or gives diagnostics."""
    load_text(tmp_path, dump(data))


@hostile
@given(data=documents, flow=st.booleans())
def test_random_sections(tmp_path: Path, data: Any, flow: bool) -> None:
    """Random data under (mostly) real section names, in block or flow style, loads or gives diagnostics."""
    load_text(tmp_path, yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True))


@hostile
@given(text=mutated())
def test_mutated_valid_file(tmp_path: Path, text: str) -> None:
    """A valid file with characters deleted or inserted and lines swapped, dropped or repeated."""
    load_text(tmp_path, text)


@hostile
@given(text=retyped())
def test_retyped_valid_file(tmp_path: Path, text: str) -> None:
    """A valid file with values replaced by values of other types."""
    load_text(tmp_path, text)


@hostile
@given(texts=st.lists(st.one_of(mutated(), st.text(max_size=200)), min_size=1, max_size=4))
def test_folder_of_broken_files(tmp_path: Path, texts: list[str]) -> None:
    """In a folder of several broken files, every unreadable file is named by a diagnostic."""
    folder = tmp_path / "portfolio"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for index, text in enumerate(texts):
        (folder / f"f{index}.yaml").write_bytes(text.encode("utf-8", errors="surrogatepass"))
    result = guarded_load(folder)
    assert_well_formed(result)
    assert_every_file_answered(folder, result)


def test_valid_file_is_valid(tmp_path: Path) -> None:
    """The file the mutations start from loads cleanly (so mutations test breakage, not a broken start)."""
    result = load_text(tmp_path, VALID)
    assert () == result.diagnostics
    assert 4 == len(result.portfolio.activities)


# -- bombs, depth, size -------------------------------------------------------------------------


def billion_laughs(levels: int = 10, width: int = 10) -> str:
    lines = ['l0: &l0 ["lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """A billion-laughs document is refused with yaml-too-large, in well under 500 MB."""
    path = tmp_path / "bomb.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    tracemalloc.start()
    try:
        result = guarded_load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert ["yaml-too-large"] == [d.code for d in result.diagnostics]
    assert peak < MEMORY_LIMIT


def test_wide_alias_bomb(tmp_path: Path) -> None:
    """One huge list of aliases to a big anchor is refused too."""
    text = "a: &a [" + ", ".join(["x"] * 1000) + "]\nb: [" + ", ".join(["*a"] * 2000) + "]\n"
    result = load_text(tmp_path, text)
    assert ["yaml-too-large"] == [d.code for d in result.diagnostics]


def test_merge_key_bomb(tmp_path: Path) -> None:
    """Merge keys over aliases cannot build an exponential document either."""
    lines = ["m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}"]
    lines += [f"m{i}: &m{i} {{<<: *m{i - 1}, k{i}: [{', '.join([f'*m{i - 1}'] * 10)}]}}" for i in range(1, 10)]
    result = load_text(tmp_path, "\n".join(lines) + "\n")
    assert ["yaml-too-large"] == [d.code for d in result.diagnostics]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("flow-list-1000", "services: " + "[" * 1000 + "]" * 1000 + "\n"),
        ("flow-list-100000", "services: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        ("flow-map-100000", "services: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n"),
        ("unclosed-flow-100000", "services: " + "[" * 100_000 + "\n"),
        ("block-list-100000", "- " * 100_000 + "x\n"),
        ("block-map-1000", "".join(" " * i + f"k{i}:\n" for i in range(1000))),
        ("block-list-1000-indented", "".join(" " * (2 * i) + "-\n" for i in range(1000))),
    ],
)
def test_deep_nesting(tmp_path: Path, name: str, text: str) -> None:
    """Documents nested 1,000 or 100,000 levels deep give yaml-too-deep, without recursion errors."""
    result = load_text(tmp_path, text, f"{name}.yaml")
    assert ["yaml-too-deep"] == [d.code for d in result.diagnostics]


def test_huge_document_near_the_limit(tmp_path: Path) -> None:
    """A valid file just under 16 MiB (a long description) loads."""
    head = "portfolio:\n  name: Big\n  description: "
    text = head + "x" * (MAX_BYTES - len(head) - 10) + "\n"
    assert len(text.encode()) < MAX_BYTES
    result = load_text(tmp_path, text, reread=False)
    assert () == result.diagnostics
    assert "Big" == result.portfolio.settings.name


def test_many_values_are_refused(tmp_path: Path) -> None:
    """A plain file with more values than the limit gives yaml-too-large, without naming aliases."""
    n = MAX_VALUES // 2 + 10
    text = "relations: [" + ",".join(["[1, 1]"] * n) + "]\n"  # 3 values per item
    result = load_text(tmp_path, text, reread=False)
    assert [("yaml-too-large", str(tmp_path / "plan.yaml"))] == [
        (d.code, d.source.file if d.source else "") for d in result.diagnostics
    ]
    assert "alias" not in result.diagnostics[0].message


def test_just_over_the_size_limit(tmp_path: Path) -> None:
    """A file one byte over 16 MiB gives file-too-large and is not read."""
    path = tmp_path / "plan.yaml"
    with path.open("wb") as out:
        out.truncate(MAX_BYTES + 1)  # sparse: no 16 MiB written to disk
    result = guarded_load(path)
    assert ["file-too-large"] == [d.code for d in result.diagnostics]


# -- tags, encodings, odd paths -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "services: !!python/object/apply:os.system ['touch pwned']\n",
        "services:\n  - !!python/object/apply:os.system\n    args: ['touch pwned']\n",
        "services: !!python/name:os.system\n",
        "services: [!!python/object/new:subprocess.Popen [['touch', 'pwned']]]\n",
        "!!python/object/apply:os.system ['touch pwned']\n",
        "? !!python/tuple [1, 2]\n: x\n",
    ],
)
def test_python_tags_are_refused_and_not_run(tmp_path: Path, text: str) -> None:
    """Python tags give yaml-unsafe and run nothing."""
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = load_text(tmp_path, text)
    finally:
        os.chdir(cwd)
    assert ["yaml-unsafe"] == [d.code for d in result.diagnostics]
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(
    "raw",
    [
        "services:\n  - {id: caf\xe9, name: Caf\xe9}\n".encode("cp1252"),
        "services: []\n".encode("utf-16-le"),
        "services: []\n".encode("utf-16"),
        "services: []\n".encode("utf-32"),
        b"services: [\xed\xa0\x80]\n",  # an encoded surrogate
        b"\x1f\x8b\x08\x00" + bytes(range(256)),  # gzip-like
    ],
)
def test_wrong_encodings(tmp_path: Path, raw: bytes) -> None:
    """Bytes in other encodings give one diagnostic (encoding or yaml-syntax) naming the file."""
    result = load_text(tmp_path, raw)
    assert 1 == len(result.diagnostics)
    assert result.diagnostics[0].code in ("encoding", "yaml-syntax")


def test_crlf_and_cr_line_endings(tmp_path: Path) -> None:
    """Windows (CRLF) line endings load as usual; old Mac (CR) endings give an answer too."""
    crlf = load_text(tmp_path, VALID.replace("\n", "\r\n").encode(), "crlf.yaml")
    assert () == crlf.diagnostics
    assert 4 == len(crlf.portfolio.activities)
    load_text(tmp_path, VALID.replace("\n", "\r").encode(), "cr.yaml")


def test_directory_named_like_a_yaml_file(tmp_path: Path) -> None:
    """A folder named foo.yaml is not read as a file; given as the path, it is an empty portfolio folder."""
    folder = tmp_path / "foo.yaml"
    folder.mkdir()
    assert ["no-files"] == [d.code for d in guarded_load(folder).diagnostics]
    (tmp_path / "plan.yaml").write_text(VALID, encoding="utf-8")
    assert () == guarded_load(tmp_path).diagnostics


def test_symlink_loops(tmp_path: Path) -> None:
    """A folder link to itself and a file link to itself neither hang nor raise."""
    (tmp_path / "plan.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self.yaml").symlink_to(tmp_path / "self.yaml")
    result = guarded_load(tmp_path)
    assert_well_formed(result)
    assert [("io-error", str(tmp_path / "self.yaml"))] == [
        (d.code, d.source.file if d.source else "") for d in result.diagnostics
    ]
    assert 4 == len(result.portfolio.activities)


def test_special_file_names(tmp_path: Path) -> None:
    """File names with spaces, non-ASCII letters and upper-case suffixes are read."""
    for name in ("met spatie.yaml", "café.yml", "UPPER.YAML"):
        (tmp_path / name).write_text(f"services:\n  - {{id: s{len(name)}, name: x}}\n", encoding="utf-8")
    result = guarded_load(tmp_path)
    assert () == result.diagnostics
    assert 3 == len(result.portfolio.services)


# -- what a path leads to: only regular files are read, never more than the limit ---------------


def io_errors(result: LoadResult) -> list[tuple[str, str]]:
    """The diagnostics as (code, message)."""
    return [(d.code, d.message) for d in result.diagnostics]


@pytest.mark.parametrize(("device", "kind"), [("/dev/zero", "character device"), ("/dev/urandom", "character device")])
@pytest.mark.parametrize("given", ["folder", "file", "mspdi"])
def test_link_to_a_device(tmp_path: Path, device: str, kind: str, given: str) -> None:
    """A portfolio.yaml (or plan.xml) that links to /dev/zero or /dev/urandom is an io-error naming what it is."""
    if not Path(device).exists():
        pytest.skip(f"{device} does not exist here")
    link = tmp_path / ("plan.xml" if given == "mspdi" else "portfolio.yaml")
    link.symlink_to(device)
    result = guarded_load(tmp_path if given == "folder" else link)
    assert_well_formed(result)
    assert [("io-error", f"{link} (a link to {device}) is a {kind}, not a regular file")] == io_errors(result)


FIFO_SCRIPT = """
import sys
from portfolio.io import load
for d in load(sys.argv[1]).diagnostics:
    print(d.code, d.source.file, d.message, sep="|")
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("given", ["folder", "file", "link"])
def test_fifo_is_refused_promptly(tmp_path: Path, given: str) -> None:
    """A FIFO (no writer: opening it for reading would block) is refused at once, in a process of its own."""
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    target = {"folder": tmp_path, "file": fifo, "link": tmp_path / "link.yaml"}[given]
    if given == "link":
        target.symlink_to(fifo)
    import subprocess  # noqa: PLC0415 - only this test starts a process
    import sys  # noqa: PLC0415

    done = subprocess.run([sys.executable, "-c", FIFO_SCRIPT, str(target)], capture_output=True, text=True,
                          timeout=GUARD_SECONDS, check=True)
    lines = sorted(done.stdout.splitlines())
    assert lines, done.stderr
    assert all(line.startswith("io-error|") for line in lines), lines
    assert all("is a FIFO (named pipe), not a regular file" in line for line in lines), lines
    assert {str(target if given == "link" else fifo)} == {line.split("|")[1] for line in lines}


def test_socket_is_refused(tmp_path: Path) -> None:
    """A socket named plan.yaml (it cannot even be opened) is an io-error saying it is a socket."""
    import socket  # noqa: PLC0415

    path = tmp_path / "plan.yaml"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        for given in (tmp_path, path):
            result = guarded_load(given)
            assert_well_formed(result)
            assert [("io-error", f"{path} is a socket, not a regular file")] == io_errors(result)
    finally:
        server.close()


def test_folder_where_a_file_is_expected(tmp_path: Path) -> None:
    """A folder named plan.xml (given as an MS Project file) is an io-error saying it is a folder."""
    folder = tmp_path / "plan.xml"
    folder.mkdir()
    result = guarded_load(folder)
    assert_well_formed(result)
    assert [("io-error", f"{folder} is a folder, not a regular file")] == io_errors(result)


def test_file_of_limit_plus_one_bytes(tmp_path: Path) -> None:
    """A real (not sparse) file of 16 MiB + 1 byte gives file-too-large naming its size."""
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"# " + b"x" * (MAX_BYTES - 2) + b"\n")
    assert MAX_BYTES + 1 == path.stat().st_size
    result = guarded_load(path)
    assert [("file-too-large", f"{path} is {MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,}")] == io_errors(result)


def test_the_cap_holds_while_reading() -> None:
    """A file whose size says 0 (as /proc files do) is still read no further than the limit + 1 bytes."""
    status = Path("/proc/self/status")
    if not status.exists() or status.stat().st_size != 0:
        pytest.skip("no /proc file of size 0 here")
    found = read_bounded(status, 10, "status.yaml")
    assert isinstance(found, Diagnostic)
    assert ("file-too-large", "status.yaml holds more than 10 bytes; the limit is 10") == (found.code, found.message)
    assert isinstance(read_bounded(status, 1_000_000, "status.yaml"), bytes)


@pytest.mark.parametrize(
    ("raw", "suffix"),
    [(OLE2_MAGIC + bytes(504), ".mpp"), (OLE2_MAGIC + bytes(504), ".yaml"), (OLE2_MAGIC + bytes(504), ".xml"),
     (b"services: []\n", ".mpp")],
)
def test_binary_ms_project_file(tmp_path: Path, raw: bytes, suffix: str) -> None:
    """A .mpp file, or any file starting with OLE2's magic bytes, is told to be saved as XML."""
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(raw)
    result = guarded_load(path)
    assert_well_formed(result)
    (found,) = result.diagnostics
    assert ("mspdi-syntax", Source(str(path), 1, 1)) == (found.code, found.source)
    assert "binary MS Project file (.mpp)" in found.message
    assert "File > Save As > XML" in (found.hint or "")


def test_binary_ms_project_file_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`portfolio schedule plan.mpp` says the plan must be saved as XML, and fails without a traceback."""
    from portfolio.cli import main  # noqa: PLC0415

    path = tmp_path / "plan.mpp"
    path.write_bytes(OLE2_MAGIC + bytes(504))
    assert 0 != main(["schedule", str(path)])
    err = capsys.readouterr().err
    assert "mspdi-syntax" in err
    assert "Save As > XML" in err


def test_mspdi_in_an_encoding_expat_cannot_read_is_a_located_diagnostic(tmp_path: Path) -> None:
    """UTF-16 without a byte order mark and with a DOCTYPE (found by the fuzzer) is mspdi-syntax, not a ValueError."""
    from portfolio.io.mspdi import load_mspdi  # noqa: PLC0415

    plan = tmp_path / "plan.xml"
    plan.write_bytes('<!doctype Project><Project xmlns="http://schemas.microsoft.com/project"/>'.encode("utf-16-le"))
    diagnostics = load_mspdi(plan).diagnostics
    assert [("mspdi-syntax", 1)] == [(d.code, d.source.line) for d in diagnostics]
