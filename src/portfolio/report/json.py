"""The monthly report's data as JSON: stable keys, ISO dates, the shape ``monthly-report.schema.json`` describes.

This is what other tools and scripts read. Keys are the field names of the
report's records ([`portfolio.report.data`][portfolio.report.data]); dates are ISO strings,
RAG statuses their English value (``green``, ``amber``, ``red``, ``grey``)
and slips signed integers (working days of the calendar named in
``day_unit``). Nothing is translated: the language of a JSON report is the
data's. ``figures`` are the figures a publication stores, one object per
figure with the field names of [`Figure`][portfolio.slippage.Figure].

Examples:
    >>> from portfolio.io import load
    >>> from portfolio.report.data import monthly_report
    >>> doc = report_dict(monthly_report(load("examples/logius").portfolio, "2023-08"))
    >>> doc["schema"], doc["period"], doc["assignments"][0]["id"], doc["assignments"][0]["rag"]["time"]
    ('monthly-report/1', '2023-08', 'opd-2023-001', 'red')
    >>> import jsonschema
    >>> jsonschema.validate(doc, load_report_schema())
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Mapping
from importlib import resources
from typing import Any, Final

import attrs

from portfolio.report.data import AssignmentLine, MilestoneLine, MonthlyReport

__all__ = ["SCHEMA_FILE", "SCHEMA_ID", "load_report_schema", "render_json", "report_dict"]

SCHEMA_FILE: Final = "monthly-report.schema.json"
"""The schema's file name inside [`portfolio.schema`][portfolio.schema]."""
SCHEMA_ID: Final = "monthly-report/1"
"""The value of a document's ``schema`` key; the number changes only when a key changes meaning or goes."""


def load_report_schema() -> dict[str, Any]:
    """The JSON Schema of a JSON monthly report (draft 2020-12), shipped in [`portfolio.schema`][portfolio.schema]."""
    text = resources.files("portfolio.schema").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _value(value: Any) -> Any:
    """A record's value as JSON: dates ISO, enums their value, records and tuples recursively."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if attrs.has(type(value)):
        return {f.name: _value(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, tuple | list):
        return [_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _value(v) for k, v in value.items()}
    return value


def _milestone(m: MilestoneLine) -> dict[str, Any]:
    d: dict[str, Any] = _value(m)
    return d


def _assignment(a: AssignmentLine) -> dict[str, Any]:
    d = {k: _value(v) for k, v in attrs.asdict(a, recurse=False).items()
         if k not in ("rag_time", "rag_money", "rag_quality", "rag", "rag_reported", "services")}
    d["services"] = [{"id": i, "name": n} for i, n in a.services]
    d["rag"] = {"time": _value(a.rag_time), "money": _value(a.rag_money), "quality": _value(a.rag_quality),
                "overall": _value(a.rag), "reported": _value(a.rag_reported)}
    d["milestones"] = [_milestone(m) for m in a.milestones]
    d["next_milestones"] = [_milestone(m) for m in a.next_milestones]
    return d


def report_dict(report: MonthlyReport) -> dict[str, Any]:
    """The report as a JSON-ready dict (see the module's description of the keys)."""
    t = report.thresholds
    return {
        "schema": SCHEMA_ID,
        "portfolio": report.portfolio,
        "period": report.period,
        "period_start": _value(report.period_start),
        "period_end": _value(report.period_end),
        "status_date": _value(report.status_date),
        "stale": report.stale,
        "day_unit": report.day_unit,
        "baseline": {"in_force": report.baseline, "title": report.baseline_title,
                     "original": report.original_baseline, "colour": t.colour},
        "replans": _value(report.replans),
        "thresholds": {"time_red": t.time_red, "money_amber": t.money_amber, "colour": t.colour,
                       "lookahead_months": t.lookahead_months},
        "previous": {"source": report.previous_source, "label": report.previous_label},
        "history": {"source": report.history_source,
                    "published": [{"period": p, "status_date": _value(d)} for p, d in report.published],
                    "restated": _value(report.restatements)},
        "rag_counts": {r.value: n for r, n in report.rag_counts.items()},
        "budget": report.budget,
        "realised": report.realised,
        "started": [{"id": i, "title": n} for i, n in report.started],
        "finished": [{"id": i, "title": n} for i, n in report.finished],
        "findings_count": report.findings_count,
        "other_findings": _value(report.other_findings),
        "assignments": [_assignment(a) for a in report.assignments],
        "key_milestones": [_milestone(m) for m in report.key_milestones],
        "trends": _value(report.trends),
        "path_to": report.path_to,
        "driving_path": _value(report.driving_path),
        "availability": _value(report.availability),
        "movers": _value(report.movers),
        "figures": [f.to_json_dict() for f in report.figures],
        "risk": _value(report.risk),
        "waves": _value(report.waves),
        "comments": report.comments,
    }


def render_json(report: MonthlyReport) -> str:
    """The report as a JSON document (UTF-8 text, two-space indent, a final newline)."""
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
