"""The AC ICT migration rules (rule set ``acict``).

Distilled from the advice of the Adviescollege ICT-toetsing "Logius
ICT-infrastructuur" (12 April 2023), the earlier BIT advice on Digipoort and
the Logius infrastructure (11 December 2019), the minister's response
(Kamerstuk 26643 nr. 1050, 5 July 2023) and the critique of "wrongly green"
reporting on the Rijks ICT-dashboard (Kamerstuk 26643 nr. 336). Each rule's
docstring gives its statement, rationale and source; its keyword-only
parameters are its thresholds.

Rules about the plan look at unfinished work: a cutover that has happened is
history, not a plan to correct.

Examples:
    >>> import datetime as dt
    >>> from portfolio.model import Portfolio, PortfolioSettings, Service
    >>> from portfolio.scheduling import schedule
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
    ...               services=[Service(id="digid", name="DigiD")])
    >>> [f.message for f in plan_per_service(p, schedule(p))]
    ["service 'digid' has no migration plan"]
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import Final

from portfolio.diagnostics import Severity
from portfolio.messages import Message
from portfolio.model import ActivityKind, Approach, AssignmentStatus, Portfolio, Rag
from portfolio.rules._columns import activities, finish_variance
from portfolio.rules._network import (
    Network,
    by_migration,
    calendar_of,
    cutovers,
    kind_places,
    landing_platform,
    migration_of,
    service_of,
)
from portfolio.rules.engine import Finding, rule
from portfolio.scheduling import ActivitySchedule, Progress, Schedule
from portfolio.slippage._index import rollups

__all__ = [
    "RULES",
    "assignment_governance",
    "availability_norm",
    "decision_before_cutover",
    "freeze_windows",
    "no_false_green",
    "phased_not_big_bang",
    "plan_per_service",
    "rehearsal_and_fallback",
    "replan_recorded",
    "source_exit_last",
    "target_ready",
]

_SET: Final = "acict"
_NO_MOVE: Final = (Approach.RETIRE, Approach.RETAIN)
_CUTOVER: Final = ("cutover",)


def _open(record: ActivitySchedule) -> bool:
    return record.progress is not Progress.FINISHED


@rule(id="plan-per-service", title="A migration plan per service", ruleset=_SET)
def plan_per_service(portfolio: Portfolio, schedule: Schedule, *, platforms: Sequence[str] = ()) -> Iterator[Finding]:
    """Every service in scope has its own migration plan with an approach and a target (or an open decision with a decision milestone).

    Rationale: the AC ICT found that one platform for all services in one go
    was too risky, and advised to let each service choose the infrastructure
    that fits it best; Logius answered "each service works out its own
    migration plan". A service without a plan is a service nobody has chosen
    for. A service that stays where it is says so with approach ``retain``.
    A migration whose file leaves its approach out is reported too: the
    loader assumes ``rehost``, but nobody has chosen it.

    Source: AC ICT, advice "Logius ICT-infrastructuur", 12 April 2023,
    recommendation 2; Logius, Viermaandsrapportage May-August 2023 ("Elke
    voorziening werkt een migratieplan uit").

    Thresholds: ``platforms`` limits the scope to services running on these
    platforms today (empty: every service).
    """
    by_service: dict[str, list[str]] = {}
    for migration in portfolio.migrations.values():
        by_service.setdefault(migration.service, []).append(migration.id)
    for service in portfolio.services.values():
        if platforms and service.platform not in platforms:
            continue
        plans = by_service.get(service.id, [])
        if not plans:
            yield Finding.of("plan-per-service.no-plan", service.id, service=service.id)
            continue
        for ident in plans:
            migration = portfolio.migrations[ident]
            if not migration.approach_stated:
                yield Finding.of("plan-per-service.no-approach", ident, migration=ident)
            if migration.approach in _NO_MOVE or migration.target:
                continue
            if migration.candidates and migration.decision:
                continue
            yield Finding.of("plan-per-service.no-target", ident, migration=ident)


@rule(id="target-ready", title="No cutover before the target platform is ready", ruleset=_SET)
def target_ready(
    portfolio: Portfolio, schedule: Schedule, *, kinds: Sequence[str] = _CUTOVER, require_logic: bool = True
) -> Iterator[Finding]:
    """No production cutover onto a platform before that platform's readiness milestone.

    Rationale: the first version of the standard platform came 2.5 years
    late, and the AC ICT found it unclear whether and when it would be usable
    for all services. A cutover dated before its landing platform is ready
    is a plan that cannot happen. With ``require_logic`` the cutover must
    also *wait* for the readiness milestone through its relations: a date
    that only happens to lie later is not protected when the platform slips.
    A readiness milestone that has actually been reached needs no relation.
    Open migrations (no target yet) are the business of
    ``decision-before-cutover``.

    Source: AC ICT, advice "Logius ICT-infrastructuur", 12 April 2023
    (usability of the platform, recommendation 1); Kamerstuk 26643 nr. 1050
    (5 July 2023).

    Thresholds: ``kinds`` of activity that count as a cutover;
    ``require_logic``.
    """
    network = Network.of(portfolio) if require_logic else None
    acts = activities(portfolio, schedule)
    waiting: dict[str, set[str]] = {}  # per readiness milestone, what follows it: one walk per platform
    for act in cutovers(portfolio, kinds):
        if not acts.is_open(act.id):
            continue
        platform_id = landing_platform(portfolio, act)
        migration = migration_of(portfolio, act)
        if platform_id is None or (migration is not None and platform_id == migration.source_platform):
            continue
        platform = portfolio.platforms.get(platform_id)
        if platform is None:
            continue
        if platform.ready is None or platform.ready not in schedule:
            yield Finding.of("target-ready.no-readiness", act.id, cutover=act.id, platform=platform_id)
            continue
        cut, ready = schedule[act.id], schedule[platform.ready]
        if cut.start < ready.finish:
            yield Finding.of("target-ready.too-early", act.id, cutover=act.id, start=cut.start,
                             ready=platform.ready, ready_finish=ready.finish, platform=platform_id)
        elif network is not None and _open(ready) and act.id not in _after(network, platform.ready, waiting):
            yield Finding.of("target-ready.no-logic", act.id, cutover=act.id, ready=platform.ready,
                             start=cut.start, ready_finish=ready.finish)


def _after(network: Network, milestone: str, known: dict[str, set[str]]) -> set[str]:
    """What follows ``milestone`` through the relations, walked once per milestone (``known`` keeps it).

    A cutover waits for its platform's readiness when it is among the milestone's descendants: the same
    question as the milestone being among the cutover's ancestors, asked once per platform instead of
    once per cutover (many cutovers share a platform and with it the long chain before its readiness).
    """
    if milestone not in known:
        known[milestone] = network.descendants(milestone)
    return known[milestone]


@rule(id="decision-before-cutover", title="No cutover before the landing decision", ruleset=_SET)
def decision_before_cutover(
    portfolio: Portfolio, schedule: Schedule, *, kinds: Sequence[str] = _CUTOVER, report_pending: bool = True
) -> Iterator[Finding]:
    """A migration whose landing platform is still open cannot have a production cutover before its decision milestone.

    Rationale: the AC ICT advised that each service choose the
    infrastructure that fits it; until that choice is made, a production
    date is a guess about a platform nobody has picked. A cutover scheduled
    before the decision, or not tied to it by relations, is an error. While
    the decision is still pending on the status date, every cutover of the
    migration is provisional: that is reported as a warning (the programme
    board may accept it with a waiver). A decision that has been taken while
    the migration still lists candidates and no target is reported too: the
    files should record the choice.

    Source: AC ICT, advice "Logius ICT-infrastructuur", 12 April 2023,
    recommendation 2; Logius, Viermaandsrapportage May-August 2023 (Digipoort:
    "moet nog besloten worden over het landings-platform").

    Thresholds: ``kinds`` of activity that count as a cutover;
    ``report_pending`` (report pending decisions as warnings).
    """
    network = Network.of(portfolio)
    members: dict[str, list[str]] = {}
    for act in cutovers(portfolio, kinds):
        if act.migration:
            members.setdefault(act.migration, []).append(act.id)
    for migration in portfolio.migrations.values():
        if not migration.is_open:
            continue
        cuts = [c for c in members.get(migration.id, []) if c in schedule]
        if migration.decision is None or migration.decision not in schedule:
            for ident in cuts:
                yield Finding.of("decision-before-cutover.no-decision", ident, cutover=ident,
                                 migration=migration.id)
            continue
        decision = schedule[migration.decision]
        after = network.reached(migration.decision, cuts)
        for cut_id in cuts:
            cut = schedule[cut_id]
            if not _open(cut):
                continue
            if cut.start < decision.finish:
                yield Finding.of("decision-before-cutover.too-early", cut_id, cutover=cut_id, start=cut.start,
                                 decision=decision.id, decision_finish=decision.finish)
            elif cut_id not in after:
                yield Finding.of("decision-before-cutover.no-logic", cut_id, cutover=cut_id, decision=decision.id)
            elif report_pending and _open(decision):
                yield Finding.of("decision-before-cutover.pending", migration.id, severity=Severity.WARNING,
                                 migration=migration.id, candidates=migration.candidates, cutover=cut_id,
                                 start=cut.start, decision=decision.id, decision_finish=decision.finish)
        if not _open(decision):
            yield Finding.of("decision-before-cutover.no-target", migration.id, decision=decision.id,
                             decision_finish=decision.finish, migration=migration.id)


@rule(id="rehearsal-and-fallback", title="Rehearse, decide go/no-go, have a way back", ruleset=_SET)
def rehearsal_and_fallback(
    portfolio: Portfolio,
    schedule: Schedule,
    *,
    kinds: Sequence[str] = _CUTOVER,
    tests: Sequence[str] = ("test-migration", "rehearsal"),
) -> Iterator[Finding]:
    """Each production cutover is preceded by a test or rehearsal migration and a go/no-go, and has a fallback scenario.

    Rationale: "zorgvuldigheid boven snelheid" (care over speed). The stable
    EASI infrastructure must not be traded for an untested move; a go/no-go
    is the moment to stop, and the fallback is what happens then. The test
    and the go/no-go must belong to the same migration and precede the
    cutover through its relations.

    Source: Logius, Viermaandsrapportage May-August 2023 (care over speed);
    BIT advice on Digipoort and the Logius infrastructure, 11 December 2019
    (a feasible, well-founded plan); AC ICT, 12 April 2023 (too risky to
    replace the stable infrastructure in one go).

    Thresholds: ``kinds`` of activity that count as a cutover; ``tests``,
    the kinds that count as a test migration.
    """
    network = Network.of(portfolio)
    acts = activities(portfolio, schedule)
    for act in cutovers(portfolio, kinds):
        if not acts.is_open(act.id):
            continue
        migration = migration_of(portfolio, act)
        if migration is None:
            yield Finding.of("rehearsal-and-fallback.no-migration", act.id, cutover=act.id)
            continue
        own = by_migration(portfolio).get(migration.id, frozenset())
        before = network.ancestor_places(act.id, within=own)  # places: the kinds are looked up by place
        no_test = before.isdisjoint(kind_places(portfolio, tests))
        no_go = before.isdisjoint(kind_places(portfolio, (ActivityKind.GO_NO_GO.value,)))
        if no_test or no_go:
            missing = "both" if no_test and no_go else "test" if no_test else "go"
            yield Finding.of("rehearsal-and-fallback.not-preceded", act.id, cutover=act.id,
                             missing=Message(f"rehearsal-and-fallback.missing-{missing}"), migration=migration.id)
        if not migration.fallback.strip():
            yield Finding.of("rehearsal-and-fallback.no-fallback", migration.id, migration=migration.id)


@rule(id="phased-not-big-bang", title="Phased, not big bang", severity=Severity.WARNING, ruleset=_SET)
def phased_not_big_bang(
    portfolio: Portfolio,
    schedule: Schedule,
    *,
    max_cutovers: int = 2,
    window: int = 10,
    kinds: Sequence[str] = _CUTOVER,
) -> Iterator[Finding]:
    """At most ``max_cutovers`` production cutovers per platform in any window of ``window`` working days.

    Rationale: the plan to move everything in one go onto one platform was
    too risky; the minister answered that a smaller, more phased approach
    should have been chosen. Cutovers bunched on one platform are a small
    big bang: one platform problem hits them all, and the same team runs them.
    Finished cutovers count (they are on the platform); only a window that
    holds an unfinished cutover is reported.

    Source: AC ICT, advice "Logius ICT-infrastructuur", 12 April 2023;
    Kamerstuk 26643 nr. 1050 (5 July 2023): "een kleinere, meer gefaseerde
    aanpak".

    Thresholds: ``max_cutovers``; ``window`` in working days (of the
    portfolio's calendar); ``kinds`` of activity that count as a cutover.
    """
    calendar = calendar_of(portfolio, None)
    by_platform: dict[str, list[tuple[int, str, bool]]] = {}
    for act in cutovers(portfolio, kinds):
        platform = landing_platform(portfolio, act)
        if platform is None or act.id not in schedule:
            continue
        record = schedule[act.id]
        by_platform.setdefault(platform, []).append((calendar.index(record.start), act.id, _open(record)))
    for platform, items in by_platform.items():
        items.sort()
        days = [item[0] for item in items]
        opened = list(accumulate((item[2] for item in items), initial=0))  # unfinished ones before each place
        reported: set[str] = set()
        for i, day in enumerate(days):
            end = bisect_left(days, day + window, lo=i)  # the window from this cutover: items[i:end], sorted by day
            if end - i > max_cutovers and opened[end] > opened[i] and items[end - 1][1] not in reported:
                group = items[i:end]
                reported.add(group[-1][1])
                yield Finding.of("phased-not-big-bang.bunched", group[-1][1], count=len(group), platform=platform,
                                 window=window, names=", ".join(f"'{x[1]}'" for x in group),
                                 max_cutovers=max_cutovers)


@rule(id="source-exit-last", title="Leave the source platform last, before its contract ends", ruleset=_SET)
def source_exit_last(
    portfolio: Portfolio, schedule: Schedule, *, kinds: Sequence[str] = _CUTOVER, require_logic: bool = True
) -> Iterator[Finding]:
    """A source platform's exit (decommission) milestone comes after the last cutover off it, and before its contract end.

    Rationale: EASI runs under expiring contracts. Switching it off before
    every service has left strands a service; running past the contract end
    is a continuity and procurement problem. With ``require_logic`` the exit
    must wait for each unfinished cutover off the platform through its
    relations, so a slipping cutover moves the exit instead of silently
    overtaking it. A source platform with a contract end but no exit
    milestone is reported as well.

    Source: AC ICT, advice "Logius ICT-infrastructuur", 12 April 2023 (the
    stable infrastructure under expiring contracts); Logius,
    Viermaandsrapportage May-August 2023.

    Thresholds: ``kinds`` of activity that count as a cutover; ``require_logic``.
    """
    network = Network.of(portfolio) if require_logic else None
    off: dict[str, list[str]] = {}
    for act in cutovers(portfolio, kinds):
        migration = migration_of(portfolio, act)
        if migration is None or migration.source_platform is None or act.id not in schedule:
            continue
        if landing_platform(portfolio, act) == migration.source_platform:
            continue
        off.setdefault(migration.source_platform, []).append(act.id)
    for platform in portfolio.platforms.values():
        leaving = off.get(platform.id, [])
        if platform.exit is None or platform.exit not in schedule:
            if leaving and platform.contract_end is not None:
                yield Finding.of("source-exit-last.no-exit", platform.id, platform=platform.id,
                                 contract_end=platform.contract_end)
            continue
        exit_ = schedule[platform.exit]
        before = network.ancestors(platform.exit) if network is not None and _open(exit_) else None
        for cut_id in leaving:
            left = schedule[cut_id]
            if left.finish > exit_.finish:
                yield Finding.of("source-exit-last.after-exit", cut_id, cutover=cut_id, platform=platform.id,
                                 finish=left.finish, exit=platform.exit, exit_finish=exit_.finish)
            elif before is not None and _open(left) and cut_id not in before:
                yield Finding.of("source-exit-last.no-logic", cut_id, exit=platform.exit, cutover=cut_id,
                                 platform=platform.id)
        if platform.contract_end is not None and exit_.finish > platform.contract_end:
            yield Finding.of("source-exit-last.after-contract", platform.id, exit=platform.exit,
                             platform=platform.id, exit_finish=exit_.finish, contract_end=platform.contract_end)


@rule(id="freeze-windows", title="No cutover in a freeze window", ruleset=_SET)
def freeze_windows(portfolio: Portfolio, schedule: Schedule, *, kinds: Sequence[str] = _CUTOVER) -> Iterator[Finding]:
    """No cutover inside a declared freeze window (e.g. around a legal go-live such as the Omgevingswet on 1 January 2024).

    Rationale: a change freeze protects a moment that must not fail; a
    migration inside it puts that moment at risk. A window limited to
    platforms applies to cutovers onto or off those platforms; one limited to
    services applies to those services' cutovers.

    The hint proposes the first working day after the window in the
    cutover's calendar (never a weekend day or a holiday).

    Source: Logius, Viermaandsrapportage May-August 2023 (Omgevingswet in
    force on 1 January 2024; continuity of the services); AC ICT, 12 April
    2023 (continuity of the stable infrastructure).

    Thresholds: ``kinds`` of activity that count as a cutover.
    """
    acts = activities(portfolio, schedule)
    for act in cutovers(portfolio, kinds):
        if not acts.is_open(act.id):
            continue
        record = schedule[act.id]
        migration = migration_of(portfolio, act)
        platforms = {landing_platform(portfolio, act), migration.source_platform if migration else None}
        service = service_of(portfolio, act)
        for window in portfolio.freeze_windows.values():
            if window.platforms and not platforms & set(window.platforms):
                continue
            if window.services and service not in window.services:
                continue
            if record.start <= window.finish and record.finish >= window.start:
                yield Finding.of("freeze-windows.in-window", act.id, cutover=act.id, start=record.start,
                                 window=window.id, window_start=window.start, window_finish=window.finish,
                                 next_day=_next_working_day(portfolio, record.calendar, window.finish))


def _next_working_day(portfolio: Portfolio, calendar_id: str | None, day: dt.date) -> dt.date:
    """The first working day after ``day`` in the activity's calendar (a date a hint may propose).

    Examples:
        >>> from portfolio.model import PortfolioSettings
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)))
        >>> _next_working_day(p, None, dt.date(2024, 1, 5))   # a Friday: the next working day is Monday
        datetime.date(2024, 1, 8)
    """
    return calendar_of(portfolio, calendar_id).add_workdays(day + dt.timedelta(days=1), 0)


def _watched(portfolio: Portfolio, schedule: Schedule, assignment_id: str) -> tuple[str, ...]:
    assignment = portfolio.assignments[assignment_id]
    if assignment.key_milestones:
        return assignment.key_milestones
    try:
        return rollups(schedule, "assignment")[assignment_id].activities
    except KeyError:
        return ()


@rule(id="assignment-governance", title="Assignments name who commissions, who delivers, and how it goes", ruleset=_SET)
def assignment_governance(
    portfolio: Portfolio, schedule: Schedule, *, tolerance: int = 10, require_report: bool = True
) -> Iterator[Finding]:
    """Every running assignment names client and contractor, a status, and an explanation when not green.

    Rationale: the AC ICT found joined-up steering missing and advised
    businesslike steering of the GDI services from policy; the monthly
    overview of running assignments is how BZK's clients follow them. The
    status is the latest status update's report on the assignment (when the
    portfolio has status updates). "Not green" is the reported RAG status,
    or, when none is reported, an unfinished key milestone (else any
    unfinished activity of the assignment) finishing more than
    ``tolerance`` working days after the current baseline. Orange and red need an explanation (cause,
    consequence, correction), in the report or on the assignment.

    Source: AC ICT, advice "Logius ICT-infrastructuur", 12 April 2023,
    recommendations 3 and 4; Logius, Viermaandsrapportage May-August 2023
    (the new monthly report on all running assignments).

    Thresholds: ``tolerance`` in working days; ``require_report``.
    """
    update = portfolio.status_update(schedule.status_date)
    for assignment in portfolio.assignments.values():
        if assignment.status is not AssignmentStatus.RUNNING:
            continue
        missing = [
            label
            for label, value in (("client", assignment.client), ("contractor", assignment.contractor))
            if not value.strip()
        ]
        if missing:
            which = missing[0] if len(missing) == 1 else "parties"
            yield Finding.of(f"assignment-governance.no-{which}", assignment.id, assignment=assignment.id)
        report = update.assignments.get(assignment.id) if update is not None else None
        if update is not None and report is None and require_report:
            yield Finding.of("assignment-governance.no-status", assignment.id, assignment=assignment.id,
                             date=update.date)
        if report is not None and report.status is not None and report.status is not AssignmentStatus.RUNNING:
            continue
        explanation = (report.explanation if report is not None else "") or assignment.explanation
        rag = report.rag if report is not None else None
        if explanation.strip():
            continue
        if rag is None:
            slip, late = finish_variance(portfolio, schedule, _watched(portfolio, schedule, assignment.id))
            if slip > tolerance:
                yield Finding.of("assignment-governance.late-unexplained", assignment.id, assignment=assignment.id,
                                 milestone=late, slip=slip)
        elif rag in (Rag.AMBER, Rag.RED):
            yield Finding.of("assignment-governance.reported-unexplained", assignment.id, assignment=assignment.id,
                             rag=Message(f"rag.{rag.value}"))


@rule(id="no-false-green", title="Never wrongly green", ruleset=_SET)
def no_false_green(portfolio: Portfolio, schedule: Schedule, *, tolerance: int = 10) -> Iterator[Finding]:
    """An assignment is never reported green while its forecast is past its baseline beyond the tolerance.

    Rationale: the Rijks ICT-dashboard was criticised for projects shown
    green while they ran late ("ten onrechte groen"). The reported RAG
    status of the latest status update is compared with the schedule: the
    unfinished key milestones (else activities) of the assignment against
    the current baseline. A milestone that has finished is history, not a
    forecast: a notice sent late months ago does not make today's green
    wrong. Assignments without a reported RAG are not judged here
    (``assignment-governance`` asks for their explanation).

    Source: Kamerstuk 26643 nr. 336 (the Rijks ICT-dashboard, "wrongly
    green"); Dutch government RAG conventions (groen = within the agreed
    limits of time, money and quality).

    Thresholds: ``tolerance`` in working days.
    """
    update = portfolio.status_update(schedule.status_date)
    if update is None:
        return
    for ident, report in update.assignments.items():
        if report.rag is not Rag.GREEN or ident not in portfolio.assignments:
            continue
        slip, which = finish_variance(portfolio, schedule, _watched(portfolio, schedule, ident))
        if slip > tolerance:
            yield Finding.of("no-false-green.late", ident, source=report.source, assignment=ident, date=update.date,
                             milestone=which, slip=slip, tolerance=tolerance)


@rule(id="replan-recorded", title="A re-baseline is a recorded decision", ruleset=_SET)
def replan_recorded(portfolio: Portfolio, schedule: Schedule) -> Iterator[Finding]:
    """A changed baseline date carries a recorded reason (a re-baseline is a decision, not an edit).

    Rationale: after the AC ICT advice the migrations were re-planned with
    considerable delay. Moving a baseline date hides slippage unless the move
    is recorded: which baseline it replaces and why. A baseline that changes
    dates of an earlier baseline (by capture date; in declaration order when
    a baseline has none) must name it under ``replaces`` and give a ``reason``.

    Source: Kamerstuk 26643 nr. 1050 (5 July 2023); the Rijks ICT-dashboard's
    report history (Kamerstuk 26643 nr. 336); Logius, Viermaandsrapportage
    May-August 2023 ("forse vertraging").
    """
    dated = list(portfolio.baselines.values())  # a baseline without a capture date is kept, in declaration order
    if all(b.captured is not None for b in dated):
        dated.sort(key=lambda b: b.captured or dt.date.min)
    for index, baseline in enumerate(dated):
        earlier = (
            portfolio.baselines.get(baseline.replaces) if baseline.replaces else (dated[index - 1] if index else None)
        )
        if earlier is None:
            continue
        moved = sorted(
            k
            for k, e in baseline.entries.items()
            if k in earlier.entries and (e.start, e.finish) != (earlier.entries[k].start, earlier.entries[k].finish)
        )
        if not moved:
            continue
        if baseline.replaces is None or not baseline.reason.strip():
            what = "no-replaces" if baseline.replaces is None else "no-reason"
            yield Finding.of(f"replan-recorded.{what}", baseline.name, baseline=baseline.name, count=len(moved),
                             earlier=earlier.name, example=moved[0])


@rule(id="availability-norm", title="Availability meets the norm", severity=Severity.WARNING, ruleset=_SET)
def availability_norm(portfolio: Portfolio, schedule: Schedule, *, norm: float = 99.8) -> Iterator[Finding]:
    """The reported availability of each service meets its norm (99.8 %).

    Rationale: the migrations must not cost continuity: Logius reports
    availability at or above the 99.8 % norm across the board, and the AC
    ICT stressed the stable existing infrastructure. The latest status
    update on or before the status date is judged; a service without its own
    ``availability_norm`` is held to ``norm``.

    Source: Logius, Viermaandsrapportage May-August 2023 ("op of boven de
    norm van 99,8 % beschikbaarheid").

    Thresholds: ``norm`` in percent.
    """
    update = portfolio.status_update(schedule.status_date)
    if update is None:
        return
    for ident, reported in update.availability.items():
        service = portfolio.services.get(ident)
        wanted = service.availability_norm if service is not None and service.availability_norm is not None else norm
        if reported < wanted:
            yield Finding.of("availability-norm.below", ident, service=ident, reported=reported, date=update.date,
                             norm=wanted)


RULES: Final = (
    plan_per_service,
    target_ready,
    decision_before_cutover,
    rehearsal_and_fallback,
    phased_not_big_bang,
    source_exit_last,
    freeze_windows,
    assignment_governance,
    no_false_green,
    replan_recorded,
    availability_norm,
)
"""The AC ICT rule set, in the order of ``docs/rules.md``."""
