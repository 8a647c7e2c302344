"""Benchmark audioml's phase reconstruction and STFT against librosa 0.11 on this machine.

Usage (`make bench` runs the first form):

    .venv/bin/python benchmarks/run.py            # print the full Markdown table
    .venv/bin/python benchmarks/run.py --write    # also write docs/generated/phase_benchmark.md

The written file (included by the site) has a short headline table of the targets, one
column per signal, and the full table with the machine details in a `<details>` block.

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


def signals() -> dict[str, tuple[str, np.ndarray]]:
    """Short name -> (long description, signal)."""
    speech, sr = load_speech("fox_male")
    notes = [220.0, 277.18, 329.63, 440.0]  # A3, C#4, E4, A4: 0.75 s each
    music = np.concatenate([harmonic_tone(f0, sr=sr, duration=0.75) for f0 in notes])
    return {
        "speech": (f"`fox_male`, {len(speech) / sr:.2f} s", speech),
        "music": (f"4 harmonic notes, {len(music) / sr:.2f} s", music),
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


def _ok(flag: bool) -> str:
    return "yes" if flag else "**no**"


def measure(y: np.ndarray) -> dict[str, float]:
    """Every number of one signal's benchmark (SC in dB, times in ms)."""
    D = stft(y, **GEOMETRY)
    S = np.abs(D)
    length = len(y)

    def ours_gl(seed, init="random"):
        return griffin_lim(S, n_iter=N_ITER, init=init, rng=seed, length=length, **GEOMETRY)

    def lib_gl(seed, n_iter=N_ITER):
        return librosa.griffinlim(
            S, n_iter=n_iter, random_state=np.random.default_rng(seed), length=length, **GEOMETRY
        )

    r = {
        "sc_ours": statistics.median(sc(S, ours_gl(s)) for s in SEEDS),
        "sc_lib": statistics.median(sc(S, lib_gl(s)) for s in SEEDS),
        "sc_lib100": statistics.median(sc(S, lib_gl(s, 100)) for s in SEEDS_100),
        "t_ours": timed(lambda: ours_gl(0)),
        "t_lib": timed(lambda: lib_gl(0)),
        "sc_pghi_gl": sc(S, ours_gl(0, "pghi")),
        "t_pghi_gl": timed(lambda: ours_gl(0, "pghi")),
        "sc_pghi": sc(S, istft(pghi(S, **GEOMETRY), hop_length=HOP, length=length)),
        "t_pghi": timed(lambda: pghi(S, **GEOMETRY)),
    }
    for label, ours, lib in (
        ("stft", lambda: stft(y, **GEOMETRY), lambda: librosa.stft(y, **GEOMETRY)),
        (
            "istft",
            lambda: istft(D, hop_length=HOP, length=length),
            lambda: librosa.istft(D, hop_length=HOP, length=length),
        ),
    ):
        r[f"diff_{label}"] = float(np.abs(ours() - lib()).max())
        r[f"t_{label}_ours"], r[f"t_{label}_lib"] = timed(ours), timed(lib)
    return r


def detail_rows(name: str, r: dict[str, float]) -> list[tuple[str, ...]]:
    """The full table's rows for one signal: every number with its target."""
    gl, pg = f"fast GL {N_ITER} it", f"PGHI + fast GL {N_ITER} it"
    rows = [
        (
            name,
            f"{gl}, random init: SC dB (median, {len(SEEDS)} seeds)",
            f"{r['sc_ours']:.2f}",
            f"{r['sc_lib']:.2f}",
            f"Δ {r['sc_ours'] - r['sc_lib']:+.2f} dB",
            "abs(Δ) ≤ 0.5 dB",
            _ok(abs(r["sc_ours"] - r["sc_lib"]) <= 0.5),
        ),
        (
            name,
            f"{gl}, random init: time ms",
            f"{r['t_ours']:.1f}",
            f"{r['t_lib']:.1f}",
            f"ratio {r['t_ours'] / r['t_lib']:.2f}",
            "≤ 1.0",
            _ok(r["t_ours"] <= r["t_lib"]),
        ),
        (
            name,
            f"{pg}: SC dB vs librosa {N_ITER} it",
            f"{r['sc_pghi_gl']:.2f}",
            f"{r['sc_lib']:.2f}",
            f"Δ {r['sc_pghi_gl'] - r['sc_lib']:+.2f} dB",
            "Δ ≤ -5 dB",
            _ok(r["sc_pghi_gl"] - r["sc_lib"] <= -5),
        ),
        (
            name,
            f"{pg}: SC dB vs librosa 100 it (median, {len(SEEDS_100)} seeds)",
            f"{r['sc_pghi_gl']:.2f}",
            f"{r['sc_lib100']:.2f}",
            f"Δ {r['sc_pghi_gl'] - r['sc_lib100']:+.2f} dB",
            "Δ < 0",
            _ok(r["sc_pghi_gl"] < r["sc_lib100"]),
        ),
        (
            name,
            f"{pg} (PGHI included): time ms vs librosa {N_ITER} it",
            f"{r['t_pghi_gl']:.1f}",
            f"{r['t_lib']:.1f}",
            f"ratio {r['t_pghi_gl'] / r['t_lib']:.2f}",
            "≤ 1.0",
            _ok(r["t_pghi_gl"] <= r["t_lib"]),
        ),
        (
            name,
            "PGHI alone: SC dB / time ms",
            f"{r['sc_pghi']:.2f} / {r['t_pghi']:.1f}",
            "—",
            "—",
            "—",
            "—",
        ),
    ]
    for label in ("stft", "istft"):
        ours, lib = r[f"t_{label}_ours"], r[f"t_{label}_lib"]
        rows.append(
            (
                name,
                f"{label}: time ms (max abs difference {r[f'diff_{label}']:.1e})",
                f"{ours:.2f}",
                f"{lib:.2f}",
                f"ratio {ours / lib:.2f}",
                "none",
                "—",
            )
        )
    return rows


