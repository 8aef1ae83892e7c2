"""The report as tables: one per section, cells as values (dates, numbers, RAG), headers in words.

The spreadsheet and CSV renderers write these tables as they are; the text
and Markdown renderers use some of them. A cell is a ``str``, ``int``,
``float``, `datetime.date`, [`Rag`][portfolio.model.Rag] or None;
each renderer formats it its own way (a real Excel date, an ISO date in
CSV, a written-out date in text).

Examples:
    >>> from portfolio.io import load
    >>> from portfolio.report.data import monthly_report
    >>> from portfolio.report.i18n import Words
    >>> found = tables(monthly_report(load("examples/logius").portfolio, "2023-08"), Words("en"))
    >>> [t.key for t in found]
    ['summary', 'assignments', 'milestones', 'next-milestones', 'migrations', 'findings', 'key-milestones', 'mta', 'driving-path', 'availability', 'movers', 'replans', 'restated', 'evm', 'risk', 'risks', 'waves']
    >>> found[1].headers[:3]
    ('No.', 'Assignment', 'Phase')
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from portfolio import messages
from portfolio.report._extra_tables import extra_tables
from portfolio.report._table import Cell, Table
from portfolio.report.data import AssignmentLine, FindingLine, MilestoneLine, MissedDate, MonthlyReport
from portfolio.report.i18n import Words

__all__ = [
    "MILESTONE_COLUMNS",
    "Cell",
    "Percent",
    "Table",
    "assignment_notes",
    "finding_text",
    "milestone_cells",
    "missed_text",
    "previous_text",
    "record_lines",
    "tables",
]

OVERVIEW: Final = (
    "id",
    "assignment",
    "phase",
    "forecast_finish",
    "slip_total",
    "slip_original",
    "slip_since",
    "rag_time",
    "rag_money",
    "rag_quality",
    "rag_overall",
    "spent",
)
"""The columns of the overview of running assignments, as keys of [`Words`][portfolio.report.i18n.Words]."""


class Slip(int):
    """Slippage in days: text shows it with its sign (``+85``), a workbook as the number."""

    __slots__ = ()


class Percent(float):
    """A percentage (e.g. 99.8): text shows it with two decimals (``99,80``), a workbook as the number."""

    __slots__ = ()


def _slip(value: int | None) -> Slip | None:
    return None if value is None else Slip(value)


def _percent(value: float | None) -> Percent | None:
    return None if value is None else Percent(value)


MILESTONE_COLUMNS: Final = (
    "milestone", "name", "baseline_date", "forecast", "slip_total", "slip_original", "previous", "moved", "progress",
    "rag_time",
)
"""The columns of every milestone table, as keys of [`Words`][portfolio.report.i18n.Words]."""


def milestone_cells(m: MilestoneLine, words: Words) -> tuple[Cell, ...]:
    """A milestone's cells in the order of `MILESTONE_COLUMNS` (every format shows the same).

    Examples:
        >>> from portfolio.model import Rag
        >>> m = MilestoneLine(id="exit", name="Exit", baseline=dt.date(2024, 6, 28), forecast=dt.date(2024, 7, 5),
        ...                   variance=5, variance_days=7, previous=None, moved_days=None, progress="not-started",
        ...                   rag=Rag.AMBER, baseline_original=dt.date(2024, 3, 29), variance_original=69)
        >>> milestone_cells(m, Words("en"))[4:6], milestone_cells(m, Words("en"))[-2:]
        ((5, 69), ('not started', <Rag.AMBER: 'amber'>))
    """
    return (m.id, m.name, m.baseline, m.forecast, _slip(m.variance), _slip(m.variance_original), m.previous,
            _slip(m.moved_days), words.progress(m.progress), m.rag)


def missed_text(m: MissedDate, words: Words) -> str:
    """A missed date in words, naming the date that drives the negative float.

    Examples:
        >>> import datetime as dt
        >>> m = MissedDate(id="exit", name="Exit", what="deadline", date=dt.date(2024, 6, 28),
        ...                forecast=dt.date(2024, 7, 5), float=-5)
        >>> missed_text(m, Words("nl"))
        'Exit (exit): uiterste datum 28 juni 2024 niet gehaald, 5 wd te laat (prognose 5 juli 2024)'
    """
    what = words["what_deadline"] if m.what == "deadline" else m.what
    return words("missed_line", name=m.name, id=m.id, what=what, date=words.date(m.date), days=-m.float,
                 unit=words.unit_text, forecast=words.date(m.forecast))


def assignment_notes(a: AssignmentLine, words: Words) -> list[str]:
    """What the colours alone do not say: finished in the period, no baseline, the dates it misses.

    Examples:
        >>> from portfolio.io import load
        >>> from portfolio.report.data import monthly_report
        >>> report = monthly_report(load("examples/datacentre").portfolio, "2023-12")
        >>> [assignment_notes(a, Words("en")) for a in report.assignments if a.id in ("dc-08", "dc-09")]  # doctest: +NORMALIZE_WHITESPACE
        [['Time grey: no baseline for this assignment; never counted green.'],
         ['Missed dates: Datacentrum Zuid leeg en opgezegd (exit) (dc-zuid.exit): deadline 20 December 2024 missed,
           3 wd late (forecast 27 December 2024)']]
    """
    notes = [words["finished_mark"].capitalize()] if a.finished_in_period else []
    if a.no_baseline:
        notes.append(words["no_baseline_note"])
    notes += [f"{words['missed']}: {missed_text(m, words)}" for m in a.missed]
    return notes


def record_lines(report: MonthlyReport, words: Words) -> list[tuple[str, str]]:
    """The report as a record, label and text: both baselines, the colour's, the re-plans, the history's source.

    Examples:
        >>> from portfolio.io import load
        >>> from portfolio.report.data import monthly_report
        >>> lines = record_lines(monthly_report(load("examples/logius").portfolio, "2023-08"), Words("en"))
        >>> [label for label, _ in lines]
        ['Baseline', 'Original baseline', 'Time colour against', 'Re-plans', 'History']
        >>> lines[3][1]
        'none: the baseline in force is the original'
    """
    w = words
    lines = [
        (w["baseline"], report.baseline + (f" — {report.baseline_title}" if report.baseline_title else "")),
        (w["baseline_original"], report.original_baseline),
        (w["colour_by"], w(f"colour_{report.thresholds.colour}", name=report.original_baseline
                            if report.thresholds.colour == "original" else report.baseline)),
    ]
    replans = [w("replan_line", date=w.date(r.captured), name=r.name, replaces=r.replaces or "-", reason=r.reason)
               for r in report.replans]
    lines.append((w["replans"], "; ".join(replans) if replans else w["no_replans"]))
    periods = ", ".join(w.month(p) for p, _ in report.published)
    lines.append((w["history_source"], w("history_published", periods=periods) if report.published
                  else w["history_recomputed"]))
    return lines


def overview_headers(words: Words) -> tuple[str, ...]:
    """The overview's column headers in the report's language.

    Examples:
        >>> overview_headers(Words("en"))[:3]
        ('No.', 'Assignment', 'Phase')
    """
    return tuple(words[key] for key in OVERVIEW)


def message_format(words: Words) -> messages.Formatter:
    """How a catalogue message writes its values in the report: dates as the tables do, numbers with the language's mark.

    Examples:
        >>> import datetime as dt
        >>> fmt = message_format(Words("nl"))
        >>> fmt(dt.date(2024, 3, 19)), fmt(99.75), fmt("x") is None
        ('19 mrt. 2024', '99,75', True)
    """

    def fmt(value: Any) -> str | None:
        if isinstance(value, dt.date):
            return words.short_date(value)
        if isinstance(value, float):
            decimals = len(repr(value).partition(".")[2].rstrip("0"))
            return words.number(value, decimals)
        return None

    return fmt


def finding_text(f: FindingLine, words: Words) -> str:
    """A finding's message in the report's language: its catalogue text, else the rule's own message.

    Examples:
        >>> import attrs
        >>> line = FindingLine(rule="r", severity="error", subject="x", message="own text", waived=False,
        ...                    key="plan-per-service.no-plan", params={"service": "digid"})
        >>> finding_text(line, Words("nl")), finding_text(attrs.evolve(line, key=""), Words("nl"))
        ("voorziening 'digid' heeft geen migratieplan", 'own text')
    """
    found = messages.render(f.key, f.params, words.lang, message_format(words)) if f.key else None
    return f.message if found is None else found


def _title(a: AssignmentLine, words: Words) -> str:
    """The title, marked when the assignment finished in the period."""
    return a.title + (f" ({words['finished_mark']})" if a.finished_in_period else "")


def overview_row(a: AssignmentLine, words: Words) -> tuple[Any, ...]:
    """An assignment's overview values, in the order of `OVERVIEW` (the phase in ``words``' language)."""
    return (
        a.id,
        _title(a, words),
        messages.phase(a.phase, words.lang),
        a.finish,
        *_slips_and_colours(a),
        words.percent(100 * a.spent) if a.spent is not None else None,
    )


def _slips_and_colours(a: AssignmentLine) -> tuple[Cell, ...]:
    """The slips (total, against the original baseline, since the last report) and the four colours."""
    return (_slip(a.variance), _slip(a.variance_original), _slip(a.moved_days),
            a.rag_time, a.rag_money, a.rag_quality, a.rag)


def previous_text(report: MonthlyReport, words: Words) -> str:
    """What "since the last report" compares with, in words.

    Examples:
        >>> from portfolio.io import load
        >>> from portfolio.report.data import monthly_report
        >>> previous_text(monthly_report(load("examples/logius").portfolio, "2023-08"), Words("en"))
        'the status update of 28 April 2023'
    """
    if report.previous_source == "published":
        return words("previous_published", label=words.month(report.previous_label))
    if report.previous_source == "status-update":
        return words("previous_status", label=words.date(dt.date.fromisoformat(report.previous_label)))
    return words["previous_none"]


def stale_text(report: MonthlyReport, words: Words) -> str:
    """The warning that the report shows an older status update than its period; empty when it does not.

    Examples:
        >>> from portfolio.io import load
        >>> from portfolio.report.data import monthly_report
        >>> stale_text(monthly_report(load("examples/logius").portfolio, "2030-01"), Words("en"))
        'the latest status update (29 December 2023) is before January 2030; the report shows that state'
    """
    if not report.stale:
        return ""
    return words("stale", date=words.date(report.status_date), month=words.month(report.period))


def tables(report: MonthlyReport, words: Words) -> tuple[Table, ...]:
    """Every section of the report as a table, in report order (one function per table below).

    Args:
        report: the monthly report's data.
        words: the words of the report's language.

    Returns:
        The tables, each with its stable ``key``; the optional ones (earned value, risk) only when
        the report has their data.

    Examples:
        >>> from portfolio.io import load
        >>> from portfolio.report.data import monthly_report
        >>> found = tables(monthly_report(load("examples/logius").portfolio, "2023-08"), Words("nl"))
        >>> found[0].rows[0]
        ('Periode', 'augustus 2023')
    """
    w = words
    return (
        _summary(report, w),
        _assignments(report, w),
        _milestones(report, w),
        _next_milestones(report, w),
        _migrations(report, w),
        _findings(report, w),
        _key_milestones(report, w),
        _mta(report, w),
        _driving_path(report, w),
        _availability(report, w),
        _movers(report, w),
        _replans(report, w),
        _restated(report, w),
        *extra_tables(report, w),
    )


# duplicates: the functions below have one shape on purpose (a Table of a key, a title, headers and rows): one per table, each read on its own.
def _summary(report: MonthlyReport, w: Words) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (w["period"], w.month(report.period)),
        (w["status_date"], report.status_date),
        *record_lines(report, w),
        (w["compared_with"], previous_text(report, w)),
        *([(w["stale_label"], stale_text(report, w))] if report.stale else []),
        (w["running"], len(report.running)),
        (w["findings_count"], w("findings_count_text", n=report.findings_count, other=len(report.other_findings))),
        *((f"{w['rag_counts']}: {w.rag(r)}", n) for r, n in report.rag_counts.items()),
        (w["budget_total"], report.budget),
        (w["realised_total"], report.realised),
        (w["started"], ", ".join(f"{i} {t}" for i, t in report.started) or w["none"]),
        (w["finished"], ", ".join(f"{i} {t}" for i, t in report.finished) or w["none"]),
        (
            w["availability"],
            w("below_norm", n=", ".join(a.name for a in report.availability if a.meets is False))
            if any(a.meets is False for a in report.availability)
            else w["all_meet"],
        ),
        *([(w["comments"], report.comments)] if report.comments else []),
    ]
    return Table(key="summary", title=w["summary"], headers=(w["summary"], ""), rows=tuple(rows))


_ASSIGNMENT_COLUMNS: Final = (
    "id", "assignment", "phase", "client", "contractor", "services", "baseline_finish", "baseline_original",
    "forecast_finish", "slip_total", "slip_original", "slip_since", "rag_time", "rag_money", "rag_quality",
    "rag_overall", "budget", "realised", "spent", "explanation",
)
"""The columns of the assignments table, as keys of [`Words`][portfolio.report.i18n.Words]."""


def _assignments(report: MonthlyReport, w: Words) -> Table:
    rows = tuple(
        (
            a.id,
            _title(a, w),
            messages.phase(a.phase, w.lang),
            a.client,
            a.contractor,
            ", ".join(n for _, n in a.services),
            a.baseline_finish,
            a.baseline_finish_original,
            a.finish,
            *_slips_and_colours(a),
            a.budget,
            a.realised,
            a.spent,
            w["explanation_missing"] if a.explanation_missing else a.explanation,
        )
        for a in report.assignments
    )
    return Table(key="assignments", title=w["overview"], headers=tuple(w[k] for k in _ASSIGNMENT_COLUMNS),
                 rows=rows, percent_columns=(_ASSIGNMENT_COLUMNS.index("spent"),))


def _milestones(report: MonthlyReport, w: Words) -> Table:
    return Table(
        key="milestones",
        title=w["key_milestones"],
        headers=(w["id"], *(w[k] for k in MILESTONE_COLUMNS)),
        rows=tuple((a.id, *milestone_cells(m, w)) for a in report.assignments for m in a.milestones),
    )


def _next_milestones(report: MonthlyReport, w: Words) -> Table:
    return Table(
        key="next-milestones",
        title=w("next_milestones", date=w.date(report.lookahead_end)),
        headers=(w["id"], *(w[k] for k in MILESTONE_COLUMNS)),
        rows=tuple((a.id, *milestone_cells(m, w)) for a in report.assignments for m in a.next_milestones),
    )


def _migrations(report: MonthlyReport, w: Words) -> Table:
    rows = tuple(
        (
            a.id,
            m.id,
            m.name,
            messages.approach(m.approach, w.lang),
            m.source_platform,
            m.target or f" {w['or']} ".join(m.candidates),
            m.decision if m.target is None else None,
            m.decision_forecast if m.target is None else None,
        )
        for a in report.assignments
        for m in a.migrations
    )
    headers = ("id", "migration", "name", "approach", "from", "to", "decision", "forecast")
    return Table(key="migrations", title=w["migrations"], headers=tuple(w[k] for k in headers), rows=rows)


def _findings(report: MonthlyReport, w: Words) -> Table:
    found = tuple(
        (
            a.id,
            f.rule,
            w.severity(f.severity),
            f.subject,
            finding_text(f, w),
            (f"{w['yes']}: {f.waiver_reason}" if f.waived else w["no"]),
        )
        for a in report.assignments
        for f in a.findings
    )
    missed = tuple(
        (a.id, "negative-float", w.severity("warning"), m.id, missed_text(m, w), w["no"])
        for a in report.assignments
        for m in a.missed
    )
    headers = ("id", "rule", "severity", "subject", "message", "waived_header")
    return Table(key="findings", title=w["findings"], headers=tuple(w[k] for k in headers), rows=found + missed)


def _key_milestones(report: MonthlyReport, w: Words) -> Table:
    return Table(
        key="key-milestones",
        title=w["key_milestones"],
        headers=tuple(w[k] for k in MILESTONE_COLUMNS),
        rows=tuple(milestone_cells(m, w) for m in report.key_milestones),
    )


def _mta(report: MonthlyReport, w: Words) -> Table:
    dates = tuple(p.status_date for p in report.trends[0].points) if report.trends else ()
    return Table(
        key="mta",
        title=w["mta"],
        headers=(w["milestone"], w["name"], w["baseline_date"], *(w.short_date(d) for d in dates)),
        rows=tuple((t.id, t.name, t.baseline_finish, *(p.forecast for p in t.points)) for t in report.trends),
    )


def _driving_path(report: MonthlyReport, w: Words) -> Table:
    headers = ("activity", "name", "start", "finish", "float", "id", "progress")
    return Table(
        key="driving-path",
        title=w("driving_path", name=report.path_to_name),
        headers=tuple(w[k] for k in headers),
        rows=tuple(
            (s.id, s.name, s.start, s.finish, s.total_float, s.assignment, w.progress(s.progress))
            for s in report.driving_path
        ),
    )


def _availability(report: MonthlyReport, w: Words) -> Table:
    headers = ("service", "name", "domain", "availability_value", "norm", "meets")
    return Table(
        key="availability",
        title=w["availability"],
        headers=tuple(w[k] for k in headers),
        rows=tuple(
            (a.service, a.name, a.domain, _percent(a.availability), _percent(a.norm), w.yes_no(a.meets))
            for a in report.availability
        ),
    )


def _movers(report: MonthlyReport, w: Words) -> Table:
    headers = ("kind", "id", "name", "previous", "forecast", "moved")
    return Table(
        key="movers",
        title=w["movers"],
        headers=tuple(w[k] for k in headers),
        rows=tuple(
            (w[f"kind_{m.kind}"], m.id, m.name, m.previous, m.forecast, Slip(m.moved_days)) for m in report.movers
        ),
    )


def _replans(report: MonthlyReport, w: Words) -> Table:
    headers = ("baseline", "name", "captured", "replaces", "reason")
    return Table(
        key="replans",
        title=w["replans"],
        headers=tuple(w[k] for k in headers),
        rows=tuple((r.name, r.title, r.captured, r.replaces, r.reason) for r in report.replans),
    )


def _restated(report: MonthlyReport, w: Words) -> Table:
    published, now = w["published_value"], w["now_value"]
    headers = (w["period"], w["status_date"], w["kind"], w["id"], w["name"], published, now,
               w["slip_total"] + " " + published.lower(), w["slip_total"] + " " + now.lower(), w["reason"])
    return Table(
        key="restated",
        title=w["restated"],
        headers=headers,
        rows=tuple(
            (w.month(r.period), r.status_date, w[f"kind_{r.kind}"], r.id, r.name, r.published, r.recomputed,
             _slip(r.published_variance), _slip(r.recomputed_variance), w[f"reason_{r.reason}"])
            for r in report.restatements
        ),
    )
