"""The JSON Schema of one portfolio file, for editors and validators.

``portfolio.schema.json`` (JSON Schema draft 2020-12) describes every section
and key of a portfolio file, with a description of each, so that editors
(for instance VS Code with the YAML extension) can validate and autocomplete
portfolio files. It describes the JSON view of a file: dates are ISO strings.
It accepts and refuses the same files as the loader, with the same limits on
dates, durations and amounts (``docs/format.md``, "Limits"), except for what
a schema cannot express, which only the loader checks: references to ids
(perhaps in other files), cycles, ids declared twice and comparisons of two
dates.

Examples:
    >>> schema = load_schema()
    >>> schema["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> sorted(schema["properties"])[:3]
    ['activities', 'assignments', 'baseline']
    >>> schema_path().name
    'portfolio.schema.json'
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any, Final

__all__ = ["SCHEMA_FILE", "load_schema", "schema_path"]

SCHEMA_FILE: Final = "portfolio.schema.json"
"""File name of the schema inside this package."""


def schema_path() -> Path:
    """The path of ``portfolio.schema.json`` in the installed package.

    Examples:
        >>> schema_path().is_file()
        True
    """
    return Path(str(resources.files(__name__).joinpath(SCHEMA_FILE)))


def load_schema() -> dict[str, Any]:
    """The schema as a dict, freshly read (callers may change their copy).

    Examples:
        >>> load_schema()["title"]
        'Portfolio file'
    """
    text = resources.files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
