"""Build the coverage baseline, the scenario projections and the universal-coverage years.

`run()` loads its inputs (master table, workforce, assumptions, scenarios, optional
user files), computes, and writes three tables atomically to ``data/processed/``:

- ``coverage_baseline.parquet``: regency × segment (`BASELINE_COLUMNS`),
- ``projections.parquet``: regency × scenario × year (`PROJECTION_COLUMNS`),
- ``universal_coverage_year.parquet``: regency × scenario (`UC_COLUMNS`).

Rows are sorted by regency code, then scenario (in file order), then year/segment;
the same inputs and seed give byte-identical tables.

Runs are incremental (`build`): a sidecar ``projection_state.json`` records what the
tables were computed from, and the next run projects only the regencies whose own
inputs changed, splicing them into the previous tables (see `incremental` for what is
fingerprinted and when everything is recomputed). ``python -m ucj.cli project --full``
forces a full run; both give the same bytes.

Speed (same numbers, bit for bit): the eligible workforce per draw is computed once
and shared by the scenarios, and each scenario is simulated and summarised in blocks
of regencies on two threads (`montecarlo.summarise`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ucj import catalog, data_currency, paths, schemas
from ucj import fiscal as fiscal_mod
from ucj import master as master_mod
from ucj.io import write_parquet_atomic, write_parquet_if_changed
from ucj.projection import baseline as baseline_mod
from ucj.projection import (
    carry,
    cost,
    dynamics,
    effort,
    hindcast,
    incremental,
    montecarlo,
    official_totals,
    policies,
    published,
    scenarios,
    workforce,
)
from ucj.projection.assumptions import Assumptions, Settings, load_assumptions, read_settings
from ucj.projection.scenarios import LEVER_TYPES, Scenario

BASELINE_FILE = "coverage_baseline.parquet"
CV_FILE = "baseline_model_cv.parquet"
HINDCAST_FILE = "projection_hindcast.parquet"
HINDCAST_SUMMARY_FILE = "projection_hindcast_summary.parquet"
CAPACITY_FILE = "enrolment_capacity.parquet"
POLICIES_FILE = "regency_policies.parquet"
OFFICIAL_TOTALS_FILE = "official_totals.parquet"
DATA_AS_OF_FILE = "data_as_of.parquet"
HISTORY_FILE = "coverage_history.parquet"
CAPPED_FILE = "baseline_capped_provinces.parquet"
PROJECTIONS_FILE = "projections.parquet"
UC_FILE = "universal_coverage_year.parquet"

BASELINE_COLUMNS = {
    "regency_code": "Kemendagri 2025 regency code 'PP.RR'",
    "province_code": "Kemendagri 2025 province code",
    "segment": "PU (wage earners), BPU (non-wage / informal), Jakon (construction), "
    "PMI (migrant; reported only), all (every segment)",
    "numerator": "always 'active participants' (premium paid; not registered)",
    "active_count": "active participants, persons (modelled values are unrounded expected values)",
    "nonactive_count": "non-active participants, persons (reported only; NA otherwise)",
    "as_of": "date of the figure (modelled: the province totals' date; then carried to the baseline date)",
    "source": "where the figure comes from; starts with 'modelled' for the modelled allocation",
    "kind": "reported (user file) | published | published_derived (a published % × its stated denominator) | "
    "floor (at least a published programme figure) | modelled_split (a known total split by the model) "
    "| modelled",
    "derivation": "for published_derived: 'p% × denominator' as stated; empty otherwise",
    "url": "page address of a published figure",
    "confidence": "A (named official, dated, specific) | B | C (approximate wording); published figures only",
    "is_modelled": "True when the figure (or part of the 'all' sum) is modelled (kinds floor, "
    "modelled_split, modelled), False when reported or published",
    "baseline_log_sd": "standard deviation of the log of active_count used in the Monte Carlo draws: the "
    "model's cross-validation residuals, or the stated assumption for reported / published figures",
    "employed_count": "denominator: employed workers of the regency, workforce_year (persons)",
    "informal_count": "denominator: informal workers (BPS status definition), workforce_year (persons)",
    "informal_count_p05": "5th percentile of informal_count",
    "informal_count_p95": "95th percentile of informal_count",
    "potential_count": "denominator: user-supplied 'potential' (coverage_potential.csv); NA if none",
    "potential_source": "source of potential_count",
    "own_rentan_count": "the regency's own published count of pekerja rentan (persons); NA if none",
    "own_rentan_source": "outlet and date of own_rentan_count",
    "workforce_year": "Sakernas August year of the employed / informal denominators",
    "workforce_method": "estimate_method of the workforce table (says 'provisional' for the stand-in)",
    "coverage_of_employed": "active_count / employed_count, capped at 1 (coverage of residents; the rest is "
    "excess_employed_count)",
    "coverage_of_informal": "active_count / informal_count (share; meaningful for BPU)",
    "coverage_of_potential": "active_count / potential_count (share)",
    "exceeds_employed": "True when active_count > employed_count (flag; projections cap coverage at 1)",
    "figure_count": "the figure as stated at its own date (before carrying to the baseline date)",
    "figure_as_of": "the date of figure_count",
    "carried_years": "years the figure was carried by the status quo to as_of (0: at its own date)",
    "excess_employed_count": "participants registered here beyond the employed residents (persons; "
    "coverage of employed is capped at 1): workers living elsewhere, counted where their employer "
    "registers them",
    "excess_informal_count": "BPU participants beyond the informal residents (persons; BPU coverage "
    "capped at 1)",
}

_LEVER_COLUMNS = {}
for _kind in LEVER_TYPES:
    _LEVER_COLUMNS[f"funded_workers_{_kind}"] = f"workers whose premiums the {_kind} lever(s) pay in the year"
    _LEVER_COLUMNS[f"cost_idr_{_kind}"] = (
        f"premiums paid by the {_kind} lever(s): funded workers × monthly premium × months funded (Rp)"
    )

PROJECTION_COLUMNS = {
    "regency_code": "Kemendagri 2025 regency code",
    "province_code": "Kemendagri 2025 province code",
    "scenario": "scenario id from config/scenarios.yml",
    "year": "projected year (year-average values); NA values before the year after the baseline date",
    "denominator": "informal | employed | potential (config/projection.yml)",
    "numerator_segment": "BPU for the informal denominator, all otherwise",
    "is_modelled_baseline": "True when the starting stock is modelled (not reported)",
    **{
        f"active_{q}": f"active participants, {q[1:]}th percentile over Monte Carlo draws (persons)"
        for q in montecarlo.Q_NAMES
    },
    **{
        f"coverage_{q}": f"active ÷ eligible denominator, {q[1:]}th percentile over draws (share 0-1)"
        for q in montecarlo.Q_NAMES
    },
    "eligible_p50": "eligible workforce (the denominator), median over draws (persons)",
    **_LEVER_COLUMNS,
    "funded_workers_total": "workers funded by all levers in the year",
    "cost_idr_total": "premiums paid by all levers in the year (Rp)",
}

UC_COLUMNS = {
    "regency_code": "Kemendagri 2025 regency code",
    "province_code": "Kemendagri 2025 province code",
    "scenario": "scenario id",
    "scenario_label": "scenario label",
    "denominator": "denominator of the coverage share",
    "threshold": "universal-coverage threshold (share of the denominator)",
    "baseline_coverage": "coverage at the baseline date (point estimate; central denominator)",
    "is_modelled_baseline": "True when the starting stock is modelled",
    "uc_year_p50": "median year coverage first reaches the threshold; NA = not by the horizon (horizon_year)",
    "uc_year_p05": "5th percentile (early end) of that year; NA = not by the horizon",
    "uc_year_p95": "95th percentile (late end) of that year; NA = not by the horizon",
    "share_of_draws_reached": "share of Monte Carlo draws reaching the threshold by the horizon",
    "coverage_horizon_p50": "median coverage in the horizon year",
    "horizon_year": "the projection's last year (config/projection.yml horizon_year)",
    "cost_to_reach_idr": "premiums of all levers from the first projected year through uc_year_p50 (Rp); "
    "NA when not reached by the horizon",
    "gap_workers_now": "uncovered informal workers at the baseline date: informal_count − BPU active (≥ 0)",
    "gap_cost_idr_per_year": "gap_workers_now × annual JKK+JKM premium (Rp201,600)",
    "gap_cost_per_village_idr": "gap_cost_idr_per_year ÷ number of desa (NA where none)",
}


@dataclass(frozen=True)
class Context:
    """Everything loaded for a run (also what the notebook uses)."""

    master: pd.DataFrame
    workforce: pd.DataFrame
    baseline: pd.DataFrame
    assumptions: Assumptions
    settings: Settings
    scenarios: list[Scenario]
    inputs: montecarlo.ProjectionInputs
    draws: montecarlo.Draws
    baseline_result: baseline_mod.BaselineResult | None = None
    effort_settings: effort.EffortSettings | None = None
    targets: list[effort.Target] | None = None
    dynamics: dynamics.Dynamics | None = None
    hindcast: hindcast.Hindcast | None = None
    #: the published figures and filled village trackers the baseline was built from
    #: (`published_and_tracked`; ``source_kind`` tells them apart)
    figures: pd.DataFrame | None = None


def load_context(
    settings: Settings | None = None,
    assumptions: Assumptions | None = None,
    scenario_file: Path | None = None,
) -> Context:
    """Load inputs, build the baseline and the engine's arrays, and draw the random numbers."""
    settings = settings or read_settings()
    assumptions = assumptions or load_assumptions()
    master = master_mod.read_master()
    wf = workforce.read_workforce(master)
    reported_all = baseline_mod.read_reported_all(master, wf)
    reported = baseline_mod.latest_reported(reported_all)
    potential = baseline_mod.read_potential(master)
    figures = published_and_tracked(master)
    result = baseline_mod.build(
        master,
        wf,
        assumptions,
        reported,
        potential,
        settings.base_year,
        figures,
        reported_all,
        settings.stale_before,
    )
    base = result.table
    scen = scenarios.load_scenarios(
        scenario_file or settings.scenarios_path(),
        set(assumptions.premiums_idr_per_month),
        set(master["regency_code"]),
    )
    dyn, hind = load_dynamics(master, wf, result.history, assumptions, settings)
    if settings.baseline_date:
        base = carry.carry_baseline(
            base,
            result.history,
            wf,
            dyn.paths,
            settings.years,
            assumptions.lapse_rate.central,
            assumptions.self_enrolment_rate,
            hind.drift.get("active", 0.0),
            pd.Timestamp(settings.baseline_date),
        )
    else:
        base = base.assign(figure_count=base["active_count"], figure_as_of=base["as_of"], carried_years=0.0)
    base = carry.cap_at_residents(base)
    inputs = montecarlo.build_inputs(master, wf, base, settings, assumptions, dynamics=dyn)
    draws = montecarlo.make_draws(len(inputs.codes), assumptions, settings.n_draws, settings.seed)
    return Context(
        master,
        wf,
        base,
        assumptions,
        settings,
        scen,
        inputs,
        draws,
        result,
        effort.read_effort_settings(),
        effort.read_targets(assumptions),
        dyn,
        hind,
        figures,
    )


