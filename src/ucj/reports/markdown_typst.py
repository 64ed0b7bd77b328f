"""Markdown -> typst markup for the Markdown that report notebooks display.

Briefs and summaries display headings, paragraphs with bold/italic text, lists,
pipe tables and links (`ucj.brief.display`). Converting them in process with
markdown-it-py (CommonMark + tables) costs about a millisecond, where a pandoc
process per report cost 0.1 s — a tenth of a brief. The output follows
pandoc's typst writer (tables as ``#figure(align(center)[#table(...)])`` with
equal column widths), so the page template styles both alike. Constructs
outside that subset (raw HTML, code blocks, images) are rejected with an
error naming them, rather than printed wrongly.
"""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ucj.typst_escape import escape_typst, typst_string

_ALIGN = {"text-align:left": "left", "text-align:right": "right", "text-align:center": "center"}


class UnsupportedMarkdown(ValueError):
    """The Markdown uses a construct the converter does not handle."""


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _inline(tokens: list[Token]) -> str:
    out: list[str] = []
    for tok in tokens:
        kind = tok.type
        if kind == "text":
            out.append(escape_typst(tok.content, shorthands=True))
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append(" \\\n")
        elif kind == "strong_open":
            out.append("#strong[")
        elif kind == "em_open":
            out.append("#emph[")
        elif kind in ("strong_close", "em_close", "link_close"):
            out.append("]")
        elif kind == "code_inline":
            out.append(f"#raw({typst_string(tok.content)})")
        elif kind == "link_open":
            out.append(f"#link({typst_string(str(tok.attrs.get('href', '')))})[")
        else:
            raise UnsupportedMarkdown(f"inline Markdown element {kind!r} is not supported")
    return "".join(out)


PANDOC_COLUMNS = 72  # pandoc's default --columns: wider pipe tables get relative column widths


def _column_widths(source_lines: list[str], n: int) -> str:
    """pandoc's rule for pipe tables: if a row is wider than 72 characters, the table takes the
    full width with columns in proportion to the dashes of the separator line; else auto widths."""
    if not source_lines or max(len(line) for line in source_lines) <= PANDOC_COLUMNS or n == 0:
        return str(n)
    cells = [c.strip() for c in source_lines[1].strip().strip("|").split("|")]
    dashes = [max(1, len(c)) for c in cells][:n] + [1] * max(0, n - len(cells))
    total = sum(dashes)
    return "(" + ", ".join(f"{100 * d / total:.2f}".rstrip("0").rstrip(".") + "%" for d in dashes) + ")"


def _table(tokens: list[Token], start: int, source_lines: list[str]) -> tuple[str, int]:
    """Convert the table starting at ``tokens[start]``; return (typst, index after the table)."""
    header: list[str] = []
    rows: list[list[str]] = []
    aligns: list[str] = []
    current: list[str] | None = None
    in_head = False
    i = start + 1
    while tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            current = []
        elif tok.type == "tr_close":
            if in_head:
                header = current or []
            else:
                rows.append(current or [])
        elif tok.type in ("th_open", "td_open"):
            if in_head:
                aligns.append(_ALIGN.get(str(tok.attrs.get("style", "")), "left"))
        elif tok.type == "inline":
            assert current is not None
            current.append(_inline(tok.children or []))
        i += 1
    n = len(header)
    first, last = tokens[start].map or (0, 0)
    lines = [
        "#figure(",
        "  align(center)[#table(",
        f"    columns: {_column_widths(source_lines[first:last], n)},",
        f"    align: ({','.join(aligns)},),",
        f"    table.header({', '.join(f'[{c}]' for c in header)},),",
        "    table.hline(),",
    ]
    for row in rows:
        row = (row + [""] * n)[:n]
        lines.append("    " + ", ".join(f"[{c}]" for c in row) + ",")
    lines += ["  )]", "  , kind: table", "  )"]
    return "\n".join(lines), i + 1


def to_typst(markdown: str) -> str:
    """Convert ``markdown`` (the subset described in the module docstring) to typst markup."""
    tokens = _parser().parse(markdown)
    source_lines = markdown.splitlines()
    blocks: list[tuple[str, bool]] = []  # (typst, is a list line)
    list_stack: list[str] = []  # '-' (bullets) or '+' (numbered), one per open list
    pending_item = False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        if kind == "heading_open":
            level = int(tok.tag[1])
            blocks.append(("=" * level + " " + _inline(tokens[i + 1].children or []), False))
            i += 3
            continue
        if kind == "paragraph_open":
            text = _inline(tokens[i + 1].children or [])
            if pending_item:
                indent = "  " * (len(list_stack) - 1)
                blocks.append((f"{indent}{list_stack[-1]} {text}", True))
                pending_item = False
            elif list_stack:  # a further paragraph in the same item
                blocks.append(("  " * len(list_stack) + text, True))
            else:
                blocks.append((text, False))
            i += 3
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            list_stack.append("-" if kind == "bullet_list_open" else "+")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_stack.pop()
        elif kind == "list_item_open":
            pending_item = True
        elif kind == "table_open":
            table, i = _table(tokens, i, source_lines)
            blocks.append((table, False))
            continue
        elif kind == "hr":
            blocks.append(("#line(length: 100%)", False))
        elif kind not in ("list_item_close",):
            raise UnsupportedMarkdown(f"Markdown block element {kind!r} is not supported")
        i += 1
    out: list[str] = []
    previous_is_item = False
    for text, is_item in blocks:  # consecutive list lines form one list; other blocks are paragraphs
        if out and not (is_item and previous_is_item):
            out.append("")
        out.append(text)
        previous_is_item = is_item
    return "\n".join(out) + "\n"
