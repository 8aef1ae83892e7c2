"""The monthly page's template compiled ahead (``report/_monthly_page.py``): current, and the same page."""

from __future__ import annotations

from pathlib import Path

import pytest

jinja2 = pytest.importorskip("jinja2", reason="the HTML report needs the 'report' extra")

import portfolio.report  # noqa: E402 - after the extra's check
from portfolio.io import load  # noqa: E402
from portfolio.report.data import MonthlyReport, monthly_report  # noqa: E402
from portfolio.report.html import environment, page_context, page_module, page_template  # noqa: E402

MODULE = Path(portfolio.report.__file__).parent / "_monthly_page.py"  # the checkout's, or the installed wheel's
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"
_WRITE = ("python -c \"from portfolio.report.html import page_module; print(page_module(), end='')\" "
          "> src/portfolio/report/_monthly_page.py")


@pytest.fixture(scope="module")
def august() -> MonthlyReport:
    return monthly_report(load(EXAMPLE).portfolio, "2023-08")


def test_the_module_is_jinjas_code_for_the_template_as_it_is() -> None:
    """The module in the package is what `page_module` writes now (after a change of the template: write it again).

    With another Jinja2 than the one that wrote it, the page compiles from the template (the other tests) and
    this one skips: a new Jinja2 release does not fail the suite, it asks for the module to be written again.
    """
    made = MODULE.read_text(encoding="utf-8").splitlines()[-2]
    if made != f"JINJA2 = {jinja2.__version__!r}":
        pytest.skip(f"written with another Jinja2 ({made}), this is {jinja2.__version__}: {_WRITE}")
    assert page_module() == MODULE.read_text(encoding="utf-8"), f"write it again: {_WRITE}"


def test_the_page_comes_from_the_module() -> None:
    """The template the page renders with is the module's, not one compiled now."""
    template = page_template(environment())
    made = MODULE.read_text(encoding="utf-8").splitlines()[-2]
    assert (Path(template.filename or "") == MODULE) == (made == f"JINJA2 = {jinja2.__version__!r}")
    assert "monthly.html.j2" == template.name


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_same_page_as_the_template_compiled_now(august: MonthlyReport, lang: str) -> None:
    """Rendered from the module or from the template compiled now, the page is the same, byte for byte."""
    env = environment()
    context = page_context(august, lang)
    fresh = env.get_template("monthly.html.j2")
    assert fresh.filename != page_template(env).filename  # two different templates...
    assert fresh.render(context) == page_template(environment()).render(context)  # ...one page


def test_another_environment_compiles_the_template(august: MonthlyReport) -> None:
    """An environment with other options (here: blocks not trimmed) never takes the module's code."""
    base = environment()
    other = jinja2.Environment(loader=base.loader, autoescape=True, undefined=jinja2.StrictUndefined,
                               lstrip_blocks=True)
    template = page_template(other)
    assert Path(template.filename or "") != MODULE
    context = page_context(august, "en")
    assert template.render(context) != page_template(base).render(context)
