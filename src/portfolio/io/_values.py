"""Values as people write them: the limits of each kind, and the habits that read wrong.

The loader refuses what the engine cannot use (a date outside the calendar
horizon, a duration of a billion days, an infinite budget) and explains what a
Dutch writer most often means: ``70%`` for a percentage, ``99,84`` with a
decimal comma, ``€ 1.200.000`` with thousands separators, ``rood`` for
``red``. The limits are listed in ``docs/format.md`` (section "Limits").

Examples:
    >>> number_text("€ 1.200.000")
    '1200000'
    >>> english_choice("rood", ["green", "amber", "red", "grey"])
    'red'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

from portfolio._horizon import HORIZON_FIRST, HORIZON_LAST

__all__ = [
    "FIRST_DATE",
    "LAST_DATE",
    "MAX_AMOUNT",
    "MAX_DAYS",
    "MIN_PLAUSIBLE_AMOUNT",
    "SPENT_FACTOR",
    "WrittenFloat",
    "english_choice",
    "number_text",
    "short",
    "thousands_habit",
]

FIRST_DATE: Final = HORIZON_FIRST
"""The first and last date a file may give (the calendar horizon): every date field."""
LAST_DATE: Final = HORIZON_LAST
MAX_DAYS: Final = 26_100
"""The longest duration or lag, in days (100 years of 261 working days): ``26100d``, ``5220w``, ``1305mo``."""
MAX_AMOUNT: Final = 10**12
"""The largest amount of money, in euros (a million million)."""
MIN_PLAUSIBLE_AMOUNT: Final = 100
"""Amounts below this many euros are implausible for a migration budget (a warning, not an error)."""
SPENT_FACTOR: Final = 10
"""Spent more than this many times the budget is implausible (a warning)."""

_DECORATION: Final = re.compile(
    r"^\s*(?:€|eur(?:o|os)?\b)?\s*(?P<number>[-+]?[0-9][0-9., ]*?)\s*(?:%|€|eur(?:o|os)?|,-)?\s*$", re.IGNORECASE
)
_DUTCH_THOUSANDS: Final = re.compile(r"^[-+]?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?$")
_ENGLISH_THOUSANDS: Final = re.compile(r"^[-+]?[0-9]{1,3}(?:,[0-9]{3}){2,}(?:\.[0-9]+)?$")
_DECIMAL_COMMA: Final = re.compile(r"^[-+]?[0-9]+,[0-9]+$")
_PLAIN: Final = re.compile(r"^[-+]?[0-9]+(?:\.[0-9]+)?$")


class WrittenFloat(float):
    """A float read from a file that remembers how it was written (``3.400`` is 3.4, written with three decimals).

    Examples:
        >>> x = WrittenFloat(3.4, "3.400")
        >>> x == 3.4, x.text
        (True, '3.400')
    """

    __slots__ = ("text",)
    text: str

    def __new__(cls, value: float, text: str = "") -> WrittenFloat:
        made = super().__new__(cls, value)
        made.text = text
        return made


def plain(value: Any) -> Any:
    """``value`` with every `WrittenFloat` in it a plain float: the model holds no reader types.

    Examples:
        >>> plain({"norm": WrittenFloat(99.8, "99.80"), "list": [WrittenFloat(1.5, "1.50")]})
        {'norm': 99.8, 'list': [1.5]}
        >>> type(plain(WrittenFloat(3.4, "3.400")))
        <class 'float'>
    """
    if isinstance(value, float):
        return float(value)
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def short(value: object) -> str:
    """A value as messages quote it, with a long number cut short (YAML allows thousands of digits).

    Examples:
        >>> short("15d"), short(10**30)
        ("'15d'", '1000000… (31 digits)')
    """
    text = str(value)
    if len(text) > 24 and text.lstrip("+-").isdigit():
        return f"{text[:7]}… ({len(text)} digits)"
    if len(text) > 24 and text[:-2].lstrip("+-").isdigit():
        return f"{text[:7]}…{text[-2:]} ({len(text) - 2} digits)"
    return repr(value) if isinstance(value, str) else text


def number_text(text: str) -> str | None:
    """The number a text means, written as YAML reads a number; None when it means none.

    Handles a percent or euro sign, a decimal comma, and thousands separators
    (Dutch dots, or English commas when there are two or more of them).

    Examples:
        >>> [number_text(t) for t in ("70%", "99,84", "€ 1.200.000", "3.400.000", "1.250,50", "1,200,000", "12 500")]
        ['70', '99.84', '1200000', '3400000', '1250.5', '1200000', '12500']
        >>> number_text("soon") is None, number_text("70")  # '70' in quotes: text too
        (True, '70')
    """
    match = _DECORATION.match(text)
    if match is None:
        return None
    number = match.group("number").replace(" ", "")
    if _DUTCH_THOUSANDS.match(number):
        number = number.replace(".", "").replace(",", ".")
    elif _ENGLISH_THOUSANDS.match(number):
        number = number.replace(",", "")
    elif _DECIMAL_COMMA.match(number):
        number = number.replace(",", ".")
    if not _PLAIN.match(number):
        return None
    value = float(number)
    return str(int(value)) if value.is_integer() else repr(value)


def thousands_habit(text: str) -> str | None:
    """``3.400`` read as 3.4 where 3400 was meant: the number with the dot as a thousands separator, or None.

    Only a number written with exactly three decimals (and no more than three
    digits before the dot) is taken this way.

    Examples:
        >>> thousands_habit("3.400"), thousands_habit("250.000"), thousands_habit("3.4"), thousands_habit("1234.500")
        ('3400', '250000', None, None)
    """
    match = re.fullmatch(r"\+?([0-9]{1,3})\.([0-9]{3})", text.strip())
    return None if match is None else str(int(match.group(1) + match.group(2)))


DUTCH: Final = {
    # rag
    "groen": "green", "oranje": "amber", "geel": "amber", "rood": "red", "grijs": "grey",
    # assignment status
    "gepland": "planned", "lopend": "running", "loopt": "running", "actief": "running", "gepauzeerd": "paused",
    "gepauseerd": "paused", "onderbroken": "paused", "afgerond": "finished", "gereed": "finished",
    "klaar": "finished", "voltooid": "finished", "beeindigd": "finished", "geannuleerd": "cancelled",
    "gestopt": "cancelled", "vervallen": "cancelled",
    # activity kind
    "taak": "task", "mijlpaal": "milestone", "besluit": "decision", "beslissing": "decision",
    "gereedheid": "readiness", "testmigratie": "test-migration", "generale-repetitie": "rehearsal",
    "repetitie": "rehearsal", "overgang": "cutover", "overstap": "cutover", "migratie": "cutover",
    "uitfasering": "decommission", "ontmanteling": "decommission", "livegang": "go-live",
    "in-productie": "go-live",
    # migration approach
    "herhosten": "rehost", "herbouw": "rebuild", "herbouwen": "rebuild", "vervangen": "replace",
    "vervanging": "replace", "uitfaseren": "retire", "behouden": "retain", "handhaven": "retain",
    # booleans
    "ja": "true", "nee": "false", "waar": "true", "onwaar": "false",
    # weekdays (calendars' workweek)
    "maandag": "mon", "ma": "mon", "dinsdag": "tue", "di": "tue", "woensdag": "wed", "wo": "wed",
    "donderdag": "thu", "do": "thu", "vrijdag": "fri", "vr": "fri", "zaterdag": "sat", "za": "sat",
    "zondag": "sun", "zo": "sun",
    # platform kind
    "datacentrum": "data-centre", "rekencentrum": "data-centre", "overig": "other", "anders": "other",
}
"""Dutch words for the choices of the format, and their English value (lower case, accents left out)."""


def english_choice(value: str, allowed: Iterable[str]) -> str | None:
    """The allowed English value a Dutch word stands for (``rood`` -> ``red``), or None.

    Examples:
        >>> english_choice("Lopend", ["planned", "running"]), english_choice("beëindigd", ["finished"])
        ('running', 'finished')
        >>> english_choice("rood", ["planned", "running"]) is None
        True
    """
    word = value.strip().lower().replace("ë", "e").replace(" ", "-")
    english = DUTCH.get(word)
    return english if english in set(allowed) else None
