"""The data of the monthly overview of all running assignments (maandrapportage): plain records, no formatting.

`monthly_report` builds the whole report from a portfolio, a period
(``YYYY-MM``) and, optionally, the published-report store. It reads no
clock, formats nothing and speaks no language: the renderers
(``portfolio.report.text``, ``markdown``, ``html``, ``xlsx``, ``csv``)
turn it into text, and [`portfolio.report.i18n`][portfolio.report.i18n] gives the words.

The figures are those of the slippage analyses ([`report_figures`][portfolio.slippage.report_figures],
[`variance`][portfolio.slippage.variance], [`history`][portfolio.slippage.history]) and the
rules ([`run_rules`][portfolio.rules.run_rules]), as of the latest status update on
or before the period's last day. "Since the last report" compares with the
store's previous period when it holds one, else with the previous status update.

Examples:
    >>> from portfolio.io import load
    >>> report = monthly_report(load("examples/logius").portfolio, "2023-08")
    >>> report.status_date.isoformat(), len(report.assignments)
    ('2023-08-31', 11)
    >>> [a.id for a in report.assignments if "Digipoort" in a.title]
    ['opd-2023-003']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np

from portfolio import _months
from portfolio._gc import paused_gc
from portfolio.diagnostics import Diagnostic
from portfolio.evm import Figures, evm, money_colours
from portfolio.model import AssignmentStatus, Baseline, Portfolio, Rag, StatusUpdate
from portfolio.report._previous import _previous, _previous_forecasts, previous_figures
from portfolio.report._record import Restatement, published_before, restatements, trends_from_record
from portfolio.report._scope import MissedDate, Scopes, missed_dates
from portfolio.report._section_cache import sections
from portfolio.report._types import (
    COLOUR_BASELINES,
    AssignmentLine,
    AvailabilityLine,
    FindingLine,
    MigrationLine,
    MilestoneLine,
    MonthlyReport,
    Mover,
    PathStep,
    Replan,
    Thresholds,
)
from portfolio.rules import Finding, run_rules
from portfolio.scheduling import Progress, Rollup, Schedule, schedule
from portfolio.slippage import (
    Figure,
    key_milestones,
    lineage,
    period_end,
    rag,
    report_figures,
    select_baseline,
)
from portfolio.slippage._common import Calendars
from portfolio.slippage._history import milestone_trends
from portfolio.slippage._index import columns, positions, record, rollups
from portfolio.slippage._variance import VarianceLookup

if TYPE_CHECKING:  # a report opens no store unless there is one: sqlite3 is not imported without it
    from portfolio.store import Store

__all__ = [
    "COLOUR_BASELINES",
    "RAG_ORDER",
    "AssignmentLine",
    "AvailabilityLine",
    "FindingLine",
    "MigrationLine",
    "MilestoneLine",
    "MissedDate",
    "MonthlyReport",
    "Mover",
    "PathStep",
    "Replan",
    "Restatement",
    "Thresholds",
    "monthly_report",
    "previous_figures",
    "worst",
]

RAG_ORDER: Final = (Rag.GREY, Rag.GREEN, Rag.AMBER, Rag.RED)
"""RAG statuses from best to worst; grey (not started) ranks below green."""


def worst(*values: Rag | None) -> Rag | None:
    """The worst of some RAG statuses (None ignored; None when all are None).

    Examples:
        >>> worst(Rag.GREEN, None, Rag.AMBER), worst(None)
        (<Rag.AMBER: 'amber'>, None)
    """
    known = [v for v in values if v is not None]
    return max(known, key=RAG_ORDER.index) if known else None


def _rag(text: str) -> Rag | None:
    return None if text == "new" else Rag(text)


@attrs.frozen(kw_only=True)
class _Basis:
    """What every line of one report is computed from (private)."""

    portfolio: Portfolio
    computed: Schedule
    limits: Thresholds
    variances: VarianceLookup
    """against the baseline in force, by activity id"""
    originals: VarianceLookup
    """against the original baseline, by activity id"""
    before: Mapping[str, dt.date]
    """each milestone's forecast in the last report"""
    missed: Mapping[str, tuple[MissedDate, ...]]
    """by activity id"""
    end: dt.date
    """the period's last day"""
    rollups: Mapping[str, Rollup]
    """each assignment's dates, computed once"""
    money: Mapping[str, tuple[Rag, Figures]]
    """the EVM "Geld" colour and figures, by assignment id"""

    def milestone(self, m: str) -> MilestoneLine:
        rec = record(self.computed, m)
        v, o = self.variances.get(m), self.originals.get(m)
        prev = self.before.get(m)
        colour = o if self.limits.colour == "original" and o is not None else v
        time = _rag(rag(colour.finish_variance if colour else None, red=self.limits.time_red))
        return MilestoneLine(
            id=m,
            name=rec.name,
            baseline=v.baseline_finish if v else None,
            forecast=rec.finish,
            variance=v.finish_variance if v else None,
            variance_days=v.finish_variance_days if v else None,
            previous=prev,
            moved_days=(rec.finish - prev).days if prev else None,
            progress=rec.progress,
            rag=Rag.RED if self.missed.get(m) else time,
            baseline_original=o.baseline_finish if o else None,
            variance_original=o.finish_variance if o else None,
        )


