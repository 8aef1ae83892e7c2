"""Every argument is checked before any work: one line, argparse style, exit 2 — and an output never replaces an input.

Dates and periods have one parser each (``cli/_common.py``) with one message,
inside the calendar horizon; paths must fit the file system; ``-o`` over one
of the portfolio's own files is refused unless ``--force``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portfolio.calendar import HORIZON_FIRST, HORIZON_LAST
from portfolio.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "logius"

LONG = "x" * 300


def usage_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """The one-line message of an argument error (exit 2, nothing on standard output)."""
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    out, err = capsys.readouterr()
    assert (stopped.value.code, out) == (2, "")
    assert "Traceback" not in err
    return err.splitlines()[-1]


#: Every command with a date option, and the option.
DATE_OPTIONS = [
    (["check", str(EXAMPLE)], "--as-of"),
    (["schedule", str(EXAMPLE)], "--status-date"),
    (["slippage", str(EXAMPLE)], "--status-date"),
    (["baseline", "capture", str(EXAMPLE), "--name", "b"], "--status-date"),
]


@pytest.mark.parametrize(("argv", "option"), DATE_OPTIONS, ids=lambda x: x if isinstance(x, str) else x[0])
@pytest.mark.parametrize("text", ["2023-13-01", "20230801", "2023-W01-1", "31-08-2023", "2023-02-30"])
def test_one_date_message(capsys: pytest.CaptureFixture[str], argv: list[str], option: str, text: str) -> None:
    """Every date option says the same thing about what is not a date (fromisoformat's words never show)."""
    command = " ".join(argv[:2] if argv[0] == "baseline" else argv[:1])
    assert usage_error(capsys, [*argv, option, text]) == (
        f"portfolio {command}: error: argument {option}: '{text}' is not a date; write YYYY-MM-DD, e.g. 2023-08-31")


@pytest.mark.parametrize(("argv", "option"), DATE_OPTIONS, ids=lambda x: x if isinstance(x, str) else x[0])
def test_dates_inside_the_horizon(capsys: pytest.CaptureFixture[str], argv: list[str], option: str) -> None:
    """A date outside the calendar horizon is refused before scheduling, with the horizon in the message."""
    for day in (HORIZON_FIRST.replace(day=1).replace(year=HORIZON_FIRST.year - 1), HORIZON_LAST.replace(year=9999)):
        message = usage_error(capsys, [*argv, option, day.isoformat()])
        assert message.endswith(f"'{day.isoformat()}' is outside the calendar horizon; give a date from "
                                f"{HORIZON_FIRST.isoformat()} to {HORIZON_LAST.isoformat()}")


PERIOD_COMMANDS = [
    ["publish", str(EXAMPLE)],
    ["published", str(EXAMPLE)],
    ["report", "monthly", str(EXAMPLE)],
]


@pytest.mark.parametrize("argv", PERIOD_COMMANDS, ids=lambda a: a[0])
def test_one_period_parser(capsys: pytest.CaptureFixture[str], argv: list[str], tmp_path: Path) -> None:
    """--period: one message for what is no month, and the horizon; publish 9999-12 no longer exits 0."""
    store = ["--store", str(tmp_path / "s.sqlite")]
    assert usage_error(capsys, [*argv, *store, "--period", "2023-13"]).endswith(
        "argument --period: '2023-13' is not a period; write YYYY-MM, e.g. 2023-08")
    assert usage_error(capsys, [*argv, *store, "--period", "9999-12"]).endswith(
        "argument --period: '9999-12' is outside the calendar horizon; give a month from 1990-01 to 2100-12")
    assert not (tmp_path / "s.sqlite").exists()


#: Where a path goes on each command's line.
PATH_PLACES = [
    ["check", "{}"],
    ["schedule", "{}"],
    ["schedule", str(EXAMPLE), "-o", "{}"],
    ["slippage", str(EXAMPLE), "-o", "{}"],
    ["history", str(EXAMPLE), "-o", "{}"],
    ["check", str(EXAMPLE), "-o", "{}"],
    ["report", "monthly", str(EXAMPLE), "--period", "2023-08", "-o", "{}"],
    ["report", "monthly", str(EXAMPLE), "--period", "2023-08", "--store", "{}"],
    ["publish", str(EXAMPLE), "--period", "2023-08", "--store", "{}"],
    ["published", "{}"],
    ["baseline", "capture", str(EXAMPLE), "--name", "b", "-o", "{}"],
]


@pytest.mark.parametrize("argv", PATH_PLACES, ids=lambda a: " ".join(a[:1] + a[-2:]))
@pytest.mark.parametrize("path", [LONG, f"out/{LONG}.csv", "a/" * 2100, "bad\0name"],
                         ids=["long-name", "long-file-name", "long-path", "nul"])
def test_paths_the_file_system_cannot_take(capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str],
                                           path: str) -> None:
    """A name over 255 bytes, a path over 4095 or a NUL: an argument error naming the limit, before any work."""
    message = usage_error(capsys, [a.format(str(tmp_path / path) if "/" in path else path) for a in argv])
    assert "takes at most" in message or "NUL" in message
    assert len(message) < 300  # the path is cut in the message


