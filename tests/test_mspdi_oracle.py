"""MS Project semantics against MPXJ's MicrosoftScheduler: random plans written as MSPDI, read by both.

Optional, like tests/test_mpxj_oracle.py (the ``oracle`` extra and a Java runtime; skipped without them).
A Hypothesis generator writes MSPDI files with the features issue 14 is about: manually scheduled tasks
on typed dates, SNET constraints before the project start, recurring calendar exceptions (weekly, monthly
relative, yearly) and finished work without a StatusDate (CurrentDate years later). Our importer and
scheduler, and MPXJ's reader and MicrosoftScheduler, read the same bytes; per task, compared in working
time: early and late start and finish, total and free slack, the critical flag. A task our importer
names in an ``mspdi-unsupported`` warning is left out of the comparison (the warning is the answer).

The generator computes the working days it writes (a manual task's typed finish, an actual finish)
with :mod:`dateutil.rrule`, not with the code under test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from dateutil import rrule
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mpxj_jvm import READER_AND_SCHEDULER, classes
from portfolio.calendar import Calendar
from portfolio.io.mspdi import parse_mspdi
from portfolio.scheduling import schedule

START = dt.date(2024, 1, 8)  # a Monday
DAY = ("<WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>"
       "<WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes>")
#: Recurring exceptions: the MSPDI fields, and the same rule for dateutil (which lists the closed days).
EXCEPTIONS = {
    "fortnightly Wednesday": ("<Type>6</Type><Period>2</Period><DaysOfWeek>8</DaysOfWeek>",
                              {"freq": rrule.WEEKLY, "interval": 2, "byweekday": rrule.WE}),
    "first Friday": ("<Type>5</Type><Period>1</Period><MonthItem>8</MonthItem><MonthPosition>0</MonthPosition>",
                     {"freq": rrule.MONTHLY, "byweekday": rrule.FR(1)}),
    "10 January": ("<Type>2</Type><Month>0</Month><MonthDay>10</MonthDay>",
                   {"freq": rrule.YEARLY, "bymonth": 1, "bymonthday": 10}),
}


@pytest.fixture(scope="module")
def mpxj() -> Any:
    """MPXJ's reader and scheduler in a running JVM; skips without Java, jpype1 or mpxj."""
    found = classes(READER_AND_SCHEDULER)
    return {"reader": found["reader"], "scheduler": found["scheduler"], "days": found["TimeUnit"].DAYS}


class Plan:
    """A random plan's working days (weekdays less the recurring exceptions' days) and its MSPDI text."""

    def __init__(self, exceptions: list[tuple[str, dt.date, int]]) -> None:
        self.closed: set[dt.date] = set()
        self.xml: list[str] = []
        for name, first, count in exceptions:
            fields, rule = EXCEPTIONS[name]
            days = [d.date() for d in rrule.rrule(dtstart=first, count=count, **rule)]  # type: ignore[arg-type]
            self.closed.update(days)
            self.xml.append(
                f"<Exception><EnteredByOccurrences>1</EnteredByOccurrences><TimePeriod><FromDate>{days[0]}T00:00:00"
                f"</FromDate><ToDate>{days[-1]}T23:59:00</ToDate></TimePeriod><Occurrences>{count}</Occurrences>"
                f"<Name>{name}</Name>{fields}<DayWorking>0</DayWorking></Exception>")

    def working(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.closed

    def shift(self, day: dt.date, days: int) -> dt.date:
        """The working day ``days`` working days after (before, if negative) the working day on or after ``day``."""
        while not self.working(day):
            day += dt.timedelta(days=1)
        step = 1 if days >= 0 else -1
        for _ in range(abs(days)):
            day += dt.timedelta(days=step)
            while not self.working(day):
                day += dt.timedelta(days=step)
        return day


@st.composite
def plans(draw: st.DrawFn) -> tuple[str, Plan]:
    """An MSPDI document: up to 12 tasks, FS/SS links, manual tasks, early SNETs, work finished or in progress
    (no StatusDate), recurring exceptions."""
    exceptions = draw(st.lists(st.tuples(st.sampled_from(sorted(EXCEPTIONS)),
                                         st.dates(dt.date(2023, 12, 1), dt.date(2024, 2, 15)),
                                         st.integers(1, 6)), max_size=3, unique_by=lambda e: e[0]))
    plan = Plan(exceptions)
    n = draw(st.integers(1, 12))
    tasks = []
    for uid in range(1, n + 1):
        days = draw(st.integers(1, 5))
        kind = draw(st.sampled_from(["auto", "auto", "manual", "early", "done", "started"]))
        done = draw(st.integers(1, days - 1)) if kind == "started" and days > 1 else 0
        kind = "done" if kind == "started" and not done else kind
        preds = sorted(draw(st.sets(st.integers(1, uid - 1), max_size=2))) if uid > 1 and kind == "auto" else []
        links = "".join(f"<PredecessorLink><PredecessorUID>{p}</PredecessorUID><Type>{draw(st.sampled_from([1, 3]))}"
                        f"</Type><LinkLag>{4800 * draw(st.integers(0, 2))}</LinkLag><LagFormat>7</LagFormat>"
                        "</PredecessorLink>" for p in preds)
        first = plan.shift(START, draw(st.integers(-15, 10)) if kind in ("early", "done", "started")
                           else draw(st.integers(0, 8)))
        last = plan.shift(first, days - 1)
        extra = {
            "auto": "",
            "manual": f"<Manual>1</Manual><Start>{first}T08:00:00</Start><Finish>{last}T17:00:00</Finish>"
                      "<DurationText></DurationText>",
            "early": f"<ConstraintType>4</ConstraintType><ConstraintDate>{first}T08:00:00</ConstraintDate>",
            "done": f"<ActualStart>{first}T08:00:00</ActualStart><ActualFinish>{last}T17:00:00</ActualFinish>"
                    f"<Start>{first}T08:00:00</Start><Finish>{last}T17:00:00</Finish>"
                    f"<PercentComplete>100</PercentComplete><ActualDuration>PT{8 * days}H0M0S</ActualDuration>"
                    "<RemainingDuration>PT0H0M0S</RemainingDuration>",
            "started": f"<ActualStart>{first}T08:00:00</ActualStart><Start>{first}T08:00:00</Start>"
                       f"<Finish>{last}T17:00:00</Finish><Resume>{plan.shift(first, done)}T08:00:00</Resume>"
                       f"<PercentComplete>{100 * done // days}</PercentComplete><ActualDuration>PT{8 * done}H0M0S"
                       f"</ActualDuration><RemainingDuration>PT{8 * (days - done)}H0M0S</RemainingDuration>",
        }[kind]
        if kind not in ("done", "started"):
            extra += (f"<ActualDuration>PT0H0M0S</ActualDuration><RemainingDuration>PT{8 * days}H0M0S"
                      "</RemainingDuration>")
        tasks.append(f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>T{uid}</Name><Duration>PT{8 * days}H0M0S"
                     f"</Duration><DurationFormat>7</DurationFormat>{extra}{links}</Task>")
    week = "".join(f"<WeekDay><DayType>{d}</DayType><DayWorking>1</DayWorking>{DAY}</WeekDay>" for d in range(2, 7))
    week += "".join(f"<WeekDay><DayType>{d}</DayType><DayWorking>0</DayWorking></WeekDay>" for d in (1, 7))
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Project xmlns="http://schemas.microsoft.com/project"><Name>oracle</Name>'
           f"<StartDate>{START}T08:00:00</StartDate><CurrentDate>2030-03-18T08:00:00</CurrentDate>"
           "<ScheduleFromStart>1</ScheduleFromStart><CalendarUID>1</CalendarUID><MinutesPerDay>480</MinutesPerDay>"
           "<MinutesPerWeek>2400</MinutesPerWeek><DaysPerMonth>20</DaysPerMonth><CriticalSlackLimit>0"
           "</CriticalSlackLimit><Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1"
           f"</IsBaseCalendar><BaseCalendarUID>-1</BaseCalendarUID><WeekDays>{week}</WeekDays>"
           f"<Exceptions>{''.join(plan.xml)}</Exceptions></Calendar></Calendars>"
           f"<Tasks>{''.join(tasks)}</Tasks></Project>\n")
    return xml, plan


