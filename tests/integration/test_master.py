"""The regency master table: 514 regencies, 38 provinces, no regency lost in any join."""

from __future__ import annotations

import pandas as pd
import pytest

from ucj import master, paths, schemas


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return master.read_master()


def test_one_row_per_regency_and_38_provinces(table: pd.DataFrame) -> None:
    assert len(table) == schemas.N_REGENCIES
    assert table["regency_code"].is_unique
    assert table["province_code"].nunique() == schemas.N_PROVINCES


def test_no_regency_is_lost_in_any_join(table: pd.DataFrame) -> None:
    regions = pd.read_csv(paths.raw("regions", "regencies.csv"), dtype=str)
    keys = pd.read_csv(paths.raw("stats", "regency_keys.csv"), dtype=str)
    assert set(table["regency_code"]) == set(regions["kemendagri_code"]) == set(keys["kemendagri_code_2025"])
    assert set(table["bps_code_2020"]) == set(keys["bps_code_2020"])
    for name in [
        "regency_tpt_tpak_2018_2024.csv",
        "regency_ipm_2020_2024.csv",
        "regency_poverty_welfare_2021.csv",
    ]:
        stats = pd.read_csv(paths.raw("stats", name), dtype=str)
        assert set(table["bps_code_2020"]) <= set(stats["bps_code_2020"]), name


def test_bps_codes_come_from_the_key_table_not_from_the_digits(table: pd.DataFrame) -> None:
    keys = pd.read_csv(paths.raw("stats", "regency_keys.csv"), dtype=str)
    expected = dict(zip(keys["kemendagri_code_2025"], keys["bps_code_2020"], strict=True))
    assert table.set_index("regency_code")["bps_code_2020"].to_dict() == expected
    differing = table[table["regency_code"].str.replace(".", "", regex=False) != table["bps_code_2020"]]
    assert len(differing) > 0  # the two code systems really differ, so a digit join would be wrong


def test_village_counts_add_up_nationally_and_by_province(table: pd.DataFrame) -> None:
    assert int(table["desa_count"].sum() + table["kelurahan_count"].sum()) == schemas.N_DESA_KELURAHAN
    provinces = pd.read_csv(paths.raw("regions", "provinces.csv"), dtype={"province_code": str})
    sums = table.groupby("province_code")[["desa_count", "kelurahan_count"]].sum()
    merged = provinces.set_index("province_code").join(sums)
    assert (merged["n_desa"] == merged["desa_count"]).all()
    assert (merged["n_kelurahan"] == merged["kelurahan_count"]).all()


def test_population_adds_up_to_the_national_registry_total(table: pd.DataFrame) -> None:
    pop = pd.read_csv(
        paths.raw("stats", "population_dukcapil_2024s2.csv"), dtype={"kemendagri_code_2025": str}
    )
    national = int(pop.loc[pop["level"] == "national", "total"].iloc[0])
    assert int(table["population_count"].sum()) == national


def test_shares_and_counts_are_in_range(table: pd.DataFrame) -> None:
    for col in ["tpt_pct", "tpak_pct", "poverty_pct", "ipm"]:
        assert table[col].between(0, 100).all(), col
    for col in ["kecamatan_count", "desa_count", "kelurahan_count", "population_count"]:
        assert (table[col] >= 0).all(), col
    assert (table.loc[table["kind"] == "kota", "regency_code"].str[3] == "7").all()


def test_latest_value_is_carried_forward_with_its_year() -> None:
    long = pd.DataFrame(
        {
            "bps_code_2020": ["0001"] * 3 + ["0002"] * 2,
            "year": [2022, 2023, 2024, 2023, 2024],
            "tpt_pct": [1.0, 2.0, None, 5.0, 6.0],
        }
    )
    latest = master.latest_observed(long, "tpt_pct").set_index("bps_code_2020")
    assert latest.loc["0001", "tpt_pct"] == 2.0 and latest.loc["0001", "tpt_pct_year"] == 2023
    assert latest.loc["0002", "tpt_pct"] == 6.0 and latest.loc["0002", "tpt_pct_year"] == 2024
