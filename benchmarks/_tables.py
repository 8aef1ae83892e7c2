"""What the benchmarks share to write their tables into docs/performance.md, and the machine's load."""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["load_average", "write_block", "write_section"]


def write_section(path: Path, section: list[str]) -> None:
    """Replace (or append) the section of ``path`` that starts with the line ``section[0]`` (a ``## `` heading).

    The section runs to the next ``## `` heading outside a code fence; the file is replaced atomically.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    heading = section[0]
    if heading in lines:
        start = lines.index(heading)
        end, fenced = len(lines), False
        for k in range(start + 1, len(lines)):
            fenced ^= lines[k].startswith("```")
            if not fenced and lines[k].startswith("## "):
                end = k
                break
        lines[start:end] = [*section, ""] if end < len(lines) else section
    else:
        lines = [*lines[:len(lines) - (lines[-1] == "")], "", *section]
    _replace(path, "\n".join(lines).rstrip("\n") + "\n")


def write_block(path: Path, name: str, block: list[str]) -> None:
    """Replace what lies between the lines ``<!-- name -->`` and ``<!-- /name -->`` of ``path`` with ``block``.

    Exits with a message when the markers are missing (the prose around a
    generated table is written by hand; the benchmark replaces the table only).
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    begin, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    if begin not in lines or end not in lines or lines.index(end) < lines.index(begin):
        sys.exit(f"{path}: no lines {begin} ... {end} to write the table between")
    lines[lines.index(begin) + 1:lines.index(end)] = block
    _replace(path, "\n".join(lines))


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def load_average() -> str:
    """The 1-minute load average and the cores, as the tables state them."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"load average {load:.1f} on {os.cpu_count()} cores"
