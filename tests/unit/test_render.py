"""Rendering outputs to PDF, and the words and number formats of the briefs."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from pypdf import PdfReader

from ucj.brief import display, text
from ucj.reports import render

pytestmark = pytest.mark.unit  # needs no processed data


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _png() -> str:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [0, 1])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def _svg_figure_output() -> dict:
    """A figure as the briefs display it (`show_figure`): SVG with its text as text."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 1.5))
    fig.text(0.1, 0.5, "Cakupan 2045")
    return display.Svg(display.figure_svg(fig))._repr_mimebundle_()


def executed_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    out = nbformat.v4.new_output
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Researcher notes that must not be printed"),
        nbformat.v4.new_code_cell(
            "secret_code()",
            outputs=[
                out(
                    "display_data",
                    data={
                        render.PAGE_MIME: {
                            "title": "T",
                            "header": "H",
                            "footer": "Kaki halaman",
                            "lang": "id",
                        },
                        "text/plain": "",
                    },
                ),
                out("display_data", data={"text/markdown": "# Kabupaten Contoh\n\nTeks *ringkas*."}),
                out("stream", name="stdout", text="a print that must not appear"),
                out(
                    "display_data",
                    data=display.tiles([display.Tile("Penduduk", "1.234", "catatan")])._repr_mimebundle_(),
                ),
                out("display_data", data={"image/png": _png(), "text/plain": "<Figure>"}),
                out("display_data", data=_svg_figure_output()),
                out(
                    "execute_result",
                    data={
                        "text/html": "<table><tr><th>kolom</th></tr><tr><td>nilai</td></tr></table>",
                        "text/plain": "df",
                    },
                    execution_count=1,
                ),
            ],
        ),
    ]
    return nb


def test_pdf_shows_outputs_and_hides_code_and_notes() -> None:
    content = pdf_text(render.notebook_to_pdf_bytes(executed_notebook()))
    assert "Kabupaten Contoh" in content and "Penduduk" in content and "1.234" in content
    assert "kolom" in content and "nilai" in content and "Kaki halaman" in content
    assert "Cakupan 2045" in content  # a vector figure's text is text in the PDF
    assert "secret_code" not in content and "Researcher notes" not in content
    assert "a print that must not appear" not in content


def test_same_notebook_gives_same_pdf_bytes() -> None:
    first = render.notebook_to_pdf_bytes(executed_notebook())
    assert first == render.notebook_to_pdf_bytes(executed_notebook())


def test_a_workers_warm_up_compile_changes_no_pdf() -> None:
    """A report worker compiles a throw-away page at start (`render.warm_up`): the PDFs it then
    renders are the bytes a process that never warmed up renders."""
    import subprocess
    import sys

    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import test_render; from ucj.reports import render; "
        "sys.stdout.write(render.notebook_to_pdf_bytes(test_render.executed_notebook()).hex())"
    )
    here = str(Path(__file__).parent)
    cold = subprocess.run([sys.executable, "-c", code, here], capture_output=True, text=True, check=True)
    render.warm_up()
    assert bytes.fromhex(cold.stdout) == render.notebook_to_pdf_bytes(executed_notebook())


def test_pdf_date_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    first = render.notebook_to_pdf_bytes(executed_notebook())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert render.notebook_to_pdf_bytes(executed_notebook()) != first


def test_typst_markup_in_data_is_escaped() -> None:
    tile = display.tiles([display.Tile("#set page(width: 1cm) [x] *y*", "$5", "a_b")])
    content = pdf_text(render.typst_to_pdf(render.page_preamble({}) + tile.source, root=_tmpdir()))
    assert "#set page(width: 1cm)" in content


def _tmpdir():
    import tempfile
    from pathlib import Path

    return Path(tempfile.mkdtemp())


@pytest.mark.parametrize(
    "value,lang,decimals,expected",
    [
        (1234567, "id", 0, "1.234.567"),
        (1234567, "en", 0, "1,234,567"),
        (57.95, "id", 2, "57,95"),
        (57.95, "en", 1, "58.0"),
        (-1500.5, "id", 1, "-1.500,5"),
        (0, "id", 0, "0"),
    ],
)
def test_number_format(value, lang, decimals, expected) -> None:
    assert text.fmt_num(value, lang, decimals) == expected


def test_rupiah_scales() -> None:
    assert text.fmt_idr(20_160_000, "id") == "Rp20,16 juta"
    assert text.fmt_idr(9_253_440_000, "en") == "Rp9.25 billion"
    assert text.fmt_idr(float("nan")) == "–"


def test_every_text_exists_in_both_languages() -> None:
    for key, variants in text.TEXT.items():
        assert set(variants) == set(text.LANGS), key
        assert all(v.strip() for v in variants.values()), key


def test_markdown_table_escapes_separators() -> None:
    table = display.markdown_table(pd.DataFrame({"a": ["x|y"], "b": ["1"]}))
    assert "x\\|y" in table and table.count("\n") == 2


def test_svg_figures_print_at_their_designed_width() -> None:
    assert render.svg_width_cm(
        '<svg xmlns="http://www.w3.org/2000/svg" width="216pt" height="72pt">'
    ) == pytest.approx(7.62)
    assert render.svg_width_cm('<svg width="40cm" height="1cm">') == render.MAX_WIDTH_CM
    assert render.svg_width_cm("<svg>") == render.MAX_WIDTH_CM
