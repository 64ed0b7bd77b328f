"""Synthetic fixture tables shared by several test modules (seeded, so reproducible)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def synthetic_workforce(master: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    """An informal-workforce table with the columns of `ucj.informal` (seeded RNG)."""
    rng = np.random.default_rng(seed)
    frames = []
    for year in range(2018, 2025):
        employed = rng.uniform(2e4, 1.5e6, len(master))
        share = rng.uniform(0.3, 0.85, len(master))
        cv = rng.uniform(0.03, 0.3, len(master))
        frames.append(
            pd.DataFrame(
                {
                    "regency_code": master["regency_code"],
                    "province_code": master["province_code"],
                    "year": year,
                    "employed_count": employed,
                    "informal_count": employed * share,
                    "informal_count_p05": employed * share * (1 - 1.645 * cv),
                    "informal_count_p95": np.minimum(employed, employed * share * (1 + 1.645 * cv)),
                    "informal_share": share,
                    "informal_share_p05": share * (1 - 1.645 * cv),
                    "informal_share_p95": np.minimum(1, share * (1 + 1.645 * cv)),
                    "informal_cv": cv,
                    "formal_count": employed * (1 - share),
                    "estimate_method": "synthetic test fixture",
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
