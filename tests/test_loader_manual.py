"""``manual:`` in the YAML format: a manually scheduled task (MS Project) is never critical, and round-trips.

The MS Project import marks a task with typed values as manual and keeps its
typed dates with an SNET on its typed start (``docs/scheduling.md``); the
YAML format says the same with ``manual: true`` and the constraint, so a
portfolio written out from an import loads back into the same records and
the same schedule.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

from portfolio.calendar import BUILTIN_IDS
from portfolio.io import load
from portfolio.io.mspdi import load_mspdi
from portfolio.model import Duration, Portfolio
from portfolio.scheduling import schedule

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
REFERENCE_FILES = sorted(REFERENCE.glob("*.xml")) if REFERENCE.is_dir() else []
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: What the YAML loader says about a written-out import beyond nothing. The import of progress without a
#: StatusDate dates its status update the day before anything starts (MS Project moves nothing then), so
#: the actual dates lie after it, which a YAML status update refuses as a likely forecast.
KNOWN: dict[str, list[str]] = {"mpxj_mspdiresource.xml": ["actual-after-status-date"] * 2}

CHAIN = """\
portfolio: {name: Test, start: 2024-01-08}
activities:
  - {id: design, duration: 2d}
  - {id: typed, duration: 3d, constraint: SNET 2024-01-10, manual: %s, after: [design]}
  - {id: live, kind: go-live, after: [typed]}
