"""The progress of a status update at a status date, applied to a compiled network: `Situation`."""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np

from portfolio import _cpm
from portfolio._compile._network import (
    _ACTUAL_FINISH,
    _ACTUAL_START,
    _EMPTY,
    _REMAINING,
    _T0,
    FINISHED,
    FNET,
    FNLT,
    IN_PROGRESS,
    MFO,
    MSO,
    NOT_STARTED,
    SNET,
    SNLT,
    BoolArray,
    IntArray,
    Network,
    Note,
    _ordinals,
    _place,
    outside_horizon,
)
from portfolio.diagnostics import diagnostic
from portfolio.model import ActivityProgress, StatusUpdate

__all__ = ["Situation", "situate"]


@attrs.frozen(eq=False)
class Situation:
    """The network's progress at a status date, as the core's inputs (see [`portfolio._cpm.Network`][portfolio._cpm.Network])."""

    state: IntArray
    """``NOT_STARTED``, ``IN_PROGRESS`` or ``FINISHED`` per activity"""
    effective: IntArray
    """work the core schedules: remaining work, or the actual span when finished"""
    floor: IntArray
    fixed: BoolArray
    done: BoolArray
    cap: IntArray
    elapsed: BoolArray
    actual_start: IntArray
    """-1 when not started"""
    morning_floor: BoolArray
    """milestone held at a start-type constraint date (SNET, MSO)"""
    evening_floor: BoolArray
    """milestone held at a finish-type constraint date (FNET, MFO)"""
    notes: tuple[Note, ...]


@attrs.define
class _Progress:
    """The progress records of some activities, as arrays (scratch for `situate`)."""

    idx: IntArray
    records: list[ActivityProgress]

    def dates(self, name: str) -> tuple[IntArray, BoolArray, BoolArray]:
        return _ordinals([getattr(p, name) for p in self.records])


def situate(net: Network, update: StatusUpdate | None, status_date: dt.date | None) -> Situation:
    """Progress of ``update`` (None: nothing started) at ``status_date`` applied to ``net``'s activities."""
    n = net.n
    start_lo = net.start_index[net.row] if n else _EMPTY
    status_index = net.before[:, status_date.toordinal() - _T0 + 1] if status_date is not None else None
    lo = np.maximum(start_lo, status_index[net.row]) if status_index is not None else start_lo.copy()
    state = np.zeros(n, dtype=np.int64)
    effective = net.duration.copy()
    actual_start = np.full(n, -1, dtype=np.int64)
    notes: list[Note] = []
    progress = update.progress if update is not None else {}
    found = [(i, p) for k, p in progress.items() if (i := net.index.get(k)) is not None]
    if found:
        prog = _Progress(np.asarray([i for i, _ in found], dtype=np.int64), [p for _, p in found])
        _finished(net, prog, state, lo, effective, actual_start, notes)
        _started(net, prog, state, lo, effective, actual_start, notes, status_index)
    done = state == FINISHED
    sit = _constrained(net, state, lo, effective)
    notes.extend(note for note in net.open_notes if not done[note[0]])
    return attrs.evolve(sit, done=done, elapsed=net.elapsed & (state == NOT_STARTED), actual_start=actual_start,
                        notes=tuple(sorted([*net.notes, *notes], key=_place)))


def _note(notes: list[Note], prog: _Progress, k: int, place: int, day: dt.date, what: str) -> None:
    i = int(prog.idx[k])
    p = prog.records[k]
    notes.append((i, place, outside_horizon(day, what, p.activity, p.source)))  # type: ignore[arg-type]


def _finished(net: Network, prog: _Progress, state: IntArray, lo: IntArray, effective: IntArray,
              actual_start: IntArray, notes: list[Note]) -> None:
    """Activities with an actual finish: their actual span is fixed."""
    f_day, f_given, f_ok = prog.dates("actual_finish")
    s_day, s_given, s_ok = prog.dates("actual_start")
    for k in np.flatnonzero(f_given & ~f_ok).tolist():
        _note(notes, prog, k, _ACTUAL_FINISH, prog.records[k].actual_finish, "actual finish")  # type: ignore[arg-type]
    for k in np.flatnonzero(f_ok & s_given & ~s_ok).tolist():
        _note(notes, prog, k, _ACTUAL_START, prog.records[k].actual_start, "actual start")  # type: ignore[arg-type]
    ks = np.flatnonzero(f_ok)
    i, rows = prog.idx[ks], net.row[prog.idx[ks]]
    first = np.where(s_ok[ks], s_day[ks], f_day[ks])
    s = net.day_index(first, rows)
    f = np.where(net.milestone[i], s, np.maximum(net.day_index(f_day[ks], rows, finish=True), s))
    state[i] = FINISHED
    lo[i], effective[i], actual_start[i] = s, f - s, s


