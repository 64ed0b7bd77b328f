"""The machine-readable manifest of data/raw: file, source, licence, period, sha256.

`data/raw/MANIFEST.csv` is curated data (reviewed like code). `verify` proves
every shipped file is listed and unchanged, and every listed file is shipped.
`update_checksums` recomputes the sha256 and row columns after a deliberate
data refresh; the curated columns are kept.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from ucj import paths
from ucj.errors import InputError, InputErrors
from ucj.io import write_text_atomic

COLUMNS = ["file", "source", "licence", "reference_period", "description", "rows", "sha256"]


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def data_rows(path: Path) -> int | None:
    """Number of data rows of a CSV (lines minus header); None for other files."""
    if path.suffix != ".csv":
        return None
    return len(pd.read_csv(path, dtype=str))


def shipped_files(raw_dir: Path | None = None) -> list[str]:
    """Relative paths of the files under data/raw (the manifest itself excluded), sorted."""
    raw_dir = raw_dir or paths.raw_dir()
    return sorted(
        p.relative_to(raw_dir).as_posix()
        for p in raw_dir.rglob("*")
        if p.is_file() and p.name != "MANIFEST.csv" and not p.name.startswith(".")
    )


def read_manifest(path: Path | None = None) -> pd.DataFrame:
    """Read the manifest; raise `InputError` if it is missing or lacks columns."""
    path = path or paths.manifest_path()
    if not path.is_file():
        raise InputError(path, "manifest not found")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise InputError(path, f"missing column(s) {missing}", column=missing[0])
    return df


def verify(raw_dir: Path | None = None) -> None:
    """Check every raw file against the manifest; raise `InputErrors` listing all mismatches."""
    raw_dir = raw_dir or paths.raw_dir()
    manifest_file = raw_dir / "MANIFEST.csv"
    manifest = read_manifest(manifest_file)
    errors: list[InputError] = []
    listed = set(manifest["file"])
    for rel in shipped_files(raw_dir):
        if rel not in listed:
            errors.append(
                InputError(manifest_file, "raw file is not listed in the manifest", column="file", value=rel)
            )
    for i, row in manifest.iterrows():
        path = raw_dir / row["file"]
        line = int(i) + 2
        if not path.is_file():
            errors.append(
                InputError(
                    manifest_file,
                    "listed file is missing from data/raw",
                    row=line,
                    column="file",
                    value=row["file"],
                )
            )
        elif sha256_of(path) != row["sha256"]:
            errors.append(
                InputError(
                    manifest_file,
                    f"checksum mismatch: {row['file']} was modified "
                    "(raw data is read-only; run `ucj manifest --update` only for a "
                    "deliberate, documented refresh)",
                    row=line,
                    column="sha256",
                )
            )
    if errors:
        raise InputErrors(errors)


def update_checksums(raw_dir: Path | None = None, meta: pd.DataFrame | None = None) -> pd.DataFrame:
    """Recompute sha256 and row counts; keep curated columns; write MANIFEST.csv atomically."""
    raw_dir = raw_dir or paths.raw_dir()
    manifest_file = raw_dir / "MANIFEST.csv"
    if meta is None:
        meta = read_manifest(manifest_file)
    meta = meta.set_index("file")
    rows = []
    for rel in shipped_files(raw_dir):
        path = raw_dir / rel
        curated = meta.loc[rel] if rel in meta.index else pd.Series(dtype=str)
        n = data_rows(path)
        rows.append(
            {
                "file": rel,
                "source": curated.get("source", ""),
                "licence": curated.get("licence", ""),
                "reference_period": curated.get("reference_period", ""),
                "description": curated.get("description", ""),
                "rows": "" if n is None else str(n),
                "sha256": sha256_of(path),
            }
        )
    out = pd.DataFrame(rows, columns=COLUMNS)
    write_text_atomic(manifest_file, out.to_csv(index=False, lineterminator="\n"))
    return out
