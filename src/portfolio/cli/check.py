"""``portfolio check PATH``: load, schedule and run the rules; report every problem and finding with its place."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import socket
import sys
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

from portfolio.cli._common import date_arg, emit, output_arg, output_format, overwrites_input, path_arg
from portfolio.diagnostics import Severity, closest
from portfolio.rules import RULE_SETS

if TYPE_CHECKING:
    from portfolio.checking import CheckResult

__all__ = ["SUFFIXES", "add_parser", "junit_xml", "run"]

SUFFIXES = {".json": "json", ".xml": "junit", ".txt": "text"}
"""The format an output file's suffix implies when --format is not given."""


def add_parser(subparsers: Any) -> None:
    """Register the ``check`` command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "check",
        help="check the portfolio files and run the rules; report every problem and finding",
        description="Load the portfolio (a folder of YAML files, one YAML file, an MS Project XML file or a Primavera P6 .xer file), "
        "schedule it as of its latest status update, run the rules (by default every built-in rule set: "
        f"{', '.join(RULE_SETS)}; the portfolio's 'rules:' section may choose), and print every problem and "
        "finding as 'file:line:col: severity[code]: message'. Waived findings are shown as waived. "
        "Without --format, the suffix of -o FILE chooses the format. "
        "Exit status: 0 nothing at or above --severity, 1 something is, 2 usage or I/O problem.",
    )
    parser.add_argument("path", metavar="PATH", type=path_arg, help="portfolio folder, YAML file, MS Project .xml or P6 .xer file")
    parser.add_argument(
        "--rules",
        metavar="SETS",
        type=_rule_sets,
        default=None,
        help=f"comma-separated rule sets to run ({', '.join(RULE_SETS)}), or 'none'; "
        "default: the portfolio's 'rules: sets:', else all",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "junit"),
        default=None,
        help="text lines (default), a JSON list of objects, or JUnit XML (one test case per rule); without "
        "--format, -o's suffix (.txt, .json, .xml) chooses it",
    )
    output_arg(parser)
    parser.add_argument(
        "--severity",
        choices=("error", "warning"),
        default="error",
        help="exit 1 when a problem or unwaived finding at or above this severity exists (default: error)",
    )
    parser.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        type=date_arg,
        default=None,
        help="judge waiver expiry dates on this date (default: the status date)",
    )
    parser.set_defaults(run=run)


def _rule_sets(text: str) -> list[str]:
    """The argparse type of ``--rules``: known rule set names, comma-separated; ``none`` for no rules.

    Examples:
        >>> _rule_sets("acict, dcma"), _rule_sets("none")
        (['acict', 'dcma'], [])
    """
    names = [s.strip() for s in text.split(",") if s.strip() and s.strip() != "none"]
    unknown = [n for n in names if n not in RULE_SETS]
    if unknown:
        guess = closest(unknown[0], RULE_SETS)
        mean = f" (did you mean {guess!r}?)" if guess else ""
        raise argparse.ArgumentTypeError(f"unknown rule set {', '.join(repr(n) for n in unknown)}{mean}; choose "
                                         f"from {', '.join(RULE_SETS)}, or 'none'")
    return names


def _fails(severity: Severity, threshold: Severity) -> bool:
    return severity.rank >= threshold.rank


def junit_xml(
    result: CheckResult,
    threshold: Severity = Severity.ERROR,
    *,
    timestamp: dt.datetime | None = None,
    hostname: str = "localhost",
) -> str:
    """The result as JUnit XML (Ant's schema, as Jenkins, GitLab and GitHub read it).

    One test suite for loading (one test case, failed by problems at or
    above ``threshold``) and one per rule set, with one test case per rule.
    A rule's case fails (one ``failure`` listing its findings) when it has an
    unwaived finding at or above the threshold; it is ``skipped`` (with a
    message naming the waivers) when all such findings are waived; otherwise
    it passes, and findings below the threshold are listed in the suite's
    ``system-out``.
    """
    stamp = (timestamp or dt.datetime(2000, 1, 1)).strftime("%Y-%m-%dT%H:%M:%S")  # noqa: DTZ001 - a label
    root = ET.Element("testsuites")

    def suite(name: str, cases: list[tuple[str, str, str, str]], out: list[str]) -> None:
        element = ET.SubElement(
            root,
            "testsuite",
            {
                "name": name,
                "timestamp": stamp,
                "hostname": hostname or "localhost",
                "tests": str(len(cases)),
                "failures": str(sum(c[2] == "failure" for c in cases)),
                "errors": "0",
                "skipped": str(sum(c[2] == "skipped" for c in cases)),
                "time": "0",
                "package": "portfolio",
                "id": str(len(root)),
            },
        )
        ET.SubElement(element, "properties")
        for case_name, classname, outcome, text in cases:
            case = ET.SubElement(element, "testcase", {"name": case_name, "classname": classname, "time": "0"})
            if outcome == "failure":
                first = text.splitlines()[0] if text else ""
                failure = ET.SubElement(case, "failure", {"message": first, "type": case_name})
                failure.text = text
            elif outcome == "skipped":
                ET.SubElement(case, "skipped", {"message": text})
        ET.SubElement(element, "system-out").text = "\n".join(out)
        ET.SubElement(element, "system-err").text = ""

    failing = [d for d in result.diagnostics if _fails(d.severity, threshold)]
    suite(
        "load",
        [("load", "portfolio.load", "failure" if failing else "passed", "\n".join(str(d) for d in failing))],
        [str(d) for d in result.diagnostics if not _fails(d.severity, threshold)],
    )
    report = result.report
    if report is not None:
        by_set: dict[str, list[Any]] = {}
        for item in report.rules:
            by_set.setdefault(item.ruleset, []).append(item)
        crashed = {f.subject: f for f in report.findings if f.rule == "rule-crashed"}
        for name, rules in by_set.items():
            cases = []
            out: list[str] = []
            for item in rules:
                findings = [f for f in report.of(item.id) if _fails(f.severity or Severity.ERROR, threshold)]
                active = [f for f in findings if not f.waived]
                if item.id in crashed:
                    active.append(crashed[item.id])
                out += [str(f) for f in report.of(item.id) if f not in findings]
                if active:
                    cases.append(
                        (
                            item.id,
                            f"portfolio.rules.{name}",
                            "failure",
                            "\n".join(str(f) for f in [*active, *(f for f in findings if f.waived)]),
                        )
                    )
                elif findings:
                    cases.append(
                        (
                            item.id,
                            f"portfolio.rules.{name}",
                            "skipped",
                            "waived: " + "; ".join(str(f) for f in findings),
                        )
                    )
                else:
                    cases.append((item.id, f"portfolio.rules.{name}", "passed", ""))
            suite(f"rules.{name}", cases, out)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def run(args: argparse.Namespace) -> int:
    """Run ``portfolio check``."""
    args.format = output_format("check", args.format, args.output, SUFFIXES, "text")
    refused = overwrites_input("check", args.output, args.path, force=args.force)
    if refused:
        return refused
    from tabulate import tabulate  # noqa: PLC0415 - loaded when the command runs, not when the CLI starts

    from portfolio.checking import check  # noqa: PLC0415
    from portfolio.rules.dcma import summary_table  # noqa: PLC0415

    result = check(args.path, sets=args.rules, as_of=args.as_of)
    threshold = Severity(args.severity)
    diagnostics = list(result.diagnostics)
    findings = list(result.report.findings) if result.report is not None else []
    out = io.StringIO()
    if args.format == "json":
        items = [d.to_dict() for d in diagnostics] + [f.to_dict() for f in findings]
        json.dump(items, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif args.format == "junit":
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        out.write(junit_xml(result, threshold, timestamp=now, hostname=socket.gethostname()))
    else:
        for found in diagnostics:
            print(found, file=out)
        for finding in findings:
            print(finding, file=out)
        if result.metrics:
            print("\nDCMA 14-point assessment:", file=out)
            print(
                tabulate(summary_table(result.metrics), headers=["#", "check", "value", "threshold", "result"]),
                file=out,
            )
        active = [f for f in findings if not f.waived]
        errors = sum(d.severity is Severity.ERROR for d in diagnostics) + sum(
            f.severity is Severity.ERROR for f in active
        )
        warnings = sum(d.severity is Severity.WARNING for d in diagnostics) + sum(
            f.severity is Severity.WARNING for f in active
        )
        p = result.portfolio
        summary = (
            f"{len(p.services)} services, {len(p.platforms)} platforms, {len(p.migrations)} migrations, "
            f"{len(p.activities)} activities, {len(p.relations)} relations, "
            f"{len(p.assignments)} assignments, {len(p.baselines)} baselines, "
            f"{len(p.status_updates)} status updates"
        )
        rules = ""
        if result.report is not None:
            rules = (
                f"{len(result.report.rules)} rules, {len(findings)} finding(s) ({len(findings) - len(active)} waived); "
            )
        print(f"{errors} error(s), {warnings} warning(s); {rules}{summary}", file=sys.stderr)
    written = emit("check", out.getvalue(), args.output)
    if written:
        return written
    if any(d.code in ("io-error", "no-files") for d in diagnostics):
        return 2
    return 1 if result.failing(threshold) else 0
