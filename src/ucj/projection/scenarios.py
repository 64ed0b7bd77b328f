"""Declarative scenarios (``config/scenarios.yml``): validated, and turned into funded workers.

A user adds a scenario by editing the YAML file, never the code. File layout::

    version: 1
    defaults:              # optional; apply to every lever unless the lever sets them
      start_year: 2026
      package: jkk_jkm
    scenarios:
      - id: village_100    # [a-z0-9_]+, unique
        label: "Satu desa 100 pekerja rentan"
        programmes: continue # optional: the regency's existing programmes continue (default) or stop
        description: "..." # optional
        levers:            # [] for the status quo
          - type: village
            quota: 100

Lever types and their fields (``*`` = required):

- ``village``: quota* (workers per village per year, >= 0), participation (share of
  villages taking part, 0-1, default 1), ramp_years (years to reach full
  participation, linear, default 0 = at once).
  use_regency_quota (true: the regency's own published quota where there is one,
  `ucj.projection.policies`, ``quota`` elsewhere), net_of_existing (true: the workers its
  villages already fund, the latest published village-funded programme figure, are
  subtracted: the lever adds only what is not funded yet).
  Villages are the regency's *desa* (kelurahan have no Dana Desa).
- ``budget``: either amount_idr (regency budget, Rp per year, >= 0) or share_of_apbd (a
  share of the regency's own APBD spending, 0-1, e.g. 0.005 = 0.5%; nothing where the
  APBD figure is not published; the amount grows each year with the APBD's measured growth,
  `ucj.projection.dynamics.apbd_growth`); workers funded = floor(amount ÷ (monthly premium × months)).
- ``dbh_sawit``: months* (1-12) and either workers (>= 0) or share_of_allocation (a share
  of the regency's DBH-sawit allocation, 0-1; nothing where it receives none or none
  was transcribed), funded from palm-oil revenue sharing.
- ``custom``: workers* (>= 0, a number or a mapping year: workers).

Fields common to every lever: start_year (default 2026 via ``defaults``), end_year
(default: the horizon), months (1-12, default 12; premiums paid per funded worker
per year), package (a premium package of ``data/raw/assumptions/premiums.csv``,
default ``jkk_jkm``), label, regencies (list of regency codes the lever applies
to; default all), overrides (mapping regency code -> {field: value} for that
regency, e.g. a regency's real quota).

Errors (unknown lever type, unknown or missing field, negative quota, value out of
range, duplicate id, unknown regency code) are `InputError`s naming the file, the
line and the field path, e.g. ``scenarios[2].levers[0].quota``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from ucj.errors import InputError, InputErrors

LEVER_TYPES = ("village", "budget", "dbh_sawit", "custom")
COMMON_FIELDS = {"type", "label", "start_year", "end_year", "months", "package", "regencies", "overrides"}
REQUIRED = {"village": {"quota"}, "budget": set(), "dbh_sawit": {"months"}, "custom": {"workers"}}
OPTIONAL = {
    "village": {"participation", "ramp_years", "use_regency_quota", "net_of_existing"},
    "budget": {"amount_idr", "share_of_apbd"},
    "dbh_sawit": {"workers", "share_of_allocation"},
    "custom": set(),
}
ONE_OF = {"budget": ("amount_idr", "share_of_apbd"), "dbh_sawit": ("workers", "share_of_allocation")}
OVERRIDABLE = {
    "quota",
    "participation",
    "ramp_years",
    "amount_idr",
    "share_of_apbd",
    "workers",
    "share_of_allocation",
    "months",
    "start_year",
    "end_year",
    "package",
}
DEFAULTABLE = {"start_year", "end_year", "months", "package", "participation", "ramp_years"}
BUILTIN_DEFAULTS = {
    "start_year": 2026,
    "months": 12,
    "package": "jkk_jkm",
    "participation": 1.0,
    "ramp_years": 0,
}
SCENARIO_FIELDS = {"id", "label", "description", "levers", "programmes"}
PROGRAMMES = ("continue", "stop")


@dataclass(frozen=True)
class Lever:
    """One funding lever of a scenario, with its defaults already applied."""

    type: str
    params: dict[str, object]
    label: str = ""
    regencies: tuple[str, ...] | None = None
    overrides: dict[str, dict[str, object]] = field(default_factory=dict)
    where: str = ""


@dataclass(frozen=True)
class Scenario:
    """A named set of levers."""

    id: str
    label: str
    description: str
    levers: tuple[Lever, ...]
    programmes: str = "continue"  # the regency's existing programmes: renewed every year, or stopped


def _line_map(text: str) -> dict[tuple, int]:
    """Map each YAML node path (tuple of keys / indices) to its 1-based line number."""
    lines: dict[tuple, int] = {}

    def walk(node: yaml.Node, path: tuple) -> None:
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                lines[(*path, key.value)] = key.start_mark.line + 1
                walk(value, (*path, key.value))
                lines[(*path, key.value)] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    root = yaml.compose(text)
    if root is not None:
        walk(root, ())
    return lines


def _fmt(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Checker:
    """Collects located errors while walking the parsed YAML."""

    def __init__(self, file: Path, lines: dict[tuple, int]) -> None:
        self.file, self.lines, self.errors = file, lines, []

    def fail(self, path: tuple, message: str, value: object = None) -> None:
        line = None
        for k in range(len(path), -1, -1):
            if path[:k] in self.lines:
                line = self.lines[path[:k]]
                break
        self.errors.append(InputError(self.file, message, row=line, column=_fmt(path) or None, value=value))

    def number(
        self,
        path: tuple,
        value: object,
        lo: float | None = None,
        hi: float | None = None,
        integer: bool = False,
    ) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(path, "must be a number", value)
            return
        if integer and float(value) != int(value):
            self.fail(path, "must be a whole number", value)
        if lo is not None and value < lo:
            self.fail(
                path, f"must be >= {lo}" + (" (negative values are not allowed)" if lo == 0 else ""), value
            )
        if hi is not None and value > hi:
            self.fail(path, f"must be <= {hi}", value)


def _check_field(chk: _Checker, path: tuple, name: str, value: object, packages: set[str]) -> None:
    if name in {"quota", "amount_idr"}:
        chk.number(path, value, lo=0)
    elif name == "workers":
        if isinstance(value, dict):
            for year, n in value.items():
                chk.number((*path, year), year, lo=2000, hi=2100, integer=True)
                chk.number((*path, year), n, lo=0)
        else:
            chk.number(path, value, lo=0)
    elif name in {"participation", "share_of_apbd", "share_of_allocation"}:
        chk.number(path, value, lo=0, hi=1)
    elif name == "ramp_years":
        chk.number(path, value, lo=0, hi=50, integer=True)
    elif name in {"start_year", "end_year"}:
        chk.number(path, value, lo=2000, hi=2100, integer=True)
    elif name == "months":
        chk.number(path, value, lo=1, hi=12, integer=True)
    elif name == "package":
        if value not in packages:
            chk.fail(path, f"unknown premium package (known: {', '.join(sorted(packages))})", value)
    elif name in {"use_regency_quota", "net_of_existing"}:
        if not isinstance(value, bool):
            chk.fail(path, "must be true or false", value)
    elif name in {"label"}:
        if not isinstance(value, str):
            chk.fail(path, "must be text", value)


def parse_scenarios(
    data: object,
    file: Path,
    packages: set[str],
    lines: dict[tuple, int] | None = None,
    known_codes: set[str] | None = None,
) -> list[Scenario]:
    """Validate parsed YAML ``data`` and build `Scenario` objects; raise `InputErrors` on problems."""
    chk = _Checker(Path(file), lines or {})
    if not isinstance(data, dict):
        raise InputError(file, "must be a mapping with a 'scenarios' list")
    for key in data:
        if key not in {"version", "defaults", "scenarios"}:
            chk.fail((key,), "unknown top-level field (allowed: version, defaults, scenarios)", key)
    defaults = dict(BUILTIN_DEFAULTS)
    given_defaults = data.get("defaults") or {}
    if not isinstance(given_defaults, dict):
        chk.fail(("defaults",), "must be a mapping")
        given_defaults = {}
    for name, value in given_defaults.items():
        if name not in DEFAULTABLE:
            chk.fail(("defaults", name), f"unknown default (allowed: {', '.join(sorted(DEFAULTABLE))})", name)
        else:
            _check_field(chk, ("defaults", name), name, value, packages)
            defaults[name] = value
    items = data.get("scenarios")
    if not isinstance(items, list) or not items:
        chk.fail(("scenarios",), "missing field 'scenarios' (a non-empty list)")
        raise InputErrors(chk.errors)
    scenarios, seen = [], set()
    for i, item in enumerate(items):
        path = ("scenarios", i)
        if not isinstance(item, dict):
            chk.fail(path, "each scenario must be a mapping with id, label and levers")
            continue
        for key in item:
            if key not in SCENARIO_FIELDS:
                chk.fail((*path, key), f"unknown field (allowed: {', '.join(sorted(SCENARIO_FIELDS))})", key)
        for key in ("id", "label", "levers"):
            if key not in item:
                chk.fail((*path, key), f"missing field '{key}'")
        sid = item.get("id")
        if sid is not None:
            if (
                not isinstance(sid, str)
                or not sid
                or not all(c.islower() or c.isdigit() or c == "_" for c in sid)
            ):
                chk.fail((*path, "id"), "must be lower-case letters, digits and '_'", sid)
            elif sid in seen:
                chk.fail((*path, "id"), "duplicated scenario id", sid)
            seen.add(sid)
        levers_raw = item.get("levers", [])
        if levers_raw is None:
            levers_raw = []
        if not isinstance(levers_raw, list):
            chk.fail((*path, "levers"), "must be a list (use [] for no lever)")
            levers_raw = []
        levers = []
        for j, raw in enumerate(levers_raw):
            lever = _parse_lever(chk, (*path, "levers", j), raw, defaults, packages, known_codes)
            if lever is not None:
                levers.append(lever)
        programmes = item.get("programmes", "continue")
        if programmes not in PROGRAMMES:
            chk.fail((*path, "programmes"), f"must be one of {', '.join(PROGRAMMES)}", programmes)
        scenarios.append(
            Scenario(
                id=str(sid),
                label=str(item.get("label", "")),
                description=str(item.get("description", "") or ""),
                levers=tuple(levers),
                programmes=str(programmes),
            )
        )
    if chk.errors:
        raise InputErrors(chk.errors)
    return scenarios


def _parse_lever(
    chk: _Checker, path: tuple, raw: object, defaults: dict, packages: set[str], known_codes: set[str] | None
) -> Lever | None:
    if not isinstance(raw, dict):
        chk.fail(path, "each lever must be a mapping with a 'type'")
        return None
    kind = raw.get("type")
    if kind is None:
        chk.fail((*path, "type"), f"missing field 'type' (one of {', '.join(LEVER_TYPES)})")
        return None
    if kind not in LEVER_TYPES:
        chk.fail((*path, "type"), f"unknown lever (allowed: {', '.join(LEVER_TYPES)})", kind)
        return None
    allowed = COMMON_FIELDS | REQUIRED[kind] | OPTIONAL[kind]
    for key in raw:
        if key not in allowed:
            chk.fail(
                (*path, key),
                f"unknown field for a '{kind}' lever (allowed: {', '.join(sorted(allowed))})",
                key,
            )
    for key in sorted(REQUIRED[kind]):
        if key not in raw:
            chk.fail((*path, key), f"missing field '{key}' for a '{kind}' lever")
    if kind in ONE_OF and sum(key in raw for key in ONE_OF[kind]) != 1:
        first, second = ONE_OF[kind]
        chk.fail((*path, "type"), f"a '{kind}' lever needs exactly one of '{first}' and '{second}'")
    params: dict[str, object] = {k: v for k, v in defaults.items() if k in allowed}
    for key, value in raw.items():
        if key in allowed and key not in {"type", "label", "regencies", "overrides"}:
            _check_field(chk, (*path, key), key, value, packages)
            params[key] = value
    if (
        "start_year" in params
        and "end_year" in params
        and isinstance(params.get("end_year"), int)
        and isinstance(params.get("start_year"), int)
        and params["end_year"] < params["start_year"]
    ):
        chk.fail((*path, "end_year"), "must not be before start_year", params["end_year"])
    regencies = raw.get("regencies")
    if regencies is not None:
        if not isinstance(regencies, list) or not all(isinstance(c, str) for c in regencies):
            chk.fail((*path, "regencies"), "must be a list of regency codes in quotes, e.g. ['12.14']")
            regencies = None
        elif known_codes is not None:
            for k, code in enumerate(regencies):
                if code not in known_codes:
                    chk.fail((*path, "regencies", k), "unknown regency code", code)
    overrides = raw.get("overrides") or {}
    if not isinstance(overrides, dict):
        chk.fail((*path, "overrides"), "must be a mapping of regency code -> {field: value}")
        overrides = {}
    clean: dict[str, dict[str, object]] = {}
    for code, fields in overrides.items():
        opath = (*path, "overrides", code)
        code = str(code)
        if known_codes is not None and code not in known_codes:
            chk.fail(opath, "unknown regency code (write it in quotes, e.g. '72.08')", code)
        if not isinstance(fields, dict):
            chk.fail(opath, "must be a mapping of field: value")
            continue
        for key, value in fields.items():
            if key not in allowed or key not in OVERRIDABLE:
                chk.fail((*opath, key), f"field cannot be overridden for a '{kind}' lever", key)
            else:
                _check_field(chk, (*opath, key), key, value, packages)
        clean[code] = dict(fields)
    return Lever(
        type=kind,
        params=params,
        label=str(raw.get("label", kind)),
        regencies=tuple(regencies) if regencies is not None else None,
        overrides=clean,
        where=_fmt(path),
    )


def load_scenarios(path: Path, packages: set[str], known_codes: set[str] | None = None) -> list[Scenario]:
    """Read and validate a scenario YAML file."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "scenario file not found")
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
        lines = _line_map(text)
    except yaml.YAMLError as exc:
        from ucj.config import yaml_error

        raise yaml_error(path, exc, text) from None
    return parse_scenarios(data, path, packages, lines, known_codes)


