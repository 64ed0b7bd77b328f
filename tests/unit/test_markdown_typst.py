"""The in-process Markdown -> typst converter: literal text stays literal, structure survives,
and it agrees with pandoc's typst writer on the Markdown that reports display."""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

import pandas as pd
import pypandoc
import pytest
from pypdf import PdfReader

from ucj.brief import display
from ucj.reports import markdown_typst, render

pytestmark = pytest.mark.unit  # needs no processed data

SAMPLE = "\n\n".join(
    [
        "# Kabupaten Contoh",
        "**Profil** · Provinsi Contoh · Kode 12.14 · *catatan miring* dan teks biasa.",
        "## Proyeksi hingga 2045",
        "*- - - Ambang 95% · ◆ RPJMN 2025–2029: 43,92%; RPJPN 2045 (penyebut berbeda).*",
        "- Pangsa pekerja informal: 53,0% (kuartil terendah; median 66,0%)\n"
        "- Pekerja informal per desa (kuota 100): 3.448\n- Baris ketiga dengan **tebal**",
        "1. Langkah pertama\n2. Langkah kedua",
        display.markdown_table(
            pd.DataFrame(
                {
                    "Skenario": ["Satu desa 100", "APBD Rp5 miliar/tahun"],
                    "Cakupan 2030": ["13,0%", "12,0%"],
                    "Iuran": ["Rp8,39 miliar", "Rp5,00 miliar"],
                }
            ),
            align="lrr",
        ),
        "Sumber: https://satudata.kemnaker.go.id/ dan [tautan](https://bps.go.id).",
    ]
)


def pdf_text(typst_body: str) -> str:
    root = Path(tempfile.mkdtemp())
    data = render.typst_to_pdf(render.page_preamble({}) + typst_body, root)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _normalise(typst: str) -> str:
    """Compare markup, not spelling: unescape, en dashes, whitespace."""
    typst = re.sub(r"\\(.)", r"\1", typst.replace("--", "–"))
    return re.sub(r"\s+", " ", typst).strip()


def test_agrees_with_pandoc_on_report_markdown() -> None:
    ours = markdown_typst.to_typst(SAMPLE)
    pandoc = pypandoc.convert_text(
        SAMPLE, "typst", format="markdown-auto_identifiers-implicit_figures", extra_args=["--wrap=none"]
    )
    assert _normalise(ours) == _normalise(pandoc)


@pytest.mark.parametrize(
    "literal",
    [
        "#set page(width: 1cm)",
        "$5 juta",
        "a_b*c*",
        "<tag>",
        "// bukan komentar",
        "https://bps.go.id/x",
        "= bukan judul",
        "+ bukan daftar",
        "@ref",
        "~tilde~",
        '"kutip"',
        "[kurung]",
        "`backtick`",
    ],
)
def test_markup_characters_in_text_stay_literal(literal: str) -> None:
    md = display.escape_markdown(literal)
    assert literal in pdf_text(markdown_typst.to_typst(f"Teks {md} akhir."))


def test_structure_reaches_the_pdf() -> None:
    text = pdf_text(markdown_typst.to_typst(SAMPLE))
    for needle in (
        "Kabupaten Contoh",
        "Proyeksi hingga 2045",
        "Satu desa 100",
        "Rp8,39 miliar",
        "Langkah kedua",
        "3.448",
        "https://satudata.kemnaker.go.id/",
        "tautan",
    ):
        assert needle in text
    assert "**" not in text and "|" not in text  # markup consumed, not printed


def test_table_has_one_cell_per_column_and_the_alignment_asked_for() -> None:
    table = display.markdown_table(
        pd.DataFrame({"a": ["x", "y"], "b": ["1", "2"], "c": ["3", "4"]}), align="lrc"
    )
    out = markdown_typst.to_typst(table)
    assert "align: (left,right,center,)" in out
    assert "table.header([a], [b], [c],)" in out
    assert out.count("[x], [1], [3],") == 1 and out.count("[y], [2], [4],") == 1


def test_constructs_outside_the_subset_are_refused() -> None:
    with pytest.raises(markdown_typst.UnsupportedMarkdown, match="fence"):
        markdown_typst.to_typst("```python\nprint(1)\n```")
    with pytest.raises(markdown_typst.UnsupportedMarkdown, match="image"):
        markdown_typst.to_typst("![alt](figure.png)")
