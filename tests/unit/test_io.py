"""Atomic writes leave nothing behind: a writer killed with ``kill -9`` (its temporary file beside the
target, openpyxl's worksheet files) is cleaned up by the next write of the same target, and nothing
of a writer still running is touched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ucj import io

pytestmark = pytest.mark.unit  # needs no processed data

WRITER = """\
import sys, time
from pathlib import Path
from openpyxl import Workbook
from ucj.io import atomic_path, temporaries_beside

target = Path(sys.argv[1])
with temporaries_beside(target) as folder, atomic_path(target) as tmp:
    wb = Workbook(write_only=True)
    wb.create_sheet("Desa").append(["12.15.01.2001", 40])  # openpyxl opens the sheet's temporary file
    tmp.write_bytes(b"half a workbook")
    print(tmp, folder, sep="\\n", flush=True)
    time.sleep(120)
"""


@pytest.fixture()
def writer(tmp_path: Path):
    """Start a process writing ``out/summary.xlsx`` that stops half-way; yield (process, its temporary
    file, its temporary folder, the system temporary folder it was given)."""
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    target = tmp_path / "out" / "summary.xlsx"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(system_tmp)},
    )
    try:
        tmp, folder = Path(proc.stdout.readline().strip()), Path(proc.stdout.readline().strip())
        yield proc, target, tmp, folder, system_tmp
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()


def test_a_killed_writers_files_are_beside_the_target_and_removed_by_the_next_write(writer) -> None:
    proc, target, tmp, folder, system_tmp = writer
    assert tmp.parent == folder.parent == target.parent
    assert tmp.name.startswith(f".summary.xlsx.{proc.pid}.") and tmp.name.endswith(".xlsx.tmp")
    assert [p.name.startswith("openpyxl.") for p in folder.iterdir()] == [True]  # the sheet's file...
    assert list(system_tmp.iterdir()) == []  # ...is not in the system temporary folder
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert tmp.is_file() and folder.is_dir()  # kill -9: nothing could clean up
    other = target.with_name(f".summary.xlsx.bak.{proc.pid}.abcdefgh.bak.tmp")  # another target's
    other.write_bytes(b"")

    io.write_bytes_atomic(target, b"a whole workbook")

    assert target.read_bytes() == b"a whole workbook"
    assert not tmp.exists() and not folder.exists()
    assert sorted(p.name for p in target.parent.iterdir()) == [other.name, "summary.xlsx"]


def test_a_running_writers_files_are_left_alone(writer) -> None:
    proc, target, tmp, folder, _ = writer
    io.write_bytes_atomic(target, b"written meanwhile")
    assert proc.poll() is None and tmp.is_file() and folder.is_dir()
    assert io.remove_abandoned(target) == []


def test_files_named_before_the_writer_was_in_the_name_go_once_older_than_this_run(tmp_path: Path) -> None:
    target = tmp_path / "regencies.parquet"
    old, new = (tmp_path / f".regencies.parquet.{tag}.parquet.tmp" for tag in ("k3j_9x2a", "q7w2e4r1"))
    for path in (old, new):
        path.write_bytes(b"")
    os.utime(old, (io.STARTED - 60, io.STARTED - 60))
    assert io.remove_abandoned(target) == [old]
    assert new.exists()


def test_temporary_files_return_to_the_system_folder_after_a_write(tmp_path: Path) -> None:
    import tempfile

    before = tempfile.gettempdir()
    with io.temporaries_beside(tmp_path / "t.xlsx") as folder:
        assert tempfile.gettempdir() == str(folder) and folder.parent == tmp_path
        made = Path(tempfile.mkstemp()[1])
        assert made.parent == folder
    assert tempfile.gettempdir() == before and list(tmp_path.iterdir()) == []
