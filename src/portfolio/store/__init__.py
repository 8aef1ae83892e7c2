"""The published-report store: the figures of each monthly report, kept as a tamper-evident record (SQLite).

A report, once published, is what later reports compare against, as the
Rijks ICT-dashboard keeps a project's report history. The store is one
SQLite file (standard library `sqlite3`):

- **append-only**: triggers refuse every UPDATE and DELETE; publishing a
  period again with different figures is refused unless it supersedes the
  earlier version with a reason, and then both versions are kept;
- **tamper-evident**: each publication carries a SHA-256 hash over its row,
  its figures and the hash of the publication before it (a chain, as in a
  ledger or git). `Store.verify` names the first publication that does
  not verify (a changed or deleted row, a missing figure, a value that does
  not parse); every reader refuses a store that does not verify
  (``store-damaged``) instead of showing any of it as published, and
  publishing never appends to it;
- **a record of its inputs**: each publication records the calendars'
  fingerprint ([`portfolio.calendar.fingerprint`][portfolio.calendar.fingerprint]) and the SHA-256 of
  every input file (`input_digests`), so that a later report can tell a
  calendar change or a changed file from a changed plan;
- **one transaction per publication** in WAL mode with ``synchronous=FULL``:
  a publication is in the store whole or not at all, even when the
  publishing process is killed or the disk is full (``store-full``: nothing
  written, the store intact), and a committed one is never lost;
- **recognised**: the file carries an ``application_id`` and a schema version
  (``user_version``); a file that is not an SQLite database, is damaged, or
  belongs to another application (or a newer version) gives a
  `StoreError` with a diagnostic code and is never written to. A
  version-1 store (before the hash chain) is read as it is and upgraded to
  version 2 by the first publication, in the same transaction: its rows are
  checked, left as they are, and sealed in id order;
- **concurrent publishers** wait for each other up to a timeout, then get a
  ``store-busy`` error.

Reading (each verifies the whole store first, cheaply: the result is kept
until another process writes):

- `Store.history` — the latest version of each period, by period: what
  the report takes its history from (optionally only some subjects' figures);
- `Store.latest`, `Store.previous`, `Store.publications`
  and iterating a store;
- `Publication` — ``figures``, ``status_date``, ``baseline``,
  ``calendars``, ``inputs`` (compare with `changed_inputs`), ``hash``;
  `Publication.to_json_dict` is its JSON form;
- `Store.verify` — a `Verification`, never raising for a broken
  chain;
- `compare` — two publications figure by figure (``published --diff``).

The hash is recomputable by any tool: see `seal_hash`.

Examples:
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
    ...     [(p.period, p.version) for p in store.history().values()], first.created, again.created
    ([('2023-12', 1)], True, False)
    >>> with Store.open(path) as store:
    ...     verdict = store.verify()
    >>> verdict.ok, verdict.head == first.publication.hash
    (True, True)
"""

from __future__ import annotations

from portfolio._store_path import default_store_path
from portfolio.store._chain import REASONS, Break, Publication, Verification, digest, seal_hash
from portfolio.store._diff import FigureChange, compare
from portfolio.store._inputs import changed_inputs, input_digests
from portfolio.store._schema import APPLICATION_ID, SCHEMA_VERSION
from portfolio.store._store import PublishResult, Store, StoreError

__all__ = [
    "APPLICATION_ID",
    "REASONS",
    "SCHEMA_VERSION",
    "Break",
    "FigureChange",
    "Publication",
    "PublishResult",
    "Store",
    "StoreError",
    "Verification",
    "changed_inputs",
    "compare",
    "default_store_path",
    "digest",
    "input_digests",
    "seal_hash",
]
