"""Shared test set-up: a fixture copy of the processed data, built once per test process.

Tests never read or write the real data/processed or reports folders: before
collection, `pytest_configure` points UCJ_PROCESSED_DIR and UCJ_REPORTS_DIR at
temporary folders (pytest-xdist workers and the kernels of notebook tests inherit
the variables). Tests are layered by cost: modules marked ``unit`` need no
processed data and run in seconds (``pytest -m unit``); the first other test builds
every processed table from the shipped raw data once (`build_test_data`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Property tests draw the same examples on every run by default, so `make test` (what CI runs)
# gives the same verdict on the same code; `HYPOTHESIS_PROFILE=explore make test` draws new ones
# to look for failures (a failure found that way becomes an `@example`).
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ucj", derandomize=True)
_hypothesis_settings.register_profile("explore", derandomize=False)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ucj"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "unit: needs no processed data (runs in seconds: pytest -m unit)")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    os.environ.setdefault("MPLBACKEND", "Agg")
    if os.environ.get("UCJ_TEST_ROOT"):
        return
    root = Path(tempfile.mkdtemp(prefix="ucj-test-"))
    os.environ["UCJ_PROCESSED_DIR"] = str(root / "processed")
    os.environ["UCJ_REPORTS_DIR"] = str(root / "reports")
    os.environ["UCJ_INPUTS_DIR"] = str(root / "inputs")
    os.environ["UCJ_TEST_ROOT"] = str(root)
    config._ucj_test_root = root  # type: ignore[attr-defined]


def build_test_data() -> None:
    """Build every processed table from the shipped raw data into the test folder, once per test run:
    the first test that needs it builds it (the same code path as `make data`, about a minute), under a
    file lock so that pytest-xdist workers wait for one build instead of making two."""
    import fcntl

    root = Path(os.environ["UCJ_TEST_ROOT"])
    ready = root / "data-ready"
    if ready.exists():
        return
    with open(root / "data.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ready.exists():
            from ucj import stages

            stages.run_stages(force=True)
            ready.touch()


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests layered by cost: a test marked ``unit`` runs without the processed tables; any other test
    (notebook cells included) gets them, built lazily on first need."""
    if item.get_closest_marker("unit") is None:
        build_test_data()


def pytest_unconfigure(config: pytest.Config) -> None:
    root = getattr(config, "_ucj_test_root", None)
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def processed_dir() -> Path:
    """The test run's processed-data folder (every table built), whatever folder a module-scoped
    fixture has made active when this session fixture is first asked for."""
    return Path(os.environ["UCJ_TEST_ROOT"]) / "processed"


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


# --- shared fixtures of the baseline tests (the master table, the assumptions, a synthetic workforce) ---


@pytest.fixture(scope="module")
def master():
    """The regency master table built for this test run."""
    from ucj import master as master_mod

    return master_mod.read_master()


@pytest.fixture(scope="module")
def assume():
    """The sourced assumptions (premiums, targets, lapse, baseline uncertainty)."""
    from ucj.projection import assumptions

    return assumptions.load_assumptions()


@pytest.fixture(scope="module")
def wf(master):
    """A synthetic workforce table (fixed seed) with the informal table's columns."""
    from synthetic import synthetic_workforce

    return synthetic_workforce(master, seed=7)
