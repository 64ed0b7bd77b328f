"""Build every regency brief: plan (what is stale), execute in parallel, render, report failures.

- *Plan*: each brief has a fingerprint: the template, the package code, the
  language, the run date, the tables every brief reads in full, and the rows
  of the per-regency tables that belong to this regency. A brief whose PDF
  exists with the same fingerprint is skipped, so a rerun with nothing
  changed does no work, and a change to one regency's rows rebuilds only that
  regency's brief.
- *Execute*: a pool of worker processes (one per core), each holding a warm
  project kernel (`ucj.notebooks.WarmKernel`); papermill injects the
  parameters; the executed notebook is rendered to PDF (`ucj.render`) and
  written atomically, then its fingerprint.
- *Report*: a progress bar while running; failures do not stop the batch; the
  executed notebook of every failure is kept under ``reports/failed/`` and all
  failures are listed at the end (non-zero exit).
"""

from __future__ import annotations

import functools
import hashlib
import os
import multiprocessing as mp
import re
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from ucj import paths
from ucj.io import write_text_atomic
from ucj.render import source_epoch
from ucj.report_worker import PER_REGENCY_TABLES, ReportJob, build_one, short_error, worker_init

__all__ = ["ReportJob", "build_one", "short_error", "plan", "plan_analysis_notebooks", "run_jobs", "main_reports"]

BRIEF_NOTEBOOK = "brief"
WHOLE_TABLES = ("regencies", "informal_workforce", "regency_boundaries", "province_boundaries")
WHOLE_FILES = ("regency_paths.npz", "province_paths.npz")  # the outlines as drawn


def slugify(text: str) -> str:
    """'Kabupaten Nias Selatan' -> 'kabupaten-nias-selatan' (ASCII, lower case)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def brief_path(regency: pd.Series, lang: str) -> Path:
    """reports/briefs/<PP-province>/<PP.RR>-<slug>[-en].pdf"""
    province = f"{regency['province_code']}-{slugify(str(regency['province_name']))}"
    suffix = "" if lang == "id" else f"-{lang}"
    return paths.reports_dir() / "briefs" / province / f"{regency['regency_code']}-{slugify(str(regency['regency_name']))}{suffix}.pdf"


def _hash_files(files: list[Path], root: Path) -> str:
    """Hash of the files' names (relative to ``root``) and bytes; a missing file hashes as such."""
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.relative_to(root).as_posix().encode())
        digest.update(f.read_bytes() if f.is_file() else b"<missing>")
    return digest.hexdigest()


BRIEF_CODE = ("__init__.py", "paths.py", "render.py", "notebooks.py", "brief", "templates")


def code_fingerprint() -> str:
    """Hash of the code and templates that draw a brief (a change there rebuilds every brief).

    Code that computes the tables is not included: its effect reaches the
    briefs through the tables, which are fingerprinted themselves.
    """
    files = sorted(f for name in BRIEF_CODE for f in
                   ([paths.PACKAGE_DIR / name] if name.endswith(".py") else (paths.PACKAGE_DIR / name).rglob("*"))
                   if f.is_file() and f.suffix in {".py", ".typ"})
    return _hash_files(files, paths.PACKAGE_DIR)


def per_regency_hashes(table: pd.DataFrame) -> dict[str, str]:
    """A hash of each regency's rows of ``table`` (row order and values included).

    Floats are hashed at single precision (about 7 significant digits, more than any
    brief shows): a change in one regency's input can move other regencies' values by
    rounding noise (1e-16 relative, e.g. in the raking of the modelled baseline),
    which must not make their briefs stale.
    """
    table = table.sort_values(list(table.columns[:3]), kind="stable").reset_index(drop=True)
    floats = table.select_dtypes("floating").columns
    table[floats] = table[floats].astype("float32")
    row_hash = pd.util.hash_pandas_object(table, index=False).to_numpy()
    out = {}
    for code, idx in table.groupby("regency_code", sort=True).indices.items():
        out[str(code)] = hashlib.sha256(row_hash[idx].tobytes()).hexdigest()
    return out


