"""The shortcuts the report data takes at scale give what the full analyses give (docs/performance.md).

`monthly_report` reads single activities' variance through `VarianceLookup` instead of `variance`'s
every record and roll-up, the trends through `milestone_trends` instead of `history`'s windows and
migrations, and runs with the cyclic collector paused (restored afterwards, whatever it was).
"""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import numpy as np
import pytest

from portfolio.io import load
from portfolio.report import monthly_report
from portfolio.risk._simulate import problem, simulate_finishes
from portfolio.scheduling import schedule
from portfolio.slippage import history, variance
from portfolio.slippage._history import milestone_trends
from portfolio.slippage._variance import VarianceLookup

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "logius"
PORTFOLIO = load(EXAMPLE).portfolio


@pytest.mark.parametrize("status_date", [None, dt.date(2023, 4, 28)])
@pytest.mark.parametrize("baseline", sorted(PORTFOLIO.baselines))
def test_lookup_gives_every_variance_of_the_full_analysis(baseline: str, status_date: dt.date | None) -> None:
    plan = schedule(PORTFOLIO, status_date=status_date)
    full = variance(PORTFOLIO, plan, PORTFOLIO.baselines[baseline])
    lookup = VarianceLookup(PORTFOLIO, plan, PORTFOLIO.baselines[baseline])
    assert list(lookup) == [v.id for v in full]
    assert len(lookup) == len(full.activities)
    assert all(lookup[v.id] == v for v in full)
    assert all(lookup.baseline_start(v.id) == v.baseline_start for v in full)
    for ident in full.added:  # scheduled, not in the baseline
        assert ident not in lookup
        assert lookup.baseline_start(ident) is None
        with pytest.raises(KeyError, match="has no variance"):
            lookup[ident]


def test_lookup_computes_each_variance_once() -> None:
    plan = schedule(PORTFOLIO)
    lookup = VarianceLookup(PORTFOLIO, plan, PORTFOLIO.baselines["original-2023"])
    first = next(iter(lookup))
    assert lookup[first] is lookup[first]


@pytest.mark.parametrize("until", [None, dt.date(2023, 8, 31), dt.date(2023, 4, 28)])
def test_trends_are_the_historys(until: dt.date | None) -> None:
    assert milestone_trends(PORTFOLIO, until=until) == history(PORTFOLIO, until=until).milestones
    keys = ["easi.exit"]
    assert milestone_trends(PORTFOLIO, keys, until=until) == history(PORTFOLIO, keys, until=until).milestones


def test_trends_name_an_unknown_milestone() -> None:
    with pytest.raises(KeyError, match=r"did you mean 'easi\.exit'"):
        milestone_trends(PORTFOLIO, ["easi.exti"])


@pytest.mark.parametrize("collecting", [True, False])
def test_the_collectors_state_is_restored(collecting: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if collecting else gc.disable()
        report = monthly_report(PORTFOLIO, "2023-08")
        assert gc.isenabled() is collecting
        with pytest.raises(ValueError, match="not a period"):
            monthly_report(PORTFOLIO, "2023-13")
        assert gc.isenabled() is collecting
    finally:
        gc.enable() if was else gc.disable()
    assert len(report.assignments) == 11


@pytest.mark.parametrize("runs", [300, 5000])  # one chunk, two chunks
def test_kept_estimates_give_the_passes_drawn_afresh(runs: int) -> None:
    status = dt.date(2023, 8, 31)
    prob = problem(PORTFOLIO, status)
    assert prob.draws.risks
    assert len(prob.draws.rows)
    tracked = np.arange(prob.net.n)
    risk = prob.draws.risks[0].id
    simulate_finishes(prob, prob.draws, runs, 3, tracked, 0)
    assert prob.kept  # the estimated samples of the first pass are kept
    again = simulate_finishes(prob, prob.draws.without([risk]), runs, 3, tracked, 0)
    fresh = problem(PORTFOLIO, status)
    afresh = simulate_finishes(fresh, fresh.draws.without([risk]), runs, 3, tracked, 0)
    assert (again == afresh).all()
    other = simulate_finishes(prob, prob.draws, runs, 4, tracked, 0)  # another seed: drawn, not reused
    assert not (other == simulate_finishes(prob, prob.draws, runs, 3, tracked, 0)).all()