"""


def load_text(folder: Path, text: str) -> Any:
    path = folder / "plan.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load(path)


@pytest.mark.parametrize(("manual", "critical"), [("true", False), ("false", True)])
def test_a_manual_task_keeps_its_dates_and_is_never_critical(tmp_path: Path, manual: str, critical: bool) -> None:
    """On the critical path with zero float, ``manual: true`` is not critical; its neighbours still are."""
    result = load_text(tmp_path, CHAIN % manual)
    assert [] == [d.code for d in result.diagnostics]
    assert (manual == "true") is result.portfolio.activities["typed"].manual
    planned = schedule(result.portfolio)
    typed = planned["typed"]
    expected = (dt.date(2024, 1, 10), dt.date(2024, 1, 12), 0, critical, True, True)
    assert expected == (typed.start, typed.finish, typed.total_float, typed.critical,
                        planned["design"].critical, planned["live"].critical)


def test_manual_defaults_to_false(tmp_path: Path) -> None:
    """Without the key an activity is scheduled automatically."""
    result = load_text(tmp_path, "activities:\n  - {id: build, duration: 2d}\n")
    assert result.portfolio.activities["build"].manual is False


@pytest.mark.parametrize(("value", "code", "hint"), [
    ("ja", "dutch-choice", "write 'manual: true'"),
    ("1", "wrong-type", "quote the value if it is text: YAML reads unquoted digits as a number"),
    ("'true'", "wrong-type", "write the value as the format reference (docs/format.md) shows"),
])
def test_a_manual_that_is_no_boolean_is_located(tmp_path: Path, value: str, code: str, hint: str) -> None:
    """``manual:`` takes true or false; anything else is reported at the value and the task stays automatic."""
    result = load_text(tmp_path, f"activities:\n  - id: build\n    manual: {value}\n")
    found = [(d.code, d.source.line, d.source.column, d.hint) for d in result.diagnostics]
    assert [(code, 3, 13, hint)] == found
    assert result.portfolio.activities["build"].manual is False


# -- round trip: an MS Project import written out as YAML -------------------------------------------


def _duration(value: Duration) -> str:
    return f"{value.days}{'ed' if value.elapsed else 'd'}"


def _calendar_id(ident: str | None) -> str | None:
    """A calendar an import declares under a built-in id (MS Project's ``standard``) gets its own id in YAML."""
    return f"ms-{ident}" if ident in BUILTIN_IDS else ident


def as_yaml(portfolio: Portfolio, folder: Path) -> Path:
    """Write the records an MSPDI import makes (settings, calendars, activities, relations, progress) as YAML."""
    settings = portfolio.settings
    plan: dict[str, Any] = {
        "portfolio": {"name": settings.name, "calendar": _calendar_id(settings.calendar), "start": settings.start,
                      "critical_float": settings.critical_float,
                      "lag_from_actual_start": settings.lag_from_actual_start},
        "calendars": [{"id": _calendar_id(c.id), "name": c.name, "base": c.base,
                       "workweek": [WEEKDAYS[day] for day in c.workweek], "closed": list(c.closed),
                       "open": list(c.open)} for c in portfolio.calendars.values()],
        "activities": [],
        "relations": [{"from": r.predecessor, "to": r.successor, "type": r.type.value, "lag": _duration(r.lag)}
                      for r in portfolio.relations],
    }
    for a in portfolio.activities.values():
        entry: dict[str, Any] = {"id": a.id, "name": a.name, "duration": _duration(a.duration), "kind": a.kind.value,
                                 "calendar": _calendar_id(a.calendar), "deadline": a.deadline,
                                 "description": a.description, "manual": a.manual}
        if a.constraint is not None:
            entry["constraint"] = f"{a.constraint.type.value} {a.constraint.date.isoformat()}"
        plan["activities"].append(entry)
    (folder / "plan.yaml").write_text(yaml.safe_dump(plan, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for number, update in enumerate(portfolio.status_updates):
        progress = {ident: {"actual_start": p.actual_start, "actual_finish": p.actual_finish,
                            "remaining": None if p.remaining is None else _duration(p.remaining),
                            "percent_complete": p.percent_complete} for ident, p in update.progress.items()}
        status = {"status": {"date": update.date, "activities": progress}}
        (folder / f"status-{number}.yaml").write_text(yaml.safe_dump(status, sort_keys=False), encoding="utf-8")
    return folder


def _records(portfolio: Portfolio, rename: bool) -> tuple[Any, ...]:
    """The records the round trip must keep (places left out: they name the file they came from)."""
    activities = [attrs.evolve(a, source=None, calendar=_calendar_id(a.calendar) if rename else a.calendar)
                  for a in portfolio.activities.values()]
    relations = [attrs.evolve(r, source=None) for r in portfolio.relations]
    progress = [(u.date, [attrs.evolve(p, source=None) for p in u.progress.values()]) for u in portfolio.status_updates]
    return activities, relations, progress


@pytest.mark.skipif(not REFERENCE_FILES, reason="shared/reference is not beside the repository")
@pytest.mark.parametrize("path", REFERENCE_FILES, ids=lambda p: p.name)
def test_an_mspdi_import_written_as_yaml_loads_back_the_same(tmp_path: Path, path: Path) -> None:
    """Each reference MSPDI file, imported and written as YAML, loads into the same records and schedule.

    ``mpxj_task-durations-project2016-mspdi.xml`` holds 110 manual tasks: without ``manual:`` in YAML they
    would come back automatic, and critical.
    """
    imported = load_mspdi(path).portfolio
    loaded = load(as_yaml(imported, tmp_path))
    assert KNOWN.get(path.name, []) == [d.code for d in loaded.diagnostics]
    assert _records(imported, rename=True) == _records(loaded.portfolio, rename=False)
    before, after = schedule(imported), schedule(loaded.portfolio)
    ids = list(imported.activities)
    assert [(before[i].start, before[i].finish, before[i].total_float, before[i].critical) for i in ids] == [
        (after[i].start, after[i].finish, after[i].total_float, after[i].critical) for i in ids]


@pytest.mark.skipif(not REFERENCE_FILES, reason="shared/reference is not beside the repository")
def test_the_round_trip_covers_manual_tasks() -> None:
    """The reference files hold manual tasks, so the round trip above exercises ``manual:``."""
    manual = sum(a.manual for path in REFERENCE_FILES for a in load_mspdi(path).portfolio.activities.values())
    assert manual >= 100
