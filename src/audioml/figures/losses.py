"""Figures for the losses chapter: the loss atlas (what each loss is blind to).

Every number comes from `audioml.losses.atlas` (its module notes define the normalised
response); this module only draws.

See the page [The loss catalogue](../losses/catalogue.md).
"""

from __future__ import annotations

import numpy as np

from ..losses.atlas import (
    ATLAS_COLUMNS,
    CURVE_LOSSES,
    CURVES,
    LOSSES,
    PENALTY_ERRORS,
    RATIO_GAINS_DB,
    RESOLUTION_CHANGES,
    RESOLUTION_LOSSES,
    RESOLUTIONS,
    atlas_table,
    curve_table,
    penalty_curves,
    ratio_gain_curves,
    resolution_table,
)
from ..plotting import PALETTE, new_figure
from . import figure

CURVE_STYLE = {
    "L1": (PALETTE["blue"], "-"),
    "ESR": (PALETTE["sky"], "-"),
    "SNR": (PALETTE["green"], "--"),
    "SI-SDR": (PALETTE["black"], "--"),
    "spectral conv.": (PALETTE["orange"], "-"),
    "log STFT mag.": (PALETTE["vermillion"], "-"),
    "mel STFT": (PALETTE["purple"], "-"),
    "multi-res. STFT": (PALETTE["grey"], "-"),
}
#: Colour and dash of each loss of the resolution figure, in `RESOLUTION_LOSSES` order.
RESOLUTION_STYLE = [
    (PALETTE["orange"], "-"),
    (PALETTE["vermillion"], "-"),
    (PALETTE["blue"], "--"),
    (PALETTE["purple"], "-"),
]


def _draw_atlas(ax, table: np.ndarray, title: str, *, show_rows: bool) -> object:
    image = ax.imshow(np.clip(table, 0, 1), cmap="magma_r", vmin=0, vmax=1, aspect="auto")
    for i in range(table.shape[0]):
        for j in range(table.shape[1]):
            value = table[i, j]
            text = f"{value:.2f}" if abs(value) < 10 else f"{value:.0f}"
            colour = "white" if min(max(value, 0), 1) > 0.55 else "#1a1a1a"
            ax.text(j, i, text, ha="center", va="center", fontsize=6.8, color=colour)
    ax.set_xticks(range(len(ATLAS_COLUMNS)), [c[0] for c in ATLAS_COLUMNS], fontsize=7)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(LOSSES)), [row[0] for row in LOSSES])
    ax.tick_params(length=0, labelleft=show_rows)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    for y_line in (3.5, 6.5):  # waveform | ratios | spectral
        ax.axhline(y_line, color="white", linewidth=2.5)
    ax.set_title(title, fontsize=9.5, pad=4)
    return image


@figure(
    "loss_atlas",
    title="Loss atlas: what each loss is blind to",
    alt="Two heat maps, 12 losses (rows) by 6 changes of a reference signal (columns): gain "
    "-6 dB, 1 ms delay, polarity flip, 90 degree phase rotation, white noise at 20 dB SNR and "
    "a 2 kHz low-pass; left for 2 s of male speech, right for a 220 Hz harmonic tone. Each "
    "cell is the loss relative to a useless (white-noise) estimate, or for SNR, SI-SDR and "
    "SD-SDR (30 dB - ratio)/30 floored at 0. The five spectral losses give 0 for the polarity "
    "flip and at most 0.06 for the phase rotation and the delay, where L1, MSE, ESR, "
    "log-cosh and SNR give 0.69 to 2; SI-SDR alone gives 0 for the gain change and the "
    "polarity flip; the log-magnitude and multi-resolution losses react most to the 2 kHz "
    "low-pass on speech (0.79 to 1.13), the waveform losses hardly (0.03 to 0.11).",
    caption="Each cell: how strongly a loss reacts to one change of the reference, as a "
    "fraction of its value for a white-noise estimate (ratios: 0 at 30 dB or more, 1 at "
    "0 dB). Dark = sensitive, light = blind. Spectral losses ignore polarity and phase and "
    "nearly ignore a 1 ms delay that the waveform losses punish as hard as noise.",
)
def loss_atlas():
    fig, axes = new_figure(1, 2, height=4.6)
    image = _draw_atlas(axes[0], atlas_table("speech"), "male speech (2 s)", show_rows=True)
    _draw_atlas(axes[1], atlas_table("tone"), "harmonic tone, 220 Hz (2 s)", show_rows=False)
    bar = fig.colorbar(image, ax=axes, shrink=0.8, pad=0.02)
    bar.set_label("normalised response (0 blind … 1 as bad as noise)", fontsize=7.5)
    bar.ax.tick_params(labelsize=7)
    return fig


