"""The P6 XML form of a small XER document (tests/xer_builder.py): the same plan, as P6 exports it as XML.

Written from P6's XML schema (element names, enumerated values, hours, ``HH:MM:SS`` periods whose finish
is their last minute), not from the importer's renaming tables, so that importing both forms and getting the
same plan tests the renaming. Calendars are converted with the XER calendar parser (the XER import's, which
the XER tests check on P6's own exports).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from portfolio.io.p6._calendar import parse_calendar

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PROJECT = {"proj_id": "ObjectId", "proj_short_name": "Id", "clndr_id": "ActivityDefaultCalendarObjectId",
           "plan_start_date": "PlannedStartDate", "last_recalc_date": "DataDate",
           "critical_drtn_hr_cnt": "CriticalActivityFloatLimit", "plan_end_date": "MustFinishByDate",
           "scd_end_date": "ScheduledFinishDate", "critical_path_type": "CriticalActivityPathType"}
TASK = {"task_id": "ObjectId", "wbs_id": "WBSObjectId", "clndr_id": "CalendarObjectId", "task_code": "Id",
        "task_name": "Name", "target_drtn_hr_cnt": "PlannedDuration", "remain_drtn_hr_cnt": "RemainingDuration",
        "act_start_date": "ActualStartDate", "act_end_date": "ActualFinishDate", "task_type": "Type",
        "status_code": "Status", "cstr_type": "PrimaryConstraintType", "cstr_date": "PrimaryConstraintDate",
        "cstr_type2": "SecondaryConstraintType", "cstr_date2": "SecondaryConstraintDate",
        "early_start_date": "EarlyStartDate", "early_end_date": "EarlyFinishDate",
        "late_start_date": "LateStartDate", "late_end_date": "LateFinishDate", "suspend_date": "SuspendDate",
        "resume_date": "ResumeDate", "expect_end_date": "ExpectedFinishDate"}
VALUES = {
    "TT_Task": "Task Dependent", "TT_Rsrc": "Resource Dependent", "TT_LOE": "Level of Effort",
    "TT_Mile": "Start Milestone", "TT_FinMile": "Finish Milestone", "TT_WBS": "WBS Summary",
    "TK_NotStart": "Not Started", "TK_Active": "In Progress", "TK_Complete": "Completed",
    "CS_MSO": "Start On", "CS_MSOB": "Start On or Before", "CS_MSOA": "Start On or After", "CS_MEO": "Finish On",
    "CS_MEOB": "Finish On or Before", "CS_MEOA": "Finish On or After", "CS_ALAP": "As Late As Possible",
    "CS_MANDSTART": "Mandatory Start", "CS_MANDFIN": "Mandatory Finish",
    "PR_FS": "Finish to Start", "PR_SS": "Start to Start", "PR_FF": "Finish to Finish", "PR_SF": "Start to Finish",
    "CT_TotFloat": "Critical Float", "CT_DrivPath": "Longest Path",
    "rcal_Predecessor": "Predecessor Activity Calendar", "rcal_Successor": "Successor Activity Calendar",
    "rcal_24Hour": "24 Hour Calendar", "rcal_Project": "Project Default Calendar"}
DATES = {"plan_start_date", "last_recalc_date", "plan_end_date", "scd_end_date", "act_start_date", "act_end_date",
         "cstr_date", "cstr_date2", "early_start_date", "early_end_date", "late_start_date", "late_end_date",
         "suspend_date", "resume_date", "expect_end_date"}


def tables(data: bytes) -> dict[str, list[dict[str, str]]]:
    """An XER document's tables as lists of rows."""
    found: dict[str, list[dict[str, str]]] = {}
    fields: list[str] = []
    name = ""
    for line in data.decode("cp1252").splitlines():
        kind, _, rest = line.partition("\t")
        if kind == "%T":
            name = rest
            found[name] = []
        elif kind == "%F":
            fields = rest.split("\t")
        elif kind == "%R":
            values = rest.split("\t")
            found[name].append(dict(zip(fields, values + [""] * (len(fields) - len(values)), strict=True)))
    return found


def _element(name: str, text: str) -> str:
    return f"<{name}>{escape(text)}</{name}>" if text else ""


def _value(field: str, text: str) -> str:
    if field in DATES and text:
        return text.replace(" ", "T") + (":00" if len(text) == 16 else "")
    return VALUES.get(text, text)


def _clock(minutes: int) -> str:
    minutes -= 1  # P6 writes a period's finish as its last minute
    return f"{minutes // 60:02d}:{minutes % 60:02d}:00"


