"""The two small networks' forward passes in plain numpy (float64), from a dict of weights.

The weight names and shapes are PyTorch's (`audioml.models.train` builds the same
networks with `torch.nn` and exports `state_dict()`), so that each function here is the
line-by-line numpy reading of the module it mirrors; `make crosscheck` proves both give
the same numbers (rtol 1e-5).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

Weights = Mapping[str, np.ndarray]

#: STFT of the setting-1 models (16 kHz): 32 ms Hann window, 8 ms hop.
N_FFT = 512
HOP_LENGTH = 128
#: Floor inside the log of the GRU's features.
LOG_FLOOR = 1e-5
#: Encoder of the TasNet: kernel and stride in samples (2 ms, 1 ms at 16 kHz).
KERNEL = 32
STRIDE = 16
#: gLN's epsilon (as torch.nn.GroupNorm's default).
NORM_EPS = 1e-5


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function, computed without overflow for large |x|."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


# --8<-- [start:gru]
def gru_layer(x: np.ndarray, w: Weights, prefix: str) -> np.ndarray:
    """One `torch.nn.GRU` layer over a sequence: x (T, n_in) -> h (T, n_hidden), h_0 = 0.

    $r = \\sigma(W_{ir}x + b_{ir} + W_{hr}h + b_{hr})$,
    $z = \\sigma(W_{iz}x + b_{iz} + W_{hz}h + b_{hz})$,
    $n = \\tanh(W_{in}x + b_{in} + r \\odot (W_{hn}h + b_{hn}))$,
    $h' = (1 - z) \\odot n + z \\odot h$ (PyTorch's gate order r, z, n).
    """
    w_ih, w_hh = w[f"{prefix}.weight_ih_l0"], w[f"{prefix}.weight_hh_l0"]
    b_ih, b_hh = w[f"{prefix}.bias_ih_l0"], w[f"{prefix}.bias_hh_l0"]
    hidden = w_hh.shape[1]
    gates_x = x @ w_ih.T + b_ih  # all input projections at once: (T, 3H)
    h = np.zeros(hidden)
    out = np.empty((x.shape[0], hidden))
    for t in range(x.shape[0]):  # the recurrence itself is sequential
        gx, gh = gates_x[t], w_hh @ h + b_hh
        r = sigmoid(gx[:hidden] + gh[:hidden])
        z = sigmoid(gx[hidden : 2 * hidden] + gh[hidden : 2 * hidden])
        n = np.tanh(gx[2 * hidden :] + r * gh[2 * hidden :])
        h = (1.0 - z) * n + z * h
        out[t] = h
    return out


def gru_mask(log_magnitude: np.ndarray, w: Weights) -> np.ndarray:
    """Setting 1's network: normalised log-magnitude (T, n_bins) -> mask in (0, 1), (T, n_bins).

    Input layer (linear + tanh), `n_layers` GRU layers, output layer (linear + sigmoid).
    """
    x = (log_magnitude - w["feature_mean"]) / w["feature_std"]
    h = np.tanh(x @ w["inp.weight"].T + w["inp.bias"])
    layer = 0
    while f"gru{layer}.weight_ih_l0" in w:
        h = gru_layer(h, w, f"gru{layer}")
        layer += 1
    return sigmoid(h @ w["out.weight"].T + w["out.bias"])


# --8<-- [end:gru]


# --8<-- [start:tasnet]
def _gln(x: np.ndarray, w: Weights, prefix: str) -> np.ndarray:
    """Global layer norm (`torch.nn.GroupNorm(1, C)`): over all channels and frames."""
    mean, var = x.mean(), x.var()
    gamma, beta = w[f"{prefix}.weight"], w[f"{prefix}.bias"]
    return (x - mean) / np.sqrt(var + NORM_EPS) * gamma[:, None] + beta[:, None]


def _prelu(x: np.ndarray, a: np.ndarray) -> np.ndarray:
    return np.where(x >= 0, x, a.reshape(-1, 1) * x)


def _pointwise(x: np.ndarray, w: Weights, prefix: str) -> np.ndarray:
    """A 1x1 `Conv1d`: (C_in, T) -> (C_out, T)."""
    return w[f"{prefix}.weight"][:, :, 0] @ x + w[f"{prefix}.bias"][:, None]


def _depthwise(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, dilation: int) -> np.ndarray:
    """A depthwise `Conv1d` (groups = channels), kernel 3, 'same' zero padding."""
    padded = np.pad(x, ((0, 0), (dilation, dilation)))
    n = x.shape[1]
    out = bias[:, None] + sum(
        weight[:, 0, k, None] * padded[:, k * dilation : k * dilation + n] for k in range(3)
    )
    return out


def tasnet(waveform: np.ndarray, w: Weights) -> np.ndarray:
    """Setting 3's network: waveform (n,) -> enhanced waveform (n,).

    Learned encoder (`Conv1d(1, N, KERNEL, stride=STRIDE)` + ReLU), a separator of
    dilated depthwise-separable convolution blocks (gLN, PReLU, residual) that outputs
    a sigmoid mask on the encoder's N channels, and a learned decoder
    (`ConvTranspose1d(N, 1, KERNEL, stride=STRIDE)`): the Conv-TasNet recipe, small.
    """
    n = waveform.size
    pad = KERNEL - STRIDE
    n_frames = -(-(n + pad) // STRIDE)  # enough frames to cover every sample
    padded = np.pad(waveform, (pad, (n_frames - 1) * STRIDE + KERNEL - n - pad))
    frames = np.lib.stride_tricks.sliding_window_view(padded, KERNEL)[::STRIDE][:n_frames]
    enc = np.maximum(w["encoder.weight"][:, 0, :] @ frames.T, 0.0)  # (N, T)
    h = _pointwise(_gln(enc, w, "norm"), w, "bottleneck")
    block = 0
    while f"blocks.{block}.inp.weight" in w:
        p = f"blocks.{block}"
        y = _prelu(_pointwise(h, w, f"{p}.inp"), w[f"{p}.act1.weight"])
        y = _gln(y, w, f"{p}.norm1")
        y = _depthwise(y, w[f"{p}.depth.weight"], w[f"{p}.depth.bias"], 2**block)
        y = _gln(_prelu(y, w[f"{p}.act2.weight"]), w, f"{p}.norm2")
        h = h + _pointwise(y, w, f"{p}.out")
        block += 1
    mask = sigmoid(_pointwise(_prelu(h, w["mask_act.weight"]), w, "mask"))
    basis = w["decoder.weight"][:, 0, :]  # (N, KERNEL)
    pieces = (mask * enc).T @ basis  # (T, KERNEL), overlap-added below
    out = np.zeros((n_frames - 1) * STRIDE + KERNEL)
    for k in range(KERNEL // STRIDE):
        chunk = pieces[:, k * STRIDE : (k + 1) * STRIDE].reshape(-1)
        out[k * STRIDE : k * STRIDE + chunk.size] += chunk
    return out[pad : pad + n]


# --8<-- [end:tasnet]


def n_parameters(w: Weights) -> int:
    """Trainable parameters: every array but the fixed feature statistics."""
    return int(sum(v.size for k, v in w.items() if not k.startswith("feature_")))
