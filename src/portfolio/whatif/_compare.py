"""Comparing two schedules: what moved, by how much, the key milestones, and why nothing moved when nothing did."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Final

import attrs

from portfolio import _display, _frames
from portfolio.calendar import Calendar
from portfolio.diagnostics import closest
from portfolio.messages import Message
from portfolio.model import Portfolio
from portfolio.scheduling import Progress, Schedule
from portfolio.slippage import key_milestones
from portfolio.whatif._scenario import Change, Scenario, calendar

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Comparison", "Move", "compare"]

_LATER: Final = _display.RAG_COLOURS["amber"]
_EARLIER: Final = _display.RAG_COLOURS["green"]


@attrs.frozen(kw_only=True)
class Move:
    """How one activity moved from the first schedule to the second (positive = later).

    Shifts in working days count the activity's calendar; ``*_days`` count calendar days.
    """

    id: str
    name: str
    milestone: bool
    start_before: dt.date
    start_after: dt.date
    finish_before: dt.date
    finish_after: dt.date
    start_shift: int
    finish_shift: int
    start_shift_days: int
    finish_shift_days: int
    critical_before: bool
    critical_after: bool
    total_float_before: int
    total_float_after: int

    @property
    def moved(self) -> bool:
        """True when its start or finish changed."""
        return self.start_before != self.start_after or self.finish_before != self.finish_after


@attrs.frozen(kw_only=True, eq=False)
class Comparison:
    """What `compare` found: every activity's move, the key milestones, and what came and went.

    Look an activity up by id (``comparison["easi.exit"]``); ``moved``
    lists the activities whose dates changed, largest finish shift first.
    """

    finish_before: dt.date
    finish_after: dt.date
    finish_shift: int
    """of the whole portfolio, working days of the default calendar"""
    finish_shift_days: int
    activities: tuple[Move, ...]
    """every activity in both schedules, in the second schedule's order"""
    milestones: tuple[str, ...]
    """the key milestones followed"""
    added: tuple[str, ...]
    """only in the second schedule"""
    removed: tuple[str, ...]
    """only in the first"""
    reasons: tuple[Message, ...] = ()
    """when nothing moved, why (see `why`); empty when something did"""

    def why(self, lang: str = "en") -> str:
        """When nothing moved, a sentence in ``lang`` saying why; ``""`` when something moved.

        The reasons: the float of the activities that took the change up
        (their total float changed, their dates did not); what the scenario
        (``compare(..., scenario=...)``) kept as it was and why (finished work,
        the target it already had); the changed activities that kept their
        dates; or, when dates and floats are all the same, that the change
        did not reach the schedule.
        """
        if not self.reasons:
            return ""
        return Message("whatif.why", {"reasons": "; ".join(r.text(lang) for r in self.reasons)}).text(lang)

    def __getitem__(self, id: str) -> Move:
        for move in self.activities:
            if move.id == id:
                return move
        hint = closest(id, [m.id for m in self.activities])
        raise KeyError(f"{id!r} is not in both schedules" + (f"; did you mean {hint!r}?" if hint else ""))

    def __iter__(self) -> Iterator[Move]:
        return iter(self.activities)

    def __len__(self) -> int:
        return len(self.activities)

    @property
    def moved(self) -> tuple[Move, ...]:
        """The activities whose start or finish changed, largest finish shift (either way) first, else in order."""
        return tuple(sorted((m for m in self.activities if m.moved), key=lambda m: -abs(m.finish_shift)))

    @property
    def key(self) -> tuple[Move, ...]:
        """The moves of the key milestones (moved or not), in their order."""
        found = {m.id: m for m in self.activities if m.id in set(self.milestones)}
        return tuple(found[m] for m in self.milestones if m in found)

    @property
    def became_critical(self) -> tuple[str, ...]:
        """Activities critical in the second schedule but not in the first."""
        return tuple(m.id for m in self.activities if m.critical_after and not m.critical_before)

    @property
    def left_critical(self) -> tuple[str, ...]:
        """Activities critical in the first schedule but not in the second."""
        return tuple(m.id for m in self.activities if m.critical_before and not m.critical_after)

    def summary(self) -> str:
        """A few lines: the portfolio's finish, then each key milestone, then how many activities moved.

        The lines read like ``easi.exit: 2024-09-27 -> 2024-12-24 (+58 working days, +88 days)``.
        """

        def line(label: str, before: dt.date, after: dt.date, shift: int, days: int) -> str:
            if before == after:
                return f"{label}: {before.isoformat()} (unchanged)"
            return f"{label}: {before.isoformat()} -> {after.isoformat()} ({shift:+d} working days, {days:+d} days)"

        lines = [line("finish", self.finish_before, self.finish_after, self.finish_shift, self.finish_shift_days)]
        lines.extend(line(m.id, m.finish_before, m.finish_after, m.finish_shift, m.finish_shift_days) for m in self.key)
        lines.append(
            f"{len(self.moved)} of {len(self.activities)} activities moved"
            + (f", {len(self.added)} added" if self.added else "")
            + (f", {len(self.removed)} removed" if self.removed else "")
            + (f"; newly critical: {', '.join(self.became_critical)}" if self.became_critical else "")
        )
        if self.reasons:
            lines.append(self.why())
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"<Comparison finish {self.finish_before.isoformat()} -> {self.finish_after.isoformat()} "
            f"({self.finish_shift:+d} working days), {len(self.moved)} of {len(self.activities)} moved>"
        )

    def _repr_html_(self) -> str:
        def shift(value: int, days: int) -> _display.Cell:
            colour = _LATER if value > 0 else _EARLIER if value < 0 else None
            return _display.Cell(f"{value:+d} wd ({days:+d} d)" if value or days else "", colour)

        summary = _display.facts(
            [
                ("finish", f"{self.finish_before.isoformat()} → {self.finish_after.isoformat()}"),
                ("shift", f"{self.finish_shift:+d} working days"),
                ("moved", f"{len(self.moved)} of {len(self)}"),
                ("added", len(self.added)),
                ("removed", len(self.removed)),
                ("newly critical", len(self.became_critical)),
                *([("why", self.why())] if self.reasons else []),
            ]
        )
        columns = ["activity", "name", "finish before", "finish after", "shift"]
        key = _display.table(
            columns,
            (
                [m.id, m.name, m.finish_before, m.finish_after, shift(m.finish_shift, m.finish_shift_days)]
                for m in self.key
            ),
        )
        moved = _display.table(
            columns,
            (
                [m.id, m.name, m.finish_before, m.finish_after, shift(m.finish_shift, m.finish_shift_days)]
                for m in self.moved
            ),
        )
        return _display.block(
            "Comparison", summary, _display.heading("Key milestones"), key, _display.heading("What moved most"), moved
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per activity in either schedule (needs pandas).

        ``change`` is an ordered category: ``unchanged``, ``moved``,
        ``added`` or ``removed``; dates are ``datetime64[ns]`` (``NaT`` on the
        side an activity is missing from); shifts are nullable ``Int64``
        working and calendar days; ``key`` marks the key milestones.
        """
        rows = list(self.activities)
        keys = set(self.milestones)
        n_extra = len(self.added) + len(self.removed)
        none: list[None] = [None] * n_extra
        ids = [m.id for m in rows] + list(self.added) + list(self.removed)
        change = (
            ["moved" if m.moved else "unchanged" for m in rows]
            + ["added"] * len(self.added)
            + ["removed"] * len(self.removed)
        )
        return _frames.frame(
            [
                ("id", "str", ids),
                ("name", "str", [m.name for m in rows] + none),
                ("change", "category", change, ("unchanged", "moved", "added", "removed")),
                ("key", "bool", [i in keys for i in ids]),
                ("start_before", "date", [m.start_before for m in rows] + none),
                ("start_after", "date", [m.start_after for m in rows] + none),
                ("finish_before", "date", [m.finish_before for m in rows] + none),
                ("finish_after", "date", [m.finish_after for m in rows] + none),
                ("start_shift", "Int64", [m.start_shift for m in rows] + none),
                ("finish_shift", "Int64", [m.finish_shift for m in rows] + none),
                ("finish_shift_days", "Int64", [m.finish_shift_days for m in rows] + none),
                ("critical_before", "bool", [m.critical_before for m in rows] + [False] * n_extra),
                ("critical_after", "bool", [m.critical_after for m in rows] + [False] * n_extra),
            ]
        )


def compare(
    before: Schedule,
    after: Schedule,
    *,
    portfolio: Portfolio | None = None,
    milestones: Iterable[str] | None = None,
    scenario: Scenario | None = None,
) -> Comparison:
    """What moved from schedule ``before`` to schedule ``after``, by how much, and the key milestones' fate.

    ``portfolio`` (either scenario's) gives the calendars for counting
    working days (without it the built-in ones; an unknown calendar counts as
    ``rijk``) and the key milestones; ``milestones`` overrides those (without
    either, or when the portfolio names none: every milestone in both schedules).
    ``scenario``, the one ``after`` was scheduled from, lets the comparison
    say which changed records kept their dates when nothing moved
    (`Comparison.why`, the last line of the summary).

    Examples:
        >>> import datetime as dt
        >>> from portfolio.model import Activity, Duration, PortfolioSettings, Relation
        >>> from portfolio.scheduling import schedule
        >>> from portfolio.whatif import change_duration
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8), calendar="standard"),
        ...               activities=[Activity(id="build", duration=Duration(10)), Activity(id="live")],
        ...               relations=[Relation(predecessor="build", successor="live")])
        >>> c = compare(schedule(p), schedule(change_duration(p, "build", "3w").portfolio), portfolio=p)
        >>> print(c.summary())
        finish: 2024-01-19 -> 2024-01-26 (+5 working days, +7 days)
        live: 2024-01-19 -> 2024-01-26 (+5 working days, +7 days)
        2 of 2 activities moved
        >>> print(compare(schedule(p), schedule(p), portfolio=p).why())
        nothing moved: the two schedules have the same dates and floats: the change does not reach the schedule
    """
    cals: dict[str, Calendar] = {}

    def cal(id: str) -> Calendar:
        if id not in cals:
            cals[id] = calendar(portfolio, id)
        return cals[id]

    first = {r.id: r for r in before}
    moves = []
    for b in after:
        a = first.get(b.id)
        if a is None:
            continue
        c = cal(b.calendar)
        moves.append(
            Move(
                id=b.id,
                name=b.name,
                milestone=b.milestone,
                start_before=a.start,
                start_after=b.start,
                finish_before=a.finish,
                finish_after=b.finish,
                start_shift=c.index(b.start) - c.index(a.start),
                finish_shift=c.finish_index(b.finish) - c.finish_index(a.finish),
                start_shift_days=(b.start - a.start).days,
                finish_shift_days=(b.finish - a.finish).days,
                critical_before=a.critical,
                critical_after=b.critical,
                total_float_before=a.total_float,
                total_float_after=b.total_float,
            )
        )
    if milestones is not None:
        wanted = tuple(milestones)
    else:
        wanted = key_milestones(portfolio) if portfolio is not None else ()
        wanted = wanted or tuple(m.id for m in moves if m.milestone)
    default = calendar(portfolio, None)
    added = tuple(i for i in after.ids if i not in first)
    removed = tuple(i for i in before.ids if i not in after)
    return Comparison(
        finish_before=before.finish,
        finish_after=after.finish,
        finish_shift=default.finish_index(after.finish) - default.finish_index(before.finish),
        finish_shift_days=(after.finish - before.finish).days,
        activities=tuple(moves),
        milestones=wanted,
        added=added,
        removed=removed,
        reasons=() if added or removed else _why(moves, after, scenario),
    )


def _why(moves: list[Move], after: Schedule, scenario: Scenario | None) -> tuple[Message, ...]:
    """Why nothing moved (empty when something did): float taken up, records kept, changed work that held."""
    if any(m.moved for m in moves):
        return ()
    reasons = [c.reason for c in scenario.changes if c.action == "kept" and c.reason is not None] if scenario else []
    absorbed = sorted((m for m in moves if m.total_float_after != m.total_float_before),
                      key=lambda m: m.total_float_after - m.total_float_before)
    if absorbed:
        reasons.append(Message("whatif.why.float", {
            "ids": [m.id for m in absorbed],
            "detail": [f"{m.id} {m.total_float_before} → {m.total_float_after}" for m in absorbed[:3]]}))
    if scenario is not None:
        taken = {m.id for m in absorbed}
        touched = dict.fromkeys(_subject(c) for c in scenario.changes if c.action in ("changed", "added")
                                and c.record in ("activity", "progress", "relation"))
        explained = {c.id for c in scenario.changes if c.action == "kept"}  # their reason is given already
        held = [i for i in touched if i in after and i not in taken and i not in explained]
        finished = [i for i in held if after[i].progress is Progress.FINISHED]
        if finished:
            reasons.append(Message("whatif.why.done", {"ids": finished}))
        if len(held) > len(finished):
            reasons.append(Message("whatif.why.held", {"ids": [i for i in held if i not in finished]}))
    return tuple(reasons) or (Message("whatif.why.same"),)


def _subject(change: Change) -> str:
    """The activity a change is about: the activity, the activity whose progress it is, a relation's successor."""
    if change.record == "relation":
        return change.id.rpartition(" -> ")[2]
    return change.id.split(" (")[0]
