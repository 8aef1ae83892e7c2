"""Load a portfolio from YAML files: files -> located data -> raw records -> model.

The loader never raises on bad user data. It returns a
[`LoadResult`][portfolio.diagnostics.LoadResult] with the portfolio (everything
that could be read) and *all* diagnostics, each with a stable code, the file,
line and column, and a way out.

This module is the driver: it finds the files (`portfolio_files`),
reads each one (``io/_yaml_reader.py``), hands each top-level section to its
builder (``io/_sections/``, one module per section, registered in
``BUILDERS``), builds the [`Portfolio`][portfolio.model.Portfolio] and puts the
diagnostics in order. The codes it raises itself: ``io-error`` (no such
path), ``no-files``, ``wrong-type`` (a file or list section of the wrong
shape) and ``unknown-key`` (an unknown section); the YAML reader's codes
(``yaml-syntax``, ``encoding``, ...) and ``cycle`` (``graph.py``) pass
through it.

Examples:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "plan.yaml").write_text(
    ...     "services:\\n"
    ...     "  - id: digid\\n"
    ...     "    name: DigiD\\n"
    ...     "    activities:\\n"
    ...     "      - {id: build, duration: 3w}\\n"
    ...     "      - {id: live, kind: go-live, after: [biuld]}\\n")
    >>> portfolio, diagnostics = load_portfolio(folder)
    >>> portfolio.activities["digid.build"].duration.days
    15
    >>> print(diagnostics[0])  # doctest: +ELLIPSIS
    /.../plan.yaml:6:43: error[unknown-ref]: activity 'digid.live' has predecessor 'biuld', which is not declared; did you mean 'build'?
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Final

from portfolio._gc import paused_gc
from portfolio.calendar import BUILTIN_IDS
from portfolio.diagnostics import Diagnostic, LoadResult, closest
from portfolio.io._files import portfolio_files  # here for the loader and its users
from portfolio.io._parallel import read_files
from portfolio.io._raw import SECTIONS
from portfolio.io._sections import BUILDERS, Context, Section
from portfolio.io._sections._context import kind
from portfolio.io._yaml_reader import MList, MMap
from portfolio.model import Portfolio, Source

__all__ = ["BUILTIN_CALENDARS", "load_portfolio", "portfolio_files"]

BUILTIN_CALENDARS: Final = BUILTIN_IDS
"""Calendars every portfolio has without declaring them."""

def load_portfolio(path: Path | str) -> LoadResult:
    """Load a portfolio folder (or one YAML file): the portfolio and all diagnostics.

    Args:
        path: the portfolio folder, or one YAML file.

    Returns:
        The portfolio (everything that could be read) and every diagnostic, in reading order.

    Examples:
        >>> [d.code for d in load_portfolio("no/such/folder").diagnostics]
        ['io-error']
    """
    with paused_gc():  # no cycles are made; the collector would walk the growing data over and over
        return _Loader(Path(path)).run()


class _Loader:
    """One load: find and read the files, dispatch their sections to the builders, build, order the diagnostics."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.context = Context(root)

    def run(self) -> LoadResult:
        """The read phase over every file, then the declare and build phases of every section (``io/_sections/``)."""
        context = self.context
        if not self.root.exists():
            context.report(
                "io-error",
                f"{self.root} does not exist",
                Source(str(self.root)),
                hint="check the path; give the portfolio folder or one of its YAML files",
            )
            return LoadResult(Portfolio(), tuple(context.diagnostics))
        files = portfolio_files(self.root)
        if not files:
            context.report(
                "no-files",
                f"{self.root} holds no .yaml or .yml files",
                Source(str(self.root)),
                hint="point at the folder that holds the portfolio files",
            )
            return LoadResult(Portfolio(), tuple(context.diagnostics))
        with contextlib.closing(read_files(files, prepare=self.part)) as parts:  # closed: a helper process is ended
            for part in parts:  # in the files' order, whichever order they were read in
                _join(context, part)
        portfolio = _build(context)
        return LoadResult(portfolio, self.ordered(files))

    def part(self, file: Path, read: tuple[Any, list[Diagnostic]]) -> Context:
        """The read phase for one file as read, on a context of its own (`_join` adds it to the load's).

        The read phase of a file depends on that file alone, so each may run as soon as its file is read:
        a file the helper process sent is read into its records while the helper still reads
        (``io/_parallel.py``), rather than once the two readers have met.
        """
        one = _Loader(self.root)
        one.read_file(file, *read)
        return one.context

    def read_file(self, file: Path, data: Any, problems: list[Diagnostic]) -> None:
        """The read phase for one file as read (``io/_parallel.py``): its diagnostics, then its sections."""
        context = self.context
        context.diagnostics.extend(problems)
        if data is None:
            if problems:  # not an empty file: one that could not be read
                context.blocking.update(id(found) for found in problems)
                context.unreadable.append(context.display(str(file)))
            return
        self.read_sections(data, str(file))

    def ordered(self, files: list[Path]) -> tuple[Diagnostic, ...]:
        """The diagnostics in the order they are shown.

        First what stopped a file or record from being read (the root cause of
        the unknown references that follow from it), then the rest in reading
        order: by file, then line and column (problems found in later passes,
        such as unknown references, join their line).
        """
        order = {str(file): index for index, file in enumerate(files)}
        blocking = self.context.blocking

        def place(found: Diagnostic) -> tuple[int, int, int, int]:
            """The sort key: (blocking first, file, line, column); a diagnostic without a place leads its group."""
            first = 0 if id(found) in blocking else 1
            source = found.source
            if source is None:
                return (first, -1, 0, 0)
            return (first, order.get(source.file, -1), source.line, source.column)

        return tuple(sorted(self.context.diagnostics, key=place))

    def read_sections(self, data: Any, file: str) -> None:
        """The read phase for one file: each top-level section to its builder; an unknown one is reported."""
        context = self.context
        if not isinstance(data, MMap):
            context.report(
                "wrong-type",
                f"a portfolio file is a mapping of sections ({', '.join(SECTIONS)}), not {kind(data)}",
                data.mark if isinstance(data, MList) else Source(file, 1, 1),
                hint="start the file with a section name, e.g. 'services:'",
                blocking=True,
            )
            context.unreadable.append(context.display(file))
            return
        for key, value in data.items():
            if key not in SECTIONS and key in BUILDERS:  # a section its builder reads by hand (capacity)
                section = BUILDERS[key]
                if section.read is not None:
                    section.read(self.context, value, data.value_marks.get(key, data.mark), section.name)
                continue
            if key not in SECTIONS:
                suggestion = closest(str(key), BUILDERS)
                context.report(
                    "unknown-key",
                    f"unknown section '{key}'",
                    data.key_marks.get(key),
                    hint=f"did you mean '{suggestion}'?" if suggestion else f"the sections are {', '.join(SECTIONS)}",
                    blocking=True,
                )
                continue
            mark = data.value_marks.get(key, data.mark)
            record, many = SECTIONS[key]
            if many:
                self.read_list(key, record, BUILDERS[key], value, mark)
            else:
                context.add(key, value, record, BUILDERS[key].name, mark)

    def read_list(self, key: str, record: type, section: Section, value: Any, mark: Source) -> None:
        """The read phase for a list section: each entry read on its own, so one bad entry never hides the others."""
        context = self.context
        if not isinstance(value, MList):
            if value is None:
                return
            context.report(
                "wrong-type",
                f"section '{key}' is a list of records ('- id: ...'), not {kind(value)}",
                mark,
                hint=f"write one '- ...' item per record under '{key}:'",
                blocking=True,
            )
            return
        for index, item in enumerate(value):
            item_mark = value.item_marks[index]
            what = _record_name(section.name, item, index)
            if section.read is not None:
                section.read(context, item, item_mark, what)
            else:
                context.add(key, item, record, what, item_mark)


