"""The researcher's loop in JupyterLab never lies (issue 21, item 7).

A notebook saved in Lab reaches the ``.py`` that `make reports` runs and fingerprints, whether Lab
serves notebooks/ (as `make lab` starts it) or the repository root; and a notebook whose ``.ipynb``
holds edits its ``.py`` lacks is refused by the reports instead of being called up to date.

The Lab tests start a real server, headless, the way the Makefile's ``lab`` target does (its
arguments are read from the Makefile), in a temporary git copy of the notebooks, and save through
the REST contents API as the Lab front end does (a few seconds; skipped without jupyter_server).
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit  # needs no processed data

ROOT = Path(__file__).resolve().parents[2]
JUPYTER = Path(sys.executable).with_name("jupyter")
TOKEN = "ucj-test-token"
KERNELSPEC = {"display_name": "Python (ucj)", "language": "python", "name": "ucj"}
# What Lab adds to a notebook's metadata once its kernel has started.
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": "3.11.7",
}


def makefile_lab_arguments() -> tuple[list[str], bool]:
    """The arguments the Makefile's ``lab`` target gives ``jupyter lab`` (make variables left out),
    and whether it unsets MPLBACKEND."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^lab:.*\n\t(.+)$", text, flags=re.MULTILINE)
    assert recipe, "the Makefile has no lab target"
    words = shlex.split(recipe.group(1))
    at = next(i for i, w in enumerate(words) if w.endswith("/bin/jupyter"))
    assert words[at + 1] == "lab", recipe.group(1)
    return [w for w in words[at + 2 :] if not w.startswith("$(")], "MPLBACKEND" in words[:at]


GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]


def git(repo: Path, *args: str) -> str:
    run = subprocess.run(
        [*GIT, *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout


def copy_project(target: Path) -> Path:
    """A git repository holding what Lab and git need of the project: the notebooks, every jupytext
    settings file (wherever it is), the notebook filter and its attributes; committed, with the
    filter registered as `make env` registers it."""
    target.mkdir()
    shutil.copytree(ROOT / "notebooks", target / "notebooks")
    for name in (
        "jupytext.toml",
        ".jupytext",
        ".jupytext.toml",
        "pyproject.toml",
        ".gitattributes",
        ".gitignore",
    ):
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, target / name)
    (target / "tools").mkdir()
    shutil.copy2(ROOT / "tools" / "nbstrip.py", target / "tools" / "nbstrip.py")
    clean = re.search(r'git config filter\.nbstrip\.clean "([^"]+)"', (ROOT / "Makefile").read_text())
    assert clean, "the Makefile no longer registers the nbstrip filter"
    git(target, "init", "-q")
    git(target, "config", "filter.nbstrip.clean", clean.group(1))
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "copy")
    return target


