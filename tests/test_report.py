"""Tests of the monthly report's data, its text rendering and the ``portfolio report monthly`` command."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from portfolio.cli import main
from portfolio.evm import evm
from portfolio.io import load
from portfolio.model import AssignmentReport, Portfolio, Rag
from portfolio.report import MonthlyReport, Thresholds, monthly_report, render
from portfolio.report.data import AssignmentLine, worst
from portfolio.report.i18n import Words
from portfolio.scheduling import schedule
from portfolio.store import Store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "logius"


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return load(EXAMPLE).portfolio


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", "monthly", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _line(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.lstrip().startswith(start))


def test_dutch_report_tells_the_seeds_story(capsys: pytest.CaptureFixture[str]) -> None:
    """The Dutch report of August 2023 shows eHerkenning and Stelseldiensten close to cutover, Digipoort's open
    decision, the publication migration towards summer 2024 and Omgevingswet towards 1 January."""
    code, out, _ = _cli(capsys, str(EXAMPLE), "--period", "2023-08")
    assert 0 == code
    assert out.startswith("Maandrapportage lopende opdrachten — Logius migratieportfolio")
    assert "Peildatum: 31 augustus 2023" in out
    assert "2 okt. 2023  eherkenning.cutover  eHerkenning in productie op LPC" in out
    assert "4 okt. 2023  stelseldiensten.cutover  Productiemigratie Stelseldiensten naar Picard" in out
    flat = " ".join(out.split())
    assert "landingsplatform nog niet besloten: Logius Private Cloud (LPC) of Picard of Public cloud" in flat
    assert "afronding verwacht zomer 2024" in flat
    assert "15 jul. 2024" in _line(out, "publicatie.completion")
    assert "2 jan. 2024" in _line(out, "omgevingswet.go-live")
    assert "ruim voor de inwerkingtreding op 1 januari 2024" in flat


def test_english_report_tells_the_same_story(capsys: pytest.CaptureFixture[str]) -> None:
    """With --lang en the labels, months and dates are English and the same facts are there."""
    code, out, _ = _cli(capsys, str(EXAMPLE), "--period", "2023-08", "--lang", "en")
    assert 0 == code
    assert out.startswith("Monthly report on running assignments — Logius migratieportfolio")
    assert "Status date: 31 August 2023" in out
    assert "2 Oct 2023  eherkenning.cutover" in out
    assert "4 Oct 2023  stelseldiensten.cutover" in out
    flat = " ".join(out.split())
    assert "landing platform not yet decided: Logius Private Cloud (LPC) or Picard or Public cloud" in flat
    assert "15 Jul 2024" in _line(out, "publicatie.completion")
    assert "2 Jan 2024" in _line(out, "omgevingswet.go-live")
    assert "augustus" not in out.split("Notes on the status date")[0]


def test_running_assignments_only(portfolio: Portfolio) -> None:
    """The report lists the running assignments; DigiInkoop's finished phase-out is not among them."""
    report = monthly_report(portfolio, "2023-08")
    ids = [a.id for a in report.assignments]
    assert "opd-2023-009" not in ids
    assert [a.id for a in portfolio.assignments.values() if a.status.value == "running"] == ids


def test_rag_counts_add_up(portfolio: Portfolio) -> None:
    """The RAG counts add up to the number of running assignments and match each assignment's overall RAG."""
    report = monthly_report(portfolio, "2023-08")
    assert len(report.assignments) == sum(report.rag_counts.values())
    assert sum(1 for a in report.assignments if a.rag is Rag.AMBER) == report.rag_counts[Rag.AMBER]


def test_time_threshold_is_a_parameter(portfolio: Portfolio) -> None:
    """LPC and Picard, one working day late, are amber on time; with a red threshold of 0 they are red."""
    replan = "replan-2023"  # measured against the re-plan, where LPC and Picard are one day late
    in_force = Thresholds(colour="in-force")  # coloured against the re-plan itself, not its original
    default = {a.id: a for a in monthly_report(portfolio, "2023-08", thresholds=in_force,
                                               baseline_name=replan).assignments}
    strict = {a.id: a for a in monthly_report(portfolio, "2023-08", thresholds=Thresholds(time_red=0, colour="in-force"),
                                                  baseline_name=replan).assignments}
    assert (1, Rag.AMBER) == (default["opd-2023-011"].variance, default["opd-2023-011"].rag_time)
    assert Rag.RED == strict["opd-2023-011"].rag_time
    assert Rag.RED == strict["opd-2023-011"].rag


