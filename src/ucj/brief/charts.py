"""Charts and maps of the briefs (matplotlib / geopandas), one function per chart.

Every function returns a matplotlib Figure; notebooks display it with
`ucj.brief.display.show_figure`. Styles are set here so briefs look alike.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ucj.brief import canvas, context, mapping

HIGHLIGHT = "#d1495b"
BASE = "#0b4f6c"
LIGHT = "#dfe7ec"
CM = 1 / 2.54
TEXT_WIDTH_CM = 17.8


def new_figure(figsize: tuple[float, float]) -> Figure:
    """A figure outside pyplot's figure manager (no GUI or inline-backend bookkeeping)."""
    return Figure(figsize=figsize)


def apply_style() -> None:
    """Reset matplotlib to its defaults, then apply the brief style (idempotent)."""
    mpl.rcdefaults()
    mpl.rcParams.update(
        {
            "font.family": "DejaVu Sans",
            "font.size": 8,
            "axes.titlesize": 9,
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.edgecolor": "#555555",
            "axes.grid": True,
            "grid.color": "#e6e6e6",
            "grid.linewidth": 0.6,
            "legend.frameon": False,
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "path.simplify": True,
        }
    )


def locator_map(regency_code: str, province_code: str, title_country: str, title_province: str) -> Figure:
    """Two panels: Indonesia with the province highlighted; the province with the regency highlighted."""
    fig = new_figure((TEXT_WIDTH_CM * CM, 6.2 * CM))
    board = canvas.Canvas(fig)
    provinces = mapping.paths_for("province")
    national = board.map_panel((0.01, 0.02, 0.58, 0.84), mapping.bounds(provinces), anchor="NW")
    national.add_collection(
        mapping.collection(
            provinces, {k: BASE if k == province_code else LIGHT for k in provinces}, edgecolor="none"
        )
    )
    national.add_collection(
        mapping.collection(
            mapping.paths_for("regency", [regency_code]), HIGHLIGHT, edgecolor="none", zorder=2
        )
    )
    in_province = mapping.paths_for("regency", _province_members(province_code))
    local = board.map_panel((0.62, 0.02, 0.37, 0.84), mapping.bounds(in_province), anchor="NW")
    local.add_collection(
        mapping.collection(in_province, {k: HIGHLIGHT if k == regency_code else LIGHT for k in in_province})
    )
    board.text(0.01, 0.97, title_country, fontsize=9, fontweight="bold", va="top")
    board.text(0.62, 0.97, title_province, fontsize=9, fontweight="bold", va="top")
    return board.finish()


def _province_members(province_code: str) -> list[str]:
    master = context.read_table("regencies")
    return master.loc[master["province_code"] == province_code, "regency_code"].tolist()


SCENARIO_COLORS = [
    "#6c757d",
    "#a05a2c",
    "#0b4f6c",
    "#1d7874",
    "#2a9d8f",
    "#e9c46a",
    "#f4a261",
    "#d1495b",
    "#8d6a9f",
    "#3d5a80",
]


def scenario_colors(scenario_ids: list[str]) -> dict[str, str]:
    """One colour per scenario, by its position in the scenario file (the same in every brief and
    summary, whichever scenarios a brief leaves out)."""
    return {sid: SCENARIO_COLORS[i % len(SCENARIO_COLORS)] for i, sid in enumerate(scenario_ids)}


