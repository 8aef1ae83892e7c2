"""Primavera P6 XML (PMXML) import: the same model, mapping and diagnostics as the XER import.

`load_pmxml` reads a file exported by P6 with *File > Export > Primavera PM (XML)* (root element
``APIBusinessObjects``). Its records are renamed to XER's tables and fields
(``portfolio.io.p6._pmxml``) and built into a [`Portfolio`][portfolio.model.Portfolio] by the one builder
both formats share (``portfolio.io.p6._reader.P6Reader``): the WBS as services and migrations,
activities, relationships with their lags, calendars (24-hour ones too), constraints, actuals at the data
date, and P6's scheduling options, honoured or warned about, exactly as ``docs/interop.md`` describes for
XER. The diagnostics' codes are ``p6xml-…``; nothing raises on bad data.

Examples:
    >>> from pathlib import Path
    >>> [d.code for d in load_pmxml(Path("no/such/plan.xml")).diagnostics]
    ['io-error']
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from portfolio.diagnostics import Diagnostic, LoadResult, diagnostic
from portfolio.io._files import read_bounded
from portfolio.io._xml import parse_xml, place
from portfolio.io.p6._pmxml import HINT, pmxml_tables
from portfolio.io.p6._reader import P6Reader
from portfolio.io.p6._text import Table
from portfolio.model import Portfolio, Source

__all__ = ["MAX_BYTES", "is_pmxml", "load_plan", "load_pmxml", "parse_pmxml"]

MAX_BYTES: Final = 512 * 1024 * 1024
"""Larger files are refused (P6 XML is about three times the size of the same XER)."""
_ROOT: Final = re.compile(r"<(?:[\w.-]+:)?APIBusinessObjects[\s/>]")


def is_pmxml(data: bytes) -> bool:
    """True when ``data`` is P6 XML: its root element (within the first 4 KiB) is ``APIBusinessObjects``.

    Examples:
        >>> is_pmxml(b'<?xml version="1.0"?>\\n<APIBusinessObjects xmlns="http://xmlns.oracle.com/Primavera/P6">')
        True
        >>> is_pmxml("<APIBusinessObjects>".encode("utf-16")), is_pmxml(b"<Project><Name>APIBusinessObjects</Name>")
        (True, False)
    """
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore")
    first = re.search(r"<(?![?!])", text)
    return first is not None and _ROOT.match(text, first.start()) is not None


def load_plan(path: Path) -> LoadResult:
    """Read a ``.xml`` or ``.xer`` file by its content: P6 XML, an XER export, or else MS Project XML.

    The file is read once; a ``.xer`` that holds P6 XML (or a ``.xml`` that holds an XER export) is read as
    what it holds.

    Args:
        path: The plan's file.

    Returns:
        The portfolio and the located diagnostics of the reader that fits.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     plan = Path(tmp, "plan.xml")
        ...     _ = plan.write_text("<APIBusinessObjects/>")
        ...     [d.code for d in load_plan(plan).diagnostics]
        ['p6xml-missing']
    """
    from portfolio.io.mspdi import parse_mspdi  # noqa: PLC0415 - the MS Project reader is only needed here
    from portfolio.io.p6.xer import parse_xer  # noqa: PLC0415 - nor the XER reader

    data = read_bounded(path, MAX_BYTES, str(path))
    if isinstance(data, Diagnostic):
        return LoadResult(Portfolio(), (data,))
    if is_pmxml(data):
        return parse_pmxml(data, str(path))
    if data.lstrip(b"\xef\xbb\xbf").startswith(b"ERMHDR") or path.suffix.lower() == ".xer":
        return parse_xer(data, str(path))
    return parse_mspdi(data, str(path))


def load_pmxml(path: Path) -> LoadResult:
    """Read a P6 XML file into a portfolio; problems become diagnostics, never exceptions.

    Args:
        path: The file P6 exported.

    Returns:
        The portfolio and the located diagnostics (``p6xml-…``, ``io-error``).

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     plan = Path(tmp, "plan.xml")
        ...     _ = plan.write_text("<APIBusinessObjects/>")
        ...     [(d.code, str(d.source)) for d in load_pmxml(plan).diagnostics]
        [('p6xml-missing', '...plan.xml:1:1')]
    """
    data = read_bounded(path, MAX_BYTES, str(path))  # regular files only, never beyond the limit
    if isinstance(data, Diagnostic):
        return LoadResult(Portfolio(), (data,))
    return parse_pmxml(data, str(path))


def parse_pmxml(data: bytes, filename: str = "<pmxml>") -> LoadResult:
    """Parse P6 XML held in memory (see `load_pmxml`).

    Args:
        data: The file's bytes.
        filename: The file's name as messages give it.

    Returns:
        The portfolio and the located diagnostics.

    Examples:
        >>> xml = b'''<APIBusinessObjects><Calendar><ObjectId>9</ObjectId><Name>Standard</Name>
        ...   <HoursPerDay>8</HoursPerDay><StandardWorkWeek>''' + b"".join(
        ...   b"<StandardWorkHours><DayOfWeek>%s</DayOfWeek><WorkTime><Start>08:00:00</Start><Finish>15:59:00"
        ...   b"</Finish></WorkTime></StandardWorkHours>" % d for d in (b"Monday", b"Tuesday", b"Wednesday",
        ...   b"Thursday", b"Friday")) + b'''</StandardWorkWeek></Calendar>
        ... <Project><ObjectId>1</ObjectId><Id>DEMO</Id><ActivityDefaultCalendarObjectId>9</ActivityDefaultCalendarObjectId>
        ...   <PlannedStartDate>2024-01-08T08:00:00</PlannedStartDate><DataDate>2024-01-08T08:00:00</DataDate>
        ...   <Activity><ObjectId>10</ObjectId><Id>A1000</Id><Name>Build</Name><CalendarObjectId>9</CalendarObjectId>
        ...     <PlannedDuration>40</PlannedDuration><Type>Task Dependent</Type></Activity>
        ...   <Activity><ObjectId>11</ObjectId><Id>A1010</Id><Name>Go-live</Name><CalendarObjectId>9</CalendarObjectId>
        ...     <PlannedDuration>0</PlannedDuration><Type>Finish Milestone</Type></Activity>
        ...   <Relationship><PredecessorActivityObjectId>10</PredecessorActivityObjectId>
        ...     <SuccessorActivityObjectId>11</SuccessorActivityObjectId><Type>Finish to Start</Type><Lag>0</Lag>
        ...   </Relationship></Project></APIBusinessObjects>'''
        >>> portfolio, diagnostics = parse_pmxml(xml)
        >>> [(a.id, a.name, a.duration.days) for a in portfolio.activities.values()]
        [('a1000', 'Build', 5), ('a1010', 'Go-live', 0)]
        >>> portfolio.relations[0].predecessor, portfolio.settings.start, diagnostics
        ('a1000', datetime.date(2024, 1, 8), ())
    """
    root = parse_xml(data, filename, code="p6xml-syntax", hint=HINT)
    if isinstance(root, Diagnostic):
        return LoadResult(Portfolio(), (root,))
    if root.tag.rpartition("}")[2] != "APIBusinessObjects":
        return LoadResult(Portfolio(), (diagnostic(
            "p6xml-syntax", f"the root element is <{root.tag.rpartition('}')[2][:40]}>, not <APIBusinessObjects>",
            source=place(filename, root), hint=HINT),))
    tables, times, problems = pmxml_tables(root, filename)
    if "PROJECT" not in tables:
        return LoadResult(Portfolio(), (*problems, diagnostic(
            "p6xml-missing", "the file holds no <Project> (with its <ObjectId>): nothing to import",
            source=place(filename, root) if place(filename, root).line else Source(filename, 1, 1),
            hint="export a project from P6 (File > Export > Primavera PM (XML)), not only global data")))
    if "CALENDAR" not in tables:
        return LoadResult(Portfolio(), (*problems, diagnostic(
            "p6xml-missing", "the file holds no <Calendar> (with its <ObjectId>): the activities' working time "
            "is not known", source=place(filename, root), hint="export the project from P6 with its calendars "
            "(File > Export > Primavera PM (XML))")))
    tables.setdefault("TASK", _empty("TASK", tables["PROJECT"].line))
    portfolio, found = P6Reader(tables, filename, prefix="p6xml", calendar_times=times).read()
    return LoadResult(portfolio, (*problems, *found))


def _empty(name: str, line: int) -> Table:
    return Table(name, line, ("task_id", "proj_id", "task_code", "clndr_id", "target_drtn_hr_cnt"))
