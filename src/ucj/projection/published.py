"""Regency coverage figures that officials have published, as shipped data (read and validated).

``data/raw/coverage_published/published_coverage.csv`` holds one row per figure
as it was stated in a news report or an official page: the regency, the date the
figure refers to, the metric, the value, a verbatim quote, the page address and
a confidence grade (see that folder's SOURCES.md). Nothing is computed in the
file. This module reads it, validates it (file, line and column in every error)
and turns it into what the baseline needs:

- `baseline_candidates`: per regency and segment, the latest figure that can be
  a count of **active** participants: an ``active`` count, or a ``coverage_pct``
  whose denominator is stated (count = % × denominator, said so in the label).
  ``registered`` counts are never used as active; a percentage without its
  denominator is never turned into a count.
- `programme_floors`: pekerja rentan enrolled through a funded programme (APBD,
  APBDes/ADD, DBH sawit, CSR): a lower bound of the regency's BPU participants,
  never the whole BPU figure.
- `own_counts`: a regency's own count of pekerja rentan or of its "potensi",
  shown beside the project's estimate.
- `history`: every dated figure, for monitoring progress over time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column

from ucj import paths, schemas
from ucj.errors import InputError, InputErrors
from ucj.loaders import check_known_codes, line_of, read_csv
from ucj.quotes import appears_in

FOLDER = "coverage_published"
FILE = "published_coverage.csv"

METRICS = (
    "active",
    "registered",
    "coverage_pct",
    "program_enrolled",
    "rentan_count",
    "potential",
    "not_registered",
    "target",
)
SEGMENTS = ("all", "PU", "BPU", "Jakon", "PMI")
GROUPS = ("pekerja_rentan", "non_asn", "perangkat_desa", "bpd", "other")
FUNDERS = ("APBD", "APBDes_ADD", "DBH_sawit", "CSR", "mixed", "unknown")
DENOMINATORS = (
    "penduduk_bekerja",
    "angkatan_kerja",
    "angkatan_kerja_non_asn",
    "potensi",
    "semesta",
    "pekerja_rentan",
    "pekerja_formal",
    "pekerja_informal",
    "unknown",
)
CONFIDENCE = ("A", "B", "C")
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
QUOTE_MAX = 200
CONFIDENCE_RANK = {"A": 0, "B": 1, "C": 2}

#: Whom a figure is about: all workers of the regency, or part of them. Only an all-worker figure can
#: be a regency's coverage (a baseline of a segment or of all segments); a scope-limited figure may only
#: be a programme's floor, as programme counts are.
SCOPES = ("all_workers", "non_asn", "perangkat_desa", "pekerja_rentan", "group")


SCHEMA = pa.DataFrameSchema(
    {
        "regency_code": Column(str, Check.str_matches(schemas.KEMENDAGRI_REGENCY)),
        "regency_name": Column(str),
        "ref_date": Column(str, Check.str_matches(DATE_PATTERN)),
        "metric": Column(str, Check.isin(list(METRICS))),
        "segment": Column(str, Check.isin(list(SEGMENTS))),
        "group": Column(str, Check.isin(list(GROUPS)), nullable=True),
        "funder": Column(str, Check.isin(list(FUNDERS)), nullable=True),
        "value": Column("float64", Check.ge(0), coerce=True),
        "unit": Column(str, Check.isin(["persons", "percent"])),
        "denominator_value": Column("float64", Check.gt(0), coerce=True, nullable=True),
        "denominator_definition": Column(str, Check.isin(list(DENOMINATORS)), nullable=True),
        "quote": Column(str, Check.str_length(1, QUOTE_MAX)),
        "outlet": Column(str),
        "url": Column(str, Check.str_startswith("http"), nullable=True),  # a seed article may have none
        "published_date": Column(str, Check.str_matches(DATE_PATTERN), nullable=True),  # undated pages exist
        "confidence": Column(str, Check.isin(list(CONFIDENCE))),
        "scope": Column(str, Check.isin(list(SCOPES)), required=False),  # absent: all workers
        # where the denominator was recovered from the same page after the first pass: its own quote
        "denominator_quote": Column(str, Check.str_length(1, QUOTE_MAX), nullable=True, required=False),
    },
    strict=True,
    name=FILE,
)


def path() -> Path:
    """data/raw/coverage_published/published_coverage.csv"""
    return paths.raw(FOLDER, FILE)


def period_start(text: pd.Series) -> pd.Series:
    """'2023' -> 2023-01-01, '2023-08' -> 2023-08-01, '2023-08-15' -> itself."""
    full = text.where(text.str.len() != 4, text + "-01-01").where(text.str.len() != 7, text + "-01")
    return pd.to_datetime(full, format="%Y-%m-%d", errors="coerce")


def period_end(text: pd.Series) -> pd.Series:
    """'2023' -> 2023-12-31, '2023-08' -> 2023-08-31, '2023-08-15' -> itself (the figure's date)."""
    year_only = text.str.len() == 4
    month_only = text.str.len() == 7
    full = text.where(~year_only, text + "-12-31").where(~month_only, text + "-01")
    parsed = pd.to_datetime(full, format="%Y-%m-%d", errors="coerce")
    return parsed.where(~month_only, parsed + pd.offsets.MonthEnd(0))


def _quoted(value: float, quote: str) -> bool:
    """Whether ``value`` appears in ``quote`` as written in Indonesian or English (126,15 / 126.15)."""
    text = f"{value:g}"
    return text in quote or text.replace(".", ",") in quote


def _row_checks(df: pd.DataFrame, file: Path) -> list[InputError]:
    """Checks across columns, each located by line and column."""
    errors = []
    for column in ("ref_date", "published_date"):
        bad = df.index[df[f"_{column}"].isna() & df[column].notna()]
        errors += [
            InputError(
                file,
                "not a valid date (YYYY, YYYY-MM or YYYY-MM-DD)",
                row=line_of(i),
                column=column,
                value=df.at[i, column],
            )
            for i in bad
        ]
    errors += [
        InputError(
            file,
            "the value does not appear in its quote (as written there)",
            row=line_of(i),
            column="value",
            value=float(value),
        )
        for i, value, quote in zip(df.index, df["value"], df["quote"], strict=True)
        if not appears_in(value, quote)
    ]
    if "denominator_quote" in df:
        quoted = df[df["denominator_quote"].notna() & df["denominator_value"].notna()]
        errors += [
            InputError(
                file,
                "the denominator does not appear in its quote (as written there)",
                row=line_of(i),
                column="denominator_value",
                value=float(value),
            )
            for i, value, quote in zip(
                quoted.index, quoted["denominator_value"], quoted["denominator_quote"], strict=True
            )
            if not appears_in(value, quote)
        ]
    pct = df["metric"] == "coverage_pct"
    errors += [
        InputError(
            file,
            "a coverage percentage has unit 'percent' (and only it)",
            row=line_of(i),
            column="unit",
            value=df.at[i, "unit"],
        )
        for i in df.index[pct != (df["unit"] == "percent")]
    ]
    over = pct & (df["value"] > 100) & ~df.apply(lambda r: _quoted(r["value"], r["quote"]), axis=1)
    errors += [
        InputError(
            file,
            "a percentage above 100 that the quote does not state",
            row=line_of(i),
            column="value",
            value=df.at[i, "value"],
        )
        for i in df.index[over]
    ]
    errors += [
        InputError(
            file,
            "a count of persons must be a whole number",
            row=line_of(i),
            column="value",
            value=df.at[i, "value"],
        )
        for i in df.index[(df["unit"] == "persons") & (df["value"] % 1 != 0)]
    ]
    late = (df["metric"] != "target") & (period_start(df["ref_date"]) > df["_published_date"])
    errors += [
        InputError(
            file,
            "the figure refers to a date after the page was published (only a 'target' may)",
            row=line_of(i),
            column="ref_date",
            value=df.at[i, "ref_date"],
        )
        for i in df.index[late]
    ]
    today = pd.Timestamp(dt.date.today())
    future = df["_published_date"] > today
    errors += [
        InputError(
            file,
            "published in the future",
            row=line_of(i),
            column="published_date",
            value=df.at[i, "published_date"],
        )
        for i in df.index[future]
    ]
    needs_group = df["metric"].isin(["program_enrolled", "rentan_count", "target"])
    errors += [
        InputError(
            file,
            "a programme, pekerja-rentan or target figure needs its group",
            row=line_of(i),
            column="group",
        )
        for i in df.index[needs_group & df["group"].isna()]
    ]
    dup = df.duplicated(["regency_code", "ref_date", "metric", "segment", "group", "funder", "value", "url"])
    errors += [
        InputError(
            file,
            "the same figure from the same page twice",
            row=line_of(i),
            column="value",
            value=df.at[i, "value"],
        )
        for i in df.index[dup]
    ]
    return errors


def read(master: pd.DataFrame, file: Path | None = None) -> pd.DataFrame:
    """The published figures, validated, with ``as_of`` (the figure's date) and ``published``
    (the page's date) parsed; an empty frame if the file is absent."""
    file = file or path()
    if not file.is_file():
        return pd.DataFrame(columns=[*SCHEMA.columns, "as_of", "published"])
    df = read_csv(file, SCHEMA)
    check_known_codes(df, "regency_code", master["regency_code"], file)
    if "scope" not in df:  # a file written before the column: every figure about all workers
        df["scope"] = "all_workers"
    df["_ref_date"] = period_end(df["ref_date"])
    df["_published_date"] = period_end(df["published_date"])
    errors = _row_checks(df, file)
    if errors:
        raise InputErrors(errors)
    df = df.rename(columns={"_ref_date": "as_of", "_published_date": "published"})
    # A year alone is dated mid-year (its end would rank it after every dated figure of that
    # year), in the figure's date and in the page's; then "2025" in a page of July 2025 means
    # "so far in 2025": a figure is never dated after the page that published it.
    for column, text in (("as_of", "ref_date"), ("published", "published_date")):
        year_only = df[text].fillna("").str.len() == 4
        df.loc[year_only, column] = pd.to_datetime(df.loc[year_only, text] + "-07-01", format="%Y-%m-%d")
    df["as_of"] = df["as_of"].where(
        df["published"].isna() | (df["as_of"] <= df["published"]), df["published"]
    )
    df["confidence_rank"] = df["confidence"].map(CONFIDENCE_RANK)
    df["line"] = [line_of(i) for i in df.index]
    df = supersede(df)
    return df.sort_values(["regency_code", "as_of", "metric", "segment"], kind="stable").reset_index(
        drop=True
    )


#: What makes two rows figures of the same thing: a regency's metric for one segment, group, funder,
#: scope and unit, in one calendar month.
SAME_FIGURE = ["regency_code", "metric", "segment", "group", "funder", "scope", "unit", "_month"]
#: Values closer than this (relative) are the same figure reported twice, not a conflict.
SAME_VALUE_TOLERANCE = 0.005


def supersede(df: pd.DataFrame) -> pd.DataFrame:
    """Resolve conflicting rows by a stated rule instead of deleting any. Among figures of the same
    thing in the same month (`SAME_FIGURE`) whose values differ:

    1. the later-dated one wins (``resolution`` "later date");
    2. at the same date, the higher confidence grade wins ("higher grade");
    3. at the same date and grade, a value equal to the sum of the others is their total and the
       others are its parts ("part of the total"), e.g. the province- and regency-funded parts of one
       programme;
    4. values from one page are parts of one report (cohorts, stages), not a disagreement: kept, and
       a programme's floor takes the largest;
    5. otherwise different pages disagree: both kept and flagged (``conflict``).

    Adds ``superseded_by`` (the file line of the winning row, or missing), ``resolution`` and
    ``conflict``. Superseded rows stay in the history; they are never a baseline or a programme floor."""
    out = df.copy()
    out["superseded_by"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["resolution"] = ""
    out["conflict"] = False
    if out.empty or "line" not in out:
        return out
    keyed = out.assign(
        _month=out["as_of"].dt.strftime("%Y-%m"),
        group=out["group"].fillna(""),
        funder=out["funder"].fillna(""),
    )

    def differ(values: pd.Series) -> bool:
        values = values.astype(float)
        return bool(values.max() - values.min() > SAME_VALUE_TOLERANCE * max(values.max(), 1.0))

    # only groups of two or more rows whose values differ need the rule (a vectorised first pass)
    grouped = keyed.groupby(SAME_FIGURE, sort=False, dropna=False)["value"]
    spread = grouped.transform("max") - grouped.transform("min")
    candidates = keyed[spread > SAME_VALUE_TOLERANCE * grouped.transform("max").clip(lower=1.0)]
    for _, rows in candidates.groupby(SAME_FIGURE, sort=False, dropna=False):
        if len(rows) < 2 or not differ(rows["value"]):
            continue  # one figure, or one figure reported by several pages
        ranked = rows.sort_values(["as_of", "confidence_rank"], ascending=[False, True], kind="stable")
        top = ranked.iloc[0]
        same_date = ranked["as_of"] == top["as_of"]
        tied = ranked[same_date & (ranked["confidence_rank"] == top["confidence_rank"])]
        for reason, losers in (
            ("later date", ranked.index[~same_date]),
            ("higher grade", ranked.index[same_date & ~ranked.index.isin(tied.index)]),
        ):
            out.loc[losers, "superseded_by"] = int(top["line"])
            out.loc[losers, "resolution"] = reason
        if len(tied) < 2 or not differ(tied["value"]):
            continue
        values = tied["value"].astype(float)
        total = values.idxmax()
        if abs(values.drop(total).sum() - values[total]) <= SAME_VALUE_TOLERANCE * values[total]:
            parts = values.index.drop(total)
            out.loc[parts, "superseded_by"] = int(tied.at[total, "line"])
            out.loc[parts, "resolution"] = "part of the total"
        elif tied["url"].nunique(dropna=False) == 1:
            out.loc[tied.index, "resolution"] = "parts of one report"
        else:
            out.loc[tied.index, "conflict"] = True
            out.loc[tied.index, "resolution"] = "pages disagree: both kept"
    return out


def current(published: pd.DataFrame) -> pd.DataFrame:
    """The rows no other row supersedes (`supersede`)."""
    if "superseded_by" not in published:
        return published
    return published[published["superseded_by"].isna()]


def _label(rows: pd.DataFrame) -> pd.Series:
    """'Outlet, YYYY-MM-DD' for each row (the page that published it)."""
    return rows["outlet"] + ", " + rows["published_date"].fillna("undated")


def baseline_candidates(
    published: pd.DataFrame, window: tuple[pd.Timestamp, pd.Timestamp] | None = None
) -> pd.DataFrame:
    """Per regency and segment, the latest published count of active participants (dated within
    ``window`` when given).

    Columns: regency_code, segment, as_of, active_count, source, derivation ('' for a count
    as stated, else 'p% of d'), confidence. At equal dates the higher confidence wins.
    """
    cols = ["regency_code", "segment", "as_of", "active_count", "source", "derivation", "confidence", "url"]
    if published.empty:
        return pd.DataFrame(columns=cols)
    published = published[published["scope"] == "all_workers"] if "scope" in published else published
    published = current(published)
    counts = published[published["metric"] == "active"].copy()
    counts["active_count"] = counts["value"]
    counts["derivation"] = ""
    pct = published[(published["metric"] == "coverage_pct") & published["denominator_value"].notna()].copy()
    pct["active_count"] = pct["value"] / 100.0 * pct["denominator_value"]
    pct["derivation"] = [
        f"{v:g}% × {d:,.0f}" for v, d in zip(pct["value"], pct["denominator_value"], strict=True)
    ]
    both = pd.concat([counts, pct], ignore_index=True)
    if window is not None and not both.empty:
        both = both[(both["as_of"] >= window[0]) & (both["as_of"] <= window[1])]
    if both.empty:
        return pd.DataFrame(columns=cols)
    both["source"] = "published: " + _label(both)
    both = both.sort_values(
        ["regency_code", "segment", "as_of", "confidence_rank"],
        ascending=[True, True, True, False],
        kind="stable",
    )
    latest = both.groupby(["regency_code", "segment"], sort=True).tail(1)
    return latest[cols].reset_index(drop=True)


def cv_use(published: pd.DataFrame) -> pd.DataFrame:
    """Why each published figure is or is not a truth of the allocation model's cross-validation:
    counts of figures by reason (the CV fits all-segment counts of active participants)."""
    reason = pd.Series(
        "not a coverage count (target, potential, pekerja-rentan count, not registered)",
        index=published.index,
    )
    reason[published["metric"] == "registered"] = "registered, not active: never used as active"
    reason[published["metric"] == "program_enrolled"] = (
        "programme enrolment: a lower bound of BPU, not the total"
    )
    pct = published["metric"] == "coverage_pct"
    reason[pct & published["denominator_value"].isna()] = (
        "percentage without its denominator: not turned into a count"
    )
    count = (published["metric"] == "active") | (pct & published["denominator_value"].notna())
    reason[count & (published["segment"] != "all")] = (
        "one segment only: used as that segment's baseline, not in the CV"
    )
    reason[count & (published["segment"] == "all")] = "used: all-segment count (latest per regency)"
    if "scope" in published:
        reason[published["scope"] != "all_workers"] = "about part of the workforce (scope): never a coverage"
    return reason.value_counts().rename_axis("reason").reset_index(name="figures")


FLOOR_PREFIX = {
    "published": "published programme figure: ",
    "village_tracker": "village tracker: ",
}


def programme_floors(published: pd.DataFrame) -> pd.DataFrame:
    """Per regency and segment (BPU, PU): the latest published count of workers protected through a
    funded programme, a lower bound of that segment's active participants: pekerja rentan for BPU;
    non-ASN staff, village officials and BPD members (wage earners) for PU. Programme figures of one
    date may overlap (the same workers counted by two offices), so the largest is the floor, not
    their sum."""
    cols = ["regency_code", "segment", "as_of", "floor_count", "source", "source_kind"]
    published = current(published)
    rows = published[
        (published["metric"] == "program_enrolled")
        & published["segment"].isin(["BPU", "PU"])
        & ((published["segment"] == "PU") | (published["group"] == "pekerja_rentan"))
    ]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    kind = rows["source_kind"] if "source_kind" in rows else pd.Series("published", index=rows.index)
    rows = rows.assign(
        source_kind=kind,
        source=kind.map(FLOOR_PREFIX).fillna("published programme figure: ") + _label(rows),
    )
    latest_date = rows.groupby(["regency_code", "segment"])["as_of"].transform("max")
    rows = rows[rows["as_of"] == latest_date]
    best = (
        rows.sort_values(["regency_code", "segment", "value"], kind="stable")
        .groupby(["regency_code", "segment"])
        .tail(1)
    )
    return best.rename(columns={"value": "floor_count"})[cols].reset_index(drop=True)


def own_counts(published: pd.DataFrame) -> pd.DataFrame:
    """Per regency and metric (rentan_count, potential): the latest count the regency or BPJS
    stated, with its source."""
    rows = published[published["metric"].isin(["rentan_count", "potential"])]
    if rows.empty:
        return pd.DataFrame(columns=["regency_code", "metric", "as_of", "value", "source"])
    rows = rows.assign(source=_label(rows)).sort_values(["regency_code", "metric", "as_of"], kind="stable")
    return (
        rows.groupby(["regency_code", "metric"])
        .tail(1)[["regency_code", "metric", "as_of", "value", "source"]]
        .reset_index(drop=True)
    )


HISTORY_COLUMNS = [
    "regency_code",
    "as_of",
    "metric",
    "segment",
    "group",
    "funder",
    "value",
    "unit",
    "denominator_value",
    "denominator_definition",
    "source_kind",
    "source",
    "quote",
    "url",
    "confidence",
    "superseded_by",
    "resolution",
    "conflict",
]


def history(published: pd.DataFrame, reported_all: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every dated figure of every regency (published, and the user's reported rows), oldest first."""
    parts = []
    if not published.empty:
        kind = published["source_kind"] if "source_kind" in published else "published"
        pub = published.assign(source_kind=kind, source=_label(published))
        if "superseded_by" not in pub:
            pub["superseded_by"] = pd.NA
        pub["superseded_by"] = pub["superseded_by"].astype("Int64")
        pub["conflict"] = pub.get("conflict", pd.Series(False, index=pub.index)).fillna(False).astype(bool)
        pub["resolution"] = pub.get("resolution", pd.Series("", index=pub.index)).fillna("").astype(str)
        parts.append(pub[HISTORY_COLUMNS])
    if reported_all is not None and not reported_all.empty:
        rep = pd.DataFrame(
            {
                "regency_code": reported_all["regency_code"],
                "as_of": reported_all["as_of"],
                "metric": "active",
                "segment": reported_all["segment"],
                "group": pd.NA,
                "funder": pd.NA,
                "value": reported_all["active_count"].astype(float),
                "unit": "persons",
                "denominator_value": np.nan,
                "denominator_definition": pd.NA,
                "source_kind": "reported",
                "source": reported_all["source"],
                "quote": pd.NA,
                "url": pd.NA,
                "confidence": "A",
                "superseded_by": pd.array([pd.NA] * len(reported_all), dtype="Int64"),
                "resolution": "",
                "conflict": False,
            }
        )
        parts.append(rep[HISTORY_COLUMNS])
    if not parts:
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    for col in ("group", "funder", "denominator_definition", "quote", "url", "unit", "confidence", "source"):
        out[col] = out[col].astype("string")
    out["value"] = out["value"].astype("float64")
    out["denominator_value"] = out["denominator_value"].astype("float64")
    out["as_of"] = pd.to_datetime(out["as_of"]).astype("datetime64[ns]")
    return out.sort_values(
        ["regency_code", "as_of", "metric", "segment", "source_kind"], kind="stable"
    ).reset_index(drop=True)
