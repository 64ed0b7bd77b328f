"""Showing a matplotlib figure in an analysis notebook (01, 02), whatever the backend.

A notebook run by papermill draws with Agg, which displays nothing by itself: `show` puts the
figure into the notebook as a PNG (no software stamp, so equal runs give equal outputs) and closes
it. Report figures (briefs, summaries) are SVG and shown by `ucj.brief.display.show_figure`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def show(fig: Figure, dpi: int = 110, laid_out: bool = False) -> None:
    """Display ``fig`` as a PNG in a notebook whatever the matplotlib backend (Agg under
    papermill), then close it.

    The figure is cropped to what it draws (``bbox_inches="tight"``), which lays out all its text
    once more before drawing; with ``laid_out`` the caller has fitted it already
    (``fig.tight_layout()``) and it is saved at its size, in one pass (a third less time a figure).
    The PNG is compressed at zlib's fastest level (15-20 ms less a figure than the default).
    """
    import io

    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    buf = io.BytesIO()
    crop = None if laid_out else "tight"
    fig.savefig(
        buf,
        format="png",
        dpi=dpi,
        bbox_inches=crop,
        metadata={"Software": None},
        pil_kwargs={"compress_level": 1},
    )
    plt.close(fig)
    display(Image(data=buf.getvalue()))


def warm_up() -> None:
    """Draw one small figure and throw it away, as SVG (the reports' charts) and as PNG (`show`),
    with regular and bold text and a log axis.

    A process's first figure pays once for loading the fonts and for building the mathtext parser
    (a log axis labels its ticks with mathtext): about half a second a report kernel spends in
    its warm-up instead of in its first report. Nothing drawn here is kept, and matplotlib's
    settings are left as they were (`matplotlib.rc_context`), so the reports' bytes do not change.
    """
    import io

    import matplotlib as mpl
    import matplotlib.pyplot as plt

    with mpl.rc_context({"axes.titleweight": "bold", "svg.fonttype": "none", "svg.hashsalt": "ucj"}):
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.loglog([1, 10, 100], [2, 30, 400], "o-", label="warm-up")
        ax.set_title("Warm-up: Rp1,000")
        ax.set_xlabel("x")
        ax.legend()
        fig.tight_layout()
        fig.savefig(io.BytesIO(), format="svg", metadata={"Date": None, "Creator": None})
        fig.savefig(io.BytesIO(), format="png", dpi=110, bbox_inches="tight")
        plt.close(fig)
