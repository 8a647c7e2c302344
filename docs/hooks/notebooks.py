"""MkDocs hook: light notebook pages, styled as the site, with described outputs.

mkdocs-jupyter renders a notebook into one self-contained page in JupyterLab's look: 575 kB
of JupyterLab CSS, a pygments stylesheet and a copy-button script inlined in every notebook
page, every figure and sound as a base64 `data:` URI inside the HTML, and every image
described as "No description has been provided for this image". For a reader on a phone
that was 1.1-1.4 MB of HTML before the first paragraph. When a notebook page's content is
rendered, this hook:

- drops what mkdocs-jupyter puts around the notebook (its stylesheets and scripts) and its
  copy buttons, and makes each code cell a Material code block (`div.highlight > pre >
  code`), so cells take the site's code colours, copy button and scrolling; the few rules
  the cells' outputs need are in `assets/css/site.css`;
- writes each output image next to the page as a palette PNG (`cell-<n>-<k>.png`, made
  by `audioml.plotting.palette_png` like the figures in `figs/`), loaded lazily with its
  size set so the layout does not move;
- writes each output sound next to the page as FLAC (`cell-<n>-<k>.flac`) in a labelled
  player that loads nothing until it is played;
- takes the image's alt text and the player's label from a comment in the cell that made
  it: `# Figure: <what it shows>` or `# Sound: <what it plays>` (continued on the comment
  lines right below, if long). A cell that outputs an image or sound without one fails
  the build, naming the notebook and the cell.

Same notebook outputs give the same files (PNG and FLAC carry no dates).
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import re
from pathlib import Path

import soundfile as sf
from mkdocs.exceptions import PluginError
from PIL import Image

from audioml.plotting import palette_png

CELL_START = '<div class="jp-Cell '
# the notebook itself; mkdocs-jupyter's stylesheets and scripts come before and after it
NOTEBOOK = ('<div class="jupyter-wrapper">', "</div> <!-- jupyter-wrapper -->")
# its copy button, and the hidden copy of the cell's source the button copies
COPY_BUTTON = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>'
    r'|<div\b[^>]*\bclass="clipboard-copy-txt"[^>]*>.*?</div>',
    re.S,
)
CODE_CELL = re.compile(
    r'<div class="highlight-ipynb hl-python"><pre><span></span>(.*?)</pre>',
    re.S,
)
# as pymdownx.highlight writes a code block in Markdown
MATERIAL_CODE = r'<div class="language-python highlight"><pre><span></span><code>\1</code></pre>'
IMAGE = re.compile(r'<img\b[^>]*\bsrc="data:image/png;base64,([A-Za-z0-9+/=\s]+)"[^>]*>')
AUDIO = re.compile(
    r'<audio\b[^>]*>\s*<source\b[^>]*\bsrc="data:audio/[a-z-]+;base64,([A-Za-z0-9+/=\s]+)"'
    r"[^>]*>.*?</audio>",
    re.S,
)
WIDTH = re.compile(r'\swidth="(\d+)"')
# the comment in the highlighted cell source, e.g. <span class="c1"># Figure: ...</span>,
# continued on the comment lines right below it, unless such a line starts a description
# of its own (one `# Sound:` line per player of a cell that plays several)
DESCRIPTION = re.compile(
    r'<span class="c1">#\s*(Figure|Sound):\s*(.*?)</span>'
    r'((?:\n<span class="c1">#(?!\s*(?:Figure|Sound):).*?</span>)*)'
)
CONTINUATION = re.compile(r'<span class="c1">#\s*(.*?)</span>')


def flac(data: bytes) -> bytes:
    """Re-encode a WAV (IPython's `Audio`) as FLAC, samples unchanged."""
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

    numbers = {kind: itertools.count() for kind in descriptions}

    def image(match: re.Match) -> str:
        index = next(numbers["Figure"])
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
        index = next(numbers["Sound"])
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


def lighten(html: str, where: str, folder: Path | None) -> str:
    """The notebook `html` as the site's content, its outputs moved to `folder`."""
    start, end = html.index(NOTEBOOK[0]), html.rindex(NOTEBOOK[1]) + len(NOTEBOOK[1])
    html = COPY_BUTTON.sub("", html[start:end])
    html = CODE_CELL.sub(MATERIAL_CODE, html)
    # ids Material can select by (`cell-id=x` was one), heading anchors as Material's
    html = html.replace('id="cell-id=', 'id="cell-').replace('"anchor-link"', '"headerlink"')
    head, *cells = html.split(CELL_START)
    cells = [externalise(cell, n, where, folder) for n, cell in enumerate(cells, start=1)]
    return CELL_START.join([head, *cells])


def on_page_content(html: str, page, config, files) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    folder = Path(page.file.abs_dest_path).parent
    folder.mkdir(parents=True, exist_ok=True)
    return lighten(html, page.file.src_uri, folder)
