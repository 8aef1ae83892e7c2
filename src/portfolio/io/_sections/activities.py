"""The ``activities:`` and ``relations:`` sections, and the activities nested in services, migrations and platforms.

Reads (``io/_raw.py``): ``RawActivity`` (with ``RawConstraint`` and
``RawPredecessor`` inside it) and ``RawRelation``.

Checks, with the codes raised:

- ids: ``bad-id``, ``duplicate-id`` (an activity's full id is its scope's id,
  a dot and its local id);
- durations and lags: ``bad-duration`` (not a duration, or not whole days),
  ``negative-duration``, ``out-of-range`` (over ``MAX_DAYS``);
- constraints (``SNET 2023-10-02`` or a mapping): ``wrong-type`` and the
  value codes of the record;
- predecessors (``after:`` entries ``id``, ``id SS+2d`` or a mapping):
  ``wrong-type``, ``bad-value``;
- references to a service, migration, platform or calendar, and the two
  ends of each relation: ``unknown-ref``.

Builds `Portfolio.activities <portfolio.model.Portfolio.activities>` and
`Portfolio.relations <portfolio.model.Portfolio.relations>`: the
relations of ``after:`` first (in the order of their activities), then those
of ``relations:``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, Final, NamedTuple

import attrs

from portfolio.graph import TYPE_CODES, RelationNumbers
from portfolio.io._raw import RawActivity, RawConstraint, RawPredecessor, RawRelation
from portfolio.io._sections._context import Context, Item, Section, full_id, item_mark
from portfolio.io._sections._durations import plain_duration as _plain_duration
from portfolio.io._sections._durations import read_duration
from portfolio.io._sections.calendars import calendar_ids
from portfolio.io._yaml_reader import COLUMN_MASK, LINE_SHIFT, MList, MMap, as_source, record_maker
from portfolio.model import (
    Activity,
    ActivityKind,
    Constraint,
    Duration,
    Relations,
    RelationType,
    Source,
)

__all__ = ["ACTIVITIES", "RELATIONS", "add_activities", "read_duration"]

_ZERO: Final = Duration(0)
_AFTER: Final = re.compile(r"^(FS|SS|FF|SF)?([+-].*)?$", re.IGNORECASE)


@attrs.define
class _Pending:
    """An ``after:`` entry or ``relations:`` record waiting for its ids to be resolved."""

    predecessor: str
    successor: str
    type: RelationType
    lag: Duration
    scope: str | None
    source: Source
    explicit: bool  # from `relations:` (both ids full) rather than `after:`


def add_activities(
    context: Context, node: Any, activities: list[Any], scope: str, migration: str | None
) -> None:
    """Read the activities of ``node``'s ``activities:`` list (service, migration or platform ``scope``).

    Each goes into ``context.items["activities"]``; a place is made only for one that needs cattrs.
    """
    items = context.items["activities"]
    for index, value in enumerate(activities):
        raw = _plain_activity(value)
        if raw is not None:
            items.append(Item(raw, value, scope, migration))
            continue
        name = value.get("id") if isinstance(value, MMap) else None
        what = f"activity '{full_id(scope, name)}'" if isinstance(name, str) else f"an activity of '{scope}'"
        mark = item_mark(node, "activities", index)
        context.add("activities", value, RawActivity, what, mark, scope=scope, migration=migration)


def _plain_activity(value: Any) -> RawActivity | None:
    """An activity of the usual keys whose values need no checking here: what cattrs would make of it; None: ask cattrs.

    Text id, name and description, a list of predecessors, and a duration and constraint of any kind (read
    later, with their own diagnostics); any other key or kind of value takes cattrs' path, which reports it.

    Examples:
        >>> value = MMap(Source("p.yaml", 3, 9))
        >>> value.update({"id": "build", "duration": "3w", "after": MList(Source("p.yaml", 4, 9))})
        >>> _plain_activity(value)
        RawActivity(id='build', name='', duration='3w', kind=<ActivityKind.TASK: 'task'>, calendar=None, after=[], \
constraint=None, deadline=None, platform=None, service=None, migration=None, description='', manual=False)
        >>> value["kind"] = "mijlpaal"
        >>> _plain_activity(value) is None
        True
    """
    if type(value) is not MMap or not value.keys() <= _PLAIN_KEYS:
        return None
    get = value.get
    ident, name, description = get("id"), get("name", ""), get("description", "")
    after, duration, constraint = get("after"), get("duration"), get("constraint")
    if (
        type(ident) is not str
        or type(name) is not str
        or type(description) is not str
        or type(duration) is bool
        or type(constraint) is bool
    ):
        return None
    if after is None:
        if "after" in value:
            return None
        after = []
    elif not isinstance(after, list):
        return None
    return _new_raw_activity(  # RawActivity's defaults for the other fields (checked against cattrs' in the tests)
        ident, name, duration, _TASK, None, after, constraint, None, None, None, None, description, False
    )


_TASK: Final = ActivityKind.TASK  # an enum member looked up on its class takes a tenth of a microsecond
_PLAIN_KEYS: Final = frozenset(("id", "name", "description", "after", "duration", "constraint"))
"""The keys of `_plain_activity`: text id, name and description, a list ``after``, any duration and constraint but a
boolean."""
_new_raw_activity: Final = record_maker(RawActivity, (
    "id", "name", "duration", "kind", "calendar", "after", "constraint", "deadline", "platform", "service",
    "migration", "description", "manual",
))
"""``RawActivity(...)``, the fields given in this order (`record_maker`)."""


def declare(context: Context) -> None:
    """Check the activities' full ids: ``context.declared["activities"]``."""
    context.declared["activities"] = context.unique(
        ((_full_id(i.scope, i.raw.id), i) for i in context.items["activities"]),
        "activity",
    )


