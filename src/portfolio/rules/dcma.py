"""The DCMA 14-point schedule assessment (rule set ``dcma``), thresholds as parameters.

Each check is one rule (``dcma-logic`` ... ``dcma-bei``) that yields one
portfolio-wide finding (subject None) when its metric fails, naming the
first offending activities. `metrics` computes all fourteen at once and
`summary_table` renders them as the table ``portfolio check`` prints.

Definitions follow DCMA-EA PAM 200.1 as ``docs/scheduling.md`` states them.
Percentages are of the unfinished activities (milestones included), or of
the relations whose successor is unfinished (checks 2 to 4). Check 10 is
informational: the portfolio model has no resources. Check 12 delays a
critical activity by ``delay`` working days, schedules again, and passes
when the project finish moves by exactly that much.

Examples:
    >>> import datetime as dt
    >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings, Relation
    >>> from portfolio.scheduling import schedule
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
    ...               activities=[Activity(id="a", duration=Duration(5)), Activity(id="b", duration=Duration(60))],
    ...               relations=[Relation(predecessor="a", successor="b")])
    >>> m = {x.number: x for x in metrics(p, schedule(p))}
    >>> m[8].value, m[8].passed
    (50.0, False)
    >>> m[12].passed
    True
"""

# size: the fourteen DCMA checks in the standard's order, each a short function next to its metric; one file reads like the standard's table.

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any, Final

import attrs
import numpy as np

from portfolio import _compile
from portfolio.diagnostics import Severity
from portfolio.graph import TYPE_CODES
from portfolio.messages import Message
from portfolio.model import Duration, Portfolio, RelationType
from portfolio.rules._columns import Names, activities, baseline_columns, hard_constrained, relations
from portfolio.rules._network import calendar_of
from portfolio.rules.engine import Finding, as_rule, rule
from portfolio.scheduling import ActivitySchedule, Progress, Schedule
from portfolio.scheduling import schedule as make_schedule

__all__ = [
    "RULES",
    "Metric",
    "bei",
    "cpli",
    "critical_path_test",
    "hard_constraints",
    "high_duration",
    "high_float",
    "invalid_dates",
    "lags",
    "leads",
    "logic",
    "metrics",
    "missed_activities",
    "negative_float",
    "relation_types",
    "resources",
    "summary_table",
]

_SET: Final = "dcma"
_W: Final = Severity.WARNING
_SHOW: Final = 5
"""offending ids named in a finding"""


def _every(found: tuple[str, ...] | Names) -> tuple[str, ...]:
    return found.every() if isinstance(found, Names) else found


def _shown(found: tuple[str, ...] | Names) -> str:
    return repr(_every(found))


@attrs.frozen(kw_only=True)
class Metric:
    """One line of the DCMA table: the value, the threshold and whether it passes (None: not applicable)."""

    number: int
    rule: str
    name: str
    value: float | None
    """percent, count, index or days (see ``unit``)"""
    unit: str
    """"%", "count", "index" or "days\""""
    threshold: str
    """as printed, e.g. "<= 5 %\""""
    passed: bool | None
    _offenders: tuple[str, ...] | Names = attrs.field(default=(), alias="offenders", eq=_every, repr=_shown)
    """given as a tuple, or counted and named when first asked (a finding names five of 100,000)"""
    detail: str = ""
    name_message: Message | None = None
    """the name and the detail as catalogue messages ([`portfolio.messages`][portfolio.messages]), for other languages
    """
    detail_message: Message | None = None

    @property
    def offenders(self) -> tuple[str, ...]:
        """The offending activity ids (or ``pred->succ`` relations), in order."""
        found = self._offenders
        if isinstance(found, Names):
            found = found.every()
            object.__setattr__(self, "_offenders", found)  # named once; the value stays the same
        return found

    def _first(self, count: int) -> tuple[list[str], int]:
        """The first ``count`` offenders (named) and how many there are."""
        found = self._offenders
        return (found.first(count), len(found)) if isinstance(found, Names) else (list(found[:count]), len(found))

    @property
    def shown_value(self) -> str:
        """The value as the table prints it."""
        if self.value is None:
            return "n/a"
        if self.unit == "%":
            return f"{self.value:.1f} %"
        if self.unit == "index":
            return f"{self.value:.2f}"
        return f"{self.value:g}"


