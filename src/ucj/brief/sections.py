"""The sections of a regency brief, each a function of the `BriefContext`.

A report notebook calls these in order; each displays its own output (tiles,
tables, figures) in the brief's language. Nothing here reads files: all data
comes from the context. Where a table is missing, a section says so in one
sentence instead of drawing an empty chart.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
from IPython.display import display

from ucj.brief import charts
from ucj.brief.context import BriefContext, run_denominator
from ucj.brief.display import PageSetup, Tile, callout, show_figure, show_markdown, show_table, tiles
from ucj.brief.text import (
    denominator_words,
    fmt_count,
    fmt_date,
    fmt_idr,
    fmt_num,
    fmt_pct,
    scenario_label,
    t,
)
from ucj.dates import source_date
from ucj.informal.anchors import CARRIED
from ucj.projection import published
from ucj.typst_escape import escape_typst

#: The year whose coverage the projection table shows beside the horizon's (a presentation choice).
SNAPSHOT_YEAR = 2030


# --- data helpers ----------------------------------------------------------------------------


def _mid_sentence(label: str) -> str:
    """A label as it reads inside a sentence: "Perkiraan pekerja …" → "perkiraan pekerja …", "Peserta
    BPJS …" → "peserta BPJS …"; acronyms (TPT, APBD) and two-word names (Dana Desa) keep their case."""
    words = label.split(" ")
    first = words[0]
    if len(first) < 2 or not first[1].islower():  # an acronym
        return label
    if len(words) > 1 and words[1][:1].isupper() and not words[1].isupper():  # a name: Dana Desa
        return label
    return first[0].lower() + label[1:]


def latest_informal(ctx: BriefContext) -> pd.Series | None:
    """This regency's informal-workforce row of the latest estimated year."""
    rows = ctx.table("informal_workforce")
    if rows is None or rows.empty:
        return None
    return rows.sort_values("year").iloc[-1]


def baseline_rows(ctx: BriefContext) -> pd.DataFrame | None:
    """This regency's coverage baseline, one row per segment."""
    rows = ctx.table("coverage_baseline")
    return None if rows is None or rows.empty else rows.set_index("segment")


def uc_rows(ctx: BriefContext) -> pd.DataFrame | None:
    """This regency's universal-coverage-year rows, in scenario file order."""
    rows = ctx.table("universal_coverage_year")
    return None if rows is None or rows.empty else rows


def projection_rows(ctx: BriefContext) -> pd.DataFrame | None:
    rows = ctx.table("projections")
    return None if rows is None or rows.empty else rows


def _date(value) -> str:
    ts = pd.Timestamp(value)
    return (ts.year, ts.month)


Z90 = 1.6449


def badge(row: pd.Series, lang: str) -> str:
    """The source-kind label of a baseline figure: published, branch data, or modelled."""
    kind = str(row.get("kind", "modelled"))
    if kind == "reported":
        return t("badge_reported", lang)
    if kind == "floor_tracker":
        return t("badge_tracker", lang)
    if kind in ("published", "published_derived", "floor"):  # a floor is a published programme figure
        return t("badge_published", lang)
    return t("modelled", lang)


def date_text(ctx: BriefContext, item: str, lang: str) -> str:
    """'Desember 2023' for a data-as-of item (`ucj.data_currency`), '–' when it is not known."""
    from ucj import data_currency

    date = data_currency.when(ctx.table("data_as_of", scope="all"), item)
    return "–" if date is None else fmt_date(date.year, date.month, lang)


def informal_badge(row: pd.Series, lang: str) -> str:
    """The source kind of an informal-workforce figure: the BPS regency figure itself, the model
    pulled towards the regency's own BPS figures, or the model alone."""
    method = str(row.get("estimate_method", "synthetic"))
    if method == "published":
        return t("badge_informal_published", lang, date=fmt_date(int(row["year"]), 8, lang))
    if bool(row.get("is_anchored", False)):
        return t("badge_informal_anchored", lang)
    return t("estimate", lang)


def source_phrase(source: str) -> str:
    """'published: Antara, 2021-09-30' -> 'Antara, 2021-09-30' (what a reader needs)."""
    text = str(source)
    for prefix in ("published programme figure: ", "village tracker: ", "published: "):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def source_note(row: pd.Series, lang: str) -> str:
    """Where a known baseline figure comes from, in a few words ('' for a modelled one)."""
    kind = str(row.get("kind", "modelled"))
    if kind == "published":
        return source_phrase(row["source"])
    if kind == "published_derived":
        return t("note_derived", lang, derivation=str(row["derivation"]), source=source_phrase(row["source"]))
    if kind in ("floor", "floor_tracker"):
        return t("note_floor", lang, source=source_phrase(row["source"]))
    if kind == "modelled_split" and "(" in str(row["source"]):
        inner = str(row["source"]).split("(", 1)[1].rstrip(")")
        return t("note_split", lang, source=source_phrase(inner))
    return ""


def carried_note(row: pd.Series, lang: str) -> str:
    """'23.749 (Juli 2021) dibawa ke Desember 2025 dengan status quo; rentang 90% 41.000–95.000' for a
    figure carried to the baseline date (`ucj.projection.carry`); '' for one at its own date."""
    years = row.get("carried_years")
    if _is_missing(years) or float(years) < 1 / 12:
        return ""
    stated, carried = pd.Timestamp(row["figure_as_of"]), pd.Timestamp(row["as_of"])
    sd = float(row["baseline_log_sd"])
    value = float(row["active_count"])
    return t(
        "carried_note",
        lang,
        figure=fmt_num(float(row["figure_count"]), lang),
        d1=fmt_date(stated.year, stated.month, lang),
        d2=fmt_date(carried.year, carried.month, lang),
        lo=fmt_count(value * math.exp(-Z90 * sd), lang),
        hi=fmt_count(value * math.exp(Z90 * sd), lang),
    )


def uncertainty_factors(log_sd: float, lang: str = "en") -> tuple[str, str]:
    """The 90% range of a baseline count as multipliers of it: (×low, ×high), in the brief's number format."""
    return fmt_num(math.exp(-Z90 * log_sd), lang, 2), fmt_num(math.exp(Z90 * log_sd), lang, 2)


def denominator(ctx: BriefContext) -> str:
    """The run's coverage denominator (informal, employed or potential) as its projection tables
    record it: the words that define coverage follow it (`ucj.brief.text.DENOMINATOR_WORDS`)."""
    return run_denominator(ctx.tables.get("universal_coverage_year"), ctx.tables.get("projections"))


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


# --- sections ---------------------------------------------------------------------------------


