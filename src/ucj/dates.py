"""The date stamped in every report: reproducible, the same however the reports are built."""

from __future__ import annotations

import datetime as dt
import functools
import os
import subprocess

from ucj.paths import PROJECT_ROOT

FALLBACK_EPOCH = 1767225600  # 2026-01-01 UTC, outside a git checkout
DATED_PATHS = ("data/raw", "config", "src", "notebooks")


@functools.lru_cache(maxsize=1)
def _git_epoch() -> int | None:
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", *DATED_PATHS],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        )
        return int(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None


def source_epoch() -> int:
    """The run's reproducible timestamp (seconds): SOURCE_DATE_EPOCH if set, else the date of
    the last commit touching data, config, code or notebooks, else 2026-01-01.

    The same checkout therefore always stamps the same date, however the briefs are built
    (make, the CLI, JupyterLab), and a new date appears only with new inputs or code.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value:
        return int(value)
    return _git_epoch() or FALLBACK_EPOCH


def source_date() -> dt.datetime:
    """`source_epoch` as a UTC datetime (the date printed in reports)."""
    return dt.datetime.fromtimestamp(source_epoch(), tz=dt.timezone.utc)
