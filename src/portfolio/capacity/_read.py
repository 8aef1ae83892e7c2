"""The ``capacity:`` section of a portfolio, for code written before the loader read it.

The loader builds the section into [`Portfolio.capacity`][portfolio.model.Portfolio.capacity],
with every problem a located diagnostic of the load (``io/_sections/capacity.py``).
`read_capacity` and `check_capacity` remain for code that read the section
on its own: the first loads the portfolio and returns its capacity with the
capacity diagnostics, the second checks a capacity (another scenario, built
in Python) against a loaded portfolio.

Examples:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "capacity.yaml").write_text(
    ...     "capacity:\\n  teams:\\n    - {id: migratie, size: 4}\\n")
    >>> cap, found = read_capacity(folder)
    >>> cap.teams[0].size, found
    (4.0, ())
    >>> import attrs
    >>> from portfolio.model import Activity, Demand, Portfolio
    >>> cap = attrs.evolve(cap, demand=[Demand(activities="a.*", team="migratei", amount=2)])
    >>> print(check_capacity(cap, Portfolio(activities=[Activity(id="a.b")]))[0].hint)
    did you mean 'migratie'?
"""

from __future__ import annotations

from pathlib import Path

from portfolio.diagnostics import Diagnostic
from portfolio.io import load
from portfolio.model import Capacity, Portfolio

__all__ = ["check_capacity", "read_capacity"]


def read_capacity(path: Path | str) -> tuple[Capacity, tuple[Diagnostic, ...]]:
    """The capacity of the portfolio at ``path``, and the load's ``capacity-*`` diagnostics.

    The same as ``load(path).portfolio.capacity``: new code should use that.

    Args:
        path: the portfolio folder or one YAML file.

    Returns:
        The capacity (empty when no file has the section) and the diagnostics of the
        section: its shape and its references. Other problems are the loader's to report.

    Examples:
        >>> read_capacity("/nonexistent")[0] == Capacity()
        True
    """
    result = load(path)
    return result.portfolio.capacity, tuple(d for d in result.diagnostics if d.code.startswith("capacity-"))


def check_capacity(capacity: Capacity, portfolio: Portfolio) -> tuple[Diagnostic, ...]:
    """Check a capacity against a portfolio: every reference resolves, every demand can be met.

    The loader runs the same check on the section it reads.

    Args:
        capacity: the capacity read or built.
        portfolio: the loaded portfolio.

    Returns:
        ``capacity-unknown-team``, ``capacity-unknown-ref`` and ``capacity-unmeetable``
        diagnostics, in the order of the records.

    Examples:
        >>> from portfolio.model import Activity, Demand, Team
        >>> cap = Capacity(teams=[Team(id="t", size=1)], demand=[Demand(activities="*", team="t", amount=3)])
        >>> [d.code for d in check_capacity(cap, Portfolio(activities=[Activity(id="a")]))]
        ['capacity-unmeetable']
    """
    from portfolio.io._sections import capacity as section  # noqa: PLC0415 - the loader's builders, 60 ms: on use

    return section.check_capacity(capacity, portfolio.activities, portfolio.services, portfolio.platforms)
