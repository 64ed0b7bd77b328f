"""Fast choropleth and locator maps from precomputed matplotlib paths.

geopandas' ``plot`` rebuilds a matplotlib Path for every polygon on every call
(about 1 s for Indonesia). Briefs draw the same shapes hundreds of times, so
each feature is converted once, when the boundaries are built (`ucj.geo`), into
one compound Path (exterior and holes, even-odd filled, specks too small to see
left out) stored in an .npz that report kernels load in milliseconds; maps are
drawn as a PatchCollection.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.collections import PatchCollection
from matplotlib.patches import PathPatch
from matplotlib.path import Path

from ucj import catalog


def _paths(level: str) -> tuple[tuple[str, ...], tuple[Path, ...]]:
    """The features of ``level`` as Paths, sorted by code, read once per process (and again
    if the file changes) from ``<level>_paths.npz``, written with the boundaries by `ucj.geo`."""
    source = catalog.require(f"{level}_paths")
    return _paths_cached(str(source), source.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _paths_cached(source: str, mtime_ns: int) -> tuple[tuple[str, ...], tuple[Path, ...]]:
    with np.load(source) as data:
        keys, offsets = data["keys"], data["offsets"]
        vertices, codes = data["vertices"], data["codes"].astype(Path.code_type)
    return (
        tuple(str(k) for k in keys),
        tuple(
            Path(vertices[a:b], codes[a:b], readonly=True)
            for a, b in zip(offsets[:-1], offsets[1:], strict=True)
        ),
    )


def paths_for(level: str, codes: Sequence[str] | None = None) -> dict[str, Path]:
    """Paths keyed by code (all, or the given codes) at ``level``: 'regency' (detail for a
    province's map), 'province', or 'regency_national' (regencies at the national map's scale)."""
    keys, shapes = _paths(level)
    wanted = None if codes is None else set(codes)
    return {k: p for k, p in zip(keys, shapes, strict=True) if wanted is None or k in wanted}


def collection(
    shapes: Mapping[str, Path],
    colors: Mapping[str, object] | object,
    edgecolor: str = "white",
    linewidth: float = 0.3,
    zorder: int = 1,
) -> PatchCollection:
    """One PatchCollection of ``shapes`` filled with one color or a color per code."""
    keys = list(shapes)
    facecolors = [colors[k] for k in keys] if isinstance(colors, Mapping) else colors
    return PatchCollection(
        [PathPatch(shapes[k]) for k in keys],
        facecolors=facecolors,
        edgecolors=edgecolor,
        linewidths=linewidth,
        zorder=zorder,
    )


def draw(
    ax,
    shapes: Mapping[str, Path],
    colors: Mapping[str, object] | object,
    edgecolor: str = "white",
    linewidth: float = 0.3,
    zorder: int = 1,
) -> None:
    """Fill ``shapes`` on ``ax`` with one color or a color per code (see `fit` for the view)."""
    if not shapes:
        return
    ax.add_collection(collection(shapes, colors, edgecolor, linewidth, zorder))
    ax.set_aspect("equal")
    ax.set_axis_off()


def bounds(shapes: Mapping[str, Path], pad: float = 0.02) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of ``shapes`` with a margin of ``pad`` × the extent on each side."""
    extents = np.array([_extent(shapes[k]) for k in shapes])
    x0, y0 = extents[:, 0].min(), extents[:, 1].min()
    x1, y1 = (extents[:, 0] + extents[:, 2]).max(), (extents[:, 1] + extents[:, 3]).max()
    return (x0 - (x1 - x0) * pad, y0 - (y1 - y0) * pad, x1 + (x1 - x0) * pad, y1 + (y1 - y0) * pad)


@functools.lru_cache(maxsize=8192)
def _extent(shape: Path) -> tuple[float, float, float, float]:
    """(x0, y0, width, height) of ``shape``, once per Path: the shapes are read once per process and
    never changed (`_paths`), and every brief asks for the extent of all provinces."""
    return shape.get_extents().bounds


def fit(ax, shapes: Mapping[str, Path], pad: float = 0.02) -> None:
    """Set the view of ``ax`` to the bounding box of ``shapes`` plus a margin."""
    x0, y0, x1, y1 = bounds(shapes, pad)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
