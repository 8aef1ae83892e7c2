"""The message catalogue: both languages, the same parameters, every rule text in it, a user's rule keeps its own."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

import portfolio.rules
from portfolio import messages
from portfolio.io import load
from portfolio.model import ActivityKind, Approach, Rag
from portfolio.rules import CRASHED, Finding, builtin_rules, evaluate, run_rules
from portfolio.scheduling import schedule
from test_language import DUTCH, ENGLISH, foreign_words

ROOT = Path(__file__).resolve().parents[1]
RULES = Path(portfolio.rules.__file__).parent  # the installed package, src or wheel
CATALOGUE = messages.catalogue()


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_entry_has_both_languages_with_the_same_placeholders(key: str) -> None:
    """Each entry has a non-empty Dutch and English text, and both name exactly the same parameters."""
    texts = CATALOGUE[key]
    assert set(messages.LANGUAGES) == set(texts)
    assert all(texts[lang].strip() for lang in messages.LANGUAGES)
    assert messages.placeholders(texts["nl"]) == messages.placeholders(texts["en"])


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_entry_speaks_its_language(key: str) -> None:
    """The Dutch text has no English words and the English text no Dutch ones (quoted keywords and ids aside)."""
    texts = {lang: re.sub(r"\{\w+\}", " ", text) for lang, text in CATALOGUE[key].items()}  # parameters aside
    assert [] == foreign_words(texts["nl"], ENGLISH, [])
    assert [] == foreign_words(texts["en"], DUTCH, [])


def test_hints_belong_to_messages() -> None:
    """Every hint ``k.hint`` is the hint of a message ``k`` (a finding takes both from one key)."""
    assert [] == [k for k in CATALOGUE if k.endswith(".hint") and k.removesuffix(".hint") not in CATALOGUE]


@pytest.mark.parametrize(("group", "values"), [("approach", Approach), ("kind", ActivityKind), ("rag", Rag)])
def test_every_model_term_has_an_entry(group: str, values: type) -> None:
    """Every approach, activity kind and RAG status of the model has its words."""
    assert [] == [v.value for v in values if f"{group}.{v.value}" not in CATALOGUE]  # type: ignore[attr-defined]


def test_terms_in_words() -> None:
    """Approaches, kinds and phases come out in the language asked; unknown ones as written."""
    assert ("herhuisvesten", "rehost") == (messages.approach("rehost", "nl"), messages.approach("rehost", "en"))
    assert ("productiemigratie", "cutover") == (messages.kind("cutover", "nl"), messages.kind("cutover", "en"))
    assert ("Realisation", "realisatie") == (messages.phase("Realisatie", "en"), messages.phase("realisation", "nl"))
    assert ("lift-and-shift", "fase 3") == (messages.approach("lift-and-shift", "nl"), messages.phase("fase 3", "en"))


def _finding_calls(path: Path) -> list[int]:
    """Lines in ``path`` that build a Finding from a text instead of a catalogue key."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "Finding"
        and any(k.arg == "message" for k in node.keywords)
    ]


@pytest.mark.parametrize("path", sorted(RULES.glob("*.py")), ids=lambda p: p.name)
def test_built_in_rules_take_their_texts_from_the_catalogue(path: Path) -> None:
    """No built-in rule writes a message of its own: each uses ``Finding.of(key, ...)``."""
    assert [] == _finding_calls(path)


def test_every_built_in_finding_renders_in_both_languages() -> None:
    """Each finding of the built-in rules on the example (and on a portfolio that breaks them) renders in Dutch."""
    portfolio = load(ROOT / "examples" / "logius").portfolio
    report = run_rules(portfolio, schedule(portfolio))
    assert report.findings
    for found in report.findings:
        assert found.key in CATALOGUE, found
        assert found.text("en") == found.message
        assert found.hint_text("en") == found.hint
        assert found.text("nl") != found.message
        assert [] == foreign_words(found.text("nl"), ENGLISH, [])


def test_finding_parameters_are_kept(tmp_path: Path) -> None:
    """A finding keeps its key and parameters, so a renderer can write it with its own date format."""
    found = Finding.of("availability-norm.below", "digid", service="digid", reported=99.5, date=dt.date(2023, 8, 31),
                       norm=99.8)
    assert ("availability-norm.below", 99.5) == (found.key, found.params["reported"])
    assert "availability of 'digid' was 99.5 % on 2023-08-31, below its norm of 99.8 %" == found.message
    assert "explain the cause and the correction in the status update" == found.hint
    dutch = found.text("nl", lambda v: v.strftime("%d-%m-%Y") if isinstance(v, dt.date) else None)
    assert "beschikbaarheid van 'digid' was 99,5 % op 31-08-2023, onder de norm van 99,8 %" == dutch


