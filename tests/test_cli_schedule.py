"""Tests for the ``portfolio schedule`` command."""

from __future__ import annotations

import csv
import io
import json

import pytest

from portfolio.cli import main
from portfolio.cli.schedule import COLUMNS

PLAN = """<Project xmlns="http://schemas.microsoft.com/project">
<StartDate>2024-01-08T08:00:00</StartDate>
<Calendars><Calendar><UID>1</UID><Name>Standard</Name></Calendar></Calendars><CalendarUID>1</CalendarUID>
<Tasks>
<Task><UID>1</UID><Name>Build</Name><Duration>PT40H0M0S</Duration></Task>
<Task><UID>2</UID><Name>Docs</Name><Duration>PT16H0M0S</Duration></Task>
<Task><UID>3</UID><Name>Cutover</Name><Duration>PT0H0M0S</Duration>
  <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink>
  <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type></PredecessorLink></Task>
</Tasks></Project>"""


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "plan.xml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_json_output(plan, capsys):
    """The JSON form lists every activity with ISO dates, floats and driving predecessors."""
    code = main(["schedule", str(plan), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    cutover = document["activities"][2]
    expected = (0, None, "2024-01-12", list(COLUMNS), "2024-01-12", ["t1"], 3)
    actual = (code, document["status_date"], document["finish"], list(cutover), cutover["finish"],
              cutover["driving"], document["activities"][1]["total_float"])
    assert expected == actual


def test_text_output(plan, capsys):
    """The text form is a table with a header line naming the finish."""
    code = main(["schedule", str(plan)])
    out = capsys.readouterr().out
    assert 0 == code
    assert "finish: 2024-01-12" in out
    assert "Cutover" in out


def test_csv_output_critical_only(plan, capsys):
    """--critical --format csv prints the critical activities with the JSON columns."""
    code = main(["schedule", str(plan), "--format", "csv", "--critical"])
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    expected = (0, list(COLUMNS), ["t1", "t3"])
    assert expected == (code, rows[0], [r[0] for r in rows[1:]])


def test_path_to(plan, capsys):
    """--path-to lists the activity and what drives it."""
    main(["schedule", str(plan), "--format", "json", "--path-to", "t3"])
    document = json.loads(capsys.readouterr().out)
    assert ["t1", "t3"] == [a["id"] for a in document["activities"]]


def test_path_to_unknown_id_exits_2(plan, capsys):
    """An unknown --path-to id is a usage problem: exit 2 with a suggestion."""
    code = main(["schedule", str(plan), "--path-to", "t33"])
    assert (2, True) == (code, "did you mean 't3'?" in capsys.readouterr().err)


def test_status_date_option(plan, capsys):
    """--status-date is passed to the scheduler: unstarted work moves after it."""
    main(["schedule", str(plan), "--format", "json", "--status-date", "2024-01-09"])
    document = json.loads(capsys.readouterr().out)
    expected = ("2024-01-09", "2024-01-10", "2024-01-16")
    actual = (document["status_date"], document["activities"][0]["start"], document["finish"])
    assert expected == actual


def test_bad_status_date_is_usage_error(plan, capsys):
    """A malformed --status-date makes argparse exit 2."""
    with pytest.raises(SystemExit) as stop:
        main(["schedule", str(plan), "--status-date", "2024-13-01"])
    assert 2 == stop.value.code


def test_missing_file_exits_2(tmp_path, capsys):
    """A missing file is an I/O problem: exit 2 and the diagnostic on stderr."""
    code = main(["schedule", str(tmp_path / "nope.xml")])
    assert (2, True) == (code, "io-error" in capsys.readouterr().err)


def test_broken_file_exits_1(tmp_path, capsys):
    """A file with errors exits 1 and prints the diagnostics on stderr."""
    path = tmp_path / "bad.xml"
    path.write_text("<Project><Tasks></Project>", encoding="utf-8")
    code = main(["schedule", str(path)])
    assert (1, True) == (code, "mspdi-syntax" in capsys.readouterr().err)


def test_output_file_takes_its_format_from_the_suffix(plan, tmp_path, capsys):
    """``-o out.json`` writes the JSON that ``--format json`` prints, nothing to stdout, and no temporary file."""
    main(["schedule", str(plan), "--format", "json"])
    printed = capsys.readouterr().out
    code = main(["schedule", str(plan), "-o", str(tmp_path / "out.json")])
    expected = (0, "", printed, ["out.json", "plan.xml"])
    actual = (code, capsys.readouterr().out, (tmp_path / "out.json").read_text(encoding="utf-8"),
              sorted(p.name for p in tmp_path.iterdir()))
    assert expected == actual


def test_output_file_with_a_contradicting_format_warns(plan, tmp_path, capsys):
    """``--format csv -o out.json`` writes CSV and warns that the name says JSON."""
    out = tmp_path / "out.json"
    code = main(["schedule", str(plan), "--format", "csv", "-o", str(out)])
    warning = f"portfolio schedule: warning: {out} looks like json by its name, but --format csv writes csv"
    expected = (0, list(COLUMNS), True)
    actual = (code, next(csv.reader(io.StringIO(out.read_text(encoding="utf-8")))), warning in capsys.readouterr().err)
    assert expected == actual


def test_output_file_that_cannot_be_written_exits_2(plan, tmp_path, capsys):
    """An ``-o`` file in a missing folder is an I/O problem: exit 2 with the reason on stderr."""
    out = tmp_path / "missing" / "out.txt"
    code = main(["schedule", str(plan), "-o", str(out)])
    message = f"portfolio schedule: error: cannot write {out}: the folder '{out.parent}' does not exist; create it first\n"
    expected = (2, message)
    assert expected == (code, capsys.readouterr().err)


def test_output_file_is_not_written_when_the_data_has_errors(tmp_path, capsys):
    """A file with errors exits 1 as before, diagnostics on stderr, and leaves ``-o``'s file as it was."""
    path = tmp_path / "bad.xml"
    path.write_text("<Project><Tasks></Project>", encoding="utf-8")
    out = tmp_path / "out.txt"
    out.write_text("earlier", encoding="utf-8")
    code = main(["schedule", str(path), "-o", str(out)])
    expected = (1, True, "earlier")
    assert expected == (code, "mspdi-syntax" in capsys.readouterr().err, out.read_text(encoding="utf-8"))
