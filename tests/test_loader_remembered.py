"""What the loader reads once per load and reuses gives what reading each entry afresh gives.

An ``after:`` entry is remembered by its text, a mapping entry of texts by its id, type and lag
(``_entry_key``): the same entry met again makes an equal relation at its own place, and an entry that
reads with a report is read (and reported) again wherever it is written.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from portfolio.io import load
from portfolio.io._sections.activities import _entry_key
from portfolio.io._yaml_reader import read_yaml_text
from portfolio.model import Duration, RelationType

PLAN = """\
services:
  - id: one
    name: One
    activities:
      - {id: a, duration: 5d}
      - {id: b, duration: 2d, after: [{id: a, type: FF, lag: -1d}, a SS+2d]}
      - {id: c, duration: 2d, after: [{id: a, type: XX}, {id: a, lag: 1}]}
  - id: two
    name: Two
    activities:
      - {id: a, duration: 5d}
      - {id: b, duration: 2d, after: [{id: a, type: FF, lag: -1d}, a SS+2d]}
      - {id: c, duration: 2d, after: [{id: a, type: XX}, {id: a, lag: true}]}
      - {id: d, duration: 2d, after: [{id: x, type: FF, lag: -1d}]}
"""


def _load(tmp_path: Path) -> tuple[list[tuple[str, str, str, Duration, int, int]], list[tuple[str, int, int]]]:
    (tmp_path / "plan.yaml").write_text(textwrap.dedent(PLAN), encoding="utf-8")
    result = load(tmp_path, cache=False)
    relations = [
        (r.predecessor, r.successor, r.type, r.lag, r.source.line, r.source.column)
        for r in result.portfolio.relations
        if r.source is not None
    ]
    found = [(d.code, d.source.line, d.source.column) for d in result.diagnostics if d.source is not None]
    return relations, found


def test_a_remembered_entry_makes_its_relation_at_its_own_place(tmp_path: Path) -> None:
    relations, _ = _load(tmp_path)
    fs, ss, ff = RelationType.FS, RelationType.SS, RelationType.FF
    assert relations == [
        ("one.a", "one.b", ff, Duration(-1), 6, 39),
        ("one.a", "one.b", ss, Duration(2), 6, 68),
        ("one.a", "one.c", fs, Duration(0), 7, 39),  # 'type: XX' reported, the relation kept with the default
        ("one.a", "one.c", fs, Duration(1), 7, 58),
        ("two.a", "two.b", ff, Duration(-1), 12, 39),
        ("two.a", "two.b", ss, Duration(2), 12, 68),
        ("two.a", "two.c", fs, Duration(0), 13, 39),
    ]


def test_an_entry_read_with_a_report_is_reported_wherever_it_is_written(tmp_path: Path) -> None:
    _, found = _load(tmp_path)
    assert found == [
        ("bad-value", 7, 53),  # {id: a, type: XX}, in each service
        ("bad-value", 13, 53),
        ("bad-duration", 13, 71),  # lag: true (lag: 1 is a duration: the two are not one key)
        ("unknown-ref", 14, 39),  # an entry met before, naming an activity this service does not have
    ]


def test_only_a_mapping_of_texts_has_a_key() -> None:
    data, problems = read_yaml_text(
        "- {id: a, type: FF, lag: -1d}\n- {id: a}\n- {id: a, lag: 1}\n- {id: a, lag: null}\n"
        "- {id: a, typ: FF}\n- {id: 3}\n- {id: a, type: FF, lag: 1d, x: 1}\n",
        "p.yaml",
    )
    assert problems == []
    assert [_entry_key(entry) for entry in data] == [("a", "FF", "-1d"), ("a", None, None), None, None, None, None, None]
    assert _entry_key("a SS+2d") is None


def test_a_duration_text_is_read_once_and_a_bad_one_reported_each_time(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(
        "activities:\n"
        "  - {id: a, duration: 3w}\n"
        "  - {id: b, duration: 1.5w}\n"
        "  - {id: c, duration: -2d}\n"
        "  - {id: d, duration: 3w}\n"
        "  - {id: e, duration: 1.5w}\n"
        "  - {id: f, duration: -2d}\n",
        encoding="utf-8",
    )
    result = load(tmp_path, cache=False)
    assert [a.duration.days for a in result.portfolio.activities.values()] == [15, 0, 0, 15, 0, 0]
    assert [(d.code, d.source.line) for d in result.diagnostics if d.source is not None] == [
        ("bad-duration", 3), ("negative-duration", 4), ("bad-duration", 6), ("negative-duration", 7),
    ]
