"""pandera schemas of the raw inputs and of the processed master table.

Raw files are read as text and coerced here, so a non-numeric cell, a negative
count or a share outside [0, 100] is reported with its file, line and column.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.pandas import Check, Column

KEMENDAGRI_REGENCY = r"^\d{2}\.\d{2}$"
BPS_REGENCY = r"^\d{4}$"
PROVINCE_2 = r"^\d{2}$"

N_REGENCIES = 514
N_PROVINCES = 38
N_DESA_KELURAHAN = 83_762  # Kepmendagri 300.2.2-2138/2025: 75,266 desa + 8,496 kelurahan


def _count(nullable: bool = False) -> Column:
    return Column("Int64" if nullable else "int64", Check.ge(0), coerce=True, nullable=nullable)


def _pct(nullable: bool = True) -> Column:
    return Column("float64", Check.in_range(0, 100), coerce=True, nullable=nullable)


def _positive(nullable: bool = False) -> Column:
    return Column("float64", Check.gt(0), coerce=True, nullable=nullable)


REGIONS_REGENCIES = pa.DataFrameSchema(
    {
        "kemendagri_code": Column(str, Check.str_matches(KEMENDAGRI_REGENCY), unique=True),
        "bps_code": Column(str, Check.str_matches(BPS_REGENCY), unique=True),
        "bps_code_pre2023": Column(str, Check.str_matches(BPS_REGENCY), unique=True),
        "name": Column(str),
        "name_short": Column(str),
        "kind": Column(str, Check.isin(["kabupaten", "kota"])),
        "province_code": Column(str, Check.str_matches(PROVINCE_2)),
        "province_name": Column(str),
        "n_kecamatan": _count(),
        "n_desa": _count(),
        "n_desa_adat": _count(),
        "n_kelurahan": _count(),
        "n_desa_kelurahan": _count(),
        "latitude": Column("float64", Check.in_range(-12, 7), coerce=True),
        "longitude": Column("float64", Check.in_range(94, 142), coerce=True),
        "area_km2": _positive(),
        "population_dukcapil": _count(),
    },
    strict=False,
    name="regions/regencies.csv",
)


REGENCY_KEYS = pa.DataFrameSchema(
    {
        "bps_code_2020": Column(str, Check.str_matches(BPS_REGENCY), unique=True),
        "bps_prov_code_2020": Column(str, Check.str_matches(PROVINCE_2)),
        "kemendagri_code_2025": Column(str, Check.str_matches(KEMENDAGRI_REGENCY), unique=True),
        "prov_code_2025": Column(str, Check.str_matches(PROVINCE_2)),
        "is_kota": Column("int64", Check.isin([0, 1]), coerce=True),
    },
    strict=False,
    name="stats/regency_keys.csv",
)

TPT_TPAK = pa.DataFrameSchema(
    {
        "bps_code_2020": Column(str, Check.str_matches(BPS_REGENCY)),
        "year": Column("int64", Check.in_range(2000, 2100), coerce=True),
        "tpt_pct": _pct(),
        "tpak_pct": _pct(),
    },
    strict=False,
    unique=["bps_code_2020", "year"],
    name="stats/regency_tpt_tpak_2018_2024.csv",
)

IPM = pa.DataFrameSchema(
    {
        "bps_code_2020": Column(str, Check.str_matches(BPS_REGENCY)),
        "year": Column("int64", Check.in_range(2000, 2100), coerce=True),
        "uhh_years": Column("float64", Check.in_range(0, 100), coerce=True, nullable=True),
        "hls_years": Column("float64", Check.in_range(0, 25), coerce=True, nullable=True),
        "rls_years": Column("float64", Check.in_range(0, 20), coerce=True, nullable=True),
        "pengeluaran_per_kapita_disesuaikan_ribu_rp": Column(
            "float64", Check.gt(0), coerce=True, nullable=True
        ),
        "ipm": _pct(),
    },
    strict=False,
    unique=["bps_code_2020", "year"],
    name="stats/regency_ipm_2020_2024.csv",
)

POVERTY_2021 = pa.DataFrameSchema(
    {
        "bps_code_2020": Column(str, Check.str_matches(BPS_REGENCY), unique=True),
        "p0_pct": _pct(nullable=False),
        "rls_years": Column("float64", Check.in_range(0, 20), coerce=True),
        "pengeluaran_per_kapita_disesuaikan_ribu_rp": _positive(),
        "sanitasi_layak_pct_rt": _pct(),
        "air_minum_layak_pct_rt": _pct(),
    },
    strict=False,
    name="stats/regency_poverty_welfare_2021.csv",
)

POVERTY_YEARLY = pa.DataFrameSchema(
    {
        "bps_code_2020": Column(str, Check.str_matches(BPS_REGENCY), unique=True),
        "period": Column(str, Check.str_matches(r"^\d{4}-\d{2}$")),
        "p0_pct": _pct(nullable=False),
        "poor_thousand": _positive(),
        "source_url": Column(str),
        "quote": Column(str),
    },
    strict=False,
    name="stats/regency_poverty_2025.csv",
)
"""A newer BPS regency poverty round (one file per round: ``regency_poverty_<year>.csv``)."""


PROVINCE_AGE_SP2020 = pa.DataFrameSchema(
    {
        "bps_prov_code_2020": Column(str, Check.str_matches(PROVINCE_2)),
        "sex": Column(str, Check.isin(["male", "female"])),
        "age_group": Column(str),
        "age_start": Column("int64", Check.in_range(0, 120), coerce=True),
        "population": _count(),
    },
    strict=False,
    name="stats/province_population_by_age_sp2020.csv",
)

PROVINCE_INFORMAL_SHARE = pa.DataFrameSchema(
    {
        "year": Column("int64", Check.in_range(2000, 2100), coerce=True),
        "bps_prov_code_2020": Column(str, Check.str_matches(PROVINCE_2), nullable=True),
        "prov_code_2025": Column(str, Check.str_matches(PROVINCE_2), nullable=True),
        "geography": Column(str),
        "formal_pct": _pct(nullable=False),
        "informal_pct_derived": _pct(nullable=False),
    },
    strict=False,
    name="stats/province_informal_share_2015_2024.csv",
)

NATIONAL_LABOUR_FORCE = pa.DataFrameSchema(
    {
        "year": Column("int64", Check.in_range(2000, 2100), coerce=True),
        "indicator": Column(str),
        "value": Column("float64", Check.ge(0), coerce=True),
        "unit": Column(str),
        "source": Column(str),
        "note": Column(str, nullable=True),
    },
    strict=False,
    name="stats/national_labour_force_aug_2019_2024.csv",
)

BPJSTK_PROVINCE = pa.DataFrameSchema(
    {
        "period": Column(str, Check.str_matches(r"^\d{4}-\d{2}$")),
        "bps_prov_code_2020": Column(str, Check.str_matches(PROVINCE_2), nullable=True),
        "active": Column("float64", Check.ge(0), coerce=True, nullable=True),
        "nonactive": Column("float64", Check.ge(0), coerce=True, nullable=True),
        "precision": Column(str),
        "segment": Column(str),
        "source": Column(str),
    },
    strict=False,
    name="stats/province_bpjstk_participants_partial.csv",
)

# Processed master table: one row per regency, keyed by the Kemendagri 2025 code.
MASTER = pa.DataFrameSchema(
    {
        "regency_code": Column(str, Check.str_matches(KEMENDAGRI_REGENCY), unique=True),
        "bps_code_2020": Column(str, Check.str_matches(BPS_REGENCY), unique=True),
        "bps_code_2023": Column(str, Check.str_matches(BPS_REGENCY), unique=True),
        "regency_name": Column(str),
        "kind": Column(str, Check.isin(["kabupaten", "kota"])),
        "province_code": Column(str, Check.str_matches(PROVINCE_2)),
        "province_name": Column(str),
        "bps_province_code_2020": Column(str, Check.str_matches(PROVINCE_2)),
        "kecamatan_count": Column("int64", Check.ge(0)),
        "desa_count": Column("int64", Check.ge(0)),
        "kelurahan_count": Column("int64", Check.ge(0)),
        "area_km2": Column("float64", Check.gt(0)),
        "population_count": Column("int64", Check.gt(0)),
        "population_density_per_km2": Column("float64", Check.gt(0)),
        "tpt_pct": Column("float64", Check.in_range(0, 100)),
        "tpt_year": Column("int64", Check.in_range(2018, 2100)),
        "tpak_pct": Column("float64", Check.in_range(0, 100)),
        "tpak_year": Column("int64", Check.in_range(2018, 2100)),
        "ipm": Column("float64", Check.in_range(0, 100)),
        "ipm_year": Column("int64", Check.in_range(2018, 2100)),
        "mean_years_schooling": Column("float64", Check.in_range(0, 20)),
        "expenditure_per_capita_kidr": Column("float64", Check.gt(0)),
        "poverty_pct": Column("float64", Check.in_range(0, 100)),
        "poverty_year": Column("int64"),
        "latitude": Column("float64", Check.in_range(-12, 7)),
        "longitude": Column("float64", Check.in_range(94, 142)),
    },
    checks=[
        Check(lambda df: len(df) == N_REGENCIES, error=f"must have {N_REGENCIES} regencies"),
        Check(
            lambda df: df["province_code"].nunique() == N_PROVINCES,
            error=f"must span {N_PROVINCES} provinces",
        ),
        Check(
            lambda df: int(df["desa_count"].sum() + df["kelurahan_count"].sum()) == N_DESA_KELURAHAN,
            error=f"desa + kelurahan must sum to {N_DESA_KELURAHAN:,}",
        ),
    ],
    strict=False,
    name="data/processed/regencies.parquet",
)
