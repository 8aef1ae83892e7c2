"""Write a baseline file: the planned dates of a schedule, as YAML the loader reads back unchanged.

The file is written by the project's atomic writer ([`portfolio.report.files.write_atomic`][portfolio.report.files.write_atomic]:
the same mode as every other output, fsynced, the folder too), and an existing
file is never replaced unless ``force`` is given.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from portfolio._atomic import write_atomic
from portfolio.model import Baseline

__all__ = ["BaselineExistsError", "baseline_yaml", "write_baseline"]


class BaselineExistsError(FileExistsError):
    """The baseline file exists and ``force`` was not given."""


def _scalar(text: str) -> str:
    """A YAML scalar that reads back as exactly ``text`` (quoted when plain YAML would change it)."""
    try:
        plain_ok = yaml.safe_load(text) == text and "\n" not in text and text.strip() == text and text != ""
    except yaml.YAMLError:
        plain_ok = False
    if plain_ok and not any(ch in text for ch in ":#{}[],&*!|>'\"%@`"):
        return text
    return json.dumps(text, ensure_ascii=False)


def baseline_yaml(baseline: Baseline, *, header: str = "") -> str:
    """The YAML text of a baseline file.

    Examples:
        >>> import datetime as dt
        >>> from portfolio.model import BaselineEntry
        >>> b = Baseline(name="plan-2024", captured=dt.date(2024, 1, 31), entries={
        ...     "a.build": BaselineEntry(activity="a.build", start=dt.date(2024, 1, 8), finish=dt.date(2024, 1, 19))})
        >>> print(baseline_yaml(b), end="")
        baseline:
          name: plan-2024
          captured: 2024-01-31
          current: false
          activities:
            a.build: {start: 2024-01-08, finish: 2024-01-19}
    """
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += ["baseline:", f"  name: {_scalar(baseline.name)}"]
    if baseline.title:
        lines.append(f"  title: {_scalar(baseline.title)}")
    if baseline.captured is not None:
        lines.append(f"  captured: {baseline.captured.isoformat()}")
    lines.append(f"  current: {'true' if baseline.current else 'false'}")
    if baseline.replaces:
        lines.append(f"  replaces: {_scalar(baseline.replaces)}")
    if baseline.reason:
        lines.append(f"  reason: {_scalar(baseline.reason)}")
    if baseline.entries:
        lines.append("  activities:")
        for key, entry in baseline.entries.items():
            lines.append(f"    {_scalar(key)}: {{start: {entry.start.isoformat()}, finish: {entry.finish.isoformat()}}}")
    else:
        lines.append("  activities: {}")
    return "\n".join(lines) + "\n"


def write_baseline(baseline: Baseline, path: Path | str, *, force: bool = False, header: str = "") -> Path:
    """Write ``baseline`` to ``path`` atomically; BaselineExistsError when it exists and not ``force``.

    Examples:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> write_baseline(Baseline(name="b"), folder / "b.yaml").name
        'b.yaml'
        >>> write_baseline(Baseline(name="b"), folder / "b.yaml")
        Traceback (most recent call last):
        ...
        portfolio.io.baseline_writer.BaselineExistsError: ...b.yaml exists; a baseline is a record: choose another name or force
    """
    path = Path(path)
    if path.exists() and not force:
        raise BaselineExistsError(f"{path} exists; a baseline is a record: choose another name or force")
    path.parent.mkdir(parents=True, exist_ok=True)
    data = baseline_yaml(baseline, header=header).encode("utf-8")
    try:
        write_atomic(path, data, replace=force)
    except FileExistsError:  # the file appeared meanwhile: never a silent overwrite
        raise BaselineExistsError(f"{path} exists; a baseline is a record: choose another name or force") from None
    return path
