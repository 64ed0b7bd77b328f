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
