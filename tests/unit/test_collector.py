"""`ucj.collector`: the relaxed pace holds only inside its block, and a paused warm-up ends with the
collector on again and what it created frozen, also when the block fails."""

from __future__ import annotations

import gc

import pytest

from ucj import collector

pytestmark = pytest.mark.unit


def test_the_relaxed_pace_holds_inside_and_the_process_pace_returns_after_an_error() -> None:
    before = gc.get_threshold()
    with collector.relaxed():
        assert gc.get_threshold() == collector.THRESHOLDS
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), collector.relaxed():
        raise RuntimeError("a stage failed")
    assert gc.get_threshold() == before


def test_a_paused_warm_up_freezes_what_it_made_and_turns_the_collector_back_on() -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    try:
        with pytest.raises(RuntimeError), collector.paused():
            assert not gc.isenabled()
            kept = [[i] for i in range(1000)]  # containers alive at the end of the warm-up
            raise RuntimeError("a warm-up failed")
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(kept)
    finally:
        gc.unfreeze()  # the test process keeps collecting everything


def test_a_pause_inside_a_process_without_collection_leaves_it_off() -> None:
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