def load_dynamics(
    master: pd.DataFrame,
    wf: pd.DataFrame,
    history: pd.DataFrame,
    assumptions: Assumptions,
    settings: Settings,
) -> tuple[dynamics.Dynamics, hindcast.Hindcast]:
    """The engine's dynamics estimated from the data (`ucj.projection.dynamics`), with the status-quo
    drift chosen by the hindcast (`ucj.projection.hindcast`) on the published figures."""
    from ucj import fiscal
    from ucj.loaders import read_csv

    codes = master["regency_code"].sort_values().tolist()
    last = workforce.workforce_at(wf, int(wf["year"].max())).set_index("regency_code")
    programmes = {segs: dynamics.programme_stock(history, codes, segs) for segs in (("BPU",), ("BPU", "PU"))}
    capacity = dynamics.enrolment_capacity(history, last["informal_count"])
    apbd = read_csv(paths.raw(*fiscal.APBD_FILE), fiscal.APBD_SCHEMA)
    growth, _, basis = dynamics.apbd_growth(apbd)
    shares = read_csv(
        paths.raw("stats", "province_informal_share_2015_2024.csv"), schemas.PROVINCE_INFORMAL_SHARE
    )
    slope = dynamics.province_informal_trend(
        shares[shares["geography"] == "34prov"].dropna(subset=["bps_prov_code_2020"])
    )
    province_of = master.set_index("regency_code")["bps_province_code_2020"]
    paths_ = dynamics.workforce_paths(
        wf, codes, settings.years, assumptions.labour_force_growth.central, slope, province_of
    )
    dyn = dynamics.Dynamics(
        programmes=programmes,
        capacity=capacity,
        apbd_growth=growth,
        apbd_growth_basis=basis,
        paths=paths_,
        province_slope=slope,
        employed_growth=dynamics.employed_growth(wf, assumptions.labour_force_growth.central),
        drift={},
        quotas=policies.regency_quota(
            policies.read(master), codes, effort.read_effort_settings().mix_village_quota
        ),
        village_programmes=dynamics.programme_stock(
            history[history["funder"] == "APBDes_ADD"], codes, ("BPU",)
        ),
    )
    pairs = hindcast.pairs_from_history(history)
    pairs["province"] = pairs["area_code"].map(province_of)
    official = official_totals.read(pd.Series(master["province_code"].unique()))
    prov = (
        pd.concat([baseline_mod.read_province_history(), official_totals.active_totals(official, master)])
        .drop_duplicates(["province", "as_of"])
        .sort_values(["province", "as_of"], kind="stable")
        .reset_index(drop=True)
    )
    prov_wf = wf.assign(province=wf["regency_code"].map(province_of)).pivot_table(
        index="year", columns="province", values="employed_count", aggfunc="sum"
    )
    pairs = hindcast.predict(
        pairs, history, wf, assumptions.lapse_rate.central, assumptions.self_enrolment_rate, prov, prov_wf
    )
    hind = hindcast.validate(pairs, assumptions.baseline_log_sd["published"])
    return replace(dyn, drift=hind.drift), hind


