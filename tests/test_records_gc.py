"""A schedule's records are made with the cyclic collector paused (`portfolio._gc.paused_gc`).

At 50,000 activities a full collection started by making 50,000 records walked the whole program (the
loaded portfolio included) and made each record 4-5 times dearer than at 10,000: the rules' growth
exponent was 1.35 (docs/performance.md). What is pinned here: the records of a chunk are made with the
collector off and land in its oldest generation, and the collector's state is the caller's afterwards.
"""

from __future__ import annotations

import gc

from portfolio.model import Activity, Duration, Portfolio, Relation
from portfolio.scheduling import schedule


def _portfolio(n: int) -> Portfolio:
    acts = [Activity(id=f"a{i}", duration=Duration(i % 5)) for i in range(n)]
    rels = [Relation(predecessor=f"a{i}", successor=f"a{i + 1}") for i in range(n - 1)]
    return Portfolio(activities=acts, relations=rels)


def test_records_are_made_in_the_oldest_generation_and_the_collector_is_restored() -> None:
    was = gc.isenabled()
    try:
        gc.enable()
        records = list(schedule(_portfolio(300)))
        assert gc.isenabled()
        oldest = {id(found) for found in gc.get_objects(generation=2)}
        assert all(id(r) in oldest for r in records)
        gc.disable()
        again = list(schedule(_portfolio(50)))
        assert not gc.isenabled()  # off before: off after
        assert [r.id for r in again] == [f"a{i}" for i in range(50)]
    finally:
        (gc.enable if was else gc.disable)()


def test_stopping_early_leaves_the_collector_on() -> None:
    was = gc.isenabled()
    try:
        gc.enable()
        for record in schedule(_portfolio(20)):
            assert gc.isenabled()  # the caller's code runs with the collector as it was
            if record.id == "a3":
                break
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
