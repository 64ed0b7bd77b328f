"""Splicing recomputed regencies into the previous tables (`ucj.projection.incremental.splice`):
the table a sort of all the rows gives, whether the previous table was sorted (rows replaced in
place) or not (rows put together, then sorted)."""

from __future__ import annotations

import pandas as pd
import pytest

from ucj.projection.incremental import splice

pytestmark = pytest.mark.unit


def _order(table: pd.DataFrame) -> pd.DataFrame:
    return table.sort_values(["regency_code", "year"], kind="stable").reset_index(drop=True)


def _table(codes: list[str], value: float) -> pd.DataFrame:
    rows = [
        {"regency_code": code, "year": year, "value": value + i + year / 1e4}
        for i, code in enumerate(codes)
        for year in (2025, 2026, 2027)
    ]
    return pd.DataFrame(rows).astype({"regency_code": "string", "year": "int64"})


@pytest.mark.parametrize(
    "codes", [["12.14"], ["94.04", "11.01"], ["11.01", "12.14", "94.04"], ["13.03", "72.08"]]
)
@pytest.mark.parametrize("previous_sorted", [True, False])
def test_a_splice_is_the_sorted_table_of_the_kept_and_new_rows(
    codes: list[str], previous_sorted: bool
) -> None:
    everyone = ["11.01", "12.14", "13.03", "72.08", "94.04"]
    previous = _table(everyone, 0.0)
    if not previous_sorted:
        previous = previous.sample(frac=1.0, random_state=1).reset_index(drop=True)
    new = _order(_table(codes, 100.0))
    expected = _order(pd.concat([previous[~previous["regency_code"].isin(codes)], new], ignore_index=True))
    out = splice(previous, new, codes, _order)
    pd.testing.assert_frame_equal(out, expected)
    assert out.dtypes.equals(previous.dtypes)


def test_new_rows_of_a_regency_not_recomputed_are_refused() -> None:
    previous = _table(["11.01", "12.14"], 0.0)
    with pytest.raises(ValueError, match="not recomputed"):
        splice(previous, _table(["11.01"], 1.0), ["12.14"], _order)