def test_money_thresholds(portfolio: Portfolio) -> None:
    """With earned value the Geld colour follows CPI = EV / AC; the spend rule alone would say otherwise.

    The spend rule (90 % of the budget amber, over it red) for assignments without earned-value
    figures is tested in ``tests/test_report_evm_risk.py`` on a portfolio worked out by hand.
    """
    update = portfolio.status_updates[1]
    budget = portfolio.assignments["opd-2023-001"].budget
    assert budget is not None
    earned = evm(portfolio, status_date=update.date).select(level="assignment", id="opd-2023-001")[0].figures.ev
    assert earned is not None
    assert 0 < earned < budget

    def line(realised: float) -> AssignmentLine:
        reports = dict(update.assignments)
        reports["opd-2023-001"] = attrs.evolve(reports["opd-2023-001"], realised=realised)
        changed = attrs.evolve(
            portfolio,
            status_updates=[
                *portfolio.status_updates[:1],
                attrs.evolve(update, assignments=reports),
                *portfolio.status_updates[2:],
            ],
        )
        return monthly_report(changed, "2023-08").assignments[0]

    # AC = EV: CPI 1, EAC = BAC (green); AC = EV / 0.93: CPI 0.93 (amber); AC = EV / 0.8: CPI 0.8 (red)
    lines = [line(earned), line(earned / 0.93), line(earned / 0.8)]
    assert [a.cpi for a in lines] == [pytest.approx(1.0), pytest.approx(0.93), pytest.approx(0.8)]
    assert [Rag.GREEN, Rag.AMBER, Rag.RED] == [a.rag_money for a in lines]
    assert {a.money_rule for a in lines} == {"evm"}
    assert [a.eac for a in lines] == [pytest.approx(budget / c) for c in (1.0, 0.93, 0.8)]  # EAC = BAC / CPI


def test_missing_explanation_is_shown(portfolio: Portfolio, capsys: pytest.CaptureFixture[str]) -> None:
    """An assignment that is not green and has no explanation is flagged, in the data and in the text."""
    update = portfolio.status_updates[1]
    reports = dict(update.assignments)
    reports["opd-2023-011"] = AssignmentReport(assignment="opd-2023-011", realised=1.0)
    assignments = dict(portfolio.assignments)
    assignments["opd-2023-011"] = attrs.evolve(assignments["opd-2023-011"], explanation="")
    changed = attrs.evolve(
        portfolio,
        assignments=assignments,
        status_updates=[
            portfolio.status_updates[0],
            attrs.evolve(update, assignments=reports),
            *portfolio.status_updates[2:],
        ],
    )
    report = monthly_report(changed, "2023-08", baseline_name="replan-2023")
    line = next(a for a in report.assignments if a.id == "opd-2023-011")
    # late against the plan in force in August (the original) and no explanation: the governance rule's error
    assert (Rag.RED, True) == (line.rag, line.explanation_missing)
    assert ["assignment-governance"] == [f.rule for f in line.findings]
    assert Words("en")["explanation_missing"] in render(report, "text", lang="en").decode()


def test_reported_rag_never_makes_it_greener(portfolio: Portfolio) -> None:
    """A reported RAG can make the overall status worse, never better (no false green)."""
    update = portfolio.status_updates[1]
    reports = dict(update.assignments)
    reports["opd-2023-011"] = attrs.evolve(reports["opd-2023-011"], rag=Rag.GREEN)
    reports["opd-2023-001"] = attrs.evolve(reports["opd-2023-001"], rag=Rag.RED)
    changed = attrs.evolve(
        portfolio,
        status_updates=[
            portfolio.status_updates[0],
            attrs.evolve(update, assignments=reports),
            *portfolio.status_updates[2:],
        ],
    )
    lines = {a.id: a.rag for a in monthly_report(changed, "2023-08", baseline_name="replan-2023").assignments}
    assert lines["opd-2023-011"] in {Rag.AMBER, Rag.RED}  # computed amber or worse; the reported green is ignored
    assert Rag.RED == lines["opd-2023-001"]


