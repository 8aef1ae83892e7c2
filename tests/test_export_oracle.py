"""The MSPDI export opens in MPXJ, and MPXJ's MicrosoftScheduler gives it our dates (the oracle job).

Optional, like tests/test_mspdi_oracle.py: needs the ``oracle`` extra (mpxj, jpype1) and a Java runtime,
and is skipped without them. Random portfolios (tests/export_strategies.py) are exported; MPXJ's
UniversalProjectReader reads the file and its MicrosoftScheduler schedules it from the project start.
Per activity, in working time: early and late start and finish, total float, the critical flag.

Compared in working time as ``shared/reference/README.md`` explains: 08:00 is the boundary before the
day, 17:00 the boundary after it. A milestone is one boundary shown as a day; MS Project shows a
milestone at the start of a day (08:00) or the end of the day before (17:00), and the schedule here
shows it on either day, so a milestone's boundary is checked to be one of the two its day has.

Left out, where MPXJ's scheduler or MS Project's options differ from the engine (docs/interop.md says
each): portfolios where MPXJ starts an activity before the project start (an SF or FF relation pulling a
successor back: MS Project and the engine keep it at the start); SNLT, FNLT, MSO and MFO constraints
(MPXJ's scheduler always honours constraint dates over links; the engine holds MSO and MFO, and lets
logic push past SNLT and FNLT with negative float); progress (MPXJ's scheduler does not reschedule
remaining work after the status date; MS Project does so only on *Update Project*); manual tasks
(MS Project's own rules for their late dates); elapsed durations and several calendars (MS Project
counts lags on the project calendar and elapsed time by the hour).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings

from export_strategies import portfolios
from mpxj_jvm import READER_AND_SCHEDULER, classes
from portfolio.calendar import Calendar, resolve
from portfolio.io import load
from portfolio.io.export import to_mspdi, to_xer
from portfolio.model import ConstraintType, Portfolio
from portfolio.scheduling import schedule


@pytest.fixture(scope="module")
def mpxj() -> Any:
    """MPXJ's reader and scheduler in a running JVM; skips without Java, jpype1 or mpxj."""
    found = classes(READER_AND_SCHEDULER)
    return {"reader": found["reader"], "scheduler": found["scheduler"], "days": found["TimeUnit"].DAYS}


def by_mpxj(mpxj: Any, path: Path) -> dict[int, tuple[Any, ...]]:
    """Per task UID: MPXJ's early/late start and finish (timestamps), total slack (days), critical."""
    project = mpxj["reader"]().read(str(path))
    props = project.getProjectProperties()
    mpxj["scheduler"]().schedule(project, props.getStartDate())
    found = {}
    for task in project.getTasks():
        uid = int(task.getUniqueID())
        if uid == 0 or task.getSummary():
            continue
        stamps = [dt.datetime.fromisoformat(str(v)) for v in (
            task.getEarlyStart(), task.getEarlyFinish(), task.getLateStart(), task.getLateFinish())]
        slack = float(task.getTotalSlack().convertUnits(mpxj["days"], props).getDuration())
        found[uid] = (*stamps, slack, bool(task.getCritical()))
    return found


def boundary(cal: Calendar, moment: dt.datetime) -> int:
    return cal.index(moment.date()) if moment.time() <= dt.time(8, 0) else cal.finish_index(moment.date())


def disagreements(mpxj: Any, portfolio: Portfolio, tmp: Path) -> list[tuple[str, tuple[Any, ...], tuple[Any, ...]]]:
    """The activities whose figures differ, as (id, ours, MPXJ's), in working time."""
    path = tmp / "export.xml"
    path.write_bytes(to_mspdi(portfolio))
    theirs = by_mpxj(mpxj, path)
    start = portfolio.settings.start
    assert start is not None
    assume(all(figures[0].date() >= start for figures in theirs.values()))  # MPXJ before the start: left out
    ours = schedule(portfolio)
    found = []
    for k, ident in enumerate(portfolio.activities, start=1):
        activity, row = portfolio.activities[ident], ours[ident]
        cal = resolve(activity.calendar or portfolio.settings.calendar, portfolio.calendars)
        *stamps, slack, critical = theirs[k]
        bounds = [boundary(cal, m) for m in stamps]
        days = (row.early_start, row.early_finish, row.late_start, row.late_finish)
        if row.milestone:  # one boundary, shown on the day before or after it
            mine: list[Any] = [b if b in (cal.index(d), cal.finish_index(d)) else (d, "not", b)
                               for b, d in zip(bounds, days, strict=True)]
        else:
            mine = [cal.index(days[0]), cal.finish_index(days[1]), cal.index(days[2]), cal.finish_index(days[3])]
        if (*mine, row.total_float, row.critical) != (*bounds, slack, critical):
            found.append((ident, (*mine, row.total_float, row.critical), (*bounds, slack, critical)))
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(portfolio=portfolios(progress=False, manual=False, calendars_=False, elapsed=False,
                            constraints=(ConstraintType.SNET, ConstraintType.FNET)))
def test_mpxj_schedules_the_export_as_we_do(mpxj: Any, tmp_path: Path, portfolio: Portfolio) -> None:
    """Relations of every type with lags and leads, constraints, deadlines, manual tasks, baselines,
    summary tasks: MPXJ reads the file and its MicrosoftScheduler agrees on every activity."""
    assert [] == disagreements(mpxj, portfolio, tmp_path)


def test_mpxj_reads_the_xer_export(mpxj: Any, tmp_path: Path) -> None:
    """MPXJ's UniversalProjectReader opens the P6 export: every activity with its planned duration
    (target_drtn_hr_cnt), every relation."""
    portfolio = load("examples/logius").portfolio
    path = tmp_path / "export.xer"
    path.write_bytes(to_xer(portfolio))
    project = mpxj["reader"]().read(str(path))
    assert project is not None
    props = project.getProjectProperties()
    tasks = {str(t.getActivityID()): t for t in project.getTasks() if t.getActivityID() is not None
             and not t.getSummary()}
    assert set(tasks) == set(portfolio.activities)
    for ident, activity in portfolio.activities.items():
        days = float(tasks[ident].getPlannedDuration().convertUnits(mpxj["days"], props).getDuration())
        assert (ident, days) == (ident, activity.duration.days)
    links = sum(len(list(t.getPredecessors())) for t in tasks.values())
    assert links == len(portfolio.relations)
