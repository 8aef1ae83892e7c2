"""The words of the risk analysis's text output, in Dutch (the default) and English.

Examples:
    >>> words("nl")["chance"], words("en")["chance"]
    ('kans', 'chance')
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = ["LANGUAGES", "words"]

LANGUAGES: Final = ("nl", "en")

_WORDS: Final = {
    "title": ("Schedule-risicoanalyse", "Schedule risk analysis"),
    "runs": ("runs", "runs"),
    "seed": ("seed", "seed"),
    "status date": ("statusdatum", "status date"),
    "milestone": ("mijlpaal", "milestone"),
    "deterministic": ("deterministisch", "deterministic"),
    "deadline": ("uiterste datum", "deadline"),
    "chance": ("kans", "chance"),
    "mean": ("gemiddeld", "mean"),
    "drivers": ("Wat de datum drijft (cruciality = kritiek × correlatie)",
                "What drives the date (cruciality = criticality × correlation)"),
    "activity": ("activiteit", "activity"),
    "cruciality": ("cruciality", "cruciality"),
    "correlation": ("correlatie", "correlation"),
    "criticality": ("kritiek", "criticality"),
    "risks": ("Risico's: bijdrage aan de P80", "Risks: contribution to the P80"),
    "risk": ("risico", "risk"),
    "owner": ("eigenaar", "owner"),
    "probability": ("kans", "probability"),
    "p80 without": ("P80 zonder", "P80 without"),
    "days": ("dagen", "days"),
    "answer": ("Kans dat {milestone} uiterlijk {deadline} gereed is: {chance}",
               "Chance that {milestone} is done by {deadline}: {chance}"),
    "none": ("geen onzekerheid in de bestanden: elke run geeft het schema (zie docs/risk.md)",
             "no uncertainty in the files: every run gives the schedule (see docs/risk.md)"),
}


def words(lang: str) -> Mapping[str, str]:
    """The words in ``lang`` (``nl`` or ``en``); ValueError for another language."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang is one of {', '.join(LANGUAGES)}, not {lang!r}")
    k = LANGUAGES.index(lang)
    return MappingProxyType({key: pair[k] for key, pair in _WORDS.items()})