def fan_small_multiples(
    projection: pd.DataFrame,
    scenario_ids: list[str],
    titles: dict[str, str],
    threshold: float,
    targets: list[tuple[int, float, str]],
    ylabel: str,
    observed: list[tuple[float, float]] | None = None,
    colors: dict[str, str] | None = None,
) -> Figure:
    """One small panel per scenario: median coverage with 50% and 90% bands, threshold and targets.

    ``projection`` has one row per scenario × year with coverage_p05..p95 (0–1);
    ``targets`` are (year, share, label) points drawn on every panel; ``observed`` are
    (decimal year, share) figures already seen (published or reported), drawn as dots
    on every panel, the years extended back to the first of them. Panels are
    drawn on one Axes (`ucj.brief.canvas`), four to a row, sharing their scales.
    """
    n = len(scenario_ids)
    cols = 4 if n > 3 else max(n, 1)
    rows = -(-n // cols) if n else 1
    fig = new_figure((TEXT_WIDTH_CM * CM, (4.3 * rows + 0.6) * CM))
    board = canvas.Canvas(fig)
    rects = canvas.grid_rects(
        n, cols, left=0.06, right=0.985, bottom=0.08, top=0.86, wspace=0.1, hspace=0.75 if rows > 1 else 0.0
    )
    years_all = projection["year"].to_numpy()
    xlim = (int(years_all.min()), int(years_all.max())) if len(years_all) else (0, 1)  # nothing to draw
    observed = [(x, y) for x, y in (observed or []) if x <= xlim[1]]
    if observed:
        xlim = (min(xlim[0], int(min(x for x, _ in observed))), xlim[1])
    xticks = [y for y in (xlim[1] - 20, xlim[1] - 10, xlim[1]) if xlim[0] <= y <= xlim[1]]  # to the horizon
    yticks = [0, 50, 100]
    for i, (rect, sid) in enumerate(zip(rects, scenario_ids, strict=False)):
        panel = board.panel(rect, xlim=xlim, ylim=(0, 102))
        rows_s = projection[projection["scenario"] == sid].sort_values("year")
        color = (colors or {}).get(sid, SCENARIO_COLORS[i % len(SCENARIO_COLORS)])
        years = rows_s["year"].to_numpy()
        panel.frame(grid_y=yticks, grid_x=xticks)
        panel.band(years, rows_s["coverage_p05"] * 100, rows_s["coverage_p95"] * 100, color, alpha=0.18)
        panel.band(years, rows_s["coverage_p25"] * 100, rows_s["coverage_p75"] * 100, color, alpha=0.35)
        panel.line(years, rows_s["coverage_p50"] * 100, color, width=1.4, zorder=3)
        panel.hline(threshold * 100, "#333333", width=0.7, style="--", zorder=2)
        if targets:
            panel.markers(
                [year for year, _, _ in targets],
                [share * 100 for _, share, _ in targets],
                "#333333",
                size=10,
                marker="D",
                zorder=4,
            )
        if observed:
            panel.markers(
                [x for x, _ in observed],
                [min(y, 1.0) * 100 for _, y in observed],
                "#111111",
                size=9,
                marker="o",
                zorder=5,
            )
        panel.title(titles[sid])
        if i % cols == 0:
            panel.yticks(yticks)
        if i + cols >= n:  # no panel below: label the years
            panel.xticks(xticks, align_ends=True)
    if rects:
        first = rects[0]
        board.text(0.012, first[1] + first[3] / 2, ylabel, fontsize=7, rotation=90, ha="center", va="center")
    return board.finish()


def nice_ticks(low: float, high: float, bins: int = 5) -> list[float]:
    """Round tick values inside [low, high] (matplotlib's MaxNLocator rule)."""
    from matplotlib.ticker import MaxNLocator

    ticks = MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)
    return [float(t) for t in ticks if low - 1e-9 <= t <= high + 1e-9]


