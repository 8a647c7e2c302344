"""Mermaid diagrams pre-rendered to inline SVG: scripts/render_diagrams.py, docs/hooks/diagrams.py.

Every ```mermaid fence in docs/ has its committed SVG (and no SVG is left over), each SVG is
safe to inline (XML, viewBox, no script, nothing fetched) and coloured by Material's
`--md-mermaid-*` variables, the build hook swaps a fence for its figure and fails loudly
without one, and re-rendering a diagram gives the committed bytes.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from mkdocs.exceptions import PluginError
from pymdownx.superfences import fence_code_format

ROOT = Path(__file__).resolve().parents[1]
SVG_NS = "{http://www.w3.org/2000/svg}"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


hook = _load("diagrams_hook_under_test", ROOT / "docs" / "hooks" / "diagrams.py")
renderer = _load("render_diagrams_under_test", ROOT / "scripts" / "render_diagrams.py")

FENCES = renderer.find_fences()
SVGS = sorted(hook.DIAGRAMS.glob("*.svg"))


def fence_html(source: str) -> str:
    """A fence through Markdown with the site's superfences config, as the build sees it."""
    md = markdown.Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={
            "pymdownx.superfences": {
                "custom_fences": [
                    {"name": "mermaid", "class": "mermaid", "format": fence_code_format}
                ]
            }
        },
    )
    return md.convert(f"Text.\n\n```mermaid\n{source}\n```\n\nMore text.\n")


def fake_page(src_uri: str = "architectures/fake.md"):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri))


def test_docs_have_the_known_diagrams():
    pages = {fence.page for fence in FENCES}
    assert {"architectures/index.md", "architectures/setting-1.md"} <= pages
    assert sum(fence.page == "architectures/index.md" for fence in FENCES) == 3


def test_every_fence_has_its_svg_and_no_svg_is_orphaned():
    keys = {fence.key for fence in FENCES}
    missing = [
        f"{f.page}:{f.line}" for f in FENCES if not (hook.DIAGRAMS / f"{f.key}.svg").exists()
    ]
    assert not missing, f"fences without an SVG (run `make diagrams`): {missing}"
    orphans = [path.name for path in SVGS if path.stem not in keys]
    assert not orphans, f"SVGs no fence uses (run `make diagrams`): {orphans}"


def test_every_fence_describes_itself_for_screen_readers():
    for fence in FENCES:
        alt = hook.alt_text(fence.source)
        assert alt != hook.DEFAULT_ALT, f"{fence.page}:{fence.line}: first line needs %% alt:"
        assert len(alt.split()) >= 8, f"{fence.page}:{fence.line}: alt is too short: {alt!r}"


def test_fence_parser_reads_indented_fences(tmp_path):
    (tmp_path / "page.md").write_text(
        "Intro.\n\n!!! note\n\n    ```mermaid\n    %% alt: A to B.\n    flowchart LR\n"
        "        A --> B\n    ```\n\n```python\nx = 1\n```\n",
        encoding="utf-8",
    )
    (fence,) = renderer.find_fences(tmp_path)
    assert fence.source == "%% alt: A to B.\nflowchart LR\n    A --> B"
    assert (fence.page, fence.line) == ("page.md", 5)


