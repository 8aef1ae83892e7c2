"""The critical path method on integer arrays: private core of [`portfolio.scheduling`][portfolio.scheduling].

Activities are numbered ``0..n-1`` and times are working-day *boundaries*
(index ``k`` is the moment before working day ``k``). The passes are
level-synchronous: activities are grouped into topological generations
(Kahn's algorithm, one vectorised step per generation) and renumbered so
every generation is a contiguous slice; each generation costs a handful of
numpy operations (a gather over its incoming relations, ``maximum.reduceat``
per successor, a scatter), so the work is O(activities + relations) in C
and the Python overhead is O(generations).

When activities use different calendars, or a lag counts elapsed days, a
relation's bound is converted between calendars through the time axis (day
ordinals): see `Conversion`.

Examples:
    >>> import numpy as np
    >>> net = Network.build(n=3, duration=[2, 3, 0], pred=[0, 1], succ=[1, 2], rtype=[FS, FS], lag=[1, 0])
    >>> result = solve(net, start=0)
    >>> result.es.tolist(), result.ef.tolist(), result.total_float.tolist()
    ([0, 3, 6], [2, 6, 6], [0, 0, 0])
"""

# size: the forward pass, the backward pass (its inverse) and the floats read off both, with the layouts they share: one file keeps each pass beside the one that must mirror it.

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

FS: Final = 0
"""Relation type codes (the arrays hold these)."""
SS: Final = 1
FF: Final = 2
SF: Final = 3
BIG: Final = 1 << 40
""""No cap" for late dates and "no floor" for early dates."""


def _i64(values: npt.ArrayLike) -> IntArray:
    return np.ascontiguousarray(values, dtype=np.int64)


@attrs.frozen(eq=False)
class Conversion:
    """Tables to carry a boundary from one calendar to another via calendar days.

    ``early[c, k]``: the day ordinal just after the last working day before
    boundary ``k`` of calendar ``c`` (the earliest moment of the boundary);
    ``late[c, k]``: the ordinal of working day ``k`` (its latest moment);
    ``before[c, t - t0]``: the number of working days of ``c`` before day ``t``.
    ``cal`` gives each activity's calendar row; ``elapsed_lag`` each
    relation's lag in calendar days (added after the working-day ``lag``);
    ``elapsed`` marks activities whose duration counts calendar days.
    """

    t0: int
    early: IntArray
    late: IntArray
    before: IntArray
    cal: IntArray
    elapsed_lag: IntArray
    elapsed: BoolArray

    def forward(self, k: IntArray, cal_from: IntArray, cal_to: IntArray, days: IntArray) -> IntArray:
        """Boundary ``k`` of ``cal_from`` plus ``days`` calendar days, as a boundary of ``cal_to``."""
        width = self.early.shape[1]
        t = self.early.ravel()[cal_from * width + np.clip(k, 0, width - 1)] + days
        span = self.before.shape[1]
        out: IntArray = self.before.ravel()[cal_to * span + np.clip(t - self.t0, 0, span - 1)]
        return out

    def morning(self, rel: IntArray, from_finish: BoolArray) -> IntArray:
        """1 for the relations whose elapsed lag counts from a start: from the start day's morning.

        Shifting such a relation's boundary by +1 and its calendar days by -1 in `forward` (and
        the result of `backward` by -1) counts the lag from the start day, not from the evening
        of the working day before it (an SS+2ed from a Monday ends on Wednesday, not on that Monday).
        """
        out: IntArray = ((self.elapsed_lag[rel] != 0) & ~from_finish).astype(np.int64)
        return out

    def backward(self, k: IntArray, cal_from: IntArray, cal_to: IntArray, days: IntArray) -> IntArray:
        """Boundary ``k`` of ``cal_from`` minus ``days`` calendar days, as a boundary of ``cal_to``."""
        width = self.late.shape[1]
        t = self.late.ravel()[cal_from * width + np.clip(k, 0, width - 1)] - days
        span = self.before.shape[1]
        out: IntArray = self.before.ravel()[cal_to * span + np.clip(t - self.t0, 0, span - 1)]
        return out


