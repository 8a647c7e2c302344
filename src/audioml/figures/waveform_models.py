"""Figures for the page "Setting 3": the trained waveform models, their training, their filters.

Every number comes from the shipped weights (`audioml.models.load_weights`) and the fixed
test mixtures of `audioml.media.waveform_models`:

- `tasnet_architecture`: what the small Conv-TasNet sees and outputs, stage by stage;
- `waveform_training_curves`: validation SI-SDR improvement of the GRU and the Conv-TasNet
  against steps and seconds, the linear baselines as lines, a dashed extrapolation;
- `tasnet_encoder_filters`: the learned encoder's filters, impulse and magnitude responses;
- `fir_zero_phase`: the FIR baseline's taps and its phase response (essentially zero).
"""

from __future__ import annotations

import functools

import numpy as np
import scipy.signal

from ..corpus import load
from ..losses import si_sdr
from ..media.waveform_models import mixture
from ..models import INPUT_RMS, SR, enhance, load_weights, nn
from ..models.nn import _depthwise, _gln, _pointwise, _prelu, sigmoid
from ..plotting import PALETTE, new_figure
from ..scales import mel_frequencies
from ..spectral import amplitude_to_db
from . import figure

__all__ = [
    "FIT_FRACTION",
    "VALIDATION_BASELINES_DB",
    "crossing",
    "decode",
    "encoder_responses",
    "fir_phase",
    "receptive_field",
    "representation_limits",
    "round_trip_scores",
    "tasnet_stages",
    "trend",
    "validation_baselines",
]

#: The extrapolation fits the last half of each training curve (by steps).
FIT_FRACTION = 0.5
#: Validation SI-SDR improvement (dB) of the linear baselines on the training script's
#: validation set, as `validation_baselines()` computes it (a test checks it, to 0.01 dB);
#: quoted here so the alt text does not rebuild the set at import.
VALIDATION_BASELINES_DB = {"ridge": 1.74, "fir": 1.47}
#: Points of the FFT used for the filters' magnitude responses.
N_RESPONSE = 512
#: Ranks (by peak frequency) of the encoder filters drawn as curves.
SHOWN_RANKS = (2, 10, 18, 26, 34, 42, 50, 58)


# --------------------------------------------------------------------------- numbers


def curve(model: str) -> np.ndarray:
    """The recorded validation curve of a neural model: rows (step, seconds, dB)."""
    return np.asarray(load_weights(model)[1]["val_sisdri"], dtype=float)


def trend(model: str, *, x: str = "seconds", fraction: float = FIT_FRACTION) -> tuple[float, float]:
    """Least-squares line `dB = slope * log2(x) + offset` through the last `fraction` of a curve.

    `x` is `"steps"` or `"seconds"`. Returns `(slope in dB per doubling, offset)`.
    """
    c = curve(model)
    column = {"steps": 0, "seconds": 1}[x]
    keep = c[:, 0] >= (1 - fraction) * c[-1, 0]
    slope, offset = np.polyfit(np.log2(c[keep, column]), c[keep, 2], 1)
    return float(slope), float(offset)


def crossing(*, x: str = "seconds", fraction: float = FIT_FRACTION) -> tuple[float, float]:
    """Where the two extrapolated trends meet: `(x, dB)`; `inf` if they never do."""
    (sg, og), (st, ot) = (
        trend("gru", x=x, fraction=fraction),
        trend("tasnet", x=x, fraction=fraction),
    )
    if st <= sg:
        return float("inf"), float("nan")
    log_x = (og - ot) / (st - sg)
    return float(2**log_x), float(sg * log_x + og)


