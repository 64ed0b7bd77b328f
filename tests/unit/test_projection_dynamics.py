"""The projection's dynamics and hindcast (ucj.projection.dynamics, ucj.projection.hindcast) on small
hand-made histories: what they estimate follows the figures, and the validation is computed, not typed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ucj.projection import dynamics, hindcast

pytestmark = pytest.mark.unit


def _history(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(
        rows, columns=["regency_code", "as_of", "metric", "segment", "group", "funder", "value"]
    )
    df["as_of"] = pd.to_datetime(df["as_of"])
    df["unit"] = "persons"
    df["source"] = "test"
    return df


HISTORY = _history(
    [
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
    ]
)
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
    apbd = pd.DataFrame(
        {
            "kemendagri_code": ["a", "a", "b", "b", "c", "c"],
            "year": [2023, 2025] * 3,
            "belanja_daerah_anggaran_sum_l3_rp": [100, 121, 100, 100, 100, 144],
        }
    )
    growth, n, basis = dynamics.apbd_growth(apbd)
    assert (growth, n, basis) == (pytest.approx(0.10), 3, "2023-2025")


def test_workforce_paths_follow_the_table_then_grow_and_formalise() -> None:
    wf = pd.DataFrame(
        {
            "regency_code": ["x", "x", "y", "y"],
            "year": [2023, 2024, 2023, 2024],
            "employed_count": [100.0, 110.0, 100.0, 100.0],
            "informal_count": [60.0, 66.0, 50.0, 50.0],
        }
    )
    slope = pd.Series({"P": -0.05})
    prov = pd.Series({"x": "P", "y": "Q"})
    paths = dynamics.workforce_paths(wf, ["x", "y"], [2024, 2025, 2030], 0.01, slope, prov)
    assert paths["employed"][0].tolist() == [110.0, 100.0]
    assert (paths["informal"] <= paths["employed"]).all()
    share = paths["informal"] / paths["employed"]
    assert share[2, 0] < share[0, 0]  # province P formalises
    assert share[2, 1] == pytest.approx(share[0, 1])  # province Q has no trend
    assert (
        paths["employed"][2, 0] / paths["employed"][1, 0] > paths["employed"][2, 1] / paths["employed"][1, 1]
    )


def test_hindcast_pairs_predictions_and_held_out_bands() -> None:
    pairs = hindcast.pairs_from_history(HISTORY)
    assert set(pairs["kind"]) == {"programme", "active"}
    assert (pairs["gap_years"] >= hindcast.MIN_GAP_YEARS).all()
    wf = pd.DataFrame(
        {
            "regency_code": np.repeat(["01.0" + str(i) for i in range(1, 5)], 2),
            "year": [2020, 2024] * 4,
            "employed_count": 40_000.0,
            "informal_count": 25_000.0,
        }
    )
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
    inside = np.abs(err) <= hindcast.Z90 * np.sqrt(0.05**2 + drift**2 * gap)
    assert inside.mean() == pytest.approx(0.90, abs=0.01)
    assert drift == pytest.approx(0.3, rel=0.15)
    assert hindcast.choose_drift(np.zeros(10), np.ones(10), np.full(10, 0.1)) == 0.0


# --- the regencies' own policies, and scenarios built on them -------------------------------------------

POLICY_HEADER = (
    "regency_code,regency_name,policy,funder,quota_per_village,village_term,workers_per_year,start_year,"
    "legal_basis,quote,outlet,url,published_date,confidence\n"
)


def _master() -> pd.DataFrame:
    return pd.DataFrame(
        {"regency_code": ["13.03", "12.14", "72.08", "11.01"], "province_code": ["13", "12", "72", "11"]}
    )


def test_policy_rows_are_validated_with_file_line_and_column(tmp_path) -> None:
    from ucj.errors import InputErrors
    from ucj.projection import policies

    bad = tmp_path / "p.csv"
    bad.write_text(
        POLICY_HEADER + '13.03,Sijunjung,village_quota,APBDes_ADD,100,nagari,,2023,,"satu nagari 100 '
        'pekerja",X,,2023-10,A\n'
        + '72.08,Parigi,village_quota,APBDes_ADD,60,desa,,2025,,"50 pekerja rentan per desa",Y,,2025-07,A\n'
        + '99.99,Nowhere,village_quota,APBD,10,desa,,,,"10 per desa",Z,,2025,A\n'
    )
    with pytest.raises(InputErrors) as err:
        policies.read(_master(), bad)
    text = str(err.value)
    assert "line 4" in text and "regency_code" in text  # unknown code
    good = tmp_path / "g.csv"
    good.write_text(
        POLICY_HEADER + '13.03,Sijunjung,village_quota,APBDes_ADD,100,nagari,,2023,,"satu nagari 100 '
        'pekerja",X,,2023-10,A\n'
        + '72.08,Parigi,village_quota,APBDes_ADD,60,desa,,2025,,"50 pekerja rentan per desa",Y,,2025-07,A\n'
    )
    with pytest.raises(InputErrors) as err:
        policies.read(_master(), good)
    assert "line 3" in str(err.value) and "quota_per_village" in str(err.value)  # 60 is not in its quote


def test_regency_quota_prefers_a_quota_in_force_then_a_proposal_then_the_labelled_default(tmp_path) -> None:
    from ucj.projection import policies

    f = tmp_path / "p.csv"
    f.write_text(
        POLICY_HEADER + '13.03,Sijunjung,village_quota,APBDes_ADD,100,nagari,,2023,,"satu nagari 100 '
        'pekerja",X,,2023-10,A\n'
        + '12.14,Nisel,village_quota_proposed,APBDes_ADD,100,desa,,,,"100 orang per desa",Y,,2023-06,B\n'
        + '72.08,Parigi,village_quota_proposed,APBDes_ADD,100,desa,,,,"100 per desa",Z,,2024-01,B\n'
        + '72.08,Parigi,village_quota,APBDes_ADD,50,desa,,2025,,"50 pekerja rentan per desa",Z,,2023-07,A\n'
    )
    table = policies.read(_master(), f)
    q = policies.regency_quota(table, ["13.03", "12.14", "72.08", "11.01"], 50).set_index("regency_code")
    assert q.loc["13.03", ["quota", "quota_status"]].tolist() == [100, "village_quota"]
    assert q.loc["12.14", ["quota", "quota_status"]].tolist() == [100, "village_quota_proposed"]
    assert q.loc["72.08", ["quota", "quota_status"]].tolist() == [
        50,
        "village_quota",
    ]  # in force beats a proposal
    assert q.loc["11.01", ["quota", "quota_status"]].tolist() == [50, "default"]
    terms = policies.village_terms(table, _master())
    assert terms["13.03"] == "nagari" and terms["11.01"] == "gampong" and terms["72.08"] == "desa"


def test_a_village_lever_at_the_regency_quota_adds_only_what_villages_do_not_fund_yet() -> None:
    from ucj.projection import scenarios

    data = {
        "scenarios": [
            {
                "id": "own",
                "label": "own",
                "levers": [
                    {"type": "village", "quota": 50, "use_regency_quota": True, "net_of_existing": True}
                ],
            },
            {"id": "stop", "label": "stop", "programmes": "stop", "levers": []},
        ]
    }
    own, stop = scenarios.parse_scenarios(data, "s.yml", {"jkk_jkm"})
    assert stop.programmes == "stop" and own.programmes == "continue"
    fiscal = {
        "regency_quota": np.array([100.0, np.nan, 50.0]),
        "village_programme": np.array([0.0, 0.0, 13_900.0]),
    }
    desa = np.array([62, 10, 278])
    funding = scenarios.evaluate_scenario(
        own, ["13.03", "11.01", "72.08"], desa, [2026, 2027], {"jkk_jkm": 16_800}, fiscal
    )
    workers = funding[0].workers[0]
    assert workers.tolist() == [
        6200.0,
        500.0,
        0.0,
    ]  # 62 x 100; the default 50; Parigi's 13,900 already funded
    from ucj.errors import InputErrors

    with pytest.raises(InputErrors):
        scenarios.parse_scenarios(
            {"scenarios": [{"id": "x", "label": "x", "programmes": "pause", "levers": []}]},
            "s.yml",
            {"jkk_jkm"},
        )


# --- coverage now means now: figures carried to one baseline date -------------------------------------


def _baseline_rows(dates: list[str], values: list[float]) -> pd.DataFrame:
    n = len(dates)
    return pd.DataFrame(
        {
            "regency_code": [f"01.0{i + 1}" for i in range(n)],
            "segment": "BPU",
            "active_count": values,
            "as_of": pd.to_datetime(dates),
            "baseline_log_sd": 0.10,
            "employed_count": 40_000.0,
            "informal_count": 25_000.0,
            "informal_count_p05": 20_000.0,
            "informal_count_p95": 30_000.0,
            "potential_count": np.nan,
        }
    )


def _workforce(codes: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "regency_code": np.repeat(codes, 2),
            "year": [2020, 2024] * len(codes),
            "employed_count": 40_000.0,
            "informal_count": 25_000.0,
        }
    )


def test_a_figure_at_the_baseline_date_is_itself_and_older_ones_get_wider_bands() -> None:
    from ucj.projection import carry

    dates = ["2025-12-31", "2024-12-31", "2021-12-31"]
    base = _baseline_rows(dates, [5_000.0, 5_000.0, 5_000.0])
    codes = base["regency_code"].tolist()
    paths = {"informal": np.full((2, 3), 25_000.0), "employed": np.full((2, 3), 40_000.0)}
    hist = _history([])
    out = carry.carry_baseline(
        base,
        hist,
        _workforce(codes),
        paths,
        [2025, 2026],
        0.1,
        {"informal": 0.01, "employed": 0.05},
        0.11,
        pd.Timestamp("2025-12-31"),
    )
    assert out.loc[0, "active_count"] == 5_000.0 and out.loc[0, "carried_years"] == 0
    assert out.loc[0, "baseline_log_sd"] == pytest.approx(0.10)
    assert (out["figure_count"] == 5_000.0).all() and (out["as_of"] == pd.Timestamp("2025-12-31")).all()
    sd = out["baseline_log_sd"].to_numpy()
    assert sd[0] < sd[1] < sd[2]  # the older the figure, the wider its band
    assert sd[2] == pytest.approx(np.sqrt(0.10**2 + 0.11**2 * out.loc[2, "carried_years"]))


def test_carrying_never_exceeds_the_workforce_and_keeps_the_programme() -> None:
    from ucj.projection import carry

    base = _baseline_rows(["2021-06-30"], [24_000.0])
    hist = _history([("01.01", "2021-01-31", "program_enrolled", "BPU", "pekerja_rentan", "APBD", 20_000)])
    paths = {"informal": np.full((2, 1), 25_000.0), "employed": np.full((2, 1), 40_000.0)}
    out = carry.carry_baseline(
        base,
        hist,
        _workforce(["01.01"]),
        paths,
        [2025, 2026],
        0.5,
        {"informal": 0.9, "employed": 0.9},
        0.11,
        pd.Timestamp("2025-12-31"),
    )
    assert out.loc[0, "active_count"] <= out.loc[0, "informal_count"] + 1e-6
    low = carry.carry_baseline(
        base,
        hist,
        _workforce(["01.01"]),
        paths,
        [2025, 2026],
        0.5,
        {"informal": 0.0, "employed": 0.0},
        0.11,
        pd.Timestamp("2025-12-31"),
    )
    assert low.loc[0, "active_count"] >= 20_000 - 1e-6  # the programme then in force continues
