"""Seeded Monte Carlo over the informal workforce, lapse and take-up.

Draws (one set per run, shared by every scenario so that scenario differences are
not noise — "common random numbers"):

- **informal workforce**: a standard normal z per regency and draw, mapped onto the
  regency's 90% interval (``informal_count_p05``–``p95``) as a split normal around
  ``informal_count`` and applied as a level factor to every year (an estimate that
  is high in the base year is high throughout); capped at the employed count.
  Regencies are drawn independently. Used for the ``informal`` denominator only:
  the employed count and the user's potential have no interval.
- **baseline**: a second standard normal z per regency and draw scales the starting
  stock by ``exp(baseline_log_sd × z)`` (median kept): wide where the baseline is only
  modelled (sd from the allocation model's cross-validation residuals), narrow for a
  published figure, narrowest for the user's own (stated assumptions,
  ``data/raw/assumptions/baseline_uncertainty.csv``).
- **lapse** and **take-up**: triangular(low, central, high) from
  ``data/raw/assumptions/behaviour.csv``, one value per draw common to all
  regencies (a national behavioural uncertainty, not a local one).

z is drawn for all regencies in code order, so results for one regency are the
same whether it is simulated alone (notebook) or with all 514 (pipeline).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ucj.projection import engine
from ucj.projection.assumptions import Assumptions, Settings
from ucj.projection.dynamics import Dynamics
from ucj.projection.scenarios import LeverFunding
from ucj.projection.workforce import Z90

QUANTILES = (0.05, 0.25, 0.50, 0.75, 0.95)
Q_NAMES = ("p05", "p25", "p50", "p75", "p95")


@dataclass(frozen=True)
class ProjectionInputs:
    """Per-regency arrays the engine needs, aligned on ``codes`` (sorted)."""

    codes: tuple[str, ...]
    desa_count: np.ndarray
    stock0: np.ndarray
    start_index: np.ndarray
    baseline_coverage: np.ndarray
    stock_log_sd: np.ndarray  # sd of the log starting stock (baseline uncertainty)
    eligible_central: np.ndarray  # (Y, R)
    apbd_spending_idr: np.ndarray  # the regency's APBD spending (NaN where not published)
    dbh_sawit_idr: np.ndarray  # its DBH-sawit allocation (NaN where none is known)
    informal_spread_low: np.ndarray  # relative 1-sd below the central value
    informal_spread_high: np.ndarray  # relative 1-sd above
    max_factor: np.ndarray  # cap of the draw factor (employed ÷ informal)
    years: tuple[int, ...]
    denominator: str
    draw_rows: np.ndarray  # row of each regency in the run's draw table
    programme0: np.ndarray | None = None  # workers existing programmes fund (part of stock0), renewed yearly
    capacity_median: float = np.inf  # share of the eligible workforce a lever can add a year (median)
    capacity_log_sd: float = 0.0
    drift_log_sd: float = 0.0  # spread of the status-quo path per sqrt(year), from the hindcast
    apbd_growth: float = 0.0  # annual growth of APBD spending (levers sized as a share of it)
    regency_quota: np.ndarray | None = None  # the regency's own published quota per village (NaN: none)
    village_programme: np.ndarray | None = None  # workers its villages already fund (latest figure)
    apbd_year: int | None = None  # year of apbd_spending_idr (the table's latest); None: read it

    def subset(self, codes: list[str] | tuple[str, ...]) -> ProjectionInputs:
        """The same inputs for a subset of regencies (draws stay those of each regency)."""
        pos = {c: i for i, c in enumerate(self.codes)}
        missing = [c for c in codes if c not in pos]
        if missing:
            raise KeyError(f"regency code(s) not in the projection inputs: {missing}")
        idx = np.array([pos[c] for c in codes], dtype=int)
        return replace(
            self,
            codes=tuple(codes),
            desa_count=self.desa_count[idx],
            stock0=self.stock0[idx],
            start_index=self.start_index[idx],
            baseline_coverage=self.baseline_coverage[idx],
            stock_log_sd=self.stock_log_sd[idx],
            apbd_spending_idr=self.apbd_spending_idr[idx],
            dbh_sawit_idr=self.dbh_sawit_idr[idx],
            eligible_central=self.eligible_central[:, idx],
            informal_spread_low=self.informal_spread_low[idx],
            informal_spread_high=self.informal_spread_high[idx],
            max_factor=self.max_factor[idx],
            draw_rows=self.draw_rows[idx],
            programme0=None if self.programme0 is None else self.programme0[idx],
            regency_quota=None if self.regency_quota is None else self.regency_quota[idx],
            village_programme=None if self.village_programme is None else self.village_programme[idx],
        )


@dataclass(frozen=True)
class Draws:
    """Random draws of one run: z, z_baseline, z_capacity and z_drift (all regencies × draws), lapse and
    take-up (draws)."""

    z: np.ndarray
    lapse: np.ndarray
    take_up: np.ndarray
    z_baseline: np.ndarray
    z_capacity: np.ndarray | None = None
    z_drift: np.ndarray | None = None


def _triangular(rng: np.random.Generator, low: float, mode: float, high: float, n: int) -> np.ndarray:
    if high - low <= 0:
        return np.full(n, mode)
    return rng.triangular(low, mode, high, size=n)


def make_draws(n_regencies: int, assumptions: Assumptions, n_draws: int, seed: int) -> Draws:
    """All random numbers of a run from one seed (same seed ⇒ same draws)."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n_regencies, n_draws))
    lapse = _triangular(
        rng, assumptions.lapse_rate.low, assumptions.lapse_rate.central, assumptions.lapse_rate.high, n_draws
    )
    take_up = _triangular(
        rng, assumptions.take_up.low, assumptions.take_up.central, assumptions.take_up.high, n_draws
    )
    z_baseline = rng.standard_normal((n_regencies, n_draws))
    z_capacity = rng.standard_normal((n_regencies, n_draws))
    z_drift = rng.standard_normal((n_regencies, n_draws))
    return Draws(
        z=z, lapse=lapse, take_up=take_up, z_baseline=z_baseline, z_capacity=z_capacity, z_drift=z_drift
    )


