"""The report's costly sections kept on disk: the risk section's simulation and the wave plan's levelling.

A monthly report of the example spends most of its own time on two
sections that depend only on the portfolio and a few parameters: the risk
section (2,000 runs with every risk, then without each) and the wave plan
(the levelling). When the load cache is on (the command line; off with
``--no-cache`` or ``PORTFOLIO_NO_CACHE``, see
``portfolio.io._cache.enabled``), each section is
kept next to the load cache, in ``sections-v1/`` of the same folder, under
a key with the same discipline: a SHA-256 over the load cache's key of the
files the command line read the portfolio from (`load_keyed`), else over
the whole portfolio's content (its every record, encoded as the load cache
encodes it), the section's name and parameters (status date, runs, seed,
window), the code fingerprint of the load cache (every source file of the
package, the library, Python and the loader's libraries) and the versions
of numpy and dateutil (the simulation's random streams and the levelling
run on numpy, the calendars' holidays on dateutil's Easter). A portfolio
that changed in any way, another parameter or other code finds no entry
and computes afresh.

The entry is data, never pickle: zlib-compressed JSON written by the load
cache's column codec and read back by it as strictly (every column's type
and length checked, unknown fields refused, every record rebuilt through
its class). A missing, stale, corrupt, truncated or foreign entry is
ignored and rewritten; a section the codec cannot keep exactly is simply
not kept. So a section read back is equal to the one computed fresh, and
the report's bytes are the same (``tests/test_report_section_cache.py``).

Examples:
    >>> import datetime as dt, tempfile
    >>> from portfolio.io import load
    >>> from portfolio.io._cache import using
    >>> from portfolio.report.risk_section import risk_section
    >>> portfolio = load("examples/logius").portfolio
    >>> with using(tempfile.mkdtemp()):
    ...     key = Key(portfolio)
    ...     first = kept("risk", key, (dt.date(2023, 8, 31), 200), lambda: risk_section(portfolio,
    ...                  dt.date(2023, 8, 31), runs=200))
    ...     again = kept("risk", key, (dt.date(2023, 8, 31), 200), lambda: None)  # found: not computed
    >>> again == first, again is first
    (True, False)
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import sys
import typing
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from portfolio._atomic import write_atomic
from portfolio.diagnostics import LoadResult
from portfolio.io import _cache
from portfolio.io._cache import _code_fingerprint, _prune, cache_dir, enabled
from portfolio.io._cache_format import decode_record, encode, encode_record
from portfolio.model import Portfolio

if TYPE_CHECKING:
    from portfolio.report.risk_section import RiskSection
    from portfolio.report.waves_section import WaveSection

__all__ = ["FORMAT", "Key", "entry", "kept", "load_keyed", "sections"]

FORMAT: Final = 1
"""The version of an entry's layout (and of its folder, ``sections-v1``)."""
MAX_BYTES: Final = 1 << 24
"""An entry larger than this, packed or inflated, is damage (a section is a few kilobytes)."""

T = TypeVar("T")

_LOADED: Final[contextvars.ContextVar[tuple[Portfolio, str] | None]] = contextvars.ContextVar(
    "portfolio_sections_loaded", default=None)
"""The portfolio the command line loaded and the load cache's key of its files (see `load_keyed`)."""


def load_keyed(load: Callable[[], T]) -> T:
    """``load()``; when it gives a portfolio the load cache gave, its sections are keyed by its files.

    The load cache's key of the files (the path, the list of files, the
    content of each and the code), taken before and after loading, stands for
    the portfolio when the two agree (`portfolio.io._cache.key_of`), and `Key`
    digests that key instead of encoding the whole portfolio (0.4 s at 10,000
    activities). Files that changed meanwhile, or a load with the cache off,
    leave the portfolio to be encoded.

    Args:
        load: loads the portfolio (``load_clean``: a portfolio, or an exit code).

    Returns:
        What ``load()`` returns.

    Examples:
        >>> load_keyed(lambda: 2)
        2
    """
    if not enabled(None):
        return load()
    found = load()
    if isinstance(found, Portfolio):
        key = _cache.key_of(found)
        if key is not None:
            _LOADED.set((found, key))
    return found


class Key:
    """What a portfolio's sections are keyed by: the portfolio's content, taken once (at first use) per report.

    Args:
        portfolio: the portfolio the sections are computed from.

    Examples:
        >>> Key(Portfolio()).digest() == Key(Portfolio()).digest()
        True
    """

    def __init__(self, portfolio: Portfolio) -> None:
        self.portfolio = portfolio
        self._digest: str | None = None

    def digest(self) -> str | None:
        """The SHA-256 of the portfolio's content and the code, or None when the codec cannot keep the portfolio.

        Returns:
            The hex digest, or None.
        """
        if self._digest is None:
            loaded = _LOADED.get()
            try:  # the files' key, or the load cache's own encoding: every field of every record (UnfitError: none)
                content = (b"files " + loaded[1].encode() if loaded is not None and loaded[0] is self.portfolio
                           else encode(LoadResult(self.portfolio), ""))
            except Exception:
                self._digest = ""
                return None
            versions = "\0".join(f"{name} {_version_of(name)}" for name in _LIBRARIES)
            self._digest = hashlib.sha256(f"portfolio-sections {FORMAT}\0{_code_fingerprint()}\0{versions}\0"
                                          .encode() + content).hexdigest()
        return self._digest or None


