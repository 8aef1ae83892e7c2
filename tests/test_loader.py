"""The YAML loader: ids, relations, durations, constraints, baselines, status, files, errors."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from portfolio.diagnostics import LoadResult
from portfolio.io import load
from portfolio.model import (
    ActivityKind,
    AssignmentStatus,
    Constraint,
    ConstraintType,
    Duration,
    RelationType,
)


def write(folder: Path, files: dict[str, str]) -> Path:
    """Write dedented files below ``folder`` and return the folder."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def load_text(folder: Path, text: str) -> LoadResult:
    """Load one file ``plan.yaml`` holding ``text``."""
    return load(write(folder, {"plan.yaml": text}) / "plan.yaml")


def codes(result: LoadResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def edges(result: LoadResult) -> set[tuple[str, str, RelationType, Duration]]:
    return {(r.predecessor, r.successor, r.type, r.lag) for r in result.portfolio.relations}


SERVICES = """\
platforms:
  - id: lpc
    name: LPC
    activities:
      - {id: ready}
services:
  - id: digid
    name: DigiD
    activities:
      - {id: build, duration: 10d}
      - {id: test, duration: 5d}
"""


# -- ids ------------------------------------------------------------------------------------


@pytest.mark.parametrize("ref", ["build", "digid.build"])
def test_local_and_full_id_reach_the_same_activity(tmp_path: Path, ref: str) -> None:
    """Inside a service a predecessor may be written as its local or its full id."""
    result = load_text(tmp_path, SERVICES + f"      - {{id: live, after: [{ref}]}}\n")
    assert [] == codes(result)
    assert {("digid.build", "digid.live", RelationType.FS, Duration(0))} == edges(result)


def test_full_id_reaches_another_service_or_platform(tmp_path: Path) -> None:
    """A full id reaches an activity of a platform from inside a service."""
    result = load_text(tmp_path, SERVICES + "      - {id: live, after: [lpc.ready]}\n")
    assert [] == codes(result)
    assert {("lpc.ready", "digid.live", RelationType.FS, Duration(0))} == edges(result)


def test_local_id_is_looked_up_first(tmp_path: Path) -> None:
    """A reference is resolved in the enclosing service before it is taken as a full id."""
    text = """\
    services:
      - id: lpc
        name: LPC as a service
        activities: [{id: ready}, {id: live, after: [ready]}]
      - id: other
        name: Other
        activities: [{id: lpc}]
    """
    result = load_text(tmp_path, text)
    assert [] == codes(result)
    assert {("lpc.ready", "lpc.live", RelationType.FS, Duration(0))} == edges(result)


def test_activity_ids_are_full_and_keep_their_scope(tmp_path: Path) -> None:
    """Activities of a service, migration and platform get full ids and know where they belong."""
    text = SERVICES + textwrap.indent(
        "migrations:\n  - id: move\n    target: lpc\n    activities: [{id: cutover, kind: cutover}]\n", "    "
    )
    result = load_text(tmp_path, text)
    assert [] == codes(result)
    acts = result.portfolio.activities
    assert ["lpc.ready", "digid.cutover", "digid.build", "digid.test"] == list(acts)
    assert ("digid", "digid.move", None) == (
        acts["digid.cutover"].service,
        acts["digid.cutover"].migration,
        acts["digid.cutover"].platform,
    )
    assert "lpc" == acts["lpc.ready"].platform
    assert "digid.move" in result.portfolio.migrations


def test_top_level_activities_and_relations(tmp_path: Path) -> None:
    """Top-level activities use full ids and may name their service; relations: join any two."""
    text = SERVICES + textwrap.dedent("""\
    activities:
      - {id: digid.docs, service: digid, duration: 2w}
    relations:
      - {from: lpc.ready, to: digid.docs, type: SS, lag: 3d}
    """)
    result = load_text(tmp_path, text)
    assert [] == codes(result)
    assert "digid" == result.portfolio.activities["digid.docs"].service
    assert {("lpc.ready", "digid.docs", RelationType.SS, Duration(3))} == edges(result)


def test_a_top_level_activity_is_named_an_activity(tmp_path: Path) -> None:
    """Messages about a record of the top-level ``activities:`` section call it an activity (not "activitie")."""
    result = load_text(tmp_path, "activities:\n  - {id: docs, duraton: 2d}\n  - {duration: 1d}\n")
    assert [
        "activity 'docs' has unknown key 'duraton'",
        "activity #2 needs 'id'",
    ] == [d.message for d in result.diagnostics]


# -- after: -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "rtype", "lag"),
    [
        ("build", RelationType.FS, Duration(0)),
        ("build FS", RelationType.FS, Duration(0)),
        ("build FS+5d", RelationType.FS, Duration(5)),
        ("build SS-2d", RelationType.SS, Duration(-2)),
        ("build ff +1w", RelationType.FF, Duration(5)),
        ("build SF+10ed", RelationType.SF, Duration(10, elapsed=True)),
        ("{id: build, type: SS, lag: 2d}", RelationType.SS, Duration(2)),
        ("{id: build, lag: -1w}", RelationType.FS, Duration(-5)),
        ("{id: digid.build, type: ff}", RelationType.FF, Duration(0)),
    ],
)
def test_after_syntax(tmp_path: Path, entry: str, rtype: RelationType, lag: Duration) -> None:
    """Predecessors are written as 'id', 'id TYPE', 'id TYPE+lag' or as a mapping."""
    result = load_text(tmp_path, SERVICES + f"      - id: live\n        after: [{entry}]\n")
    assert [] == codes(result)
    assert {("digid.build", "digid.live", rtype, lag)} == edges(result)


