"""Population and working-age (15+) population of every regency for each August round 2018-2024.

Why. Sakernas is weighted to BPS's own population projections, not to the
Dukcapil registry, and regency age structures differ from their province's
(cities with students and migrant workers, highland Papua). So the working-age
base of the employment estimate is built from BPS's regency figures where they
exist.

Sources (data/raw/stats, SOURCES.md):

- ``regency_population_2024_bps.csv``: BPS table 2790, mid-2024 population of
  all 514 regencies (SP2020-based projection; sums to BPS's national
  281,603,799) with the % aged 0-14; the regency 15+ share is 100 - pct_0_14.
- ``province_population_15plus_sp2020.csv``: SP2020 (September 2020)
  population and population 15+ of the 34 BPS-2020 provinces.
- the Dukcapil December 2024 registry (master table), only where BPS has no
  figure for a regency (flagged ``is_population_dukcapil``; none in the
  shipped data).

Method (an estimate, not a BPS figure): there is no single-year regency
population for 2018-2023 in the data, so each regency's 2024 level is carried
to the August round of every year with its **province's** average annual
growth between SP2020 and mid-2024, computed separately for the total and for
the 15+ population (so the province's ageing moves the 15+ share too):

    P_r(t) = P_r(2024.5) * exp(g_p * (t + 7.5/12 - 2024.5)),
    g_p    = log(P_p(2024.5) / P_p(SP2020)) / (2024.5 - 2020 - 8.5/12),

with P_p(2024.5) the sum of the province's regencies in the BPS file. Years
before SP2020 (2018, 2019) extrapolate the same rate backwards. Province growth
is the finest growth the data hold: regencies that grow faster or slower than
their province (e.g. around IKN) are not seen; the Monte Carlo draws this
error (`growth_variance`).

The 2023 Sakernas weighting break. From August 2023 Sakernas is weighted to
the SP2020-based projections (the basis of table 2790), earlier rounds to the
SUPAS2015-based ones. Regency populations on the older basis are not in the
data, so 2018-2022 use the SP2020-based back-cast above, and the national
calibration of each year (`employment.calibration_factors`) brings the total
to the BPS figure published for that round on its own basis. Regency
estimates for 2018-2022 are therefore on the SP2020 population distribution,
not on the one Sakernas used then; compare regency counts across 2022-2023
with care.

Which base is used is decided by `compare_bases` (the data decide, see there).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column

from ucj import paths
from ucj.loaders import read_csv

BPS_PATH = ("stats", "regency_population_2024_bps.csv")
SP2020_PATH = ("stats", "province_population_15plus_sp2020.csv")

SP2020_REFERENCE = 2020 + 8.5 / 12
"""SP2020 reference date as a decimal year (mid-September 2020; the census month is September)."""
BPS_REFERENCE = 2024.5
"""BPS table 2790 is a mid-year (1 July) 2024 projection."""
AUGUST_OFFSET = 7.5 / 12
"""Mid-August: the Sakernas August round of year t sits at t + 7.5/12."""

BASES: tuple[str, ...] = ("dukcapil_province_share", "bps2024_regency_share", "bps2024_backcast")
"""Candidate working-age bases, compared by `compare_bases`:

``dukcapil_province_share``: the previous base (Dukcapil Dec 2024 x the province's SP2020 15+ share,
the same every year); ``bps2024_regency_share``: BPS mid-2024 x the regency's own 15+ share, the same
every year; ``bps2024_backcast``: the latter carried to each year with the province's growth."""
DEFAULT_BASIS = "bps2024_backcast"
"""The base the pipeline uses; `compare_bases` shows it has the smallest error (a test checks)."""
BASIS_DUKCAPIL = "dukcapil_2024_province_share"
"""``population_basis`` of a regency without a BPS figure (flagged)."""

BPS_SCHEMA = pa.DataFrameSchema(
    {
        "bps_code_2020": Column(str, Check.str_matches(r"^\d{4}$"), unique=True),
        "kemendagri_code_2025": Column(str, Check.str_matches(r"^\d{2}\.\d{2}$"), unique=True),
        "year": Column("int64", Check.eq(2024), coerce=True),
        "population_bps_2024": Column("int64", Check.gt(0), coerce=True),
        "pct_0_14_as_given": Column("float64", Check.in_range(0, 100), coerce=True),
    },
    strict=False,
    name="stats/regency_population_2024_bps.csv",
)

SP2020_SCHEMA = pa.DataFrameSchema(
    {
        "bps_prov_code_2020": Column(str, Check.str_matches(r"^\d{2}$")),
        "sex": Column(str, Check.isin(["male", "female", "total"])),
        "pop_total": Column("int64", Check.gt(0), coerce=True),
        "pop_15plus": Column("int64", Check.gt(0), coerce=True),
    },
    strict=False,
    name="stats/province_population_15plus_sp2020.csv",
)


