"""The numbers of the summaries and the workbook: pure functions of the processed tables.

- `regency_frame`: one row per regency (master, latest informal estimate, coverage
  baseline by segment, gap).
- `area_totals`: sums by province (or for the nation) of the regency counts, with
  shares and coverage recomputed as ratios of sums.
- `uc_distribution`, `uc_reached_by_area`, `uc_wide`: universal-coverage years.
- `budget_by_year`, `scenario_costs`: premiums the scenarios' levers pay.

Counts and rupiah add up across regencies. Projection percentiles do not: a sum
of regency medians is labelled as such wherever it is shown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SEGMENTS = ("PU", "BPU", "Jakon", "all")
INFORMAL_COLUMNS = (
    "employed_count",
    "informal_count",
    "informal_count_p05",
    "informal_count_p95",
    "informal_share",
    "informal_share_p05",
    "informal_share_p95",
    "informal_cv",
    "is_high_cv",
    "estimate_method",
)
GAP_COLUMNS = ("gap_workers_now", "gap_cost_idr_per_year", "gap_cost_per_village_idr")
SUM_COLUMNS = (
    "desa_count",
    "kelurahan_count",
    "population_count",
    "employed_count",
    "informal_count",
    "informal_count_p05",
    "informal_count_p95",
    "active_pu_count",
    "active_bpu_count",
    "active_jakon_count",
    "active_all_count",
    "baseline_employed_count",
    "baseline_informal_count",
    "gap_workers_now",
    "gap_cost_idr_per_year",
)


def uc_bins(horizon: int) -> tuple[tuple[int | None, int], ...]:
    """Four five-year bands ending at the horizon (the first open below): e.g. ≤2030, 2031–2035,
    2036–2040, 2041–2045 for a 2045 horizon."""
    return (
        (None, horizon - 15),
        (horizon - 14, horizon - 10),
        (horizon - 9, horizon - 5),
        (horizon - 4, horizon),
    )


def scenario_order(uc: pd.DataFrame) -> list[str]:
    """Scenario ids in the order of config/scenarios.yml (the table's own order)."""
    return uc["scenario"].drop_duplicates().tolist()


def latest_informal(informal: pd.DataFrame | None) -> tuple[pd.DataFrame | None, int | None]:
    """The rows of the latest estimated year, and that year."""
    if informal is None or informal.empty:
        return None, None
    year = int(informal["year"].max())
    return informal[informal["year"] == year].reset_index(drop=True), year


def regency_frame(
    master: pd.DataFrame,
    informal: pd.DataFrame | None,
    baseline: pd.DataFrame | None,
    uc: pd.DataFrame | None,
) -> pd.DataFrame:
    """One row per regency of ``master`` with its informal estimate, baseline and gap (NaN where missing).

    Informal columns are the latest estimated year (``informal_year``); baseline
    columns are per segment (``active_<segment>_count``) plus the BPU row's date,
    status and denominators; gap columns are the same for every scenario of the
    universal-coverage table and taken from its first scenario.
    """
    out = master[
        [
            "regency_code",
            "regency_name",
            "kind",
            "province_code",
            "province_name",
            "desa_count",
            "kelurahan_count",
            "population_count",
        ]
    ].copy()
    out = out.sort_values("regency_code", kind="stable").reset_index(drop=True)
    latest, year = latest_informal(informal)
    out["informal_year"] = pd.array([year] * len(out), dtype="Int64")
    if latest is not None:
        out = out.merge(
            latest[["regency_code", *INFORMAL_COLUMNS]], on="regency_code", how="left", validate="one_to_one"
        )
    else:
        for col in INFORMAL_COLUMNS:
            out[col] = np.nan
    if baseline is not None and not baseline.empty:
        active = baseline.pivot(index="regency_code", columns="segment", values="active_count")
        for seg in SEGMENTS:
            out[f"active_{seg.lower()}_count"] = (
                out["regency_code"].map(active[seg]) if seg in active else np.nan
            )
        bpu = baseline[baseline["segment"] == "BPU"].set_index("regency_code")
        allseg = baseline[baseline["segment"] == "all"].set_index("regency_code")
        out["baseline_as_of"] = out["regency_code"].map(bpu["as_of"])
        out["is_modelled"] = out["regency_code"].map(bpu["is_modelled"]).astype("boolean")
        out["baseline_source"] = out["regency_code"].map(bpu["source"])
        out["baseline_workforce_year"] = out["regency_code"].map(bpu["workforce_year"]).astype("Int64")
        out["baseline_employed_count"] = out["regency_code"].map(bpu["employed_count"])
        out["baseline_informal_count"] = out["regency_code"].map(bpu["informal_count"])
        out["bpu_coverage_of_informal"] = out["regency_code"].map(bpu["coverage_of_informal"])
        out["all_coverage_of_employed"] = out["regency_code"].map(allseg["coverage_of_employed"])
    else:
        for seg in SEGMENTS:
            out[f"active_{seg.lower()}_count"] = np.nan
        for col in (
            "baseline_as_of",
            "baseline_source",
            "baseline_employed_count",
            "baseline_informal_count",
            "bpu_coverage_of_informal",
            "all_coverage_of_employed",
        ):
            out[col] = np.nan
        out["is_modelled"] = pd.array([pd.NA] * len(out), dtype="boolean")
        out["baseline_workforce_year"] = pd.array([pd.NA] * len(out), dtype="Int64")
    if uc is not None and not uc.empty:
        gap = uc.drop_duplicates("regency_code").set_index("regency_code")
        for col in GAP_COLUMNS:
            out[col] = out["regency_code"].map(gap[col])
    else:
        for col in GAP_COLUMNS:
            out[col] = np.nan
    return out


def area_totals(regencies: pd.DataFrame, by_province: bool = True) -> pd.DataFrame:
    """Sums of `regency_frame` counts by province (or one national row), with ratios of sums.

    A sum stays missing when every regency's value is missing. ``informal_count_p05``
    and ``_p95`` are sums of regency bounds (a wide bound of the total, not its
    interval). Shares and coverage are recomputed from the sums.
    """
    frame = regencies.copy()
    frame["regency_count"] = 1
    frame["kabupaten_count"] = (frame["kind"] == "kabupaten").astype(int)
    frame["kota_count"] = (frame["kind"] == "kota").astype(int)
    frame["modelled_count"] = frame["is_modelled"].fillna(False).astype(int)
    frame["reported_count"] = (~frame["is_modelled"].fillna(True)).astype(int)
    frame["high_cv_count"] = frame["is_high_cv"].astype("boolean").fillna(False).astype(int)
    counts = [
        "regency_count",
        "kabupaten_count",
        "kota_count",
        "modelled_count",
        "reported_count",
        "high_cv_count",
    ]
    if by_province:
        keys = ["province_code", "province_name"]
        grouped = frame.groupby(keys, sort=True)
        out = grouped[counts].sum().join(grouped[list(SUM_COLUMNS)].sum(min_count=1)).reset_index()
    else:
        out = pd.DataFrame(
            [
                {
                    **{c: int(frame[c].sum()) for c in counts},
                    **{c: frame[c].sum(min_count=1) for c in SUM_COLUMNS},
                }
            ]
        )
    out["informal_share"] = out["informal_count"] / out["employed_count"]
    # coverage of residents, never above 100% (counts stay whole: `ucj.projection.carry.cap_at_residents`)
    out["bpu_coverage_of_informal"] = (out["active_bpu_count"] / out["baseline_informal_count"]).clip(
        upper=1.0
    )
    out["all_coverage_of_employed"] = (out["active_all_count"] / out["baseline_employed_count"]).clip(
        upper=1.0
    )
    return out


def national_from_provinces(provinces: pd.DataFrame) -> pd.DataFrame:
    """One national row summed from the province rows of `area_totals` (ratios recomputed)."""
    numeric = [
        c
        for c in provinces.columns
        if c not in ("province_code", "province_name")
        and c not in ("informal_share", "bpu_coverage_of_informal", "all_coverage_of_employed")
    ]
    out = pd.DataFrame([{c: provinces[c].sum(min_count=1) for c in numeric}])
    out["informal_share"] = out["informal_count"] / out["employed_count"]
    # coverage of residents, never above 100% (counts stay whole: `ucj.projection.carry.cap_at_residents`)
    out["bpu_coverage_of_informal"] = (out["active_bpu_count"] / out["baseline_informal_count"]).clip(
        upper=1.0
    )
    out["all_coverage_of_employed"] = (out["active_all_count"] / out["baseline_employed_count"]).clip(
        upper=1.0
    )
    return out


def uc_bin_labels(horizon: int, not_by: str) -> list[str]:
    """Labels of the universal-coverage year bins: '≤2030', '2031–2035', ..., then ``not_by``."""
    labels = []
    for lo, hi in uc_bins(horizon):
        labels.append(f"≤{hi}" if lo is None else f"{lo}–{hi}")
    return labels + [not_by]


def uc_distribution(uc: pd.DataFrame, horizon: int) -> pd.DataFrame:
    """Per scenario: regencies reaching universal coverage by ``horizon`` (median year), and in which years.

    Columns: scenario, scenario_label, regency_count, reached_count, not_reached_count,
    median_year, earliest_year, latest_year (years of the regencies that reach it;
    NA when none does), and ``bin_<i>`` counts for `uc_bins` then ``bin_not``.
    """
    rows = []
    for sid in scenario_order(uc):
        part = uc[uc["scenario"] == sid]
        years = part["uc_year_p50"].dropna().astype(int)
        row = {
            "scenario": sid,
            "scenario_label": str(part["scenario_label"].iloc[0]),
            "regency_count": len(part),
            "reached_count": int(years.size),
            "not_reached_count": int(len(part) - years.size),
            "median_year": int(np.median(years)) if years.size else pd.NA,
            "earliest_year": int(years.min()) if years.size else pd.NA,
            "latest_year": int(years.max()) if years.size else pd.NA,
        }
        for i, (lo, hi) in enumerate(uc_bins(horizon)):
            row[f"bin_{i}"] = int(((years >= (lo or 0)) & (years <= hi)).sum())
        row["bin_not"] = row["not_reached_count"]
        rows.append(row)
    out = pd.DataFrame(rows)
    for col in ("median_year", "earliest_year", "latest_year"):
        out[col] = out[col].astype("Int64")
    return out


def uc_reached_by_area(uc: pd.DataFrame, master: pd.DataFrame) -> pd.DataFrame:
    """Province × scenario: number of regencies whose median year is within the horizon."""
    reached = uc.assign(reached=uc["uc_year_p50"].notna().astype(int))
    table = reached.pivot_table(
        index="province_code", columns="scenario", values="reached", aggfunc="sum", fill_value=0
    )
    order = scenario_order(uc)
    table = table.reindex(columns=order, fill_value=0)
    provinces = (
        master.drop_duplicates("province_code").set_index("province_code")["province_name"].sort_index()
    )
    table = table.reindex(provinces.index, fill_value=0)
    table.insert(0, "regency_count", master.groupby("province_code").size().reindex(provinces.index))
    table.insert(0, "province_name", provinces)
    return table.reset_index()


def uc_wide(uc: pd.DataFrame) -> pd.DataFrame:
    """Regency × scenario median universal-coverage year (NA = not by the horizon), scenarios in file
    order."""
    table = uc.pivot(index="regency_code", columns="scenario", values="uc_year_p50")
    return table.reindex(columns=scenario_order(uc)).sort_index()


def budget_by_year(projections: pd.DataFrame, order: list[str] | None = None) -> pd.DataFrame:
    """Scenario × year: premiums paid (Rp) and workers funded, summed over the regencies given.

    Costs are deterministic scenario quantities (not Monte Carlo percentiles), so
    their sums are totals. Years before a lever starts are NaN per regency and
    count as zero in the sum unless every regency is NaN.
    """
    grouped = projections.groupby(["scenario", "year"], sort=False)
    out = grouped[["cost_idr_total", "funded_workers_total"]].sum(min_count=1).reset_index()
    order = order or projections["scenario"].drop_duplicates().tolist()
    out["_order"] = out["scenario"].map({s: i for i, s in enumerate(order)})
    return out.sort_values(["_order", "year"]).drop(columns="_order").reset_index(drop=True)


def first_cost_year(budget: pd.DataFrame) -> int | None:
    """The first year in which any scenario pays premiums (None if none does)."""
    paying = budget.loc[budget["cost_idr_total"].fillna(0) > 0, "year"]
    return int(paying.min()) if not paying.empty else None


def scenario_costs(
    projections: pd.DataFrame, uc: pd.DataFrame, years: list[int], horizon: int
) -> pd.DataFrame:
    """Per scenario: premiums in ``years``, the total from the first paying year to ``horizon``,
    workers funded in the first paying year, regencies reaching universal coverage, and the
    sum of regency medians of active BPU members in ``horizon``.
    """
    order = scenario_order(uc)
    budget = budget_by_year(projections, order)
    first = first_cost_year(budget)
    labels = uc.drop_duplicates("scenario").set_index("scenario")["scenario_label"]
    reached = uc.groupby("scenario")["uc_year_p50"].apply(lambda s: int(s.notna().sum()))
    active = projections[projections["year"] == horizon].groupby("scenario")["active_p50"].sum(min_count=1)
    rows = []
    for sid in order:
        part = budget[budget["scenario"] == sid].set_index("year")
        row = {
            "scenario": sid,
            "scenario_label": labels[sid],
            "reached_count": int(reached.get(sid, 0)),
            "regency_count": int((uc["scenario"] == sid).sum()),
        }
        for year in years:
            row[f"cost_idr_{year}"] = float(part["cost_idr_total"].get(year, np.nan))
        if first is not None:
            span = part.loc[(part.index >= first) & (part.index <= horizon), "cost_idr_total"]
            row["cost_idr_cumulative"] = float(span.sum())
            row["funded_workers_first_year"] = float(part["funded_workers_total"].get(first, np.nan))
        else:
            row["cost_idr_cumulative"] = 0.0
            row["funded_workers_first_year"] = 0.0
        row["active_bpu_horizon_sum_of_medians"] = float(active.get(sid, np.nan))
        rows.append(row)
    return pd.DataFrame(rows)
