"""Where an assignment's budget comes from: the ``costs:`` section when it names the scope's work, else the budget.

The rule (``docs/evm.md``, "Inputs"):

- an activity's budget in the ``costs:`` section is that activity's share, exactly;
- a migration's budget is spread over its activities by their working days in
  the baseline, and the assignment takes the shares of the activities in its scope;
- what is left of the assignment's ``budget`` (if anything) is spread over the
  other activities of its scope by their working days, as without a costs section;
- an assignment without a ``budget`` whose scope has budgets in the section gets their sum.

Each share keeps the spread of its budget (``spread:``), or the analysis's spread when it gives none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

import attrs

from portfolio.model import Baseline, Cost, Portfolio
from portfolio.slippage._common import Calendars
from portfolio.slippage._index import shared

__all__ = ["SPREADS", "Share", "assignment_shares", "costed_realised", "spread_fraction"]

SPREADS: Final = ("linear", "front", "back")
"""The spreading rules of a budget over an activity's working days."""


def spread_fraction(x: float, spread: str = "linear") -> float:
    """The fraction of an activity's budget planned by fraction ``x`` of its working days.

    Linear spends evenly; front-loaded ``1 - (1 - x)^2`` spends most early,
    back-loaded ``x^2`` most late. ``x`` is clipped to [0, 1].

    Args:
        x: the fraction of the activity's working days gone by.
        spread: one of `SPREADS`.

    Returns:
        The cumulative fraction of its budget, from 0 to 1.

    Raises:
        ValueError: for an unknown spread.

    Examples:
        >>> spread_fraction(0.5), spread_fraction(0.5, "front"), spread_fraction(0.5, "back")
        (0.5, 0.75, 0.25)
    """
    x = min(max(x, 0.0), 1.0)
    if spread == "linear":
        return x
    if spread == "front":
        return 1.0 - (1.0 - x) ** 2
    if spread == "back":
        return x * x
    raise ValueError(f"unknown spread {spread!r}; the spreads are {', '.join(SPREADS)}")


@attrs.frozen(kw_only=True)
class Share:
    """One activity's part of a budget, planned from working day ``start`` to ``finish`` (boundaries).

    ``spread`` is the share's own spreading rule (from the ``costs:`` section), None for the analysis's.
    """

    activity: str
    budget: float
    start: int
    finish: int
    spread: str | None = None

    def planned(self, t: float, spread: str = "linear") -> float:
        """The planned value of this share at working-day boundary ``t`` (its own spread first).

        Examples:
            >>> Share(activity="a", budget=100.0, start=0, finish=10).planned(5)
            50.0
            >>> Share(activity="a", budget=100.0, start=0, finish=10, spread="back").planned(5)
            25.0
        """
        if self.finish <= self.start:
            return self.budget if t >= self.finish else 0.0
        return self.budget * spread_fraction((t - self.start) / (self.finish - self.start), self.spread or spread)


def _spans(baseline: Baseline, scope: Sequence[str], cals: Calendars) -> list[tuple[str, int, int]]:
    spans = []
    for ident in scope:
        entry = baseline.entries.get(ident)
        if entry is None:
            continue
        start = cals.start(None, entry.start)
        spans.append((ident, start, max(cals.finish(None, entry.finish), start)))
    return spans


def spread_budget(baseline: Baseline, budget: float, scope: Sequence[str], cals: Calendars,
                  spread: str | None = None) -> list[Share]:
    """A budget spread over the scope's activities in proportion to their baseline working days (milestones none)."""
    spans = _spans(baseline, scope, cals)
    total = sum(f - s for _, s, f in spans)
    if total <= 0:
        return []
    return [Share(activity=i, budget=budget * (f - s) / total, start=s, finish=f, spread=spread)
            for i, s, f in spans if f > s]