def _percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def _name(rule_id: str, **params: Any) -> Message:
    """The check's name as a catalogue message (``dcma-logic.name``)."""
    return Message(f"{rule_id}.name", params)


def _named(rule_id: str, detail: Message, **fields: Any) -> Metric:
    """A metric whose name and detail come from the catalogue (English in ``name`` and ``detail``)."""
    name = _name(rule_id, **fields.pop("name_params", {}))
    return Metric(rule=rule_id, name=name.text(), name_message=name, detail=detail.text(), detail_message=detail,
                  **fields)


def _share(
    number: int,
    rule_id: str,
    offenders: Sequence[str] | Names,
    whole: int,
    limit: float,
    *,
    at_least: bool = False,
    what: str = "unfinished",
    days: int | None = None,
) -> Metric:
    value = _percent(len(offenders), whole)
    passed = value >= limit if at_least else value <= limit
    sign = ">=" if at_least else "<="
    return _named(
        rule_id,
        Message("dcma.share", {"count": len(offenders), "whole": whole, "what": Message(f"dcma.what.{what}")}),
        number=number,
        value=value,
        unit="%",
        threshold=f"{sign} {limit:g} %",
        passed=passed,
        offenders=offenders if isinstance(offenders, Names) else tuple(offenders),
        name_params={} if days is None else {"days": days},
    )


def _count(number: int, rule_id: str, offenders: Sequence[str] | Names, limit: int, what: str) -> Metric:
    return _named(
        rule_id,
        Message("dcma.count", {"count": len(offenders), "what": Message(f"dcma.what.{what}")}),
        number=number,
        value=float(len(offenders)),
        unit="count",
        threshold=f"<= {limit}",
        passed=len(offenders) <= limit,
        offenders=offenders if isinstance(offenders, Names) else tuple(offenders),
    )


def _finding(metric: Metric) -> Iterator[Finding]:
    if metric.passed is not False:
        return
    first, count = metric._first(_SHOW)
    shown = ", ".join(first)
    more = count - _SHOW
    key = "dcma.failed-more" if more > 0 else "dcma.failed-offenders" if shown else "dcma.failed"
    yield Finding.of(
        key,
        None,
        number=metric.number,
        name=metric.name_message or metric.name,
        value=metric.shown_value,
        threshold=metric.threshold,
        detail=metric.detail_message or metric.detail,
        offenders=shown,
        more=more,
    )


# -- the fourteen metrics ---------------------------------------------------------------------------


def logic_metric(portfolio: Portfolio, schedule: Schedule, *, limit: float = 5.0) -> Metric:
    """Check 1: unfinished activities without a predecessor or without a successor."""
    acts, rels = activities(portfolio, schedule), relations(portfolio, schedule)
    linked = np.zeros((2, len(acts.ids)), dtype=bool)  # has a predecessor, has a successor
    linked[0, rels.succ[rels.succ >= 0]] = True
    linked[1, rels.pred[rels.pred >= 0]] = True
    todo = ~acts.finished
    offenders = acts.names(todo & ~(linked[0] & linked[1]))
    return _share(1, "dcma-logic", offenders, int(todo.sum()), limit)


def leads_metric(portfolio: Portfolio, schedule: Schedule, *, limit: int = 0) -> Metric:
    """Check 2: relations with a lead (negative lag)."""
    rels = relations(portfolio, schedule)
    offenders = rels.names(rels.open & (rels.lag < 0), schedule.ids)
    return _count(2, "dcma-leads", offenders, limit, "leads")


