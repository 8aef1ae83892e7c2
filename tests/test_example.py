"""The shipped example (examples/logius) loads clean and holds what the seed names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portfolio.diagnostics import Severity
from portfolio.io import load
from portfolio.model import ActivityKind, Approach, Portfolio

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"

#: Every service, programme and platform named in the seed's table
#: (shared/guide/domain.md, "Services and platforms the seed names").
SEED_NAMES = (
    "EASI", "LPC", "Picard", "ODC Noord", "Standaard Platform", "public cloud",
    "DigiD", "Machtigen", "eHerkenning", "PKIoverheid", "MijnOverheid", "Generieke Services", "FBS",
    "LinkExtractor", "BKW", "Omgevingswet", "WO-index", "Digipoort", "Digimelding", "Digilevering",
    "Stelselcatalogus", "COR", "CPA Register", "DigiInkoop", "Diginetwerk", "Haagse Ring",
    "Rijksnetwerkdiensten", "Stelseldiensten", "KOOP",
)


@pytest.fixture(scope="module")
def example() -> Portfolio:
    """The example portfolio, loaded once."""
    result = load(EXAMPLE)
    assert [] == [str(d) for d in result.diagnostics if d.severity is not Severity.INFO]
    return result.portfolio


def test_every_seed_name_appears(example: Portfolio) -> None:
    """Every name of the seed table is the name of a service, platform or migration in the example."""
    names = " | ".join(
        [s.name for s in example.services.values()] + [p.name for p in example.platforms.values()]
        + [m.name for m in example.migrations.values()] + [s.description for s in example.services.values()]
    ).lower()
    missing = [name for name in SEED_NAMES if name.lower() not in names]
    assert [] == missing


def test_digipoort_landing_decision_is_open(example: Portfolio) -> None:
    """Digipoort's migration has candidate platforms and a decision milestone, not a target."""
    (migration,) = [m for m in example.migrations.values() if m.service == "digipoort" and m.is_open]
    assert migration.decision is not None
    assert ActivityKind.DECISION == example.activities[migration.decision].kind
    assert len(migration.candidates) >= 2


def test_digiinkoop_is_retired(example: Portfolio) -> None:
    """DigiInkoop is phased out: a retire migration."""
    assert any(m.approach is Approach.RETIRE for m in example.migrations.values() if m.service == "digiinkoop")


def test_fbs_is_split_in_two_phases(example: Portfolio) -> None:
    """FBS has two migrations: phase 1 (GLOBE to BBO) and phase 2."""
    assert 2 == len([m for m in example.migrations.values() if m.service == "fbs"])


def test_history_is_there(example: Portfolio) -> None:
    """Three status updates (April, August, December 2023) and two baselines, the re-plan with a reason."""
    dates = [u.date for u in example.status_updates]
    assert {dt.date(2023, 4, 28), dt.date(2023, 8, 31), dt.date(2023, 12, 29)} <= set(dates)
    current = example.current_baseline
    assert current is not None
    assert current.replaces in example.baselines
    assert current.reason.strip()


def test_easi_exit_waits_for_services(example: Portfolio) -> None:
    """EASI's exit milestone has predecessors from several services."""
    easi = example.platforms["easi"]
    assert easi.exit is not None
    services = {example.activities[r.predecessor].service for r in example.relations if r.successor == easi.exit}
    assert len(services - {None}) >= 5
