"""Bad input stops with an error naming file, line and column, and leaves outputs intact."""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ucj import master, schemas
from ucj.errors import InputError, InputErrors
from ucj.loaders import check_known_codes, read_csv

KEYS = ("stats", "regency_keys.csv")
TPT = ("stats", "regency_tpt_tpak_2018_2024.csv")
REGIONS = ("regions", "regencies.csv")


def edit_cell(raw: Path, rel: tuple[str, str], line: int, column: str, value: str) -> None:
    """Set one cell of a raw CSV (``line`` as numbered in an editor, header = 1)."""
    path = raw.joinpath(*rel)
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[line - 2, column] = value
    df.to_csv(path, index=False)


def error_text(exc: BaseException) -> str:
    return str(exc)


def test_missing_file_is_named(raw_copy: Path) -> None:
    raw_copy.joinpath(*TPT).unlink()
    with pytest.raises(InputError, match=r"regency_tpt_tpak_2018_2024.csv: file not found"):
        master.build_master()


def test_malformed_csv_is_reported(raw_copy: Path) -> None:
    path = raw_copy.joinpath(*KEYS)
    path.write_text(path.read_text() + '1101,"unterminated\n')
    with pytest.raises((InputError, InputErrors), match="regency_keys.csv"):
        master.build_master()


def test_missing_column_is_named(raw_copy: Path) -> None:
    path = raw_copy.joinpath(*TPT)
    df = pd.read_csv(path, dtype=str).drop(columns="tpak_pct")
    df.to_csv(path, index=False)
    with pytest.raises(InputError) as info:
        master.build_master()
    assert info.value.column == "tpak_pct"
    assert "regency_tpt_tpak_2018_2024.csv" in str(info.value) and "missing column" in str(info.value)


def test_duplicated_regency_code_names_line_and_column(raw_copy: Path) -> None:
    edit_cell(raw_copy, REGIONS, 3, "kemendagri_code", "11.01")
    with pytest.raises(InputErrors) as info:
        master.build_master()
    located = [(e.row, e.column) for e in info.value.errors]
    assert (3, "kemendagri_code") in located
    assert "regions/regencies.csv" in str(info.value) and "duplicated" in str(info.value)


def test_negative_count_names_line_and_column(raw_copy: Path) -> None:
    edit_cell(raw_copy, REGIONS, 10, "n_desa", "-5")
    with pytest.raises(InputErrors) as info:
        master.build_master()
    assert any(e.row == 10 and e.column == "n_desa" and str(e.value) == "-5" for e in info.value.errors)


def test_non_numeric_value_names_line_and_column(raw_copy: Path) -> None:
    edit_cell(raw_copy, TPT, 7, "tpt_pct", "5,3x")
    with pytest.raises(InputErrors) as info:
        master.build_master()
    errors = info.value.errors
    assert any(e.row == 7 and e.column == "tpt_pct" for e in errors), [str(e) for e in errors]
    assert "regency_tpt_tpak_2018_2024.csv, line 7, column 'tpt_pct'" in str(info.value)


def test_share_above_100_is_rejected(raw_copy: Path) -> None:
    edit_cell(raw_copy, TPT, 4, "tpak_pct", "140")
    with pytest.raises(InputErrors, match=r"line 4, column 'tpak_pct'"):
        master.build_master()


def test_unknown_regency_code_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "reported.csv"
    path.write_text("regency_code,active\n12.14,10\n99.99,5\n")
    df = read_csv(path)
    with pytest.raises(InputErrors) as info:
        check_known_codes(df, "regency_code", master.read_master()["regency_code"], path)
    (error,) = info.value.errors
    assert (error.row, error.column, error.value) == (3, "regency_code", "99.99")


def test_inconsistent_key_tables_are_caught(raw_copy: Path) -> None:
    # a BPS code in the regions file that disagrees with the key table
    edit_cell(raw_copy, REGIONS, 2, "bps_code_pre2023", "1199")
    with pytest.raises(ValueError, match="disagree"):
        master.build_master()


def test_failed_build_leaves_previous_output_intact(raw_copy: Path, isolated_processed: Path) -> None:
    target = master.write_master()
    before = target.read_bytes()
    edit_cell(raw_copy, REGIONS, 5, "n_kelurahan", "-1")
    with pytest.raises(InputErrors):
        master.write_master()
    assert target.read_bytes() == before
    # nothing else written: no partial table, no temporary file (.state keeps the raw files that
    # passed validation, `ucj.loaders`)
    assert sorted(p.name for p in isolated_processed.iterdir() if p.name != ".state") == ["regencies.parquet"]
    assert not [p for p in isolated_processed.rglob("*") if p.suffix == ".tmp"]


def test_master_schema_rejects_wrong_national_village_total() -> None:
    table = master.read_master()
    table.loc[0, "desa_count"] += 1
    with pytest.raises(Exception, match="83,762"):
        schemas.MASTER.validate(table)


@pytest.mark.parametrize(
    "value, shown",
    [
        (np.float64(12.5), "(got 12.5)"),
        (np.int64(7), "(got 7)"),
        (np.bool_(True), "(got True)"),
        (np.str_("12.99"), "(got '12.99')"),
        (np.datetime64("2030-01-01"), "(got '2030-01-01')"),
        (pd.Timestamp("2030-01-01"), "(got '2030-01-01')"),
        (datetime.datetime(2030, 1, 1, 9, 30), "(got '2030-01-01 09:30:00')"),  # an Excel date cell
        (pd.NaT, "(got 'NaT')"),
    ],
)
def test_a_value_read_by_pandas_or_openpyxl_prints_as_typed(value: object, shown: str) -> None:
    text = str(InputError("potential.csv", "check the figure", row=2, column="potential", value=value))
    assert text == f"potential.csv, line 2, column 'potential': check the figure {shown}"


def test_a_potential_above_the_population_names_the_figure_as_a_number(tmp_path: Path) -> None:
    from ucj.projection import baseline

    table = master.read_master()
    path = tmp_path / "coverage_potential.csv"
    path.write_text("regency_code,potential,source\n12.14,12345678901.5,letter\n")
    with pytest.raises(InputErrors) as info:
        baseline.read_potential(table, path)
    (error,) = info.value.errors
    assert str(error).endswith("(got 12345678901.5)") and "np." not in str(info.value)


def test_a_newer_poverty_round_is_validated_like_the_others(raw_copy: Path) -> None:
    """A yearly file added by the update path (docs/updating.md) is refused with its line and column."""
    edit_cell(raw_copy, ("stats", "regency_poverty_2025.csv"), 7, "p0_pct", "112.5")
    with pytest.raises(InputErrors) as info:
        master.load_poverty_rounds()
    located = [(e.row, e.column) for e in info.value.errors]
    assert located == [(7, "p0_pct")]
    assert "regency_poverty_2025.csv" in str(info.value)


def test_a_round_with_a_changed_regency_code_names_the_row(raw_copy: Path) -> None:
    edit_cell(raw_copy, TPT, 5, "bps_code_2020", "9999")
    with pytest.raises(InputErrors) as info:
        master.load_tpt_tpak()
    assert [(e.row, e.column) for e in info.value.errors] == [(5, "bps_code_2020")]
    assert "regency_tpt_tpak_2018_2024.csv" in str(info.value) and "9999" in str(info.value)
