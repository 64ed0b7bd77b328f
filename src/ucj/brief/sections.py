"""The sections of a regency brief, each a function of the `BriefContext`.

A report notebook calls these in order; each displays its own output (tiles,
tables, figures) in the brief's language. Nothing here reads files: all data
comes from the context.
"""

from __future__ import annotations

from ucj.brief import charts
from ucj.brief.context import BriefContext
from ucj.brief.display import PageSetup, Tile, show_figure, show_markdown, tiles
from ucj.brief.text import fmt_num, fmt_pct, t
from ucj.render import source_date
from IPython.display import display


def kind_label(ctx: BriefContext) -> str:
    """'Kabupaten' or 'Kota' (Regency / City) in the brief's language."""
    return t(str(ctx.regency["kind"]), ctx.lang)


def page_setup(ctx: BriefContext) -> None:
    """Title, running header and footer (version, raw-data checksum, run date)."""
    r, lang = ctx.regency, ctx.lang
    date = source_date().date().isoformat()
    display(PageSetup(
        title=f"{r['regency_name']} – {t('brief_title', lang)}",
        header=f"{r['regency_name']}, {r['province_name']} · {t('brief_title', lang)}",
        footer=t("footer", lang, version=ctx.version, checksum=ctx.checksum, date=date),
        lang=lang))


def header(ctx: BriefContext) -> None:
    """Regency name, province, codes, data vintage and run date."""
    r, lang = ctx.regency, ctx.lang
    date = source_date().date().isoformat()
    show_markdown(
        f"# {r['regency_name']}\n\n"
        f"**{t('brief_title', lang)}** · {t('province', lang)} {r['province_name']} · "
        f"{t('code_kemendagri', lang)} {r['regency_code']} · {t('code_bps', lang)} {r['bps_code_2023']} · "
        f"{t('run_date', lang)} {date}")


def profile_tiles(ctx: BriefContext) -> None:
    """Population, villages, area and labour-market indicators of the master table."""
    r, lang = ctx.regency, ctx.lang
    villages = int(r["desa_count"]) + int(r["kelurahan_count"])
    display(tiles([
        Tile(t("population", lang), fmt_num(int(r["population_count"]), lang), t("population_note", lang)),
        Tile(t("villages", lang), fmt_num(villages, lang),
             f"{fmt_num(int(r['desa_count']), lang)} desa · {fmt_num(int(r['kelurahan_count']), lang)} "
             f"kelurahan · {fmt_num(int(r['kecamatan_count']), lang)} {t('kecamatan', lang)}"),
        Tile(t("tpt", lang), fmt_pct(float(r["tpt_pct"]), lang), f"BPS Sakernas Agustus {int(r['tpt_year'])}"),
        Tile(t("tpak", lang), fmt_pct(float(r["tpak_pct"]), lang), f"BPS Sakernas Agustus {int(r['tpak_year'])}"),
    ]))


def locator(ctx: BriefContext) -> None:
    """Locator map: Indonesia with the province, and the province with the regency."""
    r, lang = ctx.regency, ctx.lang
    charts.apply_style()
    fig = charts.locator_map(ctx.code, str(r["province_code"]),
                             "Indonesia", f"{t('province', lang)} {r['province_name']}")
    show_figure(fig)


def data_notes(ctx: BriefContext) -> None:
    """Sources and vintages of what the brief shows."""
    lang = ctx.lang
    lines = {
        "id": ["Kode dan jumlah desa/kelurahan: Kepmendagri 300.2.2-2138/2025.",
               "Penduduk: Dukcapil Kemendagri, Semester II Desember 2024 (data administrasi).",
               "Luas: Badan Informasi Geospasial, Desember 2024.",
               "TPT dan TPAK: BPS, Sakernas Agustus (tahun terbaru yang tersedia).",
               "Batas wilayah: cahyadsn/wilayah_boundaries (MIT), disederhanakan."],
        "en": ["Codes and villages: Kepmendagri 300.2.2-2138/2025.",
               "Population: Dukcapil (Ministry of Home Affairs), Semester II December 2024 (registry).",
               "Area: Geospatial Information Agency (BIG), December 2024.",
               "TPT and TPAK: BPS, August Sakernas (latest year available).",
               "Boundaries: cahyadsn/wilayah_boundaries (MIT), simplified."],
    }[lang]
    show_markdown(f"## {t('data_notes', lang)}\n\n" + "\n".join(f"- {line}" for line in lines))