@attrs.frozen
class _CostIndex:
    """The costs section indexed once per portfolio: each budget's activities, and the budgets of each activity.

    `Cost.activities` walks every activity for a migration's budget; asked per budget and per assignment
    (and again per assignment for the realised spend) that was assignments x budgets x activities.
    """

    members: tuple[tuple[str, ...], ...]
    """`Cost.activities` of each budget, in the order of the costs section"""
    of_activity: dict[str, list[int]]
    """activity id -> the numbers of the budgets that pay for it, ascending"""
    empty: tuple[int, ...]
    """the numbers of the budgets without activities (a migration that has none yet)"""

    @classmethod
    def of(cls, portfolio: Portfolio) -> _CostIndex:
        return shared(portfolio, "cost-index", lambda: cls._build(portfolio))

    @classmethod
    def _build(cls, portfolio: Portfolio) -> _CostIndex:
        by_migration: dict[str | None, list[str]] = {}
        for a in portfolio.activities.values():
            by_migration.setdefault(a.migration, []).append(a.id)
        members = tuple((c.activity,) if c.activity is not None else tuple(by_migration.get(c.migration, ()))
                        for c in portfolio.costs)
        of_activity: dict[str, list[int]] = {}
        for number, ids in enumerate(members):
            for ident in dict.fromkeys(ids):
                of_activity.setdefault(ident, []).append(number)
        return cls(members, of_activity, tuple(n for n, ids in enumerate(members) if not ids))

    def touching(self, scope: Sequence[str]) -> list[int]:
        """The numbers of the budgets that pay for any activity of ``scope``, in the order of the section."""
        of = self.of_activity
        return sorted({n for ident in scope for n in of.get(ident, ())})


def _cost_shares(portfolio: Portfolio, baseline: Baseline, cost: Cost, members: Sequence[str],
                 cals: Calendars) -> list[Share]:
    """A budget of the costs section as shares: an activity's exactly, a migration's over its activities
    (``members``: `Cost.activities`)."""
    spread = str(cost.spread) if cost.spread is not None else None
    if cost.activity is None:
        return spread_budget(baseline, cost.budget, members, cals, spread)
    spans = _spans(baseline, (cost.activity,), cals)
    return [Share(activity=i, budget=cost.budget, start=s, finish=f, spread=spread) for i, s, f in spans]


def assignment_shares(portfolio: Portfolio, baseline: Baseline, key: str, scope: Sequence[str],
                      cals: Calendars) -> list[Share]:
    """The shares of an assignment's budget at a baseline, by the rule above.

    Args:
        portfolio: the portfolio (its ``costs`` and the assignment's ``budget``).
        baseline: the baseline whose dates plan the shares.
        key: the assignment's id.
        scope: its activities (`Portfolio.assignment_scopes`).
        cals: the portfolio's calendars.

    Returns:
        The shares, empty when nothing can be planned.

    Examples:
        >>> from portfolio.io import load
        >>> p = load("examples/logius").portfolio
        >>> base = p.current_baseline
        >>> shares = assignment_shares(p, base, "opd-2023-001", p.assignment_scopes()["opd-2023-001"], Calendars(p))
        >>> round(sum(s.budget for s in shares)) == p.assignments["opd-2023-001"].budget
        True
    """
    inside = set(scope)
    index, costs = _CostIndex.of(portfolio), portfolio.costs
    costed: list[Share] = []
    for number in index.touching(scope):
        costed.extend(s for s in _cost_shares(portfolio, baseline, costs[number], index.members[number], cals)
                      if s.activity in inside)
    budget = portfolio.assignments[key].budget
    if not costed:
        return spread_budget(baseline, budget, scope, cals) if budget is not None else []
    rest = (budget or 0.0) - sum(s.budget for s in costed)
    if rest > 0:
        paid = {s.activity for s in costed}
        costed.extend(spread_budget(baseline, rest, [a for a in scope if a not in paid], cals))
    return costed


def costed_realised(portfolio: Portfolio, scope: Sequence[str], date: dt.date) -> float | None:
    """The realised spend the costs section gives at ``date`` for budgets wholly within the scope, None if none.

    Examples:
        >>> costed_realised(Portfolio(), (), dt.date(2023, 8, 31)) is None
        True
    """
    inside = set(scope)
    index, costs = _CostIndex.of(portfolio), portfolio.costs
    candidates = sorted({*index.touching(scope), *index.empty})  # a budget without activities is within any scope
    found = [costs[n].realised[date] for n in candidates
             if date in costs[n].realised and inside.issuperset(index.members[n])]
    return sum(found) if found else None