@pytest.mark.parametrize(
    ("entry", "code"),
    [("build XX", "bad-value"), ("build FS+5x", "bad-duration"), ("{id: build, lag: soon}", "bad-duration")],
)
def test_bad_after_entry(tmp_path: Path, entry: str, code: str) -> None:
    """A predecessor that cannot be read is reported on its own line and adds no relation."""
    result = load_text(tmp_path, SERVICES + f"      - id: live\n        after: [{entry}]\n")
    assert [(code, 13)] == [(d.code, d.source.line if d.source else 0) for d in result.diagnostics]
    assert set() == edges(result)


# -- durations and constraints ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("15d", Duration(15)),
        ("3w", Duration(15)),
        ("2mo", Duration(40)),
        ("10ed", Duration(10, elapsed=True)),
        ("7", Duration(7)),
        ("0d", Duration(0)),
        ("' 4 d '", Duration(4)),
        ("4W", Duration(20)),
        ("2MO", Duration(40)),
        ("3D", Duration(3)),
    ],
)
def test_durations(tmp_path: Path, text: str, duration: Duration) -> None:
    """Durations in working days, weeks, months, elapsed days or a bare integer."""
    result = load_text(tmp_path, SERVICES + f"      - {{id: x, duration: {text}}}\n")
    assert [] == codes(result)
    assert duration == result.portfolio.activities["digid.x"].duration


def test_fractional_duration_says_durations_are_whole_days(tmp_path: Path) -> None:
    """A fractional duration is a bad-duration that says durations are whole working days and what to write."""
    (found,) = load_text(tmp_path, SERVICES + "      - {id: x, duration: 1.5w}\n").diagnostics
    expected = ("bad-duration", "durations are whole working days: 1.5w is 7.5 days; write 8d or 7d")
    assert expected == (found.code, found.hint)


def test_day_that_does_not_exist(tmp_path: Path) -> None:
    """A well-formed date of a day that does not exist says so, instead of how to write dates."""
    (found,) = load_text(tmp_path, SERVICES + "      - {id: x, deadline: 2023-02-30}\n").diagnostics
    expected = (
        "activity 'digid.x': 'deadline': 2023-02-30 is not a day: February 2023 has 28 days",
        "correct the day (1 to 28)",
    )
    assert expected == (found.message, found.hint)


def test_migration_is_named_by_its_id(tmp_path: Path) -> None:
    """A problem in a migration names it by its full id, not by its number."""
    text = SERVICES + "    migrations:\n      - {id: to-lpc, target: lpc, aproach: rehost}\n"
    (found,) = load_text(tmp_path, text).diagnostics
    assert "migration 'digid.to-lpc' has unknown key 'aproach'" == found.message


