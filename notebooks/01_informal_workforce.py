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
# supplied in `data/inputs/direct_estimates.csv`. (2) The 15+ population is BPS's mid-2024 regency
# population with the regency's own 15+ share, carried back to 2018–2023 with its province's growth
# (no single-year regency population is published in the data); 2018–2022 Sakernas rounds were
# weighted to the older SUPAS2015-based projections, so those years are on a different basis (see
# section 2) and are calibrated to BPS's national August total of their own round. (3) The model
# is fitted on provinces and applied to regencies (an ecological step); its error at regency level
# is approximated by its out-of-sample error at province level.

# %% tags=["parameters"]
year: int = 2024  # August round to show (2018-2024)
method: str = "auto"  # "auto" (chosen by CV), one of ucj.informal.model.METHODS, "method:covariate_set"
province: str = None  # Kemendagri 2025 province code (e.g. "35" Jawa Timur) to zoom on, or None

# %% tags=["remove-input"]
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display
from scipy.special import expit

from ucj import catalog, figures, stages
from ucj.informal import comparison, diagnostics, employment, population
from ucj.informal import uncertainty as unc
from ucj.informal.covariates import COVARIATE_SETS
from ucj.informal.model import METHODS

pd.set_option("display.width", 160)
if year not in employment.YEARS:
    raise ValueError(f"year {year!r} is not covered; choose one of {list(employment.YEARS)}")
if method != "auto" and method.split(":")[0] not in METHODS:
    raise ValueError(
        f"method {method!r} unknown; choose 'auto', one of {list(METHODS)} or "
        f"'method:covariate_set' with a set of {list(COVARIATE_SETS)}"
    )
regencies = catalog.read(catalog.REGENCIES)
if province is not None and province not in set(regencies["province_code"]):
    raise ValueError(
        f"province {province!r} is not a Kemendagri 2025 province code; example: '35' (Jawa Timur)"
    )

# While the informal stage is current, its own estimates (method "auto") and the previous estimate
# compared with them below are taken from it; otherwise they are computed here, with the
# cross-validation of every candidate (the slow step, ~9 s) re-run after a change to its code, data
# or inputs.
stale = stages.stage("informal").stale_reason()
result, previous = stages.informal_results(method)
table = result.table
chosen = result.model.candidate
display(
    Markdown(
        f"Model used: **{chosen}** (method parameter: `{method}`); "
        f"estimate methods in the table: {', '.join(sorted(table['estimate_method'].unique()))}. "
        + (
            "Cross-validation: read from the processed tables (current)."
            if stale is None
            else f"Cross-validation: re-run here, because the processed tables are not current ({stale}); "
            "run `make data` to update them."
        )
    )
)

# %% [markdown]
# ## 1. Method
#
# 1. **Working-age population** = BPS mid-2024 regency population (table 2790) × the regency's own
#    15+ share (100 − % aged 0–14), carried to each August round with its province's average annual
#    growth between SP2020 and 2024 (total and 15+ separately, so provincial ageing is kept); the
#    previous base (Dukcapil Dec 2024 × province SP2020 15+ share) stays the fallback for a regency
#    BPS does not list (flagged; none in the shipped data). **Employed** = working-age × TPAK × (1 − TPT),
#    with the regency's August TPAK/TPT; a missing value is carried forward from the latest earlier
#    year (flagged in the table).
# 2. **Calibration**: one factor per year scales every regency so that the employed add up to the
#    BPS national August figure of that round (on its own weighting basis).
# 3. **Anchors**: BPS province informal shares (`province_informal_share_2015_2024.csv`, a verbatim
#    BPS table; the 2021–2022 alternative disagrees with BPS by up to 5.5 points). 2019 is not
#    published anywhere stored: it is interpolated on the logit scale between 2018 and 2020 and
#    shifted to the BPS national 2019 share (flagged). 2024 uses BPS's 38 provinces.
# 4. **Model**: candidates (every method × every covariate set, including the economic-structure
#    covariates) fitted on the province panel (2020–2024) with covariates aggregated from regencies;
#    leave-one-province-out cross-validation picks one (section 3).
# 5. **Benchmarking**: one logit shift per province and year makes the employed-weighted regency
#    shares equal the BPS province share.
# 6. **Uncertainty**: a seeded Monte Carlo re-runs calibration, model and benchmarking in every
#    draw (section 5).

