"""The report pages' templates in one process: compiled from source on each run, or from their compiled module.

Run: ``python benchmarks/bench_templates.py`` (``--repeat 9``).

For each page of the example (monthly 2023-08, four-monthly 2023-T2, Dutch)
a new environment gets the template and renders it, as one report does:
"from source" with the package's templates compiled now (Jinja2 lexes, parses,
generates Python and compiles it: the code before ``report/_compiled/``),
"module" through the compiled module with its byte code cached (as an
installed package has it: the byte code goes to a temporary
``sys.pycache_prefix`` here, whatever ``PYTHONDONTWRITEBYTECODE`` says),
and "module, no byte code" compiling the module's Python each time (a
checkout run with ``PYTHONDONTWRITEBYTECODE``). The three alternate, run by
run; the table gives medians of get_template alone and of get_template plus
render, and each against "from source". ``import numpy`` in a new process is
this machine's speed in the same run.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from portfolio import __version__
from portfolio.io import load
from portfolio.report import _templates, four_monthly_html, four_monthly_render, html
from portfolio.report.data import monthly_report
from portfolio.report.four_monthly import four_monthly_report
from portfolio.report.i18n import Words

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"


def contexts() -> dict[str, dict[str, Any]]:
    """What each page's template renders, for the example in Dutch."""
    portfolio = load(EXAMPLE).portfolio
    span = four_monthly_report(portfolio, "2023-T2")
    w = Words("nl", unit=span.day_unit)
    return {
        "monthly.html.j2": html._page_context(monthly_report(portfolio, "2023-08"), "nl"),
        "four_monthly.html.j2": four_monthly_html._page_context(
            span, w, title=four_monthly_render._title(span, w), header=four_monthly_render._header(span, w),
            generated=__version__),
    }


def ways(folder: Path) -> dict[str, Callable[[], jinja2.Environment]]:
    """A new environment of each kind (the byte code of the modules kept in, or kept out of, ``folder``)."""

    def cached() -> jinja2.Environment:
        sys.dont_write_bytecode, sys.pycache_prefix = False, str(folder)
        return _templates.environment()

    def uncached() -> jinja2.Environment:
        sys.dont_write_bytecode, sys.pycache_prefix = True, tempfile.mkdtemp(dir=folder)  # empty: nothing to read
        return _templates.environment()

    return {"from source": lambda: _templates.environment(jinja2.PackageLoader("portfolio.report", "templates")),
            "module": cached, "module, no byte code": uncached}


def once(make: Callable[[], jinja2.Environment], name: str, context: dict[str, Any]) -> tuple[float, float]:
    """Seconds of a new environment's get_template, and of that plus render."""
    begin = time.perf_counter()
    template = make().get_template(name)
    got = time.perf_counter() - begin
    template.render(context)
    return got, time.perf_counter() - begin


def numpy_import(repeat: int) -> float:
    """Median wall seconds of ``python -c 'import numpy'`` (the machine's speed now)."""
    times = []
    for _ in range(repeat):
        begin = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import numpy"], check=True)
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def main() -> None:
    """Print one row per page and way."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="runs of each (at least 7)")
    repeat = max(7, parser.parse_args().repeat)
    pages = contexts()
    numpy = numpy_import(5)
    load_average = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        made = ways(Path(tmp))
        for name, context in pages.items():  # warm up; the module's byte code is written
            for make in made.values():
                once(make, name, context)
            assert _uses_module(made["module"](), name), f"{name}: its compiled module is stale: python -m portfolio.report._compiled --write"
        runs: dict[tuple[str, str], list[tuple[float, float]]] = {(n, w): [] for n in pages for w in made}
        for _ in range(repeat):
            for name, context in pages.items():
                for way, make in made.items():
                    runs[name, way].append(once(make, name, context))
    print(f"python {platform.python_version()}, jinja2 {jinja2.__version__} on {platform.machine()}; load average "
          f"{load_average:.1f} at the start, {os.getloadavg()[0]:.1f} at the end; `import numpy` {numpy:.3f} s "
          f"(median of 5); medians of {repeat}, the three ways alternating")
    print("| page | way | get_template | ratio | get_template + render | ratio |")
    print("|---|---|---:|---:|---:|---:|")
    for name in pages:
        got0, all0 = (statistics.median(r[i] for r in runs[name, "from source"]) for i in (0, 1))
        for way in made:
            got, total = (statistics.median(r[i] for r in runs[name, way]) for i in (0, 1))
            print(f"| `{name}` | {way} | {1000 * got:.1f} ms | {got / got0:.3f} | {1000 * total:.1f} ms | "
                  f"{total / all0:.3f} |")


def _uses_module(env: jinja2.Environment, name: str) -> bool:
    return Path(env.get_template(name).root_render_func.__code__.co_filename).suffix == ".py"


if __name__ == "__main__":
    main()
