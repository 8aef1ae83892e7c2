"""The schedule risk analysis against analysis: the deterministic schedule, sums of means, the maximum of paths.

Each statistical test states its tolerance. Runs are seeded, so every test
gives the same numbers each time; the tolerances are what any seed should
meet (about four standard errors), not fitted to one seed.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import attrs
import numpy as np
import pytest

from _risk_networks import START, network
from portfolio.io import load
from portfolio.model import (
    Activity,
    Correlation,
    Distribution,
    Duration,
    Estimate,
    Portfolio,
    PortfolioSettings,
    Relation,
    Risk,
    RiskModel,
)
from portfolio.risk import simulate, without_risks
from portfolio.risk._sample import triangular
from portfolio.risk._simulate import problem
from portfolio.scheduling import schedule

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "logius"
#: 'standard' works every weekday, no holidays: working days map onto weekdays one to one.
CAL = "standard"


def chain(estimates: dict[str, Estimate], n: int, *, parallel: bool = False, **model: object) -> Portfolio:
    """``n`` tasks of 10 days, in a chain (or side by side) before a milestone ``end``, on the standard calendar."""
    ids = [f"t{i}" for i in range(n)]
    acts = [Activity(id=i, duration=Duration(10)) for i in ids] + [Activity(id="end")]
    rels = ([Relation(predecessor=i, successor="end") for i in ids] if parallel else
            [Relation(predecessor=a, successor=b) for a, b in zip(ids, [*ids[1:], "end"], strict=True)])
    return Portfolio(settings=PortfolioSettings(start=START, calendar=CAL), activities=acts, relations=rels,
                     risk=RiskModel(estimates=estimates, **model))  # type: ignore[arg-type]


def working_days(result_days: np.ndarray) -> np.ndarray:
    """Finish ordinals on the standard calendar as working days from the start (the first finish is day 1)."""
    start = np.datetime64(START, "D")
    days = result_days - START.toordinal()
    return np.asarray(np.busday_count(start, start + days.astype("timedelta64[D]"))) + 1


# -- zero spread: the deterministic schedule, exactly ------------------------------------------------


@pytest.mark.parametrize("options", [{}, {"fs_only": True}, {"progress": True},
                                     {"progress": True, "constraints": True, "elapsed": True}],
                         ids=["mixed", "fs-only", "progress", "constraints-elapsed"])
def test_zero_spread_reproduces_every_finish_of_the_schedule(options: dict[str, bool]) -> None:
    """Without uncertainty every run gives every activity the schedule's finish date (four relation types,
    lags, two calendars, progress, constraints, elapsed durations)."""
    p = network(300, spread=False, **options)
    plan = schedule(p)
    result = simulate(p, runs=3, track=list(p.activities))
    expected = np.array([plan[i].finish.toordinal() for i in result.tracked])
    assert (result.finishes == expected[:, None]).all()


def test_zero_spread_reproduces_the_example() -> None:
    """The Logius example with its estimates and risks taken out: every finish is the schedule's."""
    loaded = load(EXAMPLE)
    p = without_risks(loaded.portfolio, *loaded.portfolio.risk.risks)  # type: ignore[union-attr]
    p = attrs.evolve(p, risk=RiskModel())
    plan = schedule(p)
    result = simulate(p, runs=2, track=list(p.activities))
    assert all((result.finish(i) == plan[i].finish.toordinal()).all() for i in p.activities)


def test_degenerate_estimates_are_the_schedule() -> None:
    """An estimate with three equal points is no uncertainty at all."""
    p = chain({"t0": Estimate(optimistic=7, most_likely=7, pessimistic=7)}, 2)
    result = simulate(p, runs=50, milestone="end")
    assert set(working_days(result.finish()).tolist()) == {17}


# -- sums and maxima ------------------------------------------------------------------------------------


