"""The load cache alone: a cached load at 10k and 50k activities, its stages, and its growth exponent.

Run: ``python benchmarks/bench_cache.py`` (``--sizes 10000 50000 --repeat 9``; ``--fresh``: each cached
load in a new process, the imports and a load of the shipped example done before the timing, as
``bench_scale.py`` measures it and as a command runs it). The portfolio is
:func:`bench_scale`'s (``bench_load.generate`` plus one assignment per service), written to a temporary
folder with a temporary cache folder. The sizes take turns within one process, so they see the same
machine; each stage's figure is the median CPU time (``time.process_time``: waiting for a core is not in
it), with the median wall-clock time of the whole load beside it. Stages:

- ``key``: listing, reading and hashing the portfolio's files (``_cache._key``);
- ``read``: reading the entry; ``decode``: inflating it (also timed alone) and rebuilding the result;
- ``load``: the three together (what ``load(path, cache=True)`` does), and its wall-clock time.

Writes nothing into the documentation: the figures are quoted by hand in docs/performance.md ("Load cache").
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
import typing
import zlib
from pathlib import Path

from bench_load import generate
from bench_scale import add_assignments

from portfolio.io import _cache, load


def load_average() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def one(folder: Path) -> dict[str, float]:
    """One cached load of ``folder``, stage by stage as ``cached_load`` runs them (CPU seconds), and wall time."""
    given = str(folder)
    gc.collect()
    wall, begin = time.perf_counter(), time.process_time()
    key = _cache._key(folder, given)
    keyed = time.process_time()
    data = _cache._entry(folder, given).read_bytes()
    read = time.process_time()
    assert key is not None
    result = _cache.decode(data, key)
    done = time.process_time()
    wall = time.perf_counter() - wall
    del result
    begin_inflate = time.process_time()
    zlib.decompress(data)
    inflate = time.process_time() - begin_inflate
    return {"key": keyed - begin, "read": read - keyed, "inflate (in decode)": inflate, "decode": done - read,
            "load": done - begin, "wall": wall}


EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"

#: One cached load in a new process (the cache folder comes from the environment), stage by stage.
_FRESH = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from bench_cache import one
from portfolio.io import load
load(sys.argv[3], cache=False)  # what the loader imports on first use, outside the timing
print(json.dumps(one(Path(sys.argv[2]))))
"""


def fresh(folder: Path) -> dict[str, float]:
    """`one` in a new process (``--fresh``)."""
    done = subprocess.run([sys.executable, "-c", _FRESH, str(Path(__file__).resolve().parent), str(folder),
                           str(EXAMPLE)], capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        sys.exit(f"a cached load of {folder} in a new process failed:\n{done.stderr[-2000:]}")
    return typing.cast(dict[str, float], json.loads(done.stdout.splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=9, help="cached loads of each size (median)")
    parser.add_argument("--fresh", action="store_true", help="each cached load in a new process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, _cache.using(Path(tmp) / "cache"):
        folders = {}
        for size in args.sizes:
            folder = Path(tmp) / f"p{size}"
            generate(folder, max(size // 100, 1), 100)
            add_assignments(folder, max(size // 100, 1))
            begin = time.process_time()
            plain = load(folder, cache=True)  # a miss: loads the files and writes the entry
            written = time.process_time() - begin
            if load(folder, cache=True) != plain:
                sys.exit("the cache gave another result than the files")
            entry = _cache._entry(folder, str(folder))
            print(f"{size:,} activities: first load and write {written:.2f} s CPU; entry {entry.stat().st_size:,} "
                  f"bytes (format {_cache.FORMAT})")
            folders[size] = folder
            del plain
        before = load_average()
        runs: dict[int, list[dict[str, float]]] = {size: [] for size in args.sizes}
        for _ in range(args.repeat):
            for size, folder in folders.items():
                runs[size].append(fresh(folder) if args.fresh else one(folder))
        print(f"Python {sys.version.split()[0]}; load average (1 minute) {before:.1f} -> {load_average():.1f}; "
              f"medians of {args.repeat} runs{' in new processes' if args.fresh else ''}, CPU seconds "
              "(wall: the whole load)")
        print(f"| stage | {' | '.join(f'{s:,}' for s in args.sizes)} |")
        print(f"|---|{'---:|' * len(args.sizes)}")
        medians = {size: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for size, rs in runs.items()}
        for stage in ("key", "read", "inflate (in decode)", "decode", "load", "wall"):
            print(f"| {stage} | {' | '.join(f'{medians[s][stage]:.3f} s' for s in args.sizes)} |")
        if len(args.sizes) >= 2:
            low, high = args.sizes[0], args.sizes[-1]
            growth = math.log(medians[high]["load"] / medians[low]["load"]) / math.log(high / low)
            print(f"growth exponent {low:,} -> {high:,} (CPU): {growth:.2f}")


if __name__ == "__main__":
    main()
