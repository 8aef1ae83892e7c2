"""The ``risk:`` section: three-point estimates, defaults, correlation groups and the risk register.

The section's meaning lives in [`portfolio.io._risk`][portfolio.io._risk] (``docs/risk.md``);
this module is its place in the loader's table. It builds after the
activities, services, migrations and status updates, because the estimates
refer to them (and a started activity's remaining work bounds its
pessimistic estimate).

Codes raised (through [`portfolio.io._risk`][portfolio.io._risk]): ``estimate-order``,
``estimate-negative``, ``estimate-below-remaining``, ``bad-probability``,
``unknown-ref``, ``duplicate-id`` and the structuring codes.
"""

from __future__ import annotations

from typing import Any, Final

from portfolio.io._raw import RawRisk
from portfolio.io._risk import build_risk
from portfolio.io._sections._context import Context, Section
from portfolio.model import Source

__all__ = ["RISK"]


def _build(context: Context) -> dict[str, Any]:
    """The risk model of every ``risk:`` section, or None when the files give none."""
    items = context.items["risk"]
    structured = {id(item.data): item.raw for item in items}

    def structure(value: Any, cls: type[Any], what: str, mark: Source) -> Any:
        """The driver's record for a whole section (its problems were reported then), else a new one."""
        if cls is RawRisk and id(value) in structured:
            return structured[id(value)]
        return context.structure(value, cls, what, mark)

    built = context.built
    risk = build_risk(
        [(item.data, item.mark()) for item in items],
        activities=built["activities"],
        services=built["services"],
        migrations=built["migrations"],
        updates=built["status_updates"],
        structure=structure,
        report=context.report,
    )
    return {"risk": risk}


RISK: Final = Section(name="the risk section", build=_build)
"""Uncertainty and risks (``docs/risk.md``)."""