def test_a_serial_chain_has_the_sum_of_the_means() -> None:
    """Eight triangular(5, 10, 30) tasks in a row: mean finish 8 × 15 = 120 working days.

    Standard error of the mean over 20,000 runs: sqrt(8 × 26.04 / 20,000) = 0.10 days; tolerance 0.5.
    """
    est = Estimate(optimistic=5, most_likely=10, pessimistic=30)
    p = chain({f"t{i}": est for i in range(8)}, 8)
    result = simulate(p, runs=20_000, seed=3, milestone="end")
    assert abs(working_days(result.finish()).mean() - 120.0) < 0.5


def test_two_parallel_uniform_paths_give_the_distribution_of_their_maximum() -> None:
    """Two independent uniform(10, 30) tasks before a milestone: its finish is their maximum (merge bias).

    With whole days, each task takes k ∈ {10..30} days (k = 10 and 30 with half the weight of the others: the
    rounding of a uniform), so P(max ≤ k) = F(k)², F the rounded uniform's CDF. Every point of the CDF is checked
    to within 0.015 (four standard errors of a proportion over 20,000 runs), and the mean is 10 + 20 × 2/3: above
    each path's mean of 20 (the deterministic date) by the merge bias of 20/6 ≈ 3.33 days, within 0.2.
    """
    est = Estimate(optimistic=10, most_likely=20, pessimistic=30, distribution=Distribution.UNIFORM)
    p = chain({"t0": est, "t1": est}, 2, parallel=True)
    result = simulate(p, runs=20_000, seed=5, milestone="end")
    days = working_days(result.finish())
    for k in range(10, 31):
        f = min(max((k + 0.5 - 10) / 20, 0.0), 1.0)
        assert abs(np.mean(days <= k) - f * f) < 0.015, k
    assert abs(days.mean() - (10 + 20 * 2 / 3)) < 0.2


def test_triangular_samples_have_the_analytic_quantiles() -> None:
    """The inverse CDF of triangular(2, 4, 9) at 0, its mode's probability 2/7, and 1, and its mean 5."""
    lo, mode, hi = np.array([2.0]), np.array([4.0]), np.array([9.0])
    assert triangular(lo, mode, hi, np.array([[0.0, 2 / 7, 1.0]])).ravel().tolist() == pytest.approx([2, 4, 9])
    u = (np.arange(100_000) + 0.5) / 100_000
    assert triangular(lo, mode, hi, u[None, :]).mean() == pytest.approx(5.0, abs=1e-3)


def test_pert_has_the_pert_mean() -> None:
    """PERT-beta(10, 20, 60): mean (10 + 4 × 20 + 60) / 6 = 25; over 20,000 runs the SE is 0.06; tolerance 0.3."""
    est = Estimate(optimistic=10, most_likely=20, pessimistic=60, distribution=Distribution.PERT)
    result = simulate(chain({"t0": est}, 1), runs=20_000, seed=2, milestone="end")
    assert abs(working_days(result.finish()).mean() - 25.0) < 0.3


# -- seeds, chunks and correlation ---------------------------------------------------------------------


def test_the_same_seed_gives_the_same_result_and_another_seed_does_not() -> None:
    p = network(200)
    a, b, c = (simulate(p, runs=3000, seed=s) for s in (7, 7, 8))
    assert (a.finishes == b.finishes).all()
    assert (a.criticality == b.criticality).all()
    assert not (a.finishes == c.finishes).all()


def test_a_correlation_group_gets_its_rank_correlation() -> None:
    """Two tasks in a group with coefficient 0.7: the Spearman correlation of their samples is 0.7 ± 0.03."""
    est = Estimate(optimistic=5, most_likely=10, pessimistic=30)
    p = chain({"t0": est, "t1": est}, 2, parallel=True,
              correlations=(Correlation(id="team", coefficient=0.7, activities=("t0", "t1")),))
    prob = problem(p)
    d = prob.draws.durations(prob.draws.streams(1), 4000).astype(float)
    ranks = np.argsort(np.argsort(d[:2], axis=1), axis=1)
    assert abs(np.corrcoef(ranks)[0, 1] - 0.7) < 0.03


