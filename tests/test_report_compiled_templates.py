"""The report pages' templates compiled ahead (``report/_compiled/``): current, the same pages, and never stale.

(a) Each shipped module is what the template and the installed Jinja2 give now (after editing a template:
``python -m portfolio.report._compiled --write``); under another Jinja2 than the one that wrote it the test
skips, since the page then compiles from source. (b) The page rendered through the module is byte for byte the
page compiled from source. (c) A changed template, another recorded Jinja2 version, other options, a missing or
unimportable module: the page compiles from source.
"""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

jinja2 = pytest.importorskip("jinja2", reason="the HTML report needs the 'report' extra")

from portfolio import __version__  # noqa: E402 - after the extra's check
from portfolio.io import load  # noqa: E402
from portfolio.report import _templates, four_monthly_html, four_monthly_render, html  # noqa: E402
from portfolio.report.data import monthly_report  # noqa: E402
from portfolio.report.four_monthly import four_monthly_report  # noqa: E402
from portfolio.report.i18n import Words  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"
TEMPLATES = Path(_templates.__file__).parent / "templates"  # the checkout's, or the installed wheel's
WRITE = "python -m portfolio.report._compiled --write"
MONTHLY, FOUR_MONTHLY = "monthly.html.j2", "four_monthly.html.j2"


def recorded_version(folder: Path, name: str) -> str | None:
    """The Jinja2 version a compiled module in ``folder`` records (read as text, not run)."""
    text = (folder / f"{_templates.module_name(name)}.py").read_text(encoding="utf-8")
    found = re.search(r"^JINJA2_VERSION = '([^']*)'$", text, flags=re.MULTILINE)
    return found.group(1) if found else None


SAME_JINJA2 = all(recorded_version(_templates.COMPILED, n) == jinja2.__version__ for n in _templates.TEMPLATES)


def from_module(template: Any) -> bool:
    """Whether a template renders with the code of a compiled module (its functions' file), not code made now."""
    return Path(template.root_render_func.__code__.co_filename).suffix == ".py"


def source_environment() -> Any:
    """The report's environment, compiling every template from source (as before the compiled modules)."""
    return _templates.environment(jinja2.PackageLoader("portfolio.report", "templates"))


@pytest.fixture(scope="module")
def contexts() -> dict[tuple[str, str], dict[str, Any]]:
    """What each page's template renders, for the example: monthly (2023-08) and four-monthly (2023-T2), nl and en."""
    portfolio = load(EXAMPLE).portfolio
    month, span = monthly_report(portfolio, "2023-08"), four_monthly_report(portfolio, "2023-T2")
    found = {}
    for lang in ("nl", "en"):
        found[MONTHLY, lang] = html._page_context(month, lang)
        w = Words(lang, unit=span.day_unit)
        found[FOUR_MONTHLY, lang] = four_monthly_html._page_context(
            span, w, title=four_monthly_render._title(span, w), header=four_monthly_render._header(span, w),
            generated=__version__)
    return found


# -- (a) the shipped modules are current ----------------------------------------------------------------


@pytest.mark.parametrize("name", _templates.TEMPLATES)
def test_each_shipped_module_is_what_the_template_and_jinja2_give_now(name: str) -> None:
    """The module in the package is Jinja2's code for the template as it is, with its record; it imports and
    byte-compiles cleanly."""
    path = _templates.COMPILED / f"{_templates.module_name(name)}.py"
    module = importlib.import_module(f"portfolio.report._compiled.{_templates.module_name(name)}")
    assert Path(module.__file__ or "").resolve() == path.resolve()
    assert callable(module.root)
    assert module.name == name
    compile(path.read_text(encoding="utf-8"), str(path), "exec", dont_inherit=True)
    if module.JINJA2_VERSION != jinja2.__version__:
        pytest.skip(f"written with Jinja2 {module.JINJA2_VERSION}, this is {jinja2.__version__}: the page compiles "
                    f"from its template; to ship it compiled for this one: {WRITE}")
    assert path.read_text(encoding="utf-8") == _templates.module_source(name), f"stale; write it again: {WRITE}"
    assert _templates.stale() == []


