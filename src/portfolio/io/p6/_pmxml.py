"""P6 XML elements as XER tables: the renaming that lets XER and P6 XML share one builder.

P6 XML (``APIBusinessObjects``, P6's *File > Export > Primavera PM (XML)*) holds the same records as an
XER file, as elements: ``Project`` (with its ``ScheduleOptions``, ``WBS``, ``Activity`` and
``Relationship`` elements, and its own ``Calendar`` elements) and global ``Calendar`` elements. Each record
becomes a [`Row`][portfolio.io.p6._text.Row] under its XER table and field names, each value keeping the
line and column of its element, and each enumerated value in XER's code (``Finish to Start`` is ``PR_FS``);
dates and hours keep their text (``2024-01-08T08:00:00`` is written ``2024-01-08 08:00:00``), so the builder
checks them as it checks XER's. Calendars are XML here, not XER's ``clndr_data`` text: they become
[`CalendarTimes`][portfolio.io.p6._calendar.CalendarTimes] directly.

Examples:
    >>> from portfolio.io._xml import parse_xml
    >>> root = parse_xml(b'''<APIBusinessObjects><Project><ObjectId>1</ObjectId><Id>P</Id>
    ... <Activity><ObjectId>7</ObjectId><Id>A1</Id><Type>Finish Milestone</Type><PlannedDuration>0</PlannedDuration>
    ... </Activity></Project></APIBusinessObjects>''', "p.xml")
    >>> tables, times, problems = pmxml_tables(root, "p.xml")
    >>> row = tables["TASK"].rows[0]
    >>> row["task_type"], row["proj_id"], str(row.at("task_code")), row.name("task_code"), problems
    ('TT_FinMile', '1', 'p.xml:2:33', 'Id', [])
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from typing import Final

from portfolio.diagnostics import Diagnostic, diagnostic
from portfolio.io._xml import place
from portfolio.io.p6._calendar import CalendarTimes, clock, work_period
from portfolio.io.p6._text import Row, Table

__all__ = ["HINT", "pmxml_tables"]

HINT: Final = "export the project from P6 again (File > Export > Primavera PM (XML)); do not edit the file by hand"

Field = str | tuple[str, Mapping[str, str]]
"""A field is an element's name, or an element's name and the XER codes of its values."""

_FLAG: Final = {"1": "Y", "0": "N", "true": "Y", "false": "N"}
_PROJECT: Final[Mapping[str, Field]] = {
    "proj_id": "ObjectId", "proj_short_name": "Id", "clndr_id": "ActivityDefaultCalendarObjectId",
    "plan_start_date": "PlannedStartDate", "last_recalc_date": "DataDate",
    "critical_drtn_hr_cnt": "CriticalActivityFloatLimit",
    "critical_path_type": ("CriticalActivityPathType", {"Critical Float": "CT_TotFloat", "Longest Path": "CT_DrivPath"}),
    "plan_end_date": "MustFinishByDate", "scd_end_date": "ScheduledFinishDate"}
_LAG_CALENDARS: Final = {"Predecessor Activity Calendar": "rcal_Predecessor", "Successor Activity Calendar":
                         "rcal_Successor", "24 Hour Calendar": "rcal_24Hour", "Project Default Calendar": "rcal_Project"}
_OPTIONS: Final[Mapping[str, Field]] = {
    "sched_retained_logic": ("OutOfSequenceScheduleType", {"Retained Logic": "Y", "Progress Override": "N",
                                                           "Actual Dates": "N"}),
    "sched_progress_override": ("OutOfSequenceScheduleType", {"Retained Logic": "N", "Progress Override": "Y",
                                                              "Actual Dates": "N"}),
    "sched_lag_early_start_flag": ("StartToStartLagCalculationType", {"1": "Y", "0": "N", "Early Start": "Y",
                                                                      "Actual Start": "N"}),
    "sched_calendar_on_relationship_lag": ("RelationshipLagCalendar", _LAG_CALENDARS),
    "sched_open_critical_flag": ("MakeOpenEndedActivitiesCritical", _FLAG),
    "sched_use_expect_end_flag": ("UseExpectedFinishDates", _FLAG)}
_CALENDAR: Final[Mapping[str, Field]] = {
    "clndr_id": "ObjectId", "clndr_name": "Name", "day_hr_cnt": "HoursPerDay", "base_clndr_id": "BaseCalendarObjectId",
    "default_flag": ("IsDefault", _FLAG), "proj_id": "ProjectObjectId"}
_WBS: Final[Mapping[str, Field]] = {"wbs_id": "ObjectId", "parent_wbs_id": "ParentObjectId", "wbs_short_name": "Code",
                                    "wbs_name": "Name", "proj_id": "ProjectObjectId"}
_TASK: Final[Mapping[str, Field]] = {
    "task_id": "ObjectId", "proj_id": "ProjectObjectId", "wbs_id": "WBSObjectId", "clndr_id": "CalendarObjectId",
    "task_type": ("Type", {"Task Dependent": "TT_Task", "Resource Dependent": "TT_Rsrc", "Level of Effort": "TT_LOE",
                           "Start Milestone": "TT_Mile", "Finish Milestone": "TT_FinMile", "WBS Summary": "TT_WBS"}),
    "status_code": ("Status", {"Not Started": "TK_NotStart", "In Progress": "TK_Active", "Completed": "TK_Complete"}),
    "task_code": "Id", "task_name": "Name", "target_drtn_hr_cnt": "PlannedDuration",
    "remain_drtn_hr_cnt": "RemainingDuration", "act_start_date": "ActualStartDate", "act_end_date": "ActualFinishDate",
    "cstr_type": ("PrimaryConstraintType", {}), "cstr_date": "PrimaryConstraintDate",
    "cstr_type2": ("SecondaryConstraintType", {}), "cstr_date2": "SecondaryConstraintDate",
    "early_start_date": "EarlyStartDate", "early_end_date": "EarlyFinishDate", "late_start_date": "LateStartDate",
    "late_end_date": "LateFinishDate", "total_float_hr_cnt": "TotalFloat", "suspend_date": "SuspendDate",
    "resume_date": "ResumeDate", "expect_end_date": "ExpectedFinishDate"}
"""Activity types, statuses, constraints and relationship types: unknown ones keep their text, which the builder reports as
it reports an unknown XER code.
"""
_CONSTRAINTS: Final = {"Start On": "CS_MSO", "Start On or Before": "CS_MSOB", "Start On or After": "CS_MSOA",
                       "Finish On": "CS_MEO", "Finish On or Before": "CS_MEOB", "Finish On or After": "CS_MEOA",
                       "As Late As Possible": "CS_ALAP", "Mandatory Start": "CS_MANDSTART",
                       "Mandatory Finish": "CS_MANDFIN", "As Soon As Possible": "CS_ASAP"}
_PRED: Final[Mapping[str, Field]] = {
    "task_id": "SuccessorActivityObjectId", "pred_task_id": "PredecessorActivityObjectId",
    "pred_type": ("Type", {"Finish to Start": "PR_FS", "Start to Start": "PR_SS", "Finish to Finish": "PR_FF",
                           "Start to Finish": "PR_SF"}),
    "lag_hr_cnt": "Lag"}
_NEEDED: Final = {"Project": ("ObjectId",), "Calendar": ("ObjectId",), "Activity": ("ObjectId", "PlannedDuration"),
                  "Relationship": ("PredecessorActivityObjectId", "SuccessorActivityObjectId")}
"""What a record cannot do without: without it the record is left out (or, for a duration, 0 is used)."""
_WEEKDAYS: Final = {name: number for number, name in enumerate(
    ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"))}
_DATES: Final = frozenset({"plan_start_date", "last_recalc_date", "plan_end_date", "scd_end_date", "act_start_date",
                           "act_end_date", "cstr_date", "cstr_date2", "early_start_date", "early_end_date",
                           "late_start_date", "late_end_date", "suspend_date", "resume_date", "expect_end_date"})


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in element if _local(child.tag) == name)


def _text(element: ET.Element, name: str) -> str:
    child = next(_children(element, name), None)
    return (child.text or "").strip() if child is not None else ""


class _Tables:
    """Collects the rows of each table, the calendars' times and the problems found on the way."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.tables: dict[str, Table] = {}
        self.times: dict[str, CalendarTimes] = {}
        self.problems: list[Diagnostic] = []
        self.reported: set[int] = set()  # elements already reported (one value can feed two fields)

    def problem(self, code: str, message: str, element: ET.Element | None) -> None:
        self.problems.append(diagnostic(f"p6xml-{code}", message, source=place(self.filename, element), hint=HINT))

    def row(self, table: str, element: ET.Element, fields: Mapping[str, Field],
            extra: Mapping[str, str] | None = None) -> Row | None:
        """Add ``element`` as a row of ``table`` (None when it lacks what it cannot do without)."""
        kind = _local(element.tag)
        missing = [n for n in _NEEDED.get(kind, ()) if not _text(element, n)]
        if missing:
            dropped = "0 is used" if missing == ["PlannedDuration"] else "it is left out"
            self.problem("missing", f"a <{kind}> without <{'>, <'.join(missing)}>; {dropped}", element)
            if missing != ["PlannedDuration"]:
                return None
        values, columns, lines, names = dict(extra or {}), {}, {}, {}
        for field, spec in fields.items():
            name, codes = (spec, None) if isinstance(spec, str) else spec
            names[field] = name
            child = next(_children(element, name), None)
            if child is None:
                continue
            text = (child.text or "").strip()
            if codes is not None:
                text = self._code(field, name, text, codes, child)
            elif field in _DATES:
                text = text.replace("T", " ", 1)
            if text or field not in values:
                values[field] = text
            lines[field], columns[field] = getattr(child, "line", 0), getattr(child, "column", 0)
        held = (*fields, *(extra or {}), *(("clndr_data",) if table == "CALENDAR" else ()))  # times come apart
        found = self.tables.setdefault(table, Table(table, getattr(element, "line", 0), tuple(dict.fromkeys(held))))
        row = Row(values, self.filename, getattr(element, "line", 0), columns, lines=lines,
                  column=getattr(element, "column", 0), names=names)
        found.rows.append(row)
        return row

    def _code(self, field: str, name: str, text: str, codes: Mapping[str, str], child: ET.Element) -> str:
        if field.startswith("cstr_type"):
            return _CONSTRAINTS.get(text, text)
        if not text or text in codes or field in ("task_type", "pred_type"):
            return codes.get(text, text)  # an unknown type keeps its text: the builder reports it
        if id(child) in self.reported:
            return ""
        self.reported.add(id(child))
        self.problem("bad-value", f"<{name}> {text[:30]!r} is not one of P6's values ({', '.join(codes)}); it "
                     "is ignored", child)
        return ""