@figure(
    "loss_atlas_curves",
    format="svg",
    title="Loss atlas: responses against the strength of each change",
    alt="Five small line plots for 2 s of male speech, one per change: gain from -20 to "
    "+20 dB, delay from 0 to 256 samples, phase rotation from 0 to 180 degrees, added white "
    "noise from 40 to 0 dB SNR and low-pass cut-off from 8 kHz down to 500 Hz. Each shows "
    "the normalised response of 8 losses (L1, ESR, SNR, SI-SDR, spectral convergence, log "
    "STFT magnitude, mel STFT, multi-resolution STFT). SI-SDR stays at 0 across the gain "
    "range; the spectral losses stay near 0 across phase rotations and grow slowly with "
    "delay (below 0.3 at 256 samples), while SNR passes 1 by 8 samples of delay, ESR by "
    "16, and L1 levels off near 0.72; ESR reaches 1 at 90 degrees of rotation.",
    caption="The same normalised response as the atlas (0 blind, 1 as bad as noise) along "
    "each change, for the speech reference. Solid: losses; dashed: ratios (for added noise "
    "SNR and SI-SDR coincide). Note the "
    "logarithmic delay axis: the waveform losses and SNR level off by 16 samples (0.7 ms), "
    "spectral losses grow only as the delay approaches a window length. Curves are cut at 2.",
)
def loss_atlas_curves():
    fig, axes = new_figure(2, 3, height=5.2)
    flat = axes.ravel()
    for ax, (title, kind, strengths, xlabel) in zip(flat, CURVES, strict=False):
        table = curve_table("speech", kind)
        x = np.where(strengths == 0, 0.5, strengths) if kind == "shift" else strengths
        for row, label in zip(table, CURVE_LOSSES, strict=True):
            colour, dash = CURVE_STYLE[label]
            ax.plot(x, row, dash, color=colour, linewidth=1.3, label=label)
        if kind == "shift":
            ax.set_xscale("log", base=2)
            ax.set_xticks([0.5, 1, 4, 16, 64, 256], ["0", "1", "4", "16", "64", "256"])
        if kind in ("noise", "lowpass"):
            ax.invert_xaxis()  # stronger change to the right
        if kind == "lowpass":
            ax.set_xscale("log")
            ax.set_xticks([8000, 4000, 2000, 1000, 500], ["8k", "4k", "2k", "1k", "500"])
            ax.minorticks_off()
        ax.set_ylim(-0.05, 2.05)
        ax.set_title(title, fontsize=9)
        ax.set_xlabel(xlabel, fontsize=8)
        ax.tick_params(labelsize=7)
    for ax in axes[:, 0]:
        ax.set_ylabel("normalised response")
    legend_ax = flat[-1]
    legend_ax.axis("off")
    handles, labels = flat[0].get_legend_handles_labels()
    legend_ax.legend(handles, labels, loc="center", fontsize=8, title="loss")
    return fig


def _penalty_alt() -> str:
    curves = penalty_curves()
    at3 = {k: v[-1] for k, v in curves.items()}
    ratios = ratio_gain_curves()
    mid = RATIO_GAINS_DB.size // 2
    return (
        "Left: the penalty one sample pays for an error e from -3 to 3: L1 |e| is a V, MSE e² "
        f"a parabola ({at3['MSE  e²']:.0f} at e = 3), log-cosh follows e²/2 near 0 and "
        f"|e| - ln 2 / a beyond ({at3['log-cosh, a = 1']:.2f} at e = 3 for a = 1). Right: "
        "SNR, SI-SDR and SD-SDR in dB of male speech with white noise at 20 dB SNR, "
        "multiplied by a gain from -20 to +20 dB. SI-SDR stays at "
        f"{ratios['SI-SDR'][mid]:.1f} dB for every gain; SNR and SD-SDR peak near 0 dB gain "
        f"({ratios['SNR'][mid]:.1f} dB) and fall to {ratios['SNR'][0]:.1f} and "
        f"{ratios['SD-SDR'][0]:.1f} dB at -20 dB gain."
    )


@figure(
    "loss_penalties",
    format="svg",
    title="Waveform penalties and ratio metrics under gain",
    alt=_penalty_alt,
    caption="Left: what one sample's error costs under L1, MSE and log-cosh (computed with "
    "`audioml.losses` on one-sample signals). Right: the three ratio metrics of a noisy "
    "speech estimate as its gain changes: only SI-SDR ignores the gain.",
)
def loss_penalties():
    fig, (left, right) = new_figure(1, 2, height=3.0)
    styles = [
        (PALETTE["blue"], "-"),
        (PALETTE["sky"], "-"),
        (PALETTE["vermillion"], "-"),
        (PALETTE["orange"], "--"),
    ]
    for (label, values), (colour, dash) in zip(penalty_curves().items(), styles, strict=True):
        left.plot(PENALTY_ERRORS, values, dash, color=colour, linewidth=1.5, label=label)
    left.set_ylim(-0.1, 4.1)
    left.set_xlabel("error e = estimate - target")
    left.set_ylabel("penalty of one sample")
    left.legend(fontsize=7.5, loc="upper center")
    left.set_title("waveform losses", fontsize=9.5)
    ratio_styles = {
        "SNR": (PALETTE["green"], "-"),
        "SI-SDR": (PALETTE["black"], "--"),
        "SD-SDR": (PALETTE["purple"], "-"),
    }
    for label, values in ratio_gain_curves().items():
        colour, dash = ratio_styles[label]
        right.plot(RATIO_GAINS_DB, values, dash, color=colour, linewidth=1.5, label=label)
    right.set_xlabel("gain of the estimate (dB)")
    right.set_ylabel("ratio (dB, higher is better)")
    right.legend(fontsize=7.5, loc="lower center")
    right.set_title("ratios: speech + noise at 20 dB SNR", fontsize=9.5)
    return fig


