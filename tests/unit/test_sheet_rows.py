"""The workbook's long sheets: rows written as text (`ucj.sheet_rows`) are the bytes openpyxl
writes for the same values, and a value openpyxl treats specially is left to openpyxl."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from ucj import sheet_rows
from ucj.io import save_workbook

pytestmark = pytest.mark.unit

STAMP = dt.datetime(2025, 1, 2, 3, 4, 5)

# Every kind of plain value the workbook's sheets hold, with the awkward ones: empty and
# space-padded strings, markup characters, non-ASCII, tabs and line feeds, integers beyond a
# float's precision, tiny and huge floats, negative zero, booleans, missing values.
COLUMNS = [
    [
        "12.14",
        "",
        " padded ",
        "a & b < c > d",
        "Nias Selatan — ‘Teluk Dalam’",
        "tab\there 😀",
        "two\nlines",
        None,
    ],
    [0, 1, -7, 2**53 + 1, 10**20, 3898137600, None, 12336],
    [0.1, 1e-7, 1.5e300, -0.0, 63044.61898269295, 2 / 3, None, 0.95],
    [True, False, None, True, False, None, True, True],
    [None] * 8,  # a column without any value: no cells
]


def _sheet(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def _write(path: Path, columns: list[list[object]], fast: bool) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("data")
    ws.append(["header"] * len(columns))
    rows = sheet_rows.rows_xml(columns) if fast else None
    if rows is None:
        for row in zip(*columns, strict=True):
            ws.append(list(row))
    save_workbook(wb, path, STAMP, {"data": rows} if rows is not None else None)
    return path


def test_rows_written_as_text_are_the_bytes_openpyxl_writes(tmp_path: Path) -> None:
    fast = _write(tmp_path / "fast.xlsx", COLUMNS, fast=True)
    slow = _write(tmp_path / "slow.xlsx", COLUMNS, fast=False)
    assert sheet_rows.rows_xml(COLUMNS) is not None  # the fast path was taken
    assert _sheet(fast) == _sheet(slow)
    assert fast.read_bytes() == slow.read_bytes()


def test_a_row_without_values_is_written_as_openpyxl_does(tmp_path: Path) -> None:
    columns = [[None, "x"], [None, 1]]
    assert b'<row r="2"></row>' in sheet_rows.rows_xml(columns)
    assert _sheet(_write(tmp_path / "f.xlsx", columns, True)) == _sheet(
        _write(tmp_path / "s.xlsx", columns, False)
    )


def test_styled_cells_and_formulas_are_the_bytes_openpyxl_writes(tmp_path: Path) -> None:
    """Cells with a number format or a fill (empty ones too) and formulas, as in the village
    trackers: the style ids registered first (as openpyxl would, writing the first row) and the
    rows written as text equal openpyxl writing every cell."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import PatternFill

    fill = PatternFill("solid", fgColor="FFF4CC")
    columns = [["a", "b & c"], [201600, 5], ["=G2*H2", "=G3*H3"], [None, None], [None, 7]]
    looks = [None, {"number_format": "#,##0"}, {"number_format": "#,##0"}, {"fill": fill}, None]

    def cell(ws, value, look):
        if look is None:
            return value
        made = WriteOnlyCell(ws, value=value)
        for key, val in look.items():
            setattr(made, key, val)
        return made

    def write(path: Path, fast: bool) -> bytes:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("data")
        ws.append(["header"] * len(columns))
        rows = None
        if fast:
            ids = [None if look is None else cell(ws, None, look).style_id for look in looks]
            rows = sheet_rows.rows_xml(columns, 2, ids, formulas={2})
            assert rows is not None
        else:
            for values in zip(*columns, strict=True):
                ws.append([cell(ws, v, look) for v, look in zip(values, looks, strict=True)])
        save_workbook(wb, path, STAMP, {"data": rows} if rows else None)
        return path.read_bytes()

    assert write(tmp_path / "fast.xlsx", True) == write(tmp_path / "slow.xlsx", False)


def test_a_formula_outside_the_formula_columns_is_left_to_openpyxl() -> None:
    assert sheet_rows.rows_xml([["=SUM(A1)"]], formulas={0}) is not None
    assert sheet_rows.rows_xml([["=SUM(A1)"]]) is None


@pytest.mark.parametrize(
    "value",
    [
        "=SUM(A1)",
        "#N/A",
        "bell\x07",
        "carriage\rreturn",
        "x" * 40000,
        math.nan,
        math.inf,
        dt.date(2025, 1, 1),
    ],
)
def test_a_value_openpyxl_treats_specially_is_left_to_openpyxl(value: object) -> None:
    assert sheet_rows.rows_xml([["plain", value]]) is None


def test_a_summary_sheet_written_as_text_is_what_openpyxl_writes(tmp_path: Path, monkeypatch) -> None:
    """`ucj.summary.excel.write_sheet` returns a short sheet's formatted rows as text: the workbook
    is byte for byte the one openpyxl writes cell by cell (forced here by refusing the text path)."""
    import pandas as pd

    from ucj.summary import excel

    df = pd.DataFrame(
        {
            "regency_code": ["12.14", "13.03", None],
            "count": [17143.0, None, 2.0],
            "share": [0.4131, 0.05, float("nan")],
            "year": pd.array([2031, None, 2045], dtype="Int64"),
            "flag": [True, False, None],
        }
    )
    columns = [
        excel.Col("regency_code", "kode", "code", "text"),
        excel.Col("count", "jumlah", "count", "count"),
        excel.Col("share", "porsi", "share", "share"),
        excel.Col("year", "tahun", "year", "year"),
        excel.Col("flag", "ya", "yes", "bool"),
    ]

    def write(path: Path) -> bytes:
        wb = Workbook(write_only=True)
        rows = excel.write_sheet(wb, "data", df, columns)
        save_workbook(wb, path, STAMP, {"data": rows} if rows is not None else None)
        return path.read_bytes()

    as_text = write(tmp_path / "text.xlsx")
    monkeypatch.setattr(sheet_rows, "rows_xml", lambda *args, **kwargs: None)
    by_openpyxl = write(tmp_path / "openpyxl.xlsx")
    assert as_text == by_openpyxl
