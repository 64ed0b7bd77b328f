"""The worker side of the report batch: one warm kernel per worker process, one report per call.

Kept free of pandas and papermill at import: a worker process (spawned) imports
this module, launches its kernel, and only then imports papermill and typst
while the kernel boots, so a worker is ready about a second sooner: most of
what one changed regency costs is starting workers.
"""

from __future__ import annotations

import atexit
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

from ucj import catalog, collector
from ucj.dag.fingerprint import is_current, record
from ucj.dag.outputs import ALL, BRIEF

#: Run in a worker's kernel after its warm-up and again once the data stages have run: the tables
#: every report needs, read by file version (`ucj.catalog.read`), so a table the stages rewrote is
#: read here, before the first report, and one they left alone is kept. On a first run what is not
#: there yet is simply read later, by the first report that needs it.
READ_TABLES = (
    "from ucj import catalog as _catalog\n"
    "from ucj.brief import context as _context, mapping as _mapping\n"
    + "".join(
        f"_catalog.read({name!r}, missing_ok=True, copy=False)\n"
        for name in (catalog.REGENCIES, catalog.INFORMAL_WORKFORCE, *BRIEF.rows)
    )
    + "try:\n"
    "    _context.read_assumptions()\n"
    "    _mapping.paths_for('province'); _mapping.paths_for('regency')\n"
    "except FileNotFoundError:\n"
    "    pass\n"
    # what is read and imported now lives as long as the kernel: the garbage collector stops
    # walking it (a full collection otherwise visits it all, 0.1-0.2 s, several times a report)
    "import gc as _gc\n"
    "_gc.freeze()\n"
)

# Run once in every worker's kernel: the imports every report needs, one figure drawn (matplotlib's
# first-time costs), the code fingerprint of the project stage (notebook 02 checks that its kept
# context is current: the import graph is parsed once) and the tables.
WARMUP = "from ucj import collector as _collector\nwith _collector.paused():  # all of it stays\n" + (
    textwrap.indent(
        "import pandas, matplotlib.pyplot\n"
        "from ucj.brief import charts, context, mapping\n"
        "from ucj.summary import data as _summary_data, sections as _summary_sections\n"
        "from ucj import stages as _stages\n"
        "from ucj.projection import pipeline as _projection  # notebook 02\n"
        "from ucj import figures as _figures\n"
        "from ucj.dag import deps as _deps, fingerprint as _fingerprint\n"
        "_figures.warm_up()\n"
        "_deps.code_files(_fingerprint.code_entries(_stages.stage('project').output))\n" + READ_TABLES,
        "    ",
    )
)


@dataclass(frozen=True)
class ReportJob:
    """One report to build: which notebook with which parameters, where, and its fingerprint.

    ``pdf_path`` is the output: a PDF, or for an analysis notebook (``.ipynb``) the
    executed notebook itself.
    """

    label: str
    notebook: str
    parameters: dict
    pdf_path: Path
    state_path: Path
    fingerprint: str

    def is_current(self) -> bool:
        return is_current([self.pdf_path], self.state_path, self.fingerprint)


_KERNEL = None


def worker_init() -> None:
    """Pool initializer: launch this worker's kernel, import the rest meanwhile, warm it up."""
    global _KERNEL
    import signal

    from ucj.reports.execute import WarmKernel

    start = time.perf_counter()
    _KERNEL = WarmKernel(warmup_code=WARMUP)
    _KERNEL.launch()
    # Ctrl-C (sent to the whole process group) interrupts the kernel's cell; the worker leaves it
    # to the run, which stops the pool (a traceback per worker would be noise).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with collector.paused():  # the worker's imports and notebooks live as long as it does
        import papermill  # noqa: F401  (the kernel boots meanwhile)

        from ucj.reports import execute, render

        render.warm_up()
        for output in ALL:  # parsed once per worker (jupytext), while the kernel boots
            if output.notebook:
                execute.read_notebook(output.notebook)
    _KERNEL.wait_ready()
    atexit.register(_exit_now)
    _watch_parent()
    _timing(f"worker ready in {time.perf_counter() - start:.2f} s")


def _exit_now() -> None:
    """At the worker's exit: stop its kernel, then end the process at once. The worker's job is
    done and its outputs are written atomically; tearing down an interpreter that holds pandas,
    matplotlib and typst takes 0.2-0.3 s, all of it at the end of every run (the run waits for its
    workers to exit)."""
    import os
    import sys

    if _RENDERER is not None:  # a PDF being written is finished first
        _RENDERER.shutdown(wait=True)
    if _KERNEL is not None:
        _KERNEL.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _timing(message: str) -> None:
    """With ``UCJ_TIMING`` set, print ``message`` (the benchmark's breakdown of a run)."""
    import os
    import sys

    if os.environ.get("UCJ_TIMING"):
        print(f"[timing] {message}", file=sys.stderr, flush=True)


