"""cattrs' structuring errors turned into located diagnostics.

When a record of a portfolio file does not structure into its ``Raw*``
class (``io/_raw.py``), cattrs raises one exception tree for the whole
record. `explain` walks that tree and reports each leaf at the place
of the key or value it concerns, with its own code and a hint that shows
the fix:

- ``missing-key``: a required key is absent;
- ``unknown-key``: a key the record does not know, with the closest known key;
- ``out-of-range``, ``bad-date``, ``dutch-choice``, ``bad-value``,
  ``number-as-text``: one bad value (the errors of ``io/_raw.py``'s hooks);
- ``wrong-type``: anything else, with the YAML trap that usually causes it.

The functions report through a `Report` (the context's
[`report`][portfolio.io._sections._context.Context.report]), so this module
knows nothing of the loader's state.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from portfolio.diagnostics import closest
from portfolio.io._raw import (
    RENAMED,
    BadDateError,
    BadValueError,
    NumberAsTextError,
    OutOfRangeError,
    field_names,
)
from portfolio.io._values import WrittenFloat
from portfolio.io._yaml_reader import MList, MMap
from portfolio.model import Source

__all__ = ["Report", "explain", "failed_keys", "type_hint"]


class Report(Protocol):
    """Reports one diagnostic: the signature of `Context.report <portfolio.io._sections._context.Context.report>`."""

    def __call__(
        self,
        code: str,
        message: str,
        source: Source | None,
        *,
        subject: str | None = None,
        hint: str | None = None,
        blocking: bool = False,
    ) -> None:
        """Report ``message`` under ``code`` at ``source``."""


def explain(report: Report, error: BaseException, node: Any, what: str, mark: Source, key: str | None = None) -> None:
    """Report every problem of a cattrs error tree, each at its own place.

    Args:
        report: where the diagnostics go.
        error: what cattrs raised while structuring ``node``.
        node: the located data that failed (an ``MMap``, an ``MList`` or a scalar).
        what: how messages name the record, e.g. ``"activity 'digid.build'"``.
        mark: the place of ``node``, for problems that have no place of their own.
        key: the key of ``node`` in its parent record, if any (for the hint ``write 'key: ...'``).

    Examples:
        >>> from portfolio.io._raw import CONVERTER, RawConstraint
        >>> found = []
        >>> def collect(code, message, source, **details):
        ...     found.append((code, message))
        >>> try:
        ...     CONVERTER.structure({"type": "SNET"}, RawConstraint)
        ... except Exception as error:
        ...     explain(collect, error, {"type": "SNET"}, "the constraint", Source("plan.yaml", 3, 5))
        >>> found
        [('missing-key', "the constraint needs 'date'")]
    """
    if isinstance(error, ClassValidationError | IterableValidationError):
        with_notes, without_notes = error.group_exceptions()
        for sub, note in with_notes:
            if isinstance(error, IterableValidationError):
                index = getattr(note, "index", 0)
                if not isinstance(index, int):  # a mapping's value, by its key (a cost's realised spend per date)
                    at = node.value_marks.get(index, mark) if isinstance(node, MMap) else mark
                    explain(report, sub, node.get(index) if isinstance(node, dict) else None, f"{what}: '{index}'", at)
                    continue
                child = node[index] if isinstance(node, list) and index < len(node) else None
                child_mark = node.item_marks[index] if isinstance(node, MList) and index < len(node.item_marks) else mark
                explain(report, sub, child, f"{what}, item {index + 1}", child_mark, key)
                continue
            name = RENAMED.get(getattr(note, "name", ""), getattr(note, "name", ""))
            if isinstance(sub, KeyError):
                report("missing-key", f"{what} needs '{name}'", mark, hint=f"add '{name}: ...' to it")
                continue
            child = node.get(name) if isinstance(node, dict) else None
            child_mark = node.value_marks.get(name, mark) if isinstance(node, MMap) else mark
            explain(report, sub, child, f"{what}: '{name}'", child_mark, name)
        for sub in without_notes:
            explain(report, sub, node, what, mark, key)
    elif isinstance(error, ForbiddenExtraKeysError):
        _unknown_keys(report, error, node, what, mark)
    else:
        _bad_value(report, error, node, what, mark, key)


def _unknown_keys(report: Report, error: ForbiddenExtraKeysError, node: Any, what: str, mark: Source) -> None:
    """An ``unknown-key`` per key the record does not know, at the key, with the closest known key.

    A dropped key may have declared something (a typo in ``activities:``
    hides activities), so it comes before what follows from it (blocking).
    """
    known = field_names(error.cl)
    for key in sorted(error.extra_fields, key=str):
        suggestion = closest(str(key), known)
        key_mark = node.key_marks.get(key, mark) if isinstance(node, MMap) else mark
        report(
            "unknown-key",
            f"{what} has unknown key '{key}'",
            key_mark,
            hint=f"did you mean '{suggestion}'?" if suggestion else f"the keys are {', '.join(known)}",
            blocking=True,
        )


def _bad_value(report: Report, error: BaseException, node: Any, what: str, mark: Source, key: str | None) -> None:
    """One bad value: its own code, and a hint that shows the fix where the loader can see it."""
    write = f"{key}: " if key else ""
    if isinstance(error, OutOfRangeError):
        report("out-of-range", f"{what}: {error}", mark, hint=error.hint)
    elif isinstance(error, BadDateError):
        report("bad-date", f"{what}: {error}", mark, hint=error.hint)
    elif isinstance(error, BadValueError) and error.english is not None:
        report(
            "dutch-choice",
            f"{what}: {error.value!r} is Dutch; the files use the English values",
            mark,
            hint=f"write '{write}{error.english}'",
        )
    elif isinstance(error, BadValueError):
        suggestion = closest(str(error.value), error.allowed)
        report(
            "bad-value",
            f"{what}: {error.value!r} is not allowed",
            mark,
            hint=(f"did you mean '{suggestion}'? " if suggestion else "") + f"choose from {', '.join(error.allowed)}",
        )
    elif isinstance(error, NumberAsTextError):
        write = f"{error.key}: " if error.key else write
        report("number-as-text", f"{what}: {error}", mark, hint=f"write '{write}{error.fixed}'")
    else:  # WrongTypeError, and cattrs' own TypeError or ValueError on plain data
        report("wrong-type", f"{what}: {error}", mark, hint=type_hint(node))


def failed_keys(error: BaseException) -> set[str]:
    """The keys of a record whose values failed to structure (from cattrs' error notes).

    Args:
        error: what cattrs raised while structuring one record.

    Returns:
        The YAML keys (``from``, not ``from_``) whose values were bad; empty
        when the error is not about the record's fields.

    Examples:
        >>> from portfolio.io._raw import CONVERTER, RawConstraint
        >>> try:
        ...     CONVERTER.structure({"type": "SNET", "date": "soon"}, RawConstraint)
        ... except Exception as error:
        ...     print(failed_keys(error))
        {'date'}
    """
    if not isinstance(error, ClassValidationError):
        return set()
    with_notes, _without = error.group_exceptions()
    names = (getattr(note, "name", None) for _sub, note in with_notes)
    return {RENAMED.get(name, name) for name in names if isinstance(name, str)}


def type_hint(value: Any) -> str:
    """The way out of a wrong-type problem, with the YAML trap that usually causes it.

    Args:
        value: the value of the wrong type, as read.

    Returns:
        The hint of the ``wrong-type`` diagnostic.

    Examples:
        >>> type_hint(True)
        'quote the value: YAML reads yes, no, on, off, true and false unquoted as true/false'
        >>> type_hint(None)
        'give a value after the colon, or remove the key'
    """
    if isinstance(value, bool):
        return "quote the value: YAML reads yes, no, on, off, true and false unquoted as true/false"
    if isinstance(value, dt.date):
        return "quote the value if it is text, e.g. '2023-10-02'"
    if value is None:
        return "give a value after the colon, or remove the key"
    if isinstance(value, WrittenFloat) and value.text:
        return f"quote the value if it is text (YAML reads it as a number): '{value.text}'"
    if isinstance(value, int | float):
        return "quote the value if it is text: YAML reads unquoted digits as a number"
    return "write the value as the format reference (docs/format.md) shows"
