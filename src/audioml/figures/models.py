"""Figures of the setting-1 models on recorded speech: the GRU, its training, its masks.

Every number is read from the committed weights (`audioml.models.load_weights`: shapes,
parameter counts, the training record) or computed from the corpus with numpy; the
example utterance and mixture are those of the clips (`audioml.media.models`).
"""

from __future__ import annotations

import functools
import itertools

import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .. import corpus
from ..losses import si_sdr
from ..media.models import CLIP_SNR_DB, example, example_utterance
from ..models import INPUT_RMS, SR, enhance, load_weights, mask, nn
from ..plotting import PALETTE, new_figure
from ..spectral import amplitude_to_db, istft, stft
from . import figure

__all__ = [
    "MASK_NOISE",
    "MASK_SPEAKER",
    "block_parameters",
    "mask_panels",
    "oracle_masks",
    "validation_sisdri",
]

#: The example whose masks `s1_masks` draws: the unseen voice in white noise at 5 dB.
MASK_SPEAKER = corpus.UNSEEN_SPEAKER
MASK_NOISE = "white"
#: Validation steps of the GRU's record whose running mean the training panel draws.
SMOOTH_STEPS = 50


# --- numbers the figures show -------------------------------------------------------


def block_parameters() -> dict[str, int]:
    """Trainable parameters of each block of the GRU mask estimator, in data-flow order."""
    w, _ = load_weights("gru")
    blocks: dict[str, int] = {}
    for key, value in w.items():
        if key.startswith("feature_"):
            continue
        block = key.split(".")[0]
        blocks[block] = blocks.get(block, 0) + value.size
    order = ["inp", *sorted(b for b in blocks if b.startswith("gru")), "out"]
    return {b: blocks[b] for b in order}


@functools.cache
def validation_sisdri(model: str) -> float:
    """SI-SDR improvement (dB) of a model on the training run's fixed validation set.

    The set is the one `audioml.models.train.train` evaluates every 50 steps: 16 crops of
    2 s of the training voices, each with test noise material at an SNR drawn from the
    training range, at RMS `INPUT_RMS`; the improvement is the mean SI-SDR of the outputs
    minus that of the inputs. Plain numpy: it places the ridge baseline on the GRU's
    training curve, and checks the curve's last point (the test does).
    """
    from ..models.train import SEED, Examples

    data = Examples()
    rng = np.random.default_rng([SEED, 2])
    pairs = [data.pair(rng, 2 * SR, part="test") for _ in range(16)]
    noisy = [p[0].astype(np.float64) for p in pairs]
    clean = [p[1].astype(np.float64) for p in pairs]
    before = np.mean([si_sdr(x, s) for x, s in zip(noisy, clean, strict=True)])
    after = np.mean(
        [si_sdr(enhance(x, sr=SR, model=model), s) for x, s in zip(noisy, clean, strict=True)]
    )
    return float(after - before)


# --8<-- [start:oracle_masks]
def oracle_masks(clean: np.ndarray, noisy: np.ndarray) -> dict[str, np.ndarray]:
    """The ideal ratio mask and the phase-sensitive mask (clipped to [0, 1]) of a mixture.

    IRM $= \\sqrt{|S|^2 / (|S|^2 + |N|^2)}$; PSM $= |S|/|X| \\cos(\\theta_S - \\theta_X)
    = \\mathrm{Re}(S X^*) / |X|^2$, with the models' STFT (512-point Hann, hop 128).
    """
    S = stft(clean, n_fft=nn.N_FFT, hop_length=nn.HOP_LENGTH)
    X = stft(noisy, n_fft=nn.N_FFT, hop_length=nn.HOP_LENGTH)
    N, tiny = X - S, 1e-12
    irm = np.sqrt(np.abs(S) ** 2 / (np.abs(S) ** 2 + np.abs(N) ** 2 + tiny))
    psm = np.clip(np.real(S * np.conj(X)) / (np.abs(X) ** 2 + tiny), 0.0, 1.0)
    return {"irm": irm, "psm": psm}


# --8<-- [end:oracle_masks]


@functools.cache
def mask_panels() -> dict[str, tuple[np.ndarray, float]]:
    """The masks of `s1_masks` with the SI-SDR improvement (dB) each gives on the example.

    Keys `irm`, `psm`, `ridge`, `gru`; each value is `(mask (257, n_frames), SI-SDRi)`.
    """
    clean, noisy = example(MASK_SPEAKER, MASK_NOISE)
    g = INPUT_RMS / np.sqrt(np.mean(noisy**2))
    X = stft(noisy, n_fft=nn.N_FFT, hop_length=nn.HOP_LENGTH)
    masks = oracle_masks(clean, noisy)
    masks.update({name: mask(g * noisy, model=name) for name in ("ridge", "gru")})
    base = si_sdr(noisy, clean)
    out = {}
    for key, m in masks.items():
        y = istft(m * X, hop_length=nn.HOP_LENGTH, length=noisy.size)
        out[key] = (m, si_sdr(y, clean) - base)
    return out


