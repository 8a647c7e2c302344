"""Diagrams: docs/diagrams/<name>.mmd rendered by mermaid-cli (`make diagrams`) to the
committed <name>.svg, which the `diagram` shortcode (docs/hooks/shortcodes.py) inlines.

Every source has its SVG and every SVG its source; each source names itself for screen
readers (mermaid's accTitle/accDescr) and the SVG carries that name, each node label of
the source is drawn in its SVG (so an edited source without a new rendering fails, without
comparing bytes that depend on the browser build), each SVG is safe to inline (XML, no
script, nothing fetched) and coloured by Material's --md-mermaid-* variables, every
diagram is used by a page, and the shortcode fails the build loudly for an unknown or
unrendered diagram.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from hooks import shortcodes

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(shortcodes.DIAGRAMS.glob("*.mmd"))
NAMES = [path.stem for path in SOURCES]
SVG_NS = "{http://www.w3.org/2000/svg}"
LABEL = re.compile(r'\w+\s*[\[\(\{/]+\s*"?(?P<text>[^"\]\)\}/]+?)"?\s*[\]\)\}/]+')


def fake_page(src_uri: str = "architectures/fake.md"):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), url="architectures/fake/")


def source_lines(name: str) -> list[str]:
    return (shortcodes.DIAGRAMS / f"{name}.mmd").read_text(encoding="utf-8").splitlines()


def test_every_source_has_its_svg_and_every_svg_its_source():
    svgs = {path.stem for path in shortcodes.DIAGRAMS.glob("*.svg")}
    assert NAMES, "the architectures chapter has diagrams"
    assert svgs == set(NAMES), "run `make diagrams`; delete an SVG whose .mmd is gone"


def test_every_diagram_is_used_by_a_page():
    pages = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md"))
    unused = [name for name in NAMES if f'diagram("{name}")' not in pages]
    assert not unused, f"diagrams no page shows: {unused}"


@pytest.mark.parametrize("name", NAMES)
def test_svg_is_fresh_accessible_safe_and_follows_the_scheme(name):
    lines = source_lines(name)
    title = next(line.split(":", 1)[1].strip() for line in lines if "accTitle:" in line)
    description = next(line.split(":", 1)[1].strip() for line in lines if "accDescr:" in line)
    assert len(description.split()) >= 8, "accDescr says what the diagram shows"
    text = (shortcodes.DIAGRAMS / f"{name}.svg").read_text(encoding="utf-8")
    root = ET.fromstring(text)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("id") == f"diagram-{name}-svg", "ids are scoped by the diagram's name"
    assert root.findtext(f"{SVG_NS}title") == title
    assert root.findtext(f"{SVG_NS}desc") == description
    assert root.get("aria-labelledby") == f"chart-title-diagram-{name}-svg"
    assert root.get("aria-describedby") == f"chart-desc-diagram-{name}-svg"
    assert "<script" not in text
    assert "http://" not in text.replace("http://www.w3.org/", "")
    assert "https://" not in text, "an inline SVG must fetch nothing"
    assert "var(--md-mermaid-node-bg-color)" in text, "colours follow the site's scheme"
    drawn = html.unescape(re.sub(r"<[^>]+>", " ", text))
    drawn = " ".join(drawn.split())
    for line in lines:
        for match in LABEL.finditer(line):
            label = " ".join(match["text"].replace("<br>", " ").split())
            assert label in drawn, f"{name}: {label!r} is not drawn: run `make diagrams`"


def test_shortcode_inlines_the_svg_with_its_name():
    out = shortcodes.on_page_markdown(
        'Text.\n\n{{ diagram("setting-3-flow") }}\n', fake_page(), config={}, files=None
    )
    assert '<figure class="diagram" id="diagram-setting-3-flow">' in out
    assert '<svg id="diagram-setting-3-flow-svg"' in out
    assert "{{" not in out


def test_a_wide_diagram_scrolls_instead_of_shrinking_past_half_size(tmp_path, monkeypatch):
    wide = '<svg id="diagram-wide-svg" style="max-width: 1400px;" viewBox="0 0 1400 90"></svg>'
    (tmp_path / "wide.mmd").write_text("flowchart LR\n  A --> B\n")
    (tmp_path / "wide.svg").write_text(wide)
    monkeypatch.setattr(shortcodes, "DIAGRAMS", tmp_path)
    out = shortcodes.on_page_markdown('{{ diagram("wide") }}', fake_page(), {}, None)
    assert 'class="diagram diagram--wide" id="diagram-wide" tabindex="0"' in out
    assert 'style="min-width: 700px; max-width: 1400px;"' in out


def test_shortcode_fails_the_build_for_unknown_or_unrendered(tmp_path, monkeypatch):
    with pytest.raises(PluginError, match=r"fake\.md: no diagram source .*nope\.mmd"):
        shortcodes.on_page_markdown('{{ diagram("nope") }}', fake_page(), {}, None)
    (tmp_path / "new.mmd").write_text("flowchart LR\n  A --> B\n")
    monkeypatch.setattr(shortcodes, "DIAGRAMS", tmp_path)
    with pytest.raises(PluginError, match="run `make diagrams`"):
        shortcodes.on_page_markdown('{{ diagram("new") }}', fake_page(), {}, None)
