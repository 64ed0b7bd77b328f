"""Render an executed notebook to PDF: outputs -> typst markup -> PDF (typst, in process).

Only outputs are rendered (no code, no Markdown cells: those explain the
notebook to researchers in JupyterLab). Each output is taken in its richest
printable form:

- ``text/x-typst``: passed through as raw typst (tiles, page setup);
- ``image/svg+xml`` (report figures) and ``image/png``: written beside the document and
  included at their designed width;
- ``text/markdown``: converted in process (`ucj.reports.markdown_typst`: headings, tables, lists);
- ``text/html`` only (e.g. a bare DataFrame): converted by pandoc (rare; a process per call).

Streams, plain-text reprs and cells tagged ``remove-output`` are dropped.
The PDF is reproducible: typst gets the run's ``SOURCE_DATE_EPOCH`` as its
timestamp, fonts come from matplotlib's bundled DejaVu files (system fonts are
ignored), and file names are deterministic.
"""

from __future__ import annotations

import base64
import functools
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

from ucj.dates import source_date
from ucj.io import write_bytes_atomic
from ucj.paths import TEMPLATES_DIR
from ucj.reports import markdown_typst, scratch
from ucj.typst_escape import escape_typst, typst_string

if TYPE_CHECKING:  # report kernels import this module for its constants: keep it light
    import nbformat
    import typst

TYPST_MIME = "text/x-typst"
PAGE_MIME = "application/x-ucj-page+json"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
PANDOC_ARGS = ["--wrap=none"]


PNG_DPI = 150
MAX_WIDTH_CM = 17.8


def png_width_cm(png: bytes, dpi: int = PNG_DPI) -> float:
    """Printed width of a PNG drawn at ``dpi`` (figures keep their designed size), capped at the text
    width."""
    width_px = int.from_bytes(png[16:20], "big")  # IHDR: width is the first field
    return min(MAX_WIDTH_CM, width_px / dpi * 2.54)


def svg_width_cm(svg: str) -> float:
    """Printed width of an SVG from its ``width`` attribute (matplotlib writes points), capped at
    the text width."""
    import re

    match = re.search(r'<svg[^>]*?\swidth="([0-9.]+)(pt|px|cm|mm|in)?"', svg)
    if not match:
        return MAX_WIDTH_CM
    per_cm = {"pt": 72 / 2.54, "px": 96 / 2.54, "cm": 1.0, "mm": 10.0, "in": 1 / 2.54, None: 96 / 2.54}
    return min(MAX_WIDTH_CM, float(match.group(1)) / per_cm[match.group(2)])


def notebook_to_typst_body(nb: nbformat.NotebookNode, media_dir: Path) -> tuple[str, dict]:
    """Collect the printable outputs of ``nb`` as typst markup, images written to ``media_dir``.

    Returns the typst body and the page settings emitted by the notebook
    (title, header, footer, lang) through the ``PAGE_MIME`` output.
    """
    parts: list[str] = []
    page: dict = {}
    n_image = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or "remove-output" in cell.get("metadata", {}).get("tags", []):
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") not in ("display_data", "execute_result"):
                continue
            data = out.get("data", {})
            if PAGE_MIME in data:
                page.update(data[PAGE_MIME])
            elif TYPST_MIME in data:
                parts.append(str(data[TYPST_MIME]))
            elif "image/svg+xml" in data:
                n_image += 1
                name = f"figure-{n_image:03d}.svg"
                svg = data["image/svg+xml"]
                svg = "".join(svg) if isinstance(svg, list) else str(svg)
                (media_dir / name).write_text(svg, encoding="utf-8")
                parts.append(f'#box(image("{name}", width: {svg_width_cm(svg):.2f}cm))')
            elif "image/png" in data:
                n_image += 1
                name = f"figure-{n_image:03d}.png"
                png = base64.b64decode(data["image/png"])
                (media_dir / name).write_bytes(png)
                parts.append(f'#box(image("{name}", width: {png_width_cm(png):.2f}cm))')
            elif "text/markdown" in data:
                parts.append(markdown_typst.to_typst(str(data["text/markdown"])))
            elif "text/html" in data:  # e.g. a bare DataFrame: pandoc reads HTML tables
                import pypandoc

                parts.append(
                    pypandoc.convert_text(
                        str(data["text/html"]), "typst", format="html", extra_args=PANDOC_ARGS
                    )
                )
    return "\n\n".join(part.strip("\n") for part in parts) + "\n", page


def page_preamble(page: dict) -> str:
    """The page template (``templates/page.typ``) filled with the notebook's page settings: the title
    is a typst string there (the PDF's metadata), the header and footer are markup."""
    preamble = (TEMPLATES_DIR / "page.typ").read_text(encoding="utf-8")
    preamble = preamble.replace("{{title}}", typst_string(page.get("title", "")))
    for key in ("header", "footer"):
        preamble = preamble.replace("{{" + key + "}}", escape_typst(page.get(key, "")))
    return preamble.replace("{{lang}}", str(page.get("lang", "id")))


@functools.lru_cache(maxsize=1)
def _compiler() -> typst.Compiler:
    """One typst compiler per process: the fonts are read once, not for every PDF."""
    import typst

    return typst.Compiler(font_paths=[str(FONT_DIR)], ignore_system_fonts=True)


def warm_up() -> None:
    """Compile one small page and throw the PDF away: a process's first compile reads the fonts
    and fills typst's caches, which a report worker does at start (while its kernel boots) instead
    of in its first report. Later PDFs are the same bytes either way."""
    with tempfile.TemporaryDirectory(prefix="ucj-render-", dir=scratch.directory()) as tmp:
        page = {"title": "warm-up", "header": "warm-up", "footer": "warm-up"}
        typst_to_pdf(page_preamble(page) + "\nWarm-up *1.000* _Rp_.\n", Path(tmp))


def typst_to_pdf(source: str, root: Path) -> bytes:
    """Compile typst ``source`` (with images under ``root``) to PDF bytes, reproducibly."""
    main = root / "main.typ"
    main.write_text(source, encoding="utf-8")
    return _compiler().compile(
        input=str(main), root=str(root), timestamp=int(source_date().timestamp()), pdf_tags=False
    )


def notebook_to_pdf_bytes(nb: nbformat.NotebookNode) -> bytes:
    """Render an executed notebook to PDF bytes."""
    with tempfile.TemporaryDirectory(prefix="ucj-render-", dir=scratch.directory()) as tmp:
        root = Path(tmp)
        body, page = notebook_to_typst_body(nb, root)
        return typst_to_pdf(page_preamble(page) + "\n" + body, root)


def notebook_to_pdf(nb: nbformat.NotebookNode, target: Path) -> Path:
    """Render ``nb`` and write the PDF to ``target`` atomically."""
    write_bytes_atomic(target, notebook_to_pdf_bytes(nb))
    return target
