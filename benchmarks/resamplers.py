"""Measure common resamplers: passband flatness, stopband attenuation, time per second of audio.

Usage (`make bench` runs the second form):

    .venv/bin/python benchmarks/resamplers.py            # print the Markdown table
    .venv/bin/python benchmarks/resamplers.py --write    # also write docs/generated/resamplers.md

The conversion is 44.1 kHz -> 16 kHz (a music or dataset rate to a speech model's rate; the
ratio 160/441 is not an integer, so no resampler can cheat). Every resampler is measured
as a black box, on sine tones of amplitude 1 lasting 1 s, in the middle 0.5 s of its output:

- passband: the gain at the tone's own frequency (least-squares fit of a sinusoid) for 40
  tones from 20 Hz to 6.4 kHz (0.8 of the new Nyquist frequency, 8 kHz); the ripple is the
  largest minus the smallest gain, in dB; the gain at 7.2 kHz (0.9) is given apart;
- stopband: for 60 tones from 8.8 kHz (1.1 of the new Nyquist) to 22 kHz, the level of
  *everything* that comes out (a tone above 8 kHz cannot exist at 16 kHz: whatever comes out
  is its alias), in dB re the input tone; the worst tone is reported;
- time: median of 5 calls (after one warm-up) on 10 s of white noise, in ms per second of
  audio, on this machine, one process, float64 input.

Nothing here is a test: timings depend on the machine. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import librosa
import numpy as np
import scipy
import scipy.signal
import soxr

from audioml.sampling import resample
from audioml.signals import white_noise

ORIG, TARGET = 44100, 16000
NYQUIST = TARGET / 2
PASS_TONES = np.geomspace(20.0, 0.8 * NYQUIST, 40)
STOP_TONES = np.linspace(1.1 * NYQUIST, 22000.0, 60)
EDGE_TONE = 0.9 * NYQUIST
REPEATS = 5
OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "generated" / "resamplers.md"


def _librosa(res_type: str) -> Callable[[np.ndarray], np.ndarray]:
    return lambda x: librosa.resample(x, orig_sr=ORIG, target_sr=TARGET, res_type=res_type)


def _linear(x: np.ndarray) -> np.ndarray:
    t_out = np.arange(int(np.ceil(len(x) * TARGET / ORIG))) / TARGET
    return np.interp(t_out, np.arange(len(x)) / ORIG, x)


#: (name, what it is, function): the rows of the table, best-known first.
RESAMPLERS: list[tuple[str, str, Callable[[np.ndarray], np.ndarray]]] = [
    (
        "`audioml.sampling.resample`",
        "Kaiser sinc, rolloff 0.9, 100 dB",
        lambda x: resample(x, orig_sr=ORIG, target_sr=TARGET),
    ),
    ("librosa `soxr_vhq`", "soxr VHQ", _librosa("soxr_vhq")),
    ("librosa `soxr_hq` (default)", "soxr HQ; what `datasets` 2.x-3.x call", _librosa("soxr_hq")),
    ("librosa `soxr_mq`", "soxr MQ", _librosa("soxr_mq")),
    ("librosa `soxr_lq`", "soxr LQ", _librosa("soxr_lq")),
    ("librosa `soxr_qq`", "soxr QQ (quick)", _librosa("soxr_qq")),
    (
        "scipy `resample_poly`",
        "= librosa `polyphase`; Kaiser beta 5",
        lambda x: scipy.signal.resample_poly(x, 160, 441),
    ),
    (
        "scipy `resample`",
        "= librosa `fft`; one FFT of the whole signal",
        lambda x: scipy.signal.resample(x, int(np.ceil(len(x) * TARGET / ORIG))),
    ),
    ("linear interpolation", "`np.interp`, no low-pass", _linear),
]


def _middle(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = len(y)
    idx = np.arange(n // 4, 3 * n // 4)
    return idx / TARGET, y[idx]


def tone_gain_db(func, f: float) -> float:
    """Gain at the tone's own frequency, dB (least squares on the middle of the output)."""
    x = np.sin(2 * np.pi * f * np.arange(ORIG) / ORIG)
    t, y = _middle(np.asarray(func(x), dtype=np.float64))
    basis = np.stack([np.sin(2 * np.pi * f * t), np.cos(2 * np.pi * f * t)], axis=1)
    coef, *_ = np.linalg.lstsq(basis, y, rcond=None)
    return float(20 * np.log10(np.hypot(*coef)))


def leakage_db(func, f: float) -> float:
    """Level of everything that comes out for a tone above the new Nyquist, dB re its input."""
    x = np.sin(2 * np.pi * f * np.arange(ORIG) / ORIG)
    _, y = _middle(np.asarray(func(x), dtype=np.float64))
    return float(20 * np.log10(np.sqrt(2 * np.mean(y**2)) + 1e-300))


def ms_per_second(func) -> float:
    x = white_noise(sr=ORIG, duration=10.0, amplitude=0.1, rng=0)
    func(x)
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        func(x)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times) / 10.0


def measure() -> list[dict[str, float | str]]:
    rows = []
    for name, what, func in RESAMPLERS:
        gains = [tone_gain_db(func, f) for f in PASS_TONES]
        rows.append(
            {
                "name": name,
                "what": what,
                "ripple": max(gains) - min(gains),
                "edge": tone_gain_db(func, EDGE_TONE),
                "stop": max(leakage_db(func, f) for f in STOP_TONES),
                "ms": ms_per_second(func),
            }
        )
    return rows


def table(rows: list[dict[str, float | str]]) -> str:
    lines = [
        "| resampler | what it is | passband ripple, 20 Hz-6.4 kHz (dB) | gain at 7.2 kHz "
        "(dB) | worst alias, tones 8.8-22 kHz (dB) | time (ms per s of audio) |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['name']} | {r['what']} | {r['ripple']:.4f} | {r['edge']:.2f} | "
            f"{r['stop']:.1f} | {r['ms']:.2f} |"
        )
    return "\n".join(lines)


def header() -> str:
    day = datetime.date.today().isoformat()
    return (
        f"Measured {day} on `{platform.machine()}` ({os.cpu_count()} CPUs), Python "
        f"{platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
        f"librosa {librosa.__version__}, soxr {soxr.__version__}. 44.1 kHz -> 16 kHz; "
        "tones of amplitude 1 (0 dB); times are medians of 5 calls on 10 s of noise."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"also write {OUTPUT.name}")
    args = parser.parse_args(argv)
    # librosa's polyphase mode is scipy's resample_poly: check, so the table may say "=".
    x = white_noise(sr=ORIG, duration=1.0, rng=1)
    assert np.allclose(_librosa("polyphase")(x), scipy.signal.resample_poly(x, 160, 441))
    assert np.allclose(_librosa("soxr_hq")(x), soxr.resample(x, ORIG, TARGET, quality="HQ"))
    text = header() + "\n\n" + table(measure()) + "\n"
    print(text)
    if args.write:
        OUTPUT.write_text(
            "<!-- Generated by `python benchmarks/resamplers.py --write`; do not edit by "
            "hand. -->\n\n" + text,
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
