"""Properties of the stock-flow engine (ucj.projection.engine), checked with hypothesis."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ucj.projection import engine

pytestmark = pytest.mark.unit  # needs no processed data

YEARS = np.arange(2024, 2046)
N_YEARS = len(YEARS)

counts = st.floats(min_value=0, max_value=2e5, allow_nan=False)
shares = st.floats(min_value=0, max_value=1, allow_nan=False)
lapses = st.floats(min_value=0, max_value=0.5, allow_nan=False)
self_rates = st.floats(min_value=0, max_value=0.2, allow_nan=False)
FAST = settings(max_examples=60, deadline=None)


def _eligible(e0: float, growth: float) -> np.ndarray:
    return (e0 * (1 + growth) ** np.arange(N_YEARS))[:, None]


def _funding(workers: float, start: int = 2) -> np.ndarray:
    w = np.zeros((N_YEARS, 1))
    w[start:] = workers
    return w


@FAST
@given(
    stock=counts,
    e0=st.floats(1, 2e5),
    growth=st.floats(-0.03, 0.05),
    workers=counts,
    lapse=lapses,
    take_up=shares,
    self_rate=self_rates,
)
def test_active_is_never_negative_and_never_above_the_eligible_workforce(
    stock, e0, growth, workers, lapse, take_up, self_rate
) -> None:
    elig = _eligible(e0, growth)
    active = engine.project(np.array([stock]), elig, _funding(workers), lapse, take_up, self_rate)[:, 0, 0]
    assert (active >= 0).all()
    assert (active <= elig[:, 0] * (1 + 1e-12)).all()


@FAST
@given(
    stock=counts,
    e0=st.floats(1e3, 2e5),
    w1=counts,
    extra=counts,
    lapse=lapses,
    take_up=shares,
    self_rate=self_rates,
    threshold=st.floats(0.05, 1.0),
)
def test_more_budget_never_lowers_coverage_nor_delays_universal_coverage(
    stock, e0, w1, extra, lapse, take_up, self_rate, threshold
) -> None:
    elig = _eligible(e0, 0.01)
    low = engine.project(np.array([stock]), elig, _funding(w1), lapse, take_up, self_rate)
    high = engine.project(np.array([stock]), elig, _funding(w1 + extra), lapse, take_up, self_rate)
    assert (high >= low - 1e-6).all()
    y_low = engine.first_year_reached(low / elig[:, :, None], YEARS, threshold)
    y_high = engine.first_year_reached(high / elig[:, :, None], YEARS, threshold)
    assert (y_high <= y_low).all()


@FAST
@given(
    stock=counts,
    e0=st.floats(1e3, 2e5),
    workers=counts,
    l1=lapses,
    dl=st.floats(0, 0.3),
    take_up=shares,
    self_rate=st.floats(0, 0.2),
    threshold=st.floats(0.05, 1.0),
)
def test_lower_lapse_never_lowers_coverage_nor_delays_universal_coverage(
    stock, e0, workers, l1, dl, take_up, self_rate, threshold
) -> None:
    elig = _eligible(e0, 0.01)
    low_lapse = engine.project(np.array([stock]), elig, _funding(workers), l1, take_up, self_rate)
    high_lapse = engine.project(np.array([stock]), elig, _funding(workers), l1 + dl, take_up, self_rate)
    assert (low_lapse >= high_lapse - 1e-6).all()
    y_low = engine.first_year_reached(low_lapse / elig[:, :, None], YEARS, threshold)
    y_high = engine.first_year_reached(high_lapse / elig[:, :, None], YEARS, threshold)
    assert (y_low <= y_high).all()


@FAST
@given(stock=st.floats(1, 1e5), e0=st.floats(1e5, 2e5), lapse=st.floats(0.01, 0.5), growth=st.floats(0, 0.05))
def test_with_no_lever_and_positive_lapse_coverage_falls(stock, e0, lapse, growth) -> None:
    elig = _eligible(e0, growth)
    active = engine.project(np.array([stock]), elig, np.zeros((N_YEARS, 1)), lapse, 1.0, 0.0)[:, 0, 0]
    coverage = np.concatenate([[stock / e0], active / elig[:, 0]])
    assert (np.diff(coverage) < 0).all()


@FAST
@given(
    stock=st.floats(0, 5e4), e0=st.floats(6e4, 2e5), start=st.integers(0, 10), threshold=st.floats(0.5, 1.0)
)
def test_a_lever_funding_the_whole_gap_with_no_lapse_reaches_the_threshold_in_its_first_year(
    stock, e0, start, threshold
) -> None:
    elig = _eligible(e0, 0.01)
    funding = np.where(np.arange(N_YEARS)[:, None] >= start, elig - stock, 0.0)  # the gap of every year
    active = engine.project(np.array([stock]), elig, funding, 0.0, 1.0, 0.0)
    year = engine.first_year_reached(active / elig[:, :, None], YEARS, threshold)[0, 0]
    if stock / elig[-1, 0] >= threshold:
        assert year == YEARS[0]
    else:
        assert year <= YEARS[start]


def test_the_universal_coverage_year_is_the_first_year_coverage_stays_above_the_threshold() -> None:
    coverage = np.array([0.5, 0.96, 0.90, 0.97, 0.98, 0.99])[:, None, None]
    years = np.arange(2024, 2030)
    assert engine.first_year_reached(coverage, years, 0.95)[0, 0] == 2027
    falling = np.array([0.5, 0.96, 0.97, 0.98, 0.99, 0.90])[:, None, None]
    assert np.isinf(engine.first_year_reached(falling, years, 0.95)[0, 0])


@FAST
@given(stock=st.floats(1e3, 5e4), programme=shares, e0=st.floats(6e4, 2e5), lapse=st.floats(0.01, 0.5))
def test_status_quo_keeps_a_funded_programme_and_lapses_only_voluntary_members(
    stock, programme, e0, lapse
) -> None:
    elig = _eligible(e0, 0.0)
    funded = programme * stock
    active = engine.project(
        np.array([stock]), elig, np.zeros((N_YEARS, 1)), lapse, 1.0, 0.0, programme0=np.array([funded])
    )[:, 0, 0]
    expected = funded + (stock - funded) * (1 - lapse) ** np.arange(1, N_YEARS + 1)
    np.testing.assert_allclose(active, expected, rtol=1e-9)
    assert (active >= funded - 1e-6).all()


@FAST
@given(e0=st.floats(6e4, 2e5), capacity=st.floats(0.001, 0.5), more=st.floats(0, 0.5))
def test_enrolment_capacity_limits_the_yearly_increase_and_more_capacity_never_slows_coverage(
    e0, capacity, more
) -> None:
    elig = _eligible(e0, 0.0)
    funding = np.full((N_YEARS, 1), e0)
    slow = engine.project(np.array([0.0]), elig, funding, 0.0, 1.0, 0.0, capacity=np.array([capacity]))[
        :, 0, 0
    ]
    fast = engine.project(
        np.array([0.0]), elig, funding, 0.0, 1.0, 0.0, capacity=np.array([capacity + more])
    )[:, 0, 0]
    assert (np.diff(np.concatenate([[0.0], slow])) <= capacity * e0 * (1 + 1e-9)).all()
    assert (fast >= slow - 1e-6).all()


def test_draws_and_regencies_are_independent_columns() -> None:
    elig = np.array([[100.0, 1000.0]] * N_YEARS)
    out = engine.project(
        np.array([10.0, 500.0]), elig, np.zeros((N_YEARS, 2)), np.array([0.1, 0.2]), np.array([1.0, 1.0]), 0.0
    )
    assert out.shape == (N_YEARS, 2, 2)
    np.testing.assert_allclose(out[0, 0], [9.0, 8.0])
    np.testing.assert_allclose(out[0, 1], [450.0, 400.0])


def test_years_before_a_regency_starts_are_missing() -> None:
    elig = np.full((N_YEARS, 2), 100.0)
    out = engine.project(
        np.array([10.0, 10.0]), elig, np.zeros((N_YEARS, 2)), 0.0, 1.0, 0.0, start_index=np.array([0, 2])
    )
    assert np.isnan(out[:2, 1]).all() and not np.isnan(out[2:, 1]).any()
    assert not np.isnan(out[:, 0]).any()


def test_partial_year_funding_counts_pro_rata() -> None:
    elig = np.full((N_YEARS, 1), 10_000.0)
    four_months = np.full((N_YEARS, 1), 890 * 4 / 12)
    out = engine.project(np.array([0.0]), elig, four_months, 0.0, 1.0, 0.0)
    np.testing.assert_allclose(out[:, 0, 0], 890 * 4 / 12)
