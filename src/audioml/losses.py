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
  *reflection*, librosa >= 0.10 with zeros; the spectral losses here default to
  `pad_mode="reflect"` so the values match auraloss, and accept `"constant"` for librosa's
  framing. The STFT itself is `audioml.spectral.stft`.

See the page [The loss catalogue](../losses/catalogue.md).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from ._validate import check_array, check_choice, check_int, check_real, check_same_shape
from .errors import ParameterError
from .prefilters import a_weighting_filter, pre_emphasis

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

# --8<-- [start:resolutions]
MRSTFT_RESOLUTIONS: tuple[tuple[int, int, int], ...] = (
    (1024, 120, 600),
    (2048, 240, 1200),
    (512, 50, 240),
)
# --8<-- [end:resolutions]
"""Parallel WaveGAN's `(n_fft, hop_length, win_length)` triples (Yamamoto et al., 2020): the
default of `multi_resolution_stft_loss` and of auraloss's `MultiResolutionSTFTLoss`."""

_PAD_MODES = ("reflect", "constant")


# --------------------------------------------------------------------------------------
# shared checks
# --------------------------------------------------------------------------------------


def _pair(estimate: Any, target: Any) -> tuple[np.ndarray, np.ndarray]:
    """Both signals as finite float64 1-D arrays of the same length."""
    for name, value in (("estimate", estimate), ("target", target)):
        if np.iscomplexobj(value):
            raise ParameterError(f"{name} must be real; got a complex array")
    x = check_array("estimate", estimate, ndim=1, min_size=1)
    t = check_array("target", target, ndim=1, min_size=1)
    check_same_shape("estimate", x, "target", t)
    return x, t


def _check_not_silent(t: np.ndarray, *, what: str) -> None:
    if not np.any(t):
        raise ParameterError(
            f"target must not be all zeros: {what} divides by the target's energy; "
            f"got {t.size} zero samples"
        )


def _check_eps(eps: Any) -> float:
    return check_real("eps", eps, low=0)


# --------------------------------------------------------------------------------------
# waveform losses
# --------------------------------------------------------------------------------------


def l1_loss(estimate: np.ndarray, target: np.ndarray) -> float:
    """Mean absolute error between two waveforms.

    Parameters
    ----------
    estimate, target : np.ndarray, shape (n,)
        Finite real samples, same length.

    Returns
    -------
    float
        $\\frac{1}{N}\\sum_n |\\hat{s}_n - s_n|$, 0 for a perfect estimate.

    Raises
    ------
    ParameterError
        Different lengths, non-1-D, empty, complex or non-finite input.

    Notes
    -----
    $$\\mathcal{L}_1 = \\frac{1}{N}\\sum_{n=0}^{N-1} |\\hat{s}[n] - s[n]|$$
    Equal to `torch.nn.L1Loss()` (mean reduction). Sensitive to every change of the
    waveform: gain, delay, polarity and phase.

    See the page [The loss catalogue](../losses/catalogue.md).

    Examples
    --------
    >>> l1_loss([0.0, 1.0, -1.0], [0.5, 1.0, 0.0])
    0.5
    """
    x, t = _pair(estimate, target)
    # --8<-- [start:l1]
    return float(np.mean(np.abs(x - t)))
    # --8<-- [end:l1]


def mse_loss(estimate: np.ndarray, target: np.ndarray) -> float:
    """Mean squared error between two waveforms.

    Parameters
    ----------
    estimate, target : np.ndarray, shape (n,)
        Finite real samples, same length.

    Returns
    -------
    float
        $\\frac{1}{N}\\sum_n (\\hat{s}_n - s_n)^2$, 0 for a perfect estimate.

    Raises
    ------
    ParameterError
        Different lengths, non-1-D, empty, complex or non-finite input.

    Notes
    -----
    $$\\mathcal{L}_2 = \\frac{1}{N}\\sum_{n=0}^{N-1} (\\hat{s}[n] - s[n])^2$$
    Equal to `torch.nn.MSELoss()` (mean reduction).

    See the page [The loss catalogue](../losses/catalogue.md).

    Examples
    --------
    >>> round(mse_loss([0.0, 1.0, -1.0], [0.5, 1.0, 0.0]), 6)  # (0.25 + 0 + 1) / 3
    0.416667
    """
    x, t = _pair(estimate, target)
    # --8<-- [start:mse]
    return float(np.mean((x - t) ** 2))
    # --8<-- [end:mse]


