"""MkDocs hooks for the site: figure, clip and diagram shortcodes, and figs/ served.

Pages embed generated figures, sounds and diagrams with shortcodes, so the alt text,
caption and label come from where each is defined (`audioml.figures`, `audioml.media`,
the diagram's own `accTitle`/`accDescr`) and are never typed twice:

    {{ figure("equal_loudness_contours") }}
    {{ clip("speech_fox_male") }}
    {{ diagram("setting-1-flow") }}

An unknown name, or a file that was not generated, fails the build with a message naming
the page. Figures live in `figs/` at the project root (committed); this hook adds them to
the site as `figs/<name>.png` or `.svg`. Clips are generated into `docs/media/`. Diagrams
are `docs/diagrams/<name>.mmd`, rendered by mermaid-cli to the committed `<name>.svg`
(`make diagrams`) and inlined here, so pages load no mermaid JavaScript; the SVG's style
reads Material's `--md-mermaid-*` colours, so one SVG follows both colour schemes.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url
from PIL import Image

from audioml.errors import ParameterError
from audioml.figures import REGISTRY as FIGURES
from audioml.figures import figure_format
from audioml.media import REGISTRY as CLIPS

ROOT = Path(__file__).resolve().parents[2]
FIGS = ROOT / "figs"
MEDIA = ROOT / "docs" / "media"
DIAGRAMS = ROOT / "docs" / "diagrams"

SHORTCODE = re.compile(r"\{\{\s*(figure|clip|diagram)\(\s*\"([a-z0-9_-]+)\"\s*\)\s*\}\}")
VIEWBOX = re.compile(r'viewBox="[-\d.]+ [-\d.]+ (?P<width>[\d.]+) [\d.]+"')
WIDE_PX = 690  # the content column on a desktop
MIN_SCALE = 0.5  # a wide diagram is never drawn smaller than this; its figure scrolls


def on_files(files: Files, config) -> Files:
    """Serve every committed figure in figs/ (`figs/<name>.png` or `figs/<name>.svg`)."""
    for path in sorted([*FIGS.glob("*.png"), *FIGS.glob("*.svg")]):
        files.append(
            File(
                f"figs/{path.name}",
                src_dir=str(ROOT),
                dest_dir=config["site_dir"],
                use_directory_urls=config["use_directory_urls"],
            )
        )
    return files


def _png_size(path: Path) -> tuple[int, int]:
    """A PNG's size in CSS px: half its pixel size (figures are drawn at 2x)."""
    with Image.open(path) as image:  # reads the header only
        return image.width // 2, image.height // 2


# CSS px per unit of an SVG length (CSS Values 4: 96 px per inch).
_SVG_UNITS = {
    "": 1.0,
    "px": 1.0,
    "pt": 96 / 72,
    "pc": 16.0,
    "in": 96.0,
    "cm": 96 / 2.54,
    "mm": 96 / 25.4,
}
_SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.S)
_SVG_LENGTH = re.compile(r"\s*([0-9.]+(?:e[-+]?\d+)?)\s*([a-z]*)\s*$")


def _svg_size(path: Path) -> tuple[int, int]:
    """An SVG's size in CSS px, from its root `width`/`height`, else from its `viewBox`."""
    root = _SVG_ROOT.search(path.read_bytes()[:4096])
    if root is None:
        raise PluginError(f"{path}: no <svg> element")
    attributes = dict(re.findall(r'([\w:-]+)="([^"]*)"', root.group().decode()))
    size = []
    for key, index in (("width", 2), ("height", 3)):
        length = _SVG_LENGTH.match(attributes.get(key, ""))
        if length and length.group(2) in _SVG_UNITS:
            size.append(float(length.group(1)) * _SVG_UNITS[length.group(2)])
        elif "viewBox" in attributes:
            size.append(float(attributes["viewBox"].replace(",", " ").split()[index]))
        else:
            raise PluginError(f"{path}: no usable {key} or viewBox on the <svg> element")
    return round(size[0]), round(size[1])


def _figure_html(name: str, page) -> str:
    entry = FIGURES.get(name)
    fmt = figure_format(entry)
    path = FIGS / f"{name}.{fmt}"
    if not path.exists():
        raise PluginError(f"{page.file.src_uri}: figure {name!r} is missing; run `make figures`")
    width, height = _svg_size(path) if fmt == "svg" else _png_size(path)
    src = get_relative_url(f"figs/{path.name}", page.url)
    # width/height in CSS px reserve the figure's box before it loads (no layout shift).
    return (
        f'<figure class="audioml-figure" id="figure-{name.replace("_", "-")}" markdown>\n'
        f'<img src="{src}" alt="{html.escape(entry.alt)}" width="{width}" '
        f'height="{height}" loading="lazy" decoding="async">\n'
        f"<figcaption markdown>{entry.caption}</figcaption>\n</figure>"
    )


def _clip_html(name: str, page) -> str:
    entry = CLIPS.get(name)
    path = MEDIA / f"{name}.flac"
    if not path.exists():
        raise PluginError(f"{page.file.src_uri}: clip {name!r} is missing; run `make media`")
    src = get_relative_url(f"media/{name}.flac", page.url)
    label = html.escape(entry.title)
    return (
        f'<figure class="audioml-clip" id="clip-{name.replace("_", "-")}" markdown>\n'
        f"<figcaption markdown>**{entry.title}**<br>{entry.caption}</figcaption>\n"
        f'<audio controls preload="none" src="{src}" aria-label="{label}"></audio>\n'
        f"</figure>"
    )


def _diagram_html(name: str, page) -> str:
    """The committed SVG inline; a diagram wider than the column keeps half its size and
    its figure scrolls sideways (keyboard-focusable) instead of shrinking to unreadable."""
    path = DIAGRAMS / f"{name}.svg"
    if not (DIAGRAMS / f"{name}.mmd").exists():
        raise PluginError(f"{page.file.src_uri}: no diagram source docs/diagrams/{name}.mmd")
    if not path.exists():
        raise PluginError(
            f"{page.file.src_uri}: diagram {name!r} is not rendered; run `make diagrams`"
        )
    svg = path.read_text(encoding="utf-8").strip()
    viewbox = VIEWBOX.search(svg[: svg.index(">")])
    width = float(viewbox["width"]) if viewbox else 0.0
    if width <= WIDE_PX:
        return f'<figure class="diagram" id="diagram-{name}">{svg}</figure>'
    svg = svg.replace(' style="', f' style="min-width: {width * MIN_SCALE:.0f}px; ', 1)
    return f'<figure class="diagram diagram--wide" id="diagram-{name}" tabindex="0">{svg}</figure>'


RENDER = {"figure": _figure_html, "clip": _clip_html, "diagram": _diagram_html}


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Replace figure, clip and diagram shortcodes with their HTML."""

    def replace(match: re.Match) -> str:
        kind, name = match.groups()
        try:
            return RENDER[kind](name, page)
        except ParameterError as exc:
            raise PluginError(f"{page.file.src_uri}: {exc}") from None

    return SHORTCODE.sub(replace, markdown)
