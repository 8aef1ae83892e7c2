"""Slip attribution along a milestone's driving path, against a baseline or an earlier update (private)."""

from __future__ import annotations

import datetime as dt
import enum
import html
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

import attrs

from portfolio import _display, _frames
from portfolio.model import Baseline, ConstraintType, Portfolio
from portfolio.scheduling import ActivitySchedule, Progress, Schedule
from portfolio.slippage._common import Calendars, Dates, clamp, schedule_dates

if TYPE_CHECKING:
    import pandas as pd


class Cause(enum.StrEnum):
    """Why an activity on the driving path added (or saved) days."""

    DURATION = "duration"
    """it takes longer (or shorter) than in the reference: duration or remaining work"""
    LOGIC = "logic"
    """the gap to the activity that drives it changed (relations, lags, a different driver)"""
    ADDED = "added"
    """not in the reference: all of its time on the path is new"""
    STATUS_DATE = "status-date"
    """not started, waiting for the status date (work not done in time)"""
    CONSTRAINT = "constraint"
    """the path starts at a date constraint"""
    LATE_START = "late-start"
    """the path starts at an actual start, later (or earlier) than planned"""
    START = "start"
    """the path starts at the project start"""


@attrs.frozen(kw_only=True)
class Contribution:
    """Days one activity on the driving path adds to the milestone's variance, for one cause."""

    activity: str
    name: str
    cause: Cause
    working_days: int
    """working days of the milestone's calendar"""
    calendar_days: int


@attrs.frozen(kw_only=True)
class Attribution:
    """A milestone's finish variance against a reference, explained along its driving path.

    The contributions add up exactly to ``working_days`` (and to
    ``calendar_days``): see ``docs/slippage.md`` for the method.
    """

    milestone: str
    name: str
    reference: str
    """the baseline's name, or the earlier status date (ISO) in a windows analysis"""
    calendar: str
    reference_finish: dt.date
    finish: dt.date
    working_days: int
    """finish variance in working days of the milestone's calendar"""
    calendar_days: int
    path: tuple[str, ...]
    """the driving chain followed, earliest first"""
    contributions: tuple[Contribution, ...]
    """in path order; zero contributions left out"""

    def summary(self, limit: int = 4) -> str:
        """One sentence: the variance, the largest contributions that add days, and the rest.

        Days taken back (float that absorbed a slip, work that went faster) are
        summed into one figure, so the numbers in the sentence add up to the variance.

        Examples:
            >>> c = [Contribution(activity="x", name="X", cause=Cause.DURATION, working_days=5, calendar_days=7),
            ...      Contribution(activity="y", name="Y", cause=Cause.LOGIC, working_days=-2, calendar_days=-2)]
            >>> Attribution(milestone="m", name="M", reference="plan", calendar="standard",
            ...             reference_finish=dt.date(2024, 1, 5), finish=dt.date(2024, 1, 10), working_days=3,
            ...             calendar_days=5, path=("x", "y", "m"), contributions=tuple(c)).summary()
            'm slips 3 working days against plan: +5 x (duration), -2 taken back (float, faster work)'
        """
        verb = "slips" if self.working_days > 0 else "gains" if self.working_days < 0 else "holds"
        head = f"{self.milestone} {verb}"
        if self.working_days:
            n = abs(self.working_days)
            head += f" {n} working day{'s' if n != 1 else ''}"
        head += f" against {self.reference}"
        adds = sorted((c for c in self.contributions if c.working_days > 0), key=lambda c: -c.working_days)
        shown = [f"+{c.working_days} {c.activity} ({c.cause.value})" for c in adds[:limit]]
        more = sum(c.working_days for c in adds[limit:])
        if more:
            shown.append(f"+{more} from {len(adds) - limit} more")
        back = sum(c.working_days for c in self.contributions if c.working_days < 0)
        if back:
            shown.append(f"{back} taken back (float, faster work)")
        return head + (": " + ", ".join(shown) if shown else "")

    def _repr_html_(self) -> str:
        """The summary sentence, then each contribution along the path."""
        def days(value: int) -> _display.Cell:
            colour = _display.RAG_COLOURS["amber" if value > 0 else "green"] if value else None
            return _display.Cell(f"{value:+d}", colour)

        rows = ([c.activity, c.name, c.cause, days(c.working_days), c.calendar_days] for c in self.contributions)
        return _display.block(
            f"Attribution of {self.milestone}",
            _display.facts([("reference", self.reference), ("reference finish", self.reference_finish),
                            ("forecast finish", self.finish), ("variance", f"{self.working_days:+d} working days")]),
            f"<p>{html.escape(self.summary())}</p>",
            _display.table(["activity", "name", "cause", "working days", "calendar days"], rows))

    def to_pandas(self) -> pd.DataFrame:
        """The contributions (activity, name, ``cause`` category, working and calendar days); needs pandas.

        ``df["working_days"].sum()`` is the milestone's variance.
        """
        rows = self.contributions
        return _frames.frame([
            ("activity", "str", [c.activity for c in rows]), ("name", "str", [c.name for c in rows]),
            ("cause", "category", [c.cause.value for c in rows], [c.value for c in Cause]),
            ("working_days", "int", [c.working_days for c in rows]),
            ("calendar_days", "int", [c.calendar_days for c in rows]),
        ])