def test_report_measures_against_the_plan_in_force(portfolio: Portfolio) -> None:
    """August 2023 is measured against the original plan (the re-plan came in October), December against the re-plan."""
    august = monthly_report(portfolio, "2023-08")
    december = monthly_report(portfolio, "2023-12")
    assert ("original-2023", "replan-2023") == (august.baseline, december.baseline)
    digipoort = next(a for a in august.assignments if a.id == "opd-2023-003")
    assert Rag.RED == digipoort.rag_time  # the original plan had Digipoort in production in summer 2023
    assert digipoort.variance > 0


def test_worst_ranks_grey_below_green() -> None:
    """Grey (not started) is the mildest status; red the worst."""
    assert Rag.GREEN == worst(Rag.GREY, Rag.GREEN)
    assert Rag.RED == worst(Rag.AMBER, Rag.RED, None)


def test_findings_touch_their_assignment(portfolio: Portfolio) -> None:
    """Digipoort's open-decision finding belongs to the Digipoort assignment only; waived from December 2023."""
    report = monthly_report(portfolio, "2023-08")
    holders = [a.id for a in report.assignments if any(f.subject == "digipoort.rebuild" for f in a.findings)]
    assert ["opd-2023-003"] == holders
    finding = next(f for f in report.assignments[2].findings if f.subject == "digipoort.rebuild")
    assert (False, "decision-before-cutover") == (finding.waived, finding.rule)  # the waiver dates from December
    december = next(a for a in monthly_report(portfolio, "2023-12").assignments if a.id == "opd-2023-003")
    assert [True] == [f.waived for f in december.findings if f.subject == "digipoort.rebuild"]


def test_since_last_report_from_previous_status_update(portfolio: Portfolio) -> None:
    """Without a store the previous status update is the reference: Digipoort's cutover moved 36 days since April."""
    report = monthly_report(portfolio, "2023-08")
    cutover = next(m for m in report.key_milestones if m.id == "digipoort.cutover")
    assert ("status-update", "2023-04-28") == (report.previous_source, report.previous_label)
    assert (dt.date(2024, 2, 12), 36) == (cutover.previous, cutover.moved_days)
    assert ["opd-2023-012", "opd-2023-010", "opd-2023-003"] == [m.id for m in report.movers[:3]]


def test_since_last_report_from_the_store(portfolio: Portfolio, tmp_path: Path) -> None:
    """With a store holding the previous period, its figures are the reference, not the previous status update."""
    august = monthly_report(portfolio, "2023-08")
    with Store.open(tmp_path / "s.sqlite") as store:  # July's report published with August's figures
        store.publish("2023-07", august.status_date, august.figures, baseline=august.baseline)
        report = monthly_report(portfolio, "2023-08", store=store)
    assert ("published", "2023-07") == (report.previous_source, report.previous_label)
    assert {0} == {m.moved_days for m in report.key_milestones}
    assert () == report.movers


