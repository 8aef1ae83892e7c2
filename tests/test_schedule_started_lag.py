"""How an SS or SF lag from a predecessor in progress is measured (issue 10 item 12, docs/scheduling.md).

Work ``a`` (20 working days) started Monday 1 January 2024 and is half done on
the status date, Friday 12 January; its remaining work starts Monday 15
January. ``b`` follows it SS+15. On the standard calendar (no holidays):

- by default (P6's "early start"), the lag counts from the remaining work:
  15 January + 15 working days = Monday 5 February;
- with ``lag_from_actual_start: true`` (MS Project's way) it counts from the
  actual start: 1 January + 15 working days = Monday 22 January.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import attrs
import pytest

from portfolio.io import load
from portfolio.model import (
    Activity,
    ActivityProgress,
    Duration,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
    StatusUpdate,
)
from portfolio.scheduling import schedule

D = dt.date
STATUS = D(2024, 1, 12)


def portfolio(rtype: RelationType = RelationType.SS, *, from_actual: bool = False, lag: int = 15) -> Portfolio:
    """The two activities above, ``b`` after ``a`` with the given relation type and lag."""
    return Portfolio(
        settings=PortfolioSettings(start=D(2024, 1, 1), calendar="standard", lag_from_actual_start=from_actual),
        activities=[Activity(id="a", duration=Duration(20)), Activity(id="b", duration=Duration(5)),
                    Activity(id="c", duration=Duration(1))],
        relations=[Relation(predecessor="a", successor="b", type=rtype, lag=Duration(lag)),
                   Relation(predecessor="b", successor="c")],
        status_updates=[StatusUpdate(date=STATUS, progress={"a": ActivityProgress(activity="a",
                                                                                  actual_start=D(2024, 1, 1))})],
    )


def test_ss_lag_counts_from_the_remaining_work_by_default():
    """P6's default: SS+15 from work in progress starts 15 working days after the status date's next day."""
    plan = schedule(portfolio())
    assert (D(2024, 2, 5), ("a",)) == (plan["b"].start, plan["b"].driving)


def test_ss_lag_counts_from_the_actual_start_when_asked():
    """MS Project's way: SS+15 from the actual start, 1 January + 15 working days."""
    plan = schedule(portfolio(from_actual=True))
    assert (D(2024, 1, 22), ("a",)) == (plan["b"].start, plan["b"].driving)


def test_sf_lag_counts_from_the_actual_start_when_asked():
    """SF+18: the successor finishes the working day before 18 working days after the predecessor's start."""
    by_default = schedule(portfolio(RelationType.SF, lag=18))["b"].finish
    from_actual = schedule(portfolio(RelationType.SF, from_actual=True, lag=18))["b"].finish
    assert (D(2024, 2, 7), D(2024, 1, 24)) == (by_default, from_actual)


def test_actual_start_origin_never_schedules_before_the_status_date():
    """SS+2 from the actual start would be 3 January: unstarted work still waits for the status date."""
    plan = schedule(portfolio(from_actual=True, lag=2))
    assert D(2024, 1, 15) == plan["b"].start


def test_fs_lag_is_not_affected():
    """A finish-to-start lag counts from the finish in both settings."""
    by_default = schedule(portfolio(RelationType.FS))["b"].start
    from_actual = schedule(portfolio(RelationType.FS, from_actual=True))["b"].start
    assert by_default == from_actual == D(2024, 2, 19)  # a ends Fri 26 Jan; 15 lag days to Fri 16 Feb


def test_finished_predecessor_is_the_same_in_both_settings():
    """A finished predecessor's early start is its actual start already: the setting changes nothing."""
    base = portfolio()
    done = attrs.evolve(base.status_updates[0], progress={"a": ActivityProgress(
        activity="a", actual_start=D(2024, 1, 1), actual_finish=D(2024, 1, 10))})
    plans = [schedule(attrs.evolve(base, status_updates=[done], settings=attrs.evolve(
        base.settings, lag_from_actual_start=flag))) for flag in (False, True)]
    assert plans[0]["b"].start == plans[1]["b"].start == D(2024, 1, 22)


def write(folder, text):
    (folder / "portfolio.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


YAML = """\
    portfolio:
      name: lags
      calendar: standard
      start: 2024-01-01
      lag_from_actual_start: {flag}
    activities:
      - {{id: a, duration: 20d}}
      - {{id: b, duration: 5d, after: ["a SS+15d"]}}
    status:
      date: 2024-01-12
      activities:
        a: {{actual_start: 2024-01-01}}
    """


@pytest.mark.parametrize(("flag", "start"), [("false", D(2024, 2, 5)), ("true", D(2024, 1, 22))])
def test_setting_is_read_from_the_files(tmp_path, flag, start):
    """``lag_from_actual_start`` in the ``portfolio:`` section reaches the scheduler."""
    result = load(write(tmp_path, YAML.format(flag=flag)))
    assert [] == [d.code for d in result.diagnostics]
    assert start == schedule(result.portfolio)["b"].start


def test_setting_that_is_not_a_boolean_is_located(tmp_path):
    """``lag_from_actual_start: maybe`` is a located diagnostic, never silently false."""
    result = load(write(tmp_path, YAML.format(flag="maybe")))
    located = [(d.code, d.source.line, d.source.column) for d in result.diagnostics if d.source is not None]
    assert [("wrong-type", 5, 26)] == located
