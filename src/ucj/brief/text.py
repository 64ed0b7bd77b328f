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
    "footer": {"id": "ucj {version} · dibuat dari data/raw (sha256 {checksum}) · {date}",
               "en": "ucj {version} · built from data/raw (sha256 {checksum}) · {date}"},
    "not_available": {"id": "tidak tersedia", "en": "not available"},
    "carried_forward": {"id": "nilai tahun {year} (data terbaru)", "en": "{year} value (latest available)"},
    "unknown_regency": {"id": "Kode wilayah tidak dikenal", "en": "Unknown regency code"},
}

MONTHS = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}


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
    scales = {"id": [(1e12, "triliun"), (1e9, "miliar"), (1e6, "juta")],
              "en": [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")]}[lang]
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
