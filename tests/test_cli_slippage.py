"""The slippage, history, baseline capture, publish and published commands on the shipped example."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from portfolio.cli import main
from portfolio.cli.history import CSV_COLUMNS as HISTORY_COLUMNS
from portfolio.cli.slippage import CSV_COLUMNS
from portfolio.io import load
from portfolio.scheduling import schedule
from portfolio.store import default_store_path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"


@pytest.fixture
def folder(tmp_path):
    """A copy of the example, so commands that write stay out of the source tree."""
    return Path(shutil.copytree(EXAMPLE, tmp_path / "logius"))


# --- slippage ---------------------------------------------------------------------------------------


def test_slippage_text_tells_why_easi_exit_moved(capsys):
    """The text report names the baseline and its reason, and explains EASI exit's slip by Digipoort."""
    code = main(["slippage", str(EXAMPLE)])
    out = capsys.readouterr().out
    assert 0 == code
    assert "Baseline replan-2023" in out
    assert "reason: Heroriëntatie" in out
    why = next(line for line in out.splitlines() if line.strip().startswith("easi.exit slips"))
    assert "digipoort.landing-study" in why


def test_slippage_json_contributions_add_up(capsys):
    """In the JSON form each key milestone's contributions add up to its variance."""
    assert 0 == main(["slippage", str(EXAMPLE), "--format", "json", "--baseline", "original-2023"])
    document = json.loads(capsys.readouterr().out)
    assert "original-2023" == document["baseline"]["name"]
    explained = [m["attribution"] for m in document["milestones"] if m["attribution"]]
    assert explained
    for a in explained:
        assert a["working_days"] == sum(c["working_days"] for c in a["contributions"])
    assert {"assignment", "migration", "service", "platform"} == set(document["rollups"])
    assert document["added"]


def test_slippage_csv_has_a_row_per_activity_and_rollup(capsys):
    """The CSV form has the documented columns and one row per compared activity, roll-up, added and removed."""
    assert 0 == main(["slippage", str(EXAMPLE), "--format", "csv"])
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert list(CSV_COLUMNS) == rows[0]
    levels = {r[0] for r in rows[1:]}
    assert {"activity", "milestone", "assignment", "migration", "service", "platform", "added"} <= levels


def test_slippage_unknown_baseline_is_a_usage_error(capsys):
    """A misspelt baseline name exits 2 with a suggestion."""
    assert 2 == main(["slippage", str(EXAMPLE), "--baseline", "replan-2032"])
    assert "did you mean 'replan-2023'" in capsys.readouterr().err


def test_slippage_without_a_baseline(tmp_path, capsys):
    """A portfolio without baselines exits 1 with the no-baseline diagnostic."""
    shutil.copytree(EXAMPLE, tmp_path / "p", ignore=shutil.ignore_patterns("baselines"))
    assert 1 == main(["slippage", str(tmp_path / "p")])
    assert f"{tmp_path / 'p'}: error[no-baseline]" in capsys.readouterr().err  # named by its portfolio (fuzzer)
    assert 1 == main(["report", "monthly", str(tmp_path / "p"), "--period", "2023-08"])
    assert f"{tmp_path / 'p'}: error[no-baseline]" in capsys.readouterr().err



def test_slippage_output_file_takes_its_format_from_the_suffix(tmp_path, capsys):
    """``-o s.csv`` writes the CSV that ``--format csv`` prints, and nothing to stdout."""
    main(["slippage", str(EXAMPLE), "--format", "csv"])
    printed = capsys.readouterr().out
    code = main(["slippage", str(EXAMPLE), "-o", str(tmp_path / "s.csv")])
    expected = (0, "", printed)
    assert expected == (code, capsys.readouterr().out, (tmp_path / "s.csv").read_text(encoding="utf-8"))


def test_slippage_output_file_with_a_contradicting_format_warns(tmp_path, capsys):
    """``--format json -o s.txt`` writes JSON and warns that the name says text."""
    out = tmp_path / "s.txt"
    code = main(["slippage", str(EXAMPLE), "--format", "json", "-o", str(out)])
    warning = f"portfolio slippage: warning: {out} looks like text by its name, but --format json writes json"
    document = json.loads(out.read_text(encoding="utf-8"))
    assert (0, "replan-2023", True) == (code, document["baseline"]["name"], warning in capsys.readouterr().err)


def test_slippage_text_output_file(tmp_path, capsys):
    """``-o s.txt`` writes the text report to the file, as printed without ``-o``."""
    main(["slippage", str(EXAMPLE)])
    printed = capsys.readouterr().out
    code = main(["slippage", str(EXAMPLE), "-o", str(tmp_path / "s.txt")])
    assert (0, printed) == (code, (tmp_path / "s.txt").read_text(encoding="utf-8"))


