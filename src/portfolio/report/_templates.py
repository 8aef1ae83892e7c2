"""The report pages' Jinja2 environment, rendering each template with its code compiled ahead of time.

Compiling a template (Jinja2 lexes and parses it, generates Python for it,
then compiles that) was 0.06-0.15 s of every html report for the 16 KB
monthly page, the same work on every run. Jinja2 can write the Python it
generates to a module (what `jinja2.Environment.compile_templates` writes
for `jinja2.ModuleLoader`); ``report/_compiled/`` ships one per template
(``tmpl_monthly_html.py``, ``tmpl_four_monthly_html.py``), Jinja2's code
unchanged, followed by a record of what made it: the Jinja2 version, the
SHA-256 of the template's source and the environment's options that shape
the code. After editing a template, or to upgrade Jinja2, write them again::

    python -m portfolio.report._compiled --write

(``--check`` lists the stale ones and exits 1). `CompiledLoader` renders
with a module only when all three match this run: the installed
``jinja2.__version__``, the template as it is now and this environment;
otherwise it compiles the template from source, as before (the same page,
only slower). Python's byte code cache applies to the modules like any
other (pip compiles them at install), so at run time nothing is lexed or
parsed. They are the package's own code, read only from the package's
folder, never from the user's cache or a portfolio's folder.
``tests/test_report_compiled_templates.py`` fails when a shipped module is
not what the template and the installed Jinja2 give now (it skips, naming
the command, under another Jinja2, where the page compiles from source).

Examples:
    >>> template = environment().get_template("monthly.html.j2")  # its module, or compiled now: the same template
    >>> template.name, Path(template.filename or "").resolve().relative_to(COMPILED.parent).as_posix()
    ('monthly.html.j2', 'templates/monthly.html.j2')
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, MutableMapping
from importlib.machinery import SourceFileLoader
from pathlib import Path
from typing import Any, Final

import jinja2

__all__ = ["COMPILED", "TEMPLATES", "CompiledLoader", "environment", "module_name", "module_source", "stale", "write"]

TEMPLATES: Final = ("monthly.html.j2", "four_monthly.html.j2")
"""The report pages' templates (``report/templates/``), each compiled ahead into ``report/_compiled/``."""

COMPILED: Final = Path(__file__).resolve().parent / "_compiled"
"""The package's folder of compiled templates (the only one the report reads code from)."""

_PACKAGE: Final = "portfolio.report._compiled"
_RECORD: Final = ("JINJA2_VERSION", "TEMPLATE_SHA256", "OPTIONS")
"""The names of a compiled module's record, at its end: what `_record` gives for the template it was made from."""
_MADE: Final = "# Jinja2's code for templates/{name}, written by `python -m portfolio.report._compiled --write`: do not edit."


