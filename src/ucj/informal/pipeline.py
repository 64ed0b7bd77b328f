"""Run the informal-workforce estimation end to end and write the processed tables.

`estimate` returns everything (table, cross-validation, calibration, model,
error variances) for the notebook and the tests, in six named steps (inputs,
model choice, synthetic estimate, direct estimates, Monte Carlo, table);
`run` writes:

- ``data/processed/informal_workforce.parquet``: one row per regency x year
  (2018-2024), sorted by (regency_code, year); ``population_count`` is the
  year's population on the working-age base used (`population`), not the
  Dukcapil count of the master table;
- ``data/processed/informal_model_cv.parquet``: the cross-validation table;
- ``data/processed/informal_calibration.parquet``: the national calibration.

All counts are estimates (persons, not rounded); shares are 0-1 and refer to
the BPS status definition of informal employment.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import logit

from ucj import catalog
from ucj.informal import anchors as anchors_mod
from ucj.informal import covariates as covariates_mod
from ucj.informal import direct as direct_mod
from ucj.informal import employment as employment_mod
from ucj.informal import model as model_mod
from ucj.informal import population as population_mod
from ucj.informal import published as published_mod
from ucj.informal import published_anchor, regency_covariates
from ucj.informal import regency_validation as regency_validation_mod
from ucj.informal import uncertainty as unc
from ucj.informal.benchmark import benchmark_frame
from ucj.informal.fay_herriot import FayHerriotFit, fit_fay_herriot
from ucj.io import write_parquet_atomic

FH_MIN_AREAS = 10
"""Fewest direct estimates in a year for a full REML Fay-Herriot fit. With fewer,
each direct estimate is shrunk towards its synthetic estimate with the model's
cross-validated residual variance as the prior variance (no parameter is
estimated from so few areas)."""

_DEFAULT = object()

CONTRACT_COLUMNS = [
    "regency_code",
    "bps_code_2020",
    "province_code",
    "year",
    "population_15plus_count",
    "labour_force_count",
    "employed_count",
    "informal_count",
    "informal_count_p05",
    "informal_count_p95",
    "informal_share",
    "informal_share_p05",
    "informal_share_p95",
    "informal_cv",
    "is_high_cv",
    "formal_count",
    "estimate_method",
    "model_name",
    "is_tpt_carried_forward",
    "is_tpak_carried_forward",
    "tpt_source_year",
    "tpak_source_year",
]
EXTRA_COLUMNS = [
    "population_count",
    "share_15plus",
    "population_basis",
    "is_population_dukcapil",
    "tpt_pct",
    "tpak_pct",
    "calibration_factor",
    "employed_count_p05",
    "employed_count_p95",
    "employed_cv",
    "informal_share_cv",
    "informal_share_synthetic",
    "direct_informal_share",
    "direct_sampling_variance",
    "anchor_geography",
    "anchor_province_code",
    "anchor_informal_share",
    "is_anchor_interpolated",
    "anchor_method",
    "anchor_source_year",
    "covariate_year",
    "has_flagged_input",
    "is_interval_widened",
    "is_anchored",
]


@dataclass
class InformalEstimates:
    """Everything `estimate` computed."""

    table: pd.DataFrame
    cv_table: pd.DataFrame
    cv_predictions: pd.DataFrame
    calibration: pd.DataFrame
    national: pd.DataFrame
    model: model_mod.FittedModel
    panel: pd.DataFrame
    variances: unc.ErrorVariances
    fay_herriot: dict[int, FayHerriotFit | None]
    anchors: pd.DataFrame
    covariates: pd.DataFrame
    regency_validation: regency_validation_mod.RegencyValidation | None = None
    anchoring: published_anchor.Anchoring | None = None


def _composite(
    df: pd.DataFrame, direct: pd.DataFrame | None, residual_variance: float
) -> tuple[pd.DataFrame, dict[int, FayHerriotFit | None]]:
    """Combine direct estimates with the benchmarked synthetic logit (Fay-Herriot, logit scale)."""
    df = df.copy()
    df["eta_composite"] = np.nan
    df["mse_composite"] = np.nan
    df["direct_informal_share"] = np.nan
    df["direct_sampling_variance"] = np.nan
    fits: dict[int, FayHerriotFit | None] = {}
    if direct is None:
        return df, fits
    for year, rows in direct.groupby("year"):
        idx = df.index[(df["year"] == year) & df["regency_code"].isin(rows["regency_code"])]
        d = rows.set_index("regency_code").loc[df.loc[idx, "regency_code"]]
        p = d["informal_share_pct"].to_numpy() / 100.0
        var_p = d["sampling_variance"].to_numpy() / 100.0**2
        y = logit(p)
        D = var_p / (p * (1.0 - p)) ** 2  # delta method
        synth = df.loc[idx, "eta_benchmarked"].to_numpy()
        if len(idx) >= FH_MIN_AREAS:
            fit = fit_fay_herriot(y, np.column_stack([np.ones(len(idx)), synth]), D)
            eta, mse = fit.eblup, fit.mse
        else:
            fit = None
            gamma = residual_variance / (residual_variance + D)
            eta, mse = gamma * y + (1.0 - gamma) * synth, gamma * D
        fits[int(year)] = fit
        df.loc[idx, "eta_composite"] = eta
        df.loc[idx, "mse_composite"] = mse
        df.loc[idx, "direct_informal_share"] = p
        df.loc[idx, "direct_sampling_variance"] = var_p
    return df, fits


@dataclass
class PreparedInputs:
    """Inputs of the estimate that do not depend on the model (step 1 of `estimate`)."""

    regencies: pd.DataFrame
    direct: pd.DataFrame | None
    tpt_tpak: pd.DataFrame
    targets: pd.DataFrame
    population: pd.DataFrame
    employment: pd.DataFrame
    calibration: pd.DataFrame
    shares: pd.DataFrame
    keys: pd.DataFrame
    anchors: pd.DataFrame
    covariates: pd.DataFrame
    years: tuple[int, ...]


def prepare_inputs(
    regencies: pd.DataFrame | None = None,
    *,
    direct_path: Path | str | None | object = _DEFAULT,
    covariates: pd.DataFrame | None = None,
    years: tuple[int, ...] | None = None,
    population_basis: str = population_mod.DEFAULT_BASIS,
) -> PreparedInputs:
    """Step 1: validate the user file, then build population, employment, anchors and covariates."""
    from ucj import master as master_mod

    regencies = catalog.read(catalog.REGENCIES) if regencies is None else regencies
    regencies = regencies.sort_values("regency_code", kind="stable").reset_index(drop=True)
    # Validate the optional user file first: a bad file fails before any computation.
    path = direct_mod.default_path() if direct_path is _DEFAULT else direct_path
    direct = direct_mod.load_direct(path, regencies["regency_code"])
    tpt_tpak = master_mod.load_tpt_tpak()
    years = years or employment_mod.estimate_years()
    targets = employment_mod.national_targets(years)
    population = population_mod.regency_population(regencies, years, population_basis)
    emp = employment_mod.estimate_employment(regencies, tpt_tpak, targets, years, population=population)
    calibration = employment_mod.calibration_table(emp, targets)
    shares = anchors_mod.load_province_shares()
    keys = anchors_mod.regency_anchor_keys(regencies, years, shares)
    anchor_table = anchors_mod.province_anchors(emp, keys, shares, targets, years)
    if covariates is None:
        rates = emp[["bps_code_2020", "year", "tpt_pct", "tpak_pct"]]
        covariates = covariates_mod.regency_covariates(regencies, rates, years)
    return PreparedInputs(
        regencies,
        direct,
        tpt_tpak,
        targets,
        population,
        emp,
        calibration,
        shares,
        keys,
        anchor_table,
        covariates,
        years,
    )


def select_model(
    inputs: PreparedInputs,
    method: str = "auto",
    model: model_mod.FittedModel | None = None,
    cv_table: pd.DataFrame | None = None,
    cv_predictions: pd.DataFrame | None = None,
) -> tuple[model_mod.FittedModel, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Step 2: province panel, cross-validation of every candidate, fit of the chosen one.

    A given ``model`` and ``cv_table`` are reused (no refit; the held-out
    ``cv_predictions`` too, if given). Returns the model (with its standardizer),
    the CV table, the held-out predictions (empty when reused without them) and
    the panel.
    """
    standardizer = (
        model.standardizer
        if model is not None and model.standardizer is not None
        else model_mod.Standardizer.from_frame(inputs.covariates)
    )
    panel = model_mod.province_panel(
        inputs.covariates, inputs.employment, inputs.keys, inputs.anchors, standardizer, inputs.regencies
    )
    if cv_table is None:
        cv_table, cv_pred = model_mod.cross_validate(panel)
    else:
        cv_pred = cv_predictions if cv_predictions is not None else pd.DataFrame()
    if model is None:
        name, covariate_set = model_mod.choose(cv_table, method)
        model = model_mod.fit(name, panel, covariate_set)
        model.standardizer = standardizer
    return model, cv_table, cv_pred, panel


