"""Every sound on the site: one function per clip, in a registry, with a CLI.

A chapter module in this package registers its clips with the `clip` decorator; the
function takes no arguments and returns `(y, sr)`, a mono float signal in [-1, 1] and
its sampling rate. The title and caption registered with it are what the site prints
beside the player: the caption must say exactly what was done to the sound.

Clips are written as 16-bit FLAC files into `docs/media/` (git-ignored) at build time:

```bash
python -m audioml.media             # all clips
python -m audioml.media --list
python -m audioml.media --check     # compare fresh renderings with docs/media/
```
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import soundfile as sf

from .._registry import Entry, Registry, run_cli
from ..errors import ParameterError

__all__ = ["MAX_SECONDS", "REGISTRY", "clip", "main", "write_clip"]

REGISTRY = Registry("clip", __name__)

#: Longest clip the site ships, in seconds (short clips keep pages light).
MAX_SECONDS = 5.0


def clip(name: str, *, title: str, caption: str, alt: str | None = None):
    """Register a clip function under `name` (the file is `docs/media/<name>.flac`)."""
    return REGISTRY.register(name, title=title, alt=alt or title, caption=caption)


def write_clip(entry: Entry, out: Path) -> list[Path]:
    """Render one registered clip and write it as `<out>/<name>.flac` (16-bit PCM).

    Raises `ParameterError` rather than writing a clip that would clip, is not mono,
    is empty or longer than `MAX_SECONDS`.
    """
    y, sr = entry.func()
    y = np.asarray(y, dtype=np.float64)
    if y.ndim != 1 or y.size == 0:
        raise ParameterError(f"clip {entry.name!r} must be mono and non-empty; got {y.shape}")
    if not np.isfinite(y).all():
        raise ParameterError(f"clip {entry.name!r} contains NaN or infinite samples")
    peak = float(np.abs(y).max())
    if peak > 1.0:
        raise ParameterError(f"clip {entry.name!r} would clip: peak {peak:.3f} > 1.0")
    if len(y) / sr > MAX_SECONDS:
        raise ParameterError(
            f"clip {entry.name!r} is {len(y) / sr:.2f} s long; at most {MAX_SECONDS} s"
        )
    path = Path(out) / f"{entry.name}.flac"
    sf.write(path, y, int(sr), subtype="PCM_16", format="FLAC")
    return [path]


def clips_match(fresh: Path, existing: Path) -> bool:
    """True when two clip files decode to the same samples at the same rate."""
    a, sr_a = sf.read(fresh, dtype="int16")
    b, sr_b = sf.read(existing, dtype="int16")
    return sr_a == sr_b and a.shape == b.shape and bool((a == b).all())


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `python -m audioml.media`."""
    return run_cli(
        argv,
        registry=REGISTRY,
        write=write_clip,
        same=clips_match,
        description="Write the site's audio clips.",
    )
