"""What it takes: the effort search on the engine, its rounding, monotonicity, and the regency's own money."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ucj import fiscal as fiscal_mod
from ucj.errors import InputError, InputErrors
from ucj.projection import effort, engine, montecarlo, pipeline, scenarios

CODES = ["12.14", "13.03", "31.71", "72.08", "94.04", "12.15"]


@pytest.fixture(scope="module")
def ctx(processed_dir) -> pipeline.Context:
    return pipeline.load_context()


@pytest.fixture(scope="module")
def setup(ctx):
    settings = replace(effort.read_effort_settings(), n_draws=60)
    inputs = {
        d: effort.inputs_for(
            ctx.inputs.subset(CODES),
            d,
            ctx.master,
            ctx.workforce,
            ctx.baseline,
            ctx.settings,
            ctx.assumptions,
            ctx.dynamics,
        )
        for d in ("employed", "informal")
    }
    table = effort.seek(
        inputs, inputs["informal"].desa_count, ctx.targets, ctx.assumptions, ctx.draws, settings
    )
    return settings, inputs, table


def _premium_year(ctx) -> float:
    return float(ctx.assumptions.premiums_idr_per_month["jkk_jkm"]) * 12


def test_every_found_effort_reaches_its_target_and_one_step_less_does_not(ctx, setup) -> None:
    settings, inputs, table = setup
    draws = montecarlo.first_draws(ctx.draws, settings.n_draws)
    checked = 0
    for target in ctx.targets:
        inp = inputs[target.denominator]
        eligible = montecarlo.prepare_eligible(inp, draws)
        for criterion, share in effort.CRITERIA.items():
            for lever in effort.LEVERS:
                rows = (
                    table[
                        (table["target"] == target.id)
                        & (table["criterion"] == criterion)
                        & (table["lever"] == lever)
                    ]
                    .set_index("regency_code")
                    .loc[list(inp.codes)]
                )
                units = rows["effort_units"].to_numpy(float)
                ok = ~np.isnan(units)
                w = effort.worker_years_of(
                    lever, np.nan_to_num(units), inp.desa_count, _premium_year(ctx), settings
                )
                reached = effort.reach_share(
                    inp, w, target, ctx.assumptions, draws, eligible, settings.start_year
                )
                assert (reached[ok] >= share).all(), (target.id, criterion, lever)
                less = effort.worker_years_of(
                    lever,
                    np.maximum(np.nan_to_num(units) - 1, 0),
                    inp.desa_count,
                    _premium_year(ctx),
                    settings,
                )
                before = effort.reach_share(
                    inp, less, target, ctx.assumptions, draws, eligible, settings.start_year
                )
                positive = ok & (units > 0)
                assert (before[positive] < share).all(), (target.id, criterion, lever)
                checked += int(positive.sum())
    assert checked > 20  # enrolment capacity leaves many targets of the sampled regencies out of reach


def test_ninety_percent_of_draws_never_needs_less_than_the_median(setup) -> None:
    _, _, table = setup
    wide = table.pivot_table(
        index=["regency_code", "target", "lever"], columns="criterion", values="annual_cost_idr"
    )
    wide = wide.dropna()
    assert len(wide) > 0 and (wide["p90"] >= wide["median"] - 1e-6).all()


def test_more_budget_never_delays_the_year_a_target_is_reached(ctx) -> None:
    inp = ctx.inputs.subset(CODES)
    draws = montecarlo.first_draws(ctx.draws, 60)
    eligible = montecarlo.prepare_eligible(inp, draws)
    years = np.asarray(inp.years)
    previous = None
    for budget_workers in (0, 2_000, 10_000, 50_000, 200_000):
        w = effort._worker_years(inp, np.full(len(CODES), float(budget_workers)), 2026)
        coverage = montecarlo.simulate_worker_years(inp, w, ctx.assumptions, draws, eligible)
        year = np.median(engine.first_year_reached(coverage, years, 0.5), axis=-1)
        if previous is not None:
            assert (year <= previous).all()
        previous = year


def test_a_regency_already_above_a_target_needs_no_effort(ctx, setup) -> None:
    settings, inputs, _ = setup
    low = effort.Target("low", "bpu_of_informal", 2030, 0.0001, "test", "t", "t")
    table = effort.seek(inputs, inputs["informal"].desa_count, [low], ctx.assumptions, ctx.draws, settings)
    assert table["already_reached"].all() and (table["annual_cost_idr"].fillna(0) == 0).all()


def test_shares_come_from_the_shipped_fiscal_figures_and_missing_stays_missing(ctx, setup) -> None:
    settings, _, table = setup
    fiscal = fiscal_mod.read_fiscal(ctx.master)
    out = effort.add_shares(table, fiscal, settings).set_index("regency_code")
    f = fiscal.set_index("regency_code")
    assert pd.isna(f.at["31.71", "apbd_spending_idr"])  # DKI units have no APBD of their own
    assert out.loc["31.71", "share_of_apbd"].isna().all()
    assert out.loc["31.71", "within_apbd_limit"].isna().all()
    row = out.loc["13.03"].query("lever == 'apbd'").iloc[0]
    assert row["share_of_apbd"] == pytest.approx(row["annual_cost_idr"] / f.at["13.03", "apbd_spending_idr"])
    no_dbh = [c for c in CODES if pd.isna(f.at[c, "dbh_sawit_idr"])]
    assert no_dbh and not out.loc[no_dbh].query("lever == 'dbh_sawit'")["is_applicable"].any()
    no_desa = [c for c in CODES if ctx.master.set_index("regency_code").at[c, "desa_count"] == 0]
    assert not out.loc[no_desa].query("lever == 'village'")["is_applicable"].any()


def test_the_pipeline_writes_the_effort_table_for_every_regency(processed_dir, ctx) -> None:
    table = pd.read_parquet(processed_dir / effort.FILE)
    assert table["regency_code"].nunique() == 514
    assert len(table) == 514 * len(ctx.targets) * len(effort.LEVERS) * len(effort.CRITERIA)


def test_budget_levers_can_be_sized_from_the_regency_apbd() -> None:
    lever = scenarios.Lever(
        "budget", {"share_of_apbd": 0.01, "months": 12, "package": "jkk_jkm", "start_year": 2026}
    )
    fiscal = {"apbd_spending_idr": np.array([2e12, np.nan])}
    f = scenarios.evaluate_lever(
        lever, ["13.03", "31.71"], np.array([100.0, 0.0]), [2026, 2027], {"jkk_jkm": 16_800}, fiscal
    )
    assert f.workers[0, 0] == np.floor(0.01 * 2e12 / (16_800 * 12)) and f.workers[0, 1] == 0


def test_a_budget_lever_needs_exactly_one_of_amount_and_share(tmp_path: Path) -> None:
    path = tmp_path / "s.yml"
    path.write_text(
        "version: 1\nscenarios:\n  - id: both\n    label: x\n    levers:\n"
        "      - type: budget\n        amount_idr: 1000\n        share_of_apbd: 0.01\n"
    )
    with pytest.raises((InputError, InputErrors), match="exactly one"):
        scenarios.load_scenarios(path, {"jkk_jkm"})


def test_a_bad_effort_setting_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "effort.yml"
    path.write_text("start_year: 2026\napbd_share_limit: 2%\n")
    with pytest.raises(InputError) as info:
        effort.read_effort_settings(path)
    assert info.value.row == 2 and info.value.column == "apbd_share_limit"


def test_a_feasible_effort_fits_the_workforce_the_villages_and_the_dbh_slice(processed_dir) -> None:
    table = pd.read_parquet(processed_dir / effort.FILE)
    applies = table[table["is_applicable"]]
    ok = applies[applies["is_feasible"].astype(bool) & ~applies["already_reached"]]
    assert len(ok) > 1000
    assert (ok["workers_funded"] <= ok["workforce_target_year"] + 0.5).all()
    village = ok[ok["lever"] == "village"]
    assert (village["effort_units"] <= village["per_village_workforce"].astype(float)).all()
    dbh = ok[ok["lever"] == "dbh_sawit"]
    assert (dbh["share_of_dbh_slice"].astype(float) <= 1).all()
    bad = applies[~applies["is_feasible"].astype(bool)]
    assert bad["infeasible_reason"].notna().all() and set(bad["infeasible_reason"]) <= set(effort.INFEASIBLE)
    over = bad[bad["infeasible_reason"] == "dbh_slice"]
    np.testing.assert_allclose(
        over["dbh_shortfall_idr"].astype(float),
        (over["annual_cost_idr"] - over["dbh_slice_idr"].astype(float)).to_numpy(),
    )
    # what the regency already funds is shown beside the additional effort
    from ucj.projection.assumptions import read_premiums

    premium_year = read_premiums()["jkk_jkm"] * 12
    assert (table["current_programme_cost_idr"] == table["current_programme_workers"] * premium_year).all()
