"""The MS Project import's diagnostics: unreadable XML is refused with its place, unsupported features warn."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio.cli import main
from portfolio.diagnostics import Severity
from portfolio.io import load

_PLAN = """<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <StartDate>2024-01-08T08:00:00</StartDate>
  <Tasks>
    <Task><UID>1</UID><ID>1</ID><Name>Build</Name><Duration>PT40H0M0S</Duration>{manual}</Task>
  </Tasks>
</Project>
"""


def test_malformed_xml_is_located(tmp_path: Path) -> None:
    """A broken tag gives mspdi-syntax at its line, with a way out, and no portfolio."""
    path = tmp_path / "plan.xml"
    path.write_text(_PLAN.format(manual="").replace("</Name>", "</Nam>"), encoding="utf-8")
    portfolio, diagnostics = load(path)
    (found,) = diagnostics
    assert ("mspdi-syntax", Severity.ERROR, 5) == (found.code, found.severity, found.source.line)  # type: ignore[union-attr]
    assert found.hint
    assert 0 == len(portfolio.activities)


def test_doctype_is_refused(tmp_path: Path) -> None:
    """An XML file with a DOCTYPE (entity expansion) is refused before parsing."""
    path = tmp_path / "bomb.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]><Project>&a;</Project>', encoding="utf-8")
    _portfolio, diagnostics = load(path)
    assert ["mspdi-syntax"] == [d.code for d in diagnostics]
    assert "DOCTYPE" in diagnostics[0].message


def test_manual_task_warns_but_loads(tmp_path: Path, capsys: object) -> None:
    """A manually scheduled task is imported with an mspdi-unsupported warning; check still exits 0."""
    path = tmp_path / "plan.xml"
    path.write_text(_PLAN.format(manual="<Manual>1</Manual>"), encoding="utf-8")
    portfolio, diagnostics = load(path)
    assert ["mspdi-unsupported"] == [d.code for d in diagnostics]
    assert Severity.WARNING is diagnostics[0].severity
    assert diagnostics[0].hint
    assert 5 == portfolio.activities["t1"].duration.days
    assert 0 == main(["check", str(path)])


# -- every diagnostic carries the line of the element it is about ---------------------------------

#: One task per line, each with one feature the importer warns about (or a value it refuses); the
#: code expected on that line follows the task, after the marker ``<!--expect ... -->``.
_FEATURES = """<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project">
<StartDate>2024-01-08T08:00:00</StartDate>
<ScheduleFromStart>0</ScheduleFromStart><!--expect mspdi-unsupported-->
<Calendars><Calendar><UID>1</UID><Name>Standard</Name><Exceptions>
<Exception><Occurrences>3</Occurrences><Type>5</Type><MonthItem>1</MonthItem><TimePeriod><FromDate>2024-12-25T00:00:00</FromDate><ToDate>2026-12-25T23:59:00</ToDate></TimePeriod></Exception><!--expect mspdi-unsupported-->
</Exceptions></Calendar></Calendars>
<Tasks>
<Task><UID>0</UID><Name>Project</Name><Summary>1</Summary></Task>
<Task><UID>1</UID><Name>Phase</Name><Summary>1</Summary></Task>
<Task><UID>2</UID><Name>Manual</Name><Duration>PT8H0M0S</Duration><Manual>1</Manual></Task><!--expect mspdi-unsupported-->
<Task><UID>3</UID><Name>Delay</Name><Duration>PT8H0M0S</Duration><LevelingDelay>4800</LevelingDelay></Task><!--expect mspdi-unsupported-->
<Task><UID>4</UID><Name>Inactive</Name><Duration>PT8H0M0S</Duration><Active>0</Active></Task><!--expect mspdi-unsupported-->
<Task><UID>5</UID><Name>Long milestone</Name><Duration>PT8H0M0S</Duration><Milestone>1</Milestone></Task><!--expect mspdi-unsupported-->
<Task><UID>6</UID><Name>ALAP</Name><Duration>PT8H0M0S</Duration><ConstraintType>1</ConstraintType></Task><!--expect mspdi-unsupported-->
<Task><UID>6</UID><Name>Twice</Name><Duration>PT8H0M0S</Duration></Task><!--expect mspdi-value-->
<Task><UID>7</UID><Name>Half day</Name><Duration>PT4H0M0S</Duration></Task><!--expect mspdi-unsupported-->
<Task><UID>8</UID><Name>Links</Name><Duration>PT8H0M0S</Duration>
<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink><!--expect mspdi-unsupported-->
<PredecessorLink><PredecessorUID>99</PredecessorUID><Type>1</Type></PredecessorLink><!--expect mspdi-unsupported-->
<PredecessorLink><PredecessorUID>2</PredecessorUID><CrossProject>1</CrossProject></PredecessorLink><!--expect mspdi-unsupported-->
<PredecessorLink><PredecessorUID>3</PredecessorUID><LinkLag>500</LinkLag><LagFormat>19</LagFormat></PredecessorLink><!--expect mspdi-unsupported-->
<PredecessorLink><PredecessorUID>4</PredecessorUID><LinkLag>2400</LinkLag><LagFormat>7</LagFormat></PredecessorLink><!--expect mspdi-unsupported-->
<PredecessorLink><PredecessorUID>5</PredecessorUID><LinkLag>inf</LinkLag></PredecessorLink><!--expect mspdi-value-->
<PredecessorLink><PredecessorUID>5</PredecessorUID><Type>9</Type></PredecessorLink><!--expect mspdi-value-->
<PredecessorLink><PredecessorUID>6</PredecessorUID><LinkLag>4800</LinkLag><LagFormat>99</LagFormat></PredecessorLink><!--expect mspdi-value-->
<PredecessorLink><PredecessorUID>7</PredecessorUID><LinkLag>500</LinkLag><LagFormat>51</LagFormat></PredecessorLink><!--expect mspdi-unsupported-->
</Task>
<Task><UID>inf</UID><Name>Bad UID</Name></Task><!--expect mspdi-value-->
<Task><UID>12</UID><Name>Finished before it started</Name><Duration>PT8H0M0S</Duration><ActualStart>2024-01-10T08:00:00</ActualStart><ActualFinish>2024-01-09T17:00:00</ActualFinish></Task><!--expect mspdi-value-->
<Task><UID>11</UID><Name>Bad format</Name><Duration>PT8H0M0S</Duration><DurationFormat>2</DurationFormat></Task><!--expect mspdi-value-->
<Task><UID>10</UID><Name>Bad date</Name><Duration>PT8H0M0S</Duration><Deadline>9999-12-31T17:00:00</Deadline></Task><!--expect mspdi-value-->
</Tasks>
<Assignments><Assignment><TaskUID>2</TaskUID><ResourceUID>1</ResourceUID></Assignment></Assignments>
</Project>
"""


def _expected_lines(text: str) -> set[tuple[int, str]]:
    return {(number, line.rsplit("<!--expect ", 1)[1].removesuffix("-->"))
            for number, line in enumerate(text.splitlines(), start=1) if "<!--expect " in line}


def test_every_diagnostic_names_the_line_of_its_element(tmp_path: Path) -> None:
    """Each warning and value error points at the line of the task, link, calendar exception or value it is about."""
    path = tmp_path / "features.xml"
    path.write_text(_FEATURES, encoding="utf-8")
    _portfolio, diagnostics = load(path)
    assert _expected_lines(_FEATURES) == {(d.source.line, d.code) for d in diagnostics if d.source}
    assert all(d.source is not None and d.source.file == str(path) and d.source.column > 0 for d in diagnostics)


def _documents() -> list[tuple[str, bytes]]:
    """Every MSPDI document the tests hold: the ones written in this file and in test_mspdi.py, and the references."""
    from test_mspdi import HEAD, REFERENCE, doc, link, task  # noqa: PLC0415 - the other test module's documents

    documents = [("plan", _PLAN.format(manual="<Manual>1</Manual>").encode()), ("features", _FEATURES.encode())]
    body = "<Tasks>" + task(0, "P", "<Summary>1</Summary>") + task(1, extra=link(0) + "<Manual>1</Manual>")
    body += task(2, extra=link(1, 1, 2400) + link(1, 1, 5, 19) + "<ConstraintType>1</ConstraintType>") + "</Tasks>"
    documents.append(("units", doc(body, HEAD + "<ScheduleFromStart>0</ScheduleFromStart>")))
    documents += [(p.name, p.read_bytes()) for p in sorted(REFERENCE.glob("*.xml"))] if REFERENCE.is_dir() else []
    return documents


def test_every_mspdi_diagnostic_over_the_test_documents_has_a_line() -> None:
    """Over every MSPDI document in the tests, importing and scheduling give diagnostics with a file and a line."""
    from portfolio.io.mspdi import parse_mspdi  # noqa: PLC0415
    from portfolio.scheduling import schedule  # noqa: PLC0415

    seen = 0
    for name, data in _documents():
        result = parse_mspdi(data, name)
        found = list(result.diagnostics)
        if result.ok:
            found += schedule(result.portfolio).diagnostics
        seen += len(found)
        assert [] == [d for d in found if d.source is None or d.source.file != name or d.source.line < 1], name
    assert seen >= 20


def test_out_of_range_values_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`portfolio schedule` on a plan with an infinite lag and a 9999 baseline date reports both, no traceback."""
    plan = _PLAN.format(manual="<Baseline><Number>0</Number><Start>9999-12-31T08:00:00</Start></Baseline>")
    plan = plan.replace("</Task>", "</Task>\n<Task><UID>2</UID><Name>Test</Name><Duration>PT8H0M0S</Duration>"
                        "<PredecessorLink><PredecessorUID>1</PredecessorUID><LinkLag>inf</LinkLag></PredecessorLink>"
                        "</Task>", 1)
    path = tmp_path / "plan.xml"
    path.write_text(plan, encoding="utf-8")
    assert 0 != main(["schedule", str(path)])
    err = capsys.readouterr().err
    assert 2 == err.count("error[mspdi-value]")
    assert f"{path}:5:" in err
    assert "Traceback" not in err
