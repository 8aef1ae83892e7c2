"""The message catalogue: every text of a rule finding, and the names of approaches, activity kinds and phases, in Dutch and English.

Each entry has a key (``no-false-green.late``), an English and a Dutch text,
and named ``{placeholders}``: **the same ones in both languages**, so one
set of parameters renders either. A finding keeps its key and parameters
([`portfolio.rules.Finding`][portfolio.rules.Finding]), so a renderer writes it in the report's
language; its ``message`` is the English text. The hint of key ``k`` is the
entry ``k.hint``. A parameter may be a string, a number, a date, a sequence
of those (joined with ", ") or a `Message` (a catalogue text of its
own, rendered in the same language). A key that is not in the catalogue
renders as nothing (None): the caller falls back to its own text, which is
how a user's rule without an entry keeps working.

Examples:
    >>> render("availability-norm.below", {"service": "digid", "reported": 99.7, "date": dt.date(2023, 8, 31),
    ...                                    "norm": 99.8}, "nl")
    "beschikbaarheid van 'digid' was 99,7 % op 2023-08-31, onder de norm van 99,8 %"
    >>> text("approach.rehost", "nl"), approach("retire", "en"), phase("Realisatie", "en")
    ('herhuisvesten', 'retire', 'Realisation')
    >>> render("my-rule.unknown", {}, "nl") is None
    True
"""

# size: the message catalogue: every user-facing sentence in Dutch and English side by side, one table a translator reads top to bottom.

from __future__ import annotations

import datetime as dt
import functools
import string
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

__all__ = [
    "LANGUAGES",
    "Message",
    "approach",
    "catalogue",
    "has",
    "kind",
    "phase",
    "placeholders",
    "register",
    "render",
    "text",
]

LANGUAGES: Final = ("nl", "en")
"""The languages of every entry."""

Formatter = Callable[[Any], str | None]
"""A formatter a renderer may pass: a value's text in its own style, or None for the default."""


def _readonly(params: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(params))


@attrs.frozen
class Message:
    """A catalogue key with its parameters: a text that renders in either language.

    Examples:
        >>> Message("rag.amber").text("nl")
        'oranje'
    """

    key: str
    params: Mapping[str, Any] = attrs.field(factory=dict, converter=_readonly, hash=False)

    def text(self, lang: str = "en", fmt: Formatter | None = None) -> str:
        """The text in ``lang``; the key itself when the catalogue has no such entry."""
        found = render(self.key, self.params, lang, fmt)
        return self.key if found is None else found


def _entries(**texts: tuple[str, str]) -> dict[str, Mapping[str, str]]:
    """Catalogue entries from ``key=(english, dutch)``; ``__`` in a keyword is ``-`` and ``_`` is ``.``."""
    return {k.replace("__", "-").replace("_", "."): {"en": en, "nl": nl} for k, (en, nl) in texts.items()}


