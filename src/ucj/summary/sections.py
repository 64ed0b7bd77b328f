"""The sections of the national and province summaries, each a function of the `SummaryContext`.

The report notebooks call these in order; each displays its own output (tiles,
tables, figures) in the summary's language. Nothing here reads files: all data
comes from the context. Where a table is missing, a section says so in one
sentence instead of drawing an empty chart. Every figure carries its source or
its "estimate" / "modelled" label.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import display

from ucj.brief import charts as brief_charts
from ucj.brief import context as brief_context
from ucj.brief.display import PageSetup, Tile, show_figure, show_markdown, tiles
from ucj.brief.text import denominator_words, fmt_count, fmt_date, fmt_idr, fmt_num, fmt_pct, scenario_label
from ucj.dates import source_date
from ucj.projection import kinds
from ucj.summary import charts, tables
from ucj.summary.data import SummaryContext
from ucj.summary.layout import show_heading, show_source, show_table
from ucj.summary.text import t

SNAPSHOT_YEAR = 2030


# --- helpers ---------------------------------------------------------------------------------


def _is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def regencies(ctx: SummaryContext) -> pd.DataFrame:
    """`tables.regency_frame` of the regencies in scope (a copy of the summary's own)."""
    return ctx.regency_frame.copy()


def totals(ctx: SummaryContext) -> pd.Series:
    """The one-row `tables.area_totals` of everything in scope (nation or province)."""
    return tables.area_totals(regencies(ctx), by_province=False).iloc[0]


def short_name(name: str) -> str:
    """'Kabupaten Administrasi Kepulauan Seribu' -> 'Kab. Adm. Kepulauan Seribu'; 'Kabupaten X' -> 'Kab.
    X'."""
    for long, short in (
        ("Kabupaten Administrasi ", "Kab. Adm. "),
        ("Kota Administrasi ", "Kota Adm. "),
        ("Kabupaten ", "Kab. "),
    ):
        if name.startswith(long):
            return short + name[len(long) :]
    return name


def fmt_people(value: float, lang: str) -> str:
    """A head count for a table column: whole number rounded to tens ('1.508.900'; '–' if missing).

    Tables use one format per column (tiles use `fmt_count`, which switches to 'juta')."""
    return "–" if _is_missing(value) else fmt_num(round(float(value), -1), lang)


def fmt_range(lo: float, hi: float, lang: str) -> str:
    """'46.690–71.230' (counts rounded to tens)."""
    if _is_missing(lo) or _is_missing(hi):
        return "–"
    return f"{fmt_people(lo, lang)}–{fmt_people(hi, lang)}"


MONEY_UNITS = ((1e12, "unit_trillion"), (1e9, "unit_billion"), (1e6, "unit_million"))


def money_unit(values, lang: str) -> tuple[float, str]:
    """The rupiah unit (scale, label) that suits the largest of ``values``: triliun, miliar or juta."""
    finite = [abs(float(v)) for v in values if not _is_missing(v)]
    peak = max(finite) if finite else 0.0
    for scale, key in MONEY_UNITS:
        if peak >= scale:
            return scale, t(key, lang)
    return 1e6, t("unit_million", lang)


def fmt_money(value, scale: float, lang: str) -> str:
    """Rupiah in a table column's unit, two decimals ('–' if missing)."""
    return "–" if _is_missing(value) else fmt_num(float(value) / scale, lang, 2)


def baseline_date(ctx: SummaryContext) -> str:
    """The date of the participant figures: the most common one ('Desember 2023', the modelled
    basis), with 'and other dates' when known figures of other dates are mixed in."""
    if ctx.baseline is None or ctx.baseline.empty:
        return t("not_available", ctx.lang)
    dates = pd.to_datetime(ctx.baseline.loc[ctx.baseline["segment"] == "all", "as_of"])
    ts = dates.mode().iloc[0]
    text = fmt_date(ts.year, ts.month, ctx.lang)
    return text + (t("and_other_dates", ctx.lang) if dates.nunique() > 1 else "")


def status_badge(total: pd.Series, lang: str) -> str:
    """DIMODELKAN / DILAPORKAN / SEBAGIAN DIMODELKAN from the counts of modelled and reported regencies."""
    if total["reported_count"] == 0:
        return t("modelled", lang)
    if total["modelled_count"] == 0:
        return t("reported", lang)
    return t("partly_modelled", lang)


def status_words(total: pd.Series, lang: str) -> str:
    if total["reported_count"] == 0:
        return t("status_modelled", lang)
    if total["modelled_count"] == 0:
        return t("status_reported", lang)
    return t("status_mixed", lang)


def scenario_labels(ctx: SummaryContext) -> dict[str, str]:
    """Short scenario labels in the summary's language, in file order."""
    first = ctx.uc.drop_duplicates("scenario")
    return {r.scenario: scenario_label(r.scenario, r.scenario_label, ctx.lang) for r in first.itertuples()}


def scenario_legend(ctx: SummaryContext) -> tuple[dict[str, str], str]:
    """Letters per scenario ('A', 'B', ...) and the legend line 'A = ..., B = ...'."""
    labels = scenario_labels(ctx)
    letters = {sid: charts.SCENARIO_LETTERS[i] for i, sid in enumerate(labels)}
    return letters, "; ".join(f"{letters[s]} = {label}" for s, label in labels.items())


def _number(lang: str):
    """Tick-label formatter of the maps in the summary's language (decimal comma in Indonesian)."""
    return lambda value, decimals: fmt_num(value, lang, decimals)


def _threshold(ctx: SummaryContext) -> float:
    return float(ctx.uc["threshold"].iloc[0])


def _denominator(ctx: SummaryContext) -> str:
    """The run's coverage denominator, as its projection tables record it (`ucj.brief.context`)."""
    return brief_context.run_denominator(ctx.uc, ctx.projections)


def _has_projection(ctx: SummaryContext) -> bool:
    return (
        ctx.uc is not None and not ctx.uc.empty and ctx.projections is not None and not ctx.projections.empty
    )


# --- header ------------------------------------------------------------------------------------


def page_setup(ctx: SummaryContext) -> None:
    """Title, running header and footer (version, raw-data checksum, run date)."""
    lang = ctx.lang
    title = t("national_title" if ctx.is_national else "province_title", lang)
    place = "Indonesia" if ctx.is_national else f"{t('province', lang)} {ctx.province_name}"
    display(
        PageSetup(
            title=f"{place} – {title}",
            header=f"{place} · {title}",
            footer=t(
                "footer",
                lang,
                version=ctx.version,
                checksum=ctx.checksum,
                date=source_date().date().isoformat(),
            ),
            lang=lang,
        )
    )


def header(ctx: SummaryContext) -> None:
    """Heading, scope (regencies, villages), data vintages and run date."""
    lang, m = ctx.lang, ctx.master
    kab, kota = int((m["kind"] == "kabupaten").sum()), int((m["kind"] == "kota").sum())
    run = source_date().date().isoformat()
    if ctx.is_national:
        heading = t("national_heading", lang)
        sub = t("national_subtitle", lang, n=len(m), p=m["province_code"].nunique(), kab=kab, kota=kota)
    else:
        heading = t("province_heading", lang, name=ctx.province_name)
        sub = t(
            "province_subtitle",
            lang,
            code=ctx.province_code,
            n=len(m),
            kab=kab,
            kota=kota,
            desa=fmt_num(int(m["desa_count"].sum()), lang),
            kel=fmt_num(int(m["kelurahan_count"].sum()), lang),
        )
    _, year = tables.latest_informal(ctx.informal)
    vintage = (
        t("vintage_line", lang, year=year, date=baseline_date(ctx), run=run)
        if year is not None
        else t("vintage_line_no_data", lang, run=run)
    )
    title = t("national_title" if ctx.is_national else "province_title", lang)
    show_markdown(f"# {heading}\n\n**{title}** · {sub}\n\n{vintage}")


def _informal_badge(ctx: SummaryContext, year: int, lang: str) -> str:
    """The source kind of the area's informal estimate: BPS regency figures where every regency's
    estimate of the year is one, calibrated to them where some are anchored, else the model's."""
    rows = ctx.informal[ctx.informal["year"] == year]
    methods = set(rows["estimate_method"]) if "estimate_method" in rows else set()
    if methods == {"published"}:
        return t("badge_informal_published", lang, year=year)
    if "is_anchored" in rows and rows["is_anchored"].any():
        return t("badge_informal_anchored", lang)
    return t("estimate", lang)


def headline_tiles(ctx: SummaryContext) -> None:
    """Informal workers (with the summed bounds), active participants, BPU coverage, the gap."""
    lang = ctx.lang
    total = totals(ctx)
    _, year = tables.latest_informal(ctx.informal)
    items = []
    if year is not None:
        items.append(
            Tile(
                t("tile_informal", lang),
                fmt_count(total["informal_count"], lang),
                t(
                    "tile_informal_note",
                    lang,
                    share=fmt_pct(total["informal_share"], lang, is_share=True),
                    employed=fmt_count(total["employed_count"], lang),
                    year=year,
                    lo=fmt_count(total["informal_count_p05"], lang),
                    hi=fmt_count(total["informal_count_p95"], lang),
                ),
                _informal_badge(ctx, year, lang),
            )
        )
    if ctx.baseline is not None and not ctx.baseline.empty:
        date = baseline_date(ctx)
        badge = status_badge(total, lang)
        counts = kinds.count(ctx.baseline)
        items.append(
            Tile(
                t("tile_active", lang),
                fmt_count(total["active_all_count"], lang),
                t(
                    "tile_active_note",
                    lang,
                    date=date,
                    modelled=counts["modelled"],
                    known=counts["reported"] + counts["published"] + counts["split"],
                ),
                badge,
            )
        )
        items.append(
            Tile(
                t("tile_bpu", lang),
                fmt_pct(total["bpu_coverage_of_informal"], lang, is_share=True),
                t(
                    "tile_bpu_note",
                    lang,
                    active=fmt_count(total["active_bpu_count"], lang),
                    informal=fmt_count(total["baseline_informal_count"], lang),
                    date=date,
                ),
                badge,
            )
        )
    if ctx.uc is not None and not ctx.uc.empty:
        items.append(
            Tile(
                t("tile_gap", lang),
                fmt_count(total["gap_workers_now"], lang),
                t("tile_gap_note", lang, cost=fmt_idr(total["gap_cost_idr_per_year"], lang)),
                t("estimate", lang),
            )
        )
    if not items:
        show_markdown(t("informal_missing", lang))
        return
    display(tiles(items, columns=min(4, len(items))))


def _official_total_check(ctx: SummaryContext, total: pd.Series, lang: str) -> list[str]:
    """The sum of the regencies' figures (carried to one date) against the official total of the
    nation or the province at the latest date on or before it, the same month first: the national
    series (`data/raw/assumptions/national_active_participants.csv`) and the 2024–2025 province and
    national figures (`ucj.projection.official_totals`)."""
    from ucj import catalog
    from ucj.projection import official_totals
    from ucj.projection.assumptions import read_national_active

    dates = pd.to_datetime(ctx.baseline.loc[ctx.baseline["segment"] == "all", "as_of"])
    when = dates.mode().iloc[0]
    candidates = []  # (date, persons, source)
    if ctx.is_national:
        nat = read_national_active()
        nat = nat[nat["segment"] == "all"]
        for row in nat.itertuples(index=False):
            date = pd.Timestamp(row.date + "-01") + pd.offsets.MonthEnd(0)
            candidates.append((date, float(row.active_million) * 1e6, "Kemnaker/BPJS Ketenagakerjaan"))
    figures = catalog.read(catalog.OFFICIAL_TOTALS, missing_ok=True)
    if figures is not None and not figures.empty:
        area = official_totals.NATIONAL if ctx.is_national else str(ctx.province_code)
        row = official_totals.latest_official(figures, area, when)
        if row is not None:
            candidates.append(
                (pd.Timestamp(row["as_of"]), float(row["value"]), f"{row['outlet']} ({row['confidence']})")
            )
    candidates = [c for c in candidates if c[0] <= when]
    if not candidates:
        return [t("caveat_official_none", lang, date=fmt_date(when.year, when.month, lang))]
    same_month = [c for c in candidates if c[0].month == when.month]
    odate, theirs, source = max(same_month or candidates, key=lambda c: c[0])
    ours = float(total["active_all_count"])
    return [
        t(
            "caveat_national_total" if ctx.is_national else "caveat_province_total",
            lang,
            ours=fmt_count(ours, lang),
            date=fmt_date(when.year, when.month, lang),
            official=fmt_count(theirs, lang),
            odate=fmt_date(odate.year, odate.month, lang),
            source=source,
            diff=fmt_pct(ours / theirs - 1, lang, 1, is_share=True),
        )
    ]


def caveats(ctx: SummaryContext) -> None:
    """The caveats up front: modelled participants, summed bounds, high-CV estimates, sums vs medians."""
    lang = ctx.lang
    total = totals(ctx)
    lines = []
    if ctx.baseline is not None and not ctx.baseline.empty:
        # one count of the kinds, the same as the sources table (`kinds.count`)
        counts = kinds.count(ctx.baseline)
        known = counts["reported"] + counts["published"]
        if known + counts["split"] == 0:
            lines.append(t("caveat_modelled_all", lang, basis=_date_of("participants_province_basis", lang)))
        else:
            lines.append(t("caveat_kinds", lang, **counts))
        lines.extend(_official_total_check(ctx, total, lang))
    if ctx.informal is not None and not ctx.informal.empty:
        lines.append(t("caveat_interval", lang))
        if total["high_cv_count"] > 0:
            lines.append(t("caveat_high_cv", lang, n=int(total["high_cv_count"])))
    lines.append(t("caveat_totals", lang))
    lines.append(t("caveat_denominator", lang, **denominator_words(_denominator(ctx), lang)))
    show_markdown(f"**{t('caveats_title', lang)}**\n\n" + "\n".join(f"- {line}" for line in lines))


# --- maps ----------------------------------------------------------------------------------------


def maps(ctx: SummaryContext) -> None:
    """National: informal share and BPU coverage of every regency. Province: its regencies."""
    reg = regencies(ctx).set_index("regency_code")
    _, year = tables.latest_informal(ctx.informal)
    brief_charts.apply_style()
    if ctx.is_national:
        _national_maps(ctx, reg, year)
    else:
        _province_maps(ctx, reg, year)


def _national_maps(ctx: SummaryContext, reg: pd.DataFrame, year: int | None) -> None:
    lang = ctx.lang
    show_heading(t("maps_title", lang))
    missing = t("map_no_value", lang)
    if year is None:
        show_markdown(t("informal_missing", lang))
    else:
        share = (reg["informal_share"] * 100).to_dict()
        show_figure(
            charts.national_map(
                share,
                t("map_informal", lang, year=year),
                "%",
                missing,
                "YlGnBu",
                source=t("map_source", lang),
                number=_number(lang),
            )
        )
    if ctx.baseline is None or ctx.baseline.empty:
        show_markdown(t("baseline_missing", lang))
        return
    coverage = (reg["bpu_coverage_of_informal"] * 100).to_dict()
    total = totals(ctx)
    note = t("map_modelled_note", lang) if total["modelled_count"] > 0 else ""
    show_figure(
        charts.national_map(
            coverage,
            t("map_bpu", lang, date=baseline_date(ctx)),
            "%",
            missing,
            "PuBu",
            source=f"{status_words(total, lang).capitalize()}. {note}",
            number=_number(lang),
        )
    )


def _province_maps(ctx: SummaryContext, reg: pd.DataFrame, year: int | None) -> None:
    lang = ctx.lang
    members = ctx.codes
    panels = []
    notes = []
    texts = []
    if year is None:
        texts.append(t("informal_missing", lang))
    else:
        panels.append(
            (
                t("map_informal", lang, year=year),
                (reg["informal_share"] * 100).to_dict(),
                "%",
                "YlGnBu",
                t("map_no_value", lang),
            )
        )
        notes.append(t("map_source", lang))
    total = totals(ctx)
    known = pd.Series(False, index=reg.index)
    if ctx.baseline is not None and not ctx.baseline.empty:
        # a purely modelled coverage is the province ratio by construction: the map shows the regencies
        # whose BPU figure comes from a figure of their own (branch, published, a published total split,
        # a programme floor), the same kinds the table counts
        bpu_kind = (
            ctx.baseline[ctx.baseline["segment"] == "BPU"].set_index("regency_code")["kind"].astype(str)
        )
        known = reg.index.to_series().map(bpu_kind).ne("modelled").fillna(False)
    if known.any():
        reported = known
        coverage = {k: v * 100 for k, v in reg.loc[reported, "bpu_coverage_of_informal"].items()}
        panels.append(
            (
                t("map_bpu_reported", lang, date=baseline_date(ctx)),
                coverage,
                "%",
                "PuBu",
                t("map_modelled_grey", lang),
            )
        )
        notes.append(t("map_bpu_reported_note", lang))
    else:
        if ctx.baseline is not None and not ctx.baseline.empty:
            texts.append(
                t(
                    "map_province_modelled",
                    lang,
                    coverage=fmt_pct(total["bpu_coverage_of_informal"], lang, is_share=True),
                )
            )
        if ctx.uc is not None and not ctx.uc.empty and total["desa_count"] > 0:
            per_village = (reg["gap_cost_per_village_idr"] / 1e6).to_dict()
            panels.append(
                (
                    t("map_gap_village", lang),
                    per_village,
                    t("unit_million", lang),
                    "OrRd",
                    t("map_no_desa", lang),
                )
            )
            notes.append(t("map_gap_source", lang, premium=fmt_num(ctx.assumptions.annual_premium_idr, lang)))
        elif ctx.uc is not None and not ctx.uc.empty:  # no desa at all: the uncovered workers themselves
            gap = (reg["gap_workers_now"] / 1e3).to_dict()
            panels.append(
                (
                    t("map_gap_people", lang),
                    gap,
                    t("unit_thousand_people", lang),
                    "OrRd",
                    t("map_no_value", lang),
                )
            )
            notes.append(t("map_gap_people_source", lang, date=baseline_date(ctx)))
    show_heading(t("maps_title", lang), " ".join(texts))
    if panels:
        labels = {
            code: short_name(name)
            for code, name in zip(ctx.master["regency_code"], ctx.master["regency_name"], strict=False)
        }
        show_figure(
            charts.province_maps(
                members, panels, source=" ".join(notes), number=_number(lang), inset_labels=labels
            )
        )
    elif notes:
        show_source(" ".join(notes))


# --- universal coverage years ---------------------------------------------------------------------


def uc_years(ctx: SummaryContext) -> None:
    """Universal-coverage years per scenario.

    National: the distribution over all regencies (chart and table of counts).
    Province: the distribution chart when at least one regency reaches universal
    coverage (each regency's years are in `regency_table`), else one sentence.
    """
    lang = ctx.lang
    if not _has_projection(ctx):
        show_heading(t("uc_title", lang), t("projection_missing", lang))
        return
    threshold = _threshold(ctx)
    intro = t(
        "uc_intro",
        lang,
        threshold=fmt_pct(threshold, lang, 0, is_share=True),
        horizon=_horizon(ctx),
        **denominator_words(_denominator(ctx), lang),
    )
    dist = tables.uc_distribution(ctx.uc, _horizon(ctx))
    none_reached = int(dist["reached_count"].sum()) == 0
    if none_reached:
        intro += " " + t("uc_none_reached", lang, horizon=_horizon(ctx))
    show_heading(t("uc_title", lang), intro)
    if none_reached:
        if not ctx.is_national:
            return  # the regency table says '>2045' everywhere: no all-grey chart
    labels = scenario_labels(ctx)
    bin_labels = tables.uc_bin_labels(_horizon(ctx), t("uc_bin_not", lang, horizon=_horizon(ctx)))
    bin_cols = [c for c in dist.columns if c.startswith("bin_")]
    brief_charts.apply_style()
    show_figure(
        charts.uc_year_bars(
            [labels[s] for s in dist["scenario"]],
            dist[bin_cols].to_numpy(),
            bin_labels,
            t("uc_chart_x", lang),
            source=t("uc_chart_source", lang, n=len(ctx.master)),
        )
    )
    if not ctx.is_national:
        return
    rows = []
    for r in dist.itertuples():
        span = (
            "–"
            if _is_missing(r.earliest_year)
            else (
                str(r.earliest_year)
                if r.earliest_year == r.latest_year
                else f"{r.earliest_year}–{r.latest_year}"
            )
        )
        rows.append(
            {
                t("col_scenario", lang): labels[r.scenario],
                t("col_reached", lang, horizon=_horizon(ctx)): f"{r.reached_count} / {r.regency_count}",
                t(
                    "col_not_reached", lang, horizon=_horizon(ctx)
                ): f"{r.not_reached_count} / {r.regency_count}",
                t("col_median_year", lang): "–" if _is_missing(r.median_year) else str(r.median_year),
                t("col_year_range", lang): span,
            }
        )
    show_table(pd.DataFrame(rows), align="lrrrr", widths=["2.6fr", "1fr", "1fr", "1.2fr", "1fr"], size_pt=8)


# --- budget ------------------------------------------------------------------------------------------


def budget(ctx: SummaryContext) -> None:
    """Premiums per scenario per year (totals over the regencies in scope): table and chart."""
    lang = ctx.lang
    if not _has_projection(ctx):
        show_heading(t("budget_title", lang), t("projection_missing", lang))
        return
    order = tables.scenario_order(ctx.uc)
    by_year = tables.budget_by_year(ctx.projections, order)
    first = tables.first_cost_year(by_year)
    if first is None:
        show_heading(t("budget_title", lang), t("budget_none", lang))
        return
    show_heading(t("budget_title", lang), t("budget_intro", lang, n=len(ctx.master)))
    years = sorted(y for y in {first, first + 2, SNAPSHOT_YEAR} if y <= _horizon(ctx))
    costs = tables.scenario_costs(ctx.projections, ctx.uc, years, _horizon(ctx))
    labels = scenario_labels(ctx)
    rows = []
    scale, unit = money_unit(costs[[f"cost_idr_{year}" for year in years]].to_numpy().ravel(), lang)
    total_scale, total_unit = money_unit(costs["cost_idr_cumulative"], lang)
    for r in costs.to_dict("records"):
        row = {t("col_scenario", lang): labels[r["scenario"]]}
        for year in years:
            row[t("col_cost_year", lang, year=year, unit=unit)] = fmt_money(
                r[f"cost_idr_{year}"], scale, lang
            )
        row[t("col_cost_total", lang, first=first, last=_horizon(ctx), unit=total_unit)] = fmt_money(
            r["cost_idr_cumulative"], total_scale, lang
        )
        row[t("col_funded", lang, year=first)] = fmt_people(r["funded_workers_first_year"], lang)
        row[t("col_active_sum", lang, year=_horizon(ctx))] = fmt_people(
            r["active_bpu_horizon_sum_of_medians"], lang
        )
        rows.append(row)
    table = pd.DataFrame(rows)
    show_table(
        table,
        align="l" + "r" * (len(table.columns) - 1),
        widths=["2.3fr"] + ["1fr"] * (len(table.columns) - 1),
        size_pt=7.5,
    )
    series = {}
    for sid in order:
        part = by_year[(by_year["scenario"] == sid) & (by_year["year"] >= first)]
        series[labels[sid]] = (part["year"].to_numpy(), part["cost_idr_total"].fillna(0).to_numpy())
    scale, unit = money_unit([float(v.max()) for _, v in series.values()], lang)
    colors = {
        labels[sid]: brief_charts.SCENARIO_COLORS[i % len(brief_charts.SCENARIO_COLORS)]
        for i, sid in enumerate(order)
    }
    brief_charts.apply_style()
    show_figure(
        charts.budget_lines(
            series,
            t("budget_chart_y", lang, unit=unit),
            scale,
            colors,
            source=t("budget_chart_source", lang, premium=fmt_num(ctx.assumptions.monthly_premium_idr, lang)),
        )
    )


# --- national tables -----------------------------------------------------------------------------


def province_table(ctx: SummaryContext) -> None:
    """38 provinces: regencies, informal workers, share, BPU members and coverage, gap and its premiums."""
    lang = ctx.lang
    reg = regencies(ctx)
    prov = tables.area_totals(reg)
    nat = tables.national_from_provinces(prov).iloc[0]
    _, year = tables.latest_informal(ctx.informal)
    show_heading(
        t("province_table_title", lang),
        t("province_table_intro", lang, date=baseline_date(ctx), year=year or "–"),
    )
    rows = []
    total_row = {**nat.to_dict(), "province_code": "", "province_name": t("total_indonesia", lang)}
    for r in [*prov.to_dict("records"), total_row]:
        rows.append(
            {
                t("col_province", lang): f"{r['province_code']} {r['province_name']}".strip(),
                t("col_n_regencies", lang): fmt_num(r["regency_count"], lang),
                t("col_informal", lang, year=year or ""): fmt_people(r["informal_count"], lang),
                t("col_share", lang): fmt_pct(r["informal_share"], lang, is_share=True),
                t("col_bpu_active", lang): fmt_people(r["active_bpu_count"], lang),
                t("col_bpu_coverage", lang): fmt_pct(r["bpu_coverage_of_informal"], lang, is_share=True),
                t("col_gap", lang): fmt_people(r["gap_workers_now"], lang),
                t("col_gap_cost", lang, unit=t("unit_billion", lang)): fmt_money(
                    r["gap_cost_idr_per_year"], 1e9, lang
                ),
            }
        )
    show_table(
        pd.DataFrame(rows),
        widths=["2.4fr", "0.7fr", "1fr", "0.8fr", "1fr", "0.8fr", "1fr", "1.2fr"],
        bold_last_rows=1,
        size_pt=7.5,
    )


def province_uc_table(ctx: SummaryContext) -> None:
    """Province × scenario: regencies reaching universal coverage by the horizon."""
    lang = ctx.lang
    if not _has_projection(ctx):
        return
    letters, legend = scenario_legend(ctx)
    counts = tables.uc_reached_by_area(ctx.uc, ctx.master)
    show_heading(
        t("province_uc_title", lang, horizon=_horizon(ctx)),
        t(
            "province_uc_intro",
            lang,
            threshold=fmt_pct(_threshold(ctx), lang, 0, is_share=True),
            horizon=_horizon(ctx),
            legend=legend,
        ),
        level=3,
    )
    rows = []
    for r in counts.to_dict("records"):
        row = {
            t("col_province", lang): f"{r['province_code']} {r['province_name']}",
            t("col_n_regencies", lang): str(r["regency_count"]),
        }
        for sid, letter in letters.items():
            row[letter] = str(r[sid])
        rows.append(row)
    total = {
        t("col_province", lang): t("total_indonesia", lang),
        t("col_n_regencies", lang): str(int(counts["regency_count"].sum())),
    }
    for sid, letter in letters.items():
        total[letter] = str(int(counts[sid].sum()))
    rows.append(total)
    show_table(
        pd.DataFrame(rows), widths=["3fr", "0.8fr"] + ["0.6fr"] * len(letters), bold_last_rows=1, size_pt=7.5
    )


# --- what it takes -----------------------------------------------------------------------------------


def _effort(ctx: SummaryContext) -> pd.DataFrame | None:
    table = brief_context.read_table("effort_to_target")
    if table is None or table.empty:
        return None
    return table[
        table["regency_code"].isin(ctx.codes) & (table["lever"] == "apbd") & (table["criterion"] == "median")
    ]


def effort_ranking(ctx: SummaryContext) -> None:
    """The share of its own APBD each regency needs to reach the targets (APBD lever, median):
    the distribution and the regencies that need most (national), or every regency ranked (province)."""
    from ucj.brief.sections import TARGET_LABELS
    from ucj.projection.effort import read_effort_settings

    lang = ctx.lang
    eff = _effort(ctx)
    if eff is None:
        return
    limit = read_effort_settings().apbd_share_limit
    limit_text = fmt_pct(limit, lang, 0, is_share=True)
    wide = eff.pivot(index="regency_code", columns="target", values="share_of_apbd").astype(float)
    cost = eff.pivot(index="regency_code", columns="target", values="annual_cost_idr").astype(float)
    targets = [tg for tg in TARGET_LABELS if tg in wide.columns]
    names = ctx.master.set_index("regency_code")["regency_name"]
    if ctx.is_national:
        rows = []
        for tg in targets:
            sh = wide[tg].dropna()
            rows.append(
                {
                    t("col_target", lang): TARGET_LABELS[tg][lang],
                    t("col_median_share", lang): fmt_pct(sh.median(), lang, 2, is_share=True),
                    t("col_iqr_share", lang): f"{fmt_pct(sh.quantile(0.25), lang, 2, is_share=True)}–"
                    f"{fmt_pct(sh.quantile(0.75), lang, 2, is_share=True)}",
                    t("col_within", lang, limit=limit_text): f"{int((sh <= limit).sum())} / {len(sh)}",
                    t("col_apbd_missing", lang): str(int(wide[tg].isna().sum())),
                }
            )
        show_heading(
            t("effort_rank_title", lang),
            t("effort_rank_intro_national", lang, limit=limit_text, start=read_effort_settings().start_year),
        )
        show_table(pd.DataFrame(rows), align="lrrrr", size_pt=7.5)
        top = (
            wide["ucj_2029"].dropna().sort_values(ascending=False).head(12)
            if "ucj_2029" in wide
            else pd.Series()
        )
        if len(top):
            rows = [
                {
                    t("col_regency", lang): short_name(names[c]),
                    t("col_share_rpjmn", lang): fmt_pct(v, lang, 2, is_share=True),
                    t("col_cost_rpjmn", lang): fmt_money(cost.at[c, "ucj_2029"], 1e9, lang),
                }
                for c, v in top.items()
            ]
            show_table(pd.DataFrame(rows), align="lrr", size_pt=7.2, caption=t("effort_top_caption", lang))
        return
    order = wide.sort_values(targets[0], ascending=False, na_position="last").index if targets else wide.index
    rows = []
    for code in order:
        row = {t("col_regency", lang): short_name(names[code])}
        for tg in targets:
            share = wide.at[code, tg]
            row[TARGET_LABELS[tg][lang]] = (
                t("not_available", lang)
                if pd.isna(share)
                else f"{fmt_pct(share, lang, 2, is_share=True)} · {fmt_idr(cost.at[code, tg], lang)}"
            )
        rows.append(row)
    show_heading(t("effort_rank_title", lang), t("effort_rank_intro_province", lang, limit=limit_text))
    show_table(pd.DataFrame(rows), align="l" + "r" * len(targets), size_pt=7.2)


# --- province tables ------------------------------------------------------------------------------


def baseline_sources(ctx: SummaryContext) -> None:
    """Where each regency's participant figure comes from: counts by kind and the model's
    cross-validation (national), or each regency's figure, date and origin (province)."""
    from ucj.brief.sections import badge, source_note

    lang = ctx.lang
    if ctx.baseline is None or ctx.baseline.empty:
        return
    base_all = ctx.baseline[ctx.baseline["segment"] == "all"].set_index("regency_code")
    counts = kinds.count(ctx.baseline)
    if ctx.is_national:
        cv = brief_context.read_table("baseline_model_cv")
        if cv is None or cv.empty:
            return
        chosen = cv[cv["is_chosen"]].iloc[0]
        rows = [
            {
                t("cv_candidate", lang): f"{r['candidate']}"
                + (f" ({t('cv_chosen', lang)})" if r["is_chosen"] else ""),
                t("cv_mape", lang): fmt_num(r["median_abs_pct_error"], lang, 1),
                t("cv_mae", lang): fmt_num(r["mae_coverage_points"], lang, 1),
                t("cv_spearman", lang): fmt_num(r["spearman_within_province"], lang, 2),
            }
            for r in cv.to_dict("records")
        ]
        notes = [t("sources_counts", lang, **counts)]
        capped = brief_context.read_table("baseline_capped_provinces")
        if capped is not None and not capped.empty:
            names = ctx.master.drop_duplicates("bps_province_code_2020").set_index("bps_province_code_2020")[
                "province_name"
            ]
            segs = sorted({seg for seg in ("PU", "BPU", "Jakon") for flag in capped[seg] if flag})
            notes.append(
                t(
                    "capped_note",
                    lang,
                    provinces=", ".join(
                        f"{names.get(c, c)} ({t('bps_2020', lang)} {c})"
                        for c in capped["bps_province_code_2020"]
                    ),
                    segments=", ".join(segs),
                )
            )
        show_heading(
            t("sources_title", lang),
            t("sources_intro_national", lang, n=int(chosen["n_figures"]), p=int(chosen["n_provinces"])),
        )
        show_table(pd.DataFrame(rows), align="lrrr", note=" ".join(notes))
        return
    rows = []
    for code, r in base_all.sort_index().iterrows():
        name = ctx.master.set_index("regency_code").at[code, "regency_name"]
        note = source_note(r, lang)
        rows.append(
            {
                t("col_regency", lang): short_name(name),
                t("col_active", lang): fmt_num(r["active_count"], lang),
                t("col_date", lang): pd.Timestamp(r["as_of"]).strftime("%Y-%m"),
                t("col_kind", lang): badge(r, lang) + (f": {note}" if note else ""),
            }
        )
    show_heading(t("sources_title", lang), t("sources_intro_province", lang))
    show_table(
        pd.DataFrame(rows),
        widths=["1.6fr", "0.9fr", "0.7fr", "3.6fr"],
        size_pt=7.0,
        note=t("sources_counts", lang, **counts),
    )


def regency_table(ctx: SummaryContext) -> None:
    """Every regency of the province: informal workers with range, share, coverage, gap, its cost, and the
    scenarios under which it reaches universal coverage by the horizon (median year), compactly."""
    lang = ctx.lang
    reg = regencies(ctx)
    total = tables.area_totals(reg, by_province=False).iloc[0]
    _, year = tables.latest_informal(ctx.informal)
    show_heading(
        t("regency_table_title", lang),
        t(
            "regency_table_intro",
            lang,
            year=year or "–",
            date=baseline_date(ctx),
            premium_year=fmt_num(ctx.assumptions.annual_premium_idr, lang),
            status=status_words(total, lang),
        ),
    )
    uc_text, legend = _uc_compact(ctx)
    rows = []
    for r in reg.to_dict("records"):
        mark = " †" if r["is_high_cv"] is True else ""
        rows.append(
            _regency_row(
                r,
                short_name(r["regency_name"]),
                mark,
                year,
                lang,
                uc_text.get(r["regency_code"]),
                _horizon(ctx),
            )
        )
    reached = ""
    if uc_text:
        wide = tables.uc_wide(ctx.uc)
        reached = f"{int(wide.notna().any(axis=1).sum())} / {len(wide)}"
    rows.append(
        _regency_row(
            {**total.to_dict(), "gap_cost_per_village_idr": np.nan},
            t("total_province", lang),
            "",
            year,
            lang,
            reached if uc_text else None,
            _horizon(ctx),
        )
    )
    notes = [t("total_range_note", lang)]
    if total["high_cv_count"] > 0:
        notes.append(t("high_cv_mark", lang))
    if uc_text:
        notes.append(t("uc_column_note", lang, horizon=_horizon(ctx), legend=legend))
    widths = ["2.2fr", "0.9fr", "1.45fr", "0.8fr", "0.8fr", "1.1fr", "1.15fr", "0.7fr"]
    if uc_text:
        widths.append("1fr")
    show_table(pd.DataFrame(rows), widths=widths, bold_last_rows=1, size_pt=7.3, note=" ".join(notes))


def _uc_compact(ctx: SummaryContext) -> tuple[dict[str, str], str]:
    """Per regency: 'E 2026, G 2026' (scenario letters reaching universal coverage by the horizon,
    median year) or '>2045' when none does; and the letters' legend. Empty when there is no projection."""
    if not _has_projection(ctx):
        return {}, ""
    letters, legend = scenario_legend(ctx)
    wide = tables.uc_wide(ctx.uc)
    out = {}
    for code, r in wide.iterrows():
        hits = [f"{letters[sid]} {int(r[sid])}" for sid in letters if not _is_missing(r[sid])]
        out[str(code)] = ", ".join(hits) if hits else f">{_horizon(ctx)}"
    return out, legend


def _regency_row(
    r: dict, name: str, mark: str, year: int | None, lang: str, uc: str | None = None, horizon: int = 0
) -> dict:
    row = {
        t("col_regency", lang): name,
        t("col_informal", lang, year=year or ""): fmt_people(r["informal_count"], lang) + mark,
        t("col_range", lang): fmt_range(r["informal_count_p05"], r["informal_count_p95"], lang),
        t("col_share", lang): fmt_pct(r["informal_share"], lang, is_share=True),
        t("col_bpu_coverage", lang): fmt_pct(r["bpu_coverage_of_informal"], lang, is_share=True),
        t("col_gap", lang): fmt_people(r["gap_workers_now"], lang),
        t("col_gap_cost", lang, unit=t("unit_billion", lang)): fmt_money(
            r["gap_cost_idr_per_year"], 1e9, lang
        ),
        t("col_gap_village", lang, unit=t("unit_million", lang)): fmt_money(
            r["gap_cost_per_village_idr"], 1e6, lang
        ),
    }
    if uc is not None:
        row[t("col_uc_compact", lang, horizon=horizon)] = uc
    return row


# --- notes -----------------------------------------------------------------------------------------


def _horizon(ctx: SummaryContext) -> int:
    """The projection's horizon year, as the universal-coverage table states it (the run's settings)."""
    if ctx.uc is not None and "horizon_year" in ctx.uc and len(ctx.uc):
        return int(ctx.uc["horizon_year"].iloc[0])
    if ctx.projections is not None and len(ctx.projections):
        return int(ctx.projections["year"].max())
    from ucj.projection.assumptions import read_settings

    return read_settings().horizon_year


def _date_of(item: str, lang: str) -> str:
    """'Desember 2023' for a data-as-of item (`ucj.data_currency`), '–' when it is not known."""
    from ucj import catalog, data_currency

    date = data_currency.when(catalog.read(catalog.DATA_AS_OF, missing_ok=True), item)
    return "–" if date is None else fmt_date(date.year, date.month, lang)


def data_as_of(ctx: SummaryContext) -> None:
    """The "data as of" table: every input with the date of its newest figure (`ucj.data_currency`)."""
    from ucj import catalog

    lang = ctx.lang
    table = catalog.read(catalog.DATA_AS_OF, missing_ok=True)
    if table is None or table.empty:
        return
    rows = [
        {
            t("col_input", lang): r[f"label_{lang}"],
            t("col_as_of", lang): _as_of_text(r, lang),
            t("col_detail", lang): str(r[f"detail_{lang}"] or ""),
        }
        for r in table.to_dict("records")
    ]
    show_heading(t("data_as_of_title", lang), t("data_as_of_intro", lang))
    show_table(pd.DataFrame(rows), align="lll", size_pt=7.2)


def _as_of_text(row: dict, lang: str) -> str:
    """'Agustus 2024', 'Desember 2025', '31 Desember 2025' or '2025' by the row's precision."""
    when = row["as_of"]
    if pd.isna(when):
        return "–"
    when = pd.Timestamp(when)
    if row["precision"] == "year":
        return str(when.year)
    return fmt_date(when.year, when.month, lang)


def data_notes(ctx: SummaryContext) -> None:
    """Sources and vintages, definitions, method, the lapse assumption (`ucj.brief.notes`, shared with the
    briefs), and where the full tables are."""
    from ucj.brief.notes import data_note_lines

    lang = ctx.lang
    dates = {
        "basis": _date_of("participants_province_basis", lang),
        "baseline": _date_of("participants_baseline", lang),
    }
    lines = data_note_lines(lang, ctx.assumptions, _threshold(ctx) if _has_projection(ctx) else 0.95, dates)
    lines.append(t("notes_workbook", lang))
    show_markdown(f"## {t('data_notes', lang)}\n\n" + "\n".join(f"- {line}" for line in lines))
