"""Regency covariates of the informal share, per regency and year.

The covariates are fixed before looking at any model result (no selection by
hand): each has a known relation to status-based informality in Indonesia.

============================  ====================================================  ==============
covariate                     source (data/raw/stats)                               years
============================  ====================================================  ==============
``mean_years_schooling``      IPM file, RLS (population 25+)                        2020-2024
``log_expenditure``           IPM file, adjusted expenditure per capita (log)       2020-2024
``poverty_pct``               P0: poverty/welfare file (2021, inferred) and each    2021, 2025
                              newer BPS round (``regency_poverty_<year>.csv``)
``is_kota``                   key table (kota vs kabupaten)                         static
``log_density``               Dukcapil Dec 2024 population / BIG 2024 area (log)    2024 only
``tpak_pct``, ``tpt_pct``     regency TPAK/TPT (as used for employment)             2018-2024
``primary_share_pct``         GRDP 2025, primary sector share (incl. mining)        2025 only
============================  ====================================================  ==============

Economic-structure candidates (issue 12), each judged by the cross-validation
that chooses the model (`COVARIATE_SETS`; the data choose, nothing is tuned):

============================  ====================================================  ==============
covariate                     source (data/raw/stats, regions)                      years
============================  ====================================================  ==============
``secondary_share_pct``       GRDP 2025, secondary sector share (manufacturing,     2025 only
                              construction, utilities; tertiary = the remainder)
``poor_informal_pct``         poverty profile: informal / (informal + formal) of    2023 only
                              the *working poor* 15+ (a structural proxy, never
                              a target: it describes the poor only)
``desa_share_pct``            desa / (desa + kelurahan) x 100 (regions file;        2025 codes
                              urbanity: the desa-to-kelurahan ratio on a bounded
                              scale: 98 regencies have no kelurahan, 80 no desa)
``log_density_bps``           BPS mid-2024 population / BIG 2024 area (log);        2024 only
                              replaces the Dukcapil-based ``log_density``
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
    "mean_years_schooling",
    "log_expenditure",
    "poverty_pct",
    "is_kota",
    "log_density",
    "tpak_pct",
    "tpt_pct",
    "primary_share_pct",
)
"""The base covariate set (the model before issue 12), in this order."""

CANDIDATE_COVARIATES: tuple[str, ...] = (
    "secondary_share_pct",
    "poor_informal_pct",
    "desa_share_pct",
    "log_density_bps",
)
"""Economic-structure covariates added as candidates (issue 12)."""

ALL_COVARIATES: tuple[str, ...] = COVARIATES + CANDIDATE_COVARIATES
"""Every covariate `regency_covariates` returns (the columns the standardizer scales)."""


def _replace(base: tuple[str, ...], old: str, new: str) -> tuple[str, ...]:
    return tuple(new if c == old else c for c in base)


COVARIATE_SETS: dict[str, tuple[str, ...]] = {
    "base": COVARIATES,
    "base+grdp_secondary": COVARIATES + ("secondary_share_pct",),
    "base+poor_informal": COVARIATES + ("poor_informal_pct",),
    "base+desa_share": COVARIATES + ("desa_share_pct",),
    "base+density_bps": _replace(COVARIATES, "log_density", "log_density_bps"),
    "base+all_economic": _replace(COVARIATES, "log_density", "log_density_bps")
    + ("secondary_share_pct", "poor_informal_pct", "desa_share_pct"),
}
"""Candidate covariate sets, fixed in advance: the base set, the base set plus each economic-structure
covariate on its own (density replaces its Dukcapil-based twin), and all of them together. Every set
is cross-validated with every covariate model; the table reports them all."""

GRDP_PATH = ("stats", "regency_grdp_primary_secondary_tertiary_2025.csv")
GRDP_SCHEMA = pa.DataFrameSchema(
    {
        "bps_code_2020": Column(str, Check.str_matches(r"^\d{4}$"), unique=True),
        "primary_share_pct_derived": Column("float64", Check.in_range(0, 100), coerce=True),
    },
    strict=False,
    name="stats/regency_grdp_primary_secondary_tertiary_2025.csv",
)


POVERTY_PROFILE_PATH = ("stats", "regency_poor_population_employment_2023.csv")
POVERTY_PROFILE_SCHEMA = pa.DataFrameSchema(
    {
        "bps_code_2020": Column(str, Check.str_matches(r"^\d{4}$"), unique=True),
        "poor15_working_informal_pct": Column("float64", Check.in_range(0, 100), coerce=True),
        "poor15_working_formal_pct": Column("float64", Check.in_range(0, 100), coerce=True),
    },
    strict=False,
    name="stats/regency_poor_population_employment_2023.csv",
)


def load_primary_share() -> pd.DataFrame:
    """Primary- and secondary-sector shares of 2025 GRDP per regency (percent), keyed by ``bps_code_2020``."""
    df = read_csv(paths.raw(*GRDP_PATH), GRDP_SCHEMA)
    df["secondary_share_pct"] = pd.to_numeric(df["secondary_share_pct_derived"])
    return df[["bps_code_2020", "primary_share_pct_derived", "secondary_share_pct"]].rename(
        columns={"primary_share_pct_derived": "primary_share_pct"}
    )


def load_poverty_profile() -> pd.DataFrame:
    """Informality among the working poor 15+ (percent, 2023), keyed by ``bps_code_2020``.

    ``poor_informal_pct`` = informal / (informal + formal) x 100 of the poor
    15+ who work: a structural signal of the local economy, not the informal
    share of all workers (never a target).
    """
    df = read_csv(paths.raw(*POVERTY_PROFILE_PATH), POVERTY_PROFILE_SCHEMA)
    working = df["poor15_working_informal_pct"] + df["poor15_working_formal_pct"]
    if (working <= 0).any():
        raise ValueError(
            f"{POVERTY_PROFILE_PATH[1]}: no working poor for "
            f"{df.loc[working <= 0, 'bps_code_2020'].tolist()[:5]}"
        )
    df["poor_informal_pct"] = 100.0 * df["poor15_working_informal_pct"] / working
    return df[["bps_code_2020", "poor_informal_pct"]]


def static_structure(regencies: pd.DataFrame, bps_population: pd.DataFrame | None = None) -> pd.DataFrame:
    """Urbanity and BPS-based density per regency (``desa_share_pct``, ``log_density_bps``).

    Needs the master's ``desa_count``, ``kelurahan_count``, ``area_km2``; the
    BPS population is joined through the key table (`population.join_bps`).
    """
    from ucj.informal import population as population_mod

    out = regencies[["regency_code", "bps_code_2020"]].copy()
    villages = regencies["desa_count"] + regencies["kelurahan_count"]
    if (villages <= 0).any():
        raise ValueError(
            f"regencies without villages: {regencies.loc[villages <= 0, 'regency_code'].tolist()}"
        )
    out["desa_share_pct"] = 100.0 * regencies["desa_count"] / villages
    bps = population_mod.join_bps(regencies, bps_population)
    pop = bps["population_bps_2024"].fillna(bps["population_count"]).to_numpy(dtype="float64")
    out["log_density_bps"] = np.log(pop / regencies["area_km2"].to_numpy())
    return out[["bps_code_2020", "desa_share_pct", "log_density_bps"]]


def _nearest_year(long: pd.DataFrame, value: str, codes: np.ndarray, years: list[int]) -> pd.DataFrame:
    """Value per code x year: nearest earlier observation, else the first later one."""
    wide = long.set_index(["bps_code_2020", "year"])[value].unstack("year")
    all_years = sorted(set(wide.columns) | set(years))
    wide = wide.reindex(index=codes, columns=all_years)
    year_of = wide.notna().mul(np.array(all_years), axis=1).where(wide.notna())
    filled = wide.ffill(axis=1).fillna(wide.bfill(axis=1))
    filled_year = year_of.ffill(axis=1).fillna(year_of.bfill(axis=1))
    out = pd.DataFrame(
        {
            value: filled[years].stack(future_stack=True),
            f"{value}_year": filled_year[years].stack(future_stack=True),
        }
    )
    out.index.names = ["bps_code_2020", "year"]
    return out


def regency_covariates(
    regencies: pd.DataFrame,
    rates: pd.DataFrame,
    years: tuple[int, ...],
    ipm: pd.DataFrame | None = None,
    poverty: pd.DataFrame | None = None,
    primary: pd.DataFrame | None = None,
    poverty_profile: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Covariates per regency x year, keyed by ``bps_code_2020`` and ``year``.

    ``regencies`` is the master table; ``rates`` the output of
    `employment.labour_rates` (TPAK/TPT actually used). Optional tables replace
    the raw files (tests change one regency's covariate this way).
    """
    from ucj import master as master_mod

    ipm = master_mod.load_ipm() if ipm is None else ipm
    poverty = master_mod.load_poverty_rounds() if poverty is None else poverty
    if "year" not in poverty:  # a single round (tests pass one table)
        poverty = poverty.assign(year=min(years))
    primary = load_primary_share() if primary is None else primary
    profile = load_poverty_profile() if poverty_profile is None else poverty_profile
    codes = regencies["bps_code_2020"].to_numpy()
    yrs = list(years)
    school = _nearest_year(ipm, "rls_years", codes, yrs)
    spend = _nearest_year(ipm, "pengeluaran_per_kapita_disesuaikan_ribu_rp", codes, yrs)
    out = pd.DataFrame(index=school.index)
    out["mean_years_schooling"] = school["rls_years"]
    out["log_expenditure"] = np.log(spend["pengeluaran_per_kapita_disesuaikan_ribu_rp"])
    out["covariate_year"] = np.minimum(
        school["rls_years_year"], spend["pengeluaran_per_kapita_disesuaikan_ribu_rp_year"]
    )
    out["poverty_pct"] = _nearest_year(poverty, "p0_pct", codes, yrs)["p0_pct"]
    out = out.reset_index()
    static = (
        regencies[["bps_code_2020", "kind", "population_density_per_km2"]]
        .merge(primary, on="bps_code_2020", how="left", validate="one_to_one")
        .merge(profile, on="bps_code_2020", how="left", validate="one_to_one")
        .merge(static_structure(regencies), on="bps_code_2020", how="left", validate="one_to_one")
    )
    static["is_kota"] = (static["kind"] == "kota").astype("float64")
    static["log_density"] = np.log(static["population_density_per_km2"])
    keep = ["is_kota", "log_density", "primary_share_pct", *CANDIDATE_COVARIATES]
    out = out.merge(static[["bps_code_2020", *keep]], on="bps_code_2020", how="left", validate="many_to_one")
    out = out.merge(
        rates[["bps_code_2020", "year", "tpak_pct", "tpt_pct"]],
        on=["bps_code_2020", "year"],
        how="left",
        validate="one_to_one",
    )
    missing = out[list(ALL_COVARIATES)].isna().any(axis=1)
    if missing.any():
        bad = out.loc[missing, ["bps_code_2020", "year"]].head(10).to_dict("records")
        raise ValueError(f"covariates missing for {int(missing.sum())} regency-years, e.g. {bad}")
    out["covariate_year"] = out["covariate_year"].astype("int64")
    return out
