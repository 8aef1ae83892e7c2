"""Generate one documentation page per diagnostic code, plus an index, from ``CODES``.

Run by the mkdocs-gen-files plugin during ``mkdocs build``; the pages exist
only in the built site (``diagnostics/<code>.md`` and ``diagnostics/index.md``),
so they cannot drift from :data:`portfolio.diagnostics.CODES`.

When ``tests/fixtures/diagnostics/<code>_1.yaml`` exists it is shown as the
example, together with what ``portfolio check`` reports for it (computed now,
by loading the fixture).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from portfolio.diagnostics import CODES, Code, Severity

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "diagnostics"
OUT = "diagnostics"
_EXAMPLE_LINE = (
    "services/digipoort.yaml:41:7: error[unknown-ref]: relation refers to 'digipoort.cutovr'; "
    "did you mean 'digipoort.cutover'?"
)

_SEVERITY_NOTE = {
    Severity.ERROR: "An **error**: `portfolio check` exits with status 1.",
    Severity.WARNING: "A **warning**: reported, but `portfolio check` still exits with status 0.",
    Severity.INFO: "For **information** only.",
}


#: Further reading for codes about values: the format reference's sections that give their rules.
_SEE_ALSO = {
    "out-of-range": ("[The limits of every number and date](../format.md#limits)",),
    "implausible-amount": ("[The limits of every number and date](../format.md#limits)",),
    "number-as-text": ("[How values are written](../format.md#values)",),
    "dutch-choice": ("[How values are written](../format.md#values)",),
    "remaining-without-start": ("[The status section](../format.md#status)",),
}


@contextlib.contextmanager
def _chdir(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def fixture_files(code: str) -> list[Path]:
    """The example fixture(s) for ``code``: a ``<code>_1.yaml`` file or a ``<code>_1/`` folder."""
    for single in (FIXTURES / f"{code}_1.yaml", FIXTURES / "schedule" / f"{code}_1.yaml",
                   FIXTURES / "rules" / f"{code}_1.yaml"):
        if single.is_file():
            return [single]
    folder = FIXTURES / f"{code}_1"
    if folder.is_dir():
        return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    return []


def reported(code: str, target: Path) -> list[str]:
    """What ``portfolio check`` reports for ``target`` (load, then schedule), as it prints it (paths relative to the fixtures)."""
    try:
        from portfolio.checking import check  # noqa: PLC0415 - only needed when a fixture exists

        with _chdir(target.parent):
            diagnostics = check(target.name).diagnostics
    except Exception:  # a broken loader must not break the docs build
        return []
    lines = [str(d) for d in diagnostics]
    return [line for line in lines if f"[{code}]" in line] or lines


def page(entry: Code) -> str:
    """The Markdown page of one code."""
    parts = [
        f"# `{entry.code}`: {entry.title}",
        "",
        f"**Severity:** {entry.severity.value}. {_SEVERITY_NOTE[entry.severity]}",
        "",
        "## What it means",
        "",
        entry.explanation,
        "",
        "## How to fix it",
        "",
        entry.fix,
        "",
    ]
    files = fixture_files(entry.code)
    if files:
        parts += ["## Example", ""]
        for file in files:
            label = file.relative_to(FIXTURES).as_posix()
            text = file.read_text(encoding="utf-8", errors="replace").rstrip("\n")
            parts += [f'```yaml title="{label}"', text, "```", ""]
        target = files[0] if len(files) == 1 else FIXTURES / f"{entry.code}_1"
        lines = reported(entry.code, target)
        if lines:
            parts += ["`portfolio check` reports:", "", "```text", *lines, "```", ""]
    parts += [
        "## See also",
        "",
        "- [All diagnostic codes](index.md)",
        "- [The file format reference](../format.md)",
        *(f"- {link}" for link in _SEE_ALSO.get(entry.code, ())),
        "",
    ]
    return "\n".join(parts)


def index() -> str:
    """The Markdown index of all codes."""
    rows = [
        "# Diagnostics",
        "",
        "Loading, scheduling and checking a portfolio never stop at the first problem and never raise on bad",
        "data: they return *diagnostics*, all of them. Each has a stable code, a severity, the place it comes",
        "from and a hint, and `portfolio check` prints them as",
        "",
        "```text",
        _EXAMPLE_LINE,
        "```",
        "",
        "`portfolio check --format json` gives the same fields as JSON. In Python, every diagnostic is a",
        "[`Diagnostic`][portfolio.diagnostics.Diagnostic] record, and",
        "[`CODES`][portfolio.diagnostics.CODES] documents each code.",
        "",
        f"All {len(CODES)} codes:",
        "",
        "| code | severity | meaning |",
        "|---|---|---|",
    ]
    rows += [f"| [`{c.code}`]({c.code}.md) | {c.severity.value} | {c.title} |" for c in CODES.values()]
    rows.append("")
    return "\n".join(rows)


def main() -> None:
    """Write the pages through mkdocs-gen-files."""
    import mkdocs_gen_files  # noqa: PLC0415 - only available inside a docs build

    with mkdocs_gen_files.open(f"{OUT}/index.md", "w") as out:
        out.write(index())
    for entry in CODES.values():
        path = f"{OUT}/{entry.code}.md"
        with mkdocs_gen_files.open(path, "w") as out:
            out.write(page(entry))
        mkdocs_gen_files.set_edit_path(path, "gen_diagnostic_pages.py")


main()