def build_inputs(
    master: pd.DataFrame,
    workforce: pd.DataFrame,
    baseline: pd.DataFrame,
    settings: Settings,
    assumptions: Assumptions,
    fiscal: pd.DataFrame | None = None,
    dynamics: Dynamics | None = None,
) -> ProjectionInputs:
    """Arrange baseline, denominators and villages as arrays for the chosen denominator.

    Numerator: BPU active for the ``informal`` denominator (levers fund informal
    workers through BPU), all active participants for ``employed`` and ``potential``.
    The eligible workforce follows the workforce table year by year and, after its last year,
    the regency's own path (`ucj.projection.dynamics.workforce_paths`, when ``dynamics`` is
    given; else the national labour-force growth assumption). ``dynamics`` also brings the
    programme stock, the enrolment capacity, the status-quo drift and the APBD growth.

    Parameters
    ----------
    master : pandas.DataFrame
        The master table: its ``regency_code`` values, sorted, are the regencies (R) of the
        arrays; ``desa_count`` gives the villages.
    workforce : pandas.DataFrame
        The informal workforce table (regency × August year: ``year``, ``informal_count``,
        ``employed_count``). Without ``dynamics`` it is the eligible workforce of each year up to
        its last (a missing year takes the latest year before it), grown after that at the
        central labour-force growth.
    baseline : pandas.DataFrame
        The coverage baseline, regency × segment, as the run uses it (carried and capped:
        `ucj.projection.carry`). The row of segment BPU (``informal`` denominator) or "all" gives
        ``active_count`` (the starting stock), ``baseline_log_sd`` (0 when absent), ``as_of``
        (a regency's projection starts the year after it), the denominator at the baseline date
        (``informal_count``, ``employed_count`` or ``potential_count``) and, for ``informal``,
        the interval ``informal_count_p05``/``_p95`` and the cap ``employed_count``.
    settings : Settings
        ``years`` (the projected years, Y) and ``denominator`` (``"informal"``,
        ``"employed"`` or ``"potential"``).
    assumptions : Assumptions
        The central labour-force growth (share per year): the eligible workforce after the
        workforce table's last year when there are no ``dynamics``, and the growth of the
        ``potential`` denominator after the year of its baseline row.
    fiscal : pandas.DataFrame or None, optional
        Regency money (`ucj.fiscal.read_fiscal`: ``regency_code``, ``apbd_spending_idr``,
        ``dbh_sawit_idr``, Rp); None (default): read for ``master``.
    dynamics : Dynamics or None, optional
        The dynamics estimated from the data (`ucj.projection.pipeline.load_dynamics`): the
        workforce paths (eligible workforce of the ``informal`` and ``employed`` denominators),
        the programme stock (at most the starting stock), the regency quotas and village
        programmes, the enrolment capacity, the status-quo drift and the APBD growth. None
        (default): no programme stock, quota or village programme (None), unlimited capacity, no
        drift and no APBD growth.

    Returns
    -------
    ProjectionInputs
        Per-regency arrays (R,) on the sorted regency codes, ``eligible_central`` (Y, R) (NaN
        where a regency has no denominator), the years and the denominator; ``draw_rows`` is
        0..R-1 (row of each regency in the run's draws).
    """
    years = settings.years
    codes = master["regency_code"].sort_values().tolist()
    segment = "BPU" if settings.denominator == "informal" else "all"
    base = baseline[baseline["segment"] == segment].set_index("regency_code").reindex(codes)
    stock0 = base["active_count"].to_numpy(dtype=float)
    stock_log_sd = (
        base["baseline_log_sd"].to_numpy(dtype=float) if "baseline_log_sd" in base else np.zeros(len(codes))
    )
    first_year = base["as_of"].dt.year.to_numpy() + 1
    start_index = np.clip(first_year - years[0], 0, len(years)).astype(int)
    growth = assumptions.labour_force_growth.central
    last_year = int(workforce["year"].max())
    value_col = {"informal": "informal_count", "employed": "employed_count"}.get(settings.denominator)
    elig = np.full((len(years), len(codes)), np.nan)
    if value_col is not None and dynamics is not None:
        elig = dynamics.paths[settings.denominator]
        denominator_now = base["informal_count" if value_col == "informal_count" else "employed_count"]
    elif value_col is not None:
        table = workforce.pivot(index="year", columns="regency_code", values=value_col)[codes]
        for t, year in enumerate(years):
            if year <= last_year:
                row = (
                    table.loc[year]
                    if year in table.index
                    else table.loc[table.index[table.index <= year].max()]
                )
                elig[t] = row.to_numpy(dtype=float)
            else:
                elig[t] = table.loc[last_year].to_numpy(dtype=float) * (1 + growth) ** (year - last_year)
        denominator_now = base["informal_count" if value_col == "informal_count" else "employed_count"]
    else:
        potential = base["potential_count"].to_numpy(dtype=float)
        pot_year = base["as_of"].dt.year.to_numpy()
        for t, year in enumerate(years):
            elig[t] = potential * (1 + growth) ** np.maximum(year - pot_year, 0)
        denominator_now = base["potential_count"]
    lo = np.zeros(len(codes))
    hi = np.zeros(len(codes))
    cap = np.full(len(codes), np.inf)
    if settings.denominator == "informal":
        p50 = base["informal_count"].to_numpy(dtype=float)
        safe = np.where(p50 > 0, p50, 1)
        lo = np.clip((p50 - base["informal_count_p05"].to_numpy(dtype=float)) / (Z90 * safe), 0, None)
        hi = np.clip((base["informal_count_p95"].to_numpy(dtype=float) - p50) / (Z90 * safe), 0, None)
        cap = base["employed_count"].to_numpy(dtype=float) / safe
    desa = master.set_index("regency_code").loc[codes, "desa_count"].to_numpy(dtype=float)
    from ucj.fiscal import latest_budget_year, read_fiscal

    if fiscal is None:
        fiscal = read_fiscal(master)
    money = fiscal.set_index("regency_code").reindex(codes)
    extra = {}
    if dynamics is not None:
        segs = ("BPU",) if segment == "BPU" else ("BPU", "PU")
        prog = dynamics.programmes[segs].set_index("regency_code").reindex(codes)["programme_count"]
        quota = dynamics.quotas.set_index("regency_code").reindex(codes)
        village = dynamics.village_programmes.set_index("regency_code").reindex(codes)["programme_count"]
        extra = dict(
            programme0=np.minimum(prog.fillna(0.0).to_numpy(float), np.nan_to_num(stock0)),
            regency_quota=np.where(quota["quota_status"] == "default", np.nan, quota["quota"]).astype(float),
            village_programme=village.fillna(0.0).to_numpy(float),
            capacity_median=dynamics.capacity.median,
            capacity_log_sd=dynamics.capacity.log_sd,
            # the drift of all-segment counts (they include the programmes then in force); programme
            # figures' own changes are scale-ups and cuts, i.e. new policy: reported in the hindcast,
            # not spread over the status quo (see ucj.projection.hindcast)
            drift_log_sd=dynamics.drift.get("active", 0.0),
            apbd_growth=dynamics.apbd_growth,
        )
    return ProjectionInputs(
        **extra,
        codes=tuple(codes),
        desa_count=desa,
        stock0=stock0,
        start_index=start_index,
        stock_log_sd=stock_log_sd,
        apbd_spending_idr=money["apbd_spending_idr"].astype("float64").to_numpy(),
        dbh_sawit_idr=money["dbh_sawit_idr"].astype("float64").to_numpy(),
        baseline_coverage=np.minimum(stock0 / denominator_now.to_numpy(dtype=float), 1.0),
        eligible_central=elig,
        informal_spread_low=lo,
        informal_spread_high=hi,
        max_factor=cap,
        years=tuple(years),
        denominator=settings.denominator,
        draw_rows=np.arange(len(codes)),
        apbd_year=latest_budget_year(),
    )