def pmxml_tables(root: ET.Element, filename: str
                 ) -> tuple[dict[str, Table], dict[str, CalendarTimes], list[Diagnostic]]:
    """The XER tables of a P6 XML document, its calendars' times, and the problems found.

    Args:
        root: The ``APIBusinessObjects`` element.
        filename: The file's name as messages give it.

    Returns:
        The tables by XER name, each calendar's times by its ``ObjectId``, and located diagnostics.
    """
    into = _Tables(filename)
    projects = list(_children(root, "Project"))
    for element in (*_children(root, "Calendar"), *(c for p in projects for c in _children(p, "Calendar"))):
        _calendar(into, element)
    for project in projects:
        row = into.row("PROJECT", project, _PROJECT)
        if row is None:
            continue
        ident = row["proj_id"]
        for options in _children(project, "ScheduleOptions"):
            lag = _text(project, "RelationshipLagCalendar")
            into.row("SCHEDOPTIONS", options, _OPTIONS, {"proj_id": ident, "sched_calendar_on_relationship_lag":
                                                         _LAG_CALENDARS.get(lag, "")})
        _wbs(into, project, ident)
        for activity in _children(project, "Activity"):
            into.row("TASK", activity, _TASK, {"proj_id": ident})
        for relationship in _children(project, "Relationship"):
            into.row("TASKPRED", relationship, _PRED)
    for relationship in _children(root, "Relationship"):
        into.row("TASKPRED", relationship, _PRED)
    return into.tables, into.times, into.problems


