"""Coverage baseline: active participants per regency and segment at a stated date.

Numerator everywhere: **active** participants (premium paid), never registered ones.

Two sources, and reported always wins (per regency and segment):

- **Reported**: an optional user file ``<inputs>/reported_coverage.csv`` (columns: README,
  "Adding a regency's own coverage data"; `REPORTED_SCHEMA`) where a BPJS branch or a
  Bappeda drops its own figures. It is validated: a line with an unknown regency code, a bad
  date, an unknown segment, a negative count or more active participants than the regency's employed workforce
  is reported with file, line and column. The latest date per regency and segment is used.
- **Modelled** (labelled ``is_modelled = True`` and ``source`` starting with
  "modelled"): BPJS Ketenagakerjaan publishes no regency figures, so the province
  totals of active participants (Dec 2023, 28 of 34 provinces,
  ``stats/province_bpjstk_participants_partial.csv``) are allocated:

  1. *Province × segment (PU, BPU, Jakon).* A seed table gives each province the
     national participation rate of each segment applied to its own workforce
     (PU: national PU ÷ national formal employed × the province's formal employed;
     BPU: national BPU ÷ national informal × its informal; Jakon: national Jakon ÷
     national employed × its employed). The seed is raked (iterative proportional
     fitting) so that rows add up to the published province totals and columns to
     the national segment totals of Dec 2023. The six provinces missing from the
     province table are raked as one block whose total is the national total less
     the 28 published provinces, then split by their seeds.
  2. *Regency.* Each province's PU is split over its regencies in proportion to
     estimated formal employment, BPU in proportion to estimated informal
     employment, Jakon in proportion to employment. Regencies therefore add up
     exactly to their province and to the national segment totals.

  The rule uses only published totals and the workforce estimates; nothing is
  fitted to regency coverage figures. Its known weaknesses: participants are
  counted where the employer registers them (DKI Jakarta's 7.5 M active exceed its
  workforce), Jakon records are project-based, and PMI (migrant workers) have no
  Dec 2023 figure, so the modelled baseline has no PMI row.

Denominators are stated beside each figure: employed, informal (BPS status
definition) and an optional user-supplied "potential" (``<inputs>/coverage_potential.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column

from ucj import paths, schemas
from ucj.errors import InputError, InputErrors
from ucj.loaders import check_known_codes, line_of, read_csv
from ucj.projection import allocation, published
from ucj.projection.assumptions import Assumptions
from ucj.projection.kinds import KINDS, MODELLED_KINDS  # noqa: F401 (KINDS: re-exported)
from ucj.projection.workforce import workforce_at

SEGMENTS = ("PU", "BPU", "Jakon", "PMI")
MODELLED_SEGMENTS = ("PU", "BPU", "Jakon")
TOTAL = "all"
MODELLED_DATE = "2023-12-31"
PROVINCE_PERIOD = "2023-12"
MODELLED_SOURCE = (
    "modelled: Dec 2023 province totals of active participants (Kemnaker via SPN News) "
    "and national segment totals, raked and allocated to regencies by estimated formal "
    "(PU), informal (BPU) and total (Jakon) employment"
)

REPORTED_FILE = "reported_coverage.csv"
POTENTIAL_FILE = "coverage_potential.csv"

DATE_PATTERN = r"^\d{4}-\d{2}(-\d{2})?$"

REPORTED_SCHEMA = pa.DataFrameSchema(
    {
        "regency_code": Column(str, Check.str_matches(schemas.KEMENDAGRI_REGENCY)),
        "date": Column(str, Check.str_matches(DATE_PATTERN)),
        "segment": Column(str, Check.isin(list(SEGMENTS) + [TOTAL])),
        "active": Column("int64", Check.ge(0), coerce=True),
        "nonactive": Column("Int64", Check.ge(0), coerce=True, nullable=True, required=False),
        "source": Column(str),
    },
    unique=["regency_code", "date", "segment"],
    strict=False,
    name=REPORTED_FILE,
)

POTENTIAL_SCHEMA = pa.DataFrameSchema(
    {
        "regency_code": Column(str, Check.str_matches(schemas.KEMENDAGRI_REGENCY), unique=True),
        "potential": Column("float64", Check.gt(0), coerce=True),
        "source": Column(str),
    },
    strict=False,
    name=POTENTIAL_FILE,
)


def _parse_dates(df: pd.DataFrame, path: Path) -> pd.Series:
    """Parse ``date`` (YYYY-MM means the last day of that month); bad dates are located errors."""
    text = df["date"].where(df["date"].str.len() > 7, df["date"] + "-01")
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    bad = df.index[parsed.isna()]
    if len(bad):
        raise InputErrors(
            [
                InputError(
                    path,
                    "not a valid date (YYYY-MM-DD or YYYY-MM)",
                    row=line_of(i),
                    column="date",
                    value=df.at[i, "date"],
                )
                for i in bad
            ]
        )
    month_only = df["date"].str.len() <= 7
    return parsed.where(~month_only, parsed + pd.offsets.MonthEnd(0))


def read_reported_all(
    master: pd.DataFrame, workforce: pd.DataFrame, path: Path | None = None
) -> pd.DataFrame:
    """Read and validate the reported-coverage file: every row (empty frame when there is none).

    Errors name file, line and column: unknown code, bad date, a date in the future,
    unknown segment, negative count, duplicated (regency, date, segment), and active
    participants above the regency's estimated employed workforce of that year.
    """
    path = path or paths.inputs_dir() / REPORTED_FILE
    cols = ["regency_code", "as_of", "segment", "active_count", "nonactive_count", "source"]
    if not path.is_file():
        return pd.DataFrame(columns=cols)
    df = read_csv(path, REPORTED_SCHEMA)
    check_known_codes(df, "regency_code", master["regency_code"], path)
    df["as_of"] = _parse_dates(df, path)
    future = df.index[df["as_of"] > pd.Timestamp.today().normalize() + pd.offsets.MonthEnd(0)]
    if len(future):
        raise InputErrors(
            [
                InputError(
                    path,
                    "a date in the future: coverage is reported for a date that has passed",
                    row=line_of(i),
                    column="date",
                    value=df.at[i, "date"],
                )
                for i in future
            ]
        )
    employed = {}
    for year in sorted(df["as_of"].dt.year.unique()):
        at = workforce_at(workforce, int(year)).set_index("regency_code")["employed_count"]
        employed[int(year)] = at
    limit = np.array(
        [
            employed[int(y)].get(c, np.inf)
            for c, y in zip(df["regency_code"], df["as_of"].dt.year, strict=True)
        ]
    )
    over = df.index[df["active"].to_numpy() > limit]
    if len(over):
        raise InputErrors(
            [
                InputError(
                    path,
                    f"active participants exceed the regency's estimated employed workforce "
                    f"({limit[df.index.get_loc(i)]:,.0f}); check the figure or its regency code",
                    row=line_of(i),
                    column="active",
                    value=int(df.at[i, "active"]),
                )
                for i in over
            ]
        )
    if "nonactive" not in df.columns:
        df["nonactive"] = pd.NA
    df = df.rename(columns={"active": "active_count", "nonactive": "nonactive_count"})
    df["active_count"] = df["active_count"].astype("float64")
    df["nonactive_count"] = df["nonactive_count"].astype("Float64")
    return df[cols].sort_values(["regency_code", "segment", "as_of"]).reset_index(drop=True)


def latest_reported(rows: pd.DataFrame) -> pd.DataFrame:
    """The latest reported row per regency and segment (what the baseline uses)."""
    latest = rows.sort_values("as_of").groupby(["regency_code", "segment"]).tail(1)
    return latest.sort_values(["regency_code", "segment"]).reset_index(drop=True)


def read_reported(master: pd.DataFrame, workforce: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:
    """The reported-coverage file's latest figure per regency and segment (`read_reported_all`)."""
    return latest_reported(read_reported_all(master, workforce, path))


