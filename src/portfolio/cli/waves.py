"""``portfolio waves PATH``: the levelled cutovers grouped into waves, with services, load and risks."""

from __future__ import annotations

import argparse
import csv
import io
import json
from typing import Any

from portfolio.cli._common import emit
from portfolio.cli.level import add_common, levelled

__all__ = ["add_parser", "run"]

_WORDS = {"nl": ("golf", "venster", "voorzieningen", "belasting", "risico's", "geen"),
          "en": ("wave", "window", "services", "load", "risks", "none")}
_LATE = {"nl": "{0} hangt af van {1}, dat later overgaat (golf {2}), zonder gedocumenteerde brug",
         "en": "{0} depends on {1}, which moves later (wave {2}), without a documented bridge"}
_OVER = {"nl": "{0} boven capaciteit", "en": "{0} over capacity"}


def add_parser(subparsers: Any) -> None:
    """Register the ``waves`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "waves", help="group the levelled cutovers into waves",
        description="Level the portfolio against its capacity: section and group the cutovers into waves "
        "(windows of --months calendar months): per wave its services, window, team load and risks (a "
        "service cut over before one it depends on). Exit status: 0 done, 1 the data has errors, 2 usage "
        "or I/O problem.")
    add_common(parser)
    parser.add_argument("--months", type=int, default=1, choices=range(1, 13), metavar="N",
                        help="the length of a wave's window in months (1-12, default 1)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``portfolio waves``."""
    from portfolio.capacity import waves  # noqa: PLC0415

    done = levelled(args, "waves")
    if isinstance(done, int):
        return done
    portfolio, capacity, result = done
    plan = waves(portfolio, capacity, result.levelled, months=args.months)
    out = io.StringIO()
    if args.format == "json":
        json.dump([{"wave": w.number, "start": w.start.isoformat(), "finish": w.finish.isoformat(),
                    "services": list(w.services), "cutovers": list(w.cutovers),
                    "load": [{"team": t, "planned": p, "available": a} for t, p, a in w.load],
                    "late_dependencies": [{"service": s, "depends_on": d, "wave": n}
                                          for s, d, n in w.late_dependencies],
                    "overloaded": list(w.overloaded)} for w in plan], out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("wave", "start", "finish", "service", "cutover"))
        for w in plan:
            writer.writerows((w.number, w.start.isoformat(), w.finish.isoformat(), a.split(".")[0], a)
                             for a in w.cutovers)
    else:
        wave, window, services, load, risks, none = _WORDS[args.lang]
        for w in plan:
            print(f"{wave} {w.number}  {window} {w.start.isoformat()} .. {w.finish.isoformat()}", file=out)
            print(f"  {services}: {', '.join(w.services)}", file=out)
            print(f"  {load}: " + ", ".join(f"{t} {p:g}/{a:g}" for t, p, a in w.load), file=out)
            found = [_LATE[args.lang].format(*late) for late in w.late_dependencies]
            found += [_OVER[args.lang].format(team) for team in w.overloaded]
            print(f"  {risks}: " + ("; ".join(found) or none), file=out)
    return emit("waves", out.getvalue(), args.output)
