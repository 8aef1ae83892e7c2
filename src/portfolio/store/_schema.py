"""The store's SQL: version 1 (the tables and their append-only triggers) and the step to version 2 (private).

A new store is made by running version 1 and then the step to version 2,
exactly what upgrading an existing version-1 store does, so that a new and an
upgraded store have the same schema.
"""

from __future__ import annotations

from typing import Final

APPLICATION_ID: Final = 0x50465253
"""``PRAGMA application_id`` of a portfolio store ("PFRS" in ASCII)."""
SCHEMA_VERSION: Final = 2
"""The schema version this code writes (``PRAGMA user_version``)."""
HEADER: Final = b"SQLite format 3\x00"

_APPEND_ONLY: Final = """
CREATE TRIGGER {table}_append_only_update BEFORE UPDATE ON {table}
BEGIN SELECT RAISE(ABORT, 'published reports are append-only'); END;
CREATE TRIGGER {table}_append_only_delete BEFORE DELETE ON {table}
BEGIN SELECT RAISE(ABORT, 'published reports are append-only'); END;
"""

V1: Final = """
CREATE TABLE publication (
    id           INTEGER PRIMARY KEY,
    period       TEXT    NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    version      INTEGER NOT NULL CHECK (version >= 1),
    status_date  TEXT    NOT NULL,
    baseline     TEXT,
    portfolio    TEXT    NOT NULL DEFAULT '',
    reason       TEXT    NOT NULL DEFAULT '',
    supersedes   INTEGER REFERENCES publication (id),
    digest       TEXT    NOT NULL,
    figure_count INTEGER NOT NULL,
    UNIQUE (period, version)
);
CREATE TABLE figure (
    publication     INTEGER NOT NULL REFERENCES publication (id),
    position        INTEGER NOT NULL,
    kind            TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    baseline_finish TEXT,
    forecast_finish TEXT    NOT NULL,
    variance        INTEGER,
    variance_days   INTEGER,
    progress        TEXT    NOT NULL,
    rag             TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (publication, position)
);
""" + _APPEND_ONLY.format(table="publication") + _APPEND_ONLY.format(table="figure")

V2: Final = """
ALTER TABLE publication ADD COLUMN calendars TEXT NOT NULL DEFAULT '';
ALTER TABLE publication ADD COLUMN inputs TEXT NOT NULL DEFAULT '';
CREATE TABLE seal (
    publication INTEGER PRIMARY KEY REFERENCES publication (id),
    previous    TEXT    NOT NULL,
    hash        TEXT    NOT NULL
);
""" + _APPEND_ONLY.format(table="seal")
"""Version 1 to 2: what each publication recorded of its inputs, and the hash chain (one seal per publication)."""

PUBLICATION_V1: Final = ("id", "period", "version", "status_date", "baseline", "portfolio", "reason", "supersedes",
                         "digest", "figure_count")
"""The columns of a publication row in version 1, and those version 2 adds."""
PUBLICATION_V2: Final = (*PUBLICATION_V1, "calendars", "inputs")
FIGURE: Final = ("kind", "subject", "name", "baseline_finish", "forecast_finish", "variance", "variance_days",
                 "progress", "rag", "status")
"""The columns of a figure row after its publication and position."""


def statements(script: str) -> list[str]:
    """The statements of a script, one per ``execute()`` (a trigger's body ends in ``END;``).

    Examples:
        >>> len(statements(V2))
        5
    """
    return [s for s in script.split(";\n") if s.strip()]
