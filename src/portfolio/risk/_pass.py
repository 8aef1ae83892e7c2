"""The forward pass of [`portfolio._cpm.solve`][portfolio._cpm.solve], batched over runs: every array is (activities, runs).

The same level-synchronous passes as the core (one vectorised step per
topological generation, the relations of a generation laid out slot-major:
see `_Relations`), on the core's
own [`Network`][portfolio._cpm.Network] and [`Topology`][portfolio._cpm.Topology],
with a duration per activity *and run*: all four relation types, lags in
working or elapsed days, calendars converted through the time axis, floors
(project start, status date, constraints), fixed starts and lags measured
from actual starts. Activities are in the topology's order (generation by
generation); `forward` takes and returns them in that order.

Examples:
    >>> import numpy as np
    >>> from portfolio import _cpm
    >>> core = _cpm.Network.build(n=3, duration=[2, 3, 0], pred=[0, 1], succ=[1, 2], rtype=[_cpm.FS, _cpm.FS],
    ...                           lag=[1, 0])
    >>> shape = _cpm.topology(3, core.pred, core.succ, core.done)
    >>> passes = Passes(core, shape)
    >>> d = np.array([[2, 4], [3, 3], [0, 0]])   # two runs: the first task takes 2 days, then 4
    >>> es, ef, drives = passes.forward(d, driving=True)
    >>> ef.tolist()
    [[2, 4], [6, 8], [6, 8]]
    >>> passes.driving_to(drives, 2).tolist()   # both runs: everything drives the milestone
    [[True, True], [True, True], [True, True]]
"""

from __future__ import annotations

import itertools
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from portfolio import _cpm

__all__ = ["Passes"]

IntArray = npt.NDArray[np.signedinteger[Any]]
"""int32 boundaries and durations, int64 indices"""
BoolArray = npt.NDArray[np.bool_]


def _col(a: IntArray) -> IntArray:
    """A column: one value per row, broadcast over the runs."""
    return a[:, None]


@attrs.frozen(eq=False)
class _Relations:
    """Kept relations in one pass's order, with what each needs, in rank numbering.

    Within a generation the relations are *slot-major*: first every updated
    activity's first relation, then the second relation of those with two or
    more, and so on, the activities in decreasing number of relations. So slot
    ``j`` is one contiguous block whose activities are a prefix of slot 0's,
    and a generation's maximum over each activity's relations is a few
    contiguous ``np.maximum`` calls on (activities, runs) blocks, instead of
    a ``reduceat`` along the non-contiguous axis (about four times slower).
    """

    rel: IntArray
    """relation index (into the core's arrays)"""
    node: IntArray
    """the activity each relation updates (successor forward, predecessor backward)"""
    other: IntArray
    """the other end"""
    pos: IntArray
    """each relation's position in the order given to `_grouped`"""
    bounds: IntArray
    """relations of generation g: [bounds[g], bounds[g + 1])"""
    steps: tuple[tuple[IntArray, tuple[int, ...]], ...]
    """per generation: the updated activities (slot 0's order) and the cuts of the slots, relative to bounds[g]"""


def _grouped(order: IntArray, node: IntArray, other: IntArray, bounds: IntArray) -> _Relations:
    """The relations ``order`` (sorted by ``node``) laid out slot-major per generation (``bounds``: of nodes).

    Examples:
        >>> r = _grouped(np.arange(5), np.array([0, 1, 1, 1, 2]), np.zeros(5, dtype=np.int64), np.array([0, 3]))
        >>> r.node.tolist(), r.steps[0][0].tolist(), r.steps[0][1]
        ([1, 0, 2, 1, 1], [1, 0, 2], (0, 3, 4, 5))
    """
    m = len(node)
    heads = np.flatnonzero(np.diff(node, prepend=-1))
    size = np.diff(heads, append=m)
    group = np.repeat(np.arange(len(heads)), size)
    slot = np.arange(m) - heads[group]
    gen = np.searchsorted(bounds, node, side="right") - 1
    key = np.lexsort((node, -size[group], slot, gen))  # generations stay where they were: node is sorted
    rel_bounds = np.searchsorted(node, bounds)
    slot = slot[key]
    steps: list[tuple[IntArray, tuple[int, ...]]] = []
    for g in range(len(bounds) - 1):
        lo, hi = int(rel_bounds[g]), int(rel_bounds[g + 1])
        if hi == lo:
            steps.append((np.zeros(0, dtype=np.int64), (0,)))
            continue
        cuts = np.searchsorted(slot[lo:hi], np.arange(int(slot[hi - 1]) + 2))
        steps.append((node[key[lo:lo + int(cuts[1])]], tuple(int(c) for c in cuts)))
    return _Relations(rel=order[key], node=node[key], other=other[key], pos=key, bounds=rel_bounds,
                      steps=tuple(steps))


