"""MkDocs hook: render the pages' math with KaTeX at build time, not in the reader's browser.

pymdownx.arithmatex (generic mode) leaves each formula as `\\(...\\)` or `\\[...\\]` text in a
`.arithmatex` element. Typesetting hundreds of them in the browser blocked the main thread
for up to 0.7 s on a phone (Lighthouse, mobile) and roughly doubled the pages' DOM work at
load. This hook sends each page's formulas to KaTeX once, at build time, through one
long-lived `node docs/hooks/katex_render.mjs` process (the pinned npm KaTeX, `make install`),
and puts KaTeX's HTML (with MathML for screen readers) into the page. Pages then load
KaTeX's CSS and fonts but no JavaScript. A formula KaTeX cannot parse fails the build,
naming the page and the formula.

Notebook pages (mkdocs-jupyter) carry their Markdown cells' math as `$...$` and
`$$...$$` text; it is typeset the same way, outside `<code>` and `<pre>` (code cells and
printed output) as KaTeX's auto-render would, so no page loads KaTeX's JavaScript. This
hook runs after docs/hooks/notebooks.py, which leaves only the notebook's cells.
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
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
DOLLARS = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", re.S)
NOT_MATH = {"code", "pre", "script", "style", "textarea"}

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


def markdown_formulas(content: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, TeX, display) of each `$...$` / `$$...$$` in a notebook page's text
    (its Markdown cells and Markdown outputs), outside tags and code; the TeX unescaped."""
    found, skipped, position = [], 0, 0
    for tag in [*TAG.finditer(content), None]:
        text_end = tag.start() if tag else len(content)
        if not skipped:
            for math in DOLLARS.finditer(content, position, text_end):
                display = math.group(1) is not None
                tex = html.unescape(math.group(1) if display else math.group(2)).strip()
                found.append((math.start(), math.end(), tex, display))
        if tag is None:
            return found
        if tag.group(2).lower() in NOT_MATH:
            skipped += -1 if tag.group(1) else 1
        position = tag.end()


def on_page_content(content: str, page, config, files) -> str:
    if page.file.src_uri.endswith(".ipynb"):
        located = markdown_formulas(content)
        tags = ["span"] * len(located)  # display math may sit inside a <p>
    else:
        matches = list(FORMULA.finditer(content))
        located = [(m.start(), m.end(), tex_of(m.group(2)), m.group(1) == "div") for m in matches]
        tags = [m.group(1) for m in matches]
    if not located:
        return content
    formulas = [tex for _, _, tex, _ in located]
    display = [block for _, _, _, block in located]
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
    for (start, stop, _, _), tag, markup in zip(located, tags, rendered, strict=True):
        pieces += [content[end:start], f'<{tag} class="arithmatex">{markup}</{tag}>']
        end = stop
    return "".join([*pieces, content[end:]])


def on_shutdown() -> None:
    global _node
    if _node is not None:
        _node.stdin.close()  # node exits at the end of its input (at once if it has ended)
        _node.wait(timeout=10)
        _node.stdout.close()
    _node = None
