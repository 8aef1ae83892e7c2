"""What a publication records of its inputs: each input file's SHA-256 (private)."""

from __future__ import annotations

import hashlib
import json
import stat
from pathlib import Path
from typing import Final

from portfolio.io._files import portfolio_files

Inputs = tuple[tuple[str, str], ...]

_LIMIT: Final = 64 * 1024 * 1024
"""Read at most this much of one file (the loader refuses larger portfolio files anyway)."""
_CHUNK: Final = 1024 * 1024


def input_digests(path: Path | str) -> Inputs:
    """The portfolio's input files as sorted (relative path, sha256) pairs: what loading ``path`` reads.

    A folder: its YAML files as the loader finds them; a YAML or MS Project
    file: that file. A file that cannot be read has the digest ``unreadable``.

    Examples:
        >>> pairs = input_digests("examples/logius")
        >>> pairs[0][0], len(pairs[0][1])
        ('assignments.yaml', 64)
    """
    path = Path(path)
    if path.is_file():
        return ((path.name, _sha256(path)),)
    return tuple((f.relative_to(path).as_posix(), _sha256(f)) for f in portfolio_files(path))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            if not stat.S_ISREG(path.stat().st_mode):
                return "unreadable"
            read = 0
            while chunk := handle.read(_CHUNK):
                read += len(chunk)
                if read > _LIMIT:
                    return "unreadable"
                digest.update(chunk)
    except OSError:
        return "unreadable"
    return digest.hexdigest()


def changed_inputs(recorded: Inputs, current: Inputs) -> tuple[tuple[str, str], ...]:
    """The input files that differ: (path, ``changed`` | ``added`` | ``removed``), sorted by path.

    Examples:
        >>> changed_inputs((("a.yaml", "1"), ("b.yaml", "2")), (("a.yaml", "1"), ("b.yaml", "3"), ("c.yaml", "4")))
        (('b.yaml', 'changed'), ('c.yaml', 'added'))
    """
    old, new = dict(recorded), dict(current)
    found = [(p, "removed") for p in old if p not in new]
    found += [(p, "added") for p in new if p not in old]
    found += [(p, "changed") for p in old if p in new and old[p] != new[p]]
    return tuple(sorted(found))


def dump_inputs(inputs: Inputs) -> str:
    """The store's text for inputs (a JSON list of pairs); ``''`` for none recorded.

    Examples:
        >>> dump_inputs((("a.yaml", "1"),)), dump_inputs(())
        ('[["a.yaml","1"]]', '')
    """
    return json.dumps([list(p) for p in inputs], separators=(",", ":"), ensure_ascii=False) if inputs else ""


def load_inputs(text: str) -> Inputs:
    """Inputs from the store's text; ValueError when it is not what `dump_inputs` writes.

    Examples:
        >>> load_inputs('[["a.yaml","1"]]'), load_inputs("")
        ((('a.yaml', '1'),), ())
    """
    if text == "":
        return ()
    data = json.loads(text)
    if not isinstance(data, list) or not all(_pair(p) for p in data):
        raise ValueError("the recorded inputs are not a list of [path, sha256] pairs")
    return tuple((p[0], p[1]) for p in data)


def _pair(item: object) -> bool:
    return isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)
