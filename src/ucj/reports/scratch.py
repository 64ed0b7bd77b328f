"""Scratch files of a report run (typst render folders, kernel connection files), kept where a
killed run's leftovers are found and removed by the next run.

The run sets ``UCJ_SCRATCH_DIR`` to ``reports/.tmp/<pid of the run>``; its workers and kernels
inherit it. A run that ends normally removes its folder; a run killed with ``kill -9`` cannot,
so every run first removes the folders of runs whose process is gone (`clean_abandoned`).
Outside a run (``ucj.cli render``, tests) the system temporary folder is used.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ucj import catalog
from ucj.io import pid_alive

ENV = "UCJ_SCRATCH_DIR"


def root() -> Path:
    """reports/.tmp/ (`ucj.catalog.scratch_root`)."""
    return catalog.scratch_root()


def directory() -> Path | None:
    """This run's scratch folder (created), or None outside a run."""
    value = os.environ.get(ENV)
    if not value:
        return None
    folder = Path(value)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def clean_abandoned() -> list[Path]:
    """Remove the scratch folders of runs that no longer exist; return what was removed."""
    removed = []
    if root().is_dir():
        for folder in root().iterdir():
            if folder.is_dir() and (not folder.name.isdigit() or not pid_alive(int(folder.name))):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
    return removed


def begin_run() -> Path:
    """Clean up after killed runs, then make this process's folder the run's scratch folder."""
    clean_abandoned()
    folder = root() / str(os.getpid())
    os.environ[ENV] = str(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def end_run() -> None:
    """Remove this run's scratch folder."""
    value = os.environ.pop(ENV, None)
    if value:
        shutil.rmtree(value, ignore_errors=True)