def install_settings(venv: Path) -> Path:
    """Install the project's Jupyter settings as `make env` does, into a stand-in environment
    (its build stamp fresh, so only the settings are installed); returns its prefix."""
    if shutil.which("make") is None:
        pytest.skip("make not installed")
    venv.mkdir(parents=True, exist_ok=True)
    (venv / ".env-stamp").touch()
    subprocess.run(["make", "-s", "-C", str(ROOT), f"VENV={venv}", "env"], check=True, capture_output=True)
    return venv


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A headless Jupyter Lab server started in ``cwd``, and its REST API."""

    def __init__(
        self, cwd: Path, arguments: list[str], unset_mplbackend: bool, home: Path, prefix: Path
    ) -> None:
        self.port = free_port()
        self.log_path = home / f"lab-{self.port}.log"
        env = {k: v for k, v in os.environ.items() if not (unset_mplbackend and k == "MPLBACKEND")}
        env.update(
            JUPYTER_CONFIG_DIR=str(home / "config"),  # no user settings of this machine
            JUPYTER_DATA_DIR=str(home / "data"),
            JUPYTER_RUNTIME_DIR=str(home / "runtime"),
            JUPYTER_CONFIG_PATH=str(prefix / "etc" / "jupyter"),  # as installed in the environment
            PYTHONPATH=os.pathsep.join([str(ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])]),
        )
        command = [str(JUPYTER), "lab", *arguments, "--no-browser", f"--port={self.port}"]
        command += ["--ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}", "--ServerApp.open_browser=False"]
        if os.geteuid() == 0:  # as the Makefile's ROOT_FLAG
            command.append("--allow-root")
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.api("GET", "/api/status")
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"jupyter lab did not start:\n{self.log()}") from None
                time.sleep(0.1)

    def api(self, method: str, path: str, body: dict | None = None) -> dict | None:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            data = response.read()
        return json.loads(data) if data else None

    def open(self, path: str) -> dict:
        """A notebook as Lab's front end receives it, with the metadata Lab adds once its kernel runs."""
        model = self.api("GET", f"/api/contents/{path}?type=notebook&content=1")
        nb = model["content"]
        nb["metadata"]["kernelspec"] = dict(KERNELSPEC)
        nb["metadata"]["language_info"] = dict(LANGUAGE_INFO)
        return nb

    def save(self, path: str, nb: dict) -> None:
        self.api("PUT", f"/api/contents/{path}", {"type": "notebook", "format": "json", "content": nb})

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def lab_available() -> bool:
    if not JUPYTER.is_file() or shutil.which("git") is None:
        return False
    try:
        import jupyter_server  # noqa: F401
        import jupyterlab  # noqa: F401
        import jupytext  # noqa: F401
    except ImportError:
        return False
    return True


needs_lab = pytest.mark.skipif(not lab_available(), reason="jupyter lab, jupytext or git not installed")


@contextlib.contextmanager
def running_lab(tmp: Path, how: str):
    """A Lab server on a fresh git copy of the project: started as `make lab` starts it
    (``how="make lab"``) or serving the repository root (``how="repository root"``)."""
    repo = copy_project(tmp / "repo")
    arguments, unset = makefile_lab_arguments()
    if how == "repository root":
        arguments = [a for a in arguments if a.startswith("-")]
    lab = Lab(repo, arguments, unset, home=tmp, prefix=install_settings(tmp / "venv"))
    try:
        yield repo, lab, "" if any(a.rstrip("/").endswith("notebooks") for a in arguments) else "notebooks/"
    finally:
        lab.stop()


@pytest.fixture(scope="module")
def labs(tmp_path_factory):
    """``labs(how)``: a Lab server on its own git copy of the project (`running_lab`), started on
    first use and shared by the module's tests."""
    with contextlib.ExitStack() as stack:
        started = {}

        def get(how: str):
            if how not in started:
                started[how] = stack.enter_context(running_lab(tmp_path_factory.mktemp("lab"), how))
            return started[how]

        yield get


@needs_lab
def test_the_makefile_serves_the_notebooks_folder() -> None:
    """The case that hid Lab's saves from the reports: Lab's root is notebooks/, above which
    jupytext does not look for its settings."""
    arguments, unset = makefile_lab_arguments()
    assert [a for a in arguments if not a.startswith("-")] == ["notebooks/"]
    assert unset  # plots inline in Lab


@needs_lab
@pytest.mark.parametrize("how", ["make lab", "repository root"])
def test_a_notebook_saved_in_lab_reaches_the_script_the_reports_run(labs, how) -> None:
    repo, server, at = labs(how)
    script = repo / "notebooks" / "brief.py"
    before = script.read_text()
    nb = server.open(f"{at}brief.ipynb")
    markdown = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    markdown["source"] = "".join(markdown["source"]) + "\n\nEdited in JupyterLab."
    try:
        server.save(f"{at}brief.ipynb", nb)
        after = script.read_text()
        assert after != before, f"notebooks/brief.py unchanged by a save in Lab:\n{server.log()[-3000:]}"
        # only the edit: the pairing settings (formats, metadata filters) are the project's
        diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
        assert [line for line in diff if line.startswith("- ")] == []
        assert [line[2:] for line in diff if line.startswith("+ ")] == ["#", "# Edited in JupyterLab."]
    finally:
        git(repo, "checkout", "--", "notebooks/brief.ipynb", "notebooks/brief.py")


