"""Incremental projection (`pipeline.build`, `incremental`): only regencies whose inputs
changed are recomputed, and the tables are those of a full run, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from ucj import paths
from ucj.projection import assumptions, incremental, pipeline

N_DRAWS = 40  # small: several tests here run a full projection of the 514 regencies
TABLES = [pipeline.BASELINE_FILE, pipeline.PROJECTIONS_FILE, pipeline.UC_FILE, pipeline.effort.FILE]
EXPLANATIONS = [
    pipeline.CV_FILE,
    pipeline.HISTORY_FILE,
    pipeline.CAPPED_FILE,
    pipeline.HINDCAST_FILE,
    pipeline.HINDCAST_SUMMARY_FILE,
    pipeline.CAPACITY_FILE,
]  # rewritten when their content changes


def _wrote_the_tables(written, workdir: Path) -> bool:
    tables = {workdir / name for name in TABLES}
    return tables <= set(written) <= tables | {workdir / name for name in EXPLANATIONS}


EXTRA_CODE = "extra_code.py"  # stands for a file of the projection code (see `code_files`)


def _activate(root: Path, mp: pytest.MonkeyPatch) -> None:
    mp.setenv("UCJ_PROCESSED_DIR", str(root / "processed"))
    mp.setenv("UCJ_INPUTS_DIR", str(root / "inputs"))
    mp.setenv("UCJ_CONFIG_DIR", str(root / "config"))
    files = [f for f in incremental.code_files() if f.name != EXTRA_CODE] + [root / EXTRA_CODE]
    mp.setattr(incremental, "code_files", lambda: files)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, processed_dir: Path) -> Path:
    """A folder with processed/ (inputs and tables of one run, and its state), an empty
    inputs/, a copy of config/ and a stand-in code file (built once per module)."""
    root = tmp_path_factory.mktemp("incremental")
    (root / "processed").mkdir()
    for name in ["regencies.parquet", "informal_workforce.parquet"]:
        shutil.copy(processed_dir / name, root / "processed" / name)
    (root / "inputs").mkdir()
    shutil.copytree(paths.config_dir(), root / "config")
    (root / EXTRA_CODE).write_text("X = 1\n")
    with pytest.MonkeyPatch.context() as mp:
        _activate(root, mp)
        first = pipeline.build(assumptions.read_settings(n_draws=N_DRAWS))
    assert first.full and first.reason == "no previous state" and len(first.recomputed) == 514
    return root


@pytest.fixture()
def workdir(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's copy of `built`, active; returns its processed folder."""
    root = tmp_path / "work"
    shutil.copytree(built, root)
    _activate(root, monkeypatch)
    return root / "processed"


@pytest.fixture()
def settings(workdir: Path) -> assumptions.Settings:
    return assumptions.read_settings(n_draws=N_DRAWS)  # config/ of `workdir`


def _tables(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in TABLES}


def _report_bpu(code: str, extra: int = 1) -> None:
    """Write a reported BPU figure for ``code``: its modelled value (rounded) + ``extra``."""
    base = pd.read_parquet(paths.processed(pipeline.BASELINE_FILE))
    modelled = base[(base["regency_code"] == code) & (base["segment"] == "BPU")].iloc[0]
    pd.DataFrame(
        [
            {
                "regency_code": code,
                "date": "2025-06",
                "segment": "BPU",  # outside the Dec 2023 basis
                "active": round(modelled["active_count"]) + extra,
                "source": "test",
            }
        ]
    ).to_csv(paths.inputs_dir() / "reported_coverage.csv", index=False)


def _full_run_tables(
    tmp_path: Path, settings: assumptions.Settings, monkeypatch: pytest.MonkeyPatch, **kwargs
) -> dict[str, bytes]:
    """The tables of a full run on the same inputs, in a folder of their own."""
    source = paths.processed_dir()
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for name in ["regencies.parquet", "informal_workforce.parquet"]:
        shutil.copy(source / name, fresh / name)
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(fresh))
    result = pipeline.build(settings, **kwargs)
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(source))
    assert result.full and result.reason == "no previous state"
    return _tables(fresh)


