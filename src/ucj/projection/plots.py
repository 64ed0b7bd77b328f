"""Figures of the coverage projection (matplotlib) for notebook 02.

Each function draws on an axis it is given (or creates one) and returns it, so a
notebook only arranges figures. (Fan charts of coverage are the briefs':
`ucj.brief.charts.fan_small_multiples`.)
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes


def uc_year_distribution(uc: pd.DataFrame, horizon: int, ax: Axes | None = None) -> Axes:
    """Stacked counts of regencies by median UC year band (five-year bands ending at the horizon),
    per scenario, and those not reaching it by the horizon."""
    ax = ax or plt.gca()
    bins = [(None, horizon - 16, f"by {horizon - 16}")] + [
        (
            lo,
            lo + 4 if lo + 4 < horizon else horizon,
            f"{lo}-{(lo + 4 if lo + 4 < horizon else horizon) % 100:02d}",
        )
        for lo in (horizon - 15, horizon - 10, horizon - 5)
    ]
    not_reached = f"not by {horizon}"
    order = list(dict.fromkeys(uc["scenario"]))
    counts = {}
    for scen in order:
        years = uc.loc[uc["scenario"] == scen, "uc_year_p50"]
        row = {}
        for lo, hi, label in bins:
            sel = years.notna() & (years <= hi) & ((years >= lo) if lo is not None else True)
            row[label] = int(sel.sum())
        row[not_reached] = int(years.isna().sum())
        counts[scen] = row
    table = pd.DataFrame(counts).T.loc[order]
    colors = ["#006d2c", "#31a354", "#74c476", "#bae4b3", "#d9d9d9"]
    left = np.zeros(len(table))
    for col, color in zip(table.columns, colors, strict=True):
        ax.barh(table.index, table[col], left=left, color=color, label=col)
        left += table[col].to_numpy()
    ax.invert_yaxis()
    ax.set_xlabel("regencies (median year universal coverage is reached)")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    return ax


def tornado_chart(tor: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Horizontal bars: horizon coverage with each assumption at its low and high value."""
    ax = ax or plt.gca()
    central = 100 * float(tor["coverage_central"].iloc[0])
    y = np.arange(len(tor))
    low = 100 * tor["coverage_at_low"].to_numpy()
    high = 100 * tor["coverage_at_high"].to_numpy()
    ax.barh(y, low - central, left=central, color="#fc9272", label="low value")
    ax.barh(y, high - central, left=central, color="#9ecae1", label="high value")
    ax.axvline(central, color="black", lw=1)
    ax.set_yticks(
        y,
        [
            f"{a} ({lo:g} / {hi:g})"
            for a, lo, hi in zip(
                tor["assumption"], tor["low_value"].round(4), tor["high_value"].round(4), strict=True
            )
        ],
    )
    ax.invert_yaxis()
    ax.set_xlabel("median coverage in the horizon year, %")
    ax.legend(fontsize=7)
    return ax
