"""Everything one regency's brief needs, loaded and checked before anything is drawn.

`load(regency_code)` fails at once with an actionable message for an unknown
code (naming close matches), so a brief never renders half a page of blanks.
Tables are read once per process (`ucj.catalog.read`) and only rows are copied
out, so a warm kernel running many briefs shares no mutable state between them.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ucj import __version__, catalog, paths
from ucj.errors import UnknownCodeError

OPTIONAL_TABLES = (
    catalog.INFORMAL_WORKFORCE,
    catalog.COVERAGE_BASELINE,
    catalog.PROJECTIONS,
    catalog.UNIVERSAL_COVERAGE_YEAR,
    catalog.COVERAGE_HISTORY,
    catalog.BASELINE_MODEL_CV,
    catalog.EFFORT_TO_TARGET,
    catalog.PROJECTION_HINDCAST_SUMMARY,
    catalog.REGENCY_POLICIES,
    catalog.INFORMAL_REGENCY_VALIDATION_SUMMARY,
    catalog.INFORMAL_REGENCY_VALIDATION,
    catalog.DATA_AS_OF,
)


def read_table(name: str) -> pd.DataFrame | None:
    """A processed table by name (a copy), or None if it has not been built:
    ``catalog.read(name, missing_ok=True)``, kept for the summaries and charts that call it."""
    return catalog.read(name, missing_ok=True)


def run_denominator(*tables: pd.DataFrame | None) -> str:
    """The run's coverage denominator (``config/projection.yml`` ``denominator``: informal, employed or
    potential) as the first of the projection ``tables`` that has rows records it; the setting without."""
    for table in tables:
        if table is not None and "denominator" in table and len(table):
            return str(table["denominator"].iloc[0])
    from ucj.projection.assumptions import read_settings

    return read_settings().denominator


def raw_checksum() -> str:
    """Short sha256 of data/raw/MANIFEST.csv, which lists the sha256 of every raw file."""
    return hashlib.sha256(paths.manifest_path().read_bytes()).hexdigest()[:12]


def resolve_regency(master: pd.DataFrame, regency_code: str) -> pd.Series:
    """The master row of ``regency_code``; `ucj.errors.UnknownCodeError` with suggestions otherwise.

    A code given as a number (``papermill -p regency_code 13.10`` passes the float 13.1) is read back
    as the code it was typed as: two digits after the point (a code is ``PP.RR``). A number cannot
    tell 13.10 from 13.1 typed for another code, so when a code so read is unknown and a zero may
    have been dropped, the error says to pass it as text (``papermill -r regency_code 13.10``)."""
    given = regency_code
    as_number = isinstance(regency_code, (int, float)) and not isinstance(regency_code, bool)
    if isinstance(regency_code, float):
        regency_code = f"{regency_code:.2f}"
    code = str(regency_code).strip()
    if re.fullmatch(r"\d{2}\.\d", code):
        code += "0"
        as_number = True
    hit = master[master["regency_code"] == code]
    if len(hit) == 1:
        return hit.iloc[0]
    by_name = master[master["regency_name"].str.lower().str.contains(code.lower(), regex=False)]
    close = difflib.get_close_matches(code, master["regency_code"].tolist(), n=3)
    hints = [f"{r.regency_code} {r.regency_name}" for r in by_name.head(3).itertuples()] + close
    note = ""
    if as_number and not re.fullmatch(r"\d{2}\.\d[1-9]", code):  # a zero may have been dropped
        note = (
            f"it was given as {given!r}, and a number loses a code's trailing zero (papermill -p reads "
            "13.10 as 13.1): pass the code as text, `papermill ... -r regency_code 13.10`"
        )
    raise UnknownCodeError("regency", code, "a Kemendagri 2025 code 'PP.RR'", len(master), hints, note)


@dataclass(frozen=True)
class Assumptions:
    """The sourced assumptions a brief quotes: premium, targets, lapse range."""

    annual_premium_idr: int
    monthly_premium_idr: int
    targets: pd.DataFrame
    lapse_central: float
    lapse_low: float
    lapse_high: float


@functools.lru_cache(maxsize=4)
def _assumptions_cached(stamp: tuple) -> Assumptions:
    from ucj.projection import assumptions as a

    premiums = a.read_premiums()
    behaviour = a.read_behaviour()
    lapse = behaviour["lapse_rate"]
    return Assumptions(
        annual_premium_idr=int(premiums["jkk_jkm"]) * 12,
        monthly_premium_idr=int(premiums["jkk_jkm"]),
        targets=a.read_targets(),
        lapse_central=lapse.central,
        lapse_low=lapse.low,
        lapse_high=lapse.high,
    )


def read_assumptions() -> Assumptions:
    """Premium (JKK+JKM, per year), targets and lapse range from data/raw/assumptions (cached)."""
    folder = paths.raw("assumptions")
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.glob("*.csv")))
    cached = _assumptions_cached(stamp)
    return Assumptions(
        cached.annual_premium_idr,
        cached.monthly_premium_idr,
        cached.targets.copy(),
        cached.lapse_central,
        cached.lapse_low,
        cached.lapse_high,
    )


@dataclass
class BriefContext:
    """The data of one brief: the regency's master row, its province, and optional tables."""

    regency: pd.Series
    province: pd.DataFrame
    master: pd.DataFrame
    lang: str
    #: the process's cached tables, shared with the next report: read through `table`, which copies
    tables: dict[str, pd.DataFrame | None] = field(default_factory=dict)
    assumptions: Assumptions | None = None
    version: str = __version__
    checksum: str = ""

    @property
    def code(self) -> str:
        return str(self.regency["regency_code"])

    def table(self, name: str, scope: str = "regency") -> pd.DataFrame | None:
        """Rows of an optional table for this regency ('regency'), its province, or all: always
        a frame of the caller's own (the tables themselves are shared by every report of a kernel)."""
        df = self.tables.get(name)
        if df is None:
            return None
        if scope == "all":
            return df.copy()
        rows = _rows_by_regency(df)
        codes = [self.code] if scope == "regency" else self.province["regency_code"].tolist()
        found = [rows[c] for c in codes if c in rows]
        positions = np.sort(np.concatenate(found)) if found else np.array([], dtype=np.intp)
        return df.take(positions).reset_index(drop=True)  # the table's order, as a filter keeps it


