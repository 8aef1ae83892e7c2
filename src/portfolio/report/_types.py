"""The records a monthly report is made of: plain frozen data, no formatting (private).

[`portfolio.report.data.monthly_report`][portfolio.report.data.monthly_report] builds them; the renderers read
them. They are exported from [`portfolio.report.data`][portfolio.report.data], their public home.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from portfolio import _display, _frames
from portfolio.model import AssignmentStatus, Rag
from portfolio.report._record import Restatement
from portfolio.report._scope import MissedDate
from portfolio.scheduling import Progress
from portfolio.slippage import Figure, MilestoneTrend

if TYPE_CHECKING:
    import pandas as pd

    from portfolio.report.risk_section import RiskSection
    from portfolio.report.waves_section import WaveSection

__all__ = [
    "COLOUR_BASELINES",
    "AssignmentLine",
    "AvailabilityLine",
    "FindingLine",
    "MigrationLine",
    "MilestoneLine",
    "MonthlyReport",
    "Mover",
    "PathStep",
    "Replan",
    "Thresholds",
]


@attrs.frozen(kw_only=True)
class Thresholds:
    """The limits behind the RAG statuses (parameters of `monthly_report`).

    - time: green on or before the baseline, amber up to ``time_red`` working
      days late, red beyond (as [`portfolio.slippage.rag`][portfolio.slippage.rag]), measured
      against the baseline ``colour`` names: ``original`` (default: the first
      plan of the baseline in force, so a re-plan never resets the colour) or
      ``in-force`` (the last re-plan); red whenever the work misses a deadline
      or hard constraint; grey without a baseline entry;
    - money: amber once an unfinished assignment has spent ``money_amber`` of
      its budget, red over budget;
    - quality: amber for an open warning of the rules or a service below its
      availability norm, red for an open error of the rules.
    """

    time_red: int = 20
    money_amber: float = 0.9
    colour: str = attrs.field(default="original")
    """which baseline drives the time colour"""
    lookahead_months: int = 2
    """"next milestones": up to this many months after the period"""

    @colour.validator
    def _check_colour(self, _: object, value: str) -> None:
        if value not in COLOUR_BASELINES:
            raise ValueError(f"colour {value!r}: choose one of {', '.join(COLOUR_BASELINES)}")


COLOUR_BASELINES: Final = ("original", "in-force")
"""The baselines that can drive the time colour (`Thresholds.colour`)."""


@attrs.frozen(kw_only=True)
class Replan:
    """A re-plan (herijking) in the lineage of the baseline in force: when and why."""

    name: str
    title: str
    captured: dt.date | None
    reason: str
    replaces: str | None


@attrs.frozen(kw_only=True)
class MilestoneLine:
    """A milestone against the baseline, and how far it moved since the last report."""

    id: str
    name: str
    baseline: dt.date | None
    """None: not in the baseline (new)"""
    forecast: dt.date
    variance: int | None
    """working days, forecast minus baseline (positive = late)"""
    variance_days: int | None
    previous: dt.date | None
    """forecast in the last report"""
    moved_days: int | None
    """calendar days since the last report"""
    progress: Progress
    rag: Rag | None
    """time RAG of the milestone; None when not in the baseline"""
    baseline_original: dt.date | None = None
    """in the original baseline"""
    variance_original: int | None = None
    """working days against the original baseline"""


@attrs.frozen(kw_only=True)
class MigrationLine:
    """A migration in scope: from where to where, or the open landing decision."""

    id: str
    name: str
    service: str
    approach: str
    source_platform: str | None
    target: str | None
    """platform name, None while open"""
    candidates: tuple[str, ...]
    """platform names, while open"""
    decision: str | None
    """the decision milestone's id"""
    decision_forecast: dt.date | None


@attrs.frozen(kw_only=True)
class FindingLine:
    """A rule finding that touches an assignment."""

    rule: str
    severity: str
    subject: str | None
    message: str
    waived: bool
    waiver_reason: str = ""
    key: str = ""
    """the message's catalogue key (portfolio.messages); "" for a rule's own text"""
    params: Mapping[str, Any] = attrs.field(factory=dict, eq=False)
    """the message's parameters"""


