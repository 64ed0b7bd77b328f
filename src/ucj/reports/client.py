"""The client side of `ucj.reports.server` (``make serve``): find the warm workers, hand them a
whole ``reports`` command (`forward`) or its jobs (`connect`), and what both sides must agree on.

Kept light (standard library only): every ``ucj.cli reports`` imports it before anything else.

Workers must never build from old code or other settings. Every request carries the client's
`code_key` (the package files, the environment) and `settings` (the environment variables
workers read: data and report folders, the report date...): a server on other code starts
again from the new code, one with other settings restarts its workers with the client's, and
the client waits for them instead of starting its own. Without a server (none running, or one
that was killed) the caller builds with workers of its own: the outputs are the same bytes.

The socket and its key file (the server's pid, then the key; readable by the owner only) are in
the system temporary folder, one per reports folder (`address`).
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Client, Connection
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ucj import paths

if TYPE_CHECKING:
    from ucj.reports.worker import ReportJob, TaskJob

#: How long a client waits for a server that is busy with another run or restarting.
WAIT_FOR_SERVER_S = 120.0
SOCKET_ENV = "UCJ_SERVE_SOCKET"
#: Environment variables the workers' outputs depend on, besides every ``UCJ_*`` folder setting.
SETTING_NAMES = ("SOURCE_DATE_EPOCH", "PYTHONHASHSEED", "MPLBACKEND", "OPENBLAS_NUM_THREADS")
_NOT_SETTINGS = ("UCJ_SCRATCH_DIR", SOCKET_ENV)
#: What the report workers and kernels get unless the caller chose otherwise: the Makefile's
#: settings, so that ``ucj.cli reports`` run directly builds like ``make reports`` (and finds the
#: same warm workers instead of restarting them with other settings).
DEFAULT_SETTINGS = {"PYTHONHASHSEED": "0", "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1"}


def address() -> Path:
    """The server's socket: ``$UCJ_SERVE_SOCKET``, else one per user and reports folder in the
    system temporary folder (a Unix socket path must stay short)."""
    if os.environ.get(SOCKET_ENV):
        return Path(os.environ[SOCKET_ENV])
    folder = hashlib.sha256(str(paths.reports_dir().resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"ucj-serve-{os.getuid()}-{folder}.sock"


def key_path(sock: Path) -> Path:
    return sock.with_suffix(".key")


def read_key(sock: Path) -> tuple[int, bytes]:
    """The server's process id and authentication key (its key file: the pid on the first line)."""
    pid, _, key = key_path(sock).read_bytes().partition(b"\n")
    return int(pid), key


def authkey(sock: Path) -> bytes:
    return read_key(sock)[1]


def code_key(package: Path | None = None) -> str:
    """A digest of the code workers run: every file of the package (name, size, modification
    time) and the environment's build stamp. Cheap (file times, no reading), and any edit changes it."""
    digest = hashlib.sha256(sys.executable.encode())
    package = package or paths.PACKAGE_DIR
    files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".typ", ".yml") and p.is_file())
    stamp = Path(sys.prefix) / ".env-stamp"
    for path in [*files, stamp]:
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def use_default_settings() -> None:
    """Give this process's environment (inherited by the workers it starts) `DEFAULT_SETTINGS`
    where it has none."""
    for name, value in DEFAULT_SETTINGS.items():
        os.environ.setdefault(name, value)


def settings() -> dict[str, str]:
    """The environment variables a worker's outputs depend on, as this process has them."""
    return {name: value for name, value in sorted(os.environ.items())
            if (name.startswith("UCJ_") and name not in _NOT_SETTINGS) or name in SETTING_NAMES}


def answers(sock: Path) -> bool:
    """Whether a server is listening on ``sock``."""
    import socket
    if not sock.exists():
        return False
    with socket.socket(socket.AF_UNIX) as probe:
        try:
            probe.connect(str(sock))
        except OSError:
            return False
    return True


@dataclass
class RemoteWorkers:
    """A connection to a running server whose workers are ready for this client's code and settings."""

    conn: Connection
    size: int
    _sent: list = field(default_factory=list)

    @property
    def submitted(self) -> list[ReportJob | TaskJob]:
        """The jobs handed to the server so far."""
        return list(self._sent)

    def submit(self, jobs: list[ReportJob | TaskJob]) -> None:
        """Hand ``jobs`` to the server now (it starts them as workers free up); more may follow."""
        self._sent.extend(jobs)
        try:
            self.conn.send(("jobs", jobs))
        except OSError:
            pass  # the server went away: `finish` runs nothing more and returns them

    def finish(self, on_done: Callable[[str, str | None], None]) -> list[ReportJob | TaskJob]:
        """Wait for every submitted job, calling ``on_done(label, error)`` for each; return the
        jobs the server did not finish (it went away), for the caller to run itself."""
        pending = {job.label: job for job in self._sent}
        try:
            self.conn.send(("end",))
            while True:
                message = self.conn.recv()
                if message[0] == "finished":
                    break
                _, label, error = message
                pending.pop(label, None)
                on_done(label, error)
        except (EOFError, OSError):
            pass
        finally:
            self.close()
        return list(pending.values())

    def close(self) -> None:
        try:
            self.conn.close()
        except OSError:
            pass


