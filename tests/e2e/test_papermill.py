"""The notebooks as papermill sees them when a researcher runs one by hand (issue 21, item 7):
their parameters, and a brief run with a regency code typed as a number or unknown."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def declared_parameters(notebook: Path) -> list[str]:
    """The names the notebook's ``parameters`` cell assigns, read by Python itself."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"{notebook.name}: one cell tagged 'parameters' expected"
    names = []
    for node in ast.parse(cells[0].source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names += [t.id for t in targets if isinstance(t, ast.Name)]
    return names


@pytest.mark.unit
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_help_notebook_lists_every_parameter(notebook: Path) -> None:
    """`papermill --help-notebook` skips a parameter whose line holds a second ``=`` (in its comment,
    say) and fails on a notebook without a kernel: every parameter of every notebook is listed."""
    from click.testing import CliRunner
    from papermill.cli import papermill

    result = CliRunner().invoke(papermill, ["--help-notebook", str(notebook)])
    assert result.exit_code == 0, f"{notebook.name}: {result.output}{result.exception!r}"
    listed = re.findall(r"^  (\w+): ", result.output, flags=re.MULTILINE)
    assert listed == declared_parameters(notebook), result.output


@pytest.mark.unit
def test_every_notebook_names_the_project_kernel() -> None:
    """papermill (and --help-notebook) read the kernel from the notebook; Lab would otherwise ask."""
    import nbformat

    for notebook in NOTEBOOKS:
        assert nbformat.read(notebook, as_version=4).metadata.get("kernelspec", {}).get("name") == "ucj", (
            notebook.name
        )


@pytest.mark.unit
def test_an_unknown_code_given_as_a_number_says_to_pass_it_as_text() -> None:
    from ucj.brief.context import resolve_regency
    from ucj.errors import UnknownCodeError

    master = pd.DataFrame(
        {"regency_code": ["13.10", "91.71"], "regency_name": ["Dharmasraya", "Kota Sorong"]}
    )
    assert resolve_regency(master, 13.1)["regency_code"] == "13.10"  # papermill -p regency_code 13.10
    for given in (91.7, "91.7", 13):  # a zero may have been dropped: which code was meant?
        with pytest.raises(UnknownCodeError) as error:
            resolve_regency(master, given)
        assert f"given as {given!r}" in str(error.value)
        assert "`papermill ... -r regency_code 13.10`" in str(error.value)
    for given in (99.99, "99.99", "91.70"):  # nothing lost: just unknown
        with pytest.raises(UnknownCodeError) as error:
            resolve_regency(master, given)
        assert "-r regency_code" not in str(error.value)


def papermill_brief(tmp_path: Path, *parameters: str) -> subprocess.CompletedProcess:
    """A researcher's run of the brief notebook by hand: plain papermill on a copy of it."""
    shutil.copy2(ROOT / "notebooks" / "brief.ipynb", tmp_path / "brief.ipynb")
    papermill = Path(sys.executable).with_name("papermill")
    return subprocess.run(
        [str(papermill), "brief.ipynb", "out.ipynb", *parameters, "--no-progress-bar"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )


def outputs_text(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return json.dumps([c.get("outputs", []) for c in cells], ensure_ascii=False)


def test_papermill_p_with_a_code_typed_as_a_number_runs_that_regencys_brief(processed_dir, tmp_path) -> None:
    """``-p regency_code 13.10`` hands the notebook the float 13.1: it is read back as 13.10."""
    run = papermill_brief(tmp_path, "-p", "regency_code", "13.10")
    assert run.returncode == 0, run.stderr[-3000:]
    text = outputs_text(tmp_path / "out.ipynb")
    assert "Dharmasraya" in text and "Nias Selatan" not in text


def test_an_unknown_code_stops_papermill_at_the_first_cell_with_one_clear_line(
    processed_dir, tmp_path
) -> None:
    """The first code cell validates the code (``context.load``): an unknown one stops the run there,
    shown in the notebook as one line naming the nearest codes, and papermill's last line is that line
    (papermill itself always prints its own traceback above it, and exits with status 1)."""
    run = papermill_brief(tmp_path, "-r", "regency_code", "99.99")
    assert run.returncode == 1
    message = "UnknownCodeError: unknown regency code '99.99': expected a Kemendagri 2025 code 'PP.RR'"
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith(message) and "did you mean: " in last, run.stderr[-2000:]

    cells = json.loads((tmp_path / "out.ipynb").read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    tags = [c["metadata"].get("tags", []) for c in code]
    first = next(i for i, t in enumerate(tags) if not {"parameters", "injected-parameters"} & set(t))
    errors = [o for o in code[first]["outputs"] if o["output_type"] == "error"]
    assert len(errors) == 1 and errors[0]["traceback"] == [last]  # one line, no traceback
    assert all(c["execution_count"] is None for c in code[first + 1 :])  # nothing else ran