_LIBRARIES: Final = ("numpy", "dateutil")
"""The libraries the sections compute with beyond those of the load cache's fingerprint: the simulation's random
streams and the levelling (numpy), the holidays of the calendars (dateutil's Easter)."""


def _version_of(name: str) -> str:
    """The version of a library the report has imported by the time a section is kept (else ``?``)."""
    return str(getattr(sys.modules.get(name), "__version__", "?"))


def entry(kind: str, key: Key, params: tuple[Any, ...]) -> tuple[Path, str] | None:
    """The file and the full key of a section, or None when it cannot be kept (the portfolio has no key).

    Args:
        kind: the section's name (``risk``, ``waves``).
        key: the portfolio's key.
        params: the section's parameters, each with a faithful ``repr`` (dates, numbers, strings).

    Returns:
        (path, key), or None.

    Examples:
        >>> import datetime as dt
        >>> path, full = entry("risk", Key(Portfolio()), (dt.date(2023, 8, 31), 2000, 0, 5))
        >>> path.parent.name, path.name.startswith("risk-"), len(full)
        ('sections-v1', True, 64)
    """
    digest = key.digest()
    if digest is None:
        return None
    full = hashlib.sha256(f"{digest}\0{kind}\0{params!r}".encode()).hexdigest()
    return cache_dir() / f"sections-v{FORMAT}" / f"{kind}-{full[:40]}.json.z", full


def kept(kind: str, key: Key, params: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or the section kept under the same key when the cache is on and holds it.

    Args:
        kind: the section's name.
        key: the portfolio's key.
        params: every parameter of the section besides the portfolio.
        compute: makes the section (an attrs record, or None).

    Returns:
        The section, equal to what ``compute()`` returns.
    """
    where = entry(kind, key, params) if enabled(None) else None
    if where is None:
        return compute()
    path, full = where
    with contextlib.suppress(Exception):  # any damage at all: ignored and rebuilt, never trusted
        return typing.cast(T, _read(path, kind, full))
    value = compute()
    if value is not None:
        with contextlib.suppress(Exception):  # a value the codec cannot keep (UnfitError), a full disk: not kept
            data = _encoded(kind, full, value)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
            _prune(path.parent)
    return value


def _encoded(kind: str, key: str, value: Any) -> bytes:
    """An entry's bytes: the section in the load cache's file format, under the key."""
    record: Any = _CLASSES[kind]()
    if type(value) is not record:
        raise TypeError(f"a {kind} section is a {record.__qualname__}")
    return encode_record(value, f"{kind}\0{key}")


def _read(path: Path, kind: str, key: str) -> Any:
    """The section in ``path`` if it holds exactly one of ``kind`` under ``key``; else an error."""
    with open(path, "rb") as handle:
        packed = handle.read(MAX_BYTES + 1)
    if len(packed) > MAX_BYTES:
        raise ValueError("too large")
    return decode_record(packed, _CLASSES[kind](), f"{kind}\0{key}", limit=MAX_BYTES)


def sections(portfolio: Portfolio, status_date: dt.date) -> dict[str, Any]:
    """The report's ``risk`` and ``waves`` sections at ``status_date`` (each None when the portfolio lacks its data).

    Args:
        portfolio: the portfolio.
        status_date: the report's status date.

    Returns:
        ``{"risk": RiskSection | None, "waves": WaveSection | None}``, each kept when the cache is on.

    Examples:
        >>> sections(Portfolio(), dt.date(2023, 8, 31))
        {'risk': None, 'waves': None}
    """
    key = Key(portfolio)  # the portfolio's content is digested once, for both, and only when one is kept
    return {"risk": _risk(portfolio, status_date, key), "waves": _waves(portfolio, status_date, key)}


def _waves(portfolio: Portfolio, status_date: dt.date, key: Key) -> WaveSection | None:
    """The wave plan (the levelling, numpy-heavy, is imported only for a portfolio with capacity)."""
    if not portfolio.capacity:
        return None
    from portfolio.report.waves_section import WAVE_MONTHS, waves_section  # noqa: PLC0415 - on use

    return kept("waves", key, (status_date, WAVE_MONTHS),
                lambda: waves_section(portfolio, status_date, months=WAVE_MONTHS))


def _risk(portfolio: Portfolio, status_date: dt.date, key: Key) -> RiskSection | None:
    """The risk section (the simulation, numpy-heavy, is imported only for a portfolio with uncertainty data)."""
    if portfolio.risk is None:
        return None
    from portfolio.report.risk_section import SEED, report_runs, risk_section  # noqa: PLC0415 - on use

    runs = report_runs(len(portfolio.activities))
    return kept("risk", key, (status_date, runs, SEED, 5),
                lambda: risk_section(portfolio, status_date, runs=runs, seed=SEED, top=5))


def _risk_class() -> type:
    from portfolio.report.risk_section import RiskSection  # noqa: PLC0415 - the class only

    return RiskSection


def _waves_class() -> type:
    from portfolio.report.waves_section import WaveSection  # noqa: PLC0415 - the class only

    return WaveSection


_CLASSES: Final[dict[str, Callable[[], type]]] = {"risk": _risk_class, "waves": _waves_class}
"""The class of each section's record: an entry is read back as this class or not at all."""