def environment(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    """The environment of the report pages: every value escaped, a missing one an error.

    Args:
        loader: Where templates come from (default: a `CompiledLoader` of the package's templates).

    Returns:
        The environment the monthly and the four-monthly page render with.
    """
    return jinja2.Environment(
        loader=CompiledLoader() if loader is None else loader,
        autoescape=True,  # every value is escaped; the template marks nothing safe
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def module_name(template: str) -> str:
    """The name of a template's compiled module in ``report/_compiled/``.

    Examples:
        >>> module_name("four_monthly.html.j2")
        'tmpl_four_monthly_html'
    """
    return "tmpl_" + template.removesuffix(".j2").replace(".", "_").replace("-", "_")


def _options(env: jinja2.Environment, name: str) -> dict[str, Any]:
    """The environment's settings that shape the code Jinja2 generates for template ``name``: how it is lexed,
    whether output is escaped, and the filters and tests (Jinja2 folds one applied to constants into the code)."""
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    finalize = env.finalize
    return {
        "class": f"{type(env).__module__}.{type(env).__qualname__}",
        "autoescape": autoescape,
        "trim_blocks": env.trim_blocks,
        "lstrip_blocks": env.lstrip_blocks,
        "keep_trailing_newline": env.keep_trailing_newline,
        "newline_sequence": env.newline_sequence,
        "delimiters": (env.block_start_string, env.block_end_string, env.variable_start_string,
                       env.variable_end_string, env.comment_start_string, env.comment_end_string),
        "line_prefixes": (env.line_statement_prefix, env.line_comment_prefix),
        "extensions": sorted(env.extensions),
        "optimized": env.optimized,
        "finalize": None if finalize is None else f"{finalize.__module__}.{finalize.__qualname__}",
        "is_async": env.is_async,
        "code_generator": f"{env.code_generator_class.__module__}.{env.code_generator_class.__qualname__}",
        "filters": sorted(env.filters),
        "tests": sorted(env.tests),
    }


def _record(env: jinja2.Environment, name: str, source: str) -> tuple[str, str, dict[str, Any]]:
    """What a compiled module must record to stand for ``source``: Jinja2's version, the source's hash, options."""
    version = getattr(jinja2, "__version__", "")
    return version, hashlib.sha256(source.encode("utf-8")).hexdigest(), _options(env, name)


class CompiledLoader(jinja2.BaseLoader):
    """Templates from a loader of their source, each rendered with its module in ``compiled`` when that was made
    from this very source by this Jinja2 with these options (its record says so), else compiled from source.

    Args:
        source: Where the templates' source is read (default: the package's ``templates/``).
        compiled: The folder of compiled modules (default: the package's `COMPILED`; the report never takes
            another, the tests do).
    """

    def __init__(self, source: jinja2.BaseLoader | None = None, compiled: Path = COMPILED) -> None:
        self.source = jinja2.PackageLoader("portfolio.report", "templates") if source is None else source
        self.compiled = compiled

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None,
                                                                                   Callable[[], bool] | None]:
        """The template's source, from the source loader (for compiling it, when its module does not stand for it)."""
        return self.source.get_source(environment, template)

    def list_templates(self) -> list[str]:
        """The templates the source loader has."""
        return self.source.list_templates()

    def load(self, environment: jinja2.Environment, name: str,
             globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        """The template: from its compiled module when the module's record matches, else compiled from source."""
        source, filename, _ = self.get_source(environment, name)
        namespace = self._namespace(environment, name, filename)
        if namespace is None or tuple(namespace.get(key) for key in _RECORD) != _record(environment, name, source):
            return super().load(environment, name, globals)  # compiled from source, exactly as without modules
        return environment.template_class.from_module_dict(environment, namespace, {} if globals is None else globals)

    def _namespace(self, environment: jinja2.Environment, name: str, filename: str | None) -> dict[str, Any] | None:
        """The compiled module's names, run as Jinja2 runs a template's code (`jinja2.Template.from_code`), in a
        namespace of its own; None when there is no module, or it imports what this Jinja2 lacks (another
        version's code: its record differs anyway). Running it only defines the template's functions."""
        fullname = f"{_PACKAGE}.{module_name(name)}"
        try:  # the byte code cache applies as to an import: __pycache__ beside it, PYTHONPYCACHEPREFIX
            code = SourceFileLoader(fullname, str(self.compiled / f"{module_name(name)}.py")).get_code(fullname)
        except (OSError, ImportError):
            code = None
        if code is None:
            return None
        # the template's file, as when compiled from source: an error in it is reported at its line there
        namespace: dict[str, Any] = {"environment": environment, "__file__": filename or code.co_filename}
        try:
            exec(code, namespace)  # the package's own module (tests pass a copy), never a user's or a cache's file
        except ImportError:
            return None
        return namespace


def module_source(name: str, env: jinja2.Environment | None = None) -> str:
    """The text of template ``name``'s compiled module: what Jinja2's ``compile_templates`` writes for it (its lines
    unchanged, so its table of template lines still holds), then its record.

    Args:
        name: The template (one of `TEMPLATES`).
        env: The environment to compile with (default: `environment` on the package's templates' source).

    Returns:
        The module's text.

    Examples:
        >>> module_source("monthly.html.j2").splitlines()[-3].startswith("JINJA2_VERSION = ")
        True
    """
    env = environment(jinja2.PackageLoader("portfolio.report", "templates")) if env is None else env
    assert env.loader is not None
    source, filename, _ = env.loader.get_source(env, name)
    code = env.compile(source, name, filename, raw=True, defer_init=True)  # as compile_templates does
    record = dict(zip(_RECORD, _record(env, name, source), strict=True))
    lines = [f"{key} = {value!r}" for key, value in record.items()]
    return "\n".join([code, "", _MADE.format(name=name), *lines, ""])


def stale(folder: Path = COMPILED) -> list[str]:
    """The templates whose module in ``folder`` is missing or not what `module_source` gives now."""
    return [name for name in TEMPLATES if _text(folder / f"{module_name(name)}.py") != module_source(name)]


def write(folder: Path = COMPILED) -> list[str]:
    """Write the module of each template into ``folder`` where it is stale; the templates written."""
    written = stale(folder)
    for name in written:
        (folder / f"{module_name(name)}.py").write_text(module_source(name), encoding="utf-8", newline="\n")
    return written


def _text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None