def esr_loss(estimate: np.ndarray, target: np.ndarray, *, eps: float = 1e-8) -> float:
    """Error-to-signal ratio: the error energy relative to the target energy.

    Parameters
    ----------
    estimate, target : np.ndarray, shape (n,)
        Finite real samples, same length; the target must not be all zeros.
    eps : float
        Added to the denominator, `>= 0` (auraloss's default 1e-8).

    Returns
    -------
    float
        0 for a perfect estimate, 1 for a silent estimate, 4 for a polarity flip.

    Raises
    ------
    ParameterError
        Bad signals (see `l1_loss`), an all-zero target, or `eps < 0`.

    Notes
    -----
    $$\\mathrm{ESR} = \\frac{\\sum_n (s[n] - \\hat{s}[n])^2}{\\sum_n s[n]^2 + \\epsilon}$$
    Wright & Välimäki (2019), "Perceptual loss function for neural modelling of audio
    systems", arXiv:1911.08922; as auraloss `ESRLoss(eps=1e-8)`. ESR is an MSE
    normalised by the target's energy, so it does not depend on the overall level.

    See the page [The loss catalogue](../losses/catalogue.md).

    Examples
    --------
    >>> round(esr_loss([0.0, 0.0], [1.0, -1.0]), 6)
    1.0
    >>> round(esr_loss([-1.0, 1.0], [1.0, -1.0]), 6)
    4.0
    """
    x, t = _pair(estimate, target)
    eps = _check_eps(eps)
    # --8<-- [start:esr]
    _check_not_silent(t, what="the error-to-signal ratio")
    return float(np.sum((t - x) ** 2) / (np.sum(t**2) + eps))
    # --8<-- [end:esr]


def dc_loss(estimate: np.ndarray, target: np.ndarray, *, eps: float = 1e-8) -> float:
    """DC loss: the squared mean error relative to the target's mean power.

    Parameters
    ----------
    estimate, target : np.ndarray, shape (n,)
        Finite real samples, same length; the target must not be all zeros.
    eps : float
        Added to the denominator, `>= 0` (auraloss's default 1e-8).

    Returns
    -------
    float
        0 when the estimate has the target's mean (DC offset), whatever else differs.

    Raises
    ------
    ParameterError
        Bad signals (see `l1_loss`), an all-zero target, or `eps < 0`.

    Notes
    -----
    $$\\mathcal{L}_{DC} = \\frac{\\left(\\frac{1}{N}\\sum_n (s[n] - \\hat{s}[n])\\right)^2}
    {\\frac{1}{N}\\sum_n s[n]^2 + \\epsilon}$$
    Wright & Välimäki (2019), arXiv:1911.08922, eq. (5); as auraloss `DCLoss(eps=1e-8)`.
    Used beside ESR to penalise only a constant offset.

    See the page [The loss catalogue](../losses/catalogue.md).

    Examples
    --------
    >>> round(dc_loss([1.5, -0.5], [1.0, -1.0]), 6)
    0.25
    """
    x, t = _pair(estimate, target)
    eps = _check_eps(eps)
    # --8<-- [start:dc]
    _check_not_silent(t, what="the DC loss")
    return float(np.mean(t - x) ** 2 / (np.mean(t**2) + eps))
    # --8<-- [end:dc]


# --8<-- [start:log_cosh_stable]
def _log_cosh(z: np.ndarray) -> np.ndarray:
    """log(cosh(z)) without overflow."""
    a = np.abs(z)
    return a + np.log1p(np.exp(-2.0 * a)) - math.log(2.0)
    # --8<-- [end:log_cosh_stable]


def log_cosh_loss(
    estimate: np.ndarray, target: np.ndarray, *, a: float = 1.0, eps: float = 1e-8
) -> float:
    """Log-cosh loss: quadratic for small errors, linear (L1-like) for large ones.

    Parameters
    ----------
    estimate, target : np.ndarray, shape (n,)
        Finite real samples, same length.
    a : float
        Sharpness, `> 0` (auraloss default 1.0): the loss is quadratic for
        $|e| \\ll 1/a$ and about $|e| - \\ln 2 / a$ beyond.
    eps : float
        Added inside the logarithm, `>= 0` (auraloss default 1e-8). It makes the loss of a
        perfect estimate $\\ln(1 + \\epsilon)/a \\approx 10^{-8}$ rather than 0; pass
        `eps=0` for an exact zero.

    Returns
    -------
    float

    Raises
    ------
    ParameterError
        Bad signals (see `l1_loss`), `a <= 0` or `eps < 0`.

    Notes
    -----
    $$\\mathcal{L} = \\frac{1}{N}\\sum_n \\frac{1}{a}\\log\\bigl(\\cosh(a(\\hat{s}[n] - s[n]))
    + \\epsilon\\bigr)$$
    Chen et al. (2019), "Log hyperbolic cosine loss improves variational auto-encoder",
    ICLR submission (openreview rkglvsC9Ym); as auraloss `LogCoshLoss(a=1.0, eps=1e-8)`.
    Evaluated stably (no overflow of `cosh` for large errors), which auraloss is not.

    See the page [The loss catalogue](../losses/catalogue.md).

    Examples
    --------
    >>> round(log_cosh_loss([0.0], [1.0], eps=0.0), 6)  # ln(cosh 1)
    0.433781
    >>> log_cosh_loss([5.0], [5.0], eps=0.0)
    0.0
    """
    x, t = _pair(estimate, target)
    a = check_real("a", a, low=0, low_open=True)
    eps = _check_eps(eps)
    # --8<-- [start:log_cosh]
    lc = _log_cosh(a * (x - t))
    # log(cosh z + eps) = log cosh z + log1p(eps / cosh z), with 1/cosh z = exp(-log cosh z)
    values = (lc + np.log1p(eps * np.exp(-lc))) / a
    return float(np.mean(values))
    # --8<-- [end:log_cosh]


