"""The JSON Schema of a portfolio file: valid, in sync with the loader, and right about real files."""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
import re
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

import portfolio.schema
from portfolio.diagnostics import Diagnostic, Severity
from portfolio.io import _raw, _values, load
from portfolio.io._yaml_reader import read_yaml_file
from portfolio.model import (
    ActivityKind,
    Approach,
    AssignmentStatus,
    ConstraintType,
    PlatformKind,
    Rag,
    RelationType,
    Spread,
)
from portfolio.schema import load_schema, schema_path

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent
FORMAT_MD = ROOT / "docs" / "format.md"
EXAMPLES = ROOT / "examples" / "logius"

#: The schema definition ($defs) of each raw record of the loader.
DEFS: dict[type, str] = {
    _raw.RawSettings: "settings",
    _raw.RawClosed: "closedPeriod",
    _raw.RawCalendar: "calendar",
    _raw.RawActivity: "activity",
    _raw.RawPredecessor: "predecessor",
    _raw.RawConstraint: "constraint",
    _raw.RawPlatform: "platform",
    _raw.RawMigration: "migration",
    _raw.RawService: "service",
    _raw.RawRelation: "relation",
    _raw.RawFreezeWindow: "freezeWindow",
    _raw.RawAssignment: "assignment",
    _raw.RawBaselineEntry: "baselineEntry",
    _raw.RawBaseline: "baseline",
    _raw.RawProgress: "progress",
    _raw.RawAssignmentReport: "assignmentReport",
    _raw.RawStatus: "status",
    _raw.RawFinanceLine: "financeLine",
    _raw.RawFinanceNote: "financeNote",
    _raw.RawRules: "rules",
    _raw.RawWaiver: "waiver",
    _raw.RawRisk: "risk",
    _raw.RawRiskDefaults: "riskDefaults",
    _raw.RawEstimate: "estimate",
    _raw.RawRiskCorrelation: "riskCorrelation",
    _raw.RawRiskItem: "riskItem",
    _raw.RawCost: "cost",
}

#: The schema definition of each model enum.
ENUMS: dict[type[enum.Enum], str] = {
    ActivityKind: "activityKind",
    Approach: "approach",
    PlatformKind: "platformKind",
    AssignmentStatus: "assignmentStatus",
    RelationType: "relationType",
    ConstraintType: "constraintType",
    Rag: "rag",
    Spread: "spread",
}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return load_schema()


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Any:
    cls = jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def as_json(data: Any) -> Any:
    """The JSON view of loaded YAML, as an editor sees it: dates become ISO strings."""

    def default(value: Any) -> str:
        if isinstance(value, dt.date):
            return value.isoformat()
        raise TypeError(f"cannot convert {value!r}")

    def keys(value: Any) -> Any:  # a mapping keyed by dates (a cost's realised spend): ISO keys
        if isinstance(value, dict):
            return {k.isoformat() if isinstance(k, dt.date) else k: keys(v) for k, v in value.items()}
        return [keys(v) for v in value] if isinstance(value, list) else value

    return json.loads(json.dumps(keys(data), default=default))


def def_validator(name: str) -> Any:
    """A validator of one definition of the schema (``date``, ``duration``, ...)."""
    schema = load_schema()
    one = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{name}"}
    cls = jsonschema.Draft202012Validator
    return cls(one, format_checker=cls.FORMAT_CHECKER)


def errors(validator: Any, text: str) -> list[str]:
    """Validation messages for a YAML text, each with its JSON path."""
    data = as_json(yaml.safe_load(textwrap.dedent(text)))
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)]


def object_def(schema: dict[str, Any], name: str) -> dict[str, Any]:
    """The object schema of a definition (records written as text or mapping use their mapping branch)."""
    definition = schema["$defs"][name]
    if definition.get("type") == "object":
        return dict(definition)
    return next(branch for branch in definition["anyOf"] if branch.get("type") == "object")


def format_blocks() -> list[str]:
    return re.findall(r"^```yaml[^\n]*\n(.*?)^```", FORMAT_MD.read_text(encoding="utf-8"), re.S | re.M)


