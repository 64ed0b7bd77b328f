# %% [markdown]
# # Coverage projection: when does a regency reach universal coverage, and at what cost?
#
# BPJS Ketenagakerjaan coverage of one regency: the baseline (reported or modelled, with its
# sources), projections to the horizon (`horizon_year` in `config/projection.yml`) under each
# scenario of `config/scenarios.yml` with 50% and 90% bands, the year universal coverage is
# reached (or "not by" the horizon), the cost of the levers and
# of closing the gap now, the sensitivity of the answer to the lapse and quota assumptions, and
# a national view. All logic is in `ucj.projection`; change the parameters below and re-run.
#
# **Read first — three caveats.** (1) Where no figure is reported, the baseline is *modelled*:
# province totals (Dec 2023) allocated to regencies by their estimated workforce — no regency
# figures are published. (2) No BPU lapse rate is published: lapse is an explicit assumption
# (10% a year, range 5–20%) and drives much of the band. (3) Numerator = active participants;
# the denominator is stated on every chart (default: informal workers, BPS status definition,
# for BPU coverage); national UCJ targets use an unpublished denominator.

# %% tags=["parameters"]
regency_code: str = "12.14"  # Kemendagri 2025 code PP.RR as text (papermill: -r regency_code 12.14)
scenario: str = "all"  # a scenario id of config/scenarios.yml, or all
denominator: str = "informal"  # informal, employed or potential
threshold: float = 0.95  # universal coverage as a share of the denominator
lapse_rate: float = None  # None for Monte Carlo over the assumption range; a number fixes it
take_up: float = None  # None for Monte Carlo over the range; a number fixes it
quota: float = None  # None keeps the scenario file quotas; a number replaces every village quota
n_draws: int = 1000  # Monte Carlo draws
seed: int = 20260101  # the same seed gives the same answer
sensitivity_scenario: str = "village_100"  # scenario of the lapse x quota grid and the tornado

# %% tags=["remove-input"]

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

from ucj import figures, paths, stages
from ucj.brief import charts as brief_charts
from ucj.brief import context as brief_context
from ucj.brief.display import show_figure
from ucj.projection import assumptions as assumptions_mod
from ucj.projection import pipeline, plots, published, scenarios, sensitivity
from ucj.summary import charts as summary_charts

settings = assumptions_mod.read_settings(
    denominator=denominator, threshold=threshold, n_draws=n_draws, seed=seed
)
assume = assumptions_mod.load_assumptions().with_overrides(lapse_rate=lapse_rate, take_up=take_up)
# the project stage's own context when these are its settings and it is current; computed otherwise
ctx = stages.project_context(settings, assume)
# a code typed as a number (papermill -p regency_code 13.10 gives 13.1) is read back as typed;
# an unknown code is one line naming close matches
regency_code = str(brief_context.resolve_regency(ctx.master, regency_code)["regency_code"])
known = [s.id for s in ctx.scenarios]
if scenario != "all" and scenario not in known:
    raise ValueError(f"scenario {scenario!r} not in config/scenarios.yml; known: {known}")
chosen = [scenarios.with_lever_overrides(s, quota=quota) for s in ctx.scenarios if scenario in ("all", s.id)]
region = ctx.master.set_index("regency_code").loc[regency_code]
display(
    Markdown(
        f"**{region['regency_name']}** ({regency_code}), {region['province_name']} — "
        f"{int(region['desa_count'])} desa, {int(region['kelurahan_count'])} kelurahan. "
        f"Denominator: **{denominator}**; threshold {threshold:.0%}; {n_draws} draws, seed {seed}."
    )
)

# %% [markdown]
# ## 1. Coverage now: numerator, denominators, sources

# %% tags=["remove-input"]
base = ctx.baseline[ctx.baseline["regency_code"] == regency_code]
show = base[
    [
        "segment",
        "active_count",
        "as_of",
        "is_modelled",
        "coverage_of_employed",
        "coverage_of_informal",
        "coverage_of_potential",
        "source",
    ]
].copy()
show["active_count"] = show["active_count"].round(0).astype("Int64")
show["as_of"] = show["as_of"].dt.date
for col in ["coverage_of_employed", "coverage_of_informal", "coverage_of_potential"]:
    show[col] = (100 * show[col]).round(1)
