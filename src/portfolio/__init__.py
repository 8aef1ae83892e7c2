"""portfolio: track a government IT migration portfolio.

Load a portfolio (a folder of YAML files), schedule it, and ask it questions:

Examples:
    >>> from portfolio import load, schedule
    >>> portfolio = load("examples/logius").portfolio
    >>> plan = schedule(portfolio)
    >>> plan["easi.exit"].finish.isoformat()
    '2024-09-27'
    >>> portfolio, diagnostics = load("no/such/folder")
    >>> [d.code for d in diagnostics]
    ['io-error']

Data flows one way: files -> model -> graph -> schedule -> analyses -> reports.
Every step is a function of the one before, so a notebook can stop anywhere,
change a value with `attrs.evolve` and go on. The verbs are
`load`, `schedule`, `variance`, `history`,
`run_rules`, `monthly_report` (with `render`) and
`check` (all of it at once); the records they return and the model's
records are here too. ``import portfolio`` itself loads none of them: each
name is imported on first use (PEP 562), so the command line starts at once.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # what mypy and editors see; at run time __getattr__ imports each name on first use
    from portfolio.checking import CheckResult, check
    from portfolio.diagnostics import Diagnostic, LoadResult, Severity
    from portfolio.graph import activity_graph, service_graph
    from portfolio.io import load
    from portfolio.model import (
        Activity,
        ActivityKind,
        ActivityProgress,
        Approach,
        Assignment,
        AssignmentReport,
        AssignmentStatus,
        Baseline,
        BaselineEntry,
        CalendarSpec,
        Constraint,
        ConstraintType,
        Duration,
        FreezeWindow,
        Migration,
        Platform,
        PlatformKind,
        Portfolio,
        PortfolioSettings,
        Relation,
        RelationType,
        Service,
        Source,
        StatusUpdate,
    )
    from portfolio.report import MonthlyReport, monthly_report, render
    from portfolio.rules import Finding, RuleReport, run_rules
    from portfolio.scheduling import ActivitySchedule, Schedule, schedule
    from portfolio.slippage import History, VarianceReport, history, variance

_SOURCES: dict[str, str] = {
    **dict.fromkeys(["CheckResult", "check"], "portfolio.checking"),
    **dict.fromkeys(["Diagnostic", "LoadResult", "Severity"], "portfolio.diagnostics"),
    **dict.fromkeys(["activity_graph", "service_graph"], "portfolio.graph"),
    "load": "portfolio.io",
    **dict.fromkeys(
        [
            "Activity",
            "ActivityKind",
            "ActivityProgress",
            "Approach",
            "Assignment",
            "AssignmentReport",
            "AssignmentStatus",
            "Baseline",
            "BaselineEntry",
            "CalendarSpec",
            "Constraint",
            "ConstraintType",
            "Duration",
            "FreezeWindow",
            "Migration",
            "Platform",
            "PlatformKind",
            "Portfolio",
            "PortfolioSettings",
            "Relation",
            "RelationType",
            "Service",
            "Source",
            "StatusUpdate",
        ],
        "portfolio.model",
    ),
    **dict.fromkeys(["MonthlyReport", "monthly_report", "render"], "portfolio.report"),
    **dict.fromkeys(["Finding", "RuleReport", "run_rules"], "portfolio.rules"),
    **dict.fromkeys(["ActivitySchedule", "Schedule", "schedule"], "portfolio.scheduling"),
    **dict.fromkeys(["History", "VarianceReport", "history", "variance"], "portfolio.slippage"),
}
"""Each public name -> the module it is imported from on first use."""

__all__ = [
    "Activity",
    "ActivityKind",
    "ActivityProgress",
    "ActivitySchedule",
    "Approach",
    "Assignment",
    "AssignmentReport",
    "AssignmentStatus",
    "Baseline",
    "BaselineEntry",
    "CalendarSpec",
    "CheckResult",
    "Constraint",
    "ConstraintType",
    "Diagnostic",
    "Duration",
    "Finding",
    "FreezeWindow",
    "History",
    "LoadResult",
    "Migration",
    "MonthlyReport",
    "Platform",
    "PlatformKind",
    "Portfolio",
    "PortfolioSettings",
    "Relation",
    "RelationType",
    "RuleReport",
    "Schedule",
    "Service",
    "Severity",
    "Source",
    "StatusUpdate",
    "VarianceReport",
    "__version__",
    "activity_graph",
    "check",
    "history",
    "load",
    "monthly_report",
    "render",
    "run_rules",
    "schedule",
    "service_graph",
    "variance",
]

if not TYPE_CHECKING:  # hidden from mypy, so that a misspelt name is still a type error

    def __getattr__(name: str) -> Any:
        """Import a public name on first use (PEP 562); AttributeError for any other name."""
        source = _SOURCES.get(name)
        if source is None:
            raise AttributeError(f"module 'portfolio' has no attribute {name!r}")
        value = getattr(importlib.import_module(source), name)
        globals()[name] = value  # later look-ups skip this function
        return value


def __dir__() -> list[str]:
    """The module's names, the lazily imported ones included."""
    return sorted({*globals(), *__all__})
