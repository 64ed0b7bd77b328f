"""End-to-end properties of the informal-workforce estimate on the shipped data (issue 4 checks).

The master table is built into a temporary processed folder; nothing in
data/processed is read or written.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ucj import catalog, master, paths
from ucj.errors import InputErrors
from ucj.informal import employment, pipeline
from ucj.informal import model as model_mod
from ucj.informal import uncertainty as unc
from ucj.informal.benchmark import weighted_share

pytestmark = pytest.mark.xdist_group("informal_pipeline")

N_REGENCIES = 514


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory):
    processed = tmp_path_factory.mktemp("processed")
    inputs = tmp_path_factory.mktemp("inputs")  # empty: no direct estimates
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("UCJ_PROCESSED_DIR", str(processed))
        mp.setenv("UCJ_INPUTS_DIR", str(inputs))
        master.write_master()
        yield {"processed": processed, "inputs": inputs}


@pytest.fixture(scope="module")
def result(env) -> pipeline.InformalEstimates:
    return pipeline.estimate()


@pytest.fixture(scope="module")
def written(env, result) -> Path:
    return pipeline.write_outputs(result)


def _bps_national(year: int) -> dict[str, float]:
    """BPS national August figures read straight from the raw CSV (current vintage)."""
    df = pd.read_csv(paths.raw("stats", "national_labour_force_aug_2019_2024.csv"))
    df = df[(df["year"] == year) & ~df["note"].fillna("").str.contains("weights then in force")]
    v = df.set_index("indicator")["value"]
    share = (100.0 - v["formal_share"]) / 100.0
    return {"employed": v["employed"] * 1e6, "informal_share": share, "informal": v["employed"] * 1e6 * share}


def _bench_key(t: pd.DataFrame) -> pd.Series:
    return t["anchor_geography"] + ":" + t["anchor_province_code"] + "|" + t["year"].astype(str)


# ----------------------------------------------------------------- the written table
def test_output_file_contract(written: Path) -> None:
    t = pd.read_parquet(written)
    assert written == paths.processed("informal_workforce.parquet")
    assert set(pipeline.CONTRACT_COLUMNS) <= set(t.columns)
    assert len(t) == N_REGENCIES * len(employment.estimate_years())
    assert not t.duplicated(["regency_code", "year"]).any()
    assert t[["regency_code", "year"]].equals(
        t[["regency_code", "year"]].sort_values(["regency_code", "year"]).reset_index(drop=True)
    )
    assert sorted(t["year"].unique()) == list(employment.estimate_years())
    assert set(t["estimate_method"]) <= {"synthetic", "composite", "published"}
    # the published same-round figure is the estimate, labelled; the rest are composite or synthetic
    figures = catalog.read(catalog.INFORMAL_REGENCY_VALIDATION)
    same = figures[(figures["definition"] == "bps_status") & (figures["year"] == figures["estimate_year"])]
    est = t.set_index(["regency_code", "year"])
    for r in same.itertuples():
        assert est.loc[(r.regency_code, r.year), "estimate_method"] == "published"
        assert est.loc[(r.regency_code, r.year), "informal_share"] == pytest.approx(r.published_share)
    assert (t["estimate_method"] == "published").sum() == len(same)
    assert (
        t.loc[t["estimate_method"] != "published", "estimate_method"]
        == np.where(t.loc[t["estimate_method"] != "published", "is_anchored"], "composite", "synthetic")
    ).all()
    for col in ("is_high_cv", "is_tpt_carried_forward", "is_tpak_carried_forward"):
        assert t[col].dtype == bool
    assert t[pipeline.CONTRACT_COLUMNS].drop(columns=["province_code"]).notna().all().all()
    regencies = master.read_master()
    assert set(t["regency_code"]) == set(regencies["regency_code"])
    key = t.merge(
        regencies[["regency_code", "bps_code_2020", "province_code"]],
        on="regency_code",
        suffixes=("", "_master"),
    )
    assert (key["bps_code_2020"] == key["bps_code_2020_master"]).all()
    assert (key["province_code"] == key["province_code_master"]).all()


def test_cv_table_file_lists_every_candidate_and_one_choice(written: Path, result) -> None:
    """Every method x covariate set is reported (losers included); the chosen one has the lowest error."""
    cv = pd.read_parquet(paths.processed("informal_model_cv.parquet"))
    expected = [model_mod.candidate_name(m, c) for m, c in model_mod.candidates()]
    assert list(cv["candidate"]) == expected
    assert {"base+grdp_secondary", "base+poor_informal", "base+desa_share", "base+density_bps"} <= set(
        cv["covariate_set"]
    )
    assert cv["is_chosen"].sum() == 1
    chosen = cv.loc[cv["is_chosen"], "candidate"].iloc[0]
    assert cv.loc[cv["is_chosen"], "rmse_pp"].iloc[0] == cv["rmse_pp"].min()
    assert (cv.loc[~cv["is_chosen"], "rmse_pp"] > cv["rmse_pp"].min()).all()
    assert (result.table["model_name"] == chosen).all()
    assert result.model.candidate == chosen
    assert (cv["n_folds"] == 34).all()
    assert paths.processed("informal_calibration.parquet").is_file()


# ----------------------------------------------------------------- issue checks
def _benchmarked(t: pd.DataFrame) -> pd.DataFrame:
    """Province-years with at least one regency that is not a published BPS figure: those regencies
    are benchmarked so that the province adds up to its anchor (a province whose every regency has its
    own published figure of the round adds up to what they say)."""
    t = t.assign(key=_bench_key(t))
    free = t.groupby("key")["estimate_method"].transform(lambda m: (m != "published").any())
    return t[free]


def test_benchmarking_holds_in_every_province_and_year(result) -> None:
    t = _benchmarked(result.table)
    got = weighted_share(t, "informal_share", "employed_count", "key")
    want = t.groupby("key")["anchor_informal_share"].first()
    np.testing.assert_allclose(got.to_numpy(), want.reindex(got.index).to_numpy(), atol=1e-10, rtol=0)
    assert t.groupby("key")["anchor_informal_share"].nunique().max() == 1
    every = result.table.assign(key=_bench_key(result.table))
    provinces = every.groupby("year")["key"].nunique()
    assert set(provinces) == {34, 38}  # 34 provinces up to 2023, 38 from 2024
    all_published = set(every["key"]) - set(t["key"])
    assert (every[every["key"].isin(all_published)]["estimate_method"] == "published").all()


def test_anchors_are_the_published_bps_province_shares(result) -> None:
    raw = pd.read_csv(
        paths.raw("stats", "province_informal_share_2015_2024.csv"),
        dtype={"bps_prov_code_2020": str, "prov_code_2025": str},
    )
    raw = raw[raw["prov_code_2025"] != "00"]
    raw["code"] = np.where(raw["year"] >= 2024, raw["prov_code_2025"], raw["bps_prov_code_2020"])
    want = raw.set_index(["year", "code"])["informal_pct_derived"] / 100.0
    t = result.table[~result.table["is_anchor_interpolated"]]
    got = t.groupby(["year", "anchor_province_code"])["anchor_informal_share"].first()
    np.testing.assert_allclose(got.to_numpy(), want.reindex(got.index).to_numpy(), atol=1e-12)
    methods = result.table.groupby("anchor_method")["year"].agg(set)
    assert methods["interpolated"] == {2019}
    assert methods.get("carried forward", set()) <= {max(result.table["year"])}


def test_national_totals_match_bps_august(result) -> None:
    t = result.table
    for year in range(2020, 2025):
        assert t.loc[t["year"] == year, "employed_count"].sum() == pytest.approx(
            _bps_national(year)["employed"], rel=1e-9
        )
    bps = _bps_national(2024)
    t24 = t[t["year"] == 2024]
    informal = t24["informal_count"].sum()
    share = informal / t24["employed_count"].sum()
    assert informal == pytest.approx(bps["informal"], rel=0.01)
    assert share == pytest.approx(bps["informal_share"], rel=0.01)
    nat = result.national.set_index("year")
    assert nat["informal_count_diff_pct"].abs().max() < 1.0


def test_intervals_contain_points_and_shares_are_proportions(result) -> None:
    t = result.table
    for lo, mid, hi in [
        ("informal_count_p05", "informal_count", "informal_count_p95"),
        ("informal_share_p05", "informal_share", "informal_share_p95"),
        ("employed_count_p05", "employed_count", "employed_count_p95"),
    ]:
        assert (t[lo] <= t[mid]).all() and (t[mid] <= t[hi]).all(), mid
        assert (t[lo] < t[hi]).all()
    for col in ("informal_share", "informal_share_p05", "informal_share_p95", "informal_cv"):
        assert t[col].between(0, 1).all(), col
    assert (t["is_high_cv"] == (t["informal_cv"] > 0.25)).all()


def test_informal_le_employed_le_labour_force_le_working_age_le_population(result) -> None:
    t = result.table
    assert (t["informal_count"] >= 0).all()
    assert (t["informal_count"] <= t["employed_count"]).all()
    assert (t["employed_count"] <= t["labour_force_count"]).all()
    assert (t["labour_force_count"] <= t["population_15plus_count"]).all()
    assert (t["population_15plus_count"] <= t["population_count"]).all()
    np.testing.assert_allclose(t["formal_count"] + t["informal_count"], t["employed_count"])


def test_carried_forward_inputs_are_flagged(result) -> None:
    t = result.table
    assert (t["is_tpt_carried_forward"] == (t["tpt_source_year"] != t["year"])).all()
    assert (t["is_tpak_carried_forward"] == (t["tpak_source_year"] != t["year"])).all()
    lombok_utara = t[(t["bps_code_2020"] == "5208") & (t["year"] == 2018)].iloc[0]
    assert lombok_utara["is_tpt_carried_forward"] and lombok_utara["tpt_source_year"] == 2019
    assert t.loc[t["year"] == 2024, "is_tpak_carried_forward"].sum() == 140


def test_changing_one_regency_covariate_changes_no_other_province(result) -> None:
    """With the fitted model (and the regency-level choices) held fixed, a regency's covariates reach
    only its own province."""
    cov = result.covariates.copy()
    regencies = master.read_master()
    target = regencies[regencies["province_code"] == "33"].iloc[0]
    rows = cov["bps_code_2020"] == target["bps_code_2020"]
    cov.loc[rows, "mean_years_schooling"] += 3.0
    checks = (
        result.regency_validation.extra_variance,
        result.anchoring.persistence,
        result.anchoring.extra_variance,
    )
    changed = pipeline.estimate(
        model=result.model, cv_table=result.cv_table, covariates=cov, regency_checks=checks
    ).table
    base = result.table
    other = base["province_code"] != "33"
    pd.testing.assert_frame_equal(base[other], changed[other])
    own = base["regency_code"] == target["regency_code"]
    modelled = own & (base["estimate_method"] != "published")  # a published figure stays as published
    assert modelled.any()
    assert (changed.loc[modelled, "informal_share"] < base.loc[modelled, "informal_share"]).all()
    same_province = (~other) & (~own)
    assert (changed.loc[same_province, "informal_share"] != base.loc[same_province, "informal_share"]).any()
    t = _benchmarked(changed[~other])
    got = weighted_share(t, "informal_share", "employed_count", "key")
    np.testing.assert_allclose(
        got.to_numpy(),
        t.groupby("key")["anchor_informal_share"].first().reindex(got.index).to_numpy(),
        atol=1e-10,
    )


def test_same_inputs_give_an_identical_file(
    result, written: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    again = pipeline.estimate(model=result.model, cv_table=result.cv_table)
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(tmp_path))
    second = pipeline.write_outputs(again)
    assert second != written
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (written, second)]
    assert digest[0] == digest[1]


def test_stored_cross_validation_gives_the_same_estimate_without_rerunning_it(
    result, written: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What notebook 01 does while the stage is current: the written CV is read back and the
    estimate (model choice, fit, Monte Carlo) is the same, with no cross-validation run."""
    cv_table, cv_predictions = pipeline.read_cross_validation()
    pd.testing.assert_frame_equal(cv_predictions, result.cv_predictions)

    def no_cv(*args, **kwargs):
        raise AssertionError("cross-validation re-run")

    monkeypatch.setattr(model_mod, "cross_validate", no_cv)
    again = pipeline.estimate(cv_table=cv_table, cv_predictions=cv_predictions)
    pd.testing.assert_frame_equal(again.table, result.table)
    assert again.model.candidate == result.model.candidate