# -- the schema itself -------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    """The schema passes the draft 2020-12 meta-schema."""
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_path_points_at_the_packaged_file() -> None:
    """schema_path() names the JSON file next to the module, and load_schema() reads it."""
    path = schema_path()
    assert path.name == "portfolio.schema.json"
    assert path.parent == Path(portfolio.schema.__file__).parent  # the installed package, src or wheel
    assert json.loads(path.read_text(encoding="utf-8")) == load_schema()


def test_load_schema_returns_a_fresh_copy() -> None:
    """Changing the dict load_schema() returned does not change the next one."""
    first = load_schema()
    first["properties"].clear()
    assert "services" in load_schema()["properties"]


#: Conditional subschemas: their ``properties`` refine keys of the object they belong to, they declare none.
CONDITIONS = ("if", "then", "else")


def test_every_object_forbids_unknown_keys(schema: dict[str, Any]) -> None:
    """Every object in the schema with properties sets additionalProperties to false, so typos are caught."""
    loose: list[str] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            if "properties" in node and node.get("additionalProperties") is not False:
                loose.append(path)
            for key, value in node.items():
                if key not in CONDITIONS:
                    walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}/{index}")

    walk(schema, "#")
    assert loose == []


def test_every_property_has_a_description(schema: dict[str, Any]) -> None:
    """Every key of every record carries a description (or refers to a definition that has one), for editor help."""
    missing = []
    for def_name, definition in schema["$defs"].items():
        branches = [definition, *definition.get("anyOf", [])]
        for branch in branches:
            for key, prop in branch.get("properties", {}).items():
                target = prop.get("$ref", "").removeprefix("#/$defs/")
                if "description" not in prop and "description" not in schema["$defs"].get(target, {}):
                    missing.append(f"{def_name}.{key}")
    for key, prop in schema["properties"].items():
        if "description" not in prop:
            missing.append(key)
    assert missing == []


# -- in sync with the loader ---------------------------------------------------------------


def test_every_raw_record_has_a_schema_definition() -> None:
    """Each Raw* record class of the loader is mapped to a schema definition in this test (add new ones to DEFS)."""
    raw_classes = {
        obj for name, obj in vars(_raw).items() if name.startswith("Raw") and isinstance(obj, type) and attrs.has(obj)
    }
    assert raw_classes == set(DEFS)


@pytest.mark.parametrize("cls", list(DEFS), ids=lambda cls: cls.__name__)
def test_schema_keys_match_the_loader(schema: dict[str, Any], cls: type) -> None:
    """A record's schema properties are exactly the keys its Raw* class accepts, so schema and loader cannot drift."""
    definition = object_def(schema, DEFS[cls])
    assert sorted(_raw.field_names(cls)) == sorted(definition["properties"])


@pytest.mark.parametrize("cls", list(DEFS), ids=lambda cls: cls.__name__)
def test_keys_whose_default_is_none_may_be_empty(schema: dict[str, Any], cls: type) -> None:
    """A key the loader defaults to none may be left empty (``accepted:``) in the schema too."""
    definition = object_def(schema, DEFS[cls])
    refused = []
    for field in attrs.fields(cls):
        key = _raw.RENAMED.get(field.name, field.name)
        check = jsonschema.Draft202012Validator({"$defs": schema["$defs"], **definition["properties"][key]})
        if field.default is None and not check.is_valid(None):
            refused.append(key)
    assert [] == refused


@pytest.mark.parametrize("cls", list(DEFS), ids=lambda cls: cls.__name__)
def test_required_keys_match_the_loader(schema: dict[str, Any], cls: type) -> None:
    """A key is required in the schema exactly when the Raw* class has no default for it."""
    required = sorted(_raw.RENAMED.get(f.name, f.name) for f in attrs.fields(cls) if f.default is attrs.NOTHING)
    assert required == sorted(object_def(schema, DEFS[cls]).get("required", []))