@attrs.frozen(eq=False)
class Network:
    """The scheduling problem as arrays (use `build`).

    ``floor``: earliest start boundary (project start, status date, SNET,
    FNET, MSO, MFO, actual start); ``fixed``: the start is set, relations do
    not move it (MSO, MFO, started and finished work); ``cap_lf``: latest
    finish boundary (SNLT, FNLT, MSO, MFO, deadline); ``done``: finished.
    ``origin``: where the start-type relations (SS, SF) out of an activity
    measure their lag from, when it is 0 or more (the actual start of work
    in progress, MS Project's way); below 0, or None, from its early start
    (P6's default). Such a relation does not bound its predecessor's late
    dates: a start that happened is a fact.
    """

    n: int
    duration: IntArray
    floor: IntArray
    fixed: BoolArray
    cap_lf: IntArray
    done: BoolArray
    pred: IntArray
    succ: IntArray
    rtype: IntArray
    lag: IntArray
    conversion: Conversion | None = None
    origin: IntArray | None = None

    @classmethod
    def build(cls, *, n: int, duration: npt.ArrayLike, pred: npt.ArrayLike, succ: npt.ArrayLike,
              rtype: npt.ArrayLike, lag: npt.ArrayLike, floor: npt.ArrayLike | None = None,
              fixed: npt.ArrayLike | None = None, cap_lf: npt.ArrayLike | None = None,
              done: npt.ArrayLike | None = None, conversion: Conversion | None = None,
              origin: npt.ArrayLike | None = None) -> Network:
        """Arrays from lists, with defaults: no floors, nothing fixed, no caps, nothing done."""
        return cls(
            n=n, duration=_i64(duration),
            floor=_i64(floor) if floor is not None else np.full(n, -BIG, dtype=np.int64),
            fixed=np.asarray(fixed, dtype=bool) if fixed is not None else np.zeros(n, dtype=bool),
            cap_lf=_i64(cap_lf) if cap_lf is not None else np.full(n, BIG, dtype=np.int64),
            done=np.asarray(done, dtype=bool) if done is not None else np.zeros(n, dtype=bool),
            pred=_i64(pred), succ=_i64(succ), rtype=_i64(rtype), lag=_i64(lag),
            conversion=conversion, origin=_i64(origin) if origin is not None else None,
        )


@attrs.frozen(eq=False)
class Result:
    """Early and late boundaries, floats and driving relations, indexed like the network."""

    es: IntArray
    ef: IntArray
    ls: IntArray
    lf: IntArray
    total_float: IntArray
    free_float: IntArray
    start_float: IntArray
    finish_float: IntArray
    finish: int
    driving: BoolArray
    """per relation: True when it sets its successor's early dates (gap equals lag)"""
    used: BoolArray
    """per relation: False for relations left out (to finished work, or breaking a cycle)"""
    cyclic: IntArray
    """activities found in (or after) a cycle; empty for a proper network"""
    depth: int
    """number of topological generations"""


def stable_order(keys: IntArray) -> IntArray:
    """``np.argsort(keys, kind="stable")`` for integer keys, by radix sort: one or two passes over 16-bit digits.

    numpy sorts integers of 16 bits or fewer stably in linear time (radix
    sort) and wider ones by timsort; the keys here (generations, ranks,
    activity numbers) span a small range, so two 16-bit passes give the same
    order several times faster.

    Examples:
        >>> stable_order(np.array([3, 70_000, 3, -1, 0])).tolist()
        [3, 4, 0, 2, 1]
    """
    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    low = int(keys.min())
    shifted = keys - low if low else keys
    if int(shifted.max()) >= 1 << 32:
        return np.argsort(keys, kind="stable")
    order = np.argsort(shifted.astype(np.uint16), kind="stable")  # the low digit (astype keeps the low 16 bits)
    high = (shifted >> 16).astype(np.uint16)
    if high.any():
        order = order[np.argsort(high[order], kind="stable")]
    out: IntArray = order.astype(np.int64, copy=False)
    return out


def levels(n: int, pred: IntArray, succ: IntArray) -> IntArray:
    """Topological generation of each activity (-1 for activities in or after a cycle).

    Examples:
        >>> levels(4, np.array([0, 0, 1]), np.array([1, 2, 2])).tolist()
        [0, 1, 2, 0]
    """
    level = np.full(n, -1, dtype=np.int64)
    indeg = np.bincount(succ, minlength=n)
    by_pred = stable_order(pred)
    targets_sorted = succ[by_pred]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(pred, minlength=n), out=indptr[1:])
    frontier = np.flatnonzero(indeg == 0)
    generation = 0
    while frontier.size:
        level[frontier] = generation
        starts = indptr[frontier]
        counts = indptr[frontier + 1] - starts
        total = int(counts.sum())
        if total == 0:
            break
        ends = np.cumsum(counts)
        edges = np.repeat(starts - (ends - counts), counts) + np.arange(total)
        reached, hits = np.unique(targets_sorted[edges], return_counts=True)
        indeg[reached] -= hits
        frontier = reached[indeg[reached] == 0]
        generation += 1
    return level


