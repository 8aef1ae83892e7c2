"""The domain model: frozen records for everything a portfolio file can say.

Every record is an immutable `attrs` class built with ``kw_only=True``,
so a notebook can change one value with `attrs.evolve` and schedule
again. Each record carries an optional `Source` (file, line, column)
so every message about it can point at the line it came from.

Ids are hierarchical and readable: a service ``digipoort`` owns the
activities ``digipoort.build``, ``digipoort.cutover``; a platform ``lpc``
owns ``lpc.ready``.

Examples:
    >>> d = Duration.parse("3w")
    >>> d.days, d.elapsed
    (15, False)
    >>> a = Activity(id="digipoort.cutover", name="Cutover", duration=Duration(0),
    ...              kind=ActivityKind.CUTOVER)
    >>> a.is_milestone
    True
"""

# size: the frozen records of the domain model in one place: the whole vocabulary, read as a reference (docs/format.md maps each file section onto these records).

from __future__ import annotations

import collections
import datetime as dt
import enum
import fnmatch
import functools
import itertools
import math
import operator
import re
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Final

import attrs

from portfolio import _display
from portfolio._gc import paused_gc

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ID_PATTERN",
    "Activity",
    "ActivityKind",
    "ActivityProgress",
    "Approach",
    "Assignment",
    "AssignmentReport",
    "AssignmentStatus",
    "Baseline",
    "BaselineEntry",
    "Blackout",
    "CalendarSpec",
    "Capacity",
    "Constraint",
    "ConstraintType",
    "Correlation",
    "Cost",
    "Demand",
    "Distribution",
    "Duration",
    "Estimate",
    "FinanceLine",
    "FinanceNote",
    "FractionalDurationError",
    "FreezeWindow",
    "Migration",
    "Pin",
    "Platform",
    "PlatformKind",
    "PlatformLimit",
    "Portfolio",
    "PortfolioSettings",
    "Rag",
    "Relation",
    "RelationType",
    "Relations",
    "Risk",
    "RiskModel",
    "RuleSettings",
    "Service",
    "Source",
    "Spread",
    "StatusUpdate",
    "Team",
    "Waiver",
]

ID_PATTERN: Final = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$")
"""A valid id: dot-separated parts of lower-case letters, digits, ``-`` and ``_``."""

DAYS_PER_WEEK: Final = 5
"""Working days per week and per month, as MS Project's defaults."""
DAYS_PER_MONTH: Final = 20


def _frozen_mapping(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    """Wrap a mapping so a record that holds it stays immutable."""
    if isinstance(value, MappingProxyType):
        return value
    return MappingProxyType(dict(value))


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen
class Source:
    """Where a record came from: a file and a 1-based line and column.

    Examples:
        >>> str(Source("services/digipoort.yaml", 12, 5))
        'services/digipoort.yaml:12:5'
    """

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}" if self.column else f"{self.file}:{self.line}"
        return self.file


class RelationType(enum.StrEnum):
    """The four precedence relation types."""

    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


class ConstraintType(enum.StrEnum):
    """Date constraints, with MS Project's abbreviations."""

    ASAP = "ASAP"
    SNET = "SNET"
    """start no earlier than"""
    FNET = "FNET"
    """finish no earlier than"""
    SNLT = "SNLT"
    """start no later than"""
    FNLT = "FNLT"
    """finish no later than"""
    MSO = "MSO"
    """must start on"""
    MFO = "MFO"
    """must finish on"""

    @property
    def is_hard(self) -> bool:
        """True for the constraints DCMA counts as hard (MSO, MFO, SNLT, FNLT)."""
        return self in (ConstraintType.MSO, ConstraintType.MFO, ConstraintType.SNLT, ConstraintType.FNLT)


class ActivityKind(enum.StrEnum):
    """What an activity is, as far as the migration rules care."""

    TASK = "task"
    MILESTONE = "milestone"
    DECISION = "decision"
    READINESS = "readiness"
    TEST_MIGRATION = "test-migration"
    REHEARSAL = "rehearsal"
    GO_NO_GO = "go-no-go"
    CUTOVER = "cutover"
    DECOMMISSION = "decommission"
    GO_LIVE = "go-live"


class Approach(enum.StrEnum):
    """Migration approach (the "7 R's")."""

    REHOST = "rehost"
    REPLATFORM = "replatform"
    REFACTOR = "refactor"
    REBUILD = "rebuild"
    REPLACE = "replace"
    RETIRE = "retire"
    RETAIN = "retain"


class PlatformKind(enum.StrEnum):
    """What kind of hosting platform."""

    LEGACY = "legacy"
    PRIVATE_CLOUD = "private-cloud"
    DATA_CENTRE = "data-centre"
    STANDARD_PLATFORM = "standard-platform"
    PUBLIC_CLOUD = "public-cloud"
    OTHER = "other"


class AssignmentStatus(enum.StrEnum):
    """Lifecycle of an assignment (opdracht)."""

    PLANNED = "planned"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    CANCELLED = "cancelled"


