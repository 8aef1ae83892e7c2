"""What every plot shares: the figure, dates on the axes, the words in Dutch and English, the date markers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, Final, Literal

from portfolio import colours
from portfolio.model import Portfolio
from portfolio.scheduling import ActivitySchedule, Schedule
from portfolio.slippage.plot import INSTALL_HINT

LANGS: Final = ("nl", "en")
"""The languages of the labels."""

_MONTHS: Final = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}

WORDS: Final[dict[str, dict[str, str]]] = {
    "nl": {
        "schedule": "Planning",
        "date": "datum",
        "activity": "activiteit",
        "service": "dienst",
        "migration": "migratie",
        "assignment": "opdracht",
        "other": "(overig)",
        "critical": "kritiek",
        "not critical": "niet kritiek",
        "finished": "gereed",
        "driving": "drijvend pad",
        "baseline": "baseline",
        "original": "oorspronkelijke baseline",
        "milestone": "mijlpaal",
        "status date": "statusdatum",
        "deadline": "deadline",
        "contract end": "contracteinde",
        "driving path to": "Drijvend pad naar",
        "what moved": "Wat verschoof",
        "moved axis": "prognose einde (grijs: ervoor, gekleurd: erna)",
        "wd": "wd",
        "mta": "Mijlpalentrendanalyse",
        "map": "Migratiekaart per",
        "old": "Oude infrastructuur",
        "landing": "Landingsplatforms",
        "cloud": "Publieke cloud",
        "migrated": "gemigreerd",
        "migrating": "in migratie",
        "planned": "gepland",
        "decision-open": "besluit open",
        "stays": "blijft",
        "decision": "besluit",
        "cutover": "overgang",
        "graph": "Diensten en hun afhankelijkheden",
        "cycle": "in een kring",
        "depends": "hangt af van",
        "unplaced": "(geen platform of uitgefaseerd)",
        "retire": "uitfasering",
        "red": "rood",
        "amber": "oranje",
        "green": "groen",
        "grey": "grijs",
        "map note": "Pijl: de volgende migratie, tot de prognose van de overgang. Gestippeld: het landingsplatform "
        "is nog niet gekozen; de vork wijst naar de kandidaten, het besluit staat bij de dienst.",
    },
    "en": {
        "schedule": "Schedule",
        "date": "date",
        "activity": "activity",
        "service": "service",
        "migration": "migration",
        "assignment": "assignment",
        "other": "(other)",
        "critical": "critical",
        "not critical": "not critical",
        "finished": "finished",
        "driving": "driving path",
        "baseline": "baseline",
        "original": "original baseline",
        "milestone": "milestone",
        "status date": "status date",
        "deadline": "deadline",
        "contract end": "contract end",
        "driving path to": "Driving path to",
        "what moved": "What moved",
        "moved axis": "forecast finish (grey: before, coloured: after)",
        "wd": "wd",
        "mta": "Milestone trend analysis",
        "map": "Migration map as of",
        "old": "Old infrastructure",
        "landing": "Landing platforms",
        "cloud": "Public cloud",
        "migrated": "migrated",
        "migrating": "migrating",
        "planned": "planned",
        "decision-open": "decision open",
        "stays": "stays",
        "decision": "decision",
        "cutover": "cutover",
        "graph": "Services and their dependencies",
        "cycle": "in a cycle",
        "depends": "depends on",
        "unplaced": "(no platform or retired)",
        "retire": "retirement",
        "red": "red",
        "amber": "amber",
        "green": "green",
        "grey": "grey",
        "map note": "Arrow: the next migration, to the forecast cutover date. Dashed: the landing platform is not "
        "chosen yet; the fork points to the candidates, the decision's date is in the service's box.",
    },
}
"""Every label a plot writes, in each language (the same keys in both)."""


def words(lang: str) -> dict[str, str]:
    """The labels in ``lang``; raises ValueError for a language the plots do not speak.

    Examples:
        >>> words("en")["status date"], words("nl")["status date"]
        ('status date', 'statusdatum')
    """
    if lang not in WORDS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return WORDS[lang]


def day_text(day: dt.date, lang: str) -> str:
    """A date as a label: ``12 okt 2023`` (Dutch) or ``12 Oct 2023``.

    Examples:
        >>> day_text(dt.date(2023, 10, 12), "nl"), day_text(dt.date(2023, 3, 1), "en")
        ('12 okt 2023', '1 Mar 2023')
    """
    return f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


def new_figure(width: float, height: float, *, layout: Literal["constrained"] | None = "constrained") -> Any:
    """A matplotlib Figure on the Agg canvas (never a window); ImportError with the install command without it."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 - optional extra
        from matplotlib.figure import Figure  # noqa: PLC0415
    except ImportError as error:
        raise ImportError(INSTALL_HINT) from error
    fig = Figure(figsize=(width, height), layout=layout)
    FigureCanvasAgg(fig)
    return fig


