"""Ratios in dB, higher is better: SNR, SI-SDR and SD-SDR (auraloss's signs reversed).

Part of `audioml.losses` (import them from there); the module's conventions and its
deliberate differences from auraloss are documented on that package.

See the page [The loss catalogue](../losses/catalogue.md).
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from .._validate import check_bool
from ..errors import ParameterError
from ._common import _check_eps, _pair

__all__ = ["sd_sdr", "si_sdr", "snr"]


def _ratio_inputs(
    estimate: Any, target: Any, zero_mean: Any, eps: Any, what: str
) -> tuple[np.ndarray, np.ndarray, float]:
    x, t = _pair(estimate, target)
    eps = _check_eps(eps)
    zero_mean = check_bool("zero_mean", zero_mean)
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
