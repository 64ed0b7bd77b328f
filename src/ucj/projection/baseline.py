"""Coverage baseline: active participants per regency and segment at a stated date.

Numerator everywhere: **active** participants (premium paid), never registered ones.

Two sources, and reported always wins (per regency and segment):

- **Reported**: an optional user file ``<inputs>/reported_coverage.csv`` (see
  `REPORTED_COLUMNS`) where a BPJS branch or a Bappeda drops its own figures. It is
  validated: a line with an unknown regency code, a bad date, an unknown segment, a
  negative count or more active participants than the regency's employed workforce
  is reported with file, line and column. The latest date per regency and segment is used.
- **Modelled** (labelled ``is_modelled = True`` and ``source`` starting with
  "modelled"): BPJS Ketenagakerjaan publishes no regency figures, so the province
  totals of active participants (Dec 2023, 28 of 34 provinces,
  ``stats/province_bpjstk_participants_partial.csv``) are allocated:

  1. *Province × segment (PU, BPU, Jakon).* A seed table gives each province the
     national participation rate of each segment applied to its own workforce
     (PU: national PU ÷ national formal employed × the province's formal employed;
     BPU: national BPU ÷ national informal × its informal; Jakon: national Jakon ÷
     national employed × its employed). The seed is raked (iterative proportional
     fitting) so that rows add up to the published province totals and columns to
     the national segment totals of Dec 2023. The six provinces missing from the
     province table are raked as one block whose total is the national total less
     the 28 published provinces, then split by their seeds.
  2. *Regency.* Each province's PU is split over its regencies in proportion to
     estimated formal employment, BPU in proportion to estimated informal
     employment, Jakon in proportion to employment. Regencies therefore add up
     exactly to their province and to the national segment totals.

  The rule uses only published totals and the workforce estimates; nothing is
  fitted to regency coverage figures. Its known weaknesses: participants are
  counted where the employer registers them (DKI Jakarta's 7.5 M active exceed its
  workforce), Jakon records are project-based, and PMI (migrant workers) have no
  Dec 2023 figure, so the modelled baseline has no PMI row.

Denominators are stated beside each figure: employed, informal (BPS status
definition) and an optional user-supplied "potential" (``<inputs>/coverage_potential.csv``).
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
from ucj.projection.assumptions import Assumptions
from ucj.projection.workforce import workforce_at

SEGMENTS = ("PU", "BPU", "Jakon", "PMI")
MODELLED_SEGMENTS = ("PU", "BPU", "Jakon")
TOTAL = "all"
MODELLED_DATE = "2023-12-31"
PROVINCE_PERIOD = "2023-12"
MODELLED_SOURCE = ("modelled: Dec 2023 province totals of active participants (Kemnaker via SPN News) "
                   "and national segment totals, raked and allocated to regencies by estimated formal "
                   "(PU), informal (BPU) and total (Jakon) employment")

REPORTED_FILE = "reported_coverage.csv"
POTENTIAL_FILE = "coverage_potential.csv"

#: Schema of ``<inputs>/reported_coverage.csv`` (one row per regency, date and segment).
REPORTED_COLUMNS = {
    "regency_code": "Kemendagri 2025 regency code 'PP.RR' (e.g. 12.14); required",
    "date": "date the figure refers to, YYYY-MM-DD or YYYY-MM (end of month); required",
    "segment": "PU, BPU, Jakon, PMI or 'all' (every segment together); required",
    "active": "active participants (premium paid), persons, integer >= 0; required",
    "nonactive": "non-active participants, persons, integer >= 0; optional",
    "source": "who reported it and where (document, letter, dashboard); required",
}

#: Schema of ``<inputs>/coverage_potential.csv`` (a regency's own denominator).
POTENTIAL_COLUMNS = {
    "regency_code": "Kemendagri 2025 regency code 'PP.RR'; required",
    "potential": "the regency's own count of workers to cover ('potensi'), persons, > 0; required",
    "source": "document it comes from; required",
}

DATE_PATTERN = r"^\d{4}-\d{2}(-\d{2})?$"

REPORTED_SCHEMA = pa.DataFrameSchema({
    "regency_code": Column(str, Check.str_matches(schemas.KEMENDAGRI_REGENCY)),
    "date": Column(str, Check.str_matches(DATE_PATTERN)),
    "segment": Column(str, Check.isin(list(SEGMENTS) + [TOTAL])),
    "active": Column("int64", Check.ge(0), coerce=True),
    "nonactive": Column("Int64", Check.ge(0), coerce=True, nullable=True, required=False),
    "source": Column(str),
}, unique=["regency_code", "date", "segment"], strict=False, name=REPORTED_FILE)

POTENTIAL_SCHEMA = pa.DataFrameSchema({
    "regency_code": Column(str, Check.str_matches(schemas.KEMENDAGRI_REGENCY), unique=True),
    "potential": Column("float64", Check.gt(0), coerce=True),
    "source": Column(str),
}, strict=False, name=POTENTIAL_FILE)


def _parse_dates(df: pd.DataFrame, path: Path) -> pd.Series:
    """Parse ``date`` (YYYY-MM means the last day of that month); bad dates are located errors."""
    text = df["date"].where(df["date"].str.len() > 7, df["date"] + "-01")
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    bad = df.index[parsed.isna()]
    if len(bad):
        raise InputErrors([InputError(path, "not a valid date (YYYY-MM-DD or YYYY-MM)", row=line_of(i),
                                      column="date", value=df.at[i, "date"]) for i in bad])
    month_only = df["date"].str.len() <= 7
    return parsed.where(~month_only, parsed + pd.offsets.MonthEnd(0))


def read_reported(master: pd.DataFrame, workforce: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:
    """Read and validate the reported-coverage file; empty frame when there is none.

    Errors name file, line and column: unknown code, bad date, unknown segment,
    negative count, duplicated (regency, date, segment), and active participants
    above the regency's estimated employed workforce of that year.
    """
    path = path or paths.inputs_dir() / REPORTED_FILE
    cols = ["regency_code", "as_of", "segment", "active_count", "nonactive_count", "source"]
    if not path.is_file():
        return pd.DataFrame(columns=cols)
    df = read_csv(path, REPORTED_SCHEMA)
    check_known_codes(df, "regency_code", master["regency_code"], path)
    df["as_of"] = _parse_dates(df, path)
    employed = {}
    for year in sorted(df["as_of"].dt.year.unique()):
        at = workforce_at(workforce, int(year)).set_index("regency_code")["employed_count"]
        employed[int(year)] = at
    limit = np.array([employed[int(y)].get(c, np.inf) for c, y in zip(df["regency_code"], df["as_of"].dt.year,
                                                                         strict=True)])
    over = df.index[df["active"].to_numpy() > limit]
    if len(over):
        raise InputErrors([InputError(
            path, f"active participants exceed the regency's estimated employed workforce "
                  f"({limit[df.index.get_loc(i)]:,.0f}); check the figure or its regency code",
            row=line_of(i), column="active", value=int(df.at[i, "active"])) for i in over])
    if "nonactive" not in df.columns:
        df["nonactive"] = pd.NA
    df = df.rename(columns={"active": "active_count", "nonactive": "nonactive_count"})
    df["active_count"] = df["active_count"].astype("float64")
    df["nonactive_count"] = df["nonactive_count"].astype("Float64")
    latest = df.sort_values("as_of").groupby(["regency_code", "segment"]).tail(1)
    return latest[cols].sort_values(["regency_code", "segment"]).reset_index(drop=True)


def read_potential(master: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:
    """Read the optional user-supplied 'potential' denominator (empty frame when absent)."""
    path = path or paths.inputs_dir() / POTENTIAL_FILE
    if not path.is_file():
        return pd.DataFrame(columns=["regency_code", "potential_count", "potential_source"])
    df = read_csv(path, POTENTIAL_SCHEMA)
    check_known_codes(df, "regency_code", master["regency_code"], path)
    return df.rename(columns={"potential": "potential_count", "source": "potential_source"})[
        ["regency_code", "potential_count", "potential_source"]]


def read_province_totals() -> pd.DataFrame:
    """Province totals of active participants, Dec 2023 (BPS 2020 province codes)."""
    df = read_csv(paths.raw("stats", "province_bpjstk_participants_partial.csv"), schemas.BPJSTK_PROVINCE)
    df = df[(df["period"] == PROVINCE_PERIOD) & (df["bps_prov_code_2020"] != "00")]
    return df[["bps_prov_code_2020", "active"]].rename(
        columns={"bps_prov_code_2020": "bps_province_code_2020", "active": "active_total"}).reset_index(drop=True)


def national_segment_totals(assumptions: Assumptions, date: str = PROVINCE_PERIOD) -> dict[str, float]:
    """National active participants (persons) by segment at ``date`` (PU, BPU, Jakon, all)."""
    nat = assumptions.national_active
    rows = nat[nat["date"] == date].set_index("segment")["active_million"]
    return {seg: float(rows[seg]) * 1e6 for seg in (*MODELLED_SEGMENTS, TOTAL) if seg in rows.index}


def rake(seed: np.ndarray, row_totals: np.ndarray, col_totals: np.ndarray, tol: float = 1e-10,
         max_iter: int = 10_000) -> np.ndarray:
    """Iterative proportional fitting of a non-negative ``seed`` to row and column totals.

    The column totals are rescaled to the row grand total first (they differ only by
    rounding of the published figures), so the fit is always feasible for a positive seed.
    """
    table = seed.astype(float).copy()
    cols = col_totals * row_totals.sum() / col_totals.sum()
    for _ in range(max_iter):
        table *= (row_totals / np.where(table.sum(axis=1) > 0, table.sum(axis=1), 1))[:, None]
        col_sum = table.sum(axis=0)
        table *= (cols / np.where(col_sum > 0, col_sum, 1))[None, :]
        if np.allclose(table.sum(axis=1), row_totals, rtol=tol, atol=0):
            break
    return table


def allocate_modelled(master: pd.DataFrame, workforce_base: pd.DataFrame, province_totals: pd.DataFrame,
                      national: dict[str, float]) -> pd.DataFrame:
    """Allocate province totals to regency × segment (PU, BPU, Jakon); see module doc.

    ``workforce_base``: one row per regency with employed, informal and formal counts
    at the baseline date. Returns regency_code, segment, active_count (float, an
    expected value: not rounded so regencies add up exactly).
    """
    wf = master[["regency_code", "bps_province_code_2020"]].merge(
        workforce_base[["regency_code", "employed_count", "informal_count", "formal_count"]],
        on="regency_code", how="left", validate="one_to_one")
    if wf[["employed_count", "informal_count", "formal_count"]].isna().any().any():
        raise ValueError("modelled baseline: a regency has no workforce estimate")
    base_cols = {"PU": "formal_count", "BPU": "informal_count", "Jakon": "employed_count"}
    prov = wf.groupby("bps_province_code_2020", sort=True)[list(base_cols.values())].sum()
    nat_base = prov.sum()
    rates = np.array([national[s] / nat_base[base_cols[s]] for s in MODELLED_SEGMENTS])
    seed = prov[[base_cols[s] for s in MODELLED_SEGMENTS]].to_numpy() * rates[None, :]
    totals = province_totals.set_index("bps_province_code_2020")["active_total"]
    known = prov.index.isin(totals.index)
    col_totals = np.array([national[s] for s in MODELLED_SEGMENTS])
    known_sum = float(totals[prov.index[known]].sum())
    rest_total = col_totals.sum() - known_sum
    if rest_total < 0:
        raise ValueError("national segment totals are smaller than the published province totals")
    rows_seed = np.vstack([seed[known], seed[~known].sum(axis=0, keepdims=True)]) if (~known).any() \
        else seed[known]
    row_totals = np.append(totals[prov.index[known]].to_numpy(dtype=float), rest_total) if (~known).any() \
        else totals[prov.index[known]].to_numpy(dtype=float)
    fitted = rake(rows_seed, row_totals, col_totals)
    alloc = np.zeros_like(seed)
    alloc[known] = fitted[: known.sum()]
    if (~known).any():
        block = seed[~known]
        share = block / np.where(block.sum(axis=0) > 0, block.sum(axis=0), 1)[None, :]
        alloc[~known] = share * fitted[-1][None, :]
    prov_alloc = pd.DataFrame(alloc, index=prov.index, columns=list(MODELLED_SEGMENTS))
    rows = []
    for seg in MODELLED_SEGMENTS:
        col = base_cols[seg]
        weight = wf[col] / wf["bps_province_code_2020"].map(prov[col])
        rows.append(pd.DataFrame({"regency_code": wf["regency_code"], "segment": seg,
                                  "active_count": weight * wf["bps_province_code_2020"].map(prov_alloc[seg])}))
    out = pd.concat(rows, ignore_index=True)
    out["province_published"] = out["regency_code"].map(
        wf.set_index("regency_code")["bps_province_code_2020"].isin(totals.index))
    return out


def build_baseline(master: pd.DataFrame, workforce: pd.DataFrame, assumptions: Assumptions,
                   reported: pd.DataFrame | None = None, potential: pd.DataFrame | None = None,
                   base_year: int = 2023) -> pd.DataFrame:
    """Baseline table: regency × segment (PU, BPU, Jakon, [PMI], all) with denominators.

    Reported figures replace modelled ones segment by segment. The ``all`` row is the
    reported total when given, otherwise the sum of the segment rows (then
    ``is_modelled`` is true if any part is modelled and ``source`` lists both).
    """
    reported = reported if reported is not None else pd.DataFrame(
        columns=["regency_code", "as_of", "segment", "active_count", "nonactive_count", "source"])
    wf_base = workforce_at(workforce, base_year)
    modelled = allocate_modelled(master, wf_base, read_province_totals(), national_segment_totals(assumptions))
    modelled["as_of"] = pd.Timestamp(MODELLED_DATE)
    modelled["nonactive_count"] = pd.NA
    modelled["is_modelled"] = True
    modelled["source"] = np.where(modelled["province_published"], MODELLED_SOURCE,
                                  MODELLED_SOURCE + "; province not in the published table: share of the "
                                  "national remainder")
    modelled = modelled.drop(columns="province_published")
    rep = reported.copy()
    rep["is_modelled"] = False
    rep_seg = rep[rep["segment"] != TOTAL]
    keep = modelled.merge(rep_seg[["regency_code", "segment"]], how="left", indicator=True)
    parts = pd.concat([keep[keep["_merge"] == "left_only"].drop(columns="_merge"), rep_seg], ignore_index=True)
    # float64 whether or not there are reported rows (an empty reported frame makes the
    # concatenation 'object', summed in another floating-point order): a reported figure
    # for one regency must not move the 'all' rows of the others, even in the last bit.
    parts["active_count"] = parts["active_count"].astype("float64")
    totals = parts.groupby("regency_code", sort=True).agg(
        active_count=("active_count", "sum"), as_of=("as_of", "max"), is_modelled=("is_modelled", "any"),
        all_modelled=("is_modelled", "all"))
    totals["any_reported"] = ~totals.pop("all_modelled").astype(bool)
    totals["source"] = np.where(totals["is_modelled"] & totals["any_reported"],
                                "sum of segments: reported and modelled", np.where(
                                    totals["is_modelled"], "sum of segments: modelled",
                                    "sum of reported segments"))
    totals = totals.drop(columns="any_reported").reset_index()
    totals["segment"] = TOTAL
    totals["nonactive_count"] = pd.NA
    rep_total = rep[rep["segment"] == TOTAL]
    totals = pd.concat([totals[~totals["regency_code"].isin(rep_total["regency_code"])], rep_total],
                       ignore_index=True)
    out = pd.concat([parts, totals], ignore_index=True)
    out["nonactive_count"] = out["nonactive_count"].astype("Float64")
    out["active_count"] = out["active_count"].astype("float64")
    out["is_modelled"] = out["is_modelled"].astype(bool)
    out["as_of"] = pd.to_datetime(out["as_of"]).astype("datetime64[ns]")

    denominators = wf_base[["regency_code", "workforce_year", "employed_count", "informal_count",
                            "informal_count_p05", "informal_count_p95", "estimate_method"]].rename(
        columns={"estimate_method": "workforce_method"})
    out = out.merge(master[["regency_code", "province_code"]], on="regency_code", how="left")
    out = out.merge(denominators, on="regency_code", how="left")
    pot = potential if potential is not None and len(potential) else pd.DataFrame(
        columns=["regency_code", "potential_count", "potential_source"])
    out = out.merge(pot, on="regency_code", how="left")
    out["potential_count"] = out["potential_count"].astype("float64")
    out["numerator"] = "active participants"
    out["coverage_of_employed"] = out["active_count"] / out["employed_count"]
    out["coverage_of_informal"] = out["active_count"] / out["informal_count"]
    out["coverage_of_potential"] = out["active_count"] / out["potential_count"]
    out["exceeds_employed"] = out["active_count"] > out["employed_count"]
    order = {s: i for i, s in enumerate((*SEGMENTS, TOTAL))}
    out = out.sort_values(["regency_code", "segment"], key=lambda s: s.map(order) if s.name == "segment" else s)
    cols = ["regency_code", "province_code", "segment", "numerator", "active_count", "nonactive_count",
            "as_of", "source", "is_modelled", "employed_count", "informal_count", "informal_count_p05",
            "informal_count_p95", "potential_count", "potential_source", "workforce_year", "workforce_method",
            "coverage_of_employed", "coverage_of_informal", "coverage_of_potential", "exceeds_employed"]
    return out[cols].reset_index(drop=True)
