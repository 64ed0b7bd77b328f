# %% [markdown]
# # Employed and informal workforce of every regency, with uncertainty
#
# Estimates, for each of the 514 regencies and each August round 2018–2024, the working-age
# population (15+), the labour force, the employed and the **informal workers (BPS status
# definition**: own-account, employer with temporary/unpaid help, casual agricultural and
# non-agricultural, unpaid family workers — not the ILO definition), with a 90% interval and a
# coefficient of variation. All logic is in `ucj.informal`; this notebook calls it and shows the
# method, the cross-validation that chose the model, diagnostics, a map and the checks.
#
# **Read first — three caveats.** (1) These are *model estimates*, not BPS figures: BPS publishes
# informal shares by province only; regency shares are synthetic (a model on regency covariates,
# benchmarked so that every province adds up to its BPS share) unless direct estimates are
# supplied in `data/inputs/direct_estimates.csv`. (2) There is no regency age structure: the 15+
# population applies the province SP2020 age structure to Dukcapil December 2024 population, then
# the employed are calibrated to BPS national August totals. (3) The model is fitted on provinces
# and applied to regencies (an ecological step); its error at regency level is approximated by
# its out-of-sample error at province level.

# %% tags=["parameters"]
year = 2024  # August round to show (2018-2024)
method = "auto"  # "auto" = chosen by leave-one-province-out CV, or one of ucj.informal.model.METHODS
province = None  # Kemendagri 2025 province code (e.g. "35" Jawa Timur) to zoom on, or None

# %% tags=["remove-input"]
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display
from scipy.special import expit

from ucj import geo, master
from ucj.informal import diagnostics, employment, pipeline
from ucj.informal.model import METHODS

pd.set_option("display.width", 160)
if year not in employment.YEARS:
    raise ValueError(f"year {year!r} is not covered; choose one of {list(employment.YEARS)}")
if method != "auto" and method not in METHODS:
    raise ValueError(f"method {method!r} unknown; choose 'auto' or one of {list(METHODS)}")
regencies = master.read_master()
if province is not None and province not in set(regencies["province_code"]):
    raise ValueError(f"province {province!r} is not a Kemendagri 2025 province code; example: '35' (Jawa Timur)")

result = pipeline.estimate(regencies, method=method)
table = result.table
chosen = result.model.name
display(Markdown(f"Model used: **{chosen}** (method parameter: `{method}`); "
                 f"estimate methods in the table: {', '.join(sorted(table['estimate_method'].unique()))}."))

# %% [markdown]
# ## 1. Method
#
# 1. **Working-age population** = Dukcapil Dec 2024 population × province SP2020 15+ share.
#    **Employed** = working-age × TPAK × (1 − TPT), with the regency's August TPAK/TPT; a missing
#    value is carried forward from the latest earlier year (flagged in the table).
# 2. **Calibration**: one factor per year scales every regency so that the employed add up to the
#    BPS national August figure. Without it, the single population date and Dukcapil's higher
#    counts would bias every year.
# 3. **Anchors**: BPS province informal shares (`province_informal_share_2015_2024.csv`, a verbatim
#    BPS table; the 2021–2022 alternative disagrees with BPS by up to 5.5 points). 2019 is not
#    published anywhere stored: it is interpolated on the logit scale between 2018 and 2020 and
#    shifted to the BPS national 2019 share (flagged). 2024 uses BPS's 38 provinces.
# 4. **Model**: candidates fitted on the province panel (2020–2024) with covariates aggregated from
#    regencies; leave-one-province-out cross-validation picks one (section 3).
# 5. **Benchmarking**: one logit shift per province and year makes the employed-weighted regency
#    shares equal the BPS province share.
# 6. **Uncertainty**: a seeded Monte Carlo re-runs calibration, model and benchmarking in every
#    draw (section 5).

# %% [markdown]
# ## 2. Calibration to BPS national totals

# %% tags=["remove-input"]
cal = result.calibration[["year", "employed_uncalibrated", "employed_target", "adjustment_pct",
                          "working_age_calibrated", "working_age_bps", "working_age_vs_bps_pct"]].copy()
for col in ["employed_uncalibrated", "employed_target", "working_age_calibrated", "working_age_bps"]:
    cal[col] = (cal[col] / 1e6).round(2)
display(cal.rename(columns=lambda c: c.replace("_", " ")).set_index("year").round(2))
display(Markdown("Millions of persons. *adjustment pct*: how far calibration moved the regency total; "
                 "*working age vs bps pct*: the implied 15+ population against BPS's, where published "
                 "(a check the calibration does not force)."))

# %% tags=["remove-input"]
nat = result.national.copy()
for col in ["employed_count", "informal_count", "bps_employed_count", "bps_informal_count"]:
    nat[col] = (nat[col] / 1e6).round(2)
