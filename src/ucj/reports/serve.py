"""Warm workers kept between runs (``make serve``), so that one regency's change is rebuilt in seconds.

Starting a warm worker (its process, its kernel, the imports and tables) costs about 2.5 s of
CPU: most of what a small rebuild costs. ``ucj.cli serve`` starts a pool of warm workers and
keeps it in the foreground (like ``make lab``) until Ctrl-C, ``ucj.cli serve --stop`` or
`IDLE_MINUTES` without a request. ``ucj.cli reports`` hands its stale reports to those
workers when they are up, and starts its own otherwise: the outputs are the same bytes either
way (a test builds the same brief both ways).

Workers must never build from old code or other settings:

* every request carries the client's `code_key` (the package files, the environment) and
  `settings` (the environment variables workers read: data and report folders, the report
  date...). If the code differs the server starts again from its new code (``exec``); if only
  the settings differ it restarts its workers with the client's settings. Either way the
  client waits for the fresh workers instead of starting its own.
* a kernel reads its tables per report by file version (`ucj.brief.context`), and notebooks
  are read per report: data and notebook edits need no restart.

A whole ``reports`` command runs warm too: the client (`forward`) passes its arguments,
environment, folder and terminal (its file descriptors) to the server, which forks a child of
itself with the imports already done (`PRELOAD`) to run the command there, the same code a cold
run executes, and hands the exit status back. A fork gives each run the server's imports and
nothing else: the server itself never runs a stage, so no cache or table of one run reaches the
next. The child uses the warm workers like any client.

One client is served at a time; a second one waits. The socket and its key (readable by the
owner only) are in the system temporary folder, one per reports folder (`address`).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path

from typing import TYPE_CHECKING

from ucj import paths

if TYPE_CHECKING:  # kept light: a client imports this module before anything else
    from ucj.reports.worker import ReportJob

#: The server exits after this long without a request (a forgotten terminal holds no kernels for ever).
IDLE_MINUTES = 120.0
#: How long a client waits for a server that is busy with another client or restarting.
WAIT_FOR_SERVER_S = 120.0
SOCKET_ENV = "UCJ_SERVE_SOCKET"
#: Environment variables the workers' outputs depend on, besides every ``UCJ_*`` folder setting.
SETTING_NAMES = ("SOURCE_DATE_EPOCH", "PYTHONHASHSEED", "MPLBACKEND", "OPENBLAS_NUM_THREADS")
_NOT_SETTINGS = ("UCJ_SCRATCH_DIR", SOCKET_ENV)
#: What a ``reports`` command imports, imported once by the server so its forked runs start warm.
PRELOAD = ("pandas", "pyarrow.parquet", "pandera.pandas", "yaml", "openpyxl", "tqdm", "ucj.cli", "ucj.stages",
           "ucj.reports.run", "ucj.reports.plan", "ucj.reports.summaries", "ucj.reports.deps",
           "ucj.summary.excel", "ucj.villages", "ucj.master", "ucj.projection.pipeline", "ucj.informal.pipeline")


def address() -> Path:
    """The server's socket: ``$UCJ_SERVE_SOCKET``, else one per user and reports folder in the
    system temporary folder (a Unix socket path must stay short)."""
    if os.environ.get(SOCKET_ENV):
        return Path(os.environ[SOCKET_ENV])
    folder = hashlib.sha256(str(paths.reports_dir().resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"ucj-serve-{os.getuid()}-{folder}.sock"


def _key_path(sock: Path) -> Path:
    return sock.with_suffix(".key")


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


def settings() -> dict[str, str]:
    """The environment variables a worker's outputs depend on, as this process has them."""
    return {name: value for name, value in sorted(os.environ.items())
            if (name.startswith("UCJ_") and name not in _NOT_SETTINGS) or name in SETTING_NAMES}


# ---------------------------------------------------------------------------------------- server

def serve(jobs: int = 2, idle_minutes: float = IDLE_MINUTES) -> int:
    """Run the server in the foreground until stopped; return the exit status."""
    from ucj.reports import scratch
    from ucj.reports.dates import source_epoch

    os.environ["SOURCE_DATE_EPOCH"] = str(source_epoch())
    sock = address()
    if _answers(sock):
        print(f"warm workers are already running for {paths.reports_dir()} ({sock})", file=sys.stderr)
        return 1
    sock.unlink(missing_ok=True)  # left by a server that was killed
    authkey = secrets.token_bytes(32)
    key_file = _key_path(sock)
    key_file.unlink(missing_ok=True)
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(authkey)
    listener = Listener(str(sock), family="AF_UNIX", authkey=authkey)
    os.chmod(sock, 0o600)
    server = _Server(jobs, code_key(), listener)
    _preload()
    scratch.begin_run()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    _exit_when_idle(server, idle_minutes)
    restart = False
    try:
        server.start_workers()
        print(f"{jobs} warm worker(s) ready for {paths.reports_dir()}: `make reports` in another terminal "
              f"uses them. Ctrl-C stops them (or `ucj.cli serve --stop`; idle for {idle_minutes:g} min).",
              file=sys.stderr, flush=True)
        while True:
            try:
                conn = listener.accept()
            except (OSError, EOFError):  # a client that failed the handshake, e.g. an old key
                continue
            outcome = server.handle(conn)
            if outcome != "detached":  # a forked run's connection is closed by its thread
                conn.close()
            if outcome == "stop":
                break
            if outcome == "restart":
                restart = True
                break
    except KeyboardInterrupt:
        pass
    finally:
        server.stop_workers()
        listener.close()
        key_file.unlink(missing_ok=True)
        scratch.end_run()
    if restart:  # the package changed: start again from the new code, same arguments
        print("the code changed: restarting the warm workers", file=sys.stderr, flush=True)
        os.execv(sys.executable, [sys.executable, "-m", "ucj.cli", "serve", "--jobs", str(jobs),
                                  "--idle-minutes", f"{idle_minutes:g}"])
    print("warm workers stopped", file=sys.stderr)
    return 0