def eligible_draws(inputs: ProjectionInputs, draws: Draws) -> np.ndarray:
    """(Y, R, D) eligible workforce per draw (level factor from the informal interval)."""
    z = draws.z[inputs.draw_rows]
    spread = np.where(z < 0, inputs.informal_spread_low[:, None], inputs.informal_spread_high[:, None])
    factor = np.clip(1.0 + z * spread, 0.05, inputs.max_factor[:, None])
    return inputs.eligible_central[:, :, None] * factor[None, :, :]


@dataclass(frozen=True)
class EligibleDraws:
    """The eligible workforce per draw of a run, shared by every scenario (computed once).

    values: (Y, R, D) as `eligible_draws` (NaN where there is no denominator); filled:
    the same with NaN as 0 (``np.nan_to_num``, the engine's input); median: (Y, R) as
    `eligible_median`.
    """

    values: np.ndarray
    filled: np.ndarray
    median: np.ndarray


def _nan_to_num(values: np.ndarray, nan: float) -> np.ndarray:
    """``np.nan_to_num(values, nan=nan)`` (±inf to ± the largest float) in two passes."""
    out = np.where(np.isnan(values), nan, values)
    big = np.finfo(out.dtype).max
    return np.clip(out, -big, big, out=out)


def prepare_eligible(inputs: ProjectionInputs, draws: Draws) -> EligibleDraws:
    """Eligible workforce per draw, NaN-filled copy and median (for `simulate` of each scenario)."""
    values = eligible_draws(inputs, draws)
    return EligibleDraws(
        values=values, filled=_nan_to_num(values, 0.0), median=eligible_median(inputs, draws)
    )