def lags_metric(portfolio: Portfolio, schedule: Schedule, *, limit: float = 5.0) -> Metric:
    """Check 3: relations with a (positive) lag, as a share of the relations."""
    rels = relations(portfolio, schedule)
    offenders = rels.names(rels.open & (rels.lag > 0), schedule.ids)
    return _share(3, "dcma-lags", offenders, int(rels.open.sum()), limit, what="relations")


def relation_types_metric(portfolio: Portfolio, schedule: Schedule, *, limit: float = 90.0) -> Metric:
    """Check 4: the share of finish-to-start relations."""
    rels = relations(portfolio, schedule)
    fs = rels.rtype == TYPE_CODES[RelationType.FS]
    others = rels.names(rels.open & ~fs, schedule.ids, typed=True)
    count = int(rels.open.sum())
    metric = _share(
        4,
        "dcma-relation-types",
        ["x"] * int((rels.open & fs).sum()),  # only their number counts: the offenders are the other types, set below
        count,
        limit,
        at_least=True,
        what="finish-to-start",
    )
    if not count:
        metric = attrs.evolve(metric, value=100.0, passed=True)
    return attrs.evolve(metric, offenders=others)


def hard_constraints_metric(portfolio: Portfolio, schedule: Schedule, *, limit: float = 5.0) -> Metric:
    """Check 5: unfinished activities with a hard constraint (MSO, MFO, SNLT, FNLT)."""
    todo = ~activities(portfolio, schedule).finished
    offenders = activities(portfolio, schedule).names(todo & hard_constrained(portfolio, schedule))
    return _share(5, "dcma-hard-constraints", offenders, int(todo.sum()), limit)


def high_float_metric(portfolio: Portfolio, schedule: Schedule, *, limit: float = 5.0, days: int = 44) -> Metric:
    """Check 6: unfinished activities with total float above ``days`` working days."""
    acts = activities(portfolio, schedule)
    todo = ~acts.finished
    return _share(6, "dcma-high-float", acts.names(todo & (acts.total_float > days)), int(todo.sum()), limit,
                  days=days)


def negative_float_metric(portfolio: Portfolio, schedule: Schedule, *, limit: int = 0) -> Metric:
    """Check 7: unfinished activities with negative total float."""
    acts = activities(portfolio, schedule)
    offenders = acts.names(~acts.finished & (acts.total_float < 0))
    return _count(7, "dcma-negative-float", offenders, limit, "negative")


def high_duration_metric(portfolio: Portfolio, schedule: Schedule, *, limit: float = 5.0, days: int = 44) -> Metric:
    """Check 8: unfinished activities with a (planned) duration above ``days`` working days."""
    acts = activities(portfolio, schedule)
    todo = ~acts.finished
    return _share(8, "dcma-high-duration", acts.names(todo & (acts.duration > days)), int(todo.sum()), limit,
                  days=days)


def invalid_dates_metric(portfolio: Portfolio, schedule: Schedule, *, limit: int = 0) -> Metric:
    """Check 9: forecast dates before, or actual dates after, the status date."""
    status = schedule.status_date
    offenders: list[str] = []
    if status is not None:
        acts, day = activities(portfolio, schedule), status.toordinal()
        offenders += acts.names(~acts.finished & ((acts.not_started & (acts.start < day)) | (acts.finish < day))).every()
        update = portfolio.status_update(status)
        if update is not None:
            offenders += [
                p.activity
                for p in update.progress.values()
                if any(d is not None and d > status for d in (p.actual_start, p.actual_finish))
            ]
    return _count(9, "dcma-invalid-dates", sorted(set(offenders)), limit, "activities")


def resources_metric(portfolio: Portfolio, schedule: Schedule) -> Metric:
    """Check 10: activities without resources. Informational: the portfolio model has no resources."""
    return _named("dcma-resources", Message("dcma.no-resources"), number=10, value=None, unit="count",
                  threshold="informational", passed=None)


