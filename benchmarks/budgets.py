"""The quality-budget table of issue #7, measured in one run on this machine.

`make bench` prints it after the detailed librosa table of `benchmarks/run.py`. Rows:

- a clean `make site` -- figures, sounds, then `mkdocs build --strict` with the notebooks
  executed -- into a temporary folder, and a `--dirty` rebuild after editing one page;
- `make test` after install: the same `ruff` + `pytest` commands, timed (skip with
  `--skip-tests`: they take several minutes);
- the reference functions against librosa 0.11 on the same input, as time ratios and the
  largest difference: `stft`, `istft`, the mel filter bank and Griffin-Lim (same seed);
- the built site's total size and its heaviest pages (HTML + the images it references,
  as stored; the server gzips the HTML).

Nothing here is a test: a missed target is printed, not raised. Writes nothing in the
project. Run from the project root: `.venv/bin/python benchmarks/budgets.py`.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import librosa
import numpy as np
from run import timed

from audioml.filterbanks import mel_filterbank
from audioml.phase import griffin_lim
from audioml.signals import load_speech
from audioml.spectral import istft, stft

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
EDITED_PAGE = ROOT / "docs" / "about.md"


def run(*command: str) -> float:
    """Wall time of one command run from the project root (fails loudly)."""
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def site_times(tmp: Path) -> dict[str, float]:
    """A clean `make site` (figures, sounds, mkdocs) and a dirty rebuild after one edit."""
    py = sys.executable
    t = {
        "figures": run(py, "-m", "audioml.figures", "--out", str(tmp / "figs")),
        "media": run(py, "-m", "audioml.media", "--out", str(tmp / "media")),
        "mkdocs": run(py, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp / "site")),
    }
    original = EDITED_PAGE.read_text(encoding="utf-8")
    try:
        EDITED_PAGE.write_text(original + "\n<!-- benchmark edit -->\n", encoding="utf-8")
        dirty = ("build", "--strict", "-q", "--dirty", "-d", str(tmp / "site"))
        t["dirty"] = run(py, "-m", "mkdocs", *dirty)
    finally:
        EDITED_PAGE.write_text(original, encoding="utf-8")
    return t


def test_time() -> float:
    """`make test` after install: ruff check, ruff format --check, pytest."""
    return (
        run(str(BIN / "ruff"), "check", ".")
        + run(str(BIN / "ruff"), "format", "--check", ".")
        + run(str(BIN / "pytest"), "-q", "-p", "no:cacheprovider")
    )


def page_weights(site: Path) -> list[tuple[int, str]]:
    """HTML size plus the images it references directly, per page (bytes), heaviest first."""
    weights = []
    for html in site.rglob("index.html"):
        total = html.stat().st_size
        text = html.read_text(encoding="utf-8")
        for image in {part.split('"')[0] for part in text.split('<img src="')[1:]}:
            path = (html.parent / image).resolve()
            if path.is_file():
                total += path.stat().st_size
        weights.append((total, html.parent.relative_to(site).as_posix() or "/"))
    return sorted(weights, reverse=True)


def librosa_rows() -> list[tuple[str, str, str]]:
    """(function, time ratio ours/librosa, max abs difference) on the speech clip."""
    y, sr = load_speech("fox_male")
    geometry = {"n_fft": 1024, "hop_length": 256}
    D = stft(y, **geometry)
    S = np.abs(D)
    pairs = {
        "stft": (lambda: stft(y, **geometry), lambda: librosa.stft(y, **geometry)),
        "istft": (
            lambda: istft(D, hop_length=256, length=len(y)),
            lambda: librosa.istft(D, hop_length=256, length=len(y)),
        ),
        "mel filter bank (128 x 513)": (
            lambda: mel_filterbank(sr=sr, n_fft=1024),
            lambda: librosa.filters.mel(sr=sr, n_fft=1024, dtype=np.float64),
        ),
        "griffin_lim, 32 it, same seed": (
            lambda: griffin_lim(S, n_iter=32, rng=0, length=len(y), **geometry),
            lambda: librosa.griffinlim(
                S, n_iter=32, random_state=np.random.default_rng(0), length=len(y), **geometry
            ),
        ),
    }
    rows = []
    for name, (ours, theirs) in pairs.items():
        difference = float(np.abs(ours() - theirs()).max())
        ratio = timed(ours) / timed(theirs)
        rows.append((name, f"{ratio:.2f}", f"{difference:.1e}"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-tests", action="store_true", help="do not time `make test`")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        t = site_times(tmp)
        size = sum(p.stat().st_size for p in (tmp / "site").rglob("*") if p.is_file())
        heaviest = page_weights(tmp / "site")[:5]
        shutil.rmtree(tmp / "site", ignore_errors=True)
    tests = None if args.skip_tests else test_time()
    functions = librosa_rows()

    clean = t["figures"] + t["media"] + t["mkdocs"]
    print(
        f"Quality budgets, {datetime.date.today().isoformat()}, {platform.machine()} "
        f"({os.cpu_count()} CPUs), Python {platform.python_version()}, "
        f"librosa {librosa.__version__}\n"
    )
    print("| measurement | value | target |")
    print("|---|---:|---|")
    print(
        f"| clean `make site`: figures {t['figures']:.0f} s + sounds {t['media']:.0f} s + "
        f"mkdocs (notebooks executed) {t['mkdocs']:.0f} s | {clean:.0f} s | < 90 s |"
    )
    print(f"| rebuild after editing one page (`--dirty`) | {t['dirty']:.1f} s | < 10 s |")
    if tests is not None:
        print(f"| `make test` after install (ruff + pytest) | {tests / 60:.1f} min | < 10 min |")
    for name, ratio, difference in functions:
        print(f"| `{name}` vs librosa: time ratio (max abs difference {difference}) | {ratio} | |")
    print(f"| built site, total | {size / 1e6:.1f} MB | |")
    for weight, name in heaviest:
        print(f"| page `{name}`: HTML + its images, uncompressed | {weight / 1e3:.0f} kB | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
