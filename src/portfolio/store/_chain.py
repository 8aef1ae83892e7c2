"""The hash chain: each publication's hash, and the check of a whole store's rows (private).

A publication's hash is the SHA-256 (hex) of the UTF-8 bytes of this JSON
text (keys sorted, no spaces, non-ASCII kept)::

    {"figures": [[position, kind, subject, name, baseline_finish, forecast_finish,
                  variance, variance_days, progress, rag, status], ...],
     "previous": "<the previous publication's hash, '' for the first>",
     "publication": {"id": ..., "period": ..., "version": ..., "status_date": ...,
                     "baseline": ..., "portfolio": ..., "reason": ..., "supersedes": ...,
                     "digest": ..., "figure_count": ..., "calendars": ..., "inputs": ...}}

with every value exactly as the store holds it (text, integer or null) and the
figures in position order. Any tool can recompute it from the SQL rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from portfolio.slippage import Figure, period_end
from portfolio.store._inputs import Inputs, load_inputs
from portfolio.store._schema import FIGURE

REASONS: Final = ("unparseable", "missing", "figure-count", "hash-mismatch")
"""Why a publication does not verify."""

Row = Mapping[str, Any]


def canonical(data: Any) -> bytes:
    """The canonical JSON bytes of ``data``: sorted keys, no spaces, UTF-8; TypeError for non-JSON values.

    Examples:
        >>> canonical({"b": 1, "a": "é"}).decode()
        '{"a":"é","b":1}'
    """
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def seal_hash(publication: Row, figures: Sequence[Sequence[Any]], previous: str) -> str:
    """The hash of a publication row, its figure rows (position first) and the previous publication's hash.

    Examples:
        >>> len(seal_hash({"id": 1}, [], ""))
        64
    """
    text = canonical({"publication": dict(publication), "figures": [list(f) for f in figures],
                      "previous": previous})
    return hashlib.sha256(text).hexdigest()


def digest(status_date: dt.date, baseline: str | None, figures: Iterable[Figure]) -> str:
    """A fingerprint of a report's content: equal figures give an equal digest.

    Examples:
        >>> digest(dt.date(2023, 12, 29), None, ()) == digest(dt.date(2023, 12, 29), None, ())
        True
    """
    rows = [figure_row(f) for f in figures]
    text = json.dumps({"status_date": status_date.isoformat(), "baseline": baseline, "figures": rows},
                      sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def figure_row(f: Figure) -> list[Any]:
    """A figure as the store's columns ([`FIGURE`][portfolio.store._schema.FIGURE]), dates as ISO text."""
    return [f.kind, f.id, f.name, f.baseline_finish.isoformat() if f.baseline_finish else None,
            f.forecast_finish.isoformat(), f.variance, f.variance_days, f.progress, f.rag, f.status]


def parse_figure(row: Sequence[Any]) -> Figure:
    """A figure from its columns (position left out); ValueError when a value does not parse.

    Examples:
        >>> parse_figure(["milestone", "m", "M", None, "2024-01-05", None, None, "not-started", "new", ""]).rag
        'new'
    """
    data = dict(zip(FIGURE, row, strict=True))
    data["id"] = data.pop("subject")
    return Figure.from_json_dict(data)


@attrs.frozen(kw_only=True)
class Publication:
    """One published version of a period's report, as the store holds it.

    ``calendars`` is the [`portfolio.calendar.fingerprint`][portfolio.calendar.fingerprint] of the
    portfolio when it was published and ``inputs`` its input files as sorted
    (relative path, sha256) pairs; both are None and empty for a publication
    made before the store recorded them (schema 1). ``hash`` chains it to
    ``previous_hash``, the hash of the publication before it ('' for the
    first); both are None in a version-1 store not yet upgraded.
    """

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
    calendars: str | None = None
    inputs: Inputs = ()
    hash: str | None = None
    previous_hash: str | None = None

    def to_json_dict(self, *, figures: bool = True) -> dict[str, Any]:
        """The publication as JSON data (``published --format json``): its fields, dates as ISO text.

        ``inputs`` is a list of ``{"path", "sha256"}``; ``figures`` (when
        asked for) a list of [`to_json_dict`][portfolio.slippage.Figure.to_json_dict].

        Examples:
            >>> p = Publication(id=1, period="2023-08", version=1, status_date=dt.date(2023, 8, 31), baseline=None,
            ...                 portfolio="P", reason="", supersedes=None, digest="d", figures=(), inputs=(("a.yaml", "1"),))
            >>> p.to_json_dict()["inputs"], p.to_json_dict(figures=False).get("figures")
            ([{'path': 'a.yaml', 'sha256': '1'}], None)
        """
        data: dict[str, Any] = {
            "id": self.id, "period": self.period, "version": self.version, "status_date": self.status_date.isoformat(),
            "baseline": self.baseline, "portfolio": self.portfolio, "reason": self.reason,
            "supersedes": self.supersedes, "digest": self.digest, "figure_count": len(self.figures),
            "calendars": self.calendars, "inputs": [{"path": p, "sha256": h} for p, h in self.inputs],
            "hash": self.hash, "previous_hash": self.previous_hash}
        if figures:
            data["figures"] = [f.to_json_dict() for f in self.figures]
        return data


