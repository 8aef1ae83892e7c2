"""A generated corpus against MPXJ: random MS Project networks built and written as MSPDI by MPXJ itself.

Optional, like tests/test_mspdi_oracle.py (the ``oracle`` extra and a Java runtime; skipped without them).
Where tests/test_mspdi_oracle.py writes MSPDI text of its own, here MPXJ builds each network through its
object model (``ProjectFile``), schedules it with its ``MicrosoftScheduler`` and writes it with its
``MSPDIWriter``; our importer reads the file MPXJ wrote. The networks have the features issue 14 names:
manually scheduled tasks with typed dates, SNET constraints before the project start, recurring calendar
exceptions (weekly, monthly by weekday, yearly), and finished work or work in progress without a status
date (MPXJ writes no StatusDate; the CurrentDate is years later). Per task, in working time: start, finish,
early and late start and finish, total and free slack, the critical flag. A task our importer names in an
``mspdi-unsupported`` warning is left out (the warning is the answer). 200 networks a run
(``PORTFOLIO_CORPUS_EXAMPLES`` sets another number; docs/interop.md gives the result of 1,000).

The dates a network holds (typed dates, actual dates, constraint dates) are computed here with
:mod:`dateutil.rrule`, not with the code under test.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from dateutil import rrule
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mpxj_jvm import classes
from portfolio.calendar import Calendar
from portfolio.io.mspdi import load_mspdi, parse_mspdi
from portfolio.scheduling import schedule

START = dt.date(2024, 1, 8)  # a Monday
CURRENT = dt.date(2030, 3, 18)  # MS Project's "current date": no data date
#: Recurring exceptions: how MPXJ's RecurringData is set, and the same rule for dateutil (which lists the days).
RULES = {
    "fortnightly Wednesday": ({"type": "WEEKLY", "frequency": 2, "weekday": "WEDNESDAY"},
                              {"freq": rrule.WEEKLY, "interval": 2, "byweekday": rrule.WE}),
    "first Friday": ({"type": "MONTHLY", "frequency": 1, "relative": ("FIRST", "FRIDAY")},
                     {"freq": rrule.MONTHLY, "byweekday": rrule.FR(1)}),
    "10 January": ({"type": "YEARLY", "frequency": 1, "month": 1, "day": 10},
                   {"freq": rrule.YEARLY, "bymonth": 1, "bymonthday": 10}),
}
KINDS = ("auto", "auto", "manual", "early", "done", "started")


@pytest.fixture(scope="module")
def mpxj() -> Any:
    """MPXJ's object model, writer, reader and scheduler in a running JVM; skips without Java, jpype1 or mpxj."""
    return classes({"ProjectFile": "org.mpxj.ProjectFile", "Duration": "org.mpxj.Duration", "TimeUnit": "org.mpxj.TimeUnit",
             "RelationType": "org.mpxj.RelationType", "Relation": "org.mpxj.Relation", "TaskMode": "org.mpxj.TaskMode",
             "ConstraintType": "org.mpxj.ConstraintType", "RecurringData": "org.mpxj.RecurringData",
             "RecurrenceType": "org.mpxj.RecurrenceType",
             "DayOfWeek": "java.time.DayOfWeek", "LocalDateTime": "java.time.LocalDateTime",
             "LocalDate": "java.time.LocalDate", "Integer": "java.lang.Integer", "Double": "java.lang.Double",
             "Writer": "org.mpxj.mspdi.MSPDIWriter", "Scheduler": "org.mpxj.cpm.MicrosoftScheduler"})


