"""Display objects for report notebooks: readable in JupyterLab, typeset in the PDF.

Each object carries a Markdown (or SVG) form that JupyterLab shows and, where
layout matters (tiles, page setup), a typst form that `ucj.reports.render` prefers.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from IPython.display import Markdown, display

from ucj.reports.render import PAGE_MIME, TYPST_MIME
from ucj.typst_escape import escape_typst


def escape_markdown(text: object) -> str:
    """Escape characters that Markdown would read as markup or table separators."""
    return "".join("\\" + ch if ch in "\\|*_`[]<>#" else ch for ch in str(text))


class Typst:
    """Raw typst for the PDF, with a Markdown fallback for JupyterLab."""

    def __init__(self, source: str, markdown: str = "") -> None:
        self.source = source
        self.markdown = markdown

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {TYPST_MIME: self.source, "text/markdown": self.markdown or " ", "text/plain": ""}


class Svg:
    """An SVG figure as it is (IPython's own ``SVG`` re-parses the XML: 30 ms a map)."""

    def __init__(self, svg: str) -> None:
        self.svg = svg

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"image/svg+xml": self.svg, "text/plain": "<Figure>"}


class PageSetup:
    """Title, running header, footer text and language of the PDF."""

    def __init__(self, title: str, header: str, footer: str, lang: str) -> None:
        self.settings = {"title": title, "header": header, "footer": footer, "lang": lang}

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {PAGE_MIME: self.settings, "text/plain": f"page: {self.settings}"}


@dataclass(frozen=True)
class Tile:
    """One headline figure: a label, a value, and a note (source, date, interval)."""

    label: str
    value: str
    note: str = ""
    badge: str = ""


def tiles(items: Sequence[Tile], columns: int | None = None) -> Typst:
    """A row (or grid) of headline tiles."""
    columns = columns or len(items)
    boxes = []
    for tile in items:
        badge = (
            f' #box(fill: rgb("#f4a259"), inset: (x: 3pt, y: 1pt), radius: 2pt)'
            f'[#text(6.5pt, fill: white, weight: "bold")[{escape_typst(tile.badge)}]]'
            if tile.badge
            else ""
        )
        boxes.append(
            'block(width: 100%, fill: rgb("#eef5f8"), radius: 3pt, inset: 7pt)['
            f"#text(7.5pt, fill: luma(70))[{escape_typst(tile.label)}]{badge} \\\n"
            f'#text(14pt, weight: "bold", fill: rgb("#0b4f6c"))[{escape_typst(tile.value)}] \\\n'
            f"#text(7pt, fill: luma(90))[{escape_typst(tile.note)}]]"
        )
    source = (
        f"#block(breakable: false)[#grid(columns: ({', '.join(['1fr'] * columns)}), rows: auto, "
        "gutter: 6pt,\n  " + ",\n  ".join(boxes) + ")]"
    )
    markdown = "\n".join(
        f"- **{escape_markdown(t.label)}**: {escape_markdown(t.value)}"
        + (f" ({escape_markdown(t.note)})" if t.note else "")
        + (f" [{escape_markdown(t.badge)}]" if t.badge else "")
        for t in items
    )
    return Typst(source, markdown)


def callout(title: str, body_markdown_lines: Sequence[str], typst_lines: Sequence[str]) -> Typst:
    """A shaded box with a title and a list (used for the 'what this means' box)."""
    items = "\n".join(f"  + {line}" for line in typst_lines)
    source = (
        '#block(breakable: false, width: 100%, fill: rgb("#fff4e6"), '
        'stroke: (left: 3pt + rgb("#f4a259")), '
        f'inset: 8pt, radius: 2pt)[#text(weight: "bold")[{escape_typst(title)}]\n{items}\n]'
    )
    markdown = f"**{escape_markdown(title)}**\n\n" + "\n".join(f"1. {line}" for line in body_markdown_lines)
    return Typst(source, markdown)


def markdown_table(df: pd.DataFrame, align: str | None = None) -> str:
    """A pipe table of ``df`` (values shown as they are; format them first).

    ``align`` has one letter per column: 'l', 'r' or 'c' (default: first column
    left, others right).
    """
    cols = [str(c) for c in df.columns]
    align = align or ("l" + "r" * (len(cols) - 1))
    rule = {"l": ":--", "r": "--:", "c": ":-:"}
    lines = [
        "| " + " | ".join(escape_markdown(c) for c in cols) + " |",
        "|" + "|".join(rule[a] for a in align) + "|",
    ]
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join(escape_markdown(v) for v in row) + " |")
    return "\n".join(lines)


def show_table(df: pd.DataFrame, caption: str = "", align: str | None = None) -> None:
    """Display ``df`` as a Markdown table with an optional caption line above it."""
    text = (f"**{escape_markdown(caption)}**\n\n" if caption else "") + markdown_table(df, align)
    display(Markdown(text))


def show_markdown(text: str) -> None:
    """Display Markdown text."""
    display(Markdown(text))


def figure_svg(fig) -> str:
    """``fig`` as SVG text, the same bytes on every run (fixed id salt, no date or creator).

    Text is written as text in the figure's font (DejaVu Sans), which the PDF renderer is given.
    """
    import matplotlib as mpl

    buffer = io.BytesIO()
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "ucj"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue().decode("utf-8")


def show_figure(fig) -> None:
    """Display a matplotlib figure as SVG and close it.

    Vector, not PNG: no rasterising of text and no image encoding (half the time of a brief's
    charts), text that stays text in the PDF (sharp at any zoom, searchable), smaller files.
    """
    import matplotlib.pyplot as plt

    svg = figure_svg(fig)
    plt.close(fig)
    display(Svg(svg))
