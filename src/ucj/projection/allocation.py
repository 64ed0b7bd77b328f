"""Allocating province totals of active participants to regencies: candidate models, chosen by
leave-one-province-out cross-validation against published regency figures.

Every candidate allocates each province's segment total (PU, BPU, Jakon) over its
regencies in proportion to a weight ``w[r, s] = base[r, s] × m[r]``:

- ``base``: today's rule: PU by estimated formal employment, BPU by informal,
  Jakon by all employment (or, for the ``population`` candidate, population);
- ``m[r]``: a regency multiplier from a model of how far a regency's participants
  depart from the rule, ``log m = x β`` on standardised regency covariates (the rule
  itself is β = 0). The multiplier's level is irrelevant: allocation renormalises it
  within each province, so regencies always add up to the province totals.

The models are fitted on the published counts of active participants (all segments)
of the other provinces, time-adjusted to the province totals' date with the
national series of active participants, and judged on the held-out province:
median absolute % error of counts, mean absolute error of coverage (active ÷
employed, points) and the Spearman rank correlation within provinces. The
candidate with the lowest median absolute % error is used; the CV table is
computed in every run, never typed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ucj import paths
from ucj.loaders import read_csv

SEGMENTS = ("PU", "BPU", "Jakon")
BASE_COLUMNS = {"PU": "formal_count", "BPU": "informal_count", "Jakon": "employed_count"}

#: The nine covariates of the structure candidates (OLS and Poisson multipliers).
STRUCTURE_COVARIATES = (
    "formal_share",
    "is_kota",
    "log_expenditure",
    "ipm",
    "poverty_pct",
    "grdp_secondary_share",
    "grdp_tertiary_share",
    "kelurahan_share",
    "log_density",
)

#: Candidate models: name -> (base weights, covariates of the multiplier, estimator).
CANDIDATES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "rule": ("workforce", (), "none"),
    "population": ("population", (), "none"),
    "ols_formal_kota": ("workforce", ("formal_share", "is_kota", "log_expenditure"), "ols"),
    "ols_structure": (
        "workforce",
        STRUCTURE_COVARIATES,
        "ols",
    ),
    "poisson_structure": (
        "workforce",
        STRUCTURE_COVARIATES,
        "poisson",
    ),
}
CANDIDATE_LABELS = {
    "rule": "province total split by estimated formal/informal/total employment (previous rule)",
    "population": "province total split by population",
    "ols_formal_kota": "rule × regency multiplier: regression of log(published ÷ rule) on formal share, "
    "kota, expenditure",
    "ols_structure": "rule × regency multiplier: regression of log(published ÷ rule) on formal share, kota, "
    "expenditure, IPM, poverty, GRDP secondary and tertiary shares, kelurahan share, density",
    "poisson_structure": "rule × regency multiplier: Poisson GLM of published counts (offset: rule) on the "
    "same nine covariates",
}
NO_TRUTH_LOG_SD = 0.5  # used only when no published figure exists at all (tests, a stripped data set)
RIDGE = 1.0  # a small ridge penalty on standardised covariates keeps 9 slopes stable on ~100 figures


def covariates(master: pd.DataFrame, workforce_base: pd.DataFrame) -> pd.DataFrame:
    """Regency covariates of the multiplier (raw scale), indexed by regency code."""
    grdp = read_csv(paths.raw("stats", "regency_grdp_primary_secondary_tertiary_2025.csv"))
    grdp = grdp.set_index("kemendagri_code_2025")[
        ["secondary_share_pct_derived", "tertiary_share_pct_derived"]
    ]
    m = master.set_index("regency_code")
    wf = workforce_base.set_index("regency_code")
    out = pd.DataFrame(index=m.index)
    out["formal_share"] = wf["formal_count"] / wf["employed_count"]
    out["is_kota"] = (m["kind"] == "kota").astype(float)
    out["log_expenditure"] = np.log(m["expenditure_per_capita_kidr"].astype(float))
    out["ipm"] = m["ipm"].astype(float)
    out["poverty_pct"] = m["poverty_pct"].astype(float)
    out["grdp_secondary_share"] = grdp["secondary_share_pct_derived"].astype(float).reindex(out.index)
    out["grdp_tertiary_share"] = grdp["tertiary_share_pct_derived"].astype(float).reindex(out.index)
    out["kelurahan_share"] = m["kelurahan_count"] / (m["desa_count"] + m["kelurahan_count"]).clip(lower=1)
    out["log_density"] = np.log(m["population_density_per_km2"].astype(float).clip(lower=0.1))
    return out.fillna(out.mean())


def base_weights(master: pd.DataFrame, workforce_base: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Regency × segment base weights (``workforce``: the rule's; ``population``: population)."""
    wf = workforce_base.set_index("regency_code").reindex(master["regency_code"])
    if kind == "population":
        pop = master.set_index("regency_code")["population_count"].astype(float)
        return pd.DataFrame({s: pop for s in SEGMENTS})
    return pd.DataFrame({s: wf[BASE_COLUMNS[s]].astype(float) for s in SEGMENTS})


