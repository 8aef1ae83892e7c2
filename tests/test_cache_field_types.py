"""The load cache's field types, evaluated once per annotation text, are exactly ``typing.get_type_hints``'s."""

from __future__ import annotations

import importlib
import pkgutil
import typing

import attrs
import pytest

import portfolio
from portfolio.io._cache_format import field_types


def _records() -> list[type]:
    """Every attrs class of the package (all its modules imported; those of an optional extra not installed left out)."""
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(portfolio.__path__, "portfolio."):
        if info.name.endswith("__main__"):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and attrs.has(value) and value.__module__.startswith("portfolio"):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


RECORDS = _records()


def test_there_are_records_to_check() -> None:
    assert len(RECORDS) > 100


@pytest.mark.parametrize("kind", RECORDS, ids=lambda k: f"{k.__module__}.{k.__qualname__}")
def test_field_types_are_get_type_hints(kind: type) -> None:
    try:
        expected = typing.get_type_hints(kind)
    except NameError:  # an annotation naming a type imported only for the type checker: not a cached record
        pytest.skip("get_type_hints cannot resolve it either")
    assert field_types(kind) == expected