def page_setup(ctx: BriefContext) -> None:
    """Title, running header and footer (version, raw-data checksum, run date)."""
    r, lang = ctx.regency, ctx.lang
    date = source_date().date().isoformat()
    display(
        PageSetup(
            title=f"{r['regency_name']} – {t('brief_title', lang)}",
            header=f"{r['regency_name']}, {r['province_name']} · {t('brief_title', lang)}",
            footer=t("footer", lang, version=ctx.version, checksum=ctx.checksum, date=date),
            lang=lang,
        )
    )


def header(ctx: BriefContext) -> None:
    """Regency name, province, codes, data vintage and run date."""
    r, lang = ctx.regency, ctx.lang
    date = source_date().date().isoformat()
    show_markdown(
        f"# {r['regency_name']}\n\n"
        f"**{t('brief_title', lang)}** · {t('province', lang)} {r['province_name']} · "
        f"{t('code_kemendagri', lang)} {r['regency_code']} · {t('code_bps', lang)} {r['bps_code_2023']} · "
        f"{t('run_date', lang)} {date}"
    )


def headline_tiles(ctx: BriefContext) -> None:
    """Active participants, BPU coverage, informal workers with interval, and the gap."""
    lang = ctx.lang
    base, inf, uc = baseline_rows(ctx), latest_informal(ctx), uc_rows(ctx)
    items = []
    if base is not None and "all" in base.index:
        allseg = base.loc["all"]
        year, month = _date(allseg["as_of"])
        note = t("active_note", lang, date=fmt_date(year, month, lang))
        extra = "; ".join(x for x in (source_note(allseg, lang), carried_note(allseg, lang)) if x)
        items.append(
            Tile(
                t("active_now", lang),
                fmt_count(allseg["active_count"], lang),
                f"{note}; {extra}" if extra else note,
                badge(allseg, lang),
            )
        )
    if base is not None and "BPU" in base.index:
        bpu = base.loc["BPU"]
        year, month = _date(bpu["as_of"])
        note = t(
            "bpu_coverage_note",
            lang,
            active=fmt_count(bpu["active_count"], lang),
            informal=fmt_count(bpu["informal_count"], lang),
            date=fmt_date(year, month, lang),
        )
        extra = "; ".join(x for x in (source_note(bpu, lang), carried_note(bpu, lang)) if x)
        items.append(
            Tile(
                t("bpu_coverage", lang),
                fmt_pct(bpu["coverage_of_informal"], lang, is_share=True),
                f"{note}; {extra}" if extra else note,
                badge(bpu, lang),
            )
        )
    if inf is not None:
        items.append(
            Tile(
                t("informal_workers", lang),
                fmt_count(inf["informal_count"], lang),
                t(
                    "informal_note",
                    lang,
                    share=fmt_pct(inf["informal_share"], lang, is_share=True),
                    employed=fmt_count(inf["employed_count"], lang),
                    lo=fmt_count(inf["informal_count_p05"], lang),
                    hi=fmt_count(inf["informal_count_p95"], lang),
                    year=int(inf["year"]),
                ),
                informal_badge(inf, lang),
            )
        )
    if uc is not None:
        first = uc.iloc[0]
        cost = fmt_idr(first["gap_cost_idr_per_year"], lang)
        note = (
            t(
                "gap_note_village",
                lang,
                cost=cost,
                per_village=fmt_idr(first["gap_cost_per_village_idr"], lang),
            )
            if int(ctx.regency["desa_count"]) > 0
            else t("gap_note", lang, cost=cost)
        )
        items.append(
            Tile(t("gap", lang), fmt_count(first["gap_workers_now"], lang), note, t("estimate", lang))
        )
    if not items:
        show_markdown(t("informal_missing", lang))
        return
    display(tiles(items))


def caveats(ctx: BriefContext) -> None:
    """Two or three caveats up front: modelled or reported baseline, estimate range, inputs."""
    lang = ctx.lang
    lines = []
    base, inf = baseline_rows(ctx), latest_informal(ctx)
    if base is not None and "all" in base.index:
        row = base.loc["all"]
        lo, hi = uncertainty_factors(float(row["baseline_log_sd"]), lang)
        kind = str(row["kind"])
        if kind == "reported":
            lines.append(t("caveat_reported_sd", lang, source=row["source"], lo=lo, hi=hi))
        elif kind in ("published", "published_derived"):
            lines.append(t("caveat_published", lang, source=source_note(row, lang), lo=lo, hi=hi))
        else:
            cv = ctx.tables.get("baseline_model_cv")
            chosen = cv[cv["is_chosen"]].iloc[0] if cv is not None and cv["is_chosen"].any() else None
            lines.append(
                t(
                    "caveat_modelled_cv",
                    lang,
                    basis=date_text(ctx, "participants_province_basis", lang),
                    n=int(chosen["n_figures"]) if chosen is not None else 0,
                    err=fmt_pct(
                        float(chosen["median_abs_pct_error"]) if chosen is not None else float("nan"), lang, 0
                    ),
                    lo=lo,
                    hi=hi,
                )
            )
            if (
                chosen is not None
                and "inside_90_band_held_out" in chosen
                and not _is_missing(chosen["inside_90_band_held_out"])
            ):
                lines[-1] += " " + t(
                    "caveat_modelled_band_check",
                    lang,
                    share=fmt_pct(float(chosen["inside_90_band_held_out"]), lang, 0, is_share=True),
                )
    if inf is not None:
        lines.append(
            t(
                "caveat_informal",
                lang,
                lo=fmt_count(inf["informal_count_p05"], lang),
                hi=fmt_count(inf["informal_count_p95"], lang),
            )
        )
        own = ctx.table("informal_regency_validation")
        if own is not None and not own.empty:  # the regency's own published BPS figure first
            fig = own.sort_values("year", kind="stable").iloc[-1]
            lines.append(
                t(
                    "caveat_informal_published",
                    lang,
                    share=fmt_pct(float(fig["published_share"]), lang, 1, is_share=True),
                    date=fmt_date(int(fig["year"]), 8, lang),
                    source=f"{str(fig['source']).split(' (')[0].split(', ')[0]} ({fig['confidence']})",
                    estimate=fmt_pct(float(fig["informal_share"]), lang, 1, is_share=True),
                )
            )
        if bool(inf["is_high_cv"]):
            lines.append(t("caveat_high_cv", lang, cv=fmt_pct(inf["informal_cv"], lang, is_share=True)))
        if bool(inf["is_tpt_carried_forward"]) or bool(inf["is_tpak_carried_forward"]):
            lines.append(
                t(
                    "caveat_carried",
                    lang,
                    year=int(inf["year"]),
                    tpt=int(inf["tpt_source_year"]),
                    tpak=int(inf["tpak_source_year"]),
                )
            )
        if inf.get("anchor_method") == CARRIED and inf.get("estimate_method") != "published":
            lines.append(
                t("caveat_anchor_carried", lang, year=int(inf["year"]), source=int(inf["anchor_source_year"]))
            )
    if base is not None:
        for segment, column, key in (
            ("BPU", "excess_informal_count", "caveat_excess_bpu"),
            ("all", "excess_employed_count", "caveat_excess_all"),
        ):
            if segment in base.index and column in base.columns and float(base.loc[segment, column]) > 0:
                row = base.loc[segment]
                lines.append(
                    t(
                        key,
                        lang,
                        active=fmt_count(float(row["active_count"]), lang),
                        residents=fmt_count(float(row["active_count"]) - float(row[column]), lang),
                        excess=fmt_count(float(row[column]), lang),
                    )
                )
    lines.append(t("caveat_denominator", lang, **denominator_words(denominator(ctx), lang)))
    show_markdown(f"**{t('caveats_title', lang)}**\n\n" + "\n".join(f"- {line}" for line in lines))


