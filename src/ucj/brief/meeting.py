"""The meeting view: several regencies side by side, as a monitoring-and-evaluation (monev) meeting sees
them (e.g. Kota Padangsidimpuan with Tapanuli Selatan and Padang Lawas Utara).

Each column is one regency, read from the same tables as its brief (`ucj.brief.context.load`): coverage
now with its source and date, its own published figures, progress since a date the meeting chooses
(the last meeting), its target and what it has achieved, and what it takes to reach the RPJMN target
(the routes lightest on their payers, `ucj.brief.sections.routes_by_payer`). Nothing here computes a
new number: it lines up what the briefs say.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import display

from ucj.brief import context, sections
from ucj.brief.display import PageSetup, show_markdown, show_table
from ucj.brief.text import fmt_count, fmt_date, fmt_num, fmt_pct, t
from ucj.dates import source_date

TEXT = {
    "title": {
        "id": "Rapat monev: perbandingan kabupaten/kota",
        "en": "Monitoring meeting: regencies side by side",
    },
    "intro": {
        "id": "Satu kolom per kabupaten/kota, dari tabel yang sama dengan profil masing-masing. "
        "Perkembangan dihitung sejak {since} (rapat sebelumnya).",
        "en": "One column per regency, from the same tables as each brief. Progress is counted since {since} "
        "(the previous meeting).",
    },
    "row_coverage": {"id": "Cakupan BPU sekarang", "en": "BPU coverage now"},
    "row_active": {"id": "Peserta aktif (semua segmen)", "en": "Active participants (all segments)"},
    "row_source": {"id": "Sumber dan tanggal", "en": "Source and date"},
    "row_informal": {"id": "Pekerja informal (perkiraan, 90%)", "en": "Informal workers (estimate, 90%)"},
    "row_latest": {"id": "Angka terbaru yang dipublikasikan", "en": "Latest published figure"},
    "row_progress": {"id": "Perkembangan sejak {since}", "en": "Progress since {since}"},
    "row_target": {"id": "Target daerah dan capaian", "en": "Own target and achievement"},
    "row_programme": {"id": "Sudah didanai program", "en": "Funded by programmes now"},
    "row_need": {"id": "Yang dibutuhkan untuk UCJ 2029", "en": "What UCJ 2029 takes"},
    "row_uc": {
        "id": "Tahun cakupan semesta (kebijakan saat ini)",
        "en": "Universal coverage year (current policy)",
    },
    "none": {"id": "belum ada", "en": "none yet"},
    "no_new": {"id": "tidak ada angka baru", "en": "no new figure"},
}


def _t(key: str, lang: str, **values: object) -> str:
    return TEXT[key][lang].format(**values)


def parse_codes(text: str) -> list[str]:
    """'12.77, 12.03,12.20' -> ['12.77', '12.03', '12.20'] (order kept, duplicates dropped)."""
    return list(dict.fromkeys(c.strip() for c in str(text).split(",") if c.strip()))


def _latest(history: pd.DataFrame | None, lang: str) -> str:
    if history is None or history.empty:
        return _t("none", lang)
    shown = history[~history["metric"].isin(["target", "potential"])]
    if shown.empty:
        return _t("none", lang)
    row = sections.best_per_date(shown).sort_values("as_of").iloc[-1]
    return (
        f"{sections._figure_label(row, lang)}: {sections._figure_value(row, lang)} "
        f"({pd.Timestamp(row['as_of']).strftime('%Y-%m')}, {row['source']})"
    )


def _progress(history: pd.DataFrame | None, since: pd.Timestamp, lang: str) -> str:
    if history is None or history.empty:
        return _t("none", lang)
    lines = sections.monitoring_lines(history[history["as_of"] >= since], lang)
    return "; ".join(lines[:2]) if lines else _t("no_new", lang)


def column(ctx: context.BriefContext, since: pd.Timestamp) -> dict[str, str]:
    """One regency's column of the meeting table."""
    lang = ctx.lang
    base, inf, uc = sections.baseline_rows(ctx), sections.latest_informal(ctx), sections.uc_rows(ctx)
    history, eff = ctx.table("coverage_history"), sections.effort_rows(ctx)
    out = {}
    if base is not None and "BPU" in base.index:
        bpu = base.loc["BPU"]
        out[_t("row_coverage", lang)] = fmt_pct(float(bpu["coverage_of_informal"]), lang, is_share=True)
        out[_t("row_active", lang)] = fmt_count(float(base.loc["all", "active_count"]), lang)
        as_of = pd.Timestamp(base.loc["all", "as_of"])
        out[_t("row_source", lang)] = (
            f"{sections.badge(base.loc['all'], lang)} · {fmt_date(as_of.year, as_of.month, lang)}"
        )
    if inf is not None:
        out[_t("row_informal", lang)] = (
            f"{fmt_count(inf['informal_count'], lang)} ({fmt_count(inf['informal_count_p05'], lang)}–"
            f"{fmt_count(inf['informal_count_p95'], lang)})"
        )
    out[_t("row_latest", lang)] = _latest(history, lang)
    out[_t("row_progress", lang, since=since.strftime("%Y-%m"))] = _progress(history, since, lang)
    achieved = sections.target_achievement(history, lang) if history is not None and not history.empty else []
    out[_t("row_target", lang)] = achieved[0].split(": ", 1)[-1] if achieved else _t("none", lang)
    if eff is not None:
        funded = float(eff["current_programme_workers"].iloc[0])
        out[_t("row_programme", lang)] = fmt_num(funded, lang) if funded > 0 else _t("none", lang)
        term, desa = sections.village_term(ctx), int(ctx.regency["desa_count"])
        routes = sections.routes_by_payer(eff, "ucj_2029", desa)
        if routes.empty:
            out[_t("row_need", lang)] = "–"
        elif bool(routes["already_reached"].iloc[0]):
            out[_t("row_need", lang)] = t("effort_none", lang)
        else:
            out[_t("row_need", lang)] = "; ".join(
                f"{t('lever_name_' + r['lever'], lang)} {sections._effort_text(r, lang, 0, 4, term, desa)} "
                f"({sections._burden_text(r, lang, term, desa)})"
                for _, r in routes.head(2).iterrows()
            )
    if uc is not None:
        first = uc.iloc[0]
        year = first["uc_year_p50"]
        out[_t("row_uc", lang)] = (
            t("not_by", lang, year=sections.horizon_of(first))
            if sections._is_missing(year)
            else str(int(year))
        )
    return out


def meeting(codes: list[str], lang: str = "id", since: str = "") -> None:
    """The whole meeting view: page set-up, title, and the side-by-side table."""
    contexts = [context.load(code, lang) for code in codes]
    since_ts = pd.Timestamp(since) if since else pd.Timestamp(source_date().year - 1, 1, 1)
    names = [str(c.regency["regency_name"]) for c in contexts]
    date = source_date().date().isoformat()
    display(
        PageSetup(
            title=_t("title", lang),
            header=f"{_t('title', lang)}: {', '.join(names)}",
            footer=t("footer", lang, version=contexts[0].version, checksum=contexts[0].checksum, date=date),
            lang=lang,
        )
    )
    show_markdown(f"# {_t('title', lang)}\n\n{_t('intro', lang, since=since_ts.strftime('%Y-%m'))}")
    columns = {name: column(c, since_ts) for name, c in zip(names, contexts, strict=True)}
    table = pd.DataFrame(columns).fillna("–")
    table.insert(0, "", table.index)
    show_table(table.reset_index(drop=True), align="l" * (len(names) + 1))
