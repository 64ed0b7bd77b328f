"""Every file the project reads from ``data/processed/`` or writes under ``reports/``, by name.

`ucj.paths` knows the folders; this module, its one documented extension, knows the files in
them:

- **Processed tables** (and the map outlines written with them), by name (`REGENCIES`, ...):
  `path(name)`, and `read(name)`, cached in the process by file version (modification time,
  size and inode: an atomic rewrite is always a new version), so that a warm kernel reads a
  table once, and again only after it was rebuilt. A table that was not built raises
  `NotBuiltError`, the project's one "run `make data` first" error (it names the file);
  ``read(name, missing_ok=True)`` returns None instead, for optional tables.
- **Outputs** under ``reports/``: briefs, analysis notebooks, summaries, the workbook, village
  trackers, the notebooks of failed reports and a run's scratch folder.
- **State**: the fingerprints of what was built (``<folder>/.state/``).

Ground floor: imports only `ucj.paths` and `ucj.errors`; pandas (geopandas for a boundary
table) only when a table is read, because report workers import this module before they start
their kernel.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ucj import paths
from ucj.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

# --- processed tables (data/processed/), by name ------------------------------------------------

# stage `master`
REGENCIES = "regencies"
REGENCY_BOUNDARIES = "regency_boundaries"
PROVINCE_BOUNDARIES = "province_boundaries"
REGENCY_PATHS = "regency_paths"  # map outlines (matplotlib paths), not tables
PROVINCE_PATHS = "province_paths"
REGENCY_NATIONAL_PATHS = "regency_national_paths"
# stage `informal`
INFORMAL_WORKFORCE = "informal_workforce"
INFORMAL_MODEL_CV = "informal_model_cv"
INFORMAL_CALIBRATION = "informal_calibration"
INFORMAL_CV_PREDICTIONS = "informal_cv_predictions"
INFORMAL_REGENCY_VALIDATION = "informal_regency_validation"
INFORMAL_REGENCY_VALIDATION_SUMMARY = "informal_regency_validation_summary"
INFORMAL_REGENCY_COVARIATES = "informal_regency_covariates"
# stage `project`
COVERAGE_BASELINE = "coverage_baseline"
PROJECTIONS = "projections"
UNIVERSAL_COVERAGE_YEAR = "universal_coverage_year"
EFFORT_TO_TARGET = "effort_to_target"
BASELINE_MODEL_CV = "baseline_model_cv"
COVERAGE_HISTORY = "coverage_history"
BASELINE_CAPPED_PROVINCES = "baseline_capped_provinces"
PROJECTION_HINDCAST = "projection_hindcast"
PROJECTION_HINDCAST_SUMMARY = "projection_hindcast_summary"
ENROLMENT_CAPACITY = "enrolment_capacity"
REGENCY_POLICIES = "regency_policies"
OFFICIAL_TOTALS = "official_totals"
DATA_AS_OF = "data_as_of"

OUTLINES = (REGENCY_PATHS, PROVINCE_PATHS, REGENCY_NATIONAL_PATHS)
#: Tables with a geometry column (read with geopandas).
GEO_TABLES = (REGENCY_BOUNDARIES, PROVINCE_BOUNDARIES)
#: Every processed table (parquet).
TABLES = (
    REGENCIES,
    REGENCY_BOUNDARIES,
    PROVINCE_BOUNDARIES,
    INFORMAL_WORKFORCE,
    INFORMAL_MODEL_CV,
    INFORMAL_CALIBRATION,
    INFORMAL_CV_PREDICTIONS,
    INFORMAL_REGENCY_VALIDATION,
    INFORMAL_REGENCY_VALIDATION_SUMMARY,
    INFORMAL_REGENCY_COVARIATES,
    COVERAGE_BASELINE,
    PROJECTIONS,
    UNIVERSAL_COVERAGE_YEAR,
    EFFORT_TO_TARGET,
    BASELINE_MODEL_CV,
    COVERAGE_HISTORY,
    BASELINE_CAPPED_PROVINCES,
    PROJECTION_HINDCAST,
    PROJECTION_HINDCAST_SUMMARY,
    ENROLMENT_CAPACITY,
    REGENCY_POLICIES,
    OFFICIAL_TOTALS,
    DATA_AS_OF,
)
NAMES = TABLES + OUTLINES


class NotBuiltError(InputError, FileNotFoundError):
    """A processed file that has not been built: run ``make data`` first."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, "not built yet: run `make data` first")


