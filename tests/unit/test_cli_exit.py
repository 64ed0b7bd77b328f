"""`python -m ucj.cli` ends without tearing the interpreter down (`ucj.cli.main_then_exit`), and
still says and returns what the command says and returns: its output, its status, its message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ucj import cli

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ucj.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_a_command_that_succeeds_prints_all_it_says_and_returns_0() -> None:
    done = _cli("manifest")
    assert done.returncode == 0
    assert "data/raw matches its manifest" in done.stdout  # flushed before the process ended
    assert "[manifest] done in" in done.stderr and "Traceback" not in done.stderr


def test_a_usage_error_returns_argparse_status_2() -> None:
    done = _cli("no-such-command")
    assert done.returncode == 2 and "invalid choice" in done.stderr


def test_an_exit_with_a_message_prints_it_and_returns_1(monkeypatch, capsys) -> None:
    def fail(argv=None) -> None:
        sys.exit("unknown regency code(s): 99.99")

    codes = []
    monkeypatch.setattr(cli, "main", fail)
    monkeypatch.setattr(cli.os, "_exit", codes.append)  # in this test process: record, do not end
    monkeypatch.setattr("atexit._run_exitfuncs", lambda: None)  # pytest's own handlers stay
    cli.main_then_exit()
    assert codes == [1] and "unknown regency code(s): 99.99" in capsys.readouterr().err
