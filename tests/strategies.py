"""Hypothesis strategies for portfolio files: random YAML-ish data and mutations of a valid file."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import strategies as st

from portfolio.io._raw import SECTIONS

#: A small valid portfolio file that the mutation strategies start from.
VALID = """\
portfolio:
  name: Test
  start: 2023-01-02
  key_milestones: [digid.live]
calendars:
  - {id: kerst, base: rijk, closed: [2023-12-27, {from: 2023-12-28, to: 2023-12-29}]}
platforms:
  - id: lpc
    name: LPC
    kind: private-cloud
    ready: ready
    activities:
      - {id: ready, kind: readiness, duration: 0d}
services:
  - id: digid
    name: DigiD
    platform: lpc
    availability_norm: 99.8
    migrations:
      - id: move
        target: lpc
        approach: rehost
        activities:
          - {id: cutover, kind: cutover, after: [build, lpc.ready FS+5d]}
    activities:
      - {id: build, duration: 3w, calendar: kerst, constraint: SNET 2023-02-01}
      - {id: live, kind: go-live, after: [{id: cutover, type: SS, lag: 2d}], deadline: 2023-12-31}
relations:
  - {from: digid.build, to: digid.live, type: FF, lag: -1d}
freeze_windows:
  - {id: kerst, from: 2023-12-18, to: 2024-01-05}
assignments:
  - {id: opd-1, title: Migratie, services: [digid], budget: 100000}
"""

#: Keys the loader knows, so random mappings hit the structuring code, not only "unknown key".
KEYS = sorted(
    set(SECTIONS)
    | {"id", "name", "duration", "after", "kind", "type", "lag", "date", "start", "finish", "from", "to"}
    | {"activities", "migrations", "target", "candidates", "decision", "constraint", "current", "replaces"}
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.text(max_size=20),
    st.sampled_from(["15d", "-3w", "2mo", "10ed", "x FS+5d", "SNET 2023-10-02", "2023-02-30", "yes", "~", "<<"]),
)

keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=10))


def _children(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=5))


#: Random nested data: dicts, lists and scalars.
trees = st.recursive(scalars, _children, max_leaves=40)

#: A random mapping of (mostly) known sections to random trees.
documents = st.dictionaries(st.one_of(st.sampled_from(sorted(SECTIONS)), keys), trees, max_size=6)


def dump(data: Any) -> str:
    """Dump data as YAML (block style)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@st.composite
def mutated(draw: st.DrawFn, text: str = VALID) -> str:
    """The valid file with a few random edits: deleted or inserted characters, swapped or dropped lines."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(["delete", "insert", "swap", "drop", "duplicate"]))
        if kind in ("swap", "drop", "duplicate"):
            i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            if kind == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            elif kind == "drop" and len(lines) > 1:
                del lines[i]
            else:
                lines.insert(j, lines[i])
        else:
            joined = "".join(lines)
            at = draw(st.integers(min_value=0, max_value=max(0, len(joined) - 1)))
            if kind == "delete":
                size = draw(st.integers(min_value=1, max_value=5))
                joined = joined[:at] + joined[at + size :]
            else:
                joined = joined[:at] + draw(st.sampled_from(list(":-[]{},&*!|>'\"#\t\n x0"))) + joined[at:]
            lines = joined.splitlines(keepends=True) or [""]
    return "".join(lines)


@st.composite
def retyped(draw: st.DrawFn, text: str = VALID) -> str:
    """The valid file with some values replaced by random values of other types."""
    data = yaml.safe_load(text)

    def paths(node: Any, prefix: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        found = [prefix]
        if isinstance(node, dict):
            for k, v in node.items():
                found += paths(v, (*prefix, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                found += paths(v, (*prefix, i))
        return found

    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        candidates = paths(data, ())[1:]
        path = draw(st.sampled_from(candidates))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = draw(trees)
    return dump(data)