def attribute(portfolio: Portfolio, computed: Schedule, milestone: str, baseline: Baseline) -> Attribution:
    """Explain ``milestone``'s finish variance against ``baseline`` along its driving path.

    Raises KeyError when the milestone is not scheduled or not in the baseline.

    Examples:
        >>> from portfolio.model import (Activity, Baseline, BaselineEntry, Duration, Portfolio,
        ...                              PortfolioSettings, Relation)
        >>> from portfolio.scheduling import schedule
        >>> day = dt.date
        >>> plan = Baseline(name="plan", entries={
        ...     "build": BaselineEntry(activity="build", start=day(2024, 1, 8), finish=day(2024, 1, 12)),
        ...     "live": BaselineEntry(activity="live", start=day(2024, 1, 12), finish=day(2024, 1, 12))})
        >>> p = Portfolio(settings=PortfolioSettings(start=day(2024, 1, 8), calendar="standard"),
        ...               activities=[Activity(id="build", duration=Duration(8)), Activity(id="test", duration=Duration(2)),
        ...                           Activity(id="live")],
        ...               relations=[Relation(predecessor="build", successor="test"),
        ...                          Relation(predecessor="test", successor="live")], baselines=[plan])
        >>> a = attribute(p, schedule(p), "live", plan)
        >>> a.working_days, [(c.activity, c.cause.value, c.working_days) for c in a.contributions]
        (5, [('build', 'duration', 3), ('test', 'added', 2)])
    """
    return _attribute(portfolio, computed, milestone, _PlannedDates(baseline), baseline.name)


def attribute_window(portfolio: Portfolio, before: Schedule, after: Schedule, milestone: str) -> Attribution:
    """Explain how ``milestone`` moved from one status update (``before``) to the next (``after``).

    A windows analysis (AACE RP 29R-03, "observational / dynamic"): the
    earlier update's forecast is the reference, and the move is attributed
    along the later update's driving path.

    Examples:
        >>> from portfolio.model import Activity, ActivityProgress, Duration, Portfolio, PortfolioSettings
        >>> from portfolio.model import Relation, StatusUpdate
        >>> from portfolio.scheduling import schedule
        >>> day = dt.date
        >>> p = Portfolio(settings=PortfolioSettings(start=day(2024, 1, 8), calendar="standard"),
        ...               activities=[Activity(id="build", duration=Duration(10)), Activity(id="live")],
        ...               relations=[Relation(predecessor="build", successor="live")],
        ...               status_updates=[StatusUpdate(date=day(2024, 1, 12), progress={"build": ActivityProgress(
        ...                                   activity="build", actual_start=day(2024, 1, 8), remaining=Duration(6))}),
        ...                               StatusUpdate(date=day(2024, 1, 19), progress={"build": ActivityProgress(
        ...                                   activity="build", actual_start=day(2024, 1, 8), remaining=Duration(4))})])
        >>> w = attribute_window(p, schedule(p, status_date=day(2024, 1, 12)), schedule(p), "live")
        >>> w.reference, w.working_days, [(c.activity, c.cause.value, c.working_days) for c in w.contributions]
        ('2024-01-12', 3, [('build', 'duration', 3)])
    """
    ref = before.status_date.isoformat() if before.status_date else "the earlier schedule"
    return _attribute(portfolio, after, milestone, schedule_dates(before), ref)


