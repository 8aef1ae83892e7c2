"""Durations per activity and run: three-point estimates, correlation groups and risk drivers, as arrays.

`uncertainty` turns a portfolio's [`RiskModel`][portfolio.model.RiskModel]
into a `Draws` plan over the compiled network (which activity gets
which estimate, which group, which risks); `Draws.durations` draws one
chunk of runs. Every random number comes from its own stream of one seed
(``numpy.random.Generator(PCG64)``), drawn run by run, so a run's numbers do
not depend on the chunk size, and removing a risk (its probability set to
zero, its numbers still drawn) leaves every other number as it was: a
comparison with and without a risk has common random numbers.

Correlation groups are induced with Iman and Conover's rank method (1982):
each member's own samples are kept (its marginal distribution is exact) and
only their order across runs changes, so that their ranks follow normal
scores with the asked rank correlation. It needs no inverse distribution
functions and works for any shape, which is why it was chosen over a
Gaussian copula.

Examples:
    >>> import numpy as np
    >>> lo, mode, hi = np.array([2.0]), np.array([4.0]), np.array([9.0])
    >>> u = np.array([[0.0, 1.0, 2.0 / 7.0]])
    >>> triangular(lo, mode, hi, u).ravel().tolist()
    [2.0, 9.0, 4.0]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from portfolio._compile import Network, Situation
from portfolio.model import Distribution, Estimate, Portfolio, Risk

__all__ = ["Draws", "spearman_to_pearson", "triangular", "uncertainty"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_KIND: Final = {Distribution.TRIANGULAR: 0, Distribution.PERT: 1, Distribution.UNIFORM: 2}
"""Distribution codes in `Draws.kind`."""
_STREAMS: Final = ("base", "pert", "groups", "occurs", "impact", "impact-pert")
"""The streams of one seed, in this order (a new stream goes at the end, so old ones keep their numbers)."""
_BLOCK: Final = 1 << 17
"""Cells of one block of `triangular` (512 KiB of float32: within a core's L2 cache)."""


def triangular(lo: FloatArray, mode: FloatArray, hi: FloatArray,
               u: npt.NDArray[np.floating[Any]]) -> npt.NDArray[np.floating[Any]]:
    """The triangular distribution's inverse CDF at ``u`` (points, runs), one point per row, in ``u``'s type.

    Below the mode (``u`` under the CDF at the mode) ``lo + sqrt(u (hi - lo) (mode - lo))``, above it
    ``hi - sqrt((1 - u) (hi - lo) (hi - mode))``; both sides are computed in place and the right one
    copied over where it applies, which costs fewer passes over a chunk than selecting per element.

    The rows go in blocks of about `_BLOCK` cells, each block's passes within the cache (a quarter less
    time on a chunk of 8 MiB than the whole chunk at once; the same numbers).

    Examples:
        >>> import numpy as np
        >>> triangular(np.array([1.0]), np.array([1.0]), np.array([1.0]), np.array([[0.3]])).tolist()
        [[1.0]]
    """
    step = max(1, _BLOCK // max(u.shape[1], 1))
    if u.shape[0] <= step:
        return _triangular(lo, mode, hi, u)
    out = np.empty_like(u)
    for a in range(0, u.shape[0], step):
        out[a:a + step] = _triangular(lo[a:a + step], mode[a:a + step], hi[a:a + step], u[a:a + step])
    return out


def _triangular(lo: FloatArray, mode: FloatArray, hi: FloatArray,
                u: npt.NDArray[np.floating[Any]]) -> npt.NDArray[np.floating[Any]]:
    """`triangular` on one block of rows."""
    kind = u.dtype
    width = hi - lo
    cut = np.where(width > 0, (mode - lo) / np.where(width > 0, width, 1.0), 0.0)
    out = np.sqrt(u)
    out *= np.sqrt(width * (mode - lo))[:, None].astype(kind)
    out += lo[:, None].astype(kind)
    right = np.subtract(1.0, u, dtype=kind)
    np.sqrt(right, out=right)
    right *= -np.sqrt(width * (hi - mode))[:, None].astype(kind)
    right += hi[:, None].astype(kind)
    np.copyto(out, right, where=u >= cut[:, None].astype(kind))
    result: npt.NDArray[np.floating[Any]] = out
    return result


def spearman_to_pearson(rho: float) -> float:
    """The normal scores' correlation that gives rank correlation ``rho`` (Pearson's relation, 1907).

    Examples:
        >>> round(spearman_to_pearson(0.5), 4), round(spearman_to_pearson(1.0), 9)
        (0.5176, 1.0)
    """
    return min(1.0, 2.0 * math.sin(math.pi * rho / 6.0))


def _shape(estimates: Sequence[Estimate], scale: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, IntArray]:
    lo = np.array([e.optimistic for e in estimates], dtype=float) * scale
    mode = np.array([e.most_likely for e in estimates], dtype=float) * scale
    hi = np.array([e.pessimistic for e in estimates], dtype=float) * scale
    kind = np.array([_KIND[e.distribution] for e in estimates], dtype=np.int64)
    return lo, mode, hi, kind


def _values(lo: FloatArray, mode: FloatArray, hi: FloatArray, kind: IntArray, u: npt.NDArray[np.floating[Any]],
            beta: np.random.Generator) -> npt.NDArray[np.floating[Any]]:
    """Samples (points, runs): triangular and uniform from ``u``, PERT-beta from its own stream."""
    out = triangular(lo, mode, hi, u)
    uniform = np.flatnonzero(kind == 2)
    if uniform.size:
        out[uniform] = lo[uniform, None] + u[uniform] * (hi - lo)[uniform, None]
    pert = np.flatnonzero(kind == 1)
    if pert.size:
        a, c, b = lo[pert, None], mode[pert, None], hi[pert, None]
        width = np.where(b > a, b - a, 1.0)
        alpha, bet = 1.0 + 4.0 * (c - a) / width, 1.0 + 4.0 * (b - c) / width
        x = beta.beta(np.broadcast_to(alpha, (pert.size, u.shape[1])), np.broadcast_to(bet, (pert.size, u.shape[1])))
        out[pert] = np.where(b > a, a + x * (b - a), a)
    return out


@attrs.frozen(eq=False)
class Draws:
    """What varies, as arrays over the compiled network (activities in file order).

    ``rows`` are the activities with an estimate (``lo``/``mode``/``hi`` in
    working days, ``kind`` the distribution); ``groups`` the correlation
    groups as (positions in ``rows``, normal-score correlation); the risks'
    ``factor`` and ``days`` matrices say which activity each touches.
    """

    n: int
    effective: FloatArray
    """every activity's planned remaining work (the value without uncertainty)"""
    rows: IntArray
    lo: FloatArray
    mode: FloatArray
    hi: FloatArray
    kind: IntArray
    groups: tuple[tuple[IntArray, float], ...]
    risks: tuple[Risk, ...]
    probability: FloatArray
    """per risk (0 for a risk left out)"""
    impact: tuple[FloatArray, FloatArray, FloatArray, IntArray]
    """per risk: lo, mode, hi, kind"""
    is_factor: npt.NDArray[np.bool_]
    """per risk"""
    touches: npt.NDArray[np.bool_]
    """(risks, activities)"""

    @property
    def varies(self) -> npt.NDArray[np.bool_]:
        """Activities whose duration can differ between runs."""
        out = np.zeros(self.n, dtype=bool)
        out[self.rows] = True
        out |= self.touches.any(axis=0)
        return out

    def without(self, risk_ids: Sequence[str]) -> Draws:
        """The same draws with these risks never occurring (their numbers still drawn)."""
        gone = np.array([r.id in risk_ids for r in self.risks], dtype=bool)
        return attrs.evolve(self, probability=np.where(gone, 0.0, self.probability))

    def streams(self, seed: int) -> dict[str, np.random.Generator]:
        """The generators of one seed, one per stream."""
        children = np.random.SeedSequence(seed).spawn(len(_STREAMS))
        return {name: np.random.Generator(np.random.PCG64(child)) for name, child in zip(_STREAMS, children,
                                                                                          strict=True)}

    def estimated(self, streams: Mapping[str, np.random.Generator], runs: int) -> npt.NDArray[np.floating[Any]]:
        """One chunk of the estimated activities' samples (``rows``, runs), correlated; from the streams
        ``base``, ``pert`` and ``groups`` only, so a chunk is the same whichever risks occur (`without`)."""
        k = len(self.rows)
        u = streams["base"].random((k, runs), dtype=np.float32)
        x = _values(self.lo, self.mode, self.hi, self.kind, u, streams["pert"])
        for members, r in self.groups:
            x[members] = _iman_conover(x[members], r, streams["groups"])
        return x

    def durations(self, streams: Mapping[str, np.random.Generator], runs: int,
                  estimated: npt.NDArray[np.floating[Any]] | None = None) -> IntArray:
        """One chunk: whole working days (activities, runs) as int32, each activity's samples in a row.

        The numbers are drawn point by point, then run by run, from each
        stream: chunks of the same size give the same numbers on any machine.
        ``estimated`` is this chunk's `estimated` when the caller kept it from
        an earlier pass with the same seed (its streams are then not drawn from).
        """
        d = np.repeat(self.effective[:, None].astype(np.float32), runs, axis=1)
        if len(self.rows):
            d[self.rows] = self.estimated(streams, runs) if estimated is None else estimated
        m = len(self.risks)
        if m:
            occurred = streams["occurs"].random((m, runs)) < self.probability[:, None]
            lo, mode, hi, kind = self.impact
            size = _values(lo, mode, hi, kind, streams["impact"].random((m, runs)), streams["impact-pert"])
            hit = np.flatnonzero(self.touches.any(axis=0))
            touches = self.touches[:, hit].T.astype(float)  # (touched activities, risks)
            factor = np.where(self.is_factor[:, None] & occurred, np.log(np.maximum(size, 1e-12)), 0.0)
            days = np.where(~self.is_factor[:, None] & occurred, size, 0.0)
            d[hit] = d[hit] * np.exp(touches @ factor) + touches @ days
        np.rint(d, out=d)
        out: IntArray = np.maximum(d, 0, out=d).astype(np.int32)
        return out


def _iman_conover(x: npt.NDArray[np.floating[Any]], r: float,
                  rng: np.random.Generator) -> npt.NDArray[np.floating[Any]]:
    """``x`` (members, runs) reordered per row so the ranks follow normal scores with correlation ``r``."""
    k, runs = x.shape
    z = rng.standard_normal((k + 1, runs))
    scores = math.sqrt(r) * z[:1] + math.sqrt(1.0 - r) * z[1:]  # one common factor: every pair r
    order = np.argsort(scores, axis=1, kind="stable")
    ranks = np.empty_like(order)  # the inverse permutation: argsort(order) without a second sort
    np.put_along_axis(ranks, order, np.broadcast_to(np.arange(runs), order.shape), axis=1)
    out: npt.NDArray[np.floating[Any]] = np.take_along_axis(np.sort(x, axis=1), ranks, axis=1)
    return out


def _service_of(portfolio: Portfolio, ident: str) -> str | None:
    act = portfolio.activities[ident]
    if act.service:
        return act.service
    migration = portfolio.migrations.get(act.migration) if act.migration else None
    return migration.service if migration is not None else None


def _estimate(portfolio: Portfolio, ident: str) -> Estimate | None:
    """The estimate that applies: the activity's own, else its service's default, else its approach's."""
    model = portfolio.risk
    if model is None:
        return None
    if ident in model.estimates:
        return model.estimates[ident]
    service = _service_of(portfolio, ident)
    if service is not None and service in model.services:
        return model.services[service]
    act = portfolio.activities[ident]
    migration = portfolio.migrations.get(act.migration) if act.migration else None
    return model.approaches.get(migration.approach.value) if migration is not None else None


def uncertainty(portfolio: Portfolio, net: Network, sit: Situation) -> Draws:
    """The `Draws` of a portfolio at a situation: finished work and milestones never vary.

    Args:
        portfolio: the portfolio (its ``risk`` model, None for none).
        net: its compiled network.
        sit: the progress at the status date.

    Returns:
        The plan of what to draw.
    """
    n = net.n
    effective = sit.effective.astype(float)
    open_work = ~sit.done & ~((sit.effective == 0) & (net.duration == 0))
    chosen = [(i, e) for i, ident in enumerate(net.ids) if open_work[i] and (e := _estimate(portfolio, ident))]
    rows = np.array([i for i, _ in chosen], dtype=np.int64)
    ests = [e for _, e in chosen]
    scale = np.array([effective[i] if e.factor else 1.0 for i, e in chosen], dtype=float)
    lo, mode, hi, kind = _shape(ests, scale)
    model = portfolio.risk
    position = {int(i): k for k, i in enumerate(rows.tolist())}
    groups: list[tuple[IntArray, float]] = []
    seen: set[int] = set()
    for group in model.correlations if model is not None else ():
        members = [position[j] for ident in group.activities
                   if (j := net.index.get(ident)) is not None and j in position and position[j] not in seen]
        seen.update(members)
        if len(members) > 1 and group.coefficient > 0:
            groups.append((np.array(members, dtype=np.int64), spearman_to_pearson(group.coefficient)))
    risks = tuple(model.risks.values()) if model is not None else ()
    touches = np.zeros((len(risks), n), dtype=bool)
    for k, risk in enumerate(risks):
        idx = [j for ident in risk.activities if (j := net.index.get(ident)) is not None]
        touches[k, idx] = True
    touches &= open_work
    impact = _shape([r.impact for r in risks], np.ones(len(risks)))
    return Draws(n=n, effective=effective, rows=rows, lo=lo, mode=mode, hi=hi, kind=kind, groups=tuple(groups),
                 risks=risks, probability=np.array([r.probability for r in risks], dtype=float), impact=impact,
                 is_factor=np.array([r.impact.factor for r in risks], dtype=bool), touches=touches)