def running() -> bool:
    """Whether a server for this reports folder is up (or restarting: its key file stays)."""
    sock = address()
    if answers(sock):
        return True
    try:  # between two lives (restarting from new code: same process) or killed (its files stay)
        pid, _ = read_key(sock)
    except (OSError, ValueError):
        return False
    from ucj.reports.scratch import alive
    return alive(pid)


def connect(wait_for_restart: bool = True, wait_s: float = WAIT_FOR_SERVER_S) -> RemoteWorkers | None:
    """The server's workers, ready for this process's code and settings; None when no server
    runs (or it cannot be reached), in which case the caller starts its own workers.

    A server that runs older code restarts from the new code: with ``wait_for_restart`` this
    waits for it (up to ``wait_s``), without it None is returned at once (the caller can do
    other work, then call again).
    """
    sock = address()
    if not sock.exists() and not (wait_for_restart and running()):
        return None
    deadline = time.monotonic() + wait_s
    said: set[str] = set()
    while time.monotonic() < deadline:
        try:
            conn = Client(str(sock), family="AF_UNIX", authkey=authkey(sock))
        except (OSError, EOFError):  # not running, or between two lives
            if not wait_for_restart or not running():
                return None
            time.sleep(0.1)
            continue
        except Exception:  # e.g. a key of an earlier server (AuthenticationError): not ours to use
            return None
        try:
            conn.send({"op": "build", "code": code_key(), "settings": settings()})
            while not conn.poll(1.0):
                if time.monotonic() > deadline:
                    raise TimeoutError
                if "busy" not in said:
                    print("warm workers busy with another run: waiting", file=sys.stderr, flush=True)
                    said.add("busy")
            reply = conn.recv()
            if reply["status"] == "ready":
                return RemoteWorkers(conn, int(reply["workers"]))
            print(f"warm workers: {reply.get('why', reply['status'])}, restarting", file=sys.stderr, flush=True)
        except (EOFError, OSError, TimeoutError):
            pass
        conn.close()
        if not wait_for_restart:
            return None
        time.sleep(0.2)
    return None


def forward(argv: list[str]) -> int | None:
    """Run the command ``argv`` (``reports ...``) in the server, on this terminal; return its exit
    status, or None when no server takes it (none runs, or it restarts for newer code): the
    caller then runs the command itself."""
    sock = address()
    if not sock.exists():
        return None
    deadline = time.monotonic() + WAIT_FOR_SERVER_S
    said = False
    while True:
        reply = _request_run(sock, argv)
        if reply is None or reply["status"] == "started":
            break
        if reply["status"] != "busy" or time.monotonic() > deadline:
            if reply["status"] == "restarting":
                print("warm workers: the code changed, restarting", file=sys.stderr, flush=True)
            return None
        if not said:
            print("warm workers busy with another run: waiting", file=sys.stderr, flush=True)
            said = True
        reply["conn"].close()
        time.sleep(0.5)
    if reply is None:
        return None
    conn, pid = reply["conn"], reply["pid"]
    with conn:
        while True:
            try:
                return int(conn.recv()["code"])
            except KeyboardInterrupt:  # Ctrl-C here: the run in the server stops as it would here
                os.kill(pid, signal.SIGINT)
            except (EOFError, OSError):
                print("the warm workers' server stopped during the run", file=sys.stderr)
                return 1


def _request_run(sock: Path, argv: list[str]) -> dict | None:
    """Ask the server to run ``argv`` on this terminal: its reply (with the open connection
    under "conn"), or None when it cannot be reached."""
    import socket
    try:
        conn = Client(str(sock), family="AF_UNIX", authkey=authkey(sock))
    except Exception:  # not running, or a key of an earlier server
        return None
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        conn.send({"op": "run", "code": code_key(), "argv": list(argv), "cwd": os.getcwd(),
                   "env": dict(os.environ)})
        with socket.socket(fileno=os.dup(conn.fileno())) as raw:
            socket.send_fds(raw, [b"t"], [0, 1, 2])
        reply = conn.recv()
    except (EOFError, OSError):
        conn.close()
        return None
    if reply["status"] in ("started", "busy"):
        reply["conn"] = conn
    else:
        conn.close()
    return reply


def stop() -> bool:
    """Ask the server for this reports folder to stop; return whether one was running."""
    sock = address()
    if not answers(sock):
        return False
    with Client(str(sock), family="AF_UNIX", authkey=authkey(sock)) as conn:
        conn.send({"op": "stop"})
        conn.recv()
    while sock.exists():  # removed once its workers are stopped
        time.sleep(0.1)
    return True
