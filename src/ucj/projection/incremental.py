"""Incremental projection: recompute only the regencies whose projection inputs changed.

Why splicing is valid: every regency is projected independently of the others. Its
numbers depend on (a) *global* things shared by all regencies (code, settings,
scenarios, assumptions, the random draws, the list of regencies) and (b) its *own*
inputs: its slice of `montecarlo.ProjectionInputs` (its row of every per-regency
array, including the row of the draw table it uses: z is drawn for all regencies in
code order, see `montecarlo`), its rows of the coverage baseline and its province
code. So when (a) is unchanged, a regency whose (b) is unchanged would get exactly the
numbers it already has, and only the others need computing.

The state of the last run is a sidecar, ``<processed>/projection_state.json``
(`STATE_FILE`), written atomically after the three tables. It holds:

- ``global``: one hash per global part (`GLOBAL_PARTS`);
- ``regencies``: per regency code, one hash per part of its own inputs (`REGENCY_PARTS`);
- ``outputs``: the sha256 of each table as written.

A run recomputes *everything* when there is no readable state, when a global part
changed, or when an output table is missing or is not the file the state describes
(edited, replaced, or a run stopped between writing a table and the state). Otherwise
it recomputes the regencies whose own hash changed (none: nothing is written).

Floats are hashed at full precision (their bytes), not rounded: an incremental run
then gives exactly the tables of a full run, byte for byte, and rounding noise would
only cost time (a regency recomputed for nothing), never correctness. The one source of
such noise seen so far is removed at its root: the modelled baseline's ``all`` row
(a sum of segments) used to be summed in another floating-point order when there was no
reported-coverage file, so the first reported figure moved ~110 other regencies' ``all``
rows by one unit in the last place (`baseline.build_baseline` now sums float64 in both
cases). Raking and allocation do not read reported figures at all.

The baseline table's column *types* can depend on the data (e.g. text columns built
from an empty reported frame); they never change a projected number, so they are not a
reason to recompute, but the baseline table is rewritten when they differ from the ones
last written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd

from ucj import paths
from ucj.io import write_text_atomic

STATE_FILE = "projection_state.json"
STATE_VERSION = 1

#: Global parts: a change in any of them recomputes every regency.
GLOBAL_PARTS = {
    "code": "the projection code (src/ucj/projection/*.py, ucj/io.py)",
    "libraries": "numpy, pandas and pyarrow versions",
    "settings": "config/projection.yml settings",
    "scenarios": "the scenarios (config/scenarios.yml)",
    "assumptions": "the assumptions (data/raw/assumptions/)",
    "draws": "the Monte Carlo draws",
    "effort": "the effort search settings and targets (config/effort.yml, effort_targets.csv)",
    "regencies": "the set of regencies or the projected years",
    "columns": "the baseline table's column names",
    "dynamics": "enrolment capacity, status-quo drift and APBD growth (from all regencies' figures)",
}

#: Per-regency parts: a change recomputes that regency only.
REGENCY_PARTS = {
    "baseline": "coverage baseline",
    "inputs": "projection inputs",
    "province": "province code",
}

# Fields of ProjectionInputs that are not per-regency arrays (hashed in the global parts).
_SHARED_INPUT_FIELDS = {
    "codes",
    "years",
    "denominator",
    "capacity_median",
    "capacity_log_sd",
    "drift_log_sd",
    "apbd_growth",
    "apbd_year",
}


@dataclass(frozen=True)
class Fingerprints:
    """Hashes of one run's inputs: global parts and each regency's own parts; and the
    baseline table's column types (not a reason to recompute, see the module docstring)."""

    global_: dict[str, str]
    regencies: dict[str, dict[str, str]]
    baseline_dtypes: str


@dataclass(frozen=True)
class Decision:
    """What a run recomputes: ``codes`` None = every regency; [] = none."""

    codes: list[str] | None
    reason: str


