"""Small speech-enhancement models for the three settings, run in plain numpy.

Four models, all trained on the same recorded corpus (`audioml.corpus`: two voices, four
kinds of noise, SNRs drawn from [-5, 15] dB) and shipped as weights inside the package:

| name | setting | what it is | parameters |
|---|---|---|---|
| `"ridge"` | 1 | **linear baseline**: ridge, 3 x 5 log-magnitude context -> mask | 4,112 |
| `"gru"` | 1 | two-layer GRU mask estimator on log-magnitude (RNNoise scale) | 264,321 |
| `"fir"` | 3 | **linear baseline**: 401-tap least-squares (Wiener) FIR filter | 401 |
| `"tasnet"` | 3 | small Conv-TasNet: learned encoder/decoder, dilated convs, SI-SDR | 153,361 |

Settings 1 models multiply the noisy STFT (512-point Hann, hop 128) by a mask in [0, 1]
and keep the noisy phase; setting 3 models map waveform to waveform. `make models`
retrains them with PyTorch (`audioml.models.train`, the `train` dependency group); here
only numpy runs (`audioml.models.nn`).

See the pages [Setting 1](../architectures/setting-1.md) and
[Setting 3](../architectures/setting-3.md).
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.signal

from .._validate import check_array, check_choice, check_real
from ..errors import ParameterError
from ..settings import FIRFilter, MaskModel
from ..spectral import istft, stft
from . import nn

__all__ = [
    "MODELS",
    "SR",
    "ModelInfo",
    "available",
    "enhance",
    "info",
    "load_weights",
    "mask",
    "save_weights",
]

#: Sampling rate every model runs at, Hz.
SR = 16000
#: RMS the input is scaled to before a model sees it (the output is scaled back).
INPUT_RMS = 0.1
WEIGHTS = Path(__file__).resolve().parent / "weights"


@dataclass(frozen=True)
class ModelInfo:
    """What a shipped model is.

    Attributes
    ----------
    name : str
        The name `enhance` takes.
    setting : str
        `"1"` (mask on the noisy STFT, noisy phase) or `"3"` (waveform to waveform).
    label : str
        A short description for tables and captions.
    baseline : bool
        True for the linear baselines.
    """

    name: str
    setting: str
    label: str
    baseline: bool


#: The shipped models, in table order.
MODELS = {
    "ridge": ModelInfo("ridge", "1", "ridge mask (linear baseline)", True),
    "gru": ModelInfo("gru", "1", "GRU mask on log-magnitude", False),
    "fir": ModelInfo("fir", "3", "FIR Wiener filter (linear baseline)", True),
    "tasnet": ModelInfo("tasnet", "3", "small Conv-TasNet", False),
}


def available() -> list[str]:
    """The names of the shipped enhancement models, linear baselines included.

    Examples
    --------
    >>> available()
    ['ridge', 'gru', 'fir', 'tasnet']
    """
    return list(MODELS)


def info(model: str) -> ModelInfo:
    """The `ModelInfo` of one model name (`ParameterError` if unknown)."""
    return MODELS[check_choice("model", model, tuple(MODELS))]


# --8<-- [start:weights_io]
def save_weights(path: str | Path, arrays: dict[str, np.ndarray], meta: dict) -> None:
    """Write arrays (as float32) and a JSON header into a byte-reproducible `.npz`.

    `numpy.savez` stamps each member with the current time; here every member gets a
    fixed date, so the same weights give the same bytes (and a clean `git diff`).
    """
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asarray(arrays[name], dtype=np.float32))
            zf.writestr(zipfile.ZipInfo(f"{name}.npy", (2026, 1, 1, 0, 0, 0)), buffer.getvalue())
        meta_bytes = json.dumps(meta, indent=1, sort_keys=True).encode()
        zf.writestr(zipfile.ZipInfo("meta.json", (2026, 1, 1, 0, 0, 0)), meta_bytes)


@lru_cache(maxsize=8)
def _load(path: Path) -> tuple[dict[str, np.ndarray], dict]:
    with zipfile.ZipFile(path) as zf:
        meta = json.loads(zf.read("meta.json"))
        arrays = {
            name.removesuffix(".npy"): np.lib.format.read_array(io.BytesIO(zf.read(name)))
            for name in zf.namelist()
            if name.endswith(".npy")
        }
    # float64 for inference: the numpy forward pass then matches torch's to ~1e-12.
    return {k: v.astype(np.float64) for k, v in arrays.items()}, meta


def load_weights(model: str) -> tuple[dict[str, np.ndarray], dict]:
    """The committed weights of a model (float64 arrays by PyTorch name) and its metadata.

    The metadata holds the training record: steps, batch, seconds, the loss curve.

    Examples
    --------
    >>> weights, meta = load_weights("gru")
    >>> weights["out.weight"].shape, meta["sr"]
    ((257, 128), 16000)
    """
    name = info(model).name
    arrays, meta = _load(WEIGHTS / f"{name}.npz")
    return dict(arrays), dict(meta)


# --8<-- [end:weights_io]


def _stft(x: np.ndarray) -> np.ndarray:
    return stft(x, n_fft=nn.N_FFT, hop_length=nn.HOP_LENGTH)


# --8<-- [start:mask]
def mask(noisy: np.ndarray, *, model: str) -> np.ndarray:
    """The mask a setting-1 model puts on the noisy STFT (16 kHz input, already normalised).

    Parameters
    ----------
    noisy : np.ndarray, shape (n,)
        16 kHz waveform at RMS `INPUT_RMS` (as `enhance` prepares it).
    model : str
        A setting-1 model: `"ridge"` or `"gru"`.

    Returns
    -------
    np.ndarray, shape (257, n_frames)
        Mask in [0, 1] per STFT bin (512-point Hann, hop 128, `center=True`).
    """
    check_choice("model", model, ("ridge", "gru"))
    magnitude = np.abs(_stft(noisy))
    weights, _ = load_weights(model)
    if model == "ridge":
        ridge = MaskModel("linear", weights["weights"], None, nn.N_FFT, nn.HOP_LENGTH)
        return ridge.predict_mask(magnitude)
    return nn.gru_mask(np.log(magnitude + nn.LOG_FLOOR).T, weights).T


# --8<-- [end:mask]


def _run(x: np.ndarray, model: str) -> np.ndarray:
    """A model on a 16 kHz waveform at RMS `INPUT_RMS`."""
    if MODELS[model].setting == "1":
        spectrum = _stft(x)
        return istft(mask(x, model=model) * spectrum, hop_length=nn.HOP_LENGTH, length=x.size)
    weights, _ = load_weights(model)
    if model == "fir":
        return FIRFilter(weights["taps"])(x)
    return nn.tasnet(x, weights)


# --8<-- [start:enhance]
def enhance(noisy: np.ndarray, *, sr: float, model: str) -> np.ndarray:
    """Denoise a speech waveform with one of the shipped models (numpy only).

    Parameters
    ----------
    noisy : np.ndarray, shape (n,)
        Finite samples, `n >= 1`, any level (the models see it scaled to RMS 0.1 and
        the output is scaled back).
    sr : float
        Its sampling rate in Hz: an integer in [4000, 192000]. Other rates than 16 kHz
        are resampled to 16 kHz and back (`scipy.signal.resample_poly`).
    model : str
        One of `available()`.

    Returns
    -------
    np.ndarray, shape (n,)
        The enhanced waveform at `sr`, float64.

    Raises
    ------
    ParameterError
        Unknown `model`; `noisy` empty, not 1-D or not finite; `sr` not an integer in range.

    Notes
    -----
    A silent input gives a silent output. Setting-1 models (`"ridge"`, `"gru"`) keep the
    noisy phase; setting-3 models (`"fir"`, `"tasnet"`) output a waveform directly.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> noisy = np.sin(2 * np.pi * 220 * np.arange(8000) / 8000) + 0.1 * rng.standard_normal(8000)
    >>> enhance(noisy, sr=8000, model="gru").shape
    (8000,)
    """
    check_choice("model", model, tuple(MODELS))
    noisy = check_array("noisy", noisy, ndim=1)
    sr = check_real("sr", sr, low=4000, high=192000)
    if sr != int(sr):
        raise ParameterError(f"sr must be a whole number of Hz in [4000, 192000]; got {sr}")
    sr = int(sr)
    x = noisy
    if sr != SR:
        ratio = Fraction(SR, sr)
        x = scipy.signal.resample_poly(noisy, ratio.numerator, ratio.denominator)
    rms = float(np.sqrt(np.mean(x**2)))
    if rms == 0.0 or x.size == 0:
        return np.zeros_like(noisy)
    y = _run(x * (INPUT_RMS / rms), model) * (rms / INPUT_RMS)
    if sr != SR:
        y = scipy.signal.resample_poly(y, ratio.denominator, ratio.numerator)
        y = np.pad(y, (0, max(0, noisy.size - y.size)))[: noisy.size]
    return y


# --8<-- [end:enhance]
