"""How fast things move: the projection's dynamics, each estimated from data in the run.

The stock-flow engine (`ucj.projection.engine`) needs four rates that no official
publishes. Each is estimated here from the project's own tables, so that the numbers
change when the data do and are never typed:

- **Programme stock** (`programme_stock`): the workers a regency already funds through a
  programme (APBD, ADD/APB Nagari/APBDes, DBH sawit, CSR): the latest published (or
  reported, or village-tracker) programme figure per regency and segment. The status
  quo keeps it at that level ("current policy continues"); it is never treated as
  voluntary members who lapse.
- **Enrolment capacity** (`enrolment_capacity`): how many workers a programme can add in
  one year, as a share of the regency's informal workforce. Every pair of consecutive
  dated programme figures of one regency and funder at least ``MIN_GAP_YEARS`` apart
  gives an annual increase; the largest increase of each programme series, over the
  regency's informal workforce, is one observation. An observed increase is a lower bound
  of what the administration could enrol (programmes grow as fast as their budget, not as
  fast as they could), so the central capacity is the upper quartile of the observations
  (what the faster quarter of programmes achieved) and the spread is the sd of their log;
  a log-normal with these is drawn per regency and Monte Carlo draw.
- **Budget growth** (`apbd_growth`): the median annual growth of budgeted regional
  spending (belanja daerah) between the first and last APBD year published; a lever
  sized as a share of the APBD grows with it (premiums stay at their nominal level).
- **Workforce paths** (`workforce_paths`): employed workers grow at the sourced national
  labour-force growth plus the regency's own differential (its employed growth over the
  workforce table's years minus the national one, trimmed to the 5th-95th percentile
  of regencies); the informal share follows the province's trend of the informal share
  (a straight line on the logit scale over the province's published years), i.e.
  formalisation where the province has been formalising.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_GAP_YEARS = 0.5
CAPACITY_QUANTILE = 0.75  # observed increases are lower bounds of capacity (module doc)


@dataclass(frozen=True)
class Capacity:
    """Log-normal enrolment capacity (share of the informal workforce added per year): ``median``
    is the centre of the draws (the upper quartile of the observations, module doc)."""

    median: float
    log_sd: float
    n_programmes: int
    observations: pd.DataFrame

    def draws(self, z: np.ndarray) -> np.ndarray:
        """Capacity shares for standard normal draws ``z`` (any shape)."""
        return self.median * np.exp(self.log_sd * z)


def programme_stock(
    history: pd.DataFrame, codes: list[str] | tuple[str, ...], segments: tuple[str, ...]
) -> pd.DataFrame:
    """Per regency: the workers funded by programmes now, in ``segments`` (BPU for informal
    coverage; BPU and PU for all workers), with the date and source of the figure.

    Per regency and segment the latest programme figure is taken; figures of one date may count
    the same workers twice (two offices), so the largest of that date is used, not their sum.
    Only pekerja rentan count for BPU; for PU every programme group (non-ASN, village officials).
    """
    rows = history[(history["metric"] == "program_enrolled") & history["segment"].isin(segments)]
    rows = rows[(rows["segment"] != "BPU") | (rows["group"] == "pekerja_rentan")]
    out = pd.DataFrame({"regency_code": list(codes)})
    if rows.empty:
        return out.assign(
            programme_count=0.0, programme_as_of=pd.NaT, programme_source="", programme_funder=""
        )
    latest = rows.groupby(["regency_code", "segment"])["as_of"].transform("max")
    rows = rows[rows["as_of"] == latest].sort_values(["regency_code", "segment", "value"], kind="stable")
    best = rows.groupby(["regency_code", "segment"]).tail(1)
    per = best.groupby("regency_code").agg(programme_count=("value", "sum"), programme_as_of=("as_of", "max"))
    # each regency's sources and funders joined in plain Python (a pandas call per regency cost more
    # than the rest of this function)
    sources: dict[str, list[str]] = {}
    funders: dict[str, set[str]] = {}
    for code, source, funder in zip(
        best["regency_code"], best["source"].astype(str), best["funder"], strict=True
    ):
        sources.setdefault(code, []).append(source)
        funders.setdefault(code, set())
        if pd.notna(funder):
            funders[code].add(str(funder))
    per["programme_source"] = pd.array(["; ".join(sources[code]) for code in per.index], dtype="string")
    per["programme_funder"] = pd.array(
        ["+".join(sorted(funders[code])) for code in per.index], dtype="string"
    )
    out = out.merge(per, left_on="regency_code", right_index=True, how="left")
    out["programme_count"] = out["programme_count"].fillna(0.0).astype(float)
    out["programme_source"] = out["programme_source"].fillna("")
    out["programme_funder"] = out["programme_funder"].fillna("")
    return out


def enrolment_capacity(history: pd.DataFrame, informal_now: pd.Series) -> Capacity:
    """The log-normal enrolment capacity fitted to the growth of published programme series
    (see the module doc). ``informal_now``: informal workers per regency code."""
    rows = history[
        (history["metric"] == "program_enrolled")
        & (history["segment"] == "BPU")
        & (history["group"] == "pekerja_rentan")
    ].copy()
    rows["funder"] = rows["funder"].fillna("unknown")
    # one figure per programme and date (the largest), then each programme's dated series in plain
    # lists: a pandas group per programme cost 0.15 s of every projection run
    peaks = rows.groupby(["regency_code", "funder", "as_of"], sort=True)["value"].max().reset_index()
    series: dict[tuple[str, str], list[tuple[pd.Timestamp, float]]] = {}
    for code, funder, when, value in zip(
        peaks["regency_code"], peaks["funder"], peaks["as_of"], peaks["value"], strict=True
    ):
        series.setdefault((code, funder), []).append((when, value))
    informal = informal_now.to_dict()
    obs = []
    for (code, funder), by_date in series.items():  # by programme, then date, as sorted above
        best = None
        for (d0, v0), (d1, v1) in zip(by_date, by_date[1:], strict=False):
            gap = (d1 - d0).days / 365.25
            if gap < MIN_GAP_YEARS or code not in informal or not informal[code] > 0:
                continue
            share = (v1 - v0) / gap / float(informal[code])
            if share > 0 and (best is None or share > best[-1]):
                best = (code, funder, d0, d1, v0, v1, share)
        if best is not None:
            obs.append(best)
    table = pd.DataFrame(
        obs,
        columns=[
            "regency_code",
            "funder",
            "from_date",
            "to_date",
            "from_value",
            "to_value",
            "added_share_per_year",
        ],
    )
    if len(table) < 3:
        raise ValueError(
            "enrolment capacity: fewer than 3 programme series with two dated figures "
            f"{MIN_GAP_YEARS} years apart in the published figures"
        )
    logs = np.log(table["added_share_per_year"].to_numpy())
    return Capacity(
        median=float(np.exp(np.quantile(logs, CAPACITY_QUANTILE))),
        log_sd=float(np.std(logs, ddof=1)),
        n_programmes=len(table),
        observations=table,
    )


def apbd_growth(
    apbd: pd.DataFrame, value_column: str = "belanja_daerah_anggaran_sum_l3_rp"
) -> tuple[float, int, str]:
    """Median annual growth of budgeted APBD spending between the first and last year of the table,
    over the regencies with both; returns (growth, regencies, 'first-last')."""
    wide = apbd.pivot_table(index="kemendagri_code", columns="year", values=value_column, aggfunc="first")
    first, last = int(wide.columns.min()), int(wide.columns.max())
    both = wide[[first, last]].dropna()
    both = both[(both[first] > 0) & (both[last] > 0)]
    growth = (both[last] / both[first]) ** (1.0 / (last - first)) - 1.0
    return float(np.median(growth)), len(both), f"{first}-{last}"


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def province_informal_trend(province_shares: pd.DataFrame) -> pd.Series:
    """Per BPS 2020 province code: the slope per year of the logit informal share (OLS over the
    published years)."""
    out = {}
    for code, grp in province_shares.groupby("bps_prov_code_2020"):
        years = grp["year"].to_numpy(float)
        if len(np.unique(years)) < 3:
            continue
        y = _logit(grp["informal_pct_derived"].to_numpy(float) / 100.0)
        out[code] = float(np.polyfit(years, y, 1)[0])
    return pd.Series(out, name="logit_slope_per_year")


def employed_growth(workforce: pd.DataFrame, national_growth: float) -> pd.Series:
    """Per regency: annual growth of employed workers = national growth + the regency's own
    differential over the workforce table's years (trimmed to the 5th-95th percentile)."""
    wide = workforce.pivot(index="regency_code", columns="year", values="employed_count")
    first, last = int(wide.columns.min()), int(wide.columns.max())
    years = last - first
    own = (wide[last] / wide[first]) ** (1.0 / years) - 1.0
    national = (wide[last].sum() / wide[first].sum()) ** (1.0 / years) - 1.0
    diff = (own - national).clip(own.sub(national).quantile(0.05), own.sub(national).quantile(0.95))
    return (national_growth + diff).rename("employed_growth")


