"""Candidate models of the regency informal share, chosen by leave-one-province-out CV.

Only provinces have published informal shares, so every model is fitted on the
**province panel**: the BPS province share per year (the verified BPS table,
2020-2024; 34 provinces to 2023, 38 in 2024) against covariates aggregated
from that province's regencies (employed-weighted means of the regency
covariates, standardised with the regency-level mean and standard deviation).
A fitted model gives each regency a logit ``eta = z_r' beta``; benchmarking
(`benchmark`) then adds one shift per province and year, so only the slopes
``beta`` matter for the regency estimates (year and province levels cancel).

Candidates (fixed in advance; nothing is tuned by hand): every covariate model
below with every covariate set of `covariates.COVARIATE_SETS` (the base set and
the economic-structure additions), plus the covariate-free province share. A
candidate is named ``method:covariate_set`` (``province_share:none``).

``province_share``
    no covariates: every regency gets its province's share unchanged.
``glm``
    binomial GLM, logit link, on the province shares with year effects and the
    covariates; quasi-likelihood (scale from Pearson chi2) and one weight per
    province-year (a fractional logit, Papke & Wooldridge 1996), because the
    residual variation is between-province heterogeneity, not binomial
    sampling in proportion to a province's size.
``glm_province_fixed``
    the same GLM plus a fixed effect per BPS-2020 province, so the slopes come
    from changes within provinces over time.
``glm_province_random``
    the GLM with a random province intercept instead, fitted as a Gaussian
    linear mixed model on the logit of the share (statsmodels MixedLM, REML;
    statsmodels has no binomial GLMM with a non-Bayesian fit); slopes pool
    between- and within-province variation.

Cross-validation: each of the 34 BPS-2020 provinces in turn (with, for 2024,
the provinces carved out of it) is left out, the model is fitted on the rest,
and the held-out province's share is predicted for every year from its
covariates (``province_share`` predicts the employed-weighted share of the
other provinces; the fixed-effect model adds the mean province effect). The
candidate with the smallest root mean squared error in percentage points over all
held-out province-years is chosen; the table keeps every candidate, the losers
included. A second, smaller check mirrors the regency
task exactly: in 2024 BPS split Papua and Papua Barat into six provinces; the
held-out model's predictions for the parts, benchmarked to their parent's
share, are compared with the published parts (``split_rmse_pp``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import expit, logit
from statsmodels.genmod.families import Binomial
from statsmodels.genmod.generalized_linear_model import GLM
from statsmodels.regression.mixed_linear_model import MixedLM

from ucj.informal.benchmark import benchmark_frame
from ucj.informal.covariates import ALL_COVARIATES, COVARIATE_SETS

METHODS: tuple[str, ...] = ("province_share", "glm", "glm_province_fixed", "glm_province_random")
NO_COVARIATES = "none"
"""Covariate-set label of ``province_share`` (it uses none)."""
FIT_FIRST_YEAR = 2020
"""First year of the verified BPS province table (indicator 1168 export) used for fitting."""
SELECTION_METRIC = "rmse_pp"


def candidate_name(method: str, covariate_set: str) -> str:
    """The candidate's name in the CV table: ``method:covariate_set``."""
    return f"{method}:{covariate_set}"


def candidates(
    methods: tuple[str, ...] = METHODS, sets: dict[str, tuple[str, ...]] | None = None
) -> list[tuple[str, str]]:
    """Every (method, covariate set) pair to cross-validate, in table order."""
    sets = COVARIATE_SETS if sets is None else sets
    out = []
    for method in methods:
        if method == "province_share":
            out.append((method, NO_COVARIATES))
        else:
            out.extend((method, name) for name in sets)
    return out


@dataclass(frozen=True)
class Standardizer:
    """Centre and scale of each covariate (regency-year mean and standard deviation)."""

    mean: pd.Series
    scale: pd.Series

    @classmethod
    def from_frame(cls, df: pd.DataFrame, columns: tuple[str, ...] | None = None) -> "Standardizer":
        cols = [c for c in (ALL_COVARIATES if columns is None else columns) if c in df.columns]
        scale = df[cols].std(ddof=0).replace(0.0, 1.0)
        return cls(df[cols].mean(), scale)

    def transform(self, df: pd.DataFrame) -> pd.DataFrame:
        cols = list(self.mean.index)
        return (df[cols] - self.mean) / self.scale