def _targets(ctx: BriefContext) -> list[tuple[int, float, str]]:
    targets = ctx.assumptions.targets
    keep = targets[targets["target_id"].isin(["rpjmn_2029", "rpjpn_2045"])]
    return [
        (int(r.year), float(r.coverage_pct) / 100, f"{r.document} {int(r.year)}") for r in keep.itertuples()
    ]


def horizon_of(row: pd.Series) -> int:
    """The projection's horizon year, as the universal-coverage table states it (from the run's settings)."""
    return int(row["horizon_year"])


def _uc_text(row: pd.Series, lang: str) -> str:
    if _is_missing(row["uc_year_p50"]):
        return t("not_by", lang, year=horizon_of(row))
    lo = row["uc_year_p05"]
    hi = row["uc_year_p95"]
    hi_text = t("not_by", lang, year=horizon_of(row)) if _is_missing(hi) else str(int(hi))
    return f"{int(row['uc_year_p50'])} ({int(lo)}–{hi_text})"


def projection(ctx: BriefContext) -> None:
    """Fan charts per scenario and the table of years to universal coverage and costs."""
    lang = ctx.lang
    proj, uc = projection_rows(ctx), uc_rows(ctx)
    horizon = (
        horizon_of(uc.iloc[0])
        if uc is not None and len(uc)
        else (int(proj["year"].max()) if proj is not None else "")
    )
    words = denominator_words(denominator(ctx), lang)
    show_markdown(f"## {t('projection_title', lang, horizon=horizon, **words)}")
    if proj is None or uc is None:
        show_markdown(t("projection_missing", lang))
        return
    threshold = float(uc["threshold"].iloc[0])
    # A scenario identical to the status quo here (its levers fund nobody: no desa, no published APBD,
    # no DBH sawit; or no programme to stop) is left out, and the reader is told which ones. The chart
    # comes straight after the heading (headings keep with what follows: no heading alone at a page foot).
    first = uc["scenario"].iloc[0]
    colors = charts.scenario_colors(uc["scenario"].tolist())
    base_path = proj[proj["scenario"] == first].set_index("year")["coverage_p50"]
    differs = {
        sid: not np.allclose(
            grp.set_index("year")["coverage_p50"].reindex(base_path.index).to_numpy(float),
            base_path.to_numpy(float),
            equal_nan=True,
            atol=1e-9,
        )
        for sid, grp in proj.groupby("scenario")
    }
    keep = [sid for sid in uc["scenario"] if sid == first or differs.get(sid, False)]
    dropped = [
        scenario_label(r.scenario, r.scenario_label, lang) for r in uc.itertuples() if r.scenario not in keep
    ]
    uc = uc[uc["scenario"].isin(keep)]
    proj = proj[proj["scenario"].isin(keep)]
    ids = uc["scenario"].tolist()
    titles = {}
    for row in uc.itertuples():
        label = scenario_label(row.scenario, row.scenario_label, lang)
        year = row.uc_year_p50
        titles[row.scenario] = (
            f"{textwrap.shorten(label, 27, placeholder='…')}\n→ "
            f"{t('not_by', lang, year=int(row.horizon_year)) if _is_missing(year) else int(year)}"
        )
    # one definition per indicator: the national UCJ targets are on "all participants ÷ workers", so
    # they are not drawn on charts of BPU ÷ informal workers (the table of "what it takes" has them);
    # the observed points are BPU ÷ informal workers, drawn on those charts only
    informal = denominator(ctx) == "informal"
    targets = [] if informal else _targets(ctx)
    charts.apply_style()
    observed = observed_bpu_coverage(ctx) if informal else []
    show_figure(
        charts.fan_small_multiples(
            proj, ids, titles, threshold, targets, "%", observed=observed, colors=colors
        )
    )
    target_note = "; ".join(
        f"◆ {label}: {fmt_pct(share, lang, 2, is_share=True)}" for _, share, label in targets
    )
    observed_note = f" · {t('observed_note', lang)}" if observed else ""
    target_text = (
        f"{target_note} ({t('caveat_denominator', lang, **words).split(';')[0]})"
        if targets
        else t("indicator_note", lang)
    )
    show_markdown(
        f"*- - - {t('uc_year', lang).split(' (')[0]}: {fmt_pct(threshold, lang, 0, is_share=True)} · "
        f"{target_text}{observed_note}.*"
    )
    show_markdown(t("projection_intro", lang, threshold=fmt_pct(threshold, lang, 0, is_share=True), **words))
    if dropped:
        show_markdown(t("scenarios_not_applicable", lang, names="; ".join(dropped)))
    table_rows = []
    snap = proj[proj["year"] == SNAPSHOT_YEAR].set_index("scenario")
    meeting_year = source_date().year
    now = proj[proj["year"] == meeting_year].set_index("scenario")
    first_year = (
        int(proj.loc[proj["cost_idr_total"] > 0, "year"].min())
        if (proj["cost_idr_total"] > 0).any()
        else SNAPSHOT_YEAR
    )
    cost_year = proj[proj["year"] == first_year + 1].set_index("scenario")
    for row in uc.itertuples():
        table_rows.append(
            {
                t("scenario", lang): scenario_label(row.scenario, row.scenario_label, lang),
                t("coverage_in", lang, year=meeting_year): fmt_pct(
                    now.loc[row.scenario, "coverage_p50"], lang, is_share=True
                )
                if row.scenario in now.index
                else "–",
                t("coverage_in", lang, year=SNAPSHOT_YEAR): fmt_pct(
                    snap.loc[row.scenario, "coverage_p50"], lang, is_share=True
                )
                if row.scenario in snap.index
                else "–",
                t("coverage_in", lang, year=int(row.horizon_year)): fmt_pct(
                    row.coverage_horizon_p50, lang, is_share=True
                ),
                t("uc_year", lang): _uc_text(pd.Series(row._asdict()), lang),
                t("workers_funded", lang, year=first_year + 1): fmt_count(
                    cost_year.loc[row.scenario, "funded_workers_total"], lang
                )
                if row.scenario in cost_year.index
                else "–",
                t("cost_per_year", lang, year=first_year + 1): fmt_idr(
                    cost_year.loc[row.scenario, "cost_idr_total"], lang
                )
                if row.scenario in cost_year.index
                else "–",
            }
        )
    show_table(pd.DataFrame(table_rows), align="lrrrrrr")


