"""The file layer: records shaped exactly like the YAML, structured by cattrs.

These mirror the sections of a portfolio file (see ``docs/format.md``), not
the domain model: ids are still local, durations still text. The loader
structures each list item on its own, so one bad record never hides the
others, and turns cattrs' errors into located diagnostics.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import Any, Final

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, override

from portfolio.model import (
    ActivityKind,
    Approach,
    AssignmentStatus,
    ConstraintType,
    PlatformKind,
    Rag,
    RelationType,
)

__all__ = ["CONVERTER", "SECTIONS", "BadDateError", "BadValueError", "WrongTypeError"]


class WrongTypeError(TypeError):
    """A value of the wrong kind (text where a list belongs, ...)."""


class BadDateError(ValueError):
    """A value that should be a date but is none; ``hint`` says how to write it."""

    def __init__(self, message: str, hint: str = "write dates as 2023-10-02") -> None:
        super().__init__(message)
        self.hint = hint


class BadValueError(ValueError):
    """A value outside the allowed choices."""

    def __init__(self, value: Any, allowed: list[str]) -> None:
        super().__init__(f"{value!r} is not one of {', '.join(allowed)}")
        self.value = value
        self.allowed = allowed


Items = list[Any]  # nested records, structured one by one by the loader


@attrs.frozen(kw_only=True)
class RawSettings:
    name: str = "portfolio"
    description: str = ""
    calendar: str = "rijk"
    start: dt.date | None = None
    key_milestones: list[str] = attrs.Factory(list)
    critical_float: int = 0
    lag_from_actual_start: bool = False


@attrs.frozen(kw_only=True)
class RawClosed:
    from_: dt.date
    to: dt.date
    reason: str = ""


@attrs.frozen(kw_only=True)
class RawCalendar:
    id: str
    name: str = ""
    base: str = "rijk"
    workweek: list[str] = attrs.Factory(lambda: ["mon", "tue", "wed", "thu", "fri"])
    closed: Items = attrs.Factory(list)
    open: list[dt.date] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class RawActivity:
    id: str
    name: str = ""
    duration: Any = None
    kind: ActivityKind = ActivityKind.TASK
    calendar: str | None = None
    after: Items = attrs.Factory(list)
    constraint: Any = None
    deadline: dt.date | None = None
    platform: str | None = None
    service: str | None = None
    migration: str | None = None
    description: str = ""


@attrs.frozen(kw_only=True)
class RawPredecessor:
    id: str
    type: RelationType = RelationType.FS
    lag: Any = 0


@attrs.frozen(kw_only=True)
class RawConstraint:
    type: ConstraintType
    date: dt.date


@attrs.frozen(kw_only=True)
class RawPlatform:
    id: str
    name: str
    kind: PlatformKind = PlatformKind.OTHER
    description: str = ""
    contract_end: dt.date | None = None
    ready: str | None = None
    exit: str | None = None
    activities: Items = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class RawMigration:
    id: str
    name: str = ""
    source: str | None = None
    target: str | None = None
    candidates: list[str] = attrs.Factory(list)
    decision: str | None = None
    approach: Approach = Approach.REHOST
    fallback: str = ""
    description: str = ""
    activities: Items = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class RawService:
    id: str
    name: str
    domain: str = ""
    owner: str = ""
    platform: str | None = None
    availability_norm: float | None = None
    depends_on: list[str] = attrs.Factory(list)
    description: str = ""
    migrations: Items = attrs.Factory(list)
    activities: Items = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class RawRelation:
    from_: str
    to: str
    type: RelationType = RelationType.FS
    lag: Any = 0


@attrs.frozen(kw_only=True)
class RawFreezeWindow:
    id: str
    name: str = ""
    from_: dt.date
    to: dt.date
    platforms: list[str] = attrs.Factory(list)
    services: list[str] = attrs.Factory(list)
    reason: str = ""


@attrs.frozen(kw_only=True)
class RawAssignment:
    id: str
    title: str
    client: str = ""
    contractor: str = ""
    owner: str = ""
    status: AssignmentStatus = AssignmentStatus.PLANNED
    phase: str = ""
    services: list[str] = attrs.Factory(list)
    migrations: list[str] = attrs.Factory(list)
    activities: list[str] = attrs.Factory(list)
    key_milestones: list[str] = attrs.Factory(list)
    budget: float | None = None
    explanation: str = ""


@attrs.frozen(kw_only=True)
class RawBaselineEntry:
    start: dt.date
    finish: dt.date


@attrs.frozen(kw_only=True)
class RawBaseline:
    name: str
    title: str = ""
    captured: dt.date | None = None
    current: bool = False
    replaces: str | None = None
    reason: str = ""
    activities: dict[str, Any] = attrs.Factory(dict)


@attrs.frozen(kw_only=True)
class RawProgress:
    actual_start: dt.date | None = None
    actual_finish: dt.date | None = None
    remaining: Any = None
    percent_complete: float | None = None


@attrs.frozen(kw_only=True)
class RawAssignmentReport:
    realised: float | None = None
    status: AssignmentStatus | None = None
    rag: Rag | None = None
    explanation: str = ""


@attrs.frozen(kw_only=True)
class RawStatus:
    date: dt.date
    comments: str = ""
    activities: dict[str, Any] = attrs.Factory(dict)
    availability: dict[str, float] = attrs.Factory(dict)
    assignments: dict[str, Any] = attrs.Factory(dict)
    finance: list[Any] = attrs.Factory(list)
    finance_notes: list[Any] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class RawFinanceLine:
    id: str
    name: str
    group: str = ""
    budget: float
    realised: float | None = None
    forecast: float | None = None


@attrs.frozen(kw_only=True)
class RawFinanceNote:
    group: str = ""
    text: str
    amount: float | None = None


@attrs.frozen(kw_only=True)
class RawRules:
    sets: list[str] = attrs.Factory(list)
    enable: list[str] = attrs.Factory(list)
    disable: list[str] = attrs.Factory(list)
    severity: dict[str, Any] = attrs.Factory(dict)
    parameters: dict[str, Any] = attrs.Factory(dict)
    load: list[str] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class RawWaiver:
    rule: str
    subject: str | None = None
    reason: str
    accepted_by: str
    expires: dt.date
    accepted: dt.date | None = None


#: Top-level sections: key -> (record class, True when the section is a list).
SECTIONS: Final[dict[str, tuple[type, bool]]] = {
    "portfolio": (RawSettings, False),
    "calendars": (RawCalendar, True),
    "platforms": (RawPlatform, True),
    "services": (RawService, True),
    "activities": (RawActivity, True),
    "relations": (RawRelation, True),
    "freeze_windows": (RawFreezeWindow, True),
    "assignments": (RawAssignment, True),
    "baseline": (RawBaseline, False),
    "status": (RawStatus, False),
    "rules": (RawRules, False),
    "waivers": (RawWaiver, True),
}

#: Field names renamed from the YAML key (``from`` is a Python keyword).
RENAMED: Final = {"from_": "from"}


def _strict_str(value: Any, _type: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise WrongTypeError(f"expected text, got {_kind(value)}")
    if isinstance(value, int | float | dt.date):
        return str(value)
    raise WrongTypeError(f"expected text, got {_kind(value)}")


def _strict_int(value: Any, _type: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongTypeError(f"expected a whole number, got {_kind(value)}")
    return value


def _strict_float(value: Any, _type: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WrongTypeError(f"expected a number, got {_kind(value)}")
    return float(value)


def _strict_bool(value: Any, _type: Any) -> bool:
    if not isinstance(value, bool):
        raise WrongTypeError(f"expected true or false, got {_kind(value)}")
    return value


_MONTHS: Final = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                   "October", "November", "December")
_YMD: Final = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")


def _bad_date(text: str) -> BadDateError:
    """Why ``text`` is no date: a day that does not exist (the format was right), or not a date at all.

    >>> str(_bad_date("2023-02-30"))
    '2023-02-30 is not a day: February 2023 has 28 days'
    """
    match = _YMD.match(text)
    if match is None:
        return BadDateError(f"{text!r} is not a date")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return BadDateError(f"{text} is not a day: a year has 12 months", hint="correct the month (YYYY-MM-DD)")
    days = calendar.monthrange(year, month)[1]
    name = _MONTHS[month - 1]
    return BadDateError(f"{text} is not a day: {name} {year} has {days} days", hint=f"correct the day (1 to {days})")


def _date(value: Any, _type: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise _bad_date(value.strip()) from None
    raise BadDateError(f"expected a date such as 2023-10-02, got {_kind(value)}")


def _list_of(item_hook: Any) -> Any:
    def structure(value: Any, _type: Any) -> list[Any]:
        if not isinstance(value, list):
            raise WrongTypeError(f"expected a list, got {_kind(value)}; write [a, b] or one '- item' per line")
        return [item_hook(v, None) for v in value]

    return structure


def _items(value: Any, _type: Any) -> list[Any]:
    if not isinstance(value, list):
        raise WrongTypeError(f"expected a list, got {_kind(value)}")
    return value


def _mapping(value: Any, _type: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise WrongTypeError(f"expected a mapping (key: value), got {_kind(value)}")
    return value


def _float_mapping(value: Any, _type: Any) -> dict[str, float]:
    mapping = _mapping(value, _type)
    return {k: _strict_float(v, None) for k, v in mapping.items()}


def _enum(enum_type: Any) -> Any:
    allowed = [member.value for member in enum_type]

    def structure(value: Any, _type: Any) -> Any:
        try:
            return enum_type(value)
        except ValueError:
            if isinstance(value, str):
                folded = value.strip().lower() if enum_type is not RelationType else value.strip().upper()
                for member in enum_type:
                    if member.value.lower() == folded.lower():
                        return member
            raise BadValueError(value, allowed) from None

    return structure


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"{value!r}"


def _is(generic: Any) -> Callable[[Any], bool]:
    def predicate(candidate: Any) -> bool:
        return bool(candidate == generic)

    return predicate


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(float, _strict_float)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_structure_hook(dt.date, _date)
    for generic, hook in (
        (list[str], _list_of(_strict_str)),
        (list[dt.date], _list_of(_date)),
        (Items, _items),
        (dict[str, Any], _mapping),
        (dict[str, float], _float_mapping),
    ):
        conv.register_structure_hook_func(_is(generic), hook)
    for enum_type in (ActivityKind, Approach, AssignmentStatus, ConstraintType, PlatformKind, Rag, RelationType):
        conv.register_structure_hook(enum_type, _enum(enum_type))
    for cls in (RawClosed, RawRelation, RawFreezeWindow):
        conv.register_structure_hook(
            cls, make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True, from_=override(rename="from"))
        )
    return conv


#: The converter every raw record goes through.
CONVERTER: Final = _make_converter()


def field_names(cls: type) -> list[str]:
    """The YAML keys a raw record accepts."""
    return [RENAMED.get(f.name, f.name) for f in attrs.fields(cls)]