@dataclass(frozen=True)
class SimResult:
    """Arrays of one scenario: active and coverage (Y, R, D), UC year per draw (R, D)."""

    active: np.ndarray
    coverage: np.ndarray
    uc_year: np.ndarray


def _worker_years(inputs: ProjectionInputs, funding: list[LeverFunding]) -> np.ndarray:
    worker_years = sum((f.worker_years for f in funding), np.zeros_like(inputs.eligible_central))
    return np.nan_to_num(worker_years)


def _simulate_block(
    inputs: ProjectionInputs,
    worker_years: np.ndarray,
    assumptions: Assumptions,
    draws: Draws,
    threshold: float,
    eligible: EligibleDraws,
    block: slice,
) -> SimResult:
    """`simulate` for the regencies ``block`` (a slice of ``inputs.codes``)."""
    self_rate = assumptions.self_enrolment_rate[inputs.denominator]
    values = eligible.values[:, block]
    rows = inputs.draw_rows[block]
    stock = inputs.stock0[block][:, None] * np.exp(
        inputs.stock_log_sd[block][:, None] * draws.z_baseline[rows]
    )
    capacity = drift = programme = None
    if inputs.programme0 is not None:
        programme = inputs.programme0[block][:, None] * np.exp(
            inputs.stock_log_sd[block][:, None] * draws.z_baseline[rows]
        )
    if np.isfinite(inputs.capacity_median) and draws.z_capacity is not None:
        capacity = inputs.capacity_median * np.exp(inputs.capacity_log_sd * draws.z_capacity[rows])
    steps = np.sqrt(np.arange(1, len(inputs.years) + 1, dtype=float))[:, None, None]
    if inputs.drift_log_sd > 0 and draws.z_drift is not None:
        drift = np.exp(inputs.drift_log_sd * steps * draws.z_drift[rows][None, :, :])
    active = engine.project(
        stock,
        eligible.filled[:, block],
        worker_years[:, block],
        draws.lapse,
        draws.take_up,
        self_rate,
        inputs.start_index[block],
        programme0=programme,
        capacity=capacity,
        drift=drift,
    )
    coverage = np.full_like(active, np.nan)
    np.divide(active, values, out=coverage, where=values > 0)
    uc = engine.first_year_reached(coverage, np.asarray(inputs.years), threshold)
    return SimResult(active=active, coverage=coverage, uc_year=uc)


