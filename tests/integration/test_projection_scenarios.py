"""The scenario file: validation errors name the field and line; levers give workers and costs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ucj.errors import InputError, InputErrors
from ucj.projection import assumptions, engine, scenarios

PREMIUMS = {"jkk_jkm": 16_800, "jkk_jkm_jht": 36_800}
YEARS = list(range(2024, 2046))
CODES = ["12.14", "33.19", "72.08"]
DESA = np.array([459.0, 123.0, 278.0])


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scenarios.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _errors(path: Path) -> list[InputError]:
    with pytest.raises((InputError, InputErrors)) as info:
        scenarios.load_scenarios(path, set(PREMIUMS), set(CODES))
    exc = info.value
    return exc.errors if isinstance(exc, InputErrors) else [exc]


def test_the_shipped_scenario_file_is_valid_and_has_the_required_scenarios() -> None:
    from ucj import master

    codes = set(master.read_master()["regency_code"])
    path = assumptions.read_settings().scenarios_path()
    found = scenarios.load_scenarios(path, set(assumptions.read_premiums()), codes)
    ids = [s.id for s in found]
    assert ids[0] == "status_quo" and not found[0].levers
    kinds = {lv.type for s in found for lv in s.levers}
    assert {"village", "budget", "dbh_sawit"} <= kinds
    assert any(len({lv.type for lv in s.levers}) > 1 for s in found), "a combination scenario"
    assert any(lv.params.get("quota") == 50 for s in found for lv in s.levers), (
        "a real quota (Parigi Moutong)"
    )
    assert any(lv.params.get("quota") == 100 for s in found for lv in s.levers), "satu desa 100"
    assert any(lv.type == "dbh_sawit" and lv.params["months"] < 12 for s in found for lv in s.levers)


BAD_CASES = [
    (
        "unknown lever",
        "scenarios:\n  - id: a\n    label: A\n    levers:\n      - type: vilage\n        quota: 5\n",
        "scenarios[0].levers[0].type",
        5,
        "unknown lever",
    ),
    (
        "negative quota",
        "scenarios:\n  - id: a\n    label: A\n    levers:\n      - type: village\n        quota: -5\n",
        "scenarios[0].levers[0].quota",
        6,
        "negative",
    ),
    (
        "missing field",
        "scenarios:\n  - id: a\n    label: A\n    levers:\n      - type: budget\n        months: 12\n",
        "scenarios[0].levers[0].type",
        5,
        "exactly one of 'amount_idr' and 'share_of_apbd'",
    ),
    (
        "missing label",
        "scenarios:\n  - id: a\n    levers: []\n",
        "scenarios[0].label",
        2,
        "missing field 'label'",
    ),
    (
        "unknown field",
        "scenarios:\n  - id: a\n    label: A\n    levers:\n      - type: village\n        quota: 5\n        "
        "qouta: 5\n",
        "scenarios[0].levers[0].qouta",
        7,
        "unknown field",
    ),
    (
        "months out of range",
        "scenarios:\n  - id: a\n    label: A\n    levers:\n      - type: dbh_sawit\n"
        "        workers: 10\n        months: 13\n",
        "scenarios[0].levers[0].months",
        7,
        "<= 12",
    ),
    (
        "unknown regency in overrides",
        "scenarios:\n  - id: a\n    label: A\n    levers:\n      - type: village\n        quota: 5\n        "
        "overrides:\n          '99.99': {quota: 1}\n",
        "scenarios[0].levers[0].overrides.99.99",
        8,
        "unknown regency code",
    ),
    (
        "negative override",
        "scenarios:\n  - id: a\n    label: A\n    levers:\n      - type: village\n"
        "        quota: 5\n        overrides:\n          '12.14': {quota: -1}\n",
        "scenarios[0].levers[0].overrides.12.14.quota",
        8,
        "negative",
    ),
    (
        "unknown package",
        "scenarios:\n  - id: a\n    label: A\n    levers:\n      - type: budget\n"
        "        amount_idr: 100\n        package: gold\n",
        "scenarios[0].levers[0].package",
        7,
        "unknown premium",
    ),
    (
        "duplicate id",
        "scenarios:\n  - id: a\n    label: A\n    levers: []\n  - id: a\n    label: B\n    levers: []\n",
        "scenarios[1].id",
        5,
        "duplicated",
    ),
    ("no scenarios", "version: 1\n", "scenarios", None, "missing field 'scenarios'"),
]


@pytest.mark.parametrize(
    ("case", "text", "field", "line", "message"), BAD_CASES, ids=[c[0] for c in BAD_CASES]
)
def test_a_bad_scenario_file_gives_an_error_naming_file_line_and_field(
    tmp_path, case, text, field, line, message
) -> None:
    path = _write(tmp_path, text)
    errors = _errors(path)
    match = [e for e in errors if e.column == field]
    assert match, f"no error for {field}: {[str(e) for e in errors]}"
    err = match[0]
    assert err.path == path
    assert message in str(err)
    if line is not None:
        assert err.row == line


def test_invalid_yaml_is_reported_with_its_line(tmp_path) -> None:
    path = _write(tmp_path, "scenarios:\n  - id: a\n    label: [unclosed\n")
    (err,) = _errors(path)
    assert "not valid YAML" in str(err) and err.row is not None


@settings(max_examples=60, deadline=None)
@given(
    quota=st.floats(0, 500),
    participation=st.floats(0, 1),
    ramp=st.integers(0, 5),
    months=st.integers(1, 12),
    start=st.integers(2024, 2040),
    package=st.sampled_from(sorted(PREMIUMS)),
)
def test_village_cost_is_funded_workers_times_premium_times_months(
    quota, participation, ramp, months, start, package
) -> None:
    lever = scenarios.Lever(
        "village",
        {
            "quota": quota,
            "participation": participation,
            "ramp_years": ramp,
            "months": months,
            "start_year": start,
            "package": package,
        },
    )
    f = scenarios.evaluate_lever(lever, CODES, DESA, YEARS, PREMIUMS)
    np.testing.assert_allclose(f.cost_idr, f.workers * PREMIUMS[package] * months)
    np.testing.assert_allclose(f.worker_years, f.workers * months / 12)
    full = np.array(YEARS) >= start + max(ramp, 1) - 1
    np.testing.assert_allclose(
        f.workers[full], np.broadcast_to(DESA * quota * participation, f.workers[full].shape)
    )
    assert (f.workers[np.array(YEARS) < start] == 0).all()


@settings(max_examples=60, deadline=None)
@given(amount=st.floats(0, 1e11), months=st.integers(1, 12), workers=st.floats(0, 1e5))
def test_budget_and_dbh_cost_is_funded_workers_times_premium_times_months(amount, months, workers) -> None:
    budget = scenarios.evaluate_lever(
        scenarios.Lever(
            "budget", {"amount_idr": amount, "months": months, "start_year": 2026, "package": "jkk_jkm"}
        ),
        CODES,
        DESA,
        YEARS,
        PREMIUMS,
    )
    assert (budget.cost_idr <= amount + 1e-6).all()
    np.testing.assert_allclose(budget.workers[2:], np.floor(amount / (16_800 * months)))
    np.testing.assert_allclose(budget.cost_idr, budget.workers * 16_800 * months)
    dbh = scenarios.evaluate_lever(
        scenarios.Lever(
            "dbh_sawit", {"workers": workers, "months": months, "start_year": 2026, "package": "jkk_jkm"}
        ),
        CODES,
        DESA,
        YEARS,
        PREMIUMS,
    )
    np.testing.assert_allclose(dbh.cost_idr[2:], workers * 16_800 * months)
    np.testing.assert_allclose(dbh.worker_years[2:], workers * months / 12)


def test_real_quota_overrides_and_regency_filters_apply_per_regency() -> None:
    lever = scenarios.Lever(
        "village",
        {"quota": 50, "start_year": 2026, "months": 12, "package": "jkk_jkm"},
        overrides={"33.19": {"quota": 10}},
        regencies=("33.19", "72.08"),
    )
    f = scenarios.evaluate_lever(lever, CODES, DESA, YEARS, PREMIUMS)
    np.testing.assert_allclose(f.workers[2], [0.0, 123 * 10, 278 * 50])
    assert f.cost_idr[2, 2] == 278 * 50 * 201_600  # Rp10.08 million per village (Parigi Moutong)


def test_nias_selatan_village_programme_costs_what_the_domain_note_says() -> None:
    lever = scenarios.Lever("village", {"quota": 100, "start_year": 2026, "months": 12, "package": "jkk_jkm"})
    f = scenarios.evaluate_lever(lever, ["12.14"], np.array([459.0]), YEARS, PREMIUMS)
    assert f.workers[2, 0] == 45_900 and f.cost_idr[2, 0] == 45_900 * 201_600  # ≈ Rp9.25 billion


@settings(max_examples=40, deadline=None)
@given(q1=st.floats(0, 300), dq=st.floats(0, 300), lapse=st.floats(0, 0.3), take_up=st.floats(0, 1))
def test_a_larger_quota_never_lowers_coverage_nor_delays_universal_coverage(q1, dq, lapse, take_up) -> None:
    elig = np.tile(np.linspace(50_000, 60_000, len(YEARS))[:, None], (1, len(CODES)))
    out = []
    for quota in (q1, q1 + dq):
        lever = scenarios.Lever(
            "village",
            {"quota": quota, "start_year": 2026, "months": 12, "package": "jkk_jkm", "ramp_years": 2},
        )
        f = scenarios.evaluate_lever(lever, CODES, DESA, YEARS, PREMIUMS)
        active = engine.project(np.full(3, 5_000.0), elig, f.worker_years, lapse, take_up, 0.02)
        out.append(active)
    assert (out[1] >= out[0] - 1e-6).all()
    cov = [a / elig[:, :, None] for a in out]
    assert (
        engine.first_year_reached(cov[1], np.array(YEARS), 0.95)
        <= engine.first_year_reached(cov[0], np.array(YEARS), 0.95)
    ).all()


def test_lever_overrides_from_the_notebook_replace_per_regency_values() -> None:
    scen = scenarios.Scenario(
        "x",
        "X",
        "",
        (scenarios.Lever("village", {"quota": 50, "start_year": 2026}, overrides={"33.19": {"quota": 10}}),),
    )
    changed = scenarios.with_lever_overrides(scen, quota=80, amount_idr=None)
    assert changed.levers[0].params["quota"] == 80 and changed.levers[0].overrides == {"33.19": {}}
