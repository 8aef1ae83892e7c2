"""The P6 XML import's diagnostics: bad input gives located diagnostics (file, line, column), never a traceback.

Each ``p6xml-…`` code has a hand-written fixture in tests/fixtures/p6xml/diagnostics/ (``<code>_<n>.xml``)
that triggers it at a known line; a Hypothesis test cuts and corrupts a good file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.cli import main
from portfolio.diagnostics import CODES, Severity
from portfolio.io import load
from portfolio.io.p6 import parse_pmxml

FIXTURES = Path(__file__).parent / "fixtures" / "p6xml"
DIAGNOSTICS = FIXTURES / "diagnostics"
GOOD = (FIXTURES / "network.xml").read_bytes()
#: fixture -> (code, line, column) of the diagnostic it is written to trigger
EXPECTED = {
    "p6xml-syntax_1.xml": ("p6xml-syntax", 8, 5),  # </Project> closes an open <Activity>
    "p6xml-syntax_2.xml": ("p6xml-syntax", 2, 30),  # a DOCTYPE with an entity
    "p6xml-missing_1.xml": ("p6xml-missing", 2, 1),  # no <Project>
    "p6xml-missing_2.xml": ("p6xml-missing", 9, 5),  # an <Activity> without <PlannedDuration>
    "p6xml-bad-value_1.xml": ("p6xml-bad-value", 8, 5),  # PlannedStartDate in month 13
    "p6xml-bad-value_2.xml": ("p6xml-bad-value", 16, 7),  # an unknown OutOfSequenceScheduleType
    "p6xml-bad-value_3.xml": ("p6xml-bad-value", 3, 3),  # a weekday "Funday" in the calendar
    "p6xml-unsupported_1.xml": ("p6xml-unsupported", 8, 5),  # the longest path defines critical
}


def test_every_p6xml_code_has_a_fixture():
    """Each p6xml-* code of the catalogue is triggered by a fixture here."""
    codes = {code for code in CODES if code.startswith("p6xml-")}
    assert codes == {code for code, _, _ in EXPECTED.values()}
    assert sorted(EXPECTED) == sorted(p.name for p in DIAGNOSTICS.glob("*.xml"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_gives_its_located_diagnostic(name):
    """Each fixture gives its diagnostic at the element's line and column, with a hint, through io.load."""
    _, diagnostics = load(DIAGNOSTICS / name, cache=False)
    found = [(d.code, d.source.line, d.source.column) for d in diagnostics]
    assert EXPECTED[name] in found
    assert all(d.hint and d.source.file.endswith(name) and d.source.line > 0 for d in diagnostics)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert bool(errors) == (CODES[EXPECTED[name][0]].severity is Severity.ERROR)


def test_check_reports_the_fixture_and_fails(capsys):
    """`portfolio check` on a broken P6 XML file names the place and exits non-zero, without a traceback."""
    assert 0 != main(["check", str(DIAGNOSTICS / "p6xml-missing_2.xml")])
    captured = capsys.readouterr()
    assert "p6xml-missing_2.xml:9:5" in captured.out + captured.err
    assert "Traceback" not in captured.out + captured.err


def test_activities_of_other_projects_and_unknown_relationships_warn():
    """A second project and its activities are left out, and a relationship to them is dropped: each warned."""
    second = (b"<Project><ObjectId>2</ObjectId><Id>OTHER</Id><Activity><ObjectId>99</ObjectId><Id>B1</Id>"
              b"<PlannedDuration>8</PlannedDuration></Activity></Project><Relationship><PredecessorActivityObjectId>"
              b"99</PredecessorActivityObjectId><SuccessorActivityObjectId>1000</SuccessorActivityObjectId>"
              b"<Type>Finish to Start</Type></Relationship></APIBusinessObjects>")
    portfolio, diagnostics = parse_pmxml(GOOD.replace(b"</APIBusinessObjects>", second), "two.xml")
    assert ["a1000", "a1010", "a1020", "a1030"] == sorted(portfolio.activities)
    assert ["p6xml-unsupported"] * 3 == [d.code for d in diagnostics]  # two projects; B1 left out; its link
    assert all(d.source.line > 0 for d in diagnostics)


def test_a_relationship_without_its_activities_is_left_out():
    """A <Relationship> without <SuccessorActivityObjectId> is a located p6xml-missing error, not a crash."""
    bad = GOOD.replace(b"<SuccessorActivityObjectId>1030</SuccessorActivityObjectId>", b"", 1)
    portfolio, diagnostics = parse_pmxml(bad, "rel.xml")
    assert 2 == len(portfolio.relations)
    assert [("p6xml-missing", True)] == [(d.code, d.source.line > 0) for d in diagnostics]


def test_root_element_that_is_not_p6s():
    """A well-formed XML file whose root is not APIBusinessObjects is a p6xml-syntax error at the root."""
    _, diagnostics = parse_pmxml(b"<?xml version='1.0'?>\n<Projects/>", "other.xml")
    assert [("p6xml-syntax", 2, 1)] == [(d.code, d.source.line, d.source.column) for d in diagnostics]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(0, len(GOOD)), position=st.integers(0, len(GOOD) - 1), junk=st.binary(max_size=8))
def test_cut_or_corrupted_files_give_located_diagnostics(cut, position, junk):
    """Any prefix of a good file, or one with bytes replaced, gives diagnostics with a place, never an exception."""
    for data in (GOOD[:cut], GOOD[:position] + junk + GOOD[position + len(junk):]):
        result = parse_pmxml(data, "fuzz.xml")
        assert all(d.source is not None and d.source.file == "fuzz.xml" for d in result.diagnostics)
        assert all(d.code in CODES for d in result.diagnostics)