def file_name(name: str) -> str:
    """The file name of processed table ``name``: ``regencies.parquet``, ``regency_paths.npz``."""
    if name not in NAMES:
        raise KeyError(f"unknown processed table {name!r}; known: {', '.join(NAMES)}")
    return f"{name}.npz" if name in OUTLINES else f"{name}.parquet"


def path(name: str) -> Path:
    """Where processed table ``name`` is (whether built or not)."""
    return paths.processed(file_name(name))


def require(name: str) -> Path:
    """The path of processed table ``name``; `NotBuiltError` if it was not built."""
    target = path(name)
    if not target.is_file():
        raise NotBuiltError(target)
    return target


_cache: dict[str, tuple[tuple[int, int, int], pd.DataFrame]] = {}
_cache_lock = threading.Lock()


def read(name: str, *, missing_ok: bool = False, copy: bool = True) -> pd.DataFrame | None:
    """Processed table ``name`` (a GeoDataFrame for `GEO_TABLES`), read once per file version.

    Not built: `NotBuiltError`, or None with ``missing_ok``. The frame is the caller's own
    copy; with ``copy=False`` it is the process's cached frame itself, shared with every later
    reader (a report kernel's next report): never modify it.

    The copy is shallow: under pandas' copy-on-write (always on from pandas 3) whatever the caller
    changes is copied first, so the cached frame never sees it, and a copy costs nothing until
    then (a deep copy of the projections table took 44 ms, paid by every summary).
    """
    if name in OUTLINES:
        raise ValueError(f"{name} is not a table: use require({name!r}) for its path")
    target = path(name)
    try:
        stat = target.stat()
    except FileNotFoundError:
        if missing_ok:
            return None
        raise NotBuiltError(target) from None
    version = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    key = str(target)
    with _cache_lock:
        hit = _cache.get(key)
    if hit is None or hit[0] != version:
        if name in GEO_TABLES:
            import geopandas as gpd

            frame = gpd.read_parquet(target)
        else:
            import pandas as pd

            frame = pd.read_parquet(target)
        hit = (version, frame)
        with _cache_lock:
            _cache[key] = hit  # an older version of the file is dropped
    return hit[1].copy(deep=False) if copy else hit[1]


# --- outputs (reports/) -------------------------------------------------------------------------


