"""The front ends of real models: exactly what Whisper, Wav2Vec2, AST and a HiFi-GAN see.

A pretrained model only works on the features it was trained on, computed the way its
training code computed them. This module reproduces, in plain numpy, the feature
extractors of Hugging Face `transformers` (5.23) step by step, so that each step can be
looked at and tested on its own:

- `whisper_log_mel`: `WhisperFeatureExtractor` (log10 mel power, clamped to the top
  80 dB, scaled to about [-1, 1]); `whisper_stages` returns every intermediate step;
- `wav2vec2_normalize`: `Wav2Vec2FeatureExtractor(do_normalize=True)` (zero mean,
  unit variance);
- `kaldi_fbank`: the Kaldi-style filter bank of `ASTFeatureExtractor` (window "hann")
  and of `SeamlessM4TFeatureExtractor` (window "povey"), before each model's own scaling;
- `hifigan_log_mel`: the log-mel spectrogram a HiFi-GAN vocoder is trained on
  (natural log of mel magnitudes, floor 1e-5).

`make crosscheck` proves each one equal to `transformers` (or, for HiFi-GAN, to the
reference code's arithmetic in torch) within the tolerances stated in each docstring.

See the page [What the model sees](../architectures/what-the-model-sees.md).
"""

from __future__ import annotations

import numpy as np

from ._validate import (
    MAX_LENGTH,
    check_array,
    check_choice,
    check_int,
    check_length,
    check_real,
    is_complex,
)
from .errors import ParameterError
from .filterbanks import mel_filterbank
from .spectral import stft

__all__ = [
    "KALDI_MEL_FLOOR",
    "KALDI_WINDOWS",
    "WHISPER_N_SAMPLES",
    "hifigan_log_mel",
    "kaldi_fbank",
    "kaldi_mel_filterbank",
    "kaldi_window",
    "wav2vec2_normalize",
    "whisper_log_mel",
    "whisper_stages",
]

#: Whisper reads exactly 30 s at 16 kHz: 480,000 samples, 3,000 frames of 10 ms.
WHISPER_SR = 16000
WHISPER_N_SAMPLES = 30 * WHISPER_SR
_WHISPER_N_FFT = 400
_WHISPER_HOP = 160
_WHISPER_FLOOR = 1e-10
_WHISPER_RANGE = 8.0  # log10 units: the top 80 dB are kept

#: Kaldi's (and transformers') floor of the mel energies: float32 machine epsilon, 2**-23.
KALDI_MEL_FLOOR = 1.192092955078125e-07
#: The windows `kaldi_fbank` offers: AST's "hann" and SeamlessM4T's "povey".
KALDI_WINDOWS = ("hann", "povey")
_KALDI_FRAME = 400
_KALDI_HOP = 160
_KALDI_N_FFT = 512
_KALDI_PREEMPHASIS = 0.97
_KALDI_FMIN = 20.0

_WAV2VEC2_EPS = 1e-7
#: The largest float32 magnitude, about 3.4e38: the extractors round samples to float32,
#: so larger (finite) samples would become infinite.
_FLOAT32_MAX = float(np.finfo(np.float32).max)
_HIFIGAN_MAG_EPS = 1e-9  # inside the square root of the magnitude
_HIFIGAN_FLOOR = 1e-5


def _mono(y: object, *, min_samples: int = 1) -> np.ndarray:
    """`y` as a finite real 1-D float32 array (the dtype every extractor casts to)."""
    if is_complex(y):
        raise ParameterError("y must be real; got a complex array")
    y = check_array("y", y, ndim=1, min_size=min_samples, low=-_FLOAT32_MAX, high=_FLOAT32_MAX)
    return y.astype(np.float32)


