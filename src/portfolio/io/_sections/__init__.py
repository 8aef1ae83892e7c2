"""The section builders of the YAML loader: one module per section of the file format, and their table.

The loader (``io/yaml.py``) reads each file into located data and hands
each top-level key to the `Section` registered for it in
`BUILDERS`. A load runs in three phases, and the builders' steps run
in the order of the table:

1. **read** (file by file): each record is structured into its ``Raw*``
   class (``io/_raw.py``'s ``SECTIONS`` says which) and kept in
   ``context.items[key]``; a section with nested records (services,
   platforms) reads those too.
2. **declare** (every section, before any build): check the ids and record
   them in ``context.declared``, so that any section may refer to any other.
3. **build**: resolve references, check the meaning, and return the
   [`Portfolio`][portfolio.model.Portfolio] fields built; a builder sees what
   the builders above it built in ``context.built``.

Every problem is a located diagnostic reported through the shared
[`Context`][portfolio.io._sections._context.Context]; the loader sorts them
at the end (what stopped a record from being read first, then by file,
line and column), so the order of the steps only decides between
diagnostics at one place.

Adding a section (see ``docs/architecture.md``): its ``Raw*`` record and
line in ``io/_raw.py``'s ``SECTIONS``, a module here with a
`Section` (``name``, and ``read``, ``declare`` and ``build`` as
needed), and one line in `BUILDERS`, in the same order as
``SECTIONS``.
"""

from __future__ import annotations

from typing import Final

from portfolio.io._sections import (
    activities,
    assignments,
    baselines,
    calendars,
    capacity,
    costs,
    platforms,
    risk,
    services,
    settings,
    status,
)
from portfolio.io._sections._context import Context, Item, Section

__all__ = ["BUILDERS", "Context", "Item", "Section"]

BUILDERS: Final[dict[str, Section]] = {
    "portfolio": settings.PORTFOLIO,
    "calendars": calendars.CALENDARS,
    "platforms": platforms.PLATFORMS,
    "services": services.SERVICES,
    "activities": activities.ACTIVITIES,
    "relations": activities.RELATIONS,
    "freeze_windows": calendars.FREEZE_WINDOWS,
    "assignments": assignments.ASSIGNMENTS,
    "baseline": baselines.BASELINE,
    "status": status.STATUS,
    "capacity": capacity.CAPACITY,  # read by hand (not in SECTIONS); before the waivers: a team may be their subject
    "rules": settings.RULES,
    "waivers": settings.WAIVERS,
    "risk": risk.RISK,
    "costs": costs.COSTS,
}
"""The builder of each top-level section, by key, in the order of ``io/_raw.py``'s ``SECTIONS``."""
