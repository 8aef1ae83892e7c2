"""The schedule as a Mermaid ``gantt`` chart, which a wiki (GitLab, GitHub, Azure DevOps, Confluence) renders.

One section per service (its migrations' activities included), then per
platform, then "Overig" for the rest; each activity from its forecast start
to its forecast finish, milestones as milestones, critical activities
``crit``, finished ones ``done`` and work in progress ``active``. The chart
excludes the default calendar's non-working weekdays and its closed days.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from portfolio.io.export._outline import calendar_of, closed_and_open, outline, walk, workweek
from portfolio.model import Activity, Portfolio
from portfolio.scheduling import Progress, Schedule, schedule

__all__ = ["to_mermaid"]

_DAY_NAMES: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SYNTAX = re.compile(r"[:;#%\r\n\x00-\x1f\x7f]+")
"""Characters that end a task name or a section in Mermaid's grammar, or start a comment."""


def _text(text: str) -> str:
    """A name Mermaid's grammar keeps whole: separators and comment marks become spaces.

    Examples:
        >>> _text("Go/no-go: DigiD; #1")
        'Go/no-go DigiD 1'
    """
    return " ".join(_SYNTAX.sub(" ", text).split()) or "-"


def to_mermaid(portfolio: Portfolio, *, status_date: dt.date | None = None, fenced: bool = False) -> str:
    """A Mermaid ``gantt`` chart of the schedule as of ``status_date``.

    Args:
        portfolio: the portfolio to draw.
        status_date: schedule as of this date (None: the latest status update's date).
        fenced: in a fenced ``mermaid`` code block, as a Markdown wiki page holds it.

    Returns:
        The chart's text (Mermaid's ``gantt`` syntax), one task per line.

    Examples:
        >>> from portfolio.model import Duration, PortfolioSettings, Relation
        >>> p = Portfolio(settings=PortfolioSettings(name="Demo", start=dt.date(2024, 1, 8), calendar="standard"),
        ...               activities=[Activity(id="build", name="Build", duration=Duration(5)),
        ...                           Activity(id="live", name="Live")],
        ...               relations=[Relation(predecessor="build", successor="live")])
        >>> print(to_mermaid(p))
        gantt
            title Demo
            dateFormat YYYY-MM-DD
            axisFormat %d-%m-%Y
            todayMarker off
            excludes weekends
            section Overig
            Build :crit, t1, 2024-01-08, 2024-01-13
            Live :milestone, crit, t2, 2024-01-12, 0d
        <BLANKLINE>
    """
    computed = schedule(portfolio, status_date=status_date)
    lines = ["gantt", f"    title {_text(portfolio.settings.name)}", "    dateFormat YYYY-MM-DD",
             "    axisFormat %d-%m-%Y", "    todayMarker off"]  # the chart is as of the status date, not today
    excluded = _excludes(portfolio, computed)
    if excluded:
        lines.append(f"    excludes {excluded}")
    number = {ident: k for k, ident in enumerate(portfolio.activities, start=1)}
    groups, loose = outline(portfolio)
    sections: list[tuple[str, list[Activity]]] = []
    for group in groups:
        if group.key.startswith("migration:") and any(group in g.groups for g in groups):
            continue
        members = [a for g in walk((group,)) for a in g.activities]
        sections.append((group.name, members))
    if loose:
        sections.append(("Overig", list(loose)))
    for name, members in sections:
        lines.append(f"    section {_text(name)}")
        lines.extend(f"    {_task(a, computed, number[a.id])}" for a in members)
    if fenced:
        lines = ["```mermaid", *lines, "```"]
    return "\n".join(lines) + "\n"


def _task(activity: Activity, computed: Schedule, number: int) -> str:
    row = computed[activity.id]
    tags = ["milestone"] if row.milestone else []
    if row.critical:
        tags.append("crit")
    if row.progress is Progress.FINISHED:
        tags.append("done")
    elif row.progress is Progress.IN_PROGRESS:
        tags.append("active")
    end = "0d" if row.milestone else (row.finish + dt.timedelta(days=1)).isoformat()  # Mermaid's end is exclusive
    return f"{_text(activity.name or activity.id)} :{', '.join([*tags, f't{number}'])}, {row.start.isoformat()}, {end}"


def _excludes(portfolio: Portfolio, computed: Schedule) -> str:
    """The default calendar's non-working weekdays (``weekends`` for Saturday and Sunday) and closed days."""
    ident = portfolio.settings.calendar
    week = workweek(ident, portfolio)
    off = [d for d in range(7) if d not in week]
    words = ["weekends"] if off == [5, 6] else [_DAY_NAMES[d] for d in off]
    cal = calendar_of(ident, portfolio)
    if cal is not None:
        closed, _ = closed_and_open(cal, week, computed.start, computed.finish)
        for first, last in closed:
            words.extend((first + dt.timedelta(days=i)).isoformat() for i in range((last - first).days + 1))
    return ", ".join(words)
