"""How current is each number? One table of every input's newest date, read from the data itself.

A brief read in a 2027 meeting must say at once that its informal estimate is of August 2024 and its
participant figures are carried to December 2025. `table` lists, per input, the date of the newest
figure the run used (never a year written in code), for the national summary's "data as of" table and
the briefs' data notes. It is computed in the project stage (`ucj.projection.pipeline`) from the
tables that stage already holds.
"""

from __future__ import annotations

import pandas as pd

COLUMNS = ["item", "label_id", "label_en", "as_of", "precision", "detail_id", "detail_en"]

LABELS = {
    "informal_estimate": ("Perkiraan pekerja informal kabupaten/kota", "Regency informal-worker estimates"),
    "regency_rates": ("TPT dan TPAK kabupaten/kota (BPS, Sakernas)", "Regency TPT and TPAK (BPS, Sakernas)"),
    "regency_informal_published": (
        "Angka BPS pekerja informal kabupaten/kota",
        "BPS regency informal-worker figures",
    ),
    "participants_baseline": (
        "Peserta BPJS Ketenagakerjaan (dibawa ke tanggal ini)",
        "BPJS participants (carried to)",
    ),
    "participants_published": (
        "Angka peserta kabupaten/kota terbaru yang dipublikasikan",
        "Newest published regency figure",
    ),
    "participants_province_basis": (
        "Total peserta per provinsi (dasar model)",
        "Province participant totals (model basis)",
    ),
    "participants_official": (
        "Total peserta resmi provinsi/nasional terbaru",
        "Newest official province/national total",
    ),
    "population": (
        "Penduduk kabupaten/kota (proyeksi BPS, pertengahan tahun)",
        "Regency population (BPS projection, mid-year)",
    ),
    "ipm": ("IPM, lama sekolah dan pengeluaran (BPS)", "HDI, schooling and expenditure (BPS)"),
    "poverty": ("Penduduk miskin kabupaten/kota (P0, BPS)", "Regency poverty rate (P0, BPS)"),
    "apbd": ("APBD (anggaran belanja)", "APBD (budgeted spending)"),
    "dana_desa": ("Dana Desa (pagu)", "Dana Desa (allocation)"),
    "dbh_sawit": ("DBH sawit (tahun terbaru per kabupaten)", "DBH palm oil (latest year per regency)"),
}


def _row(item: str, as_of: object, precision: str, detail: tuple[str, str] = ("", "")) -> dict[str, object]:
    label_id, label_en = LABELS[item]
    when = pd.Timestamp(as_of) if as_of is not None and not pd.isna(as_of) else pd.NaT
    return {
        "item": item,
        "label_id": label_id,
        "label_en": label_en,
        "as_of": when,
        "precision": precision,
        "detail_id": detail[0],
        "detail_en": detail[1],
    }


def _august(year: object) -> pd.Timestamp | None:
    return None if year is None or pd.isna(year) else pd.Timestamp(year=int(year), month=8, day=31)


