"""A batch goes on when a worker dies: the jobs it held (running, or rendering) are reported as
failed, it is replaced by a fresh one and every other job still runs (a killed worker must not turn
500 briefs into "not run"); a worker's renders in progress are collected before the batch ends."""

from __future__ import annotations

import multiprocessing as mp
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pool_tasks
import pytest

from ucj.reports import pool
from ucj.reports.worker import ReportJob

pytestmark = pytest.mark.unit


def _plain_worker() -> pool.Worker:
    return pool.Worker(ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")))


def _job(label: str, tmp: Path) -> ReportJob:
    return ReportJob(label, "brief", {}, tmp / f"{label}.pdf", tmp / f"{label}.sha256", "x")


def _run(
    labels: list[str],
    tmp: Path,
    max_restarts: int,
    monkeypatch: pytest.MonkeyPatch,
    task=pool_tasks.crash_or_finish,
    workers: int = 1,
) -> dict:
    monkeypatch.setattr(pool, "MAX_RESTARTS", max_restarts)
    results: dict[str, str | None] = {}

    def done(label: str, error: str | None) -> None:
        assert label not in results, f"{label} reported twice"
        results[label] = error

    dispatcher = pool.Dispatcher(
        [_plain_worker() for _ in range(workers)],
        done,
        task=task,
        finish=pool_tasks.release_held,
        new_worker=_plain_worker,
    )
    dispatcher.add([_job(label, tmp) for label in labels])
    dispatcher.drain()
    pool.close_workers(dispatcher.workers)
    return results


def test_a_dead_worker_fails_its_job_and_the_rest_still_run(tmp_path: Path, monkeypatch) -> None:
    results = _run(["a", "crash-1", "b", "c"], tmp_path, 3, monkeypatch)
    assert set(results) == {"a", "crash-1", "b", "c"}
    assert results["crash-1"] is not None and "worker failed" in results["crash-1"]
    assert results["a"] is None and results["b"] is None and results["c"] is None


def test_after_the_last_allowed_restart_the_jobs_left_are_listed_as_not_run(
    tmp_path: Path, monkeypatch
) -> None:
    results = _run(["crash-1", "crash-2", "a"], tmp_path, 1, monkeypatch)
    assert set(results) == {"crash-1", "crash-2", "a"}  # every job is reported, none is lost
    assert all(results[label] is not None for label in ("crash-1", "crash-2"))
    assert results["a"] is not None and "not run" in results["a"]


def test_jobs_a_worker_holds_are_collected_before_the_batch_ends(tmp_path: Path, monkeypatch) -> None:
    """Workers that report nothing when they take a job (renders still running) are asked for their
    jobs once there is no job left to give them: every job is reported once, none is lost."""
    labels = [f"j{k}" for k in range(7)]
    results = _run(labels, tmp_path, 3, monkeypatch, task=pool_tasks.hold_or_crash, workers=2)
    assert results == {label: None for label in labels}


def test_a_dead_worker_fails_the_jobs_it_was_still_rendering(tmp_path: Path, monkeypatch) -> None:
    """A worker that dies holding rendered-but-unreported jobs fails them with the one it ran: their
    outputs were never confirmed written. The fresh worker runs the rest."""
    results = _run(["a", "b", "crash-1", "c", "d"], tmp_path, 3, monkeypatch, task=pool_tasks.hold_or_crash)
    assert set(results) == {"a", "b", "crash-1", "c", "d"}
    assert all("worker failed" in (results[label] or "") for label in ("a", "b", "crash-1"))
    assert results["c"] is None and results["d"] is None


def test_a_batch_starts_jobs_on_warm_workers_while_the_rest_is_planned(tmp_path: Path) -> None:
    """Jobs added to a batch with warm workers run at once (before `Batch.run`, i.e. while the
    next kind of report is planned); `run` then runs the rest and returns every failure."""
    batch = pool.Batch(
        1, "test", [_plain_worker()], task=pool_tasks.touch_or_fail, finish=pool_tasks.release_held
    )
    first = _job("first", tmp_path)
    batch.add([first])
    deadline = time.monotonic() + 60
    while not first.pdf_path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert first.pdf_path.exists()  # ran before run() was called
    batch.add([_job("fail-1", tmp_path), _job("second", tmp_path)])
    failures = batch.run()
    assert failures == [("fail-1", "ValueError: asked to fail")]
    assert (tmp_path / "second.pdf").read_text() == "second"
    assert batch.progress.done == 3
