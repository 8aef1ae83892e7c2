"""The XER text format: tables of tab-separated rows, each value with its line and column.

An XER file (Primavera P6's export) starts with an ``ERMHDR`` line, then
holds tables: ``%T`` names a table, ``%F`` lists its fields, each ``%R`` is a
row, and ``%E`` ends the file. This module only splits the text; what the
tables mean is [`portfolio.io.xer`][portfolio.io.xer]'s business. Every problem is a located
diagnostic (file, line, column), never an exception.

Examples:
    >>> tables, problems = read_tables("ERMHDR\\t8.2\\n%T\\tTASK\\n%F\\ttask_id\\ttask_code\\n%R\\t1\\tA1000\\n%E\\n", "p.xer")
    >>> row = tables["TASK"].rows[0]
    >>> row["task_code"], row.line, str(row.at("task_code")), problems
    ('A1000', 4, 'p.xer:4:6', [])
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from portfolio.diagnostics import Diagnostic, diagnostic
from portfolio.model import Source

__all__ = ["Row", "Table", "decode", "read_tables"]

_HINT = "export the project from P6 again (File > Export > Primavera PM (XER)); do not edit the file by hand"


@attrs.frozen
class Row:
    """One row (an XER ``%R`` line, or a P6 XML element): its values by XER field name, and where each is.

    An XER row is one line, so each value has a column of its own (``columns``); a P6 XML record spans
    lines, so each value also has a line of its own (``lines``), and the record's own place (``line``,
    ``column``) stands for a value it does not hold. ``names`` gives a value's name in the file where it is
    not the XER field's (``PlannedDuration`` for ``target_drtn_hr_cnt``), for the messages.

    Examples:
        >>> row = Row({"task_code": "A1"}, "p.xml", 7, {"task_code": 9}, lines={"task_code": 8}, column=5,
        ...           names={"task_code": "Id"})
        >>> str(row.at("task_code")), str(row.at("task_name")), row.name("task_code"), row.name("task_name")
        ('p.xml:8:9', 'p.xml:7:5', 'Id', 'task_name')
    """

    values: Mapping[str, str]
    file: str
    line: int
    columns: Mapping[str, int]
    lines: Mapping[str, int] = attrs.field(factory=dict)
    column: int = 1
    names: Mapping[str, str] = attrs.field(factory=dict)

    def __getitem__(self, field: str) -> str:
        return self.values.get(field, "")

    def at(self, field: str | None = None) -> Source:
        """Where ``field`` (or the row) is: the file, the value's line (the row's) and column."""
        key = field or ""
        if key in self.columns:
            return Source(self.file, self.lines.get(key, self.line), self.columns[key])
        return Source(self.file, self.line, self.column)

    def name(self, field: str) -> str:
        """The value's name as the file spells it."""
        return self.names.get(field, field)


@attrs.define
class Table:
    """A ``%T`` table: its name, the line of its ``%F`` fields, the fields and the rows."""

    name: str
    line: int
    fields: tuple[str, ...] = ()
    rows: list[Row] = attrs.Factory(list)


def decode(data: bytes) -> str:
    """The file's text: UTF-8 when it is valid, else Windows-1252 (P6's default export encoding).

    Examples:
        >>> decode("€".encode("cp1252")), decode("€".encode())
        ('€', '€')
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_tables(text: str, filename: str) -> tuple[dict[str, Table], list[Diagnostic]]:
    """Split XER text into tables; problems (bad lines, wrong field counts, no ``%E``) are diagnostics.

    Examples:
        >>> _tables, problems = read_tables("ERMHDR\\t8.2\\n%T\\tTASK\\n%F\\ttask_id\\n%R\\t1\\t2\\n", "p.xer")
        >>> [(d.code, d.source.line) for d in problems]
        [('xer-field-count', 4), ('xer-truncated', 4)]
    """
    lines = text.splitlines()
    problems: list[Diagnostic] = []
    tables: dict[str, Table] = {}
    if not lines or not lines[0].startswith("ERMHDR"):
        problems.append(diagnostic("xer-syntax", "the file does not start with an ERMHDR line: it is not an XER "
                                   "export", source=Source(filename, 1, 1), hint=_HINT))
        return tables, problems
    current: Table | None = None
    ended = False
    for number, line in enumerate(lines[1:], start=2):
        marker, _tab, rest = line.partition("\t")
        if marker == "%E":
            ended = True
            break
        if marker == "%T":
            current = _new_table(rest.strip(), number, filename, tables, problems)
        elif marker == "%F":
            current = _fields(current, rest, number, filename, problems)
        elif marker == "%R":
            _row(current, rest, number, filename, problems)
        elif line.strip():
            problems.append(diagnostic("xer-syntax", f"a line starting with {marker[:12]!r}: XER lines start with "
                                       "%T, %F, %R or %E", source=Source(filename, number, 1), hint=_HINT))
    if not ended:
        problems.append(diagnostic(
            "xer-truncated", "the file ends without the %E line: it was cut off, so rows may be missing",
            source=Source(filename, len(lines), 1), hint="export the project from P6 again, or copy the whole file"))
    return tables, problems


def _new_table(name: str, number: int, filename: str, tables: dict[str, Table],
               problems: list[Diagnostic]) -> Table | None:
    if not name or name in tables:
        what = "a %T line without a table name" if not name else f"table {name} appears a second time"
        problems.append(diagnostic("xer-syntax", f"{what}; its rows are ignored",
                                   source=Source(filename, number, 1), hint=_HINT))
        return None
    tables[name] = Table(name=name, line=number)
    return tables[name]


def _fields(current: Table | None, rest: str, number: int, filename: str,
            problems: list[Diagnostic]) -> Table | None:
    if current is None or current.fields:
        problems.append(diagnostic("xer-syntax", "a %F line that does not follow a %T line; the table is ignored",
                                   source=Source(filename, number, 1), hint=_HINT))
        return None
    current.fields = tuple(rest.split("\t"))
    return current


def _row(current: Table | None, rest: str, number: int, filename: str, problems: list[Diagnostic]) -> None:
    if current is None:
        return  # the table was refused above (one diagnostic there, not one per row)
    if not current.fields:
        problems.append(diagnostic("xer-syntax", f"a %R line in table {current.name} before its %F line",
                                   source=Source(filename, number, 1), hint=_HINT))
        return
    values = rest.split("\t")
    if len(values) > len(current.fields):
        problems.append(diagnostic(
            "xer-field-count", f"a row of table {current.name} has {len(values)} values for "
            f"{len(current.fields)} fields; the row is ignored", source=Source(filename, number, 1),
            hint="a tab was added by hand: export the project from P6 again"))
        return
    values += [""] * (len(current.fields) - len(values))  # P6 leaves out empty values at the end of a row
    columns: dict[str, int] = {}
    column = 4  # after "%R\t"
    for field, value in zip(current.fields, values, strict=True):
        columns[field] = column
        column += len(value) + 1
    current.rows.append(Row(dict(zip(current.fields, values, strict=True)), filename, number, columns))
