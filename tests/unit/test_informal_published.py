"""Published BPS regency informal figures: validated like every input, turned into shares in code, and
used to check (and size) the regency intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ucj.errors import InputErrors
from ucj.informal import published, regency_validation

pytestmark = pytest.mark.unit

HEADER = (
    "regency_code,regency_name,round,metric,status,value,unit,definition,quote,outlet,url,published_date,"
    "confidence\n"
)
MASTER = pd.DataFrame({"regency_code": ["32.76", "33.22", "21.71", "73.07"]})


def _write(tmp_path, rows: str):
    f = tmp_path / "p.csv"
    f.write_text(HEADER + rows, encoding="utf-8")
    return f


def test_bad_rows_are_named_by_file_line_and_column(tmp_path) -> None:
    f = _write(
        tmp_path,
        '32.76,Depok,2021-08,informal_share,,135.4,percent,bps_status,"135,4 persen",X,,2021,B\n'
        '99.99,Nowhere,2021-08,informal_share,,35.4,percent,bps_status,"35,4 persen",X,,2021,B\n',
    )
    with pytest.raises(InputErrors) as err:
        published.read(MASTER, f)
    assert "line 3" in str(err.value) and "regency_code" in str(err.value)
    f = _write(
        tmp_path, '32.76,Depok,2021-08,informal_share,,135.4,percent,bps_status,"135,4 persen",X,,2021,B\n'
    )
    with pytest.raises(InputErrors) as err:
        published.read(MASTER, f)
    assert "line 2" in str(err.value) and "'value'" in str(err.value)
    f = _write(
        tmp_path,
        '32.76,Depok,2021-08,status_count,total,1000,persons,bps_status,"1.000",X,,2021,B\n'
        '32.76,Depok,2021-08,status_count,buruh_karyawan,900,persons,bps_status,"900",X,,2021,B\n'
        '32.76,Depok,2021-08,status_count,berusaha_sendiri,300,persons,bps_status,"300",X,,2021,B\n',
    )
    with pytest.raises(InputErrors, match="exceed their total"):
        published.read(MASTER, f)


def test_shares_are_derived_in_code_in_a_stated_order(tmp_path) -> None:
    f = _write(
        tmp_path,
        '32.76,Depok,2021-08,formal_share,,64.57,percent,bps_status,"64,57 persen",X,,2021,B\n'
        '33.22,Semarang,2023-08,informal_share,,51.76,percent,bps_status,"51,76 persen",X,,2023,B\n'
        '33.22,Semarang,2023-08,formal_share,,48.24,percent,bps_status,"48,24 persen",X,,2023,B\n'
        '73.07,Sinjai,2022-08,informal_count,,81897,persons,bps_status,"81.897",X,,2022,A\n'
        '73.07,Sinjai,2022-08,formal_count,,33486,persons,bps_status,"33.486",X,,2022,A\n'
        '21.71,Batam,2019-08,employed_count,,600000,persons,bps_status,"600.000",X,,2019,B\n',
    )
    s = published.shares(published.read(MASTER, f)).set_index("regency_code")
    assert s.loc["32.76", "published_share"] == pytest.approx(1 - 0.6457)
    assert s.loc["33.22", "published_share"] == pytest.approx(0.5176)  # the informal share as stated wins
    assert s.loc["73.07", "published_share"] == pytest.approx(81897 / (81897 + 33486))
    assert "21.71" not in s.index  # an employed count alone gives no share


def test_the_extra_variance_puts_the_level_of_figures_inside_and_widening_never_narrows() -> None:
    rng = np.random.default_rng(3)
    sd = np.full(300, 0.2)
    err = rng.normal(0, 0.4, 300)
    v = regency_validation.choose_extra_variance(err, sd)
    inside = np.abs(err) <= regency_validation.Z90 * np.sqrt(sd**2 + v)
    assert inside.mean() == pytest.approx(0.9, abs=0.01)
    assert regency_validation.choose_extra_variance(np.zeros(5), np.full(5, 0.1)) == 0.0
    df = pd.DataFrame(
        {
            "informal_share": [0.3, 0.6],
            "informal_share_p05": [0.25, 0.5],
            "informal_share_p95": [0.36, 0.7],
            "informal_count": [300.0, 600.0],
            "informal_count_p05": [250.0, 500.0],
            "informal_count_p95": [360.0, 700.0],
            "employed_count_p95": [1100.0, 1100.0],
            "is_interval_widened": False,
        }
    )
    wide = regency_validation.widen(df, 0.05)
    assert (wide["informal_share_p05"] < df["informal_share_p05"]).all()
    assert (wide["informal_share_p95"] > df["informal_share_p95"]).all()
    assert (wide["informal_share_p05"] < wide["informal_share"]).all()
    assert (wide["informal_share"] < wide["informal_share_p95"]).all()
    assert (wide["informal_count_p95"] <= wide["employed_count_p95"]).all()
    assert regency_validation.widen(df, 0.0).equals(df)


def test_informal_over_employed_counts_give_a_share_and_an_impossible_one_is_dropped(tmp_path) -> None:
    f = _write(
        tmp_path,
        '21.71,Batam,2025-08,informal_count,,150000,persons,bps_status,"150.000",X,,2026,B\n'
        '21.71,Batam,2025-08,employed_count,,600000,persons,bps_status,"600.000",X,,2026,B\n'
        '73.07,Sinjai,2025-08,informal_count,,90000,persons,bps_status,"90.000",X,,2026,B\n'
        '73.07,Sinjai,2025-08,employed_count,,80000,persons,bps_status,"80.000",X,,2026,B\n',
    )
    s = published.shares(published.read(MASTER, f)).set_index("regency_code")
    assert s.loc["21.71", "published_share"] == pytest.approx(0.25)
    assert s.loc["21.71", "derivation"] == "informal ÷ employed counts"
    assert "73.07" not in s.index  # more informal than employed: no share


def _estimates(shares: dict[tuple[str, int], float]) -> pd.DataFrame:
    rows = [
        {
            "regency_code": c,
            "year": y,
            "informal_share": s,
            "informal_share_p05": s * 0.9,
            "informal_share_p95": min(s * 1.1, 0.999),
            "employed_count": 1000.0,
            "employed_count_p95": 1100.0,
            "informal_count": 1000.0 * s,
            "informal_count_p05": 900.0 * s,
            "informal_count_p95": 1100.0 * s,
            "formal_count": 1000.0 * (1 - s),
        }
        for (c, y), s in shares.items()
    ]
    return pd.DataFrame(rows)


def test_a_later_round_is_checked_against_the_last_estimate_moved_by_the_province_trend() -> None:
    est = _estimates(
        {("32.76", 2023): 0.40, ("32.76", 2024): 0.42, ("33.22", 2023): 0.50, ("33.22", 2024): 0.52}
    )
    province_of = pd.Series({"32.76": "32", "33.22": "33"})
    moved = regency_validation.carry_forward(est, pd.Series([2025]), province_of).set_index("regency_code")
    # shares rising in both provinces: the 2025 estimate is one more step of the same logit rise
    assert 0.42 < moved.loc["32.76", "informal_share"] < 0.445  # one more logit step
    assert (moved["year"] == 2025).all()
    assert regency_validation.carry_forward(est, pd.Series([2024]), province_of).empty


def test_anchoring_moves_every_year_of_a_regency_towards_its_figure_and_keeps_counts_possible() -> None:
    from scipy.special import logit

    from ucj.informal import published_anchor

    est = _estimates(
        {("32.76", 2021): 0.30, ("32.76", 2025): 0.30, ("33.22", 2021): 0.50, ("33.22", 2025): 0.50}
    )
    figures = pd.DataFrame(
        {
            "regency_code": ["32.76", "32.76", "33.22", "33.22"],
            "round": ["2021-08", "2025-08", "2021-08", "2025-08"],
            "year": [2021, 2025, 2021, 2025],
            "province": ["32", "32", "33", "33"],
            "definition": "bps_status",
            "published_share": [0.36, 0.37, 0.45, 0.44],
        }
    )
    figures = figures.merge(est[["regency_code", "year", "informal_share"]], on=["regency_code", "year"])
    figures["logit_error"] = logit(figures["published_share"]) - logit(figures["informal_share"])
    figures["logit_sd"] = 0.05
    anchoring = published_anchor.choose(figures)
    summary = anchoring.summary.iloc[0]
    assert summary["mae_pp_anchored"] <= summary["mae_pp_model"]  # the data chose it: never worse
    assert 0 < anchoring.persistence <= 1
    out = published_anchor.apply(est, anchoring).set_index(["regency_code", "year"])
    assert out.loc[("32.76", 2021), "informal_share"] > 0.30  # towards 0.36/0.37
    assert out.loc[("33.22", 2021), "informal_share"] < 0.50  # towards 0.45/0.44
    assert (out["informal_count"] <= out["employed_count"]).all()
    assert np.allclose(out["informal_count"] + out["formal_count"], out["employed_count"])
    assert out["is_anchored"].all()


def test_a_same_round_figure_is_the_estimate_and_the_province_total_still_holds() -> None:
    from ucj.informal import published_anchor

    est = _estimates({("32.76", 2024): 0.40, ("33.22", 2024): 0.50, ("73.07", 2024): 0.60})
    est["estimate_method"] = "synthetic"
    est["key"] = "all|2024"
    est["target"] = 0.50  # the benchmark: employed-weighted mean share of the three
    gaps = pd.Series({"32.76": 0.2})
    anchoring = published_anchor.Anchoring(0.5, 0.0, pd.DataFrame(), pd.DataFrame(), gaps)
    published_share = pd.Series({("32.76", 2024): 0.45})
    out = published_anchor.apply(est, anchoring, "key", "target", published=published_share)
    out = out.set_index("regency_code")
    assert out.loc["32.76", "informal_share"] == pytest.approx(0.45)
    assert out["estimate_method"].to_dict() == {
        "32.76": "published",
        "33.22": "synthetic",
        "73.07": "synthetic",
    }
    assert (out["informal_share"] * out["employed_count"]).sum() / out[
        "employed_count"
    ].sum() == pytest.approx(0.5)


def test_the_covariate_that_explains_the_regency_gap_is_chosen_by_held_out_error() -> None:
    from ucj.informal import regency_covariates

    rng = np.random.default_rng(1)
    n = 120
    codes = [f"{10 + i // 10}.{i % 10 + 1:02d}" for i in range(n)]
    secondary = rng.uniform(5, 60, n)
    regencies = pd.DataFrame({"regency_code": codes, "bps_code_2020": [f"{1000 + i}" for i in range(n)]})
    covariates = pd.DataFrame({"bps_code_2020": regencies["bps_code_2020"], "year": 2024})
    for column in regency_covariates.CANDIDATES["all of them"]:
        covariates[column] = rng.normal(size=n)
    covariates["secondary_share_pct"] = secondary
    gap = -0.03 * (secondary - 30) + rng.normal(0, 0.05, n)  # industrial regencies more formal
    estimate = np.full(n, 0.6)
    figures = pd.DataFrame(
        {
            "regency_code": codes,
            "province": [c[:2] for c in codes],
            "definition": "bps_status",
            "informal_share": estimate,
            "logit_error": gap,
            "published_share": 1 / (1 + np.exp(-(np.log(0.6 / 0.4) + gap))),
        }
    )
    table = regency_covariates.compare(figures, covariates, regencies).set_index("candidate")
    assert "none" in table.index and table["is_chosen"].sum() == 1
    chosen = table.index[table["is_chosen"]][0]
    assert "secondary_share_pct" in table.loc[chosen, "covariates"]
    assert table.loc[chosen, "mae_pp_held_out"] < table.loc["none", "mae_pp_held_out"] / 2
    shift = regency_covariates.correction(figures, covariates, regencies, table.reset_index())
    assert np.corrcoef(shift.to_numpy(), gap)[0, 1] > 0.9


def test_the_informal_tile_says_its_source_kind() -> None:
    from ucj.brief.sections import informal_badge

    published = pd.Series({"estimate_method": "published", "is_anchored": True, "year": 2023})
    assert informal_badge(published, "id").startswith("DILAPORKAN · BPS kab.")
    assert "2023" in informal_badge(published, "en")
    anchored = pd.Series({"estimate_method": "composite", "is_anchored": True, "year": 2024})
    assert "BPS" in informal_badge(anchored, "id") and informal_badge(anchored, "id").startswith("PERKIRAAN")
    model = pd.Series({"estimate_method": "synthetic", "is_anchored": False, "year": 2024})
    assert informal_badge(model, "id") == "PERKIRAAN"
