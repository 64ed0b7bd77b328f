"""User-facing words and number formats of the briefs, in Bahasa Indonesia and English.

Code and notebooks are in English; everything a reader of a brief sees comes
from here, keyed by a short identifier, so the two languages stay in step.
Indonesian formatting uses '.' for thousands and ',' for decimals.
"""

from __future__ import annotations

import math

LANGS = ("id", "en")

TEXT: dict[str, dict[str, str]] = {
    "brief_title": {"id": "Profil Jaminan Sosial Ketenagakerjaan", "en": "Workers' Social Security Brief"},
    "province": {"id": "Provinsi", "en": "Province"},
    "code_kemendagri": {"id": "Kode Kemendagri", "en": "Kemendagri code"},
    "code_bps": {"id": "Kode BPS", "en": "BPS code"},
    "kabupaten": {"id": "Kabupaten", "en": "Regency"},
    "kota": {"id": "Kota", "en": "City"},
    "run_date": {"id": "Tanggal penyusunan", "en": "Run date"},
    "data_vintage": {"id": "Data", "en": "Data"},
    "population": {"id": "Penduduk", "en": "Population"},
    "population_note": {"id": "Dukcapil, Des 2024", "en": "Dukcapil, Dec 2024"},
    "villages": {"id": "Desa / kelurahan", "en": "Villages (desa / kelurahan)"},
    "kecamatan": {"id": "kecamatan", "en": "districts"},
    "area": {"id": "Luas wilayah", "en": "Area"},
    "tpt": {"id": "Tingkat pengangguran terbuka", "en": "Open unemployment rate"},
    "tpak": {"id": "Tingkat partisipasi angkatan kerja", "en": "Labour force participation"},
    "ipm": {"id": "Indeks Pembangunan Manusia", "en": "Human Development Index"},
    "poverty": {"id": "Penduduk miskin", "en": "Population in poverty"},
    "locator_title": {"id": "Lokasi di provinsi", "en": "Location in the province"},
    "profile": {"id": "Gambaran wilayah", "en": "Regency profile"},
    "data_notes": {"id": "Catatan data", "en": "Data notes"},
    "sources": {"id": "Sumber", "en": "Sources"},
    "footer": {
        "id": "ucj {version} · data sumber sha256 {checksum} · {date}",
        "en": "ucj {version} · source data sha256 {checksum} · {date}",
    },
    "not_available": {"id": "tidak tersedia", "en": "not available"},
    "carried_forward": {"id": "nilai tahun {year} (data terbaru)", "en": "{year} value (latest available)"},
    "unknown_regency": {"id": "Kode wilayah tidak dikenal", "en": "Unknown regency code"},
}

