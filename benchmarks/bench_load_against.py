"""A cold and a cached load of this checkout against another's, alternating in new processes, with ratios.

Run: ``python benchmarks/bench_load_against.py --against OTHER/src`` (``--services 500 --rounds 7``; ``--folder F``
loads F instead of generating one; ``--quiet`` starts each pair at a quiet moment, ``--cold-only``). Prints, never writes: the figures go into docs/performance.md by hand.

On this shared machine the speed moves by a fifth between runs minutes apart, so two versions are compared in
the same run, alternating (base first in even rounds, this checkout first in odd ones), each load in a new process
with the loader's on-use imports done first (as ``bench_scale.py`` times them), and the ratios are the medians of
the per-round ratios of CPU seconds (the loading process's and its helper process's, ``io/_parallel.py``) and of
wall-clock seconds. The portfolio is ``bench_scale.py``'s (``bench_load.generate`` with one
running assignment per service); each version keeps its own cache folder (its entries are its own: the key holds
the code).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_load import generate
from bench_scale import EXAMPLE, add_assignments

HERE = Path(__file__).resolve().parents[1] / "src"

_CHILD = """
import json, resource, sys, time
import portfolio
from portfolio.io import load
def cpu():  # this process's and its ended children's: a helper process that reads files counts too
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime
folder, mode, warm = sys.argv[1:4]
load(warm, cache=False)  # what the loader imports on first use, outside the timing
begin, began = time.perf_counter(), cpu()
load(folder, cache=mode == "cached")
print(json.dumps([time.perf_counter() - begin, cpu() - began, portfolio.__file__]))
"""


def one(src: Path, cache: Path, folder: Path, mode: str) -> tuple[float, float]:
    """The wall and CPU seconds of one load (``mode`` cold or cached) of ``folder`` by the ``portfolio`` under
    ``src`` (CPU: the loading process's and any helper process's it ended)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PORTFOLIO_NO_CACHE", "PYTHONPATH")}
    env |= {"PYTHONPATH": str(src), "PORTFOLIO_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", _CHILD, str(folder), mode, str(EXAMPLE)], env=env,
                          capture_output=True, text=True, check=False, timeout=900)
    if done.returncode:
        sys.exit(f"loading with {src} failed:\n{done.stderr[-2000:]}")
    wall, cpu, where = json.loads(done.stdout)
    if not Path(where).resolve().is_relative_to(src.resolve()):
        sys.exit(f"{src}: python imported portfolio from {where}")
    return float(wall), float(cpu)


def others_running() -> int:
    """Threads running or ready to run besides this one (Linux's ``/proc/loadavg``; elsewhere 0)."""
    try:
        with open("/proc/loadavg", encoding="ascii") as numbers:
            return max(0, int(numbers.read().split()[3].split("/")[0]) - 1)
    except (OSError, ValueError, IndexError):
        return 0


def wait_quiet(limit: float = 120.0) -> bool:
    """Wait (at most ``limit`` seconds) until no other thread has been runnable for half a second."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        for _ in range(20):
            if others_running():
                break
            time.sleep(0.025)
        else:
            return True
        time.sleep(0.1)
    return False


def compare(folder: Path, against: Path, rounds: int, tmp: Path, *, quiet: bool = False,
            cold_only: bool = False) -> list[str]:
    """Two lines per mode, CPU and wall: each version's median seconds and the median of the per-round ratios."""
    versions = {"other": against, "this": HERE}
    caches = {name: tmp / f"cache-{name}" for name in versions}
    for name, src in versions.items():
        one(src, caches[name], folder, "cached")  # writes the entry the cached loads read
    lines = []
    for mode in ("cold",) if cold_only else ("cold", "cached"):
        taken: dict[str, list[tuple[float, float]]] = {name: [] for name in versions}
        calm = 0
        for turn in range(rounds):
            calm += quiet and wait_quiet()
            for name in (("other", "this") if turn % 2 == 0 else ("this", "other")):
                taken[name].append(one(versions[name], caches[name], folder, mode))
        for which, measure in ((1, "CPU"), (0, "wall")):
            other = [pair[which] for pair in taken["other"]]
            this = [pair[which] for pair in taken["this"]]
            ratio = statistics.median(b / a for a, b in zip(other, this, strict=True))
            lines.append(f"{mode} load, {measure}: other {statistics.median(other):.3f} s, this "
                         f"{statistics.median(this):.3f} s (medians of {rounds}); "
                         f"this / other {ratio:.3f} (median of the rounds' ratios)"
                         + (f"; {calm} of {rounds} pairs began quiet" if quiet else ""))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, required=True, help="the other checkout's src folder")
    parser.add_argument("--folder", type=Path, help="a portfolio folder to load (else one is generated)")
    parser.add_argument("--services", type=int, default=500, help="services of 100 activities to generate")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--quiet", action="store_true",
                        help="start each pair once no other thread has been runnable for 0.5 s (waits up to 2 min)")
    parser.add_argument("--cold-only", action="store_true", help="leave out the cached loads")
    args = parser.parse_args()
    if args.rounds < 1 or not (args.against / "portfolio").is_dir():
        parser.error("--rounds must be at least 1 and --against a src folder holding portfolio/")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if folder is None:
            folder = Path(tmp) / "portfolio"
            generate(folder, args.services, 100)
            add_assignments(folder, args.services)
        before = os.getloadavg()[0]
        lines = compare(folder, args.against, args.rounds, Path(tmp), quiet=args.quiet, cold_only=args.cold_only)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, {folder}; load average {before:.1f} → "
          f"{os.getloadavg()[0]:.1f}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
