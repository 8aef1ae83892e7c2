"""Every report as a PDF, printed from its HTML page by WeasyPrint (the ``pdf`` extra).

The page is the one ``--format html`` writes; this module adds a print style
sheet: A4 pages with the report's title in the top margin and ``Pagina 3 van 12``
(``Page 3 of 12``) in the bottom one, the table of contents shown with the page
number of each section, table headers repeated on every page a table runs onto.
The SVG charts stay vectors, the fonts used are embedded (subset) and the
file is PDF/A-3b (archivable; the metadata's dates are the report's status
date, never the clock, so the same report gives the same bytes). The embedded
fonts are dated too: fontTools stamps each font it writes (its ``head``
table's ``modified``) with the clock unless ``SOURCE_DATE_EPOCH`` says
otherwise (the reproducible-builds convention it follows), so the PDF is
written with that variable set to the report's date (`_fonts_dated`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
from collections.abc import Iterator
from typing import Final

__all__ = ["PDF_VARIANT", "html_to_pdf", "print_css"]

PDF_VARIANT: Final = "pdf/a-3b"
"""The PDF/A level written: 3b (visual appearance preserved, attachments allowed)."""

_PAGE: Final = {"nl": ("Pagina", "van"), "en": ("Page", "of")}
_NO_DATE: Final = dt.date(2000, 1, 1)
"""What a PDF without a date of its own is dated."""
_EPOCH_LOCK: Final = threading.Lock()  # ``SOURCE_DATE_EPOCH`` is the process's: one PDF at a time sets it


def print_css(title: str, lang: str = "nl") -> str:
    """The print style sheet the PDF adds to a report's HTML: margins with title and page numbers, the contents.

    Examples:
        >>> "counter(pages)" in print_css("Maandrapportage", "nl")
        True
    """
    page, of = _PAGE.get(lang, _PAGE["nl"])
    quoted = title.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f"""
@page {{
  margin: 16mm 12mm 16mm 12mm;
  @top-left {{ content: "{quoted}"; font-size: 8pt; color: #5b6775; }}
  @bottom-right {{ content: "{page} " counter(page) " {of} " counter(pages); font-size: 8pt; color: #5b6775; }}
}}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
nav.toc {{ display: block !important; margin: 12px 0 18px; font-size: 11px; }}
nav.toc a {{ display: block; margin: 0; color: #1d2733; }}
nav.toc a::after {{ content: leader('.') target-counter(attr(href url), page); }}
thead {{ display: table-header-group; }}
tr, figure, svg {{ break-inside: avoid; }}
h2, h3 {{ break-after: avoid; }}
"""


def html_to_pdf(html: str, *, title: str, lang: str = "nl", date: dt.date | None = None) -> bytes:
    """The PDF (PDF/A-3b) of a report's HTML page, with `print_css` added; ``date`` dates its metadata.

    Needs the ``pdf`` extra (WeasyPrint); an ImportError names it otherwise.
    """
    try:
        import weasyprint  # type: ignore[import-untyped]  # noqa: PLC0415 - the pdf extra, loaded only here
    except ImportError as error:  # pragma: no cover - the extra is installed in the test environment
        raise ImportError(f"{error}; install the 'pdf' extra: pip install 'migration-portfolio[pdf]'",
                          name="weasyprint") from error
    document = weasyprint.HTML(string=html).render(stylesheets=[weasyprint.CSS(string=print_css(title, lang))])
    document.metadata.title = title
    document.metadata.lang = lang
    document.metadata.generator = "portfolio"
    day = date or _NO_DATE
    document.metadata.created = document.metadata.modified = day.isoformat() + "T00:00:00Z"
    with _fonts_dated(day):
        pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=False)
    return pdf


@contextlib.contextmanager
def _fonts_dated(day: dt.date) -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` set to midnight (UTC) of ``day`` for the block, then put back as it was.

    fontTools, which writes the embedded font subsets, reads it instead of the clock. The report's own
    date wins over one the environment sets: the same report gives the same bytes on every machine.

    Examples:
        >>> with _fonts_dated(dt.date(2023, 8, 31)):
        ...     os.environ["SOURCE_DATE_EPOCH"]
        '1693440000'
    """
    epoch = str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()))
    with _EPOCH_LOCK:
        before = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = epoch
        try:
            yield
        finally:
            if before is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = before
