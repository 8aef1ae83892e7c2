"""`portfolio_files` (walked with os.walk) lists exactly what the Path.rglob walk it replaced listed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from portfolio.io._files import portfolio_files


def by_rglob(root: Path) -> list[Path]:
    """The former definition, kept here as the reference."""
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root).parts
        if any(part.startswith((".", "_")) for part in rel[:-1]) or rel[-1].startswith("."):
            continue
        if path.suffix.lower() in (".yaml", ".yml") and not path.is_dir():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def tree(root: Path) -> None:
    for name in ["plan.yaml", "b.YML", "notes.txt", ".hidden.yaml", "services/a.yaml", "services/z-b.yml",
                 "services/deep/er/x.yaml", "services-2/a.yaml", "_drafts/x.yaml", ".git/x.yaml",
                 "services/_old/y.yaml", "services/.cache/y.yaml", "folder.yaml/inside.yaml", "a b/c d.yaml"]:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("services: []\n", encoding="utf-8")
    (root / "broken.yaml").symlink_to(root / "missing.yaml")
    (root / "linked").symlink_to(root / "services", target_is_directory=True)
    (root / "linked.yaml").symlink_to(root / "services", target_is_directory=True)
    (root / "file-link.yml").symlink_to(root / "plan.yaml")


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_the_same_files_in_the_same_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "portfolio"
    tree(root)
    found = portfolio_files(root)
    assert found == by_rglob(root)
    assert [p.relative_to(root).as_posix() for p in found][:4] == ["a b/c d.yaml", "b.YML", "broken.yaml",
                                                                   "file-link.yml"]
    assert root / "services" / "deep" / "er" / "x.yaml" in found
    assert not any("_" in p.parent.name or p.name.startswith(".") for p in found)
    monkeypatch.chdir(root)
    assert portfolio_files(Path(".")) == by_rglob(Path("."))
    assert portfolio_files(Path("services")) == by_rglob(Path("services"))
    assert portfolio_files(root / "plan.yaml") == [root / "plan.yaml"]
    assert portfolio_files(root / "nothing") == []
