"""Small speech-enhancement models for the three settings, run in plain numpy.

Four models, all trained on the same recorded corpus (`audioml.corpus`: two voices, four
kinds of noise, SNRs drawn from [-5, 15] dB) and shipped as weights inside the package:

| name | setting | what it is | parameters |
|---|---|---|---|
| `"ridge"` | 1 | **linear baseline**: ridge, 3 x 5 log-magnitude context -> mask | 4,112 |
| `"gru"` | 1 | two-layer GRU mask estimator on log-magnitude (RNNoise scale) | 264,321 |
| `"fir"` | 3 | **linear baseline**: 401-tap least-squares (Wiener) FIR filter | 401 |
| `"tasnet"` | 3 | small Conv-TasNet: learned encoder/decoder, dilated convs, SI-SDR | 153,361 |

Setting-1 models multiply the noisy STFT (512-point Hann, hop 128) by a mask in [0, 1]
and keep the noisy phase; setting 3 models map waveform to waveform. `make models`
retrains them with PyTorch (`audioml.models.train`, the `train` dependency group); here
only numpy runs (`audioml.models.nn`).

See the pages [Setting 1](../architectures/setting-1.md) and
[Setting 3](../architectures/setting-3.md).
"""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.signal

from .._validate import check_array, check_choice, check_real, describe
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
    parameters : int
        Trainable parameters in the committed weights (`nn.n_parameters`; the GRU's
        fixed input statistics are not counted).
    """

    name: str
    setting: str
    label: str
    baseline: bool
    parameters: int


#: The shipped models, in table order.
MODELS = {
    "ridge": ModelInfo("ridge", "1", "ridge mask (linear baseline)", True, 4_112),
    "gru": ModelInfo("gru", "1", "GRU mask on log-magnitude", False, 264_321),
    "fir": ModelInfo("fir", "3", "FIR Wiener filter (linear baseline)", True, 401),
    "tasnet": ModelInfo("tasnet", "3", "small Conv-TasNet", False, 153_361),
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
    """The `ModelInfo` of one model name (`ParameterError` if unknown).

    Parameters
    ----------
    model : str
        One of `available()`.

    Examples
    --------
    >>> info("gru").parameters, info("gru").setting
    (264321, '1')
    """
    return MODELS[check_choice("model", model, tuple(MODELS))]


# --8<-- [start:weights_io]
def save_weights(path: str | Path, arrays: dict[str, np.ndarray], meta: dict) -> None:
    """Write arrays (as float32) and a JSON header into a byte-reproducible `.npz`.

    `numpy.savez` stamps each member with the current time; here every member gets a
    fixed date, so the same weights give the same bytes (and a clean `git diff`).

    Parameters
    ----------
    path : str or pathlib.Path
        The file to write (its folder must exist).
    arrays : dict of str to np.ndarray
        The weights by name (PyTorch's `state_dict()` names); finite numbers.
    meta : dict
        JSON-serialisable metadata (the training record), stored as `meta.json`.

    Raises
    ------
    ParameterError
        `path` is not a path, `arrays` not a dict of named finite arrays, `meta` not a
        JSON-serialisable dict; nothing is written then.
    """
    if not isinstance(path, str | Path) or not str(path).strip():
        raise ParameterError(f"path must be a file path (str or Path); got {describe(path)}")
    if not isinstance(arrays, dict) or not arrays:
        raise ParameterError(
            f"arrays must be a non-empty dict of name -> array; got {describe(arrays)}"
        )
    members = {}
    for name, value in sorted(arrays.items(), key=lambda item: str(item[0])):
        if not isinstance(name, str) or not name:
            raise ParameterError(f"arrays must have non-empty str keys; got {describe(name)}")
        array = check_array(f"arrays[{name!r}]", value, min_size=0)
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, array.astype(np.float32))
        members[f"{name}.npy"] = buffer.getvalue()
    if not isinstance(meta, dict):
        raise ParameterError(f"meta must be a dict (JSON-serialisable); got {describe(meta)}")
    try:
        meta_bytes = json.dumps(meta, indent=1, sort_keys=True, allow_nan=False).encode()
    except (TypeError, ValueError) as error:
        raise ParameterError(f"meta must be JSON-serialisable: {error}") from None
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for member, data in members.items():
            zf.writestr(zipfile.ZipInfo(member, (2026, 1, 1, 0, 0, 0)), data)
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
def mask(noisy: np.ndarray, *, model: str, bandwidth: float | None = None) -> np.ndarray:
    """The mask a setting-1 model puts on the noisy STFT (16 kHz input, already normalised).

    Parameters
    ----------
    noisy : np.ndarray, shape (n,)
        16 kHz waveform at RMS `INPUT_RMS` (as `enhance` prepares it).
    model : str
        A setting-1 model: `"ridge"` or `"gru"`.
    bandwidth : float, optional
        Highest frequency in Hz the input really holds, in (0, 8000] (`None`: 8000, the
        whole band). For the GRU, the bins above it get the training mean as their
        feature (a normalised 0, "nothing known") instead of the log of an empty band,
        which it never saw in training; `enhance` passes `sr / 2` for inputs
        upsampled from `sr < 16000`. The ridge masks each bin from its neighbours only
        and ignores it.

    Returns
    -------
    np.ndarray, shape (257, n_frames)
        Mask in [0, 1] per STFT bin (512-point Hann, hop 128, `center=True`).

    Examples
    --------
    >>> x = 0.1 * np.random.default_rng(0).standard_normal(1600)
    >>> m = mask(x, model="gru")
    >>> m.shape, bool(m.max() <= 1.0)
    ((257, 13), True)
    """
    check_choice("model", model, ("ridge", "gru"))
    if bandwidth is not None:
        bandwidth = check_real("bandwidth", bandwidth, low=0.0, high=SR / 2, low_open=True)
    magnitude = np.abs(_stft(noisy))
    weights, _ = load_weights(model)
    if model == "ridge":
        ridge = MaskModel("linear", weights["weights"], None, nn.N_FFT, nn.HOP_LENGTH)
        return ridge.predict_mask(magnitude)
    features = np.log(magnitude + nn.LOG_FLOOR).T
    if bandwidth is not None:
        first_empty = int(np.floor(bandwidth / (SR / nn.N_FFT))) + 1
        features[:, first_empty:] = weights["feature_mean"][first_empty:]
    return nn.gru_mask(features, weights).T


# --8<-- [end:mask]


def _run(x: np.ndarray, model: str, bandwidth: float | None = None) -> np.ndarray:
    """A model on a 16 kHz waveform at RMS `INPUT_RMS` (band-limited to `bandwidth` Hz)."""
    if MODELS[model].setting == "1":
        spectrum = _stft(x)
        m = mask(x, model=model, bandwidth=bandwidth)
        return istft(m * spectrum, hop_length=nn.HOP_LENGTH, length=x.size)
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
        are resampled to 16 kHz and back (`scipy.signal.resample_poly`); below 16 kHz
        the GRU is told that the band above `sr / 2` is empty (see `mask`).
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

    Warns
    -----
    UserWarning
        `noisy` is shorter than the setting-1 models' window (512 samples at 16 kHz,
        32 ms): most of every STFT frame is padding.

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
    peak = float(np.max(np.abs(x)))
    if peak == 0.0:
        return np.zeros_like(noisy)
    with np.errstate(over="ignore", under="ignore"):
        rms = float(np.sqrt(np.mean(x**2)))
    if 1e-150 < rms < 1e150:
        scale_in, scale_out, x_in = INPUT_RMS / rms, rms / INPUT_RMS, x
    else:  # x**2 would over- or underflow: scale by the peak first
        relative = float(np.sqrt(np.mean((x / peak) ** 2)))
        x_in = x / peak
        scale_in, scale_out = INPUT_RMS / relative, relative / INPUT_RMS * peak
    if x.size < nn.N_FFT and MODELS[model].setting == "1":
        warnings.warn(
            f"noisy is {x.size} samples at 16 kHz, shorter than the {nn.N_FFT}-sample (32 ms) "
            f"window of model={model!r}: most of every STFT frame is padding",
            UserWarning,
            stacklevel=2,
        )
    with warnings.catch_warnings():  # said above, in the caller's terms
        warnings.filterwarnings("ignore", "n_fft=.* is larger than the signal", UserWarning)
        bandwidth = sr / 2 if sr < SR else None  # upsampled: nothing above sr / 2
        y = _run(x_in * scale_in, model, bandwidth) * scale_out
    if sr != SR:
        y = scipy.signal.resample_poly(y, ratio.denominator, ratio.numerator)
        y = np.pad(y, (0, max(0, noisy.size - y.size)))[: noisy.size]
    return y


# --8<-- [end:enhance]
