"""Reading report notebooks and executing them with papermill, cold or in a warm kernel.

Notebooks are kept as jupytext py:percent scripts (paired with .ipynb); papermill
cannot read a .py file, so we read it with jupytext, pin the project kernel and
hand papermill the NotebookNode.

The warm engine (`ucj-warm`) runs many notebooks in one long-lived kernel: the
expensive imports (pandas, geopandas, matplotlib: 2–3 s) are paid once per
worker instead of once per notebook. Isolation is kept by resetting the
kernel's namespace, closing figures and restoring the working directory before
every notebook; a test proves a warm-run brief is byte-identical to a cold run.
"""

from __future__ import annotations

import copy
import functools
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ucj import paths

if TYPE_CHECKING:
    import nbformat
    from jupyter_client.manager import KernelManager

# jupytext, nbformat and papermill are imported where used: a report worker launches its
# kernel first and imports them while the kernel boots (see `ucj.reports.worker`); jupyter_client
# too, so that the run's check of the notebook pairs (`unpaired_edits`) does not pay for it.

log = logging.getLogger(__name__)
KERNELSPEC = {"name": paths.KERNEL_NAME, "display_name": "Python (ucj)", "language": "python"}
WARM_ENGINE = "ucj-warm"
CELL_TIMEOUT_S = 600


@functools.lru_cache(maxsize=None)
def _read_template(path: str, mtime_ns: int) -> nbformat.NotebookNode:
    import jupytext

    nb = jupytext.read(path)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.setdefault("language_info", {"name": "python"})
    # What papermill's loader adds (`papermill.iorw.load_notebook_node`), done once per template:
    # the warm engine hands papermill the node itself.
    nb.metadata.setdefault(
        "papermill", {"default_parameters": {}, "parameters": {}, "environment_variables": {}}
    )
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])
        cell.metadata.setdefault("papermill", {})
    return nb


def read_notebook(name: str) -> nbformat.NotebookNode:
    """The report notebook ``notebooks/<name>.py`` as a NotebookNode (a fresh copy)."""
    path = paths.NOTEBOOKS_DIR / f"{name}.py"
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found")
    return copy.deepcopy(_read_template(str(path), path.stat().st_mtime_ns))


