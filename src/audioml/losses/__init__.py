"""Loss functions for audio models: waveform, ratio (SNR family) and spectral losses.

Every function takes `(estimate, target)`, two 1-D signals of equal length, plus
keyword-only options, and returns one Python `float`. The definitions and defaults are
those of auraloss 0.4.0 (Steinmetz & Reiss, 2020), the library most audio-ML code uses,
and `tests/crosscheck/test_auraloss.py` proves the values agree (run `make crosscheck`).
The perceptual pre-filters that go with them (`pre_emphasis`, `a_weighting_filter`) are in
`audioml.prefilters` (re-exported here, documented there): filter both signals, then call any
loss.

| group | functions | at `estimate == target` |
|---|---|---|
| waveform | `l1_loss`, `mse_loss`, `esr_loss`, `dc_loss`, `log_cosh_loss` | 0 (*) |
| ratios, dB | `snr`, `si_sdr`, `sd_sdr` (higher is better) | ceiling (**) |
| spectral | `spectral_convergence_loss`, `log_stft_magnitude_loss`, `stft_loss`, | 0 |
| | `mel_stft_loss`, `multi_resolution_stft_loss` | 0 |

(*) log-cosh gives $\\ln(1+\\epsilon)/a$, about 1e-8. (**) $10\\lg(\\lVert s\\rVert^2/\\epsilon
+ \\epsilon)$ with the default `eps=1e-8`; `inf` with a warning when `eps=0`.

Deliberate differences from auraloss 0.4.0 (each one is tested or measured):

- **Signals, not batches.** Inputs are single 1-D signals and the result is a float;
  auraloss takes `(batch, channels, samples)` tensors and averages per-signal values
  (`reduction="mean"`). For one signal the values are equal. For a batch, auraloss's
  `SpectralConvergenceLoss` takes one Frobenius norm over the whole batch tensor,
  $\\lVert Y - X\\rVert_F / \\lVert Y\\rVert_F$, which is *not* the mean of the per-signal
  values (loud items dominate); average our per-signal values if you want that.
- **Signs.** `snr`, `si_sdr` and `sd_sdr` return the ratio in dB (higher is better), the
  number papers report. auraloss's `SNRLoss`, `SISDRLoss` and `SDSDRLoss` return its
  negative; use `-si_sdr(...)` as a loss.
- **Refusals instead of huge numbers.** A silent target (all zeros, or constant when
  `zero_mean=True`) makes every ratio meaningless: where auraloss divides by `eps` and
  returns about $10^8$ times the error, we raise `ParameterError` (ESR, DC, SNR family and
  every loss with a spectral-convergence term). Length/shape mismatches, NaN or inf
  samples, signals shorter than `n_fft` and an empty resolution list raise too.
- **Perfect estimates.** With the default `eps=1e-8` the ratios behave as auraloss's: a
  perfect estimate gives the finite ceiling $10\\lg(\\lVert s\\rVert^2/\\epsilon + \\epsilon)$
  (about 110 dB for a unit-power second of audio). With `eps=0` they return `inf`
  and warn (`RuntimeWarning`): never a silent `inf`.
- **Precision.** Everything is computed in float64; auraloss runs in the dtype of its
  input (float32 in practice), and its mel basis is librosa's float32 default. Both
  agree to rtol 1e-5 when auraloss runs in float64 (measured: 1e-15, the mel loss 1e-9);
  in float32 the measured worst relative difference is 2e-5 (log-cosh), 2e-6 for the
  spectral losses. auraloss's STFT window is built in float32 even for float64 input,
  which lifts the sidelobe floor and moves the log magnitudes of very sparse spectra
  (a pure harmonic tone) by about 1e-4 relative.
- **Numerically stable log-cosh.** auraloss evaluates `log(cosh(a x) + eps)`, which
  overflows to `inf` for $|a x| > 710$; we evaluate the same quantity as
  $|z| + \\log(1 + e^{-2|z|}) - \\log 2 + \\log(1 + \\epsilon/\\cosh z)$.
- **Same STFT as auraloss, by default.** `torch.stft` (auraloss) pads centred frames by
  *reflection*, librosa >= 0.9.0 with zeros; the spectral losses here default to
  `pad_mode="reflect"` so the values match auraloss, and accept `"constant"` for librosa's
  framing. The STFT itself is `audioml.spectral.stft`.

See the page [The loss catalogue](../losses/catalogue.md).
"""

from __future__ import annotations

from ..prefilters import a_weighting_filter, pre_emphasis
from .ratios import sd_sdr, si_sdr, snr
from .spectral import (
    MRSTFT_RESOLUTIONS,
    log_stft_magnitude_loss,
    mel_stft_loss,
    multi_resolution_stft_loss,
    spectral_convergence_loss,
    stft_loss,
)
from .waveform import dc_loss, esr_loss, l1_loss, log_cosh_loss, mse_loss

__all__ = [
    "MRSTFT_RESOLUTIONS",
    "a_weighting_filter",
    "dc_loss",
    "esr_loss",
    "l1_loss",
    "log_cosh_loss",
    "log_stft_magnitude_loss",
    "mel_stft_loss",
    "mse_loss",
    "multi_resolution_stft_loss",
    "pre_emphasis",
    "sd_sdr",
    "si_sdr",
    "snr",
    "spectral_convergence_loss",
    "stft_loss",
]
