"""Published BPS regency figures of the informal workforce (``data/raw/informal_published/``).

Each row is one figure as a BPS regency office (or an official quoting it) published it for one
Sakernas round: the informal or formal share, counts of informal or formal workers, employed persons,
or employed persons by main employment status. `read` validates the table (unknown code, bad round,
a share above 100, status counts that do not add up to their stated total: file, line and column).
`shares` turns the rows into one informal share per regency and round, computed here (never in the
data file): the informal share as stated; else 100 − the formal share; else informal ÷ (informal +
formal) counts; else the informal statuses ÷ the total of a full status breakdown.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column

from ucj import paths, schemas
from ucj.errors import InputError, InputErrors
from ucj.loaders import check_known_codes, line_of, read_csv

FOLDER = "informal_published"
FILE = "published_informal.csv"
METRICS = (
    "informal_share",
    "formal_share",
    "informal_count",
    "formal_count",
    "employed_count",
    "status_count",
)
FORMAL_STATUSES = ("berusaha_dibantu_buruh_tetap", "buruh_karyawan")
INFORMAL_STATUSES = (
    "berusaha_sendiri",
    "berusaha_dibantu_buruh_tidak_tetap",
    "pekerja_bebas_pertanian",
    "pekerja_bebas_nonpertanian",
    "pekerja_keluarga",
)
STATUSES = (*FORMAL_STATUSES, *INFORMAL_STATUSES, "total")
#: Status counts may fall short of their total by rounding in the publication, never by more.
ROUNDING_TOLERANCE = 0.005

SCHEMA = pa.DataFrameSchema(
    {
        "regency_code": Column(str, Check.str_matches(schemas.KEMENDAGRI_REGENCY)),
        "round": Column(str, Check.str_matches(r"^20\d{2}-(02|08)$")),
        "metric": Column(str, Check.isin(list(METRICS))),
        "status": Column(str, Check.isin(list(STATUSES)), nullable=True),
        "value": Column("float64", Check.ge(0), coerce=True),
        "unit": Column(str, Check.isin(["percent", "persons"])),
        "definition": Column(str, Check.isin(["bps_status", "unclear"])),
        "quote": Column(str, Check.str_length(1, 200)),
        "outlet": Column(str),
        "url": Column(str, nullable=True),
        "published_date": Column(str, nullable=True),
        "confidence": Column(str, Check.isin(["A", "B", "C"])),
    },
    strict=False,
    name=f"{FOLDER}/{FILE}",
)


def path() -> Path:
    """data/raw/informal_published/published_informal.csv"""
    return paths.raw(FOLDER, FILE)


def read(master: pd.DataFrame, file: Path | None = None) -> pd.DataFrame:
    """The published figures, validated; an empty frame when the file is absent."""
    file = file or path()
    if not file.is_file():
        return pd.DataFrame(columns=list(SCHEMA.columns))
    df = read_csv(file, SCHEMA)
    check_known_codes(df, "regency_code", master["regency_code"], file)
    errors = []
    share = df["metric"].isin(["informal_share", "formal_share"])
    errors += [
        InputError(
            file,
            "a share is in percent and at most 100",
            row=line_of(i),
            column="value",
            value=float(df.at[i, "value"]),
        )
        for i in df.index[share & ((df["unit"] != "percent") | (df["value"] > 100))]
    ]
    errors += [
        InputError(file, "a status count needs its status", row=line_of(i), column="status")
        for i in df.index[(df["metric"] == "status_count") & df["status"].isna()]
    ]
    counts = df[df["metric"] == "status_count"]
    for _, grp in counts.groupby(["regency_code", "round"]):
        total = grp[grp["status"] == "total"]
        parts = grp[grp["status"] != "total"]
        if len(total) and parts["value"].sum() > float(total["value"].iloc[0]) * (1 + ROUNDING_TOLERANCE):
            i = total.index[0]
            errors.append(
                InputError(
                    file,
                    f"the status counts ({parts['value'].sum():,.0f}) exceed their total",
                    row=line_of(i),
                    column="value",
                    value=float(df.at[i, "value"]),
                )
            )
    if errors:
        raise InputErrors(errors)
    return df


def shares(published: pd.DataFrame) -> pd.DataFrame:
    """One informal share (0-1) per regency and round: regency_code, year, round, share, derivation,
    definition, confidence, source (module doc for the order of derivations)."""
    rows = []
    for (code, rnd), grp in published.groupby(["regency_code", "round"], sort=True):
        by = {m: g for m, g in grp.groupby("metric")}
        best = grp.sort_values("confidence").iloc[0]
        share, how = None, ""
        if "informal_share" in by:
            share, how = float(by["informal_share"]["value"].iloc[0]) / 100, "informal share as stated"
        elif "formal_share" in by:
            share, how = 1 - float(by["formal_share"]["value"].iloc[0]) / 100, "100 − formal share"
        elif "informal_count" in by and "formal_count" in by:
            inf, frm = (
                float(by["informal_count"]["value"].iloc[0]),
                float(by["formal_count"]["value"].iloc[0]),
            )
            share, how = inf / (inf + frm), "informal ÷ (informal + formal) counts"
        elif "informal_count" in by and "employed_count" in by:
            inf, emp = (
                float(by["informal_count"]["value"].iloc[0]),
                float(by["employed_count"]["value"].iloc[0]),
            )
            share, how = inf / emp, "informal ÷ employed counts"
        elif "formal_count" in by and "employed_count" in by:
            frm, emp = (
                float(by["formal_count"]["value"].iloc[0]),
                float(by["employed_count"]["value"].iloc[0]),
            )
            share, how = 1 - frm / emp, "1 − formal ÷ employed counts"
        elif "status_count" in by:
            status = by["status_count"].set_index("status")["value"]
            formal = [s for s in STATUSES[:-1] if s not in INFORMAL_STATUSES]
            if set(STATUSES[:-1]) <= set(status.index):
                total = float(status.get("total", status[list(STATUSES[:-1])].sum()))
                share, how = float(status[list(INFORMAL_STATUSES)].sum()) / total, "status breakdown"
            elif set(formal) <= set(status.index) and "total" in status.index:
                share = 1 - float(status[formal].sum()) / float(status["total"])
                how = "1 − formal statuses ÷ total"
        if share is None or not 0 <= share <= 1:
            continue
        rows.append(
            {
                "regency_code": code,
                "year": int(rnd[:4]),
                "round": rnd,
                "published_share": share,
                "derivation": how,
                "definition": best["definition"],
                "confidence": best["confidence"],
                "source": f"{best['outlet']}, {best['published_date']}",
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "regency_code",
            "year",
            "round",
            "published_share",
            "derivation",
            "definition",
            "confidence",
            "source",
        ],
    )
