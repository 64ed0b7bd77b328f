"""Charts and maps of the briefs (matplotlib / geopandas), one function per chart.

Every function returns a matplotlib Figure; notebooks display it with
`ucj.brief.display.show_figure`. Styles are set here so briefs look alike.
"""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from ucj.brief import context, mapping

HIGHLIGHT = "#d1495b"
BASE = "#0b4f6c"
LIGHT = "#dfe7ec"
EDGE = "white"
CM = 1 / 2.54
TEXT_WIDTH_CM = 17.8


def new_figure(figsize: tuple[float, float]) -> Figure:
    """A figure outside pyplot's figure manager (no GUI or inline-backend bookkeeping)."""
    return Figure(figsize=figsize)


def apply_style() -> None:
    """Reset matplotlib to its defaults, then apply the brief style (idempotent)."""
    mpl.rcdefaults()
    mpl.rcParams.update({
        "font.family": "DejaVu Sans", "font.size": 8, "axes.titlesize": 9, "axes.titleweight": "bold",
        "axes.spines.top": False, "axes.spines.right": False, "axes.edgecolor": "#555555",
        "axes.grid": True, "grid.color": "#e6e6e6", "grid.linewidth": 0.6, "legend.frameon": False,
        "figure.dpi": 100, "savefig.dpi": 150,
        "svg.hashsalt": "ucj", "path.simplify": True,
    })


def locator_map(regency_code: str, province_code: str, title_country: str, title_province: str) -> Figure:
    """Two panels: Indonesia with the province highlighted; the province with the regency highlighted."""
    fig = new_figure((TEXT_WIDTH_CM * CM, 6.2 * CM))
    ax_nat, ax_prov = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.6, 1]})
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.9, wspace=0.05)
    provinces = mapping.paths_for("province")
    mapping.draw(ax_nat, provinces, {k: BASE if k == province_code else LIGHT for k in provinces},
                 edgecolor="none")
    mapping.draw(ax_nat, mapping.paths_for("regency", [regency_code]), HIGHLIGHT, edgecolor="none", zorder=2)
    mapping.fit(ax_nat, provinces)
    ax_nat.set_title(title_country, loc="left")
    in_province = mapping.paths_for("regency", _province_members(province_code))
    mapping.draw(ax_prov, in_province, {k: HIGHLIGHT if k == regency_code else LIGHT for k in in_province})
    mapping.fit(ax_prov, in_province)
    ax_prov.set_title(title_province, loc="left")
    return fig


def _province_members(province_code: str) -> list[str]:
    master = context.read_table("regencies")
    return master.loc[master["province_code"] == province_code, "regency_code"].tolist()


SCENARIO_COLORS = ["#6c757d", "#0b4f6c", "#1d7874", "#2a9d8f", "#e9c46a", "#f4a261", "#d1495b", "#8d6a9f"]


