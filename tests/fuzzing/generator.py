"""A valid MS Project XML (MSPDI) plan, generated from a seed: the MSPDI seed file of the fuzzer.

Self-generated rather than copied from MPXJ's test data, so the suite needs
no third-party file. The plan uses what :mod:`portfolio.io.mspdi` reads:
two calendars (one derived, with working exceptions and holidays), a
summary task, tasks and milestones, the four link types with lags, a
constraint, a deadline, progress before the status date, baseline 0 and
an unassigned resource assignment.

>>> from portfolio.io.mspdi import parse_mspdi
>>> portfolio, diagnostics = parse_mspdi(mspdi_plan(1), "plan.xml")
>>> len(portfolio.activities) >= 12, [d.code for d in diagnostics if d.severity == "error"]
(True, [])
"""

from __future__ import annotations

import datetime as dt
import random
from xml.sax.saxutils import escape

__all__ = ["STATUS_DATE", "mspdi_plan"]

START = dt.date(2024, 1, 8)  # a Monday
#: The status date of every generated plan (its report period is this month).
STATUS_DATE = dt.date(2024, 3, 1)


def _stamp(day: dt.date, hour: int = 8) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00"


def _calendars() -> str:
    holiday = dt.date(2024, 4, 1)
    return f"""  <Calendars>
    <Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>
      <WeekDays>
        <WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
        <WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>
      </WeekDays>
      <Exceptions>
        <Exception><Occurrences>1</Occurrences><Name>Paasmaandag</Name><Type>1</Type><DayWorking>0</DayWorking>
          <TimePeriod><FromDate>{_stamp(holiday, 0)}</FromDate><ToDate>{_stamp(holiday, 23)}</ToDate></TimePeriod>
        </Exception>
      </Exceptions>
    </Calendar>
    <Calendar><UID>2</UID><Name>Zaterdag werkt</Name><IsBaseCalendar>0</IsBaseCalendar>
      <BaseCalendarUID>1</BaseCalendarUID>
      <WeekDays><WeekDay><DayType>7</DayType><DayWorking>1</DayWorking></WeekDay></WeekDays>
    </Calendar>
  </Calendars>
"""


def _task(rng: random.Random, uid: int, earlier: list[int]) -> str:
    days = 0 if uid % 5 == 0 else rng.randint(1, 15)
    parts = [f"<UID>{uid}</UID>", f"<ID>{uid}</ID>", f"<Name>Taak {uid}</Name>",
             f"<Duration>PT{days * 8}H0M0S</Duration>", "<DurationFormat>7</DurationFormat>",
             f"<Milestone>{int(days == 0)}</Milestone>"]
    if uid == 3:
        parts.append("<CalendarUID>2</CalendarUID>")
    if uid == 4:
        parts += ["<ConstraintType>4</ConstraintType>",
                  f"<ConstraintDate>{_stamp(START + dt.timedelta(14))}</ConstraintDate>"]
    if uid == 6:
        parts.append(f"<Deadline>{_stamp(dt.date(2024, 9, 30), 17)}</Deadline>")
    if uid <= 2:  # the first tasks are under way or done by the status date
        parts.append(f"<ActualStart>{_stamp(START)}</ActualStart>")
        if uid == 1:
            parts.append(f"<ActualFinish>{_stamp(START + dt.timedelta(days=2), 17)}</ActualFinish>")
        else:
            parts.append(f"<RemainingDuration>PT{days * 4}H0M0S</RemainingDuration>")
    baseline_start = START + dt.timedelta(days=2 * uid)
    parts.append(f"<Baseline><Number>0</Number><Start>{_stamp(baseline_start)}</Start>"
                 f"<Duration>PT{days * 8}H0M0S</Duration></Baseline>")
    for predecessor in sorted(rng.sample(earlier, min(len(earlier), rng.randint(1, 2)))) if earlier else ():
        kind = rng.choice((1, 1, 1, 0, 3, 2)) if uid != 7 else 1
        lag = rng.choice((0, 0, 0, 4800, -4800))  # tenths of a minute: 4800 is one day of 480 minutes
        parts.append(f"<PredecessorLink><PredecessorUID>{predecessor}</PredecessorUID><Type>{kind}</Type>"
                     f"<CrossProject>0</CrossProject><LinkLag>{lag}</LinkLag><LagFormat>7</LagFormat>"
                     "</PredecessorLink>")
    return "    <Task>" + "".join(parts) + "</Task>\n"


def mspdi_plan(seed: int = 1, tasks: int = 16) -> bytes:
    """A valid MSPDI plan of ``tasks`` tasks (at least 8) after a summary task, the same for the same seed."""
    rng = random.Random(seed)
    tasks = max(tasks, 8)
    body = [_task(rng, uid, list(range(max(1, uid - 4), uid))) for uid in range(1, tasks + 1)]
    title = escape(f"Gegenereerd plan {seed}")
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <SaveVersion>14</SaveVersion>
  <Title>{title}</Title>
  <ScheduleFromStart>1</ScheduleFromStart>
  <StartDate>{_stamp(START)}</StartDate>
  <StatusDate>{_stamp(STATUS_DATE, 17)}</StatusDate>
  <CalendarUID>1</CalendarUID>
  <MinutesPerDay>480</MinutesPerDay>
  <CriticalSlackLimit>0</CriticalSlackLimit>
{_calendars()}  <Tasks>
    <Task><UID>0</UID><ID>0</ID><Name>{title}</Name><Summary>1</Summary></Task>
{"".join(body)}  </Tasks>
  <Assignments>
    <Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>-65535</ResourceUID></Assignment>
  </Assignments>
</Project>
""".encode()
