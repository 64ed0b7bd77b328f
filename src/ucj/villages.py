"""Village trackers, the input side: the tracker's layout, the village list, and the filled trackers.

A tracker is one Excel workbook per regency with desa, filled in by the Disnaker during the year;
it is written by `ucj.reports.tracker_workbook` (an output, under ``reports/villages/``) from the
layout defined here, so that what is written and what is read back share one definition and the
imports point one way (the projection stage reads filled trackers; it never imports the writer).

A filled tracker placed in ``data/inputs/village_tracker/`` is read back by
`read_filled`: validated (unknown village code, villages of two regencies, a
negative or non-numeric count, enrolled above three times the quota, a missing or
bad date → file, sheet, row and column), and summed into the regency's reported
programme figure (pekerja rentan enrolled through the village budgets), which the
baseline uses as a lower bound of BPU participants.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column

from ucj import paths, schemas
from ucj.catalog import tracker_path  # noqa: F401  (`ucj.brief.sections` names the tracker from here)
from ucj.errors import InputError, InputErrors
from ucj.loaders import check_known_codes, read_csv

FILE = ("villages", "villages.csv")
INPUT_FOLDER = "village_tracker"
SHEET = "Desa"
SUMMARY_SHEET = "Kecamatan"
DATE_CELL = "C2"
HEADER_ROW = 4
COLUMNS = [
    "No",
    "Kode desa/kelurahan",
    "Nama",
    "Jenis",
    "Kode kecamatan",
    "Kecamatan",
    "Kuota (pekerja)",
    "Iuran per pekerja per tahun (Rp)",
    "Iuran kuota per tahun (Rp)",
    "Terdaftar (diisi)",
    "Dibayar (diisi)",
    "Catatan",
]
ENROLLED, PAID = "Terdaftar (diisi)", "Dibayar (diisi)"
MAX_FACTOR = 3  # enrolled above 3 × the quota is refused as a likely typing error

SCHEMA = pa.DataFrameSchema(
    {
        "village_code": Column(str, Check.str_matches(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"), unique=True),
        "village_name": Column(str),
        "kind": Column(str, Check.isin(["desa", "kelurahan", "desa_adat"])),
        "kecamatan_code": Column(str, Check.str_matches(r"^\d{2}\.\d{2}\.\d{2}$")),
        "kecamatan_name": Column(str),
        "regency_code": Column(str, Check.str_matches(schemas.KEMENDAGRI_REGENCY)),
    },
    strict=True,
    name="villages/villages.csv",
)


def read_villages(master: pd.DataFrame) -> pd.DataFrame:
    """Every desa and kelurahan (83,762), validated; regency codes must be in the master table."""
    df = read_csv(paths.raw(*FILE), SCHEMA)
    check_known_codes(df, "regency_code", master["regency_code"], paths.raw(*FILE))
    return df


def quota_for(kind: str, quota: int) -> int:
    """The village quota: desa (and desa adat) fund it from ADD; kelurahan have no village budget."""
    return 0 if kind == "kelurahan" else int(quota)


# --- filled trackers -----------------------------------------------------------------------------


def _cell_count(value: object) -> float | None | str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "bad"
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return "bad"


def read_filled(master: pd.DataFrame, folder: Path | None = None) -> pd.DataFrame:
    """The filled trackers in ``data/inputs/village_tracker/``: one row per file with its regency, the
    data date, and the workers enrolled and paid (sums over villages). Empty frame when there are none."""
    folder = folder or paths.inputs_dir() / INPUT_FOLDER
    cols = ["regency_code", "as_of", "enrolled", "paid", "villages_reporting", "source"]
    files = sorted(folder.glob("*.xlsx")) if folder.is_dir() else []
    if not files:
        return pd.DataFrame(columns=cols)
    from openpyxl import load_workbook
    from openpyxl.utils.cell import coordinate_from_string

    known = read_villages(master).set_index("village_code")
    out, errors = [], []
    for path in files:
        try:
            wb = load_workbook(path, data_only=True, read_only=True)
        except Exception as exc:  # not an Excel file, or damaged
            errors.append(InputError(path, f"cannot be read as an Excel workbook ({type(exc).__name__})"))
            continue
        if SHEET not in wb.sheetnames:
            errors.append(InputError(path, f"no sheet '{SHEET}' (use the tracker written by make reports)"))
            continue
        ws = wb[SHEET]
        date_value = ws[DATE_CELL].value
        as_of = pd.to_datetime(date_value, errors="coerce") if date_value is not None else pd.NaT
        if pd.isna(as_of) or as_of > pd.Timestamp.today():
            errors.append(
                InputError(
                    path,
                    "the data date (YYYY-MM-DD, not in the future) is missing or wrong",
                    row=coordinate_from_string(DATE_CELL)[1],
                    column=coordinate_from_string(DATE_CELL)[0],
                    value=date_value,
                    sheet=SHEET,
                )
            )
        header = [c.value for c in next(ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW))]
        try:
            code_i, quota_i = header.index(COLUMNS[1]), header.index(COLUMNS[6])
            enrolled_i, paid_i = header.index(ENROLLED), header.index(PAID)
        except ValueError:
            errors.append(
                InputError(
                    path,
                    f"the header row {HEADER_ROW} was changed (expected: {', '.join(COLUMNS)})",
                    row=HEADER_ROW,
                    sheet=SHEET,
                )
            )
            continue
        regencies, enrolled, paid, reporting = set(), 0.0, 0.0, 0
        for r, row in enumerate(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True), start=HEADER_ROW + 1):
            code = row[code_i] if code_i < len(row) else None
            if code is None or code == "Jumlah" or (isinstance(code, str) and not code.strip()):
                continue
            row = tuple(row) + (None,) * (len(COLUMNS) - len(row))  # short rows: the empty cells at the end
            code = str(code).strip()
            if code not in known.index:
                errors.append(
                    InputError(
                        path, "unknown village code", row=r, column=COLUMNS[1], value=code, sheet=SHEET
                    )
                )
                continue
            regencies.add(known.at[code, "regency_code"])
            quota = row[quota_i] if isinstance(row[quota_i], (int, float)) else 0
            counts = {
                name: _cell_count(row[i] if i < len(row) else None)
                for i, name in ((enrolled_i, ENROLLED), (paid_i, PAID))
            }
            valid = all(isinstance(v, float) and v >= 0 and v % 1 == 0 for v in counts.values())
            if valid and counts[PAID] > counts[ENROLLED]:
                errors.append(
                    InputError(
                        path,
                        "more workers paid than enrolled",
                        row=r,
                        column=PAID,
                        value=row[paid_i],
                        sheet=SHEET,
                    )
                )
            for i, name in ((enrolled_i, ENROLLED), (paid_i, PAID)):
                value = counts[name]
                if value == "bad" or (isinstance(value, float) and (value < 0 or value % 1)):
                    errors.append(
                        InputError(
                            path,
                            "must be a whole number of workers, 0 or more",
                            row=r,
                            column=name,
                            value=row[i],
                            sheet=SHEET,
                        )
                    )
                elif isinstance(value, float) and name == ENROLLED and value > MAX_FACTOR * max(quota, 1):
                    errors.append(
                        InputError(
                            path,
                            f"more than {MAX_FACTOR} × the quota ({quota}): check the figure",
                            row=r,
                            column=name,
                            value=row[i],
                            sheet=SHEET,
                        )
                    )
                elif isinstance(value, float):
                    if name == ENROLLED:
                        enrolled += value
                        reporting += 1
                    else:
                        paid += value
        if len(regencies) > 1:
            errors.append(
                InputError(
                    path,
                    f"villages of several regencies ({', '.join(sorted(regencies))}): one "
                    "tracker per regency",
                    column=COLUMNS[1],
                    sheet=SHEET,
                )
            )
        elif regencies and not pd.isna(as_of):
            out.append(
                {
                    "regency_code": regencies.pop(),
                    "as_of": as_of.normalize(),
                    "enrolled": enrolled,
                    "paid": paid,
                    "villages_reporting": reporting,
                    "source": f"village tracker {path.name}",
                }
            )
    if errors:
        raise InputErrors(errors)
    table = pd.DataFrame(out, columns=cols)
    dup = table["regency_code"].duplicated(keep=False)
    if dup.any():
        raise InputError(
            folder,
            f"several trackers for {', '.join(sorted(set(table.loc[dup, 'regency_code'])))}: "
            "keep one file per regency",
        )
    check_known_codes(table, "regency_code", master["regency_code"], folder)
    return table


def as_published_rows(filled: pd.DataFrame) -> pd.DataFrame:
    """Filled trackers as rows of the published-figure table (metric program_enrolled, funder APBDes_ADD),
    so that the baseline, the history and the briefs treat them like other programme figures."""
    if filled.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "regency_code": filled["regency_code"],
            "regency_name": "",
            "ref_date": filled["as_of"].dt.strftime("%Y-%m-%d"),
            "metric": "program_enrolled",
            "segment": "BPU",
            "group": "pekerja_rentan",
            "funder": "APBDes_ADD",
            "value": filled["paid"].where(filled["paid"] > 0, filled["enrolled"]).astype(float),
            "unit": "persons",
            "denominator_value": float("nan"),
            "denominator_definition": pd.NA,
            "quote": filled["villages_reporting"].map(lambda n: f"{n} villages reporting"),
            "outlet": filled["source"],
            "url": pd.NA,
            "published_date": filled["as_of"].dt.strftime("%Y-%m-%d"),
            "confidence": "A",
            "as_of": filled["as_of"],
            "published": filled["as_of"],
            "confidence_rank": 0,
            "source_kind": "village_tracker",
        }
    )
