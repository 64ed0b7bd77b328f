"""Writing the village tracker workbooks (an output): one per regency with desa.

`write_tracker` lists every desa and kelurahan of the regency (``data/raw/villages/``), the quota per
desa and the premium per worker (read from the data), and empty, validated columns for workers
enrolled and paid, with totals per kecamatan (as formulas) on a second sheet. The layout (sheet
names, columns, the date cell) is `ucj.villages`'s, which also reads the filled trackers back;
`ucj.reports.trackers` writes them incrementally under ``reports/villages/<PP-province>/``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ucj import sheet_rows
from ucj.villages import COLUMNS, HEADER_ROW, MAX_FACTOR, SHEET, SUMMARY_SHEET, quota_for

if TYPE_CHECKING:
    from openpyxl import Workbook


def write_tracker(
    target: Path,
    regency: pd.Series,
    villages: pd.DataFrame,
    quota: int,
    premium_year: int,
    stamp: dt.datetime,
    quota_note: str = "",
    term: str = "desa",
) -> Path:
    """The tracker workbook of one regency, written atomically with reproducible bytes (openpyxl's
    write-only mode: about three times faster than building the sheet in memory).

    Parameters
    ----------
    target : pathlib.Path
        The ``.xlsx`` file to write (`ucj.catalog.tracker_path`); its folder is created, and the
        file is replaced only once it is complete (on an error the old one stays).
    regency : pandas.Series
        The regency's row of the master table; its ``regency_code`` and ``regency_name`` make the
        title.
    villages : pandas.DataFrame
        The regency's desa and kelurahan (its rows of `ucj.villages.read_villages`):
        ``village_code``, ``village_name``, ``kind`` (desa, kelurahan, desa_adat),
        ``kecamatan_code`` and ``kecamatan_name``; listed by village code, one row each.
    quota : int
        Workers per village: the regency's own published quota per village, or the project's
        default; a kelurahan gets none (`ucj.villages.quota_for`).
    premium_year : int
        The JKK+JKM premium per worker per year, in rupiah (the monthly premium × 12).
    stamp : datetime.datetime
        The document's date (creation, modification and every zip member's date), as a naive
        time (a time zone is dropped, its wall time kept): the same stamp gives the same bytes.
    quota_note : str, default ""
        Says which quota it is (source and date, or "default"); empty: "bawaan proyek" (the
        project's default) is printed.
    term : str, default "desa"
        The regency's word for a village (desa, nagari, kampung, gampong, pekon), used in the
        sheet's notes.

    Returns
    -------
    pathlib.Path
        ``target``.
    """
    from ucj.io import save_workbook, temporaries_beside

    plain = stamp.replace(tzinfo=None)
    with temporaries_beside(target):  # openpyxl writes each sheet to a temporary file first
        wb, rows = _workbook(regency, villages, quota, premium_year, plain, quota_note, term)
        save_workbook(wb, target, plain, rows)
    return target


def _workbook(
    regency: pd.Series,
    villages: pd.DataFrame,
    quota: int,
    premium_year: int,
    stamp: dt.datetime,
    quota_note: str,
    term: str,
) -> tuple[Workbook, dict[str, bytes]]:
    """The tracker's openpyxl workbook, its sheets written (``stamp``: naive, the document's dates),
    and the rows written as text for `ucj.io.save_workbook` (sheet title -> rows; empty when
    openpyxl wrote them all)."""
    from copy import copy

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF4CC")
    looks = {  # every styled cell has one of these looks
        "title": {"font": Font(bold=True, size=12)},
        "date_input": {"number_format": "yyyy-mm-dd", "fill": fill},
        "amount": {"number_format": "#,##0"},
        "input": {"fill": fill},
        "header": {"font": bold, "alignment": Alignment(wrap_text=True, vertical="top")},
        "bold": {"font": bold},
    }
    registered = {}

    def styled(value, look: str):
        """A cell with one of ``looks``. The first cell of a look registers its styles with the
        workbook; later ones copy its style ids (the same ids openpyxl would find again, after
        hashing every style object anew for every cell: a third of a tracker's time)."""
        cell = WriteOnlyCell(ws, value=value)
        if look in registered:
            cell._style = copy(registered[look])
        else:
            for key, val in looks[look].items():
                setattr(cell, key, val)
            registered[look] = copy(cell._style)
        return cell

    for letter, width in zip("ABCDEFGHIJKL", (6, 16, 26, 10, 12, 22, 10, 14, 16, 12, 12, 24), strict=True):
        ws.column_dimensions[letter].width = width
    rows = villages.sort_values("village_code").reset_index(drop=True)
    first = HEADER_ROW + 1
    last = first + len(rows) - 1
    ws.freeze_panes = f"C{first}"
    paid_dv = DataValidation(
        type="custom",
        formula1=f"=K{first}<=J{first}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Dibayar melebihi terdaftar",
        error="Jumlah orang yang dibayar tidak boleh melebihi jumlah orang yang terdaftar.",
    )
    paid_dv.add(f"K{first}:K{last}")
    ws.data_validations.append(paid_dv)
    ws.auto_filter.ref = f"A{HEADER_ROW}:L{last}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for letter in ("J", "K"):
        dv = DataValidation(
            type="whole",
            operator="between",
            formula1="0",
            formula2=f"G{first}*{MAX_FACTOR}+0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Angka tidak sah",
            error=f"Bilangan bulat 0 sampai {MAX_FACTOR} × kuota.",
        )
        dv.add(f"{letter}{first}:{letter}{last}")
        ws.data_validations.append(dv)
    title = f"Pelacak program desa pekerja rentan: {regency['regency_name']} ({regency['regency_code']})"
    ws.append([styled(title, "title")])
    ws.append(
        [
            "Tanggal data (YYYY-MM-DD), diisi:",
            None,
            styled(None, "date_input"),
            None,
            f"Kuota per {term} {quota} pekerja ({quota_note or 'bawaan proyek'}); iuran JKK+JKM "
            f"Rp{premium_year:,} per pekerja per tahun".replace(",", ".")
            + f". Dibayar dari ADD atau pendapatan asli {term}, bukan Dana Desa.",
        ]
    )
    ws.append(
        [
            "Isi kolom kuning: Terdaftar = jumlah orang (bukan rupiah) yang terdaftar lewat program ini "
            "sampai tanggal data, kumulatif; Dibayar = jumlah orang yang iurannya sudah dibayar untuk "
            "tahun berjalan sampai tanggal data (tidak boleh melebihi Terdaftar)."
        ]
    )
    ws.append([styled(name, "header") for name in COLUMNS])
    n = len(rows)
    village_columns = [
        list(range(1, n + 1)),
        rows["village_code"].tolist(),
        rows["village_name"].tolist(),
        rows["kind"].tolist(),
        rows["kecamatan_code"].tolist(),
        rows["kecamatan_name"].tolist(),
        [quota_for(kind, quota) for kind in rows["kind"]],
        [premium_year] * n,
        [f"=G{r}*H{r}" for r in range(first, last + 1)],
        [None] * n,
        [None] * n,
        [None] * n,
    ]
    column_looks = [None] * 7 + ["amount", "amount", "input", "input", None]
    sums = {6: f"=SUM(G{first}:G{last})", 8: f"=SUM(I{first}:I{last})"}
    sums |= {9: f"=SUM(J{first}:J{last})", 10: f"=SUM(K{first}:K{last})"}
    totals = [None, "Jumlah", *[sums.get(j) for j in range(2, 12)]]  # after an empty row
    # The village rows and the totals as text (`ucj.sheet_rows`), with the style ids their cells get
    # (registered here, in the order openpyxl would register them writing the first village row).
    style_ids = [None if look is None else styled(None, look).style_id for look in column_looks]
    rows_text = sheet_rows.rows_xml(village_columns, first, style_ids, formulas={8})
    totals_text = sheet_rows.rows_xml([[None, t] for t in totals], last + 1, formulas={6, 8, 9, 10})
    if rows_text is None or totals_text is None:  # a value only openpyxl writes right
        for values in zip(*village_columns, strict=True):
            ws.append(
                [v if look is None else styled(v, look) for v, look in zip(values, column_looks, strict=True)]
            )
        ws.append([])
        ws.append(totals)
        text = {}
    else:
        text = {SHEET: rows_text + totals_text}
    summary = wb.create_sheet(SUMMARY_SHEET)
    summary.column_dimensions["B"].width = 24
    summary.append(
        [
            styled(name, "bold")
            for name in (
                "Kode kecamatan",
                "Kecamatan",
                "Desa/kelurahan",
                "Kuota (pekerja)",
                "Iuran kuota per tahun (Rp)",
                "Terdaftar",
                "Dibayar",
            )
        ]
    )
    kec = rows.drop_duplicates("kecamatan_code")[["kecamatan_code", "kecamatan_name"]]
    rng = f"{SHEET}!$E${first}:$E${last}"
    for code, name in kec.itertuples(index=False):
        summary.append(
            [
                code,
                name,
                f'=COUNTIF({rng},"{code}")',
                f'=SUMIF({rng},"{code}",{SHEET}!$G${first}:$G${last})',
                f'=SUMIF({rng},"{code}",{SHEET}!$I${first}:$I${last})',
                f'=SUMIF({rng},"{code}",{SHEET}!$J${first}:$J${last})',
                f'=SUMIF({rng},"{code}",{SHEET}!$K${first}:$K${last})',
            ]
        )
    n = len(kec) + 1
    summary.append(
        [
            "",
            "Jumlah",
            f"=SUM(C2:C{n})",
            f"=SUM(D2:D{n})",
            f"=SUM(E2:E{n})",
            f"=SUM(F2:F{n})",
            f"=SUM(G2:G{n})",
        ]
    )
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "ucj"
    return wb, text