class Rag(enum.StrEnum):
    """A reported RAG status: groen, oranje, rood (and grijs: not started)."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"


class FractionalDurationError(ValueError):
    """A duration such as ``1.5w``: durations are whole days; the message says what to write."""


@attrs.frozen(order=True)
class Duration:
    """A duration or lag: a number of working days, or of elapsed (calendar) days.

    Files write ``15d`` (working days), ``3w`` (5 working days a week),
    ``2mo`` (20 working days a month, MS Project's default), ``10ed``
    (elapsed days), or a plain integer for working days. Lags may be negative
    (leads): ``-2d``.

    Examples:
        >>> Duration.parse("2mo")
        Duration(days=40, elapsed=False)
        >>> Duration.parse("-1w").days
        -5
        >>> str(Duration.parse("10ed"))
        '10ed'
        >>> Duration.parse("4W").days  # units in any case
        20
        >>> Duration.parse("1.5w")
        Traceback (most recent call last):
        portfolio.model.FractionalDurationError: durations are whole working days: 1.5w is 7.5 days; write 8d or 7d
    """

    days: int
    elapsed: bool = False

    _PATTERN = re.compile(r"^\s*([+-]?)\s*(\d+)\s*(d|w|mo|ed|wd)?\s*$", re.IGNORECASE)
    _FRACTION = re.compile(r"^\s*[+-]?\s*(\d*[.,]\d+)\s*(d|w|mo|ed|wd)?\s*$", re.IGNORECASE)
    _FACTORS: ClassVar[Mapping[str, int]] = MappingProxyType(
        {"d": 1, "wd": 1, "w": DAYS_PER_WEEK, "mo": DAYS_PER_MONTH, "ed": 1})

    @classmethod
    def parse(cls, text: str | int) -> Duration:
        """Parse ``15d``, ``3w``, ``2mo``, ``10ed`` or an integer; raise ValueError otherwise.

        Text is parsed once per distinct text (durations are immutable: the same one is shared;
        a file of 50,000 activities writes a few dozen different durations).
        """
        if type(text) is str and cls is Duration:
            return _parsed(text)
        return cls._parse(text)

    @classmethod
    def _parse(cls, text: str | int) -> Duration:
        if isinstance(text, bool):
            raise ValueError(f"{text!r} is not a duration")
        if isinstance(text, int):
            return cls(text)
        if isinstance(text, float):
            text = str(text)
        match = cls._PATTERN.match(text)
        if match is None:
            fraction = cls._FRACTION.match(text)
            if fraction is not None:
                unit = (fraction.group(2) or "d").lower()
                days = float(fraction.group(1).replace(",", ".")) * cls._FACTORS[unit]
                suffix, kind = ("ed", "elapsed days") if unit == "ed" else ("d", "working days")
                low, high = math.floor(days), math.ceil(days)
                write = f"{high}{suffix} or {low}{suffix}" if low != high else f"{low}{suffix}"
                raise FractionalDurationError(f"durations are whole {kind}: {text.strip()} is {days:g} days; "
                                              f"write {write}")
            raise ValueError(f"{text!r} is not a duration")
        sign = -1 if match.group(1) == "-" else 1
        number = int(match.group(2))
        unit = (match.group(3) or "d").lower()
        return cls(sign * number * cls._FACTORS[unit], elapsed=unit == "ed")

    def __str__(self) -> str:
        return f"{self.days}{'ed' if self.elapsed else 'd'}"


_parsed: Final = functools.lru_cache(maxsize=4096)(Duration._parse)
"""`Duration.parse` of a text, remembered (an error is not: it is raised again each time)."""
ZERO: Final = Duration(0)


@attrs.frozen(kw_only=True)
class Constraint:
    """A date constraint on an activity (``SNET 2023-10-02``)."""

    type: ConstraintType
    date: dt.date


@attrs.frozen(kw_only=True)
class CalendarSpec:
    """A calendar as declared in the files; [`portfolio.calendar`][portfolio.calendar] computes with it.

    ``base`` is ``rijk`` (Dutch public holidays plus Good Friday and 5 May
    every year, the default), ``nl`` (Dutch public holidays only) or ``none``.
    """

    id: str
    name: str = ""
    base: str = "rijk"
    workweek: tuple[int, ...] = attrs.field(default=(0, 1, 2, 3, 4), converter=_tuple)
    closed: tuple[dt.date, ...] = attrs.field(default=(), converter=_tuple)
    open: tuple[dt.date, ...] = attrs.field(default=(), converter=_tuple)
    source: Source | None = None


@attrs.frozen(kw_only=True)
class Platform:
    """A hosting platform (EASI, LPC, Picard, ...) and its lifecycle milestones."""

    id: str
    name: str
    kind: PlatformKind = PlatformKind.OTHER
    description: str = ""
    ready: str | None = None
    """id of the "ready for production" milestone"""
    exit: str | None = None
    """id of the exit / decommission milestone"""
    contract_end: dt.date | None = None
    source: Source | None = None


@attrs.frozen(kw_only=True)
class Service:
    """A generic service (voorziening) such as DigiD or Digipoort."""

    id: str
    name: str
    domain: str = ""
    owner: str = ""
    platform: str | None = None
    """the platform it runs on today"""
    availability_norm: float | None = None
    """percent, e.g. 99.8"""
    depends_on: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    description: str = ""
    source: Source | None = None


@attrs.frozen(kw_only=True)
class Migration:
    """A service's move from a source platform to a target (or an open choice of candidates).

    Examples:
        >>> m = Migration(id="digipoort.migration", service="digipoort", source_platform="easi",
        ...               candidates=("lpc", "public-cloud"), decision="digipoort.landing-decision")
        >>> m.is_open
        True
    """

    id: str
    service: str
    name: str = ""
    source_platform: str | None = None
    target: str | None = None
    candidates: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    decision: str | None = None
    """id of the milestone that picks the target"""
    approach: Approach = Approach.REHOST
    approach_stated: bool = True
    """False when the plan's file leaves the approach out: rehost is assumed, and the AC ICT rule
    ``plan-per-service`` says so (a plan names its approach)"""
    fallback: str = ""
    description: str = ""
    source: Source | None = None

    @property
    def is_open(self) -> bool:
        """True while the landing platform has not been decided."""
        return self.target is None and bool(self.candidates)


@attrs.frozen(kw_only=True)
class Activity:
    """An activity or milestone (duration zero) in a migration plan."""

    id: str
    name: str = ""
    duration: Duration = ZERO
    kind: ActivityKind = ActivityKind.TASK
    calendar: str | None = None
    """None means the portfolio's default calendar"""
    service: str | None = None
    migration: str | None = None
    platform: str | None = None
    constraint: Constraint | None = None
    deadline: dt.date | None = None
    description: str = ""
    manual: bool = False
    """manually scheduled with typed dates (MS Project): never critical, whatever its float"""
    source: Source | None = None

    @property
    def is_milestone(self) -> bool:
        """A milestone is an activity of zero duration."""
        return self.duration.days == 0


@attrs.frozen(kw_only=True)
class Relation:
    """A precedence relation from ``predecessor`` to ``successor`` with a lag."""

    predecessor: str
    successor: str
    type: RelationType = RelationType.FS
    lag: Duration = ZERO
    source: Source | None = None


_RELATION_TYPES: Final = (RelationType.FS, RelationType.SS, RelationType.FF, RelationType.SF)
"""Relation types by their code in `Relations.rtype` (the scheduling core's codes: FS 0, SS 1, FF 2, SF 3)."""
_RELATION_SLOTS: Final = ("predecessor", "successor", "type", "lag", "source")


class Relations(Sequence[Relation]):
    """A portfolio's relations kept as columns, each `Relation` record made only when it is read.

    The loader and the load cache give ``Portfolio.relations`` as this kind
    (a portfolio made by hand keeps the tuple it is given): at 50,000
    activities there are about 150,000 relations, and most commands read
    their columns (`portfolio.graph.relation_columns`), never their records.
    It is an immutable sequence that behaves as the tuple of its records:
    equal to that tuple (and to another `Relations` of the same content),
    with the same hash, ``len``, indexing (a slice is a tuple), iteration and
    ``repr``. The first full iteration makes every record at once and keeps
    them; a record read by index before that is kept and reused.

    The columns (read-only; one entry per relation): ``pred`` and ``succ``
    number the ends in ``ids``; ``rtype`` is the type's code (FS 0, SS 1,
    FF 2, SF 3); ``days`` and ``elapsed`` the lag; ``file`` numbers the
    place's file in ``files`` (-1: no place), ``line`` and ``column`` the rest
    of the place.

    Examples:
        >>> r = Relations.of([Relation(predecessor="a", successor="b", lag=Duration(2)),
        ...                   Relation(predecessor="b", successor="c", source=Source("p.yaml", 4, 9))])
        >>> len(r), r[1].source, r[-1] == r[1], r.pred, r.succ
        (2, Source(file='p.yaml', line=4, column=9), True, [0, 1], [1, 2])
        >>> r == tuple(r), tuple(r) == r, hash(r) == hash(tuple(r))
        (True, True, True)
        >>> r[:1]
        (Relation(predecessor='a', successor='b', type=<RelationType.FS: 'FS'>, lag=Duration(days=2, elapsed=False), source=None),)
    """

    __slots__ = ("_all", "_hash", "_made", "column", "days", "elapsed", "file", "files", "ids", "line", "pred",
                 "rtype", "succ")

    ids: tuple[str, ...]
    pred: Sequence[int]
    succ: Sequence[int]
    rtype: Sequence[int]
    days: Sequence[int]
    elapsed: Sequence[bool]
    files: tuple[str, ...]
    file: Sequence[int]
    line: Sequence[int]
    column: Sequence[int]
    _all: tuple[Relation, ...] | None
    _made: dict[int, Relation]
    _hash: int | None

    def __init__(self, ids: tuple[str, ...], pred: Sequence[int], succ: Sequence[int], rtype: Sequence[int],
                 days: Sequence[int], elapsed: Sequence[bool], files: tuple[str, ...], file: Sequence[int],
                 line: Sequence[int], column: Sequence[int]) -> None:
        """Keep the columns as given (they are taken over: nothing may change them afterwards).

        Every end must number one of ``ids``, every type code be 0-3 and every file number one of ``files``
        or -1 (the loader makes them so; the load cache's reader checks them): a record out of range raises
        IndexError when it is read.

        Raises:
            ValueError: the columns are not all of one length.
        """
        columns = (pred, succ, rtype, days, elapsed, file, line, column)
        if len({len(c) for c in columns}) != 1:
            raise ValueError(f"relation columns of different lengths: {[len(c) for c in columns]}")
        given = {"ids": ids, "pred": pred, "succ": succ, "rtype": rtype, "days": days, "elapsed": elapsed,
                 "files": files, "file": file, "line": line, "column": column}
        for name, value in given.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_all", None)
        object.__setattr__(self, "_hash", None)
        object.__setattr__(self, "_made", {})

    @classmethod
    def of(cls, relations: Iterable[Relation]) -> Relations:
        """The columns of ``relations`` (the predecessors' ids numbered first, then the successors' not among them).

        Examples:
            >>> Relations.of([Relation(predecessor="x", successor="y", type=RelationType.SS)]).rtype
            [1]
        """
        records = tuple(relations)
        numbers: dict[str, int] = {}
        files: dict[str, int] = {}
        pred = [numbers.setdefault(r.predecessor, len(numbers)) for r in records]
        succ = [numbers.setdefault(r.successor, len(numbers)) for r in records]
        places = [r.source for r in records]
        file = [-1 if s is None else files.setdefault(s.file, len(files)) for s in places]
        return cls(tuple(numbers), pred, succ, [_RELATION_TYPES.index(r.type) for r in records],
                   [r.lag.days for r in records], [r.lag.elapsed for r in records], tuple(files), file,
                   [0 if s is None else s.line for s in places], [0 if s is None else s.column for s in places])

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Relations are immutable: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Relations are immutable: cannot delete {name}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Relations, (self.ids, list(self.pred), list(self.succ), list(self.rtype), list(self.days),
                            list(self.elapsed), self.files, list(self.file), list(self.line), list(self.column)))

    def __len__(self) -> int:
        return len(self.pred)

    @typing.overload
    def __getitem__(self, index: int) -> Relation: ...

    @typing.overload
    def __getitem__(self, index: slice) -> tuple[Relation, ...]: ...

    def __getitem__(self, index: int | slice) -> Relation | tuple[Relation, ...]:
        if self._all is not None:
            return self._all[index]
        if isinstance(index, slice):
            return tuple(map(self._one, range(*index.indices(len(self)))))
        size = len(self)
        at = operator.index(index)
        if at < 0:
            at += size
        if not 0 <= at < size:
            raise IndexError("relation index out of range")
        return self._one(at)

    def _one(self, at: int) -> Relation:
        """The record at ``at`` (made once)."""
        made = self._made.get(at)
        if made is None:
            file = self.file[at]
            made = self._made[at] = Relation(
                predecessor=self.ids[self.pred[at]], successor=self.ids[self.succ[at]],
                type=_RELATION_TYPES[self.rtype[at]], lag=Duration(self.days[at], bool(self.elapsed[at])),
                source=None if file < 0 else Source(self.files[file], self.line[at], self.column[at]))
        return made

    def _records(self) -> tuple[Relation, ...]:
        """Every record, made once: slot by slot, column by column (as the load cache rebuilds records), with
        the collector paused (`paused_gc`: 300,000 new records would start full collections of everything)."""
        if self._all is not None:
            return self._all
        with paused_gc():
            return self._make_all()

    def _make_all(self) -> tuple[Relation, ...]:
        count = len(self)
        records: list[Relation] = list(map(object.__new__, itertools.repeat(Relation, count)))
        lags = {key: Duration(key[0], bool(key[1])) for key in set(zip(self.days, self.elapsed, strict=True))}
        sources: list[Source | None] = list(map(object.__new__, itertools.repeat(Source, count)))
        files = list(map(self.files.__getitem__, self.file)) if min(self.file, default=0) >= 0 else None
        if files is None:
            sources = [None if f < 0 else Source(self.files[f], n, c)
                       for f, n, c in zip(self.file, self.line, self.column, strict=True)]
        else:
            for name, column in (("file", files), ("line", self.line), ("column", self.column)):
                _fill(Source, name, sources, column)
        columns: tuple[Iterable[Any], ...] = (map(self.ids.__getitem__, self.pred), map(self.ids.__getitem__, self.succ),
                   map(_RELATION_TYPES.__getitem__, self.rtype), map(lags.__getitem__, zip(self.days, self.elapsed, strict=True)), sources)
        for name, values in zip(_RELATION_SLOTS, columns, strict=True):
            _fill(Relation, name, records, values)
        for at, made in self._made.items():  # a record read before stays the one read
            records[at] = made
        done = tuple(records)
        object.__setattr__(self, "_all", done)
        object.__setattr__(self, "_made", {})
        return done

    def __iter__(self) -> Iterator[Relation]:
        return iter(self._records())

    def __add__(self, other: tuple[Relation, ...]) -> tuple[Relation, ...]:
        """``portfolio.relations + (relation,)`` is a tuple, as it was when the relations were one."""
        if not isinstance(other, tuple | Relations):
            return NotImplemented
        return self._records() + tuple(other)

    def __radd__(self, other: tuple[Relation, ...]) -> tuple[Relation, ...]:
        if not isinstance(other, tuple):
            return NotImplemented
        return other + self._records()

    def __reversed__(self) -> Iterator[Relation]:
        return reversed(self._records())

    def __contains__(self, value: object) -> bool:
        return value in self._records()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Relations):
            if other is self:
                return True
            if len(other) != len(self):
                return False
            if (other.ids == self.ids and other.files == self.files and len(set(self.ids)) == len(self.ids)
                    and len(set(self.files)) == len(self.files)):  # the columns say it
                return all(list(getattr(self, name)) == list(getattr(other, name))
                           for name in ("pred", "succ", "rtype", "days", "elapsed", "file", "line", "column"))
            return self._records() == other._records()
        if isinstance(other, tuple):
            return len(other) == len(self) and self._records() == other
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        found = self._hash
        if found is None:
            found = hash(self._records())
            object.__setattr__(self, "_hash", found)
        return found

    def __repr__(self) -> str:
        return repr(self._records())