# --------------------------------------------------------------------------------------
# ratios (dB, higher is better)
# --------------------------------------------------------------------------------------


def _ratio_inputs(
    estimate: Any, target: Any, zero_mean: Any, eps: Any, what: str
) -> tuple[np.ndarray, np.ndarray, float]:
    x, t = _pair(estimate, target)
    eps = _check_eps(eps)
    if not isinstance(zero_mean, bool | np.bool_):
        raise ParameterError(f"zero_mean must be True or False; got {zero_mean!r}")
    if zero_mean:
        x = x - x.mean()
        t = t - t.mean()
    if not np.any(t):
        detail = " (constant, so all zeros after removing its mean)" if zero_mean else ""
        raise ParameterError(
            f"target must not be silent: {what} divides by the target's energy; "
            f"got a target that is all zeros{detail}"
        )
    return x, t, eps


# --8<-- [start:db_ratio]
def _db_ratio(num: float, den: float, eps: float) -> float:
    """10 lg(num / (den + eps) + eps), auraloss's formula; inf only when eps == 0."""
    if den + eps == 0.0:
        warnings.warn(
            "perfect estimate with eps=0: the ratio is +inf dB (pass eps > 0 for a finite ceiling)",
            RuntimeWarning,
            stacklevel=3,
        )
        return math.inf
    value = num / (den + eps) + eps
    if value == 0.0:  # only with eps == 0 and a zero numerator (SI-SDR of an orthogonal estimate)
        warnings.warn(
            "the scaled target has zero energy with eps=0: the ratio is -inf dB",
            RuntimeWarning,
            stacklevel=3,
        )
        return -math.inf
    return float(10.0 * np.log10(value))
    # --8<-- [end:db_ratio]


def snr(
    estimate: np.ndarray, target: np.ndarray, *, zero_mean: bool = True, eps: float = 1e-8
) -> float:
    """Signal-to-noise ratio of an estimate, in dB (higher is better).

    Parameters
    ----------
    estimate, target : np.ndarray, shape (n,)
        Finite real samples, same length; the target must not be silent.
    zero_mean : bool
        Subtract each signal's mean first (default True, as auraloss).
    eps : float
        Stabiliser, `>= 0` (default 1e-8, as auraloss): see Notes.

    Returns
    -------
    float
        SNR in dB. A perfect estimate gives the ceiling $10\\lg(\\lVert s\\rVert^2/\\epsilon +
        \\epsilon)$; with `eps=0` it gives `inf` and warns.

    Raises
    ------
    ParameterError
        Bad signals (see `l1_loss`), a silent target, `eps < 0`.

    Notes
    -----
    $$\\mathrm{SNR} = 10\\log_{10}\\left(\\frac{\\lVert s\\rVert^2}{\\lVert s - \\hat{s}\\rVert^2
    + \\epsilon} + \\epsilon\\right)$$
    Scale-*dependent*: changing the estimate's gain changes it. auraloss `SNRLoss` returns
    the negative of this value (use `-snr(...)` as a loss). Le Roux et al. (2019),
    "SDR - half-baked or well done?", ICASSP, pp. 626-630.

    See the page [The loss catalogue](../losses/catalogue.md).

    Examples
    --------
    >>> s = np.array([1.0, -1.0, 1.0, -1.0])
    >>> round(snr(0.9 * s, s), 3)  # error 10 % of the amplitude: 20 dB
    20.0
    """
    # --8<-- [start:snr]
    x, t, eps = _ratio_inputs(estimate, target, zero_mean, eps, "SNR")
    return _db_ratio(float(np.sum(t**2)), float(np.sum((x - t) ** 2)), eps)
    # --8<-- [end:snr]


# --8<-- [start:scaled_target]
def _scaled_target(x: np.ndarray, t: np.ndarray, eps: float) -> np.ndarray:
    alpha = np.dot(x, t) / (np.dot(t, t) + eps)
    return alpha * t
    # --8<-- [end:scaled_target]


