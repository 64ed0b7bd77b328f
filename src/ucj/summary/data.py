"""Everything one summary needs (national, or one province), loaded and checked before drawing.

`load(province_code, lang)` reads the processed tables once per process (through
`ucj.brief.context.read_table`, which caches and copies) and keeps only the rows
in scope, so a province summary can only show its own province's rows; an
unknown province code fails at once with the valid codes named.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass

import pandas as pd

from ucj import __version__, catalog
from ucj.brief import context as brief_context
from ucj.brief.context import Assumptions
from ucj.errors import UnknownCodeError
from ucj.summary import tables

OPTIONAL_TABLES = ("informal_workforce", "coverage_baseline", "projections", "universal_coverage_year")


@dataclass
class SummaryContext:
    """The data of one summary: the regencies in scope and their rows of the processed tables.

    ``province_code`` is None for the national summary. Optional tables are
    None when they have not been built (sections then say what is missing).
    """

    lang: str
    province_code: str | None
    master: pd.DataFrame
    informal: pd.DataFrame | None
    baseline: pd.DataFrame | None
    uc: pd.DataFrame | None
    projections: pd.DataFrame | None
    assumptions: Assumptions
    version: str = __version__
    checksum: str = ""

    @functools.cached_property
    def regency_frame(self) -> pd.DataFrame:
        """`tables.regency_frame` of the regencies in scope, computed once per summary (several
        sections use it; `ucj.summary.sections.regencies` hands out copies)."""
        return tables.regency_frame(self.master, self.informal, self.baseline, self.uc)

    @property
    def is_national(self) -> bool:
        return self.province_code is None

    @property
    def province_name(self) -> str:
        return "Indonesia" if self.is_national else str(self.master["province_name"].iloc[0])

    @property
    def codes(self) -> list[str]:
        return self.master["regency_code"].tolist()


def resolve_province(master: pd.DataFrame, province_code: str) -> str:
    """The province code as stored; `ucj.errors.UnknownCodeError` naming close matches otherwise."""
    code = str(province_code).strip()
    provinces = master.drop_duplicates("province_code").set_index("province_code")["province_name"]
    if code in provinces.index:
        return code
    by_name = provinces[provinces.str.lower().str.contains(code.lower(), regex=False)]
    close = difflib.get_close_matches(code, provinces.index.tolist(), n=3)
    hints = [f"{c} {n}" for c, n in by_name.head(3).items()] + [f"{c} {provinces[c]}" for c in close]
    raise UnknownCodeError("province", code, "a two-digit Kemendagri 2025 code", len(provinces), hints)


def _in_scope(table: pd.DataFrame | None, codes: set[str]) -> pd.DataFrame | None:
    if table is None:
        return None
    return table[table["regency_code"].isin(codes)].reset_index(drop=True)


def load(province_code: str | None = None, lang: str = "id") -> SummaryContext:
    """Load the national summary's data (``province_code=None``) or one province's."""
    if lang not in ("id", "en"):
        raise ValueError(f"lang must be 'id' or 'en', got {lang!r}")
    master = catalog.read(catalog.REGENCIES)
    if province_code is not None:
        province_code = resolve_province(master, province_code)
        master = master[master["province_code"] == province_code]
    master = master.sort_values("regency_code", kind="stable").reset_index(drop=True)
    codes = set(master["regency_code"])
    tables = {name: _in_scope(brief_context.read_table(name), codes) for name in OPTIONAL_TABLES}
    return SummaryContext(
        lang=lang,
        province_code=province_code,
        master=master,
        informal=tables["informal_workforce"],
        baseline=tables["coverage_baseline"],
        uc=tables["universal_coverage_year"],
        projections=tables["projections"],
        assumptions=brief_context.read_assumptions(),
        checksum=brief_context.raw_checksum(),
    )
