"""ucj: Universal Coverage Jamsostek analysis for Indonesia's 514 regencies.

Stages, one module each:
- `paths`: every file location (overridable by environment variables).
- `loaders`: validated reading of raw inputs (errors name file, row, column).
- `manifest`: checksums and provenance of `data/raw/`.
- `master`: the regency master table (514 rows keyed by the Kemendagri 2025 code).
- `informal`: employed and informal workforce estimates with uncertainty.
- `projection`: coverage baseline, scenarios, stock-flow projections and costs.
- `render` / `batch`: report notebooks executed with papermill and rendered to PDF.
"""

__version__ = "0.1.0"
