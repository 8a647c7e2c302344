"""MkDocs hook: mermaid diagrams shipped as pre-rendered inline SVG (no JavaScript).

A page writes a diagram as a fence whose first line is a one-sentence description:

    ```mermaid
    %% alt: Input audio goes through the ML model straight to output audio.
    flowchart LR
        A[(Input audio)] --> D(ML model) --> G[/Output audio/]
    ```

`make diagrams` (scripts/render_diagrams.py) renders each fence once, in headless Chromium
with the project's own mermaid and Material's mermaid theme, to the committed file
`docs/diagrams/<key>.svg`, where key = the first 16 hex digits of the SHA-256 of the fence
source (stripped). In `on_page_content` this hook replaces each fence's HTML
(`<pre class="mermaid"><code>...</code></pre>`) with

    <figure class="diagram" id="diagram-<key>"><svg role="img" aria-label="..."><title>...

The SVG's `<style>` uses Material's `--md-mermaid-*` custom properties, so one SVG follows
the light and dark schemes. The result carries no class `mermaid`: Material's bundle would
try to render it with mermaid.js, which the site no longer loads.

A diagram wider than the content column (`WIDE_PX`) would shrink on a phone until its
labels cannot be read: it keeps at least half its drawn size (`min-width` on the SVG) and
its figure scrolls sideways instead (class `diagram--wide`, keyboard-focusable with
`tabindex="0"` so it can be scrolled without a pointer). A fence without its SVG
(new or edited diagram) fails the build with a message naming the page: run `make diagrams`.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
DIAGRAMS = ROOT / "docs" / "diagrams"

# pymdownx.superfences' fence_code_format output for the `mermaid` custom fence.
FENCE_HTML = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.S)
ALT_LINE = re.compile(r"^%%\s*alt:\s*(?P<alt>.+?)\s*$")
SVG_OPEN = re.compile(r"<svg\b[^>]*>")
DEFAULT_ALT = "Diagram"
VIEWBOX = re.compile(r'viewBox="[-\d.]+ [-\d.]+ (?P<width>[\d.]+) [\d.]+"')
WIDE_PX = 690  # the content column on a desktop
MIN_SCALE = 0.5  # a wide diagram is never drawn smaller than this; its figure scrolls


def diagram_key(source: str) -> str:
    """The file key of a fence: first 16 hex digits of the SHA-256 of the stripped source."""
    return hashlib.sha256(source.strip().encode("utf-8")).hexdigest()[:16]


def svg_id(key: str) -> str:
    """The id mermaid renders the SVG with; every internal id and CSS rule is scoped by it."""
    return f"diagram-{key}-svg"


def alt_text(source: str) -> str:
    """The `%% alt: ...` sentence on the fence's first line, else a generic label."""
    lines = source.strip().splitlines()
    match = ALT_LINE.match(lines[0].strip()) if lines else None
    return match["alt"] if match else DEFAULT_ALT


def _accessible(svg: str, alt: str) -> str:
    """Make the opening <svg> tag an image with a label, and give it a <title>."""
    opening = SVG_OPEN.search(svg)
    if opening is None:
        raise ValueError("not an SVG document")
    tag = re.sub(r'\s(?:role|aria-roledescription|aria-label)="[^"]*"', "", opening.group(0))
    label = html.escape(alt, quote=True)
    tag = f'{tag[:-1]} role="img" aria-label="{label}">'
    return f"{svg[: opening.start()]}{tag}<title>{label}</title>{svg[opening.end() :]}"


def _figure_html(source: str, page, count: int) -> str:
    key = diagram_key(source)
    path = DIAGRAMS / f"{key}.svg"
    if not path.exists():
        raise PluginError(
            f"{page.file.src_uri}: the mermaid diagram starting {source.strip()[:60]!r} has no "
            f"rendered SVG (docs/diagrams/{key}.svg); run `make diagrams`"
        )
    svg = path.read_text(encoding="utf-8")
    svg = svg[svg.index("<svg") :].strip()  # drop an XML declaration, if any
    figure_id = f"diagram-{key}"
    if count > 1:  # the same diagram twice on one page: keep every id unique
        svg = svg.replace(svg_id(key), f"{svg_id(key)}-{count}")
        figure_id = f"{figure_id}-{count}"
    svg = _accessible(svg, alt_text(source))
    if _drawn_width(svg) <= WIDE_PX:
        return f'<figure class="diagram" id="{figure_id}">{svg}</figure>'
    svg = _legible(svg)
    return f'<figure class="diagram diagram--wide" id="{figure_id}" tabindex="0">{svg}</figure>'


def _legible(svg: str) -> str:
    """The SVG with a min-width of MIN_SCALE times its drawn width."""
    opening = SVG_OPEN.search(svg)
    tag, rule = opening.group(0), f"min-width: {_drawn_width(svg) * MIN_SCALE:.0f}px;"
    if ' style="' in tag:
        tag = tag.replace(' style="', f' style="{rule} ', 1)
    else:
        tag = f'{tag[:-1]} style="{rule}">'
    return f"{svg[: opening.start()]}{tag}{svg[opening.end() :]}"


def _drawn_width(svg: str) -> float:
    """The width the SVG was drawn at: its viewBox width (0 when it has none)."""
    opening = SVG_OPEN.search(svg)
    match = VIEWBOX.search(opening.group(0)) if opening else None
    return float(match["width"]) if match else 0.0


def on_page_content(html_text: str, page, config=None, files=None) -> str:
    """Replace each mermaid fence's HTML with its pre-rendered inline SVG."""
    seen: dict[str, int] = {}

    def replace(match: re.Match) -> str:
        source = html.unescape(match.group(1))
        key = diagram_key(source)
        seen[key] = seen.get(key, 0) + 1
        return _figure_html(source, page, seen[key])

    return FENCE_HTML.sub(replace, html_text)
