"""Hindcast: does the status quo predict later published figures, and how wide must its bands be?

Every pair of dated figures of one regency (or province) and one scope at least
``MIN_GAP_YEARS`` apart is a test: start from the earlier figure under the policy then
in force and predict the later one with the engine's status-quo dynamics.

- **programme** pairs (workers funded by one regency programme, `metric =
  program_enrolled`): the status quo keeps a programme at its level, so the prediction
  is the earlier figure.
- **active** pairs (active participants of one segment, a regency's published or
  reported counts, and the province totals): the earlier figure is split into the
  programme stock then in force (the latest programme figure on or before its date)
  and voluntary members; the programmes continue, voluntary members lapse at the
  central lapse rate and the uncovered workers self-enrol at the status-quo rate, the
  eligible workforce moving as the workforce table says.

The error of each pair is ``log(later ÷ predicted)``. The status-quo drift (sd of that
log error per square root of a year, over and above the stated uncertainty of the
earlier figure) is chosen per kind so that 90% of the pairs fall inside the 90% band;
how well that holds on figures *not* used to choose it is measured by leaving one
province out at a time. The 'active' drift widens the status-quo paths of the Monte Carlo
draws (`ucj.projection.engine`). The 'programme' drift is reported, not used: a programme's
own changes (scale-ups from a pilot, cuts) are new policy, which the scenarios show.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ucj.projection.assumptions import simulate_national

MIN_GAP_YEARS = 1.0
Z90 = 1.6448536269514722
KINDS = ("programme", "active")
#: One row of a pair of dated figures (before its prediction).
PAIR_COLUMNS = [
    "area_code",
    "area_level",
    "kind",
    "scope",
    "segment",
    "from_date",
    "to_date",
    "gap_years",
    "from_value",
    "to_value",
]

COLUMNS = {
    "area_code": "regency code PP.RR, or province code (BPS 2020) for province totals",
    "area_level": "regency | province",
    "kind": "programme (workers funded by a programme) | active (active participants of a segment)",
    "scope": "segment, group and funder of the pair",
    "from_date": "date of the earlier figure",
    "to_date": "date of the later figure",
    "gap_years": "years between the two figures",
    "from_value": "earlier figure (persons)",
    "to_value": "later figure (persons)",
    "predicted": "later figure predicted by the status quo from the earlier one (persons)",
    "log_error": "log(to_value / predicted)",
    "figure_log_sd": "stated uncertainty of the earlier figure (sd of its log)",
    "held_out_drift": "drift per sqrt(year) chosen without this pair's province",
    "in_band_held_out": "True when the later figure lies in the 90% band built with held_out_drift",
    "province": "BPS 2020 province code (the fold of the held-out validation)",
}


@dataclass(frozen=True)
class Hindcast:
    """The pairs, the drift chosen per kind from all pairs, and the held-out summary."""

    pairs: pd.DataFrame
    drift: dict[str, float]
    summary: pd.DataFrame


def _years(d0: pd.Timestamp, d1: pd.Timestamp) -> float:
    return (d1 - d0).days / 365.25


def _eligible_at(series: pd.Series, date: pd.Timestamp) -> float:
    """Linear interpolation of a yearly series (index: year, August) at a date; flat outside."""
    x = date.year + (date.day_of_year - 213) / 365.25
    return float(np.interp(x, series.index.to_numpy(float), series.to_numpy(float)))


def pairs_from_history(history: pd.DataFrame) -> pd.DataFrame:
    """Consecutive dated figures (one per date: the largest) of one regency and scope, at least
    ``MIN_GAP_YEARS`` apart; kind programme or active."""
    h = history[
        (history["unit"] == "persons") & history["metric"].isin(["program_enrolled", "active"])
    ].copy()
    h = h[(h["metric"] == "active") | (h["segment"] == "PU") | (h["group"] == "pekerja_rentan")]
    if "superseded_by" in h:  # a superseded figure is history, not a second measurement
        h = h[h["superseded_by"].isna()]
    for col in ("group", "funder"):
        h[col] = h[col].astype("string").fillna("-")
    keys = ["regency_code", "metric", "segment", "group", "funder"]
    by_date = h.groupby([*keys, "as_of"], sort=True)["value"].max().reset_index()
    by_date = by_date[by_date.groupby(keys, sort=False)["as_of"].transform("size") > 1]
    rows = []
    for key, grp in by_date.groupby(keys, sort=True):
        items = list(zip(grp["as_of"], grp["value"], strict=True))
        i = 0
        for j in range(1, len(items)):
            gap = _years(items[i][0], items[j][0])
            if gap >= MIN_GAP_YEARS:
                rows.append(
                    (
                        key[0],
                        "regency",
                        "programme" if key[1] == "program_enrolled" else "active",
                        f"{key[2]}/{key[3]}/{key[4]}",
                        key[2],
                        items[i][0],
                        items[j][0],
                        gap,
                        items[i][1],
                        items[j][1],
                    )
                )
                i = j
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def predict(
    pairs: pd.DataFrame,
    history: pd.DataFrame,
    workforce: pd.DataFrame,
    lapse: float,
    self_rates: dict[str, float],
    province_totals: pd.DataFrame | None = None,
    province_workforce: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Add the status-quo prediction of every pair (and the province pairs from ``province_totals``)."""
    wf = {
        seg: workforce.pivot(
            index="year",
            columns="regency_code",
            values="informal_count" if seg == "BPU" else "employed_count",
        )
        for seg in ("BPU", "all")
    }
    prog = history[(history["metric"] == "program_enrolled") & (history["unit"] == "persons")]
    prog = prog[(prog["segment"] == "PU") | (prog["group"] == "pekerja_rentan")]
    out = []
    for r in pairs.itertuples(index=False):
        if r.kind == "programme":
            out.append(float(r.from_value))
            continue
        seg = "BPU" if r.segment == "BPU" else "all"
        series = wf[seg][r.area_code] if r.area_code in wf[seg] else None
        if series is None:
            out.append(np.nan)
            continue
        segs = ("BPU",) if seg == "BPU" else ("BPU", "PU")
        then = prog[
            (prog["regency_code"] == r.area_code)
            & prog["segment"].isin(segs)
            & (prog["as_of"] <= r.from_date)
        ]
        funded = 0.0
        if len(then):
            latest = then[then["as_of"] == then.groupby("segment")["as_of"].transform("max")]
            funded = min(float(latest.groupby("segment")["value"].max().sum()), float(r.from_value))
        out.append(
            carry(
                float(r.from_value),
                funded,
                _eligible_at(series, r.from_date),
                _eligible_at(series, r.to_date),
                r.gap_years,
                lapse,
                self_rates["informal" if seg == "BPU" else "employed"],
            )
        )
    result = pairs.assign(predicted=out)
    if province_totals is not None and province_workforce is not None and len(province_totals):
        result = pd.concat(
            [result, _province_pairs(province_totals, province_workforce, lapse, self_rates["employed"])],
            ignore_index=True,
        )
    return result