def _cells(nb: nbformat.NotebookNode) -> list[tuple[str, str, list]]:
    return [(c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in nb.cells]


def unpaired_edits(names: list[str] | None = None, folder: Path | None = None) -> list[Path]:
    """Notebooks whose ``.ipynb`` was saved after their ``.py`` and differs from it (a cell's type,
    source or tags; outputs do not count): edits that the reports, which run the ``.py``, would
    leave out, e.g. a save by an editor that did not apply the jupytext pairing. Cheap when nothing
    was edited: the two files are compared only when the ``.ipynb`` is the newer one."""
    folder = folder or paths.NOTEBOOKS_DIR
    checked = _checked_pairs()
    found = []
    for script in sorted(folder.glob("*.py")) if names is None else [folder / f"{n}.py" for n in names]:
        notebook = script.with_suffix(".ipynb")
        if not (script.is_file() and notebook.is_file()):
            continue
        if notebook.stat().st_mtime_ns <= script.stat().st_mtime_ns:
            continue
        key = _pair_key(script, notebook)
        if checked.get(str(script)) == key:  # compared equal before, neither file touched since
            continue
        import jupytext

        if _cells(jupytext.read(notebook)) != _cells(jupytext.read(script)):
            found.append(notebook)
        else:
            checked[str(script)] = key
            _record_checked_pairs(checked)
    return found


def _pair_key(script: Path, notebook: Path) -> list[int]:
    a, b = script.stat(), notebook.stat()
    return [a.st_mtime_ns, a.st_size, b.st_mtime_ns, b.st_size]


def _checked_pairs() -> dict[str, list[int]]:
    """Pairs already compared equal (a fresh checkout leaves many .ipynb newer than their .py: their
    cells are compared once, not on every run)."""
    import json

    from ucj import catalog

    state = catalog.report_state_path("notebooks", "pairs-checked")
    try:
        return json.loads(state.read_text())
    except (OSError, ValueError):
        return {}


def _record_checked_pairs(checked: dict[str, list[int]]) -> None:
    import json

    from ucj import catalog
    from ucj.io import write_text_atomic

    try:
        write_text_atomic(
            catalog.report_state_path("notebooks", "pairs-checked"), json.dumps(checked, sort_keys=True)
        )
    except OSError:  # a read-only reports folder: compare again next time
        pass


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop run-specific noise (random cell ids, timings) so equal runs give equal files."""
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
        if cell.cell_type == "code":
            cell["execution_count"] = None
            for out in cell.get("outputs", []):
                if "execution_count" in out:
                    out["execution_count"] = None
    nb.metadata.pop("papermill", None)
    return nb


# A fresh namespace without `%reset -f`: that also runs a full garbage collection over the
# cached tables (about 0.5 s a notebook). Every name the previous notebook defined goes; only
# IPython's own hidden names stay; cached outputs are dropped; figures are closed; matplotlib
# and pandas options return to their defaults (an analysis notebook may have set some).
RESET_CODE = """\
def __ucj_reset():
    import os, warnings, matplotlib, matplotlib.pyplot as plt, pandas as pd
    ip = get_ipython()
    hidden = ip.user_ns_hidden
    for name in [n for n in ip.user_ns if n not in hidden]:
        del ip.user_ns[name]
    ip.user_ns["_oh"].clear()
    ip.user_ns.update({{"_": "", "__": "", "___": ""}})
    plt.close("all")
    matplotlib.rcdefaults()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pd.reset_option("all")
    os.chdir({cwd!r})
__ucj_reset()  # removes itself with the rest of the namespace
"""


def kernel_manager_settings() -> dict:
    """The project's kernels talk over encrypted channels: the manager hands each kernel CurveZMQ
    keys (the ``ucj`` kernelspec declares the support), so nothing travels in plain text over
    local TCP and the kernel does not warn at start that it would (Lab's server does the same:
    tools/jupyter/jupyter_server_config.json). Left out if this zmq cannot encrypt."""
    import zmq

    return {"transport_encryption": "auto"} if zmq.has("curve") else {}


class WarmKernel:
    """A long-lived project kernel that executes notebooks one after another."""

    def __init__(self, warmup_code: str = "", cwd: Path | None = None) -> None:
        self.warmup_code = warmup_code
        self.cwd = str(cwd or paths.PROJECT_ROOT)
        self.km: KernelManager | None = None
        self.kc = None

    def start(self) -> None:
        """Launch the kernel, wait until it answers, run the warm-up code."""
        self.launch()
        self.wait_ready()

    def launch(self) -> None:
        """Start the kernel process and return at once (it boots while the caller works)."""
        from jupyter_client.manager import KernelManager

        from ucj.reports import scratch

        folder = scratch.directory()  # in a run: its connection file is cleaned up even after a kill
        self.km = KernelManager(
            kernel_name=paths.KERNEL_NAME,
            **kernel_manager_settings(),
            **({"connection_file": str(folder / f"kernel-{os.getpid()}-{id(self)}.json")} if folder else {}),
        )
        # No input history: IPython would write every cell to its SQLite file (2 ms a cell). Kernel log
        # at ERROR: its per-start notices (parent gone at shutdown) are noise here.
        self.km.start_kernel(
            cwd=self.cwd, extra_arguments=["--HistoryManager.enabled=False", "--IPKernelApp.log_level=ERROR"]
        )

    def wait_ready(self) -> None:
        """Connect to the launched kernel, wait for it, run the warm-up code."""
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        if self.warmup_code:
            self.run_code(self.warmup_code)

    def run_code(self, code: str) -> None:
        """Run ``code`` in the kernel, outputs discarded (set-up code: an error is raised)."""
        reply = self.kc.execute_interactive(code, timeout=120, output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel setup failed: {reply['content'].get('evalue')}")

    def reset(self) -> None:
        """Fresh namespace, no open figures, project working directory."""
        if self.km is None or not self.km.is_alive():
            self.shutdown()
            self.start()
        self.run_code(RESET_CODE.format(cwd=self.cwd))

    def execute(
        self, nb: nbformat.NotebookNode, parameters: dict, failed_path: Path | None = None
    ) -> nbformat.NotebookNode:
        """Execute ``nb`` with ``parameters`` in this kernel (papermill, warm engine).

        Nothing is written while the notebook runs (papermill would save it
        after every cell); if a cell fails, the executed notebook, error
        included, is written to ``failed_path`` and the error re-raised.
        """
        from papermill.engines import papermill_engines
        from papermill.execute import (
            prepare_notebook_metadata,
            raise_for_execution_errors,
            remove_error_markers,
        )
        from papermill.parameterize import parameterize_notebook

        _register_warm_engine()
        self.reset()
        try:
            # papermill's own steps of `execute_notebook`, without its file I/O: with no output
            # path it still serialises the whole executed notebook to JSON (30 ms a brief) and
            # re-parses the input, only to throw both away.
            if parameters:
                nb = parameterize_notebook(
                    nb, parameters, kernel_name=paths.KERNEL_NAME, engine_name=WARM_ENGINE
                )
            nb = remove_error_markers(prepare_notebook_metadata(nb, None, None))
            nb = papermill_engines.execute_notebook_with_engine(
                WARM_ENGINE,
                nb,
                input_path=None,
                output_path=None,
                kernel_name=paths.KERNEL_NAME,
                progress_bar=False,
                log_output=False,
                start_timeout=60,
                stdout_file=None,
                stderr_file=None,
                km=self.km,
                kc=self.kc,
            )
            raise_for_execution_errors(nb, None)
            return nb
        except Exception:
            last = _register_warm_engine().last_notebook
            if failed_path is not None and last is not None:
                write_notebook(last, failed_path)
            raise

    def shutdown(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None and self.km.has_kernel:
            process = getattr(self.km.provisioner, "process", None)
            if process is not None:  # a local kernel: killed and reaped now (jupyter_client's own
                process.kill()  # wait polls every 0.1 s, the last tenth of a second of a run)
                process.wait()
            self.km.shutdown_kernel(now=True)  # then its files are cleaned up as usual
        self.km = self.kc = None


@functools.lru_cache(maxsize=1)
def _register_warm_engine():
    """Define and register the papermill engine that executes in a kernel it is handed."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class WarmEngine(NBClientEngine):
        """papermill engine that executes in a kernel it is handed (see `WarmKernel`)."""

        last_notebook = None  # kept so a failed run can be saved

        @classmethod
        def execute_managed_notebook(
            cls, nb_man, kernel_name, km=None, kc=None, execution_timeout=None, **kwargs
        ):
            cls.last_notebook = nb_man.nb
            client = PapermillNotebookClient(
                nb_man,
                km=km,
                kernel_name=kernel_name,
                timeout=execution_timeout or CELL_TIMEOUT_S,
                log=logging.getLogger("papermill"),
            )
            client.kc = kc
            return client.execute()

    papermill_engines.register(WARM_ENGINE, WarmEngine)
    return WarmEngine


def execute_cold(
    nb: nbformat.NotebookNode, parameters: dict, output_path: Path | None = None, cwd: Path | None = None
) -> nbformat.NotebookNode:
    """Execute ``nb`` in a new kernel (papermill's default engine), as a plain run would, its
    channels encrypted (`kernel_manager_settings`)."""
    import papermill as pm
    from traitlets.config import Config

    return pm.execute_notebook(
        nb,
        str(output_path) if output_path else None,
        parameters=parameters,
        kernel_name=paths.KERNEL_NAME,
        progress_bar=False,
        cwd=str(cwd or paths.PROJECT_ROOT),
        config=Config({"KernelManager": kernel_manager_settings()}),
    )


def has_error(nb: nbformat.NotebookNode) -> str | None:
    """The first error of an executed notebook as 'Name: message', or None."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return f"{out.get('ename')}: {out.get('evalue')}"
    return None


def write_notebook(nb: nbformat.NotebookNode, target: Path) -> Path:
    """Write a notebook atomically."""
    import nbformat

    from ucj.io import write_text_atomic

    write_text_atomic(target, nbformat.writes(nb))
    return target


os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
