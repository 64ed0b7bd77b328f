"""Scratch files of a report run live under reports/.tmp/<pid>; a later run removes those of
runs that were killed, and a run that ends removes its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ucj.reports import render, scratch

pytestmark = pytest.mark.unit  # needs no processed data


@pytest.fixture()
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UCJ_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.delenv(scratch.ENV, raising=False)
    return tmp_path / "reports"


def _dead_pid() -> int:
    """The pid of a process that has exited."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


def test_a_killed_runs_leftovers_are_removed_by_the_next_run(reports: Path) -> None:
    killed = reports / ".tmp" / str(_dead_pid())
    (killed / "ucj-render-x").mkdir(parents=True)
    (killed / "kernel-1.json").write_text("{}")
    folder = scratch.begin_run()
    try:
        assert not killed.exists()
        assert folder == reports / ".tmp" / str(os.getpid()) and folder.is_dir()
        assert scratch.clean_abandoned() == []  # this run is alive: its folder stays
    finally:
        scratch.end_run()
    assert not folder.exists() and scratch.ENV not in os.environ


def test_rendering_inside_a_run_uses_and_leaves_its_scratch_folder_empty(reports: Path) -> None:
    import nbformat

    seen = []
    original = render.typst_to_pdf

    def spy(source: str, root: Path) -> bytes:
        seen.append(root)
        return original(source, root)

    folder = scratch.begin_run()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(render, "typst_to_pdf", spy)
            assert render.notebook_to_pdf_bytes(nbformat.v4.new_notebook()).startswith(b"%PDF")
        assert seen and seen[0].parent == folder  # rendered inside the run's folder...
        assert list(folder.iterdir()) == []  # ...and removed after use
    finally:
        scratch.end_run()


def test_a_kernels_connection_file_is_in_the_runs_folder_and_gone_after_shutdown(reports: Path) -> None:
    from ucj.reports.execute import WarmKernel

    folder = scratch.begin_run()
    kernel = WarmKernel()
    try:
        kernel.start()
        connection = Path(kernel.km.connection_file)
        assert connection.parent == folder and connection.is_file()
    finally:
        kernel.shutdown()
        scratch.end_run()
    assert not connection.exists()


def test_a_worker_kernel_warms_up_before_the_first_data_run_has_written_anything(
    tmp_path: Path, reports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a fresh checkout the workers start while `make data` is still writing the tables: the
    warm-up skips what is not there yet instead of failing every report."""
    from ucj.reports.execute import WarmKernel
    from ucj.reports.worker import WARMUP

    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(tmp_path / "processed-empty"))
    kernel = WarmKernel(warmup_code=WARMUP)
    try:
        kernel.start()  # raises "kernel setup failed" if the warm-up needs the tables
    finally:
        kernel.shutdown()


def test_a_direct_cli_run_gets_the_settings_of_make(monkeypatch: pytest.MonkeyPatch) -> None:
    """`ucj.cli reports` run directly gives its workers what the Makefile exports; what the caller
    set stays."""
    from ucj.reports import run

    for name in run.DEFAULT_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MPLBACKEND", "svg")
    run.use_default_settings()
    assert os.environ["PYTHONHASHSEED"] == "0" and os.environ["OPENBLAS_NUM_THREADS"] == "1"
    assert os.environ["MPLBACKEND"] == "svg"


def test_the_makefile_exports_the_default_settings() -> None:
    """`DEFAULT_SETTINGS` repeats the Makefile's exports: they must not drift apart."""
    import re

    from ucj import paths
    from ucj.reports import run

    makefile = (paths.PROJECT_ROOT / "Makefile").read_text()
    exported = dict(re.findall(r"^export (\w+) \??:?= (\S+)$", makefile, flags=re.M))
    assert exported == run.DEFAULT_SETTINGS