def carry(
    value: float, funded: float, elig0: float, elig1: float, years: float, lapse: float, self_rate: float
) -> float:
    """The status quo from ``value`` (of which ``funded`` by programmes) over ``years``."""
    organic = value - funded
    free0, free1 = max(elig0 - funded, 1.0), max(elig1 - funded, 1.0)
    return funded + simulate_national(organic, free0, free1, years, lapse, self_rate)


def _province_pairs(
    totals: pd.DataFrame, province_workforce: pd.DataFrame, lapse: float, self_rate: float
) -> pd.DataFrame:
    """Pairs of a province's all-segment active totals at two dates."""
    rows = []
    for code, grp in totals.sort_values("as_of").groupby("province", sort=True):
        items = list(grp[["as_of", "active"]].itertuples(index=False, name=None))
        if code not in province_workforce.columns:
            continue
        series = province_workforce[code]
        i = 0
        for j in range(1, len(items)):
            gap = _years(items[i][0], items[j][0])
            if gap >= MIN_GAP_YEARS:
                pred = carry(
                    float(items[i][1]),
                    0.0,
                    _eligible_at(series, items[i][0]),
                    _eligible_at(series, items[j][0]),
                    gap,
                    lapse,
                    self_rate,
                )
                rows.append(
                    (
                        code,
                        "province",
                        "active",
                        "all/-/-",
                        "all",
                        items[i][0],
                        items[j][0],
                        gap,
                        float(items[i][1]),
                        float(items[j][1]),
                        pred,
                        code,
                    )
                )
                i = j
    return pd.DataFrame(rows, columns=[*PAIR_COLUMNS, "predicted", "province"])


