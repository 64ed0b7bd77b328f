"""Village trackers: every village of the regency, validated when filled, and read back as a
programme figure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from ucj import catalog, stages, villages
from ucj.errors import InputError, InputErrors
from ucj.reports import tracker_workbook

CODE = "12.15"  # Pakpak Bharat


@pytest.fixture(scope="module")
def master(processed_dir) -> pd.DataFrame:
    return catalog.read(catalog.REGENCIES)


@pytest.fixture(scope="module")
def all_villages(master) -> pd.DataFrame:
    return villages.read_villages(master)


def _write_tracker(target: Path, master: pd.DataFrame, all_villages: pd.DataFrame) -> Path:
    """The tracker of `CODE` (quota 50, premium Rp201,600 a year, dated 2026-01-01) at ``target``."""
    regency = master.set_index("regency_code").loc[CODE].copy()
    regency["regency_code"] = CODE
    return tracker_workbook.write_tracker(
        target,
        regency,
        all_villages[all_villages["regency_code"] == CODE],
        50,
        201_600,
        dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
    )


@pytest.fixture()
def tracker(tmp_path, master, all_villages) -> Path:
    return _write_tracker(tmp_path / "t.xlsx", master, all_villages)


def test_the_village_list_matches_the_master_counts(master, all_villages) -> None:
    counts = all_villages.groupby("regency_code").size()
    expected = master.set_index("regency_code")[["desa_count", "kelurahan_count"]].sum(axis=1)
    assert len(all_villages) == 83_762 and (counts.reindex(expected.index) == expected).all()


def test_a_tracker_lists_exactly_the_villages_of_its_regency(tracker, all_villages) -> None:
    ws = load_workbook(tracker, read_only=True)[villages.SHEET]
    codes = [
        row[1]
        for row in ws.iter_rows(min_row=villages.HEADER_ROW + 1, values_only=True)
        if len(row) > 1 and row[1] not in (None, "Jumlah")
    ]
    assert sorted(codes) == sorted(all_villages.loc[all_villages["regency_code"] == CODE, "village_code"])


def test_the_same_inputs_give_the_same_bytes(tmp_path, tracker, master, all_villages) -> None:
    again = _write_tracker(tmp_path / "again.xlsx", master, all_villages)
    assert again.read_bytes() == tracker.read_bytes()


def test_village_rows_written_as_text_are_what_openpyxl_writes(
    tmp_path, tracker, master, all_villages, monkeypatch
) -> None:
    """The tracker's village rows and totals are written as text (`ucj.sheet_rows`), with the
    style ids openpyxl gives the same cells: openpyxl writing every row gives the same bytes."""
    from ucj import sheet_rows

    monkeypatch.setattr(sheet_rows, "rows_xml", lambda *args, **kwargs: None)  # openpyxl writes them
    by_openpyxl = _write_tracker(tmp_path / "openpyxl.xlsx", master, all_villages)
    assert by_openpyxl.read_bytes() == tracker.read_bytes()


def test_trackers_are_written_under_reports_and_then_left_alone(tmp_path, monkeypatch, master) -> None:
    from ucj.reports import trackers

    monkeypatch.setenv("UCJ_REPORTS_DIR", str(tmp_path / "reports"))
    assert trackers.build_trackers(only=[CODE]) == []
    target = catalog.tracker_path(master.set_index("regency_code", drop=False).loc[CODE])
    assert target.is_file() and target.is_relative_to(tmp_path / "reports" / "villages")
    written = target.stat().st_mtime_ns
    assert trackers.build_trackers(only=[CODE]) == []
    assert target.stat().st_mtime_ns == written  # current: not written again


def _fill(tracker: Path, folder: Path, date: str = "2025-09-30", **cells: object) -> Path:
    wb = load_workbook(tracker)
    ws = wb[villages.SHEET]
    ws[villages.DATE_CELL] = date
    first = villages.HEADER_ROW + 1
    for i in range(5):
        ws.cell(row=first + i, column=10, value=40)
        ws.cell(row=first + i, column=11, value=30)
    for ref, value in cells.items():
        ws[ref] = value
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "pakpak.xlsx"
    wb.save(target)
    return target


def test_a_filled_tracker_is_summed_into_a_programme_figure(tmp_path, tracker, master) -> None:
    folder = tmp_path / "village_tracker"
    _fill(tracker, folder)
    filled = villages.read_filled(master, folder)
    assert filled.to_dict("records")[0] | {"as_of": None} == {
        "regency_code": CODE,
        "as_of": None,
        "enrolled": 200.0,
        "paid": 150.0,
        "villages_reporting": 5,
        "source": "village tracker pakpak.xlsx",
    }
    rows = villages.as_published_rows(filled)
    assert rows["metric"].tolist() == ["program_enrolled"] and rows["value"].tolist() == [150.0]


@pytest.mark.parametrize(
    "cells, line, column",
    [
        ({"J6": -3}, 6, villages.ENROLLED),
        ({"K7": "banyak"}, 7, villages.PAID),
        ({"J8": 500}, 8, villages.ENROLLED),  # above 3 × the quota of 50
        ({"B9": "12.15.99.9999"}, 9, "Kode desa/kelurahan"),
    ],
)
def test_a_bad_filled_tracker_is_one_located_error(tmp_path, tracker, master, cells, line, column) -> None:
    path = _fill(tracker, tmp_path / "village_tracker", **cells)
    with pytest.raises(InputErrors) as info:
        villages.read_filled(master, path.parent)
    (error,) = info.value.errors
    assert (error.path, error.sheet, error.row, error.column) == (path, villages.SHEET, line, column)
    assert f"{path}, sheet '{villages.SHEET}', row {line}, column '{column}': " in str(error)


def test_every_error_in_a_filled_tracker_names_its_sheet(tmp_path, tracker, master, all_villages) -> None:
    """File, sheet, row and column: the date, the header, the counts, the codes and the regency."""
    elsewhere = all_villages.loc[all_villages["regency_code"] != CODE, "village_code"].iloc[0]
    first = villages.HEADER_ROW + 1
    cases = {
        "date": {"date": None},
        "header": {"J4": "Terdaftar"},
        "count": {f"J{first}": -3, f"K{first + 1}": "banyak", f"K{first + 2}": 41, f"J{first + 3}": 500},
        "code": {f"B{first + 4}": "12.15.99.9999"},
        "regency": {f"B{first + 4}": elsewhere},
    }
    for case, cells in cases.items():
        path = _fill(tracker, tmp_path / case, **cells)
        with pytest.raises(InputErrors) as info:
            villages.read_filled(master, path.parent)
        assert info.value.errors, case
        for error in info.value.errors:
            assert error.sheet == villages.SHEET, (case, str(error))
            assert str(error).startswith(f"{path}, sheet '{villages.SHEET}', "), (case, str(error))


def test_a_tracker_without_its_date_is_refused(tmp_path, tracker, master) -> None:
    path = _fill(tracker, tmp_path / "village_tracker", date=None)
    with pytest.raises(InputErrors, match="data date"):
        villages.read_filled(master, path.parent)


def test_a_bad_tracker_leaves_the_processed_tables_untouched(
    tmp_path, tracker, processed_copy, monkeypatch
) -> None:
    inputs = tmp_path / "inputs"
    monkeypatch.setenv("UCJ_INPUTS_DIR", str(inputs))
    stages.run_stages(only="project")
    before = {p.name: p.read_bytes() for p in processed_copy.glob("*.parquet")}
    _fill(tracker, inputs / "village_tracker", J6=-1)
    with pytest.raises((InputError, InputErrors)):
        stages.run_stages(only="project")
    assert {p.name: p.read_bytes() for p in processed_copy.glob("*.parquet")} == before
    _fill(tracker, inputs / "village_tracker")  # fixed: becomes the regency's programme figure
    assert stages.run_stages(only="project") == ["project"]
    history = pd.read_parquet(processed_copy / "coverage_history.parquet")
    mine = history[(history["regency_code"] == CODE) & (history["source_kind"] == "village_tracker")]
    assert mine["value"].tolist() == [150.0]


def test_more_paid_than_enrolled_is_refused_with_sheet_row_and_column(tmp_path, tracker, master) -> None:
    first = villages.HEADER_ROW + 1
    _fill(tracker, tmp_path / "village_tracker", **{f"K{first + 2}": 41})  # enrolled 40 there
    with pytest.raises(InputErrors) as err:
        villages.read_filled(master, tmp_path / "village_tracker")
    text = str(err.value)
    assert f"sheet '{villages.SHEET}', row {first + 2}, column '{villages.PAID}'" in text
    assert "paid than enrolled" in text and "(got 41)" in text


def test_a_tracker_is_ready_to_print_and_filter_and_says_what_its_columns_count(tracker) -> None:
    ws = load_workbook(tracker)[villages.SHEET]
    assert ws.auto_filter.ref.startswith(f"A{villages.HEADER_ROW}:")
    assert ws.print_title_rows.replace("$", "") == f"{villages.HEADER_ROW}:{villages.HEADER_ROW}"
    assert "jumlah orang" in str(ws["A3"].value) and "kumulatif" in str(ws["A3"].value)
    assert ws.cell(row=villages.HEADER_ROW + 1, column=8).number_format == "#,##0"
    assert any(dv.formula1.startswith("=K") for dv in ws.data_validations.dataValidation)


def test_each_tracker_carries_its_regency_quota_and_word_for_village(
    processed_dir, master, monkeypatch, tmp_path
):
    from ucj.reports import trackers

    monkeypatch.setenv("UCJ_REPORTS_DIR", str(tmp_path / "reports"))
    policies = catalog.read(catalog.REGENCY_POLICIES).set_index("regency_code")
    code = "13.03"  # Sijunjung: "satu nagari 100", its own published quota
    assert (
        policies.loc[code, "quota_status"] == "village_quota"
        and policies.loc[code, "village_term"] == "nagari"
    )
    assert trackers.build_trackers(only=[code]) == []
    ws = load_workbook(catalog.tracker_path(master.set_index("regency_code", drop=False).loc[code]))[
        villages.SHEET
    ]
    note = str(ws["E2"].value)
    assert f"Kuota per nagari {int(policies.loc[code, 'quota'])}" in note and "bawaan" not in note
    desa_rows = [r for r in ws.iter_rows(min_row=villages.HEADER_ROW + 1, values_only=True) if r[3] == "desa"]
    assert {r[6] for r in desa_rows} == {int(policies.loc[code, "quota"])}


def test_a_tracker_is_written_through_temporary_files_beside_it_only(
    tmp_path, master, all_villages, monkeypatch
) -> None:
    """openpyxl writes each sheet to a temporary file first: those are beside the tracker, in a folder
    named for this writer (a killed run's are removed by the next write, `ucj.io`), not in /tmp."""
    import os
    import tempfile

    from openpyxl.worksheet import _writer

    made = []
    original = _writer.create_temporary_file

    def spy(*args, **kwargs) -> str:
        made.append(original(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(_writer, "create_temporary_file", spy)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "system-tmp"))
    target = tmp_path / "trackers" / "t.xlsx"
    regency = master.set_index("regency_code").loc[CODE].copy()
    regency["regency_code"] = CODE
    tracker_workbook.write_tracker(
        target,
        regency,
        all_villages[all_villages["regency_code"] == CODE],
        50,
        201_600,
        dt.datetime(2026, 1, 1),
    )
    assert len(made) == 2  # one per sheet
    for path in map(Path, made):
        assert path.parent.parent == target.parent and path.parent.name.startswith(f".t.xlsx.{os.getpid()}.")
    assert [p.name for p in target.parent.iterdir()] == ["t.xlsx"]  # and nothing left
