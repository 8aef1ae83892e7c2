"""The report's RAG rules, case by case against the rules as Thresholds documents them (docs/testing.md).

Money: amber once an unfinished assignment has spent ``money_amber`` (0.9) of its budget, red over budget,
none without a budget or a realised figure. Quality: red for an open error, amber for an open warning or a
service below its norm, else green; waived findings do not count. Overall: the worst, grey below green.
"""

from __future__ import annotations

import pytest

from portfolio.model import Rag
from portfolio.report.data import AvailabilityLine, FindingLine, _money, _quality, _rag, worst

G, A, R, GREY = Rag.GREEN, Rag.AMBER, Rag.RED, Rag.GREY


@pytest.mark.parametrize(("values", "expected"), [
    ((G, A, R), R), ((R, G), R), ((A, G), A), ((G, A), A), ((GREY, G), G), ((G, GREY), G),
    ((None, A, None), A), ((GREY,), GREY), ((None,), None), ((), None),
])
def test_worst(values, expected):
    """Red beats amber beats green beats grey; None is ignored."""
    assert expected is worst(*values)


@pytest.mark.parametrize(("budget", "realised", "finished", "expected"), [
    (100.0, 89.0, False, G),  # below 90 %
    (100.0, 90.0, False, A),  # exactly 90 %: amber
    (100.0, 100.0, False, A),  # all of it spent, not over
    (100.0, 100.5, False, R),  # over budget
    (100.0, 95.0, True, G),  # finished within budget: nothing left to overrun
    (100.0, 101.0, True, R),  # finished over budget
    (None, 50.0, False, None), (0.0, 50.0, False, None), (100.0, None, False, None),
    (100.0, 0.0, False, G),
])
def test_money(budget, realised, finished, expected):
    assert expected is _money(budget, realised, finished, 0.9)


def test_money_threshold_is_a_parameter():
    """With money_amber 0.5, 50 of 100 is amber and 49 green."""
    assert (A, G) == (_money(100.0, 50.0, False, 0.5), _money(100.0, 49.0, False, 0.5))


def finding(severity: str, waived: bool = False) -> FindingLine:
    return FindingLine(rule="r", severity=severity, subject=None, message="m", waived=waived)


def availability(meets: bool | None) -> AvailabilityLine:
    return AvailabilityLine(service="s", name="S", domain="d", availability=None, norm=None, meets=meets)


@pytest.mark.parametrize(("findings", "available", "expected"), [
    ([], [], G),
    ([finding("info")], [], G),
    ([finding("warning")], [], A),
    ([finding("error")], [], R),
    ([finding("warning"), finding("error")], [], R),
    ([finding("error", waived=True)], [], G),
    ([finding("error", waived=True), finding("warning")], [], A),
    ([finding("warning", waived=True)], [availability(True)], G),
    ([], [availability(False)], A),
    ([], [availability(None)], G),  # no figure or no norm: nothing to judge
    ([finding("error")], [availability(False)], R),
])
def test_quality(findings, available, expected):
    assert expected is _quality(findings, available)


def test_time_colour_from_a_figure():
    """A figure's rag text gives the colour; 'new' (no baseline date) gives none."""
    assert [G, A, R, None] == [_rag(t) for t in ("green", "amber", "red", "new")]