def test_direct_estimates_give_composite_estimates(result, tmp_path: Path) -> None:
    rng = np.random.default_rng(42)
    t24 = result.table[result.table["year"] == 2024].sample(15, random_state=3)
    se = rng.uniform(1.0, 3.0, len(t24))
    share = np.clip(100 * t24["informal_share"].to_numpy() + rng.normal(0, 4, len(t24)), 5, 95)
    pd.DataFrame(
        {
            "regency_code": t24["regency_code"],
            "year": 2024,
            "informal_share_pct": share.round(2),
            "sampling_variance": (se**2).round(4),
        }
    ).to_csv(tmp_path / "direct.csv", index=False)
    comp = pipeline.estimate(
        direct_path=tmp_path / "direct.csv", model=result.model, cv_table=result.cv_table, n_draws=500
    )
    t = comp.table
    # the direct estimates enter the Fay-Herriot composite of their regency-year (a published BPS figure of
    # the same round, where one exists, still takes precedence over both)
    is_comp = t["direct_informal_share"].notna()
    assert set(t.loc[is_comp, "regency_code"]) == set(t24["regency_code"])
    assert (t.loc[is_comp, "year"] == 2024).all()
    assert t.loc[is_comp, "estimate_method"].isin(["composite", "published"]).all()
    assert comp.fay_herriot[2024] is not None and comp.fay_herriot[2024].sigma2_u >= 0
    k = _benchmarked(t)
    got = weighted_share(k, "informal_share", "employed_count", "key")
    np.testing.assert_allclose(
        got.to_numpy(),
        k.groupby("key")["anchor_informal_share"].first().reindex(got.index).to_numpy(),
        atol=1e-10,
    )
    base = result.table.set_index(["regency_code", "year"])
    c = t[is_comp].set_index(["regency_code", "year"])
    ratio = c["informal_share_cv"] / base.loc[c.index, "informal_share_cv"]
    assert ratio.median() < 1.0  # direct information narrows the intervals
    assert (t["informal_share_p05"] <= t["informal_share"]).all()


