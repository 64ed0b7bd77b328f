"""The yearly update path (docs/updating.md), repeated on a scratch copy of data/raw: complete the
next August round with synthetic rows (copied from the last year, marked TEST DATA) and the project
estimates it by itself; a round with provinces or regencies missing is estimated with them carried
forward from their latest year, and the run names them."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ucj import master
from ucj.informal import anchors, employment, pipeline
from ucj.informal.benchmark import weighted_share

MARK = "TEST DATA (synthetic, copied from the previous year)"


def _complete_next_round(raw: Path, leave_out: int = 0, regencies_left_out: int = 0) -> tuple[int, list[str]]:
    """Append the round after the newest one in the files to the province shares, the national labour
    force and the regency TPT/TPAK, copying each province's and regency's latest row; return the year
    and the provinces left out (Kemendagri 2025 codes, as the 38-province layout names them)."""
    stats = raw / "stats"
    shares = pd.read_csv(stats / "province_informal_share_2015_2024.csv", dtype=str, keep_default_na=False)
    new = int(shares["year"].astype(int).max()) + 1
    latest = shares[shares["prov_code_2025"] != "00"].assign(y=lambda d: d["year"].astype(int))
    latest = latest.sort_values("y").groupby("prov_code_2025").tail(1).drop(columns="y")
    left_out = sorted(latest["prov_code_2025"])[:leave_out]
    add = latest[~latest["prov_code_2025"].isin(left_out)].assign(year=str(new), geography_note=MARK)
    add.to_csv(stats / "province_informal_share_2015_2024.csv", mode="a", header=False, index=False)
    lf = pd.read_csv(stats / "national_labour_force_aug_2019_2024.csv", dtype=str, keep_default_na=False)
    last_lf = lf["year"].astype(int).max()
    rows = lf[lf["year"] == str(last_lf)].assign(year=str(new), note=MARK)
    with open(stats / "national_labour_force_aug_2019_2024.csv", "a", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows.to_numpy().tolist())
    tpt = pd.read_csv(stats / "regency_tpt_tpak_2018_2024.csv", dtype=str, keep_default_na=False)
    tpt = tpt[(tpt["tpt_pct"] != "") & (tpt["tpak_pct"] != "")].assign(y=lambda d: d["year"].astype(int))
    tpt = tpt.sort_values("y").groupby("bps_code_2020").tail(1).drop(columns="y")
    tpt = tpt.sort_values("bps_code_2020").iloc[regencies_left_out:]
    tpt.assign(year=str(new), source_note=MARK).to_csv(
        stats / "regency_tpt_tpak_2018_2024.csv", mode="a", header=False, index=False
    )
    return new, left_out


def test_a_completed_round_is_estimated_by_itself_and_benchmarked(raw_copy: Path, processed_dir) -> None:
    new, _ = _complete_next_round(raw_copy)
    years = employment.estimate_years()
    assert years[-1] == new  # nothing in the code names the year
    cv_table, cv_pred = pipeline.read_cross_validation()
    table = pipeline.estimate(years=years, cv_table=cv_table, cv_predictions=cv_pred, n_draws=50).table
    latest = table[table["year"] == new]
    assert len(latest) == table["regency_code"].nunique()
    assert (latest["informal_count"] <= latest["employed_count"]).all()
    assert not latest["is_tpt_carried_forward"].any()  # every regency has the new round's TPT
    # the round's published BPS regency figures are its estimates; the other regencies of a province
    # are benchmarked so that the province total is the published one
    assert set(latest["estimate_method"]) <= {"published", "composite", "synthetic"}
    keyed = latest.assign(key=latest["anchor_geography"] + ":" + latest["anchor_province_code"])
    free = keyed.groupby("key")["estimate_method"].transform(lambda m: (m != "published").any())
    keyed = keyed[free]
    if len(keyed):
        got = weighted_share(keyed, "informal_share", "employed_count", "key")
        want = keyed.groupby("key")["anchor_informal_share"].first().reindex(got.index)
        np.testing.assert_allclose(got.to_numpy(), want.to_numpy(), atol=1e-9)
    targets = employment.national_targets(years).set_index("year")
    assert latest["employed_count"].sum() == pytest.approx(targets.loc[new, "employed_count"], rel=1e-6)


def test_a_round_with_provinces_missing_is_estimated_with_them_carried_and_named(
    raw_copy: Path, processed_dir, capsys: pytest.CaptureFixture[str]
) -> None:
    """BPS's province table arrives in parts: the round is estimated, the missing provinces' shares
    are carried forward from their latest year (labelled) and the run names them."""
    new, left_out = _complete_next_round(raw_copy, leave_out=3, regencies_left_out=3)
    assert len(left_out) == 3
    years = employment.estimate_years()
    assert years[-1] == new
    missing = employment.missing_provinces(anchors.load_province_shares())
    assert missing[new] == left_out
    cv_table, cv_pred = pipeline.read_cross_validation()
    result = pipeline.estimate(years=years, cv_table=cv_table, cv_predictions=cv_pred, n_draws=50)
    latest = result.table[result.table["year"] == new]
    carried = latest[latest["anchor_method"] == anchors.CARRIED]
    assert sorted(carried["anchor_province_code"].unique()) == left_out
    assert (
        latest.loc[latest["anchor_method"] != anchors.CARRIED, "anchor_method"] == anchors.PUBLISHED
    ).all()
    # the regencies without the new round's TPT/TPAK are named and carried forward
    tpt = master.load_tpt_tpak()
    lacking = employment.regencies_without_rates(tpt, new)
    assert len(lacking["TPT"]) == len(lacking["TPAK"]) == 3
    flagged = latest[latest["is_tpt_carried_forward"]]["bps_code_2020"]
    assert set(lacking["TPT"]) == set(flagged)
    lacking = lacking["TPT"]
    pipeline.report_gaps(years)
    said = capsys.readouterr().out
    assert all(code in said for code in left_out) and all(code in said for code in lacking)
