"""The store itself: opening, publishing, verifying and reading (private; see [`portfolio.store`][portfolio.store])."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Final

import attrs

from portfolio.diagnostics import Diagnostic, diagnostic
from portfolio.slippage import Figure, period_end
from portfolio.store._chain import Break, Publication, Rows, Verification, check_chain, digest, figure_row, seal_hash
from portfolio.store._inputs import Inputs, dump_inputs, load_inputs
from portfolio.store._schema import (
    APPLICATION_ID,
    FIGURE,
    HEADER,
    PUBLICATION_V1,
    PUBLICATION_V2,
    SCHEMA_VERSION,
    V1,
    V2,
    statements,
)


class StoreError(Exception):
    """The store cannot be used: ``code`` is a diagnostic code (store-corrupt, store-damaged, store-full, ...).

    ``broken`` names the first publication that does not verify (store-damaged).
    """

    def __init__(self, code: str, message: str, *, path: Path | None = None, hint: str | None = None,
                 broken: Break | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.path = path
        self.hint = hint
        self.broken = broken

    @classmethod
    def damaged(cls, path: Path, broken: Break) -> StoreError:
        """The ``store-damaged`` error naming the first publication that does not verify."""
        return cls("store-damaged", f"store damaged at {broken}; nothing in it is shown as published and nothing "
                   "is added to it", path=path, broken=broken,
                   hint="restore the store from a backup; 'portfolio published PATH --verify' names the first "
                   "broken publication")

    def diagnostic(self) -> Diagnostic:
        """The error as a [`Diagnostic`][portfolio.diagnostics.Diagnostic]."""
        from portfolio.model import Source  # noqa: PLC0415 - only needed here

        return diagnostic(self.code, self.message, source=Source(str(self.path)) if self.path else None,
                          hint=self.hint)


@attrs.frozen(kw_only=True)
class PublishResult:
    """What `Store.publish` did: ``created`` is False when identical figures were already published."""

    publication: Publication
    created: bool


def _busy(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _full(error: BaseException, path: Path) -> bool:
    """True when the disk is full, not the store damaged.

    SQLite says SQLITE_FULL when a write finds no space, but only "disk I/O
    error" (e.g. SQLITE_IOERR_SHMSIZE) when it cannot grow its shared-memory
    file; an I/O error is taken for a full disk when the disk holding the
    store has less than `_LOW` bytes left.
    """
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    code = getattr(error, "sqlite_errorcode", None)
    if not isinstance(code, int):
        return "disk is full" in str(error)
    return code & 0xFF == sqlite3.SQLITE_FULL or (code & 0xFF == sqlite3.SQLITE_IOERR and _low_on_space(path))


_LOW: Final = 1024 * 1024
"""Less space than this left on the store's disk makes an I/O error a full disk (a publication takes kilobytes)."""


def _low_on_space(path: Path) -> bool:
    try:
        found = os.statvfs(path.parent)
    except (OSError, AttributeError):  # statvfs is POSIX only
        return False
    return found.f_bavail * found.f_frsize < _LOW


_WAL_PAUSE: Final = 0.05
"""Seconds between attempts to switch a store to write-ahead logging while another process holds it."""


