"""The DCMA 14-point checks against a small schedule computed by hand (standard calendar, no holidays)."""

from __future__ import annotations

import datetime as dt

import pytest

from portfolio.model import (
    Activity,
    ActivityProgress,
    Baseline,
    BaselineEntry,
    Constraint,
    ConstraintType,
    Duration,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
    StatusUpdate,
)
from portfolio.rules import dcma, run_rules
from portfolio.rules.dcma import Metric, metrics
from portfolio.scheduling import schedule

D = dt.date


def small(**extra: object) -> Portfolio:
    """a(5) -> b(50) -> m; a -SS+2-> c(10) -> d(3) -> m; a -FS-1-> f(1); e(2) alone with SNLT 2024-02-01.

    Early dates (working-day boundaries from Monday 8 January 2024): a 0-5, b 5-55, c 2-12, d 12-15,
    m 55, f 4-5, e 0-2. Total float: a, b, m 0; c, d 40; f 50 (no successor: up to the finish);
    e 18 (its SNLT caps it at 20).
    """
    acts = [
        Activity(id="a", duration=Duration(5)),
        Activity(id="b", duration=Duration(50)),
        Activity(id="c", duration=Duration(10)),
        Activity(id="d", duration=Duration(3)),
        Activity(id="m"),
        Activity(id="e", duration=Duration(2), constraint=Constraint(type=ConstraintType.SNLT, date=D(2024, 2, 1))),
        Activity(id="f", duration=Duration(1)),
    ]
    rels = [
        Relation(predecessor="a", successor="b"),
        Relation(predecessor="a", successor="c", type=RelationType.SS, lag=Duration(2)),
        Relation(predecessor="c", successor="d"),
        Relation(predecessor="b", successor="m"),
        Relation(predecessor="d", successor="m"),
        Relation(predecessor="a", successor="f", lag=Duration(-1)),
    ]
    settings = PortfolioSettings(start=D(2024, 1, 8), calendar="standard")
    return Portfolio(settings=settings, activities=acts, relations=rels, **extra)  # type: ignore[arg-type]


def by_number(portfolio: Portfolio) -> dict[int, Metric]:
    return {m.number: m for m in metrics(portfolio, schedule(portfolio))}


def test_the_hand_computed_floats() -> None:
    """The schedule the checks below judge has the floats computed by hand in small()'s docstring."""
    s = schedule(small())
    assert {"a": 0, "b": 0, "c": 40, "d": 40, "m": 0, "e": 18, "f": 50} == {x.id: x.total_float for x in s}


@pytest.mark.parametrize(
    ("number", "value", "passed", "offenders"),
    [
        (1, 400 / 7, False, ("a", "m", "e", "f")),  # a no predecessor, m and f no successor, e neither
        (2, 1.0, False, ("a->f",)),  # one lead
        (3, 100 / 6, False, ("a->c",)),  # one lag in six relations
        (4, 500 / 6, False, ("a->c SS",)),  # five of six finish-to-start
        (5, 100 / 7, False, ("e",)),  # SNLT is hard
        (6, 100 / 7, False, ("f",)),  # 50 > 44; c and d have 40
        (7, 0.0, True, ()),
        (8, 100 / 7, False, ("b",)),  # 50 > 44 working days
        (9, 0.0, True, ()),  # no status date
        (10, None, None, ()),  # informational: no resources
        (11, None, None, ()),  # needs a baseline
        (12, 20.0, True, ()),  # delaying a by 20 moves the finish by 20
        (13, None, None, ()),
        (14, None, None, ()),
    ],
)
def test_metric_without_status(
    number: int, value: float | None, passed: bool | None, offenders: tuple[str, ...]
) -> None:
    """Each metric of the small schedule without status date or baseline is the hand-computed one."""
    metric = by_number(small())[number]
    assert (value, passed, offenders) == (
        None if metric.value is None else pytest.approx(metric.value),
        metric.passed,
        metric.offenders,
    )