@functools.cache
def validation_baselines() -> dict[str, float]:
    """SI-SDR improvement (dB) of every model on the training script's validation set.

    The set `audioml.models.train.train` scores every 50 steps: 16 two-second crops of
    training prompts, each mixed with one noise kind of the *test* noise material at an
    SNR drawn from [-5, 15] dB (seeded). Mean SI-SDR of the outputs minus that of the inputs.
    """
    from ..models import train  # numpy only; torch is imported inside train() alone

    data = train.Examples()
    rng = np.random.default_rng([train.SEED, 2])
    pairs = [data.pair(rng, 2 * SR, part="test") for _ in range(16)]
    pairs = [(x.astype(np.float64), s.astype(np.float64)) for x, s in pairs]
    noisy = np.mean([si_sdr(x, s) for x, s in pairs])
    return {
        m: round(
            float(np.mean([si_sdr(enhance(x, sr=SR, model=m), s) for x, s in pairs]) - noisy), 3
        )
        for m in ("ridge", "fir", "gru", "tasnet")
    }


def receptive_field() -> tuple[int, float]:
    """Receptive field of the shipped Conv-TasNet's separator: `(encoder frames, seconds)`."""
    weights, _ = load_weights("tasnet")
    n_blocks = sum(1 for k in weights if k.endswith(".depth.weight"))
    frames = 1 + 2 * sum(2**b for b in range(n_blocks))  # kernel 3 at dilation 2**b
    samples = (frames - 1) * nn.STRIDE + nn.KERNEL
    return frames, samples / SR