#: Row positions of each regency in the shared tables, per table object (a kernel keeps its tables
#: for every report it builds: scanning a whole table for one regency's rows, about 30 times a brief,
#: cost more than anything else in reading them). The table is kept with its positions, so the key
#: (its id) cannot be reused by another table while the entry lives.
_ROW_POSITIONS: dict[int, tuple[pd.DataFrame, dict[str, np.ndarray]]] = {}


def _rows_by_regency(df: pd.DataFrame) -> dict[str, np.ndarray]:
    """Positions of each regency's rows in ``df`` (ascending), computed once per table object."""
    kept = _ROW_POSITIONS.get(id(df))
    if kept is None or kept[0] is not df:
        if len(_ROW_POSITIONS) > 32:  # tables replaced by newer file versions: forget the old ones
            _ROW_POSITIONS.clear()
        groups = df.groupby("regency_code", sort=False, observed=True).indices
        kept = (df, {str(code): np.asarray(pos, dtype=np.intp) for code, pos in groups.items()})
        _ROW_POSITIONS[id(df)] = kept
    return kept[1]


def load(regency_code: str, lang: str = "id") -> BriefContext:
    """Load and check everything the brief of ``regency_code`` needs."""
    if lang not in ("id", "en"):
        raise ValueError(f"lang must be 'id' or 'en', got {lang!r}")
    master = catalog.read(catalog.REGENCIES)
    regency = resolve_regency(master, regency_code)
    province = master[master["province_code"] == regency["province_code"]].reset_index(drop=True)
    # Shared, not copied (the projections alone take 40 ms to copy): `BriefContext.table` copies rows.
    tables = {name: catalog.read(name, missing_ok=True, copy=False) for name in OPTIONAL_TABLES}
    return BriefContext(
        regency=regency,
        province=province,
        master=master,
        lang=lang,
        tables=tables,
        assumptions=read_assumptions(),
        checksum=raw_checksum(),
    )
