"""Signal level: peak and RMS in dBFS, loudness in LUFS (ITU-R BS.1770-4), down-mixing.

Levels of digital audio are relative to **full scale**: 0 dBFS is a sample value of
magnitude 1 in the float convention (`[-1, 1)`, see `audioml.sampling`). `peak_dbfs` and
`rms_dbfs` are plain amplitude ratios in dB; `integrated_loudness` is the programme
loudness of ITU-R BS.1770-4 (K-weighted, gated), in LUFS (loudness units relative to full
scale, the "LKFS" of the Recommendation).

Multichannel signals follow librosa's convention: shape `(channels, n)`, channels first.

See the page [Level and loudness](../audio-as-data/level.md).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import scipy.signal

from ._validate import check_array, check_real, is_complex
from .errors import ParameterError

__all__ = [
    "ABSOLUTE_GATE_LUFS",
    "AMIN",
    "BLOCK_SECONDS",
    "K_WEIGHTING_48K",
    "RELATIVE_GATE_LU",
    "block_loudness",
    "integrated_loudness",
    "k_weighting",
    "normalize_loudness",
    "peak_dbfs",
    "rms_dbfs",
    "to_mono",
]

#: BS.1770-4's coefficients at 48 kHz, as printed in its Tables 1 and 2:
#: `{"shelf": (b, a), "highpass": (b, a)}` (stage 1, the head's acoustic effect, a
#: high-frequency shelf; stage 2, the "revised low-frequency B-curve" (RLB) high-pass).
K_WEIGHTING_48K: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "shelf": (
        (1.53512485958697, -2.69169618940638, 1.19839281085285),
        (1.0, -1.69065929318241, 0.73248077421585),
    ),
    "highpass": ((1.0, -2.0, 1.0), (1.0, -1.99004745483398, 0.99007225036621)),
}
#: Gating block length (s) and the step between block starts (s): 75 % overlap.
BLOCK_SECONDS, STEP_SECONDS = 0.4, 0.1
#: The absolute gate (LUFS) and the relative gate (LU below the absolutely gated level).
ABSOLUTE_GATE_LUFS, RELATIVE_GATE_LU = -70.0, -10.0
#: The constant of BS.1770's loudness formula: a 997 Hz sine at 0 dBFS in one channel
#: reads -3.01 LUFS, the same number as its RMS level in dBFS.
OFFSET_DB = -0.691

# The analog prototypes behind the 48 kHz tables, recovered by B. De Man (as in
# libebur128 and pyloudnorm's "DeMan" filters): a shelf of gain _SHELF_DB at _SHELF_HZ
# with quality _SHELF_Q, and a second-order high-pass at _HP_HZ with quality _HP_Q.
_SHELF_HZ, _SHELF_DB, _SHELF_Q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
_SHELF_VB_EXPONENT = 0.4996667741545416
_HP_HZ, _HP_Q = 38.13547087602444, 0.5003270373238773
#: Default floor of the levels in dB, as an amplitude: 1e-10 is -200 dBFS, below the
#: smallest step of 32-bit PCM (2**-31, -186.6 dBFS), so that digital silence reads a
#: finite number and no signal stored as PCM is floored.
AMIN = 1e-10
#: Lowest sampling rate accepted by the loudness functions (Hz).
MIN_SR = 8000.0
#: Default channel weights: up to three front channels weigh 1; five channels are
#: L, R, C, Ls, Rs with the surrounds at 1.41 (+1.5 dB), BS.1770-4 Table 3.
_FIVE_CHANNEL_WEIGHTS = (1.0, 1.0, 1.0, 1.41, 1.41)
#: Peak beyond which the loudness functions rescale the input (its squares would overflow).
_SCALE_ABOVE = 1e100


def _signal(y: Any, *, allow_multichannel: bool = True) -> np.ndarray:
    if is_complex(y):
        raise ParameterError("y must be real; got a complex array")
    return check_array("y", y, ndim=(1, 2) if allow_multichannel else 1, min_size=1)


def _amin(amin: Any) -> float:
    return check_real("amin", amin, low=0.0, high=1.0)


def _floored_db(amplitude: float, amin: float, what: str) -> float:
    """$20\\lg\\max(a, a_{min})$; `-inf` with a warning only for silence with `amin=0`."""
    if amplitude == 0.0 and amin == 0.0:
        warnings.warn(
            f"y is digital silence and amin=0: its {what} is -inf dBFS", UserWarning, stacklevel=3
        )
        return float("-inf")
    return float(20.0 * np.log10(max(amplitude, amin)))


def peak_dbfs(y: np.ndarray, *, amin: float = AMIN) -> float:
    """Sample peak level in dBFS: $20\\lg\\max_n |y[n]|$.

    Parameters
    ----------
    y : np.ndarray, shape (n,) or (channels, n)
        Finite real samples, full scale 1.0.
    amin : float
        Floor of the peak amplitude, in `[0, 1]` (default `AMIN` = 1e-10, -200 dBFS):
        the result is $20\\lg\\max(\\text{peak}, a_{min})$, as the `amin` of
        `librosa.amplitude_to_db`. Digital silence reads $20\\lg a_{min}$; `amin=0`
        asks for `-inf` instead (and warns when it happens).

    Returns
    -------
    float
        The peak level in dB relative to full scale. This is the *sample* peak: the
        waveform between samples can rise above it (BS.1770's "true peak" oversamples
        to find it).

    Raises
    ------
    ParameterError
        `y` empty, not finite, complex or with more than two dimensions; `amin`
        outside `[0, 1]`.

    See the page [Level and loudness](../audio-as-data/level.md).

    Examples
    --------
    >>> peak_dbfs(np.array([0.5, -0.25]))
    -6.0206
    >>> peak_dbfs(np.zeros(4))  # digital silence: the floor, 20 lg(1e-10)
    -200.0
    """
    x = _signal(y)
    floor = _amin(amin)
    return _floored_db(float(np.max(np.abs(x))), floor, "peak")


def rms_dbfs(y: np.ndarray, *, amin: float = AMIN) -> float:
    """RMS level in dBFS: $10\\lg\\overline{y^2}$ over all samples (and channels).

    Parameters
    ----------
    y : np.ndarray, shape (n,) or (channels, n)
        Finite real samples, full scale 1.0.
    amin : float
        Floor of the RMS amplitude, in `[0, 1]` (default `AMIN` = 1e-10, -200 dBFS):
        the result is $20\\lg\\max(\\text{RMS}, a_{min})$. Digital silence reads
        $20\\lg a_{min}$; `amin=0` asks for `-inf` instead (and warns when it happens).

    Returns
    -------
    float
        The RMS level in dB relative to a constant signal of value 1, so a full-scale
        sine reads $10\\lg(1/2) = -3.01$ dBFS.

    Raises
    ------
    ParameterError
        `y` empty, not finite, complex or with more than two dimensions; `amin`
        outside `[0, 1]`.

    Notes
    -----
    AES17 defines "dBFS" for RMS measurements so that a full-scale *sine* reads 0 dB
    (3.01 dB above this function's value); meters disagree on it. This function uses
    the plain ratio, the convention of `librosa.feature.rms` in dB and of BS.1770.

    See the page [Level and loudness](../audio-as-data/level.md).

    Examples
    --------
    >>> t = np.arange(48000) / 48000
    >>> round(rms_dbfs(np.sin(2 * np.pi * 1000 * t)), 2)
    -3.01
    >>> rms_dbfs(np.zeros(4), amin=1e-5)  # librosa's default floor: -100 dB
    -100.0
    """
    x = _signal(y)
    floor = _amin(amin)
    peak = float(np.max(np.abs(x)))
    # relative to the peak, so that squaring samples near 1e300 cannot overflow
    rms = 0.0 if peak == 0.0 else peak * float(np.sqrt(np.mean((x / peak) ** 2)))
    return _floored_db(rms, floor, "RMS level")


def to_mono(y: np.ndarray) -> np.ndarray:
    """Down-mix to mono by averaging the channels (as `librosa.to_mono`).

    Parameters
    ----------
    y : np.ndarray, shape (n,) or (channels, n)
        Finite real samples; mono input is returned as a copy.

    Returns
    -------
    np.ndarray, shape (n,)
        The mean over channels. Two identical channels keep their level; two
        uncorrelated channels of equal level lose 3.01 dB, and two opposite
        (phase-inverted) channels cancel.

    Raises
    ------
    ParameterError
        `y` empty, not finite, complex or with more than two dimensions.

    See the page [Level and loudness](../audio-as-data/level.md).

    Examples
    --------
    >>> to_mono(np.array([[1.0, 0.5], [0.0, -0.5]]))
    array([0.5, 0. ])
    """
    x = _signal(y)
    return x.copy() if x.ndim == 1 else x.mean(axis=0)


def k_weighting(*, sr: float) -> np.ndarray:
    """The two K-weighting biquads of BS.1770-4 for sampling rate `sr`, as SOS.

    Parameters
    ----------
    sr : float
        Sampling rate in Hz, at least 8000.

    Returns
    -------
    np.ndarray, shape (2, 6)
        Second-order sections `[b0, b1, b2, 1, a1, a2]` for `scipy.signal.sosfilt`: the
        high-frequency shelf (stage 1), then the RLB high-pass (stage 2).

    Raises
    ------
    ParameterError
        `sr` below 8000 or not finite.

    Notes
    -----
    BS.1770-4 prints the coefficients for 48 kHz only (`K_WEIGHTING_48K`). They come
    from two analog prototypes mapped with the bilinear transform and frequency
    prewarping, $K = \\tan(\\pi f_0 / sr)$: a shelf at $f_0 = 1681.97$ Hz, gain
    $V_h = 10^{3.99984/20}$, $Q = 0.70718$, and a high-pass at $f_0 = 38.135$ Hz,
    $Q = 0.50033$. For the shelf,

    $$b_0 = \\frac{V_h + V_b K/Q + K^2}{a_0},\\; b_1 = \\frac{2(K^2 - V_h)}{a_0},\\;
    b_2 = \\frac{V_h - V_b K/Q + K^2}{a_0},\\; a_1 = \\frac{2(K^2 - 1)}{a_0},\\;
    a_2 = \\frac{1 - K/Q + K^2}{a_0}$$

    with $a_0 = 1 + K/Q + K^2$ and $V_b = V_h^{0.49967}$; the high-pass has
    $b = (1, -2, 1)$ and the same $a$ with its own $f_0$ and $Q$. At 48 kHz this
    reproduces the Recommendation's tables to 1e-14. The prototype parameters are
    B. De Man's fit to those tables (also used by libebur128); ITU-R BS.1770-4 (2015),
    Annex 1.

    See the page [Level and loudness](../audio-as-data/level.md).

    Examples
    --------
    >>> sos = k_weighting(sr=48000)
    >>> sos.shape, round(float(sos[0, 0]), 8), round(float(sos[1, 5]), 8)
    ((2, 6), 1.53512486, 0.99007225)
    """
    rate = check_real("sr", sr, low=MIN_SR)
    # --8<-- [start:k_weighting]
    k = np.tan(np.pi * _SHELF_HZ / rate)
    vh = 10.0 ** (_SHELF_DB / 20.0)
    vb = vh**_SHELF_VB_EXPONENT
    a0 = 1.0 + k / _SHELF_Q + k * k
    shelf = [
        (vh + vb * k / _SHELF_Q + k * k) / a0,
        2.0 * (k * k - vh) / a0,
        (vh - vb * k / _SHELF_Q + k * k) / a0,
        1.0,
        2.0 * (k * k - 1.0) / a0,
        (1.0 - k / _SHELF_Q + k * k) / a0,
    ]
    k = np.tan(np.pi * _HP_HZ / rate)
    a0 = 1.0 + k / _HP_Q + k * k
    highpass = [1.0, -2.0, 1.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / _HP_Q + k * k) / a0]
    return np.array([shelf, highpass])
    # --8<-- [end:k_weighting]


def _weights(n_channels: int, weights: Any) -> np.ndarray:
    if weights is None:
        if n_channels <= 3:
            return np.ones(n_channels)
        if n_channels == 5:
            return np.array(_FIVE_CHANNEL_WEIGHTS)
        raise ParameterError(
            f"weights must be given for {n_channels} channels (defaults exist for 1, 2, 3 "
            "and 5 channels: L, R, C weigh 1.0, Ls, Rs 1.41; leave out the LFE channel)"
        )
    w = check_array("weights", weights, ndim=1, low=0.0)
    if w.size != n_channels:
        raise ParameterError(
            f"weights must have one value per channel ({n_channels}); got {w.size}"
        )
    return w


def _block_powers(y: Any, sr: float, weights: Any) -> tuple[np.ndarray, np.ndarray, float]:
    """Mean squares of the K-weighted channels per 400 ms block, (channels, blocks).

    Also the channel weights and the gain in dB to add to levels computed from them:
    samples beyond 1e100 are scaled by a power of two first (exact), so that their
    squares cannot overflow; otherwise the gain is 0 dB and the scale 1.
    """
    rate = check_real("sr", sr, low=MIN_SR)
    x = np.atleast_2d(_signal(y))
    w = _weights(x.shape[0], weights)
    peak = float(np.max(np.abs(x)))
    exponent = int(np.frexp(peak)[1]) if peak > _SCALE_ABOVE else 0
    x = np.ldexp(x, -exponent)
    gain_db = 20.0 * exponent * float(np.log10(2.0))
    block = round(BLOCK_SECONDS * rate)
    step = round(STEP_SECONDS * rate)
    if x.shape[1] < block:
        raise ParameterError(
            f"y must be at least one 400 ms block long ({block} samples at sr={rate:g}); "
            f"got {x.shape[1]} samples"
        )
    # --8<-- [start:blocks]
    filtered = scipy.signal.sosfilt(k_weighting(sr=rate), x, axis=-1)
    squared = np.concatenate([np.zeros((x.shape[0], 1)), np.cumsum(filtered**2, axis=-1)], -1)
    starts = np.arange(0, x.shape[1] - block + 1, step)
    z = (squared[:, starts + block] - squared[:, starts]) / block  # (channels, blocks)
    # --8<-- [end:blocks]
    return np.maximum(z, 0.0), w, gain_db


def _loudness(z_mean: np.ndarray, w: np.ndarray, gain_db: float = 0.0) -> float:
    power = float(np.dot(w, z_mean))
    return float("-inf") if power <= 0.0 else OFFSET_DB + 10.0 * float(np.log10(power)) + gain_db


def _block_levels(z: np.ndarray, w: np.ndarray, gain_db: float) -> np.ndarray:
    """$-0.691 + 10\\lg\\sum_i G_i z_{ij}$ per block, `-inf` for a silent block."""
    with np.errstate(divide="ignore"):
        return OFFSET_DB + 10.0 * np.log10(w @ z) + gain_db


def block_loudness(
    y: np.ndarray, *, sr: float, weights: Any = None, amin: float = AMIN
) -> np.ndarray:
    """Loudness of every 400 ms block (75 % overlap), in LUFS: the momentary loudness.

    Parameters
    ----------
    y : np.ndarray, shape (n,) or (channels, n)
        Finite real samples, full scale 1.0, at least 400 ms long.
    sr : float
        Sampling rate in Hz, at least 8000.
    weights : array-like, shape (channels,), optional
        Channel weights $G_i$; by default 1.0 for up to three channels and
        (1, 1, 1, 1.41, 1.41) for five (L, R, C, Ls, Rs). Required for other counts.
    amin : float
        Floor of the block's weighted RMS amplitude $\\sqrt{\\sum_i G_i z_{ij}}$, in
        `[0, 1]` (default `AMIN` = 1e-10): a block of digital silence reads
        $-0.691 + 20\\lg a_{min}$ = -200.69 LUFS, far below the absolute gate.
        `amin=0` asks for `-inf` instead (and warns when a block is silent).

    Returns
    -------
    np.ndarray, shape (n_blocks,)
        $l_j = -0.691 + 10\\lg\\max(\\sum_i G_i z_{ij}, a_{min}^2)$ for block $j$,
        starting at $j \\cdot 100$ ms; only whole blocks are used.

    Raises
    ------
    ParameterError
        Bad `y`, `sr`, `weights` or `amin`, or `y` shorter than one block.

    See the page [Level and loudness](../audio-as-data/level.md).

    Examples
    --------
    >>> y = 0.1 * np.sin(2 * np.pi * 997 * np.arange(48000) / 48000)
    >>> l = block_loudness(y, sr=48000)
    >>> len(l), round(float(l[3]), 2)
    (7, -23.01)
    >>> round(float(block_loudness(np.zeros(48000), sr=48000)[0]), 2)  # silence: the floor
    -200.69
    """
    floor = _amin(amin)
    z, w, gain_db = _block_powers(y, sr, weights)
    levels = _block_levels(z, w, gain_db)
    if floor == 0.0:
        silent = int(np.count_nonzero(np.isneginf(levels)))
        if silent:
            warnings.warn(
                f"{silent} block(s) of y are digital silence and amin=0: their loudness is "
                "-inf LUFS",
                UserWarning,
                stacklevel=2,
            )
        return levels
    return np.maximum(levels, OFFSET_DB + 20.0 * np.log10(floor))


def integrated_loudness(y: np.ndarray, *, sr: float, weights: Any = None) -> float:
    """Integrated (programme) loudness in LUFS, per ITU-R BS.1770-4.

    Parameters
    ----------
    y : np.ndarray, shape (n,) or (channels, n)
        Finite real samples, full scale 1.0, at least 400 ms long.
    sr : float
        Sampling rate in Hz, at least 8000 (the filters are derived for any rate).
    weights : array-like, shape (channels,), optional
        Channel weights $G_i$, `>= 0`; by default 1.0 for up to three channels and
        (1, 1, 1, 1.41, 1.41) for five (L, R, C, Ls, Rs). Required for other counts.

    Returns
    -------
    float
        The gated loudness in LUFS. `-inf` (with a warning) when no block is above the
        absolute gate of -70 LUFS.

    Raises
    ------
    ParameterError
        Bad `y`, `sr` or `weights`, or `y` shorter than one block.

    Notes
    -----
    K-weight each channel (`k_weighting`), take the mean square $z_{ij}$ of channel $i$
    over 400 ms blocks $j$ that start every 100 ms, and the block loudness
    $l_j = -0.691 + 10\\lg\\sum_i G_i z_{ij}$. Keep the blocks above the absolute gate
    $\\Gamma_a = -70$ LUFS; the relative gate is $\\Gamma_r = L(J_a) - 10$ LU, where
    $L(J) = -0.691 + 10\\lg\\sum_i G_i \\overline{z_{ij}}^{\\,j \\in J}$ is the loudness
    of the mean powers over a block set $J$. The result is $L(J_g)$ over the blocks above
    both gates. ITU-R BS.1770-4 (2015), Annex 1, equations (1)-(7).

    Differences from pyloudnorm 0.2.0 (measured in `tests/crosscheck`): its default
    "K-weighting" uses round prototype values (a 4 dB shelf at 1500 Hz, a 38 Hz
    high-pass) instead of the Recommendation's coefficients, and it counts blocks with
    `round` instead of whole blocks only.

    See the page [Level and loudness](../audio-as-data/level.md).

    Examples
    --------
    >>> t = np.arange(5 * 48000) / 48000
    >>> sine = np.sin(2 * np.pi * 997 * t)
    >>> round(integrated_loudness(sine, sr=48000), 2)  # full scale, one channel
    -3.01
    >>> stereo = 10 ** (-23 / 20) * np.stack([sine, sine])
    >>> round(integrated_loudness(stereo, sr=48000), 2)  # EBU Tech 3341, case 1
    -23.0
    """
    z, w, gain_db = _block_powers(y, sr, weights)
    # --8<-- [start:gating]
    l_blocks = _block_levels(z, w, gain_db)  # -0.691 + 10 lg(sum_i G_i z_ij), -inf if silent
    above_absolute = l_blocks > ABSOLUTE_GATE_LUFS
    if not above_absolute.any():
        warnings.warn(
            "no 400 ms block is above the absolute gate of -70 LUFS; loudness is -inf",
            stacklevel=2,
        )
        return float("-inf")
    relative_gate = _loudness(z[:, above_absolute].mean(axis=1), w, gain_db) + RELATIVE_GATE_LU
    kept = above_absolute & (l_blocks > relative_gate)
    return _loudness(z[:, kept].mean(axis=1), w, gain_db)
    # --8<-- [end:gating]


def normalize_loudness(
    y: np.ndarray, *, sr: float, target_lufs: float = -23.0, weights: Any = None
) -> np.ndarray:
    """Scale `y` so that its integrated loudness is `target_lufs`.

    Parameters
    ----------
    y : np.ndarray, shape (n,) or (channels, n)
        Finite real samples, full scale 1.0, at least 400 ms long, not silent.
    sr : float
        Sampling rate in Hz, at least 8000.
    target_lufs : float
        The loudness to reach, in LUFS, at most 0 (default -23, EBU R 128's target
        for broadcast; streaming services use -14 to -16).
    weights : array-like, shape (channels,), optional
        Channel weights $G_i$, `>= 0`; by default 1.0 for up to three channels and
        (1, 1, 1, 1.41, 1.41) for five (L, R, C, Ls, Rs). Required for other counts.

    Returns
    -------
    np.ndarray, same shape as `y`
        `y` times one gain, $10^{(L_{target} - L)/20}$. Loudness is homogeneous in the
        gain, so the result measures `target_lufs` (to rounding) unless the gates
        select different blocks, which one common gain never changes. Warns when the
        result's sample peak exceeds 1.0 (it would clip when stored as PCM).

    Raises
    ------
    ParameterError
        Bad input, a `target_lufs` above 0 or a signal whose loudness is `-inf`.

    See the page [Level and loudness](../audio-as-data/level.md).

    Examples
    --------
    >>> y = 0.5 * np.sin(2 * np.pi * 440 * np.arange(24000) / 16000)
    >>> out = normalize_loudness(y, sr=16000, target_lufs=-30.0)
    >>> round(integrated_loudness(out, sr=16000), 6)
    -30.0
    """
    target = check_real("target_lufs", target_lufs, high=0.0)
    x = _signal(y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        current = integrated_loudness(x, sr=sr, weights=weights)
    if not np.isfinite(current):
        raise ParameterError(
            "y is too quiet to normalise: no 400 ms block is above the -70 LUFS gate"
        )
    out = x * 10.0 ** ((target - current) / 20.0)
    peak = float(np.max(np.abs(out)))
    if peak > 1.0:
        warnings.warn(
            f"normalising to {target:g} LUFS gives a sample peak of {20 * np.log10(peak):.2f} "
            "dBFS (> 0): the result clips when stored as PCM",
            stacklevel=2,
        )
    return out
