"""The capacity records: teams, platform onboarding limits, blackouts, demand and pins.

They live in [`portfolio.model`][portfolio.model] (the loader builds the ``capacity:``
section into [`Portfolio.capacity`][portfolio.model.Portfolio.capacity], and the loader
sits below this package) and are re-exported here, where they are used.

Examples:
    >>> import datetime as dt
    >>> team = Team(id="migratie", size=4.0, periods=((dt.date(2027, 1, 1), 6.0),))
    >>> team.size_on(dt.date(2026, 6, 1)), team.size_on(dt.date(2027, 3, 1)), team.largest
    (4.0, 6.0, 6.0)
"""

from __future__ import annotations

from portfolio.model import Blackout, Capacity, Demand, Pin, PlatformLimit, Team

__all__ = ["Blackout", "Capacity", "Demand", "Pin", "PlatformLimit", "Team"]