# --- published figures and monitoring ------------------------------------------------------------


def _figure_label(row: pd.Series, lang: str) -> str:
    """'Protected through a programme (vulnerable workers, DBH sawit)' etc."""
    label = t(f"metric_{row['metric']}", lang)
    details = []
    if isinstance(row.get("group"), str) and row["metric"] != "rentan_count":
        details.append(t(f"group_{row['group']}", lang))
    if isinstance(row.get("funder"), str):
        details.append(t(f"funder_{row['funder']}", lang))
    if row["segment"] not in ("all",) and row["metric"] in ("active", "registered", "coverage_pct"):
        details.append(str(row["segment"]))
    return f"{label} ({', '.join(details)})" if details else label


def _figure_value(row: pd.Series, lang: str) -> str:
    if row["unit"] == "percent":
        text = fmt_pct(float(row["value"]), lang, 2 if float(row["value"]) % 1 else 0)
        if not _is_missing(row.get("denominator_value")):
            text += " " + t("of_denominator", lang, d=fmt_num(float(row["denominator_value"]), lang))
        return text
    return fmt_num(float(row["value"]), lang)


def _series_key(row: pd.Series) -> tuple:
    """One series = one metric, scope (segment, group, funder), unit and, for a percentage, one stated
    denominator definition: figures of different kinds are never joined into a trend."""
    return (
        row["metric"],
        row["segment"],
        row.get("group") if isinstance(row.get("group"), str) else "",
        row.get("funder") if isinstance(row.get("funder"), str) else "",
        row["unit"],
        row.get("denominator_definition") if isinstance(row.get("denominator_definition"), str) else "",
    )


def best_per_date(series: pd.DataFrame) -> pd.DataFrame:
    """One figure per date: the best confidence grade (A before B before C), then the larger value;
    a grade-C figure is left out where the series has A or B figures."""
    graded = series.assign(_grade=series["confidence"].fillna("C").astype(str))
    if (graded["_grade"] != "C").any():
        graded = graded[graded["_grade"] != "C"]
    graded = graded.sort_values(["as_of", "_grade", "value"], ascending=[True, True, False], kind="stable")
    return graded.drop_duplicates("as_of", keep="first").drop(columns="_grade")


def target_achievement(history: pd.DataFrame, lang: str) -> list[str]:
    """The latest programme figure (pekerja rentan) against the regency's own latest target, with dates."""
    targets = history[
        (history["metric"] == "target")
        & (history["unit"] == "persons")
        & (history["group"] == "pekerja_rentan")
    ]
    done = history[
        (history["metric"] == "program_enrolled")
        & (history["unit"] == "persons")
        & (history["group"] == "pekerja_rentan")
    ]
    if targets.empty or done.empty:
        return []
    target = best_per_date(targets).iloc[-1]
    latest = best_per_date(done).iloc[-1]
    share = float(latest["value"]) / float(target["value"]) if float(target["value"]) > 0 else np.nan
    return [
        t(
            "target_achievement",
            lang,
            done=fmt_num(float(latest["value"]), lang),
            d1=pd.Timestamp(latest["as_of"]).strftime("%Y-%m"),
            target=fmt_num(float(target["value"]), lang),
            d2=pd.Timestamp(target["as_of"]).strftime("%Y-%m"),
            share=fmt_pct(share, lang, 0, is_share=True),
        )
    ]


def monitoring_lines(history: pd.DataFrame, lang: str) -> list[str]:
    """Change per year since the first figure, for every series of two or more dated figures of the
    same metric, segment, group and funder (targets and potentials are not progress)."""
    lines = []
    rows = history[~history["metric"].isin(["target", "potential", "rentan_count"])]
    for _, series in rows.groupby(rows.apply(_series_key, axis=1), sort=False):
        series = best_per_date(series)
        if len(series) < 2:
            continue
        first, last = series.iloc[0], series.iloc[-1]
        years = (pd.Timestamp(last["as_of"]) - pd.Timestamp(first["as_of"])).days / 365.25
        if years < 0.25:
            continue
        change = (float(last["value"]) - float(first["value"])) / years
        unit = "pp" if first["unit"] == "percent" else ""
        change_text = (
            ("+" if change >= 0 else "")
            + fmt_num(change, lang, 1 if unit else 0)
            + (" " + t("points", lang) if unit else "")
        )
        lines.append(
            t(
                "monev_line",
                lang,
                what=_figure_label(first, lang),
                first=_figure_value(first, lang),
                d1=pd.Timestamp(first["as_of"]).strftime("%Y-%m"),
                last=_figure_value(last, lang),
                d2=pd.Timestamp(last["as_of"]).strftime("%Y-%m"),
                change=change_text,
            )
        )
    return lines