# --------------------------------------------------------------------------- inputs
def load_bps_population() -> pd.DataFrame:
    """BPS mid-2024 regency population with the regency 15+ share (0-1), keyed by ``bps_code_2020``."""
    df = read_csv(paths.raw(*BPS_PATH), BPS_SCHEMA)
    out = df[["bps_code_2020", "kemendagri_code_2025", "population_bps_2024"]].copy()
    out["share_15plus_bps_2024"] = 1.0 - df["pct_0_14_as_given"] / 100.0
    return out


def load_bps_population_year() -> int:
    """The year of the BPS regency population projection shipped (its ``year`` column)."""
    return int(read_csv(paths.raw(*BPS_PATH), BPS_SCHEMA)["year"].astype(int).max())


def load_sp2020_provinces() -> pd.DataFrame:
    """SP2020 population and population 15+ per BPS-2020 province (both sexes; national row dropped)."""
    df = read_csv(paths.raw(*SP2020_PATH), SP2020_SCHEMA)
    df = df[(df["sex"] == "total") & (df["bps_prov_code_2020"] != "00")]
    return df.rename(
        columns={
            "bps_prov_code_2020": "bps_province_code_2020",
            "pop_total": "population_sp2020",
            "pop_15plus": "population_15plus_sp2020",
        }
    )[["bps_province_code_2020", "population_sp2020", "population_15plus_sp2020"]].reset_index(drop=True)


def join_bps(regencies: pd.DataFrame, bps: pd.DataFrame | None = None) -> pd.DataFrame:
    """The master table's regencies with their BPS 2024 row (left join, through the key table).

    The master's ``bps_code_2020`` comes from `stats/regency_keys.csv`; the BPS
    file's own Kemendagri code must agree with it (never matched by digits).
    Regencies without a BPS row keep NaN. Fails if a regency is duplicated.
    """
    bps = load_bps_population() if bps is None else bps
    cols = ["regency_code", "bps_code_2020", "bps_province_code_2020", "population_count"]
    out = regencies[cols].merge(bps, on="bps_code_2020", how="left", validate="one_to_one")
    if len(out) != len(regencies):
        raise ValueError(f"{BPS_PATH[1]}: join changed the regency count {len(regencies)} -> {len(out)}")
    known = out["kemendagri_code_2025"].notna()
    clash = out[known & (out["kemendagri_code_2025"] != out["regency_code"])]
    if len(clash):
        examples = clash[["bps_code_2020", "kemendagri_code_2025", "regency_code"]].values[:5].tolist()
        raise ValueError(f"{BPS_PATH[1]}: Kemendagri code disagrees with the key table for {examples}")
    return out


# --------------------------------------------------------------------------- growth
def province_growth(regencies: pd.DataFrame, bps: pd.DataFrame | None = None) -> pd.DataFrame:
    """Average annual log growth per BPS-2020 province between SP2020 and mid-2024.

    Columns ``bps_province_code_2020``, ``growth_total``, ``growth_15plus`` (per
    year), the SP2020 and 2024 levels, and ``share_15plus_sp2020`` (the previous
    base's province share). A province with a regency lacking a BPS figure
    takes the national growth (flag in `regency_population`).
    """
    joined = join_bps(regencies, bps)
    joined["p15_2024"] = joined["population_bps_2024"] * joined["share_15plus_bps_2024"]
    by_province = joined.groupby("bps_province_code_2020")
    complete = by_province["population_bps_2024"].apply(lambda s: s.notna().all())
    lvl = joined.groupby("bps_province_code_2020")[["population_bps_2024", "p15_2024"]].sum(min_count=1)
    sp = load_sp2020_provinces().set_index("bps_province_code_2020")
    out = sp.join(lvl, how="right")
    span = BPS_REFERENCE - SP2020_REFERENCE
    out["growth_total"] = np.log(out["population_bps_2024"] / out["population_sp2020"]) / span
    out["growth_15plus"] = np.log(out["p15_2024"] / out["population_15plus_sp2020"]) / span
    ok = complete.reindex(out.index).fillna(False).to_numpy() & out["population_sp2020"].notna().to_numpy()
    national = out[ok]
    for col, lo, hi in [
        ("growth_total", "population_sp2020", "population_bps_2024"),
        ("growth_15plus", "population_15plus_sp2020", "p15_2024"),
    ]:
        nat = np.log(national[hi].sum() / national[lo].sum()) / span
        out.loc[~ok, col] = nat
    if out[["growth_total", "growth_15plus"]].isna().any().any():
        raise ValueError(
            "no population growth for provinces "
            f"{out.index[out[['growth_total', 'growth_15plus']].isna().any(axis=1)].tolist()}"
        )
    out["share_15plus_sp2020"] = out["population_15plus_sp2020"] / out["population_sp2020"]
    out["is_growth_national"] = ~ok
    return out.rename(columns={"p15_2024": "population_15plus_bps_2024"}).reset_index()