def table_hashes(name: str) -> dict[str, str] | None:
    """`per_regency_hashes` of the processed table ``name`` (None if absent), computed once per
    version of the file: the brief and summary plans both need them."""
    path = paths.processed(f"{name}.parquet")
    if not path.is_file():
        return None
    stat = path.stat()
    return _table_hashes_cached(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _table_hashes_cached(path: str, mtime_ns: int, size: int) -> dict[str, str]:
    return per_regency_hashes(pd.read_parquet(path))


def plan(codes: list[str] | None = None, lang: str = "id") -> list[ReportJob]:
    """Every brief's job with its fingerprint, in regency-code order."""
    master = pd.read_parquet(paths.processed("regencies.parquet"))
    if codes:
        unknown = sorted(set(codes) - set(master["regency_code"]))
        if unknown:
            raise SystemExit(f"unknown regency code(s): {', '.join(unknown)}")
        master = master[master["regency_code"].isin(codes)]
    common = hashlib.sha256()
    common.update((paths.NOTEBOOKS_DIR / f"{BRIEF_NOTEBOOK}.py").read_bytes())
    common.update(code_fingerprint().encode())
    common.update(str(source_epoch()).encode())
    common.update(lang.encode())
    common.update(paths.manifest_path().read_bytes())
    common.update(_hash_files([paths.processed(f"{n}.parquet") for n in WHOLE_TABLES]
                              + [paths.processed(f) for f in WHOLE_FILES], paths.processed_dir()).encode())
    per_table = {}
    for name in PER_REGENCY_TABLES:
        per_table[name] = table_hashes(name)
    reported = _reported_fingerprint()
    jobs = []
    state_dir = paths.reports_dir() / ".state" / "briefs"
    for row in master.sort_values("regency_code").itertuples(index=False):
        regency = pd.Series(row._asdict())
        digest = hashlib.sha256(common.digest())
        for name in PER_REGENCY_TABLES:
            hashes = per_table[name]
            digest.update(f"{name}:{'absent' if hashes is None else hashes.get(row.regency_code, 'none')}".encode())
        if row.regency_code in reported:  # its brief compares it with the other reported regencies
            digest.update(reported[row.regency_code].encode())
        label = f"{row.regency_code}{'' if lang == 'id' else '-' + lang}"
        jobs.append(ReportJob(label, BRIEF_NOTEBOOK, {"regency_code": row.regency_code, "lang": lang},
                              brief_path(regency, lang), state_dir / f"{label}.sha256", digest.hexdigest()))
    return jobs


def _reported_fingerprint() -> dict[str, str]:
    """For each regency with reported BPU coverage: a hash of all reported BPU rows.

    A brief compares a *reported* coverage with the other reported regencies, so a
    new reported figure anywhere makes the briefs of reported regencies stale (and
    only those: modelled regencies are not compared on coverage).
    """
    path = paths.processed("coverage_baseline.parquet")
    if not path.is_file():
        return {}
    baseline = pd.read_parquet(path)
    rows = baseline[(baseline["segment"] == "BPU") & ~baseline["is_modelled"].astype(bool)]
    if rows.empty:
        return {}
    digest = "".join(per_regency_hashes(rows).values())
    return {code: digest for code in rows["regency_code"]}


# --- analysis notebooks ------------------------------------------------------------------------

# The executed research notebooks kept beside the reports, and what each one reads: a change
# elsewhere (e.g. one regency's coverage) does not re-run the informal-workforce notebook.
ANALYSIS_NOTEBOOKS = {  # name: (processed tables, optional user inputs) it reads
    "01_informal_workforce": (("regencies", "regency_boundaries", "informal_workforce", "informal_model_cv"),
                              ("direct_estimates.csv",)),
    "02_coverage_projection": (("regencies", "regency_boundaries", "informal_workforce", "coverage_baseline",
                                "projections", "universal_coverage_year"),
                               ("reported_coverage.csv", "coverage_potential.csv")),
}


def analysis_notebook_path(name: str) -> Path:
    """reports/notebooks/<name>.ipynb"""
    return paths.reports_dir() / "notebooks" / f"{name}.ipynb"


def plan_analysis_notebooks() -> list[ReportJob]:
    """One job per analysis notebook, fingerprinted by its source, the package code, the raw data,
    configuration and user inputs, and the processed tables it reads."""
    code = _hash_files(sorted(f for f in paths.PACKAGE_DIR.rglob("*") if f.suffix in {".py", ".typ"}),
                       paths.PACKAGE_DIR)
    config = sorted((paths.PROJECT_ROOT / "config").glob("*.yml"))
    jobs = []
    for name, (tables, inputs) in ANALYSIS_NOTEBOOKS.items():
        digest = hashlib.sha256()
        for part in ((paths.NOTEBOOKS_DIR / f"{name}.py").read_bytes(), code.encode(),
                     paths.manifest_path().read_bytes(), str(source_epoch()).encode()):
            digest.update(part)
        digest.update(_hash_files(config, paths.PROJECT_ROOT).encode())
        digest.update(_hash_files([paths.inputs_dir() / f for f in inputs], paths.inputs_dir()).encode())
        digest.update(_hash_files([paths.processed(f"{t}.parquet") for t in tables], paths.processed_dir()).encode())
        jobs.append(ReportJob(name, name, {}, analysis_notebook_path(name),
                              paths.reports_dir() / ".state" / "notebooks" / f"{name}.sha256", digest.hexdigest()))
    return jobs


def start_pool(processes: int) -> ProcessPoolExecutor:
    """A pool of ``processes`` warm workers, started now: each launches and warms its kernel
    in the background while the caller goes on (e.g. planning)."""
    pool = ProcessPoolExecutor(max_workers=processes, mp_context=mp.get_context("spawn"), initializer=worker_init)
    for _ in range(processes):  # spawn workers are started on demand: one per submitted call
        pool.submit(os.getpid)
    return pool


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool that got no work at once, without waiting for its kernels to warm up (an
    orphaned kernel notices its parent is gone and exits)."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def run_jobs(jobs: list[ReportJob], processes: int, desc: str = "briefs",
             pool: ProcessPoolExecutor | None = None) -> list[tuple[str, str]]:
    """Run ``jobs`` on ``processes`` warm workers (or on ``pool``, already started) with a
    progress bar; return the failures."""
    failures: list[tuple[str, str]] = []
    if not jobs:
        if pool is not None:
            stop_pool(pool)
        return failures
    if pool is None:
        pool = start_pool(max(1, min(processes, len(jobs))))
    with pool:
        futures = [pool.submit(build_one, job) for job in jobs]
        with tqdm(total=len(jobs), desc=desc, unit="report", file=sys.stderr, dynamic_ncols=True) as bar:
            for future in as_completed(futures):
                try:
                    label, error, _ = future.result()
                except Exception as exc:  # a worker died
                    label, error = "?", f"worker failed: {exc}"
                if error:
                    failures.append((label, error))
                    bar.set_postfix(failed=len(failures))
                bar.update()
    return sorted(failures)