def simulate_worker_years(
    inputs: ProjectionInputs,
    worker_years: np.ndarray,
    assumptions: Assumptions,
    draws: Draws,
    eligible: EligibleDraws | None = None,
) -> np.ndarray:
    """(Y, R, D) coverage per draw for given lever-funded worker-years (Y, R): the engine exactly as
    `simulate` runs it (for goal-seeking an effort, `ucj.projection.effort`)."""
    eligible = eligible or prepare_eligible(inputs, draws)
    return _simulate_block(
        inputs, np.nan_to_num(worker_years), assumptions, draws, 1.0, eligible, slice(None)
    ).coverage


def first_draws(draws: Draws, n: int) -> Draws:
    """The first ``n`` draws of a run (the same numbers, fewer of them)."""
    return Draws(
        z=draws.z[:, :n],
        lapse=draws.lapse[:n],
        take_up=draws.take_up[:n],
        z_baseline=draws.z_baseline[:, :n],
        z_capacity=None if draws.z_capacity is None else draws.z_capacity[:, :n],
        z_drift=None if draws.z_drift is None else draws.z_drift[:, :n],
    )


def simulate(
    inputs: ProjectionInputs,
    funding: list[LeverFunding],
    assumptions: Assumptions,
    draws: Draws,
    threshold: float,
    eligible: EligibleDraws | None = None,
) -> SimResult:
    """Run the engine for every regency and draw of one scenario.

    ``eligible``: `prepare_eligible` of the same inputs and draws, to share it between
    scenarios (computed here when not given).
    """
    eligible = eligible or prepare_eligible(inputs, draws)
    return _simulate_block(
        inputs, _worker_years(inputs, funding), assumptions, draws, threshold, eligible, slice(None)
    )


@dataclass(frozen=True)
class Summary:
    """What the output tables keep of one scenario's simulation: `bands` of active and
    coverage ((Y, R) each) and `uc_year_summary` ((R,) each)."""

    active: dict[str, np.ndarray]
    coverage: dict[str, np.ndarray]
    uc: dict[str, np.ndarray]


#: Regencies simulated together by `summarise`: small enough for the (R, D) arrays of
#: the engine's loop to stay in the processor's cache, large enough to amortise numpy's
#: per-call overhead.
BLOCK_REGENCIES = 32

#: Threads of `summarise` (numpy releases the GIL in its array loops and sorts; blocks are
#: independent and put back in order, so the result does not depend on it).
THREADS = max(1, min(2, os.cpu_count() or 1))


