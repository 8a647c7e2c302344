"""Loudness versus frequency: ISO 226 equal-loudness contours and A/C frequency weighting.

A tone's loudness level in phon is the sound pressure level (dB SPL) of a 1 kHz tone
judged equally loud. ISO 226 gives, for each frequency, the SPL that sounds as loud as
a given number of phon (`iso226_spl`) and the inverse (`iso226_phon`). The IEC 61672-1
A and C weightings are a sound-level meter's fixed approximations: A roughly follows the
inverted 40-phon contour below 1 kHz, C is nearly flat (flatter than even 80 phon).

See the page [Loudness](../hearing/loudness.md).
"""

from __future__ import annotations

import functools
import warnings
from importlib import resources

import numpy as np
from numpy.typing import ArrayLike
from scipy.interpolate import PchipInterpolator

from ._validate import check_array, check_choice, scalar_or_array
from .errors import ParameterError

__all__ = [
    "EDITIONS",
    "LEVEL_MAX",
    "WEIGHTING_RANGE",
    "a_weighting",
    "c_weighting",
    "hearing_threshold",
    "iso226_phon",
    "iso226_spl",
    "iso226_table",
    "iso226_validity",
]

#: The ISO 226 editions this module implements.
EDITIONS = (2003, 2023)

#: Frequency range of the ISO 226 tables (Hz).
_F_LOW, _F_HIGH = 20.0, 12500.0
#: Loudness-level validity of both editions: 20..90 phon up to 4 kHz, 20..80 phon above.
_PHON_LOW, _PHON_HIGH_LF, _PHON_HIGH_HF, _F_SPLIT = 20.0, 90.0, 80.0, 4000.0


@functools.cache
def _table(edition: int) -> np.ndarray:
    text = resources.files("audioml").joinpath(f"data/iso226_{edition}.csv").read_text()
    rows = [line.split(",") for line in text.strip().splitlines()[1:]]
    table = np.array(rows, dtype=np.float64)  # frequency_hz, alpha_f, L_U, T_f
    table.setflags(write=False)
    return table


@functools.cache
def _interpolator(edition: int) -> PchipInterpolator:
    table = _table(edition)
    return PchipInterpolator(np.log10(table[:, 0]), table[:, 1:], axis=0, extrapolate=False)


def iso226_table(*, edition: int = 2023) -> dict[str, np.ndarray]:
    """Table 1 of ISO 226 (the 29 preferred frequencies and their parameters).

    Parameters
    ----------
    edition : {2023, 2003}
        Which edition of the standard.

    Returns
    -------
    dict of np.ndarray, each shape (29,)
        `"frequency"` (Hz, 20 .. 12500), `"alpha_f"` (loudness-perception exponent),
        `"L_U"` (magnitude of the linear transfer function normalised at 1 kHz, dB)
        and `"T_f"` (threshold of hearing, dB SPL). Fresh copies.

    Examples
    --------
    >>> t = iso226_table()
    >>> len(t["frequency"]), float(t["T_f"][17]), float(t["alpha_f"][17])
    (29, 2.4, 0.3)
    """
    check_choice("edition", edition, EDITIONS)
    table = _table(edition)
    names = ("frequency", "alpha_f", "L_U", "T_f")
    return {name: table[:, i].copy() for i, name in enumerate(names)}


def _check_frequency(frequency: ArrayLike) -> np.ndarray:
    f = check_array("frequency", frequency, low=0.0, low_open=True)
    outside = (f < _F_LOW) | (f > _F_HIGH)
    if outside.any():
        raise ParameterError(
            f"frequency must be in [{_F_LOW:g}, {_F_HIGH:g}] Hz (the range of ISO 226); "
            f"got {int(outside.sum())} value(s) outside, e.g. {f[outside].flat[0]:g}"
        )
    return f