def _break_cycles(n: int, pred: IntArray, succ: IntArray, keep: BoolArray,
                  level: IntArray | None = None) -> tuple[BoolArray, IntArray, IntArray]:
    """Leave out relations so the network is acyclic; return the kept mask, levels and stuck activities."""
    level = level if level is not None and keep.all() else levels(n, pred[keep], succ[keep])  # given: of all relations
    stuck = np.flatnonzero(level < 0)
    if stuck.size == 0:
        return keep, level, stuck
    in_stuck = np.zeros(n, dtype=bool)
    in_stuck[stuck] = True
    # Among the stuck activities keep only relations that go forward in declaration order:
    # that graph is acyclic, and relations from scheduled activities never close a cycle.
    backward = in_stuck[pred] & in_stuck[succ] & (pred >= succ)
    keep = keep & ~backward
    return keep, levels(n, pred[keep], succ[keep]), stuck


@attrs.frozen(eq=False)
class Topology:
    """The shape of a network for one set of finished activities: what `solve` sorts before its passes.

    It depends on the relations and on which activities are finished (relations
    into finished work are left out), not on durations, floors or caps, so a
    caller that solves the same network again (another duration, another
    status date with the same work finished) can compute it once
    (`topology`) and pass it to `solve`.
    """

    pred: IntArray
    """the relations' predecessors, invalid ones pointed at 0 (and not kept)"""
    succ: IntArray
    keep: BoolArray
    """relations the passes use"""
    cyclic: IntArray
    """activities found in (or after) a cycle"""
    order: IntArray
    """activities by generation"""
    rank: IntArray
    """position of each activity in ``order``"""
    depth: int
    bounds: IntArray
    """generation ``g`` is ``order[bounds[g]:bounds[g + 1]]``"""
    by_succ: IntArray
    """kept relations, sorted by their successor's rank"""
    by_pred: IntArray
    """kept relations, sorted by their predecessor's rank"""
    memo: dict[str, tuple[object, bytes, Any]] = attrs.field(factory=dict, repr=False)
    """what `solve` derives from the topology and the relation types alone, kept for the next solve (see `_memo`)"""


_T = TypeVar("_T")


def _memo(shape: Topology, name: str, rtype: IntArray, key: bytes, build: Callable[[], _T]) -> _T:
    """``build()``, kept on ``shape`` while the relation types (the same array object) and ``key`` stay the same.

    A what-if, another status date or a simulation solves the same topology again: nothing is derived twice.
    """
    hit = shape.memo.get(name)
    if hit is not None and hit[0] is rtype and hit[1] == key:
        found: _T = hit[2]
        return found
    value = build()
    shape.memo[name] = (rtype, key, value)
    return value


def topology(n: int, pred: npt.ArrayLike, succ: npt.ArrayLike, done: npt.ArrayLike, *,
             generations: IntArray | None = None) -> Topology:
    """The `Topology` of ``n`` activities with these relations and finished activities.

    ``generations``: `levels` of these relations, when known (the loader's cycle check leaves them).

    Examples:
        >>> t = topology(3, [0, 1], [1, 2], [False, False, False])
        >>> t.depth, t.order.tolist(), t.by_succ.tolist()
        (3, [0, 1, 2], [0, 1])
    """
    pred, succ, finished = _i64(pred), _i64(succ), np.asarray(done, dtype=bool)
    valid = (pred >= 0) & (pred < n) & (succ >= 0) & (succ < n) & (pred != succ)
    pred = np.where(valid, pred, 0)
    succ = np.where(valid, succ, 0)
    # relations into finished work change nothing; relations out of a cycle are cut
    keep = valid & ~finished[succ]
    keep, level, cyclic = _break_cycles(n, pred, succ, keep, generations)
    # renumber activities by generation so each generation is a contiguous slice
    order = stable_order(level)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n, dtype=np.int64)
    depth = int(level.max()) + 1 if n else 0
    bounds = np.searchsorted(level[order], np.arange(depth + 1))
    kept = np.flatnonzero(keep)
    return Topology(pred=pred, succ=succ, keep=keep, cyclic=cyclic, order=order, rank=rank, depth=depth,
                    bounds=bounds, by_succ=kept[stable_order(rank[succ[kept]])],
                    by_pred=kept[stable_order(rank[pred[kept]])])