# --- the architecture ---------------------------------------------------------------

_ARROW = {"arrowstyle": "-|>", "mutation_scale": 10, "color": "#333333", "linewidth": 1.1}


def _box(ax, x, y, w, h, title, detail, colour):
    ax.add_patch(
        FancyBboxPatch(
            (x, y),
            w,
            h,
            boxstyle="round,pad=0.02,rounding_size=0.08",
            facecolor=colour + "22",
            edgecolor=colour,
            linewidth=1.3,
        )
    )
    ax.text(x + w / 2, y + h * 0.68, title, ha="center", va="center", fontsize=8.2, weight="bold")
    ax.text(x + w / 2, y + h * 0.3, detail, ha="center", va="center", fontsize=7.0, linespacing=1.2)


def _arrow(ax, start, end, **kw):
    ax.add_patch(FancyArrowPatch(start, end, **{**_ARROW, **kw}))


def _alt_architecture() -> str:
    p = block_parameters()
    gru = [v for k, v in p.items() if k.startswith("gru")]
    return (
        "A block diagram in two rows joined at the right. Top row, left to right: the noisy "
        "waveform at 16 kHz; the STFT (512-point Hann window, hop 128 samples, 8 ms), 257 "
        "frequency bins per frame; the log-magnitude log(|X| + 1e-5); normalisation by a "
        "fixed mean and standard deviation per bin. An arrow leads down to the bottom row, "
        "which runs right to left: a linear layer from 257 to 128 values with tanh "
        f"({p['inp']:,} parameters); {len(gru)} GRU layers of 128 units ({gru[0]:,} "
        "parameters each); a linear layer from 128 to 257 values with a sigmoid "
        f"({p['out']:,} parameters), giving a mask between 0 and 1 per bin and frame; the "
        "mask multiplies the noisy STFT, magnitude and phase, which comes straight from the "
        "STFT box along a dashed arrow, and the inverse STFT gives the enhanced waveform. "
        f"{sum(p.values()):,} trainable parameters in all."
    )


@figure(
    "gru_architecture",
    format="svg",
    title="The setting-1 GRU mask estimator",
    alt=_alt_architecture(),
    caption=(
        "What the network sees and outputs: the log-magnitude of the noisy STFT, one frame "
        "of 257 bins every 8 ms, in; a mask in (0, 1) per bin out. The mask multiplies the "
        "noisy STFT, phase included (dashed), and the inverse STFT gives the waveform. Shapes "
        "are per frame; parameter counts are read from the committed weights."
    ),
)
def gru_architecture():
    p = block_parameters()
    gru = [k for k in p if k.startswith("gru")]
    w, _ = load_weights("gru")
    hidden, n_bins = w["inp.weight"].shape
    fig, ax = new_figure(height=2.9)
    ax.set_xlim(0, 9.75)
    ax.set_ylim(-0.45, 4.15)
    ax.axis("off")
    bw, bh, gap = 1.95, 1.25, 0.55
    xs = [0.1 + i * (bw + gap) for i in range(4)]
    top, bottom = 2.8, 0.45
    blue, orange, green, grey = (PALETTE[c] for c in ("blue", "orange", "green", "grey"))
    row1 = [
        ("noisy waveform", f"x[n], {SR // 1000} kHz", grey),
        ("STFT", f"Hann {nn.N_FFT}, hop {nn.HOP_LENGTH}\nX: {n_bins} bins / frame", grey),
        ("log-magnitude", f"log(|X| + {nn.LOG_FLOOR:g})\n{n_bins} values / frame", blue),
        ("normalise", "(· − mean) / std per bin\nfixed, from training data", blue),
    ]
    # The bottom row runs right to left: the network, then the masking.
    row2 = [
        ("linear + tanh", f"{n_bins} → {hidden}\n{p['inp']:,} params", orange),
        (f"{len(gru)} × GRU", f"{hidden} units each\n{len(gru)} × {p[gru[0]]:,} params", orange),
        ("linear + sigmoid", f"{hidden} → {n_bins}: mask M\n{p['out']:,} params", orange),
        ("M · X, then iSTFT", "noisy phase kept\n→ enhanced ŝ[n]", green),
    ]
    for x, (title, detail, colour) in zip(xs, row1, strict=True):
        _box(ax, x, top, bw, bh, title, detail, colour)
    for x, (title, detail, colour) in zip(xs[::-1], row2, strict=True):
        _box(ax, x, bottom, bw, bh, title, detail, colour)
    for a, b in itertools.pairwise(xs):
        _arrow(ax, (a + bw, top + bh / 2), (b, top + bh / 2))
        _arrow(ax, (b, bottom + bh / 2), (a + bw, bottom + bh / 2))
    _arrow(ax, (xs[3] + bw / 2, top), (xs[3] + bw / 2, bottom + bh))
    # The noisy STFT X itself (magnitude and phase) goes to the masking box.
    _arrow(
        ax,
        (xs[1] + bw * 0.3, top),
        (xs[0] + bw * 0.7, bottom + bh),
        linestyle=(0, (3, 2)),
        color=green,
    )
    ax.text(
        xs[1] + bw * 0.05, (top + bottom + bh) / 2, "X: magnitude and phase", fontsize=7.0,
        color=green, ha="left", va="center",
    )  # fmt: skip
    ax.text(
        (xs[1] + xs[3] + bw) / 2, -0.2,
        f"the network (orange): {sum(p.values()):,} trainable parameters",
        ha="center", va="center", fontsize=8.0, color="#1a1a1a",
    )  # fmt: skip
    return fig


