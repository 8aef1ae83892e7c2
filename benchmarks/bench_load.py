"""Benchmark of the YAML loader on a generated portfolio of 10,000 activities.

Run: ``python benchmarks/bench_load.py`` (``--services 100 --activities 100 --repeat 5``).

The generated folder has ``portfolio.yaml``, ``platforms.yaml``, one file per
service under ``services/`` (each service with one migration; its
activities have about three predecessors each, written in the three ``after:``
forms: local id, ``id TYPE+lag`` and a mapping, some pointing at the platform's
readiness milestone by full id), a baseline with dates for every activity
and a status update with progress for a tenth of them. Reported: the
median and min/max wall-clock time and the median CPU time of a cold ``load()``
(no cache) and of a cached one (a warm entry in a temporary cache folder) over
``--repeat`` runs, the peak memory of a cold load (tracemalloc, measured in a
separate run because tracing slows the loader down), and the same for the
shipped example ``examples/logius``. For reference, measured in the same run on
the same files: the located reader alone (``read_yaml_file``) and a plain
``yaml.load`` with libyaml's C loader (no line numbers, no limits), with the
ratio of the cold load to it; and the CPU time of each phase of a cold load
(reading, the sections' read, declare and build phases, the cycle check), not
in the table. ``--write docs/performance.md`` puts the table between the page's
``<!-- bench_load -->`` markers ("Loading").
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import yaml

from portfolio.io import _cache, load
from portfolio.io._yaml_reader import paused_gc, read_yaml_file

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


def cpu_seconds() -> float:
    """This process's CPU time and its ended children's: the helper process that reads part of a large
    portfolio's files (``io/_parallel.py``) counts too."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def measure(path: Path, files: list[Path], repeat: int) -> dict[str, Any]:
    """Wall-clock and CPU times of ``repeat`` cold loads, cached loads, reader passes and plain ``yaml.load``
    passes (interleaved, so that a busy machine slows all four alike), the peak memory of one traced load, and
    the counts. The previous result is dropped before each timed run (freeing it is no part of the next load)."""
    times: dict[str, list[float]] = {name: [] for name in ("load", "cached", "reader", "plain")}
    cpu: dict[str, list[float]] = {name: [] for name in times}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def timed(name: str, run: Any) -> Any:
        gc.collect()
        begin, begin_cpu = time.perf_counter(), cpu_seconds()
        found = run()
        cpu[name].append(cpu_seconds() - begin_cpu)
        times[name].append(time.perf_counter() - begin)
        return found

    with tempfile.TemporaryDirectory() as cache, _cache.using(cache):
        result = load(path, cache=True)  # writes the entry
        for _ in range(repeat):
            result = None
            result = timed("load", lambda: load(path, cache=False))
            again = timed("cached", lambda: load(path, cache=True))
            if again != result:
                sys.exit("the cache gave another result than the files")
            again = None
            timed("reader", lambda: [read_yaml_file(file) for file in files])
            timed("plain", lambda: [yaml.load(file.read_bytes(), Loader=loader) for file in files])
    gc.collect()
    tracemalloc.start()
    load(path, cache=False)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result is not None
    return {
        "times": times,
        "cpu": cpu,
        "peak": peak,
        "activities": len(result.portfolio.activities),
        "relations": len(result.portfolio.relations),
        "diagnostics": len(result.diagnostics),
    }


def phases(path: Path, repeat: int) -> dict[str, float]:
    """The median CPU seconds of each phase of a cold load, run one after the other as ``load_portfolio`` runs
    them: reading the files (the YAML reader), the read phase of the sections (raw records), the declare phase
    (ids), the build phase of each section (the model records; the two slowest by name), and the cycle check
    (``graph.py``) with the portfolio record."""
    from portfolio.graph import cycle_diagnostics  # noqa: PLC0415 - the phases only
    from portfolio.io import yaml as loader  # noqa: PLC0415
    from portfolio.io._sections import BUILDERS  # noqa: PLC0415

    found: dict[str, list[float]] = {}
    files = loader.portfolio_files(path)
    for _ in range(repeat):
        gc.collect()
        with paused_gc():
            clock = time.process_time()
            one = loader._Loader(path)
            read = [(str(file), read_yaml_file(file, str(file))[0]) for file in files]
            marks = {"reading": time.process_time()}
            for name, data in read:
                if data is not None:
                    one.read_sections(data, name)
            marks["sections (read phase)"] = time.process_time()
            context = one.context
            for section in BUILDERS.values():
                if section.declare is not None:
                    section.declare(context)
            marks["ids (declare phase)"] = time.process_time()
            builds = {}
            for key, section in BUILDERS.items():
                if section.build is not None:
                    begin = time.process_time()
                    context.built.update(section.build(context))
                    builds[key] = time.process_time() - begin
            marks["build phase"] = time.process_time()
            cycle_diagnostics(loader.Portfolio(**context.built))
            marks["portfolio and cycle check"] = time.process_time()
        for name, at in marks.items():
            found.setdefault(name, []).append(at - clock)
            clock = at
        for key in sorted(builds, key=builds.__getitem__)[-2:]:
            found.setdefault(f"  of which {key}", []).append(builds[key])
        del read, one, context
    return {name: statistics.median(values) for name, values in found.items()}


