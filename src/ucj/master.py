"""Build the regency master table: 514 rows keyed by the Kemendagri 2025 code.

BPS tables are keyed by the BPS 2020 regency code and joined only through the
key table (`stats/regency_keys.csv`): BPS and Kemendagri regency numbers differ
(Kemendagri 11.09 Simeulue is BPS 1101), so codes are never matched by digits.
Every join is checked to keep all 514 regencies.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ucj import catalog, paths, schemas
from ucj.io import write_parquet_atomic
from ucj.loaders import check_known_codes, read_csv, validate


def load_regions() -> pd.DataFrame:
    """Regions file (Kemendagri 2025 codes, villages, area, population, centroid)."""
    return read_csv(paths.raw("regions", "regencies.csv"), schemas.REGIONS_REGENCIES)


def load_keys() -> pd.DataFrame:
    """BPS 2020 <-> Kemendagri 2025 key table."""
    return read_csv(paths.raw("stats", "regency_keys.csv"), schemas.REGENCY_KEYS)


def load_tpt_tpak() -> pd.DataFrame:
    """Regency TPT and TPAK, Sakernas August rounds (long format; blanks are NaN). A code that is not
    a BPS-2020 regency of the key table (a changed or mistyped code in a new round) is refused with
    its line."""
    path = paths.raw("stats", "regency_tpt_tpak_2018_2024.csv")
    df = read_csv(path, schemas.TPT_TPAK)
    check_known_codes(
        df, "bps_code_2020", load_keys()["bps_code_2020"].dropna(), path, "BPS 2020 regency code"
    )
    return df


def load_ipm() -> pd.DataFrame:
    """Regency IPM and its components, 2020-2024."""
    return read_csv(paths.raw("stats", "regency_ipm_2020_2024.csv"), schemas.IPM)


POVERTY_WELFARE_FILE = "regency_poverty_welfare_2021.csv"
"""Regency poverty and welfare indicators; its reference year (inferred, SOURCES.md) is the year in
the name."""


def load_poverty() -> pd.DataFrame:
    """Regency poverty rate and welfare indicators (reference year in the file name, inferred)."""
    return read_csv(paths.raw("stats", POVERTY_WELFARE_FILE), schemas.POVERTY_2021)


def load_poverty_rounds() -> pd.DataFrame:
    """Regency poverty rate P0 per round, long (``bps_code_2020``, ``year``, ``p0_pct``): the 2021
    welfare file plus every newer BPS round shipped as ``regency_poverty_<year>.csv`` (March figures;
    the year is read from each file's ``period``, never from code)."""
    welfare_year = int(Path(POVERTY_WELFARE_FILE).stem.rsplit("_", 1)[-1])
    frames = [load_poverty()[["bps_code_2020", "p0_pct"]].assign(year=welfare_year)]
    for path in sorted(paths.raw("stats").glob("regency_poverty_[0-9][0-9][0-9][0-9].csv")):
        df = read_csv(path, schemas.POVERTY_YEARLY)
        frames.append(df.assign(year=df["period"].str[:4].astype(int))[["bps_code_2020", "p0_pct", "year"]])
    return pd.concat(frames, ignore_index=True)


def latest_observed(long: pd.DataFrame, value: str) -> pd.DataFrame:
    """Latest non-missing ``value`` per regency, with the year it refers to."""
    obs = long.dropna(subset=[value]).sort_values(["bps_code_2020", "year"])
    last = obs.groupby("bps_code_2020", sort=True).tail(1)
    return last[["bps_code_2020", value, "year"]].rename(columns={"year": f"{value}_year"})


def _join_checked(left: pd.DataFrame, right: pd.DataFrame, on: str, what: str) -> pd.DataFrame:
    """Left-join and fail if any regency is lost, duplicated or left without a match."""
    merged = left.merge(right, on=on, how="left", validate="one_to_one", indicator=True)
    unmatched = merged.loc[merged["_merge"] != "both", on].tolist()
    if unmatched:
        raise ValueError(f"{what}: {len(unmatched)} regencies have no match on {on}: {unmatched[:10]}")
    if len(merged) != len(left):
        raise ValueError(f"{what}: join changed the row count {len(left)} -> {len(merged)}")
    return merged.drop(columns="_merge")


def build_master() -> pd.DataFrame:
    """Assemble and validate the master table (does not write it)."""
    regions = load_regions()
    keys = load_keys()[["bps_code_2020", "bps_prov_code_2020", "kemendagri_code_2025"]]
    base = regions.rename(
        columns={
            "kemendagri_code": "regency_code",
            "bps_code": "bps_code_2023",
            "bps_code_pre2023": "bps_code_2020_regions",
            "name": "regency_name",
            "n_kecamatan": "kecamatan_count",
            "n_desa": "desa_count",
            "n_kelurahan": "kelurahan_count",
            "population_dukcapil": "population_count",
        }
    )
    base = _join_checked(
        base,
        keys.rename(
            columns={"kemendagri_code_2025": "regency_code", "bps_prov_code_2020": "bps_province_code_2020"}
        ),
        on="regency_code",
        what="regency_keys",
    )
    mismatch = base[base["bps_code_2020"] != base["bps_code_2020_regions"]]
    if len(mismatch):
        raise ValueError(
            "regions and key table disagree on the BPS 2020 code for "
            f"{mismatch['regency_code'].tolist()[:10]}"
        )

    tpt = latest_observed(load_tpt_tpak(), "tpt_pct")
    tpak = latest_observed(load_tpt_tpak(), "tpak_pct")
    ipm = load_ipm()
    ipm_latest = latest_observed(ipm, "ipm")
    comps = ipm.merge(
        ipm_latest.rename(columns={"ipm_year": "year"})[["bps_code_2020", "year"]],
        on=["bps_code_2020", "year"],
    )[["bps_code_2020", "rls_years", "pengeluaran_per_kapita_disesuaikan_ribu_rp"]]
    poverty = load_poverty()[["bps_code_2020", "p0_pct"]].assign(poverty_year=2021)

    for table, what in [
        (tpt, "TPT"),
        (tpak, "TPAK"),
        (ipm_latest, "IPM"),
        (comps, "IPM components"),
        (poverty, "poverty"),
    ]:
        base = _join_checked(base, table, on="bps_code_2020", what=what)

    base = base.rename(
        columns={
            "tpt_pct_year": "tpt_year",
            "tpak_pct_year": "tpak_year",
            "rls_years": "mean_years_schooling",
            "pengeluaran_per_kapita_disesuaikan_ribu_rp": "expenditure_per_capita_kidr",
            "p0_pct": "poverty_pct",
        }
    )
    base["population_density_per_km2"] = base["population_count"] / base["area_km2"]
    columns = list(schemas.MASTER.columns)
    master = base[columns + ["name_short"]].rename(columns={"name_short": "regency_short_name"})
    master = master.sort_values("regency_code", kind="stable").reset_index(drop=True)
    for col in ["tpt_year", "tpak_year", "ipm_year", "poverty_year"]:
        master[col] = master[col].astype("int64")
    return validate(master, schemas.MASTER, "data/processed/regencies.parquet")


def write_master(target: Path | None = None) -> Path:
    """Build the master table and write it atomically to data/processed."""
    target = target or catalog.path(catalog.REGENCIES)
    write_parquet_atomic(build_master(), target)
    return target


def read_master() -> pd.DataFrame:
    """The processed master table: ``catalog.read(catalog.REGENCIES)`` (kept for its callers)."""
    return catalog.read(catalog.REGENCIES)
