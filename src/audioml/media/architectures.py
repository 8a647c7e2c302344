"""Clips for the chapter "Model architectures": what phase does to a sound.

- **Phase swap**: the magnitude of one clip with the phase of another, both ways.
- **No phase**: a clip's own magnitude with uniformly random phase, and with zero phase.
- **Griffin-Lim explorer**: fast Griffin-Lim (momentum 0.99) from one seeded random
  phase, stopped after 0, 1, 2, ..., 128 iterations.
- **Pre-echo**: a click train rebuilt by Griffin-Lim, which smears each onset.

The computations are shared with `audioml.figures.architectures` through the cached
functions here, so a figure and its clip always show the same signal. Every clip is
peak-normalised to `PEAK_DBFS` and faded in and out over `FADE_S` seconds.
"""

from __future__ import annotations

import functools

import numpy as np

from ..phase import griffin_lim, spectral_convergence_db
from ..signals import fade, load_speech, make_rng
from ..spectral import istft, magphase, stft
from . import clip

#: STFT of every clip in this chapter: Hann window, 46.4 ms frames every 11.6 ms at 22.05 kHz.
N_FFT, HOP = 1024, 256
#: Iterations of the Griffin-Lim explorer (0 is the random-phase start).
EXPLORER_ITERATIONS = (0, 1, 2, 4, 8, 16, 32, 64, 128)
#: Seed of the random initial phase (explorer) and of the random-phase clip.
SEED = 0
#: Peak level of every clip in this chapter, dBFS.
PEAK_DBFS = -1.0
#: Fade-in and fade-out of every clip, seconds.
FADE_S = 0.01


def normalise(y: np.ndarray, sr: float) -> np.ndarray:
    """Fade in/out over `FADE_S` and scale to a peak of `PEAK_DBFS`."""
    y = fade(np.asarray(y, dtype=np.float64), sr=sr, seconds=FADE_S)
    return y * (10 ** (PEAK_DBFS / 20) / np.abs(y).max())


def spectrogram(y: np.ndarray) -> np.ndarray:
    """Magnitude STFT with the chapter's settings."""
    return np.abs(stft(y, n_fft=N_FFT, hop_length=HOP))


@functools.cache
def swap_pair() -> tuple[np.ndarray, np.ndarray, int]:
    """`fox_male` and `hearing`, both cut to the length of the shorter (`fox_male`)."""
    a, sr = load_speech("fox_male")
    b, _ = load_speech("hearing")
    n = min(len(a), len(b))
    return a[:n], b[:n], sr


def _swap(mag_of: np.ndarray, phase_of: np.ndarray) -> np.ndarray:
    magnitude, _ = magphase(stft(mag_of, n_fft=N_FFT, hop_length=HOP))
    _, phase = magphase(stft(phase_of, n_fft=N_FFT, hop_length=HOP))
    return istft(magnitude * phase, hop_length=HOP, length=len(mag_of))


@functools.cache
def explorer_signals() -> dict[int, np.ndarray]:
    """Fast Griffin-Lim on `fox_male` from the seeded random phase, after k iterations.

    Each entry is exactly `griffin_lim(S, n_iter=k, rng=SEED, ...)` (not normalised).
    """
    y, _ = load_speech("fox_male")
    S = spectrogram(y)
    return {
        k: griffin_lim(S, n_iter=k, n_fft=N_FFT, hop_length=HOP, rng=SEED, length=len(y))
        for k in EXPLORER_ITERATIONS
    }


def explorer_convergence_db(k: int) -> float:
    """Spectral convergence (dB) of the explorer's reconstruction after `k` iterations."""
    y, _ = load_speech("fox_male")
    return spectral_convergence_db(spectrogram(y), spectrogram(explorer_signals()[k]))


@clip(
    "speech_hearing",
    title="Speech: 'hearing' sentence (synthetic voice)",
    caption="The shipped clip hearing as it is: espeak-ng speech at 22.05 kHz, "
    "peak normalised to -1 dBFS, no other processing.",
)
def speech_hearing():
    return load_speech("hearing")


_SWAP = (
    "Both clips cut to {n:.2f} s, STFT with a Hann window, n_fft = 1024, hop = 256 "
    "(22.05 kHz); the magnitude of {mag} combined with the phase of {phase} bin by bin, "
    "inverted with the ISTFT, faded in and out over 10 ms and normalised to a -1 dBFS peak."
)


@clip(
    "phase_swap_a_mag_b_phase",
    title="Magnitude of 'The quick brown fox…', phase of 'hearing'",
    caption=_SWAP.format(n=len(swap_pair()[0]) / swap_pair()[2], mag="fox_male", phase="hearing"),
)
def phase_swap_a_mag_b_phase():
    a, b, sr = swap_pair()
    return normalise(_swap(a, b), sr), sr


