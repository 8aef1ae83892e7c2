"""The words of the monthly report: labels, RAG names, dates, months and amounts in Dutch (default) and English.

Month names and date formats come from pendulum's locales; the labels are
this module's. Every renderer takes a :class:`Words` and never writes a
word of its own, so one report reads the same in every format.

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

import pendulum

from portfolio.model import Rag
from portfolio.slippage import period_end

__all__ = ["LANGUAGES", "Words"]

#: The report's languages.
LANGUAGES: Final = ("nl", "en")

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
}


class Words:
    """The labels and formats of one language (``nl`` or ``en``); ``words["key"]`` gives a label."""

    def __init__(self, lang: str = "nl") -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"language {lang!r} is not supported; choose one of {', '.join(LANGUAGES)}")
        self.lang = lang

    def __getitem__(self, key: str) -> str:
        return _LABELS[key][self.lang]

    def __call__(self, key: str, **values: object) -> str:
        """A label with its ``{placeholders}`` filled in."""
        return self[key].format(**values)

    def date(self, day: dt.date | None) -> str:
        """A date written out (``2 oktober 2023``); ``-`` for none."""
        if day is None:
            return "-"
        return pendulum.date(day.year, day.month, day.day).format("D MMMM YYYY", locale=self.lang)

    def short_date(self, day: dt.date | None) -> str:
        """A short date for tables (``2 okt. 2023``, ``2 Oct 2023``); ``-`` for none."""
        if day is None:
            return "-"
        return pendulum.date(day.year, day.month, day.day).format("D MMM YYYY", locale=self.lang)

    def month(self, period: str) -> str:
        """A ``YYYY-MM`` period as month and year (``augustus 2023``)."""
        end = period_end(period)
        return pendulum.date(end.year, end.month, 1).format("MMMM YYYY", locale=self.lang)

    def month_abbr(self, day: dt.date) -> str:
        """A month as a short axis label (``okt. 23``)."""
        return pendulum.date(day.year, day.month, 1).format("MMM YY", locale=self.lang)

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