def test_correlation_widens_the_chain() -> None:
    """Positively correlated tasks in a chain spread the finish more than independent ones."""
    est = Estimate(optimistic=5, most_likely=10, pessimistic=30)
    ests = {f"t{i}": est for i in range(6)}
    free = simulate(chain(ests, 6), runs=5000, seed=4, milestone="end")
    tied = simulate(chain(ests, 6, correlations=(Correlation(id="g", coefficient=0.8, activities=tuple(ests)),)),
                    runs=5000, seed=4, milestone="end")
    assert working_days(tied.finish()).std() > 1.5 * working_days(free.finish()).std()


# -- risks -------------------------------------------------------------------------------------------------


def test_a_certain_risk_of_days_adds_them_to_every_activity_it_touches() -> None:
    """Probability 1, impact exactly 3 days on two chained tasks: the milestone is 6 working days later."""
    risk = Risk(id="r", probability=1.0, impact=Estimate(optimistic=3, most_likely=3, pessimistic=3),
                activities=("t0", "t1"))
    result = simulate(chain({}, 2, risks={"r": risk}), runs=20, milestone="end")
    assert set(working_days(result.finish()).tolist()) == {26}
    found = result.contributions[0]
    assert (found.p80_without, found.p80, found.days) == (dt.date(2024, 2, 2), dt.date(2024, 2, 12), 10)


def test_a_risk_occurs_with_its_probability_and_scales_by_its_factor() -> None:
    """Probability 0.25, factor 1.5 on one 10-day task: 15 days in 25 % of the runs (± 0.02), else 10."""
    risk = Risk(id="r", probability=0.25, impact=Estimate(optimistic=1.5, most_likely=1.5, pessimistic=1.5,
                                                           factor=True), activities=("t0",))
    result = simulate(chain({}, 1, risks={"r": risk}), runs=10_000, seed=9, milestone="end")
    days = working_days(result.finish())
    assert set(days.tolist()) == {10, 15}
    assert abs(np.mean(days == 15) - 0.25) < 0.02


def test_removing_a_risk_keeps_every_other_number() -> None:
    """Common random numbers: without a risk that never touches the target, its finish does not change."""
    far = Risk(id="far", probability=0.5, impact=Estimate(optimistic=1, most_likely=2, pessimistic=5),
               activities=("x",))
    est = Estimate(optimistic=5, most_likely=10, pessimistic=30)
    p = chain({"t0": est}, 1, risks={"far": far})
    p = attrs.evolve(p, activities=[*p.activities.values(), Activity(id="x", duration=Duration(3))])
    with_it = simulate(p, runs=2000, seed=1, milestone="end")
    without = simulate(without_risks(p, "far"), runs=2000, seed=1, milestone="end")
    assert (with_it.finish() == without.finish()).all()
    assert with_it.contributions[0].days == 0
    assert with_it.compare(without)["end"] == {10: 0, 50: 0, 80: 0, 90: 0}


# -- drivers -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("reverse", [False, True], ids=["in-order", "declared-backwards"])
def test_criticality_follows_the_longer_path(reverse: bool) -> None:
    """Path A: triangular(5, 10, 15); path B: 12 days fixed. A drives the milestone when it takes over 12 days:
    P = ∫ from 12.5 of the triangle (whole days) = (15 − 12.5)² / (2 × 25) = 0.125, ties at 12 going to both."""
    p = chain({"t0": Estimate(optimistic=5, most_likely=10, pessimistic=15)}, 2, parallel=True)
    acts = [p.activities["t0"], Activity(id="t1", duration=Duration(12)), p.activities["end"]]
    p = attrs.evolve(p, activities=acts[::-1] if reverse else acts)  # backwards: file order is not the passes'
    result = simulate(p, runs=20_000, seed=11, milestone="end")
    a, b = (result.criticality[result.ids.index(i)] for i in ("t0", "t1"))
    tie = (15 - 11.5) ** 2 / 50 - (15 - 12.5) ** 2 / 50  # P(A rounds to 12)
    assert abs(a - ((15 - 12.5) ** 2 / 50 + tie)) < 0.015
    assert abs(b - (1 - (15 - 12.5) ** 2 / 50)) < 0.015
    assert result.sensitivity()[0][0] == "t0"


