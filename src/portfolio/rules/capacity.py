"""The capacity rule: the plan asks no more of a team or a landing platform than it can carry.

The rule set ``capacity`` holds one rule, ``capacity-overload``: from the
status date on, no team is planned beyond its FTE on any working day, and no
platform takes on more cutovers in a month than its onboarding limit, each
beyond the ``tolerance`` of the portfolio's ``capacity:`` section
([Capacity](../capacity.md)). A portfolio without that section has nothing
to overload.

Examples:
    >>> import datetime as dt
    >>> from portfolio.model import Activity, Capacity, Demand, Duration, Portfolio, PortfolioSettings, Team
    >>> from portfolio.rules.engine import evaluate
    >>> from portfolio.scheduling import schedule
    >>> cap = Capacity(teams=[Team(id="t", size=2)], demand=[Demand(activities="*", team="t", amount=2)])
    >>> p = Portfolio(settings=PortfolioSettings(start=dt.date(2024, 1, 8), calendar="standard"), capacity=cap,
    ...               activities=[Activity(id="a", duration=Duration(5)), Activity(id="b", duration=Duration(5))])
    >>> (finding,) = evaluate(p, schedule(p), RULES).findings
    >>> print(finding.text("en"))
    team 't' is planned at up to 4 FTE a day in 2024-01, above its 2 FTE (tolerance 0 %)
    >>> print(finding.text("nl"))
    team 't' is in 2024-01 ingepland voor tot 4 fte per dag, boven zijn 2 fte (tolerantie 0 %)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from portfolio import messages
from portfolio.capacity import overloads
from portfolio.model import Portfolio
from portfolio.rules.engine import Finding, rule
from portfolio.scheduling import Schedule

__all__ = ["RULES", "capacity_overload"]

_SET: Final = "capacity"

messages.register(
    "capacity-overload.team",
    en="team '{team}' is planned at up to {peak} FTE a day in {month}, above its {limit} FTE (tolerance "
    "{tolerance} %)",
    nl="team '{team}' is in {month} ingepland voor tot {peak} fte per dag, boven zijn {limit} fte (tolerantie "
    "{tolerance} %)",
    hint_en="run 'portfolio level' for a plan the team can carry and move the work it delays, or give team "
    "'{team}' more FTE from {month} on (a 'periods:' entry 'from: {month}-01' under the team)",
    hint_nl="laat 'portfolio level' een plan maken dat het team aankan en verschuif het werk dat het uitstelt, of "
    "geef team '{team}' vanaf {month} meer fte (een regel 'from: {month}-01' onder 'periods:' van het team)",
)
messages.register(
    "capacity-overload.platform",
    en="platform '{platform}' takes on {peak} cutovers in {month}, above its {limit} a month (tolerance "
    "{tolerance} %)",
    nl="platform '{platform}' krijgt in {month} {peak} productiemigraties, boven zijn {limit} per maand "
    "(tolerantie {tolerance} %)",
    hint_en="spread the cutovers over more months ('portfolio waves' proposes waves), or raise "
    "'cutovers_per_month' of '{platform}' if the platform can take more",
    hint_nl="spreid de productiemigraties over meer maanden ('portfolio waves' stelt golven voor), of verhoog "
    "'cutovers_per_month' van '{platform}' als het platform meer aankan",
)


def _amount(value: float) -> int | float:
    """A figure as a message shows it: whole numbers without ``.0``, others to two decimals."""
    return int(value) if value == int(value) else round(value, 2)


@rule(id="capacity-overload", title="The plan fits the teams and platforms", ruleset=_SET)
def capacity_overload(portfolio: Portfolio, schedule: Schedule) -> Iterator[Finding]:
    """From the status date on, no team or landing platform is planned beyond its capacity and the tolerance.

    A team is overloaded on a working day when the FTE its planned
    activities need (``demand:``) exceed its size that day by more than the
    section's ``tolerance``; a platform in a month when more cutovers land on
    it than ``cutovers_per_month`` allows, beyond the tolerance. One finding
    per team or platform and month, at the team's or limit's line.

    Rationale: the AC ICT found the original plan unachievable largely
    because it asked more of the teams (some 170 vacancies, 39.4 % external
    hire) and of the landing platforms than they could carry; a CPM
    schedule assumes unlimited people, so only a check against capacity
    shows it.

    Source: AC ICT advice on the Logius exit from EASI (2023); issue 19.
    """
    capacity = portfolio.capacity
    if not (capacity.teams or capacity.platforms):
        return
    sources = {("team", t.id): t.source for t in capacity.teams}
    sources.update({("platform", p.platform): p.source for p in capacity.platforms})
    tolerance = _amount(capacity.tolerance * 100)
    for found in overloads(portfolio, capacity, schedule, since=schedule.status_date):
        params: dict[str, Any] = {found.kind: found.subject, "month": found.month, "peak": _amount(found.peak),
                                     "limit": _amount(found.limit), "tolerance": tolerance}
        yield Finding.of(f"capacity-overload.{found.kind}", found.subject,
                         source=sources.get((found.kind, found.subject)), **params)


RULES: Final = (capacity_overload,)
"""The capacity rules, in the order of ``docs/rules.md``."""
