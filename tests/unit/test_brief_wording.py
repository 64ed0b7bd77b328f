"""Wording rules of the brief that a reader sees in every data note."""

from __future__ import annotations

import pytest

from ucj.brief.sections import _mid_sentence

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("label", "inside"),
    [
        ("Perkiraan pekerja informal kabupaten/kota", "perkiraan pekerja informal kabupaten/kota"),
        ("Peserta BPJS Ketenagakerjaan", "peserta BPJS Ketenagakerjaan"),
        ("Dana Desa (pagu)", "Dana Desa (pagu)"),  # a name keeps its capitals
        ("APBD (anggaran belanja)", "APBD (anggaran belanja)"),  # an acronym too
        ("TPT dan TPAK kabupaten/kota", "TPT dan TPAK kabupaten/kota"),
        ("Regency informal-worker estimates", "regency informal-worker estimates"),
    ],
)
def test_a_label_inside_a_sentence_keeps_names_and_acronyms(label: str, inside: str) -> None:
    assert _mid_sentence(label) == inside
