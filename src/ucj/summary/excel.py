"""``reports/summary.xlsx``: the summaries' tables for officials who work in Excel.

One sheet per table, each with bilingual headers (Bahasa Indonesia / English,
unit in brackets), numbers stored as numbers with a display format (counts
``#,##0``, shares ``0.0%``, rupiah ``#,##0``), a frozen header row, an
autofilter and column widths that fit the content. A first sheet explains the
others, the sources and the caveats. The workbook is written atomically
(`ucj.io.atomic_path`); its document and zip dates are the run's SOURCE_DATE_EPOCH, so the
same inputs give the same bytes.

Sheets (`SHEETS`): notes; regencies with informal estimates; coverage baseline;
universal-coverage years per scenario; costs per scenario; budget per year by
area and scenario; province totals; national totals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ucj import __version__, catalog, sheet_rows
from ucj.brief import context as brief_context
from ucj.brief.text import fmt_date, fmt_num, scenario_label
from ucj.dates import source_date
from ucj.io import save_workbook, temporaries_beside
from ucj.summary import tables

#: The year whose premiums the cost sheet shows beside the first year's (a presentation choice).
SNAPSHOT_YEAR = 2030

SHEETS = {
    "notes": "Catatan (notes)",
    "regencies": "Kabupaten-kota (regencies)",
    "coverage": "Cakupan (coverage)",
    "uc_years": "Tahun UC (UC years)",
    "costs": "Biaya (costs)",
    "budget": "Anggaran (budget by year)",
    "provinces": "Provinsi (provinces)",
    "national": "Nasional (national)",
    "effort": "Yang dibutuhkan (effort)",
    "history": "Riwayat angka (history)",
    "baseline_cv": "Validasi model (model CV)",
    "hindcast": "Uji ulang (hindcast)",
    "informal_check": "Uji informal kab (check)",
    "informal_covariates": "Kovariat kab (covariates)",
    "hindcast_pairs": "Uji ulang per angka (pairs)",
}

FORMATS = {
    "text": "@",
    "int": "0",
    "count": "#,##0",
    "share": "0.0%",
    "idr": "#,##0",
    "year": "0",
    "date": "yyyy-mm-dd",
    "float": "0.000",
    "bool": "General",
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF1")
PLAIN_ROWS = 3000  # sheets longer than this are written without per-cell number formats


@dataclass(frozen=True)
class Col:
    """One column of a sheet: source key, Indonesian and English header, kind (number format)."""

    key: str
    id: str
    en: str
    kind: str = "count"

    @property
    def header(self) -> str:
        return f"{self.id} / {self.en}"


REGENCY_ID = [
    Col("regency_code", "Kode Kemendagri", "Kemendagri code", "text"),
    Col("regency_name", "Kabupaten/kota", "Regency / city", "text"),
    Col("kind", "Jenis", "Kind", "text"),
    Col("province_code", "Kode provinsi", "Province code", "text"),
    Col("province_name", "Provinsi", "Province", "text"),
]

REGENCY_COLUMNS = REGENCY_ID + [
    Col("desa_count", "Desa", "Desa (villages)", "count"),
    Col("kelurahan_count", "Kelurahan", "Kelurahan (urban villages)", "count"),
    Col("population_count", "Penduduk (Dukcapil Des 2024, orang)", "Population (Dukcapil Dec 2024, persons)"),
    Col("informal_year", "Tahun perkiraan (Agustus)", "Estimate year (August)", "year"),
    Col("employed_count", "Penduduk bekerja (orang)", "Employed (persons)"),
    Col("informal_count", "Pekerja informal (orang)", "Informal workers (persons)"),
    Col(
        "informal_count_p05",
        "Pekerja informal, batas bawah 90% (orang)",
        "Informal workers, 90% lower bound (persons)",
    ),
    Col(
        "informal_count_p95",
        "Pekerja informal, batas atas 90% (orang)",
        "Informal workers, 90% upper bound (persons)",
    ),
    Col("informal_share", "Pangsa informal", "Informal share", "share"),
    Col("informal_share_p05", "Pangsa informal, batas bawah 90%", "Informal share, 90% lower bound", "share"),
    Col("informal_share_p95", "Pangsa informal, batas atas 90%", "Informal share, 90% upper bound", "share"),
    Col("informal_cv", "Koefisien variasi", "Coefficient of variation", "share"),
    Col("is_high_cv", "Ketidakpastian tinggi (KV > 25%)", "Highly uncertain (CV > 25%)", "bool"),
    Col("estimate_method", "Metode perkiraan", "Estimate method", "text"),
]

COVERAGE_COLUMNS = REGENCY_ID + [
    Col("baseline_as_of", "Tanggal data peserta", "Participants as of", "date"),
    Col("is_modelled", "Dimodelkan (bukan dilaporkan)", "Modelled (not reported)", "bool"),
    Col("active_pu_count", "Peserta aktif PU (orang)", "Active PU participants (persons)"),
    Col("active_bpu_count", "Peserta aktif BPU (orang)", "Active BPU participants (persons)"),
    Col("active_jakon_count", "Peserta aktif Jakon (orang)", "Active Jakon participants (persons)"),
    Col(
        "active_all_count",
        "Peserta aktif semua segmen (orang)",
        "Active participants, all segments (persons)",
    ),
    Col("baseline_workforce_year", "Tahun penyebut (Agustus)", "Denominator year (August)", "year"),
    Col("baseline_employed_count", "Penyebut: penduduk bekerja (orang)", "Denominator: employed (persons)"),
    Col(
        "baseline_informal_count",
        "Penyebut: pekerja informal (orang)",
        "Denominator: informal workers (persons)",
    ),
    Col(
        "bpu_coverage_of_informal",
        "Cakupan BPU (BPU aktif ÷ pekerja informal)",
        "BPU coverage (active BPU ÷ informal workers)",
        "share",
    ),
    Col(
        "all_coverage_of_employed",
        "Cakupan semua segmen (aktif ÷ penduduk bekerja)",
        "All-segment coverage (active ÷ employed)",
        "share",
    ),
    Col(
        "gap_workers_now",
        "Belum terlindungi (pekerja informal − BPU aktif, orang)",
        "Not yet covered (informal workers − active BPU, persons)",
    ),
    Col("gap_cost_idr_per_year", "Iuran kesenjangan per tahun (Rp)", "Gap premiums a year (Rp)", "idr"),
    Col(
        "gap_cost_per_village_idr",
        "Iuran kesenjangan per desa per tahun (Rp)",
        "Gap premiums per village a year (Rp)",
        "idr",
    ),
    Col("baseline_source", "Sumber data peserta", "Source of participant figures", "text"),
]

UC_COLUMNS = (
    REGENCY_ID[:2]
    + [REGENCY_ID[4]]
    + [
        Col("scenario", "Kode skenario", "Scenario id", "text"),
        Col("scenario_name", "Skenario", "Scenario", "text"),
        Col("threshold", "Ambang cakupan semesta", "Universal-coverage threshold", "share"),
        Col(
            "baseline_coverage",
            "Cakupan awal (tanggal baseline)",
            "Baseline coverage (baseline date)",
            "share",
        ),
        Col(
            "uc_year_p50",
            "Tahun cakupan semesta, median (kosong = belum hingga {horizon})",
            "Universal-coverage year, median (blank = not by {horizon})",
            "year",
        ),
        Col(
            "uc_year_p05",
            "Tahun, batas awal 90% (kosong = belum)",
            "Year, early 90% bound (blank = not reached)",
            "year",
        ),
        Col(
            "uc_year_p95",
            "Tahun, batas akhir 90% (kosong = belum)",
            "Year, late 90% bound (blank = not reached)",
            "year",
        ),
        Col("is_reached", "Tercapai hingga {horizon} (median)", "Reached by {horizon} (median)", "bool"),
        Col(
            "share_of_draws_reached",
            "Bagian simulasi yang mencapai hingga {horizon}",
            "Share of simulations reaching it by {horizon}",
            "share",
        ),
        Col("coverage_horizon_p50", "Cakupan {horizon}, median", "Coverage {horizon}, median", "share"),
        Col("is_modelled_baseline", "Awal dimodelkan", "Baseline modelled", "bool"),
    ]
)

COST_COLUMNS = (
    REGENCY_ID[:2]
    + [REGENCY_ID[4]]
    + [
        Col("scenario", "Kode skenario", "Scenario id", "text"),
        Col("scenario_name", "Skenario", "Scenario", "text"),
        Col("first_year", "Tahun pertama pembiayaan", "First funded year", "year"),
        Col(
            "funded_workers_first_year",
            "Pekerja dibiayai, tahun pertama (orang)",
            "Workers funded, first year (persons)",
        ),
        Col("cost_idr_first_year", "Iuran tahun pertama (Rp)", "Premiums, first year (Rp)", "idr"),
        Col(
            f"cost_idr_{SNAPSHOT_YEAR}",
            f"Iuran {SNAPSHOT_YEAR} (Rp)",
            f"Premiums {SNAPSHOT_YEAR} (Rp)",
            "idr",
        ),
        Col(
            "cost_idr_cumulative",
            "Jumlah iuran hingga {horizon} (Rp)",
            "Total premiums to {horizon} (Rp)",
            "idr",
        ),
        Col(
            "cost_to_reach_idr",
            "Iuran hingga cakupan semesta (Rp; kosong = belum tercapai)",
            "Premiums until universal coverage (Rp; blank = not reached)",
            "idr",
        ),
        Col(
            "gap_cost_idr_per_year",
            "Iuran kesenjangan saat ini per tahun (Rp)",
            "Current gap premiums a year (Rp)",
            "idr",
        ),
    ]
)

AREA_COLUMNS = [
    Col("regency_count", "Kabupaten/kota", "Regencies and cities", "count"),
    Col("kabupaten_count", "Kabupaten", "Regencies (kabupaten)", "count"),
    Col("kota_count", "Kota", "Cities (kota)", "count"),
    Col("desa_count", "Desa", "Desa (villages)", "count"),
    Col("kelurahan_count", "Kelurahan", "Kelurahan (urban villages)", "count"),
    Col("population_count", "Penduduk (orang)", "Population (persons)"),
    Col("employed_count", "Penduduk bekerja (orang)", "Employed (persons)"),
    Col("informal_count", "Pekerja informal (orang)", "Informal workers (persons)"),
    Col(
        "informal_count_p05",
        "Jumlah batas bawah 90% kab/kota (orang)",
        "Sum of regency 90% lower bounds (persons)",
    ),
    Col(
        "informal_count_p95",
        "Jumlah batas atas 90% kab/kota (orang)",
        "Sum of regency 90% upper bounds (persons)",
    ),
    Col("informal_share", "Pangsa informal (rasio jumlah)", "Informal share (ratio of sums)", "share"),
    Col("active_pu_count", "Peserta aktif PU (orang)", "Active PU participants (persons)"),
    Col("active_bpu_count", "Peserta aktif BPU (orang)", "Active BPU participants (persons)"),
    Col("active_jakon_count", "Peserta aktif Jakon (orang)", "Active Jakon participants (persons)"),
    Col(
        "active_all_count",
        "Peserta aktif semua segmen (orang)",
        "Active participants, all segments (persons)",
    ),
    Col(
        "baseline_informal_count",
        "Penyebut: pekerja informal (orang)",
        "Denominator: informal workers (persons)",
    ),
    Col("bpu_coverage_of_informal", "Cakupan BPU (rasio jumlah)", "BPU coverage (ratio of sums)", "share"),
    Col(
        "all_coverage_of_employed",
        "Cakupan semua segmen (rasio jumlah)",
        "All-segment coverage (ratio of sums)",
        "share",
    ),
    Col(
        "gap_workers_now",
        "Belum terlindungi (jumlah kab/kota, orang)",
        "Not yet covered (sum of regencies, persons)",
    ),
    Col("gap_cost_idr_per_year", "Iuran kesenjangan per tahun (Rp)", "Gap premiums a year (Rp)", "idr"),
    Col(
        "modelled_count",
        "Kab/kota dengan peserta dimodelkan",
        "Regencies with modelled participants",
        "count",
    ),
    Col(
        "reported_count",
        "Kab/kota dengan peserta dilaporkan",
        "Regencies with reported participants",
        "count",
    ),
    Col(
        "high_cv_count",
        "Kab/kota dengan ketidakpastian tinggi",
        "Regencies with highly uncertain estimates",
        "count",
    ),
]

PROVINCE_COLUMNS = [
    Col("province_code", "Kode provinsi", "Province code", "text"),
    Col("province_name", "Provinsi", "Province", "text"),
] + AREA_COLUMNS


EFFORT_COLUMNS = [
    Col("regency_code", "Kode", "Code", "text"),
    Col("regency_name", "Kabupaten/kota", "Regency", "text"),
    Col("target", "Target", "Target", "text"),
    Col("indicator", "Indikator", "Indicator", "text"),
    Col("target_year", "Tahun target", "Target year", "year"),
    Col("target_share", "Target", "Target", "share"),
    Col("lever", "Pengungkit", "Lever", "text"),
    Col("criterion", "Kriteria (median / 90% simulasi)", "Criterion (median / 90% of draws)", "text"),
    Col("effort_units", "Upaya (unit pengungkit)", "Effort (lever units)", "float"),
    Col("workers_funded", "Pekerja dibiayai", "Workers funded", "count"),
    Col("annual_cost_idr", "Biaya per tahun (Rp)", "Annual cost (Rp)", "idr"),
    Col("apbd_spending_idr", "Belanja APBD (Rp)", "APBD spending (Rp)", "idr"),
    Col("share_of_apbd", "% APBD", "% of APBD", "share"),
    Col("share_of_dana_desa", "% Dana Desa (pembanding)", "% of Dana Desa (comparison)", "share"),
    Col("share_of_dbh_slice", "% porsi 20% DBH sawit", "% of the 20% DBH sawit slice", "share"),
    Col("within_apbd_limit", "Dalam batas APBD", "Within the APBD limit", "bool"),
    Col("within_dbh_slice", "Dalam porsi DBH", "Within the DBH slice", "bool"),
    Col("is_applicable", "Berlaku", "Applies", "bool"),
    Col("already_reached", "Sudah tercapai", "Already reached", "bool"),
    Col("is_feasible", "Layak", "Feasible", "bool"),
    Col("infeasible_reason", "Alasan tidak layak", "Why not feasible", "text"),
    Col("workforce_target_year", "Pekerja pada tahun target", "Workforce in the target year", "count"),
    Col("current_programme_workers", "Sudah didanai program", "Already funded by programmes", "count"),
    Col("current_programme_cost_idr", "Biaya program berjalan (Rp)", "Current programme cost (Rp)", "idr"),
]
HINDCAST_COLUMNS = [
    Col("kind", "Jenis angka", "Figure kind", "text"),
    Col("gap_class", "Jarak waktu", "Time apart", "text"),
    Col("pairs", "Pasangan angka", "Pairs of figures", "count"),
    Col("areas", "Wilayah", "Areas", "count"),
    Col("median_abs_error", "Galat median", "Median abs. error", "share"),
    Col("median_log_error", "Bias (log)", "Bias (log)", "float"),
    Col(
        "share_in_band_held_out", "Dalam rentang 90% (uji silang)", "Inside the 90% band (held out)", "share"
    ),
    Col("drift_per_sqrt_year", "Drift per √tahun", "Drift per √year", "float"),
]
INFORMAL_CHECK_COLUMNS = [
    Col("group", "Kelompok", "Group", "text"),
    Col("figures", "Angka BPS kab/kota", "BPS regency figures", "count"),
    Col("regencies", "Kab/kota", "Regencies", "count"),
    Col("provinces", "Provinsi", "Provinces", "count"),
    Col("mae_pp", "Galat rata-rata (poin)", "Mean abs. error (points)", "float"),
    Col("bias_pp", "Bias (poin)", "Bias (points)", "float"),
    Col("inside_90_before", "Dalam rentang 90% sebelum", "Inside the 90% range before", "share"),
    Col("inside_90_held_out", "Dalam rentang 90% (uji silang)", "Inside the 90% range (held out)", "share"),
    Col(
        "inside_90_held_out_regency",
        "Dalam rentang 90% (tanpa kab/kota itu)",
        "Inside the 90% range (regency held out)",
        "share",
    ),
    Col("extra_logit_variance", "Tambahan varians logit", "Extra logit variance", "float"),
    Col("persistence", "Bagian selisih yang bertahan", "Share of the gap that persists", "float"),
    Col("mae_pp_model", "Galat model saja (poin)", "Model-only error (points)", "float"),
]
INFORMAL_COVARIATE_COLUMNS = [
    Col("candidate", "Kandidat", "Candidate", "text"),
    Col("covariates", "Kovariat", "Covariates", "text"),
    Col("figures", "Angka BPS kab/kota", "BPS regency figures", "count"),
    Col(
        "mae_pp_held_out", "Galat rata-rata, uji silang (poin)", "Mean abs. error, held out (points)", "float"
    ),
    Col("is_chosen", "Dipilih", "Chosen", "bool"),
]
HINDCAST_PAIR_COLUMNS = [
    Col("area_code", "Kode", "Code", "text"),
    Col("area_level", "Tingkat", "Level", "text"),
    Col("kind", "Jenis angka", "Figure kind", "text"),
    Col("scope", "Lingkup", "Scope", "text"),
    Col("from_date", "Dari tanggal", "From", "date"),
    Col("to_date", "Ke tanggal", "To", "date"),
    Col("from_value", "Angka awal", "Earlier figure", "count"),
    Col("to_value", "Angka kemudian", "Later figure", "count"),
    Col("predicted", "Prediksi status quo", "Status-quo prediction", "count"),
    Col("in_band_held_out", "Dalam rentang 90%", "Inside the 90% band", "bool"),
]
HISTORY_COLUMNS = [
    Col("regency_code", "Kode", "Code", "text"),
    Col("regency_name", "Kabupaten/kota", "Regency", "text"),
    Col("as_of", "Tanggal angka", "Date of the figure", "date"),
    Col("metric", "Angka", "Metric", "text"),
    Col("segment", "Segmen", "Segment", "text"),
    Col("group", "Kelompok", "Group", "text"),
    Col("funder", "Sumber dana", "Funder", "text"),
    Col("value", "Nilai", "Value", "float"),
    Col("unit", "Satuan", "Unit", "text"),
    Col("denominator_value", "Penyebut", "Denominator", "count"),
    Col("denominator_definition", "Definisi penyebut", "Denominator definition", "text"),
    Col("source_kind", "Jenis sumber", "Source kind", "text"),
    Col("source", "Sumber", "Source", "text"),
    Col("confidence", "Keyakinan", "Confidence", "text"),
    Col("url", "Alamat", "Address", "text"),
    Col("superseded_by", "Digantikan oleh baris", "Superseded by line", "count"),
    Col("resolution", "Aturan", "Rule applied", "text"),
    Col("conflict", "Sumber berbeda", "Sources disagree", "bool"),
]
CV_COLUMNS = [
    Col("candidate", "Model", "Model", "text"),
    Col("description", "Keterangan", "Description", "text"),
    Col("n_figures", "Angka publik", "Published figures", "count"),
    Col("n_provinces", "Provinsi", "Provinces", "count"),
    Col("median_abs_pct_error", "Galat median (%)", "Median abs. error (%)", "float"),
    Col("mae_coverage_points", "Galat cakupan (poin)", "Coverage MAE (points)", "float"),
    Col("spearman_within_province", "Korelasi peringkat", "Rank correlation", "float"),
    Col(
        "inside_90_band_held_out", "Dalam rentang 90% (uji silang)", "Inside the 90% band (held out)", "share"
    ),
    Col("is_chosen", "Dipakai", "Chosen", "bool"),
]


def _inputs() -> dict[str, pd.DataFrame | None]:
    names = (
        "regencies",
        "informal_workforce",
        "coverage_baseline",
        "projections",
        "universal_coverage_year",
        "effort_to_target",
        "coverage_history",
        "baseline_model_cv",
        "projection_hindcast_summary",
        "projection_hindcast",
        "informal_regency_validation_summary",
        "informal_regency_covariates",
    )
    catalog.require(catalog.REGENCIES)  # the one missing-table error (catalog.NotBuiltError)
    return {name: brief_context.read_table(name) for name in names}


def uc_sheet(uc: pd.DataFrame, master: pd.DataFrame) -> pd.DataFrame:
    """Regency × scenario universal-coverage years, scenarios in file order."""
    names = master.set_index("regency_code")[["regency_name", "province_name"]]
    out = uc.join(names, on="regency_code")
    out["scenario_name"] = [
        scenario_label(s, label, "id")
        for s, label in zip(out["scenario"], out["scenario_label"], strict=False)
    ]
    out["is_reached"] = out["uc_year_p50"].notna()
    return out


def cost_sheet(projections: pd.DataFrame, uc: pd.DataFrame, master: pd.DataFrame) -> pd.DataFrame:
    """Regency × scenario: funded workers and premiums in the first funded year and in `SNAPSHOT_YEAR`,
    the total to the horizon, the premiums until universal coverage, and the current gap's premiums."""
    proj = projections[["regency_code", "scenario", "year", "cost_idr_total", "funded_workers_total"]]
    first = tables.first_cost_year(tables.budget_by_year(proj))
    keys = ["regency_code", "scenario"]
    out = uc[keys + ["scenario_label", "cost_to_reach_idr", "gap_cost_idr_per_year"]].copy()
    if first is not None:
        at_first = proj[proj["year"] == first].set_index(keys)
        out = out.join(
            at_first[["funded_workers_total", "cost_idr_total"]].rename(
                columns={
                    "funded_workers_total": "funded_workers_first_year",
                    "cost_idr_total": "cost_idr_first_year",
                }
            ),
            on=keys,
        )
        span = proj[proj["year"] >= first]  # to the horizon: the projection's last year
        out = out.join(
            span.groupby(keys)["cost_idr_total"].sum(min_count=1).rename("cost_idr_cumulative"), on=keys
        )
    else:
        out["funded_workers_first_year"] = out["cost_idr_first_year"] = out["cost_idr_cumulative"] = 0.0
    snap = (
        proj[proj["year"] == SNAPSHOT_YEAR]
        .set_index(keys)["cost_idr_total"]
        .rename(f"cost_idr_{SNAPSHOT_YEAR}")
    )
    out = out.join(snap, on=keys)
    out["first_year"] = first
    names = master.set_index("regency_code")[["regency_name", "province_name"]]
    out = out.join(names, on="regency_code")
    out["scenario_name"] = [
        scenario_label(s, label, "id")
        for s, label in zip(out["scenario"], out["scenario_label"], strict=False)
    ]
    return out


