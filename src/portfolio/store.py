"""The published-report store: the figures of each monthly report, kept as a record (SQLite).

A report, once published, is what later reports compare against, as the
Rijks ICT-dashboard keeps a project's report history. The store is one
SQLite file (standard library :mod:`sqlite3`):

- **append-only**: triggers refuse every UPDATE and DELETE; publishing a
  period again with different figures is refused unless it supersedes the
  earlier version with a reason, and then both versions are kept;
- **one transaction per publication** in WAL mode with ``synchronous=FULL``:
  a publication is in the store whole or not at all, even when the
  publishing process is killed, and a committed one is never lost;
- **recognised**: the file carries an ``application_id`` and a schema version
  (``user_version``); a file that is not an SQLite database, is damaged, or
  belongs to another application (or a newer version) gives a
  :class:`StoreError` with a diagnostic code and is never written to;
- **concurrent publishers** wait for each other up to a timeout, then get a
  ``store-busy`` error.

>>> import datetime as dt, tempfile
>>> from pathlib import Path
>>> from portfolio.slippage import Figure
>>> fig = Figure(kind="milestone", id="easi.exit", name="EASI exit", baseline_finish=dt.date(2024, 8, 19),
...              forecast_finish=dt.date(2024, 9, 27), variance=29, variance_days=39,
...              progress="not-started", rag="red")
>>> path = Path(tempfile.mkdtemp()) / "published.sqlite"
>>> with Store.open(path) as store:
...     first = store.publish("2023-12", dt.date(2023, 12, 29), (fig,), baseline="replan-2023")
...     again = store.publish("2023-12", dt.date(2023, 12, 29), (fig,), baseline="replan-2023")
...     [(p.period, p.version) for p in store.publications()], first.created, again.created
([('2023-12', 1)], True, False)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Final

import attrs

from portfolio.diagnostics import Diagnostic, diagnostic
from portfolio.slippage import Figure, period_end

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "Publication",
    "PublishResult",
    "Store",
    "StoreError",
    "default_store_path",
]

#: ``PRAGMA application_id`` of a portfolio store ("PFRS" in ASCII).
APPLICATION_ID: Final = 0x50465253
#: The schema version this code writes (``PRAGMA user_version``).
SCHEMA_VERSION: Final = 1
_HEADER: Final = b"SQLite format 3\x00"

_SCHEMA: Final = """
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
CREATE TRIGGER publication_append_only_update BEFORE UPDATE ON publication
BEGIN SELECT RAISE(ABORT, 'published reports are append-only'); END;
CREATE TRIGGER publication_append_only_delete BEFORE DELETE ON publication
BEGIN SELECT RAISE(ABORT, 'published reports are append-only'); END;
CREATE TRIGGER figure_append_only_update BEFORE UPDATE ON figure
BEGIN SELECT RAISE(ABORT, 'published reports are append-only'); END;
CREATE TRIGGER figure_append_only_delete BEFORE DELETE ON figure
BEGIN SELECT RAISE(ABORT, 'published reports are append-only'); END;
"""

_FIGURE_COLUMNS: Final = ("kind", "subject", "name", "baseline_finish", "forecast_finish", "variance",
                          "variance_days", "progress", "rag", "status")


class StoreError(Exception):
    """The store cannot be used: ``code`` is a diagnostic code (store-corrupt, store-busy, ...)."""

    def __init__(self, code: str, message: str, *, path: Path | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.path = path
        self.hint = hint

    def diagnostic(self) -> Diagnostic:
        """The error as a :class:`~portfolio.diagnostics.Diagnostic`."""
        from portfolio.model import Source  # noqa: PLC0415 - only needed here

        return diagnostic(self.code, self.message, source=Source(str(self.path)) if self.path else None,
                          hint=self.hint)


@attrs.frozen(kw_only=True)
class Publication:
    """One published version of a period's report."""

    id: int
    period: str
    version: int
    status_date: dt.date
    baseline: str | None
    portfolio: str
    reason: str
    supersedes: int | None
    digest: str
    figures: tuple[Figure, ...]


@attrs.frozen(kw_only=True)
class PublishResult:
    """What :meth:`Store.publish` did: ``created`` is False when identical figures were already published."""

    publication: Publication
    created: bool


