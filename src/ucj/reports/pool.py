"""The warm worker pools: start one early, add workers only when the work is worth them, run
jobs with a progress bar, collect every failure.

A warm worker costs about 2.5 s of CPU to start (its process, its kernel, the imports and the
tables). Early in a run, before anything is known, one worker is started; once the plan is
known more are started only if the estimated work exceeds what one worker does in the time
another takes to start (`WORTH_ANOTHER_WORKER_S`). A small rebuild (one regency: four reports)
then runs on one worker while the other core writes the workbook; a full build uses every core.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from tqdm import tqdm

from ucj.reports.worker import ReportJob, build_one, worker_init

#: Typical seconds of one report on a warm worker (2 cores, measured), by notebook: only used
#: to decide how many workers to start.
TYPICAL_SECONDS = {"brief": 0.3, "summary_province": 0.6, "summary_national": 1.0,
                   "01_informal_workforce": 8.0, "02_coverage_projection": 1.8}
#: Below this much estimated work a second worker would arrive too late to help.
WORTH_ANOTHER_WORKER_S = 5.0


@dataclass(frozen=True)
class Workers:
    """A process pool of ``size`` warm workers (each with its kernel)."""

    executor: ProcessPoolExecutor
    size: int


def start_pool(processes: int) -> Workers:
    """``processes`` warm workers, started now: each launches and warms its kernel in the
    background while the caller goes on (e.g. planning)."""
    executor = ProcessPoolExecutor(max_workers=processes, mp_context=mp.get_context("spawn"),
                                   initializer=worker_init)
    for _ in range(processes):  # spawn workers are started on demand: one per submitted call
        executor.submit(os.getpid)
    return Workers(executor, processes)


def stop_pool(pool: Workers) -> None:
    """Stop a pool that got no work at once, without waiting for its kernels to warm up (an
    orphaned kernel notices its parent is gone and exits)."""
    processes = list(getattr(pool.executor, "_processes", {}).values())
    pool.executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def estimated_seconds(jobs: list[ReportJob]) -> float:
    """The work of ``jobs`` on warm workers, from `TYPICAL_SECONDS` (a brief's for the unknown)."""
    return sum(TYPICAL_SECONDS.get(job.notebook, TYPICAL_SECONDS["brief"]) for job in jobs)


def workers_wanted(jobs: list[ReportJob], processes: int) -> int:
    """How many workers ``jobs`` are worth, at most ``processes``: one more for every
    `WORTH_ANOTHER_WORKER_S` of estimated work, never more than there are jobs."""
    extra = int(estimated_seconds(jobs) // WORTH_ANOTHER_WORKER_S)
    return max(1, min(processes, len(jobs), 1 + extra))


def run_jobs(jobs: list[ReportJob], processes: int, desc: str = "briefs",
             pool: Workers | None = None) -> list[tuple[str, str]]:
    """Run ``jobs`` (in their order) on at most ``processes`` warm workers, reusing ``pool`` if
    started already, with a progress bar; return the failures.

    Each worker has one job at a time, handed out as workers free up, so the longest jobs,
    queued first, never leave a worker idle at the end.
    """
    failures: list[tuple[str, str]] = []
    pools = [pool] if pool is not None else []
    if not jobs:
        for p in pools:
            stop_pool(p)
        return failures
    missing = workers_wanted(jobs, processes) - sum(p.size for p in pools)
    if missing > 0:
        pools.append(start_pool(missing))
    queue = deque(jobs)
    free = [p.size for p in pools]
    running: dict = {}

    def hand_out() -> None:
        for i, p in enumerate(pools):
            while free[i] and queue:
                job = queue.popleft()
                try:
                    running[p.executor.submit(build_one, job)] = i
                except BrokenProcessPool as exc:  # its workers died: the job is a failure, the rest go on
                    failures.append((job.label, f"worker failed: {exc}"))
                    bar.update()
                    break
                free[i] -= 1

    try:
        with tqdm(total=len(jobs), desc=desc, unit="report", file=sys.stderr, dynamic_ncols=True) as bar:
            hand_out()
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    free[running.pop(future)] += 1
                    try:
                        label, error, _ = future.result()
                    except Exception as exc:  # a worker died
                        label, error = "?", f"worker failed: {exc}"
                    if error:
                        failures.append((label, error))
                        bar.set_postfix(failed=len(failures))
                    bar.update()
                hand_out()
            for job in queue:  # every worker died: what was never run is a failure too
                failures.append((job.label, "not run: the workers failed"))
    finally:
        for p in pools:
            p.executor.shutdown(wait=True, cancel_futures=True)
    return sorted(failures)
