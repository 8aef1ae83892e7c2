"""The file layer: records shaped exactly like the YAML, structured by cattrs.

These mirror the sections of a portfolio file (see ``docs/format.md``), not
the domain model: ids are still local, durations still text. The loader
structures each list item on its own, so one bad record never hides the
others, and turns cattrs' errors into located diagnostics.
"""

# duplicates: the Raw* records mirror model.py's records on purpose: the file's shape (local ids, text durations) beside the domain's.
# size: the raw record of every section of the file format and the converter hooks they share: one table of the file's shape (SECTIONS) and the records it names.

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any, Final, NewType

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, override

from portfolio import _months
from portfolio.io._values import (
    FIRST_DATE,
    LAST_DATE,
    MAX_AMOUNT,
    MAX_DAYS,
    WrittenFloat,
    english_choice,
    number_text,
    short,
)
from portfolio.model import (
    ActivityKind,
    Approach,
    AssignmentStatus,
    ConstraintType,
    PlatformKind,
    Rag,
    RelationType,
    Spread,
)

__all__ = [
    "CONVERTER",
    "SECTIONS",
    "BadDateError",
    "BadValueError",
    "Days",
    "Ident",
    "Money",
    "NumberAsTextError",
    "OutOfRangeError",
    "WrongTypeError",
]


class WrongTypeError(TypeError):
    """A value of the wrong kind (text where a list belongs, ...)."""


class BadDateError(ValueError):
    """A value that should be a date but is none; ``hint`` says how to write it."""

    def __init__(self, message: str, hint: str = "write dates as 2023-10-02") -> None:
        super().__init__(message)
        self.hint = hint


class NumberAsTextError(WrongTypeError):
    """A number written as text with a unit, a sign or separators (``70%``, ``99,84``); ``fixed`` is the number."""

    def __init__(self, text: str, fixed: str, key: str | None = None) -> None:
        super().__init__(f"{text!r} is text, not a number" + (f" (at '{key}')" if key else ""))
        self.text = text
        self.fixed = fixed
        self.key = key  #: the key inside a mapping of numbers (``availability: {digid: ...}``)