def _last_run_stamp() -> Path:
    return paths.reports_dir() / ".state" / "last-complete-run"


def inputs_newer_than_last_run() -> bool:
    """A cheap guess, from file times only, that some report may be stale: an input, the code or
    a template changed since the last complete run. Used only to start the workers early, while
    the (exact, content-based) plan is computed; a wrong guess costs a little CPU, nothing else."""
    stamp = _last_run_stamp()
    if not stamp.is_file():
        return True
    since = stamp.stat().st_mtime_ns
    candidates = [*paths.processed_dir().glob("*"), *paths.NOTEBOOKS_DIR.glob("*.py"), paths.manifest_path(),
                  *(paths.PROJECT_ROOT / "config").glob("*.yml"), *paths.PACKAGE_DIR.rglob("*.py"),
                  *paths.PACKAGE_DIR.rglob("*.typ"),
                  *(paths.inputs_dir().glob("*") if paths.inputs_dir().is_dir() else [])]
    return any(f.stat().st_mtime_ns > since for f in candidates if f.is_file())


def main_reports(jobs: int = 2, only: list[str] | None = None, lang: str = "id", force: bool = False) -> int:
    """Build the stale briefs and summaries (all with ``force``) in one pool; return the exit status.

    One pool of warm workers runs briefs and summaries together (worker start-up is
    paid once); the Excel workbook is written in a thread meanwhile. Every failure
    is listed at the end.
    """
    from concurrent.futures import ThreadPoolExecutor

    from ucj import summaries
    start = time.perf_counter()
    os.environ["SOURCE_DATE_EPOCH"] = str(source_epoch())  # workers and kernels stamp the same date
    # Worker start-up (a kernel each, warmed up) is the largest cost of a small rebuild: when
    # something probably changed, start it now, while the plan is computed.
    pool = start_pool(max(1, jobs)) if force or inputs_newer_than_last_run() else None
    briefs = plan(only, lang)
    stale_briefs = [j for j in briefs if force or not j.is_current()]
    summary_jobs = summaries.plan(lang)
    stale_summaries = [j for j in summary_jobs if force or not j.is_current()]
    notebook_jobs = plan_analysis_notebooks() if lang == "id" else []
    stale_notebooks = [j for j in notebook_jobs if force or not j.is_current()]
    print(f"briefs: {len(briefs)} planned, {len(briefs) - len(stale_briefs)} up to date; "
          f"summaries: {len(summary_jobs)} planned, {len(summary_jobs) - len(stale_summaries)} up to date; "
          f"analysis notebooks: {len(notebook_jobs)} planned, {len(notebook_jobs) - len(stale_notebooks)} up to date; "
          f"{len(stale_briefs) + len(stale_summaries) + len(stale_notebooks)} to build", file=sys.stderr)
    # Longest jobs first (analysis notebooks, then the national summary) so that no worker is
    # left with a long job at the end while the other one idles.
    queue = stale_notebooks + stale_summaries + stale_briefs
    with ThreadPoolExecutor(max_workers=1) as thread:
        workbook = thread.submit(summaries.build_workbook, force)
        failures = run_jobs(queue, jobs, desc="reports", pool=pool)
        workbook_failure = workbook.result()
    if workbook_failure:
        failures.append(workbook_failure)
    if not failures and only is None:
        write_text_atomic(_last_run_stamp(), f"{source_epoch()}\n")
    elapsed = time.perf_counter() - start
    n = len(queue)
    print(f"built {n - len(failures)} of {n} report(s) in {elapsed:.1f} s"
          + (f" ({elapsed / n:.2f} s per report)" if n else ""), file=sys.stderr)
    if failures:
        print(f"\n{len(failures)} FAILED (executed notebooks kept in {paths.reports_dir() / 'failed'}):",
              file=sys.stderr)
        for label, error in sorted(failures):
            print(f"  {label}: {error}", file=sys.stderr)
        return 1
    return 0


def run_analysis_notebook(name: str, parameters: dict | None = None) -> Path:
    """Execute an analysis notebook (cold kernel) into reports/notebooks/<name>.ipynb atomically."""
    from ucj import notebooks
    nb = notebooks.read_notebook(name)
    target = paths.reports_dir() / "notebooks" / f"{name}.ipynb"
    scratch = target.with_name(f".{name}.running.ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    executed = notebooks.execute_cold(nb, parameters or {}, output_path=scratch)
    notebooks.write_notebook(notebooks.normalise(executed), target)
    scratch.unlink(missing_ok=True)
    return target
