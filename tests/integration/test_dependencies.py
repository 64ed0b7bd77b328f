"""Dependencies are derived, never listed by hand: editing a module makes stale exactly what runs it.

The code part of every fingerprint comes from the import graph (`ucj.dag.deps`);
these tests edit modules in a scratch copy of the package and check the plan,
check the static graph against what a brief really imports at run time, and check
that deleting and restoring a user input is noticed by the data stages.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ucj import paths, stages
from ucj.dag import deps, fingerprint, outputs


@pytest.fixture()
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch copy of src/ucj/ that the dependency functions read instead of the real one."""
    target = tmp_path / "ucj"
    shutil.copytree(paths.PACKAGE_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(paths, "PACKAGE_DIR", target)
    return target


def _entries() -> dict[str, set[str]]:
    """The modules each kind of output starts from (every declaration of `ucj.dag.outputs`)."""
    return {output.name: fingerprint.code_entries(output) for output in outputs.ALL}


def _code_fingerprints() -> dict[str, str]:
    """The code part of every kind of output's fingerprint."""
    return {kind: deps.code_fingerprint(entries) for kind, entries in _entries().items()}


def _closures() -> dict[str, set[str]]:
    return {kind: deps.closure(entries) for kind, entries in _entries().items()}


def test_there_is_no_import_cycle_anywhere_in_the_package() -> None:
    assert deps.import_cycles() == []


def test_relative_and_function_level_imports_are_edges() -> None:
    source = "def f():\n    from ucj.brief import charts\n    from . import mapping\n"
    found = deps.imports_in_source(source, "ucj.brief.sections")
    assert {"ucj.brief.charts", "ucj.brief.mapping", "ucj.brief", "ucj"} <= found


def test_editing_any_module_makes_stale_exactly_the_outputs_whose_code_reaches_it(package_copy: Path) -> None:
    closures = _closures()
    before = _code_fingerprints()
    for module, path in sorted(deps.modules().items()):
        original = path.read_bytes()
        path.write_bytes(original + b"\n# an edit\n")
        after = _code_fingerprints()
        path.write_bytes(original)
        changed = {kind for kind in before if after[kind] != before[kind]}
        assert changed == {kind for kind, reached in closures.items() if module in reached}, module
    assert _code_fingerprints() == before  # restoring every module restores every fingerprint


def test_the_drifted_dependencies_are_now_covered(package_copy: Path) -> None:
    """The two lists that had drifted: typesetting code and the map-outline writer."""
    closures = _closures()
    assert "ucj.reports.markdown_typst" in closures["brief"]  # it typesets every brief
    assert "ucj.geo" in closures["master"]  # it writes the outline caches (`geo.feature_path`)
    assert "ucj.brief.mapping" in closures["brief"]  # it reads them
    assert "ucj.informal.model" not in closures["brief"]  # the brief sees it through its tables only
    assert "ucj.informal.model" in closures["informal"]
    template = next((package_copy / "templates").glob("*"))
    before = _code_fingerprints()
    template.write_bytes(template.read_bytes() + b"\n")
    after = _code_fingerprints()
    assert after["brief"] != before["brief"] and after["master"] == before["master"]


def test_every_module_a_brief_imports_at_run_time_is_in_its_static_closure(processed_dir: Path) -> None:
    """Run the brief notebook's code as a script and compare the modules really loaded."""
    script = (
        "import sys, json, jupytext\n"
        f"nb = jupytext.read({str(paths.NOTEBOOKS_DIR / 'brief.py')!r})\n"
        "code = '\\n'.join(c.source for c in nb.cells if c.cell_type == 'code')\n"
        "exec(compile(code, 'brief', 'exec'), {'__name__': '__main__'})\n"
        "from ucj.reports import worker, render, execute\n"
        "print(json.dumps(sorted(m for m in sys.modules if m == 'ucj' or m.startswith('ucj.'))))\n"
    )
    env = {**os.environ, "MPLBACKEND": "Agg"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert loaded - deps.closure(fingerprint.code_entries(outputs.BRIEF)) == set()


def test_dry_run_names_what_is_stale_and_why(processed_copy: Path) -> None:
    from ucj.reports import run

    text = run.dry_run(only=["12.14"])
    assert "briefs: 1 planned" in text and "stage project:" in text
    assert "summaries" not in text  # --only plans just the asked briefs


def _report_bpu(code: str, active: int) -> Path:
    path = paths.inputs_dir() / "reported_coverage.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"regency_code,date,segment,active,source\n{code},2024-12-31,BPU,{active},test\n")
    return path


def test_deleting_and_restoring_a_user_input_reruns_the_stage_and_returns_the_same_bytes(
    processed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UCJ_INPUTS_DIR", str(tmp_path / "inputs"))
    project = stages.stage("project")
    stages.run_stages(force=False, only="project")  # current state of the copy
    reported = _report_bpu("12.14", 4321)
    assert project.stale_reason() is not None
    assert stages.run_stages(only="project") == ["project"]
    with_input = (processed_copy / "coverage_baseline.parquet").read_bytes()
    baseline = pd.read_parquet(processed_copy / "coverage_baseline.parquet")
    assert 4321 in baseline.loc[baseline["regency_code"] == "12.14", "figure_count"].round().tolist()
    assert project.stale_reason() is None and stages.run_stages(only="project") == []

    kept = reported.read_bytes()
    reported.unlink()  # a deleted optional input is a change, not silence
    assert project.stale_reason() is not None
    assert stages.run_stages(only="project") == ["project"]
    assert (processed_copy / "coverage_baseline.parquet").read_bytes() != with_input

    reported.write_bytes(kept)
    assert stages.run_stages(only="project") == ["project"]
    assert (processed_copy / "coverage_baseline.parquet").read_bytes() == with_input


def test_import_depth_is_measured() -> None:
    depth = deps.import_depth()
    assert 1 < depth <= len(deps.modules())