@attrs.frozen(kw_only=True)
class Break:
    """The first publication that does not verify, and why (``reason`` is one of `REASONS`).

    ``period`` and ``version`` are None when the row itself is gone (only
    its figures or its seal are left).
    """

    id: int
    period: str | None
    version: int | None
    reason: str
    message: str

    def __str__(self) -> str:
        what = f" ({self.period} version {self.version})" if self.period is not None else ""
        return f"publication {self.id}{what}: {self.message}"


@attrs.frozen(kw_only=True)
class Verification:
    """The result of checking every publication of a store, oldest first.

    ``checked`` publications verified before the break (all when there is
    none); ``head`` is the hash of the last one that verified (None in a
    version-1 store, which has no hashes yet).
    """

    schema: int
    checked: int
    head: str | None
    broken: Break | None

    @property
    def ok(self) -> bool:
        """True when every publication verifies."""
        return self.broken is None


def break_at(row: Row, reason: str, message: str) -> Break:
    """A `Break` at a publication row (its period and version as far as they are readable)."""
    period, version = row.get("period"), row.get("version")
    return Break(id=int(row["id"]), period=period if isinstance(period, str) else None,
                 version=version if isinstance(version, int) else None, reason=reason, message=message)


def check_row(row: Row, figures: Sequence[Sequence[Any]], expected_id: int) -> Break | Publication:
    """Check one publication row apart from its seal: its id follows, its figures are all there and parse."""
    if row["id"] != expected_id:
        gap = f"{expected_id}" if row["id"] == expected_id + 1 else f"{expected_id} to {row['id'] - 1}"
        return break_at(row, "missing", f"publication {gap} before it is missing (a deleted row)")
    if len(figures) != row["figure_count"]:
        return break_at(row, "figure-count", f"it holds {len(figures)} figures where it published "
                        f"{row['figure_count']} (a figure row was deleted or added)")
    try:
        publication = parse_publication(row, tuple(parse_figure(f[1:]) for f in figures))
    except (TypeError, ValueError) as error:
        return break_at(row, "unparseable", f"a value does not parse ({error})")
    if digest(publication.status_date, publication.baseline, publication.figures) != publication.digest:
        return break_at(row, "hash-mismatch", "its figures differ from those it published (digest mismatch)")
    return publication


def parse_publication(row: Row, figures: tuple[Figure, ...]) -> Publication:
    """A publication from its row (without its hash); TypeError or ValueError when a value does not parse."""
    period_end(row["period"])
    texts = [k for k in ("digest", "portfolio", "reason") if not isinstance(row[k], str)]
    ints = [k for k in ("version", "supersedes") if not (type(row[k]) is int or (k == "supersedes" and row[k] is None))]
    if texts or ints or not isinstance(row["baseline"], str | None) or not isinstance(row.get("calendars", ""), str):
        raise ValueError(f"a value of the wrong type in {', '.join([*texts, *ints]) or 'baseline or calendars'}")
    return Publication(
        id=row["id"], period=row["period"], version=row["version"], status_date=dt.date.fromisoformat(row["status_date"]),
        baseline=row["baseline"], portfolio=row["portfolio"], reason=row["reason"], supersedes=row["supersedes"],
        digest=row["digest"], figures=figures, calendars=row.get("calendars") or None,
        inputs=load_inputs(row.get("inputs", "")))


@attrs.frozen(kw_only=True)
class Rows:
    """A store's rows as read: publications by id order, figure rows (position first) and seals per id."""

    schema: int
    publications: Sequence[Row]
    figures: Mapping[int, Sequence[Sequence[Any]]]
    seals: Mapping[int, tuple[Any, Any]]


def check_chain(rows: Rows) -> tuple[Verification, list[Publication]]:
    """Check every publication in id order; the verdict and the publications that verify (oldest first).

    In a version-1 store there are no seals: each row is checked apart from them.

    Examples:
        >>> check_chain(Rows(schema=2, publications=(), figures={}, seals={}))[0].ok
        True
    """
    good: list[Publication] = []
    previous = ""
    for index, row in enumerate(rows.publications):
        figures = rows.figures.get(row["id"], ())
        found = check_row(row, figures, index + 1)
        if isinstance(found, Publication) and rows.schema >= 2:
            seal = rows.seals.get(row["id"])
            found = _check_seal(row, figures, seal, previous) or attrs.evolve(
                found, hash=seal[1] if seal else None, previous_hash=previous)
        if isinstance(found, Break):
            return Verification(schema=rows.schema, checked=index, head=previous or None, broken=found), good
        previous = found.hash or ""
        good.append(found)
    ids = {row["id"] for row in rows.publications}
    left = sorted((i for i in {*rows.figures, *rows.seals} if i not in ids), key=str)
    broken = None
    if left:
        broken = Break(id=left[0] if isinstance(left[0], int) else 0, period=None, version=None, reason="missing",
                       message="the publication is gone, its figures or hash are left (a deleted row)")
    return Verification(schema=rows.schema, checked=len(good), head=previous or None, broken=broken), good


def _check_seal(row: Row, figures: Sequence[Sequence[Any]], seal: tuple[Any, Any] | None,
                previous: str) -> Break | None:
    if seal is None:
        return break_at(row, "hash-mismatch", "it has no hash (its seal row was deleted)")
    if seal[0] != previous:
        return break_at(row, "hash-mismatch", "it does not chain to the publication before it")
    try:
        expected = seal_hash(row, figures, previous)
    except (TypeError, ValueError) as error:
        return break_at(row, "unparseable", f"a value cannot be hashed ({error})")
    if expected != seal[1]:
        return break_at(row, "hash-mismatch", "its content differs from what was published (hash mismatch)")
    return None
