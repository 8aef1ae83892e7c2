"""Random portfolios for the risk analysis tests and benchmark: mixed relations, lags, two calendars."""

from __future__ import annotations

import datetime as dt

import numpy as np

from portfolio.model import (
    Activity,
    ActivityProgress,
    Constraint,
    ConstraintType,
    Duration,
    Estimate,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
    RiskModel,
    StatusUpdate,
)

TYPES = (RelationType.FS, RelationType.SS, RelationType.FF, RelationType.SF)
START = dt.date(2024, 1, 8)


def network(n: int, *, seed: int = 1, fs_only: bool = False, spread: bool = True, progress: bool = False,
            constraints: bool = False, elapsed: bool = False, window: int = 2_000) -> Portfolio:
    """About three predecessors per activity among the previous ``window``; 70 % FS, lags on 30 %.

    Half the activities are on the Rijk calendar, half on the 'standard' one (no holidays), so relations
    cross calendars. With ``spread`` every task gets a triangular estimate of 0.8/1.0/1.5 times its duration.
    """
    rng = np.random.default_rng(seed)
    m = 3 * n
    succ = rng.integers(1, n, m)
    pred = succ - 1 - (rng.random(m) * np.minimum(succ, window)).astype(np.int64)
    rtype = np.zeros(m, dtype=np.int64) if fs_only else rng.choice(4, m, p=[0.7, 0.1, 0.1, 0.1])
    lag = np.zeros(m, dtype=np.int64) if fs_only else rng.integers(-2, 6, m) * (rng.random(m) < 0.3)
    duration = rng.integers(0, 31, n)
    cal = rng.random(n) < 0.5
    acts = []
    for i in range(n):
        con = None
        if constraints and i % 50 == 7:
            con = Constraint(type=ConstraintType.SNET, date=START + dt.timedelta(days=int(i % 90)))
        ed = elapsed and i % 40 == 3 and duration[i] > 0
        acts.append(Activity(id=f"a{i}", duration=Duration(int(duration[i]), elapsed=bool(ed)),
                             calendar="standard" if cal[i] else None, constraint=con))
    seen = set()
    rels = []
    for p, s, t, g in zip(pred.tolist(), succ.tolist(), rtype.tolist(), lag.tolist(), strict=True):
        if (p, s) not in seen:
            seen.add((p, s))
            rels.append(Relation(predecessor=f"a{p}", successor=f"a{s}", type=TYPES[t], lag=Duration(g)))
    estimates = {f"a{i}": Estimate(optimistic=0.8, most_likely=1.0, pessimistic=1.5, factor=True)
                 for i in range(n) if spread and duration[i] > 0}
    updates = ()
    if progress:
        status = START + dt.timedelta(days=28)
        prog = {f"a{i}": ActivityProgress(activity=f"a{i}", actual_start=START,
                                          actual_finish=START + dt.timedelta(days=3) if i % 2 else None,
                                          remaining=None if i % 2 else Duration(int(duration[i]) // 2))
                for i in range(min(n, 12))}
        updates = (StatusUpdate(date=status, progress=prog),)
    return Portfolio(settings=PortfolioSettings(start=START), activities=acts, relations=rels,
                     status_updates=updates, risk=RiskModel(estimates=estimates))
