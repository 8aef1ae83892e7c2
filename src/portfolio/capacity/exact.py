"""An exact levelling with OR-Tools CP-SAT (the ``level`` extra): minimise the finish, with a time limit.

The model is the heuristic's ([`portfolio.capacity.level`][portfolio.capacity.level]): the same
default-calendar working days, the same logic (every relation shifted by its
predecessor's move less its slack), the same team profiles, blackouts and
onboarding limits (each cutover counted on the day it is shown), the same
fixed activities, and every pin's window (``until``) that the heuristic
holds. It minimises the finish of ``target`` (an activity id, e.g.
``easi.exit``), else of the whole portfolio, within ``time_limit`` seconds
on one worker (so it is deterministic), and reports the proven bound and the
gap. No activity starts after the heuristic's finish (the search is bounded
there), and the heuristic's solution is the solver's first hint, so it is
never worse. The result is turned into a second schedule exactly as the
heuristic's is."""

from __future__ import annotations

import datetime as dt
import importlib
import math
from typing import Any

import attrs
import numpy as np

from portfolio.calendar import resolve
from portfolio.capacity._level import Levelled, _finish, _place, _Problem, _problem
from portfolio.capacity._model import Capacity
from portfolio.model import Portfolio
from portfolio.scheduling import schedule

__all__ = ["Exact", "level_exact"]

_SCALE = 100
"""FTE in hundredths"""


@attrs.frozen(kw_only=True)
class Exact:
    """What `level_exact` found: the levelled result, the solver's status, objective, bound and gap."""

    result: Levelled
    status: str
    """"optimal" or "feasible" (the time limit ran out first)"""
    objective: int
    """the finish reached, a working-day boundary of the default calendar"""
    bound: int
    """the best finish the solver could prove no solution beats"""
    heuristic: int
    """the serial scheme's finish on the same model"""
    gap: float
    """(objective - bound) / objective; 0 when optimal"""


def _cp_model() -> Any:
    """OR-Tools' CP-SAT module (the ``level`` extra), typed loosely: its stubs vary between releases."""
    return importlib.import_module("ortools.sat.python.cp_model")


def _runs(values: np.ndarray, lo: int, hi: int) -> list[tuple[int, int, float]]:
    """Maximal runs of equal values in ``values[lo:hi]``: (start, end, value)."""
    runs, k = [], lo
    while k < hi:
        end = k + 1
        while end < hi and values[end] == values[k]:
            end += 1
        runs.append((k, end, float(values[k])))
        k = end
    return runs


def _model(pb: _Problem, horizon: int, target: int | None, start: list[int]) -> tuple[Any, list[Any], Any]:
    cp_model = _cp_model()

    m = cp_model.CpModel()
    n = len(pb.ids)
    x = [m.new_int_var(pb.early[j], pb.early[j], f"s{j}") if pb.fixed[j] else
         m.new_int_var(max(pb.early[j], pb.floor[j]), horizon, f"s{j}") for j in range(n)]
    for j in range(n):
        m.add_hint(x[j], start[j])
        for i, slack in pb.preds[j]:
            if not pb.fixed[j]:
                m.add(x[j] - x[i] >= pb.early[j] - pb.early[i] - slack)
    lo = min(pb.early, default=0)
    for row in range(pb.prof.free.shape[0]):
        # what has started is booked in the profile already (and may overload it: then nothing else fits there)
        users = [(j, a) for j in range(n) for r, a in pb.needs[j]
                 if r == row and pb.length[j] > 0 and not pb.fixed[j]]
        if not users:
            continue
        free = np.maximum(pb.prof.free[row], 0.0)
        top = float(free[lo:horizon + 1].max())
        intervals = [m.new_fixed_size_interval_var(x[j], pb.length[j], f"i{j}.{row}") for j, _ in users]
        demands = [round(a * _SCALE) for _, a in users]
        for k, (a, b, value) in enumerate(_runs(free, lo, horizon + max(pb.length) + 1)):
            if value < top:  # less capacity here: a fixed filler takes up the difference
                intervals.append(m.new_fixed_size_interval_var(a, b - a, f"f{row}.{k}"))
                demands.append(round((top - value) * _SCALE))
        m.add_cumulative(intervals, demands, round(top * _SCALE))
    _cutovers(m, pb, x, horizon)
    _windows(m, pb, x, start)
    ends = [x[j] + pb.length[j] for j in range(n)]
    finish = m.new_int_var(0, horizon + max(pb.length, default=0), "finish")
    if target is not None:
        m.add(finish == ends[target])
    else:
        m.add_max_equality(finish, ends)
    m.minimize(finish)
    return m, x, finish


