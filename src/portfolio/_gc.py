"""Pausing the cyclic garbage collector while a block makes many records that hold no cycle: `paused_gc`.

Loading, reading the load cache, building a schedule's records and the
report's data each make hundreds of thousands of small objects, none in a
cycle. With the collector running, a full collection started by those
allocations walks everything the program holds (the loaded portfolio
included) again: at 50,000 activities that made building a schedule's
records 4-5 times slower per record than at 10,000 (docs/performance.md).

Examples:
    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_gc"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (unless it was off already).

    Reading and loading make a few objects per value, none of which forms a
    cycle: the collector would only walk the growing data again and again.
    Measured on the 10,000-activity portfolio of ``benchmarks/bench_scale.py``:
    a cold load takes 1.9-2.4 s with the collector paused and 4.4 s with it
    running (same run, loaded machine). Nested use is fine; whatever it would
    have found is collected once the block ends; the collector's state is
    restored even when the block raises (``tests/test_yaml_reader_pinned.py``).

    At the end, the objects made in the block are moved to the collector's
    oldest generation without being walked (``gc.freeze()`` then
    ``gc.unfreeze()``, which also resets the young generation's count): switched
    back on, the collector would otherwise walk every one of them at the next
    allocation, 0.1-0.25 s after a 50,000-activity load or cached load. Whatever
    the program had in its young generations goes along (a cycle of garbage
    there waits for the next full collection). Skipped when the program has
    frozen objects of its own (``gc.get_freeze_count()``): unfreezing would
    thaw them.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()