def test_one_changed_regency_is_recomputed_alone_and_the_tables_equal_a_full_run(
    workdir: Path, settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {name: pd.read_parquet(workdir / name) for name in TABLES}

    _report_bpu("12.14")
    result = pipeline.build(settings)

    assert not result.full and result.recomputed == ("12.14",)
    assert "coverage baseline" in result.reason and "12.14" in result.reason
    assert _wrote_the_tables(result.written, workdir)
    assert _tables(workdir) == _full_run_tables(tmp_path, settings, monkeypatch)  # byte for byte
    after = pd.read_parquet(workdir / pipeline.PROJECTIONS_FILE)
    old = before[pipeline.PROJECTIONS_FILE]
    mine = after["regency_code"] == "12.14"
    before_mine = old[old["regency_code"] == "12.14"].reset_index(drop=True)
    assert not after[mine].reset_index(drop=True).equals(before_mine)
    pd.testing.assert_frame_equal(
        after[~mine].reset_index(drop=True), old[old["regency_code"] != "12.14"].reset_index(drop=True)
    )


def test_a_second_change_splices_into_an_incremental_result(
    workdir: Path, settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _report_bpu("12.14")
    pipeline.build(settings)
    _report_bpu("94.05", extra=5)  # replaces the file: 12.14 goes back to modelled, 94.05 is reported
    result = pipeline.build(settings)
    assert result.recomputed == ("12.14", "94.05"), result.reason
    assert _tables(workdir) == _full_run_tables(tmp_path, settings, monkeypatch)


def test_no_change_recomputes_nothing_and_leaves_the_tables_untouched(workdir: Path, settings) -> None:
    _report_bpu("31.71")
    pipeline.build(settings)
    files = [workdir / name for name in TABLES] + [incremental.state_path()]
    stamp = {f: (f.stat().st_mtime_ns, f.read_bytes()) for f in files}
    result = pipeline.build(settings)
    assert result.recomputed == () and result.written == () and not result.full
    assert result.reason == "inputs unchanged"
    assert {f: (f.stat().st_mtime_ns, f.read_bytes()) for f in files} == stamp


@pytest.mark.parametrize(
    "change",
    [
        "scenario edited",
        "assumptions changed",
        "settings changed",
        "state missing",
        "state corrupt",
        "table missing",
        "table edited",
        "code changed",
        "--full",
    ],
)
def test_a_global_change_recomputes_every_regency(change: str, workdir: Path, settings) -> None:
    kwargs: dict = {}
    expected_reason = {
        "scenario edited": "scenarios",
        "assumptions changed": "assumptions",
        "settings changed": "settings",
        "state missing": "no previous state",
        "state corrupt": "state file unreadable",
        "table missing": pipeline.PROJECTIONS_FILE,
        "table edited": pipeline.UC_FILE,
        "code changed": "projection code",
        "--full": "--full",
    }
    if change == "scenario edited":
        scen = settings.scenarios_path()
        text = scen.read_text(encoding="utf-8")
        assert "quota: 100" in text
        scen.write_text(text.replace("quota: 100", "quota: 90", 1), encoding="utf-8")
    elif change == "assumptions changed":
        kwargs["assumptions"] = assumptions.load_assumptions().with_overrides(lapse_rate=0.2)
    elif change == "settings changed":
        settings = assumptions.read_settings(n_draws=N_DRAWS, threshold=0.9)
    elif change == "state missing":
        incremental.state_path().unlink()
    elif change == "state corrupt":
        incremental.state_path().write_text("{not json", encoding="utf-8")
    elif change == "table missing":
        (workdir / pipeline.PROJECTIONS_FILE).unlink()
    elif change == "table edited":
        uc = pd.read_parquet(workdir / pipeline.UC_FILE)
        uc.loc[0, "threshold"] = 0.5
        uc.to_parquet(workdir / pipeline.UC_FILE, index=False)
    elif change == "code changed":
        (workdir.parent / EXTRA_CODE).write_text("X = 2\n")
    else:
        kwargs["full"] = True
    result = pipeline.build(settings, **kwargs)
    assert result.full and len(result.recomputed) == 514, result.reason
    assert expected_reason[change] in result.reason
    assert _wrote_the_tables(result.written, workdir)
    again = pipeline.build(settings, **{k: v for k, v in kwargs.items() if k != "full"})
    assert again.recomputed == () and again.written == ()  # the state was written with the tables


def test_the_state_records_global_parts_regencies_and_table_digests(workdir: Path, settings) -> None:
    result = pipeline.build(settings, full=True)
    state = incremental.read_state()
    assert state is not None and set(state["global"]) == set(incremental.GLOBAL_PARTS)
    assert sorted(state["regencies"]) == sorted(result.recomputed)
    assert all(set(h) == set(incremental.REGENCY_PARTS) for h in state["regencies"].values())
    assert state["outputs"] == {p.name: incremental.file_digest(p) for p in result.paths}


def test_a_reported_figure_moves_no_other_regency_baseline_row(workdir: Path, settings) -> None:
    """Why one reported figure recomputes one regency: the other baseline rows are the
    same to the last bit (the 'all' sums no longer depend on whether a file exists)."""
    before = pd.read_parquet(workdir / pipeline.BASELINE_FILE)
    _report_bpu("12.14")
    ctx = pipeline.load_context(settings)
    after = ctx.baseline[list(pipeline.BASELINE_COLUMNS)]
    other_before = before[before["regency_code"] != "12.14"].reset_index(drop=True)
    other_after = after[after["regency_code"] != "12.14"].reset_index(drop=True)
    pd.testing.assert_frame_equal(other_after, other_before, check_exact=True, check_dtype=False)


def test_the_command_line_prints_one_summary_line_and_takes_full(
    tmp_path: Path, processed_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """On a copy of the test session's processed data (built with the default settings)."""
    from ucj import cli

    copy = tmp_path / "processed"
    shutil.copytree(processed_dir, copy)
    monkeypatch.setenv("UCJ_PROCESSED_DIR", str(copy))
    (tmp_path / "inputs").mkdir()
    monkeypatch.setenv("UCJ_INPUTS_DIR", str(tmp_path / "inputs"))
    cli.main(["project"])  # nothing to do unless another test changed the shared tables
    capsys.readouterr()
    cli.main(["project"])  # now certainly nothing to do: one summary line, no table written
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("projections: 0 of 514 regencies recomputed (inputs unchanged) in ")
    assert out[-1].endswith(" s")
    assert [line for line in out if line.startswith("wrote ")] == []
    _report_bpu("12.14")
    cli.main(["project"])
    lines = capsys.readouterr().out.splitlines()
    (summary,) = [line for line in lines if line.startswith("projections: ")]
    assert summary.startswith("projections: 1 of 514 regencies recomputed (") and "12.14" in summary
    assert sum(line.startswith("wrote ") for line in lines) in (len(TABLES), len(TABLES) + 1)  # + the history
    calls = []
    monkeypatch.setattr(
        pipeline,
        "build",
        lambda full=False, **_: calls.append(full) or pipeline.RunResult([], (), 514, True, "--full", ()),
    )
    cli.main(["project", "--full"])
    assert calls == [True] and "regencies recomputed (full run: --full)" in capsys.readouterr().out
