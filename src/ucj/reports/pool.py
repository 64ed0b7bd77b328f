"""The warm worker pools: start one early, add workers only when the work is worth them, run
jobs with a progress bar, collect every failure.

A warm worker costs about 2.5 s of CPU to start (its process, its kernel, the imports and the
tables). Early in a run, before anything is known, one worker is started; once the plan is
known more are started only if the estimated work exceeds what one worker does in the time
another takes to start (`WORTH_ANOTHER_WORKER_S`). A small rebuild (one regency: four reports)
then runs on one worker while the other core writes the workbook; a full build uses every core,
with one worker more than the cores (`EXTRA_WORKERS`). Jobs are added to a `Batch` as they are
planned and start at once on the workers already warm.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Callable

from tqdm import tqdm

from ucj.reports.worker import ReportJob, build_one, worker_init

#: Typical seconds of one report on a warm worker (2 cores, measured), by notebook: only used
#: to decide how many workers to start.
TYPICAL_SECONDS = {
    "brief": 0.3,
    "summary_province": 0.6,
    "summary_national": 1.0,
    "01_informal_workforce": 8.0,
    "02_coverage_projection": 1.8,
}
#: How many times a batch replaces a pool whose worker died (killed, out of memory) before the
#: jobs left are reported as not run.
MAX_RESTARTS = 3
#: Below this much estimated work a second worker would arrive too late to help.
WORTH_ANOTHER_WORKER_S = 5.0
#: Workers beyond the cores a run is given (`ucj.reports.run`). A worker alternates between its
#: kernel (executing a notebook) and its own process (rendering the PDF), so with one worker per
#: core each core idles half the time; one more keeps them busy. Measured, full build on 2 cores:
#: 111-114 s with 3 workers, 130-138 s with 2, 114 s with 4.
EXTRA_WORKERS = 1


@dataclass(frozen=True)
class Workers:
    """A process pool of ``size`` warm workers (each with its kernel)."""

    executor: ProcessPoolExecutor
    size: int


def start_pool(processes: int) -> Workers:
    """``processes`` warm workers, started now: each launches and warms its kernel in the
    background while the caller goes on (e.g. planning)."""
    executor = ProcessPoolExecutor(
        max_workers=processes, mp_context=mp.get_context("spawn"), initializer=worker_init
    )
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


class Dispatcher:
    """Hands jobs to warm worker pools, one per free worker, in the order they were added.

    Jobs may be added while others run; ``on_done(label, error)`` is called for each
    finished job in the thread that calls `poll`. A job whose worker died is a failure; its pool is
    replaced by a fresh one and the other jobs go on (at most `MAX_RESTARTS` times a batch).
    """

    def __init__(
        self,
        pools: list[Workers],
        on_done: Callable[[str, str | None], None],
        task: Callable[[ReportJob], tuple[str, str | None, float]] = build_one,
        new_pool: Callable[[int], Workers] | None = None,
    ) -> None:
        self.pools = pools
        self.on_done = on_done
        self.task = task
        self.new_pool = new_pool or start_pool
        self.queue: deque[ReportJob] = deque()
        self.free = [p.size for p in pools]
        self.running: dict = {}
        #: whether a worker died (its pool was replaced by a fresh one, up to `MAX_RESTARTS` times)
        self.broken = False
        self.restarts = 0
        self.started = time.perf_counter()

    @property
    def busy(self) -> bool:
        """Whether any job is queued or running."""
        return bool(self.queue or self.running)

    def add(self, jobs: list[ReportJob]) -> None:
        """Queue ``jobs`` after those already added and start as many as there are free workers."""
        self.queue.extend(jobs)
        self._hand_out()

    def _hand_out(self) -> None:
        replaced = True
        while replaced and self.queue:  # again with a fresh pool when one was replaced
            replaced = False
            for i in range(len(self.pools)):
                p = self.pools[i]
                while self.free[i] and self.queue:
                    job = self.queue.popleft()
                    try:
                        future = p.executor.submit(self.task, job)
                    except BrokenProcessPool:  # its workers died: a fresh pool takes the job, if allowed
                        self.broken = True
                        replaced = self._replace(i)
                        if replaced:
                            self.queue.appendleft(job)
                        else:
                            self.on_done(job.label, "not run: the workers failed")
                        break
                    self.running[future] = (i, job, p)
                    self.free[i] -= 1
        if self.queue and not self.running:  # every pool is broken: what is left cannot run
            while self.queue:
                self.on_done(self.queue.popleft().label, "not run: the workers failed")

    def poll(self, timeout: float | None = None) -> None:
        """Wait up to ``timeout`` seconds (None: until one finishes) for running jobs; report the
        finished ones and hand out the next."""
        if not self.running:
            self._hand_out()
            return
        done, _ = wait(self.running, timeout=timeout, return_when=FIRST_COMPLETED)
        for future in done:
            i, job, p = self.running.pop(future)
            self.free[i] += 1
            try:
                label, error, seconds = future.result()
                if os.environ.get("UCJ_TIMING"):
                    print(
                        f"[timing] {label}: {seconds:.2f} s on a worker, done "
                        f"{time.perf_counter() - self.started:.2f} s into the batch",
                        file=sys.stderr,
                        flush=True,
                    )
            except Exception as exc:  # its worker died (killed, out of memory): this job failed
                self.broken = True
                label, error = job.label, f"worker failed: {exc}"
                if p is self.pools[i]:  # the first of its jobs to report it: replace the pool
                    self._replace(i)
            self.on_done(label, error)
        self._hand_out()

    def _replace(self, i: int) -> bool:
        """Put a fresh pool of the same size in place of broken pool ``i`` (its running jobs still
        report their failure and free their slots); False once `MAX_RESTARTS` is reached."""
        if self.restarts >= MAX_RESTARTS:
            return False
        self.restarts += 1
        old = self.pools[i]
        old.executor.shutdown(wait=False, cancel_futures=True)
        self.pools[i] = self.new_pool(old.size)
        return True

    def drain(self) -> None:
        """Run until every added job has finished."""
        while self.busy:
            self.poll()


class Progress:
    """The progress bar and failure list of one batch; `Dispatcher`'s ``on_done``.

    Jobs may finish before the batch's size is known (they start while the rest is planned): they
    are counted, and shown once `show` opens the bar with the total.
    """

    def __init__(self, total: int | None, desc: str) -> None:
        self.failures: list[tuple[str, str]] = []
        self.desc = desc
        self.done = 0
        self.bar = None
        if total is not None:
            self.show(total)

    def show(self, total: int) -> None:
        """Open the bar for ``total`` jobs, with those already finished."""
        self.bar = tqdm(
            total=total,
            desc=self.desc,
            unit="report",
            file=sys.stderr,
            dynamic_ncols=True,
            disable=total == 0,
            initial=self.done,
        )
        if self.failures:
            self.bar.set_postfix(failed=len(self.failures))

    def __call__(self, label: str, error: str | None) -> None:
        self.done += 1
        if error:
            self.failures.append((label, error))
        if self.bar is not None:
            if error:
                self.bar.set_postfix(failed=len(self.failures))
            self.bar.update()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class Batch:
    """One batch of report jobs on warm workers: jobs are added as they are planned and start at
    once on the workers already warm (``pool``); `run` then starts the workers the whole batch is
    worth (`workers_wanted`, at most ``processes``), shows the progress and returns the failures."""

    def __init__(
        self,
        processes: int,
        desc: str = "briefs",
        pool: Workers | None = None,
        task: Callable[[ReportJob], tuple[str, str | None, float]] = build_one,
    ) -> None:
        self.processes = processes
        self.jobs: list[ReportJob] = []
        self.progress = Progress(None, desc)
        self.dispatcher = Dispatcher([pool] if pool is not None else [], self.progress, task=task)

    def add(self, jobs: list[ReportJob]) -> None:
        """Queue ``jobs`` (longest first is best) and start them if workers are warm."""
        self.jobs.extend(jobs)
        if self.dispatcher.pools:
            self.dispatcher.add(jobs)
            self.dispatcher.poll(timeout=0)
        else:
            self.dispatcher.queue.extend(jobs)

    def abandon(self) -> None:
        """Stop the workers without waiting (planning failed: nothing more will be added)."""
        for p in self.dispatcher.pools:
            stop_pool(p)

    def run(self) -> list[tuple[str, str]]:
        """Run every added job to its end; return the failures as (label, error), sorted."""
        pools = self.dispatcher.pools
        try:
            if not self.jobs:
                return []
            missing = workers_wanted(self.jobs, self.processes) - sum(p.size for p in pools)
            if missing > 0:
                pools.append(start_pool(missing))
                self.dispatcher.free.append(missing)
            self.progress.show(len(self.jobs))
            self.dispatcher.drain()
        finally:
            self.progress.close()
            for p in pools:
                if self.jobs:
                    p.executor.shutdown(wait=True, cancel_futures=True)
                else:
                    stop_pool(p)
        return sorted(self.progress.failures)


def run_jobs(
    jobs: list[ReportJob], processes: int, desc: str = "briefs", pool: Workers | None = None
) -> list[tuple[str, str]]:
    """Run ``jobs`` (in their order) on at most ``processes`` warm workers, reusing ``pool`` if
    started already, with a progress bar; return the failures.

    Each worker has one job at a time, handed out as workers free up, so the longest jobs,
    queued first, never leave a worker idle at the end.
    """
    batch = Batch(processes, desc, pool)
    batch.add(jobs)
    return batch.run()
