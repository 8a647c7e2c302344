"""Every figure on the site: one function per figure, in a registry, with a CLI.

A chapter module in this package registers its figures with the `figure` decorator;
the function takes no arguments and returns a `matplotlib.figure.Figure`. The alt
text and caption registered with it are what the site prints with the image.

Regenerate all figures into `figs/`:

```bash
python -m audioml.figures            # all of them
python -m audioml.figures --list     # what there is
python -m audioml.figures --only mel_filter_bank
python -m audioml.figures --check    # compare fresh renderings with figs/, write nothing
```
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .._registry import Entry, Registry, project_folder, run_cli
from ..plotting import save_png, style

__all__ = ["REGISTRY", "figure", "images_match", "main", "render"]

REGISTRY = Registry("figure", __name__)

#: Largest mean absolute difference (0..255 scale) between two renderings that still
#: counts as the same figure: far below any visible change (a moved line or label).
TOLERANCE = 0.5


def figure(name: str, *, title: str, alt: str, caption: str):
    """Register a figure function under `name` (the PNG is `figs/<name>.png`)."""
    return REGISTRY.register(name, title=title, alt=alt, caption=caption)


def render(entry: Entry, out: Path) -> list[Path]:
    """Draw one registered figure in the site style and save it as `<out>/<name>.png`."""
    with style():
        fig = entry.func()
        return [save_png(fig, Path(out) / f"{entry.name}.png")]


def _pixels(path: Path) -> np.ndarray:
    from PIL import Image

    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"), dtype=np.int16)


def images_match(fresh: Path, existing: Path, *, tolerance: float = TOLERANCE) -> bool:
    """True when two PNGs are identical or differ by at most `tolerance` on average."""
    if Path(fresh).read_bytes() == Path(existing).read_bytes():
        return True
    a, b = _pixels(fresh), _pixels(existing)
    return a.shape == b.shape and float(np.abs(a - b).mean()) <= tolerance


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m audioml.figures`."""
    return run_cli(
        argv,
        registry=REGISTRY,
        default_out=project_folder("figs"),
        write=render,
        same=images_match,
        description="Regenerate the site's figures.",
    )
