"""portfolio: track a government IT migration portfolio.

Load a portfolio (a folder of YAML files) and look at it:

>>> from portfolio import load
>>> portfolio, diagnostics = load("no/such/folder")
>>> [d.code for d in diagnostics]
['io-error']

Data flows one way: files -> model -> graph -> schedule -> analyses -> reports.
Every step is a function of the one before, so a notebook can stop anywhere,
change a value with :func:`attrs.evolve` and go on.
"""

__version__ = "0.1.0"

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

__all__ = [
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
    "Diagnostic",
    "Duration",
    "FreezeWindow",
    "LoadResult",
    "Migration",
    "Platform",
    "PlatformKind",
    "Portfolio",
    "PortfolioSettings",
    "Relation",
    "RelationType",
    "Service",
    "Severity",
    "Source",
    "StatusUpdate",
    "__version__",
    "activity_graph",
    "load",
    "service_graph",
]
