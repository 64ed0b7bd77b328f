"""Validated reading of CSV inputs.

Every reader goes through `read_csv`, which reads all cells as text, then lets
a pandera schema coerce and check them. Any failure becomes an `InputError`
naming the file, the line (as numbered in a text editor, header = line 1) and
the column, so a user can open the file and fix it. Problems are collected
(pandera's lazy mode) and reported together.

A shipped raw file (under ``data/raw/``, read-only) that passed its schema is kept as read
(`ucj.catalog.validated_raw_path`) and reused while its bytes, its schema and this module and
`ucj.schemas` are unchanged: the same table, without parsing and validating it again in every
process of a run.
"""

from __future__ import annotations

import functools
import hashlib
import io
import pickle
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from ucj import catalog
from ucj.errors import InputError, InputErrors

HEADER_LINES = 1

#: Regular expressions of the schemas, as a user would write the format.
PATTERN_WORDS = {
    r"^\d{2}\.\d{2}$": "a Kemendagri regency code PP.RR, e.g. 12.14",
    r"^\d{4}$": "a four-digit code",
    r"^\d{4}-\d{2}(-\d{2})?$": "YYYY-MM-DD or YYYY-MM",
    r"^\d{4}(-\d{2}(-\d{2})?)?$": "YYYY-MM-DD, YYYY-MM or YYYY",
    r"^\d{4}-\d{2}$": "YYYY-MM",
}


def line_of(index: int) -> int:
    """Editor line number of the 0-based data row ``index`` (header is line 1)."""
    return int(index) + HEADER_LINES + 1


def read_csv(path: Path | str, schema: pa.DataFrameSchema | None = None) -> pd.DataFrame:
    """Read ``path`` as text and validate it with ``schema``.

    Raises `InputError` for a missing or malformed file and `InputErrors`
    listing every failing cell (file, line, column, value) for schema failures.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    raw = path.read_bytes()
    kept = _kept_path(path) if schema is not None else None
    key = _kept_key(raw, schema) if kept is not None else ""
    if kept is not None:
        table = _read_kept(kept, key)
        if table is not None:
            return table
    table = _parse(path, raw, schema)
    if kept is not None:
        _keep(kept, key, table)
    return table


def _parse(path: Path, raw: bytes, schema: pa.DataFrameSchema | None) -> pd.DataFrame:
    """`read_csv` of the file's bytes, without the kept copy."""
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (Excel's "CSV UTF-8") is accepted
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            path,
            f"not UTF-8 text (byte {raw[exc.start]:#04x} at character {column} of the line; "
            "save the file as 'CSV UTF-8')",
            row=line,
        ) from None
    if not text.strip():
        raise InputError(path, "file is empty (no header row)", row=1)
    header = text.splitlines()[0]
    # Excel in an Indonesian locale writes ';' between fields and ',' as the decimal mark
    sep, decimal = (";", ",") if header.count(";") > header.count(",") else (",", ".")
    try:
        df = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skipinitialspace=True,
            sep=sep,
        )
    except pd.errors.EmptyDataError as exc:
        raise InputError(path, "file is empty (no header row)", row=1) from exc
    except pd.errors.ParserError as exc:
        raise InputError(path, f"malformed CSV: {exc}") from exc
    if decimal == ",":  # 1.234,5 -> 1234.5 in every cell that is a number written the Indonesian way
        pattern = r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$"
        df = df.apply(
            lambda col: col.where(
                ~col.fillna("").str.match(pattern),
                col.str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
            )
        )
    if df.empty and schema is not None:
        raise InputError(path, "no data rows below the header: add rows, or remove the file", row=2)
    df.columns = [str(c).strip() for c in df.columns]
    if schema is None:
        return df
    return validate(df, schema, path)


def _kept_path(path: Path) -> Path | None:
    """Where a validated copy of ``path`` is kept: only for the shipped raw files."""
    try:
        return catalog.validated_raw_path(path)
    except ValueError:  # not under data/raw/: a user's input or a test's file, read every time
        return None


@functools.lru_cache(maxsize=1)
def _code_key() -> bytes:
    """The code that decides what a validated table is: this module, the schemas, the libraries."""
    from importlib.metadata import version

    from ucj import schemas

    h = hashlib.sha256(f"{pd.__version__}|{version('pandera')}".encode())
    for module in (__file__, schemas.__file__):
        h.update(Path(module).read_bytes())
    return h.digest()


def _kept_key(raw: bytes, schema: pa.DataFrameSchema) -> str:
    return hashlib.sha256(_code_key() + repr(schema).encode() + raw).hexdigest()


