"""Hashes that decide whether an output is current: of files, and of each regency's table rows.

A report's fingerprint combines the hash of its code (`ucj.dag.deps`), of
the files it reads in full, and of the rows of the per-regency tables that
belong to the regencies it shows. Equal fingerprint and existing output: the
output is current and is not rebuilt.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import pandas as pd

from ucj import catalog


def hash_files(files: list[Path], root: Path) -> str:
    """Hash of the files' names (relative to ``root``) and bytes; a missing file hashes as such,
    so deleting an optional input changes the hash as much as editing it."""
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.relative_to(root).as_posix().encode())
        digest.update(f.read_bytes() if f.is_file() else b"<missing>")
    return digest.hexdigest()


def per_regency_hashes(table: pd.DataFrame) -> dict[str, str]:
    """A hash of each regency's rows of ``table`` (row order and values included).

    Floats are hashed at single precision (about 7 significant digits, more than any
    brief shows): a change in one regency's input can move other regencies' values by
    rounding noise (1e-16 relative, e.g. in the raking of the modelled baseline),
    which must not make their briefs stale.
    """
    table = table.sort_values(list(table.columns[:3]), kind="stable").reset_index(drop=True)
    floats = table.select_dtypes("floating").columns
    table[floats] = table[floats].astype("float32")
    row_hash = pd.util.hash_pandas_object(table, index=False).to_numpy()
    out = {}
    for code, idx in table.groupby("regency_code", sort=True).indices.items():
        out[str(code)] = hashlib.sha256(row_hash[idx].tobytes()).hexdigest()
    return out


def table_hashes(name: str) -> dict[str, str] | None:
    """`per_regency_hashes` of the processed table ``name`` (None if absent), computed once per
    version of the file: the brief and summary plans both need them."""
    path = catalog.path(name)
    if not path.is_file():
        return None
    stat = path.stat()
    return _table_hashes_cached(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _table_hashes_cached(path: str, mtime_ns: int, size: int) -> dict[str, str]:
    return per_regency_hashes(pd.read_parquet(path))
