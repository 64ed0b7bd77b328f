"""Published regency figures first: a regency's own BPS figure pulls its estimates of every year.

The model predicts a regency's informal share from its province and covariates; what it cannot see
is the regency's own persistent deviation (commuter industry, a mine, a plantation). A published BPS
regency figure measures it: the logit gap between the figure and the estimate of its round (carried,
for a round after the last estimated year: `ucj.informal.regency_validation.carry_forward`). Every
estimate of that regency is moved by ``k`` times the gap of its latest figure, with ``k`` (0–1, the
share of the gap that persists across years) chosen by the data: on pairs of two figures of one
regency from different rounds, the gap of one predicts the other. The interval's extra variance for
anchored regencies is chosen on the same pairs (so that 90% hold), and how well it holds is measured
leaving one province out; regencies without a figure keep the model's widened interval.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import expit, logit

from ucj.informal.benchmark import benchmark_frame
from ucj.informal.regency_validation import Z90, choose_extra_variance

#: Candidate shares of a regency's gap that persist to its other years.
PERSISTENCE_GRID = np.round(np.linspace(0.0, 1.0, 21), 2)


@dataclass(frozen=True)
class Anchoring:
    """The chosen persistence, the extra variance of anchored estimates, the check pairs and a summary."""

    persistence: float
    extra_variance: float
    pairs: pd.DataFrame
    summary: pd.DataFrame
    gaps: pd.Series  # regency_code -> logit gap of its latest BPS-status figure


def latest_gaps(figures: pd.DataFrame) -> pd.Series:
    """Per regency, the logit gap (figure − estimate) of its latest BPS-status figure."""
    used = figures[figures["definition"] == "bps_status"].sort_values(["regency_code", "year"])
    return used.groupby("regency_code")["logit_error"].last()


def check_pairs(figures: pd.DataFrame) -> pd.DataFrame:
    """Every BPS-status figure matched with the latest figure of the same regency from another round
    (whose gap would anchor it): regency_code, province, year, logit_error, logit_sd, other_gap."""
    used = figures[figures["definition"] == "bps_status"]
    rows = []
    for code, grp in used.groupby("regency_code"):
        for row in grp.itertuples(index=False):
            others = grp[grp["round"] != row.round].sort_values("year")
            if len(others):
                rows.append(
                    (
                        code,
                        row.province,
                        row.year,
                        row.logit_error,
                        row.logit_sd,
                        others["logit_error"].iloc[-1],
                    )
                )
    return pd.DataFrame(
        rows, columns=["regency_code", "province", "year", "logit_error", "logit_sd", "other_gap"]
    )


def _mae_pp(pairs: pd.DataFrame, k: float) -> float:
    """Mean absolute error (percentage points) of the anchored estimates of the pairs' figures."""
    published = expit(pairs["estimate_logit"] + pairs["logit_error"])
    anchored = expit(pairs["estimate_logit"] + k * pairs["other_gap"])
    return float((anchored - published).abs().mean() * 100)


def choose(figures: pd.DataFrame) -> Anchoring:
    """Choose the persistence and the anchored extra variance on the check pairs (module doc)."""
    pairs = check_pairs(figures)
    est = figures.set_index(["regency_code", "year"])["informal_share"]
    gaps = latest_gaps(figures)
    if pairs.empty:
        summary = pd.DataFrame([{"pairs": 0, "regencies": 0, "provinces": 0}])
        return Anchoring(0.0, 0.0, pairs, summary, gaps)
    pairs["estimate_logit"] = logit(
        np.clip(
            [est[(c, y)] for c, y in zip(pairs["regency_code"], pairs["year"], strict=True)], 1e-6, 1 - 1e-6
        )
    )
    k = min(PERSISTENCE_GRID, key=lambda k: (_mae_pp(pairs, k), k))
    residual = (pairs["logit_error"] - k * pairs["other_gap"]).to_numpy()
    sd = pairs["logit_sd"].to_numpy()
    v = choose_extra_variance(residual, sd)
    held = np.full(len(pairs), np.nan)
    for prov in pairs["province"].unique():
        out = (pairs["province"] == prov).to_numpy()
        held[out] = choose_extra_variance(residual[~out], sd[~out])
    pairs["anchored_error_logit"] = residual
    pairs["inside_held_out"] = np.abs(residual) <= Z90 * np.sqrt(sd**2 + held)
    summary = pd.DataFrame(
        [
            {
                "pairs": len(pairs),
                "regencies": pairs["regency_code"].nunique(),
                "provinces": pairs["province"].nunique(),
                "persistence": k,
                "mae_pp_model": _mae_pp(pairs, 0.0),
                "mae_pp_anchored": _mae_pp(pairs, k),
                "bias_pp_anchored": float(
                    (
                        expit(pairs["estimate_logit"] + k * pairs["other_gap"])
                        - expit(pairs["estimate_logit"] + pairs["logit_error"])
                    ).mean()
                    * 100
                ),
                "extra_logit_variance": v,
                "inside_90_held_out": float(pairs["inside_held_out"].mean()),
            }
        ]
    )
    return Anchoring(k, v, pairs, summary, gaps)