def test_bad_direct_file_stops_the_estimate(env, tmp_path: Path) -> None:
    bad = tmp_path / "direct.csv"
    bad.write_text(
        "regency_code,year,informal_share_pct,sampling_variance\n11.01,2024,101,-2\n", encoding="utf-8"
    )
    with pytest.raises(InputErrors) as info:
        pipeline.estimate(direct_path=bad)
    text = str(info.value)
    assert "line 2" in text and "informal_share_pct" in text and "sampling_variance" in text


# ----------------------------------------------------------------- issue 12
def test_national_totals_within_one_percent_of_bps_every_year(result) -> None:
    """Employed and informal workers add up to BPS's national August figures in every estimated year."""
    nat = result.national.set_index("year")
    assert list(nat.index) == list(employment.estimate_years())
    np.testing.assert_allclose(nat["employed_count"], nat["bps_employed_count"], rtol=1e-9)
    assert ((nat["informal_count"] / nat["bps_informal_count"] - 1).abs() < 0.01).all()
    assert (result.calibration["adjustment_pct"].abs() < 1.0).all()  # the BPS base needs little calibration


def test_population_columns_of_the_table(result) -> None:
    t = result.table
    assert (t["population_basis"] == "bps2024_backcast").all() and not t["is_population_dukcapil"].any()
    np.testing.assert_allclose(
        t["population_15plus_count"] / t["calibration_factor"],
        t["population_count"] * t["share_15plus"],
        rtol=1e-12,
    )
    assert t.groupby("year")["regency_code"].nunique().eq(N_REGENCIES).all()