def test_sections_match_the_loader(schema: dict[str, Any]) -> None:
    """The top-level keys are the loader's sections; list sections are arrays of the right record."""
    assert sorted(_raw.SECTIONS) == sorted(schema["properties"])
    for key, (cls, is_list) in _raw.SECTIONS.items():
        prop = schema["properties"][key]
        target = prop["items"]["$ref"] if is_list else prop["$ref"]
        assert target == f"#/$defs/{DEFS[cls]}", key
        assert ("array" in prop.get("type", [])) is is_list, key


@pytest.mark.parametrize("enum_type", list(ENUMS), ids=lambda e: e.__name__)
def test_enums_match_the_model(schema: dict[str, Any], enum_type: type[enum.Enum]) -> None:
    """Each enum in the schema lists exactly the values of the model's enum, in order (for editors to offer)."""
    assert [member.value for member in enum_type] == schema["$defs"][ENUMS[enum_type]]["anyOf"][0]["enum"]


@pytest.mark.parametrize("enum_type", list(ENUMS), ids=lambda e: e.__name__)
def test_enums_are_accepted_in_any_case_like_the_loader(enum_type: type[enum.Enum]) -> None:
    """The schema accepts each choice in another case and with spaces around it, as the loader does; not others."""
    check = def_validator(ENUMS[enum_type])
    for member in enum_type:
        for written in (member.value, member.value.upper(), member.value.title(), f" {member.value.lower()} "):
            assert check.is_valid(written), written
            assert _raw.CONVERTER.structure(written, enum_type) is member
        assert not check.is_valid(member.value + "x")


# -- valid and invalid files -----------------------------------------------------------------


def test_format_reference_has_yaml_examples() -> None:
    """docs/format.md holds the examples the next test validates (a guard against a broken extraction)."""
    assert len(format_blocks()) >= 10


@pytest.mark.parametrize("index", range(len(format_blocks())))
def test_format_reference_examples_are_valid(validator: Any, index: int) -> None:
    """Every YAML example in docs/format.md that holds sections validates against the schema."""
    block = format_blocks()[index]
    if yaml.safe_load(block) is None:
        pytest.skip("a comment-only example")
    assert errors(validator, block) == []


