#!/usr/bin/env python
"""Regenerate the nbval reference notebooks of the regency brief (tests/nbval/).

Each reference is the brief notebook executed for one fixture regency on the
processed tables built from the shipped raw data, in a temporary folder (the
same set-up as the test suite). Cells tagged ``nbval-check-output`` in
notebooks/brief.py are compared by nbval in `make test`: their outputs (the
headline figures, the levers table) are pinned deliberately. Run this after a
deliberate change to the data, the models or the brief, and review the diff.

Usage: .venv/bin/python tools/make_nbval_refs.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import fixture_regencies  # noqa: E402  (the one list of test regencies)

FIXTURES = {code: fixture_regencies.WHY[code] for code in fixture_regencies.NBVAL}


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="ucj-nbval-"))
    os.environ.update(
        UCJ_PROCESSED_DIR=str(tmp / "processed"),
        UCJ_REPORTS_DIR=str(tmp / "reports"),
        UCJ_INPUTS_DIR=str(tmp / "inputs"),
        SOURCE_DATE_EPOCH="1767225600",
        MPLBACKEND="Agg",
    )
    from ucj import stages
    from ucj.reports import execute as notebooks

    stages.run_stages(force=True)
    out_dir = ROOT / "tests" / "nbval"
    for code, why in FIXTURES.items():
        nb = notebooks.read_notebook("brief")
        executed = notebooks.normalise(notebooks.execute_cold(nb, {"regency_code": code, "lang": "id"}))
        for i, cell in enumerate(executed.cells):  # nbval compares only cells with an execution count
            if cell.cell_type == "code":
                cell["execution_count"] = i + 1
                for out in cell.get("outputs", []):
                    if "execution_count" in out:
                        out["execution_count"] = i + 1
        executed.metadata["ucj_fixture"] = why
        target = out_dir / f"brief_{code.replace('.', '_')}.ipynb"
        notebooks.write_notebook(executed, target)
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
