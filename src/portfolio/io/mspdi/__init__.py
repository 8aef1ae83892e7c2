"""MS Project XML (MSPDI) import: tasks, links, constraints, calendars, actuals and baselines.

`load_mspdi` reads a file saved by MS Project as XML (File > Save As >
XML Format) into a [`Portfolio`][portfolio.model.Portfolio]:

- every task becomes an [`Activity`][portfolio.model.Activity] with id
  ``t<UID>`` (stable when tasks are renamed or moved) and the task's Name;
- summary tasks (and the project summary, UID 0) are left out: MS Project
  derives their dates from their children and these files do not link them;
  a link to a summary task is dropped with an ``mspdi-unsupported`` warning;
- durations and lags (tenths of a minute in the file) become working days
  of ``MinutesPerDay`` minutes (elapsed formats become ``ed`` days);
- calendars become [`CalendarSpec`][portfolio.model.CalendarSpec] with base
  ``none`` (MS Project calendars hold their own holidays as exceptions);
- actual dates and remaining durations become one status update on the
  project's ``StatusDate``; without one MS Project moves nothing (its
  ``CurrentDate`` is not a data date), and neither does the import;
- MS Project's own semantics become records: an SNET/MSO before the
  project start keeps its date, a manual task keeps its typed dates (an SNET,
  and [`manual`][portfolio.model.Activity.manual] for MS Project's critical
  rule), a split task keeps its span, recurring calendar exceptions close each
  occurrence, a task with resources works on their calendars (the union);
- what the day-based engine cannot express (hour-level time, ...) is an
  ``mspdi-unsupported`` warning naming the feature and the task;
- baselines 0–10 become baselines ``baseline``, ``baseline1`` ...
  ``baseline10``; baseline 0 is the current one.

The file is untrusted input: it is read only if it is a regular file of at
most `MAX_BYTES`, parsed with `defusedxml` (a DOCTYPE or entity
declaration is refused with ``mspdi-syntax``, whatever the encoding), and
nothing raises on bad data. Every diagnostic carries the line of the element
it is about. A number or date that cannot be read or lies out of range
(``inf``, a negative UID or duration, a date outside the calendar horizon)
is an ``mspdi-value`` error and is left out: the engine never sees it.

Examples:
    >>> from pathlib import Path
    >>> [d.code for d in load_mspdi(Path("no/such/file.xml")).diagnostics]
    ['io-error']
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from portfolio.diagnostics import Diagnostic, LoadResult, diagnostic
from portfolio.io._files import OLE2_MAGIC, binary_ms_project, read_bounded
from portfolio.io._xml import parse_xml, place
from portfolio.io.mspdi._reader import Reader
from portfolio.io.mspdi._values import MAX_DAYS, _local
from portfolio.model import Portfolio

__all__ = ["MAX_BYTES", "MAX_DAYS", "load_mspdi", "parse_mspdi"]

MAX_BYTES: Final = 512 * 1024 * 1024
"""Larger files are refused (an MS Project plan of 100,000 tasks is about 200 MB)."""


def load_mspdi(path: Path) -> LoadResult:
    """Read an MSPDI XML file into a portfolio; problems become diagnostics, never exceptions.

    Examples:
        >>> import tempfile, os
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     bomb = Path(tmp, "bomb.xml")
        ...     _ = bomb.write_text('<!DOCTYPE p [<!ENTITY a "aaaa">]><Project>&a;</Project>')
        ...     [d.code for d in load_mspdi(bomb).diagnostics]
        ['mspdi-syntax']
    """
    data = read_bounded(path, MAX_BYTES, str(path))
    if isinstance(data, Diagnostic):
        return _failed(data)
    return parse_mspdi(data, str(path))


def parse_mspdi(data: bytes, filename: str = "<mspdi>") -> LoadResult:
    """Parse MSPDI XML held in memory (see `load_mspdi`).

    Examples:
        >>> xml = b'''<Project xmlns="http://schemas.microsoft.com/project">
        ...   <StartDate>2024-01-08T08:00:00</StartDate>
        ...   <Tasks><Task><UID>1</UID><Name>Build</Name><Duration>PT40H0M0S</Duration></Task>
        ...          <Task><UID>2</UID><Name>Go-live</Name><Duration>PT0H0M0S</Duration>
        ...            <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink></Task>
        ...   </Tasks></Project>'''
        >>> portfolio, diagnostics = parse_mspdi(xml)
        >>> [(a.id, a.name, a.duration.days) for a in portfolio.activities.values()]
        [('t1', 'Build', 5), ('t2', 'Go-live', 0)]
        >>> portfolio.relations[0].predecessor, portfolio.settings.start
        ('t1', datetime.date(2024, 1, 8))
    """
    if data.startswith(OLE2_MAGIC):
        return _failed(binary_ms_project(filename))
    root = parse_xml(data, filename)
    if isinstance(root, Diagnostic):
        return _failed(root)
    if _local(root.tag) != "Project":
        p6 = _local(root.tag) == "APIBusinessObjects"
        return _failed(diagnostic("mspdi-syntax", f"the root element is <{_local(root.tag)}>, not <Project>",
                                  source=place(filename, root), hint="this is Primavera P6 XML: read it with "
                                  "portfolio.io.load (or `portfolio check`)" if p6 else "is this an MS Project XML "
                                  "file?"))
    return Reader(root, filename).read()


def _failed(problem: Diagnostic) -> LoadResult:
    return LoadResult(Portfolio(), (problem,))
