"""One plotting style for every figure on the site, and small plotting helpers.

Figures are drawn on a white card with dark text and colour-blind-safe colours
(Okabe & Ito, 2008), so they read the same in the site's light and dark themes (the
dark theme shows them as a light card). Helpers follow matplotlib's convention:
`ax=None` in (a new axes is made), the artist out, never `plt.show()`.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = [
    "DPI",
    "PALETTE",
    "WIDTH_IN",
    "new_figure",
    "palette_png",
    "plot_waveform",
    "save_png",
    "save_svg",
    "style",
]

#: Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#6B6B6B",
}

#: Width of a full-width figure in inches; at `DPI` it is 1400 px, shown at about 700 px.
WIDTH_IN = 7.0
#: Resolution of the PNG files (2x the CSS pixels they are shown at).
DPI = 200

_RC = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.titlesize": 10.0,
    "axes.titleweight": "bold",
    "axes.labelsize": 9.0,
    "axes.edgecolor": "#333333",
    "axes.labelcolor": "#1a1a1a",
    "axes.grid": True,
    "axes.axisbelow": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(
        color=[PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "sky", "purple")]
    ),
    "grid.color": "#d9d9d9",
    "grid.linewidth": 0.6,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "text.color": "#1a1a1a",
    "legend.frameon": False,
    "legend.fontsize": 8.0,
    "lines.linewidth": 1.6,
    "image.cmap": "magma",
    "svg.hashsalt": "audioml",  # deterministic ids if a figure is saved as SVG
    "path.simplify": True,
}


@contextlib.contextmanager
def style() -> Iterator[None]:
    """Context manager that applies the site's matplotlib style.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with style():
    ...     mpl.rcParams["figure.facecolor"]
    'white'
    """
    with mpl.rc_context(_RC):
        yield


def new_figure(
    nrows: int = 1,
    ncols: int = 1,
    *,
    height: float = 3.2,
    width: float = WIDTH_IN,
    **subplots_kw,
) -> tuple[Figure, np.ndarray | Axes]:
    """A figure in the site style with `nrows x ncols` axes and constrained layout.

    Call it inside `style()` (the figure CLI does that for you).
    """
    return plt.subplots(nrows, ncols, figsize=(width, height), layout="constrained", **subplots_kw)


def plot_waveform(y: np.ndarray, sr: float, *, ax: Axes | None = None, **line_kw):
    """Plot a mono signal against time in seconds and return the line.

    Parameters
    ----------
    y : np.ndarray, shape (n,)
        The signal.
    sr : float
        Sampling rate in Hz.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is made when omitted.
    """
    if ax is None:
        _, ax = new_figure(height=2.0)
    t = np.arange(len(y)) / sr
    (line,) = ax.plot(t, y, linewidth=0.6, **line_kw)
    ax.set_xlim(0, len(y) / sr)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("amplitude")
    return line


def palette_png(png: bytes) -> bytes:
    """Re-encode PNG bytes with a 256-colour palette: the site's figure and notebook PNGs.

    Median cut, no dithering, zlib's best compression: 55-70 % smaller than matplotlib's
    truecolour PNG for the site's figures, with a mean colour change below 0.2 of 255
    (invisible). Deterministic: the same input gives the same bytes.

    Parameters
    ----------
    png : bytes
        A PNG file's bytes (any colour mode).

    Returns
    -------
    bytes
        The palette ("P" mode) PNG, same width and height.

    Examples
    --------
    >>> from PIL import Image
    >>> buffer = io.BytesIO()
    >>> Image.new("RGB", (4, 2), (200, 30, 30)).save(buffer, format="PNG")
    >>> Image.open(io.BytesIO(palette_png(buffer.getvalue()))).mode
    'P'
    """
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        palette = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def save_png(fig: Figure, path: str | Path) -> Path:
    """Save `fig` as a small PNG that is byte-identical across runs, and close it.

    The figure is rendered at `DPI`, then stored by `palette_png`. The file carries no
    software or date metadata, so the same figure on the same library versions gives the
    same bytes.
    """
    path = Path(path)
    buffer = io.BytesIO()
    fig.savefig(buffer, dpi=DPI, format="png", metadata={"Software": None})
    plt.close(fig)
    path.write_bytes(palette_png(buffer.getvalue()))
    return path


#: matplotlib's SVG settings for the site: text drawn as glyph paths (looks the same
#: everywhere, no webfont needed) and a fixed salt, so element ids are the same each run.
_SVG_RC = {"svg.fonttype": "path", "svg.hashsalt": "audioml", "svg.image_inline": True}
#: The root element's size as matplotlib writes it (in points, 72 per inch).
_SVG_SIZE = re.compile(rb'<svg([^>]*?) width="([0-9.]+)pt" height="([0-9.]+)pt"')


def save_svg(fig: Figure, path: str | Path) -> Path:
    """Save `fig` as an SVG file that is byte-identical across runs, and close it.

    For line plots (curves, bars, markers) an SVG is sharp at any zoom and, gzipped
    as web servers send it, often smaller than the 2x PNG of `save_png`; figures with
    raster content (images, spectrograms) stay PNG. Text is drawn as glyph outlines
    (`svg.fonttype: "path"`), so the figure looks the same in every browser without
    webfonts; element ids are salted with a fixed string and no date, software or
    Dublin Core metadata is written, so the same figure on the same library versions
    gives the same bytes. The background is white, like the PNGs.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure; it is closed after saving.
    path : str or pathlib.Path
        Where to write the SVG.

    Returns
    -------
    pathlib.Path
        `path`.

    Notes
    -----
    matplotlib sizes an SVG in points (72 per inch), which a browser shows at
    96 CSS px per inch. The PNGs are shown at `DPI / 2` = 100 CSS px per inch, so the
    root element's `width`/`height` are rewritten in CSS px at that scale (the
    `viewBox` is kept): a figure has the same size on the page in either format.

    Examples
    --------
    >>> import tempfile
    >>> with style(), tempfile.TemporaryDirectory() as tmp:
    ...     fig, ax = new_figure(height=2.0)
    ...     _ = ax.plot([0, 1], [0, 1])
    ...     head = save_svg(fig, Path(tmp) / "line.svg").read_bytes()[:400]
    >>> b'width="700px" height="200px" viewBox="0 0 504 144"' in head
    True
    """
    path = Path(path)
    buffer = io.BytesIO()
    with mpl.rc_context(_SVG_RC):
        fig.savefig(
            buffer,
            format="svg",
            facecolor="white",
            metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
        )
    plt.close(fig)
    css_per_pt = DPI / 2 / 72

    def css_size(match: re.Match) -> bytes:
        width, height = (round(float(v) * css_per_pt, 2) for v in match.group(2, 3))
        return b'<svg%s width="%gpx" height="%gpx"' % (match.group(1), width, height)

    svg, count = _SVG_SIZE.subn(css_size, buffer.getvalue(), count=1)
    if count != 1:  # pragma: no cover - a matplotlib change we must notice
        raise RuntimeError("matplotlib's SVG root element has no width/height in pt")
    path.write_bytes(svg)
    return path