@pytest.mark.parametrize(
    "text",
    [
        "portfolio: {name: P, start: 2023-01-02, critical_float: 2}",
        "calendars: [{id: c, closed: [2023-12-27, {from: 2024-12-23, to: 2024-12-31}], workweek: [Monday, tue]}]",
        "services:",  # an empty list section
        "activities: [{id: a.b, duration: 3, after: ['x', 'y.z FS', 'q SS+2d', 'r ff -1w', {id: s, lag: -2}]}]",
        "activities: [{id: a.b, duration: '+5d', constraint: ASAP}, {id: a.c, duration: 2mo, constraint: MFO 2024-01-01}]",
        "activities: [{id: a.b, constraint: {type: SNLT, date: 2024-01-01}, deadline: 2024-02-01, calendar: null}]",
        "relations: [{from: a.b, to: c.d, type: SF, lag: -3ed}]",
        "platforms: [{id: easi, name: EASI, kind: legacy, ready: null, activities: [{id: exit, kind: decommission}]}]",
        "baseline: {name: Original plan 2023, activities: {a.b: [2023-01-02, 2023-02-01]}}",
        ("status: {date: 2023-08-31, activities: {a.b: {actual_start: 2023-08-01, remaining: 0, percent_complete: 100}}, "
        "availability: {digid: 100}}"),
        "assignments: [{id: opd-1, title: T, budget: 12.5, status: paused, phase: 2}]",
    ],
)
def test_valid_snippets_pass(validator: Any, text: str) -> None:
    """Snippets the loader accepts (short forms, nulls for optional keys, numbers as text) validate."""
    assert errors(validator, text) == []


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("servces: []", "$"),  # unknown section
        ("services: [{id: digid, name: DigiD, domian: Toegang}]", "$.services[0]"),  # unknown key
        ("platforms: [{id: lpc, name: LPC, kind: privatecloud}]", "$.platforms[0].kind"),
        ("services: [{id: d, name: D, migrations: [{id: m, target: t, approach: lift-and-shift}]}]", "approach"),
        ("assignments: [{id: a, title: T, status: done}]", "$.assignments[0].status"),
        ("relations: [{from: a.b, to: c.d, type: XX}]", "$.relations[0].type"),
        ("activities: [{id: a, duration: 3 weeks}]", "$.activities[0].duration"),
        ("activities: [{id: a, duration: 15days}]", "$.activities[0].duration"),
        ("activities: [{id: a, duration: -5d}]", "$.activities[0].duration"),
        ("activities: [{id: a, duration: -5}]", "$.activities[0].duration"),
        ("relations: [{from: a.b, to: c.d, lag: soon}]", "$.relations[0].lag"),
        ("activities: [{id: a, after: ['b XY+2d']}]", "$.activities[0].after[0]"),
        ("activities: [{id: a, after: ['b FS 2d']}]", "$.activities[0].after[0]"),
        ("activities: [{id: a, constraint: SOON 2023-10-02}]", "$.activities[0].constraint"),
        ("activities: [{id: Digipoort.Cutover}]", "$.activities[0].id"),
        ("activities: [{id: a, deadline: 02-10-2023}]", "$.activities[0].deadline"),
        ("activities: [{id: a, deadline: '2023-02-30'}]", "$.activities[0].deadline"),
        ("services: [{id: d}]", "$.services[0]"),  # name missing
        ("status: {date: 2023-08-31, availability: {digid: 100.5}}", "$.status.availability.digid"),
        ("status: {date: 2023-08-31, activities: {a.b: {remaining: 5d, done: true}}}", "$.status.activities"),
        ("baseline: {name: b, current: yes please}", "$.baseline.current"),
        ("calendars: [{id: c, base: holland}]", "$.calendars[0].base"),
        ("portfolio: {critical_float: 1.5}", "$.portfolio.critical_float"),
        ("baseline: [{name: b}]", "$.baseline"),
    ],
)
def test_mistakes_fail(validator: Any, text: str, where: str) -> None:
    """Typos and bad values (unknown keys, enums, durations, ids, dates) fail, at the place of the mistake."""
    found = errors(validator, text)
    assert found, f"{text!r} should not validate"
    assert any(message.startswith(where) or where in message.split(":")[0] for message in found), found


def example_files() -> list[Path]:
    return sorted(p for p in EXAMPLES.rglob("*") if p.suffix in (".yaml", ".yml")) if EXAMPLES.is_dir() else []


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="examples/logius/ does not exist yet")
def test_examples_exist() -> None:
    """The example portfolio holds YAML files for the next test to validate."""
    assert example_files()


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_example_files_are_valid(validator: Any, path: Path) -> None:
    """Every file of the shipped example portfolio validates against the schema."""
    assert errors(validator, path.read_text(encoding="utf-8")) == []


# -- the schema and the loader accept exactly the same files ------------------------------------

FIXTURES = ROOT / "tests" / "fixtures"

#: Loader errors the JSON Schema cannot express, each with the reason. A file whose only errors are
#: these is valid to the schema (which checks one file, value by value); every other error is one
#: the schema must give too.
NOT_IN_SCHEMA = {
    "unknown-ref": "a reference to a record that may be declared in another file: the schema sees one file",
    "status-unknown-activity": "a reference to an activity (declared in another file)",
    "cycle": "a loop of relations through several records, usually in several files",
    "duplicate-id": "an id declared twice: JSON Schema cannot compare a key across the items of a list",
    "duplicate-status-date": "two files with the same status date",
    "multiple-current-baselines": "two files that each mark their baseline current",
    "duplicate-key": "a key given twice: the JSON view of a YAML mapping keeps only one of them",
    "finish-before-start": "a comparison of two dates, which JSON Schema cannot make",
    "actual-after-status-date": "a comparison of two dates",
    "bad-freeze-window": "a comparison of two dates",
    "estimate-order": "a comparison of the three points of an estimate",
    "capacity-unknown-team": "a reference from demand to a team (declared in another file)",
    "capacity-unmeetable": "a comparison of a demand with the largest size of its team",
}

