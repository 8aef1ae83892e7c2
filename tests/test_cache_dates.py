"""The load cache keeps dates as day numbers (format 2): exact both ways, and a number no date has is damage."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio.io import _cache


@given(st.lists(st.dates(), max_size=40))
def test_dates_round_trip_exactly(days: list[dt.date]) -> None:
    codec = _cache._codec(dt.date)
    back = codec.decode(codec.encode(days), len(days))
    assert back == days
    assert all(type(d) is dt.date for d in back)


def test_the_first_and_last_dates_python_has_round_trip() -> None:
    codec = _cache._codec(dt.date)
    days = [dt.date.min, dt.date(2024, 2, 29), dt.date.max] * 6  # 18 values: packed as machine integers
    assert codec.decode(codec.encode(days), len(days)) == days


@pytest.mark.parametrize("numbers", [[0], [-1], [dt.date.max.toordinal() + 1], [1, 2, 0] * 6])
def test_a_day_number_no_date_has_is_damage(numbers: list[int]) -> None:
    data = _cache._INTEGERS.encode(numbers)
    with pytest.raises(_cache.DamagedError):
        _cache._codec(dt.date).decode(data, len(numbers))


@pytest.mark.parametrize("data", [["2024-01-02"], [True], [1.5], {"x": "AAAA"}])
def test_text_booleans_and_foreign_columns_are_damage(data: object) -> None:
    with pytest.raises((_cache.DamagedError, ValueError)):
        _cache._codec(dt.date).decode(data, 1)


def test_a_datetime_is_not_a_date_here() -> None:
    with pytest.raises(_cache.UnfitError):
        _cache._codec(dt.date).encode([dt.datetime(2024, 1, 2, 3, 4)])
