"""The ``assignments:`` section: the contracted work, its budget and what it covers; the plausibility of amounts.

Reads (``io/_raw.py``): ``RawAssignment``.

Checks, with the codes raised: ``bad-id``, ``duplicate-id``,
``unknown-ref`` (the services, migrations, activities and key milestones
it names) and ``implausible-amount`` (a budget under 100 euros, or one
written ``3.400`` where 3400 is meant). The amount checks are shared with
the status updates (``status.py``: realised amounts and spending over the
budget).

Builds `Portfolio.assignments <portfolio.model.Portfolio.assignments>`.
"""

from __future__ import annotations

from typing import Any, Final

from portfolio.io._sections._context import Context, Item, Section
from portfolio.io._values import MAX_AMOUNT, MIN_PLAUSIBLE_AMOUNT, SPENT_FACTOR, WrittenFloat, thousands_habit
from portfolio.io._yaml_reader import MMap
from portfolio.model import Assignment

__all__ = ["ASSIGNMENTS", "plausible_amount", "plausible_spending"]


def declare(context: Context) -> None:
    """Check the assignments' ids: ``context.declared["assignments"]``."""
    context.declared["assignments"] = context.unique(
        ((i.raw.id, i) for i in context.items["assignments"]), "assignment"
    )


def build(context: Context) -> dict[str, Any]:
    """The assignments, with what they name resolved and their budgets checked."""
    declared = context.declared
    assignments: dict[str, Assignment] = {}
    for ident, item in declared["assignments"].items():
        raw = item.raw
        where = f"assignment '{ident}'"
        plausible_amount(context, item.data, "budget", where, ident)
        assignments[ident] = Assignment(
            id=ident,
            title=raw.title,
            client=raw.client,
            contractor=raw.contractor,
            owner=raw.owner,
            services=context.refs(item, "services", declared["services"], f"{where} names service", ident),
            migrations=context.refs(item, "migrations", declared["migrations"], f"{where} names migration", ident),
            activities=context.refs(item, "activities", declared["activities"], f"{where} names activity", ident),
            key_milestones=context.refs(
                item, "key_milestones", declared["activities"], f"{where} has key milestone", ident
            ),
            budget=raw.budget,
            status=raw.status,
            phase=raw.phase,
            explanation=raw.explanation,
            source=item.mark(),
        )
    return {"assignments": assignments}


def plausible_amount(context: Context, node: Any, key: str, where: str, subject: str) -> None:
    """An ``implausible-amount`` warning for an amount under 100 euros, with the fix for ``3.400`` meant as 3400.

    Args:
        context: where the warning goes.
        node: the located record holding the amount.
        key: the amount's key in it (``budget``, ``realised``).
        where: how the message names the record.
        subject: what the warning is about.

    Examples:
        >>> from pathlib import Path
        >>> from portfolio.model import Source
        >>> context, node = Context(Path("plan.yaml")), MMap(Source("plan.yaml", 2, 3))
        >>> node["budget"] = WrittenFloat(3.4, "3.400")
        >>> plausible_amount(context, node, "budget", "assignment 'opd-1'", "opd-1")
        >>> context.diagnostics[0].hint
        "did you mean 'budget: 3400'? write euros without thousands separators"
    """
    value = node.get(key) if isinstance(node, MMap) else None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < MAX_AMOUNT:
        return
    written = value.text if isinstance(value, WrittenFloat) else str(value)
    meant = thousands_habit(written) if isinstance(value, WrittenFloat) else None
    if meant is not None:
        message = f"{where}: {key} {written} is {value:,.2f} euros: YAML reads the dot as a decimal point"
        hint = f"did you mean '{key}: {meant}'? write euros without thousands separators"
    elif value < MIN_PLAUSIBLE_AMOUNT:
        message = f"{where}: {key} {written} is less than {MIN_PLAUSIBLE_AMOUNT} euros"
        hint = f"amounts are whole euros without separators (e.g. '{key}: 1200000'); correct it if it is not meant"
    else:
        return
    mark = node.value_marks.get(key, node.mark)
    context.report("implausible-amount", message, mark, subject=subject, hint=hint)


def plausible_spending(
    context: Context, node: Any, realised: float | None, assignment: Item, where: str, subject: str
) -> None:
    """An ``implausible-amount`` warning when more than ``SPENT_FACTOR`` times the assignment's budget is spent."""
    budget = assignment.raw.budget
    if realised is None or not budget or realised <= SPENT_FACTOR * budget:
        return
    written = assignment.data.get("budget")
    meant = thousands_habit(written.text) if isinstance(written, WrittenFloat) else None
    fix = f"did you mean 'budget: {meant}' at {assignment.mark('budget')}? " if meant else ""
    context.report(
        "implausible-amount",
        f"{where}: realised {realised:,.0f} euros is more than {SPENT_FACTOR} times the budget ({budget:,.2f})",
        node.value_marks.get("realised", node.mark) if isinstance(node, MMap) else assignment.mark(),
        subject=subject,
        hint=fix + "check both amounts: euros without thousands separators",
    )


ASSIGNMENTS: Final = Section(name="assignment", declare=declare, build=build)
"""Assignments."""
