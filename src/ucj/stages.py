"""The data stages (raw -> processed), each declared once with what it reads and writes.

A stage is re-run exactly when its fingerprint changed: the code reachable from
its entry modules (`ucj.dag.deps`), every raw file, the processed tables it
reads, the configuration files and the optional user inputs it reads — a user
input that is deleted counts as a change, like an edited one. Outputs missing
also re-run it. The fingerprint is stored under ``data/processed/.state/``
only after the stage succeeded, so a failed run leaves the earlier outputs and
state in place and is retried next time.

Run order: ``master`` (regency master table, boundaries, map outlines) ->
``informal`` (employed and informal workforce) -> ``project`` (coverage
baseline, projections, effort to targets; incremental per regency inside).
"""

from __future__ import annotations

import hashlib
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ucj import catalog as c
from ucj import paths
from ucj.dag import deps
from ucj.dag.fingerprint import hash_files


def _run_master() -> list[Path]:
    from ucj import geo, manifest, master

    manifest.verify()
    return [master.write_master(), geo.build_boundaries()]


def _run_informal() -> list[Path]:
    from ucj.informal import pipeline

    return [pipeline.run()]


def _run_project() -> list[Path]:
    from ucj.projection import pipeline

    start = time.perf_counter()
    result = pipeline.build()
    print(result.summary(time.perf_counter() - start))
    return list(result.written)


@dataclass(frozen=True)
class Stage:
    """One data stage: its code, its inputs and its outputs (processed tables by `ucj.catalog` name)."""

    name: str
    entries: tuple[str, ...]
    run: Callable[[], list[Path]]
    outputs: tuple[str, ...]
    processed_inputs: tuple[str, ...] = ()
    user_inputs: tuple[str, ...] = ()  # names or glob patterns under data/inputs/
    config: tuple[str, ...] = field(default=())  # names under config/

    def state_path(self) -> Path:
        return c.stage_state_path(self.name)

    def input_files(self) -> list[Path]:
        """The user-input files it reads that exist now (patterns expanded)."""
        root = paths.inputs_dir()
        if not root.is_dir():
            return []
        return sorted({f for pattern in self.user_inputs for f in root.glob(pattern) if f.is_file()})

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        digest.update(deps.code_fingerprint(self.entries).encode())
        raw = sorted(f for f in paths.raw_dir().rglob("*") if f.is_file())
        digest.update(hash_files(raw, paths.raw_dir()).encode())
        digest.update(hash_files([c.path(n) for n in self.processed_inputs], paths.processed_dir()).encode())
        digest.update(hash_files([paths.config_dir() / n for n in self.config], paths.config_dir()).encode())
        digest.update("|".join(self.user_inputs).encode())
        digest.update(hash_files(self.input_files(), paths.inputs_dir()).encode())
        return digest.hexdigest()

    def stale_reason(self) -> str | None:
        """Why the stage must run (None when its outputs are current)."""
        missing = [c.file_name(n) for n in self.outputs if not c.path(n).is_file()]
        if missing:
            return f"missing {', '.join(missing)}"
        state = self.state_path()
        if not state.is_file():
            return "never run here"
        if state.read_text().strip() != self.fingerprint():
            return "code, data, configuration or user inputs changed"
        return None


STAGES: tuple[Stage, ...] = (
    Stage(
        "master",
        ("ucj.master", "ucj.geo", "ucj.manifest"),
        _run_master,
        outputs=(
            c.REGENCIES,
            c.REGENCY_BOUNDARIES,
            c.PROVINCE_BOUNDARIES,
            c.REGENCY_PATHS,
            c.PROVINCE_PATHS,
            c.REGENCY_NATIONAL_PATHS,
        ),
    ),
    Stage(
        "informal",
        ("ucj.informal.pipeline",),
        _run_informal,
        outputs=(
            c.INFORMAL_WORKFORCE,
            c.INFORMAL_MODEL_CV,
            c.INFORMAL_CALIBRATION,
            c.INFORMAL_CV_PREDICTIONS,
            c.INFORMAL_REGENCY_VALIDATION,
            c.INFORMAL_REGENCY_VALIDATION_SUMMARY,
            c.INFORMAL_REGENCY_COVARIATES,
        ),
        processed_inputs=(c.REGENCIES,),
        user_inputs=("direct_estimates.csv",),
    ),
    Stage(
        "project",
        ("ucj.projection.pipeline",),
        _run_project,
        outputs=(
            c.COVERAGE_BASELINE,
            c.PROJECTIONS,
            c.UNIVERSAL_COVERAGE_YEAR,
            c.EFFORT_TO_TARGET,
            c.BASELINE_MODEL_CV,
            c.COVERAGE_HISTORY,
            c.BASELINE_CAPPED_PROVINCES,
            c.PROJECTION_HINDCAST,
            c.PROJECTION_HINDCAST_SUMMARY,
            c.ENROLMENT_CAPACITY,
            c.REGENCY_POLICIES,
            c.OFFICIAL_TOTALS,
            c.DATA_AS_OF,
        ),
        processed_inputs=(c.REGENCIES, c.INFORMAL_WORKFORCE, c.INFORMAL_REGENCY_VALIDATION),
        user_inputs=("reported_coverage.csv", "coverage_potential.csv", "village_tracker/*.xlsx"),
        config=("projection.yml", "scenarios.yml", "effort.yml"),
    ),
)


def stage(name: str) -> Stage:
    """The stage called ``name``."""
    return {s.name: s for s in STAGES}[name]


def plan() -> list[tuple[Stage, str | None]]:
    """Every stage with the reason it must run (None: current). A stage after a stale one is
    reported stale too (its inputs are about to change)."""
    out: list[tuple[Stage, str | None]] = []
    upstream_stale = False
    for s in STAGES:
        reason = s.stale_reason()
        if reason is None and upstream_stale:
            reason = "an earlier stage will run"
        upstream_stale = upstream_stale or reason is not None
        out.append((s, reason))
    return out


def run_stages(force: bool = False, only: str | None = None) -> list[str]:
    """Run the stale stages in order (all with ``force``; up to ``only`` when given); return
    the names of the stages run. An input error stops here and leaves earlier outputs intact."""
    ran = []
    for s in STAGES:
        reason = "forced" if force else s.stale_reason()
        if reason is not None:
            start = time.perf_counter()
            print(f"[{s.name}] running ({reason})", file=sys.stderr)
            for path in s.run():
                print(f"wrote {path}", file=sys.stderr)
            # the fingerprint is taken after the run: its processed inputs are now current
            from ucj.io import write_text_atomic

            write_text_atomic(s.state_path(), s.fingerprint() + "\n")
            print(f"[{s.name}] done in {time.perf_counter() - start:.1f} s", file=sys.stderr)
            ran.append(s.name)
        if only == s.name:
            break
    return ran
