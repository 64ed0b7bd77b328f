"""Employed and informal workforce per regency and year: the projection's denominators.

The real source is the informal-workforce table written by `ucj.informal`
(``data/processed/informal_workforce.parquet``, one row per regency × year). When
that table does not exist yet, `provisional_workforce` builds a clearly labelled
provisional stand-in with the same columns: working-age population (Dukcapil
population × the province's SP2020 share aged 15+) × TPAK × (1 − TPT) for the
employed, times the province informal share (BPS status definition) of that year.
Its interval is deliberately wide (CV 25%, the threshold above which domain.md
says an estimate should be flagged) because a synthetic province-share estimate
has no error model. Every row says which method produced it (``estimate_method``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ucj import paths, schemas
from ucj.errors import InputError
from ucj.loaders import read_csv

INFORMAL_FILE = "informal_workforce.parquet"
REQUIRED = [
    "regency_code",
    "year",
    "employed_count",
    "informal_count",
    "informal_count_p05",
    "informal_count_p95",
    "estimate_method",
]
PROVISIONAL_METHOD = (
    "provisional (ucj.projection.workforce): province informal share x employed "
    "from Dukcapil population x SP2020 15+ share x TPAK x (1 - TPT); CV 25% assumed"
)
PROVISIONAL_CV = 0.25
Z90 = 1.6448536269514722  # standard normal 95th percentile


def read_workforce(master: pd.DataFrame) -> pd.DataFrame:
    """The informal-workforce table if it exists (validated), else the provisional estimate.

    Returns one row per regency × year with ``regency_code``, ``year``,
    ``employed_count``, ``informal_count`` (+ ``_p05``/``_p95``), ``formal_count``,
    ``estimate_method`` and ``is_provisional``.
    """
    path = paths.processed(INFORMAL_FILE)
    if not path.is_file():
        return provisional_workforce(master)
    df = pd.read_parquet(path)
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise InputError(path, f"missing column(s): {', '.join(missing)}", column=missing[0])
    unknown = sorted(set(df["regency_code"]) - set(master["regency_code"]))
    if unknown:
        raise InputError(path, "unknown regency code", column="regency_code", value=unknown[0])
    absent = sorted(set(master["regency_code"]) - set(df["regency_code"]))
    if absent:
        raise InputError(
            path, f"{len(absent)} regencies have no rows", column="regency_code", value=absent[0]
        )
    for col in ["employed_count", "informal_count", "informal_count_p05", "informal_count_p95"]:
        bad = df[~(pd.to_numeric(df[col], errors="coerce") >= 0)]
        if len(bad):
            raise InputError(path, "count must be a number >= 0", column=col, value=bad[col].iloc[0])
    out = df.copy()
    out["year"] = out["year"].astype("int64")
    if "formal_count" not in out.columns:
        out["formal_count"] = out["employed_count"] - out["informal_count"]
    out["is_provisional"] = False
    return out.sort_values(["regency_code", "year"]).reset_index(drop=True)


def _province_share_15plus() -> pd.Series:
    df = read_csv(paths.raw("stats", "province_population_15plus_sp2020.csv"))
    df = df[df["sex"] == "total"]
    share = pd.to_numeric(df["pop_15plus"]) / pd.to_numeric(df["pop_total"])
    return pd.Series(share.to_numpy(), index=df["bps_prov_code_2020"].to_numpy())


def _province_informal_share(years: list[int]) -> pd.DataFrame:
    """Province informal share (0-1) per year; a missing year takes the nearest earlier year
    (else the nearest later one)."""
    df = read_csv(
        paths.raw("stats", "province_informal_share_2015_2024.csv"), schemas.PROVINCE_INFORMAL_SHARE
    )
    df = df[df["geography"] == "34prov"].dropna(subset=["bps_prov_code_2020"])
    rows = []
    for code, grp in df.groupby("bps_prov_code_2020"):
        by_year = grp.set_index("year")["informal_pct_derived"].sort_index()
        for year in years:
            earlier = by_year[by_year.index <= year]
            value = earlier.iloc[-1] if len(earlier) else by_year.iloc[0]
            rows.append((code, year, value / 100.0))
    return pd.DataFrame(rows, columns=["bps_province_code_2020", "year", "informal_share"])


def provisional_workforce(master: pd.DataFrame, years: list[int] | None = None) -> pd.DataFrame:
    """Provisional workforce (same columns as the informal-workforce table); see module doc."""
    years = years or list(range(2018, 2025))
    share15 = _province_share_15plus()
    base = master[
        ["regency_code", "province_code", "bps_province_code_2020", "population_count", "tpak_pct", "tpt_pct"]
    ].copy()
    working_age = base["population_count"] * base["bps_province_code_2020"].map(share15).to_numpy()
    base["employed_count"] = working_age * base["tpak_pct"] / 100 * (1 - base["tpt_pct"] / 100)
    shares = _province_informal_share(years)
    out = base.merge(shares, on="bps_province_code_2020", how="left", validate="many_to_many")
    if out["informal_share"].isna().any():
        raise ValueError("provisional workforce: a province has no informal share")
    out["informal_count"] = out["employed_count"] * out["informal_share"]
    half = Z90 * PROVISIONAL_CV
    out["informal_share_p05"] = np.clip(out["informal_share"] * (1 - half), 0, 1)
    out["informal_share_p95"] = np.clip(out["informal_share"] * (1 + half), 0, 1)
    out["informal_count_p05"] = out["employed_count"] * out["informal_share_p05"]
    out["informal_count_p95"] = out["employed_count"] * out["informal_share_p95"]
    out["informal_cv"] = PROVISIONAL_CV
    out["formal_count"] = out["employed_count"] - out["informal_count"]
    out["estimate_method"] = PROVISIONAL_METHOD
    out["is_provisional"] = True
    cols = [
        "regency_code",
        "province_code",
        "year",
        "employed_count",
        "informal_count",
        "informal_count_p05",
        "informal_count_p95",
        "informal_share",
        "informal_share_p05",
        "informal_share_p95",
        "informal_cv",
        "formal_count",
        "estimate_method",
        "is_provisional",
    ]
    return out[cols].sort_values(["regency_code", "year"]).reset_index(drop=True)


def workforce_at(workforce: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per regency: the workforce of ``year``, or of the latest year before it
    (the earliest year after it when none is earlier); ``workforce_year`` says which."""
    wf = workforce.sort_values(["regency_code", "year"])
    earlier = wf[wf["year"] <= year]
    pick = earlier.groupby("regency_code").tail(1)
    missing = sorted(set(wf["regency_code"]) - set(pick["regency_code"]))
    if missing:
        later = wf[wf["regency_code"].isin(missing)].groupby("regency_code").head(1)
        pick = pd.concat([pick, later])
    pick = pick.rename(columns={"year": "workforce_year"})
    return pick.sort_values("regency_code").reset_index(drop=True)
