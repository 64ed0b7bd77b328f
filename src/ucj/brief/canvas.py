"""Small multiples drawn straight on a matplotlib Figure: the cheap way to draw many small panels.

A matplotlib Axes costs about 25 ms to create and as much again to draw its
ticks, and a brief has a dozen of them (one per scenario, one per indicator
strip): most of a brief's execution time went there. Here no Axes is made at
all: artists are placed in figure coordinates (0–1 both ways), and each panel
is a rectangle of the figure with its own data ranges. Lines, bands, markers and frames of
all panels are collected and added as a few collections at the end, and only
the tick labels a reader needs are drawn as text.

Usage::

    canvas = Canvas(fig)
    panel = canvas.panel((0.1, 0.1, 0.3, 0.3), xlim=(2024, 2045), ylim=(0, 102))
    panel.band(x, low, high, color, alpha=0.2)
    panel.line(x, y, color)
    panel.yticks([0, 50, 100])
    canvas.finish()
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

GRID = "#e6e6e6"
SPINE = "#555555"
TICK_LABEL_SIZE = 6.5
TICK_PAD = 0.006  # figure fraction between an axis and its tick labels


class Canvas:
    """A figure that panels draw on in figure coordinates; `finish` adds the collected artists."""

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        self._polys: list[tuple[np.ndarray, tuple, int]] = []
        self._lines: list[tuple[np.ndarray, tuple, float, str, int]] = []
        self._markers: list[tuple[np.ndarray, np.ndarray, tuple, float, str, int]] = []

    def panel(
        self, rect: tuple[float, float, float, float], xlim: tuple[float, float], ylim: tuple[float, float]
    ) -> Panel:
        """A panel at ``rect`` = (left, bottom, width, height) in figure fraction."""
        return Panel(self, rect, xlim, ylim)

    def map_panel(
        self,
        rect: tuple[float, float, float, float],
        extent: tuple[float, float, float, float],
        anchor: str = "C",
    ) -> Panel:
        """A panel showing ``extent`` = (x0, y0, x1, y1) at the same scale on both axes (a map in
        longitude/latitude), as large as fits in ``rect``; ``anchor`` 'C' centres it, 'N' puts it
        at the top, 'W' at the left (as `Axes.set_anchor`)."""
        x0, y0, x1, y1 = extent
        fig_w, fig_h = self.fig.get_size_inches()
        left, bottom, width, height = rect
        scale = min(width * fig_w / (x1 - x0), height * fig_h / (y1 - y0))  # inches per unit
        w, h = (x1 - x0) * scale / fig_w, (y1 - y0) * scale / fig_h
        dx = 0.0 if "W" in anchor else (width - w) if "E" in anchor else (width - w) / 2
        dy = (height - h) if "N" in anchor else 0.0 if "S" in anchor else (height - h) / 2
        return Panel(self, (left + dx, bottom + dy, w, h), (x0, x1), (y0, y1))

    def text(self, x: float, y: float, text: str, **kwargs) -> None:
        """Text at figure-fraction coordinates (no clipping)."""
        self.fig.text(x, y, text, **kwargs)

    def add_artist(self, artist) -> None:
        """Add an artist whose coordinates are figure fractions unless it has its own transform."""
        if not artist.is_transform_set():
            artist.set_transform(self.fig.transFigure)
        artist.set_clip_on(False)
        self.fig.add_artist(artist)

    def add_poly(self, xy: np.ndarray, color, alpha: float = 1.0, zorder: int = 1) -> None:
        self._polys.append((xy, to_rgba(color, alpha), zorder))

    def add_line(
        self, xy: np.ndarray, color, width: float = 1.0, style: str = "solid", zorder: int = 2
    ) -> None:
        self._lines.append((xy, to_rgba(color), width, style, zorder))

    def add_markers(
        self, x: np.ndarray, y: np.ndarray, color, size: float, marker: str = "o", zorder: int = 3
    ) -> None:
        self._markers.append((np.atleast_1d(x), np.atleast_1d(y), to_rgba(color), size, marker, zorder))

    def finish(self) -> Figure:
        """Add everything drawn so far as one collection per (kind, z-order, line style)."""
        for zorder in sorted({z for *_, z in self._polys}):
            items = [(xy, c) for xy, c, z in self._polys if z == zorder]
            self.add_artist(
                PolyCollection(
                    [xy for xy, _ in items], facecolors=[c for _, c in items], linewidths=0, zorder=zorder
                )
            )
        for zorder, style in sorted({(z, s) for _, _, _, s, z in self._lines}):
            items = [(xy, c, w) for xy, c, w, s, z in self._lines if z == zorder and s == style]
            self.add_artist(
                LineCollection(
                    [xy for xy, _, _ in items],
                    colors=[c for _, c, _ in items],
                    linewidths=[w for *_, w in items],
                    linestyles=style,
                    zorder=zorder,
                    capstyle="butt",
                )
            )
        # Markers of one look are one Line2D without a line: drawn with the backends' marker
        # routine (the SVG backend defines the marker once and places it by reference), where a
        # scatter collection would write every dot out as its own path.
        looks = sorted({(z, m, c, s) for _, _, c, s, m, z in self._markers})
        for zorder, marker, color, size in looks:
            items = [
                (x, y) for x, y, c, s, m, z in self._markers if (z, m, c, s) == (zorder, marker, color, size)
            ]
            self.add_artist(
                Line2D(
                    np.concatenate([x for x, _ in items]),
                    np.concatenate([y for _, y in items]),
                    linestyle="none",
                    marker=marker,
                    markersize=size**0.5,
                    markerfacecolor=color,
                    markeredgewidth=0,
                    zorder=zorder,
                )
            )
        self._polys, self._lines, self._markers = [], [], []
        return self.fig


class Panel:
    """A rectangle of a `Canvas` with its own data ranges (x to the right, y upwards)."""

    def __init__(
        self,
        canvas: Canvas,
        rect: tuple[float, float, float, float],
        xlim: tuple[float, float],
        ylim: tuple[float, float],
    ) -> None:
        self.canvas = canvas
        self.left, self.bottom, self.width, self.height = rect
        self.xlim, self.ylim = (float(xlim[0]), float(xlim[1])), (float(ylim[0]), float(ylim[1]))
        if self.xlim[1] <= self.xlim[0] or self.ylim[1] <= self.ylim[0]:
            raise ValueError(f"empty panel range: x {xlim}, y {ylim}")

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def top(self) -> float:
        return self.bottom + self.height

    def fx(self, x) -> np.ndarray:
        """Data x -> figure fraction."""
        share = (np.asarray(x, dtype=float) - self.xlim[0]) / (self.xlim[1] - self.xlim[0])
        return self.left + share * self.width

    def fy(self, y) -> np.ndarray:
        """Data y -> figure fraction."""
        share = (np.asarray(y, dtype=float) - self.ylim[0]) / (self.ylim[1] - self.ylim[0])
        return self.bottom + share * self.height

    def transform(self):
        """Matplotlib transform from this panel's data coordinates to the display."""
        from matplotlib.transforms import Affine2D

        sx = self.width / (self.xlim[1] - self.xlim[0])
        sy = self.height / (self.ylim[1] - self.ylim[0])
        return (
            Affine2D().translate(-self.xlim[0], -self.ylim[0]).scale(sx, sy).translate(self.left, self.bottom)
            + self.canvas.fig.transFigure
        )

    def add_collection(self, collection) -> None:
        """Add a collection drawn in this panel's data coordinates (e.g. map shapes)."""
        collection.set_transform(self.transform())
        self.canvas.add_artist(collection)

    def band(
        self,
        x: Sequence[float],
        low: Sequence[float],
        high: Sequence[float],
        color,
        alpha: float,
        zorder: int = 1,
    ) -> None:
        """A filled band between ``low`` and ``high``."""
        x = self.fx(x)
        xy = np.column_stack([np.r_[x, x[::-1]], np.r_[self.fy(low), self.fy(high)[::-1]]])
        self.canvas.add_poly(xy, color, alpha, zorder)

    def line(
        self,
        x: Sequence[float],
        y: Sequence[float],
        color,
        width: float = 1.0,
        style: str = "solid",
        zorder: int = 2,
    ) -> None:
        self.canvas.add_line(np.column_stack([self.fx(x), self.fy(y)]), color, width, style, zorder)

    def hline(self, y: float, color, width: float = 0.7, style: str = "solid", zorder: int = 2) -> None:
        self.line(self.xlim, [y, y], color, width, style, zorder)

    def vline(self, x: float, color, width: float = 0.7, style: str = "solid", zorder: int = 2) -> None:
        self.line([x, x], self.ylim, color, width, style, zorder)

    def span(self, x0: float, x1: float, color, zorder: int = 0) -> None:
        """A full-height shaded rectangle between data x0 and x1."""
        self.band([x0, x1], [self.ylim[0]] * 2, [self.ylim[1]] * 2, color, 1.0, zorder)

    def markers(
        self, x: Sequence[float], y: Sequence[float], color, size: float, marker: str = "o", zorder: int = 3
    ) -> None:
        """Markers (``size`` in points², as in `scatter`)."""
        self.canvas.add_markers(self.fx(x), self.fy(y), color, size, marker, zorder)

    def frame(
        self,
        left: bool = True,
        bottom: bool = True,
        grid_y: Sequence[float] = (),
        grid_x: Sequence[float] = (),
    ) -> None:
        """Light grid lines at the given data values and the left/bottom spines."""
        for y in grid_y:
            self.hline(y, GRID, 0.6, zorder=0)
        for x in grid_x:
            self.vline(x, GRID, 0.6, zorder=0)
        if left:
            self.canvas.add_line(
                np.array([[self.left, self.bottom], [self.left, self.top]]), SPINE, 0.8, zorder=2
            )
        if bottom:
            self.canvas.add_line(
                np.array([[self.left, self.bottom], [self.right, self.bottom]]), SPINE, 0.8, zorder=2
            )

    def xticks(
        self,
        ticks: Sequence[float],
        labels: Sequence[str] | None = None,
        size: float = TICK_LABEL_SIZE,
        align_ends: bool = False,
    ) -> None:
        """Tick labels under the panel; with ``align_ends`` the first is left- and the last
        right-aligned so labels of neighbouring panels never run into each other."""
        labels = [str(t) for t in ticks] if labels is None else list(labels)
        for i, (tick, label) in enumerate(zip(ticks, labels, strict=True)):
            ha = "center"
            if align_ends and i == 0:
                ha = "left"
            elif align_ends and i == len(ticks) - 1:
                ha = "right"
            self.canvas.text(
                float(self.fx(tick)), self.bottom - TICK_PAD, label, fontsize=size, ha=ha, va="top"
            )

    def yticks(
        self, ticks: Sequence[float], labels: Sequence[str] | None = None, size: float = TICK_LABEL_SIZE
    ) -> None:
        """Tick labels left of the panel."""
        labels = [str(t) for t in ticks] if labels is None else list(labels)
        for tick, label in zip(ticks, labels, strict=True):
            self.canvas.text(
                self.left - TICK_PAD, float(self.fy(tick)), label, fontsize=size, ha="right", va="center"
            )

    def title(self, text: str, size: float = 6.5, weight: str = "bold", pad: float = 0.012) -> None:
        self.canvas.text(
            self.left,
            self.top + pad,
            text,
            fontsize=size,
            fontweight=weight,
            ha="left",
            va="bottom",
            linespacing=1.15,
        )


def grid_rects(
    n: int, cols: int, left: float, right: float, bottom: float, top: float, wspace: float, hspace: float
) -> list[tuple[float, float, float, float]]:
    """Rectangles of ``n`` panels laid out row by row in ``cols`` columns (like `subplots`).

    ``wspace``/``hspace`` are the gaps as a fraction of a panel's width/height.
    """
    rows = -(-n // cols)
    width = (right - left) / (cols + (cols - 1) * wspace)
    height = (top - bottom) / (rows + (rows - 1) * hspace)
    rects = []
    for i in range(n):
        row, col = divmod(i, cols)
        rects.append(
            (
                left + col * width * (1 + wspace),
                top - (row + 1) * height - row * height * hspace,
                width,
                height,
            )
        )
    return rects