TEXT.update(
    {
        "headline": {"id": "Ringkasan", "en": "At a glance"},
        "active_now": {
            "id": "Peserta aktif BPJS Ketenagakerjaan",
            "en": "Active BPJS Ketenagakerjaan participants",
        },
        "caveat_excess_bpu": {
            "id": "Peserta BPU yang terdaftar di sini ({active}) melebihi pekerja informal yang tinggal di sini ({residents}): cakupan ditampilkan 100%; selisih {excess} terdaftar di sini tetapi tinggal di daerah lain atau bukan pekerja informal menurut BPS (misalnya peserta program daerah).",
            "en": "BPU participants registered here ({active}) exceed the informal workers living here ({residents}): coverage is shown as 100%; the difference of {excess} are registered here but live elsewhere or are not informal workers by the BPS definition (e.g. members of a regency programme).",
        },
        "caveat_excess_all": {
            "id": "Peserta aktif yang terdaftar di sini ({active}) melebihi penduduk yang bekerja di sini ({residents}): pemberi kerja mendaftarkan pekerja yang tinggal di daerah lain; cakupan penduduk ditampilkan 100% dan selisih {excess} dicatat terpisah (jumlah provinsi tetap utuh).",
            "en": "Active participants registered here ({active}) exceed the employed residents ({residents}): employers register workers who live elsewhere; coverage of residents is shown as 100% and the difference of {excess} is kept apart (province totals stay whole).",
        },
        "note_informal_check": {
            "id": "Rentang 90% pekerja informal diuji pada {n} angka BPS kabupaten/kota yang dipublikasikan ({provinces} provinsi), terhadap model tanpa angka itu: sebelum diuji {before} berada di dalam rentang; rentang kini diperlebar sesuai uji itu dan menampung {after} (uji silang antarprovinsi); galat rata-rata {mae} poin.",
            "en": "The informal workers' 90% range was checked on {n} published BPS regency figures ({provinces} provinces), against the model without them: before the check {before} fell inside; the ranges are now widened by it and hold {after} (leaving one province out); mean error {mae} points.",
        },
        "note_data_as_of": {"id": "Data per: {items}.", "en": "Data as of: {items}."},
        "note_informal_anchor": {
            "id": "Estimasi setiap kabupaten/kota lalu ditarik ke angka BPS-nya sendiri ({k} dari selisihnya, dipilih oleh data); diuji pada {pairs} angka dari putaran lain: galat rata-rata turun dari {before} ke {after} poin, {inside} di dalam rentang 90%.",
            "en": "Each regency's estimates are then pulled towards its own BPS figure ({k} of the gap, chosen by the data); checked on {pairs} figures of another round: mean error falls from {before} to {after} points, {inside} inside the 90% range.",
        },
        "note_hindcast": {
            "id": "Proyeksi status quo diuji ulang pada {n} pasangan angka peserta aktif yang dipublikasikan pada dua tanggal: {inside} angka kemudian berada di dalam rentang 90% (uji silang antarprovinsi); galat median {error}.",
            "en": "The status-quo projection was checked on {n} pairs of published active-participant figures at two dates: {inside} of the later figures fell inside the 90% band (leaving one province out); median error {error}.",
        },
        "note_update": {
            "id": "Cara memperbarui data: data peserta dari BPJS cabang, angka program daerah dan pelacak desa yang sudah diisi diserahkan ke analis proyek; semua tabel dan profil dibuat ulang otomatis.",
            "en": "How to update: participant data from the BPJS branch, regency programme figures and filled village trackers go to the project's analyst; every table and brief is rebuilt automatically.",
        },
        "indicator_note": {
            "id": "grafik memakai indikator BPU ÷ pekerja informal; target UCJ nasional (RPJMN, RPJPN) memakai indikator lain, semua peserta ÷ pekerja, dan ada di tabel Apa yang dibutuhkan",
            "en": "the charts use the indicator BPU ÷ informal workers; the national UCJ targets (RPJMN, RPJPN) use another, all participants ÷ workers, and is in the table What it takes",
        },
        "caveat_modelled_band_check": {
            "id": "Rentang ini menampung {share} angka publik yang disisihkan dalam uji silang antarprovinsi.",
            "en": "This range held {share} of the published figures left out in cross-validation by province.",
        },
        "carried_note": {
            "id": "angka {figure} ({d1}) dibawa ke {d2} dengan kebijakan saat ini; rentang 90% {lo}–{hi}",
            "en": "the figure {figure} ({d1}) carried to {d2} under current policy; 90% range {lo}–{hi}",
        },
        "active_note": {
            "id": "semua segmen (PU, BPU, Jakon), {date}",
            "en": "all segments (PU, BPU, Jakon), {date}",
        },
        "bpu_coverage": {"id": "Cakupan pekerja informal (BPU)", "en": "Informal-worker coverage (BPU)"},
        "bpu_coverage_note": {
            "id": "{active} peserta BPU aktif ÷ {informal} pekerja informal, {date}",
            "en": "{active} active BPU members ÷ {informal} informal workers, {date}",
        },
        "informal_workers": {"id": "Pekerja informal (perkiraan)", "en": "Informal workers (estimate)"},
        "caveat_informal_published": {
            "id": "Angka BPS kabupaten/kota sendiri: pekerja informal {share} dari penduduk bekerja ({date}; {source}); model tanpa angka ini: {estimate}. Estimasi semua tahun ditarik ke arah angka BPS ini (bagian selisih yang bertahan dipilih oleh data).",
            "en": "The regency's own BPS figure: informal workers {share} of the employed ({date}; {source}); the model without it: {estimate}. Every year's estimate is pulled towards this BPS figure (the share of the gap that persists is chosen by the data).",
        },
        "informal_note": {
            "id": "{share} dari {employed} penduduk bekerja; 90%: {lo}–{hi}; Agustus {year}",
            "en": "{share} of {employed} employed; 90%: {lo}–{hi}; August {year}",
        },
        "gap": {"id": "Belum terlindungi", "en": "Not yet covered"},
        "gap_note": {
            "id": "pekerja informal; iuran {cost} per tahun",
            "en": "informal workers; premiums {cost} a year",
        },
        "gap_note_village": {
            "id": "pekerja informal; iuran {cost} per tahun ({per_village} per desa)",
            "en": "informal workers; premiums {cost} a year ({per_village} per village)",
        },
        "modelled": {"id": "DIMODELKAN", "en": "MODELLED"},
        "reported": {"id": "DILAPORKAN", "en": "REPORTED"},
        "badge_published": {"id": "DILAPORKAN · publik", "en": "REPORTED · published"},
        "badge_reported": {"id": "DILAPORKAN · data cabang", "en": "REPORTED · branch data"},
        "badge_informal_published": {
            "id": "DILAPORKAN · BPS kab., {date}",
            "en": "REPORTED · BPS regency, {date}",
        },
        "badge_informal_anchored": {
            "id": "PERKIRAAN · dikalibrasi BPS kab.",
            "en": "ESTIMATE · calibrated to BPS regency",
        },
        "badge_tracker": {"id": "DILAPORKAN · pelacak desa", "en": "REPORTED · village tracker"},
        "note_derived": {"id": "dari {derivation} ({source})", "en": "from {derivation} ({source})"},
        "note_floor": {
            "id": "sedikitnya angka program ({source}); segmen lain dimodelkan",
            "en": "at least the programme figure ({source}); other segments modelled",
        },
        "note_split": {
            "id": "total dari {source}; pembagian per segmen dimodelkan",
            "en": "total from {source}; split by segment modelled",
        },
        "caveat_modelled_cv": {
            "id": "Jumlah peserta kabupaten/kota ini **dimodelkan**: total peserta aktif provinsi ({basis}) dibagi ke kabupaten/kota dengan model yang dipilih lewat validasi silang terhadap {n} angka publik kabupaten/kota (galat median {err}). Rentang 90% angka awal kira-kira ×{lo}–×{hi}; data BPJS cabang akan menggantikannya.",
            "en": "This regency's participant count is **modelled**: the province's active participants ({basis}) shared out by a model chosen by cross-validation against {n} published regency figures (median error {err}). The 90% range of the starting figure is about ×{lo}–×{hi}; branch data from BPJS replace it.",
        },
        "caveat_published": {
            "id": "Jumlah peserta berasal dari **angka yang dipublikasikan** ({source}); ketidakpastian diasumsikan ×{lo}–×{hi} (90%).",
            "en": "The participant count is a **published figure** ({source}); its uncertainty is assumed at ×{lo}–×{hi} (90%).",
        },
        "caveat_reported_sd": {
            "id": "Jumlah peserta **dilaporkan** oleh pengguna ({source}); ketidakpastian diasumsikan ×{lo}–×{hi} (90%).",
            "en": "Participant counts are **reported** by the user ({source}); uncertainty assumed at ×{lo}–×{hi} (90%).",
        },
        "published_title": {
            "id": "Angka yang dipublikasikan dan perkembangannya",
            "en": "Published figures and progress",
        },
        "published_superseded": {
            "id": "{n} angka digantikan oleh angka yang sama dari tanggal yang lebih baru atau sumber yang lebih kuat (tetap ada di buku kerja, lembar riwayat).",
            "en": "{n} figures are superseded by the same figure at a later date or from a stronger source (still in the workbook's history sheet).",
        },
        "published_conflict": {"id": "berbeda dengan sumber lain", "en": "differs from another source"},
        "published_intro": {
            "id": "Angka resmi untuk {name} yang dikutip media atau laman pemerintah (disalin apa adanya, dengan sumber dan tanggalnya).",
            "en": "Official figures for {name} quoted in the news or on government pages (copied as stated, with their source and date).",
        },
        "published_none": {
            "id": "Belum ditemukan angka cakupan yang dipublikasikan untuk {name}; angka peserta di atas dimodelkan; data peserta dari BPJS cabang akan menggantikannya (lihat catatan data).",
            "en": "No published coverage figure was found for {name}; the participant figures above are modelled; participant data from the BPJS branch will replace them (see the data notes).",
        },
        "col_date": {"id": "Tanggal", "en": "Date"},
        "col_figure": {"id": "Angka", "en": "Figure"},
        "col_value": {"id": "Nilai", "en": "Value"},
        "col_source": {"id": "Sumber", "en": "Source"},
        "metric_active": {"id": "Peserta aktif", "en": "Active participants"},
        "metric_registered": {
            "id": "Peserta terdaftar (bukan aktif)",
            "en": "Registered participants (not active)",
        },
        "metric_coverage_pct": {"id": "Cakupan", "en": "Coverage"},
        "metric_program_enrolled": {"id": "Terlindungi lewat program", "en": "Protected through a programme"},
        "metric_rentan_count": {
            "id": "Jumlah pekerja rentan (angka daerah)",
            "en": "Vulnerable workers (regency's count)",
        },
        "metric_potential": {"id": "Potensi peserta", "en": "Potential participants"},
        "metric_not_registered": {"id": "Belum terdaftar", "en": "Not yet registered"},
        "metric_target": {"id": "Target pendaftaran", "en": "Enrolment target"},
        "group_pekerja_rentan": {"id": "pekerja rentan", "en": "vulnerable workers"},
        "group_non_asn": {"id": "non-ASN/THL", "en": "non-civil-service staff"},
        "group_perangkat_desa": {"id": "perangkat desa", "en": "village officials"},
        "group_bpd": {"id": "anggota BPD", "en": "village council members"},
        "group_other": {"id": "lainnya", "en": "other"},
        "funder_APBD": {"id": "APBD", "en": "regency budget"},
        "funder_APBDes_ADD": {"id": "APBDes/ADD", "en": "village budget (ADD)"},
        "funder_DBH_sawit": {"id": "DBH sawit", "en": "palm-oil revenue sharing"},
        "funder_CSR": {"id": "CSR", "en": "CSR"},
        "funder_mixed": {"id": "campuran", "en": "mixed"},
        "funder_unknown": {"id": "sumber dana tidak disebut", "en": "funder not stated"},
        "of_denominator": {"id": "dari {d}", "en": "of {d}"},
        "points": {"id": "poin", "en": "points"},
        "monev_title": {"id": "Perkembangan (monev)", "en": "Progress (monitoring)"},
        "monev_line": {
            "id": "{what}: {first} ({d1}) → {last} ({d2}), {change} per tahun",
            "en": "{what}: {first} ({d1}) → {last} ({d2}), {change} a year",
        },
        "own_vs_estimate": {
            "id": "Angka daerah: **{count} pekerja rentan** ({source}); perkiraan proyek: {estimate} pekerja informal (90%: {lo}–{hi}). Definisinya berbeda: pekerja rentan adalah bagian dari pekerja informal.",
            "en": "The regency's own count: **{count} vulnerable workers** ({source}); the project's estimate: {estimate} informal workers (90%: {lo}–{hi}). The definitions differ: vulnerable workers are part of the informal workforce.",
        },
        "own_vs_estimate_above": {
            "id": "Angka daerah: **{count} pekerja rentan** ({source}) **melebihi** perkiraan proyek {estimate} pekerja informal (90%: {lo}–{hi}), padahal pekerja rentan adalah bagian dari pekerja informal: periksa definisi dan sumber angka daerah.",
            "en": "The regency's own count of **{count} vulnerable workers** ({source}) **exceeds** the project's estimate of {estimate} informal workers (90%: {lo}–{hi}), although vulnerable workers are part of the informal workforce: check the regency figure's definition and source.",
        },
        "target_achievement": {
            "id": "Capaian terhadap target daerah: {done} pekerja rentan terlindungi ({d1}) dari target {target} ({d2}) = {share}",
            "en": "Achievement against the regency's own target: {done} vulnerable workers protected ({d1}) of a target of {target} ({d2}) = {share}",
        },
        "observed_note": {
            "id": "● cakupan BPU dari angka yang dipublikasikan/dilaporkan (angka program = batas bawah)",
            "en": "● BPU coverage from published/reported figures (programme figures are lower bounds)",
        },
        "estimate": {"id": "PERKIRAAN", "en": "ESTIMATE"},
        "caveats_title": {"id": "Yang perlu diketahui", "en": "Read this first"},
        "caveat_reported": {
            "id": "Jumlah peserta **dilaporkan** oleh pengguna ({source}).",
            "en": "Participant counts are **reported** by the user ({source}).",
        },
        "caveat_informal": {
            "id": "Jumlah pekerja informal adalah **perkiraan** model (definisi status pekerjaan BPS), bukan hasil survei langsung: rentang 90% {lo}–{hi}.",
            "en": "The number of informal workers is a model **estimate** (BPS employment-status definition), not a direct survey figure: 90% range {lo}–{hi}.",
        },
        "caveat_high_cv": {
            "id": "Ketidakpastian perkiraan tinggi (koefisien variasi {cv}); gunakan rentangnya, bukan angka tunggal.",
            "en": "The estimate is uncertain (coefficient of variation {cv}); use its range, not the single number.",
        },
        "caveat_carried": {
            "id": "TPT/TPAK terbaru kabupaten/kota ini tidak tersedia untuk {year}; dipakai nilai tahun {tpt}/{tpak}.",
            "en": "This regency's latest TPT/TPAK are not available for {year}; the {tpt}/{tpak} values are used.",
        },
        "caveat_anchor_carried": {
            "id": "Persentase pekerja informal provinsi untuk Agustus {year} belum ditemukan; dipakai angka Agustus {source} yang digeser bersama provinsi lain yang belum ada agar total nasional sama dengan angka BPS {year}.",
            "en": "The province's informal share for August {year} was not found; its August {source} share is used, shifted with the other missing provinces so that the national total equals BPS's {year} figure.",
        },
        "caveat_denominator": {
            "id": "Target nasional (RPJMN, RKP, RPJPN) memakai penyebut yang tidak dipublikasikan; cakupan di sini dihitung terhadap {workers}, sehingga hanya sebanding secara kasar.",
            "en": "National targets (RPJMN, RKP, RPJPN) use an unpublished denominator; coverage here is of {workers}, so the comparison is only approximate.",
        },
        "projection_title": {
            "id": "Proyeksi {coverage} hingga {horizon}",
            "en": "Projected {coverage} to {horizon}",
        },
        "projection_intro": {
            "id": "Median dan rentang 50%/90% dari simulasi Monte Carlo per skenario. Cakupan = {indicator}. Ambang cakupan semesta: {threshold} (konvensi UHC).",
            "en": "Median with 50%/90% bands of the Monte Carlo simulations per scenario. Coverage = {indicator}. Universal-coverage threshold: {threshold} (UHC convention).",
        },
        "scenario": {"id": "Skenario", "en": "Scenario"},
        "scenarios_not_applicable": {
            "id": "Tidak ditampilkan karena di sini sama dengan kebijakan saat ini (tanpa desa, tanpa angka APBD, tanpa DBH sawit tercatat, atau tanpa program daerah yang bisa dihentikan): {names}.",
            "en": "Not shown because here they equal current policy (no desa, no APBD figure, no DBH sawit recorded, or no regency programme to stop): {names}.",
        },
        "coverage_in": {"id": "Cakupan {year}", "en": "Coverage {year}"},
        "uc_year": {"id": "Tahun cakupan semesta (90%)", "en": "Universal coverage year (90%)"},
        "not_by": {"id": "belum hingga {year}", "en": "not by {year}"},
        "cost_per_year": {"id": "Iuran per tahun ({year})", "en": "Premiums per year ({year})"},
        "workers_funded": {"id": "Pekerja dibiayai ({year})", "en": "Workers funded ({year})"},
        "projection_missing": {
            "id": "Proyeksi belum tersedia: jalankan `make data` (tabel projections.parquet tidak ditemukan).",
            "en": "No projection available: run `make data` (projections.parquet not found).",
        },
        "informal_missing": {
            "id": "Perkiraan pekerja informal belum tersedia (informal_workforce.parquet tidak ditemukan).",
            "en": "No informal-workforce estimate available (informal_workforce.parquet not found).",
        },
        "levers_title": {"id": "Pengungkit dan biayanya", "en": "Levers and their cost"},
        "lever": {"id": "Pengungkit", "en": "Lever"},
        "calculation": {"id": "Perhitungan", "en": "Calculation"},
        "cost_year": {"id": "Biaya per tahun", "en": "Cost per year"},
        "legal_basis": {"id": "Dasar", "en": "Basis"},
        "lever_village": {"id": "Satu desa 100 pekerja rentan", "en": "One village, 100 vulnerable workers"},
        "lever_village_quota": {
            "id": "Program desa, kuota {quota} per desa",
            "en": "Village programme, {quota} per village",
        },
        "lever_gap": {"id": "Menutup seluruh kesenjangan", "en": "Close the whole gap"},
        "tracker_note": {
            "id": "Pelacak program desa (Excel, semua desa dan kelurahan, kuota dan iuran, kolom terdaftar/dibayar untuk diisi Disnaker): {path}. Berkas yang sudah diisi dikembalikan ke analis proyek dan menjadi angka program kabupaten/kota ini.",
            "en": "Village programme tracker (Excel: every desa and kelurahan, quota and premium, enrolled/paid columns for the Disnaker to fill): {path}. A filled copy returned to the project's analyst becomes this regency's programme figure.",
        },
        "no_desa": {
            "id": "Tidak ada desa (hanya kelurahan): program desa tidak berlaku; gunakan APBD.",
            "en": "No desa (only kelurahan): the village programme does not apply; use the regency budget.",
        },
        "basis_village": {
            "id": "Inpres 2/2021; imbauan Kemendagri 2022; APBDes dari ADD atau pendapatan asli desa (bukan Dana Desa: SE Kemendes 4/PRI.00/I/2024)",
            "en": "Inpres 2/2021; Kemendagri call of 2022; village budgets from ADD or own income (not Dana Desa: Kemendes circular 4/PRI.00/I/2024)",
        },
        "basis_budget": {
            "id": "Inpres 2/2021; Permendagri pedoman APBD",
            "en": "Inpres 2/2021; Permendagri APBD guidelines",
        },
        "basis_dbh": {"id": "Dana Bagi Hasil sawit", "en": "Palm-oil revenue sharing (DBH sawit)"},
        "position_title": {"id": "Posisi di provinsi", "en": "Position in the province"},
        "map_informal": {
            "id": "Pekerja informal (% penduduk bekerja, perkiraan {year})",
            "en": "Informal workers (% of employed, estimate {year})",
        },
        "map_coverage": {
            "id": "Cakupan BPU (% pekerja informal, {date})",
            "en": "BPU coverage (% of informal workers, {date})",
        },
        "quartile_intro": {
            "id": "Dibandingkan {n} {kind} lain di Indonesia:",
            "en": "Compared with the other {n} {kind} in Indonesia:",
        },
        "quartile_1": {"id": "kuartil terendah", "en": "lowest quarter"},
        "quartile_2": {"id": "kuartil kedua", "en": "second quarter"},
        "quartile_3": {"id": "kuartil ketiga", "en": "third quarter"},
        "quartile_4": {"id": "kuartil tertinggi", "en": "highest quarter"},
        "quartile_line": {
            "id": "{what}: {value} ({quartile}; median {median})",
            "en": "{what}: {value} ({quartile}; median {median})",
        },
        "province_compare_sig": {
            "id": "Pangsa pekerja informal {direction} rata-rata provinsi ({prov}); perbedaannya di luar rentang 90% perkiraan.",
            "en": "The informal share is {direction} the province average ({prov}); the difference lies outside the estimate's 90% range.",
        },
        "province_compare_ns": {
            "id": "Pangsa pekerja informal tidak berbeda nyata dari rata-rata provinsi ({prov}): rata-rata itu berada di dalam rentang 90% perkiraan.",
            "en": "The informal share is not significantly different from the province average ({prov}): the average lies within the estimate's 90% range.",
        },
        "above": {"id": "di atas", "en": "above"},
        "below": {"id": "di bawah", "en": "below"},
        "kabupaten_plural": {"id": "kabupaten", "en": "regencies"},
        "kota_plural": {"id": "kota", "en": "cities"},
        "informal_share_label": {"id": "Pangsa pekerja informal", "en": "Informal share"},
        "bpu_coverage_label": {"id": "Cakupan BPU", "en": "BPU coverage"},
        "informal_per_desa_label": {
            "id": "Pekerja informal per desa (kuota program: 100)",
            "en": "Informal workers per village (programme quota: 100)",
        },
        "actions_title": {"id": "Apa artinya bagi Bupati", "en": "What this means for the Bupati"},
        "actions_title_kota": {"id": "Apa artinya bagi Wali Kota", "en": "What this means for the Mayor"},
        "action_village": {
            "id": "Tetapkan kuota pekerja rentan di APBDes (dari ADD): {desa} desa × {quota} pekerja × Rp{premium} = {cost} per tahun, melindungi {workers} pekerja ({share} dari kesenjangan).",
            "en": "Set a vulnerable-worker quota in village budgets (from ADD): {desa} villages × {quota} workers × Rp{premium} = {cost} a year, covering {workers} workers ({share} of the gap).",
        },
        "action_budget_rest": {
            "id": "Sisa kesenjangan {workers} pekerja memerlukan {cost} per tahun dari APBD (atau DBH sawit dan CSR).",
            "en": "The remaining gap of {workers} workers needs {cost} a year from the regency budget (or DBH sawit and CSR).",
        },
        "action_budget_all": {
            "id": "Anggarkan di APBD {cost} per tahun untuk iuran {workers} pekerja informal yang belum terlindungi (Rp{premium} per pekerja per tahun).",
            "en": "Budget {cost} a year in the APBD for the premiums of the {workers} uncovered informal workers (Rp{premium} per worker a year).",
        },
        "action_retention": {
            "id": "Jaga pembayaran tepat waktu: setiap 5 poin persentase kepesertaan yang tidak aktif berarti sekitar {workers} pekerja kehilangan perlindungan; pantau {payers} yang menunggak bersama BPJS cabang.",
            "en": "Keep payments on time: every 5 percentage points of members lapsing leaves about {workers} workers unprotected; track {payers} in arrears with the BPJS branch.",
        },
        "action_data": {
            "id": "Minta data peserta per kabupaten/kota ke BPJS cabang untuk menggantikan angka yang dimodelkan di profil ini.",
            "en": "Ask the BPJS branch for regency participant data to replace the modelled figures in this brief.",
        },
        "action_reached": {
            "id": "Cakupan sudah di atas ambang {threshold}: fokus pada mempertahankan peserta aktif.",
            "en": "Coverage is already above the {threshold} threshold: focus on keeping members active.",
        },
        "share_apbd_short": {"id": "{share} APBD", "en": "{share} of APBD"},
        "share_dd_short": {"id": "{share} Dana Desa†", "en": "{share} of Dana Desa†"},
        "share_dbh_short": {"id": "{share} porsi DBH", "en": "{share} of the DBH slice"},
        "effort_title": {"id": "Apa yang dibutuhkan", "en": "What it takes"},
        "effort_intro": {
            "id": "Upaya tahunan tetap terkecil, mulai {start}, agar target tercapai pada tahunnya dalam median simulasi (dalam kurung: dalam 90% simulasi), dengan lapse, keikutsertaan dan pertumbuhan angkatan kerja seperti pada proyeksi; iuran Rp{premium} per pekerja per tahun. Batas acuan: {limit} APBD.",
            "en": "The smallest constant annual effort, from {start}, that reaches each target by its year in the median simulation (in brackets: in 90% of simulations), with lapse, take-up and workforce growth as in the projection; premium Rp{premium} per worker a year. Reference limit: {limit} of the APBD.",
        },
        "col_target": {"id": "Target", "en": "Target"},
        "col_effort": {"id": "Upaya per tahun", "en": "Effort a year"},
        "col_share_apbd": {"id": "% APBD (90%)", "en": "% of APBD (90%)"},
        "lever_name_village": {"id": "Program desa", "en": "Village programme"},
        "lever_name_apbd": {"id": "APBD", "en": "Regency budget (APBD)"},
        "lever_name_dbh_sawit": {"id": "DBH sawit", "en": "DBH sawit"},
        "lever_name_mix": {"id": "Gabungan desa + APBD", "en": "Village + APBD mix"},
        "effort_none": {"id": "sudah tercapai", "en": "already reached"},
        "effort_village": {"id": "{quota} pekerja per {term}", "en": "{quota} workers per {term}"},
        "effort_dbh": {
            "id": "{workers} pekerja × {months} bulan",
            "en": "{workers} workers × {months} months",
        },
        "effort_mix": {"id": "{quota}/desa + APBD {budget}", "en": "{quota}/desa + APBD {budget}"},
        "of_dana_desa": {
            "id": "{share} Dana Desa (pembanding ukuran; Dana Desa tidak boleh membayar iuran)",
            "en": "{share} of Dana Desa (size comparison; Dana Desa may not pay premiums)",
        },
        "of_dbh_slice": {"id": "{share} porsi 20% DBH sawit", "en": "{share} of the 20% DBH-sawit slice"},
        "effort_note": {
            "id": 'Biaya: median (90% simulasi). Gabungan = program desa {quota} per desa (dibayar dari ADD/pendapatan desa) ditambah APBD untuk sisanya. †Dana Desa hanya pembanding ukuran: Dana Desa tidak boleh membayar iuran (SE Kemendes 4/PRI.00/I/2024). DBH sawit membiayai {months} bulan per tahun dari porsi 20% "kegiatan lainnya" (PMK 91/2023; porsi DBH = biaya ÷ porsi itu). Target yang lebih jauh bisa membutuhkan upaya tahunan lebih besar karena angkatan kerja terus tumbuh.',
            "en": 'Cost: median (90% of simulations). Mix = the village programme at {quota} per desa (paid from ADD / village income) plus the APBD for the rest. †Dana Desa only as a size comparison: it may not pay premiums (Kemendes circular 4/PRI.00/I/2024). DBH sawit funds {months} months a year from its 20% "kegiatan lainnya" slice (PMK 91/2023; DBH slice = cost ÷ that slice). A later target can need a larger annual effort because the workforce keeps growing.',
        },
        "apbd_missing": {
            "id": "APBD kabupaten/kota ini tidak tersedia di data (DKI atau provinsi baru Papua): bagian APBD tidak dihitung.",
            "en": "This regency's APBD is not in the data (DKI or a new Papua province): APBD shares are not computed.",
        },
        "dbh_missing": {
            "id": "Tidak ada alokasi DBH sawit yang tercatat untuk kabupaten/kota ini: pengungkit DBH tidak dihitung.",
            "en": "No DBH-sawit allocation is recorded for this regency: the DBH lever is not computed.",
        },
        "no_desa_effort": {
            "id": "Tidak ada desa: program desa tidak berlaku.",
            "en": "No desa: the village programme does not apply.",
        },
        "effort_chart_x": {
            "id": "Biaya per tahun, % belanja APBD (median; garis tipis: 90%)",
            "en": "Annual cost, % of APBD spending (median; thin line: 90%)",
        },
        "effort_chart_limit": {"id": "batas acuan {limit}", "en": "reference limit {limit}"},
        "action_target": {
            "id": "Untuk {target}, mulai {start} per tahun: {options}.",
            "en": "For {target}, a year from {start}: {options}.",
        },
        "route_option": {"id": "{lever} {effort} ({burden})", "en": "{lever} {effort} ({burden})"},
        "or": {"id": "; atau ", "en": "; or "},
        "action_target_none": {
            "id": "{target}: tidak tercapai hanya dengan pendanaan ({reason}); yang realistis: tambah kuota bertahap dan perluas pendaftaran mandiri.",
            "en": "{target}: not reachable by funding alone ({reason}); realistic: raise quotas step by step and widen self-enrolment.",
        },
        "burden_apbd": {"id": "{share} APBD", "en": "{share} of the APBD"},
        "burden_village": {
            "id": "{per_village} per {term} per tahun, setara {share} Dana Desa sebagai pembanding ukuran",
            "en": "{per_village} per {term} a year, {share} of Dana Desa as a size comparison",
        },
        "burden_apbd_missing": {
            "id": "APBD daerah ini tidak ada di data",
            "en": "this regency's APBD is not in the data",
        },
        "burden_dbh": {"id": "{share} porsi DBH", "en": "{share} of the DBH slice"},
        "payers_villages": {"id": "{term} dan OPD", "en": "{term}s and agencies"},
        "payers_kota": {"id": "OPD dan pemberi kerja", "en": "agencies and employers"},
        "infeasible_capacity": {
            "id": "terlalu cepat dibanding kecepatan pendaftaran program selama ini",
            "en": "faster than programmes have enrolled so far",
        },
        "infeasible_workforce": {
            "id": "kuota melebihi jumlah pekerja (tidak semua kuota aktif)",
            "en": "more funded places than workers (not every place is active)",
        },
        "infeasible_village_workforce": {
            "id": "kuota per {term} melebihi pekerja di {term}",
            "en": "the quota per {term} exceeds the {term}'s workers",
        },
        "infeasible_dbh_slice": {
            "id": "melebihi porsi 20% DBH: tidak cukup sendiri, kurang {shortfall}",
            "en": "above the 20% DBH slice: not enough alone, {shortfall} short",
        },
        "infeasible_cell": {"id": "tidak layak: {reason}", "en": "not feasible: {reason}"},
        "current_spending": {
            "id": "Saat ini sudah didanai program: {workers} pekerja (≈ {cost} per tahun). Angka di tabel adalah upaya tambahan.",
            "en": "Already funded by programmes now: {workers} workers (≈ {cost} a year). The table shows the additional effort.",
        },
        "action_target_reached": {
            "id": "{target} sudah tercapai tanpa upaya baru: jaga agar peserta tetap aktif.",
            "en": "{target} is reached without a new effort: keep members active.",
        },
        "method_title": {"id": "Metode singkat", "en": "Method in brief"},
        "method_text": {
            "id": "Pekerja informal: penduduk 15+ × TPAK × (1 − TPT), dikalibrasi ke total nasional BPS, dikali pangsa informal dari model regresi binomial yang dijangkarkan ke angka provinsi BPS; rentang dari simulasi Monte Carlo. Proyeksi: model stok-aliran tahunan (peserta × (1 − lapse) + pendaftaran dibiayai + pendaftaran mandiri), dibatasi jumlah pekerja informal.",
            "en": "Informal workers: population 15+ × TPAK × (1 − TPT), calibrated to BPS national totals, times an informal share from a binomial regression benchmarked to BPS province figures; ranges from Monte Carlo simulation. Projection: a yearly stock-flow model (members × (1 − lapse) + funded enrolment + self-enrolment), capped by the informal workforce.",
        },
        "assumption_lapse": {
            "id": "Asumsi (bukan data): {lapse} peserta mandiri berhenti membayar per tahun (rentang {lo}–{hi}); tidak ada angka resmi.",
            "en": "Assumption (not data): {lapse} of self-paying members stop paying each year (range {lo}–{hi}); no official rate exists.",
        },
    }
)

