"""The indexes the analyses share per schedule (slippage/_index.py), and the vectorised working-day boundaries.

The report data, variance, figures and rules ask one schedule for its records by id; these must be the
schedule's own records (equal to ``schedule[id]``), built once, and forgotten with the schedule.
"""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from portfolio.calendar import HORIZON_FIRST, HORIZON_LAST
from portfolio.io import load
from portfolio.model import Portfolio
from portfolio.scheduling import schedule
from portfolio.slippage import _index
from portfolio.slippage._common import Calendars

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "logius"
PORTFOLIO = load(EXAMPLE).portfolio


def test_records_by_id_are_the_schedules_records() -> None:
    plan = schedule(PORTFOLIO)
    found = _index.by_id(plan)
    assert list(found) == list(plan.ids)
    assert all(found[i] == plan[i] for i in plan.ids)
    assert _index.records(plan) == tuple(plan)
    assert _index.by_id(plan) is found  # built once


def test_rollups_are_the_schedules() -> None:
    plan = schedule(PORTFOLIO)
    for level in ("assignment", "migration", "service"):
        assert dict(_index.rollups(plan, level)) == dict(plan.rollups(level))
        assert _index.rollups(plan, level) is _index.rollups(plan, level)


def test_indexes_go_with_their_schedule() -> None:
    copy = Portfolio(activities=list(PORTFOLIO.activities.values()), relations=PORTFOLIO.relations,
                     settings=PORTFOLIO.settings, calendars=list(PORTFOLIO.calendars.values()))
    plan = schedule(copy)
    _index.by_id(plan)
    key = (id(plan), "by-id")
    assert key in _index._SHARED
    del plan, copy
    gc.collect()
    assert key not in _index._SHARED


_DAYS = st.dates(min_value=HORIZON_FIRST - dt.timedelta(days=400), max_value=HORIZON_LAST + dt.timedelta(days=400))


@given(st.lists(st.tuples(st.sampled_from([None, "rijk", "standard", "no-such-calendar"]), _DAYS), max_size=30))
def test_vectorised_boundaries_equal_the_scalar_ones(pairs: list[tuple[str | None, dt.date]]) -> None:
    cals = Calendars(PORTFOLIO)
    ids, days = [p[0] for p in pairs], [p[1] for p in pairs]
    assert cals.starts(ids, days) == [Calendars(PORTFOLIO).start(i, d) for i, d in pairs]
    assert cals.finishes(ids, days) == [Calendars(PORTFOLIO).finish(i, d) for i, d in pairs]