def test_the_example_answers_the_question() -> None:
    """examples/logius: the chance that EASI is exited by the contract end is a fraction, the P-values are
    ordered, and each of the three risks of the register has a contribution."""
    loaded = load(EXAMPLE)
    assert loaded.portfolio.risk is not None
    result = simulate(loaded.portfolio, runs=2000, seed=1)
    assert result.target == "easi.exit"
    assert result.deadlines["easi.exit"] == dt.date(2024, 12, 31)
    p = result.percentiles()
    assert p[10] <= p[50] <= p[80] <= p[90]
    chance = result.probability()
    assert chance is not None
    assert 0.0 <= chance <= 1.0
    assert {c.id for c in result.contributions} == set(loaded.portfolio.risk.risks)
    assert all(c.days >= 0 or math.isfinite(c.days) for c in result.contributions)


# -- the batched pass against the core, run by run ----------------------------------------------------


@pytest.mark.parametrize("options", [{}, {"constraints": True, "elapsed": True}], ids=["mixed", "constraints-elapsed"])
def test_the_batched_pass_gives_the_cores_boundaries_in_every_run(options: dict[str, bool]) -> None:
    """Durations that differ per run: each run's early start and finish are those the core's own pass
    computes for that run's durations (relations laid out slot-major, several relations per activity)."""
    from portfolio import _compile  # noqa: PLC0415

    p = network(600, **options)
    compiled = _compile.problem(p, None)
    prob = problem(p)
    passes = prob.passes
    degree = np.bincount(passes.fwd.node)
    assert degree.max() >= 5  # several slots in some generation
    rng = np.random.default_rng(7)
    d = rng.integers(0, 40, (compiled.network.n, 5)).astype(np.int32)
    es, ef, _ = passes.forward(d[passes.order])
    for j in range(d.shape[1]):
        core = compiled.with_durations(d[:, j]).solve()
        assert es[passes.rank, j].tolist() == core.es.tolist()
        assert ef[passes.rank, j].tolist() == core.ef.tolist()


def test_triangular_in_blocks_is_row_by_row() -> None:
    """A chunk larger than one block gives, row by row, what each row alone gives (the blocks' edges)."""
    rng = np.random.default_rng(3)
    rows = 700
    lo = rng.integers(0, 20, rows).astype(float)
    mode = lo + rng.integers(0, 10, rows)
    hi = mode + rng.integers(0, 10, rows)
    u = rng.random((rows, 500), dtype=np.float32)
    whole = triangular(lo, mode, hi, u)
    assert whole.dtype == np.float32
    for i in (0, 261, 262, 263, 524, 699):
        assert np.array_equal(whole[i], triangular(lo[i:i + 1], mode[i:i + 1], hi[i:i + 1], u[i:i + 1])[0])


def test_the_chunk_sums_give_numpys_correlation() -> None:
    """Sums over two chunks of whole days: each activity's Pearson correlation with the finish is numpy's."""
    from portfolio.risk._simulate import _Sums  # noqa: PLC0415

    rng = np.random.default_rng(5)
    d = rng.integers(0, 30, (4, 900)).astype(np.int32)
    d[3] = 7  # constant: correlation 0
    f = 739_000 + d[0] * 2 + d[1] + rng.integers(0, 20, 900)
    sums = _Sums(4, 739_010.0)
    for part in (slice(0, 400), slice(400, 900)):
        sums.add(d[:, part], f[part], np.zeros((4, part.stop - part.start), dtype=bool))
    got = sums.correlation(900)
    for i in range(3):
        assert got[i] == pytest.approx(np.corrcoef(d[i], f)[0, 1], abs=1e-12)
    assert got[3] == 0.0