def _preload() -> None:
    """Import what a ``reports`` command imports (`PRELOAD`), and what pandera imports on its
    first validation (its checks and strategies: 0.25 s); parse the package's import graph
    (`ucj.reports.deps`, cached per file version: the server restarts when a file changes anyway):
    so the forked runs start warm."""
    import importlib
    for module in PRELOAD:
        importlib.import_module(module)
    from ucj.reports import deps
    deps.import_graph()
    import pandas as pd
    import pandera.pandas as pa
    pa.DataFrameSchema({"x": pa.Column(int, pa.Check.ge(0))}).validate(pd.DataFrame({"x": [1]}))


class _Server:
    """The pool and the request loop of `serve`."""

    def __init__(self, jobs: int, key: str, listener: Listener) -> None:
        self.jobs = jobs
        self.key = key
        self.listener = listener
        self.pool = None
        self.last_request = time.monotonic()
        self.busy = False
        self.runs = 0  # forked ``reports`` commands still running

    def start_workers(self, wait: bool = True) -> None:
        """Start the pool; with ``wait``, return once every worker is warm (jobs submitted
        meanwhile simply start when it is)."""
        from ucj.reports.pool import start_pool
        self.pool = start_pool(self.jobs, for_server=True)
        if wait:
            for future in [self.pool.executor.submit(os.getpid) for _ in range(self.jobs)]:
                future.result()

    def stop_workers(self) -> None:
        if self.pool is not None:
            self.pool.executor.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def handle(self, conn: Connection) -> str:
        """Serve one client; return "stop", "restart" or "" (go on)."""
        self.busy = True
        try:
            hello = conn.recv()
            if hello.get("op") == "stop":
                conn.send({"status": "stopping"})
                return "stop"
            if hello.get("op") == "run":
                return self._fork_run(conn, hello)
            if hello.get("code") != self.key:
                conn.send({"status": "restarting", "why": "the code changed"})
                return "restart"
            wanted = hello.get("settings", {})
            if wanted != settings():  # e.g. other data folders: fresh workers with the client's
                print("the client's settings differ: restarting the workers "
                      f"({', '.join(sorted(set(wanted.items()) ^ set(settings().items()))[:1][0][:1])}...)",
                      file=sys.stderr, flush=True)
                self._adopt(wanted)
            conn.send({"status": "ready", "workers": self.jobs})
            self._run(conn)
            return ""
        except (EOFError, OSError):  # the client went away (Ctrl-C): its queued jobs are dropped
            return ""
        finally:
            self.busy = False
            self.last_request = time.monotonic()

    def _fork_run(self, conn: Connection, hello: dict) -> str:
        """Run a client's ``reports`` command in a forked child with the client's terminal; a
        thread hands its exit status back. Returns "restart" when the client runs newer code."""
        import socket
        with socket.socket(fileno=os.dup(conn.fileno())) as raw:
            _, fds, _, _ = socket.recv_fds(raw, 1, 3)
        refused = ("restarting" if hello.get("code") != self.key
                   else "local" if hello["env"].get("PYTHONHASHSEED") != os.environ.get("PYTHONHASHSEED")
                   else "busy" if self.runs else None)  # one run at a time: two would build the same files
        if refused:
            for fd in fds:
                os.close(fd)
            conn.send({"status": refused})
            return "restart" if refused == "restarting" else ""
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            _run_forked(fds, hello)
        for fd in fds:
            os.close(fd)
        conn.send({"status": "started", "pid": pid})
        self.runs += 1
        threading.Thread(target=self._await_child, args=(pid, conn), name=f"ucj-run-{pid}", daemon=True).start()
        return "detached"

    def _await_child(self, pid: int, conn: Connection) -> None:
        """Send the child's exit status to its client; interrupt the child if the client goes away."""
        try:
            while True:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    code = os.waitstatus_to_exitcode(status)
                    try:
                        conn.send({"status": "exit", "code": code if code >= 0 else 128 - code})
                    except OSError:
                        pass
                    return
                try:
                    if conn.poll(0.05):
                        conn.recv()  # the client says nothing more: only EOF can arrive
                except (EOFError, OSError):  # the client is gone (killed): stop its run like Ctrl-C
                    os.kill(pid, signal.SIGINT)
                    os.waitpid(pid, 0)
                    return
        finally:
            conn.close()
            self.runs -= 1
            self.last_request = time.monotonic()

    def _adopt(self, wanted: dict[str, str]) -> None:
        """Restart the workers with the client's settings (they inherit this process's environment)."""
        from ucj.reports import scratch
        self.stop_workers()
        scratch.end_run()
        for name in settings():
            os.environ.pop(name, None)
        os.environ.update(wanted)
        scratch.begin_run()
        self.start_workers(wait=False)

    def _run(self, conn: Connection) -> None:
        """Take jobs from ``conn`` until the client says "end"; report each finished job."""
        from ucj.reports.pool import Dispatcher

        if self.pool is None:  # the last client's run broke it
            self.start_workers(wait=False)
        dispatcher = Dispatcher([self.pool], lambda label, error: conn.send(("done", label, error)))
        ended = False
        while not ended or dispatcher.busy:
            if not ended and conn.poll(0 if dispatcher.busy else None):
                message = conn.recv()
                if message[0] == "jobs":
                    dispatcher.add(message[1])
                elif message[0] == "end":
                    ended = True
            if dispatcher.busy:
                dispatcher.poll(timeout=0.02 if not ended else None)
        if dispatcher.broken:
            self.stop_workers()  # started afresh for the next client
        conn.send(("finished",))


