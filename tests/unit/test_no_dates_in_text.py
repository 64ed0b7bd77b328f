"""No "Agustus 2024"-style date is written into the user-facing text: every date a brief, summary or
workbook prints comes from the data (`ucj.data_currency`, the tables) or from `config/`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from source_strings import constants

from ucj import paths

pytestmark = pytest.mark.unit

MONTH_YEAR = re.compile(
    r"\b(Jan(uari|uary)?|Feb(ruari|ruary)?|Mar(et|ch)?|Apr(il)?|Mei|May|Jun[ie]?|Jul[iy]?|Agu(stus)?|"
    r"Aug(ust)?|Sep(tember)?|Okt(ober)?|Oct(ober)?|Nov(ember)?|Des(ember)?|Dec(ember)?)\.?,? (19|20)\d\d\b"
)
#: Dates that name the edition of a shipped file rather than the date of a figure.
ALLOWED = (
    "Dukcapil Des 2024",
    "Dukcapil Dec 2024",
    "Dukcapil, Des 2024",
    "Dukcapil, Dec 2024",
    "Dukcapil, Desember 2024",
    "Dukcapil, December 2024",
)
#: The modules whose strings a reader sees.
TEXT_MODULES = ("brief", "summary")


def _strings(path: Path) -> list[tuple[int, str]]:
    """String constants of a module, without docstrings (what can reach a page)."""
    return [(line, value) for line, value in constants(path) if isinstance(value, str)]


def test_no_month_and_year_is_written_into_user_facing_text() -> None:
    found = []
    for package in TEXT_MODULES:
        for path in sorted((paths.PROJECT_ROOT / "src" / "ucj" / package).glob("*.py")):
            for line, text in _strings(path):
                cleaned = text
                for allowed in ALLOWED:
                    cleaned = cleaned.replace(allowed, "")
                for match in MONTH_YEAR.finditer(cleaned):
                    found.append(f"{path.name}:{line}: {match.group(0)!r}")
    assert not found, "dates written into text (take them from the data): " + "; ".join(found)
