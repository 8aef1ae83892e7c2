"""The earned-value and earned-schedule formulas on plain numbers (no portfolio).

Every figure that cannot be computed is ``None`` with a reason in
`Figures.reasons` (no cost data, no baseline, a division by zero),
never 0. ``docs/evm.md`` gives the formulas and their sources.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Final

import attrs

__all__ = ["FIGURES", "Figures", "earned_schedule", "figures"]

FIGURES: Final = (
    "bac", "pv", "pv_original", "ev", "ac", "sv", "cv", "spi", "cpi", "eac", "eac_cpi_spi", "eac_bottom_up",
    "etc", "vac", "tcpi", "earned_schedule", "actual_time", "planned_duration", "spi_t", "sv_t", "ieac_t",
)
"""The figures, in the order the command line and the JSON output give them."""


@attrs.frozen(kw_only=True)
class Figures:
    """The earned-value figures of one subject at one status date.

    Amounts are euros; times (``earned_schedule``, ``actual_time``,
    ``planned_duration``, ``sv_t``, ``ieac_t``) are in the periods of the
    planned-value curve (working days for a portfolio). ``reasons`` maps the
    name of each figure that is ``None`` to why.
    """

    bac: float | None = None
    """budget at completion"""
    pv: float | None = None
    """planned value, baseline in force"""
    pv_original: float | None = None
    """planned value, original baseline"""
    ev: float | None = None
    """earned value"""
    ac: float | None = None
    """actual cost (realised spend)"""
    sv: float | None = None
    """schedule variance EV - PV"""
    cv: float | None = None
    """cost variance EV - AC"""
    spi: float | None = None
    """EV / PV"""
    cpi: float | None = None
    """EV / AC"""
    eac: float | None = None
    """estimate at completion, CPI-based: BAC / CPI"""
    eac_cpi_spi: float | None = None
    """AC + (BAC - EV) / (CPI x SPI)"""
    eac_bottom_up: float | None = None
    """AC + the bottom-up estimate to complete"""
    etc: float | None = None
    """estimate to complete EAC - AC"""
    vac: float | None = None
    """variance at completion BAC - EAC"""
    tcpi: float | None = None
    """to-complete performance index (BAC - EV) / (BAC - AC)"""
    earned_schedule: float | None = None
    """ES: the time at which the plan reached EV"""
    actual_time: float | None = None
    """AT: the time from the plan's start to the status date"""
    planned_duration: float | None = None
    """PD: the time from the plan's start to its finish"""
    spi_t: float | None = None
    """ES / AT"""
    sv_t: float | None = None
    """ES - AT"""
    ieac_t: float | None = None
    """PD / SPI(t): the independent estimate of the duration at completion"""
    reasons: Mapping[str, str] = attrs.field(factory=dict)

    def as_dict(self) -> dict[str, float | None]:
        """The figures by name, in `FIGURES` order.

        Examples:
            >>> figures(bac=100.0, pv=50.0, ev=40.0, ac=50.0).as_dict()["cpi"]
            0.8
        """
        return {name: getattr(self, name) for name in FIGURES}


def earned_schedule(curve: Sequence[float], ev: float) -> float:
    """Lipke's earned schedule: the time at which the cumulative plan ``curve`` reached ``ev``.

    ``curve[i]`` is the cumulative planned value at the end of period ``i``
    (``curve[0]`` the start, usually 0). With C the last period whose planned
    value is at most EV, ES = C + (EV - PV_C) / (PV_C+1 - PV_C): whole periods
    plus the earned fraction of the next, by linear interpolation.

    Args:
        curve: non-decreasing cumulative planned values, one per period boundary.
        ev: the earned value.

    Returns:
        ES in periods, from 0 to the last period.

    Examples:
        >>> earned_schedule([0, 10, 30, 60, 100], 45)
        2.5
        >>> earned_schedule([0, 10, 30, 60, 100], 100), earned_schedule([0, 10, 30], 0)
        (4.0, 0.0)
    """
    last = len(curve) - 1
    if last <= 0 or ev <= curve[0]:
        return 0.0
    low, high = 0, last  # invariant: curve[low] <= ev; the answer's C is the last such index
    if curve[last] <= ev:
        # EV at (or past) the plan's total: the time the plan first reaches its total.
        first = next(i for i, value in enumerate(curve) if value >= curve[last])
        return float(first)
    while high - low > 1:
        mid = (low + high) // 2
        if curve[mid] <= ev:
            low = mid
        else:
            high = mid
    step = curve[low + 1] - curve[low]
    return low + ((ev - curve[low]) / step if step > 0 else 0.0)


def _ratio(top: float | None, bottom: float | None, name: str, what: str, reasons: dict[str, str]) -> float | None:
    if top is None or bottom is None:
        reasons.setdefault(name, f"needs {what}")
        return None
    if bottom == 0 or not math.isfinite(top / bottom):
        reasons[name] = f"{what} is zero"
        return None
    return top / bottom


