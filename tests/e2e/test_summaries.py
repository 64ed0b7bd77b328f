"""National and province summaries and the Excel workbook, on the processed tables of the test set-up.

Totals add up (regencies -> provinces -> nation, checked against the source
tables directly), the workbook has its sheets, 514 regency rows and real
numbers, one province summary PDF builds and shows its name and headline
figures, and planning is incremental: a change in one regency's rows makes only
its province's summary and the national one stale. One test starts a kernel
(about 15 s); the rest take seconds.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from ucj import catalog, paths
from ucj.brief.text import fmt_count
from ucj.errors import UnknownCodeError
from ucj.reports import pool, summaries
from ucj.summary import data, excel, tables

PROVINCE = "94"  # Papua Tengah: small (8 regencies), no reported data, a Papua province


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.fixture(scope="module")
def source() -> dict[str, pd.DataFrame]:
    names = ("regencies", "informal_workforce", "coverage_baseline", "projections", "universal_coverage_year")
    missing = [n for n in names if not paths.processed(f"{n}.parquet").is_file()]
    assert not missing, f"the test set-up did not build {missing}"
    return {n: pd.read_parquet(paths.processed(f"{n}.parquet")) for n in names}


@pytest.fixture(scope="module")
def regencies(source) -> pd.DataFrame:
    return tables.regency_frame(
        source["regencies"],
        source["informal_workforce"],
        source["coverage_baseline"],
        source["universal_coverage_year"],
    )


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory):
    """A reports folder of this module (kernels started here inherit it)."""
    root = tmp_path_factory.mktemp("summary-reports")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("UCJ_REPORTS_DIR", str(root))
        yield root


# --- totals ---------------------------------------------------------------------------------------


def test_one_row_per_regency_with_every_estimate(regencies: pd.DataFrame) -> None:
    assert len(regencies) == 514 and regencies["regency_code"].is_unique
    for col in ("informal_count", "active_bpu_count", "gap_workers_now"):
        assert regencies[col].notna().all(), col


def test_province_totals_equal_the_sums_of_their_regencies(source, regencies: pd.DataFrame) -> None:
    prov = tables.area_totals(regencies).set_index("province_code")
    assert len(prov) == 38 and int(prov["regency_count"].sum()) == 514
    # against the source tables directly, not through regency_frame
    inf = source["informal_workforce"]
    latest = inf[inf["year"] == inf["year"].max()]
    want = latest.groupby("province_code")[["informal_count", "employed_count"]].sum()
    np.testing.assert_allclose(prov["informal_count"], want.loc[prov.index, "informal_count"], rtol=1e-12)
    base = source["coverage_baseline"]
    bpu = base[base["segment"] == "BPU"].groupby("province_code")["active_count"].sum()
    np.testing.assert_allclose(prov["active_bpu_count"], bpu.loc[prov.index], rtol=1e-12)
    gap = source["universal_coverage_year"].drop_duplicates("regency_code").groupby("province_code")
    np.testing.assert_allclose(
        prov["gap_workers_now"], gap["gap_workers_now"].sum().loc[prov.index], rtol=1e-12
    )
    want = want.loc[prov.index]
    np.testing.assert_allclose(prov["informal_share"], want["informal_count"] / want["employed_count"])
    master = source["regencies"].groupby("province_code")
    assert (prov["desa_count"] == master["desa_count"].sum().loc[prov.index]).all()


def test_national_equals_the_sum_of_the_provinces(regencies: pd.DataFrame) -> None:
    prov = tables.area_totals(regencies)
    from_provinces = tables.national_from_provinces(prov).iloc[0]
    direct = tables.area_totals(regencies, by_province=False).iloc[0]
    for col in (*tables.SUM_COLUMNS, "regency_count"):
        assert from_provinces[col] == pytest.approx(prov[col].sum(), rel=1e-12), col
        assert from_provinces[col] == pytest.approx(direct[col], rel=1e-12), col
    for col in ("informal_share", "bpu_coverage_of_informal", "all_coverage_of_employed"):
        assert from_provinces[col] == pytest.approx(direct[col], rel=1e-12), col
    assert int(direct["regency_count"]) == 514


def test_national_budget_is_the_sum_of_province_budgets(source) -> None:
    proj = source["projections"]
    national = tables.budget_by_year(proj).set_index(["scenario", "year"])["cost_idr_total"]
    by_province = sum(
        tables.budget_by_year(part).set_index(["scenario", "year"])["cost_idr_total"].fillna(0)
        for _, part in proj.groupby("province_code")
    )
    np.testing.assert_allclose(national.fillna(0), by_province.loc[national.index], rtol=1e-12)


def test_uc_distribution_counts_every_regency_once_per_scenario(source) -> None:
    uc = source["universal_coverage_year"]
    dist = tables.uc_distribution(uc, int(uc["horizon_year"].iloc[0]))
    bins = [c for c in dist.columns if c.startswith("bin_")]
    assert (dist[bins].sum(axis=1) == 514).all()
    assert (dist["reached_count"] + dist["not_reached_count"] == 514).all()
    assert list(dist["scenario"]) == uc["scenario"].drop_duplicates().tolist()


def test_unknown_province_is_refused_with_suggestions() -> None:
    with pytest.raises(UnknownCodeError, match="did you mean: 91 Papua"):
        data.load("Papua")
    with pytest.raises(SystemExit, match="99"):
        summaries.plan(provinces=["99"])


def test_a_province_context_holds_only_its_own_rows() -> None:
    ctx = data.load(PROVINCE)
    for table in (ctx.master, ctx.informal, ctx.baseline, ctx.uc, ctx.projections):
        assert set(table["regency_code"].str[:2]) == {PROVINCE}


# --- workbook -------------------------------------------------------------------------------------


def test_workbook_has_its_sheets_regencies_and_real_numbers(
    reports: Path, source, regencies: pd.DataFrame
) -> None:
    assert summaries.build_workbook() is None
    path = catalog.workbook_path()
    assert path == reports / "summary.xlsx" and path.is_file()
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(excel.SHEETS.values())
    ws = wb[excel.SHEETS["regencies"]]
    assert ws.max_row == 1 + 514 and ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert all(" / " in h for h in header)  # Indonesian / English
    informal = header.index(next(h for h in header if h.startswith("Pekerja informal (orang)")))
    share = header.index(next(h for h in header if h.startswith("Pangsa informal /")))
    values = [row[informal] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(v, (int, float)) for v in values)
    assert sum(values) == pytest.approx(regencies["informal_count"].sum(), rel=1e-12)
    assert ws.cell(row=2, column=share + 1).number_format == "0.0%"
    assert wb[excel.SHEETS["provinces"]].max_row == 1 + 38
    assert wb[excel.SHEETS["national"]].max_row == 2
    assert wb[excel.SHEETS["uc_years"]].max_row == 1 + len(source["universal_coverage_year"])
    national = wb[excel.SHEETS["national"]]
    names = [c.value for c in national[1]]
    gap = names.index(next(h for h in names if h.startswith("Belum terlindungi")))
    assert national.cell(row=2, column=gap + 1).value == pytest.approx(
        regencies["gap_workers_now"].sum(), rel=1e-12
    )


def test_workbook_is_not_rewritten_when_nothing_changed_and_is_reproducible(
    reports: Path, tmp_path: Path
) -> None:
    assert summaries.build_workbook() is None
    before = catalog.workbook_path().stat().st_mtime_ns
    assert summaries.build_workbook() is None
    assert catalog.workbook_path().stat().st_mtime_ns == before
    again = excel.write_workbook(tmp_path / "again.xlsx")
    assert again.read_bytes() == catalog.workbook_path().read_bytes()  # same inputs, same bytes


# --- PDF ------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_province_summary_builds_and_shows_its_headline_numbers(
    reports: Path, regencies: pd.DataFrame
) -> None:
    jobs = summaries.plan(provinces=[PROVINCE])
    assert [j.label for j in jobs] == [f"summary-{PROVINCE}"]
    assert pool.run_jobs(jobs, processes=1, desc="summaries") == []
    job = jobs[0]
    assert job.pdf_path == reports / "summaries" / "provinces" / "94-papua-tengah.pdf"
    assert job.is_current()
    text = pdf_text(job.pdf_path)
    assert "Provinsi Papua Tengah" in text
    total = tables.area_totals(regencies[regencies["province_code"] == PROVINCE], by_province=False).iloc[0]
    assert fmt_count(total["informal_count"], "id") in text  # headline tile
    assert fmt_count(total["gap_workers_now"], "id") in text
    for name in regencies.loc[regencies["province_code"] == PROVINCE, "regency_name"]:
        assert name.replace("Kabupaten ", "Kab. ") in text  # every regency in the table
    assert [j for j in summaries.plan(provinces=[PROVINCE]) if not j.is_current()] == []


# --- incremental ----------------------------------------------------------------------------------


def test_a_changed_regency_row_makes_only_its_province_and_the_national_summary_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processed_copy: Path
) -> None:
    copy = processed_copy
    first = {j.label: j.fingerprint for j in summaries.plan()}
    assert len(first) == 39 and first == {j.label: j.fingerprint for j in summaries.plan()}
    workbook = summaries.workbook_fingerprint()

    table = pd.read_parquet(copy / "coverage_baseline.parquet")
    row = table.index[(table["regency_code"] == "94.04") & (table["segment"] == "BPU")][0]
    table.loc[row, "active_count"] += 1
    table.to_parquet(copy / "coverage_baseline.parquet", index=False)
    second = {j.label: j.fingerprint for j in summaries.plan()}
    assert sorted(k for k in first if first[k] != second[k]) == [f"summary-{PROVINCE}", "summary-national"]
    assert summaries.workbook_fingerprint() != workbook

    informal = pd.read_parquet(copy / "informal_workforce.parquet")
    informal.loc[informal["regency_code"] == "12.14", "informal_count"] += 1
    informal.to_parquet(copy / "informal_workforce.parquet", index=False)
    third = {j.label: j.fingerprint for j in summaries.plan()}
    assert sorted(k for k in first if second[k] != third[k]) == ["summary-12", "summary-national"]


def test_english_summaries_have_their_own_paths_and_fingerprints() -> None:
    ids = {j.label: j for j in summaries.plan("id", provinces=[PROVINCE])}
    ens = {j.label: j for j in summaries.plan("en", provinces=[PROVINCE])}
    assert list(ens) == [f"summary-{PROVINCE}-en"]
    en, id_ = ens[f"summary-{PROVINCE}-en"], ids[f"summary-{PROVINCE}"]
    assert en.pdf_path.name == "94-papua-tengah-en.pdf" and en.parameters["lang"] == "en"
    assert en.fingerprint != id_.fingerprint and en.state_path != id_.state_path
    assert catalog.national_summary_path("en").name == "national-en.pdf"


# --- missing inputs -------------------------------------------------------------------------------


@pytest.mark.parametrize("province", [None, PROVINCE])
def test_sections_say_what_is_missing_instead_of_drawing_empty_charts(
    province: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ucj.summary import sections

    copy = tmp_path / "processed"
    copy.mkdir()
    for name in ("regencies", "regency_boundaries", "province_boundaries"):
        shutil.copy(paths.processed(f"{name}.parquet"), copy)
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(copy))
    shown: list[str] = []
    figures: list[object] = []
    monkeypatch.setattr(sections, "show_markdown", shown.append)
    monkeypatch.setattr(
        sections, "show_heading", lambda title, intro="", level=2: shown.append(f"{title}\n{intro}")
    )
    monkeypatch.setattr(sections, "show_figure", figures.append)
    monkeypatch.setattr(sections, "show_table", lambda df, **kw: shown.append(df.to_string()))
    monkeypatch.setattr(sections, "display", lambda obj: shown.append(getattr(obj, "markdown", "")))
    ctx = data.load(province, "en")
    assert ctx.informal is None and ctx.uc is None and ctx.projections is None
    steps = [
        sections.page_setup,
        sections.header,
        sections.headline_tiles,
        sections.caveats,
        sections.maps,
        sections.uc_years,
        sections.budget,
        sections.data_notes,
    ]
    if province is None:
        steps += [sections.province_table, sections.province_uc_table]
    else:
        steps += [sections.regency_table]
    for step in steps:
        step(ctx)
    text = "\n".join(shown)
    assert figures == []  # no chart drawn from nothing
    assert "No informal-workforce estimate available" in text
    assert "No projection available" in text