def synthetic_estimate(inputs: PreparedInputs, model: model_mod.FittedModel) -> pd.DataFrame:
    """Step 3: the model's regency logit, benchmarked to the province anchors (``eta_benchmarked``)."""
    df = inputs.employment.merge(inputs.keys, on=["regency_code", "year"], validate="one_to_one")
    df = df.merge(
        inputs.anchors[
            ["anchor_key", "year", "informal_share", "is_interpolated", "anchor_method", "anchor_source_year"]
        ].rename(
            columns={"informal_share": "anchor_informal_share", "is_interpolated": "is_anchor_interpolated"}
        ),
        on=["anchor_key", "year"],
        validate="many_to_one",
    )
    df = df.merge(
        inputs.covariates, on=["bps_code_2020", "year"], validate="one_to_one", suffixes=("", "_cov")
    )
    df["eta_model"] = model.regency_eta(model.standardizer.transform(df))
    df["bench_key"] = df["anchor_key"] + "|" + df["year"].astype(str)
    df["informal_share_synthetic"] = benchmark_frame(
        df, "eta_model", "employed_count", "bench_key", "anchor_informal_share"
    )
    df["eta_benchmarked"] = logit(df["informal_share_synthetic"])
    return df


def residual_variance(
    model: model_mod.FittedModel, cv_table: pd.DataFrame, anchor_err: anchors_mod.AnchorErrors
) -> tuple[float, float]:
    """The chosen candidate's CV logit RMSE and the regency residual variance it implies (less
    anchor error)."""
    row = cv_table.loc[cv_table["candidate"] == model.candidate]
    if row.empty:  # a CV table from before covariate sets: match on the method
        row = cv_table.loc[cv_table["method"] == model.name]
    rmse = float(row["rmse_logit"].iloc[0])
    return rmse, max(rmse**2 - anchor_err.published, 0.0)