def read_potential(master: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:
    """Read the optional user-supplied 'potential' denominator (empty frame when absent). A potential
    above the regency's whole population is refused (line named): a typing error, never a count of
    workers."""
    path = path or paths.inputs_dir() / POTENTIAL_FILE
    if not path.is_file():
        return pd.DataFrame(columns=["regency_code", "potential_count", "potential_source"])
    df = read_csv(path, POTENTIAL_SCHEMA)
    check_known_codes(df, "regency_code", master["regency_code"], path)
    population = master.set_index("regency_code")["population_count"].astype(float)
    over = df.index[df["potential"] > df["regency_code"].map(population)]
    if len(over):
        raise InputErrors(
            [
                InputError(
                    path,
                    f"more than the regency's whole population "
                    f"({population[df.at[i, 'regency_code']]:,.0f}); check the figure",
                    row=line_of(i),
                    column="potential",
                    value=df.at[i, "potential"],
                )
                for i in over
            ]
        )
    return df.rename(columns={"potential": "potential_count", "source": "potential_source"})[
        ["regency_code", "potential_count", "potential_source"]
    ]


def read_province_totals() -> pd.DataFrame:
    """Province totals of active participants, Dec 2023 (BPS 2020 province codes)."""
    df = read_csv(paths.raw("stats", "province_bpjstk_participants_partial.csv"), schemas.BPJSTK_PROVINCE)
    df = df[(df["period"] == PROVINCE_PERIOD) & (df["bps_prov_code_2020"] != "00")]
    return (
        df[["bps_prov_code_2020", "active"]]
        .rename(columns={"bps_prov_code_2020": "bps_province_code_2020", "active": "active_total"})
        .reset_index(drop=True)
    )


def read_province_history() -> pd.DataFrame:
    """Every dated all-segment province total of active participants (for the hindcast): province
    (BPS 2020 code), as_of (end of the month), active."""
    df = read_csv(paths.raw("stats", "province_bpjstk_participants_partial.csv"), schemas.BPJSTK_PROVINCE)
    df = df[
        (df["bps_prov_code_2020"].notna())
        & (df["bps_prov_code_2020"] != "00")
        & df["active"].notna()
        & df["segment"].str.startswith("all")
    ]
    as_of = pd.to_datetime(df["period"] + "-01") + pd.offsets.MonthEnd(0)
    return pd.DataFrame(
        {
            "province": df["bps_prov_code_2020"].to_numpy(),
            "as_of": as_of.to_numpy(),
            "active": df["active"].astype(float).to_numpy(),
        }
    )


def national_segment_totals(assumptions: Assumptions, date: str = PROVINCE_PERIOD) -> dict[str, float]:
    """National active participants (persons) by segment at ``date`` (PU, BPU, Jakon, all)."""
    nat = assumptions.national_active
    rows = nat[nat["date"] == date].set_index("segment")["active_million"]
    return {seg: float(rows[seg]) * 1e6 for seg in (*MODELLED_SEGMENTS, TOTAL) if seg in rows.index}


def rake(
    seed: np.ndarray,
    row_totals: np.ndarray,
    col_totals: np.ndarray,
    tol: float = 1e-10,
    max_iter: int = 10_000,
) -> np.ndarray:
    """Iterative proportional fitting of a non-negative ``seed`` to row and column totals.

    The column totals are rescaled to the row grand total first (they differ only by
    rounding of the published figures), so the fit is always feasible for a positive seed.
    """
    table = seed.astype(float).copy()
    cols = col_totals * row_totals.sum() / col_totals.sum()
    for _ in range(max_iter):
        table *= (row_totals / np.where(table.sum(axis=1) > 0, table.sum(axis=1), 1))[:, None]
        col_sum = table.sum(axis=0)
        table *= (cols / np.where(col_sum > 0, col_sum, 1))[None, :]
        if np.allclose(table.sum(axis=1), row_totals, rtol=tol, atol=0):
            break
    return table


def province_segment_totals(
    master: pd.DataFrame,
    workforce_base: pd.DataFrame,
    province_totals: pd.DataFrame,
    national: dict[str, float],
) -> tuple[pd.DataFrame, pd.Series]:
    """Province × segment (PU, BPU, Jakon) active participants, Dec 2023 (step 1 of the module doc).

    Returns the table (index: BPS 2020 province code) and whether each province's total is
    published (False: a share of the national remainder).
    """
    wf = master[["regency_code", "bps_province_code_2020"]].merge(
        workforce_base[["regency_code", "employed_count", "informal_count", "formal_count"]],
        on="regency_code",
        how="left",
        validate="one_to_one",
    )
    if wf[["employed_count", "informal_count", "formal_count"]].isna().any().any():
        raise ValueError("modelled baseline: a regency has no workforce estimate")
    base_cols = allocation.BASE_COLUMNS
    prov = wf.groupby("bps_province_code_2020", sort=True)[[base_cols[s] for s in MODELLED_SEGMENTS]].sum()
    nat_base = prov.sum()
    rates = np.array([national[s] / nat_base[base_cols[s]] for s in MODELLED_SEGMENTS])
    seed = prov[[base_cols[s] for s in MODELLED_SEGMENTS]].to_numpy() * rates[None, :]
    totals = province_totals.set_index("bps_province_code_2020")["active_total"]
    known = prov.index.isin(totals.index)
    col_totals = np.array([national[s] for s in MODELLED_SEGMENTS])
    known_sum = float(totals[prov.index[known]].sum())
    rest_total = col_totals.sum() - known_sum
    if rest_total < 0:
        raise ValueError("national segment totals are smaller than the published province totals")
    rows_seed = (
        np.vstack([seed[known], seed[~known].sum(axis=0, keepdims=True)]) if (~known).any() else seed[known]
    )
    row_totals = (
        np.append(totals[prov.index[known]].to_numpy(dtype=float), rest_total)
        if (~known).any()
        else totals[prov.index[known]].to_numpy(dtype=float)
    )
    fitted = rake(rows_seed, row_totals, col_totals)
    alloc = np.zeros_like(seed)
    alloc[known] = fitted[: known.sum()]
    if (~known).any():
        block = seed[~known]
        share = block / np.where(block.sum(axis=0) > 0, block.sum(axis=0), 1)[None, :]
        alloc[~known] = share * fitted[-1][None, :]
    return (
        pd.DataFrame(alloc, index=prov.index, columns=list(MODELLED_SEGMENTS)),
        pd.Series(known, index=prov.index),
    )


SAME_BASIS_DAYS = 183


def same_basis(as_of: pd.Series) -> pd.Series:
    """Whether a figure's date is within half a year of the province totals' date (Dec 2023): only
    those take part in the province remainder (step 3)."""
    return (pd.to_datetime(as_of) - pd.Timestamp(MODELLED_DATE)).abs() <= pd.Timedelta(days=SAME_BASIS_DAYS)


@dataclass(frozen=True)
class BaselineResult:
    """The baseline table and what explains it (for notebook 02, the summaries and the tests)."""

    table: pd.DataFrame
    cv: allocation.CrossValidation
    capped: pd.DataFrame  # province × segment: known figures exceeded the province total
    history: pd.DataFrame
    own_counts: pd.DataFrame


def _sources(reported: pd.DataFrame, candidates: pd.DataFrame) -> pd.DataFrame:
    """Per regency and segment the figure that wins: the user's reported one, else a published one."""
    cols = [
        "regency_code",
        "segment",
        "as_of",
        "active_count",
        "nonactive_count",
        "source",
        "kind",
        "derivation",
        "url",
        "confidence",
    ]
    rep = reported.assign(kind="reported", derivation="", url=pd.NA, confidence="A")
    pub = candidates.assign(
        nonactive_count=pd.NA, kind=np.where(candidates["derivation"] == "", "published", "published_derived")
    )
    both = pd.concat([rep.reindex(columns=cols), pub.reindex(columns=cols)], ignore_index=True)
    both["rank"] = (both["kind"] != "reported").astype(int)
    best = (
        both.sort_values(["regency_code", "segment", "rank"], kind="stable")
        .groupby(["regency_code", "segment"], sort=True)
        .head(1)
    )
    return best.drop(columns="rank").reset_index(drop=True)


def drop_stale(sources: pd.DataFrame, stale_before: pd.Timestamp | None) -> pd.DataFrame:
    """The sources without those dated before ``stale_before`` whose regency has a figure (of any
    segment) dated on or after it: an old figure stays in the history and the monitoring, and is the
    baseline only while nothing newer is known."""
    if stale_before is None or sources.empty:
        return sources
    dates = pd.to_datetime(sources["as_of"])
    has_recent = (dates >= stale_before).groupby(sources["regency_code"]).transform("any")
    return sources[~((dates < stale_before) & has_recent)].reset_index(drop=True)


def _fixed_for_split(sources: pd.DataFrame, free_alloc: pd.DataFrame) -> pd.DataFrame:
    """Regency × segment counts known at the province totals' date basis (NaN elsewhere). A known
    'all' total is split over the segments not known separately by the model's shares."""
    fixed = pd.DataFrame(np.nan, index=free_alloc.index, columns=list(MODELLED_SEGMENTS))
    basis = sources[same_basis(sources["as_of"])]
    seg_rows = basis[basis["segment"].isin(MODELLED_SEGMENTS)]
    for row in seg_rows.itertuples():
        fixed.at[row.regency_code, row.segment] = row.active_count
    for row in basis[basis["segment"] == TOTAL].itertuples():
        known = fixed.loc[row.regency_code]
        free = [s for s in MODELLED_SEGMENTS if pd.isna(known[s])]
        rest = max(float(row.active_count) - float(known.fillna(0).sum()), 0.0)
        shares = free_alloc.loc[row.regency_code, free]
        total = float(shares.sum())
        for seg in free:
            fixed.at[row.regency_code, seg] = rest * (
                float(shares[seg]) / total if total > 0 else 1 / len(free)
            )
    return fixed


def _time_adjusted_truth(
    candidates: pd.DataFrame, workforce_base: pd.DataFrame, assumptions: Assumptions
) -> pd.DataFrame:
    """Published all-segment counts for the cross-validation, moved to Dec 2023 with the national series."""
    truth = candidates[candidates["segment"] == TOTAL].copy()
    if truth.empty:
        return pd.DataFrame(columns=["regency_code", "as_of", "count", "count_2023", "employed"])
    nat = assumptions.national_active
    series = nat[nat["segment"] == TOTAL].assign(
        date=lambda d: pd.to_datetime(d["date"]) + pd.offsets.MonthEnd(0)
    )
    series = series.set_index("date")["active_million"].astype(float)
    factor = allocation.national_factor(truth["as_of"], series, pd.Timestamp(MODELLED_DATE))
    employed = workforce_base.set_index("regency_code")["employed_count"]
    return pd.DataFrame(
        {
            "regency_code": truth["regency_code"].to_numpy(),
            "as_of": truth["as_of"].to_numpy(),
            "count": truth["active_count"].to_numpy(float),
            "count_2023": truth["active_count"].to_numpy(float) / factor,
            "employed": truth["regency_code"].map(employed).to_numpy(float),
        }
    )


def build(
    master: pd.DataFrame,
    workforce: pd.DataFrame,
    assumptions: Assumptions,
    reported: pd.DataFrame | None = None,
    potential: pd.DataFrame | None = None,
    base_year: int = 2023,
    published_figures: pd.DataFrame | None = None,
    reported_all: pd.DataFrame | None = None,
    stale_before: pd.Timestamp | None = None,
) -> BaselineResult:
    """The baseline, per regency and segment, with precedence user > published > model.

    See the module doc.

    Parameters
    ----------
    master : pandas.DataFrame
        The master table, one row per regency (``regency_code``, ``province_code``,
        ``bps_province_code_2020`` and the covariates of the allocation model, `allocation.covariates`).
    workforce : pandas.DataFrame
        The informal workforce table (`ucj.projection.workforce.read_workforce`): regency × year
        with ``employed_count``, ``informal_count`` (with ``_p05``/``_p95``), ``formal_count`` and
        ``estimate_method``; its ``base_year`` rows weight the allocation and are the denominators.
    assumptions : Assumptions
        The national active participants per segment at the province totals' date, and the
        stated ``baseline_log_sd`` of reported and published figures.
    reported : pandas.DataFrame or None, optional
        The user's reported figures, the latest per regency and segment (`read_reported`:
        ``regency_code``, ``as_of``, ``segment``, ``active_count``, ``nonactive_count``,
        ``source``); they win over published and modelled figures. None (default): none.
    potential : pandas.DataFrame or None, optional
        The user's 'potential' denominator (`read_potential`: ``regency_code``,
        ``potential_count``, ``potential_source``); None (default) or empty: only the potentials
        the regencies published.
    base_year : int, default 2023
        The workforce year of the allocation weights and the denominators (that year, or the
        latest before it: `ucj.projection.workforce.workforce_at`); the pipeline passes
        ``Settings.base_year`` (``config/projection.yml``).
    published_figures : pandas.DataFrame or None, optional
        The published regency figures (`published.read`; the pipeline adds the filled village
        trackers, ``pipeline.published_and_tracked``). None (default): no published figure.
    reported_all : pandas.DataFrame or None, optional
        Every row of the user's file (`read_reported_all`), not only the latest, for the history;
        None (default): the history has the published figures only.
    stale_before : pandas.Timestamp or None, optional
        A figure dated before it is not the baseline when its regency has a figure dated on or
        after it (`drop_stale`; ``Settings.stale_before``). None (default): no figure is stale.

    Returns
    -------
    BaselineResult
        ``table``: regency × segment (PU, BPU, Jakon, [PMI], all) with the active count, its
        date, kind, source and ``baseline_log_sd``, the denominators and the coverage shares;
        ``cv``: the allocation model's cross-validation; ``capped``: province × segment flags
        where known figures exceed the province total (flagged provinces only); ``history``:
        every dated figure; ``own_counts``: the regencies' own published counts (potential,
        pekerja rentan).

    Raises
    ------
    ValueError
        A regency of ``master`` has no workforce estimate, or the national segment totals are
        smaller than the published province totals.
    """
    empty_reported = pd.DataFrame(
        columns=["regency_code", "as_of", "segment", "active_count", "nonactive_count", "source"]
    )
    reported = reported if reported is not None else empty_reported
    pub = published_figures if published_figures is not None else published.read(master, Path("/nonexistent"))
    wf_base = workforce_at(workforce, base_year)
    totals, published_prov = province_segment_totals(
        master, wf_base, read_province_totals(), national_segment_totals(assumptions)
    )
    candidates = published.baseline_candidates(pub)
    truth = _time_adjusted_truth(candidates, wf_base, assumptions)
    cv = allocation.cross_validate(master, wf_base, totals, truth)
    cov = allocation.covariates(master, wf_base)
    rule_fit = allocation.fit("rule", cov, truth.iloc[:0], pd.Series(dtype=float))
    rule_alloc, _ = allocation.predict("rule", rule_fit, master, wf_base, totals, cov)
    chosen_fit = allocation.fit(cv.chosen, cov, truth, rule_alloc.sum(axis=1))
    free_alloc, _ = allocation.predict(cv.chosen, chosen_fit, master, wf_base, totals, cov)

    sources = drop_stale(_sources(reported, candidates), stale_before)
    # The province remainder: every figure of the totals' date basis takes part, whichever figure
    # is used as the regency's own baseline (a later one may be): a user's later figure for one
    # regency therefore never moves its neighbours.
    window = (
        pd.Timestamp(MODELLED_DATE) - pd.Timedelta(days=SAME_BASIS_DAYS),
        pd.Timestamp(MODELLED_DATE) + pd.Timedelta(days=SAME_BASIS_DAYS),
    )
    basis_reported = reported[same_basis(reported["as_of"])] if len(reported) else reported
    fixed = _fixed_for_split(_sources(basis_reported, published.baseline_candidates(pub, window)), free_alloc)
    floors = published.programme_floors(pub)
    basis_floors = floors[same_basis(floors["as_of"])]
    for _ in range(10):  # same-basis programme floors bind: keep them, re-split the rest
        alloc, capped = allocation.predict(cv.chosen, chosen_fit, master, wf_base, totals, cov, fixed)
        bound = False
        for seg, group in basis_floors.groupby("segment"):
            floor = group.set_index("regency_code")["floor_count"]
            bind = floor.index[
                (floor > alloc[seg].reindex(floor.index) + 0.5) & fixed[seg].reindex(floor.index).isna()
            ]
            if len(bind):
                fixed.loc[bind, seg] = floor[bind]
                bound = True
        if not bound:
            break

    model_source = f"{MODELLED_SOURCE}; regency multiplier: {cv.chosen} (chosen by cross-validation)"
    rows = (
        alloc.rename_axis("regency_code")
        .reset_index()
        .melt(id_vars="regency_code", var_name="segment", value_name="active_count")
    )
    prov_of = master.set_index("regency_code")["bps_province_code_2020"]
    rows["as_of"] = pd.Timestamp(MODELLED_DATE)
    rows["nonactive_count"] = pd.NA
    rows["kind"] = "modelled"
    rows["source"] = np.where(
        rows["regency_code"].map(prov_of).map(published_prov),
        model_source,
        model_source + "; province not in the published table: share of the national remainder",
    )
    rows["derivation"] = ""
    rows["url"] = pd.NA
    rows["confidence"] = pd.NA
    table = rows.set_index(["regency_code", "segment"])
    cols = ["as_of", "active_count", "nonactive_count", "source", "kind", "derivation", "url", "confidence"]
    seg_sources = sources[sources["segment"] != TOTAL].set_index(["regency_code", "segment"])
    new_segments = seg_sources.index.difference(table.index)  # e.g. PMI, reported only
    table = table.reindex(table.index.append(new_segments))
    table.loc[seg_sources.index, cols] = seg_sources[cols].to_numpy()
    all_sources = sources[sources["segment"] == TOTAL].set_index("regency_code")
    # Row-by-row adjustments on plain records (pandas .loc assignment in a loop costs ~2 ms a call)
    records = {
        key: dict(zip(table.columns, values, strict=False))
        for key, values in zip(table.index, table.to_numpy(), strict=False)
    }
    by_regency: dict[str, list[tuple[str, str]]] = {}
    for key in records:
        by_regency.setdefault(key[0], []).append(key)
    for code, src in all_sources.iterrows():  # a known total: modelled segments scaled to it
        keys = by_regency.get(code, [])
        free = [k for k in keys if records[k]["kind"] == "modelled"]
        known = sum(float(records[k]["active_count"]) for k in keys if records[k]["kind"] != "modelled")
        modelled_sum = sum(float(records[k]["active_count"]) for k in free)
        rest = float(src["active_count"]) - known
        if free and modelled_sum > 0 and rest >= 0:
            for k in free:
                records[k].update(
                    active_count=float(records[k]["active_count"]) * rest / modelled_sum,
                    as_of=src["as_of"],
                    kind="modelled_split",
                    source=f"model's split of the {src['kind'].replace('_', ' ')} total ({src['source']})",
                )
    for g in floors.itertuples(index=False):  # programme figures bound BPU and PU from below
        row = records.get((g.regency_code, g.segment))
        if (
            row is not None
            and row["kind"] in ("modelled", "modelled_split")
            and float(g.floor_count) >= float(row["active_count"]) - 0.5
        ):
            kind = "floor_tracker" if g.source_kind == "village_tracker" else "floor"
            row.update(active_count=float(g.floor_count), as_of=g.as_of, kind=kind, source=g.source)
    table = pd.DataFrame.from_records(
        list(records.values()),
        index=pd.MultiIndex.from_tuples(list(records), names=["regency_code", "segment"]),
        columns=list(table.columns),
    )
    table = table.reset_index()
    parts = table.copy()
    parts["active_count"] = parts["active_count"].astype("float64")
    parts["is_modelled"] = parts["kind"].isin(MODELLED_KINDS)
    parts["is_reported"] = parts["kind"] == "reported"
    sums = parts.groupby("regency_code", sort=True).agg(
        active_count=("active_count", "sum"),
        as_of=("as_of", "max"),
        is_modelled=("is_modelled", "any"),
        all_modelled=("is_modelled", "all"),
        all_reported=("is_reported", "all"),
    )
    sums["source"] = np.where(
        sums["is_modelled"] & ~sums["all_modelled"],
        "sum of segments: known and modelled",
        np.where(sums["is_modelled"], "sum of segments: modelled", "sum of known segments"),
    )
    sums["kind"] = np.where(
        sums["all_modelled"],
        "modelled",
        np.where(
            sums["is_modelled"], "modelled_split", np.where(sums["all_reported"], "reported", "published")
        ),
    )
    sums = sums.drop(columns=["all_modelled", "is_modelled", "all_reported"]).reset_index()
    sums["segment"] = TOTAL
    for col in ("nonactive_count", "url", "confidence"):
        sums[col] = pd.NA
    sums["derivation"] = ""
    sums = sums.set_index("regency_code")
    sums.loc[all_sources.index, cols] = all_sources[cols].to_numpy()
    out = pd.concat([table, sums.reset_index()], ignore_index=True)
    out["is_modelled"] = out["kind"].isin(MODELLED_KINDS)
    sigma = baseline_log_sd(assumptions, cv.log_sd)
    out["baseline_log_sd"] = out["kind"].map(sigma).astype("float64")
    table = _with_denominators(out, master, wf_base, potential, published.own_counts(pub))
    hist = published.history(pub, reported_all)
    return BaselineResult(table, cv, capped.loc[capped.any(axis=1)], hist, published.own_counts(pub))


def baseline_log_sd(assumptions: Assumptions, modelled_log_sd: float) -> dict[str, float]:
    """Standard deviation of the log of the baseline count by kind of figure: the model's from its
    cross-validation residuals, the others stated assumptions (`Assumptions.baseline_log_sd`)."""
    stated = assumptions.baseline_log_sd
    return {
        "reported": stated["reported"],
        "published": stated["published"],
        "published_derived": stated["published_derived"],
        "modelled_split": modelled_log_sd,
        "floor": modelled_log_sd,
        "floor_tracker": modelled_log_sd,
        "modelled": modelled_log_sd,
    }


def _with_denominators(
    out: pd.DataFrame,
    master: pd.DataFrame,
    wf_base: pd.DataFrame,
    potential: pd.DataFrame | None,
    own: pd.DataFrame,
) -> pd.DataFrame:
    out = out.copy()
    out["nonactive_count"] = out["nonactive_count"].astype("Float64")
    out["active_count"] = out["active_count"].astype("float64")
    out["as_of"] = pd.to_datetime(out["as_of"]).astype("datetime64[ns]")
    for col in ("kind", "derivation", "url", "confidence", "source"):
        out[col] = out[col].astype("string")
    denominators = wf_base[
        [
            "regency_code",
            "workforce_year",
            "employed_count",
            "informal_count",
            "informal_count_p05",
            "informal_count_p95",
            "estimate_method",
        ]
    ].rename(columns={"estimate_method": "workforce_method"})
    out = out.merge(master[["regency_code", "province_code"]], on="regency_code", how="left")
    out = out.merge(denominators, on="regency_code", how="left")
    pot = (
        potential
        if potential is not None and len(potential)
        else pd.DataFrame(columns=["regency_code", "potential_count", "potential_source"])
    )
    pub_pot = own[own["metric"] == "potential"]
    pub_pot = pd.DataFrame(
        {
            "regency_code": pub_pot["regency_code"],
            "potential_count": pub_pot["value"],
            "potential_source": "published: " + pub_pot["source"],
        }
    )
    pot = pd.concat([pot, pub_pot[~pub_pot["regency_code"].isin(pot["regency_code"])]], ignore_index=True)
    out = out.merge(pot, on="regency_code", how="left")
    rentan = own[own["metric"] == "rentan_count"].set_index("regency_code")
    out["own_rentan_count"] = out["regency_code"].map(rentan["value"]).astype("float64")
    out["own_rentan_source"] = out["regency_code"].map(rentan["source"]).astype("string")
    out["potential_count"] = out["potential_count"].astype("float64")
    out["numerator"] = "active participants"
    out["coverage_of_employed"] = out["active_count"] / out["employed_count"]
    out["coverage_of_informal"] = out["active_count"] / out["informal_count"]
    out["coverage_of_potential"] = out["active_count"] / out["potential_count"]
    out["exceeds_employed"] = out["active_count"] > out["employed_count"]
    order = {s: i for i, s in enumerate((*SEGMENTS, TOTAL))}
    out = out.sort_values(
        ["regency_code", "segment"], key=lambda s: s.map(order) if s.name == "segment" else s
    )
    cols = [
        "regency_code",
        "province_code",
        "segment",
        "numerator",
        "active_count",
        "nonactive_count",
        "as_of",
        "source",
        "kind",
        "derivation",
        "url",
        "confidence",
        "is_modelled",
        "baseline_log_sd",
        "employed_count",
        "informal_count",
        "informal_count_p05",
        "informal_count_p95",
        "potential_count",
        "potential_source",
        "own_rentan_count",
        "own_rentan_source",
        "workforce_year",
        "workforce_method",
        "coverage_of_employed",
        "coverage_of_informal",
        "coverage_of_potential",
        "exceeds_employed",
    ]
    return out[cols].reset_index(drop=True)


def build_baseline(
    master: pd.DataFrame,
    workforce: pd.DataFrame,
    assumptions: Assumptions,
    reported: pd.DataFrame | None = None,
    potential: pd.DataFrame | None = None,
    base_year: int = 2023,
    published_figures: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """`build` and keep only the table: regency × segment (PU, BPU, Jakon, [PMI], all)."""
    return build(master, workforce, assumptions, reported, potential, base_year, published_figures).table
