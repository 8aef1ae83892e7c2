"""MSPDI progress and baselines: actual dates, remaining durations, the status date, and baselines 0 to 10.

Actual dates and remaining durations become one status update on the project's ``StatusDate``;
without one MS Project moves nothing (its ``CurrentDate`` is not a data date), and neither does
the import. The project start is read as MS Project reads it (an SNET or MSO before the StartDate
keeps its date). Baselines 0-10 become baselines ``baseline``, ``baseline1`` ... ``baseline10``.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import attrs

from portfolio.calendar import HORIZON_FIRST, Calendar, CalendarError, from_spec
from portfolio.io.mspdi._calendars import CalendarReader, _calendar
from portfolio.io.mspdi._values import MAX_DAYS, _child, _children, _in_horizon, _own, _text
from portfolio.model import (
    Activity,
    ActivityProgress,
    Baseline,
    BaselineEntry,
    CalendarSpec,
    Constraint,
    ConstraintType,
    Duration,
    PortfolioSettings,
    Relation,
    RelationType,
    Source,
    StatusUpdate,
)

__all__ = ["ProgressReader"]


class ProgressReader(CalendarReader):
    """What the tasks have done (their actuals, on the status date) and what they promised (their baselines)."""

    def __init__(self, root: ET.Element, filename: str) -> None:
        super().__init__(root, filename)
        self.baseline_raw: dict[tuple[int, str], tuple[dt.date | None, dt.date | None, int | None, Source]] = {}
        #: each task's element, by activity id
        self.elements: dict[str, ET.Element] = {}

    def status(self, progress: list[ActivityProgress], start: dt.date | None) -> list[StatusUpdate]:
        """One status update holding every task's progress, on the StatusDate.

        Without a StatusDate MS Project moves nothing (its CurrentDate is not a data date): the update
        is dated the day before the project start (or the first actual date), so it holds nothing back.
        """
        if not progress:
            return []
        by_task = {p.activity: p for p in progress}
        day = self.date(self.root, "StatusDate")
        if day is not None:
            return [StatusUpdate(date=day, progress=by_task, source=self.at(_child(self.root, "StatusDate")))]
        first = min([d for p in progress for d in (p.actual_start, p.actual_finish) if d is not None]
                    + ([start] if start is not None else []))
        day = max(first - dt.timedelta(days=1), HORIZON_FIRST)
        return [StatusUpdate(date=day, progress=by_task, comments="no StatusDate in the file: nothing is moved",
                             source=self.at(self.root))]

    def anchored(self, settings: PortfolioSettings, activities: list[Activity], relations: list[Relation],
                 updates: list[StatusUpdate], specs: dict[str, CalendarSpec]) -> tuple[PortfolioSettings,
                                                                                        list[Activity]]:
        """The project start as MS Project reads it: a SNET or MSO before the StartDate is kept on its date.

        The portfolio then starts on the earliest such date (or the status update's), and every task that
        MS Project starts at the StartDate (no predecessor, or an FF one; no constraint, no progress) gets an SNET on it.
        Work in progress without a StatusDate resumes where MS Project says it does (an SNET on its Resume).
        """
        start = settings.start
        if start is None:
            return settings, activities
        early = [a.constraint.date for a in activities if a.constraint is not None
                 and a.constraint.type in (ConstraintType.SNET, ConstraintType.MSO) and a.constraint.date < start]
        dated = [u.date for u in updates if _child(self.root, "StatusDate") is None]
        anchor = min([start, *early])
        if dated:  # the update holds nothing back: dated the day before anything starts
            anchor = min(dated[0], max(anchor - dt.timedelta(days=1), HORIZON_FIRST))
            updates[0] = attrs.evolve(updates[0], date=anchor)
        if anchor == start:
            return settings, activities
        hold = bool(early) or anchor < start - dt.timedelta(days=1)  # the status date alone holds nothing back
        # MS Project starts a task at the StartDate unless its predecessors start it: the start that an FF
        # link gives is never before the StartDate (an FS, SS or SF link's can be), so a task with an FF
        # predecessor is held at the StartDate too
        finish_led = {r.successor for r in relations if r.type is RelationType.FF}
        followers = {r.successor for r in relations} - finish_led
        progress = dict(updates[0].progress) if updates else {}
        cache: dict[str, Calendar | None] = {}
        result = []
        for item in activities:
            prog, activity = progress.get(item.id), item
            if prog is not None and prog.actual_finish is None and dated:
                cal = _calendar(item.calendar or settings.calendar, specs, cache)
                activity, progress[item.id] = self._resumed(item, prog, cal)
            elif hold and prog is None and item.id not in followers and item.constraint is None:
                activity = attrs.evolve(item, constraint=Constraint(type=ConstraintType.SNET, date=start))
            result.append(activity)
        if updates:
            updates[0] = attrs.evolve(updates[0], progress=progress)
        return attrs.evolve(settings, start=anchor), result

    def _resumed(self, activity: Activity, prog: ActivityProgress, cal: Calendar | None) -> tuple[Activity,
                                                                                                  ActivityProgress]:
        """Work in progress without a StatusDate: its remaining work starts at MS Project's Resume date.

        Without a Resume, that is the actual start plus the work done (duration less remaining).
        """
        element = self.elements.get(activity.id)
        resume = self.date(element, "Resume", activity.id) if element is not None else None
        total = max(activity.duration.days, 0)
        remaining = prog.remaining if prog.remaining is not None else Duration(total)
        if resume is None and cal is not None and prog.actual_start is not None:
            done = min(max(total - remaining.days, 0), MAX_DAYS)
            resume = cal.date(min(cal.index(prog.actual_start) + done, cal.size - 1))
        if resume is None or activity.constraint is not None:
            self.warn(f"{activity.id}: work in progress without a StatusDate (and with a constraint) resumes here "
                      "where the engine's status date puts it, not where its actual work stopped",
                      activity.source, activity.id, hint="set the project's status date in MS Project "
                      "(Project > Status Date) and save the plan as XML again")
            return activity, prog
        return (attrs.evolve(activity, constraint=Constraint(type=ConstraintType.SNET, date=resume)),
                attrs.evolve(prog, remaining=remaining))

    def _progress(self, task: ET.Element, ident: str) -> Iterator[ActivityProgress]:
        actual_start = self.date(task, "ActualStart", ident)
        actual_finish = self.date(task, "ActualFinish", ident)
        if actual_start is None and actual_finish is None:
            return
        if actual_start is not None and actual_finish is not None and actual_finish < actual_start:
            self.bad(task, "ActualFinish", _text(task, "ActualFinish") or "", f"is before the ActualStart {actual_start} "
                     "(the task is read as in progress)", ident)
            actual_finish = None
        remaining = None
        if actual_finish is None:
            minutes = self.minutes(task, "RemainingDuration", ident)
            if minutes is not None:
                days = self.days(minutes, "remaining duration", ident, _own(task, "RemainingDuration"))
                remaining = Duration(days) if days is not None else None
        yield ActivityProgress(activity=ident, actual_start=actual_start, actual_finish=actual_finish,
                               remaining=remaining, source=self.at(task))

    def _task_baselines(self, task: ET.Element, ident: str) -> None:
        for element in _children(task, "Baseline"):
            number = self.integer(element, "Number", low=0, high=10, subject=ident)
            if number is None:
                continue
            start = self.date(element, "Start", ident)
            finish = self.date(element, "Finish", ident)
            minutes = self.minutes(element, "Duration", ident)
            days = (self.days(minutes, "baseline duration", ident, _own(element, "Duration"),
                              exact=False) if minutes is not None else None)
            if start is None and finish is None:
                continue
            self.baseline_raw[(number, ident)] = (start, finish, days, self.at(element))


    # --- baselines ---------------------------------------------------------------------------

    def baselines(self, activities: list[Activity], calendars: list[CalendarSpec],
                  settings: PortfolioSettings) -> list[Baseline]:
        by_id = {a.id: a for a in activities}
        specs = {c.id: c for c in calendars}
        result = []
        for number in sorted({number for number, _ in self.baseline_raw}):
            entries = {}
            for (num, ident), (start, finish, days, where) in self.baseline_raw.items():
                if num != number or ident not in by_id:
                    continue
                activity = by_id[ident]
                spec = specs.get(activity.calendar or settings.calendar)
                span = max((days if days is not None else activity.duration.days) - 1, 0)
                entry = _baseline_entry(ident, start, finish, span, spec, where)
                if entry is not None:
                    entries[ident] = entry
            if entries:
                name = "baseline" if number == 0 else f"baseline{number}"
                result.append(Baseline(name=name, title=f"MS Project {name.capitalize()}",
                                       current=number == 0, entries=entries, source=self.at(self.root)))
        return result



def _baseline_entry(ident: str, start: dt.date | None, finish: dt.date | None, span: int,
                    spec: CalendarSpec | None, where: Source) -> BaselineEntry | None:
    """A baseline entry; a missing start or finish is derived from the other and the duration (``span`` days)."""
    try:
        cal = from_spec(spec) if spec else None
        if start is None and finish is not None:
            start = (finish if span == 0 else cal.date(cal.finish_index(finish) - 1 - span) if cal
                     else finish - dt.timedelta(days=span))
        if finish is None and start is not None:
            finish = cal.add_workdays(start, span) if cal else start + dt.timedelta(days=span)
    except (CalendarError, ValueError, OverflowError):
        start = start or finish
        finish = finish or start
    if start is None or finish is None or not (_in_horizon(start) and _in_horizon(finish)):
        return None
    return BaselineEntry(activity=ident, start=start, finish=max(finish, start), source=where)
