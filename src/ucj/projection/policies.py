"""The regencies' own programmes as published (``data/raw/programme_policies/``): their quota per
village and the local name of the village.

`read` validates the table like every input (file, line and column). `regency_quota` gives, per
regency, the quota of its own village programme: the latest published quota in force, else the
latest proposal (labelled so), else the default of ``config/effort.yml`` (labelled "default").
`village_terms` gives the word the brief uses for a village: the regency's own rows first (pekon,
lembang, nagari...), then the province's legal term (gampong, nagari, kampung), else "desa".
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column

from ucj import paths, schemas
from ucj.errors import InputError, InputErrors
from ucj.loaders import check_known_codes, line_of, read_csv
from ucj.quotes import appears_in

FOLDER = "programme_policies"
FILE = "regency_programme_policies.csv"
TERMS_FILE = "village_terms.csv"
QUOTE_MAX = 200
FUNDERS = ("APBD", "APBDes_ADD", "DBH_sawit", "CSR", "mixed", "unknown")
TERMS = ("desa", "nagari", "pekon", "lembang", "kampung", "gampong")
IN_FORCE, PROPOSED, DEFAULT = "village_quota", "village_quota_proposed", "default"

SCHEMA = pa.DataFrameSchema(
    {
        "regency_code": Column(str, Check.str_matches(schemas.KEMENDAGRI_REGENCY)),
        "policy": Column(str, Check.str_matches(r"^[a-z_]+$")),
        "funder": Column(str, Check.isin(list(FUNDERS))),
        "quota_per_village": Column("float64", Check.ge(0), coerce=True, nullable=True),
        "village_term": Column(str, Check.isin(list(TERMS)), nullable=True),
        "workers_per_year": Column("float64", Check.ge(0), coerce=True, nullable=True),
        "start_year": Column("Int64", Check.in_range(2000, 2100), coerce=True, nullable=True),
        "quote": Column(str, Check.str_length(1, QUOTE_MAX)),
        "outlet": Column(str),
        "url": Column(str, Check.str_startswith("http"), nullable=True),
        "published_date": Column(str, Check.str_matches(r"^\d{4}(-\d{2}(-\d{2})?)?$"), nullable=True),
        "confidence": Column(str, Check.isin(["A", "B", "C"])),
    },
    strict=False,
    name=f"{FOLDER}/{FILE}",
)

TERMS_SCHEMA = pa.DataFrameSchema(
    {
        "province_code": Column(str, Check.str_matches(r"^\d{2}$"), unique=True),
        "village_term": Column(str, Check.isin(list(TERMS))),
        "legal_basis": Column(str),
    },
    strict=False,
    name=f"{FOLDER}/{TERMS_FILE}",
)


def read(master: pd.DataFrame, file: Path | None = None) -> pd.DataFrame:
    """The policy table, validated; ``published`` holds the parsed page date (NaT where none)."""
    file = file or paths.raw(FOLDER, FILE)
    df = read_csv(file, SCHEMA)
    check_known_codes(df, "regency_code", master["regency_code"], file)
    errors = []
    for col in ("quota_per_village", "workers_per_year"):
        values = df[col]
        errors += [
            InputError(file, "must be a whole number", row=line_of(i), column=col, value=float(values[i]))
            for i in df.index[values.notna() & (values % 1 != 0)]
        ]
        errors += [
            InputError(
                file,
                "the number does not appear in the quote",
                row=line_of(i),
                column=col,
                value=int(values[i]),
            )
            for i in df.index[values.notna() & (values % 1 == 0)]
            if not appears_in(values[i], df.at[i, "quote"])
        ]
    if errors:
        raise InputErrors(errors)
    text = df["published_date"].fillna("")
    full = text.where(text.str.len() != 4, text + "-12-31").where(text.str.len() != 7, text + "-28")
    return df.assign(published=pd.to_datetime(full, format="%Y-%m-%d", errors="coerce"))


def regency_quota(policies: pd.DataFrame, codes: list[str] | tuple[str, ...], default: int) -> pd.DataFrame:
    """Per regency: ``quota`` (workers per village a year), ``quota_status`` (village_quota: in force;
    village_quota_proposed; default) and ``quota_source`` (outlet and date, or the default's setting)."""
    rows = policies[policies["policy"].isin([IN_FORCE, PROPOSED]) & policies["quota_per_village"].notna()]
    rows = rows.assign(rank=(rows["policy"] == IN_FORCE).astype(int)).sort_values(
        ["regency_code", "rank", "published", "start_year"], kind="stable", na_position="first"
    )
    best = rows.groupby("regency_code").tail(1).set_index("regency_code")
    out = pd.DataFrame({"regency_code": list(codes)})
    found = out["regency_code"].isin(best.index)
    pick = best.reindex(out["regency_code"])
    out["quota"] = np.where(found, pick["quota_per_village"].to_numpy(float), float(default))
    out["quota_status"] = np.where(found, pick["policy"].to_numpy(object), DEFAULT)
    label = pick["outlet"].astype(str) + ", " + pick["published_date"].fillna("").astype(str)
    out["quota_source"] = np.where(found, label.to_numpy(object), "config/effort.yml mix_village_quota")
    return out


def village_terms(policies: pd.DataFrame, master: pd.DataFrame, file: Path | None = None) -> pd.Series:
    """The word for a village per regency code: its own policy rows' term (the most frequent that is
    not 'desa'), else its province's legal term, else 'desa'."""
    file = file or paths.raw(FOLDER, TERMS_FILE)
    terms = read_csv(file, TERMS_SCHEMA)
    province = (
        master.set_index("regency_code")["province_code"]
        .astype(str)
        .map(terms.set_index("province_code")["village_term"])
    )
    own = policies[policies["village_term"].notna() & (policies["village_term"] != "desa")]
    own = own.groupby("regency_code")["village_term"].agg(lambda s: s.value_counts().index[0])
    out = own.reindex(master["regency_code"]).fillna(province.reindex(master["regency_code"])).fillna("desa")
    return out.rename("village_term")
