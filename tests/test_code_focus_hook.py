"""Code blocks can take keyboard focus before Material mounts them (docs/hooks/code_focus.py)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from conftest import site_pages

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("code_focus", ROOT / "docs/hooks/code_focus.py")
hook = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hook)


def test_code_blocks_get_a_tabindex_once():
    content = (
        '<pre><span></span><code>a = 1</code></pre><pre id="x"><code class="py">b</code></pre>'
        '<pre><code tabindex="-1">c</code></pre><p><code>inline</code></p><pre>no code</pre>'
    )
    out = hook.on_page_content(content, None, None, None)
    assert out.count('tabindex="0"') == 2
    assert '<code tabindex="-1">c</code>' in out, "an author's tabindex is kept"
    assert "<p><code>inline</code></p>" in out, "inline code is not a block"
    assert hook.on_page_content(out, None, None, None) == out


def test_every_built_code_block_is_focusable(built_site):
    blocks = unfocusable = 0
    for page in site_pages(built_site):
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        for code in re.findall(r"<pre\b[^>]*>(?:<span></span>)?(<code\b[^>]*>)", html):
            blocks += 1
            unfocusable += "tabindex=" not in code
    assert blocks > 100
    assert unfocusable == 0