def _finding(f: Finding) -> FindingLine:
    return FindingLine(
        rule=f.rule,
        severity=(f.severity.value if f.severity else "error"),
        subject=f.subject,
        message=f.message,
        waived=f.waived,
        waiver_reason=" ".join(f.waiver.reason.split()) if f.waiver is not None else "",
        key=f.key,
        params=f.params,
    )


def _diagnostic_finding(d: Diagnostic) -> FindingLine:
    """A diagnostic of the schedule (not a missed date: those are listed as such) as a finding line."""
    return FindingLine(rule=d.code, severity=d.severity.value, subject=d.subject, message=d.message, waived=False)


def _quality(findings: Iterable[FindingLine], availability: Iterable[AvailabilityLine]) -> Rag:
    """Open rule findings and diagnostics decide quality (a missed date is a matter of time: Tijd)."""
    open_ = [f for f in findings if not f.waived]
    if any(f.severity == "error" for f in open_):
        return Rag.RED
    if any(f.severity == "warning" for f in open_) or any(a.meets is False for a in availability):
        return Rag.AMBER
    return Rag.GREEN


def _money(budget: float | None, realised: float | None, finished: bool, amber: float) -> Rag | None:
    if not budget or realised is None:
        return None
    if realised > budget:
        return Rag.RED
    return Rag.AMBER if realised >= amber * budget and not finished else Rag.GREEN


def _availability(portfolio: Portfolio, update: StatusUpdate) -> tuple[AvailabilityLine, ...]:
    lines = []
    for s in portfolio.services.values():
        value = update.availability.get(s.id)
        if value is None and s.availability_norm is None:
            continue
        meets = None if value is None or s.availability_norm is None else value >= s.availability_norm
        lines.append(
            AvailabilityLine(
                service=s.id, name=s.name, domain=s.domain, availability=value, norm=s.availability_norm, meets=meets
            )
        )
    return tuple(lines)


def _day_unit(portfolio: Portfolio) -> str:
    """``wd`` when the default calendar keeps weekends closed, else ``days`` (it counts weekend days too)."""
    cal = Calendars(portfolio)(None)
    first = portfolio.settings.start or dt.date(2024, 1, 1)
    saturday = first + dt.timedelta(days=(5 - first.weekday()) % 7)
    weekends = (saturday + dt.timedelta(days=7 * w + d) for w in range(8) for d in (0, 1))
    return "days" if any(cal.is_working(day) for day in weekends) else "wd"


def _replans(portfolio: Portfolio, baseline: Baseline) -> tuple[Baseline, tuple[Replan, ...]]:
    """The original baseline of ``baseline``'s lineage and the re-plans since, oldest first."""
    chain = lineage(portfolio, baseline)
    replans = tuple(
        Replan(name=b.name, title=b.title, captured=b.captured, reason=" ".join(b.reason.split()), replaces=b.replaces)
        for b in reversed(chain[:-1])
    )
    return chain[-1], replans


