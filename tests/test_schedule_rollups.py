"""``Schedule.rollups`` (vectorised: one ``reduceat`` per figure) against the records it rolls up, group by group."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from portfolio.model import (
    Activity,
    ActivityProgress,
    Assignment,
    Duration,
    Migration,
    Portfolio,
    PortfolioSettings,
    Relation,
    StatusUpdate,
)
from portfolio.scheduling import Schedule, schedule

START = dt.date(2024, 1, 8)  # a Monday


def portfolio(seed: int) -> Portfolio:
    """Services, migrations and assignments over random work, some of it finished or started on the status date."""
    rng = random.Random(seed)
    services = [f"s{k}" for k in range(4)]
    migrations = [Migration(id=f"{s}.m{j}", service=s, target="lpc") for s in services for j in range(2)]
    acts = []
    for i in range(60):
        service = rng.choice(services)
        migration = rng.choice([None, f"{service}.m0", f"{service}.m1"])
        acts.append(Activity(id=f"{service}.a{i}", duration=Duration(rng.randint(0, 8)),
                             service=None if migration and rng.random() < 0.5 else service, migration=migration))
    ids = [a.id for a in acts]
    relations = [Relation(predecessor=ids[p], successor=ids[s]) for p, s in
                 {tuple(sorted(rng.sample(range(60), 2))) for _ in range(90)}]
    progress = {}
    for a in rng.sample(acts, 15):
        done = rng.random() < 0.6
        progress[a.id] = ActivityProgress(activity=a.id, actual_start=START,
                                          actual_finish=START + dt.timedelta(days=10) if done else None)
    assignments = [Assignment(id=f"opd-{k}", title="x", migrations=rng.sample([m.id for m in migrations], 2),
                              activities=[*rng.sample(ids, 5), "nowhere"]) for k in range(3)]
    return Portfolio(settings=PortfolioSettings(start=START, critical_float=1), activities=acts, relations=relations,
                     migrations=migrations, assignments=assignments,
                     status_updates=[StatusUpdate(date=START + dt.timedelta(days=21), progress=progress)])


def by_hand(s: Schedule, members: tuple[str, ...]) -> tuple[object, ...] | None:
    """One group's roll-up from its records: the earliest start, the latest finish, the most critical open work."""
    records = [s[m] for m in members if m in s]
    if not records:
        return None
    open_ = [r for r in records if not r.finished]
    pick = min(open_ or records, key=lambda r: (r.total_float, s.ids.index(r.id)))
    tf = pick.total_float if open_ else 0
    return (min(r.start for r in records), max(r.finish for r in records), tf, bool(open_) and tf <= s.critical_float,
            pick.id, tuple(r.id for r in records))


@pytest.mark.parametrize("seed", range(6))
def test_every_roll_up_is_what_its_records_give(seed):
    s = schedule(portfolio(seed))
    assert any(r.finished for r in s)
    for by in ("migration", "service", "assignment"):
        groups = s._groups()[by]
        expected = {key: found for key, members in groups.items() if (found := by_hand(s, members)) is not None}
        rolled = s.rollups(by)
        assert list(rolled) == list(expected)
        assert {key: (r.start, r.finish, r.total_float, r.critical, r.most_critical, r.activities)
                for key, r in rolled.items()} == expected


def test_a_group_of_finished_work_has_no_float_and_is_not_critical():
    p = Portfolio(settings=PortfolioSettings(start=START),
                  activities=[Activity(id="x.a", duration=Duration(2), service="x"),
                              Activity(id="x.b", duration=Duration(3), service="x"),
                              Activity(id="y.c", duration=Duration(4), service="y")],
                  status_updates=[StatusUpdate(date=dt.date(2024, 2, 1), progress={
                      i: ActivityProgress(activity=i, actual_start=START, actual_finish=dt.date(2024, 1, 12))
                      for i in ("x.a", "x.b")})])
    rolled = schedule(p).rollups("service")
    assert (rolled["x"].total_float, rolled["x"].critical, rolled["x"].most_critical) == (0, False, "x.a")
    assert rolled["y"].activities == ("y.c",)
    with pytest.raises(ValueError, match="roll up by one of"):
        schedule(p).rollups("platform")
