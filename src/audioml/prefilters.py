"""Perceptual pre-filters for losses: pre-emphasis and A-weighting.

Filter the estimate *and* the target with the same filter, then call any loss of
`audioml.losses`: the loss then weighs the error by the filter's gain, frequency by
frequency (Wright & Välimäki, 2019, "Perceptual loss function for neural modelling of
audio systems", arXiv:1911.08922). Both filters keep the signal's length and timing.

Differences from auraloss 0.4.0's `FIRFilter` (documented and tested in
`tests/crosscheck/test_auraloss.py`):

- `pre_emphasis` is the textbook $H(z) = 1 - c z^{-1}$: $y[n] - c\\,y[n-1]$. auraloss's
  `FIRFilter("hp")` runs `conv1d` (a cross-*correlation*) with the kernel `[1, -c, 0]`,
  which computes $x[n-1] - c\\,x[n]$: our kernel $[1, -c]$ time-reversed, $[-c, 1]$
  (not negated and shifted), with the same magnitude response and a different phase,
  which is why losses on the filtered pair (ESR among them) agree up to one edge
  sample. auraloss's default `coef` is 0.85 (tuned at 44.1 kHz); ours is 0.95, the usual
  speech pre-emphasis.
- `a_weighting_filter` fits its FIR taps, as auraloss does, with `scipy.signal.firls` on
  the same 512-point frequency grid, but to the IEC 61672-1 A-weighting curve itself
  (`audioml.loudness.a_weighting`, 0 dB at 1 kHz exactly), where auraloss fits the
  *bilinear transform* of the analog filter (rounded pole frequencies and
  A1000 = 1.9997 dB). The bilinear transform squeezes the response to 0 at Nyquist, so
  the two designs agree to a fraction of a dB in the audible band and part near `sr / 2`.

See the page [The loss catalogue](../losses/catalogue.md).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.signal

from ._validate import check_array, check_int, check_real, is_complex
from .errors import ParameterError

__all__ = ["a_weighting_filter", "a_weighting_taps", "pre_emphasis"]

#: Number of frequencies in the least-squares grid (auraloss: `freqz(..., worN=512)`).
GRID_POINTS = 512


def _signal(y: Any) -> np.ndarray:
    if is_complex(y):
        raise ParameterError("y must be real; got a complex array")
    return check_array("y", y, ndim=1, min_size=1)


def pre_emphasis(y: np.ndarray, *, coef: float = 0.95) -> np.ndarray:
    """First-order high-pass pre-emphasis, $y[n] - c\\,y[n-1]$ (same length).

    Parameters
    ----------
    y : np.ndarray, shape (n,)
        Finite real samples.
    coef : float
        The coefficient $c$ in `[0, 1]`; 0 leaves the signal unchanged, values near 1
        remove DC and tilt the spectrum up by about 6 dB per octave above
        $f \\approx (1 - c)\\,sr / (2\\pi)$.

    Returns
    -------
    np.ndarray, shape (n,)
        The filtered signal, with $y[-1] = 0$ (the filter starts at rest).

    Raises
    ------
    ParameterError
        Non-1-D, empty, complex or non-finite `y`; `coef` outside `[0, 1]`.

    Notes
    -----
    $$H(z) = 1 - c\\,z^{-1}, \\qquad |H(e^{i\\omega})|^2 = 1 - 2c\\cos\\omega + c^2$$
    Gain $(1 - c)$ at DC, $(1 + c)$ at Nyquist. Wright & Välimäki (2019),
    arXiv:1911.08922, as auraloss `FIRFilter("hp")` (see the module notes for the
    one-sample difference).

    See the page [The loss catalogue](../losses/catalogue.md).

    Examples
    --------
    >>> pre_emphasis([1.0, 1.0, 1.0, 1.0], coef=0.95).round(6).tolist()
    [1.0, 0.05, 0.05, 0.05]
    """
    x = _signal(y)
    coef = check_real("coef", coef, low=0, high=1)
    # --8<-- [start:pre_emphasis]
    out = x.copy()
    out[1:] -= coef * x[:-1]
    return out
    # --8<-- [end:pre_emphasis]


def a_weighting_taps(*, sr: float, ntaps: int = 101) -> np.ndarray:
    """Linear-phase FIR approximation of the A-weighting curve (least squares).

    Parameters
    ----------
    sr : float
        Sampling rate in Hz, in `[1e-90, 1e100]` (the grid below must stay within the
        frequencies `audioml.loudness.a_weighting` accepts).
    ntaps : int
        Number of taps, odd, `>= 3` (auraloss default 101).

    Returns
    -------
    np.ndarray, shape (ntaps,)
        Symmetric taps (a type-I linear-phase filter, delay `ntaps // 2` samples).

    Raises
    ------
    ParameterError
        `sr` outside `[1e-90, 1e100]`, even or too small `ntaps`.

    Notes
    -----
    The desired magnitude on the grid $f_j = j\\,sr / 1024$, $j = 0..511$ (as
    `scipy.signal.freqz(worN=512)`), is $10^{A(f_j)/20}$ with $A$ the IEC 61672-1:2013
    A-weighting in dB (`audioml.loudness.a_weighting`, 0 at DC), fitted with
    `scipy.signal.firls(ntaps, f, |H|, fs=sr)`. A short FIR cannot follow the curve's
    steep fall below about 100 Hz: with 101 taps at 22.05 kHz the response at 50 Hz is
    several dB above the curve, and at 20 Hz it is -31.1 dB where the standard gives
    -50.4 dB (-18.6 dB at 48 kHz, where the same taps span less time).

    See the page [The loss catalogue](../losses/catalogue.md).

    Examples
    --------
    >>> import scipy.signal
    >>> taps = a_weighting_taps(sr=22050)
    >>> _, h = scipy.signal.freqz(taps, worN=[1000.0], fs=22050)
    >>> round(float(20 * np.log10(abs(h[0]))), 1)  # 0 dB at 1 kHz
    0.0
    """
    from .loudness import a_weighting

    # the grid's frequencies, sr / 1024 to sr / 2, stay within what a_weighting accepts
    sr = check_real("sr", sr, low=1e-90, high=1e100)
    ntaps = check_int("ntaps", ntaps, low=3)
    if ntaps % 2 == 0:
        raise ParameterError(f"ntaps must be odd (a type-I linear-phase FIR); got {ntaps}")
    # --8<-- [start:a_weighting_taps]
    grid = np.arange(GRID_POINTS) * (sr / 2) / GRID_POINTS
    desired = np.zeros(GRID_POINTS)
    desired[1:] = 10.0 ** (np.asarray(a_weighting(grid[1:]), dtype=np.float64) / 20.0)
    return scipy.signal.firls(ntaps, grid, desired, fs=sr)
    # --8<-- [end:a_weighting_taps]


def a_weighting_filter(y: np.ndarray, *, sr: float, ntaps: int = 101) -> np.ndarray:
    """Filter a signal with the A-weighting FIR of `a_weighting_taps` (same length, no delay).

    Parameters
    ----------
    y : np.ndarray, shape (n,)
        Finite real samples.
    sr : float
        Sampling rate in Hz, in `[1e-90, 1e100]` (see `a_weighting_taps`).
    ntaps : int
        Number of taps, odd, `>= 3` (default 101, as auraloss `FIRFilter("aw")`).

    Returns
    -------
    np.ndarray, shape (n,)
        The zero-phase filtered signal: the linear-phase delay of `ntaps // 2` samples
        is removed (zero padding at both ends, as auraloss's `conv1d(padding=ntaps // 2)`).

    Raises
    ------
    ParameterError
        Bad `y`, `sr` or `ntaps`.

    Notes
    -----
    $$y_A[n] = \\sum_{k=0}^{K-1} h[k]\\, y[n + \\lfloor K/2 \\rfloor - k]$$
    with $h$ the `K` taps. A-weighting (IEC 61672-1:2013) approximates the ear's
    sensitivity at low levels, so an A-weighted loss ignores errors below a few hundred Hz
    and near Nyquist. auraloss uses the filter in `STFTLoss(perceptual_weighting=True)`.

    See the page [The loss catalogue](../losses/catalogue.md).

    Examples
    --------
    >>> from audioml.signals import tone
    >>> y = tone(1000, sr=22050, duration=0.5)
    >>> ratio = np.std(a_weighting_filter(y, sr=22050)) / np.std(y)  # 0 dB at 1 kHz
    >>> round(float(ratio), 2)
    1.0
    """
    x = _signal(y)
    taps = a_weighting_taps(sr=sr, ntaps=ntaps)
    start = taps.size // 2
    return np.convolve(x, taps)[start : start + x.size]