def si_sdr(
    estimate: np.ndarray, target: np.ndarray, *, zero_mean: bool = True, eps: float = 1e-8
) -> float:
    """Scale-invariant signal-to-distortion ratio (SI-SDR), in dB (higher is better).

    Parameters
    ----------
    estimate, target : np.ndarray, shape (n,)
        Finite real samples, same length; the target must not be silent.
    zero_mean : bool
        Subtract each signal's mean first (default True, as auraloss).
    eps : float
        Stabiliser, `>= 0` (default 1e-8, as auraloss).

    Returns
    -------
    float
        SI-SDR in dB; unchanged when the estimate is multiplied by any non-zero gain
        (even a negative one). A perfect estimate gives the finite ceiling (see `snr`).

    Raises
    ------
    ParameterError
        Bad signals (see `l1_loss`), a silent target, `eps < 0`.

    Notes
    -----
    With $\\alpha = \\langle \\hat{s}, s\\rangle / (\\lVert s\\rVert^2 + \\epsilon)$ the
    optimal scaling of the target,
    $$\\mathrm{SI\\text{-}SDR} = 10\\log_{10}\\left(\\frac{\\lVert \\alpha s\\rVert^2}
    {\\lVert \\alpha s - \\hat{s}\\rVert^2 + \\epsilon} + \\epsilon\\right)$$
    Le Roux, Wisdom, Erdogan & Hershey (2019), "SDR - half-baked or well done?", ICASSP,
    pp. 626-630. auraloss `SISDRLoss` returns the negative.

    See the page [The loss catalogue](../losses/catalogue.md).

    Examples
    --------
    >>> s = np.array([1.0, -1.0, 1.0, -1.0])
    >>> n = np.array([0.1, 0.1, -0.1, -0.1])  # orthogonal to s
    >>> round(si_sdr(s + n, s), 3), round(si_sdr(5 * (s + n), s), 3)
    (20.0, 20.0)
    """
    # --8<-- [start:si_sdr]
    x, t, eps = _ratio_inputs(estimate, target, zero_mean, eps, "SI-SDR")
    st = _scaled_target(x, t, eps)
    return _db_ratio(float(np.sum(st**2)), float(np.sum((x - st) ** 2)), eps)
    # --8<-- [end:si_sdr]


def sd_sdr(
    estimate: np.ndarray, target: np.ndarray, *, zero_mean: bool = True, eps: float = 1e-8
) -> float:
    """Scale-dependent signal-to-distortion ratio (SD-SDR), in dB (higher is better).

    Parameters
    ----------
    estimate, target : np.ndarray, shape (n,)
        Finite real samples, same length; the target must not be silent.
    zero_mean : bool
        Subtract each signal's mean first (default True, as auraloss).
    eps : float
        Stabiliser, `>= 0` (default 1e-8, as auraloss).

    Returns
    -------
    float
        SD-SDR in dB: the SI-SDR numerator over the *unscaled* error, so a wrong gain
        is penalised (SD-SDR <= SNR-like behaviour, and SD-SDR <= SI-SDR).

    Raises
    ------
    ParameterError
        Bad signals (see `l1_loss`), a silent target, `eps < 0`.

    Notes
    -----
    $$\\mathrm{SD\\text{-}SDR} = 10\\log_{10}\\left(\\frac{\\lVert \\alpha s\\rVert^2}
    {\\lVert s - \\hat{s}\\rVert^2 + \\epsilon} + \\epsilon\\right),\\quad
    \\alpha = \\frac{\\langle \\hat{s}, s\\rangle}{\\lVert s\\rVert^2 + \\epsilon}$$
    Le Roux et al. (2019), ICASSP, eq. (7). auraloss `SDSDRLoss` returns the negative.

    See the page [The loss catalogue](../losses/catalogue.md).

    Examples
    --------
    >>> s = np.array([1.0, -1.0, 1.0, -1.0])
    >>> round(sd_sdr(0.5 * s, s), 3)  # alpha = 0.5: 10 lg(0.25 / 0.25)
    0.0
    """
    # --8<-- [start:sd_sdr]
    x, t, eps = _ratio_inputs(estimate, target, zero_mean, eps, "SD-SDR")
    st = _scaled_target(x, t, eps)
    return _db_ratio(float(np.sum(st**2)), float(np.sum((x - t) ** 2)), eps)
    # --8<-- [end:sd_sdr]


# --------------------------------------------------------------------------------------
# spectral losses
# --------------------------------------------------------------------------------------