@paused_gc()  # records only, no cycles: collecting walked the whole portfolio again (docs/performance.md)
def monthly_report(
    portfolio: Portfolio,
    period: str,
    *,
    store: Store | None = None,
    thresholds: Thresholds | None = None,
    path_to: str | None = None,
    movers: int = 5,
    baseline_name: str | None = None,
) -> MonthlyReport:
    """The monthly overview of ``portfolio``'s running assignments for ``period`` (``YYYY-MM``).

    As of the latest status update on or before the period's last day,
    against the baseline in force on that status date (a re-plan captured
    later does not yet count: reporting against it would paint the period
    wrongly green), or against the baseline named ``baseline_name``; every
    slip also against the original baseline of its lineage. ``store`` (an open
    [`Store`][portfolio.store.Store]) supplies the earlier reports: the last one
    to compare with, and the published figures of every earlier period (the
    milestone trend, restated figures); without it, or when it holds no
    earlier report, the previous status update is the reference and the
    history is recomputed from today's files. ``path_to`` is the
    key milestone whose driving path is shown (default: the first key
    milestone); ``movers`` how many of the biggest movers are listed.

    Raises ValueError for a malformed period and LookupError when the
    portfolio has no status update by the period's end or no baseline.

    Examples:
        >>> from portfolio.io import load
        >>> report = monthly_report(load("examples/logius").portfolio, "2023-08")
        >>> [(a.id, a.next_milestones[0].id) for a in report.assignments if a.id in ("opd-2023-001", "opd-2023-002")]
        [('opd-2023-001', 'lpc.ready'), ('opd-2023-002', 'stelseldiensten.go-no-go')]
        >>> report.path_to, report.driving_path[-1].id
        ('easi.exit', 'easi.exit')
    """
    limits = thresholds or Thresholds()
    end = period_end(period)
    update = portfolio.status_update(end)
    if update is None:
        raise LookupError(f"no status update on or before {end.isoformat()}, the end of {period}")
    baseline = select_baseline(portfolio, baseline_name, as_of=update.date)  # the plan in force then
    original, replans = _replans(portfolio, baseline)
    computed = schedule(portfolio, status_date=update.date)
    figures = report_figures(portfolio, computed, baseline, red=limits.time_red)
    originals = figures if original is baseline else report_figures(portfolio, computed, original, red=limits.time_red)
    source, label, before, before_computed = _previous(
        portfolio, period, update.date, store=store, red=limits.time_red, with_schedule=True
    )
    basis = _basis(portfolio, computed, limits, baseline, original, _previous_forecasts(before, before_computed), end,
                   update.date)
    findings = [_finding(f) for f in run_rules(portfolio, computed, as_of=update.date).findings]
    findings += [_diagnostic_finding(d) for d in computed.diagnostics if d.code != "negative-float" and d.subject]
    availability = _availability(portfolio, update)
    lines, started, finished, shown = _lines(
        basis, update, figures, {(f.kind, f.id): f for f in originals}, before, findings, availability,
        end.replace(day=1), end,
    )
    keys = key_milestones(portfolio)
    target = path_to if path_to is not None else (keys[0] if keys else None)
    published = published_before(store, period)
    trends = milestone_trends(portfolio, keys, until=update.date, baseline=baseline)
    in_scope = {id(f) for a in lines for f in a.findings}
    missed_ids = {m.id for a in lines for m in a.missed}  # a missed date is a finding too, counted once
    running = [a for a in lines if not a.finished_in_period]
    counts = {r: sum(1 for a in running if a.rag is r) for r in (Rag.GREEN, Rag.AMBER, Rag.RED, Rag.GREY)}
    return MonthlyReport(
        **_header(portfolio, period, update, baseline, original, replans),
        previous_source=source,
        previous_label=label,
        thresholds=limits,
        lookahead_end=_months.end(_months.add(end, limits.lookahead_months)),
        assignments=tuple(lines),
        rag_counts=MappingProxyType(counts),
        key_milestones=tuple(basis.milestone(m) for m in keys),
        trends=trends_from_record(trends, published) if published else trends,
        path_to=target,
        path_to_name=computed[target].name if target is not None else "",
        driving_path=_path(computed, target, shown),
        availability=availability,
        movers=_movers(figures, before, movers),
        started=tuple(started),
        finished=tuple(finished),
        budget=sum(a.budget or 0.0 for a in running),
        realised=sum(a.realised or 0.0 for a in running),
        figures=figures,
        history_source="published" if published else "recomputed",
        published=tuple((p.period, p.status_date) for p in published),
        restatements=restatements(portfolio, published, red=limits.time_red),
        other_findings=tuple(f for f in findings if id(f) not in in_scope),
        findings_count=len(in_scope) + len(missed_ids),
        day_unit=_day_unit(portfolio),
        **sections(portfolio, update.date),
    )