def published_figures(ctx: BriefContext) -> None:
    """The regency's own published figures (as stated, with source and date), its own count of
    pekerja rentan beside the project's estimate, and progress over time where figures repeat."""
    lang, name = ctx.lang, str(ctx.regency["regency_name"])
    history = ctx.table("coverage_history")
    show_markdown(f"## {t('published_title', lang)}")
    if history is None or history.empty:
        show_markdown(t("published_none", lang, name=name))
        return
    lines = [t("published_intro", lang, name=name)]
    rentan = history[history["metric"] == "rentan_count"]
    inf = latest_informal(ctx)
    if not rentan.empty and inf is not None:
        own = rentan.sort_values("as_of").iloc[-1]
        lines.append("")
        above = float(own["value"]) > float(inf["informal_count_p95"])
        lines.append(
            t(
                "own_vs_estimate_above" if above else "own_vs_estimate",
                lang,
                count=fmt_num(float(own["value"]), lang),
                source=f"{own['source']}",
                estimate=fmt_count(inf["informal_count"], lang),
                lo=fmt_count(inf["informal_count_p05"], lang),
                hi=fmt_count(inf["informal_count_p95"], lang),
            )
        )
    superseded = int(history["superseded_by"].notna().sum()) if "superseded_by" in history else 0
    if superseded:
        lines += ["", t("published_superseded", lang, n=superseded)]
    show_markdown("\n".join(lines))
    history = published.current(history)
    # the newest figures first, registered counts (not active) only after every other kind of figure
    ranked = history.assign(_registered=history["metric"].eq("registered"))
    shown = (
        ranked.sort_values(["_registered", "as_of", "metric"], ascending=[True, False, True])
        .drop_duplicates(["as_of", "metric", "segment", "group", "funder", "value"])
        .head(12)
        .sort_values("as_of", kind="stable")
    )
    table = pd.DataFrame(
        {
            t("col_date", lang): [pd.Timestamp(d).strftime("%Y-%m") for d in shown["as_of"]],
            t("col_figure", lang): [_figure_label(r, lang) for _, r in shown.iterrows()],
            t("col_value", lang): [_figure_value(r, lang) for _, r in shown.iterrows()],
            t("col_source", lang): [
                f"{r['source']} ({r['confidence']})"
                + (f" · {t('published_conflict', lang)}" if bool(r.get("conflict", False)) else "")
                if r["source_kind"] == "published"
                else t("badge_tracker" if r["source_kind"] == "village_tracker" else "badge_reported", lang)
                for _, r in shown.iterrows()
            ],
        }
    )
    show_table(table, align="llrl")
    monev = target_achievement(history, lang) + monitoring_lines(history, lang)
    if monev:
        show_markdown(f"**{t('monev_title', lang)}**\n\n" + "\n".join(f"- {line}" for line in monev[:5]))


def observed_bpu_coverage(ctx: BriefContext) -> list[tuple[float, float]]:
    """Dated BPU figures (active, or programme enrolment as a lower bound) as coverage of the informal
    estimate of that year: (year as a decimal, share) points for the fan charts."""
    history = ctx.table("coverage_history")
    informal = ctx.table("informal_workforce")
    if history is None or history.empty or informal is None or informal.empty:
        return []
    rows = history[
        (history["segment"] == "BPU")
        & (history["unit"] == "persons")
        & (
            history["metric"].isin(["active"])
            | ((history["metric"] == "program_enrolled") & (history["group"] == "pekerja_rentan"))
        )
    ]
    by_year = informal.set_index("year")["informal_count"]
    points = []
    for _, row in rows.iterrows():
        date = pd.Timestamp(row["as_of"])
        year = min(max(date.year, int(by_year.index.min())), int(by_year.index.max()))
        when = date.year + (date.day_of_year - 1) / 365.25
        points.append((when, float(row["value"]) / float(by_year[year])))
    return sorted(points)


def levers(ctx: BriefContext) -> None:
    """The levers in rupiah: villages × quota × premium, the whole gap, budget, DBH sawit."""
    lang, r = ctx.lang, ctx.regency
    premium = ctx.assumptions.annual_premium_idr
    desa = int(r["desa_count"])
    uc = uc_rows(ctx)
    show_markdown(f"## {t('levers_title', lang)}")
    rows = []
    if desa > 0:
        for quota in (100, 50):
            workers = desa * quota
            rows.append(
                {
                    t("lever", lang): t("lever_village_quota", lang, quota=quota),
                    t(
                        "calculation", lang
                    ): f"{fmt_num(desa, lang)} desa × {quota} × Rp{fmt_num(premium, lang)}",
                    t("workers_funded", lang, year="").replace(" ()", ""): fmt_num(workers, lang),
                    t("cost_year", lang): fmt_idr(workers * premium, lang),
                    t("legal_basis", lang): t("basis_village", lang),
                }
            )
    if uc is not None:
        gap = float(uc["gap_workers_now"].iloc[0])
        rows.append(
            {
                t("lever", lang): t("lever_gap", lang),
                t("calculation", lang): f"{fmt_num(gap, lang)} × Rp{fmt_num(premium, lang)}",
                t("workers_funded", lang, year="").replace(" ()", ""): fmt_num(gap, lang),
                t("cost_year", lang): fmt_idr(gap * premium, lang),
                t("legal_basis", lang): t("basis_budget", lang),
            }
        )
    if rows:
        show_table(pd.DataFrame(rows), align="llrrl")
    if desa == 0:
        show_markdown(t("no_desa", lang))
    else:  # the village tracker of this regency (ucj.villages), written beside the briefs
        from ucj.villages import tracker_path

        tracker = tracker_path(r).relative_to(tracker_path(r).parents[2]).as_posix()
        show_markdown(t("tracker_note", lang, path=f"reports/{tracker}"))


