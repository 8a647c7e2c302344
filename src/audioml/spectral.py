"""The short-time Fourier transform and its inverse, in plain numpy, matching librosa.

`stft` and `istft` reproduce `librosa.stft` / `librosa.istft` (librosa 0.11) to
1e-10 for float64 input with the same arguments; the tests prove it over a grid of
windows, hops, window lengths and centring. The conventions copied from librosa:

- **Frame phase referenced to the frame start.** Frame $m$ holds the samples
  $y[mH + n]$, $n = 0, \\dots, N-1$ (of the padded signal when `center=True`), and
  its DFT is taken with $n = 0$ at the frame start, not at the window centre.
- **Window centred in the frame.** A window shorter than the frame
  (`win_length < n_fft`) is zero-padded on both sides so that it sits in the
  middle of the `n_fft`-sample frame (`librosa.util.pad_center`).
- **Periodic ("DFT-even") windows** from `scipy.signal.get_window(..., fftbins=True)`.
- **Centred frames** (`center=True`): the signal is padded with `n_fft // 2`
  samples on each side so that frame $m$ is centred on sample $mH$; the padding is
  zeros (`pad_mode="constant"`), librosa's default since 0.9.0 (it was "reflect" before).
- **Inverse by least squares** (Griffin & Lim 1984, section 2): windowed
  overlap-add divided by the window's sum-square envelope, wherever that envelope
  is above the smallest positive float.

Signals may have leading batch axes, `(..., n)`, like librosa; the transform runs
along the last axis.

See the page [STFT and phase](../architectures/stft-and-phase.md).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.fft
import scipy.signal

from ._validate import (
    MAX_LENGTH,
    check_array,
    check_bool,
    check_choice,
    check_int,
    check_length,
    check_real,
    describe,
    is_complex,
)
from .errors import ParameterError

__all__ = [
    "amplitude_to_db",
    "get_window",
    "istft",
    "magphase",
    "n_frames",
    "nola_holds",
    "overlap_add",
    "power_to_db",
    "stft",
    "window_sumsquare",
]

#: pad modes accepted by `stft` (all are `numpy.pad` modes).
PAD_MODES = ("constant", "edge", "reflect")

_WINDOW_ALIASES = {"rectangular": "boxcar", "rect": "boxcar", "box": "boxcar", "ones": "boxcar"}


def get_window(window: Any, win_length: int, *, n_fft: int | None = None) -> np.ndarray:
    """A periodic analysis window of `win_length` samples, zero-padded to the centre of `n_fft`.

    Parameters
    ----------
    window : str, tuple or np.ndarray
        A `scipy.signal.get_window` specification ("hann", "hamming", "blackman",
        "boxcar", or a tuple such as `("kaiser", 8.0)`); "rect" and "rectangular"
        mean "boxcar". An array is used as is and must have `win_length` samples.
    win_length : int
        Window length in samples, `1 <= win_length <= n_fft`.
    n_fft : int, optional
        Frame length; the window is padded with zeros on both sides to this length
        (left padding `(n_fft - win_length) // 2`, like `librosa.util.pad_center`).
        Defaults to `win_length`.

    Returns
    -------
    np.ndarray, shape (n_fft,)
        float64 window.

    Raises
    ------
    ParameterError
        Unknown window name, wrong array length, or `win_length > n_fft`.

    Examples
    --------
    >>> get_window("hann", 4).tolist()
    [0.0, 0.5, 1.0, 0.5]
    >>> get_window("rect", 2, n_fft=4).tolist()
    [0.0, 1.0, 1.0, 0.0]
    """
    win_length = check_length("win_length", win_length)
    n_fft = win_length if n_fft is None else check_length("n_fft", n_fft)
    if win_length > n_fft:
        raise ParameterError(f"win_length must be <= n_fft={n_fft}; got {win_length}")
    if isinstance(window, str | tuple):
        spec = _WINDOW_ALIASES.get(window, window) if isinstance(window, str) else window
        try:
            win = scipy.signal.get_window(spec, win_length, fftbins=True)
        except (ValueError, TypeError) as exc:
            raise ParameterError(
                f"window must be a scipy.signal.get_window name such as 'hann', 'hamming', "
                f"'blackman', 'boxcar'/'rect'/'rectangular', or an array; got {describe(window)}"
            ) from exc
        win = np.asarray(win, dtype=np.float64)
        if not np.all(np.isfinite(win)):  # e.g. ("kaiser", nan): scipy returns NaN
            raise ParameterError(
                f"window must give finite samples; got {describe(window)}, which does not"
            )
    else:
        win = check_array("window", window, ndim=1)
        if win.shape[0] != win_length:
            raise ParameterError(
                f"window array must have win_length={win_length} samples; got {win.shape[0]}"
            )
    left = (n_fft - win_length) // 2
    return np.pad(win, (left, n_fft - win_length - left))


def _window_array(window: Any) -> np.ndarray:
    """A (padded) window given as samples: finite, real, 1-D, not empty."""
    if isinstance(window, str | tuple):
        raise ParameterError(
            f"window must be an array of samples here (build one with get_window); "
            f"got {describe(window)}"
        )
    if is_complex(window):
        raise ParameterError("window must be real; got a complex array")
    return check_array("window", window, ndim=1, min_size=1)


def nola_holds(window: np.ndarray, *, hop_length: int) -> bool:
    """Whether a (padded) window and hop satisfy the nonzero-overlap-add (NOLA) condition.

    NOLA holds when the sum of squared windows shifted by multiples of `hop_length`
    is nonzero everywhere in steady state; it is exactly the condition for `istft`
    to reconstruct every sample away from the edges.

    Parameters
    ----------
    window : np.ndarray, shape (n,)
        The window's samples (finite, real), e.g. `get_window("hann", 1024)`.
    hop_length : int
        Samples between frames, `1 <= hop_length <= MAX_LENGTH` (2**31).

    Returns
    -------
    bool

    Raises
    ------
    ParameterError
        A window that is not a finite real 1-D array (a name: build it with
        `get_window`), or a bad `hop_length`.

    Examples
    --------
    >>> hann = get_window("hann", 8)
    >>> nola_holds(hann, hop_length=4), nola_holds(hann, hop_length=8)
    (True, False)
    """
    w2 = _window_array(window) ** 2
    hop_length = check_length("hop_length", hop_length)
    hop_length = min(hop_length, w2.shape[0] + 1)  # longer hops leave the same gaps
    n_rows = -(-w2.shape[0] // hop_length)
    folded = np.pad(w2, (0, n_rows * hop_length - w2.shape[0])).reshape(n_rows, hop_length)
    return bool(folded.sum(axis=0).min() > 1e-10 * max(w2.max(), np.finfo(float).tiny))


def n_frames(n_samples: int, *, n_fft: int, hop_length: int, center: bool = True) -> int:
    """Number of STFT frames `stft` produces for a signal of `n_samples` samples.

    $1 + \\lfloor (n + 2\\lfloor N/2 \\rfloor - N) / H \\rfloor$ when centred,
    $1 + \\lfloor (n - N)/H \\rfloor$ otherwise.

    Parameters
    ----------
    n_samples : int
        Length of the signal, `>= 1`.
    n_fft : int
        Frame length in samples, `>= 1`; without centring at most `n_samples`.
    hop_length : int
        Samples between frames, `>= 1`.
    center : bool
        Whether the frames are centred (`n_fft // 2` samples padded on both sides).

    Returns
    -------
    int
        At least 1.

    Raises
    ------
    ParameterError
        Non-integer or out-of-range sizes; `n_fft > n_samples` with `center=False`
        (no complete frame).

    Examples
    --------
    >>> n_frames(22050, n_fft=2048, hop_length=512)
    44
    """
    n_samples = check_int("n_samples", n_samples, low=1)
    n_fft = check_int("n_fft", n_fft, low=1)
    hop_length = check_int("hop_length", hop_length, low=1)
    center = check_bool("center", center)
    padded = n_samples + 2 * (n_fft // 2) if center else n_samples
    if padded < n_fft:
        raise ParameterError(
            f"n_fft must be <= n_samples={n_samples} when center=False (no complete "
            f"frame otherwise); got {n_fft}"
        )
    return 1 + (padded - n_fft) // hop_length


def _overlap_add(frames: np.ndarray, hop_length: int) -> np.ndarray:
    """`overlap_add` without its checks, for the package's inner loops."""
    *lead, count, length = frames.shape
    n_blocks = -(-length // hop_length)
    if n_blocks * hop_length != length:
        frames = np.pad(
            frames, [(0, 0)] * (frames.ndim - 1) + [(0, n_blocks * hop_length - length)]
        )
    blocks = frames.reshape(*lead, count, n_blocks, hop_length)
    out = np.zeros((*lead, (count + n_blocks - 1) * hop_length), dtype=frames.dtype)
    for j in range(n_blocks):
        out[..., j * hop_length : (j + count) * hop_length] += blocks[..., j, :].reshape(
            *lead, count * hop_length
        )
    return out[..., : length + hop_length * (count - 1)]


def overlap_add(frames: np.ndarray, *, hop_length: int) -> np.ndarray:
    """Overlap-add frames laid out as `(..., n_frames, frame_length)`.

    Vectorised: the frames are cut into `ceil(frame_length / hop_length)` hop-sized
    blocks and each block position is added with one array operation.

    Parameters
    ----------
    frames : np.ndarray, shape (..., n_frames, frame_length)
        Finite real or complex frames, at least one of at least one sample.
    hop_length : int
        Samples between frame starts, `1 <= hop_length <= MAX_LENGTH` (2**31).

    Returns
    -------
    np.ndarray, shape (..., frame_length + hop_length * (n_frames - 1))

    Raises
    ------
    ParameterError
        Frames with fewer than 2 dimensions, no samples or non-finite values, a bad
        `hop_length`, or an output longer than `MAX_LENGTH`.

    Examples
    --------
    >>> overlap_add(np.ones((3, 4)), hop_length=2).tolist()
    [1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 1.0, 1.0]
    """
    frames = check_array("frames", frames, ndim=None, dtype=None)
    if frames.ndim < 2 or frames.shape[-1] == 0 or frames.shape[-2] == 0:
        raise ParameterError(
            f"frames must have shape (..., n_frames, frame_length) with n_frames and "
            f"frame_length >= 1; got shape {frames.shape}"
        )
    hop_length = check_length("hop_length", hop_length)
    *_lead, count, length = frames.shape
    if length + hop_length * (count - 1) > MAX_LENGTH:
        raise ParameterError(
            f"hop_length={hop_length} with {count} frames of {length} samples gives more "
            f"than MAX_LENGTH={MAX_LENGTH} output samples"
        )
    return _overlap_add(frames, hop_length)


def window_sumsquare(window: np.ndarray, *, n_frames: int, hop_length: int) -> np.ndarray:
    """Sum-square envelope of a (padded) window repeated `n_frames` times every `hop_length`.

    Same as `librosa.filters.window_sumsquare` for the same padded window.

    Parameters
    ----------
    window : np.ndarray, shape (n,)
        The window's samples (finite, real), e.g. `get_window("hann", 1024)`.
    n_frames : int
        Number of frames, `>= 1`.
    hop_length : int
        Samples between frames, `>= 1`.

    Returns
    -------
    np.ndarray, shape (n + hop_length * (n_frames - 1),)

    Raises
    ------
    ParameterError
        A window that is not a finite real 1-D array, bad sizes, or an envelope longer
        than `MAX_LENGTH` (2**31) samples.

    Examples
    --------
    >>> window_sumsquare(np.ones(4), n_frames=3, hop_length=2).tolist()
    [1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 1.0, 1.0]
    """
    w2 = _window_array(window) ** 2
    n_frames = check_length("n_frames", n_frames)
    hop_length = check_length("hop_length", hop_length)
    if w2.shape[0] + hop_length * (n_frames - 1) > MAX_LENGTH:
        raise ParameterError(
            f"n_frames={n_frames} every hop_length={hop_length} gives an envelope longer "
            f"than MAX_LENGTH={MAX_LENGTH} samples"
        )
    return _overlap_add(np.broadcast_to(w2, (n_frames, w2.shape[0])), hop_length)


def _resolve(n_fft: int, hop_length: int | None, win_length: int | None) -> tuple[int, int]:
    win_length = n_fft if win_length is None else check_int("win_length", win_length, low=1)
    if win_length > n_fft:
        raise ParameterError(f"win_length must be <= n_fft={n_fft}; got {win_length}")
    if hop_length is None:
        hop_length = max(win_length // 4, 1)
    hop_length = check_int("hop_length", hop_length, low=1)
    return hop_length, win_length


def stft(
    y: np.ndarray,
    *,
    n_fft: int = 2048,
    hop_length: int | None = None,
    win_length: int | None = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: str = "constant",
) -> np.ndarray:
    """Short-time Fourier transform of a real signal, like `librosa.stft`.

    Parameters
    ----------
    y : np.ndarray, shape (..., n)
        Real, finite samples; the transform runs along the last axis.
    n_fft : int
        Frame length (FFT size) in samples, >= 1.
    hop_length : int, optional
        Samples between frames, >= 1. Defaults to `win_length // 4`.
    win_length : int, optional
        Window length, `<= n_fft`; the window is zero-padded to the centre of the
        frame. Defaults to `n_fft`.
    window : str, tuple or np.ndarray
        The analysis window: a `scipy.signal.get_window` name or `(name, parameter)`
        tuple (periodic: "hann", "hamming", "blackman", "boxcar", `("kaiser", 8.0)`,
        ...), or an array of `win_length` samples (`get_window` builds it).
    center : bool
        Pad `n_fft // 2` samples on both sides so frame $m$ is centred on sample $mH$.
    pad_mode : {"constant", "edge", "reflect"}
        `numpy.pad` mode for centring; "constant" (zeros) as in librosa >= 0.9.0.

    Returns
    -------
    D : np.ndarray, shape (..., 1 + n_fft // 2, n_frames), complex128
        $D[k, m] = \\sum_{n=0}^{N-1} w[n]\\, y_p[mH + n]\\, e^{-2\\pi i k n / N}$, with
        $y_p$ the (padded) signal and `n_frames` given by `n_frames`.

    Raises
    ------
    ParameterError
        `n_fft < 1`, `hop_length < 1`, `win_length > n_fft`, complex, empty or
        non-finite `y`, or `center=False` with a signal shorter than `n_fft`.

    Warns
    -----
    UserWarning
        `center=True` with a signal shorter than `n_fft` (librosa warns too).

    Notes
    -----
    The frame phase is referenced to the frame start (see the module notes); librosa
    and torchaudio share this convention. Allen & Rabiner (1977), Proc. IEEE 65(11).

    One deliberate difference: with `pad_mode="reflect"` and `hop_length > n_fft`
    librosa 0.11 pads the head and tail separately and can reflect a tail shorter
    than `n_fft // 2`, so its last frames differ; here the whole signal is padded
    once (the `numpy.pad` result). Every other case equals librosa to 1e-10.

    See the page [STFT and phase](../architectures/stft-and-phase.md).

    Examples
    --------
    >>> from audioml.signals import tone
    >>> D = stft(tone(1000, sr=8000, duration=1.0), n_fft=256, hop_length=64)
    >>> D.shape
    (129, 126)
    >>> int(np.abs(D[:, 60]).argmax())  # 1000 Hz / (8000 / 256) Hz per bin
    32
    """
    n_fft = check_length("n_fft", n_fft)
    hop_length, win_length = _resolve(n_fft, hop_length, win_length)
    check_choice("pad_mode", pad_mode, PAD_MODES)
    if is_complex(y):
        raise ParameterError("y must be real; got a complex array")
    y = check_array("y", y, ndim=None, min_size=1)
    if y.ndim < 1 or y.shape[-1] < 1:
        raise ParameterError(f"y must have at least one sample on its last axis; got {y.shape}")
    fft_window = get_window(window, win_length, n_fft=n_fft)
    if center:
        if n_fft > y.shape[-1]:
            warnings.warn(
                f"n_fft={n_fft} is larger than the signal ({y.shape[-1]} samples); "
                "most of every frame is padding",
                stacklevel=2,
            )
        pad = [(0, 0)] * (y.ndim - 1) + [(n_fft // 2, n_fft // 2)]
        y = np.pad(y, pad, mode=pad_mode)
    elif n_fft > y.shape[-1]:
        raise ParameterError(
            f"y must have at least n_fft={n_fft} samples when center=False; got {y.shape[-1]}"
        )
    return _stft_padded(y, fft_window, hop_length)


# --8<-- [start:stft_core]
def _stft_padded(y_padded: np.ndarray, fft_window: np.ndarray, hop_length: int) -> np.ndarray:
    """STFT of an already padded signal; returns shape (..., n_bins, n_frames)."""
    frames = np.lib.stride_tricks.sliding_window_view(y_padded, fft_window.shape[0], axis=-1)
    spectra = scipy.fft.rfft(frames[..., ::hop_length, :] * fft_window, axis=-1)
    return np.swapaxes(spectra, -1, -2)
    # --8<-- [end:stft_core]


def istft(
    D: np.ndarray,
    *,
    hop_length: int | None = None,
    win_length: int | None = None,
    n_fft: int | None = None,
    window: Any = "hann",
    center: bool = True,
    length: int | None = None,
) -> np.ndarray:
    """Inverse STFT by weighted overlap-add, like `librosa.istft`.

    Parameters
    ----------
    D : np.ndarray, shape (..., 1 + n_fft // 2, n_frames)
        STFT matrix (complex or real), finite.
    hop_length : int, optional
        Samples between the frames of `D`, >= 1 (the `hop_length` given to `stft`);
        defaults to `win_length // 4`.
    win_length : int, optional
        Window length in samples, `<= n_fft`, zero-padded to the centre of each frame;
        defaults to `n_fft`.
    window : str, tuple or np.ndarray
        The analysis window: a `scipy.signal.get_window` name or `(name, parameter)`
        tuple (periodic: "hann", "hamming", "blackman", "boxcar", `("kaiser", 8.0)`,
        ...), or an array of `win_length` samples (`get_window` builds it): the
        window of the analysis.
    center : bool
        Whether the frames of `D` are centred (`n_fft // 2` samples of padding on both
        sides, removed here).
    n_fft : int, optional
        Frame length; defaults to `2 * (D.shape[-2] - 1)` (give it for odd `n_fft`).
    length : int, optional
        Output length in samples, in `[1, MAX_LENGTH]` (2**31): the result is cut or
        zero-padded to it. Without it the output has `hop_length * (n_frames - 1)`
        samples (centred) or `n_fft + hop_length * (n_frames - 1)` samples.

    Returns
    -------
    y : np.ndarray, shape (..., n), float64
        $y = \\sum_m w \\cdot \\mathrm{IDFT}(D[:, m])$ (shifted by $mH$) divided by the
        sum-square window envelope $\\sum_m w^2[n - mH]$ where that is positive.

    Raises
    ------
    ParameterError
        Bad sizes, `D.shape[-2]` inconsistent with `n_fft`, non-finite `D`.

    Warns
    -----
    UserWarning
        The window and hop break the NOLA condition: some samples cannot be recovered.

    Notes
    -----
    The least-squares inverse of Griffin & Lim (1984), IEEE Trans. ASSP 32(2):236-243,
    section 2. `istft(stft(y), length=len(y))` gives back `y` (to ~1e-15) when NOLA holds.

    See the page [STFT and phase](../architectures/stft-and-phase.md).

    Examples
    --------
    >>> from audioml.signals import white_noise
    >>> y = white_noise(duration=0.1, rng=0)
    >>> bool(np.allclose(istft(stft(y, n_fft=512), length=len(y)), y, atol=1e-12))
    True
    """
    D = check_array("D", D, ndim=None, dtype=None)
    if D.ndim < 2:
        raise ParameterError(f"D must have shape (..., n_bins, n_frames); got {D.shape}")
    if n_fft is None:
        n_fft = 2 * (D.shape[-2] - 1)
        if n_fft < 1:
            raise ParameterError(f"D must have at least 2 frequency bins; got {D.shape}")
    n_fft = check_length("n_fft", n_fft)
    if D.shape[-2] != 1 + n_fft // 2:
        raise ParameterError(
            f"D must have 1 + n_fft // 2 = {1 + n_fft // 2} frequency bins for n_fft={n_fft}; "
            f"got {D.shape[-2]}"
        )
    hop_length, win_length = _resolve(n_fft, hop_length, win_length)
    if length is not None:
        length = check_length("length", length)
    ifft_window = get_window(window, win_length, n_fft=n_fft)
    if not nola_holds(ifft_window, hop_length=hop_length):
        warnings.warn(
            f"window={describe(window)} (win_length={win_length}) with hop_length={hop_length} "
            "breaks the NOLA condition: some samples cannot be reconstructed",
            stacklevel=2,
        )
    count = D.shape[-1]
    if length is not None:
        padded = length + 2 * (n_fft // 2) if center else length
        count = min(count, -(-padded // hop_length))
    inverse = _InverseStft(ifft_window, hop_length, count, center)
    return inverse(np.swapaxes(D[..., :count], -1, -2), length)


class _InverseStft:
    """The inverse STFT for a fixed window, hop and frame count, normalisation precomputed."""

    def __init__(self, window: np.ndarray, hop_length: int, count: int, center: bool):
        self.window = window
        self.n_fft = window.shape[0]
        self.hop_length = hop_length
        envelope = window_sumsquare(window, n_frames=count, hop_length=hop_length)
        nonzero = envelope > np.finfo(np.float64).tiny
        self.inverse_envelope = np.where(nonzero, 1.0 / np.where(nonzero, envelope, 1.0), 1.0)
        self.start = self.n_fft // 2 if center else 0
        self.natural_length = envelope.shape[0] - 2 * self.start

    # --8<-- [start:istft_core]
    def full(self, spectra: np.ndarray) -> np.ndarray:
        """Normalised overlap-add of spectra laid out (..., n_frames, n_bins), untrimmed."""
        frames = scipy.fft.irfft(spectra, n=self.n_fft, axis=-1)
        frames *= self.window
        out = _overlap_add(frames, self.hop_length)
        out *= self.inverse_envelope
        return out
        # --8<-- [end:istft_core]

    def __call__(self, spectra: np.ndarray, length: int | None) -> np.ndarray:
        wanted = self.natural_length if length is None else length
        out = self.full(spectra)[..., self.start : self.start + wanted]
        if wanted <= out.shape[-1]:
            return out
        pad = [(0, 0)] * (out.ndim - 1) + [(0, wanted - out.shape[-1])]
        return np.pad(out, pad)


def magphase(D: np.ndarray, *, power: float = 1) -> tuple[np.ndarray, np.ndarray]:
    """Split a complex spectrogram into magnitude (to a power) and unit phasor, like librosa.

    Parameters
    ----------
    D : np.ndarray
        Complex (or real) spectrogram, finite.
    power : float
        Exponent of the magnitude, > 0 (1: magnitude, 2: power).

    Returns
    -------
    S : np.ndarray
        $|D|^{p}$.
    phase : np.ndarray, complex
        $D / |D|$, and exactly `1 + 0j` where $D = 0$, so $D = S^{1/p} \\cdot$ `phase`.

    Examples
    --------
    >>> S, phase = magphase(np.array([3 + 4j, 0j]))
    >>> S.tolist(), phase.tolist()
    ([5.0, 0.0], [(0.6+0.8j), (1+0j)])
    """
    D = check_array("D", D, ndim=None, dtype=None)
    power = check_real("power", power, low=0, low_open=True)
    mag = np.abs(D).astype(np.float64)
    zeros_to_ones = mag == 0
    mag_nonzero = mag + zeros_to_ones
    phase = np.empty(D.shape, dtype=np.complex128)
    phase.real = D.real / mag_nonzero + zeros_to_ones
    phase.imag = np.imag(D) / mag_nonzero
    with np.errstate(over="ignore"):
        powered = mag**power
    if not np.all(np.isfinite(powered)):
        warnings.warn(
            f"magphase: magnitude**power overflows float64 (power={power}); those entries are inf",
            RuntimeWarning,
            stacklevel=2,
        )
    return powered, phase


def _reference(name: str, ref: float | Callable[[np.ndarray], Any], magnitude: np.ndarray) -> float:
    value = ref(magnitude) if callable(ref) else ref
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    return abs(check_real(name, value))


def _magnitude(S: Any, what: str) -> np.ndarray:
    S = check_array("S", S, ndim=None, dtype=None)
    if np.iscomplexobj(S):
        warnings.warn(
            f"{what} got a complex S: its phase is discarded (use np.abs(S) to silence this)",
            stacklevel=3,
        )
        return np.abs(S)
    return S.astype(np.float64)


def power_to_db(
    S: np.ndarray,
    *,
    ref: float | Callable[[np.ndarray], Any] = 1.0,
    amin: float = 1e-10,
    top_db: float | None = 80.0,
) -> np.ndarray:
    """Power (squared magnitude) to decibels, like `librosa.power_to_db`.

    Parameters
    ----------
    S : np.ndarray
        Power values, >= 0 (complex input: its magnitude is used, with a warning).
    ref : float or callable
        Reference power (0 dB), or a function of `S` such as `np.max`; its absolute
        value is used.
    amin : float
        Floor, > 0, applied to `S` and to `ref`.
    top_db : float or None
        If given (>= 0), clip the result to at least `max - top_db`.

    Returns
    -------
    np.ndarray
        $10\\log_{10}(\\max(S, a)) - 10\\log_{10}(\\max(\\mathrm{ref}, a))$, then clipped.

    Notes
    -----
    Unlike librosa, negative power values raise `ParameterError` instead of being
    silently floored to `amin`: a negative power is always a bug upstream.

    Examples
    --------
    >>> power_to_db(np.array([1.0, 0.1, 1e-12])).tolist()
    [0.0, -10.0, -80.0]
    >>> power_to_db(np.array([4.0, 1.0]), ref=np.max).round(3).tolist()
    [0.0, -6.021]
    """
    magnitude = _magnitude(S, "power_to_db")
    if (magnitude < 0).any():
        raise ParameterError(f"S must be >= 0 (a power); got minimum {magnitude.min():g}")
    amin = check_real("amin", amin, low=0, low_open=True)
    ref_value = _reference("ref", ref, magnitude)
    log_spec = 10.0 * np.log10(np.maximum(amin, magnitude))
    log_spec -= 10.0 * np.log10(max(amin, ref_value))
    if top_db is not None:
        top_db = check_real("top_db", top_db, low=0)
        log_spec = np.maximum(log_spec, log_spec.max() - top_db)
    return log_spec


def amplitude_to_db(
    S: np.ndarray,
    *,
    ref: float | Callable[[np.ndarray], Any] = 1.0,
    amin: float = 1e-5,
    top_db: float | None = 80.0,
) -> np.ndarray:
    """Amplitude (magnitude) to decibels, like `librosa.amplitude_to_db`.

    Equals `power_to_db(|S|**2, ref=ref**2, amin=amin**2, top_db=top_db)`, with `ref`
    evaluated on $|S|$ when it is a function (e.g. `np.max`), but computed on the
    amplitudes themselves, so that amplitudes beyond 1e154 (whose squares overflow)
    still give finite decibels.

    Parameters
    ----------
    S : np.ndarray
        Amplitudes; their absolute value is used (complex input warns).
    ref : float or callable
        Reference amplitude (0 dB), or a function of $|S|$ such as `np.max`; its
        absolute value is used.
    amin : float
        Floor, > 0, applied to $|S|$ and to `ref`, in amplitude units (default 1e-5,
        i.e. -100 dB re 1).
    top_db : float or None
        If given (>= 0), clip the result to at least `max - top_db` (dB).

    Returns
    -------
    np.ndarray
        $20\\log_{10}(\\max(|S|, a)/\\max(\\mathrm{ref}, a))$, clipped at `max - top_db`.

    Examples
    --------
    >>> amplitude_to_db(np.array([1.0, 0.1, -0.01])).tolist()
    [0.0, -20.0, -40.0]
    """
    magnitude = np.abs(_magnitude(S, "amplitude_to_db"))
    ref_value = _reference("ref", ref, magnitude)
    amin = check_real("amin", amin, low=0, low_open=True)
    log_spec = 20.0 * np.log10(np.maximum(amin, magnitude))
    log_spec -= 20.0 * np.log10(max(amin, ref_value))
    if top_db is not None:
        top_db = check_real("top_db", top_db, low=0)
        log_spec = np.maximum(log_spec, log_spec.max() - top_db)
    return log_spec
