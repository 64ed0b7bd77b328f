"""End to end on fixture regencies: briefs are built, incremental, isolated and failures reported.

These tests start Jupyter kernels, so they are the slow part of the suite
(about half a minute); they run on a few regencies only.
"""

from __future__ import annotations

import io
import os
from dataclasses import replace
from pathlib import Path

import fixture_regencies
import pandas as pd
import pytest
from pypdf import PdfReader

from ucj import catalog, paths
from ucj.dag import outputs
from ucj.reports import plan as plan_mod
from ucj.reports import pool as pool_mod
from ucj.reports import run, worker

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("kernels")]
CODES = list(fixture_regencies.BATCH)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reports")
    old = os.environ.get("UCJ_REPORTS_DIR")
    os.environ["UCJ_REPORTS_DIR"] = str(root)
    jobs = plan_mod.plan(CODES)
    failures = pool_mod.run_jobs(jobs, processes=1)
    assert failures == []
    yield root
    if old is None:
        os.environ.pop("UCJ_REPORTS_DIR", None)
    else:
        os.environ["UCJ_REPORTS_DIR"] = old


def test_every_fixture_regency_gets_a_brief_naming_it(reports: Path) -> None:
    master = pd.read_parquet(paths.processed("regencies.parquet")).set_index("regency_code")
    for job in plan_mod.plan(CODES):
        code = job.parameters["regency_code"]
        assert job.pdf_path.is_file() and job.pdf_path.is_relative_to(reports / "briefs")
        content = pdf_text(job.pdf_path)
        name = master.loc[code, "regency_name"]
        assert name in content and master.loc[code, "province_name"] in content
        population = f"{int(master.loc[code, 'population_count']):,}".replace(",", ".")
        assert population in content


def test_brief_shows_the_headline_numbers_of_the_tables(reports: Path) -> None:
    from ucj.brief.sections import badge
    from ucj.brief.text import fmt_count

    informal = pd.read_parquet(paths.processed("informal_workforce.parquet"))
    uc = pd.read_parquet(paths.processed("universal_coverage_year.parquet"))
    baseline = pd.read_parquet(paths.processed("coverage_baseline.parquet"))
    for job in plan_mod.plan(CODES):
        code = job.parameters["regency_code"]
        latest = informal[informal["regency_code"] == code].sort_values("year").iloc[-1]
        gap = uc.loc[uc["regency_code"] == code, "gap_workers_now"].iloc[0]
        content = pdf_text(job.pdf_path)
        for value in (
            latest["informal_count"],
            latest["informal_count_p05"],
            latest["informal_count_p95"],
            gap,
        ):
            assert fmt_count(value, "id") in content, (code, value)
        # the source kind of its own figures: modelled, published or branch data, whichever it is
        rows = baseline[baseline["regency_code"] == code].set_index("segment")
        for segment in ("all", "BPU"):
            assert badge(rows.loc[segment], "id") in content, (code, segment, rows.loc[segment, "kind"])


def test_a_rebuild_gives_identical_bytes(
    reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = {j.label: j.pdf_path.read_bytes() for j in plan_mod.plan(CODES)}
    monkeypatch.setenv("UCJ_REPORTS_DIR", str(tmp_path))
    assert pool_mod.run_jobs(plan_mod.plan(CODES), processes=2) == []
    second = {j.label: j.pdf_path.read_bytes() for j in plan_mod.plan(CODES)}
    assert first == second


def test_english_brief_on_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UCJ_REPORTS_DIR", str(tmp_path))
    (job,) = plan_mod.plan(["96.71"], lang="en")
    assert job.pdf_path.name.endswith("-en.pdf")
    label, error, _ = worker.build_one(job, warm=False)
    assert error is None
    content = pdf_text(job.pdf_path)
    assert "Kota Sorong" in content and "Informal workers" in content and "Pekerja informal" not in content
    assert "No desa" in content  # a kota without villages: the village programme does not apply


def test_nothing_is_stale_after_a_build(reports: Path) -> None:
    assert [j for j in plan_mod.plan(CODES) if not j.is_current()] == []


def test_a_changed_regency_row_makes_only_that_brief_stale(reports: Path, processed_copy: Path) -> None:
    copy = processed_copy
    first = {j.label: j.fingerprint for j in plan_mod.plan(CODES)}
    assert first == {j.label: j.fingerprint for j in plan_mod.plan(CODES)}  # planning is deterministic
    table = pd.read_parquet(copy / "coverage_baseline.parquet")
    row = table.index[(table["regency_code"] == "31.71") & (table["segment"] == "BPU")][0]
    table.loc[row, "active_count"] += 1
    table.to_parquet(copy / "coverage_baseline.parquet", index=False)
    second = {j.label: j.fingerprint for j in plan_mod.plan(CODES)}
    assert [c for c in CODES if first[c] != second[c]] == ["31.71"]


def test_new_reported_coverage_for_one_regency_makes_only_its_brief_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processed_copy: Path
) -> None:
    from ucj.projection import pipeline as projection_pipeline

    copy = processed_copy
    before = {j.label: j.fingerprint for j in plan_mod.plan()}
    baseline = pd.read_parquet(copy / "coverage_baseline.parquet")
    modelled = baseline[(baseline["regency_code"] == "12.14") & (baseline["segment"] == "BPU")].iloc[0]
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    # dated outside the province totals' basis (Dec 2023 ± 6 months): the other regencies' shares of
    # the province remainder stay as they are
    pd.DataFrame(
        [
            {
                "regency_code": "12.14",
                "date": "2025-06",
                "segment": "BPU",
                "active": int(modelled["active_count"]) + 1,
                "source": "test: modelled value re-entered",
            }
        ]
    ).to_csv(inputs / "reported_coverage.csv", index=False)
    monkeypatch.setenv("UCJ_INPUTS_DIR", str(inputs))
    projection_pipeline.run()
    after = {j.label: j.fingerprint for j in plan_mod.plan()}
    assert sorted(code for code in before if before[code] != after[code]) == ["12.14"]


