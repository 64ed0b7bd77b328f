"""The catalog: every processed table by name, read once per file version, one error when a table
was not built, and one home for the output paths."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from ucj import catalog, paths
from ucj.errors import InputError

pytestmark = pytest.mark.unit  # needs no processed data (it writes its own small tables)


@pytest.fixture()
def processed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(tmp_path / "processed"))
    monkeypatch.setenv("UCJ_REPORTS_DIR", str(tmp_path / "reports"))
    (tmp_path / "processed").mkdir()
    return tmp_path / "processed"


def _write(name: str, values: list[int]) -> Path:
    target = catalog.path(name)
    tmp = target.with_name(f".{target.name}.tmp")
    pd.DataFrame({"regency_code": [f"11.{i:02d}" for i in range(len(values))], "x": values}).to_parquet(tmp)
    os.replace(tmp, target)  # as the stages write: a new file, renamed over the old one
    return target


def test_every_name_has_one_file_in_the_processed_folder(processed: Path) -> None:
    assert catalog.path(catalog.REGENCIES) == processed / "regencies.parquet"
    assert catalog.path(catalog.REGENCY_PATHS) == processed / "regency_paths.npz"
    assert len({catalog.file_name(n) for n in catalog.NAMES}) == len(catalog.NAMES)
    with pytest.raises(KeyError, match="unknown processed table 'regency'"):
        catalog.path("regency")


def test_a_table_not_built_says_to_run_make_data_and_names_the_file(processed: Path) -> None:
    with pytest.raises(catalog.NotBuiltError) as caught:
        catalog.read(catalog.PROJECTIONS)
    error = caught.value
    assert str(error) == f"{processed / 'projections.parquet'}: not built yet: run `make data` first"
    assert isinstance(error, InputError)  # the CLI prints it as one line (exit 2)
    assert isinstance(error, FileNotFoundError)  # callers that skip what is not built yet still do
    assert catalog.read(catalog.PROJECTIONS, missing_ok=True) is None
    with pytest.raises(catalog.NotBuiltError, match="regency_paths.npz"):
        catalog.require(catalog.REGENCY_PATHS)


def test_a_table_is_read_once_per_version_and_copies_are_the_callers_own(processed: Path) -> None:
    _write(catalog.COVERAGE_HISTORY, [1, 2])
    shared = catalog.read(catalog.COVERAGE_HISTORY, copy=False)
    assert catalog.read(catalog.COVERAGE_HISTORY, copy=False) is shared  # not read again
    mine = catalog.read(catalog.COVERAGE_HISTORY)
    mine.loc[0, "x"] = 99
    assert shared.loc[0, "x"] == 1 and catalog.read(catalog.COVERAGE_HISTORY).loc[0, "x"] == 1
    other = catalog.read(catalog.COVERAGE_HISTORY)  # a copy changed in place, every way pandas allows
    other["x"] *= 10
    other.iloc[1, 1] = -1
    other.insert(0, "z", 0)
    assert shared["x"].tolist() == [1, 2] and list(shared.columns) == ["regency_code", "x"]
    _write(catalog.COVERAGE_HISTORY, [3, 4])  # rebuilt (same size, maybe the same mtime): a new version
    assert catalog.read(catalog.COVERAGE_HISTORY)["x"].tolist() == [3, 4]
    catalog.path(catalog.COVERAGE_HISTORY).unlink()
    assert catalog.read(catalog.COVERAGE_HISTORY, missing_ok=True) is None


def test_outputs_have_one_home(processed: Path) -> None:
    reports = paths.reports_dir()
    row = {
        "regency_code": "12.14",
        "regency_name": "Kabupaten Nias Selatan",
        "province_code": "12",
        "province_name": "Sumatera Utara",
    }
    assert catalog.brief_path(row) == reports / "briefs/12-sumatera-utara/12.14-kabupaten-nias-selatan.pdf"
    assert catalog.brief_path(row, "en").name == "12.14-kabupaten-nias-selatan-en.pdf"
    assert catalog.tracker_path(row) == (
        reports / "villages/12-sumatera-utara" / "12.14-kabupaten-nias-selatan.xlsx"
    )
    assert catalog.national_summary_path("en") == reports / "summaries/national-en.pdf"
    assert catalog.province_summary_path("12", "Sumatera Utara") == (
        reports / "summaries/provinces" / "12-sumatera-utara.pdf"
    )
    notebook = catalog.analysis_notebook_path("02_coverage_projection")
    assert notebook == reports / "notebooks/02_coverage_projection.ipynb"
    assert catalog.failed_notebook_path("12.14") == reports / "failed/12.14.ipynb"
    assert catalog.report_state_path("briefs", "12.14") == reports / ".state/briefs/12.14.sha256"
    assert catalog.stage_state_path("master") == processed / ".state/master.sha256"
    assert catalog.slugify("Kota Banda Aceh") == "kota-banda-aceh"


def test_the_make_data_error_is_written_once() -> None:
    copies = {
        p.relative_to(paths.PACKAGE_DIR).as_posix()
        for p in paths.PACKAGE_DIR.rglob("*.py")
        if re.search(r"run `make data` first", p.read_text(encoding="utf-8"))
    }
    assert copies == {"catalog.py"}
