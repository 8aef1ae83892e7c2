"""The text report's tables: byte for byte what tabulate's ``simple`` format writes, on generated tables.

tabulate is the independent source: `simple_table` writes plain tables
itself (to keep tabulate's import out of the text report's start-up) and
must give exactly tabulate's bytes, on every table it writes and on those
it hands to tabulate.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from portfolio.report._simple_table import plain, simple_table

#: Letters the report's tables hold (Dutch, arrows, the euro), and some that need tabulate's care.
PLAIN = "abcXYZ019 -.,:;/()%€→é×ëĳ–—“”'#_"
AWKWARD = ["\n", "\r", "\t", "\x1b[31m", "\x1b[0m", "\u0301", "\u200b", "\u00a0", "两", "🙂", "\u00ad", "\x01", "\ufe0f"]

plain_text = st.text(alphabet=PLAIN, max_size=12)
any_text = st.lists(st.one_of(plain_text, st.sampled_from(AWKWARD)), max_size=4).map("".join)


def oracle(headers: list[str], rows: list[list[str]]) -> str:
    return tabulate(rows, headers=headers, disable_numparse=True)


@st.composite
def tables(draw: st.DrawFn, text: st.SearchStrategy[str]) -> tuple[list[str], list[list[str]]]:
    columns = draw(st.integers(min_value=1, max_value=5))
    headers = draw(st.lists(text, min_size=columns, max_size=columns))
    rows = draw(st.lists(st.lists(text, min_size=columns, max_size=columns), max_size=6))
    return headers, rows


@settings(max_examples=300, deadline=None)
@given(tables(plain_text))
@example((["Mijlpaal", "Prognose"], [["EASI uitgefaseerd", "27 september 2024"], ["  ", "+12 wd"]]))
@example((["a"], []))
@example((["", ""], [["", ""]]))
@example((["True", "1"], [["False", "2.50"], ["1e3", "-3"]]))  # numbers and booleans stay text, left-aligned
def test_plain_tables_are_written_here_as_tabulate_writes_them(table: tuple[list[str], list[list[str]]]) -> None:
    headers, rows = table
    assert all(plain(t) for t in (*headers, *(c for r in rows for c in r)))  # the fast path writes them
    assert simple_table(headers, rows) == oracle(headers, rows)


@settings(max_examples=300, deadline=None)
@given(tables(any_text))
@example((["id"], [["regel 1\nregel 2"]]))
@example((["x"], [["\x1b[31mrood\x1b[0m"]]))
def test_every_table_is_what_tabulate_writes(table: tuple[list[str], list[list[str]]]) -> None:
    headers, rows = table
    assert simple_table(headers, rows) == oracle(headers, rows)


@pytest.mark.parametrize("text", AWKWARD)
def test_what_needs_tabulate_is_not_plain(text: str) -> None:
    assert not plain(f"a{text}b")


def test_rows_of_another_length_go_to_tabulate() -> None:
    headers, rows = ["a", "b", "c"], [["1"], ["1", "2", "3", "4"]]
    assert simple_table(headers, rows) == oracle(headers, rows)