def _chain(computed: Schedule, milestone: str) -> list[ActivitySchedule]:
    """One driving chain back from the milestone: at each step the driver that finishes last."""
    chain = [computed[milestone]]
    seen = {milestone}
    while chain[-1].driving:
        drivers = [computed[d] for d in chain[-1].driving if d not in seen]
        if not drivers:
            break
        nxt = max(drivers, key=lambda a: (a.finish, -chain[-1].driving.index(a.id)))
        seen.add(nxt.id)
        chain.append(nxt)
    chain.reverse()
    return chain


class _PlannedDates(Mapping[str, tuple[dt.date, dt.date]]):
    """A baseline's planned (start, finish) per activity, read on demand: an attribution touches only its path.

    [`baseline_dates`][portfolio.slippage._common.baseline_dates] copies every entry,
    which made attributing each key milestone walk the whole baseline.
    """

    def __init__(self, baseline: Baseline) -> None:
        self._entries = baseline.entries

    def __getitem__(self, id: str) -> tuple[dt.date, dt.date]:
        entry = self._entries[id]
        return entry.start, entry.finish

    def __contains__(self, id: object) -> bool:
        return id in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


def _head_cause(portfolio: Portfolio, computed: Schedule, head: ActivitySchedule, cals: Calendars) -> Cause:
    """What holds the first activity of the path where it is."""
    if head.progress is not Progress.NOT_STARTED:
        return Cause.LATE_START
    act = portfolio.activities.get(head.id)
    con = act.constraint if act is not None else None
    if con is not None:
        if con.type in (ConstraintType.SNET, ConstraintType.MSO) and clamp(con.date) >= head.start:
            return Cause.CONSTRAINT
        if con.type in (ConstraintType.FNET, ConstraintType.MFO) and clamp(con.date) >= head.finish:
            return Cause.CONSTRAINT
    if computed.status_date is not None and (
            cals.start(head.calendar, head.start) == cals.finish(head.calendar, computed.status_date)):
        return Cause.STATUS_DATE
    return Cause.START


def _attribute(portfolio: Portfolio, computed: Schedule, milestone: str, reference: Dates,
               reference_name: str) -> Attribution:
    target = computed[milestone]
    if milestone not in reference:
        raise KeyError(f"{milestone!r} has no date in {reference_name}")
    cals = Calendars(portfolio)
    cal = target.calendar
    chain = _chain(computed, milestone)
    known = next(a for a in chain if a.id in reference)
    head = chain[0]
    # Each position is measured twice: in working days of the milestone's calendar and in calendar days.
    units: tuple[tuple[Callable[[dt.date], int], Callable[[dt.date], int]], ...] = (
        (lambda d: cals.start(cal, d), lambda d: cals.finish(cal, d)),
        (lambda d: d.toordinal(), lambda d: d.toordinal() + 1))
    pieces: dict[tuple[str, Cause], list[int]] = {}

    def add(activity: str, cause: Cause, unit: int, value: int) -> None:
        pieces.setdefault((activity, cause), [0, 0])[unit] += value

    for unit, (at_start, at_finish) in enumerate(units):
        # the path's start: where the head is now versus where the first reference activity was planned to start
        prev_f = at_start(head.start)
        prev_ref = at_start(reference[known.id][0])
        add(head.id, _head_cause(portfolio, computed, head, cals), unit, prev_f - prev_ref)
        for a in chain:
            f = at_finish(a.finish)
            if a.id in reference:
                rs, rf = reference[a.id]
                ref_f = at_finish(rf)
                grew = (f - at_start(a.start)) - (ref_f - at_start(rs))
                add(a.id, Cause.DURATION, unit, grew)
                add(a.id, Cause.LOGIC, unit, (f - prev_f) - (ref_f - prev_ref) - grew)
                prev_ref = ref_f
            else:
                add(a.id, Cause.ADDED, unit, f - prev_f)
            prev_f = f
    names = {a.id: a.name for a in chain}
    contributions = tuple(
        Contribution(activity=act, name=names[act], cause=cause, working_days=v[0], calendar_days=v[1])
        for (act, cause), v in pieces.items() if v[0] or v[1])
    ref_finish = reference[milestone][1]
    return Attribution(
        milestone=milestone, name=target.name, reference=reference_name, calendar=cal,
        reference_finish=ref_finish, finish=target.finish,
        working_days=cals.finish(cal, target.finish) - cals.finish(cal, ref_finish),
        calendar_days=(target.finish - ref_finish).days, path=tuple(a.id for a in chain),
        contributions=contributions,
    )
