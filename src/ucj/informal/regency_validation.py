"""Do the informal estimates hold at the regency level? Checked against published BPS regency figures.

The model is chosen and its error sized on province figures (leave one province out), which average
away the regency-to-regency deviation a regency interval must cover. The published regency figures
(`ucj.informal.published`, never used to fit anything) are the check: for each one, the estimate of
that regency and August round, its 90% interval, the error, and whether the interval holds it.

Interval widths then come from this check: the extra regency variance on the logit scale ``v`` is the
smallest that puts 90% of the published figures inside ``logit(estimate) ± 1.645·sqrt(s² + v)``
(``s``: the estimate's own logit sd, from its Monte Carlo interval); how well that holds on figures
not used to choose it is measured by leaving one province out at a time. Every estimate's interval
is widened on the logit scale by that ``v`` (counts with it, the employed count fixed), and the table
says it (``is_interval_widened``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import expit, logit

Z90 = 1.6448536269514722
LEVEL = 0.90


@dataclass(frozen=True)
class RegencyValidation:
    """Per published figure (``figures``), the summary (``summary``) and the chosen extra variance."""

    figures: pd.DataFrame
    summary: pd.DataFrame
    extra_variance: float
    covariate_candidates: pd.DataFrame | None = None  # `ucj.informal.regency_covariates.compare`


def _logit_sd(point: np.ndarray, p05: np.ndarray, p95: np.ndarray) -> np.ndarray:
    """The logit-scale sd implied by a 90% interval (the wider side)."""
    lo = logit(np.clip(point, 1e-6, 1 - 1e-6)) - logit(np.clip(p05, 1e-6, 1 - 1e-6))
    hi = logit(np.clip(p95, 1e-6, 1 - 1e-6)) - logit(np.clip(point, 1e-6, 1 - 1e-6))
    return np.maximum(lo, hi) / Z90


def choose_extra_variance(error: np.ndarray, sd: np.ndarray, level: float = LEVEL) -> float:
    """Smallest v >= 0 with ``level`` of |error| <= Z90·sqrt(sd² + v) (bisection; 0 when none is needed)."""
    if len(error) == 0:
        return 0.0

    def share(v: float) -> float:
        return float(np.mean(np.abs(error) <= Z90 * np.sqrt(sd**2 + v)))

    if share(0.0) >= level:
        return 0.0
    lo, hi = 0.0, 25.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if share(mid) >= level else (mid, hi)
    return hi


def regency_types(covariates: pd.DataFrame, regencies: pd.DataFrame) -> pd.Series:
    """regency_code -> kota, industrial, primary or other, defined from the data: a kabupaten is
    industrial when its GRDP secondary-sector share (manufacturing, utilities, construction) is in the
    top quarter of kabupaten, primary (agriculture and mining) when its primary share is, else other."""
    latest = covariates.sort_values("year").groupby("bps_code_2020").last()
    rows = regencies[["regency_code", "bps_code_2020"]].join(latest, on="bps_code_2020")
    kab = rows["is_kota"] == 0
    secondary_q = rows.loc[kab, "secondary_share_pct"].quantile(0.75)
    primary_q = rows.loc[kab, "primary_share_pct"].quantile(0.75)
    kind = np.select(
        [~kab, rows["secondary_share_pct"] >= secondary_q, rows["primary_share_pct"] >= primary_q],
        ["kota", "industrial", "primary"],
        "other",
    )
    return pd.Series(kind, index=rows["regency_code"].to_numpy())


def _held_out(m: pd.DataFrame, used: np.ndarray, groups: pd.Series) -> np.ndarray:
    """Per figure, the extra variance chosen without its group (a province, or a regency)."""
    held = np.full(len(m), np.nan)
    for g in groups.unique():
        out = (groups == g).to_numpy()
        train = used & ~out
        held[out] = choose_extra_variance(
            m.loc[train, "logit_error"].to_numpy(), m.loc[train, "logit_sd"].to_numpy()
        )
    return held


def validate(
    estimates: pd.DataFrame,
    published: pd.DataFrame,
    province_of: pd.Series,
    types: pd.Series | None = None,
) -> RegencyValidation:
    """Match published shares (`ucj.informal.published.shares`) to the estimates of their year; choose the
    extra variance; leave-one-province-out coverage. Only BPS-status figures (definition 'bps_status')
    choose the variance; 'unclear' ones are shown, not used."""
    cols = ["regency_code", "year", "informal_share", "informal_share_p05", "informal_share_p95"]
    est = pd.concat([estimates[cols], carry_forward(estimates[cols], published["year"], province_of)])
    m = published.merge(est, on=["regency_code", "year"], how="inner")
    m["estimate_year"] = np.minimum(m["year"], int(estimates["year"].max()))
    m["province"] = m["regency_code"].map(province_of)
    m["error_pp"] = (m["informal_share"] - m["published_share"]) * 100
    m["logit_error"] = logit(np.clip(m["published_share"], 1e-6, 1 - 1e-6)) - logit(
        np.clip(m["informal_share"], 1e-6, 1 - 1e-6)
    )
    m["logit_sd"] = _logit_sd(
        m["informal_share"].to_numpy(), m["informal_share_p05"].to_numpy(), m["informal_share_p95"].to_numpy()
    )
    m["inside_before"] = (m["published_share"] >= m["informal_share_p05"]) & (
        m["published_share"] <= m["informal_share_p95"]
    )
    used = (m["definition"] == "bps_status").to_numpy()
    v = choose_extra_variance(m.loc[used, "logit_error"].to_numpy(), m.loc[used, "logit_sd"].to_numpy())
    m["held_out_extra_variance"] = _held_out(m, used, m["province"])
    m["inside_held_out"] = np.abs(m["logit_error"]) <= Z90 * np.sqrt(
        m["logit_sd"] ** 2 + m["held_out_extra_variance"]
    )
    loro = _held_out(m, used, m["regency_code"])
    m["inside_held_out_regency"] = np.abs(m["logit_error"]) <= Z90 * np.sqrt(m["logit_sd"] ** 2 + loro)
    kota = m["regency_code"].str[3] == "7"
    m["regency_type"] = (
        m["regency_code"].map(types).fillna("other") if types is not None else np.where(kota, "kota", "other")
    )
    rows = []
    carried = (m["year"] > m["estimate_year"]).to_numpy()
    kind = m["regency_type"].to_numpy()
    for label, mask in [
        ("all (BPS status definition)", used),
        ("kota", used & kota.to_numpy()),
        ("kabupaten", used & ~kota.to_numpy()),
        ("kabupaten: industrial (top quarter of GRDP secondary share)", used & (kind == "industrial")),
        ("kabupaten: primary (top quarter of GRDP primary share)", used & (kind == "primary")),
        ("kabupaten: other", used & (kind == "other")),
        ("round of an estimated year", used & ~carried),
        ("later round (estimate carried)", used & carried),
        ("definition unclear", ~used),
    ]:
        g = m[mask]
        if g.empty:
            continue
        rows.append(
            {
                "group": label,
                "figures": len(g),
                "regencies": g["regency_code"].nunique(),
                "provinces": g["province"].nunique(),
                "mae_pp": float(g["error_pp"].abs().mean()) if len(g) else np.nan,
                "bias_pp": float(g["error_pp"].mean()) if len(g) else np.nan,
                "inside_90_before": float(g["inside_before"].mean()) if len(g) else np.nan,
                "inside_90_held_out": float(g["inside_held_out"].mean()) if len(g) else np.nan,
                "inside_90_held_out_regency": float(g["inside_held_out_regency"].mean())
                if len(g)
                else np.nan,
            }
        )
    summary = pd.DataFrame(rows)
    summary["extra_logit_variance"] = v
    return RegencyValidation(figures=m, summary=summary, extra_variance=v)


#: Years of estimates the province trend of a carried estimate is taken from.
TREND_YEARS = 4


def carry_forward(estimates: pd.DataFrame, years: pd.Series, province_of: pd.Series) -> pd.DataFrame:
    """Estimates for the published rounds after the last estimated year: each regency's last estimate
    moved on the logit scale by its province's trend (the slope of the mean logit share of its regencies
    over the last `TREND_YEARS` estimated years), interval moved with it. This is how the brief's latest
    estimate is used in a later year, so a later figure checks it as used."""
    last = int(estimates["year"].max())
    later = sorted({int(y) for y in years if int(y) > last})
    if not later:
        return estimates.iloc[:0]
    recent = estimates[estimates["year"] > last - TREND_YEARS].copy()
    recent["province"] = recent["regency_code"].map(province_of)
    recent["logit"] = logit(np.clip(recent["informal_share"], 1e-6, 1 - 1e-6))
    by_year = recent.groupby(["province", "year"])["logit"].mean().reset_index()
    slope = by_year.groupby("province").apply(
        lambda g: float(np.polyfit(g["year"], g["logit"], 1)[0]) if g["year"].nunique() > 1 else 0.0,
        include_groups=False,
    )
    base = estimates[estimates["year"] == last]
    shift_per_year = base["regency_code"].map(province_of).map(slope).fillna(0.0).to_numpy()
    parts = []
    for year in later:
        moved = base.copy()
        moved["year"] = year
        for column in ("informal_share", "informal_share_p05", "informal_share_p95"):
            centre = logit(np.clip(base[column].to_numpy(), 1e-6, 1 - 1e-6))
            moved[column] = expit(centre + shift_per_year * (year - last))
        parts.append(moved)
    return pd.concat(parts, ignore_index=True)


def widen(df: pd.DataFrame, extra_variance: float | np.ndarray) -> pd.DataFrame:
    """Every informal share interval widened on the logit scale by ``extra_variance`` around its point
    (counts with it, at the estimate's employed count); ``is_interval_widened`` set where it moved."""
    extra_variance = np.broadcast_to(np.asarray(extra_variance, dtype=float), (len(df),))
    if not (extra_variance > 0).any():
        return df
    out = df.copy()
    point = out["informal_share"].to_numpy()
    sd = _logit_sd(point, out["informal_share_p05"].to_numpy(), out["informal_share_p95"].to_numpy())
    half = Z90 * np.sqrt(sd**2 + extra_variance)
    centre = logit(np.clip(point, 1e-6, 1 - 1e-6))
    lo, hi = expit(centre - half), expit(centre + half)
    ratio_lo = lo / np.where(out["informal_share_p05"] > 0, out["informal_share_p05"], 1)
    ratio_hi = hi / np.where(out["informal_share_p95"] > 0, out["informal_share_p95"], 1)
    out["informal_share_p05"], out["informal_share_p95"] = lo, hi
    out["informal_count_p05"] = out["informal_count_p05"] * ratio_lo
    out["informal_count_p95"] = np.minimum(out["informal_count_p95"] * ratio_hi, out["employed_count_p95"])
    out["is_interval_widened"] = extra_variance > 0
    return out


def with_anchoring(validation: RegencyValidation, anchoring) -> RegencyValidation:
    """The summary with one more row: anchored estimates (`ucj.informal.published_anchor`) checked on
    figures of another round than the one anchoring them, and the persistence chosen."""
    a = anchoring.summary.iloc[0]
    if not a.get("pairs", 0):
        return validation
    row = {
        "group": "anchored by the regency's figure of another round",
        "figures": int(a["pairs"]),
        "regencies": int(a["regencies"]),
        "provinces": int(a["provinces"]),
        "mae_pp": float(a["mae_pp_anchored"]),
        "bias_pp": float(a["bias_pp_anchored"]),
        "inside_90_before": np.nan,
        "inside_90_held_out": float(a["inside_90_held_out"]),
        "extra_logit_variance": float(a["extra_logit_variance"]),
        "persistence": float(a["persistence"]),
        "mae_pp_model": float(a["mae_pp_model"]),
    }
    summary = pd.concat([validation.summary, pd.DataFrame([row])], ignore_index=True)
    return RegencyValidation(
        validation.figures, summary, validation.extra_variance, validation.covariate_candidates
    )