def _money_colours(portfolio: Portfolio, status_date: dt.date) -> dict[str, tuple[Rag, Figures]]:
    """The EVM "Geld" colour and figures of every assignment that has them, computed once per report."""
    if not any(a.budget for a in portfolio.assignments.values()):
        return {}
    rows = evm(portfolio, status_date=status_date, levels=("assignment",)).rows
    return money_colours(rows, {k: a.budget for k, a in portfolio.assignments.items()})


def _basis(portfolio: Portfolio, computed: Schedule, limits: Thresholds, baseline: Baseline, original: Baseline,
           before: Mapping[str, dt.date], end: dt.date, status_date: dt.date) -> _Basis:
    """What every line is computed from: the variances against both baselines (one when they are the same)."""
    in_force = VarianceLookup(portfolio, computed, baseline)  # the few activities asked, not all of them
    return _Basis(
        portfolio=portfolio,
        computed=computed,
        limits=limits,
        variances=in_force,
        originals=in_force if original is baseline else VarianceLookup(portfolio, computed, original),
        before=before,
        missed=missed_dates(portfolio, computed),
        end=end,
        rollups=rollups(computed, "assignment"),
        money=_money_colours(portfolio, status_date),
    )


def _header(portfolio: Portfolio, period: str, update: StatusUpdate, baseline: Baseline, original: Baseline,
            replans: tuple[Replan, ...]) -> dict[str, Any]:
    """What a report says about itself: the portfolio, the period, the status update and the baselines."""
    end = period_end(period)
    return {
        "portfolio": portfolio.settings.name,
        "description": " ".join(portfolio.settings.description.split()),
        "period": period,
        "period_start": end.replace(day=1),
        "period_end": end,
        "status_date": update.date,
        "stale": update.date < end.replace(day=1),
        "comments": " ".join(update.comments.split()),
        "baseline": baseline.name,
        "baseline_title": baseline.title,
        "baseline_reason": " ".join(baseline.reason.split()),
        "original_baseline": original.name,
        "replans": replans,
    }


def _path(computed: Schedule, target: str | None, shown: list[str]) -> tuple[PathStep, ...]:
    """The driving path to ``target``, each step with the first assignment of ``shown`` whose scope holds it."""
    path = computed.driving_path(target) if target is not None else ()
    owner = _owners(computed, shown, [s.id for s in path])
    return tuple(
        PathStep(
            id=s.id,
            name=s.name,
            start=s.start,
            finish=s.finish,
            total_float=s.total_float,
            milestone=s.milestone,
            critical=s.critical,
            progress=s.progress,
            assignment=owner.get(s.id),
        )
        for s in path
    )


def _owners(computed: Schedule, keys: list[str], wanted: list[str]) -> dict[str, str]:
    """The first of ``keys`` (assignments) whose scope holds each of ``wanted`` (activities), where one does."""
    cols, at = columns(computed), positions(computed, "assignment")
    first = np.full(len(computed), -1, dtype=np.int64)
    for number in reversed(range(len(keys))):  # the first assignment written last: it wins
        first[at[keys[number]]] = number
    return {w: keys[k] for w in wanted if (i := cols.index.get(w)) is not None and (k := int(first[i])) >= 0}