# %% [markdown]
# ## 2. Working-age population and calibration to BPS national totals
#
# **Which base?** Each candidate base's uncalibrated 15+ total is compared with BPS's own national
# working-age population (Sakernas August, 2020–2024; calibration forces the employed, not this
# figure, so the gap is an honest check). The base with the smallest mean absolute gap is used.

# %% tags=["remove-input"]
bases = population.compare_bases(regencies, employment.national_targets(), employment.YEARS)
display(bases.set_index("basis").dropna(axis=1, how="all").round(3))
display(
    Markdown(
        f"Used: **{population.DEFAULT_BASIS}** (% gaps to BPS's national working-age population; "
        "2018 and 2019 have no BPS working-age figure in the data)."
    )
)

# %% [markdown]
# **The 2023 Sakernas weighting break.** From August 2023 Sakernas is weighted to the SP2020-based
# population projections; the rounds of 2018–2022 were weighted to the older SUPAS2015-based ones
# (regency working-age populations jump between 2022 and 2023, −12% to +20% in Jawa Tengah).
# Regency populations on the older basis are not in the data, so the 2018–2022 estimates use the
# SP2020-based back-cast and are calibrated, year by year, to the national employed figure BPS
# published for that round. Their national totals are therefore on BPS's published (older) basis,
# but their distribution across regencies follows the SP2020-based projections: compare regency
# counts across 2022–2023 with care.

# %% tags=["remove-input"]
cal = result.calibration[
    [
        "year",
        "employed_uncalibrated",
        "employed_target",
        "adjustment_pct",
        "working_age_calibrated",
        "working_age_bps",
        "working_age_vs_bps_pct",
    ]
].copy()
for col in ["employed_uncalibrated", "employed_target", "working_age_calibrated", "working_age_bps"]:
    cal[col] = (cal[col] / 1e6).round(2)
display(cal.rename(columns=lambda c: c.replace("_", " ")).set_index("year").round(2))
display(
    Markdown(
        "Millions of persons. *adjustment pct*: how far calibration moved the regency total; "
        "*working age vs bps pct*: the implied 15+ population against BPS's, where published "
        "(a check the calibration does not force)."
    )
)
pop_years = result.table.groupby("year")[["population_count", "population_15plus_count"]].sum() / 1e6
display(Markdown("Population and calibrated 15+ population used, millions (estimates):"))
display(pop_years.round(2))

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
# others and the held-out shares are predicted. Every candidate is a method × covariate set: the
# base set, the base set plus each economic-structure covariate (GRDP secondary share; informality
# of the working poor, 2023 — a structural proxy, never a target; desa share of villages, i.e.
# urbanity; population density from BPS instead of Dukcapil), and all of them together. `rmse_pp`
# (root mean squared error, percentage points) decides; every candidate is shown, the losers too.
# `split_rmse_pp` is the regency task in miniature: the 2024 parts of Papua and Papua Barat
# predicted from the model and benchmarked to their parent's share. `coverage_90`: share of held-out
# province-years inside a 90% interval whose width comes from the other folds' errors (it should be
# near 90%; the same CV error sets the Monte Carlo's model error).

# %% tags=["remove-input"]
before_after = comparison.before_after(result, regencies, year=year, previous=previous)
display(
    Markdown("**Before and after** (before: Dukcapil base and the base covariates, the previous method):")
)
display(before_after.cv.set_index(["run", "candidate"]).round(3))
fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
if len(result.cv_predictions):
    diagnostics.plot_cv_predictions(result.cv_predictions, chosen, axes[0])
    diagnostics.plot_cv_residuals(result.cv_predictions, axes[1])
