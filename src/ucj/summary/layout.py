"""Typeset tables for the summaries: typst for the PDF, a Markdown pipe table for JupyterLab.

Summary tables are wide (up to nine columns) and long (38 provinces, up to 38
regencies), so they are emitted as typst tables with chosen column widths, a
header repeated on every page, a smaller font and a bold total row; the
Markdown form (`ucj.brief.display.markdown_table`) is what JupyterLab shows.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from IPython.display import display

from ucj.brief.display import Typst, escape_markdown, markdown_table
from ucj.typst_escape import escape_typst

ALIGN = {"l": "left", "r": "right", "c": "center"}
KEEP_TOGETHER_ROWS = 15  # tables this short are never split across pages


def typst_table(
    df: pd.DataFrame,
    align: str | None = None,
    widths: Sequence[str] | None = None,
    bold_last_rows: int = 0,
    size_pt: float = 7.5,
) -> str:
    """typst source of a table of ``df`` (values shown as they are: format them first).

    ``align``: one letter per column ('l', 'r', 'c'; default first left, others
    right). ``widths``: typst track sizes per column (default: first ``auto``,
    others ``1fr``). The last ``bold_last_rows`` rows (totals) are set in bold.
    Tables of up to `KEEP_TOGETHER_ROWS` rows are kept on one page; longer ones
    break with their header repeated.
    """
    cols = [str(c) for c in df.columns]
    align = align or ("l" + "r" * (len(cols) - 1))
    widths = list(widths) if widths else ["auto"] + ["1fr"] * (len(cols) - 1)
    header = ", ".join(f"[{escape_typst(c)}]" for c in cols)
    body = []
    n = len(df)
    for i, row in enumerate(df.itertuples(index=False)):
        bold = i >= n - bold_last_rows
        cells = [
            f'[#text(weight: "bold")[{escape_typst(v)}]]' if bold else f"[{escape_typst(v)}]" for v in row
        ]
        body.append(", ".join(cells))
    breakable = "true" if n > KEEP_TOGETHER_ROWS else "false"
    return (
        f"#block(breakable: {breakable})[#show table: set text({size_pt}pt)\n"
        "#set table(inset: (x: 2.5pt, y: 2.6pt))\n"
        f"#table(columns: ({', '.join(widths)}), align: ({', '.join(ALIGN[a] for a in align)}),\n"
        f"  table.header({header}),\n  " + ",\n  ".join(body) + ")]"
    )


def show_table(
    df: pd.DataFrame,
    caption: str = "",
    align: str | None = None,
    widths: Sequence[str] | None = None,
    bold_last_rows: int = 0,
    size_pt: float = 7.5,
    note: str = "",
    intro: str = "",
) -> None:
    """Display ``df`` as a table with an optional bold caption and intro line above and a small note below."""
    parts = []
    md = []
    if caption:
        parts.append(f'#block(sticky: true)[#text(weight: "bold")[{escape_typst(caption)}]]\n#v(-4pt)')
        md.append(f"**{escape_markdown(caption)}**\n")
    if intro:
        parts.append(f"#block(sticky: true)[#text(8pt)[{escape_typst(intro)}]]\n#v(-4pt)")
        md.append(f"{escape_markdown(intro)}\n")
    parts.append(typst_table(df, align, widths, bold_last_rows, size_pt))
    md.append(markdown_table(df, align))
    if note:
        parts.append(f"#v(-6pt)\n#text(7pt, fill: luma(90))[{escape_typst(note)}]")
        md.append(f"\n*{escape_markdown(note)}*")
    display(Typst("\n".join(parts), "\n".join(md)))


def source_note(text: str) -> Typst:
    """A small grey line under a figure (its source, or 'modelled' / 'estimate')."""
    return Typst(f"#v(-4pt)\n#text(7pt, fill: luma(90))[{escape_typst(text)}]", f"*{escape_markdown(text)}*")


def show_source(text: str) -> None:
    """Display `source_note`."""
    display(source_note(text))


def heading(title: str, intro: str = "", level: int = 2) -> Typst:
    """A heading and its intro text kept on the same page as what follows (a typst sticky block)."""
    body = f"#heading(level: {level})[{escape_typst(title)}]"
    if intro:
        body += f"\n#par[{escape_typst(intro)}]"
    markdown = f"{'#' * level} {escape_markdown(title)}" + (f"\n\n{escape_markdown(intro)}" if intro else "")
    return Typst(f"#block(sticky: true)[{body}]", markdown)


def show_heading(title: str, intro: str = "", level: int = 2) -> None:
    """Display `heading`."""
    display(heading(title, intro, level))