# duplicates: rows of one shape on purpose (as report/i18n.py's labels): each text in English and Dutch side by side.
_CATALOGUE: dict[str, Mapping[str, str]] = {
    # -- plan-per-service
    "plan-per-service.no-plan": {
        "en": "service '{service}' has no migration plan",
        "nl": "voorziening '{service}' heeft geen migratieplan",
    },
    "plan-per-service.no-plan.hint": {
        "en": "add a migration under the service (approach 'retain' if it stays where it is)",
        "nl": "voeg een migratie toe onder de voorziening (aanpak 'retain' als ze blijft waar ze is)",
    },
    "plan-per-service.no-target": {
        "en": "migration '{migration}' has neither a target nor candidate platforms with a decision milestone",
        "nl": "migratie '{migration}' heeft geen doelplatform en ook geen kandidaat-platforms met een besluitmijlpaal",
    },
    "plan-per-service.no-approach": {
        "en": "migration '{migration}' names no approach (rehost is assumed)",
        "nl": "migratie '{migration}' noemt geen aanpak (herhuisvesten wordt aangenomen)",
    },
    "plan-per-service.no-approach.hint": {
        "en": "add 'approach:' ('rehost', 'replatform', 'refactor', 'rebuild', 'replace', 'retire' or 'retain')",
        "nl": "voeg 'approach:' toe ('rehost', 'replatform', 'refactor', 'rebuild', 'replace', 'retire' of 'retain')",
    },
    "plan-per-service.no-target.hint": {
        "en": "add 'target:', or 'candidates:' and the 'decision:' milestone that picks one",
        "nl": "voeg 'target:' toe, of 'candidates:' en de mijlpaal 'decision:' die er één kiest",
    },
    # -- target-ready
    "target-ready.no-readiness": {
        "en": "cutover '{cutover}' lands on '{platform}', which has no readiness milestone",
        "nl": "productiemigratie '{cutover}' landt op '{platform}', dat geen gereedheidsmijlpaal heeft",
    },
    "target-ready.no-readiness.hint": {
        "en": "add 'ready:' to platform '{platform}'",
        "nl": "voeg 'ready:' toe aan platform '{platform}'",
    },
    "target-ready.too-early": {
        "en": "cutover '{cutover}' ({start}) is scheduled before '{ready}' ({ready_finish}): "
        "'{platform}' is not ready yet",
        "nl": "productiemigratie '{cutover}' ({start}) is gepland vóór '{ready}' ({ready_finish}): "
        "'{platform}' is dan nog niet gereed",
    },
    "target-ready.too-early.hint": {
        "en": "make the cutover follow '{ready}' (after: [{ready}])",
        "nl": "laat de productiemigratie volgen op '{ready}' ('after: [{ready}]')",
    },
    "target-ready.no-logic": {
        "en": "cutover '{cutover}' does not wait for '{ready}': its date ({start}) only happens to lie after it "
        "({ready_finish})",
        "nl": "productiemigratie '{cutover}' wacht niet op '{ready}': de datum ({start}) ligt er toevallig na "
        "({ready_finish})",
    },
    "target-ready.no-logic.hint": {
        "en": "add '{ready}' to the cutover's 'after:'",
        "nl": "neem '{ready}' op in 'after:' van de productiemigratie",
    },
    # -- decision-before-cutover
    "decision-before-cutover.no-decision": {
        "en": "cutover '{cutover}' belongs to open migration '{migration}' that has no decision milestone",
        "nl": "productiemigratie '{cutover}' hoort bij open migratie '{migration}', die geen besluitmijlpaal heeft",
    },
    "decision-before-cutover.no-decision.hint": {
        "en": "add 'decision:' to the migration and make the cutover follow it",
        "nl": "voeg 'decision:' toe aan de migratie en laat de productiemigratie erop volgen",
    },
    "decision-before-cutover.too-early": {
        "en": "cutover '{cutover}' ({start}) is scheduled before the landing decision '{decision}' "
        "({decision_finish})",
        "nl": "productiemigratie '{cutover}' ({start}) is gepland vóór het besluit over het landingsplatform "
        "'{decision}' ({decision_finish})",
    },
    "decision-before-cutover.too-early.hint": {
        "en": "make the cutover follow '{decision}'",
        "nl": "laat de productiemigratie volgen op '{decision}'",
    },
    "decision-before-cutover.no-logic": {
        "en": "cutover '{cutover}' does not wait for the landing decision '{decision}'",
        "nl": "productiemigratie '{cutover}' wacht niet op het besluit over het landingsplatform '{decision}'",
    },
    "decision-before-cutover.no-logic.hint": {
        "en": "add '{decision}' to the cutover's 'after:'",
        "nl": "neem '{decision}' op in 'after:' van de productiemigratie",
    },
    "decision-before-cutover.pending": {
        "en": "the landing platform of '{migration}' is not decided ({candidates}); cutover '{cutover}' "
        "({start}) waits for decision '{decision}' (forecast {decision_finish})",
        "nl": "het landingsplatform van '{migration}' is nog niet besloten ({candidates}); productiemigratie "
        "'{cutover}' ({start}) wacht op besluit '{decision}' (prognose {decision_finish})",
    },
    "decision-before-cutover.pending.hint": {
        "en": "the cutover date is provisional until the decision; take the decision, or record the board's "
        "acceptance under 'waivers:'",
        "nl": "de datum van de productiemigratie is voorlopig tot het besluit; neem het besluit, of leg de "
        "acceptatie door de programmaraad vast onder 'waivers:'",
    },
    "decision-before-cutover.no-target": {
        "en": "decision '{decision}' was taken on {decision_finish}, but migration '{migration}' still has no target",
        "nl": "besluit '{decision}' is genomen op {decision_finish}, maar migratie '{migration}' heeft nog geen "
        "doelplatform",
    },
    "decision-before-cutover.no-target.hint": {
        "en": "record the chosen platform: 'target: <platform>'",
        "nl": "leg het gekozen platform vast: 'target: <platform>'",
    },
    # -- rehearsal-and-fallback
    "rehearsal-and-fallback.no-migration": {
        "en": "cutover '{cutover}' belongs to no migration, so it has no fallback scenario",
        "nl": "productiemigratie '{cutover}' hoort bij geen migratie en heeft dus geen terugvalscenario",
    },
    "rehearsal-and-fallback.no-migration.hint": {
        "en": "declare the cutover inside a migration with a 'fallback:'",
        "nl": "neem de productiemigratie op in een migratie met een 'fallback:'",
    },
    "rehearsal-and-fallback.not-preceded": {
        "en": "cutover '{cutover}' is not preceded by {missing} of migration '{migration}'",
        "nl": "productiemigratie '{cutover}' wordt niet voorafgegaan door {missing} van migratie '{migration}'",
    },
    "rehearsal-and-fallback.not-preceded.hint": {
        "en": "add the activity (kind: test-migration, rehearsal or go-no-go) before the cutover",
        "nl": "voeg de activiteit toe ('kind: test-migration', 'kind: rehearsal' of 'kind: go-no-go') vóór de "
        "productiemigratie",
    },
    "rehearsal-and-fallback.missing-test": {
        "en": "a test migration or rehearsal",
        "nl": "een testmigratie of generale repetitie",
    },
    "rehearsal-and-fallback.missing-go": {"en": "a go/no-go", "nl": "een go/no-go-moment"},
    "rehearsal-and-fallback.missing-both": {
        "en": "a test migration or rehearsal and a go/no-go",
        "nl": "een testmigratie of generale repetitie en een go/no-go-moment",
    },
    "rehearsal-and-fallback.no-fallback": {
        "en": "migration '{migration}' has no fallback scenario",
        "nl": "migratie '{migration}' heeft geen terugvalscenario",
    },
    "rehearsal-and-fallback.no-fallback.hint": {
        "en": "add 'fallback:': how the service goes back if the cutover fails",
        "nl": "voeg 'fallback:' toe: hoe de voorziening terugkeert als de productiemigratie mislukt",
    },
    # -- phased-not-big-bang
    "phased-not-big-bang.bunched": {
        "en": "{count} cutovers onto '{platform}' within {window} working days ({names}); at most {max_cutovers}",
        "nl": "{count} productiemigraties naar '{platform}' binnen {window} werkdagen ({names}); hoogstens "
        "{max_cutovers}",
    },
    "phased-not-big-bang.bunched.hint": {
        "en": "spread the cutovers (a lag or a later constraint), or accept it with a waiver",
        "nl": "spreid de productiemigraties (een wachttijd of een latere datumbeperking), of leg de acceptatie "
        "vast onder 'waivers:'",
    },
    # -- source-exit-last
    "source-exit-last.no-exit": {
        "en": "platform '{platform}' has a contract end ({contract_end}) but no exit milestone",
        "nl": "platform '{platform}' heeft een contracteinde ({contract_end}) maar geen exitmijlpaal",
    },
    "source-exit-last.no-exit.hint": {
        "en": "add 'exit:' naming the decommission milestone",
        "nl": "voeg 'exit:' toe met de mijlpaal van de uitfasering",
    },
    "source-exit-last.after-exit": {
        "en": "cutover '{cutover}' off '{platform}' ({finish}) comes after the platform's exit '{exit}' "
        "({exit_finish})",
        "nl": "productiemigratie '{cutover}' van '{platform}' af ({finish}) valt na de exit van het platform "
        "'{exit}' ({exit_finish})",
    },
    "source-exit-last.after-exit.hint": {
        "en": "make '{exit}' follow the cutover",
        "nl": "laat '{exit}' volgen op de productiemigratie",
    },
    "source-exit-last.no-logic": {
        "en": "exit '{exit}' does not wait for cutover '{cutover}' off '{platform}'",
        "nl": "exit '{exit}' wacht niet op productiemigratie '{cutover}' van '{platform}' af",
    },
    "source-exit-last.no-logic.hint": {
        "en": "make '{exit}' follow the cutover (or its decommission)",
        "nl": "laat '{exit}' volgen op de productiemigratie (of op de uitfasering ervan)",
    },
    "source-exit-last.after-contract": {
        "en": "exit '{exit}' of '{platform}' ({exit_finish}) is after the contract end ({contract_end})",
        "nl": "exit '{exit}' van '{platform}' ({exit_finish}) valt na het contracteinde ({contract_end})",
    },
    "source-exit-last.after-contract.hint": {
        "en": "extend the contract, or bring the cutovers forward",
        "nl": "verleng het contract, of haal de productiemigraties naar voren",
    },
    # -- freeze-windows
    "freeze-windows.in-window": {
        "en": "cutover '{cutover}' ({start}) falls in freeze window '{window}' ({window_start} to {window_finish})",
        "nl": "productiemigratie '{cutover}' ({start}) valt in bevriezingsperiode '{window}' ({window_start} "
        "t/m {window_finish})",
    },
    "freeze-windows.in-window.hint": {
        "en": "move the cutover out of the window (e.g. SNET {next_day}, the first working day after it)",
        "nl": "verplaats de productiemigratie buiten de periode (bijvoorbeeld SNET {next_day}, de eerste "
        "werkdag erna)",
    },
    # -- assignment-governance
    "assignment-governance.no-client": {
        "en": "running assignment '{assignment}' names no client",
        "nl": "lopende opdracht '{assignment}' noemt geen opdrachtgever",
    },
    "assignment-governance.no-client.hint": {
        "en": "add 'client:' (opdrachtgever/opdrachtnemer)",
        "nl": "voeg 'client:' (opdrachtgever) toe",
    },
    "assignment-governance.no-contractor": {
        "en": "running assignment '{assignment}' names no contractor",
        "nl": "lopende opdracht '{assignment}' noemt geen opdrachtnemer",
    },
    "assignment-governance.no-contractor.hint": {
        "en": "add 'contractor:' (opdrachtgever/opdrachtnemer)",
        "nl": "voeg 'contractor:' (opdrachtnemer) toe",
    },
    "assignment-governance.no-parties": {
        "en": "running assignment '{assignment}' names no client and no contractor",
        "nl": "lopende opdracht '{assignment}' noemt geen opdrachtgever en geen opdrachtnemer",
    },
    "assignment-governance.no-parties.hint": {
        "en": "add 'client:' (opdrachtgever/opdrachtnemer)",
        "nl": "voeg 'client:' (opdrachtgever) en 'contractor:' (opdrachtnemer) toe",
    },
    "assignment-governance.no-status": {
        "en": "running assignment '{assignment}' has no status in the status update of {date}",
        "nl": "lopende opdracht '{assignment}' heeft geen status in de statusupdate van {date}",
    },
    "assignment-governance.no-status.hint": {
        "en": "report on it under the status update's 'assignments:'",
        "nl": "rapporteer erover onder 'assignments:' van de statusupdate",
    },
    "assignment-governance.late-unexplained": {
        "en": "assignment '{assignment}' is not green ('{milestone}' finishes {slip} working days after the "
        "baseline) but gives no explanation",
        "nl": "opdracht '{assignment}' is niet groen ('{milestone}' eindigt {slip} werkdagen na de "
        "basisplanning) maar geeft geen toelichting",
    },
    "assignment-governance.reported-unexplained": {
        "en": "assignment '{assignment}' is not green (it is reported {rag}) but gives no explanation",
        "nl": "opdracht '{assignment}' is niet groen (gerapporteerd als {rag}) maar geeft geen toelichting",
    },
    "assignment-governance.late-unexplained.hint": {
        "en": "explain cause, consequence and correction in the status update",
        "nl": "licht oorzaak, gevolg en bijsturing toe in de statusupdate",
    },
    "assignment-governance.reported-unexplained.hint": {
        "en": "explain cause, consequence and correction in the status update",
        "nl": "licht oorzaak, gevolg en bijsturing toe in de statusupdate",
    },
    # -- no-false-green
    "no-false-green.late": {
        "en": "assignment '{assignment}' is reported green on {date}, but '{milestone}' finishes {slip} working "
        "days after the baseline (tolerance {tolerance})",
        "nl": "opdracht '{assignment}' is op {date} als groen gerapporteerd, maar '{milestone}' eindigt {slip} "
        "werkdagen na de basisplanning (marge {tolerance})",
    },
    "no-false-green.late.hint": {
        "en": "report it amber or red, with cause, consequence and correction",
        "nl": "rapporteer de opdracht als oranje of rood, met oorzaak, gevolg en bijsturing",
    },
    # -- replan-recorded
    "replan-recorded.no-replaces": {
        "en": "baseline '{baseline}' moves {count} dates of '{earlier}' (e.g. '{example}') without saying it "
        "replaces it",
        "nl": "basisplanning '{baseline}' verschuift {count} datums van '{earlier}' (bijvoorbeeld '{example}') "
        "zonder te zeggen dat ze die vervangt",
    },
    "replan-recorded.no-replaces.hint": {
        "en": "add 'replaces: {earlier}' and 'reason: ...'",
        "nl": "voeg 'replaces: {earlier}' en 'reason: ...' toe",
    },
    "replan-recorded.no-reason": {
        "en": "baseline '{baseline}' moves {count} dates of '{earlier}' (e.g. '{example}') without a reason",
        "nl": "basisplanning '{baseline}' verschuift {count} datums van '{earlier}' (bijvoorbeeld '{example}') "
        "zonder reden",
    },
    "replan-recorded.no-reason.hint": {
        "en": "add 'reason: ...': a re-baseline is a decision, not an edit",
        "nl": "voeg 'reason: ...' toe: een herijking is een besluit, geen bewerking",
    },
    # -- availability-norm
    "availability-norm.below": {
        "en": "availability of '{service}' was {reported} % on {date}, below its norm of {norm} %",
        "nl": "beschikbaarheid van '{service}' was {reported} % op {date}, onder de norm van {norm} %",
    },
    "availability-norm.below.hint": {
        "en": "explain the cause and the correction in the status update",
        "nl": "licht de oorzaak en de bijsturing toe in de statusupdate",
    },
    # -- the engine
    "rule-crashed": {
        "en": "rule '{rule}' crashed: {error}",
        "nl": "regel '{rule}' is vastgelopen: {error}",
    },
    "rule-crashed.hint": {
        "en": "the other rules ran; fix the rule (or disable it under 'rules: disable:')",
        "nl": "de andere regels zijn uitgevoerd; herstel de regel (of zet hem uit onder 'rules: disable:')",
    },
    "waiver.expired": {
        "en": "the waiver accepted by {accepted_by} expired on {expires}",
        "nl": "de acceptatie door {accepted_by} is verlopen op {expires}",
    },
    "waiver.not-yet": {
        "en": "waiver accepted only on {accepted}",
        "nl": "pas geaccepteerd op {accepted}",
    },
    "waiver.waived": {
        "en": "waived: {message} (accepted by {accepted_by} until {expires}: {reason})",
        "nl": "geaccepteerd: {message} (door {accepted_by} tot {expires}: {reason})",
    },
    # -- DCMA
    "dcma.failed": {
        "en": "DCMA check {number} ({name}): {value}, threshold {threshold}; {detail}",
        "nl": "DCMA-controle {number} ({name}): {value}, grens {threshold}; {detail}",
    },
    "dcma.failed-offenders": {
        "en": "DCMA check {number} ({name}): {value}, threshold {threshold}; {detail}: {offenders}",
        "nl": "DCMA-controle {number} ({name}): {value}, grens {threshold}; {detail}: {offenders}",
    },
    "dcma.failed-more": {
        "en": "DCMA check {number} ({name}): {value}, threshold {threshold}; {detail}: {offenders} "
        "(and {more} more)",
        "nl": "DCMA-controle {number} ({name}): {value}, grens {threshold}; {detail}: {offenders} "
        "(en nog {more})",
    },
    "dcma.failed.hint": {
        "en": "see docs/rules.md for what the check means and how to improve the schedule",
        "nl": "zie docs/rules.md voor wat de controle betekent en hoe de planning beter wordt",
    },
    "dcma.failed-offenders.hint": {
        "en": "see docs/rules.md for what the check means and how to improve the schedule",
        "nl": "zie docs/rules.md voor wat de controle betekent en hoe de planning beter wordt",
    },
    "dcma.failed-more.hint": {
        "en": "see docs/rules.md for what the check means and how to improve the schedule",
        "nl": "zie docs/rules.md voor wat de controle betekent en hoe de planning beter wordt",
    },
    "dcma.share": {"en": "{count} of {whole} {what}", "nl": "{count} van {whole} {what}"},
    "dcma.count": {"en": "{count} {what}", "nl": "{count} {what}"},
    "dcma-high-float.name": {"en": "high float (> {days} days)", "nl": "veel speling (> {days} dagen)"},
    "dcma-high-duration.name": {"en": "high duration (> {days} days)", "nl": "lange duur (> {days} dagen)"},
    "dcma.critical-path-test.moved": {
        "en": "delaying '{activity}' by {delay} working days moves the finish by {moved}",
        "nl": "'{activity}' {delay} werkdagen later laten beginnen verschuift het einde met {moved}",
    },
    "dcma.cpli.detail": {
        "en": "critical path {cpl} working days, float to the baseline finish {target} is {slack}",
        "nl": "kritiek pad {cpl} werkdagen, speling tot het einde van de basisplanning {target} is {slack}",
    },
    "dcma.bei.detail": {
        "en": "{done} activities finished, {due} due by {status}",
        "nl": "{done} activiteiten afgerond, {due} volgens planning klaar op {status}",
    },
    **_entries(
        dcma__logic_name=("logic", "logica"),
        dcma__leads_name=("leads", "negatieve wachttijden"),
        dcma__lags_name=("lags", "wachttijden"),
        dcma__relation__types_name=("relationship types", "soorten relaties"),
        dcma__hard__constraints_name=("hard constraints", "harde datumbeperkingen"),
        dcma__negative__float_name=("negative float", "negatieve speling"),
        dcma__invalid__dates_name=("invalid dates", "ongeldige datums"),
        dcma__resources_name=("resources", "middelen"),
        dcma__missed__activities_name=("missed activities", "gemiste activiteiten"),
        dcma__critical__path__test_name=("critical path test", "kritiek-padtest"),
        dcma__cpli_name=("CPLI", "CPLI"),
        dcma__bei_name=("BEI", "BEI"),
        dcma_what_unfinished=("unfinished activities", "niet-afgeronde activiteiten"),
        dcma_what_relations=("relations", "relaties"),
        dcma_what_finish__to__start=("relations are finish-to-start", "relaties zijn einde-begin"),
        dcma_what_due=("activities due by the status date", "activiteiten die op de peildatum klaar moesten zijn"),
        dcma_what_leads=("relations with a lead", "relaties met een negatieve wachttijd"),
        dcma_what_negative=("activities with negative float", "activiteiten met negatieve speling"),
        dcma_what_activities=("activities", "activiteiten"),
        dcma_no__resources=("the portfolio has no resources", "het portfolio heeft geen middelen"),
        dcma_needs__baseline=("needs a baseline", "vraagt een basisplanning"),
        dcma_needs__baseline__status=(
            "needs a baseline and a status date",
            "vraagt een basisplanning en een peildatum",
        ),
        dcma_no__path=(
            "no unstarted task on the driving path to the finish",
            "geen niet-gestarte taak op het bepalende pad naar het einde",
        ),
        # -- terms
        rag_green=("green", "groen"),
        rag_amber=("amber", "oranje"),
        rag_red=("red", "rood"),
        rag_grey=("grey", "grijs"),
        # -- approaches (model.Approach)
        approach_rehost=("rehost", "herhuisvesten"),
        approach_replatform=("replatform", "herplatformen"),
        approach_refactor=("refactor", "herstructureren"),
        approach_rebuild=("rebuild", "herbouwen"),
        approach_replace=("replace", "vervangen"),
        approach_retire=("retire", "uitfaseren"),
        approach_retain=("retain", "behouden"),
        # -- activity kinds (model.ActivityKind)
        kind_task=("task", "taak"),
        kind_milestone=("milestone", "mijlpaal"),
        kind_decision=("decision", "besluit"),
        kind_readiness=("readiness", "gereedheid"),
        kind_test__migration=("test migration", "testmigratie"),
        kind_rehearsal=("rehearsal", "generale repetitie"),
        kind_go__no__go=("go/no-go", "go/no-go-moment"),
        kind_cutover=("cutover", "productiemigratie"),
        kind_decommission=("decommission", "uitfasering"),
        kind_go__live=("go-live", "ingebruikname"),
        # -- phases of an assignment (free text; these common names are translated)
        phase_initiation=("initiation", "initiatie"),
        phase_preparation=("preparation", "voorbereiding"),
        phase_analysis=("analysis", "analyse"),
        phase_design=("design", "ontwerp"),
        phase_build=("build", "bouw"),
        phase_realisation=("realisation", "realisatie"),
        phase_test=("test", "test"),
        phase_implementation=("implementation", "implementatie"),
        phase_migration=("migration", "migratie"),
        phase_transition=("transition", "transitie"),
        phase_aftercare=("aftercare", "nazorg"),
        phase_operation=("operation", "beheer"),
        phase_closure=("closure", "afsluiting"),
    ),
    # -- what-if accounts (portfolio.whatif): what a scenario changed, and why nothing moved
    **_entries(
        whatif_changed=("{record} {id}: {field} {before} → {after}", "{record} {id}: {field} {before} → {after}"),
        whatif_added=("{record} {id} added", "{record} {id} toegevoegd"),
        whatif_removed=("{record} {id} removed", "{record} {id} verwijderd"),
        whatif_kept=("{record} {id} kept as it was", "{record} {id} ongewijzigd"),
        whatif_added_many=("{records} added: {ids}", "{records} toegevoegd: {ids}"),
        whatif_removed_many=("{records} removed: {ids}", "{records} verwijderd: {ids}"),
        whatif_nothing=("nothing changed", "er is niets veranderd"),
        whatif_record_activity=("activity", "activiteit"),
        whatif_record_relation=("relation", "relatie"),
        whatif_record_migration=("migration", "migratie"),
        whatif_record_progress=("progress of", "voortgang van"),
        whatif_record_service=("service", "voorziening"),
        whatif_record_assignment=("assignment", "opdracht"),
        whatif_record_freeze__window=("freeze window", "bevriezingsperiode"),
        whatif_record_platform=("platform", "platform"),
        whatif_record_settings=("portfolio", "portfolio"),
        whatif_record_waiver=("waiver", "ontheffing"),
        whatif_records_activity=("activities", "activiteiten"),
        whatif_records_relation=("relations", "relaties"),
        whatif_records_migration=("migrations", "migraties"),
        whatif_records_progress=("progress of", "voortgang van"),
        whatif_records_service=("services", "voorzieningen"),
        whatif_records_assignment=("assignments", "opdrachten"),
        whatif_records_freeze__window=("freeze windows", "bevriezingsperiodes"),
        whatif_records_platform=("platforms", "platforms"),
        whatif_records_settings=("portfolios", "portfolio's"),
        whatif_records_waiver=("waivers", "ontheffingen"),
        whatif_field_constraint=("constraint", "datumbeperking"),
        whatif_field_deadline=("deadline", "uiterste datum"),
        whatif_field_duration=("duration", "duur"),
        whatif_field_remaining=("remaining work", "resterend werk"),
        whatif_field_lag=("lag", "wachttijd"),
        whatif_field_target=("target", "doelplatform"),
        whatif_field_candidates=("candidates", "kandidaten"),
        whatif_field_platform=("platform", "platform"),
        whatif_field_predecessor=("predecessor", "voorganger"),
        whatif_field_depends__on=("depends on", "afhankelijk van"),
        whatif_field_services=("services", "voorzieningen"),
        whatif_field_migrations=("migrations", "migraties"),
        whatif_field_activities=("activities", "activiteiten"),
        whatif_field_key__milestones=("key milestones", "sleutelmijlpalen"),
        whatif_field_ready=("ready milestone", "gereedmijlpaal"),
        whatif_field_exit=("exit milestone", "exitmijlpaal"),
        whatif_why=("nothing moved: {reasons}", "er is niets verschoven: {reasons}"),
        whatif_why_float=(
            "the float of {ids} took up the change (total float in working days: {detail})",
            "de speling van {ids} heeft de wijziging opgevangen (totale speling in werkdagen: {detail})",
        ),
        whatif_why_same=(
            "the two schedules have the same dates and floats: the change does not reach the schedule",
            "beide planningen hebben dezelfde datums en speling: de wijziging bereikt de planning niet",
        ),
        whatif_why_held=(
            "{ids} kept their dates: a constraint or other predecessors hold them",
            "{ids} behouden hun datums: een datumbeperking of andere voorgangers houden ze vast",
        ),
        whatif_why_done=("{ids} finished: the actual dates govern", "{ids} afgerond: de werkelijke datums gelden"),
        whatif_why_finished=(
            "activity {id} finished on {date}: its actual dates govern, so the new duration moves nothing",
            "activiteit {id} is afgerond op {date}: de werkelijke datums gelden, dus de nieuwe duur verschuift niets",
        ),
        whatif_why_remaining__follows=(
            "activity {id} is in progress on {date}: its remaining work follows from the new duration",
            "activiteit {id} is onderhanden op {date}: het resterende werk volgt uit de nieuwe duur",
        ),
        whatif_why_same__target=(
            "migration {id} already lands on {platform}: nothing to change",
            "migratie {id} landt al op {platform}: er verandert niets",
        ),
        whatif_why_not__candidate=(
            "{platform} was not one of the candidates ({candidates})",
            "{platform} was geen van de kandidaten ({candidates})",
        ),
        whatif_why_no__ready=(
            "platform {platform} names no ready milestone: the cutovers wait for nothing on it",
            "platform {platform} noemt geen gereedmijlpaal: de productiemigraties wachten daar op niets",
        ),
    ),
}


