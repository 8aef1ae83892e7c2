"""The earned-value figures as a pandas DataFrame (pandas imported on use)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portfolio import _frames
from portfolio.evm._formulas import FIGURES
from portfolio.evm._portfolio import EvmReport

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["to_pandas"]


def to_pandas(report: EvmReport) -> pd.DataFrame:
    """One row per subject and status update: ``date``, ``level``, ``id``, ``name``, ``baseline``, every figure.

    Figures are ``float64`` (a figure that cannot be computed is NaN; its reason
    is in the row's [`reasons`][portfolio.evm.Figures.reasons]); the dates of the
    earned schedule, of IEAC(t) and of the planned finish are dates.

    Args:
        report: the result of [`portfolio.evm.evm`][portfolio.evm.evm].

    Returns:
        The DataFrame, in the report's order (status date, then assignment, service, portfolio).

    Raises:
        ImportError: without pandas (the ``notebook`` extra).

    Examples:
        >>> import datetime as dt
        >>> from portfolio.evm import evm
        >>> from portfolio.io import load
        >>> df = to_pandas(evm(load("examples/logius").portfolio))
        >>> str(df["cpi"].dtype), sorted(set(df["level"]))
        ('float64', ['assignment', 'portfolio', 'service'])
    """
    rows = report.rows
    columns: list[_frames.Column] = [
        ("date", "date", [r.date for r in rows]),
        ("level", "str", [r.level for r in rows]),
        ("id", "str", [r.id for r in rows]),
        ("name", "str", [r.name for r in rows]),
        ("baseline", "str", [r.baseline or "" for r in rows]),
    ]
    for name in FIGURES:
        columns.append((name, "float", [getattr(r.figures, name) for r in rows]))
    columns += [
        ("earned_schedule_date", "date", [r.earned_schedule_date for r in rows]),
        ("ieac_t_date", "date", [r.ieac_t_date for r in rows]),
        ("planned_finish", "date", [r.planned_finish for r in rows]),
    ]
    return _frames.frame(columns)
