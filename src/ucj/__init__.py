"""ucj: Universal Coverage Jamsostek analysis for Indonesia's 514 regencies.

Stages, one module each:
- `paths`: every file location (overridable by environment variables).
- `loaders`: validated reading of raw inputs (errors name file, row, column).
- `manifest`: checksums and provenance of `data/raw/`.
- `master`: the regency master table (514 rows keyed by the Kemendagri 2025 code).
- `informal`: employed and informal workforce estimates with uncertainty.
- `projection`: coverage baseline, scenarios, stock-flow projections and costs.
- `stages`: the data stages above, each declared once with what it reads; re-run when that changed.
- `brief`, `summary`: what a regency brief and a summary show (sections, charts, maps, words).
- `reports`: plan, execute (papermill, warm kernels) and render (typst) every report.
"""

import sys

__version__ = "0.1.0"

# jsonschema (imported by nbformat, papermill, nbclient) imports rfc3987_syntax when it is
# installed (a JupyterLab dependency) only to check the "iri" string format, and that module
# builds three Lark parsers at import: about 3 s in every process (CLI, each report worker,
# each test worker). No schema used here has that format; marking the module absent makes
# jsonschema skip that one check. Set before anything imports jsonschema.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)
