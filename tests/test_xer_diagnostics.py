"""The P6 import's diagnostics: bad XER input gives located diagnostics (file, line, column), never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.cli import main
from portfolio.diagnostics import CODES, Severity
from portfolio.io import load
from portfolio.io.p6 import load_xer, parse_xer
from xer_builder import PROJECT, pred, task, xer

NETWORK = Path(__file__).parent / "fixtures" / "xer" / "network.xer"
GOOD = NETWORK.read_bytes()


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def _replace_line(data: bytes, number: int, line: bytes) -> bytes:
    lines = _lines(data)
    lines[number - 1] = line
    return b"".join(lines)


def _line_of(data: bytes, start: bytes) -> int:
    return next(i for i, line in enumerate(_lines(data), start=1) if line.startswith(start))


TASK_ROW = _line_of(GOOD, b"%R\t1000\t")
#: (name, the bad file, the diagnostic expected: code and line)
CASES = [
    ("not-xer", b"<Project/>\n", ("xer-syntax", 1)),
    ("unknown-line", _replace_line(GOOD, 5, b"%X\tCALENDAR\n"), ("xer-syntax", 5)),
    ("table-twice", GOOD.replace(b"%T\tTASKPRED", b"%T\tTASK"), ("xer-syntax", _line_of(GOOD, b"%T\tTASKPRED"))),
    ("truncated", GOOD[:GOOD.index(b"%R\t1020")], ("xer-truncated", _line_of(GOOD, b"%R\t1010"))),
    ("no-task-table", GOOD[:GOOD.index(b"%T\tTASK\n")] + b"%E\n", ("xer-missing", _line_of(GOOD, b"%T\tTASK\n") - 1)),
    ("no-field", GOOD.replace(b"\ttarget_drtn_hr_cnt", b"\ttarget_hours"), ("xer-missing", TASK_ROW - 1)),
    ("progress-without-data-date", xer([task(1, status_code="TK_Active", act_start_date="2024-01-08 08:00")],
                                       project={"last_recalc_date": ""}), ("xer-missing", 4)),
    ("extra-value", _replace_line(GOOD, TASK_ROW, _lines(GOOD)[TASK_ROW - 1].rstrip(b"\n") + b"\t1\t2\n"),
     ("xer-field-count", TASK_ROW)),
    ("bad-date", GOOD.replace(b"2024-01-08 08:00\t0", b"2024-13-45 08:00\t0"), ("xer-bad-value", 4)),
    ("infinite-hours", GOOD.replace(b"Build\t80\t80", b"Build\tinf\t80"), ("xer-bad-value", TASK_ROW)),
    ("huge-hours", GOOD.replace(b"Build\t80\t80", b"Build\t1e300\t80"), ("xer-bad-value", TASK_ROW)),
    ("negative-hours", GOOD.replace(b"Build\t80\t80", b"Build\t-80\t80"), ("xer-bad-value", TASK_ROW)),
    ("deep-calendar", GOOD.replace(b"(0||7()())))(0||Exceptions()())))", b"(0||7()(" * 200 + b")" * 400),
     ("xer-bad-value", _line_of(GOOD, b"%R\t9\t"))),
    ("nan-lag", GOOD.replace(b"PR_SS\t40", b"PR_SS\tnan"), ("xer-bad-value", _line_of(GOOD, b"%R\t1010\t1000"))),
    ("bad-relation-type", GOOD.replace(b"PR_SS", b"PR_XX"), ("xer-bad-value", _line_of(GOOD, b"%R\t1010\t1000"))),
    ("bad-calendar-data", GOOD.replace(b"(0||7()())))(0||Exceptions()())))", b"(0||7()()"),
     ("xer-bad-value", _line_of(GOOD, b"%R\t9\t"))),
    ("unknown-calendar", GOOD.replace(b"%R\t1000\t1\t3\t9", b"%R\t1000\t1\t3\t77"), ("xer-bad-value", TASK_ROW)),
    ("finish-before-start", xer([task(1, status_code="TK_Complete", act_start_date="2024-01-08 08:00",
                                     act_end_date="2024-01-03 17:00")], project={"last_recalc_date": "2024-01-31 17:00"}),
     ("xer-bad-value", 14)),
    ("level-of-effort", GOOD.replace(b"TT_Task\tTK_NotStart\tA1000", b"TT_LOE\tTK_NotStart\tA1000"),
     ("xer-unsupported", TASK_ROW)),
]


@pytest.mark.parametrize(("name", "data", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_located(name: str, data: bytes, expected: tuple[str, int], tmp_path: Path) -> None:
    """Each kind of bad input gives its code at the line of the problem, with a hint, through io.load."""
    path = tmp_path / f"{name}.xer"
    path.write_bytes(data)
    _portfolio, diagnostics = load(path)
    found = [(d.code, d.source.line if d.source else 0) for d in diagnostics]
    assert expected in found
    for d in diagnostics:
        assert d.source is not None, d
        assert (str(path), True, True) == (d.source.file, d.source.line > 0, d.source.column > 0), d
        assert d.hint, d


def test_every_xer_code_is_triggered() -> None:
    """Every registered xer-* code is triggered by a case above, with its registered severity."""
    triggered = {expected[0] for _name, _data, expected in CASES}
    assert {code for code in CODES if code.startswith("xer-")} == triggered


def test_value_column_is_located() -> None:
    """A bad value is located at its own column, not just its row."""
    (found,) = parse_xer(GOOD.replace(b"Build\t80\t80", b"Build\tinf\t80"), "p.xer").diagnostics
    line = _lines(GOOD)[TASK_ROW - 1].decode()
    assert line.index("80\t80") + 1 == found.source.column


def test_errors_make_check_fail_and_warnings_do_not(tmp_path: Path) -> None:
    """`portfolio check` exits 1 on a truncated file and 0 on a file with only a warning."""
    truncated, warned = tmp_path / "cut.xer", tmp_path / "loe.xer"
    truncated.write_bytes(GOOD[:GOOD.index(b"%T\tTASKPRED")])
    warned.write_bytes(xer([task(1, 16, task_type="TT_LOE")]))
    assert (1, 0) == (main(["check", str(truncated)]), main(["check", str(warned)]))
    assert Severity.WARNING is CODES["xer-unsupported"].severity


def test_duplicate_activity_codes_get_unique_ids() -> None:
    """Two activities with the same code both load: the second gets its task_id as id; a third clash is refused."""
    portfolio, diagnostics = parse_xer(xer([task(1, task_code="A1"), task(2, task_code="A1")], [pred(2, 1)]))
    assert (["a1", "t2"], ()) == (list(portfolio.activities), diagnostics)
    tasks = [task(1, task_code="A1"), task(2, task_code="T3"), task(3, task_code="A1")]
    portfolio, diagnostics = parse_xer(xer(tasks), "p.xer")
    assert (["a1", "t3"], [("xer-bad-value", 16)]) == (list(portfolio.activities),
                                                       [(d.code, d.source.line) for d in diagnostics])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(0, len(GOOD)), junk=st.binary(max_size=40), at=st.integers(0, len(GOOD)))
def test_damaged_files_never_raise(cut: int, junk: bytes, at: int) -> None:
    """A file cut anywhere, with bytes inserted anywhere, loads with located diagnostics and no exception."""
    data = GOOD[:at] + junk + GOOD[at:cut] if at < cut else GOOD[:cut]
    portfolio, diagnostics = parse_xer(data, "damaged.xer")
    assert all(d.source is not None and d.source.line > 0 for d in diagnostics)
    assert len(portfolio.activities) <= 4


def test_a_fifo_named_xer_is_refused_at_once(tmp_path: Path) -> None:
    """A FIFO called plan.xer is an io-error naming what it is, not a read that blocks for ever (docs review)."""
    fifo = tmp_path / "plan.xer"
    os.mkfifo(fifo)
    diagnostics = load_xer(fifo).diagnostics
    assert [("io-error", True)] == [(d.code, "FIFO" in d.message) for d in diagnostics]


def test_a_date_outside_the_calendar_horizon_is_a_located_error() -> None:
    """A project start in 1950 is xer-bad-value (outside 1990-2100), not silently accepted (docs review)."""
    data = xer([task(1)], project={**PROJECT, "plan_start_date": "1950-01-09 08:00"})
    codes = [(d.code, "horizon" in d.message) for d in parse_xer(data, "p.xer").diagnostics]
    assert ("xer-bad-value", True) in codes
