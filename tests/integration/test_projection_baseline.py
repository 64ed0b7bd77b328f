"""Coverage baseline: the modelled allocation adds up; the reported file is validated and wins."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ucj.errors import InputError, InputErrors
from ucj.projection import baseline, workforce


@pytest.fixture(scope="module")
def modelled(master, wf, assume) -> pd.DataFrame:
    return baseline.build_baseline(master, wf, assume)


def test_modelled_regencies_add_up_to_the_published_province_totals(master, modelled) -> None:
    totals = baseline.read_province_totals().set_index("bps_province_code_2020")["active_total"]
    allrows = modelled[modelled["segment"] == "all"].merge(master[["regency_code", "bps_province_code_2020"]])
    by_prov = allrows.groupby("bps_province_code_2020")["active_count"].sum()
    assert len(totals) == 28
    np.testing.assert_allclose(by_prov[totals.index], totals, rtol=1e-9)


def test_modelled_regencies_add_up_to_the_national_segment_totals(modelled, assume) -> None:
    national = baseline.national_segment_totals(assume)
    by_seg = modelled.groupby("segment")["active_count"].sum()
    for seg in baseline.MODELLED_SEGMENTS:
        assert by_seg[seg] == pytest.approx(national[seg], rel=1e-8)
    assert by_seg["all"] == pytest.approx(sum(national[s] for s in baseline.MODELLED_SEGMENTS), rel=1e-9)


def test_modelled_figures_are_labelled_modelled_everywhere(modelled) -> None:
    assert modelled["is_modelled"].all()
    assert modelled["source"].str.contains("modelled").all()
    assert (modelled["numerator"] == "active participants").all()
    assert set(modelled["segment"]) == {"PU", "BPU", "Jakon", "all"}
    assert len(modelled) == 514 * 4


def test_bpu_is_allocated_in_proportion_to_informal_employment_within_a_province(
    master, modelled, wf
) -> None:
    bpu = modelled[modelled["segment"] == "BPU"].merge(master[["regency_code", "bps_province_code_2020"]])
    aceh = bpu[bpu["bps_province_code_2020"] == "11"]
    ratio = aceh["active_count"] / aceh["informal_count"]
    np.testing.assert_allclose(ratio, ratio.iloc[0], rtol=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    seed=hnp.arrays(float, (5, 3), elements=st.floats(0.01, 100)),
    rows=hnp.arrays(float, 5, elements=st.floats(1, 1e6)),
    col_share=hnp.arrays(float, 3, elements=st.floats(0.05, 1)),
)
def test_raking_meets_row_and_column_totals(seed, rows, col_share) -> None:
    cols = col_share / col_share.sum() * rows.sum()
    out = baseline.rake(seed, rows, cols)
    np.testing.assert_allclose(out.sum(axis=1), rows, rtol=1e-6)
    np.testing.assert_allclose(out.sum(axis=0), cols, rtol=1e-4)
    assert (out >= 0).all()


def _reported(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "reported_coverage.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _errors(fn) -> list[InputError]:
    with pytest.raises((InputError, InputErrors)) as info:
        fn()
    exc = info.value
    return exc.errors if isinstance(exc, InputErrors) else [exc]


HEADER = "regency_code,date,segment,active,nonactive,source\n"
BAD_REPORTED = [
    (
        "unknown code",
        HEADER + "12.14,2025-06,BPU,1000,,BPJS Nias\n99.99,2025-06,BPU,5,,x\n",
        3,
        "regency_code",
        "unknown regency code",
    ),
    ("negative count", HEADER + "12.14,2025-06,BPU,-4,,BPJS Nias\n", 2, "active", "out of range"),
    ("not a number", HEADER + "12.14,2025-06,BPU,many,,BPJS Nias\n", 2, "active", "not a number"),
    ("bad date", HEADER + "12.14,2025-13,BPU,10,,BPJS Nias\n", 2, "date", "not a valid date"),
    ("unknown segment", HEADER + "12.14,2025-06,XYZ,10,,BPJS Nias\n", 2, "segment", "unknown value"),
    ("above workforce", HEADER + "12.14,2025-06,all,99999999,,BPJS Nias\n", 2, "active", "exceed"),
    ("negative nonactive", HEADER + "12.14,2025-06,BPU,10,-1,BPJS Nias\n", 2, "nonactive", "out of range"),
    ("missing source", HEADER + "12.14,2025-06,BPU,10,,\n", 2, "source", "missing"),
]


@pytest.mark.parametrize(
    ("case", "text", "line", "column", "message"), BAD_REPORTED, ids=[c[0] for c in BAD_REPORTED]
)
def test_a_bad_reported_file_gives_errors_naming_file_line_and_column(
    tmp_path, master, wf, case, text, line, column, message
) -> None:
    path = _reported(tmp_path, text)
    errors = _errors(lambda: baseline.read_reported(master, wf, path))
    match = [e for e in errors if e.row == line and e.column == column]
    assert match, [str(e) for e in errors]
    assert match[0].path == path and message in str(match[0])


def test_a_reported_file_missing_a_column_names_it(tmp_path, master, wf) -> None:
    path = _reported(tmp_path, "regency_code,date,segment,source\n12.14,2025-06,BPU,x\n")
    (err,) = _errors(lambda: baseline.read_reported(master, wf, path))
    assert err.column == "active" and "missing column" in str(err)


def test_reported_figures_win_over_modelled_ones(tmp_path, master, wf, assume) -> None:
    path = _reported(
        tmp_path,
        HEADER + "12.14,2024-12,BPU,4000,100,BPJS Gunungsitoli\n"
        "12.14,2025-06,BPU,5000,120,BPJS Gunungsitoli\n",
    )
    rep = baseline.read_reported(master, wf, path)
    assert len(rep) == 1 and rep["active_count"].iloc[0] == 5000  # latest date per regency and segment
    out = baseline.build_baseline(master, wf, assume, rep)
    nias = out[out["regency_code"] == "12.14"].set_index("segment")
    assert nias.loc["BPU", "active_count"] == 5000 and not nias.loc["BPU", "is_modelled"]
    assert nias.loc["BPU", "as_of"] == pd.Timestamp("2025-06-30")
    assert nias.loc["PU", "is_modelled"] and nias.loc["all", "is_modelled"]
    assert "known and modelled" in nias.loc["all", "source"]
    segments = nias.loc[["PU", "BPU", "Jakon"], "active_count"]
    assert nias.loc["all", "active_count"] == pytest.approx(segments.sum())
    others = out[out["regency_code"] != "12.14"]
    assert others["is_modelled"].all()


def test_a_reported_total_replaces_the_sum_of_segments(tmp_path, master, wf, assume) -> None:
    path = _reported(
        tmp_path,
        HEADER + "31.71,2025-03-31,all,300000,,Kantor Cabang\n31.71,2025-03-31,PMI,50,,Kantor Cabang\n",
    )
    out = baseline.build_baseline(master, wf, assume, baseline.read_reported(master, wf, path))
    kota = out[out["regency_code"] == "31.71"].set_index("segment")
    assert kota.loc["all", "active_count"] == 300000 and not kota.loc["all", "is_modelled"]
    assert kota.loc["PMI", "active_count"] == 50


def test_the_potential_denominator_is_validated_and_joined(tmp_path, master, wf, assume) -> None:
    path = tmp_path / "coverage_potential.csv"
    path.write_text(
        "regency_code,potential,source\n12.14,150000,Bappeda Nias Selatan 2025\n", encoding="utf-8"
    )
    pot = baseline.read_potential(master, path)
    out = baseline.build_baseline(master, wf, assume, potential=pot)
    row = out[(out["regency_code"] == "12.14") & (out["segment"] == "all")].iloc[0]
    assert row["potential_count"] == 150000
    assert row["coverage_of_potential"] == pytest.approx(row["active_count"] / 150000)
    path.write_text("regency_code,potential,source\n12.14,-3,x\n", encoding="utf-8")
    (err,) = _errors(lambda: baseline.read_potential(master, path))
    assert err.row == 2 and err.column == "potential"


def test_the_provisional_workforce_has_the_informal_table_columns(master) -> None:
    prov = workforce.provisional_workforce(master)
    assert len(prov) == 514 * 7 and prov["is_provisional"].all()
    for col in workforce.REQUIRED:
        assert col in prov.columns
    assert (prov["informal_count"] <= prov["employed_count"]).all()
    assert prov["estimate_method"].str.startswith("provisional").all()


def test_the_real_informal_table_is_used_when_present(tmp_path, monkeypatch, master, wf) -> None:
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(tmp_path))
    wf.to_parquet(tmp_path / workforce.INFORMAL_FILE, index=False)
    got = workforce.read_workforce(master)
    assert not got["is_provisional"].any() and (got["estimate_method"] == "synthetic test fixture").all()
    wf.drop(columns="informal_count_p95").to_parquet(tmp_path / workforce.INFORMAL_FILE, index=False)
    with pytest.raises(InputError, match="informal_count_p95"):
        workforce.read_workforce(master)
