"""MkDocs hook: render the pages' math with KaTeX at build time, not in the reader's browser.

pymdownx.arithmatex (generic mode) leaves each formula as `\\(...\\)` or `\\[...\\]` text in a
`.arithmatex` element. Typesetting hundreds of them in the browser blocked the main thread
for up to 0.7 s on a phone (Lighthouse, mobile) and roughly doubled the pages' DOM work at
load. This hook sends each page's formulas to KaTeX once, at build time, through one
long-lived `node docs/hooks/katex_render.mjs` process (the pinned npm KaTeX, `make install`),
and puts KaTeX's HTML (with MathML for screen readers) into the page. Pages then load
KaTeX's CSS and fonts but no JavaScript. A formula KaTeX cannot parse fails the build,
naming the page and the formula.

Notebook pages are left alone: their Markdown cells keep `$...$`, which the template's
KaTeX auto-render typesets in the browser (a few formulas per notebook).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

RENDERER = Path(__file__).with_name("katex_render.mjs")
FORMULA = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.S)
DELIMITERS = re.compile(r"^\\[(\[]|\\[)\]]$")

_node: subprocess.Popen | None = None


def _renderer() -> subprocess.Popen:
    global _node
    if _node is None or _node.poll() is not None:
        node = shutil.which("node")
        if node is None:
            raise PluginError("node is required to typeset math at build time: run `make install`")
        _node = subprocess.Popen(
            [node, str(RENDERER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
    return _node


def typeset(formulas: list[str], display: list[bool]) -> list[str]:
    """KaTeX HTML for each TeX string; raises ValueError with KaTeX's message on bad TeX."""
    node = _renderer()
    node.stdin.write(json.dumps({"tex": formulas, "display": display}) + "\n")
    node.stdin.flush()
    answer = json.loads(node.stdout.readline())
    if "error" in answer:
        raise ValueError(answer["error"])
    return answer["html"]


def tex_of(element_text: str) -> str:
    """The TeX inside an arithmatex element: unescaped, without its \\( \\) or \\[ \\]."""
    return DELIMITERS.sub("", html.unescape(element_text).strip()).strip()


def on_page_content(content: str, page, config, files) -> str:
    if page.file.src_uri.endswith(".ipynb"):
        return content
    matches = list(FORMULA.finditer(content))
    if not matches:
        return content
    formulas = [tex_of(m.group(2)) for m in matches]
    display = [m.group(1) == "div" for m in matches]
    try:
        rendered = typeset(formulas, display)
    except ValueError:
        for tex, block in zip(formulas, display, strict=True):  # find the culprit
            try:
                typeset([tex], [block])
            except ValueError as exc:
                message = f"{page.file.src_uri}: KaTeX cannot typeset {tex!r}: {exc}"
                raise PluginError(message) from None
        raise
    pieces, end = [], 0
    for match, markup in zip(matches, rendered, strict=True):
        tag = match.group(1)
        pieces += [content[end : match.start()], f'<{tag} class="arithmatex">{markup}</{tag}>']
        end = match.end()
    return "".join([*pieces, content[end:]])


def on_shutdown() -> None:
    global _node
    if _node is not None and _node.poll() is None:
        _node.stdin.close()
        _node.wait(timeout=10)
    _node = None
