"""Atomic writes: a failed run never leaves a partial file where a good one was.

Every output is written to a temporary file in the destination folder and then
renamed over the target (``os.replace`` is atomic on POSIX), so readers see
either the old file or the new one, never half of one.

A writer killed with ``kill -9`` cannot remove its temporary file, so the name says whose it is:
``.<target name>.<pid of the writer>.<random><suffix>.tmp``. Every write of a target first removes
the temporary files beside it whose writer is gone (`remove_abandoned`). Libraries that make
temporary files of their own (openpyxl writes each worksheet to one in the system temporary folder)
are pointed at a folder beside the target named the same way (`temporaries_beside`).
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # report workers import this module: keep pandas out of their start-up
    import pandas as pd


#: When this process started writing (its first import of this module): a temporary file named
#: without its writer's pid (written before the pid was in the name) and older than this is abandoned.
STARTED = time.time()


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _temp_prefix(target: Path) -> str:
    """How this process's temporary files beside ``target`` begin: ``.<name>.<pid>.``."""
    return f".{target.name}.{os.getpid()}."


def remove_abandoned(target: Path | str) -> list[Path]:
    """Remove the temporary files and folders beside ``target`` whose writer no longer runs (killed
    while writing it); return what was removed. Those of running writers, this one included, stay."""
    target = Path(target)
    prefix = f".{target.name}."
    suffix = re.escape(target.suffix)
    # mkstemp/mkdtemp add 8 characters of [a-z0-9_]; files end in the target's suffix and .tmp
    ours = re.compile(rf"(?P<pid>\d+)\.[a-z0-9_]{{8}}(?:{suffix})?\.tmp")
    unsigned = re.compile(rf"[a-z0-9_]{{8}}{suffix}\.tmp")  # named before the pid was in the name
    removed = []
    for path in target.parent.glob(glob.escape(prefix) + "*.tmp"):
        rest = path.name[len(prefix) :]
        if match := ours.fullmatch(rest):
            if pid_alive(int(match["pid"])):
                continue
        elif unsigned.fullmatch(rest):
            try:
                if path.stat().st_mtime >= STARTED:
                    continue
            except FileNotFoundError:
                continue
        else:  # another target's (whose name begins with this one's)
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        removed.append(path)
    return removed


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success.

    On any exception the temporary file is removed and ``target`` is untouched. Temporary files that
    killed writers left beside ``target`` are removed first.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(target)
    fd, tmp_name = tempfile.mkstemp(
        prefix=_temp_prefix(target), suffix=target.suffix + ".tmp", dir=target.parent
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


@contextlib.contextmanager
def temporaries_beside(target: Path | str) -> Iterator[Path]:
    """While open, the temporary files of this process (``tempfile``'s default folder) are made in a
    folder beside ``target`` named like `atomic_path`'s: a library writing ``target`` through files of
    its own (openpyxl's worksheets) leaves nothing in the system temporary folder when it is killed,
    and the next write of ``target`` removes what it left. The folder is removed on exit.

    ``tempfile.tempdir`` is process-wide: the workbook writers use this on the thread that writes, while
    no other thread of theirs makes temporary files.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(target)
    folder = Path(tempfile.mkdtemp(prefix=_temp_prefix(target), suffix=".tmp", dir=target.parent))
    before = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = before
        shutil.rmtree(folder, ignore_errors=True)


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


def save_workbook(wb, target: Path | str, stamp, rows: dict[str, bytes] | None = None) -> None:
    """Save the openpyxl workbook ``wb`` to ``target`` atomically and reproducibly: openpyxl writes
    its members uncompressed, then `normalise_zip_dates` compresses them once with every date set
    to ``stamp`` (openpyxl's own save would compress them a first time, for nothing).

    ``rows``: sheet title -> ``<row>`` elements written elsewhere (`ucj.sheet_rows`),
    placed at the end of that sheet's data, after the rows openpyxl wrote."""
    from openpyxl.writer.excel import ExcelWriter

    if wb.write_only and not wb.worksheets:  # what Workbook.save does: a workbook has a sheet
        wb.create_sheet()
    with atomic_path(target) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
            ExcelWriter(wb, archive).save()
        members = {ws.path.lstrip("/"): rows[ws.title] for ws in wb.worksheets if ws.title in (rows or {})}
        normalise_zip_dates(tmp, stamp, members)


def normalise_zip_dates(path: Path, stamp, rows: dict[str, bytes] | None = None) -> None:
    """Rewrite the .xlsx (a zip) with every member, and the document's 'modified' date, set to ``stamp``:
    same inputs, same bytes. ``rows``: member name -> rows to add at the end of its ``sheetData``."""
    rows = rows or {}
    with zipfile.ZipFile(path) as src:
        members = [(info, src.read(info)) for info in src.infolist()]
    for i, (info, payload) in enumerate(members):
        if info.filename in rows:
            head, sep, tail = payload.rpartition(b"</sheetData>")
            if not sep:
                raise ValueError(f"{info.filename}: no sheetData to add rows to")
            members[i] = (info, head + rows[info.filename] + sep + tail)
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