def budget_sheet(
    projections: pd.DataFrame, uc: pd.DataFrame, master: pd.DataFrame
) -> tuple[pd.DataFrame, list[Col]]:
    """Area (Indonesia, then each province) × scenario, one column of premiums (Rp) per year."""
    order = tables.scenario_order(uc)
    labels = uc.drop_duplicates("scenario").set_index("scenario")["scenario_label"]
    names = master.drop_duplicates("province_code").set_index("province_code")["province_name"].sort_index()
    frames = []
    national = tables.budget_by_year(projections, order)
    national["province_code"], national["province_name"] = "", "Indonesia"
    frames.append(national)
    for code, part in projections.groupby("province_code", sort=True):
        b = tables.budget_by_year(part, order)
        b["province_code"], b["province_name"] = code, names[code]
        frames.append(b)
    long = pd.concat(frames, ignore_index=True)
    wide = long.pivot_table(
        index=["province_code", "province_name", "scenario"],
        columns="year",
        values="cost_idr_total",
        aggfunc="first",
        sort=False,
    ).reset_index()
    wide["_area"] = wide["province_code"].map(lambda c: -1 if c == "" else int(c))
    wide["_order"] = wide["scenario"].map({s: i for i, s in enumerate(order)})
    wide = wide.sort_values(["_area", "_order"]).drop(columns=["_area", "_order"]).reset_index(drop=True)
    wide.insert(3, "scenario_name", [scenario_label(s, labels[s], "id") for s in wide["scenario"]])
    years = [c for c in wide.columns if isinstance(c, (int, np.integer))]
    wide.columns = [f"y{c}" if c in years else c for c in wide.columns]
    cols = [
        Col(
            "province_code", "Kode provinsi (kosong = Indonesia)", "Province code (blank = Indonesia)", "text"
        ),
        Col("province_name", "Wilayah", "Area", "text"),
        Col("scenario", "Kode skenario", "Scenario id", "text"),
        Col("scenario_name", "Skenario", "Scenario", "text"),
    ]
    cols += [Col(f"y{y}", f"Iuran {y} (Rp)", f"Premiums {y} (Rp)", "idr") for y in years]
    return wide, cols


