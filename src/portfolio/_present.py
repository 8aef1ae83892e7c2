"""Stage three of [`portfolio.scheduling.schedule`][portfolio.scheduling.schedule]: the core's boundaries shown as dates, MS Project's way.

The core computes working-day *boundaries*; a user reads *days*. A task's
start is the day after its start boundary opens and its finish the last
working day before its finish boundary. A milestone has one boundary and is
shown either in the morning (on the working day it opens) or in the evening
(on the working day before): `evening` holds MS Project's rules for
which, `day_ordinals` turns every boundary into a day, and
`drivers` lists each activity's driving predecessors.
"""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt

from portfolio import _cpm
from portfolio._compile import Network, Situation

__all__ = ["Shown", "day_ordinals", "drivers", "evening", "show"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def evening(*, milestone: BoolArray, es: IntArray, floor: IntArray, at_start: BoolArray, morning_floor: BoolArray,
            evening_floor: BoolArray, pred: IntArray, succ: IntArray, rtype: IntArray,
            driving: BoolArray) -> BoolArray:
    """Which milestones show on the working day before their boundary (MS Project: 17:00 that day).

    - A milestone held at its SNET/MSO date shows on that date (08:00), even
      when a finish-type predecessor ends at the same boundary.
    - A milestone at the project start shows on the start day, even after a lead.
    - Otherwise a milestone held by a FNET/MFO date, or driven from the finish
      of a task, shows in the evening; so does one driven from the finish of
      a milestone shown in the evening. One driven from the finish of a
      milestone shown in the morning is shown in that morning too.

    Examples:
        >>> t, f = True, False
        >>> evening(milestone=np.array([f, t, t]), es=np.array([0, 5, 5]), floor=np.array([0, 0, 0]),
        ...         at_start=np.array([t, f, f]), morning_floor=np.array([f, f, f]),
        ...         evening_floor=np.array([f, f, f]), pred=np.array([0, 1]), succ=np.array([1, 2]),
        ...         rtype=np.array([_cpm.FS, _cpm.FS]), driving=np.array([t, t])).tolist()
        [False, True, True]
    """
    may_be_evening = milestone & ~(morning_floor & (es == floor)) & ~at_start
    late: BoolArray = evening_floor & may_be_evening
    if not len(pred):
        return late
    finish_driven = driving & ((rtype == _cpm.FS) | (rtype == _cpm.FF))
    late[succ[finish_driven & ~milestone[pred]]] = True
    late &= may_be_evening
    chained = np.flatnonzero(finish_driven & milestone[pred])
    if len(chained):
        _follow(late, may_be_evening, pred[chained], succ[chained])
    return late


_ROUNDS = 8
"""Rounds of the vectorised propagation in `_follow` before it finishes the (rare) long chains one by one."""


def _follow(late: BoolArray, may_be_evening: BoolArray, pred: IntArray, succ: IntArray) -> None:
    """Spread the evening along milestone-to-milestone relations ``pred -> succ``, in place.

    A few vectorised rounds settle the usual short chains; what a longer
    chain still has to spread is walked with a stack. Either way the result
    is the closure: every milestone reachable from an evening one through
    these relations, that may show in the evening, does.
    """
    for _ in range(_ROUNDS):
        reach = late[pred] & ~late[succ] & may_be_evening[succ]
        if not reach.any():
            return
        late[succ[reach]] = True
    followers: dict[int, list[int]] = {}
    for p, q in zip(pred.tolist(), succ.tolist(), strict=True):
        followers.setdefault(p, []).append(q)
    stack = [p for p in followers if late[p]]
    while stack:
        for q in followers.get(stack.pop(), ()):
            if may_be_evening[q] and not late[q]:
                late[q] = True
                stack.append(q)


def day_ordinals(net: Network, sit: Situation, result: _cpm.Result, late: BoolArray,
                 milestone: BoolArray) -> tuple[IntArray, BoolArray]:
    """(6, n) day ordinals: start, finish, early start, early finish, late start, late finish; and where they clip.

    Work that started shows its actual start as early and late start. The
    second array is True for an activity with a computed day outside its
    calendar's horizon (after 2100-12-31, or before 1990-01-01): its dates
    there are shown as the horizon's last (or first) working day.
    """
    n = net.n
    dates = np.zeros((6, n), dtype=np.int64)
    outside = np.zeros(n, dtype=bool)
    started = sit.actual_start >= 0
    for c, cal in enumerate(net.calendars):
        m: slice | BoolArray = slice(None) if len(net.calendars) == 1 else net.row == c
        shift_start = late[m]
        shift_finish = ~milestone[m] | late[m]
        es, ls = (np.where(shift_start, k[m] - 1, k[m]) for k in (result.es, result.ls))
        ef, lf = (np.where(shift_finish, k[m] - 1, k[m]) for k in (result.ef, result.lf))
        outside[m] = ((np.minimum(np.minimum(es, ls), np.minimum(ef, lf)) < 0)
                      | (np.maximum(np.maximum(es, ls), np.maximum(ef, lf)) >= cal.size))
        dates[2, m] = np.where(started[m], cal.ordinals(sit.actual_start[m]), cal.ordinals(es))
        dates[3, m] = cal.ordinals(ef)
        dates[4, m] = np.where(started[m], dates[2, m], cal.ordinals(ls))
        dates[5, m] = cal.ordinals(lf)
    dates[0] = dates[2]
    dates[1] = dates[3]
    return dates, outside


def drivers(n: int, pred: IntArray, succ: IntArray, driving: BoolArray) -> tuple[IntArray, IntArray]:
    """The driving predecessors of every activity, grouped by successor (CSR: ``drivers[ptr[i]:ptr[i + 1]]``).

    Examples:
        >>> ptr, found = drivers(3, np.array([0, 1, 0]), np.array([2, 2, 1]), np.array([True, False, True]))
        >>> ptr.tolist(), found.tolist()
        ([0, 0, 1, 2], [0, 0])
    """
    by_successor = np.flatnonzero(driving)
    by_successor = by_successor[_cpm.stable_order(succ[by_successor])]
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(succ[by_successor], minlength=n), out=ptr[1:])
    return ptr, pred[by_successor]