def _full_id(scope: str | None, local: Any) -> str:
    """`full_id`, without its call to ``str`` for a text (an activity's id is text: 50,000 calls at 50k).

    Examples:
        >>> _full_id("digid", "build"), _full_id("digid", "digid.build"), _full_id("digid", 7), _full_id(None, "x")
        ('digid.build', 'digid.build', 'digid.7', 'x')
    """
    if type(local) is not str or scope is None:
        return full_id(scope, local)
    return local if local.startswith(scope + ".") else scope + "." + local


def build(context: Context) -> dict[str, Any]:
    """The activities and all relations (``after:`` and ``relations:``), with their references resolved."""
    items = context.declared["activities"]
    activities: dict[str, Activity] = {}
    places = _Places([], [], [], {})
    unknown: list[_Pending] = []
    scopes = _Scopes(
        context.declared["services"], context.declared["migrations"], context.declared["platforms"],
        calendar_ids(context), {},
    )
    after_texts: dict[Any, _Parsed] = {}
    # each id to its number: a relation's ends are kept as the activities' numbers (`Relations`)
    declared = dict(zip(items, range(len(items)), strict=True))
    numbers = RelationNumbers([], [], [], [], [])
    _activities(context, items, scopes, activities)
    _after(context, items, declared, (places, unknown, after_texts, numbers))
    explicit = []
    for item in context.items["relations"]:
        raw_relation: RawRelation = item.raw
        lag = _duration(context, raw_relation.lag, item, "lag", "the relation", allow_negative=True)
        explicit.append(
            _Pending(raw_relation.from_, raw_relation.to, raw_relation.type, lag, None, item.mark(), explicit=True)
        )
    for p in unknown:  # reported here, in the order they always were: after the activities and the relations' lags
        context.resolve(p.predecessor, p.scope, items, f"activity '{p.successor}' has predecessor", p.source, p.successor)
    for p in explicit:
        pred = context.resolve(p.predecessor, None, items, "relation comes from", p.source, p.predecessor)
        succ = context.resolve(p.successor, None, items, "relation goes to", p.source, p.successor)
        if pred is not None and succ is not None:
            _number(numbers, declared[pred], declared[succ], (pred, p.type, p.lag, *_codes(p.type, p.lag)))
            places.add(p.source)
    ids = tuple(items)
    context.relation_numbers = (ids, numbers)
    relations = Relations(ids, numbers.pred, numbers.succ, numbers.rtype, numbers.days, numbers.elapsed,
                          tuple(places.files), places.file, places.line, places.column)
    return {"activities": activities, "relations": relations}


