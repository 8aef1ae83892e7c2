"""Primavera P6 XER import: WBS, activities, relationships, calendars, constraints and actuals.

`load_xer` reads a file exported by P6 (File > Export > Primavera PM
(XER)) into a [`Portfolio`][portfolio.model.Portfolio], like the YAML and MS
Project readers (``docs/interop.md`` gives the full mapping):

- the first project of the file (``PROJECT``) gives the portfolio's name, its
  start (``plan_start_date``), default calendar, critical float
  (``critical_drtn_hr_cnt``) and, from ``last_recalc_date`` (the data date),
  the status date: the last day before the data date;
- the WBS (``PROJWBS``) below the project node becomes services (first level)
  and migrations (second level; deeper levels belong to their level-2
  ancestor);
- every activity (``TASK``) becomes an [`Activity`][portfolio.model.Activity] with
  the id of its activity code (``A1000`` becomes ``a1000``); durations and lags
  in hours become working days of the calendar's ``day_hr_cnt`` hours;
- relationships (``TASKPRED``) keep their type and lag; with P6's option
  "calendar for scheduling relationship lag" set to 24 hours, lags are elapsed
  days;
- calendars (``CALENDAR``) become [`CalendarSpec`][portfolio.model.CalendarSpec] with
  base ``none`` (P6 calendars hold their own holidays as exceptions);
- actual dates and remaining durations become one status update.

What the scheduler does not model is imported without it and named in an
``xer-unsupported`` warning at the row that uses it. Nothing raises on bad
data: every problem is a diagnostic with the file, line and column.

Examples:
    >>> from pathlib import Path
    >>> [d.code for d in load_xer(Path("no/such/plan.xer")).diagnostics]
    ['io-error']
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from portfolio.diagnostics import Diagnostic, LoadResult
from portfolio.io._files import read_bounded
from portfolio.io.p6._reader import P6Reader
from portfolio.io.p6._text import decode, read_tables
from portfolio.model import Portfolio

__all__ = ["MAX_BYTES", "load_xer", "parse_xer"]

MAX_BYTES: Final = 512 * 1024 * 1024
"""Larger files are refused (a P6 export of 100,000 activities is about 60 MB)."""


def load_xer(path: Path) -> LoadResult:
    """Read an XER file into a portfolio; problems become diagnostics, never exceptions.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     plan = Path(tmp, "plan.xer")
        ...     _ = plan.write_text("<Project/>")
        ...     [str(d.source) for d in load_xer(plan).diagnostics]
        ['...plan.xer:1:1']
    """
    data = read_bounded(path, MAX_BYTES, str(path))  # regular files only, never beyond the limit
    if isinstance(data, Diagnostic):
        return _failed(data)
    return parse_xer(data, str(path))


def parse_xer(data: bytes, filename: str = "<xer>") -> LoadResult:
    """Parse XER held in memory (see `load_xer`).

    Examples:
        >>> xer = '''ERMHDR\\t8.2
        ... %T\\tPROJECT
        ... %F\\tproj_id\\tproj_short_name\\tclndr_id\\tplan_start_date\\tlast_recalc_date
        ... %R\\t1\\tDEMO\\t9\\t2024-01-08 08:00\\t2024-01-08 08:00
        ... %T\\tCALENDAR
        ... %F\\tclndr_id\\tclndr_name\\tday_hr_cnt\\tclndr_data
        ... %R\\t9\\tStandard\\t8\\t
        ... %T\\tTASK
        ... %F\\ttask_id\\tproj_id\\twbs_id\\tclndr_id\\ttask_type\\ttask_code\\ttask_name\\ttarget_drtn_hr_cnt
        ... %R\\t10\\t1\\t\\t9\\tTT_Task\\tA1000\\tBuild\\t40
        ... %R\\t11\\t1\\t\\t9\\tTT_FinMile\\tA1010\\tGo-live\\t0
        ... %T\\tTASKPRED
        ... %F\\ttask_id\\tpred_task_id\\tpred_type\\tlag_hr_cnt
        ... %R\\t11\\t10\\tPR_FS\\t0
        ... %E
        ... '''
        >>> portfolio, diagnostics = parse_xer(xer.encode())
        >>> [(a.id, a.name, a.duration.days) for a in portfolio.activities.values()]
        [('a1000', 'Build', 5), ('a1010', 'Go-live', 0)]
        >>> portfolio.relations[0].predecessor, portfolio.settings.start, diagnostics
        ('a1000', datetime.date(2024, 1, 8), ())
    """
    tables, problems = read_tables(decode(data), filename)
    if any(p.code == "xer-syntax" and p.source is not None and p.source.line == 1 for p in problems):
        return LoadResult(Portfolio(), tuple(problems))
    portfolio, found = P6Reader(tables, filename).read()
    return LoadResult(portfolio, (*problems, *found))


def _failed(problem: Diagnostic) -> LoadResult:
    return LoadResult(Portfolio(), (problem,))

