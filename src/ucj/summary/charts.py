"""Charts and maps of the summaries (matplotlib), one function per figure; each returns a Figure.

Maps use the precomputed paths of `ucj.brief.mapping` (fast: no geopandas plotting);
the style is `ucj.brief.charts.apply_style`, so summaries look like the briefs.
Missing values are drawn light grey and named in the legend, never left blank.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import colormaps
from matplotlib.colors import BoundaryNorm
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ucj.brief import mapping
from ucj.brief.charts import CM, SCENARIO_COLORS, TEXT_WIDTH_CM

MISSING = "#d9d9d9"
BIN_COLORS = ["#0b4f6c", "#1d7874", "#2a9d8f", "#8ab17d", "#c9c9c9"]


def class_breaks(values: Sequence[float], classes: int = 6) -> np.ndarray:
    """Class edges at quantiles of ``values`` (equal counts per class), rounded to readable numbers.

    Edges are whole numbers when the values span 6 units or more, else one
    decimal; the first and last edges enclose every value.
    """
    arr = np.asarray([v for v in values if v == v], dtype=float)
    lo, hi = float(arr.min()), float(arr.max())
    decimals = 0 if hi - lo >= 6 else 1
    step = 10.0**-decimals
    if hi - lo < step:
        return np.array([lo - step, hi + step])
    wanted = min(classes, np.unique(arr).size)  # never more classes than distinct values
    edges = np.unique(np.round(np.quantile(arr, np.linspace(0, 1, wanted + 1)), decimals))
    if edges.size - 1 < min(3, wanted):  # values pile up on a few numbers: equal intervals instead
        edges = np.unique(np.round(np.linspace(lo, hi, max(wanted, 2) + 1), decimals))
    edges[0] = np.floor(lo / step) * step
    edges[-1] = np.ceil(hi / step) * step
    return np.unique(edges)


def _class_colors(shapes: Mapping[str, object], values: Mapping[str, float], cmap_name: str):
    """Colour per code in quantile classes of ``values`` (`MISSING` without a value) and the class scale
    (norm, cmap, edges), or None as the scale when no shape has a value."""
    known = {k: v for k, v in values.items() if k in shapes and v == v}
    if not known:
        return {k: MISSING for k in shapes}, None
    edges = class_breaks(list(known.values()))
    cmap = colormaps[cmap_name].resampled(max(len(edges) - 1, 1))
    norm = BoundaryNorm(edges, ncolors=cmap.N)
    codes = list(known)
    colors = dict(
        zip(codes, map(tuple, cmap(norm(np.array([known[k] for k in codes])))), strict=False)
    )  # all at once
    return {k: colors.get(k, MISSING) for k in shapes}, (norm, cmap, edges)


def _choropleth(
    ax, shapes: Mapping[str, object], values: Mapping[str, float], cmap_name: str, linewidth: float = 0.3
):
    """Fill ``shapes`` by ``values`` in quantile classes; codes without a value get `MISSING`.

    Returns (norm, cmap, edges) of the classes, or None when no shape has a value.
    """
    colors, scale = _class_colors(shapes, values, cmap_name)
    mapping.draw(ax, shapes, colors, linewidth=linewidth)
    return scale


def _bbox_area(extents: np.ndarray) -> float:
    """Area of the box around every (x, y, width, height) row of ``extents``."""
    e = extents
    return float(((e[:, 0] + e[:, 2]).max() - e[:, 0].min()) * ((e[:, 1] + e[:, 3]).max() - e[:, 1].min()))


OUTLIER_AREA_RATIO = 4.0


def far_flung(shapes: Mapping[str, object]) -> list[str]:
    """Codes whose shapes stretch the map's extent: without one of them the bounding box shrinks more than
    `OUTLIER_AREA_RATIO` times (Kepulauan Seribu in DKI Jakarta). They are drawn in an inset instead."""
    if len(shapes) < 3:
        return []
    codes = list(shapes)
    extents = np.array([shapes[k].get_extents().bounds for k in codes])  # each shape's box, once
    full = _bbox_area(extents)
    return [
        k
        for i, k in enumerate(codes)
        if full > OUTLIER_AREA_RATIO * _bbox_area(np.delete(extents, i, axis=0))
    ]


def _colorbar(fig: Figure, rect: Sequence[float], scale, label: str, number: Callable[[float], str]) -> None:
    """A horizontal colour bar of the classes in its own axes at ``rect`` (figure fraction)."""
    norm, cmap, edges = scale
    cax = fig.add_axes(rect)
    bar = fig.colorbar(
        plt.cm.ScalarMappable(norm=norm, cmap=cmap),
        cax=cax,
        orientation="horizontal",
        spacing="uniform",
        ticks=edges,
    )
    decimals = 0 if all(float(e).is_integer() for e in edges) else 1
    bar.ax.set_xticklabels([number(float(e), decimals) for e in edges])
    bar.set_label(label, fontsize=6.8, labelpad=1)
    bar.ax.tick_params(labelsize=6.3, length=2, pad=1)
    bar.outline.set_linewidth(0.4)


def _missing_legend(fig: Figure, rect: Sequence[float], label: str) -> None:
    """A one-entry legend ('no data') in figure coordinates."""
    fig.legend(
        handles=[Patch(facecolor=MISSING, edgecolor="#999999", linewidth=0.3, label=label)],
        loc="lower left",
        bbox_to_anchor=rect,
        fontsize=6.5,
        handlelength=1.2,
        borderaxespad=0,
        frameon=False,
    )


FOOTNOTE_CHARS = 125  # characters per line of a full-width footnote at 6.3 pt
FOOTNOTE_LINE_CM = 0.3


def _footnote_lines(text: str, width_fraction: float = 1.0) -> list[str]:
    return textwrap.wrap(text, int(FOOTNOTE_CHARS * width_fraction)) if text else []


def _footnote(fig: Figure, lines: Sequence[str]) -> None:
    """The figure's source or 'estimate' / 'modelled' label, printed inside the image (never orphaned)."""
    if lines:
        fig.text(
            0.0,
            0.01,
            "\n".join(lines),
            fontsize=6.3,
            color="#555555",
            ha="left",
            va="bottom",
            linespacing=1.25,
        )