def split(
    province_totals: pd.DataFrame,
    province_of: pd.Series,
    weights: pd.DataFrame,
    fixed: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Allocate province × segment totals to regencies in proportion to ``weights``.

    ``fixed``: regency × segment counts that are known (reported or published, same date
    basis; NaN where not): they are kept, and only what the province total leaves is
    allocated to the other regencies. Where the known counts exceed the total, the
    remainder is capped at zero and flagged.

    Returns (regency × segment allocation, province × segment flags of capped remainders).
    """
    weights = weights.reindex(province_of.index)
    codes, prov_idx = np.unique(province_of.to_numpy().astype(str), return_inverse=True)
    fixed_arr = (
        fixed.reindex(index=weights.index, columns=list(SEGMENTS)).to_numpy(dtype=float)
        if fixed is not None
        else None
    )
    totals = np.nan_to_num(province_totals.reindex(codes)[list(SEGMENTS)].to_numpy(dtype=float))
    out, capped = split_arrays(prov_idx, totals, weights[list(SEGMENTS)].to_numpy(dtype=float), fixed_arr)
    alloc = pd.DataFrame(out, index=weights.index, columns=list(SEGMENTS))
    capped_df = pd.DataFrame(
        capped, index=pd.Index(codes, name=province_totals.index.name), columns=list(SEGMENTS)
    )
    return alloc, capped_df.reindex(province_totals.index, fill_value=False)


def split_arrays(
    prov_idx: np.ndarray, totals: np.ndarray, weights: np.ndarray, fixed: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """`split` on arrays: regency province positions, province × segment totals, regency × segment
    weights and known counts (NaN where not known). Returns (allocation, capped flags). Plain numpy
    sums by province: this runs in every cross-validation fold."""
    n_prov = totals.shape[0]
    fixed = np.full(weights.shape, np.nan) if fixed is None else fixed
    out = np.empty(weights.shape)
    capped = np.zeros(totals.shape, dtype=bool)
    for j in range(weights.shape[1]):
        is_fixed = ~np.isnan(fixed[:, j])
        known = np.bincount(prov_idx, weights=np.where(is_fixed, fixed[:, j], 0.0), minlength=n_prov)
        remainder = totals[:, j] - known
        capped[:, j] = remainder < 0
        remainder = np.clip(remainder, 0.0, None)
        free_w = np.where(is_fixed, 0.0, weights[:, j])
        denom = np.bincount(prov_idx, weights=free_w, minlength=n_prov)
        share = free_w / np.where(denom > 0, denom, 1.0)[prov_idx]
        out[:, j] = np.where(is_fixed, fixed[:, j], share * remainder[prov_idx])
    return out, capped


@dataclass(frozen=True)
class Fit:
    """A fitted candidate: its multiplier's coefficients on standardised covariates."""

    name: str
    columns: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    beta: np.ndarray

    def multiplier(self, cov: pd.DataFrame) -> pd.Series:
        if not self.columns:
            return pd.Series(1.0, index=cov.index)
        x = (cov[list(self.columns)].to_numpy(float) - self.mean) / self.scale
        return pd.Series(np.exp(np.clip(x @ self.beta, -5, 5)), index=cov.index)


def fit(name: str, cov: pd.DataFrame, truth: pd.DataFrame, rule_prediction: pd.Series) -> Fit:
    """Fit candidate ``name`` on ``truth`` (regency_code, count_2023) against the rule's prediction."""
    _, columns, estimator = CANDIDATES[name]
    if not columns or truth.empty:
        return Fit(name, (), np.zeros(0), np.ones(0), np.zeros(0))
    mean, scale = _standardiser(cov[list(columns)].to_numpy(float))
    x = (cov.loc[truth["regency_code"], list(columns)].to_numpy(float) - mean) / scale
    offset = np.log(rule_prediction.loc[truth["regency_code"]].to_numpy(float))
    beta = fit_arrays(estimator, x, offset, truth["count_2023"].to_numpy(float))
    return Fit(name, tuple(columns), mean, scale, beta)


def _standardiser(x_all: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation of every covariate over all regencies (1 where constant)."""
    scale = x_all.std(axis=0)
    return x_all.mean(axis=0), np.where(scale > 0, scale, 1.0)


def fit_arrays(estimator: str, x: np.ndarray, offset: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Slopes of the multiplier (standardised covariates ``x``, log rule prediction ``offset``,
    published counts ``y``): ridge OLS of log(y) − offset, or a ridge Poisson GLM with that offset."""
    design = np.column_stack([np.ones(len(x)), x])
    penalty = np.diag([0.0] + [RIDGE] * x.shape[1])
    if estimator == "ols":
        target = np.log(y) - offset
        coef = np.linalg.solve(design.T @ design + penalty, design.T @ target)
    else:  # Poisson with log link and offset, by iteratively reweighted least squares (ridge-penalised)
        coef = np.zeros(design.shape[1])
        coef[0] = np.log(y.sum() / np.exp(offset).sum())
        for _ in range(100):
            eta = np.clip(design @ coef + offset, -30, 30)
            mu = np.exp(eta)
            z = eta - offset + (y - mu) / mu
            w = mu / mu.mean()
            new = np.linalg.solve(design.T @ (design * w[:, None]) + penalty, design.T @ (w * z))
            if np.max(np.abs(new - coef)) < 1e-9:
                coef = new
                break
            coef = new
    return coef[1:]


def national_factor(dates: pd.Series, national_all: pd.Series, reference: pd.Timestamp) -> np.ndarray:
    """National active participants at each date ÷ at ``reference`` (latest national figure on or
    before the date; the earliest one before the series starts)."""
    series = national_all.sort_index()
    idx = np.searchsorted(series.index.to_numpy(), pd.to_datetime(dates).to_numpy(), side="right") - 1
    at = series.to_numpy()[np.clip(idx, 0, len(series) - 1)]
    ref = series.to_numpy()[
        max(np.searchsorted(series.index.to_numpy(), reference.to_datetime64(), side="right") - 1, 0)
    ]
    return at / ref


def predict(
    name: str,
    fitted: Fit,
    master: pd.DataFrame,
    workforce_base: pd.DataFrame,
    province_totals: pd.DataFrame,
    cov: pd.DataFrame,
    fixed: pd.DataFrame | None = None,
    bases: dict[str, pd.DataFrame] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Allocation (regency × segment) of candidate ``name`` with ``fitted`` multipliers (``bases``:
    `base_weights` by kind, when computed already).

    Parameters
    ----------
    name : str
        The candidate, a key of `CANDIDATES`; its base kind (``workforce`` or ``population``)
        chooses the base weights.
    fitted : Fit
        The candidate's multipliers (`fit`); a fit without covariates multiplies by 1 (the rule).
    master : pandas.DataFrame
        The master table: ``regency_code``, ``bps_province_code_2020`` (the province of each
        regency) and, for the ``population`` base, ``population_count``.
    workforce_base : pandas.DataFrame
        One row per regency (`ucj.projection.workforce.workforce_at`) with ``formal_count``,
        ``informal_count`` and ``employed_count``: the base weights of PU, BPU and Jakon.
    province_totals : pandas.DataFrame
        Active participants (persons) per province × segment: index the BPS 2020 province code,
        columns PU, BPU and Jakon (`ucj.projection.baseline.province_segment_totals`); a province
        that is missing has 0.
    cov : pandas.DataFrame
        The regency covariates of the multiplier, raw scale, indexed by regency code
        (`covariates`).
    fixed : pandas.DataFrame or None, optional
        Known regency × segment counts (NaN where not known), kept as they are: only what the
        province total leaves is allocated to the other regencies. None (default): none.
    bases : dict of str to pandas.DataFrame or None, optional
        `base_weights` by kind, computed already; None (default), or a kind missing: computed here.

    Returns
    -------
    allocation : pandas.DataFrame
        Active participants (persons) per regency × segment: index ``regency_code`` in the order
        of ``master``, columns PU, BPU and Jakon; a province's regencies add up to its total
        (unless capped).
    capped : pandas.DataFrame
        Per province × segment (index of ``province_totals``), True where the known counts of
        ``fixed`` exceed the total (the remainder is then 0).

    Raises
    ------
    KeyError
        ``name`` is not a candidate.
    """
    base_kind = CANDIDATES[name][0]
    base = (
        bases[base_kind] if bases and base_kind in bases else base_weights(master, workforce_base, base_kind)
    )
    weights = base.mul(fitted.multiplier(cov), axis=0)
    province_of = master.set_index("regency_code")["bps_province_code_2020"]
    return split(province_totals, province_of, weights, fixed)


def _spearman_within(frame: pd.DataFrame) -> float:
    values = []
    for _, g in frame.groupby("province"):
        if len(g) >= 3 and g["truth"].nunique() > 1 and g["predicted"].nunique() > 1:
            values.append(g["truth"].rank().corr(g["predicted"].rank()))
    return float(np.mean(values)) if values else float("nan")


@dataclass(frozen=True)
class CrossValidation:
    """The CV table (one row per candidate), the out-of-sample predictions, and the choice."""

    table: pd.DataFrame
    predictions: pd.DataFrame
    chosen: str
    log_sd: float


def cross_validate(
    master: pd.DataFrame, workforce_base: pd.DataFrame, province_totals: pd.DataFrame, truth: pd.DataFrame
) -> CrossValidation:
    """Leave-one-province-out CV of every candidate on ``truth`` (regency_code, count_2023, employed)."""
    cov = covariates(master, workforce_base)
    province_of = master.set_index("regency_code")["bps_province_code_2020"]
    rule_alloc, _ = predict(
        "rule",
        fit("rule", cov, truth.iloc[:0], pd.Series(dtype=float)),
        master,
        workforce_base,
        province_totals,
        cov,
    )
    rule_total = rule_alloc.sum(axis=1)
    truth = truth.assign(province=truth["regency_code"].map(province_of))
    bases = {kind: base_weights(master, workforce_base, kind) for kind in {c[0] for c in CANDIDATES.values()}}
    if truth.empty:  # nothing published to judge by: the previous rule, with a wide default spread
        table = pd.DataFrame(
            [
                {
                    "candidate": name,
                    "description": CANDIDATE_LABELS[name],
                    "n_figures": 0,
                    "n_provinces": 0,
                    "median_abs_pct_error": np.nan,
                    "mae_coverage_points": np.nan,
                    "spearman_within_province": np.nan,
                    "is_chosen": name == "rule",
                }
                for name in CANDIDATES
            ]
        )
        return CrossValidation(
            table, truth.assign(candidate="rule", predicted=np.nan, truth=np.nan), "rule", NO_TRUTH_LOG_SD
        )
    # The folds run on arrays (regencies in master order): 5 candidates × ~30 provinces of fits and
    # allocations, the same arithmetic as `fit` and `predict`.
    order = province_of.index
    codes, prov_idx = np.unique(province_of.to_numpy().astype(str), return_inverse=True)
    totals = np.nan_to_num(province_totals.reindex(codes)[list(SEGMENTS)].to_numpy(dtype=float))
    truth = truth.sort_values("province", kind="stable").reset_index(drop=True)
    pos = order.get_indexer(truth["regency_code"])
    offset = np.log(rule_total.reindex(order).to_numpy(float)[pos])
    y = truth["count_2023"].to_numpy(float)
    held_province = truth["province"].to_numpy()
    rows, preds = [], []
    for name in CANDIDATES:
        base_kind, columns, estimator = CANDIDATES[name]
        base = bases[base_kind].reindex(order)[list(SEGMENTS)].to_numpy(float)
        x_std = None
        if columns:
            mean, scale = _standardiser(cov.reindex(order)[list(columns)].to_numpy(float))
            x_std = (cov.reindex(order)[list(columns)].to_numpy(float) - mean) / scale
        predicted = np.empty(len(truth))
        for province in np.unique(held_province):
            held = held_province == province
            multiplier = np.ones(len(order))
            if x_std is not None and (~held).any():  # as `fit`: no training figure, the rule
                beta = fit_arrays(estimator, x_std[pos[~held]], offset[~held], y[~held])
                multiplier = np.exp(np.clip(x_std @ beta, -5, 5))
            alloc, _ = split_arrays(prov_idx, totals, base * multiplier[:, None])
            predicted[held] = alloc.sum(axis=1)[pos[held]]
        frame = truth.assign(candidate=name, predicted=predicted)
        ape = (frame["predicted"] - frame["count_2023"]).abs() / frame["count_2023"]
        cov_err = (frame["predicted"] - frame["count_2023"]).abs() / frame["employed"] * 100
        frame = frame.assign(truth=frame["count_2023"])
        rows.append(
            {
                "candidate": name,
                "description": CANDIDATE_LABELS[name],
                "n_figures": len(frame),
                "n_provinces": frame["province"].nunique(),
                "median_abs_pct_error": float(np.median(ape) * 100),
                "mae_coverage_points": float(cov_err.mean()),
                "spearman_within_province": _spearman_within(frame),
            }
        )
        preds.append(frame)
    table = pd.DataFrame(rows)
    chosen = str(table.sort_values(["median_abs_pct_error", "candidate"]).iloc[0]["candidate"])
    table["is_chosen"] = table["candidate"] == chosen
    predictions = pd.concat(preds, ignore_index=True)
    residuals = np.log(
        predictions.loc[predictions["candidate"] == chosen, "count_2023"]
        / predictions.loc[predictions["candidate"] == chosen, "predicted"]
    )
    log_sd = float(1.4826 * np.median(np.abs(residuals - np.median(residuals)))) if len(residuals) else 0.5
    # does the stated 90% band (±1.645 × that sd of the log) hold the held-out published counts?
    inside = {}
    for name, frame in predictions.groupby("candidate", sort=False):
        res = np.log(frame["count_2023"] / frame["predicted"])
        sd = float(1.4826 * np.median(np.abs(res - np.median(res)))) if len(res) else np.nan
        inside[name] = float(np.mean(np.abs(res) <= 1.6448536269514722 * sd)) if len(res) else np.nan
    table["inside_90_band_held_out"] = table["candidate"].map(inside)
    return CrossValidation(table, predictions, chosen, log_sd)