def _sha(*chunks: bytes) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(len(chunk).to_bytes(8, "little"))
        digest.update(chunk)
    return digest.hexdigest()


def _array_bytes(value: np.ndarray) -> bytes:
    arr = np.ascontiguousarray(value)
    return f"{arr.dtype.str}{arr.shape}".encode() + arr.tobytes()


def code_files() -> list[Path]:
    """Source files whose content is part of the global fingerprint."""
    here = Path(__file__).resolve().parent
    return sorted(here.glob("*.py")) + [paths.PACKAGE_DIR / "io.py"]


def file_digest(path: Path) -> str | None:
    """sha256 of a file's bytes (None when it does not exist)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def fingerprints(ctx) -> Fingerprints:  # ctx: pipeline.Context (not imported: pipeline imports this module)
    """Global and per-regency hashes of everything the projection of ``ctx`` reads."""
    import pyarrow

    inputs = ctx.inputs
    a = ctx.assumptions
    global_ = {
        "code": _sha(
            *(f.name.encode() + b"\0" + f.read_bytes() for f in code_files()), str(STATE_VERSION).encode()
        ),
        "libraries": _sha(np.__version__.encode(), pd.__version__.encode(), pyarrow.__version__.encode()),
        "settings": _sha(json.dumps(asdict(ctx.settings), sort_keys=True, default=str).encode()),
        "scenarios": _sha(repr(ctx.scenarios).encode()),
        "assumptions": _sha(
            repr(
                (
                    sorted(a.premiums_idr_per_month.items()),
                    a.lapse_rate,
                    a.take_up,
                    a.labour_force_growth,
                    sorted(a.self_enrolment_rate.items()),
                )
            ).encode()
        ),
        "draws": _sha(
            _array_bytes(ctx.draws.z),
            _array_bytes(ctx.draws.lapse),
            _array_bytes(ctx.draws.take_up),
            _array_bytes(ctx.draws.z_baseline),
            *(_array_bytes(z) for z in (ctx.draws.z_capacity, ctx.draws.z_drift) if z is not None),
        ),
        "dynamics": _sha(
            repr(
                tuple(
                    float(getattr(inputs, f))
                    for f in sorted(_SHARED_INPUT_FIELDS)
                    if f not in {"codes", "years", "denominator"}
                )
            ).encode()
        ),
        "regencies": _sha(repr((inputs.codes, inputs.years, inputs.denominator)).encode()),
        "effort": _sha(repr((ctx.effort_settings, ctx.targets)).encode()),
        "columns": _sha(repr(list(ctx.baseline.columns)).encode()),
    }
    per_regency_fields = [f.name for f in fields(inputs) if f.name not in _SHARED_INPUT_FIELDS]
    arrays = {}
    for name in per_regency_fields:
        value = getattr(inputs, name)
        value = np.zeros(len(inputs.codes)) if value is None else np.asarray(value)
        arrays[name] = value.T if name == "eligible_central" else value  # regency first
    row_hash = pd.util.hash_pandas_object(ctx.baseline, index=False).to_numpy()
    rows_of = ctx.baseline.groupby("regency_code", sort=False).indices
    province = ctx.master.set_index("regency_code")["province_code"].astype(str)
    regencies = {}
    for i, code in enumerate(inputs.codes):
        rows = rows_of.get(code, np.array([], dtype=int))
        regencies[code] = {
            "baseline": _sha(_array_bytes(row_hash[np.sort(rows)])),
            "inputs": _sha(
                *(name.encode() + b"\0" + _array_bytes(arrays[name][i]) for name in per_regency_fields)
            ),
            "province": _sha(str(province.get(code, "")).encode()),
        }
    dtypes = repr([(c, str(t)) for c, t in ctx.baseline.dtypes.items()])
    return Fingerprints(global_=global_, regencies=regencies, baseline_dtypes=dtypes)


def state_path() -> Path:
    """The sidecar of the projection tables."""
    return paths.processed(STATE_FILE)


def read_state() -> dict | None:
    """The last run's state, or None when absent or unreadable."""
    try:
        state = json.loads(state_path().read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError, UnicodeDecodeError):
        return None
    ok = (
        isinstance(state, dict)
        and state.get("version") == STATE_VERSION
        and isinstance(state.get("global"), dict)
        and isinstance(state.get("regencies"), dict)
        and isinstance(state.get("outputs"), dict)
    )
    return state if ok else None


