"""The one colour scheme of the pictures: the notebook plots and the HTML report both import it.

A colour means the same thing everywhere: red is critical work or a red
RAG, blue other work, grey finished work or a baseline, green a migrated
service or a green RAG, amber an open decision or an amber RAG. The values
are plain hex strings, so this module imports nothing.

Examples:
    >>> RAG["red"] == CRITICAL, STATE["migrated"] == RAG["green"]
    (True, True)
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "BASELINE",
    "BASELINE_ORIGINAL",
    "CRITICAL",
    "DEADLINE",
    "DRIVING",
    "FINISHED",
    "INK",
    "LANE",
    "NORMAL",
    "PALETTE",
    "PLATFORMS",
    "RAG",
    "STATE",
    "STATUS_DATE",
]

CRITICAL: Final = "#d0393b"
"""Work on the critical path (and a red RAG)."""
NORMAL: Final = "#1f5fa8"
"""Work with float."""
FINISHED: Final = "#9aa0a6"
"""Work that is finished."""
BASELINE: Final = "#8f99a6"
"""The baseline in force, drawn as a thin bar beneath the forecast."""
BASELINE_ORIGINAL: Final = "#c9ced4"
"""The original (first) baseline, thinner and lighter."""
DRIVING: Final = "#1d2733"
"""The outline of an activity on the driving path."""
STATUS_DATE: Final = "#7b4fa0"
"""The status date line."""
DEADLINE: Final = "#a85a1f"
"""Deadlines and contract ends."""
INK: Final = "#1d2733"
"""Text and outlines."""
LANE: Final = "#f4f6f9"
"""The background of every other lane."""

RAG: Final = {"green": "#2e9e5b", "amber": "#f0a020", "red": CRITICAL, "grey": FINISHED}
"""The colour of each RAG status (keys are [`portfolio.model.Rag`][portfolio.model.Rag] values)."""

STATE: Final = {
    "migrated": RAG["green"],
    "migrating": NORMAL,
    "planned": "#0f9aa8",
    "decision-open": RAG["amber"],
    "stays": FINISHED,
}
"""The colour of each service state on the migration map."""

PALETTE: Final = (NORMAL, CRITICAL, "#2e9e5b", "#f0a020", "#7b4fa0", "#0f9aa8", "#a85a1f", "#5a6b7b")
"""Series colours (platforms, assignments), assigned in order."""

PLATFORMS: Final = (NORMAL, "#2e9e5b", "#f0a020", "#7b4fa0", "#0f9aa8", "#a85a1f", "#5a6b7b", "#c2549c", "#8fb339",
                    "#4a3a8c")
"""Platform colours (the dependency graph), assigned in order: no red, which marks a cycle."""
