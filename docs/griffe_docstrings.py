"""A griffe extension that renders the package's plain reST-ish docstrings well in the API reference.

The code's docstrings are written for ``help()`` and doctest, not for one
docstring style. This extension, loaded by mkdocstrings (see ``mkdocs.yml``):

- fences doctest blocks (lines from ``>>>`` to the next blank line) as
  ``pycon`` code, so ``['io-error']`` is shown as output instead of being
  read as a Markdown link;
- turns reST roles (``:func:`load```, ``:class:`~portfolio.model.Source```)
  into inline code, linked when the target is a fully qualified
  ``portfolio.`` name;
- gives attributes documented with a Sphinx ``#:`` comment (above the line, or
  at the end of it) that comment as their docstring.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:func|class|mod|meth|attr|data|exc|obj|const):`(~?)([^`]+)`")
_FENCE = re.compile(r"^\s*(```|~~~)")


def _role(match: re.Match[str]) -> str:
    tilde, target = match.group(1), match.group(2).strip()
    shown = target.rsplit(".", 1)[-1] if tilde else target
    if target.startswith("portfolio."):
        return f"[`{shown}`][{target}]"
    return f"`{shown}`"


def fence_doctests(text: str) -> str:
    """Wrap each doctest block of ``text`` in a ``pycon`` code fence; leave fenced code alone."""
    out: list[str] = []
    lines = text.split("\n")
    in_fence = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            index += 1
            continue
        if not in_fence and line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            block = []
            while index < len(lines) and lines[index].strip():
                block.append(lines[index][len(indent) :] if lines[index].startswith(indent) else lines[index])
                index += 1
            if out and out[-1].strip():
                out.append("")
            out += [f"{indent}```pycon", *(f"{indent}{b}" for b in block), f"{indent}```"]
            continue
        out.append(_ROLE.sub(_role, line) if not in_fence else line)
        index += 1
    return "\n".join(out)


@functools.cache
def _source_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _comment_doc(obj: griffe.Object) -> str | None:
    """The ``#:`` comment documenting an attribute, above it or at the end of its line."""
    if not isinstance(obj.filepath, Path) or obj.lineno is None:
        return None
    lines = _source_lines(obj.filepath)
    if obj.lineno > len(lines):
        return None
    first = obj.lineno - 1
    trailing = lines[first].partition("#:")[2].strip() if "#:" in lines[first] else ""
    if trailing:
        return trailing
    above: list[str] = []
    index = first - 1
    while index >= 0 and lines[index].strip().startswith("#:"):
        above.insert(0, lines[index].strip()[2:].strip())
        index -= 1
    return " ".join(above) or None


class PortfolioDocstrings(griffe.Extension):
    """Fence doctests, translate reST roles and read ``#:`` comments (see the module docstring)."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite one object's docstring once the tree is complete."""
        if obj.is_alias:
            return
        if obj.docstring is None and obj.is_attribute:
            text = _comment_doc(obj)
            if text:
                parent_doc = obj.parent.docstring if obj.parent is not None else None
                obj.docstring = griffe.Docstring(
                    text,
                    lineno=obj.lineno,
                    endlineno=obj.lineno,
                    parent=obj,
                    parser=parent_doc.parser if parent_doc else None,
                    parser_options=parent_doc.parser_options if parent_doc else None,
                )
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
