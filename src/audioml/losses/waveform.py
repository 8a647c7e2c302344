"""Waveform losses: sample-by-sample errors between two signals (L1, MSE, ESR, DC, log-cosh).

Part of `audioml.losses` (import them from there); the module's conventions and its
deliberate differences from auraloss are documented on that package.

See the page [The loss catalogue](../losses/catalogue.md).
"""

from __future__ import annotations

import math

import numpy as np

from .._validate import check_real
from ._common import _check_eps, _check_not_silent, _pair

__all__ = ["dc_loss", "esr_loss", "l1_loss", "log_cosh_loss", "mse_loss"]


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
        Sharpness, in `[1e-100, 1e100]` (auraloss default 1.0): the loss is quadratic
        for $|e| \\ll 1/a$ and about $|e| - \\ln 2 / a$ beyond. (Smaller values make
        $\\ln(1 + \\epsilon)/a$ overflow.)
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
    a = check_real("a", a, low=1e-100, high=1e100)
    eps = _check_eps(eps)
    # --8<-- [start:log_cosh]
    lc = _log_cosh(a * (x - t))
    # log(cosh z + eps) = log cosh z + log1p(eps / cosh z), with 1/cosh z = exp(-log cosh z)
    values = (lc + np.log1p(eps * np.exp(-lc))) / a
    return float(np.mean(values))
    # --8<-- [end:log_cosh]