def date_axis(ax: Any) -> None:
    """Dates on the x axis, labelled concisely (a year once, then months) so the labels never collide."""
    from matplotlib import dates  # noqa: PLC0415 - optional extra

    make_locator: Callable[..., Any] = dates.AutoDateLocator  # its stubs leave the constructors untyped
    make_formatter: Callable[..., Any] = dates.ConciseDateFormatter
    locator = make_locator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(make_formatter(locator))


def date2num(day: dt.date) -> float:
    """matplotlib's number for a date (its stubs leave ``date2num`` untyped)."""
    from matplotlib import dates  # noqa: PLC0415 - optional extra, present once a figure exists

    convert: Callable[[dt.date], float] = dates.date2num
    return convert(day)


def status_line(ax: Any, status_date: dt.date | None, lang: str) -> None:
    """The status date as a vertical line labelled at the top of the axes (``gid="status-date"``)."""
    if status_date is None:
        return
    x = date2num(status_date)
    lo, hi = ax.get_xlim()
    right = hi > lo and (x - lo) / (hi - lo) > 0.6  # the label reads leftwards near the right edge
    ax.axvline(x, color=colours.STATUS_DATE, lw=1.4, ls="-", zorder=4, gid="status-date")
    ax.annotate(
        f"{words(lang)['status date']} {day_text(status_date, lang)}",
        (x, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(-3 if right else 3, 2),
        ha="right" if right else "left",
        textcoords="offset points",
        fontsize="x-small",
        color=colours.STATUS_DATE,
        va="bottom",
        gid="status-date-label",
    )


def contract_ends(ax: Any, portfolio: Portfolio | None, lang: str, shown: tuple[float, float]) -> list[str]:
    """Each platform's contract end inside ``shown`` (x limits) as a dashed line; returns the platforms drawn.

    Platforms whose contracts end on the same day share one line and one label.
    """
    if portfolio is None:
        return []
    by_day: dict[dt.date, list[str]] = {}
    for platform in portfolio.platforms.values():
        if platform.contract_end is not None and shown[0] <= date2num(platform.contract_end) <= shown[1]:
            by_day.setdefault(platform.contract_end, []).append(platform.id)
    for day, ids in by_day.items():
        x = date2num(day)
        ax.axvline(x, color=colours.DEADLINE, lw=1.0, ls="--", zorder=1, gid="contract-end:" + ",".join(ids))
        ax.annotate(f"{words(lang)['contract end']} {', '.join(ids)}", (x, 0.0), xycoords=("data", "axes fraction"),
                    xytext=(-2, 3), textcoords="offset points", fontsize="x-small", color=colours.DEADLINE,
                    rotation=90, va="bottom", ha="right")
    return [p for ids in by_day.values() for p in ids]


def deadlines(ax: Any, portfolio: Portfolio | None, rows: Iterable[tuple[int, str]]) -> int:
    """A deadline marker (a downward triangle) on each row whose activity has one; returns how many."""
    if portfolio is None:
        return 0
    points = [
        (date2num(deadline), y)
        for y, id in rows
        if (activity := portfolio.activities.get(id)) is not None and (deadline := activity.deadline) is not None
    ]
    if points:
        ax.scatter(
            [p[0] for p in points],
            [p[1] - 0.32 for p in points],
            marker="v",
            s=28,
            c=colours.DEADLINE,
            zorder=5,
            label="deadline",
        )
    return len(points)


def gantt_rows(computed: Schedule, by: str | None, activities: Iterable[str] | None,
               lang: str) -> list[tuple[str, ActivitySchedule]]:
    """The rows of every Gantt chart, top to bottom: (group, activity), grouped by ``by``.

    The one row preparation of the matplotlib Gantt (`portfolio.plots.gantt`, which draws a bold
    heading per group) and the interactive one (`portfolio.plots.interactive.gantt`, which the HTML
    report inlines): the groups in the order of ``computed.rollups(by)``, each activity in its
    first group only, then the activities of no group under "(overig)" / "(other)". Without ``by``
    every activity in the schedule's order, in the group ``""``.

    Args:
        computed: the schedule.
        by: ``service``, ``migration``, ``assignment`` or None.
        activities: the ids to show (None: all).
        lang: the language of the "other" group (``nl`` or ``en``).

    Returns:
        (group, record) per row.

    Examples:
        >>> from portfolio.model import Activity, Duration, PortfolioSettings
        >>> from portfolio.scheduling import schedule
        >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
        ...               activities=[Activity(id="x.build", duration=Duration(5), service="x"), Activity(id="x.live")])
        >>> [(group, r.id) for group, r in gantt_rows(schedule(p), "service", None, "en")]
        [('x', 'x.build'), ('(other)', 'x.live')]
    """
    wanted = None if activities is None else set(activities)
    records = [r for r in computed if wanted is None or r.id in wanted]
    if by is None:
        return [("", r) for r in records]
    by_id = {r.id: r for r in records}
    rows: list[tuple[str, ActivitySchedule]] = []
    placed: set[str] = set()
    for key, roll in computed.rollups(by).items():
        for ident in roll.activities:
            if ident in by_id and ident not in placed:
                rows.append((key, by_id[ident]))
                placed.add(ident)
    rows.extend((words(lang)["other"], r) for r in records if r.id not in placed)
    return rows
