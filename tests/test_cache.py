"""The load cache: exact round trips, invalidation by every input, damaged files ignored, the switches.

Every test loads real files; the cache folder is a temporary one (the
project's conftest sets ``PORTFOLIO_CACHE_DIR`` for every test).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import pickle
import shutil
import tempfile
import zlib
from pathlib import Path
from typing import Any

import attrs
import platformdirs
import pytest
from hypothesis import given, settings

from _benchmarks import bench_load
from portfolio.cli import main
from portfolio.diagnostics import LoadResult
from portfolio.io import _cache, load
from portfolio.model import Portfolio, Service
from strategies import mutated, retyped

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "logius"
FIXTURES = Path(__file__).parent / "fixtures" / "diagnostics"



def canonical(result: LoadResult) -> list[str]:
    """Every field of the portfolio and every diagnostic as repr: stricter than ``==`` (order, 1 vs 1.0, NaN)."""
    portfolio = result.portfolio
    return [repr(getattr(portfolio, f.name)) for f in attrs.fields(Portfolio)] + [repr(result.diagnostics)]


def entries() -> list[Path]:
    folder = _cache.cache_dir()
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def assert_round_trip(path: Path) -> LoadResult:
    """Loaded without the cache, then twice with it (written, then read): all three the same."""
    plain = load(path, cache=False)
    first = load(path, cache=True)
    entry = _cache._entry(path, str(path))
    try:
        _cache.encode(plain, "k")
    except _cache.UnfitError:  # NaN: not cached, and loaded again every time
        assert not entry.exists()
    else:
        key = _cache._key(path, str(path))
        assert key is not None
        assert _cache.decode(entry.read_bytes(), key) == first  # written, and what the next load reads
    again = load(path, cache=True)
    for cached in (first, again):
        assert canonical(cached) == canonical(plain)
        if "nan" not in "".join(canonical(plain)):
            assert cached == plain
            assert cached.diagnostics == plain.diagnostics
    return plain


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the shipped example to change."""
    target = tmp_path / "logius"
    shutil.copytree(EXAMPLE, target)
    return target


# -- exact round trips -----------------------------------------------------------------------------


def test_example_round_trip_is_exact_and_read_from_the_cache() -> None:
    plain = assert_round_trip(EXAMPLE)
    assert list(load(EXAMPLE, cache=True).portfolio.activities) == list(plain.portfolio.activities)
    (entry,) = entries()
    assert EXAMPLE not in entry.parents  # never inside the portfolio folder
    # The second load was answered by that file: an entry written under the same key is what comes back.
    key = _cache._key(EXAMPLE, str(EXAMPLE))
    assert key is not None
    other = LoadResult(Portfolio(services=[Service(id="only", name="Only")]))
    entry.write_bytes(_cache.encode(other, key))
    assert load(EXAMPLE, cache=True) == other


def test_generated_portfolio_round_trip(tmp_path: Path) -> None:
    folder = tmp_path / "generated"
    bench_load().generate(folder, 8, 40)
    (folder / "services" / "svc000.yaml").write_text(
        (folder / "services" / "svc000.yaml").read_text(encoding="utf-8").replace("a001]", "a0x1]", 1),
        encoding="utf-8")
    plain = assert_round_trip(folder)
    assert len(plain.portfolio.activities) == 8 * 40 + 2
    assert {d.code for d in plain.diagnostics} == {"unknown-ref"}


def test_the_capacity_section_round_trips() -> None:
    """The example's capacity (teams with periods, limits, blackouts, demand, tolerance) comes back exactly."""
    plain = assert_round_trip(EXAMPLE)
    capacity = plain.portfolio.capacity
    assert capacity.tolerance == 0.1
    assert capacity.teams[0].periods == ((dt.date(2024, 4, 1), 7.0),)
    assert (len(capacity.platforms), len(capacity.blackouts), len(capacity.demand)) == (4, 2, 12)
    assert load(EXAMPLE, cache=True).portfolio.capacity == capacity
    assert _cache.decode(_cache.encode(plain, "k"), "k").portfolio.capacity == capacity


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.iterdir()))
def test_every_diagnostic_fixture_round_trips(fixture: str) -> None:
    plain = assert_round_trip(FIXTURES / fixture)
    assert plain.diagnostics  # each fixture has a problem to report