class _Places(NamedTuple):
    """The places of the relations made, as the columns of `Relations` hold them: file number, line, column."""

    file: list[int]
    line: list[int]
    column: list[int]
    files: dict[str, int]
    """file -> its number"""

    def add(self, source: Source) -> None:
        """Add one relation's place."""
        self.file.append(self.files.setdefault(source.file, len(self.files)))
        self.line.append(source.line)
        self.column.append(source.column)


def _codes(rtype: RelationType, lag: Duration) -> tuple[int, int, bool]:
    """A relation's type code and lag as the relation columns hold them (`portfolio.graph.RelationNumbers`)."""
    return TYPE_CODES[rtype], lag.days, lag.elapsed


def _number(numbers: RelationNumbers, pred: int, succ: int, parsed: _Parsed) -> None:
    """Add one relation's numbers: its ends' numbers, type code, lag days and whether the lag is elapsed."""
    numbers.pred.append(pred)
    numbers.succ.append(succ)
    numbers.rtype.append(parsed[3])
    numbers.days.append(parsed[4])
    numbers.elapsed.append(parsed[5])


_Parsed = tuple[str, RelationType, Duration, int, int, bool]
"""An ``after:`` entry read: the reference, the type and the lag, with the type's code and the lag's days and kind."""
_Found = tuple[_Places, list[_Pending], dict[Any, _Parsed], RelationNumbers]
"""What `_after` adds to: the relations' places, the predecessors not found (reported later), the ``after:`` texts
read so far in this load (an entry such as ``a005 SS+3d`` repeats in every service of a generated portfolio) and
the relations' numbers."""


def _after(context: Context, items: Mapping[str, Item], declared: Mapping[str, int], found: _Found) -> None:
    """The relations of every activity's ``after:`` entries, in order; an undeclared predecessor kept to report.

    A predecessor is looked up as `Context.resolve` does (in the activity's scope first, then as a full id),
    without making the message of a failed look-up; an entry written as text, or as a mapping of texts, is
    read once per load (`_entry_key`: it is a pure function of its texts when it reads without a report).
    ``declared`` maps each activity id to its number (its place in ``items``): a relation is kept as its ends'
    numbers (`portfolio.model.Relations`), added to the relation columns the cycle check and the compile stage
    share (`portfolio.graph.remember_columns`), so neither reads the records again. One call for all
    activities: what is looked up once per call is looked up once per load.
    """
    places, unknown, texts, numbers = found
    get, find = texts.get, declared.get
    add_pred, add_succ, add_type = numbers.pred.append, numbers.succ.append, numbers.rtype.append
    add_days, add_elapsed = numbers.days.append, numbers.elapsed.append
    add_file, add_line, add_column, file_numbers = places.file.append, places.line.append, places.column.append, places.files
    shift, mask, plain = LINE_SHIFT, COLUMN_MASK, MMap
    for succ, (ident, item) in enumerate(items.items()):  # an activity's number is its place in ``items``
        entries = item.raw.after
        if not entries:
            continue
        after = item.data.get("after")
        if isinstance(after, MList):  # libyaml's marks (0-based; or packed, `packed_list`) or `Source` records
            file, marks = after.file, after.raw_items
        else:
            marks = [item.mark("after")] * len(entries)
            file = marks[0].file
        number = file_numbers.setdefault(file, len(file_numbers))
        scope = item.scope
        prefix = scope + "." if scope is not None else None
        for entry, mark in zip(entries, marks, strict=True):
            if type(entry) is str:
                key: Any = entry
            elif type(entry) is plain and len(entry) == 3:  # `_entry_key`'s usual case, inline: {id, type, lag}
                key = (entry.get("id"), entry.get("type"), entry.get("lag"))
                if type(key[0]) is not str or type(key[1]) is not str or type(key[2]) is not str:
                    key = None
            else:
                key = _entry_key(entry)
            parsed = get(key)  # None for the key None: never kept
            if parsed is None:
                count = len(context.diagnostics)
                read = _predecessor(context, entry, _source(file, mark), f"activity '{ident}'")
                if read is None:
                    continue
                parsed = (*read, *_codes(read[1], read[2]))
                if key is not None and len(context.diagnostics) == count:  # read without a report: the same each time
                    texts[key] = parsed
            ref = parsed[0]
            pred = find(prefix + ref) if prefix is not None else None  # as `Context.resolve` finds it
            if pred is None:
                pred = find(ref)
                if pred is None:
                    unknown.append(_Pending(ref, ident, parsed[1], parsed[2], scope, _source(file, mark), explicit=False))
                    continue
            add_pred(pred)  # the relation's numbers, as `_number` adds them (inline: 150,000 calls at 50k)
            add_succ(succ)
            add_type(parsed[3])
            add_days(parsed[4])
            add_elapsed(parsed[5])
            if type(mark) is int:  # its place, as `_Places.add` adds it; packed by the helper process (`packed_list`)
                add_file(number)
                add_line((mark >> shift) + 1)
                add_column((mark & mask) + 1)
            elif type(mark) is Source:
                add_file(file_numbers.setdefault(mark.file, len(file_numbers)))
                add_line(mark.line)
                add_column(mark.column)
            else:
                add_file(number)
                add_line(mark.line + 1)
                add_column(mark.column + 1)


