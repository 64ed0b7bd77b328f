"""The notebooks as papermill sees them when a researcher runs one by hand (issue 21, item 7)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit  # needs no processed data

ROOT = Path(__file__).resolve().parents[1]
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


def test_every_notebook_names_the_project_kernel() -> None:
    """papermill (and --help-notebook) read the kernel from the notebook; Lab would otherwise ask."""
    import nbformat

    for notebook in NOTEBOOKS:
        assert nbformat.read(notebook, as_version=4).metadata.get("kernelspec", {}).get("name") == "ucj", (
            notebook.name
        )