class Passes:
    """The core's network and topology, prepared once for any number of batched passes.

    Relations within one calendar and without an elapsed lag add their lag
    directly; those between calendars go through one table per pair of
    calendars (the core's two-step conversion, folded), and only elapsed lags
    take the core's general conversion.

    Args:
        core: the network the schedule solves (``portfolio.scheduling`` builds it).
        shape: its topology for the finished activities at the status date.
    """

    def __init__(self, core: _cpm.Network, shape: _cpm.Topology) -> None:
        self.core, self.shape, self.n = core, shape, core.n
        order, rank = shape.order, shape.rank
        self.order, self.rank, self.depth, self.bounds = order, rank, shape.depth, shape.bounds
        rtype = core.rtype
        self.from_finish = (rtype == _cpm.FS) | (rtype == _cpm.FF)
        self.to_finish = (rtype == _cpm.FF) | (rtype == _cpm.SF)
        self.p_all, self.s_all = rank[shape.pred], rank[shape.succ]
        self.floor = np.maximum(core.floor[order], 0).astype(np.int32)
        self.lag = core.lag.astype(np.int32)
        self.fixed = core.fixed[order]
        self.origin = np.full(len(shape.pred), -1, dtype=np.int32)
        if core.origin is not None:
            self.origin = np.where(self.from_finish, -1, core.origin[shape.pred]).astype(np.int32)
        self.conv = conv = core.conversion
        self.kind = np.zeros(len(shape.pred), dtype=np.int64)  #: 0 plain, 1 a pair table, 2 elapsed lag
        if conv is not None:
            self.cal, self.elapsed = conv.cal[order], conv.elapsed[order]
            self._tables(conv, shape)
        fwd = shape.by_succ[~self.fixed[self.s_all[shape.by_succ]]]
        self.fwd = _grouped(fwd, self.s_all[fwd], self.p_all[fwd], self.bounds)
        fwd = self.fwd.rel
        by_pred = np.argsort(self.p_all[fwd], kind="stable")  # the same relations, by predecessor
        self.back = _grouped(fwd[by_pred], self.p_all[fwd][by_pred], self.s_all[fwd][by_pred], self.bounds)
        self.back_pos = by_pred[self.back.pos]  #: each backward relation's position in the forward order

    def _tables(self, conv: _cpm.Conversion, shape: _cpm.Topology) -> None:
        cp, cs = conv.cal[shape.pred], conv.cal[shape.succ]
        cals = conv.early.shape[0]
        self.kind = np.where(conv.elapsed_lag != 0, 2, np.where(cp != cs, 1, 0))
        self.width = width = conv.early.shape[1]
        span = conv.before.shape[1]
        tables = np.empty((cals * cals, width), dtype=np.int32)
        for a in range(cals):
            t = np.clip(conv.early[a] - conv.t0, 0, span - 1)
            for b in range(cals):
                tables[a * cals + b] = conv.before[b, t]
        self.tables = tables.ravel()
        self.pair = (cp * cals + cs) * width

    def _bound(self, early: IntArray, rels: IntArray, d: IntArray) -> IntArray:
        """Each relation's forward bound on its successor's start, per run: (relations, runs)."""
        at = early[self.p_all[rels] + self.n * self.from_finish[rels]]
        origin = self.origin[rels]
        if (origin >= 0).any():
            at = np.where(_col(origin) >= 0, _col(origin), at)
        val = at + _col(self.lag[rels])
        kind = self.kind[rels]
        if self.conv is not None and kind.any():
            pos = np.flatnonzero(kind == 1)
            if pos.size:
                k = np.clip(val[pos], 0, self.width - 1).astype(np.int64)  # an index: no int32 overflow
                k += _col(self.pair[rels[pos]])
                val[pos] = self.tables[k]
            pos = np.flatnonzero(kind == 2)
            if pos.size:
                r = rels[pos]
                one = _col(self.conv.morning(r, self.from_finish[r]))  # SS/SF: from the start day's morning
                val[pos] = self.conv.forward(val[pos] + one, _col(self.cal[self.p_all[r]]),
                                             _col(self.cal[self.s_all[r]]), _col(self.conv.elapsed_lag[r]) - one)
        pos = np.flatnonzero(self.to_finish[rels])
        if pos.size:
            s = self.s_all[rels[pos]]
            if self.conv is not None and self.elapsed[s].any():  # into elapsed work: its calendar days back
                cal, back = _col(self.cal[s]), self.elapsed[s][:, None] & (d[s] > 0)
                val[pos] = np.where(back, self.conv.forward(val[pos], cal, cal, -d[s]), val[pos] - d[s])
            else:
                val[pos] -= d[s]
        out: IntArray = val
        return out

    def _finish(self, es: IntArray, ef: IntArray, d: IntArray, lo: int, hi: int) -> None:
        np.add(es[lo:hi], d[lo:hi], out=ef[lo:hi])
        if self.conv is not None and self.elapsed[lo:hi].any():
            sl = slice(lo, hi)
            cal = _col(self.cal[sl])
            el = self.conv.forward(es[sl] + 1, cal, cal, d[sl] - 1)  # start day + d calendar days
            ef[sl] = np.where(self.elapsed[sl][:, None], np.maximum(el, es[sl]), ef[sl])

    def forward(self, d: IntArray, *, driving: bool = False) -> tuple[IntArray, IntArray, BoolArray | None]:
        """Early start and finish boundaries of every activity in every run, for durations ``d`` (rank order).

        Args:
            d: (activities, runs) working (or elapsed) days, in the topology's order (int32: the
                boundaries are computed in int32, half the memory traffic of int64).
            driving: also say which relations drive their successor in each run.

        Returns:
            ``es`` and ``ef``, each (activities, runs), in the topology's order, and with ``driving``
            a (relations, runs) flag per relation of the forward pass (else None).
        """
        n, runs = d.shape
        early = np.empty((2 * n, runs), dtype=np.int32)  # boundaries fit: the horizon has some 40,000 days
        es, ef = early[:n], early[n:]
        es[:] = _col(self.floor)
        f = self.fwd
        drives = np.zeros((len(f.rel), runs), dtype=bool) if driving else None
        for g in range(self.depth):
            lo, hi = int(self.bounds[g]), int(self.bounds[g + 1])
            r_lo, r_hi = int(f.bounds[g]), int(f.bounds[g + 1])
            if r_hi > r_lo:
                val = self._bound(early, f.rel[r_lo:r_hi], d)
                nodes, cuts = f.steps[g]
                best = es[nodes]
                np.maximum(best, val[:cuts[1]], out=best)
                for a, b in itertools.pairwise(cuts[1:]):  # slot j: the first b - a activities
                    np.maximum(best[:b - a], val[a:b], out=best[:b - a])
                es[nodes] = best
                if drives is not None:
                    for a, b in itertools.pairwise(cuts):
                        np.equal(val[a:b], best[:b - a], out=drives[r_lo + a:r_lo + b])
            self._finish(es, ef, d, lo, hi)
        return es, ef, drives

    def driving_to(self, drives: BoolArray, target: int) -> BoolArray:
        """Per activity and run: is it on the driving path to ``target`` (a rank number)?

        A relation drives when its successor starts exactly at its bound (as
        the schedule's driving relations; relations into started or pinned
        work never do); the path follows them backwards from the target, one
        generation at a time.
        """
        n, runs = self.n, drives.shape[1]
        on = np.zeros((n, runs), dtype=bool)
        on[target] = True
        b = self.back
        for g in range(self.depth - 1, -1, -1):
            r_lo, r_hi = int(b.bounds[g]), int(b.bounds[g + 1])
            if r_hi <= r_lo:
                continue
            hit = drives[self.back_pos[r_lo:r_hi]] & on[b.other[r_lo:r_hi]]
            nodes, cuts = b.steps[g]
            acc = on[nodes]
            for a, c in itertools.pairwise(cuts):
                np.logical_or(acc[:c - a], hit[a:c], out=acc[:c - a])
            on[nodes] = acc
        return on
