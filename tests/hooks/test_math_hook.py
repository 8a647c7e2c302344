"""Math is typeset at build time (docs/hooks/math.py + docs/hooks/katex_render.mjs).

Unit tests of the hook with small fake pages, then the built site: no page loads KaTeX's
JavaScript, and no page shows raw TeX, notebooks included.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from conftest import site_pages
from hooks import math as hook

ROOT = Path(__file__).resolve().parents[2]


def fake_page(src_uri: str = "hearing/loudness.md") -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri))


@pytest.fixture(autouse=True, scope="module")
def _renderer():
    """One KaTeX process for the module, ended as the build's on_shutdown ends it."""
    yield
    hook.on_shutdown()


def test_inline_and_display_formulas_become_katex_html():
    content = (
        '<p>Level <span class="arithmatex">\\(L = 20 \\log_{10} x\\)</span> dB.</p>\n'
        '<div class="arithmatex">\\[\n\\frac{a}{b} &lt; 1\n\\]</div>'
    )
    out = hook.on_page_content(content, fake_page(), None, None)
    assert out.count('class="katex"') == 2
    assert out.count('class="katex-display"') == 1  # only the \[ \] one is display math
    assert '<annotation encoding="application/x-tex">L = 20 \\log_{10} x</annotation>' in out
    assert "\\frac{a}{b} &lt; 1" in out  # the MathML annotation keeps the TeX, escaped
    assert (out[:9], out[-6:]) == ("<p>Level ", "</div>")


def test_bad_tex_fails_the_build_naming_page_and_formula():
    content = '<span class="arithmatex">\\(\\frac{1}{\\)</span>'
    with pytest.raises(PluginError, match=r"losses/atlas\.md: KaTeX cannot typeset '\\\\frac"):
        hook.on_page_content(content, fake_page("losses/atlas.md"), None, None)


def test_notebook_markdown_math_is_typeset_and_code_is_not():
    content = (
        '<div class="jp-Cell"><div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-X">'
        "<p>Error $a &lt; b$ and, displayed,</p><p>$$\\frac{1}{2}$$</p>"
        "<div><p>nested $x^2$</p></div><p><code>echo $HOME $PATH</code> costs</p></div>"
        '<div class="jp-InputArea"><pre>y = "$z$"</pre></div></div>'
    )
    out = hook.on_page_content(content, fake_page("notebooks/q.ipynb"), None, None)
    assert out.count('class="katex"') == 3  # a < b, 1/2 and x^2 (after a nested div)
    assert out.count('class="katex-display"') == 1
    assert '<annotation encoding="application/x-tex">a &lt; b</annotation>' in out
    assert "<code>echo $HOME $PATH</code>" in out, "code inside a Markdown cell is not math"
    assert '<pre>y = "$z$"</pre>' in out, "code cells are not math"
    assert out.count('class="arithmatex"') == 3  # the browser check counts these


def test_built_pages_carry_typeset_math_and_no_katex_javascript(built_site):
    with_math = 0
    for page in site_pages(built_site):
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert "katex.min.js" not in html, f"/{page}"
        raw = re.findall(r'class="arithmatex">\s*\\[(\[]', html)
        assert not raw, f"/{page}: {len(raw)} formulas left as TeX"
        with_math += 'class="katex"' in html
    assert with_math >= 25
    notebook = (built_site / "losses/hands-on/index.html").read_text(encoding="utf-8")
    assert notebook.count('class="katex"') == 2, "the notebook's two formulas, typeset"