# --- the training curve -------------------------------------------------------------


def _running_mean(values: np.ndarray, n: int) -> np.ndarray:
    kernel = np.ones(n) / n
    return np.convolve(values, kernel, mode="valid")


def _alt_training() -> str:
    _, meta = load_weights("gru")
    curve = np.array(meta["val_sisdri"])
    first, last = curve[0], curve[-1]
    steps = meta["steps"]
    return (
        "Two line plots against training step, 0 to "
        f"{steps:,} ({meta['train_seconds'] / 60:.1f} minutes on 2 CPU cores). Left: the "
        "SI-SDR of the GRU's output on its training batches (the negative of the loss), "
        f"a {SMOOTH_STEPS}-step running mean, rising from "
        f"{-np.mean(meta['loss'][:SMOOTH_STEPS]):.1f} dB to "
        f"{-np.mean(meta['loss'][-SMOOTH_STEPS:]):.1f} dB. Right: the SI-SDR improvement on "
        f"a fixed validation set, every {int(curve[1, 0] - curve[0, 0])} steps, from "
        f"{first[2]:+.1f} dB after {int(first[0])} steps to {last[2]:+.1f} dB at the end; a "
        "horizontal line marks the ridge baseline, fitted in closed form, at "
        f"{validation_sisdri('ridge'):+.1f} dB on the same set."
    )


@figure(
    "gru_training_curves",
    format="svg",
    title="Training the GRU mask estimator",
    alt=_alt_training(),
    caption=(
        "The GRU's training record from its committed weights. Left: the training loss "
        "(negative SI-SDR on batches of 8 crops of 1.5 s, SNRs drawn from -5 to 15 dB), shown "
        "as SI-SDR. Right: SI-SDR improvement on 16 fixed validation crops (training voices, "
        "noise material never used in training); the dashed line is the ridge baseline on "
        "the same crops."
    ),
)
def gru_training_curves():
    _, meta = load_weights("gru")
    loss = -np.asarray(meta["loss"])
    curve = np.asarray(meta["val_sisdri"])
    steps = np.arange(1, loss.size + 1)
    fig, (ax_train, ax_val) = new_figure(1, 2, height=2.8)
    ax_train.plot(steps, loss, color=PALETTE["sky"], linewidth=0.5, alpha=0.6, label="per step")
    ax_train.plot(
        steps[SMOOTH_STEPS - 1 :],
        _running_mean(loss, SMOOTH_STEPS),
        color=PALETTE["blue"],
        label=f"{SMOOTH_STEPS}-step mean",
    )
    ax_train.set_ylabel("output SI-SDR (dB)")
    ax_train.set_title("training batches", loc="left", fontsize=9)
    ax_train.legend(loc="lower right")
    ax_val.plot(curve[:, 0], curve[:, 2], color=PALETTE["blue"], marker="o", markersize=2.5)
    ridge = validation_sisdri("ridge")
    ax_val.axhline(ridge, color=PALETTE["vermillion"], linestyle="--", linewidth=1.2)
    ax_val.text(
        curve[-1, 0],
        ridge - 0.25,
        f"ridge baseline {ridge:+.1f} dB",
        color=PALETTE["vermillion"],
        ha="right",
        va="top",
        fontsize=7.5,
    )
    ax_val.text(
        curve[-1, 0],
        curve[-1, 2] + 0.3,
        f"GRU {curve[-1, 2]:+.1f} dB",
        color=PALETTE["blue"],
        ha="right",
        va="bottom",
        fontsize=7.5,
    )
    ax_val.set_ylabel("SI-SDR improvement (dB)")
    ax_val.set_title("validation (held-out noise)", loc="left", fontsize=9)
    ax_val.set_ylim(min(0.0, curve[:, 2].min()) - 0.5, curve[:, 2].max() + 1.2)
    minutes = meta["train_seconds"] / 60
    for ax in (ax_train, ax_val):
        ax.set_xlim(0, loss.size)
        ax.set_xlabel(f"training step ({minutes:.1f} min in all, 2 cores)")
    return fig


