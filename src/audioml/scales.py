"""Perceptual frequency scales: mel (HTK and Slaney), Bark and ERB-rate.

Equal steps on these scales are (roughly) equal steps in perceived pitch or in the
width of the ear's auditory filters, which is why a 100 Hz and a 200 Hz tone sound
much further apart than a 10,000 Hz and a 10,100 Hz tone. Every function takes a
scalar or an array (any shape) and returns a float or an array of the same shape.

See the page [Pitch](../hearing/pitch.md).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._validate import (
    check_array,
    check_choice,
    check_length,
    check_real,
    scalar_or_array,
)
from .errors import ParameterError

__all__ = [
    "bark_to_hz",
    "erb_bandwidth",
    "erb_rate_to_hz",
    "hz_to_bark",
    "hz_to_erb_rate",
    "hz_to_mel",
    "mel_frequencies",
    "mel_to_hz",
]

# Slaney (Auditory Toolbox) mel scale: linear below 1 kHz at 200/3 Hz per mel,
# logarithmic above with 27 mel per factor 6.4 in frequency.
_SLANEY_BREAK_HZ = 1000.0
_SLANEY_BREAK_MEL = 15.0
_SLANEY_LOGSTEP = np.log(6.4) / 27.0

# Traunmueller (1990) Bark corrections: below 2 Bark and above 20.1 Bark.
_BARK_LOW, _BARK_LOW_SLOPE = 2.0, 0.15
_BARK_HIGH, _BARK_HIGH_SLOPE = 20.1, 0.22


# --8<-- [start:hz_to_mel_def]
def hz_to_mel(f: ArrayLike, *, htk: bool = False) -> float | np.ndarray:
    # --8<-- [end:hz_to_mel_def]
    """Convert frequencies in Hz to mel.

    Parameters
    ----------
    f : float or array_like, any shape
        Frequencies in Hz, `f >= 0` (0 Hz is 0 mel).
    htk : bool
        `True` for the HTK (O'Shaughnessy) formula; `False` (default, as in librosa)
        for Slaney's Auditory Toolbox scale.

    Returns
    -------
    float or np.ndarray
        Mel values, same shape as `f`.

    Raises
    ------
    ParameterError
        If `f` is negative, NaN or infinite.

    Notes
    -----
    HTK: $m = 2595 \\log_{10}(1 + f/700)$, so 1000 Hz is 999.98554 mel.

    Slaney (librosa's default, `htk=False`): $m = 3f/200$ below 1 kHz and
    $m = 15 + \\ln(f/1000)/\\ell$ above, with $\\ell = \\ln(6.4)/27$.
    We compute the linear part as `3 * f / 200` so that 1000 Hz is exactly 15 mel;
    librosa divides by `200 / 3` and gets 14.999999999999998 (a one-ulp difference).

    Sources: O'Shaughnessy, *Speech Communication* (1987); Slaney, *Auditory
    Toolbox*, Tech. Rep. 1998-010, Interval Research (1998).

    See the page [Pitch](../hearing/pitch.md).

    Examples
    --------
    >>> hz_to_mel(1000)
    15.0
    >>> round(hz_to_mel(1000, htk=True), 5)
    999.98554
    >>> hz_to_mel([0, 500, 2000]).round(4).tolist()
    [0.0, 7.5, 25.0819]
    """
    # --8<-- [start:hz_to_mel]
    f = check_array("f", f, low=0.0)
    if htk:
        return scalar_or_array(2595.0 * np.log10(1.0 + f / 700.0))
    above = f >= _SLANEY_BREAK_HZ
    safe = np.where(above, f, _SLANEY_BREAK_HZ)  # no log of values we discard
    mels = np.where(
        above,
        _SLANEY_BREAK_MEL + np.log(safe / _SLANEY_BREAK_HZ) / _SLANEY_LOGSTEP,
        3.0 * f / 200.0,
    )
    return scalar_or_array(mels)
    # --8<-- [end:hz_to_mel]


def mel_to_hz(m: ArrayLike, *, htk: bool = False) -> float | np.ndarray:
    """Convert mel values to frequencies in Hz (the inverse of `hz_to_mel`).

    Parameters
    ----------
    m : float or array_like, any shape
        Mel values, `m >= 0`.
    htk : bool
        `True` for the HTK formula, `False` (default) for Slaney's scale.

    Returns
    -------
    float or np.ndarray
        Frequencies in Hz, same shape as `m`.

    Raises
    ------
    ParameterError
        If `m` is negative, NaN or infinite.

    Notes
    -----
    HTK: $f = 700 (10^{m/2595} - 1)$. Slaney: $f = 200 m / 3$ below 15 mel,
    $f = 1000\\,e^{\\ell (m - 15)}$ above, $\\ell = \\ln(6.4)/27$.

    See the page [Pitch](../hearing/pitch.md).

    Examples
    --------
    >>> mel_to_hz(15)
    1000.0
    >>> round(mel_to_hz(1000, htk=True), 3)
    1000.022
    """
    m = check_array("m", m, low=0.0)
    if htk:
        return scalar_or_array(700.0 * (10.0 ** (m / 2595.0) - 1.0))
    above = m >= _SLANEY_BREAK_MEL
    freqs = np.where(
        above,
        _SLANEY_BREAK_HZ * np.exp(_SLANEY_LOGSTEP * (np.where(above, m, 15.0) - 15.0)),
        m * 200.0 / 3.0,
    )
    return scalar_or_array(freqs)


def mel_frequencies(
    n_mels: int = 128, *, fmin: float = 0.0, fmax: float = 11025.0, htk: bool = False
) -> np.ndarray:
    """Frequencies in Hz equally spaced on the mel scale, like `librosa.mel_frequencies`.

    Parameters
    ----------
    n_mels : int
        Number of frequencies, `>= 1`.
    fmin
        Lowest and highest frequency in Hz, `0 <= fmin < fmax`.
    fmax
        Lowest and highest frequency in Hz, `0 <= fmin < fmax`.
    htk : bool
        `True` for the HTK mel formula, `False` (default) for Slaney's.

    Returns
    -------
    np.ndarray, shape (n_mels,)
        `mel_to_hz(linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels))`.

    Raises
    ------
    ParameterError
        If `n_mels < 1`, `fmin < 0` or `fmax <= fmin`.

    Notes
    -----
    These are the band edges and centres of a mel filter bank: `mel_filterbank`
    with `n_mels` filters uses `mel_frequencies(n_mels + 2, ...)`.

    See the page [Pitch](../hearing/pitch.md).

    Examples
    --------
    >>> mel_frequencies(4, fmin=0, fmax=8000, htk=True).round(2).tolist()
    [0.0, 921.46, 3055.88, 8000.0]
    """
    n_mels = check_length("n_mels", n_mels)
    fmin = check_real("fmin", fmin, low=0.0)
    fmax = check_real("fmax", fmax, low=fmin, low_open=True, low_name="fmin")
    mels = np.linspace(hz_to_mel(fmin, htk=htk), hz_to_mel(fmax, htk=htk), n_mels)
    return np.asarray(mel_to_hz(mels, htk=htk), dtype=np.float64).reshape(n_mels)


def hz_to_bark(f: ArrayLike, *, formula: str = "traunmuller") -> float | np.ndarray:
    """Convert frequencies in Hz to the Bark (critical-band rate) scale.

    Parameters
    ----------
    f : float or array_like, any shape
        Frequencies in Hz, `f > 0`.
    formula : {"traunmuller", "zwicker"}
        `"traunmuller"` (default): Traunmüller (1990) with his low and high
        corrections, invertible with `bark_to_hz`. `"zwicker"`: Zwicker & Terhardt
        (1980), which has no closed-form inverse.

    Returns
    -------
    float or np.ndarray
        Critical-band rate in Bark, same shape as `f`.

    Raises
    ------
    ParameterError
        If `f <= 0`, NaN or infinite, or `formula` is unknown.

    Notes
    -----
    Zwicker & Terhardt (1980), JASA 68(5):1523-1525:
    $z = 13 \\arctan(0.00076 f) + 3.5 \\arctan((f/7500)^2)$.

    Traunmüller (1990), JASA 88(1):97-100: $z = 26.81 f/(1960 + f) - 0.53$, then
    $z \\mathrel{+}= 0.15 (2 - z)$ if $z < 2$ and $z \\mathrel{+}= 0.22 (z - 20.1)$ if
    $z > 20.1$.

    See the page [Pitch](../hearing/pitch.md).

    Examples
    --------
    >>> round(hz_to_bark(1000), 4)
    8.5273
    >>> round(hz_to_bark(1000, formula="zwicker"), 4)
    8.5105
    """
    check_choice("formula", formula, ("traunmuller", "zwicker"))
    f = check_array("f", f, low=0.0, low_open=True)
    if formula == "zwicker":
        return scalar_or_array(13.0 * np.arctan(0.00076 * f) + 3.5 * np.arctan((f / 7500.0) ** 2))
    z = 26.81 * f / (1960.0 + f) - 0.53
    z = np.where(z < _BARK_LOW, z + _BARK_LOW_SLOPE * (_BARK_LOW - z), z)
    z = np.where(z > _BARK_HIGH, z + _BARK_HIGH_SLOPE * (z - _BARK_HIGH), z)
    return scalar_or_array(z)


#: Range of `hz_to_bark(f, formula="traunmuller")` for 0 < f < infinity (open interval).
_BARK_MIN = 0.85 * -0.53 + 0.15 * _BARK_LOW  # corrected value of -0.53 (f -> 0)
_BARK_MAX = 26.28 + _BARK_HIGH_SLOPE * (26.28 - _BARK_HIGH)  # corrected 26.28 (f -> inf)


def bark_to_hz(z: ArrayLike) -> float | np.ndarray:
    """Convert Bark values to Hz: the exact inverse of `hz_to_bark(f, formula="traunmuller")`.

    Parameters
    ----------
    z : float or array_like, any shape
        Critical-band rate in Bark, `-0.1505 < z < 27.6396` (the range of the
        corrected Traunmüller formula for `0 < f < inf`).

    Returns
    -------
    float or np.ndarray
        Frequencies in Hz, same shape as `z`.

    Raises
    ------
    ParameterError
        If `z` is outside that range, NaN or infinite.

    Notes
    -----
    This inverts the corrected formula, not only the uncorrected one. Both
    corrections are linear in $z$ and continuous at their break points, so they are
    undone piecewise before the uncorrected inverse:
    below 2 Bark $z_0 = (z - 0.3)/0.85$, above 20.1 Bark
    $z_0 = (z + 0.22 \\cdot 20.1)/1.22$, then $f = 1960 (z_0 + 0.53)/(26.28 - z_0)$.
    The uncorrected inverse alone (as often quoted) is off by up to a few
    hundred Hz at the ends of the scale. There is no inverse of the Zwicker formula.

    See the page [Pitch](../hearing/pitch.md).

    Examples
    --------
    >>> round(bark_to_hz(hz_to_bark(1000)), 9)
    1000.0
    >>> round(bark_to_hz(1.0), 3)
    104.214
    """
    z = check_array("z", z)
    bad = (z <= _BARK_MIN) | (z >= _BARK_MAX)
    if bad.any():
        raise ParameterError(
            f"z must be in ({_BARK_MIN:g}, {_BARK_MAX:g}) Bark (the range of the "
            f"Traunmüller scale for 0 < f < inf); got e.g. {z[bad].flat[0]:g}"
        )
    z0 = np.where(z < _BARK_LOW, (z - _BARK_LOW_SLOPE * _BARK_LOW) / (1 - _BARK_LOW_SLOPE), z)
    z0 = np.where(z > _BARK_HIGH, (z + _BARK_HIGH_SLOPE * _BARK_HIGH) / (1 + _BARK_HIGH_SLOPE), z0)
    return scalar_or_array(1960.0 * (z0 + 0.53) / (26.28 - z0))


def hz_to_erb_rate(f: ArrayLike) -> float | np.ndarray:
    """Convert frequencies in Hz to ERB-rate (number of ERBs below `f`).

    Parameters
    ----------
    f : float or array_like, any shape
        Frequencies in Hz, `f > 0`.

    Returns
    -------
    float or np.ndarray
        ERB-rate ("Cams"), same shape as `f`.

    Raises
    ------
    ParameterError
        If `f <= 0`, NaN or infinite.

    Notes
    -----
    Glasberg & Moore (1990), Hearing Research 47:103-138:
    $E = 21.4 \\log_{10}(1 + 0.00437 f)$, the integral of $1/\\mathrm{ERB}(f)$.

    See the page [Pitch](../hearing/pitch.md).

    Examples
    --------
    >>> round(hz_to_erb_rate(1000), 4)
    15.6214
    """
    f = check_array("f", f, low=0.0, low_open=True)
    return scalar_or_array(21.4 * np.log10(1.0 + 0.00437 * f))


def erb_rate_to_hz(e: ArrayLike) -> float | np.ndarray:
    """Convert ERB-rate to Hz (the inverse of `hz_to_erb_rate`).

    Parameters
    ----------
    e : float or array_like, any shape
        ERB-rate, `e > 0`.

    Returns
    -------
    float or np.ndarray
        Frequencies in Hz, same shape as `e`.

    Raises
    ------
    ParameterError
        If `e <= 0`, NaN, infinite or above about 6,560 (whose frequency overflows float64).

    Notes
    -----
    $f = (10^{E/21.4} - 1)/0.00437$ (Glasberg & Moore, 1990).

    See the page [Pitch](../hearing/pitch.md).

    Examples
    --------
    >>> round(erb_rate_to_hz(hz_to_erb_rate(440.0)), 9)
    440.0
    """
    e = check_array("e", e, low=0.0, low_open=True)
    if (e > _ERB_RATE_MAX).any():
        raise ParameterError(
            f"e must be <= {_ERB_RATE_MAX:.6g} (its frequency overflows float64 above); "
            f"got {e.max():g}"
        )
    return scalar_or_array((10.0 ** (e / 21.4) - 1.0) / 0.00437)


#: The largest ERB-rate whose frequency is a finite float64 (about 6,560).
_ERB_RATE_MAX = 21.4 * math.log10(np.finfo(np.float64).max * 0.00437)


def erb_bandwidth(f: ArrayLike) -> float | np.ndarray:
    """Equivalent rectangular bandwidth of the auditory filter centred at `f`.

    Parameters
    ----------
    f : float or array_like, any shape
        Centre frequencies in Hz, `f > 0`.

    Returns
    -------
    float or np.ndarray
        Bandwidth in Hz, same shape as `f`.

    Raises
    ------
    ParameterError
        If `f <= 0`, NaN or infinite.

    Notes
    -----
    Glasberg & Moore (1990): $\\mathrm{ERB}(f) = 24.7 (4.37 f / 1000 + 1)$ Hz.

    See the page [Pitch](../hearing/pitch.md).

    Examples
    --------
    >>> round(erb_bandwidth(1000), 3)
    132.639
    """
    f = check_array("f", f, low=0.0, low_open=True)
    return scalar_or_array(24.7 * (4.37 * f / 1000.0 + 1.0))
