"""What-if scenarios: change a portfolio in one line, schedule it again, and compare the two schedules.

Every scenario function takes a [`Portfolio`][portfolio.model.Portfolio] and
returns a `Scenario`: the **new** portfolio (the records are frozen;
the input is never changed) and an account of what it changed, record by
record. It unpacks as ``new, account = delay(...)``, and every scenario
function also takes a Scenario, so scenarios chain (the account grows) and
the original stays at hand for the comparison:

Examples:
    >>> from portfolio.io import load
    >>> from portfolio.scheduling import schedule
    >>> p = load("examples/logius").portfolio
    >>> late, account = delay(p, "digipoort.landing-decision", "3mo")
    >>> print(account)
    activity digipoort.landing-decision: constraint — → FNET 2024-05-08
    >>> result = compare(schedule(p), schedule(late), portfolio=p)
    >>> move = result["easi.exit"]
    >>> str(move.finish_before), str(move.finish_after), move.finish_shift
    ('2024-09-27', '2024-12-20', 60)
    >>> p.activities["digipoort.landing-decision"].constraint is None     # the original is untouched
    True

- `delay`: an activity or decision happens later (an SNET or FNET
  constraint, or a lag on the relations into it);
- `change_duration`: an activity takes longer or shorter (for work in
  progress, its remaining work too);
- `choose_platform`: an open landing decision is taken, or a
  migration is sent to another platform, with every link that follows;
- `remove_service` (and `plan_removal`, which also says what
  was dropped in sentences): a service leaves the portfolio with its
  migrations, activities and the references to them;
- `compare`: what moved between two schedules, by how much (working
  and calendar days), the effect on the key milestones, and why nothing
  moved when nothing did.

What a scenario cannot mean is refused: an unknown id raises
`UnknownIdError` (a KeyError naming the closest ids), a negative
delay or duration `ScenarioError` (a ValueError with a hint).
"""

from __future__ import annotations

from portfolio.whatif._change import Via, change_duration, choose_platform, delay
from portfolio.whatif._compare import Comparison, Move, compare
from portfolio.whatif._removal import Removal, plan_removal, remove_service
from portfolio.whatif._scenario import Account, Change, Scenario, ScenarioError, UnknownIdError

__all__ = [
    "Account",
    "Change",
    "Comparison",
    "Move",
    "Removal",
    "Scenario",
    "ScenarioError",
    "UnknownIdError",
    "Via",
    "change_duration",
    "choose_platform",
    "compare",
    "delay",
    "plan_removal",
    "remove_service",
]
