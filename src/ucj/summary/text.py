"""User-facing words of the national and province summaries, in Bahasa Indonesia and English.

Number formats and the shared words (modelled / reported / estimate, scenario
labels, months) come from `ucj.brief.text`; this module adds the summaries' own
words, keyed by a short identifier, so the two languages stay in step.
"""

from __future__ import annotations

from ucj.brief.text import LANGS
from ucj.brief.text import TEXT as BRIEF_TEXT

TEXT: dict[str, dict[str, str]] = {
    # --- where the participant figures come from -------------------------------------------------
    "and_other_dates": {
        "id": " (dan tanggal lain untuk angka yang diketahui)",
        "en": " (and other dates for known figures)",
    },
    "bps_2020": {"id": "kode BPS 2020", "en": "BPS 2020 code"},
    "sources_title": {"id": "Asal angka peserta", "en": "Where the participant figures come from"},
    "sources_intro_national": {
        "id": "Per kabupaten/kota, angka peserta aktif (semua segmen) yang dipakai: data cabang dari pengguna, angka yang dipublikasikan (media atau laman resmi), atau model. Model dipilih lewat validasi silang (tinggalkan-satu-provinsi) terhadap {n} angka publik dari {p} provinsi:",
        "en": "Per regency, the active-participant figure (all segments) used: branch data from the user, a published figure (news or official pages), or the model. The model is chosen by leave-one-province-out cross-validation against {n} published figures from {p} provinces:",
    },
    "sources_counts": {
        "id": "{reported} data cabang · {published} dipublikasikan · {split} total diketahui, segmen dimodelkan · {modelled} dimodelkan; di antaranya {carried} angka sendiri dibawa ke tanggal baseline, {tracker} dengan pelacak desa terisi",
        "en": "{reported} branch data · {published} published · {split} known total, segments modelled · {modelled} modelled; of these, {carried} own figures carried to the baseline date, {tracker} with a filled village tracker",
    },
    "cv_candidate": {"id": "Model", "en": "Model"},
    "cv_mape": {"id": "Galat median (%)", "en": "Median error (%)"},
    "cv_mae": {"id": "Galat rata-rata cakupan (poin)", "en": "Mean coverage error (points)"},
    "cv_spearman": {"id": "Korelasi peringkat dalam provinsi", "en": "Rank correlation within provinces"},
    "cv_chosen": {"id": "dipakai", "en": "chosen"},
    "capped_note": {
        "id": "Di {provinces}, angka yang diketahui melebihi total provinsi (segmen {segments}): sisa untuk kabupaten/kota lain dibatasi nol.",
        "en": "In {provinces}, the known figures exceed the province total (segment {segments}): the remainder for the other regencies is capped at zero.",
    },
    "sources_intro_province": {
        "id": "Angka peserta aktif (semua segmen) yang dipakai untuk tiap kabupaten/kota, dengan tanggal dan asalnya.",
        "en": "The active-participant figure (all segments) used for each regency, with its date and origin.",
    },
    "col_active": {"id": "Peserta aktif", "en": "Active participants"},
    "col_kind": {"id": "Asal", "en": "Origin"},
    # --- what it takes ----------------------------------------------------------------------------
    "effort_rank_title": {"id": "Bagian APBD yang dibutuhkan", "en": "Share of the APBD it takes"},
    "effort_rank_intro_national": {
        "id": "Upaya APBD tahunan tetap terkecil (mulai {start}, median simulasi) agar tiap kabupaten/kota mencapai target pada tahunnya, sebagai bagian dari belanja APBD-nya sendiri; batas acuan {limit}.",
        "en": "The smallest constant annual APBD effort (from {start}, median simulation) for each regency to reach each target by its year, as a share of its own APBD spending; reference limit {limit}.",
    },
    "effort_rank_intro_province": {
        "id": "Kabupaten/kota diurutkan menurut bagian APBD yang dibutuhkan untuk target RPJMN 2029 (APBD saja, median simulasi; biaya per tahun); batas acuan {limit}.",
        "en": "Regencies ranked by the share of their APBD the RPJMN 2029 target needs (APBD only, median simulation; cost a year); reference limit {limit}.",
    },
    "col_median_share": {"id": "Median % APBD", "en": "Median % of APBD"},
    "col_iqr_share": {"id": "Separuh tengah", "en": "Middle half"},
    "col_within": {"id": "Kab/kota ≤ {limit}", "en": "Regencies ≤ {limit}"},
    "col_apbd_missing": {"id": "APBD tidak tersedia", "en": "APBD not available"},
    "col_share_rpjmn": {"id": "% APBD untuk UCJ 2029", "en": "% of APBD for UCJ 2029"},
    "col_cost_rpjmn": {"id": "Rp miliar per tahun", "en": "Rp billion a year"},
    "effort_top_caption": {
        "id": "Kabupaten/kota yang membutuhkan bagian APBD terbesar untuk UCJ 2029",
        "en": "Regencies needing the largest share of their APBD for UCJ 2029",
    },
    # --- titles and header -------------------------------------------------------------------
    "national_title": {
        "id": "Ringkasan Nasional Jaminan Sosial Ketenagakerjaan",
        "en": "National Summary of Workers' Social Security",
    },
    "province_title": {
        "id": "Ringkasan Provinsi Jaminan Sosial Ketenagakerjaan",
        "en": "Province Summary of Workers' Social Security",
    },
    "national_heading": {
        "id": "Indonesia: cakupan BPJS Ketenagakerjaan pekerja informal",
        "en": "Indonesia: BPJS Ketenagakerjaan coverage of informal workers",
    },
    "province_heading": {"id": "Provinsi {name}", "en": "{name} Province"},
    "national_subtitle": {
        "id": "{n} kabupaten/kota di {p} provinsi ({kab} kabupaten, {kota} kota)",
        "en": "{n} regencies and cities in {p} provinces ({kab} regencies, {kota} cities)",
    },
    "province_subtitle": {
        "id": "Kode Kemendagri {code} · {n} kabupaten/kota ({kab} kabupaten, {kota} kota) · "
        "{desa} desa, {kel} kelurahan",
        "en": "Kemendagri code {code} · {n} regencies and cities ({kab} regencies, {kota} cities) · "
        "{desa} desa, {kel} kelurahan",
    },
    "vintage_line": {
        "id": "Pekerja informal: perkiraan Agustus {year} · peserta: {date} · tanggal penyusunan {run}",
        "en": "Informal workers: estimate for August {year} · participants: {date} · run date {run}",
    },
    "vintage_line_no_data": {"id": "Tanggal penyusunan {run}", "en": "Run date {run}"},
    "unknown_province": {"id": "Kode provinsi tidak dikenal", "en": "Unknown province code"},
    # --- headline tiles ----------------------------------------------------------------------
    "tile_informal": {"id": "Pekerja informal (perkiraan)", "en": "Informal workers (estimate)"},
    "tile_informal_note": {
        "id": "{share} dari {employed} penduduk bekerja, Agustus {year}; jumlah batas 90% kab/kota {lo}–{hi}",
        "en": "{share} of {employed} employed, August {year}; sum of regency 90% bounds {lo}–{hi}",
    },
    "tile_active": {
        "id": "Peserta aktif BPJS Ketenagakerjaan",
        "en": "Active BPJS Ketenagakerjaan participants",
    },
    "tile_active_note": {
        "id": "semua segmen (PU, BPU, Jakon), {date}; {known} kab/kota dengan angka sendiri (data cabang "
        "atau dipublikasikan), {modelled} dimodelkan",
        "en": "all segments (PU, BPU, Jakon), {date}; {known} regencies with a figure of their own (branch "
        "data or published), {modelled} modelled",
    },
    "tile_bpu": {"id": "Cakupan pekerja informal (BPU)", "en": "Informal-worker coverage (BPU)"},
    "tile_bpu_note": {
        "id": "{active} peserta BPU aktif ÷ {informal} pekerja informal, {date}",
        "en": "{active} active BPU members ÷ {informal} informal workers, {date}",
    },
    "tile_gap": {"id": "Belum terlindungi", "en": "Not yet covered"},
    "tile_gap_note": {
        "id": "jumlah kesenjangan kab/kota (pekerja informal − peserta BPU aktif); iuran {cost} per tahun",
        "en": "sum of regency gaps (informal workers − active BPU members); premiums {cost} a year",
    },
    "partly_modelled": {"id": "SEBAGIAN DIMODELKAN", "en": "PARTLY MODELLED"},
    # --- caveats -------------------------------------------------------------------------------
    "caveat_modelled_all": {
        "id": "Jumlah peserta per kabupaten/kota **dimodelkan**: total peserta aktif provinsi ({basis}) dibagi "
        "menurut perkiraan jumlah pekerja formal dan informal. Karena itu cakupan BPU yang dimodelkan sama "
        "untuk semua kabupaten/kota dalam satu provinsi.",
        "en": "Participant counts by regency are **modelled**: each province's active participants ({basis}) "
        "shared out by estimated formal and informal employment. Modelled BPU coverage is therefore the same "
        "for every regency of a province.",
    },
    "caveat_national_total": {
        "id": "Jumlah nasional {ours} peserta aktif adalah jumlah angka kabupaten/kota yang dibawa ke {date} "
        "dengan kebijakan saat ini; angka resmi nasional terakhir pada bulan yang sama: {official} ({odate}; {source}); selisih {diff} "
        "berasal dari pembawaan ke satu tanggal dan dari angka daerah yang dicatat di tempat terdaftar.",
        "en": "The national {ours} active participants is the sum of the regencies' figures carried to {date} under "
        "current policy; the latest official national figure of the same month: {official} ({odate}; {source}); the difference of "
        "{diff} comes from carrying to one date and from regency figures counted where participants are registered.",
    },
    "badge_informal_published": {
        "id": "DILAPORKAN · BPS kab., Agustus {year}",
        "en": "REPORTED · BPS regency, August {year}",
    },
    "badge_informal_anchored": {
        "id": "PERKIRAAN · dikalibrasi BPS kab.",
        "en": "ESTIMATE · calibrated to BPS regency",
    },
    "data_as_of_title": {"id": "Data per tanggal", "en": "Data as of"},
    "data_as_of_intro": {
        "id": "Tanggal angka terbaru setiap masukan yang dipakai dalam ringkasan ini (dibaca dari data, bukan ditulis tangan).",
        "en": "The date of the newest figure of every input this summary uses (read from the data, not written by hand).",
    },
    "col_input": {"id": "Masukan", "en": "Input"},
    "col_as_of": {"id": "Data per", "en": "As of"},
    "col_detail": {"id": "Keterangan", "en": "Detail"},
    "caveat_province_total": {
        "id": "Jumlah provinsi {ours} peserta aktif adalah jumlah angka kabupaten/kota yang dibawa ke {date} dengan "
        "kebijakan saat ini; angka resmi provinsi terakhir: {official} ({odate}; {source}); selisihnya {diff}, karena "
        "pembawaan ke satu tanggal, tanggal yang berbeda, dan peserta yang dicatat di tempat terdaftar, bukan tempat tinggal.",
        "en": "The province's {ours} active participants is the sum of the regencies' figures carried to {date} under "
        "current policy; the latest official province figure: {official} ({odate}; {source}); the difference of {diff} "
        "comes from carrying to one date, different dates, and participants counted where they are registered, not where they live.",
    },
    "caveat_official_none": {
        "id": "Tidak ada angka resmi total peserta aktif provinsi ini sampai {date} yang dapat dibandingkan (lihat catatan pencarian data).",
        "en": "No official total of active participants of this province up to {date} to compare with (see the data search notes).",
    },
    "caveat_kinds": {
        "id": "Asal angka peserta per kabupaten/kota: {reported} data cabang · {published} dipublikasikan · "
        "{split} total diketahui, segmen dimodelkan · {modelled} dimodelkan dari total provinsi; semua dibawa "
        "ke satu tanggal (lihat catatan data).",
        "en": "Where the regencies' participant counts come from: {reported} branch data · {published} published · "
        "{split} known total, segments modelled · {modelled} modelled from province totals; all carried to one "
        "date (see the data notes).",
    },
    "caveat_interval": {
        "id": "Pekerja informal adalah **perkiraan** model (definisi status pekerjaan BPS). Rentang total di sini "
        "adalah jumlah batas 5% dan 95% tiap kabupaten/kota: batas yang lebar, karena galat antarwilayah "
        "tidak saling bebas (perkiraan dijangkarkan ke angka provinsi).",
        "en": "Informal workers are a model **estimate** (BPS employment-status definition). The range of a total "
        "here is the sum of each regency's 5% and 95% bounds: a wide bound, because the regencies' errors "
        "are not independent (estimates are benchmarked to province figures).",
    },
    "caveat_high_cv": {
        "id": "{n} kabupaten/kota memiliki perkiraan dengan ketidakpastian tinggi (koefisien "
        "variasi di atas 25%); lihat rentangnya.",
        "en": "{n} regencies have highly uncertain estimates (coefficient of variation above 25%); "
        "read their ranges.",
    },
    "caveat_totals": {
        "id": "Jumlah orang dan rupiah adalah jumlah angka kabupaten/kota. Proyeksi per kabupaten/kota berupa median "
        "simulasi; median tidak dapat dijumlahkan menjadi median total, sehingga angka proyeksi gabungan "
        'disebut "jumlah median kab/kota". Biaya skenario bukan median: jumlahnya adalah total.',
        "en": "Counts of people and rupiah are sums of the regency figures. Projections by regency are medians of "
        "simulations; medians do not add up to the median of a total, so any combined projection is labelled "
        '"sum of regency medians". Scenario costs are not medians: their sums are totals.',
    },
    # --- maps ------------------------------------------------------------------------------------
    "maps_title": {"id": "Peta", "en": "Maps"},
    "map_informal": {
        "id": "Pekerja informal (% penduduk bekerja), perkiraan Agustus {year}",
        "en": "Informal workers (% of employed), estimate for August {year}",
    },
    "map_bpu": {
        "id": "Cakupan BPU (% pekerja informal), {date}",
        "en": "BPU coverage (% of informal workers), {date}",
    },
    "map_gap_village": {
        "id": "Iuran kesenjangan per desa (Rp juta per tahun)",
        "en": "Gap premiums per village (Rp million a year)",
    },
    "map_bpu_reported": {
        "id": "Cakupan BPU dari angka daerah sendiri (% pekerja informal), {date}",
        "en": "BPU coverage from the regency's own figures (% of informal workers), {date}",
    },
    "map_modelled_grey": {"id": "dimodelkan", "en": "modelled"},
    "map_bpu_reported_note": {
        "id": "Cakupan BPU: peserta dari data cabang, angka yang dipublikasikan (atau total yang "
        "dipublikasikan dibagi per segmen, atau angka program sebagai batas bawah) ÷ perkiraan pekerja "
        "informal, dibawa ke satu tanggal; kabupaten/kota yang seluruhnya dimodelkan (abu-abu) mengikuti "
        "rasio provinsi, sehingga tidak dibandingkan. Cakupan penduduk tidak pernah di atas 100%.",
        "en": "BPU coverage: members from branch data or published figures (or a published total split "
        "by segment, or a programme figure as a lower bound) ÷ estimated informal workers, carried to one "
        "date; wholly modelled regencies (grey) follow the province ratio and are not compared. Coverage "
        "of residents is never above 100%.",
    },
    "map_gap_people": {
        "id": "Pekerja informal belum terlindungi (ribu orang)",
        "en": "Informal workers not yet covered (thousands)",
    },
    "map_gap_people_source": {
        "id": "Belum terlindungi: perkiraan ucj, pekerja informal − peserta BPU aktif ({date}).",
        "en": "Not yet covered: ucj estimate, informal workers − active BPU members ({date}).",
    },
    "unit_thousand_people": {"id": "ribu orang", "en": "thousands"},
    "map_no_value": {"id": "tidak ada data", "en": "no data"},
    "map_no_desa": {"id": "tanpa desa", "en": "no desa"},
    "map_modelled_note": {
        "id": "Cakupan BPU yang dimodelkan sama dengan rasio provinsinya menurut konstruksi: peta ini membandingkan "
        "provinsi, bukan kabupaten/kota.",
        "en": "Modelled BPU coverage equals its province's ratio by construction: this map compares provinces, "
        "not regencies.",
    },
    "map_province_modelled": {
        "id": "Peta cakupan BPU tidak ditampilkan: semua angka peserta di provinsi ini dimodelkan, sehingga cakupan "
        "BPU setiap kabupaten/kota sama dengan rasio provinsi ({coverage}).",
        "en": "No BPU coverage map: every participant figure in this province is modelled, so each regency's BPU "
        "coverage equals the province ratio ({coverage}).",
    },
    "map_source": {
        "id": "Perkiraan model ucj (definisi status BPS; dari Sakernas Agustus, BPS, Dukcapil); batas "
        "wilayah: cahyadsn/wilayah_boundaries.",
        "en": "Estimate from the ucj model (BPS status definition; from August Sakernas, BPS, Dukcapil); "
        "boundaries: cahyadsn/wilayah_boundaries.",
    },
    "map_gap_source": {
        "id": "Iuran kesenjangan per desa: perkiraan ucj, (pekerja informal − peserta BPU aktif) × "
        "Rp{premium} ÷ jumlah desa.",
        "en": "Gap premiums per village: ucj estimate, (informal workers − active BPU members) × "
        "Rp{premium} ÷ number of desa.",
    },
    "informal_missing": {
        "id": "Perkiraan pekerja informal belum tersedia (informal_workforce.parquet tidak "
        "ditemukan): peta dan tabel pekerja informal tidak ditampilkan.",
        "en": "No informal-workforce estimate available (informal_workforce.parquet not found): "
        "informal-worker maps and tables are not shown.",
    },
    "baseline_missing": {
        "id": "Data peserta belum tersedia (coverage_baseline.parquet tidak ditemukan).",
        "en": "No participant data available (coverage_baseline.parquet not found).",
    },
    "projection_missing": {
        "id": "Proyeksi belum tersedia (projections.parquet / universal_coverage_year.parquet "
        "tidak ditemukan): jalankan `make data`.",
        "en": "No projection available (projections.parquet / universal_coverage_year.parquet "
        "not found): run `make data`.",
    },
    # --- universal-coverage years ------------------------------------------------------------------
    "uc_title": {
        "id": "Kapan cakupan semesta tercapai, per skenario",
        "en": "When universal coverage is reached, by scenario",
    },
    "uc_intro": {
        "id": "Cakupan semesta = {threshold} {workers} menjadi {members} (konvensi UHC). Untuk setiap "
        'kabupaten/kota dipakai tahun median dari simulasi Monte Carlo (dimodelkan); "belum hingga {horizon}" '
        "berarti median simulasi belum mencapai ambang itu pada {horizon}.",
        "en": "Universal coverage = {threshold} of {workers} are {members} (UHC convention). Each "
        'regency counts with the median year of its Monte Carlo simulations (modelled); "not by {horizon}" '
        "means the median simulation has not reached the threshold by {horizon}.",
    },
    "uc_chart_x": {"id": "Jumlah kabupaten/kota", "en": "Number of regencies"},
    "uc_bin_not": {"id": "belum hingga {horizon}", "en": "not by {horizon}"},
    "uc_chart_source": {
        "id": "Dimodelkan: proyeksi stok-aliran ucj, {n} kabupaten/kota.",
        "en": "Modelled: ucj stock-flow projection, {n} regencies.",
    },
    "col_scenario": {"id": "Skenario", "en": "Scenario"},
    "col_reached": {"id": "Mencapai ≤{horizon}", "en": "Reached by {horizon}"},
    "col_not_reached": {"id": "Belum hingga {horizon}", "en": "Not by {horizon}"},
    "col_median_year": {"id": "Tahun median (yang mencapai)", "en": "Median year (of those reaching)"},
    "col_year_range": {"id": "Tercepat–terlambat", "en": "Earliest–latest"},
    "uc_none_reached": {
        "id": "Di bawah skenario mana pun tidak ada kabupaten/kota yang mencapai cakupan semesta "
        "hingga {horizon} (median simulasi).",
        "en": "Under no scenario does any regency reach universal coverage by {horizon} (median simulation).",
    },
    # --- budget ------------------------------------------------------------------------------------
    "budget_title": {"id": "Anggaran iuran per skenario", "en": "Premium budget by scenario"},
    "budget_intro": {
        "id": "Iuran yang dibayar pengungkit setiap skenario (pekerja dibiayai × iuran × bulan), dijumlahkan atas "
        "{n} kabupaten/kota: ini total, bukan median. Skenario APBD dan DBH sawit diukur dari anggaran "
        "masing-masing kabupaten/kota; kuota desa seperti pada config/scenarios.yml.",
        "en": "Premiums the levers of each scenario pay (workers funded × premium × months), summed over {n} "
        "regencies: these are totals, not medians. The APBD and DBH sawit scenarios are sized from each "
        "regency's own budget; village quotas as in config/scenarios.yml.",
    },
    "col_cost_year": {"id": "Iuran {year} ({unit})", "en": "Premiums {year} ({unit})"},
    "col_cost_total": {"id": "Jumlah {first}–{last} ({unit})", "en": "Total {first}–{last} ({unit})"},
    "col_funded": {"id": "Pekerja dibiayai {year}", "en": "Workers funded {year}"},
    "col_active_sum": {
        "id": "BPU aktif {year} (jumlah median kab/kota)",
        "en": "Active BPU {year} (sum of regency medians)",
    },
    "budget_chart_y": {"id": "Iuran per tahun ({unit})", "en": "Premiums per year ({unit})"},
    "budget_chart_source": {
        "id": "Dimodelkan: biaya skenario ucj (iuran JKK+JKM Rp{premium} per bulan).",
        "en": "Modelled: ucj scenario costs (JKK+JKM premium Rp{premium} a month).",
    },
    "budget_none": {
        "id": "Tidak ada skenario dengan biaya di wilayah ini.",
        "en": "No scenario has a cost here.",
    },
    # --- tables ------------------------------------------------------------------------------------
    "province_table_title": {"id": "Provinsi", "en": "Provinces"},
    "province_table_intro": {
        "id": "Jumlah angka kabupaten/kota per provinsi. Pangsa dan cakupan adalah rasio jumlah (bukan rata-rata "
        "rasio). Peserta dan kesenjangan: {date}; pekerja informal: perkiraan Agustus {year}.",
        "en": "Sums of regency figures by province. Shares and coverage are ratios of sums (not averages of ratios). "
        "Participants and gaps: {date}; informal workers: estimate for August {year}.",
    },
    "province_uc_title": {
        "id": "Kabupaten/kota yang mencapai cakupan semesta hingga {horizon}, per provinsi",
        "en": "Regencies reaching universal coverage by {horizon}, by province",
    },
    "province_uc_intro": {
        "id": "Jumlah kabupaten/kota (dari seluruh kabupaten/kota provinsi) yang median "
        "simulasinya mencapai ambang {threshold} hingga {horizon}. Skenario: {legend}.",
        "en": "Number of regencies (of all the province's regencies) whose median simulation "
        "reaches the {threshold} threshold by {horizon}. Scenarios: {legend}.",
    },
    "regency_table_title": {"id": "Kabupaten/kota", "en": "Regencies and cities"},
    "regency_table_intro": {
        "id": "Pekerja informal: perkiraan Agustus {year} dengan rentang 90%. Cakupan BPU, kesenjangan dan iurannya: "
        "{date} ({status}). Kesenjangan = pekerja informal − peserta BPU aktif; iuran Rp{premium_year} per pekerja "
        "per tahun.",
        "en": "Informal workers: estimate for August {year} with its 90% range. BPU coverage, gap and its premiums: "
        "{date} ({status}). Gap = informal workers − active BPU members; premium Rp{premium_year} per worker a year.",
    },
    "status_modelled": {"id": "dimodelkan", "en": "modelled"},
    "status_reported": {"id": "dilaporkan", "en": "reported"},
    "status_mixed": {
        "id": "sebagian dilaporkan, sebagian dimodelkan",
        "en": "partly reported, partly modelled",
    },
    "col_uc_compact": {
        "id": "Cakupan semesta ≤{horizon} (skenario, tahun)",
        "en": "Universal coverage by {horizon} (scenario, year)",
    },
    "uc_column_note": {
        "id": "Cakupan semesta: skenario yang mencapai {horizon} dengan tahun median simulasi "
        '(dimodelkan); ">{horizon}" = tidak tercapai hingga {horizon} di skenario mana pun; '
        "baris jumlah = kab/kota yang mencapai di sedikitnya satu skenario. Skenario: {legend}.",
        "en": "Universal coverage: the scenarios reaching it by {horizon} with the median simulated "
        'year (modelled); ">{horizon}" = not by {horizon} under any scenario; total row = '
        "regencies reaching it under at least one scenario. Scenarios: {legend}.",
    },
    "col_province": {"id": "Provinsi", "en": "Province"},
    "col_regency": {"id": "Kabupaten/kota", "en": "Regency / city"},
    "col_n_regencies": {"id": "Kab/kota", "en": "Regencies"},
    "col_informal": {"id": "Pekerja informal {year}", "en": "Informal workers {year}"},
    "col_informal_range": {"id": "Pekerja informal {year} (90%)", "en": "Informal workers {year} (90%)"},
    "col_range": {"id": "Rentang 90%", "en": "90% range"},
    "col_share": {"id": "Pangsa informal", "en": "Informal share"},
    "col_bpu_active": {"id": "Peserta BPU aktif", "en": "Active BPU members"},
    "col_bpu_coverage": {"id": "Cakupan BPU", "en": "BPU coverage"},
    # \u00ad: soft hyphens, so narrow table columns can break these long words
    "col_gap": {"id": "Belum terlin\u00addungi", "en": "Not yet covered"},
    "col_gap_cost": {
        "id": "Iuran kesen\u00adjangan per tahun ({unit})",
        "en": "Gap premiums a year ({unit})",
    },
    "col_gap_village": {"id": "Per desa ({unit})", "en": "Per village ({unit})"},
    "unit_trillion": {"id": "Rp triliun", "en": "Rp trillion"},
    "unit_billion": {"id": "Rp miliar", "en": "Rp billion"},
    "unit_million": {"id": "Rp juta", "en": "Rp million"},
    "total_indonesia": {"id": "Indonesia", "en": "Indonesia"},
    "total_province": {"id": "Jumlah provinsi", "en": "Province total"},
    "total_range_note": {
        "id": "Rentang baris jumlah = jumlah batas 5%/95% kabupaten/kota (batas lebar).",
        "en": "Range of the total row = sum of regency 5%/95% bounds (a wide bound).",
    },
    "high_cv_mark": {
        "id": "† ketidakpastian tinggi (koefisien variasi > 25%).",
        "en": "† highly uncertain (coefficient of variation > 25%).",
    },
    # --- data notes --------------------------------------------------------------------------------
    "data_notes": {"id": "Catatan data", "en": "Data notes"},
    "notes_workbook": {
        "id": "Tabel lengkap untuk Excel: reports/summary.xlsx.",
        "en": "Full tables for Excel: reports/summary.xlsx.",
    },
}


def t(key: str, lang: str = "id", **values: object) -> str:
    """The text ``key`` in ``lang`` (summary words first, then the brief's), with placeholders filled."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    table = TEXT if key in TEXT else BRIEF_TEXT
    return table[key][lang].format(**values)
