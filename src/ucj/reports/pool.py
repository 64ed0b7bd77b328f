"""The warm worker pool: start it early, run jobs with a progress bar, collect every failure."""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed

from tqdm import tqdm

from ucj.reports.worker import ReportJob, build_one, worker_init


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
