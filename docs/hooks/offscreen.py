"""MkDocs hook: blocks far below the first screen are rendered only when scrolled near.

Material's style and layout work grows with the number of elements on a page; on the long
API and catalogue pages (4k-8k elements, much of it typeset math) it was most of the
time the main thread was blocked after the first paint. CSS `content-visibility: auto` lets
the browser skip style, layout and paint of a block until it comes near the viewport; the
block stays in the DOM, so find-in-page, anchors, search highlighting and screen readers
still see it.

It must not be used on the first screen: Chromium lays such a block out at its
placeholder size first and then at its real size, which the Layout Instability API
records as a layout shift, even though the two happen before the same paint. So this
hook marks only the blocks that start below an estimated amount of content, for two
layouts (`LAYOUTS`), with an attribute `data-below-fold` holding `wide` for windows at
least 45em wide (tablets and desktops: a ~690 px column, 90 characters a line, windows
up to 1,100 px tall) and/or `phone` for narrower ones (a ~370 px column, 50 characters a
line, figures at half their desktop height, screens up to 930 px tall);
`assets/css/site.css` applies each in its own width range. An attribute, not a class:
Material styles and scroll-wraps only `table:not([class])` (docs/hooks/tables.py, listed
after this hook, does that wrapping at build time), and the other blocks' looks must not
change either. The estimates err on the short side (more characters a line,
smaller figures than real), so a marked block is further down than estimated. The
browser check asserts, at 1280 x 900 and at 412 x 915, that no marked block starts on
the first screen, and Lighthouse (a phone) that no page shifts.

A block is a child of the article, or of a container that only groups blocks: a notebook
(`jupyter-wrapper`, `jp-Notebook`) or an API entry (`doc-object`, `doc-contents`,
`doc-children`). Small blocks are better than large ones: Material measures every code
block as it starts, and measuring one inside a skipped block lays out that whole block, so
an API entry is marked paragraph by paragraph, not whole (on the API pages this took
Lighthouse's blocking time from about 250 ms to about 150 ms). Headings and interactive
widgets (the explorers) are never marked.
"""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser
from typing import NamedTuple


class Layout(NamedTuple):
    mark: str  # the token a block gets in its `data-below-fold` attribute in this layout
    chars_per_line: int
    image_scale: float  # figure heights relative to the desktop column
    threshold_px: int  # blocks starting at least this far down are marked


LAYOUTS = (
    Layout("wide", chars_per_line=90, image_scale=1.0, threshold_px=1600),
    Layout("phone", chars_per_line=50, image_scale=0.5, threshold_px=1300),
)

# Estimated heights (px) at the desktop column (0.8rem text, 1.6 line height).
LINE_PX = 26
BLOCK_MARGIN_PX = 20
HEIGHT_PX = {  # per element, on top of its text
    "h1": 70,
    "h2": 60,
    "h3": 45,
    "h4": 40,
    "li": 6,
    "tr": 34,
    "audio": 60,
    "hr": 40,
}
IMAGE_PX = 320  # an <img> or a diagram (`figure.diagram`), scaled by the layout
DISPLAY_MATH_PX = 60
PRE_LINE_PX = 20  # code does not wrap: it scrolls
PRE_PADDING_PX = 36

MARKABLE = {"p", "ul", "ol", "dl", "figure", "details", "div", "table", "blockquote"}
CONTAINERS = {"jupyter-wrapper", "jp-Notebook", "doc-object", "doc-contents", "doc-children"}
NEVER = re.compile(r"explorer")  # interactive widgets measure themselves on load
SKIPPED_TEXT = {"script", "style", "annotation", "title", "desc"}
SKIPPED_CLASSES = {"katex-mathml", "headerlink"}
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip

ARTICLE_OPEN = re.compile(r'<article class="md-content__inner md-typeset">')
ATTRIBUTE = "data-below-fold"