def with_lever_overrides(scenario: Scenario, **values: object) -> Scenario:
    """A copy of ``scenario`` whose levers take ``values`` (e.g. quota=50) where the field applies.

    Per-regency overrides of those fields are dropped so the value applies everywhere.
    """
    levers = []
    for lever in scenario.levers:
        allowed = REQUIRED[lever.type] | OPTIONAL[lever.type] | COMMON_FIELDS
        updates = {k: v for k, v in values.items() if v is not None and k in allowed}
        if not updates:
            levers.append(lever)
            continue
        overrides = {c: {k: v for k, v in f.items() if k not in updates} for c, f in lever.overrides.items()}
        levers.append(
            Lever(
                type=lever.type,
                params={**lever.params, **updates},
                label=lever.label,
                regencies=lever.regencies,
                overrides=overrides,
                where=lever.where,
            )
        )
    return Scenario(
        id=scenario.id,
        label=scenario.label,
        description=scenario.description,
        levers=tuple(levers),
        programmes=scenario.programmes,
    )


@dataclass(frozen=True)
class LeverFunding:
    """Funded workers and premiums of one lever: arrays of shape (years, regencies)."""

    type: str
    workers: np.ndarray
    worker_years: np.ndarray
    cost_idr: np.ndarray


def _param(lever: Lever, name: str, codes: list[str], default: object = None) -> np.ndarray:
    base = lever.params.get(name, default)
    values = [lever.overrides.get(c, {}).get(name, base) for c in codes]
    return np.array(values, dtype=object)


