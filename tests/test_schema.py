"""The JSON Schema of a portfolio file: valid, in sync with the loader, and right about real files."""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

from portfolio.io import _raw
from portfolio.model import ActivityKind, Approach, AssignmentStatus, ConstraintType, PlatformKind, Rag, RelationType
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

    return json.loads(json.dumps(data, default=default))


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
    assert path.parent == ROOT / "src" / "portfolio" / "schema"
    assert json.loads(path.read_text(encoding="utf-8")) == load_schema()


def test_load_schema_returns_a_fresh_copy() -> None:
    """Changing the dict load_schema() returned does not change the next one."""
    first = load_schema()
    first["properties"].clear()
    assert "services" in load_schema()["properties"]


def test_every_object_forbids_unknown_keys(schema: dict[str, Any]) -> None:
    """Every object in the schema with properties sets additionalProperties to false, so typos are caught."""
    loose: list[str] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            if "properties" in node and node.get("additionalProperties") is not False:
                loose.append(path)
            for key, value in node.items():
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
    """Each enum in the schema lists exactly the values of the model's enum, in order."""
    assert [member.value for member in enum_type] == schema["$defs"][ENUMS[enum_type]]["enum"]


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
        "status: {date: 2023-08-31, activities: {a.b: {remaining: 0, percent_complete: 100}}, availability: {digid: 100}}",
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