def final_shares(
    df: pd.DataFrame, direct: pd.DataFrame | None, resid_var: float
) -> tuple[pd.DataFrame, dict[int, FayHerriotFit | None]]:
    """Step 4: combine direct estimates (if any), benchmark again, and derive the counts."""
    df, fh_fits = _composite(df, direct, resid_var)
    df["estimate_method"] = np.where(df["eta_composite"].notna(), "composite", "synthetic")
    df["eta_final"] = df["eta_composite"].fillna(df["eta_benchmarked"])
    df["informal_share"] = benchmark_frame(
        df, "eta_final", "employed_count", "bench_key", "anchor_informal_share"
    )
    df["informal_count"] = df["employed_count"] * df["informal_share"]
    df["formal_count"] = df["employed_count"] - df["informal_count"]
    return df, fh_fits


def error_variances(
    inputs: PreparedInputs, anchor_err: anchors_mod.AnchorErrors, resid_var: float, rmse_logit: float
) -> unc.ErrorVariances:
    """Every error variance the Monte Carlo draws, estimated from the data (see `uncertainty`)."""
    rate_noise, rate_carry = unc.rate_error_variances(inputs.tpt_tpak, inputs.regencies)
    s15 = employment_mod.province_15plus_share()
    growth = population_mod.province_growth(inputs.regencies)
    return unc.ErrorVariances(
        age_share=unc.age_share_variance(s15["share_15plus"]),
        rate_noise=rate_noise,
        rate_carry=rate_carry,
        anchor_published=anchor_err.published,
        anchor_interpolated=anchor_err.interpolated,
        anchor_carried=anchor_err.carried,
        model_residual=resid_var,
        notes={"model_rmse_logit": rmse_logit},
        population_growth=population_mod.growth_variance(growth),
    )


