"""What each kind of report reads, declared once (the code it runs is derived: `ucj.dag.deps`);
where outputs go is `ucj.catalog`.

Kept free of heavy imports: the report workers read `BRIEF.rows` to warm their
kernels, the plans read everything to fingerprint the outputs.
"""

from __future__ import annotations

from dataclasses import dataclass

from ucj import catalog as c

WORKER = "ucj.reports.worker"  # executes a report notebook and renders it: part of every report's code


@dataclass(frozen=True)
class Reads:
    """The data one kind of output reads.

    ``whole``: processed tables read in full (any change rebuilds every output of the kind);
    ``rows``: processed tables of which only the rows of the regencies shown matter
    (both by `ucj.catalog` name);
    ``inputs``: optional user inputs under data/inputs/ (absent counts as a value);
    ``config``: files under config/.
    """

    notebook: str | None
    whole: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    config: tuple[str, ...] = ()


BRIEF = Reads(
    "brief",
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
SUMMARY_NATIONAL = Reads("summary_national", whole=_SUMMARY_FILES, rows=_SUMMARY_ROWS)
SUMMARY_PROVINCE = Reads("summary_province", whole=_SUMMARY_FILES, rows=_SUMMARY_ROWS)
WORKBOOK = Reads(
    None,
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
WORKBOOK_CODE = ("ucj.summary.excel",)
ANALYSIS_NOTEBOOKS = {
    "01_informal_workforce": Reads(
        "01_informal_workforce",
        whole=(
            c.REGENCIES,
            c.REGENCY_BOUNDARIES,
            c.INFORMAL_WORKFORCE,
            c.INFORMAL_MODEL_CV,
            c.INFORMAL_CV_PREDICTIONS,
        ),
        inputs=("direct_estimates.csv",),
    ),
    "02_coverage_projection": Reads(
        "02_coverage_projection",
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