def published_and_tracked(master: pd.DataFrame) -> pd.DataFrame:
    """The published figures, with the filled village trackers of data/inputs/village_tracker/ added as
    reported programme figures (`ucj.villages`)."""
    from ucj import villages

    pub = published.read(master).assign(source_kind="published")
    tracked = villages.as_published_rows(villages.read_filled(master))
    return pub if tracked.empty else pd.concat([pub, tracked], ignore_index=True)


def fiscal_arrays(inputs: montecarlo.ProjectionInputs) -> dict[str, np.ndarray]:
    """The per-regency money a lever can be sized from (scenarios: share of APBD, of DBH sawit)."""
    return {
        "apbd_spending_idr": inputs.apbd_spending_idr,
        "dbh_sawit_idr": inputs.dbh_sawit_idr,
        "apbd_growth": np.full(len(inputs.codes), inputs.apbd_growth),
        "apbd_year": np.full(
            len(inputs.codes),
            fiscal_mod.latest_budget_year() if inputs.apbd_year is None else inputs.apbd_year,
        ),
        "regency_quota": inputs.regency_quota,
        "village_programme": inputs.village_programme,
    }


@dataclass(frozen=True)
class ScenarioRun:
    """One scenario simulated (`simulate_scenario`): what it ran with and the engine's summary."""

    inputs: montecarlo.ProjectionInputs
    assumptions: Assumptions
    threshold: float
    funding: list
    eligible: montecarlo.EligibleDraws
    summary: montecarlo.Summary


