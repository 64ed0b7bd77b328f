"""environment.yml is the single, pinned dependency list, and the venv builder honours it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit  # needs no processed data

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "env_to_requirements.py"
PY = f"{sys.version_info.major}.{sys.version_info.minor}"


def convert(tmp_path: Path, text: str) -> subprocess.CompletedProcess:
    env_file = tmp_path / "environment.yml"
    env_file.write_text(text)
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(env_file), str(tmp_path / "req.txt")],
        capture_output=True,
        text=True,
    )


def test_real_environment_converts_to_pinned_requirements(tmp_path: Path) -> None:
    result = convert(tmp_path, (ROOT / "environment.yml").read_text())
    assert result.returncode == 0, result.stderr
    reqs = [
        line for line in (tmp_path / "req.txt").read_text().splitlines() if line and not line.startswith("#")
    ]
    pinned = [r for r in reqs if not r.startswith("-e")]
    assert len(pinned) >= 10
    assert all("==" in r for r in pinned)
    names = {r.split("==")[0].lower() for r in pinned}
    assert {"jupyterlab", "pandas", "statsmodels", "matplotlib", "papermill", "nbval"} <= names


def test_conda_only_dependency_is_refused(tmp_path: Path) -> None:
    result = convert(
        tmp_path, f"dependencies:\n  - python={PY}\n  - pip\n  - gdal=3.8\n  - pip:\n      - pandas==3.1.1\n"
    )
    assert result.returncode == 1
    assert "gdal" in result.stderr


def test_other_python_version_is_refused(tmp_path: Path) -> None:
    result = convert(tmp_path, "dependencies:\n  - python=3.9\n  - pip\n  - pip:\n      - pandas==3.1.1\n")
    assert result.returncode == 1
    assert "3.9" in result.stderr


def test_unpinned_dependency_is_refused(tmp_path: Path) -> None:
    result = convert(tmp_path, f"dependencies:\n  - python={PY}\n  - pip\n  - pip:\n      - pandas\n")
    assert result.returncode == 1
    assert "pandas" in result.stderr


@pytest.mark.parametrize("name", ["ucj"])
def test_project_kernel_is_registered(name: str) -> None:
    from jupyter_client.kernelspec import KernelSpecManager

    assert name in KernelSpecManager().find_kernel_specs()
