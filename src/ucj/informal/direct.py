"""Optional user file of direct regency estimates of the informal share (Sakernas August).

BPS publishes regency-level Sakernas August estimates in regency publications
("Keadaan Angkatan Kerja Kabupaten/Kota ..."); analysts who have them can put
them in ``data/inputs/direct_estimates.csv`` (``UCJ_INPUTS_DIR`` moves the
folder). Without the file the estimates are purely synthetic.

Columns (one row per regency and year; extra columns such as ``source`` are kept):

``regency_code``
    Kemendagri 2025 code ``PP.RR`` as in the master table.
``year``
    August round, 2018-2024.
``informal_share_pct``
    direct estimate of the informal share of the employed, BPS status
    definition, percent, strictly between 0 and 100.
``sampling_variance``
    sampling variance of ``informal_share_pct`` in squared percentage points
    (a standard error of 1.5 points is a variance of 2.25); strictly positive.

Every problem is reported with the file, the line and the column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column

from ucj import paths
from ucj.errors import InputError
from ucj.loaders import check_known_codes, line_of, read_csv
from ucj.schemas import KEMENDAGRI_REGENCY

FILE_NAME = "direct_estimates.csv"

SCHEMA = pa.DataFrameSchema(
    {
        "regency_code": Column(str, Check.str_matches(KEMENDAGRI_REGENCY)),
        "year": Column("int64", Check.in_range(1900, 2200), coerce=True),  # the estimated rounds: in `read`
        "informal_share_pct": Column(
            "float64", Check.in_range(0, 100, include_min=False, include_max=False), coerce=True
        ),
        "sampling_variance": Column(
            "float64", Check.gt(0, error="sampling variance must be greater than 0"), coerce=True
        ),
    },
    strict=False,
    name="direct estimates",
)


def default_path() -> Path:
    """Where the pipeline looks for direct estimates: ``<inputs>/direct_estimates.csv``."""
    return paths.inputs_dir() / FILE_NAME


def load_direct(path: Path | str | None, known_codes: pd.Series | list[str]) -> pd.DataFrame | None:
    """Read and validate the direct-estimate file; ``None`` when ``path`` is None or absent.

    Raises `InputError`/`InputErrors` naming file, line and column for: a
    missing column, a malformed code, an unknown regency code, a year outside
    the estimated rounds (`ucj.informal.employment.estimate_years`),
    a share outside (0, 100), a sampling variance that is not
    positive, or a regency-year given twice.
    """
    if path is None:
        return None
    path = Path(path)
    if not path.is_file():
        return None
    df = read_csv(path, SCHEMA)
    if df.empty:
        raise InputError(path, "file has a header but no rows")
    check_known_codes(df, "regency_code", known_codes, path)
    from ucj.informal.employment import estimate_years

    years = estimate_years()
    outside = df.index[~df["year"].isin(years)]
    if len(outside):
        i = outside[0]
        raise InputError(
            path,
            f"year outside the estimated rounds {years[0]}-{years[-1]}",
            row=line_of(i),
            column="year",
            value=int(df.at[i, "year"]),
        )
    dup = df.duplicated(["regency_code", "year"], keep="first")
    if dup.any():
        i = df.index[dup][0]
        raise InputError(
            path,
            "regency and year given twice",
            row=line_of(i),
            column="regency_code",
            value=f"{df.at[i, 'regency_code']} {df.at[i, 'year']}",
        )
    out = df.copy()
    out["source_line"] = [line_of(i) for i in df.index]
    return out.reset_index(drop=True)