def _fill(kind: type, name: str, records: list[Any], values: Iterable[Any]) -> None:
    """Set the slot ``name`` of each of ``records`` (new ``kind`` records) to its value."""
    collections.deque(map(getattr(kind, name).__set__, records, values), maxlen=0)


def _relations(value: Iterable[Relation]) -> Sequence[Relation]:
    """``Portfolio.relations``: a `Relations` as it is, anything else as a tuple."""
    return value if type(value) is Relations else tuple(value)


@attrs.frozen(kw_only=True)
class FreezeWindow:
    """A period in which no cutover may take place (both dates inclusive)."""

    id: str
    name: str = ""
    start: dt.date
    finish: dt.date
    platforms: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    """empty: all"""
    services: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    """empty: all"""
    reason: str = ""
    source: Source | None = None


@attrs.frozen(kw_only=True)
class BaselineEntry:
    """Planned dates of one activity in a baseline (finish inclusive)."""

    activity: str
    start: dt.date
    finish: dt.date
    source: Source | None = None


@attrs.frozen(kw_only=True)
class Baseline:
    """A named, frozen set of planned dates, with the reason when it re-plans."""

    name: str
    title: str = ""
    captured: dt.date | None = None
    current: bool = False
    reason: str = ""
    replaces: str | None = None
    entries: Mapping[str, BaselineEntry] = attrs.field(factory=dict, converter=_frozen_mapping)
    source: Source | None = None