def position(ctx: BriefContext) -> None:
    """Province map of the informal share with the regency outlined; quartiles among similar regencies."""
    lang, r = ctx.lang, ctx.regency
    show_markdown(f"## {t('position_title', lang)}")
    informal = ctx.table("informal_workforce", scope="all")
    if informal is None:
        show_markdown(t("informal_missing", lang))
        return
    year = int(informal["year"].max())
    latest = informal[informal["year"] == year].set_index("regency_code")
    members = ctx.province["regency_code"].tolist()
    values = (latest["informal_share"] * 100).to_dict()
    own = latest.loc[ctx.code]
    in_prov = latest.loc[members]
    prov_share = float((in_prov["informal_count"].sum()) / in_prov["employed_count"].sum())
    if own["informal_share_p05"] <= prov_share <= own["informal_share_p95"]:
        sentence = t("province_compare_ns", lang, prov=fmt_pct(prov_share, lang, is_share=True))
    else:
        direction = t("above" if own["informal_share"] > prov_share else "below", lang)
        sentence = t(
            "province_compare_sig", lang, direction=direction, prov=fmt_pct(prov_share, lang, is_share=True)
        )
    similar = ctx.master[ctx.master["kind"] == r["kind"]]["regency_code"]
    group = latest.loc[latest.index.intersection(similar)]
    strips = [
        (
            t("informal_share_label", lang),
            (group["informal_share"] * 100).tolist(),
            float(own["informal_share"]) * 100,
            fmt_pct(own["informal_share"], lang, is_share=True),
        )
    ]
    baseline = ctx.table("coverage_baseline", scope="all")
    if baseline is not None:
        bpu = baseline[baseline["segment"] == "BPU"].set_index("regency_code")
        # A modelled coverage is mostly its province's ratio: comparing it across regencies would
        # mostly compare provinces, so a known figure is compared with the published ones only
        # (shipped data; another regency's own branch data does not move this brief).
        if ctx.code in bpu.index and not bool(bpu.loc[ctx.code, "is_modelled"]):
            published_kinds = bpu["kind"].isin(["published", "published_derived"])
            peers = bpu.index[published_kinds].intersection(similar).union([ctx.code])
            cov = bpu.loc[peers, "coverage_of_informal"] * 100
            own_cov = float(bpu.loc[ctx.code, "coverage_of_informal"]) * 100
            strips.append((t("bpu_coverage_label", lang), cov.tolist(), own_cov, fmt_pct(own_cov, lang)))
    if int(r["desa_count"]) > 0:
        # Informal workers per desa, beside the quota of "satu desa 100": how far a village
        # programme can go. It depends only on the estimates, never on another regency's coverage.
        desa = ctx.master.set_index("regency_code")["desa_count"]
        codes = group.index[desa.reindex(group.index).fillna(0) > 0]
        per_desa = group.loc[codes, "informal_count"] / desa.loc[codes]
        own_pd = float(own["informal_count"]) / int(r["desa_count"])
        strips.append((t("informal_per_desa_label", lang), per_desa.tolist(), own_pd, fmt_num(own_pd, lang)))
    kind_plural = t(f"{r['kind']}_plural", lang)
    lines = [sentence, "", t("quartile_intro", lang, n=len(group) - 1, kind=kind_plural), ""]
    for label, values_, value, text in strips:
        series = pd.Series(values_).dropna()
        quartile = int(min(3, (series < value).mean() * 4)) + 1
        median = fmt_pct(series.median(), lang) if "%" in text else fmt_num(series.median(), lang)
        lines.append(
            "- "
            + t(
                "quartile_line",
                lang,
                what=label,
                value=text,
                quartile=t(f"quartile_{quartile}", lang),
                median=median,
            )
        )
    charts.apply_style()
    show_figure(
        charts.position_figure(
            values,
            ctx.code,
            members,
            f"{t('province', lang)} {r['province_name']}",
            t("map_informal", lang, year=year),
            strips,
        )
    )
    show_markdown("\n".join(lines))


# --- what it takes ----------------------------------------------------------------------------------


def effort_rows(ctx: BriefContext) -> pd.DataFrame | None:
    """This regency's effort table (`ucj.projection.effort`): one row per target × lever × criterion."""
    rows = ctx.table("effort_to_target")
    return None if rows is None or rows.empty else rows


def village_term(ctx: BriefContext) -> str:
    """The regency's word for a village (desa, nagari, kampung, gampong, pekon...), from the data."""
    rows = ctx.table("regency_policies")
    return "desa" if rows is None or rows.empty else str(rows["village_term"].iloc[0])


def _effort_text(
    row: pd.Series, lang: str, mix_quota: int, dbh_months: int, term: str = "desa", desa: int = 1
) -> str:
    """The effort in the lever's own unit: '23 per desa', 'Rp4,8 miliar', '1.200 pekerja × 4 bulan'."""
    units = row["effort_units"]
    if _is_missing(units):
        return "–"
    if bool(row["already_reached"]):
        return t("effort_none", lang)
    lever = row["lever"]
    if lever == "village":
        return t("effort_village", lang, quota=fmt_num(float(units), lang), term=term)
    if lever == "dbh_sawit":
        return t("effort_dbh", lang, workers=fmt_num(float(units), lang), months=dbh_months)
    budget = fmt_idr(float(units) * 1e6, lang)
    if lever == "apbd" or desa == 0:
        return budget
    return t("effort_mix", lang, quota=mix_quota, budget=budget).replace("/desa", f"/{term}")


def _infeasible_text(row: pd.Series, lang: str, term: str) -> str | None:
    """Why an effort cannot be done as stated (`ucj.projection.effort.INFEASIBLE`), or None."""
    reason = row.get("infeasible_reason")
    if _is_missing(reason):
        return None
    shortfall = row.get("dbh_shortfall_idr")
    return t(
        f"infeasible_{reason}",
        lang,
        term=term,
        shortfall="–" if _is_missing(shortfall) else fmt_idr(float(shortfall), lang),
    )


def _lever_applies(row: pd.Series) -> bool:
    return bool(row["is_applicable"])


def what_it_takes(ctx: BriefContext) -> None:
    """Per target, the smallest constant annual effort each lever needs from the first budget year,
    with its share of the regency's own budgets, and a chart of those shares."""
    from ucj.projection.effort import read_effort_settings

    lang = ctx.lang
    eff = effort_rows(ctx)
    show_markdown(f"## {t('effort_title', lang)}")
    if eff is None:
        show_markdown(t("projection_missing", lang))
        return
    settings = read_effort_settings()
    show_markdown(
        t(
            "effort_intro",
            lang,
            start=settings.start_year,
            premium=fmt_num(ctx.assumptions.annual_premium_idr, lang),
            limit=fmt_pct(settings.apbd_share_limit, lang, 0, is_share=True),
        )
    )
    med = eff[eff["criterion"] == "median"].set_index(["target", "lever"], drop=False)
    p90 = eff[eff["criterion"] == "p90"].set_index(["target", "lever"], drop=False)
    targets = list(dict.fromkeys(eff["target"]))
    labels = {
        tg: f"{TARGET_LABELS.get(tg, {}).get(lang, tg)}: "
        f"{fmt_pct(float(med.loc[tg].iloc[0]['target_share']), lang, 2, is_share=True)}"
        for tg in targets
    }
    rows, bars = [], []
    term, desa = village_term(ctx), int(ctx.regency["desa_count"])
    levers = ("apbd", "dbh_sawit") if desa == 0 else ("mix", "apbd", "village", "dbh_sawit")
    for lever in levers:
        cells = {}
        for target in targets:
            if (target, lever) not in med.index or not _lever_applies(med.loc[(target, lever)]):
                continue
            m, h = med.loc[(target, lever)], p90.loc[(target, lever)]
            why = _infeasible_text(m, lang, term)
            if why is not None and m["infeasible_reason"] != "dbh_slice":
                cells[labels[target]] = t("infeasible_cell", lang, reason=why)
                continue
            share = m["share_of_apbd"]
            parts = [
                _effort_text(m, lang, settings.mix_village_quota, settings.dbh_months, term, desa),
                f"{fmt_idr(float(m['annual_cost_idr']), lang)} "
                "("
                + ("–" if _is_missing(h["annual_cost_idr"]) else fmt_idr(float(h["annual_cost_idr"]), lang))
                + ")",
            ]
            if not _is_missing(share):
                parts.append(t("share_apbd_short", lang, share=fmt_pct(float(share), lang, 2, is_share=True)))
                high = h["share_of_apbd"]  # NA where the 90% criterion cannot be met
                bars.append(
                    (
                        labels[target],
                        t(f"lever_name_{lever}", lang),
                        float(share) * 100,
                        (float(share) if _is_missing(high) else float(high)) * 100,
                    )
                )
            if lever == "village" and not _is_missing(m["share_of_dana_desa"]):
                parts.append(
                    t(
                        "share_dd_short",
                        lang,
                        share=fmt_pct(float(m["share_of_dana_desa"]), lang, 0, is_share=True),
                    )
                )
            if lever == "dbh_sawit" and not _is_missing(m["share_of_dbh_slice"]):
                parts.append(
                    t(
                        "share_dbh_short",
                        lang,
                        share=fmt_pct(float(m["share_of_dbh_slice"]), lang, 0, is_share=True),
                    )
                )
            if why is not None:
                parts.append(why)
            cells[labels[target]] = " · ".join(parts)
        if cells:
            rows.append({t("lever", lang): t(f"lever_name_{lever}", lang), **cells})
    if not rows:
        show_markdown(t("projection_missing", lang))
        return
    show_table(pd.DataFrame(rows).fillna("–"), align="l" + "r" * len(targets))
    notes = [t("effort_note", lang, quota=settings.mix_village_quota, months=settings.dbh_months)]
    current = float(eff["current_programme_workers"].iloc[0]) if "current_programme_workers" in eff else 0.0
    if current > 0:
        notes.insert(
            0,
            t(
                "current_spending",
                lang,
                workers=fmt_num(current, lang),
                cost=fmt_idr(float(eff["current_programme_cost_idr"].iloc[0]), lang),
            ),
        )
    fiscal = eff.iloc[0]
    if _is_missing(fiscal["apbd_spending_idr"]):
        notes.append(t("apbd_missing", lang))
    if eff.loc[eff["lever"] == "dbh_sawit", "is_applicable"].eq(False).all():
        notes.append(t("dbh_missing", lang))
    if int(ctx.regency["desa_count"]) == 0:
        notes.append(t("no_desa_effort", lang))
    if bars:
        charts.apply_style()
        show_figure(
            charts.effort_bars(
                bars,
                settings.apbd_share_limit * 100,
                t("effort_chart_x", lang),
                t(
                    "effort_chart_limit",
                    lang,
                    limit=fmt_pct(settings.apbd_share_limit, lang, 0, is_share=True),
                ),
            )
        )
    show_markdown("*" + " ".join(notes) + "*")


