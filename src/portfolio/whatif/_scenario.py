"""What a scenario gives back: the new portfolio and an account of what it changed, and the errors it raises."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, Literal, overload

import attrs

from portfolio import _display
from portfolio.calendar import Calendar, CalendarError, builtin, resolve
from portfolio.messages import Message
from portfolio.model import Portfolio

__all__ = ["Account", "Change", "Scenario", "ScenarioError", "UnknownIdError"]

Record = Literal["activity", "relation", "migration", "progress", "service", "assignment", "freeze-window",
                 "platform", "settings", "waiver"]
"""The kind of record a change is about."""
Action = Literal["changed", "added", "removed", "kept"]
"""What happened to it; ``kept``: a record the scenario left as it was, with the reason why."""

NONE: Final = "—"
"""the value of a field that had none (language-neutral)"""


class ScenarioError(ValueError):
    """A scenario that cannot mean what it says (a negative delay, a lag on an activity without predecessors...).

    ``hint`` says what to do instead.

    Examples:
        >>> str(ScenarioError("a delay is later", hint="give a positive amount"))
        'a delay is later (give a positive amount)'
    """

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UnknownIdError(ScenarioError, KeyError):
    """An id the portfolio does not have; ``suggestions`` are its closest ids (a KeyError too).

    Examples:
        >>> error = UnknownIdError("activity", "decid", ["decide", "build"])
        >>> str(error), error.suggestions
        ("no activity 'decid'; did you mean 'decide'?", ('decide',))
    """

    def __init__(self, what: str, id: str, known: Iterable[str]) -> None:
        self.what, self.id = what, id
        self.suggestions = tuple(difflib.get_close_matches(id, list(known), n=3, cutoff=0.6))
        if self.suggestions:
            quoted = [repr(s) for s in self.suggestions]
            hint = "did you mean " + (quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}")
            message = f"no {what} {id!r}; {hint}?"
        else:
            message = f"no {what} {id!r}"
        super().__init__(message, hint="")


def lookup(records: Mapping[str, object], id: str, what: str) -> None:
    """Raise `UnknownIdError` when ``records`` has no ``id``."""
    if id not in records:
        raise UnknownIdError(what, id, records)


@attrs.frozen(kw_only=True)
class Change:
    """One thing a scenario did: a field of a record changed, a record added or removed, or one kept and why.

    ``id`` is the record's id (a relation's is ``"predecessor -> successor"``,
    progress's ``"activity (status date)"``); ``before`` and ``after`` the
    field's values as text (``"—"``: none); ``reason`` (action ``kept``) a
    catalogue message saying why the record stayed as it was.

    Examples:
        >>> c = Change(record="activity", id="build", action="changed", field="duration", before="10d", after="15d")
        >>> c.text(), c.text("nl")
        ('activity build: duration 10d → 15d', 'activiteit build: duur 10d → 15d')
    """

    record: Record
    id: str
    action: Action
    field: str = ""
    before: str = ""
    after: str = ""
    reason: Message | None = None

    def message(self) -> Message:
        """The catalogue message of this change."""
        if self.action == "kept" and self.reason is not None:
            return self.reason
        params: dict[str, object] = {"record": Message(f"whatif.record.{self.record}"), "id": self.id}
        if self.action == "changed":
            params.update(field=Message(f"whatif.field.{self.field}"), before=self.before, after=self.after)
        return Message(f"whatif.{self.action}", params)

    def text(self, lang: str = "en") -> str:
        """The change as a sentence in ``lang`` (``"en"`` or ``"nl"``)."""
        return self.message().text(lang)


@attrs.frozen
class Account:
    """What a scenario changed: its `Change` records in order, read as lines in English or Dutch.

    Records added or removed together (a service's activities) read as one line.

    Examples:
        >>> a = Account((Change(record="activity", id="a", action="removed"),
        ...              Change(record="activity", id="b", action="removed")))
        >>> print(a.text("nl"))
        activiteiten verwijderd: a, b
        >>> len(a), a[0].id
        (2, 'a')
    """

    changes: tuple[Change, ...] = ()

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    @overload
    def __getitem__(self, index: int) -> Change: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Change, ...]: ...
    def __getitem__(self, index: int | slice) -> Change | tuple[Change, ...]:
        return self.changes[index]

    def lines(self, lang: str = "en") -> list[str]:
        """One line per change, or per run of records of one kind added or removed together."""
        lines: list[str] = []
        i = 0
        while i < len(self.changes):
            c = self.changes[i]
            j = i + 1
            if c.action in ("added", "removed"):
                while j < len(self.changes) and (self.changes[j].action, self.changes[j].record) == (c.action,
                                                                                                      c.record):
                    j += 1
            if j - i > 1:
                ids = [d.id for d in self.changes[i:j]]
                lines.append(Message(f"whatif.{c.action}.many", {"records": Message(f"whatif.records.{c.record}"),
                                                                  "ids": ids}).text(lang))
            else:
                lines.append(c.text(lang))
            i = j
        return lines

    def text(self, lang: str = "en") -> str:
        """The account in ``lang``, a line per change (``"nothing changed"`` when empty)."""
        return "\n".join(self.lines(lang)) or Message("whatif.nothing").text(lang)

    def __str__(self) -> str:
        return self.text()


@attrs.frozen(kw_only=True, eq=False)
class Scenario:
    """What a scenario function returns: the new ``portfolio`` and the ``changes`` that made it.

    Unpacks as ``new, account = delay(...)``; ``str()`` (or ``text(lang)``)
    is the account. Every scenario function also takes a Scenario, so
    scenarios chain and the account grows: ``remove_service(delay(p, ...), "fbs")``.

    Examples:
        >>> s = Scenario(portfolio=Portfolio(), changes=Account())
        >>> new, account = s
        >>> new is s.portfolio, str(account), s.text("nl")
        (True, 'nothing changed', 'er is niets veranderd')
    """

    portfolio: Portfolio
    changes: Account

    def __iter__(self) -> Any:  # as LoadResult: ``new, account = ...`` type-checks without a cast
        return iter((self.portfolio, self.changes))

    def text(self, lang: str = "en") -> str:
        """The account of what changed, in ``lang``."""
        return self.changes.text(lang)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"<Scenario: {len(self.changes)} changes>"

    def _repr_html_(self) -> str:
        return _display.block("Scenario", _display.table(["change"], ([line] for line in self.changes.lines())))


def start(portfolio: Portfolio | Scenario) -> tuple[Portfolio, tuple[Change, ...]]:
    """The portfolio a scenario works on and the changes already made to it (a chained Scenario's)."""
    if isinstance(portfolio, Scenario):
        return portfolio.portfolio, portfolio.changes.changes
    return portfolio, ()


def scenario(portfolio: Portfolio, before: tuple[Change, ...], changes: Iterable[Change]) -> Scenario:
    """The Scenario of ``portfolio`` made by the earlier changes ``before`` and these."""
    return Scenario(portfolio=portfolio, changes=Account((*before, *changes)))


def calendar(portfolio: Portfolio | None, id: str | None) -> Calendar:
    """The calendar ``id`` (None: the portfolio's default), falling back as the scheduler does."""
    wanted = id or (portfolio.settings.calendar if portfolio is not None else "rijk")
    try:
        return resolve(wanted, portfolio.calendars if portfolio is not None else {})
    except KeyError:
        return builtin("rijk")
    except CalendarError:
        return builtin("standard")
