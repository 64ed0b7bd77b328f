#!/usr/bin/env python3
"""Turn the `pip:` section of environment.yml into a pip requirements file.

Runs with the system python3 before any virtual environment exists, so it uses
the standard library only (no PyYAML). It understands the small subset of YAML
that environment.yml uses and refuses anything it cannot honour without conda:
a conda-only dependency, or a Python version other than the running one.

Usage: python3 tools/env_to_requirements.py environment.yml requirements.txt
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ALLOWED_CONDA = {"pip"}


def parse(env_text: str) -> tuple[str | None, list[str], list[str]]:
    """Return (python spec, conda-only deps, pip deps) read from environment.yml text."""
    python_spec: str | None = None
    conda_only: list[str] = []
    pip_deps: list[str] = []
    section = None
    in_pip = False
    for raw in env_text.splitlines():
        line = raw.split(" #")[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        text = line.strip()
        if indent == 0:
            section = text.rstrip(":").split(":")[0]
            in_pip = False
            continue
        if section != "dependencies":
            continue
        if text == "- pip:":
            in_pip = True
            pip_indent = indent
            continue
        if in_pip and indent > pip_indent:
            pip_deps.append(text[1:].strip())
            continue
        in_pip = False
        dep = text[1:].strip()
        name = re.split(r"[=<>! ]", dep, maxsplit=1)[0]
        if name == "python":
            python_spec = dep[len("python") :].lstrip("=")
        elif name not in ALLOWED_CONDA:
            conda_only.append(dep)
    return python_spec, conda_only, pip_deps


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    env_path, out_path = Path(argv[1]), Path(argv[2])
    python_spec, conda_only, pip_deps = parse(env_path.read_text(encoding="utf-8"))
    if conda_only:
        print(
            f"{env_path}: conda-only dependencies cannot be installed without conda: "
            f"{', '.join(conda_only)}. Move them to the pip: section.",
            file=sys.stderr,
        )
        return 1
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    if python_spec and not (running == python_spec or running.startswith(python_spec + ".")):
        print(
            f"{env_path}: asks for python={python_spec}, but python3 here is {running}. "
            "Run make with PYTHON=/path/to/python" + python_spec,
            file=sys.stderr,
        )
        return 1
    unpinned = [d for d in pip_deps if "==" not in d and not d.startswith("-e")]
    if unpinned:
        print(f"{env_path}: unpinned pip dependencies: {', '.join(unpinned)}", file=sys.stderr)
        return 1
    out_path.write_text(
        "# generated from environment.yml; do not edit\n" + "\n".join(pip_deps) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
