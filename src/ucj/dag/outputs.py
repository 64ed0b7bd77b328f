"""Every output of the build, declared once: what it reads, what it writes and its unit.

One `Output` per kind: the three data stages (raw -> processed tables), the regency brief, the
national and province summaries, the workbook, the village trackers and the two analysis
notebooks. The code an output runs is derived from its entry modules and its notebook's imports
(`ucj.dag.deps`), never listed by hand; where an output goes is `ucj.catalog`; whether it is current
is decided by one fingerprint (`ucj.dag.fingerprint.digest`) compared with its state file.

This module imports only the catalog's names: the declarations never import the planner or the
code they describe, and the content (brief, summary) imports neither.
"""

from __future__ import annotations

from dataclasses import dataclass

from ucj import catalog as c

WORKER = "ucj.reports.worker"
"""Executes a report notebook and renders it: part of the code of every notebook output."""

UNITS = ("none", "regency", "province")


@dataclass(frozen=True)
class Output:
    """One kind of output and everything it depends on.

    ``entries``: modules its code starts from (a notebook adds its own imports and the worker);
    ``notebook``: the report notebook it executes (``notebooks/<name>.py``), if any;
    ``whole``: processed tables read in full (any change rebuilds every output of the kind);
    ``rows``: processed tables of which only the rows of the regencies shown matter;
    ``inputs``: optional user inputs under data/inputs/ (names or glob patterns; absent counts);
    ``config``: files under config/;
    ``raw``: "manifest" (the raw data's checksums, `data/raw/MANIFEST.csv`) or "files" (every raw
    file's bytes: a data stage must see an edit even before the manifest is refreshed, and then
    stops with the manifest's message);
    ``dated``: whether the output prints the run date (`ucj.dates.source_epoch`);
    ``writes``: the processed tables it writes (`ucj.catalog` names; reports go to catalog paths);
    ``unit``: one output per run ("none"), per regency or per province.
    """

    name: str
    unit: str = "none"
    entries: tuple[str, ...] = ()
    notebook: str | None = None
    whole: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    config: tuple[str, ...] = ()
    raw: str = "manifest"
    dated: bool = True
    writes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"{self.name}: unit must be one of {UNITS}, not {self.unit!r}")
        if self.raw not in ("manifest", "files"):
            raise ValueError(f"{self.name}: raw must be 'manifest' or 'files', not {self.raw!r}")


# ----------------------------------------------------------------------------- data stages
MASTER = Output(
    "master",
    entries=("ucj.master", "ucj.geo", "ucj.manifest"),
    raw="files",
    dated=False,
    writes=(
        c.REGENCIES,
        c.REGENCY_BOUNDARIES,
        c.PROVINCE_BOUNDARIES,
        c.REGENCY_PATHS,
        c.PROVINCE_PATHS,
        c.REGENCY_NATIONAL_PATHS,
    ),
)
INFORMAL = Output(
    "informal",
    # comparison: the stage keeps the previous estimate for notebook 01 (`ucj.stages.informal_results`)
    entries=("ucj.informal.pipeline", "ucj.informal.comparison"),
    whole=(c.REGENCIES,),
    inputs=("direct_estimates.csv",),
    raw="files",
    dated=False,
    writes=(
        c.INFORMAL_WORKFORCE,
        c.INFORMAL_MODEL_CV,
        c.INFORMAL_CALIBRATION,
        c.INFORMAL_CV_PREDICTIONS,
        c.INFORMAL_REGENCY_VALIDATION,
        c.INFORMAL_REGENCY_VALIDATION_SUMMARY,
        c.INFORMAL_REGENCY_COVARIATES,
    ),
)
PROJECT = Output(
    "project",
    entries=("ucj.projection.pipeline",),
    whole=(c.REGENCIES, c.INFORMAL_WORKFORCE, c.INFORMAL_REGENCY_VALIDATION),
    inputs=("reported_coverage.csv", "coverage_potential.csv", "village_tracker/*.xlsx"),
    config=("projection.yml", "scenarios.yml", "effort.yml"),
    raw="files",
    dated=False,
    writes=(
        c.COVERAGE_BASELINE,
        c.PROJECTIONS,
        c.UNIVERSAL_COVERAGE_YEAR,
        c.EFFORT_TO_TARGET,
        c.BASELINE_MODEL_CV,
        c.COVERAGE_HISTORY,
        c.BASELINE_CAPPED_PROVINCES,
        c.PROJECTION_HINDCAST,
        c.PROJECTION_HINDCAST_SUMMARY,
        c.ENROLMENT_CAPACITY,
        c.REGENCY_POLICIES,
        c.OFFICIAL_TOTALS,
        c.DATA_AS_OF,
    ),
)
STAGES: tuple[Output, ...] = (MASTER, INFORMAL, PROJECT)
"""In run order: each reads only what the ones before it write."""

