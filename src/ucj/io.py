"""Atomic writes: a failed run never leaves a partial file where a good one was.

Every output is written to a temporary file in the destination folder and then
renamed over the target (``os.replace`` is atomic on POSIX), so readers see
either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # report workers import this module: keep pandas out of their start-up
    import pandas as pd


@contextlib.contextmanager
def atomic_path(target: Path | str, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success.

    On any exception the temporary file is removed and ``target`` is untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=suffix or target.suffix + ".tmp", dir=target.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_bytes_atomic(target: Path | str, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(target: Path | str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` atomically."""
    write_bytes_atomic(target, text.encode("utf-8"))


def write_parquet_atomic(df: pd.DataFrame, target: Path | str) -> None:
    """Write ``df`` as parquet to ``target`` atomically, without the pandas index."""
    with atomic_path(target) as tmp:
        df.to_parquet(tmp, index=False)


def write_parquet_if_changed(df: pd.DataFrame, target: Path | str) -> bool:
    """`write_parquet_atomic` unless ``target`` already holds these exact bytes (its file time then
    stays, and nothing downstream looks changed); return whether it was written."""
    import io

    buffer = io.BytesIO()
    df.to_parquet(buffer, index=False)
    data = buffer.getvalue()
    target = Path(target)
    if target.is_file() and target.read_bytes() == data:
        return False
    write_bytes_atomic(target, data)
    return True


def normalise_zip_dates(path: Path, stamp) -> None:
    """Rewrite the .xlsx (a zip) with every member, and the document's 'modified' date, set to ``stamp``:
    same inputs, same bytes."""
    with zipfile.ZipFile(path) as src:
        members = [(info, src.read(info)) for info in src.infolist()]
    date = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    members = [
        (
            info,
            re.sub(
                rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + iso + rb"\g<2>", payload
            )
            if info.filename == "docProps/core.xml"
            else payload,
        )
        for info, payload in members
    ]  # openpyxl stamps 'modified' with the clock on save
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for info, payload in members:
            fixed = zipfile.ZipInfo(info.filename, date_time=date)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            out.writestr(fixed, payload)
