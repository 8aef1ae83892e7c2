"""Earned value of a portfolio: per assignment, service and the whole portfolio, per status update.

The inputs are what the files already hold (``docs/evm.md``):

- **BAC**: the budgets of the ``costs:`` section for the activities and
  migrations of an assignment's scope, and the rest of its ``budget`` spread over
  its other activities in proportion to their working days in the baseline
  (milestones get none); without a costs section, all of its ``budget`` so
  ([`portfolio.evm._budgets`][portfolio.evm._budgets]);
- **PV**: each activity's share spread over its baseline dates (linear over
  working days, or front- or back-loaded), summed at the status date, from the
  baseline in force then (``pv``) and from the original baseline (``pv_original``);
- **EV**: each activity's share times its fraction complete at the status update
  (finished: 1; else ``percent_complete``; else 1 - remaining / baseline duration;
  else 0);
- **AC**: the assignment's ``realised`` spend in the status update; without it,
  the sum of the realised spend the costs section gives at that date for the
  budgets within its scope.

Time is counted in working days of the portfolio's default calendar from the
earliest baseline start of the subject.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

import attrs
import numpy as np

from portfolio.diagnostics import Diagnostic, diagnostic
from portfolio.evm._budgets import SPREADS, Share, assignment_shares, costed_realised, spread_fraction
from portfolio.evm._formulas import Figures, figures
from portfolio.model import Portfolio, StatusUpdate
from portfolio.slippage._common import Calendars, lineage

__all__ = ["LEVELS", "SPREADS", "EvmReport", "EvmRow", "Share", "evm", "spread_fraction"]

LEVELS: Final = ("assignment", "service", "portfolio")
"""The levels of the figures, from the smallest."""


@attrs.frozen(kw_only=True)
class EvmRow:
    """The figures of one subject (an assignment, a service, the portfolio) at one status update."""

    date: dt.date
    level: str
    """one of `LEVELS`"""
    id: str
    name: str
    baseline: str | None
    """the baseline in force at ``date``"""
    figures: Figures
    earned_schedule_date: dt.date | None = None
    """Dates of the earned schedule and of the independent estimate of completion, when known."""
    ieac_t_date: dt.date | None = None
    planned_finish: dt.date | None = None
    curve: tuple[tuple[dt.date, float], ...] = ()
    """The plan's cumulative PV (baseline in force), one point per five working days and at its finish."""


