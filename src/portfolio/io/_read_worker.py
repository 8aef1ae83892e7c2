"""The helper process that reads part of a large portfolio's files (its side; ``io/_parallel.py`` is the loader's).

Started by `portfolio.io._parallel.read_files` as ``python -c BOOT``: it reads the request (the loader's
``sys.path``, its reader's file and the files, see ``_parallel.py``) from its standard input, then reads the
files from the last one backwards, each exactly as the loader reads it (`read_yaml_file`), and writes each
result to its standard output as one frame: the file's number and length (two 4-byte unsigned little-endian
numbers), then the pickled ``(data, diagnostics)``, the reader's mappings and lists packed by `packed_map` and
`packed_list` (their places as ints, no libyaml marks). It stops when its standard input closes (the loader has
read the rest itself, or is gone) or its output does; it imports the reader and what the reader needs (not
numpy, not the builders). Anything unexpected ends it without a frame for that file: the loader then reads the
file itself, with the same result or the same error.
"""

from __future__ import annotations

import copyreg
import io
import os
import pickle
import select
import struct
from pathlib import Path
from typing import Any, Final

from portfolio.io import _yaml_reader
from portfolio.io._yaml_reader import MList, MMap, packed_list, packed_map, read_yaml_file

__all__ = ["HEADER", "serve"]

HEADER: Final = struct.Struct("<II")
"""A frame's header: the file's number (its place in the request's list) and the length of the pickle."""


_PACKED: Final[dict[type, Any]] = {**copyreg.dispatch_table, MMap: packed_map, MList: packed_list}
"""How the helper pickles: the reader's mappings and lists packed (`packed_map`), so that no libyaml mark crosses."""


def _frame(number: int, result: Any) -> bytes:
    out = io.BytesIO()
    out.write(HEADER.pack(number, 0))
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _PACKED
    pickler.dump(result)
    frame = out.getbuffer()
    HEADER.pack_into(frame, 0, number, len(frame) - HEADER.size)
    return bytes(frame)


def _stopped(fd: int) -> bool:
    """Whether the loader has closed our input (readable without waiting: at its end, or anything more)."""
    return bool(select.select([fd], [], [], 0)[0])


def _write(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def serve(request: dict[str, Any], fd_in: int = 0, fd_out: int = 1) -> None:
    """Read the request's files from the last backwards, one frame each, until done or told to stop.

    Args:
        request: ``reader`` (the loader's ``_yaml_reader.py``: another version of the code sends nothing) and
            ``files`` (each file's path and its name in messages, in the loader's order).
        fd_in: the loader's end of the request (closed: stop).
        fd_out: where the frames go.
    """
    if request.get("reader") != _yaml_reader.__file__:
        return
    files: list[tuple[str, str]] = request["files"]
    try:
        for number in range(len(files) - 1, -1, -1):
            if _stopped(fd_in):
                return
            path, name = files[number]
            _write(fd_out, _frame(number, read_yaml_file(Path(path), name)))
    except OSError:  # the loader has gone, or stopped reading: nothing to tell it
        return
