"""The Dutch report speaks Dutch and the English report English: every visible string, in every format.

The example's reports of August and December 2023 are rendered in each
format; the visible text (HTML through :mod:`html.parser`, the workbook's
cells, the CSV cells) is split into segments, the portfolio's own free text
(names, titles, explanations, comments, waiver reasons: the user's words)
and quoted ids are taken out, and each word left is looked up in a list of
common function words and report words of the *other* language. Words that
are the same in both languages ("in", "is", "of", "was", "status") are not
on the lists.
"""

from __future__ import annotations

import csv
import enum
import html.parser
import io
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from portfolio.io import load
from portfolio.model import Portfolio
from portfolio.report import i18n, monthly_report, render

pytest.importorskip("jinja2", reason="the HTML report needs the 'report' extra")
pytest.importorskip("xlsxwriter", reason="the Excel report needs the 'report' extra")
openpyxl = pytest.importorskip("openpyxl", reason="the workbooks are read back with openpyxl (the 'test' extra)")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "logius"
PERIODS = ("2023-08", "2023-12")
FORMATS = ("html", "text", "md", "csv", "xlsx")

#: English words that are not Dutch: function words, and the verbs and nouns of rule messages and report labels.
_ENGLISH = """
    the a an and or not no nor has have does did doesn't isn't are be being it its it's this that these
    those which who whom whose what when where while with without before after into onto from to at on by for
    than then there their they them but also only still yet each every any some all none between below above
    under should would could will shall must cannot can may might
    finishes finished finish starts started waits wait falls lands moves moved comes belongs names gives
    says reported scheduled decided taken preceded happens lies expired accepted crashed missing late ready
    days day working weeks yes error warning waived finding findings rule severity subject summary overview
    progress since last next up time money quality overall realised spent explanation key name kind activity
    float domain meets movers biggest schedule running monthly report date period compared note assignment
    assignments milestone milestones forecast baseline slippage services service's migration migrations
    decision landing cutover cutovers window freeze tolerance availability platform's approach client
    contractor owner phase green amber red grey rehost replatform refactor rebuild replace retire retain
    provisional fallback rehearsal notes finishes contents made
"""
ENGLISH = frozenset(_ENGLISH.split())

#: Dutch words that are not English: function words and the report's own words.
_DUTCH = """
    de het een en niet naar voor met zonder bij nog geen wordt worden heeft hebben zijn op te tot uit dat dit deze
    aan ook maar dan van na vóór tussen onder boven elke alle welke wanneer waar
    gereed loopt groen oranje rood grijs ja nee fout waarschuwing besluit prognose mijlpaal mijlpalen opdracht
    opdrachten uitloop werkdagen geaccepteerd landingsplatform verwacht basisplanning peildatum voorziening
    voorzieningen bevinding bevindingen regel regels ernst onderwerp toelichting gerealiseerd besteed
    kernmijlpalen fase eigenaar opdrachtgever opdrachtnemer migratie migraties aanpak verschoven sinds vorige
    volgende afgerond gestart dagen werkdag productiemigratie herbouwen vervangen behouden uitfaseren
    herhuisvesten herplatformen herstructureren realisatie ontwerp samenvatting overzicht inhoud
    periode beschikbaarheid verschuivingen grenzen gestart eindigt wacht
"""
DUTCH = frozenset(_DUTCH.split())

_ID = re.compile(r"^[\w]+([.\-/][\w]+)+$")  #: ids and rule ids: digipoort.cutover, opd-2023-003, t/m
_QUOTED = re.compile(r"'[^']*'|`[^`]*`")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _free_texts(value: Any, found: set[str], seen: set[int]) -> None:
    """Every string the user wrote in the portfolio (enum values excepted: those are keywords, not words)."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, enum.Enum):
        return
    if isinstance(value, str):
        text = " ".join(value.split())
        if len(text) >= 3:  # shorter strings would take words out of every sentence
            found.add(text)
        return
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            if field.name != "phase":  # a phase name is translated: it must be checked
                _free_texts(getattr(value, field.name), found, seen)
    elif isinstance(value, dict):
        for key, item in value.items():
            _free_texts(item, found, seen)
            _free_texts(key, found, seen)
    elif isinstance(value, list | tuple | frozenset | set):
        for item in value:
            _free_texts(item, found, seen)
    elif hasattr(value, "items"):  # read-only mappings
        for key, item in value.items():
            _free_texts(item, found, seen)
            _free_texts(key, found, seen)


def free_texts(portfolio: Portfolio) -> list[str]:
    """The portfolio's own words, longest first (so a long name is taken out before a word inside it)."""
    found: set[str] = set()
    _free_texts(portfolio, found, set())
    return sorted(found, key=len, reverse=True)


