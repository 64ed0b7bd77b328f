"""Read the projection's assumptions: sourced data files and run settings.

Every number the projection uses about the world is in ``data/raw/assumptions/``
(premiums, targets, national active totals, behaviour assumptions, the pairs of
national figures the status-quo self-enrolment rate is derived from), each row
with its source or an explicit "assumption" label; see that folder's SOURCES.md.
Run settings (base year, horizon, denominator, threshold, draws, seed) are in
``config/projection.yml``. Nothing numeric about the world is a literal in code.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.pandas import Check, Column

from ucj import paths
from ucj.errors import InputError
from ucj.loaders import read_csv

DENOMINATORS = ("informal", "employed", "potential")
MONTHS_PER_YEAR = 12


def assumptions_path(name: str) -> Path:
    """Path of an assumption file under ``data/raw/assumptions/``."""
    return paths.raw("assumptions", name)


PREMIUMS = pa.DataFrameSchema(
    {
        "package": Column(str, Check.str_matches(r"^[a-z_]+$"), unique=True),
        "premium_idr_per_month": Column("int64", Check.gt(0), coerce=True),
        "status": Column(str, Check.isin(["sourced"])),
        "source": Column(str),
    },
    strict=False,
    name="assumptions/premiums.csv",
)

TARGETS = pa.DataFrameSchema(
    {
        "target_id": Column(str, unique=True),
        "document": Column(str),
        "year": Column("Int64", Check.in_range(2000, 2100), coerce=True, nullable=True),
        "coverage_pct": Column("float64", Check.in_range(0, 100), coerce=True),
        "source": Column(str),
    },
    strict=False,
    name="assumptions/targets.csv",
)

NATIONAL_ACTIVE = pa.DataFrameSchema(
    {
        "date": Column(str, Check.str_matches(r"^\d{4}-\d{2}$")),
        "segment": Column(str, Check.isin(["all", "PU", "BPU", "Jakon", "PMI"])),
        "active_million": Column("float64", Check.ge(0), coerce=True),
        "source": Column(str),
    },
    strict=False,
    unique=["date", "segment"],
    name="assumptions/national_active_participants.csv",
)

BEHAVIOUR = pa.DataFrameSchema(
    {
        "parameter": Column(str, Check.isin(["lapse_rate", "take_up", "labour_force_growth"]), unique=True),
        "central": Column("float64", Check.in_range(0, 1), coerce=True),
        "low": Column("float64", Check.in_range(0, 1), coerce=True),
        "high": Column("float64", Check.in_range(0, 1), coerce=True),
        "status": Column(str),
        "basis": Column(str),
    },
    checks=[
        Check(
            lambda df: (df["low"] <= df["central"]) & (df["central"] <= df["high"]),
            error="low <= central <= high",
        )
    ],
    strict=False,
    name="assumptions/behaviour.csv",
)

BASELINE_UNCERTAINTY = pa.DataFrameSchema(
    {
        "kind": Column(str, Check.isin(["reported", "published", "published_derived"]), unique=True),
        "log_sd": Column("float64", Check.in_range(0, 2), coerce=True),
        "status": Column(str),
        "basis": Column(str),
    },
    strict=False,
    name="assumptions/baseline_uncertainty.csv",
)

CALIBRATION = pa.DataFrameSchema(
    {
        "denominator": Column(str, Check.isin(["informal", "employed"]), unique=True),
        "segment": Column(str, Check.isin(["all", "BPU"])),
        "start_date": Column(str, Check.str_matches(r"^\d{4}-\d{2}$")),
        "end_date": Column(str, Check.str_matches(r"^\d{4}-\d{2}$")),
        "start_eligible_million": Column("float64", Check.gt(0), coerce=True),
        "end_eligible_million": Column("float64", Check.gt(0), coerce=True),
        "source": Column(str),
    },
    strict=False,
    name="assumptions/status_quo_calibration.csv",
)


@dataclass(frozen=True)
class Range:
    """A central value with a low-high range (for Monte Carlo and sensitivity)."""

    central: float
    low: float
    high: float
    status: str = ""


@dataclass(frozen=True)
class Assumptions:
    """All assumptions the engine needs, each read from a sourced file."""

    premiums_idr_per_month: dict[str, int]
    lapse_rate: Range
    take_up: Range
    labour_force_growth: Range
    self_enrolment_rate: dict[str, float]
    targets: pd.DataFrame = field(repr=False)
    national_active: pd.DataFrame = field(repr=False)
    baseline_log_sd: dict[str, float] = field(default_factory=dict)

    def annual_premium(self, package: str = "jkk_jkm") -> int:
        """Premium per worker per year (Rp) for a premium package."""
        return self.premiums_idr_per_month[package] * MONTHS_PER_YEAR

    def with_overrides(
        self,
        lapse_rate: float | None = None,
        take_up: float | None = None,
        labour_force_growth: float | None = None,
    ) -> Assumptions:
        """A copy with fixed values (all draws use them) for the given parameters."""
        out = self
        for name, value in [
            ("lapse_rate", lapse_rate),
            ("take_up", take_up),
            ("labour_force_growth", labour_force_growth),
        ]:
            if value is not None:
                out = replace(out, **{name: Range(float(value), float(value), float(value), "override")})
        return out


def read_premiums() -> dict[str, int]:
    """Premium packages (Rp per worker per month) keyed by package id."""
    df = read_csv(assumptions_path("premiums.csv"), PREMIUMS)
    return dict(zip(df["package"], df["premium_idr_per_month"].astype(int), strict=True))


def read_targets() -> pd.DataFrame:
    """Coverage targets (national UCJ targets and the 95% convention), with sources."""
    return read_csv(assumptions_path("targets.csv"), TARGETS)


def read_national_active() -> pd.DataFrame:
    """National active participants by date and segment (million persons), with sources."""
    return read_csv(assumptions_path("national_active_participants.csv"), NATIONAL_ACTIVE)


def read_behaviour() -> dict[str, Range]:
    """Lapse, take-up and labour-force growth: central value and range, with status label."""
    df = read_csv(assumptions_path("behaviour.csv"), BEHAVIOUR)
    return {
        r.parameter: Range(float(r.central), float(r.low), float(r.high), str(r.status))
        for r in df.itertuples(index=False)
    }


def _months_between(start: str, end: str) -> int:
    y0, m0 = map(int, start.split("-"))
    y1, m1 = map(int, end.split("-"))
    return (y1 - y0) * 12 + (m1 - m0)


def simulate_national(
    active0: float, eligible0: float, eligible1: float, years: float, lapse: float, self_rate: float
) -> float:
    """One-pool status-quo recursion over ``years`` (last step fractional).

    active(t+1) = active(t)·(1 − lapse) + self_rate·(eligible(t+1) − active(t)), the
    eligible workforce moving geometrically from ``eligible0`` to ``eligible1``.
    """
    steps = int(years)
    frac = years - steps
    growth = (eligible1 / eligible0) ** (1.0 / years) if years > 0 else 1.0
    active, eligible = active0, eligible0
    for k in range(steps + (1 if frac > 1e-9 else 0)):
        share = 1.0 if k < steps else frac
        eligible_next = eligible * growth**share
        delta = -lapse * active + self_rate * max(eligible_next - active, 0.0)
        active = active + share * delta
        eligible = eligible_next
    return active


def calibrate_self_enrolment(
    active0: float, active1: float, eligible0: float, eligible1: float, years: float, lapse: float
) -> float:
    """Self-enrolment rate (share of uncovered eligible workers enrolling per year) that
    reproduces the observed change ``active0 -> active1`` given ``lapse`` (bisection)."""
    lo, hi = 0.0, 1.0
    if simulate_national(active0, eligible0, eligible1, years, lapse, 0.0) >= active1:
        return 0.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if simulate_national(active0, eligible0, eligible1, years, lapse, mid) < active1:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def derive_self_enrolment(national: pd.DataFrame, lapse: float) -> dict[str, float]:
    """Status-quo self-enrolment rate per denominator, derived from national figures.

    Read from ``status_quo_calibration.csv``: for each denominator, the national active
    count of its numerator segment at two dates and the eligible workforce at those
    dates; the rate is solved so the status-quo recursion reproduces the change at the
    central lapse. ``potential`` (a user denominator for all participants) uses the
    ``employed`` rate.
    """
    path = assumptions_path("status_quo_calibration.csv")
    cal = read_csv(path, CALIBRATION)
    lookup = national.set_index(["date", "segment"])["active_million"]
    rates: dict[str, float] = {}
    for i, row in cal.iterrows():
        try:
            a0 = float(lookup[(row["start_date"], row["segment"])])
            a1 = float(lookup[(row["end_date"], row["segment"])])
        except KeyError as exc:
            raise InputError(
                path,
                "no national active figure for this date and segment in national_active_participants.csv",
                row=int(i) + 2,
                column="start_date",
                value=str(exc),
            ) from None
        years = _months_between(row["start_date"], row["end_date"]) / 12
        rates[row["denominator"]] = calibrate_self_enrolment(
            a0, a1, float(row["start_eligible_million"]), float(row["end_eligible_million"]), years, lapse
        )
    rates["potential"] = rates["employed"]
    return rates


def load_assumptions() -> Assumptions:
    """Read every assumption file and derive the status-quo self-enrolment rates."""
    behaviour = read_behaviour()
    national = read_national_active()
    return Assumptions(
        premiums_idr_per_month=read_premiums(),
        lapse_rate=behaviour["lapse_rate"],
        take_up=behaviour["take_up"],
        labour_force_growth=behaviour["labour_force_growth"],
        self_enrolment_rate=derive_self_enrolment(national, behaviour["lapse_rate"].central),
        targets=read_targets(),
        national_active=national,
        baseline_log_sd=read_baseline_uncertainty(),
    )


def read_baseline_uncertainty() -> dict[str, float]:
    """Stated sd of the log baseline count for reported and published figures (the modelled
    one comes from cross-validation)."""
    df = read_csv(assumptions_path("baseline_uncertainty.csv"), BASELINE_UNCERTAINTY)
    missing = {"reported", "published", "published_derived"} - set(df["kind"])
    if missing:
        raise InputError(
            assumptions_path("baseline_uncertainty.csv"),
            f"missing kind(s): {', '.join(sorted(missing))}",
            column="kind",
        )
    return dict(zip(df["kind"], df["log_sd"].astype(float), strict=True))


@dataclass(frozen=True)
class Settings:
    """Run settings from ``config/projection.yml`` (overridable per call)."""

    base_year: int = 2023
    horizon_year: int = 2045
    denominator: str = "informal"
    threshold: float = 0.95
    n_draws: int = 1000
    seed: int = 20260101
    scenarios_file: str = "scenarios.yml"
    baseline_date: str = ""  # YYYY-MM-DD: every baseline figure is carried to this date (empty: not carried)
    #: an older figure is history, not the baseline, when a newer one of the regency exists
    max_baseline_age_years: float = 4.0

    @property
    def stale_before(self) -> pd.Timestamp | None:
        """Figures dated before this are too old to be the baseline when a newer figure exists."""
        if not self.baseline_date:
            return None
        months = round(12 * self.max_baseline_age_years)
        return pd.Timestamp(self.baseline_date) - pd.DateOffset(months=months)

    @property
    def years(self) -> list[int]:
        """Projected years: the year after the base year to the horizon."""
        return list(range(self.base_year + 1, self.horizon_year + 1))

    def scenarios_path(self) -> Path:
        """The scenario file (relative names are under the config folder)."""
        p = Path(self.scenarios_file)
        return p if p.is_absolute() else paths.config_dir() / p


def read_settings(path: Path | None = None, **overrides: object) -> Settings:
    """Read ``config/projection.yml`` (defaults when absent) and apply ``overrides``; every problem is
    one located error (file, line, setting)."""
    from ucj import config

    path = path or paths.config_dir() / "projection.yml"
    values, lines = config.read_mapping(path)
    known = set(Settings.__dataclass_fields__)
    for key in values:
        if key not in known:
            raise InputError(
                path, f"unknown setting (allowed: {', '.join(sorted(known))})", row=lines.get(key), column=key
            )
    values.update({k: v for k, v in overrides.items() if v is not None})
    checked = dict(values)
    for key, lo, hi, integer, example in (
        ("base_year", 2000, 2100, True, "2023"),
        ("horizon_year", 2000, 2100, True, "2045"),
        ("threshold", 0.01, 1, False, "0.95 (95% is written 0.95)"),
        ("n_draws", 1, 100_000, True, "1000"),
        ("seed", 0, None, True, "20260101"),
        ("max_baseline_age_years", 0, 100, False, "4"),
    ):
        if key in checked:
            checked[key] = config.number(path, lines, key, checked[key], lo, hi, integer, example)
    if "baseline_date" in checked:
        checked["baseline_date"] = str(checked["baseline_date"])
        if checked["baseline_date"] and pd.isna(
            pd.to_datetime(checked["baseline_date"], errors="coerce", format="%Y-%m-%d")
        ):
            raise InputError(
                path,
                "must be a date YYYY-MM-DD (e.g. 2025-12-31)",
                row=lines.get("baseline_date"),
                column="baseline_date",
                value=checked["baseline_date"],
            )
    if "denominator" in checked and checked["denominator"] not in DENOMINATORS:
        raise InputError(
            path,
            f"must be one of {', '.join(DENOMINATORS)}",
            row=lines.get("denominator"),
            column="denominator",
            value=checked["denominator"],
        )
    settings = Settings(**checked)  # type: ignore[arg-type]
    if settings.horizon_year <= settings.base_year:
        raise InputError(
            path,
            "must be after base_year",
            row=lines.get("horizon_year"),
            column="horizon_year",
            value=settings.horizon_year,
        )
    return settings