display(
    show.rename(
        columns={
            "coverage_of_employed": "% of employed",
            "coverage_of_informal": "% of informal",
            "coverage_of_potential": "% of potential",
        }
    ).set_index("segment")
)
row = base.iloc[0]
display(
    Markdown(
        f"Denominators (Sakernas August {int(row['workforce_year'])}): employed "
        f"**{row['employed_count']:,.0f}**; "
        f"informal **{row['informal_count']:,.0f}** (90% interval {row['informal_count_p05']:,.0f}–"
        f"{row['informal_count_p95']:,.0f}); potential: "
        + (
            f"**{row['potential_count']:,.0f}** ({row['potential_source']})"
            if pd.notna(row["potential_count"])
            else "none supplied (`data/inputs/coverage_potential.csv`)"
        )
        + f". Workforce method: {row['workforce_method']}."
    )
)
targets = assume.targets
display(
    Markdown(
        "National targets (UCJ, official denominator not published): "
        + "; ".join(
            f"{r.document} {int(r.year) if pd.notna(r.year) else ''}: {r.coverage_pct:g}%"
            for r in targets.itertuples()
        )
        + "."
    )
)

# %% [markdown]
# ### How the baseline was chosen: published figures first, then a model chosen by cross-validation
#
# Precedence per regency and segment: the user's `data/inputs/reported_coverage.csv` > a figure
# published by an official source (`data/raw/coverage_published/`) > the model. The model allocates
# what each province's total leaves after the regencies with a known figure of the same date basis.
# Candidate allocations are compared by leave-one-province-out cross-validation against the published
# counts (computed in this run, not typed); the lowest median absolute % error is used, and its
# residuals set the baseline's uncertainty in the Monte Carlo draws.

# %% tags=["remove-input"]
res = ctx.baseline_result
cv = res.cv.table.drop(columns="description").set_index("candidate").round(3)
display(cv)
display(published.cv_use(ctx.figures[ctx.figures["source_kind"] == "published"]).set_index("reason"))
display(
    Markdown(
        f"Chosen: **{res.cv.chosen}**; sd of the log residual (robust): {res.cv.log_sd:.2f}, i.e. a modelled "
        f"baseline's 90% range is about ×{np.exp(-1.645 * res.cv.log_sd):.2f}–"
        f"×{np.exp(1.645 * res.cv.log_sd):.2f}. "
        f"Baselines by kind (all segments): "
        + ", ".join(
            f"{k}: {v}"
            for k, v in ctx.baseline[ctx.baseline["segment"] == "all"]["kind"].value_counts().items()
        )
        + (
            f". Provinces where known figures exceed the province total (remainder capped at zero): "
            f"{', '.join(res.capped.index)}."
            if len(res.capped)
            else "."
        )
    )
)
pred = res.cv.predictions[res.cv.predictions["candidate"] == res.cv.chosen]
fig, ax = plt.subplots(figsize=(4.8, 4.2))
ax.loglog(pred["count_2023"], pred["predicted"], "o", ms=3, alpha=0.6)
lims = [
    pred[["count_2023", "predicted"]].min().min() * 0.8,
    pred[["count_2023", "predicted"]].max().max() * 1.2,
]
ax.plot(lims, lims, "k--", lw=0.8)
ax.set_xlabel("published active participants (moved to Dec 2023)")
ax.set_ylabel("out-of-sample prediction")
ax.set_title(textwrap.fill(f"Leave-one-province-out: {res.cv.chosen}", 50), fontsize=9)
fig.tight_layout()
figures.show(fig, laid_out=True)
resolved = res.history["resolution"].replace("", "no conflict").value_counts()
display(
    Markdown(
        "Conflicting published rows, resolved by the stated rule (`ucj.projection.published.supersede`): "
        + ", ".join(f"{k} {v}" for k, v in resolved.items())
        + "."
    )
)
history = res.history[res.history["regency_code"] == regency_code]
display(Markdown(f"Published and reported figures for {region['regency_name']}: {len(history)}"))
if len(history):
    display(
        history[
            [
                "as_of",
                "metric",
                "segment",
                "group",
                "funder",
                "value",
                "unit",
                "source",
                "confidence",
                "resolution",
            ]
        ]
        .assign(as_of=lambda d: d["as_of"].dt.date)
        .set_index("as_of")
    )