def test_slippage_output_file_that_cannot_be_written_exits_2(tmp_path, capsys):
    """An ``-o`` file in a missing folder is an I/O problem: exit 2 with the reason on stderr."""
    out = tmp_path / "missing" / "s.json"
    code = main(["slippage", str(EXAMPLE), "-o", str(out)])
    message = f"portfolio slippage: error: cannot write {out}: the folder '{out.parent}' does not exist; create it first"
    expected = (2, message)
    assert expected == (code, capsys.readouterr().err.strip().splitlines()[-1])


# --- history ----------------------------------------------------------------------------------------


def test_history_text_shows_the_trend_and_the_windows(capsys):
    """The text form holds the MTA table, the migrations per status date and the windows analysis."""
    assert 0 == main(["history", str(EXAMPLE)])
    out = capsys.readouterr().out
    for heading in ("Milestone trend analysis", "Migrations: finish per status date", "Why they moved"):
        assert heading in out
    assert "2023-04-28 → 2023-08-31" in out


def test_history_csv_matches_the_schedules(capsys):
    """Each CSV row's forecast is the milestone's finish in the schedule as of that status date."""
    assert 0 == main(["history", str(EXAMPLE), "--milestones", "easi.exit,digipoort.cutover", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    portfolio = load(EXAMPLE).portfolio
    assert list(HISTORY_COLUMNS) == list(rows[0])
    expected = [(u.date.isoformat(), m, schedule(portfolio, status_date=u.date)[m].finish.isoformat())
                for m in ("easi.exit", "digipoort.cutover") for u in portfolio.status_updates]
    assert expected == [(r["status_date"], r["milestone"], r["forecast"]) for r in rows]


def test_history_json_windows_add_up(capsys):
    """Every window's contributions add up to the milestone's change in that window."""
    assert 0 == main(["history", str(EXAMPLE), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    for m in document["milestones"]:
        windows = document["windows"][m["id"]]
        changes = [p["change"] for p in m["points"][1:]]
        assert changes == [w["working_days"] for w in windows]
        for w in windows:
            assert w["working_days"] == sum(c["working_days"] for c in w["contributions"])


@pytest.mark.parametrize(("form", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml")])
def test_history_chart(tmp_path, form, magic):
    """--format png/svg writes the MTA chart to -o."""
    pytest.importorskip("matplotlib")
    out = tmp_path / f"mta.{form}"
    assert 0 == main(["history", str(EXAMPLE), "--format", form, "-o", str(out)])
    assert out.read_bytes().startswith(magic)


@pytest.mark.parametrize(("name", "magic"), [("chart.png", b"\x89PNG"), ("chart.svg", b"<?xml"),
                                           ("mta.json", b"{"), ("mta.csv", b"status_date,"), ("mta.txt", b"Milestone")])
def test_history_format_from_the_file_name(tmp_path, capsys, name, magic):
    """Without --format, -o's suffix chooses the format: chart.png is a PNG, not text."""
    if name.endswith((".png", ".svg")):
        pytest.importorskip("matplotlib")
    out = tmp_path / name
    assert 0 == main(["history", str(EXAMPLE), "-o", str(out)])
    assert (magic, "") == (out.read_bytes()[: len(magic)], capsys.readouterr().err.replace(f"wrote {out}\n", ""))


def test_history_given_format_contradicting_the_suffix_warns(tmp_path, capsys):
    """--format json -o x.csv writes JSON as asked, and warns that the name says csv."""
    out = tmp_path / "x.csv"
    assert 0 == main(["history", str(EXAMPLE), "--format", "json", "-o", str(out)])
    expected = f"portfolio history: warning: {out} looks like csv by its name, but --format json writes json\n"
    assert (b"{", expected) == (out.read_bytes()[:1], capsys.readouterr().err)


def test_history_chart_needs_an_output_file(capsys):
    """A chart without -o is a usage error."""
    assert 2 == main(["history", str(EXAMPLE), "--format", "png"])
    assert "-o FILE" in capsys.readouterr().err


def test_history_unknown_milestone(capsys):
    """A misspelt milestone exits 2 with a suggestion."""
    assert 2 == main(["history", str(EXAMPLE), "--milestones", "easi.exti"])
    assert "did you mean 'easi.exit'" in capsys.readouterr().err


# --- baseline capture -------------------------------------------------------------------------------


def test_captured_baseline_loads_back_clean(folder):
    """A captured re-baseline loads back with no diagnostic and holds the schedule's dates."""
    code = main(["baseline", "capture", str(folder), "--name", "replan-2024", "--title", "Herijking 2024",
                 "--reason", "Landingsbesluit Digipoort: \"uitgesteld\" # naar Q1"])
    assert 0 == code
    result = load(folder)
    assert [] == [str(d) for d in result.diagnostics]
    captured = result.portfolio.baselines["replan-2024"]
    computed = schedule(result.portfolio)
    assert {a.id: (a.start, a.finish) for a in computed} == {k: (e.start, e.finish)
                                                             for k, e in captured.entries.items()}
    assert ("replan-2023", dt.date(2023, 12, 29), False) == (captured.replaces, captured.captured, captured.current)
    assert 'Landingsbesluit Digipoort: "uitgesteld" # naar Q1' == captured.reason


def test_capture_as_of_an_earlier_date_replaces_the_baseline_in_force_then(folder):
    """A baseline captured as of 2023-08-31 replaces the baseline in force then, not the later re-plan."""
    assert 0 == main(["baseline", "capture", str(folder), "--name", "aug-2023", "--status-date", "2023-08-31",
                      "--reason", "test"])
    captured = load(folder).portfolio.baselines["aug-2023"]
    assert ("original-2023", dt.date(2023, 8, 31)) == (captured.replaces, captured.captured)


def test_capture_never_overwrites(folder, capsys):
    """An existing baseline file or name is refused (baseline-exists) and left as it was."""
    target = folder / "baselines" / "replan-2023.yaml"
    before = target.read_bytes()
    assert 1 == main(["baseline", "capture", str(folder), "--name", "replan-2023", "--reason", "x"])
    assert "error[baseline-exists]" in capsys.readouterr().err
    other = folder.parent / "mine.yaml"
    other.write_text("# keep me\n", encoding="utf-8")
    assert 1 == main(["baseline", "capture", str(folder), "--name", "new", "--reason", "x", "-o", str(other)])
    inside = folder / "mine.yaml"  # one of the portfolio's own files: a usage error
    inside.write_text("# keep me\n", encoding="utf-8")
    assert 2 == main(["baseline", "capture", str(folder), "--name", "new", "--reason", "x", "-o", str(inside)])
    assert "is the portfolio's own input file" in capsys.readouterr().err
    assert (before, "# keep me\n", "# keep me\n") == (
        target.read_bytes(), other.read_text(encoding="utf-8"), inside.read_text(encoding="utf-8"))


def test_capture_of_an_existing_name_mentions_force(folder, capsys):
    """Capturing under the name of an existing baseline says --force captures it again."""
    assert 1 == main(["baseline", "capture", str(folder), "--name", "replan-2023", "--reason", "x"])
    assert "or give --force to capture it again" in capsys.readouterr().err


def test_capture_of_a_moved_plan_needs_a_reason(folder, capsys):
    """A re-baseline that moves dates without --reason is refused and writes nothing."""
    assert 1 == main(["baseline", "capture", str(folder), "--name", "replan-2024"])
    assert "error[replan-without-reason]" in capsys.readouterr().err
    assert not (folder / "baselines" / "replan-2024.yaml").exists()


def test_capture_bad_name_is_a_usage_error(folder):
    """A name that is no file name is refused before anything is read."""
    with pytest.raises(SystemExit) as stopped:
        main(["baseline", "capture", str(folder), "--name", "../evil"])
    assert stopped.value.code == 2


# --- publish and published -------------------------------------------------------------------------


def test_publish_twice_and_supersede(folder, capsys):
    """Publishing stores the figures; the same again writes nothing; a correction needs --supersede --reason."""
    assert 0 == main(["publish", str(folder), "--period", "2023-08"])
    first = capsys.readouterr().out
    assert "since the last report: status update 2023-04-28" in first
    assert "published 2023-08 version 1" in first
    assert 0 == main(["publish", str(folder), "--period", "2023-08"])
    assert "nothing written" in capsys.readouterr().out
    assert 0 == main(["publish", str(folder), "--period", "2023-09"])  # the same status update, other period
    assert "since the last report: published 2023-08 (version 1)" in capsys.readouterr().out
    # the figures change when the plan against which they are measured changes (default in 2023-08: the original)
    assert 1 == main(["publish", str(folder), "--period", "2023-08", "--baseline", "replan-2023"])
    assert "error[publication-exists]" in capsys.readouterr().err
    assert 2 == main(["publish", str(folder), "--period", "2023-08", "--baseline", "replan-2023", "--supersede"])
    assert 0 == main(["publish", str(folder), "--period", "2023-08", "--baseline", "replan-2023", "--supersede",
                      "--reason", "measured against the re-plan"])
    capsys.readouterr()
    assert 0 == main(["published", str(folder), "--format", "json"])
    listing = json.loads(capsys.readouterr().out)
    assert [("2023-08", 1), ("2023-08", 2), ("2023-09", 1)] == [(p["period"], p["version"]) for p in listing]
    assert 0 == main(["published", str(folder), "--period", "2023-08"])
    assert "supersedes version 1: measured against the re-plan" in capsys.readouterr().out
    assert default_store_path(folder).exists()


def test_publish_takes_the_status_date_from_the_period(folder, capsys):
    """The period's report uses the latest status update on or before its last day; none is an error."""
    assert 0 == main(["publish", str(folder), "--period", "2023-11"])
    assert "status date 2023-08-31" in capsys.readouterr().out
    assert 1 == main(["publish", str(folder), "--period", "2023-03"])
    assert "error[no-status-update]" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        main(["publish", str(folder), "--period", "2023-13"])
    assert stopped.value.code == 2


@pytest.mark.parametrize("content", [b"hello, I am a spreadsheet\n", b"SQLite format 3\x00" + b"\xff" * 3000])
def test_a_corrupt_store_is_a_clean_error(folder, content, capsys):
    """A damaged or foreign store: exit 2, one diagnostic line, no traceback, the file untouched."""
    store = folder / "weird.sqlite"
    store.write_bytes(content)
    result = subprocess.run([sys.executable, "-m", "portfolio", "publish", str(folder), "--period", "2023-08",
                             "--store", str(store)], capture_output=True, text=True, check=False)
    assert 2 == result.returncode
    assert "Traceback" not in result.stderr
    assert "error[store-corrupt]" in result.stderr
    assert 2 == main(["published", str(folder), "--store", str(store)])
    assert "error[store-corrupt]" in capsys.readouterr().err
    assert content == store.read_bytes()


def test_published_without_a_store(folder, capsys):
    """Reading a store that does not exist is an error, and creates nothing."""
    assert 2 == main(["published", str(folder)])
    assert "does not exist" in capsys.readouterr().err
    assert not default_store_path(folder).exists()


def test_published_without_a_store_is_an_io_error(folder, capsys):
    """Reading a store that does not exist yet says nothing was published yet, as an io-error, not store-corrupt."""
    assert 2 == main(["published", str(folder)])
    line = capsys.readouterr().err.strip().splitlines()[0]
    expected = (f"error[io-error]: no published reports yet: {default_store_path(folder)} does not exist; "
                "publish one with 'portfolio publish <portfolio> --period YYYY-MM'")
    assert expected == line.split(": ", 1)[1]


def test_report_uses_the_default_store(folder, capsys):
    """With July published in PATH/.portfolio, 'report monthly' for August compares with that report, not April."""
    assert 0 == main(["publish", str(folder), "--period", "2023-07"])
    capsys.readouterr()
    assert 0 == main(["report", "monthly", str(folder), "--period", "2023-08", "--lang", "en"])
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("Compared with"))
    assert "Compared with: the published report of July 2023" == line


def test_report_never_creates_the_default_store(folder, capsys):
    """Without a published report, 'report monthly' compares with the previous status update and creates no store."""
    assert 0 == main(["report", "monthly", str(folder), "--period", "2023-08", "--lang", "en"])
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Compared with"))
    assert ("Compared with: the status update of 28 April 2023", False) == (line, default_store_path(folder).parent.exists())


@pytest.mark.parametrize("command", [["slippage"], ["publish"], ["report", "monthly"]])
def test_help_names_the_baseline_in_force(command, capsys):
    """The help says the default baseline is the one in force on the status date, never "the current one"."""
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert (True, False) == ("in force on the status date" in text, "the current" in text)


def test_report_help_says_md_goes_to_stdout(capsys):
    """'report monthly --help' says text and md go to standard output; only html, xlsx and csv need -o."""
    with pytest.raises(SystemExit):
        main(["report", "monthly", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "Text and md go to standard output unless -o FILE is given; html, xlsx and csv need -o" in text


def test_publish_after_a_later_period_warns(folder, capsys):
    """Publishing July after August is already published still publishes, with a warning on stderr."""
    assert 0 == main(["publish", str(folder), "--period", "2023-08"])
    capsys.readouterr()
    assert 0 == main(["publish", str(folder), "--period", "2023-07"])
    out, err = capsys.readouterr()
    expected = ("portfolio publish: warning: a later period is already published (2023-08); 2023-07 is published "
                "anyway, but the report of 2023-08 did not compare with it\n")
    assert (expected, True) == (err, "published 2023-07 version 1" in out)


def test_report_on_a_period_after_the_last_status_update_warns(capsys):
    """January 2030 shows the state of 29 December 2023: a warning on stderr and in the report's header."""
    assert 0 == main(["report", "monthly", str(EXAMPLE), "--period", "2030-01", "--lang", "en"])
    out, err = capsys.readouterr()
    expected = ("portfolio report: warning: the latest status update (29 December 2023) is before 2030-01; the "
                "report shows that state\n")
    header = "Note: the latest status update (29 December 2023) is before January 2030; the report shows that state"
    assert (expected, header) == (err, out.splitlines()[4])
