"""A relation made from an ``after:`` entry holds the declared activity id itself, not an equal copy.

Looking the relations' ends up by id (`portfolio.graph.relation_columns`, what the loader's cycle check
and the compile stage share) then finds each by identity, without comparing the strings.
"""

from __future__ import annotations

from pathlib import Path

from portfolio.io import load


def test_after_entries_hold_the_declared_ids(tmp_path: Path) -> None:
    (tmp_path / "portfolio.yaml").write_text("portfolio:\n  name: t\n  start: 2024-01-08\n", encoding="utf-8")
    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "s.yaml").write_text(
        "services:\n  - id: s\n    name: S\n    activities:\n"
        "      - {id: a, duration: 2d}\n"
        "      - {id: b, duration: 1d, after: [a]}\n"
        "      - {id: c, duration: 1d, after: ['s.b FS+1d', a]}\n",
        encoding="utf-8",
    )
    result = load(tmp_path, cache=False)
    assert not [d for d in result.diagnostics if d.severity.value == "error"], result.diagnostics
    portfolio = result.portfolio
    ids = {ident: ident for ident in portfolio.activities}
    assert len(portfolio.relations) == 3
    for relation in portfolio.relations:
        assert relation.predecessor is ids[relation.predecessor]
        assert relation.successor is ids[relation.successor]
