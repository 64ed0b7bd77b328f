"""The data stages (raw -> processed): each runs its declaration in `ucj.dag.outputs`.

A stage is re-run exactly when its fingerprint (`ucj.dag.fingerprint.digest`) changed: the code
reachable from its entry modules (`ucj.dag.deps`), every raw file, the processed tables it
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

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ucj import catalog as c
from ucj.dag import fingerprint, outputs
from ucj.dag.outputs import Output


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
    """One data stage: its declaration (`ucj.dag.outputs`: code, inputs, outputs) and how to run it."""

    output: Output
    run: Callable[[], list[Path]]

    @property
    def name(self) -> str:
        return self.output.name

    @property
    def entries(self) -> tuple[str, ...]:
        return self.output.entries

    @property
    def outputs(self) -> tuple[str, ...]:
        return self.output.writes

    def state_path(self) -> Path:
        return c.stage_state_path(self.name)

    def fingerprint(self) -> str:
        return fingerprint.digest(self.output).hexdigest()

    def stale_reason(self) -> str | None:
        """Why the stage must run (None when its outputs are current)."""
        missing = [c.file_name(n) for n in self.outputs if not c.path(n).is_file()]
        if missing:
            return f"missing {', '.join(missing)}"
        state = self.state_path()
        if not state.is_file():
            return "never run here"
        if not fingerprint.is_current([c.path(n) for n in self.outputs], state, self.fingerprint()):
            return "code, data, configuration or user inputs changed"
        return None


STAGES: tuple[Stage, ...] = (
    Stage(outputs.MASTER, _run_master),
    Stage(outputs.INFORMAL, _run_informal),
    Stage(outputs.PROJECT, _run_project),
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
            fingerprint.record(s.state_path(), s.fingerprint())
            print(f"[{s.name}] done in {time.perf_counter() - start:.1f} s", file=sys.stderr)
            ran.append(s.name)
        if only == s.name:
            break
    return ran
