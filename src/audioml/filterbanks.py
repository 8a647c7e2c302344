"""Filter banks that map a linear-frequency spectrum onto a perceptual scale.

See the page [Pitch](../hearing/pitch.md).
"""

from __future__ import annotations

import numbers
import warnings

import numpy as np
from numpy.typing import DTypeLike

from ._validate import MAX_LENGTH, check_length, check_real, describe
from .errors import ParameterError
from .scales import mel_frequencies

__all__ = ["mel_filterbank"]


def _check_norm(norm: object) -> str | float | None:
    if norm is None or norm == "slaney":
        return norm
    if isinstance(norm, numbers.Real) and not isinstance(norm, bool):
        p = float(norm)
        if p > 0:  # includes np.inf (the max norm)
            return p
    raise ParameterError(
        f"norm must be 'slaney', None, or a real number p > 0 (p-norm, np.inf for the "
        f"max); got {describe(norm)}"
    )


def mel_filterbank(
    *,
    sr: float,
    n_fft: int,
    n_mels: int = 128,
    fmin: float = 0.0,
    fmax: float | None = None,
    htk: bool = False,
    norm: str | float | None = "slaney",
    dtype: DTypeLike = np.float64,
) -> np.ndarray:
    """Triangular mel filter bank: a matrix that maps STFT bins to mel bands.

    Equal to `librosa.filters.mel` with the same arguments (to 1e-10 in float64).

    Parameters
    ----------
    sr : float
        Sampling rate in Hz, `> 0`.
    n_fft : int
        FFT length; the matrix has `1 + n_fft // 2` columns (bins at
        `k * sr / n_fft` Hz).
    n_mels : int
        Number of mel bands (rows), `>= 1`.
    fmin : float
        Lower edge of the first band in Hz, `>= 0`.
    fmax : float or None
        Upper edge of the last band in Hz; `None` means `sr / 2`. Above `sr / 2`
        it warns (the top filters lie beyond the last bin).
    htk : bool
        `True` for the HTK mel formula, `False` (default) for Slaney's.
    norm : {"slaney", None} or float
        `"slaney"` (default): divide each triangle by half its width in Hz,
        `2 / (f[i+2] - f[i])`, so each band has about the same area (peaks are then
        not 1). `None`: triangles peak at 1. A number `p > 0`: scale each row to
        unit $\\ell_p$ norm (`np.inf`: unit maximum), as `librosa.util.normalize`.
    dtype : numpy dtype
        Output dtype. Default float64, on purpose: librosa's default is float32,
        which rounds the weights at about 1e-7 relative.

    Returns
    -------
    np.ndarray, shape (n_mels, 1 + n_fft // 2)
        Row `i` is the triangle rising from `f[i]` to 1 at `f[i+1]` and falling to 0
        at `f[i+2]`, where `f = mel_frequencies(n_mels + 2, fmin=fmin, fmax=fmax, htk=htk)`.

    Raises
    ------
    ParameterError
        For `sr <= 0`, `n_fft < 1`, `n_mels < 1`, `fmin < 0`, `fmax <= fmin` (or so
        close that the band edges are not distinct), an unknown `norm`, or a `dtype`
        that is not a floating dtype.

    Warns
    -----
    UserWarning
        "Empty filters detected...", as librosa, when some band contains no FFT bin
        (too many mels for this `n_fft`): those rows are all zero.

    Notes
    -----
    Apply it to a power (or magnitude) spectrogram `S` of shape `(1 + n_fft // 2, t)`
    as `M @ S`. The triangles are spaced equally in mel, so they widen with frequency
    like the ear's auditory filters (Slaney, *Auditory Toolbox*, 1998; Davis &
    Mermelstein, IEEE Trans. ASSP 28(4):357-366, 1980).

    torchaudio: `torchaudio.functional.melscale_fbanks(n_freqs, f_min, f_max,
    n_mels, sample_rate, norm=None, mel_scale="htk")` returns the transpose, shape
    `(n_freqs, n_mels)`, and defaults to HTK mel without normalisation; with
    `norm="slaney", mel_scale="slaney"` it equals this matrix transposed
    (`mel_filterbank(...).T`).

    See the page [Pitch](../hearing/pitch.md).

    Examples
    --------
    >>> M = mel_filterbank(sr=22050, n_fft=2048, n_mels=40, norm=None)
    >>> M.shape
    (40, 1025)
    >>> round(float(M.max()), 3)
    1.0
    >>> round(float(mel_filterbank(sr=16000, n_fft=512, n_mels=40)[0].sum()), 5)
    0.03128
    """
    sr = check_real("sr", sr, low=0.0, low_open=True)
    n_fft = check_length("n_fft", n_fft)
    n_mels = check_length("n_mels", n_mels)
    if n_mels * (1 + n_fft // 2) > MAX_LENGTH:
        raise ParameterError(
            f"n_mels * (1 + n_fft // 2) must be <= {MAX_LENGTH} (the size of the matrix); "
            f"got n_mels={n_mels}, n_fft={n_fft}"
        )
    fmin = check_real("fmin", fmin, low=0.0)
    if fmax is None:
        fmax = sr / 2
    fmax = check_real("fmax", fmax, low=fmin, low_open=True)
    if fmax > sr / 2:
        warnings.warn(
            f"fmax={fmax:g} Hz is above the Nyquist frequency sr/2={sr / 2:g} Hz; "
            "the filters above it see no FFT bins",
            stacklevel=2,
        )
    norm = _check_norm(norm)
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        dtype = None
    if dtype is None or not np.issubdtype(dtype, np.floating):
        raise ParameterError(
            f"dtype must be a numpy floating dtype (float32 or float64); got {describe(dtype)}"
        )
    if not np.all(np.diff(mel_frequencies(n_mels + 2, fmin=fmin, fmax=fmax, htk=htk)) > 0):
        raise ParameterError(  # e.g. fmax = 5e-324: every edge rounds to the same mel value
            f"fmax={fmax:g} is too close to fmin={fmin:g}: the n_mels + 2 = {n_mels + 2} band "
            "edges between them are not distinct in floating point"
        )

    # --8<-- [start:triangles]
    fftfreqs = np.fft.rfftfreq(n=n_fft, d=1.0 / sr)
    mel_f = mel_frequencies(n_mels + 2, fmin=fmin, fmax=fmax, htk=htk)
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    lower = -ramps[:-2] / fdiff[:-1, np.newaxis]
    upper = ramps[2:] / fdiff[1:, np.newaxis]
    weights = np.maximum(0.0, np.minimum(lower, upper))

    if norm == "slaney":
        weights *= (2.0 / (mel_f[2:] - mel_f[:-2]))[:, np.newaxis]
    elif norm is not None:
        if np.isinf(norm):
            length = np.abs(weights).max(axis=1, keepdims=True)
        else:
            length = (np.abs(weights) ** norm).sum(axis=1, keepdims=True) ** (1.0 / norm)
        length[length < np.finfo(np.float64).tiny] = 1.0  # empty rows stay zero
        weights = weights / length
    # --8<-- [end:triangles]

    if not np.all((mel_f[:-2] == 0) | (weights.max(axis=1) > 0)):
        warnings.warn(
            "Empty filters detected in mel frequency basis. Some channels will produce "
            f"empty responses: n_mels={n_mels} is too many for n_fft={n_fft} at "
            f"sr={sr:g} Hz. Increase n_fft (or fmax) or reduce n_mels.",
            stacklevel=2,
        )
    return weights.astype(dtype, copy=False)