def test_nested_messages_render_in_the_same_language() -> None:
    """A parameter that is itself a catalogue message is written in the language of the text around it."""
    found = Finding.of("assignment-governance.reported-unexplained", "opd-1", assignment="opd-1",
                       rag=messages.Message("rag.amber"))
    assert "assignment 'opd-1' is not green (it is reported amber) but gives no explanation" == found.message
    assert "opdracht 'opd-1' is niet groen (gerapporteerd als oranje) maar geeft geen toelichting" == found.text("nl")


def test_a_user_rule_without_an_entry_keeps_its_own_text() -> None:
    """A finding with a message and no key (a user's rule, see docs/rules.md) is its own text in every language."""
    found = Finding(subject="digid", message="digid has no owner", hint="add 'owner:'")
    assert ("digid has no owner", "add 'owner:'") == (found.text("nl"), found.hint_text("nl"))
    unknown = Finding(subject="digid", message="own words", key="not-in-the-catalogue")
    assert "own words" == unknown.text("nl")


def test_a_user_rule_with_its_own_entry(tmp_path: Path) -> None:
    """A user's rule that registers its texts gets its Dutch in the report; a mismatch is refused."""
    messages.register(
        "test-owner.missing",
        en="service '{service}' has no owner",
        nl="voorziening '{service}' heeft geen eigenaar",
        hint_en="add 'owner:'",
        hint_nl="voeg 'owner:' toe",
    )
    found = Finding.of("test-owner.missing", "digid", service="digid")
    assert ("voorziening 'digid' heeft geen eigenaar", "voeg 'owner:' toe") == (found.text("nl"), found.hint_text("nl"))
    with pytest.raises(ValueError, match="different placeholders"):
        messages.register("test-owner.other", en="service '{service}'", nl="voorziening '{naam}'")
    with pytest.raises(ValueError, match="no nl text"):
        messages.register("test-owner.other", en="x", nl=" ")
    with pytest.raises(ValueError, match="already in the catalogue"):
        messages.register("test-owner.missing", en="other", nl="ander")
    with pytest.raises(KeyError, match="not in the catalogue"):
        Finding.of("test-owner.nothing", "digid")


def test_crashed_rule_and_waiver_notes_are_in_the_catalogue(tmp_path: Path) -> None:
    """A crashing rule and an expired waiver give catalogue texts, with the English ``message`` and ``note`` as before."""

    def broken(portfolio: object, schedule: object) -> list[Finding]:
        return [Finding(subject=None, message=str(1 / 0))]

    portfolio = load(ROOT / "examples" / "logius").portfolio
    computed = schedule(portfolio)
    (crashed,) = evaluate(portfolio, computed, [broken]).findings
    assert (CRASHED, "rule 'broken' crashed: ZeroDivisionError: division by zero") == (crashed.rule, crashed.message)
    assert "regel 'broken' is vastgelopen: ZeroDivisionError: division by zero" == crashed.text("nl")
    report = run_rules(portfolio, computed, sets=["acict"], as_of=dt.date(2099, 1, 1))
    (expired,) = [f for f in report.findings if f.note]
    assert expired.note.startswith("the waiver accepted by ")
    assert " expired on " in expired.note
    assert expired.note_text("nl").startswith("de acceptatie door ")
    assert " is verlopen op " in expired.note_text("nl")
    assert expired.note == expired.note_text("en")


def test_every_catalogue_rule_has_its_id() -> None:
    """Every catalogue key that names a rule (``rule-id.what``) names a built-in rule or the engine."""
    rules = set(builtin_rules()) | {CRASHED, "waiver", "dcma", "rag", "approach", "kind", "phase", "test-owner",
                                    "doc-example", "whatif"}
    assert [] == sorted({k.split(".")[0] for k in CATALOGUE} - rules)


def test_the_documented_custom_rule_speaks_dutch(tmp_path: Path) -> None:
    """The custom rule with its own catalogue entry in docs/rules.md runs, and its finding renders in Dutch."""
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "rules.md").read_text(encoding="utf-8"), re.S)
    (block,) = [b for b in blocks if "messages.register(" in b]
    namespace: dict[str, object] = {}
    exec(compile(block, "docs/rules.md", "exec"), namespace)  # the documentation's own example
    path = tmp_path / "plan.yaml"
    path.write_text(
        "portfolio: {start: 2024-01-08}\nservices:\n  - id: svc\n    name: Service\n"
        "    activities:\n      - {id: cut, kind: cutover, duration: 1d}\n",
        encoding="utf-8",
    )
    portfolio = load(path).portfolio
    (found,) = run_rules(portfolio, schedule(portfolio), [namespace["cutover_has_owner"]]).findings  # type: ignore[list-item]
    assert ("cutover-has-owner", "cutover 'svc.cut': service 'svc' has no owner") == (found.rule, found.message)
    assert "productiemigratie 'svc.cut': voorziening 'svc' heeft geen eigenaar" == found.text("nl")
    assert "voeg 'owner:' toe aan de voorziening" == found.hint_text("nl")
