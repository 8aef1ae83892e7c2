"""The figures of a monthly report: per assignment and key milestone (private)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import attrs

from portfolio import _months
from portfolio.model import Baseline, BaselineEntry, Portfolio
from portfolio.scheduling import Schedule
from portfolio.slippage._common import Calendars
from portfolio.slippage._history import key_milestones
from portfolio.slippage._index import columns, positions, record, rollups

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


@attrs.frozen(kw_only=True)
class Figure:
    """One line of a published report: an assignment or a key milestone against the baseline.

    ``rag`` is ``green`` (on or before the baseline), ``amber`` (late by at
    most the red threshold) or ``red``; ``new`` when the baseline lacks it.
    """

    kind: str
    """"assignment" or "milestone\""""
    id: str
    name: str
    baseline_finish: dt.date | None
    forecast_finish: dt.date
    variance: int | None
    """working days (milestone: its calendar; assignment: the default calendar)"""
    variance_days: int | None
    progress: str
    """not-started, in-progress or finished"""
    rag: str
    status: str = ""
    """an assignment's reported status (planned, running, ...)"""

    def to_json_dict(self) -> dict[str, Any]:
        """The figure as JSON data: the field names as keys, dates as ISO strings (None stays None).

        The one JSON form of a figure: ``published --format json`` and the
        report's JSON both use it.

        Examples:
            >>> f = Figure(kind="milestone", id="m", name="M", baseline_finish=None,
            ...            forecast_finish=dt.date(2024, 1, 5), variance=None, variance_days=None,
            ...            progress="not-started", rag="new")
            >>> f.to_json_dict()["forecast_finish"], Figure.from_json_dict(f.to_json_dict()) == f
            ('2024-01-05', True)
        """
        data = attrs.asdict(self)
        for key in _DATES:
            data[key] = data[key].isoformat() if data[key] is not None else None
        return data

    @classmethod
    def from_json_dict(cls, data: Mapping[str, Any]) -> Figure:
        """The figure from `to_json_dict`'s data; ValueError when a key is missing, unknown or mistyped.

        Examples:
            >>> Figure.from_json_dict({"kind": "milestone"})
            Traceback (most recent call last):
            ...
            ValueError: a figure needs the keys baseline_finish, forecast_finish, id, name, progress, rag, variance, variance_days
        """
        fields = {f.name: f for f in attrs.fields(cls)}
        missing = sorted(k for k, f in fields.items() if k not in data and f.default is attrs.NOTHING)
        unknown = sorted(k for k in data if k not in fields)
        if missing or unknown:
            what = f"needs the keys {', '.join(missing)}" if missing else f"has unknown keys {', '.join(unknown)}"
            raise ValueError(f"a figure {what}")
        values = dict(data)
        try:
            for key in _DATES:
                if values.get(key) is not None:
                    values[key] = dt.date.fromisoformat(values[key])
        except (TypeError, ValueError) as error:
            raise ValueError(f"a figure's date is not YYYY-MM-DD: {error}") from None
        figure = cls(**values)
        _check_types(figure)
        return figure


_DATES = ("baseline_finish", "forecast_finish")


def _check_types(figure: Figure) -> None:
    """ValueError unless every field holds its declared type (JSON data can hold anything)."""
    texts = ("kind", "id", "name", "progress", "rag", "status")
    bad = [k for k in texts if not isinstance(getattr(figure, k), str)]
    bad += [k for k in ("variance", "variance_days")
            if not (getattr(figure, k) is None or type(getattr(figure, k)) is int)]
    if not isinstance(figure.forecast_finish, dt.date):
        bad.append("forecast_finish")
    if bad:
        raise ValueError(f"a figure has values of the wrong type in {', '.join(bad)}")


def period_end(period: str) -> dt.date:
    """The last day of a ``YYYY-MM`` period; ValueError for anything else.

    Examples:
        >>> period_end("2024-02")
        datetime.date(2024, 2, 29)
    """
    match = _PERIOD.match(period)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"{period!r} is not a period; write YYYY-MM, e.g. 2023-08")
    year, month = int(match.group(1)), int(match.group(2))
    return _months.end(dt.date(year, month, 1))


def previous_period(period: str) -> str:
    """The month before a ``YYYY-MM`` period.

    Examples:
        >>> previous_period("2024-01")
        '2023-12'
    """
    return _months.period(_months.add(period_end(period), -1))


def rag(variance: int | None, *, red: int = 20) -> str:
    """Green at or before the baseline, amber up to ``red`` working days late, red beyond; new without one.

    Examples:
        >>> rag(0), rag(5), rag(21), rag(None)
        ('green', 'amber', 'red', 'new')
    """
    if variance is None:
        return "new"
    return "green" if variance <= 0 else "amber" if variance <= red else "red"


def report_figures(portfolio: Portfolio, computed: Schedule, baseline: Baseline | None, *,
                   red: int = 20) -> tuple[Figure, ...]:
    """The figures of a report: each assignment (its activities rolled up), then each key milestone.

    Examples:
        >>> from portfolio.model import Activity, Portfolio, PortfolioSettings
        >>> from portfolio.scheduling import schedule
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8), key_milestones=("live",)),
        ...               activities=[Activity(id="live")])
        >>> [(f.kind, f.id, f.rag) for f in report_figures(p, schedule(p), None)]
        [('milestone', 'live', 'new')]
    """
    cals = Calendars(portfolio)
    entries: Mapping[str, BaselineEntry] = baseline.entries if baseline is not None else {}
    update = portfolio.status_update(computed.status_date)
    figures = []
    cols = columns(computed)  # the progress of the activities as arrays: no record per activity
    at_ = positions(computed, "assignment")
    for key, roll in rollups(computed, "assignment").items():
        assignment = portfolio.assignments[key]
        known = [e.finish for e in map(entries.get, roll.activities) if e is not None]
        bf = max(known) if known else None
        var = None if bf is None else cals.finish(None, roll.finish) - cals.finish(None, bf)
        at = at_[key]  # the roll-up's activities
        done, begun = bool(cols.finished[at].all()), bool(cols.started[at].any())
        reported = update.assignments.get(key) if update is not None else None
        status = (reported.status if reported is not None and reported.status is not None else assignment.status)
        figures.append(Figure(
            kind="assignment", id=key, name=assignment.title, baseline_finish=bf, forecast_finish=roll.finish,
            variance=var, variance_days=None if bf is None else (roll.finish - bf).days,
            progress="finished" if done else "in-progress" if begun else "not-started", rag=rag(var, red=red),
            status=status.value))
    for m in key_milestones(portfolio):
        rec = record(computed, m)
        bf = entry.finish if (entry := entries.get(m)) is not None else None
        var = None if bf is None else cals.finish(rec.calendar, rec.finish) - cals.finish(rec.calendar, bf)
        figures.append(Figure(
            kind="milestone", id=m, name=rec.name, baseline_finish=bf, forecast_finish=rec.finish, variance=var,
            variance_days=None if bf is None else (rec.finish - bf).days, progress=rec.progress.value,
            rag=rag(var, red=red)))
    return tuple(figures)
