"""Clips for the losses chapter: one speech clip under the controlled changes of the loss atlas.

The changes are `audioml.losses.atlas.perturb`, the same function the loss-atlas figures
measure with, so what you hear is what the figures measured.

See the page [The loss catalogue](../losses/catalogue.md).
"""

from __future__ import annotations

import numpy as np

from ..losses.atlas import perturb
from ..signals import fade, load_speech
from . import clip


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