def choose_drift(log_error: np.ndarray, gap: np.ndarray, figure_sd: np.ndarray, level: float = 0.90) -> float:
    """The smallest drift per sqrt(year) such that ``level`` of the pairs lie inside the band
    ±Z90·sqrt(figure_sd² + drift²·gap) (bisection; 0 when the figures' own spread is enough)."""
    if len(log_error) == 0:
        return 0.0

    def share(d: float) -> float:
        return float(np.mean(np.abs(log_error) <= Z90 * np.sqrt(figure_sd**2 + d**2 * gap)))

    if share(0.0) >= level:
        return 0.0
    lo, hi = 0.0, 5.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if share(mid) >= level else (mid, hi)
    return hi


def validate(pairs: pd.DataFrame, figure_log_sd: float) -> Hindcast:
    """Drift per kind from all pairs; held-out band coverage by leaving one province out."""
    p = pairs.dropna(subset=["predicted"]).copy()
    p = p[(p["predicted"] > 0) & (p["to_value"] > 0)]
    p["log_error"] = np.log(p["to_value"] / p["predicted"])
    p["figure_log_sd"] = figure_log_sd
    drift, held = {}, np.full(len(p), np.nan)
    for kind in KINDS:
        mask = (p["kind"] == kind).to_numpy()
        sub = p[mask]
        drift[kind] = choose_drift(
            sub["log_error"].to_numpy(), sub["gap_years"].to_numpy(), sub["figure_log_sd"].to_numpy()
        )
        for prov in sub["province"].unique():
            train = sub[sub["province"] != prov]
            d = choose_drift(
                train["log_error"].to_numpy(),
                train["gap_years"].to_numpy(),
                train["figure_log_sd"].to_numpy(),
            )
            held[np.flatnonzero(mask)[(sub["province"] == prov).to_numpy()]] = d
    p["held_out_drift"] = held
    p["in_band_held_out"] = np.abs(p["log_error"]) <= Z90 * np.sqrt(
        p["figure_log_sd"] ** 2 + p["held_out_drift"] ** 2 * p["gap_years"]
    )
    return Hindcast(pairs=p[list(COLUMNS)].reset_index(drop=True), drift=drift, summary=summarise(p, drift))


def summarise(p: pd.DataFrame, drift: dict[str, float]) -> pd.DataFrame:
    """Per kind and gap class (and overall): pairs, median absolute error, median bias, share inside
    the held-out 90% band, and the drift chosen from all pairs."""
    p = p.assign(
        gap_class=np.where(p["gap_years"] >= 2, "2+ years", "1-2 years"),
        abs_error=np.abs(np.expm1(p["log_error"])),
    )
    rows = []
    groups = (
        [("all", "all", p)]
        + [(k, "all", p[p["kind"] == k]) for k in KINDS]
        + [(k, g, grp) for (k, g), grp in p.groupby(["kind", "gap_class"], sort=True)]
    )
    for kind, gap_class, grp in groups:
        rows.append(
            {
                "kind": kind,
                "gap_class": gap_class,
                "pairs": len(grp),
                "areas": grp["area_code"].nunique(),
                "median_abs_error": float(grp["abs_error"].median()) if len(grp) else np.nan,
                "median_log_error": float(grp["log_error"].median()) if len(grp) else np.nan,
                "share_in_band_held_out": float(grp["in_band_held_out"].mean()) if len(grp) else np.nan,
                "drift_per_sqrt_year": drift.get(kind, np.nan),
            }
        )
    return pd.DataFrame(rows)