def _started(net: Network, prog: _Progress, state: IntArray, lo: IntArray, effective: IntArray,
             actual_start: IntArray, notes: list[Note], status_index: IntArray | None) -> None:
    """Work in progress: started, not finished; its remaining work from the status date on."""
    open_ = state[prog.idx] != FINISHED
    s_day, s_given, s_ok = prog.dates("actual_start")
    for k in np.flatnonzero(open_ & s_given & ~s_ok).tolist():
        _note(notes, prog, k, _ACTUAL_START, prog.records[k].actual_start, "actual start")  # type: ignore[arg-type]
    ks = np.flatnonzero(open_ & s_ok)
    i, rows = prog.idx[ks], net.row[prog.idx[ks]]
    start = net.day_index(s_day[ks], rows)
    resume = status_index[rows] if status_index is not None else start
    records = [prog.records[j] for j in ks.tolist()]
    remaining = np.fromiter((p.remaining.days if p.remaining is not None else 0 for p in records),
                            dtype=np.int64, count=len(records))
    given = np.fromiter((p.remaining is not None for p in records), dtype=bool, count=len(records))
    percent = np.fromiter((p.percent_complete if p.percent_complete is not None else np.nan for p in records),
                          dtype=float, count=len(records))
    for j in np.flatnonzero(given & (remaining < 0)).tolist():
        p, act = records[j], net.activities[int(i[j])]
        notes.append((int(i[j]), _REMAINING, diagnostic(
            "negative-duration", f"'{act.id}': remaining duration {p.remaining} is negative; using 0",
            source=p.source or act.source, subject=act.id, hint="give 0d or more")))
    total = net.duration[i]
    share = np.clip(percent, 0.0, 100.0) / 100.0
    by_share = np.round(total * (1.0 - np.nan_to_num(share))).astype(np.int64)
    by_time = np.maximum(total - (resume - start), 0)
    left = np.where(given, np.maximum(remaining, 0), np.where(np.isnan(percent), by_time, by_share))
    state[i] = IN_PROGRESS
    actual_start[i], effective[i] = start, left
    lo[i] = np.maximum(net.start_index[rows], resume)


def _constrained(net: Network, state: IntArray, lo: IntArray, effective: IntArray) -> Situation:
    """Floors, fixed starts and caps from the constraints and deadlines of unfinished activities."""
    n = net.n
    done = state == FINISHED
    kind = np.where(done, 0, net.constraint)
    at_start, at_finish = net.constraint_start, net.constraint_finish
    eff = effective
    milestone = net.milestone
    fresh = state == NOT_STARTED
    snet, fnet = kind == SNET, kind == FNET
    mso, mfo = (kind == MSO) & fresh, (kind == MFO) & fresh
    morning = milestone & (snet & (at_start >= lo) | mso)
    lo = np.where(snet, np.maximum(lo, at_start), lo)
    lo = np.where(fnet, np.maximum(lo, at_finish - eff), lo)
    evening = milestone & (fnet & (at_finish - eff >= lo) | mfo)
    lo = np.where(mso, at_start, np.where(mfo, at_finish - eff, lo))
    cap = np.full(n, _cpm.BIG, dtype=np.int64)
    cap = np.where(mso | (kind == SNLT), at_start + eff, cap)
    cap = np.where(mfo | (kind == FNLT), at_finish, cap)
    cap = np.where(done, cap, np.minimum(cap, net.deadline))
    return Situation(state=state, effective=eff, floor=lo, fixed=done | mso | mfo, done=done, cap=cap,
                     elapsed=net.elapsed, actual_start=_EMPTY, morning_floor=morning, evening_floor=evening,
                     notes=())