def test_cli_store_option(portfolio: Portfolio, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--store names the store to compare with; the text says which report it compares with."""
    august = monthly_report(portfolio, "2023-08")
    with Store.open(tmp_path / "s.sqlite") as store:
        store.publish("2023-07", august.status_date, august.figures)
    code, out, _ = _cli(
        capsys, str(EXAMPLE), "--period", "2023-08", "--store", str(tmp_path / "s.sqlite"), "--lang", "en"
    )
    assert (0, "Compared with: the published report of July 2023") == (code, _line(out, "Compared with"))


def test_cli_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed period, a binary format without -o, a missing store and a period before any update fail."""
    with pytest.raises(SystemExit, match="2"):  # an argument error, before anything is read
        _cli(capsys, str(EXAMPLE), "--period", "2023-13")
    assert "argument --period: '2023-13' is not a period" in capsys.readouterr().err
    code, _, err = _cli(capsys, str(EXAMPLE), "--period", "2023-08", "--format", "xlsx")
    assert (2, "portfolio report: error: --format xlsx writes a file: give -o FILE\n") == (code, err)
    assert 2 == _cli(capsys, str(EXAMPLE), "--period", "2023-08", "--store", str(tmp_path / "none.sqlite"))[0]
    code, _, err = _cli(capsys, str(EXAMPLE), "--period", "2022-12")
    assert (1, True) == (code, err.startswith(f"{EXAMPLE}: error[no-status-update]"))


def test_cli_writes_the_file_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o writes the report to the file, leaves no temporary file behind and prints nothing on stdout."""
    target = tmp_path / "overzicht.md"
    target.write_text("old", encoding="utf-8")
    code, out, err = _cli(capsys, str(EXAMPLE), "--period", "2023-08", "--format", "md", "-o", str(target))
    assert (0, "") == (code, out)
    assert "wrote" in err
    assert target.read_text(encoding="utf-8").startswith("# Maandrapportage lopende opdrachten")
    assert ["overzicht.md"] == [p.name for p in tmp_path.iterdir()]


def test_unknown_language_and_format(portfolio: Portfolio) -> None:
    """render refuses a language or a format it does not know."""
    report = monthly_report(portfolio, "2023-08")
    with pytest.raises(ValueError, match="language 'de'"):
        render(report, "text", lang="de")
    with pytest.raises(ValueError, match="format 'pdf'"):
        render(report, "pdf")


def test_cli_baseline_option(capsys: pytest.CaptureFixture[str]) -> None:
    """--baseline chooses the plan to measure against; an unknown name is a usage error with a suggestion."""
    assert 0 == main(["report", "monthly", str(EXAMPLE), "--period", "2023-08", "--lang", "en"])
    default = capsys.readouterr().out
    assert 0 == main(["report", "monthly", str(EXAMPLE), "--period", "2023-08", "--lang", "en",
                      "--baseline", "replan-2023"])
    replan = capsys.readouterr().out
    assert "original-2023" in default
    assert "replan-2023" in replan
    assert 2 == main(["report", "monthly", str(EXAMPLE), "--period", "2023-08", "--baseline", "replan"])
    assert "did you mean 'replan-2023'?" in capsys.readouterr().err


def test_mta_uses_the_reports_baseline(portfolio: Portfolio) -> None:
    """August's MTA shows the baselines of the plan in force (original-2023), as the header says, not the re-plan."""
    report = monthly_report(portfolio, "2023-08")
    expected = {m: e.finish for m, e in portfolio.baselines["original-2023"].entries.items()}
    assert {t.id: expected[t.id] for t in report.trends} == {t.id: t.baseline_finish for t in report.trends}
    assert dt.date(2023, 12, 22) == report.trends[0].baseline_finish  # easi.exit; the re-plan has 19 Aug 2024


def test_mta_csv_and_text_use_the_reports_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    """The text MTA table of August shows easi.exit's original baseline date, 22 Dec 2023, not the re-plan's."""
    code, out, _ = _cli(capsys, str(EXAMPLE), "--period", "2023-08", "--lang", "en")
    assert 0 == code
    mta = out.split("Milestone trend")[1]
    assert "22 Dec 2023" in _line(mta, "easi.exit")
    assert "19 Aug 2024" not in _line(mta, "easi.exit")


def _assignment_milestone(report: MonthlyReport, assignment: str, milestone: str) -> tuple[dt.date | None, int | None]:
    line = next(a for a in report.assignments if a.id == assignment)
    m = next(m for m in line.milestones if m.id == milestone)
    return m.previous, m.moved_days


def test_assignment_milestones_moved_since_the_previous_status_update(portfolio: Portfolio) -> None:
    """Milestones that are not portfolio key milestones get their move since April too, e.g. Digipoort's decision."""
    report = monthly_report(portfolio, "2023-08")
    assert (dt.date(2023, 9, 6), 36) == _assignment_milestone(report, "opd-2023-003", "digipoort.landing-decision")
    assert (dt.date(2023, 9, 4), 10) == _assignment_milestone(report, "opd-2023-001", "lpc.ready")


def test_assignment_milestones_moved_with_a_store(portfolio: Portfolio, tmp_path: Path) -> None:
    """With a published July report (key milestones only), other milestones fall back to the previous status update."""
    august = monthly_report(portfolio, "2023-08")
    with Store.open(tmp_path / "s.sqlite") as store:
        store.publish("2023-07", august.status_date, august.figures, baseline=august.baseline)
        report = monthly_report(portfolio, "2023-08", store=store)
    assert (dt.date(2023, 9, 6), 36) == _assignment_milestone(report, "opd-2023-003", "digipoort.landing-decision")
    assert (dt.date(2023, 10, 4), 0) == _assignment_milestone(report, "opd-2023-002", "stelseldiensten.cutover")


def test_assignment_milestones_without_a_previous_update(portfolio: Portfolio) -> None:
    """The first status update has nothing to compare with: every milestone's move is unknown."""
    first = portfolio.status_updates[0].date
    report = monthly_report(portfolio, f"{first.year:04d}-{first.month:02d}")
    assert {None} == {m.moved_days for a in report.assignments for m in a.milestones}


def test_assignments_roll_up_their_own_scope(portfolio: Portfolio) -> None:
    """FBS phase 1 ends with phase 1 (19 Jun 2024), not with phase 2; the planning assignment rolls up its plans only."""
    report = monthly_report(portfolio, "2023-08")
    lines = {a.id: a for a in report.assignments}
    assert (dt.date(2024, 6, 19), dt.date(2025, 3, 31)) == (lines["opd-2023-004"].finish, lines["opd-2023-005"].finish)
    planning = schedule(portfolio, status_date=report.status_date).rollups("assignment")["opd-2023-010"]
    assert set(portfolio.assignments["opd-2023-010"].activities) == set(planning.activities)


@pytest.mark.parametrize("period", ["2023-08", "2023-12"])
def test_omgevingswet_explains_the_second_of_january(portfolio: Portfolio, period: str) -> None:
    """The Omgevingswet go-live on 2 January is explained: 1 January 2024 is a public holiday."""
    line = next(a for a in monthly_report(portfolio, period).assignments if a.id == "opd-2023-007")
    assert dt.date(2024, 1, 2) == next(m for m in line.milestones if m.id == "omgevingswet.go-live").forecast
    expected = "Die dag is een feestdag (Nieuwjaarsdag): de infrastructuur is live op de eerste werkdag, 2 januari 2024."
    assert expected == line.explanation[-len(expected) :]


@pytest.mark.parametrize(("name", "magic"), [("r.html", b"<!DOCTYPE html>"), ("r.xlsx", b"PK"), ("r.zip", b"PK"),
                                             ("r.md", b"# "), ("r.txt", b"Maandrapportage")])
def test_cli_format_from_the_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                       magic: bytes) -> None:
    """Without --format, -o's suffix chooses the format: r.html is HTML, r.zip the CSV tables."""
    extra = {"r.html": "jinja2", "r.xlsx": "xlsxwriter"}.get(name)
    if extra:
        pytest.importorskip(extra, reason="HTML and Excel need the 'report' extra")
    code, _, err = _cli(capsys, str(EXAMPLE), "--period", "2023-08", "-o", str(tmp_path / name))
    assert (0, magic, "warning" in err) == (code, (tmp_path / name).read_bytes()[: len(magic)], False)