def _tick_label(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"


def position_figure(
    values: dict[str, float],
    regency_code: str,
    province_members: list[str],
    title: str,
    legend_label: str,
    strips: list[tuple[str, list[float], float, str]],
) -> Figure:
    """Left: the province's regencies shaded by ``values`` (%), this regency outlined in red.
    Right: for each indicator, the spread of similar regencies (dots), the middle half (band),
    the median (line) and this regency (red dot).

    ``strips`` are (label, values of the comparison group, this regency's value, value text).
    """
    import numpy as np
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    fig = new_figure((TEXT_WIDTH_CM * CM, 7.2 * CM))
    board = canvas.Canvas(fig)
    shapes = mapping.paths_for("regency", province_members)
    board.text(0.01, 0.97, title, fontsize=8, fontweight="bold", va="top")
    area = board.map_panel((0.01, 0.27, 0.5, 0.62), mapping.bounds(shapes), anchor="C")
    known = {k: v for k, v in values.items() if k in shapes and v == v}
    if known:
        low, high = min(known.values()), max(known.values())
        if high - low < 1:
            low, high = low - 0.5, high + 0.5
        norm = Normalize(vmin=low, vmax=high)
        cmap = colormaps["YlGnBu"]
        shaded = list(known)
        fills = dict(zip(shaded, map(tuple, cmap(norm(np.array([known[k] for k in shaded])))), strict=False))
        area.add_collection(
            mapping.collection(shapes, {k: fills.get(k, LIGHT) for k in shapes}, linewidth=0.4)
        )
        legend = board.panel((0.08, 0.16, 0.36, 0.035), xlim=(low, high), ylim=(0, 1))
        steps = np.linspace(low, high, 65)
        for a, b, color in zip(steps[:-1], steps[1:], cmap(norm((steps[:-1] + steps[1:]) / 2)), strict=False):
            legend.band([a, b], [0, 0], [1, 1], tuple(color), alpha=1.0)
        legend.line([low, high, high, low, low], [0, 0, 1, 1, 0], "#555555", width=0.5)
        legend.xticks(ticks := nice_ticks(low, high, 6), [_tick_label(v) for v in ticks], size=6)
        board.text(0.26, 0.065, legend_label, fontsize=6.5, ha="center", va="center")
    else:
        area.add_collection(mapping.collection(shapes, LIGHT))
    area.add_collection(
        mapping.collection(
            {regency_code: shapes[regency_code]}, "none", edgecolor=HIGHLIGHT, linewidth=1.4, zorder=3
        )
    )
    # Room for three strips, filled from the top: one or two strips keep the same height.
    rects = canvas.grid_rects(
        max(3, len(strips)), 1, left=0.57, right=0.975, bottom=0.1, top=0.84, wspace=0.0, hspace=1.0
    )
    for rect, (label, group, value, text) in zip(rects, strips, strict=False):
        group = np.asarray([g for g in group if g == g], dtype=float)
        span_low, span_high = min(group.min(), value), max(group.max(), value)
        margin = (span_high - span_low) * 0.04 or 1.0
        strip = board.panel(rect, xlim=(span_low - margin, span_high + margin), ylim=(-0.7, 0.7))
        q1, q2, q3 = np.percentile(group, [25, 50, 75])
        strip.span(q1, q3, "#d6e6ee")
        jitter = np.random.default_rng(0).uniform(-0.3, 0.3, len(group))
        strip.markers(group, jitter, "#7a8f99", size=2.5, zorder=1)
        strip.vline(q2, BASE, width=0.9, zorder=2)
        strip.markers([value], [0], HIGHLIGHT, size=30, zorder=5)
        strip.frame(left=False)
        strip.xticks(ticks := nice_ticks(*strip.xlim), [_tick_label(v) for v in ticks], size=6)
        strip.title(f"{label}: {text}", size=7, weight="normal", pad=0.02)
    return board.finish()


LEVER_COLORS = {0: "#0b4f6c", 1: "#2a9d8f", 2: "#e9c46a", 3: "#f4a261"}


def effort_bars(
    bars: list[tuple[str, str, float, float]], limit_pct: float, xlabel: str, limit_label: str
) -> Figure:
    """Annual cost of each lever as % of the regency's APBD, grouped by target: a bar for the median
    effort, a thin line to the effort reaching in 90% of simulations, and the reference limit.

    Drawn on one Axes (`ucj.brief.canvas`): the first target at the top, a legend row below."""
    targets = list(dict.fromkeys(b[0] for b in bars))
    levers = list(dict.fromkeys(b[1] for b in bars))
    height = 0.8 / max(len(levers), 1)
    fig = new_figure((TEXT_WIDTH_CM * CM, (2.0 + 1.25 * len(targets)) * CM))
    board = canvas.Canvas(fig)
    xmax = max([limit_pct * 1.3] + [b[3] * 1.08 for b in bars])
    ticks = nice_ticks(0, xmax, 8)
    panel = board.panel((0.3, 0.36, 0.66, 0.6), xlim=(0, xmax), ylim=(-0.5, len(targets) - 0.5))
    panel.frame(grid_x=ticks)
    for target_i, target in enumerate(targets):
        row = len(targets) - 1 - target_i  # first target on top
        for lever_i, lever in enumerate(levers):
            hit = [b for b in bars if b[0] == target and b[1] == lever]
            if not hit:
                continue
            _, _, median, p90 = hit[0]
            y = row - (lever_i - (len(levers) - 1) / 2) * height
            half = height * 0.45
            panel.band(
                [0, median], [y - half] * 2, [y + half] * 2, LEVER_COLORS[lever_i % 4], alpha=1.0, zorder=2
            )
            panel.line([median, p90], [y, y], "#333333", width=0.8, zorder=3)
        board.text(panel.left - 0.008, float(panel.fy(row)), target, fontsize=7, ha="right", va="center")
    panel.vline(limit_pct, HIGHLIGHT, width=0.9, style="--", zorder=4)
    board.text(
        float(panel.fx(limit_pct)), panel.top - 0.01, f" {limit_label}", color=HIGHLIGHT, fontsize=7, va="top"
    )
    panel.xticks(ticks, [f"{v:g}" for v in ticks], size=7)
    board.text(panel.left + panel.width / 2, panel.bottom - 0.11, xlabel, fontsize=7, ha="center", va="top")
    # Legend row: a swatch and a label per lever, centred under the panel (label widths estimated
    # from their length: DejaVu Sans averages about 0.55 em per character).
    fig_w, fig_h = fig.get_size_inches()
    half_h, half_w = 0.045 / fig_h, 0.045 / fig_w  # a square swatch of 0.09 inch
    widths = [(0.15 + len(lever) * 0.55 * 6.5 / 72 + 0.2) / fig_w for lever in levers]
    x = panel.left + panel.width * 0.4 - sum(widths) / 2
    y = 0.08
    for lever_i, (lever, width) in enumerate(zip(levers, widths, strict=False)):
        swatch = np.array(
            [[x, y - half_h], [x + 2 * half_w, y - half_h], [x + 2 * half_w, y + half_h], [x, y + half_h]]
        )
        board.add_poly(swatch, LEVER_COLORS[lever_i % 4])
        board.text(x + 2 * half_w + 0.006, y, lever, fontsize=6.5, va="center")
        x += width
    return board.finish()
