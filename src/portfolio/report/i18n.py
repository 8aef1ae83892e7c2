"""The words of the monthly report: labels, RAG names, dates, months and amounts in Dutch (default) and English.

Month names and date formats come from pendulum's locales (``portfolio._months``); the labels are
this module's. Every renderer takes a `Words` and never writes a
word of its own, so one report reads the same in every format.

Examples:
    >>> import datetime as dt
    >>> nl, en = Words("nl"), Words("en")
    >>> nl.date(dt.date(2023, 10, 2)), en.date(dt.date(2023, 10, 2))
    ('2 oktober 2023', '2 October 2023')
    >>> nl.month("2023-08"), en.month("2023-08")
    ('augustus 2023', 'August 2023')
    >>> nl.money(1850000.0), en.money(1850000.0)
    ('€ 1.850.000', '€1,850,000')
    >>> nl["title"], en.rag(Rag.AMBER)
    ('Maandrapportage lopende opdrachten', 'amber')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Final

from portfolio import _months
from portfolio.model import Rag
from portfolio.slippage import period_end

__all__ = ["LANGUAGES", "Words"]

LANGUAGES: Final = ("nl", "en")
"""The report's languages."""

# duplicates: rows of one shape on purpose: each label in Dutch and English side by side (a translator reads it top to bottom).
_LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "title": {"nl": "Maandrapportage lopende opdrachten", "en": "Monthly report on running assignments"},
    "period": {"nl": "Periode", "en": "Period"},
    "status_date": {"nl": "Peildatum", "en": "Status date"},
    "baseline": {"nl": "Basisplanning", "en": "Baseline"},
    "compared_with": {"nl": "Vergeleken met", "en": "Compared with"},
    "stale_label": {"nl": "Let op", "en": "Note"},
    "stale": {
        "nl": "de laatste statusupdate ({date}) is van vóór {month}; de rapportage toont die stand",
        "en": "the latest status update ({date}) is before {month}; the report shows that state",
    },
    "previous_published": {"nl": "de gepubliceerde rapportage van {label}", "en": "the published report of {label}"},
    "previous_status": {"nl": "de statusupdate van {label}", "en": "the status update of {label}"},
    "previous_none": {"nl": "geen eerdere rapportage", "en": "no earlier report"},
    "summary": {"nl": "Samenvatting", "en": "Summary"},
    "running": {"nl": "Lopende opdrachten", "en": "Running assignments"},
    "rag_counts": {"nl": "Opdrachten per status", "en": "Assignments per status"},
    "budget_total": {"nl": "Budget lopende opdrachten", "en": "Budget of running assignments"},
    "realised_total": {"nl": "Gerealiseerd", "en": "Realised"},
    "comments": {"nl": "Toelichting bij de peildatum", "en": "Notes on the status date"},
    "overview": {"nl": "Overzicht lopende opdrachten", "en": "Overview of running assignments"},
    "details": {"nl": "Opdrachten in detail", "en": "Assignments in detail"},
    "id": {"nl": "Nr.", "en": "No."},
    "assignment": {"nl": "Opdracht", "en": "Assignment"},
    "client": {"nl": "Opdrachtgever", "en": "Client"},
    "contractor": {"nl": "Opdrachtnemer", "en": "Contractor"},
    "owner": {"nl": "Eigenaar", "en": "Owner"},
    "services": {"nl": "Voorzieningen", "en": "Services"},
    "migrations": {"nl": "Migraties", "en": "Migrations"},
    "phase": {"nl": "Fase", "en": "Phase"},
    "start": {"nl": "Start", "en": "Start"},
    "baseline_finish": {"nl": "Einde basisplanning", "en": "Baseline finish"},
    "forecast_finish": {"nl": "Einde prognose", "en": "Forecast finish"},
    "baseline_date": {"nl": "Basisplanning", "en": "Baseline"},
    "forecast": {"nl": "Prognose", "en": "Forecast"},
    "slip_total": {"nl": "Uitloop (wd)", "en": "Slippage (wd)"},
    "slip_since": {"nl": "Sinds vorige (dagen)", "en": "Since last (days)"},
    "rag_time": {"nl": "Tijd", "en": "Time"},
    "rag_money": {"nl": "Geld", "en": "Money"},
    "rag_quality": {"nl": "Kwaliteit", "en": "Quality"},
    "rag_overall": {"nl": "Totaal", "en": "Overall"},
    "rag_reported": {"nl": "Gerapporteerd", "en": "Reported"},
    "budget": {"nl": "Budget", "en": "Budget"},
    "realised": {"nl": "Gerealiseerd", "en": "Realised"},
    "spent": {"nl": "Besteed", "en": "Spent"},
    "explanation": {"nl": "Toelichting", "en": "Explanation"},
    "explanation_missing": {
        "nl": "ONTBREEKT: status is niet groen maar er is geen toelichting",
        "en": "MISSING: the status is not green but there is no explanation",
    },
    "key_milestones": {"nl": "Kernmijlpalen", "en": "Key milestones"},
    "milestone": {"nl": "Mijlpaal", "en": "Milestone"},
    "previous": {"nl": "Vorige prognose", "en": "Previous forecast"},
    "moved": {"nl": "Verschoven (dagen)", "en": "Moved (days)"},
    "progress": {"nl": "Voortgang", "en": "Progress"},
    "next_milestones": {"nl": "Volgende mijlpalen (t/m {date})", "en": "Next milestones (up to {date})"},
    "none": {"nl": "geen", "en": "none"},
    "findings": {"nl": "Bevindingen van de regels", "en": "Findings of the rules"},
    "rule": {"nl": "Regel", "en": "Rule"},
    "severity": {"nl": "Ernst", "en": "Severity"},
    "subject": {"nl": "Onderwerp", "en": "Subject"},
    "message": {"nl": "Bevinding", "en": "Finding"},
    "waived": {"nl": "geaccepteerd", "en": "waived"},
    "waived_header": {"nl": "Geaccepteerd", "en": "Waived"},
    "open_decision": {
        "nl": "landingsplatform nog niet besloten: {candidates}; besluit {decision} verwacht {date}",
        "en": "landing platform not yet decided: {candidates}; decision {decision} expected {date}",
    },
    "open_decision_nodate": {
        "nl": "landingsplatform nog niet besloten: {candidates}",
        "en": "landing platform not yet decided: {candidates}",
    },
    "or": {"nl": "of", "en": "or"},
    "mta": {"nl": "Mijlpaaltrendanalyse (MTA)", "en": "Milestone trend analysis (MTA)"},
    "mta_note": {
        "nl": "Prognose van elke kernmijlpaal per statusupdate.",
        "en": "Forecast of each key milestone per status update.",
    },
    "driving_path": {"nl": "Bepalend pad naar {name}", "en": "Driving path to {name}"},
    "activity": {"nl": "Activiteit", "en": "Activity"},
    "finish": {"nl": "Einde", "en": "Finish"},
    "float": {"nl": "Speling (wd)", "en": "Float (wd)"},
    "availability": {"nl": "Beschikbaarheid per voorziening", "en": "Availability per service"},
    "service": {"nl": "Voorziening", "en": "Service"},
    "domain": {"nl": "Domein", "en": "Domain"},
    "availability_value": {"nl": "Beschikbaarheid (%)", "en": "Availability (%)"},
    "norm": {"nl": "Norm", "en": "Norm"},
    "meets": {"nl": "Voldoet", "en": "Meets"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    "below_norm": {"nl": "{n} onder de norm", "en": "{n} below the norm"},
    "all_meet": {"nl": "alle voorzieningen op of boven de norm", "en": "every service at or above its norm"},
    "movers": {
        "nl": "Grootste verschuivingen sinds de vorige rapportage",
        "en": "Biggest movers since the last report",
    },
    "kind": {"nl": "Soort", "en": "Kind"},
    "kind_assignment": {"nl": "opdracht", "en": "assignment"},
    "kind_milestone": {"nl": "mijlpaal", "en": "milestone"},
    "started": {"nl": "Gestart in de periode", "en": "Started in the period"},
    "finished": {"nl": "Afgerond in de periode", "en": "Finished in the period"},
    "gantt": {"nl": "Planning lopende opdrachten", "en": "Schedule of running assignments"},
    "gantt_note": {
        "nl": "Balk: prognose; dunne balk eronder: basisplanning; lijn: peildatum.",
        "en": "Bar: forecast; thin bar below: baseline; line: status date.",
    },
    "thresholds": {
        "nl": "Grenzen: tijd rood boven {time} werkdagen uitloop; geld oranje vanaf {money} van het "
        "budget, rood boven budget; kwaliteit oranje bij een open waarschuwing of "
        "beschikbaarheid onder de norm, rood bij een open fout. Grijs: nog niet gestart.",
        "en": "Limits: time red beyond {time} working days late; money amber from {money} of the "
        "budget, red over budget; quality amber for an open warning or availability below the "
        "norm, red for an open error. Grey: not started.",
    },
    "wd_note": {
        "nl": "wd = werkdagen; uitloop is prognose min basisplanning (positief = later).",
        "en": "wd = working days; slippage is forecast minus baseline (positive = late).",
    },
    "wd_note_days": {
        "nl": "De standaardkalender werkt ook in het weekend: uitloop telt in dagen van die kalender; "
        "uitloop is prognose min basisplanning (positief = later).",
        "en": "The default calendar works weekends too: slippage counts in its days; "
        "slippage is forecast minus baseline (positive = late).",
    },
    "generated": {"nl": "Opgesteld met portfolio {version}", "en": "Made with portfolio {version}"},
    "progress_not-started": {"nl": "niet gestart", "en": "not started"},
    "progress_in-progress": {"nl": "loopt", "en": "in progress"},
    "progress_finished": {"nl": "gereed", "en": "finished"},
    "rag_green": {"nl": "groen", "en": "green"},
    "rag_amber": {"nl": "oranje", "en": "amber"},
    "rag_red": {"nl": "rood", "en": "red"},
    "rag_grey": {"nl": "grijs", "en": "grey"},
    "severity_error": {"nl": "fout", "en": "error"},
    "severity_warning": {"nl": "waarschuwing", "en": "warning"},
    "severity_info": {"nl": "info", "en": "info"},
    "name": {"nl": "Naam", "en": "Name"},
    "migration": {"nl": "Migratie", "en": "Migration"},
    "approach": {"nl": "Aanpak", "en": "Approach"},
    "from": {"nl": "Van", "en": "From"},
    "to": {"nl": "Naar", "en": "To"},
    "decision": {"nl": "Besluit", "en": "Decision"},
    "sheet_summary": {"nl": "Samenvatting", "en": "Summary"},
    "sheet_assignments": {"nl": "Opdrachten", "en": "Assignments"},
    "sheet_milestones": {"nl": "Mijlpalen per opdracht", "en": "Milestones per assignment"},
    "sheet_next-milestones": {"nl": "Volgende mijlpalen", "en": "Next milestones"},
    "sheet_migrations": {"nl": "Migraties", "en": "Migrations"},
    "sheet_findings": {"nl": "Bevindingen", "en": "Findings"},
    "sheet_key-milestones": {"nl": "Kernmijlpalen", "en": "Key milestones"},
    "sheet_mta": {"nl": "MTA", "en": "MTA"},
    "sheet_driving-path": {"nl": "Bepalend pad", "en": "Driving path"},
    "sheet_availability": {"nl": "Beschikbaarheid", "en": "Availability"},
    "sheet_movers": {"nl": "Verschuivingen", "en": "Movers"},
    "contents": {"nl": "Inhoud", "en": "Contents"},
    "sheet_replans": {"nl": "Herijkingen", "en": "Re-plans"},
    "sheet_restated": {"nl": "Herzien", "en": "Restated"},
    "sheet_evm": {"nl": "Verdiende waarde", "en": "Earned value"},
    "sheet_risk": {"nl": "Planningsrisico", "en": "Schedule risk"},
    "sheet_risks": {"nl": "Risico's", "en": "Risks"},
    "sheet_waves": {"nl": "Golfplanning", "en": "Wave plan"},
    "slip_original": {"nl": "Uitloop oorspr. (wd)", "en": "Slip vs original (wd)"},
    "baseline_original": {"nl": "Oorspronkelijke basisplanning", "en": "Original baseline"},
    "colour_by": {"nl": "Tijdkleur t.o.v.", "en": "Time colour against"},
    "colour_original": {"nl": "de oorspronkelijke basisplanning ({name})", "en": "the original baseline ({name})"},
    "colour_in-force": {"nl": "de geldende basisplanning ({name})", "en": "the baseline in force ({name})"},
    "replans": {"nl": "Herijkingen", "en": "Re-plans"},
    "replan_line": {"nl": "{date}: {name} vervangt {replaces} — {reason}", "en": "{date}: {name} replaces {replaces} — {reason}"},
    "no_replans": {"nl": "geen: de geldende basisplanning is de oorspronkelijke",
                   "en": "none: the baseline in force is the original"},
    "captured": {"nl": "Vastgesteld", "en": "Captured"},
    "replaces": {"nl": "Vervangt", "en": "Replaces"},
    "reason": {"nl": "Reden", "en": "Reason"},
    "history_source": {"nl": "Historie", "en": "History"},
    "history_published": {"nl": "uit de gepubliceerde rapportages ({periods})",
                          "en": "from the published reports ({periods})"},
    "history_recomputed": {"nl": "herberekend uit de huidige bestanden (geen gepubliceerde rapportages)",
                           "en": "recomputed from today's files (no published reports)"},
    "restated": {"nl": "Herziene cijfers", "en": "Restated figures"},
    "restated_note": {
        "nl": "Gepubliceerd cijfer dat de huidige bestanden anders geven (herzien); de rapportage toont het gepubliceerde.",
        "en": "A published figure that today's files give differently (restated); the report shows the published one.",
    },
    "restated_mark": {"nl": "herzien", "en": "restated"},
    "published_value": {"nl": "Gepubliceerd", "en": "Published"},
    "now_value": {"nl": "Nu", "en": "Now"},
    "reason_baseline": {"nl": "een andere basisplanning", "en": "another baseline"},
    "reason_calendars": {"nl": "gewijzigde kalenders", "en": "changed calendars"},
    "reason_file": {"nl": "een gewijzigd bestand", "en": "a changed file"},
    "missed": {"nl": "Gemiste data", "en": "Missed dates"},
    "missed_line": {
        "nl": "{name} ({id}): {what} {date} niet gehaald, {days} {unit} te laat (prognose {forecast})",
        "en": "{name} ({id}): {what} {date} missed, {days} {unit} late (forecast {forecast})",
    },
    "what_deadline": {"nl": "uiterste datum", "en": "deadline"},
    "no_baseline_note": {
        "nl": "Tijd grijs: geen basisplanning voor deze opdracht; telt nooit als groen.",
        "en": "Time grey: no baseline for this assignment; never counted green.",
    },
    "no_baseline_footnote": {
        "nl": "Grijs bij Tijd: geen basisplanning (nog niet gemeten, niet als groen geteld).",
        "en": "Grey for Time: no baseline (not measured, not counted green).",
    },
    "finished_mark": {"nl": "afgerond in de periode", "en": "finished in the period"},
    "findings_count": {"nl": "Bevindingen", "en": "Findings"},
    "findings_count_text": {"nl": "{n} bij lopende opdrachten, {other} overige",
                            "en": "{n} in running assignments, {other} elsewhere"},
    "other_findings": {"nl": "Overige bevindingen", "en": "Other findings"},
    "unit_wd": {"nl": "wd", "en": "wd"},
    "unit_days": {"nl": "dagen", "en": "days"},
    "json_title": {"nl": "Maandrapportage", "en": "Monthly report"},
    # -- the four-monthly report (viermaandsrapportage) --------------------------------------
    "fm_title": {"nl": "Viermaandsrapportage", "en": "Four-monthly report"},
    "fm_span": {"nl": "{first} t/m {last}", "en": "{first} to {last}"},
    "fm_start_state": {"nl": "Stand bij begin", "en": "State at the start"},
    "fm_none_before": {"nl": "geen statusupdate vóór de periode", "en": "no status update before the span"},
    "fm_contents": {"nl": "Inhoud", "en": "Contents"},
    "fm_domains": {"nl": "Samenvatting domeinen", "en": "Summary per domain"},
    "fm_portfolio_part": {"nl": "Portfoliobreed", "en": "Portfolio-wide"},
    "fm_availability": {"nl": "Beschikbaarheid", "en": "Availability"},
    "fm_norm": {"nl": "Norm", "en": "Norm"},
    "fm_meets": {"nl": "Op of boven de norm", "en": "At or above the norm"},
    "fm_all_meet": {"nl": "De beschikbaarheid lag in elke gerapporteerde periode op of boven de norm.",
                    "en": "Availability was at or above the norm in every period reported."},
    "fm_below": {"nl": "Onder de norm: {items}.", "en": "Below the norm: {items}."},
    "fm_no_figure": {"nl": "geen cijfer", "en": "no figure"},
    "fm_key_milestones": {"nl": "Kernmijlpalen", "en": "Key milestones"},
    "fm_forecast_start": {"nl": "Prognose begin", "en": "Forecast at start"},
    "fm_forecast_end": {"nl": "Prognose eind", "en": "Forecast at end"},
    "fm_moved": {"nl": "Verschoven (dagen)", "en": "Moved (days)"},
    "fm_reason": {"nl": "Toelichting", "en": "Reason"},
    "fm_reached": {"nl": "Bereikt in de periode", "en": "Reached in the span"},
    "fm_migrations": {"nl": "Migraties", "en": "Migrations"},
    "fm_decided": {"nl": "Besluiten genomen", "en": "Decisions taken"},
    "fm_open": {"nl": "Besluiten open", "en": "Decisions open"},
    "fm_open_text": {"nl": "{service}: landingsplatform nog niet besloten ({candidates}); besluit verwacht {date}",
                     "en": "{service}: landing platform not yet decided ({candidates}); decision expected {date}"},
    "fm_decided_text": {"nl": "{service}: besloten voor {target}", "en": "{service}: decided for {target}"},
    "fm_finished": {"nl": "Afgerond in de periode", "en": "Finished in the span"},
    "fm_replans": {"nl": "Herijkingen in de periode", "en": "Re-plans in the span"},
    "fm_no_replans": {"nl": "Geen herijking in de periode.", "en": "No re-plan in the span."},
    "fm_waivers": {"nl": "Vrijstellingen nieuw of verlopen", "en": "Waivers new or expiring"},
    "fm_waiver_new": {"nl": "nieuw", "en": "new"},
    "fm_waiver_expires": {"nl": "verloopt", "en": "expires"},
    "fm_finance": {"nl": "Bedrijfsvoering: financiën", "en": "Business operations: finance"},
    "fm_finance_as_of": {"nl": "Stand {date}, op basis van de prognoses.", "en": "As of {date}, on the forecasts."},
    "fm_line": {"nl": "Onderdeel", "en": "Budget line"},
    "fm_group": {"nl": "Groep", "en": "Group"},
    "fm_forecast": {"nl": "Prognose", "en": "Forecast"},
    "fm_under": {"nl": "Onder-/overrealisatie", "en": "Under-/over-realisation"},
    "fm_under_pct": {"nl": "% van budget", "en": "% of budget"},
    "fm_total": {"nl": "Totaal", "en": "Total"},
    "fm_million": {"nl": "€ {amount} miljoen", "en": "€{amount} million"},
    "fm_group_under": {"nl": "{group}: onderrealisatie van {amount} op basis van de prognoses.",
                       "en": "{group}: under-realisation of {amount} on the forecasts."},
    "fm_group_over": {"nl": "{group}: overrealisatie van {amount} op basis van de prognoses.",
                      "en": "{group}: over-realisation of {amount} on the forecasts."},
    "fm_group_offset": {"nl": "Daartegenover: {items}; in totaal {amount}.",
                        "en": "Set against it: {items}; {amount} in all."},
    "fm_group_net": {"nl": "Per saldo {amount} ({percent}) {kind}.", "en": "Net {amount} ({percent}) {kind}."},
    "fm_net_under": {"nl": "onderschrijding", "en": "under budget"},
    "fm_net_over": {"nl": "overschrijding", "en": "over budget"},
    "fm_no_finance": {"nl": "De statusupdates geven geen financiële cijfers.",
                      "en": "The status updates give no finance figures."},
    "fm_sources": {"nl": "Bronnen", "en": "Sources"},
    "fm_source_published": {"nl": "gepubliceerd", "en": "published"},
    "fm_source_recomputed": {"nl": "herberekend", "en": "recomputed"},
    "fm_source_none": {"nl": "geen", "en": "none"},
    "fm_sheet_availability": {"nl": "Beschikbaarheid", "en": "Availability"},
    "fm_sheet_milestones": {"nl": "Kernmijlpalen", "en": "Key milestones"},
    "fm_sheet_events": {"nl": "Gebeurtenissen", "en": "Events"},
    "fm_sheet_finance": {"nl": "Financien", "en": "Finance"},
    "fm_sheet_path": {"nl": "Kritiek pad", "en": "Driving path"},
    "fm_domain": {"nl": "Domein", "en": "Domain"},
    "fm_event": {"nl": "Wat", "en": "What"},
    "risk": {"nl": "Planningsrisico", "en": "Schedule risk"},
    "risk_note": {
        "nl": "Monte-Carlosimulatie van de planning met de onzekerheid en het risicoregister uit de bestanden: "
              "{runs} simulatierondes, startgetal {seed}. P50 en P80 zijn de data die in 50 % en 80 % van de "
              "rondes gehaald worden.",
        "en": "Monte Carlo simulation of the schedule with the files' uncertainty and risk register: "
              "{runs} runs, seed {seed}. P50 and P80 are the dates reached in 50% and 80% of the runs.",
    },
    "risk_plan": {"nl": "Planning", "en": "Plan"},
    "deadline": {"nl": "Uiterste datum", "en": "Deadline"},
    "chance": {"nl": "Kans op halen", "en": "Chance of meeting it"},
    "risks_top": {"nl": "Grootste risico's (dagen erbij op de P80 van {milestone})",
                  "en": "Top risks (days added to the P80 of {milestone})"},
    "risk_id": {"nl": "Risico", "en": "Risk"},
    "description": {"nl": "Omschrijving", "en": "Description"},
    "probability": {"nl": "Kans", "en": "Probability"},
    "p80_without": {"nl": "P80 zonder", "en": "P80 without"},
    "days_added": {"nl": "Dagen erbij", "en": "Days added"},
    "waves": {"nl": "Golfplanning onder capaciteit", "en": "Wave plan under capacity"},
    "waves_note": {
        "nl": "De planning gelijkgetrokken tegen de capaciteit van de teams en platforms: einde "
              "{cpm} bij onbeperkte capaciteit, {levelled} gelijkgetrokken; {delayed} activiteiten beginnen later. "
              "Golven van {months} maanden; de belasting in geplande / beschikbare fte-dagen.",
        "en": "The schedule levelled against the teams' and platforms' capacity: finish "
              "{cpm} with unlimited capacity, {levelled} levelled; {delayed} activities start later. "
              "Waves of {months} months; the load in planned / available FTE-days.",
    },
    "waves_exit": {"nl": "Exit {platform}: {cpm} bij onbeperkte capaciteit, {levelled} gelijkgetrokken.",
                   "en": "Exit of {platform}: {cpm} with unlimited capacity, {levelled} levelled."},
    "wave": {"nl": "Golf", "en": "Wave"},
    "wave_from": {"nl": "Van", "en": "From"},
    "wave_to": {"nl": "Tot en met", "en": "To"},
    "wave_services": {"nl": "Voorzieningen", "en": "Services"},
    "wave_load": {"nl": "Belasting per team", "en": "Load per team"},
    "wave_risks": {"nl": "Risico's", "en": "Risks"},
    "wave_late": {"nl": "{service} vóór {dependency} (golf {wave})", "en": "{service} before {dependency} (wave {wave})"},
    "wave_overloaded": {"nl": "{team} overbelast", "en": "{team} overloaded"},
    "evm": {"nl": "Verdiende waarde per opdracht", "en": "Earned value per assignment"},
    "evm_detail": {"nl": "Geld naar verdiende waarde", "en": "Money by earned value"},
    "eac": {"nl": "Verwachte eindkosten (EAC)", "en": "Estimate at completion (EAC)"},
    "money_rule": {"nl": "Geldregel", "en": "Money rule"},
    "money_rule_evm": {"nl": "CPI en EAC", "en": "CPI and EAC"},
    "money_rule_spend": {"nl": "besteding", "en": "spend"},
}