@clip(
    "phase_swap_b_mag_a_phase",
    title="Magnitude of 'hearing', phase of 'The quick brown fox…'",
    caption=_SWAP.format(n=len(swap_pair()[0]) / swap_pair()[2], mag="hearing", phase="fox_male"),
)
def phase_swap_b_mag_a_phase():
    a, b, sr = swap_pair()
    return normalise(_swap(b, a), sr), sr


@clip(
    "phase_random",
    title="Original magnitude, random phase",
    caption="fox_male: STFT magnitude (Hann, n_fft = 1024, hop = 256) kept, every phase "
    "replaced by an independent uniform random value in [0, 2π) (seed 0), inverted with "
    "the ISTFT, faded over 10 ms and normalised to a -1 dBFS peak.",
)
def phase_random():
    y, sr = load_speech("fox_male")
    S = spectrogram(y)
    phase = np.exp(2j * np.pi * make_rng(SEED).random(S.shape))
    return normalise(istft(S * phase, hop_length=HOP, length=len(y)), sr), sr


@clip(
    "phase_zero",
    title="Original magnitude, zero phase",
    caption="fox_male: STFT magnitude (Hann, n_fft = 1024, hop = 256) kept, every phase "
    "set to 0, inverted with the ISTFT, faded over 10 ms and normalised to a -1 dBFS peak.",
)
def phase_zero():
    y, sr = load_speech("fox_male")
    return normalise(istft(spectrogram(y), hop_length=HOP, length=len(y)), sr), sr


def _register_explorer(k: int) -> None:
    def make():
        _, sr = load_speech("fox_male")
        return normalise(explorer_signals()[k], sr), sr

    name = f"gl_explorer_{k:02d}"
    make.__name__ = make.__qualname__ = name
    what = "the random-phase start (0 iterations)" if k == 0 else f"{k} iterations"
    clip(
        name,
        title=f"Griffin-Lim, {k} iteration{'s' if k != 1 else ''}",
        caption=f"fox_male rebuilt from its STFT magnitude alone (Hann, n_fft = 1024, "
        f"hop = 256) by fast Griffin-Lim (momentum 0.99) from a uniform random phase "
        f"(seed 0): {what}. Faded over 10 ms and normalised to the same -1 dBFS peak as "
        "every other explorer clip.",
    )(make)
    globals()[name] = make


for _k in EXPLORER_ITERATIONS:
    _register_explorer(_k)


# --- pre-echo: a click train through Griffin-Lim ---------------------------------------

CLICK_SR = 22050
CLICK_TIMES_S = (0.25, 0.75, 1.25, 1.75)


@functools.cache
def click_train() -> np.ndarray:
    """Four decaying 2 kHz-ish noise clicks (5 ms decay), 0.5 s apart, 2 s long, seeded."""
    n = int(2.0 * CLICK_SR)
    y = np.zeros(n)
    rng = make_rng(SEED)
    length = int(0.05 * CLICK_SR)
    envelope = np.exp(-np.arange(length) / (0.005 * CLICK_SR))
    for t in CLICK_TIMES_S:
        start = int(t * CLICK_SR)
        y[start : start + length] += envelope * rng.standard_normal(length)
    return y / np.abs(y).max() * 0.5


@functools.cache
def click_train_griffin_lim() -> np.ndarray:
    """`click_train` rebuilt by 32 iterations of fast Griffin-Lim (seed 0)."""
    y = click_train()
    return griffin_lim(
        spectrogram(y), n_iter=32, n_fft=N_FFT, hop_length=HOP, rng=SEED, length=len(y)
    )


@clip(
    "clicks_original",
    title="Clicks: original",
    caption="Four clicks 0.5 s apart: white noise (seed 0) under a 5 ms exponential decay, "
    "2 s at 22.05 kHz, normalised to a -1 dBFS peak.",
)
def clicks_original():
    return normalise(click_train(), CLICK_SR), CLICK_SR


@clip(
    "clicks_griffin_lim",
    title="Clicks: rebuilt by Griffin-Lim (32 iterations)",
    caption="The same clicks rebuilt from their STFT magnitude (Hann, n_fft = 1024 = 46 ms, "
    "hop = 256) by 32 iterations of fast Griffin-Lim from a random phase (seed 0), "
    "normalised to a -1 dBFS peak. Listen for the soft swish before each click: the "
    "original is silent there.",
)
def clicks_griffin_lim():
    return normalise(click_train_griffin_lim(), CLICK_SR), CLICK_SR
