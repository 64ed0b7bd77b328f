"""Every folder the project uses, built from the package's own location.

This module and its one extension, `ucj.catalog` (every processed table and
output file by name), are the only modules that build paths. Environment
variables point the data and outputs elsewhere (tests use temporary folders):

- ``UCJ_RAW_DIR``: raw inputs (default ``data/raw``), read-only.
- ``UCJ_PROCESSED_DIR``: processed tables (default ``data/processed``).
- ``UCJ_REPORTS_DIR``: PDFs, summaries and executed notebooks (default ``reports``).
- ``UCJ_CONFIG_DIR``: run configuration (default ``config``).
- ``UCJ_INPUTS_DIR``: user-supplied inputs such as reported coverage
  (default ``data/inputs``).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parents[1]
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
KERNEL_NAME = "ucj"


def _dir(env_var: str, default: Path) -> Path:
    value = os.environ.get(env_var)
    return Path(value).resolve() if value else default


def raw_dir() -> Path:
    """Folder of the shipped raw data (never modified by code)."""
    return _dir("UCJ_RAW_DIR", PROJECT_ROOT / "data" / "raw")


def processed_dir() -> Path:
    """Folder of tables rebuilt by `make data`."""
    return _dir("UCJ_PROCESSED_DIR", PROJECT_ROOT / "data" / "processed")


def reports_dir() -> Path:
    """Folder of briefs, summaries and executed notebooks rebuilt by `make reports`."""
    return _dir("UCJ_REPORTS_DIR", PROJECT_ROOT / "reports")


def inputs_dir() -> Path:
    """Folder of optional user inputs (reported coverage, direct estimates, scenarios)."""
    return _dir("UCJ_INPUTS_DIR", PROJECT_ROOT / "data" / "inputs")


def config_dir() -> Path:
    """Folder of run configuration (projection settings, scenarios)."""
    return _dir("UCJ_CONFIG_DIR", PROJECT_ROOT / "config")


def raw(*parts: str) -> Path:
    """Path of a raw input file, e.g. ``raw("stats", "regency_keys.csv")``."""
    return raw_dir().joinpath(*parts)


def processed(name: str) -> Path:
    """Path of a processed table, e.g. ``processed("regencies.parquet")``."""
    return processed_dir() / name


def manifest_path() -> Path:
    """Machine-readable manifest of data/raw (file, source, licence, period, sha256)."""
    return raw_dir() / "MANIFEST.csv"
