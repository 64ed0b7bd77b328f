"""Sensitivity of one regency's projection to the assumptions (for the notebook).

Each run reuses the context's draws (same seed) and changes one thing at a time, so
differences come from the assumption, not from Monte Carlo noise.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ucj.projection import montecarlo
from ucj.projection.assumptions import Range
from ucj.projection.pipeline import Context, simulate_scenario
from ucj.projection.scenarios import Scenario, with_lever_overrides


def _summary(
    ctx: Context,
    code: str,
    scenario: Scenario,
    lapse: float | None = None,
    take_up: float | None = None,
    growth: float | None = None,
) -> dict[str, float]:
    inputs = ctx.inputs.subset([code])
    assumptions = ctx.assumptions
    if growth is not None:
        factor = (1 + growth) / (1 + assumptions.labour_force_growth.central)
        last = int(ctx.workforce["year"].max())
        years = np.asarray(inputs.years)
        scale = factor ** np.clip(years - last, 0, None)
        inputs = replace(inputs, eligible_central=inputs.eligible_central * scale[:, None])
        assumptions = replace(assumptions, labour_force_growth=Range(growth, growth, growth, "override"))
    draws = montecarlo.override_draws(ctx.draws, lapse=lapse, take_up=take_up)
    # the engine's summary is all that is read here (`project_scenario` would tabulate it too)
    run = simulate_scenario(ctx, scenario, inputs=inputs, assumptions=assumptions, draws=draws)
    uc, coverage = run.summary.uc, run.summary.coverage
    year = uc["uc_year_p50"][0]
    return {
        "uc_year_p50": pd.NA if np.isnan(year) else int(year),
        "share_of_draws_reached": float(uc["share_of_draws_reached"][0]),
        "coverage_horizon_p50": float(coverage["p50"][-1][0]),
    }


def lapse_quota_grid(
    ctx: Context, code: str, scenario: Scenario, lapses: list[float], quotas: list[float]
) -> pd.DataFrame:
    """Median UC year and horizon coverage for every (lapse, quota) pair of a scenario with a
    village lever (quota replaces every village lever's quota, per-regency overrides included)."""
    rows = []
    for quota in quotas:
        scen = with_lever_overrides(scenario, quota=quota)
        for lapse in lapses:
            rows.append({"quota": quota, "lapse_rate": lapse, **_summary(ctx, code, scen, lapse=lapse)})
    return pd.DataFrame(rows)


def tornado(ctx: Context, code: str, scenario: Scenario) -> pd.DataFrame:
    """Horizon coverage (median) with each assumption at its low and high value, others central.

    Rows: lapse_rate, take_up, labour_force_growth (ranges of behaviour.csv) and, when the
    scenario has a village lever, its quota halved and doubled.
    """
    a = ctx.assumptions
    base = _summary(ctx, code, scenario)
    rows = []
    for name, rng, kw in [
        ("lapse_rate", a.lapse_rate, "lapse"),
        ("take_up", a.take_up, "take_up"),
        ("labour_force_growth", a.labour_force_growth, "growth"),
    ]:
        low = _summary(ctx, code, scenario, **{kw: rng.low})
        high = _summary(ctx, code, scenario, **{kw: rng.high})
        rows.append(
            {
                "assumption": name,
                "low_value": rng.low,
                "high_value": rng.high,
                "coverage_at_low": low["coverage_horizon_p50"],
                "coverage_at_high": high["coverage_horizon_p50"],
                "uc_year_at_low": low["uc_year_p50"],
                "uc_year_at_high": high["uc_year_p50"],
            }
        )
    quotas = [lv.params.get("quota") for lv in scenario.levers if lv.type == "village"]
    if quotas:
        q = float(quotas[0])
        low = _summary(ctx, code, with_lever_overrides(scenario, quota=q / 2))
        high = _summary(ctx, code, with_lever_overrides(scenario, quota=q * 2))
        rows.append(
            {
                "assumption": "village quota",
                "low_value": q / 2,
                "high_value": q * 2,
                "coverage_at_low": low["coverage_horizon_p50"],
                "coverage_at_high": high["coverage_horizon_p50"],
                "uc_year_at_low": low["uc_year_p50"],
                "uc_year_at_high": high["uc_year_p50"],
            }
        )
    out = pd.DataFrame(rows)
    out["coverage_central"] = base["coverage_horizon_p50"]
    out["uc_year_central"] = base["uc_year_p50"]
    out["swing"] = (out["coverage_at_high"] - out["coverage_at_low"]).abs()
    return out.sort_values("swing", ascending=False).reset_index(drop=True)
