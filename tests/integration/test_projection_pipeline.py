"""End to end: `pipeline.run()` on fixture data in tmp_path; outputs documented, stable, reproducible."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from synthetic import synthetic_workforce

from ucj.projection import assumptions, pipeline

N_DRAWS = 60


def _processed(tmp_path: Path, processed_dir: Path, with_informal: bool) -> Path:
    target = tmp_path / "processed"
    target.mkdir()
    shutil.copy(processed_dir / "regencies.parquet", target / "regencies.parquet")
    if with_informal:
        master = pd.read_parquet(target / "regencies.parquet")
        synthetic_workforce(master, seed=11).to_parquet(target / "informal_workforce.parquet", index=False)
    return target


@pytest.fixture(scope="module")
def run_once(tmp_path_factory, processed_dir):
    """One run on the synthetic informal table (module-scoped: the tables are read by several tests)."""
    mp = pytest.MonkeyPatch()
    tmp = tmp_path_factory.mktemp("proj")
    target = _processed(tmp, processed_dir, with_informal=True)
    mp.setenv("UCJ_PROCESSED_DIR", str(target))
    mp.setenv("UCJ_INPUTS_DIR", str(tmp / "inputs"))
    settings = assumptions.read_settings(n_draws=N_DRAWS)
    paths_ = pipeline.run(settings)
    tables = {p.name: pd.read_parquet(p) for p in paths_}
    yield paths_, tables, settings
    mp.undo()


def test_run_writes_the_three_tables_with_every_documented_column(run_once) -> None:
    paths_, tables, _ = run_once
    assert [p.name for p in paths_] == [
        pipeline.BASELINE_FILE,
        pipeline.PROJECTIONS_FILE,
        pipeline.UC_FILE,
        pipeline.effort.FILE,
    ]
    assert list(tables[pipeline.BASELINE_FILE].columns) == list(pipeline.BASELINE_COLUMNS)
    assert list(tables[pipeline.PROJECTIONS_FILE].columns) == list(pipeline.PROJECTION_COLUMNS)
    assert list(tables[pipeline.UC_FILE].columns) == list(pipeline.UC_COLUMNS)


def test_every_regency_scenario_and_year_is_there_in_a_stable_order(run_once) -> None:
    _, tables, settings = run_once
    scen_ids = [
        s.id for s in pipeline.scenarios.load_scenarios(settings.scenarios_path(), {"jkk_jkm", "jkk_jkm_jht"})
    ]
    proj, uc = tables[pipeline.PROJECTIONS_FILE], tables[pipeline.UC_FILE]
    assert len(proj) == 514 * len(scen_ids) * len(settings.years)
    assert len(uc) == 514 * len(scen_ids)
    assert proj["regency_code"].is_monotonic_increasing
    first = proj[proj["regency_code"] == proj["regency_code"].iloc[0]]
    assert list(dict.fromkeys(first["scenario"])) == scen_ids
    assert list(first[first["scenario"] == scen_ids[0]]["year"]) == settings.years


def test_coverage_bands_are_ordered_and_bounded(run_once) -> None:
    _, tables, _ = run_once
    proj = tables[pipeline.PROJECTIONS_FILE].dropna(subset=["coverage_p50"])
    q = proj[["coverage_p05", "coverage_p25", "coverage_p50", "coverage_p75", "coverage_p95"]].to_numpy()
    assert (np.diff(q, axis=1) >= -1e-12).all()
    assert ((q >= 0) & (q <= 1 + 1e-12)).all()
    a = proj[["active_p05", "active_p25", "active_p50", "active_p75", "active_p95"]].to_numpy()
    assert (a >= 0).all() and (np.diff(a, axis=1) >= -1e-6).all()


def _stopping(settings) -> set[str]:
    """Scenarios that stop the regencies' existing programmes (the others add to them)."""
    scen = pipeline.scenarios.load_scenarios(settings.scenarios_path(), set(assumptions.read_premiums()))
    return {s.id for s in scen if s.programmes == "stop"}


def test_status_quo_funds_nothing_and_levers_never_lower_coverage(run_once) -> None:
    _, tables, settings = run_once
    proj = tables[pipeline.PROJECTIONS_FILE]
    stopping = _stopping(settings)
    assert stopping, "the shipped scenarios show what stopping the programmes does"
    sq = proj[proj["scenario"] == "status_quo"].set_index(["regency_code", "year"])
    assert (sq["cost_idr_total"].fillna(0) == 0).all()
    for scen in proj["scenario"].unique():
        other = proj[proj["scenario"] == scen].set_index(["regency_code", "year"])
        started = sq["coverage_p50"].notna()  # before a regency's baseline date: no value in any scenario
        assert (other["coverage_p50"].isna() == ~started).all(), scen
        if scen in stopping:  # stopping a programme never raises coverage
            assert (other.loc[started, "coverage_p50"] <= sq.loc[started, "coverage_p50"] + 1e-9).all(), scen
        else:
            assert (other.loc[started, "coverage_p50"] >= sq.loc[started, "coverage_p50"] - 1e-9).all(), scen


