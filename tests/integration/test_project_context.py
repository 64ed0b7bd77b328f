"""The project stage keeps the context it ran on for notebook 02 (`ucj.stages.project_context`):
used only while the stage is current and for exactly the run's settings and assumptions, and then
it gives the numbers a freshly computed context gives."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from ucj import stages
from ucj.projection import assumptions, pipeline

CODE = "12.14"


@pytest.fixture()
def counted_loads(monkeypatch: pytest.MonkeyPatch) -> list:
    """Each call of `pipeline.load_context` (a context computed rather than taken from the stage)."""
    calls: list = []
    compute = pipeline.load_context

    def counting(*args, **kwargs):
        calls.append(args)
        return compute(*args, **kwargs)

    monkeypatch.setattr(pipeline, "load_context", counting)
    return calls


def test_the_kept_context_is_used_and_equals_a_computed_one(counted_loads: list) -> None:
    assert stages.stage("project").stale_reason() is None
    kept = stages.project_context()
    assert counted_loads == []  # taken from the stage, not computed
    fresh = pipeline.load_context()
    for name in ("master", "workforce", "baseline", "figures"):
        pd.testing.assert_frame_equal(getattr(kept, name), getattr(fresh, name))
    for field in dataclasses.fields(fresh.draws):
        np.testing.assert_array_equal(getattr(kept.draws, field.name), getattr(fresh.draws, field.name))
    scenario = fresh.scenarios[-1]
    got = pipeline.project_scenario(kept, scenario, inputs=kept.inputs.subset([CODE]))
    want = pipeline.project_scenario(fresh, scenario, inputs=fresh.inputs.subset([CODE]))
    pd.testing.assert_frame_equal(got[0], want[0])
    pd.testing.assert_frame_equal(got[1], want[1])


def test_other_settings_or_assumptions_are_computed(counted_loads: list) -> None:
    ctx = stages.project_context(assumptions.read_settings(n_draws=40))
    assert len(counted_loads) == 1 and ctx.draws.z.shape[1] == 40
    fixed = assumptions.load_assumptions().with_overrides(lapse_rate=0.07)
    ctx = stages.project_context(None, fixed)
    assert len(counted_loads) == 2 and ctx.assumptions.lapse_rate.central == 0.07


def test_a_stale_stage_is_computed(counted_loads: list, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "reported_coverage.csv").write_text(
        f"regency_code,date,segment,active,source\n{CODE},2025-06,BPU,1234,test\n"
    )
    monkeypatch.setenv("UCJ_INPUTS_DIR", str(inputs))
    assert stages.stage("project").stale_reason() is not None
    ctx = stages.project_context()
    assert len(counted_loads) == 1
    row = ctx.baseline[(ctx.baseline["regency_code"] == CODE) & (ctx.baseline["segment"] == "BPU")]
    assert row["kind"].iloc[0] == "reported"
