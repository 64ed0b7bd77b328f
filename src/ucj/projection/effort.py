"""What it takes: the smallest constant annual effort per lever that reaches each target by its year.

For every regency, target (`read_targets`) and criterion (the median draw reaches
the target; 90% of draws reach it) this searches, on the projection engine itself
(`montecarlo.simulate_worker_years`: the same stock-flow model, lapse, take-up,
workforce growth and baseline uncertainty as the projections, over the first
``n_draws`` draws of the run), the smallest number of workers funded every year
from ``start_year`` such that coverage in the target year is at least the target.
The search is a bisection, vectorised over all regencies at once; coverage at a
fixed year never falls when more workers are funded, so it is exact.

That number is then expressed in each lever's own unit and rounded up to a whole
step, and checked again on the engine (the step below must not reach):

- ``village``: workers per desa (quota), 12 months, paid by the villages from ADD or
  their own income (not Dana Desa, see `ucj.fiscal`); regencies without desa: n/a;
- ``apbd``: rupiah per year from the regency budget, whole Rp millions; workers =
  floor(budget ÷ annual premium), as the scenarios fund them;
- ``dbh_sawit``: plantation workers funded ``dbh_months`` months a year; only where
  the regency has a DBH-sawit allocation;
- ``mix``: the village programme at ``mix_village_quota`` per desa plus the APBD
  rupiah still needed (APBD only where there are no desa).

`add_shares` sets each effort against the regency's own money: its APBD spending,
its Dana Desa (a size comparison only: Dana Desa may not pay premiums) and the 20%
"kegiatan lainnya" slice of its DBH-sawit allocation; missing figures stay missing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column

from ucj import config, paths
from ucj.errors import InputError
from ucj.loaders import read_csv
from ucj.projection import montecarlo
from ucj.projection.assumptions import Assumptions, Settings, assumptions_path
from ucj.projection.dynamics import Dynamics

FILE = "effort_to_target.parquet"
LEVERS = ("village", "apbd", "dbh_sawit", "mix")
CRITERIA = {"median": 0.5, "p90": 0.9}  # share of draws that must reach the target
INDICATORS = {"all_of_employed": "employed", "bpu_of_informal": "informal"}  # -> projection denominator

TARGETS_SCHEMA = pa.DataFrameSchema(
    {
        "target_id": Column(str, Check.str_matches(r"^[a-z0-9_]+$"), unique=True),
        "indicator": Column(str, Check.isin(list(INDICATORS))),
        "year": Column("int64", Check.in_range(2024, 2100), coerce=True),
        "target_ref": Column(str),
        "label_id": Column(str),
        "label_en": Column(str),
    },
    strict=False,
    name="assumptions/effort_targets.csv",
)


@dataclass(frozen=True)
class Target:
    """A coverage target: indicator, share and year, with its source row in targets.csv."""

    id: str
    indicator: str
    year: int
    share: float
    source: str
    label_id: str
    label_en: str

    @property
    def denominator(self) -> str:
        return INDICATORS[self.indicator]


@dataclass(frozen=True)
class EffortSettings:
    """``config/effort.yml``."""

    start_year: int = 2026
    n_draws: int = 200
    apbd_share_limit: float = 0.02
    dbh_slice: float = 0.20
    dbh_months: int = 4
    mix_village_quota: int = 50
    apbd_step_idr: int = 1_000_000


def read_effort_settings(path: Path | None = None) -> EffortSettings:
    """``config/effort.yml`` (defaults when absent), every value checked with its line."""
    path = path or paths.config_dir() / "effort.yml"
    values, lines = config.read_mapping(path)
    known = EffortSettings.__dataclass_fields__
    for key in values:
        if key not in known:
            raise InputError(
                path, f"unknown setting (allowed: {', '.join(known)})", row=lines.get(key), column=key
            )
    limits = {
        "start_year": (2024, 2100, True),
        "n_draws": (10, 100_000, True),
        "apbd_share_limit": (0.0001, 1, False),
        "dbh_slice": (0, 1, False),
        "dbh_months": (1, 12, True),
        "mix_village_quota": (0, 10_000, True),
        "apbd_step_idr": (1, 1e12, True),
    }
    checked = {k: config.number(path, lines, k, v, *limits[k]) for k, v in values.items()}
    return EffortSettings(**checked)


def read_targets(assumptions: Assumptions) -> list[Target]:
    """The targets of `effort_targets.csv`, their percentage taken from `targets.csv`."""
    path = assumptions_path("effort_targets.csv")
    df = read_csv(path, TARGETS_SCHEMA)
    ref = assumptions.targets.set_index("target_id")
    out = []
    for i, row in df.iterrows():
        if row["target_ref"] not in ref.index:
            raise InputError(
                path,
                f"unknown target_ref (targets.csv has: {', '.join(ref.index)})",
                row=int(i) + 2,
                column="target_ref",
                value=row["target_ref"],
            )
        r = ref.loc[row["target_ref"]]
        out.append(
            Target(
                row["target_id"],
                row["indicator"],
                int(row["year"]),
                float(r["coverage_pct"]) / 100,
                f"{r['document']} ({row['target_ref']})",
                row["label_id"],
                row["label_en"],
            )
        )
    return out


def _worker_years(inputs: montecarlo.ProjectionInputs, workers: np.ndarray, start_year: int) -> np.ndarray:
    """(Y, R) worker-years: ``workers`` (R,) funded 12 months a year from ``start_year``."""
    on = (np.asarray(inputs.years) >= start_year)[:, None]
    return np.where(on, workers[None, :], 0.0)


def reach_share(
    inputs: montecarlo.ProjectionInputs,
    worker_years_per_year: np.ndarray,
    target: Target,
    assumptions: Assumptions,
    draws: montecarlo.Draws,
    eligible: montecarlo.EligibleDraws,
    start_year: int,
) -> np.ndarray:
    """(R,) share of draws whose coverage in the target year is at least the target."""
    t = list(inputs.years).index(target.year)
    coverage = montecarlo.simulate_worker_years(
        inputs, _worker_years(inputs, worker_years_per_year, start_year), assumptions, draws, eligible
    )[t]
    return np.mean(np.nan_to_num(coverage, nan=-1.0) >= target.share - 1e-12, axis=-1)


def minimal_worker_years(
    inputs: montecarlo.ProjectionInputs,
    target: Target,
    criterion: float,
    assumptions: Assumptions,
    draws: montecarlo.Draws,
    start_year: int,
    tolerance: float = 1e-3,
) -> tuple[np.ndarray, montecarlo.EligibleDraws]:
    """(R,) the smallest constant worker-years a year that reach ``target`` in ``criterion`` of the
    draws (0 where already reached without effort; NaN where no funding can: the target year is before
    the regency's first projected year or before ``start_year``, or there is no denominator)."""
    eligible = montecarlo.prepare_eligible(inputs, draws)
    n = len(inputs.codes)
    if target.year not in inputs.years or target.year < start_year:
        return np.full(n, np.nan), eligible
    t = list(inputs.years).index(target.year)
    elig_t = eligible.values[t]
    can = np.isfinite(elig_t).all(axis=-1) & (elig_t > 0).all(axis=-1) & (inputs.start_index <= t)
    hi = np.where(
        can,
        np.nanmax(np.where(np.isfinite(elig_t), elig_t, 0), axis=-1)
        / max(float(draws.take_up.min()), 1e-6)
        * 1.05
        + 1.0,
        0.0,
    )
    ok_hi = reach_share(inputs, hi, target, assumptions, draws, eligible, start_year) >= criterion
    ok_zero = reach_share(inputs, np.zeros(n), target, assumptions, draws, eligible, start_year) >= criterion
    lo = np.zeros(n)
    active = can & ok_hi & ~ok_zero
    while active.any() and np.max((hi - lo)[active]) > tolerance:
        mid = (lo + hi) / 2
        ok = (
            reach_share(inputs, np.where(active, mid, 0.0), target, assumptions, draws, eligible, start_year)
            >= criterion
        )
        hi = np.where(active & ok, mid, hi)
        lo = np.where(active & ~ok, mid, lo)
        active = active & ((hi - lo) > tolerance)
    out = np.where(ok_zero & can, 0.0, np.where(can & ok_hi, hi, np.nan))
    return out, eligible


def worker_years_of(
    lever: str, units: np.ndarray, desa: np.ndarray, premium_year: float, settings: EffortSettings
) -> np.ndarray:
    """Worker-years a year funded by ``units`` of a lever (its own unit), as the scenarios fund them."""
    if lever == "village":
        return units * desa
    if lever == "dbh_sawit":
        return units * settings.dbh_months / 12
    budget_workers = np.floor(units * settings.apbd_step_idr / premium_year)
    if lever == "apbd":
        return budget_workers
    return settings.mix_village_quota * desa + budget_workers  # mix


def units_needed(
    lever: str, w: np.ndarray, desa: np.ndarray, premium_year: float, settings: EffortSettings
) -> np.ndarray:
    """The smallest whole number of lever units funding at least ``w`` worker-years a year."""
    if lever == "village":
        return np.where(desa > 0, np.ceil(w / np.where(desa > 0, desa, 1) - 1e-9), np.nan)
    if lever == "dbh_sawit":
        return np.ceil(w * 12 / settings.dbh_months - 1e-9)
    rest = w if lever == "apbd" else np.maximum(w - settings.mix_village_quota * desa, 0.0)
    workers = np.ceil(rest - 1e-9)
    return np.ceil(workers * premium_year / settings.apbd_step_idr - 1e-9)


def annual_cost(
    lever: str, units: np.ndarray, desa: np.ndarray, premium_month: float, settings: EffortSettings
) -> tuple[np.ndarray, np.ndarray]:
    """(workers funded, annual premiums in Rp) of ``units`` of a lever."""
    if lever == "village":
        workers = units * desa
        return workers, workers * premium_month * 12
    if lever == "dbh_sawit":
        return units, units * premium_month * settings.dbh_months
    budget = units * settings.apbd_step_idr
    budget_workers = np.floor(budget / (premium_month * 12))
    if lever == "apbd":
        return budget_workers, budget
    village = settings.mix_village_quota * desa
    return village + budget_workers, village * premium_month * 12 + budget


def seek(
    inputs_by_denominator: dict[str, montecarlo.ProjectionInputs],
    desa: np.ndarray,
    targets: list[Target],
    assumptions: Assumptions,
    draws: montecarlo.Draws,
    settings: EffortSettings,
) -> pd.DataFrame:
    """The effort table (regency × target × lever × criterion) for the regencies of the inputs."""
    premium_month = float(assumptions.premiums_idr_per_month["jkk_jkm"])
    premium_year = premium_month * 12
    sub = montecarlo.first_draws(draws, settings.n_draws)
    rows = []
    for target in targets:
        inputs = inputs_by_denominator[target.denominator]
        codes = np.asarray(inputs.codes, dtype=object)
        for criterion, share in CRITERIA.items():
            w, eligible = minimal_worker_years(inputs, target, share, assumptions, sub, settings.start_year)
            for lever in LEVERS:
                units = units_needed(lever, np.nan_to_num(w, nan=0.0), desa, premium_year, settings)
                units = np.where(np.isnan(w), np.nan, units)
                # check on the engine: the effort reaches, one step less does not (step down if it still does)
                for _ in range(3):
                    below = np.maximum(np.nan_to_num(units, nan=0.0) - 1, 0)
                    still = (
                        reach_share(
                            inputs,
                            worker_years_of(lever, below, desa, premium_year, settings),
                            target,
                            assumptions,
                            sub,
                            eligible,
                            settings.start_year,
                        )
                        >= share
                    )
                    step_down = still & (np.nan_to_num(units, nan=0.0) > 0)
                    if not step_down.any():
                        break
                    units = np.where(step_down, below, units)
                workers, cost = annual_cost(lever, units, desa, premium_month, settings)
                none_needed = w == 0  # already reached: no lever (not even the mix's village part) is needed
                workers, cost = np.where(none_needed, 0.0, workers), np.where(none_needed, 0.0, cost)
                t_index = list(inputs.years).index(target.year) if target.year in inputs.years else -1
                workforce = inputs.eligible_central[t_index] if t_index >= 0 else np.full(len(codes), np.nan)
                programme = np.zeros(len(codes)) if inputs.programme0 is None else inputs.programme0
                rows.append(
                    pd.DataFrame(
                        {
                            "regency_code": codes,
                            "target": target.id,
                            "indicator": target.indicator,
                            "target_year": target.year,
                            "target_share": target.share,
                            "lever": lever,
                            "criterion": criterion,
                            "worker_years_needed": w,
                            "effort_units": units,
                            "workers_funded": workers,
                            "annual_cost_idr": cost,
                            "already_reached": w == 0,
                            "workforce_target_year": workforce,
                            "current_programme_workers": programme,
                            "current_programme_cost_idr": programme * premium_year,
                        }
                    )
                )
    return pd.concat(rows, ignore_index=True)


def add_shares(
    effort: pd.DataFrame, fiscal: pd.DataFrame, settings: EffortSettings, desa_count: pd.Series | None = None
) -> pd.DataFrame:
    """Each effort against the regency's own money; flags against the stated limits and, with
    ``desa_count`` (per regency code) and the workforce columns of `seek`, `add_feasibility`.
    Missing fiscal figures give NA shares, never zero."""
    f = fiscal.set_index("regency_code")
    out = effort.copy()
    apbd = out["regency_code"].map(f["apbd_spending_idr"]).astype("Float64")
    dd = out["regency_code"].map(f["dana_desa_idr"]).astype("Float64")
    dbh = out["regency_code"].map(f["dbh_sawit_idr"]).astype("Float64")
    cost = out["annual_cost_idr"].astype("Float64")
    out["apbd_spending_idr"] = apbd
    out["share_of_apbd"] = cost / apbd
    village_cost = cost.where(out["lever"] == "village")
    out["share_of_dana_desa"] = (village_cost / dd.where(dd > 0)).astype("Float64")
    slice_idr = dbh * settings.dbh_slice
    out["dbh_slice_idr"] = slice_idr
    out["share_of_dbh_slice"] = (cost / slice_idr).where(out["lever"] == "dbh_sawit").astype("Float64")
    out["is_applicable"] = ~((out["lever"] == "village") & out["effort_units"].isna()) & ~(
        (out["lever"] == "dbh_sawit") & dbh.isna().to_numpy()
    )
    out["within_apbd_limit"] = (out["share_of_apbd"] <= settings.apbd_share_limit).astype("boolean")
    out.loc[out["share_of_apbd"].isna(), "within_apbd_limit"] = pd.NA
    within_slice = (out["share_of_dbh_slice"] <= 1).astype("boolean")
    within_slice[out["share_of_dbh_slice"].isna()] = pd.NA
    out["within_dbh_slice"] = within_slice
    out["dbh_shortfall_idr"] = (
        (cost - slice_idr).clip(lower=0).where(out["lever"] == "dbh_sawit").astype("Float64")
    )
    if desa_count is None or "workforce_target_year" not in out:
        return out
    return add_feasibility(out, out["regency_code"].map(desa_count).astype(float))


#: Why an effort cannot be done as stated (``infeasible_reason``), in order of precedence.
INFEASIBLE = {
    "capacity": "not reachable by the target year at the enrolment capacity programmes have shown",
    "workforce": "funds more workers than the workforce of the target year",
    "village_workforce": "the quota per village is above the village's workers (workforce ÷ desa)",
    "dbh_slice": "above the 20% DBH slice: not enough alone (dbh_shortfall_idr is what is missing)",
}


def add_feasibility(effort: pd.DataFrame, desa: pd.Series) -> pd.DataFrame:
    """``per_village_workforce``, ``is_feasible`` and ``infeasible_reason`` (a key of `INFEASIBLE`) per row:
    an effort is feasible when it was found (the target can be reached at the enrolment capacity),
    funds no more workers than the workforce, asks no village for more workers than it has and, for
    DBH sawit, fits in the slice. Rows of a lever that does not apply stay NA."""
    out = effort.copy()
    per_village = (out["workforce_target_year"] / desa.where(desa > 0)).astype("Float64")
    out["per_village_workforce"] = per_village.where(out["lever"] == "village")
    found = out["effort_units"].notna() | out["already_reached"]
    reason = pd.Series(pd.NA, index=out.index, dtype="string")
    checks = [
        ("capacity", ~found & out["worker_years_needed"].isna() & out["workforce_target_year"].notna()),
        ("workforce", found & (out["workers_funded"] > out["workforce_target_year"] + 0.5)),
        (
            "village_workforce",
            found
            & (out["lever"] == "village")
            & (out["effort_units"] > out["per_village_workforce"].astype(float)),
        ),
        ("dbh_slice", found & (out["lever"] == "dbh_sawit") & (out["share_of_dbh_slice"].astype(float) > 1)),
    ]
    for key, mask in reversed(checks):  # the first check that fails is the reason given
        reason = reason.mask(mask.fillna(False).astype(bool), key)
    out["infeasible_reason"] = reason.where(out["is_applicable"])
    out["is_feasible"] = (out["infeasible_reason"].isna() & out["is_applicable"]).astype("boolean")
    out.loc[~out["is_applicable"].astype(bool), "is_feasible"] = pd.NA
    return out


def inputs_for(
    inputs: montecarlo.ProjectionInputs,
    denominator: str,
    master: pd.DataFrame,
    workforce: pd.DataFrame,
    baseline: pd.DataFrame,
    settings: Settings,
    assumptions: Assumptions,
    dynamics: Dynamics | None = None,
) -> montecarlo.ProjectionInputs:
    """The projection inputs for ``denominator`` (built when it is not the run's own), same regencies,
    with the same dynamics (programmes, capacity, workforce paths, drift) as the run's.

    Parameters
    ----------
    inputs : montecarlo.ProjectionInputs
        The run's projection inputs (all regencies or a subset); returned as they are when their
        denominator is ``denominator``.
    denominator : str
        ``"informal"``, ``"employed"`` or ``"potential"``: a target's ``Target.denominator``.
    master : pandas.DataFrame
        The master table, as for `montecarlo.build_inputs` (used only when the inputs are built).
    workforce : pandas.DataFrame
        The informal workforce table, as for `montecarlo.build_inputs`.
    baseline : pandas.DataFrame
        The run's coverage baseline (regency × segment, carried and capped), as for
        `montecarlo.build_inputs`.
    settings : Settings
        The run settings; their ``denominator`` is replaced by ``denominator``.
    assumptions : Assumptions
        The run's assumptions, as for `montecarlo.build_inputs`.
    dynamics : Dynamics or None, optional
        The run's dynamics, as for `montecarlo.build_inputs`; None (default): none (the
        workforce table grown at the central labour-force growth, no programmes, no capacity
        limit, no drift).

    Returns
    -------
    montecarlo.ProjectionInputs
        The inputs for ``denominator`` on the regencies of ``inputs`` in the same order, each
        with its rows of the run's draws.

    Raises
    ------
    KeyError
        A regency of ``inputs`` is not in ``master`` (when the inputs are built).
    """
    if inputs.denominator == denominator:
        return inputs
    other = montecarlo.build_inputs(
        master,
        workforce,
        baseline,
        replace(settings, denominator=denominator),
        assumptions,
        dynamics=dynamics,
    )
    return other.subset(list(inputs.codes))