def workforce_paths(
    workforce: pd.DataFrame,
    codes: list[str],
    years: list[int],
    national_growth: float,
    province_slope: pd.Series,
    province_of: pd.Series,
) -> dict[str, np.ndarray]:
    """(Y, R) employed and informal workers per year: the workforce table where it has the year,
    then the regency's employed growth and its province's informal-share trend from its last year."""
    last = int(workforce["year"].max())
    growth = employed_growth(workforce, national_growth).reindex(codes).to_numpy(float)
    slope = province_of.reindex(codes).map(province_slope).fillna(0.0).to_numpy(float)
    emp = workforce.pivot(index="year", columns="regency_code", values="employed_count")[codes]
    inf = workforce.pivot(index="year", columns="regency_code", values="informal_count")[codes]
    emp_last, inf_last = emp.loc[last].to_numpy(float), inf.loc[last].to_numpy(float)
    share_last = np.where(emp_last > 0, inf_last / np.where(emp_last > 0, emp_last, 1), 0.0)
    employed = np.empty((len(years), len(codes)))
    informal = np.empty((len(years), len(codes)))
    for t, year in enumerate(years):
        if year <= last:
            row = year if year in emp.index else emp.index[emp.index <= year].max()
            employed[t], informal[t] = emp.loc[row].to_numpy(float), inf.loc[row].to_numpy(float)
        else:
            k = year - last
            employed[t] = emp_last * (1 + growth) ** k
            informal[t] = employed[t] * _expit(_logit(share_last) + slope * k)
    return {"employed": employed, "informal": informal}


@dataclass(frozen=True)
class Dynamics:
    """Everything the engine needs beyond the baseline, estimated in the run (module doc)."""

    programmes: dict[tuple[str, ...], pd.DataFrame]  # by segments: programme_stock of the regencies
    capacity: Capacity
    apbd_growth: float
    apbd_growth_basis: str
    paths: dict[str, np.ndarray]  # denominator -> (Y, R) eligible workforce
    province_slope: pd.Series
    employed_growth: pd.Series
    drift: dict[str, float]  # hindcast drift per kind (programme, active); empty until validated
    quotas: pd.DataFrame  # `ucj.projection.policies.regency_quota` of the regencies
    village_programmes: pd.DataFrame  # programme_stock of village-funded (APBDes/ADD) programmes
