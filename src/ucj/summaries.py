"""National and province summaries (filled in by the briefs issue; none yet)."""

from __future__ import annotations


def build_all(jobs: int = 2, lang: str = "id", force: bool = False) -> list[tuple[str, str]]:
    """Build the national and province summaries; return failures as (label, error)."""
    return []