def _not_applicable(number: int, rule: str, unit: str, threshold: str, needs: str) -> Metric:
    """A metric that cannot be computed for this portfolio (no baseline, no status date): it neither passes nor fails."""
    return _named(rule, Message(f"dcma.{needs}"), number=number, value=None, unit=unit, threshold=threshold,
                  passed=None)


def missed_activities_metric(portfolio: Portfolio, schedule: Schedule, *, limit: float = 5.0) -> Metric:
    """Check 11: activities whose baseline finish has passed that did not finish by it."""
    status = schedule.status_date
    baseline = portfolio.baseline_as_of(status)
    if baseline is None or status is None:
        return _not_applicable(11, "dcma-missed-activities", "%", f"<= {limit:g} %", "needs-baseline-status")
    entries, acts = baseline_columns(portfolio, schedule, baseline), activities(portfolio, schedule)
    due = entries.due(status) & (entries.place >= 0)
    place = np.where(due, entries.place, 0)
    missed = due & (~acts.finished[place] | (acts.finish[place] > entries.finish)) if len(acts.ids) else due
    return _share(11, "dcma-missed-activities", entries.names(missed), int(due.sum()), limit, what="due")


def critical_path_test_metric(portfolio: Portfolio, schedule: Schedule, *, delay: int = 20) -> Metric:
    """Check 12: delay a critical activity by ``delay`` working days; the finish must move as much."""
    path = [a for a in schedule.driving_path() if a.progress is Progress.NOT_STARTED and not a.milestone]
    if not path:  # a constraint holds the finish: take the most critical task left (the test then shows it)
        path = _most_critical_task(portfolio, schedule)
    last = _last(portfolio, schedule)
    if not path or last is None:
        return _named("dcma-critical-path-test", Message("dcma.no-path"), number=12, value=None, unit="days",
                      threshold="pass", passed=None)
    same = [a for a in path if a.calendar == last.calendar]
    chosen = (same or path)[0]
    act = portfolio.activities[chosen.id]
    delayed = attrs.evolve(act, duration=Duration(act.duration.days + delay))
    again = make_schedule(  # on the portfolio's compiled network, only the delayed activity recomputed
        _compile.replace_activities(portfolio, [delayed]),
        status_date=schedule.status_date,
        critical_float=schedule.critical_float,
    )
    calendar = calendar_of(portfolio, last.calendar)
    moved = calendar.workdays_between(schedule.finish, again.finish)
    return _named(
        "dcma-critical-path-test",
        Message("dcma.critical-path-test.moved", {"activity": chosen.id, "delay": delay, "moved": moved}),
        number=12,
        value=float(moved),
        unit="days",
        threshold=f"= {delay}",
        passed=moved == delay,
        offenders=() if moved == delay else (chosen.id,),
    )


def _most_critical_task(portfolio: Portfolio, schedule: Schedule) -> list[ActivitySchedule]:
    """The unstarted task (not a milestone) of least total float, the first in order among equals; [] for none."""
    acts = activities(portfolio, schedule)
    candidates = np.flatnonzero(acts.not_started)
    for i in candidates[np.argsort(acts.total_float[candidates], kind="stable")].tolist():
        if not (found := schedule[acts.ids[i]]).milestone:
            return [found]
    return []


def _last(portfolio: Portfolio, schedule: Schedule) -> ActivitySchedule | None:
    """The record of the activity that finishes last (the first in order among equals); None for no activity."""
    acts = activities(portfolio, schedule)
    return schedule[acts.ids[int(np.argmax(acts.finish))]] if len(acts.ids) else None


def _baseline_finish(portfolio: Portfolio, as_of: dt.date | None) -> dt.date | None:
    baseline = portfolio.baseline_as_of(as_of)
    if baseline is None or not baseline.entries:
        return None
    return max(e.finish for e in baseline.entries.values())


