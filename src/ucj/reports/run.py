"""The `reports` command: bring the data stages up to date, plan every report, build the stale ones.

One pool of warm workers runs briefs, summaries and analysis notebooks together
(worker start-up is paid once); the Excel workbook is written in a thread
meanwhile. A failing report does not stop the batch: its executed notebook is
kept under ``reports/failed/`` and every failure is listed at the end.
``--dry-run`` prints the plan (how many of each kind are stale, and why)
without building anything.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ucj import catalog, paths, stages
from ucj.dates import source_epoch
from ucj.io import write_text_atomic
from ucj.reports import plan as plan_mod
from ucj.reports import scratch, summaries
from ucj.reports.pool import Batch, start_workers, stop_workers
from ucj.reports.worker import read_tables

#: What the report workers and kernels get unless the caller chose otherwise: the Makefile's
#: settings, so that ``ucj.cli reports`` run directly builds like ``make reports``.
DEFAULT_SETTINGS = {"PYTHONHASHSEED": "0", "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1"}


def use_default_settings() -> None:
    """Give this process's environment (inherited by the workers it starts) `DEFAULT_SETTINGS`
    where it has none."""
    for name, value in DEFAULT_SETTINGS.items():
        os.environ.setdefault(name, value)


def check_notebook_pairs(names: list[str] | None = None) -> None:
    """Refuse to plan or build from notebooks whose ``.ipynb`` holds edits their ``.py`` lacks.

    Reports run (and are fingerprinted by) ``notebooks/<name>.py``; JupyterLab saves both files of
    a pair (notebooks/jupytext.toml), but an editor without jupytext saves only the ``.ipynb``, and
    the plan would then call the reports up to date although the researcher changed the notebook."""
    from ucj.errors import InputError, InputErrors
    from ucj.reports import execute

    root = paths.PROJECT_ROOT
    shown = [n.relative_to(root) if n.is_relative_to(root) else n for n in execute.unpaired_edits(names)]
    errors = [
        InputError(
            notebook,
            f"saved after {notebook.with_suffix('.py').name} and differs from it; the reports run the .py "
            f"and would leave these edits out: run `make sync` to copy them into the .py "
            f"(or `git checkout {notebook}` to drop them)",
        )
        for notebook in shown
    ]
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputErrors(errors)


def changed_since_last_run() -> set[str]:
    """A cheap guess, from file times only, of what changed since the last complete run:
    ``"user inputs"`` (files under data/inputs/) and/or ``"code or data"`` (the package, the
    notebooks, config, raw or processed data). Used only to start workers early, while the
    (exact, content-based) plan is computed; a wrong guess costs a little CPU, nothing else."""
    stamp = catalog.last_run_stamp_path()
    if not stamp.is_file():
        return {"code or data"}
    since = stamp.stat().st_mtime_ns
    groups = {
        "user inputs": list(paths.inputs_dir().rglob("*")) if paths.inputs_dir().is_dir() else [],
        "code or data": [
            *paths.processed_dir().glob("*"),
            *paths.NOTEBOOKS_DIR.glob("*.py"),
            paths.manifest_path(),
            *paths.config_dir().glob("*.yml"),
            *paths.raw_dir().rglob("*.csv"),
            *paths.PACKAGE_DIR.rglob("*.py"),
            *paths.PACKAGE_DIR.rglob("*.typ"),
        ],
    }
    return {
        name
        for name, files in groups.items()
        if any(f.is_file() and f.stat().st_mtime_ns > since for f in files)
    }


def inputs_newer_than_last_run() -> bool:
    """Whether anything probably changed since the last complete run (`changed_since_last_run`)."""
    return bool(changed_since_last_run())


def early_workers(jobs: int, force: bool = False) -> int:
    """Workers to start before the plan is known: none when nothing changed; one when only user
    inputs changed (typically one regency's figures: a few reports); all ``jobs`` when code or
    data changed or everything is rebuilt (typically every report)."""
    if force:
        return max(1, jobs)
    changed = changed_since_last_run()
    if not changed:
        return 0
    return 1 if changed == {"user inputs"} else max(1, jobs)


def plan_kinds(only: list[str] | None = None, lang: str = "id", force: bool = False):
    """Every report job by kind, longest kind first (analysis notebooks, summaries, briefs), as
    (kind, planned, stale): a caller can start the stale jobs of one kind while the next is planned.

    With ``only`` (regency codes) just those briefs are planned: summaries, the workbook and the
    analysis notebooks are not what was asked for (the next full run brings them up to date).
    """
    if only is None:
        if lang == "id":
            jobs = plan_mod.plan_analysis_notebooks()
            yield "analysis notebooks", jobs, [j for j in jobs if force or not j.is_current()]
        jobs = summaries.plan(lang)
        yield "summaries", jobs, [j for j in jobs if force or not j.is_current()]
    briefs = plan_mod.plan(only, lang)
    yield "briefs", briefs, [j for j in briefs if force or not j.is_current()]


#: The order in which the plan is shown (it is made longest kind first: `plan_kinds`).
SHOWN_ORDER = ("briefs", "summaries", "analysis notebooks")


def _shown(kinds: dict[str, tuple[list, list]]) -> dict[str, tuple[list, list]]:
    return {kind: kinds[kind] for kind in SHOWN_ORDER if kind in kinds}


def plan_all(
    only: list[str] | None = None, lang: str = "id", force: bool = False
) -> dict[str, tuple[list, list]]:
    """`plan_kinds` as {kind: (planned, stale)}, in `SHOWN_ORDER`."""
    return _shown({kind: (planned, stale) for kind, planned, stale in plan_kinds(only, lang, force)})


def describe_plan(kinds: dict[str, tuple[list, list]], stage_plan: list | None = None) -> str:
    """One line per stage and kind of report: how many are planned, how many are stale."""
    lines = []
    for stage, reason in stage_plan or []:
        lines.append(f"stage {stage.name}: {'up to date' if reason is None else 'to run (' + reason + ')'}")
    for kind, (planned, stale) in kinds.items():
        more = ", ..." if len(stale) > 8 else ""
        named = f" ({', '.join(j.label for j in stale[:8])}{more})" if stale else ""
        lines.append(
            f"{kind}: {len(planned)} planned, {len(planned) - len(stale)} up to date, "
            f"{len(stale)} stale{named}"
        )
    return "\n".join(lines)


def dry_run(only: list[str] | None = None, lang: str = "id") -> str:
    """The plan as text, nothing built: which data stages would run and which reports are stale.

    Reports are planned against the current processed tables: when a stage would run, its
    effect on the reports shows only after it ran (said so in the output). Notebooks with edits
    only in their ``.ipynb`` are refused (`check_notebook_pairs`)."""
    check_notebook_pairs()
    stage_plan = stages.plan()
    text = describe_plan(plan_all(only, lang), stage_plan)
    if any(reason for _, reason in stage_plan):
        text += "\n(reports are planned on the current tables; a stage that runs may make more of them stale)"
    if only is None:
        text += f"\nworkbook: {'up to date' if summaries.workbook_is_current() else 'stale'}"
    return text


def main_reports(jobs: int = 2, only: list[str] | None = None, lang: str = "id", force: bool = False) -> int:
    """Bring the data stages up to date, then build the stale reports (all with ``force``) in one
    pool; return the exit status. A notebook edited only in its ``.ipynb`` is refused first
    (`check_notebook_pairs`): the reports run the ``.py``.

    Worker start-up (a kernel each, warmed up) is the largest cost of a small rebuild: when
    something probably changed, workers are started first (`early_workers`) and warm up while
    the stages run and the plan is computed (a kernel reads its tables per report, by file
    version); more are started once the plan shows enough work (`ucj.reports.pool.workers_wanted`),
    up to ``jobs`` (the cores to use).
    """
    start = time.perf_counter()
    check_notebook_pairs()
    os.environ["SOURCE_DATE_EPOCH"] = str(source_epoch())  # workers and kernels stamp the same date
    use_default_settings()
    scratch.begin_run()
    try:
        return _build(start, jobs, only, lang, force)
    finally:
        scratch.end_run()


def _build(start: float, jobs: int, only: list[str] | None, lang: str, force: bool) -> int:
    """`main_reports` inside its scratch folder."""
    from concurrent.futures import ThreadPoolExecutor

    # This run's workers warm up while the stages run and the plan is made (`Batch.run` adds
    # workers if the work turns out to be worth them).
    workers = start_workers(early_workers(jobs, force))
    try:
        ran = stages.run_stages()
        _timing("stages", start)
    except BaseException:
        stop_workers(workers)
        raise
    if ran:  # the warm kernels read the rewritten tables while the plan is made
        for worker in workers:
            worker.executor.submit(read_tables)
    # Longest jobs first (analysis notebooks, then the national summary) so that no worker is
    # left with a long job at the end while the other one idles; each kind's stale jobs start on
    # the warm workers while the next kind is planned.
    batch = Batch(jobs, desc="reports", workers=workers)
    kinds, queue = {}, []
    try:
        for kind, planned, stale in plan_kinds(only, lang, force):
            kinds[kind] = (planned, stale)
            queue.extend(stale)
            batch.add(stale)
    except BaseException:
        batch.abandon()
        raise
    _timing("plan", start)
    print(describe_plan(_shown(kinds)), file=sys.stderr)
    with ThreadPoolExecutor(max_workers=1) as thread:
        workbook = thread.submit(workbook_and_trackers, force) if only is None else None
        failures = batch.run()
        _timing("reports", start)
        failures.extend(workbook.result() if workbook is not None else [])
    _timing("reports and workbook", start)
    if not failures and only is None:
        write_text_atomic(catalog.last_run_stamp_path(), f"{source_epoch()}\n")
    elapsed = time.perf_counter() - start
    n = len(queue)
    print(
        f"built {n - len(failures)} of {n} report(s) in {elapsed:.1f} s"
        + (f" ({elapsed / n:.2f} s per report)" if n else ""),
        file=sys.stderr,
    )
    if failures:
        print(
            f"\n{len(failures)} FAILED (executed notebooks kept in {catalog.failed_dir()}):", file=sys.stderr
        )
        for label, error in sorted(failures):
            print(f"  {label}: {error}", file=sys.stderr)
        return 1
    return 0


def _timing(step: str, start: float) -> None:
    """With ``UCJ_TIMING`` set, say when ``step`` ended (seconds since the run started): the
    benchmark's breakdown of a run."""
    if os.environ.get("UCJ_TIMING"):
        print(f"[timing] {step} done at {time.perf_counter() - start:.2f} s", file=sys.stderr, flush=True)


def _timing_since(step: str, start: float) -> None:
    """With ``UCJ_TIMING`` set, say how long ``step`` took (seconds since ``start``)."""
    if os.environ.get("UCJ_TIMING"):
        print(f"[timing] {step}: {time.perf_counter() - start:.2f} s", file=sys.stderr, flush=True)


def workbook_and_trackers(force: bool) -> list[tuple[str, str]]:
    """The Excel outputs written beside the pool: the summary workbook and the village trackers."""
    from ucj.reports import trackers

    failures = []
    start = time.perf_counter()
    workbook_failure = summaries.build_workbook(force)
    if workbook_failure:
        failures.append(workbook_failure)
    _timing_since("workbook", start)
    start = time.perf_counter()
    try:
        failures.extend(trackers.build_trackers(force))
    except Exception as exc:  # e.g. the village list itself is invalid: one line, the rest goes on
        failures.append(("village-trackers", f"{type(exc).__name__}: {exc}"))
    _timing_since("village trackers", start)
    return failures


def run_analysis_notebook(name: str, parameters: dict | None = None) -> Path:
    """Execute an analysis notebook (cold kernel) into reports/notebooks/<name>.ipynb atomically."""
    from ucj.reports import execute

    check_notebook_pairs([name])
    nb = execute.read_notebook(name)
    target = catalog.analysis_notebook_path(name)
    running = target.with_name(f".{name}.running.ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    executed = execute.execute_cold(nb, parameters or {}, output_path=running)
    execute.write_notebook(execute.normalise(executed), target)
    running.unlink(missing_ok=True)
    return target


def run_meeting(codes: list[str], lang: str = "id", since: str = "") -> Path:
    """Execute the meeting notebook for ``codes`` (cold kernel) and render it to
    reports/meetings/<codes>.pdf atomically; an unknown code is one clear error before anything runs."""
    from ucj.errors import InputError
    from ucj.reports import execute, render

    known = set(catalog.read(catalog.REGENCIES)["regency_code"])
    unknown = [code for code in codes if code not in known]
    if unknown or not codes:
        raise InputError(
            "meeting", "not a Kemendagri 2025 regency code (write PP.RR, e.g. 12.77)", value=",".join(unknown)
        )
    use_default_settings()
    check_notebook_pairs(["meeting"])
    nb = execute.read_notebook("meeting")
    executed = execute.execute_cold(nb, {"regency_codes": ",".join(codes), "lang": lang, "since": since})
    error = execute.has_error(executed)
    if error:
        raise RuntimeError(f"the meeting notebook failed: {error}")
    return render.notebook_to_pdf(execute.normalise(executed), catalog.meeting_path(codes, lang))
