"""What every section builder shares: the diagnostics, the records read, id checks and reference resolution.

The loader (``io/yaml.py``) makes one `Context` per load and passes
it to each section's steps (`Section`). The context holds

- the **diagnostics** so far, and which of them stopped a file or record
  from being read (`Context.blocking`: they are listed first);
- the **records read** in the read phase, as `Item` lists per collection
  (`Context.items`, keyed by the section's key; records nested in
  another section have their own collection, such as ``migrations``);
- the **declared ids** of the declare phase (`Context.declared`: per
  collection, each valid and unique id with its record);
- the **built model fields** of the build phase (`Context.built`: the
  keyword arguments of [`Portfolio`][portfolio.model.Portfolio]).

Its helpers report problems with a place and a way out: `Context.report`
(every diagnostic goes through it), `Context.structure` (one record
through cattrs: ``wrong-type`` for a record that is no mapping, and
``io/_sections/_explain.py`` turns other failures into diagnostics), `Context.check_id` and `Context.unique`
(``bad-id``, ``duplicate-id``) and `Context.resolve`, `Context.ref`
and `Context.refs` (``unknown-ref`` with "did you mean").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from portfolio.diagnostics import CODES, Diagnostic, closest, diagnostic
from portfolio.io._raw import CONVERTER, field_names, kind  # kind: re-exported for the section builders
from portfolio.io._sections._explain import explain, failed_keys

if TYPE_CHECKING:
    from portfolio.graph import RelationNumbers
from portfolio.io._yaml_reader import MList, MMap
from portfolio.model import ID_PATTERN, Source

__all__ = ["Context", "Item", "Section", "full_id", "item_mark", "kind"]

_T = TypeVar("_T")


@attrs.define
class Item:
    """One structured record of a portfolio file: the ``Raw*`` record, its located data and where it sits.

    ``scope`` is the service or platform id that the record's local ids are
    relative to (``build`` inside service ``digid`` is ``digid.build``);
    ``migration`` the full id of the migration an activity is nested in.
    """

    raw: Any
    data: MMap
    scope: str | None = None
    migration: str | None = None

    def mark(self, key: str | None = None) -> Source:
        """The place of the record, or of the value of its ``key`` (the record's place if the key is absent).

        Examples:
            >>> data = MMap(Source("plan.yaml", 4, 5))
            >>> Item(raw=None, data=data).mark("name")
            Source(file='plan.yaml', line=4, column=5)
        """
        if key is not None:
            return self.data.value_mark(key, self.data.mark)
        return self.data.mark


Reader = Callable[["Context", Any, Source, str], None]
"""The read phase for one entry of a list section: ``read(context, value, mark, what)`` structures and stores it."""
Declare = Callable[["Context"], None]
"""The declare phase: check a section's ids and record them in ``context.declared`` (or build what others need first).
"""
Build = Callable[["Context"], Mapping[str, Any]]
"""The build phase: build the section's model records; returns the [`Portfolio`][portfolio.model.Portfolio] fields they
fill.
"""


@attrs.frozen(kw_only=True)
class Section:
    """How the loader reads and builds one top-level section of a portfolio file.

    The record class and whether the section is a list come from
    ``io/_raw.py``'s ``SECTIONS`` (the file's shape); this says what to do
    with the records. Every step is optional.

    Attributes:
        name: how messages name one entry: the noun of a list section's
            record (``"platform"``: "platform 'lpc' needs 'name'"), or the
            whole record of a one-record section (``"the baseline"``).
        read: the read phase for a list section's entry; without it the entry is
            structured into ``context.items[key]``. Sections with nested
            records (services hold migrations and activities) read those too.
        declare: the declare phase, run for every section (in table order) before any
            ``build``: check ids and fill ``context.declared``, so that any
            section can refer to any other.
        build: the build phase, run in table order: resolve references, check the
            meaning and return the model fields built.
    """

    name: str
    read: Reader | None = None
    declare: Declare | None = None
    build: Build | None = None


class Context:
    """The state of one load, shared by the driver and every section builder.

    Args:
        root: the portfolio folder or file being loaded (hints name files relative to it).

    Examples:
        >>> context = Context(Path("plan.yaml"))
        >>> context.report("unknown-ref", "relation goes to 'biuld', which is not declared", Source("plan.yaml", 3, 7))
        >>> print(context.diagnostics[0])  # doctest: +NORMALIZE_WHITESPACE
        plan.yaml:3:7: error[unknown-ref]: relation goes to 'biuld', which is not declared;
        Correct the id (the message suggests the closest one) or declare the missing record.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        #: Diagnostics (by identity) that stopped a file or record from being read: reported first.
        self.blocking: set[int] = set()
        #: Files that could not be read at all (as named in messages, relative to the root).
        self.unreadable: list[str] = []
        #: The read phase: the records read, per collection (a section's key, or ``migrations``).
        self.items: defaultdict[str, list[Item]] = defaultdict(list)
        #: The declare phase: the valid, unique ids of each collection with their records.
        self.declared: dict[str, dict[str, Item]] = {}
        #: The build phase: the keyword arguments of the Portfolio built so far.
        self.built: dict[str, Any] = {}
        #: The build phase: the activity ids in order and the relations' fields as numbers, made while the
        #: relations are built (for `portfolio.graph.remember_columns`); None when no builder made them.
        self.relation_numbers: tuple[tuple[str, ...], RelationNumbers] | None = None

    # -- reporting ---------------------------------------------------------------------------
    def report(
        self,
        code: str,
        message: str,
        source: Source | None,
        *,
        subject: str | None = None,
        hint: str | None = None,
        blocking: bool = False,
    ) -> None:
        """Add a diagnostic; ``blocking`` when the problem stopped something from being read (it is listed first).

        Every message offers a way out: the code's documented fix when no better ``hint`` is at hand.
        """
        hint = hint or CODES[code].fix
        found = diagnostic(code, message, source=source, subject=subject, hint=hint)
        self.diagnostics.append(found)
        if blocking:
            self.blocking.add(id(found))

    def block_since(self, count: int) -> None:
        """Mark the diagnostics reported since there were ``count`` as having stopped something being read."""
        self.blocking.update(id(found) for found in self.diagnostics[count:])

    def unreadable_hint(self) -> str | None:
        """The hint of a failed reference while some file could not be read: it may be declared there.

        A "did you mean" suggestion would mislead then (the id is most likely
        right, and its declaration in the unreadable file), so this replaces it.
        """
        if not self.unreadable:
            return None
        names = " or ".join(self.unreadable)
        which = "which" if len(self.unreadable) == 1 else "which each"
        return f"it may be declared in {names}, {which} could not be read (see above); otherwise correct the id"

    def display(self, file: str) -> str:
        """A file's name as hints give it: relative to the portfolio folder."""
        try:
            return Path(file).relative_to(self.root).as_posix() if self.root.is_dir() else Path(file).name
        except ValueError:  # pragma: no cover - every file read lies under the root
            return file

    # -- the read phase: located data -> raw records -----------------------------------------
    def structure(self, value: Any, cls: type[_T], what: str, mark: Source) -> _T | None:
        """Structure one record; on failure report every problem in it and keep what can be kept.

        An unknown key (a typo) or one bad optional value should not hide the
        whole record and cascade into "unknown id" errors elsewhere: once the
        problems are reported, the record is structured again without the
        offending keys (their defaults apply). Only a record whose required
        keys are missing or bad is dropped (``wrong-type`` if it is no mapping).
        """
        if not isinstance(value, MMap):
            self.report(
                "wrong-type",
                f"{what} must be a mapping (key: value), not {kind(value)}",
                mark,
                hint="write it as 'key: value' lines or {key: value, ...}",
                blocking=True,
            )
            return None
        count = len(self.diagnostics)
        try:
            return CONVERTER.structure(value, cls)
        except Exception as error:
            explain(self.report, error, value, what, mark)
            failed = failed_keys(error)
        known = set(field_names(cls))
        stripped = {key: item for key, item in value.items() if key in known and key not in failed}
        if len(stripped) < len(value):
            try:
                return CONVERTER.structure(stripped, cls)
            except Exception:  # reported above; the record is dropped below
                pass
        self.block_since(count)  # the record is dropped: what is wrong with it comes first
        return None

    def add(
        self,
        collection: str,
        value: Any,
        cls: type,
        what: str,
        mark: Source,
        *,
        scope: str | None = None,
        migration: str | None = None,
    ) -> Item | None:
        """Structure ``value`` as ``cls`` and keep it in ``items[collection]``; the item, or None if it was dropped."""
        raw = self.structure(value, cls, what, mark)
        if raw is None:
            return None
        item = Item(raw, value, scope, migration)
        self.items[collection].append(item)
        return item

    # -- the declare and build phases: ids and references ------------------------------------
    def check_id(self, ident: str, item: Item, key: str = "id") -> bool:
        """Whether ``ident`` is a valid id; a blocking ``bad-id`` with a corrected example if not."""
        if ID_PATTERN.match(ident):
            return True
        suggestion = re.sub(r"[^a-z0-9_.-]+", "-", ident.lower()).strip("-.") or "x"
        self.report(
            "bad-id",
            f"'{ident}' is not a valid id",
            item.mark(key),
            subject=ident,
            hint=f"use lower-case letters, digits, '-', '_' and '.', e.g. '{suggestion}'",
            blocking=True,  # the record is left out: references to it fail because of this
        )
        return False

    def unique(self, items: Iterable[tuple[str, Item]], noun: str) -> dict[str, Item]:
        """The records with a valid id, the first of each id; ``bad-id`` and ``duplicate-id`` for the others."""
        seen: dict[str, Item] = {}
        for ident, item in items:
            if not self.check_id(ident, item):
                continue
            if ident in seen:
                first = seen[ident].mark()
                self.report(
                    "duplicate-id",
                    f"{noun} '{ident}' is declared twice (first at {first})",
                    item.mark("id"),
                    subject=ident,
                    hint="rename one of them or remove the duplicate",
                    blocking=True,
                )
                continue
            seen[ident] = item
        return seen

    def resolve(
        self,
        ref: str | None,
        scope: str | None,
        universe: Mapping[str, Any] | set[str],
        what: str,
        source: Source,
        subject: str | None,
    ) -> str | None:
        """Resolve a local or full reference, or report it (``unknown-ref``) with the closest id.

        Args:
            ref: the id as written, local (``build``) or full (``digid.build``); None for no reference.
            scope: the service or platform that a local id is relative to.
            universe: the declared ids.
            what: the message before the id, e.g. ``"activity 'digid.live' has predecessor"``.
            source: the place of the reference.
            subject: what the diagnostic is about.

        Returns:
            The full id, or None when there is no reference or it is unknown.
        """
        if ref is None:
            return None
        if scope is not None and f"{scope}.{ref}" in universe:
            return f"{scope}.{ref}"
        if ref in universe:
            return ref
        names = list(universe)
        suggestion = None
        if scope is not None:
            local = [n[len(scope) + 1 :] for n in names if n.startswith(scope + ".")]
            suggestion = closest(ref, local)
        suggestion = suggestion or closest(ref, names)
        self.report(
            "unknown-ref",
            f"{what} '{ref}', which is not declared",
            source,
            subject=subject,
            hint=self.unreadable_hint()
            or (f"did you mean '{suggestion}'?" if suggestion else "declare it or correct the id"),
        )
        return None

    def ref(
        self,
        item: Item,
        key: str,
        universe: Mapping[str, Any] | set[str],
        what: str,
        subject: str,
        *,
        scope: str | None = None,
    ) -> str | None:
        """Resolve the reference in ``item``'s field ``key`` (the field gives both the id and its place)."""
        return self.resolve(getattr(item.raw, key), scope, universe, what, item.mark(key), subject)

    def refs(
        self, item: Item, key: str, universe: Mapping[str, Any] | set[str], what: str, subject: str | None
    ) -> tuple[str, ...]:
        """Resolve the references in ``item``'s list field ``key``, each at its own place; unknown ones are left out."""
        found = []
        for index, ref in enumerate(getattr(item.raw, key)):
            resolved = self.resolve(ref, None, universe, what, item_mark(item.data, key, index), subject or ref)
            if resolved is not None:
                found.append(resolved)
        return tuple(found)


def item_mark(node: Any, key: str, index: int) -> Source:
    """The mark of ``node[key][index]`` (of ``node[key]``, or ``node``, when there is no such item).

    Examples:
        >>> item_mark(None, "activities", 0)
        Source(file='?', line=0, column=0)
    """
    if isinstance(node, MMap):
        items = node.get(key)
        if isinstance(items, MList) and index < len(items.item_marks):
            return items.item_marks[index]
        return node.value_mark(key, node.mark)
    return Source("?")


def full_id(scope: str | None, local: Any) -> str:
    """The full id of a local id declared inside ``scope`` (a full id stays as it is).

    Examples:
        >>> full_id("digid", "build"), full_id("digid", "digid.build"), full_id(None, "lpc")
        ('digid.build', 'digid.build', 'lpc')
    """
    text = str(local)
    if scope is None or text.startswith(scope + "."):
        return text
    return f"{scope}.{text}"
