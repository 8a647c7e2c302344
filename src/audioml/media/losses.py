"""Clips for the losses chapter: one speech clip under the controlled changes of the loss atlas.

`perturb` is the single definition of those changes; the loss-atlas figures
(`audioml.figures.losses`) import it, so what you hear is what the figures measured.

See the page [The loss catalogue](../losses/catalogue.md).
"""

from __future__ import annotations

import numpy as np
import scipy.signal

from .._validate import check_choice, check_real
from ..signals import fade, load_speech, make_rng
from . import clip

__all__ = ["PERTURBATIONS", "perturb"]

#: The changes of the loss atlas, with the unit of their strength.
PERTURBATIONS = {
    "gain": "dB",
    "shift": "samples",
    "polarity": "(flip)",
    "phase": "degrees",
    "noise": "dB SNR",
    "lowpass": "Hz cut-off",
}

_NOISE_SEED = 20240


def perturb(y: np.ndarray, sr: float, kind: str, strength: float) -> np.ndarray:
    """Apply one controlled change to a reference signal (same length).

    Parameters
    ----------
    y : np.ndarray, shape (n,)
        Reference signal.
    sr : float
        Sampling rate in Hz.
    kind : str
        One of `"gain"`, `"shift"`, `"polarity"`, `"phase"`, `"noise"`, `"lowpass"`.
        `gain`: multiply by $10^{g/20}$ (strength in dB). `shift`: delay by an integer
        number of samples, zeros in front (the end is cut). `polarity`: multiply by -1
        (strength ignored). `phase`: rotate every frequency component by the same angle
        $\\theta$ (degrees), $\\mathrm{Re}\\{(y + i\\mathcal{H}y)\\,e^{i\\theta}\\}$ with
        `scipy.signal.hilbert`, which keeps the magnitude spectrum. `noise`: add seeded
        white Gaussian noise at the given SNR in dB. `lowpass`: 8th-order Butterworth
        low-pass at the given cut-off (Hz), applied forward and backward (zero phase).

    Returns
    -------
    np.ndarray, shape (n,)

    Examples
    --------
    >>> y = np.sin(2 * np.pi * 5 * np.arange(100) / 100)
    >>> bool(np.allclose(perturb(y, 100, "phase", 180), -y, atol=1e-2))
    True
    """
    check_choice("kind", kind, tuple(PERTURBATIONS))
    strength = check_real("strength", strength)
    y = np.asarray(y, dtype=np.float64)
    if kind == "gain":
        return y * 10 ** (strength / 20)
    if kind == "shift":
        k = round(strength)
        return np.concatenate([np.zeros(k), y[: y.size - k]]) if k > 0 else y.copy()
    if kind == "polarity":
        return -y
    if kind == "phase":
        analytic = scipy.signal.hilbert(y)
        return np.real(analytic * np.exp(1j * np.deg2rad(strength)))
    if kind == "noise":
        noise = make_rng(_NOISE_SEED).standard_normal(y.size)
        noise *= np.sqrt(np.mean(y**2) / np.mean(noise**2)) * 10 ** (-strength / 20)
        return y + noise
    sos = scipy.signal.butter(8, strength, btype="lowpass", fs=sr, output="sos")
    return scipy.signal.sosfiltfilt(sos, y)


def _speech(seconds: float = 2.5) -> tuple[np.ndarray, int]:
    y, sr = load_speech("fox_male")
    return y[: int(seconds * sr)], sr


#: One playback gain for every clip of the chapter (so the clips compare by ear); the
#: loudest clip, the speech rotated by 90 degrees, then peaks at 0.80.
PLAYBACK_GAIN = 0.8


def _finish(y: np.ndarray, sr: int) -> tuple[np.ndarray, int]:
    return PLAYBACK_GAIN * fade(y, sr=sr, seconds=0.02), sr


@clip(
    "loss_reference_speech",
    title="Reference: male speech",
    caption="The first 2.5 s of the shipped male speech clip (22.05 kHz), 20 ms fades, "
    "scaled by 0.8 like every clip of the losses pages: the target the perturbed clips are "
    "compared with.",
)
def loss_reference_speech():
    return _finish(*_speech())


@clip(
    "loss_gain_minus6db",
    title="Gain -6 dB",
    caption="The reference speech multiplied by 10^(-6/20) = 0.50. Waveform losses and SNR "
    "call this a large error; SI-SDR calls it perfect.",
)
def loss_gain_minus6db():
    y, sr = _speech()
    return _finish(perturb(y, sr, "gain", -6.0), sr)


@clip(
    "loss_shift_1ms",
    title="Delayed by 1 ms",
    caption="The reference speech delayed by 22 samples (1.0 ms at 22.05 kHz, the delay of "
    "the loss atlas), zeros in front. Sounds identical; in the atlas the waveform losses rate "
    "it 0.75 to 1.28 times a white-noise estimate, the spectral losses at most 0.06 times.",
)
def loss_shift_1ms():
    y, sr = _speech()
    return _finish(perturb(y, sr, "shift", round(0.001 * sr)), sr)


@clip(
    "loss_polarity_flip",
    title="Polarity flipped",
    caption="The reference speech multiplied by -1: every sample changes sign. Sounds "
    "identical; ESR = 4 (the error is twice the signal), every spectral loss = 0 (the STFT "
    "magnitudes do not change).",
)
def loss_polarity_flip():
    y, sr = _speech()
    return _finish(perturb(y, sr, "polarity", 0.0), sr)


@clip(
    "loss_phase_90deg",
    title="Phase rotated by 90°",
    caption="Every frequency component of the reference speech rotated by 90° (the Hilbert "
    "transform, scipy.signal.hilbert): same magnitude spectrum, a different waveform.",
)
def loss_phase_90deg():
    y, sr = _speech()
    return _finish(perturb(y, sr, "phase", 90.0), sr)


@clip(
    "loss_noise_20db",
    title="White noise at 20 dB SNR",
    caption="Seeded white Gaussian noise added to the reference speech at 20 dB SNR, the "
    "noise of the loss atlas (noise power one hundredth of the speech power over the clip).",
)
def loss_noise_20db():
    y, sr = _speech()
    return _finish(perturb(y, sr, "noise", 20.0), sr)


@clip(
    "loss_lowpass_2khz",
    title="Low-passed at 2 kHz",
    caption="The reference speech through an 8th-order Butterworth low-pass at 2 kHz, run "
    "forward and backward (zero phase): muffled, but the waveform changes little.",
)
def loss_lowpass_2khz():
    y, sr = _speech()
    return _finish(perturb(y, sr, "lowpass", 2000.0), sr)