def test_missing_duration_is_a_milestone(tmp_path: Path) -> None:
    """An activity without a duration is a milestone."""
    result = load_text(tmp_path, SERVICES + "      - {id: x, kind: go-live}\n")
    assert (Duration(0), True, ActivityKind.GO_LIVE) == (
        result.portfolio.activities["digid.x"].duration,
        result.portfolio.activities["digid.x"].is_milestone,
        result.portfolio.activities["digid.x"].kind,
    )


@pytest.mark.parametrize(
    ("text", "constraint"),
    [
        ("SNET 2023-10-02", Constraint(type=ConstraintType.SNET, date=dt.date(2023, 10, 2))),
        ("mfo 2024-01-31", Constraint(type=ConstraintType.MFO, date=dt.date(2024, 1, 31))),
        ("{type: FNLT, date: 2023-12-29}", Constraint(type=ConstraintType.FNLT, date=dt.date(2023, 12, 29))),
        ("ASAP", None),
    ],
)
def test_constraints(tmp_path: Path, text: str, constraint: Constraint | None) -> None:
    """Constraints are written as 'TYPE DATE' or as a mapping; ASAP is no constraint."""
    result = load_text(tmp_path, SERVICES + f"      - {{id: x, constraint: {text}}}\n")
    assert [] == codes(result)
    assert constraint == result.portfolio.activities["digid.x"].constraint


@pytest.mark.parametrize(
    ("text", "code"),
    [("SNET", "wrong-type"), ("SNXT 2023-10-02", "bad-value"), ("SNET 2023-02-30", "bad-date")],
)
def test_bad_constraints(tmp_path: Path, text: str, code: str) -> None:
    """A constraint that cannot be read is reported and the activity is kept without it."""
    result = load_text(tmp_path, SERVICES + f"      - {{id: x, constraint: {text}}}\n")
    assert [code] == codes(result)
    assert None is result.portfolio.activities["digid.x"].constraint


# -- baselines and status -----------------------------------------------------------------------


def test_baselines_as_pair_and_mapping(tmp_path: Path) -> None:
    """Baseline dates are written as [start, finish] or {start, finish}."""
    folder = write(
        tmp_path,
        {
            "plan.yaml": SERVICES,
            "baselines/original.yaml": """\
            baseline:
              name: original
              captured: 2023-01-15
              activities:
                digid.build: [2023-02-01, 2023-02-14]
                digid.test: {start: 2023-02-15, finish: 2023-02-21}
            """,
            "baselines/replan.yaml": """\
            baseline:
              name: replan
              current: true
              replaces: original
              reason: Herijking
              activities: {}
            """,
        },
    )
    result = load(folder)
    assert [] == codes(result)
    original = result.portfolio.baselines["original"]
    assert (dt.date(2023, 2, 1), dt.date(2023, 2, 14)) == (
        original.entries["digid.build"].start,
        original.entries["digid.build"].finish,
    )
    assert (dt.date(2023, 2, 15), dt.date(2023, 2, 21)) == (
        original.entries["digid.test"].start,
        original.entries["digid.test"].finish,
    )
    assert "replan" == result.portfolio.current_baseline.name  # type: ignore[union-attr]
    replan = result.portfolio.baselines["replan"]
    assert ("original", "Herijking") == (replan.replaces, replan.reason)


def test_status_update(tmp_path: Path) -> None:
    """A status update carries progress, availability and assignment reports."""
    text = SERVICES + textwrap.dedent("""\
    assignments:
      - {id: opd-1, title: Migratie DigiD, services: [digid], budget: 100000}
    status:
      date: 2023-08-31
      comments: Op schema
      activities:
        digid.build: {actual_start: 2023-08-01, actual_finish: 2023-08-14}
        digid.test: {actual_start: 2023-08-15, remaining: 2d, percent_complete: 60}
      availability:
        digid: 99.9
      assignments:
        opd-1: {realised: 40000, status: running, explanation: Op schema}
    """)
    result = load_text(tmp_path, text)
    assert [] == codes(result)
    (update,) = result.portfolio.status_updates
    assert dt.date(2023, 8, 31) == update.date
    assert dt.date(2023, 8, 14) == update.progress["digid.build"].actual_finish
    assert (Duration(2), 60.0) == (
        update.progress["digid.test"].remaining,
        update.progress["digid.test"].percent_complete,
    )
    assert {"digid": 99.9} == dict(update.availability)
    assert (40000.0, AssignmentStatus.RUNNING) == (
        update.assignments["opd-1"].realised,
        update.assignments["opd-1"].status,
    )


