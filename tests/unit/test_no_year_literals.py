"""No year is written in the code: the estimated rounds, the budget year, the baseline date, the horizon
and every date a page prints come from the data or `config/`. A four-digit year in `src/` is allowed
only as one of the definitions below (each with its reason)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from source_strings import constants

from ucj import paths

pytestmark = pytest.mark.unit

YEAR = re.compile(r"(?<![\d.])(19[5-9]\d|20\d\d|21\d\d)(?![\d])")
#: Kinds of text in which a year is a name, not a date of data.
NAMES = [
    re.compile(r"\w*_(19|20)\d\d\w*|\w*(19|20)\d\d_\w*", re.I),  # column and file names (bps_code_2020, …)
    re.compile(r"(Kemendagri|BPS|SP|SUPAS|Dukcapil|pre)[ -]?(19|20)\d\d", re.I),  # code systems, census bases
    re.compile(r"\d+(\.\d+)*[-/][\w./-]*(19|20)\d\d"),  # regulation numbers (Kepmendagri 300.2.2-2138/2025)
    re.compile(
        r"(RPJMN|RPJPN|RKP|UCJ)[^;,.()]{0,12}(19|20)\d\d"
    ),  # named national targets (their years are theirs)
    re.compile(
        r"(Cakupan semesta BPU|BPU universal coverage) (19|20)\d\d"
    ),  # named effort targets (data ids)
    re.compile(
        r"(Inpres|PMK|Perpres|SE|Kemendagri)[^;]{0,25}(19|20)\d\d"
    ),  # instruments named with their year
    re.compile(r"Dukcapil,? (Des|Dec|Desember|December) (19|20)\d\d"),  # edition of the shipped registry file
    re.compile(r"e\.g\. (19|20)\d\d-\d\d-\d\d"),  # a format example in an error message
    re.compile(r"s\.d\. (19|20)\d\d .{0,120}sejak (19|20)\d\d|up to (19|20)\d\d .{0,120}from (19|20)\d\d"),
    # ^ BPS's change of survey weights (SUPAS2015 to SP2020 projections): a fact about the source
    re.compile(
        r"(kabupaten/kota|regency's) (19|20)\d\d (dan|and) (19|20)\d\d (figures )?dengan hati-hati|"
        r"regency's (19|20)\d\d and (19|20)\d\d figures with care"
    ),  # ... and its consequence
]
#: Validation bounds: any year between these.
BOUNDS = {1900, 2000, 2100, 2200}
#: Technical constants: the earliest date a ZIP file can store (reproducible archives).
TECHNICAL = {1980}
#: Definitions, by file and value: what the number is and why it is written here.
ALLOWED = {
    (
        "brief/sections.py",
        2030,
    ): "SNAPSHOT_YEAR: the year the projection table shows beside the horizon (choice)",
    ("summary/excel.py", 2030): "SNAPSHOT_YEAR of the workbook's cost sheet (same choice)",
    ("summary/sections.py", 2030): "SNAPSHOT_YEAR of the summaries (same choice)",
    ("projection/assumptions.py", 2023): "Settings default of base_year (config/projection.yml sets it)",
    ("projection/assumptions.py", 2045): "Settings default of horizon_year (config/projection.yml sets it)",
    ("projection/effort.py", 2026): "EffortSettings default of start_year (config/effort.yml sets it)",
    ("projection/effort.py", 2024): "lower bound of a plausible effort start year (validation)",
    ("projection/scenarios.py", 2026): "default start year of a lever (scenarios.yml sets it)",
    (
        "projection/baseline.py",
        "2023-12-31",
    ): "date of the province table used as the model basis (its period)",
    (
        "projection/baseline.py",
        "2023-12",
    ): "period selected from the province participant table (model basis)",
    ("informal/model.py", 2020): "SP2020 boundary year: provinces split after it have no BPS 2020 code",
    ("informal/anchors.py", 2020): "SP2020 boundary year of the province geography",
    ("master.py", 2021): "year of the regency poverty/welfare table joined into the master",
    ("informal/comparison.py", 2024): "year of the BPS population table the bases are compared on",
    ("projection/workforce.py", 2018): "first year of the provisional stand-in workforce (tests only)",
    ("projection/workforce.py", 2025): "last year of the provisional stand-in workforce (tests only)",
    ("projection/baseline.py", 2023): "default base_year of `build` (config/projection.yml sets it)",
    (
        "projection/baseline.py",
        "2023",
    ): "the model basis (Dec 2023 province totals) named in its source label",
    ("projection/assumptions.py", "2023"): "format example of base_year in an error message",
    ("projection/assumptions.py", "2045"): "format example of horizon_year in an error message",
    ("schemas.py", 2018): "first year of the regency TPT/TPAK/IPM data (validation bound)",
    ("informal/population.py", 2020): "SP2020 census reference date (mid-September 2020)",
    ("informal/population.py", 2024): "the year of the shipped BPS regency population table (validated)",
    ("informal/population.py", "2020"): "attribute docstrings: the SP2020 census date",
    ("informal/population.py", "2024"): "attribute docstrings: the year of the BPS population table",
}


def _literals(path: Path) -> list[tuple[int, object]]:
    """Year-like constants of a module, without docstrings and comments."""
    out = []
    for lineno, value in constants(path):
        if isinstance(value, int) and not isinstance(value, bool) and 1950 <= value <= 2199:
            out.append((lineno, value))
        elif isinstance(value, str):
            text = value
            for pattern in NAMES:
                text = pattern.sub(" ", text)
            for match in YEAR.finditer(text):
                out.append((lineno, value if value in {k[1] for k in ALLOWED} else match.group(0)))
    return out


def test_no_year_is_written_in_the_code_outside_its_definitions() -> None:
    root = paths.PROJECT_ROOT / "src" / "ucj"
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        for line, value in _literals(path):
            if isinstance(value, int) and value in BOUNDS | TECHNICAL:
                continue
            if (rel, value) in ALLOWED:
                continue
            found.append(f"{rel}:{line}: {value!r}")
    assert not found, "years written in the code (read them from the data or config/): " + "; ".join(found)
