"""Panels drawn on one Axes (ucj.brief.canvas): layout and coordinate properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure

from ucj.brief import canvas
from ucj.brief.display import figure_svg

pytestmark = pytest.mark.unit  # needs no processed data


@given(n=st.integers(1, 12), cols=st.integers(1, 5), wspace=st.floats(0, 1), hspace=st.floats(0, 1.5))
def test_grid_rects_stay_inside_and_never_overlap(n: int, cols: int, wspace: float, hspace: float) -> None:
    rects = canvas.grid_rects(
        n, cols, left=0.05, right=0.95, bottom=0.1, top=0.9, wspace=wspace, hspace=hspace
    )
    assert len(rects) == n
    for left, bottom, width, height in rects:
        assert width > 0 and height > 0
        assert left >= 0.05 - 1e-9 and left + width <= 0.95 + 1e-9
        assert bottom >= 0.1 - 1e-9 and bottom + height <= 0.9 + 1e-9
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            overlap_x = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
            overlap_y = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
            assert overlap_x <= 1e-9 or overlap_y <= 1e-9


def test_panel_maps_its_data_range_onto_its_rectangle() -> None:
    board = canvas.Canvas(Figure(figsize=(6, 3)))
    panel = board.panel((0.2, 0.1, 0.5, 0.4), xlim=(2024, 2045), ylim=(0, 102))
    assert np.allclose(panel.fx([2024, 2045]), [0.2, 0.7])
    assert np.allclose(panel.fy([0, 102]), [0.1, 0.5])
    display = panel.transform().transform([[2024, 0], [2045, 102]])
    expected = board.fig.transFigure.transform([[0.2, 0.1], [0.7, 0.5]])
    assert np.allclose(display, expected)


@pytest.mark.parametrize("extent", [(95, -11, 141, 6), (106, -7, 108, -6), (0, 0, 1, 10)])
def test_map_panel_keeps_equal_scale_and_fits_its_rectangle(extent) -> None:
    fig = Figure(figsize=(7, 2.5))
    board = canvas.Canvas(fig)
    rect = (0.05, 0.1, 0.5, 0.8)
    panel = board.map_panel(rect, extent)
    width_in, height_in = fig.get_size_inches()
    per_x = panel.width * width_in / (extent[2] - extent[0])
    per_y = panel.height * height_in / (extent[3] - extent[1])
    assert per_x == pytest.approx(per_y)  # one degree is as long across as up
    assert panel.left >= rect[0] - 1e-9 and panel.right <= rect[0] + rect[2] + 1e-9
    assert panel.bottom >= rect[1] - 1e-9 and panel.top <= rect[1] + rect[3] + 1e-9
    assert (panel.width == pytest.approx(rect[2])) or (panel.height == pytest.approx(rect[3]))


def test_empty_range_is_refused() -> None:
    board = canvas.Canvas(Figure())
    with pytest.raises(ValueError, match="empty panel range"):
        board.panel((0, 0, 1, 1), xlim=(1, 1), ylim=(0, 1))


def test_drawing_is_deterministic_and_collected_into_few_artists() -> None:
    def draw() -> tuple[bytes, int]:
        fig = Figure(figsize=(4, 2))
        board = canvas.Canvas(fig)
        for rect in canvas.grid_rects(6, 3, 0.05, 0.95, 0.1, 0.9, 0.1, 0.3):
            panel = board.panel(rect, (0, 10), (0, 1))
            panel.frame(grid_y=[0, 0.5, 1])
            panel.band([0, 5, 10], [0.1, 0.2, 0.3], [0.4, 0.5, 0.6], "C0", alpha=0.3)
            panel.line([0, 5, 10], [0.2, 0.3, 0.4], "C0")
            panel.markers([5], [0.9], "black", size=10, marker="D")
        board.finish()
        return figure_svg(fig), len(fig.artists) + len(fig.lines)

    first, n_artists = draw()
    assert draw()[0] == first
    assert n_artists <= 5  # six panels, a handful of artists (no Axes)
