"""Official province and national totals: validated with file, line and column; only dated
all-segment active counts of unchanged provinces extend the hindcast; a summary's comparison takes the
same month first."""

from __future__ import annotations

import pandas as pd
import pytest

from ucj.errors import InputErrors
from ucj.projection import official_totals

pytestmark = pytest.mark.unit

HEADER = (
    "province_code,province_name,ref_date,metric,segment,value,unit,denominator_value,"
    "denominator_definition,quote,outlet,url,published_date,confidence\n"
)
MASTER = pd.DataFrame(
    {
        "province_code": ["19", "19", "91", "96"],
        "bps_province_code_2020": ["19", "19", "91", "91"],  # 96 was split from 91
    }
)
PROVINCES = pd.Series(["19", "91", "96"])


def _read(tmp_path, rows: str) -> pd.DataFrame:
    f = tmp_path / "p.csv"
    f.write_text(HEADER + rows, encoding="utf-8")
    return official_totals.read(PROVINCES, f)


ROWS = (
    '19,Babel,2025-12-14,active,all,189742,persons,,,"189.742 peserta aktif",A,https://a.org,2025-12-16,A\n'
    '19,Babel,2025-06-01,active,all,144070,persons,,,"144.070 pekerja",B,https://b.org,2025-06-05,B\n'
    '19,Babel,2025,active,all,150000,persons,,,"150.000 pekerja",C,https://c.org,2025-07-01,B\n'
    '96,PBD,2025-07,active,all,72146,persons,,,"72.146 peserta",D,https://d.org,2025-08-01,A\n'
    '00,INDONESIA,2025-12,active,all,48640000,persons,,,"48,64 juta",E,https://e.org,2026-01-23,B\n'
)


def test_a_value_not_in_its_quote_is_one_located_error(tmp_path) -> None:
    with pytest.raises(InputErrors) as err:
        _read(
            tmp_path,
            '19,Babel,2025-12,active,all,189743,persons,,,"189.742 peserta",A,https://a.org,2025-12,A\n',
        )
    assert "line 2" in str(err.value) and "'value'" in str(err.value)
    with pytest.raises(InputErrors, match="province_code"):
        _read(tmp_path, '77,X,2025-12,active,all,1,persons,,,"1 peserta",A,https://a.org,2025-12,A\n')


def test_only_dated_counts_of_unchanged_provinces_extend_the_hindcast(tmp_path) -> None:
    totals = official_totals.active_totals(_read(tmp_path, ROWS), MASTER)
    assert totals["province"].tolist() == ["19", "19"]  # not the year-only row, not the split province
    assert totals["active"].tolist() == [189742.0, 144070.0]


def test_the_summary_compares_with_the_same_month_first(tmp_path) -> None:
    figures = _read(tmp_path, ROWS)
    row = official_totals.latest_official(figures, "19", pd.Timestamp("2025-12-31"))
    assert row["value"] == 189742
    row = official_totals.latest_official(figures, "19", pd.Timestamp("2025-11-30"))
    assert row["value"] == 144070  # no November figure: the latest before
    assert official_totals.latest_official(figures, "19", pd.Timestamp("2024-12-31")) is None
    assert official_totals.latest_official(figures, "00", pd.Timestamp("2025-12-31"))["value"] == 48640000
