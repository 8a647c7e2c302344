"""Blocks far below the first screen render when scrolled near (docs/hooks/offscreen.py).

Unit tests of the estimate and the marking on small fake articles, then the built site:
the long pages have marked blocks and the marking only ever adds a class. That no marked
block is on the first screen is asserted in a real browser by test_browser.py, and that no
page shifts by Lighthouse (test_lighthouse.py).
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("offscreen_hook", ROOT / "docs/hooks/offscreen.py")
hook = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hook)

DESKTOP, PHONE = hook.LAYOUTS
PARAGRAPH = "<p>" + "word " * 70 + "</p>\n"  # 350 characters


def paragraph_px(layout) -> int:
    """The estimated height of PARAGRAPH, with the margin after it."""
    lines = -(-350 // layout.chars_per_line)
    return lines * hook.LINE_PX + hook.BLOCK_MARGIN_PX


def first_marked_paragraph(layout) -> int:
    """Paragraph i starts at i * paragraph_px: the first at or below the threshold."""
    return -(-layout.threshold_px // paragraph_px(layout))


MARK = re.compile(r' data-below-fold="([a-z ]+)"')


def marked(html: str, layout=DESKTOP) -> list[bool]:
    """For each <p>/<div>/<h2>/<figure>/<table> start tag, whether it has `layout`'s mark."""
    out = hook.mark_below_fold(html)
    tags = re.findall(r"<(?:p|div|h2|figure|table)\b[^>]*>", out)
    return [bool((m := MARK.search(tag)) and layout.mark in m.group(1).split()) for tag in tags]


def unmark(html: str) -> str:
    return MARK.sub("", html)


def test_a_short_page_is_left_alone():
    article = "<h1>Title</h1>\n" + PARAGRAPH * 5
    assert hook.mark_below_fold(article) == article


def test_blocks_after_the_threshold_are_marked_and_before_it_are_not():
    count = 30
    for layout in hook.LAYOUTS:
        flags = marked(PARAGRAPH * count, layout)
        first = first_marked_paragraph(layout)
        assert flags.index(True) == first, layout.mark
        assert all(flags[first:]), layout.mark
        assert len(flags) == count
    # text wraps into more lines in a phone's column: its marks start earlier
    assert first_marked_paragraph(PHONE) < first_marked_paragraph(DESKTOP)


def test_marking_only_adds_an_attribute():
    article = (
        '<p class="lead" id="a">x</p>\n'
        + PARAGRAPH * 20
        + "<div class='admonition note'><p>inside</p></div>\n"
        + '<table class="t"><tr><td>1</td></tr></table>\n<hr/>\n'
        + '<figure><img src="a.png" alt="a"/></figure>\n'
    )
    out = hook.mark_below_fold(article)
    both = " ".join(layout.mark for layout in hook.LAYOUTS)
    assert f"<div class='admonition note' data-below-fold=\"{both}\">" in out
    assert f'<table class="t" data-below-fold="{both}">' in out
    assert f'<figure data-below-fold="{both}">' in out
    assert "<p>inside</p>" in out  # only top-level blocks are marked, not their insides
    assert unmark(out) == article


def test_tables_are_marked_with_an_attribute_not_a_class():
    """Material styles and scroll-wraps only `table:not([class])`, and docs/hooks/tables.py
    wraps exactly those: a class from this hook cost the API tables their borders and
    pushed a phone's page wider than the screen."""
    rows = "<table>" + "<tr><td>1</td></tr>" * 30 + "</table>\n"
    out = hook.mark_below_fold(PARAGRAPH * 30 + rows * 3)
    tables = re.findall(r"<table\b[^>]*>", out)
    assert len(tables) == 3
    assert all("data-below-fold" in tag and "class" not in tag for tag in tables)


def test_headings_and_explorers_are_never_marked():
    article = PARAGRAPH * 20 + '<h2 id="x">Later</h2>\n<div class="loudness-explorer">w</div>\n'
    out = hook.mark_below_fold(article)
    assert '<h2 id="x">' in out
    assert '<div class="loudness-explorer">' in out


