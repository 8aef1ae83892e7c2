"""The rules engine: rules are plain functions, findings are values, a crashing rule is a finding.

A rule is a function of the portfolio and its schedule that yields
`Finding` records; its keyword-only parameters (with defaults) are its
thresholds. The `rule` decorator attaches the metadata (id, title,
default severity, rule set); the statement, rationale and source are read
from the docstring (its first paragraph and the paragraphs starting with
``Rationale:`` and ``Source:``), so the docstring is the one place they are
written.

Examples:
    >>> import datetime as dt
    >>> from portfolio.model import Activity, Duration, Portfolio, PortfolioSettings
    >>> from portfolio.scheduling import schedule
    >>> @rule(id="named", title="Every activity has a name")
    ... def named(portfolio, schedule, *, min_length: int = 1):
    ...     '''Every activity has a name of at least ``min_length`` characters.
    ...
    ...     Rationale: a report lists names, not ids.
    ...
    ...     Source: house style.
    ...     '''
    ...     for act in portfolio.activities.values():
    ...         if len(act.name) < min_length:
    ...             yield Finding(subject=act.id, message=f"activity '{act.id}' has no name")
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8)),
    ...               activities=[Activity(id="a", duration=Duration(1))])
    >>> report = evaluate(p, schedule(p), [named])
    >>> print(report.findings[0])
    error[named]: activity 'a' has no name
    >>> as_rule(named).parameters
    mappingproxy({'min_length': 1})
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import re
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from portfolio import _display, _frames, messages
from portfolio._gc import paused_gc
from portfolio.diagnostics import Diagnostic, Severity, closest, diagnostic
from portfolio.model import Portfolio, Source, Waiver
from portfolio.scheduling import Schedule

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CRASHED",
    "Finding",
    "Rule",
    "RuleReport",
    "as_rule",
    "evaluate",
    "load_rule",
    "rule",
    "subject_source",
]

CRASHED: Final = "rule-crashed"
"""The rule id of the finding a crashing rule becomes."""

_F = TypeVar("_F", bound=Callable[..., Any])
_ATTRIBUTE: Final = "__portfolio_rule__"


def _readonly(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@attrs.frozen(kw_only=True)
class Finding:
    """One place where the portfolio breaks a rule.

    A rule yields findings with ``subject``, ``message`` and (best) a
    ``hint``; the engine fills in ``rule``, ``severity`` (unless the rule set
    one), the ``source`` of the subject, and the ``waiver`` that accepts it or
    the ``note`` that the waiver expired.
    """

    subject: str | None
    """id of the record the finding is about; None: the portfolio as a whole"""
    message: str
    hint: str | None = None
    source: Source | None = None
    rule: str = ""
    severity: Severity | None = None
    waiver: Waiver | None = None
    """the waiver that accepts this finding, while it runs"""
    note: str = ""
    """e.g. that the waiver of this finding expired"""
    key: str = ""
    """the catalogue key of the message ([`portfolio.messages`][portfolio.messages]); "" for a rule's own text"""
    params: Mapping[str, Any] = attrs.field(factory=dict, converter=_readonly, eq=False)
    """the parameters of the message (and of its hint), the same in every language"""
    notes: tuple[messages.Message, ...] = ()
    """the engine's notes (a waiver that expired or is not accepted yet), as catalogue messages"""

    @classmethod
    def of(
        cls,
        key: str,
        subject: str | None,
        /,
        *,
        severity: Severity | None = None,
        source: Source | None = None,
        **params: Any,
    ) -> Finding:
        """A finding whose message (and hint) is catalogue entry ``key`` with ``params``.

        ``message`` and ``hint`` are the English texts; `text` gives
        another language.

        Examples:
            >>> f = Finding.of("plan-per-service.no-plan", "digid", service="digid")
            >>> f.message, f.text("nl")
            ("service 'digid' has no migration plan", "voorziening 'digid' heeft geen migratieplan")
        """
        message = messages.render(key, params)
        if message is None:
            raise KeyError(f"message {key!r} is not in the catalogue (see portfolio.messages.register)")
        return cls(subject=subject, message=message, hint=messages.render(f"{key}.hint", params), key=key,
                   params=params, severity=severity, source=source)

    @property
    def waived(self) -> bool:
        """True when an active waiver accepts the finding."""
        return self.waiver is not None

    def text(self, lang: str = "en", fmt: messages.Formatter | None = None) -> str:
        """The message in ``lang``: its catalogue entry when it has one, else its own ``message``."""
        found = messages.render(self.key, self.params, lang, fmt) if self.key else None
        return self.message if found is None else found

    def hint_text(self, lang: str = "en", fmt: messages.Formatter | None = None) -> str | None:
        """The hint in ``lang``: its catalogue entry when it has one, else its own ``hint``."""
        found = messages.render(f"{self.key}.hint", self.params, lang, fmt) if self.key else None
        return self.hint if found is None else found

    def note_text(self, lang: str = "en", fmt: messages.Formatter | None = None) -> str:
        """The note in ``lang``: the rule's own note, then the engine's notes from the catalogue."""
        own = self.note
        english = "; ".join(m.text("en") for m in self.notes)
        if english and own.endswith(english):
            own = own[: len(own) - len(english)].removesuffix("; ")
        return "; ".join(t for t in (own, *(m.text(lang, fmt) for m in self.notes)) if t)

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source is not None else ""
        severity = (self.severity or Severity.ERROR).value
        if self.waiver is not None:
            waived = messages.text(
                "waiver.waived",
                "en",
                message=self.message,
                accepted_by=self.waiver.accepted_by,
                expires=self.waiver.expires,
                reason=" ".join(self.waiver.reason.split()),
            )
            return f"{where}{severity}[{self.rule}]: {waived}"
        text = f"{where}{severity}[{self.rule}]: {self.message}"
        if self.hint:
            text += f"; {self.hint}"
        if self.note:
            text += f" ({self.note})"
        return text

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the keys of a diagnostic (``code`` is the rule id) plus the waiver."""
        waiver = self.waiver
        return {
            "file": self.source.file if self.source else None,
            "line": self.source.line if self.source else None,
            "column": self.source.column if self.source else None,
            "severity": (self.severity or Severity.ERROR).value,
            "code": self.rule,
            "message": self.message,
            "subject": self.subject,
            "hint": self.hint,
            "kind": "finding",
            "waived": waiver is not None,
            "waiver": None
            if waiver is None
            else {
                "reason": waiver.reason.strip(),
                "accepted_by": waiver.accepted_by,
                "expires": waiver.expires.isoformat(),
                "accepted": waiver.accepted.isoformat() if waiver.accepted else None,
            },
            "note": self.note or None,
        }


@attrs.frozen(kw_only=True)
class Rule:
    """A rule: its function and its metadata. Call it like the function: ``rule(portfolio, schedule)``."""

    id: str
    title: str
    statement: str
    rationale: str
    source: str
    """the advice or standard the rule comes from"""
    severity: Severity
    """default severity of its findings"""
    function: Callable[..., Iterable[Finding]]
    parameters: Mapping[str, Any] = attrs.field(factory=dict, converter=_readonly)
    ruleset: str = "user"

    def __call__(self, portfolio: Portfolio, schedule: Schedule, **parameters: Any) -> list[Finding]:
        """The findings of this rule alone (no severity, waiver or crash handling)."""
        return list(self.function(portfolio, schedule, **parameters))


@attrs.frozen(kw_only=True)
class _Info:
    id: str
    title: str
    severity: Severity
    ruleset: str


def rule(*, id: str, title: str, severity: Severity = Severity.ERROR, ruleset: str = "user") -> Callable[[_F], _F]:
    """Mark a function as a rule with an id, a title, a default severity and its rule set.

    The function is returned unchanged (it stays a plain function, with its
    docstring); `as_rule` reads the mark.
    """

    def mark(function: _F) -> _F:
        setattr(function, _ATTRIBUTE, _Info(id=id, title=title, severity=severity, ruleset=ruleset))
        return function

    return mark


_PARAGRAPH: Final = re.compile(r"\n\s*\n")


def _paragraphs(doc: str) -> list[str]:
    return [" ".join(line.strip() for line in part.strip().splitlines()) for part in _PARAGRAPH.split(doc.strip())]


def as_rule(candidate: Rule | Callable[..., Iterable[Finding]]) -> Rule:
    """The `Rule` of a rule function (marked with `rule`, or a plain function).

    A plain function gets its id from its name (``cutover_has_owner`` ->
    ``cutover-has-owner``), its title and statement from its docstring, and
    severity error.
    """
    if isinstance(candidate, Rule):
        return candidate
    if not callable(candidate):
        raise TypeError(f"{candidate!r} is not a rule (a function of the portfolio and its schedule)")
    info = getattr(candidate, _ATTRIBUTE, None)
    name = getattr(candidate, "__name__", "rule")
    doc = inspect.getdoc(candidate) or ""
    paragraphs = _paragraphs(doc) if doc else []
    statement = paragraphs[0] if paragraphs else name

    def section(label: str) -> str:
        for text in paragraphs:
            if text.startswith(label):
                return text[len(label) :].strip()
        return ""

    parameters = {
        p.name: p.default
        for p in inspect.signature(candidate).parameters.values()
        if p.kind is inspect.Parameter.KEYWORD_ONLY and p.default is not inspect.Parameter.empty
    }
    module = getattr(candidate, "__module__", "?")
    return Rule(
        id=info.id if info else name.replace("_", "-").strip("-"),
        title=info.title if info else statement.split(". ")[0].rstrip("."),
        statement=statement,
        rationale=section("Rationale:"),
        source=section("Source:") or f"user rule {module}:{name}",
        severity=info.severity if info else Severity.ERROR,
        function=candidate,
        parameters=parameters,
        ruleset=info.ruleset if info else "user",
    )


def load_rule(path: str, source: Source | None = None) -> tuple[tuple[Rule, ...], Diagnostic | None]:
    """Import user rules by dotted path: ``package.module:function`` or ``package.module.function``.

    The object may be one rule function or a sequence of them (a rule set).
    Never raises: an unimportable path is a ``rule-import`` diagnostic.

    Examples:
        >>> rules, problem = load_rule("portfolio.rules.acict:freeze_windows")
        >>> [r.id for r in rules], problem
        (['freeze-windows'], None)
        >>> print(load_rule("portfolio.rules.acict:frieze_windows")[1])
        error[rule-import]: rule 'portfolio.rules.acict:frieze_windows' cannot be loaded: module 'portfolio.rules.acict' has no 'frieze_windows'; did you mean 'freeze_windows'?
    """
    module_name, sep, attribute = path.partition(":")
    if not sep:
        module_name, _dot, attribute = path.rpartition(".")

    def problem(reason: str, hint: str) -> tuple[tuple[Rule, ...], Diagnostic]:
        return (), diagnostic(
            "rule-import", f"rule '{path}' cannot be loaded: {reason}", source=source, subject=path, hint=hint
        )

    if not module_name or not attribute:
        return problem("it is not a dotted path", "write 'package.module:function' or 'package.module.function'")
    try:
        module = importlib.import_module(module_name)
    except Exception as error:  # any import error of user code is reported, not raised
        return problem(
            f"importing '{module_name}' fails ({type(error).__name__}: {error})",
            "install the package or put its folder on PYTHONPATH",
        )
    if not hasattr(module, attribute):
        suggestion = closest(attribute, [n for n in dir(module) if not n.startswith("_")])
        return problem(
            f"module '{module_name}' has no '{attribute}'",
            f"did you mean '{suggestion}'?" if suggestion else "check the function name",
        )
    found = getattr(module, attribute)
    items = found if isinstance(found, list | tuple) else (found,)
    try:
        return tuple(as_rule(item) for item in items), None
    except (TypeError, ValueError) as error:
        return problem(str(error), "name a function of (portfolio, schedule) that yields findings")


def subject_source(portfolio: Portfolio, subject: str | None) -> Source | None:
    """The file and line where ``subject`` (any id, or a baseline name) is declared, if known.

    Examples:
        >>> from portfolio.model import Service
        >>> str(subject_source(Portfolio(services=[Service(id="x", name="X", source=Source("s.yaml", 3, 5))]), "x"))
        's.yaml:3:5'
    """
    if subject is None:
        return None
    for records in (
        portfolio.activities,
        portfolio.migrations,
        portfolio.services,
        portfolio.platforms,
        portfolio.assignments,
        portfolio.freeze_windows,
        portfolio.baselines,
    ):
        record = records.get(subject)
        if record is not None:
            found: Source | None = record.source
            return found
    return None


@attrs.frozen(kw_only=True)
class RuleReport:
    """What running rules gives: the rules run, their findings, and problems with the configuration."""

    rules: tuple[Rule, ...]
    findings: tuple[Finding, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    """unknown rule ids, unimportable rules, unused waivers, ..."""
    as_of: dt.date | None = None
    """the date waivers were judged on"""

    @property
    def active(self) -> tuple[Finding, ...]:
        """The findings no waiver accepts."""
        return tuple(f for f in self.findings if not f.waived)

    def failing(self, threshold: Severity = Severity.ERROR) -> tuple[Finding, ...]:
        """The active findings at or above ``threshold``."""
        return tuple(f for f in self.active if (f.severity or Severity.ERROR).rank >= threshold.rank)

    def of(self, rule_id: str) -> tuple[Finding, ...]:
        """The findings of one rule (waived ones included)."""
        return tuple(f for f in self.findings if f.rule == rule_id)

    def __repr__(self) -> str:
        return (f"<RuleReport {len(self.rules)} rules: {len(self.findings)} findings, {len(self.active)} active, "
                f"{len(self.diagnostics)} configuration problems>")

    def _repr_html_(self) -> str:
        """Counts per severity, then the findings, most severe first (waived ones last), coloured by severity."""
        def severity(f: Finding) -> str:
            return (f.severity or Severity.ERROR).value

        ordered = sorted(self.findings, key=lambda f: (f.waived, -(f.severity or Severity.ERROR).rank))
        rows = ([_display.Cell(severity(f), None if f.waived else _display.SEVERITY_COLOURS.get(severity(f))),
                 f.rule, f.subject, f.message, f.waived] for f in ordered)
        counts = [(s.value, sum(severity(f) == s.value for f in self.active)) for s in Severity]
        return _display.block(
            "Rule findings",
            _display.facts([("rules", len(self.rules)), *counts, ("waived", len(self.findings) - len(self.active)),
                            ("configuration problems", len(self.diagnostics))]),
            _display.table(["severity", "rule", "subject", "message", "waived"], rows))

    def to_pandas(self) -> pd.DataFrame:
        """One row per finding (needs pandas): ``severity`` an ordered category (info < warning < error),
        ``line`` nullable ``Int64``, ``waived`` ``bool``, the waiver's ``expires`` ``datetime64[ns]``.
        """
        rows = self.findings
        waivers = [f.waiver for f in rows]
        return _frames.frame([
            ("rule", "category", [f.rule for f in rows]),
            ("severity", "category", [(f.severity or Severity.ERROR).value for f in rows], _frames.SEVERITY),
            ("subject", "str", [f.subject for f in rows]), ("message", "str", [f.message for f in rows]),
            ("hint", "str", [f.hint for f in rows]),
            ("file", "str", [f.source.file if f.source else None for f in rows]),
            ("line", "Int64", [f.source.line if f.source and f.source.line else None for f in rows]),
            ("waived", "bool", [f.waived for f in rows]),
            ("accepted_by", "str", [w.accepted_by if w else None for w in waivers]),
            ("expires", "date", [w.expires if w else None for w in waivers]),
            ("note", "str", [f.note or None for f in rows]),
        ])


def _crash_site(function: Callable[..., Any], error: BaseException) -> Source | None:
    """Where a rule raised: the innermost traceback frame in the rule's own source file.

    A rule that calls a helper elsewhere is placed at its line that made the call; an error raised
    outside the rule's file altogether (the engine's check of what it yielded) is placed at the
    rule's ``def`` line. None when the rule has no Python source (a builtin or a C function).

    Args:
        function: The rule's function (``Rule.function``).
        error: The exception it raised, with its traceback.

    Returns:
        The rule's file (as Python names it) and the 1-based line, or None.

    Examples:
        >>> def broken(portfolio, schedule):
        ...     return 1 // 0
        >>> try:
        ...     broken(None, None)
        ... except ZeroDivisionError as error:
        ...     site = _crash_site(broken, error)
        >>> site.line - broken.__code__.co_firstlineno  # the line after the def
        1
    """
    code = getattr(inspect.unwrap(function), "__code__", None)
    if code is None:
        return None
    lines = [f.lineno for f in traceback.extract_tb(error.__traceback__) if f.filename == code.co_filename]
    return Source(code.co_filename, (lines[-1] if lines else None) or code.co_firstlineno)


@paused_gc()  # findings and their messages, no cycles: a full collection would walk the whole portfolio again
def evaluate(
    portfolio: Portfolio,
    schedule: Schedule,
    rules: Sequence[Rule | Callable[..., Iterable[Finding]]],
    *,
    parameters: Mapping[str, Mapping[str, Any]] | None = None,
    severities: Mapping[str, Severity] | None = None,
    waivers: Sequence[Waiver] | None = None,
    as_of: dt.date | None = None,
) -> RuleReport:
    """Run ``rules`` (no configuration lookup): fill in the findings, apply waivers, catch crashes.

    ``parameters`` and ``severities`` override a rule's defaults by rule id.
    ``waivers`` default to the portfolio's; a waiver runs from its
    ``accepted`` date (when given) until its ``expires`` date (both
    inclusive) as of ``as_of``, which defaults to the
    schedule's status date (never the clock). A rule that raises becomes one
    ``rule-crashed`` finding naming it, placed at the line of the rule's file where it raised
    (its innermost traceback frame in that file); the other rules still run.
    """
    chosen = tuple(as_rule(r) for r in rules)
    parameters = parameters or {}
    severities = severities or {}
    waivers = tuple(portfolio.waivers if waivers is None else waivers)
    as_of = as_of if as_of is not None else schedule.status_date
    by_key = {(w.rule, w.subject): w for w in waivers}
    used: set[tuple[str, str | None]] = set()
    findings: list[Finding] = []
    for item in chosen:
        severity = severities.get(item.id)
        try:
            produced = list(item.function(portfolio, schedule, **{**item.parameters, **parameters.get(item.id, {})}))
            wrong = [f for f in produced if not isinstance(f, Finding)]
            if wrong:
                raise TypeError(f"it yielded {type(wrong[0]).__name__}, not Finding")
        except Exception as error:  # a crashing rule is a finding, not a crash (beancount's plugins)
            crashed = Finding.of(CRASHED, item.id, severity=Severity.ERROR, source=_crash_site(item.function, error),
                                 rule=item.id, error=f"{type(error).__name__}: {error}")
            findings.append(attrs.evolve(crashed, rule=CRASHED))
            continue
        for found in produced:
            key = (item.id, found.subject)
            waiver = by_key.get(key)
            notes = found.notes
            if waiver is not None:
                used.add(key)
                if as_of is not None and as_of > waiver.expires:
                    notes += (messages.Message("waiver.expired", {"accepted_by": waiver.accepted_by,
                                                                  "expires": waiver.expires}),)
                    waiver = None
                elif as_of is not None and waiver.accepted is not None and as_of < waiver.accepted:
                    notes += (messages.Message("waiver.not-yet", {"accepted": waiver.accepted}),)
                    waiver = None
            added = [m.text("en") for m in notes[len(found.notes):]]
            findings.append(
                attrs.evolve(
                    found,
                    rule=item.id,
                    severity=severity or found.severity or item.severity,
                    source=found.source or subject_source(portfolio, found.subject),
                    waiver=waiver,
                    note="; ".join(t for t in (found.note, *added) if t),
                    notes=notes,
                )
            )
    problems = [
        diagnostic(
            "unused-waiver",
            f"waiver of rule '{w.rule}'" + (f" for '{w.subject}'" if w.subject else "") + " matches no finding",
            source=w.source,
            subject=w.subject,
            hint="the finding is gone (or the rule did not run): remove the waiver",
        )
        for w in waivers
        if (w.rule, w.subject) not in used and w.rule in {r.id for r in chosen}
    ]
    return RuleReport(rules=chosen, findings=tuple(findings), diagnostics=tuple(problems), as_of=as_of)
