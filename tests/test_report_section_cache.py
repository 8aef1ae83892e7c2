"""The report's risk section and wave plan kept on disk: the same bytes as computed fresh, any damage ignored.

Every test makes real reports of the shipped example (which has both
sections); the cache folder is a temporary one (the project's conftest sets
``PORTFOLIO_CACHE_DIR`` for every test).
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import zlib
from pathlib import Path
from typing import Any

import attrs
import pytest

from portfolio.cli import main
from portfolio.io import _cache, load
from portfolio.model import Portfolio
from portfolio.report import _section_cache, monthly_report, render
from portfolio.report.risk_section import risk_section
from portfolio.report.waves_section import waves_section

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "logius"
STATUS = dt.date(2023, 8, 31)


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return load(EXAMPLE).portfolio


def section_files() -> list[Path]:
    folder = _cache.cache_dir() / f"sections-v{_section_cache.FORMAT}"
    return sorted(folder.iterdir()) if folder.exists() else []


def never() -> Any:
    raise AssertionError("computed although the entry holds it")


def risk(portfolio: Portfolio, key: _section_cache.Key, compute: Any = None) -> Any:
    """The risk section at STATUS with 300 runs, through the cache."""
    return _section_cache.kept("risk", key, (STATUS, 300), compute or (lambda: risk_section(portfolio, STATUS,
                                                                                           runs=300)))


def test_a_kept_section_is_the_one_computed_fresh(portfolio: Portfolio) -> None:
    fresh = risk_section(portfolio, STATUS, runs=300)
    with _cache.using(_cache.cache_dir()):
        written = risk(portfolio, _section_cache.Key(portfolio))
        (entry,) = section_files()
        found = risk(portfolio, _section_cache.Key(portfolio), never)  # a new key object: read from the file
    assert fresh is not None
    assert written == fresh
    assert found == fresh
    assert repr(found) == repr(fresh)  # stricter than ==: 1 and 1.0, the order of every tuple
    assert found is not fresh
    assert entry.name.startswith("risk-")


@pytest.mark.parametrize("period", ["2023-04", "2023-08", "2023-12"])
def test_every_output_of_a_cached_report_is_byte_for_byte_the_fresh_one(portfolio: Portfolio, period: str) -> None:
    fresh = monthly_report(portfolio, period)
    with _cache.using(_cache.cache_dir()):
        monthly_report(portfolio, period)  # computes and keeps both sections
        assert {p.name.split("-")[0] for p in section_files()} == {"risk", "waves"}
        cached = monthly_report(portfolio, period)
    assert cached.risk == fresh.risk
    assert cached.waves == fresh.waves
    for fmt in ("text", "md", "html", "csv", "json"):
        for lang in ("nl", "en"):
            assert render(cached, fmt, lang=lang) == render(fresh, fmt, lang=lang), (fmt, lang)


def test_the_wave_plan_is_kept_too(portfolio: Portfolio) -> None:
    fresh = waves_section(portfolio, STATUS)
    with _cache.using(_cache.cache_dir()):
        key = _section_cache.Key(portfolio)
        _section_cache.kept("waves", key, (STATUS, 3), lambda: waves_section(portfolio, STATUS))
        found = _section_cache.kept("waves", _section_cache.Key(portfolio), (STATUS, 3), never)
    assert fresh is not None
    assert found == fresh
    assert repr(found) == repr(fresh)


def test_another_portfolio_or_parameter_finds_no_entry(portfolio: Portfolio) -> None:
    first = next(iter(portfolio.activities.values()))
    changed = attrs.evolve(portfolio, activities={**portfolio.activities, first.id: attrs.evolve(first,
                                                                                              name="renamed")})
    with _cache.using(_cache.cache_dir()):
        risk(portfolio, _section_cache.Key(portfolio))
        key, other = _section_cache.Key(portfolio), _section_cache.Key(changed)
        assert key.digest() != other.digest()
        assert _section_cache.entry("risk", key, (STATUS, 300)) != _section_cache.entry("risk", other, (STATUS, 300))
        computed = []
        for k, params in ((other, (STATUS, 300)), (key, (STATUS, 301)), (key, (STATUS + dt.timedelta(1), 300))):
            _section_cache.kept("risk", k, params, lambda: computed.append(1))
        found = _section_cache.kept("waves", key, (STATUS, 300), lambda: "computed")
    assert computed == [1, 1, 1]
    assert found == "computed"  # the risk section's entry is not the wave plan's


def _beyond_dates(data: Any) -> int:
    """Every day number (``date.toordinal()``) in the JSON data made one no date has; how many there were."""
    found = 0
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for k, v in items:
        if type(v) is int and 700_000 < v < 800_000:
            data[k] = 10**9
            found += 1
        else:
            found += _beyond_dates(v)
    return found


def _damage(entry: Path, how: str, portfolio: Portfolio) -> None:
    packed = entry.read_bytes()
    inflated = zlib.decompress(packed)
    end = inflated.index(b"\n")  # the load cache's layout: a JSON header, a newline, the block
    body, block = json.loads(inflated[:end]), inflated[end:]
    if how == "garbage":
        entry.write_bytes(b"\x00not a cache entry")
    elif how == "truncated":
        entry.write_bytes(packed[: len(packed) // 2])
    elif how == "trailing":
        entry.write_bytes(packed + b"more")
    elif how == "pickle":
        entry.write_bytes(pickle.dumps(risk_section(portfolio, STATUS, runs=300)))
    elif how == "bomb":  # inflates beyond the limit
        entry.write_bytes(zlib.compress(b" " * (_section_cache.MAX_BYTES + 10)))
    else:
        if how == "unknown-field":
            body["result"]["extra"] = [1]
        elif how == "wrong-type":
            body["result"]["runs"] = "300"
        elif how == "other-key":
            body["key"] = "0" * 64
        elif how == "other-format":
            body["format"] = _section_cache.FORMAT + 1
        elif how == "other-class":
            body["class"] = "portfolio.report.waves_section.WaveSection"
        elif how == "not-a-date":
            assert _beyond_dates(body["result"]) > 0  # the dates are day numbers, now past any date
        entry.write_bytes(zlib.compress(json.dumps(body).encode() + block))


@pytest.mark.parametrize("how", ["garbage", "truncated", "trailing", "pickle", "bomb", "unknown-field", "wrong-type",
                                 "other-key", "other-format", "other-class", "not-a-date"])
def test_a_damaged_or_foreign_entry_is_ignored_and_rewritten(portfolio: Portfolio, how: str) -> None:
    fresh = risk_section(portfolio, STATUS, runs=300)
    with _cache.using(_cache.cache_dir()):
        risk(portfolio, _section_cache.Key(portfolio))
        (entry,) = section_files()
        good = entry.read_bytes()
        _damage(entry, how, portfolio)
        assert entry.read_bytes() != good
        computed: list[int] = []

        def again() -> Any:
            computed.append(1)
            return risk_section(portfolio, STATUS, runs=300)

        found = risk(portfolio, _section_cache.Key(portfolio), again)
        assert computed == [1]
        assert found == fresh
        assert entry.read_bytes() == good  # rewritten
        assert risk(portfolio, _section_cache.Key(portfolio), never) == fresh


def test_a_cache_folder_that_cannot_be_made_is_no_error(portfolio: Portfolio, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    fresh = risk_section(portfolio, STATUS, runs=300)
    with _cache.using(blocker / "cache"):  # the folder cannot be made: nothing kept, the same section
        assert risk(portfolio, _section_cache.Key(portfolio)) == fresh
    assert blocker.read_text() == "x"


def test_off_without_the_cache_switch(portfolio: Portfolio, monkeypatch: pytest.MonkeyPatch) -> None:
    risk(portfolio, _section_cache.Key(portfolio))  # the library's default: off
    assert section_files() == []
    monkeypatch.setenv("PORTFOLIO_NO_CACHE", "1")
    with _cache.using(_cache.cache_dir()):
        risk(portfolio, _section_cache.Key(portfolio))
    assert section_files() == []


def test_a_portfolio_the_codec_cannot_keep_has_no_key() -> None:
    odd = Portfolio(risk=None)
    odd = attrs.evolve(odd, settings=attrs.evolve(odd.settings, name=1.5))  # type: ignore[arg-type]  # not a str
    assert _section_cache.Key(odd).digest() is None
    with _cache.using(_cache.cache_dir()):
        assert _section_cache.kept("risk", _section_cache.Key(odd), (STATUS,), lambda: "computed") == "computed"
    assert section_files() == []


def test_the_command_line_keeps_the_sections_and_prints_the_same_report(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["report", "monthly", str(EXAMPLE), "--period", "2023-08", "--lang", "en"]
    assert main([*argv, "--no-cache"]) == 0
    plain = capsys.readouterr().out
    assert section_files() == []
    assert main(argv) == 0
    assert capsys.readouterr().out == plain
    assert len(section_files()) == 2
    assert main(argv) == 0
    assert capsys.readouterr().out == plain


@pytest.mark.parametrize("library", ["numpy", "dateutil"])
def test_another_version_of_a_library_the_sections_use_finds_no_entry(portfolio: Portfolio, library: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib  # noqa: PLC0415

    module = importlib.import_module(library)
    before = _section_cache.Key(portfolio).digest()
    monkeypatch.setattr(module, "__version__", "0.0.1-other")
    assert _section_cache.Key(portfolio).digest() not in (before, None)


def test_a_portfolio_the_command_line_loaded_is_keyed_by_its_files(portfolio: Portfolio) -> None:
    with _cache.using(_cache.cache_dir()):
        loaded = _section_cache.load_keyed(lambda: load(EXAMPLE).portfolio)
    assert loaded == portfolio
    by_files, by_content = _section_cache.Key(loaded).digest(), _section_cache.Key(portfolio).digest()
    assert by_files is not None
    assert by_content is not None
    assert by_files != by_content  # the equal portfolio not loaded so is encoded
    assert _section_cache.Key(loaded).digest() == by_files


def test_files_that_change_while_loading_leave_the_portfolio_encoded(tmp_path: Path) -> None:
    import shutil  # noqa: PLC0415

    from portfolio.io.yaml import load_portfolio  # noqa: PLC0415

    folder = tmp_path / "logius"
    shutil.copytree(EXAMPLE, folder)

    def load_and_edit(path: Path) -> Any:  # the files change between the load cache's two keys
        found = load_portfolio(path)
        (folder / "portfolio.yaml").write_text((folder / "portfolio.yaml").read_text() + "\n# edited\n")
        return found

    with _cache.using(_cache.cache_dir()):
        loaded = _section_cache.load_keyed(lambda: _cache.cached_load(folder, load_and_edit).portfolio)
        plain = load(folder, cache=False).portfolio  # the edit is a comment: the same portfolio, not identical
    assert _cache.key_of(loaded) is None
    assert _section_cache.Key(loaded).digest() == _section_cache.Key(plain).digest()  # both encoded


def test_without_the_cache_a_loaded_portfolio_is_encoded(portfolio: Portfolio) -> None:
    loaded = _section_cache.load_keyed(lambda: load(EXAMPLE).portfolio)  # the library: cache off
    assert _section_cache.Key(loaded).digest() == _section_cache.Key(portfolio).digest()