def _parameters(f: np.ndarray, edition: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """alpha_f, L_U, T_f at `f`: table values at table frequencies, PCHIP in lg f between."""
    table = _table(edition)
    params = _interpolator(edition)(np.log10(f))
    index = np.clip(np.searchsorted(table[:, 0], f), 0, len(table) - 1)
    exact = table[index, 0] == f
    params = np.where(exact[..., np.newaxis], table[index, 1:], params)
    return params[..., 0], params[..., 1], params[..., 2]


def iso226_validity(frequency: ArrayLike) -> tuple[float | np.ndarray, float | np.ndarray]:
    """The loudness-level range (phon) in which ISO 226 is valid at `frequency`.

    Parameters
    ----------
    frequency : float or array_like
        Frequencies in Hz, in [20, 12500].

    Returns
    -------
    (low, high) : floats or arrays shaped like `frequency`
        20 phon and 90 phon up to 4 kHz; 20 and 80 phon above 4 kHz.

    Notes
    -----
    The standard states validity from 20 to 90 phon between 20 Hz and 4 kHz and from
    20 to 80 phon between 5 and 12.5 kHz, and says nothing about 4..5 kHz. This
    package takes the conservative reading: above 4 kHz the upper limit is 80 phon
    (it never calls a level valid that the standard does not cover).

    Examples
    --------
    >>> iso226_validity(1000)
    (20.0, 90.0)
    >>> iso226_validity(4500)
    (20.0, 80.0)
    """
    f = _check_frequency(frequency)
    low = np.full(f.shape, _PHON_LOW)
    high = np.where(f <= _F_SPLIT, _PHON_HIGH_LF, _PHON_HIGH_HF)
    return scalar_or_array(low), scalar_or_array(high)


def _warn_outside_validity(phon: np.ndarray, f: np.ndarray, name: str) -> None:
    high = np.where(f <= _F_SPLIT, _PHON_HIGH_LF, _PHON_HIGH_HF)
    slack = 1e-9  # round trips land 1e-12 off the limits: do not warn about rounding
    outside = (phon < _PHON_LOW - slack) | (phon > high + slack)
    if outside.any():
        warnings.warn(
            f"{name}: {int(outside.sum())} loudness level(s) outside the validity range of "
            "ISO 226 (20..90 phon up to 4 kHz, 20..80 phon above), e.g. "
            f"{phon[outside].flat[0]:g} phon at {f[outside].flat[0]:g} Hz; computed anyway",
            stacklevel=3,
        )


def _broadcast(name: str, value: ArrayLike, frequency: ArrayLike):
    x = check_array(name, value)
    f = _check_frequency(frequency)
    try:
        return np.broadcast_arrays(x, f)
    except ValueError:
        raise ParameterError(
            f"{name} and frequency must broadcast together; got shapes {x.shape} and {f.shape}"
        ) from None


#: The highest level (phon or dB SPL) the ISO 226 functions compute: far outside the
#: standard's validity (they warn above 90 phon) but below where the formulas overflow
#: float64 and would give inf; higher levels raise.
LEVEL_MAX = 1000.0


def _check_level(name: str, level: np.ndarray) -> None:
    if (level > LEVEL_MAX).any():
        raise ParameterError(
            f"{name} must be <= {LEVEL_MAX:g} (the ISO 226 formulas overflow above; the "
            f"standard is valid for 20..90 phon); got {level.max():g}"
        )


# --8<-- [start:iso226_spl_def]
def iso226_spl(phon: ArrayLike, frequency: ArrayLike, *, edition: int = 2023):
    # --8<-- [end:iso226_spl_def]
    """Sound pressure level (dB SPL) of a pure tone at a loudness level (phon): ISO 226.

    Parameters
    ----------
    phon : float or array_like
        Loudness level $L_N$ in phon (valid 20..90 up to 4 kHz, 20..80 above).
    frequency : float or array_like
        Tone frequency in Hz, in [20, 12500]; broadcast against `phon`.
    edition : {2023, 2003}
        ISO 226:2023 (default) or ISO 226:2003.

    Returns
    -------
    float or np.ndarray
        $L_p$ in dB re 20 µPa, shape `broadcast(phon, frequency)`.

    Raises
    ------
    ParameterError
        For a frequency outside [20, 12500] Hz, <= 0 or NaN, a non-finite `phon`, an
        unknown edition, a `phon` so low that the formula is undefined, or above
        `LEVEL_MAX` (1000), where it overflows.

    Warns
    -----
    UserWarning
        For a loudness level outside the standard's validity range (still computed).

    Notes
    -----
    ISO 226:2023, formula (1):

    $$L_p = \\frac{10}{\\alpha_f}\\lg\\left[(4\\cdot10^{-10})^{0.3-\\alpha_f}
    \\left(10^{0.03 L_N} - 10^{0.072}\\right) + 10^{\\alpha_f (T_f + L_U)/10}\\right] - L_U$$

    so that $L_p = L_N$ exactly at 1 kHz. ISO 226:2003, formula (1):

    $$A_f = 4.47\\cdot10^{-3}(10^{0.025 L_N} - 1.15)
    + [0.4\\cdot10^{(T_f + L_U)/10 - 9}]^{\\alpha_f}$$

    and $L_p = \\frac{10}{\\alpha_f}\\lg A_f - L_U + 94$ (40 phon at 1 kHz is 40.0100 dB).

    The standard defines $\\alpha_f$, $L_U$ and $T_f$ only at its 29 table
    frequencies, where this function is exact. Between them **this package's own
    choice** is PCHIP (monotone piecewise-cubic Hermite) interpolation of the three
    parameters along $\\lg f$: it passes through every table value, never overshoots
    the neighbouring values (so no invented dips or bumps), and has a continuous
    slope, so drawn contours have no kinks. Piecewise-linear interpolation of the
    same parameters differs from it by up to 1.3 dB (between 10 and 12.5 kHz, where
    the table changes fastest): between table frequencies, treat the contours as
    good to about a dB.

    Source: ISO 226:2023 (and :2003), *Acoustics — Normal equal-loudness-level contours*.

    See the page [Loudness](../hearing/loudness.md).

    Examples
    --------
    >>> iso226_spl(40, 1000)
    40.0
    >>> round(iso226_spl(40, 1000, edition=2003), 4)
    40.01
    >>> iso226_spl([20, 60], 100).round(2).tolist()
    [48.57, 78.5]
    """
    # --8<-- [start:iso226_spl]
    check_choice("edition", edition, EDITIONS)
    ln, f = _broadcast("phon", phon, frequency)
    _check_level("phon", ln)
    _warn_outside_validity(ln, f, "iso226_spl")
    alpha, lu, tf = _parameters(f, edition)
    if edition == 2023:
        arg = (4e-10) ** (0.3 - alpha) * (10 ** (0.03 * ln) - 10**0.072) + 10 ** (
            alpha * (tf + lu) / 10
        )
    else:
        arg = 4.47e-3 * (10 ** (0.025 * ln) - 1.15) + (0.4 * 10 ** ((tf + lu) / 10 - 9)) ** alpha
    if (arg <= 0).any():
        bad = arg <= 0
        raise ParameterError(
            f"phon is too low for the ISO 226:{edition} formula at this frequency (it is "
            f"undefined there); got {ln[bad].flat[0]:g} phon at {f[bad].flat[0]:g} Hz"
        )
    lp = 10 / alpha * np.log10(arg) - lu
    return scalar_or_array(lp if edition == 2023 else lp + 94)
    # --8<-- [end:iso226_spl]


def iso226_phon(spl: ArrayLike, frequency: ArrayLike, *, edition: int = 2023):
    """Loudness level (phon) of a pure tone at a sound pressure level: ISO 226 inverse.

    Parameters
    ----------
    spl : float or array_like
        Sound pressure level $L_p$ in dB re 20 µPa.
    frequency : float or array_like
        Tone frequency in Hz, in [20, 12500]; broadcast against `spl`.
    edition : {2023, 2003}
        ISO 226:2023 (default) or ISO 226:2003.

    Returns
    -------
    float or np.ndarray
        $L_N$ in phon, shape `broadcast(spl, frequency)`.

    Raises
    ------
    ParameterError
        For a bad frequency or edition, an `spl` so far below the threshold of
        hearing that the formula is undefined, or above `LEVEL_MAX` (1000 dB).

    Warns
    -----
    UserWarning
        When the resulting loudness level is outside the validity range.

    Notes
    -----
    ISO 226:2023, formula (2), the exact inverse of formula (1):

    $$L_N = \\frac{100}{3}\\lg\\left[\\frac{10^{\\alpha_f(L_p + L_U)/10} -
    10^{\\alpha_f(T_f + L_U)/10}}{(4\\cdot10^{-10})^{0.3-\\alpha_f}} + 10^{0.072}\\right]$$

    ISO 226:2003, formula (2): $B_f = [0.4\\cdot10^{(L_p + L_U)/10 - 9}]^{\\alpha_f} -
    [0.4\\cdot10^{(T_f + L_U)/10 - 9}]^{\\alpha_f} + 0.005135$, $L_N = 40\\lg B_f + 94$.
    It is **not** an exact inverse of the 2003 formula (1): a round trip
    `iso226_phon(iso226_spl(x))` drifts by up to 0.056 phon (tested bound: < 0.06
    phon over 20..80 phon at all table frequencies). The 2023 round trip is
    exact to rounding. Interpolation between table frequencies: see `iso226_spl`.

    See the page [Loudness](../hearing/loudness.md).

    Examples
    --------
    >>> iso226_phon(40, 1000)
    40.0
    >>> round(iso226_phon(iso226_spl(60, 100), 100), 9)
    60.0
    """
    check_choice("edition", edition, EDITIONS)
    lp, f = _broadcast("spl", spl, frequency)
    _check_level("spl", lp)
    alpha, lu, tf = _parameters(f, edition)
    if edition == 2023:
        arg = (10 ** (alpha * (lp + lu) / 10) - 10 ** (alpha * (tf + lu) / 10)) / (4e-10) ** (
            0.3 - alpha
        ) + 10**0.072
        scale, offset = 100 / 3, 0.0
    else:
        arg = (
            (0.4 * 10 ** ((lp + lu) / 10 - 9)) ** alpha
            - (0.4 * 10 ** ((tf + lu) / 10 - 9)) ** alpha
            + 0.005135
        )
        scale, offset = 40.0, 94.0
    if (arg <= 0).any():
        bad = arg <= 0
        raise ParameterError(
            f"spl is too far below the threshold of hearing for the ISO 226:{edition} "
            f"inverse (it is undefined there); got {lp[bad].flat[0]:g} dB at "
            f"{f[bad].flat[0]:g} Hz"
        )
    ln = scale * np.log10(arg) + offset
    _warn_outside_validity(ln, f, "iso226_phon")
    return scalar_or_array(ln)


def hearing_threshold(frequency: ArrayLike, *, edition: int = 2023):
    """Threshold of hearing $T_f$ (dB SPL) of ISO 226: the quietest audible pure tone.

    Parameters
    ----------
    frequency : float or array_like
        Frequencies in Hz, in [20, 12500].
    edition : {2023, 2003}
        Which edition of the standard.

    Returns
    -------
    float or np.ndarray
        dB re 20 µPa, shaped like `frequency`: the table's $T_f$ at table
        frequencies, PCHIP-interpolated in $\\lg f$ between them (see `iso226_spl`).

    Notes
    -----
    The median binaural threshold of otologically normal 18-25-year-olds listening in
    a free field, frontal incidence. In the 2023 edition it is also
    `iso226_spl(2.4, f)` (2.4 phon, the 1 kHz threshold), to rounding.

    See the page [Loudness](../hearing/loudness.md).

    Examples
    --------
    >>> hearing_threshold([20, 1000, 4000]).tolist()
    [78.1, 2.4, -5.4]
    """
    check_choice("edition", edition, EDITIONS)
    f = _check_frequency(frequency)
    return scalar_or_array(_parameters(f, edition)[2])


# --8<-- [start:a_weighting]
# IEC 61672-1:2013 Annex E: the weightings' pole frequencies from the standard's equations.
# --8<-- [start:a_weighting_code]
_FR, _FL, _FH, _D, _FA = 1000.0, 10**1.5, 10**3.9, np.sqrt(0.5), 10**2.45
_C = _FL**2 * _FH**2
_B = (_FR**2 + _FL**2 * _FH**2 / _FR**2 - _D * (_FL**2 + _FH**2)) / (1 - _D)
F1 = float(np.sqrt((-_B - np.sqrt(_B**2 - 4 * _C)) / 2))  #: 20.598997... Hz
F4 = float(np.sqrt((-_B + np.sqrt(_B**2 - 4 * _C)) / 2))  #: 12194.217... Hz
F2 = float((3 - np.sqrt(5)) / 2 * _FA)  #: 107.652649... Hz
F3 = float((3 + np.sqrt(5)) / 2 * _FA)  #: 737.862231... Hz


def _c_gain_db(f: np.ndarray) -> np.ndarray:
    f2 = f * f
    return 20 * (2 * np.log10(F4) + np.log10(f2) - np.log10(f2 + F1**2) - np.log10(f2 + F4**2))


def _a_gain_db(f: np.ndarray) -> np.ndarray:
    f2 = f * f
    return 20 * (
        2 * np.log10(F4)
        + 2 * np.log10(f2)
        - np.log10(f2 + F1**2)
        - 0.5 * np.log10(f2 + F2**2)
        - 0.5 * np.log10(f2 + F3**2)
        - np.log10(f2 + F4**2)
    )


# --8<-- [end:a_weighting]
# --8<-- [end:a_weighting_code]


#: The frequencies (Hz) the weighting formulas take: wide enough for any use, narrow enough
#: that $f^2$ neither underflows to 0 nor overflows to inf in float64 (which gave -inf/NaN).
WEIGHTING_RANGE = (1e-100, 1e100)


def _weighting_frequency(frequency: ArrayLike) -> np.ndarray:
    low, high = WEIGHTING_RANGE
    return check_array("frequency", frequency, low=low, high=high)


def a_weighting(frequency: ArrayLike):
    """A-weighting in dB (IEC 61672-1), exactly 0 dB at 1 kHz.

    Parameters
    ----------
    frequency : float or array_like
        Frequencies in Hz, in `WEIGHTING_RANGE` (1e-100 to 1e100).

    Returns
    -------
    float or np.ndarray
        Gain in dB, shaped like `frequency` (no lower clipping).

    Raises
    ------
    ParameterError
        If a frequency is outside `WEIGHTING_RANGE`, NaN or infinite.

    Notes
    -----
    $$A(f) = 20\\lg\\frac{f_4^2 f^4}{(f^2 + f_1^2)\\sqrt{f^2 + f_2^2}\\sqrt{f^2 + f_3^2}
    (f^2 + f_4^2)} - A_{1000}$$

    with the pole frequencies computed from the standard's equations (Annex E):
    $f_1 = 20.598997$, $f_2 = 107.652649$, $f_3 = 737.862231$, $f_4 = 12194.217$ Hz
    (not rounded), and $A_{1000}$ the exact value of the first term at 1 kHz
    (-1.9997 dB), so $A(1000) = 0$ exactly. The standard rounds $A_{1000}$ to
    -2.000 dB. Exact normalisation reproduces the standard's nominal table at its
    base-10 frequencies $1000\\cdot10^{n/10}$ Hz to 0.05 dB.

    Differs from `librosa.A_weighting` on purpose: librosa uses rounded poles and
    $A_{1000} = -2.0$ (exact: -1.99966 dB), so it is 0.00034 dB higher than this
    function at every frequency (tested: the difference is constant to 1e-6 dB),
    and it clips at `min_db=-80` (below about 12 Hz).

    Source: IEC 61672-1:2013, *Electroacoustics — Sound level meters — Part 1*, Annex E.

    See the page [Loudness](../hearing/loudness.md).

    Examples
    --------
    >>> a_weighting(1000)
    0.0
    >>> a_weighting([100, 10000]).round(1).tolist()
    [-19.1, -2.5]
    """
    f = _weighting_frequency(frequency)
    return scalar_or_array(_a_gain_db(f) - _a_gain_db(np.float64(1000.0)))


def c_weighting(frequency: ArrayLike):
    """C-weighting in dB (IEC 61672-1), exactly 0 dB at 1 kHz.

    Parameters
    ----------
    frequency : float or array_like
        Frequencies in Hz, in `WEIGHTING_RANGE` (1e-100 to 1e100).

    Returns
    -------
    float or np.ndarray
        Gain in dB, shaped like `frequency` (no lower clipping).

    Raises
    ------
    ParameterError
        If a frequency is outside `WEIGHTING_RANGE`, NaN or infinite.

    Notes
    -----
    $$C(f) = 20\\lg\\frac{f_4^2 f^2}{(f^2 + f_1^2)(f^2 + f_4^2)} - C_{1000}$$

    with $f_1$, $f_4$ as in `a_weighting` and $C_{1000}$ exact (-0.0619 dB; the
    standard rounds it to -0.062 dB). librosa's `C_weighting` uses the rounded
    constant and clips at `min_db=-80`; it is 0.000098 dB higher than this function
    at every frequency (a constant offset, tested), and differs below -80 dB.

    See the page [Loudness](../hearing/loudness.md).

    Examples
    --------
    >>> c_weighting(1000)
    0.0
    >>> round(c_weighting(31.5), 1)
    -3.0
    """
    f = _weighting_frequency(frequency)
    return scalar_or_array(_c_gain_db(f) - _c_gain_db(np.float64(1000.0)))