for col in ["informal_share", "bps_informal_share"]:
    nat[col] = (100 * nat[col]).round(2)
display(nat.set_index("year").round(3))

# %% [markdown]
# ## 3. Which model? Leave-one-province-out cross-validation
#
# Each BPS-2020 province is left out in turn (with its 2024 parts), the model is refitted on the
# others and the held-out shares are predicted. `rmse_pp` (root mean squared error, percentage
# points) decides. `split_rmse_pp` is the regency task in miniature: the 2024 parts of Papua and
# Papua Barat predicted from the model and benchmarked to their parent's share.

# %% tags=["remove-input"]
display(result.cv_table.set_index("method").round(3))
fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
if len(result.cv_predictions):
    diagnostics.plot_cv_predictions(result.cv_predictions, chosen, axes[0])
    diagnostics.plot_cv_residuals(result.cv_predictions, axes[1])
fig.tight_layout()
diagnostics.show(fig)

# %% tags=["remove-input"]
coef = pd.DataFrame({"coefficient (per SD)": result.model.beta,
                     "std. error": result.model.beta_cov.to_numpy().diagonal() ** 0.5})
if result.model.standardizer is not None:
    coef["SD of covariate"] = result.model.standardizer.scale
display(Markdown(f"Slopes of **{chosen}** on the logit of the informal share (standardised covariates; "
                 "after benchmarking only these slopes shape the regency estimates):"))
display(coef.round(4))

# %% [markdown]
# ## 4. Diagnostics: residuals of the chosen model on the province panel

# %% tags=["remove-input"]
panel = result.panel[result.panel["is_published"] & (result.panel["year"] >= 2020)].copy()
panel["fitted"] = expit(result.model.province_eta(panel))
panel["residual_pp"] = 100 * (panel["informal_share"] - panel["fitted"])
fig, axes = plt.subplots(1, 2, figsize=(12, 4))
axes[0].scatter(100 * panel["fitted"], panel["residual_pp"], s=12)
axes[0].axhline(0, color="grey", lw=1)
axes[0].set_xlabel("fitted province share (%)")
axes[0].set_ylabel("residual (pp)")
axes[0].set_title("In-sample residuals")
panel.boxplot(column="residual_pp", by="year", ax=axes[1])
axes[1].set_title("Residuals by year")
fig.suptitle("")
fig.tight_layout()
diagnostics.show(fig)
worst = panel.reindex(panel["residual_pp"].abs().sort_values(ascending=False).index).head(8)
display(worst[["anchor_key", "year", "informal_share", "fitted", "residual_pp"]].round(3))

# %% [markdown]
# ## 5. Uncertainty
#
# Error variances (logit scale) estimated from the data and drawn in the Monte Carlo; the CV is the
# standard deviation of the draws of a regency's informal count over its point estimate.

# %% tags=["remove-input"]
display(result.variances.as_frame().set_index("component").round(4))
fig, ax = plt.subplots(figsize=(7, 3.5))
diagnostics.plot_cv_distribution(table, year, ax)
diagnostics.show(fig)
ty = table[table["year"] == year]
display(Markdown(f"{year}: median CV {100 * ty['informal_cv'].median():.1f}%, maximum "
                 f"{100 * ty['informal_cv'].max():.1f}%; **{int(ty['is_high_cv'].sum())} of {len(ty)} regencies** "
                 "have a CV above 25%."))

# %% [markdown]
# ## 6. Map

# %% tags=["remove-input"]
boundaries = geo.read_boundaries()
fig, ax = plt.subplots(figsize=(14, 6) if province is None else (8, 8))
diagnostics.plot_share_map(boundaries, table, year, ax, province=province)
diagnostics.show(fig)

# %% tags=["remove-input"]
names = regencies[["regency_code", "regency_name", "province_name"]]
show = ty.merge(names, on="regency_code")
if province is not None:
    show = show[show["province_code"] == province]
cols = ["regency_code", "regency_name", "employed_count", "informal_count", "informal_count_p05",
        "informal_count_p95", "informal_share", "informal_share_p05", "informal_share_p95", "informal_cv",
        "estimate_method", "is_tpt_carried_forward", "is_tpak_carried_forward"]
show = show[cols].sort_values("informal_share")
for col in ["employed_count", "informal_count", "informal_count_p05", "informal_count_p95"]:
    show[col] = show[col].round(-2).astype("int64")
display(Markdown("Lowest and highest informal shares" + (f" in province {province}" if province else "") + ":"))
display(pd.concat([show.head(8), show.tail(8)]).set_index("regency_code").round(3))

# %% [markdown]
# ## 7. Checks

# %% tags=["remove-input"]
check_table = diagnostics.checks(result)
display(check_table.set_index("check"))
failed = check_table.loc[~check_table["passed"], "check"].tolist()
if failed:
    raise AssertionError(f"checks failed: {failed}")
