"""Schedule risk analysis: Monte Carlo simulation of the CPM network with three-point estimates and risks.

`simulate` draws every uncertain duration (``risk:`` in the files,
``docs/risk.md``) many times and schedules each run on the same compiled
network as [`portfolio.scheduling.schedule`][portfolio.scheduling.schedule]: all four relation types,
lags, calendars, constraints and the progress at the status date. The runs
are vectorised (numpy, in chunks of runs) and seeded: the same seed gives the
same numbers on every machine.

Examples:
    >>> import datetime as dt
    >>> from portfolio.model import (Activity, Duration, Estimate, Portfolio, PortfolioSettings, Relation,
    ...                              RiskModel)
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
    ...               activities=[Activity(id="build", duration=Duration(10)), Activity(id="live")],
    ...               relations=[Relation(predecessor="build", successor="live")],
    ...               risk=RiskModel(estimates={"build": Estimate(optimistic=8, most_likely=10, pessimistic=20)}))
    >>> result = simulate(p, runs=2000, seed=1, milestone="live")
    >>> result.deterministic["live"], result.percentile(50) > result.deterministic["live"]
    (datetime.date(2024, 1, 19), True)
    >>> round(float(result.criticality[0]), 2)
    1.0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from portfolio.model import Portfolio
from portfolio.risk._result import PERCENTILES, Comparison, RiskContribution, RiskResult

__all__ = ["PERCENTILES", "Comparison", "RiskContribution", "RiskResult", "simulate", "without_risks"]


def simulate(portfolio: Portfolio, *, runs: int = 10_000, seed: int = 0, status_date: dt.date | None = None,
             milestone: str | None = None, track: Iterable[str] = (), deadline: dt.date | None = None,
             contributions: bool = True, progress: Callable[[int], None] | None = None) -> RiskResult:
    """Simulate the schedule ``runs`` times; finish-date distributions, drivers and risk contributions.

    Args:
        portfolio: the portfolio; its ``risk`` model gives what varies (nothing varies without one).
        runs: the number of runs.
        seed: the seed (``numpy.random.PCG64``): the same seed gives the same result.
        status_date: as for [`portfolio.scheduling.schedule`][portfolio.scheduling.schedule] (None: the latest status update).
        milestone: the activity whose finish the drivers and risks concern; None: the first key milestone
            (else the activity that finishes last).
        track: more activities whose finish distributions to keep (the key milestones always are).
        deadline: the date to meet; None: the milestone's platform contract end (for an exit) or deadline.
        contributions: also run once without each risk, for its share of the P80.
        progress: called with the runs done after each chunk (a progress bar).

    Returns:
        The `RiskResult`; problems (an unknown milestone, the schedule's own) are its ``diagnostics``.

    Examples:
        >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        ...               activities=[Activity(id="a", duration=Duration(5))])
        >>> simulate(p, runs=10).percentiles("a")[90]   # nothing varies: the schedule's date
        datetime.date(2024, 1, 12)
    """
    from portfolio.risk._simulate import run  # noqa: PLC0415 - the passes and numpy.random load when simulating

    return run(portfolio, runs=runs, seed=seed, status_date=status_date, milestone=milestone, track=track,
               deadline=deadline, contributions=contributions, progress=progress)


def without_risks(portfolio: Portfolio, *risk_ids: str) -> Portfolio:
    """The portfolio with these risks taken out of its register (a what-if: simulate both and compare).

    Args:
        portfolio: the portfolio.
        *risk_ids: ids of risks to remove (unknown ids raise KeyError).

    Returns:
        A new portfolio; the original is unchanged.

    Raises:
        KeyError: a risk id the register does not hold.

    Examples:
        >>> from portfolio.model import Estimate, Portfolio, Risk, RiskModel
        >>> r = Risk(id="staff", probability=0.5, impact=Estimate(optimistic=1, most_likely=1.1, pessimistic=1.5,
        ...          factor=True))
        >>> p = Portfolio(risk=RiskModel(risks={"staff": r}))
        >>> dict(without_risks(p, "staff").risk.risks)
        {}
    """
    import attrs  # noqa: PLC0415 - keeps the package's namespace small

    model = portfolio.risk
    missing = [r for r in risk_ids if model is None or r not in model.risks]
    if missing or model is None:
        raise KeyError(f"no risk {missing[0]!r} in the register")
    kept = {k: v for k, v in model.risks.items() if k not in risk_ids}
    return attrs.evolve(portfolio, risk=attrs.evolve(model, risks=kept))