def solve(net: Network, *, start: int, shape: Topology | None = None) -> Result:
    """Forward and backward pass, floats and driving relations.

    ``start`` is the project start boundary: no early start lies before it.

    Examples:
        >>> # a 5-day task, then a 3-day task SS+2 and a milestone FF+1 after the first
        >>> net = Network.build(n=3, duration=[5, 3, 0], pred=[0, 0], succ=[1, 2], rtype=[SS, FF], lag=[2, 1])
        >>> r = solve(net, start=10)
        >>> r.es.tolist(), r.ef.tolist(), r.finish
        ([10, 12, 16], [15, 15, 16], 16)
        >>> r.total_float.tolist(), r.free_float.tolist()
        ([0, 1, 0], [0, 1, 0])
        >>> # the first task started at 4 (its remaining work at 10): SS+2 from the actual start
        >>> net = Network.build(n=2, duration=[5, 3], pred=[0], succ=[1], rtype=[SS], lag=[2], origin=[4, -1])
        >>> solve(net, start=10).es.tolist()
        [10, 10]
    """
    if shape is None:
        shape = topology(net.n, net.pred, net.succ, net.done)
    o = _order(net, shape, start)
    early, finish = _forward(o, shape)
    late = _backward(o, shape, early, finish)
    return _floats(o, shape, early, late, finish)


@attrs.frozen(eq=False)
class _Ordered:
    """The network renumbered by generation (activity arrays) or by the core's numbering (relation endpoints)."""

    net: Network
    n: int
    start: int
    """the project start boundary"""
    d: IntArray
    """durations, in generation order"""
    floor: IntArray
    fixed: BoolArray
    done: BoolArray
    p_all: IntArray
    """each relation's predecessor, as its rank"""
    s_all: IntArray
    from_finish: BoolArray
    """per relation: FS or FF"""
    to_finish: BoolArray
    """per relation: FF or SF"""
    origin: IntArray
    """per relation: where a start-type lag counts from (-1: the early start)"""
    cal: IntArray | None
    """each activity's calendar row, in generation order (None: one calendar, no elapsed days)"""
    elapsed: BoolArray | None


def _order(net: Network, shape: Topology, start: int) -> _Ordered:
    """The activity arrays in generation order, the relation endpoints as ranks."""
    order, rtype = shape.order, net.rtype
    p_all, s_all, from_finish, to_finish = _memo(shape, "ranks", rtype, b"", lambda: (
        shape.rank[shape.pred], shape.rank[shape.succ], (rtype == FS) | (rtype == FF), (rtype == FF) | (rtype == SF)))
    conv = net.conversion
    # start-type relations measured from a given origin (an actual start) instead of the early start
    origin = (np.where(from_finish, -1, net.origin[shape.pred]) if net.origin is not None
              else np.full(len(shape.pred), -1, dtype=np.int64))
    return _Ordered(net=net, n=net.n, start=start, d=net.duration[order], floor=np.maximum(net.floor[order], start),
                    fixed=net.fixed[order], done=net.done[order], p_all=p_all, s_all=s_all,
                    from_finish=from_finish, to_finish=to_finish, origin=origin,
                    cal=conv.cal[order] if conv is not None else None,
                    elapsed=conv.elapsed[order] if conv is not None else None)


@attrs.frozen(eq=False)
class _Runs:
    """Relations sorted by one end (a rank), cut per generation and, within it, per activity (for ``reduceat``).

    Generation ``g``: relations ``at[g]:at[g + 1]``, runs ``heads[g]:heads[g + 1]`` (each from ``starts``, relative
    to ``at[g]``, into ``nodes``).
    """

    at: list[int]
    heads: list[int]
    starts: IntArray
    nodes: IntArray