#: Comparisons of two dates that the loader reports under a code the schema otherwise expresses,
#: told apart by their message: a calendar's closed period that ends before it starts, a waiver
#: accepted after it expires (both bad-date).
COMPARISONS = {"bad-date": ("ends before it starts", "after it expires")}

#: What stops a file from being read at all: there is no document for the schema to check.
UNREADABLE = {"io-error", "file-too-large", "encoding", "yaml-syntax", "yaml-unsafe", "yaml-too-deep",
              "yaml-too-large", "multiple-documents"}


def json_view(data: Any) -> Any:
    """The JSON view of data read from YAML: dates as ISO text; infinity and NaN, which JSON lacks, as written."""
    if isinstance(data, dict):
        return {str(key): json_view(value) for key, value in data.items()}
    if isinstance(data, list):
        return [json_view(value) for value in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    if isinstance(data, float) and not math.isfinite(data):
        return getattr(data, "text", str(data))  # as written: .inf, -.inf, .nan
    return data


def yaml_files() -> list[Path]:
    """Every YAML file of the test fixtures and the examples."""
    folders = (FIXTURES, ROOT / "examples")
    return sorted(p for folder in folders for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def portfolio_of(path: Path) -> Path:
    """What a file is loaded with: the example portfolio, its fixture folder (``<code>_<n>/``), or itself alone."""
    if path.is_relative_to(EXAMPLES):
        return EXAMPLES
    folder = next((p for p in path.parents if re.fullmatch(r"[a-z0-9-]+_[0-9]+", p.name)), None)
    return folder or path


def loader_verdict(path: Path, root: Path | None = None) -> tuple[list[str], list[str]]:
    """The loader's errors in ``path`` (loaded with ``root``): those the schema can express, and all of them."""
    found = [
        d
        for d in load(root or path).diagnostics
        if d.severity is Severity.ERROR and d.source is not None and Path(d.source.file).resolve() == path.resolve()
    ]
    return [str(d) for d in found if not _beyond_schema(d)], [str(d) for d in found]


def _beyond_schema(found: Diagnostic) -> bool:
    """True for a loader error the schema cannot express (NOT_IN_SCHEMA, COMPARISONS)."""
    return found.code in NOT_IN_SCHEMA or any(part in found.message for part in COMPARISONS.get(found.code, ()))


@pytest.mark.parametrize("path", yaml_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_schema_and_loader_agree_on_every_file(validator: Any, path: Path) -> None:
    """Each fixture and example file is refused by the schema exactly when the loader refuses it.

    The file is loaded with the portfolio it belongs to (the example, its fixture folder), so that
    its references resolve. When the schema refuses the file, the loader gives an error in it; when
    the loader gives an error the schema can express, the schema refuses the file. The loader's other
    errors (NOT_IN_SCHEMA and COMPARISONS: references, uniqueness, comparisons of two dates) oblige the schema to
    nothing, each for the reason given there.
    """
    data, problems = read_yaml_file(path)
    if {d.code for d in problems} & UNREADABLE:
        pytest.skip("no YAML document to validate: " + ", ".join(sorted({d.code for d in problems})))
    by_schema = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(json_view(data))]
    expressible, every = loader_verdict(path, portfolio_of(path))
    verdict = {"schema": by_schema, "loader": every}
    assert bool(every) if by_schema else not expressible, verdict


def test_the_agreement_covers_fixtures_and_examples() -> None:
    """The agreement test sees the diagnostics fixtures, the example portfolio, and both verdicts."""
    files = yaml_files()
    assert any(p.is_relative_to(FIXTURES / "diagnostics") for p in files)
    assert any(p.is_relative_to(EXAMPLES) for p in files)
    verdicts = {bool(loader_verdict(p)[0]) for p in files if p.is_relative_to(FIXTURES)}
    assert {True, False} == verdicts
    assert EXAMPLES == portfolio_of(EXAMPLES / "portfolio.yaml")
    folder, single = FIXTURES / "diagnostics" / "duplicate-id_1", FIXTURES / "diagnostics" / "unknown-ref_1.yaml"
    assert (folder, single) == (portfolio_of(folder / "digid.yaml"), portfolio_of(single))


ACTIVITY = "services: [{id: s, name: S, activities: [{id: a, %s}, {id: b}]}]"


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        # durations: at most 26100 days in any unit, a space before the unit and any case allowed
        (ACTIVITY % "duration: 26100d", True),
        (ACTIVITY % "duration: 26101d", False),
        (ACTIVITY % "duration: 5220w", True),
        (ACTIVITY % "duration: 5221w", False),
        (ACTIVITY % "duration: 1305mo", True),
        (ACTIVITY % "duration: 1306mo", False),
        (ACTIVITY % "duration: 26100", True),
        (ACTIVITY % "duration: 26101", False),
        (ACTIVITY % "duration: 999999999999999999999d", False),
        (ACTIVITY % "duration: 00015d", True),
        (ACTIVITY % "duration: 5 d", True),
        (ACTIVITY % "duration: 4W", True),
        (ACTIVITY % "duration: 5.0", True),  # JSON cannot tell 5.0 from 5
        (ACTIVITY % "duration: .inf", False),
        (ACTIVITY % "duration: -0d", True),
        # lags, in the three places they are written
        ("relations: [{from: s.a, to: s.b, lag: 5 d}]", True),
        ("relations: [{from: s.a, to: s.b, lag: -26100d}]", True),
        ("relations: [{from: s.a, to: s.b, lag: -26101d}]", False),
        ("relations: [{from: s.a, to: s.b, lag: 30000}]", False),
        (ACTIVITY % "after: [{id: b, lag: '+5 D'}]", True),
        (ACTIVITY % "after: ['b FS+5 d']", True),
        (ACTIVITY % "after: ['b ss - 2W']", True),
        (ACTIVITY % "after: ['b FS+99999w']", False),
        # dates: 1990-01-01 to 2100-12-31, days that exist, no times
        (ACTIVITY % "deadline: 1990-01-01", True),
        (ACTIVITY % "deadline: 1989-12-31", False),
        (ACTIVITY % "deadline: 2100-12-31", True),
        (ACTIVITY % "deadline: 2101-01-01", False),
        (ACTIVITY % "deadline: 9999-12-31", False),
        (ACTIVITY % "deadline: 2024-02-29", True),
        (ACTIVITY % "deadline: 2023-02-29", False),
        (ACTIVITY % "deadline: '20231002'", False),
        (ACTIVITY % "deadline: 2023-10-02 10:00:00", False),
        (ACTIVITY % "constraint: snet 2023-10-02", True),
        (ACTIVITY % "constraint: SNET 2204-02-01", False),
        (ACTIVITY % "constraint: SNET 2023-02-30", False),
        ("calendars: [{id: c, closed: [9999-12-31]}]", False),
        ("calendars: [{id: c, open: [1900-01-01]}]", False),
        ("calendars: [{id: c, workweek: []}]", False),
        ("baseline: {name: b, activities: {s.a: [2023-01-02, 2200-01-01]}}", False),
        ("status: {date: 2101-01-01}", False),
        ("waivers: [{rule: r, reason: x, accepted_by: y, expires: 2101-01-01}]", False),
        ("waivers: [{rule: r, reason: ' ', accepted_by: y, expires: 2024-01-01}]", False),
        ("waivers: [{rule: r, reason: x, accepted_by: y, expires: 2024-01-01, accepted: 2024-02-01}]", True),
        ("calendars: [{id: c, closed: [{from: 2024-12-31, to: 2024-12-23}]}]", True),
        # money: a plain number from 0 to 10^12
        ("assignments: [{id: a, title: T, budget: 1000000000000}]", True),
        ("assignments: [{id: a, title: T, budget: 1000000000001}]", False),
        ("assignments: [{id: a, title: T, budget: -1}]", False),
        ("assignments: [{id: a, title: T, budget: .inf}]", False),
        ("assignments: [{id: a, title: T, budget: .nan}]", False),
        ("assignments: [{id: a, title: T, budget: 3.400}]", True),  # a warning only
        ("assignments: [{id: a, title: T, budget: € 1.200.000}]", False),
        ("status: {date: 2023-08-31, assignments: {a: {realised: 1.2e13}}}", False),
        # percentages and other numbers
        ("services: [{id: s, name: S, availability_norm: .nan}]", False),
        ("services: [{id: s, name: S, availability_norm: '99,84'}]", False),
        ("status: {date: 2023-08-31, activities: {s.a: {actual_start: 2023-08-01, percent_complete: 70%}}}", False),
        ("portfolio: {critical_float: 26100}", True),
        ("portfolio: {critical_float: 26101}", False),
        ("portfolio: {critical_float: 2.0}", True),
        # choices: any case, never Dutch
        ("status: {date: 2023-08-31, assignments: {a: {rag: Red, status: RUNNING}}}", True),
        ("status: {date: 2023-08-31, assignments: {a: {rag: rood}}}", False),
        ("status: {date: 2023-08-31, assignments: {a: {status: lopend}}}", False),
        # what a record needs besides its keys
        (ACTIVITY % "duration: 9d" + "\nstatus: {date: 2023-08-31, activities: {s.a: {remaining: 5d}}}", False),
        (ACTIVITY % "duration: 9d" + "\nstatus: {date: 2023-08-31, activities: {s.a: {remaining: 5d, "
         "actual_start: 2023-08-01}}}", True),
        (ACTIVITY % "duration: 9d" + "\nstatus: {date: 2023-08-31, activities: {s.a: {remaining: null}}}", True),
        ("services: [{id: s, name: S, migrations: [{id: m}]}]", False),
        ("services: [{id: s, name: S, migrations: [{id: m, approach: Retire}]}]", True),
        ("services: [{id: s, name: S, migrations: [{id: m, candidates: [p]}]}]", False),
        ("services: [{id: s, name: S, migrations: [{id: m, candidates: [p], decision: d}]}]", True),
        ("baseline: {name: b, replaces: a}", False),
        ("baseline: {name: b, replaces: a, reason: Herijking}", True),
    ],
)
def test_schema_and_loader_agree_at_the_limits(validator: Any, tmp_path: Path, text: str, accepted: bool) -> None:
    """At each documented limit (docs/format.md, "Limits") and for each refused habit, both give the same verdict.

    The loader's errors beyond the schema (NOT_IN_SCHEMA, COMPARISONS) are left out, as above.
    """
    path = tmp_path / "plan.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    data, problems = read_yaml_file(path)
    assert problems == []
    by_schema = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(json_view(data))]
    by_loader, every = loader_verdict(path)
    assert (accepted, accepted) == (not by_schema, not by_loader), {"schema": by_schema, "loader": every}


