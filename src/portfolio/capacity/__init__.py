"""Capacity: teams, onboarding limits and blackouts; levelling; waves.

Read the ``capacity:`` section with `read_capacity`, check it with
`check_capacity`, level with `level` and measure the load with
`load_table` ([Capacity](capacity.md)).
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