def by_mpxj(mpxj: Any, path: Path) -> dict[str, tuple[Any, ...]]:
    """MPXJ's early/late start and finish (timestamps), total and free slack (days), critical, per task."""
    project = mpxj["reader"]().read(str(path))
    start = project.getProjectProperties().getStartDate()
    mpxj["scheduler"]().schedule(project, start)
    props = project.getProjectProperties()
    found = {}
    for task in project.getTasks():
        uid = int(task.getUniqueID())
        if uid == 0 or task.getSummary():
            continue
        stamps = [dt.datetime.fromisoformat(str(v)) for v in (
            task.getEarlyStart(), task.getEarlyFinish(), task.getLateStart(), task.getLateFinish())]
        slack = [float(v.convertUnits(mpxj["days"], props).getDuration()) for v in (
            task.getTotalSlack(), task.getFreeSlack())]
        found[f"t{uid}"] = (*stamps, *slack, bool(task.getCritical()))
    return found


def disagreements(mpxj: Any, xml: str, tmp: Path) -> list[tuple[str, tuple[Any, ...], tuple[Any, ...]]]:
    """The tasks (not warned about) whose figures differ, as (task, MPXJ's, ours), in working time."""
    path = tmp / "plan.xml"
    path.write_text(xml, encoding="utf-8")
    portfolio, diagnostics = parse_mspdi(xml.encode(), str(path))
    assert {"mspdi-unsupported"} >= {d.code for d in diagnostics}
    warned = {d.subject for d in diagnostics}
    result = schedule(portfolio)
    assert () == result.diagnostics
    cal = Calendar.make("oracle", closed=portfolio.calendars["standard"].closed)

    def boundary(moment: dt.datetime) -> int:
        return cal.index(moment.date()) if moment.time() <= dt.time(8, 0) else cal.finish_index(moment.date())

    found = []
    for ident, (es, ef, ls, lf, total, free, critical) in sorted(by_mpxj(mpxj, path).items()):
        if ident in warned:
            continue
        ours = result[ident]
        theirs = (boundary(es), boundary(ef), boundary(ls), boundary(lf), total, min(free, total), critical)
        got = (cal.index(ours.early_start), cal.finish_index(ours.early_finish), cal.index(ours.late_start),
               cal.finish_index(ours.late_finish), ours.total_float, ours.free_float, ours.critical)
        if theirs != got:
            found.append((ident, theirs, got))
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(generated=plans())
def test_generated_plans_agree_with_mpxj(mpxj: Any, tmp_path: Path, generated: tuple[str, Plan]) -> None:
    """Manual tasks, early SNETs, recurring exceptions and finished work without a StatusDate: every task
    our importer does not warn about has MPXJ's dates, slack and critical flag."""
    xml, _plan = generated
    assert [] == disagreements(mpxj, xml, tmp_path)
