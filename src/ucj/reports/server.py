"""Warm workers kept between runs (``make serve``), so that one regency's change is rebuilt in seconds.

Starting a warm worker (its process, its kernel, the imports and tables) costs about 2.5 s of
CPU: most of what a small rebuild costs. ``ucj.cli serve`` starts a pool of warm workers and
keeps it in the foreground (like ``make lab``) until Ctrl-C, ``ucj.cli serve --stop`` or
`IDLE_MINUTES` without a request. ``ucj.cli reports`` uses it when it is up
(`ucj.reports.client`, which also says how old code and other settings are refused) and
starts workers of its own otherwise.

A whole ``reports`` command runs warm: the client passes its arguments, environment, folder and
terminal (its file descriptors) to the server, which forks a child of itself with the imports
already done (`PRELOAD`) to run the command there, the same code a cold run executes; the child
sends the exit status back. A fork gives each run the server's imports and nothing else: the
server itself never runs a stage or reads a table, so nothing of one run reaches the next. The
child hands its reports to the warm workers like any client (the workbook first, on one worker,
while it plans), and the workers read tables and notebooks per report, by file version: data
and notebook edits need no restart.

One run at a time: a second one waits (two would build the same files).
"""

from __future__ import annotations

import os
import secrets
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection, Listener
from typing import Callable

from ucj import paths
from ucj.reports.client import address, answers, code_key, key_path, settings, use_default_settings

#: The server exits after this long without a request (a forgotten terminal holds no kernels for ever).
IDLE_MINUTES = 120.0
#: What a ``reports`` command imports, imported once by the server so its forked runs start warm.
#: Not the informal stage (rarely re-run): it imports statsmodels, which imports polars, which makes
#: SIGINT restart system calls (Ctrl-C would no longer reach a waiting server).
PRELOAD = ("pandas", "pyarrow.parquet", "pandera.pandas", "yaml", "openpyxl", "tqdm", "ucj.cli", "ucj.stages",
           "ucj.reports.run", "ucj.reports.plan", "ucj.reports.summaries", "ucj.reports.deps",
           "ucj.summary.excel", "ucj.villages", "ucj.master", "ucj.projection.pipeline")
#: The server waits for a client at most this long at a time, then looks at signals (Ctrl-C, SIGTERM).
ACCEPT_POLL_S = 1.0


def serve(run_command: Callable[[list[str]], None], jobs: int = 2, idle_minutes: float = IDLE_MINUTES) -> int:
    """Run the server in the foreground until stopped; return the exit status. A forked run calls
    ``run_command(argv)`` (`ucj.cli.main`: handed in, so that this module need not import the CLI)."""
    from ucj.reports import scratch
    from ucj.reports.dates import source_epoch

    os.environ["SOURCE_DATE_EPOCH"] = str(source_epoch())
    use_default_settings()
    sock = address()
    if answers(sock):
        print(f"warm workers are already running for {paths.reports_dir()} ({sock})", file=sys.stderr)
        return 1
    sock.unlink(missing_ok=True)  # left by a server that was killed
    authkey = secrets.token_bytes(32)
    key_file = key_path(sock)
    key_file.unlink(missing_ok=True)
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(f"{os.getpid()}\n".encode() + authkey)
    listener = Listener(str(sock), family="AF_UNIX", authkey=authkey)
    os.chmod(sock, 0o600)
    # Waiting in accept() with a timeout: a library that installs its signal handlers with
    # SA_RESTART would otherwise keep a blocked accept() from ever seeing Ctrl-C. (The socket is
    # the Listener's own; accepted connections are made blocking again by multiprocessing.)
    listening = getattr(getattr(listener, "_listener", None), "_socket", None)
    if listening is not None:
        listening.settimeout(ACCEPT_POLL_S)
    server = _Server(jobs, code_key(), run_command)
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
            except (OSError, EOFError):  # no client yet (timeout), or one that failed the handshake
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
    from ucj import loaders
    loaders.warm_up()


class _Server:
    """The pool and the request loop of `serve`."""

    def __init__(self, jobs: int, key: str, run_command: Callable[[list[str]], None] | None = None) -> None:
        self.jobs = jobs
        self.key = key
        self.run_command = run_command
        self.pool = None
        self.last_request = time.monotonic()
        self.busy = False
        self.runs = 0  # forked ``reports`` commands still running
        self._runs_lock = threading.Lock()

    def start_workers(self, wait: bool = True) -> None:
        """Start the pool; with ``wait``, return once every worker is warm (jobs submitted
        meanwhile simply start when it is)."""
        from ucj.reports.pool import start_pool
        self.pool = start_pool(self.jobs, for_server=True)
        if wait:
            for future in [self.pool.executor.submit(os.getpid) for _ in range(self.jobs)]:
                future.result()
            self._rehearse()

    def _rehearse(self) -> None:
        """Build a brief and the analysis notebook once on every worker, into the scratch
        folder: what a first report does only once (fonts, caches, lazy imports) is then done
        before the first client. Nothing is written to the reports; without data yet, nothing happens."""
        from dataclasses import replace

        from ucj.reports import plan, scratch
        try:
            jobs = [*plan.plan_analysis_notebooks(), *plan.plan()[:1]]
        except (OSError, SystemExit):  # no processed tables yet (`make data`)
            return
        folder = scratch.directory()
        rehearsal = [replace(job, label=f"rehearsal-{job.label}", pdf_path=folder / "rehearsal" / job.pdf_path.name,
                             state_path=folder / "rehearsal" / f"{job.label}.state")
                     for job in jobs if job.notebook in ("brief", "02_coverage_projection")]
        from ucj.reports.worker import build_one
        futures = [self.pool.executor.submit(build_one, job) for _ in range(self.jobs) for job in rehearsal]
        for future in futures:
            future.result()

    def stop_workers(self) -> None:
        if self.pool is not None:
            self.pool.executor.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def handle(self, conn: Connection) -> str:
        """Serve one client; return "stop", "restart", "detached" (a forked run: its connection
        is closed by its thread) or "" (go on)."""
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
            current = settings()
            if wanted != current:  # e.g. other data folders: fresh workers with the client's
                changed = sorted(k for k in wanted.keys() | current.keys() if wanted.get(k) != current.get(k))
                print(f"a client with other settings ({', '.join(changed)}): restarting the workers",
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
        # A forked run has the server's hash seed (0 under `make serve`), whatever the client's: a
        # client started without PYTHONHASHSEED would have run with a random one anyway.
        refused = ("busy" if self.runs  # one run at a time: two would build the same files
                   else "restarting" if hello.get("code") != self.key
                   else None)
        if refused:
            for fd in fds:
                os.close(fd)
            conn.send({"status": refused})
            return "restart" if refused == "restarting" else ""
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            _run_forked(fds, hello, conn, self.run_command)
        for fd in fds:
            os.close(fd)
        conn.send({"status": "started", "pid": pid})
        with self._runs_lock:
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
            with self._runs_lock:
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


def _run_forked(fds: list[int], hello: dict, conn: Connection, run_command: Callable[[list[str]], None]) -> None:
    """In the forked child: take the client's terminal, folder, environment and arguments, run
    the command as ``ucj.cli`` would, send the client its exit status (itself: the server
    may be gone by then) and exit with it."""
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
        try:
            run_command(hello["argv"])
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
            conn.send({"status": "exit", "code": code})
        except BaseException:  # the client is gone: nobody to tell
            pass
        finally:
            os._exit(code)


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


