"""Shared test set-up: a fixture copy of the processed data, built once per test process.

Tests never read or write the real data/processed or reports folders: before
collection, `pytest_configure` points UCJ_PROCESSED_DIR and UCJ_REPORTS_DIR at
temporary folders and builds every processed table there from the shipped raw
data (the same code path as `make data`; about a minute). With pytest-xdist this
runs once, in the controlling process, and the workers inherit the variables;
so do the kernels started by notebook tests (nbval).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

FIXTURE_REGENCIES = ["12.14", "31.71", "94.04"]  # a kabupaten, a kota, a Papua regency


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    os.environ.setdefault("MPLBACKEND", "Agg")
    if os.environ.get("UCJ_TEST_DATA_READY"):
        return
    root = Path(tempfile.mkdtemp(prefix="ucj-test-"))
    os.environ["UCJ_PROCESSED_DIR"] = str(root / "processed")
    os.environ["UCJ_REPORTS_DIR"] = str(root / "reports")
    os.environ["UCJ_INPUTS_DIR"] = str(root / "inputs")
    os.environ["UCJ_TEST_ROOT"] = str(root)
    os.environ["UCJ_TEST_DATA_READY"] = "1"
    config._ucj_test_root = root  # type: ignore[attr-defined]
    from ucj import geo, master
    from ucj.informal import pipeline as informal_pipeline
    from ucj.projection import pipeline as projection_pipeline
    master.write_master()
    geo.build_boundaries()
    informal_pipeline.run()
    projection_pipeline.run()


def pytest_unconfigure(config: pytest.Config) -> None:
    root = getattr(config, "_ucj_test_root", None)
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def processed_dir() -> Path:
    """The test process's processed-data folder (master table and boundaries built)."""
    return Path(os.environ["UCJ_PROCESSED_DIR"])


@pytest.fixture()
def raw_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of data/raw, made the active raw folder for this test."""
    from ucj import paths
    target = tmp_path / "raw"
    shutil.copytree(paths.PROJECT_ROOT / "data" / "raw", target)
    monkeypatch.setenv("UCJ_RAW_DIR", str(target))
    return target


@pytest.fixture()
def isolated_processed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty processed-data folder for this test."""
    target = tmp_path / "processed"
    target.mkdir()
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(target))
    return target


@pytest.fixture()
def processed_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the built processed tables, made the active processed folder."""
    from ucj import paths
    target = tmp_path / "processed"
    shutil.copytree(paths.processed_dir(), target)
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(target))
    return target