def table(
    workforce: pd.DataFrame,
    informal_figures: pd.DataFrame | None,
    history: pd.DataFrame,
    official: pd.DataFrame | None,
    fiscal: pd.DataFrame,
    baseline_date: str,
    province_basis: str,
    not_estimated: dict[int, list[str]] | None = None,
) -> pd.DataFrame:
    """The newest date of each input (module doc).

    Parameters
    ----------
    workforce : pandas.DataFrame
        The informal workforce table (regency × year): its latest ``year`` dates the estimate
        (31 August), its latest ``tpt_source_year`` the regency TPT/TPAK, and
        ``is_tpt_carried_forward`` counts the regency-years carried forward (both columns optional).
    informal_figures : pandas.DataFrame or None
        The regency validation figures (published BPS regency informal figures: ``regency_code``,
        ``year``); None or empty: no row for them.
    history : pandas.DataFrame
        Every dated coverage figure (``as_of``; only the rows whose ``source_kind`` is
        "published" count, when that column is there); empty: no row for them.
    official : pandas.DataFrame or None
        The province and national totals (`ucj.projection.official_totals.read`): the newest
        ``as_of`` of a ``metric`` "active" row; None or empty: no row for them.
    fiscal : pandas.DataFrame
        `ucj.fiscal.read_fiscal`: the newest ``apbd_year``, ``dana_desa_year`` and
        ``dbh_sawit_year`` (31 December; the range of years beside it when they differ).
    baseline_date : str
        The date participants are carried to (``Settings.baseline_date``, YYYY-MM-DD); empty: no
        row for it.
    province_basis : str
        The date of the province participant totals the model allocates
        (`ucj.projection.baseline.MODELLED_DATE`).
    not_estimated : dict of int to list of str, or None, optional
        Year -> provinces whose shares are missing (`ucj.informal.employment.missing_provinces`):
        carried forward in the latest estimated year, not estimated after it; said beside the
        estimate's date (years before the workforce table's last are ignored). None (default):
        none.

    Returns
    -------
    pandas.DataFrame
        One row per input known (``item``, a key of `LABELS`), columns `COLUMNS`: the labels,
        ``as_of`` (a Timestamp), its ``precision`` ("day", "month" or "year") and a detail in
        Indonesian and English (empty when there is nothing to add). The regency population, IPM
        and poverty rows are read from data/raw (`covariate_dates`).
    """
    last_year = int(workforce["year"].max())
    latest = {y: codes for y, codes in (not_estimated or {}).items() if y >= last_year}
    waiting = (
        "; ".join(
            f"Agustus {y}: bagian informal {len(c)} provinsi dibawa dari tahun sebelumnya "
            f"(kode {', '.join(c)})"
            if y == last_year
            else f"Agustus {y} belum diperkirakan: bagian informal {len(c)} provinsi belum ada "
            f"(kode {', '.join(c)})"
            for y, c in sorted(latest.items())
        ),
        "; ".join(
            f"August {y}: province informal shares of {len(c)} provinces carried from the year before "
            f"(codes {', '.join(c)})"
            if y == last_year
            else f"August {y} not estimated yet: province informal shares missing for {len(c)} provinces "
            f"(codes {', '.join(c)})"
            for y, c in sorted(latest.items())
        ),
    )
    carried = int(workforce["is_tpt_carried_forward"].sum()) if "is_tpt_carried_forward" in workforce else 0
    rows = [
        _row("informal_estimate", _august(workforce["year"].max()), "month", waiting),
        _row(
            "regency_rates",
            _august(workforce["tpt_source_year"].max()) if "tpt_source_year" in workforce else None,
            "month",
            (
                f"{carried} kabupaten-tahun dibawa dari tahun sebelumnya",
                f"{carried} regency-years carried forward",
            )
            if carried
            else ("", ""),
        ),
    ]
    if informal_figures is not None and len(informal_figures):
        rows.append(
            _row(
                "regency_informal_published",
                _august(informal_figures["year"].max()),
                "month",
                (
                    f"{informal_figures['regency_code'].nunique()} kabupaten/kota",
                    f"{informal_figures['regency_code'].nunique()} regencies",
                ),
            )
        )
    if baseline_date:
        rows.append(_row("participants_baseline", baseline_date, "day"))
    published = history[history["source_kind"] == "published"] if "source_kind" in history else history
    if len(published):
        rows.append(_row("participants_published", published["as_of"].max(), "day"))
    rows.append(_row("participants_province_basis", province_basis, "month"))
    if official is not None and len(official):
        usable = official[(official["metric"] == "active") & official["as_of"].notna()]
        if len(usable):
            rows.append(_row("participants_official", usable["as_of"].max(), "day"))
    for item, as_of, precision in covariate_dates():
        rows.append(_row(item, as_of, precision))
    for item, column in (
        ("apbd", "apbd_year"),
        ("dana_desa", "dana_desa_year"),
        ("dbh_sawit", "dbh_sawit_year"),
    ):
        if column in fiscal and fiscal[column].notna().any():
            years = fiscal[column].dropna().astype(int)
            span = f"{years.min()}–{years.max()}" if years.nunique() > 1 else ""
            rows.append(
                _row(item, pd.Timestamp(year=int(years.max()), month=12, day=31), "year", (span, span))
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def covariate_dates() -> list[tuple[str, pd.Timestamp, str]]:
    """The newest date of the regency inputs of the informal model read from data/raw: the BPS
    population projection (mid-year), IPM (yearly) and poverty (March rounds)."""
    from ucj import master
    from ucj.informal import population

    population_year = int(population.load_bps_population_year())
    poverty = master.load_poverty_rounds()
    last_poverty = poverty["year"].max()
    return [
        ("population", pd.Timestamp(year=population_year, month=6, day=30), "month"),
        ("ipm", pd.Timestamp(year=int(master.load_ipm()["year"].max()), month=12, day=31), "year"),
        ("poverty", pd.Timestamp(year=int(last_poverty), month=3, day=31), "month"),
    ]


def when(table: pd.DataFrame | None, item: str) -> pd.Timestamp | None:
    """The date of ``item`` in a data-as-of table, or None when the table or the item is missing."""
    if table is None or table.empty:
        return None
    rows = table[table["item"] == item]
    if rows.empty or pd.isna(rows["as_of"].iloc[0]):
        return None
    return pd.Timestamp(rows["as_of"].iloc[0])