@pytest.mark.parametrize("path", SVGS, ids=[path.stem for path in SVGS])
def test_svg_is_safe_to_inline_and_follows_the_scheme(path):
    text = path.read_text(encoding="utf-8")
    root = ET.fromstring(text)  # well-formed XML
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("id") == hook.svg_id(path.stem)
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    assert width > 50
    assert height > 30
    assert root.find(f".//{SVG_NS}script") is None
    assert "<script" not in text.lower()
    assert not re.search(r"""href\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(?:https?:)?//", text, re.I)
    assert "@import" not in text
    style = "".join(node.text or "" for node in root.iter(f"{SVG_NS}style"))
    # Material's theme: nodes, edges and labels take the page's light or dark scheme.
    for variable in ("node-bg-color", "edge-color", "label-fg-color", "font-family"):
        assert f"var(--md-mermaid-{variable})" in style
    assert not re.search(r"\sid=\"(?!" + re.escape(hook.svg_id(path.stem)) + ")", text), (
        "every id is scoped by the SVG id (unique on a page)"
    )


def test_hook_replaces_a_fence_with_its_inline_svg():
    fence = next(f for f in FENCES if f.page == "architectures/index.md")
    html = fence_html(fence.source)
    assert '<pre class="mermaid">' in html  # what the hook receives
    out = hook.on_page_content(html, fake_page(), config=None, files=None)
    assert 'class="mermaid"' not in out
    assert "<pre" not in out
    assert out.count(f'<figure class="diagram" id="diagram-{fence.key}">') == 1
    alt = hook.alt_text(fence.source)
    assert alt.startswith("Setting 1")
    opening = re.search(r"<svg\b[^>]*>", out).group(0)
    assert 'role="img"' in opening
    assert f'aria-label="{alt}"' in opening
    assert "graphics-document" not in opening
    assert f"<title>{alt}</title>" in out
    assert out.startswith("<p>Text.</p>")
    assert out.rstrip().endswith("<p>More text.</p>")
    figure = re.search(r"<figure.*</figure>", out, re.S).group(0)
    ET.fromstring(figure)  # the inline markup is still well-formed


def test_hook_keeps_ids_unique_when_a_diagram_repeats():
    fence = FENCES[0]
    out = hook.on_page_content(fence_html(fence.source) * 2, fake_page())
    ids = re.findall(r'\sid="([^"]+)"', out)
    assert len(ids) == len(set(ids))
    assert f'id="diagram-{fence.key}-2"' in out


def test_hook_fails_the_build_for_a_fence_without_svg():
    html = fence_html("%% alt: Never rendered.\nflowchart LR\n    X --> Y")
    with pytest.raises(PluginError, match=r"architectures/new-page\.md.*run `make diagrams`"):
        hook.on_page_content(html, fake_page("architectures/new-page.md"))


def test_hook_leaves_pages_without_diagrams_alone():
    html = '<pre><code class="language-python">x = "mermaid"</code></pre>'
    assert hook.on_page_content(html, fake_page()) == html


def test_a_wide_diagram_scrolls_instead_of_shrinking_past_half_size():
    widths = {}
    for fence in FENCES:
        out = hook.on_page_content(fence_html(fence.source), fake_page())
        opening = re.search(r"<svg\b[^>]*>", out).group(0)
        width = float(re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+)', opening).group(1))
        widths[fence.key] = width
        wide = width > hook.WIDE_PX
        assert ('class="diagram diagram--wide"' in out) is wide
        assert ('tabindex="0"' in out) is wide  # scrollable with the keyboard too
        min_width = re.search(r"min-width: (\d+)px;", opening)
        if wide:
            assert float(min_width.group(1)) == pytest.approx(width / 2, abs=0.5)
            assert "max-width:" in opening  # mermaid's own cap is kept
        else:
            assert min_width is None
    assert max(widths.values()) > hook.WIDE_PX > min(widths.values())  # both kinds exist


def test_alt_comes_from_the_first_line_only():
    assert hook.alt_text("%% alt: A goes to B.\nflowchart LR\n A-->B") == "A goes to B."
    assert hook.alt_text("flowchart LR\n%% alt: too late\n A-->B") == hook.DEFAULT_ALT


@pytest.mark.browser
def test_rerendering_a_diagram_gives_the_committed_bytes(tmp_path):
    fence = min(FENCES, key=lambda f: (hook.DIAGRAMS / f"{f.key}.svg").stat().st_size)
    # a separate process: the test session's own Playwright (the browser fixture) may be
    # running, and Playwright's sync API cannot be started twice in one process
    script = ROOT / "scripts" / "render_diagrams.py"
    command = [sys.executable, str(script), "--out", str(tmp_path), "--only", fence.key]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=120)
    committed = hook.DIAGRAMS / f"{fence.key}.svg"
    assert (tmp_path / f"{fence.key}.svg").read_bytes() == committed.read_bytes()