def test_limits_are_documented_as_the_loader_and_the_schema_apply_them(schema: dict[str, Any]) -> None:
    """The "Limits" section of docs/format.md gives the loader's bounds, and the schema uses the same numbers."""
    text = FORMAT_MD.read_text(encoding="utf-8")
    limits = text[text.index("\n## Limits\n") : text.index("\n## Sections\n")]
    days, amount = _values.MAX_DAYS, _values.MAX_AMOUNT
    for figure in (f"{days}d", f"{days // 5}w", f"{days // 20}mo", str(amount), f"-{days} to {days}",
                   f"{_values.FIRST_DATE} to {_values.LAST_DATE}", str(_values.MIN_PLAUSIBLE_AMOUNT)):
        assert figure in limits, figure
    defs = schema["$defs"]
    assert (0, days) == (defs["duration"]["oneOf"][0]["minimum"], defs["duration"]["oneOf"][0]["maximum"])
    assert (-days, days) == (defs["lag"]["oneOf"][0]["minimum"], defs["lag"]["oneOf"][0]["maximum"])
    assert (0, amount) == (defs["money"]["minimum"], defs["money"]["maximum"])
    dates = def_validator("date")
    one = dt.timedelta(days=1)
    assert [True, True, False, False] == [
        dates.is_valid(day.isoformat())
        for day in (_values.FIRST_DATE, _values.LAST_DATE, _values.FIRST_DATE - one, _values.LAST_DATE + one)
    ]
