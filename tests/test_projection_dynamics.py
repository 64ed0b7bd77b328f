"""The projection's dynamics and hindcast (ucj.projection.dynamics, ucj.projection.hindcast) on small
hand-made histories: what they estimate follows the figures, and the validation is computed, not typed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ucj.projection import dynamics, hindcast

pytestmark = pytest.mark.unit


def _history(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["regency_code", "as_of", "metric", "segment", "group", "funder", "value"])
    df["as_of"] = pd.to_datetime(df["as_of"])
    df["unit"] = "persons"
    df["source"] = "test"
    return df


HISTORY = _history([
    ("01.01", "2022-06-30", "program_enrolled", "BPU", "pekerja_rentan", "APBD", 1000),
    ("01.01", "2023-06-30", "program_enrolled", "BPU", "pekerja_rentan", "APBD", 3000),
    ("01.01", "2025-06-30", "program_enrolled", "BPU", "pekerja_rentan", "APBD", 3500),
    ("01.01", "2025-06-30", "program_enrolled", "BPU", "pekerja_rentan", "APBDes_ADD", 2000),
    ("01.02", "2022-01-31", "program_enrolled", "BPU", "pekerja_rentan", "APBD", 500),
    ("01.02", "2024-01-31", "program_enrolled", "BPU", "pekerja_rentan", "APBD", 1500),
    ("01.03", "2021-01-31", "program_enrolled", "BPU", "pekerja_rentan", "DBH_sawit", 100),
    ("01.03", "2023-01-31", "program_enrolled", "BPU", "pekerja_rentan", "DBH_sawit", 900),
    ("01.03", "2023-01-31", "program_enrolled", "PU", "non_asn", "APBD", 700),
    ("01.04", "2020-12-31", "active", "all", None, None, 10000),
    ("01.04", "2023-12-31", "active", "all", None, None, 11000),
])
INFORMAL = pd.Series({"01.01": 50_000.0, "01.02": 20_000.0, "01.03": 10_000.0, "01.04": 30_000.0})


def test_programme_stock_is_the_largest_figure_of_the_latest_date_per_segment() -> None:
    stock = dynamics.programme_stock(HISTORY, ["01.01", "01.03", "01.09"], ("BPU",)).set_index("regency_code")
    assert stock.loc["01.01", "programme_count"] == 3500  # two funders on one date may count the same workers
    assert stock.loc["01.03", "programme_count"] == 900
    assert stock.loc["01.09", "programme_count"] == 0  # no programme: nothing funded
    both = dynamics.programme_stock(HISTORY, ["01.03"], ("BPU", "PU")).set_index("regency_code")
    assert both.loc["01.03", "programme_count"] == 900 + 700


def test_capacity_is_fitted_to_the_largest_yearly_increase_of_each_programme_series() -> None:
    cap = dynamics.enrolment_capacity(HISTORY, INFORMAL)
    obs = cap.observations.set_index("regency_code")["added_share_per_year"]
    assert obs["01.01"] == pytest.approx((3000 - 1000) / (365 / 365.25) / 50_000, rel=1e-6)
    assert len(obs) == 3 and (obs > 0).all()
    logs = np.log(obs.to_numpy())
    assert cap.median == pytest.approx(np.exp(np.quantile(logs, dynamics.CAPACITY_QUANTILE)))
    assert cap.draws(np.array([0.0]))[0] == pytest.approx(cap.median)


def test_apbd_growth_is_the_median_growth_between_the_first_and_last_year() -> None:
    apbd = pd.DataFrame({"kemendagri_code": ["a", "a", "b", "b", "c", "c"], "year": [2023, 2025] * 3,
                         "belanja_daerah_anggaran_sum_l3_rp": [100, 121, 100, 100, 100, 144]})
    growth, n, basis = dynamics.apbd_growth(apbd)
    assert (growth, n, basis) == (pytest.approx(0.10), 3, "2023-2025")


def test_workforce_paths_follow_the_table_then_grow_and_formalise() -> None:
    wf = pd.DataFrame({"regency_code": ["x", "x", "y", "y"], "year": [2023, 2024, 2023, 2024],
                       "employed_count": [100.0, 110.0, 100.0, 100.0], "informal_count": [60.0, 66.0, 50.0, 50.0]})
    slope = pd.Series({"P": -0.05})
    prov = pd.Series({"x": "P", "y": "Q"})
    paths = dynamics.workforce_paths(wf, ["x", "y"], [2024, 2025, 2030], 0.01, slope, prov)
    assert paths["employed"][0].tolist() == [110.0, 100.0]
    assert (paths["informal"] <= paths["employed"]).all()
    share = paths["informal"] / paths["employed"]
    assert share[2, 0] < share[0, 0]  # province P formalises
    assert share[2, 1] == pytest.approx(share[0, 1])  # province Q has no trend
    assert paths["employed"][2, 0] / paths["employed"][1, 0] > paths["employed"][2, 1] / paths["employed"][1, 1]


def test_hindcast_pairs_predictions_and_held_out_bands() -> None:
    pairs = hindcast.pairs_from_history(HISTORY)
    assert set(pairs["kind"]) == {"programme", "active"}
    assert (pairs["gap_years"] >= hindcast.MIN_GAP_YEARS).all()
    wf = pd.DataFrame({"regency_code": np.repeat(["01.0" + str(i) for i in range(1, 5)], 2),
                       "year": [2020, 2024] * 4, "employed_count": 40_000.0, "informal_count": 25_000.0})
    pairs["province"] = pairs["area_code"].str[:2]
    predicted = hindcast.predict(pairs, HISTORY, wf, 0.1, {"informal": 0.01, "employed": 0.02})
    prog = predicted[predicted["kind"] == "programme"]
    assert (prog["predicted"] == prog["from_value"]).all()  # the status quo keeps a programme at its level
    active = predicted[predicted["kind"] == "active"].iloc[0]
    assert 0 < active["predicted"] < 40_000
    result = hindcast.validate(predicted, 0.10)
    assert result.pairs["in_band_held_out"].dtype == bool
    assert set(result.summary["kind"]) >= {"all", "programme", "active"}
    row = result.summary[result.summary["kind"] == "all"].iloc[0]
    assert row["pairs"] == len(result.pairs)
    assert row["share_in_band_held_out"] == pytest.approx(result.pairs["in_band_held_out"].mean())


def test_chosen_drift_puts_the_level_of_pairs_inside_the_band() -> None:
    rng = np.random.default_rng(1)
    gap = rng.uniform(1, 4, 400)
    err = rng.normal(0, 0.3, 400) * np.sqrt(gap)
    drift = hindcast.choose_drift(err, gap, np.full(400, 0.05))
    inside = np.abs(err) <= hindcast.Z90 * np.sqrt(0.05 ** 2 + drift ** 2 * gap)
    assert inside.mean() == pytest.approx(0.90, abs=0.01)
    assert drift == pytest.approx(0.3, rel=0.15)
    assert hindcast.choose_drift(np.zeros(10), np.ones(10), np.full(10, 0.1)) == 0.0