@functools.cache  # the catalogue's texts are few and rendered often (a rule set can give thousands of findings)
def placeholders(template: str) -> frozenset[str]:
    """The names of the ``{placeholders}`` in a text.

    Examples:
        >>> sorted(placeholders("cutover '{cutover}' ({start:%d}) and {cutover}"))
        ['cutover', 'start']
    """
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _check(key: str, texts: Mapping[str, str]) -> None:
    missing = [lang for lang in LANGUAGES if not texts.get(lang, "").strip()]
    if missing:
        raise ValueError(f"message {key!r} has no {' and no '.join(missing)} text")
    names = {lang: placeholders(texts[lang]) for lang in LANGUAGES}
    if len(set(names.values())) > 1:
        raise ValueError(f"message {key!r} has different placeholders per language: "
                         + "; ".join(f"{lang} {sorted(n)}" for lang, n in names.items()))


def register(key: str, *, en: str, nl: str, hint_en: str | None = None, hint_nl: str | None = None) -> None:
    """Add a text (and its hint) to the catalogue: how a user's rule gets its Dutch.

    Both languages must have the same placeholders; a key may be registered
    again with the same texts (a module imported twice), not with others.
    Raises ValueError otherwise.

    Examples:
        >>> register("doc-example.owner", en="service '{service}' has no owner", nl="voorziening '{service}' heeft geen eigenaar")
        >>> render("doc-example.owner", {"service": "digid"}, "nl")
        "voorziening 'digid' heeft geen eigenaar"
        >>> register("doc-example.owner", en="{x}", nl="{y}")
        Traceback (most recent call last):
        ...
        ValueError: message 'doc-example.owner' has different placeholders per language: nl ['y']; en ['x']
    """
    entries = {key: {"en": en, "nl": nl}}
    if hint_en is not None or hint_nl is not None:
        entries[f"{key}.hint"] = {"en": hint_en or "", "nl": hint_nl or ""}
    for name, texts in entries.items():
        _check(name, texts)
        known = _CATALOGUE.get(name)
        if known is not None and dict(known) != texts:
            raise ValueError(f"message {name!r} is already in the catalogue with other texts")
    _CATALOGUE.update(entries)


