"""Kinds of baseline figure: one list, and one count of them for every output.

A regency's participant figure is the user's (branch data), a filled village tracker's programme
figure, a published one, a known total split over segments by the model, or modelled; an own figure
dated before the baseline date is carried to it. Every summary, brief and workbook counts these with
`count`, so page 1 and page 2 of a summary never disagree.
"""

from __future__ import annotations

import pandas as pd

#: How each kind of baseline figure is labelled.
KINDS = {
    "reported": "reported by the user (data/inputs/reported_coverage.csv)",
    "published": "published by an official source",
    "published_derived": "derived from a published percentage and its stated denominator",
    "floor": "at least the published programme figure (pekerja rentan funded by a programme)",
    "floor_tracker": "at least the regency's filled village tracker (workers enrolled and paid)",
    "modelled_split": "published or reported total, split over segments by the model",
    "modelled": "modelled",
}
#: Kinds whose count the model set (a floor only bounds a modelled count from below).
MODELLED_KINDS = ("floor", "floor_tracker", "modelled_split", "modelled")
#: Kinds whose count is the regency's own figure as stated (or derived from one).
OWN_KINDS = ("reported", "published", "published_derived")


def count(baseline: pd.DataFrame) -> dict[str, int]:
    """Regencies by kind of their all-segment figure (``reported``, ``published``, ``split``,
    ``modelled``; these add up to the regencies), and two counts across them: ``tracker`` (a filled
    village tracker sets the BPU floor) and ``carried`` (an own figure carried to the baseline date)."""
    rows = baseline[baseline["segment"] == "all"]
    kinds = rows["kind"].astype(str)
    carried = rows["carried_years"] if "carried_years" in rows else pd.Series(0.0, index=rows.index)
    return {
        "reported": int((kinds == "reported").sum()),
        "published": int(kinds.isin(["published", "published_derived"]).sum()),
        "split": int((kinds == "modelled_split").sum()),
        "modelled": int((kinds == "modelled").sum()),
        "tracker": int(baseline.loc[baseline["kind"] == "floor_tracker", "regency_code"].nunique()),
        "carried": int((kinds.isin(OWN_KINDS) & (carried.fillna(0) > 0)).sum()),
    }
