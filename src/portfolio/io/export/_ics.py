"""Key milestones and decisions as iCalendar (RFC 5545) events: all-day, on their forecast finish.

Written by hand (no dependency): CRLF line ends, lines folded at 75 octets
without splitting a character, TEXT values escaped (``\\``, ``;``, ``,``,
newlines). Each event's ``UID`` is made of the activity id and the
portfolio's name, so exporting again gives the same UIDs and a calendar
that imports the file updates its events instead of adding new ones. Nothing
reads the clock: ``DTSTAMP`` is the status date (or ``stamp``), and
``SEQUENCE`` the number of status updates up to the status date, so each
new status update raises it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from portfolio.model import ActivityKind, Portfolio
from portfolio.scheduling import Progress, schedule

__all__ = ["events", "fold", "to_ics", "uid"]

DECISIONS: Final = frozenset({ActivityKind.DECISION, ActivityKind.GO_NO_GO})
"""The activity kinds that are decisions (with the migrations' ``decision`` milestones and the key milestones)."""
PRODID: Final = "-//migration-portfolio//portfolio export//NL"


def escape(text: str) -> str:
    r"""A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped, other controls dropped.

    Examples:
        >>> escape("Go; no-go, 2\nrounds\\")
        'Go\\; no-go\\, 2\\nrounds\\\\'
    """
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return re.sub("[\x00-\x08\x0a-\x1f\x7f]", "", text)


def fold(line: str) -> str:
    """One content line folded at 75 octets (continuations start with a space), ending in CRLF.

    Examples:
        >>> fold("SUMMARY:" + "é" * 40).split("\\r\\n")[0].encode()[-2:] == "é".encode()
        True
    """
    data = line.encode("utf-8")
    parts: list[bytes] = []
    limit = 75
    while len(data) > limit:
        cut = limit
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # never inside a UTF-8 sequence
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
        limit = 74  # a continuation line holds the leading space too
    parts.append(data)
    return "\r\n ".join(p.decode("utf-8") for p in parts) + "\r\n"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "portfolio"


def uid(portfolio: Portfolio, activity: str) -> str:
    """The stable UID of an activity's event: ``<activity id>@<portfolio name, as a slug>.portfolio``.

    Examples:
        >>> from portfolio.model import PortfolioSettings
        >>> uid(Portfolio(settings=PortfolioSettings(name="Logius migratie")), "digid.live")
        'digid.live@logius-migratie.portfolio'
    """
    return f"{activity}@{_slug(portfolio.settings.name)}.portfolio"


def events(portfolio: Portfolio) -> list[str]:
    """The ids of the activities that become events: key milestones, decisions, the migrations' decisions.

    Examples:
        >>> from portfolio.model import Activity, PortfolioSettings
        >>> p = Portfolio(settings=PortfolioSettings(key_milestones=("live",)),
        ...               activities=[Activity(id="build"), Activity(id="pick", kind=ActivityKind.DECISION),
        ...                           Activity(id="live")])
        >>> events(p)
        ['pick', 'live']
    """
    chosen = set(portfolio.settings.key_milestones)
    chosen.update(m.decision for m in portfolio.migrations.values() if m.decision)
    chosen.update(a.id for a in portfolio.activities.values() if a.kind in DECISIONS)
    return [ident for ident in portfolio.activities if ident in chosen]


def to_ics(portfolio: Portfolio, *, status_date: dt.date | None = None, stamp: dt.datetime | None = None) -> bytes:
    """The key milestones and decisions as an iCalendar file of all-day events on their forecast finish.

    Args:
        portfolio: the portfolio.
        status_date: schedule as of this date (None: the latest status update's date).
        stamp: the ``DTSTAMP`` of every event (UTC); None takes the status date at 00:00 UTC, else the
            project start.

    Returns:
        The calendar, UTF-8 with CRLF line ends.

    Examples:
        >>> from portfolio.model import Activity, Duration, PortfolioSettings, Relation
        >>> p = Portfolio(settings=PortfolioSettings(name="Demo", start=dt.date(2024, 1, 8),
        ...                                          key_milestones=("live",)),
        ...               activities=[Activity(id="build", duration=Duration(5)), Activity(id="live", name="Live")],
        ...               relations=[Relation(predecessor="build", successor="live")])
        >>> text = to_ics(p).decode()
        >>> [line for line in text.splitlines() if line.startswith(("UID", "DTSTART", "DTSTAMP"))]
        ['UID:live@demo.portfolio', 'DTSTAMP:20240108T000000Z', 'DTSTART;VALUE=DATE:20240112']
    """
    computed = schedule(portfolio, status_date=status_date)
    if stamp is None:
        day = computed.status_date or computed.start
        when = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    else:  # a naive stamp is taken as UTC
        when = stamp.astimezone(dt.UTC) if stamp.tzinfo is not None else stamp.replace(tzinfo=dt.UTC)
    sequence = sum(1 for u in portfolio.status_updates
                   if computed.status_date is not None and u.date <= computed.status_date)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{escape(portfolio.settings.name)}"]
    for ident in events(portfolio):
        activity, row = portfolio.activities[ident], computed[ident]
        done = row.progress is Progress.FINISHED
        what = "besluit" if activity.kind in DECISIONS or ident not in portfolio.settings.key_milestones else "mijlpaal"
        note = (f"{ident} ({activity.kind.value}): {'gerealiseerd' if done else 'prognose'} "
                f"{row.finish.isoformat()}, speling {row.total_float} werkdagen{', kritiek' if row.critical else ''}")
        lines += ["BEGIN:VEVENT", f"UID:{escape(uid(portfolio, ident))}", f"DTSTAMP:{when:%Y%m%dT%H%M%S}Z",
                  f"SEQUENCE:{sequence}", f"DTSTART;VALUE=DATE:{row.finish:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{row.finish + dt.timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{escape(activity.name or ident)}", f"DESCRIPTION:{escape(note)}",
                  f"CATEGORIES:{what}", f"STATUS:{'CONFIRMED' if done else 'TENTATIVE'}", "TRANSP:TRANSPARENT",
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines).encode("utf-8")