def test_status_quo_keeps_the_funded_programmes_and_no_lever_pays_beyond_the_workforce(run_once) -> None:
    _, tables, settings = run_once
    proj = tables[pipeline.PROJECTIONS_FILE]
    policies = pd.read_parquet(Path(os.environ["UCJ_PROCESSED_DIR"]) / pipeline.POLICIES_FILE)
    funded = policies.set_index("regency_code")["programme_count"]
    with_programme = funded[funded > 0].index
    assert len(with_programme) > 50
    sq = proj[(proj["scenario"] == "status_quo") & proj["regency_code"].isin(with_programme)].dropna(
        subset=["active_p50"]
    )
    base = tables[pipeline.BASELINE_FILE]
    bpu = base[base["segment"] == "BPU"].set_index("regency_code")["active_count"]
    # the programme is part of the starting stock (a later programme figure than the baseline is capped at it)
    floor = np.minimum(
        np.minimum(sq["regency_code"].map(funded), sq["regency_code"].map(bpu)), sq["eligible_p50"]
    )
    # the median of the draws keeps the programme's level (the status-quo drift is centred on 1) where the
    # workforce cap does not bind (a programme above half the workforce meets the cap in low draws)
    inside = floor <= 0.5 * sq["eligible_p50"]
    assert inside.sum() > 1000
    assert (sq.loc[inside, "active_p50"] >= floor[inside] * 0.98).mean() > 0.99
    stopped = proj[proj["scenario"].isin(_stopping(settings)) & proj["regency_code"].isin(with_programme)]
    last = stopped[stopped["year"] == settings.horizon_year].set_index("regency_code")
    sq_last = sq[sq["year"] == settings.horizon_year].set_index("regency_code")
    assert (last.loc[sq_last.index, "active_p50"] <= sq_last["active_p50"] + 1e-6).all()
    assert (last.loc[sq_last.index, "active_p50"] < sq_last["active_p50"]).mean() > 0.8
    kept = np.minimum(proj["regency_code"].map(funded).fillna(0), proj["regency_code"].map(bpu).fillna(0))
    kept = kept.where(~proj["scenario"].isin(_stopping(settings)), 0.0)
    room = (proj["eligible_p50"] - kept).clip(lower=0)
    assert (proj["funded_workers_total"].fillna(0) <= room + 1e-6).all()


def test_cost_columns_add_up_and_match_premium_times_workers(run_once) -> None:
    _, tables, _ = run_once
    proj = tables[pipeline.PROJECTIONS_FILE].fillna(0)
    kinds = pipeline.LEVER_TYPES
    np.testing.assert_allclose(proj[[f"cost_idr_{k}" for k in kinds]].sum(axis=1), proj["cost_idr_total"])
    np.testing.assert_allclose(
        proj[[f"funded_workers_{k}" for k in kinds]].sum(axis=1), proj["funded_workers_total"]
    )
    village = proj[proj["scenario"] == "village_100"]
    np.testing.assert_allclose(village["cost_idr_village"], village["funded_workers_village"] * 16_800 * 12)


def test_universal_coverage_year_table_is_consistent(run_once) -> None:
    _, tables, settings = run_once
    uc = tables[pipeline.UC_FILE]
    reached = uc.dropna(subset=["uc_year_p50"])
    assert reached["uc_year_p50"].between(settings.years[0], settings.horizon_year).all()
    both = uc.dropna(subset=["uc_year_p05", "uc_year_p95"])
    assert (both["uc_year_p05"] <= both["uc_year_p95"]).all()
    assert uc.loc[uc["uc_year_p50"].isna(), "cost_to_reach_idr"].isna().all()
    assert ((uc["share_of_draws_reached"] >= 0.5) == uc["uc_year_p50"].notna()).all()
    np.testing.assert_allclose(uc["gap_cost_idr_per_year"], uc["gap_workers_now"] * 201_600)


def test_same_seed_gives_identical_files_and_the_provisional_fallback_runs(
    run_once, tmp_path, processed_dir, monkeypatch
) -> None:
    paths_, _, settings = run_once
    first = {p.name: p.read_bytes() for p in paths_}
    target = _processed(tmp_path, processed_dir, with_informal=True)
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(target))
    monkeypatch.setenv("UCJ_INPUTS_DIR", str(tmp_path / "inputs"))
    again = pipeline.run(settings)
    assert {p.name: p.read_bytes() for p in again} == first
    (target / "informal_workforce.parquet").unlink()
    fallback = pipeline.run(assumptions.read_settings(n_draws=10))
    base = pd.read_parquet(fallback[0])
    assert base["workforce_method"].str.startswith("provisional").all()