def fan_small_multiples(projection: pd.DataFrame, scenario_ids: list[str], titles: dict[str, str],
                        threshold: float, targets: list[tuple[int, float, str]], ylabel: str) -> Figure:
    """One small panel per scenario: median coverage with 50% and 90% bands, threshold and targets.

    ``projection`` has one row per scenario × year with coverage_p05..p95 (0–1);
    ``targets`` are (year, share, label) points drawn on every panel.
    """
    n = len(scenario_ids)
    cols = 4 if n > 3 else n
    rows = -(-n // cols)
    fig = new_figure((TEXT_WIDTH_CM * CM, (4.3 * rows + 0.6) * CM))
    axes = fig.subplots(rows, cols, sharex=True, sharey=True, squeeze=False)
    fig.subplots_adjust(left=0.06, right=0.99, bottom=0.08, top=0.9, wspace=0.08, hspace=0.55)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    for i, (ax, sid) in enumerate(zip(axes.flat, scenario_ids)):
        rows_s = projection[projection["scenario"] == sid].sort_values("year")
        color = SCENARIO_COLORS[i % len(SCENARIO_COLORS)]
        years = rows_s["year"].to_numpy()
        ax.fill_between(years, rows_s["coverage_p05"] * 100, rows_s["coverage_p95"] * 100, color=color,
                        alpha=0.18, linewidth=0)
        ax.fill_between(years, rows_s["coverage_p25"] * 100, rows_s["coverage_p75"] * 100, color=color,
                        alpha=0.35, linewidth=0)
        ax.plot(years, rows_s["coverage_p50"] * 100, color=color, linewidth=1.4)
        ax.axhline(threshold * 100, color="#333333", linewidth=0.7, linestyle="--")
        for year, share, label in targets:
            ax.plot([year], [share * 100], marker="D", markersize=3.2, color="#333333", linestyle="none")
        ax.set_title(titles[sid], loc="left", fontsize=6.5, fontweight="bold")
        ax.set_ylim(0, 102)
        ax.set_xlim(years.min(), years.max())
        # Few fixed ticks: tick objects are most of matplotlib's drawing time here.
        ax.set_xticks([2025, 2035, 2045])
        ax.set_yticks([0, 50, 100])
        ax.tick_params(labelsize=6.5, length=2)
        if i % cols == 0:
            ax.set_ylabel(ylabel, fontsize=7)
    return fig


def position_figure(values: dict[str, float], regency_code: str, province_members: list[str],
                    title: str, legend_label: str,
                    strips: list[tuple[str, list[float], float, str]]) -> Figure:
    """Left: the province's regencies shaded by ``values`` (%), this regency outlined in red.
    Right: for each indicator, the spread of similar regencies (dots), the middle half (band),
    the median (line) and this regency (red dot).

    ``strips`` are (label, values of the comparison group, this regency's value, value text).
    """
    import numpy as np
    from matplotlib import colormaps
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    fig = new_figure((TEXT_WIDTH_CM * CM, 7.2 * CM))
    grid = fig.add_gridspec(max(1, len(strips)), 2, width_ratios=[1.15, 1], left=0.01, right=0.98,
                            bottom=0.1, top=0.92, wspace=0.12, hspace=0.9)
    ax = fig.add_subplot(grid[:, 0])
    shapes = mapping.paths_for("regency", province_members)
    known = {k: v for k, v in values.items() if k in shapes and v == v}
    if known:
        low, high = min(known.values()), max(known.values())
        if high - low < 1:
            low, high = low - 0.5, high + 0.5
        norm = Normalize(vmin=low, vmax=high)
        cmap = colormaps["YlGnBu"]
        mapping.draw(ax, shapes, {k: cmap(norm(known[k])) if k in known else LIGHT for k in shapes},
                     edgecolor="white", linewidth=0.4)
        bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.75, pad=0.01,
                           location="bottom", aspect=30)
        bar.set_label(legend_label, fontsize=6.5)
        bar.ax.tick_params(labelsize=6)
    else:
        mapping.draw(ax, shapes, LIGHT)
    mapping.draw(ax, {regency_code: shapes[regency_code]}, "none", edgecolor=HIGHLIGHT, linewidth=1.4, zorder=3)
    mapping.fit(ax, shapes)
    ax.set_title(title, loc="left", fontsize=8)
    for row, (label, group, value, text) in enumerate(strips):
        sax = fig.add_subplot(grid[row, 1])
        group = np.asarray([g for g in group if g == g], dtype=float)
        q1, q2, q3 = np.percentile(group, [25, 50, 75])
        sax.axvspan(q1, q3, color="#d6e6ee", zorder=0)
        jitter = np.random.default_rng(0).uniform(-0.3, 0.3, len(group))
        sax.scatter(group, jitter, s=2.5, color="#7a8f99", linewidths=0, zorder=1)
        sax.axvline(q2, color=BASE, linewidth=0.9, zorder=2)
        sax.scatter([value], [0], s=30, color=HIGHLIGHT, zorder=3)
        sax.set_yticks([])
        sax.set_ylim(-0.7, 0.7)
        sax.grid(False)
        sax.spines["left"].set_visible(False)
        sax.tick_params(labelsize=6)
        sax.set_title(f"{label}: {text}", loc="left", fontsize=7, fontweight="normal")
    return fig
