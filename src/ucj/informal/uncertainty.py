"""Seeded Monte Carlo: 90% intervals and CVs of each regency's employed, informal count and share.

Every source of error the data let us size is drawn, and the whole chain
(calibration, model, benchmarking) is re-run inside each draw, so the
intervals respect the constraints: each draw's employed persons add up to the
BPS national figure and each draw's regency shares add up to that draw's
province share. Error variances are estimates computed from the data (none is
typed in); each is on the logit scale:

``population_growth`` / ``age_share``
    error of the working-age base (`population`). On the BPS base the 2024
    level and 15+ share are the regency's own; other years carry them with the
    province's growth, so the error is the regency's departure from that
    growth: the variance across the 34 provinces of the annual log growth of
    the 15+ population (SP2020 to 2024) is the proxy, times the squared number
    of years from mid-2024, converted to the logit 15+ share (divided by
    1 - share). A regency on the Dukcapil fallback (province SP2020 15+ share)
    draws ``age_share`` instead: the variance of the logit 15+ share across
    provinces, a proxy for the spread of regencies around their province. One
    standard-normal draw per regency, shared by all years (a persistent trait),
    scaled by each year's standard deviation (`working_age_sd`).
``rate_noise`` / ``rate_carry``
    the regency employment-to-population ratio TPAK x (1 - TPT) from Sakernas
    has sampling error: residual variance of its logit after regency and
    province-year effects, 2018-2024 (an upper bound: it also holds real
    regency-specific change). A value carried forward ``k`` years has the
    variance of the observed k-year change (net of the national change) minus
    one noise variance. Independent across years.
``anchor_published`` / ``anchor_interpolated`` / ``anchor_carried``
    error of the BPS province share, or of one interpolated or carried forward
    (`anchors.anchor_error_variances`);
    independent across provinces and years.
``model_residual``
    regency deviation from the model: the leave-one-province-out mean squared
    logit error of the chosen method, less the anchor error (drawn
    separately). One draw per regency, shared by all years. The model's slope
    estimates are drawn from their estimated covariance as well.
Composite (Fay-Herriot) rows draw their logit from N(EBLUP, Prasad-Rao MSE)
instead of the model.

Not drawn: the sampling error of the BPS national employed total (calibration
treats it as exact), the error of BPS's 2024 regency projection itself and any
error of the Dukcapil population counts.

The CV is the standard deviation of the draws over the point estimate. The
point estimate is the deterministic pipeline value; when it falls outside the
5th-95th percentile of the draws (possible for strongly skewed draws), the
interval is widened to include it and ``is_interval_widened`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import expit, logit

from ucj.informal.benchmark import solve_logit_shift

SEED = 20_240_801
"""Fixed seed of the Monte Carlo (numpy default_rng): same inputs, same file."""
N_DRAWS = 2000
INTERVAL_PERCENTILES = (5.0, 95.0)
HIGH_CV_THRESHOLD = 0.25


@dataclass(frozen=True)
class ErrorVariances:
    """Logit-scale error variances drawn by `simulate` (see the module docstring)."""

    age_share: float
    rate_noise: float
    rate_carry: dict[int, float]
    anchor_published: float
    anchor_interpolated: float
    model_residual: float
    anchor_carried: float = 0.0
    """Logit variance of a province share carried forward from its latest published year."""
    notes: dict = field(default_factory=dict)
    population_growth: float = 0.0
    """Variance of the annual log growth of the 15+ population (per year squared); see the module doc."""

    def rate_variance(self, gap: np.ndarray) -> np.ndarray:
        """Variance of the logit employment ratio for values carried ``gap`` years (0 = observed)."""
        gap = np.asarray(gap, dtype="int64")
        out = np.full(gap.shape, self.rate_noise, dtype="float64")
        if self.rate_carry:
            longest = max(self.rate_carry)
            for k in np.unique(gap[gap > 0]):
                out[gap == k] = self.rate_carry.get(int(k), self.rate_carry[longest])
        return out

    def as_frame(self) -> pd.DataFrame:
        """One row per component (name, logit variance, logit sd) for the notebook."""
        rows = [
            ("population_growth_per_year", self.population_growth),
            ("age_share", self.age_share),
            ("rate_noise", self.rate_noise),
        ]
        rows += [(f"rate_carry_{k}y", v) for k, v in sorted(self.rate_carry.items())]
        rows += [
            ("anchor_published", self.anchor_published),
            ("anchor_interpolated", self.anchor_interpolated),
            ("anchor_carried", self.anchor_carried),
            ("model_residual", self.model_residual),
        ]
        df = pd.DataFrame(rows, columns=["component", "logit_variance"])
        df["logit_sd"] = np.sqrt(df["logit_variance"])
        return df


def age_share_variance(shares_15plus: pd.Series) -> float:
    """Variance of the logit 15+ population share across provinces."""
    return float(np.var(logit(shares_15plus.to_numpy()), ddof=1))


def working_age_sd(
    share_15plus: np.ndarray,
    years_from_reference: np.ndarray,
    is_dukcapil: np.ndarray,
    variances: ErrorVariances,
) -> np.ndarray:
    """Logit-scale standard deviation of each regency's working-age base in one year.

    BPS base: sqrt(growth variance) x |years from mid-2024| / (1 - 15+ share)
    (a log error of the 15+ count as a logit shift of the share). Dukcapil
    fallback: sqrt(``age_share``).
    """
    share = np.asarray(share_15plus, dtype="float64")
    gap = np.abs(np.asarray(years_from_reference, dtype="float64"))
    bps_sd = np.sqrt(variances.population_growth) * gap / (1.0 - share)
    return np.where(np.asarray(is_dukcapil, dtype=bool), np.sqrt(variances.age_share), bps_sd)


def _two_way_residuals(y: np.ndarray, a: np.ndarray, b: np.ndarray, n_iter: int = 200) -> np.ndarray:
    """Residuals of y on two sets of fixed effects (codes a, b) by alternating projections."""
    r = y - y.mean()
    na, nb = a.max() + 1, b.max() + 1
    ca, cb = np.bincount(a, minlength=na), np.bincount(b, minlength=nb)
    for _ in range(n_iter):
        r_old = r
        r = r - (np.bincount(a, r, na) / ca)[a]
        r = r - (np.bincount(b, r, nb) / cb)[b]
        if np.max(np.abs(r - r_old)) < 1e-12:
            break
    return r


def rate_error_variances(tpt_tpak: pd.DataFrame, regencies: pd.DataFrame) -> tuple[float, dict[int, float]]:
    """Noise and carry-forward variances of the logit employment-to-population ratio.

    Uses the regency-years where both TPAK and TPT are observed.
    """
    d = tpt_tpak.dropna(subset=["tpt_pct", "tpak_pct"]).merge(
        regencies[["bps_code_2020", "bps_province_code_2020"]], on="bps_code_2020", validate="many_to_one"
    )
    d = d[(d["tpak_pct"] > 0) & (d["tpak_pct"] < 100)]
    epr = d["tpak_pct"].to_numpy() / 100.0 * (1.0 - d["tpt_pct"].to_numpy() / 100.0)
    y = logit(epr)
    reg = pd.factorize(d["bps_code_2020"])[0]
    py = pd.factorize(d["bps_province_code_2020"] + ":" + d["year"].astype(str))[0]
    r = _two_way_residuals(y, reg, py)
    dof = len(y) - (reg.max() + 1) - (py.max() + 1) + 1
    noise = float((r**2).sum() / dof)

    wide = pd.DataFrame({"code": d["bps_code_2020"].to_numpy(), "year": d["year"].to_numpy(), "y": y}).pivot(
        index="code", columns="year", values="y"
    )
    carry: dict[int, float] = {}
    years = sorted(wide.columns)
    for k in range(1, len(years)):
        diffs = []
        for t in years:
            if t - k in wide.columns:
                diff = (wide[t] - wide[t - k]).dropna()
                if len(diff) > 1:
                    diffs.append(diff - diff.mean())
        if diffs:
            e = pd.concat(diffs)
            var_k = float((e**2).sum() / (len(e) - len(diffs)))
            carry[k] = max(var_k - noise, noise)
    return noise, carry


@dataclass
class SimulationInput:
    """Arrays for one year, regencies in a fixed order (the same order every year)."""

    year: int
    population_count: np.ndarray
    share_15plus: np.ndarray
    employment_ratio: np.ndarray
    rate_gap: np.ndarray
    z: np.ndarray
    eta_synthetic: np.ndarray
    groups: np.ndarray
    anchor_share: np.ndarray
    anchor_is_interpolated: np.ndarray
    employed_target: float
    eta_composite: np.ndarray
    mse_composite: np.ndarray
    age_sd: np.ndarray | None = None
    """Per-regency logit sd of the 15+ share this year (`working_age_sd`); None: sqrt(age_share) for all."""
    anchor_is_carried: np.ndarray | None = None
    """Anchors carried forward from an earlier year (their variance is ``anchor_carried``); None: none."""


def simulate(
    inputs: list[SimulationInput],
    beta_cov: np.ndarray,
    variances: ErrorVariances,
    n_draws: int = N_DRAWS,
    seed: int = SEED,
) -> list[dict[str, np.ndarray]]:
    """Draw employed, informal share and count for every regency and year.

    Returns, per year, a dict of (D, N) arrays ``employed``, ``share``,
    ``informal``. Draw order is fixed, so the same inputs and seed give the
    same draws.
    """
    rng = np.random.default_rng(seed)
    n = len(inputs[0].population_count)
    k = beta_cov.shape[0]
    beta_dev = (
        rng.multivariate_normal(np.zeros(k), beta_cov, size=n_draws, method="eigh")
        if k
        else np.zeros((n_draws, 0))
    )
    age_z = rng.normal(0.0, 1.0, size=(n_draws, n))
    resid = rng.normal(0.0, np.sqrt(variances.model_residual), size=(n_draws, n))
    out = []
    for inp in inputs:
        rate_sd = np.sqrt(variances.rate_variance(inp.rate_gap))
        rate_dev = rng.normal(size=(n_draws, n)) * rate_sd
        n_groups = len(inp.anchor_share)
        anchor_var = np.where(
            inp.anchor_is_interpolated, variances.anchor_interpolated, variances.anchor_published
        )
        if inp.anchor_is_carried is not None:
            anchor_var = np.where(inp.anchor_is_carried, variances.anchor_carried, anchor_var)
        anchor_sd = np.sqrt(anchor_var)
        anchor_dev = rng.normal(size=(n_draws, n_groups)) * anchor_sd
        comp_dev = rng.normal(size=(n_draws, n))

        age_sd = np.sqrt(variances.age_share) if inp.age_sd is None else inp.age_sd
        s15 = expit(logit(inp.share_15plus) + age_z * age_sd)
        ratio = expit(logit(inp.employment_ratio) + rate_dev)
        raw = inp.population_count * s15 * ratio
        employed = raw * (inp.employed_target / raw.sum(axis=1))[:, None]

        eta = inp.eta_synthetic + beta_dev @ inp.z.T + resid if k else inp.eta_synthetic + resid
        composite = ~np.isnan(inp.eta_composite)
        if composite.any():
            eta[:, composite] = inp.eta_composite[composite] + comp_dev[:, composite] * np.sqrt(
                inp.mse_composite[composite]
            )
        anchors = expit(logit(inp.anchor_share) + anchor_dev)
        delta = solve_logit_shift(eta, employed, inp.groups, anchors)
        share = expit(eta + delta[:, inp.groups])
        out.append({"employed": employed, "share": share, "informal": employed * share})
    return out


def summarise(draws: dict[str, np.ndarray], point: dict[str, np.ndarray]) -> pd.DataFrame:
    """Percentile intervals and CVs of the draws around the point estimates.

    ``point`` holds ``employed``, ``share``, ``informal`` (N,) arrays. Returns
    one row per regency with ``*_p05``, ``*_p95``, ``*_cv`` and
    ``is_interval_widened``.
    """
    lo, hi = INTERVAL_PERCENTILES
    cols: dict[str, np.ndarray] = {}
    widened = np.zeros(len(point["share"]), dtype=bool)
    for name in ("employed", "share", "informal"):
        d = draws[name]
        p05, p95 = np.percentile(d, [lo, hi], axis=0)
        outside = (point[name] < p05) | (point[name] > p95)
        widened |= outside
        cols[f"{name}_p05"] = np.minimum(p05, point[name])
        cols[f"{name}_p95"] = np.maximum(p95, point[name])
        cols[f"{name}_cv"] = d.std(axis=0, ddof=1) / point[name]
    out = pd.DataFrame(cols)
    out["is_interval_widened"] = widened
    return out


def cv_interval_coverage(
    cv_predictions: pd.DataFrame, candidate: str, level: float = 0.90
) -> dict[str, float]:
    """Empirical coverage of the model's ``level`` intervals on held-out provinces (a check of the widths).

    The Monte Carlo's model error comes from the cross-validated logit RMSE;
    this checks that the width is honest without using a province's own error:
    for each held-out province (fold), the standard deviation is the logit
    RMSE of all *other* folds, the interval is the held-out prediction +/- z x
    sd on the logit scale, and coverage is the share of published province-
    years inside it. Returns ``coverage`` (0-1), ``n`` and ``mean_width_pp``.
    """
    from scipy.stats import norm

    p = cv_predictions[cv_predictions["candidate"] == candidate]
    if p.empty:
        raise ValueError(f"no held-out predictions for {candidate!r}")
    z = norm.ppf(0.5 + level / 2.0)
    sq = (p["error_logit"] ** 2).groupby(p["group"]).agg(["sum", "count"])
    other_sum = sq["sum"].sum() - sq["sum"]
    other_n = sq["count"].sum() - sq["count"]
    sd = np.sqrt(p["group"].map(other_sum / other_n).to_numpy())
    eta = logit(p["predicted_share"].to_numpy())
    lo, hi = expit(eta - z * sd), expit(eta + z * sd)
    y = p["informal_share"].to_numpy()
    inside = (y >= lo) & (y <= hi)
    return {
        "coverage": float(inside.mean()),
        "n": int(len(y)),
        "mean_width_pp": float(100 * (hi - lo).mean()),
    }