@attrs.frozen(kw_only=True)
class Assignment:
    """An assignment (opdracht): commissioned work with a client and a contractor."""

    id: str
    title: str
    client: str = ""
    """opdrachtgever"""
    contractor: str = ""
    """opdrachtnemer"""
    owner: str = ""
    """eigenaar"""
    services: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    migrations: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    activities: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    key_milestones: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    budget: float | None = None
    """euros"""
    status: AssignmentStatus = AssignmentStatus.PLANNED
    phase: str = ""
    explanation: str = ""
    source: Source | None = None


@attrs.frozen(kw_only=True)
class ActivityProgress:
    """Progress of one activity reported in a status update."""

    activity: str
    actual_start: dt.date | None = None
    actual_finish: dt.date | None = None
    remaining: Duration | None = None
    percent_complete: float | None = None
    source: Source | None = None

    @property
    def finished(self) -> bool:
        """True when the activity has an actual finish."""
        return self.actual_finish is not None


@attrs.frozen(kw_only=True)
class AssignmentReport:
    """What a status update says about one assignment: spend, status and explanation."""

    assignment: str
    realised: float | None = None
    """euros spent to date"""
    status: AssignmentStatus | None = None
    explanation: str = ""
    source: Source | None = None
    rag: Rag | None = None
    """the RAG status reported (overall), if any"""


