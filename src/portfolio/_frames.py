"""pandas DataFrames with typed columns for the ``to_pandas()`` methods (private).

pandas is an optional extra (``pip install 'migration-portfolio[notebook]'``)
and is imported inside `frame` only, so the library loads without it.
Columns are typed on purpose: dates are ``datetime64[ns]`` (a missing date is
``NaT``), counts ``int64`` (``Int64`` when some are missing), fractions
``float64``, flags ``bool``, texts ``string``, and statuses (progress, RAG,
severity) ordered categoricals, so sorting and grouping do the right thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import pandas as pd

INSTALL_HINT: Final = "to_pandas() needs pandas: pip install 'migration-portfolio[notebook]'"

PROGRESS: Final = ("not-started", "in-progress", "finished")
"""Ordered categories of the statuses the frames carry."""
RAG: Final = ("green", "amber", "red", "grey", "new")
SEVERITY: Final = ("info", "warning", "error")

Values = Sequence[Any] | npt.NDArray[Any]
"""A column: name, kind (str, int, Int64, float, bool, date, category), values, and categories for a category."""
Column = tuple[str, str, Values] | tuple[str, str, Values, Sequence[str]]


def pandas() -> Any:
    """The pandas module, or ImportError saying how to install it."""
    try:
        import pandas as pd  # noqa: PLC0415 - optional extra, imported on first use
    except ImportError as error:
        raise ImportError(INSTALL_HINT) from error
    return pd


def _dates(pd: Any, values: Values) -> Any:
    if isinstance(values, np.ndarray):  # datetime64 already (a schedule's arrays): no Python dates made
        return pd.Series(values.astype("datetime64[ns]"))
    days = [None if v is None else dt.datetime(v.year, v.month, v.day) for v in values]  # noqa: DTZ001 - plain dates
    return pd.Series(days, dtype="datetime64[ns]")


def frame(columns: Sequence[Column]) -> pd.DataFrame:
    """A DataFrame from typed columns (all of the same length).

    Examples:
        >>> f = frame([("id", "str", ["a", "b"]), ("finish", "date", [dt.date(2024, 1, 5), None]),
        ...            ("rag", "category", ["red", "green"], RAG)])
        >>> [str(t) for t in f.dtypes]
        ['string', 'datetime64[ns]', 'category']
    """
    pd = pandas()
    data: dict[str, Any] = {}
    for column in columns:
        name, kind, values = column[0], column[1], column[2]
        if kind == "date":
            data[name] = _dates(pd, values)
        elif kind == "category":
            categories = column[3] if len(column) > 3 else None
            data[name] = pd.Series(pd.Categorical(values, categories=categories, ordered=categories is not None))
        elif kind == "str":
            data[name] = pd.Series(list(values), dtype="string")
        elif kind == "int":
            data[name] = pd.Series(list(values), dtype="int64")
        elif kind == "Int64":
            data[name] = pd.Series(list(values), dtype="Int64")
        elif kind == "float":
            data[name] = pd.Series([float("nan") if v is None else float(v) for v in values], dtype="float64")
        elif kind == "bool":
            data[name] = pd.Series(list(values), dtype="bool")
        else:
            raise ValueError(f"unknown column kind {kind!r}")
    return pd.DataFrame(data)
