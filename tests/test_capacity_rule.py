"""The capacity-overload rule: an overloaded plan fails check with a located finding; within tolerance it passes."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import attrs
import pytest

from portfolio.checking import check
from portfolio.cli import main
from portfolio.model import (
    Activity,
    ActivityProgress,
    Capacity,
    Demand,
    Duration,
    Portfolio,
    PortfolioSettings,
    StatusUpdate,
    Team,
)
from portfolio.rules import builtin_rules, evaluate
from portfolio.scheduling import schedule

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "logius"
OVERLOAD = Path(__file__).parent / "fixtures" / "capacity_overload"


def overload_findings(path: Path) -> list[tuple[str, int, str, str, float, float]]:
    """(subject, line, month, kind, peak, limit) of each capacity-overload finding of ``check(path)``."""
    result = check(path)
    return [(f.subject or "", f.source.line if f.source else 0, f.params["month"],
             "team" if "team" in f.params else "platform", f.params["peak"], f.params["limit"])
            for f in result.findings if f.rule == "capacity-overload"]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """A copy of the overloaded fixture to change."""
    target = tmp_path / "plan"
    shutil.copytree(OVERLOAD, target)
    return target


def with_tolerance(folder: Path, tolerance: float) -> Path:
    capacity = folder / "capacity.yaml"
    capacity.write_text(re.sub(r"tolerance: [0-9.]+", f"tolerance: {tolerance}", capacity.read_text(encoding="utf-8")),
                        encoding="utf-8")
    return folder


def test_an_overloaded_plan_fails_check_with_located_findings() -> None:
    """Two 2-FTE builds in parallel on a team of 2 (4 > 2 x 1.5), two cutovers onto lpc in January (2 > 1 x 1.5)."""
    result = check(OVERLOAD)
    assert result.failing()
    assert overload_findings(OVERLOAD) == [("migratie", 4, "2026-01", "team", 4, 2),
                                           ("lpc", 8, "2026-01", "platform", 2, 1)]
    team, platform = (f for f in result.findings if f.rule == "capacity-overload")
    assert team.source is not None
    assert team.source.file.endswith("capacity.yaml")
    assert team.source.column == 7
    assert team.text("en") == ("team 'migratie' is planned at up to 4 FTE a day in 2026-01, above its 2 FTE "
                               "(tolerance 50 %)")
    assert team.text("nl") == ("team 'migratie' is in 2026-01 ingepland voor tot 4 fte per dag, boven zijn 2 fte "
                               "(tolerantie 50 %)")
    assert "portfolio level" in (team.hint_text("en") or "")
    assert "'from: 2026-01-01'" in (team.hint_text("nl") or "")
    assert "cutovers_per_month" in (platform.hint_text("en") or "")


def test_portfolio_check_exits_1_and_prints_the_place(capsys: pytest.CaptureFixture[str]) -> None:
    assert 1 == main(["check", str(OVERLOAD)])
    out = capsys.readouterr().out
    assert f"{OVERLOAD / 'capacity.yaml'}:4:7: error[capacity-overload]: team 'migratie' is planned at up to 4 FTE" in out
    assert f"{OVERLOAD / 'capacity.yaml'}:8:7: error[capacity-overload]: platform 'lpc' takes on 2 cutovers" in out


def test_within_the_tolerance_the_plan_passes(plan: Path) -> None:
    """The limit is capacity x (1 + tolerance): at 1.0, 4 FTE on a team of 2 and 2 cutovers on a limit of 1 pass."""
    assert overload_findings(with_tolerance(plan, 1.0)) == []
    assert not check(plan).failing()
    assert [f[0] for f in overload_findings(with_tolerance(plan, 0.99))] == ["migratie", "lpc"]  # 4 > 3.98, 2 > 1.99
    assert check(plan).failing()


def test_a_platform_within_its_limit_and_a_larger_team_pass(plan: Path) -> None:
    capacity = plan / "capacity.yaml"
    capacity.write_text(capacity.read_text(encoding="utf-8").replace("size: 2", "size: 4")
                        .replace("cutovers_per_month: 1", "cutovers_per_month: 2"), encoding="utf-8")
    assert overload_findings(plan) == []
    assert not check(plan).failing()


def test_the_example_passes_check_with_its_overloads_waived() -> None:
    """The example's CPM plan overloads two teams and LPC; the programme board's waivers accept them."""
    result = check(EXAMPLE)
    assert not result.failing()
    found = [f for f in result.findings if f.rule == "capacity-overload"]
    assert len(found) == 10
    assert all(f.waived for f in found)
    assert {f.subject for f in found} == {"migratie", "beheer", "lpc"}
    assert min(f.params["month"] for f in found) == "2023-12"  # from the status date (29 Dec 2023) on


def test_the_example_without_the_waivers_fails(tmp_path: Path) -> None:
    copy = tmp_path / "logius"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns(".portfolio"))
    rules = copy / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text[: text.index("  - rule: capacity-overload")], encoding="utf-8")
    result = check(copy)
    assert result.failing()
    active = [f for f in result.findings if f.rule == "capacity-overload" and not f.waived]
    assert (len(active), active[0].subject, active[0].source.line if active[0].source else 0) == (10, "migratie", 9)


def test_a_portfolio_without_capacity_has_nothing_to_overload() -> None:
    p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
                  activities=[Activity(id="a", duration=Duration(5)), Activity(id="b", duration=Duration(5))])
    assert evaluate(p, schedule(p), [builtin_rules()["capacity-overload"]]).findings == ()


def test_work_before_the_status_date_is_past_fixing() -> None:
    """The same overload, done before the status date (the two activities ran side by side in January): no finding."""
    cap = Capacity(teams=[Team(id="t", size=1)], demand=[Demand(activities="*", team="t", amount=1)])
    acts = [Activity(id="a", duration=Duration(5)), Activity(id="b", duration=Duration(5))]
    p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8), calendar="standard"), capacity=cap,
                  activities=acts)
    rule = [builtin_rules()["capacity-overload"]]
    assert [f.params["month"] for f in evaluate(p, schedule(p), rule).findings] == ["2024-01"]
    done = {a: ActivityProgress(activity=a, actual_start=dt.date(2024, 1, 8), actual_finish=dt.date(2024, 1, 12))
            for a in ("a", "b")}
    p = attrs.evolve(p, status_updates=[StatusUpdate(date=dt.date(2024, 2, 1), progress=done)])
    assert evaluate(p, schedule(p), rule).findings == ()
