"""MkDocs hook: light notebook pages with described figures and labelled sounds.

mkdocs-jupyter renders a notebook into one self-contained page: 575 kB of JupyterLab CSS
inlined in every notebook page, every figure and sound as a base64 `data:` URI inside the
HTML, and every image described as "No description has been provided for this image". For
a reader on a phone that is 1.1-1.4 MB of HTML before the first paragraph. After a notebook
page is rendered, this hook:

- keeps only the JupyterLab CSS rules whose classes occur on that page, and the custom
  properties something reads (17 kB of the 575 kB);
- writes each output image next to the page as a palette PNG (`cell-<n>-<k>.png`, made
  by `audioml.plotting.palette_png` like the figures in `figs/`), loaded lazily with its
  size set so the layout does not move;
- writes each output sound next to the page as FLAC (`cell-<n>-<k>.flac`) in a labelled
  player that loads nothing until it is played;
- takes the image's alt text and the player's label from a comment in the cell that made
  it: `# Figure: <what it shows>` or `# Sound: <what it plays>` (continued on the comment
  lines right below, if long). A cell that outputs an
  image or sound without one fails the build, naming the notebook and the cell.

Same notebook outputs give the same files (PNG and FLAC carry no dates).
"""

from __future__ import annotations

import base64
import functools
import html
import io
import itertools
import re
from pathlib import Path

import tinycss2
from mkdocs.exceptions import PluginError
from PIL import Image

from audioml.plotting import palette_png

CELL_START = '<div class="jp-Cell '
CODE_CELL = '<div class="highlight-ipynb hl-python">'
# the one <style> block holding mkdocs-jupyter's copy of the JupyterLab CSS
JUPYTER_CSS = re.compile(
    r'(<style type="text/css">\s*)(@charset "UTF-8";\s*\.jupyter-wrapper\{.*?)(\s*</style>)', re.S
)
CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')
VAR_READ = re.compile(r"var\(\s*(--[_a-zA-Z0-9-]+)")
IMAGE = re.compile(r'<img\b[^>]*\bsrc="data:image/png;base64,([A-Za-z0-9+/=\s]+)"[^>]*>')
AUDIO = re.compile(
    r'<audio\b[^>]*>\s*<source\b[^>]*\bsrc="data:audio/[a-z-]+;base64,([A-Za-z0-9+/=\s]+)"'
    r"[^>]*>.*?</audio>",
    re.S,
)
# the comment in the highlighted cell source, e.g. <span class="c1"># Figure: ...</span>
WIDTH = re.compile(r'\swidth="(\d+)"')
# continued on the comment lines right below it, unless such a line starts a description
# of its own (one `# Sound:` line per player of a cell that plays several)
DESCRIPTION = re.compile(
    r'<span class="c1">#\s*(Figure|Sound):\s*(.*?)</span>'
    r'((?:\n<span class="c1">#(?!\s*(?:Figure|Sound):).*?</span>)*)'
)
CONTINUATION = re.compile(r'<span class="c1">#\s*(.*?)</span>')


def purge_css(css: str, used: set[str]) -> str:
    """Keep the rules of `css` whose every selector class is in `used`.

    A rule with several selectors keeps the selectors that can match; at-rules such as
    `@media` are purged recursively and dropped when empty; other at-rules are kept.
    """
    return "".join(_purge_rule(rule, used) for rule in _parsed(css))


@functools.lru_cache(maxsize=64)
def _parsed(css: str) -> tuple:
    """The rules of `css`, parsed once: every notebook page carries the same 575 kB of
    JupyterLab CSS, and parsing it was 1.4 s a page (the rules are only read)."""
    return tuple(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def drop_unused_properties(css: str, context: str) -> str:
    """Drop custom-property declarations (`--x: ...`) that neither `css` nor the rest of
    the page (`context`) reads with `var(--x)`.

    Repeated until nothing changes, as properties are read by other properties.
    """
    while True:
        read = set(VAR_READ.findall(context + css))
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        slimmer = "".join(_drop_properties(rule, read) for rule in rules)
        if slimmer == css:
            return css
        css = slimmer


def _drop_properties(rule, read: set[str]) -> str:
    if rule.type == "at-rule":
        return tinycss2.serialize([rule])
    if rule.type != "qualified-rule":
        return ""  # a parse error: invalid CSS is dropped, as the browser would
    declarations = tinycss2.parse_blocks_contents(rule.content)
    kept = [
        d
        for d in declarations
        if d.type == "declaration" and (not d.name.startswith("--") or d.name in read)
    ]
    body = "".join(tinycss2.serialize([d]).strip() for d in kept)  # each ends in ";"
    return f"{tinycss2.serialize(rule.prelude).strip()}{{{body}}}" if body else ""


def _selectors(prelude: list) -> list[list]:
    """A rule's selector list split at its top-level commas (not those inside `:is(...)`)."""
    selectors: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


def _classes(selector: list) -> set[str]:
    """The classes a selector requires: `.name` at its top level. Classes inside functional
    pseudo-classes (`:not(.x)`, `:is(.x, .y)`) are not required, so they are ignored."""
    return {
        b.value
        for a, b in itertools.pairwise(selector)
        if a.type == "literal" and a.value == "." and b.type == "ident"
    }


def _purge_rule(rule, used: set[str]) -> str:
    if rule.type == "qualified-rule":
        kept = [
            tinycss2.serialize(selector).strip()
            for selector in _selectors(rule.prelude)
            if _classes(selector) <= used
        ]
        if not kept:
            return ""
        return f"{','.join(kept)}{{{tinycss2.serialize(rule.content).strip()}}}"
    if rule.type == "at-rule" and rule.at_keyword in ("media", "supports") and rule.content:
        inner = purge_css(tinycss2.serialize(rule.content), used)
        if not inner:
            return ""
        return f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{inner}}}"
    if rule.type == "at-rule":
        return tinycss2.serialize([rule])
    return ""


