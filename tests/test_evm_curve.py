"""The planned-value curve computed for all shares at once is the one a loop over `Share.planned` makes, to the bit."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio.evm._budgets import SPREADS, Share
from portfolio.evm._portfolio import _curve


def looped(shares: Sequence[Share], spread: str) -> tuple[int, list[float]]:
    """The curve as the definition reads: each share's planned value on each of its own days, one at a time."""
    first = min(s.start for s in shares)
    last = max(s.finish for s in shares)
    inside = [0.0] * (last - first + 1)
    done = [0.0] * (last - first + 1)
    for s in shares:
        for t in range(s.start + 1, s.finish):
            inside[t - first] += s.planned(t, spread)
        done[s.finish - first] += s.budget
    curve, finished = [], 0.0
    for i in range(last - first + 1):
        finished += done[i]
        curve.append(finished + inside[i])
    return first, curve


@st.composite
def shares(draw: st.DrawFn) -> list[Share]:
    found = []
    for k in range(draw(st.integers(1, 12))):
        start = draw(st.integers(0, 400))
        finish = start + draw(st.integers(0, 90))
        budget = draw(st.floats(0, 1e7, allow_nan=False, allow_infinity=False))
        found.append(Share(activity=f"a{k}", budget=budget, start=start, finish=finish,
                           spread=draw(st.sampled_from((None, *SPREADS)))))
    return found


@given(shares(), st.sampled_from(SPREADS))
def test_the_curve_is_the_loop_over_the_shares_to_the_bit(found: list[Share], spread: str) -> None:
    first, curve = _curve(found, spread)
    expected_first, expected = looped(found, spread)
    assert first == expected_first
    assert [value.hex() for value in curve] == [value.hex() for value in expected]


def test_a_front_loaded_share_plans_most_early_and_a_back_loaded_one_late() -> None:
    """An analytic case: 100 over 4 days plans 43.75 / 75 / 93.75 front-loaded and 6.25 / 25 / 56.25 back-loaded."""
    front = _curve([Share(activity="a", budget=100.0, start=0, finish=4, spread="front")], "linear")[1]
    back = _curve([Share(activity="a", budget=100.0, start=0, finish=4, spread="back")], "linear")[1]
    assert front == [0.0, 43.75, 75.0, 93.75, 100.0]
    assert back == [0.0, 6.25, 25.0, 56.25, 100.0]


def test_an_unknown_spread_is_refused_as_the_share_refuses_it() -> None:
    with pytest.raises(ValueError, match="unknown spread 'even'"):
        _curve([Share(activity="a", budget=1.0, start=0, finish=5)], "even")
