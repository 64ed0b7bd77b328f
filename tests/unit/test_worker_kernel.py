"""A report worker's kernel: it reads the tables the data stages rewrote before its first report,
and it is stopped at once when the worker ends."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ucj import catalog
from ucj.reports import scratch, worker
from ucj.reports.execute import WarmKernel

pytestmark = pytest.mark.unit  # needs no processed data


@pytest.fixture()
def processed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UCJ_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(tmp_path / "processed"))
    monkeypatch.delenv(scratch.ENV, raising=False)
    (tmp_path / "processed").mkdir()
    return tmp_path / "processed"


def _cached_in_kernel(kernel: WarmKernel) -> dict[str, int]:
    """The kernel's `ucj.catalog` cache: table path -> the size of the file version it holds."""
    printed: list[str] = []

    def keep(msg: dict) -> None:
        if msg["msg_type"] == "stream":
            printed.append(msg["content"]["text"])

    kernel.kc.execute_interactive(
        "from ucj import catalog as _c; print(repr({k: v[0][1] for k, v in _c._cache.items()}))",
        timeout=60,
        output_hook=keep,
    )
    return eval("".join(printed))  # a dict literal printed by the kernel


def test_the_kernel_holds_the_tables_the_stages_wrote_after_it_warmed_up(
    processed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers warm up while the data stages run: the tables written after that are read by the
    kernel when the run sends `worker.read_tables`, not by its first report."""
    kernel = WarmKernel(warmup_code=worker.WARMUP)
    try:
        kernel.start()  # nothing built yet: the warm-up skips the tables
        assert _cached_in_kernel(kernel) == {}
        table = catalog.path(catalog.REGENCIES)
        pd.DataFrame({"regency_code": ["12.14", "13.03"]}).to_parquet(table)
        monkeypatch.setattr(worker, "_KERNEL", kernel)
        worker.read_tables()
        assert _cached_in_kernel(kernel) == {str(table): table.stat().st_size}
    finally:
        kernel.shutdown()


def test_shutdown_leaves_no_kernel_process(processed: Path) -> None:
    kernel = WarmKernel()
    kernel.start()
    process = kernel.km.provisioner.process
    kernel.shutdown()
    assert process.poll() is not None  # ended and reaped, not left for the system to clean up
    assert kernel.km is None
