"""Small XER documents for the P6 import tests: tables as lists of dicts, written as P6 writes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

#: P6's "Standard" 5-day calendar: Monday-Friday 08:00-12:00 and 13:00-17:00.
FIVE_DAY = ("(0||CalendarData()((0||DaysOfWeek()((0||1()())"
            + "".join(f"(0||{d}()((0||0(s|08:00|f|12:00)())(0||1(s|13:00|f|17:00)())))" for d in range(2, 7))
            + "(0||7()())))(0||Exceptions()())))")
#: A 24-hour calendar: every day 00:00-24:00 (P6 writes the end as 00:00).
TWENTY_FOUR = ("(0||CalendarData()((0||DaysOfWeek()("
               + "".join(f"(0||{d}()((0||0(s|00:00|f|00:00)())))" for d in range(1, 8)) + "))))")

PROJECT = {"proj_id": "1", "proj_short_name": "DEMO", "clndr_id": "9", "plan_start_date": "2024-01-08 08:00",
           "last_recalc_date": "2024-01-08 08:00", "critical_drtn_hr_cnt": "0", "critical_path_type": "CT_TotFloat"}
CALENDARS = [{"clndr_id": "9", "clndr_name": "Standard", "day_hr_cnt": "8", "clndr_data": FIVE_DAY},
             {"clndr_id": "24", "clndr_name": "24 Hour", "day_hr_cnt": "24", "clndr_data": TWENTY_FOUR}]
OPTIONS = {"proj_id": "1", "sched_retained_logic": "Y", "sched_progress_override": "N",
           "sched_lag_early_start_flag": "Y", "sched_calendar_on_relationship_lag": "rcal_Predecessor",
           "sched_use_expect_end_flag": "Y"}


def task(task_id: int, hours: float = 8, **fields: str) -> dict[str, str]:
    """A TASK row: activity ``A<task_id>`` of ``hours`` on the 5-day calendar, not started."""
    row = {"task_id": str(task_id), "proj_id": "1", "wbs_id": "", "clndr_id": "9", "task_type": "TT_Task",
           "status_code": "TK_NotStart", "task_code": f"A{task_id}", "task_name": f"Task {task_id}",
           "target_drtn_hr_cnt": f"{hours:g}", "remain_drtn_hr_cnt": f"{hours:g}"}
    row.update(fields)
    return row


def pred(successor: int, predecessor: int, kind: str = "PR_FS", lag: float = 0) -> dict[str, str]:
    """A TASKPRED row."""
    return {"task_id": str(successor), "pred_task_id": str(predecessor), "pred_type": kind,
            "lag_hr_cnt": f"{lag:g}"}


def xer(tasks: Sequence[Mapping[str, str]] = (), preds: Sequence[Mapping[str, str]] = (), *,
        project: Mapping[str, str] | None = None, options: Mapping[str, str] | None = None,
        calendars: Sequence[Mapping[str, str]] = CALENDARS, **more: Sequence[Mapping[str, str]]) -> bytes:
    """An XER file with these tables (PROJECT, CALENDAR, SCHEDOPTIONS, TASK, TASKPRED and any ``more``)."""
    tables: dict[str, Sequence[Mapping[str, str]]] = {
        "PROJECT": [{**PROJECT, **(project or {})}], "CALENDAR": calendars,
        "SCHEDOPTIONS": [{**OPTIONS, **(options or {})}], **more, "TASK": tasks, "TASKPRED": preds}
    lines = ["ERMHDR\t8.2.0\t2024-01-08\tProject\tadmin\tPrimavera Admin\tdbxDatabaseNoName\tProject Management\tEUR"]
    for name, rows in tables.items():
        fields: list[str] = []
        for row in rows:
            fields.extend(f for f in row if f not in fields)
        if not fields:
            fields = {"TASK": ["task_id", "proj_id", "task_code", "clndr_id", "target_drtn_hr_cnt"],
                      "TASKPRED": ["task_id", "pred_task_id", "pred_type", "lag_hr_cnt"]}.get(name, ["id"])
        lines += [f"%T\t{name}", "%F\t" + "\t".join(fields)]
        lines += ["%R\t" + "\t".join(row.get(f, "") for f in fields) for row in rows]
    lines.append("%E")
    return ("\n".join(lines) + "\n").encode("cp1252")
