"""Benchmark audioml's phase reconstruction and STFT against librosa 0.11 on this machine.

Usage (`make bench` runs the first form):

    .venv/bin/python benchmarks/run.py            # print the Markdown table
    .venv/bin/python benchmarks/run.py --write    # also write docs/generated/phase_benchmark.md

One process, both libraries on the same inputs under the same environment (so the
same BLAS and thread settings). Times are `time.perf_counter` medians of REPEATS
calls after one warm-up call; spectral convergence (SC) medians are over SEEDS
random initialisations. Nothing here is a test: timings depend on the machine.
See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import librosa
import numpy as np
import scipy

import audioml
from audioml.phase import griffin_lim, pghi, spectral_convergence_db
from audioml.signals import harmonic_tone, load_speech
from audioml.spectral import istft, stft

N_FFT, HOP, N_ITER = 1024, 256, 32
SEEDS = tuple(range(7))
SEEDS_100 = tuple(range(5))
REPEATS = 7
OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "generated" / "phase_benchmark.md"
GEOMETRY = {"n_fft": N_FFT, "hop_length": HOP}


def signals() -> dict[str, np.ndarray]:
    speech, sr = load_speech("fox_male")
    notes = [220.0, 277.18, 329.63, 440.0]  # A3, C#4, E4, A4: 0.75 s each
    music = np.concatenate([harmonic_tone(f0, sr=sr, duration=0.75) for f0 in notes])
    return {
        f"speech `fox_male` ({len(speech) / sr:.2f} s)": speech,
        f"music: 4 harmonic notes ({len(music) / sr:.2f} s)": music,
    }


def timed(func) -> float:
    """Median wall time of REPEATS calls in ms, after one warm-up call."""
    func()
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def sc(S: np.ndarray, y: np.ndarray) -> float:
    return spectral_convergence_db(S, np.abs(stft(y, **GEOMETRY)))


def blas_info() -> str:
    env = (
        ", ".join(
            f"{k}={os.environ[k]}"
            for k in (
                "OPENBLAS_CORETYPE",
                "OPENBLAS_L2_SIZE",
                "OMP_NUM_THREADS",
                "OPENBLAS_NUM_THREADS",
            )
            if k in os.environ
        )
        or "none of OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE, OMP/OPENBLAS_NUM_THREADS set"
    )
    try:
        from threadpoolctl import threadpool_info

        pools = "; ".join(
            f"{p.get('internal_api')} {p.get('version')} ({p.get('architecture')}, "
            f"{p.get('num_threads')} threads)"
            for p in threadpool_info()
        )
    except ImportError:
        config = np.show_config(mode="dicts")
        blas = config.get("Build Dependencies", {}).get("blas", {})
        pools = f"numpy BLAS {blas.get('name')} {blas.get('version')} (threadpoolctl not installed)"
    return f"BLAS/threads: {pools or 'none loaded'}. Environment: {env}."


def measure(name: str, y: np.ndarray) -> list[tuple[str, ...]]:
    D = stft(y, **GEOMETRY)
    S = np.abs(D)
    length = len(y)
    rows = []

    def ours_gl(seed, init="random"):
        return griffin_lim(S, n_iter=N_ITER, init=init, rng=seed, length=length, **GEOMETRY)

    def lib_gl(seed, n_iter=N_ITER):
        return librosa.griffinlim(
            S, n_iter=n_iter, random_state=np.random.default_rng(seed), length=length, **GEOMETRY
        )

    sc_ours = statistics.median(sc(S, ours_gl(s)) for s in SEEDS)
    sc_lib = statistics.median(sc(S, lib_gl(s)) for s in SEEDS)
    sc_lib100 = statistics.median(sc(S, lib_gl(s, 100)) for s in SEEDS_100)
    t_ours = timed(lambda: ours_gl(0))
    t_lib = timed(lambda: lib_gl(0))
    sc_pghi_gl = sc(S, ours_gl(0, "pghi"))
    t_pghi_gl = timed(lambda: ours_gl(0, "pghi"))
    sc_pghi = sc(S, istft(pghi(S, **GEOMETRY), hop_length=HOP, length=length))
    t_pghi = timed(lambda: pghi(S, **GEOMETRY))

    def ok(flag: bool) -> str:
        return "yes" if flag else "**no**"

    rows.append(
        (
            name,
            f"fast GL, random init, {N_ITER} it: SC dB (median of {len(SEEDS)} seeds)",
            f"{sc_ours:.2f}",
            f"{sc_lib:.2f}",
            f"Δ {sc_ours - sc_lib:+.2f} dB",
            "abs(Δ) ≤ 0.5 dB",
            ok(abs(sc_ours - sc_lib) <= 0.5),
        )
    )
    rows.append(
        (
            name,
            f"fast GL, random init, {N_ITER} it: time ms",
            f"{t_ours:.1f}",
            f"{t_lib:.1f}",
            f"ratio {t_ours / t_lib:.2f}",
            "≤ 1.0",
            ok(t_ours <= t_lib),
        )
    )
    rows.append(
        (
            name,
            f"fast GL, PGHI init, {N_ITER} it: SC dB vs librosa {N_ITER} it",
            f"{sc_pghi_gl:.2f}",
            f"{sc_lib:.2f}",
            f"Δ {sc_pghi_gl - sc_lib:+.2f} dB",
            "Δ ≤ -5 dB",
            ok(sc_pghi_gl - sc_lib <= -5),
        )
    )
    rows.append(
        (
            name,
            f"fast GL, PGHI init, {N_ITER} it: SC dB vs librosa 100 it "
            f"(median of {len(SEEDS_100)} seeds)",
            f"{sc_pghi_gl:.2f}",
            f"{sc_lib100:.2f}",
            f"Δ {sc_pghi_gl - sc_lib100:+.2f} dB",
            "Δ < 0",
            ok(sc_pghi_gl < sc_lib100),
        )
    )
    rows.append(
        (
            name,
            f"fast GL, PGHI init, {N_ITER} it (PGHI included): time ms vs librosa {N_ITER} it",
            f"{t_pghi_gl:.1f}",
            f"{t_lib:.1f}",
            f"ratio {t_pghi_gl / t_lib:.2f}",
            "≤ 1.0",
            ok(t_pghi_gl <= t_lib),
        )
    )
    rows.append(
        (name, "PGHI alone: SC dB / time ms", f"{sc_pghi:.2f} / {t_pghi:.1f}", "—", "—", "—", "—")
    )
    for label, ours, lib in (
        ("stft", lambda: stft(y, **GEOMETRY), lambda: librosa.stft(y, **GEOMETRY)),
        (
            "istft",
            lambda: istft(D, hop_length=HOP, length=length),
            lambda: librosa.istft(D, hop_length=HOP, length=length),
        ),
    ):
        diff = float(np.abs(ours() - lib()).max())
        t_a, t_b = timed(ours), timed(lib)
        rows.append(
            (
                name,
                f"{label}: time ms (max abs difference {diff:.1e})",
                f"{t_a:.2f}",
                f"{t_b:.2f}",
                f"ratio {t_a / t_b:.2f}",
                "≤ 1.0 (no target)",
                "yes" if t_a <= t_b else "no",
            )
        )
    return rows


def table(rows: list[tuple[str, ...]]) -> str:
    header = ("signal", "measurement", "audioml", "librosa 0.11", "difference", "target", "met")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def header() -> str:
    today = datetime.date.today().isoformat()
    machine = platform.processor() or platform.machine()
    return (
        f"Run {today} on `{machine}` ({os.cpu_count()} CPUs, {platform.system()}), "
        f"Python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
        f"librosa {librosa.__version__}, audioml {audioml.__version__}. "
        f"n_fft={N_FFT}, hop_length={HOP}, Hann window, centred; times are medians of "
        f"{REPEATS} calls after a warm-up, one process.\n\n{blas_info()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"also write {OUTPUT}")
    args = parser.parse_args(argv)
    rows = []
    for name, y in signals().items():
        rows += measure(name, y)
    text = header() + "\n\n" + table(rows) + "\n"
    print(text)
    if args.write:
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        OUTPUT.write_text(
            "<!-- Generated by `python benchmarks/run.py --write`; do not edit by hand. -->\n\n"
            + text
        )
        print(f"wrote {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