def test_code_lines_images_and_rows_count_towards_the_estimate():
    code = '<div class="highlight"><pre><code>' + "x = 1\n" * 90 + "</code></pre></div>\n"
    assert marked(code + "<p>after</p>") == [False, True]  # 90 lines * 20 px
    images = '<figure><img src="a.png" alt="a"/></figure>\n' * 5
    assert marked(images + "<p>after</p>") == [False] * 5 + [True]  # 5 * 340 px
    # a phone shows figures at half the height: 5 * 180 px is still on its first screens
    assert marked(images + "<p>after</p>", PHONE) == [False] * 6
    rows = "<table>" + "<tr><td>1</td></tr>" * 50 + "</table>\n"
    assert marked(rows + "<p>after</p>") == [False, True]  # 50 rows * 34 px


def test_the_tex_source_and_scripts_do_not_count_as_text():
    hidden = (
        '<p><span class="katex"><span class="katex-mathml"><math><annotation>'
        + "x" * 50_000
        + "</annotation></math></span></span></p>\n<script>"
        + "y" * 50_000
        + "</script>\n"
    )
    assert hook.mark_below_fold(hidden + "<p>after</p>") == hidden + "<p>after</p>"


def test_an_api_entry_is_marked_block_by_block():
    entry = (
        '<div class="doc doc-object doc-function"><h3 id="f">f</h3>'
        '<div class="doc doc-contents">' + PARAGRAPH * 3 + "</div></div>\n"
    )
    module = (
        '<div class="doc doc-object doc-module"><h2 id="m">m</h2><div class="doc doc-contents">'
        + PARAGRAPH * 10
        + '<div class="doc doc-children">'
        + entry * 8
        + "</div></div></div>"
    )
    out = hook.mark_below_fold(module)
    # Material measures each code block as it starts, which lays out the whole skipped
    # block around it: so the containers are entered and their paragraphs marked.
    assert not re.search(r'class="doc doc-[a-z-]+ *[a-z-]*"[^>]* data-below-fold', out)
    paragraphs = re.findall(r"<p\b[^>]*>", out)
    flags = [
        bool((m := MARK.search(tag)) and DESKTOP.mark in m.group(1).split()) for tag in paragraphs
    ]
    # h2 (60 + 20 px), 10 paragraphs (124 px each): 1320 px; the first entry's h3
    # (45 + 20 px) and paragraphs at 1385, 1509 and 1633 px: its third is the first marked.
    assert flags.index(True) == 12
    assert all(flags[12:])
    assert unmark(out) == module


def test_on_post_page_touches_only_the_article():
    page = (
        '<html><body><nav><p>nav</p></nav><article class="md-content__inner md-typeset">'
        + PARAGRAPH * 30
        + "</article><footer><p>f</p></footer></body></html>"
    )
    out = hook.on_post_page(page, None, None)
    for layout in hook.LAYOUTS:
        count = sum(layout.mark in m.split() for m in MARK.findall(out))
        assert count == 30 - first_marked_paragraph(layout), layout.mark
    assert out.startswith("<html><body><nav><p>nav</p></nav>")
    assert out.endswith("</article><footer><p>f</p></footer></body></html>")
    assert hook.on_post_page("<html>no article</html>", None, None) == "<html>no article</html>"


def test_long_pages_of_the_built_site_are_marked(built_site):
    for page in ("losses/catalogue", "reference/losses-spectral", "notebooks/quickstart"):
        text = (built_site / page / "index.html").read_text(encoding="utf-8")
        marks = [m.split() for m in MARK.findall(text)]
        assert sum("phone" in m for m in marks) >= 5, page
        assert sum("wide" in m for m in marks) >= 5, page
    short = (built_site / "reference" / "errors" / "index.html").read_text(encoding="utf-8")
    assert "data-below-fold" not in short
