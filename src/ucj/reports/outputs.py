"""What each kind of report reads, declared once (the code it runs is derived: `ucj.reports.deps`),
and how outputs are named.

Kept free of heavy imports: the report workers read `BRIEF.rows` to warm their
kernels, the plans read everything to fingerprint the outputs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

WORKER = "ucj.reports.worker"  # executes a report notebook and renders it: part of every report's code


def slugify(text: str) -> str:
    """'Kabupaten Nias Selatan' -> 'kabupaten-nias-selatan' (ASCII, lower case): output file names."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True)
class Reads:
    """The data one kind of output reads.

    ``whole``: processed files read in full (any change rebuilds every output of the kind);
    ``rows``: processed tables of which only the rows of the regencies shown matter;
    ``inputs``: optional user inputs under data/inputs/ (absent counts as a value);
    ``config``: files under config/.
    """

    notebook: str | None
    whole: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    config: tuple[str, ...] = ()


BRIEF = Reads("brief",
              whole=("regencies.parquet", "informal_workforce.parquet", "regency_boundaries.parquet",
                     "province_boundaries.parquet", "regency_paths.npz", "province_paths.npz",
                     "baseline_model_cv.parquet", "projection_hindcast_summary.parquet"),
              rows=("coverage_baseline", "projections", "universal_coverage_year", "coverage_history",
                    "effort_to_target", "regency_policies"),
              config=("effort.yml",))
_SUMMARY_ROWS = ("regencies", "informal_workforce", "coverage_baseline", "projections", "universal_coverage_year",
                 "regency_boundaries", "coverage_history", "effort_to_target")
_SUMMARY_FILES = ("province_boundaries.parquet", "regency_paths.npz", "province_paths.npz",
                  "regency_national_paths.npz", "baseline_model_cv.parquet", "baseline_capped_provinces.parquet")
SUMMARY_NATIONAL = Reads("summary_national", whole=_SUMMARY_FILES, rows=_SUMMARY_ROWS)
SUMMARY_PROVINCE = Reads("summary_province", whole=_SUMMARY_FILES, rows=_SUMMARY_ROWS)
WORKBOOK = Reads(None, whole=("regencies.parquet", "informal_workforce.parquet", "coverage_baseline.parquet",
                              "projections.parquet", "universal_coverage_year.parquet", "coverage_history.parquet",
                              "baseline_model_cv.parquet", "effort_to_target.parquet",
                              "projection_hindcast.parquet", "projection_hindcast_summary.parquet",
                              "regency_policies.parquet"))
WORKBOOK_CODE = ("ucj.summary.excel",)
ANALYSIS_NOTEBOOKS = {
    "01_informal_workforce": Reads(
        "01_informal_workforce",
        whole=("regencies.parquet", "regency_boundaries.parquet", "informal_workforce.parquet",
               "informal_model_cv.parquet", "informal_cv_predictions.parquet"),
        inputs=("direct_estimates.csv",)),
    "02_coverage_projection": Reads(
        "02_coverage_projection",
        whole=("regencies.parquet", "regency_boundaries.parquet", "informal_workforce.parquet",
               "coverage_baseline.parquet", "projections.parquet", "universal_coverage_year.parquet",
               "baseline_model_cv.parquet", "coverage_history.parquet", "baseline_capped_provinces.parquet",
               "effort_to_target.parquet", "regency_national_paths.npz", "province_paths.npz",
               "projection_hindcast.parquet", "projection_hindcast_summary.parquet", "enrolment_capacity.parquet",
               "regency_policies.parquet"),
        inputs=("reported_coverage.csv", "coverage_potential.csv"),
        config=("projection.yml", "scenarios.yml", "effort.yml")),
}