def tasnet_stages(waveform: np.ndarray) -> dict[str, np.ndarray]:
    """The shipped Conv-TasNet's intermediate signals for a 16 kHz waveform at RMS 0.1.

    Returns `encoded` (N, T), `mask` (N, T) and `output` (n,): the same arithmetic as
    `audioml.models.nn.tasnet`, kept apart so the figure can show each stage (a test
    checks `output` equals `nn.tasnet`).
    """
    w, _ = load_weights("tasnet")
    n = waveform.size
    pad = nn.KERNEL - nn.STRIDE
    n_frames = -(-(n + pad) // nn.STRIDE)
    padded = np.pad(waveform, (pad, (n_frames - 1) * nn.STRIDE + nn.KERNEL - n - pad))
    frames = np.lib.stride_tricks.sliding_window_view(padded, nn.KERNEL)[:: nn.STRIDE][:n_frames]
    enc = np.maximum(w["encoder.weight"][:, 0, :] @ frames.T, 0.0)
    h = _pointwise(_gln(enc, w, "norm"), w, "bottleneck")
    block = 0
    while f"blocks.{block}.inp.weight" in w:
        p = f"blocks.{block}"
        y = _gln(_prelu(_pointwise(h, w, f"{p}.inp"), w[f"{p}.act1.weight"]), w, f"{p}.norm1")
        y = _depthwise(y, w[f"{p}.depth.weight"], w[f"{p}.depth.bias"], 2**block)
        h = h + _pointwise(_gln(_prelu(y, w[f"{p}.act2.weight"]), w, f"{p}.norm2"), w, f"{p}.out")
        block += 1
    mask = sigmoid(_pointwise(_prelu(h, w["mask_act.weight"]), w, "mask"))
    return {"encoded": enc, "mask": mask, "output": decode(mask * enc, n)}


def decode(representation: np.ndarray, n: int) -> np.ndarray:
    """The shipped Conv-TasNet's decoder: (N, T) encoder-domain frames -> `n` samples.

    Each frame is mapped to `KERNEL` samples through the learned basis and overlap-added
    every `STRIDE` samples (a transposed convolution), then trimmed as `nn.tasnet` does.
    """
    w, _ = load_weights("tasnet")
    pad = nn.KERNEL - nn.STRIDE
    pieces = representation.T @ w["decoder.weight"][:, 0, :]
    out = np.zeros((representation.shape[1] - 1) * nn.STRIDE + nn.KERNEL)
    for k in range(nn.KERNEL // nn.STRIDE):
        chunk = pieces[:, k * nn.STRIDE : (k + 1) * nn.STRIDE].reshape(-1)
        out[k * nn.STRIDE : k * nn.STRIDE + chunk.size] += chunk
    return out[pad : pad + n]


def representation_limits(key: str) -> dict[str, float]:
    r"""SI-SDR (dB) of what the learned encoder/decoder pair allows, on one page mixture.

    `"model"`: the Conv-TasNet's output; `"ratio_mask"`: the noisy encoding times the
    oracle ratio mask $\min(w^{(s)} / w^{(x)}, 1)$ computed from the clean prompt's
    encoding $w^{(s)}$, decoded; `"round_trip"`: the clean prompt's own encoding, decoded
    (what a perfect separator that output the clean encoding would give). `key` is one
    of `audioml.media.waveform_models.MIXTURES`.
    """
    clean, noisy, _ = mixture(key)
    gain = INPUT_RMS / np.sqrt(np.mean(noisy**2))
    x, s = tasnet_stages(noisy * gain), tasnet_stages(clean * gain)
    ratio = np.clip(s["encoded"] / np.maximum(x["encoded"], 1e-12), 0.0, 1.0)
    return {
        "model": si_sdr(x["output"], clean),
        "ratio_mask": si_sdr(decode(ratio * x["encoded"], noisy.size), clean),
        "round_trip": si_sdr(decode(s["encoded"], noisy.size), clean),
    }


def round_trip_scores(group: str, *, n: int = 10) -> list[float]:
    """SI-SDR (dB) of the clean prompt encoded and decoded, no mask, for `n` test prompts.

    `group` is a key of `audioml.models.bench.groups()` (`"held-out prompts"` or
    `"unseen voice"`); the prompts are its first `n`, each at RMS `INPUT_RMS`.
    """
    from ..models.bench import groups

    scores = []
    for utterance in groups()[group][:n]:
        clean = load(utterance)
        encoded = tasnet_stages(clean * INPUT_RMS / np.sqrt(np.mean(clean**2)))["encoded"]
        scores.append(si_sdr(decode(encoded, clean.size), clean))
    return scores


def encoder_responses() -> dict[str, np.ndarray]:
    """The learned encoder's filters sorted by the frequency of their magnitude peak.

    Returns `order` (N,), `impulse` (N, KERNEL), `freqs` (Hz), `magnitude_db` (N, bins,
    each filter's peak at 0 dB) and `peak_hz` (N,), all in sorted order.
    """
    w, _ = load_weights("tasnet")
    filters = w["encoder.weight"][:, 0, :]
    magnitude = np.abs(np.fft.rfft(filters, n=N_RESPONSE, axis=1))
    freqs = np.fft.rfftfreq(N_RESPONSE, 1 / SR)
    peak = freqs[np.argmax(magnitude, axis=1)]
    order = np.lexsort((np.arange(peak.size), peak))
    db = 20 * np.log10(magnitude / magnitude.max(axis=1, keepdims=True) + 1e-12)
    return {
        "order": order,
        "impulse": filters[order],
        "freqs": freqs,
        "magnitude_db": db[order],
        "peak_hz": peak[order],
    }


def fir_phase() -> dict[str, np.ndarray | float]:
    """The FIR baseline's taps and its response relative to its centre tap.

    Returns `lags_ms`, `taps`, `freqs` (Hz), `gain_db`, `phase_deg` (the phase of
    $H(f) e^{i 2 \\pi f J / sr}$, the response of the filter centred on lag 0, where its
    gain is within 40 dB of its peak; NaN elsewhere), `asymmetry` ($\\lVert h - \\tilde
    h\\rVert / \\lVert h \\rVert$ with $\\tilde h$ the time-reversed taps) and
    `max_phase_deg` (the largest |phase| where the gain is within 20 dB of its peak).
    """
    w, _ = load_weights("fir")
    taps = w["taps"]
    half = (taps.size - 1) // 2
    freqs, response = scipy.signal.freqz(taps, worN=1024, fs=SR)
    centred = response * np.exp(2j * np.pi * freqs * half / SR)
    gain_db = 20 * np.log10(np.abs(centred) + 1e-12)
    top = gain_db.max()
    phase = np.degrees(np.angle(centred))
    return {
        "lags_ms": (np.arange(taps.size) - half) / SR * 1000,
        "taps": taps,
        "freqs": freqs,
        "gain_db": gain_db,
        "phase_deg": np.where(gain_db > top - 40, phase, np.nan),
        "asymmetry": float(np.linalg.norm(taps - taps[::-1]) / np.linalg.norm(taps)),
        "max_phase_deg": float(np.abs(phase[gain_db > top - 20]).max()),
    }


# --------------------------------------------------------------------------- figures

_RF_FRAMES, _RF_SECONDS = receptive_field()
_FIR = fir_phase()
_ENCODER = encoder_responses()
_CROSS_S, _CROSS_DB = crossing(x="seconds")
_CROSS_STEPS, _ = crossing(x="steps")
_CROSS_RANGE_S = sorted(crossing(x="seconds", fraction=f)[0] for f in (0.25, 0.5, 0.75))
_N_FILTERS, _KERNEL = _ENCODER["impulse"].shape


def _final(model: str) -> tuple[float, float, float]:
    step, seconds, db = curve(model)[-1]
    return step, seconds, db


def _image(ax, data, x, y, **kw):
    return ax.pcolormesh(x, y, data, shading="nearest", rasterized=True, **kw)


@figure(
    "tasnet_architecture",
    title="What the small Conv-TasNet sees and outputs",
    alt=(
        "Four stacked panels sharing a time axis, for a held-out prompt of the voice carlo "
        "mixed with music at 0 dB SNR. 1: the noisy waveform. 2: the encoder output, "
        f"{_N_FILTERS} learned filters of {_KERNEL} samples (2 ms) every 16 samples (1 ms), "
        "after a ReLU, in dB, with the filters sorted by peak frequency: a speckled, "
        "spectrogram-like image, since each value follows the waveform's phase from one "
        "frame to the next. 3: the mask in [0, 1] that the separator (8 dilated convolution "
        f"blocks, receptive field {_RF_SECONDS:.2f} s) puts on each filter and frame: bright "
        "where the voice is, dark between words. 4: the decoder's output waveform, the "
        "masked representation overlap-added through learned basis signals, drawn over the "
        "clean prompt in grey."
    ),
    caption=(
        "The small Conv-TasNet stage by stage on one test mixture (music, 0 dB): encoder, "
        "mask, decoder. No STFT anywhere: the representation, its mask and the way back to "
        "samples are learned."
    ),
)
def tasnet_architecture():
    clean, noisy, _ = mixture("heldout")
    gain = INPUT_RMS / np.sqrt(np.mean(noisy**2))
    stages = tasnet_stages(noisy * gain)
    order = _ENCODER["order"]
    t = np.arange(noisy.size) / SR
    frames = np.arange(stages["encoded"].shape[1]) * nn.STRIDE / SR
    rows = np.arange(_N_FILTERS)
    fig, axes = new_figure(4, 1, height=7.2, sharex=True)
    axes[0].plot(t, noisy * gain, color=PALETTE["grey"], linewidth=0.5)
    axes[0].set_title("1. input: noisy waveform (music, 0 dB SNR), 16 kHz", loc="left")
    enc_db = amplitude_to_db(
        stages["encoded"][order] + 1e-9, ref=stages["encoded"].max(), top_db=60
    )
    mesh = _image(axes[1], enc_db, frames, rows, cmap="magma", vmin=-60, vmax=0)
    axes[1].set_title(
        f"2. encoder: {_N_FILTERS} learned filters x {_KERNEL} samples (2 ms), hop 1 ms, ReLU",
        loc="left",
    )
    fig.colorbar(mesh, ax=axes[1], label="dB re max", pad=0.01, aspect=12)
    mesh = _image(axes[2], stages["mask"][order], frames, rows, cmap="viridis", vmin=0, vmax=1)
    axes[2].set_title(
        f"3. separator: 8 dilated conv blocks (receptive field {_RF_SECONDS:.2f} s) -> "
        "sigmoid mask",
        loc="left",
    )
    fig.colorbar(mesh, ax=axes[2], label="mask", pad=0.01, aspect=12)
    for ax in axes[1:3]:
        ax.set_ylabel("filter (by peak freq.)")
        ax.grid(False)
    axes[3].plot(t, clean * gain, color="#b0b0b0", linewidth=0.8, label="clean prompt")
    axes[3].plot(t, stages["output"], color=PALETTE["blue"], linewidth=0.5, label="output")
    axes[3].set_title("4. decoder: mask x encoding -> learned basis, overlap-add", loc="left")
    axes[3].legend(loc="upper right", ncols=2)
    axes[3].set_xlabel("time (s)")
    limit = 1.05 * np.abs(noisy * gain).max()
    for ax in (axes[0], axes[3]):
        ax.set_ylabel("amplitude")
        ax.set_ylim(-limit, limit)
        fig.colorbar(mesh, ax=ax, pad=0.01, aspect=12).ax.set_visible(False)  # align widths
    axes[0].set_xlim(0, t[-1])
    return fig


def _alt_curves() -> str:
    g_step, g_s, g_db = _final("gru")
    t_step, t_s, t_db = _final("tasnet")
    lo, _, hi = _CROSS_RANGE_S
    return (
        "Two panels of validation SI-SDR improvement in dB. Left, against training steps: "
        f"the GRU mask rises to {g_db:.1f} dB after {g_step:.0f} steps, the small Conv-TasNet "
        f"to {t_db:.1f} dB after {t_step:.0f} steps; both flatten as the learning rate "
        "schedule ends; grey horizontal lines mark the linear baselines, ridge mask "
        f"{VALIDATION_BASELINES_DB['ridge']:.1f} dB and FIR filter "
        f"{VALIDATION_BASELINES_DB['fir']:.1f} dB. Right, against seconds of training on a "
        f"logarithmic axis: the GRU ends at {g_s:.0f} s, the Conv-TasNet at {t_s:.0f} s; "
        "dashed straight lines fitted to the last half of each curve are extended to the "
        f"right and cross at about {round(_CROSS_S, -2):,.0f} s ({_CROSS_DB:.1f} dB), an "
        f"extrapolation (fits of the last quarter or three quarters give {round(lo, -2):,.0f} "
        f"to {round(hi, -2):,.0f} s)."
    )


@figure(
    "waveform_training_curves",
    format="svg",
    title="Training curves: GRU mask vs small Conv-TasNet",
    alt=_alt_curves(),
    caption=(
        "Validation SI-SDR improvement during training (16 crops of training prompts with "
        "held-out noise material). The Conv-TasNet is still gaining faster when its schedule "
        "ends; the dashed lines are an extrapolation of the last half of each curve, not a "
        "measurement."
    ),
)
def waveform_training_curves():
    fig, (left, right) = new_figure(1, 2, height=3.6, sharey=True)
    colours = {"gru": PALETTE["blue"], "tasnet": PALETTE["vermillion"]}
    labels = {"gru": "GRU mask (setting 1)", "tasnet": "small Conv-TasNet (setting 3)"}
    for model, colour in colours.items():
        c = curve(model)
        left.plot(c[:, 0], c[:, 2], color=colour, label=labels[model])
        right.plot(c[:, 1], c[:, 2], color=colour, label=labels[model])
        slope, offset = trend(model, x="seconds")
        x = np.geomspace(c[len(c) // 2, 1], max(2 * _CROSS_S, 1e4), 50)
        right.plot(x, slope * np.log2(x) + offset, color=colour, linestyle="--", linewidth=1.1)
    for ax in (left, right):
        for name, style in (("ridge", ":"), ("fir", "-.")):
            value = VALIDATION_BASELINES_DB[name]
            label = {"ridge": "ridge mask (linear)", "fir": "FIR filter (linear)"}[name]
            ax.axhline(value, color=PALETTE["grey"], linestyle=style, linewidth=1.0, label=label)
    right.plot([_CROSS_S], [_CROSS_DB], marker="o", color=PALETTE["black"], markersize=4)
    right.annotate(
        f"extrapolated crossing:\n~{round(_CROSS_S, -2):,.0f} s "
        f"({_CROSS_S / 3600:.1f} h), {_CROSS_DB:.1f} dB",
        (_CROSS_S, _CROSS_DB),
        xytext=(1.5e3, 3.2),
        ha="center",
        fontsize=8,
        arrowprops={"arrowstyle": "->", "color": PALETTE["black"], "linewidth": 0.8},
    )
    right.set_xscale("log")
    left.set(xlabel="training step (batch of 8)", ylabel="validation SI-SDRi (dB)", ylim=(-1, 10))
    right.set(xlabel="training time (s, 2 CPU cores, log axis)")
    left.set_title("against steps", loc="left")
    right.set_title("against seconds; dashed: extrapolation", loc="left")
    handles, names = left.get_legend_handles_labels()
    fig.legend(handles, names, loc="outside lower center", ncols=4, fontsize=7.5)
    return fig


def hann_atom_median_db(frequency: float = 2000.0) -> float:
    """Median magnitude (dB re its peak, 0-8 kHz) of an STFT atom as long as an encoder filter.

    The atom is a `KERNEL`-sample Hann window times a cosine at `frequency` Hz: what an
    STFT with a 2 ms window correlates the signal with.
    """
    n = np.arange(nn.KERNEL)
    atom = np.hanning(nn.KERNEL + 2)[1:-1] * np.cos(2 * np.pi * frequency * n / SR)
    magnitude = np.abs(np.fft.rfft(atom, n=N_RESPONSE))
    return float(np.median(20 * np.log10(magnitude / magnitude.max() + 1e-12)))


def _alt_filters() -> str:
    peaks = _ENCODER["peak_hz"]
    below_3k = int(np.sum(peaks < 3000))
    median_db = float(np.median(np.median(_ENCODER["magnitude_db"], axis=1)))
    return (
        f"Three panels about the {_N_FILTERS} filters of the small Conv-TasNet's learned "
        f"encoder ({_KERNEL} samples, 2 ms, each), sorted by the frequency of their magnitude "
        f"peak. Left: {len(SHOWN_RANKS)} of them as curves, irregular wiggles rather than "
        "clean windowed sinusoids, slow for the low ones and fast for the high ones. Middle: "
        "all magnitude responses, 0 to 8 kHz, in dB re each filter's peak: a bright ridge "
        f"climbs from 0 Hz to {peaks.max() / 1000:.1f} kHz, but each filter also passes "
        f"much else (its median level is {median_db:.0f} dB; a 2 ms Hann-windowed STFT atom's "
        f"is {hann_atom_median_db():.0f} dB). Right: the peak frequency against the filter's "
        f"rank: {below_3k} of {_N_FILTERS} peaks lie below 3 kHz, close to {_N_FILTERS} "
        "frequencies equally spaced on the mel scale and far below equal spacing in Hz."
    )


@figure(
    "tasnet_encoder_filters",
    title="What a learned front end learns",
    alt=_alt_filters(),
    caption=(
        "The learned encoder of the small Conv-TasNet: its filters (sorted by peak frequency), "
        "their magnitude responses, and how their peak frequencies are spread compared with "
        "an STFT's uniform bins and a mel scale."
    ),
)
def tasnet_encoder_filters():
    r = _ENCODER
    fig, axes = new_figure(
        1, 3, height=3.6, width=7.0, gridspec_kw={"width_ratios": [0.9, 1.3, 1.1]}
    )
    rows = np.arange(_N_FILTERS)
    lags = np.arange(_KERNEL) / SR * 1000
    for k, rank in enumerate(SHOWN_RANKS):
        h = r["impulse"][rank] / np.abs(r["impulse"][rank]).max()
        axes[0].plot(lags, 2.2 * k + 0.9 * h, color=PALETTE["blue"], linewidth=0.9)
        axes[0].text(lags[-1] + 0.05, 2.2 * k, f"{r['peak_hz'][rank] / 1000:.1f} kHz", fontsize=7,
                     va="center")  # fmt: skip
    axes[0].set(xlabel="time (ms)", yticks=[], xlim=(0, 2.5))
    axes[0].set_title("8 of the filters", loc="left")
    axes[0].spines["left"].set_visible(False)
    axes[0].grid(False)
    keep = r["freqs"] <= SR / 2
    mesh = _image(
        axes[1], r["magnitude_db"][:, keep], r["freqs"][keep] / 1000, rows, vmin=-40, vmax=0
    )
    axes[1].set(xlabel="frequency (kHz)")
    axes[1].set_title("magnitude responses", loc="left")
    fig.colorbar(mesh, ax=axes[1], label="dB re each peak", pad=0.01, aspect=20)
    axes[1].set(ylabel="filter (sorted by peak frequency)")
    axes[1].grid(False)
    ax = axes[2]
    ax.plot(rows, r["peak_hz"] / 1000, color=PALETTE["vermillion"], marker=".", markersize=3,
            linewidth=1.0, label="learned (peak)")  # fmt: skip
    ax.plot(rows, np.linspace(0, SR / 2, _N_FILTERS) / 1000, color=PALETTE["grey"],
            linestyle="--", linewidth=1.0, label="uniform in Hz (STFT)")  # fmt: skip
    ax.plot(rows, mel_frequencies(_N_FILTERS, fmax=SR / 2) / 1000, color=PALETTE["blue"],
            linestyle=":", linewidth=1.2, label="mel scale")  # fmt: skip
    ax.set(xlabel="filter rank", ylabel="frequency (kHz)", ylim=(0, 8))
    ax.set_title("peak frequencies", loc="left")
    ax.legend(loc="upper left", fontsize=7)
    return fig


@figure(
    "fir_zero_phase",
    format="svg",
    title="The FIR baseline is zero-phase",
    alt=(
        "Three panels about the 401-tap least-squares FIR filter, the linear setting-3 "
        "baseline. Left: its taps against the lag from -12.5 to +12.5 ms: a narrow peak at "
        "lag 0 with small ripples, mirror-symmetric (the taps differ from their time reversal "
        f"by {100 * _FIR['asymmetry']:.1f} % of their norm). Middle: its gain in dB, 0 to "
        f"8 kHz: highest ({_FIR['gain_db'].max():.0f} dB) below 1 kHz, near "
        f"{np.median(_FIR['gain_db'][(_FIR['freqs'] > 4000) & (_FIR['freqs'] < 7500)]):.0f} dB "
        "from 4 to 7.5 kHz, cut steeply at 0 Hz and near 8 kHz. Right: its phase "
        "response measured from the centre tap, within "
        f"{_FIR['max_phase_deg']:.1f} degrees of zero wherever the gain is within 20 dB of "
        "its peak: the filter shifts no frequency in time, so its output keeps the noisy "
        "phase."
    ),
    caption=(
        "The FIR Wiener filter scales each frequency and leaves its phase alone: it is a "
        "time-invariant magnitude mask with the noisy phase, a setting-1 model in "
        "disguise."
    ),
)
def fir_zero_phase():
    r = _FIR
    fig, axes = new_figure(1, 3, height=2.8)
    axes[0].plot(r["lags_ms"], r["taps"], color=PALETTE["blue"], linewidth=0.9)
    axes[0].set(xlabel="lag (ms)", ylabel="tap value")
    axes[0].set_title("impulse response", loc="left")
    axes[1].plot(r["freqs"] / 1000, r["gain_db"], color=PALETTE["blue"])
    axes[1].set(
        xlabel="frequency (kHz)",
        ylabel="gain (dB)",
        ylim=(r["gain_db"].max() - 45, r["gain_db"].max() + 3),
    )
    axes[1].set_title("gain", loc="left")
    axes[2].plot(r["freqs"] / 1000, r["phase_deg"], color=PALETTE["vermillion"])
    axes[2].set(
        xlabel="frequency (kHz)",
        ylabel="phase (degrees)",
        ylim=(-180, 180),
        yticks=[-180, -90, 0, 90, 180],
    )
    axes[2].set_title("phase (re centre tap)", loc="left")
    axes[2].text(0.3, 120, f"|phase| <= {r['max_phase_deg']:.1f} deg\nwhere gain > peak - 20 dB",
                 fontsize=7.5)  # fmt: skip
    return fig