@attrs.frozen(kw_only=True)
class EvmReport:
    """Every `EvmRow` of a portfolio and why figures are missing (located diagnostics)."""

    rows: tuple[EvmRow, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    def select(self, *, level: str | None = None, id: str | None = None) -> tuple[EvmRow, ...]:
        """The rows of one level and/or subject, in date order.

        Examples:
            >>> EvmReport().select(level="portfolio")
            ()
        """
        return tuple(r for r in self.rows if (level is None or r.level == level) and (id is None or r.id == id))

    def latest(self) -> tuple[EvmRow, ...]:
        """The rows of the latest status update.

        Examples:
            >>> EvmReport().latest()
            ()
        """
        if not self.rows:
            return ()
        last = max(r.date for r in self.rows)
        return tuple(r for r in self.rows if r.date == last)


def _fraction_done(update: StatusUpdate, share: Share) -> float:
    """An activity's fraction complete at a status update (``docs/evm.md``: EV)."""
    progress = update.progress.get(share.activity)
    if progress is None:
        return 0.0
    if progress.finished:
        return 1.0
    if progress.percent_complete is not None:
        return min(max(progress.percent_complete / 100.0, 0.0), 1.0)
    if progress.remaining is not None and share.finish > share.start:
        return min(max(1.0 - progress.remaining.days / (share.finish - share.start), 0.0), 1.0)
    return 0.0


def _curve(shares: Sequence[Share], spread: str) -> tuple[int, list[float]]:
    """The cumulative planned value per working-day boundary from the earliest start to the latest finish.

    The value each share plans inside its own days is computed for all of them at once (`_inside`), the
    same operations in the same order as `Share.planned` one day at a time, so the same floats.
    """
    first = min(s.start for s in shares)
    last = max(s.finish for s in shares)
    inside = _inside(shares, spread, first, last - first + 1)
    done = [0.0] * (last - first + 1)  # the budgets of the shares that finish at each boundary
    for s in shares:
        done[s.finish - first] += s.budget
    curve, finished = [], 0.0
    for i, planned in enumerate(inside):
        finished += done[i]
        curve.append(finished + planned)
    return first, curve


def _inside(shares: Sequence[Share], spread: str, first: int, days: int) -> list[float]:
    """What the shares under way plan at each boundary after ``first``: each share's own days only.

    Every day of every share, in share order and then day order, is one entry of a column: its fraction
    of the share's days gone by, the share's spread of it, times its budget, added up per boundary with
    `numpy.add.at` (unbuffered, in the entries' order: the sums a loop over the shares makes, to the bit).
    A front-loaded spread's ``(1 - x) ** 2`` is Python's power, taken one value at a time.
    """
    start = np.array([s.start for s in shares], dtype=np.int64)
    length = np.array([s.finish - s.start for s in shares], dtype=np.int64)
    count = np.maximum(length - 1, 0)  # the boundaries strictly inside the share
    total = int(count.sum())
    inside = np.zeros(days)
    if total == 0:
        return inside.tolist()
    row = np.repeat(np.arange(len(shares)), count)
    day = np.arange(total) - np.repeat(np.cumsum(count) - count, count) + 1  # 1 .. count of each share
    x = day / length[row]
    kinds = [s.spread or spread for s in shares]
    for kind in set(kinds):
        spread_fraction(0.5, kind)  # an unknown spread raises as `Share.planned` does
    code = np.array([SPREADS.index(kind) for kind in kinds], dtype=np.int64)[row]
    fraction = np.where(code == SPREADS.index("back"), x * x, x)
    front = np.flatnonzero(code == SPREADS.index("front"))
    if front.size:
        fraction[front] = [1.0 - (1.0 - v) ** 2 for v in x[front].tolist()]
    budget = np.array([s.budget for s in shares], dtype=np.float64)[row]
    np.add.at(inside, start[row] + day - first, budget * fraction)
    return inside.tolist()


def _row_figures(shares: Sequence[Share], original: Sequence[Share] | None, update: StatusUpdate,
                 ac: float | None, reasons: Mapping[str, str], spread: str, cals: Calendars,
                 ) -> tuple[Figures, dict[str, dt.date | None], tuple[tuple[dt.date, float], ...]]:
    t = cals.finish(None, update.date)
    first, curve = _curve(shares, spread)
    bac = sum(s.budget for s in shares)
    pv = sum(s.planned(t, spread) for s in shares)
    ev = sum(s.budget * _fraction_done(update, s) for s in shares)
    pv_original = sum(s.planned(t, spread) for s in original) if original else None
    why = dict(reasons)
    if original is None:
        why.setdefault("pv_original", "the original baseline has no dated activity of this subject")
    found = figures(bac=bac, pv=pv, ev=ev, ac=ac, pv_original=pv_original, curve=curve,
                    actual_time=float(_actual_end(update, shares, t, cals) - first), reasons=why)
    cal = cals(None)

    def day(offset: float | None) -> dt.date | None:
        if offset is None:
            return None
        boundary = min(first + round(offset), cal.size)
        return cal.date(max(boundary - 1, 0))  # the last working day before that boundary

    dates = {"earned_schedule_date": day(found.earned_schedule), "ieac_t_date": day(found.ieac_t),
             "planned_finish": day(found.planned_duration)}
    points = sorted({*range(0, len(curve), 5), len(curve) - 1})
    sampled = tuple((cal.date(min(first + i, cal.size - 1)), curve[i]) for i in points)
    return found, dates, sampled


def _actual_end(update: StatusUpdate, shares: Sequence[Share], t: int, cals: Calendars) -> int:
    """The status date's boundary, or the last actual finish when all the work is finished (AT stops then)."""
    finishes = []
    for share in shares:
        progress = update.progress.get(share.activity)
        if progress is None or progress.actual_finish is None:
            return t
        finishes.append(cals.finish(None, progress.actual_finish))
    return min(max(finishes), t) if finishes else t


def _realised(portfolio: Portfolio, update: StatusUpdate, ids: Iterable[str],
              scopes: Mapping[str, tuple[str, ...]]) -> tuple[float | None, str | None]:
    total = 0.0
    for ident in ids:
        report = update.assignments.get(ident)
        spent = report.realised if report is not None else None
        if spent is None:
            spent = costed_realised(portfolio, scopes[ident], update.date)
        if spent is None:
            return None, f"the status update of {update.date} gives no realised spend of assignment '{ident}'"
        total += spent
    return total, None


def evm(portfolio: Portfolio, *, status_date: dt.date | None = None, spread: str = "linear",
        levels: Iterable[str] = LEVELS) -> EvmReport:
    """The earned-value and earned-schedule figures of every assignment, service and the portfolio.

    Args:
        portfolio: the loaded portfolio.
        status_date: only the latest status update on or before it (default: every status update).
        spread: how a budget is spread over an activity's working days (`SPREADS`).
        levels: the rows' levels (`LEVELS`; the monthly report asks for assignments only).

    Returns:
        The rows per status update, and a diagnostic per subject whose figures cannot be computed.

    Raises:
        ValueError: for an unknown spread or level.

    Examples:
        >>> from portfolio.io import load
        >>> p = load("examples/logius").portfolio
        >>> row = evm(p, status_date=dt.date(2023, 8, 31)).select(level="assignment", id="opd-2023-001")[0]
        >>> row.figures.bac, row.figures.ev <= row.figures.bac
        (1850000.0, True)
    """
    if spread not in SPREADS:
        raise ValueError(f"unknown spread {spread!r}; the spreads are {', '.join(SPREADS)}")
    levels = frozenset(levels)
    if not levels <= set(LEVELS):
        raise ValueError(f"unknown level in {sorted(levels)}; the levels are {', '.join(LEVELS)}")
    updates = list(portfolio.status_updates)
    if status_date is not None:
        chosen = portfolio.status_update(status_date)
        updates = [chosen] if chosen is not None else []
    problems: dict[tuple[str, str | None], Diagnostic] = {}
    if not updates:
        when = f" on or before {status_date}" if status_date else ""
        found = diagnostic("evm-no-status-update", f"no status update{when}: earned value is measured at one",
                           source=portfolio.settings.source, hint="add a status update (status/YYYY-MM-DD.yaml) with progress and "
                           "realised spend")
        return EvmReport(diagnostics=(found,))
    cals = Calendars(portfolio)
    scopes = portfolio.assignment_scopes()
    rows: list[EvmRow] = []
    for update in updates:
        rows.extend(r for r in _update_rows(portfolio, update, scopes, spread, cals, problems, levels))
    return EvmReport(rows=tuple(rows), diagnostics=tuple(problems.values()))


def _update_rows(portfolio: Portfolio, update: StatusUpdate, scopes: Mapping[str, tuple[str, ...]], spread: str,
                 cals: Calendars, problems: dict[tuple[str, str | None], Diagnostic],
                 levels: frozenset[str] = frozenset(LEVELS)) -> list[EvmRow]:
    """The rows of one status update: each assignment with cost data, each service, the portfolio."""
    baseline = portfolio.baseline_as_of(update.date)
    if baseline is None:
        problems[("evm-no-baseline", None)] = diagnostic(
            "evm-no-baseline", "the portfolio has no baseline: planned value comes from one",
            source=update.source, hint="capture one with 'portfolio baseline capture PATH --name NAME'")
        return []
    original = lineage(portfolio, baseline)[-1]
    shares: dict[str, list[Share]] = {}
    originals: dict[str, list[Share]] = {}
    for key, assignment in portfolio.assignments.items():
        found = assignment_shares(portfolio, baseline, key, scopes[key], cals)
        if assignment.budget is None and not found:
            problems.setdefault(("evm-no-budget", key), diagnostic(
                "evm-no-budget", f"assignment '{key}' has no budget: no earned value for it",
                source=assignment.source, subject=key, hint=f"give assignment '{key}' a 'budget: 1200000' in euros"))
            continue
        if not found:
            problems.setdefault(("evm-no-spread", key), diagnostic(
                "evm-no-spread", f"assignment '{key}' has a budget but no activity of its scope has working days "
                f"in baseline '{baseline.name}': its budget cannot be planned", source=assignment.source,
                subject=key, hint="name the migrations or activities the budget pays for, and capture them in "
                "the baseline"))
            continue
        shares[key] = found
        same = original is baseline  # the original baseline in force: its shares are the ones just found
        originals[key] = found if same else assignment_shares(portfolio, original, key, scopes[key], cals)
    rows = []
    groups: list[tuple[str, str, str, list[str]]] = [
        ("assignment", key, portfolio.assignments[key].title, [key]) for key in shares]
    only: dict[str, list[str]] = {}  # service -> the assignments of that service alone (one pass, not one per service)
    for k in shares:
        if len(named := set(portfolio.assignments[k].services)) == 1:
            only.setdefault(next(iter(named)), []).append(k)
    for service_id, service in portfolio.services.items():
        members = only.get(service_id, [])
        if members:
            groups.append(("service", service_id, service.name, members))
    if shares:
        groups.append(("portfolio", portfolio.settings.name, portfolio.settings.name, list(shares)))
    for level, ident, name, members in (g for g in groups if g[0] in levels):
        ac, why = _realised(portfolio, update, members, scopes)
        reasons = {"ac": why} if why else {}
        if why and level == "assignment":
            problems.setdefault(("evm-no-realised", ident), diagnostic(
                "evm-no-realised", f"{why}: AC, CV, CPI and the estimates at completion are not known",
                source=update.source, subject=ident,
                hint=f"add 'assignments: {{{ident}: {{realised: 250000}}}}' to the status update"))
        own = [s for k in members for s in shares[k]]
        first = [s for k in members for s in originals[k]]
        computed, dates, sampled = _row_figures(own, first or None, update, ac, reasons, spread, cals)
        rows.append(EvmRow(date=update.date, level=level, id=ident, name=name, baseline=baseline.name,
                           figures=computed, earned_schedule_date=dates["earned_schedule_date"],
                           ieac_t_date=dates["ieac_t_date"], planned_finish=dates["planned_finish"],
                           curve=sampled))
    return rows
