"""The capacity: section: read by the loader into Portfolio.capacity, with located diagnostics."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from portfolio.capacity import Capacity, Demand, Team, check_capacity, read_capacity
from portfolio.diagnostics import CODES, Diagnostic
from portfolio.io import load

FIXTURES = Path(__file__).parent / "fixtures" / "capacity"
_EXPECT = re.compile(r"#\s*expect:\s*(error|warning|info)\s+(\d+)\s+([a-z0-9-]+)\s*$")
CASES = sorted(p.name for p in FIXTURES.glob("capacity-*.yaml"))


def diagnose(folder: Path) -> tuple[Diagnostic, ...]:
    """The load's diagnostics: every one of them is about the capacity section (base.yaml is sound)."""
    found = load(folder, cache=False).diagnostics
    assert all(d.code.startswith("capacity-") for d in found), found
    return found


@pytest.mark.parametrize("name", CASES)
def test_fixture(name: str, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "base.yaml", tmp_path / "base.yaml")
    shutil.copy(FIXTURES / name, tmp_path / "capacity.yaml")
    expected = set()
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
        match = _EXPECT.search(line)
        if match:
            expected.add((match.group(1), int(match.group(2)), match.group(3)))
    found = diagnose(tmp_path)
    assert {(d.severity.value, d.source.line if d.source else 0, d.code) for d in found} == expected
    for d in found:
        assert d.source is not None
        assert d.source.file.endswith("capacity.yaml")
        assert d.source.column > 0
        assert d.hint
        assert d.severity is CODES[d.code].severity


#: Raised by levelling, not by the loader: tests/test_capacity_pins.py triggers it.
LEVELLING = {"capacity-pin-missed"}


def test_every_capacity_code_has_a_fixture() -> None:
    assert {name.split("_")[0] for name in CASES} == {c for c in CODES if c.startswith("capacity-")} - LEVELLING


def test_hints_show_the_fix(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "base.yaml", tmp_path / "base.yaml")
    shutil.copy(FIXTURES / "capacity-unknown-team_1.yaml", tmp_path / "capacity.yaml")
    (found,) = diagnose(tmp_path)
    assert found.hint == "did you mean 'migratie'?"
    shutil.copy(FIXTURES / "capacity-unknown-ref_1.yaml", tmp_path / "capacity.yaml")
    assert [d.hint for d in diagnose(tmp_path)] == ["did you mean 'lpc'?", "did you mean 'digid.build'?",
                                                    "did you mean 'digid'?"]
    shutil.copy(FIXTURES / "capacity-unmeetable_1.yaml", tmp_path / "capacity.yaml")
    assert "at most 3" in (diagnose(tmp_path)[0].hint or "")


def test_a_good_section_reads_whole(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "activities:\n  - {id: a, duration: 5d}\nplatforms:\n  - {id: lpc, name: LPC}\nservices:\n  - {id: s, name: S}\n"
        "capacity:\n  tolerance: 0.1\n  teams:\n    - id: t\n      name: Team\n      size: 2\n"
        "      periods:\n        - {from: 2027-01-01, size: 4}\n"
        "  platforms:\n    - {platform: lpc, cutovers_per_month: 3}\n"
        "  blackouts:\n    - {id: kerst, start: 2026-12-21, finish: 2027-01-01, reason: kerstvries}\n"
        "  demand:\n    - {activities: a, team: t, amount: 1.5}\n"
        "  pins:\n    - {service: s, from: 2027-03-01}\n", encoding="utf-8")
    result = load(tmp_path, cache=False)
    assert result.diagnostics == ()
    capacity = result.portfolio.capacity
    assert read_capacity(tmp_path) == (capacity, ())  # the older entry point says the same
    assert capacity.tolerance == 0.1
    assert capacity.teams[0].periods == ((dt.date(2027, 1, 1), 4.0),)
    assert capacity.platforms[0].per_month == 3
    assert capacity.blackouts[0].finish == dt.date(2027, 1, 1)
    assert capacity.demand[0].amount == 1.5
    assert (capacity.pins[0].service, capacity.pins[0].start) == ("s", dt.date(2027, 3, 1))


def test_bad_shapes_are_located(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "capacity:\n  teams: 3\n  platform: []\n  blackouts:\n    - {id: x, start: 2027-01-05, finish: 2027-01-01}\n"
        "  demand:\n    - nope\n", encoding="utf-8")
    found = load(tmp_path, cache=False).diagnostics
    assert [(d.code, d.source.line if d.source else 0) for d in found] == [
        ("capacity-bad-value", 2), ("capacity-bad-value", 3), ("capacity-bad-value", 5), ("capacity-bad-value", 7)]
    assert found[1].hint == "did you mean 'platforms'?"


def test_first_demand_per_team_wins() -> None:
    from portfolio.model import Activity  # noqa: PLC0415

    cap = Capacity(teams=[Team(id="t", size=2)], demand=[Demand(activities="a.*", team="t", amount=2),
                                                          Demand(activities="*", team="t", amount=1)])
    assert [d.amount for d in cap.demand_of(Activity(id="a.b"))] == [2]
    assert [d.amount for d in cap.demand_of(Activity(id="c"))] == [1]


def test_the_older_entry_points_agree_with_the_loader(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "base.yaml", tmp_path / "base.yaml")
    shutil.copy(FIXTURES / "capacity-unknown-ref_1.yaml", tmp_path / "capacity.yaml")
    result = load(tmp_path, cache=False)
    capacity, found = read_capacity(tmp_path)
    assert capacity == result.portfolio.capacity
    assert len(capacity.pins) == 1
    assert found == result.diagnostics
    assert set(check_capacity(capacity, result.portfolio)) == set(found)


def test_sections_in_two_files_are_joined(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "base.yaml", tmp_path / "base.yaml")
    (tmp_path / "a.yaml").write_text("capacity:\n  tolerance: 0.05\n  teams:\n    - {id: a, size: 1}\n",
                                     encoding="utf-8")
    (tmp_path / "b.yaml").write_text("capacity:\n  tolerance: 0.2\n  teams:\n    - {id: b, size: 2}\n"
                                     "  demand:\n    - {activities: digid.build, team: a, amount: 1}\n",
                                     encoding="utf-8")
    result = load(tmp_path, cache=False)
    assert result.diagnostics == ()
    assert [t.id for t in result.portfolio.capacity.teams] == ["a", "b"]
    assert result.portfolio.capacity.tolerance == 0.2


def test_a_portfolio_without_the_section_has_no_capacity(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "base.yaml", tmp_path / "base.yaml")
    assert load(tmp_path, cache=False).portfolio.capacity == Capacity()
    (tmp_path / "c.yaml").write_text("capacity:\n", encoding="utf-8")
    assert load(tmp_path, cache=False).portfolio.capacity == Capacity()


def test_a_section_that_is_no_mapping(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text("capacity: [1, 2]\n", encoding="utf-8")
    (found,) = load(tmp_path, cache=False).diagnostics
    assert (found.code, found.source.line if found.source else 0) == ("capacity-bad-value", 1)
    assert "mapping" in found.message
    assert found.hint


def test_a_misspelt_section_name_suggests_capacity(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text("capacty:\n  teams: []\n", encoding="utf-8")
    (found,) = load(tmp_path, cache=False).diagnostics
    assert (found.code, found.hint) == ("unknown-key", "did you mean 'capacity'?")
