"""Costs: premiums paid per lever, the cost of reaching universal coverage, the gap now.

- Premiums paid by a lever in a year = funded workers × monthly premium × months
  funded (the commitment: what the regency or villages pay, whether or not every
  slot ends up active).
- Cost to reach universal coverage = the sum of all levers' premiums from the first
  projected year through the median year universal coverage is reached (NA when
  the median is "not by the horizon").
- Cost of closing the gap now = uncovered informal workers (informal workforce −
  BPU active at the baseline date, not below 0) × the annual premium of the
  minimum package (JKK+JKM, Rp16,800 × 12), and the same per *desa* (villages with
  Dana Desa; NA for regencies with none).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ucj.projection.scenarios import LEVER_TYPES, LeverFunding


def lever_cost_table(
    funding: list[LeverFunding], codes: list[str] | tuple[str, ...], years: list[int] | tuple[int, ...]
) -> pd.DataFrame:
    """Long table regency × year: funded workers and premiums per lever type and in total.

    Columns ``funded_workers_<type>`` / ``cost_idr_<type>`` for every lever type (0
    where the scenario has no such lever; several levers of one type are summed),
    then ``funded_workers_total`` and ``cost_idr_total``.
    """
    n_years, n_reg = len(years), len(codes)
    out = {
        "regency_code": np.tile(np.asarray(codes, dtype=object), n_years),
        "year": np.repeat(np.asarray(years, dtype="int64"), n_reg),
    }
    total_w = np.zeros((n_years, n_reg))
    total_c = np.zeros((n_years, n_reg))
    for kind in LEVER_TYPES:
        w = sum((f.workers for f in funding if f.type == kind), np.zeros((n_years, n_reg)))
        c = sum((f.cost_idr for f in funding if f.type == kind), np.zeros((n_years, n_reg)))
        out[f"funded_workers_{kind}"] = w.ravel()
        out[f"cost_idr_{kind}"] = c.ravel()
        total_w += w
        total_c += c
    out["funded_workers_total"] = total_w.ravel()
    out["cost_idr_total"] = total_c.ravel()
    return pd.DataFrame(out)


def cost_to_reach(
    cost_total: np.ndarray, years: list[int] | tuple[int, ...], uc_year: np.ndarray
) -> np.ndarray:
    """(R,) cumulative premiums through ``uc_year`` (NaN where it is NaN)."""
    yrs = np.asarray(years)[:, None]
    mask = yrs <= np.where(np.isnan(uc_year), -np.inf, uc_year)[None, :]
    spent = (cost_total * mask).sum(axis=0)
    return np.where(np.isnan(uc_year), np.nan, spent)


def gap_now(
    informal_count: np.ndarray, bpu_active: np.ndarray, desa_count: np.ndarray, annual_premium: float
) -> dict[str, np.ndarray]:
    """Uncovered informal workers now, their annual premium cost, and that cost per desa."""
    gap = np.maximum(np.asarray(informal_count, float) - np.asarray(bpu_active, float), 0.0)
    cost = gap * annual_premium
    desa = np.asarray(desa_count, float)
    per_village = np.where(desa > 0, cost / np.where(desa > 0, desa, 1), np.nan)
    return {"gap_workers_now": gap, "gap_cost_idr_per_year": cost, "gap_cost_per_village_idr": per_village}