# %% [markdown]
# ## 2. Projections: median, 50% and 90% bands, per scenario

# %% tags=["remove-input"]
one = ctx.inputs.subset([regency_code])
results = {s.id: pipeline.project_scenario(ctx, s, inputs=one) for s in chosen}
start_year = int(
    base.loc[base["segment"] == ("BPU" if denominator == "informal" else "all"), "as_of"].dt.year.iloc[0]
)
# The briefs' small multiples (one canvas, vector): the dot is the baseline, the dashed line the threshold.
fan = pd.concat([results[s.id][0].assign(scenario=s.id) for s in chosen], ignore_index=True)
brief_charts.apply_style()
show_figure(
    brief_charts.fan_small_multiples(
        fan.dropna(subset=["coverage_p50"]),
        [s.id for s in chosen],
        {
            s.id: "\n".join(textwrap.wrap(textwrap.shorten(s.label, 54, placeholder="…"), 27)[:2])
            for s in chosen
        },
        threshold,
        [],
        f"% of {denominator}",
        observed=[(start_year, float(one.baseline_coverage[0]))],
    )
)
display(
    Markdown(
        f"{region['regency_name']}: active participants ÷ {denominator} workers; median, 50% and 90% "
        f"bands; dot: baseline; dashed line: universal coverage ({threshold:.0%})."
    )
)

# %% [markdown]
# ### How fast things move: dynamics from the data, and the hindcast that checks them
#
# The status quo keeps each regency's funded programmes at their latest published level and lets
# voluntary members lapse. Enrolment capacity (how many workers a programme can add a year), APBD
# growth and each regency's workforce path are estimated in the run (`ucj.projection.dynamics`).
# The hindcast (`ucj.projection.hindcast`) starts from every earlier published figure and predicts
# the later one under the policy then in force; the share of held-out figures inside the 90% band
# (leave one province out) is the check of the stated uncertainty.

# %% tags=["remove-input"]
dyn, hind = ctx.dynamics, ctx.hindcast
growth = dyn.employed_growth
display(
    Markdown(
        f"- **Enrolment capacity**: {dyn.capacity.n_programmes} programme series with two dated figures; "
        f"a programme adds a median {dyn.capacity.median:.1%} of the informal workforce a year in the draws "
        f"(upper quartile of the observed increases; sd of the log {dyn.capacity.log_sd:.2f}).\n"
        f"- **APBD growth**: {dyn.apbd_growth:.1%} a year (median over regencies, "
        f"budgets {dyn.apbd_growth_basis}).\n"
        f"- **Employed growth** after the last workforce year: median {growth.median():.2%} a year "
        f"(5th–95th percentile {growth.quantile(0.05):.2%}–{growth.quantile(0.95):.2%}); informal share "
        f"following the province trend (median slope {dyn.province_slope.median():+.3f} logit a year).\n"
        f"- **Status-quo drift** chosen by the hindcast: {hind.drift.get('active', 0):.3f} per √year "
        f"(all-segment counts); programme figures {hind.drift.get('programme', 0):.3f} (reported, not used: "
        "a programme's own scale-ups and cuts are new policy, shown by the scenarios)."
    )
)
summary = hind.summary.copy()
for col in ("median_abs_error", "share_in_band_held_out"):
    summary[col] = (100 * summary[col]).round(1)
display(
    summary.rename(
        columns={
            "median_abs_error": "median abs. error, %",
            "median_log_error": "median log error (bias)",
            "share_in_band_held_out": "% inside 90% band (held out)",
            "drift_per_sqrt_year": "drift per √year",
        }
    ).round(3)
)

# %% tags=["remove-input"]
uc_all = pd.read_parquet(paths.processed(pipeline.UC_FILE))
years = uc_all.pivot_table(
    index="scenario", columns="uc_year_p50", values="regency_code", aggfunc="count", fill_value=0, sort=False
)
years = years.reindex([s.id for s in ctx.scenarios])
years["not by the horizon"] = uc_all.groupby("scenario", sort=False)["uc_year_p50"].apply(
    lambda v: int(v.isna().sum())
)
display(Markdown("**Universal-coverage year (median draw) across the 514 regencies, per scenario**"))
display(years.fillna(0).astype(int))