def _source(file: str, mark: Any) -> Source:
    """An ``after:`` entry's place as a `Source`: a libyaml mark (0-based) or a packed one made one, or the `Source`."""
    return as_source(file, mark)


def _entry_key(entry: Any) -> tuple[str, str | None, str | None] | None:
    """The key a mapping ``after:`` entry of texts is remembered by in a load: its id, type and lag; None: read it.

    Only a mapping of the keys ``id`` (text), ``type`` and ``lag`` (texts or left out) has one: its reading is a
    pure function of these three texts (when it reads without a report), as an entry written as text is of its
    text. A number, a date, a null or any other key is read each time (``1``, ``1.0`` and ``True`` are equal keys).

    Examples:
        >>> entry = MMap(Source("p.yaml", 3, 9))
        >>> entry.update({"id": "build", "type": "FF", "lag": "-1d"})
        >>> _entry_key(entry)
        ('build', 'FF', '-1d')
        >>> entry["lag"] = -1
        >>> _entry_key(entry) is None
        True
    """
    if type(entry) is not MMap or len(entry) > 3:  # the three keys of a predecessor at most
        return None
    get = entry.get
    ident, rtype, lag = get("id"), get("type"), get("lag")
    if type(ident) is not str:
        return None
    size = 1
    if rtype is not None:
        if type(rtype) is not str:
            return None
        size += 1
    if lag is not None:
        if type(lag) is not str:
            return None
        size += 1
    return (ident, rtype, lag) if size == len(entry) else None


class _Scopes(NamedTuple):
    """What an activity may belong to: the declared services, migrations and platforms, the calendar ids; and the
    durations read so far."""

    services: Mapping[str, Item]
    migrations: Mapping[str, Item]
    platforms: Mapping[str, Item]
    calendars: set[str]
    durations: dict[str, Duration]
    """the durations written as text read so far in this load without a report, by their text (a few dozen)"""