def simulate_intervals(
    df: pd.DataFrame,
    inputs: PreparedInputs,
    model: model_mod.FittedModel,
    variances: unc.ErrorVariances,
    n_draws: int,
    seed: int,
) -> pd.DataFrame:
    """Step 5: seeded Monte Carlo of every year; joins intervals and CVs to ``df`` (sorted by year,
    regency)."""
    df = df.copy()
    df["rate_gap"] = np.maximum(
        (df["year"] - df["tpt_source_year"]).abs(), (df["year"] - df["tpak_source_year"]).abs()
    )
    df = df.sort_values(["year", "regency_code"], kind="stable").reset_index(drop=True)
    zmat = model.standardizer.transform(df)[model.covariates].to_numpy()
    target = inputs.targets.set_index("year")["employed_count"]
    inputs_by_year, index_by_year = [], []
    for year in inputs.years:
        idx = np.flatnonzero(df["year"].to_numpy() == year)
        sub = df.iloc[idx]
        codes, _ = pd.factorize(sub["anchor_key"], sort=True)
        first = pd.Series(np.arange(len(sub))).groupby(codes).first().to_numpy()
        share15 = sub["share_15plus"].to_numpy()
        inputs_by_year.append(
            unc.SimulationInput(
                year=year,
                population_count=sub["population_count"].to_numpy(dtype="float64"),
                share_15plus=share15,
                employment_ratio=(sub["tpak_pct"] / 100.0 * (1.0 - sub["tpt_pct"] / 100.0)).to_numpy(),
                rate_gap=sub["rate_gap"].to_numpy(),
                z=zmat[idx],
                eta_synthetic=sub["eta_benchmarked"].to_numpy(),
                groups=codes,
                anchor_share=sub["anchor_informal_share"].to_numpy()[first],
                anchor_is_interpolated=sub["is_anchor_interpolated"].to_numpy()[first],
                anchor_is_carried=(sub["anchor_method"] == anchors_mod.CARRIED).to_numpy()[first],
                employed_target=float(target.loc[year]),
                eta_composite=sub["eta_composite"].to_numpy(),
                mse_composite=sub["mse_composite"].to_numpy(),
                age_sd=unc.working_age_sd(
                    share15,
                    sub["population_years_from_reference"].to_numpy(),
                    sub["is_population_dukcapil"].to_numpy(),
                    variances,
                ),
            )
        )
        index_by_year.append(idx)
    draws = unc.simulate(inputs_by_year, model.beta_cov.to_numpy(), variances, n_draws=n_draws, seed=seed)
    summaries = []
    for idx, d in zip(index_by_year, draws, strict=True):
        sub = df.iloc[idx]
        s = unc.summarise(
            d,
            {
                "employed": sub["employed_count"].to_numpy(),
                "share": sub["informal_share"].to_numpy(),
                "informal": sub["informal_count"].to_numpy(),
            },
        )
        s.index = idx
        summaries.append(s)
    df = df.join(pd.concat(summaries).sort_index())
    return df.rename(
        columns={
            "informal_p05": "informal_count_p05",
            "informal_p95": "informal_count_p95",
            "share_p05": "informal_share_p05",
            "share_p95": "informal_share_p95",
            "share_cv": "informal_share_cv",
            "employed_p05": "employed_count_p05",
            "employed_p95": "employed_count_p95",
        }
    )


def assemble_table(df: pd.DataFrame, regencies: pd.DataFrame, model: model_mod.FittedModel) -> pd.DataFrame:
    """Step 6: the output table (contract + extra columns, fixed dtypes, sorted by regency and year)."""
    df = df.copy()
    df["is_high_cv"] = df["informal_cv"] > unc.HIGH_CV_THRESHOLD
    df["model_name"] = model.candidate
    df = df.merge(regencies[["regency_code", "province_code"]], on="regency_code", validate="many_to_one")
    table = df[CONTRACT_COLUMNS + EXTRA_COLUMNS].sort_values(["regency_code", "year"], kind="stable")
    table = table.reset_index(drop=True)
    for col in ("year", "tpt_source_year", "tpak_source_year", "anchor_source_year", "covariate_year"):
        table[col] = table[col].astype("int64")
    for col in (
        "is_high_cv",
        "is_tpt_carried_forward",
        "is_tpak_carried_forward",
        "is_anchor_interpolated",
        "has_flagged_input",
        "is_interval_widened",
        "is_anchored",
        "is_population_dukcapil",
    ):
        table[col] = table[col].astype(bool)
    return table