# %% [markdown]
# ## 3. Year universal coverage is reached, and cost

# %% tags=["remove-input"]
uc = pd.concat([results[s.id][1] for s in chosen], ignore_index=True)
table = uc[
    [
        "scenario_label",
        "uc_year_p50",
        "uc_year_p05",
        "uc_year_p95",
        "share_of_draws_reached",
        "coverage_horizon_p50",
        "cost_to_reach_idr",
    ]
].copy()
for col in ["uc_year_p50", "uc_year_p05", "uc_year_p95"]:
    table[col] = table[col].astype("object").where(table[col].notna(), f"not by {settings.horizon_year}")
table["share_of_draws_reached"] = (100 * table["share_of_draws_reached"]).round(0)
table["coverage_horizon_p50"] = (100 * table["coverage_horizon_p50"]).round(1)
table["cost_to_reach_idr"] = (table["cost_to_reach_idr"] / 1e9).round(2)
display(
    table.rename(
        columns={
            "scenario_label": "scenario",
            "uc_year_p50": "median year",
            "uc_year_p05": "early (p05)",
            "uc_year_p95": "late (p95)",
            "share_of_draws_reached": "% of draws reaching",
            "coverage_horizon_p50": f"median coverage {settings.horizon_year}, %",
            "cost_to_reach_idr": "cost to reach, Rp bn",
        }
    ).set_index("scenario")
)

# %% tags=["remove-input"]
first_lever_year = min((int(lv.params["start_year"]) for s in chosen for lv in s.levers), default=None)
cost_rows = []
for s in chosen:
    p = results[s.id][0]
    year_row = p[p["year"] == first_lever_year] if first_lever_year else p.iloc[:0]
    cost_rows.append(
        {
            "scenario": s.label,
            "year": first_lever_year,
            **{f"{k} workers": float(year_row[f"funded_workers_{k}"].sum()) for k in scenarios.LEVER_TYPES},
            "premiums, Rp bn per year": float(year_row["cost_idr_total"].sum()) / 1e9,
            f"premiums {min(p['year'])}-{settings.horizon_year}, Rp bn": float(p["cost_idr_total"].sum())
            / 1e9,
        }
    )
display(pd.DataFrame(cost_rows).set_index("scenario").round(2))
gap = uc.iloc[0]
premium = assume.annual_premium("jkk_jkm")
display(
    Markdown(
        f"**Gap now**: {gap['gap_workers_now']:,.0f} uncovered informal workers × Rp{premium:,} a year = "
        f"**Rp{gap['gap_cost_idr_per_year'] / 1e9:,.2f} billion per year**"
        + (
            f", or Rp{gap['gap_cost_per_village_idr'] / 1e6:,.1f} million per desa."
            if pd.notna(gap["gap_cost_per_village_idr"])
            else " (no desa: the village programme does not apply)."
        )
        + f" For comparison, 100 workers per village cost Rp{100 * premium / 1e6:,.2f} million per village "
        f"per year."
    )
)

# %% [markdown]
# ## 4. Sensitivity: lapse and quota

# %% tags=["remove-input"]
sens_scen = next(
    (scenarios.with_lever_overrides(s, quota=quota) for s in ctx.scenarios if s.id == sensitivity_scenario),
    chosen[-1],
)
lapse_range = assume.lapse_rate if lapse_rate is None else assumptions_mod.load_assumptions().lapse_rate
lapses = sorted({lapse_range.low, lapse_range.central, lapse_range.high, 0.0})
has_village = any(lv.type == "village" for lv in sens_scen.levers) and region["desa_count"] > 0
quotas = [10, 50, 100, 200] if has_village else [None]
if not has_village:
    display(
        Markdown(
            "This regency has no desa (or the scenario has no village lever): quota does not apply; "
            "only the lapse rate varies below."
        )
    )
