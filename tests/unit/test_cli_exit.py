"""`python -m ucj.cli` ends without tearing the interpreter down (`ucj.cli.main_then_exit`), and
still says and returns what the command says and returns: its output, its status, its message; run
directly, it has the Makefile's settings."""

from __future__ import annotations

import os
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


def test_a_direct_run_has_the_makefile_settings_before_numpy_loads() -> None:
    """`python -m ucj.cli data` run without make gets one BLAS thread like `make data` (several
    threads made the informal cross-validation tables differ in their last digits between runs):
    the settings are set before numpy is imported, when OpenBLAS reads them."""
    code = (
        "import os, sys\n"
        "from ucj import cli\n"
        "assert 'numpy' not in sys.modules\n"
        "cli.main(['manifest'])\n"
        "assert 'numpy' in sys.modules\n"
        "print(os.environ['OPENBLAS_NUM_THREADS'], os.environ['MPLBACKEND'])\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "MPLBACKEND")}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-2:] == ["1", "Agg"]
