"""Checks and figures of the informal-workforce estimate, shown by notebook 01.

`checks` evaluates the issue's acceptance checks on an `InformalEstimates`
result and returns one row per check (value, limit, passed), so the notebook
shows them and stops if one fails. The plotting helpers draw on a given
matplotlib axis and return it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ucj.informal.benchmark import weighted_share
from ucj.informal.published_anchor import benchmarked_rows
from ucj.informal.uncertainty import HIGH_CV_THRESHOLD

NATIONAL_TOLERANCE = 0.01
"""Largest relative gap allowed between the national informal count and BPS (issue 4)."""


def bench_key(table: pd.DataFrame) -> pd.Series:
    """Benchmark group of each row: anchor province and year."""
    return table["anchor_geography"] + ":" + table["anchor_province_code"] + "|" + table["year"].astype(str)


def checks(result, year: int | None = None) -> pd.DataFrame:
    """Evaluate the acceptance checks; ``year`` restricts the national check to one year (default: all)."""
    t = result.table
    key = bench_key(t)
    benchmarked = t[benchmarked_rows(t, key)].assign(key=key)
    got = weighted_share(benchmarked, "informal_share", "employed_count", "key")
    want = benchmarked.groupby("key")["anchor_informal_share"].first().reindex(got.index)
    nat = result.national if year is None else result.national[result.national["year"] == year]
    rows = [
        (
            "benchmark: max |employed-weighted regency share - BPS province share| (pp; provinces "
            "not wholly published)",
            float(100 * (got - want).abs().max()),
            1e-6,
            None,
        ),
        (
            "national informal count vs BPS: max |relative gap| (%)",
            float(nat["informal_count_diff_pct"].abs().max()),
            100 * NATIONAL_TOLERANCE,
            None,
        ),
        (
            "national employed vs BPS: max |relative gap| (%)",
            float((100 * (nat["employed_count"] / nat["bps_employed_count"] - 1)).abs().max()),
            1e-6,
            None,
        ),
        (
            "intervals not containing the point estimate (rows)",
            int(
                (
                    (t["informal_count_p05"] > t["informal_count"])
                    | (t["informal_count"] > t["informal_count_p95"])
                    | (t["informal_share_p05"] > t["informal_share"])
                    | (t["informal_share"] > t["informal_share_p95"])
                ).sum()
            ),
            0,
            None,
        ),
        (
            "shares outside [0, 1] (rows)",
            int(
                (
                    ~t[["informal_share", "informal_share_p05", "informal_share_p95"]].stack().between(0, 1)
                ).sum()
            ),
            0,
            None,
        ),
        (
            "rows breaking informal <= employed <= working-age <= population",
            int(
                (
                    (t["informal_count"] > t["employed_count"])
                    | (t["employed_count"] > t["population_15plus_count"])
                    | (t["population_15plus_count"] > t["population_count"])
                ).sum()
            ),
            0,
            None,
        ),
        (
            f"regency-years with CV above {HIGH_CV_THRESHOLD:.0%} (flagged, not a failure)",
            int(t["is_high_cv"].sum()),
            None,
            True,
        ),
    ]
    out = pd.DataFrame(rows, columns=["check", "value", "limit", "passed"])
    out["passed"] = [
        bool(p) if p is not None else bool(v <= lim)
        for v, lim, p in zip(out["value"], out["limit"], out["passed"], strict=True)
    ]
    return out


def plot_cv_predictions(cv_predictions: pd.DataFrame, candidate: str, ax):
    """Held-out predicted vs published province shares (leave-one-province-out) for ``candidate``."""
    p = cv_predictions[cv_predictions["candidate"] == candidate]
    ax.scatter(100 * p["informal_share"], 100 * p["predicted_share"], s=14, c=p["year"], cmap="viridis")
    lim = [min(100 * p["informal_share"].min(), 100 * p["predicted_share"].min()) - 2, 100]
    ax.plot(lim, lim, color="grey", lw=1)
    ax.set_xlabel("BPS province informal share (%)")
    ax.set_ylabel("held-out prediction (%)")
    ax.set_title(f"Leave-one-province-out: {candidate}")
    return ax


def plot_cv_residuals(cv_predictions: pd.DataFrame, ax):
    """Held-out errors (percentage points) of every candidate, as box plots."""
    names = list(dict.fromkeys(cv_predictions["candidate"]))
    data = [cv_predictions.loc[cv_predictions["candidate"] == m, "error_pp"] for m in names]
    ax.boxplot(data, tick_labels=names, vert=False)
    ax.axvline(0, color="grey", lw=1)
    ax.set_xlabel("held-out error (percentage points)")
    ax.set_title("Cross-validation errors by candidate")
    return ax


def plot_cv_distribution(table: pd.DataFrame, year: int, ax):
    """Histogram of the regency CVs of the informal count in ``year``, with the 25% flag line."""
    cv = 100 * table.loc[table["year"] == year, "informal_cv"]
    ax.hist(cv, bins=np.arange(0, max(35.0, cv.max() + 2.5), 1.25), color="#4c72b0")
    ax.axvline(100 * HIGH_CV_THRESHOLD, color="crimson", ls="--", lw=1)
    ax.set_xlabel("CV of the informal count (%)")
    ax.set_ylabel("regencies")
    ax.set_title(f"Coefficient of variation, {year}")
    return ax


def plot_share_map(boundaries, table: pd.DataFrame, year: int, ax, province: str | None = None):
    """Choropleth of the regency informal share in ``year`` (optionally one province)."""
    data = table[table["year"] == year][["regency_code", "province_code", "informal_share", "is_high_cv"]]
    gdf = boundaries[["regency_code", "geometry"]].merge(data, on="regency_code", how="inner")
    if province is not None:
        gdf = gdf[gdf["province_code"] == province]
    gdf = gdf.assign(informal_pct=100 * gdf["informal_share"])
    gdf.plot(
        column="informal_pct",
        ax=ax,
        cmap="YlOrRd",
        legend=True,
        linewidth=0.1,
        edgecolor="white",
        legend_kwds={"label": "informal share of the employed (%)", "shrink": 0.6},
    )
    if gdf["is_high_cv"].any():
        gdf[gdf["is_high_cv"]].plot(ax=ax, facecolor="none", edgecolor="black", hatch="///", linewidth=0.3)
    ax.set_axis_off()
    ax.set_title(f"Informal share by regency, August {year} (estimate; hatched: CV > 25%)")
    return ax


def plot_change_map(boundaries, change: pd.DataFrame, column: str, ax, title: str, label: str):
    """Diverging choropleth of a before/after change per regency (`comparison.BeforeAfter.regencies`).

    The colour scale is symmetric around zero and clipped at the 98th
    percentile of the absolute change, so a few extreme regencies do not wash
    out the rest (their colour saturates).
    """
    gdf = boundaries[["regency_code", "geometry"]].merge(
        change[["regency_code", column]], on="regency_code", how="inner"
    )
    lim = float(np.nanpercentile(gdf[column].abs(), 98)) or 1.0
    gdf.plot(
        column=column,
        ax=ax,
        cmap="RdBu_r",
        vmin=-lim,
        vmax=lim,
        legend=True,
        linewidth=0.1,
        edgecolor="white",
        legend_kwds={"label": label, "shrink": 0.6},
    )
    ax.set_axis_off()
    ax.set_title(title)
    return ax