# Short labels of the shipped scenarios (config/scenarios.yml). A scenario added by a
# user without an entry here is shown with its own `label` from the file.
SCENARIO_LABELS: dict[str, dict[str, str]] = {
    "status_quo": {"id": "Kebijakan saat ini berlanjut", "en": "Current policy continues"},
    "programmes_stopped": {"id": "Program daerah dihentikan", "en": "Regency programmes stopped"},
    "village_100": {"id": "Satu desa 100", "en": "One village 100"},
    "village_100_ramp": {"id": "Satu desa 100, bertahap 3 tahun", "en": "One village 100, 3-year ramp"},
    "village_real_quota": {"id": "Program desa, kuota daerah sendiri", "en": "Village programme, own quota"},
    "budget_apbd_0_25": {"id": "APBD 0,25% belanja", "en": "APBD 0.25% of spending"},
    "budget_apbd_0_5": {"id": "APBD 0,5% belanja", "en": "APBD 0.5% of spending"},
    "budget_apbd_1": {"id": "APBD 1% belanja", "en": "APBD 1% of spending"},
    "dbh_sawit_slice": {
        "id": "DBH sawit (1/5 porsi 20%), 4 bulan",
        "en": "DBH sawit (1/5 of the 20% slice), 4 months",
    },
    "combined": {
        "id": "Desa (kuota sendiri) + APBD 0,5% + DBH",
        "en": "Village (own quota) + APBD 0.5% + DBH",
    },
}