def simulate_scenario(
    ctx: Context,
    scenario: Scenario,
    inputs: montecarlo.ProjectionInputs | None = None,
    assumptions: Assumptions | None = None,
    draws: montecarlo.Draws | None = None,
    threshold: float | None = None,
    eligible: montecarlo.EligibleDraws | None = None,
) -> ScenarioRun:
    """The engine's run of one scenario (arguments and defaults as `project_scenario`), before
    any table is built: what `project_scenario` tabulates, and all a sensitivity run needs."""
    inputs = inputs or ctx.inputs
    if scenario.programmes == "stop" and inputs.programme0 is not None:  # funded members lapse like the rest
        inputs = replace(inputs, programme0=np.zeros_like(inputs.programme0))
    assumptions = assumptions or ctx.assumptions
    draws = draws or ctx.draws
    threshold = ctx.settings.threshold if threshold is None else threshold
    funding = scenarios.evaluate_scenario(
        scenario,
        list(inputs.codes),
        inputs.desa_count,
        list(inputs.years),
        assumptions.premiums_idr_per_month,
        fiscal_arrays(inputs),
    )
    eligible = eligible or montecarlo.prepare_eligible(inputs, draws)
    summary = montecarlo.summarise(inputs, funding, assumptions, draws, threshold, eligible=eligible)
    return ScenarioRun(inputs, assumptions, float(threshold), funding, eligible, summary)