def with_status() -> Portfolio:
    """The small portfolio on status date Friday 19 January 2024: a and f finished, f a day late; e not done.

    Baseline: a finishes 12 January, f 11 January, e 9 January (all due by the status date), b 22 March.
    Remaining work restarts Monday 22 January: b runs to 29 March (50 working days), so the finish is
    29 March, 5 working days after the baseline finish of 22 March.
    """
    progress = [
        ActivityProgress(activity="a", actual_start=D(2024, 1, 8), actual_finish=D(2024, 1, 12)),
        ActivityProgress(activity="f", actual_start=D(2024, 1, 12), actual_finish=D(2024, 1, 12)),
    ]
    entries = [
        BaselineEntry(activity="a", start=D(2024, 1, 8), finish=D(2024, 1, 12)),
        BaselineEntry(activity="f", start=D(2024, 1, 11), finish=D(2024, 1, 11)),
        BaselineEntry(activity="e", start=D(2024, 1, 8), finish=D(2024, 1, 9)),
        BaselineEntry(activity="b", start=D(2024, 1, 15), finish=D(2024, 3, 22)),
    ]
    return small(
        status_updates=[StatusUpdate(date=D(2024, 1, 19), progress={p.activity: p for p in progress})],
        baselines=[Baseline(name="plan", current=True, entries={e.activity: e for e in entries})],
    )


def test_status_metrics() -> None:
    """Missed activities 2 of 3 due, CPLI (50 - 5) / 50 = 0.9, BEI 2 finished / 3 due."""
    found = by_number(with_status())
    assert D(2024, 3, 29) == schedule(with_status()).finish
    assert (pytest.approx(200 / 3), False, ("f", "e")) == (found[11].value, found[11].passed, found[11].offenders)
    assert (pytest.approx(0.9), False) == (found[13].value, found[13].passed)
    assert (pytest.approx(2 / 3), False, ("e",)) == (found[14].value, found[14].passed, found[14].offenders)


def test_invalid_dates() -> None:
    """An actual finish after the status date is an invalid date (check 9)."""
    p = with_status()
    update = p.status_updates[0]
    late = ActivityProgress(activity="c", actual_start=D(2024, 1, 10), actual_finish=D(2024, 1, 24))
    changed = Portfolio(
        settings=p.settings,
        activities=p.activities,
        relations=p.relations,
        baselines=p.baselines,
        status_updates=[StatusUpdate(date=update.date, progress={**update.progress, "c": late})],
    )
    metric = by_number(changed)[9]
    assert (1.0, False, ("c",)) == (metric.value, metric.passed, metric.offenders)


def test_critical_path_test_fails_when_a_constraint_holds_the_finish() -> None:
    """When a must-finish-on constraint holds the finish, delaying the driving task does not move it: check 12 fails."""
    p = small()
    acts = dict(p.activities)
    acts["m"] = Activity(id="m", constraint=Constraint(type=ConstraintType.MFO, date=D(2024, 6, 28)))
    metric = by_number(Portfolio(settings=p.settings, activities=acts, relations=p.relations))[12]
    assert (False, 0.0) == (metric.passed, metric.value)


def test_thresholds_are_parameters() -> None:
    """Raising a threshold makes a failing check pass (rule parameters reach the metric)."""
    p = small()
    assert [] == list(dcma.high_duration(p, schedule(p), limit=20.0))
    assert 1 == len(list(dcma.high_duration(p, schedule(p))))


def test_rules_give_one_finding_per_failing_check() -> None:
    """The dcma rule set gives one portfolio-wide warning per failing check, naming the check and the offenders."""
    p = small()
    report = run_rules(p, schedule(p), sets=["dcma"])
    assert [
        "dcma-logic",
        "dcma-leads",
        "dcma-lags",
        "dcma-relation-types",
        "dcma-hard-constraints",
        "dcma-high-float",
        "dcma-high-duration",
    ] == [f.rule for f in report.findings]
    assert {None} == {f.subject for f in report.findings}
    assert "DCMA check 8 (high duration (> 44 days)): 14.3 %, threshold <= 5 %; 1 of 7 unfinished activities: b" in (
        report.findings[-1].message
    )


def test_summary_table_has_fourteen_rows() -> None:
    """The summary table has the fourteen checks in order with value, threshold and result."""
    rows = dcma.summary_table(metrics(small(), schedule(small())))
    assert [str(n) for n in range(1, 15)] == [r[0] for r in rows]
    assert ["12", "critical path test", "20", "= 20", "pass"] == rows[11]
    assert ["10", "resources", "n/a", "informational", "info"] == rows[9]
