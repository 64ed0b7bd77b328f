"""Charts and maps of the briefs (matplotlib / geopandas), one function per chart.

Every function returns a matplotlib Figure; notebooks display it with
`ucj.brief.display.show_figure`. Styles are set here so briefs look alike.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from ucj.brief import context, mapping

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
        "figure.dpi": 100, "savefig.dpi": 150,
        "svg.hashsalt": "ucj", "path.simplify": True,
    })


def locator_map(regency_code: str, province_code: str, title_country: str, title_province: str) -> Figure:
    """Two panels: Indonesia with the province highlighted; the province with the regency highlighted."""
    fig, (ax_nat, ax_prov) = plt.subplots(1, 2, figsize=(TEXT_WIDTH_CM * CM, 6.2 * CM),
                                          gridspec_kw={"width_ratios": [1.6, 1]}, layout="constrained")
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