class _Visible(html.parser.HTMLParser):
    """The text a reader sees (and hears: titles, aria labels), outside style and script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.segments: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        self.segments += [v for k, v in attrs_ if k in ("aria-label", "alt", "title") and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.segments.append(data)


def segments(data: bytes, format: str, lang: str) -> list[str]:
    """The visible strings of a rendered report: text and Markdown by paragraph (text wraps long lines)."""
    if format == "html":
        parser = _Visible()
        parser.feed(data.decode("utf-8"))
        return parser.segments
    if format in ("text", "md"):
        unwrapped = re.sub(r"(?<=\w)-\n\s+", "-", data.decode("utf-8"))  # a word wrapped at its hyphen
        return re.split(r"\n\s*\n", unwrapped)
    if format == "csv":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [
                cell
                for name in archive.namelist()
                for row in csv.reader(
                    io.StringIO(archive.read(name).decode("utf-8-sig")), delimiter=";" if lang == "nl" else ","
                )
                for cell in row
            ]
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [
        *book.sheetnames,
        *(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)),
    ]


def foreign_words(segment: str, words: frozenset[str], free: list[str]) -> list[str]:
    """The words of ``words`` in ``segment`` once the user's own text, quoted ids and ids are taken out.

    >>> foreign_words("waarschuwing[decision-before-cutover]: the landing platform of 'x' is not decided",
    ...               ENGLISH, [])
    ['the', 'landing', 'not', 'decided']
    """
    for piece in re.split(r" {2,}|\|", segment):  # table cells: a name shortened to fit ends with "…"
        shortened = " ".join(piece.split())
        if shortened.endswith("…") and any(own.startswith(shortened[:-1].strip()) for own in free):
            segment = segment.replace(piece, " ")
    text = " ".join(segment.split())
    for own in free:
        text = text.replace(own, " ")
    text = _QUOTED.sub(" ", text)
    found = []
    for part in re.split(r"[\s\[\]()|*:;,!?\"“”=<>{}#]+", text):
        token = part.strip(".")
        if not token or _ID.match(token):
            continue
        found += [w for w in _WORD.findall(token) if w.lower().strip("'’-") in words]
    return found


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return load(EXAMPLE).portfolio


def _offenders(portfolio: Portfolio, lang: str, words: frozenset[str]) -> Iterator[str]:
    free = free_texts(portfolio)
    for period in PERIODS:
        report = monthly_report(portfolio, period)
        for format in FORMATS:
            data = render(report, format, lang=lang)
            for segment in segments(data, format, lang):
                found = foreign_words(segment, words, free)
                if found:
                    text = " ".join(segment.split())
                    at = max(0, text.find(found[0]) - 60)
                    yield f"{period} {format}: {found} in {text[at : at + 160]!r}"


def test_dutch_report_has_no_english(portfolio: Portfolio) -> None:
    """Every visible string of the Dutch report (html, text, md, csv, xlsx; August and December 2023) is Dutch."""
    offenders = sorted(set(_offenders(portfolio, "nl", ENGLISH)))
    assert [] == offenders, f"{len(offenders)} English strings in the Dutch report:\n" + "\n".join(offenders[:40])


def test_english_report_has_no_dutch(portfolio: Portfolio) -> None:
    """Every visible string of the English report is English (the portfolio's own Dutch words excepted)."""
    offenders = sorted(set(_offenders(portfolio, "en", DUTCH)))
    assert [] == offenders, f"{len(offenders)} Dutch strings in the English report:\n" + "\n".join(offenders[:40])


def test_the_detector_sees_english_and_dutch() -> None:
    """The word lists catch a rule message in the wrong language, and leave ids, quotes and the user's words alone."""
    english = "the landing platform of 'digipoort.rebuild' is not decided; cutover waits for decision"
    assert {"the", "landing", "not", "cutover", "waits", "decision"} <= set(foreign_words(english, ENGLISH, []))
    dutch = "het landingsplatform van 'digipoort.rebuild' is nog niet besloten"
    assert [] == foreign_words(dutch, ENGLISH, [])
    assert {"het", "landingsplatform", "van", "nog", "niet"} <= set(foreign_words(dutch, DUTCH, []))
    assert [] == foreign_words("fout[decision-before-cutover]: opd-2023-003 (rehost-me)", ENGLISH, [])
    assert [] == foreign_words("Toelichting: the plan is late", ENGLISH, ["the plan is late"])
    assert not ENGLISH & DUTCH


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, replacement, text, count=1)
    assert count == 1, (path.name, pattern)
    path.write_text(changed, encoding="utf-8")


def _broken_copy(tmp_path: Path) -> Path:
    """The example with a missing fallback, a client left out, a wrong green and an availability below the norm."""
    folder = tmp_path / "logius"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns(".portfolio", "tests"))
    _edit(folder / "services" / "digipoort.yaml", r"        fallback: >\n(?:          .*\n)+", "")
    _edit(folder / "assignments.yaml", r"(title: Migratie eHerkenning naar LPC\n    client:) .*\n", r"\1 ''\n")
    status = folder / "status" / "2023-08-31.yaml"
    _edit(status, r"(    opd-2023-002:\n)", r"\1      rag: green\n")
    _edit(status, r"    digipoort: 99\.86\n", "    digipoort: 99.5\n")
    return folder


def test_dutch_report_of_a_portfolio_that_breaks_rules(tmp_path: Path) -> None:
    """With findings of five kinds in the running assignments, every format of the Dutch report is still Dutch."""
    portfolio = load(_broken_copy(tmp_path)).portfolio
    report = monthly_report(portfolio, "2023-08")
    keys = {f.key for a in report.assignments for f in a.findings}
    assert {
        "rehearsal-and-fallback.no-fallback",
        "assignment-governance.no-client",
        "no-false-green.late",
        "availability-norm.below",
        "decision-before-cutover.pending",
    } <= keys
    free = free_texts(portfolio)
    offenders = [
        f"{format}: {found}"
        for format in FORMATS
        for segment in segments(render(report, format, lang="nl"), format, "nl")
        if (found := foreign_words(segment, ENGLISH, free))
    ]
    assert [] == offenders


def test_every_report_label_speaks_its_language() -> None:
    """Every label of the report's word table is Dutch in Dutch and English in English, shown or not."""
    wrong = [
        (key, lang, found)
        for key, texts in i18n._LABELS.items()
        for lang, words in (("nl", ENGLISH), ("en", DUTCH))
        if (found := foreign_words(re.sub(r"\{\w+\}", " ", texts[lang]), words, []))
    ]
    assert [] == wrong