fig.tight_layout()
figures.show(fig)

# %% tags=["remove-input"]
coef = pd.DataFrame(
    {
        "coefficient (per SD)": result.model.beta,
        "std. error": result.model.beta_cov.to_numpy().diagonal() ** 0.5,
    }
)
if result.model.standardizer is not None:
    coef["SD of covariate"] = result.model.standardizer.scale
display(
    Markdown(
        f"Slopes of **{chosen}** on the logit of the informal share (standardised covariates; "
        "after benchmarking only these slopes shape the regency estimates):"
    )
)
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
figures.show(fig)
worst = panel.reindex(panel["residual_pp"].abs().sort_values(ascending=False).index).head(8)
display(worst[["anchor_key", "year", "informal_share", "fitted", "residual_pp"]].round(3))

# %% [markdown]
# ## 5. Uncertainty
#
# Error variances (logit scale) estimated from the data and drawn in the Monte Carlo; the CV is the
# standard deviation of the draws of a regency's informal count over its point estimate.

# %% tags=["remove-input"]
display(result.variances.as_frame().set_index("component").round(4))
if len(result.cv_predictions):
    cov90 = unc.cv_interval_coverage(result.cv_predictions, chosen)
    display(
        Markdown(
            f"Honesty check of the widths: a 90% interval from the cross-validated error covers "
            f"**{100 * cov90['coverage']:.1f}%** of {cov90['n']} held-out province-years "
            "(target 85–95%)."
        )
    )
fig, ax = plt.subplots(figsize=(7, 3.5))
diagnostics.plot_cv_distribution(table, year, ax)
figures.show(fig)
ty = table[table["year"] == year]
display(
    Markdown(
        f"{year}: median CV {100 * ty['informal_cv'].median():.1f}%, maximum "
        f"{100 * ty['informal_cv'].max():.1f}%; "
        f"**{int(ty['is_high_cv'].sum())} of {len(ty)} regencies** have a CV above 25%."
    )
)

# %% [markdown]
# ### Do the intervals hold at the regency level? Published BPS regency figures
#
# The province-level check above cannot see a regency's own deviation. The published BPS regency
# figures (`data/raw/informal_published/`, never used to fit) can: for each one, the estimate of its
# regency and year, its 90% interval before widening, and whether it holds the figure. The extra
# regency variance that makes 90% of them fall inside sets every interval's width; the held-out share
# leaves one province out at a time. A figure of a round after the last estimated year (August 2025) is
# set against the last estimate moved by its province's trend. The last row: the estimates anchored by
# the regency's own figure of another round (`ucj.informal.published_anchor`; the persistence of the
# gap is chosen by the data on these pairs).

# %% tags=["remove-input"]
check = result.regency_validation
if check is None:
    display(
        Markdown(
            "No published regency figure is in the data: the intervals are not checked at regency level."
        )
    )
else:
    display(check.summary.round(3).set_index("group"))
    if check.covariate_candidates is not None:
        display(
            Markdown(
                "Which covariates explain the model's regency-level misses (least squares on the logit gap, "
                "judged by the held-out error of the corrected shares, one province left out at a time; "
                "the chosen correction moves only regencies without a figure of their own):"
            )
        )
        display(check.covariate_candidates.round(3).set_index("candidate"))
    shown = check.figures[
        [
            "regency_code",
            "year",
            "published_share",
            "informal_share",
            "informal_share_p05",
            "informal_share_p95",
            "error_pp",
            "inside_before",
            "inside_held_out",
            "definition",
            "source",
        ]
    ]
    display(shown.round(3))

# %% [markdown]
# ## 6. Map

# %% tags=["remove-input"]
boundaries = catalog.read(catalog.REGENCY_BOUNDARIES)
fig, ax = plt.subplots(figsize=(14, 6) if province is None else (8, 8))
diagnostics.plot_share_map(boundaries, table, year, ax, province=province)
figures.show(fig)

