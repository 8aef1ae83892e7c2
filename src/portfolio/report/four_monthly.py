"""The four-monthly report (viermaandsrapportage) per domain, as data: plain records, no formatting.

`four_monthly_report` builds the report for a span of whole months
(``2023-05..2023-08``, or ``2023-T2`` for the second third of 2023) from a
portfolio and, optionally, the published-report store. It reuses the monthly
report ([`monthly_report`][portfolio.report.data.monthly_report]) of the span's last month
for the state at the end (key milestones, migrations, explanations, the driving
path) and the figures of the month before the span for the state at its start;
a store's published figures take the place of recomputed ones for both.
Availability per month comes from the status updates dated in that month.
It reads no clock and speaks no language ([`portfolio.report.i18n`][portfolio.report.i18n]).

Examples:
    >>> from portfolio.io import load
    >>> report = four_monthly_report(load("examples/logius").portfolio, "2023-T2")
    >>> report.span, report.months
    ('2023-05..2023-08', ('2023-05', '2023-06', '2023-07', '2023-08'))
    >>> [d.name for d in report.domains][-1], report.availability_dates
    ('', (datetime.date(2023, 8, 31),))
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final, TypeVar

import attrs

from portfolio import _months
from portfolio.model import FinanceLine, FinanceNote, Portfolio, StatusUpdate
from portfolio.report.data import MigrationLine, MonthlyReport, PathStep, Replan, Thresholds, monthly_report
from portfolio.slippage import Figure, period_end
from portfolio.slippage._figures import previous_period

if TYPE_CHECKING:  # a report opens no store unless there is one: sqlite3 is not imported without it
    from portfolio.store import Store

__all__ = [
    "DomainSection",
    "FinanceGroup",
    "FourMonthlyReport",
    "KeyMilestoneMove",
    "Reached",
    "ServiceAvailability",
    "WaiverLine",
    "four_monthly_report",
    "parse_span",
]

_SPAN: Final = re.compile(r"^(\d{4}-\d{2})\.\.(\d{4}-\d{2})$")
_THIRD: Final = re.compile(r"^(\d{4})-T([123])$", re.IGNORECASE)
PORTFOLIO_DOMAIN: Final = ""
"""The domain of whatever belongs to no service (platforms, the portfolio's own milestones)."""
T = TypeVar("T")


def parse_span(span: str) -> tuple[str, ...]:
    """The months (``YYYY-MM``) of a span ``YYYY-MM..YYYY-MM`` or a third of a year ``YYYY-Tn``.

    Raises ValueError for anything else, or a span that ends before it starts.

    Examples:
        >>> parse_span("2023-T2")
        ('2023-05', '2023-06', '2023-07', '2023-08')
        >>> parse_span("2023-11..2024-01")
        ('2023-11', '2023-12', '2024-01')
    """
    third = _THIRD.match(span.strip())
    if third:
        year, part = int(third.group(1)), int(third.group(2))
        first, last = f"{year:04d}-{4 * part - 3:02d}", f"{year:04d}-{4 * part:02d}"
    else:
        match = _SPAN.match(span.strip())
        if match is None:
            raise ValueError(f"{span!r} is not a span; write YYYY-MM..YYYY-MM (e.g. 2023-05..2023-08) or YYYY-Tn")
        first, last = match.group(1), match.group(2)
    period_end(first), period_end(last)  # each month must be valid
    if last < first:
        raise ValueError(f"{span!r} ends before it starts; write the earlier month first")
    return _months.periods(period_end(first), period_end(last))


@attrs.frozen(kw_only=True)
class ServiceAvailability:
    """One service's availability as each status update in the span reports it (None: no figure).

    A status update's figure covers the time since the previous update: the
    update of 31 August after one of 28 April covers May to August.
    """

    service: str
    name: str
    norm: float | None
    months: tuple[float | None, ...]
    """in the order of `FourMonthlyReport.availability_dates`"""

    @property
    def below(self) -> tuple[bool, ...]:
        """Per month: True when the figure is below the norm."""
        return tuple(v is not None and self.norm is not None and v < self.norm for v in self.months)

    @property
    def meets(self) -> bool | None:
        """True when every reported month meets the norm; None when no month has a figure or there is no norm."""
        known = [v for v in self.months if v is not None]
        return None if not known or self.norm is None else not any(self.below)


@attrs.frozen(kw_only=True)
class KeyMilestoneMove:
    """A key milestone's forecast at the start and end of the span, against the baselines, with the reason."""

    id: str
    name: str
    baseline: dt.date | None
    """in the baseline in force at the end"""
    baseline_original: dt.date | None
    forecast_start: dt.date | None
    """None: not known before the span"""
    forecast_end: dt.date
    variance: int | None
    """working days against the baseline in force (positive = late)"""
    variance_original: int | None
    rag: str
    progress: str
    reason: str
    """the explanation of the assignment it belongs to, "" when none"""

    @property
    def moved_days(self) -> int | None:
        """Calendar days the forecast moved over the span (positive = later)."""
        return None if self.forecast_start is None else (self.forecast_end - self.forecast_start).days


@attrs.frozen(kw_only=True)
class Reached:
    """A milestone reached (actual finish) in the span."""

    id: str
    name: str
    date: dt.date


@attrs.frozen(kw_only=True)
class WaiverLine:
    """A waiver accepted or expiring in the span."""

    rule: str
    subject: str | None
    reason: str
    accepted_by: str
    expires: dt.date
    new: bool
    """accepted in the span (else: it expires in the span)"""


@attrs.frozen(kw_only=True)
class DomainSection:
    """One domain's part of the report."""

    name: str
    """the services' domain; "" for the portfolio-wide part (platforms, the portfolio's milestones)"""
    availability: tuple[ServiceAvailability, ...]
    migrations: tuple[MigrationLine, ...]
    key_milestones: tuple[KeyMilestoneMove, ...]
    reached: tuple[Reached, ...]
    decided: tuple[MigrationLine, ...]
    """landing decisions taken in the span"""
    open: tuple[MigrationLine, ...]
    """landing decisions still open at the end"""
    finished: tuple[tuple[str, str, str], ...]
    """(id, title, explanation) of assignments finished in the span"""


@attrs.frozen(kw_only=True)
class FinanceGroup:
    """A budget group's totals: the lines, the free-text items against it and the net result."""

    name: str
    lines: tuple[FinanceLine, ...]
    notes: tuple[FinanceNote, ...]
    budget: float
    realised: float
    forecast: float

    @property
    def under(self) -> float:
        """Under-realisation: budget minus forecast (negative: over-realisation)."""
        return self.budget - self.forecast

    @property
    def offset(self) -> float:
        """The items' amounts (e.g. uncovered spend) set against the under-realisation."""
        return sum(n.amount or 0.0 for n in self.notes)

    @property
    def net(self) -> float:
        """Per saldo: the under-realisation less the offsetting items.

        Examples:
            >>> g = FinanceGroup(name="B&E GDI", lines=(), notes=(FinanceNote(text="x", amount=10.395e6),),
            ...                  budget=216.5e6, realised=0.0, forecast=216.5e6 - 18.842e6)
            >>> round(g.net / 1e6, 3), round(100 * g.net_percent, 1)
            (8.447, 3.9)
        """
        return self.under - self.offset

    @property
    def net_percent(self) -> float | None:
        """The net result as a fraction of the budget; None for a zero budget."""
        return self.net / self.budget if self.budget else None


@attrs.frozen(kw_only=True)
class FourMonthlyReport:
    """The four-monthly report (viermaandsrapportage), as data."""

    portfolio: str
    description: str
    span: str
    """``YYYY-MM..YYYY-MM``"""
    months: tuple[str, ...]
    span_start: dt.date
    span_end: dt.date
    status_date: dt.date
    """the latest status update by the span's end"""
    start_date: dt.date | None
    """the status date of the state at the start (None: nothing before the span)"""
    availability_dates: tuple[dt.date, ...]
    """the status updates in the span, whose availability figures it shows"""
    comments: str
    baseline: str
    original_baseline: str
    domains: tuple[DomainSection, ...]
    driving_path: tuple[PathStep, ...]
    path_to: str | None
    path_to_name: str
    replans: tuple[Replan, ...]
    """re-plans captured in the span"""
    waivers: tuple[WaiverLine, ...]
    finance: tuple[FinanceGroup, ...]
    finance_date: dt.date | None
    """the status date the finance figures are from"""
    sources: tuple[tuple[str, str], ...]
    """(period, "published" or "recomputed") of the start and end figures"""
    day_unit: str = "wd"

    @property
    def finance_total(self) -> FinanceGroup | None:
        """All groups together (None without finance figures)."""
        if not self.finance:
            return None
        return FinanceGroup(
            name="",
            lines=tuple(line for g in self.finance for line in g.lines),
            notes=tuple(n for g in self.finance for n in g.notes),
            budget=sum(g.budget for g in self.finance),
            realised=sum(g.realised for g in self.finance),
            forecast=sum(g.forecast for g in self.finance),
        )

    def __repr__(self) -> str:
        return f"<FourMonthlyReport {self.span} (status date {self.status_date.isoformat()}): {len(self.domains)} domains>"


def _figures(
    portfolio: Portfolio, period: str, store: Store | None, end: MonthlyReport | None, limits: Thresholds
) -> tuple[tuple[Figure, ...], dt.date | None, str] | None:
    """The figures of ``period``: published when the store has them, else recomputed; None before any update."""
    published = store.latest(period) if store is not None else None
    if published is not None:
        return published.figures, published.status_date, "published"
    if end is not None and end.period == period:
        return end.figures, end.status_date, "recomputed"
    try:
        report = monthly_report(portfolio, period, thresholds=limits)
    except LookupError:
        return None
    return report.figures, report.status_date, "recomputed"


def _domain_of(portfolio: Portfolio, activity: str) -> str:
    act = portfolio.activities.get(activity)
    if act is None:
        return PORTFOLIO_DOMAIN
    migration = portfolio.migrations.get(act.migration) if act.migration is not None else None
    service = act.service or (migration.service if migration is not None else None)
    found = portfolio.services.get(service) if service is not None else None
    return found.domain if found is not None else PORTFOLIO_DOMAIN


def _updates_in(portfolio: Portfolio, first: dt.date, last: dt.date) -> tuple[StatusUpdate, ...]:
    return tuple(u for u in portfolio.status_updates if first <= u.date <= last)


def _availability(portfolio: Portfolio, first: dt.date, last: dt.date) -> dict[str, list[ServiceAvailability]]:
    by_month = _updates_in(portfolio, first, last)
    found: dict[str, list[ServiceAvailability]] = {}
    for s in portfolio.services.values():
        values = tuple(u.availability.get(s.id) for u in by_month)
        if s.availability_norm is None and all(v is None for v in values):
            continue
        found.setdefault(s.domain, []).append(
            ServiceAvailability(service=s.id, name=s.name, norm=s.availability_norm, months=values)
        )
    return found


def _moves(
    portfolio: Portfolio, end: MonthlyReport, start: Iterable[Figure], ends: Iterable[Figure]
) -> list[KeyMilestoneMove]:
    before = {f.id: f.forecast_finish for f in start if f.kind == "milestone"}
    after = {f.id: f for f in ends if f.kind == "milestone"}
    reasons = {m.id: a.explanation for a in end.assignments for m in a.milestones}
    moves = []
    for m in end.key_milestones:
        figure = after.get(m.id)
        moves.append(KeyMilestoneMove(
            id=m.id, name=m.name, baseline=m.baseline, baseline_original=m.baseline_original,
            forecast_start=before.get(m.id), forecast_end=figure.forecast_finish if figure else m.forecast,
            variance=m.variance, variance_original=m.variance_original,
            rag=figure.rag if figure else (m.rag.value if m.rag else "new"), progress=m.progress.value,
            reason=reasons.get(m.id, ""),
        ))
    return moves


def _reached(portfolio: Portfolio, update: StatusUpdate, first: dt.date, last: dt.date) -> list[tuple[str, Reached]]:
    found = []
    for ident, progress in update.progress.items():
        act = portfolio.activities.get(ident)
        done = progress.actual_finish
        if act is None or not act.is_milestone or done is None or not first <= done <= last:
            continue
        found.append((_domain_of(portfolio, ident), Reached(id=ident, name=act.name or ident, date=done)))
    return sorted(found, key=lambda pair: (pair[1].date, pair[1].id))


def _finished(
    portfolio: Portfolio, start: Iterable[Figure], ends: Iterable[Figure], update: StatusUpdate
) -> list[tuple[str, tuple[str, str, str]]]:
    before = {f.id for f in start if f.kind == "assignment" and f.progress == "finished"}
    found = []
    for f in ends:
        if f.kind != "assignment" or f.progress != "finished" or f.id in before:
            continue
        assignment = portfolio.assignments[f.id]
        domain = next((portfolio.services[s].domain for s in assignment.services if s in portfolio.services),
                      PORTFOLIO_DOMAIN)
        said = update.assignments.get(f.id)
        explanation = " ".join((said.explanation if said and said.explanation else assignment.explanation).split())
        found.append((domain, (f.id, assignment.title, explanation)))
    return found


def _decisions(
    portfolio: Portfolio, end: MonthlyReport, update: StatusUpdate, first: dt.date
) -> tuple[dict[str, list[MigrationLine]], dict[str, list[MigrationLine]]]:
    decided: dict[str, list[MigrationLine]] = {}
    still_open: dict[str, list[MigrationLine]] = {}
    seen: set[str] = set()
    for m in (m for a in end.assignments for m in a.migrations):
        if m.id in seen or m.decision is None:
            continue
        seen.add(m.id)
        domain = portfolio.services[m.service].domain if m.service in portfolio.services else PORTFOLIO_DOMAIN
        done = update.progress.get(m.decision)
        finish = done.actual_finish if done is not None else None
        if m.target is None and finish is None:
            still_open.setdefault(domain, []).append(m)
        elif finish is not None and finish >= first:
            decided.setdefault(domain, []).append(m)
    return decided, still_open


def _finance(update: StatusUpdate | None) -> tuple[FinanceGroup, ...]:
    if update is None:
        return ()
    groups: dict[str, list[FinanceLine]] = {}
    for line in update.finance:
        groups.setdefault(line.group, []).append(line)
    for note in update.finance_notes:
        groups.setdefault(note.group, [])
    return tuple(
        FinanceGroup(
            name=name, lines=tuple(lines), notes=tuple(n for n in update.finance_notes if n.group == name),
            budget=sum(line.budget for line in lines), realised=sum(line.realised or 0.0 for line in lines),
            forecast=sum(line.budget if line.forecast is None else line.forecast for line in lines),
        )
        for name, lines in groups.items()
    )


def _waivers(portfolio: Portfolio, first: dt.date, last: dt.date) -> tuple[WaiverLine, ...]:
    lines = []
    for w in portfolio.waivers:
        new = w.accepted is not None and first <= w.accepted <= last
        if new or first <= w.expires <= last:
            lines.append(WaiverLine(rule=w.rule, subject=w.subject, reason=" ".join(w.reason.split()),
                                    accepted_by=w.accepted_by, expires=w.expires, new=new))
    return tuple(lines)


def _finance_update(portfolio: Portfolio, last: dt.date) -> StatusUpdate | None:
    return next((u for u in reversed(portfolio.status_updates) if u.date <= last and u.finance), None)


def four_monthly_report(
    portfolio: Portfolio,
    span: str,
    *,
    store: Store | None = None,
    thresholds: Thresholds | None = None,
    baseline_name: str | None = None,
) -> FourMonthlyReport:
    """The four-monthly report of ``portfolio`` over ``span`` (``YYYY-MM..YYYY-MM`` or ``YYYY-Tn``).

    Any span of whole months works; the state at its end is the monthly
    report of its last month, the state at its start the figures of the month
    before it (published in ``store`` when it holds them, else recomputed).
    Finance comes from the latest status update by the span's end that
    carries finance lines.

    Raises ValueError for a malformed span and LookupError when the portfolio
    has no status update by the span's end or no baseline.

    Examples:
        >>> from portfolio.io import load
        >>> report = four_monthly_report(load("examples/logius").portfolio, "2023-05..2023-08")
        >>> [(m.id, m.forecast_end.isoformat()) for d in report.domains for m in d.key_milestones
        ...  if m.id == "eherkenning.cutover"]
        [('eherkenning.cutover', '2023-10-02')]
        >>> [(g.name, round(g.net / 1e6, 3)) for g in report.finance][:1]
        [('B&E GDI', 8.447)]
    """
    months = parse_span(span)
    limits = thresholds or Thresholds()
    first, last = period_end(months[0]).replace(day=1), period_end(months[-1])
    end = monthly_report(portfolio, months[-1], store=store, thresholds=limits, baseline_name=baseline_name)
    ends = _figures(portfolio, months[-1], store, end, limits)
    starts = _figures(portfolio, previous_period(months[0]), store, None, limits)
    end_figures = ends[0] if ends else end.figures
    start_figures = starts[0] if starts else ()
    update = portfolio.status_update(last)
    assert update is not None  # monthly_report raised LookupError otherwise
    finance_update = _finance_update(portfolio, last)
    return FourMonthlyReport(
        portfolio=end.portfolio,
        description=end.description,
        span=f"{months[0]}..{months[-1]}",
        months=months,
        span_start=first,
        span_end=last,
        status_date=end.status_date,
        start_date=starts[1] if starts else None,
        availability_dates=tuple(u.date for u in _updates_in(portfolio, first, last)),
        comments=end.comments,
        baseline=end.baseline,
        original_baseline=end.original_baseline,
        domains=_domains(portfolio, end, update, start_figures, end_figures, (first, last)),
        driving_path=end.driving_path,
        path_to=end.path_to,
        path_to_name=end.path_to_name,
        replans=tuple(r for r in end.replans if r.captured is not None and first <= r.captured <= last),
        waivers=_waivers(portfolio, first, last),
        finance=_finance(finance_update),
        finance_date=finance_update.date if finance_update else None,
        sources=((previous_period(months[0]), starts[2] if starts else "none"),
                 (months[-1], ends[2] if ends else "none")),
        day_unit=end.day_unit,
    )


def _domains(
    portfolio: Portfolio,
    end: MonthlyReport,
    update: StatusUpdate,
    start: Sequence[Figure],
    ends: Sequence[Figure],
    dates: tuple[dt.date, dt.date],
) -> tuple[DomainSection, ...]:
    """The domain sections, in the order the services declare their domains; the portfolio-wide part last."""
    availability = _availability(portfolio, *dates)
    moves = _moves(portfolio, end, start, ends)
    reached = _reached(portfolio, update, *dates)
    finished = _finished(portfolio, start, ends, update)
    decided, still_open = _decisions(portfolio, end, update, dates[0])
    migrations: dict[str, list[MigrationLine]] = {}
    seen: set[str] = set()
    for m in (m for a in end.assignments for m in a.migrations):
        if m.id not in seen:
            seen.add(m.id)
            domain = portfolio.services[m.service].domain if m.service in portfolio.services else PORTFOLIO_DOMAIN
            migrations.setdefault(domain, []).append(m)
    names = list(dict.fromkeys(s.domain for s in portfolio.services.values()))
    names.append(PORTFOLIO_DOMAIN)
    moved = _by_domain((_domain_of(portfolio, m.id), m) for m in moves)  # once each, not once per domain
    reached_in, finished_in = _by_domain(reached), _by_domain(finished)
    sections = []
    for name in dict.fromkeys(names):
        section = DomainSection(
            name=name,
            availability=tuple(availability.get(name, ())),
            migrations=tuple(migrations.get(name, ())),
            key_milestones=tuple(moved.get(name, ())),
            reached=tuple(reached_in.get(name, ())),
            decided=tuple(decided.get(name, ())),
            open=tuple(still_open.get(name, ())),
            finished=tuple(finished_in.get(name, ())),
        )
        if name or any(attrs.astuple(section, recurse=False)[1:]):
            sections.append(section)
    return tuple(sections)



def _by_domain(pairs: Iterable[tuple[str, T]]) -> dict[str, list[T]]:
    """The items of (domain, item) pairs per domain, in their order."""
    found: dict[str, list[T]] = {}
    for domain, item in pairs:
        found.setdefault(domain, []).append(item)
    return found
