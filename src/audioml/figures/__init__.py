"""Every figure on the site: one function per figure, in a registry, with a CLI.

A chapter module in this package registers its figures with the `figure` decorator;
the function takes no arguments and returns a `matplotlib.figure.Figure`. The alt
text and caption registered with it are what the site prints with the image.

Each figure is written in one format, `figs/<name>.png` (the default: a 2x palette
PNG) or `figs/<name>.svg` (`format="svg"`, for line plots whose gzipped SVG is
smaller than their PNG; a web server sends SVG gzipped, PNG as it is).

Regenerate all figures into `figs/`:

```bash
python -m audioml.figures            # all of them
python -m audioml.figures --list     # what there is
python -m audioml.figures --only mel_filter_bank
python -m audioml.figures --check    # compare fresh renderings with figs/, write nothing
```
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from .._registry import Entry, Registry, run_cli
from .._validate import check_choice
from ..errors import ParameterError
from ..plotting import save_png, save_svg, style

__all__ = [
    "FORMATS",
    "REGISTRY",
    "figure",
    "figure_files",
    "figure_format",
    "images_match",
    "main",
    "render",
]

REGISTRY = Registry("figure", __name__)

#: Largest mean absolute difference (0..255 scale) between two PNG renderings that
#: still counts as the same figure: far below any visible change (a moved line or label).
TOLERANCE = 0.5
#: Largest difference of any coordinate between two SVG renderings (in the SVG's
#: units, points: 0.05 pt is 0.07 CSS px) that still counts as the same figure.
SVG_TOLERANCE = 0.05

_SVG_ID = re.compile(r'(id="|#)([^"#\s)]+)')
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


#: The file formats a figure can be written in, with the function that writes each.
FORMATS = {"png": save_png, "svg": save_svg}


def figure(
    name: str,
    *,
    title: str,
    alt: str | Callable[[], str],
    caption: str | Callable[[], str],
    format: str = "png",
    png_copy: bool = False,
):
    """Register a figure function under `name`; its file is `figs/<name>.<format>`.

    `format` is `"png"` (any figure) or `"svg"` (line plots only: curves, bars,
    markers, no image or spectrogram; choose it when the gzipped SVG is smaller).
    `png_copy=True` (SVG figures only) also writes `figs/<name>.png`, for documents
    outside the site that link the figure as a PNG (the project's seed document does).
    """
    check_choice("format", format, tuple(FORMATS))
    if png_copy and format != "svg":
        raise ParameterError(f"png_copy is for SVG figures; {name!r} is already a PNG")
    return REGISTRY.register(
        name, title=title, alt=alt, caption=caption, format=format, png_copy=png_copy
    )


def figure_format(entry: Entry) -> str:
    """The file format (`"png"` or `"svg"`) a registered figure is written in."""
    return entry.extra.get("format", "png")


def figure_files(entry: Entry) -> list[str]:
    """The file names a registered figure is written to: its format, and its PNG copy."""
    names = [f"{entry.name}.{figure_format(entry)}"]
    if entry.extra.get("png_copy"):
        names.append(f"{entry.name}.png")
    return names


def render(entry: Entry, out: Path) -> list[Path]:
    """Draw one registered figure in the site style and save it as `<out>/<name>.<format>`.

    A file of the same figure in the other format is removed from `out`, so a figure
    that changed format leaves no stale file behind.
    """
    fmt = figure_format(entry)
    out = Path(out)
    with style():
        fig = entry.func()
        paths = [FORMATS[fmt](fig, out / f"{entry.name}.{fmt}")]
        if entry.extra.get("png_copy"):
            paths.append(save_png(fig, out / f"{entry.name}.png"))  # after save_svg closed it
    for other in FORMATS:
        if other != fmt and not (other == "png" and entry.extra.get("png_copy")):
            (out / f"{entry.name}.{other}").unlink(missing_ok=True)
    return paths


def _pixels(path: Path) -> np.ndarray:
    from PIL import Image

    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"), dtype=np.int16)


def _svg_tokens(path: Path) -> tuple[list[str], np.ndarray]:
    """An SVG's text with ids renamed in order of appearance, split around its numbers."""
    text = Path(path).read_text(encoding="utf-8")
    names: dict[str, str] = {}
    for match in _SVG_ID.finditer(text):
        if match.group(1) == 'id="':
            names.setdefault(match.group(2), f"i{len(names)}")
    text = _SVG_ID.sub(lambda m: m.group(1) + names.get(m.group(2), m.group(2)), text)
    numbers = np.array([float(n) for n in _NUMBER.findall(text)])
    return _NUMBER.split(text), numbers


def _svgs_match(fresh: Path, existing: Path, tolerance: float) -> bool:
    words_a, numbers_a = _svg_tokens(fresh)
    words_b, numbers_b = _svg_tokens(existing)
    return (
        words_a == words_b
        and numbers_a.shape == numbers_b.shape
        and (numbers_a.size == 0 or float(np.abs(numbers_a - numbers_b).max()) <= tolerance)
    )


def images_match(
    fresh: Path,
    existing: Path,
    *,
    tolerance: float = TOLERANCE,
    svg_tolerance: float = SVG_TOLERANCE,
) -> bool:
    """True when two figure files show the same figure.

    Identical files match. Two PNGs match when their mean absolute pixel difference
    is at most `tolerance` (0..255 scale); two SVGs match when they have the same
    elements (ids compared by order of appearance) and no coordinate differs by more
    than `svg_tolerance` (in points). Files of different formats never match.
    """
    fresh, existing = Path(fresh), Path(existing)
    if fresh.read_bytes() == existing.read_bytes():
        return True
    if fresh.suffix != existing.suffix:
        return False
    if fresh.suffix == ".svg":
        return _svgs_match(fresh, existing, svg_tolerance)
    a, b = _pixels(fresh), _pixels(existing)
    return a.shape == b.shape and float(np.abs(a - b).mean()) <= tolerance


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m audioml.figures`."""
    return run_cli(
        argv,
        registry=REGISTRY,
        write=render,
        same=images_match,
        description="Regenerate the site's figures.",
    )