def province_panel(
    covariates: pd.DataFrame,
    employment: pd.DataFrame,
    keys: pd.DataFrame,
    anchors: pd.DataFrame,
    standardizer: Standardizer,
    regencies: pd.DataFrame,
) -> pd.DataFrame:
    """Province x year panel: anchor share, employed and employed-weighted standardised covariates.

    ``group`` is the BPS-2020 province the anchor belongs to (the unit left out
    in cross-validation); ``is_published`` is False for interpolated anchors.
    """
    d = covariates.merge(
        regencies[["bps_code_2020", "regency_code", "bps_province_code_2020"]],
        on="bps_code_2020",
        validate="many_to_one",
    )
    d = d.merge(
        employment[["regency_code", "year", "employed_count"]],
        on=["regency_code", "year"],
        validate="one_to_one",
    ).merge(keys, on=["regency_code", "year"], validate="one_to_one")
    z = standardizer.transform(d)
    w = d["employed_count"]
    num = z.mul(w, axis=0).groupby([d["anchor_key"], d["year"]]).sum()
    den = w.groupby([d["anchor_key"], d["year"]]).sum()
    panel = num.div(den, axis=0).reset_index()
    group = d.groupby("anchor_key")["bps_province_code_2020"].agg(["first", "nunique"])
    if (group["nunique"] > 1).any():
        raise ValueError("an anchor province spans several BPS-2020 provinces")
    panel["group"] = panel["anchor_key"].map(group["first"])
    a = anchors[["anchor_key", "year", "informal_share", "is_interpolated", "employed_count"]]
    panel = panel.merge(a, on=["anchor_key", "year"], validate="one_to_one")
    panel["is_published"] = ~panel["is_interpolated"]
    return panel.drop(columns="is_interpolated").sort_values(["year", "anchor_key"]).reset_index(drop=True)


def _dummies(values: pd.Series, levels: list, prefix: str) -> pd.DataFrame:
    arr = values.to_numpy()
    return pd.DataFrame(
        np.column_stack([arr == v for v in levels]).astype("float64"),
        index=values.index,
        columns=[f"{prefix}{v}" for v in levels],
    )


def _design(df: pd.DataFrame, years: list[int], covariates: tuple[str, ...]) -> pd.DataFrame:
    return pd.concat([_dummies(df["year"], years, "year_"), df[list(covariates)]], axis=1)


@dataclass
class FittedModel:
    """A fitted candidate: slopes on standardised covariates, their covariance, level terms."""

    name: str
    beta: pd.Series
    beta_cov: pd.DataFrame
    year_effects: pd.Series
    province_level: float = 0.0
    details: dict = field(default_factory=dict)
    standardizer: Standardizer | None = None
    """Set by the pipeline: the covariate scaling the model was fitted with."""
    covariate_set: str = "base"

    @property
    def covariates(self) -> list[str]:
        """The covariates of this model (the index of ``beta``), in order."""
        return list(self.beta.index)

    @property
    def candidate(self) -> str:
        """``method:covariate_set``, as in the CV table."""
        return candidate_name(self.name, self.covariate_set)

    def province_eta(self, df: pd.DataFrame) -> np.ndarray:
        """Logit prediction for provinces (or new areas) with standardised covariates in ``df``."""
        if self.name == "province_share":
            return df["year"].map(self.year_effects).to_numpy()
        level = df["year"].map(self.year_effects).to_numpy() + self.province_level
        return level + df[self.covariates].to_numpy() @ self.beta.to_numpy()

    def regency_eta(self, z: pd.DataFrame) -> np.ndarray:
        """Regency logit before benchmarking (levels omitted: benchmarking sets them)."""
        return z[self.covariates].to_numpy() @ self.beta.to_numpy()


def fit(name: str, panel: pd.DataFrame, covariate_set: str = "base") -> FittedModel:
    """Fit method ``name`` with ``covariate_set`` on the published rows of ``panel`` from
    `FIT_FIRST_YEAR` on."""
    train = panel[panel["is_published"] & (panel["year"] >= FIT_FIRST_YEAR)]
    years = sorted(train["year"].unique())
    if name == "province_share":
        share = (train["informal_share"] * train["employed_count"]).groupby(train["year"]).sum() / train[
            "employed_count"
        ].groupby(train["year"]).sum()
        return FittedModel(
            name,
            pd.Series(dtype="float64"),
            pd.DataFrame(dtype="float64"),
            logit(share),
            covariate_set=NO_COVARIATES,
        )
    if covariate_set not in COVARIATE_SETS:
        raise ValueError(f"unknown covariate set {covariate_set!r}; choose one of {list(COVARIATE_SETS)}")
    cols = list(COVARIATE_SETS[covariate_set])
    y = train["informal_share"]
    X = _design(train, years, tuple(cols))
    if name == "glm":
        res = GLM(y, X, family=Binomial()).fit(scale="X2")
        params, cov = res.params, res.cov_params()
        level = 0.0
        details = {"scale": float(res.scale), "df_resid": float(res.df_resid)}
    elif name == "glm_province_fixed":
        groups = sorted(train["group"].unique())
        dummies = _dummies(train["group"], groups[1:], "prov_")
        res = GLM(y, pd.concat([X, dummies], axis=1), family=Binomial()).fit(scale="X2")
        params, cov = res.params, res.cov_params()
        effects = np.r_[0.0, params[dummies.columns].to_numpy()]
        level = float(effects.mean())
        details = {"scale": float(res.scale), "df_resid": float(res.df_resid)}
    elif name == "glm_province_random":
        res = MixedLM(logit(y), X, groups=train["group"]).fit(reml=True)
        params = res.fe_params
        cov = res.cov_params().loc[params.index, params.index]
        level = 0.0
        details = {
            "scale": float(res.scale),
            "province_variance": float(res.cov_re.iloc[0, 0]),
            "converged": bool(res.converged),
        }
    else:
        raise ValueError(f"unknown method {name!r}; choose one of {METHODS}")
    year_effects = pd.Series({y_: float(params[f"year_{y_}"]) for y_ in years})
    return FittedModel(
        name,
        params[cols].astype("float64"),
        cov.loc[cols, cols].astype("float64"),
        year_effects,
        level,
        details,
        covariate_set=covariate_set,
    )