def flac(data: bytes) -> bytes:
    """Re-encode a WAV (IPython's `Audio`) as FLAC, samples unchanged."""
    import soundfile as sf

    samples, sr = sf.read(io.BytesIO(data), dtype="int16")
    out = io.BytesIO()
    sf.write(out, samples, sr, format="FLAC", subtype="PCM_16")
    return out.getvalue()


def externalise(cell: str, number: int, where: str, folder: Path | None) -> str:
    """Move one cell's base64 images and sounds into files; describe them from the cell."""
    descriptions = {kind: [] for kind in ("Figure", "Sound")}
    for kind, first, rest in DESCRIPTION.findall(cell):
        text = " ".join([first, *CONTINUATION.findall(rest)])
        descriptions[kind].append(html.unescape(text).strip())

    def describe(kind: str, index: int) -> str:
        found = descriptions[kind]
        if not found:
            raise PluginError(
                f"{where}: cell {number} outputs {'an image' if kind == 'Figure' else 'a sound'}"
                f" but has no '# {kind}: <description>' comment to describe it"
            )
        return html.escape(found[min(index, len(found) - 1)])

    counter = {"Figure": 0, "Sound": 0}

    def image(match: re.Match) -> str:
        index = counter["Figure"]
        counter["Figure"] += 1
        png = palette_png(base64.b64decode(match.group(1)))
        with Image.open(io.BytesIO(png)) as decoded:
            width, height = decoded.size
        shown = WIDTH.search(match.group(0))  # `Image(..., width=560)` keeps its width
        if shown:
            width, height = int(shown.group(1)), round(int(shown.group(1)) * height / width)
        name = f"cell-{number}-{index}.png"
        if folder is not None:
            (folder / name).write_bytes(png)
        return (
            f'<img src="{name}" alt="{describe("Figure", index)}" width="{width}" '
            f'height="{height}" loading="lazy" decoding="async">'
        )

    def sound(match: re.Match) -> str:
        index = counter["Sound"]
        counter["Sound"] += 1
        label = describe("Sound", index)
        name = f"cell-{number}-{index}.flac"
        if folder is not None:
            (folder / name).write_bytes(flac(base64.b64decode(match.group(1))))
        return (
            f'<figure class="audioml-clip"><figcaption>{label}</figcaption>'
            f'<audio controls preload="none" src="{name}" aria-label="{label}"></audio>'
            "</figure>"
        )

    return AUDIO.sub(sound, IMAGE.sub(image, cell))


def lighten(output: str, where: str, folder: Path | None) -> str:
    """The notebook page `output` with purged CSS and its outputs moved to `folder`."""
    head, *cells = output.split(CELL_START)
    cells = [externalise(cell, n, where, folder) for n, cell in enumerate(cells, start=1)]
    output = CELL_START.join([head, *cells])
    used = {name for attr in CLASS_ATTRIBUTE.findall(output) for name in attr.split()}

    def slim(match: re.Match) -> str:
        css = purge_css(match.group(2), used)
        css = drop_unused_properties(css, output.replace(match.group(2), ""))
        return match.group(1) + css + match.group(3)

    return JUPYTER_CSS.sub(slim, output)


def on_post_page(output: str, page, config) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    folder = Path(page.file.abs_dest_path).parent
    folder.mkdir(parents=True, exist_ok=True)
    # A code cell wider than the column scrolls sideways: focusable, so a keyboard can
    # scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
    output = output.replace(CODE_CELL, CODE_CELL[:-1] + ' tabindex="0">')
    return lighten(output, page.file.src_uri, folder)
