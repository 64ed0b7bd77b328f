"""Before/after issue 12: what the BPS population base and the economic covariates changed.

"Before" is the previous method rebuilt with today's code: the Dukcapil x
province SP2020 15+ base (`population.BASES[0]`) and the base covariate set
only (its cross-validation reproduces the earlier table: glm chosen, RMSE
5.41 pp). "After" is the current estimate. Notebook 01 shows the tables and a
map; nothing here is written to data/processed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ucj.informal import covariates as covariates_mod
from ucj.informal import pipeline
from ucj.informal import uncertainty as unc

BEFORE_BASIS = "dukcapil_province_share"
BEFORE_SETS = {"base": covariates_mod.COVARIATES}


@dataclass
class BeforeAfter:
    """The two CV tables side by side, and the change per regency and province in one year."""

    cv: pd.DataFrame
    regencies: pd.DataFrame
    provinces: pd.DataFrame
    national: pd.DataFrame
    year: int


def cv_before_after(
    after: pipeline.InformalEstimates, before_cv: pd.DataFrame, before_pred: pd.DataFrame
) -> pd.DataFrame:
    """One row per candidate: the old model (before) and every current candidate, with RMSE, MAE and
    coverage."""
    old = before_cv.loc[before_cv["is_chosen"]].copy()
    old["run"] = "before (Dukcapil base, base covariates)"
    old["coverage_90"] = [unc.cv_interval_coverage(before_pred, c)["coverage"] for c in old["candidate"]]
    new = after.cv_table.copy()
    new["run"] = "after (BPS base, all candidates)"
    if len(after.cv_predictions):
        new["coverage_90"] = [
            unc.cv_interval_coverage(after.cv_predictions, c)["coverage"] for c in new["candidate"]
        ]
    cols = [
        "run",
        "candidate",
        "n_covariates",
        "rmse_pp",
        "mae_pp",
        "bias_pp",
        "split_rmse_pp",
        "coverage_90",
        "is_chosen",
    ]
    return pd.concat([old, new], ignore_index=True)[[c for c in cols if c in new.columns or c in old.columns]]


def _change(before: pd.DataFrame, after: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    cols = ["employed_count", "informal_count"]
    b = before.groupby(keys)[cols].sum()
    a = after.groupby(keys)[cols].sum()
    out = a.join(b, suffixes=("_after", "_before"))
    for c in cols:
        out[f"{c}_change_pct"] = 100.0 * (out[f"{c}_after"] / out[f"{c}_before"] - 1.0)
    out["informal_share_before"] = out["informal_count_before"] / out["employed_count_before"]
    out["informal_share_after"] = out["informal_count_after"] / out["employed_count_after"]
    out["informal_share_change_pp"] = 100.0 * (out["informal_share_after"] - out["informal_share_before"])
    return out.reset_index()


@dataclass(frozen=True)
class PreviousEstimate:
    """The previous estimate (Dukcapil base, base covariates) rebuilt with today's code: its CV
    table, held-out predictions and estimates table. It does not depend on the year shown or on
    the current estimate, so the informal stage computes it once and keeps it for notebook 01
    (`ucj.stages.informal_results`)."""

    cv: pd.DataFrame
    predictions: pd.DataFrame
    table: pd.DataFrame


def previous_estimate(regencies: pd.DataFrame, n_draws: int = 200) -> PreviousEstimate:
    """Rebuild the previous estimate. Its points do not depend on the Monte Carlo, so a few draws
    suffice (``n_draws``)."""
    before_cv, before_pred = pipeline.cross_validation(
        regencies, population_basis=BEFORE_BASIS, sets=BEFORE_SETS
    )
    before = pipeline.estimate(regencies, population_basis=BEFORE_BASIS, cv_table=before_cv, n_draws=n_draws)
    return PreviousEstimate(before_cv, before_pred, before.table)


def before_after(
    after: pipeline.InformalEstimates,
    regencies: pd.DataFrame,
    year: int = 2024,
    previous: PreviousEstimate | None = None,
) -> BeforeAfter:
    """Compare the previous estimate (``previous``, or rebuilt now: `previous_estimate`) with
    ``after`` in ``year``."""
    before = previous or previous_estimate(regencies)
    before_cv, before_pred = before.cv, before.predictions
    b = before.table[before.table["year"] == year]
    a = after.table[after.table["year"] == year]
    names = regencies[["regency_code", "regency_name", "province_code", "province_name"]]
    reg = _change(b, a, ["regency_code"]).merge(names, on="regency_code", validate="one_to_one")
    prov = _change(
        b.merge(names[["regency_code", "province_name"]], on="regency_code"),
        a.merge(names[["regency_code", "province_name"]], on="regency_code"),
        ["province_code", "province_name"],
    )
    nat = _change(b.assign(level="Indonesia"), a.assign(level="Indonesia"), ["level"])
    return BeforeAfter(
        cv=cv_before_after(after, before_cv, before_pred),
        regencies=reg,
        provinces=prov,
        national=nat,
        year=year,
    )


def movers(change: pd.DataFrame, column: str = "employed_count_change_pct", n: int = 5) -> pd.DataFrame:
    """The ``n`` regencies with the largest absolute ``column`` (a change column of
    `BeforeAfter.regencies`)."""
    return change.loc[change[column].abs().sort_values(ascending=False).index].head(n)