def _schedule(curve: Sequence[float] | None, ev: float | None, actual_time: float | None,
              why: dict[str, str]) -> tuple[float | None, ...]:
    """ES, PD, SPI(t), SV(t) and IEAC(t), each None with a reason in ``why`` when it cannot be computed."""
    es = spi_t = sv_t = ieac_t = planned = None
    if curve is None or ev is None or len(curve) < 2:
        for name in ("earned_schedule", "spi_t", "sv_t", "ieac_t", "planned_duration"):
            why.setdefault(name, "needs a planned-value curve and EV")
    else:
        es = earned_schedule(curve, ev)
        planned = earned_schedule(curve, curve[-1])
        if actual_time is None:
            for name in ("actual_time", "spi_t", "sv_t", "ieac_t"):
                why.setdefault(name, "needs AT, the time from the plan's start to the status date")
        else:
            sv_t = es - actual_time
            spi_t = _ratio(es, actual_time, "spi_t", "AT", why)
            ieac_t = _ratio(planned, spi_t, "ieac_t", "SPI(t)", why)
    return es, planned, spi_t, sv_t, ieac_t


def figures(
    *,
    bac: float | None,
    pv: float | None,
    ev: float | None,
    ac: float | None,
    pv_original: float | None = None,
    curve: Sequence[float] | None = None,
    actual_time: float | None = None,
    etc_bottom_up: float | None = None,
    reasons: Mapping[str, str] | None = None,
) -> Figures:
    """Every earned-value and earned-schedule figure from BAC, PV, EV, AC and the plan's curve.

    Args:
        bac: budget at completion.
        pv: planned value at the status date (baseline in force).
        ev: earned value at the status date.
        ac: actual cost (realised spend) at the status date.
        pv_original: planned value by the original baseline, passed through.
        curve: the cumulative planned values per period boundary, for earned schedule.
        actual_time: periods from the curve's start to the status date.
        etc_bottom_up: an estimate to complete built up from the work left, when there is one.
        reasons: why an input is ``None`` (copied to the result's reasons).

    Returns:
        The `Figures`; each one that cannot be computed is ``None`` with a reason.

    Examples:
        Schwalbe's exercise (BAC 200,000 over six months; after three PV 120,000,
        EV 100,000, AC 90,000):

        >>> f = figures(bac=200_000, pv=120_000, ev=100_000, ac=90_000)
        >>> f.cv, f.sv, round(f.cpi, 3), round(f.spi, 3), round(f.eac)
        (10000, -20000, 1.111, 0.833, 180000)
        >>> figures(bac=100, pv=0, ev=0, ac=None).reasons["cpi"]
        'needs AC'
    """
    why: dict[str, str] = dict(reasons or {})
    for name, value in (("bac", bac), ("pv", pv), ("ev", ev), ("ac", ac), ("pv_original", pv_original)):
        if value is None:
            why.setdefault(name, "not known")
    sv = ev - pv if ev is not None and pv is not None else None
    cv = ev - ac if ev is not None and ac is not None else None
    spi = _ratio(ev, pv, "spi", "PV", why)
    cpi = _ratio(ev, ac, "cpi", "AC", why)
    eac = _ratio(bac, cpi, "eac", "CPI", why)
    eac_cpi_spi = None
    if None in (bac, ev, ac, cpi, spi):
        why.setdefault("eac_cpi_spi", "needs BAC, EV, AC, CPI and SPI")
    elif cpi * spi == 0:  # type: ignore[operator]
        why["eac_cpi_spi"] = "CPI x SPI is zero"
    else:
        eac_cpi_spi = ac + (bac - ev) / (cpi * spi)  # type: ignore[operator]
    eac_bottom_up = ac + etc_bottom_up if ac is not None and etc_bottom_up is not None else None
    if eac_bottom_up is None:
        why.setdefault("eac_bottom_up", "needs AC and a bottom-up estimate to complete")
    etc = eac - ac if eac is not None and ac is not None else None
    vac = bac - eac if bac is not None and eac is not None else None
    for name, value in (("sv", sv), ("cv", cv), ("etc", etc), ("vac", vac)):
        if value is None:
            why.setdefault(name, "needs " + {"sv": "EV and PV", "cv": "EV and AC", "etc": "EAC and AC",
                                             "vac": "BAC and EAC"}[name])
    tcpi = None
    if None in (bac, ev, ac):
        why["tcpi"] = "needs BAC, EV and AC"
    elif bac <= ac:  # type: ignore[operator]
        # a negative ratio would read as "ahead"; the budget is spent, so BAC can no longer be met (PMI: use EAC)
        why["tcpi"] = "AC has reached BAC: no budget left" if bac == ac else "AC exceeds BAC: the budget is spent"
    else:
        tcpi = (bac - ev) / (bac - ac)  # type: ignore[operator]
    es, planned, spi_t, sv_t, ieac_t = _schedule(curve, ev, actual_time, why)
    return Figures(
        bac=bac, pv=pv, pv_original=pv_original, ev=ev, ac=ac, sv=sv, cv=cv, spi=spi, cpi=cpi, eac=eac,
        eac_cpi_spi=eac_cpi_spi, eac_bottom_up=eac_bottom_up, etc=etc, vac=vac, tcpi=tcpi, earned_schedule=es,
        actual_time=actual_time, planned_duration=planned, spi_t=spi_t, sv_t=sv_t, ieac_t=ieac_t,
        reasons={name: text for name, text in why.items() if name in FIGURES},
    )