def growth_variance(growth: pd.DataFrame) -> float:
    """Variance across provinces of the annual log growth of the 15+ population (per year squared).

    A proxy for how far a regency's growth departs from its province's (the
    back-cast assumes none), as the spread of provinces departs from the
    national rate; an estimate from the data, used by the Monte Carlo.
    """
    g = growth.loc[~growth["is_growth_national"], "growth_15plus"]
    return float(np.var(g.to_numpy(), ddof=1))


# --------------------------------------------------------------------------- regency x year
def regency_population(
    regencies: pd.DataFrame,
    years: tuple[int, ...],
    basis: str = DEFAULT_BASIS,
    bps: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Population and uncalibrated 15+ population per regency x August round, on ``basis``.

    Returns ``regency_code``, ``year``, ``population_count``,
    ``population_15plus_base``, ``share_15plus``, ``population_basis``,
    ``is_population_dukcapil`` and ``population_years_from_reference`` (signed
    years between the round and the level's reference date).
    """
    if basis not in BASES:
        raise ValueError(f"unknown population basis {basis!r}; choose one of {BASES}")
    growth = province_growth(regencies, bps).set_index("bps_province_code_2020")
    reg = join_bps(regencies, bps)
    prov_share = reg["bps_province_code_2020"].map(growth["share_15plus_sp2020"])
    if prov_share.isna().any():
        raise ValueError(
            "no SP2020 15+ share for provinces "
            f"{sorted(reg.loc[prov_share.isna(), 'bps_province_code_2020'].unique())}"
        )
    dukcapil = reg["population_count"].astype("float64")
    has_bps = reg["population_bps_2024"].notna()
    use_bps = has_bps & (basis != "dukcapil_province_share")
    level = np.where(use_bps, reg["population_bps_2024"], dukcapil)
    share = np.where(use_bps, reg["share_15plus_bps_2024"], prov_share)
    label = np.where(use_bps, basis, BASIS_DUKCAPIL if basis != "dukcapil_province_share" else basis)
    g_tot = reg["bps_province_code_2020"].map(growth["growth_total"]).to_numpy()
    g_15 = reg["bps_province_code_2020"].map(growth["growth_15plus"]).to_numpy()
    frames = []
    for year in years:
        gap = year + AUGUST_OFFSET - BPS_REFERENCE
        if basis == "bps2024_backcast":
            pop = level * np.exp(g_tot * gap)
            p15 = level * share * np.exp(g_15 * gap)
        else:
            pop, p15 = level.astype("float64"), level * share
        frames.append(
            pd.DataFrame(
                {
                    "regency_code": reg["regency_code"].to_numpy(),
                    "year": year,
                    "population_count": pop,
                    "population_15plus_base": p15,
                    "share_15plus": p15 / pop,
                    "population_basis": label,
                    "is_population_dukcapil": (~use_bps).to_numpy()
                    if basis != BASES[0]
                    else np.zeros(len(reg), bool),
                    "population_years_from_reference": gap if basis == "bps2024_backcast" else 0.0,
                }
            )
        )
    return (
        pd.concat(frames, ignore_index=True)
        .sort_values(["regency_code", "year"], kind="stable")
        .reset_index(drop=True)
    )


# --------------------------------------------------------------------------- which base
def compare_bases(
    regencies: pd.DataFrame, targets: pd.DataFrame, years: tuple[int, ...], bases: tuple[str, ...] = BASES
) -> pd.DataFrame:
    """Check each base against BPS's own national working-age population (Sakernas August).

    One row per base: ``mape_pct`` (mean absolute % gap of the uncalibrated
    15+ total to BPS's national figure over the years BPS published one),
    ``max_abs_pct``, the gap per year (``gap_<year>_pct``), and
    ``is_chosen`` (smallest ``mape_pct``). Calibration later forces the
    employed, not the working-age population, so this gap is an honest check
    of the base.
    """
    t = targets.set_index("year")["working_age_count"]
    rows = []
    for basis in bases:
        pop = regency_population(regencies, years, basis)
        total = pop.groupby("year")["population_15plus_base"].sum()
        gap = (total / t.reindex(total.index) - 1.0) * 100.0
        row = {
            "basis": basis,
            "mape_pct": float(gap.abs().mean()),
            "max_abs_pct": float(gap.abs().max()),
            "n_years": int(gap.notna().sum()),
        }
        row.update({f"gap_{y}_pct": float(v) for y, v in gap.items()})
        rows.append(row)
    out = pd.DataFrame(rows)
    out["is_chosen"] = out.index == out["mape_pct"].idxmin()
    return out