def test_ninety_percent_intervals_cover_85_to_95_percent_of_held_out_provinces(result) -> None:
    cov = unc.cv_interval_coverage(result.cv_predictions, result.model.candidate)
    published = result.panel["is_published"]
    assert 150 < cov["n"] <= published.sum()  # published province-years, each held out once
    assert 0.85 <= cov["coverage"] <= 0.95


def test_the_run_checks_its_intervals_on_the_published_figures_and_sizes_them(processed_dir) -> None:
    from ucj import catalog

    figures = catalog.read(catalog.INFORMAL_REGENCY_VALIDATION)
    summary = catalog.read(catalog.INFORMAL_REGENCY_VALIDATION_SUMMARY).set_index("group")
    used = figures[figures["definition"] == "bps_status"]
    row = summary.loc["all (BPS status definition)"]
    assert row["figures"] == len(used) > 10
    assert row["inside_90_held_out"] == pytest.approx(used["inside_held_out"].mean())
    assert row["mae_pp"] == pytest.approx(used["error_pp"].abs().mean())
    table = catalog.read(catalog.INFORMAL_WORKFORCE)
    anchored_row = summary.loc["anchored by the regency's figure of another round"]
    widened = np.where(
        table["is_anchored"], anchored_row["extra_logit_variance"] > 0, row["extra_logit_variance"] > 0
    )
    assert (table["is_interval_widened"] == widened).all()
    # the published table is the model anchored by the regency's own figures: on the figures of the
    # estimated years it is closer to them than the model checked above
    same_year = used[used["year"] <= table["year"].max()]
    est = table.set_index(["regency_code", "year"])["informal_share"]
    anchored = np.array(
        [est[(c, y)] for c, y in zip(same_year["regency_code"], same_year["year"], strict=True)]
    )
    assert np.abs(anchored - same_year["published_share"]).mean() < same_year["error_pp"].abs().mean() / 100


def test_a_province_of_published_regency_figures_adds_up_to_its_bps_province_share(result) -> None:
    """Two BPS releases checked against each other: where every regency of a province has its own
    published figure of a round, their employed-weighted share is within 1 point of the province's
    published share of that round (the province table is not used to make them agree)."""
    t = result.table.assign(key=_bench_key(result.table))
    whole = t.groupby("key")["estimate_method"].transform(lambda m: (m == "published").all())
    t = t[whole & (t["anchor_method"] == "published")]
    assert t["key"].nunique() >= 10
    got = weighted_share(t, "informal_share", "employed_count", "key")
    want = t.groupby("key")["anchor_informal_share"].first().reindex(got.index)
    assert (100 * (got - want)).abs().max() < 1.0
