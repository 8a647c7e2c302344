"""Sampling and quantisation: aliasing, band-limited resampling, bit depth and dither.

Conventions (those of soundfile, librosa and torchaudio): floating-point audio has full
scale 1.0; an N-bit PCM sample $k$ (an integer in $[-2^{N-1}, 2^{N-1} - 1]$) stands for
the value $k / 2^{N-1}$, so int16 maps to $[-1, 32767/32768]$ and +1.0 itself is just out
of range. Signals are `(n,)` or `(channels, n)`; time is the last axis.

See the pages [Sampling and aliasing](../audio-as-data/sampling.md) and
[Quantisation and bit depth](../audio-as-data/quantization.md).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import scipy.signal

from ._validate import (
    MAX_LENGTH,
    check_array,
    check_choice,
    check_int,
    check_real,
    is_complex,
    scalar_or_array,
)
from .errors import ParameterError
from .signals import make_rng

__all__ = [
    "DITHERS",
    "MAX_TAPS",
    "alias_frequency",
    "quantization_snr_db",
    "quantize",
    "resample",
    "resampling_filter",
]

#: The dither choices of `quantize`.
DITHERS = ("none", "rectangular", "tpdf")
#: Longest resampling filter `resampling_filter` designs: 2**24 taps (128 MiB of float64).
#: The length grows with the reduced ratio `up / down`: 44100 -> 48000 (160 / 147) needs
#: 20,519 taps at the defaults, 48001 -> 48000 (48000 / 48001) 6,155,143.
MAX_TAPS = 2**24


def _signal(y: Any) -> np.ndarray:
    if is_complex(y):
        raise ParameterError("y must be real; got a complex array")
    return check_array("y", y, ndim=(1, 2), min_size=1)


def _rate(name: str, value: Any) -> int:
    rate = check_real(name, value, low=0, low_open=True)
    if rate != round(rate):
        raise ParameterError(f"{name} must be a whole number of Hz; got {value!r}")
    return round(rate)


def _int_text(n: int) -> str:
    return str(n) if n < 10**12 else f"{float(n):.6g}"


def _check_taps(n_taps: int, orig: int, target: int, up: int, down: int) -> None:
    if n_taps > MAX_TAPS:
        raise ParameterError(
            f"orig_sr={_int_text(orig)} and target_sr={_int_text(target)} reduce to up/down = "
            f"{_int_text(up)}/{_int_text(down)}: the filter would need {_int_text(n_taps)} "
            "taps, more than MAX_TAPS = 2**24; choose rates with a larger common divisor"
        )


def alias_frequency(frequency: float | np.ndarray, *, sr: float) -> float | np.ndarray:
    """The frequency a sampled sinusoid appears at: $|f - sr \\cdot \\mathrm{round}(f/sr)|$.

    Parameters
    ----------
    frequency : float or np.ndarray
        Frequencies of continuous-time sinusoids in Hz, `>= 0`.
    sr : float
        Sampling rate in Hz, `> 0`.

    Returns
    -------
    float or np.ndarray
        The apparent frequency in $[0, sr/2]$: unchanged below the Nyquist frequency
        $sr/2$, folded back ("aliased") above it.

    Raises
    ------
    ParameterError
        Negative or non-finite frequencies, `sr <= 0`.

    Notes
    -----
    Sampling at rate $sr$ cannot tell $\\cos(2\\pi f t)$ from $\\cos(2\\pi (f - k\\,sr) t)$
    for any integer $k$; the smallest such magnitude is the one heard. Shannon (1949),
    "Communication in the presence of noise", Proc. IRE 37(1):10-21. Computed as
    $\\min(r, sr - r)$ with $r = f \\bmod sr$, which is exact in floating point and
    cannot overflow (`f / sr` can, for a tiny `sr`).

    See the page [Sampling and aliasing](../audio-as-data/sampling.md).

    Examples
    --------
    >>> alias_frequency(7000.0, sr=8000)
    1000.0
    >>> alias_frequency(np.array([3000.0, 5000.0, 9000.0, 16000.0]), sr=8000)
    array([3000., 3000., 1000.,    0.])
    """
    rate = check_real("sr", sr, low=0, low_open=True)
    f = check_array("frequency", frequency, low=0.0)
    # --8<-- [start:alias_frequency]
    r = np.fmod(f, rate)  # f - k sr for the largest whole k with k sr <= f: exact
    folded = np.minimum(r, rate - r)  # the distance to the nearest multiple of sr
    # --8<-- [end:alias_frequency]
    return scalar_or_array(folded)


def resampling_filter(
    *, orig_sr: float, target_sr: float, rolloff: float = 0.9, attenuation_db: float = 100.0
) -> tuple[np.ndarray, int, int]:
    """The Kaiser-windowed sinc low-pass `resample` uses, and its rational ratio.

    Parameters
    ----------
    orig_sr : float
        Sampling rate of the input in Hz, a whole number `> 0`.
    target_sr : float
        Sampling rate of the output in Hz, a whole number `> 0`.
    rolloff : float
        End of the passband as a fraction of the lower of the two Nyquist frequencies,
        in `(0.5, 0.99]` (default 0.9). The stopband starts at that Nyquist frequency.
    attenuation_db : float
        Stopband attenuation in dB, in `[40, 200]` (default 100).

    Returns
    -------
    h : np.ndarray, shape (n_taps,)
        The filter taps at the rate `orig_sr * up` (odd length, symmetric), with gain
        `up` in the passband so that zero-stuffing keeps the level.
    up, down : int
        `target_sr / orig_sr = up / down` in lowest terms.

    Raises
    ------
    ParameterError
        Bad rates, `rolloff` or `attenuation_db`, or a filter longer than `MAX_TAPS`
        (2**24) taps: rates whose ratio reduces to a large `up` or `down`.

    Notes
    -----
    Kaiser's design formulas (Kaiser 1974; Oppenheim & Schafer, *Discrete-Time Signal
    Processing*, 3rd ed., section 7.6): for attenuation $A$ dB and transition width
    $\\Delta\\omega$ (rad/sample), $\\beta = 0.1102 (A - 8.7)$ for $A > 50$ and
    $M = (A - 7.95) / (2.285\\,\\Delta\\omega)$ taps. The cutoff sits in the middle of the
    transition band.

    See the page [Sampling and aliasing](../audio-as-data/sampling.md).

    Examples
    --------
    >>> h, up, down = resampling_filter(orig_sr=48000, target_sr=16000)
    >>> up, down, len(h)
    (1, 3, 387)
    """
    orig, target = _rate("orig_sr", orig_sr), _rate("target_sr", target_sr)
    rolloff = check_real("rolloff", rolloff, low=0.5, high=0.99, low_open=True)
    atten = check_real("attenuation_db", attenuation_db, low=40.0, high=200.0)
    # --8<-- [start:resampling_filter]
    g = math.gcd(orig, target)
    up, down = target // g, orig // g
    nyquist = 1.0 / max(up, down)  # the lower Nyquist, as a fraction of the upsampled one
    width = (1.0 - rolloff) * nyquist  # transition band, same units
    cutoff = nyquist - width / 2.0
    if atten > 50:
        beta = 0.1102 * (atten - 8.7)
    else:  # Kaiser's formula for 21 < A <= 50
        beta = 0.5842 * (atten - 21) ** 0.4 + 0.07886 * (atten - 21)
    half = math.ceil((atten - 7.95) / (2.285 * np.pi * width) / 2.0)
    _check_taps(2 * half + 1, orig, target, up, down)
    n = np.arange(-half, half + 1)
    h = up * cutoff * np.sinc(cutoff * n) * np.kaiser(2 * half + 1, beta)
    # --8<-- [end:resampling_filter]
    return h, up, down


def resample(
    y: np.ndarray,
    *,
    orig_sr: float,
    target_sr: float,
    rolloff: float = 0.9,
    attenuation_db: float = 100.0,
) -> np.ndarray:
    """Band-limited resampling by a rational factor with a Kaiser-windowed sinc filter.

    Parameters
    ----------
    y : np.ndarray, shape (n,) or (channels, n)
        Finite real samples at `orig_sr`.
    orig_sr : float
        Sampling rate of `y` in Hz, a whole number `> 0`.
    target_sr : float
        Sampling rate of the result in Hz, a whole number `> 0`.
    rolloff : float
        End of the low-pass filter's passband as a fraction of the lower of the two
        Nyquist frequencies, in `(0.5, 0.99]` (default 0.9).
    attenuation_db : float
        Stopband attenuation of that filter in dB, in `[40, 200]` (default 100).

    Returns
    -------
    np.ndarray, shape (n_out,) or (channels, n_out)
        `n_out = ceil(n * target_sr / orig_sr)` samples (librosa's length), aligned with
        the input (the filter's delay removed). `orig_sr == target_sr` returns a copy.

    Raises
    ------
    ParameterError
        Bad signal, rates, `rolloff` or `attenuation_db`, a filter longer than
        `MAX_TAPS` (see `resampling_filter`), or an output longer than `MAX_LENGTH`
        (2**31) samples.

    Notes
    -----
    Insert `up - 1` zeros after each sample, low-pass at the lower Nyquist frequency,
    keep every `down`-th sample; `scipy.signal.upfirdn` does the three in one polyphase
    pass. The low-pass is what makes this resampling, not just re-indexing: going down,
    it removes what the new rate cannot represent (which would alias); going up, it
    removes the images the zeros create. librosa's default, soxr's "HQ" mode, uses a
    different (and faster) filter; `scipy.signal.resample_poly` the same structure with
    a shorter Kaiser window (beta 5). Compared on the page below.

    See the page [Sampling and aliasing](../audio-as-data/sampling.md).

    Examples
    --------
    >>> t = np.arange(4410) / 44100
    >>> out = resample(np.sin(2 * np.pi * 1000 * t), orig_sr=44100, target_sr=16000)
    >>> out.shape, round(float(np.abs(out[400:1200]).max()), 4)
    ((1600,), 1.0)
    """
    x = _signal(y)
    h, up, down = resampling_filter(
        orig_sr=orig_sr, target_sr=target_sr, rolloff=rolloff, attenuation_db=attenuation_db
    )
    if up == down:
        return x.copy()
    # --8<-- [start:resample]
    n_in = x.shape[-1]
    n_out = math.ceil(n_in * up / down)
    if n_out > MAX_LENGTH:
        raise ParameterError(
            f"target_sr={target_sr!r} makes {n_out} output samples from {n_in}, more than "
            "MAX_LENGTH = 2**31; resample a shorter y"
        )
    delay = (len(h) - 1) // 2  # the filter's delay at the upsampled rate
    pad = -delay % down  # zeros before h so that the delay is a whole output sample
    h = np.concatenate([np.zeros(pad), h])
    out = scipy.signal.upfirdn(h, x, up=up, down=down, axis=-1)
    start = (delay + pad) // down
    out = out[..., start : start + n_out]
    # --8<-- [end:resample]
    if out.shape[-1] < n_out:  # very short inputs: the filter tail is shorter than n_out
        width = [(0, 0)] * (out.ndim - 1) + [(0, n_out - out.shape[-1])]
        out = np.pad(out, width)
    return out


def quantization_snr_db(bits: int) -> float:
    """Signal-to-quantisation-noise ratio of a full-scale sine: $6.02 N + 1.76$ dB.

    Parameters
    ----------
    bits : int
        Word length $N$, in `[1, 32]`.

    Returns
    -------
    float
        $20\\lg 2^N + 10\\lg 1.5$ dB (exact form of the rule).

    Notes
    -----
    A rounding quantiser with step $\\Delta = 2/2^N$ adds an error uniform on
    $[-\\Delta/2, \\Delta/2]$ when the signal is busy enough, of power $\\Delta^2/12$;
    a full-scale sine has power $1/2$. Their ratio is $1.5 \\cdot 2^{2N}$. Bennett
    (1948), "Spectra of quantized signals", Bell System Technical Journal 27(3):446-472.

    See the page [Quantisation and bit depth](../audio-as-data/quantization.md).

    Examples
    --------
    >>> round(quantization_snr_db(16), 2)
    98.09
    """
    n = check_int("bits", bits, low=1, high=32)
    return float(20.0 * n * np.log10(2.0) + 10.0 * np.log10(1.5))


def quantize(
    y: np.ndarray,
    *,
    bits: int,
    dither: str = "none",
    rng: np.random.Generator | int | None = None,
) -> np.ndarray:
    """Round to the grid of signed `bits`-bit PCM (step $2^{1-N}$), with optional dither.

    Parameters
    ----------
    y : np.ndarray, shape (n,) or (channels, n)
        Finite real samples, full scale 1.0.
    bits : int
        Word length $N$ in `[2, 32]` (16 for CD audio and most datasets).
    dither : str
        `"none"` (default), `"rectangular"` (uniform noise of 1 LSB peak to peak) or
        `"tpdf"` (triangular probability density, the sum of two such noises, 2 LSB peak
        to peak): added before rounding.
    rng : np.random.Generator or int or None
        Random generator or seed for the dither (ignored for `"none"`).

    Returns
    -------
    np.ndarray, same shape as `y`, float64
        Values $k / 2^{N-1}$ with integer $k \\in [-2^{N-1}, 2^{N-1} - 1]$: what a
        float32 array would hold after writing to `bits`-bit PCM and reading back with
        soundfile. Values outside that range are clipped, as a PCM writer clips.

    Raises
    ------
    ParameterError
        Bad `y`, `bits` or `dither`.

    Notes
    -----
    Without dither the error is a deterministic function of the signal: for quiet or
    simple signals it is harmonic distortion, not noise. TPDF dither makes the error's
    mean and variance independent of the signal (Wannamaker, Lipshitz & Vanderkooy
    2000, "A theory of nonsubtractive dither", IEEE Trans. Signal Processing
    48(2):499-516), at the price of three times the noise power ($\\Delta^2/4$ instead of
    $\\Delta^2/12$, 4.77 dB more).

    See the page [Quantisation and bit depth](../audio-as-data/quantization.md).

    Examples
    --------
    >>> quantize(np.array([0.3, -0.3, 1.0, -1.0]), bits=3)
    array([ 0.25, -0.25,  0.75, -1.  ])
    """
    x = _signal(y)
    n = check_int("bits", bits, low=2, high=32)
    check_choice("dither", dither, DITHERS)
    # --8<-- [start:quantize]
    scale = 2.0 ** (n - 1)  # 32768 for 16 bits
    k = x * scale  # in LSB
    if dither != "none":
        gen = make_rng(rng)
        k = k + gen.uniform(-0.5, 0.5, x.shape)
        if dither == "tpdf":
            k = k + gen.uniform(-0.5, 0.5, x.shape)
    k = np.clip(np.round(k), -scale, scale - 1)
    return k / scale
    # --8<-- [end:quantize]