def scenario_label(scenario_id: str, fallback: str, lang: str = "id") -> str:
    """The short label of a scenario in ``lang`` (the file's label for unknown scenarios)."""
    return SCENARIO_LABELS.get(scenario_id, {}).get(lang, fallback)


MONTHS = {
    "id": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


#: The words of each coverage denominator (``config/projection.yml`` ``denominator``), for the sentences
#: that say what coverage is: ``indicator`` (what is counted ÷ what it is counted against), ``workers``
#: (whom coverage is of), ``members`` (who counts) and ``coverage`` (its name in a title). Pass them to `t` with
#: `denominator_words`; a sentence never names a denominator itself.
DENOMINATOR_WORDS: dict[str, dict[str, dict[str, str]]] = {
    "informal": {
        "indicator": {
            "id": "peserta BPU aktif ÷ pekerja informal",
            "en": "active BPU members ÷ informal workers",
        },
        "workers": {"id": "pekerja informal", "en": "informal workers"},
        "coverage": {"id": "cakupan pekerja informal", "en": "informal-worker coverage"},
        "members": {"id": "peserta BPU aktif", "en": "active BPU members"},
    },
    "employed": {
        "indicator": {
            "id": "semua peserta aktif ÷ penduduk bekerja",
            "en": "all active participants ÷ employed persons",
        },
        "workers": {"id": "penduduk bekerja", "en": "employed persons"},
        "coverage": {"id": "cakupan penduduk bekerja", "en": "coverage of the employed"},
        "members": {"id": "peserta aktif", "en": "active participants"},
    },
    "potential": {
        "indicator": {
            "id": "semua peserta aktif ÷ potensi peserta (angka daerah)",
            "en": "all active participants ÷ the potential (the regency's own figure)",
        },
        "workers": {"id": "potensi peserta (angka daerah)", "en": "the potential (the regency's own figure)"},
        "coverage": {"id": "cakupan potensi peserta", "en": "coverage of the potential"},
        "members": {"id": "peserta aktif", "en": "active participants"},
    },
}


def denominator_words(denominator: str, lang: str = "id") -> dict[str, str]:
    """The words of ``denominator`` in ``lang`` (`DENOMINATOR_WORDS`), to pass to `t`."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return {word: forms[lang] for word, forms in DENOMINATOR_WORDS[denominator].items()}


def t(key: str, lang: str = "id", **values: object) -> str:
    """The text ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return TEXT[key][lang].format(**values)


def _group(digits: str, sep: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def fmt_num(value: float | int | None, lang: str = "id", decimals: int = 0) -> str:
    """A number with the thousands and decimal separators of ``lang`` ('–' if missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    thousands, point = (".", ",") if lang == "id" else (",", ".")
    text = f"{abs(value):.{decimals}f}"
    whole, _, frac = text.partition(".")
    sign = "-" if value < 0 and float(text) != 0 else ""
    return sign + _group(whole, thousands) + (point + frac if frac else "")


def fmt_pct(share_or_pct: float | None, lang: str = "id", decimals: int = 1, is_share: bool = False) -> str:
    """A percentage; pass ``is_share=True`` for values on the 0–1 scale."""
    if share_or_pct is None or (isinstance(share_or_pct, float) and math.isnan(share_or_pct)):
        return "–"
    value = share_or_pct * 100 if is_share else share_or_pct
    return fmt_num(value, lang, decimals) + "%"


def fmt_idr(value: float | None, lang: str = "id") -> str:
    """Rupiah in words of scale: 'Rp20,16 juta', 'Rp9,25 miliar' / 'Rp20.16 million'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    scales = {
        "id": [(1e12, "triliun"), (1e9, "miliar"), (1e6, "juta")],
        "en": [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")],
    }[lang]
    for size, word in scales:
        if abs(value) >= size:
            return f"Rp{fmt_num(value / size, lang, 2)} {word}"
    return f"Rp{fmt_num(value, lang, 0)}"


def fmt_count(value: float | None, lang: str = "id") -> str:
    """A head count rounded sensibly for a reader: 1.234.567 -> '1,23 juta' / '1.23 million'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if abs(value) >= 1e6:
        return f"{fmt_num(value / 1e6, lang, 2)} {'juta' if lang == 'id' else 'million'}"
    return fmt_num(round(value, -1) if abs(value) >= 10_000 else value, lang, 0)


def fmt_date(year: int, month: int, lang: str = "id") -> str:
    """'Desember 2023' / 'December 2023'."""
    return f"{MONTHS[lang][month - 1]} {year}"