def _periods(periods: tuple[tuple[int, int], ...]) -> str:
    return "".join(f"<WorkTime><Start>{a // 60:02d}:{a % 60:02d}:00</Start><Finish>{_clock(b)}</Finish></WorkTime>"
                   for a, b in periods)


def calendar(row: dict[str, str]) -> str:
    """A CALENDAR row as a ``Calendar`` element."""
    times = parse_calendar(row["clndr_data"])
    week = "".join(f"<StandardWorkHours><DayOfWeek>{WEEKDAYS[d]}</DayOfWeek>{_periods(times.periods.get(d, ()))}"
                   "</StandardWorkHours>" for d in range(7)) if times.has_week else ""
    exceptions = "".join(f"<HolidayOrException><Date>{day.isoformat()}T00:00:00</Date>"
                         f"{_periods(_exception_periods(hours))}</HolidayOrException>"
                         for day, hours in times.exceptions.items())
    return (f"<Calendar>{_element('ObjectId', row['clndr_id'])}{_element('Name', row.get('clndr_name', ''))}"
            f"{_element('HoursPerDay', row.get('day_hr_cnt', ''))}"
            f"{_element('BaseCalendarObjectId', row.get('base_clndr_id', ''))}"
            f"{_element('IsDefault', {'Y': '1', 'N': '0'}.get(row.get('default_flag', ''), ''))}"
            f"{'<StandardWorkWeek>' + week + '</StandardWorkWeek>' if week else ''}"
            f"<HolidayOrExceptions>{exceptions}</HolidayOrExceptions></Calendar>")


def _exception_periods(hours: float) -> tuple[tuple[int, int], ...]:
    """An exception day's work: none for a day off, else its hours from 08:00 (the hours are what counts)."""
    return ((480, 480 + round(hours * 60)),) if hours else ()


def pmxml(data: bytes) -> bytes:
    """The P6 XML form of an XER document made by tests/xer_builder.py."""
    found = tables(data)
    (project,) = found["PROJECT"][:1]
    options = found.get("SCHEDOPTIONS", [{}])[0]
    parts = [calendar(row) for row in found.get("CALENDAR", [])]
    parts.append("<Project>" + "".join(_element(name, _value(field, project.get(field, "")))
                                       for field, name in PROJECT.items()))
    for row in found.get("PROJWBS", []):
        parts.append(f"<WBS>{_element('ObjectId', row['wbs_id'])}{_element('ParentObjectId', row['parent_wbs_id'])}"
                     f"{_element('Code', project['proj_short_name'] if row['proj_node_flag'] == 'Y' else row['wbs_short_name'])}"
                     f"{_element('Name', row['wbs_name'])}</WBS>")
    for row in found.get("TASK", []):
        parts.append("<Activity>" + "".join(_element(name, _value(field, row.get(field, "")))
                                            for field, name in TASK.items())
                     + _element("ProjectObjectId", row.get("proj_id", "")) + "</Activity>")
    for row in found.get("TASKPRED", []):
        parts.append(f"<Relationship>{_element('PredecessorActivityObjectId', row['pred_task_id'])}"
                     f"{_element('SuccessorActivityObjectId', row['task_id'])}"
                     f"{_element('Type', VALUES[row['pred_type']])}{_element('Lag', row['lag_hr_cnt'])}</Relationship>")
    flag = {"Y": "1", "N": "0"}
    out_of_sequence = ("Retained Logic" if options.get("sched_retained_logic", "Y") == "Y" else
                       "Progress Override" if options.get("sched_progress_override") == "Y" else "Actual Dates")
    parts.append(
        f"<ScheduleOptions><OutOfSequenceScheduleType>{out_of_sequence}</OutOfSequenceScheduleType>"
        f"{_element('StartToStartLagCalculationType', flag.get(options.get('sched_lag_early_start_flag', ''), ''))}"
        f"{_element('RelationshipLagCalendar', VALUES.get(options.get('sched_calendar_on_relationship_lag', ''), ''))}"
        f"{_element('MakeOpenEndedActivitiesCritical', flag.get(options.get('sched_open_critical_flag', ''), ''))}"
        f"{_element('UseExpectedFinishDates', flag.get(options.get('sched_use_expect_end_flag', ''), ''))}"
        "</ScheduleOptions></Project>")
    body = "\n".join(parts)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<APIBusinessObjects xmlns='
            f'"http://xmlns.oracle.com/Primavera/P6/V8.3/API/BusinessObjects">\n{body}\n</APIBusinessObjects>\n'
            ).encode()
