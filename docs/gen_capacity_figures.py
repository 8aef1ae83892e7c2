"""Render the figures of docs/capacity.md (run by hand after a change; the PNG and the wave table are committed).

Run: ``python docs/gen_capacity_figures.py``. It levels the shipped example
against ``examples/logius/capacity.yaml``, draws the load chart into
``docs/img/capacity-load.png`` and writes the wave plan and the exit dates
between the ``<!-- generated:start -->`` and ``<!-- generated:end -->``
markers of ``docs/capacity.md``.
"""

from __future__ import annotations

import re
from pathlib import Path

from portfolio.capacity import exit_dates, level, read_capacity, waves
from portfolio.capacity.plot import load_chart
from portfolio.io import load
from portfolio.whatif import compare

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "logius"
PAGE = ROOT / "docs" / "capacity.md"


def main() -> None:
    portfolio = load(EXAMPLE).portfolio
    capacity, _ = read_capacity(EXAMPLE)
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
    text = PAGE.read_text(encoding="utf-8")
    block = "<!-- generated:start -->\n" + "\n".join(lines) + "\n<!-- generated:end -->"
    PAGE.write_text(re.sub(r"<!-- generated:start -->.*?<!-- generated:end -->", block, text, flags=re.S),
                    encoding="utf-8")


if __name__ == "__main__":
    main()