@pytest.mark.skipif(not SAME_JINJA2, reason="the modules were written with another Jinja2")
def test_the_command_checks_and_writes_the_modules(tmp_path: Path) -> None:
    """``--check`` finds nothing stale in the package; ``write`` into an empty folder writes each module as shipped."""
    done = subprocess.run([sys.executable, "-m", "portfolio.report._compiled", "--check"], capture_output=True,
                          text=True, check=False, timeout=120)
    assert (done.returncode, done.stderr) == (0, ""), done.stdout
    assert "is current" in done.stdout
    assert _templates.stale(tmp_path) == list(_templates.TEMPLATES)
    assert _templates.write(tmp_path) == list(_templates.TEMPLATES)
    for name in _templates.TEMPLATES:
        module = f"{_templates.module_name(name)}.py"
        assert (tmp_path / module).read_bytes() == (_templates.COMPILED / module).read_bytes()
    assert _templates.write(tmp_path) == []  # nothing stale any more


# -- (b) the same pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", _templates.TEMPLATES)
def test_the_page_from_the_module_is_the_page_from_the_template(contexts: dict[tuple[str, str], dict[str, Any]],
                                                                 name: str, lang: str) -> None:
    """Rendered through the compiled module or from the template compiled now: the same page, byte for byte."""
    compiled, fresh = html.environment().get_template(name), source_environment().get_template(name)
    assert from_module(compiled) == SAME_JINJA2  # under another Jinja2, both are compiled from source
    assert not from_module(fresh)
    assert compiled.filename == fresh.filename  # an error is reported in the template's file either way
    page = compiled.render(contexts[name, lang])
    assert page == fresh.render(contexts[name, lang])
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") >= 3


def test_the_report_renders_through_the_modules() -> None:
    """`render_html` (and so the command line and the PDF) renders the monthly page with its compiled module."""
    report = monthly_report(load(EXAMPLE).portfolio, "2023-08")
    page = html.render_html(report, lang="en")
    assert page == source_environment().get_template(MONTHLY).render(html._page_context(report, "en"))
    assert from_module(html.environment().get_template(MONTHLY)) == SAME_JINJA2


def _error_line(render: Callable[[], str]) -> tuple[str, int]:
    """The file and line of the template's frame in the error a render raises (Jinja2 rewrites the frames of a
    template's code to its file and line)."""
    with pytest.raises(jinja2.UndefinedError) as raised:
        render()
    (frame,) = [f for f in raised.traceback if str(f.path).endswith(".j2")]
    return str(frame.path), frame.lineno


def test_an_error_is_reported_at_the_same_line_of_the_template(contexts: dict[tuple[str, str], dict[str, Any]]) -> None:
    """The module's lines are Jinja2's, unchanged: a missing value is reported at its line of the template."""
    context = {k: v for k, v in contexts[MONTHLY, "en"].items() if k != "generated"}  # used at the page's end
    compiled = _error_line(lambda: html.environment().get_template(MONTHLY).render(context))
    fresh = _error_line(lambda: source_environment().get_template(MONTHLY).render(context))
    assert compiled == fresh
    assert compiled[0].endswith(MONTHLY)
    assert "generated" in (TEMPLATES / MONTHLY).read_text(encoding="utf-8").splitlines()[compiled[1]]