# -- files --------------------------------------------------------------------------------------


def test_several_files_are_merged(tmp_path: Path) -> None:
    """Sections from several files make one portfolio; references cross files."""
    folder = write(
        tmp_path,
        {
            "portfolio.yaml": "portfolio: {name: Test, start: 2023-01-02, key_milestones: [digid.live]}\n",
            "platforms.yaml": "platforms:\n  - {id: lpc, name: LPC, activities: [{id: ready}]}\n",
            "services/digid.yaml": "services:\n  - id: digid\n    name: DigiD\n    platform: lpc\n"
            "    activities: [{id: live, after: [lpc.ready]}]\n",
            "services/digipoort.yml": "services:\n  - {id: digipoort, name: Digipoort, depends_on: [digid]}\n",
        },
    )
    result = load(folder)
    assert [] == codes(result)
    p = result.portfolio
    assert (["digid", "digipoort"], ["lpc"]) == (sorted(p.services), list(p.platforms))
    assert ("Test", ("digid.live",)) == (p.settings.name, p.settings.key_milestones)
    assert {("lpc.ready", "digid.live", RelationType.FS, Duration(0))} == edges(result)
    assert ("lpc", ("digid",)) == (p.services["digid"].platform, p.services["digipoort"].depends_on)


def test_hidden_and_underscore_folders_are_skipped(tmp_path: Path) -> None:
    """Files in .hidden and _underscore folders, hidden files and non-YAML files are not read."""
    folder = write(
        tmp_path,
        {
            "plan.yaml": "services:\n  - {id: digid, name: DigiD}\n",
            ".git/x.yaml": "this is: [not read\n",
            "_drafts/y.yaml": "services:\n  - {id: draft, name: Draft}\n",
            "sub/_old/z.yaml": "services:\n  - {id: old, name: Old}\n",
            ".hidden.yaml": "services:\n  - {id: hidden, name: Hidden}\n",
            "notes.txt": "services: not yaml\n",
        },
    )
    (folder / "dir.yaml").mkdir()
    result = load(folder)
    assert [] == codes(result)
    assert ["digid"] == list(result.portfolio.services)


def test_diagnostics_come_in_reading_order(tmp_path: Path) -> None:
    """Diagnostics that stop nothing from being read are sorted by file (in reading order), line and column."""
    folder = write(
        tmp_path,
        {
            "a.yaml": SERVICES + "      - {id: z, after: [nope]}\n      - {id: y, duration: -1d}\n",
            "b.yaml": "portfolio: {calendar: rjik}\n",
        },
    )
    places = [(Path(d.source.file).name, d.source.line) for d in load(folder).diagnostics if d.source]
    assert [("a.yaml", 12), ("a.yaml", 13), ("b.yaml", 1)] == places


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("services:\n  - id: stelsel\n   name: S\n", "yaml-syntax"),
        ("services:\n\t- id: stelsel\n", "yaml-syntax"),
        ("servics:\n  - {id: stelsel, name: S}\n", "unknown-key"),
        ("services: {id: stelsel}\n", "wrong-type"),
        ("services:\n  - {id: stelsel}\n", "missing-key"),
        ("services:\n  - {id: digid, name: Twice}\n", "duplicate-id"),
    ],
)
def test_what_stops_a_file_or_record_being_read_comes_first(tmp_path: Path, text: str, code: str) -> None:
    """A problem that stops a file or record from being read comes before the unknown references it causes."""
    folder = write(tmp_path, {"a.yaml": SERVICES + "      - {id: z, after: [stelsel.x]}\n", "z.yaml": text})
    assert code == load(folder).diagnostics[0].code