@attrs.frozen(kw_only=True)
class FinanceLine:
    """Budget, realisation to date and forecast (prognose) of one budget line, in euros, as reported.

    Examples:
        >>> line = FinanceLine(id="toegang", name="Toegang", budget=10.0, forecast=8.0)
        >>> line.under
        2.0
    """

    id: str
    name: str
    group: str = ""
    """the part of the budget it belongs to, e.g. "B&E GDI\""""
    budget: float
    realised: float | None = None
    forecast: float | None = None
    """expected spend over the whole budget period"""
    source: Source | None = None

    @property
    def under(self) -> float | None:
        """Under-realisation: budget minus forecast (negative: over-realisation); None without a forecast."""
        return None if self.forecast is None else self.budget - self.forecast


@attrs.frozen(kw_only=True)
class FinanceNote:
    """A free-text finance item, such as uncovered spend set against an under-realisation."""

    group: str = ""
    text: str
    amount: float | None = None
    """euros; positive is spend that counts against the group's under-realisation"""
    source: Source | None = None


@attrs.frozen(kw_only=True)
class StatusUpdate:
    """The progress known on a status date (peildatum)."""

    date: dt.date
    progress: Mapping[str, ActivityProgress] = attrs.field(factory=dict, converter=_frozen_mapping)
    availability: Mapping[str, float] = attrs.field(factory=dict, converter=_frozen_mapping)
    assignments: Mapping[str, AssignmentReport] = attrs.field(factory=dict, converter=_frozen_mapping)
    comments: str = ""
    source: Source | None = None
    finance: tuple[FinanceLine, ...] = attrs.field(default=(), converter=_tuple)
    finance_notes: tuple[FinanceNote, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen(kw_only=True)
class PortfolioSettings:
    """Portfolio-wide settings from the ``portfolio:`` section."""

    name: str = "portfolio"
    description: str = ""
    calendar: str = "rijk"
    """id of the default calendar"""
    start: dt.date | None = None
    """project start; nothing is scheduled before it"""
    key_milestones: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    critical_float: int = 0
    """working days; total float at or below it is critical"""
    lag_from_actual_start: bool = False
    """SS and SF lags of work in progress count from its actual start (MS Project), not its remaining work (P6)"""
    source: Source | None = None


@attrs.frozen(kw_only=True)
class RuleSettings:
    """The ``rules:`` section: which rules run, their parameters and severities, and user rules.

    Rule ids are checked against the rules that exist by [`portfolio.rules`][portfolio.rules]
    (the loader does not know them). Severities are ``error``, ``warning`` or ``info``.

    Examples:
        >>> RuleSettings(disable=["dcma-high-float"]).disable
        ('dcma-high-float',)
    """

    sets: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    """rule sets to run; empty: the default"""
    enable: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    """single rules to run as well"""
    disable: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    severity: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_mapping)
    parameters: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict, converter=_frozen_mapping)
    load: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    """user rules, "package.module:function\""""
    source: Source | None = None
    marks: Mapping[str, Source] = attrs.field(factory=dict, converter=_frozen_mapping)
    """where each rule id, parameter and dotted path was written (for located messages)"""


@attrs.frozen(kw_only=True)
class Waiver:
    """An accepted finding: rule and subject, why, who accepted it, from when and until when.

    ``subject`` None waives the rule's portfolio-wide finding (DCMA metrics).
    ``accepted`` None: the waiver holds on any date up to ``expires``.
    """

    rule: str
    subject: str | None = None
    reason: str
    accepted_by: str
    expires: dt.date
    accepted: dt.date | None = None
    """the day the waiver was accepted; before it the finding is active"""
    source: Source | None = None


class Distribution(enum.StrEnum):
    """The shape of a three-point estimate (``docs/risk.md``)."""

    TRIANGULAR = "triangular"
    PERT = "pert"
    UNIFORM = "uniform"


@attrs.frozen(kw_only=True)
class Estimate:
    """A three-point estimate of an activity's remaining work: working days, or factors of the plan's."""

    optimistic: float
    most_likely: float
    pessimistic: float
    distribution: Distribution = Distribution.TRIANGULAR
    factor: bool = False
    """the points multiply the planned remaining duration (else they are working days)"""
    source: Source | None = None


@attrs.frozen(kw_only=True)
class Correlation:
    """Activities whose durations move together, with a rank correlation coefficient."""

    id: str
    coefficient: float
    activities: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    source: Source | None = None


@attrs.frozen(kw_only=True)
class Risk:
    """A risk driver: when it occurs (``probability``), it stretches every activity it touches by ``impact``."""

    id: str
    description: str = ""
    owner: str = ""
    probability: float
    impact: Estimate
    """a factor, or working days added"""
    activities: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    source: Source | None = None


@attrs.frozen(kw_only=True)
class RiskModel:
    """The ``risk:`` section: estimates, defaults per approach and service, correlations, the risk register."""

    estimates: Mapping[str, Estimate] = attrs.field(factory=dict, converter=_frozen_mapping)
    approaches: Mapping[str, Estimate] = attrs.field(factory=dict, converter=_frozen_mapping)
    services: Mapping[str, Estimate] = attrs.field(factory=dict, converter=_frozen_mapping)
    correlations: tuple[Correlation, ...] = attrs.field(default=(), converter=_tuple)
    risks: Mapping[str, Risk] = attrs.field(factory=dict, converter=_frozen_mapping)
    source: Source | None = None


def _by_id(records: Any) -> Mapping[str, Any]:
    if isinstance(records, Mapping):
        return _frozen_mapping(records)
    return MappingProxyType({r.id: r for r in records})


def _by_name(records: Any) -> Mapping[str, Any]:
    if isinstance(records, Mapping):
        return _frozen_mapping(records)
    return MappingProxyType({r.name: r for r in records})


def _sorted_updates(updates: Any) -> tuple[StatusUpdate, ...]:
    return tuple(sorted(updates, key=lambda u: u.date))


class Spread(enum.StrEnum):
    """How a budget is spread over an activity's working days (``docs/evm.md``)."""

    LINEAR = "linear"
    FRONT = "front"
    BACK = "back"


