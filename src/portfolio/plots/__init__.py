"""Plots for notebooks, each one call returning a matplotlib Figure (the ``plot`` extra).

- `migration_map`: platforms as lanes, each service where it runs on a
  status date, its next migration an arrow dated by the forecast cutover;
- `dependency_graph`: services in layers by dependency, coloured by
  platform, cycles in red;
- `gantt`: bars per activity grouped by service, migration or
  assignment, critical work highlighted, baselines beneath;
- `driving_path`: the chain of activities that drives a milestone;
- `mta`: the milestone trend analysis (the same chart as
  [`portfolio.slippage.plot.mta_chart`][portfolio.slippage.plot.mta_chart]);
- `comparison`: how the key milestones moved in a what-if.

Every time plot draws its status date as a line; with the portfolio given,
deadlines and contract ends as markers. Labels are Dutch (``lang="nl"``, the
default) or English. The colours are [`portfolio.colours`][portfolio.colours], shared with
the HTML report. [`portfolio.plots.interactive`][portfolio.plots.interactive] (the ``interactive``
extra, plotly) draws the Gantt and the migration map for a browser.

matplotlib is imported when a function is called, so the library works
without it (the functions then raise ImportError with the install command).
The figures use the Agg canvas and never open a window; in Jupyter a Figure
shows itself when it is a cell's last value (after ``%matplotlib inline``).

Examples:
    >>> from portfolio.io import load
    >>> from portfolio.scheduling import schedule
    >>> p = load("examples/logius").portfolio
    >>> fig = driving_path(schedule(p), "easi.exit")
    >>> fig.axes[0].get_title()
    'Drijvend pad naar easi.exit'
"""

from __future__ import annotations

from portfolio.plots._graph import dependency_graph
from portfolio.plots._map import migration_map
from portfolio.plots._time import comparison, driving_path, gantt, mta

__all__ = ["comparison", "dependency_graph", "driving_path", "gantt", "migration_map", "mta"]
