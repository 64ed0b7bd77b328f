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

import hashlib
import pickle
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ucj import catalog as c
from ucj import collector
from ucj.dag import fingerprint, outputs
from ucj.dag.outputs import Output


def _imported() -> None:
    """Called by a stage once its code is imported: that code lives as long as the process, so the
    garbage collector stops walking it (`gc.freeze`); each full collection would otherwise visit
    every object of pandas, pandera and the package again (about 0.1 s of the project stage)."""
    import gc

    gc.freeze()


def _run_master() -> list[Path]:
    from ucj import geo, manifest, master

    _imported()
    manifest.verify()
    return [master.write_master(), geo.build_boundaries()]


def _run_informal() -> list[Path]:
    from ucj.informal import comparison, pipeline

    _imported()
    written, result = pipeline.run()
    previous = comparison.previous_estimate(c.read(c.REGENCIES))
    _keep(c.informal_results_path(), "informal", AUTO_METHOD, {"result": result, "previous": previous})
    return [written]


def _run_project() -> list[Path]:
    from dataclasses import replace

    from ucj.projection import assumptions, pipeline

    _imported()
    start = time.perf_counter()
    settings, assumed = assumptions.read_settings(), assumptions.load_assumptions()
    key = _context_key(settings, assumed)
    result = pipeline.build(settings, assumptions=assumed)
    print(result.summary(time.perf_counter() - start))
    # without its random draws, which its settings regenerate in milliseconds
    _keep(c.project_context_path(), "project", key, {"context": replace(result.context, draws=None)})
    return list(result.written)


# --- what a stage computed, kept for the analysis notebooks -------------------------------------------


def _keep(path: Path, stage_name: str, key: str, payload: dict) -> None:
    """Keep what stage ``stage_name`` computed beside its tables (``payload``), stamped with the
    stage's fingerprint and ``key`` (the arguments it was computed with)."""
    from ucj.io import write_bytes_atomic

    kept = {"fingerprint": stage(stage_name).fingerprint(), "key": key, **payload}
    write_bytes_atomic(path, pickle.dumps(kept, protocol=5))


def _kept(path: Path, stage_name: str, key: str) -> dict | None:
    """What `_keep` kept at ``path``, if stage ``stage_name`` is current (the one fingerprint, its
    outputs present) and computed it with ``key``; None otherwise, or if it cannot be read (e.g.
    written by other library versions): the caller computes instead."""
    if not path.is_file():
        return None
    s = stage(stage_name)
    current = s.fingerprint()
    if not fingerprint.is_current([c.path(n) for n in s.outputs], s.state_path(), current):
        return None
    try:
        kept = pickle.loads(path.read_bytes())
    except Exception:
        return None
    if isinstance(kept, dict) and kept.get("fingerprint") == current and kept.get("key") == key:
        return kept
    return None


def _context_key(settings: object, assumptions: object) -> str:
    """A hash of the settings and assumptions a context is loaded with (equal hash: same run):
    their fields' values, tables as CSV text."""
    import dataclasses

    import pandas as pd

    h = hashlib.sha256(repr(settings).encode())
    for f in dataclasses.fields(assumptions):
        value = getattr(assumptions, f.name)
        h.update(f.name.encode())
        h.update((value.to_csv() if isinstance(value, pd.DataFrame) else repr(value)).encode())
    return h.hexdigest()


def project_context(settings=None, assumptions=None):  # -> ucj.projection.pipeline.Context
    """The projection context (`ucj.projection.pipeline.load_context`) for ``settings`` and
    ``assumptions`` (None: the run's, from config/ and data/raw/assumptions/).

    When the project stage is current and ran with exactly these settings and assumptions, the
    context it kept is returned (about 0.1 s: the analysis notebook's default); otherwise it is
    computed (a second or two). Either way it is the same context.
    """
    from dataclasses import replace

    from ucj.projection import assumptions as assumptions_mod
    from ucj.projection import montecarlo, pipeline

    settings = settings or assumptions_mod.read_settings()
    assumptions = assumptions or assumptions_mod.load_assumptions()
    kept = _kept(c.project_context_path(), "project", _context_key(settings, assumptions))
    if kept is None:
        return pipeline.load_context(settings, assumptions)
    ctx = kept["context"]
    draws = montecarlo.make_draws(len(ctx.inputs.codes), assumptions, settings.n_draws, settings.seed)
    return replace(ctx, draws=draws)


#: The informal stage's model choice (cross-validation decides): the only ``method`` whose
#: estimates it keeps.
AUTO_METHOD = "auto"


def informal_results(method: str = AUTO_METHOD):  # -> (InformalEstimates, PreviousEstimate | None)
    """The informal estimates notebook 01 shows (`ucj.informal.pipeline.estimate` with ``method``)
    and the previous estimate it compares them with (`ucj.informal.comparison.previous_estimate`).

    When the informal stage is current and ``method`` is its own (`AUTO_METHOD`), both are what the
    stage computed and kept (about 0.2 s instead of 10). Otherwise the estimates are computed, with
    the cross-validation read from the processed tables while the stage is current (re-run
    otherwise), and the previous estimate is None (`comparison.before_after` rebuilds it).
    """
    from ucj.informal import pipeline

    if method == AUTO_METHOD:
        kept = _kept(c.informal_results_path(), "informal", method)
        if kept is not None:
            return kept["result"], kept["previous"]
    current = stage("informal").stale_reason() is None
    cv_table, cv_predictions = pipeline.read_cross_validation() if current else (None, None)
    regencies = c.read(c.REGENCIES)
    return pipeline.estimate(regencies, method=method, cv_table=cv_table, cv_predictions=cv_predictions), None


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
            with collector.relaxed():  # pandas work: millions of objects that need no collection
                written = s.run()
            for path in written:
                print(f"wrote {path}", file=sys.stderr)
            # the fingerprint is taken after the run: its processed inputs are now current
            fingerprint.record(s.state_path(), s.fingerprint())
            print(f"[{s.name}] done in {time.perf_counter() - start:.1f} s", file=sys.stderr)
            ran.append(s.name)
        if only == s.name:
            break
    return ran