@settings(max_examples=40, deadline=None)
@given(text=mutated() | retyped())
def test_random_files_round_trip(text: str) -> None:
    """Mutated and retyped files (NaN, huge numbers, odd dates): cached exactly, or not cached at all."""
    with tempfile.TemporaryDirectory() as tmp, _cache.using(Path(tmp) / "cache"):
        file = Path(tmp) / "plan.yaml"
        file.write_text(text, encoding="utf-8")
        assert_round_trip(file)


def test_rule_parameters_of_any_type(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text(
        "rules:\n  parameters:\n    dcma-high-float:\n      days: 44\n      share: 0.05\n      when: 2024-01-02\n"
        "      at: 2024-01-02 10:30:00\n      list: [1, x, [2.5, null], {a: true}]\n      none: null\n",
        encoding="utf-8")
    plain = assert_round_trip(tmp_path)
    assert plain.portfolio.rules.parameters["dcma-high-float"]["list"] == [1, "x", [2.5, None], {"a": True}]


def test_a_value_the_cache_cannot_keep_exactly_is_not_cached() -> None:
    result = LoadResult(Portfolio(services=[Service(id="s", name="S", availability_norm=float("nan"))]))
    with pytest.raises(_cache.UnfitError):
        _cache.encode(result, "k")


# -- what invalidates it ---------------------------------------------------------------------------


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("change", ["content", "added", "removed", "renamed", "in a subfolder"])
def test_any_change_to_the_files_is_seen(copy: Path, change: str) -> None:
    before = load(copy, cache=True)
    assert load(copy, cache=True) == before
    services = copy / "services"
    if change == "content":  # same size, one digit
        _edit(services / "digipoort.yaml", "duration: 4w", "duration: 5w")
    elif change == "added":
        (services / "extra.yaml").write_text("services:\n  - {id: extra, name: Extra}\n", encoding="utf-8")
    elif change == "removed":
        (services / "digipoort.yaml").unlink()
    elif change == "renamed":  # file names appear in every source
        (services / "digipoort.yaml").rename(services / "digipoort2.yaml")
    else:
        (services / "new").mkdir()
        (services / "new" / "x.yml").write_text("services:\n  - {id: extra, name: Extra}\n", encoding="utf-8")
    after = load(copy, cache=True)
    assert after == load(copy, cache=False)
    assert after != before


def test_files_the_loader_skips_do_not_invalidate(copy: Path) -> None:
    before = load(copy, cache=True)
    (copy / "_drafts").mkdir()
    (copy / "_drafts" / "x.yaml").write_text("not: [valid", encoding="utf-8")
    (copy / "notes.txt").write_text("hello", encoding="utf-8")
    assert load(copy, cache=True) == before


def test_the_path_as_given_is_part_of_the_key(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sources name files as the path was given: a relative and an absolute path are two entries."""
    monkeypatch.chdir(copy.parent)
    relative, absolute = load("logius", cache=True), load(copy, cache=True)
    assert load("logius", cache=True) == relative == load("logius", cache=False)
    assert load(copy, cache=True) == absolute
    assert relative.portfolio.activities["easi.exit"].source.file.startswith("logius")
    assert len(entries()) == 2


def test_the_code_fingerprint_covers_the_loader_source(tmp_path: Path) -> None:
    package = tmp_path / "portfolio"
    shutil.copytree(Path(_cache.__file__).parent.parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = _cache._tree_digest(package)
    assert _cache._tree_digest(package) == before
    (package / "io" / "yaml.py").write_text((package / "io" / "yaml.py").read_text() + "\n# changed\n")
    changed = _cache._tree_digest(package)
    (package / "model_extra.py").write_text("X = 1\n")
    assert len({before, changed, _cache._tree_digest(package)}) == 3
    assert _cache._code_fingerprint() == _cache._tree_digest(Path(_cache.__file__).parent.parent)


def test_the_code_fingerprint_walks_subpackages_and_leaves_out_compiled_files(tmp_path: Path) -> None:
    """Every ``.py`` file below the package counts, nested ones included; ``__pycache__`` and other suffixes do not."""
    package = tmp_path / "portfolio"
    (package / "io" / "_sections").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "io" / "_sections" / "plan.py").write_text("A = 1\n")
    assert _cache._python_files(str(package)) == ["__init__.py", "io/_sections/plan.py"]
    before = _cache._tree_digest(package)
    (package / "io" / "__pycache__").mkdir()
    (package / "io" / "__pycache__" / "stale.py").write_text("B = 2\n")
    (package / "io" / "notes.txt").write_text("not code\n")
    assert _cache._tree_digest(package) == before
    (package / "io" / "_sections" / "plan.py").write_text("A = 2\n")  # same size, other content
    assert _cache._tree_digest(package) != before
    (package / "io" / "_sections" / "plan.py").write_text("A = 1\n")
    assert _cache._tree_digest(package) == before
    (package / "io" / "_sections" / "more.py").write_text("")  # an empty file counts too
    assert _cache._tree_digest(package) != before


# -- damaged, foreign and hostile cache files ------------------------------------------------------


def _unpack(data: bytes) -> tuple[dict[str, Any], bytes]:
    """A cache file's JSON header and its binary block."""
    header, _, block = zlib.decompress(data).partition(b"\n")
    return json.loads(header), block


def _pack(header: dict[str, Any], block: bytes) -> bytes:
    return zlib.compress(json.dumps(header).encode() + b"\n" + block)


def _first(tree: Any, key: str) -> dict[str, Any]:
    """The first mapping in a header's tree that has ``key``."""
    if isinstance(tree, dict):
        if key in tree:
            return tree
        tree = list(tree.values())
    for item in tree if isinstance(tree, list) else []:
        with contextlib.suppress(LookupError):
            return _first(item, key)
    raise LookupError(key)


def _damaged(entry: Path, how: str, other: Path) -> None:
    data = entry.read_bytes()
    body, block = _unpack(data)
    if how == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif how == "flipped byte":
        entry.write_bytes(data[:100] + bytes([data[100] ^ 0xFF]) + data[101:])
    elif how == "empty":
        entry.write_bytes(b"")
    elif how == "not zlib":
        entry.write_text(json.dumps(body))
    elif how == "not json":
        entry.write_bytes(zlib.compress(b"{\"format\": 1, "))
    elif how == "trailing data":
        entry.write_bytes(data + b"more")
    elif how == "future version":
        entry.write_bytes(_pack({**body, "format": _cache.FORMAT + 1}, block))
    elif how == "foreign":  # another portfolio's valid entry in this one's place
        load(other, cache=True)
        entry.write_bytes(_cache._entry(other, str(other)).read_bytes())
    elif how == "wrong type":  # a count that is text
        shared = _first(body["result"], "distinct")
        shared["distinct"] = str(shared["distinct"])
        entry.write_bytes(_pack(body, block))
    elif how == "unknown field":
        body["result"]["portfolio"]["rows"]["extra"] = []
        entry.write_bytes(_pack(body, block))
    elif how == "block too long":  # bytes the header does not describe
        entry.write_bytes(_pack(body, block + b"\0\0"))
    elif how == "block too short":
        entry.write_bytes(_pack(body, block[:-2]))
    elif how == "texts not UTF-8":
        entry.write_bytes(_pack(body, b"\xff" + block[1:]))
    elif how == "more texts than said":
        entry.write_bytes(_pack({**body, "texts": body["texts"] + 1}, block))
    else:  # a text number past the end of the table: the first packed column of text numbers, all pointing there
        column = _first(body["result"]["portfolio"]["rows"]["activities"], "keys")["keys"]
        ((code, count),) = column.items()
        size = {"B": 1, "H": 2, "I": 4}[code]
        start = body["bytes"] + _offset(body, column)
        past = min(body["texts"], 256 ** size - 1).to_bytes(size, "little")
        entry.write_bytes(_pack(body, block[:start] + past * count + block[start + size * count:]))


def _offset(body: dict[str, Any], column: dict[str, Any]) -> int:
    """Where ``column`` starts after the table of texts: the packed columns before it, in the header's order."""
    sizes = {"B": 1, "H": 2, "I": 4, "Q": 8, "b": 1, "h": 2, "i": 4, "q": 8}
    offset = 0

    def walk(tree: Any) -> bool:
        nonlocal offset
        if tree is column:
            return True
        if isinstance(tree, dict):
            if len(tree) == 1 and next(iter(tree)) in sizes and type(next(iter(tree.values()))) is int:
                ((code, count),) = tree.items()
                offset += sizes[code] * count
                return False
            return any(walk(v) for v in tree.values())
        return isinstance(tree, list) and any(walk(v) for v in tree)

    assert walk(body["result"])
    return offset


@pytest.mark.parametrize("how", ["truncated", "flipped byte", "empty", "not zlib", "not json", "trailing data",
                                 "future version", "foreign", "wrong type", "unknown field", "block too long",
                                 "block too short", "texts not UTF-8", "more texts than said", "text past the table"])
def test_a_damaged_cache_file_is_ignored_and_rebuilt(tmp_path: Path, how: str) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "plan.yaml").write_text("services:\n  - {id: other, name: Other}\n", encoding="utf-8")
    plain = load(EXAMPLE, cache=True)
    entry = _cache._entry(EXAMPLE, str(EXAMPLE))
    key = _cache._key(EXAMPLE, str(EXAMPLE))
    assert key is not None
    _damaged(entry, how, other)
    with pytest.raises(Exception):  # noqa: B017, PT011 - any error at all: each kind of damage raises its own
        _cache.decode(entry.read_bytes(), key)
    assert load(EXAMPLE, cache=True) == plain
    assert _cache.decode(entry.read_bytes(), key) == plain  # rewritten


def test_a_pickle_in_the_cache_is_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[Any, ...]:
            return (os.system, (f"touch {marker}",))

    plain = load(EXAMPLE, cache=True)
    entry = _cache._entry(EXAMPLE, str(EXAMPLE))
    for data in (pickle.dumps(Payload()), zlib.compress(pickle.dumps(Payload()))):
        entry.write_bytes(data)
        assert load(EXAMPLE, cache=True) == plain
        assert not marker.exists()


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("PORTFOLIO_CACHE_DIR", str(blocker / "cache"))
    assert load(EXAMPLE, cache=True) == load(EXAMPLE, cache=False)


def test_writes_leave_no_temporary_files() -> None:
    for _ in range(2):
        load(EXAMPLE, cache=True)
    assert [p.suffix for p in entries()] == [".z"]


# -- switching it on and off -----------------------------------------------------------------------


def test_the_library_default_is_off_and_the_environment_switches_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    load(EXAMPLE)
    assert entries() == []
    monkeypatch.setenv("PORTFOLIO_NO_CACHE", "1")
    load(EXAMPLE, cache=True)
    assert entries() == []
    monkeypatch.setenv("PORTFOLIO_NO_CACHE", "0")
    load(EXAMPLE, cache=True)
    assert len(entries()) == 1


@pytest.mark.parametrize(("argv", "cached"), [
    (["check", str(EXAMPLE)], True),
    (["--no-cache", "check", str(EXAMPLE)], False),
    (["check", "--no-cache", str(EXAMPLE)], False),
    (["report", "monthly", "--no-cache", "--period", "2023-08", str(EXAMPLE)], False),
])
def test_the_command_line_uses_the_cache_unless_told(argv: list[str], cached: bool,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    assert len(entries()) == (1 if cached else 0)
    assert _cache.DEFAULT.get() is False  # the command line's default does not outlive the command
    if cached:
        first = capsys.readouterr()
        assert main(argv) == 0
        assert capsys.readouterr() == first


def test_the_cache_folder_is_the_users(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PORTFOLIO_CACHE_DIR")
    assert _cache.cache_dir() == Path(platformdirs.user_cache_dir("portfolio", appauthor=False))


def test_old_entries_are_pruned(tmp_path: Path) -> None:
    """Each write keeps the KEEP most recently written entries (their times set here: the order is the test's)."""
    folders = []
    for i in range(_cache.KEEP + 3):
        folder = tmp_path / f"p{i}"
        folder.mkdir()
        (folder / "plan.yaml").write_text(f"services:\n  - {{id: s{i}, name: S}}\n", encoding="utf-8")
        load(folder, cache=True)
        os.utime(_cache._entry(folder, str(folder)), ns=(i * 10**9, i * 10**9))
        folders.append(folder)
    kept = {p.name for p in entries()}
    assert len(kept) == _cache.KEEP
    assert {_cache._entry(f, str(f)).name for f in folders[:3]}.isdisjoint(kept)
    assert load(folders[0], cache=True) == load(folders[0], cache=False)  # a pruned entry is simply written again
