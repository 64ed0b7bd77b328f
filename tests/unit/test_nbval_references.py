"""The nbval reference notebooks stay the brief notebook as it is (issue 21)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.unit


def test_the_nbval_references_run_the_code_of_the_brief_notebook() -> None:
    """The reference notebooks nbval compares (tests/nbval/, `tools/make_nbval_refs.py`) must be the
    brief notebook as it is now: same code cells, in order (papermill's injected parameters aside)."""
    import json

    import jupytext

    root = Path(__file__).resolve().parents[2]
    brief = [c.source for c in jupytext.read(root / "notebooks" / "brief.py").cells if c.cell_type == "code"]
    refs = sorted((root / "tests" / "nbval").glob("brief_*.ipynb"))
    assert refs
    for ref in refs:
        cells = json.loads(ref.read_text(encoding="utf-8"))["cells"]
        code = [
            "".join(c["source"])
            for c in cells
            if c["cell_type"] == "code" and "injected-parameters" not in c.get("metadata", {}).get("tags", [])
        ]
        assert code == brief, f"{ref.name} is stale: run tools/make_nbval_refs.py"


def test_the_nbval_references_are_the_listed_fixture_regencies() -> None:
    """One list of test regencies: the reference notebooks are exactly `fixture_regencies.NBVAL`."""
    import fixture_regencies

    root = Path(__file__).resolve().parents[2]
    refs = {
        p.stem.removeprefix("brief_").replace("_", ".")
        for p in (root / "tests" / "nbval").glob("brief_*.ipynb")
    }
    assert refs == set(fixture_regencies.NBVAL)