def _stft_options(
    n_fft: Any, hop_length: Any, win_length: Any, pad_mode: Any, eps: Any
) -> tuple[int, int, int, float]:
    n_fft = check_int("n_fft", n_fft, low=2)
    win_length = n_fft if win_length is None else check_int("win_length", win_length, low=1)
    if win_length > n_fft:
        raise ParameterError(f"win_length must be <= n_fft={n_fft}; got {win_length}")
    hop_length = (
        max(win_length // 4, 1)
        if hop_length is None
        else check_int("hop_length", hop_length, low=1)
    )
    check_choice("pad_mode", pad_mode, _PAD_MODES)
    eps = check_real("eps", eps, low=0, low_open=True)
    return n_fft, hop_length, win_length, eps


# --8<-- [start:stft_terms]
def _magnitude(
    y: np.ndarray,
    *,
    n_fft: int,
    hop_length: int,
    win_length: int,
    window: Any,
    center: bool,
    pad_mode: str,
    eps: float,
) -> np.ndarray:
    """auraloss's magnitude: sqrt(clamp(re^2 + im^2, min=eps)), shape (bins, frames)."""
    from .spectral import stft

    if y.size < n_fft:
        raise ParameterError(
            f"estimate and target must have at least n_fft={n_fft} samples; got {y.size}"
        )
    D = stft(
        y,
        n_fft=n_fft,
        hop_length=hop_length,
        win_length=win_length,
        window=window,
        center=bool(center),
        pad_mode=pad_mode,
    )
    return np.sqrt(np.maximum(D.real**2 + D.imag**2, eps))


def _sc(x_mag: np.ndarray, y_mag: np.ndarray) -> float:
    return float(np.linalg.norm(y_mag - x_mag) / np.linalg.norm(y_mag))


def _log_mag(x_mag: np.ndarray, y_mag: np.ndarray) -> float:
    return float(np.mean(np.abs(np.log(y_mag) - np.log(x_mag))))


def _lin_mag(x_mag: np.ndarray, y_mag: np.ndarray) -> float:
    return float(np.mean(np.abs(y_mag - x_mag)))
    # --8<-- [end:stft_terms]


def _check_weights(w_sc: Any, w_log_mag: Any, w_lin_mag: Any) -> tuple[float, float, float]:
    w = (
        check_real("w_sc", w_sc, low=0),
        check_real("w_log_mag", w_log_mag, low=0),
        check_real("w_lin_mag", w_lin_mag, low=0),
    )
    if not any(w):
        raise ParameterError("w_sc, w_log_mag and w_lin_mag must not all be 0; got 0, 0, 0")
    return w


def _stft_terms(
    x: np.ndarray,
    t: np.ndarray,
    *,
    n_fft: int,
    hop_length: int | None,
    win_length: int | None,
    window: Any,
    center: bool,
    pad_mode: str,
    eps: float,
    basis: np.ndarray | None = None,
) -> tuple[float, float, float]:
    """(spectral convergence, log-magnitude L1, linear-magnitude L1) at one resolution."""
    n_fft, hop_length, win_length, eps = _stft_options(n_fft, hop_length, win_length, pad_mode, eps)
    options = {
        "n_fft": n_fft,
        "hop_length": hop_length,
        "win_length": win_length,
        "window": window,
        "center": center,
        "pad_mode": pad_mode,
        "eps": eps,
    }
    x_mag = _magnitude(x, **options)
    t_mag = _magnitude(t, **options)
    if basis is not None:
        x_mag = basis @ x_mag
        t_mag = basis @ t_mag
    return _sc(x_mag, t_mag), _log_mag(x_mag, t_mag), _lin_mag(x_mag, t_mag)


def spectral_convergence_loss(
    estimate: np.ndarray,
    target: np.ndarray,
    *,
    n_fft: int = 1024,
    hop_length: int | None = 256,
    win_length: int | None = 1024,
    window: Any = "hann",
    center: bool = True,
    pad_mode: str = "reflect",
    eps: float = 1e-8,
) -> float:
    """Spectral convergence: the relative Frobenius error of the STFT magnitudes.

    Parameters
    ----------
    estimate, target : np.ndarray, shape (n,)
        Finite real samples, same length, `n >= n_fft`; the target must not be silent.
    n_fft
        STFT frame, hop and window lengths in samples (auraloss `STFTLoss` defaults
        1024, 256, 1024). `None` means librosa's defaults (`n_fft`, `win_length // 4`).
    hop_length
        As for `n_fft`.
    win_length
        As for `n_fft`.
    window : str, tuple or np.ndarray
        Window spec for `audioml.spectral.stft` (default periodic Hann, like
        `torch.hann_window`).
    center
        Centre the frames, padding `n_fft // 2` samples by reflection (default, as
        `torch.stft` in auraloss) or zeros (librosa >= 0.10).
    pad_mode
        As for `center`.
    eps : float
        Floor of the squared magnitude, `> 0`: $|X| = \\sqrt{\\max(|X|^2, \\epsilon)}$.

    Returns
    -------
    float
        0 for a perfect estimate, 1 for a silent estimate (up to `eps`).

    Raises
    ------
    ParameterError
        Bad signals (see `l1_loss`), a silent target, a signal shorter than `n_fft`, or
        bad STFT options.

    Notes
    -----
    $$\\mathcal{L}_{sc} = \\frac{\\lVert |S| - |\\hat{S}| \\rVert_F}{\\lVert |S| \\rVert_F}$$
    Arik, Jun & Diamos (2019), "Fast spectrogram inversion using multi-head convolutional
    neural networks", IEEE SPL 26(1); Yamamoto et al. (2020), Parallel WaveGAN, ICASSP.
    As auraloss `STFTLoss(w_sc=1, w_log_mag=0)` for one signal; for a batch auraloss takes
    one norm over the whole batch tensor (see the module notes).

    See the page [The loss catalogue](../losses/catalogue.md).

    Examples
    --------
    >>> from audioml.signals import white_noise
    >>> y = white_noise(duration=0.5, rng=0)
    >>> round(spectral_convergence_loss(0.5 * y, y), 4)  # |0.5 S - S| / |S|
    0.5
    """
    x, t = _pair(estimate, target)
    _check_not_silent(t, what="spectral convergence")
    sc, _, _ = _stft_terms(
        x,
        t,
        n_fft=n_fft,
        hop_length=hop_length,
        win_length=win_length,
        window=window,
        center=center,
        pad_mode=pad_mode,
        eps=eps,
    )
    return sc


def log_stft_magnitude_loss(
    estimate: np.ndarray,
    target: np.ndarray,
    *,
    n_fft: int = 1024,
    hop_length: int | None = 256,
    win_length: int | None = 1024,
    window: Any = "hann",
    center: bool = True,
    pad_mode: str = "reflect",
    eps: float = 1e-8,
) -> float:
    """Mean absolute difference of the log STFT magnitudes (natural log).

    Parameters
    ----------
    estimate, target : np.ndarray, shape (n,)
        Finite real samples, same length, `n >= n_fft`. A silent target is allowed
        (its magnitudes are the floor $\\sqrt{\\epsilon}$).
    n_fft
        As in `spectral_convergence_loss`.
    hop_length
        As in `spectral_convergence_loss`.
    win_length
        As in `spectral_convergence_loss`.
    window
        As in `spectral_convergence_loss`.
    center
        As in `spectral_convergence_loss`.
    pad_mode
        As in `spectral_convergence_loss`.
    eps
        As in `spectral_convergence_loss`.

    Returns
    -------
    float
        0 for a perfect estimate; $|\\ln g|$ for an estimate scaled by a gain $g$ (where
        no bin sits on the floor).

    Raises
    ------
    ParameterError
        Bad signals (see `l1_loss`), a signal shorter than `n_fft`, bad STFT options.

    Notes
    -----
    $$\\mathcal{L}_{mag} = \\frac{1}{KM}\\sum_{k,m}
    \\bigl|\\ln|S_{k,m}| - \\ln|\\hat{S}_{k,m}|\\bigr|$$
    Arik et al. (2019); Yamamoto et al. (2020). As auraloss `STFTMagnitudeLoss(log=True,
    distance="L1")`. Every bin counts equally, so quiet bins (high frequencies,
    silences) weigh as much as loud ones, unlike spectral convergence.

    See the page [The loss catalogue](../losses/catalogue.md).

    Examples
    --------
    >>> from audioml.signals import white_noise
    >>> y = white_noise(duration=0.5, rng=0)
    >>> round(log_stft_magnitude_loss(0.5 * y, y), 4)  # ln 2
    0.6931
    """
    x, t = _pair(estimate, target)
    _, log_mag, _ = _stft_terms(
        x,
        t,
        n_fft=n_fft,
        hop_length=hop_length,
        win_length=win_length,
        window=window,
        center=center,
        pad_mode=pad_mode,
        eps=eps,
    )
    return log_mag


def stft_loss(
    estimate: np.ndarray,
    target: np.ndarray,
    *,
    n_fft: int = 1024,
    hop_length: int | None = 256,
    win_length: int | None = 1024,
    window: Any = "hann",
    center: bool = True,
    pad_mode: str = "reflect",
    w_sc: float = 1.0,
    w_log_mag: float = 1.0,
    w_lin_mag: float = 0.0,
    eps: float = 1e-8,
) -> float:
    """STFT loss: weighted spectral convergence + log-magnitude + linear-magnitude terms.

    Parameters
    ----------
    estimate, target : np.ndarray, shape (n,)
        Finite real samples, same length, `n >= n_fft`; the target must not be silent
        when `w_sc > 0`.
    n_fft
        As in `spectral_convergence_loss` (auraloss `STFTLoss` defaults).
    hop_length
        As in `spectral_convergence_loss` (auraloss `STFTLoss` defaults).
    win_length
        As in `spectral_convergence_loss` (auraloss `STFTLoss` defaults).
    window
        As in `spectral_convergence_loss` (auraloss `STFTLoss` defaults).
    center
        As in `spectral_convergence_loss` (auraloss `STFTLoss` defaults).
    pad_mode
        As in `spectral_convergence_loss` (auraloss `STFTLoss` defaults).
    eps
        As in `spectral_convergence_loss` (auraloss `STFTLoss` defaults).
    w_sc
        Weights `>= 0`, not all zero, of the three terms (auraloss defaults 1, 1, 0).
    w_log_mag
        Weights `>= 0`, not all zero, of the three terms (auraloss defaults 1, 1, 0).
    w_lin_mag
        Weights `>= 0`, not all zero, of the three terms (auraloss defaults 1, 1, 0).

    Returns
    -------
    float

    Raises
    ------
    ParameterError
        Bad signals, a silent target with `w_sc > 0`, bad options.

    Notes
    -----
    $$\\mathcal{L} = w_{sc}\\,\\mathcal{L}_{sc} + w_{log}\\,\\frac{1}{KM}\\sum|\\ln|S| -
    \\ln|\\hat{S}|| + w_{lin}\\,\\frac{1}{KM}\\sum\\bigl||S| - |\\hat{S}|\\bigr|$$
    Yamamoto, Song & Kim (2020), "Parallel WaveGAN", ICASSP, eq. (4)-(6); as auraloss
    `STFTLoss()` with its defaults (`w_phs=0`, no scale, no perceptual weighting).

    See the page [The loss catalogue](../losses/catalogue.md).

    Examples
    --------
    >>> from audioml.signals import white_noise
    >>> y = white_noise(duration=0.5, rng=0)
    >>> round(stft_loss(0.5 * y, y), 4)  # 0.5 + ln 2
    1.1931
    """
    x, t = _pair(estimate, target)
    w = _check_weights(w_sc, w_log_mag, w_lin_mag)
    if w[0]:
        _check_not_silent(t, what="spectral convergence (w_sc > 0)")
    terms = _stft_terms(
        x,
        t,
        n_fft=n_fft,
        hop_length=hop_length,
        win_length=win_length,
        window=window,
        center=center,
        pad_mode=pad_mode,
        eps=eps,
    )
    return float(sum(wi * ti for wi, ti in zip(w, terms, strict=True) if wi))


def mel_stft_loss(
    estimate: np.ndarray,
    target: np.ndarray,
    *,
    sr: float,
    n_fft: int = 1024,
    hop_length: int | None = 256,
    win_length: int | None = 1024,
    window: Any = "hann",
    center: bool = True,
    pad_mode: str = "reflect",
    n_mels: int = 128,
    fmin: float = 0.0,
    fmax: float | None = None,
    w_sc: float = 1.0,
    w_log_mag: float = 1.0,
    w_lin_mag: float = 0.0,
    eps: float = 1e-8,
) -> float:
    """STFT loss computed on mel-band magnitudes (librosa's default mel basis).

    Parameters
    ----------
    estimate, target : np.ndarray, shape (n,)
        Finite real samples, same length, `n >= n_fft`; the target must not be silent
        when `w_sc > 0`.
    sr : float
        Sampling rate in Hz (required: it places the mel bands).
    n_fft
        As in `spectral_convergence_loss`.
    hop_length
        As in `spectral_convergence_loss`.
    win_length
        As in `spectral_convergence_loss`.
    window
        As in `spectral_convergence_loss`.
    center
        As in `spectral_convergence_loss`.
    pad_mode
        As in `spectral_convergence_loss`.
    eps
        As in `spectral_convergence_loss`.
    n_mels
        The mel basis, `audioml.filterbanks.mel_filterbank(sr=sr, n_fft=n_fft,
        n_mels=n_mels, fmin=fmin, fmax=fmax)` (Slaney scale and norm, like librosa and
        auraloss `MelSTFTLoss(n_mels=128)`).
    fmin
        As for `n_mels`.
    fmax
        As for `n_mels`.
    w_sc
        As in `stft_loss`.
    w_log_mag
        As in `stft_loss`.
    w_lin_mag
        As in `stft_loss`.

    Returns
    -------
    float

    Raises
    ------
    ParameterError
        As `stft_loss`, and a mel basis with an empty band (too many mels for `n_fft`),
        whose log magnitude would be $-\\infty$.

    Notes
    -----
    With $M$ the mel basis and $|S|$ the floored magnitudes, the terms of `stft_loss` are
    evaluated on $M|S|$ and $M|\\hat{S}|$. As auraloss `MelSTFTLoss(sample_rate=sr)`;
    auraloss builds the basis in float32, we use float64. The log-mel L1 of HiFi-GAN
    (Kong et al., 2020) differs: it floors with `log(clamp(x, 1e-5))` after projection.

    See the page [The loss catalogue](../losses/catalogue.md).

    Examples
    --------
    >>> from audioml.signals import white_noise
    >>> y = white_noise(duration=0.5, rng=0)
    >>> round(mel_stft_loss(0.5 * y, y, sr=22050), 4)  # the mel projection is linear
    1.1931
    """
    from .filterbanks import mel_filterbank

    x, t = _pair(estimate, target)
    w = _check_weights(w_sc, w_log_mag, w_lin_mag)
    sr = check_real("sr", sr, low=0, low_open=True)
    n_fft_checked = check_int("n_fft", n_fft, low=2)
    n_mels = check_int("n_mels", n_mels, low=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # empty bands are reported below as an error
        basis = mel_filterbank(sr=sr, n_fft=n_fft_checked, n_mels=n_mels, fmin=fmin, fmax=fmax)
    empty = np.flatnonzero(~basis.any(axis=1))
    if empty.size:
        raise ParameterError(
            f"n_mels={n_mels} is too many for n_fft={n_fft_checked} at sr={sr:g}: "
            f"{empty.size} mel band(s) contain no FFT bin (first: band {empty[0]}); "
            "lower n_mels or raise n_fft"
        )
    if w[0]:
        _check_not_silent(t, what="spectral convergence (w_sc > 0)")
    terms = _stft_terms(
        x,
        t,
        n_fft=n_fft_checked,
        hop_length=hop_length,
        win_length=win_length,
        window=window,
        center=center,
        pad_mode=pad_mode,
        eps=eps,
        basis=basis,
    )
    return float(sum(wi * ti for wi, ti in zip(w, terms, strict=True) if wi))


def multi_resolution_stft_loss(
    estimate: np.ndarray,
    target: np.ndarray,
    *,
    resolutions: Sequence[tuple[int, int, int]] = MRSTFT_RESOLUTIONS,
    window: Any = "hann",
    center: bool = True,
    pad_mode: str = "reflect",
    w_sc: float = 1.0,
    w_log_mag: float = 1.0,
    w_lin_mag: float = 0.0,
    eps: float = 1e-8,
) -> float:
    """Multi-resolution STFT loss: `stft_loss` averaged over several STFT resolutions.

    Parameters
    ----------
    estimate, target : np.ndarray, shape (n,)
        Finite real samples, same length, `n >=` the largest `n_fft`.
    resolutions : sequence of (n_fft, hop_length, win_length)
        At least one triple. Default `MRSTFT_RESOLUTIONS`, Parallel WaveGAN's
        (1024, 120, 600), (2048, 240, 1200), (512, 50, 240).
    window
        As in `spectral_convergence_loss`, shared by every resolution.
    center
        As in `spectral_convergence_loss`, shared by every resolution.
    pad_mode
        As in `spectral_convergence_loss`, shared by every resolution.
    eps
        As in `spectral_convergence_loss`, shared by every resolution.
    w_sc
        As in `stft_loss`.
    w_log_mag
        As in `stft_loss`.
    w_lin_mag
        As in `stft_loss`.

    Returns
    -------
    float
        $\\frac{1}{R}\\sum_r \\mathcal{L}_{STFT}^{(r)}$.

    Raises
    ------
    ParameterError
        As `stft_loss`, an empty `resolutions`, or an entry that is not three integers.

    Notes
    -----
    $$\\mathcal{L}_{MR} = \\frac{1}{R}\\sum_{r=1}^{R}\\left(w_{sc}\\mathcal{L}_{sc}^{(r)} +
    w_{log}\\mathcal{L}_{mag}^{(r)} + w_{lin}\\mathcal{L}_{lin}^{(r)}\\right)$$
    Yamamoto, Song & Kim (2020), "Parallel WaveGAN", ICASSP. As auraloss
    `MultiResolutionSTFTLoss()`, which averages over resolutions (Parallel WaveGAN's own
    code averages each term separately, which gives the same sum).

    See the page [The loss catalogue](../losses/catalogue.md).

    Examples
    --------
    >>> from audioml.signals import white_noise
    >>> y = white_noise(duration=0.5, rng=0)
    >>> round(multi_resolution_stft_loss(0.5 * y, y), 4)  # 0.5 + ln 2 at every resolution
    1.1931
    """
    x, t = _pair(estimate, target)
    w = _check_weights(w_sc, w_log_mag, w_lin_mag)
    triples = _check_resolutions(resolutions)
    if w[0]:
        _check_not_silent(t, what="spectral convergence (w_sc > 0)")
    # --8<-- [start:mrstft]
    total = 0.0
    for n_fft, hop_length, win_length in triples:
        terms = _stft_terms(
            x,
            t,
            n_fft=n_fft,
            hop_length=hop_length,
            win_length=win_length,
            window=window,
            center=center,
            pad_mode=pad_mode,
            eps=eps,
        )
        total += sum(wi * ti for wi, ti in zip(w, terms, strict=True) if wi)
    return float(total / len(triples))
    # --8<-- [end:mrstft]


def _check_resolutions(resolutions: Any) -> list[tuple[int, int, int]]:
    try:
        items = list(resolutions)
    except TypeError:
        raise ParameterError(
            f"resolutions must be a sequence of (n_fft, hop_length, win_length) triples; "
            f"got {resolutions!r}"
        ) from None
    if not items:
        raise ParameterError(
            "resolutions must contain at least one (n_fft, hop_length, win_length) triple; "
            "got an empty sequence"
        )
    triples = []
    for i, item in enumerate(items):
        try:
            n_fft, hop_length, win_length = item
        except (TypeError, ValueError):
            raise ParameterError(
                f"resolutions[{i}] must be a (n_fft, hop_length, win_length) triple; got {item!r}"
            ) from None
        triples.append(
            (
                check_int(f"resolutions[{i}] n_fft", n_fft, low=2),
                check_int(f"resolutions[{i}] hop_length", hop_length, low=1),
                check_int(f"resolutions[{i}] win_length", win_length, low=1),
            )
        )
    return triples