def estimate(
    regencies: pd.DataFrame | None = None,
    *,
    method: str = "auto",
    direct_path: Path | str | None | object = _DEFAULT,
    model: model_mod.FittedModel | None = None,
    cv_table: pd.DataFrame | None = None,
    cv_predictions: pd.DataFrame | None = None,
    covariates: pd.DataFrame | None = None,
    n_draws: int = unc.N_DRAWS,
    seed: int = unc.SEED,
    years: tuple[int, ...] | None = None,
    population_basis: str = population_mod.DEFAULT_BASIS,
    regency_checks: tuple[float, float, float] | None = None,
) -> InformalEstimates:
    """Estimate employed and informal workers of every regency and year, with uncertainty.

    Steps: `prepare_inputs`, `select_model`, `synthetic_estimate`,
    `final_shares`, `simulate_intervals`, `assemble_table`; then, when published regency
    figures exist, the intervals are checked on them, the estimates anchored to them and the
    intervals widened (`regency_validation`, `published_anchor`).

    Parameters
    ----------
    regencies : pandas.DataFrame or None, optional
        The master table, one row per regency (`catalog.REGENCIES`); None (default): read from
        data/processed. Rows are used sorted by ``regency_code``.
    method : str, default "auto"
        The model: ``"auto"`` (cross-validation decides), a name in `model.METHODS` (its best
        covariate set) or a CV candidate ``method:covariate_set``. Ignored when ``model`` is given.
    direct_path : pathlib.Path, str or None, optional
        Direct-estimate file (percent shares and their sampling variances per regency and year).
        Default: `direct.default_path()` (``<inputs>/direct_estimates.csv``); None, or a path
        where no file exists: purely synthetic (no composite estimate).
    model : model.FittedModel or None, optional
        Reuse a fitted model (with its standardizer) instead of refitting, e.g. to show that a
        regency's covariates only move its own province; None (default): fit the model ``method``
        names. Its CV RMSE is read from ``cv_table`` (cross-validated here when that is None).
    cv_table : pandas.DataFrame or None, optional
        The cross-validation table of a previous run (`read_cross_validation`, or
        ``InformalEstimates.cv_table``), reused: the cross-validation, the slow step (about 9 s),
        is skipped; with ``cv_predictions`` too, the result is the same. None (default):
        cross-validate every candidate.
    cv_predictions : pandas.DataFrame or None, optional
        The held-out predictions that go with ``cv_table``, returned as they are (used only with
        ``cv_table``; without them a reused table returns an empty frame of predictions).
    covariates : pandas.DataFrame or None, optional
        Replace the regency covariate table (regency x year, keyed by ``bps_code_2020`` and
        ``year``, as `covariates.regency_covariates` builds it); None (default): built from the
        raw files and the TPT/TPAK rates used.
    n_draws : int, default `uncertainty.N_DRAWS` (2000)
        Monte Carlo draws per year for the intervals and CVs.
    seed : int, default `uncertainty.SEED`
        Seed of the Monte Carlo (the same seed gives the same intervals).
    years : tuple of int or None, optional
        The August rounds to estimate; None (default) or empty: every round the data has
        (`employment.estimate_years`).
    population_basis : str, default `population.DEFAULT_BASIS`
        The working-age base, one of `population.BASES`.
    regency_checks : tuple of (float, float, float) or None, optional
        Hold the regency-level choices fixed, as ``model`` holds the model: the model's extra
        variance (logit scale, regencies without a figure), the anchoring persistence (0-1, the
        share of a regency's gap that persists) and the anchored estimates' extra variance (logit
        scale), e.g. ``(r.regency_validation.extra_variance, r.anchoring.persistence,
        r.anchoring.extra_variance)`` of a previous result ``r``. None (default): chosen on every
        regency's published figure at once. Used only when published regency figures exist.

    Returns
    -------
    InformalEstimates
        The table (one row per regency x year, `CONTRACT_COLUMNS` then `EXTRA_COLUMNS`, sorted by
        ``regency_code`` and ``year``), the CV table and held-out predictions, the national
        calibration and totals, the model, its province panel, the error variances, the
        Fay-Herriot fit of each year with direct estimates (None where fewer than `FH_MIN_AREAS`),
        the province anchors, the covariates, and the regency validation and anchoring (None when
        no published regency figure exists).

    Raises
    ------
    InputError, InputErrors
        The direct-estimate file or the published regency figures
        (``data/raw/informal_published/published_informal.csv``) are invalid; the message names
        the file, line and column.
    ValueError
        ``method`` is not ``"auto"``, a method or a candidate of the CV table, or
        ``population_basis`` is not one of `population.BASES`.
    """
    inputs = prepare_inputs(
        regencies,
        direct_path=direct_path,
        covariates=covariates,
        years=years,
        population_basis=population_basis,
    )
    model, cv_table, cv_pred, panel = select_model(inputs, method, model, cv_table, cv_predictions)
    df = synthetic_estimate(inputs, model)
    anchor_err = anchors_mod.anchor_error_variances(inputs.shares)
    rmse_logit, resid_var = residual_variance(model, cv_table, anchor_err)
    df, fh_fits = final_shares(df, inputs.direct, resid_var)
    variances = error_variances(inputs, anchor_err, resid_var, rmse_logit)
    df = simulate_intervals(df, inputs, model, variances, n_draws, seed)
    validation, anchoring = None, None
    figures = published_mod.read(inputs.regencies)
    if len(figures):  # the published regency figures check the intervals, anchor and set their width
        province_of = inputs.regencies.set_index("regency_code")["province_code"]
        types = regency_validation_mod.regency_types(inputs.covariates, inputs.regencies)
        validation = regency_validation_mod.validate(df, published_mod.shares(figures), province_of, types)
        anchoring = published_anchor.choose(validation.figures)
        candidates = regency_covariates.compare(validation.figures, inputs.covariates, inputs.regencies)
        unanchored = regency_covariates.correction(
            validation.figures, inputs.covariates, inputs.regencies, candidates
        )
        if regency_checks is not None:
            v_model, persistence, v_anchored = regency_checks
            validation = replace(validation, extra_variance=v_model)
            anchoring = replace(anchoring, persistence=persistence, extra_variance=v_anchored)
        df = published_anchor.apply(
            df,
            anchoring,
            "bench_key",
            "anchor_informal_share",
            published=published_anchor.same_round(validation.figures),
            unanchored_shift=unanchored,
        )
        df = regency_validation_mod.widen(
            df, np.where(df["is_anchored"], anchoring.extra_variance, validation.extra_variance)
        )
        validation = regency_validation_mod.with_anchoring(validation, anchoring)
        validation = replace(validation, covariate_candidates=candidates)
    table = assemble_table(df, inputs.regencies, model)
    return InformalEstimates(
        table=table,
        cv_table=cv_table,
        cv_predictions=cv_pred,
        calibration=inputs.calibration,
        national=national_totals(table, inputs.targets),
        model=model,
        panel=panel,
        variances=variances,
        fay_herriot=fh_fits,
        anchors=inputs.anchors,
        covariates=inputs.covariates,
        regency_validation=validation,
        anchoring=anchoring,
    )