def _activities(context: Context, items: Mapping[str, Item], scopes: _Scopes, activities: dict[str, Activity]) -> None:
    """Every activity, in order: as `_activity` makes it; the usual one inline (50,000 calls fewer at 50k).

    The usual one: a duration read before in this load (by its text), no constraint, and no service,
    migration, platform or calendar of its own (those of its scope): nothing to read, resolve or report.
    """
    durations, services, platforms, make = scopes.durations, scopes.services, scopes.platforms, _new_activity
    for ident, item in items.items():
        raw: RawActivity = item.raw
        written = raw.duration
        duration = durations.get(written) if type(written) is str else None
        if (duration is None or raw.constraint is not None or raw.service is not None or raw.migration is not None
                or raw.platform is not None or raw.calendar is not None):
            activities[ident] = _activity(context, ident, item, scopes)
            continue
        scope = item.scope
        activities[ident] = make(  # the fields in the order of _ACTIVITY_FIELDS, as `_activity` gives them
            ident, raw.name or ident, duration, raw.kind, None, scope if scope in services else None,
            item.migration, scope if scope in platforms else None, None, raw.deadline, raw.description,
            raw.manual, item.data.mark,
        )


def _activity(context: Context, ident: str, item: Item, scopes: _Scopes) -> Activity:
    """One activity: its duration and constraint read, its service, migration, platform and calendar resolved."""
    raw: RawActivity = item.raw
    services, platforms = scopes.services, scopes.platforms
    where = f"activity '{ident}'"
    written = raw.duration
    duration = scopes.durations.get(written) if type(written) is str else None
    if duration is None:
        duration = _plain_duration(written, allow_negative=False)
        if duration is not None and type(written) is str:
            scopes.durations[written] = duration  # read without a report: the same each time
        else:
            duration = _duration(context, written, item, "duration", where, allow_negative=False)
    constraint = None if raw.constraint is None else _constraint(context, raw.constraint, item, where)
    service = item.scope if item.scope in services else None
    if raw.service is not None:
        service = context.ref(item, "service", services, f"{where} belongs to service", ident)
    migration = item.migration
    if raw.migration is not None:
        migration = context.ref(
            item, "migration", scopes.migrations, f"{where} belongs to migration", ident, scope=service
        )
    platform = item.scope if item.scope in platforms else None
    if raw.platform is not None:
        platform = context.ref(item, "platform", platforms, f"{where} concerns platform", ident)
    calendar = None
    if raw.calendar is not None:
        calendar = context.ref(item, "calendar", scopes.calendars, f"{where} uses calendar", ident)
    return _new_activity(  # the fields in the order of _ACTIVITY_FIELDS
        ident, raw.name or ident, duration, raw.kind, calendar, service, migration, platform, constraint,
        raw.deadline, raw.description, raw.manual, item.data.mark,
    )


_ACTIVITY_FIELDS: Final = (
    "id", "name", "duration", "kind", "calendar", "service", "migration", "platform", "constraint", "deadline",
    "description", "manual", "source",
)
_new_activity: Final = record_maker(Activity, _ACTIVITY_FIELDS)
"""``Activity(...)``, the fields given in this order (the loader makes one per activity: `record_maker`); the
relations are kept as columns (`portfolio.model.Relations`), their records made when read."""


def _duration(context: Context, value: Any, item: Item, key: str, where: str, *, allow_negative: bool) -> Duration:
    """The duration or lag in ``item``'s field ``key``; 0 (reported) when it is bad."""
    if value is None:
        return _ZERO
    quick = _plain_duration(value, allow_negative=allow_negative)
    if quick is not None:
        return quick
    found = read_duration(context, value, f"{where}: {key}", item.mark(key), allow_negative=allow_negative)
    return _ZERO if found is None else found


def _constraint(context: Context, value: Any, item: Item, where: str) -> Constraint | None:
    """The constraint written ``TYPE DATE`` or ``{type: ..., date: ...}``; None for ASAP, none or a bad one."""
    if value is None:
        return None
    mark = item.mark("constraint")
    if isinstance(value, str):
        parts = value.split()
        if len(parts) == 1 and parts[0].upper() == "ASAP":
            return None
        if len(parts) != 2:
            context.report(
                "wrong-type",
                f"{where}: constraint {value!r} is not 'TYPE DATE'",
                mark,
                hint="write e.g. 'SNET 2023-10-02' or {type: SNET, date: 2023-10-02}",
            )
            return None
        value = MMap(mark)
        value.update({"type": parts[0], "date": parts[1]})
    raw = context.structure(value, RawConstraint, f"{where}: constraint", mark)
    if raw is None:
        return None
    return Constraint(type=raw.type, date=raw.date)


