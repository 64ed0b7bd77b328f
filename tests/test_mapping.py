"""Map outlines as drawing paths: the stored .npz equals converting the boundaries, and is reproducible."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ucj import geo, paths
from ucj.brief import mapping


@pytest.mark.parametrize("level", ["regency", "province"])
def test_stored_paths_equal_the_converted_boundaries(level: str) -> None:
    stored = paths.processed(f"{level}_paths.npz")
    assert stored.is_file()
    keys, shapes = mapping._paths_cached(level, str(stored), 0)
    parquet = paths.processed(f"{level}_boundaries.parquet")
    ref_keys, ref_shapes = mapping._paths_cached(level, str(parquet), 0)
    assert keys == ref_keys and list(keys) == sorted(keys)
    assert len(keys) == (514 if level == "regency" else 38)
    for path, ref in zip(shapes, ref_shapes):
        assert np.array_equal(path.vertices, ref.vertices) and np.array_equal(path.codes, ref.codes)


def test_stored_paths_are_byte_reproducible(tmp_path: Path) -> None:
    gdf = geo.read_province_boundaries()
    first = geo.write_display_paths(gdf["province_code"], gdf.geometry, tmp_path / "a.npz")
    second = geo.write_display_paths(gdf["province_code"], gdf.geometry, tmp_path / "b.npz")
    assert first.read_bytes() == second.read_bytes()


def test_without_the_npz_paths_come_from_the_boundaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    shutil.copy(paths.processed("province_boundaries.parquet"), tmp_path / "province_boundaries.parquet")
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(tmp_path))
    shapes = mapping.paths_for("province")
    assert len(shapes) == 38 and all(len(p.vertices) > 3 for p in shapes.values())