def evaluate_lever(
    lever: Lever,
    codes: list[str],
    desa_count: np.ndarray,
    years: list[int],
    premiums: dict[str, int],
    fiscal: dict[str, np.ndarray] | None = None,
) -> LeverFunding:
    """Funded workers, worker-years of coverage and premiums paid, per year and regency.

    workers: head count whose premiums the lever pays in the year; worker_years =
    workers × months ÷ 12 (partial-year funding counts pro rata in the year-average
    active count); cost = workers × monthly premium × months. ``fiscal``: per-regency
    ``apbd_spending_idr`` and ``dbh_sawit_idr`` (NaN where unknown: a lever sized from
    them funds nothing there).
    """
    fiscal = fiscal or {}
    missing = np.full(len(codes), np.nan)
    yrs = np.asarray(years)[:, None]
    n_years, n_reg = len(years), len(codes)
    start = _param(lever, "start_year", codes).astype(float)
    end = _param(lever, "end_year", codes, default=np.inf).astype(float)
    months = _param(lever, "months", codes, default=12).astype(float)
    premium = np.array([premiums[p] for p in _param(lever, "package", codes, default="jkk_jkm")], dtype=float)
    on = (yrs >= start[None, :]) & (yrs <= end[None, :])
    if lever.regencies is not None:
        on &= np.isin(np.asarray(codes), np.asarray(lever.regencies))[None, :]
    if lever.type == "village":
        quota = _param(lever, "quota", codes).astype(float)
        part = _param(lever, "participation", codes, default=1.0).astype(float)
        ramp = _param(lever, "ramp_years", codes, default=0).astype(float)
        step = yrs - start[None, :] + 1
        ramp_factor = np.where(
            ramp[None, :] > 0, np.clip(step / np.where(ramp > 0, ramp, 1)[None, :], 0, 1), 1.0
        )
        if lever.params.get("use_regency_quota"):
            own = np.asarray(fiscal.get("regency_quota", missing), dtype=float)
            quota = np.where(np.isfinite(own), own, quota)
        workers = desa_count[None, :].astype(float) * quota[None, :] * part[None, :] * ramp_factor
        if lever.params.get("net_of_existing"):
            existing = np.nan_to_num(np.asarray(fiscal.get("village_programme", missing), dtype=float))
            workers = np.maximum(workers - existing[None, :], 0.0)
    elif lever.type == "budget":
        share = _param(lever, "share_of_apbd", codes)
        amount = _param(lever, "amount_idr", codes)
        apbd = np.asarray(fiscal.get("apbd_spending_idr", missing), dtype=float)
        growth = np.asarray(fiscal.get("apbd_growth", np.zeros(n_reg)), dtype=float)
        base_year = np.asarray(fiscal.get("apbd_year", np.full(n_reg, years[0])), dtype=float)
        is_share = np.array([sh is not None for sh in share])
        amount = np.array(
            [
                sh * ap if sh is not None else float(am)
                for sh, ap, am in zip(share, apbd, amount, strict=False)
            ],
            dtype=float,
        )
        # a share of the APBD grows with the APBD (its measured growth); a flat amount stays flat
        grown = np.where(
            is_share[None, :], (1 + growth[None, :]) ** np.maximum(yrs - base_year[None, :], 0), 1.0
        )
        workers = np.nan_to_num(np.floor(amount[None, :] * grown / (premium * months)[None, :]))
    elif lever.type == "dbh_sawit":
        share = _param(lever, "share_of_allocation", codes)
        count = _param(lever, "workers", codes)
        dbh = np.asarray(fiscal.get("dbh_sawit_idr", missing), dtype=float)
        per_worker = premium * months
        values = np.array(
            [
                np.floor(sh * d / pw) if sh is not None else float(c)
                for sh, d, pw, c in zip(share, dbh, per_worker, count, strict=False)
            ],
            dtype=float,
        )
        workers = np.broadcast_to(np.nan_to_num(values), (n_years, n_reg)).copy()
    else:  # custom
        raw = _param(lever, "workers", codes)
        workers = np.zeros((n_years, n_reg))
        for r, value in enumerate(raw):
            if isinstance(value, dict):
                by_year = {int(k): float(v) for k, v in value.items()}
                workers[:, r] = [by_year.get(int(y), 0.0) for y in years]
            else:
                workers[:, r] = float(value)
    workers = np.where(on, workers, 0.0)
    return LeverFunding(
        type=lever.type,
        workers=workers,
        worker_years=workers * months[None, :] / 12,
        cost_idr=workers * premium[None, :] * months[None, :],
    )


def evaluate_scenario(
    scenario: Scenario,
    codes: list[str],
    desa_count: np.ndarray,
    years: list[int],
    premiums: dict[str, int],
    fiscal: dict[str, np.ndarray] | None = None,
) -> list[LeverFunding]:
    """Funding of every lever of ``scenario`` (empty list for the status quo)."""
    return [evaluate_lever(lv, codes, desa_count, years, premiums, fiscal) for lv in scenario.levers]