def write_state(fp: Fingerprints, targets: list[Path]) -> None:
    """Record ``fp`` and the digests of the tables just written (after writing them)."""
    state = {
        "version": STATE_VERSION,
        "global": fp.global_,
        "baseline_dtypes": fp.baseline_dtypes,
        "outputs": {t.name: file_digest(t) for t in targets},
        "regencies": fp.regencies,
    }
    write_text_atomic(state_path(), json.dumps(state, indent=0, sort_keys=True) + "\n")


def decide(fp: Fingerprints, state: dict | None, targets: list[Path], full: bool = False) -> Decision:
    """Which regencies to recompute, and why (see the module docstring)."""
    if full:
        return Decision(None, "--full")
    if state is None:
        return Decision(None, "no previous state" if not state_path().exists() else "state file unreadable")
    changed = [GLOBAL_PARTS[k] for k in GLOBAL_PARTS if state["global"].get(k) != fp.global_[k]]
    if changed:
        return Decision(None, f"{', '.join(changed)} changed")
    for target in targets:
        recorded = state["outputs"].get(target.name)
        if recorded is None or file_digest(target) != recorded:
            return Decision(None, f"{target.name} missing or not the one last written")
    if set(state["regencies"]) != set(fp.regencies):
        return Decision(None, "the set of regencies changed")
    codes, parts = [], set()
    for code, hashes in fp.regencies.items():
        old = state["regencies"][code]
        diff = [p for p in REGENCY_PARTS if not isinstance(old, dict) or old.get(p) != hashes[p]]
        if diff:
            codes.append(code)
            parts.update(diff)
    if not codes:
        return Decision([], "inputs unchanged")
    named = f": {', '.join(codes)}" if len(codes) <= 5 else ""
    return Decision(
        codes, f"{', '.join(REGENCY_PARTS[p] for p in REGENCY_PARTS if p in parts)} changed{named}"
    )


def splice(
    previous: pd.DataFrame,
    new: pd.DataFrame,
    codes: list[str],
    order: Callable[[pd.DataFrame], pd.DataFrame],
) -> pd.DataFrame:
    """``previous`` with the rows of ``codes`` replaced by ``new`` (rows of those codes only, in
    ``order``), as ``order`` sorts a whole table (regency first, as every table the run writes).

    The run's own previous tables are sorted: each regency's new rows then take the place of its
    old ones, and the table stays sorted without sorting it again (a tenth of a second for the
    projections). Otherwise (a regency's rows not in one block) the rows are put together and
    sorted by ``order``. Either way the same table."""
    if set(new["regency_code"]) - set(codes):
        raise ValueError("splice: new rows for regencies that were not recomputed")
    index = pd.Index(previous["regency_code"])
    if index.is_monotonic_increasing:
        pieces, at = [], 0
        for code in sorted(codes):
            start, end = index.slice_locs(code, code)
            pieces += [previous.iloc[at:start], new[new["regency_code"] == code]]
            at = max(at, end)
        out = pd.concat([*pieces, previous.iloc[at:]], ignore_index=True)[list(previous.columns)]
    else:
        kept = previous[~previous["regency_code"].isin(codes)]
        out = order(pd.concat([kept, new], ignore_index=True))
    for col in previous.columns:  # concat can widen a dtype (e.g. an all-NA block); keep the table's
        if out[col].dtype != previous[col].dtype:
            out[col] = out[col].astype(previous[col].dtype)
    return out
