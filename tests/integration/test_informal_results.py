"""The informal stage keeps its estimates and the previous estimate for notebook 01
(`ucj.stages.informal_results`): used only while the stage is current and for its own model choice
("auto"), and then they are what notebook 01 would compute itself."""

from __future__ import annotations

import pandas as pd
import pytest

from ucj import catalog, stages
from ucj.informal import comparison, pipeline


@pytest.fixture()
def counted_estimates(monkeypatch: pytest.MonkeyPatch) -> list:
    """Each call of `pipeline.estimate` (estimates computed rather than taken from the stage)."""
    calls: list = []
    compute = pipeline.estimate

    def counting(*args, **kwargs):
        calls.append(kwargs)
        return compute(*args, **kwargs)

    monkeypatch.setattr(pipeline, "estimate", counting)
    return calls


def test_the_kept_estimates_are_used_and_equal_computed_ones(counted_estimates: list) -> None:
    assert stages.stage("informal").stale_reason() is None
    kept, previous = stages.informal_results()
    assert counted_estimates == [] and previous is not None  # taken from the stage, not computed
    regencies = catalog.read(catalog.REGENCIES)
    cv_table, cv_predictions = pipeline.read_cross_validation()
    fresh = pipeline.estimate(regencies, cv_table=cv_table, cv_predictions=cv_predictions)
    pd.testing.assert_frame_equal(kept.table, fresh.table)
    pd.testing.assert_frame_equal(kept.cv_table, fresh.cv_table)
    year = int(fresh.table["year"].max())
    got = comparison.before_after(kept, regencies, year=year, previous=previous)
    want = comparison.before_after(fresh, regencies, year=year)  # the previous estimate rebuilt
    for name in ("cv", "regencies", "provinces", "national"):
        pd.testing.assert_frame_equal(getattr(got, name), getattr(want, name))


def _recorded(monkeypatch: pytest.MonkeyPatch) -> list:
    """`pipeline.estimate` replaced by a recorder of its keywords (what would be computed, and how)."""
    calls: list = []
    monkeypatch.setattr(pipeline, "estimate", lambda regencies, **kwargs: calls.append(kwargs) or "computed")
    return calls


def test_another_method_is_computed(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _recorded(monkeypatch)
    chosen = pd.read_parquet(catalog.path(catalog.INFORMAL_MODEL_CV))
    other = chosen.loc[~chosen["is_chosen"], "candidate"].iloc[0]
    assert stages.informal_results(other) == ("computed", None)
    assert len(calls) == 1 and calls[0]["method"] == other
    assert calls[0]["cv_table"] is not None  # the stage is current: its cross-validation is reused


def test_a_stale_stage_is_computed_with_its_cross_validation_rerun(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _recorded(monkeypatch)
    monkeypatch.setattr(stages.Stage, "fingerprint", lambda self: "changed since the stage ran")
    assert stages.informal_results() == ("computed", None)
    assert len(calls) == 1 and calls[0]["method"] == stages.AUTO_METHOD and calls[0]["cv_table"] is None