# --8<-- [start:whisper]
def whisper_stages(y: np.ndarray, *, sr: int = 16000, n_mels: int = 80) -> dict[str, np.ndarray]:
    """Every step of Whisper's log-mel front end, in order, as a dictionary of arrays.

    Parameters
    ----------
    y : np.ndarray, shape (n,)
        Mono samples at 16 kHz, nominally in [-1, 1]; rounded to float32 first, as
        `WhisperFeatureExtractor` does (so at most float32's 3.4e38 in magnitude).
    sr : int
        Sampling rate in Hz; must be 16000 (Whisper's only rate: resample first).
    n_mels : int
        Number of mel bands: 80 (Whisper tiny to large-v2) or 128 (large-v3); any
        count from 1 up to the number that leaves no band empty is accepted.

    Returns
    -------
    dict of str to np.ndarray
        In order: `"waveform"` (480,000 samples: padded with zeros or cut to 30 s),
        `"power"` (201, 3001) the STFT power $|X|^2$, `"mel"` (n_mels, 3001) Slaney mel
        power, `"log10"` its `log10(max(mel, 1e-10))`, `"dropped"` (n_mels, 3000) with
        the last frame removed, `"clamped"` floored at its maximum minus 8, and
        `"features"` $(x + 4)/4$ as float32: what the model reads.

    Raises
    ------
    ParameterError
        `sr` other than 16000, `n_mels` out of range, or `y` not a finite real 1-D array.

    See the page [What the model sees](../architectures/what-the-model-sees.md).

    Examples
    --------
    >>> from audioml.signals import tone
    >>> stages = whisper_stages(tone(440, sr=16000, duration=1.0))
    >>> [stages[k].shape for k in ("waveform", "power", "mel", "dropped", "features")]
    [(480000,), (201, 3001), (80, 3001), (80, 3000), (80, 3000)]
    """
    check_choice("sr", sr, (WHISPER_SR,))
    n_mels = check_int("n_mels", n_mels, low=1, high=_WHISPER_N_FFT // 2 + 1)
    y = _mono(y)
    waveform = np.zeros(WHISPER_N_SAMPLES, dtype=np.float32)  # pad with silence ...
    waveform[: min(y.size, WHISPER_N_SAMPLES)] = y[:WHISPER_N_SAMPLES]  # ... or cut at 30 s
    X = stft(
        waveform.astype(np.float64),
        n_fft=_WHISPER_N_FFT,  # 25 ms periodic Hann window
        hop_length=_WHISPER_HOP,  # 10 ms
        window="hann",
        center=True,
        pad_mode="reflect",  # frames centred on 0, 160, ..., 480000 samples: 3001 of them
    )
    power = X.real**2 + X.imag**2
    basis = _mel_basis(n_mels, sr=sr, n_fft=_WHISPER_N_FFT, fmin=0.0, fmax=8000.0)
    mel = basis @ power  # Slaney mel scale and area normalisation, as librosa
    log10 = np.log10(np.maximum(mel, _WHISPER_FLOOR))
    dropped = log10[:, :-1]  # 3000 frames: the frame centred on sample 480000 is dropped
    clamped = np.maximum(dropped, dropped.max() - _WHISPER_RANGE)  # keep the top 80 dB
    features = ((clamped + 4.0) / 4.0).astype(np.float32)
    return {
        "waveform": waveform,
        "power": power,
        "mel": mel,
        "log10": log10,
        "dropped": dropped,
        "clamped": clamped,
        "features": features,
    }
    # --8<-- [end:whisper]


def whisper_log_mel(y: np.ndarray, *, sr: int = 16000, n_mels: int = 80) -> np.ndarray:
    """Whisper's input features: a 30 s log-mel spectrogram, as `WhisperFeatureExtractor`.

    Parameters
    ----------
    y : np.ndarray, shape (n,)
        Mono samples at 16 kHz, nominally in [-1, 1]; rounded to float32 first, as the
        extractor does (so at most 3.4e38 in magnitude). Shorter than 30 s: padded with
        zeros; longer: cut at 30 s.
    sr : int
        Sampling rate in Hz; must be 16000 (resample first).
    n_mels : int
        Number of mel bands: 80 (default; Whisper tiny to large-v2) or 128 (large-v3).

    Returns
    -------
    np.ndarray, shape (n_mels, 3000), float32
        Values in $[m - 2,\\ m]$ with $m$ the largest value: $(\\max(L, \\max L - 8) + 4)/4$
        with $L = \\log_{10}\\max(\\text{mel power}, 10^{-10})$.

    Raises
    ------
    ParameterError
        `sr` other than 16000, `n_mels < 1`, or `y` not a finite real 1-D array.

    Notes
    -----
    The steps (`whisper_stages` returns each one): pad or cut to 480,000 samples; STFT
    with a 400-sample periodic Hann window, hop 160, frames centred (reflect padding),
    giving 3001 frames; power $|X|^2$; Slaney mel filter bank from 0 to 8 kHz (librosa's
    default, `audioml.filterbanks.mel_filterbank`); $L = \\log_{10}\\max(M, 10^{-10})$;
    drop the last frame (3000 remain, one per 10 ms); $L \\leftarrow \\max(L, \\max L - 8)$
    (the top 80 dB of the clip); $(L + 4)/4$.

    The features depend on the input level: a gain $g$ adds $\\log_{10}(g)/2$ to every
    value above the clamp (+0.1505 for +6 dB), and the clamp keeps 80 dB below the
    loudest bin, so silence (the padding) sits at $\\max L - 8$, not at a fixed value.

    Source: Radford et al., "Robust Speech Recognition via Large-Scale Weak
    Supervision" (2022), and `transformers.WhisperFeatureExtractor`
    (`_np_extract_fbank_features`). Computed in float64 and rounded to float32 at the
    end; `make crosscheck` measures the difference from transformers 5.23 on speech and
    noise (at most 1.2e-7, one float32 step, from its numpy path; 3e-5 from the float32
    torch path it takes when torch is installed).

    See the page [What the model sees](../architectures/what-the-model-sees.md).

    Examples
    --------
    >>> from audioml.signals import tone
    >>> F = whisper_log_mel(tone(440, sr=16000, duration=1.0, amplitude=0.5))
    >>> F.shape, F.dtype
    ((80, 3000), dtype('float32'))
    >>> round(float(F.max() - F.min()), 6)  # the clamp: exactly 8 / 4
    2.0
    """
    return whisper_stages(y, sr=sr, n_mels=n_mels)["features"]


def _mel_basis(n_mels: int, *, sr: float, n_fft: int, fmin: float, fmax: float) -> np.ndarray:
    """A Slaney mel filter bank, with an error (not a warning) when a band is empty."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        basis = mel_filterbank(sr=sr, n_fft=n_fft, n_mels=n_mels, fmin=fmin, fmax=fmax)
    empty = np.flatnonzero(~basis.any(axis=1))
    if empty.size:
        raise ParameterError(
            f"n_mels={n_mels} is too many for n_fft={n_fft} at sr={sr:g}: {empty.size} mel "
            f"band(s) contain no FFT bin (first: band {empty[0]}); lower n_mels"
        )
    return basis


# --8<-- [start:wav2vec2]
def wav2vec2_normalize(y: np.ndarray) -> np.ndarray:
    """Zero mean, unit variance along the last axis, as `Wav2Vec2FeatureExtractor`.

    Parameters
    ----------
    y : np.ndarray, shape (..., n)
        Finite real samples (any level up to float32's 3.4e38); each signal along the
        last axis is normalised on its own. Rounded to float32 first, as the extractor
        does.

    Returns
    -------
    np.ndarray, shape (..., n), float32
        $(y - \\bar y) / \\sqrt{\\sigma^2 + 10^{-7}}$ with $\\bar y$, $\\sigma^2$ the mean and
        (population) variance of each signal.

    Raises
    ------
    ParameterError
        `y` empty, complex, with NaN or infinite values or beyond float32's range.

    Notes
    -----
    This is `do_normalize=True` (the default) of `Wav2Vec2FeatureExtractor`
    (`zero_mean_unit_var_norm`), used by Wav2Vec2, HuBERT, WavLM and MMS: the model sees
    the waveform itself, so the only front end is this normalisation, which removes
    the input level entirely (a gain of 0.01 or 100 gives the same output, to the
    effect of the $10^{-7}$ in the root on very quiet signals). A silent or constant
    signal gives zeros, not NaN. Computed in float64 from the float32 input;
    `make crosscheck` finds at most 5e-7 difference from transformers 5.23.

    Source: Baevski et al., "wav2vec 2.0" (NeurIPS 2020), and
    `transformers.Wav2Vec2FeatureExtractor`.

    See the page [What the model sees](../architectures/what-the-model-sees.md).

    Examples
    --------
    >>> z = wav2vec2_normalize([1.0, 2.0, 3.0, 4.0])
    >>> z.round(4).tolist()
    [-1.3416, -0.4472, 0.4472, 1.3416]
    >>> float(abs(wav2vec2_normalize([0.5, 0.5, 0.5])).max())  # constant: zeros
    0.0
    """
    if is_complex(y):
        raise ParameterError("y must be real; got a complex array")
    y = check_array("y", y, ndim=None, min_size=1, low=-_FLOAT32_MAX, high=_FLOAT32_MAX)
    if y.ndim < 1:
        raise ParameterError(f"y must have at least one axis of samples; got shape {y.shape}")
    x = y.astype(np.float32).astype(np.float64)
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return ((x - mean) / np.sqrt(var + _WAV2VEC2_EPS)).astype(np.float32)
    # --8<-- [end:wav2vec2]


def kaldi_window(window: str = "hann", *, length: int = _KALDI_FRAME) -> np.ndarray:
    """The symmetric analysis windows of Kaldi's `fbank`: "hann" (Kaldi's "hanning") or "povey".

    Parameters
    ----------
    window : {"hann", "povey"}
        "hann": $w[n] = \\tfrac12 - \\tfrac12\\cos(2\\pi n/(N-1))$ (symmetric, zero at both
        ends; AST). "povey": the Hann window to the power 0.85 (Kaldi's default;
        SeamlessM4T).
    length : int
        Window length $N$ in samples, in `[2, MAX_LENGTH]` (2**31; 400 in both models).

    Returns
    -------
    np.ndarray, shape (length,)

    Raises
    ------
    ParameterError
        `window` not one of `KALDI_WINDOWS`, or `length` out of range.

    Examples
    --------
    >>> kaldi_window("hann", length=5).tolist()
    [0.0, 0.5, 1.0, 0.5, 0.0]
    >>> round(float(kaldi_window("povey", length=5)[1]), 4)  # 0.5 ** 0.85
    0.5548
    """
    check_choice("window", window, KALDI_WINDOWS)
    length = check_length("length", length, low=2)
    hann = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(length) / (length - 1))
    return hann if window == "hann" else hann**0.85


def kaldi_mel_filterbank(
    *, sr: float = 16000, n_fft: int = 512, n_mels: int = 128, fmin: float = 20.0
) -> np.ndarray:
    """Kaldi's mel filter bank: triangles equally spaced and linear on the mel scale.

    Parameters
    ----------
    sr : float
        Sampling rate in Hz, `>= 2`; the bank spans `fmin` to `sr // 2`.
    n_fft : int
        FFT length, `>= 2`; the bank has `1 + n_fft // 2` rows.
    n_mels : int
        Number of bands, `>= 1`. The matrix holds `(1 + n_fft // 2) * n_mels` values,
        at most `MAX_LENGTH` (2**31).
    fmin : float
        Lower edge of the first band in Hz, `0 <= fmin < sr // 2` (Kaldi's and AST's 20).

    Returns
    -------
    np.ndarray, shape (1 + n_fft // 2, n_mels)
        Column $j$ peaks at 1 (no area normalisation). Laid out as transformers'
        `mel_filter_bank` (bins by bands): the transpose of `mel_filterbank`'s layout.

    Raises
    ------
    ParameterError
        Out-of-range parameters.

    Notes
    -----
    Kaldi's mel scale $m = 1127 \\ln(1 + f/700)$ (the HTK formula in natural log). The
    band edges are $n_\\text{mels} + 2$ points equally spaced in mel from `fmin` to
    `sr // 2`, and each triangle is linear **in mel** between its edges (librosa's and
    Slaney's are linear in Hz), evaluated at the mel value of each bin $k\\,sr/n_\\text{fft}$.
    As `transformers.audio_utils.mel_filter_bank(..., norm=None, mel_scale="kaldi",
    triangularize_in_mel_space=True)`, which follows Kaldi's `mel-computations.cc`.

    A band narrower than the bin spacing can hold no bin at all, and no error is
    raised, because a real model has one: AST's 128 bands on a 512-point FFT at 16 kHz
    leave band 3 empty (63 to 93 Hz: 30 Hz wide, between the bins at 62.5 and
    93.75 Hz), so its energy is always the floor (transformers only warns).

    Examples
    --------
    >>> B = kaldi_mel_filterbank()
    >>> B.shape, float(B.max())
    ((257, 128), 1.0)
    """
    sr = check_real("sr", sr, low=2)
    n_fft = check_length("n_fft", n_fft, low=2)
    n_mels = check_length("n_mels", n_mels)
    if (1 + n_fft // 2) * n_mels > MAX_LENGTH:
        raise ParameterError(
            f"(1 + n_fft // 2) * n_mels must be <= MAX_LENGTH = 2**31 (the size of the "
            f"matrix); got n_fft={n_fft}, n_mels={n_mels}"
        )
    fmax = float(sr // 2)
    fmin = check_real("fmin", fmin, low=0, high=fmax, high_open=True)

    def mel(f):
        return 1127.0 * np.log(1.0 + np.asarray(f, dtype=np.float64) / 700.0)

    edges = np.linspace(mel(fmin), mel(fmax), n_mels + 2)
    bins = mel(sr / n_fft * np.arange(1 + n_fft // 2))
    rising = (bins[:, None] - edges[None, :-2]) / np.diff(edges)[None, :-1]
    falling = (edges[None, 2:] - bins[:, None]) / np.diff(edges)[None, 1:]
    return np.maximum(0.0, np.minimum(rising, falling))


# --8<-- [start:kaldi]
def kaldi_fbank(
    y: np.ndarray, *, sr: float = 16000, n_mels: int = 128, window: str = "hann"
) -> np.ndarray:
    """Kaldi-style log mel filter-bank energies, as AST's and SeamlessM4T's feature extractors.

    Parameters
    ----------
    y : np.ndarray, shape (n,)
        Mono samples, `n >= 400`; rounded to float32 first, as the extractors do (so
        at most 3.4e38 in magnitude). AST
        passes samples in [-1, 1]; SeamlessM4T multiplies them by $2^{15}$ first (Kaldi's
        16-bit scale): pass `y * 2**15` to reproduce it.
    sr : float
        Sampling rate in Hz, `>= 42` so that `sr // 2` is above the first band edge
        of 20 Hz (both models: 16000). It places the mel bands (20 Hz to `sr // 2`);
        the frames are 400 samples every 160 whatever `sr` (25 ms every 10 ms at
        16 kHz).
    n_mels : int
        Number of mel bands, in `[1, 257]`: at most one per bin of the 512-point FFT
        (AST: 128, SeamlessM4T: 80).
    window : {"hann", "povey"}
        "hann" (symmetric; AST) or "povey" (Hann to the power 0.85; SeamlessM4T).

    Returns
    -------
    np.ndarray, shape (n_frames, n_mels), float32
        Natural log of the mel energies, `n_frames = 1 + (n - 400) // 160`. Frames are
        rows (Kaldi's and transformers' layout), not columns as in `whisper_log_mel`.

    Raises
    ------
    ParameterError
        `y` shorter than 400 samples or not finite real 1-D, or a bad `sr`, `n_mels` or
        `window`.

    Notes
    -----
    Per frame $x$ of 400 samples (not centred: the first frame starts at sample 0):
    remove its mean (DC offset); pre-emphasis $x[i] \\leftarrow x[i] - 0.97\\,x[i-1]$,
    $x[0] \\leftarrow 0.03\\,x[0]$; multiply by the window; zero-pad to 512 at the end and
    take $|X|^2$; project on `kaldi_mel_filterbank` (triangles in mel space from 20 Hz,
    no normalisation); $\\ln\\max(E, 2^{-23})$. No dither (transformers' default 0).

    This is `ASTFeatureExtractor`'s numpy path (used when torchaudio is not installed)
    and `SeamlessM4TFeatureExtractor._extract_fbank_features`, both following Kaldi's
    `compute-fbank-feats` defaults (Povey et al., "The Kaldi Speech Recognition
    Toolkit", ASRU 2011). Not included: AST's padding to 1024 frames and its scaling
    $(x + 4.27)/(2 \\cdot 4.57)$; SeamlessM4T's per-band normalisation and stacking of
    frame pairs. A gain $g$ adds $2\\ln g$ to every value above the floor. Computed in
    float64; `make crosscheck` finds at most 1e-6 difference from transformers 5.23 for
    AST and 2e-6 for SeamlessM4T (values near 20; transformers rounds the spectrum
    to complex64).

    See the page [What the model sees](../architectures/what-the-model-sees.md).

    Examples
    --------
    >>> from audioml.signals import white_noise
    >>> F = kaldi_fbank(white_noise(duration=1.0, sr=16000, amplitude=0.1, rng=0))
    >>> F.shape, F.dtype
    ((98, 128), dtype('float32'))
    >>> G = kaldi_fbank(2 * white_noise(duration=1.0, sr=16000, amplitude=0.1, rng=0))
    >>> round(float(np.median(G - F)), 4)  # 2 ln 2: the level is in the features
    1.3863
    >>> float((G - F)[:, 3].max())  # AST's empty band 3 stays at the floor
    0.0
    """
    check_choice("window", window, KALDI_WINDOWS)
    sr = check_real("sr", sr, low=2 * _KALDI_FMIN + 2)  # sr // 2 > 20 Hz
    n_mels = check_int("n_mels", n_mels, low=1, high=1 + _KALDI_N_FFT // 2)
    bank = kaldi_mel_filterbank(sr=sr, n_fft=_KALDI_N_FFT, n_mels=n_mels, fmin=_KALDI_FMIN)
    y = _mono(y, min_samples=1).astype(np.float64)
    if y.size < _KALDI_FRAME:
        raise ParameterError(f"y must have at least {_KALDI_FRAME} samples; got {y.size}")
    frames = np.lib.stride_tricks.sliding_window_view(y, _KALDI_FRAME)[::_KALDI_HOP]
    frames = frames - frames.mean(axis=1, keepdims=True)  # remove the DC offset
    emphasised = np.empty_like(frames)
    emphasised[:, 1:] = frames[:, 1:] - _KALDI_PREEMPHASIS * frames[:, :-1]
    emphasised[:, 0] = (1.0 - _KALDI_PREEMPHASIS) * frames[:, 0]
    spectrum = np.fft.rfft(emphasised * kaldi_window(window), n=_KALDI_N_FFT, axis=1)
    energies = (spectrum.real**2 + spectrum.imag**2) @ bank
    return np.log(np.maximum(energies, KALDI_MEL_FLOOR)).astype(np.float32)
    # --8<-- [end:kaldi]


# --8<-- [start:hifigan]
def hifigan_log_mel(
    y: np.ndarray,
    *,
    sr: float = 22050,
    n_fft: int = 1024,
    hop_length: int = 256,
    win_length: int = 1024,
    n_mels: int = 80,
    fmin: float = 0.0,
    fmax: float | None = 8000.0,
) -> np.ndarray:
    """The log-mel spectrogram HiFi-GAN is trained on: natural log of mel magnitudes.

    Parameters
    ----------
    y : np.ndarray, shape (n,)
        Mono samples in [-1, 1], `n > (n_fft - hop_length) // 2` (the reflect padding),
        at most 3.4e38 (float32's largest) in magnitude. HiFi-GAN's training data are
        peak-normalised to 0.95.
    sr : float
        Sampling rate in Hz, `> 0` (HiFi-GAN V1: 22050).
    n_fft : int
        FFT length in samples, in `[2, MAX_LENGTH]` (2**31; V1: 1024).
    hop_length : int
        Samples between frames, `1 <= hop_length <= n_fft` (V1: 256).
    win_length : int
        Periodic Hann window length, `1 <= win_length <= n_fft`, centred in the frame
        (V1: 1024).
    n_mels : int
        Number of mel bands, in `[1, 1 + n_fft // 2]`: at most one per FFT bin, and
        every band must hold a bin (V1: 80).
    fmin : float
        Lowest band edge in Hz, `>= 0` (V1: 0).
    fmax : float or None
        Highest band edge in Hz, `fmin < fmax <= sr / 2`; `None` is `sr / 2`
        (V1: 8000).

    Returns
    -------
    np.ndarray, shape (n_mels, n_frames), float64
        $\\ln\\max(M\\sqrt{|X|^2 + 10^{-9}},\\ 10^{-5})$ with $M$ librosa's Slaney mel
        basis; `n_frames = 1 + (n + 2p - n_fft) // hop_length` with
        `p = (n_fft - hop_length) // 2`.

    Raises
    ------
    ParameterError
        Bad lengths or frequencies, or `y` too short for the reflect padding.

    Notes
    -----
    As `mel_spectrogram` in the HiFi-GAN reference code (`meldataset.py`, Kong et al.,
    "HiFi-GAN", NeurIPS 2020): reflect-pad $(N - H)/2$ samples on both sides, STFT not
    centred, **magnitude** (not power) with $10^{-9}$ under the root, Slaney mel basis,
    **natural** log with floor $10^{-5}$ (about -11.5). The same arithmetic is the
    model's L1 mel loss (weight 45). Other vocoders differ in every one of these
    choices: SpeechT5's HiFi-GAN reads $\\log_{10}$ magnitudes with floor $10^{-10}$
    (80 Hz to 7.6 kHz at 16 kHz), Whisper's front end $\\log_{10}$ *power*. Feeding one
    convention to a model trained on another is a silent error: see the page.
    `make crosscheck` finds at most 7e-13 difference from the reference arithmetic run
    in float64 torch.

    See the page [What the model sees](../architectures/what-the-model-sees.md).

    Examples
    --------
    >>> from audioml.signals import tone
    >>> L = hifigan_log_mel(tone(440, sr=22050, duration=1.0))
    >>> L.shape
    (80, 86)
    >>> round(float(hifigan_log_mel(np.zeros(22050)).max()), 4)  # silence: ln(1e-5)
    -11.5129
    """
    sr = check_real("sr", sr, low=0, low_open=True)
    n_fft = check_length("n_fft", n_fft, low=2)
    hop_length = check_int("hop_length", hop_length, low=1, high=n_fft, high_name="n_fft")
    win_length = check_int("win_length", win_length, low=1, high=n_fft, high_name="n_fft")
    n_mels = check_int("n_mels", n_mels, low=1, high=1 + n_fft // 2)
    fmin = check_real("fmin", fmin, low=0, high=sr / 2, high_open=True, high_name="sr / 2")
    if fmax is not None:
        fmax = check_real(
            "fmax", fmax, low=fmin, low_open=True, high=sr / 2, low_name="fmin", high_name="sr / 2"
        )
    fmax = sr / 2 if fmax is None else fmax
    if is_complex(y):
        raise ParameterError("y must be real; got a complex array")
    y = check_array("y", y, ndim=1, min_size=1, low=-_FLOAT32_MAX, high=_FLOAT32_MAX)
    pad = (n_fft - hop_length) // 2
    if y.size <= pad:
        raise ParameterError(
            f"y must have more than (n_fft - hop_length) // 2 = {pad} samples; got {y.size}"
        )
    padded = np.pad(y, pad, mode="reflect")
    if padded.size < n_fft:
        raise ParameterError(f"y is too short for one frame of n_fft={n_fft}; got {y.size}")
    X = stft(padded, n_fft=n_fft, hop_length=hop_length, win_length=win_length, center=False)
    magnitude = np.sqrt(X.real**2 + X.imag**2 + _HIFIGAN_MAG_EPS)
    basis = _mel_basis(n_mels, sr=sr, n_fft=n_fft, fmin=fmin, fmax=fmax)
    return np.log(np.maximum(basis @ magnitude, _HIFIGAN_FLOOR))
    # --8<-- [end:hifigan]
