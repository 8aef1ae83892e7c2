"""Stage one of [`portfolio.scheduling.schedule`][portfolio.scheduling.schedule]: a portfolio compiled into arrays, once per portfolio.

- `._network`: `compile_network` turns what the files declare
  (activities, calendars, relations, constraints, deadlines) into a
  `Network` of arrays, each field read off the records in one
  C-level pass (the relations' arrays are `portfolio.graph.relation_columns`,
  which a load's cycle check has read already); `Network.with_activities`
  recomputes a few rows.
- `._cache`: `compiled` keeps one network per live portfolio, so
  the same portfolio scheduled again, at another status date, or by a rule,
  is not converted again; `derive` lets a what-if that changes a few
  activities reuse its parent's network (`replace_activities` makes
  such a portfolio); a portfolio that shares its tuple of relations with
  a compiled one (``attrs.evolve``) shares the relation arrays and the
  core's topologies.
- `._situate`: `situate` adds the progress at a status date
  (floors, fixed starts, caps, remaining work) as a `Situation`.
- `._problem`: the entry for whatever solves a portfolio:
  `problem` gives the compiled network of a portfolio at a status
  date as the core's `Problem` (with the core's topology, kept per
  set of finished work), and `Problem.with_durations` the same
  problem with another duration array, without compiling again (a
  schedule-risk simulation solves it once per sample).

Every step is a handful of numpy operations over all activities at once:
the only Python loops read attributes off the records or word a diagnostic.

Examples:
    >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
    ...               activities=[Activity(id="a", duration=Duration(5)), Activity(id="b")])
    >>> net = compiled(p, dt.date(2024, 1, 8))
    >>> net.duration.tolist(), net.milestone.tolist(), compiled(p, dt.date(2024, 1, 8)) is net
    ([5, 0], [False, True], True)
    >>> result = problem(p).solve()  # boundaries are working-day indices of the calendar (Calendar.index)
    >>> int(result.finish - result.es[0])
    5
"""

from __future__ import annotations

import datetime as dt  # noqa: F401 - the doctests use it

from portfolio._compile._cache import _CACHE, _DERIVED, compiled, derive, replace_activities
from portfolio._compile._network import (
    FINISHED,
    FNET,
    FNLT,
    IN_PROGRESS,
    MFO,
    MSO,
    NOT_STARTED,
    RESULTS,
    SNET,
    SNLT,
    Groups,
    Network,
    compile_network,
    outside_horizon,
)
from portfolio._compile._problem import FALLBACK_START, Problem, Question, anchor, problem, question
from portfolio._compile._situate import Situation, situate

__all__ = [
    "FALLBACK_START", "FINISHED", "FNET", "FNLT", "IN_PROGRESS", "MFO", "MSO", "NOT_STARTED", "RESULTS", "SNET",
    "SNLT", "_CACHE", "_DERIVED", "Groups", "Network", "Problem", "Question", "Situation", "anchor", "compile_network",
    "compiled", "derive", "outside_horizon", "problem", "question", "replace_activities", "situate",
]