@attrs.frozen(kw_only=True)
class AssignmentLine:
    """One running assignment (opdracht): everything the overview says about it."""

    id: str
    title: str
    client: str
    contractor: str
    owner: str
    services: tuple[tuple[str, str], ...]
    """(id, name)"""
    migrations: tuple[MigrationLine, ...]
    phase: str
    status: AssignmentStatus
    progress: Progress
    start: dt.date
    finish: dt.date
    baseline_start: dt.date | None
    baseline_finish: dt.date | None
    variance: int | None
    """finish variance, working days of the default calendar"""
    variance_days: int | None
    previous_finish: dt.date | None
    """forecast finish in the last report"""
    moved_days: int | None
    """calendar days the forecast finish moved since the last report"""
    rag_time: Rag | None
    rag_money: Rag | None
    rag_quality: Rag
    rag: Rag
    """overall: the worst of the three and of the reported RAG; grey when not started"""
    rag_reported: Rag | None
    explanation: str
    explanation_missing: bool
    """not green and no explanation: itself a finding of the report"""
    milestones: tuple[MilestoneLine, ...]
    next_milestones: tuple[MilestoneLine, ...]
    findings: tuple[FindingLine, ...]
    budget: float | None
    realised: float | None
    spent: float | None
    """realised / budget"""
    baseline_finish_original: dt.date | None = None
    variance_original: int | None = None
    """finish variance against the original baseline"""
    missed: tuple[MissedDate, ...] = ()
    """deadlines and hard constraints its work misses (worst first)"""
    no_baseline: bool = False
    """none of its activities is in the baseline: time grey, never green"""
    finished_in_period: bool = False
    """finished in the period (listed once more, as finished)"""
    money_rule: str = "spend"
    """what decided the Geld colour: "evm" (CPI and EAC) or "spend" (realised / budget)"""
    cpi: float | None = None
    """cost performance index EV / AC at the status date (portfolio.evm)"""
    eac: float | None = None
    """estimate at completion: bottom-up when known, else BAC / CPI (euros)"""
    spi_t: float | None = None
    """earned-schedule SPI(t) = ES / AT"""


@attrs.frozen(kw_only=True)
class PathStep:
    """One activity on the driving path to a key milestone."""

    id: str
    name: str
    start: dt.date
    finish: dt.date
    total_float: int
    milestone: bool
    critical: bool
    progress: Progress
    assignment: str | None
    """the running assignment the activity belongs to, if any"""


@attrs.frozen(kw_only=True)
class AvailabilityLine:
    """A service's reported availability against its norm."""

    service: str
    name: str
    domain: str
    availability: float | None
    norm: float | None
    meets: bool | None
    """None when either figure is missing"""


@attrs.frozen(kw_only=True)
class Mover:
    """An assignment or key milestone whose forecast finish moved since the last report."""

    kind: str
    """"assignment" or "milestone\""""
    id: str
    name: str
    previous: dt.date
    forecast: dt.date
    moved_days: int