def _read_kept(kept: Path, key: str) -> pd.DataFrame | None:
    """The kept table if it was made from these bytes with this schema and code, else None."""
    if not kept.is_file():
        return None
    try:
        stored_key, table = pickle.loads(kept.read_bytes())
    except Exception:  # unreadable or from other library versions: read the file instead
        return None
    return table if stored_key == key else None


def _keep(kept: Path, key: str, table: pd.DataFrame) -> None:
    from ucj.io import write_bytes_atomic

    try:
        write_bytes_atomic(kept, pickle.dumps((key, table), protocol=5))
    except OSError:  # a read-only processed folder: nothing kept, nothing lost
        pass


def validate(df: pd.DataFrame, schema: pa.DataFrameSchema, path: Path | str) -> pd.DataFrame:
    """Validate ``df`` (as read from ``path``) and translate failures to located errors."""
    path = Path(path)
    missing = [name for name, col in schema.columns.items() if col.required and name not in df.columns]
    if missing:
        raise InputError(
            path,
            f"missing column(s): {', '.join(missing)}; columns present: {', '.join(map(str, df.columns))}",
            column=missing[0],
        )
    try:
        return schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        raise InputErrors(_located(exc.failure_cases, path)) from None
    except SchemaError as exc:  # non-lazy failures (e.g. dataframe-level)
        raise InputError(path, str(exc)) from None


def _located(failures: pd.DataFrame, path: Path) -> list[InputError]:
    errors: list[InputError] = []
    failures = failures.sort_values(["index", "column"], na_position="first", key=_sort_key)
    # A value that cannot be converted is reported twice by pandera: once for the column (no row)
    # and once for the cell. Keep the cell: it names the line.
    located_columns = set(failures.loc[failures["index"].notna(), "column"].astype(str))
    failures = failures[failures["index"].notna() | ~failures["column"].astype(str).isin(located_columns)]
    # A uniqueness check over several columns reports every column of every duplicated row: one
    # error per row is enough.
    multi = failures["check"].astype(str).str.startswith("multiple_fields_uniqueness")
    failures = pd.concat([failures[~multi], failures[multi].drop_duplicates("index")])
    for case in failures.itertuples(index=False):
        index = case.index
        row = line_of(index) if pd.notna(index) else None
        column = case.column if isinstance(case.column, str) else None
        check = str(case.check)
        errors.append(
            InputError(
                path,
                _describe(check),
                row=row,
                column=column,
                value=None if pd.isna(case.failure_case) else case.failure_case,
            )
        )
    unique = {str(e): e for e in errors}  # a cell failing two checks that say the same thing: once
    return list(unique.values())


def _sort_key(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce") if series.name == "index" else series.astype(str)


def _describe(check: str) -> str:
    if check.startswith("multiple_fields_uniqueness"):
        return "duplicated row: the same key appears on another line"
    if check.startswith("dtype(") or check.startswith("coerce_dtype"):
        wanted = check.removeprefix("coerce_dtype").removeprefix("dtype").strip("()'\"")
        if wanted.lower().startswith(("int", "float")):
            return "not a number (write digits only, without thousands separators)"
        if wanted.lower().startswith("datetime"):
            return "not a date (YYYY-MM-DD)"
    if check.startswith("coerce_dtype"):
        return f"value is not of the expected type ({check.removeprefix('coerce_dtype')})"
    if check == "field_uniqueness" or check.startswith("field_uniqueness"):
        return "duplicated value; it must be unique"
    if check == "not_nullable":
        return "value is missing"
    if check.startswith("greater_than_or_equal_to"):
        bound = check.removeprefix("greater_than_or_equal_to").strip("()")
        return f"value out of range: must be {bound} or more"
    if check.startswith("greater_than"):
        return f"value out of range: must be more than {check.removeprefix('greater_than').strip('()')}"
    if check.startswith("in_range"):
        return f"value out of range {check.removeprefix('in_range')}"
    if check.startswith("isin"):
        return "unknown value (not in the list of allowed values)"
    if check.startswith("str_matches"):
        pattern = check.removeprefix("str_matches").strip("()'\"")
        return f"value has the wrong format (expected {PATTERN_WORDS.get(pattern, pattern)})"
    return f"check failed: {check}"


def check_known_codes(
    df: pd.DataFrame, column: str, known: Iterable[str], path: Path | str, what: str = "regency code"
) -> None:
    """Raise `InputErrors` for every row whose ``column`` is not among ``known``."""
    known_set = set(known)
    bad = df.index[~df[column].isin(known_set)]
    if len(bad):
        raise InputErrors(
            [
                InputError(path, f"unknown {what}", row=line_of(i), column=column, value=df.at[i, column])
                for i in bad
            ]
        )