def _runs(end: IntArray, bounds: IntArray) -> _Runs:
    """The `_Runs` of relations sorted by ``end``, for generations ``bounds`` (computed once per pass, not per generation).

    Examples:
        >>> r = _runs(np.array([1, 1, 2, 3, 3]), np.array([0, 1, 3, 4]))
        >>> r.at, r.heads, r.starts.tolist(), r.nodes.tolist()
        ([0, 0, 3, 5], [0, 0, 2, 3], [0, 2, 0], [1, 2, 3])
    """
    at = np.searchsorted(end, bounds)
    first = np.ones(len(end), dtype=bool)
    first[1:] = end[1:] != end[:-1]
    heads = np.flatnonzero(first)
    cut = np.searchsorted(heads, at)
    starts = heads - at[np.searchsorted(at, heads, side="right") - 1] if len(heads) else heads
    return _Runs(at=at.tolist(), heads=cut.tolist(), starts=starts, nodes=end[heads])


def _generations(bounds: IntArray, members: BoolArray | None) -> frozenset[int]:
    """The generations that hold at least one of ``members`` (activities in generation order)."""
    if members is None or not members.any():
        return frozenset()
    return frozenset((np.searchsorted(bounds, np.flatnonzero(members), side="right") - 1).tolist())


def _forward_layout(o: _Ordered, shape: Topology) -> tuple[IntArray, IntArray, IntArray, _Runs]:
    """The relations the forward pass follows, by successor; their successors, ``early[g]`` of each, their runs."""
    fwd = shape.by_succ[~o.fixed[o.s_all[shape.by_succ]]]  # sorted by successor (a filtered sorted array)
    f_s = o.s_all[fwd]
    return fwd, f_s, o.p_all[fwd] + o.n * o.from_finish[fwd], _runs(f_s, shape.bounds)


def _backward_layout(o: _Ordered, shape: Topology) -> tuple[IntArray, IntArray, IntArray, _Runs]:
    """The relations the backward pass follows, by predecessor; their predecessors, ``late[g]`` of each, their runs."""
    by_pred = shape.by_pred
    bwd = by_pred[~o.done[o.p_all[by_pred]] & (o.origin[by_pred] < 0)]  # sorted by predecessor
    b_p = o.p_all[bwd]
    return bwd, b_p, o.s_all[bwd] + o.n * o.to_finish[bwd], _runs(b_p, shape.bounds)


def _kept_layout(o: _Ordered, shape: Topology) -> tuple[IntArray, IntArray, IntArray]:
    """The kept relations, their successors and where each reads its predecessor's early date."""
    kept = np.flatnonzero(shape.keep)
    return kept, o.s_all[kept], o.p_all[kept] + o.n * o.from_finish[kept]


def _forward(o: _Ordered, shape: Topology) -> tuple[IntArray, int]:
    """Early boundaries (``early[:n]`` starts, ``early[n:]`` finishes) generation by generation, and the finish.

    Everything that does not depend on the early dates (which relations, their offsets, the runs per
    successor) is computed once before the loop, so that each generation costs a few numpy calls.
    """
    n, d, conv, lag = o.n, o.d, o.net.conversion, o.net.lag
    fwd, f_s, f_g, runs = _memo(shape, "forward", o.net.rtype, np.packbits(o.fixed).tobytes(), lambda: _forward_layout(o, shape))
    f_lag = lag[fwd]
    f_sub = np.where(o.to_finish[fwd], d[f_s], 0)
    f_org = o.origin[fwd] if o.net.origin is not None else None
    if conv is not None:
        assert o.cal is not None
        assert o.elapsed is not None
        f_cp, f_cs, f_el = o.cal[o.p_all[fwd]], o.cal[f_s], conv.elapsed_lag[fwd]
        f_one = conv.morning(fwd, o.from_finish[fwd])
        f_lag, f_el = f_lag + f_one, f_el - f_one
        f_days = np.where(o.to_finish[fwd] & o.elapsed[f_s], d[f_s], 0)  # FF/SF into elapsed work: calendar days
        f_sub = f_sub - f_days
    else:
        f_lag = f_lag - f_sub  # one offset per relation: lag less the successor's duration into its finish
    bounds = shape.bounds.tolist()
    calendar_days = _generations(shape.bounds, o.elapsed if conv is not None else None)
    early = np.empty(2 * n, dtype=np.int64)
    es, ef = early[:n], early[n:]
    es[:] = o.floor
    for g in range(shape.depth):
        lo, hi = bounds[g], bounds[g + 1]
        r_lo, r_hi = runs.at[g], runs.at[g + 1]
        if r_hi > r_lo:
            val = early[f_g[r_lo:r_hi]]
            if f_org is not None:  # start-type lags from a given origin (an actual start)
                val = np.where(f_org[r_lo:r_hi] >= 0, f_org[r_lo:r_hi], val)
            if conv is None:
                val += f_lag[r_lo:r_hi]
            else:
                val = conv.forward(val + f_lag[r_lo:r_hi], f_cp[r_lo:r_hi], f_cs[r_lo:r_hi], f_el[r_lo:r_hi])
                back = f_days[r_lo:r_hi]
                if back.any():
                    val = np.where(back > 0, conv.forward(val, f_cs[r_lo:r_hi], f_cs[r_lo:r_hi], -back), val)
                val -= f_sub[r_lo:r_hi]
            h_lo, h_hi = runs.heads[g], runs.heads[g + 1]
            nodes = runs.nodes[h_lo:h_hi]
            es[nodes] = np.maximum(es[nodes], np.maximum.reduceat(val, runs.starts[h_lo:h_hi]))
        np.add(es[lo:hi], d[lo:hi], out=ef[lo:hi])
        if g in calendar_days and conv is not None and o.elapsed is not None and o.cal is not None:
            sl = slice(lo, hi)
            el = conv.forward(es[sl] + 1, o.cal[sl], o.cal[sl], d[sl] - 1)  # start day + d calendar days
            ef[sl] = np.where(o.elapsed[sl], np.maximum(el, es[sl]), ef[sl])
    return early, int(ef.max()) if n else o.start


