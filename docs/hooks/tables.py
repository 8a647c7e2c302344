"""MkDocs hook: tables wrapped to scroll sideways at build time, not by Material at start-up.

Material wraps each `table:not([class])` of the article in
`<div class="md-typeset__scrollwrap"><div class="md-typeset__table">` when its bundle
starts, so that a wide table scrolls on a phone. Moving a table into the wrapper detaches
and re-attaches it, and the browser styles and lays out the whole table again inside
Material's start-up task. On the API pages, whose parameter tables hold typeset math,
that was most of the task: a trace of /reference/losses-spectral/ at 4x CPU slowdown
shows a 1.7 s task, 1.2 s of it restyling the 15 re-attached tables; with the tables
left alone it took 0.1 s.

So this hook writes Material's wrapper into the page around each table Material would
wrap, and gives the table the class `data-table`, which Material's selector skips. In
Material's stylesheet, copied into the site, `table:not([class])` is then read as
`table.data-table` (`on_post_build`): the same rules, in the same order, with the same
specificity, so the table looks as it did, and `assets/css/site.css` refines
`table.data-table`. That also rids the stylesheet of `:not([class])`, which made the
browser restyle the whole page whenever the root element's class attribute was written
(as Material's bundle does when it starts: `no-js` -> `js`), since a descendant's style
could depend on any ancestor's class attribute being absent. The file keeps
Material's name: its contents are a fixed function of Material's (pinned), so one name
still means one content. The browser check compares every computed style of a wrapped
table with the same table as Material would have left it.
"""

from __future__ import annotations

import re
from pathlib import Path

import material

CLASS = "data-table"
MATERIAL_SELECTOR = "table:not([class])"
OURS = f"table.{CLASS}"
WRAP_OPEN = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
WRAP_CLOSE = "</div></div>"

ARTICLE_OPEN = re.compile(r'<article class="md-content__inner md-typeset">')
TABLE_TAG = re.compile(r"<table\b([^>]*)>|</table>")
MATERIAL_STYLESHEETS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"


def wrap_tables(article: str) -> str:
    """`article` (HTML) with every table that has no class attribute wrapped as Material
    would wrap it, and given the class `data-table`. Nested tables are wrapped too."""
    pairs, stack = [], []
    for tag in TABLE_TAG.finditer(article):
        if tag.group(0) != "</table>":
            stack.append(tag)
        elif stack:
            pairs.append((stack.pop(), tag))
        else:
            raise ValueError(f"</table> without <table> at offset {tag.start()}")
    if stack:
        raise ValueError(f"<table> without </table> at offset {stack[-1].start()}")
    insertions = []  # (offset, text)
    for opening, closing in pairs:
        if re.search(r"\bclass\s*=", opening.group(1)):
            continue
        insertions.append((opening.start(), WRAP_OPEN))
        insertions.append((opening.start() + len("<table"), f' class="{CLASS}"'))
        insertions.append((closing.end(), WRAP_CLOSE))
    out = article
    for offset, text in sorted(insertions, key=lambda i: i[0], reverse=True):
        out = out[:offset] + text + out[offset:]
    return out


def for_wrapped_tables(stylesheet: str) -> str:
    """Material's `stylesheet` with its rules for the tables it wraps applying to
    `table.data-table` instead (`table:not([class])` has the same specificity)."""
    if MATERIAL_SELECTOR not in stylesheet:
        raise ValueError(f"no {MATERIAL_SELECTOR} rules to rewrite: has Material changed?")
    return stylesheet.replace(MATERIAL_SELECTOR, OURS)


def on_post_page(output: str, page, config) -> str:
    opening = ARTICLE_OPEN.search(output)
    if opening is None:
        return output
    end = output.find("</article>", opening.end())
    return output[: opening.end()] + wrap_tables(output[opening.end() : end]) + output[end:]


def on_post_build(config) -> None:
    """Material's main stylesheet in the site, rewritten from Material's own copy (so a
    `--dirty` rebuild, which keeps the site's copy, rewrites it only once)."""
    stylesheets = list(Path(config["site_dir"], "assets", "stylesheets").glob("main.*.min.css"))
    if len(stylesheets) != 1:
        raise ValueError(f"expected one Material main stylesheet, found {stylesheets}")
    site_copy = stylesheets[0]
    original = MATERIAL_STYLESHEETS / site_copy.name
    site_copy.write_text(for_wrapped_tables(original.read_text(encoding="utf-8")), encoding="utf-8")
