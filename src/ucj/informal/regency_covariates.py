"""Which regency covariates explain the model's regency-level misses? Chosen by regency-level CV.

The model is fitted on province figures, so a regency's own deviation (a commuter industry, a mine)
is left in its residual. The published BPS regency figures measure that residual: the logit gap
between the figure and the estimate (`ucj.informal.regency_validation`). Each candidate set of
covariates predicts the gap by least squares on standardised covariates; a set is judged by the mean
absolute error of the corrected shares on figures of provinces left out one at a time. Every candidate
is reported, losers included, and the best is marked; "none" (no correction) is a candidate too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import expit, logit

#: Candidate covariates of the regency gap (columns of the informal covariate table).
CANDIDATES: dict[str, tuple[str, ...]] = {
    "none": (),
    "GRDP secondary share": ("secondary_share_pct",),
    "GRDP primary share": ("primary_share_pct",),
    "density": ("log_density_bps",),
    "kelurahan share": ("desa_share_pct",),
    "wage workers among the poor": ("poor_informal_pct",),
    "schooling": ("mean_years_schooling",),
    "expenditure": ("log_expenditure",),
    "poverty": ("poverty_pct",),
    "kota": ("is_kota",),
}
CANDIDATES["all of them"] = tuple(dict.fromkeys(c for cols in CANDIDATES.values() for c in cols))


def _design(rows: pd.DataFrame, columns: tuple[str, ...], mean: pd.Series, sd: pd.Series) -> np.ndarray:
    z = (rows[list(columns)] - mean[list(columns)]) / sd[list(columns)]
    return np.column_stack([np.ones(len(rows)), z.to_numpy(float)]) if columns else np.ones((len(rows), 1))


def compare(figures: pd.DataFrame, covariates: pd.DataFrame, regencies: pd.DataFrame) -> pd.DataFrame:
    """One row per candidate: covariates, figures, held-out (leave one province out) mean absolute
    error of the corrected shares in points, and whether it is chosen (the lowest; ties to fewer)."""
    used = figures[figures["definition"] == "bps_status"].copy()
    latest = covariates.sort_values("year").groupby("bps_code_2020").last()
    bps = regencies.set_index("regency_code")["bps_code_2020"]
    extra = latest[[c for c in latest.columns if c not in used.columns]]
    used = used.join(extra, on=used["regency_code"].map(bps).rename("bps_code_2020"))
    cols = list(CANDIDATES["all of them"])
    used = used.dropna(subset=cols)
    mean, sd = used[cols].mean(), used[cols].std().replace(0, 1)
    estimate_logit = logit(np.clip(used["informal_share"].to_numpy(float), 1e-6, 1 - 1e-6))
    rows = []
    for name, columns in CANDIDATES.items():
        predicted = np.full(len(used), np.nan)
        for prov in used["province"].unique():
            out = (used["province"] == prov).to_numpy()
            x_train = _design(used[~out], columns, mean, sd)
            beta, *_ = np.linalg.lstsq(x_train, used.loc[~out, "logit_error"].to_numpy(float), rcond=None)
            predicted[out] = _design(used[out], columns, mean, sd) @ beta
        corrected = expit(estimate_logit + predicted)
        rows.append(
            {
                "candidate": name,
                "covariates": ", ".join(columns) or "-",
                "figures": len(used),
                "mae_pp_held_out": float(np.mean(np.abs(corrected - used["published_share"])) * 100),
                "n_covariates": len(columns),
            }
        )
    table = pd.DataFrame(rows)
    best = table.sort_values(["mae_pp_held_out", "n_covariates"], kind="stable").index[0]
    table["is_chosen"] = table.index == best
    return table


def correction(
    figures: pd.DataFrame, covariates: pd.DataFrame, regencies: pd.DataFrame, table: pd.DataFrame
) -> pd.Series:
    """regency_code -> the logit correction of the chosen candidate, fitted on every figure, for every
    regency (used where a regency has no published figure of its own: its own figure anchors it)."""
    chosen = table.loc[table["is_chosen"], "candidate"]
    columns = CANDIDATES[chosen.iloc[0]] if len(chosen) else ()
    latest = covariates.sort_values("year").groupby("bps_code_2020").last()
    rows = (
        regencies[["regency_code", "bps_code_2020"]]
        .join(latest, on="bps_code_2020")
        .set_index("regency_code")
    )
    if not columns:
        return pd.Series(0.0, index=rows.index)
    used = figures[figures["definition"] == "bps_status"]
    train = rows.loc[used["regency_code"]].assign(logit_error=used["logit_error"].to_numpy())
    train = train.dropna(subset=[*columns, "logit_error"])
    cols = list(CANDIDATES["all of them"])
    mean, sd = train[cols].mean(), train[cols].std().replace(0, 1)
    beta, *_ = np.linalg.lstsq(
        _design(train, columns, mean, sd), train["logit_error"].to_numpy(float), rcond=None
    )
    filled = rows[list(columns)].fillna(mean[list(columns)])
    return pd.Series(_design(filled, columns, mean, sd) @ beta, index=rows.index)