NOTES_ROWS = [
    (
        "Ringkasan BPJS Ketenagakerjaan per kabupaten/kota (ucj)",
        "BPJS Ketenagakerjaan coverage by regency: summary tables (ucj)",
    ),
    ("", ""),
    ("Lembar", "Sheet"),
    (
        f"{SHEETS['regencies']}: 514 kabupaten/kota dengan perkiraan pekerja informal (tahun terbaru, "
        f"rentang 90%).",
        "514 regencies with the informal-workforce estimate (latest year, 90% range).",
    ),
    (
        f"{SHEETS['coverage']}: peserta aktif per segmen, cakupan dan kesenjangan " + "({baseline_id}).",
        "Active participants by segment, coverage and the gap ({baseline_en}).",
    ),
    (
        f"{SHEETS['uc_years']}: tahun cakupan semesta per kabupaten/kota dan skenario (dimodelkan).",
        "Universal-coverage year by regency and scenario (modelled).",
    ),
    (f"{SHEETS['costs']}: iuran per kabupaten/kota dan skenario.", "Premiums by regency and scenario."),
    (
        f"{SHEETS['budget']}: iuran per tahun per skenario, Indonesia dan tiap provinsi (jumlah kab/kota).",
        "Premiums per year by scenario, Indonesia and each province (sums of regencies).",
    ),
    (f"{SHEETS['provinces']}: jumlah per provinsi (38).", "Totals by province (38)."),
    (f"{SHEETS['national']}: jumlah nasional.", "National totals."),
    (
        f"{SHEETS['effort']}: upaya tahunan terkecil per kabupaten/kota, target, pengungkit dan kriteria, "
        f"dengan bagian "
        "APBD, Dana Desa (pembanding) dan porsi DBH sawit.",
        "The smallest annual effort per regency, target, lever and criterion, with its share of the APBD, "
        "Dana Desa "
        "(comparison) and the DBH sawit slice.",
    ),
    (
        f"{SHEETS['history']}: semua angka cakupan yang dipublikasikan atau dilaporkan, bertanggal (monev).",
        "Every published or reported coverage figure, dated (monitoring).",
    ),
    (
        f"{SHEETS['baseline_cv']}: validasi silang model pembagian peserta ke kabupaten/kota.",
        "Cross-validation of the models that share participants out to regencies.",
    ),
    (
        f"{SHEETS['hindcast']}: uji ulang status quo terhadap angka yang dipublikasikan kemudian.",
        "Hindcast: the status quo from an earlier published figure against the later one (held out).",
    ),
    (
        f"{SHEETS['hindcast_pairs']}: setiap pasangan angka yang diuji.",
        "Every pair of figures tested.",
    ),
    (
        f"{SHEETS['informal_check']}: perkiraan pekerja informal diuji pada angka BPS kabupaten/kota "
        "(per jenis kab/kota, dan estimasi yang ditarik ke angka BPS-nya sendiri).",
        "The informal estimates checked against published BPS regency figures (by type of regency, and the "
        "estimates pulled towards each regency's own BPS figure).",
    ),
    (
        f"{SHEETS['informal_covariates']}: kovariat yang menjelaskan selisih model dengan angka BPS "
        "kabupaten/kota, dipilih dengan uji silang antarprovinsi (semua kandidat).",
        "Covariates that explain the model's gap to the BPS regency figures, chosen by leaving one province "
        "out (every candidate).",
    ),
    ("", ""),
    ("Catatan", "Notes"),
    (
        "Pekerja informal: definisi status pekerjaan BPS (bukan ILO); perkiraan model, bukan survei "
        "langsung.",
        "Informal workers: BPS employment-status definition (not ILO); model estimates, not direct survey "
        "figures.",
    ),
    (
        "Peserta aktif = iuran dibayar. Angka kabupaten/kota dimodelkan dari total provinsi {basis_id} "
        "kecuali ditandai dilaporkan; semua dibawa ke {baseline_id}.",
        "Active participants = premium paid. Regency figures are modelled from {basis_en} province totals "
        "(all carried to {baseline_en}) unless "
        "marked reported.",
    ),
    (
        "Jumlah provinsi/nasional = jumlah angka kabupaten/kota; pangsa dan cakupan = rasio jumlah. Batas "
        "90% "
        "pada baris jumlah adalah jumlah batas kabupaten/kota (batas lebar, bukan rentang 90% total).",
        "Province/national totals = sums of regency figures; shares and coverage = ratios of sums. 90% "
        "bounds on "
        "total rows are sums of regency bounds (a wide bound, not the total's 90% range).",
    ),
    (
        "Tahun cakupan semesta dan cakupan {horizon_id} adalah median simulasi per kabupaten/kota: jangan "
        "dijumlahkan.",
        "Universal-coverage years and {horizon_en} coverage are per-regency simulation medians: do not add "
        "them up.",
    ),
    (
        "Iuran skenario = pekerja dibiayai × iuran JKK+JKM Rp{premium_id}/bulan × bulan; skenario APBD dan "
        "DBH sawit "
        "diukur dari anggaran kabupaten/kota sendiri (config/scenarios.yml). Jumlahnya adalah total.",
        "Scenario premiums = workers funded × JKK+JKM premium Rp{premium_en} a month × months; the APBD and "
        "DBH sawit "
        "scenarios are sized from the regency's own budget (config/scenarios.yml). Their sums are totals.",
    ),
    (
        "Sumber: Kepmendagri 300.2.2-2138/2025; Dukcapil Des 2024; BPS Sakernas Agustus; Kemnaker/Satu Data "
        "Ketenagakerjaan (peserta provinsi {basis_id}). Rincian: data/raw/*/SOURCES.md.",
        "Sources: Kepmendagri 300.2.2-2138/2025; Dukcapil Dec 2024; BPS August Sakernas; Kemnaker / Satu "
        "Data "
        "Ketenagakerjaan (province participants {basis_en}). Details: data/raw/*/SOURCES.md.",
    ),
]


