"""``portfolio check`` with rules: findings, waivers, the severity threshold, JSON and JUnit XML."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from portfolio.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "logius"

#: A service without a migration plan (an AC ICT error) whose one activity has no logic (DCMA warnings).
NO_PLAN = "services:\n  - id: digid\n    name: DigiD\n    activities:\n      - {id: build, duration: 5d}\n"
PLANNED = NO_PLAN + "    migrations:\n      - {id: stay, approach: retain}\n"
WAIVER = (
    "waivers:\n  - {rule: plan-per-service, subject: digid, reason: plan in preparation, "
    "accepted_by: programme board, expires: 2030-12-31}\n"
)


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_example_passes(capsys: pytest.CaptureFixture[str]) -> None:
    """The shipped example exits 0: its findings are warnings or waived; the DCMA table is printed."""
    assert 0 == main(["check", str(EXAMPLE)])
    out, err = capsys.readouterr()
    assert "warning[decision-before-cutover]: waived: the landing platform of 'digipoort.rebuild'" in out
    assert "DCMA 14-point assessment:" in out
    assert re.search(r"^ +12 +critical path test +20 += 20 +pass$", out, re.MULTILINE)
    assert "26 rules, 16 finding(s) (11 waived)" in err  # 10 of them the capacity overloads the board accepted


def test_example_fails_on_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    """With --severity warning the example's unwaived warnings make check exit 1."""
    assert 1 == main(["check", "--severity", "warning", str(EXAMPLE)])


def test_rule_error_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An AC ICT error exits 1 and is printed as a located line; only the chosen rule set runs."""
    path = write(tmp_path, NO_PLAN)
    assert 1 == main(["check", "--rules", "acict", path])
    out = capsys.readouterr().out
    assert [
        (
            f"{path}:2:5: error[plan-per-service]: service 'digid' has no migration plan; add a migration under "
            "the service (approach 'retain' if it stays where it is)"
        )
    ] == out.splitlines()


def test_waived_error_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A waived error is shown as waived and does not fail the check."""
    assert 0 == main(["check", "--rules", "acict", write(tmp_path, NO_PLAN + WAIVER)])
    assert "error[plan-per-service]: waived: service 'digid'" in capsys.readouterr().out


def test_expired_waiver_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Judged after its expiry date, the waiver no longer holds: the finding is back with a note."""
    assert 1 == main(["check", "--rules", "acict", "--as-of", "2031-01-01", write(tmp_path, NO_PLAN + WAIVER)])
    assert "(the waiver accepted by programme board expired on 2030-12-31)" in capsys.readouterr().out


def test_unknown_rule_set_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--rules with a misspelt set is a usage error (exit 2) with a suggestion and the known sets; nothing runs."""
    with pytest.raises(SystemExit) as stopped:
        main(["check", "--rules", "acict,acitc", write(tmp_path, PLANNED)])
    assert stopped.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[-1] == ("portfolio check: error: argument --rules: unknown rule set 'acitc' (did you "
                                    "mean 'acict'?); choose from acict, dcma, capacity, or 'none'")


def test_load_errors_skip_the_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """When loading fails the rules do not run (their findings would be noise)."""
    assert 1 == main(["check", write(tmp_path, NO_PLAN + "      - {id: x, after: [nope]}\n")])
    assert ["unknown-ref"] == re.findall(r"\[([a-z-]+)\]", capsys.readouterr().out)