@attrs.frozen(kw_only=True)
class Cost:
    """A budget of one activity, or of one migration spread over its activities (the ``costs:`` section).

    ``realised`` is the activity's spend to date per status update date (optional).

    Examples:
        >>> c = Cost(activity="digid.build", budget=120000.0, spread=Spread.FRONT)
        >>> c.subject, str(c.spread)
        ('digid.build', 'front')
    """

    activity: str | None = None
    migration: str | None = None
    budget: float
    spread: Spread | None = None
    """None: the spread the analysis is asked for (linear by default)"""
    realised: Mapping[dt.date, float] = attrs.field(factory=dict, converter=_frozen_mapping)
    source: Source | None = None

    @property
    def subject(self) -> str:
        """The id of the activity or migration the budget pays for."""
        return self.activity if self.activity is not None else (self.migration or "")

    def activities(self, portfolio: Portfolio) -> tuple[str, ...]:
        """The activities the budget pays for: its activity, or every activity of its migration (in file order).

        Examples:
            >>> p = Portfolio(activities=[Activity(id="a", name="A", migration="m"), Activity(id="b", name="B")])
            >>> Cost(migration="m", budget=10.0).activities(p), Cost(activity="b", budget=1.0).activities(p)
            (('a',), ('b',))
        """
        if self.activity is not None:
            return (self.activity,)
        return tuple(a.id for a in portfolio.activities.values() if a.migration == self.migration)


# -- capacity (the ``capacity:`` section, docs/capacity.md; levelled and checked by portfolio.capacity) ----


@attrs.frozen(kw_only=True)
class Team:
    """A migration team (or skill) with a size in FTE, changing from given dates on."""

    id: str
    name: str = ""
    size: float
    periods: tuple[tuple[dt.date, float], ...] = attrs.field(default=(), converter=_tuple)
    """(from, size)"""
    source: Source | None = None

    def size_on(self, day: dt.date) -> float:
        """The team's size on ``day``: the last period that began on or before it, else ``size``.

        Args:
            day: the day asked about.

        Returns:
            The size in FTE.

        Examples:
            >>> Team(id="t", size=2.0).size_on(dt.date(2030, 1, 1))
            2.0
        """
        size = self.size
        for start, value in sorted(self.periods):
            if start <= day:
                size = value
        return size

    @property
    def largest(self) -> float:
        """The largest size the team ever has."""
        return max([self.size, *(value for _, value in self.periods)])


@attrs.frozen(kw_only=True)
class PlatformLimit:
    """How many cutovers a landing platform can take on per calendar month."""

    platform: str
    per_month: int
    source: Source | None = None


@attrs.frozen(kw_only=True)
class Blackout:
    """Days (inclusive) on which no cutover may take place."""

    id: str
    start: dt.date
    finish: dt.date
    reason: str = ""
    source: Source | None = None


@attrs.frozen(kw_only=True)
class Demand:
    """What the activities matching ``activities`` (an id or a glob such as ``digipoort.*``) need."""

    activities: str
    team: str
    amount: float
    """FTE for every working day of the activity"""
    source: Source | None = None

    def matches(self, activity: Activity) -> bool:
        """True when this demand applies to ``activity``.

        Args:
            activity: the activity.

        Returns:
            Whether its id matches the pattern.

        Examples:
            >>> Demand(activities="digipoort.*", team="t", amount=1).matches(Activity(id="digipoort.build"))
            True
        """
        return fnmatch.fnmatchcase(activity.id, self.activities)


@attrs.frozen(kw_only=True)
class Pin:
    """A service pinned to a wave: none of its cutovers starts before ``start`` (the wave's first day), nor
    after ``until`` (its last day, when given: levelling says when logic or capacity makes that impossible)."""

    service: str
    start: dt.date
    until: dt.date | None = None
    source: Source | None = None


@attrs.frozen(kw_only=True)
class Capacity:
    """The ``capacity:`` section: what the teams and platforms can carry (``docs/capacity.md``).

    The loader builds it into [`Portfolio.capacity`][portfolio.model.Portfolio.capacity]
    (empty when the files give none); a notebook may level the same portfolio
    against another one. ``tolerance`` is the overload (a fraction: 0.1 is
    10 %) the ``capacity-overload`` rule and ``portfolio level --check`` accept.

    Examples:
        >>> Capacity() == Portfolio().capacity, bool(Capacity()), bool(Capacity(teams=[Team(id="t", size=1)]))
        (True, False, True)
    """

    teams: tuple[Team, ...] = attrs.field(default=(), converter=_tuple)
    platforms: tuple[PlatformLimit, ...] = attrs.field(default=(), converter=_tuple)
    blackouts: tuple[Blackout, ...] = attrs.field(default=(), converter=_tuple)
    demand: tuple[Demand, ...] = attrs.field(default=(), converter=_tuple)
    tolerance: float = 0.0
    pins: tuple[Pin, ...] = attrs.field(default=(), converter=_tuple)

    def __bool__(self) -> bool:
        """True when the section declares any team, onboarding limit, blackout, demand or pin."""
        return bool(self.teams or self.platforms or self.blackouts or self.demand or self.pins)

    def team(self, id: str) -> Team | None:
        """The team called ``id``, or None.

        Args:
            id: the team's id.

        Returns:
            The team, or None when there is none of that id.

        Examples:
            >>> Capacity(teams=[Team(id="a", size=1)]).team("a").size
            1
        """
        return next((t for t in self.teams if t.id == id), None)

    def demand_of(self, activity: Activity) -> tuple[Demand, ...]:
        """The demands that apply to ``activity`` (the first per team wins).

        Args:
            activity: the activity.

        Returns:
            At most one demand per team.

        Examples:
            >>> c = Capacity(demand=[Demand(activities="a*", team="t", amount=2),
            ...                      Demand(activities="*", team="t", amount=1)])
            >>> [d.amount for d in c.demand_of(Activity(id="ab"))]
            [2]
        """
        return self.demand_table([activity])[0]

    def demand_table(self, activities: Iterable[Activity]) -> list[tuple[Demand, ...]]:
        """`demand_of` for many activities at once (exact ids looked up, only patterns matched).

        Args:
            activities: the activities.

        Returns:
            Their demands, in the same order.

        Examples:
            >>> c = Capacity(demand=[Demand(activities="a", team="t", amount=2)])
            >>> [len(d) for d in c.demand_table([Activity(id="a"), Activity(id="b")])]
            [1, 0]
        """
        exact: dict[str, list[tuple[int, Demand]]] = {}
        # a pattern matches only ids that start with its text before the first wildcard: patterns by that
        # prefix, so an id is matched against the few whose prefix it has (one pattern per service, "svc.*",
        # was activities x services matches)
        by_prefix: dict[str, list[tuple[int, Demand]]] = {}
        for k, d in enumerate(self.demand):
            wild = [i for i in map(d.activities.find, "*?[") if i >= 0]
            if wild:
                by_prefix.setdefault(d.activities[:min(wild)], []).append((k, d))
            else:
                exact.setdefault(d.activities, []).append((k, d))
        anywhere = by_prefix.pop("", [])  # "*.build": tried on every id
        lengths = sorted({len(prefix) for prefix in by_prefix})
        table = []
        for activity in activities:
            found: dict[str, Demand] = {}
            ident = activity.id
            found_exact = exact.get(ident, [])
            matched = [(k, d) for k, d in anywhere if d.matches(activity)]
            if lengths:
                matched += [(k, d) for n in lengths if n <= len(ident) for k, d in by_prefix.get(ident[:n], ())
                            if d.matches(activity)]
            for _, d in sorted(found_exact + matched, key=lambda item: item[0]) if matched else found_exact:
                found.setdefault(d.team, d)
            table.append(tuple(found.values()))
        return table