@attrs.frozen(kw_only=True, eq=False)
class MonthlyReport:
    """The monthly overview of all running assignments, as data."""

    portfolio: str
    description: str
    period: str
    period_start: dt.date
    period_end: dt.date
    status_date: dt.date
    stale: bool = False
    """True when the latest status update by the period's end is before the period: the report shows an older state"""
    comments: str
    """the status update's comments"""
    baseline: str
    baseline_title: str
    baseline_reason: str
    previous_source: str
    """"published", "status-update" or "none\""""
    previous_label: str
    """the previous period (published) or status date (ISO); "" for none"""
    thresholds: Thresholds
    lookahead_end: dt.date
    assignments: tuple[AssignmentLine, ...]
    """the running assignments, in file order"""
    rag_counts: Mapping[Rag, int]
    key_milestones: tuple[MilestoneLine, ...]
    trends: tuple[MilestoneTrend, ...]
    """the MTA: the key milestones' forecasts per status update"""
    path_to: str | None
    path_to_name: str
    driving_path: tuple[PathStep, ...]
    availability: tuple[AvailabilityLine, ...]
    movers: tuple[Mover, ...]
    started: tuple[tuple[str, str], ...]
    """(id, title) of assignments started in the period"""
    finished: tuple[tuple[str, str], ...]
    """(id, title) of assignments finished in the period"""
    budget: float
    realised: float
    figures: tuple[Figure, ...]
    """what [`portfolio.store.Store.publish`][portfolio.store.Store.publish] stores for the period"""
    original_baseline: str = ""
    """the first plan in the lineage of the baseline in force"""
    replans: tuple[Replan, ...] = ()
    """the re-plans since the original, oldest first"""
    history_source: str = "recomputed"
    """"published" when earlier periods come from the store"""
    published: tuple[tuple[str, dt.date], ...] = ()
    """(period, status date) of each publication used"""
    restatements: tuple[Restatement, ...] = ()
    """published figures today's files give differently"""
    other_findings: tuple[FindingLine, ...] = ()
    """findings in no running assignment's scope"""
    findings_count: int = 0
    """distinct findings in some running assignment's scope, each counted once"""
    day_unit: str = "wd"
    """"wd" (working days, Mon-Fri) or "days" (a calendar that works weekends)"""
    risk: RiskSection | None = None
    """the schedule risk section; None without uncertainty data"""
    waves: WaveSection | None = None
    """the wave plan under capacity (``report/waves_section.py``); None without a capacity section"""

    @property
    def running(self) -> tuple[AssignmentLine, ...]:
        """The assignments still running (those finished in the period are also in ``assignments``)."""
        return tuple(a for a in self.assignments if not a.finished_in_period)

    def __repr__(self) -> str:
        counts = ", ".join(f"{self.rag_counts.get(r, 0)} {r.value}" for r in Rag)
        return (
            f"<MonthlyReport {self.period} (status date {self.status_date.isoformat()}, baseline "
            f"{self.baseline}): {len(self.assignments)} running assignments: {counts}>"
        )

    def _repr_html_(self) -> str:
        """The overview in a notebook: key facts, the RAG counts, one coloured row per running assignment."""

        def rag(value: Rag | None) -> _display.Cell:
            return _display.Cell(
                value.value if value else None, _display.RAG_COLOURS.get(value.value) if value else None
            )

        rows = (
            [
                a.id,
                a.title,
                a.phase,
                a.finish,
                a.variance,
                a.moved_days,
                rag(a.rag_time),
                rag(a.rag_money),
                rag(a.rag_quality),
                rag(a.rag),
                "missing" if a.explanation_missing else a.explanation,
            ]
            for a in self.assignments
        )
        return _display.block(
            f"Monthly report {self.period}: {self.portfolio}",
            _display.facts(
                [
                    ("status date", self.status_date),
                    ("baseline", self.baseline),
                    ("compared with", self.previous_label or "nothing"),
                    *((r.value, self.rag_counts.get(r, 0)) for r in Rag),
                ]
            ),
            _display.table(
                [
                    "id",
                    "title",
                    "phase",
                    "forecast finish",
                    "slip (wd)",
                    "moved (days)",
                    "time",
                    "money",
                    "quality",
                    "overall",
                    "explanation",
                ],
                rows,
            ),
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per running assignment (needs pandas): dates ``datetime64[ns]``, slips nullable ``Int64``,
        progress and RAG ordered categories, money ``float64``."""
        lines = self.assignments

        def rags(values: Iterable[Rag | None]) -> list[str | None]:
            return [v.value if v is not None else None for v in values]

        return _frames.frame(
            [
                ("id", "str", [a.id for a in lines]),
                ("title", "str", [a.title for a in lines]),
                ("client", "str", [a.client for a in lines]),
                ("contractor", "str", [a.contractor for a in lines]),
                ("phase", "str", [a.phase for a in lines]),
                ("progress", "category", [a.progress.value for a in lines], _frames.PROGRESS),
                ("start", "date", [a.start for a in lines]),
                ("finish", "date", [a.finish for a in lines]),
                ("baseline_finish", "date", [a.baseline_finish for a in lines]),
                ("variance", "Int64", [a.variance for a in lines]),
                ("moved_days", "Int64", [a.moved_days for a in lines]),
                ("rag_time", "category", rags(a.rag_time for a in lines), _frames.RAG),
                ("rag_money", "category", rags(a.rag_money for a in lines), _frames.RAG),
                ("rag_quality", "category", rags(a.rag_quality for a in lines), _frames.RAG),
                ("rag", "category", rags(a.rag for a in lines), _frames.RAG),
                ("budget", "float", [a.budget for a in lines]),
                ("realised", "float", [a.realised for a in lines]),
                ("explanation", "str", [a.explanation for a in lines]),
                ("explanation_missing", "bool", [a.explanation_missing for a in lines]),
            ]
        )