@attrs.frozen(eq=False)
class Shown:
    """What a schedule shows, as arrays: dates, numbers, critical flags and the driving predecessors."""

    dates: IntArray
    """see `day_ordinals`"""
    numbers: IntArray
    """(6, n): duration, remaining, total float, free float, start float, finish float"""
    critical: BoolArray
    driver_ptr: IntArray
    drivers: IntArray
    outside: BoolArray
    """per activity: a computed day lies outside its calendar's horizon (see `day_ordinals`)"""


def show(net: Network, sit: Situation, result: _cpm.Result, threshold: int) -> Shown:
    """Stage three in one call: the arrays a [`Schedule`][portfolio.scheduling.Schedule] holds."""
    milestone = (sit.effective == 0) & (net.duration == 0)
    late = evening(milestone=milestone, es=result.es, floor=sit.floor,
                   at_start=result.es == net.start_index[net.row], morning_floor=sit.morning_floor,
                   evening_floor=sit.evening_floor, pred=net.pred, succ=net.succ, rtype=net.rtype,
                   driving=result.driving)
    dates, outside = day_ordinals(net, sit, result, late, milestone)
    numbers = np.stack([net.duration, np.where(sit.done, 0, sit.effective), result.total_float,
                        result.free_float, result.start_float, result.finish_float])
    critical = (result.total_float <= threshold) & ~sit.done & ~net.manual  # MS Project: manual tasks never are
    ptr, found = drivers(net.n, net.pred, net.succ, result.driving)
    for arr in (dates, numbers, critical, ptr, found, outside):
        arr.setflags(write=False)
    return Shown(dates=dates, numbers=numbers, critical=critical, driver_ptr=ptr, drivers=found, outside=outside)
