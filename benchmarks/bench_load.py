"""Benchmark of the YAML loader on a generated portfolio of 10,000 activities.

Run: ``python benchmarks/bench_load.py`` (``--services 100 --activities 100 --repeat 5``).

The generated folder has ``portfolio.yaml``, ``platforms.yaml``, one file per
service under ``services/`` (each service with one migration; its
activities have about three predecessors each, written in the three ``after:``
forms: local id, ``id TYPE+lag`` and a mapping, some pointing at the platform's
readiness milestone by full id), a baseline with dates for every activity
and a status update with progress for a tenth of them. Reported: the
median and min/max wall-clock time of ``load()`` over ``--repeat`` runs, its
peak memory (tracemalloc, measured in a separate run because tracing slows
the loader down), and the same for the shipped example ``examples/logius``.
For reference, measured in the same run on the same files: the located
reader alone (``read_yaml_file``) and a plain ``yaml.load`` with libyaml's C
loader (no line numbers, no limits), with the ratio of ``load()`` to it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import yaml

from portfolio.io import load
from portfolio.io._yaml_reader import read_yaml_file

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "logius"


def generate(folder: Path, services: int, activities: int, seed: int = 1) -> int:
    """Write a portfolio of ``services`` x ``activities`` activities into ``folder``; return the activity count."""
    rng = random.Random(seed)
    (folder / "services").mkdir(parents=True)
    (folder / "baselines").mkdir()
    (folder / "status").mkdir()
    (folder / "portfolio.yaml").write_text(
        "portfolio:\n  name: Benchmark\n  start: 2024-01-02\n  calendar: rijk\n", encoding="utf-8"
    )
    (folder / "platforms.yaml").write_text(
        "platforms:\n"
        "  - {id: easi, name: EASI, kind: legacy}\n"
        "  - id: lpc\n    name: LPC\n    kind: private-cloud\n    ready: ready\n"
        "    activities:\n      - {id: build, duration: 40d}\n      - {id: ready, kind: readiness, after: [build]}\n",
        encoding="utf-8",
    )
    start = dt.date(2024, 1, 2)
    baseline = ["baseline:", "  name: original", "  current: true", "  captured: 2024-01-01", "  activities:"]
    status = ["status:", "  date: 2024-03-29", "  activities:"]
    count = 0
    for s in range(services):
        sid = f"svc{s:03d}"
        lines = [
            "services:",
            f"  - id: {sid}",
            f"    name: Service {s}",
            "    platform: easi",
            "    availability_norm: 99.8",
            "    migrations:",
            "      - id: move",
            "        source: easi",
            "        target: lpc",
            "        approach: replatform",
            "        activities:",
        ]
        for a in range(activities):
            aid = f"a{a:03d}"
            lines.append(f"          - id: {aid}")
            lines.append(f"            name: Activity {a} of service {s}")
            lines.append(f"            duration: {rng.choice(['0d', '5d', '10d', '3w', '1mo', '10ed'])}")
            preds = sorted(rng.sample(range(max(0, a - 10), a), min(a, 3)))
            if preds:
                entries = []
                for i, p in enumerate(preds):
                    form = (a + i) % 3
                    if form == 0:
                        entries.append(f"a{p:03d}")
                    elif form == 1:
                        entries.append(f"a{p:03d} SS+{rng.randint(0, 5)}d")
                    else:
                        entries.append(f"{{id: a{p:03d}, type: FF, lag: -1d}}")
                if a == activities - 1:
                    entries.append("lpc.ready FS+5d")
                lines.append(f"            after: [{', '.join(entries)}]")
            if a % 25 == 0:
                lines.append("            constraint: SNET 2024-02-01")
            day = start + dt.timedelta(days=a)
            baseline.append(f"    {sid}.{aid}: [{day}, {day + dt.timedelta(days=7)}]")
            if a % 10 == 0 and a < 80:
                status.append(f"    {sid}.{aid}: {{actual_start: {day}, percent_complete: 50, remaining: 3d}}")
            count += 1
        (folder / "services" / f"{sid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "baselines" / "original.yaml").write_text("\n".join(baseline) + "\n", encoding="utf-8")
    (folder / "status" / "2024-03-29.yaml").write_text("\n".join(status) + "\n", encoding="utf-8")
    return count


def measure(path: Path, files: list[Path], repeat: int) -> dict[str, Any]:
    """Times of ``repeat`` loads, of our reader and of a plain ``yaml.load`` (interleaved, so that
    a busy machine slows all three alike), the peak memory of one traced load, and the counts."""
    times: dict[str, list[float]] = {"load": [], "reader": [], "plain": []}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    result = None
    for _ in range(repeat):
        gc.collect()
        begin = time.perf_counter()
        result = load(path)
        times["load"].append(time.perf_counter() - begin)
        gc.collect()
        begin = time.perf_counter()
        for file in files:
            read_yaml_file(file)
        times["reader"].append(time.perf_counter() - begin)
        gc.collect()
        begin = time.perf_counter()
        for file in files:
            yaml.load(file.read_bytes(), Loader=loader)
        times["plain"].append(time.perf_counter() - begin)
    gc.collect()
    tracemalloc.start()
    load(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result is not None
    return {
        "times": times,
        "peak": peak,
        "activities": len(result.portfolio.activities),
        "relations": len(result.portfolio.relations),
        "diagnostics": len(result.diagnostics),
    }


def report(label: str, path: Path, repeat: int) -> None:
    files = sorted(p for p in path.rglob("*.y*ml"))
    size = sum(p.stat().st_size for p in files)
    found = measure(path, files, repeat)
    times = found["times"]
    median = {key: statistics.median(values) for key, values in times.items()}
    print(f"{label}")
    print(f"  files        {len(files):>10,}   ({size / 1e6:.1f} MB)")
    print(f"  activities   {found['activities']:>10,}")
    print(f"  relations    {found['relations']:>10,}")
    print(f"  diagnostics  {found['diagnostics']:>10,}")
    print(
        f"  load median  {median['load']:>10.3f} s   "
        f"(min {min(times['load']):.3f}, max {max(times['load']):.3f}, n={repeat})"
    )
    print(f"  peak memory  {found['peak'] / 2**20:>10.1f} MiB (tracemalloc, one extra run)")
    print(f"  reader only  {median['reader']:>10.3f} s   (read_yaml_file on every file, median)")
    print(f"  yaml.load    {median['plain']:>10.3f} s   (libyaml C loader, no marks or limits, median)")
    print(f"  ratio        {median['load'] / median['plain']:>10.2f}    (load / yaml.load, same run)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100)
    parser.add_argument("--activities", type=int, default=100, help="activities per service")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]} on {platform.machine()} {platform.system()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "portfolio"
        count = generate(folder, args.services, args.activities)
        report(f"generated: {args.services} services x {args.activities} activities = {count:,}", folder, args.repeat)
    if EXAMPLE.is_dir():
        report(f"example: {EXAMPLE.relative_to(EXAMPLE.parent.parent)}", EXAMPLE, args.repeat)
    else:
        print(f"example: {EXAMPLE} not found, skipped")


if __name__ == "__main__":
    main()