# -- (c) never stale ------------------------------------------------------------------------------------


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    """The package's templates and compiled modules, copied into a folder of the test's own."""
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    shutil.copytree(_templates.COMPILED, tmp_path / "compiled", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path / "templates", tmp_path / "compiled"


def _environment(copies: tuple[Path, Path], **options: Any) -> Any:
    templates, compiled = copies
    loader = _templates.CompiledLoader(jinja2.FileSystemLoader(templates), compiled)
    return _templates.environment(loader) if not options else jinja2.Environment(loader=loader, **options)


@pytest.mark.skipif(not SAME_JINJA2, reason="the modules were written with another Jinja2")
def test_copies_as_they_are_render_through_the_modules(copies: tuple[Path, Path]) -> None:
    """The control for the cases below: unchanged, the copied modules are used."""
    for name in _templates.TEMPLATES:
        template = _environment(copies).get_template(name)
        assert from_module(template)
        assert Path(template.root_render_func.__code__.co_filename).parent == copies[1]


def test_a_changed_template_is_compiled_from_source(copies: tuple[Path, Path],
                                                    contexts: dict[tuple[str, str], dict[str, Any]]) -> None:
    """A template edited after its module was written renders as edited, never with the module's stale code."""
    templates, _ = copies
    monthly = templates / MONTHLY
    monthly.write_text(monthly.read_text(encoding="utf-8").replace("</footer>", "<p>edited</p></footer>", 1),
                       encoding="utf-8")
    env = _environment(copies)
    template = env.get_template(MONTHLY)
    assert not from_module(template)
    page = template.render(contexts[MONTHLY, "nl"])
    assert "<p>edited</p></footer>" in page
    assert page == _templates.environment(jinja2.FileSystemLoader(templates)).get_template(MONTHLY).render(
        contexts[MONTHLY, "nl"])
    assert from_module(env.get_template(FOUR_MONTHLY)) == SAME_JINJA2  # the other template is as it was


@pytest.mark.parametrize("edit", ["another Jinja2 version", "another template hash", "no module", "no record",
                                  "imports what Jinja2 lacks"])
def test_a_module_that_does_not_stand_for_the_template_is_not_used(copies: tuple[Path, Path], edit: str,
                                                                   contexts: dict[tuple[str, str], dict[str, Any]]
                                                                   ) -> None:
    """A module recording another Jinja2 or another template, or none at all, or one that cannot run here: the page
    compiles from source, and is the same page."""
    module = copies[1] / f"{_templates.module_name(MONTHLY)}.py"
    text = module.read_text(encoding="utf-8")
    edited = {
        "another Jinja2 version": lambda: re.sub(r"^JINJA2_VERSION = .*$", "JINJA2_VERSION = '2.11.3'", text,
                                                 flags=re.MULTILINE),
        "another template hash": lambda: re.sub(r"^TEMPLATE_SHA256 = '(.)", r"TEMPLATE_SHA256 = 'x", text,
                                                flags=re.MULTILINE),
        "no module": lambda: None,
        "no record": lambda: text.split("\n# Jinja2's code for", 1)[0] + "\n",
        "imports what Jinja2 lacks": lambda: text.replace("from jinja2.runtime import ",
                                                          "from jinja2.runtime import NotInJinja2, ", 1),
    }[edit]()
    assert edited != text
    if edited is None:
        module.unlink()
    else:
        module.write_text(edited, encoding="utf-8")
    template = _environment(copies).get_template(MONTHLY)
    assert not from_module(template)
    assert template.render(contexts[MONTHLY, "en"]) == source_environment().get_template(MONTHLY).render(
        contexts[MONTHLY, "en"])


def test_an_environment_with_other_options_compiles_from_source(copies: tuple[Path, Path],
                                                                contexts: dict[tuple[str, str], dict[str, Any]]
                                                                ) -> None:
    """The code depends on the environment's options (here: blocks not trimmed): another one never takes it."""
    options = {"autoescape": True, "undefined": jinja2.StrictUndefined, "lstrip_blocks": True}
    template = _environment(copies, **options).get_template(MONTHLY)
    assert not from_module(template)
    page = template.render(contexts[MONTHLY, "en"])
    assert page == jinja2.Environment(loader=jinja2.FileSystemLoader(copies[0]), **options).get_template(
        MONTHLY).render(contexts[MONTHLY, "en"])
    assert page != html.environment().get_template(MONTHLY).render(contexts[MONTHLY, "en"])
