"""Tasks for the worker-pool tests: module-level so that spawned worker processes can import them."""

from __future__ import annotations

import os


def crash_or_finish(job) -> tuple[str, str | None, float]:
    """Kill the worker process for a job labelled ``crash`` (as the kernel OOM killer or a kill -9
    would); finish every other job."""
    if job.label.startswith("crash"):
        os._exit(9)
    return job.label, None, 0.0


def touch_or_fail(job) -> tuple[str, str | None, float]:
    """Write the job's output file (its ``pdf_path``) and finish; a job labelled ``fail`` reports
    an error instead."""
    if job.label.startswith("fail"):
        return job.label, "ValueError: asked to fail", 0.0
    job.pdf_path.write_text(job.label)
    return job.label, None, 0.0