def _plain_number(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def national_map(
    values: Mapping[str, float],
    title: str,
    legend_label: str,
    missing_label: str,
    cmap_name: str = "YlGnBu",
    source: str = "",
    number: Callable[[float, int], str] = _plain_number,
    highlight: str | None = None,
) -> Figure:
    """All regencies shaded by ``values`` (%) in quantile classes, province borders over them, source below;
    the ``highlight`` regency outlined in red."""
    notes = _footnote_lines(source)
    foot = len(notes) * FOOTNOTE_LINE_CM + 0.15
    map_h, title_h, bar_h = 7.0, 0.55, 1.15
    height = foot + bar_h + map_h + title_h
    fig = plt.figure(figsize=(TEXT_WIDTH_CM * CM, height * CM))
    ax = fig.add_axes((0.0, (foot + bar_h) / height, 1.0, map_h / height))
    regencies = mapping.paths_for("regency_national")
    scale = _choropleth(ax, regencies, values, cmap_name, linewidth=0.1)
    provinces = mapping.paths_for("province")
    mapping.draw(ax, provinces, "none", edgecolor="#555555", linewidth=0.35, zorder=2)
    if highlight in regencies:
        mapping.draw(
            ax, {highlight: regencies[highlight]}, "none", edgecolor="#d1495b", linewidth=1.2, zorder=3
        )
    mapping.fit(ax, provinces, pad=0.005)
    fig.text(0.0, 1 - 0.1 / height, title, fontsize=9, fontweight="bold", ha="left", va="top")
    if scale is not None:
        _colorbar(fig, (0.25, (foot + 0.65) / height, 0.5, 0.3 / height), scale, legend_label, number)
    if any(not (values.get(k, np.nan) == values.get(k, np.nan)) for k in regencies):
        _missing_legend(fig, (0.8, (foot + 0.6) / height), missing_label)
    _footnote(fig, notes)
    return fig


def _inset(fig: Figure, rect: Sequence[float], code: str, shape, color, label: str) -> None:
    """Draw one far-flung regency in its own framed axes at ``rect`` (figure fraction), titled ``label``."""
    inset = fig.add_axes(rect)
    # small islands: a grey halo, then the fill colour as a thick outline, keep them visible at this scale
    mapping.draw(inset, {code: shape}, "#777777", edgecolor="#777777", linewidth=1.6)
    mapping.draw(inset, {code: shape}, {code: color}, edgecolor=color, linewidth=0.9, zorder=2)
    mapping.fit(inset, {code: shape}, pad=0.08)
    inset.set_axis_on()
    inset.set_xticks([])
    inset.set_yticks([])
    inset.grid(False)
    for spine in inset.spines.values():
        spine.set_visible(True)
        spine.set_linewidth(0.5)
        spine.set_color("#888888")
    inset.set_title(label, fontsize=6, loc="left", pad=2)


def province_maps(
    members: Sequence[str],
    panels: Sequence[tuple[str, Mapping[str, float], str, str, str]],
    source: str = "",
    number: Callable[[float, int], str] = _plain_number,
    inset_labels: Mapping[str, str] | None = None,
) -> Figure:
    """One map per panel of the province's regencies, side by side, source below.

    ``panels`` are (title, values by regency code, legend label, colour map, label
    for regencies without a value). Far-flung regencies (`far_flung`) are drawn in
    an inset labelled with ``inset_labels[code]``, so the rest is not shrunk.
    """
    inset_labels = inset_labels or {}
    shapes = mapping.paths_for("regency", members)
    insets = far_flung(shapes)
    main = {k: v for k, v in shapes.items() if k not in insets}
    n = len(panels)
    extents = np.array([p.get_extents().bounds for p in main.values()])
    width = (extents[:, 0] + extents[:, 2]).max() - extents[:, 0].min()
    height_deg = (extents[:, 1] + extents[:, 3]).max() - extents[:, 1].min()
    map_w = TEXT_WIDTH_CM / n - 0.4
    map_h = float(np.clip(map_w * height_deg / max(width, 1e-9), 4.0, 8.0))
    titles = [textwrap.wrap(p[0], int(95 / n)) for p in panels]
    title_h = 0.15 + 0.36 * max(len(x) for x in titles)
    notes = _footnote_lines(source)
    foot = len(notes) * FOOTNOTE_LINE_CM + 0.15
    bar_h = 1.15
    height = foot + bar_h + map_h + title_h
    fig = plt.figure(figsize=(TEXT_WIDTH_CM * CM, height * CM))
    for i, ((_, values, legend_label, cmap_name, missing_label), title) in enumerate(
        zip(panels, titles, strict=False)
    ):
        left = i / n
        bottom, width = (foot + bar_h) / height, 1 / n - 0.02
        side = 0.3 * width if insets else 0.0  # far-flung regencies get a column of insets at the left
        ax = fig.add_axes((left + 0.01 + side, bottom, width - side, map_h / height))
        colors, scale = _class_colors(shapes, values, cmap_name)
        mapping.draw(ax, main, colors, linewidth=0.4)
        mapping.fit(ax, main)
        slot_h = min(0.5, 1 / len(insets)) * map_h / height if insets else 0.0
        for j, code in enumerate(insets):
            _inset(
                fig,
                (left + 0.01, bottom + map_h / height - (j + 1) * slot_h, side - 0.01, slot_h * 0.85),
                code,
                shapes[code],
                colors[code],
                inset_labels.get(code, code),
            )
        fig.text(
            left,
            1 - 0.1 / height,
            "\n".join(title),
            fontsize=7.5,
            fontweight="bold",
            ha="left",
            va="top",
            linespacing=1.2,
        )
        if scale is not None:
            _colorbar(
                fig,
                (left + 0.04 / n, (foot + 0.65) / height, 0.68 / n, 0.3 / height),
                scale,
                legend_label,
                number,
            )
        if any(not (values.get(k, np.nan) == values.get(k, np.nan)) for k in shapes):
            _missing_legend(fig, (left + 0.76 / n, (foot + 0.6) / height), missing_label)
    _footnote(fig, notes)
    return fig


def uc_year_bars(
    labels: Sequence[str], counts: np.ndarray, bin_labels: Sequence[str], xlabel: str, source: str = ""
) -> Figure:
    """Horizontal stacked bars: per scenario, regencies by universal-coverage year bin (last = not reached).

    ``counts`` has one row per scenario and one column per bin.
    """
    n = len(labels)
    notes = _footnote_lines(source)
    foot = len(notes) * FOOTNOTE_LINE_CM + 0.15
    height_cm = foot + 1.0 + 0.55 * n + 0.75
    fig = plt.figure(figsize=(TEXT_WIDTH_CM * CM, height_cm * CM))
    ax = fig.add_axes((0.3, (foot + 0.9) / height_cm, 0.68, 0.55 * n / height_cm))
    y = np.arange(n)[::-1]
    left = np.zeros(n)
    colors = BIN_COLORS[: len(bin_labels) - 1] + [BIN_COLORS[-1]]
    total = max(int(counts.sum(axis=1).max()), 1)
    for j, label in enumerate(bin_labels):
        widths = counts[:, j]
        ax.barh(y, widths, left=left, color=colors[j], height=0.62, label=label, linewidth=0)
        for yi, lft, w in zip(y, left, widths, strict=False):
            if w >= total * 0.04:
                ax.text(
                    lft + w / 2,
                    yi,
                    str(int(w)),
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    color="white" if j < len(bin_labels) - 1 else "#333333",
                )
        left += widths
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_xlim(0, total)
    if total < 10:
        ax.set_xticks(range(total + 1))
    ax.set_xlabel(xlabel, fontsize=7, labelpad=1)
    ax.tick_params(axis="x", labelsize=6.5)
    ax.grid(axis="y", visible=False)
    ax.legend(
        ncols=len(bin_labels),
        loc="lower left",
        bbox_to_anchor=(-0.01, 1.0),
        fontsize=6.5,
        handlelength=1.2,
        columnspacing=1.0,
        borderaxespad=0.3,
    )
    _footnote(fig, notes)
    return fig


def budget_lines(
    series: Mapping[str, tuple[np.ndarray, np.ndarray]],
    ylabel: str,
    scale: float,
    colors: Mapping[str, str] | None = None,
    source: str = "",
) -> Figure:
    """Premiums per year by scenario (step lines), in units of ``scale`` rupiah, legend at the right."""
    notes = _footnote_lines(source)
    foot = len(notes) * FOOTNOTE_LINE_CM + 0.15
    height_cm = foot + 0.7 + 5.0 + 0.3
    fig = plt.figure(figsize=(TEXT_WIDTH_CM * CM, height_cm * CM))
    ax = fig.add_axes((0.08, (foot + 0.7) / height_cm, 0.6, 5.0 / height_cm))
    for i, (label, (years, values)) in enumerate(series.items()):
        color = (colors or {}).get(label, SCENARIO_COLORS[i % len(SCENARIO_COLORS)])
        ax.step(years, values / scale, where="post", color=color, linewidth=1.4, label=label)
    ax.set_ylabel(ylabel, fontsize=7)
    ax.set_ylim(bottom=0)
    first = min(int(years.min()) for years, _ in series.values())
    last = max(int(years.max()) for years, _ in series.values())
    ax.set_xticks(sorted({first, *range((first // 5 + 1) * 5, last + 1, 5)}))
    ax.tick_params(labelsize=6.5)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=6.5)
    _footnote(fig, notes)
    return fig


SCENARIO_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
