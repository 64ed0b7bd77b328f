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
        wb = _workbook(regency, villages, quota, premium_year, plain, quota_note, term)
        save_workbook(wb, target, plain)
    return target


def _workbook(
    regency: pd.Series,
    villages: pd.DataFrame,
    quota: int,
    premium_year: int,
    stamp: dt.datetime,
    quota_note: str,
    term: str,
) -> Workbook:
    """The tracker's openpyxl workbook, its sheets written (``stamp``: naive, the document's dates)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF4CC")

    def styled(value, **style):
        cell = WriteOnlyCell(ws, value=value)
        for key, val in style.items():
            setattr(cell, key, val)
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
    ws.append([styled(title, font=Font(bold=True, size=12))])
    ws.append(
        [
            "Tanggal data (YYYY-MM-DD), diisi:",
            None,
            styled(None, number_format="yyyy-mm-dd", fill=fill),
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
    header = Alignment(wrap_text=True, vertical="top")
    ws.append([styled(name, font=bold, alignment=header) for name in COLUMNS])
    for i, v in enumerate(rows.itertuples(index=False)):
        r = first + i
        ws.append(
            [
                i + 1,
                v.village_code,
                v.village_name,
                v.kind,
                v.kecamatan_code,
                v.kecamatan_name,
                quota_for(v.kind, quota),
                styled(premium_year, number_format="#,##0"),
                styled(f"=G{r}*H{r}", number_format="#,##0"),
                styled(None, fill=fill),
                styled(None, fill=fill),
                None,
            ]
        )
    ws.append([])
    ws.append(
        [
            None,
            "Jumlah",
            None,
            None,
            None,
            None,
            f"=SUM(G{first}:G{last})",
            None,
            f"=SUM(I{first}:I{last})",
            f"=SUM(J{first}:J{last})",
            f"=SUM(K{first}:K{last})",
        ]
    )
    summary = wb.create_sheet(SUMMARY_SHEET)
    summary.column_dimensions["B"].width = 24
    summary.append(
        [
            styled(name, font=bold)
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
    return wb
