#!/usr/bin/env python3
"""Git clean filter for notebooks/*.ipynb: outputs, execution counts and run metadata never reach git.

Registered by `make env` (git config filter.nbstrip.clean) and applied by .gitattributes, so that
opening a notebook in JupyterLab, running it and letting it autosave does not change the tracked
file (and Lab's post-save hook, `ucj.lab.refresh_git_index`, keeps `git status` from listing it
just because its size changed). Standard library only: git runs it for every staged or compared notebook.
It keeps cell ids, sources, cell tags and the notebook's kernelspec and jupytext settings, and
writes the JSON the way Jupyter does (1-space indent), so a clean notebook passes through unchanged.
"""

import json
import sys


def strip(nb: dict) -> dict:
    for cell in nb.get("cells", []):
        tags = cell.get("metadata", {}).get("tags")
        cell["metadata"] = {"tags": tags} if tags else {}
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    meta = nb.get("metadata", {})
    nb["metadata"] = {k: meta[k] for k in ("jupytext", "kernelspec") if k in meta}
    return nb


def main() -> None:
    text = sys.stdin.read()
    try:
        nb = json.loads(text)
    except ValueError:  # not a notebook git can read as JSON: pass it through untouched
        sys.stdout.write(text)
        return
    sys.stdout.write(json.dumps(strip(nb), indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
