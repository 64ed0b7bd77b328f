"""data/raw matches its manifest: every file listed, unchanged, with source and licence."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ucj import manifest
from ucj.errors import InputErrors


def test_shipped_raw_data_matches_manifest() -> None:
    manifest.verify()


def test_manifest_has_provenance_for_every_data_file() -> None:
    df = manifest.read_manifest()
    data = df[~df["file"].str.endswith(".md")]
    assert (data["source"].str.len() > 0).all()
    assert (data["licence"].str.len() > 0).all()
    assert df["sha256"].str.fullmatch(r"[0-9a-f]{64}").all()


def test_each_raw_folder_documents_its_sources() -> None:
    df = manifest.read_manifest()
    folders = {f.split("/")[0] for f in df["file"]}
    assert all(f"{folder}/SOURCES.md" in set(df["file"]) for folder in folders)


def test_modified_raw_file_is_detected(raw_copy: Path) -> None:
    target = raw_copy / "stats" / "regency_keys.csv"
    target.write_text(target.read_text().replace("SIMEULUE", "SIMEULUX", 1))
    with pytest.raises(InputErrors, match="regency_keys.csv was modified"):
        manifest.verify(raw_copy)


def test_unlisted_and_missing_files_are_detected(raw_copy: Path) -> None:
    (raw_copy / "stats" / "extra.csv").write_text("a\n1\n")
    (raw_copy / "stats" / "province_poverty_2021-03.csv").unlink()
    with pytest.raises(InputErrors) as info:
        manifest.verify(raw_copy)
    text = str(info.value)
    assert "stats/extra.csv" in text and "not listed" in text
    assert "province_poverty_2021-03.csv" in text and "missing" in text


def test_row_counts_in_manifest_match_files() -> None:
    df = manifest.read_manifest()
    for row in df[df["file"].str.endswith(".csv")].itertuples():
        n = len(pd.read_csv(manifest.paths.raw(row.file), dtype=str))
        assert str(n) == row.rows, row.file