# ----------------------------------------------------------------------------- reports
BRIEF = Output(
    "brief",
    unit="regency",
    notebook="brief",
    whole=(
        c.REGENCIES,
        c.INFORMAL_WORKFORCE,
        c.REGENCY_BOUNDARIES,
        c.PROVINCE_BOUNDARIES,
        c.REGENCY_PATHS,
        c.PROVINCE_PATHS,
        c.BASELINE_MODEL_CV,
        c.PROJECTION_HINDCAST_SUMMARY,
        c.INFORMAL_REGENCY_VALIDATION_SUMMARY,
        c.DATA_AS_OF,
    ),
    rows=(
        c.COVERAGE_BASELINE,
        c.PROJECTIONS,
        c.UNIVERSAL_COVERAGE_YEAR,
        c.COVERAGE_HISTORY,
        c.EFFORT_TO_TARGET,
        c.REGENCY_POLICIES,
        c.INFORMAL_REGENCY_VALIDATION,
    ),
    config=("effort.yml",),
)
_SUMMARY_ROWS = (
    c.REGENCIES,
    c.INFORMAL_WORKFORCE,
    c.COVERAGE_BASELINE,
    c.PROJECTIONS,
    c.UNIVERSAL_COVERAGE_YEAR,
    c.REGENCY_BOUNDARIES,
    c.COVERAGE_HISTORY,
    c.EFFORT_TO_TARGET,
)
_SUMMARY_FILES = (
    c.PROVINCE_BOUNDARIES,
    c.REGENCY_PATHS,
    c.PROVINCE_PATHS,
    c.REGENCY_NATIONAL_PATHS,
    c.BASELINE_MODEL_CV,
    c.BASELINE_CAPPED_PROVINCES,
    c.OFFICIAL_TOTALS,
    c.DATA_AS_OF,
)
SUMMARY_NATIONAL = Output(
    "summary_national", notebook="summary_national", whole=_SUMMARY_FILES, rows=_SUMMARY_ROWS
)
SUMMARY_PROVINCE = Output(
    "summary_province", unit="province", notebook="summary_province", whole=_SUMMARY_FILES, rows=_SUMMARY_ROWS
)
WORKBOOK = Output(
    "workbook",
    entries=("ucj.summary.excel",),
    whole=(
        c.REGENCIES,
        c.INFORMAL_WORKFORCE,
        c.COVERAGE_BASELINE,
        c.PROJECTIONS,
        c.UNIVERSAL_COVERAGE_YEAR,
        c.COVERAGE_HISTORY,
        c.BASELINE_MODEL_CV,
        c.EFFORT_TO_TARGET,
        c.PROJECTION_HINDCAST,
        c.PROJECTION_HINDCAST_SUMMARY,
        c.REGENCY_POLICIES,
        c.INFORMAL_REGENCY_VALIDATION_SUMMARY,
        c.INFORMAL_REGENCY_COVARIATES,
    ),
)
TRACKERS = Output(
    "trackers",
    unit="regency",
    entries=("ucj.villages", "ucj.reports.tracker_workbook"),
    whole=(c.REGENCIES, c.REGENCY_POLICIES),
)
"""The village trackers: the kind's fingerprint says whether any may be stale (then the village
list is read); each regency's own fingerprint (its villages, quota and premium) says which."""
ANALYSIS_NOTEBOOKS: dict[str, Output] = {
    "01_informal_workforce": Output(
        "01_informal_workforce",
        notebook="01_informal_workforce",
        whole=(
            c.REGENCIES,
            c.REGENCY_BOUNDARIES,
            c.INFORMAL_WORKFORCE,
            c.INFORMAL_MODEL_CV,
            c.INFORMAL_CV_PREDICTIONS,
        ),
        inputs=("direct_estimates.csv",),
    ),
    "02_coverage_projection": Output(
        "02_coverage_projection",
        notebook="02_coverage_projection",
        whole=(
            c.REGENCIES,
            c.REGENCY_BOUNDARIES,
            c.INFORMAL_WORKFORCE,
            c.COVERAGE_BASELINE,
            c.PROJECTIONS,
            c.UNIVERSAL_COVERAGE_YEAR,
            c.BASELINE_MODEL_CV,
            c.COVERAGE_HISTORY,
            c.BASELINE_CAPPED_PROVINCES,
            c.EFFORT_TO_TARGET,
            c.REGENCY_NATIONAL_PATHS,
            c.PROVINCE_PATHS,
            c.PROJECTION_HINDCAST,
            c.PROJECTION_HINDCAST_SUMMARY,
            c.ENROLMENT_CAPACITY,
            c.REGENCY_POLICIES,
        ),
        inputs=("reported_coverage.csv", "coverage_potential.csv"),
        config=("projection.yml", "scenarios.yml", "effort.yml"),
    ),
}

ALL: tuple[Output, ...] = (
    *STAGES,
    BRIEF,
    SUMMARY_NATIONAL,
    SUMMARY_PROVINCE,
    WORKBOOK,
    TRACKERS,
    *ANALYSIS_NOTEBOOKS.values(),
)
"""Every kind of output the build makes."""
