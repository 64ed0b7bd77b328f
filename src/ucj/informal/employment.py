"""Working-age population, labour force and employed persons per regency and August round.

Method (an estimate, not a BPS figure):

1. **Working-age (15+) population** per regency and August round, from
   `population.regency_population`: BPS's mid-2024 regency population x the
   regency's own 15+ share (BPS table 2790), carried to each year with its
   province's growth between SP2020 and 2024 (see `population` for the method,
   the 2023 Sakernas weighting break and why this base was chosen). The
   previous base (Dukcapil December 2024 population x the province's SP2020
   15+ share) remains a candidate basis and the fallback
   for a regency BPS does not list (flagged).
2. **Employed** = working-age population x TPAK x (1 - TPT), with each regency's
   August TPAK and TPT for the year. A missing value is replaced by the latest
   earlier observation of the same regency (carried forward, flagged); only
   when there is no earlier observation (Lombok Utara 2018) the next later one
   is used (carried backward, also flagged; the source year tells which).
3. **Calibration.** The year's regency totals are scaled by one national
   factor so that employed persons add up to the BPS national August figure of
   that year (published on that round's own weighting basis: SUPAS2015-based
   up to 2022, SP2020-based from 2023). The factor scales the working-age
   population, the labour force and the employed alike, so each regency keeps
   its TPAK and TPT. `calibration_table` reports how far the factor moved the
   totals.

National targets come from `national_labour_force_aug_2019_2024.csv`. That file
has no 2018 figure and its only 2019 employed figure is the original 2019
release (weights then in force; the file says never to mix it with the
re-published series). For 2018 and 2019 the target is therefore the sum of the
seven employment statuses of the August round in
`national_employment_by_status_2005_2021.csv`, the series BPS re-published on
the weights used from 2020 on (its August 2020 sum equals the labour-force
file's 128.45 M exactly, which the tests check).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column

from ucj import paths, schemas
from ucj.informal import population as population_mod
from ucj.loaders import read_csv


def estimate_years() -> tuple[int, ...]:
    """The August rounds the project estimates, read from the data (never written in code): from the
    first year of the regency TPT/TPAK table to the latest year that has both a national employed
    figure and province informal shares. Adding a year to those files is the whole update
    (docs/updating.md); a regency missing from the new year's TPT/TPAK rows is carried forward and
    flagged, as before, and a province missing from the new year's shares is carried forward from
    its latest published year and shifted with the others so that they add up to the national share
    (`anchors.province_anchors`, ``anchor_method`` "carried forward")."""
    from ucj.informal.anchors import load_province_shares

    tpt = read_csv(paths.raw(*TPT_TPAK_PATH), schemas.TPT_TPAK)
    lf = load_national_labour_force()
    lf = lf[~lf["is_superseded_vintage"] & (lf["indicator"] == "employed")]
    status = load_employment_by_status()
    full = status[status["month"] == 8].groupby("year").size()
    national = set(lf["year"].astype(int)) | set(full.index[full == 7].astype(int))
    provinces = set(load_province_shares()["year"].astype(int))
    last = max(national & provinces)
    return tuple(range(int(tpt["year"].min()), last + 1))


def missing_provinces(shares: pd.DataFrame) -> dict[int, list[str]]:
    """Year -> the province codes its rows lack, for the years with some provinces only."""
    out = {}
    for _, rows in shares.groupby("anchor_geography"):
        every = set(rows["anchor_province_code"])
        for year, grp in rows.groupby("year"):
            lack = sorted(every - set(grp["anchor_province_code"]))
            if lack:
                out[int(year)] = lack
    return out


def regencies_without_rates(tpt_tpak: pd.DataFrame, year: int) -> dict[str, list[str]]:
    """``{"TPT": codes, "TPAK": codes}``: BPS-2020 codes of the regencies without that rate in ``year``
    (they carry their latest earlier value, flagged): what an analyst still has to look for after
    adding a round."""
    keys = read_csv(paths.raw("stats", "regency_keys.csv"), schemas.REGENCY_KEYS)
    every = set(keys["bps_code_2020"].dropna())
    rows = tpt_tpak[tpt_tpak["year"] == year]
    return {
        name: sorted(every - set(rows.loc[rows[column].notna(), "bps_code_2020"]))
        for name, column in (("TPT", "tpt_pct"), ("TPAK", "tpak_pct"))
    }


def __getattr__(name: str) -> tuple[int, ...]:
    """``YEARS``: `estimate_years`, read when first asked for (module attribute, for callers)."""
    if name == "YEARS":
        return estimate_years()
    raise AttributeError(name)


MILLION = 1_000_000.0

NATIONAL_LF_PATH = ("stats", "national_labour_force_aug_2019_2024.csv")
STATUS_PATH = ("stats", "national_employment_by_status_2005_2021.csv")
AGE_PATH = ("stats", "province_population_by_age_sp2020.csv")
TPT_TPAK_PATH = ("stats", "regency_tpt_tpak_2018_2024.csv")

# Rows of the labour-force file that belong to the superseded original release
# of August 2019 carry this phrase in their `note`.
SUPERSEDED_VINTAGE_MARK = "weights then in force"

STATUS_SCHEMA = pa.DataFrameSchema(
    {
        "status": Column(str),
        "formal_category": Column(str, Check.isin(["Formal", "Informal"])),
        "survey_month": Column(str, Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
        "workers_million": Column("float64", Check.ge(0), coerce=True),
        "share_of_employed_pct": Column("float64", Check.in_range(0, 100), coerce=True, nullable=True),
    },
    strict=False,
    name="stats/national_employment_by_status_2005_2021.csv",
)


# --------------------------------------------------------------------------- inputs
def load_national_labour_force() -> pd.DataFrame:
    """BPS national August labour-force figures (long format), validated."""
    df = read_csv(paths.raw(*NATIONAL_LF_PATH), schemas.NATIONAL_LABOUR_FORCE)
    note = df["note"].fillna("")
    df["is_superseded_vintage"] = note.str.contains(SUPERSEDED_VINTAGE_MARK, regex=False)
    return df


def load_employment_by_status() -> pd.DataFrame:
    """BPS national employed persons by status of employment (Feb and Aug rounds), validated."""
    df = read_csv(paths.raw(*STATUS_PATH), STATUS_SCHEMA)
    df["year"] = df["survey_month"].str[:4].astype("int64")
    df["month"] = df["survey_month"].str[5:7].astype("int64")
    return df


def province_15plus_share() -> pd.DataFrame:
    """Share of the population aged 15+ per BPS-2020 province, SP2020 (both sexes).

    Returns columns ``bps_province_code_2020``, ``population_sp2020``,
    ``population_15plus_sp2020``, ``share_15plus``. The national row (code 00)
    is dropped.
    """
    age = read_csv(paths.raw(*AGE_PATH), schemas.PROVINCE_AGE_SP2020)
    age = age[age["bps_prov_code_2020"] != "00"]
    total = age.groupby("bps_prov_code_2020")["population"].sum()
    adult = age[age["age_start"] >= 15].groupby("bps_prov_code_2020")["population"].sum()
    out = pd.DataFrame({"population_sp2020": total, "population_15plus_sp2020": adult})
    out["share_15plus"] = out["population_15plus_sp2020"] / out["population_sp2020"]
    return out.rename_axis("bps_province_code_2020").reset_index()


# ------------------------------------------------------------------ national targets
def national_targets(years: tuple[int, ...] | None = None) -> pd.DataFrame:
    """National August figures per year: employed, informal share, working-age population.

    Columns: ``year``, ``employed_count`` (persons), ``employed_source``,
    ``informal_share`` (0-1, BPS status definition), ``informal_share_source``,
    ``informal_count`` (persons; BPS figure where published, else employed x
    share, derived), ``working_age_count`` (persons; NaN where not published).
    Superseded-vintage rows (original Aug 2019 release) are never used.
    """
    years = years or estimate_years()
    lf = load_national_labour_force()
    lf = lf[~lf["is_superseded_vintage"]]
    status = load_employment_by_status()
    aug = status[status["month"] == 8]

    def lf_value(year: int, indicator: str) -> float:
        hit = lf[(lf["year"] == year) & (lf["indicator"] == indicator)]["value"]
        if len(hit) > 1:
            raise ValueError(f"{NATIONAL_LF_PATH[1]}: {len(hit)} current-vintage rows for {indicator} {year}")
        return float(hit.iloc[0]) if len(hit) else np.nan

    rows = []
    for year in years:
        a = aug[aug["year"] == year]
        employed = lf_value(year, "employed")
        employed_source = NATIONAL_LF_PATH[1]
        if np.isnan(employed) and len(a) == 7:
            employed = float(a["workers_million"].sum())
            employed_source = f"{STATUS_PATH[1]} (sum of the 7 statuses, August)"
        share = lf_value(year, "informal_share")
        share_source = f"{NATIONAL_LF_PATH[1]} informal_share"
        if np.isnan(share):
            formal = lf_value(year, "formal_share")
            share = 100.0 - formal
            share_source = f"100 - {NATIONAL_LF_PATH[1]} formal_share"
        if np.isnan(share) and len(a) == 7:
            share = float(a.loc[a["formal_category"] == "Informal", "share_of_employed_pct"].sum())
            share_source = f"{STATUS_PATH[1]} (sum of informal statuses, August)"
        informal = lf_value(year, "informal_employed")
        if np.isnan(informal):
            informal = employed * share / 100.0
        rows.append(
            {
                "year": year,
                "employed_count": employed * MILLION,
                "employed_source": employed_source,
                "informal_share": share / 100.0,
                "informal_share_source": share_source,
                "informal_count": informal * MILLION,
                "working_age_count": lf_value(year, "working_age_pop_15plus") * MILLION,
            }
        )
    out = pd.DataFrame(rows)
    missing = out.loc[out["employed_count"].isna(), "year"].tolist()
    if missing:
        raise ValueError(f"no national employed figure for August {missing}")
    return out


# ------------------------------------------------------------------ labour rates
def labour_rates(
    regencies: pd.DataFrame, tpt_tpak: pd.DataFrame, years: tuple[int, ...] | None = None
) -> pd.DataFrame:
    """TPT and TPAK per regency and year with missing values carried forward and flagged.

    ``regencies`` needs ``bps_code_2020``. Returns one row per regency x year
    with ``tpt_pct``, ``tpak_pct``, ``tpt_source_year``, ``tpak_source_year``,
    ``is_tpt_carried_forward``, ``is_tpak_carried_forward`` and
    ``has_flagged_input`` (the source file flags the value used as suspicious).
    """
    years = years or estimate_years()
    codes = regencies["bps_code_2020"].to_numpy()
    grid = pd.MultiIndex.from_product([codes, list(years)], names=["bps_code_2020", "year"])
    src = tpt_tpak.set_index(["bps_code_2020", "year"])
    flagged = src["source_note"].fillna("").str.startswith("FLAG") if "source_note" in src else None
    out = pd.DataFrame(index=grid)
    for rate in ("tpt", "tpak"):
        wide = src[f"{rate}_pct"].unstack("year").reindex(index=codes, columns=list(years))
        year_of = wide.notna().mul(np.array(years), axis=1).where(wide.notna())
        forward, forward_year = wide.ffill(axis=1), year_of.ffill(axis=1)
        value = forward.fillna(wide.bfill(axis=1))
        source_year = forward_year.fillna(year_of.bfill(axis=1))
        if value.isna().any().any():
            bad = value.index[value.isna().any(axis=1)].tolist()
            raise ValueError(f"{TPT_TPAK_PATH[1]}: no {rate.upper()} observed in any year for {bad[:10]}")
        out[f"{rate}_pct"] = value.stack().reindex(grid).to_numpy()
        out[f"{rate}_source_year"] = source_year.stack().reindex(grid).to_numpy().astype("int64")
    out = out.reset_index()
    out["is_tpt_carried_forward"] = out["tpt_source_year"] != out["year"]
    out["is_tpak_carried_forward"] = out["tpak_source_year"] != out["year"]
    if flagged is not None:
        used_tpak = pd.MultiIndex.from_arrays([out["bps_code_2020"], out["tpak_source_year"]])
        used_tpt = pd.MultiIndex.from_arrays([out["bps_code_2020"], out["tpt_source_year"]])
        out["has_flagged_input"] = (
            flagged.reindex(used_tpak, fill_value=False).to_numpy()
            | flagged.reindex(used_tpt, fill_value=False).to_numpy()
        )
    else:
        out["has_flagged_input"] = False
    return out


# ------------------------------------------------------------------ employment
def calibration_factors(uncalibrated_employed: pd.DataFrame, targets: pd.DataFrame) -> pd.Series:
    """Factor per year that makes regency employed persons add up to the BPS national figure."""
    total = uncalibrated_employed.groupby("year")["employed_uncalibrated"].sum()
    target = targets.set_index("year")["employed_count"].reindex(total.index)
    return (target / total).rename("calibration_factor")


def estimate_employment(
    regencies: pd.DataFrame,
    tpt_tpak: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    years: tuple[int, ...] | None = None,
    population: pd.DataFrame | None = None,
    basis: str = population_mod.DEFAULT_BASIS,
) -> pd.DataFrame:
    """Working-age population, labour force and employed per regency x year (calibrated).

    ``regencies`` is the master table (needs ``regency_code``, ``bps_code_2020``,
    ``bps_province_code_2020``, ``population_count``). ``population`` is a
    `population.regency_population` frame (built on ``basis`` when None).
    Returns one row per regency x year sorted by (regency_code, year) with the
    rates used, their carry-forward flags, the population columns,
    ``calibration_factor`` and the counts ``population_15plus_count``,
    ``labour_force_count``, ``employed_count``.
    """
    from ucj import master as master_mod

    tpt_tpak = master_mod.load_tpt_tpak() if tpt_tpak is None else tpt_tpak
    years = years or estimate_years()
    targets = national_targets(years) if targets is None else targets
    population = (
        population_mod.regency_population(regencies, years, basis) if population is None else population
    )
    reg = regencies[["regency_code", "bps_code_2020", "bps_province_code_2020"]]
    rates = labour_rates(reg, tpt_tpak, years)
    df = rates.merge(reg, on="bps_code_2020", how="left", validate="many_to_one")
    df = df.merge(population, on=["regency_code", "year"], how="left", validate="one_to_one")
    if df["population_15plus_base"].isna().any():
        raise ValueError(
            f"no working-age population for {int(df['population_15plus_base'].isna().sum())} regency-years"
        )
    df["employed_uncalibrated"] = (
        df["population_15plus_base"] * df["tpak_pct"] / 100.0 * (1.0 - df["tpt_pct"] / 100.0)
    )
    factor = calibration_factors(df, targets)
    df["calibration_factor"] = df["year"].map(factor)
    df["population_15plus_count"] = df["population_15plus_base"] * df["calibration_factor"]
    df["labour_force_count"] = df["population_15plus_count"] * df["tpak_pct"] / 100.0
    df["employed_count"] = df["labour_force_count"] * (1.0 - df["tpt_pct"] / 100.0)
    return df.sort_values(["regency_code", "year"], kind="stable").reset_index(drop=True)


def calibration_table(employment: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """How far calibration moved the national totals, per year.

    ``adjustment_pct`` = (factor - 1) x 100: positive means the regency inputs
    (working-age base x regency TPAK/TPT) fell short of the BPS national
    employed figure. The implied working-age
    population is compared with BPS's where BPS published one.
    """
    g = employment.groupby("year")
    out = pd.DataFrame(
        {
            "employed_uncalibrated": g["employed_uncalibrated"].sum(),
            "employed_calibrated": g["employed_count"].sum(),
            "calibration_factor": g["calibration_factor"].first(),
            "working_age_uncalibrated": g["population_15plus_base"].sum(),
            "working_age_calibrated": g["population_15plus_count"].sum(),
        }
    ).reset_index()
    t = targets.set_index("year")
    out["employed_target"] = out["year"].map(t["employed_count"])
    out["employed_source"] = out["year"].map(t["employed_source"])
    out["adjustment_pct"] = (out["calibration_factor"] - 1.0) * 100.0
    out["working_age_bps"] = out["year"].map(t["working_age_count"])
    out["working_age_vs_bps_pct"] = (out["working_age_calibrated"] / out["working_age_bps"] - 1.0) * 100.0
    return out