def test_warm_batch_brief_equals_a_cold_single_run(reports: Path, tmp_path: Path) -> None:
    job = plan_mod.plan(["94.04"])[0]  # built last in the warm worker, after two other regencies
    cold = replace(job, pdf_path=tmp_path / "cold.pdf", state_path=tmp_path / "cold.sha256")
    label, error, _ = worker.build_one(cold, warm=False)
    assert error is None
    assert cold.pdf_path.read_bytes() == job.pdf_path.read_bytes()


def test_a_failing_regency_is_reported_and_others_still_build(reports: Path, tmp_path: Path) -> None:
    good = plan_mod.plan(["12.14"])[0]
    good = replace(good, pdf_path=tmp_path / "good.pdf", state_path=tmp_path / "good.sha256")
    bad = replace(
        good,
        label="99.99",
        parameters={"regency_code": "99.99", "lang": "id"},
        pdf_path=tmp_path / "bad.pdf",
        state_path=tmp_path / "bad.sha256",
    )
    before = b"an earlier good brief"
    bad.pdf_path.write_bytes(before)
    failures = pool_mod.run_jobs([bad, good], processes=1)
    assert [label for label, _ in failures] == ["99.99"]
    assert "unknown regency code '99.99'" in failures[0][1]
    assert good.pdf_path.is_file()
    assert bad.pdf_path.read_bytes() == before  # the earlier output is intact
    kept = catalog.failed_notebook_path("99.99")
    assert kept.is_file() and "UnknownCodeError: unknown regency code '99.99'" in kept.read_text()


def test_unknown_code_in_a_request_is_refused_before_any_work() -> None:
    with pytest.raises(SystemExit, match="99.99"):
        plan_mod.plan(["12.14", "99.99"])


def test_analysis_notebooks_rerun_only_when_what_they_read_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processed_copy: Path
) -> None:
    copy = processed_copy
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    monkeypatch.setenv("UCJ_INPUTS_DIR", str(inputs))
    before = {j.label: j.fingerprint for j in plan_mod.plan_analysis_notebooks()}
    assert set(before) == set(outputs.ANALYSIS_NOTEBOOKS)
    (inputs / "reported_coverage.csv").write_text("regency_code,date,segment,active,source\n")
    with_reported = {j.label: j.fingerprint for j in plan_mod.plan_analysis_notebooks()}
    assert [n for n in before if before[n] != with_reported[n]] == ["02_coverage_projection"]
    (inputs / "reported_coverage.csv").unlink()
    table = pd.read_parquet(copy / "projections.parquet")
    table.loc[table["coverage_p50"].first_valid_index(), "coverage_p50"] += 0.01
    table.to_parquet(copy / "projections.parquet", index=False)
    after_projection = {j.label: j.fingerprint for j in plan_mod.plan_analysis_notebooks()}
    assert [n for n in before if before[n] != after_projection[n]] == ["02_coverage_projection"]
    table = pd.read_parquet(copy / "informal_workforce.parquet")
    table.loc[0, "informal_count"] += 1
    table.to_parquet(copy / "informal_workforce.parquet", index=False)
    after_informal = {j.label: j.fingerprint for j in plan_mod.plan_analysis_notebooks()}
    assert all(after_informal[n] != after_projection[n] for n in before)


def test_a_brief_after_an_analysis_notebook_in_the_same_kernel_is_unchanged(
    reports: Path, tmp_path: Path
) -> None:
    """Analysis notebooks share the warm workers with briefs: whatever they set (pandas and
    matplotlib options, names) must not reach the next brief."""
    (notebook,) = [j for j in plan_mod.plan_analysis_notebooks() if j.label == "02_coverage_projection"]
    notebook = replace(notebook, pdf_path=tmp_path / "02.ipynb", state_path=tmp_path / "02.sha256")
    brief = plan_mod.plan(["94.04"])[0]
    again = replace(brief, pdf_path=tmp_path / "brief.pdf", state_path=tmp_path / "brief.sha256")
    assert pool_mod.run_jobs([notebook, again], processes=1) == []
    assert "coverage" in notebook.pdf_path.read_text()  # the executed notebook was written
    assert again.pdf_path.read_bytes() == brief.pdf_path.read_bytes()


