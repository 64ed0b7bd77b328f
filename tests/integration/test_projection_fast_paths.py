"""The projection's fast paths give exactly the numbers of the plain formulas.

`engine.project` runs its loop in place, `montecarlo.summarise` simulates regencies in
blocks on threads and `simulate` shares one eligible-workforce array between scenarios;
none of that may change a single bit of the results.
"""

from __future__ import annotations

import numpy as np
import pytest

from ucj.projection import assumptions, engine, montecarlo, pipeline


def _reference_project(stock0, eligible, worker_years, lapse, take_up, self_rate, start_index=None):
    """The engine as the module docstring writes it (one new array per step)."""
    eligible, organic, lapse, take_up, start = engine.broadcast_inputs(
        stock0, eligible, lapse, take_up, start_index
    )
    n_years, n_reg, n_draws = eligible.shape
    active = organic.copy()
    out = np.full((n_years, n_reg, n_draws), np.nan)
    for t in range(n_years):
        elig = eligible[t]
        new_organic = np.clip(
            organic * (1.0 - lapse) + self_rate * np.maximum(elig - organic, 0.0), 0.0, elig
        )
        funded = np.minimum(worker_years[t][:, None] * take_up, elig - new_organic)
        new_active = new_organic + np.maximum(funded, 0.0)
        running = (t >= start)[:, None]
        organic = np.where(running, new_organic, organic)
        active = np.where(running, new_active, active)
        out[t] = np.where(running, active, np.nan)
    return out


@pytest.mark.parametrize("seed", range(12))
def test_the_in_place_engine_is_bit_identical_to_the_formulas(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_years, n_reg, n_draws = int(rng.integers(1, 9)), int(rng.integers(1, 12)), int(rng.integers(1, 40))
    eligible = rng.uniform(0, 1000, (n_years, n_reg, n_draws))
    eligible[rng.random(eligible.shape) < 0.05] = 0.0
    if seed % 3 == 0:
        eligible = eligible[:, :, 0]  # (Y, R): one eligible path for every draw
    stock = rng.uniform(0, 900, n_reg)
    worker_years = rng.uniform(0, 300, (n_years, n_reg))
    lapse = rng.uniform(0, 0.3, n_draws) if seed % 2 else 0.08
    take_up = rng.uniform(0.5, 1, n_draws) if seed % 4 else 0.9
    start = rng.integers(0, n_years + 1, n_reg) if seed % 5 else None
    args = (stock, eligible, worker_years, lapse, take_up, 0.03, start)
    np.testing.assert_array_equal(engine.project(*args), _reference_project(*args))


def test_first_year_reached_ignores_missing_years_and_counts_infinite_coverage() -> None:
    cov = np.array([[[np.nan, 0.2]], [[0.97, np.inf]], [[0.99, 0.1]]])  # (Y=3, R=1, D=2)
    years = np.array([2024, 2025, 2026])
    got = engine.first_year_reached(cov, years, 0.95)
    # draw 0 stays above from 2025; draw 1 touches (inf) in 2025 but falls back: never sustained
    np.testing.assert_array_equal(got, [[2025.0, np.inf]])


@pytest.fixture(scope="module")
def ctx(tmp_path_factory, processed_dir):
    mp = pytest.MonkeyPatch()
    mp.setenv("UCJ_INPUTS_DIR", str(tmp_path_factory.mktemp("inputs")))
    yield pipeline.load_context(assumptions.read_settings(n_draws=60))
    mp.undo()


@pytest.mark.parametrize(("block_size", "threads"), [(1, 1), (7, 2), (100, 2), (1000, 1)])
def test_blocks_and_threads_give_exactly_the_bands_of_one_simulation(
    ctx, block_size: int, threads: int
) -> None:
    inputs = ctx.inputs.subset(list(ctx.inputs.codes[::37]))
    scen = ctx.scenarios[-1]
    funding = pipeline.scenarios.evaluate_scenario(
        scen,
        list(inputs.codes),
        inputs.desa_count,
        list(inputs.years),
        ctx.assumptions.premiums_idr_per_month,
    )
    sim = montecarlo.simulate(inputs, funding, ctx.assumptions, ctx.draws, 0.95)
    got = montecarlo.summarise(
        inputs, funding, ctx.assumptions, ctx.draws, 0.95, block_size=block_size, threads=threads
    )
    want_active, want_coverage = montecarlo.bands(sim.active), montecarlo.bands(sim.coverage)
    for q in montecarlo.Q_NAMES:
        np.testing.assert_array_equal(got.active[q], want_active[q])
        np.testing.assert_array_equal(got.coverage[q], want_coverage[q])
    for key, value in montecarlo.uc_year_summary(sim.uc_year).items():
        np.testing.assert_array_equal(got.uc[key], value)
    with np.errstate(invalid="ignore", divide="ignore"):
        eligible = montecarlo.eligible_draws(inputs, ctx.draws)
        np.testing.assert_array_equal(sim.coverage, np.where(eligible > 0, sim.active / eligible, np.nan))


def test_bands_equal_numpy_quantiles() -> None:
    rng = np.random.default_rng(3)
    values = rng.gamma(2.0, size=(4, 5, 101))
    values[1, 2] = np.nan
    got = montecarlo.bands(values)
    want = np.quantile(values, montecarlo.QUANTILES, axis=-1)
    for i, q in enumerate(montecarlo.Q_NAMES):
        np.testing.assert_allclose(got[q], want[i], rtol=1e-13, equal_nan=True)
