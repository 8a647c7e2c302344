"""Spectral losses: STFT-magnitude losses at one resolution or several, and the mel loss.

Part of `audioml.losses` (import them from there); the module's conventions and its
deliberate differences from auraloss are documented on that package.

See the page [The loss catalogue](../losses/catalogue.md).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._validate import check_choice, check_int, check_real
from ..errors import ParameterError
from ._common import _check_not_silent, _pair

__all__ = [
    "MRSTFT_RESOLUTIONS",
    "log_stft_magnitude_loss",
    "mel_stft_loss",
    "multi_resolution_stft_loss",
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
    from ..spectral import stft

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
    n_fft : int
        FFT length of each frame in samples, `>= 2` (auraloss `STFTLoss` default 1024).
    hop_length : int or None
        Samples between frames, `>= 1` (auraloss default 256); `None` means
        `win_length // 4`, librosa's default.
    win_length : int or None
        Window length in samples, `1 <= win_length <= n_fft` (auraloss default 1024);
        `None` means `n_fft`. Shorter windows are zero-padded to `n_fft`.
    window : str, tuple or np.ndarray
        Window spec for `audioml.spectral.stft` (default periodic Hann, like
        `torch.hann_window`).
    center : bool
        Centre the frames: pad `n_fft // 2` samples on both sides so frame $m$ is
        centred on sample $m H$ (default True, as `torch.stft` in auraloss).
    pad_mode : {"reflect", "constant"}
        How `center` pads: by reflection (default, as `torch.stft` in auraloss) or with
        zeros (librosa >= 0.9.0).
    eps : float
        Floor of the squared magnitude, `> 0`: $|X| = \\sqrt{\\max(|X|^2, \\epsilon)}$
        (auraloss default 1e-8).

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
    n_fft : int
        FFT length of each frame in samples, `>= 2` (auraloss `STFTLoss` default 1024).
    hop_length : int or None
        Samples between frames, `>= 1` (auraloss default 256); `None` means
        `win_length // 4`, librosa's default.
    win_length : int or None
        Window length in samples, `1 <= win_length <= n_fft` (auraloss default 1024);
        `None` means `n_fft`. Shorter windows are zero-padded to `n_fft`.
    window : str, tuple or np.ndarray
        Window spec for `audioml.spectral.stft` (default periodic Hann, like
        `torch.hann_window`).
    center : bool
        Centre the frames: pad `n_fft // 2` samples on both sides so frame $m$ is
        centred on sample $m H$ (default True, as `torch.stft` in auraloss).
    pad_mode : {"reflect", "constant"}
        How `center` pads: by reflection (default, as `torch.stft` in auraloss) or with
        zeros (librosa >= 0.9.0).
    eps : float
        Floor of the squared magnitude, `> 0`: $|X| = \\sqrt{\\max(|X|^2, \\epsilon)}$
        (auraloss default 1e-8).

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
    n_fft : int
        FFT length of each frame in samples, `>= 2` (auraloss `STFTLoss` default 1024).
    hop_length : int or None
        Samples between frames, `>= 1` (auraloss default 256); `None` means
        `win_length // 4`, librosa's default.
    win_length : int or None
        Window length in samples, `1 <= win_length <= n_fft` (auraloss default 1024);
        `None` means `n_fft`. Shorter windows are zero-padded to `n_fft`.
    window : str, tuple or np.ndarray
        Window spec for `audioml.spectral.stft` (default periodic Hann, like
        `torch.hann_window`).
    center : bool
        Centre the frames: pad `n_fft // 2` samples on both sides so frame $m$ is
        centred on sample $m H$ (default True, as `torch.stft` in auraloss).
    pad_mode : {"reflect", "constant"}
        How `center` pads: by reflection (default, as `torch.stft` in auraloss) or with
        zeros (librosa >= 0.9.0).
    w_sc : float
        Weight of the spectral-convergence term, `>= 0` (auraloss default 1); the three
        weights must not all be 0.
    w_log_mag : float
        Weight of the log-magnitude L1 term, `>= 0` (auraloss default 1).
    w_lin_mag : float
        Weight of the linear-magnitude L1 term, `>= 0` (auraloss default 0).
    eps : float
        Floor of the squared magnitude, `> 0`: $|X| = \\sqrt{\\max(|X|^2, \\epsilon)}$
        (auraloss default 1e-8).

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
    n_fft : int
        FFT length of each frame in samples, `>= 2` (auraloss `STFTLoss` default 1024).
    hop_length : int or None
        Samples between frames, `>= 1` (auraloss default 256); `None` means
        `win_length // 4`, librosa's default.
    win_length : int or None
        Window length in samples, `1 <= win_length <= n_fft` (auraloss default 1024);
        `None` means `n_fft`. Shorter windows are zero-padded to `n_fft`.
    window : str, tuple or np.ndarray
        Window spec for `audioml.spectral.stft` (default periodic Hann, like
        `torch.hann_window`).
    center : bool
        Centre the frames: pad `n_fft // 2` samples on both sides so frame $m$ is
        centred on sample $m H$ (default True, as `torch.stft` in auraloss).
    pad_mode : {"reflect", "constant"}
        How `center` pads: by reflection (default, as `torch.stft` in auraloss) or with
        zeros (librosa >= 0.9.0).
    n_mels : int
        Number of mel bands, `>= 1` (auraloss `MelSTFTLoss` default 128). The basis is
        `audioml.filterbanks.mel_filterbank(sr=sr, n_fft=n_fft, n_mels=n_mels, fmin=fmin,
        fmax=fmax)`: Slaney scale and norm, like librosa and auraloss; every band must
        contain at least one FFT bin.
    fmin : float
        Lowest edge of the mel bands in Hz, `>= 0` (default 0).
    fmax : float or None
        Highest edge of the mel bands in Hz, `<= sr / 2`; `None` means `sr / 2`.
    w_sc : float
        Weight of the spectral-convergence term, `>= 0` (auraloss default 1); the three
        weights must not all be 0.
    w_log_mag : float
        Weight of the log-magnitude L1 term, `>= 0` (auraloss default 1).
    w_lin_mag : float
        Weight of the linear-magnitude L1 term, `>= 0` (auraloss default 0).
    eps : float
        Floor of the squared magnitude, `> 0`: $|X| = \\sqrt{\\max(|X|^2, \\epsilon)}$
        (auraloss default 1e-8).

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
    from ..filterbanks import mel_filterbank

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
    window : str, tuple or np.ndarray
        Window spec for `audioml.spectral.stft`, shared by every resolution (default
        periodic Hann, like `torch.hann_window`).
    center : bool
        Centre the frames of every resolution: pad `n_fft // 2` samples on both sides
        (default True, as `torch.stft` in auraloss).
    pad_mode : {"reflect", "constant"}
        How `center` pads: by reflection (default, as `torch.stft` in auraloss) or with
        zeros (librosa >= 0.9.0).
    eps : float
        Floor of the squared magnitude at every resolution, `> 0`:
        $|X| = \\sqrt{\\max(|X|^2, \\epsilon)}$ (auraloss default 1e-8).
    w_sc : float
        Weight of the spectral-convergence term, `>= 0` (auraloss default 1); the three
        weights must not all be 0.
    w_log_mag : float
        Weight of the log-magnitude L1 term, `>= 0` (auraloss default 1).
    w_lin_mag : float
        Weight of the linear-magnitude L1 term, `>= 0` (auraloss default 0).

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
