"""Earned value and earned schedule against an independent implementation: pmcontrols (PyPI).

The published example (tests/test_evm_published.py) states no earned-schedule
figures, and Lipke's tables were not readable to re-type. pmcontrols
(``pmcontrols.evm``, Lipke 2003's interpolation on the cumulative planned
value) is written apart from us, so where both compute a figure from the same
curve, EV, AC and AT they must agree. Installed by the ``bench`` extra; CI
runs this file in its own step (``.ci/run``).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio.evm import figures

pmcontrols = pytest.importorskip("pmcontrols")

#: Ours -> pmcontrols' name for the same figure.
SAME = {
    "pv": "pv", "sv": "sv", "cv": "cv", "spi": "spi", "cpi": "cpi", "eac": "eac_cpi", "eac_cpi_spi": "eac_cpi_spi",
    "etc": "etc", "vac": "vac", "tcpi": "tcpi_bac", "earned_schedule": "es", "planned_duration": "planned_duration",
    "spi_t": "spi_t", "sv_t": "sv_t", "ieac_t": "ieac_t",
}


@st.composite
def statuses(draw: st.DrawFn) -> tuple[list[float], float, float, int]:
    """A cumulative plan (rising at its end, so both tools read one planned duration), EV below BAC, AC and AT."""
    steps = draw(st.lists(st.integers(0, 1_000), min_size=1, max_size=40))
    steps[-1] += 1
    curve = [0.0]
    for step in steps:
        curve.append(curve[-1] + step)
    bac = curve[-1]
    cents = st.integers(0, int(bac * 100) - 1)  # amounts in whole cents, as money is booked
    ev = draw(cents) / 100 if draw(st.booleans()) else float(
        curve[draw(st.integers(0, len(curve) - 2))])  # on a period boundary too: C is the last period at or below EV
    ac = draw(st.integers(1, int(bac * 200))) / 100
    at = draw(st.integers(1, len(curve) - 1))
    return curve, ev, ac, at


def _ours(curve: list[float], ev: float, ac: float, at: int) -> dict[str, float | None]:
    return figures(bac=curve[-1], pv=curve[at], ev=ev, ac=ac, curve=curve, actual_time=at).as_dict()


def _theirs(curve: list[float], ev: float, ac: float, at: int) -> dict[str, float]:
    plan = pmcontrols.plan([float(t) for t in range(len(curve))], curve)
    return dict(pmcontrols.evm(plan, ev=ev, ac=ac, at=at).stats)


@given(statuses())
def test_every_figure_agrees_with_pmcontrols(status: tuple[list[float], float, float, int]) -> None:
    ours, theirs = _ours(*status), _theirs(*status)
    for name, other in SAME.items():
        mine, their = ours[name], theirs[other]
        if mine is None:  # a figure we cannot compute (a zero divisor) is one they give as inf or nan
            assert not math.isfinite(their), (name, their)
            continue
        assert mine == pytest.approx(their, rel=1e-9, abs=1e-9), (name, mine, their)


def test_lipkes_interpolation_on_a_small_plan() -> None:
    """The figures of pmcontrols' own docstring formula on one plan, both ways: ES 2.5 periods at AT 3."""
    curve, ev, ac, at = [0.0, 10.0, 30.0, 60.0, 100.0], 45.0, 50.0, 3
    ours, theirs = _ours(curve, ev, ac, at), _theirs(curve, ev, ac, at)
    assert (2.5, 2.5) == (ours["earned_schedule"], theirs["es"])
    assert ours["ieac_t"] == pytest.approx(theirs["ieac_t"]) == pytest.approx(4.8)