def test_unreadable_file_replaces_did_you_mean(tmp_path: Path) -> None:
    """While a file cannot be read, a failed reference says it may be declared there, not 'did you mean'."""
    folder = write(
        tmp_path,
        {
            "a.yaml": SERVICES + "      - {id: z, after: [digid.tset]}\n",
            "services/b.yaml": "services:\n  - id: b\n   name: B\n",
        },
    )
    found = load(folder).diagnostics[1]
    expected = (
        "unknown-ref",
        "it may be declared in services/b.yaml, which could not be read (see above); otherwise correct the id",
    )
    assert expected == (found.code, found.hint)


def test_windows_1252_file_comes_first(tmp_path: Path) -> None:
    """A file in another encoding is reported before the references into it."""
    folder = write(tmp_path, {"a.yaml": SERVICES + "      - {id: z, after: [b.x]}\n"})
    (folder / "b.yaml").write_bytes("services:\n  - {id: b, name: Caf\u00e9}\n".encode("cp1252"))
    assert ["encoding", "unknown-ref"] == codes(load(folder))


# -- errors -------------------------------------------------------------------------------------


def test_all_errors_are_reported_not_just_the_first(tmp_path: Path) -> None:
    """A file with five different mistakes gives five diagnostics, one per mistake, each on its line.

    The invalid id comes first: its record is left out, which may cause others (a root cause).
    """
    text = """\
    services:
      - id: digid
        name: DigiD
        activities:
          - {id: build, duration: 3x}
          - {id: test, kind: tset}
          - {id: live, after: [biuld]}
          - {id: docs, deadline: 2023-02-30}
          - {id: Bad Id}
    """
    result = load_text(tmp_path, text)
    found = [(d.code, d.source.line if d.source else 0) for d in result.diagnostics]
    assert [("bad-id", 9), ("bad-duration", 5), ("bad-value", 6), ("unknown-ref", 7), ("bad-date", 8)] == found


def test_unknown_key_does_not_hide_the_record(tmp_path: Path) -> None:
    """A typo in a key is reported with a suggestion; the record and its relations are still read."""
    text = SERVICES + "      - id: live\n        durration: 5d\n        after: [build]\n        kind: go-live\n"
    result = load_text(tmp_path, text)
    assert ["unknown-key"] == codes(result)
    assert "did you mean 'duration'?" == result.diagnostics[0].hint
    assert ActivityKind.GO_LIVE == result.portfolio.activities["digid.live"].kind
    assert {("digid.build", "digid.live", RelationType.FS, Duration(0))} == edges(result)


def test_bad_optional_value_does_not_hide_the_record(tmp_path: Path) -> None:
    """A bad optional value is reported once; the record stays, so nothing cascades into unknown-ref."""
    text = SERVICES + "      - {id: live, kind: golive, after: [build]}\n      - {id: after-live, after: [live]}\n"
    result = load_text(tmp_path, text)
    assert ["bad-value"] == codes(result)
    assert "did you mean 'go-live'? " in (result.diagnostics[0].hint or "")
    assert ActivityKind.TASK == result.portfolio.activities["digid.live"].kind
    assert ("digid.live", "digid.after-live", RelationType.FS, Duration(0)) in edges(result)


def test_record_without_required_key_is_dropped(tmp_path: Path) -> None:
    """A service without a name is reported and left out; the other services load."""
    result = load_text(tmp_path, "services:\n  - {id: a}\n  - {id: b, name: B}\n")
    assert ["missing-key"] == codes(result)
    assert ["b"] == list(result.portfolio.services)


def test_merge_keys_and_anchors(tmp_path: Path) -> None:
    """YAML anchors, aliases and merge keys work; explicit keys win over merged ones."""
    text = """\
    services:
      - id: digid
        name: DigiD
        activities:
          - &task {id: build, duration: 10d, kind: task, description: shared}
          - {<<: *task, id: test, duration: 5d}
          - <<: [*task]
            id: live
            kind: go-live
          - {id: eq, name: '<<', description: =}
    """
    result = load_text(tmp_path, text)
    assert [] == codes(result)
    acts = result.portfolio.activities
    assert (Duration(5), "shared") == (acts["digid.test"].duration, acts["digid.test"].description)
    assert (ActivityKind.GO_LIVE, Duration(10)) == (acts["digid.live"].kind, acts["digid.live"].duration)
    assert ("<<", "=") == (acts["digid.eq"].name, acts["digid.eq"].description)


