"""Tasks for the worker-pool tests: module-level so that spawned worker processes can import them."""

from __future__ import annotations

import os

_HELD: list = []  # jobs this worker process took and has not reported yet (like renders in progress)


def crash_or_finish(job) -> list[tuple[str, str | None, float]]:
    """Kill the worker process for a job labelled ``crash`` (as the kernel OOM killer or a kill -9
    would); finish every other job at once."""
    if job.label.startswith("crash"):
        os._exit(9)
    return [(job.label, None, 0.0)]


def touch_or_fail(job) -> list[tuple[str, str | None, float]]:
    """Write the job's output file (its ``pdf_path``) and finish; a job labelled ``fail`` reports
    an error instead."""
    if job.label.startswith("fail"):
        return [(job.label, "ValueError: asked to fail", 0.0)]
    job.pdf_path.write_text(job.label)
    return [(job.label, None, 0.0)]


def hold_or_crash(job) -> list[tuple[str, str | None, float]]:
    """Like a worker whose renders are still running: keep the job and report nothing yet (its
    result comes with `release_held`); a job labelled ``crash`` kills the worker process, with
    the jobs it holds."""
    if job.label.startswith("crash"):
        os._exit(9)
    _HELD.append(job)
    return []


def release_held() -> list[tuple[str, str | None, float]]:
    """Report the held jobs as finished (the worker's `finish_renders`)."""
    done = [(job.label, None, 0.0) for job in _HELD]
    _HELD.clear()
    return done