def _predict_held_out(model: FittedModel, held: pd.DataFrame) -> np.ndarray:
    years = held["year"]
    missing = set(years) - set(model.year_effects.index)
    if missing:
        raise ValueError(f"no year effect for {sorted(int(year) for year in missing)}")
    return expit(model.province_eta(held))


def cross_validate(
    panel: pd.DataFrame, methods: tuple[str, ...] = METHODS, sets: dict[str, tuple[str, ...]] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Leave-one-province-out cross-validation of every candidate (method x covariate set).

    ``sets`` restricts the covariate sets (default: all of `COVARIATE_SETS`).
    Returns the table (one row per candidate: ``candidate``, ``method``,
    ``covariate_set``, ``n_covariates``, ``rmse_pp``, ``mae_pp``, ``bias_pp``,
    ``rmse_logit``, ``split_rmse_pp``, counts, ``is_chosen``) and the held-out
    predictions (one row per candidate x province-year).
    """
    sets = COVARIATE_SETS if sets is None else sets
    data = panel[panel["is_published"] & (panel["year"] >= FIT_FIRST_YEAR)].copy()
    pairs = candidates(methods, sets)
    preds = []
    for name, cov_set in pairs:
        for group in sorted(data["group"].unique()):
            held = data[data["group"] == group].copy()
            model = fit(name, panel[panel["group"] != group], cov_set)
            held["predicted_share"] = _predict_held_out(model, held)
            held["method"] = name
            held["covariate_set"] = cov_set
            held["candidate"] = candidate_name(name, cov_set)
            preds.append(held)
    pred = pd.concat(preds, ignore_index=True)
    pred["error_pp"] = 100.0 * (pred["predicted_share"] - pred["informal_share"])
    pred["error_logit"] = logit(pred["predicted_share"]) - logit(pred["informal_share"])

    # The regency task in miniature: provinces split in two or more parts in a year.
    parts = pred.groupby(["candidate", "group", "year"])["anchor_key"].transform("size")
    split = pred[parts > 1].copy()
    if len(split):
        split["eta"] = logit(split["predicted_share"])
        split["bench_key"] = split["candidate"] + "|" + split["group"] + "|" + split["year"].astype(str)
        parent = (split["informal_share"] * split["employed_count"]).groupby(
            split["bench_key"]
        ).sum() / split["employed_count"].groupby(split["bench_key"]).sum()
        split["parent_share"] = split["bench_key"].map(parent)
        split["split_share"] = benchmark_frame(split, "eta", "employed_count", "bench_key", "parent_share")
        split["split_error_pp"] = 100.0 * (split["split_share"] - split["informal_share"])

    rows = []
    for name, cov_set in pairs:
        cand = candidate_name(name, cov_set)
        p = pred[pred["candidate"] == cand]
        row = {
            "candidate": cand,
            "method": name,
            "covariate_set": cov_set,
            "n_covariates": 0 if cov_set == NO_COVARIATES else len(sets[cov_set]),
            "rmse_pp": float(np.sqrt((p["error_pp"] ** 2).mean())),
            "mae_pp": float(p["error_pp"].abs().mean()),
            "bias_pp": float(p["error_pp"].mean()),
            "rmse_logit": float(np.sqrt((p["error_logit"] ** 2).mean())),
            "n_province_years": int(len(p)),
            "n_folds": int(p["group"].nunique()),
        }
        if len(split):
            s_ = split[split["candidate"] == cand]
            row["split_rmse_pp"] = float(np.sqrt((s_["split_error_pp"] ** 2).mean()))
            row["split_n"] = int(len(s_))
        rows.append(row)
    table = pd.DataFrame(rows)
    best = table[SELECTION_METRIC].idxmin()
    table["is_chosen"] = table.index == best
    table["selection_metric"] = SELECTION_METRIC
    return table, pred


def choose(cv_table: pd.DataFrame, method: str = "auto") -> tuple[str, str]:
    """The (method, covariate set) to use.

    ``"auto"``: the CV winner. A method name: that method with its best
    covariate set by CV. A candidate name ``method:covariate_set``: that one.
    """
    if method == "auto":
        row = cv_table.loc[cv_table["is_chosen"]].iloc[0]
    elif method in set(cv_table["candidate"]):
        row = cv_table.loc[cv_table["candidate"] == method].iloc[0]
    elif method in METHODS and method in set(cv_table["method"]):
        rows = cv_table[cv_table["method"] == method]
        row = rows.loc[rows[SELECTION_METRIC].idxmin()]
    else:
        raise ValueError(
            f"unknown method {method!r}; choose 'auto', one of {METHODS} "
            f"or a candidate of the CV table ({cv_table['candidate'].tolist()[:3]} ...)"
        )
    return str(row["method"]), str(row["covariate_set"])