def read_tables() -> None:
    """Pool task: have this worker's kernel read the tables now (`READ_TABLES`). Sent to the early
    workers once the data stages have rewritten tables, it reads them while the run plans the
    reports, instead of in the first report."""
    if _KERNEL is not None:
        start = time.perf_counter()
        _KERNEL.run_code(READ_TABLES)
        _timing(f"tables read again in {time.perf_counter() - start:.2f} s")


def _watch_parent(interval_s: float = 1.0) -> None:
    """Exit, stopping the kernel, when the run that started this worker is gone (killed with
    ``kill -9``: a pool worker would otherwise wait for work forever). The kernel watches its
    own parent, this worker, the same way (ipykernel's parent poller)."""
    import os
    import threading

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval_s)
            if os.getppid() != parent:
                if _KERNEL is not None:
                    _KERNEL.shutdown()
                os._exit(1)

    threading.Thread(target=watch, name="ucj-parent-watch", daemon=True).start()


#: What a pool task reports for each job it finished: (label, error or None, seconds of work).
JobResult = tuple[str, str | None, float]

_RENDERER = None  # this worker's render thread (`start_one`), started with its first job
_RENDERING: list = []  # (job, seconds its execution took, future of its rendering), oldest first


def build_one(job: ReportJob, warm: bool = True) -> JobResult:
    """Execute and render one report; return (label, error or None, seconds)."""
    start = time.perf_counter()
    try:
        executed = _execute(job, warm)
        _write_output(job, executed)
        return job.label, None, time.perf_counter() - start
    except Exception as exc:  # keep going: record the failure (its executed notebook is kept)
        return job.label, short_error(exc), time.perf_counter() - start


def start_one(job: ReportJob) -> list[JobResult]:
    """Pool task: execute ``job`` in this worker's kernel and hand its output to the render thread,
    so that the kernel starts the next job while this one's PDF is written (on the other core:
    typst releases the GIL); return the jobs finished since the last call, rendered or failed.

    A job is done only when its output is written: the pool asks the worker for the rest with
    `finish_renders` once it has no job to give it (`ucj.reports.pool.Dispatcher`)."""
    from concurrent.futures import ThreadPoolExecutor

    global _RENDERER
    start = time.perf_counter()
    try:
        executed = _execute(job, warm=True)
    except Exception as exc:  # keep going: record the failure (its executed notebook is kept)
        return [*_finished(wait=False), (job.label, short_error(exc), time.perf_counter() - start)]
    if _RENDERER is None:
        _RENDERER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ucj-render")
    _RENDERING.append((job, time.perf_counter() - start, _RENDERER.submit(_timed_write, job, executed)))
    return _finished(wait=False)


def finish_renders() -> list[JobResult]:
    """Pool task: wait for this worker's renders in progress; return their jobs' results."""
    return _finished(wait=True)


def _finished(wait: bool) -> list[JobResult]:
    """Results of the renders done (all of them with ``wait``), oldest first, taken off the list."""
    done = []
    while _RENDERING and (wait or _RENDERING[0][2].done()):
        job, executed_s, future = _RENDERING.pop(0)
        try:
            done.append((job.label, None, executed_s + future.result()))
        except Exception as exc:
            done.append((job.label, short_error(exc), executed_s))
    return done


def _execute(job: ReportJob, warm: bool):
    """Execute ``job``'s notebook with its parameters (in this worker's kernel when ``warm``); a
    failing notebook is kept under reports/failed/ and its error raised."""
    from ucj.reports import execute as notebooks

    failed = catalog.failed_notebook_path(job.label)
    failed.parent.mkdir(parents=True, exist_ok=True)
    nb = notebooks.read_notebook(job.notebook)
    if warm and _KERNEL is not None:
        return _KERNEL.execute(nb, dict(job.parameters), failed_path=failed)
    return notebooks.execute_cold(nb, dict(job.parameters), output_path=failed)


def _write_output(job: ReportJob, executed) -> None:
    """Write ``job``'s output from its executed notebook (the PDF, or the analysis notebook
    itself), then record its fingerprint: the output is current only once it is written."""
    from ucj.reports import execute as notebooks
    from ucj.reports import render

    if job.pdf_path.suffix == ".ipynb":  # an analysis notebook: keep the executed notebook
        notebooks.write_notebook(notebooks.normalise(executed), job.pdf_path)
    else:
        render.notebook_to_pdf(notebooks.normalise(executed), job.pdf_path)
    record(job.state_path, job.fingerprint)
    catalog.failed_notebook_path(job.label).unlink(missing_ok=True)


def _timed_write(job: ReportJob, executed) -> float:
    """`_write_output` on the render thread; returns its seconds."""
    start = time.perf_counter()
    _write_output(job, executed)
    return time.perf_counter() - start


def short_error(exc: Exception) -> str:
    """The most telling line of an error (papermill wraps the notebook's own exception)."""
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"[:500]
    lines = [line for line in f"{type(exc).__name__}: {exc}".splitlines() if line.strip()]
    return lines[-1][:500] if lines else type(exc).__name__
