"""Coverage now means now: every baseline figure carried from its own date to one baseline date.

A published count of July 2021 is not today's coverage. Each row of the coverage baseline (a
segment, or all segments) is carried from its date to the baseline date (``config/projection.yml``,
default the end of the last complete year) by the projection's own status quo
(`ucj.projection.hindcast.carry`): the programmes then in force continue, voluntary members lapse at
the central lapse rate and the uncovered self-enrol, the eligible workforce moving as the workforce
table and its paths say. Its uncertainty grows with the distance: the sd of its log becomes
sqrt(sd_figure² + drift² × years), with the drift per √year measured by the hindcast on regencies and
provinces with two dated figures (the spread of the actual change around the carried change).

The figure as stated stays beside the carried value (``figure_count``, ``figure_as_of``), so a brief can
say "17.143 (Agustus 2023) → diperkirakan 19.400 pada Desember 2025". A figure dated after the
baseline date is kept at its own date. Figures older than ``max_age_years`` are not carried when a
newer figure of the segment exists (the baseline already prefers the newest); they stay in the
history.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ucj.projection.hindcast import carry

#: The segments whose eligible workforce is the informal one (others: all employed).
INFORMAL_SEGMENTS = ("BPU",)


def _eligible_series(
    workforce: pd.DataFrame, paths: dict[str, np.ndarray], years: list[int], codes: list[str]
) -> dict[str, pd.DataFrame]:
    """Per denominator (informal, employed): a year × regency table joining the workforce table and,
    after its last year, the projection's workforce paths."""
    out = {}
    for name, column in (("informal", "informal_count"), ("employed", "employed_count")):
        table = workforce.pivot(index="year", columns="regency_code", values=column)
        later = pd.DataFrame(paths[name], index=years, columns=codes)
        later = later.loc[later.index > table.index.max()]
        out[name] = pd.concat([table, later[table.columns.intersection(later.columns)]])
    return out