def _movers(figures: Iterable[Figure], before: Mapping[tuple[str, str], Figure], limit: int) -> tuple[Mover, ...]:
    moved = []
    for f in figures:
        prev = before.get((f.kind, f.id))
        if prev is None or prev.forecast_finish == f.forecast_finish:
            continue
        if f.kind == "assignment" and f.status != AssignmentStatus.RUNNING.value:
            continue
        moved.append(
            Mover(
                kind=f.kind,
                id=f.id,
                name=f.name,
                previous=prev.forecast_finish,
                forecast=f.forecast_finish,
                moved_days=(f.forecast_finish - prev.forecast_finish).days,
            )
        )
    moved.sort(key=lambda m: (-abs(m.moved_days), m.kind, m.id))
    return tuple(moved[:limit])


def _lines(
    basis: _Basis,
    update: StatusUpdate,
    figures: Iterable[Figure],
    originals: Mapping[tuple[str, str], Figure],
    before: Mapping[tuple[str, str], Figure],
    findings: list[FindingLine],
    availability: Iterable[AvailabilityLine],
    start: dt.date,
    end: dt.date,
) -> tuple[list[AssignmentLine], list[tuple[str, str]], list[tuple[str, str]], list[str]]:
    """The line of every running assignment and of every one finished in the period; the started and finished
    assignments (id, title); the ids of the assignments shown, in order."""
    portfolio = basis.portfolio
    by_subject: dict[str, list[FindingLine]] = {}
    for f in findings:
        if f.subject is not None:
            by_subject.setdefault(f.subject, []).append(f)
    scopes = Scopes(portfolio, basis.computed, named=by_subject)
    available = {a.service: a for a in availability}
    rollups = basis.rollups
    lines: list[AssignmentLine] = []
    started: list[tuple[str, str]] = []
    finished: list[tuple[str, str]] = []
    shown: list[str] = []
    for figure in figures:
        if figure.kind != "assignment":
            continue
        key, roll = figure.id, rollups[figure.id]
        done_now = Progress(figure.progress) is Progress.FINISHED and start <= roll.finish <= end
        if done_now:
            finished.append((key, portfolio.assignments[key].title))
        status = AssignmentStatus(figure.status)
        if status is not AssignmentStatus.RUNNING and not (done_now and status is AssignmentStatus.FINISHED):
            continue
        if Progress(figure.progress) is not Progress.NOT_STARTED and start <= roll.start <= end:
            started.append((key, portfolio.assignments[key].title))
        shown.append(key)
        missed = tuple(dict.fromkeys(m for a in scopes.activities(key) for m in basis.missed.get(a, ()))
                       ) if basis.missed else ()
        missed = tuple(sorted(missed, key=lambda m: (m.float, m.id)))
        # the ids in scope that findings name, sorted: not every id in scope sorted
        touching = tuple(dict.fromkeys(f for i in scopes.subjects(key) for f in by_subject[i]))
        lines.append(_line(basis, update, figure, originals.get(("assignment", key)), before, scopes, key, missed,
                           touching, available, done_now))
    return lines, started, finished, shown


