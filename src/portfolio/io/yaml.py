"""Load a portfolio from YAML files: files -> located data -> raw records -> model.

The loader never raises on bad user data. It returns a
:class:`~portfolio.diagnostics.LoadResult` with the portfolio (everything
that could be read) and *all* diagnostics, each with a stable code, the file,
line and column, and a way out.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "plan.yaml").write_text(
...     "services:\\n"
...     "  - id: digid\\n"
...     "    name: DigiD\\n"
...     "    activities:\\n"
...     "      - {id: build, duration: 3w}\\n"
...     "      - {id: live, kind: go-live, after: [biuld]}\\n")
>>> portfolio, diagnostics = load_portfolio(folder)
>>> portfolio.activities["digid.build"].duration.days
15
>>> print(diagnostics[0])  # doctest: +ELLIPSIS
/.../plan.yaml:6:43: error[unknown-ref]: activity 'digid.live' has predecessor 'biuld', which is not declared; did you mean 'build'?
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final, TypeVar

import attrs
import networkx as nx
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from portfolio.calendar import BASES, BUILTIN_IDS
from portfolio.diagnostics import CODES, Diagnostic, LoadResult, closest, diagnostic
from portfolio.graph import cycle_diagnostics
from portfolio.io._raw import (
    CONVERTER,
    RENAMED,
    SECTIONS,
    BadDateError,
    BadValueError,
    NumberAsTextError,
    OutOfRangeError,
    RawActivity,
    RawAssignmentReport,
    RawBaseline,
    RawBaselineEntry,
    RawCalendar,
    RawClosed,
    RawConstraint,
    RawFinanceLine,
    RawFinanceNote,
    RawMigration,
    RawPlatform,
    RawPredecessor,
    RawProgress,
    RawRelation,
    RawRules,
    RawService,
    RawSettings,
    RawStatus,
    RawWaiver,
    field_names,
)
from portfolio.io._values import (
    MAX_AMOUNT,
    MAX_DAYS,
    MIN_PLAUSIBLE_AMOUNT,
    SPENT_FACTOR,
    WrittenFloat,
    english_choice,
    plain,
    short,
    thousands_habit,
)
from portfolio.io._yaml_reader import MList, MMap, paused_gc, read_yaml_file
from portfolio.model import (
    ID_PATTERN,
    Activity,
    ActivityProgress,
    Approach,
    Assignment,
    AssignmentReport,
    Baseline,
    BaselineEntry,
    CalendarSpec,
    Constraint,
    Duration,
    FinanceLine,
    FinanceNote,
    FractionalDurationError,
    FreezeWindow,
    Migration,
    Platform,
    Portfolio,
    PortfolioSettings,
    Relation,
    RelationType,
    RuleSettings,
    Service,
    Source,
    StatusUpdate,
    Waiver,
)

__all__ = ["BUILTIN_CALENDARS", "load_portfolio", "portfolio_files"]

#: Calendars every portfolio has without declaring them.
BUILTIN_CALENDARS: Final = BUILTIN_IDS

_SUFFIXES: Final = (".yaml", ".yml")
_WEEKDAYS: Final = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_CALENDAR_BASES: Final = BASES
_T = TypeVar("_T")


def portfolio_files(root: Path) -> list[Path]:
    """The YAML files of a portfolio folder, sorted; hidden and ``_`` folders are skipped.

    >>> portfolio_files(Path("/nonexistent"))
    []
    """
    if root.exists() and not root.is_dir():  # a file, or a device or pipe the reader refuses by name
        return [root]
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root).parts
        if any(part.startswith((".", "_")) for part in rel[:-1]) or rel[-1].startswith("."):
            continue
        # Not only regular files: a broken or looping link named *.yaml is
        # read too, so that it gets an io-error instead of being skipped.
        if path.suffix.lower() in _SUFFIXES and not path.is_dir():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def load_portfolio(path: Path | str) -> LoadResult:
    """Load a portfolio folder (or one YAML file): the portfolio and all diagnostics."""
    with paused_gc():  # no cycles are made; the collector would walk the growing data over and over
        return _Loader(Path(path)).run()


@attrs.define
class _Item:
    """A structured raw record with its data (for marks) and context."""

    raw: Any
    data: MMap
    scope: str | None = None  # service or platform id that local ids are relative to
    migration: str | None = None


@attrs.define
class _Pending:
    """An `after:` entry or `relations:` record waiting for its ids to be resolved."""

    predecessor: str
    successor: str
    type: RelationType
    lag: Duration
    scope: str | None
    source: Source
    explicit: bool  # from `relations:` (both ids full) rather than `after:`


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        self.settings: list[_Item] = []
        self.calendars: list[_Item] = []
        self.platforms: list[_Item] = []
        self.services: list[_Item] = []
        self.migrations: list[_Item] = []
        self.activities: list[_Item] = []
        self.relations: list[_Item] = []
        self.freeze_windows: list[_Item] = []
        self.assignments: list[_Item] = []
        self.baselines: list[_Item] = []
        self.status: list[_Item] = []
        self.rules: list[_Item] = []
        self.waivers: list[_Item] = []
        #: Diagnostics (by identity) that stopped a file or record from being read: reported first.
        self.blocking: set[int] = set()
        #: Files that could not be read at all (as named in messages, relative to the root).
        self.unreadable: list[str] = []

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
        # Every message offers a way out: the code's documented fix when no better hint is at hand.
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

    # -- phase 1: files -> raw records ------------------------------------------------------
    def run(self) -> LoadResult:
        if not self.root.exists():
            self.report(
                "io-error",
                f"{self.root} does not exist",
                Source(str(self.root)),
                hint="check the path; give the portfolio folder or one of its YAML files",
            )
            return LoadResult(Portfolio(), tuple(self.diagnostics))
        files = portfolio_files(self.root)
        if not files:
            self.report(
                "no-files",
                f"{self.root} holds no .yaml or .yml files",
                Source(str(self.root)),
                hint="point at the folder that holds the portfolio files",
            )
            return LoadResult(Portfolio(), tuple(self.diagnostics))
        for file in files:
            data, problems = read_yaml_file(file, str(file))
            self.diagnostics.extend(problems)
            if data is None:
                if problems:  # not an empty file: one that could not be read
                    self.blocking.update(id(found) for found in problems)
                    self.unreadable.append(self.display(str(file)))
                continue
            self.read_sections(data, str(file))
        portfolio = _Builder(self).build()
        # First what stopped a file or record from being read (the root cause of
        # the unknown references that follow from it), then the rest in reading
        # order: by file, then line and column (problems found in later passes,
        # such as unknown references, join their line).
        order = {str(file): index for index, file in enumerate(files)}

        def place(found: Diagnostic) -> tuple[int, int, int, int]:
            first = 0 if id(found) in self.blocking else 1
            source = found.source
            if source is None:
                return (first, -1, 0, 0)
            return (first, order.get(source.file, -1), source.line, source.column)

        return LoadResult(portfolio, tuple(sorted(self.diagnostics, key=place)))

    def read_sections(self, data: Any, file: str) -> None:
        if not isinstance(data, MMap):
            self.report(
                "wrong-type",
                f"a portfolio file is a mapping of sections ({', '.join(SECTIONS)}), not {_kind(data)}",
                data.mark if isinstance(data, MList) else Source(file, 1, 1),
                hint="start the file with a section name, e.g. 'services:'",
                blocking=True,
            )
            self.unreadable.append(self.display(file))
            return
        for key, value in data.items():
            if key == "capacity":  # read by portfolio.capacity.read_capacity (docs/capacity.md)
                continue
            if key not in SECTIONS:
                suggestion = closest(str(key), SECTIONS)
                self.report(
                    "unknown-key",
                    f"unknown section '{key}'",
                    data.key_marks.get(key),
                    hint=f"did you mean '{suggestion}'?" if suggestion else f"the sections are {', '.join(SECTIONS)}",
                    blocking=True,
                )
                continue
            mark = data.value_marks.get(key, data.mark)
            if key == "portfolio":
                self.add(self.settings, value, RawSettings, "the portfolio settings", mark)
            elif key == "baseline":
                self.add(self.baselines, value, RawBaseline, "the baseline", mark)
            elif key == "status":
                self.add(self.status, value, RawStatus, "the status update", mark)
            elif key == "rules":
                self.add(self.rules, value, RawRules, "the rules settings", mark)
            else:
                self.add_list(key, value, mark)

    def add_list(self, key: str, value: Any, mark: Source) -> None:
        if not isinstance(value, MList):
            if value is None:
                return
            self.report(
                "wrong-type",
                f"section '{key}' is a list of records ('- id: ...'), not {_kind(value)}",
                mark,
                hint=f"write one '- ...' item per record under '{key}:'",
                blocking=True,
            )
            return
        cls = SECTIONS[key][0]
        target: list[_Item] = getattr(self, key)
        noun = key.rstrip("s").replace("_", " ")
        for index, item in enumerate(value):
            item_mark = value.item_marks[index]
            what = _record_name(noun, item, index)
            if cls is RawService:
                self.add_service(item, item_mark, what)
            elif cls is RawPlatform:
                self.add_platform(item, item_mark, what)
            else:
                self.add(target, item, cls, what, item_mark)

    def structure(self, value: Any, cls: type[_T], what: str, mark: Source) -> _T | None:
        """Structure one record; on failure report every problem in it and keep what can be kept.

        An unknown key (a typo) or one bad optional value should not hide the
        whole record and cascade into "unknown id" errors elsewhere: once the
        problems are reported, the record is structured again without the
        offending keys (their defaults apply). Only a record whose required
        keys are missing or bad is dropped.
        """
        if not isinstance(value, MMap):
            self.report(
                "wrong-type",
                f"{what} must be a mapping (key: value), not {_kind(value)}",
                mark,
                hint="write it as 'key: value' lines or {key: value, ...}",
                blocking=True,
            )
            return None
        count = len(self.diagnostics)
        try:
            return CONVERTER.structure(value, cls)
        except Exception as error:
            self.explain(error, value, what, mark)
            failed = _failed_keys(error)
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
        target: list[_Item],
        value: Any,
        cls: type,
        what: str,
        mark: Source,
        *,
        scope: str | None = None,
        migration: str | None = None,
    ) -> _Item | None:
        raw = self.structure(value, cls, what, mark)
        if raw is None:
            return None
        item = _Item(raw, value, scope, migration)
        target.append(item)
        return item

    def add_service(self, value: Any, mark: Source, what: str) -> None:
        item = self.add(self.services, value, RawService, what, mark)
        if item is None:
            return
        service: RawService = item.raw
        scope = service.id
        for index, migration in enumerate(service.migrations):
            m_mark = _item_mark(value, "migrations", index)
            m_name = migration.get("id") if isinstance(migration, MMap) else None
            m_what = (
                f"migration '{_full(scope, m_name)}'"
                if isinstance(m_name, str)
                else f"migration #{index + 1} of service '{scope}'"
            )
            m_item = self.add(self.migrations, migration, RawMigration, m_what, m_mark, scope=scope)
            if m_item is None:
                continue
            migration_id = _full(scope, m_item.raw.id)
            for a_index, activity in enumerate(m_item.raw.activities):
                self.add_activity(activity, _item_mark(migration, "activities", a_index), scope, migration_id)
        for index, activity in enumerate(service.activities):
            self.add_activity(activity, _item_mark(value, "activities", index), scope, None)

    def add_platform(self, value: Any, mark: Source, what: str) -> None:
        item = self.add(self.platforms, value, RawPlatform, what, mark)
        if item is None:
            return
        for index, activity in enumerate(item.raw.activities):
            self.add_activity(activity, _item_mark(value, "activities", index), item.raw.id, None)

    def add_activity(self, value: Any, mark: Source, scope: str, migration: str | None) -> None:
        name = value.get("id") if isinstance(value, MMap) else None
        what = f"activity '{_full(scope, name)}'" if isinstance(name, str) else f"an activity of '{scope}'"
        self.add(self.activities, value, RawActivity, what, mark, scope=scope, migration=migration)

    def explain(self, error: BaseException, node: Any, what: str, mark: Source, key: str | None = None) -> None:
        """Turn a cattrs error tree into located diagnostics (``key`` is the key of ``node``, if any)."""
        if isinstance(error, ClassValidationError | IterableValidationError):
            with_notes, without_notes = error.group_exceptions()
            for sub, note in with_notes:
                if isinstance(error, IterableValidationError):
                    index = getattr(note, "index", 0)
                    child = node[index] if isinstance(node, list) and index < len(node) else None
                    child_mark = (
                        node.item_marks[index] if isinstance(node, MList) and index < len(node.item_marks) else mark
                    )
                    self.explain(sub, child, f"{what}, item {index + 1}", child_mark, key)
                    continue
                name = RENAMED.get(getattr(note, "name", ""), getattr(note, "name", ""))
                if isinstance(sub, KeyError):
                    self.report("missing-key", f"{what} needs '{name}'", mark, hint=f"add '{name}: ...' to it")
                    continue
                child = node.get(name) if isinstance(node, dict) else None
                child_mark = node.value_marks.get(name, mark) if isinstance(node, MMap) else mark
                self.explain(sub, child, f"{what}: '{name}'", child_mark, name)
            for sub in without_notes:
                self.explain(sub, node, what, mark, key)
        elif isinstance(error, ForbiddenExtraKeysError):
            self.unknown_keys(error, node, what, mark)
        else:
            self.explain_value(error, node, what, mark, key)

    def unknown_keys(self, error: ForbiddenExtraKeysError, node: Any, what: str, mark: Source) -> None:
        """An ``unknown-key`` per key the record does not know, at the key, with the closest known key.

        A dropped key may have declared something (a typo in ``activities:``
        hides activities), so it comes before what follows from it.
        """
        known = field_names(error.cl)
        for key in sorted(error.extra_fields, key=str):
            suggestion = closest(str(key), known)
            key_mark = node.key_marks.get(key, mark) if isinstance(node, MMap) else mark
            self.report(
                "unknown-key",
                f"{what} has unknown key '{key}'",
                key_mark,
                hint=f"did you mean '{suggestion}'?" if suggestion else f"the keys are {', '.join(known)}",
                blocking=True,
            )

    def explain_value(self, error: BaseException, node: Any, what: str, mark: Source, key: str | None) -> None:
        """One bad value: its own code, and a hint that shows the fix where the loader can see it."""
        write = f"{key}: " if key else ""
        if isinstance(error, OutOfRangeError):
            self.report("out-of-range", f"{what}: {error}", mark, hint=error.hint)
        elif isinstance(error, BadDateError):
            self.report("bad-date", f"{what}: {error}", mark, hint=error.hint)
        elif isinstance(error, BadValueError) and error.english is not None:
            self.report(
                "dutch-choice",
                f"{what}: {error.value!r} is Dutch; the files use the English values",
                mark,
                hint=f"write '{write}{error.english}'",
            )
        elif isinstance(error, BadValueError):
            suggestion = closest(str(error.value), error.allowed)
            self.report(
                "bad-value",
                f"{what}: {error.value!r} is not allowed",
                mark,
                hint=(f"did you mean '{suggestion}'? " if suggestion else "")
                + f"choose from {', '.join(error.allowed)}",
            )
        elif isinstance(error, NumberAsTextError):
            write = f"{error.key}: " if error.key else write
            self.report("number-as-text", f"{what}: {error}", mark, hint=f"write '{write}{error.fixed}'")
        else:  # WrongTypeError, and cattrs' own TypeError or ValueError on plain data
            self.report("wrong-type", f"{what}: {error}", mark, hint=_type_hint(node))


def _record_name(noun: str, item: Any, index: int) -> str:
    """How messages name a record of a list section: by its id (or name) when it has one, else by number."""
    if isinstance(item, MMap):
        for key in ("id", "name"):
            if isinstance(item.get(key), str):
                return f"{noun} '{item[key]}'"
        if noun == "waiver" and isinstance(item.get("rule"), str):
            subject = item.get("subject")
            return f"waiver of rule '{item['rule']}'" + (f" for '{subject}'" if isinstance(subject, str) else "")
    return f"{noun} #{index + 1}"


def _place(source: Source) -> tuple[str, int, int]:
    """A source as a sort key in file order."""
    return (source.file, source.line or 0, source.column or 0)


def _failed_keys(error: BaseException) -> set[str]:
    """The keys of a record whose values failed to structure (from cattrs' error notes)."""
    if not isinstance(error, ClassValidationError):
        return set()
    with_notes, _without = error.group_exceptions()
    names = (getattr(note, "name", None) for _sub, note in with_notes)
    return {RENAMED.get(name, name) for name in names if isinstance(name, str)}


def _type_hint(value: Any) -> str:
    """The way out of a wrong-type problem, with the YAML trap that usually causes it."""
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


def _item_mark(node: Any, key: str, index: int) -> Source:
    """The mark of ``node[key][index]``."""
    if isinstance(node, MMap):
        items = node.get(key)
        if isinstance(items, MList) and index < len(items.item_marks):
            return items.item_marks[index]
        return node.value_marks.get(key, node.mark)
    return Source("?")


def _full(scope: str | None, local: Any) -> str:
    """The full id of a local id declared inside ``scope``."""
    text = str(local)
    if scope is None or text.startswith(scope + "."):
        return text
    return f"{scope}.{text}"


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{value!r}"


_DURATION_HINT: Final = "write working days as 15d, weeks as 3w, months as 2mo, elapsed days as 10ed"
_AFTER: Final = re.compile(r"^(FS|SS|FF|SF)?([+-].*)?$", re.IGNORECASE)


class _Builder:
    """Phase 2: raw records -> model records, resolving ids and checking meaning."""

    def __init__(self, loader: _Loader) -> None:
        self.loader = loader
        self.report = loader.report

    def mark(self, item: _Item, key: str | None = None) -> Source:
        if key is not None:
            return item.data.value_marks.get(key, item.data.mark)
        return item.data.mark

    def check_id(self, ident: str, item: _Item, key: str = "id") -> bool:
        if ID_PATTERN.match(ident):
            return True
        suggestion = re.sub(r"[^a-z0-9_.-]+", "-", ident.lower()).strip("-.") or "x"
        self.report(
            "bad-id",
            f"'{ident}' is not a valid id",
            self.mark(item, key),
            subject=ident,
            hint=f"use lower-case letters, digits, '-', '_' and '.', e.g. '{suggestion}'",
            blocking=True,  # the record is left out: references to it fail because of this
        )
        return False

    def unique(self, items: Iterable[tuple[str, _Item]], noun: str) -> dict[str, _Item]:
        seen: dict[str, _Item] = {}
        for ident, item in items:
            if not self.check_id(ident, item):
                continue
            if ident in seen:
                first = self.mark(seen[ident])
                self.report(
                    "duplicate-id",
                    f"{noun} '{ident}' is declared twice (first at {first})",
                    self.mark(item, "id"),
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
        """Resolve a local or full reference, or report it with the closest id."""
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
            hint=self.loader.unreadable_hint()
            or (f"did you mean '{suggestion}'?" if suggestion else "declare it or correct the id"),
        )
        return None

    def build(self) -> Portfolio:
        ld = self.loader
        settings = self.build_settings()
        calendars = self.build_calendars()
        calendar_ids = set(BUILTIN_CALENDARS) | set(calendars)

        platform_items = self.unique(((i.raw.id, i) for i in ld.platforms), "platform")
        service_items = self.unique(((i.raw.id, i) for i in ld.services), "service")
        migration_items = self.unique(((_full(i.scope, i.raw.id), i) for i in ld.migrations), "migration")
        activity_items = self.unique(((_full(i.scope, i.raw.id), i) for i in ld.activities), "activity")
        assignment_items = self.unique(((i.raw.id, i) for i in ld.assignments), "assignment")
        freeze_items = self.unique(((i.raw.id, i) for i in ld.freeze_windows), "freeze window")

        if ld.settings:  # the settings' references, each at its own line
            first = ld.settings[0]
            if settings.calendar not in calendar_ids:
                self.ref(first, "calendar", calendar_ids, "the portfolio's calendar is", settings.calendar)
                settings = attrs.evolve(settings, calendar="rijk")
            key_milestones = self.refs(first, "key_milestones", activity_items, "key milestone is", None)
        else:
            key_milestones = ()
        settings = attrs.evolve(settings, key_milestones=key_milestones)

        platforms: dict[str, Platform] = {}
        for ident, item in platform_items.items():
            raw: Any = item.raw
            platforms[ident] = Platform(
                id=ident,
                name=raw.name,
                kind=raw.kind,
                description=raw.description,
                ready=self.ref(
                    item, "ready", activity_items, f"platform '{ident}' has readiness milestone", ident, scope=ident
                ),
                exit=self.ref(
                    item, "exit", activity_items, f"platform '{ident}' has exit milestone", ident, scope=ident
                ),
                contract_end=raw.contract_end,
                source=self.mark(item),
            )

        services: dict[str, Service] = {}
        for ident, item in service_items.items():
            raw = item.raw
            depends = self.refs(item, "depends_on", service_items, f"service '{ident}' depends on", ident)
            if raw.availability_norm is not None and not 0 <= raw.availability_norm <= 100:
                self.report(
                    "bad-percent",
                    f"service '{ident}': availability norm {raw.availability_norm} is not a percentage",
                    self.mark(item, "availability_norm"),
                    subject=ident,
                    hint="give a number from 0 to 100, e.g. 99.8",
                )
            services[ident] = Service(
                id=ident,
                name=raw.name,
                domain=raw.domain,
                owner=raw.owner,
                platform=self.ref(item, "platform", platform_items, f"service '{ident}' runs on platform", ident),
                availability_norm=raw.availability_norm,
                depends_on=depends,
                description=raw.description,
                source=self.mark(item),
            )

        self.check_service_dependencies(services, service_items)

        migrations: dict[str, Migration] = {}
        for ident, item in migration_items.items():
            raw = item.raw
            where = f"migration '{ident}'"
            target = self.ref(item, "target", platform_items, f"{where} has target platform", ident)
            candidates = self.refs(item, "candidates", platform_items, f"{where} has candidate platform", ident)
            decision = self.ref(
                item, "decision", activity_items, f"{where} has decision milestone", ident, scope=item.scope
            )
            if raw.target is None and not raw.candidates and raw.approach not in (Approach.RETIRE, Approach.RETAIN):
                self.report(
                    "migration-no-target",
                    f"{where} has neither a target nor candidate platforms",
                    self.mark(item),
                    subject=ident,
                    hint="add 'target: <platform>', or 'candidates: [...]' and 'decision: <milestone>'",
                )
            elif raw.target is None and raw.candidates and raw.decision is None:
                self.report(
                    "migration-no-decision",
                    f"{where} lists candidate platforms but no decision milestone",
                    self.mark(item, "candidates"),
                    subject=ident,
                    hint="add 'decision: <milestone>' naming the milestone that picks the platform",
                )
            migrations[ident] = Migration(
                id=ident,
                service=item.scope or "",
                name=raw.name,
                source_platform=self.ref(item, "source", platform_items, f"{where} has source platform", ident),
                target=target,
                candidates=candidates,
                decision=decision,
                approach=raw.approach,
                fallback=raw.fallback,
                description=raw.description,
                source=self.mark(item),
            )

        activities, pending = self.build_activities(
            activity_items, calendar_ids, platform_items, service_items, migration_items
        )
        relations = self.build_relations(pending, activity_items)

        freeze_windows: dict[str, FreezeWindow] = {}
        for ident, item in freeze_items.items():
            raw = item.raw
            if raw.to < raw.from_:
                self.report(
                    "bad-freeze-window",
                    f"freeze window '{ident}' ends ({raw.to}) before it starts ({raw.from_})",
                    self.mark(item, "to"),
                    subject=ident,
                    hint="swap or correct the dates",
                )
            freeze_windows[ident] = FreezeWindow(
                id=ident,
                name=raw.name,
                start=raw.from_,
                finish=raw.to,
                reason=raw.reason,
                platforms=self.refs(
                    item, "platforms", platform_items, f"freeze window '{ident}' names platform", ident
                ),
                services=self.refs(item, "services", service_items, f"freeze window '{ident}' names service", ident),
                source=self.mark(item),
            )

        assignments: dict[str, Assignment] = {}
        for ident, item in assignment_items.items():
            raw = item.raw
            where = f"assignment '{ident}'"
            self.plausible_amount(item.data, "budget", where, ident)
            assignments[ident] = Assignment(
                id=ident,
                title=raw.title,
                client=raw.client,
                contractor=raw.contractor,
                owner=raw.owner,
                services=self.refs(item, "services", service_items, f"{where} names service", ident),
                migrations=self.refs(item, "migrations", migration_items, f"{where} names migration", ident),
                activities=self.refs(item, "activities", activity_items, f"{where} names activity", ident),
                key_milestones=self.refs(item, "key_milestones", activity_items, f"{where} has key milestone", ident),
                budget=raw.budget,
                status=raw.status,
                phase=raw.phase,
                explanation=raw.explanation,
                source=self.mark(item),
            )

        baselines = self.build_baselines(activity_items)
        updates = self.build_status(activity_items, service_items, assignment_items)
        rules = self.build_rules()
        subjects: set[str] = set()
        for universe in (platforms, services, migrations, activities, assignments, freeze_windows, baselines):
            subjects.update(universe)
        waivers = self.build_waivers(subjects)

        portfolio = Portfolio(
            settings=settings,
            calendars=calendars,
            platforms=platforms,
            services=services,
            migrations=migrations,
            activities=activities,
            relations=relations,
            assignments=assignments,
            baselines=baselines,
            status_updates=updates,
            freeze_windows=freeze_windows,
            rules=rules,
            waivers=waivers,
        )
        self.loader.diagnostics.extend(cycle_diagnostics(portfolio))
        return portfolio

    def check_service_dependencies(self, services: Mapping[str, Service], items: Mapping[str, _Item]) -> None:
        """A ``service-dependency-cycle`` warning per loop of ``depends_on``, at the service declared last in it."""
        graph = nx.DiGraph()
        graph.add_edges_from((ident, other) for ident, service in services.items() for other in service.depends_on)
        for component in sorted(nx.strongly_connected_components(graph), key=min):
            start = min(component)
            if len(component) == 1 and not graph.has_edge(start, start):
                continue
            loop = [edge[0] for edge in nx.find_cycle(graph.subgraph(component), source=start)]
            last = max(loop, key=lambda ident: _place(self.mark(items[ident], "depends_on")))
            self.report(
                "service-dependency-cycle",
                "services depend on each other: " + " -> ".join([*loop, loop[0]]),
                self.mark(items[last], "depends_on"),
                subject=last,
                hint="one of these dependencies is probably the wrong way round: "
                + ", ".join(f"'{a}' depends on '{b}'" for a, b in zip(loop, [*loop[1:], loop[0]], strict=True)),
            )

    def ref(
        self,
        item: _Item,
        key: str,
        universe: Mapping[str, Any] | set[str],
        what: str,
        subject: str,
        *,
        scope: str | None = None,
    ) -> str | None:
        """Resolve the reference in ``item``'s field ``key`` (the field gives both the id and its place)."""
        return self.resolve(getattr(item.raw, key), scope, universe, what, self.mark(item, key), subject)

    def refs(
        self, item: _Item, key: str, universe: Mapping[str, Any] | set[str], what: str, subject: str | None
    ) -> tuple[str, ...]:
        """Resolve the references in ``item``'s list field ``key``, each at its own place; unknown ones are left out."""
        found = []
        for index, ref in enumerate(getattr(item.raw, key)):
            resolved = self.resolve(ref, None, universe, what, _item_mark(item.data, key, index), subject or ref)
            if resolved is not None:
                found.append(resolved)
        return tuple(found)

    def build_settings(self) -> PortfolioSettings:
        items = self.loader.settings
        if not items:
            return PortfolioSettings()
        for extra in items[1:]:
            self.report(
                "duplicate-id",
                f"the portfolio settings are given twice (first at {self.mark(items[0])})",
                self.mark(extra),
                hint="keep one 'portfolio:' section",
                blocking=True,
            )
        item = items[0]
        raw: RawSettings = item.raw
        return PortfolioSettings(
            name=raw.name,
            description=raw.description,
            calendar=raw.calendar,
            start=raw.start,
            key_milestones=tuple(raw.key_milestones),
            critical_float=raw.critical_float,
            lag_from_actual_start=raw.lag_from_actual_start,
            source=self.mark(item),
        )

    def build_rules(self) -> RuleSettings:
        """The ``rules:`` section; rule ids are checked later, by the rules engine, which knows them."""
        items = self.loader.rules
        if not items:
            return RuleSettings()
        for extra in items[1:]:
            self.report(
                "duplicate-id",
                f"the rules settings are given twice (first at {self.mark(items[0])})",
                self.mark(extra),
                hint="keep one 'rules:' section",
                blocking=True,
            )
        item = items[0]
        raw: RawRules = item.raw
        marks: dict[str, Source] = {}
        for key in ("sets", "enable", "disable", "load"):
            node = item.data.get(key)
            for index, name in enumerate(getattr(raw, key)):
                if isinstance(node, MList) and index < len(node.item_marks):
                    marks.setdefault(f"{key}:{name}", node.item_marks[index])
                else:
                    marks.setdefault(f"{key}:{name}", self.mark(item, key))
        severity: dict[str, str] = {}
        node = item.data.get("severity")
        for rule, value in raw.severity.items():
            mark = node.value_marks.get(rule, self.mark(item)) if isinstance(node, MMap) else self.mark(item)
            marks[f"severity:{rule}"] = node.key_marks.get(rule, mark) if isinstance(node, MMap) else mark
            if value not in ("error", "warning", "info"):
                suggestion = closest(str(value), ["error", "warning", "info"])
                self.report(
                    "bad-value",
                    f"the rules settings: severity {value!r} of rule '{rule}' is not allowed",
                    mark,
                    subject=str(rule),
                    hint=(f"did you mean '{suggestion}'? " if suggestion else "") + "choose from error, warning, info",
                )
                continue
            severity[str(rule)] = value
        parameters: dict[str, dict[str, Any]] = {}
        node = item.data.get("parameters")
        for rule, values in raw.parameters.items():
            mark = node.value_marks.get(rule, self.mark(item)) if isinstance(node, MMap) else self.mark(item)
            marks[f"parameters:{rule}"] = node.key_marks.get(rule, mark) if isinstance(node, MMap) else mark
            if not isinstance(values, dict):
                self.report(
                    "wrong-type",
                    f"the rules settings: the parameters of rule '{rule}' must be a mapping, not {_kind(values)}",
                    mark,
                    subject=str(rule),
                    hint="write e.g. 'phased-not-big-bang: {max_cutovers: 2, window: 10}'",
                )
                continue
            for name in values:
                inner = values.value_marks.get(name, mark) if isinstance(values, MMap) else mark
                marks[f"parameters:{rule}.{name}"] = (
                    values.key_marks.get(name, inner) if isinstance(values, MMap) else inner
                )
            parameters[str(rule)] = {k: plain(v) for k, v in values.items()}  # no reader types in the model
        return RuleSettings(
            sets=raw.sets,
            enable=raw.enable,
            disable=raw.disable,
            severity=severity,
            parameters=parameters,
            load=raw.load,
            source=self.mark(item),
            marks=marks,
        )

    def build_waivers(self, subjects: set[str]) -> list[Waiver]:
        """The ``waivers:`` section; a subject must be a declared id (the rule id is checked by the engine)."""
        waivers = []
        for item in self.loader.waivers:
            raw: RawWaiver = item.raw
            subject = raw.subject
            if subject is not None and subject not in subjects:
                self.resolve(
                    subject,
                    None,
                    subjects,
                    f"waiver of rule '{raw.rule}' names subject",
                    self.mark(item, "subject"),
                    subject,
                )
                continue
            if raw.accepted is not None and raw.accepted > raw.expires:
                self.report(
                    "bad-date",
                    f"waiver of rule '{raw.rule}' is accepted ({raw.accepted}) after it expires ({raw.expires})",
                    self.mark(item, "accepted"),
                    subject=subject,
                    hint="correct one of the two dates",
                )
            for key in ("reason", "accepted_by"):
                if not getattr(raw, key).strip():
                    self.report(
                        "missing-key",
                        f"waiver of rule '{raw.rule}' has an empty '{key}'",
                        self.mark(item, key),
                        subject=subject,
                        hint="a waiver says why the finding is accepted and who accepted it",
                    )
            waivers.append(
                Waiver(
                    rule=raw.rule,
                    subject=subject,
                    reason=raw.reason,
                    accepted_by=raw.accepted_by,
                    expires=raw.expires,
                    accepted=raw.accepted,
                    source=self.mark(item),
                )
            )
        return waivers

    def build_calendars(self) -> dict[str, CalendarSpec]:
        calendars: dict[str, CalendarSpec] = {}
        items = self.unique(((i.raw.id, i) for i in self.loader.calendars), "calendar")
        for ident, item in items.items():
            raw: RawCalendar = item.raw
            if ident in BUILTIN_CALENDARS:
                self.report(
                    "duplicate-id",
                    f"calendar '{ident}' is built in",
                    self.mark(item, "id"),
                    subject=ident,
                    hint="give your calendar another id, e.g. 'rijk-kerst'",
                    blocking=True,
                )
                continue
            base = raw.base
            if base not in _CALENDAR_BASES:
                self.report(
                    "bad-value",
                    f"calendar '{ident}': base {base!r} is not allowed",
                    self.mark(item, "base"),
                    subject=ident,
                    hint=f"choose from {', '.join(_CALENDAR_BASES)}",
                )
                base = "rijk"
            workweek = self.workweek(item, ident)
            if not workweek:
                self.report(
                    "calendar-no-workdays",
                    f"calendar '{ident}' has no working days",
                    self.mark(item, "workweek"),
                    subject=ident,
                    hint="list at least one working weekday, e.g. [mon, tue, wed, thu, fri]",
                )
            closed: list[dt.date] = []
            closed_node = item.data.get("closed")
            for index, entry in enumerate(raw.closed):
                entry_mark = _item_mark(item.data, "closed", index)
                if isinstance(entry, dict):
                    period = self.loader.structure(entry, RawClosed, f"calendar '{ident}', closed period", entry_mark)
                    if period is None:
                        continue
                    if period.to < period.from_:
                        self.report(
                            "bad-date",
                            f"calendar '{ident}': closed period ends before it starts",
                            entry_mark,
                            subject=ident,
                            hint="swap the dates",
                        )
                        continue
                    closed_day = period.from_
                    while closed_day <= period.to:
                        closed.append(closed_day)
                        closed_day += dt.timedelta(days=1)
                else:
                    try:
                        closed.append(CONVERTER.structure(entry, dt.date))
                    except OutOfRangeError as error:
                        self.report("out-of-range", f"calendar '{ident}', closed day: {error}", entry_mark,
                                    subject=ident, hint=error.hint)
                    except (BadDateError, ValueError, TypeError) as error:
                        self.report(
                            "bad-date",
                            f"calendar '{ident}', closed day: {error}",
                            entry_mark,
                            subject=ident,
                            hint=error.hint
                            if isinstance(error, BadDateError) and "not a day" in str(error)
                            else "write dates as 2023-12-27 or {from: ..., to: ...}",
                        )
            del closed_node
            calendars[ident] = CalendarSpec(
                id=ident,
                name=raw.name,
                base=base,
                workweek=tuple(sorted(workweek)),
                closed=tuple(sorted(set(closed))),
                open=tuple(raw.open),
                source=self.mark(item),
            )
        return calendars

    def workweek(self, item: _Item, ident: str) -> list[int]:
        """A calendar's working weekdays (0 is Monday); each bad one reported at its entry, a Dutch one named."""
        workweek: list[int] = []
        for index, day in enumerate(item.raw.workweek):
            number = _WEEKDAYS.get(day.strip().lower()[:3])
            mark = _item_mark(item.data, "workweek", index)
            english = english_choice(day, _WEEKDAYS)
            if number is None and english is not None:
                self.report(
                    "dutch-choice",
                    f"calendar '{ident}': {day!r} is Dutch; the files use the English weekdays",
                    mark,
                    subject=ident,
                    hint=f"write '{english}'",
                )
            elif number is None:
                self.report(
                    "bad-value",
                    f"calendar '{ident}': {day!r} is not a weekday",
                    mark,
                    subject=ident,
                    hint="write weekdays as mon, tue, wed, thu, fri, sat, sun",
                )
            elif number not in workweek:
                workweek.append(number)
        return workweek

    def build_activities(
        self,
        items: dict[str, _Item],
        calendar_ids: set[str],
        platforms: Mapping[str, Any],
        services: Mapping[str, Any],
        migrations: Mapping[str, Any],
    ) -> tuple[dict[str, Activity], list[_Pending]]:
        activities: dict[str, Activity] = {}
        pending: list[_Pending] = []
        for ident, item in items.items():
            raw: RawActivity = item.raw
            where = f"activity '{ident}'"
            duration = self.duration(raw.duration, item, "duration", where, allow_negative=False)
            constraint = self.constraint(raw.constraint, item, where)
            service = item.scope if item.scope in services else None
            if raw.service is not None:
                service = self.ref(item, "service", services, f"{where} belongs to service", ident)
            migration = item.migration
            if raw.migration is not None:
                migration = self.ref(
                    item, "migration", migrations, f"{where} belongs to migration", ident, scope=service
                )
            platform = item.scope if item.scope in platforms else None
            if raw.platform is not None:
                platform = self.ref(item, "platform", platforms, f"{where} concerns platform", ident)
            calendar = None
            if raw.calendar is not None:
                calendar = self.ref(item, "calendar", calendar_ids, f"{where} uses calendar", ident)
            activities[ident] = Activity(
                id=ident,
                name=raw.name or ident,
                duration=duration,
                kind=raw.kind,
                calendar=calendar,
                service=service,
                migration=migration,
                platform=platform,
                constraint=constraint,
                deadline=raw.deadline,
                description=raw.description,
                source=self.mark(item),
            )
            after = item.data.get("after")
            for index, entry in enumerate(raw.after):
                entry_mark = after.item_marks[index] if isinstance(after, MList) else self.mark(item, "after")
                parsed = self.predecessor(entry, entry_mark, where)
                if parsed is not None:
                    pending.append(
                        _Pending(parsed[0], ident, parsed[1], parsed[2], item.scope, entry_mark, explicit=False)
                    )
        for item in self.loader.relations:
            raw_relation: RawRelation = item.raw
            lag = self.duration(raw_relation.lag, item, "lag", "the relation", allow_negative=True)
            pending.append(
                _Pending(
                    raw_relation.from_, raw_relation.to, raw_relation.type, lag, None, self.mark(item), explicit=True
                )
            )
        return activities, pending

    def build_relations(self, pending: list[_Pending], activities: Mapping[str, Any]) -> tuple[Relation, ...]:
        relations: list[Relation] = []
        for p in pending:
            if p.explicit:
                pred = self.resolve(p.predecessor, None, activities, "relation comes from", p.source, p.predecessor)
                succ = self.resolve(p.successor, None, activities, "relation goes to", p.source, p.successor)
            else:
                pred = self.resolve(
                    p.predecessor,
                    p.scope,
                    activities,
                    f"activity '{p.successor}' has predecessor",
                    p.source,
                    p.successor,
                )
                succ = p.successor
            if pred is None or succ is None:
                continue
            relations.append(Relation(predecessor=pred, successor=succ, type=p.type, lag=p.lag, source=p.source))
        return tuple(relations)

    def duration(self, value: Any, item: _Item, key: str, where: str, *, allow_negative: bool) -> Duration:
        """The duration or lag in ``item``'s field ``key``; 0 (reported) when it is bad."""
        if value is None:
            return Duration(0)
        found = self.read_duration(value, f"{where}: {key}", self.mark(item, key), allow_negative=allow_negative)
        return Duration(0) if found is None else found

    def read_duration(
        self,
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
        """
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        hint = "write lags as +5d, -2d, +1w, +10ed" if lag else _DURATION_HINT
        try:
            duration = Duration.parse(value)
        except FractionalDurationError as error:
            message = f"{what} {value!r} is not a whole number of days"
            self.report("bad-duration", message, mark, subject=subject, hint=str(error))
            return None
        except (ValueError, TypeError):
            self.report("bad-duration", f"{what} {value!r} is not a duration", mark, subject=subject, hint=hint)
            return None
        if abs(duration.days) > MAX_DAYS:
            self.report(
                "out-of-range",
                f"{what} {short(value)} is longer than {MAX_DAYS} days (100 years of working days)",
                mark,
                subject=subject,
                hint=f"give at most {MAX_DAYS}d ({MAX_DAYS // 5}w, {MAX_DAYS // 20}mo); check for a digit too many",
            )
            return None
        if duration.days < 0 and not allow_negative:
            self.report(
                "negative-duration",
                f"{what} {value} is negative",
                mark,
                subject=subject,
                hint="use 0d for a milestone, a positive duration otherwise",
            )
            return None
        return duration

    def constraint(self, value: Any, item: _Item, where: str) -> Constraint | None:
        if value is None:
            return None
        mark = self.mark(item, "constraint")
        if isinstance(value, str):
            parts = value.split()
            if len(parts) == 1 and parts[0].upper() == "ASAP":
                return None
            if len(parts) != 2:
                self.report(
                    "wrong-type",
                    f"{where}: constraint {value!r} is not 'TYPE DATE'",
                    mark,
                    hint="write e.g. 'SNET 2023-10-02' or {type: SNET, date: 2023-10-02}",
                )
                return None
            value = MMap(mark)
            value.update({"type": parts[0], "date": parts[1]})
        raw = self.loader.structure(value, RawConstraint, f"{where}: constraint", mark)
        if raw is None:
            return None
        return Constraint(type=raw.type, date=raw.date)

    def predecessor(self, entry: Any, mark: Source, where: str) -> tuple[str, RelationType, Duration] | None:
        if isinstance(entry, dt.date) and not isinstance(entry, dt.datetime):
            entry = entry.isoformat()  # an id that looks like a date, as ids may
        if isinstance(entry, str):
            parts = entry.split()
            if not parts:
                self.report("wrong-type", f"{where}: empty predecessor", mark, hint="give an activity id")
                return None
            match = _AFTER.match("".join(parts[1:]))
            if match is None:
                self.report(
                    "bad-value",
                    f"{where}: cannot read predecessor {entry!r}",
                    mark,
                    hint="write 'id', 'id FS', 'id SS+2d' or 'id FF-1d'",
                )
                return None
            rtype = RelationType((match.group(1) or "FS").upper())
            lag_text = match.group(2)
            lag = (
                self.read_duration(lag_text, f"{where}: in {entry!r}, lag", mark, allow_negative=True, lag=True)
                if lag_text
                else Duration(0)
            )
            return None if lag is None else (parts[0], rtype, lag)
        raw = self.loader.structure(entry, RawPredecessor, f"{where}: predecessor", mark)
        if raw is None:
            return None
        lag_mark = entry.value_marks.get("lag", mark) if isinstance(entry, MMap) else mark
        lag = self.read_duration(raw.lag, f"{where}: lag", lag_mark, allow_negative=True, lag=True)
        return None if lag is None else (raw.id, raw.type, lag)

    def build_baselines(self, activities: Mapping[str, Any]) -> dict[str, Baseline]:
        baselines: dict[str, Baseline] = {}
        for item in self.loader.baselines:
            raw: RawBaseline = item.raw
            if raw.name in baselines:
                self.report(
                    "duplicate-id",
                    f"baseline '{raw.name}' is declared twice (first at {baselines[raw.name].source})",
                    self.mark(item, "name"),
                    subject=raw.name,
                    hint="give each baseline its own name",
                    blocking=True,
                )
                continue
            entries: dict[str, BaselineEntry] = {}
            node = item.data.get("activities")
            for ident, value in raw.activities.items():
                mark = node.value_marks.get(ident, item.data.mark) if isinstance(node, MMap) else item.data.mark
                record = value
                if isinstance(value, list) and len(value) == 2:
                    record = MMap(mark)
                    record.update({"start": value[0], "finish": value[1]})
                entry = self.loader.structure(
                    record, RawBaselineEntry, f"baseline '{raw.name}', activity '{ident}'", mark
                )
                if entry is None:
                    continue
                if entry.finish < entry.start:
                    self.report(
                        "finish-before-start",
                        f"baseline '{raw.name}': activity '{ident}' finishes "
                        f"({entry.finish}) before it starts ({entry.start})",
                        mark,
                        subject=ident,
                        hint="correct one of the two dates",
                    )
                if ident not in activities:
                    suggestion = closest(ident, activities)
                    self.report(
                        "baseline-unknown-activity",
                        f"baseline '{raw.name}' gives dates for '{ident}', which is not declared",
                        node.key_marks.get(ident, mark) if isinstance(node, MMap) else mark,
                        subject=ident,
                        hint=self.loader.unreadable_hint()
                        or (
                            f"did you mean '{suggestion}'?"
                            if suggestion
                            else "kept as history; correct the id if it is a typo"
                        ),
                    )
                entries[ident] = BaselineEntry(activity=ident, start=entry.start, finish=entry.finish, source=mark)
            baselines[raw.name] = Baseline(
                name=raw.name,
                title=raw.title,
                captured=raw.captured,
                current=raw.current,
                reason=raw.reason,
                replaces=raw.replaces,
                entries=entries,
                source=self.mark(item),
            )
        current = [b for b in baselines.values() if b.current]
        for extra in current[1:]:
            self.report(
                "multiple-current-baselines",
                f"baselines '{current[0].name}' and '{extra.name}' are both marked current",
                extra.source,
                subject=extra.name,
                hint="mark exactly one baseline 'current: true'",
            )
        for baseline in baselines.values():
            if baseline.replaces is None:
                continue
            if baseline.replaces not in baselines:
                self.resolve(
                    baseline.replaces,
                    None,
                    baselines,
                    f"baseline '{baseline.name}' replaces",
                    baseline.source or Source("?"),
                    baseline.name,
                )
            if not baseline.reason.strip():
                self.report(
                    "replan-without-reason",
                    f"baseline '{baseline.name}' replaces '{baseline.replaces}' but gives no reason",
                    baseline.source,
                    subject=baseline.name,
                    hint="add 'reason: ...': a re-baseline is a decision, not an edit",
                )
        return baselines

    def build_status(
        self, activities: Mapping[str, Any], services: Mapping[str, Any], assignments: Mapping[str, Any]
    ) -> list[StatusUpdate]:
        updates: dict[dt.date, StatusUpdate] = {}
        for item in self.loader.status:
            raw: RawStatus = item.raw
            date = raw.date
            if date in updates:
                self.report(
                    "duplicate-status-date",
                    f"two status updates for {date} (first at {updates[date].source})",
                    self.mark(item, "date"),
                    hint="merge them into one file",
                    blocking=True,
                )
                continue
            progress: dict[str, ActivityProgress] = {}
            node = item.data.get("activities")
            for ident, value in raw.activities.items():
                mark = node.value_marks.get(ident, item.data.mark) if isinstance(node, MMap) else item.data.mark
                key_mark = node.key_marks.get(ident, mark) if isinstance(node, MMap) else mark
                where = f"status {date}, activity '{ident}'"
                entry = self.loader.structure(value, RawProgress, where, mark)
                if entry is None:
                    continue
                if ident not in activities:
                    suggestion = closest(ident, activities)
                    self.report(
                        "status-unknown-activity",
                        f"status {date} reports progress for '{ident}', which is not declared",
                        key_mark,
                        subject=ident,
                        hint=self.loader.unreadable_hint()
                        or (f"did you mean '{suggestion}'?" if suggestion else "correct the activity id"),
                    )
                    continue
                progress[ident] = self.progress(entry, value, date, ident, where, mark)
            availability: dict[str, float] = {}
            avail_node = item.data.get("availability")
            for ident, value in raw.availability.items():
                mark = (
                    avail_node.key_marks.get(ident, item.data.mark) if isinstance(avail_node, MMap) else item.data.mark
                )
                resolved = self.resolve(
                    ident, None, services, f"status {date} gives availability for service", mark, ident
                )
                if resolved is None:
                    continue
                if not 0 <= value <= 100:
                    self.report(
                        "bad-percent",
                        f"status {date}: availability {value} of '{ident}' is not a percentage",
                        mark,
                        subject=ident,
                        hint="give a number from 0 to 100",
                    )
                    continue
                availability[resolved] = value
            reports: dict[str, AssignmentReport] = {}
            a_node = item.data.get("assignments")
            for ident, value in raw.assignments.items():
                mark = a_node.value_marks.get(ident, item.data.mark) if isinstance(a_node, MMap) else item.data.mark
                key_mark = a_node.key_marks.get(ident, mark) if isinstance(a_node, MMap) else mark
                report = self.loader.structure(value, RawAssignmentReport, f"status {date}, assignment '{ident}'", mark)
                if report is None:
                    continue
                resolved = self.resolve(
                    ident, None, assignments, f"status {date} reports on assignment", key_mark, ident
                )
                if resolved is None:
                    continue
                where = f"status {date}, assignment '{ident}'"
                self.plausible_amount(value, "realised", where, resolved)
                self.plausible_spending(value, report.realised, assignments[resolved], where, resolved)
                reports[resolved] = AssignmentReport(
                    assignment=resolved,
                    realised=report.realised,
                    status=report.status,
                    explanation=report.explanation,
                    rag=report.rag,
                    source=mark,
                )
            updates[date] = StatusUpdate(
                date=date,
                progress=progress,
                availability=availability,
                assignments=reports,
                comments=raw.comments,
                source=self.mark(item),
                **self.build_finance(item, date),
            )
        return list(updates.values())

    def build_finance(self, item: _Item, date: dt.date) -> dict[str, Any]:
        """A status update's ``finance`` lines and ``finance_notes``: budget figures in euros, as reported."""
        lines: list[FinanceLine] = []
        for raw_line, mark in self.finance_items(item, date, "finance", RawFinanceLine):
            if self.check_id(raw_line.id, item, "finance"):
                lines.append(FinanceLine(**attrs.asdict(raw_line), source=mark))
        notes = [FinanceNote(**attrs.asdict(raw_note), source=mark)
                 for raw_note, mark in self.finance_items(item, date, "finance_notes", RawFinanceNote)]
        return {"finance": lines, "finance_notes": notes}

    def finance_items(self, item: _Item, date: dt.date, key: str, cls: type[_T]) -> list[tuple[_T, Source]]:
        """The records of one of a status update's finance lists, each with its place; bad ones reported."""
        node = item.data.get(key)
        found = []
        for index, value in enumerate(getattr(item.raw, key)):
            mark = node.item_marks[index] if isinstance(node, MList) else self.mark(item, key)
            entry = self.loader.structure(value, cls, f"status {date}, {key} item {index + 1}", mark)
            if entry is not None:
                found.append((entry, mark))
        return found

    def progress(
        self, entry: RawProgress, node: MMap, date: dt.date, ident: str, where: str, mark: Source
    ) -> ActivityProgress:
        start, finish = entry.actual_start, entry.actual_finish
        if start is not None and finish is not None and finish < start:
            self.report(
                "finish-before-start",
                f"{where}: actual finish {finish} is before actual start {start}",
                mark,
                subject=ident,
                hint="correct one of the two dates",
            )
        for label, value in (("actual start", start), ("actual finish", finish)):
            if value is not None and value > date:
                self.report(
                    "actual-after-status-date",
                    f"{where}: {label} {value} is after the status date",
                    mark,
                    subject=ident,
                    hint="actual dates lie on or before the status date; it may be a forecast",
                )
        remaining = self.remaining(entry, date, where, ident, node.value_marks.get("remaining", mark))
        percent = entry.percent_complete
        if percent is not None and not 0 <= percent <= 100:
            self.report(
                "bad-percent",
                f"{where}: percent complete {percent} is not a percentage",
                mark,
                subject=ident,
                hint="give a number from 0 to 100",
            )
            percent = None
        return ActivityProgress(
            activity=ident,
            actual_start=start,
            actual_finish=finish,
            remaining=remaining,
            percent_complete=percent,
            source=mark,
        )

    def remaining(self, entry: RawProgress, date: dt.date, where: str, ident: str, mark: Source) -> Duration | None:
        """The remaining duration of a started activity; without an actual start it would be ignored: refused."""
        if entry.remaining is None:
            return None
        what = f"{where}: remaining"
        remaining = self.read_duration(entry.remaining, what, mark, allow_negative=False, subject=ident)
        if remaining is None or entry.actual_start is not None:
            return remaining
        hint = (
            f"add 'actual_start: <the day it started, on or before {date}>', or remove "
            f"'remaining: {entry.remaining}' if it has not started (and change its duration instead)"
        )
        self.report(
            "remaining-without-start",
            f"{where}: remaining {entry.remaining} is given but no actual_start, so it would be ignored",
            mark,
            subject=ident,
            hint=hint,
        )
        return None

    def plausible_amount(self, node: Any, key: str, where: str, subject: str) -> None:
        """An ``implausible-amount`` warning for an amount under 100 euros, with the fix for ``3.400`` meant as 3400."""
        value = node.get(key) if isinstance(node, MMap) else None
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < MAX_AMOUNT:
            return
        written = value.text if isinstance(value, WrittenFloat) else str(value)
        meant = thousands_habit(written) if isinstance(value, WrittenFloat) else None
        if meant is not None:
            message = f"{where}: {key} {written} is {value:,.2f} euros: YAML reads the dot as a decimal point"
            hint = f"did you mean '{key}: {meant}'? write euros without thousands separators"
        elif value < MIN_PLAUSIBLE_AMOUNT:
            message = f"{where}: {key} {written} is less than {MIN_PLAUSIBLE_AMOUNT} euros"
            hint = f"amounts are whole euros without separators (e.g. '{key}: 1200000'); correct it if it is not meant"
        else:
            return
        mark = node.value_marks.get(key, node.mark)
        self.report("implausible-amount", message, mark, subject=subject, hint=hint)

    def plausible_spending(
        self, node: Any, realised: float | None, assignment: _Item, where: str, subject: str
    ) -> None:
        """An ``implausible-amount`` warning when more than ``SPENT_FACTOR`` times the budget is spent."""
        budget = assignment.raw.budget
        if realised is None or not budget or realised <= SPENT_FACTOR * budget:
            return
        written = assignment.data.get("budget")
        meant = thousands_habit(written.text) if isinstance(written, WrittenFloat) else None
        fix = f"did you mean 'budget: {meant}' at {self.mark(assignment, 'budget')}? " if meant else ""
        self.report(
            "implausible-amount",
            f"{where}: realised {realised:,.0f} euros is more than {SPENT_FACTOR} times the budget ({budget:,.2f})",
            node.value_marks.get("realised", node.mark) if isinstance(node, MMap) else self.mark(assignment),
            subject=subject,
            hint=fix + "check both amounts: euros without thousands separators",
        )
