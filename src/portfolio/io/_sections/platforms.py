"""The ``platforms:`` section: where services run, with the platform's own activities nested inside.

Reads (``io/_raw.py``): ``RawPlatform``; its ``activities:`` are read as
activities scoped to the platform (``lpc.ready``, see ``activities.py``).

Checks, with the codes raised: ``bad-id``, ``duplicate-id``, and
``unknown-ref`` for the readiness (``ready:``) and exit (``exit:``)
milestones, which may be local to the platform.

Builds `Portfolio.platforms <portfolio.model.Portfolio.platforms>`.
"""

from __future__ import annotations

from typing import Any, Final

from portfolio.io._raw import RawPlatform
from portfolio.io._sections._context import Context, Section
from portfolio.io._sections.activities import add_activities
from portfolio.model import Platform, Source

__all__ = ["PLATFORMS"]


def read(context: Context, value: Any, mark: Source, what: str) -> None:
    """Read one platform and the activities nested in it."""
    item = context.add("platforms", value, RawPlatform, what, mark)
    if item is None:
        return
    add_activities(context, value, item.raw.activities, item.raw.id, None)


def declare(context: Context) -> None:
    """Check the platforms' ids: ``context.declared["platforms"]``."""
    context.declared["platforms"] = context.unique(((i.raw.id, i) for i in context.items["platforms"]), "platform")


def build(context: Context) -> dict[str, Any]:
    """The platforms, with their readiness and exit milestones resolved."""
    activities = context.declared["activities"]
    platforms: dict[str, Platform] = {}
    for ident, item in context.declared["platforms"].items():
        raw: RawPlatform = item.raw
        platforms[ident] = Platform(
            id=ident,
            name=raw.name,
            kind=raw.kind,
            description=raw.description,
            ready=context.ref(
                item, "ready", activities, f"platform '{ident}' has readiness milestone", ident, scope=ident
            ),
            exit=context.ref(item, "exit", activities, f"platform '{ident}' has exit milestone", ident, scope=ident),
            contract_end=raw.contract_end,
            source=item.mark(),
        )
    return {"platforms": platforms}


PLATFORMS: Final = Section(name="platform", read=read, declare=declare, build=build)
"""Platforms, and the activities nested in them."""