class _Open:
    """An open element: its role, and for a block its position and estimated contents."""

    def __init__(self, tag: str, classes: frozenset[str], role: str, start: int, text: str):
        self.tag, self.classes, self.role = tag, classes, role  # role: container|block|inner
        self.start, self.tag_text = start, text  # where its start tag is, and the tag itself
        self.y: tuple[float, ...] = ()  # estimated top of the block, per layout
        self.chars = 0  # text inside it
        self.fixed_px = 0.0  # headings, rows, code lines...: the same in every layout
        self.image_px = 0.0  # images and diagrams: scaled by the layout
        self.skip_text = False

    def height(self, layout: Layout) -> float:
        lines = math.ceil(self.chars / layout.chars_per_line)
        return lines * LINE_PX + self.fixed_px + self.image_px * layout.image_scale


class _Estimator(HTMLParser):
    """Walks an article's HTML; collects (offset, start tag, layouts) of the blocks to mark."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.y = [0.0] * len(LAYOUTS)
        self.marks: list[tuple[int, str, list[str]]] = []
        self.stack: list[_Open] = []

    # -- helpers ---------------------------------------------------------------
    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _block(self) -> _Open | None:
        for item in reversed(self.stack):
            if item.role == "block":
                return item
        return None

    def _at_block_level(self) -> bool:
        return all(item.role == "container" for item in self.stack)

    def _skipping(self) -> bool:
        return any(item.skip_text for item in self.stack)

    # -- parser events ---------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = frozenset((dict(attrs).get("class") or "").split())
        role = "inner"
        if self._at_block_level():
            role = "container" if classes & CONTAINERS else "block"
        item = _Open(tag, classes, role, self._offset(), self.get_starttag_text() or "")
        item.y = tuple(self.y)
        item.skip_text = tag in SKIPPED_TEXT or bool(classes & SKIPPED_CLASSES)
        block = self._block() if role == "inner" else item
        if block is not None and not self._skipping():
            block.fixed_px += HEIGHT_PX.get(tag, 0)
            if tag == "img" or "diagram" in classes:
                block.image_px += IMAGE_PX
            if "katex-display" in classes:
                block.fixed_px += DISPLAY_MATH_PX
        if tag not in VOID:
            self.stack.append(item)
        elif role == "block":
            self._close(item)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:  # <path/> in SVG: closed at once
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not any(item.tag == tag for item in self.stack):
            return  # a stray end tag: ignore it, as browsers do
        while self.stack:
            item = self.stack.pop()
            if item.role == "block":
                self._close(item)
            if item.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        block = self._block()
        if block is None or self._skipping():
            return
        if any(item.tag == "pre" for item in self.stack):
            block.fixed_px += data.count("\n") * PRE_LINE_PX
        else:
            block.chars += len(" ".join(data.split()))

    def _close(self, block: _Open) -> None:
        if block.tag == "pre" or "highlight" in block.classes:
            block.fixed_px += PRE_PADDING_PX
        markable = block.tag in MARKABLE and not any(NEVER.search(c) for c in block.classes)
        names = [
            layout.mark
            for top, layout in zip(block.y, LAYOUTS, strict=True)
            if markable and top >= layout.threshold_px
        ]
        if names:
            self.marks.append((block.start, block.tag_text, names))
        for i, layout in enumerate(LAYOUTS):
            self.y[i] += block.height(layout) + BLOCK_MARGIN_PX


def _with_mark(tag_text: str, names: list[str]) -> str:
    """The start tag `tag_text` with `data-below-fold="<names>"` added."""
    end = -2 if tag_text.endswith("/>") else -1
    return f'{tag_text[:end]} {ATTRIBUTE}="{" ".join(names)}"{tag_text[end:]}'


def mark_below_fold(article: str) -> str:
    """`article` (the HTML inside the article element) with far-down blocks marked."""
    parser = _Estimator(article)
    parser.feed(article)
    parser.close()
    out = article
    for offset, tag_text, names in sorted(parser.marks, reverse=True):
        if out[offset : offset + len(tag_text)] != tag_text:
            raise ValueError(f"offset {offset} does not hold {tag_text[:40]!r}")
        out = out[:offset] + _with_mark(tag_text, names) + out[offset + len(tag_text) :]
    return out


def on_post_page(output: str, page, config) -> str:
    opening = ARTICLE_OPEN.search(output)
    if opening is None:
        return output
    end = output.find("</article>", opening.end())
    article = output[opening.end() : end]
    return output[: opening.end()] + mark_below_fold(article) + output[end:]