#: Runs the command in an interpreter where XlsxWriter is not installed (a finder ahead of the others refuses it).
_WITHOUT_XLSXWRITER = """
import sys
class Absent:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "xlsxwriter":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, Absent())
from portfolio.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("kind", ["monthly", "four-monthly"])
def test_cli_without_the_report_extra_says_what_to_install(tmp_path: Path, kind: str) -> None:
    """Without XlsxWriter a workbook is refused with exit 2 and the extra to install, not a traceback."""
    period = "2023-08" if kind == "monthly" else "2023-T2"
    argv = ["report", kind, str(EXAMPLE), "--period", period, "-o", str(tmp_path / "r.xlsx"), "--no-cache"]
    done = subprocess.run([sys.executable, "-c", _WITHOUT_XLSXWRITER, *argv], capture_output=True, text=True,
                          check=False, timeout=300)
    assert (2, "Traceback" in done.stderr) == (done.returncode, False), done.stderr
    assert "No module named 'xlsxwriter'" in done.stderr
    assert "pip install 'migration-portfolio[report]'" in done.stderr
    assert not (tmp_path / "r.xlsx").exists()


def test_cli_csv_named_csv_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format csv writes a zip; naming it r.csv (or inferring csv from .csv) warns that it is a zip."""
    code, _, err = _cli(capsys, str(EXAMPLE), "--period", "2023-08", "-o", str(tmp_path / "r.csv"))
    expected = f"portfolio report: warning: --format csv writes a zip of CSV files; {tmp_path / 'r.csv'} will be a zip"
    assert (0, b"PK", True) == (code, (tmp_path / "r.csv").read_bytes()[:2], expected in err)


def test_cli_given_format_contradicting_the_suffix_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format md -o r.html keeps Markdown and warns."""
    code, _, err = _cli(capsys, str(EXAMPLE), "--period", "2023-08", "--format", "md", "-o", str(tmp_path / "r.html"))
    expected = f"portfolio report: warning: {tmp_path / 'r.html'} looks like html by its name, but --format md writes md"
    assert (0, b"# ", True) == (code, (tmp_path / "r.html").read_bytes()[:2], expected in err)
