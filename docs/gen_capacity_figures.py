"""Render the figures of docs/capacity.md (run by hand after a change; the PNG and the wave table are committed).

Run: ``python docs/gen_capacity_figures.py``. It levels the shipped example
against ``examples/logius/capacity.yaml``, draws the load chart into
``docs/img/capacity-load.png``, writes the wave plan and the exit dates
between the ``<!-- generated:start -->`` and ``<!-- generated:end -->``
markers of ``docs/capacity.md``, and the wave plan of the December 2023
monthly report (English Markdown) between ``<!-- generated-report:start -->``
and ``<!-- generated-report:end -->``.
"""

from __future__ import annotations

import re
from pathlib import Path

from portfolio.capacity import exit_dates, level, waves
from portfolio.capacity.plot import load_chart
from portfolio.io import load
from portfolio.model import Portfolio
from portfolio.report import monthly_report, render
from portfolio.whatif import compare

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "logius"
PAGE = ROOT / "docs" / "capacity.md"


def main() -> None:
    portfolio = load(EXAMPLE).portfolio
    capacity = portfolio.capacity
    result = level(portfolio, capacity)
    fig = load_chart(portfolio, capacity, result.levelled, before=result.base,
                     title="Logius example: load per team per month (levelled) against capacity")
    fig.savefig(ROOT / "docs" / "img" / "capacity-load.png", dpi=110)
    moved = compare(result.base, result.levelled, portfolio=portfolio)
    lines = ["| platform | exit, CPM | exit, levelled |", "|---|---|---|"]
    after = exit_dates(portfolio, result.levelled)
    lines += [f"| {p} | {d.isoformat()} | {after[p].isoformat()} |" for p, d in exit_dates(portfolio, result.base).items()]
    lines += ["", f"{len(result.delays)} activities start later; {len(moved.moved)} activities moved in all.", "",
              "| wave | window | services | load (planned / available FTE-days) | risks |", "|---|---|---|---|---|"]
    for w in waves(portfolio, capacity, result.levelled, months=3):
        load_text = ", ".join(f"{t} {p:g}/{a:g}" for t, p, a in w.load)
        risks = [f"{s} before {d} (wave {n})" for s, d, n in w.late_dependencies]
        risks += [f"{t} overloaded" for t in w.overloaded]
        lines.append(f"| {w.number} | {w.start.isoformat()} .. {w.finish.isoformat()} | {', '.join(w.services)} | "
                     f"{load_text} | {'; '.join(risks) or '-'} |")
    text = _replace(PAGE.read_text(encoding="utf-8"), "generated", "\n".join(lines))
    PAGE.write_text(_replace(text, "generated-report", _report_section(portfolio)), encoding="utf-8")


def _report_section(portfolio: Portfolio) -> str:
    """The wave plan of the example's December 2023 report, as its English Markdown shows it (headings one down)."""
    markdown = render(monthly_report(portfolio, "2023-12"), "md", lang="en").decode()
    section = markdown[markdown.index("## Wave plan"):]
    section = section[: section.index("\n## ", 1)].strip()
    return section.replace("## Wave plan", "### Wave plan", 1)


def _replace(text: str, marker: str, body: str) -> str:
    """``text`` with the part between ``<!-- marker:start -->`` and ``<!-- marker:end -->`` made ``body``."""
    block = f"<!-- {marker}:start -->\n{body}\n<!-- {marker}:end -->"
    return re.sub(rf"<!-- {marker}:start -->.*?<!-- {marker}:end -->", lambda _: block, text, flags=re.S)


if __name__ == "__main__":
    main()
