"""Conflicting published figures are resolved by the stated rule, never deleted, and a superseded
figure never becomes a baseline or a floor; an old figure is history when a newer one exists."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ucj.projection import baseline, kinds, published

HEADER = (
    "regency_code,regency_name,ref_date,metric,segment,group,funder,value,unit,"
    "denominator_value,denominator_definition,quote,outlet,url,published_date,confidence,scope\n"
)


def _line(ref: str, value: int, grade: str = "A", url: str = "https://example.org/a", segment="all") -> str:
    return (
        f'13.03,Test,{ref},active,{segment},,,{value},persons,,,"peserta {value} orang",'
        f"Outlet,{url},2025-12-31,{grade},all_workers\n"
    )


def _read(master, tmp_path: Path, *lines: str) -> pd.DataFrame:
    path = tmp_path / "published_coverage.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return published.read(master, path)


def test_the_later_date_of_the_same_month_wins_and_the_older_row_is_kept(master, tmp_path) -> None:
    pub = _read(master, tmp_path, _line("2025-07-01", 9000), _line("2025-07-20", 9500, url="https://b.org"))
    assert len(pub) == 2  # nothing deleted
    old = pub[pub["value"] == 9000].iloc[0]
    new = pub[pub["value"] == 9500].iloc[0]
    assert old["superseded_by"] == new["line"] and old["resolution"] == "later date"
    assert pd.isna(new["superseded_by"])
    (count,) = published.baseline_candidates(pub)["active_count"]
    assert count == 9500


def test_at_one_date_the_higher_grade_wins(master, tmp_path) -> None:
    pub = _read(master, tmp_path, _line("2025-07", 9000, "C"), _line("2025-07", 9500, "B", "https://b.org"))
    weak = pub[pub["confidence"] == "C"].iloc[0]
    assert weak["resolution"] == "higher grade" and not weak["conflict"]
    assert published.baseline_candidates(pub)["active_count"].tolist() == [9500]


def test_equal_grades_from_two_pages_are_both_kept_and_flagged(master, tmp_path) -> None:
    pub = _read(master, tmp_path, _line("2025-07", 9000), _line("2025-07", 9500, url="https://b.org"))
    assert pub["conflict"].all() and pub["superseded_by"].isna().all()
    assert published.history(pub)["conflict"].all()


def test_parts_and_their_total_keep_the_total(master, tmp_path) -> None:
    pub = _read(
        master,
        tmp_path,
        _line("2025-07", 4000),
        _line("2025-07", 6000, url="https://b.org"),
        _line("2025-07", 10000, url="https://c.org"),
    )
    total_line = int(pub.loc[pub["value"] == 10000, "line"].iloc[0])
    parts = pub[pub["value"] < 10000]
    assert (parts["superseded_by"] == total_line).all() and (parts["resolution"] == "part of the total").all()
    assert not pub["conflict"].any()
    assert published.baseline_candidates(pub)["active_count"].tolist() == [10000]


def test_the_same_figure_from_two_pages_is_no_conflict(master, tmp_path) -> None:
    pub = _read(master, tmp_path, _line("2025-07", 9000), _line("2025-07", 9001, url="https://b.org"))
    assert not pub["conflict"].any() and pub["superseded_by"].isna().all()


def test_figures_of_different_months_are_a_series_not_a_conflict(master, tmp_path) -> None:
    pub = _read(master, tmp_path, _line("2024-07", 8000), _line("2025-07", 9500, url="https://b.org"))
    assert pub["superseded_by"].isna().all() and not pub["conflict"].any()


def test_an_old_figure_is_not_the_baseline_when_the_regency_has_a_newer_one() -> None:
    sources = pd.DataFrame(
        {
            "regency_code": ["13.03", "13.03", "13.04"],
            "segment": ["all", "BPU", "all"],
            "as_of": pd.to_datetime(["2018-06-30", "2025-06-30", "2018-06-30"]),
        }
    )
    kept = baseline.drop_stale(sources, pd.Timestamp("2021-12-31"))
    # 13.03's 2018 total gives way to its 2025 figure; 13.04 has nothing newer and keeps its own
    assert kept[["regency_code", "segment"]].values.tolist() == [["13.03", "BPU"], ["13.04", "all"]]
    assert baseline.drop_stale(sources, None).equals(sources)


def test_the_stale_date_follows_the_settings() -> None:
    from ucj.projection.assumptions import Settings

    s = Settings(baseline_date="2025-12-31", max_baseline_age_years=4)
    assert s.stale_before == pd.Timestamp("2021-12-31")
    assert Settings(baseline_date="").stale_before is None


def test_kind_counts_add_up_to_the_regencies(processed_dir) -> None:
    base = pd.read_parquet(processed_dir / "coverage_baseline.parquet")
    counts = kinds.count(base)
    regencies = base["regency_code"].nunique()
    assert counts["reported"] + counts["published"] + counts["split"] + counts["modelled"] == regencies
    assert 0 <= counts["carried"] <= counts["reported"] + counts["published"]
    assert set(base["kind"]) <= set(kinds.KINDS)


def test_a_recovered_denominator_must_appear_in_its_own_quote(master, tmp_path) -> None:
    from ucj.errors import InputErrors

    header = HEADER.rstrip("\n") + ",denominator_quote\n"
    good = (
        '13.03,Test,2025-07,coverage_pct,all,,,42,percent,238000,penduduk_bekerja,"baru 42 persen pekerja",'
        'Outlet,https://a.org,2025-12-31,A,all_workers,"dari total sekitar 238 ribu pekerja"\n'
    )
    path = tmp_path / "published_coverage.csv"
    path.write_text(header + good, encoding="utf-8")
    (count,) = published.baseline_candidates(published.read(master, path))["active_count"]
    assert count == pytest.approx(0.42 * 238000)
    path.write_text(header + good.replace("238 ribu", "283 ribu"), encoding="utf-8")
    with pytest.raises(InputErrors) as err:
        published.read(master, path)
    assert "line 2" in str(err.value) and "denominator_value" in str(err.value)
