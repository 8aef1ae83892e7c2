"""The Monte Carlo loop: chunks of runs through the batched passes, reduced to a `RiskResult`.

Memory stays bounded: a chunk holds a few (activities, runs) arrays of
at most `CELLS` cells, whatever the number of runs. The chunk size
depends on the network's size only, so the same seed gives the same numbers
on every machine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from portfolio import _compile, scheduling
from portfolio.diagnostics import Diagnostic, closest, diagnostic
from portfolio.model import Portfolio
from portfolio.risk._pass import Passes
from portfolio.risk._result import RiskContribution, RiskResult, deadline_of
from portfolio.risk._sample import Draws, uncertainty

__all__ = ["CELLS", "Problem", "problem", "run"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

CELLS: Final = 1 << 21
"""Cells (activities × runs) of one chunk: 8 MiB per int32 array."""


@attrs.frozen(eq=False)
class Problem:
    """A portfolio ready to simulate at a status date: the core's network, its passes and what varies."""

    portfolio: Portfolio
    net: _compile.Network
    sit: _compile.Situation
    passes: Passes
    draws: Draws
    plan: scheduling.Schedule
    """the deterministic schedule at the same status date"""
    shift: IntArray
    """per activity: 1 when its finish shows on the day before its boundary, else 0"""
    kept: dict[tuple[int, int, int], npt.NDArray[np.floating[Any]]] = attrs.field(factory=dict, repr=False)
    """the estimated samples of each chunk by (seed, runs of the pass, first run of the chunk): the passes without each risk draw them
    again from the same seed (see `simulate_finishes`)"""


def problem(portfolio: Portfolio, status_date: dt.date | None = None) -> Problem:
    """Compile ``portfolio`` for simulation at ``status_date`` (None: its latest status update).

    Args:
        portfolio: the portfolio.
        status_date: the status date, as for [`portfolio.scheduling.schedule`][portfolio.scheduling.schedule].

    Returns:
        The `Problem`, with the deterministic schedule it reproduces when nothing varies.
    """
    plan = scheduling.schedule(portfolio, status_date=status_date)
    compiled = _compile.problem(portfolio, status_date)  # the network, progress and core input schedule() solves
    net, sit = compiled.network, compiled.situation
    passes = Passes(compiled.core, compiled.shape)
    draws = uncertainty(portfolio, net, sit)
    d0 = sit.effective[passes.order][:, None].astype(np.int32)
    _, ef0, _ = passes.forward(d0)
    ef = ef0[passes.rank, 0]
    finish = np.array([r.finish.toordinal() for r in plan], dtype=np.int64) if net.n else np.zeros(0, np.int64)
    shift = np.ones(net.n, dtype=np.int64)
    for c, cal in enumerate(net.calendars):
        rows = np.flatnonzero(net.row == c)
        morning = (cal.ordinals(ef[rows]) == finish[rows]) & (cal.ordinals(ef[rows] - 1) != finish[rows])
        shift[rows[morning]] = 0
    return Problem(portfolio=portfolio, net=net, sit=sit, passes=passes, draws=draws, plan=plan, shift=shift)


