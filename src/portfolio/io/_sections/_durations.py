"""Durations and lags as written (``15d``, ``3w``, ``2mo``, ``10ed``, a number of working days): read, or reported.

Used by the activities' builder (durations, the lags of ``after:`` and ``relations:``) and the status
updates' (remaining durations). The codes raised: ``bad-duration`` (not a duration, or not whole days),
``out-of-range`` (over ``MAX_DAYS``) and ``negative-duration``.
"""

from __future__ import annotations

from typing import Any, Final

from portfolio.io._sections._context import Context
from portfolio.io._values import MAX_DAYS, short
from portfolio.model import Duration, FractionalDurationError, Source

__all__ = ["plain_duration", "read_duration"]

_DURATION_HINT: Final = "write working days as 15d, weeks as 3w, months as 2mo, elapsed days as 10ed"


def plain_duration(value: Any, *, allow_negative: bool) -> Duration | None:
    """The duration `read_duration` gives for ``value`` when it has nothing to report; None: ask it.

    A text or whole number that parses and lies in range, read without making the message and the
    place a report would need (most durations of a file are of this kind).

    Examples:
        >>> plain_duration("3w", allow_negative=False), plain_duration("-2d", allow_negative=False)
        (Duration(days=15, elapsed=False), None)
    """
    kind = type(value)
    if kind is not str and kind is not int:
        return None
    try:
        duration = Duration.parse(value)
    except (ValueError, TypeError):
        return None
    days = duration.days
    if days > MAX_DAYS or days < (-MAX_DAYS if allow_negative else 0):
        return None
    return duration


def read_duration(
    context: Context,
    value: Any,
    what: str,
    mark: Source,
    *,
    allow_negative: bool,
    subject: str | None = None,
    lag: bool = False,
) -> Duration | None:
    """Parse a duration (or, with ``lag``, a signed lag); report it and give None when it is bad or out of range.

    A whole float (``5.0``) is the integer: JSON, and so the schema, cannot tell them apart.

    Args:
        context: where problems are reported (``bad-duration``, ``out-of-range``, ``negative-duration``).
        value: the duration as written: ``15d``, ``3w``, ``2mo``, ``10ed`` or a number of working days.
        what: how messages name it, e.g. ``"activity 'digid.build': duration"``.
        mark: its place.
        allow_negative: whether a negative value is allowed (lags, not durations).
        subject: what the diagnostics are about.
        lag: whether it is a lag (for the hint).

    Returns:
        The duration, or None when it was reported.

    Examples:
        >>> from pathlib import Path
        >>> context = Context(Path("plan.yaml"))
        >>> read_duration(context, "3w", "duration", Source("plan.yaml"), allow_negative=False)
        Duration(days=15, elapsed=False)
        >>> read_duration(context, "-2d", "duration", Source("plan.yaml"), allow_negative=False) is None
        True
        >>> [found.code for found in context.diagnostics]
        ['negative-duration']
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    hint = "write lags as +5d, -2d, +1w, +10ed" if lag else _DURATION_HINT
    try:
        duration = Duration.parse(value)
    except FractionalDurationError as error:
        message = f"{what} {value!r} is not a whole number of days"
        context.report("bad-duration", message, mark, subject=subject, hint=str(error))
        return None
    except (ValueError, TypeError):
        context.report("bad-duration", f"{what} {value!r} is not a duration", mark, subject=subject, hint=hint)
        return None
    if abs(duration.days) > MAX_DAYS:
        context.report(
            "out-of-range",
            f"{what} {short(value)} is longer than {MAX_DAYS} days (100 years of working days)",
            mark,
            subject=subject,
            hint=f"give at most {MAX_DAYS}d ({MAX_DAYS // 5}w, {MAX_DAYS // 20}mo); check for a digit too many",
        )
        return None
    if duration.days < 0 and not allow_negative:
        context.report(
            "negative-duration",
            f"{what} {value} is negative",
            mark,
            subject=subject,
            hint="use 0d for a milestone, a positive duration otherwise",
        )
        return None
    return duration