def _wbs(into: _Tables, project: ET.Element, ident: str) -> None:
    """The project's WBS; the node that stands for the project itself (a top node with its code or name) is
    marked as XER marks it (``proj_node_flag``)."""
    elements = list(_children(project, "WBS"))
    ids = {_text(e, "ObjectId") for e in elements}
    names = {_text(project, "Id"), _text(project, "Name")} - {""}
    for element in elements:
        top = _text(element, "ParentObjectId") not in ids
        node = top and bool({_text(element, "Code"), _text(element, "Name")} & names)
        into.row("PROJWBS", element, _WBS, {"proj_id": ident, "proj_node_flag": "Y" if node else "N"})


def _calendar(into: _Tables, element: ET.Element) -> None:
    row = into.row("CALENDAR", element, _CALENDAR)
    if row is None:
        return
    try:
        into.times[row["clndr_id"]] = calendar_times(element)
    except ValueError as error:
        into.problem("bad-value", f"calendar {row['clndr_name']!r}: the work week or exceptions cannot be read "
                     f"({error}); Monday-Friday 8 hours is used", element)


def calendar_times(element: ET.Element) -> CalendarTimes:
    """A ``Calendar`` element's work week and exceptions; ValueError when they are not P6's.

    P6 writes a period's finish as its last minute (``16:59:00`` for work until 17:00).

    Examples:
        >>> from portfolio.io._xml import parse_xml
        >>> cal = parse_xml(b'''<Calendar><StandardWorkWeek><StandardWorkHours><DayOfWeek>Monday</DayOfWeek>
        ... <WorkTime><Start>08:00:00</Start><Finish>16:59:00</Finish></WorkTime></StandardWorkHours>
        ... </StandardWorkWeek><HolidayOrExceptions><HolidayOrException><Date>2024-01-01T00:00:00</Date>
        ... </HolidayOrException></HolidayOrExceptions></Calendar>''', "c.xml")
        >>> times = calendar_times(cal)
        >>> times.week[0], times.week[1], times.periods[0], times.exceptions
        (9.0, 0.0, ((480, 1020),), {datetime.date(2024, 1, 1): 0.0})
    """
    week: dict[int, float] = dict.fromkeys(range(7), 0.0)
    periods: dict[int, tuple[tuple[int, int], ...]] = {}
    weeks = list(_children(element, "StandardWorkWeek"))
    for hours in (h for w in weeks for h in _children(w, "StandardWorkHours")):
        name = _text(hours, "DayOfWeek")
        if name not in _WEEKDAYS:
            raise ValueError(f"weekday {name[:20]!r} is not Monday to Sunday")
        periods[_WEEKDAYS[name]] = _periods(hours)
        week[_WEEKDAYS[name]] = sum(b - a for a, b in periods[_WEEKDAYS[name]]) / 60
    exceptions: dict[dt.date, float] = {}
    for exception in (e for b in _children(element, "HolidayOrExceptions") for e in _children(b, "HolidayOrException")):
        text = _text(exception, "Date")
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            raise ValueError(f"exception date {text[:20]!r} is not a date") from None
        exceptions[day] = sum(b - a for a, b in _periods(exception)) / 60
    return CalendarTimes(week=week, periods=periods, exceptions=exceptions, has_week=bool(periods))


def _periods(element: ET.Element) -> tuple[tuple[int, int], ...]:
    found = []
    for time in _children(element, "WorkTime"):
        start, finish = clock(_text(time, "Start")), clock(_text(time, "Finish"))
        found.append(work_period(start, finish + 1 if finish % 60 == 59 else finish))
    return tuple(found)
