"""Regency boundaries: read once from the raw GeoJSON, cached as GeoParquet for fast maps."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from ucj import paths
from ucj.errors import InputError
from ucj.io import atomic_path

N_FEATURES = 514


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
    gdf = gdf.rename(columns={"kemendagri_code": "regency_code"})[
        ["regency_code", "province_code", "geometry"]].sort_values("regency_code").reset_index(drop=True)
    target = target or paths.processed("regency_boundaries.parquet")
    with atomic_path(target) as tmp:
        gdf.to_parquet(tmp, index=False)
    return target


def read_boundaries() -> gpd.GeoDataFrame:
    """Regency polygons (WGS84) keyed by ``regency_code``."""
    path = paths.processed("regency_boundaries.parquet")
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: run `make data` first")
    return gpd.read_parquet(path)
