"""Capacity: teams, onboarding limits and blackouts; levelling; waves.

The loader reads the ``capacity:`` section into
[`Portfolio.capacity`][portfolio.model.Portfolio.capacity] (`read_capacity`
remains for code written before); check another capacity against a
portfolio with `check_capacity`, level with `level`, measure the load with
`load_table` and `overloads` and group the cutovers with `waves`
([Capacity](capacity.md)).
"""

from portfolio.capacity._level import Levelled, level
from portfolio.capacity._load import Overload, exit_dates, load_table, overloads
from portfolio.capacity._model import Blackout, Capacity, Demand, Pin, PlatformLimit, Team
from portfolio.capacity._read import check_capacity, read_capacity
from portfolio.capacity._waves import Wave, waves

__all__ = [
    "Blackout",
    "Capacity",
    "Demand",
    "Levelled",
    "Overload",
    "Pin",
    "PlatformLimit",
    "Team",
    "Wave",
    "check_capacity",
    "exit_dates",
    "level",
    "load_table",
    "overloads",
    "read_capacity",
    "waves",
]
