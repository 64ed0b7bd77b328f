"""The data notes of every report (briefs, summaries, workbook), written once.

Numbers in these sentences (premium, lapse range, the targets' years) are read
from the sourced assumption files through `ucj.brief.context.Assumptions`, never
typed.
"""

from __future__ import annotations

from ucj.brief.text import fmt_num, fmt_pct

LINES = {
    "id": [
        "Kode dan jumlah desa/kelurahan: Kepmendagri 300.2.2-2138/2025. Penduduk (profil): Dukcapil, "
        "Desember 2024.",
        "Pekerja informal: definisi status pekerjaan BPS (berusaha sendiri, dibantu buruh tidak tetap, "
        "pekerja bebas, pekerja keluarga), bukan definisi ILO; perkiraan dari penduduk BPS 2024 menurut "
        "umur, TPT/TPAK Sakernas Agustus dan pangsa informal provinsi BPS (tabel 1168), dikalibrasi ke total "
        "nasional BPS.",
        "Sakernas Agustus s.d. 2022 ditimbang dengan proyeksi penduduk berbasis SUPAS2015, sejak 2023 dengan "
        "proyeksi berbasis SP2020: bandingkan angka kabupaten/kota 2022 dan 2023 dengan hati-hati.",
        "Peserta aktif = iuran dibayar (bukan terdaftar). Urutan sumber per segmen: data cabang dari "
        "pengguna > angka yang dipublikasikan (dengan kutipan dan alamat halaman) > model (total provinsi "
        "{basis}, Kemnaker/Satu Data Ketenagakerjaan, dibagi dengan model terpilih lewat validasi silang); "
        "semua dibawa ke {baseline}.",
        "Iuran BPU minimum JKK+JKM Rp{premium_month} per bulan = Rp{premium_year} per tahun.",
        "Anggaran daerah: APBD (belanja daerah, DJPK), Dana Desa (pagu, DJPK) dan DBH sawit (sebagian, dari "
        "berita); Dana Desa tidak boleh membayar iuran BPJS Ketenagakerjaan (SE Kemendes 4/PRI.00/I/2024): "
        "desa membayar dari ADD atau pendapatan asli desa.",
        "Target: RPJMN 2025–2029, RKP 2026, RPJPN 2025–2045; cakupan semesta = {threshold} (konvensi UHC).",
        "Asumsi (bukan data): {lapse} peserta mandiri berhenti membayar per tahun (rentang {lo}–{hi}); tidak "
        "ada angka resmi.",
    ],
    "en": [
        "Codes and villages: Kepmendagri 300.2.2-2138/2025. Population (profile): Dukcapil, December 2024.",
        "Informal workers: BPS employment-status definition (own-account, employer with temporary help, "
        "casual, family workers), not the ILO definition; estimated from BPS 2024 population by age, August "
        "Sakernas TPT/TPAK and BPS province informal shares (table 1168), calibrated to BPS national totals.",
        "August Sakernas rounds up to 2022 are weighted to SUPAS2015-based population projections, from 2023 "
        "to SP2020-based ones: compare a regency's 2022 and 2023 figures with care.",
        "Active participants = premium paid (not registered). Sources by segment: branch data from the user "
        "> a published figure (with its quote and page address) > the model ({basis} province totals, "
        "Kemnaker / Satu Data Ketenagakerjaan, shared out by the model chosen by cross-validation); all "
        "carried to {baseline}.",
        "Minimum BPU premium JKK+JKM Rp{premium_month} a month = Rp{premium_year} a year.",
        "Regional money: APBD (regional spending, DJPK), Dana Desa (allocation, DJPK) and DBH sawit "
        "(partial, from news); Dana Desa may not pay BPJS Ketenagakerjaan premiums (Kemendes circular "
        "4/PRI.00/I/2024): villages pay from ADD or their own income.",
        "Targets: RPJMN 2025–2029, RKP 2026, RPJPN 2025–2045; universal coverage = {threshold} "
        "(UHC convention).",
        "Assumption (not data): {lapse} of self-paying members stop paying each year (range {lo}–{hi}); no "
        "official rate exists.",
    ],
}


def data_note_lines(
    lang: str, assumptions, threshold: float = 0.95, dates: dict[str, str] | None = None
) -> list[str]:
    """The data notes in ``lang``, their numbers filled from ``assumptions`` (`context.Assumptions`) and
    their dates from ``dates`` (``basis``: the province totals' date, ``baseline``: the baseline date,
    read from the data-as-of table by the caller)."""
    dates = dates or {}
    values = {
        "basis": dates.get("basis", "–"),
        "baseline": dates.get("baseline", "–"),
        "premium_month": fmt_num(assumptions.monthly_premium_idr, lang),
        "premium_year": fmt_num(assumptions.annual_premium_idr, lang),
        "threshold": fmt_pct(threshold, lang, 0, is_share=True),
        "lapse": fmt_pct(assumptions.lapse_central, lang, 0, is_share=True),
        "lo": fmt_pct(assumptions.lapse_low, lang, 0, is_share=True),
        "hi": fmt_pct(assumptions.lapse_high, lang, 0, is_share=True),
    }
    return [line.format(**values) for line in LINES[lang]]