_DAY_UNITS: Final = {"nl": "(dagen)", "en": "(days)"}
"""Labels that name working days: on a calendar that works weekends they count days (``(wd)`` becomes this)."""


class Words:
    """The labels and formats of one language (``nl`` or ``en``); ``words["key"]`` gives a label."""

    def __init__(self, lang: str = "nl", *, unit: str = "wd") -> None:
        """``unit`` is ``wd`` (working days of a Mon-Fri calendar) or ``days`` (a calendar that works weekends).

        Examples:
            >>> Words("nl", unit="days")["slip_total"], Words("en")["slip_total"]
            ('Uitloop (dagen)', 'Slippage (wd)')
        """
        if lang not in LANGUAGES:
            raise ValueError(f"language {lang!r} is not supported; choose one of {', '.join(LANGUAGES)}")
        self.lang = lang
        self.unit = unit

    def __getitem__(self, key: str) -> str:
        if self.unit == "days" and f"{key}_days" in _LABELS:
            key = f"{key}_days"
        text = _LABELS[key][self.lang]
        return text.replace("(wd)", _DAY_UNITS[self.lang]) if self.unit == "days" else text

    @property
    def unit_text(self) -> str:
        """The unit slips count in: ``wd`` or ``dagen``/``days``."""
        return self[f"unit_{self.unit}"]

    def __call__(self, key: str, **values: object) -> str:
        """A label with its ``{placeholders}`` filled in."""
        return self[key].format(**values)

    def date(self, day: dt.date | None) -> str:
        """A date written out (``2 oktober 2023``); ``-`` for none."""
        if day is None:
            return "-"
        return _months.written(day, "D MMMM YYYY", self.lang)

    def short_date(self, day: dt.date | None) -> str:
        """A short date for tables (``2 okt. 2023``, ``2 Oct 2023``); ``-`` for none."""
        if day is None:
            return "-"
        return _months.written(day, "D MMM YYYY", self.lang)

    def month(self, period: str) -> str:
        """A ``YYYY-MM`` period as month and year (``augustus 2023``)."""
        return _months.written(period_end(period), "MMMM YYYY", self.lang)

    def month_abbr(self, day: dt.date) -> str:
        """A month as a short axis label (``okt. 23``)."""
        return _months.written(day, "MMM YY", self.lang)

    def number(self, value: float, decimals: int = 0) -> str:
        """A number with the language's separators."""
        text = f"{value:,.{decimals}f}"
        if self.lang == "nl":
            text = text.replace(",", "_").replace(".", ",").replace("_", ".")
        return text

    def money(self, value: float | None) -> str:
        """An amount in euros; ``-`` for none."""
        if value is None:
            return "-"
        return f"€ {self.number(value)}" if self.lang == "nl" else f"€{self.number(value)}"

    def percent(self, value: float | None, decimals: int = 0) -> str:
        """A percentage (the value in percent, e.g. 99.8); ``-`` for none."""
        if value is None:
            return "-"
        return f"{self.number(value, decimals)} %" if self.lang == "nl" else f"{self.number(value, decimals)}%"

    def signed(self, value: int | None) -> str:
        """``+3``, ``-2``, ``0``; ``-`` for none."""
        if value is None:
            return "-"
        return f"{value:+d}" if value else "0"

    def rag(self, value: Rag | None) -> str:
        """A RAG status's name; ``-`` for none."""
        return "-" if value is None else self[f"rag_{value.value}"]

    def progress(self, value: str) -> str:
        """``not-started``, ``in-progress`` or ``finished`` in words."""
        return self[f"progress_{value}"]

    def severity(self, value: str) -> str:
        """A finding's severity in words."""
        key = f"severity_{value}"
        return self[key] if key in _LABELS else value

    def yes_no(self, value: bool | None) -> str:
        """``ja``/``nee``; ``-`` for none."""
        return "-" if value is None else self["yes"] if value else self["no"]