def test_duplicate_key_after_merge_is_still_reported(tmp_path: Path) -> None:
    """A key given twice next to a merge key is still a duplicate."""
    text = "services:\n  - &s {id: a, name: A}\n  - <<: *s\n    id: b\n    id: c\n"
    assert ["duplicate-key"] == codes(load_text(tmp_path, text))


def test_crlf_line_endings(tmp_path: Path) -> None:
    """Files saved with Windows line endings load, with the same line numbers."""
    path = tmp_path / "plan.yaml"
    path.write_bytes((SERVICES + "      - {id: live, after: [biuld]}\n").replace("\n", "\r\n").encode())
    result = load(path)
    assert [("unknown-ref", 12)] == [(d.code, d.source.line if d.source else 0) for d in result.diagnostics]
    assert 4 == len(result.portfolio.activities)


def test_empty_file_and_empty_sections(tmp_path: Path) -> None:
    """An empty file, a comment-only file and empty list sections are fine."""
    folder = write(tmp_path, {"a.yaml": "", "b.yaml": "# nothing yet\n", "c.yaml": "services:\nplatforms: []\n"})
    assert [] == codes(load(folder))


# -- root causes first, each reference at its own line ----------------------------------------


@pytest.mark.parametrize(
    ("declaration", "code"),
    [
        ("  - id: Stelsel\n    name: S\n", "bad-id"),  # the service is left out: so are its activities
        ("  - id: stelsel\n    name: S\n    activites:\n      - {id: x}\n", "unknown-key"),  # the key is dropped
        ("  - id: stelsel\n    name: S\n    activities:\n      - {id: X}\n", "bad-id"),
    ],
)
def test_root_cause_comes_before_its_consequences(tmp_path: Path, declaration: str, code: str) -> None:
    """An invalid id or an unknown key is listed before the unknown reference it causes, though it comes later."""
    folder = write(tmp_path, {"a.yaml": SERVICES + "      - {id: z, after: [stelsel.x]}\n", "b.yaml": "services:\n" + declaration})
    found = [d.code for d in load(folder).diagnostics]
    assert [code, "unknown-ref"] == found


def test_key_milestone_typo_is_located_at_its_own_line(tmp_path: Path) -> None:
    """A typo in the settings' or an assignment's key_milestones is reported at the line of that entry."""
    text = SERVICES + (
        "portfolio:\n  name: P\n  key_milestones:\n    - digid.build\n    - digid.tset\n"
        "assignments:\n  - id: opd-1\n    title: T\n    key_milestones: [digid.test,\n                     digid.biuld]\n"
    )
    result = load_text(tmp_path, text)
    found = [(d.code, d.source.line, d.source.column, d.hint) for d in result.diagnostics if d.source]
    assert [
        ("unknown-ref", 16, 7, "did you mean 'digid.test'?"),
        ("unknown-ref", 21, 22, "did you mean 'digid.build'?"),
    ] == found
    assert ("digid.build",) == result.portfolio.settings.key_milestones


def test_portfolio_calendar_typo_is_located_at_its_key(tmp_path: Path) -> None:
    """An unknown portfolio calendar is reported at the calendar: line, not at the section."""
    result = load_text(tmp_path, "portfolio:\n  name: P\n  calendar: rjik\n")
    assert [("unknown-ref", 3, "did you mean 'rijk'?")] == [
        (d.code, d.source.line if d.source else 0, d.hint) for d in result.diagnostics
    ]


# -- no silent acceptance -----------------------------------------------------------------------


STATUS = SERVICES + "assignments:\n  - {id: opd-1, title: T, budget: 2400000}\nstatus:\n  date: 2023-08-31\n"