def slugify(text: str) -> str:
    """'Kabupaten Nias Selatan' -> 'kabupaten-nias-selatan' (ASCII, lower case): output file names."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _lang_suffix(lang: str) -> str:
    return "" if lang == "id" else f"-{lang}"


def _regency_file(regency: Mapping[str, object]) -> tuple[str, str]:
    """(``<PP>-<province slug>``, ``<PP.RR>-<regency slug>``) of a master row (a Series or a dict)."""
    return (
        f"{regency['province_code']}-{slugify(str(regency['province_name']))}",
        f"{regency['regency_code']}-{slugify(str(regency['regency_name']))}",
    )


def brief_path(regency: Mapping[str, object], lang: str = "id") -> Path:
    """reports/briefs/<PP-province>/<PP.RR>-<slug>[-en].pdf (``regency``: its master row)"""
    province, stem = _regency_file(regency)
    return paths.reports_dir() / "briefs" / province / f"{stem}{_lang_suffix(lang)}.pdf"


def analysis_notebook_path(name: str) -> Path:
    """reports/notebooks/<name>.ipynb (an executed analysis notebook)"""
    return paths.reports_dir() / "notebooks" / f"{name}.ipynb"


def meeting_path(codes: list[str] | tuple[str, ...], lang: str = "id") -> Path:
    """reports/meetings/<PP.RR>_<PP.RR>...[-en].pdf: the side-by-side view of a coordination meeting"""
    return paths.reports_dir() / "meetings" / f"{'_'.join(codes)}{_lang_suffix(lang)}.pdf"


def summaries_dir() -> Path:
    """reports/summaries/"""
    return paths.reports_dir() / "summaries"


def national_summary_path(lang: str = "id") -> Path:
    """reports/summaries/national[-en].pdf"""
    return summaries_dir() / f"national{_lang_suffix(lang)}.pdf"


def province_summary_path(province_code: str, province_name: str, lang: str = "id") -> Path:
    """reports/summaries/provinces/<PP>-<slug>[-en].pdf"""
    return summaries_dir() / "provinces" / f"{province_code}-{slugify(province_name)}{_lang_suffix(lang)}.pdf"


def workbook_path() -> Path:
    """reports/summary.xlsx"""
    return paths.reports_dir() / "summary.xlsx"


def tracker_path(regency: Mapping[str, object]) -> Path:
    """reports/villages/<PP-province>/<PP.RR>-<slug>.xlsx (``regency``: its master row)"""
    province, stem = _regency_file(regency)
    return paths.reports_dir() / "villages" / province / f"{stem}.xlsx"


def failed_dir() -> Path:
    """reports/failed/: the executed notebooks of reports that failed (kept for debugging)."""
    return paths.reports_dir() / "failed"


def failed_notebook_path(label: str) -> Path:
    """reports/failed/<label>.ipynb"""
    return failed_dir() / f"{label}.ipynb"


def scratch_root() -> Path:
    """reports/.tmp/: the scratch folders of report runs (one per run)."""
    return paths.reports_dir() / ".tmp"


# --- state: fingerprints of what was built --------------------------------------------------------


def stage_state_path(stage: str) -> Path:
    """data/processed/.state/<stage>.sha256: the fingerprint a data stage was last run with."""
    return paths.processed_dir() / ".state" / f"{stage}.sha256"


def validated_raw_path(raw_file: Path) -> Path:
    """data/processed/.state/validated/<raw path>.pickle: a shipped raw CSV as last read and
    validated (`ucj.loaders.read_csv`), reused while its bytes and the schemas are unchanged."""
    relative = raw_file.resolve().relative_to(paths.raw_dir().resolve())
    return paths.processed_dir() / ".state" / "validated" / f"{relative.as_posix()}.pickle"


def project_context_path() -> Path:
    """data/processed/.state/project-context.pickle: the projection context the project stage last
    ran with, kept for the analysis notebook (`ucj.stages.project_context`)."""
    return paths.processed_dir() / ".state" / "project-context.pickle"


def informal_results_path() -> Path:
    """data/processed/.state/informal-results.pickle: the estimates and the previous estimate the
    informal stage last computed, kept for notebook 01 (`ucj.stages.informal_results`)."""
    return paths.processed_dir() / ".state" / "informal-results.pickle"


def import_cache_path() -> Path:
    """data/processed/.state/imports.json: the package imports found in each module's source
    (`ucj.dag.deps`), kept so that a run does not parse the package again (a cache: deleting it
    costs a tenth of a second)."""
    return paths.processed_dir() / ".state" / "imports.json"


def report_state_path(kind: str, unit: str) -> Path:
    """reports/.state/<kind>/<unit>.sha256: the fingerprint an output was built with (``kind``:
    briefs, notebooks, summaries, villages)."""
    return paths.reports_dir() / ".state" / kind / f"{unit}.sha256"


def last_run_stamp_path() -> Path:
    """reports/.state/last-complete-run: written when a full report run ended without failures."""
    return paths.reports_dir() / ".state" / "last-complete-run"