def same_round(figures: pd.DataFrame) -> pd.Series:
    """(regency_code, year) -> the published BPS-status share of that very round, for the years the
    model estimates: these figures are the estimate (precedence), not an input to it."""
    rows = figures[(figures["definition"] == "bps_status") & (figures["year"] == figures["estimate_year"])]
    return rows.set_index(["regency_code", "year"])["published_share"]


def benchmarked_rows(table: pd.DataFrame, key: pd.Series) -> pd.Series:
    """Rows of the benchmark groups (``key``: province and year) that `apply` benchmarks: those with at
    least one regency that is not a published BPS figure. A group whose every regency has its own
    published figure of the round adds up to what those figures say, not to the province anchor."""
    return (table["estimate_method"] != "published").groupby(key).transform("any")


def apply(
    estimates: pd.DataFrame,
    anchoring: Anchoring,
    key: str | None = None,
    target: str | None = None,
    published: pd.Series | None = None,
    unanchored_shift: pd.Series | None = None,
) -> pd.DataFrame:
    """Every estimate of a regency with a figure moved on the logit scale by persistence × its gap,
    interval with it (counts at the estimate's employed count); ``is_anchored`` marks them.

    ``published`` ((regency_code, year) -> share, `same_round`): those rows take the published figure
    itself (``estimate_method`` "published"); the interval keeps the anchored model's width around it,
    because the sampling error of a BPS regency figure is not published with it (a stated assumption).
    Anchored rows that were synthetic become "composite" (model and the regency's own figures).
    ``unanchored_shift`` (regency_code -> logit shift, `ucj.informal.regency_covariates.correction`)
    moves the regencies without a figure of their own.

    With ``key`` and ``target`` (the benchmark group and its published share) the other shares are
    benchmarked again, so the province totals stay the published ones: a regency's own figure moves
    workers between the regencies of its province, never the province's total."""
    out = estimates.copy()
    old = logit(np.clip(out["informal_share"].to_numpy(), 1e-6, 1 - 1e-6))
    eta = old + out["regency_code"].map(anchoring.gaps).fillna(0.0).to_numpy() * anchoring.persistence
    if unanchored_shift is not None:
        without = ~out["regency_code"].isin(anchoring.gaps.index).to_numpy()
        eta[without] += out.loc[without, "regency_code"].map(unanchored_shift).fillna(0.0).to_numpy(float)
    fixed = np.zeros(len(out), dtype=bool)
    if published is not None and len(published):
        keys = list(zip(out["regency_code"], out["year"], strict=True))
        values = np.array([published.get(k, np.nan) for k in keys], dtype=float)
        fixed = ~np.isnan(values)
        eta[fixed] = logit(np.clip(values[fixed], 1e-6, 1 - 1e-6))
    if key is not None and target is not None:
        free = out.loc[~fixed].assign(_eta=eta[~fixed])
        w = out["employed_count"].to_numpy(float)
        share_fixed = pd.Series(np.where(fixed, w * expit(eta), 0.0), index=out.index)
        by_group = pd.DataFrame({"g": out[key], "w": w, "f": share_fixed})
        sums = by_group.groupby("g")[["w", "f"]].sum()
        free_w = by_group[~fixed].groupby("g")["w"].sum()
        needed = (out.groupby(key)[target].first() * sums["w"] - sums["f"]) / free_w
        free["_target"] = free[key].map(needed.clip(1e-6, 1 - 1e-6))
        eta[~fixed] = logit(
            np.clip(
                benchmark_frame(free, "_eta", "employed_count", key, "_target").to_numpy(), 1e-6, 1 - 1e-6
            )
        )
    shift = eta - old
    for column in ("informal_share", "informal_share_p05", "informal_share_p95"):
        out[column] = expit(logit(np.clip(out[column].to_numpy(), 1e-6, 1 - 1e-6)) + shift)
    ratio = out["informal_share"] / estimates["informal_share"].where(estimates["informal_share"] > 0, 1)
    for column in ("informal_count", "informal_count_p05", "informal_count_p95"):
        if column in out:
            out[column] = out[column] * ratio
    if "informal_count_p95" in out and "employed_count_p95" in out:
        out["informal_count_p95"] = np.minimum(out["informal_count_p95"], out["employed_count_p95"])
    if "formal_count" in out:
        out["formal_count"] = out["employed_count"] - out["informal_count"]
    out["is_anchored"] = out["regency_code"].isin(anchoring.gaps.index) & (anchoring.persistence > 0)
    if "estimate_method" in out:
        method = out["estimate_method"].where(
            ~(out["is_anchored"] & (out["estimate_method"] == "synthetic")), "composite"
        )
        out["estimate_method"] = method.where(~fixed, "published")
    return out
