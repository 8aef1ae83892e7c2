"""The ``risk:`` section: what it reads, which estimate applies, and every problem located; the result's views."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from portfolio.io import load
from portfolio.io._cache import decode, encode
from portfolio.model import Distribution
from portfolio.risk import simulate, without_risks
from portfolio.risk._sample import _estimate

BASE = """\
portfolio: {start: 2024-01-08, key_milestones: [digid.live]}
platforms:
  - {id: lpc, name: LPC}
services:
  - id: digid
    name: DigiD
    migrations:
      - {id: m, target: lpc, approach: rebuild}
    activities:
      - {id: build, duration: 20d, migration: m}
      - {id: test, duration: 10d, after: [build], migration: m}
      - {id: docs, duration: 5d}
      - {id: live, kind: milestone, after: [test, docs]}
"""


def loaded(tmp_path: Path, risk: str) -> tuple[object, list[str]]:
    (tmp_path / "p.yaml").write_text(BASE + textwrap.dedent(risk), encoding="utf-8")
    result = load(tmp_path / "p.yaml")
    return result.portfolio, [f"{d.source.line}:{d.code}" if d.source else d.code for d in result.diagnostics]


def test_the_estimate_that_applies_is_the_activitys_then_the_services_then_the_approachs(tmp_path: Path) -> None:
    p, found = loaded(tmp_path, """\
        risk:
          defaults:
            approach: {rebuild: {optimistic: 0.9, most_likely: 1.2, pessimistic: 2, distribution: PERT}}
            service: {digid: {optimistic: 1, most_likely: 1.1, pessimistic: 1.3}}
          estimates:
            digid.build: {optimistic: 15d, most_likely: 3w, pessimistic: 40d, distribution: uniform}
        """)
    assert found == []
    own, service = _estimate(p, "digid.build"), _estimate(p, "digid.test")  # type: ignore[arg-type]
    assert (own.optimistic, own.most_likely, own.pessimistic, own.factor, own.distribution) == (
        15, 15, 40, False, Distribution.UNIFORM)
    assert (service.pessimistic, service.factor) == (1.3, True)
    assert p.risk.approaches["rebuild"].distribution is Distribution.PERT  # type: ignore[attr-defined]


def test_the_risk_section_survives_the_load_cache(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(BASE + "risk:\n  risks:\n    - {id: r, probability: 0.5, "
                                     "impact: {optimistic: 1d, most_likely: 2d, pessimistic: 4d}, "
                                     "services: [digid]}\n", encoding="utf-8")
    result = load(tmp_path / "p.yaml")
    back = decode(encode(result, "k"), "k")
    assert back.portfolio.risk == result.portfolio.risk
    assert back.portfolio.risk.risks["r"].activities == ("digid.build", "digid.test", "digid.docs", "digid.live")


@pytest.mark.parametrize(("risk", "expected"), [
    ("estimates: {digid.build: {optimistic: 1.0, most_likely: 20d, pessimistic: 30d}}", ["2:bad-value"]),
    ("estimates: {digid.build: {optimistic: 5, most_likely: 20, pessimistic: 40}}", ["2:out-of-range"]),
    ("estimates: {digid.build: {optimistic: 5d, most_likely: soon, pessimistic: 40d}}", ["2:bad-value"]),
    ("estimates: {digid.build: {optimistic: 5d, most_likely: 6d, pessimistic: 7d, distribution: beta}}",
     ["2:bad-value"]),
    ("estimates: {digid.bild: {optimistic: 5d, most_likely: 6d, pessimistic: 7d}}", ["2:unknown-ref"]),
    ("defaults: {approach: {rebuilt: {optimistic: 1, most_likely: 1, pessimistic: 2}}}", ["2:bad-value"]),
    ("defaults: {service: {digid: {optimistic: 5d, most_likely: 6d, pessimistic: 7d}}}", ["2:bad-value"]),
    ("correlations: [{id: g, coefficient: 1.5, activities: [digid.build]}]", ["2:bad-probability"]),
    ("correlations: [{id: g, coefficient: 0.5, services: [digit]}]", ["2:unknown-ref"]),
    ("risks: [{id: r, probability: 0.5}]", ["2:missing-key"]),
    ("estimatse: {}", ["2:unknown-key"]),
])
def test_every_problem_is_reported_on_its_line(tmp_path: Path, risk: str, expected: list[str]) -> None:
    _, found = loaded(tmp_path, f"risk:\n  {risk}\n")
    assert [f"{int(f.split(':')[0]) - BASE.count(chr(10))}:{f.split(':')[1]}" for f in found] == expected


def test_a_duplicate_risk_is_reported_and_the_first_kept(tmp_path: Path) -> None:
    p, found = loaded(tmp_path, """\
        risk:
          risks:
            - {id: r, probability: 0.5, impact: {optimistic: 1, most_likely: 1.1, pessimistic: 1.2}}
            - {id: r, probability: 0.9, impact: {optimistic: 1, most_likely: 1.1, pessimistic: 1.2}}
        """)
    assert [f.split(":")[1] for f in found] == ["duplicate-id"]
    assert p.risk.risks["r"].probability == 0.5  # type: ignore[attr-defined]


# -- the result's views ------------------------------------------------------------------------------------


class _WithPortfolio:
    """A result and the portfolio it came from (for the what-if test)."""

    def __init__(self, found: object, portfolio: object) -> None:
        self._found, self._portfolio = found, portfolio

    def __getattr__(self, name: str) -> object:
        return getattr(self._found, name)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> object:
    folder = tmp_path_factory.mktemp("p")
    (folder / "p.yaml").write_text(BASE + textwrap.dedent("""\
        risk:
          estimates:
            digid.build: {optimistic: 15d, most_likely: 20d, pessimistic: 40d}
            digid.docs: {optimistic: 2d, most_likely: 5d, pessimistic: 8d}
          risks:
            - {id: r, owner: CIO, probability: 0.5, impact: {optimistic: 5d, most_likely: 5d, pessimistic: 5d},
               activities: [digid.test]}
        """), encoding="utf-8")
    portfolio = load(folder).portfolio
    found = simulate(portfolio, runs=2000, seed=1, deadline=dt.date(2024, 3, 1))
    return _WithPortfolio(found, portfolio)


def test_to_pandas_gives_typed_tables(result: object) -> None:
    pytest.importorskip("pandas")
    milestones = result.to_pandas()  # type: ignore[attr-defined]
    assert str(milestones["p80"].dtype) == "datetime64[ns]"
    assert milestones.loc[0, "id"] == "digid.live"
    activities = result.to_pandas("activities")  # type: ignore[attr-defined]
    assert activities.set_index("id").loc["digid.build", "criticality"] == 1.0
    assert result.to_pandas("risks").loc[0, "id"] == "r"  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="milestones"):
        result.to_pandas("runs")  # type: ignore[attr-defined]


def test_the_notebook_view_names_the_milestone_and_the_risk(result: object) -> None:
    html = result._repr_html_()  # type: ignore[attr-defined]
    assert "digid.live" in html
    assert "<td>r</td>" in html


def test_the_sensitivity_ranks_the_long_task_first(result: object) -> None:
    ranked = result.sensitivity()  # type: ignore[attr-defined]
    assert ranked[0][0] == "digid.build"
    assert "digid.docs" not in [r[0] for r in ranked[:1]]


def test_plots_draw_the_percentiles_and_the_drivers(result: object) -> None:
    pytest.importorskip("matplotlib")
    from portfolio.risk import plot  # noqa: PLC0415

    hist = plot.histogram(result)  # type: ignore[arg-type]
    labels = [t.get_text() for t in hist.axes[0].get_legend().get_texts()]
    assert any(label.startswith("P80 ") for label in labels)
    assert any(label.startswith("deadline 2024-03-01") for label in labels)
    curve = plot.s_curve(result)  # type: ignore[arg-type]
    assert curve.axes[0].get_ylim() == (0.0, 1.0)
    tornado = plot.tornado(result)  # type: ignore[arg-type]
    assert [t.get_text() for t in tornado.axes[1].get_yticklabels()] == ["r"]


def test_a_what_if_without_the_risk_moves_the_dates_by_its_contribution(result: object) -> None:
    """Taking the risk out (same seed) moves the P80 by what the risk's contribution says."""
    portfolio = result._portfolio  # type: ignore[attr-defined]
    other = simulate(without_risks(portfolio, "r"), runs=2000, seed=1, deadline=dt.date(2024, 3, 1))
    moved = result.compare(other)  # type: ignore[attr-defined]
    assert moved["digid.live"][80] == result.contributions[0].days  # type: ignore[attr-defined]
    assert all(days >= 0 for days in moved["digid.live"].values())


def test_without_an_unknown_risk_raises() -> None:
    from portfolio.model import Portfolio  # noqa: PLC0415

    with pytest.raises(KeyError, match="no risk 'x'"):
        without_risks(Portfolio(), "x")


def test_the_report_section_of_the_example() -> None:
    """The monthly report's risk section: a line per key milestone, EASI exit first with its contract end."""
    from portfolio.report.risk_section import risk_section  # noqa: PLC0415

    example = Path(__file__).resolve().parent.parent / "examples" / "logius"
    section = risk_section(load(example).portfolio, dt.date(2023, 12, 29), runs=500)
    assert section is not None
    assert (section.milestone, section.lines[0].id, section.lines[0].deadline) == (
        "easi.exit", "easi.exit", dt.date(2024, 12, 31))
    assert section.lines[0].p50 <= section.lines[0].p80
    assert [r.days for r in section.risks] == sorted((r.days for r in section.risks), reverse=True)