@pytest.mark.parametrize(
    ("text", "code", "hint"),
    [
        ("  activities:\n    digid.build: {actual_start: 2023-08-01, percent_complete: 70%}\n", "number-as-text",
         "write 'percent_complete: 70'"),
        ("  availability: {digid: '99,84'}\n", "number-as-text", "write 'digid: 99.84'"),
        ("  assignments:\n    opd-1: {realised: € 1.200.000}\n", "number-as-text", "write 'realised: 1200000'"),
        ("  assignments:\n    opd-1: {realised: '3.400.000'}\n", "number-as-text", "write 'realised: 3400000'"),
        ("  assignments:\n    opd-1: {rag: rood}\n", "dutch-choice", "write 'rag: red'"),
        ("  assignments:\n    opd-1: {rag: Oranje}\n", "dutch-choice", "write 'rag: amber'"),
        ("  assignments:\n    opd-1: {status: lopend}\n", "dutch-choice", "write 'status: running'"),
        ("  assignments:\n    opd-1: {status: afgerond}\n", "dutch-choice", "write 'status: finished'"),
        ("  activities:\n    digid.build: {remaining: 5d}\n", "remaining-without-start", None),
    ],
)
def test_habits_get_their_own_code_and_the_exact_fix(tmp_path: Path, text: str, code: str, hint: str | None) -> None:
    """Numbers written as text, Dutch choices and a remaining duration without a start: each its code and fix."""
    result = load_text(tmp_path, STATUS + text)
    assert [code] == codes(result)
    assert result.diagnostics[0].source is not None
    assert 16 <= result.diagnostics[0].source.line <= 17
    if hint is not None:
        assert hint == result.diagnostics[0].hint


def test_remaining_without_start_is_not_passed_on(tmp_path: Path) -> None:
    """The refused remaining duration does not reach the model; with an actual start it does."""
    text = STATUS + "  activities:\n    digid.build: {remaining: 5d}\n    digid.test: {actual_start: 2023-08-01, remaining: 2d}\n"
    progress = load_text(tmp_path, text).portfolio.status_updates[0].progress
    assert (None, Duration(2)) == (progress["digid.build"].remaining, progress["digid.test"].remaining)


@pytest.mark.parametrize(
    ("budget", "realised", "hints"),
    [
        ("3.400", None, ["did you mean 'budget: 3400'? write euros without thousands separators"]),
        ("250.000", None, ["did you mean 'budget: 250000'? write euros without thousands separators"]),
        ("50", None, ["amounts are whole euros without separators (e.g. 'budget: 1200000'); correct it if it is not meant"]),
        ("2400000", "24000001", ["check both amounts: euros without thousands separators"]),
        ("2400000", "24000000", []),  # exactly ten times: plausible still
        ("2400000", "0", []),  # nothing spent yet
        ("3400.5", None, []),
    ],
)
def test_implausible_amounts_are_warned(tmp_path: Path, budget: str, realised: str | None, hints: list[str]) -> None:
    """Amounts under 100 euros, three decimals after one dot, and spending over 10 x budget are warnings."""
    text = SERVICES + f"assignments:\n  - {{id: opd-1, title: T, budget: {budget}}}\n"
    if realised is not None:
        text += f"status:\n  date: 2023-08-31\n  assignments:\n    opd-1: {{realised: {realised}}}\n"
    result = load_text(tmp_path, text)
    assert result.ok
    assert hints == [d.hint for d in result.diagnostics if d.code == "implausible-amount"]
    assert len(hints) == len(result.diagnostics)


@pytest.mark.parametrize("lag", ["5 d", "5d", "+5d", "5", "5 D", "1 W"])
def test_lag_with_a_space_or_upper_case_unit_is_accepted(tmp_path: Path, lag: str) -> None:
    """A lag is read the same with or without a space before its unit, in any case (the schema agrees)."""
    text = SERVICES + f"relations:\n  - {{from: digid.build, to: digid.test, lag: {lag}}}\n"
    result = load_text(tmp_path, text)
    assert [] == codes(result)
    assert {5} == {r.lag.days for r in result.portfolio.relations}


def test_dutch_weekday_names_its_english_one(tmp_path: Path) -> None:
    """A Dutch weekday in a workweek is a dutch-choice at its own entry; an unknown one stays bad-value."""
    result = load_text(tmp_path, "calendars:\n  - id: c\n    workweek: [mon, dinsdag,\n               wo, blah]\n")
    found = [(d.code, d.source.line if d.source else 0, d.hint) for d in result.diagnostics]
    assert [
        ("dutch-choice", 3, "write 'tue'"),
        ("dutch-choice", 4, "write 'wed'"),
        ("bad-value", 4, "write weekdays as mon, tue, wed, thu, fri, sat, sun"),
    ] == found