def cpli_metric(portfolio: Portfolio, schedule: Schedule, *, limit: float = 0.95) -> Metric:
    """Check 13: critical path length index, (CPL + total float) / CPL.

    CPL is the working days after the status date (else from the project
    start) up to and including the forecast finish; the total float is the baseline finish (the
    latest finish of the baseline in force on the status date) minus the forecast finish.
    """
    target = _baseline_finish(portfolio, schedule.status_date)
    if target is None or not len(schedule):
        return _not_applicable(13, "dcma-cpli", "index", f">= {limit:g}", "needs-baseline")
    last = _last(portfolio, schedule)
    assert last is not None  # the schedule has activities
    calendar = calendar_of(portfolio, last.calendar)
    if schedule.status_date is not None:  # the status date's work is done: the path starts the day after
        cpl = calendar.workdays_between(schedule.status_date, schedule.finish)
    else:
        cpl = calendar.workdays_between(schedule.start, schedule.finish) + 1
    slack = calendar.workdays_between(schedule.finish, target)
    value = (cpl + slack) / cpl if cpl > 0 else 1.0
    return _named(
        "dcma-cpli",
        Message("dcma.cpli.detail", {"cpl": cpl, "target": target, "slack": slack}),
        number=13,
        value=value,
        unit="index",
        threshold=f">= {limit:g}",
        passed=value >= limit,
    )


def bei_metric(portfolio: Portfolio, schedule: Schedule, *, limit: float = 0.95) -> Metric:
    """Check 14: baseline execution index, activities finished / activities due by the status date."""
    status = schedule.status_date
    baseline = portfolio.baseline_as_of(status)
    if baseline is None or status is None:
        return _not_applicable(14, "dcma-bei", "index", f">= {limit:g}", "needs-baseline-status")
    entries, acts = baseline_columns(portfolio, schedule, baseline), activities(portfolio, schedule)
    is_due = entries.due(status)
    due, done = int(is_due.sum()), int(acts.finished.sum())
    value = done / due if due else 1.0
    known = is_due & (entries.place >= 0)
    late = entries.names(known & (~acts.finished[np.where(known, entries.place, 0)] if len(acts.ids) else False))
    return _named(
        "dcma-bei",
        Message("dcma.bei.detail", {"done": done, "due": due, "status": status}),
        number=14,
        value=value,
        unit="index",
        threshold=f">= {limit:g}",
        passed=value >= limit,
        offenders=late,
    )


# -- the rules ------------------------------------------------------------------------------------


@rule(id="dcma-logic", title="DCMA 1: logic", severity=_W, ruleset=_SET)
def logic(portfolio: Portfolio, schedule: Schedule, *, limit: float = 5.0) -> Iterator[Finding]:
    """At most ``limit`` % of the unfinished activities lack a predecessor or a successor.

    Rationale: dates driven by logic move when the work moves; an activity
    without logic on one side floats free and hides slippage.

    Source: DCMA-EA PAM 200.1, 14-point assessment, check 1 (logic).
    """
    return _finding(logic_metric(portfolio, schedule, limit=limit))


@rule(id="dcma-leads", title="DCMA 2: leads", severity=_W, ruleset=_SET)
def leads(portfolio: Portfolio, schedule: Schedule, *, limit: int = 0) -> Iterator[Finding]:
    """No relation has a lead (negative lag); at most ``limit``.

    Rationale: a lead lets a successor start before its predecessor
    finishes by a fixed amount, which distorts the critical path.

    Source: DCMA-EA PAM 200.1, check 2 (leads).
    """
    return _finding(leads_metric(portfolio, schedule, limit=limit))


@rule(id="dcma-lags", title="DCMA 3: lags", severity=_W, ruleset=_SET)
def lags(portfolio: Portfolio, schedule: Schedule, *, limit: float = 5.0) -> Iterator[Finding]:
    """At most ``limit`` % of the relations have a lag.

    Rationale: a lag is unexplained waiting; an activity says what happens.

    Source: DCMA-EA PAM 200.1, check 3 (lags).
    """
    return _finding(lags_metric(portfolio, schedule, limit=limit))