def catalogue() -> Mapping[str, Mapping[str, str]]:
    """Every entry, read-only: key -> {language: text}."""
    return MappingProxyType(_CATALOGUE)


def has(key: str) -> bool:
    """True when the catalogue has ``key``."""
    return key in _CATALOGUE


def _number(value: float, lang: str) -> str:
    text = str(value)
    return text.replace(".", ",") if lang == "nl" else text


def _value(value: Any, lang: str, fmt: Formatter | None) -> str:
    if isinstance(value, Message):
        return value.text(lang, fmt)
    if fmt is not None:
        custom = fmt(value)
        if custom is not None:
            return custom
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return _number(value, lang)
    if isinstance(value, Iterable):
        return ", ".join(_value(v, lang, fmt) for v in value)
    return str(value)


def render(key: str, params: Mapping[str, Any], lang: str = "en", fmt: Formatter | None = None) -> str | None:
    """The text of ``key`` in ``lang`` with ``params`` filled in; None when the catalogue has no ``key``.

    ``fmt`` may format a value in the renderer's style (return None to keep
    the default: ISO dates, the language's decimal mark).

    Examples:
        >>> render("rule-crashed", {"rule": "x", "error": "KeyError: 'y'"}, "nl")
        "regel 'x' is vastgelopen: KeyError: 'y'"
    """
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not supported; choose one of {', '.join(LANGUAGES)}")
    texts = _CATALOGUE.get(key)
    if texts is None:
        return None
    template = texts[lang]
    return template.format_map({name: _value(params[name], lang, fmt) for name in placeholders(template)})


