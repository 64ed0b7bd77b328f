"""The warm workers kept between runs (`make serve`): same bytes as a run of its own, never old
code, a client that falls back to its own workers when the server is not there, nothing left behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from ucj import paths
from ucj.reports import client, server

CODE = "12.14"


def _start_server(env: dict[str, str]) -> tuple[subprocess.Popen, list[str]]:
    """A server in the background (Ctrl-C acting as in a terminal); returns once its workers are ready."""
    process = subprocess.Popen([sys.executable, "-m", "ucj.cli", "serve", "--jobs", "1"], cwd=paths.PROJECT_ROOT,
                               env=env, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        lines.append(line)
        if "ready" in line or not line:
            break
    assert any("ready" in line for line in lines), lines
    return process, lines


@pytest.mark.slow
@pytest.mark.xdist_group("kernels")
def test_a_run_on_the_server_gives_the_bytes_of_a_run_of_its_own(tmp_path: Path) -> None:
    socket_dir = Path(tempfile.mkdtemp(prefix="ucj-s"))  # a Unix socket path must stay short
    served = {**os.environ, "UCJ_REPORTS_DIR": str(tmp_path / "served"),
              client.SOCKET_ENV: str(socket_dir / "s.sock")}
    own = {**os.environ, "UCJ_REPORTS_DIR": str(tmp_path / "own"), client.SOCKET_ENV: str(socket_dir / "none.sock")}
    process, _ = _start_server(served)
    try:
        workers = psutil.Process(process.pid).children(recursive=True)
        assert workers  # its worker and that worker's kernel
        command = [sys.executable, "-m", "ucj.cli", "reports", "--only", CODE, "--jobs", "1"]
        on_server = subprocess.run(command, cwd=paths.PROJECT_ROOT, env=served, capture_output=True, text=True)
        assert on_server.returncode == 0, on_server.stderr
        assert "on the warm workers" in on_server.stderr
        again = subprocess.run(command, cwd=paths.PROJECT_ROOT, env=served, capture_output=True, text=True)
        assert again.returncode == 0 and "0 stale" in again.stderr  # the server's run recorded its fingerprints
        alone = subprocess.run(command, cwd=paths.PROJECT_ROOT, env=own, capture_output=True, text=True)
        assert alone.returncode == 0, alone.stderr
        assert "warm workers" not in alone.stderr
        brief = next((tmp_path / "served" / "briefs").rglob("*.pdf")).relative_to(tmp_path / "served")
        assert (tmp_path / "served" / brief).read_bytes() == (tmp_path / "own" / brief).read_bytes()
        stopped = subprocess.run([sys.executable, "-m", "ucj.cli", "serve", "--stop"], cwd=paths.PROJECT_ROOT,
                                 env=served, capture_output=True, text=True, timeout=60)
        assert stopped.returncode == 0
        assert process.wait(timeout=60) == 0
        _, alive = psutil.wait_procs(workers, timeout=10)
        assert alive == []  # no worker and no kernel left
        assert not (socket_dir / "s.sock").exists() and not (socket_dir / "s.key").exists()
    finally:
        if process.poll() is None:
            process.kill()


@pytest.mark.slow
@pytest.mark.xdist_group("kernels")
def test_ctrl_c_stops_the_server_and_its_workers() -> None:
    socket_dir = Path(tempfile.mkdtemp(prefix="ucj-s"))
    process, _ = _start_server({**os.environ, client.SOCKET_ENV: str(socket_dir / "s.sock")})
    try:
        workers = psutil.Process(process.pid).children(recursive=True)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        assert "Traceback" not in process.stderr.read()
        _, alive = psutil.wait_procs(workers, timeout=10)
        assert alive == []
    finally:
        if process.poll() is None:
            process.kill()


@pytest.mark.unit
def test_without_a_server_the_client_runs_on_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = Path(tempfile.mkdtemp(prefix="ucj-s")) / "s.sock"
    monkeypatch.setenv(client.SOCKET_ENV, str(stale))
    assert client.forward(["reports"]) is None and client.connect() is None and not client.running()
    with socket.socket(socket.AF_UNIX) as dead:  # a socket file left by a killed server
        dead.bind(str(stale))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale.with_suffix(".key").write_bytes(f"{int(dead.stdout)}\n".encode() + b"k" * 32)  # its key file too
    assert not client.running()
    start = time.monotonic()
    assert client.forward(["reports"]) is None
    assert client.connect(wait_for_restart=False) is None and client.connect() is None
    assert time.monotonic() - start < 5  # no waiting for a server that is gone


@pytest.mark.unit
def test_the_code_key_changes_with_any_package_file(tmp_path: Path) -> None:
    package = tmp_path / "ucj"
    (package / "brief").mkdir(parents=True)
    module = package / "brief" / "charts.py"
    module.write_text("x = 1\n")
    (package / "templates").mkdir()
    (package / "templates" / "brief.typ").write_text("#let a = 1\n")
    first = client.code_key(package)
    assert client.code_key(package) == first
    module.write_text("x = 2\n")
    assert client.code_key(package) != first
    second = client.code_key(package)
    (package / "templates" / "brief.typ").write_text("#let a = 2\n")
    assert client.code_key(package) != second


@pytest.mark.unit
def test_settings_are_what_workers_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UCJ_REPORTS_DIR", "/somewhere")
    monkeypatch.setenv("UCJ_SCRATCH_DIR", "/scratch")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    monkeypatch.setenv("HOME", "/home/x")
    got = client.settings()
    assert got["UCJ_REPORTS_DIR"] == "/somewhere" and got["SOURCE_DATE_EPOCH"] == "1"
    assert "UCJ_SCRATCH_DIR" not in got and "HOME" not in got


class _Conn:
    """A connection that replays ``incoming`` and records what is sent."""

    def __init__(self, incoming: list) -> None:
        self.incoming, self.sent = list(incoming), []

    def recv(self):
        return self.incoming.pop(0)

    def send(self, message) -> None:
        self.sent.append(message)

    def fileno(self) -> int:
        raise OSError("no socket")


@pytest.mark.unit
def test_a_server_on_old_code_restarts_instead_of_serving() -> None:
    old = server._Server(jobs=1, key="old")
    conn = _Conn([{"op": "build", "code": "new", "settings": client.settings()}])
    assert old.handle(conn) == "restart"
    assert conn.sent == [{"status": "restarting", "why": "the code changed"}]
    assert old.pool is None  # no job ran on the old code
    assert old.handle(_Conn([{"op": "stop"}])) == "stop"


@pytest.mark.unit
def test_a_direct_cli_run_gets_the_settings_of_make(monkeypatch: pytest.MonkeyPatch) -> None:
    """`ucj.cli reports` run directly gives its workers what the Makefile exports (and so finds the
    warm workers of `make serve` with the same settings); what the caller set stays."""
    for name in client.DEFAULT_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MPLBACKEND", "svg")
    client.use_default_settings()
    got = client.settings()
    assert got["PYTHONHASHSEED"] == "0" and got["OPENBLAS_NUM_THREADS"] == "1"
    assert got["MPLBACKEND"] == "svg"
