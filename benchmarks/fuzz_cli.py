"""The large fuzz run: N mutants of the example (and of a generated MSPDI plan) through the command line.

Run: ``python benchmarks/fuzz_cli.py --mutants 10000 --jobs 2 --seed 1`` (``--timeout 20`` seconds per run).

Each mutant (``tests/fuzzing/mutator.py``: YAML-aware, byte-level,
file-system and MS Project XML mutations; a tenth also get a hostile
argument or standard output) goes through ``portfolio check``, ``schedule``,
``slippage``, ``history`` and ``report monthly`` as text, html and xlsx:
the command line's ``main(argv)`` in a worker process, standard output and
error in files. Per run it records an exception escaping ``main`` (a
traceback), a run silent for longer than the timeout (a hang: the worker is
killed and the mutant's later runs are skipped), a worker that died, an exit
status other than 0, 1 or 2, and each diagnostic printed without a file (or,
about content, without a line). It prints the figures, the tracebacks
grouped by crash signature (exception type and innermost frame in
``portfolio``), and saves a reproducer (the mutated tree and
``mutant.json``) per signature in the folder it names.
``--replay INDEX`` runs one mutant's commands here and prints what each did.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzzing.cli import handle, judge, run_cli, runs
from fuzzing.harness import drive, serve
from fuzzing.mutator import clear, materialise, mutant

# -- the driver -----------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:80]


def save_reproducer(folder: Path, number: int, sig: str, index: int, seed: int, found: dict[str, str]) -> Path:
    """Write mutant ``index`` (its tree and mutant.json) under ``folder``; the reproducer's folder."""
    item = mutant(seed, index)
    place = folder / f"{number:02d}-{_slug(sig)}"
    place.mkdir(parents=True, exist_ok=True)
    materialise(item, place)
    about = {"signature": sig, "seed": seed, "index": index, "kind": item.kind, "steps": item.steps,
             "file_system": item.fs, "target": item.target, "period": item.period, "command": found["step"],
             "detail": found["detail"], "replay": f"python benchmarks/fuzz_cli.py --seed {seed} --replay {index}"}
    (place / "mutant.json").write_text(json.dumps(about, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return place


def summarise(results: dict[int, dict[str, Any]], seed: int, elapsed: float, folder: Path) -> dict[str, Any]:
    """The figures of a run and a reproducer per signature (saved under ``folder``)."""
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    total = Counter[str]()
    first: dict[tuple[str, str], tuple[int, dict[str, str]]] = {}
    for index, result in sorted(results.items()):
        for p in result["problems"]:
            by_kind[p["kind"]][p["signature"]] += 1
            total[p["kind"]] += 1
            first.setdefault((p["kind"], p["signature"]), (index, p))
    reproducers = {}
    for number, ((kind, sig), (index, found)) in enumerate(sorted(first.items())):
        if kind in ("exception", "hang", "died", "bad-exit", "no-file"):
            reproducers[f"{kind}: {sig}"] = str(save_reproducer(folder, number, sig, index, seed, found))
    return {
        "seed": seed, "mutants": len(results), "runs": sum(r["runs"] for r in results.values()),
        "tracebacks": total["exception"], "signatures": len(by_kind.get("exception", ())),
        "hangs": total["hang"], "worker deaths": total["died"],
        "bad exit statuses": total["bad-exit"],
        "diagnostics without a file": total["no-file"],
        "diagnostics without a line": total["no-line"],
        "seconds": round(elapsed), "reproducers": str(folder),
        "groups": {kind: dict(counter.most_common()) for kind, counter in sorted(by_kind.items())},
        "examples": {f"{kind}: {sig}": {"mutant": index, "command": p["step"], "steps": mutant(seed, index).steps,
                                        "reproducer": reproducers.get(f"{kind}: {sig}")}
                     for (kind, sig), (index, p) in sorted(first.items())},
    }


def report(summary: dict[str, Any]) -> str:
    """The summary as text."""
    lines = [f"seed {summary['seed']}: {summary['mutants']} mutants, {summary['runs']} runs in {summary['seconds']} s",
             f"tracebacks: {summary['tracebacks']} ({summary['signatures']} signatures)",
             f"hangs: {summary['hangs']}", f"worker deaths: {summary['worker deaths']}",
             f"exit statuses other than 0, 1, 2: {summary['bad exit statuses']}",
             f"diagnostics without a file: {summary['diagnostics without a file']}",
             f"diagnostics without a line: {summary['diagnostics without a line']}"]
    for kind, counter in summary["groups"].items():
        lines.append(f"\n{kind}:")
        for sig, count in counter.items():
            example = summary["examples"][f"{kind}: {sig}"]
            lines.append(f"  {count:6d}  {sig}")
            lines.append(f"          e.g. mutant {example['mutant']} ({example['command']}): "
                         + "; ".join(example["steps"])[:300])
    lines.append(f"\nreproducers: {summary['reproducers']}")
    return "\n".join(lines)


def replay(seed: int, index: int) -> int:
    """Run mutant ``index`` here, printing each command's exit status and problems."""
    item = mutant(seed, index)
    print(f"mutant {index} of seed {seed} ({item.kind}): " + "; ".join(item.steps))
    with tempfile.TemporaryDirectory(prefix="portfolio-fuzz-replay-") as tmp:
        root = Path(tmp)
        path = materialise(item, root)
        out = root / "out"
        out.mkdir()
        for name, argv, mode, what in runs(item, path, out):
            code, crashes, output = run_cli(argv, out, mode)
            problems = judge(f"{name} [{what}]" if what else name, argv, code, crashes, output)
            print(f"{name} {what}: exit {code}; " + ("; ".join(p["signature"] for p in problems) or "fine"))
        clear(root)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzer (or a worker, or one replay)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutants", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="the first mutant's index (default 0)")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds a run may take (default 20)")
    parser.add_argument("--json", metavar="FILE", help="also write the summary as JSON")
    parser.add_argument("--replay", type=int, metavar="INDEX", help="run one mutant here and print what happened")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        from fuzzing.harness import channel  # noqa: PLC0415

        serve(lambda index, root, on_step: handle(args.seed, index, root, on_step), channel())
        return 0
    if args.replay is not None:
        return replay(args.seed, args.replay)
    started = time.monotonic()
    results = drive([sys.executable, __file__, "--worker", "--seed", str(args.seed)],
                    range(args.start, args.start + args.mutants), jobs=args.jobs, guard=args.timeout)
    folder = Path(tempfile.mkdtemp(prefix=f"portfolio-fuzz-seed{args.seed}-"))
    summary = summarise(results, args.seed, time.monotonic() - started, folder)
    print(report(summary))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if summary["tracebacks"] or summary["hangs"] or summary["diagnostics without a file"] else 0


if __name__ == "__main__":
    sys.exit(main())