def test_a_different_seed_changes_the_bands_but_not_the_costs(
    run_once, tmp_path, processed_dir, monkeypatch
) -> None:
    _, tables, settings = run_once
    target = _processed(tmp_path, processed_dir, with_informal=True)
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(target))
    monkeypatch.setenv("UCJ_INPUTS_DIR", str(tmp_path / "inputs"))
    ctx = pipeline.load_context(assumptions.read_settings(n_draws=N_DRAWS, seed=settings.seed + 1))
    proj, _ = pipeline.project_scenario(ctx, ctx.scenarios[1])
    proj = proj.sort_values(["regency_code", "year"]).reset_index(drop=True)
    before = tables[pipeline.PROJECTIONS_FILE]
    before = before[before["scenario"] == ctx.scenarios[1].id].reset_index(drop=True)
    assert not np.allclose(proj["coverage_p05"].fillna(0), before["coverage_p05"].fillna(0))
    np.testing.assert_allclose(proj["cost_idr_total"].fillna(0), before["cost_idr_total"].fillna(0))


def test_one_regency_alone_gives_the_same_answer_as_in_the_full_run(
    run_once, tmp_path, processed_dir, monkeypatch
) -> None:
    _, tables, settings = run_once
    target = _processed(tmp_path, processed_dir, with_informal=True)
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(target))
    monkeypatch.setenv("UCJ_INPUTS_DIR", str(tmp_path / "inputs"))
    ctx = pipeline.load_context(settings)
    proj, uc = pipeline.project_scenario(ctx, ctx.scenarios[1], inputs=ctx.inputs.subset(["12.14"]))
    full = tables[pipeline.PROJECTIONS_FILE]
    full = full[(full["regency_code"] == "12.14") & (full["scenario"] == ctx.scenarios[1].id)]
    np.testing.assert_allclose(proj["coverage_p50"].to_numpy(), full["coverage_p50"].to_numpy())


def test_derived_assumptions_match_their_stated_formulas() -> None:
    from ucj import paths
    from ucj.loaders import read_csv

    a = assumptions.load_assumptions()
    nlf = read_csv(paths.raw("stats", "national_labour_force_aug_2019_2024.csv"))
    val = {(int(y), i): float(v) for y, i, v in zip(nlf["year"], nlf["indicator"], nlf["value"], strict=True)}
    assert a.labour_force_growth.central == pytest.approx(
        (val[(2024, "working_age_pop_15plus")] / val[(2020, "working_age_pop_15plus")]) ** 0.25 - 1, abs=5e-5
    )
    assert a.labour_force_growth.high == pytest.approx(
        (val[(2024, "employed")] / val[(2021, "employed")]) ** (1 / 3) - 1, abs=5e-5
    )
    assert a.take_up.central == pytest.approx(1 - 15 / 249, abs=5e-4)
    assert a.annual_premium("jkk_jkm") == 201_600 and a.premiums_idr_per_month["jkk_jkm_jht"] == 36_800
    for name, rate in a.self_enrolment_rate.items():
        assert 0 < rate < 1 - a.lapse_rate.high, name  # keeps coverage monotone in lapse
    nat = a.national_active.set_index(["date", "segment"])["active_million"]
    assert nat[("2023-12", "all")] == 41.56 and nat[("2023-12", "BPU")] == 9.19


def test_bad_settings_name_the_setting(tmp_path) -> None:
    path = tmp_path / "projection.yml"
    path.write_text("denominator: everyone\n", encoding="utf-8")
    with pytest.raises(assumptions.InputError, match="denominator"):
        assumptions.read_settings(path)
    path.write_text("treshold: 0.9\n", encoding="utf-8")
    with pytest.raises(assumptions.InputError, match="treshold"):
        assumptions.read_settings(path)


def test_master_is_read_from_the_processed_table_not_rebuilt(tmp_path, processed_dir, monkeypatch) -> None:
    """The projection takes the master table the master stage wrote (a mark put in it shows up in
    the run's context) and leaves the file as it was."""
    target = _processed(tmp_path, processed_dir, with_informal=True)
    master_file = target / "regencies.parquet"
    marked = pd.read_parquet(master_file)
    marked.loc[marked["regency_code"] == "12.14", "regency_name"] = "Kabupaten Nias Selatan (marked copy)"
    marked.to_parquet(master_file, index=False)

    def version() -> tuple[int, int, int]:
        stat = master_file.stat()
        return stat.st_ino, stat.st_mtime_ns, stat.st_size

    before = version()
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(target))
    monkeypatch.setenv("UCJ_INPUTS_DIR", str(tmp_path / "inputs"))
    ctx = pipeline.load_context(assumptions.read_settings(n_draws=20))
    names = ctx.master.set_index("regency_code")["regency_name"]
    assert names["12.14"] == "Kabupaten Nias Selatan (marked copy)" and len(names) == 514
    assert version() == before  # not rewritten