def project_scenario(
    ctx: Context,
    scenario: Scenario,
    inputs: montecarlo.ProjectionInputs | None = None,
    assumptions: Assumptions | None = None,
    draws: montecarlo.Draws | None = None,
    threshold: float | None = None,
    eligible: montecarlo.EligibleDraws | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Projection rows (regency × year) and UC-year rows (regency) of one scenario.

    Parameters
    ----------
    ctx : Context
        The run (`load_context`): its master table and baseline, and the defaults of the
        arguments below.
    scenario : Scenario
        The scenario: its levers, and whether the regencies' existing programmes continue
        (``programmes`` "stop": their funded members lapse like the rest).
    inputs : montecarlo.ProjectionInputs or None, optional
        The engine's arrays, e.g. a subset of the regencies (``ProjectionInputs.subset``);
        None (default): ``ctx.inputs``.
    assumptions : Assumptions or None, optional
        E.g. with lapse or take-up fixed (``Assumptions.with_overrides``); None (default):
        ``ctx.assumptions``.
    draws : montecarlo.Draws or None, optional
        The random draws; None (default): ``ctx.draws``.
    threshold : float or None, optional
        The universal-coverage threshold, a share of the denominator (0-1); None (default):
        ``ctx.settings.threshold``.
    eligible : montecarlo.EligibleDraws or None, optional
        `montecarlo.prepare_eligible` of the same inputs and draws, when several scenarios share
        it; None (default): computed here.

    Returns
    -------
    projections : pandas.DataFrame
        One row per year × regency (years outer, regencies in the order of ``inputs.codes``),
        the columns of `PROJECTION_COLUMNS` (not in that order: `project_all` sorts rows and
        columns). The levers' funded workers and premiums are scaled down where they would fund
        more than the median eligible workforce less the programmes' workers, and are NaN before
        a regency's first projected year.
    uc_years : pandas.DataFrame
        One row per regency, the columns of `UC_COLUMNS`; the UC years are nullable integers (NA:
        not reached by the horizon).
    """
    run = simulate_scenario(ctx, scenario, inputs, assumptions, draws, threshold, eligible)
    inputs, assumptions, threshold, summary = run.inputs, run.assumptions, run.threshold, run.summary
    years = list(inputs.years)
    active = summary.active
    coverage = summary.coverage
    eligible = run.eligible.median
    costs = cost.lever_cost_table(run.funding, inputs.codes, years)
    n_reg = len(inputs.codes)
    base = ctx.baseline.set_index(["regency_code", "segment"])
    segment = "BPU" if inputs.denominator == "informal" else "all"
    is_modelled = base.xs(segment, level="segment").loc[list(inputs.codes), "is_modelled"].to_numpy()
    province = ctx.master.set_index("regency_code").loc[list(inputs.codes), "province_code"].to_numpy()
    proj = pd.DataFrame(
        {
            "regency_code": np.tile(np.asarray(inputs.codes, dtype=object), len(years)),
            "province_code": np.tile(province, len(years)),
            "scenario": scenario.id,
            "year": np.repeat(np.asarray(years, dtype="int64"), n_reg),
            "denominator": inputs.denominator,
            "numerator_segment": segment,
            "is_modelled_baseline": np.tile(is_modelled, len(years)),
        }
    )
    for q in montecarlo.Q_NAMES:
        proj[f"active_{q}"] = active[q].ravel()
    for q in montecarlo.Q_NAMES:
        proj[f"coverage_{q}"] = coverage[q].ravel()
    proj["eligible_p50"] = eligible.ravel()
    # A lever never pays for more workers than the workforce has: beyond it, every lever of the year
    # is scaled down in proportion (workers and premiums), so no scenario funds twice a small city.
    total_workers = costs["funded_workers_total"].to_numpy(float)
    funded_now = np.zeros(n_reg) if inputs.programme0 is None else inputs.programme0
    room = np.maximum(proj["eligible_p50"].to_numpy(float) - np.tile(funded_now, len(years)), 0.0)
    scale = np.where(total_workers > room, room / np.where(total_workers > 0, total_workers, 1), 1.0)
    scale = np.nan_to_num(scale, nan=1.0)
    for col in [c for c in costs.columns if c.startswith(("funded_workers_", "cost_idr_"))]:
        costs[col] = costs[col].to_numpy(float) * scale
    proj = pd.concat([proj, costs.drop(columns=["regency_code", "year"])], axis=1)
    started = (np.arange(len(years))[:, None] >= inputs.start_index[None, :]).ravel()
    cost_cols = [c for c in costs.columns if c.startswith(("funded_workers_", "cost_idr_"))]
    proj.loc[~started, cost_cols] = np.nan

    uc = summary.uc
    total = costs["cost_idr_total"].to_numpy(float).reshape(len(years), n_reg)  # capped as above
    total = np.where(started.reshape(len(years), n_reg), total, 0.0)
    bpu = base.xs("BPU", level="segment").loc[list(inputs.codes)]
    gap = cost.gap_now(
        bpu["informal_count"].to_numpy(float),
        bpu["active_count"].to_numpy(float),
        inputs.desa_count,
        assumptions.annual_premium("jkk_jkm"),
    )
    ucdf = pd.DataFrame(
        {
            "regency_code": np.asarray(inputs.codes, dtype=object),
            "province_code": province,
            "scenario": scenario.id,
            "scenario_label": scenario.label,
            "denominator": inputs.denominator,
            "threshold": float(threshold),
            "baseline_coverage": inputs.baseline_coverage,
            "is_modelled_baseline": is_modelled,
            "uc_year_p50": uc["uc_year_p50"],
            "uc_year_p05": uc["uc_year_p05"],
            "uc_year_p95": uc["uc_year_p95"],
            "share_of_draws_reached": uc["share_of_draws_reached"],
            "coverage_horizon_p50": coverage["p50"][-1],
            "horizon_year": int(years[-1]),
            "cost_to_reach_idr": cost.cost_to_reach(total, years, uc["uc_year_p50"]),
            **gap,
        }
    )
    for col in ["uc_year_p50", "uc_year_p05", "uc_year_p95"]:
        ucdf[col] = pd.array(np.where(np.isnan(ucdf[col]), None, ucdf[col]), dtype="Int64")
    return proj, ucdf


def _sort(ctx: Context, proj: pd.DataFrame, ucdf: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows by regency, scenario (file order), year; documented columns in order."""
    return _sort_projections(ctx, proj), _sort_uc(ctx, ucdf)


def _sort_projections(ctx: Context, proj: pd.DataFrame) -> pd.DataFrame:
    """The projections table's rows by regency, scenario (file order), year; its columns in order."""
    return _by_scenario(ctx, proj, ["regency_code", "scenario", "year"])[list(PROJECTION_COLUMNS)]


def _sort_uc(ctx: Context, ucdf: pd.DataFrame) -> pd.DataFrame:
    """The UC-year table's rows by regency, scenario (file order); its columns in order."""
    return _by_scenario(ctx, ucdf, ["regency_code", "scenario"])[list(UC_COLUMNS)]


def _by_scenario(ctx: Context, table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    order = {s.id: i for i, s in enumerate(ctx.scenarios)}
    return table.sort_values(
        keys, key=lambda s: s.map(order) if s.name == "scenario" else s, kind="stable"
    ).reset_index(drop=True)


def project_all(ctx: Context, codes: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Projections and UC years of every scenario, sorted by regency, scenario order, year.

    ``codes``: only these regencies (the same rows as in a run of all of them).
    """
    inputs = ctx.inputs if codes is None else ctx.inputs.subset(sorted(codes))
    projs, ucs = [], []
    eligible = montecarlo.prepare_eligible(inputs, ctx.draws)
    for scen in ctx.scenarios:
        p, u = project_scenario(ctx, scen, inputs=inputs, eligible=eligible)
        projs.append(p)
        ucs.append(u)
    return _sort(ctx, pd.concat(projs, ignore_index=True), pd.concat(ucs, ignore_index=True))


@dataclass(frozen=True)
class RunResult:
    """What `build` did: the tables, which regencies it projected, and why."""

    paths: list[Path]  # the three tables (baseline, projections, UC years)
    recomputed: tuple[str, ...]  # regency codes projected by this run (all of them for a full run)
    n_regencies: int
    full: bool
    reason: str
    written: tuple[Path, ...]  # tables written by this run (none when nothing changed)
    context: Context | None = field(default=None, repr=False, compare=False)  # what it ran on

    def summary(self, seconds: float | None = None) -> str:
        """One line for the command line."""
        took = "" if seconds is None else f" in {seconds:.1f} s"
        what = "full run: " if self.full else ""
        return (
            f"projections: {len(self.recomputed)} of {self.n_regencies} regencies recomputed "
            f"({what}{self.reason}){took}"
        )


def write_explanations(ctx: Context) -> list[Path]:
    """The tables that explain the baseline (model CV, every dated figure, capped provinces),
    rewritten only when their content changed."""
    res = ctx.baseline_result
    written = []
    capped = res.capped.rename_axis("bps_province_code_2020").reset_index()
    tables = [(CV_FILE, res.cv.table), (HISTORY_FILE, res.history), (CAPPED_FILE, capped)]
    if ctx.hindcast is not None:
        tables += [
            (HINDCAST_FILE, ctx.hindcast.pairs),
            (HINDCAST_SUMMARY_FILE, ctx.hindcast.summary),
            (CAPACITY_FILE, ctx.dynamics.capacity.observations),
            (POLICIES_FILE, regency_policies(ctx)),
        ]
    official = official_totals.read(pd.Series(ctx.master["province_code"].unique()))
    tables.append((OFFICIAL_TOTALS_FILE, official.astype({"as_of": "datetime64[ns]"})))
    tables.append(
        (
            DATA_AS_OF_FILE,
            data_currency.table(
                ctx.workforce,
                catalog.read(catalog.INFORMAL_REGENCY_VALIDATION, missing_ok=True),
                res.history,
                official,
                fiscal_mod.read_fiscal(ctx.master),
                ctx.settings.baseline_date,
                baseline_mod.MODELLED_DATE,
                missing_province_shares(),
            ),
        )
    )
    for name, table in tables:
        target = paths.processed(name)
        if write_parquet_if_changed(table.reset_index(drop=True), target):
            written.append(target)
    return written


def missing_province_shares() -> dict[int, list[str]]:
    """Years of the province informal-share table that lack provinces (so not estimated yet)."""
    from ucj.informal.anchors import load_province_shares
    from ucj.informal.employment import missing_provinces

    return missing_provinces(load_province_shares())


def regency_policies(ctx: Context) -> pd.DataFrame:
    """Per regency: its own village quota (or the labelled default), the local word for a village, and
    the programme stock the status quo keeps (segment of the run's denominator), with its source."""
    dyn = ctx.dynamics
    codes = list(ctx.inputs.codes)
    segs = ("BPU",) if ctx.inputs.denominator == "informal" else ("BPU", "PU")
    out = dyn.quotas.merge(dyn.programmes[segs], on="regency_code", how="left")
    out = out.merge(
        dyn.village_programmes[["regency_code", "programme_count"]].rename(
            columns={"programme_count": "village_programme_count"}
        ),
        on="regency_code",
        how="left",
    )
    terms = policies.village_terms(policies.read(ctx.master), ctx.master)
    out["village_term"] = out["regency_code"].map(terms).fillna("desa")
    out["programme_as_of"] = pd.to_datetime(out["programme_as_of"]).astype("datetime64[ns]")
    return out.set_index("regency_code").loc[codes].reset_index()


def output_paths() -> list[Path]:
    """The tables `run` writes, in that order: baseline, projections, UC years, effort to targets."""
    return [
        paths.processed(BASELINE_FILE),
        paths.processed(PROJECTIONS_FILE),
        paths.processed(UC_FILE),
        paths.processed(effort.FILE),
    ]


def effort_all(ctx: Context, codes: list[str] | None = None) -> pd.DataFrame:
    """The effort each lever needs to reach each target (`ucj.projection.effort`), for ``codes`` or all,
    with its share of the regency's own budgets; sorted by regency, target, lever, criterion."""
    from ucj.fiscal import read_fiscal

    inputs = ctx.inputs if codes is None else ctx.inputs.subset(sorted(codes))
    by_denominator = {
        d: effort.inputs_for(
            inputs, d, ctx.master, ctx.workforce, ctx.baseline, ctx.settings, ctx.assumptions, ctx.dynamics
        )
        for d in {t.denominator for t in ctx.targets}
    }
    table = effort.seek(
        by_denominator, inputs.desa_count, ctx.targets, ctx.assumptions, ctx.draws, ctx.effort_settings
    )
    table = effort.add_shares(
        table,
        read_fiscal(ctx.master),
        ctx.effort_settings,
        ctx.master.set_index("regency_code")["desa_count"],
    )
    return _sort_effort(ctx, table)


def _sort_effort(ctx: Context, table: pd.DataFrame) -> pd.DataFrame:
    order = {t.id: i for i, t in enumerate(ctx.targets)}
    levers = {lv: i for i, lv in enumerate(effort.LEVERS)}
    crit = {c: i for i, c in enumerate(effort.CRITERIA)}
    keys = {"target": order, "lever": levers, "criterion": crit}
    return table.sort_values(
        ["regency_code", "target", "lever", "criterion"],
        kind="stable",
        key=lambda s: s.map(keys[s.name]) if s.name in keys else s,
    ).reset_index(drop=True)


def build(
    settings: Settings | None = None,
    full: bool = False,
    assumptions: Assumptions | None = None,
) -> RunResult:
    """Compute and write the three output tables, incrementally when possible.

    With the state of a previous run (see `incremental`), only the regencies whose
    projection inputs changed are projected and spliced into the previous tables;
    when anything global changed, there is no usable state, a table is not the one last
    written, or ``full``: every regency. Either way the tables are a full run's, byte
    for byte. Nothing changed: nothing is written.
    """
    ctx = load_context(settings, assumptions)
    targets = output_paths()
    fp = incremental.fingerprints(ctx)
    state = incremental.read_state()
    decision = incremental.decide(fp, state, targets, full=full)
    n_reg = len(ctx.inputs.codes)
    baseline = ctx.baseline[list(BASELINE_COLUMNS)]
    explained = tuple(write_explanations(ctx))
    if decision.codes == []:
        if state is not None and state.get("baseline_dtypes") == fp.baseline_dtypes:
            return RunResult(targets, (), n_reg, False, decision.reason, written=explained, context=ctx)
        write_parquet_atomic(baseline, targets[0])  # same values, other column types
        incremental.write_state(fp, targets)
        return RunResult(
            targets,
            (),
            n_reg,
            False,
            f"{decision.reason}; baseline column types changed",
            written=(targets[0], *explained),
            context=ctx,
        )
    if decision.codes is None:
        proj, ucdf = project_all(ctx)
        effort_table = effort_all(ctx)
        recomputed = tuple(ctx.inputs.codes)
    else:
        codes = decision.codes
        new_proj, new_uc = project_all(ctx, codes)
        proj = incremental.splice(
            pd.read_parquet(targets[1]), new_proj, codes, lambda t: _sort_projections(ctx, t)
        )
        ucdf = incremental.splice(pd.read_parquet(targets[2]), new_uc, codes, lambda t: _sort_uc(ctx, t))
        effort_table = incremental.splice(
            pd.read_parquet(targets[3]), effort_all(ctx, codes), codes, lambda t: _sort_effort(ctx, t)
        )
        recomputed = tuple(sorted(decision.codes))
    write_parquet_atomic(baseline, targets[0])
    write_parquet_atomic(proj, targets[1])
    write_parquet_atomic(ucdf, targets[2])
    write_parquet_atomic(effort_table, targets[3])
    incremental.write_state(fp, targets)
    return RunResult(
        targets,
        recomputed,
        n_reg,
        decision.codes is None,
        decision.reason,
        written=(*targets, *explained),
        context=ctx,
    )


def run(settings: Settings | None = None, full: bool = False) -> list[Path]:
    """Compute and write the three output tables (incrementally, see `build`); return their paths."""
    return build(settings, full=full).paths
