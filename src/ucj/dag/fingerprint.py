"""The one fingerprint that decides whether an output is current, and the hashes it is made of.

`digest` hashes what a kind of output (`ucj.dag.outputs.Output`) depends on as a whole: its code
(derived from the import graph, `ucj.dag.deps`), its notebook, the language, the run date when it
prints one, the raw data (its manifest, or every file for a data stage), configuration, user inputs
and the processed tables it reads in full. An output with a unit (a regency, a province) adds the
hashes of its own rows of the per-regency tables (`table_hashes`). Equal fingerprint and existing
output: the output is current and is not rebuilt. The data stages, the report planners and the
trackers all use `digest`; their state files live where `ucj.catalog` says.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from ucj import catalog, paths
from ucj.dag import deps
from ucj.dag.outputs import WORKER, Output
from ucj.dates import source_epoch

if TYPE_CHECKING:  # pandas is imported where tables are hashed: a report worker imports this
    import pandas as pd  # module before it starts its kernel


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
    import pandas as pd

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
    import pandas as pd

    return per_regency_hashes(pd.read_parquet(path))


def code_entries(output: Output) -> set[str]:
    """The modules an output's code starts from: its entries, plus its notebook's imports and the
    worker for a notebook output."""
    entries = set(output.entries)
    if output.notebook:
        entries |= deps.notebook_imports(output.notebook) | {WORKER}
    return entries


def _input_files(patterns: tuple[str, ...]) -> list[Path]:
    """User inputs: a plain name counts whether or not it exists (`hash_files` marks it missing); a
    glob pattern counts the files it matches now."""
    root = paths.inputs_dir()
    files: set[Path] = set()
    for pattern in patterns:
        if any(ch in pattern for ch in "*?["):
            files |= {f for f in root.glob(pattern) if f.is_file()} if root.is_dir() else set()
        else:
            files.add(root / pattern)
    return sorted(files)


def digest(output: Output, lang: str = "id") -> "hashlib._Hash":
    """What every output of one kind depends on as a whole (module doc); ``copy()`` it and add the
    unit's own rows for a per-regency or per-province output."""
    h = hashlib.sha256()
    if output.notebook:
        h.update((paths.NOTEBOOKS_DIR / f"{output.notebook}.py").read_bytes())
    h.update(deps.code_fingerprint(code_entries(output)).encode())
    if output.dated:
        h.update(str(source_epoch()).encode())
    h.update(lang.encode())
    if output.raw == "files":
        raw = sorted(f for f in paths.raw_dir().rglob("*") if f.is_file())
        h.update(hash_files(raw, paths.raw_dir()).encode())
    else:
        h.update(paths.manifest_path().read_bytes())
    h.update(hash_files([paths.config_dir() / n for n in output.config], paths.config_dir()).encode())
    h.update("|".join(output.inputs).encode())
    h.update(hash_files(_input_files(output.inputs), paths.inputs_dir()).encode())
    h.update(hash_files([catalog.path(n) for n in output.whole], paths.processed_dir()).encode())
    return h


def is_current(targets: list[Path] | tuple[Path, ...], state: Path, fingerprint: str) -> bool:
    """The one staleness rule: an output is current when every file it writes exists and its state
    file holds the fingerprint it was built with. Everything else (a missing output, no state, a
    different fingerprint) means rebuild."""
    return all(t.is_file() for t in targets) and state.is_file() and state.read_text().strip() == fingerprint


def record(state: Path, fingerprint: str) -> None:
    """Write the fingerprint an output was just built with (only after it was written: a failed
    build leaves the earlier state, so it is retried next time)."""
    from ucj.io import write_text_atomic

    write_text_atomic(state, fingerprint + "\n")