@rule(id="dcma-relation-types", title="DCMA 4: relationship types", severity=_W, ruleset=_SET)
def relation_types(portfolio: Portfolio, schedule: Schedule, *, limit: float = 90.0) -> Iterator[Finding]:
    """At least ``limit`` % of the relations are finish-to-start.

    Rationale: finish-to-start logic is the plainest to read and to check.

    Source: DCMA-EA PAM 200.1, check 4 (relationship types).
    """
    return _finding(relation_types_metric(portfolio, schedule, limit=limit))


@rule(id="dcma-hard-constraints", title="DCMA 5: hard constraints", severity=_W, ruleset=_SET)
def hard_constraints(portfolio: Portfolio, schedule: Schedule, *, limit: float = 5.0) -> Iterator[Finding]:
    """At most ``limit`` % of the unfinished activities have a hard constraint (MSO, MFO, SNLT, FNLT).

    Rationale: hard constraints override logic; the schedule stops showing
    the consequences of slippage.

    Source: DCMA-EA PAM 200.1, check 5 (hard constraints).
    """
    return _finding(hard_constraints_metric(portfolio, schedule, limit=limit))


@rule(id="dcma-high-float", title="DCMA 6: high float", severity=_W, ruleset=_SET)
def high_float(portfolio: Portfolio, schedule: Schedule, *, limit: float = 5.0, days: int = 44) -> Iterator[Finding]:
    """At most ``limit`` % of the unfinished activities have a total float above ``days`` working days.

    Rationale: very high float usually means missing logic.

    Source: DCMA-EA PAM 200.1, check 6 (high float, 44 working days).
    """
    return _finding(high_float_metric(portfolio, schedule, limit=limit, days=days))


@rule(id="dcma-negative-float", title="DCMA 7: negative float", severity=_W, ruleset=_SET)
def negative_float(portfolio: Portfolio, schedule: Schedule, *, limit: int = 0) -> Iterator[Finding]:
    """No unfinished activity has negative total float; at most ``limit``.

    Rationale: negative float is a date the logic cannot meet: the plan is
    already late somewhere.

    Source: DCMA-EA PAM 200.1, check 7 (negative float).
    """
    return _finding(negative_float_metric(portfolio, schedule, limit=limit))


@rule(id="dcma-high-duration", title="DCMA 8: high duration", severity=_W, ruleset=_SET)
def high_duration(portfolio: Portfolio, schedule: Schedule, *, limit: float = 5.0, days: int = 44) -> Iterator[Finding]:
    """At most ``limit`` % of the unfinished activities last longer than ``days`` working days.

    Rationale: long activities are hard to manage and to status; break them
    into pieces that can be seen to finish.

    Source: DCMA-EA PAM 200.1, check 8 (high duration, 44 working days).
    """
    return _finding(high_duration_metric(portfolio, schedule, limit=limit, days=days))


@rule(id="dcma-invalid-dates", title="DCMA 9: invalid dates", severity=_W, ruleset=_SET)
def invalid_dates(portfolio: Portfolio, schedule: Schedule, *, limit: int = 0) -> Iterator[Finding]:
    """No forecast date lies before, and no actual date after, the status date.

    Rationale: a forecast in the past or an actual in the future means the
    status is wrong.

    Source: DCMA-EA PAM 200.1, check 9 (invalid dates).
    """
    return _finding(invalid_dates_metric(portfolio, schedule, limit=limit))


@rule(id="dcma-resources", title="DCMA 10: resources", severity=Severity.INFO, ruleset=_SET)
def resources(portfolio: Portfolio, schedule: Schedule) -> Iterator[Finding]:
    """Activities carry resources. Informational: the portfolio model has no resources, so it never fails.

    Rationale: DCMA asks for resource-loaded schedules; a migration
    portfolio plans with durations, and check 10 is informational there.

    Source: DCMA-EA PAM 200.1, check 10 (resources).
    """
    return _finding(resources_metric(portfolio, schedule))


