"""Map outlines as drawing paths: the stored .npz equals converting the boundaries, and is reproducible."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ucj import catalog, geo
from ucj.brief import mapping


def _rings(path) -> list[np.ndarray]:
    """The rings of a compound drawing path, as vertex arrays."""
    starts = np.flatnonzero(path.codes == path.MOVETO)
    return [path.vertices[a:b] for a, b in zip(starts, [*starts[1:], len(path.codes)], strict=True)]


def _extent(xy: np.ndarray) -> float:
    return float(max(np.ptp(xy[:, 0]), np.ptp(xy[:, 1])))


@pytest.mark.parametrize("level", ["regency", "province"])
def test_stored_paths_are_the_boundaries_without_invisible_specks(level: str) -> None:
    """Every stored ring is a ring of the boundary; every ring left out is smaller than the
    speck limit of the map the feature is drawn on; every feature keeps its shape."""
    keys, shapes = mapping._paths_cached(str(catalog.path(f"{level}_paths")), 0)
    gdf = catalog.read(catalog.REGENCY_BOUNDARIES if level == "regency" else catalog.PROVINCE_BOUNDARIES)
    key = f"{level}_code"
    assert keys == tuple(sorted(gdf[key])) and len(keys) == (514 if level == "regency" else 38)
    provinces = catalog.read(catalog.PROVINCE_BOUNDARIES)
    map_extent = {
        p: geo._extent(g) for p, g in zip(provinces["province_code"], provinces.geometry, strict=True)
    }
    x0, y0, x1, y1 = provinces.total_bounds
    country = max(x1 - x0, y1 - y0)
    dropped = kept = 0
    for code, path in zip(keys, shapes, strict=True):
        geometry = gdf.loc[gdf[key] == code, "geometry"].iloc[0]
        limit = (
            geo.REGENCY_SPECK_FRACTION * map_extent[code[:2]]
            if level == "regency"
            else geo.PROVINCE_SPECK_FRACTION * country
        )
        full = {r.tobytes(): r for r in _rings(geo.feature_path(geometry))}
        stored = {r.tobytes() for r in _rings(path)}
        assert stored and stored <= set(full), code
        assert all(_extent(full[r]) < limit for r in set(full) - stored), code
        kept += len(stored)
        dropped += len(full) - len(stored)
    assert dropped > kept  # most rings of the raw outlines are specks nobody can see


def test_national_scale_regency_outlines_are_coarser_and_stay_in_place() -> None:
    """The national maps' regencies: every regency, each within its outline's bounds (give or take
    the simplification tolerance), with far fewer vertices than the provincial-scale paths."""
    keys, coarse = mapping._paths_cached(str(catalog.path(catalog.REGENCY_NATIONAL_PATHS)), 0)
    fine_keys, fine = mapping._paths_cached(str(catalog.path(catalog.REGENCY_PATHS)), 0)
    assert keys == fine_keys and len(keys) == 514
    gdf = catalog.read(catalog.REGENCY_BOUNDARIES).set_index("regency_code")
    for code, path in zip(keys, coarse, strict=True):
        x0, y0, x1, y1 = gdf.loc[code, "geometry"].bounds
        (px0, py0), (px1, py1) = path.vertices.min(axis=0), path.vertices.max(axis=0)
        slack = geo.PROVINCE_TOLERANCE_DEG + 1e-9
        assert px0 >= x0 - slack and py0 >= y0 - slack and px1 <= x1 + slack and py1 <= y1 + slack, code
    assert sum(len(p.vertices) for p in coarse) < 0.5 * sum(len(p.vertices) for p in fine)


def test_specks_are_dropped_and_the_largest_island_is_kept() -> None:
    from shapely.geometry import MultiPolygon, Polygon, box

    island = Polygon(box(0, 0, 10, 10).exterior, [box(1, 1, 1.05, 1.05).exterior, box(4, 4, 6, 6).exterior])
    speck, islet = box(20, 20, 20.05, 20.05), box(30, 30, 31, 31)
    kept = geo.drop_specks(MultiPolygon([island, speck, islet]), min_extent=0.5)
    assert sorted(round(p.area, 4) for p in kept.geoms) == [1.0, 96.0]  # the small hole and the speck go
    tiny_only = geo.drop_specks(MultiPolygon([box(0, 0, 0.01, 0.01), box(5, 5, 5.02, 5.02)]), min_extent=1)
    assert tiny_only.area == pytest.approx(0.02**2)  # a feature of specks keeps its largest


def test_stored_paths_are_byte_reproducible(tmp_path: Path) -> None:
    gdf = catalog.read(catalog.PROVINCE_BOUNDARIES)
    first = geo.write_display_paths(gdf["province_code"], gdf.geometry, tmp_path / "a.npz")
    second = geo.write_display_paths(gdf["province_code"], gdf.geometry, tmp_path / "b.npz")
    assert first.read_bytes() == second.read_bytes()


def test_without_the_npz_maps_say_to_build_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(tmp_path))
    with pytest.raises(
        catalog.NotBuiltError, match=r"province_paths\.npz: not built yet: run `make data` first"
    ):
        mapping.paths_for("province")


def test_far_flung_regencies_are_those_that_stretch_their_province_map() -> None:
    """`summary.charts.far_flung` (each box computed once) equals its definition written out: a
    regency is far-flung when leaving it out shrinks the province's box more than the ratio."""
    from ucj.summary import charts

    def area(paths) -> float:
        e = np.array([p.get_extents().bounds for p in paths])
        return float((e[:, 0] + e[:, 2]).max() - e[:, 0].min()) * float(
            (e[:, 1] + e[:, 3]).max() - e[:, 1].min()
        )

    paths = mapping.paths_for("regency")
    provinces = sorted({code[:2] for code in paths})
    for province in provinces:
        shapes = {k: v for k, v in paths.items() if k.startswith(province + ".")}
        if len(shapes) < 3:
            continue
        full = area(shapes.values())
        expected = [
            k
            for k in shapes
            if full > charts.OUTLIER_AREA_RATIO * area([v for kk, v in shapes.items() if kk != k])
        ]
        assert charts.far_flung(shapes) == expected, province
    assert charts.far_flung({k: v for k, v in paths.items() if k.startswith("31.")}) == ["31.01"]
