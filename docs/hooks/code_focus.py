"""MkDocs hook: every code block can take keyboard focus before Material mounts it.

Material mounts a code block (copy button, and `tabindex="0"` when its lines overflow,
so a keyboard can scroll it) when the block is first scrolled near: the `content.lazy`
feature, which spares the start-up task the layout of every code block on the page
(on /losses/catalogue/, 30 blocks and most of its blocking time). Until then, a block
not yet seen would be skipped by the Tab key. This hook gives each `<pre><code>` the
`tabindex="0"` it may need; Material removes it on mount where the block does not
overflow.
"""

from __future__ import annotations

import re

CODE = re.compile(r"(<pre\b[^>]*>(?:<span></span>)?<code)(?=[\s>])(?![^>]*\btabindex=)")


def on_page_content(content: str, page, config, files) -> str:
    return CODE.sub(r'\1 tabindex="0"', content)