def test_json_has_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format json lists findings after diagnostics, with their waiver."""
    assert 0 == main(["check", "--rules", "acict", "--format", "json", write(tmp_path, NO_PLAN + WAIVER)])
    (item,) = json.loads(capsys.readouterr().out)
    assert ("finding", "plan-per-service", "digid", True, "programme board") == (
        item["kind"],
        item["code"],
        item["subject"],
        item["waived"],
        item["waiver"]["accepted_by"],
    )


# -- JUnit XML ---------------------------------------------------------------------------------------------
#
# The constraints of the JUnit XML schema that CI servers read (Apache Ant's format as described by
# the widely used JUnit.xsd of windyroad/JUnit-Schema): checked here element by element.

_INT = re.compile(r"^-?\d+$")
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")


def assert_junit(text: str) -> ET.Element:
    """Fail unless ``text`` is a testsuites document valid under the Ant JUnit schema."""
    root = ET.fromstring(text)
    assert "testsuites" == root.tag
    assert {} == root.attrib
    for index, suite in enumerate(root):
        assert "testsuite" == suite.tag
        attrs = suite.attrib
        required = {"name", "timestamp", "hostname", "tests", "failures", "errors", "time", "package", "id"}
        assert required <= set(attrs), attrs
        assert set(attrs) <= required | {"skipped"}, attrs
        assert attrs["name"].strip()
        assert attrs["hostname"].strip()
        assert attrs["package"].strip()
        assert _STAMP.match(attrs["timestamp"]), attrs["timestamp"]
        assert all(_INT.match(attrs[k]) for k in ("tests", "failures", "errors", "skipped", "id") if k in attrs)
        assert str(index) == attrs["id"]
        assert _DECIMAL.match(attrs["time"])
        children = [c.tag for c in suite]
        assert "properties" == children[0], children
        assert ["system-out", "system-err"] == children[-2:], children
        assert {"testcase"} >= set(children[1:-2]), children
        for prop in suite[0]:
            assert "property" == prop.tag
            assert {"name", "value"} == set(prop.attrib)
        cases = suite.findall("testcase")
        for case in cases:
            assert {"name", "classname", "time"} == set(case.attrib), case.attrib
            assert case.attrib["name"].strip()
            assert case.attrib["classname"].strip()
            assert _DECIMAL.match(case.attrib["time"])
            assert len(case) <= 1
            for outcome in case:
                assert outcome.tag in ("skipped", "error", "failure")
                if outcome.tag != "skipped":
                    assert "type" in outcome.attrib
                    assert set(outcome.attrib) <= {"type", "message"}
                    assert 0 == len(outcome)
        assert int(attrs["tests"]) == len(cases)
        assert int(attrs["failures"]) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(attrs.get("skipped", "0")) == sum(1 for c in cases if c.find("skipped") is not None)
    return root


def test_junit_of_the_example_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    """JUnit XML of the example: valid, one suite per rule set, one test case per rule."""
    assert 0 == main(["check", "--format", "junit", str(EXAMPLE)])
    root = assert_junit(capsys.readouterr().out)
    assert [("load", 1), ("rules.acict", 11), ("rules.dcma", 14), ("rules.capacity", 1)] == [
        (s.attrib["name"], len(s.findall("testcase"))) for s in root
    ]


def test_junit_failures_and_skips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A rule with an error finding is a failed test case; with --severity warning a waived one is skipped."""
    assert 1 == main(["check", "--rules", "acict", "--format", "junit", write(tmp_path, NO_PLAN)])
    root = assert_junit(capsys.readouterr().out)
    (failed,) = [c for c in root.iter("testcase") if c.find("failure") is not None]
    failure = failed.find("failure")
    assert failure is not None
    assert ("plan-per-service", "plan-per-service") == (failed.attrib["name"], failure.attrib["type"])
    assert "service 'digid' has no migration plan" in (failure.text or "")
    assert 0 == main(["check", "--rules", "acict", "--format", "junit", write(tmp_path, NO_PLAN + WAIVER)])
    root = assert_junit(capsys.readouterr().out)
    (skipped,) = [c for c in root.iter("testcase") if c.find("skipped") is not None]
    assert "plan-per-service" == skipped.attrib["name"]


def test_junit_load_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Load errors fail the 'load' test case; no rule suites follow."""
    assert 1 == main(["check", "--format", "junit", write(tmp_path, NO_PLAN + "      - {id: x, after: [nope]}\n")])
    root = assert_junit(capsys.readouterr().out)
    assert ["load"] == [s.attrib["name"] for s in root]
    assert root.find("testsuite/testcase/failure") is not None


def test_junit_checker_rejects_invalid_documents() -> None:
    """The structural check fails on documents the schema rejects (so the tests above can fail)."""
    good = (
        '<testsuites><testsuite name="a" timestamp="2024-01-01T00:00:00" hostname="h" tests="1" failures="0" '
        'errors="0" time="0" package="p" id="0"><properties/><testcase name="t" classname="c" time="0"/>'
        "<system-out/><system-err/></testsuite></testsuites>"
    )
    assert_junit(good)
    for bad in (
        good.replace(' hostname="h"', ""),
        good.replace("<properties/>", ""),
        good.replace('time="0"/>', 'time="0"><failure message="m"/></testcase>'),
        good.replace("2024-01-01T00:00:00", "2024-01-01T00:00:00Z"),
        good.replace("<testsuites>", '<testsuites name="x">'),
    ):
        with pytest.raises(AssertionError):
            assert_junit(bad)


def test_python_m_does_not_import_user_rules_from_the_current_folder(tmp_path: Path) -> None:
    """`python -m portfolio check .` inside a portfolio does not import a module of that folder (rules: load:)."""
    (tmp_path / "plan.yaml").write_text("services:\n  - {id: digid, name: DigiD}\n"
                                        "rules:\n  load: ['localrule:rule']\n", encoding="utf-8")
    marker = tmp_path / "ran.txt"
    (tmp_path / "localrule.py").write_text(f"open({str(marker)!r}, 'w').close()\n"
                                           "def rule(portfolio, schedule):\n    return []\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "portfolio", "--no-cache", "check", "."], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert (1, False) == (done.returncode, marker.exists()), done.stderr
    assert "error[rule-import]: rule 'localrule:rule' cannot be loaded" in done.stdout
