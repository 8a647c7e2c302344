"""The quality-budget table, measured in one run on this machine.

`make bench` (`benchmarks/all.py`) runs it after the detailed librosa table of
`benchmarks/run.py` and puts its table into `benchmarks/MEASURED.md`. Rows:

- a clean `make site` -- figures, sounds, then `mkdocs build --strict` with the notebooks
  executed -- into a temporary folder, and a `--dirty` rebuild after editing one page;
- the reference functions against librosa 0.11 on the same input, as time ratios and the
  largest difference: `stft`, `istft`, the mel filter bank and Griffin-Lim (same seed);
- the built site's total size and its heaviest pages (HTML + the images it references,
  as stored; the server gzips the HTML).

Nothing here is a test: a missed target is printed, not raised. The test suite is not
timed here (it is what CI runs; the README gives a fresh clone's times). Writes nothing in
the project except `--out`. Run from the project root: `.venv/bin/python
benchmarks/budgets.py [--out FILE]`. A failing build step ends in one line naming the
command and its last error line, exit status 1.
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


class StepFailed(RuntimeError):
    """A timed command exited non-zero; the message is one readable line."""


def run(*command: str) -> float:
    """Wall time of one command run from the project root; `StepFailed` if it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
        last = lines[-1].strip() if lines else "no output"
        name = " ".join(Path(part).name if "/" in part else part for part in command[:4])
        raise StepFailed(f"`{name} ...` exited {done.returncode}: {last}")
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
    parser.add_argument("--out", type=Path, default=None, help="also write the table here")
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory() as folder:
            tmp = Path(folder)
            t = site_times(tmp)
            size = sum(p.stat().st_size for p in (tmp / "site").rglob("*") if p.is_file())
            heaviest = page_weights(tmp / "site")[:5]
            shutil.rmtree(tmp / "site", ignore_errors=True)
    except StepFailed as error:
        print(f"budgets.py: error: {error}", file=sys.stderr)
        return 1
    functions = librosa_rows()
    lines = table(t, size, heaviest, functions)
    print("\n".join(lines))
    if args.out is not None:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


def table(t: dict, size: int, heaviest: list, functions: list) -> list[str]:
    """The budget table as Markdown lines, machine and versions first."""
    lines = []
    clean = t["figures"] + t["media"] + t["mkdocs"]
    lines.append(
        f"Quality budgets, {datetime.date.today().isoformat()}, {platform.machine()} "
        f"({os.cpu_count()} CPUs), Python {platform.python_version()}, "
        f"librosa {librosa.__version__}\n"
    )
    lines.append("| measurement | value | target |")
    lines.append("|---|---:|---|")
    lines.append(
        f"| clean `make site`: figures {t['figures']:.0f} s + sounds {t['media']:.0f} s + "
        f"mkdocs (notebooks executed) {t['mkdocs']:.0f} s | {clean:.0f} s | < 90 s |"
    )
    lines.append(f"| rebuild after editing one page (`--dirty`) | {t['dirty']:.1f} s | < 10 s |")
    for name, ratio, difference in functions:
        lines.append(
            f"| `{name}` vs librosa: time ratio (max abs diff. {difference}) | {ratio} | |"
        )
    lines.append(f"| built site, total | {size / 1e6:.1f} MB | |")
    for weight, name in heaviest:
        lines.append(f"| page `{name}`: HTML + its images, as stored | {weight / 1e3:.0f} kB | |")
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
