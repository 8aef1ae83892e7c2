"""The result of a schedule risk analysis: finish-date distributions, criticality, drivers, risks.

A `RiskResult` is an immutable value: per tracked activity (the
chosen milestone, the key milestones, any asked for) the finish date of
every run; per activity its criticality index and the correlation of its
duration with the chosen milestone's finish; per risk its share of that
milestone's P80. Percentiles are dates that occurred in a run (the
inverted-CDF quantile: P80 is the first date by which 80 % of the runs
finish).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from portfolio import _display, _frames
from portfolio.diagnostics import Diagnostic

if TYPE_CHECKING:
    import pandas as pd

    from portfolio.model import Portfolio
    from portfolio.risk._simulate import Problem

__all__ = ["PERCENTILES", "Comparison", "RiskContribution", "RiskResult", "deadline_of"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

PERCENTILES: Final = (10, 50, 80, 90)
"""The percentiles every summary gives."""


@attrs.frozen(kw_only=True)
class RiskContribution:
    """How much one risk moves the chosen milestone's P80: the P80 with every risk less the P80 without it."""

    id: str
    description: str
    owner: str
    probability: float
    p80: dt.date
    p80_without: dt.date
    days: int
    """calendar days the risk adds to the P80"""


@attrs.frozen(kw_only=True, eq=False)
class RiskResult:
    """The outcome of [`portfolio.risk.simulate`][portfolio.risk.simulate] (see ``docs/risk.md``).

    Examples:
        >>> import datetime as dt
        >>> from portfolio.model import (Activity, Distribution, Duration, Estimate, Portfolio,
        ...                              PortfolioSettings, Relation, RiskModel)
        >>> from portfolio.risk import simulate
        >>> uniform = Estimate(optimistic=5, most_likely=10, pessimistic=15, distribution=Distribution.UNIFORM)
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8), calendar="standard"),
        ...               activities=[Activity(id="a", duration=Duration(10)), Activity(id="live")],
        ...               relations=[Relation(predecessor="a", successor="live")],
        ...               risk=RiskModel(estimates={"a": uniform}))
        >>> r = simulate(p, runs=4000, seed=1, milestone="live", deadline=dt.date(2024, 1, 19))
        >>> r.percentile(50), r.deterministic["live"]
        (datetime.date(2024, 1, 19), datetime.date(2024, 1, 19))
        >>> 0.5 < r.probability() < 0.6        # whole days: P(x < 10.5) = 0.55 of the runs
        True
        >>> [ident for ident, *_ in r.sensitivity()]
        ['a']
    """

    runs: int
    seed: int
    status_date: dt.date | None
    target: str
    """the chosen milestone: criticality, sensitivity and contributions concern its finish"""
    tracked: tuple[str, ...]
    """activities whose finish dates were kept, the target first"""
    names: Mapping[str, str]
    """activity names of the tracked ones"""
    finishes: IntArray
    """(tracked, runs) day ordinals"""
    deterministic: Mapping[str, dt.date]
    """the schedule's finish of each tracked activity"""
    deadlines: Mapping[str, dt.date]
    """tracked activities with a date to meet"""
    ids: tuple[str, ...]
    """every activity, file order"""
    varies: npt.NDArray[np.bool_]
    """per activity: its duration differs between runs"""
    criticality: FloatArray
    """per activity: share of runs on the target's driving path"""
    correlation: FloatArray
    """per activity: Pearson correlation of its duration with the target's finish"""
    contributions: tuple[RiskContribution, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    @classmethod
    def of(cls, prob: Problem, *, runs: int, seed: int, target: str, tracked: IntArray, finishes: IntArray,
           criticality: FloatArray, correlation: FloatArray, deadline: dt.date | None,
           diagnostics: Sequence[Diagnostic]) -> RiskResult:
        """The result of a simulation of ``prob`` (made by ``portfolio.risk._simulate``)."""
        net, plan = prob.net, prob.plan
        ids = tuple(net.ids[int(i)] for i in tracked)
        deadlines = {i: d for i in ids if (d := deadline_of(prob.portfolio, i)) is not None}
        if deadline is not None and target:
            deadlines[target] = deadline
        finishes.setflags(write=False)
        return cls(runs=runs, seed=seed, status_date=plan.status_date, target=target, tracked=ids,
                   names={i: net.activities[net.index[i]].name for i in ids}, finishes=finishes,
                   deterministic={i: plan[i].finish for i in ids}, deadlines=deadlines, ids=net.ids,
                   varies=prob.draws.varies, criticality=criticality, correlation=correlation,
                   diagnostics=(*plan.diagnostics, *diagnostics))

    # -- figures ---------------------------------------------------------------------------------
    def finish(self, ident: str | None = None) -> IntArray:
        """The finish day ordinals of every run of a tracked activity (the target by default)."""
        ident = ident or self.target
        try:
            row: IntArray = self.finishes[self.tracked.index(ident)]
        except ValueError:
            raise KeyError(f"{ident!r} was not tracked; simulate(..., track=[{ident!r}])") from None
        return row

    def percentile(self, p: float, ident: str | None = None) -> dt.date:
        """The date by which ``p`` percent of the runs finish (a date of some run)."""
        values = self.finish(ident)
        return dt.date.fromordinal(int(np.quantile(values, p / 100.0, method="inverted_cdf")))

    def percentiles(self, ident: str | None = None) -> dict[int, dt.date]:
        """P10, P50, P80 and P90."""
        return {p: self.percentile(p, ident) for p in PERCENTILES}

    def probability(self, day: dt.date | None = None, ident: str | None = None) -> float | None:
        """The share of runs that finish on or before ``day`` (its deadline by default; None if it has none)."""
        ident = ident or self.target
        day = day or self.deadlines.get(ident)
        if day is None:
            return None
        return float(np.mean(self.finish(ident) <= day.toordinal()))

    def mean(self, ident: str | None = None) -> dt.date:
        """The mean finish date (rounded to a day)."""
        return dt.date.fromordinal(round(float(np.mean(self.finish(ident)))))

    @property
    def cruciality(self) -> FloatArray:
        """Per activity: criticality index times the duration–finish correlation (Williams, 1992)."""
        out: FloatArray = self.criticality * self.correlation
        return out

    def sensitivity(self, top: int = 10) -> list[tuple[str, float, float, float]]:
        """The activities that drive the target most: (id, cruciality, correlation, criticality), largest first."""
        crux = self.cruciality
        order = [int(i) for i in np.argsort(-np.abs(crux), kind="stable") if self.varies[i] and crux[i] != 0]
        return [(self.ids[i], float(crux[i]), float(self.correlation[i]), float(self.criticality[i]))
                for i in order[:top]]

    # -- views -----------------------------------------------------------------------------------
    def summary(self) -> list[dict[str, Any]]:
        """One record per tracked activity: deterministic date, percentiles, mean, deadline and its chance."""
        rows = []
        for ident in self.tracked:
            found = self.percentiles(ident)
            rows.append({"id": ident, "name": self.names[ident], "deterministic": self.deterministic[ident],
                         **{f"p{p}": found[p] for p in PERCENTILES}, "mean": self.mean(ident),
                         "deadline": self.deadlines.get(ident), "probability": self.probability(ident=ident)})
        return rows

    def to_dict(self) -> dict[str, Any]:
        """Plain data (dates as ISO text) for JSON."""
        def iso(value: Any) -> Any:
            return value.isoformat() if isinstance(value, dt.date) else value
        return {
            "runs": self.runs, "seed": self.seed, "status_date": iso(self.status_date), "milestone": self.target,
            "milestones": [{k: iso(v) for k, v in row.items()} for row in self.summary()],
            "drivers": [{"id": i, "cruciality": c, "correlation": r, "criticality": k}
                        for i, c, r, k in self.sensitivity()],
            "risks": [{k: iso(v) for k, v in attrs.asdict(c).items()} for c in self.contributions],
        }

    def to_pandas(self, table: str = "milestones") -> pd.DataFrame:
        """``milestones`` (the summary), ``activities`` (criticality and sensitivity) or ``risks`` (needs pandas)."""
        if table == "milestones":
            rows = self.summary()
            return _frames.frame([
                ("id", "str", [r["id"] for r in rows]), ("name", "str", [r["name"] for r in rows]),
                *((k, "date", [r[k] for r in rows]) for k in ("deterministic", "p10", "p50", "p80", "p90", "mean",
                                                              "deadline")),
                ("probability", "float", [r["probability"] for r in rows])])
        if table == "activities":
            return _frames.frame([("id", "str", self.ids), ("varies", "bool", self.varies),
                                  ("criticality", "float", self.criticality.tolist()),
                                  ("correlation", "float", self.correlation.tolist()),
                                  ("cruciality", "float", self.cruciality.tolist())])
        if table == "risks":
            c = self.contributions
            return _frames.frame([("id", "str", [x.id for x in c]), ("description", "str", [x.description for x in c]),
                                  ("owner", "str", [x.owner for x in c]),
                                  ("probability", "float", [x.probability for x in c]),
                                  ("p80", "date", [x.p80 for x in c]), ("p80_without", "date", [x.p80_without for x in c]),
                                  ("days", "int", [x.days for x in c])])
        raise ValueError(f"table is 'milestones', 'activities' or 'risks', not {table!r}")

    def _repr_html_(self) -> str:
        summary = _display.facts([("runs", self.runs), ("seed", self.seed), ("status date", self.status_date),
                                  ("milestone", self.target)])
        rows = ([r["id"], r["deterministic"], r["p50"], r["p80"], r["p90"], r["deadline"],
                 None if r["probability"] is None else f"{r['probability']:.0%}"] for r in self.summary())
        milestones = _display.table(["milestone", "deterministic", "P50", "P80", "P90", "deadline", "chance"], rows)
        drivers = _display.table(["activity", "cruciality", "correlation", "criticality"],
                                 ([i, round(c, 3), round(r, 3), f"{k:.0%}"] for i, c, r, k in self.sensitivity()))
        risks = _display.table(["risk", "owner", "probability", "P80 without", "days"],
                               ([c.id, c.owner, c.probability, c.p80_without, c.days] for c in self.contributions))
        return _display.block("Schedule risk", summary, milestones, _display.heading("drivers"), drivers,
                              _display.heading("risks"), risks)

    def compare(self, other: RiskResult) -> Comparison:
        """This result against ``other`` (e.g. with a risk removed): the shift of each common milestone."""
        common = [i for i in self.tracked if i in other.tracked]
        return Comparison(rows=tuple(
            (i, {p: (self.percentile(p, i) - other.percentile(p, i)).days for p in PERCENTILES},
             _difference(self.probability(ident=i), other.probability(self.deadlines.get(i), i)))
            for i in common))


def _difference(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def deadline_of(portfolio: Portfolio, ident: str) -> dt.date | None:
    """The date an activity must meet: a platform's contract end for its exit milestone, else its deadline."""
    for platform in portfolio.platforms.values():
        if platform.exit == ident and platform.contract_end is not None:
            return platform.contract_end
    act = portfolio.activities.get(ident)
    return act.deadline if act is not None else None


@attrs.frozen
class Comparison:
    """Per common milestone: the calendar days each percentile moved, and the change in its deadline's chance."""

    rows: tuple[tuple[str, dict[int, int], float | None], ...]

    def __getitem__(self, ident: str) -> dict[int, int]:
        for row in self.rows:
            if row[0] == ident:
                return row[1]
        raise KeyError(ident)
