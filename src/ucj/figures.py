"""Showing a matplotlib figure in an analysis notebook (01, 02), whatever the backend.

A notebook run by papermill draws with Agg, which displays nothing by itself: `show` puts the
figure into the notebook as a PNG (no software stamp, so equal runs give equal outputs) and closes
it. Report figures (briefs, summaries) are SVG and shown by `ucj.brief.display.show_figure`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def show(fig: Figure, dpi: int = 110) -> None:
    """Display ``fig`` as a PNG in a notebook whatever the matplotlib backend (Agg under
    papermill), then close it."""
    import io

    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    display(Image(data=buf.getvalue()))