def cross_validation(
    regencies: pd.DataFrame | None = None,
    *,
    population_basis: str = population_mod.DEFAULT_BASIS,
    sets: dict[str, tuple[str, ...]] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Only the model-choice step (no Monte Carlo): CV table and held-out predictions on a population base.

    The notebook's before/after table: ``population_basis="dukcapil_province_share"`` with
    ``sets={"base": covariates.COVARIATES}`` reproduces the model choice before issue 12.
    """
    inputs = prepare_inputs(regencies, direct_path=None, population_basis=population_basis)
    standardizer = model_mod.Standardizer.from_frame(inputs.covariates)
    panel = model_mod.province_panel(
        inputs.covariates, inputs.employment, inputs.keys, inputs.anchors, standardizer, inputs.regencies
    )
    return model_mod.cross_validate(panel, sets=sets)


def national_totals(table: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """National sums of the regency estimates against the BPS national August figures."""
    g = table.groupby("year")
    out = pd.DataFrame(
        {
            "employed_count": g["employed_count"].sum(),
            "informal_count": g["informal_count"].sum(),
        }
    ).reset_index()
    out["informal_share"] = out["informal_count"] / out["employed_count"]
    t = targets.set_index("year")
    out["bps_employed_count"] = out["year"].map(t["employed_count"])
    out["bps_informal_count"] = out["year"].map(t["informal_count"])
    out["bps_informal_share"] = out["year"].map(t["informal_share"])
    out["informal_count_diff_pct"] = (out["informal_count"] / out["bps_informal_count"] - 1.0) * 100.0
    out["informal_share_diff_pp"] = (out["informal_share"] - out["bps_informal_share"]) * 100.0
    return out


def read_cross_validation() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The CV table and held-out predictions the informal stage wrote (reuse them only while that
    stage is current: `ucj.stages`)."""
    return catalog.read(catalog.INFORMAL_MODEL_CV), catalog.read(catalog.INFORMAL_CV_PREDICTIONS)


def write_outputs(result: InformalEstimates) -> Path:
    """Write the estimates, the CV table and predictions, and the calibration table atomically;
    return the main path."""
    target = catalog.path(catalog.INFORMAL_WORKFORCE)
    write_parquet_atomic(result.table, target)
    write_parquet_atomic(result.cv_table, catalog.path(catalog.INFORMAL_MODEL_CV))
    write_parquet_atomic(result.cv_predictions, catalog.path(catalog.INFORMAL_CV_PREDICTIONS))
    write_parquet_atomic(result.calibration, catalog.path(catalog.INFORMAL_CALIBRATION))
    if result.regency_validation is not None:
        write_parquet_atomic(
            result.regency_validation.figures.reset_index(drop=True),
            catalog.path(catalog.INFORMAL_REGENCY_VALIDATION),
        )
        write_parquet_atomic(
            result.regency_validation.summary, catalog.path(catalog.INFORMAL_REGENCY_VALIDATION_SUMMARY)
        )
        if result.regency_validation.covariate_candidates is not None:
            write_parquet_atomic(
                result.regency_validation.covariate_candidates,
                catalog.path(catalog.INFORMAL_REGENCY_COVARIATES),
            )
    return target


def report_gaps(years: tuple[int, ...]) -> None:
    """Say what the newest round still lacks: provinces whose informal share is carried forward (or a
    newer round not estimated yet) and regencies whose TPT/TPAK is carried forward, with their codes,
    so the analyst knows what to look for next (docs/updating.md)."""
    from ucj import master as master_mod

    missing = employment_mod.missing_provinces(anchors_mod.load_province_shares())
    for year, codes in sorted(missing.items()):
        if year == years[-1]:
            print(
                f"[informal] August {year}: province informal shares of {len(codes)} provinces not "
                f"published yet, carried forward from their latest year (codes {', '.join(codes)})"
            )
        elif year > years[-1]:
            print(
                f"[informal] August {year} not estimated yet: province informal shares missing for "
                f"{len(codes)} provinces (codes {', '.join(codes)}); see docs/updating.md"
            )
    lacking = employment_mod.regencies_without_rates(master_mod.load_tpt_tpak(), years[-1])
    for rate, codes in lacking.items():
        if codes:
            shown = ", ".join(codes[:12]) + (f" and {len(codes) - 12} more" if len(codes) > 12 else "")
            print(
                f"[informal] August {years[-1]}: {rate} of {len(codes)} regencies not in the data yet, "
                f"carried forward from their latest year (BPS 2020 codes {shown})"
            )


def run() -> tuple[Path, InformalEstimates]:
    """Estimate with the shipped data and write the processed tables; return the main file's path
    and the estimates. What the newest round still lacks is said first (`report_gaps`)."""
    years = employment_mod.estimate_years()
    report_gaps(years)
    result = estimate(years=years)
    return write_outputs(result), result