def _to_wal(db: sqlite3.Connection, timeout: float) -> None:
    """Switch to write-ahead logging, waiting up to ``timeout`` seconds for other processes.

    A journal-mode change needs the file to itself. When two processes
    create one store at once, SQLite can answer "database is locked" at
    once instead of calling its busy handler (it sees a deadlock), so this
    tries again until the timeout has passed (a monotonic clock, never a date).
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            if str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if not _busy(error) or time.monotonic() >= deadline:
                raise
            time.sleep(_WAL_PAUSE)


class Store:
    """An open store; use `open` (a context manager closes it)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection
        #: The verified publications, valid while ``PRAGMA data_version`` stays what it was.
        self._cache: tuple[int, tuple[Publication, ...]] | None = None

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, timeout: float = 10.0, create: bool = True) -> Store:
        """Open (and, when ``create`` and absent or empty, create) the store at ``path``.

        Raises `StoreError` for a folder, a file that is not a
        database, a damaged or foreign database, a full disk while creating
        it, or a store that stays busy longer than ``timeout`` seconds. Such
        a file is never written to. A version-1 store is opened as it is.
        """
        path = Path(path)
        cls._check_file(path, create=create)
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

    @staticmethod
    def _check_file(path: Path, *, create: bool) -> None:
        if path.is_dir():
            raise StoreError("store-corrupt", f"{path} is a folder, not a store file", path=path,
                             hint="give the path of the store file")
        if path.exists():
            try:
                with path.open("rb") as handle:
                    head = handle.read(len(HEADER))
            except OSError as error:
                raise StoreError("store-corrupt", f"{path} cannot be read: {error.strerror}", path=path) from None
            if head and head != HEADER:
                raise StoreError("store-corrupt", f"{path} is not an SQLite database; it was left untouched",
                                 path=path, hint="point --store at the portfolio's store file")
        elif not create:
            raise StoreError("io-error", f"no published reports yet: {path} does not exist", path=path,
                             hint="publish one with 'portfolio publish <portfolio> --period YYYY-MM'")
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                if _full(error, path):
                    raise _disk_full(path) from None
                raise StoreError("io-error", f"cannot make the folder of {path}: {error.strerror}", path=path,
                                 hint="give --store a path in a folder you can write") from None

    def _error(self, error: sqlite3.Error) -> StoreError:
        if _full(error, self.path):
            return _disk_full(self.path)
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
        _to_wal(db, timeout)
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")

    def _create(self) -> None:
        """Create the schema in an empty database: version 1, then the step to 2 (another process may race)."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            app, _, tables = self._ids()
            if app == 0 and tables == 0:
                for statement in statements(V1) + statements(V2):
                    db.execute(statement)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            _rollback(db)
            raise

    @property
    def schema(self) -> int:
        """The store's schema version: 1 until the first publication by this version upgrades it, then 2."""
        return int(self._query("PRAGMA user_version")[0][0])

    def _layout(self) -> int:
        """The schema the tables have: 2 once the seal table exists, whatever ``user_version`` claims.

        A version-2 store whose ``user_version`` was set back to 1 is still
        checked as version 2: lowering it does not switch the chain off.
        """
        sealed = self._query("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'seal'")[0][0]
        return SCHEMA_VERSION if sealed else 1

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
                reason: str = "", calendars: str | None = None, inputs: Inputs = ()) -> PublishResult:
        """Store a period's figures in one transaction, chained to the publication before.

        ``calendars`` ([`portfolio.calendar.fingerprint`][portfolio.calendar.fingerprint]) and ``inputs``
        (`input_digests`) are recorded with it. The same figures again:
        nothing is written (``created`` False). Different figures for a
        published period: StoreError ``publication-exists``, unless
        ``supersede`` with a ``reason``, which adds a new version and keeps
        the old. A store that does not verify: ``store-damaged``, nothing
        written. A version-1 store is upgraded in the same transaction. A full
        disk: ``store-full``, nothing written. ValueError for a bad period or
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
            if self._layout() < SCHEMA_VERSION:
                self._upgrade()
            known = self._verified()
            latest = next((p for p in reversed(known) if p.period == period), None)
            if latest is not None and latest.digest == fingerprint:
                db.execute("COMMIT")
                return PublishResult(publication=latest, created=False)
            if latest is not None and not supersede:
                raise StoreError(
                    "publication-exists",
                    f"{period} was published (version {latest.version}, status date {latest.status_date}) with "
                    "other figures; a published report is not changed", path=self.path,
                    hint="to publish a correction, give --supersede --reason TEXT (both versions are kept)")
            row = {"id": len(known) + 1, "period": period, "version": 1 if latest is None else latest.version + 1,
                   "status_date": status_date.isoformat(), "baseline": baseline, "portfolio": portfolio,
                   "reason": reason.strip(), "supersedes": None if latest is None else latest.id,
                   "digest": fingerprint, "figure_count": len(figures), "calendars": calendars or "",
                   "inputs": dump_inputs(inputs)}
            new = self._insert(row, figures, known[-1].hash or "" if known else "")
            db.execute("COMMIT")
        except sqlite3.Error as error:
            _rollback(db)
            raise self._error(error) from None
        except BaseException:
            _rollback(db)
            raise
        self._cache = (self._data_version(), (*known, new))
        return PublishResult(publication=new, created=True)

    def _insert(self, row: dict[str, Any], figures: tuple[Figure, ...], previous: str) -> Publication:
        """Insert a publication, its figures and its seal (inside the caller's transaction)."""
        db = self._db
        db.execute(f"INSERT INTO publication ({', '.join(PUBLICATION_V2)}) VALUES "
                   f"({', '.join('?' * len(PUBLICATION_V2))})", tuple(row[c] for c in PUBLICATION_V2))
        rows = [[i, *figure_row(f)] for i, f in enumerate(figures)]
        db.executemany(f"INSERT INTO figure (publication, position, {', '.join(FIGURE)}) VALUES "
                       f"({', '.join('?' * (len(FIGURE) + 2))})", ([row["id"], *r] for r in rows))
        sealed = seal_hash(row, rows, previous)
        db.execute("INSERT INTO seal (publication, previous, hash) VALUES (?, ?, ?)", (row["id"], previous, sealed))
        return Publication(id=row["id"], period=row["period"], version=row["version"],
                           status_date=dt.date.fromisoformat(row["status_date"]), baseline=row["baseline"],
                           portfolio=row["portfolio"], reason=row["reason"], supersedes=row["supersedes"],
                           digest=row["digest"], figures=figures, calendars=row["calendars"] or None,
                           inputs=load_inputs(row["inputs"]),
                           hash=sealed, previous_hash=previous)

    def _upgrade(self) -> None:
        """Version 1 to 2 inside the caller's transaction: verify, add the columns and seal every publication.

        The publications' content is not changed: each gets a seal (its hash,
        chained in id order), and no calendars or inputs (unknown then).
        """
        verdict, _ = check_chain(self._rows(1))
        if verdict.broken is not None:
            raise StoreError.damaged(self.path, verdict.broken)
        for statement in statements(V2):
            self._db.execute(statement)
        rows = self._rows(2)
        previous = ""
        for row in rows.publications:
            previous_hash, previous = previous, seal_hash(row, rows.figures.get(row["id"], ()), previous)
            self._db.execute("INSERT INTO seal (publication, previous, hash) VALUES (?, ?, ?)",
                             (row["id"], previous_hash, previous))
        self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._cache = None  # what was read before is unsealed; our own writes do not change data_version

    # -- verifying ----------------------------------------------------------------------------

    def _rows(self, schema: int) -> Rows:
        columns = PUBLICATION_V2 if schema >= 2 else PUBLICATION_V1
        publications = [dict(zip(columns, r, strict=True))
                        for r in self._query(f"SELECT {', '.join(columns)} FROM publication ORDER BY id")]
        figures: dict[int, list[tuple[Any, ...]]] = {}
        for r in self._query(f"SELECT publication, position, {', '.join(FIGURE)} FROM figure "
                             "ORDER BY publication, position"):
            figures.setdefault(r[0], []).append(tuple(r[1:]))
        seals = ({r[0]: (r[1], r[2]) for r in self._query("SELECT publication, previous, hash FROM seal")}
                 if schema >= 2 else {})
        return Rows(schema=schema, publications=publications, figures=figures, seals=seals)

    def verify(self) -> Verification:
        """Check every publication: each row parses, holds all its figures, and its hash chains to the one before.

        The result names the first publication that does not (``broken``:
        its id, period, version and why). A version-1 store has no hashes
        yet: its rows and figure digests are checked.
        """
        return check_chain(self._rows(self._layout()))[0]

    def _data_version(self) -> int:
        return int(self._query("PRAGMA data_version")[0][0])

    def _verified(self) -> tuple[Publication, ...]:
        """Every publication, oldest first, once the whole store verifies; StoreError store-damaged if not."""
        version = self._data_version()
        if self._cache is not None and self._cache[0] == version:
            return self._cache[1]
        verdict, good = check_chain(self._rows(self._layout()))
        if verdict.broken is not None:
            raise StoreError.damaged(self.path, verdict.broken)
        self._cache = (version, tuple(good))
        return self._cache[1]

    # -- reading ------------------------------------------------------------------------------

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as error:
            raise self._error(error) from None

    def latest(self, period: str) -> Publication | None:
        """The newest version of a period's report, or None."""
        return next((p for p in reversed(self._verified()) if p.period == period), None)

    def previous(self, period: str) -> Publication | None:
        """The newest version of the latest period published before ``period``, or None."""
        earlier = [p for p in self.history().values() if p.period < period]
        return earlier[-1] if earlier else None

    def publications(self, period: str | None = None) -> tuple[Publication, ...]:
        """Every published version (of one period, or all), by period, then version."""
        found = [p for p in self._verified() if period is None or p.period == period]
        return tuple(sorted(found, key=lambda p: (p.period, p.version)))

    def history(self, subject_ids: Iterable[str] | None = None) -> Mapping[str, Publication]:
        """The latest version of each published period, by period (oldest first).

        With ``subject_ids``, each publication keeps only the figures of those
        assignments and milestones (its hash is then that of the whole).
        """
        latest: dict[str, Publication] = {}
        for p in self.publications():
            latest[p.period] = p
        if subject_ids is not None:
            wanted = set(subject_ids)
            latest = {k: attrs.evolve(p, figures=tuple(f for f in p.figures if f.id in wanted))
                      for k, p in latest.items()}
        return latest

    def __iter__(self) -> Iterator[Publication]:
        return iter(self.publications())

    def integrity(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` verdict: ``ok`` for an intact file."""
        return str(self._query("PRAGMA integrity_check")[0][0])


def _rollback(db: sqlite3.Connection) -> None:
    """Roll back the open transaction, if any (SQLite may have rolled it back itself, e.g. on a full disk)."""
    if db.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")


def _disk_full(path: Path) -> StoreError:
    return StoreError("store-full", f"{path}: disk full, nothing written, the store is intact", path=path,
                      hint="free space on that disk (or give --store a file on another one) and publish again")
