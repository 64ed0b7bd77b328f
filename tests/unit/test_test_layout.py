"""Tests are layered by cost, and the folders say which layer a test is in: ``tests/unit`` needs no
processed data (every module there carries the ``unit`` marker, which skips the data build),
``tests/integration`` builds the processed tables once, ``tests/e2e`` executes notebooks and
builds reports. A unit-marked module outside ``tests/unit`` (or an unmarked one inside) would make
`make test-unit` and the folder disagree."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

TESTS = Path(__file__).resolve().parents[1]
MARK = "pytestmark = pytest.mark.unit"


def test_every_test_module_sits_in_its_layer_folder() -> None:
    modules = sorted(TESTS.rglob("test_*.py"))
    assert modules
    misplaced = [
        str(path.relative_to(TESTS))
        for path in modules
        if path.parent.name not in ("unit", "integration", "e2e")
        or (MARK in path.read_text(encoding="utf-8")) != (path.parent.name == "unit")
    ]
    assert not misplaced, f"move these to the folder of their layer: {misplaced}"
