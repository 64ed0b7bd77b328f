"""Official province and national totals of active participants, newer than the Dec 2023 basis.

``data/raw/coverage_province_published/province_participants.csv`` holds the province (and national)
figures that BPJS Ketenagakerjaan regional offices, Kemnaker's Satu Data and provincial governments
published for 2024–2025, copied as stated with a verbatim quote (see that folder's SOURCES.md).
They are mixed: active or registered counts, coverage percentages of different denominators, some
dated only by a year. This module reads and validates them (file, line and column in every error)
and gives what the project can use with confidence:

- `active_totals`: all-segment **active** counts dated to the month, grade A or B, of provinces whose
  boundaries have not changed since the BPS 2020 codes the hindcast uses. They extend the province
  series that the hindcast predicts ("the later figure from the earlier"), so the carried baseline's
  band is checked on more held-out figures.
- `latest_official`: for an area (a province's Kemendagri code, or "00" for Indonesia) the official
  total to set a summary's sum of regency figures against, the same month first.

The modelled remainder keeps the newest *complete* basis, Dec 2023 (28 of 34 provinces): no newer
province table covers most provinces (see the search notes).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column

from ucj import paths
from ucj.errors import InputError, InputErrors
from ucj.loaders import check_known_codes, line_of, read_csv
from ucj.quotes import appears_in

FOLDER = "coverage_province_published"
FILE = "province_participants.csv"
NATIONAL = "00"
SEGMENTS = ("all", "PU", "BPU", "Jakon", "PMI", "Jakon+PMI", "PU+PMI", "PU+Jakon")
USABLE_GRADES = ("A", "B")

SCHEMA = pa.DataFrameSchema(
    {
        "province_code": Column(str, Check.str_matches(r"^\d{2}$")),
        "province_name": Column(str),
        "ref_date": Column(str, Check.str_matches(r"^\d{4}(-\d{2}(-\d{2})?)?$")),
        "metric": Column(str, Check.isin(["active", "registered", "coverage_pct"])),
        "segment": Column(str, Check.isin(list(SEGMENTS))),
        "value": Column("float64", Check.ge(0), coerce=True),
        "unit": Column(str, Check.isin(["persons", "percent"])),
        "denominator_value": Column("float64", Check.gt(0), coerce=True, nullable=True),
        "denominator_definition": Column(str, nullable=True),
        "quote": Column(str, Check.str_length(1, 200)),
        "outlet": Column(str),
        "url": Column(str, Check.str_startswith("http"), nullable=True),
        "published_date": Column(str, Check.str_matches(r"^\d{4}(-\d{2}(-\d{2})?)?$"), nullable=True),
        "confidence": Column(str, Check.isin(["A", "B", "C"])),
    },
    strict=True,
    name=FILE,
)


def path() -> Path:
    """data/raw/coverage_province_published/province_participants.csv"""
    return paths.raw(FOLDER, FILE)


def read(provinces: pd.Series, file: Path | None = None) -> pd.DataFrame:
    """The figures, validated against ``provinces`` (Kemendagri codes; "00" is Indonesia), with
    ``as_of`` (end of the stated day or month; missing when only a year is stated) and ``line``."""
    file = file or path()
    if not file.is_file():
        return pd.DataFrame(columns=[*SCHEMA.columns, "as_of", "line"])
    df = read_csv(file, SCHEMA)
    check_known_codes(df, "province_code", pd.concat([provinces, pd.Series([NATIONAL])]), file)
    errors = [
        InputError(file, "the value does not appear in its quote (as written there)", line_of(i), "value", v)
        for i, v in df["value"].items()
        if not appears_in(v, df.at[i, "quote"])
    ]
    errors += [
        InputError(file, "a percentage has unit 'percent' and a count 'persons'", line_of(i), "unit", u)
        for i, u in df["unit"].items()
        if (u == "percent") != (df.at[i, "metric"] == "coverage_pct")
    ]
    if errors:
        raise InputErrors(errors)
    text = df["ref_date"]
    month = text.str.len() == 7
    parsed = pd.to_datetime(text.where(~month, text + "-01"), format="%Y-%m-%d", errors="coerce")
    df["as_of"] = parsed.where(~month, parsed + pd.offsets.MonthEnd(0)).where(text.str.len() > 4)
    df["line"] = [line_of(i) for i in df.index]
    return df


def _unchanged_provinces(master: pd.DataFrame) -> dict[str, str]:
    """Kemendagri province code -> BPS 2020 code, for provinces whose area is the same under both
    (not the Papua provinces split in 2022)."""
    pairs = master[["province_code", "bps_province_code_2020"]].drop_duplicates()
    one_to_one = pairs[
        ~pairs["province_code"].duplicated(keep=False)
        & ~pairs["bps_province_code_2020"].duplicated(keep=False)
    ]
    return dict(zip(one_to_one["province_code"], one_to_one["bps_province_code_2020"], strict=True))


def active_totals(figures: pd.DataFrame, master: pd.DataFrame) -> pd.DataFrame:
    """All-segment active counts dated to the month, grade A or B, of provinces with unchanged
    boundaries: province (BPS 2020 code), as_of, active (the hindcast's province series)."""
    codes = _unchanged_provinces(master)
    rows = figures[
        (figures["metric"] == "active")
        & (figures["segment"] == "all")
        & figures["as_of"].notna()
        & figures["confidence"].isin(USABLE_GRADES)
        & figures["province_code"].isin(codes)
    ]
    return pd.DataFrame(
        {
            "province": rows["province_code"].map(codes).to_numpy(),
            "as_of": pd.to_datetime(rows["as_of"]).to_numpy(),
            "active": rows["value"].astype(float).to_numpy(),
        }
    )


def latest_official(figures: pd.DataFrame, area: str, when: pd.Timestamp) -> pd.Series | None:
    """The official all-segment active total of ``area`` (Kemendagri province code or "00") dated on
    or before ``when``, grade A or B: the latest of the same calendar month if any (counts fall after
    December, between budget payments), else the latest. None when there is none."""
    rows = figures[
        (figures["province_code"] == area)
        & (figures["metric"] == "active")
        & (figures["segment"] == "all")
        & figures["as_of"].notna()
        & (figures["as_of"] <= when)
        & figures["confidence"].isin(USABLE_GRADES)
    ].sort_values(["as_of", "confidence"], ascending=[True, False], kind="stable")
    if rows.empty:
        return None
    same_month = rows[rows["as_of"].dt.month == when.month]
    return (same_month if len(same_month) else rows).iloc[-1]
