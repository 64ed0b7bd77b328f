"""Regency covariates of the informal share, per regency and year.

The covariates are fixed before looking at any model result (no selection by
hand): each has a known relation to status-based informality in Indonesia.

============================  ====================================================  ==============
covariate                     source (data/raw/stats)                               years
============================  ====================================================  ==============
``mean_years_schooling``      IPM file, RLS (population 25+)                        2020-2024
``log_expenditure``           IPM file, adjusted expenditure per capita (log)       2020-2024
``poverty_pct``               poverty/welfare file, P0 (March 2021)                 2021 only
``is_kota``                   key table (kota vs kabupaten)                         static
``log_density``               Dukcapil Dec 2024 population / BIG 2024 area (log)    2024 only
``tpak_pct``, ``tpt_pct``     regency TPAK/TPT (as used for employment)             2018-2024
``primary_share_pct``         GRDP 2025, primary sector share (incl. mining)        2025 only
============================  ====================================================  ==============

Years without an observation take the nearest earlier year of the same
regency, or the nearest later one before the first observation (IPM for 2018
and 2019 comes from 2020); ``covariate_year`` records the IPM year used. The
primary-sector share is a structural proxy for agriculture (SOURCES.md: it
includes mining and is 2025 only).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column

from ucj import paths
from ucj.loaders import read_csv

COVARIATES: tuple[str, ...] = (
    "mean_years_schooling", "log_expenditure", "poverty_pct", "is_kota", "log_density",
    "tpak_pct", "tpt_pct", "primary_share_pct",
)
"""Covariates of every model that uses covariates, in this order."""

GRDP_PATH = ("stats", "regency_grdp_primary_secondary_tertiary_2025.csv")
GRDP_SCHEMA = pa.DataFrameSchema({
    "bps_code_2020": Column(str, Check.str_matches(r"^\d{4}$"), unique=True),
    "primary_share_pct_derived": Column("float64", Check.in_range(0, 100), coerce=True),
}, strict=False, name="stats/regency_grdp_primary_secondary_tertiary_2025.csv")


def load_primary_share() -> pd.DataFrame:
    """Primary-sector share of 2025 GRDP per regency (percent), keyed by ``bps_code_2020``."""
    df = read_csv(paths.raw(*GRDP_PATH), GRDP_SCHEMA)
    return df[["bps_code_2020", "primary_share_pct_derived"]].rename(
        columns={"primary_share_pct_derived": "primary_share_pct"})


def _nearest_year(long: pd.DataFrame, value: str, codes: np.ndarray, years: list[int]) -> pd.DataFrame:
    """Value per code x year: nearest earlier observation, else the first later one."""
    wide = long.set_index(["bps_code_2020", "year"])[value].unstack("year")
    all_years = sorted(set(wide.columns) | set(years))
    wide = wide.reindex(index=codes, columns=all_years)
    year_of = wide.notna().mul(np.array(all_years), axis=1).where(wide.notna())
    filled = wide.ffill(axis=1).fillna(wide.bfill(axis=1))
    filled_year = year_of.ffill(axis=1).fillna(year_of.bfill(axis=1))
    out = pd.DataFrame({
        value: filled[years].stack(future_stack=True),
        f"{value}_year": filled_year[years].stack(future_stack=True),
    })
    out.index.names = ["bps_code_2020", "year"]
    return out


def regency_covariates(regencies: pd.DataFrame, rates: pd.DataFrame, years: tuple[int, ...],
                       ipm: pd.DataFrame | None = None, poverty: pd.DataFrame | None = None,
                       primary: pd.DataFrame | None = None) -> pd.DataFrame:
    """Covariates per regency x year, keyed by ``bps_code_2020`` and ``year``.

    ``regencies`` is the master table; ``rates`` the output of
    `employment.labour_rates` (TPAK/TPT actually used). Optional tables replace
    the raw files (tests change one regency's covariate this way).
    """
    from ucj import master as master_mod

    ipm = master_mod.load_ipm() if ipm is None else ipm
    poverty = master_mod.load_poverty() if poverty is None else poverty
    primary = load_primary_share() if primary is None else primary
    codes = regencies["bps_code_2020"].to_numpy()
    yrs = list(years)
    school = _nearest_year(ipm, "rls_years", codes, yrs)
    spend = _nearest_year(ipm, "pengeluaran_per_kapita_disesuaikan_ribu_rp", codes, yrs)
    out = pd.DataFrame(index=school.index)
    out["mean_years_schooling"] = school["rls_years"]
    out["log_expenditure"] = np.log(spend["pengeluaran_per_kapita_disesuaikan_ribu_rp"])
    out["covariate_year"] = np.minimum(school["rls_years_year"],
                                       spend["pengeluaran_per_kapita_disesuaikan_ribu_rp_year"])
    out = out.reset_index()
    static = regencies[["bps_code_2020", "kind", "population_density_per_km2"]].merge(
        poverty[["bps_code_2020", "p0_pct"]], on="bps_code_2020", how="left", validate="one_to_one"
    ).merge(primary, on="bps_code_2020", how="left", validate="one_to_one")
    static["is_kota"] = (static["kind"] == "kota").astype("float64")
    static["log_density"] = np.log(static["population_density_per_km2"])
    static = static.rename(columns={"p0_pct": "poverty_pct"})
    out = out.merge(static[["bps_code_2020", "poverty_pct", "is_kota", "log_density", "primary_share_pct"]],
                    on="bps_code_2020", how="left", validate="many_to_one")
    out = out.merge(rates[["bps_code_2020", "year", "tpak_pct", "tpt_pct"]],
                    on=["bps_code_2020", "year"], how="left", validate="one_to_one")
    missing = out[list(COVARIATES)].isna().any(axis=1)
    if missing.any():
        bad = out.loc[missing, ["bps_code_2020", "year"]].head(10).to_dict("records")
        raise ValueError(f"covariates missing for {int(missing.sum())} regency-years, e.g. {bad}")
    out["covariate_year"] = out["covariate_year"].astype("int64")
    return out
