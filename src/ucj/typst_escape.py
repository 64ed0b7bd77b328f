"""Plain text as typst markup or as a typst string: the one escaper of every page the project typesets.

Briefs' tiles and call-outs (`ucj.brief.display`), summaries' tables and headings
(`ucj.summary.layout`), the page template's title, header and footer (`ucj.reports.render`) and
the Markdown a report displays (`ucj.reports.markdown_typst`) all escape text here. It sits at
the bottom of the package (it imports nothing), so every part may import it.
"""

from __future__ import annotations

#: Characters that are typst markup wherever they stand; a backslash makes each literal.
MARKUP = frozenset('\\#$*_`@<>[]"~')
#: Characters that are markup only at the start of a line (``=`` heading, ``-`` and ``+`` lists,
#: ``/`` term) or in pairs and before digits (``--`` dash, ``-1`` minus sign, ``'`` smart quote).
#: Escaped in text converted from Markdown, as pandoc's typst writer does; left alone in tiles and
#: page fields, where a minus sign and curly apostrophes are wanted.
SHORTHANDS = frozenset("=-+/'")


def escape_typst(text: object, *, shorthands: bool = False) -> str:
    """``str(text)`` with every typst markup character escaped (``shorthands``: these too)."""
    special = MARKUP | SHORTHANDS if shorthands else MARKUP
    return "".join("\\" + ch if ch in special else ch for ch in str(text))


def typst_string(text: object) -> str:
    """``str(text)`` as a typst string literal, quotes included (markup escapes would print there)."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'