# %% tags=["remove-input"]
names = regencies[["regency_code", "regency_name", "province_name"]]
show = ty.merge(names, on="regency_code")
if province is not None:
    show = show[show["province_code"] == province]
cols = [
    "regency_code",
    "regency_name",
    "employed_count",
    "informal_count",
    "informal_count_p05",
    "informal_count_p95",
    "informal_share",
    "informal_share_p05",
    "informal_share_p95",
    "informal_cv",
    "estimate_method",
    "is_tpt_carried_forward",
    "is_tpak_carried_forward",
]
show = show[cols].sort_values("informal_share")
for col in ["employed_count", "informal_count", "informal_count_p05", "informal_count_p95"]:
    show[col] = show[col].round(-2).astype("int64")
where = f" in province {province}" if province else ""
display(Markdown(f"Lowest and highest informal shares{where}:"))
display(pd.concat([show.head(8), show.tail(8)]).set_index("regency_code").round(3))

# %% [markdown]
# ## 7. What changed with the BPS population base and the economic covariates
#
# The previous estimate (Dukcapil base, base covariates) rebuilt with the same code, against the
# current one, for the year shown. Province informal shares are the BPS anchors in both, so a
# province's informal share cannot change; its counts move with its employed.

# %% tags=["remove-input"]
ba = before_after
nat_change = ba.national.set_index("level")
display(
    Markdown(
        f"National, {ba.year}: employed {nat_change['employed_count_before'].iloc[0] / 1e6:.2f} M → "
        f"{nat_change['employed_count_after'].iloc[0] / 1e6:.2f} M (calibrated to BPS in both); "
        f"informal {nat_change['informal_count_before'].iloc[0] / 1e6:.2f} M → "
        f"{nat_change['informal_count_after'].iloc[0] / 1e6:.2f} M "
        f"({nat_change['informal_count_change_pct'].iloc[0]:+.2f}%)."
    )
)
prov_cols = [
    "province_name",
    "employed_count_before",
    "employed_count_after",
    "employed_count_change_pct",
    "informal_count_before",
    "informal_count_after",
    "informal_count_change_pct",
]
prov = ba.provinces[prov_cols].copy()
for col in ["employed_count_before", "employed_count_after", "informal_count_before", "informal_count_after"]:
    prov[col] = (prov[col] / 1e3).round(1)
display(Markdown("By province (thousands of persons; estimates):"))
display(prov.set_index("province_name").round(2))
mover_cols = [
    "regency_code",
    "regency_name",
    "province_name",
    "employed_count_before",
    "employed_count_after",
    "employed_count_change_pct",
    "informal_share_before",
    "informal_share_after",
    "informal_share_change_pp",
]
display(Markdown("Regencies that moved most — employed (%):"))
employed_movers = comparison.movers(ba.regencies, "employed_count_change_pct")
display(employed_movers[mover_cols].set_index("regency_code").round(3))
display(Markdown("— informal share (percentage points):"))
share_movers = comparison.movers(ba.regencies, "informal_share_change_pp")
display(share_movers[mover_cols].set_index("regency_code").round(3))

# %% tags=["remove-input"]
fig, axes = plt.subplots(2, 1, figsize=(14, 11))
diagnostics.plot_change_map(
    boundaries,
    ba.regencies,
    "employed_count_change_pct",
    axes[0],
    f"Change in employed persons, August {ba.year} (after vs before, %)",
    "change (%)",
)
diagnostics.plot_change_map(
    boundaries,
    ba.regencies,
    "informal_share_change_pp",
    axes[1],
    f"Change in the informal share, August {ba.year} (after vs before, pp)",
    "change (percentage points)",
)
fig.tight_layout()
figures.show(fig)

# %% [markdown]
# ## 8. Checks

# %% tags=["remove-input"]
check_table = diagnostics.checks(result)
display(check_table.set_index("check"))
failed = check_table.loc[~check_table["passed"], "check"].tolist()
if failed:
    raise AssertionError(f"checks failed: {failed}")