def text(key: str, lang: str = "en", /, **params: Any) -> str:
    """The text of ``key`` in ``lang``; raises KeyError when the catalogue has no ``key``.

    Examples:
        >>> text("kind.cutover", "nl")
        'productiemigratie'
    """
    found = render(key, params, lang)
    if found is None:
        raise KeyError(key)
    return found


def _term(group: str, value: str, lang: str) -> str:
    found = render(f"{group}.{value}", {}, lang)
    return value if found is None else found


def approach(value: str, lang: str) -> str:
    """A migration approach (``rehost``, ...) in words; an unknown one as it is."""
    return _term("approach", value, lang)


def kind(value: str, lang: str) -> str:
    """An activity kind (``cutover``, ...) in words; an unknown one as it is."""
    return _term("kind", value, lang)


def phase(value: str, lang: str) -> str:
    """An assignment's phase in ``lang`` when it is a common phase name in either language, else as written.

    Examples:
        >>> phase("ontwerp", "en"), phase("Design", "nl"), phase("sprint 3", "nl")
        ('design', 'Ontwerp', 'sprint 3')
    """
    wanted = value.strip().lower()
    for key, texts in _CATALOGUE.items():
        if key.startswith("phase.") and wanted in (texts["en"], texts["nl"]):
            found = texts[lang]
            return found[:1].upper() + found[1:] if value.strip()[:1].isupper() else found
    return value