def _join(context: Context, part: Context) -> None:
    """Add what one file's read phase found (`_Loader.part`) to the load's context, as if read there."""
    context.diagnostics.extend(part.diagnostics)
    context.blocking.update(part.blocking)
    context.unreadable.extend(part.unreadable)
    items = context.items
    for key, found in part.items.items():
        items[key].extend(found)


def _build(context: Context) -> Portfolio:
    """The declare and build phases: every section's ``declare``, then every section's ``build``, in the table's order."""
    for section in BUILDERS.values():
        if section.declare is not None:
            section.declare(context)
    for section in BUILDERS.values():
        if section.build is not None:
            context.built.update(section.build(context))
    portfolio = Portfolio(**context.built)
    from portfolio.graph import cycle_diagnostics, remember_columns  # noqa: PLC0415 - only when files are read

    if context.relation_numbers is not None:  # the relations numbered as they were made: not read again
        remember_columns(portfolio, *context.relation_numbers)
    context.diagnostics.extend(cycle_diagnostics(portfolio))
    return portfolio


def _record_name(noun: str, item: Any, index: int) -> str:
    """How messages name a record of a list section: by its id (or name) when it has one, else by number.

    Examples:
        >>> record = MMap(Source("plan.yaml", 2, 5))
        >>> record["id"] = "lpc"
        >>> _record_name("platform", record, 0), _record_name("platform", None, 2)
        ("platform 'lpc'", 'platform #3')
    """
    if isinstance(item, MMap):
        for key in ("id", "name"):
            if isinstance(item.get(key), str):
                return f"{noun} '{item[key]}'"
        if noun == "waiver" and isinstance(item.get("rule"), str):
            subject = item.get("subject")
            return f"waiver of rule '{item['rule']}'" + (f" for '{subject}'" if isinstance(subject, str) else "")
    return f"{noun} #{index + 1}"