_FORKED = False


def is_forked_run() -> bool:
    """Whether this process is a run forked by the server (which must not be forwarded again)."""
    return _FORKED


def _run_forked(fds: list[int], hello: dict) -> None:
    """In the forked child: take the client's terminal, folder, environment and arguments, run
    the command as `ucj.cli.main` would, exit with its status."""
    global _FORKED
    _FORKED = True
    code = 1
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(hello["cwd"])
        os.environ.clear()
        os.environ.update(hello["env"])
        sys.argv = ["ucj", *hello["argv"]]
        from ucj import cli
        try:
            cli.main(hello["argv"])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)
        except KeyboardInterrupt:
            code = 130
        except BaseException:
            import traceback
            traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _answers(sock: Path) -> bool:
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


def _exit_when_idle(server: _Server, idle_minutes: float) -> None:
    """Stop the server (as SIGTERM would) after ``idle_minutes`` without a request."""
    def watch() -> None:
        while True:
            time.sleep(min(30.0, idle_minutes * 60 / 4))
            if not server.busy and not server.runs and time.monotonic() - server.last_request > idle_minutes * 60:
                print(f"idle for {idle_minutes:g} min: stopping", file=sys.stderr, flush=True)
                os.kill(os.getpid(), signal.SIGTERM)
                return
    threading.Thread(target=watch, name="ucj-serve-idle", daemon=True).start()


# ---------------------------------------------------------------------------------------- client

@dataclass
class RemoteWorkers:
    """A connection to a running server whose workers are ready for this client's code and settings."""

    conn: Connection
    size: int
    _sent: list = field(default_factory=list)

    @property
    def submitted(self) -> list:
        """The jobs handed to the server so far."""
        return list(self._sent)

    def submit(self, jobs: list) -> None:
        """Hand ``jobs`` to the server now (it starts them as workers free up); more may follow."""
        self._sent.extend(jobs)
        try:
            self.conn.send(("jobs", jobs))
        except OSError:
            pass  # the server went away: `finish` runs nothing more and returns them

    def finish(self, on_done) -> list:
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

    def run(self, jobs: list, on_done) -> list:
        """`submit` then `finish`."""
        self.submit(jobs)
        return self.finish(on_done)

    def close(self) -> None:
        try:
            self.conn.close()
        except OSError:
            pass


def running() -> bool:
    """Whether a server for this reports folder is up (or restarting: its key file stays)."""
    sock = address()
    return _answers(sock) or _key_path(sock).exists()


def connect(wait_for_restart: bool = True, wait_s: float = WAIT_FOR_SERVER_S) -> RemoteWorkers | None:
    """The server's workers, ready for this process's code and settings; None when no server
    runs (or it cannot be reached), in which case the caller starts its own workers.

    A server that runs older code restarts from the new code: with ``wait_for_restart`` this
    waits for it (up to ``wait_s``), without it None is returned at once (the caller can do
    other work, then call again).
    """
    sock = address()
    if not sock.exists() and not (wait_for_restart and _key_path(sock).exists()):
        return None
    deadline = time.monotonic() + wait_s
    said: set[str] = set()
    while time.monotonic() < deadline:
        try:
            conn = Client(str(sock), family="AF_UNIX", authkey=_key_path(sock).read_bytes())
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
        conn = Client(str(sock), family="AF_UNIX", authkey=_key_path(sock).read_bytes())
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
    if not _answers(sock):
        return False
    with Client(str(sock), family="AF_UNIX", authkey=_key_path(sock).read_bytes()) as conn:
        conn.send({"op": "stop"})
        conn.recv()
    while sock.exists():  # removed once its workers are stopped
        time.sleep(0.1)
    return True