@rule(id="dcma-missed-activities", title="DCMA 11: missed activities", severity=_W, ruleset=_SET)
def missed_activities(portfolio: Portfolio, schedule: Schedule, *, limit: float = 5.0) -> Iterator[Finding]:
    """At most ``limit`` % of the activities due by the status date (current baseline) missed their baseline finish.

    Rationale: a measure of how well the plan is being executed.

    Source: DCMA-EA PAM 200.1, check 11 (missed tasks).
    """
    return _finding(missed_activities_metric(portfolio, schedule, limit=limit))


@rule(id="dcma-critical-path-test", title="DCMA 12: critical path test", severity=_W, ruleset=_SET)
def critical_path_test(portfolio: Portfolio, schedule: Schedule, *, delay: int = 20) -> Iterator[Finding]:
    """Delaying a critical activity by ``delay`` working days moves the project finish by as much.

    Rationale: proves the critical path is continuous logic, not held by
    constraints or broken links. The first unstarted task on the driving
    path to the finish is delayed and the portfolio scheduled again.

    Source: DCMA-EA PAM 200.1, check 12 (critical path test).
    """
    return _finding(critical_path_test_metric(portfolio, schedule, delay=delay))


@rule(id="dcma-cpli", title="DCMA 13: critical path length index", severity=_W, ruleset=_SET)
def cpli(portfolio: Portfolio, schedule: Schedule, *, limit: float = 0.95) -> Iterator[Finding]:
    """The critical path length index is at least ``limit``.

    Rationale: below 1 the remaining path is longer than the time left to
    the baseline finish: the finish is at risk.

    Source: DCMA-EA PAM 200.1, check 13 (CPLI).
    """
    return _finding(cpli_metric(portfolio, schedule, limit=limit))


@rule(id="dcma-bei", title="DCMA 14: baseline execution index", severity=_W, ruleset=_SET)
def bei(portfolio: Portfolio, schedule: Schedule, *, limit: float = 0.95) -> Iterator[Finding]:
    """The baseline execution index is at least ``limit``.

    Rationale: fewer activities finished than the baseline planned by the
    status date means the plan is not being executed as approved.

    Source: DCMA-EA PAM 200.1, check 14 (BEI).
    """
    return _finding(bei_metric(portfolio, schedule, limit=limit))


RULES: Final = (
    logic,
    leads,
    lags,
    relation_types,
    hard_constraints,
    high_float,
    negative_float,
    high_duration,
    invalid_dates,
    resources,
    missed_activities,
    critical_path_test,
    cpli,
    bei,
)
"""The DCMA rule set, checks 1 to 14 in order."""

_METRICS: Final = (
    logic_metric,
    leads_metric,
    lags_metric,
    relation_types_metric,
    hard_constraints_metric,
    high_float_metric,
    negative_float_metric,
    high_duration_metric,
    invalid_dates_metric,
    resources_metric,
    missed_activities_metric,
    critical_path_test_metric,
    cpli_metric,
    bei_metric,
)


def metrics(
    portfolio: Portfolio, schedule: Schedule, parameters: dict[str, dict[str, Any]] | None = None
) -> tuple[Metric, ...]:
    """All fourteen metrics, with thresholds overridden per rule id in ``parameters``."""
    parameters = parameters or {}
    found = []
    for number, compute in enumerate(_METRICS, start=1):
        rule_id = as_rule(RULES[number - 1]).id
        found.append(compute(portfolio, schedule, **parameters.get(rule_id, {})))
    return tuple(found)


def summary_table(found: Sequence[Metric]) -> list[list[str]]:
    """The rows of the DCMA summary table: number, check, value, threshold, result.

    Examples:
        >>> summary_table([Metric(number=2, rule="dcma-leads", name="leads", value=0.0, unit="count",
        ...                       threshold="<= 0", passed=True)])
        [['2', 'leads', '0', '<= 0', 'pass']]
    """
    result = {True: "pass", False: "FAIL", None: "info"}
    return [[str(m.number), m.name, m.shown_value, m.threshold, result[m.passed]] for m in found]