def _predecessor(context: Context, entry: Any, mark: Source, where: str) -> tuple[str, RelationType, Duration] | None:
    """One ``after:`` entry as (predecessor id as written, relation type, lag); None when it is reported."""
    if isinstance(entry, dt.date) and not isinstance(entry, dt.datetime):
        entry = entry.isoformat()  # an id that looks like a date, as ids may
    if isinstance(entry, str):
        parts = entry.split()
        if len(parts) == 1:  # the common 'id' (FS, no lag), without the pattern
            return parts[0], RelationType.FS, _ZERO
        if not parts:
            context.report("wrong-type", f"{where}: empty predecessor", mark, hint="give an activity id")
            return None
        match = _AFTER.match("".join(parts[1:]))
        if match is None:
            context.report(
                "bad-value",
                f"{where}: cannot read predecessor {entry!r}",
                mark,
                hint="write 'id', 'id FS', 'id SS+2d' or 'id FF-1d'",
            )
            return None
        rtype = RelationType((match.group(1) or "FS").upper())
        lag_text = match.group(2)
        lag = (
            _plain_duration(lag_text, allow_negative=True)
            or read_duration(context, lag_text, f"{where}: in {entry!r}, lag", mark, allow_negative=True, lag=True)
            if lag_text
            else _ZERO
        )
        return None if lag is None else (parts[0], rtype, lag)
    fast = _plain_predecessor(entry)
    if fast is not None:
        ident, rtype, lag_value = fast
    else:
        raw = context.structure(entry, RawPredecessor, f"{where}: predecessor", mark)
        if raw is None:
            return None
        ident, rtype, lag_value = raw.id, raw.type, raw.lag
    lag = _plain_duration(lag_value, allow_negative=True)
    if lag is None:
        lag_mark = entry.value_mark("lag", mark) if isinstance(entry, MMap) else mark
        lag = read_duration(context, lag_value, f"{where}: lag", lag_mark, allow_negative=True, lag=True)
    return None if lag is None else (ident, rtype, lag)


def _plain_predecessor(entry: Any) -> tuple[str, RelationType, Any] | None:
    """A mapping ``{id: ..., type: ..., lag: ...}`` that structures without a doubt: what cattrs would make of it.

    The id text, the type written as its exact value (``FF``) or left out, any lag (read after);
    anything else (a number as id, ``type: ff``, an unknown key) goes through cattrs, which reports it.
    Half the cost of a predecessor written as a mapping was cattrs' generic path.

    Examples:
        >>> entry = MMap(Source("p.yaml", 3, 9))
        >>> entry.update({"id": "build", "type": "FF", "lag": "-1d"})
        >>> _plain_predecessor(entry)
        ('build', <RelationType.FF: 'FF'>, '-1d')
        >>> entry["type"] = "ff"
        >>> _plain_predecessor(entry) is None
        True
    """
    if type(entry) is not MMap or not entry.keys() <= _PREDECESSOR_KEYS:
        return None
    ident = entry.get("id")
    if type(ident) is not str:
        return None
    written = entry.get("type", "FS")
    rtype = _RELATION_TYPES.get(written) if type(written) is str else None
    if rtype is None:
        return None
    return ident, rtype, entry.get("lag", 0)


_PREDECESSOR_KEYS: Final = frozenset(f.name for f in attrs.fields(RawPredecessor))
_RELATION_TYPES: Final = {member.value: member for member in RelationType}


ACTIVITIES: Final = Section(name="activity", declare=declare, build=build)
"""Top-level activities (full ids); the nested ones are read by their service, migration or platform."""
RELATIONS: Final = Section(name="relation")
"""Relations between any two activities; built with the activities (their lags read after the activities')."""
