"""What the project's Jupyter server does after it saves a file (JupyterLab's side of the loop).

`refresh_git_index` is the server's post-save hook, set in tools/jupyter/jupyter_server_config.json,
which `make env` installs into the environment (so `make lab` and a plain `jupyter lab` both use it).
Standard library only: the server imports it at start-up.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def refresh_git_index(os_path: str, model: dict | None = None, contents_manager=None, **_: object) -> None:
    """After a save, let git see that a notebook saved without changes is unchanged.

    Lab saves what git does not keep: ``language_info`` once a kernel ran, outputs and execution
    counts. The clean filter (tools/nbstrip.py) strips them, so ``git diff`` shows nothing; but
    before running any filter, ``git status`` (and ``git update-index --refresh``) compares the file's
    size with the size recorded at checkout and calls a file of another size modified. When the saved
    file, cleaned, is exactly what the index holds, ``git update-index`` records its new size and
    time: nothing is staged that was not staged already. A file with real changes, an untracked
    file, or one outside a git work tree is left alone, and nothing here can fail a save.
    """
    path = Path(os_path)

    def git(*args: str) -> int:
        return subprocess.run(
            ["git", *args, "--", path.name], cwd=path.parent, capture_output=True, timeout=60
        ).returncode

    try:
        if git("ls-files", "--error-unmatch") == 0 and git("diff", "--quiet") == 0:
            git("update-index")
    except (OSError, subprocess.SubprocessError):
        pass
