"""Charts and maps of the briefs (matplotlib / geopandas), one function per chart.

Every function returns a matplotlib Figure; notebooks display it with
`ucj.brief.display.show_figure`. Styles are set here so briefs look alike.
"""

from __future__ import annotations

import geopandas as gpd
import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

HIGHLIGHT = "#d1495b"
BASE = "#0b4f6c"
LIGHT = "#dfe7ec"
EDGE = "white"
CM = 1 / 2.54
TEXT_WIDTH_CM = 17.8


def apply_style() -> None:
    """Reset matplotlib to its defaults, then apply the brief style (idempotent)."""
    mpl.rcdefaults()
    mpl.rcParams.update({
        "font.family": "DejaVu Sans", "font.size": 8, "axes.titlesize": 9, "axes.titleweight": "bold",
        "axes.spines.top": False, "axes.spines.right": False, "axes.edgecolor": "#555555",
        "axes.grid": True, "grid.color": "#e6e6e6", "grid.linewidth": 0.6, "legend.frameon": False,
        "figure.dpi": 100, "savefig.dpi": 150, "savefig.bbox": "tight", "savefig.pad_inches": 0.05,
        "svg.hashsalt": "ucj", "path.simplify": True,
    })


def _map_axes(ax) -> None:
    ax.set_axis_off()
    ax.set_aspect("equal")


def locator_map(boundaries: gpd.GeoDataFrame, regency_code: str, province_code: str,
                title_country: str, title_province: str) -> Figure:
    """Two panels: Indonesia with the province highlighted; the province with the regency highlighted."""
    fig, (ax_nat, ax_prov) = plt.subplots(1, 2, figsize=(TEXT_WIDTH_CM * CM, 6.2 * CM),
                                          gridspec_kw={"width_ratios": [1.6, 1]})
    in_prov = boundaries["province_code"] == province_code
    boundaries.plot(ax=ax_nat, color=LIGHT, edgecolor="none")
    boundaries[in_prov].plot(ax=ax_nat, color=BASE, edgecolor="none")
    boundaries[boundaries["regency_code"] == regency_code].plot(ax=ax_nat, color=HIGHLIGHT, edgecolor="none")
    ax_nat.set_title(title_country, loc="left")
    _map_axes(ax_nat)
    prov = boundaries[in_prov]
    prov.plot(ax=ax_prov, color=LIGHT, edgecolor=EDGE, linewidth=0.4)
    prov[prov["regency_code"] == regency_code].plot(ax=ax_prov, color=HIGHLIGHT, edgecolor=EDGE, linewidth=0.4)
    ax_prov.set_title(title_province, loc="left")
    _map_axes(ax_prov)
    return fig
