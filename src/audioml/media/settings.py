"""Clips for the setting pages: the denoising task's input, every setting's output, the oracles.

All clips come from one `audioml.settings.run_settings(**DEFAULTS)` run (cached for the
process): the test sentence `fox_male` at 22.05 kHz, 3.0 s. Each clip is normalised to
the same peak, -3 dBFS, so levels do not bias the comparison, and gets 10 ms fades.
"""

from __future__ import annotations

import functools

import numpy as np

from ..settings import N_ITER, default_results
from ..signals import fade
from . import clip

__all__ = ["CLIPS", "PEAK_DBFS", "results"]

#: Peak level of every clip in this chapter (dBFS).
PEAK_DBFS = -3.0

_TASK = "'The quick brown fox jumps over the lazy dog.' (fox_male, 22.05 kHz)"
_NOISY = f"{_TASK} plus white Gaussian noise at 5 dB SNR (seed 0)"
_STFT = "STFT n_fft 1024, hop 256, Hann"
_LEVEL = "Normalised to a -3 dBFS peak, 10 ms fades."

#: clip name -> (output key of `run_settings`, title, what was done).
CLIPS = {
    "settings_clean": ("clean", "Clean speech (the target)", f"{_TASK}, unprocessed."),
    "settings_noisy": ("noisy", "Noisy input, 5 dB SNR", f"{_NOISY}: the input of every setting."),
    "settings_s1_linear": (
        "s1_linear",
        "Setting 1, linear mask, noisy phase",
        f"The noisy input, {_STFT}; a ridge-regression mask per frequency bin scales the noisy "
        "magnitude; the noisy phase is reused; inverse STFT.",
    ),
    "settings_s1_mel": (
        "s1_mel",
        "Setting 1, mel mask, noisy phase",
        f"As the linear mask, but the model predicts a mask for 64 mel bands, spread back to the "
        f"513 bins through the normalised transposed filter bank; noisy phase; {_STFT}.",
    ),
    "settings_s2_gla": (
        "s2_linear_gla",
        "Setting 2, classic Griffin-Lim",
        f"The setting-1 linear model's magnitude, phase thrown away and rebuilt by {N_ITER} "
        "iterations of Griffin-Lim (momentum 0) from a random phase.",
    ),
    "settings_s2_fgla": (
        "s2_linear_fgla",
        "Setting 2, fast Griffin-Lim",
        f"The same magnitude; phase from {N_ITER} iterations of fast Griffin-Lim (momentum 0.99) "
        "from a random phase.",
    ),
    "settings_s2_pghi_gl": (
        "s2_linear_pghi-gl",
        "Setting 2, PGHI + fast Griffin-Lim",
        f"The same magnitude; phase from PGHI, refined by {N_ITER} iterations of fast "
        "Griffin-Lim (momentum 0.99).",
    ),
    "settings_s2_mel_pghi_gl": (
        "s2_mel_pghi-gl",
        "Setting 2, mel: NNLS inverse, PGHI + GL",
        "The mel model's clean-mel estimate (64 bands) mapped back to 513 bins by non-negative "
        f"least squares, then PGHI + {N_ITER} iterations of fast Griffin-Lim.",
    ),
    "settings_s3_fir": (
        "s3_fir",
        "Setting 3, FIR filter on the waveform",
        "The noisy waveform through a 401-tap centred FIR filter fitted by least squares "
        "(a Wiener filter) on the training clips; no STFT, no phase step.",
    ),
    "settings_oracle_noisy_phase": (
        "oracle_noisy_phase",
        "Oracle: clean magnitude, noisy phase",
        f"The clean clip's STFT magnitude with the noisy input's phase, inverse STFT ({_STFT}): "
        "the best any setting-1 model could do.",
    ),
    "settings_oracle_fgla": (
        "oracle_fgla",
        "Oracle: clean magnitude, fast Griffin-Lim",
        f"The clean clip's STFT magnitude, phase from {N_ITER} iterations of fast Griffin-Lim "
        "(momentum 0.99) from a random phase.",
    ),
    "settings_oracle_pghi_gl": (
        "oracle_pghi-gl",
        "Oracle: clean magnitude, PGHI + GL",
        f"The clean clip's STFT magnitude, phase from PGHI + {N_ITER} iterations of fast "
        "Griffin-Lim.",
    ),
    "settings_oracle_mel_pghi_gl": (
        "oracle_mel_pghi-gl",
        "Oracle: clean mel, NNLS inverse, PGHI + GL",
        "The clean clip's 64-band mel magnitude mapped back to 513 bins by non-negative least "
        f"squares, then PGHI + {N_ITER} iterations of fast Griffin-Lim: what mel inversion loses.",
    ),
}


#: The settings run at `DEFAULTS`, computed once per process and shared by the figures,
#: the clips and their alt texts (`audioml.settings.default_results`).
results = default_results


def _render(key: str) -> tuple[np.ndarray, int]:
    res = results()
    y = res.task.clean if key == "clean" else res.outputs[key]
    y = fade(y - y.mean(), sr=res.task.sr, seconds=0.01)
    return y * (10 ** (PEAK_DBFS / 20) / np.abs(y).max()), res.task.sr


def _register(name: str, key: str, title: str, caption: str) -> None:
    clip(name, title=title, caption=f"{caption} {_LEVEL}")(functools.partial(_render, key))


for _name, (_key, _title, _caption) in CLIPS.items():
    _register(_name, _key, _title, _caption)