grid = sensitivity.lapse_quota_grid(ctx, regency_code, sens_scen, lapses, quotas)
grid["cell"] = [
    f"{int(y)}" if pd.notna(y) else f"not by {settings.horizon_year} ({100 * c:.0f}%)"
    for y, c in zip(grid["uc_year_p50"], grid["coverage_horizon_p50"], strict=True)
]
display(
    Markdown(
        f"Median year universal coverage is reached under **{sens_scen.label}**, by quota (rows) and "
        f"lapse rate (columns); when not reached, the median coverage in {settings.horizon_year} is in "
        "brackets."
    )
)
display(grid.pivot(index="quota", columns="lapse_rate", values="cell"))

# %% tags=["remove-input"]
tor = sensitivity.tornado(ctx, regency_code, sens_scen)
fig, ax = plt.subplots(figsize=(7, 0.6 + 0.5 * len(tor)))
plots.tornado_chart(tor, ax=ax)
ax.set_title(  # wrapped: the figure is saved at its size (a longer line would be cut)
    textwrap.fill(
        f"{sens_scen.label}: median coverage in {settings.horizon_year}, each assumption at its "
        "low/high value",
        55,
    ),
    fontsize=9,
)
fig.tight_layout()
figures.show(fig, laid_out=True)

# %% [markdown]
# ## 5. National view
#
# Median year each regency reaches universal coverage, per scenario (from
# `data/processed/universal_coverage_year.parquet` when `make data` has built it with the run
# settings of `config/projection.yml`; otherwise computed here with this notebook's settings).

# %% tags=["remove-input"]
uc_path = paths.processed(pipeline.UC_FILE)
stale = stages.stage("project").stale_reason() if uc_path.is_file() else "no processed table found"
if stale is None:
    national = pd.read_parquet(uc_path)
    note = f"source: {uc_path.name} (run settings of config/projection.yml)"
else:  # the tables do not match the current scenarios, settings or inputs: recompute, and say so
    national = pipeline.project_all(ctx)[1]
    note = f"computed in this notebook with its settings: the processed table is not current ({stale})"
    display(
        Markdown(
            f"**Note:** the national view is recomputed here, because {stale}. Run `make data` to "
            "update the processed tables."
        )
    )
fig, ax = plt.subplots(figsize=(8, 0.5 + 0.45 * national["scenario"].nunique()))
plots.uc_year_distribution(national, settings.horizon_year, ax=ax)
ax.set_title(textwrap.fill(f"Regencies by median year of universal coverage ({note})", 85), fontsize=9)
fig.tight_layout()
figures.show(fig, laid_out=True)
summary = national.groupby("scenario", sort=False).agg(
    regencies_reaching=("uc_year_p50", lambda s: int(s.notna().sum())),
    median_year_of_those=("uc_year_p50", "median"),
    median_coverage_at_horizon_pct=("coverage_horizon_p50", lambda s: round(100 * s.median(), 1)),
)
display(summary)

# %% tags=["remove-input"]
map_scenario = chosen[-1].id if scenario == "all" else scenario
horizon = (
    national[national["scenario"] == map_scenario].set_index("regency_code")["coverage_horizon_p50"] * 100
)
brief_charts.apply_style()
show_figure(
    summary_charts.national_map(
        horizon.to_dict(),
        f"{map_scenario}: median coverage in {settings.horizon_year} (red outline: {region['regency_name']})",
        f"median coverage {settings.horizon_year}, %",
        "no estimate",
        highlight=regency_code,
    )
)

# %% [markdown]
# ## Data notes
#
# - Numerator: active participants (premium paid). Modelled baselines: Dec 2023 province totals
#   (Kemnaker via SPN News; 28 of 34 provinces, the rest from the national remainder) raked to the
#   national segment totals (PU 25.0 M, BPU 9.19 M, Jakon 7.36 M) and allocated by estimated formal
#   (PU), informal (BPU) and total (Jakon) employment. Reported figures
#   (`data/inputs/reported_coverage.csv`) always replace them.
# - Premiums: Rp16,800 per month (JKK+JKM), Rp36,800 with JHT; targets, lapse, take-up, labour-force
#   growth: `data/raw/assumptions/` with sources and labels (`SOURCES.md` there).
# - Status quo: the baseline stock lapses and uncovered workers self-enrol at the rate implied by
#   national figures; funded workers are additional, re-funded every budget year, and capped by the
#   eligible workforce.
