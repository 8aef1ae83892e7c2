"""Both reports as PDF (WeasyPrint): A4, the sections and services in the text, page numbers, the contents
with page numbers, headers repeated on table page breaks, vector charts, embedded fonts, PDF/A; pages render."""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fontTools.misc.timeTools import timestampToString
from fontTools.ttLib import TTFont

from portfolio.io import load
from portfolio.report.four_monthly import four_monthly_report
from portfolio.report.four_monthly_render import render_four_monthly
from portfolio.report.pdf import html_to_pdf

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"
A4 = (595, 842)  #: points, portrait (the monthly report prints landscape)


@pytest.fixture(scope="module")
def four_monthly_pdf() -> bytes:
    return render_four_monthly(four_monthly_report(load(EXAMPLE).portfolio, "2023-T2"), "pdf", lang="nl")


@pytest.fixture(scope="module")
def monthly_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("pdf") / "maand.pdf"
    done = subprocess.run([sys.executable, "-m", "portfolio", "report", "monthly", str(EXAMPLE), "--period",
                           "2023-08", "-o", str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


@functools.lru_cache(maxsize=4)
def _text(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _size(page: object) -> tuple[int, int]:
    box = page.mediabox  # type: ignore[attr-defined]
    return round(float(box.width)), round(float(box.height))


def test_four_monthly_pdf_holds_the_sections_and_services(four_monthly_pdf: bytes) -> None:
    pages = _text(four_monthly_pdf)
    text = " ".join(pages)
    for words in ("Samenvatting domeinen", "Toegang", "Interactie", "Publicatie", "Gegevensuitwisseling",
                  "Infrastructuur", "Bedrijfsvoering: financiën", "Herijkingen in de periode",
                  "DigiD", "eHerkenning", "Digipoort", "Diginetwerk", "Stelseldiensten", "DigiInkoop",
                  "Per saldo € 8,447 miljoen (3,9 %) onderschrijding"):
        assert words in text, words
    assert all(_size(p) == A4 for p in pypdf.PdfReader(io.BytesIO(four_monthly_pdf)).pages)


@pytest.mark.parametrize("which", ["four_monthly_pdf", "monthly_pdf"])
def test_page_numbers_and_the_contents_with_page_numbers(which: str, request: pytest.FixtureRequest) -> None:
    pages = _text(request.getfixturevalue(which))
    assert [f"Pagina {i} van {len(pages)}" in p for i, p in enumerate(pages, start=1)] == [True] * len(pages)
    assert "Inhoud" in pages[0]
    listed = re.findall(r"\.{5,} ?(\d+)", pages[0])  # leader dots, then the section's page
    assert len(listed) >= 5
    numbers = [int(n) for n in listed]
    assert numbers == sorted(numbers)
    assert numbers[-1] <= len(pages)


def test_the_monthly_pdf_holds_its_sections_and_assignments(monthly_pdf: bytes) -> None:
    text = " ".join(_text(monthly_pdf))
    for words in ("Samenvatting", "Overzicht lopende opdrachten", "Kernmijlpalen", "Beschikbaarheid", "DigiD",
                  "Digipoort", "eHerkenning", "opd-2023-001"):
        assert words in text, words
    first = pypdf.PdfReader(io.BytesIO(monthly_pdf)).pages[0]
    assert sorted(_size(first)) == sorted(A4)  # A4 landscape: the overview is wide


@pytest.mark.parametrize("which", ["four_monthly_pdf", "monthly_pdf"])
def test_pdfa_fonts_embedded_charts_as_vectors(which: str, request: pytest.FixtureRequest) -> None:
    reader = pypdf.PdfReader(io.BytesIO(request.getfixturevalue(which)))
    xmp = reader.xmp_metadata
    assert xmp is not None
    claims = re.findall(r"pdfaid:(part|conformance)[=>\"]+([^<\"]+)", xmp.rdf_root.toxml())
    assert dict(claims) == {"part": "3", "conformance": "B"}  # PDF/A-3b
    fonts = {name: any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
             for name, descriptor in _font_descriptors(reader)}
    assert fonts
    assert all(fonts.values()), fonts
    assert all(not page.images for page in reader.pages)  # the charts are drawn (SVG paths), not pictures


def _fonts_and_text(pdf: bytes) -> tuple[list[str], list[str]]:
    """The fonts each page names and each page's text: what a render that differs in its bytes differs in."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = [" ".join(sorted(str(ref.get_object()["/BaseFont"])
                             for ref in page["/Resources"].get_object().get("/Font", {}).values()))
             for page in reader.pages]
    return fonts, _text(pdf)


def _font_descriptors(reader: pypdf.PdfReader) -> list[tuple[str, Any]]:
    """Each font each page uses, by its ``/BaseFont`` name, with its font descriptor (a simple or a composite font)."""
    found = []
    for page in reader.pages:
        for ref in page["/Resources"].get_object().get("/Font", {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            found.append((str(font["/BaseFont"]), descriptor.get_object()))
    return found


def _embedded_fonts(pdf: bytes) -> list[TTFont]:
    """Every font program embedded in ``pdf`` (``/FontFile2``, ``/FontFile3``), once each, read by fontTools."""
    programs = {descriptor[key].get_object().get_data(): None
                for _, descriptor in _font_descriptors(pypdf.PdfReader(io.BytesIO(pdf)))
                for key in ("/FontFile2", "/FontFile3") if key in descriptor}
    return [TTFont(io.BytesIO(data)) for data in programs]


@pytest.mark.parametrize("subsetter", ["installed", "fontTools"])
def test_the_embedded_fonts_are_dated_by_the_report(subsetter: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """No clock in the embedded fonts, with either of WeasyPrint's font subsetters.

    Where HarfBuzz-Subset is not installed, WeasyPrint subsets with fontTools (its ``fontTools`` case here, the
    library's own fallback chosen by hiding HarfBuzz-Subset from it), which stamps every font it writes with the
    clock unless ``SOURCE_DATE_EPOCH`` is set: two renders a second apart differed
    (``test_the_same_report_gives_the_same_bytes`` failed on a loaded machine without it). The report sets the
    variable to its own date, whatever the environment says, and puts it back.
    """
    if subsetter == "fontTools":
        import weasyprint.pdf.fonts  # noqa: PLC0415 - the pdf extra, only for this case

        monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    report = four_monthly_report(load(EXAMPLE).portfolio, "2023-T2")
    renders = []
    for epoch in ("86400", "1700000000"):  # 2 January 1970; 14 November 2023
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        renders.append(render_four_monthly(report, "pdf", lang="nl"))
        assert os.environ["SOURCE_DATE_EPOCH"] == epoch
    assert renders[0] == renders[1]
    stamps = {timestampToString(font["head"].modified) for font in _embedded_fonts(renders[0]) if "head" in font}
    assert stamps
    assert not stamps & {"Fri Jan  2 00:00:00 1970", "Tue Nov 14 22:13:20 2023"}
    if subsetter == "fontTools":  # every font written again: each dated by the report (its status date)
        assert stamps == {"Thu Aug 31 00:00:00 2023"}


def test_the_same_report_gives_the_same_bytes(four_monthly_pdf: bytes) -> None:
    """No clock in the file: its dates are the status date's.

    It failed on loaded machines, where renders lie more than a second apart, until the embedded fonts were
    dated by the report (`test_the_embedded_fonts_are_dated_by_the_report`). The fonts and text are compared
    first, so that a failure says whether another font was chosen or the content moved.
    """
    report = four_monthly_report(load(EXAMPLE).portfolio, "2023-T2")
    again = render_four_monthly(report, "pdf", lang="nl")
    assert _fonts_and_text(again) == _fonts_and_text(four_monthly_pdf)
    assert again == four_monthly_pdf


def test_table_headers_repeat_on_every_page_a_table_runs_onto() -> None:
    rows = "".join(f"<tr><td>row {i}</td><td>{i}</td></tr>" for i in range(200))
    head = "<thead><tr><th>Kolomkop</th><th>N</th></tr></thead>"
    html = f"<html><body><h2>T</h2><table>{head}<tbody>{rows}</tbody></table></body></html>"
    pages = _text(html_to_pdf(html, title="Test", lang="nl"))
    assert len(pages) >= 3
    assert all("Kolomkop" in page for page in pages)
    assert "row 199" in pages[-1]


def test_the_title_goes_into_the_margin_and_the_metadata() -> None:
    html = "<html><body><h1>Report</h1><p>text</p></body></html>"
    reader = pypdf.PdfReader(io.BytesIO(html_to_pdf(html, title='A "quoted" title', lang="en")))
    assert reader.metadata is not None
    assert reader.metadata.title == 'A "quoted" title'
    assert 'A "quoted" title' in reader.pages[0].extract_text()
    assert "Page 1 of" in reader.pages[0].extract_text()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize("which", ["four_monthly_pdf", "monthly_pdf"])
def test_pages_one_and_two_render(which: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """poppler renders the first two pages to pictures that are not blank (docs/img holds the looked-at ones)."""
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(request.getfixturevalue(which))
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "2", "-gray", str(pdf), str(tmp_path / "p")],
                   check=True, capture_output=True)
    pictures = sorted(tmp_path.glob("p-*.pgm"))
    assert len(pictures) == 2
    for picture in pictures:
        data = picture.read_bytes()
        pixels = data[data.index(b"255\n") + 4:]
        assert min(pixels) < 100  # ink on the page
        assert sum(1 for b in pixels if b < 200) > len(pixels) // 100
