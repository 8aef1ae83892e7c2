"""The ``costs:`` section: a budget per activity, or per migration spread over its activities (``docs/evm.md``).

Reads (``io/_raw.py``): ``RawCost``, one record per budget::

    costs:
      - {activity: digid.build, budget: 120000, spread: front, realised: {2023-08-31: 40000}}
      - {migration: digid.migration, budget: 450000}

Checks, with the codes raised: ``cost-subject`` (a record names neither an
activity nor a migration, or both), ``unknown-ref`` (an unknown id, with the
closest), ``duplicate-id`` (two budgets for one subject), the structuring
codes (a negative budget is ``out-of-range``, an unknown spread
``bad-value``), ``implausible-amount`` (as the assignments' budgets),
``cost-realised-date`` (realised spend at a date with no status update) and
``cost-over-budget`` (the budgets within an assignment's scope add up to more
than the assignment's budget: a warning). It builds after the assignments
and status updates, whose records it checks against.

Builds `Portfolio.costs <portfolio.model.Portfolio.costs>`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from portfolio.io._sections._context import Context, Item, Section
from portfolio.io._sections.assignments import plausible_amount
from portfolio.io._yaml_reader import MMap
from portfolio.model import Assignment, Cost, Portfolio

__all__ = ["COSTS"]


def _build(context: Context) -> dict[str, Any]:
    """The budgets, with their subjects resolved and checked against the assignments and status updates."""
    declared = context.declared
    built = context.built
    dates = {u.date for u in built["status_updates"]}
    costs: list[Cost] = []
    seen: dict[str, Item] = {}
    for item in context.items["costs"]:
        raw = item.raw
        if (raw.activity is None) == (raw.migration is None):
            both = "both an activity and a migration" if raw.activity is not None else "neither an activity nor a migration"
            context.report("cost-subject", f"a budget in the costs section names {both}", item.mark(),
                           hint="give each budget one subject: '- {activity: digid.build, budget: 120000}' or "
                           "'- {migration: digid.migration, budget: 450000}'")
            continue
        key, universe = ("activity", declared["activities"]) if raw.activity is not None else (
            "migration", declared["migrations"])
        ident = context.ref(item, key, universe, f"a budget in the costs section names {key}", getattr(raw, key))
        if ident is None:
            continue
        if ident in seen:
            context.report("duplicate-id", f"{key} '{ident}' has two budgets (first at {seen[ident].mark()})",
                           item.mark(key), subject=ident, hint="keep one budget per activity or migration")
            continue
        seen[ident] = item
        plausible_amount(context, item.data, "budget", f"the budget of {key} '{ident}'", ident)
        _check_dates(context, item, ident, dates)
        costs.append(Cost(activity=ident if key == "activity" else None, migration=ident if key == "migration"
                          else None, budget=raw.budget, spread=raw.spread, realised=raw.realised, source=item.mark()))
    _check_budgets(context, costs, seen, built)
    return {"costs": tuple(costs)}


def _check_dates(context: Context, item: Item, ident: str, dates: set[Any]) -> None:
    """``cost-realised-date`` for realised spend at a date that has no status update."""
    for date in item.raw.realised:
        if date in dates:
            continue
        known = ", ".join(str(d) for d in sorted(dates)) or "none yet"
        realised = item.data.get("realised")
        mark = realised.value_marks.get(date, realised.mark) if isinstance(realised, MMap) else item.mark("realised")
        context.report("cost-realised-date", f"the budget of '{ident}' has realised spend at {date}, a date with "
                       "no status update", mark, subject=ident,
                       hint=f"write realised spend at a status update's date (status updates: {known})")


def _check_budgets(context: Context, costs: Sequence[Cost], seen: Mapping[str, Item], built: Mapping[str, Any]) -> None:
    """``cost-over-budget`` where the budgets within an assignment's scope exceed the assignment's budget."""
    assignments: Mapping[str, Assignment] = built["assignments"]
    if not costs or not any(a.budget is not None for a in assignments.values()):
        return
    plan = Portfolio(activities=built["activities"], migrations=built["migrations"], assignments=assignments)
    scopes = plan.assignment_scopes()
    for key, assignment in assignments.items():
        if assignment.budget is None:
            continue
        scope = set(scopes[key])
        total = 0.0
        for cost in costs:
            total += cost.budget * _within(cost, plan, scope)
            if total > assignment.budget * (1 + 1e-9):
                context.report("cost-over-budget", f"the budgets in the costs section within assignment '{key}' add "
                               f"up to {total:,.0f} euros, more than its budget of {assignment.budget:,.0f}",
                               seen[cost.subject].mark("budget"), subject=key,
                               hint=f"lower these budgets, or raise 'budget:' of assignment '{key}' at "
                               f"{assignment.source}")
                break


def _within(cost: Cost, plan: Portfolio, scope: set[str]) -> float:
    """1 when a budget's activities all lie in the scope, 0 when none do, else the fraction of them that do."""
    ids = cost.activities(plan)
    return sum(1 for a in ids if a in scope) / len(ids) if ids else 0.0


COSTS: Final = Section(name="cost", build=_build)
"""Budgets per activity or migration (``docs/evm.md``)."""
