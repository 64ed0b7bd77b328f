"""The warm workers: start one early, add workers only when the work is worth them, run jobs
with a progress bar, collect every failure.

A warm worker costs about 2.5 s of CPU to start (its process, its kernel, the imports and the
tables). Early in a run, before anything is known, one worker is started; once the plan is
known more are started only if the estimated work exceeds what one worker does in the time
another takes to start (`WORTH_ANOTHER_WORKER_S`). A small rebuild (one regency: four reports)
then runs on one worker while the other core writes the workbook; a full build runs one worker per
core. Jobs are added to a `Batch` as they are planned and start at once on the workers already
warm.

A worker's kernel executes one report after another while the worker renders the previous one's
PDF on a thread (`ucj.reports.worker.start_one`): a job is reported done once its output is
written, and a worker with nothing left to execute is asked for its renders
(`ucj.reports.worker.finish_renders`). Each worker has its own executor so that this request
reaches it. With the rendering on its own thread one worker per core keeps the cores busy (full
build on 2 cores, measured in one session: 93.3 s with two workers, 99.6 s with three; before,
when a worker alternated between its kernel and rendering, three took 94.0 s).
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

from ucj.reports.worker import JobResult, ReportJob, finish_renders, start_one, worker_init

#: Typical seconds of one report on a warm worker (2 cores, measured), by notebook: only used
#: to decide how many workers to start.
TYPICAL_SECONDS = {
    "brief": 0.3,
    "summary_province": 0.6,
    "summary_national": 1.0,
    "01_informal_workforce": 8.0,
    "02_coverage_projection": 1.8,
}
#: How many times a batch replaces a worker that died (killed, out of memory) before the
#: jobs left are reported as not run.
MAX_RESTARTS = 3
#: Below this much estimated work a second worker would arrive too late to help.
WORTH_ANOTHER_WORKER_S = 5.0


@dataclass(frozen=True)
class Worker:
    """One warm worker process (with its kernel) behind its own executor, so that a task reaches
    this worker in particular: `finish_renders` must go to the worker whose renders are pending."""

    executor: ProcessPoolExecutor


def start_workers(processes: int) -> list[Worker]:
    """``processes`` warm workers, started now: each launches and warms its kernel in the
    background while the caller goes on (e.g. planning)."""
    workers = []
    for _ in range(processes):
        executor = ProcessPoolExecutor(
            max_workers=1, mp_context=mp.get_context("spawn"), initializer=worker_init
        )
        executor.submit(os.getpid)  # spawn workers are started on demand: by a submitted call
        workers.append(Worker(executor))
    return workers


def stop_workers(workers: list[Worker]) -> None:
    """Stop workers that got no work at once, without waiting for their kernels to warm up (an
    orphaned kernel notices its parent is gone and exits)."""
    for worker in workers:
        processes = list(getattr(worker.executor, "_processes", {}).values())
        worker.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()


def close_workers(workers: list[Worker]) -> None:
    """Let every worker finish and exit, all at the same time (each stops its kernel on the way)."""
    from concurrent.futures import ThreadPoolExecutor

    if workers:
        with ThreadPoolExecutor(max_workers=len(workers)) as threads:
            list(threads.map(lambda w: w.executor.shutdown(wait=True, cancel_futures=True), workers))


def estimated_seconds(jobs: list[ReportJob]) -> float:
    """The work of ``jobs`` on warm workers, from `TYPICAL_SECONDS` (a brief's for the unknown)."""
    return sum(TYPICAL_SECONDS.get(job.notebook, TYPICAL_SECONDS["brief"]) for job in jobs)


def workers_wanted(jobs: list[ReportJob], processes: int) -> int:
    """How many workers ``jobs`` are worth, at most ``processes``: one more for every
    `WORTH_ANOTHER_WORKER_S` of estimated work, never more than there are jobs."""
    extra = int(estimated_seconds(jobs) // WORTH_ANOTHER_WORKER_S)
    return max(1, min(processes, len(jobs), 1 + extra))


class Dispatcher:
    """Hands jobs to warm workers, one per free worker, in the order they were added.

    A worker executes a job in its kernel and renders it on a thread while its kernel goes on with
    the next job (`ucj.reports.worker.start_one`); each call returns the jobs it finished. A worker
    with renders pending and no job to take is asked for them (`finish_renders`). Jobs may be added
    while others run; ``on_done(label, error)`` is called for each finished job in the thread that
    calls `poll`. A worker that died fails the jobs it held (running or rendering); it is replaced
    by a fresh one and the other jobs go on (at most `MAX_RESTARTS` times a batch).
    """

    def __init__(
        self,
        workers: list[Worker],
        on_done: Callable[[str, str | None], None],
        task: Callable[[ReportJob], list[JobResult]] = start_one,
        finish: Callable[[], list[JobResult]] = finish_renders,
        new_worker: Callable[[], Worker] | None = None,
    ) -> None:
        self.workers: list[Worker] = []
        self.held: list[list[ReportJob]] = []  # per worker: jobs handed to it, not yet reported
        self.on_done = on_done
        self.task = task
        self.finish = finish
        self.new_worker = new_worker or (lambda: start_workers(1)[0])
        self.queue: deque[ReportJob] = deque()
        self.running: dict = {}  # future -> (worker index, the worker)
        #: whether a worker died (it was replaced by a fresh one, up to `MAX_RESTARTS` times)
        self.broken = False
        self.restarts = 0
        self.started = time.perf_counter()
        self.add_workers(workers)

    def add_workers(self, workers: list[Worker]) -> None:
        """Give the dispatcher more workers (they take queued jobs at once)."""
        self.workers.extend(workers)
        self.held.extend([] for _ in workers)

    @property
    def busy(self) -> bool:
        """Whether any job is queued, running or rendering."""
        return bool(self.queue or self.running or any(self.held))

    def add(self, jobs: list[ReportJob]) -> None:
        """Queue ``jobs`` after those already added and start as many as there are free workers."""
        self.queue.extend(jobs)
        self._hand_out()

    def _hand_out(self) -> None:
        """Give each free worker the next job, or, with none left, ask it for its pending renders."""
        i = 0
        while i < len(self.workers):
            worker = self.workers[i]
            if any(w is worker for w in self.running.values()) or not (self.queue or self.held[i]):
                i += 1
                continue
            job = self.queue.popleft() if self.queue else None
            try:
                future = (
                    worker.executor.submit(self.task, job) if job else worker.executor.submit(self.finish)
                )
            except BrokenProcessPool:  # it died: a fresh worker takes the job, if allowed
                self.broken = True
                if job is not None:
                    self.queue.appendleft(job)
                self._replace(i, "worker failed: its process ended")  # worker i is fresh, or gone
                continue
            if job is not None:
                self.held[i].append(job)
            self.running[future] = worker
            i += 1
        if self.queue and not self.workers and self.broken:  # every worker died: the rest cannot run
            while self.queue:
                self.on_done(self.queue.popleft().label, "not run: the workers failed")

    def poll(self, timeout: float | None = None) -> None:
        """Wait up to ``timeout`` seconds (None: until one returns) for the workers; report the jobs
        they finished and hand out the next."""
        if not self.running:
            self._hand_out()
            return
        done, _ = wait(self.running, timeout=timeout, return_when=FIRST_COMPLETED)
        for future in done:
            worker = self.running.pop(future)
            i = next((k for k, w in enumerate(self.workers) if w is worker), None)
            try:
                results = future.result()
            except Exception as exc:  # its worker died (killed, out of memory): its jobs failed
                self.broken = True
                if i is not None:
                    self._replace(i, f"worker failed: {exc}")
                continue
            for label, error, seconds in results:
                if i is not None:
                    self._release(i, label)
                if os.environ.get("UCJ_TIMING"):
                    print(
                        f"[timing] {label}: {seconds:.2f} s on a worker, done "
                        f"{time.perf_counter() - self.started:.2f} s into the batch",
                        file=sys.stderr,
                        flush=True,
                    )
                self.on_done(label, error)
        self._hand_out()

    def _release(self, i: int, label: str) -> None:
        """Worker ``i`` reported the job ``label``: it no longer holds it."""
        held = self.held[i]
        for k, job in enumerate(held):
            if job.label == label:
                del held[k]
                return

    def _replace(self, i: int, error: str) -> bool:
        """Fail the jobs dead worker ``i`` held and put a fresh worker in its place; False (the
        worker is dropped) once `MAX_RESTARTS` is reached."""
        for job in self.held[i]:
            self.on_done(job.label, error)
        self.held[i] = []
        old = self.workers[i]
        old.executor.shutdown(wait=False, cancel_futures=True)
        if self.restarts >= MAX_RESTARTS:
            del self.workers[i], self.held[i]
            return False
        self.restarts += 1
        self.workers[i] = self.new_worker()
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
    once on the workers already warm (``workers``); `run` then starts the workers the whole batch
    is worth (`workers_wanted`, at most ``processes``), shows the progress and returns the
    failures."""

    def __init__(
        self,
        processes: int,
        desc: str = "briefs",
        workers: list[Worker] | None = None,
        task: Callable[[ReportJob], list[JobResult]] = start_one,
        finish: Callable[[], list[JobResult]] = finish_renders,
    ) -> None:
        self.processes = processes
        self.jobs: list[ReportJob] = []
        self.progress = Progress(None, desc)
        self.dispatcher = Dispatcher(list(workers or []), self.progress, task=task, finish=finish)

    def add(self, jobs: list[ReportJob]) -> None:
        """Queue ``jobs`` (longest first is best) and start them if workers are warm."""
        self.jobs.extend(jobs)
        self.dispatcher.add(jobs)
        if self.dispatcher.workers:
            self.dispatcher.poll(timeout=0)

    def abandon(self) -> None:
        """Stop the workers without waiting (planning failed: nothing more will be added)."""
        stop_workers(self.dispatcher.workers)

    def run(self) -> list[tuple[str, str]]:
        """Run every added job to its end; return the failures as (label, error), sorted."""
        dispatcher = self.dispatcher
        try:
            if not self.jobs:
                return []
            missing = workers_wanted(self.jobs, self.processes) - len(dispatcher.workers)
            if missing > 0:
                dispatcher.add_workers(start_workers(missing))
            self.progress.show(len(self.jobs))
            dispatcher.drain()
        finally:
            self.progress.close()
            if self.jobs:
                close_workers(dispatcher.workers)
            else:
                stop_workers(dispatcher.workers)
        return sorted(self.progress.failures)


def run_jobs(
    jobs: list[ReportJob], processes: int, desc: str = "briefs", workers: list[Worker] | None = None
) -> list[tuple[str, str]]:
    """Run ``jobs`` (in their order) on at most ``processes`` warm workers, reusing ``workers`` if
    started already, with a progress bar; return the failures.

    Each worker has one job at a time, handed out as workers free up, so the longest jobs,
    queued first, never leave a worker idle at the end.
    """
    batch = Batch(processes, desc, workers)
    batch.add(jobs)
    return batch.run()