TARGET_LABELS = {
    "ucj_2029": {"id": "UCJ 2029 (RPJMN)", "en": "UCJ 2029 (RPJMN)"},
    "uc_2035": {"id": "Cakupan semesta BPU 2035", "en": "BPU universal coverage 2035"},
    "uc_2045": {"id": "Cakupan semesta BPU 2045", "en": "BPU universal coverage 2045"},
}


def _payer_burden(row: pd.Series) -> float:
    """The share of its payer's own budget a route takes: the APBD for APBD and mix routes, the
    villages' (Dana Desa as the only village budget figure, a size comparison) for the village route,
    the 20% slice for DBH sawit. Routes buy the same worker-years at the same premium, so total rupiah
    cannot rank them; what differs is who pays and how much of their budget it takes."""
    column = {"village": "share_of_dana_desa", "dbh_sawit": "share_of_dbh_slice"}.get(
        row["lever"], "share_of_apbd"
    )
    value = row[column]
    return np.inf if _is_missing(value) else float(value)


def routes_by_payer(eff: pd.DataFrame, target: str, desa_count: int) -> pd.DataFrame:
    """The feasible single-payer routes to ``target`` (median criterion): APBD, villages (ADD / village
    income), DBH sawit, lightest on its payer first (`_payer_burden`); never a village route where there
    are no villages. Empty when no route is feasible; one 'already reached' row when nothing is needed."""
    rows = eff[
        (eff["target"] == target)
        & (eff["criterion"] == "median")
        & eff["is_applicable"].astype(bool)
        & eff["lever"].isin(["apbd", "village", "dbh_sawit"])
    ]
    if desa_count == 0:
        rows = rows[rows["lever"] != "village"]
    if rows["already_reached"].any():
        return rows[rows["already_reached"]].head(1)
    if "is_feasible" in rows:
        rows = rows[rows["is_feasible"].fillna(False).astype(bool)]
    order = {lever: i for i, lever in enumerate(("apbd", "village", "dbh_sawit"))}
    ranked = rows.assign(
        _burden=[_payer_burden(r) for _, r in rows.iterrows()], _order=rows["lever"].map(order)
    )
    return ranked.sort_values(["_burden", "_order"], kind="stable")


def _burden_text(pick: pd.Series, lang: str, term: str, desa_count: int) -> str:
    lever = pick["lever"]
    if lever == "village":
        per = fmt_idr(float(pick["annual_cost_idr"]) / max(desa_count, 1), lang)
        share = pick["share_of_dana_desa"]
        return t(
            "burden_village",
            lang,
            per_village=per,
            term=term,
            share="–" if _is_missing(share) else fmt_pct(float(share), lang, 0, is_share=True),
        )
    if lever == "dbh_sawit":
        return t("burden_dbh", lang, share=fmt_pct(float(pick["share_of_dbh_slice"]), lang, 0, is_share=True))
    share = pick["share_of_apbd"]
    if _is_missing(share):
        return t("burden_apbd_missing", lang)
    return t("burden_apbd", lang, share=fmt_pct(float(share), lang, 2, is_share=True))