def _cutovers(m: Any, pb: _Problem, x: list[Any], horizon: int) -> None:
    """Blackouts as forbidden days; onboarding limits as one month per cutover, counted.

    Both on the day a cutover counts on (`portfolio.capacity._day.placed_day`): at its
    CPM boundary the day the CPM schedule shows it (for a milestone maybe the
    day before), at a later boundary that boundary's own day.
    """
    cp_model = _cp_model()

    month = pb.prof.month
    per_month: dict[tuple[str, int], list[Any]] = {}
    for j in range(len(pb.ids)):
        if not pb.cutover[j] or pb.fixed[j]:
            continue
        early, (day, day_month) = pb.early[j], pb.cpm_day[j]
        blocked = pb.prof.blocked(pb.acts[j], pb.length[j])
        at_early = [] if blocked[day] or day < pb.floor[j] else [[early, early]]
        later = [[a, b - 1] for a, b, v in _runs(blocked.astype(float), early + 1, horizon + 1) if v == 0]
        m.add_linear_expression_in_domain(x[j], cp_model.Domain.from_intervals(at_early + later or [[early] * 2]))
        platform = pb.platforms[j]
        if platform not in pb.prof.limits:
            continue
        choices = []
        for mo in range(min(day_month, int(month[early])), int(month[horizon]) + 1):
            a, b = (int(v) for v in np.searchsorted(month, [mo, mo + 1]))
            spans = [[early, early]] if day_month == mo else []
            if max(a, early + 1) <= b - 1:
                spans.append([max(a, early + 1), b - 1])
            if not spans:
                continue
            chosen = m.new_bool_var(f"m{j}.{mo}")
            m.add_linear_expression_in_domain(x[j], cp_model.Domain.from_intervals(spans)).only_enforce_if(chosen)
            choices.append(chosen)
            per_month.setdefault((platform or "", mo), []).append(chosen)
        m.add_exactly_one(choices)
    for (platform, mo), chosen in per_month.items():
        taken = pb.prof.slots.get((platform, mo), 0)  # by cutovers that are fixed
        m.add(sum(chosen) <= max(pb.prof.limits[platform] - taken, 0))


def _windows(m: Any, pb: _Problem, x: list[Any], start: list[int]) -> None:
    """The last day of each pin (``until``) the scheme's solution ``start`` holds, as a bound on the cutover.

    A cutover counts on its day (`portfolio.capacity._day.placed_day`): no later
    than the last working day ``u`` of the window is ``x <= u``, or, for a
    cutover the CPM schedule shows on ``u`` the evening before its boundary,
    ``x`` at that boundary. A window the scheme missed (logic or capacity
    leave no room, which ``capacity-pin-missed`` says) stays "not before" only,
    so the model stays feasible: the scheme's solution satisfies every bound.
    """
    cal = pb.prof.cal
    for pin in pb.windows:
        last = cal.finish_index(pin.until or dt.date.max) - 1  # the window's last working day
        for j, act in enumerate(pb.acts):
            if act.service != pin.service or not pb.cutover[j] or pb.fixed[j] or pb.counts_on(j, start[j])[0] > last:
                continue
            m.add(x[j] <= (last if pb.early[j] <= last else pb.early[j]))


def level_exact(portfolio: Portfolio, capacity: Capacity, *, target: str | None = None,
                status_date: dt.date | None = None, time_limit: float = 10.0) -> Exact:
    """Level with CP-SAT: the earliest finish of ``target`` (or of everything) the capacity allows.

    Args:
        portfolio: the portfolio (not changed).
        capacity: the capacity.
        target: the activity whose finish is minimised (e.g. ``easi.exit``); None: the portfolio's finish.
        status_date: as for [`portfolio.scheduling.schedule`][portfolio.scheduling.schedule].
        time_limit: seconds the solver may take.

    Returns:
        The `Exact` result.

    Raises:
        KeyError: ``target`` is not an activity of the portfolio.
        RuntimeError: the solver found no solution in the time limit.

    Examples:
        >>> from portfolio.model import Activity, Duration, PortfolioSettings
        >>> from portfolio.capacity import Demand, Team
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8), calendar="standard"),
        ...               activities=[Activity(id="a", duration=Duration(5)), Activity(id="b", duration=Duration(5))])
        >>> cap = Capacity(teams=[Team(id="t", size=2)], demand=[Demand(activities="*", team="t", amount=2)])
        >>> e = level_exact(p, cap)
        >>> e.status, e.objective == e.heuristic, e.gap
        ('optimal', True, 0.0)
    """
    cp_model = _cp_model()

    base = schedule(portfolio, status_date=status_date)
    cal = resolve(portfolio.settings.calendar, portfolio.calendars)
    if target is not None and target not in base:
        raise KeyError(f"no activity '{target}' to minimise the finish of")
    goal = None if target is None else base.ids.index(target)
    pb = _problem(portfolio, capacity, base, cal)
    heuristic = _place(pb, base)
    ends = [s + d for s, d in zip(heuristic, pb.length, strict=True)]
    reached = ends[goal] if goal is not None else max(ends, default=0)
    horizon = min(max(ends, default=0), cal.size - 1 - max(pb.length, default=0))  # no start beyond it
    pb = _problem(portfolio, capacity, base, cal)  # fresh profiles: the heuristic booked the first ones
    for j in np.flatnonzero(pb.fixed).tolist():
        pb.take(j, pb.early[j])
    model, x, finish = _model(pb, horizon, goal, heuristic)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"CP-SAT found no levelled schedule within {time_limit:g} s")
    starts = [int(solver.value(v)) for v in x]
    objective, bound = int(solver.value(finish)), math.ceil(solver.best_objective_bound)
    return Exact(result=_finish(portfolio, base, cal, pb, starts, status_date),
                 status="optimal" if code == cp_model.OPTIMAL else "feasible", objective=objective,
                 bound=bound, heuristic=reached, gap=(objective - bound) / objective if objective else 0.0)
