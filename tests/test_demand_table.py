"""`Capacity.demand_table` matches each pattern against every id at once: the same demands as fnmatch per activity."""

from __future__ import annotations

import fnmatch

from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.model import Activity, Capacity, Demand

IDS = st.text(alphabet="ab.*?[]!-", min_size=1, max_size=6)


def slow(capacity: Capacity, activity: Activity) -> tuple[Demand, ...]:
    """The definition: every demand whose pattern matches the id (case-sensitive glob), the first per team."""
    found: dict[str, Demand] = {}
    for demand in capacity.demand:
        if fnmatch.fnmatchcase(activity.id, demand.activities):
            found.setdefault(demand.team, demand)
    return tuple(found.values())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(IDS, st.sampled_from(["t", "u"])), max_size=8),
       st.lists(st.text(alphabet="abAB.-", min_size=1, max_size=5), max_size=12))
def test_demand_table_is_fnmatch_per_activity(demands: list[tuple[str, str]], ids: list[str]) -> None:
    capacity = Capacity(demand=[Demand(activities=pattern, team=team, amount=k + 1)
                                for k, (pattern, team) in enumerate(demands)])
    acts = [Activity(id=ident) for ident in ids]
    assert capacity.demand_table(iter(acts)) == [slow(capacity, a) for a in acts]
