"""The load cache keeps dates as day numbers (since format 2): exact both ways, and a number no date has is damage."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio.io import _cache_columns as columns
from portfolio.io import _cache_format as fmt


def round_trip(codec: Any, values: list[Any]) -> list[Any]:
    """``values`` encoded by ``codec`` and decoded again, through a binary block as a file has it."""
    out = fmt._Out()
    data = codec.encode(values, out)
    block = fmt._In(memoryview(b"".join(out.parts)))
    back: list[Any] = codec.decode(data, len(values), block)
    assert block.at == len(block.block)  # every byte of the block used
    return back


@given(st.lists(st.dates(), max_size=40))
def test_dates_round_trip_exactly(days: list[dt.date]) -> None:
    back = round_trip(fmt._codec(dt.date), days)
    assert back == days
    assert all(type(d) is dt.date for d in back)


def test_the_first_and_last_dates_python_has_round_trip() -> None:
    days = [dt.date.min, dt.date(2024, 2, 29), dt.date.max] * 6  # 18 values: packed as machine integers
    assert round_trip(fmt._codec(dt.date), days) == days


@pytest.mark.parametrize("numbers", [[0], [-1], [dt.date.max.toordinal() + 1], [1, 2, 0] * 6])
def test_a_day_number_no_date_has_is_damage(numbers: list[int]) -> None:
    out = fmt._Out()
    data = columns._INTEGERS.encode(numbers, out)
    with pytest.raises(fmt.DamagedError):
        fmt._codec(dt.date).decode(data, len(numbers), fmt._In(memoryview(b"".join(out.parts))))


@pytest.mark.parametrize("data", [["2024-01-02"], [True], [1.5], {"x": 1}, {"B": 2}, {"B": "1"}])
def test_text_booleans_and_foreign_columns_are_damage(data: object) -> None:
    with pytest.raises((fmt.DamagedError, ValueError)):
        fmt._codec(dt.date).decode(data, 1, fmt._In(memoryview(b"\x01")))


def test_a_datetime_is_not_a_date_here() -> None:
    with pytest.raises(fmt.UnfitError):
        fmt._codec(dt.date).encode([dt.datetime(2024, 1, 2, 3, 4)], fmt._Out())
