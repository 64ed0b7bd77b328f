"""The regency's own money: APBD spending, Dana Desa and DBH sawit, one row per regency.

Read from ``data/raw/fiscal/`` (each folder has its SOURCES.md) and validated.
Missing is missing, never zero: a regency absent from the APBD table (DKI units
have no APBD of their own; the 26 regencies of the four new Papua provinces are
missing) has ``apbd_spending_idr`` NA; a regency that receives no Dana Desa
because it has no desa has 0 (a true zero), one with desa but no row NA; a
regency without a transcribed DBH-sawit allocation has NA (most of them receive
none, but the table is partial, so "none" is not known).

The use rules (``fiscal/use_rules/rules.csv``) decide how a lever may be paid:
premiums of pekerja rentan are the regency's (APBD); villages may fund a quota
from Alokasi Dana Desa (ADD, from the APBD) or their own income, not from Dana
Desa, which is shown as a size comparison only; DBH sawit may pay them from its
"kegiatan lainnya" slice of at most 20% (PMK 91/2023).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column

from ucj import paths, schemas
from ucj.loaders import check_known_codes, read_csv

APBD_FILE = ("fiscal", "apbd_2023_2025", "apbd_kabkota_summary_2023_2025.csv")
DANA_DESA_FILE = ("fiscal", "dana_desa_2023_2024", "dana_desa_per_regency_2023_2024.csv")
DBH_FILE = ("fiscal", "dbh_sawit_partial", "dbh_sawit_partial_2023_2026.csv")


_MONEY = dict(dtype="float64", checks=Check.ge(0), coerce=True)
APBD_SCHEMA = pa.DataFrameSchema(
    {
        "kemendagri_code": Column(str, Check.str_matches(schemas.KEMENDAGRI_REGENCY)),
        "year": Column("int64", Check.in_range(2000, 2100), coerce=True),
        "belanja_daerah_anggaran_sum_l3_rp": Column(nullable=True, **_MONEY),
        "belanja_daerah_realisasi_sum_l3_rp": Column(nullable=True, **_MONEY),
    },
    unique=["kemendagri_code", "year"],
    strict=False,
    name="fiscal/apbd_kabkota_summary_2023_2025.csv",
)
DANA_DESA_SCHEMA = pa.DataFrameSchema(
    {
        "kemendagri_code": Column(str, Check.str_matches(schemas.KEMENDAGRI_REGENCY)),
        "year": Column("int64", Check.in_range(2000, 2100), coerce=True),
        "dana_desa_pagu_rp": Column(nullable=True, **_MONEY),
    },
    unique=["kemendagri_code", "year"],
    strict=False,
    name="fiscal/dana_desa_per_regency_2023_2024.csv",
)
DBH_SCHEMA = pa.DataFrameSchema(
    {
        "kemendagri_code": Column(str, Check.str_matches(schemas.KEMENDAGRI_REGENCY)),
        "year": Column("int64", Check.in_range(2000, 2100), coerce=True),
        "dbh_sawit_rp": Column(**_MONEY),
        "basis": Column(str),
        "source_url": Column(str),
    },
    unique=["kemendagri_code", "year"],
    strict=False,
    name="fiscal/dbh_sawit_partial_2023_2026.csv",
)

COLUMNS = {
    "regency_code": "Kemendagri 2025 code",
    "apbd_spending_idr": "total regional spending (belanja daerah) of the latest budget year in the table, "
    "Rp; NA where not published",
    "apbd_year": "year of apbd_spending_idr",
    "dana_desa_idr": "Dana Desa allocation (pagu) of the regency's latest year in the table, Rp; 0 for a "
    "regency without desa; NA if missing",
    "dana_desa_year": "year of dana_desa_idr",
    "dbh_sawit_idr": "DBH sawit allocation of the latest transcribed year, Rp; NA where none was transcribed",
    "dbh_sawit_year": "year of dbh_sawit_idr (mixed years: each regency's latest transcribed)",
    "dbh_sawit_source": "page the DBH sawit figure was transcribed from",
}


def latest_year(table: pd.DataFrame, column: str) -> int:
    """The latest year of ``table`` with any value in ``column``: budgets are used at the newest year
    the data hold (spending as budgeted, anggaran; the Dana Desa allocation, pagu), never a year
    written in code, so that adding a year to the file is the whole update."""
    return int(table.loc[table[column].notna(), "year"].max())


def latest_budget_year() -> int:
    """The latest APBD year of the shipped table (`latest_year` of the budgeted spending)."""
    return latest_year(read_csv(paths.raw(*APBD_FILE), APBD_SCHEMA), "belanja_daerah_anggaran_sum_l3_rp")


def read_fiscal(master: pd.DataFrame) -> pd.DataFrame:
    """One row per regency of ``master`` with its APBD spending, Dana Desa and DBH sawit (see `COLUMNS`)."""
    codes = master["regency_code"]
    apbd = read_csv(paths.raw(*APBD_FILE), APBD_SCHEMA)
    check_known_codes(apbd, "kemendagri_code", codes, paths.raw(*APBD_FILE))
    dd = read_csv(paths.raw(*DANA_DESA_FILE), DANA_DESA_SCHEMA)
    check_known_codes(dd, "kemendagri_code", codes, paths.raw(*DANA_DESA_FILE))
    dbh = read_csv(paths.raw(*DBH_FILE), DBH_SCHEMA)
    check_known_codes(dbh, "kemendagri_code", codes, paths.raw(*DBH_FILE))
    out = master[["regency_code", "desa_count"]].copy()
    apbd_year = latest_year(apbd, "belanja_daerah_anggaran_sum_l3_rp")
    spend = apbd[apbd["year"] == apbd_year].set_index("kemendagri_code")["belanja_daerah_anggaran_sum_l3_rp"]
    out["apbd_spending_idr"] = out["regency_code"].map(spend).astype("Float64")
    out["apbd_year"] = pd.Series(apbd_year, index=out.index, dtype="Int64").where(
        out["apbd_spending_idr"].notna()
    )
    # each regency at the latest year its allocation is known (a new year arrives regency by regency)
    known = dd[dd["dana_desa_pagu_rp"].notna()].sort_values(["kemendagri_code", "year"], kind="stable")
    latest_dd = known.groupby("kemendagri_code").tail(1).set_index("kemendagri_code")
    dd_year = latest_dd["dana_desa_pagu_rp"]
    dana_desa = out["regency_code"].map(dd_year).astype("Float64")
    out["dana_desa_idr"] = dana_desa.where(out["desa_count"] > 0, 0.0)
    out["dana_desa_year"] = (
        out["regency_code"].map(latest_dd["year"]).astype("Int64").where(dana_desa.notna())
    )
    latest = dbh.sort_values("year").groupby("kemendagri_code").tail(1).set_index("kemendagri_code")
    out["dbh_sawit_idr"] = out["regency_code"].map(latest["dbh_sawit_rp"]).astype("Float64")
    out["dbh_sawit_year"] = out["regency_code"].map(latest["year"]).astype("Int64")
    out["dbh_sawit_source"] = out["regency_code"].map(latest["source_url"]).astype("string")
    return out.drop(columns="desa_count")
