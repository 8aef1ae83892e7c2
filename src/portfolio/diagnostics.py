"""Diagnostics: problems in the user's data, as values.

Loading, scheduling and checking never raise on bad user data: they return
`Diagnostic` records, all of them, each with a stable ``code`` (one
documentation page per code), the place it comes from and a way out.

Examples:
    >>> from portfolio.model import Source
    >>> d = Diagnostic(code="unknown-ref", severity=Severity.ERROR,
    ...                message="relation refers to 'digipoort.cutovr'",
    ...                source=Source("services/digipoort.yaml", 41, 7),
    ...                hint="did you mean 'digipoort.cutover'?")
    >>> print(d)
    services/digipoort.yaml:41:7: error[unknown-ref]: relation refers to 'digipoort.cutovr'; did you mean 'digipoort.cutover'?
"""

# size: the catalogue of every diagnostic code (a table read by code, with its explanation and fix; the docs pages are generated from it) beside the few functions that make and order diagnostics.

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from portfolio._safe_text import escape_controls
from portfolio.model import Portfolio, Source

__all__ = [
    "CODES",
    "Code",
    "Diagnostic",
    "LoadResult",
    "Severity",
    "closest",
    "diagnostic",
    "has_errors",
]


class Severity(enum.StrEnum):
    """How bad a diagnostic is. Errors make ``portfolio check`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info: compare severities with it."""
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@attrs.frozen(kw_only=True)
class Diagnostic:
    """One problem: what (code, message), where (source, subject) and the way out (hint)."""

    code: str
    severity: Severity
    message: str
    source: Source | None = None
    subject: str | None = None
    """id of the thing the problem is about"""
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source is not None else ""
        hint = f"; {self.hint}" if self.hint else ""
        # control characters from a file (an ESC sequence in a name) are shown, not sent to the terminal
        return escape_controls(f"{where}{self.severity.value}[{self.code}]: {self.message}{hint}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the fields ``portfolio check --format json`` prints."""
        return {
            "file": self.source.file if self.source else None,
            "line": self.source.line if self.source else None,
            "column": self.source.column if self.source else None,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "subject": self.subject,
            "hint": self.hint,
        }


@attrs.frozen(kw_only=True)
class Code:
    """Documentation of one diagnostic code: what it means and how to fix it."""

    code: str
    severity: Severity
    title: str
    explanation: str
    fix: str


def _codes(*codes: Code) -> Mapping[str, Code]:
    return {c.code: c for c in codes}


E, W = Severity.ERROR, Severity.WARNING

CODES: Final[Mapping[str, Code]] = _codes(
    Code(
        code="io-error",
        severity=E,
        title="File cannot be read",
        explanation="The path does not exist, is not a file or folder, or cannot be read.",
        fix="Check the path and its permissions.",
    ),
    Code(
        code="no-files",
        severity=E,
        title="No portfolio files found",
        explanation="The folder holds no `*.yaml` or `*.yml` files.",
        fix="Point at the folder that holds the portfolio files, or add them.",
    ),
    Code(
        code="file-too-large",
        severity=E,
        title="File too large",
        explanation="A portfolio file is larger than the loader accepts (16 MiB).",
        fix="Split the file: every file may hold any section.",
    ),
    Code(
        code="encoding",
        severity=E,
        title="Not UTF-8 text",
        explanation="The file is not valid UTF-8 (or holds binary data).",
        fix="Save the file as UTF-8; check it is the file you meant.",
    ),
    Code(
        code="yaml-syntax",
        severity=E,
        title="YAML syntax error",
        explanation="The file is not well-formed YAML.",
        fix="Fix the syntax at the line shown: indentation, a missing colon, an unclosed quote or bracket.",
    ),
    Code(
        code="yaml-unsafe",
        severity=E,
        title="YAML tag not allowed",
        explanation="The file uses a YAML tag (such as `!!python/object`) that safe loading refuses.",
        fix="Remove the tag; write plain values.",
    ),
    Code(
        code="yaml-too-deep",
        severity=E,
        title="YAML nested too deeply",
        explanation="The document nests more than 100 levels deep.",
        fix="A portfolio file never needs this depth; check the file is the one you meant.",
    ),
    Code(
        code="yaml-too-large",
        severity=E,
        title="YAML document expands too far",
        explanation="Anchors and aliases expand the document to more than a million values (an 'alias bomb').",
        fix="Write the values out, or use fewer nested aliases.",
    ),
    Code(
        code="duplicate-key",
        severity=E,
        title="Key given twice",
        explanation="A mapping holds the same key twice; YAML would silently keep the last.",
        fix="Remove or rename one of them.",
    ),
    Code(
        code="multiple-documents",
        severity=E,
        title="More than one YAML document",
        explanation="A portfolio file holds one YAML document; `---` starts a second.",
        fix="Put the second document in a file of its own.",
    ),
    Code(
        code="unknown-key",
        severity=E,
        title="Unknown key",
        explanation="A key that the section does not know, often a typo.",
        fix="Use one of the keys the message lists (see the format reference).",
    ),
    Code(
        code="missing-key",
        severity=E,
        title="Required key missing",
        explanation="A record lacks a key it needs, such as `id`.",
        fix="Add the key.",
    ),
    Code(
        code="wrong-type",
        severity=E,
        title="Value of the wrong type",
        explanation="A value is of the wrong kind: a list where a mapping belongs, text where a number does.",
        fix="Write the value as the format reference shows.",
    ),
    Code(
        code="number-as-text",
        severity=E,
        title="Number written as text",
        explanation="A number is written with a percent or euro sign, a decimal comma or thousands separators "
        "(`70%`, `99,84`, `€ 1.200.000`). YAML reads that as text; a number is written plainly, with a decimal "
        "point and no separators.",
        fix="Write the number the hint shows: `percent_complete: 70`, `availability_norm: 99.84`, "
        "`budget: 1200000`.",
    ),
    Code(
        code="bad-value",
        severity=E,
        title="Value not allowed",
        explanation="A value is not one of the allowed choices (an approach, kind, relation type, ...).",
        fix="Use one of the values the message lists.",
    ),
    Code(
        code="dutch-choice",
        severity=E,
        title="Choice written in Dutch",
        explanation="A choice (a RAG status, an assignment status, an activity kind, ...) is written as the "
        "Dutch word (`rood`, `lopend`, `mijlpaal`). The files use the English values; the Dutch report "
        "translates them back.",
        fix="Write the English value the hint names: `rag: red`, `status: running`, `kind: milestone`.",
    ),
    Code(
        code="bad-duration",
        severity=E,
        title="Bad duration",
        explanation="A duration or lag that cannot be read.",
        fix="Write working days as `15d`, weeks as `3w`, months as `2mo`, elapsed days as `10ed`.",
    ),
    Code(
        code="negative-duration",
        severity=E,
        title="Negative duration",
        explanation="An activity's duration (or remaining duration) is below zero.",
        fix="Use zero for a milestone, a positive duration otherwise.",
    ),
    Code(
        code="bad-date",
        severity=E,
        title="Bad date",
        explanation="A date that cannot be read or does not exist.",
        fix="Write dates as ISO dates: `2023-10-02`.",
    ),
    Code(
        code="out-of-range",
        severity=E,
        title="Value out of range",
        explanation="A date, duration, lag, amount or number lies outside the limits a portfolio can use "
        "(see the Limits in the format reference): a date before 1990-01-01 or after 2100-12-31, a "
        "duration or lag of more than 26100 working days (100 years), an amount below 0 or above "
        "10^12 euros, or infinity or NaN (`.inf`, `.nan`). The value is left out, so the scheduler never "
        "sees it.",
        fix="Correct the value; usually a typo in a year or a digit too many.",
    ),
    Code(
        code="bad-id",
        severity=E,
        title="Bad id",
        explanation="An id with characters outside lower-case letters, digits, `-`, `_` and `.`.",
        fix="Use a readable id such as `digipoort.cutover`.",
    ),
    Code(
        code="duplicate-id",
        severity=E,
        title="Id declared twice",
        explanation="Two records of the same kind share an id; the second is ignored.",
        fix="Rename one, or remove the duplicate.",
    ),
    Code(
        code="unknown-ref",
        severity=E,
        title="Reference to an unknown id",
        explanation="A reference (a predecessor, platform, service, decision, ...) names an id that is not declared.",
        fix="Correct the id (the message suggests the closest one) or declare the missing record.",
    ),
    Code(
        code="cycle",
        severity=E,
        title="Relation cycle",
        explanation="Relations form a loop, so no schedule exists. The cycle is spelled out with the place of "
        "each relation, and reported at the relation declared last (most likely the one just added): which "
        "relation is the mistake cannot be known.",
        fix="Remove or reverse one of the relations the message names.",
    ),
    Code(
        code="migration-no-target",
        severity=E,
        title="Migration without target",
        explanation="A migration (other than `retire` or `retain`) has neither a `target` nor `candidates` with a `decision` milestone.",
        fix="Add `target`, or list `candidates` and the `decision` milestone that picks one.",
    ),
    Code(
        code="migration-no-decision",
        severity=E,
        title="Open migration without decision milestone",
        explanation="A migration lists candidate platforms but no `decision` milestone that picks one.",
        fix="Add `decision:` naming the milestone where the landing platform is chosen.",
    ),
    Code(
        code="status-unknown-activity",
        severity=E,
        title="Status for an unknown activity",
        explanation="A status update reports progress for an activity that is not declared.",
        fix="Correct the activity id (the message suggests the closest one).",
    ),
    Code(
        code="finish-before-start",
        severity=E,
        title="Actual finish before actual start",
        explanation="A status update gives an actual finish earlier than the actual start.",
        fix="Correct one of the two dates.",
    ),
    Code(
        code="actual-after-status-date",
        severity=E,
        title="Actual date after the status date",
        explanation="A status update reports an actual start or finish later than its own status date "
        "(DCMA check 9, invalid dates).",
        fix="Actual dates lie on or before the status date; correct the date or the status date.",
    ),
    Code(
        code="remaining-without-start",
        severity=E,
        title="Remaining duration of an activity that has not started",
        explanation="A status update gives a `remaining` duration for an activity without an `actual_start`. "
        "The scheduler only uses the remaining duration of a started activity, so it would be ignored.",
        fix="Add `actual_start:` (the day the work started), or remove `remaining:` if the work has not "
        "started (then change its `duration:` instead).",
    ),
    Code(
        code="progress-without-start",
        severity=E,
        title="Progress of an activity that has not started",
        explanation="A status update gives an `actual_finish`, or a `percent_complete` above 0, for an activity "
        "without an `actual_start`. Without it the scheduler would ignore the percentage (the activity is not "
        "started), or take the activity to have started on its finish day (a one-day span, whatever its "
        "duration). Primavera P6 refuses both; MS Project fills in the start it assumes.",
        fix="Add `actual_start:` (the day the work started).",
    ),
    Code(
        code="bad-percent",
        severity=E,
        title="Percentage out of range",
        explanation="A percentage (percent complete, availability) outside 0 to 100.",
        fix="Give a number from 0 to 100.",
    ),
    Code(
        code="implausible-amount",
        severity=W,
        title="Implausible amount of money",
        explanation="An amount looks like a mistake: a budget or realised amount under 100 euros, often "
        "`3.400` meant as 3400 (YAML reads the dot as a decimal point, so it is 3 euros 40), or realised "
        "spending of more than 10 times the budget.",
        fix="Write euros without thousands separators (`budget: 3400`), or correct the amount.",
    ),
    Code(
        code="duplicate-status-date",
        severity=E,
        title="Two status updates on one date",
        explanation="Two status updates share a status date.",
        fix="Merge them into one file.",
    ),
    Code(
        code="multiple-current-baselines",
        severity=E,
        title="More than one current baseline",
        explanation="Several baselines are marked `current: true`.",
        fix="Mark exactly one baseline as current.",
    ),
    Code(
        code="baseline-unknown-activity",
        severity=W,
        title="Baseline names an unknown activity",
        explanation="A baseline gives dates for an activity that is no longer declared. It is kept "
        "(the slippage report lists it as removed) but may be a typo.",
        fix="Correct the id if it is a typo; otherwise leave it: the baseline is history.",
    ),
    Code(
        code="service-dependency-cycle",
        severity=W,
        title="Services depend on each other",
        explanation="The services' `depends_on` lists form a loop (Digipoort depends on Stelseldiensten and "
        "Stelseldiensten on Digipoort). A dependency says which service needs the other to run; a loop usually "
        "means one of them is the wrong way round, and the migration order between them is then undefined. "
        "Scheduling is not affected: only activity relations order the work.",
        fix="Remove the dependency that is the wrong way round; if the services really need each other, "
        "migrate them together and say so in their descriptions.",
    ),
    Code(
        code="replan-without-reason",
        severity=E,
        title="Re-baseline without a reason",
        explanation="A baseline that replaces another must say why (a re-baseline is a decision, not an edit).",
        fix="Add `reason:` to the baseline.",
    ),
    Code(
        code="calendar-no-workdays",
        severity=E,
        title="Calendar without working days",
        explanation="A calendar's working week is empty, so nothing can be scheduled on it.",
        fix="Give the calendar at least one working weekday.",
    ),
    Code(
        code="bad-freeze-window",
        severity=E,
        title="Freeze window ends before it starts",
        explanation="A freeze window's `to` date lies before its `from` date.",
        fix="Swap or correct the dates.",
    ),
    Code(
        code="constraint-unsatisfiable",
        severity=E,
        title="Constraint date outside the calendar",
        explanation="A constraint or deadline date lies outside the years the calendar can "
        "represent, so no working day satisfies it. Portfolio files cannot get this far (the loader refuses "
        "such a date as `out-of-range`); it concerns portfolios built in Python.",
        fix="Correct the date.",
    ),
    Code(
        code="beyond-horizon",
        severity=E,
        title="Schedule outside the calendar years",
        explanation="The schedule runs past 31 December 2100 (or, counting back from a deadline, before 1 "
        "January 1990): the years the calendars hold. Each duration and lag is within its limit, but together "
        "they are not, for instance two 60-year tasks in a row. The dates outside the horizon cannot be computed: "
        "they are shown as the horizon's last (or first) working day, so they are wrong. The error names the "
        "activity that first runs outside and says how many do.",
        fix="Check that activity's duration, the lags into it and its constraint for a digit too many.",
    ),
    Code(
        code="status-before-start",
        severity=W,
        title="Status date before the project start",
        explanation="The status date lies before the portfolio's start date.",
        fix="Correct the status date or the portfolio `start`.",
    ),
    Code(
        code="negative-float",
        severity=W,
        title="Negative float",
        explanation="Constraints or deadlines cannot be met by the logic: the activity's total float "
        "is negative. The schedule keeps the logic (as MS Project does) and reports it.",
        fix="Re-plan: shorten the path, relax the constraint or deadline, or accept the slip.",
    ),
    Code(
        code="unknown-rule",
        severity=E,
        title="Unknown rule or rule set",
        explanation="The `rules:` section (sets, enable, disable, severity, parameters), a waiver or "
        "`--rules` names a rule or rule set that does not exist.",
        fix="Correct the id (the message suggests the closest one); the rules are listed in docs/rules.md.",
    ),
    Code(
        code="rule-import",
        severity=E,
        title="User rule cannot be loaded",
        explanation="A user rule under `rules: load:` cannot be imported by its dotted path, or is not a "
        "function of the portfolio and its schedule.",
        fix="Write `package.module:function`, and install the package or put its folder on PYTHONPATH.",
    ),
    Code(
        code="bad-rule-parameter",
        severity=E,
        title="Unknown or wrong rule parameter",
        explanation="`rules: parameters:` gives a rule a parameter it does not have, or a value of the wrong kind.",
        fix="Use one of the rule's parameters (docs/rules.md) with a value like its default.",
    ),
    Code(
        code="unused-waiver",
        severity=W,
        title="Waiver matches no finding",
        explanation="A waiver names a rule and subject for which the rule (which did run) found nothing: "
        "the problem is gone, or the subject is misspelt.",
        fix="Remove the waiver, or correct its rule or subject.",
    ),
    Code(
        code="mspdi-syntax",
        severity=E,
        title="MS Project XML cannot be read",
        explanation="The file is not well-formed MSPDI XML.",
        fix="Save the plan from MS Project as XML (File > Save As > XML Format) and try again.",
    ),
    Code(
        code="mspdi-unsupported",
        severity=W,
        title="MS Project feature not supported",
        explanation="The imported plan uses a feature the day-based scheduler cannot express (hour-level "
        "working time, a manual task its predecessor would move, leveling delay, ...). The warning names the "
        "feature and the task; that task's dates may differ from MS Project's.",
        fix="Follow the warning's hint (often: change the feature in MS Project and save as XML again), or "
        "check the named tasks' dates by hand.",
    ),
    Code(
        code="mspdi-value",
        severity=E,
        title="MS Project value out of range",
        explanation="A number or date in the MS Project XML file cannot be read or lies outside what a plan can "
        "hold: `inf`, `NaN` or a huge number, a negative UID, duration or MinutesPerDay, or a date outside the "
        "calendar horizon (1990-01-01 to 2100-12-31), a duration or lag format code MS Project does not have. The "
        "value is left out, so the engine never sees it. A UID given to two tasks is reported too: the second "
        "task is left out.",
        fix="Correct the value in MS Project (or in the XML) and save the plan as XML again.",
    ),
    # --- Primavera P6 XER import (src/portfolio/io/p6; tests/test_xer_diagnostics.py triggers each)
    Code(
        code="xer-syntax",
        severity=E,
        title="Not a readable XER file",
        explanation="The file does not start with P6's ERMHDR line, or a line is not one of the XER kinds "
        "(`%T` table, `%F` fields, `%R` row, `%E` end), or a table is declared twice.",
        fix="Export the project from P6 again (File > Export > Primavera PM (XER)); do not edit the file by hand.",
    ),
    Code(
        code="xer-truncated",
        severity=E,
        title="XER file cut off",
        explanation="The file ends without its `%E` line, so rows at its end may be missing.",
        fix="Export the project from P6 again, or copy the whole file.",
    ),
    Code(
        code="xer-missing",
        severity=E,
        title="XER table or field missing",
        explanation="A table the import needs (PROJECT, CALENDAR, TASK) or one of its fields is not in the file, "
        "or the project has progress but no data date.",
        fix="Export the whole project from P6, and schedule it (F9) before exporting.",
    ),
    Code(
        code="xer-field-count",
        severity=E,
        title="XER row with the wrong number of values",
        explanation="A `%R` row has more or fewer tab-separated values than its table's `%F` line has fields. "
        "The row is ignored.",
        fix="A tab was added or removed by hand: export the project from P6 again.",
    ),
    Code(
        code="xer-bad-value",
        severity=E,
        title="XER value cannot be read",
        explanation="A date, number of hours, activity, relationship or constraint type, or calendar data in the "
        "file is not what P6 writes (a non-date, an infinite or absurdly large number, an unknown code). The "
        "value is left out or replaced, as the message says.",
        fix="Correct the value in P6 and export the project again.",
    ),
    Code(
        code="xer-unsupported",
        severity=W,
        title="P6 feature not supported",
        explanation="The imported plan uses a feature or a scheduling option the scheduler does not model "
        "(hour-level time, level-of-effort activities, a lag calendar other than the predecessor's, progress "
        "override, ...). It is imported without it, so the named activities' numbers may differ from P6's.",
        fix="Check the affected activities' dates by hand, or change the plan in P6 so that it does not need the "
        "feature.",
    ),
    # --- Primavera P6 XML import (src/portfolio/io/p6/pmxml.py; tests/test_p6xml_diagnostics.py triggers each)
    Code(
        code="p6xml-syntax",
        severity=E,
        title="Not a readable P6 XML file",
        explanation="The file is not well-formed XML, declares a DOCTYPE or entities (refused: untrusted input), "
        "or its root element is not P6's `APIBusinessObjects`.",
        fix="Export the project from P6 again (File > Export > Primavera PM (XML)); do not edit the file by hand.",
    ),
    Code(
        code="p6xml-missing",
        severity=E,
        title="P6 XML record or element missing",
        explanation="The file holds no `Project`, or a record lacks an element it cannot do without (an "
        "`Activity` without `ObjectId` or `PlannedDuration`, a `Relationship` without its activities), or the "
        "project has progress but no `DataDate`.",
        fix="Export the whole project from P6, and schedule it (F9) before exporting.",
    ),
    Code(
        code="p6xml-bad-value",
        severity=E,
        title="P6 XML value cannot be read",
        explanation="A date, number of hours, activity, relationship or constraint type, scheduling option or "
        "calendar in the file is not what P6 writes. The value is left out or replaced, as the message says.",
        fix="Correct the value in P6 and export the project again.",
    ),
    Code(
        code="p6xml-unsupported",
        severity=W,
        title="P6 feature not supported",
        explanation="As `xer-unsupported`, for a P6 XML file: the plan uses a feature or a scheduling option the "
        "scheduler does not model (hour-level time, level-of-effort activities, progress override, the longest "
        "path, ...). It is imported without it, so the named activities' numbers may differ from P6's.",
        fix="Check the affected activities' dates by hand, or change the plan in P6 so that it does not need the "
        "feature.",
    ),
    # --- slippage, baselines and the published-report store (not about YAML files; see tests/test_store.py)
    Code(
        code="no-baseline",
        severity=E,
        title="No baseline to measure against",
        explanation="Slippage and published figures compare the forecast with a baseline, and the portfolio "
        "holds none (or not the one asked for).",
        fix="Capture one with `portfolio baseline capture PATH --name NAME` and commit the file, or name an "
        "existing baseline.",
    ),
    Code(
        code="no-status-update",
        severity=E,
        title="No status update for the period",
        explanation="Publishing a period takes the latest status update on or before the period's last day, "
        "and there is none.",
        fix="Add the status update (`status/YYYY-MM-DD.yaml`) or publish a later period.",
    ),
    Code(
        code="baseline-exists",
        severity=E,
        title="Baseline file exists",
        explanation="`portfolio baseline capture` never overwrites a baseline file: a baseline is a record.",
        fix="Choose another `--name`, or give `--force` (with `-o FILE` when the baseline is in another file) to "
        "capture it again over the existing file.",
    ),
    Code(
        code="publication-exists",
        severity=E,
        title="Period already published with other figures",
        explanation="The store is append-only: the period was published before and the figures differ now.",
        fix="Leave the published report as it is, or publish a new version with `--supersede --reason TEXT` "
        "(both versions are kept).",
    ),
    Code(
        code="store-busy",
        severity=E,
        title="Store busy",
        explanation="Another process was writing to the store for longer than the wait allows.",
        fix="Try again when the other publication has finished.",
    ),
    Code(
        code="store-corrupt",
        severity=E,
        title="Store damaged or not a database",
        explanation="The store file is not an SQLite database, or SQLite finds it damaged. It is left "
        "untouched.",
        fix="Point `--store` at the right file, or restore the store from a backup.",
    ),
    Code(
        code="store-damaged",
        severity=E,
        title="Store damaged: a publication does not verify",
        explanation="A publication's row does not parse, misses figures, or its hash does not chain to the one "
        "before it: it was changed or deleted outside portfolio (for example with `sqlite3`). Nothing in the "
        "store is shown as published, and nothing is added to it. `portfolio published PATH --verify` names "
        "the first broken publication.",
        fix="Restore the store from a backup (or from git) and check it with `portfolio published PATH --verify`.",
    ),
    Code(
        code="store-full",
        severity=E,
        title="Disk full while publishing",
        explanation="The disk holding the store ran out of space. The publication was rolled back: nothing was "
        "written and the store is intact.",
        fix="Free space on that disk (or give `--store` a file on another one) and publish again.",
    ),
    Code(
        code="store-foreign",
        severity=E,
        title="Not a portfolio store",
        explanation="The file is an SQLite database of another application, or of a newer version of "
        "this one. It is left untouched.",
        fix="Point `--store` at the portfolio's store (default `PATH/.portfolio/published.sqlite`), or "
        "upgrade portfolio.",
    ),
    Code(
        code="estimate-order",
        severity=E,
        title="Three-point estimate out of order",
        explanation="A three-point estimate (an activity's, a default's or a risk's impact) whose optimistic "
        "value exceeds the most likely one, or whose most likely value exceeds the pessimistic one. "
        "The estimate is ignored.",
        fix="Give optimistic ≤ most likely ≤ pessimistic (swap the values that are the wrong way round).",
    ),
    Code(
        code="estimate-negative",
        severity=E,
        title="Negative estimate",
        explanation="A point of a three-point estimate is below zero: no work takes less than no time. "
        "The estimate is ignored.",
        fix="Give zero or more (working days such as `10d`, or a factor such as `1.2`).",
    ),
    Code(
        code="estimate-below-remaining",
        severity=W,
        title="Pessimistic estimate under the remaining work",
        explanation="Work in progress whose pessimistic estimate (in working days) is less than the "
        "remaining duration the latest status update gives: the plan is already worse than the worst case.",
        fix="Estimate the work that remains (at least the remaining duration), or update the remaining duration.",
    ),
    Code(
        code="bad-probability",
        severity=E,
        title="Probability outside 0 to 1",
        explanation="A risk's probability (or a correlation coefficient) outside 0 to 1. The record is ignored.",
        fix="Give a fraction from 0 to 1, e.g. `0.3` for 30 %.",
    ),
    # --- earned value (portfolio evm; see tests/test_evm_cli.py and tests/test_evm.py)
    Code(
        code="evm-no-baseline",
        severity=E,
        title="No baseline for earned value",
        explanation="Planned value comes from the baseline in force at the status date, and the portfolio holds "
        "no baseline.",
        fix="Capture one with `portfolio baseline capture PATH --name NAME` and commit the file.",
    ),
    Code(
        code="evm-no-status-update",
        severity=E,
        title="No status update for earned value",
        explanation="Earned value and actual cost are measured at a status update, and there is none (on or "
        "before `--status-date`).",
        fix="Add a status update (`status/YYYY-MM-DD.yaml`) with progress and realised spend, or give a later "
        "`--status-date`.",
    ),
    Code(
        code="evm-no-budget",
        severity=W,
        title="Assignment without a budget",
        explanation="Earned value weighs the work by its budget: an assignment without `budget` has no figures.",
        fix="Give the assignment a `budget:` in euros (`budget: 1200000`).",
    ),
    Code(
        code="evm-no-spread",
        severity=W,
        title="Budget with nothing to spread it over",
        explanation="An assignment's budget is spread over the activities of its scope by their working days in "
        "the baseline; none of them has working days there (no scope, only milestones, or none captured), so "
        "its planned value is not known.",
        fix="Name the migrations or activities the budget pays for in the assignment, and capture them in the "
        "baseline.",
    ),
    Code(
        code="evm-no-realised",
        severity=W,
        title="No realised spend in the status update",
        explanation="Actual cost (AC) is the assignment's `realised` spend in the status update; without it, "
        "CV, CPI, EAC, ETC, VAC and TCPI are not known (shown as none, never 0).",
        fix="Add `realised:` for the assignment under `assignments:` in the status update.",
    ),
    Code(
        code="capacity-bad-value",
        severity=E,
        title="Bad value in the capacity section",
        explanation="A key of the `capacity:` section (teams, platforms, blackouts, demand) is unknown, missing "
        "or has a value of the wrong kind.",
        fix="Write it as the Capacity page of the documentation shows; the hint names the key.",
    ),
    Code(
        code="capacity-unknown-team",
        severity=E,
        title="Demand names an unknown team",
        explanation="A `demand:` entry names a team no `teams:` entry declares.",
        fix="Correct the team's id (the hint names the closest one) or declare the team.",
    ),
    Code(
        code="capacity-unknown-ref",
        severity=W,
        title="Capacity refers to nothing",
        explanation="A demand pattern matches no activity, or an onboarding limit names an undeclared platform.",
        fix="Correct the id or pattern (the hint names the closest one).",
    ),
    Code(
        code="capacity-unmeetable",
        severity=E,
        title="Demand no team can meet",
        explanation="An activity needs more FTE of a team than the team ever has, so no levelled schedule exists.",
        fix="Lower the demand's `amount`, or give the team a larger size from some date on.",
    ),
    Code(
        code="capacity-pin-missed",
        severity=W,
        title="A pinned service cannot cut over in its wave",
        explanation="A pin with `until:` holds a service's cutovers within a wave, but levelling finds none of "
        "its cutovers can start by that day: its predecessors allow no earlier start (logic), or the teams' FTE, "
        "the onboarding limits and the blackouts leave no room in the window. The cutover is placed where it fits.",
        fix="Pin the service to a later wave, or remove what holds it up (the message says which).",
    ),
    # --- budgets per activity or migration (the costs section; see tests/test_evm_costs.py)
    Code(
        code="cost-subject",
        severity=E,
        title="Budget without one subject",
        explanation="A record of the `costs:` section names neither an `activity` nor a `migration`, or both: "
        "a budget pays for one of them. The record is ignored.",
        fix="Give each budget one subject: `- {activity: digid.build, budget: 120000}` or "
        "`- {migration: digid.migration, budget: 450000}`.",
    ),
    Code(
        code="cost-realised-date",
        severity=W,
        title="Realised spend at a date without a status update",
        explanation="An activity's `realised:` spend is given per status update, by its date; this date has no "
        "status update, so the amount is never used.",
        fix="Write the amount at the date of a status update (`realised: {2023-08-31: 40000}`), or add that "
        "status update.",
    ),
    Code(
        code="cost-over-budget",
        severity=W,
        title="Budgets over the assignment's budget",
        explanation="The budgets of the `costs:` section for activities and migrations within an assignment's "
        "scope add up to more than the assignment's `budget`. Earned value then uses the section's budgets "
        "(its BAC is their sum) and nothing is left for the scope's other activities.",
        fix="Lower the activities' or migrations' budgets, or raise the assignment's `budget:`.",
    ),
)
"""Every diagnostic code the library can emit. Each has a page in the docs and a fixture under
``tests/fixtures/diagnostics/``.
"""


@attrs.frozen
class LoadResult:
    """What loading returns: the portfolio (as much as could be read) and all diagnostics.

    It unpacks like beancount's loader result: ``portfolio, diagnostics = load(path)``.
    """

    portfolio: Portfolio
    diagnostics: tuple[Diagnostic, ...] = ()

    def __iter__(self) -> Any:
        return iter((self.portfolio, self.diagnostics))

    @property
    def ok(self) -> bool:
        """True when no diagnostic is an error."""
        return not has_errors(self.diagnostics)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when any diagnostic is an error.

    Examples:
        >>> has_errors([])
        False
    """
    return any(d.severity is Severity.ERROR for d in diagnostics)


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``name`` (for "did you mean"), or None.

    Examples:
        >>> closest("digipoort.cutovr", ["digipoort.cutover", "digid.cutover"])
        'digipoort.cutover'
        >>> closest("zzz", ["digipoort.cutover"]) is None
        True
    """
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def diagnostic(
    code: str,
    message: str,
    *,
    source: Source | None = None,
    subject: str | None = None,
    hint: str | None = None,
    severity: Severity | None = None,
) -> Diagnostic:
    """Make a diagnostic for a registered ``code`` with its default severity.

    Examples:
        >>> diagnostic("cycle", "a -> b -> a").severity
        <Severity.ERROR: 'error'>
    """
    entry = CODES[code]
    return Diagnostic(
        code=code, severity=severity or entry.severity, message=message, source=source, subject=subject, hint=hint
    )
