"""The yearly update path (docs/updating.md), repeated on a scratch copy of data/raw: complete the
next August round with synthetic rows (copied from the last year, marked TEST DATA) and the project
estimates it by itself; a round with provinces missing is not estimated and names them."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ucj.informal import anchors, employment, pipeline
from ucj.informal.benchmark import weighted_share

MARK = "TEST DATA (synthetic, copied from the previous year)"


def _complete_next_round(raw: Path, leave_out: int = 0) -> tuple[int, list[str]]:
    """Append the next round to the province shares, the national labour force and the regency
    TPT/TPAK files, copying the last estimated year; return the year and the provinces left out."""
    stats = raw / "stats"
    last = employment.estimate_years()[-1]
    new = last + 1
    shares = pd.read_csv(stats / "province_informal_share_2015_2024.csv", dtype=str, keep_default_na=False)
    have = set(shares.loc[shares["year"] == str(new), "prov_code_2025"])
    base = shares[(shares["year"] == str(last)) & ~shares["prov_code_2025"].isin(have)]
    base = base[base["prov_code_2025"] != "00"]
    left_out = sorted(base["prov_code_2025"])[:leave_out]
    add = base[~base["prov_code_2025"].isin(left_out)].assign(year=str(new), geography_note=MARK)
    add.to_csv(stats / "province_informal_share_2015_2024.csv", mode="a", header=False, index=False)
    lf = pd.read_csv(stats / "national_labour_force_aug_2019_2024.csv", dtype=str, keep_default_na=False)
    if not (lf["year"] == str(new)).any():
        rows = lf[lf["year"] == str(last)].assign(year=str(new), note=MARK)
        with open(stats / "national_labour_force_aug_2019_2024.csv", "a", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\r\n").writerows(rows.to_numpy().tolist())
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
    assert latest["is_tpt_carried_forward"].any()  # regencies without the new TPT carry the last value
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


def test_a_round_with_provinces_missing_is_not_estimated_and_names_them(raw_copy: Path) -> None:
    new, left_out = _complete_next_round(raw_copy, leave_out=3)
    assert len(left_out) == 3
    assert employment.estimate_years()[-1] == new - 1
    missing = employment.missing_provinces(anchors.load_province_shares())
    assert missing[new] == left_out
