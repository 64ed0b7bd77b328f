"""Regency boundaries: read once from the raw GeoJSON, cached as GeoParquet for fast maps."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
from matplotlib.path import Path as DrawingPath

from ucj import catalog, paths
from ucj.errors import InputError
from ucj.io import atomic_path

N_FEATURES = 514
# Maps in the briefs are a few centimetres wide: simplifying outlines to about 500 m
# (0.005 degrees) keeps their shape and makes drawing them many times faster.
DISPLAY_TOLERANCE_DEG = 0.005
# The national panel is ~10 cm for ~5,000 km (one pixel is ~8 km): provinces at ~2 km.
PROVINCE_TOLERANCE_DEG = 0.02
# Drawing paths leave out islands and holes too small to see where they are drawn: a province
# on the national map (~600 px wide) below 1/700 of the country's extent, a regency on its
# province's map (~400 px) below 1/1000 of the province's extent, i.e. under a pixel. There are
# thousands of such specks (22,176 rings for 38 provinces); drawing them cost about half of
# every map's time and most of its size as a vector figure.
PROVINCE_SPECK_FRACTION = 1 / 700
REGENCY_SPECK_FRACTION = 1 / 1000


def build_boundaries(target: Path | None = None) -> Path:
    """Read the ADM2 GeoJSON, check it has one valid feature per regency, write GeoParquet."""
    source = paths.raw("regions", "regencies_adm2.geojson")
    if not source.is_file():
        raise InputError(source, "file not found")
    try:
        gdf = gpd.read_file(source)
    except Exception as exc:  # pyogrio raises several types for a malformed file
        raise InputError(source, f"cannot read GeoJSON: {exc}") from exc
    if "kemendagri_code" not in gdf.columns:
        raise InputError(source, "features lack the property", column="kemendagri_code")
    dup = gdf["kemendagri_code"][gdf["kemendagri_code"].duplicated()]
    if len(dup):
        raise InputError(source, "duplicated regency code", column="kemendagri_code", value=dup.iloc[0])
    if len(gdf) != N_FEATURES:
        raise InputError(source, f"expected {N_FEATURES} features, found {len(gdf)}")
    gdf = (
        gdf.rename(columns={"kemendagri_code": "regency_code"})[["regency_code", "province_code", "geometry"]]
        .sort_values("regency_code")
        .reset_index(drop=True)
    )
    gdf["geometry"] = gdf.geometry.simplify(DISPLAY_TOLERANCE_DEG, preserve_topology=True).make_valid()
    target = target or catalog.path(catalog.REGENCY_BOUNDARIES)
    with atomic_path(target) as tmp:
        gdf.to_parquet(tmp, index=False)
    provinces = gdf.dissolve(by="province_code", as_index=False)[["province_code", "geometry"]]
    provinces["geometry"] = provinces.geometry.simplify(PROVINCE_TOLERANCE_DEG, preserve_topology=True)
    with atomic_path(target.with_name(catalog.file_name(catalog.PROVINCE_BOUNDARIES))) as tmp:
        provinces.to_parquet(tmp, index=False)
    province_extent = dict(zip(provinces["province_code"], provinces.geometry.map(_extent), strict=True))
    x0, y0, x1, y1 = provinces.total_bounds
    country_extent = max(x1 - x0, y1 - y0)
    write_display_paths(
        gdf["regency_code"],
        [
            drop_specks(g, REGENCY_SPECK_FRACTION * province_extent[p])
            for g, p in zip(gdf.geometry, gdf["province_code"], strict=True)
        ],
        target.with_name(catalog.file_name(catalog.REGENCY_PATHS)),
    )
    write_display_paths(
        provinces["province_code"],
        [drop_specks(g, PROVINCE_SPECK_FRACTION * country_extent) for g in provinces.geometry],
        target.with_name(catalog.file_name(catalog.PROVINCE_PATHS)),
    )
    # Regencies on a map of the whole country (national summary, notebook 02): outlines at the
    # provinces' resolution, specks at the national map's scale.
    national = gdf.geometry.simplify(PROVINCE_TOLERANCE_DEG, preserve_topology=True)
    write_display_paths(
        gdf["regency_code"],
        [drop_specks(g, PROVINCE_SPECK_FRACTION * country_extent) for g in national],
        target.with_name(catalog.file_name(catalog.REGENCY_NATIONAL_PATHS)),
    )
    return target


def _extent(geometry) -> float:
    """The larger side of a geometry's bounding box (degrees)."""
    x0, y0, x1, y1 = geometry.bounds
    return max(x1 - x0, y1 - y0)


def drop_specks(geometry, min_extent: float):
    """``geometry`` without the islands and holes whose bounding box is smaller than
    ``min_extent`` on both sides (its largest island is always kept), for drawing only."""
    from shapely.geometry import MultiPolygon, Polygon

    polygons, pending = [], [geometry]
    while pending:  # flatten multi-parts and collections (make_valid may return one)
        part = pending.pop()
        if isinstance(part, Polygon):
            polygons.append(part)
        else:
            pending.extend(getattr(part, "geoms", []))
    polygons = [p for p in polygons if not p.is_empty]
    if not polygons:
        return geometry
    largest = max(polygons, key=_extent)
    kept = [
        Polygon(p.exterior, [h for h in p.interiors if _extent(h) >= min_extent])
        for p in polygons
        if p is largest or _extent(p) >= min_extent
    ]
    return kept[0] if len(kept) == 1 else MultiPolygon(kept)


def write_display_paths(keys, geometries, target: Path) -> Path:
    """The outlines as drawing paths (vertices and Path codes, rings closed, holes kept), in one
    .npz: report kernels load it in milliseconds instead of converting geometries each time.

    Arrays: ``keys`` (codes, sorted), ``offsets`` (start of each feature's vertices; one more
    than features), ``vertices`` (N × 2, lon/lat), ``codes`` (matplotlib Path codes, uint8).
    """
    order = sorted(range(len(keys)), key=lambda i: str(list(keys)[i]))
    keys, geometries = [str(list(keys)[i]) for i in order], [list(geometries)[i] for i in order]
    built = [feature_path(g) for g in geometries]
    offsets = np.cumsum([0] + [len(p.vertices) for p in built])
    arrays = {
        "keys": np.array(keys),
        "offsets": offsets,
        "vertices": np.concatenate([p.vertices for p in built]),
        "codes": np.concatenate([p.codes for p in built]).astype(np.uint8),
    }
    with atomic_path(target) as tmp:
        # np.savez stamps the current time into the zip: write the members with a fixed one.
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as archive:
            for name, array in arrays.items():
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
                archive.writestr(
                    zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)), buffer.getvalue()
                )
    return target


def feature_path(geometry) -> DrawingPath:
    """One compound matplotlib Path for a Polygon or MultiPolygon (holes included)."""
    polygons = getattr(geometry, "geoms", [geometry])
    vertices, codes = [], []
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            xy = np.asarray(ring.coords)[:, :2]
            if len(xy) < 3:
                continue
            ring_codes = np.full(len(xy), DrawingPath.LINETO, dtype=DrawingPath.code_type)
            ring_codes[0], ring_codes[-1] = DrawingPath.MOVETO, DrawingPath.CLOSEPOLY
            vertices.append(xy)
            codes.append(ring_codes)
    return DrawingPath(np.concatenate(vertices), np.concatenate(codes), readonly=True)