def test_quoted_number_is_number_as_text(tmp_path: Path) -> None:
    """A number in quotes where a number belongs says to write it without them."""
    result = load_text(tmp_path, "services:\n  - {id: digid, name: DigiD, availability_norm: '99.8'}\n")
    assert [("number-as-text", "write 'availability_norm: 99.8'")] == [(d.code, d.hint) for d in result.diagnostics]


def test_out_of_range_values_never_reach_the_model(tmp_path: Path) -> None:
    """Dates, durations, lags and amounts beyond the limits are reported and left out; scheduling then works."""
    text = """\
    portfolio: {start: 2023-01-02, critical_float: 99999}
    calendars:
      - {id: kerst, closed: [2023-12-27, 9999-12-31, {from: 2024-12-23, to: 2200-01-01}], open: [1066-10-14]}
    services:
      - id: digid
        name: DigiD
        activities:
          - {id: build, duration: 999999999999999999999d, deadline: 2204-02-01, calendar: kerst}
          - {id: live, after: ['build FS+99999w', {id: build, type: SS, lag: -30000}], constraint: SNET 0001-01-01}
    relations:
      - {from: digid.build, to: digid.live, lag: 10000000mo}
    assignments:
      - {id: opd-1, title: T, budget: .inf}
    status:
      date: 2023-08-31
      activities:
        digid.build: {actual_start: 1900-01-01, remaining: 1e400}
      assignments:
        opd-1: {realised: -5}
    """
    result = load_text(tmp_path, text)
    assert {"out-of-range"} == set(codes(result)) - {"bad-duration"}
    assert 13 == codes(result).count("out-of-range")
    portfolio = result.portfolio
    assert (0, None, None) == (
        portfolio.activities["digid.build"].duration.days,
        portfolio.activities["digid.build"].deadline,
        portfolio.activities["digid.live"].constraint,
    )
    assert (dt.date(2023, 12, 27),) == portfolio.calendars["kerst"].closed
    assert () == portfolio.calendars["kerst"].open
    assert [("digid.build", "digid.live", 0)] == [(r.predecessor, r.successor, r.lag.days) for r in portfolio.relations]
    assert None is portfolio.assignments["opd-1"].budget
    assert 0 == portfolio.settings.critical_float
    progress = portfolio.status_updates[0].progress["digid.build"]
    assert (None, None) == (progress.actual_start, progress.remaining)
    assert None is portfolio.status_updates[0].assignments["opd-1"].realised

    from portfolio.scheduling import schedule  # noqa: PLC0415 - the engine, on what the loader let through

    plan = schedule(portfolio)
    assert ("digid.build", "digid.live") == plan.ids


def test_dutch_yes_is_a_dutch_choice(tmp_path: Path) -> None:
    """'current: ja' names the English boolean to write."""
    result = load_text(tmp_path, "baseline:\n  name: b\n  current: ja\n")
    assert [("dutch-choice", 3, "write 'current: true'")] == [
        (d.code, d.source.line if d.source else 0, d.hint) for d in result.diagnostics
    ]


def test_a_number_read_as_text_keeps_its_digits(tmp_path: Path) -> None:
    """A decimal number where text belongs is the text as written: phase 2.10 stays "2.10"."""
    result = load_text(tmp_path, "assignments:\n  - {id: opd-1, title: 1.10, phase: 2.10}\n")
    assignment = result.portfolio.assignments["opd-1"]
    assert ("1.10", "2.10") == (assignment.title, assignment.phase)


def test_a_number_is_no_id(tmp_path: Path) -> None:
    """An id written as a number (YAML reads 007 as 7) is wrong-type, with the hint to quote it."""
    result = load_text(tmp_path, "services:\n  - {id: 007, name: Bond}\n")
    assert [("wrong-type", "quote the value if it is text: YAML reads unquoted digits as a number")] == [
        (d.code, d.hint) for d in result.diagnostics
    ]
