"""Two publications compared figure by figure (private; ``portfolio published --diff``)."""

from __future__ import annotations

from typing import Any

import attrs

from portfolio.slippage import Figure
from portfolio.store._chain import Publication


@attrs.frozen(kw_only=True)
class FigureChange:
    """One assignment or milestone in two publications; ``before`` or ``after`` is None where it is absent.

    ``moved`` is the forecast's move in calendar days and ``variance_change``
    the change of the variance (working days), None when either is unknown.
    """

    kind: str
    id: str
    name: str
    before: Figure | None
    after: Figure | None

    @property
    def moved(self) -> int | None:
        """How many calendar days the forecast moved (later is positive)."""
        if self.before is None or self.after is None:
            return None
        return (self.after.forecast_finish - self.before.forecast_finish).days

    @property
    def variance_change(self) -> int | None:
        """The variance after minus the variance before (working days)."""
        if self.before is None or self.after is None or self.before.variance is None or self.after.variance is None:
            return None
        return self.after.variance - self.before.variance

    def to_json_dict(self) -> dict[str, Any]:
        """The change as JSON data: both figures (`Figure.to_json_dict`, or None) and the changes."""
        return {"kind": self.kind, "id": self.id, "name": self.name,
                "before": self.before.to_json_dict() if self.before else None,
                "after": self.after.to_json_dict() if self.after else None,
                "moved": self.moved, "variance_change": self.variance_change}


def compare(before: Publication, after: Publication) -> tuple[FigureChange, ...]:
    """Each figure of either publication, in the later one's order, then those only the earlier one has.

    Examples:
        >>> import datetime as dt
        >>> def pub(day):
        ...     f = Figure(kind="milestone", id="m", name="M", baseline_finish=None, forecast_finish=day,
        ...                variance=None, variance_days=None, progress="not-started", rag="new")
        ...     return Publication(id=1, period="2023-08", version=1, status_date=day, baseline=None, portfolio="",
        ...                        reason="", supersedes=None, digest="", figures=(f,))
        >>> [c.moved for c in compare(pub(dt.date(2024, 1, 1)), pub(dt.date(2024, 1, 8)))]
        [7]
    """
    old = {(f.kind, f.id): f for f in before.figures}
    new = {(f.kind, f.id): f for f in after.figures}
    keys = [*new, *(k for k in old if k not in new)]
    return tuple(FigureChange(kind=k[0], id=k[1], name=(new.get(k) or old[k]).name, before=old.get(k),
                              after=new.get(k)) for k in keys)