class OutOfRangeError(ValueError):
    """A number or date outside its documented limits (docs/format.md, "Limits"); ``hint`` gives the range."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


class BadValueError(ValueError):
    """A value outside the allowed choices; ``english`` is the choice a Dutch word stands for, if it is one."""

    def __init__(self, value: Any, allowed: list[str]) -> None:
        super().__init__(f"{value!r} is not one of {', '.join(allowed)}")
        self.value = value
        self.allowed = allowed
        self.english = english_choice(value, allowed) if isinstance(value, str) else None


Ident = NewType("Ident", str)
"""An id as written: text only (``id: 007`` would be the number 7 to YAML, ``id: 2.50`` the number 2.5)."""
Money = NewType("Money", float)
"""Euros: a finite number from 0 to ``MAX_AMOUNT``."""
Days = NewType("Days", int)
"""A whole number of working days, at most ``MAX_DAYS`` either way."""


Items = list[Any]  # nested records, structured one by one by the loader


@attrs.frozen(kw_only=True)
class RawSettings:
    name: str = "portfolio"
    description: str = ""
    calendar: str = "rijk"
    start: dt.date | None = None
    key_milestones: list[str] = attrs.Factory(list)
    critical_float: Days = Days(0)
    lag_from_actual_start: bool = False


@attrs.frozen(kw_only=True)
class RawClosed:
    from_: dt.date
    to: dt.date
    reason: str = ""


@attrs.frozen(kw_only=True)
class RawCalendar:
    id: Ident
    name: str = ""
    base: str = "rijk"
    workweek: list[str] = attrs.Factory(lambda: ["mon", "tue", "wed", "thu", "fri"])
    closed: Items = attrs.Factory(list)
    open: list[dt.date] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class RawActivity:
    id: Ident
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
    manual: bool = False


@attrs.frozen(kw_only=True)
class RawPredecessor:
    id: Ident
    type: RelationType = RelationType.FS
    lag: Any = 0


@attrs.frozen(kw_only=True)
class RawConstraint:
    type: ConstraintType
    date: dt.date


@attrs.frozen(kw_only=True)
class RawPlatform:
    id: Ident
    name: str
    kind: PlatformKind = PlatformKind.OTHER
    description: str = ""
    contract_end: dt.date | None = None
    ready: str | None = None
    exit: str | None = None
    activities: Items = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class RawMigration:
    id: Ident
    name: str = ""
    source: str | None = None
    target: str | None = None
    candidates: list[str] = attrs.Factory(list)
    decision: str | None = None
    approach: Approach | None = None
    """None: not written (the model assumes rehost, `Migration.approach_stated`)"""
    fallback: str = ""
    description: str = ""
    activities: Items = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class RawService:
    id: Ident
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
    id: Ident
    name: str = ""
    from_: dt.date
    to: dt.date
    platforms: list[str] = attrs.Factory(list)
    services: list[str] = attrs.Factory(list)
    reason: str = ""


@attrs.frozen(kw_only=True)
class RawAssignment:
    id: Ident
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
    budget: Money | None = None
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
    realised: Money | None = None
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


@attrs.frozen(kw_only=True)
class RawRisk:
    defaults: dict[str, Any] = attrs.Factory(dict)
    estimates: dict[str, Any] = attrs.Factory(dict)
    correlations: Items = attrs.Factory(list)
    risks: Items = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class RawRiskDefaults:
    approach: dict[str, Any] = attrs.Factory(dict)
    service: dict[str, Any] = attrs.Factory(dict)


@attrs.frozen(kw_only=True)
class RawEstimate:
    optimistic: Any
    most_likely: Any
    pessimistic: Any
    distribution: str = "triangular"


@attrs.frozen(kw_only=True)
class RawRiskCorrelation:
    id: Ident
    coefficient: float
    activities: list[str] = attrs.Factory(list)
    services: list[str] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class RawRiskItem:
    id: Ident
    description: str = ""
    owner: str = ""
    probability: float
    impact: Any
    activities: list[str] = attrs.Factory(list)
    services: list[str] = attrs.Factory(list)


@attrs.frozen(kw_only=True)
class RawCost:
    activity: Ident | None = None
    migration: Ident | None = None
    budget: Money
    spread: Spread | None = None
    realised: dict[dt.date, Money] = attrs.Factory(dict)
    explanation: str = ""


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
    "risk": (RawRisk, False),  # built by portfolio.io._risk (docs/risk.md)
    "costs": (RawCost, True),  # budgets per activity or migration (docs/evm.md)
}
"""Top-level sections: key -> (record class, True when the section is a list)."""

RENAMED: Final = {"from_": "from"}
"""Field names renamed from the YAML key (``from`` is a Python keyword)."""


def _strict_str(value: Any, _type: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise WrongTypeError(f"expected text, got {kind(value)}")
    if isinstance(value, WrittenFloat) and value.text:
        return value.text  # as written: 'phase: 2.10' is "2.10", not "2.1"
    if isinstance(value, int | float | dt.date):
        return str(value)
    raise WrongTypeError(f"expected text, got {kind(value)}")


def _ident(value: Any, _type: Any) -> str:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()  # as before: an id may look like a date (the JSON view cannot tell either)
    if not isinstance(value, str):
        raise WrongTypeError(f"an id is text, not {kind(value)}")
    return value


def _strict_int(value: Any, _type: Any) -> int:
    if isinstance(value, float) and value.is_integer():  # 2.0: JSON (and the schema) cannot tell it from 2
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongTypeError(f"expected a whole number, got {kind(value)}")
    return value


def _strict_float(value: Any, _type: Any) -> float:
    if isinstance(value, str) and (fixed := number_text(value)) is not None:
        raise NumberAsTextError(value, fixed)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WrongTypeError(f"expected a number, got {kind(value)}")
    try:
        number = float(value)
    except OverflowError:  # an integer of hundreds of digits
        number = math.inf
    if not math.isfinite(number):
        raise OutOfRangeError(
            f"{kind(value)} is not a finite number",
            hint="give a plain number (YAML reads .inf and .nan as infinity and not-a-number)",
        )
    return number


def _days(value: Any, _type: Any) -> int:
    days = _strict_int(value, None)
    if abs(days) > MAX_DAYS:
        raise OutOfRangeError(
            f"{kind(value)} is more than {MAX_DAYS} working days (100 years)",
            hint=f"give a whole number of working days from -{MAX_DAYS} to {MAX_DAYS}",
        )
    return days


def _money(value: Any, _type: Any) -> float:
    amount = _strict_float(value, None)
    if not 0 <= amount <= MAX_AMOUNT:
        raise OutOfRangeError(
            f"{kind(value)} lies outside 0 to {MAX_AMOUNT:,} euros",
            hint="give the amount in whole euros from 0 to 1000000000000, e.g. 1200000",
        )
    return amount


def _strict_bool(value: Any, _type: Any) -> bool:
    if isinstance(value, str) and english_choice(value, ["true", "false"]) is not None:
        raise BadValueError(value, ["true", "false"])  # ja, nee: a Dutch answer
    if not isinstance(value, bool):
        raise WrongTypeError(f"expected true or false, got {kind(value)}")
    return value


_YMD: Final = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")


def _bad_date(text: str) -> BadDateError:
    """Why ``text`` is no date: a day that does not exist (the format was right), or not a date at all.

    Examples:
        >>> str(_bad_date("2023-02-30"))
        '2023-02-30 is not a day: February 2023 has 28 days'
    """
    match = _YMD.match(text)
    if match is None:
        return BadDateError(f"{text!r} is not a date")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return BadDateError(f"{text} is not a day: a year has 12 months", hint="correct the month (YYYY-MM-DD)")
    days = _months.end(dt.date(year, month, 1)).day
    name = _months.name(month, "en")
    return BadDateError(f"{text} is not a day: {name} {year} has {days} days", hint=f"correct the day (1 to {days})")


def _in_range(day: dt.date) -> dt.date:
    if not FIRST_DATE <= day <= LAST_DATE:
        raise OutOfRangeError(
            f"{day.isoformat()} lies outside the dates a portfolio can use ({FIRST_DATE} to {LAST_DATE})",
            hint=f"correct the year: dates run from {FIRST_DATE} to {LAST_DATE}",
        )
    return day


def _date(value: Any, _type: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise BadDateError(f"{value.isoformat(sep=' ')} is a date and a time", hint=f"write the date only: "
                           f"{value.date().isoformat()}")
    if isinstance(value, dt.date):
        return _in_range(value)
    if isinstance(value, str):
        if _YMD.match(value) is None:
            raise _bad_date(value.strip())
        try:
            return _in_range(dt.date.fromisoformat(value))
        except OutOfRangeError:
            raise
        except ValueError:
            raise _bad_date(value) from None
    raise BadDateError(f"expected a date such as 2023-10-02, got {kind(value)}")


def _list_of(item_hook: Any) -> Any:
    def structure(value: Any, _type: Any) -> list[Any]:
        if not isinstance(value, list):
            raise WrongTypeError(f"expected a list, got {kind(value)}; write [a, b] or one '- item' per line")
        return [item_hook(v, None) for v in value]

    return structure


def _items(value: Any, _type: Any) -> list[Any]:
    if not isinstance(value, list):
        raise WrongTypeError(f"expected a list, got {kind(value)}")
    return value


def _mapping(value: Any, _type: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise WrongTypeError(f"expected a mapping (key: value), got {kind(value)}")
    return value


def _float_mapping(value: Any, _type: Any) -> dict[str, float]:
    numbers = {}
    for key, item in _mapping(value, _type).items():
        try:
            numbers[key] = _strict_float(item, None)
        except NumberAsTextError as error:
            raise NumberAsTextError(error.text, error.fixed, str(key)) from None
    return numbers


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


def kind(value: Any) -> str:
    """What a value of the wrong shape is, for the loader's messages ("expected text, got a list").

    The one description of a wrong value: the structuring hooks here and the
    section builders (``io/_sections``) both use it.

    Examples:
        >>> kind(None), kind([]), kind({}), kind(True), kind(3), kind("x")
        ('an empty value', 'a list', 'a mapping', "'true'", 'the number 3', "'x'")
    """
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, int | float):
        return f"the number {short(value)}"
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
    conv.register_structure_hook(Ident, _ident)
    conv.register_structure_hook(Money, _money)
    conv.register_structure_hook(Days, _days)
    for generic, hook in (
        (list[str], _list_of(_strict_str)),
        (list[dt.date], _list_of(_date)),
        (Items, _items),
        (dict[str, Any], _mapping),
        (dict[str, float], _float_mapping),
    ):
        conv.register_structure_hook_func(_is(generic), hook)
    for enum_type in (ActivityKind, Approach, AssignmentStatus, ConstraintType, PlatformKind, Rag, RelationType, Spread):
        conv.register_structure_hook(enum_type, _enum(enum_type))
    for cls in (RawClosed, RawRelation, RawFreezeWindow):
        conv.register_structure_hook(
            cls, make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True, from_=override(rename="from"))
        )
    return conv


CONVERTER: Final = _make_converter()
"""The converter every raw record goes through."""


def field_names(cls: type) -> list[str]:
    """The YAML keys a raw record accepts."""
    return [RENAMED.get(f.name, f.name) for f in attrs.fields(cls)]