class Days:
    """The working days of a generated network: weekdays less the recurring exceptions' occurrences."""

    def __init__(self, exceptions: list[tuple[str, dt.date, int]]) -> None:
        self.closed: set[dt.date] = set()
        for name, first, count in exceptions:
            rule = RULES[name][1]
            self.closed.update(d.date() for d in rrule.rrule(dtstart=first, count=count, **rule))  # type: ignore[arg-type]

    def working(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.closed

    def shift(self, day: dt.date, days: int) -> dt.date:
        """The working day ``days`` working days after the working day on or after ``day``."""
        while not self.working(day):
            day += dt.timedelta(days=1)
        for _ in range(days):
            day += dt.timedelta(days=1)
            while not self.working(day):
                day += dt.timedelta(days=1)
        return day


#: One task: kind, duration (days), offset of its dates from the start (working days), days done, links.
Task = tuple[str, int, int, int, list[tuple[int, int, int]]]


@st.composite
def networks(draw: st.DrawFn) -> tuple[list[tuple[str, dt.date, int]], list[Task]]:
    """Up to 12 tasks of the kinds above, FS/SS/FF links with lags between automatic tasks, and exceptions."""
    exceptions = draw(st.lists(st.tuples(st.sampled_from(sorted(RULES)), st.dates(dt.date(2023, 12, 1),
                                                                                  dt.date(2024, 2, 15)),
                                         st.integers(1, 6)), max_size=3, unique_by=lambda e: e[0]))
    tasks: list[Task] = []
    for uid in range(1, draw(st.integers(1, 12)) + 1):
        days = draw(st.integers(1, 5))
        kind = draw(st.sampled_from(KINDS))
        done = draw(st.integers(1, days - 1)) if kind == "started" and days > 1 else 0
        kind = "done" if kind == "started" and not done else kind
        offset = draw(st.integers(-15, 10)) if kind in ("early", "done", "started") else draw(st.integers(0, 8))
        links = [(p, draw(st.sampled_from([0, 1, 2])), draw(st.integers(0, 2)))
                 for p in sorted(draw(st.sets(st.integers(1, uid - 1), max_size=2)))] if uid > 1 and kind == "auto" else []
        tasks.append((kind, days, offset, done, links))
    return exceptions, tasks


def _at(mpxj: Any, day: dt.date, hour: int) -> Any:
    return mpxj["LocalDateTime"].of(day.year, day.month, day.day, hour, 0)


def _calendar(mpxj: Any, project: Any, exceptions: list[tuple[str, dt.date, int]]) -> None:
    calendar = project.addDefaultBaseCalendar()
    project.setDefaultCalendar(calendar)
    for name, first, count in exceptions:
        spec, rule = RULES[name]
        days = [d.date() for d in rrule.rrule(dtstart=first, count=count, **rule)]  # type: ignore[arg-type]
        data = mpxj["RecurringData"]()
        data.setRecurrenceType(getattr(mpxj["RecurrenceType"], spec["type"]))
        data.setFrequency(mpxj["Integer"](spec["frequency"]))
        if "weekday" in spec:
            data.setWeeklyDay(getattr(mpxj["DayOfWeek"], spec["weekday"]), True)
        if "relative" in spec:
            data.setRelative(True)
            data.setDayNumber(mpxj["Integer"](1))
            data.setDayOfWeek(getattr(mpxj["DayOfWeek"], spec["relative"][1]))
        if "month" in spec:
            data.setRelative(False)
            data.setMonthNumber(mpxj["Integer"](spec["month"]))
            data.setDayNumber(mpxj["Integer"](spec["day"]))
        data.setStartDate(mpxj["LocalDate"].of(days[0].year, days[0].month, days[0].day))
        data.setFinishDate(mpxj["LocalDate"].of(days[-1].year, days[-1].month, days[-1].day))
        data.setOccurrences(mpxj["Integer"](count))
        calendar.addCalendarException(data)


def build(mpxj: Any, network: tuple[list[tuple[str, dt.date, int]], list[Task]]) -> Any:
    """The network as an MPXJ ProjectFile: the tasks, their dates, progress and links."""
    exceptions, specs = network
    days = Days(exceptions)
    project = mpxj["ProjectFile"]()
    _calendar(mpxj, project, exceptions)
    props = project.getProjectProperties()
    props.setStartDate(_at(mpxj, START, 8))
    props.setCurrentDate(_at(mpxj, CURRENT, 8))
    unit, hours = mpxj["TimeUnit"].DAYS, mpxj["Duration"]
    tasks = []
    for uid, (kind, length, offset, done, _links) in enumerate(specs, start=1):
        task = project.addTask()
        task.setName(f"T{uid}")
        task.setDuration(hours.getInstance(length, unit))
        first = days.shift(START, offset) if offset >= 0 else _back(days, START, -offset)
        last = days.shift(first, length - 1)
        finished = {"done": length, "started": done}.get(kind, 0)
        task.setTaskMode(mpxj["TaskMode"].MANUALLY_SCHEDULED if kind == "manual" else mpxj["TaskMode"].AUTO_SCHEDULED)
        if kind == "manual":
            task.setStart(_at(mpxj, first, 8))
            task.setFinish(_at(mpxj, last, 17))
        if kind == "early":
            task.setConstraintType(mpxj["ConstraintType"].START_NO_EARLIER_THAN)
            task.setConstraintDate(_at(mpxj, first, 8))
        if kind in ("done", "started"):
            task.setActualStart(_at(mpxj, first, 8))
            task.setStart(_at(mpxj, first, 8))
            task.setFinish(_at(mpxj, last, 17))
            task.setPercentageComplete(mpxj["Double"](100.0 * finished / length))
            if kind == "done":
                task.setActualFinish(_at(mpxj, last, 17))
            else:
                task.setResume(_at(mpxj, days.shift(first, done), 8))
        task.setActualDuration(hours.getInstance(finished, unit))
        task.setRemainingDuration(hours.getInstance(length - finished, unit))
        tasks.append(task)
    kinds = mpxj["RelationType"]
    java = [kinds.FINISH_START, kinds.START_START, kinds.FINISH_FINISH]
    for task, (*_, links) in zip(tasks, specs, strict=True):
        for predecessor, kind, lag in links:
            link = mpxj["Relation"].Builder().predecessorTask(tasks[predecessor - 1]).type(java[kind])
            task.addPredecessor(link.lag(hours.getInstance(lag, unit)))
    return project


def _back(days: Days, day: dt.date, count: int) -> dt.date:
    """The working day ``count`` working days before ``day``."""
    for _ in range(count):
        day -= dt.timedelta(days=1)
        while not days.working(day):
            day -= dt.timedelta(days=1)
    return day


def by_mpxj(mpxj: Any, project: Any) -> dict[str, tuple[Any, ...]]:
    """MPXJ's start, finish, early/late start and finish (timestamps), total and free slack (days), critical."""
    mpxj["Scheduler"]().schedule(project, project.getProjectProperties().getStartDate())
    props = project.getProjectProperties()
    found = {}
    for task in project.getTasks():
        stamps = [dt.datetime.fromisoformat(str(v)) for v in (
            task.getStart(), task.getFinish(), task.getEarlyStart(), task.getEarlyFinish(), task.getLateStart(),
            task.getLateFinish())]
        slack = [float(v.convertUnits(mpxj["TimeUnit"].DAYS, props).getDuration()) for v in (
            task.getTotalSlack(), task.getFreeSlack())]
        found[f"t{int(task.getUniqueID())}"] = (*stamps, *slack, bool(task.getCritical()))
    return found


def disagreements(mpxj: Any, network: Any, tmp: Path) -> tuple[list[tuple[str, Any, Any]], int]:
    """The tasks (not warned about) whose figures differ, as (task, MPXJ's, ours), and the number warned."""
    project = build(mpxj, network)
    theirs = by_mpxj(mpxj, project)
    path = tmp / "corpus.xml"
    mpxj["Writer"]().write(project, str(path))
    portfolio, diagnostics = load_mspdi(path)
    assert {"mspdi-unsupported"} >= {d.code for d in diagnostics}
    assert all(d.source is not None and d.source.line > 0 for d in diagnostics)
    warned = {d.subject for d in diagnostics}
    result = schedule(portfolio)
    assert () == result.diagnostics
    cal = Calendar.make("corpus", closed=portfolio.calendars["standard"].closed)
    assert set(Days(network[0]).closed) <= set(portfolio.calendars["standard"].closed)

    def boundary(moment: dt.datetime) -> int:
        return cal.index(moment.date()) if moment.time() <= dt.time(8, 0) else cal.finish_index(moment.date())

    found = []
    for ident, (start, finish, es, ef, ls, lf, total, free, critical) in sorted(theirs.items()):
        if ident in warned:
            continue
        ours = result[ident]
        expected = (boundary(start), boundary(finish), boundary(es), boundary(ef), boundary(ls), boundary(lf),
                    total, min(free, total), critical)
        got = (cal.index(ours.start), cal.finish_index(ours.finish), cal.index(ours.early_start),
               cal.finish_index(ours.early_finish), cal.index(ours.late_start), cal.finish_index(ours.late_finish),
               ours.total_float, ours.free_float, ours.critical)
        if expected != got:
            found.append((ident, expected, got))
    return found, len(warned & set(theirs))


def test_known_network_agrees(mpxj: Any, tmp_path: Path) -> None:
    """A network with each feature once: a manual task, an early SNET, finished and started work, exceptions."""
    network = ([("fortnightly Wednesday", dt.date(2024, 1, 10), 3), ("10 January", dt.date(2024, 1, 10), 2)],
               [("auto", 3, 0, 0, []), ("manual", 2, 4, 0, []), ("early", 2, -5, 0, []), ("done", 2, -10, 0, []),
                ("started", 4, -2, 2, []), ("auto", 2, 0, 0, [(1, 0, 1), (3, 1, 0), (5, 2, 0)])])
    assert ([], 0) == disagreements(mpxj, network, tmp_path)


@settings(max_examples=int(os.environ.get("PORTFOLIO_CORPUS_EXAMPLES", "200")), deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(network=networks())
def test_generated_networks_agree_with_mpxj(mpxj: Any, tmp_path: Path, network: Any) -> None:
    """Every task our importer does not warn about has MPXJ's start, finish, early and late dates, slack and
    critical flag, on networks MPXJ built, scheduled and wrote."""
    found, _warned = disagreements(mpxj, network, tmp_path)
    assert [] == found


def _plan(tasks: str) -> bytes:
    week = "".join(f"<WeekDay><DayType>{d}</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime><FromTime>"
                   "08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime><WorkingTime><FromTime>13:00:00"
                   "</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay>" for d in range(2, 7))
    week += "".join(f"<WeekDay><DayType>{d}</DayType><DayWorking>0</DayWorking></WeekDay>" for d in (1, 7))
    return ('<Project xmlns="http://schemas.microsoft.com/project"><StartDate>2024-01-08T08:00:00</StartDate>'
            "<CalendarUID>1</CalendarUID><MinutesPerDay>480</MinutesPerDay><Calendars><Calendar><UID>1</UID>"
            f"<Name>Standard</Name><WeekDays>{week}</WeekDays></Calendar></Calendars><Tasks>{tasks}</Tasks>"
            "</Project>").encode()


EARLY = ("<Task><UID>1</UID><Name>Early</Name><Duration>PT8H0M0S</Duration><ActualDuration>PT0H0M0S</ActualDuration><RemainingDuration>PT8H0M0S</RemainingDuration><ConstraintType>4</ConstraintType>"
         "<ConstraintDate>2024-01-03T08:00:00</ConstraintDate></Task>")


@pytest.mark.parametrize(("link", "start"), [(0, dt.date(2024, 1, 8)), (1, dt.date(2024, 1, 4)),
                                             (3, dt.date(2024, 1, 3))], ids=["FF", "FS", "SS"])
def test_successor_of_a_task_before_the_start(link: int, start: dt.date) -> None:
    """A task linked to a task whose SNET lies before the project start: FS and SS links take it there, an FF
    link never starts it before the StartDate. The dates are MPXJ's MicrosoftScheduler's on this file (the
    corpus found the FF case). (An SF link there is left out: MPXJ lets it pull the successor before the
    constraint date, which the engine's start does not allow.)"""
    follower = ("<Task><UID>2</UID><Name>Next</Name><Duration>PT8H0M0S</Duration><ActualDuration>PT0H0M0S"
                "</ActualDuration><RemainingDuration>PT8H0M0S</RemainingDuration><PredecessorLink><PredecessorUID>1"
                f"</PredecessorUID><Type>{link}</Type></PredecessorLink></Task>")
    portfolio, diagnostics = parse_mspdi(_plan(EARLY + follower), "plan.xml")
    result = schedule(portfolio)
    assert (dt.date(2024, 1, 3), start, ()) == (result["t1"].start, result["t2"].start, diagnostics)