def markdown_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def detail_table(results: dict[str, dict[str, float]]) -> str:
    """One table, every measurement of every signal (what `make bench` prints)."""
    header = ("signal", "measurement", "audioml", "librosa 0.11", "difference", "target: met")
    rows = [
        (*row[:5], row[5] if row[6] == "—" else f"{row[5]}: {row[6]}")
        for name, r in results.items()
        for row in detail_rows(name, r)
    ]
    return markdown_table(header, rows)


def headline_table(results: dict[str, dict[str, float]]) -> str:
    """The targets only, one column per signal, short labels (for the site)."""

    def sc_pair(ours: float, lib: float, met: bool) -> str:
        return f"{ours:.1f} vs {lib:.1f}" + ("" if met else " (**missed**)")

    def ratio(ours: float, lib: float, target: bool = True) -> str:
        return f"{ours / lib:.2f}" + ("" if not target or ours <= lib else " (**missed**)")

    measures = [
        (
            f"fast GL, {N_ITER} it: SC dB",
            "within 0.5 dB",
            lambda r: sc_pair(r["sc_ours"], r["sc_lib"], abs(r["sc_ours"] - r["sc_lib"]) <= 0.5),
        ),
        (
            f"fast GL, {N_ITER} it: time ratio",
            "≤ 1",
            lambda r: ratio(r["t_ours"], r["t_lib"]),
        ),
        (
            f"PGHI + GL {N_ITER} it vs librosa {N_ITER} it: SC dB",
            "5 dB lower",
            lambda r: sc_pair(r["sc_pghi_gl"], r["sc_lib"], r["sc_pghi_gl"] - r["sc_lib"] <= -5),
        ),
        (
            f"PGHI + GL {N_ITER} it vs librosa 100 it: SC dB",
            "lower",
            lambda r: sc_pair(r["sc_pghi_gl"], r["sc_lib100"], r["sc_pghi_gl"] < r["sc_lib100"]),
        ),
        (
            f"PGHI + GL {N_ITER} it vs librosa {N_ITER} it: time ratio",
            "≤ 1",
            lambda r: ratio(r["t_pghi_gl"], r["t_lib"]),
        ),
        (
            "stft / istft: time ratio",
            "none",
            lambda r: (
                f"{ratio(r['t_stft_ours'], r['t_stft_lib'], False)} / "
                f"{ratio(r['t_istft_ours'], r['t_istft_lib'], False)}"
            ),
        ),
    ]
    header = ("audioml vs librosa 0.11", "target", *results)
    rows = [
        (label, target, *(cell(r) for r in results.values())) for label, target, cell in measures
    ]
    return markdown_table(header, rows)


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


def page(results: dict[str, dict[str, float]], descriptions: dict[str, str]) -> str:
    """The site's Markdown: headline table, then the full results in a details block."""
    signals_line = "; ".join(f"{name}: {text}" for name, text in descriptions.items())
    return (
        f"Measured {datetime.date.today().isoformat()} on `{platform.machine()}` "
        f"({os.cpu_count()} CPUs). Spectral convergence (SC): ours vs librosa's, "
        f"lower is better; time ratio: ours / librosa's, below 1 is faster. "
        f"Signals: {signals_line}.\n\n"
        f"{headline_table(results)}\n\n"
        "<details markdown>\n<summary>Full results and machine</summary>\n\n"
        f"{header()}\n\n{detail_table(results)}\n\n</details>\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"also write {OUTPUT}")
    args = parser.parse_args(argv)
    results, descriptions = {}, {}
    for name, (description, y) in signals().items():
        results[name] = measure(y)
        descriptions[name] = description
    signals_line = "; ".join(f"{name}: {text}" for name, text in descriptions.items())
    print(f"{header()}\n\nSignals: {signals_line}.\n\n{detail_table(results)}")
    if args.write:
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        OUTPUT.write_text(
            "<!-- Generated by `python benchmarks/run.py --write`; do not edit by hand. -->\n\n"
            + page(results, descriptions)
        )
        print(f"wrote {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
