"""Working-age base from BPS's regency population 2024 and its year-specific back-cast (issue 12)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ucj import master, paths
from ucj.informal import employment, population

pytestmark = pytest.mark.unit  # needs no processed data

N_REGENCIES = 514
GROWTH_BAND = (-0.03, 0.06)
"""Plausible yearly change of a regency's population (issue 12); no documented exception is needed."""


@pytest.fixture(scope="module")
def regencies() -> pd.DataFrame:
    return master.build_master()


@pytest.fixture(scope="module")
def targets() -> pd.DataFrame:
    return employment.national_targets()


def _bps_working_age(year: int) -> float:
    """BPS national working-age population (Sakernas August), straight from the raw CSV."""
    df = pd.read_csv(paths.raw("stats", "national_labour_force_aug_2019_2024.csv"))
    df = df[
        (df["year"] == year)
        & (df["indicator"] == "working_age_pop_15plus")
        & ~df["note"].fillna("").str.contains("weights then in force")
    ]
    assert len(df) == 1
    return float(df["value"].iloc[0]) * 1e6


def test_bps_file_joins_every_regency_through_the_key_table(regencies: pd.DataFrame) -> None:
    raw = pd.read_csv(paths.raw(*population.BPS_PATH), dtype=str)
    keys = pd.read_csv(paths.raw("stats", "regency_keys.csv"), dtype=str)
    assert len(raw) == N_REGENCIES and raw["bps_code_2020"].is_unique
    joined = population.join_bps(regencies)
    assert len(joined) == N_REGENCIES and joined["population_bps_2024"].notna().all()
    # the join goes BPS code -> key table -> Kemendagri code, never by dropping the dot
    via_keys = raw.merge(
        keys[["bps_code_2020", "kemendagri_code_2025"]],
        on="bps_code_2020",
        suffixes=("", "_keys"),
        validate="one_to_one",
    )
    assert (via_keys["kemendagri_code_2025"] == via_keys["kemendagri_code_2025_keys"]).all()
    assert (raw["bps_code_2020"] != raw["kemendagri_code_2025"].str.replace(".", "", regex=False)).any()
    assert joined["population_bps_2024"].sum() == raw["population_bps_2024"].astype("int64").sum()


def test_working_age_from_bps_adds_up_to_bps_national_2024(
    regencies: pd.DataFrame, targets: pd.DataFrame
) -> None:
    """BPS 2024 x regency 15+ share, calibrated, is within 0.5% of BPS's national working-age population."""
    emp = employment.estimate_employment(regencies, targets=targets)
    assert len(emp) == N_REGENCIES * len(employment.YEARS)
    assert (emp.groupby("year")["regency_code"].nunique() == N_REGENCIES).all()
    assert (emp["population_basis"] == population.DEFAULT_BASIS).all()
    assert not emp["is_population_dukcapil"].any()
    w24 = emp.loc[emp["year"] == 2024, "population_15plus_count"].sum()
    assert w24 == pytest.approx(_bps_working_age(2024), rel=0.005)
    for year in (2020, 2021, 2022, 2023):
        w = emp.loc[emp["year"] == year, "population_15plus_count"].sum()
        assert w == pytest.approx(_bps_working_age(year), rel=0.005), year
    # the regency's own age structure is used: 15+ shares differ within a province
    s24 = emp[emp["year"] == 2024].groupby("bps_province_code_2020")["share_15plus"].nunique()
    assert (s24 > 1).sum() >= 30


def test_population_changes_every_year_within_a_plausible_band(regencies: pd.DataFrame) -> None:
    pop = population.regency_population(regencies, employment.YEARS)
    for col in ("population_count", "population_15plus_base"):
        wide = pop.pivot(index="regency_code", columns="year", values=col)
        assert wide.shape == (N_REGENCIES, len(employment.YEARS))
        change = wide.pct_change(axis=1).iloc[:, 1:]
        assert (change != 0).all().all(), col
        assert change.min().min() >= GROWTH_BAND[0] and change.max().max() <= GROWTH_BAND[1], col
    assert (pop["population_15plus_base"] < pop["population_count"]).all()
    # mid-2024 level reproduced (up to the 1.5 months to the August round)
    raw = pd.read_csv(paths.raw(*population.BPS_PATH))
    p24 = pop.loc[pop["year"] == 2024, "population_count"].sum()
    assert p24 == pytest.approx(raw["population_bps_2024"].sum(), rel=0.005)


def test_the_chosen_base_has_the_smallest_error_against_bps(
    regencies: pd.DataFrame, targets: pd.DataFrame
) -> None:
    table = population.compare_bases(regencies, targets, employment.YEARS)
    assert table["basis"].tolist() == list(population.BASES)
    assert table["is_chosen"].sum() == 1
    chosen = table.loc[table["is_chosen"]].iloc[0]
    assert chosen["basis"] == population.DEFAULT_BASIS
    assert chosen["mape_pct"] == table["mape_pct"].min()
    published = targets.set_index("year")["working_age_count"].reindex(employment.YEARS).notna()
    assert chosen["n_years"] == published.sum() >= 5  # every year BPS published a 15+ figure


def test_a_regency_missing_from_bps_falls_back_to_dukcapil_and_is_flagged(regencies: pd.DataFrame) -> None:
    bps = population.load_bps_population()
    code = regencies.loc[regencies["regency_code"] == "12.14", "bps_code_2020"].iloc[0]
    pop = population.regency_population(regencies, (2023, 2024), bps=bps[bps["bps_code_2020"] != code])
    assert len(pop) == 2 * N_REGENCIES
    flagged = pop[pop["is_population_dukcapil"]]
    assert set(flagged["regency_code"]) == {"12.14"}
    assert (flagged["population_basis"] == population.BASIS_DUKCAPIL).all()
    dukcapil = float(regencies.loc[regencies["regency_code"] == "12.14", "population_count"].iloc[0])
    assert flagged["population_count"].between(0.95 * dukcapil, 1.05 * dukcapil).all()
    assert np.isfinite(pop["population_15plus_base"]).all()