@pytest.mark.parametrize("denominator", ["employed", "potential"])
def test_the_other_denominators_run(tmp_path, processed_dir, monkeypatch, denominator) -> None:
    target = _processed(tmp_path, processed_dir, with_informal=True)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "coverage_potential.csv").write_text(
        "regency_code,potential,source\n12.14,150000,Bappeda Nias Selatan (fixture)\n", encoding="utf-8"
    )
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(target))
    monkeypatch.setenv("UCJ_INPUTS_DIR", str(inputs))
    ctx = pipeline.load_context(assumptions.read_settings(n_draws=20, denominator=denominator))
    proj, uc = pipeline.project_scenario(ctx, ctx.scenarios[1])
    assert (proj["numerator_segment"] == "all").all() and (proj["denominator"] == denominator).all()
    nias = proj[proj["regency_code"] == "12.14"]
    start = ctx.baseline.set_index(["regency_code", "segment"]).loc[("12.14", "all"), "as_of"].year
    nias = nias[nias["year"] > start]  # the projection starts the year after the baseline date
    assert len(nias) > 10 and nias["coverage_p50"].notna().all() and (nias["coverage_p95"] <= 1 + 1e-12).all()
    if denominator == "potential":  # no potential (user or published) elsewhere: no coverage, never "reached"
        no_potential = (ctx.baseline["segment"] == "all") & ctx.baseline["potential_count"].isna()
        without = ctx.baseline.loc[no_potential, "regency_code"]
        assert len(without) > 100
        others = proj[proj["regency_code"].isin(without)]
        assert others["coverage_p50"].isna().all()
        assert uc.loc[uc["regency_code"].isin(without), "uc_year_p50"].isna().all()


def test_sensitivity_moves_coverage_in_the_expected_direction(tmp_path, processed_dir, monkeypatch) -> None:
    from ucj.projection import sensitivity

    target = _processed(tmp_path, processed_dir, with_informal=True)
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(target))
    monkeypatch.setenv("UCJ_INPUTS_DIR", str(tmp_path / "inputs"))
    ctx = pipeline.load_context(assumptions.read_settings(n_draws=40))
    village = next(s for s in ctx.scenarios if s.id == "village_100")
    tor = sensitivity.tornado(ctx, "12.14", village).set_index("assumption")
    assert tor.loc["lapse_rate", "coverage_at_low"] >= tor.loc["lapse_rate", "coverage_at_high"]
    assert tor.loc["take_up", "coverage_at_low"] <= tor.loc["take_up", "coverage_at_high"]
    assert tor.loc["village quota", "coverage_at_low"] <= tor.loc["village quota", "coverage_at_high"]
    grid = sensitivity.lapse_quota_grid(ctx, "12.14", village, [0.05, 0.2], [10, 100])
    cov = grid.set_index(["quota", "lapse_rate"])["coverage_horizon_p50"]
    assert cov[(100, 0.05)] >= cov[(10, 0.05)] and cov[(100, 0.05)] >= cov[(100, 0.2)]


def test_coverage_of_residents_is_never_above_one_and_counts_stay_whole(processed_dir) -> None:
    from ucj.summary import tables as summary_tables

    base = pd.read_parquet(processed_dir / pipeline.BASELINE_FILE)
    for column in ("coverage_of_employed", "coverage_of_informal", "coverage_of_potential"):
        assert (base[column].dropna() <= 1 + 1e-12).all(), column
    allseg = base[base["segment"] == "all"]
    over = allseg[allseg["excess_employed_count"] > 0]
    assert len(over) >= 1  # decided by the data (DKI cities, industrial cities), not listed by hand
    np.testing.assert_allclose(over["active_count"] - over["excess_employed_count"], over["employed_count"])
    bpu = base[base["segment"] == "BPU"]
    np.testing.assert_allclose(
        (bpu["active_count"] - bpu["excess_informal_count"]).clip(upper=bpu["informal_count"]),
        np.minimum(bpu["active_count"], bpu["informal_count"]),
    )
    # province totals are sums of the uncapped counts
    reg = summary_tables.regency_frame(
        pd.read_parquet(processed_dir / "regencies.parquet"),
        pd.read_parquet(processed_dir / "informal_workforce.parquet"),
        base,
        pd.read_parquet(processed_dir / pipeline.UC_FILE),
    )
    provinces = summary_tables.area_totals(reg)
    assert provinces["active_all_count"].sum() == pytest.approx(allseg["active_count"].sum(), rel=1e-9)
    assert (provinces[["bpu_coverage_of_informal", "all_coverage_of_employed"]].to_numpy() <= 1 + 1e-12).all()