def _resolution_value(change: str, loss: str, n_fft: int) -> float:
    i = [c[1] for c in RESOLUTION_CHANGES].index(change)
    j = [label for label, _ in RESOLUTION_LOSSES].index(loss)
    k = list(RESOLUTIONS).index(n_fft)
    return float(resolution_table()[i, j, k])


def _resolution_text() -> tuple[str, str]:
    """(alt, caption) of `loss_atlas_resolution`, with numbers from `resolution_table`."""

    def v(change: str, loss: str, n_fft: int) -> str:
        return f"{_resolution_value(change, loss, n_fft):.2f}"

    sc, lsm, mel = "spectral conv.", "log STFT mag.", "mel STFT"
    alt = (
        "Four small line plots for 2 s of male speech, one per change (1 ms delay, 90 degree "
        "phase rotation, white noise at 20 dB SNR, 2 kHz low-pass). The x axis is the STFT "
        "size n_fft from 256 to 4096 on a log2 axis (hop n_fft/4, window n_fft); the y axis "
        "is the normalised response (loss over its value for a white-noise estimate at the "
        "same resolution) of spectral convergence, log STFT magnitude, the STFT loss (their "
        "sum) and the mel STFT loss (128 bands, from n_fft 512). The delay costs spectral "
        f"convergence {v('shift', sc, 256)} at 256, {v('shift', sc, 1024)} at 1024 and "
        f"{v('shift', sc, 4096)} at 4096. The phase rotation stays below "
        f"{np.nanmax(resolution_table()[1]):.2f} everywhere. Noise costs log STFT magnitude "
        f"{v('noise', lsm, 256)} at 256 and {v('noise', lsm, 4096)} at 4096. The low-pass "
        f"costs log STFT magnitude {v('lowpass', lsm, 256)} at 256 and "
        f"{v('lowpass', lsm, 4096)} at 4096, mel STFT {v('lowpass', mel, 512)} at 512 and "
        f"{v('lowpass', mel, 4096)} at 4096; spectral convergence stays near "
        f"{v('lowpass', sc, 1024)}."
    )
    caption = (
        "The spectral losses of the atlas at five STFT sizes (hop N/4, window N; normalised "
        "as in the atlas, per resolution; each panel has its own y scale; mel from 512, "
        "where its 128 bands fit). A 1 ms delay costs spectral convergence "
        f"{v('shift', sc, 256)} at n_fft = 256 but {v('shift', sc, 1024)} at 1024 and "
        f"{v('shift', sc, 4096)} at 4096: once the hop is many times the delay, the shift "
        "hides inside a frame. The low-pass goes the other way: log STFT magnitude rises "
        f"from {v('lowpass', lsm, 256)} at 256 to {v('lowpass', lsm, 4096)} at 4096, as "
        "finer bins resolve the emptied band. Multi-resolution STFT (its own three "
        "resolutions) is left out."
    )
    return alt, caption


@figure(
    "loss_atlas_resolution",
    format="svg",
    title="Loss atlas: spectral losses against the STFT resolution",
    alt=lambda: _resolution_text()[0],
    caption=lambda: _resolution_text()[1],
)
def loss_atlas_resolution():
    fig, axes = new_figure(1, 4, height=3.0, sharex=True)
    table = resolution_table()
    for ax, (title, _, _), block in zip(axes, RESOLUTION_CHANGES, table, strict=True):
        for (label, _), (colour, dash), row in zip(
            RESOLUTION_LOSSES, RESOLUTION_STYLE, block, strict=True
        ):
            ax.plot(
                RESOLUTIONS,
                row,
                dash,
                color=colour,
                linewidth=1.4,
                marker="o",
                markersize=3,
                label=label,
            )
        ax.set_xscale("log", base=2)
        ax.set_xticks(RESOLUTIONS, [str(n) for n in RESOLUTIONS], fontsize=6.5)
        ax.minorticks_off()
        ax.set_ylim(0, 1.08 * np.nanmax(block))
        ax.set_title(title, fontsize=8.5)
        ax.set_xlabel("n_fft (hop n_fft/4)", fontsize=7.5)
        ax.tick_params(labelsize=7)
    axes[0].set_ylabel("normalised response")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=4, fontsize=7.5)
    return fig