def report(label: str, path: Path, repeat: int) -> list[str]:
    """Print the figures of one portfolio; return its row of the table."""
    files = sorted(p for p in path.rglob("*.y*ml"))
    size = sum(p.stat().st_size for p in files)
    found = measure(path, files, repeat)
    times, cpu = found["times"], found["cpu"]
    median = {key: statistics.median(values) for key, values in times.items()}
    median_cpu = {key: statistics.median(values) for key, values in cpu.items()}
    print(f"{label}")
    print(f"  files        {len(files):>10,}   ({size / 1e6:.1f} MB)")
    print(f"  activities   {found['activities']:>10,}")
    print(f"  relations    {found['relations']:>10,}")
    print(f"  diagnostics  {found['diagnostics']:>10,}")
    for key, what in (("load", "load, cold"), ("cached", "load, cached"), ("reader", "reader only"),
                      ("plain", "yaml.load")):
        print(f"  {what:<13}{median[key]:>10.3f} s   (CPU {median_cpu[key]:.3f} s; "
              f"min {min(times[key]):.3f}, max {max(times[key]):.3f}, n={repeat})")
    print(f"  peak memory  {found['peak'] / 2**20:>10.1f} MiB (tracemalloc, one extra cold load)")
    ratio = median_cpu["load"] / median_cpu["plain"]
    print(f"  ratio        {ratio:>10.2f}    (cold load / yaml.load, CPU, same run)")
    print("  phases of a cold load (CPU, medians):")
    for phase, seconds in phases(path, repeat).items():
        print(f"    {phase:<27}{seconds:>8.3f} s")
    return [(f"| {label} | {len(files):,} ({size / 1e6:.1f} MB) | {found['activities']:,} | {found['relations']:,} | "
            f"**{median['load']:.2f} s** ({median_cpu['load']:.2f} s) | {median['cached']:.3f} s "
            f"({median_cpu['cached']:.3f} s) | {median['reader']:.2f} s ({median_cpu['reader']:.2f} s) | "
            f"{median['plain']:.2f} s ({median_cpu['plain']:.2f} s) | {ratio:.2f} | {found['peak'] / 2**20:.0f} MiB |")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100)
    parser.add_argument("--activities", type=int, default=100, help="activities per service")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", type=Path, help="write the table into this markdown file (docs/performance.md), "
                        "between its lines <!-- bench_load --> and <!-- /bench_load -->")
    args = parser.parse_args()
    from _tables import load_average, write_block  # noqa: PLC0415 - beside this script; tests import generate() only

    about = f"Python {sys.version.split()[0]} on {platform.machine()} {platform.system()}"
    print(about)
    before = load_average()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "portfolio"
        count = generate(folder, args.services, args.activities)
        rows += report(f"generated, {count:,} activities", folder, args.repeat)
    if EXAMPLE.is_dir():
        rows += report(f"`{EXAMPLE.relative_to(EXAMPLE.parent.parent).as_posix()}`", EXAMPLE, args.repeat)
    else:
        print(f"example: {EXAMPLE} not found, skipped")
    print(f"{before} at the start, {load_average()} at the end")
    if args.write:
        command = "python benchmarks/bench_load.py " + " ".join(sys.argv[1:])
        write_block(args.write, "bench_load", [
            (f"Medians of {args.repeat} runs, wall-clock time with the CPU time in brackets; {about}, "
            f"{before} at the start, {load_average()} at the end."), "",
            ("| portfolio | files | activities | relations | load, cold | load, cached | reader alone | "
            "plain `yaml.load` (C) | cold / `yaml.load` (CPU) | peak memory (cold) |"),
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|", *rows, "", "Command:", "", "```", command, "```"])


if __name__ == "__main__":
    main()