def _series_arrays(table: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each column of a year × regency table as (years, values) arrays without its missing years:
    what `_at` interpolates (plain arrays: the carry looks a series up twice for each of 2,000 rows)."""
    years = table.index.to_numpy(float)
    values = table.to_numpy(float)
    out = {}
    for j, code in enumerate(table.columns):
        known = ~np.isnan(values[:, j])
        out[code] = (years[known], values[known, j])
    return out


def _at(series: tuple[np.ndarray, np.ndarray], date: pd.Timestamp) -> float:
    """A yearly (August) series (`_series_arrays`) at a date, by linear interpolation, flat outside."""
    x = date.year + (date.day_of_year - 213) / 365.25
    return float(np.interp(x, series[0], series[1]))


def _split_other_segments(out: pd.DataFrame) -> pd.DataFrame:
    """PU, Jakon and PMI have no status-quo rates of their own (the self-enrolment rates are calibrated
    for BPU over informal workers and for all segments over the employed): they take what the carried
    all-segment total leaves after BPU, in proportion to their figures, so that segments still add up."""
    out = out.copy()
    if not {"all", "BPU"} <= set(out["segment"]):
        return out
    by_code = out.set_index(["regency_code", "segment"])["active_count"]
    total = out["regency_code"].map(by_code.xs("all", level="segment"))
    bpu = out["regency_code"].map(by_code.xs("BPU", level="segment"))
    other = ~out["segment"].isin(["all", "BPU"])
    figures = out["figure_count"].where(other, 0.0).astype(float)
    share = figures / figures.groupby(out["regency_code"]).transform("sum")
    moved = other & (out["carried_years"] > 0) & total.notna() & bpu.notna() & share.notna()
    out.loc[moved, "active_count"] = ((total - bpu).clip(lower=0) * share)[moved]
    return out


def carry_baseline(
    baseline: pd.DataFrame,
    history: pd.DataFrame,
    workforce: pd.DataFrame,
    paths: dict[str, np.ndarray],
    years: list[int],
    lapse: float,
    self_rates: dict[str, float],
    drift: float,
    date: pd.Timestamp,
) -> pd.DataFrame:
    """The baseline with every row carried to ``date`` (module doc: BPU and all segments by the status
    quo, the other segments as the share of what all segments leave after BPU); adds ``figure_count``,
    ``figure_as_of`` and ``carried_years`` and updates ``active_count``, ``as_of``,
    ``baseline_log_sd``, the denominators (at ``date``) and the coverage shares.

    Parameters
    ----------
    baseline : pandas.DataFrame
        The coverage baseline (`ucj.projection.baseline.build`, its ``table``): one row per regency
        × segment with ``regency_code``, ``segment``, ``active_count`` (persons), ``as_of`` (the
        figure's date), ``baseline_log_sd``, ``employed_count``, ``informal_count`` (with
        ``_p05``/``_p95``) and ``potential_count``. Not modified (a copy is returned).
    history : pandas.DataFrame
        Every dated coverage figure (``BaselineResult.history``). Its programme rows (``metric``
        "program_enrolled", ``unit`` "persons", segment PU or group "pekerja_rentan") are the
        workers programmes fund, kept through the carry: per segment the latest figure on or
        before the row's date (BPU for a BPU row, BPU and PU for an "all" row), at most the count.
    workforce : pandas.DataFrame
        The informal workforce table (`ucj.projection.workforce.read_workforce`): one row per
        regency × August year with ``regency_code``, ``year``, ``employed_count`` and
        ``informal_count`` (persons).
    paths : dict of str to numpy.ndarray
        The projection's workforce paths (``Dynamics.paths``, `ucj.projection.dynamics`):
        ``"informal"`` and ``"employed"``, each (Y, R) over ``years`` × the baseline's regency
        codes sorted; used after the workforce table's last year.
    years : list of int
        The projected years (``Settings.years``), the rows of ``paths``.
    lapse : float
        Annual lapse rate of voluntary members (share of the active per year; the central value).
    self_rates : dict of str to float
        Status-quo self-enrolment rate per denominator (``Assumptions.self_enrolment_rate``, share
        of the uncovered per year): ``"informal"`` for BPU rows, ``"employed"`` for "all" rows.
    drift : float
        Drift of the log count per sqrt(year) of carrying, measured by the hindcast
        (``Hindcast.drift["active"]``): ``baseline_log_sd`` becomes sqrt(sd² + drift² × years).
    date : pandas.Timestamp
        The baseline date (``Settings.baseline_date``). A row dated on or after it, with a count
        that is not finite, or whose regency has no workforce series keeps its own date and value.

    Returns
    -------
    pandas.DataFrame
        The rows of ``baseline`` with ``figure_count`` and ``figure_as_of`` (the figure as stated)
        and ``carried_years`` (years carried, float; 0 when not carried) added; ``active_count``,
        ``as_of`` (``date`` where carried) and ``baseline_log_sd`` updated; ``employed_count`` and
        ``informal_count`` (its ``_p05``/``_p95`` in proportion) at ``date`` by interpolation
        between August figures, ``workforce_year`` its year; coverage shares and
        ``exceeds_employed`` recomputed (not capped: `cap_at_residents`).
    """
    codes = sorted(baseline["regency_code"].unique())
    eligible = _eligible_series(workforce, paths, years, codes)
    prog = history[(history["metric"] == "program_enrolled") & (history["unit"] == "persons")]
    prog = prog[(prog["segment"] == "PU") | (prog["group"] == "pekerja_rentan")]
    out = baseline.copy()
    out["figure_count"] = out["active_count"].astype("float64")
    out["figure_as_of"] = out["as_of"]
    # plain arrays for the loop (pandas indexing per row cost about 1.5 s for 2,000 rows)
    by_code: dict[str, list[tuple[np.datetime64, str, float]]] = {}
    for code, when_, seg_, val_ in zip(
        prog["regency_code"],
        prog["as_of"].to_numpy("datetime64[ns]"),
        prog["segment"],
        prog["value"].astype(float),
        strict=True,
    ):
        by_code.setdefault(code, []).append((when_, seg_, val_))
    series_of = {name: _series_arrays(table) for name, table in eligible.items()}
    carried, sds, gaps = [], [], []
    for row in out.itertuples(index=False):
        when = pd.Timestamp(row.as_of)
        gap = (date - when).days / 365.25
        seg_name = "informal" if row.segment in INFORMAL_SEGMENTS else "employed"
        value = float(row.active_count)
        if gap <= 0 or not np.isfinite(value) or row.regency_code not in series_of[seg_name]:
            carried.append(value)
            sds.append(float(row.baseline_log_sd))
            gaps.append(0.0)
            continue
        sds.append(float(np.sqrt(float(row.baseline_log_sd) ** 2 + drift**2 * gap)))
        gaps.append(gap)
        if row.segment not in ("BPU", "all"):  # the other segments: a share of what all leave after BPU
            carried.append(value)
            continue
        segs = ("BPU",) if row.segment == "BPU" else ("BPU", "PU")
        latest: dict[str, tuple[np.datetime64, float]] = {}
        for when_, seg_, val_ in by_code.get(row.regency_code, ()):
            if seg_ in segs and when_ <= when.to_datetime64():
                best = latest.get(seg_)
                if best is None or when_ > best[0] or (when_ == best[0] and val_ > best[1]):
                    latest[seg_] = (when_, val_)
        funded = min(sum(v for _, v in latest.values()), value)
        series = series_of[seg_name][row.regency_code]
        rate = self_rates["informal" if seg_name == "informal" else "employed"]
        carried.append(carry(value, funded, _at(series, when), _at(series, date), gap, lapse, rate))
    out["active_count"] = np.asarray(carried, dtype=float)
    out["baseline_log_sd"] = np.asarray(sds, dtype=float)
    out["carried_years"] = np.asarray(gaps, dtype=float)
    out = _split_other_segments(out)
    out["as_of"] = np.where(
        out["carried_years"] > 0,
        np.datetime64(date.to_datetime64(), "ns"),
        out["as_of"].to_numpy("datetime64[ns]"),
    )
    out["as_of"] = pd.to_datetime(out["as_of"]).astype("datetime64[ns]")
    # denominators at the baseline date (the workforce year they come from is the date's year)
    for name, column in (("informal", "informal_count"), ("employed", "employed_count")):
        at_date = {code: _at(series_of[name][code], date) for code in codes}
        ratio = out["regency_code"].map(at_date) / out[column]
        if name == "informal":
            out["informal_count_p05"] = out["informal_count_p05"] * ratio
            out["informal_count_p95"] = out["informal_count_p95"] * ratio
        out[column] = out["regency_code"].map(at_date).astype("float64")
    out["workforce_year"] = date.year
    out["coverage_of_employed"] = out["active_count"] / out["employed_count"]
    out["coverage_of_informal"] = out["active_count"] / out["informal_count"]
    out["coverage_of_potential"] = out["active_count"] / out["potential_count"]
    out["exceeds_employed"] = out["active_count"] > out["employed_count"]
    return out


def cap_at_residents(baseline: pd.DataFrame) -> pd.DataFrame:
    """Coverage of residents never above 100%. Participants are counted where they are registered
    (employers register workers who live elsewhere; a programme may enrol people the BPS does not count
    as informal workers), the denominators where people live: where a count exceeds its denominator, the
    share is capped at 1 and the excess is kept, as ``excess_employed_count`` (over employed residents)
    and ``excess_informal_count`` (BPU over informal residents). Counts themselves are not changed, so
    province and national totals still add up."""
    out = baseline.copy()
    out["excess_employed_count"] = (out["active_count"] - out["employed_count"]).clip(lower=0).fillna(0.0)
    bpu = out["segment"] == "BPU"
    out["excess_informal_count"] = (
        (out["active_count"] - out["informal_count"]).clip(lower=0).where(bpu, 0.0).fillna(0.0)
    )
    for column in ("coverage_of_employed", "coverage_of_informal", "coverage_of_potential"):
        out[column] = out[column].clip(upper=1.0)
    return out
