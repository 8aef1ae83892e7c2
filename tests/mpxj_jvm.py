"""MPXJ in a running JVM for the oracle tests: one start-up, one set of reasons to skip.

Every oracle test module asks :func:`classes` for the Java classes it needs
(by short name -> fully qualified name) from its module-scoped fixture. The
test is skipped, saying why, without Java on the PATH, without the
``oracle`` extra (jpype1 and mpxj), when the JVM does not start, or when this
MPXJ lacks a class (an MPXJ without ``org.mpxj.cpm`` has no scheduler to
compare with).
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from typing import Any

import pytest

#: MPXJ's reader and its MS Project scheduler: what the file-based oracles use.
READER_AND_SCHEDULER = {
    "reader": "org.mpxj.reader.UniversalProjectReader",
    "scheduler": "org.mpxj.cpm.MicrosoftScheduler",
    "TimeUnit": "org.mpxj.TimeUnit",
}
#: MPXJ's object model and scheduler: what the oracles that build plans in Java use.
OBJECT_MODEL = {
    **{name: f"org.mpxj.{name}" for name in ("ProjectFile", "Duration", "TimeUnit", "RelationType", "Relation", "TaskMode")},
    "LocalDateTime": "java.time.LocalDateTime",
    "MicrosoftScheduler": "org.mpxj.cpm.MicrosoftScheduler",
}


def classes(names: Mapping[str, str]) -> dict[str, Any]:
    """The Java classes ``names`` asks for (key -> class), in a running JVM; skips the test when there is none."""
    if shutil.which("java") is None:
        pytest.skip("no java on PATH")
    jpype = pytest.importorskip("jpype")
    pytest.importorskip("mpxj")  # puts MPXJ's jars on the class path
    if not jpype.isJVMStarted():
        try:
            jpype.startJVM()
        except Exception as error:  # any failure to start: no oracle here
            pytest.skip(f"the JVM does not start: {error}")
    try:
        return {key: jpype.JClass(name) for key, name in names.items()}
    except Exception as error:  # e.g. an MPXJ without org.mpxj.cpm is no oracle
        pytest.skip(f"this MPXJ lacks a class the oracle needs: {error}")
