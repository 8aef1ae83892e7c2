"""The one colour scheme of the pictures: the notebook plots and the HTML report both import it.

A colour means the same thing everywhere: red is critical work or a red
RAG, blue other work, grey finished work or a baseline, green a migrated
service or a green RAG, amber an open decision or an amber RAG. The values
are plain hex strings, so this module imports nothing.

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

#: Work on the critical path (and a red RAG).
CRITICAL: Final = "#d0393b"
#: Work with float.
NORMAL: Final = "#1f5fa8"
#: Work that is finished.
FINISHED: Final = "#9aa0a6"
#: The baseline in force, drawn as a thin bar beneath the forecast.
BASELINE: Final = "#8f99a6"
#: The original (first) baseline, thinner and lighter.
BASELINE_ORIGINAL: Final = "#c9ced4"
#: The outline of an activity on the driving path.
DRIVING: Final = "#1d2733"
#: The status date line.
STATUS_DATE: Final = "#7b4fa0"
#: Deadlines and contract ends.
DEADLINE: Final = "#a85a1f"
#: Text and outlines.
INK: Final = "#1d2733"
#: The background of every other lane.
LANE: Final = "#f4f6f9"

#: The colour of each RAG status (keys are :class:`portfolio.model.Rag` values).
RAG: Final = {"green": "#2e9e5b", "amber": "#f0a020", "red": CRITICAL, "grey": FINISHED}

#: The colour of each service state on the migration map.
STATE: Final = {
    "migrated": RAG["green"],
    "migrating": NORMAL,
    "planned": "#0f9aa8",
    "decision-open": RAG["amber"],
    "stays": FINISHED,
}

#: Series colours (platforms, assignments), assigned in order.
PALETTE: Final = (NORMAL, CRITICAL, "#2e9e5b", "#f0a020", "#7b4fa0", "#0f9aa8", "#a85a1f", "#5a6b7b")

#: Platform colours (the dependency graph), assigned in order: no red, which marks a cycle.
PLATFORMS: Final = (NORMAL, "#2e9e5b", "#f0a020", "#7b4fa0", "#0f9aa8", "#a85a1f", "#5a6b7b", "#c2549c", "#8fb339",
                    "#4a3a8c")
