"""The regencies the tests build briefs for, in one place, each with why it was chosen.

`BATCH` is built end to end by the brief-batch tests (`tests/e2e/test_briefs_batch.py`);
`NBVAL` has reference notebooks under `tests/nbval/`, written by `tools/make_nbval_refs.py` and
checked cell by cell by nbval in `make test`.
"""

from __future__ import annotations

WHY = {
    "12.14": "kabupaten with 459 desa and a seed article (Nias Selatan)",
    "31.71": "kota whose participants exceed its employed residents (Kota Jakarta Pusat)",
    "94.04": "Papua regency with carried-forward inputs (Mimika)",
    "96.71": "kota without desa (Kota Sorong)",
}
BATCH: tuple[str, ...] = ("12.14", "31.71", "94.04")
NBVAL: tuple[str, ...] = ("12.14", "96.71", "94.04")
