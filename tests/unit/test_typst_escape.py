"""One typst escaper (`ucj.typst_escape`) for every page: tiles, summary tables, page fields and the
Markdown a report displays all escape text the same way, and only there."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ucj import paths
from ucj.brief import display
from ucj.reports import markdown_typst, render
from ucj.summary import layout
from ucj.typst_escape import MARKUP, SHORTHANDS, escape_typst

pytestmark = pytest.mark.unit  # needs no processed data

TEXT = 'Kab. O\'Brien -1,5% = a/b + [c] #d $e *f* _g_ `h` @i <j> "k" ~l \\m'


def test_every_markup_character_is_escaped_and_shorthands_only_when_asked() -> None:
    for ch in MARKUP:
        assert escape_typst(f"a{ch}b") == f"a\\{ch}b"
    for ch in SHORTHANDS:
        assert escape_typst(f"a{ch}b") == f"a{ch}b"  # tiles keep the minus sign and curly apostrophes
        assert escape_typst(f"a{ch}b", shorthands=True) == f"a\\{ch}b"
    assert escape_typst(12.5) == "12.5" and escape_typst("") == ""


def test_the_typst_text_is_what_the_three_escapers_gave() -> None:
    """What the tiles' escaper (`ucj.brief.display`) and the Markdown converter's gave before they
    became one, written out; the page fields' lacked ``~`` (a non-breaking space in typst), now escaped."""
    assert escape_typst(TEXT) == (
        "Kab. O'Brien -1,5% = a/b + \\[c\\] \\#d \\$e \\*f\\* \\_g\\_ \\`h\\` \\@i \\<j\\> "
        '\\"k\\" \\~l \\\\m'
    )
    assert escape_typst(TEXT, shorthands=True) == (
        "Kab. O\\'Brien \\-1,5% \\= a\\/b \\+ \\[c\\] \\#d \\$e \\*f\\* \\_g\\_ \\`h\\` \\@i \\<j\\> "
        '\\"k\\" \\~l \\\\m'
    )


def test_every_caller_escapes_through_it() -> None:
    tile = display.tiles([display.Tile("a#b", "-1,5%", "O'Brien ~ [x]", "c_d")]).source
    for part in ("a#b", "-1,5%", "O'Brien ~ [x]", "c_d"):
        assert f"[{escape_typst(part)}]" in tile
    assert "\\#d" in layout.typst_table(pd.DataFrame({"x": ["#d"]}))
    paragraph = "O'Brien: -1,5% (a/b) #d ~l"
    assert markdown_typst.to_typst(paragraph) == escape_typst(paragraph, shorthands=True) + "\n"
    preamble = render.page_preamble({"header": "Kab. ~ #1 [x]", "footer": "ucj *0.1*"})
    assert escape_typst("Kab. ~ #1 [x]") in preamble and escape_typst("ucj *0.1*") in preamble


def test_no_module_keeps_an_escaper_of_its_own() -> None:
    own = re.compile(r"""["']\\\\["']\s*\+\s*ch\b""")  # "\\" + ch: the shape of every escaper so far
    found = [
        path.relative_to(paths.PACKAGE_DIR).as_posix()
        for path in sorted(paths.PACKAGE_DIR.rglob("*.py"))
        if own.search(path.read_text(encoding="utf-8"))
    ]
    assert found == ["brief/display.py", "typst_escape.py"]  # display.escape_markdown: Markdown, not typst


def test_the_page_title_is_a_typst_string_in_the_pdf_metadata(tmp_path) -> None:
    """The title goes into ``#set document(title: ...)``, a string: markup escapes would print there."""
    import io

    from pypdf import PdfReader

    title = 'Kab. "Contoh" #1 ~ [x] \\ a_b'
    pdf = render.typst_to_pdf(render.page_preamble({"title": title}) + "Teks.\n", tmp_path)
    assert PdfReader(io.BytesIO(pdf)).metadata.title == title
