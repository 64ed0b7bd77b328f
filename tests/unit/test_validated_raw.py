"""A shipped raw CSV read once is kept as validated and reused, but only while it is the same file:
an edit, a file that no longer passes its schema, a damaged kept copy or a file outside data/raw/
is read and validated again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from ucj import catalog, loaders, paths, schemas
from ucj.errors import InputErrors

pytestmark = pytest.mark.unit  # needs no processed data

NAME = Path("stats") / "province_informal_share_2015_2024.csv"
SCHEMA = schemas.PROVINCE_INFORMAL_SHARE


@pytest.fixture()
def raw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of one raw file as the active data/raw/, and a scratch processed folder."""
    monkeypatch.setenv("UCJ_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(tmp_path / "processed"))
    target = tmp_path / "raw" / NAME
    target.parent.mkdir(parents=True)
    shutil.copy(paths.PROJECT_ROOT / "data" / "raw" / NAME, target)
    return target


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("parsed again although the kept copy was current")

    monkeypatch.setattr(loaders, "_parse", refuse)


def test_second_read_is_the_kept_copy_and_equal(raw: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = loaders.read_csv(raw, SCHEMA)
    assert catalog.validated_raw_path(raw).is_file()
    _no_parsing(monkeypatch)
    second = loaders.read_csv(raw, SCHEMA)
    pd.testing.assert_frame_equal(first, second)
    second.loc[0, "formal_pct"] = -1.0  # a caller changing its table does not change the kept one
    assert loaders.read_csv(raw, SCHEMA).loc[0, "formal_pct"] == first.loc[0, "formal_pct"]


def test_an_edit_is_read_again(raw: Path) -> None:
    before = loaders.read_csv(raw, SCHEMA)
    lines = raw.read_text().splitlines(keepends=True)
    fields = lines[1].split(",")
    fields[5] = "41.5"  # formal_pct of the first row
    lines[1] = ",".join(fields)
    raw.write_text("".join(lines))
    after = loaders.read_csv(raw, SCHEMA)
    assert before.loc[0, "formal_pct"] != 41.5 and after.loc[0, "formal_pct"] == 41.5


def test_a_file_that_no_longer_validates_is_refused(raw: Path) -> None:
    loaders.read_csv(raw, SCHEMA)
    lines = raw.read_text().splitlines(keepends=True)
    fields = lines[1].split(",")
    fields[5] = "forty"
    lines[1] = ",".join(fields)
    raw.write_text("".join(lines))
    with pytest.raises(InputErrors) as caught:
        loaders.read_csv(raw, SCHEMA)
    assert "line 2" in str(caught.value) and "formal_pct" in str(caught.value)


def test_a_damaged_kept_copy_is_ignored(raw: Path) -> None:
    first = loaders.read_csv(raw, SCHEMA)
    catalog.validated_raw_path(raw).write_bytes(b"not a pickle")
    pd.testing.assert_frame_equal(loaders.read_csv(raw, SCHEMA), first)


def test_files_outside_raw_are_not_kept(raw: Path, tmp_path: Path) -> None:
    outside = tmp_path / "inputs" / "shares.csv"
    outside.parent.mkdir()
    shutil.copy(raw, outside)
    loaders.read_csv(outside, SCHEMA)
    kept = tmp_path / "processed" / ".state" / "validated"
    assert not any(p.name.startswith("shares") for p in kept.rglob("*"))