def test_early_start_guess_follows_file_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processed_copy: Path
) -> None:
    copy = processed_copy
    monkeypatch.setenv("UCJ_REPORTS_DIR", str(tmp_path / "reports"))
    assert run.inputs_newer_than_last_run()  # never run: assume work
    stamp = tmp_path / "reports" / ".state" / "last-complete-run"
    stamp.parent.mkdir(parents=True)
    stamp.write_text("x")
    future = stamp.stat().st_mtime + 10
    os.utime(stamp, (future, future))
    assert not run.inputs_newer_than_last_run()
    assert run.early_workers(2) == 0 and run.early_workers(2, force=True) == 2
    later = future + 10
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    monkeypatch.setenv("UCJ_INPUTS_DIR", str(inputs))
    (inputs / "reported_coverage.csv").write_text("x")
    os.utime(inputs / "reported_coverage.csv", (later, later))
    assert run.changed_since_last_run() == {"user inputs"} and run.early_workers(2) == 1  # a few reports
    os.utime(copy / "projections.parquet", (later, later))
    assert run.inputs_newer_than_last_run() and run.early_workers(2) == 2  # probably every report


def _job(notebook: str) -> worker.ReportJob:
    return worker.ReportJob(notebook, notebook, {}, Path("out.pdf"), Path("out.sha256"), "")


def test_workers_are_started_only_when_the_work_is_worth_them() -> None:
    """One regency's change (four reports) runs on one worker; a full build uses every core."""
    one_regency = [
        _job("02_coverage_projection"),
        _job("summary_national"),
        _job("summary_province"),
        _job("brief"),
    ]
    assert pool_mod.workers_wanted(one_regency, 2) == 1
    assert pool_mod.workers_wanted([_job("brief")] * 514, 2) == 2
    assert pool_mod.workers_wanted([_job("brief")] * 514, 8) == 8
    assert pool_mod.workers_wanted([_job("01_informal_workforce")], 4) == 1  # one job, one worker


def test_a_pool_started_early_and_given_no_work_stops_at_once() -> None:
    import time

    workers = pool_mod.start_workers(1)
    processes = list(workers[0].executor._processes.values())
    assert processes
    start = time.perf_counter()
    assert pool_mod.run_jobs([], processes=1, workers=workers) == []
    while any(p.is_alive() for p in processes) and time.perf_counter() - start < 10:
        time.sleep(0.05)
    assert not any(p.is_alive() for p in processes)


def test_workers_and_kernels_of_a_killed_run_exit_and_leave_nothing(tmp_path: Path) -> None:
    """`kill -9` of a run: its workers notice, stop their kernels (connection files removed) and
    exit; the next run removes the run's scratch folder."""
    import signal
    import subprocess
    import sys
    import time

    import psutil

    code = (
        "import os, sys\n"
        "from ucj.reports import pool, scratch\n"
        "scratch.begin_run()\n"
        "(w,) = pool.start_workers(1)\n"
        "print(w.executor.submit(os.getpid).result(), flush=True)\n"
        "w.executor.submit(int, 1).result()  # initialised: kernel warm\n"
        "print('ready', flush=True)\n"
        "import time; time.sleep(120)\n"
    )
    env = {**os.environ, "UCJ_REPORTS_DIR": str(tmp_path / "reports")}
    run_proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
    worker_pid = int(run_proc.stdout.readline())
    assert run_proc.stdout.readline().strip() == "ready"
    kernels = [c.pid for c in psutil.Process(worker_pid).children(recursive=True)]
    assert kernels
    os.kill(run_proc.pid, signal.SIGKILL)
    run_proc.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(
        psutil.pid_exists(p) and psutil.Process(p).status() != "zombie" for p in [worker_pid, *kernels]
    ):
        time.sleep(0.2)
    assert not any(
        psutil.pid_exists(p) and psutil.Process(p).status() != "zombie" for p in [worker_pid, *kernels]
    )
    leftover = tmp_path / "reports" / ".tmp" / str(run_proc.pid)
    assert leftover.is_dir() and not any(leftover.glob("kernel-*.json"))  # the kernel cleaned up
    from ucj.reports import scratch

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("UCJ_REPORTS_DIR", str(tmp_path / "reports"))
        assert leftover in scratch.clean_abandoned()


def test_what_a_brief_reads_is_its_own_copy() -> None:
    """A kernel shares its cached tables between reports: whatever one brief does to the rows it
    reads, the next brief reads the tables unchanged."""
    from ucj.brief import context

    before = {name: context.read_table(name) for name in context.OPTIONAL_TABLES}
    ctx = context.load(CODES[0])
    for name in [n for n, t in before.items() if t is not None and "regency_code" in t]:
        for scope in ("regency", "province", "all"):
            rows = ctx.table(name, scope)
            if rows is not None and len(rows):
                rows.loc[rows.index[0], "regency_code"] = "99.99"
                del rows[rows.columns[-1]]  # in place, as a careless notebook might
    again = context.load(CODES[1])
    for name, table in before.items():
        if table is not None:
            pd.testing.assert_frame_equal(again.tables[name], table)