def summarise(
    inputs: ProjectionInputs,
    funding: list[LeverFunding],
    assumptions: Assumptions,
    draws: Draws,
    threshold: float,
    eligible: EligibleDraws | None = None,
    block_size: int = BLOCK_REGENCIES,
    threads: int | None = None,
) -> Summary:
    """`simulate` one scenario and summarise it, ``block_size`` regencies at a time.

    The same numbers as ``bands(simulate(...).active)`` etc.: every regency and draw is
    simulated independently (elementwise operations; quantiles per cell), so cutting the
    regencies into blocks, run on ``threads`` threads, changes nothing but speed.

    Parameters
    ----------
    inputs : ProjectionInputs
        The engine's per-regency arrays (R regencies, Y years; `build_inputs`, or a subset).
    funding : list of LeverFunding
        The scenario's levers (`ucj.projection.scenarios.evaluate_scenario`); their
        ``worker_years`` (Y, R), summed with NaN as 0, are the new worker-years funded per year.
    assumptions : Assumptions
        The status-quo self-enrolment rate of ``inputs.denominator``.
    draws : Draws
        The run's random numbers (D draws; a regency's rows are ``inputs.draw_rows``), shared by
        every scenario.
    threshold : float
        The universal-coverage threshold, a share of the eligible workforce (0-1).
    eligible : EligibleDraws or None, optional
        `prepare_eligible` of the same inputs and draws, to share it between scenarios; None
        (default): computed here.
    block_size : int, default `BLOCK_REGENCIES`
        Regencies simulated together.
    threads : int or None, optional
        Threads the blocks run on (at most one per block; 1: in this thread); None (default):
        `THREADS`.

    Returns
    -------
    Summary
        ``active`` and ``coverage``: p05, p25, p50, p75 and p95 over draws, each (Y, R) (NaN
        before a regency's first projected year or where it has no denominator); ``uc``:
        ``uc_year_p05``, ``uc_year_p50``, ``uc_year_p95`` (R,) (NaN: not reached by the horizon)
        and ``share_of_draws_reached`` (R,).
    """
    eligible = eligible or prepare_eligible(inputs, draws)
    worker_years = _worker_years(inputs, funding)
    n_reg = len(inputs.codes)

    def one(first: int) -> tuple[dict, dict, dict]:
        sim = _simulate_block(
            inputs,
            worker_years,
            assumptions,
            draws,
            threshold,
            eligible,
            slice(first, min(first + block_size, n_reg)),
        )
        return bands(sim.active), bands(sim.coverage), uc_year_summary(sim.uc_year)

    starts = list(range(0, n_reg, block_size)) or [0]
    threads = min(THREADS if threads is None else threads, len(starts))
    if threads > 1:
        with ThreadPoolExecutor(threads) as pool:
            parts = list(pool.map(one, starts))
    else:
        parts = [one(first) for first in starts]
    return Summary(
        active={q: np.concatenate([p[0][q] for p in parts], axis=1) for q in Q_NAMES},
        coverage={q: np.concatenate([p[1][q] for p in parts], axis=1) for q in Q_NAMES},
        uc={k: np.concatenate([p[2][k] for p in parts]) for k in parts[0][2]},
    )


def bands(values: np.ndarray) -> dict[str, np.ndarray]:
    """p05/p25/p50/p75/p95 over draws (last axis) of a (Y, R, D) array.

    A (year, regency) cell is either NaN in every draw (before the regency's start,
    or no denominator) or in none, so NaN cells are filled, summarised and restored.
    """
    nan_cell = np.isnan(values[..., 0])
    ordered = np.where(np.isnan(values), 0.0, values)
    ordered.sort(axis=-1)
    n = ordered.shape[-1]
    out = {}
    for name, prob in zip(Q_NAMES, QUANTILES, strict=True):
        pos = prob * (n - 1)  # numpy's default 'linear' quantile, computed on one sort
        lo = int(np.floor(pos))
        hi = min(lo + 1, n - 1)
        q = ordered[..., lo] * (1 - (pos - lo)) + ordered[..., hi] * (pos - lo)
        out[name] = np.where(nan_cell, np.nan, q)
    return out


def eligible_median(inputs: ProjectionInputs, draws: Draws) -> np.ndarray:
    """(Y, R) median eligible workforce over draws (the draw factor is constant over years)."""
    z = draws.z[inputs.draw_rows]
    spread = np.where(z < 0, inputs.informal_spread_low[:, None], inputs.informal_spread_high[:, None])
    factor = np.clip(1.0 + z * spread, 0.05, inputs.max_factor[:, None])
    return inputs.eligible_central * np.median(factor, axis=-1)[None, :]


def uc_year_summary(uc_year: np.ndarray) -> dict[str, np.ndarray]:
    """Median and 90% interval of the UC year over draws (NaN = not by the horizon),
    and the share of draws that reach it. Quantiles are draws (no interpolation)."""
    q = np.quantile(uc_year, (0.05, 0.5, 0.95), axis=-1, method="inverted_cdf")
    q = np.where(np.isinf(q), np.nan, q)
    return {
        "uc_year_p05": q[0],
        "uc_year_p50": q[1],
        "uc_year_p95": q[2],
        "share_of_draws_reached": np.isfinite(uc_year).mean(axis=-1),
    }


def override_draws(draws: Draws, lapse: float | None = None, take_up: float | None = None) -> Draws:
    """The same draws with lapse and/or take-up fixed at one value (for sensitivity runs)."""
    n = len(draws.lapse)
    return replace(
        draws,
        lapse=draws.lapse if lapse is None else np.full(n, float(lapse)),
        take_up=draws.take_up if take_up is None else np.full(n, float(take_up)),
    )