def default_store_path(portfolio_path: Path | str) -> Path:
    """Where a portfolio's store lives by default: ``.portfolio/published.sqlite`` in its folder.

    >>> default_store_path("examples/logius").as_posix()
    'examples/logius/.portfolio/published.sqlite'
    """
    path = Path(portfolio_path)
    folder = path if path.is_dir() or not path.suffix else path.parent
    return folder / ".portfolio" / "published.sqlite"


def digest(status_date: dt.date, baseline: str | None, figures: Iterable[Figure]) -> str:
    """A fingerprint of a report's content: equal figures give an equal digest.

    >>> digest(dt.date(2023, 12, 29), None, ()) == digest(dt.date(2023, 12, 29), None, ())
    True
    """
    rows = [_figure_row(f) for f in figures]
    text = json.dumps({"status_date": status_date.isoformat(), "baseline": baseline, "figures": rows},
                      sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _figure_row(f: Figure) -> list[Any]:
    return [f.kind, f.id, f.name, f.baseline_finish.isoformat() if f.baseline_finish else None,
            f.forecast_finish.isoformat(), f.variance, f.variance_days, f.progress, f.rag, f.status]


def _busy(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


class Store:
    """An open store; use :meth:`open` (a context manager closes it)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, timeout: float = 10.0, create: bool = True) -> Store:
        """Open (and, when ``create`` and absent or empty, create) the store at ``path``.

        Raises :class:`StoreError` for a folder, a file that is not a
        database, a damaged or foreign database, or a store that stays busy
        longer than ``timeout`` seconds. Such a file is never written to.
        """
        path = Path(path)
        if path.is_dir():
            raise StoreError("store-corrupt", f"{path} is a folder, not a store file", path=path,
                             hint="give the path of the store file")
        if path.exists():
            try:
                with path.open("rb") as handle:
                    head = handle.read(len(_HEADER))
            except OSError as error:
                raise StoreError("store-corrupt", f"{path} cannot be read: {error.strerror}", path=path) from None
            if head and head != _HEADER:
                raise StoreError("store-corrupt", f"{path} is not an SQLite database; it was left untouched",
                                 path=path, hint="point --store at the portfolio's store file")
        elif not create:
            raise StoreError("io-error", f"no published reports yet: {path} does not exist", path=path,
                             hint="publish one with 'portfolio publish <portfolio> --period YYYY-MM'")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise StoreError("store-corrupt", f"{path} cannot be opened: {error}", path=path) from None
        store = cls(path, db)
        try:
            store._prepare(timeout)
        except StoreError:
            db.close()
            raise
        except sqlite3.Error as error:
            db.close()
            raise store._error(error) from None
        return store

    def _error(self, error: sqlite3.Error) -> StoreError:
        if _busy(error):
            return StoreError("store-busy", f"{self.path} is busy: another process is publishing ({error})",
                              path=self.path, hint="try again in a moment")
        return StoreError("store-corrupt", f"{self.path} is damaged or not a store: {error}; it was left "
                          "untouched", path=self.path, hint="restore the store from a backup")

    def _ids(self) -> tuple[int, int, int]:
        app = int(self._db.execute("PRAGMA application_id").fetchone()[0])
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        tables = int(self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        return app, version, tables

    def _prepare(self, timeout: float) -> None:
        db = self._db
        db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        app, version, tables = self._ids()
        if app == 0 and version == 0 and tables == 0:
            self._create()
            app, version, tables = self._ids()
        if app != APPLICATION_ID:
            raise StoreError("store-foreign", f"{self.path} is an SQLite database of another application "
                             f"(application_id {app:#x}); it was left untouched", path=self.path,
                             hint="point --store at the portfolio's store (default PATH/.portfolio/published.sqlite)")
        if version > SCHEMA_VERSION:
            raise StoreError("store-foreign", f"{self.path} was written by a newer version of portfolio "
                             f"(schema {version}, this one reads up to {SCHEMA_VERSION}); it was left untouched",
                             path=self.path, hint="upgrade portfolio")
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise StoreError("store-corrupt", f"{self.path} is damaged ({check}); it was left untouched",
                             path=self.path, hint="restore the store from a backup")
        if str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")

    def _create(self) -> None:
        """Create the schema in an empty database (another process may be doing the same)."""
        db = self._db
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("BEGIN IMMEDIATE")
        try:
            app, _, tables = self._ids()
            if app == 0 and tables == 0:
                for statement in _SCHEMA.split(";\n"):  # one statement per execute(); triggers end in "END"
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # -- context manager ----------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------------

    def publish(self, period: str, status_date: dt.date, figures: Iterable[Figure], *,
                baseline: str | None = None, portfolio: str = "", supersede: bool = False,
                reason: str = "") -> PublishResult:
        """Store a period's figures in one transaction.

        The same figures again: nothing is written (``created`` False).
        Different figures for a published period: StoreError
        ``publication-exists``, unless ``supersede`` with a ``reason``, which
        adds a new version and keeps the old. ValueError for a bad period or
        a supersede without reason.
        """
        period_end(period)
        if supersede and not reason.strip():
            raise ValueError("superseding a published report needs a reason")
        figures = tuple(figures)
        fingerprint = digest(status_date, baseline, figures)
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise self._error(error) from None
        try:
            latest = self._latest_row(period)
            if latest is not None and latest[8] == fingerprint:
                db.execute("COMMIT")
                return PublishResult(publication=self._publication(latest), created=False)
            if latest is not None and not supersede:
                raise StoreError(
                    "publication-exists",
                    f"{period} was published (version {latest[2]}, status date {latest[3]}) with other figures; "
                    "a published report is not changed", path=self.path,
                    hint="to publish a correction, give --supersede --reason TEXT (both versions are kept)")
            version = 1 if latest is None else int(latest[2]) + 1
            cursor = db.execute(
                "INSERT INTO publication (period, version, status_date, baseline, portfolio, reason, supersedes,"
                " digest, figure_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (period, version, status_date.isoformat(), baseline, portfolio, reason.strip(),
                 None if latest is None else latest[0], fingerprint, len(figures)))
            pid = cursor.lastrowid
            db.executemany(
                f"INSERT INTO figure (publication, position, {', '.join(_FIGURE_COLUMNS)})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ([pid, i, *_figure_row(f)] for i, f in enumerate(figures)))
            db.execute("COMMIT")
        except BaseException as error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise self._error(error) from None
            raise
        found = self._latest_row(period)
        assert found is not None
        return PublishResult(publication=self._publication(found), created=True)

    # -- reading ------------------------------------------------------------------------------

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as error:
            raise self._error(error) from None

    _COLUMNS: Final = ("id, period, version, status_date, baseline, portfolio, reason, supersedes, digest, "
                       "figure_count")

    def _latest_row(self, period: str) -> Any:
        rows = self._query(f"SELECT {self._COLUMNS} FROM publication WHERE period = ? "
                           "ORDER BY version DESC LIMIT 1", (period,))
        return rows[0] if rows else None

    def _publication(self, row: Any) -> Publication:
        figures = tuple(
            Figure(kind=r[0], id=r[1], name=r[2],
                   baseline_finish=dt.date.fromisoformat(r[3]) if r[3] else None,
                   forecast_finish=dt.date.fromisoformat(r[4]), variance=r[5], variance_days=r[6],
                   progress=r[7], rag=r[8], status=r[9])
            for r in self._query(f"SELECT {', '.join(_FIGURE_COLUMNS)} FROM figure WHERE publication = ? "
                                 "ORDER BY position", (row[0],)))
        return Publication(id=row[0], period=row[1], version=row[2], status_date=dt.date.fromisoformat(row[3]),
                           baseline=row[4], portfolio=row[5], reason=row[6], supersedes=row[7], digest=row[8],
                           figures=figures)

    def latest(self, period: str) -> Publication | None:
        """The newest version of a period's report, or None."""
        row = self._latest_row(period)
        return None if row is None else self._publication(row)

    def previous(self, period: str) -> Publication | None:
        """The newest version of the latest period published before ``period``, or None."""
        rows = self._query(f"SELECT {self._COLUMNS} FROM publication WHERE period < ? "
                           "ORDER BY period DESC, version DESC LIMIT 1", (period,))
        return self._publication(rows[0]) if rows else None

    def publications(self, period: str | None = None) -> tuple[Publication, ...]:
        """Every published version (of one period, or all), oldest first."""
        where, args = ("WHERE period = ?", (period,)) if period is not None else ("", ())
        rows = self._query(f"SELECT {self._COLUMNS} FROM publication {where} ORDER BY period, version", args)
        return tuple(self._publication(r) for r in rows)

    def __iter__(self) -> Iterator[Publication]:
        return iter(self.publications())

    def integrity(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` verdict: ``ok`` for an intact file."""
        return str(self._query("PRAGMA integrity_check")[0][0])