def chunk_size(n: int) -> int:
    """Runs per chunk for ``n`` activities.

    Examples:
        >>> chunk_size(1000), chunk_size(10), chunk_size(1_000_000)
        (2097, 4096, 64)
    """
    return max(64, min(4096, CELLS // max(n, 1)))


@attrs.define
class _Sums:
    """Running sums for the criticality index and the duration–finish correlation.

    Finishes are summed less ``offset`` (the deterministic finish), so the
    sums of squares stay small and the variance does not cancel out.
    """

    n: int
    offset: float
    critical: IntArray = attrs.field(init=False)
    d: FloatArray = attrs.field(init=False)
    dd: FloatArray = attrs.field(init=False)
    df: FloatArray = attrs.field(init=False)
    f: float = 0.0
    ff: float = 0.0

    def __attrs_post_init__(self) -> None:
        self.critical = np.zeros(self.n, dtype=np.int64)
        self.d, self.dd, self.df = (np.zeros(self.n) for _ in range(3))

    def add(self, d: IntArray, f: IntArray, on: npt.NDArray[np.bool_]) -> None:
        """One chunk: durations (activities, runs), the target's finishes (runs), its driving paths.

        The chunk's sums are of whole days, so they are taken in int64 on the int32 durations (exact, as
        the float64 sums of the same integers are, and without a float copy of the chunk).
        """
        y = f.astype(np.int64) - round(self.offset)
        self.critical += np.count_nonzero(on, axis=1)
        self.d += d.sum(axis=1, dtype=np.int64)
        self.dd += np.einsum("ij,ij->i", d, d, dtype=np.int64)
        self.df += np.einsum("ij,j->i", d, y.astype(np.int32), dtype=np.int64)
        self.f += float(y.sum())
        self.ff += float(y @ y)

    def correlation(self, runs: int) -> FloatArray:
        """Pearson's correlation of each activity's duration with the finish (0 where either is constant)."""
        mean_d, mean_f = self.d / max(runs, 1), self.f / max(runs, 1)
        cov = self.df / max(runs, 1) - mean_d * mean_f
        var_d = self.dd / max(runs, 1) - mean_d ** 2
        var_f = self.ff / max(runs, 1) - mean_f ** 2
        ok = (var_d > 1e-9) & (var_f > 1e-9)
        out: FloatArray = np.where(ok, cov / np.sqrt(np.where(ok, var_d * var_f, 1.0)), 0.0)
        return np.clip(out, -1.0, 1.0)


def _target(prob: Problem, milestone: str | None) -> tuple[int, list[Diagnostic]]:
    net, found = prob.net, list[Diagnostic]()
    if milestone is not None and milestone in net.index:
        return net.index[milestone], found
    if milestone is not None:
        guess = closest(milestone, net.ids)
        found.append(diagnostic("unknown-ref", f"risk analysis: unknown milestone '{milestone}'; using the "
                                "project finish", subject=milestone,
                                hint=f"did you mean '{guess}'?" if guess else "give an activity id"))
    keys = [k for k in prob.portfolio.settings.key_milestones if k in net.index]
    if keys and milestone is None:
        return net.index[keys[0]], found
    finish = np.array([r.finish.toordinal() for r in prob.plan], dtype=np.int64)
    return int(np.argmax(finish)) if net.n else -1, found


def simulate_finishes(prob: Problem, draws: Draws, runs: int, seed: int, tracked: IntArray, target: int,
                      sums: _Sums | None = None, progress: Callable[[int], None] | None = None) -> IntArray:
    """Finish day ordinals (tracked, runs) of ``runs`` runs; adds to ``sums`` (criticality, correlation) if given.

    Args:
        prob: the problem.
        draws: what varies (``prob.draws``, or it without some risks).
        runs: the number of runs.
        seed: the seed.
        tracked: activities (file order) whose finishes are kept.
        target: the activity whose driving path and finish the sums concern.
        sums: running sums to add to, or None.
        progress: called with the number of runs done after each chunk.

    Returns:
        The finish dates as day ordinals, one row per tracked activity.
    """
    passes, net = prob.passes, prob.net
    streams = draws.streams(seed)
    size = chunk_size(net.n)
    out = np.empty((len(tracked), runs), dtype=np.int64)
    rows = passes.rank[tracked]
    cals = [net.calendars[int(c)] for c in net.row[tracked]]
    shift = prob.shift[tracked]
    for lo in range(0, runs, size):
        k = min(size, runs - lo)
        d = draws.durations(streams, k, _estimated(prob, draws, streams, seed, lo, k, runs))[passes.order]
        want = sums is not None and target >= 0
        _, ef, drives = passes.forward(d, driving=want)
        for j, cal in enumerate(cals):
            out[j, lo:lo + k] = cal.ordinals(ef[rows[j]] - shift[j])
        if sums is not None and drives is not None:
            on = passes.driving_to(drives, int(passes.rank[target]))
            f = net.calendars[int(net.row[target])].ordinals(ef[passes.rank[target]] - prob.shift[target])
            sums.add(d, f, on)  # in the passes' order: put back in file order once, at the end
        if progress is not None:
            progress(lo + k)
    return out


def _estimated(prob: Problem, draws: Draws, streams: Mapping[str, np.random.Generator], seed: int, lo: int, k: int,
               runs: int) -> npt.NDArray[np.floating[Any]] | None:
    """The chunk's estimated samples, drawn once per problem, seed and chunk (None: nothing is estimated).

    The report's risk section simulates once with every risk and once without
    each: the estimates' samples are the same in every pass (their streams
    are not the risks'), and drawing and correlating them was most of a
    pass's cost. Kept only for draws with the problem's estimates (``draws``
    is ``prob.draws`` or made from it by `Draws.without`) and while they fit
    in `CELLS` cells; otherwise drawn as before.
    """
    mine = prob.draws
    if not len(draws.rows):
        return None
    same = all(getattr(draws, f) is getattr(mine, f) for f in ("rows", "lo", "mode", "hi", "kind", "groups"))
    if not same or len(draws.rows) * runs > CELLS:
        return draws.estimated(streams, k)
    key = (seed, runs, lo)  # a pass finds all its chunks or none: the streams are never half drawn
    found = prob.kept.get(key)
    if found is None:
        found = prob.kept[key] = draws.estimated(streams, k)
    return found


def run(portfolio: Portfolio, *, runs: int = 10_000, seed: int = 0, status_date: dt.date | None = None,
        milestone: str | None = None, track: Iterable[str] = (), deadline: dt.date | None = None,
        contributions: bool = True, progress: Callable[[int], None] | None = None) -> RiskResult:
    """See [`portfolio.risk.simulate`][portfolio.risk.simulate]."""
    prob = problem(portfolio, status_date)
    net = prob.net
    target, found = _target(prob, milestone)
    wanted: dict[int, None] = dict.fromkeys([target] if target >= 0 else [])
    for ident in (*portfolio.settings.key_milestones, *track):
        if ident in net.index:
            wanted[net.index[ident]] = None
        elif ident in track:
            guess = closest(ident, net.ids)
            found.append(diagnostic("unknown-ref", f"risk analysis: unknown activity '{ident}' is not tracked",
                                    subject=ident, hint=f"did you mean '{guess}'?" if guess else "give an activity id"))
    tracked = np.array(list(wanted), dtype=np.int64)
    sums = _Sums(net.n, float(prob.plan[net.ids[target]].finish.toordinal()) if target >= 0 else 0.0)
    finishes = simulate_finishes(prob, prob.draws, runs, seed, tracked, target, sums, progress)
    back = prob.passes.rank  # the sums are in the passes' order
    chosen = net.ids[target] if target >= 0 else ""
    when = deadline if deadline is not None else deadline_of(portfolio, chosen)
    result = RiskResult.of(prob, runs=runs, seed=seed, target=chosen, tracked=tracked, finishes=finishes,
                           criticality=sums.critical[back] / max(runs, 1), correlation=sums.correlation(runs)[back],
                           deadline=when, diagnostics=found)
    if contributions and prob.draws.risks and target >= 0:
        row = list(wanted).index(target)
        result = attrs.evolve(result, contributions=tuple(
            _contribution(prob, runs, seed, target, finishes[row], risk.id) for risk in prob.draws.risks))
    return result


def _contribution(prob: Problem, runs: int, seed: int, target: int, finish: IntArray,
                  risk: str) -> RiskContribution:
    """A risk's share of the target's P80: the P80 with every risk less the P80 without this one."""
    without = simulate_finishes(prob, prob.draws.without([risk]), runs, seed, np.array([target]), target)[0]
    p80, p80_without = (int(np.quantile(x, 0.8, method="inverted_cdf")) for x in (finish, without))
    record = next(r for r in prob.draws.risks if r.id == risk)
    return RiskContribution(id=risk, description=record.description, owner=record.owner,
                            probability=record.probability, p80=dt.date.fromordinal(p80),
                            p80_without=dt.date.fromordinal(p80_without), days=p80 - p80_without)


def tracked_ids(ids: Sequence[str], tracked: IntArray) -> tuple[str, ...]:
    return tuple(ids[int(i)] for i in tracked)