def _project_finish(o: _Ordered, ef: IntArray, finish: int) -> IntArray:
    """The project's finish as a boundary of each activity's calendar (the finish moment, a day ordinal)."""
    conv = o.net.conversion
    if conv is None or o.cal is None:
        return np.full(o.n, finish, dtype=np.int64)
    width = conv.early.shape[1]
    moment = int(conv.early.ravel()[o.cal * width + np.clip(ef, 0, width - 1)].max()) if o.n else 0
    span = conv.before.shape[1]
    out: IntArray = conv.before.ravel()[o.cal * span + min(max(moment - conv.t0, 0), span - 1)]
    return out


def _backward(o: _Ordered, shape: Topology, early: IntArray, finish: int) -> IntArray:
    """Late boundaries (``late[:n]`` starts, ``late[n:]`` finishes), generation by generation from the last.

    As in `_forward`, what does not depend on the late dates is computed once, before the loop.
    """
    n, d, conv, lag, done = o.n, o.d, o.net.conversion, o.net.lag, o.done
    es, ef = early[:n], early[n:]
    given = np.packbits(done).tobytes() + (b"" if o.net.origin is None else np.packbits(o.origin >= 0).tobytes())
    bwd, b_p, b_g, runs = _memo(shape, "backward", o.net.rtype, given, lambda: _backward_layout(o, shape))
    b_lag = lag[bwd]
    b_add = np.where(o.from_finish[bwd], 0, d[b_p])
    if conv is not None:
        assert o.cal is not None
        b_cp, b_cs, b_el = o.cal[b_p], o.cal[o.s_all[bwd]], conv.elapsed_lag[bwd]
        b_one = conv.morning(bwd, o.from_finish[bwd])
        b_lag, b_el = b_lag + b_one, b_el - b_one
        assert o.elapsed is not None
        b_days = np.where(~o.from_finish[bwd] & o.elapsed[b_p], d[b_p], 0)  # SS/SF out of elapsed work
        b_add = b_add - b_days
    else:
        b_add = b_add - b_lag  # one offset per relation: the predecessor's duration from its start, less the lag
    bounds = shape.bounds.tolist()
    calendar_days = _generations(shape.bounds, o.elapsed if conv is not None else None)
    finished = _generations(shape.bounds, done)
    late = np.empty(2 * n, dtype=np.int64)
    ls, lf = late[:n], late[n:]
    lf[:] = np.where(done, ef, np.minimum(o.net.cap_lf[shape.order], _project_finish(o, ef, finish)))
    for g in range(shape.depth - 1, -1, -1):
        lo, hi = bounds[g], bounds[g + 1]
        r_lo, r_hi = runs.at[g], runs.at[g + 1]
        if r_hi > r_lo:
            val = late[b_g[r_lo:r_hi]]
            if conv is not None:
                val = conv.backward(val, b_cs[r_lo:r_hi], b_cp[r_lo:r_hi], b_el[r_lo:r_hi]) - b_lag[r_lo:r_hi]
                ahead = b_days[r_lo:r_hi]
                if ahead.any():  # the finish of calendar days from that latest start
                    val = np.where(ahead > 0, conv.forward(val + 1, b_cp[r_lo:r_hi], b_cp[r_lo:r_hi], ahead - 1), val)
            val += b_add[r_lo:r_hi]
            h_lo, h_hi = runs.heads[g], runs.heads[g + 1]
            nodes = runs.nodes[h_lo:h_hi]
            lf[nodes] = np.minimum(lf[nodes], np.minimum.reduceat(val, runs.starts[h_lo:h_hi]))
        np.subtract(lf[lo:hi], d[lo:hi], out=ls[lo:hi])
        if g in calendar_days and conv is not None and o.elapsed is not None and o.cal is not None:
            sl = slice(lo, hi)
            # the latest working day from which d calendar days end by lf: forward's exact inverse
            el = conv.backward(lf[sl], o.cal[sl], o.cal[sl], d[sl] - 1) - 1
            ls[sl] = np.where(o.elapsed[sl], np.minimum(el, lf[sl]), ls[sl])
        if g in finished:
            ls[lo:hi] = np.where(done[lo:hi], es[lo:hi], ls[lo:hi])
    return late


