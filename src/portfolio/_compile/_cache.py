"""One compiled network per live portfolio, and what-if portfolios that derive theirs from their parent's."""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable, Sequence
from types import MappingProxyType

import attrs

from portfolio._compile._network import Network, compile_network
from portfolio.model import Activity, Portfolio

__all__ = ["compiled", "derive", "replace_activities"]

_CACHE: dict[int, tuple[weakref.ref[Portfolio], Network]] = {}
"""id(portfolio) -> (a weak reference to it, its network). Portfolios hold read-only mappings and cannot be hashed, so a
WeakKeyDictionary does not fit; the reference's callback drops the entry.
"""
_BY_RELATIONS: dict[int, weakref.ref[Network]] = {}
"""id(portfolio.relations) -> the network last compiled from that tuple of relations. The network holds the tuple
(``Network.relation_records``), so while the reference lives the id is that tuple's; a portfolio made by ``attrs.evolve``
shares its parent's tuple, and then the relation arrays and the core's topologies (see `compile_network`).
"""
_DERIVED: dict[int, tuple[weakref.ref[Portfolio], weakref.ref[Portfolio], tuple[Activity, ...]]] = {}
"""id(child) -> (weak reference to the child, weak reference to its parent, the activities that differ)"""


def compiled(portfolio: Portfolio, start_day: dt.date) -> Network:
    """The network of ``portfolio`` starting on ``start_day``: compiled once, then taken from a cache.

    A portfolio made by `derive` reuses its parent's network with only
    the changed activities recomputed.
    """
    hit = _CACHE.get(id(portfolio))
    if hit is not None and hit[0]() is portfolio and hit[1].start_day == start_day:
        return hit[1]
    sibling = _sibling(portfolio)
    net = _from_parent(portfolio, start_day) or compile_network(portfolio, start_day, like=sibling)
    key = id(portfolio)
    _CACHE[key] = (weakref.ref(portfolio, lambda _, key=key: _CACHE.pop(key, None)), net)  # type: ignore[misc]
    if sibling is None and portfolio.relations:  # the first network of these relations stands for them
        rkey = id(portfolio.relations)
        _BY_RELATIONS[rkey] = weakref.ref(net, lambda ref, rkey=rkey: _forget(rkey, ref))  # type: ignore[misc]
    return net


def _sibling(portfolio: Portfolio) -> Network | None:
    """A live network compiled from the same tuple of relations as ``portfolio``'s, else None."""
    ref = _BY_RELATIONS.get(id(portfolio.relations))
    net = ref() if ref is not None else None
    return net if net is not None and net.relation_records is portfolio.relations else None


def _forget(key: int, ref: weakref.ref[Network]) -> None:
    """Drop the entry of a network that is gone (only its own: another network may have taken the key since)."""
    if _BY_RELATIONS.get(key) is ref:
        del _BY_RELATIONS[key]


def _from_parent(portfolio: Portfolio, start_day: dt.date) -> Network | None:
    recipe = _DERIVED.get(id(portfolio))
    if recipe is None or recipe[0]() is not portfolio:
        return None
    parent = recipe[1]()
    hit = _CACHE.get(id(parent)) if parent is not None else None
    if hit is None or hit[0]() is not parent or hit[1].start_day != start_day:
        return None
    return hit[1].with_activities(recipe[2])


def _same(a: object, b: object) -> bool:
    """The same object, or tuples of the same objects (``attrs.evolve`` re-sorts the status updates)."""
    if a is b:
        return True
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))
    return a is b


def derive(parent: Portfolio, child: Portfolio, replaced: Sequence[str] | None = None) -> Portfolio:
    """Note that ``child`` is ``parent`` with some activities changed in place; returns ``child``.

    When ``parent`` has been compiled, compiling ``child`` recomputes only
    the changed activities' rows. Anything else that differs (relations,
    calendars, settings, progress, the set of activities) makes ``child``
    compile in full, as any portfolio does.

    ``replaced``: the ids of the changed activities, when the caller made
    ``child.activities`` as ``{**parent.activities, id: new, ...}`` for ids
    that ``parent`` has (the same ids in the same order): then the
    activities are not compared one by one (a what-if on 100,000 activities
    saves two passes over them).
    """
    same = all(_same(getattr(parent, f.name), getattr(child, f.name))
               for f in attrs.fields(Portfolio) if f.name != "activities")
    if not same:
        return child
    if replaced is not None:
        if len(child.activities) != len(parent.activities) or any(i not in parent.activities for i in replaced):
            return child
        changed = tuple(child.activities[i] for i in dict.fromkeys(replaced))
    elif list(parent.activities) != list(child.activities):
        return child
    else:
        changed = tuple(a for a, b in zip(child.activities.values(), parent.activities.values(), strict=True)
                        if a is not b)
    key = id(child)
    _DERIVED[key] = (weakref.ref(child, lambda _, key=key: _DERIVED.pop(key, None)),  # type: ignore[misc]
                     weakref.ref(parent), changed)
    return child


def replace_activities(portfolio: Portfolio, changed: Iterable[Activity]) -> Portfolio:
    """``portfolio`` with these activities (by id, each one it has) replaced, derived from it (see `derive`).

    The activities' mapping is copied as a dict (a read-only mapping's
    ``copy``: a C-level copy, where ``{**mapping}`` looks every key up
    again, 0.2 s at 100,000 activities).

    Examples:
        >>> from portfolio.model import Duration
        >>> p = Portfolio(activities=[Activity(id="a"), Activity(id="b")])
        >>> q = replace_activities(p, [Activity(id="b", duration=Duration(3))])
        >>> list(q.activities), q.activities["b"].duration.days, q.activities["a"] is p.activities["a"]
        (['a', 'b'], 3, True)
    """
    records = portfolio.activities
    activities = records.copy() if isinstance(records, dict | MappingProxyType) else dict(records)
    ids = []
    for act in changed:
        activities[act.id] = act
        ids.append(act.id)
    return derive(portfolio, attrs.evolve(portfolio, activities=MappingProxyType(activities)), replaced=ids)