@attrs.frozen(kw_only=True)
class Portfolio:
    """Everything the portfolio files declare; the schedule is computed from it, separately.

    Collections may be given as iterables of records; they are kept as
    read-only mappings keyed by id (baselines by name), in file order.

    Examples:
        >>> p = Portfolio(activities=[Activity(id="a.x", duration=Duration(5))])
        >>> p.activities["a.x"].duration.days
        5
    """

    settings: PortfolioSettings = PortfolioSettings()
    calendars: Mapping[str, CalendarSpec] = attrs.field(factory=dict, converter=_by_id)
    platforms: Mapping[str, Platform] = attrs.field(factory=dict, converter=_by_id)
    services: Mapping[str, Service] = attrs.field(factory=dict, converter=_by_id)
    migrations: Mapping[str, Migration] = attrs.field(factory=dict, converter=_by_id)
    activities: Mapping[str, Activity] = attrs.field(factory=dict, converter=_by_id)
    relations: Sequence[Relation] = attrs.field(default=(), converter=_relations)
    assignments: Mapping[str, Assignment] = attrs.field(factory=dict, converter=_by_id)
    baselines: Mapping[str, Baseline] = attrs.field(factory=dict, converter=_by_name)
    status_updates: tuple[StatusUpdate, ...] = attrs.field(default=(), converter=_sorted_updates)
    freeze_windows: Mapping[str, FreezeWindow] = attrs.field(factory=dict, converter=_by_id)
    rules: RuleSettings = RuleSettings()
    waivers: tuple[Waiver, ...] = attrs.field(default=(), converter=_tuple)
    risk: RiskModel | None = None
    """uncertainty and risks (``docs/risk.md``), None when the files give none"""
    costs: tuple[Cost, ...] = attrs.field(default=(), converter=_tuple)
    """budgets per activity or migration"""
    capacity: Capacity = attrs.field(factory=Capacity)
    """teams, onboarding limits, blackouts and demand (``docs/capacity.md``); empty when the files give none"""

    @property
    def current_baseline(self) -> Baseline | None:
        """The baseline marked ``current`` (else the last one declared), or None."""
        for baseline in self.baselines.values():
            if baseline.current:
                return baseline
        return next(reversed(tuple(self.baselines.values())), None)

    def baseline_as_of(self, date: dt.date | None) -> Baseline | None:
        """The baseline that was in force on ``date``: the current one, unless it was captured later.

        A report for August 2023 compares against the plan approved then, not
        against a re-plan captured in October. Starting from the current
        baseline, this follows ``replaces`` back to the newest one captured on
        or before ``date``; a baseline without a ``captured`` date counts as in
        force. When none was captured by then, it is the oldest in that chain.
        With ``date`` None it is `current_baseline`.

        Examples:
            >>> p = Portfolio(baselines=[
            ...     Baseline(name="original", captured=dt.date(2023, 1, 16)),
            ...     Baseline(name="replan", captured=dt.date(2023, 10, 16), current=True, replaces="original",
            ...              reason="AC ICT")])
            >>> p.baseline_as_of(dt.date(2023, 8, 31)).name, p.baseline_as_of(dt.date(2023, 12, 29)).name
            ('original', 'replan')
        """
        chosen = self.current_baseline
        if date is None or chosen is None:
            return chosen
        seen = {chosen.name}
        while chosen.captured is not None and chosen.captured > date:
            earlier = self.baselines.get(chosen.replaces) if chosen.replaces else None
            if earlier is None or earlier.name in seen:
                break
            seen.add(earlier.name)
            chosen = earlier
        return chosen

    def assignment_scope(self, key: str) -> tuple[str, ...]:
        """The ids of the activities an assignment covers, in file order (its dates roll up from these).

        Its ``activities``, the activities of its ``migrations``, and for each of
        its ``services``: the whole service when the assignment names none of
        that service's migrations or activities, else only the service's
        activities outside any migration (so ``services: [fbs]`` with
        ``migrations: [fbs.phase1]`` does not pull in phase 2).

        Examples:
            >>> p = Portfolio(
            ...     migrations=[Migration(id="fbs.p1", service="fbs", target="lpc"),
            ...                 Migration(id="fbs.p2", service="fbs", target="lpc")],
            ...     activities=[Activity(id="fbs.split", service="fbs"),
            ...                 Activity(id="fbs.p1-cutover", service="fbs", migration="fbs.p1"),
            ...                 Activity(id="fbs.p2-cutover", service="fbs", migration="fbs.p2")],
            ...     assignments=[Assignment(id="one", title="FBS 1", services=("fbs",), migrations=("fbs.p1",)),
            ...                  Assignment(id="all", title="FBS", services=("fbs",))])
            >>> p.assignment_scope("one"), p.assignment_scope("all")
            (('fbs.split', 'fbs.p1-cutover'), ('fbs.split', 'fbs.p1-cutover', 'fbs.p2-cutover'))
        """
        return self.assignment_scopes()[key]

    def assignment_scopes(self) -> Mapping[str, tuple[str, ...]]:
        """`assignment_scope` of every assignment, computed in one pass over the activities."""
        by_migration: dict[str, list[str]] = {}
        by_service: dict[str, list[str]] = {}  # service -> its activities outside any migration
        service_of: dict[str, str | None] = {}
        for act in self.activities.values():
            migration = self.migrations.get(act.migration) if act.migration is not None else None
            service_of[act.id] = act.service or (migration.service if migration is not None else None)
            if act.migration is not None:
                by_migration.setdefault(act.migration, []).append(act.id)
            elif act.service is not None:
                by_service.setdefault(act.service, []).append(act.id)
        by_service_all: dict[str, list[str]] = {}
        for ident, service in service_of.items():
            if service is not None:
                by_service_all.setdefault(service, []).append(ident)
        order = {ident: i for i, ident in enumerate(self.activities)}
        scopes: dict[str, tuple[str, ...]] = {}
        for key, assignment in self.assignments.items():
            narrowed = {self.migrations[m].service for m in assignment.migrations if m in self.migrations}
            narrowed |= {s for a in assignment.activities if (s := service_of.get(a)) is not None}
            members = {a for a in assignment.activities if a in order}
            for migration_id in assignment.migrations:
                members.update(by_migration.get(migration_id, ()))
            for service in assignment.services:
                members.update(by_service.get(service, ()) if service in narrowed else by_service_all.get(service, ()))
            scopes[key] = tuple(sorted(members, key=order.__getitem__))
        return MappingProxyType(scopes)

    def status_update(self, date: dt.date | None = None) -> StatusUpdate | None:
        """The latest status update on or before ``date`` (the latest of all when None)."""
        chosen = None
        for update in self.status_updates:
            if date is None or update.date <= date:
                chosen = update
        return chosen

    def __repr__(self) -> str:
        """A one-line summary; the records themselves are in the mappings (``p.services``, ...)."""
        return (f"<Portfolio {self.settings.name!r}: {len(self.services)} services, {len(self.platforms)} platforms, "
                f"{len(self.migrations)} migrations, {len(self.activities)} activities, "
                f"{len(self.relations)} relations>")

    def _landing(self, service: str) -> str:
        """Where a service's migrations land: targets, or ``open: a / b`` while undecided."""
        found = []
        for m in self.migrations.values():
            if m.service == service:
                found.append(m.target or ("open: " + " / ".join(m.candidates) if m.candidates else m.approach.value))
        return ", ".join(found)

    def _repr_html_(self) -> str:
        """A notebook summary: the counts, then the services with their platform today and their landing."""
        baseline = self.current_baseline
        latest = self.status_update()
        summary = _display.facts([
            ("start", self.settings.start), ("services", len(self.services)), ("platforms", len(self.platforms)),
            ("migrations", len(self.migrations)), ("open decisions", sum(m.is_open for m in self.migrations.values())),
            ("activities", len(self.activities)), ("relations", len(self.relations)),
            ("assignments", len(self.assignments)), ("baseline", baseline.name if baseline else None),
            ("latest status", latest.date if latest else None)])
        rows = ([s.id, s.name, s.domain, s.platform, self._landing(s.id)] for s in self.services.values())
        services = _display.table(["service", "name", "domain", "platform", "migrates to"], rows,
                                  total=len(self.services))
        return _display.block(f"Portfolio {self.settings.name}", summary, services)

    def to_pandas(self, table: str = "activities") -> pd.DataFrame:
        """The ``activities`` (one row each, as declared) or the ``services`` as a DataFrame (needs pandas).

        Examples:
            >>> p = Portfolio(activities=[Activity(id="a.x", duration=Duration(5), kind=ActivityKind.CUTOVER)])
            >>> df = p.to_pandas()
            >>> int(df.loc[0, "duration"]), str(df["kind"].dtype), str(df["constraint_date"].dtype)
            (5, 'category', 'datetime64[ns]')
        """
        from portfolio import _frames  # noqa: PLC0415 - numpy, only for a DataFrame (the file reader imports this module)

        if table == "services":
            services = tuple(self.services.values())
            return _frames.frame([
                ("id", "str", [s.id for s in services]), ("name", "str", [s.name for s in services]),
                ("domain", "category", [s.domain for s in services]),
                ("platform", "category", [s.platform for s in services]),
                ("migrates_to", "str", [self._landing(s.id) for s in services]),
                ("availability_norm", "float", [s.availability_norm for s in services]),
                ("depends_on", "str", [", ".join(s.depends_on) for s in services]),
            ])
        if table != "activities":
            raise ValueError(f"table is 'activities' or 'services', not {table!r}")
        acts = tuple(self.activities.values())
        constraints = [a.constraint for a in acts]
        return _frames.frame([
            ("id", "str", [a.id for a in acts]), ("name", "str", [a.name for a in acts]),
            ("kind", "category", [a.kind.value for a in acts], [k.value for k in ActivityKind]),
            ("service", "str", [a.service for a in acts]), ("migration", "str", [a.migration for a in acts]),
            ("platform", "str", [a.platform for a in acts]),
            ("duration", "int", [a.duration.days for a in acts]), ("elapsed", "bool", [a.duration.elapsed for a in acts]),
            ("constraint", "category", [c.type.value if c else None for c in constraints],
             [c.value for c in ConstraintType]),
            ("constraint_date", "date", [c.date if c else None for c in constraints]),
            ("deadline", "date", [a.deadline for a in acts]),
        ])