def _floats(o: _Ordered, shape: Topology, early: IntArray, late: IntArray, finish: int) -> Result:
    """Floats, free float and driving relations, in the caller's numbering."""
    n, d, conv, lag, done = o.n, o.d, o.net.conversion, o.net.lag, o.done
    es, ef, ls, lf = early[:n], early[n:], late[:n], late[n:]
    start_float = ls - es
    finish_float = lf - ef
    total = np.minimum(start_float, finish_float)
    total[done] = 0
    start_float[done] = 0
    finish_float[done] = 0
    # every kept relation's forward bound, and how far it is from binding
    kept, k_s, k_g = _memo(shape, "floats", o.net.rtype, b"", lambda: _kept_layout(o, shape))
    # the boundary each relation measures its lag from: the given origin, else the early date
    at = early[k_g] if o.net.origin is None else np.where(o.origin[kept] >= 0, o.origin[kept], early[k_g])
    shifted = at + lag[kept]
    if conv is None or o.cal is None:
        bound, room = shifted, None
    else:
        one = conv.morning(kept, o.from_finish[kept])
        c_p, c_s, days = o.cal[o.p_all[kept]], o.cal[k_s], conv.elapsed_lag[kept] - one
        bound = conv.forward(shifted + one, c_p, c_s, days)
        assert o.elapsed is not None
        back = np.where(o.to_finish[kept] & o.elapsed[k_s], d[k_s], 0)
        bound = np.where(back > 0, conv.forward(bound, c_s, c_s, -back) + back, bound)
        # free float: how far the lag's origin may slip before the bound passes the successor (the bound's
        # inverse, as in the backward pass); more than the gap where the bound was rounded over non-working days
        to = np.where(back > 0, conv.backward(es[k_s], c_s, c_s, -back),
                      es[k_s] + np.where(o.to_finish[kept], d[k_s], 0))
        room = conv.backward(to, c_s, c_p, days) - one - lag[kept] - at
    bound -= np.where(o.to_finish[kept], d[k_s], 0)
    gap = es[k_s] - bound
    driving = np.zeros(len(shape.pred), dtype=bool)
    driving[kept] = (gap == 0) & ~done[k_s]
    free = np.full(n, BIG, dtype=np.int64)
    np.minimum.at(free, o.p_all[kept], np.maximum(gap if room is None else room, 0))
    free = np.minimum(free, np.maximum(total, 0))
    free[done] = 0
    back = shape.rank  # results in the caller's numbering
    return Result(
        es=es[back], ef=ef[back], ls=ls[back], lf=lf[back],
        total_float=total[back], free_float=free[back],
        start_float=start_float[back], finish_float=finish_float[back],
        finish=finish, driving=driving, used=shape.keep, cyclic=shape.cyclic, depth=shape.depth,
    )
