"""Inputs of the informal-workforce estimate: national targets, carried rates, anchors, direct file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.special import logit

from ucj import master, paths
from ucj.errors import InputError, InputErrors
from ucj.informal import anchors, direct, employment

pytestmark = pytest.mark.unit  # needs no processed data

RAW = paths.raw("stats")


def _lf_value(year: int, indicator: str) -> float:
    """A current-vintage value straight from the national labour-force CSV (not via the package)."""
    df = pd.read_csv(RAW / "national_labour_force_aug_2019_2024.csv")
    df = df[(df["year"] == year) & (df["indicator"] == indicator)]
    df = df[~df["note"].fillna("").str.contains("weights then in force")]
    assert len(df) == 1
    return float(df["value"].iloc[0])


# ----------------------------------------------------------------- national targets
def test_national_targets_read_from_the_bps_file() -> None:
    t = employment.national_targets().set_index("year")
    years = employment.estimate_years()
    assert list(t.index) == list(years) == list(range(years[0], years[-1] + 1))
    assert years[0] == 2018 and years[-1] >= 2024  # the TPT/TPAK table's first year; the newest round
    for year in range(2020, years[-1] + 1):
        assert t.loc[year, "employed_count"] == pytest.approx(_lf_value(year, "employed") * 1e6)
    last = years[-1]
    assert t.loc[last, "informal_share"] == pytest.approx(1 - _lf_value(last, "formal_share") / 100)
    assert t.loc[2021, "informal_count"] == pytest.approx(_lf_value(2021, "informal_employed") * 1e6)


def test_superseded_2019_release_is_never_a_target() -> None:
    """2019 comes from the re-published series; the status file agrees with the LF file in 2020."""
    lf = employment.load_national_labour_force()
    original_2019 = lf[(lf["year"] == 2019) & (lf["indicator"] == "employed")]
    assert original_2019["is_superseded_vintage"].all()
    t = employment.national_targets().set_index("year")
    assert t.loc[2019, "employed_count"] != pytest.approx(float(original_2019["value"].iloc[0]) * 1e6)
    status = employment.load_employment_by_status()
    aug2020 = status[(status["year"] == 2020) & (status["month"] == 8)]["workers_million"].sum()
    assert aug2020 == pytest.approx(_lf_value(2020, "employed"), abs=0.005)


def test_province_15plus_shares_add_up_to_the_sp2020_national_count() -> None:
    s = employment.province_15plus_share()
    assert len(s) == 34
    assert s["share_15plus"].between(0.5, 0.9).all()
    national = pd.read_csv(RAW / "province_population_15plus_sp2020.csv", dtype={"bps_prov_code_2020": str})
    national = national[(national["bps_prov_code_2020"] == "00") & (national["sex"] == "total")]
    assert s["population_15plus_sp2020"].sum() == int(national["pop_15plus"].iloc[0])


# ----------------------------------------------------------------- carried rates
def test_missing_rates_are_carried_forward_and_flagged() -> None:
    regencies = pd.DataFrame({"bps_code_2020": ["0001", "0002"]})
    raw = pd.DataFrame(
        {
            "bps_code_2020": ["0001"] * 3 + ["0002"] * 3,
            "year": [2018, 2019, 2020] * 2,
            "tpt_pct": [5.0, np.nan, np.nan, np.nan, 4.0, 3.0],
            "tpak_pct": [60.0, 61.0, np.nan, 70.0, np.nan, 72.0],
            "source_note": [None, None, None, None, None, "FLAG: outlier TPAK vs neighbouring years"],
        }
    )
    r = employment.labour_rates(regencies, raw, years=(2018, 2019, 2020)).set_index(["bps_code_2020", "year"])
    assert r.loc[("0001", 2020), "tpt_pct"] == 5.0
    assert r.loc[("0001", 2020), "tpt_source_year"] == 2018
    assert r.loc[("0001", 2020), "is_tpt_carried_forward"]
    assert not r.loc[("0001", 2018), "is_tpt_carried_forward"]
    # no earlier value: the next later one is used, and flagged
    assert r.loc[("0002", 2018), "tpt_pct"] == 4.0 and r.loc[("0002", 2018), "tpt_source_year"] == 2019
    assert r.loc[("0002", 2019), "tpak_pct"] == 70.0 and r.loc[("0002", 2019), "is_tpak_carried_forward"]
    assert r.loc[("0002", 2020), "has_flagged_input"] and not r.loc[("0002", 2019), "has_flagged_input"]


def test_shipped_rates_gaps_are_all_flagged() -> None:
    raw = master.load_tpt_tpak()
    regencies = master.load_keys()[["bps_code_2020"]]
    r = employment.labour_rates(regencies, raw)
    merged = r.merge(
        raw[["bps_code_2020", "year", "tpt_pct", "tpak_pct"]],
        on=["bps_code_2020", "year"],
        suffixes=("", "_raw"),
    )
    assert (merged["is_tpak_carried_forward"] == merged["tpak_pct_raw"].isna()).all()
    assert (merged["is_tpt_carried_forward"] == merged["tpt_pct_raw"].isna()).all()
    assert merged["tpt_pct"].notna().all() and merged["tpak_pct"].notna().all()


# ----------------------------------------------------------------- anchors
def test_anchor_geography_switches_to_38_provinces_in_2024() -> None:
    shares = anchors.load_province_shares()
    # 38 provinces from 2024 on, also in a later year whose rows found so far share their code
    assert anchors.years_38(shares) == set(range(2024, int(shares["year"].max()) + 1))
    assert 2019 not in set(shares["year"])
    s24 = shares[shares["year"] == 2024]
    assert len(s24) == 38 and (s24["anchor_geography"] == anchors.GEO_38).all()
    new_papua = s24[s24["anchor_province_code"].isin(["93", "94", "95", "96"])]
    assert new_papua["bps_prov_code_2020"].isna().all()
    keys = master.load_keys()
    regencies = pd.DataFrame(
        {
            "regency_code": keys["kemendagri_code_2025"],
            "province_code": keys["prov_code_2025"],
            "bps_province_code_2020": keys["bps_prov_code_2020"],
        }
    )
    k = anchors.regency_anchor_keys(regencies, (2023, 2024), shares)
    jayawijaya = k[k["regency_code"] == "95.01"].set_index("year")["anchor_key"]
    assert jayawijaya[2023] == "bps2020:94" and jayawijaya[2024] == "kemendagri2025:95"
    assert set(k["anchor_key"]) <= set(shares["anchor_key"])


def test_2019_anchors_are_interpolated_to_the_national_share() -> None:
    regencies = master.build_master()
    targets = employment.national_targets()
    emp = employment.estimate_employment(regencies, targets=targets)
    shares = anchors.load_province_shares()
    keys = anchors.regency_anchor_keys(regencies, employment.YEARS, shares)
    a = anchors.province_anchors(emp, keys, shares, targets, employment.YEARS)
    assert a.loc[a["anchor_method"] == anchors.INTERPOLATED, "year"].unique().tolist() == [2019]
    a19 = a[a["year"] == 2019]
    national = (a19["informal_share"] * a19["employed_count"]).sum() / a19["employed_count"].sum()
    assert national == pytest.approx(targets.set_index("year").loc[2019, "informal_share"], abs=1e-10)
    # the interpolated logits keep the 2018-2020 province ordering of the midpoint
    mid = (
        shares[shares["year"].isin([2018, 2020])]
        .groupby("anchor_key")["informal_share"]
        .apply(lambda s: logit(s).mean())
    )
    diff = logit(a19.set_index("anchor_key")["informal_share"]) - mid.reindex(a19["anchor_key"]).to_numpy()
    assert np.ptp(diff.to_numpy()) < 1e-9
    published = a[~a["is_interpolated"]].merge(shares, on=["anchor_key", "year"], suffixes=("", "_raw"))
    np.testing.assert_allclose(published["informal_share"], published["informal_share_raw"])
    err = anchors.anchor_error_variances(shares)
    assert 0 < err.published < err.interpolated < 0.1
    assert err.carried > 0 and err.carried_n > 0


def test_a_province_missing_from_the_newest_round_is_carried_forward_to_the_national_share() -> None:
    """The newest round before BPS's table is complete: published provinces keep their share, the
    missing ones start from their latest published share and move by one common logit step so that
    all provinces add up to the BPS national share of the round."""
    regencies = master.build_master()
    targets = employment.national_targets()
    years = employment.estimate_years()
    emp = employment.estimate_employment(regencies, targets=targets)
    shares = anchors.load_province_shares()
    keys = anchors.regency_anchor_keys(regencies, years, shares)
    a = anchors.province_anchors(emp, keys, shares, targets, years)
    carried = a[a["anchor_method"] == anchors.CARRIED]
    missing = employment.missing_provinces(shares)
    if not len(carried):
        assert years[-1] not in missing
        pytest.skip("the newest round's province table is complete")
    last = years[-1]
    assert set(carried["year"]) == {last}
    assert sorted(carried["anchor_province_code"]) == missing[last]
    assert (carried["anchor_source_year"] < last).all() and carried["is_interpolated"].all()
    a_last = a[a["year"] == last]
    national = (a_last["informal_share"] * a_last["employed_count"]).sum() / a_last["employed_count"].sum()
    assert national == pytest.approx(targets.set_index("year").loc[last, "informal_share"], abs=1e-10)
    earlier = shares.set_index(["anchor_key", "year"])["informal_share"]
    source = pd.MultiIndex.from_arrays([carried["anchor_key"], carried["anchor_source_year"]])
    start = logit(earlier.reindex(source).to_numpy())
    step = logit(carried["informal_share"].to_numpy()) - start
    assert np.ptp(step) < 1e-9  # one common shift
    kept = a_last[a_last["anchor_method"] == anchors.PUBLISHED]
    np.testing.assert_allclose(
        kept["informal_share"],
        earlier.reindex(pd.MultiIndex.from_arrays([kept["anchor_key"], kept["year"]])).to_numpy(),
    )


# ----------------------------------------------------------------- direct estimates
HEADER = "regency_code,year,informal_share_pct,sampling_variance\n"


@pytest.fixture(scope="module")
def known_codes() -> pd.Series:
    return master.load_keys()["kemendagri_code_2025"]


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "direct_estimates.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_absent_direct_file_means_purely_synthetic(tmp_path: Path, known_codes: pd.Series) -> None:
    assert direct.load_direct(tmp_path / "direct_estimates.csv", known_codes) is None
    assert direct.load_direct(None, known_codes) is None


def test_valid_direct_file_is_read(tmp_path: Path, known_codes: pd.Series) -> None:
    df = direct.load_direct(_write(tmp_path, "11.01,2024,61.5,4.0\n35.78,2023,33.2,2.25\n"), known_codes)
    assert list(df["regency_code"]) == ["11.01", "35.78"]
    assert df["informal_share_pct"].tolist() == [61.5, 33.2]
    assert df["source_line"].tolist() == [2, 3]


@pytest.mark.parametrize(
    "body,line,column,fragment",
    [
        ("11.01,2024,61.5,4.0\n99.99,2024,50,3\n", 3, "regency_code", "unknown regency code"),
        ("11.01,2024,61.5,-4.0\n", 2, "sampling_variance", "greater than 0"),
        ("11.01,2024,61.5,4.0\n11.02,2024,120,4\n", 3, "informal_share_pct", "out of range"),
        ("11.01,2024,0,4.0\n", 2, "informal_share_pct", "out of range"),
        ("11.01,2031,61.5,4.0\n", 2, "year", "outside the estimated rounds"),
        ("1101,2024,61.5,4.0\n", 2, "regency_code", "wrong format"),
        ("11.01,2024,abc,4.0\n", 2, "informal_share_pct", "not a number"),
        ("11.01,2024,61.5,4.0\n11.01,2024,60,4.0\n", 3, "regency_code", "given twice"),
    ],
)
def test_bad_direct_file_names_file_line_and_column(
    tmp_path: Path, known_codes: pd.Series, body: str, line: int, column: str, fragment: str
) -> None:
    path = _write(tmp_path, body)
    with pytest.raises((InputError, InputErrors)) as info:
        direct.load_direct(path, known_codes)
    errors = info.value.errors if isinstance(info.value, InputErrors) else [info.value]
    hit = [e for e in errors if e.row == line and e.column == column]
    assert hit, str(info.value)
    assert fragment in str(hit[0])
    assert str(path) in str(info.value) and f"line {line}" in str(info.value)


def test_direct_file_missing_column(tmp_path: Path, known_codes: pd.Series) -> None:
    path = tmp_path / "direct_estimates.csv"
    path.write_text("regency_code,year,informal_share_pct\n11.01,2024,61.5\n", encoding="utf-8")
    with pytest.raises(InputError, match="sampling_variance"):
        direct.load_direct(path, known_codes)