def _line(
    basis: _Basis,
    update: StatusUpdate,
    figure: Figure,
    original: Figure | None,
    before: Mapping[tuple[str, str], Figure],
    scopes: Scopes,
    key: str,
    missed: tuple[MissedDate, ...],
    touching: tuple[FindingLine, ...],
    available: Mapping[str, AvailabilityLine],
    done_now: bool,
) -> AssignmentLine:
    """One assignment's line: its figures against both baselines, its scope, findings and colours."""
    portfolio, computed, limits = basis.portfolio, basis.computed, basis.limits
    assignment = portfolio.assignments[key]
    roll = basis.rollups[key]
    progress = Progress(figure.progress)
    reported = update.assignments.get(key)
    services = tuple((s, portfolio.services[s].name if s in portfolio.services else s) for s in assignment.services)
    quality = _quality(touching, (available[s] for s, _ in services if s in available))
    realised = reported.realised if reported is not None else None
    by_evm = basis.money.get(key)  # CPI and EAC where the assignment has them, else the spend rule
    money = by_evm[0] if by_evm else _money(assignment.budget, realised, progress is Progress.FINISHED,
                                            limits.money_amber)
    evm_figures = by_evm[1] if by_evm else None
    # against the original when it holds the work; work new in a re-plan is measured against the re-plan
    colour = original if limits.colour == "original" and original and original.baseline_finish else figure
    no_baseline = figure.baseline_finish is None
    time = Rag.GREY if no_baseline else Rag.RED if missed else _rag(colour.rag)
    reported_rag = reported.rag if reported is not None else None
    overall = worst(time, money, quality, reported_rag) or Rag.GREEN
    if progress is Progress.NOT_STARTED or (no_baseline and overall is Rag.GREEN):
        overall = Rag.GREY  # not started, or nothing to measure against: never counted green
    explanation = " ".join(((reported.explanation if reported is not None else "") or assignment.explanation).split())
    cols, at = columns(computed), positions(computed, "assignment")[key]  # by position: no record per activity
    index, finishes, progresses, ids = cols.index, cols.finish, cols.progress, computed.ids
    own = [ids[i] for i in at[cols.milestone[at]].tolist()]  # the roll-up's milestones
    lookahead = _months.end(_months.add(basis.end, limits.lookahead_months)).toordinal()
    upcoming = sorted(
        (m for m in dict.fromkeys((*assignment.key_milestones, *own))
         if (i := index.get(m)) is not None and progresses[i] is not Progress.FINISHED and finishes[i] <= lookahead),
        key=lambda m: (finishes[index[m]], m),
    )
    prev = before.get(("assignment", key))
    rv = basis.variances
    first_start = rv.earliest_start(roll.activities)
    return AssignmentLine(
        id=key,
        title=assignment.title,
        client=assignment.client,
        contractor=assignment.contractor,
        owner=assignment.owner,
        services=services,
        migrations=tuple(_migration(portfolio, computed, m) for m in scopes.migrations(key)),
        phase=assignment.phase,
        status=AssignmentStatus(figure.status),
        progress=progress,
        start=roll.start,
        finish=roll.finish,
        baseline_start=first_start,
        baseline_finish=figure.baseline_finish,
        variance=figure.variance,
        variance_days=figure.variance_days,
        previous_finish=prev.forecast_finish if prev else None,
        moved_days=(roll.finish - prev.forecast_finish).days if prev else None,
        rag_time=time,
        rag_money=money,
        rag_quality=quality,
        rag=overall,
        rag_reported=reported_rag,
        explanation=explanation,
        explanation_missing=overall in (Rag.AMBER, Rag.RED) and not explanation,
        milestones=tuple(basis.milestone(m) for m in assignment.key_milestones if m in computed),
        next_milestones=tuple(basis.milestone(m) for m in upcoming),
        findings=touching,
        budget=assignment.budget,
        realised=realised,
        spent=realised / assignment.budget if assignment.budget and realised is not None else None,
        baseline_finish_original=original.baseline_finish if original else None,
        variance_original=original.variance if original else None,
        missed=missed,
        no_baseline=no_baseline,
        finished_in_period=done_now and AssignmentStatus(figure.status) is not AssignmentStatus.RUNNING,
        **_evm_fields(evm_figures),
    )


def _evm_fields(found: Figures | None) -> dict[str, Any]:
    """An assignment line's EVM fields: the rule that decided Geld, CPI, EAC (as the rule takes it), SPI(t)."""
    if found is None:
        return {"money_rule": "spend"}
    eac = found.eac_bottom_up if found.eac_bottom_up is not None else found.eac
    return {"money_rule": "evm", "cpi": found.cpi, "eac": eac, "spi_t": found.spi_t}


def _migration(portfolio: Portfolio, computed: Schedule, key: str) -> MigrationLine:
    m = portfolio.migrations[key]

    def name(platform: str | None) -> str | None:
        if platform is None:
            return None
        return portfolio.platforms[platform].name if platform in portfolio.platforms else platform

    decision = m.decision if m.decision in computed else None
    return MigrationLine(
        id=m.id,
        name=m.name or m.id,
        service=m.service,
        approach=m.approach.value,
        source_platform=name(m.source_platform),
        target=name(m.target),
        candidates=tuple(name(c) or c for c in m.candidates),
        decision=decision,
        decision_forecast=computed[decision].finish if decision is not None else None,
    )
