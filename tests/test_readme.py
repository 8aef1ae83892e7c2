"""The README's commands and Python example run, so they cannot rot."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_readme_has_the_two_commands() -> None:
    """The README shows two shell commands: the main job and the test command (the one .ci/run runs)."""
    commands = [block.strip() for block in _blocks("sh")]
    assert 2 == len(commands)
    assert "portfolio" in commands[0]
    assert "pytest" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_main_job_commands_succeed() -> None:
    """Each `portfolio ...` step of the README's main-job command exits 0 on the shipped example."""
    main_job = _blocks("sh")[0]
    steps = [step.strip() for step in main_job.split("&&")]
    portfolio_steps = [shlex.split(step)[1:] for step in steps if shlex.split(step)[0].endswith("bin/portfolio")]
    assert portfolio_steps, "the main job runs no portfolio command"
    for arguments in portfolio_steps:
        completed = subprocess.run([sys.executable, "-m", "portfolio", *arguments], cwd=ROOT,
                                   capture_output=True, text=True, timeout=120, check=False)
        assert 0 == completed.returncode, completed.stderr
        assert completed.stdout.strip() or completed.stderr.strip()


def test_python_example_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The README's Python example runs from the repository root and prints the finish date."""
    (code,) = _blocks("python")
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})  # our own README, run as a user would
    printed = capsys.readouterr().out
    assert re.search(r"\d{4}-\d{2}-\d{2}", printed)
