"""Notebook pages are light: docs/hooks/notebooks.py (issue #7 page-weight budget).

mkdocs-jupyter inlines 575 kB of JupyterLab CSS, a copy-button script and every output as
base64 into each notebook page; the hook keeps only the notebook, makes its code cells
Material code blocks and moves outputs into files described by the cell that made them.
Unit tests of the hook's functions, then the built notebook pages.
"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from mkdocs.exceptions import PluginError

from conftest import site_pages
from hooks import notebooks as hook

ROOT = Path(__file__).resolve().parents[2]


def png_base64(width: int = 40, height: int = 20) -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def wav_base64() -> str:
    buffer = io.BytesIO()
    sf.write(buffer, np.zeros(800, dtype=np.int16), 8000, format="WAV", subtype="PCM_16")
    return base64.b64encode(buffer.getvalue()).decode()


def cell(comment: str, output: str) -> str:
    return f'jp-CodeCell"><pre><span class="c1">{comment}</span>\nplot()</pre>{output}</div>'


def notebook(cells: str) -> str:
    """`cells` as mkdocs-jupyter renders a notebook: its stylesheets and scripts around."""
    header = '<script>(function (global, factory) {})</script><style type="text/css">.x{}</style>'
    footer = "\n<style>['pre { line-height: 125%; }']</style>"
    return header + hook.NOTEBOOK[0] + cells + hook.NOTEBOOK[1] + footer


def test_only_the_notebook_is_kept_with_code_cells_as_material_code_blocks():
    source = '<span class="kn">import</span> <span class="nn">numpy</span>\n'
    code = (
        '<div class="zeroclipboard-container"><clipboard-copy for="cell-1"><div>'
        '<span class="notice" hidden>Copied!</span></div></clipboard-copy></div>'
        f'<div class="highlight-ipynb hl-python"><pre><span></span>{source}</pre></div>'
        '<div class="clipboard-copy-txt" id="cell-1">import numpy</div>'
    )
    heading = '<h2 id="a">A<a class="anchor-link" href="#a">¶</a></h2>'
    cells = f'{hook.CELL_START}jp-MarkdownCell" id="cell-id=nb-0">{heading}</div>'
    cells += f'{hook.CELL_START}jp-CodeCell" id="cell-id=nb-1">{code}</div>'
    out = hook.lighten(notebook(cells), "nb.ipynb", None)
    assert out.startswith(hook.NOTEBOOK[0])
    assert out.endswith(hook.NOTEBOOK[1])
    for gone in ("<style", "<script", "clipboard", "Copied!", "highlight-ipynb", "cell-id="):
        assert gone not in out, gone
    block = f'<div class="language-python highlight"><pre><span></span><code>{source}</code></pre>'
    assert block in out
    assert '<a class="headerlink" href="#a">' in out
    assert 'id="cell-nb-0"' in out
    assert 'id="cell-nb-1"' in out


def test_outputs_become_files_described_by_their_cell(tmp_path):
    image = f'<img alt="x" class="" src="data:image/png;base64,{png_base64()}"/>'
    sound = (
        f'<audio controls="controls"><source src="data:audio/wav;base64,{wav_base64()}" '
        'type="audio/wav"/>Your browser does not support the audio element.</audio>'
    )
    html = hook.CELL_START + cell("# Figure: a red block,", image).replace(
        "</span>\n", '</span>\n<span class="c1"># twice as wide as tall</span>\n'
    )
    html += hook.CELL_START + cell("# Sound: 0.1 s of silence", sound)
    out = hook.lighten(notebook(html), "nb.ipynb", tmp_path)
    assert "base64" not in out
    assert 'src="cell-1-0.png" alt="a red block, twice as wide as tall" width="40"' in out
    assert 'aria-label="0.1 s of silence"' in out
    assert "<figcaption>0.1 s of silence" in out
    assert (tmp_path / "cell-1-0.png").read_bytes().startswith(b"\x89PNG")
    samples, sr = sf.read(tmp_path / "cell-2-0.flac")
    assert (sr, len(samples)) == (8000, 800)


def test_one_sound_line_per_player_labels_each_player_by_its_own_line(tmp_path):
    """A cell that plays several clips has one `# Sound:` line each, one under the other:
    each line labels its own player, in order (a line is not another's continuation)."""
    sound = f'<audio><source src="data:audio/wav;base64,{wav_base64()}"/></audio>'
    comments = ["# Sound: the noisy input", "# Sound: the GRU mask,", "# noisy phase kept"]
    source = "\n".join(f'<span class="c1">{c}</span>' for c in comments)
    html = f'{hook.CELL_START}jp-CodeCell"><pre>{source}\nplay()</pre>'
    out = hook.lighten(notebook(html + sound + sound + "</div>"), "nb.ipynb", tmp_path)
    labels = re.findall(r'aria-label="([^"]*)"', out)
    assert labels == ["the noisy input", "the GRU mask, noisy phase kept"]


@pytest.mark.parametrize("kind", ["image", "sound"])
def test_an_undescribed_output_fails_the_build_naming_notebook_and_cell(kind):
    output = (
        f'<img src="data:image/png;base64,{png_base64()}">'
        if kind == "image"
        else f'<audio><source src="data:audio/wav;base64,{wav_base64()}"/></audio>'
    )
    html = notebook(hook.CELL_START + cell("# just a comment", output))
    with pytest.raises(PluginError, match=r"hearing/x\.ipynb: cell 1 outputs .* '# "):
        hook.lighten(html, "hearing/x.ipynb", None)


def test_built_notebook_pages_are_light(built_site):
    notebooks = [p for p in site_pages(built_site) if list((built_site / p).glob("*.ipynb"))]
    assert len(notebooks) == 4
    for page in notebooks:
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert not re.search(r"data:(image/png|image/jpeg|audio/[-a-z]+);base64", html), page
        assert len(html) < 150_000, f"/{page}: {len(html)} bytes of HTML"
        # no JupyterLab stylesheet or copy script: the notebook is styled as the site
        assert not re.search(r'<style type="text/css">|clipboard-copy|highlight-ipynb', html), page
        (source,) = (built_site / page).glob("*.ipynb")
        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
        code = sum(c["cell_type"] == "code" for c in cells)
        assert html.count('<div class="language-python highlight"><pre>') == code > 0, page
