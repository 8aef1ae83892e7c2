"""The Mermaid Gantt and the iCalendar export: their content, Mermaid's grammar, and RFC 5545 by ``icalendar``."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import attrs
import icalendar
import pytest

from portfolio.io import load
from portfolio.io.export import to_ics, to_mermaid
from portfolio.model import (
    Activity,
    ActivityKind,
    ActivityProgress,
    CalendarSpec,
    Duration,
    Migration,
    Portfolio,
    PortfolioSettings,
    Relation,
    Service,
    StatusUpdate,
)
from portfolio.scheduling import schedule

START = dt.date(2024, 12, 16)  # a Monday, with Christmas ahead


def plan(calendar: str = "rijk") -> Portfolio:
    return Portfolio(
        settings=PortfolioSettings(name="Logius; test, plan", start=START, calendar=calendar,
                                   key_milestones=("digid.live",)),
        services=[Service(id="digid", name="DigiD"), Service(id="mijn", name="MijnOverheid")],
        migrations=[Migration(id="digid.lpc", service="digid", name="Naar LPC", decision="digid.pick")],
        activities=[
            Activity(id="digid.build", name="Build: fase 1; #2", duration=Duration(10), service="digid"),
            Activity(id="digid.pick", name="Besluit landing", kind=ActivityKind.DECISION, migration="digid.lpc"),
            Activity(id="digid.move", name="Move", duration=Duration(3), migration="digid.lpc"),
            Activity(id="digid.live", name="Live, eindelijk; echt\nklaar " + "é" * 60, kind=ActivityKind.GO_LIVE),
            Activity(id="mijn.docs", name="Docs", duration=Duration(2), service="mijn"),
        ],
        relations=[Relation(predecessor="digid.build", successor="digid.pick"),
                   Relation(predecessor="digid.pick", successor="digid.move"),
                   Relation(predecessor="digid.move", successor="digid.live")],
        status_updates=[StatusUpdate(date=dt.date(2024, 12, 20), progress={
            "digid.build": ActivityProgress(activity="digid.build", actual_start=START),
            "mijn.docs": ActivityProgress(activity="mijn.docs", actual_start=START,
                                          actual_finish=dt.date(2024, 12, 17))})])


# --- Mermaid ------------------------------------------------------------------------------------

HEADER = re.compile(r"^(gantt|    title [^:;#]+|    dateFormat YYYY-MM-DD|    axisFormat %d-%m-%Y|    todayMarker off"
                    r"|    excludes (weekends|[a-z]+day|\d{4}-\d\d-\d\d)(, (\d{4}-\d\d-\d\d|[a-z]+day))*"
                    r"|    section [^:;#\n]+)$")
TASK = re.compile(r"^    (?P<name>[^:;#\n]+) :(?P<tags>((milestone|crit|done|active), )*)(?P<id>t\d+), "
                  r"(?P<start>\d{4}-\d\d-\d\d), (?P<end>\d{4}-\d\d-\d\d|0d)$")


def parse_gantt(text: str) -> dict[str, list[dict[str, str]]]:
    """A small grammar of the Mermaid gantt lines the export writes: sections and their tasks (fails on others)."""
    lines = text.splitlines()
    assert lines[0] == "gantt"
    sections: dict[str, list[dict[str, str]]] = {}
    current = None
    for line in lines:
        task = TASK.match(line)
        if task is not None:
            assert current is not None, f"a task before any section: {line!r}"
            sections[current].append(task.groupdict())
            continue
        assert HEADER.match(line), f"not Mermaid gantt syntax: {line!r}"
        if line.startswith("    section "):
            current = line.removeprefix("    section ")
            sections[current] = []
    return sections


def test_mermaid_sections_per_service_with_their_migrations() -> None:
    sections = parse_gantt(to_mermaid(plan()))
    assert {name: [t["id"] for t in tasks] for name, tasks in sections.items()} == {
        "DigiD": ["t1", "t2", "t3"], "MijnOverheid": ["t5"], "Overig": ["t4"]}


def test_mermaid_tags_follow_the_schedule() -> None:
    portfolio = plan()
    computed = schedule(portfolio)
    tasks = {t["id"]: t for ts in parse_gantt(to_mermaid(portfolio)).values() for t in ts}
    assert tasks["t1"]["tags"] == "crit, active, "  # in progress on the critical path
    assert tasks["t5"]["tags"] == "done, "
    assert tasks["t2"]["tags"] == "milestone, crit, "
    assert (tasks["t2"]["start"], tasks["t2"]["end"]) == (computed["digid.pick"].finish.isoformat(), "0d")
    move = computed["digid.move"]
    assert tasks["t3"]["start"] == move.start.isoformat()
    assert tasks["t3"]["end"] == (move.finish + dt.timedelta(days=1)).isoformat()  # Mermaid's end is exclusive
    assert tasks["t1"]["name"] == "Build fase 1 2"  # its ':', ';' and '#' would end the name in Mermaid


def test_mermaid_excludes_the_calendar_s_closed_days() -> None:
    text = to_mermaid(plan())
    line = next(x for x in text.splitlines() if x.startswith("    excludes"))
    assert line.startswith("    excludes weekends, ")
    assert "2024-12-25, 2024-12-26" in line
    assert "2025-01-01" in line
    four_days = plan(calendar="four")
    four_days = attrs.evolve(four_days, calendars=[CalendarSpec(id="four", base="none", workweek=(0, 1, 2, 3))])
    assert "    excludes friday, saturday, sunday" in to_mermaid(four_days).splitlines()


def test_mermaid_of_the_example_parses() -> None:
    portfolio = load("examples/logius").portfolio
    sections = parse_gantt(to_mermaid(portfolio))
    assert sum(len(t) for t in sections.values()) == len(portfolio.activities)


# --- iCalendar ----------------------------------------------------------------------------------

def events(data: bytes) -> dict[str, icalendar.cal.Component]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_ics_holds_key_milestones_and_decisions_on_their_forecast_finish() -> None:
    portfolio = plan()
    computed = schedule(portfolio)
    found = events(to_ics(portfolio))
    assert sorted(found) == ["digid.live@logius-test-plan.portfolio", "digid.pick@logius-test-plan.portfolio"]
    live = found["digid.live@logius-test-plan.portfolio"]
    assert live.decoded("DTSTART") == computed["digid.live"].finish  # an all-day date, not a date-time
    assert type(live.decoded("DTSTART")) is dt.date
    assert live.decoded("DTEND") == computed["digid.live"].finish + dt.timedelta(days=1)
    assert str(live["SUMMARY"]) == "Live, eindelijk; echt\nklaar " + "é" * 60  # escaped, folded, read back whole
    assert live.decoded("DTSTAMP") == dt.datetime(2024, 12, 20, tzinfo=dt.UTC)  # the status date, not the clock
    assert int(live["SEQUENCE"]) == 1


def test_ics_lines_are_folded_and_end_in_crlf() -> None:
    data = to_ics(plan())
    assert data.count(b"\r\n") == data.count(b"\n")
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)
    for line in lines:
        line.decode("utf-8")  # never cut inside a character


def test_ics_re_export_keeps_the_uids_and_raises_the_sequence() -> None:
    portfolio = plan()
    later = attrs.evolve(portfolio, status_updates=[*portfolio.status_updates,
                                                    StatusUpdate(date=dt.date(2025, 1, 10))])
    first, second = events(to_ics(portfolio)), events(to_ics(later))
    assert sorted(first) == sorted(second)
    for key in first:
        assert int(second[key]["SEQUENCE"]) == int(first[key]["SEQUENCE"]) + 1
        assert second[key].decoded("DTSTAMP") > first[key].decoded("DTSTAMP")
    assert to_ics(portfolio) == to_ics(portfolio)  # deterministic: no clock


def test_ics_stamp_parameter() -> None:
    stamp = dt.datetime(2025, 3, 1, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    found = events(to_ics(plan(), stamp=stamp))
    assert {e.decoded("DTSTAMP") for e in found.values()} == {dt.datetime(2025, 3, 1, 11, 30, tzinfo=dt.UTC)}


@pytest.mark.parametrize("name", ["", "::;;", "Ünïcode ✓"])
def test_ics_uid_is_derived_from_the_portfolio_and_activity(name: str) -> None:
    portfolio = attrs.evolve(plan(), settings=attrs.evolve(plan().settings, name=name))
    uids = sorted(events(to_ics(portfolio)))
    assert all(u.startswith(("digid.live@", "digid.pick@")) and u.endswith(".portfolio") for u in uids)
    assert len(set(uids)) == 2


def test_ics_of_the_example_validates() -> None:
    portfolio = load("examples/logius").portfolio
    found = events(to_ics(portfolio))
    assert len(found) >= len(portfolio.settings.key_milestones)
    assert all(type(e.decoded("DTSTART")) is dt.date for e in found.values())


# --- Mermaid, rendered (optional) ---------------------------------------------------------------

PAGE = """<html><body><pre id="out">pending</pre><script src="{script}"></script><script>
mermaid.initialize({{startOnLoad: false}});
mermaid.render("chart", {text}).then(r => {{
  document.getElementById("out").textContent = "rendered " + (r.svg.match(/<rect[^>]*class="task/g) || []).length;
}}).catch(e => {{ document.getElementById("out").textContent = "error " + e; }});
</script></body></html>"""


def test_mermaid_renders_in_a_browser(tmp_path: Path) -> None:
    """Mermaid's own JavaScript draws every activity as a bar (optional: set PORTFOLIO_MERMAID_JS to a
    mermaid.min.js, from ``npm install mermaid``; needs chromium)."""
    script = os.environ.get("PORTFOLIO_MERMAID_JS")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not script or not Path(script).is_file() or browser is None:
        pytest.skip("set PORTFOLIO_MERMAID_JS to mermaid.min.js and install chromium to render the chart")
    portfolio = load("examples/logius").portfolio
    page = tmp_path / "chart.html"
    page.write_text(PAGE.format(script=Path(script).resolve().as_uri(),
                                text=json.dumps(to_mermaid(portfolio))), encoding="utf-8")
    done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
                           "--virtual-time-budget=20000", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=300, check=False)
    found = re.search(r'<pre id="out">([^<]*)</pre>', done.stdout)
    assert found is not None, done.stderr[-2000:]
    assert found.group(1) == f"rendered {len(portfolio.activities)}"