def _cell_value(value: object, kind: str) -> object:
    """A Python value openpyxl stores natively (numbers as numbers, missing as an empty cell)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if kind == "date":
        return pd.Timestamp(value).to_pydatetime().date()
    if kind == "bool":
        return bool(value)
    if kind in ("int", "year"):
        return int(value)
    if kind == "text":
        return str(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    return value


def _column_values(series: pd.Series, kind: str) -> list:
    """`_cell_value` of every value of a column, converted a column at a time where the column's
    type allows (a Python call per cell costs as much as openpyxl's own work on it)."""
    if kind == "date" or series.dtype == object:
        return [_cell_value(value, kind) for value in series.tolist()]
    values = series.astype(object).where(series.notna(), None).tolist()  # Python scalars, None for missing
    if kind == "bool":
        return [None if v is None else bool(v) for v in values]
    if kind in ("int", "year"):
        return [None if v is None else int(v) for v in values]
    if kind == "text":
        return [None if v is None else str(v) for v in values]
    return values


def write_sheet(wb: Workbook, title: str, df: pd.DataFrame, columns: list[Col]) -> bytes | None:
    """One table as a sheet: bold wrapped bilingual header (frozen, filtered), formatted numbers,
    fitted widths.

    ``wb`` is a write-only workbook (streamed: several times faster to save). The sheet gets its
    header here and its data rows are returned as text (`sheet_rows.rows_xml`, for
    `ucj.io.save_workbook`; a sheet longer than `PLAIN_ROWS` without number formats); None when
    openpyxl wrote them here (a sheet with dates, or a value only openpyxl writes right).
    """
    ws = wb.create_sheet(title)
    for j, col in enumerate(columns, start=1):
        if col.kind == "text":
            longest = max([len(str(v)) for v in df[col.key].dropna()] or [8])
            width = min(max(10, longest + 2), 45)
        elif col.kind in ("share", "year", "bool", "int"):
            width = 13
        else:
            width = 16
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(df) + 1}"
    header = []
    for col in columns:
        cell = WriteOnlyCell(ws, value=col.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    ws.row_dimensions[1].height = 58
    ws.append(header)
    formats = [FORMATS[c.kind] for c in columns]
    values = [_column_values(df[c.key], c.kind) for c in columns]
    if len(df) > PLAIN_ROWS:  # long sheets: plain values (a styled cell object per value costs ~10 µs)
        rows = sheet_rows.rows_xml(values)
        if rows is None:  # a value only openpyxl writes right
            for row in zip(*values, strict=True):
                ws.append(list(row))
        return rows
    # The other sheets: each column's number format, as the style id openpyxl gives it (registered
    # here, column by column, as openpyxl would writing the first row), the rows as text. Not with
    # dates: openpyxl registers a format of its own for a date value before the column's.
    if not any(col.kind == "date" for col in columns):
        style_ids = [
            None if col.kind in ("text", "bool") else _formatted(ws, fmt).style_id
            for col, fmt in zip(columns, formats, strict=True)
        ]
        rows = sheet_rows.rows_xml(values, 2, style_ids)
        if rows is not None:
            return rows
    for row in zip(*values, strict=True):  # a value only openpyxl writes right
        cells = []
        for value, col, fmt in zip(row, columns, formats, strict=True):
            cells.append(
                WriteOnlyCell(ws, value=value) if col.kind in ("text", "bool") else _formatted(ws, fmt, value)
            )
        ws.append(cells)
    return None


def _formatted(ws, number_format: str, value: object = None) -> WriteOnlyCell:
    """A cell of ``ws`` holding ``value`` shown with ``number_format``."""
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = number_format
    return cell


def write_notes(wb: Workbook) -> None:
    """The first sheet: what each sheet holds, the definitions and caveats, sources, version (id | en)."""
    ws = wb.create_sheet(SHEETS["notes"])
    ws.column_dimensions["A"].width = 80
    ws.column_dimensions["B"].width = 80
    ws.freeze_panes = "A2"
    stamp = source_date().date().isoformat()
    premium = brief_context.read_assumptions().monthly_premium_idr
    from ucj import data_currency

    as_of = catalog.read(catalog.DATA_AS_OF, missing_ok=True)
    uc = catalog.read(catalog.UNIVERSAL_COVERAGE_YEAR, missing_ok=True)
    horizon = (
        str(int(uc["horizon_year"].iloc[0])) if uc is not None and "horizon_year" in uc and len(uc) else "–"
    )
    subs = {"premium": (fmt_num(premium, "id"), fmt_num(premium, "en")), "horizon": (horizon, horizon)}
    for key, item in (("basis", "participants_province_basis"), ("baseline", "participants_baseline")):
        date = data_currency.when(as_of, item)
        subs[key] = (
            ("–", "–")
            if date is None
            else (fmt_date(date.year, date.month, "id"), fmt_date(date.year, date.month, "en"))
        )
    filled = []
    for a, b in NOTES_ROWS:
        for key, (text_id, text_en) in subs.items():
            a, b = a.replace(f"{{{key}_id}}", text_id), b.replace(f"{{{key}_en}}", text_en)
        filled.append((a, b))
    rows = [
        *filled,
        ("", ""),
        (
            f"Versi ucj {__version__}; disusun {stamp}; data/raw sha256 {brief_context.raw_checksum()}",
            f"ucj version {__version__}; run {stamp}; data/raw sha256 {brief_context.raw_checksum()}",
        ),
    ]
    bold = {0, 2} | {i for i, row in enumerate(rows) if row[0] == "Catatan"}  # title, 'Lembar', 'Catatan'
    for i, row in enumerate(rows):
        cells = []
        for text in row:
            cell = WriteOnlyCell(ws, value=text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if i in bold:
                cell.font = Font(bold=True)
            cells.append(cell)
        ws.append(cells)


def build_frames() -> dict[str, tuple[pd.DataFrame, list[Col]]]:
    """Every sheet's table and columns, keyed as `SHEETS` (except notes); sheets without data are left out."""
    data = _inputs()
    master = data["regencies"]
    reg = tables.regency_frame(
        master, data["informal_workforce"], data["coverage_baseline"], data["universal_coverage_year"]
    )
    frames: dict[str, tuple[pd.DataFrame, list[Col]]] = {
        "regencies": (reg, REGENCY_COLUMNS),
        "coverage": (reg, COVERAGE_COLUMNS),
    }
    uc, proj = data["universal_coverage_year"], data["projections"]
    if uc is not None and proj is not None:
        frames["uc_years"] = (uc_sheet(uc, master), UC_COLUMNS)
        frames["costs"] = (cost_sheet(proj, uc, master), COST_COLUMNS)
        frames["budget"] = budget_sheet(proj, uc, master)
    provinces = tables.area_totals(reg)
    frames["provinces"] = (provinces, PROVINCE_COLUMNS)
    frames["national"] = (tables.national_from_provinces(provinces), AREA_COLUMNS)
    names = master.set_index("regency_code")["regency_name"]
    for key, table, columns in (
        ("effort", data["effort_to_target"], EFFORT_COLUMNS),
        ("history", data["coverage_history"], HISTORY_COLUMNS),
    ):
        if table is not None and not table.empty:
            frames[key] = (table.assign(regency_name=table["regency_code"].map(names)), columns)
    if data["baseline_model_cv"] is not None:
        frames["baseline_cv"] = (data["baseline_model_cv"], CV_COLUMNS)
    if data["projection_hindcast_summary"] is not None:
        frames["hindcast"] = (data["projection_hindcast_summary"], HINDCAST_COLUMNS)
    if data["informal_regency_validation_summary"] is not None:
        frames["informal_check"] = (
            data["informal_regency_validation_summary"].reindex(
                columns=[c.key for c in INFORMAL_CHECK_COLUMNS]
            ),
            INFORMAL_CHECK_COLUMNS,
        )
    if data.get("informal_regency_covariates") is not None:
        frames["informal_covariates"] = (data["informal_regency_covariates"], INFORMAL_COVARIATE_COLUMNS)
    if data["projection_hindcast"] is not None:
        frames["hindcast_pairs"] = (data["projection_hindcast"], HINDCAST_PAIR_COLUMNS)
    return frames


def _horizon(frames: dict[str, tuple[pd.DataFrame, list[Col]]]) -> str:
    """The projection's horizon year as the universal-coverage table states it ('–' without one)."""
    uc = frames.get("uc_years", (None, None))[0]
    if uc is not None and "horizon_year" in uc and len(uc):
        return str(int(uc["horizon_year"].iloc[0]))
    return "–"


def write_workbook(target: Path) -> Path:
    """Build every sheet and write the workbook to ``target`` atomically."""
    frames = build_frames()
    horizon = _horizon(frames)
    with temporaries_beside(target):  # openpyxl writes each sheet to a temporary file first
        wb = Workbook(write_only=True)
        write_notes(wb)
        rows = {}
        for key, (df, columns) in frames.items():
            filled = [
                replace(c, id=c.id.replace("{horizon}", horizon), en=c.en.replace("{horizon}", horizon))
                for c in columns
            ]
            written_apart = write_sheet(wb, SHEETS[key], df, filled)
            if written_apart is not None:
                rows[SHEETS[key]] = written_apart
        stamp = source_date().replace(tzinfo=None)
        wb.properties.created = stamp
        wb.properties.modified = stamp
        wb.properties.creator = "ucj"
        wb.properties.title = "Ringkasan BPJS Ketenagakerjaan / BPJS Ketenagakerjaan summary"
        save_workbook(wb, target, stamp, rows)
    return target