@pytest.mark.skipif(not lab_available(), reason="jupytext not installed")
def test_the_reports_refuse_a_notebook_edited_only_in_its_ipynb(tmp_path, monkeypatch, capsys) -> None:
    import jupytext

    from ucj import cli, paths
    from ucj.reports import execute

    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name in ("jupytext.toml", "brief.py", "brief.ipynb", "meeting.py", "meeting.ipynb"):
        shutil.copy2(ROOT / "notebooks" / name, folder / name)
    assert execute.unpaired_edits(folder=folder) == []

    # saved again unchanged, after its script: still one notebook
    notebook = folder / "brief.ipynb"
    os.utime(notebook, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert execute.unpaired_edits(folder=folder) == []

    # edited and saved by an editor that does not pair: the reports would run the old script
    nb = jupytext.read(notebook)
    nb.cells[1].source = nb.cells[1].source.replace('"12.14"', '"31.71"')
    jupytext.write(nb, notebook)
    os.utime(notebook, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert execute.unpaired_edits(folder=folder) == [notebook]
    assert execute.unpaired_edits(["meeting"], folder=folder) == []

    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", folder)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["reports", "--dry-run"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "brief.ipynb: saved after brief.py" in err[0] and "make sync" in err[0], err

    # `make sync` (jupytext --sync) takes the newer file's edits into the script: nothing to refuse
    subprocess.run(
        [str(Path(sys.executable).with_name("jupytext")), "--sync", str(folder / "brief.py")],
        cwd=tmp_path,
        capture_output=True,
        check=True,
    )
    assert '"31.71"' in (folder / "brief.py").read_text()
    assert execute.unpaired_edits(folder=folder) == []


def test_no_notebook_chooses_the_plotting_backend() -> None:
    """A researcher's own plots show inline in Lab (`make lab` unsets MPLBACKEND); papermill runs of
    the reports get Agg from the environment (the Makefile, `ucj.reports.run.DEFAULT_SETTINGS`), and
    the notebooks display their figures whatever the backend (`ucj.informal.diagnostics.show`)."""
    from ucj.reports import run

    assert run.DEFAULT_SETTINGS["MPLBACKEND"] == "Agg"
    for script in sorted((ROOT / "notebooks").glob("*.py")):
        text = script.read_text(encoding="utf-8")
        chosen = re.search(r"matplotlib\.use\(|switch_backend\(|^\s*%matplotlib", text, flags=re.MULTILINE)
        assert chosen is None, f"{script.name} sets the matplotlib backend: {chosen.group(0)}"


def run_as_lab_would(nb) -> None:
    """What running a notebook in Lab adds to it: the kernel's metadata, outputs, execution counts."""
    from nbformat.v4 import new_output

    nb["metadata"]["kernelspec"] = dict(KERNELSPEC)
    nb["metadata"]["language_info"] = dict(LANGUAGE_INFO)
    for count, cell in enumerate((c for c in nb["cells"] if c["cell_type"] == "code"), start=1):
        cell["execution_count"] = count
        cell["outputs"] = [new_output("stream", name="stdout", text=f"output {count}\n")]


def status(repo: Path) -> str:
    return git(repo, "status", "--porcelain")


def test_the_committed_notebooks_are_what_lab_and_the_git_filter_write() -> None:
    """Otherwise git would list a notebook as changed as soon as Lab or anything else rewrote it:
    the filter's output, with the pairing settings Lab's jupytext records in every notebook."""
    import tomllib

    settings = tomllib.loads((ROOT / "notebooks" / "jupytext.toml").read_text())
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        recorded = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["jupytext"]
        for key in ("notebook_metadata_filter", "cell_metadata_filter"):
            assert recorded.get(key) == settings[key], f"{notebook.name}: metadata.jupytext.{key}"
        text = notebook.read_text(encoding="utf-8")
        cleaned = subprocess.run(
            [sys.executable, str(ROOT / "tools" / "nbstrip.py")], input=text, capture_output=True, text=True
        )
        assert cleaned.stdout == text, f"{notebook.name}: commit it as tools/nbstrip.py writes it"


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_a_notebook_saved_unchanged_leaves_git_clean_after_the_save_hook(tmp_path) -> None:
    """Why git listed notebook 02 as modified with an empty diff after Lab's autosave, and the fix."""
    import nbformat

    from ucj import lab

    repo = copy_project(tmp_path / "repo")
    path = repo / "notebooks" / "02_coverage_projection.ipynb"
    nb = nbformat.read(path, as_version=4)
    run_as_lab_would(nb)
    nbformat.write(nb, path)  # as Lab's contents manager writes it
    # the cause: the file's size differs from the one git recorded, and git calls it modified
    # without running the filter, while the diff (filtered) is empty; --refresh does not help
    assert status(repo) == " M notebooks/02_coverage_projection.ipynb\n"
    assert git(repo, "diff") == ""
    subprocess.run(["git", "update-index", "-q", "--refresh"], cwd=repo, capture_output=True)
    assert status(repo) != ""
    # the fix: Lab's post-save hook
    lab.refresh_git_index(os_path=str(path))
    assert status(repo) == ""

    # a real change is left to the researcher: listed, and nothing staged
    nb.cells[0].source += "\n\nA real change."
    nbformat.write(nb, path)
    lab.refresh_git_index(os_path=str(path))
    assert status(repo) == " M notebooks/02_coverage_projection.ipynb\n"
    assert git(repo, "diff", "--cached") == ""
    # an untracked notebook or a folder outside git: nothing happens, nothing fails
    (repo / "notebooks" / "scratch.ipynb").write_text(path.read_text())
    lab.refresh_git_index(os_path=str(repo / "notebooks" / "scratch.ipynb"))
    lab.refresh_git_index(os_path=str(tmp_path / "elsewhere.ipynb"))
    assert "?? notebooks/scratch.ipynb" in status(repo)


@needs_lab
def test_notebooks_run_and_saved_in_lab_leave_git_clean(labs) -> None:
    """Opening a notebook (02 was the one reported), running it and letting Lab save it: git sees no
    change. A real edit is listed, in both files of the pair, and nothing is staged."""
    repo, server, at = labs("make lab")
    for notebook in sorted((repo / "notebooks").glob("*.ipynb")):
        nb = server.open(f"{at}{notebook.name}")
        run_as_lab_would(nb)
        server.save(f"{at}{notebook.name}", nb)
        assert status(repo) == "", f"after saving {notebook.name}:\n{status(repo)}{git(repo, 'diff')}"

    nb = server.open(f"{at}summary_national.ipynb")
    nb["cells"][0]["source"] = "".join(nb["cells"][0]["source"]) + "\n\nA real change."
    server.save(f"{at}summary_national.ipynb", nb)
    assert status(repo) == " M notebooks/summary_national.ipynb\n M notebooks/summary_national.py\n"
    assert git(repo, "diff", "--cached") == ""


TCP_WARNING = "Kernel is running over TCP without encryption"


def small_notebook(path: Path) -> Path:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(
        cells=[new_code_cell("x = 1", metadata={"tags": ["parameters"]}), new_code_cell("print(x * 42)")]
    )
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nbformat.write(nb, path)
    return path


def test_the_kernel_settings_drop_only_the_tcp_warning(tmp_path) -> None:
    import logging

    from traitlets.config.loader import PyFileConfigLoader

    installed = install_settings(tmp_path / "venv") / "etc" / "ipython" / "ipython_kernel_config.py"
    config = PyFileConfigLoader(installed.name, path=str(installed.parent)).load_config()
    settings = config.IPKernelApp.logging_config
    assert settings["loggers"]["IPKernelApp"]["filters"] == list(settings["filters"])
    (drop,) = (f["()"]() for f in settings["filters"].values())

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("IPKernelApp", logging.WARNING, __file__, 1, message, None, None)

    assert not drop.filter(record(TCP_WARNING + ". All communication ... is sent in plain text"))
    assert drop.filter(record("Parent appears to have exited, shutting down."))


@pytest.mark.skipif(not lab_available(), reason="papermill's kernel needs jupyter installed")
def test_a_plain_papermill_run_prints_no_tcp_warning(tmp_path) -> None:
    """A researcher's `papermill in.ipynb out.ipynb`: a kernel the project cannot give keys to,
    with the kernel settings `make env` installs (loaded here from a profile: the same file)."""
    installed = install_settings(tmp_path / "venv") / "etc" / "ipython" / "ipython_kernel_config.py"
    profile = tmp_path / "ipython" / "profile_default"
    profile.mkdir(parents=True)
    shutil.copy2(installed, profile / installed.name)
    notebook = small_notebook(tmp_path / "small.ipynb")
    run = subprocess.run(
        [str(Path(sys.executable).with_name("papermill")), str(notebook), str(tmp_path / "out.ipynb")],
        env={**os.environ, "IPYTHONDIR": str(tmp_path / "ipython")},
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert TCP_WARNING not in run.stderr
    assert "42" in (tmp_path / "out.ipynb").read_text()


@pytest.mark.skipif(not lab_available(), reason="papermill's kernel needs jupyter installed")
def test_the_projects_papermill_runs_encrypt_and_print_no_tcp_warning(tmp_path, capfd) -> None:
    """`make reports` (warm kernels) and analysis notebooks (cold runs): the kernel manager gives
    the kernel keys; no kernel settings are needed for the warning to go."""
    import nbformat

    from ucj.reports import execute

    nb = nbformat.read(small_notebook(tmp_path / "small.ipynb"), as_version=4)
    cold = execute.execute_cold(nb, {"x": 2}, cwd=tmp_path)
    # as `execute.read_notebook` prepares a report notebook for the warm engine
    nb.metadata["papermill"] = {"default_parameters": {}, "parameters": {}, "environment_variables": {}}
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])
        cell.metadata.setdefault("papermill", {})
    warm = execute.WarmKernel(cwd=tmp_path)
    try:
        warm.start()
        assert warm.km.curve_secretkey is not None
        hot = warm.execute(nb, {"x": 3})
    finally:
        warm.shutdown()
    assert cold.cells[-1].outputs[0]["text"] == "84\n"
    assert hot.cells[-1].outputs[0]["text"] == "126\n"
    assert TCP_WARNING not in capfd.readouterr().err


@needs_lab
def test_a_kernel_started_in_lab_is_encrypted_and_prints_no_tcp_warning(labs) -> None:
    repo, server, at = labs("make lab")
    kernel = server.api("POST", "/api/kernels", {"name": "ucj"})
    try:
        assert run_in_lab_kernel(server, kernel["id"], "print(6 * 7)") == "42"
    finally:
        server.api("DELETE", f"/api/kernels/{kernel['id']}")
    assert TCP_WARNING not in server.log()


def run_in_lab_kernel(server: Lab, kernel_id: str, code: str) -> str:
    """Execute ``code`` through the server's websocket, as Lab's front end does; its printed output."""
    import asyncio
    import uuid

    from tornado.websocket import websocket_connect

    async def run() -> str:
        url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels?token={TOKEN}"
        ws = await websocket_connect(url)
        header = {"msg_id": uuid.uuid4().hex, "session": uuid.uuid4().hex, "username": "test"}
        header.update(msg_type="execute_request", version="5.3", date="")
        content = {"code": code, "silent": False, "store_history": False, "user_expressions": {}}
        message = {"header": header, "parent_header": {}, "metadata": {}, "channel": "shell"}
        await ws.write_message(json.dumps({**message, "content": {**content, "allow_stdin": False}}))
        while True:
            reply = json.loads(await ws.read_message())
            if reply["msg_type"] == "stream" and reply["parent_header"].get("msg_id") == header["msg_id"]:
                ws.close()
                return reply["content"]["text"].strip()

    return asyncio.run(asyncio.wait_for(run(), timeout=60))