def test_a_long_baseline_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--name of 300 characters cannot become NAME.yaml: an argument error, no file written."""
    folder = tmp_path / "logius"
    shutil.copytree(EXAMPLE, folder)
    message = usage_error(capsys, ["baseline", "capture", str(folder), "--name", LONG, "--reason", "x"])
    assert message == ("portfolio baseline capture: error: argument --name: a baseline name of 300 characters is "
                       "too long: NAME.yaml must fit in a file name, so at most 250")
    assert sorted(p.name for p in (folder / "baselines").iterdir()) == ["original-2023.yaml", "replan-2023.yaml"]


def test_unknown_rule_sets_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    """check --rules acict,foo: exit 2 listing the known sets (the portfolio's rules.yaml is not blamed)."""
    assert usage_error(capsys, ["check", str(EXAMPLE), "--rules", "acict,foo"]) == (
        "portfolio check: error: argument --rules: unknown rule set 'foo'; choose from acict, dcma, capacity, or 'none'")


# --- an output over an input ---------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "logius"
    shutil.copytree(EXAMPLE, copy)
    return copy


OUTPUTS = [
    ["schedule", "{p}", "-o", "{o}"],
    ["slippage", "{p}", "-o", "{o}"],
    ["history", "{p}", "-o", "{o}"],
    ["check", "{p}", "-o", "{o}"],
    ["report", "monthly", "{p}", "--period", "2023-08", "--format", "md", "-o", "{o}"],
    ["baseline", "capture", "{p}", "--name", "b", "--reason", "x", "-o", "{o}"],
]


@pytest.mark.parametrize("argv", OUTPUTS, ids=lambda a: a[0])
def test_an_input_file_is_not_replaced(folder: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """-o PATH/portfolio.yaml (or a link to it) is refused with exit 2; the file is untouched."""
    target = folder / "portfolio.yaml"
    before = target.read_bytes()
    link = folder.parent / "link.yaml"
    link.symlink_to(target)
    for output in (target, link):
        assert 2 == main([a.format(p=folder, o=output) for a in argv])
        assert capsys.readouterr().err.splitlines()[-1].endswith(
            f"is the portfolio's own input file {target}; write elsewhere, or give --force to replace it")
    assert target.read_bytes() == before


def test_the_store_is_an_input_of_the_report(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """report monthly -o onto the store it compares with is refused: the published record is not replaced."""
    store = folder / ".portfolio" / "published.sqlite"
    assert 0 == main(["publish", str(folder), "--period", "2023-08"])
    before = store.read_bytes()
    assert 2 == main(["report", "monthly", str(folder), "--period", "2023-12", "--format", "md", "-o", str(store)])
    assert capsys.readouterr().err.splitlines()[-1].endswith(f"is the portfolio's own input file {store}; write "
                                                             "elsewhere, or give --force to replace it")
    assert store.read_bytes() == before


def test_force_replaces_an_input_file(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--force writes over it (the user said so); a file outside the portfolio needs no --force."""
    outside = folder.parent / "schedule.csv"
    outside.write_text("old\n", encoding="utf-8")
    assert 0 == main(["schedule", str(folder), "-o", str(outside)])
    assert outside.read_text(encoding="utf-8").startswith("id,name,start")
    assert 0 == main(["schedule", str(folder), "-o", str(folder / "services" / "digipoort.yaml"), "--force",
                      "--format", "csv"])
    assert (folder / "services" / "digipoort.yaml").read_text(encoding="utf-8").startswith("id,name,start")
    capsys.readouterr()


def test_a_single_file_portfolio(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A one-file portfolio is its own input: -o onto it is refused."""
    plan = tmp_path / "plan.yaml"
    plan.write_text("services:\n  - id: a\n    name: A\n    activities:\n      - {id: build, duration: 5d}\n",
                    encoding="utf-8")
    assert 2 == main(["schedule", str(plan), "-o", str(plan)])
    assert plan.read_text(encoding="utf-8").startswith("services:")
    assert "own input file" in capsys.readouterr().err


def test_an_output_in_a_missing_folder_names_the_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`-o reports/plan.csv` before `reports/` exists: exit 2, the folder named with the way out, nothing written."""
    target = tmp_path / "reports" / "plan.csv"
    assert 2 == main(["schedule", str(EXAMPLE), "--format", "csv", "-o", str(target)])
    assert f"the folder '{target.parent}' does not exist; create it first" in capsys.readouterr().err
    assert not target.parent.exists()