def actions(ctx: BriefContext) -> None:
    """'What this means for the Bupati': three actions with their cost, from the effort table: the
    route to the RPJMN target and to universal coverage lightest on its payer (or why none is
    feasible), and keeping members active."""
    from ucj.projection.effort import read_effort_settings

    lang, r = ctx.lang, ctx.regency
    base, eff = baseline_rows(ctx), effort_rows(ctx)
    title = t("actions_title_kota" if r["kind"] == "kota" else "actions_title", lang)
    if eff is None:
        show_markdown(f"## {title}\n\n{t('projection_missing', lang)}")
        return
    settings = read_effort_settings()
    term, desa = village_term(ctx), int(r["desa_count"])
    items = []
    for target in ("ucj_2029", "uc_2045"):
        rows = eff[(eff["target"] == target) & (eff["criterion"] == "median")]
        if rows.empty:
            continue
        share_text = fmt_pct(float(rows["target_share"].iloc[0]), lang, 2, is_share=True)
        label = f"{TARGET_LABELS[target][lang]} ({share_text})"
        routes = routes_by_payer(eff, target, desa)
        if routes.empty:
            reasons = (
                rows["infeasible_reason"].dropna() if "infeasible_reason" in rows else pd.Series(dtype=str)
            )
            if len(reasons):
                why = _infeasible_text(rows.loc[reasons.index[0]], lang, term)
                items.append(t("action_target_none", lang, target=label, reason=why))
            continue
        if bool(routes["already_reached"].iloc[0]):
            items.append(t("action_target_reached", lang, target=label))
            continue
        options = [
            t(
                "route_option",
                lang,
                lever=t(f"lever_name_{r['lever']}", lang),
                effort=_effort_text(r, lang, settings.mix_village_quota, settings.dbh_months, term, desa),
                burden=_burden_text(r, lang, term, desa),
            )
            for _, r in routes.head(2).iterrows()
        ]
        items.append(
            t(
                "action_target",
                lang,
                target=label,
                start=settings.start_year,
                options=t("or", lang).join(options),
            )
        )
    bpu_active = float(base.loc["BPU", "active_count"]) if base is not None and "BPU" in base.index else 0.0
    payers = t("payers_kota", lang) if desa == 0 else t("payers_villages", lang, term=term)
    items.append(
        t("action_retention", lang, workers=fmt_num(round(bpu_active * 0.05, -1), lang), payers=payers)
    )
    if (
        base is not None
        and "all" in base.index
        and str(base.loc["all", "kind"]) == "modelled"
        and len(items) < 3
    ):
        items.append(t("action_data", lang))
    items = items[:3]
    display(callout(title, items, [escape_typst(item) for item in items]))


def profile_tiles(ctx: BriefContext) -> None:
    """Population, villages, area and labour-market indicators of the master table."""
    r, lang = ctx.regency, ctx.lang
    villages = int(r["desa_count"]) + int(r["kelurahan_count"])
    display(
        tiles(
            [
                Tile(
                    t("population", lang),
                    fmt_num(int(r["population_count"]), lang),
                    t("population_note", lang),
                ),
                Tile(
                    t("villages", lang),
                    fmt_num(villages, lang),
                    f"{fmt_num(int(r['desa_count']), lang)} desa · "
                    f"{fmt_num(int(r['kelurahan_count']), lang)} kelurahan · "
                    f"{fmt_num(int(r['kecamatan_count']), lang)} {t('kecamatan', lang)}",
                ),
                Tile(
                    t("tpt", lang),
                    fmt_pct(float(r["tpt_pct"]), lang),
                    f"BPS Sakernas Agustus {int(r['tpt_year'])}",
                ),
                Tile(
                    t("tpak", lang),
                    fmt_pct(float(r["tpak_pct"]), lang),
                    f"BPS Sakernas Agustus {int(r['tpak_year'])}",
                ),
            ]
        )
    )


def locator(ctx: BriefContext) -> None:
    """Locator map: Indonesia with the province, and the province with the regency."""
    r, lang = ctx.regency, ctx.lang
    charts.apply_style()
    fig = charts.locator_map(
        ctx.code, str(r["province_code"]), "Indonesia", f"{t('province', lang)} {r['province_name']}"
    )
    show_figure(fig)


def data_notes(ctx: BriefContext) -> None:
    """Sources and vintages, definitions, method in two lines, the lapse assumption (`ucj.brief.notes`)."""
    from ucj.brief.notes import data_note_lines

    lang = ctx.lang
    uc = uc_rows(ctx)
    threshold = float(uc["threshold"].iloc[0]) if uc is not None else 0.95
    dates = {
        "basis": date_text(ctx, "participants_province_basis", lang),
        "baseline": date_text(ctx, "participants_baseline", lang),
    }
    lines = data_note_lines(lang, ctx.assumptions, threshold, dates)
    as_of = ctx.table("data_as_of", scope="all")
    if as_of is not None and not as_of.empty:
        inf = latest_informal(ctx)
        parts = []
        for r in as_of.to_dict("records"):
            when = pd.Timestamp(r["as_of"]) if not pd.isna(r["as_of"]) else None
            if r["item"] == "regency_rates" and inf is not None:  # this regency's own rates, not the newest
                when = pd.Timestamp(
                    year=int(min(inf["tpt_source_year"], inf["tpak_source_year"])), month=8, day=31
                )
            if when is None:
                continue
            text = str(when.year) if r["precision"] == "year" else fmt_date(when.year, when.month, lang)
            if r[f"detail_{lang}"] and r["precision"] == "year":
                text = str(r[f"detail_{lang}"])
            parts.append(f"{_mid_sentence(str(r[f'label_{lang}']))} {text}")
        lines.append(t("note_data_as_of", lang, items="; ".join(parts)))
    check = ctx.table("informal_regency_validation_summary", scope="all")
    if check is not None and not check.empty:
        row = check.iloc[0]
        lines.append(
            t(
                "note_informal_check",
                lang,
                n=int(row["figures"]),
                provinces=int(row["provinces"]),
                before=fmt_pct(float(row["inside_90_before"]), lang, 0, is_share=True),
                after=fmt_pct(float(row["inside_90_held_out"]), lang, 0, is_share=True),
                mae=fmt_num(float(row["mae_pp"]), lang, 1),
            )
        )
        anchored = check[check["group"].str.startswith("anchored")]
        if len(anchored) and "persistence" in anchored:
            a = anchored.iloc[0]
            lines.append(
                t(
                    "note_informal_anchor",
                    lang,
                    k=fmt_pct(float(a["persistence"]), lang, 0, is_share=True),
                    pairs=int(a["figures"]),
                    before=fmt_num(float(a["mae_pp_model"]), lang, 1),
                    after=fmt_num(float(a["mae_pp"]), lang, 1),
                    inside=fmt_pct(float(a["inside_90_held_out"]), lang, 0, is_share=True),
                )
            )
    hind = ctx.table("projection_hindcast_summary", scope="all")
    if hind is not None and not hind.empty:
        active = hind[(hind["kind"] == "active") & (hind["gap_class"] == "all")]
        if len(active):
            row = active.iloc[0]
            lines.append(
                t(
                    "note_hindcast",
                    lang,
                    n=int(row["pairs"]),
                    inside=fmt_pct(float(row["share_in_band_held_out"]), lang, 0, is_share=True),
                    error=fmt_pct(float(row["median_abs_error"]), lang, 0, is_share=True),
                )
            )
    lines.append(t("note_update", lang))
    show_markdown(
        f"## {t('data_notes', lang)}\n\n"
        + "\n".join(f"- {line}" for line in lines)
        + f"\n\n**{t('method_title', lang)}.** {t('method_text', lang)}"
    )