# --- the masks ----------------------------------------------------------------------

_MASK_TITLES = {
    "irm": "IRM (oracle)",
    "psm": "PSM, clipped to [0, 1] (oracle)",
    "ridge": "ridge mask (linear baseline)",
    "gru": "GRU mask",
}


def _alt_masks() -> str:
    u = example_utterance(MASK_SPEAKER)
    panels = mask_panels()
    scores = "; ".join(f"{_MASK_TITLES[k]}: {v[1]:+.1f} dB" for k, v in panels.items())
    return (
        "Six images on a shared time axis in seconds and frequency axis 0 to 8 kHz, of the "
        f"prompt {u.file} ({u.duration_s:.1f} s) of the unseen voice, with {MASK_NOISE} noise at "
        f"{CLIP_SNR_DB:g} dB SNR. Top row: the clean and the noisy magnitude spectrograms in "
        "dB (the noise fills every bin of the noisy one). Middle and bottom rows, on one "
        "colour scale from 0 (black) to 1 (bright): the ideal ratio mask and the "
        "phase-sensitive mask, which know the clean speech, then the ridge and the GRU masks "
        "predicted from the noisy input alone. The oracle masks are bright on the harmonics "
        "and the high-frequency bursts of speech and dark elsewhere (median "
        f"{np.median(panels['irm'][0]):.2f} for the IRM); the GRU's mask is bright on the "
        "harmonics below 2 kHz and on the strongest bursts and near 0 between words (median "
        f"{np.median(panels['gru'][0]):.2f}); the ridge mask is a blurred grey almost "
        f"everywhere (median {np.median(panels['ridge'][0]):.2f}), so it lets noise through "
        f"in every bin. SI-SDR improvement each mask gives on this prompt: {scores}."
    )


@figure(
    "s1_masks",
    title="Predicted masks against the ideal ones",
    alt=_alt_masks(),
    caption=(
        "One held-out prompt of the voice no model was trained on, with white noise at 5 dB "
        "SNR. Top: clean and noisy spectrograms (dB re the clean peak). Below, one colour "
        "scale: the two oracle masks (they know the clean speech) and the two setting-1 "
        "models' masks; each panel's title gives the SI-SDR improvement that mask reaches "
        "with the noisy phase. STFT: 512-point Hann, hop 128, 16 kHz."
    ),
)
def s1_masks():
    clean, noisy = example(MASK_SPEAKER, MASK_NOISE)
    geometry = {"n_fft": nn.N_FFT, "hop_length": nn.HOP_LENGTH}
    S, X = np.abs(stft(clean, **geometry)), np.abs(stft(noisy, **geometry))
    n_bins, n_frames = S.shape
    times = (np.arange(n_frames + 1) - 0.5) * nn.HOP_LENGTH / SR
    freqs = np.arange(n_bins + 1) * SR / nn.N_FFT / 1000
    fig, axes = new_figure(3, 2, height=5.8, sharex=True, sharey=True)
    ref = S.max()
    spec = None
    for ax, (title, mag) in zip(axes[0], (("clean speech", S), ("noisy input", X)), strict=True):
        spec = ax.pcolormesh(
            times, freqs, amplitude_to_db(mag, ref=ref, top_db=None), vmin=-80, vmax=0,
            rasterized=True,
        )  # fmt: skip
        ax.set_title(title, loc="left", fontsize=9)
    panels = mask_panels()
    image = None
    for ax, key in zip(axes[1:].ravel(), ("irm", "psm", "ridge", "gru"), strict=True):
        m, gain = panels[key]
        image = ax.pcolormesh(times, freqs, m, vmin=0, vmax=1, cmap="gray", rasterized=True)
        ax.set_title(f"{_MASK_TITLES[key]}: {gain:+.1f} dB", loc="left", fontsize=9)
    for ax in axes.ravel():
        ax.grid(False)
        ax.set_ylim(0, SR / 2000)
    for ax in axes[:, 0]:
        ax.set_ylabel("frequency (kHz)")
    for ax in axes[-1]:
        ax.set_xlabel("time (s)")
    fig.colorbar(spec, ax=axes[0], label="dB re clean peak", shrink=0.9, aspect=15)
    fig.colorbar(image, ax=axes[1:], label="mask value", shrink=0.9, aspect=30)
    return fig
